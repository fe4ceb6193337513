//! Together pace: the room plays one conversation, decision by decision, at the
//! trainer's pace.
//!
//! The trainer opens a decision; each trainee answers it (their answer is held, and they
//! see that the class is waiting); the trainer reveals; every trainee's answer is then
//! committed as their own (their marks and feedback), and every run moves on as the
//! room's choice moves it: the choice most of the room made, a tie going to the
//! better-scoring choice, or the one the trainer picks instead. A trainee who joins late
//! or comes back catches up along the same path, answering the decisions already revealed
//! at their own speed.

use crate::class::room::{Room, choice_points};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::Scenario;
use crate::domain::session::Run;
use crate::domain::store::StoredAttempt;
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

/// Where the shared conversation is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// No decision open; `revealed` decisions have been played.
    Closed { revealed: usize },
    /// Decision `number` (1-based) is open for answers.
    Open { number: usize, answered: usize },
    /// Decision `number`, at `step`, is revealed; the room went on along `follow` (the
    /// choice's index as authored).
    Revealed {
        number: usize,
        step: String,
        follow: usize,
    },
}

#[derive(Debug, Default)]
struct Inner {
    /// The decision open or last revealed (1-based); 0 before the first.
    number: usize,
    open: bool,
    /// The shared conversation so far: each revealed decision's step and the choice the
    /// room went on along.
    path: Vec<(String, usize)>,
    /// For each revealed decision, how many took each choice (authored order).
    counts: Vec<Vec<u64>>,
    /// Answers to the open decision: trainee to (step, choice as authored).
    answers: BTreeMap<String, (String, usize)>,
    /// The open decision's step, as the trainees' runs show it.
    step: Option<String>,
}

/// The shared conversation of a class in together pace.
#[derive(Debug, Default)]
pub struct Together {
    inner: Mutex<Inner>,
}

impl Together {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn phase(&self) -> Phase {
        let inner = self.lock();
        if inner.open {
            return Phase::Open {
                number: inner.number,
                answered: inner.answers.len(),
            };
        }
        match inner.path.last() {
            Some((step, follow)) if inner.number == inner.path.len() => Phase::Revealed {
                number: inner.number,
                step: step.clone(),
                follow: *follow,
            },
            _ => Phase::Closed {
                revealed: inner.path.len(),
            },
        }
    }

    /// The trainees who answered the open decision.
    pub fn answered(&self) -> HashSet<String> {
        self.lock().answers.keys().cloned().collect()
    }

    /// The revealed decisions: step and the choice the room went on along.
    pub fn path(&self) -> Vec<(String, usize)> {
        self.lock().path.clone()
    }

    /// The choice decision `number` went on along, once revealed.
    pub fn follow_for(&self, number: usize) -> Option<usize> {
        let inner = self.lock();
        number
            .checked_sub(1)
            .and_then(|i| inner.path.get(i))
            .map(|(_, f)| *f)
    }

    /// How many took each choice (authored order) of revealed decision `number`.
    pub fn counts_for(&self, number: usize) -> Vec<u64> {
        let inner = self.lock();
        number
            .checked_sub(1)
            .and_then(|i| inner.counts.get(i))
            .cloned()
            .unwrap_or_default()
    }

    /// Opens the next decision; false while one is open.
    pub fn open(&self) -> bool {
        let mut inner = self.lock();
        if inner.open {
            return false;
        }
        inner.number = inner.path.len() + 1;
        inner.open = true;
        inner.answers.clear();
        inner.step = None;
        true
    }

    /// A trainee's run shows decision `number` at `step`.
    pub fn at(&self, number: usize, step: &str) {
        let mut inner = self.lock();
        if inner.open && inner.number == number && inner.step.is_none() {
            inner.step = Some(step.to_owned());
        }
    }

    /// `trainee` answers decision `number` at `step` with `choice` (as authored); false
    /// when that decision is not open. A second answer replaces the first until reveal.
    pub fn answer(&self, trainee: &str, number: usize, step: &str, choice: usize) -> bool {
        let mut inner = self.lock();
        if !inner.open || inner.number != number {
            return false;
        }
        inner
            .answers
            .insert(trainee.to_owned(), (step.to_owned(), choice));
        true
    }

