//! The live preview's place across a reload (`play FILE --watch`): what the run on screen
//! is (its options, the state it began in, every answer, and which screen shows it) is
//! kept as owned data while the app of the old file goes, then given again on the new
//! file by the session's replay, on the same screen. Where the replay stops, the footer
//! says where and why.

use super::{App, DebriefState, Play, Reply, Screen};
use crate::domain::scenario::Scenario;
use crate::domain::session::{Answered, RunOptions, Start, Stop, replay};
use crate::tui::text;

/// Which screen the run was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Briefing,
    /// The conversation; `true` while coach feedback on the last answer was up.
    Conversation(bool),
    Debrief,
}

/// A run on screen, in owned data: enough to give it again on a new version of its file.
#[derive(Debug, Clone)]
pub struct Place {
    /// The version it was played on, to find its answers' choices in the new one.
    scenario: Scenario,
    options: RunOptions,
    seed: u64,
    begun: Start,
    answers: Vec<Answered>,
    shown: Shown,
    /// The reply being typed, as it stood (text and cursor).
    typing: Option<Reply>,
    /// The time ran out (or a typed non-answer cost the mood) at the step on screen.
    hesitated: bool,
}

impl<'a> App<'a> {
    /// The run on screen (briefing, conversation or debrief), as a place to come back to.
    pub fn place(&self) -> Option<Place> {
        let (play, shown): (&Play, Shown) = match &self.screen {
            Screen::Briefing(play) => (play, Shown::Briefing),
            Screen::Conversation(play) => (play, Shown::Conversation(play.feedback.is_some())),
            Screen::Debrief(state) if state.history.is_none() => (&state.play, Shown::Debrief),
            _ => return None,
        };
        let run = &play.run;
        Some(Place {
            scenario: run.scenario().clone(),
            options: run.options().clone(),
            seed: play.seed,
            begun: run.begun().clone(),
            answers: run.decisions().to_vec(),
            shown,
            typing: play.typing.clone(),
            hesitated: run.hesitated(),
        })
    }

    /// Gives `place` again on `scenario` (a new version of its file) and shows it where
    /// it was: the briefing, the conversation at the same decision (with the last
    /// answer's feedback when it was up), or the debrief of the whole run. The footer says
    /// where the replay stopped and why, when it did. Returns why it stopped.
    pub fn restore(&mut self, scenario: &'a Scenario, place: Place) -> Option<Stop> {
        let replayed = replay(
            scenario,
            self.rubric,
            &place.scenario,
            place.options,
            &place.begun,
            &place.answers,
        );
        let stop = replayed.stop;
        let mut play = Box::new(Play::new(replayed.run, place.seed));
        // The reply being typed stays while the run is back at the same decision.
        play.typing = place.typing.map(|reply| {
            if stop.is_none() {
                reply
            } else {
                Reply::default()
            }
        });
        let kept = play.run.decisions().len();
        self.overlay = None;
        self.screen = match place.shown {
            Shown::Briefing if kept == 0 => Screen::Briefing(play),
            Shown::Debrief if stop.is_none() && play.run.is_over() => match play.debrief() {
                Some(debrief) => Screen::Debrief(Box::new(DebriefState::new(play, debrief))),
                None => Screen::Conversation(play),
            },
            shown => {
                play.show_turn();
                let feedback = shown == Shown::Conversation(true) || play.run.is_over();
                if feedback
                    && stop.is_none()
                    && let Some(last) = play.run.decisions().last().cloned()
                {
                    play.show_feedback(last);
                }
                Screen::Conversation(play)
            }
        };
        // A hesitation at the decision on screen is not undone by a save.
        if let Screen::Conversation(play) = &mut self.screen
            && stop.is_none()
            && place.hesitated
            && play.feedback.is_none()
            && play.run.charge_hesitation()
        {
            play.impatient = play.turn.as_ref().is_some_and(|t| t.time_limit.is_some());
            play.countdown = None;
        }
        let of = place.answers.len();
        match (&stop, &mut self.screen) {
            // Where it stopped and why stays by the choices until the next answer.
            (Some(stop), Screen::Conversation(play)) if play.turn.is_some() => {
                play.notice = Some(text::watch_stopped_here(&stop.to_string()));
                self.hint = Some(text::watch_stopped(kept, of));
            }
            (Some(stop), _) => {
                self.hint = Some(format!("{} {}.", text::watch_stopped(kept, of), stop));
            }
            (None, _) => self.hint = Some(text::watch_replayed(kept)),
        }
        stop
    }
}
