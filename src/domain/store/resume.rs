//! Resuming a killed run: the recorded picks replayed on a fresh run with the same seed
//! and options, which therefore makes the same draws and lands on the same step.

use super::attempts::Unfinished;
use super::hash::scenario_hash;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::Scenario;
use crate::domain::session::{DecisionRecord, Run, Turn, TypedRecord};
use std::fmt;

/// Why an attempt cannot be resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeError {
    /// The attempt is of another scenario than the one given.
    OtherScenario { attempt: String, given: String },
    /// The scenario file changed since the attempt began: a replay would guess.
    FileChanged {
        scenario: String,
        recorded: String,
        now: String,
    },
    /// Replaying the recorded picks did not give the recorded decisions.
    Diverged { decision: usize, detail: String },
}

impl fmt::Display for ResumeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumeError::OtherScenario { attempt, given } => write!(
                f,
                "the attempt is a run of `{attempt}`, not of `{given}`; resume it with that scenario"
            ),
            ResumeError::FileChanged {
                scenario,
                recorded,
                now,
            } => write!(
                f,
                "the scenario `{scenario}` has changed since the attempt began (its file was {recorded}, it is now {now}), so the same answers may not lead to the same places; the attempt cannot be resumed. Start the scenario again"
            ),
            ResumeError::Diverged { decision, detail } => write!(
                f,
                "replaying the recorded answers does not give the same run at decision {decision}: {detail}; the attempt cannot be resumed (was another rubric in force?). Start the scenario again"
            ),
        }
    }
}

impl std::error::Error for ResumeError {}

/// Replays `attempt`'s decisions on a fresh run of `scenario`, whose file has the bytes
/// `scenario_bytes`, and returns the run at the step where the attempt stopped.
///
/// Each recorded decision must be made at the same step, with the same choice behind the
/// same number, and give the same marks and moods; a recorded hesitation is replayed
/// before its pick, and a typed reply is replayed as the choice it was taken as with the
/// points it was given ([`Run::answer_as`]). A changed file is refused outright rather
/// than guessed at.
pub fn resume<'s>(
    scenario: &'s Scenario,
    scenario_bytes: &[u8],
    rubric: &Rubric,
    attempt: &Unfinished,
) -> Result<Run<'s>, ResumeError> {
    if scenario.id() != attempt.scenario {
        return Err(ResumeError::OtherScenario {
            attempt: attempt.scenario.clone(),
            given: scenario.id().to_owned(),
        });
    }
    let now = scenario_hash(scenario_bytes);
    if now != attempt.scenario_hash {
        return Err(ResumeError::FileChanged {
            scenario: attempt.scenario.clone(),
            recorded: attempt.scenario_hash.clone(),
            now,
        });
    }
    let mut run = Run::start(scenario, rubric, attempt.options());
    for (i, stored) in attempt.decisions.iter().enumerate() {
        replay_misses(&mut run, attempt, i).map_err(|detail| ResumeError::Diverged {
            decision: i + 1,
            detail,
        })?;
        replay(&mut run, &stored.record).map_err(|detail| ResumeError::Diverged {
            decision: i + 1,
            detail,
        })?;
    }
    // The misses at the step the run stopped at: the same count (after the third the
    // numbered choices are offered) and the same hesitation cost.
    let next = attempt.decisions.len();
    replay_misses(&mut run, attempt, next).map_err(|detail| ResumeError::Diverged {
        decision: next + 1,
        detail,
    })?;
    Ok(run)
}

