//! A run of one scenario: the state machine the TUI and plain mode drive, the seeded
//! draws that make a run repeatable, and the record and debrief a finished run leaves.

mod debrief;
mod draw;
mod free_text;
mod mood;
mod replay;
mod result;
mod run;
mod start;

pub use debrief::{
    BestPathReview, BestStep, Blocker, CriticalError, Debrief, DecisionReview, DimensionCost,
    DimensionScore, Tip, excerpt,
};
pub use draw::{Draws, fill};
pub use free_text::{
    CLARIFY, CLEAR_MARGIN, ECHO_SHARE, ECHOED, FreeAnswer, MATCH_THRESHOLD, MAX_REPLY_CHARS,
    MIN_SHARED, MISSES_BEFORE_CHOICES, Marking, Miss, NON_ANSWER, NOT_RECORDED, PointHit, REPEATED,
    SAY_MORE, TACTIC_BONUS, TakenAs, Typed, TypedPoints, Verdict, manner_move,
};
pub use mood::MoodBand;
pub use replay::{Replayed, Stop, replay};
pub(crate) use result::ordered_map;
pub use result::{CriticalRecord, DecisionRecord, MarkRecord, RunResult, TypedRecord, round1};
pub use run::{
    Answered, ChooseError, DimensionMark, Line, Mode, Run, RunOptions, ShownChoice, Turn,
};
pub use start::{Start, StartError};

#[cfg(test)]
mod replay_tests;
#[cfg(test)]
mod tests;
