//! The scoring rule of format 1, exactly as docs/scenario-format.md states it.
//!
//! For each decision and dimension: earned = the chosen choice's score, best / worst = the
//! highest / lowest among the choices shown. A dimension's percent is
//! 100 x sum(earned - worst) / sum(best - worst) over the decisions where best > worst;
//! with no such decision it is "not assessed". Overall is the weighted mean of the
//! assessed dimensions.

use crate::domain::scenario::{Choice, Scenario};

/// What one decision is worth on one dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub earned: i64,
    pub best: i64,
    pub worst: i64,
}

impl Mark {
    /// Scores `chosen` against the choices that were shown beside it on `dimension`.
    pub fn of<'a>(
        chosen: &Choice,
        shown: impl IntoIterator<Item = &'a Choice>,
        dimension: &str,
    ) -> Mark {
        let (mut best, mut worst) = (i64::MIN, i64::MAX);
        for choice in shown {
            let s = choice.score(dimension);
            best = best.max(s);
            worst = worst.min(s);
        }
        let earned = chosen.score(dimension);
        // The chosen choice is always among those shown; guard anyway for free text.
        Mark {
            earned,
            best: best.max(earned),
            worst: worst.min(earned),
        }
    }

    pub fn is_assessed(&self) -> bool {
        self.best > self.worst
    }

    /// What choosing this cost against the best, on this dimension.
    pub fn lost(&self) -> i64 {
        self.best - self.earned
    }
}

/// Running sums for one run, one entry per dimension of the rubric in force.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// sum(earned - worst) per dimension, over assessed decisions.
    pub gained: Vec<i64>,
    /// sum(best - worst) per dimension, over assessed decisions.
    pub possible: Vec<i64>,
}

impl Tally {
    pub fn new(dimensions: usize) -> Tally {
        Tally {
            gained: vec![0; dimensions],
            possible: vec![0; dimensions],
        }
    }

    /// Adds one decision's marks, in the order of the dimensions.
    pub fn add(&mut self, marks: &[Mark]) {
        for (i, mark) in marks.iter().enumerate() {
            if mark.is_assessed() {
                self.gained[i] += mark.earned - mark.worst;
                self.possible[i] += mark.best - mark.worst;
            }
        }
    }

    /// Percent per dimension; `None` where not assessed.
    pub fn percents(&self) -> Vec<Option<f64>> {
        self.percent_iter().collect()
    }

    fn percent_iter(&self) -> impl Iterator<Item = Option<f64>> + '_ {
        self.gained
            .iter()
            .zip(&self.possible)
            .map(|(&g, &p)| (p > 0).then(|| 100.0 * g as f64 / p as f64))
    }

    /// The weighted mean of the assessed dimensions; `None` when none is assessed.
    /// It allocates nothing: the best-path search calls it for every extension it weighs.
    pub fn overall(&self, weights: &[f64]) -> Option<f64> {
        let (mut sum, mut weight) = (0.0, 0.0);
        for (percent, w) in self.percent_iter().zip(weights) {
            if let Some(p) = percent {
                sum += p * w;
                weight += w;
            }
        }
        (weight > 0.0).then(|| sum / weight)
    }
}

/// The dimensions a scenario is scored on, in rubric order, with the weights in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimensions {
    pub ids: Vec<String>,
    pub weights: Vec<f64>,
}

