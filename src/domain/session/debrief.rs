//! What a finished run teaches: each decision and what it cost against the best one
//! shown, the best path through the scenario (searched, not replayed), the gap between
//! the two, and tips drawn from the costliest decisions.

use super::result::RunResult;
use super::run::{Answered, Line, Run};
use crate::domain::best_path::best_path;
use crate::domain::scenario::Outcome;
use crate::domain::scoring::{Mark, Tally};
use std::collections::HashMap;

/// How many tips a debrief gives.
pub const TIPS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Debrief {
    pub scenario_id: String,
    pub title: String,
    pub ending_id: String,
    pub outcome: Outcome,
    /// The customer's last line, as drawn in this run.
    pub ending_say: String,
    /// The ending's `debrief` text, placeholders filled (empty when the file has none).
    pub ending_debrief: String,
    /// The ending's notes whose condition held at the end of this run, filled, in order.
    pub notes: Vec<String>,
    /// Whether the author counts the ending as a pass (`pass`, else by outcome).
    pub ending_counts_as_pass: bool,
    /// The critical errors taken, in order, each with why it fails the run.
    pub critical: Vec<CriticalError>,
    pub passed: bool,
    pub pass_mark: i64,
    /// Unrounded; the record (`RunResult`) keeps the rounded figures.
    pub overall: Option<f64>,
    pub dimensions: Vec<DimensionScore>,
    pub final_mood: i64,
    pub decisions: Vec<DecisionReview>,
    /// `None` when the search finds no ending (only an unchecked file can lack one).
    pub best_path: Option<BestPathReview>,
    /// Best path's overall minus the run's, in percentage points, when both are assessed.
    pub gap: Option<f64>,
    /// The feedback of the decisions that cost the most, costliest first.
    pub tips: Vec<Tip>,
    pub result: RunResult,
}

/// A dimension's result for a whole run or path.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionScore {
    pub id: String,
    pub name: String,
    pub weight: f64,
    /// `None`: not assessed (no decision told the choices apart on it).
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionReview {
    pub step_id: String,
    /// What the customer said at the step (name the step by this, never by its id).
    pub asked: String,
    /// Why the choice is a critical error, when it is one.
    pub critical: Option<String>,
    pub said: String,
    pub marks: Vec<DimensionCost>,
    /// Percentage points of the overall lost against choosing the best shown on every
    /// dimension (the overall is linear in each decision's points, so this is exact).
    pub cost: f64,
    pub feedback: Option<String>,
    pub tactics: Vec<String>,
    /// The tactics by the rubric's readable names (what a trainee is shown).
    pub tactic_names: Vec<String>,
    pub mood_before: i64,
    pub mood_after: i64,
    pub hesitated: bool,
    pub escalated: bool,
}

/// One decision on one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionCost {
    pub dimension: String,
    pub name: String,
    pub mark: Mark,
    /// best - earned, in rubric points.
    pub lost: i64,
    /// What `lost` took off the dimension's percent (0 where not assessed).
    pub cost: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BestPathReview {
    pub steps: Vec<BestStep>,
    pub ending_id: String,
    pub outcome: Outcome,
    pub overall: Option<f64>,
    pub passed: bool,
    pub dimensions: Vec<DimensionScore>,
}

/// One decision on the best path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BestStep {
    pub step_id: String,
    /// The customer's line at the step (its plain `say`, first variant), filled.
    pub asked: String,
    pub said: String,
    pub choice: usize,
}

impl BestPathReview {
    /// For each of `decisions`, the best path's decision at the same step, or `None` where
    /// the best path never comes to that step. Paired by step id, not by position, so a
    /// detour does not set every later decision beside the wrong step. A step the run
    /// visits again is paired with the best path's next visit to it, else its last one.
    pub fn at_steps_of(&self, decisions: &[DecisionReview]) -> Vec<Option<&BestStep>> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        decisions
            .iter()
            .map(|d| {
                let visit = seen.entry(d.step_id.as_str()).or_default();
                let here: Vec<&BestStep> = self
                    .steps
                    .iter()
                    .filter(|b| b.step_id == d.step_id)
                    .collect();
                let paired = here.get(*visit).or(here.last()).copied();
                *visit += 1;
                paired
            })
            .collect()
    }

    /// The best path's decisions that [`Self::at_steps_of`] pairs with none of
    /// `decisions` (steps the run never reached), each with its index on the best path.
    pub fn not_reached(&self, decisions: &[DecisionReview]) -> Vec<(usize, &BestStep)> {
        let paired = self.at_steps_of(decisions);
        self.steps
            .iter()
            .enumerate()
            .filter(|(_, b)| !paired.iter().flatten().any(|p| std::ptr::eq(*p, *b)))
            .collect()
    }
}

