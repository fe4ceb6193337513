//! The best path: the choices that maximise the overall score, found by searching the
//! scenario's graph (never by replaying a run).
//!
//! The overall score is a mean of ratios, so it does not add up step by step and a plain
//! shortest-path search does not apply. Instead the search moves forward one decision at
//! a time over states (step, flags, mood), keeping for each state the partial paths that
//! reach it with the best scores so far. With at most `KEEP_PER_STATE` partial paths per
//! state it is exact on hand-written scenarios (which rarely reach a state more than a few
//! ways) and stays fast on generated ones. A path makes at most `2 x steps` decisions,
//! so a loop cannot be ridden forever to inflate a percent.

use crate::domain::graph::{At, Flags, Graph};
use crate::domain::scoring::{Dimensions, Tally, passes};
use crate::domain::scenario::Outcome;
use std::collections::HashMap;
use std::rc::Rc;

/// Partial paths kept per state.
pub const KEEP_PER_STATE: usize = 16;

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

fn rank(overall: Option<f64>) -> f64 {
    overall.unwrap_or(-1.0)
}

/// The best path through the scenario, or `None` when no ending can be reached.
pub fn best_path(graph: &Graph, dims: &Dimensions) -> Option<Path> {
    let scenario = graph.scenario;
    let start = graph.start()?;
    let start_mood = scenario.customer.start_mood().clamp(-100, 100);
    let pass_mark = scenario.scenario.pass_mark();
    let max_decisions = 2 * scenario.steps.len();
    // Mood only changes where a run goes when some step escalates; otherwise merging
    // states that differ only in mood loses nothing and keeps the search small.
    let mood_matters = scenario.steps.iter().any(|s| s.escalation().is_some());

    let mut best: Option<(bool, f64, Path)> = None;
    let mut consider = |at_end: usize, p: &Partial| {
        let ending = &scenario.endings[at_end];
        let lost = *ending.outcome.get_ref() == Outcome::Lost;
        let overall = p.tally.overall(&dims.weights);
        let key = (!lost, rank(overall));
        if best.as_ref().is_none_or(|(l, s, _)| key > (*l, *s)) {
            let path = Path {
                decisions: unroll(&p.trail),
                ending: at_end,
                tally: p.tally.clone(),
                overall,
                final_mood: p.mood,
                passed: passes(overall, pass_mark, lost),
            };
            best = Some((key.0, key.1, path));
        }
    };

    type Key = (usize, Flags, i64);
    let first = Partial {
        mood: start_mood,
        tally: Tally::new(dims.len()),
        score: 0.0,
        trail: None,
    };
    let mut layer: HashMap<Key, Vec<Partial>> = HashMap::new();
    match start {
        At::Ending(e) => consider(e, &first),
        At::Step(s) => {
            layer.insert((s, Flags::default(), start_mood), vec![first]);
        }
    }

    for _ in 0..max_decisions {
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
                        score: rank(tally.overall(&dims.weights)),
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
        layer = next;
    }
    best.map(|(_, _, path)| path)
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