impl Dimensions {
    /// The rubric's dimensions, weighted by the scenario's `weights` where it gives them,
    /// else by the rubric's own weight.
    pub fn for_scenario(rubric: &crate::domain::rubric::Rubric, scenario: &Scenario) -> Dimensions {
        let ids: Vec<String> = rubric.dimension_ids().map(str::to_owned).collect();
        let weights = rubric
            .dimensions
            .iter()
            .map(|d| scenario.scenario.weight(d.id.get_ref()).unwrap_or(d.weight))
            .collect();
        Dimensions { ids, weights }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// A choice's points summed over the dimensions, each times its weight.
    pub fn weighted(&self, choice: &Choice) -> f64 {
        self.ids
            .iter()
            .zip(&self.weights)
            .map(|(d, w)| choice.score(d) as f64 * w)
            .sum()
    }

    /// The answer key of a decision: the indexes of the `choices` with the most weighted
    /// points ([`Self::weighted`]), every one of equals, in order; empty without choices.
    pub fn best_of(&self, choices: &[Choice]) -> Vec<usize> {
        let points: Vec<f64> = choices.iter().map(|c| self.weighted(c)).collect();
        let Some(top) = points.iter().copied().reduce(f64::max) else {
            return Vec::new();
        };
        (0..choices.len()).filter(|&i| points[i] >= top).collect()
    }

    /// One mark per dimension for a decision.
    pub fn marks(&self, chosen: &Choice, shown: &[&Choice]) -> Vec<Mark> {
        self.ids
            .iter()
            .map(|d| Mark::of(chosen, shown.iter().copied(), d))
            .collect()
    }
}

/// A run passes when overall >= pass_mark, no critical choice was taken and its ending
/// counts as a pass (by `pass`, else not for `lost` and `escalated`): `allowed` is those
/// last two together (`Graph::ending_allows_pass`).
pub fn passes(overall: Option<f64>, pass_mark: i64, allowed: bool) -> bool {
    allowed && overall.is_some_and(|o| o >= pass_mark as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(earned: i64, best: i64, worst: i64) -> Mark {
        Mark {
            earned,
            best,
            worst,
        }
    }

    #[test]
    fn percent_is_gain_over_range_summed_across_decisions() {
        let mut t = Tally::new(1);
        t.add(&[mark(2, 2, -1)]); // 3 of 3
        t.add(&[mark(0, 1, -1)]); // 1 of 2
        assert_eq!(t.gained, [4]);
        assert_eq!(t.possible, [5]);
        assert_eq!(t.percents(), [Some(80.0)]);
    }

    #[test]
    fn a_decision_where_every_choice_scores_the_same_does_not_count() {
        let mut t = Tally::new(2);
        t.add(&[mark(1, 1, 1), mark(0, 2, 0)]);
        assert_eq!(t.percents(), [None, Some(0.0)]);
        // Not assessed is left out of the overall, not counted as zero.
        assert_eq!(t.overall(&[1.0, 1.0]), Some(0.0));
        let mut only_first = Tally::new(2);
        only_first.add(&[mark(1, 2, 0), mark(0, 0, 0)]);
        assert_eq!(only_first.overall(&[1.0, 5.0]), Some(50.0));
    }

    #[test]
    fn overall_is_the_weighted_mean_of_assessed_dimensions() {
        let mut t = Tally::new(3);
        t.add(&[mark(2, 2, 0), mark(0, 2, 0), mark(1, 2, 0)]); // 100, 0, 50
        assert_eq!(t.overall(&[1.0, 1.0, 1.0]), Some(50.0));
        assert_eq!(t.overall(&[2.0, 1.0, 1.0]), Some(62.5));
        assert_eq!(Tally::new(3).overall(&[1.0; 3]), None);
    }

    #[test]
    fn pass_needs_the_mark_and_an_ending_that_allows_it() {
        assert!(passes(Some(70.0), 70, true));
        assert!(!passes(Some(69.9), 70, true));
        assert!(!passes(Some(100.0), 70, false));
        assert!(!passes(None, 0, true));
    }

    #[test]
    fn the_answer_key_is_every_choice_with_the_most_weighted_points() {
        let choice = |score: &str| -> Choice {
            toml::from_str(&format!(
                "say = \"x\"\nnext = \"end\"\nscore = {{ {score} }}"
            ))
            .unwrap()
        };
        let dims = Dimensions {
            ids: vec!["listening".into(), "courtesy".into()],
            weights: vec![2.0, 1.0],
        };
        let choices = [
            choice("listening = 1, courtesy = 3"),  // 5
            choice("listening = 2, courtesy = 1"),  // 5
            choice("listening = 3, courtesy = -2"), // 4
            choice(""),
        ];
        assert_eq!(dims.weighted(&choices[2]), 4.0);
        assert_eq!(dims.best_of(&choices), [0, 1]);
        // The weights decide: even weights make the third choice lose to the first only.
        let even = Dimensions {
            weights: vec![1.0, 1.0],
            ..dims.clone()
        };
        assert_eq!(even.best_of(&choices), [0]);
        assert!(dims.best_of(&[]).is_empty());
    }
}
