//! A run on screen: the briefing and the conversation share this state, the debrief
//! keeps it once the run has ended, and a best-path replay is one more of it.

use crate::domain::rubric::{Rubric, Scored};
use crate::domain::scoring::Dimensions;
use crate::domain::session::{Answered, BestStep, Debrief, Run, Turn, Typed};
use crate::tui::app::reply::Reply;
use crate::tui::app::scroll::Scroller;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Lines the mouse wheel scrolls.
pub const WHEEL_LINES: usize = 3;

/// The time left on a timed step. It only runs while the step is on screen and nothing
/// covers it (help, the quit question, a terminal that is too small).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    pub limit: Duration,
    pub elapsed: Duration,
    last: Option<Instant>,
    pub expired: bool,
}

impl Countdown {
    pub fn new(seconds: u32) -> Countdown {
        Countdown {
            limit: Duration::from_secs(seconds.into()),
            elapsed: Duration::ZERO,
            last: None,
            expired: false,
        }
    }

    /// Whole seconds left, rounded up (so it shows 30 until a full second has gone).
    pub fn seconds_left(&self) -> u64 {
        let left = self.limit.saturating_sub(self.elapsed);
        left.as_secs() + u64::from(left.subsec_nanos() > 0)
    }

    /// Advances to `now`; returns true the one time the limit is reached.
    fn tick(&mut self, now: Instant, paused: bool) -> bool {
        if self.expired {
            return false;
        }
        if let Some(last) = self.last
            && !paused
        {
            self.elapsed += now.saturating_duration_since(last);
        }
        self.last = Some(now);
        if self.elapsed >= self.limit {
            self.expired = true;
            return true;
        }
        false
    }
}

/// Walking the best path after a debrief.
#[derive(Debug)]
pub struct Replay<'a> {
    pub path: Vec<BestStep>,
    /// The debrief to go back to.
    pub back: Box<super::DebriefState<'a>>,
}

pub struct Play<'a> {
    pub run: Run<'a>,
    pub seed: u64,
    /// The decision on screen; `None` once the run has ended.
    pub turn: Option<Turn>,
    /// Index of the selected choice among those shown.
    pub selected: usize,
    /// Lines scrolled up from the latest line of the transcript.
    pub transcript: Scroller,
    /// The briefing's scroll position from its top.
    pub briefing: Scroller,
    /// Coach feedback on the last choice, until dismissed.
    pub feedback: Option<Answered>,
    /// The feedback panel's scroll position from its top, when the feedback does not fit.
    pub feedback_scroll: Scroller,
    pub countdown: Option<Countdown>,
    /// The time limit ran out at the step on screen.
    pub impatient: bool,
    /// A message about the last key (a number that names no choice).
    pub notice: Option<String>,
    pub replay: Option<Replay<'a>>,
    /// The reply being typed, when the run is played by typing (`None`: choosing).
    pub typing: Option<Reply>,
    /// With `feedback`, what a typed reply was taken as and why it scored what it did.
    pub taken: Option<Box<Typed>>,
    /// Coach mode: what the rubric found in the last typed reply, which matched no choice
    /// (when any cue counted), until the next reply is sent.
    pub unmatched: Option<Scored>,
    /// The last typed reply that was not taken, for Up to bring back into the empty box.
    pub refused: Option<String>,
    /// A typed run showing the numbered choices at this step, after too many misses.
    pub offered: bool,
    /// Every answer so far is in the progress store: the attempt began (or was resumed)
    /// and nothing failed to commit since. What the quit question promises rests on it.
    pub recorded: bool,
    /// Coach mode, with `feedback`: the reply shown at that decision that would have
    /// scored better, and what it did (its feedback says why).
    pub better: Option<Answered>,
    /// Trying a decision again: the run whose answer stands, to go back to. A practice
    /// run is never recorded and its answers are never scored.
    pub practice: Option<Box<Play<'a>>>,
    /// A run played on from this decision (1-based) of a debriefed run, as practice: the
    /// answers before it were copied, so it is never recorded.
    pub retried_from: Option<usize>,
}

impl std::fmt::Debug for Play<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Play")
            .field("scenario", &self.run.scenario().id())
            .field("seed", &self.seed)
            .field("turn", &self.turn)
            .field("selected", &self.selected)
            .field("feedback", &self.feedback)
            .field("countdown", &self.countdown)
            .finish_non_exhaustive()
    }
}