    /// `trainee`'s held answer to the open decision.
    pub fn answer_of(&self, trainee: &str) -> Option<usize> {
        self.lock().answers.get(trainee).map(|(_, c)| *c)
    }

    /// Reveals the open decision: the room goes on along `pick` (a choice as authored)
    /// when the trainer gives one, else along the majority. False (nothing changes) when
    /// no decision is open, or nobody answered and no pick was given.
    pub fn reveal(&self, room: &Room, pick: Option<usize>) -> bool {
        let mut inner = self.lock();
        if !inner.open {
            return false;
        }
        let step = inner
            .answers
            .values()
            .map(|(s, _)| s.clone())
            .next()
            .or_else(|| inner.step.clone());
        let Some(step) = step else {
            return false;
        };
        let scenario = room.scenarios().next();
        let choices = scenario
            .and_then(|s| s.steps.iter().find(|st| st.id.get_ref() == &step))
            .map_or(0, |st| st.choices.len());
        let follow = match pick {
            Some(p) if p < choices => Some(p),
            Some(_) => None,
            None => scenario.and_then(|s| {
                majority(
                    inner.answers.values().map(|(_, c)| *c),
                    s,
                    &room.rubric,
                    &step,
                )
            }),
        };
        let Some(follow) = follow else {
            return false;
        };
        let mut counts = vec![0; choices.max(follow + 1)];
        for (_, c) in inner.answers.values() {
            if let Some(n) = counts.get_mut(*c) {
                *n += 1;
            }
        }
        inner.counts.push(counts);
        inner.path.push((step, follow));
        inner.open = false;
        true
    }
}

/// The choice most answers took; a tie goes to the one with more points (then to the
/// first as authored). `None` without answers.
pub fn majority(
    answers: impl Iterator<Item = usize>,
    scenario: &Scenario,
    rubric: &Rubric,
    step: &str,
) -> Option<usize> {
    let mut counts: BTreeMap<usize, u64> = BTreeMap::new();
    for c in answers {
        *counts.entry(c).or_default() += 1;
    }
    let points = |c: usize| choice_points(scenario, rubric, step, c);
    counts
        .into_iter()
        .reduce(|best, next| {
            let better = next.1 > best.1 || (next.1 == best.1 && points(next.0) > points(best.0));
            if better { next } else { best }
        })
        .map(|(c, _)| c)
}

/// Replays `attempt`'s answers along the room's path: each answer the trainee's own, each
/// move the room's. `None` when the answers do not fit the path (not this class's run).
pub fn replay<'s>(
    scenario: &'s Scenario,
    rubric: &Rubric,
    attempt: &StoredAttempt,
    path: &[(String, usize)],
) -> Option<Run<'s>> {
    let mut run = Run::start(scenario, rubric, attempt.options());
    for (stored, (step, follow)) in attempt.decisions.iter().zip(path) {
        let record = &stored.record;
        let turn = run.turn()?;
        if &turn.step_id != step || &record.step != step {
            return None;
        }
        if record.hesitated {
            run.hesitate();
        }
        let answered = run.choose_following(record.number, *follow).ok()?;
        if answered.step_choice != record.choice {
            return None;
        }
    }
    (attempt.decisions.len() <= path.len()).then_some(run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::library::Library;

    fn parcel() -> (Library, Rubric) {
        let rubric = Rubric::builtin();
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid/parcel-mixup.toml");
        (Library::from_paths(&[path], &rubric), rubric)
    }

    #[test]
    fn the_majority_wins_and_a_tie_goes_to_the_better_scoring_choice() {
        let (library, rubric) = parcel();
        let scenario = library.scenarios().next().unwrap();
        let step = scenario.steps[0].id.get_ref().clone();
        let n = scenario.steps[0].choices.len();
        assert!(n >= 2);
        let points: Vec<f64> = (0..n)
            .map(|c| choice_points(scenario, &rubric, &step, c))
            .collect();
        let (worse, better) = if points[0] < points[1] {
            (0, 1)
        } else {
            (1, 0)
        };
        assert_eq!(
            majority([worse, worse, better].into_iter(), scenario, &rubric, &step),
            Some(worse),
            "most of the room"
        );
        assert_eq!(
            majority([worse, better].into_iter(), scenario, &rubric, &step),
            Some(better),
            "a tie"
        );
        assert_eq!(majority([].into_iter(), scenario, &rubric, &step), None);
    }
}