/// What the customer said before each recorded answer of `attempt`, as that trainee heard
/// it: (step, line) in answer order, from a replay with the attempt's seed (which draws
/// the same lines). Refused as [`resume`] refuses.
pub fn heard(
    scenario: &Scenario,
    scenario_bytes: &[u8],
    rubric: &Rubric,
    attempt: &Unfinished,
) -> Result<Vec<(String, String)>, ResumeError> {
    let mut unanswered = attempt.clone();
    unanswered.decisions.clear();
    let mut run = resume(scenario, scenario_bytes, rubric, &unanswered)?;
    let mut lines = Vec::with_capacity(attempt.decisions.len());
    for (i, stored) in attempt.decisions.iter().enumerate() {
        if let Some(turn) = run.turn() {
            lines.push((turn.step_id, turn.say));
        }
        replay(&mut run, &stored.record).map_err(|detail| ResumeError::Diverged {
            decision: i + 1,
            detail,
        })?;
    }
    Ok(lines)
}

/// Counts again the typed replies missed before the decision at place `decision`, each at
/// the step it was given at.
fn replay_misses(run: &mut Run<'_>, attempt: &Unfinished, decision: usize) -> Result<(), String> {
    for m in attempt.misses.iter().filter(|m| m.decision == decision) {
        match run.turn() {
            Some(turn) if turn.step_id == m.step => run.missed(m.kind, &m.reply),
            Some(turn) => {
                return Err(format!(
                    "the run is at `{}`, a missed reply was recorded at `{}`",
                    turn.step_id, m.step
                ));
            }
            None => {
                return Err(format!(
                    "the run had already ended, but a missed reply at `{}` was recorded",
                    m.step
                ));
            }
        }
    }
    Ok(())
}

fn replay(run: &mut Run<'_>, recorded: &DecisionRecord) -> Result<(), String> {
    let Some(turn) = run.turn() else {
        return Err(format!(
            "the run had already ended, but an answer at `{}` was recorded",
            recorded.step
        ));
    };
    if turn.step_id != recorded.step {
        return Err(format!(
            "the run is at `{}`, the answer was recorded at `{}`",
            turn.step_id, recorded.step
        ));
    }
    if recorded.hesitated {
        // A timed step's hesitation, or a typed non-answer's: the same cost.
        run.charge_hesitation();
    }
    // A typed reply is replayed with its recorded points, not scored again: the rubric
    // may have changed since, and the run must go on exactly as it was.
    let typed = recorded
        .typed
        .clone()
        .or_else(|| legacy_typed(&turn, recorded));
    let answered = match &typed {
        Some(typed) => run.answer_as(recorded.number, &typed.reply, &typed.points_map()),
        None => run.choose(recorded.number),
    }
    .map_err(|e| e.to_string())?;
    let mut replayed = DecisionRecord::from(&answered);
    if recorded.typed.is_none() {
        replayed.typed = None;
    }
    if replayed.choice != recorded.choice {
        return Err(format!(
            "number {} is now choice {} of `{}`, it was choice {}",
            recorded.number,
            replayed.choice + 1,
            recorded.step,
            recorded.choice + 1
        ));
    }
    if comparable(replayed) != comparable(recorded.clone()) {
        return Err(format!(
            "the answer at `{}` now scores or moves the customer differently",
            recorded.step
        ));
    }
    Ok(())
}

/// A record with its marks and points in one order: an attempt imported from JSON that a
/// tool rewrote (keys sorted) keeps the same marks in another order.
fn comparable(mut d: DecisionRecord) -> DecisionRecord {
    d.marks.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(typed) = &mut d.typed {
        typed.points.sort_by(|a, b| a.0.cmp(&b.0));
    }
    d
}

/// A typed reply recorded before the store kept replies apart (schema version 1): its
/// `said` is the reply rather than the line of the choice behind its number, and its
/// marks' `earned` are the reply's points. `None` for a chosen decision.
fn legacy_typed(turn: &Turn, recorded: &DecisionRecord) -> Option<TypedRecord> {
    let shown = turn.choices.iter().find(|c| c.number == recorded.number)?;
    (shown.say != recorded.said && !recorded.said.trim().is_empty())
        .then(|| TypedRecord::earned(&recorded.said, &recorded.marks))
}