/// What kept a run from passing whatever its score, when something did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
    /// A critical choice was taken.
    Critical,
    /// The ending does not count as a pass (`pass = false`, or `lost`/`escalated` by
    /// default).
    Ending(Outcome),
}

impl Debrief {
    /// What failed the run whatever its score: a critical error first, then the ending.
    pub fn blocker(&self) -> Option<Blocker> {
        if !self.critical.is_empty() {
            Some(Blocker::Critical)
        } else if !self.ending_counts_as_pass {
            Some(Blocker::Ending(self.outcome))
        } else {
            None
        }
    }
}

/// A critical choice taken in the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriticalError {
    /// What the trainee said, filled.
    pub said: String,
    /// Why it fails the run, filled.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tip {
    pub step_id: String,
    /// What the customer said at the step.
    pub asked: String,
    pub said: String,
    pub feedback: String,
    pub cost: f64,
}

impl Run<'_> {
    /// The debrief, once the run has reached an ending.
    pub fn debrief(&self) -> Option<Debrief> {
        let result = self.result()?;
        let ending = self.ending()?;
        let scenario = self.graph.scenario;
        let ending_say = match self.transcript().last() {
            Some(Line::Customer(say)) => say.clone(),
            _ => String::new(),
        };
        let decisions: Vec<DecisionReview> = self.answered.iter().map(|a| self.review(a)).collect();
        let best_path = best_path(&self.graph, &self.dims).map(|path| BestPathReview {
            steps: path
                .decisions
                .iter()
                .map(|d| BestStep {
                    step_id: self
                        .graph
                        .id(crate::domain::graph::At::Step(d.step))
                        .to_owned(),
                    asked: self.fill(
                        self.graph
                            .step(d.step)
                            .say
                            .get_ref()
                            .0
                            .first()
                            .map_or("", String::as_str),
                    ),
                    said: self.fill(self.graph.choice(d.step, d.choice).say.get_ref()),
                    choice: d.choice,
                })
                .collect(),
            ending_id: scenario.endings[path.ending].id.get_ref().clone(),
            outcome: *scenario.endings[path.ending].outcome.get_ref(),
            overall: path.overall,
            passed: path.passed,
            dimensions: self.scores(&path.tally),
        });
        let overall = self.overall();
        let gap = match (best_path.as_ref().and_then(|b| b.overall), overall) {
            (Some(best), Some(run)) => Some(best - run),
            _ => None,
        };
        Some(Debrief {
            scenario_id: scenario.id().to_owned(),
            title: scenario.title().to_owned(),
            ending_id: ending.id.get_ref().clone(),
            outcome: *ending.outcome.get_ref(),
            ending_say,
            ending_debrief: self.fill(ending.debrief()),
            notes: self
                .graph
                .notes(ending, self.mood(), &self.flags)
                .into_iter()
                .map(|n| self.fill(n))
                .collect(),
            ending_counts_as_pass: ending.counts_as_pass(),
            critical: self
                .answered
                .iter()
                .filter_map(|a| {
                    Some(CriticalError {
                        said: a.said.clone(),
                        why: a.critical.clone()?,
                    })
                })
                .collect(),
            passed: result.passed,
            pass_mark: scenario.scenario.pass_mark(),
            overall,
            dimensions: self.scores(&self.tally),
            final_mood: self.mood(),
            tips: tips(&decisions),
            decisions,
            best_path,
            gap,
            result,
        })
    }

    fn scores(&self, tally: &Tally) -> Vec<DimensionScore> {
        tally
            .percents()
            .into_iter()
            .enumerate()
            .map(|(i, percent)| DimensionScore {
                id: self.dims.ids[i].clone(),
                name: self.dim_names.get(i).cloned().unwrap_or_default(),
                weight: self.dims.weights[i],
                percent,
            })
            .collect()
    }

    fn review(&self, a: &Answered) -> DecisionReview {
        let possible = &self.tally.possible;
        let weights = &self.dims.weights;
        // The overall divides by the weights of the assessed dimensions only.
        let assessed_weight: f64 = possible
            .iter()
            .zip(weights)
            .filter(|(p, _)| **p > 0)
            .map(|(_, w)| w)
            .sum();
        let marks: Vec<DimensionCost> = a
            .marks
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let lost = m.mark.lost();
                let cost = if m.mark.is_assessed() && possible[i] > 0 {
                    100.0 * lost as f64 / possible[i] as f64
                } else {
                    0.0
                };
                DimensionCost {
                    dimension: m.dimension.clone(),
                    name: self.dim_names.get(i).cloned().unwrap_or_default(),
                    mark: m.mark,
                    lost,
                    cost,
                }
            })
            .collect();
        let cost = if assessed_weight > 0.0 {
            marks
                .iter()
                .zip(weights)
                .map(|(m, w)| m.cost * w)
                .sum::<f64>()
                / assessed_weight
        } else {
            0.0
        };
        DecisionReview {
            step_id: a.step_id.clone(),
            asked: a.asked.clone(),
            critical: a.critical.clone(),
            said: a.said.clone(),
            marks,
            cost,
            feedback: a.feedback.clone(),
            tactics: a.tactics.clone(),
            tactic_names: a.tactic_names.clone(),
            mood_before: a.mood_before,
            mood_after: a.mood_after,
            hesitated: a.hesitated,
            escalated: a.escalated,
        }
    }
}

