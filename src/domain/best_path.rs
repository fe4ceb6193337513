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
//!
//! Each layer first scores every extension in a scratch tally and only builds the ones a
//! state keeps, and the transition is applied once per state and choice where the state
//! fixes the mood; states are visited in key order, so ties always break the same way.

use crate::domain::graph::{At, Flags, Graph};
use crate::domain::scoring::{Dimensions, Mark, Tally, passes};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Partial paths kept per state.
pub const KEEP_PER_STATE: usize = 16;

/// Partial paths kept per layer (per number of decisions made), across all states: this
/// bounds the search on large generated scenarios; hand-written ones stay far below it.
pub const KEEP_PER_LAYER: usize = 2048;

/// No path can score more than this, so the search stops once one does (at an ending a
/// run may pass at).
const PERFECT: f64 = 100.0 - 1e-9;

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
    /// The ending counts as a pass and no critical choice was taken on the way.
    pub allowed: bool,
    pub passed: bool,
}

/// A persistent list, so partial paths share their common prefix.
struct Trail {
    decision: Decision,
    before: Option<Rc<Trail>>,
}

struct Partial {
    mood: i64,
    tally: Tally,
    trail: Option<Rc<Trail>>,
}

/// An extension scored but not built yet: which partial, which choice, with what marks.
struct Candidate {
    score: f64,
    state: usize,
    partial: usize,
    choice: usize,
    marks: usize,
    mood: i64,
}

fn rank(overall: Option<f64>) -> f64 {
    overall.unwrap_or(-1.0)
}

/// The path that takes, at every step, the choice worth most there (its weighted share
/// of each assessed dimension's range). Linear in the path's length, so the validator
/// asks it first: a passing greedy path proves a scenario can be passed.
pub fn greedy_path(graph: &Graph, dims: &Dimensions) -> Option<Path> {
    let mut at = graph.start()?;
    let (mut mood, mut flags) = (
        graph.scenario.customer.start_mood().clamp(-100, 100),
        Flags::default(),
    );
    let mut tally = Tally::new(dims.len());
    let mut decisions = Vec::new();
    for _ in 0..=2 * graph.scenario.steps.len() {
        let step = match at {
            At::Ending(ending) => {
                let overall = tally.overall(&dims.weights);
                let allowed = graph.ending_allows_pass(ending, &flags);
                return Some(Path {
                    decisions,
                    ending,
                    overall,
                    passed: passes(overall, graph.scenario.scenario.pass_mark(), allowed),
                    allowed,
                    tally,
                    final_mood: mood,
                });
            }
            At::Step(s) => s,
        };
        let shown = graph.shown(step, &flags);
        let choices: Vec<_> = shown.iter().map(|&i| graph.choice(step, i)).collect();
        let worth = |marks: &[Mark]| -> f64 {
            marks
                .iter()
                .zip(&dims.weights)
                .filter(|(m, _)| m.is_assessed())
                .map(|(m, w)| w * (m.earned - m.worst) as f64 / (m.best - m.worst) as f64)
                .sum()
        };
        // The first of equals wins, so the result does not depend on anything but order.
        let mut pick: Option<(usize, Vec<Mark>, f64)> = None;
        for &i in &shown {
            let marks = dims.marks(graph.choice(step, i), &choices);
            let w = worth(&marks);
            if pick.as_ref().is_none_or(|(_, _, best)| w > *best) {
                pick = Some((i, marks, w));
            }
        }
        let (choice, marks, _) = pick?;
        let mv = graph.apply(step, choice, mood, &flags)?;
        tally.add(&marks);
        decisions.push(Decision { step, choice });
        (at, mood, flags) = (mv.next, mv.mood_after, mv.flags);
    }
    None
}

