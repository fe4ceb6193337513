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
    fn ranked(&self, better: bool) -> Option<usize> {
        let key = |p: &WalkedPath| (p.allowed, p.overall.unwrap_or(-1.0));
        let cmp = |a: &&WalkedPath, b: &&WalkedPath| {
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        };
        let it = self.paths.iter().enumerate();
        if better {
            it.max_by(|a, b| cmp(&a.1, &b.1)).map(|(i, _)| i)
        } else {
            it.min_by(|a, b| cmp(&a.1, &b.1)).map(|(i, _)| i)
        }
    }

    /// Index of the best listed path (at an ending a run may pass at, then the highest
    /// overall).
    pub fn best(&self) -> Option<usize> {
        self.ranked(true)
    }

    /// Index of the worst listed path.
    pub fn worst(&self) -> Option<usize> {
        self.ranked(false)
    }
}

struct Walker<'g, 's> {
    graph: &'g Graph<'s>,
    dims: &'g Dimensions,
    limit: usize,
    max_depth: usize,
    walk: Walk,
}

/// Walks every path, depth first in authored choice order, up to `limit` paths.
pub fn walk(graph: &Graph, dims: &Dimensions, limit: usize) -> Walk {
    let mut w = Walker {
        graph,
        dims,
        limit,
        max_depth: 2 * graph.scenario.steps.len(),
        walk: Walk {
            paths: Vec::new(),
            complete: true,
            cut_loops: 0,
        },
    };
    if let Some(start) = graph.start() {
        let mood = graph.scenario.customer.start_mood().clamp(-100, 100);
        w.visit(
            start,
            Flags::default(),
            mood,
            Tally::new(dims.len()),
            &mut Vec::new(),
            false,
        );
    }
    w.walk
}

impl Walker<'_, '_> {
    fn visit(
        &mut self,
        at: At,
        flags: Flags,
        mood: i64,
        tally: Tally,
        path: &mut Vec<Decision>,
        escalated: bool,
    ) {
        if self.walk.paths.len() >= self.limit {
            self.walk.complete = false;
            return;
        }
        let step = match at {
            At::Ending(e) => {
                let outcome = *self.graph.scenario.endings[e].outcome.get_ref();
                let overall = tally.overall(&self.dims.weights);
                let allowed = self.graph.ending_allows_pass(e, &flags);
                self.walk.paths.push(WalkedPath {
                    decisions: path.clone(),
                    escalated,
                    ending: e,
                    outcome,
                    percents: tally.percents(),
                    overall,
                    passed: passes(overall, self.graph.scenario.scenario.pass_mark(), allowed),
                    critical: self.graph.is_critical(&flags),
                    allowed,
                    final_mood: mood,
                });
                return;
            }
            At::Step(s) => s,
        };
        if path.len() >= self.max_depth {
            self.walk.cut_loops += 1;
            return;
        }
        let shown = self.graph.shown(step, &flags);
        let choices: Vec<_> = shown.iter().map(|&i| self.graph.choice(step, i)).collect();
        for &ci in &shown {
            let Some(mv) = self.graph.apply(step, ci, mood, &flags) else {
                continue;
            };
            let mut t = tally.clone();
            t.add(&self.dims.marks(self.graph.choice(step, ci), &choices));
            path.push(Decision { step, choice: ci });
            self.visit(mv.next, mv.flags, mv.mood_after, t, path, mv.escalated);
            path.pop();
            if !self.walk.complete {
                return;
            }
        }
    }
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
    fn the_walk_stops_at_its_bound() {
        let s = load::parse(include_str!("../../tests/fixtures/valid/parcel-mixup.toml")).unwrap();
        let g = Graph::new(&s);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &s);
        let w = walk(&g, &dims, 2);
        assert_eq!(w.paths.len(), 2);
        assert!(!w.complete);
    }
}