impl<'a> Play<'a> {
    pub fn new(run: Run<'a>, seed: u64) -> Play<'a> {
        let turn = run.turn();
        Play {
            run,
            seed,
            turn,
            selected: 0,
            transcript: Scroller::default(),
            briefing: Scroller::default(),
            feedback: None,
            feedback_scroll: Scroller::default(),
            countdown: None,
            impatient: false,
            notice: None,
            replay: None,
            typing: None,
            taken: None,
            unmatched: None,
            refused: None,
            offered: false,
            recorded: false,
            better: None,
            practice: None,
            retried_from: None,
        }
    }

    /// True while trying a decision again (practice, not scored).
    pub fn practising(&self) -> bool {
        self.practice.is_some()
    }

    /// Shows the turn the run is at: selection on the first choice (or on the best one in
    /// a replay), the transcript at its latest line, the countdown from the top.
    pub fn show_turn(&mut self) {
        self.turn = self.run.turn();
        self.selected = self.replay_choice().unwrap_or(0);
        self.transcript.to_start();
        self.impatient = false;
        self.countdown = match (&self.turn, &self.replay) {
            (Some(turn), None) => turn.time_limit.map(Countdown::new),
            _ => None,
        };
    }

    /// Coach feedback on `answered`, from its top, with the countdown stopped.
    pub fn show_feedback(&mut self, answered: Answered) {
        self.feedback = Some(answered);
        self.feedback_scroll = Scroller::default();
        self.countdown = None;
    }

    pub fn choice_count(&self) -> usize {
        self.turn.as_ref().map_or(0, |t| t.choices.len())
    }

    pub fn move_selection(&mut self, delta: isize) {
        let count = self.choice_count();
        if count > 0 {
            self.selected = self.selected.saturating_add_signed(delta).min(count - 1);
        }
    }

    /// Says the choice shown as `number` (the conversation moving as the choice `follow`
    /// would move it, when given); the answer, or `None` when no choice has it.
    pub fn say(&mut self, number: usize, follow: Option<usize>) -> Option<Answered> {
        self.notice = None;
        let said = match follow {
            Some(follow) => self.run.choose_following(number, follow),
            None => self.run.choose(number),
        };
        match said {
            Ok(answered) => {
                // Choices offered after misses: the next step is typed again.
                if std::mem::take(&mut self.offered) {
                    self.typing = Some(Reply::default());
                    self.refused = None;
                }
                Some(answered)
            }
            Err(e) => {
                self.notice = Some(e.to_string());
                None
            }
        }
    }

    /// Advances the countdown; hesitates once when it runs out.
    pub fn tick(&mut self, now: Instant, paused: bool) {
        if self.feedback.is_some() || self.replay.is_some() || self.turn.is_none() {
            return;
        }
        if let Some(countdown) = &mut self.countdown
            && countdown.tick(now, paused)
            && self.run.hesitate()
        {
            self.impatient = true;
        }
    }

    /// In a replay, the index (among those shown) of the best path's next choice; `None`
    /// when not replaying, at the end, or when the run has left the best path.
    pub fn replay_choice(&self) -> Option<usize> {
        let replay = self.replay.as_ref()?;
        let turn = self.turn.as_ref()?;
        let best = replay.path.get(self.run.decisions().len())?;
        if best.step_id != turn.step_id {
            return None;
        }
        turn.choices
            .iter()
            .position(|c| c.step_choice == best.choice)
    }

    /// The debrief of the finished run.
    pub fn debrief(&self) -> Option<Debrief> {
        self.run.debrief()
    }
}

/// `run` rebuilt from its start with the same options (so the same draws) and its first
/// `upto` answers given again as they were (a hesitation, then the same number; a typed
/// reply with the points it was given), standing at the decision after them. `None` when
/// an answer does not land where it did (only a scenario changed under the run can).
pub fn rebuild<'a>(run: &Run<'a>, rubric: &Rubric, upto: usize) -> Option<Run<'a>> {
    let answers = run.decisions();
    // A preview started in a state (a step, flags, a mood) starts there again.
    let mut again = Run::start_from(run.scenario(), rubric, run.options().clone(), run.begun());
    for a in answers.iter().take(upto) {
        if again.turn()?.step_id != a.step_id {
            return None;
        }
        if a.hesitated {
            again.hesitate();
        }
        let given = match &a.reply {
            Some(reply) => {
                let points: BTreeMap<String, i64> = a
                    .marks
                    .iter()
                    .map(|m| (m.dimension.clone(), m.mark.earned))
                    .collect();
                again.answer_as(a.number, reply, &points)
            }
            None => again.choose(a.number),
        }
        .ok()?;
        if given.step_choice != a.step_choice {
            return None;
        }
    }
    Some(again)
}

/// How much of the best shown `answered` left on the table, each dimension's shortfall
/// as a share of its range at the decision, weighted as the scenario weighs it.
fn shortfall(answered: &Answered, weights: &[f64]) -> f64 {
    answered
        .marks
        .iter()
        .zip(weights)
        .filter(|(m, _)| m.mark.best > m.mark.worst)
        .map(|(m, w)| {
            w * (m.mark.best - m.mark.earned) as f64 / (m.mark.best - m.mark.worst) as f64
        })
        .sum()
}

/// The reply shown at the decision of `run`'s answer number `index` (0-based) that would
/// have scored best, as that answer's alternative: `None` when the answer given was
/// already as good as any shown.
pub fn better_reply(run: &Run<'_>, rubric: &Rubric, index: usize) -> Option<Answered> {
    let given = run.decisions().get(index)?;
    let weights = Dimensions::for_scenario(rubric, run.scenario()).weights;
    let before = rebuild(run, rubric, index)?;
    let turn = before.turn()?;
    let mut best: Option<(f64, Answered)> = None;
    for shown in &turn.choices {
        let mut trial = rebuild(run, rubric, index)?;
        if given.hesitated {
            trial.hesitate();
        }
        let Ok(answered) = trial.choose(shown.number) else {
            continue;
        };
        let loss = shortfall(&answered, &weights);
        if best.as_ref().is_none_or(|(l, _)| loss < *l) {
            best = Some((loss, answered));
        }
    }
    let (loss, answered) = best?;
    (loss + 1e-9 < shortfall(given, &weights)).then_some(answered)
}
