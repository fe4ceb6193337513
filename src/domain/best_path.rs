//! The best path: the choices that maximise the overall score, found by searching the
//! scenario's graph (never by replaying a run).
//!
//! The overall score is a mean of ratios, so it does not add up step by step and a plain
//! shortest-path search does not apply. Two searches share the work:
//! - `greedy_path` follows, at each step, the choice worth most on the weighted,
//!   normalised dimensions. It is cheap, and a passing greedy path proves a scenario can
//!   be passed (the validator's question).
//! - `best_path` moves forward one decision at a time over states (step, flags, mood),
//!   keeping for each state the partial paths with the best scores so far, and at most
//!   `MAX_STATES` states per decision (a beam). It starts from the greedy path, so it is
//!   never worse than it. On hand-written scenarios, which reach a state only a few ways,
//!   nothing is cut and the result is exact.
//!
//! A path makes at most `2 x steps` decisions, so a loop cannot be ridden for ever to
//! inflate a percent.

use crate::domain::graph::{At, Flags, Graph};
use crate::domain::scenario::Outcome;
use crate::domain::scoring::{Dimensions, Tally, passes};
use std::collections::HashMap;
use std::rc::Rc;

/// Partial paths kept per state.
pub const KEEP_PER_STATE: usize = 8;
/// States kept per decision.
pub const MAX_STATES: usize = 256;

/// One decision on a path: the step and the index of the choice taken (authored order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub step: usize,
    pub choice: usize,
}

/// A complete path from start to an ending.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub decisions: Vec<Decision>,
    pub ending: usize,
    pub tally: Tally,
    pub overall: Option<f64>,
    pub final_mood: i64,
    pub passed: bool,
}

impl Path {
    /// How paths compare: one that keeps the customer beats one that loses them, then the
    /// higher overall.
    fn rank(&self, graph: &Graph) -> (bool, f64) {
        let lost = *graph.scenario.endings[self.ending].outcome.get_ref() == Outcome::Lost;
        (!lost, score(self.overall))
    }
}

fn score(overall: Option<f64>) -> f64 {
    overall.unwrap_or(-1.0)
}

fn max_decisions(graph: &Graph) -> usize {
    2 * graph.scenario.steps.len()
}

fn start_mood(graph: &Graph) -> i64 {
    graph.scenario.customer.start_mood().clamp(-100, 100)
}

fn finish(
    graph: &Graph,
    dims: &Dimensions,
    decisions: Vec<Decision>,
    ending: usize,
    tally: Tally,
    mood: i64,
) -> Path {
    let overall = tally.overall(&dims.weights);
    let lost = *graph.scenario.endings[ending].outcome.get_ref() == Outcome::Lost;
    Path {
        decisions,
        ending,
        overall,
        passed: passes(overall, graph.scenario.scenario.pass_mark(), lost),
        tally,
        final_mood: mood,
    }
}

/// The path that takes, at every step, the choice worth most there.
pub fn greedy_path(graph: &Graph, dims: &Dimensions) -> Option<Path> {
    let mut at = graph.start()?;
    let (mut mood, mut flags) = (start_mood(graph), Flags::default());
    let mut tally = Tally::new(dims.len());
    let mut decisions = Vec::new();
    for _ in 0..=max_decisions(graph) {
        let step = match at {
            At::Ending(e) => return Some(finish(graph, dims, decisions, e, tally, mood)),
            At::Step(s) => s,
        };
        let shown = graph.shown(step, &flags);
        let choices: Vec<_> = shown.iter().map(|&i| graph.choice(step, i)).collect();
        let (best, marks) = shown
            .iter()
            .map(|&i| (i, dims.marks(graph.choice(step, i), &choices)))
            .max_by(|a, b| worth(&a.1, dims).total_cmp(&worth(&b.1, dims)))?;
        let mv = graph.apply(step, best, mood, &flags)?;
        tally.add(&marks);
        decisions.push(Decision { step, choice: best });
        (at, mood, flags) = (mv.next, mv.mood_after, mv.flags);
    }
    None
}

/// One decision's worth: its weighted share of each assessed dimension's range.
fn worth(marks: &[crate::domain::scoring::Mark], dims: &Dimensions) -> f64 {
    marks
        .iter()
        .zip(&dims.weights)
        .filter(|(m, _)| m.is_assessed())
        .map(|(m, w)| w * (m.earned - m.worst) as f64 / (m.best - m.worst) as f64)
        .sum()
}

/// A persistent list, so partial paths share their common prefix.
struct Trail {
    decision: Decision,
    before: Option<Rc<Trail>>,
}

#[derive(Clone)]
struct Partial {
    mood: i64,
    tally: Tally,
    score: f64,
    trail: Option<Rc<Trail>>,
}

