//! Replaying a run on a new version of its scenario: a trainer's live preview (`play
//! --watch`) keeps its place across a save. The new run has the old one's options (so the
//! same seed: the same customer, and the same draws wherever the file's variants did not
//! change) and begins in the same state ([`Start`]); then each answer is given again. An
//! answer is found in the new file by the step it was given at and the choice it took,
//! matched as `frontline diff` matches choices: by what it says, else (a reworded one) by
//! its place. A recorded hesitation is charged again; a typed reply is given again as the
//! choice it was taken as, with the points it earned (clamped into the new choice's
//! range), as a resumed run does. The replay stops at the first answer that no longer
//! fits (its step or its choice is gone or hidden, or the run now goes elsewhere) and
//! says which and why; everything before it stands, scored as the new file scores it.

use super::run::{Answered, Run, RunOptions};
use super::start::Start;
use crate::domain::diff::matched_choices;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Scenario, Step};
use std::collections::BTreeMap;
use std::fmt;

/// A run replayed on a new version of its scenario.
pub struct Replayed<'s> {
    pub run: Run<'s>,
    /// Why the replay stopped before the last answer; `None`: every answer was given again.
    pub stop: Option<Stop>,
}

/// Where and why a replay stopped. `decision` is 1-based, in the order answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The step the run began at is gone: it begins at the scenario's start.
    StartGone { step: String },
    /// The run now ends before this answer.
    Ended {
        decision: usize,
        step: String,
        ending: String,
    },
    /// The step the answer was given at is gone.
    StepGone { decision: usize, step: String },
    /// The run now reaches another step than the one the answer was given at.
    Elsewhere {
        decision: usize,
        was: String,
        now: String,
    },
    /// The choice answered is gone from its step.
    ChoiceGone {
        decision: usize,
        step: String,
        said: String,
    },
    /// The choice answered is still there but not shown now (`requires` or `unless`).
    ChoiceHidden {
        decision: usize,
        step: String,
        said: String,
    },
    /// The new file sends the answer nowhere (only an unchecked file can).
    Failed {
        decision: usize,
        step: String,
        detail: String,
    },
}

impl Stop {
    /// The answer (1-based) the replay stopped at: those before it stand.
    pub fn decision(&self) -> usize {
        match self {
            Stop::StartGone { .. } => 1,
            Stop::Ended { decision, .. }
            | Stop::StepGone { decision, .. }
            | Stop::Elsewhere { decision, .. }
            | Stop::ChoiceGone { decision, .. }
            | Stop::ChoiceHidden { decision, .. }
            | Stop::Failed { decision, .. } => *decision,
        }
    }
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::StartGone { step } => write!(
                f,
                "the step `{step}` the preview began at is gone, so it begins at the start"
            ),
            Stop::Ended {
                decision,
                step,
                ending,
            } => write!(
                f,
                "the run now ends at `{ending}` before answer {decision}, given at `{step}`"
            ),
            Stop::StepGone { decision, step } => {
                write!(f, "answer {decision} was given at `{step}`, which is gone")
            }
            Stop::Elsewhere { decision, was, now } => write!(
                f,
                "answer {decision} was given at `{was}`; the run now goes to `{now}`"
            ),
            Stop::ChoiceGone {
                decision,
                step,
                said,
            } => write!(
                f,
                "answer {decision}'s choice at `{step}` is gone (\"{}\")",
                super::excerpt(said, 40)
            ),
            Stop::ChoiceHidden {
                decision,
                step,
                said,
            } => write!(
                f,
                "answer {decision}'s choice at `{step}` is hidden now by its requires or unless (\"{}\")",
                super::excerpt(said, 40)
            ),
            Stop::Failed {
                decision,
                step,
                detail,
            } => write!(f, "answer {decision} at `{step}`: {detail}"),
        }
    }
}

/// Gives `answers` (a run of `old`, begun in `start` with `options`) again on `new`.
pub fn replay<'s>(
    new: &'s Scenario,
    rubric: &Rubric,
    old: &Scenario,
    options: RunOptions,
    start: &Start,
    answers: &[Answered],
) -> Replayed<'s> {
    let mut run = Run::start_from(new, rubric, options, start);
    if let Some(step) = &start.step
        && step_of(new, step).is_none()
    {
        let stop = Stop::StartGone { step: step.clone() };
        return Replayed {
            run,
            stop: Some(stop),
        };
    }
    for (i, answer) in answers.iter().enumerate() {
        if let Err(stop) = give(&mut run, old, new, i + 1, answer) {
            return Replayed {
                run,
                stop: Some(stop),
            };
        }
    }
    Replayed { run, stop: None }
}

fn step_of<'s>(scenario: &'s Scenario, id: &str) -> Option<&'s Step> {
    scenario.steps.iter().find(|s| s.id.get_ref() == id)
}

/// Gives one answer again, or says why it cannot be.
fn give(
    run: &mut Run<'_>,
    old: &Scenario,
    new: &Scenario,
    decision: usize,
    answer: &Answered,
) -> Result<(), Stop> {
    let step = answer.step_id.clone();
    let Some(turn) = run.turn() else {
        return Err(Stop::Ended {
            decision,
            step,
            ending: run.position().unwrap_or_default().to_owned(),
        });
    };
    let Some(new_step) = step_of(new, &step) else {
        return Err(Stop::StepGone { decision, step });
    };
    if turn.step_id != step {
        return Err(Stop::Elsewhere {
            decision,
            was: step,
            now: turn.step_id,
        });
    }
    let said = answer.said.clone();
    let choice = step_of(old, &step).and_then(|old_step| {
        matched_choices(old_step, new_step)
            .iter()
            .position(|&m| m == Some(answer.step_choice))
    });
    let Some(choice) = choice else {
        return Err(Stop::ChoiceGone {
            decision,
            step,
            said,
        });
    };
    let Some(shown) = turn.choices.iter().find(|c| c.step_choice == choice) else {
        return Err(Stop::ChoiceHidden {
            decision,
            step,
            said,
        });
    };
    if answer.hesitated {
        run.charge_hesitation();
    }
    let given = match &answer.reply {
        Some(reply) => {
            let points: BTreeMap<String, i64> = answer
                .marks
                .iter()
                .map(|m| (m.dimension.clone(), m.mark.earned))
                .collect();
            run.answer_as(shown.number, reply, &points)
        }
        None => run.choose(shown.number),
    };
    given.map(|_| ()).map_err(|e| Stop::Failed {
        decision,
        step,
        detail: e.to_string(),
    })
}