/// The best path through the scenario, or `None` when no ending can be reached.
pub fn best_path(graph: &Graph, dims: &Dimensions) -> Option<Path> {
    let scenario = graph.scenario;
    let start = graph.start()?;
    let start_mood = scenario.customer.start_mood().clamp(-100, 100);
    let pass_mark = scenario.scenario.pass_mark();
    let max_decisions = 2 * scenario.steps.len();
    // Mood only changes where a run goes when some step escalates or a route reads it;
    // otherwise merging states that differ only in mood loses nothing and keeps the
    // search small.
    let mood_matters = graph.mood_routes();

    // Best so far, ranked: an ending a run may pass at (it counts as a pass and no
    // critical choice led there) first, then the overall. Ties keep the first found,
    // which is the path with the fewest decisions.
    type Best = Option<(bool, f64, Path)>;
    // Start from the greedy path: the search never returns worse, and when the greedy
    // path is already perfect it stops at once.
    let mut best: Best = greedy_path(graph, dims).map(|p| (p.allowed, rank(p.overall), p));
    let consider = |best: &mut Best,
                    ending: usize,
                    mood: i64,
                    flags: &Flags,
                    tally: &Tally,
                    trail: Option<Rc<Trail>>| {
        let allowed = graph.ending_allows_pass(ending, flags);
        let overall = tally.overall(&dims.weights);
        let key = (allowed, rank(overall));
        if best.as_ref().is_none_or(|(l, s, _)| key > (*l, *s)) {
            let path = Path {
                decisions: unroll(&trail),
                ending,
                tally: tally.clone(),
                overall,
                final_mood: mood,
                allowed,
                passed: passes(overall, pass_mark, allowed),
            };
            *best = Some((key.0, key.1, path));
        }
    };

    type Key = (usize, Flags, i64);
    let first = Partial {
        mood: start_mood,
        tally: Tally::new(dims.len()),
        trail: None,
    };
    let mut layer: Vec<(Key, Vec<Partial>)> = Vec::new();
    match start {
        At::Ending(e) => consider(
            &mut best,
            e,
            start_mood,
            &Flags::default(),
            &first.tally,
            None,
        ),
        At::Step(s) => layer.push(((s, Flags::default(), start_mood), vec![first])),
    }

    let mut scratch = Tally::new(dims.len());
    for _ in 0..max_decisions {
        let perfect = best
            .as_ref()
            .is_some_and(|(allowed, score, _)| *allowed && *score >= PERFECT);
        if layer.is_empty() || perfect {
            break;
        }
        let mut next: BTreeMap<Key, Vec<Candidate>> = BTreeMap::new();
        let mut all_marks: Vec<Vec<Mark>> = Vec::new();
        for (state, ((step, flags, _), partials)) in layer.iter().enumerate() {
            let step = *step;
            let shown = graph.shown(step, flags);
            let shown_choices: Vec<_> = shown.iter().map(|&i| graph.choice(step, i)).collect();
            for &choice in &shown {
                // Where the choice leads and the flags it leaves do not depend on the
                // mood unless a step escalates, and then every partial here has one mood.
                let Some(shared) = graph.apply(step, choice, partials[0].mood, flags) else {
                    continue;
                };
                let marks = dims.marks(graph.choice(step, choice), &shown_choices);
                let bucket = match shared.next {
                    At::Step(s) => {
                        let mood_key = if mood_matters { shared.mood_after } else { 0 };
                        Some(next.entry((s, shared.flags.clone(), mood_key)).or_default())
                    }
                    At::Ending(_) => None,
                };
                let mut bucket = bucket;
                for (index, p) in partials.iter().enumerate() {
                    let mood = if mood_matters {
                        shared.mood_after
                    } else {
                        match graph.apply(step, choice, p.mood, flags) {
                            Some(mv) => mv.mood_after,
                            None => continue,
                        }
                    };
                    scratch.gained.copy_from_slice(&p.tally.gained);
                    scratch.possible.copy_from_slice(&p.tally.possible);
                    scratch.add(&marks);
                    match (&mut bucket, shared.next) {
                        (Some(bucket), _) => bucket.push(Candidate {
                            score: rank(scratch.overall(&dims.weights)),
                            state,
                            partial: index,
                            choice,
                            marks: all_marks.len(),
                            mood,
                        }),
                        (None, At::Ending(e)) => {
                            let trail = Rc::new(Trail {
                                decision: Decision { step, choice },
                                before: p.trail.clone(),
                            });
                            consider(&mut best, e, mood, &shared.flags, &scratch, Some(trail));
                        }
                        (None, At::Step(_)) => {}
                    }
                }
                all_marks.push(marks);
            }
        }
        // Keep each state's best `KEEP_PER_STATE`, then the layer's best `KEEP_PER_LAYER`
        // (sorts are stable, so ties keep the order found), and build only those.
        let mut keys = Vec::with_capacity(next.len());
        let mut kept: Vec<(usize, Candidate)> = Vec::new();
        for (key, mut candidates) in next {
            candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
            candidates.truncate(KEEP_PER_STATE);
            kept.extend(candidates.into_iter().map(|c| (keys.len(), c)));
            keys.push(key);
        }
        if kept.len() > KEEP_PER_LAYER {
            kept.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
            kept.truncate(KEEP_PER_LAYER);
            kept.sort_by_key(|(key, _)| *key);
        }
        let mut keys: Vec<Option<Key>> = keys.into_iter().map(Some).collect();
        let mut built: Vec<(Key, Vec<Partial>)> = Vec::new();
        for (key, c) in &kept {
            // `kept` is grouped by key, so a key's first candidate opens its group.
            if let Some(k) = keys[*key].take() {
                built.push((k, Vec::new()));
            }
            let ((step, _, _), parents) = &layer[c.state];
            let parent = &parents[c.partial];
            let mut tally = parent.tally.clone();
            tally.add(&all_marks[c.marks]);
            let partial = Partial {
                mood: c.mood,
                tally,
                trail: Some(Rc::new(Trail {
                    decision: Decision {
                        step: *step,
                        choice: c.choice,
                    },
                    before: parent.trail.clone(),
                })),
            };
            if let Some((_, group)) = built.last_mut() {
                group.push(partial);
            }
        }
        layer = built;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::Rubric;
    use crate::domain::scenario::{Scenario, load};

    fn search(text: &str) -> (Scenario, Option<Path>) {
        let scenario = load::parse(text).unwrap();
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &scenario);
        let path = best_path(&Graph::new(&scenario), &dims);
        (scenario, path)
    }

    /// `a` offers a perfect answer that loses the customer, and a weaker one that keeps
    /// them; `b` (only after the weaker one) can be answered perfectly.
    const LOST_OR_KEPT: &str = r#"
format = 1
[scenario]
id = "t"
title = "T"
channel = "chat"
difficulty = 1
start = "a"
[customer]
name = "C"
[[step]]
id = "a"
say = "?"
  [[step.choice]]
  say = "perfect but lost"
  next = "gone"
  score = { listening = 2 }
  [[step.choice]]
  say = "fine"
  next = "b"
  score = { listening = 1 }
[[step]]
id = "b"
say = "?"
  [[step.choice]]
  say = "great"
  next = "kept"
  score = { listening = 3 }
  [[step.choice]]
  say = "poor"
  next = "kept"
  score = { listening = 0 }
[[ending]]
id = "gone"
outcome = "lost"
say = "bye"
[[ending]]
id = "kept"
outcome = "resolved"
say = "thanks"
"#;

    #[test]
    fn an_ending_that_keeps_the_customer_beats_a_higher_score_that_loses_them() {
        let (scenario, path) = search(LOST_OR_KEPT);
        let path = path.unwrap();
        assert_eq!(scenario.endings[path.ending].id.get_ref(), "kept");
        let choices: Vec<usize> = path.decisions.iter().map(|d| d.choice).collect();
        assert_eq!(choices, [1, 0]);
        // listening: (1 - 1) + (3 - 0) of (2 - 1) + (3 - 0) = 3/4.
        assert_eq!(path.overall, Some(75.0));
        assert!(path.passed);
    }

    #[test]
    fn the_search_is_repeatable() {
        let (_, a) = search(LOST_OR_KEPT);
        let (_, b) = search(LOST_OR_KEPT);
        assert_eq!(a, b);
    }

    #[test]
    fn a_start_that_names_nothing_has_no_path() {
        let text = LOST_OR_KEPT.replace("start = \"a\"", "start = \"nowhere\"");
        assert_eq!(search(&text).1, None);
    }

    #[test]
    fn greedy_takes_the_locally_best_line_and_the_search_does_better() {
        let (scenario, best) = search(LOST_OR_KEPT);
        let graph = Graph::new(&scenario);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &scenario);
        let greedy = greedy_path(&graph, &dims).unwrap();
        assert_eq!(graph.id(At::Ending(greedy.ending)), "gone");
        assert!(!greedy.passed);
        let best = best.unwrap();
        assert_eq!(graph.id(At::Ending(best.ending)), "kept");
        // listening: (1-1)+(3-0) of (2-1)+(3-0) = 75%; the others are not assessed.
        assert_eq!(best.tally.percents(), [Some(75.0), None, None]);
    }

    #[test]
    fn best_path_takes_the_flag_that_unlocks_the_best_choice() {
        let (scenario, best) = search(include_str!("../../tests/fixtures/valid/parcel-mixup.toml"));
        let best = best.unwrap();
        let said: Vec<usize> = best.decisions.iter().map(|d| d.choice).collect();
        assert_eq!(said, [0, 0]);
        assert_eq!(best.overall, Some(100.0));
        assert!(best.passed);
        assert_eq!(Graph::new(&scenario).id(At::Ending(best.ending)), "sorted");
        assert_eq!(best.final_mood, 15);
    }

    #[test]
    fn the_best_path_never_takes_a_critical_choice_or_ends_where_no_run_passes() {
        let text = include_str!("../../tests/fixtures/format/allergy-additions.toml").replace(
            "score = { listening = 0, non_defensive = 0, courtesy = 2 }",
            "score = { listening = 3, non_defensive = 3, courtesy = 3 }",
        );
        let (scenario, best) = search(&text);
        let best = best.unwrap();
        let graph = Graph::new(&scenario);
        // The critical guess now scores best at `plate`; the search goes round it.
        let choices: Vec<usize> = best.decisions.iter().map(|d| d.choice).collect();
        assert_eq!(choices, [0, 0]);
        assert_eq!(graph.id(At::Ending(best.ending)), "safe");
        assert!(best.allowed && best.passed);
        // The greedy path takes it, and so cannot pass whatever it scores.
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &scenario);
        let greedy = greedy_path(&graph, &dims).unwrap();
        assert_eq!(greedy.decisions[0].choice, 1);
        assert!(!greedy.allowed && !greedy.passed);
    }
}