/// The best path through the scenario, or `None` when no ending can be reached.
pub fn best_path(graph: &Graph, dims: &Dimensions) -> Option<Path> {
    let start = graph.start()?;
    // Mood only changes where a run goes when some step escalates; otherwise states that
    // differ only in mood are merged, which loses nothing and keeps the search small.
    let mood_matters = graph
        .scenario
        .steps
        .iter()
        .any(|s| s.escalation().is_some());

    let mut best: Option<Path> = greedy_path(graph, dims);
    let mut consider = |ending: usize, p: &Partial| {
        let path = finish(
            graph,
            dims,
            unroll(&p.trail),
            ending,
            p.tally.clone(),
            p.mood,
        );
        if best
            .as_ref()
            .is_none_or(|b| path.rank(graph) > b.rank(graph))
        {
            best = Some(path);
        }
    };

    type Key = (usize, Flags, i64);
    let first = Partial {
        mood: start_mood(graph),
        tally: Tally::new(dims.len()),
        score: 0.0,
        trail: None,
    };
    let mut layer: HashMap<Key, Vec<Partial>> = HashMap::new();
    match start {
        At::Ending(e) => consider(e, &first),
        At::Step(s) => {
            layer.insert((s, Flags::default(), first.mood), vec![first]);
        }
    }

    for _ in 0..max_decisions(graph) {
        if layer.is_empty() {
            break;
        }
        let mut next: HashMap<Key, Vec<Partial>> = HashMap::new();
        for ((step, flags, _), partials) in layer {
            let shown = graph.shown(step, &flags);
            let shown_choices: Vec<_> = shown.iter().map(|&i| graph.choice(step, i)).collect();
            for &ci in &shown {
                let marks = dims.marks(graph.choice(step, ci), &shown_choices);
                for p in &partials {
                    let Some(mv) = graph.apply(step, ci, p.mood, &flags) else {
                        continue;
                    };
                    let mut tally = p.tally.clone();
                    tally.add(&marks);
                    let extended = Partial {
                        mood: mv.mood_after,
                        score: score(tally.overall(&dims.weights)),
                        tally,
                        trail: Some(Rc::new(Trail {
                            decision: Decision { step, choice: ci },
                            before: p.trail.clone(),
                        })),
                    };
                    match mv.next {
                        At::Ending(e) => consider(e, &extended),
                        At::Step(s) => {
                            let mood_key = if mood_matters { mv.mood_after } else { 0 };
                            next.entry((s, mv.flags, mood_key))
                                .or_default()
                                .push(extended);
                        }
                    }
                }
            }
        }
        for partials in next.values_mut() {
            if partials.len() > KEEP_PER_STATE {
                partials.sort_by(|a, b| b.score.total_cmp(&a.score));
                partials.truncate(KEEP_PER_STATE);
            }
        }
        if next.len() > MAX_STATES {
            let mut states: Vec<_> = next.into_iter().collect();
            let top = |v: &Vec<Partial>| v.iter().map(|p| p.score).fold(f64::MIN, f64::max);
            states.sort_by(|a, b| top(&b.1).total_cmp(&top(&a.1)));
            states.truncate(MAX_STATES);
            next = states.into_iter().collect();
        }
        layer = next;
    }
    best
}

fn unroll(trail: &Option<Rc<Trail>>) -> Vec<Decision> {
    let mut out = Vec::new();
    let mut at = trail.as_ref();
    while let Some(t) = at {
        out.push(t.decision);
        at = t.before.as_ref();
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::Rubric;
    use crate::domain::scenario::{Scenario, load};

    fn scenario(text: &str) -> Scenario {
        load::parse(text).unwrap()
    }

    fn parcel() -> Scenario {
        scenario(include_str!("../../tests/fixtures/valid/parcel-mixup.toml"))
    }

    #[test]
    fn best_path_takes_the_flag_that_unlocks_the_best_choice() {
        let s = parcel();
        let graph = Graph::new(&s);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &s);
        let best = best_path(&graph, &dims).unwrap();
        let said: Vec<usize> = best.decisions.iter().map(|d| d.choice).collect();
        assert_eq!(said, [0, 0]);
        assert_eq!(best.overall, Some(100.0));
        assert!(best.passed);
        assert_eq!(graph.id(At::Ending(best.ending)), "sorted");
        assert_eq!(best.final_mood, 15);
    }

    const TRAP: &str = r#"
format = 1
[scenario]
id = "trap"
title = "Trap"
channel = "counter"
difficulty = 1
start = "a"
[customer]
name = "X"
[[step]]
id = "a"
say = "Hi"
  [[step.choice]]
  say = "Great line that loses them"
  next = "lost"
  score = { listening = 3, non_defensive = 3, courtesy = 3 }
  [[step.choice]]
  say = "Fair line"
  next = "b"
  score = { listening = 1, non_defensive = 1, courtesy = 1 }
[[step]]
id = "b"
say = "Go on"
  [[step.choice]]
  say = "Good"
  next = "won"
  score = { listening = 2 }
  [[step.choice]]
  say = "Poor"
  next = "won"
  score = { listening = 0 }
[[ending]]
id = "lost"
outcome = "lost"
say = "Bye"
[[ending]]
id = "won"
outcome = "resolved"
say = "Thanks"
"#;

    #[test]
    fn search_beats_greedy_when_the_locally_best_line_loses_the_customer() {
        let s = scenario(TRAP);
        let graph = Graph::new(&s);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &s);
        let greedy = greedy_path(&graph, &dims).unwrap();
        assert_eq!(graph.id(At::Ending(greedy.ending)), "lost");
        assert!(!greedy.passed);
        let best = best_path(&graph, &dims).unwrap();
        assert_eq!(graph.id(At::Ending(best.ending)), "won");
        // listening: (1-1)+(2-0) of (3-1)+(2-0) = 50%; the others 0 of 2 = 0%.
        assert_eq!(best.tally.percents(), [Some(50.0), Some(0.0), Some(0.0)]);
        assert!((best.overall.unwrap() - 50.0 / 3.0).abs() < 1e-9);
    }
}
