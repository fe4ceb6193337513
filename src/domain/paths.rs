//! Every distinct path from start to an ending, with flags and escalations followed, for
//! trainers checking what their scenario can do. Paths can multiply fast (three choices
//! over forty steps is 3^40), so the walk stops at a bound and says so.

use crate::domain::best_path::Decision;
use crate::domain::graph::{At, Flags, Graph};
use crate::domain::scenario::Outcome;
use crate::domain::scoring::{Dimensions, Tally, passes};

/// Paths listed before the walk stops.
pub const DEFAULT_LIMIT: usize = 10_000;

/// One complete path.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkedPath {
    pub decisions: Vec<Decision>,
    /// Set when the last decision's step escalated instead of following its choice.
    pub escalated: bool,
    pub ending: usize,
    pub outcome: Outcome,
    pub percents: Vec<Option<f64>>,
    pub overall: Option<f64>,
    pub passed: bool,
    /// A critical choice was taken on this path (it cannot pass).
    pub critical: bool,
    /// The ending counts as a pass and no critical choice was taken.
    pub allowed: bool,
    pub final_mood: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Walk {
    pub paths: Vec<WalkedPath>,
    /// False when the walk stopped at its bound: there are more paths than listed.
    pub complete: bool,
    /// Branches cut because they ran past `2 x steps` decisions (a loop).
    pub cut_loops: usize,
}

impl Walk {
    /// Index of the best listed path: the highest overall score (a tie goes to a path
    /// that may pass).
    pub fn best(&self) -> Option<usize> {
        self.ranked().0
    }

    /// Index of the worst listed path: the lowest overall score, whatever the ending (a
    /// tie goes to a path that may not pass).
    pub fn worst(&self) -> Option<usize> {
        self.ranked().1
    }

    fn ranked(&self) -> (Option<usize>, Option<usize>) {
        let mut ranks = Ranks::default();
        for (i, p) in self.paths.iter().enumerate() {
            ranks.see(i, p);
        }
        (ranks.best.map(|(i, _)| i), ranks.worst.map(|(i, _)| i))
    }
}

/// What a walk found, without the paths themselves: each was handed over as it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Paths found (and handed over).
    pub count: usize,
    /// False when the walk stopped at its bound: there are more paths than listed.
    pub complete: bool,
    /// Branches cut because they ran past `2 x steps` decisions (a loop).
    pub cut_loops: usize,
    /// The best and the worst path with their 0-based numbers in walk order.
    pub best: Option<(usize, WalkedPath)>,
    pub worst: Option<(usize, WalkedPath)>,
}

/// The best and worst seen so far. Ties: the best is the last found, the worst the first
/// (as `Iterator::max_by` and `min_by` pick).
#[derive(Debug, Default)]
struct Ranks {
    best: Option<(usize, (f64, bool))>,
    worst: Option<(usize, (f64, bool))>,
}

impl Ranks {
    /// Best and worst are by score: the overall first (a path not assessed counts
    /// lowest), then whether the path may pass, only to break a tie.
    fn key(p: &WalkedPath) -> (f64, bool) {
        (p.overall.unwrap_or(-1.0), p.allowed)
    }

    /// Which of best (first) and worst (second) `p`, number `i`, now is.
    fn see(&mut self, i: usize, p: &WalkedPath) -> (bool, bool) {
        let key = Ranks::key(p);
        let better =
            |a: (f64, bool), b: (f64, bool)| a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal);
        let is_best = self
            .best
            .is_none_or(|(_, b)| better(key, b) != std::cmp::Ordering::Less);
        let is_worst = self
            .worst
            .is_none_or(|(_, w)| better(key, w) == std::cmp::Ordering::Less);
        if is_best {
            self.best = Some((i, key));
        }
        if is_worst {
            self.worst = Some((i, key));
        }
        (is_best, is_worst)
    }
}

/// Walks every path, depth first in authored choice order, up to `limit` paths, and
/// keeps them all: for tests and benchmarks of small walks. `frontline paths` streams
/// with [`walk_each`].
pub fn walk(graph: &Graph, dims: &Dimensions, limit: usize) -> Walk {
    let mut paths = Vec::new();
    let summary = walk_each(graph, dims, limit, |_, p| paths.push(p));
    Walk {
        paths,
        complete: summary.complete,
        cut_loops: summary.cut_loops,
    }
}

