//! A run on screen: the briefing and the conversation share this state, the debrief
//! keeps it once the run has ended, and a best-path replay is one more of it.

use crate::domain::rubric::Scored;
use crate::domain::session::{Answered, BestStep, Debrief, Run, Turn, Typed};
use crate::tui::app::reply::Reply;
use crate::tui::app::scroll::Scroller;
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
    /// Every answer so far is in the progress store: the attempt began (or was resumed)
    /// and nothing failed to commit since. What the quit question promises rests on it.
    pub recorded: bool,
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
            recorded: false,
        }
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
            Ok(answered) => Some(answered),
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