// The start of a customer's line names a step (a trainee never sees step ids).
pub use crate::domain::excerpt::excerpt;

/// The feedback of the costliest decisions (those that cost something and say why),
/// costliest first; the earlier decision first on a tie; the same feedback once.
fn tips(decisions: &[DecisionReview]) -> Vec<Tip> {
    let mut costly: Vec<&DecisionReview> = decisions
        .iter()
        .filter(|d| d.cost > 0.0 && d.feedback.as_ref().is_some_and(|f| !f.trim().is_empty()))
        .collect();
    costly.sort_by(|a, b| b.cost.total_cmp(&a.cost));
    let mut out: Vec<Tip> = Vec::new();
    for d in costly {
        let feedback = d.feedback.clone().unwrap_or_default();
        if out.iter().any(|t| t.feedback == feedback) {
            continue;
        }
        out.push(Tip {
            step_id: d.step_id.clone(),
            asked: d.asked.clone(),
            said: d.said.clone(),
            feedback,
            cost: d.cost,
        });
        if out.len() == TIPS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(steps: &[&str]) -> BestPathReview {
        BestPathReview {
            steps: steps
                .iter()
                .map(|s| BestStep {
                    step_id: (*s).to_owned(),
                    asked: format!("asked at {s}"),
                    said: format!("best at {s}"),
                    choice: 0,
                })
                .collect(),
            ending_id: "resolved".to_owned(),
            outcome: Outcome::Resolved,
            overall: Some(100.0),
            passed: true,
            dimensions: Vec::new(),
        }
    }

    fn decisions(steps: &[&str]) -> Vec<DecisionReview> {
        steps
            .iter()
            .map(|s| DecisionReview {
                step_id: (*s).to_owned(),
                asked: format!("asked at {s}"),
                critical: None,
                said: format!("said at {s}"),
                marks: Vec::new(),
                cost: 0.0,
                feedback: None,
                tactics: Vec::new(),
                tactic_names: Vec::new(),
                mood_before: 0,
                mood_after: 0,
                hesitated: false,
                escalated: false,
            })
            .collect()
    }

    fn paired<'b>(b: &'b BestPathReview, run: &[DecisionReview]) -> Vec<Option<&'b str>> {
        b.at_steps_of(run)
            .into_iter()
            .map(|s| s.map(|s| s.step_id.as_str()))
            .collect()
    }

    #[test]
    fn a_detour_pairs_each_decision_with_the_best_path_at_the_same_step() {
        // refund-no-receipt: the run goes through defends-use, the best path does not.
        let b = best(&["opening", "what-happened", "sent-away", "receipt"]);
        let run = decisions(&[
            "opening",
            "what-happened",
            "defends-use",
            "sent-away",
            "receipt",
        ]);
        assert_eq!(
            paired(&b, &run),
            [
                Some("opening"),
                Some("what-happened"),
                None,
                Some("sent-away"),
                Some("receipt")
            ]
        );
        assert!(b.not_reached(&run).is_empty());
    }

    #[test]
    fn steps_only_the_best_path_reaches_are_listed_with_their_place_on_it() {
        let b = best(&["opening", "what-happened", "sent-away", "receipt", "lookup"]);
        let run = decisions(&["opening", "policy-wall", "lookup"]);
        assert_eq!(paired(&b, &run), [Some("opening"), None, Some("lookup")]);
        let missed: Vec<(usize, &str)> = b
            .not_reached(&run)
            .into_iter()
            .map(|(i, s)| (i, s.step_id.as_str()))
            .collect();
        assert_eq!(
            missed,
            [(1, "what-happened"), (2, "sent-away"), (3, "receipt")]
        );
    }

    #[test]
    fn a_step_visited_again_is_paired_with_the_best_paths_visit_to_it() {
        let b = best(&["opening", "close"]);
        let run = decisions(&["opening", "close", "close"]);
        assert_eq!(
            paired(&b, &run),
            [Some("opening"), Some("close"), Some("close")]
        );
        assert!(b.not_reached(&run).is_empty());
        // The other way round: the best path's second visit is one the run never made.
        let b = best(&["opening", "close", "close"]);
        let run = decisions(&["opening", "close"]);
        assert_eq!(b.not_reached(&run).len(), 1);
        assert_eq!(b.not_reached(&run)[0].0, 2);
    }
}