/// One step being walked: where it was entered and the next of its shown choices to try.
struct Frame {
    step: usize,
    flags: Flags,
    mood: i64,
    tally: Tally,
    shown: Vec<usize>,
    next: usize,
}

/// Walks every path, depth first in authored choice order, up to `limit` paths, handing
/// each to `found` with its 0-based number as soon as it is complete. Memory is the
/// current path and one frame per step on it, whatever the limit: the paths are not kept,
/// only the best and the worst. The walk is a loop over an explicit stack, not recursion,
/// so a chain of 15,000 steps does not overflow the thread's stack.
pub fn walk_each(
    graph: &Graph,
    dims: &Dimensions,
    limit: usize,
    mut found: impl FnMut(usize, WalkedPath),
) -> Summary {
    let scenario = graph.scenario;
    let max_depth = 2 * scenario.steps.len();
    let mut summary = Summary {
        count: 0,
        complete: true,
        cut_loops: 0,
        best: None,
        worst: None,
    };
    let mut ranks = Ranks::default();
    let mut path: Vec<Decision> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();

    // Arriving at `at` with `path` taken so far: emits the path at an ending, pushes a
    // frame at a step, or cuts a loop. False when the limit stops the walk.
    let mut arrive = |at: At,
                      flags: Flags,
                      mood: i64,
                      tally: Tally,
                      escalated: bool,
                      path: &[Decision],
                      stack: &mut Vec<Frame>,
                      summary: &mut Summary|
     -> bool {
        if summary.count >= limit {
            summary.complete = false;
            return false;
        }
        match at {
            At::Ending(e) => {
                let outcome = *scenario.endings[e].outcome.get_ref();
                let overall = tally.overall(&dims.weights);
                let allowed = graph.ending_allows_pass(e, &flags);
                let walked = WalkedPath {
                    decisions: path.to_vec(),
                    escalated,
                    ending: e,
                    outcome,
                    percents: tally.percents(),
                    overall,
                    passed: passes(overall, scenario.scenario.pass_mark(), allowed),
                    critical: graph.is_critical(&flags),
                    allowed,
                    final_mood: mood,
                };
                let number = summary.count;
                let (best, worst) = ranks.see(number, &walked);
                if best {
                    summary.best = Some((number, walked.clone()));
                }
                if worst {
                    summary.worst = Some((number, walked.clone()));
                }
                summary.count += 1;
                found(number, walked);
            }
            At::Step(_) if path.len() >= max_depth => summary.cut_loops += 1,
            At::Step(step) => stack.push(Frame {
                step,
                shown: graph.shown(step, &flags),
                flags,
                mood,
                tally,
                next: 0,
            }),
        }
        true
    };

    let Some(start) = graph.start() else {
        return summary;
    };
    let mood = scenario.customer.start_mood().clamp(-100, 100);
    if !arrive(
        start,
        Flags::default(),
        mood,
        Tally::new(dims.len()),
        false,
        &path,
        &mut stack,
        &mut summary,
    ) {
        return summary;
    }
    while let Some(frame) = stack.last_mut() {
        let Some(&ci) = frame.shown.get(frame.next) else {
            // Every choice here is walked: back to the step before, and its decision off.
            stack.pop();
            path.pop();
            continue;
        };
        frame.next += 1;
        let step = frame.step;
        let Some(mv) = graph.apply(step, ci, frame.mood, &frame.flags) else {
            continue;
        };
        let choices: Vec<_> = frame.shown.iter().map(|&i| graph.choice(step, i)).collect();
        let mut tally = frame.tally.clone();
        tally.add(&dims.marks(graph.choice(step, ci), &choices));
        path.push(Decision { step, choice: ci });
        let before = stack.len();
        if !arrive(
            mv.next,
            mv.flags,
            mv.mood_after,
            tally,
            mv.escalated,
            &path,
            &mut stack,
            &mut summary,
        ) {
            return summary;
        }
        if stack.len() == before {
            // An ending or a cut loop: nothing to walk below this decision.
            path.pop();
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::Rubric;
    use crate::domain::scenario::load;

    #[test]
    fn parcel_fixture_has_every_path_with_flags_and_escalation_followed() {
        let s = load::parse(include_str!("../../tests/fixtures/valid/parcel-mixup.toml")).unwrap();
        let g = Graph::new(&s);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &s);
        let w = walk(&g, &dims, DEFAULT_LIMIT);
        assert!(w.complete);
        // Choice 1 unlocks a third choice at found-it (3 paths); choice 2 shows two;
        // "calm down" drops mood from -20 to -80, below -70: it escalates straight away.
        assert_eq!(w.paths.len(), 6);
        let escalated: Vec<_> = w.paths.iter().filter(|p| p.escalated).collect();
        assert_eq!(escalated.len(), 1);
        assert_eq!(escalated[0].outcome, Outcome::Lost);
        let best = &w.paths[w.best().unwrap()];
        assert_eq!(best.overall, Some(100.0));
        assert_eq!(w.paths[w.worst().unwrap()].outcome, Outcome::Lost);
    }

    #[test]
    fn the_streamed_walk_hands_over_every_path_and_keeps_only_best_and_worst() {
        let s = load::parse(include_str!("../../tests/fixtures/valid/parcel-mixup.toml")).unwrap();
        let g = Graph::new(&s);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &s);
        let kept = walk(&g, &dims, DEFAULT_LIMIT);
        let mut seen = Vec::new();
        let summary = walk_each(&g, &dims, DEFAULT_LIMIT, |i, p| seen.push((i, p)));
        assert_eq!(summary.count, 6);
        assert!(summary.complete);
        let numbers: Vec<usize> = seen.iter().map(|(i, _)| *i).collect();
        assert_eq!(numbers, [0, 1, 2, 3, 4, 5]);
        let paths: Vec<WalkedPath> = seen.into_iter().map(|(_, p)| p).collect();
        assert_eq!(paths, kept.paths);
        let (best, worst) = (summary.best.unwrap(), summary.worst.unwrap());
        assert_eq!(Some(best.0), kept.best());
        assert_eq!(best.1, kept.paths[best.0]);
        assert_eq!(Some(worst.0), kept.worst());
        assert_eq!(worst.1, kept.paths[worst.0]);
    }

    /// A chain of 15,000 steps: the walk used to recurse once per step and overflow the
    /// stack; it is a loop now.
    #[test]
    fn a_chain_of_15000_steps_is_walked_without_overflowing_the_stack() {
        let n = 15_000;
        let mut text = String::from(
            "format = 1\n[scenario]\nid = \"c\"\ntitle = \"C\"\nchannel = \"phone\"\ndifficulty = 1\nstart = \"s0\"\n[customer]\nname = \"A\"\nmood = 0\n",
        );
        for i in 0..n {
            let next = if i + 1 == n {
                "done".to_owned()
            } else {
                format!("s{}", i + 1)
            };
            text += &format!(
                "[[step]]\nid=\"s{i}\"\nsay=\"?\"\nchoice=[{{say=\"Y\",next=\"{next}\"}},{{say=\"N\",next=\"done\"}}]\n"
            );
        }
        text += "[[ending]]\nid=\"done\"\noutcome=\"resolved\"\nsay=\"Bye.\"\n";
        let s = load::parse(&text).unwrap();
        let g = Graph::new(&s);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &s);
        let mut longest = 0;
        let summary = walk_each(&g, &dims, usize::MAX, |_, p| {
            longest = longest.max(p.decisions.len())
        });
        assert!(summary.complete);
        assert_eq!(summary.count, n + 1);
        assert_eq!(longest, n);
    }

    #[test]
    fn the_walk_stops_at_its_bound() {
        let s = load::parse(include_str!("../../tests/fixtures/valid/parcel-mixup.toml")).unwrap();
        let g = Graph::new(&s);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &s);
        let w = walk(&g, &dims, 2);
        assert_eq!(w.paths.len(), 2);
        assert!(!w.complete);
    }
}
