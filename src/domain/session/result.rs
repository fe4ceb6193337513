//! The record a finished run leaves: what `play --plain --json` prints and what progress
//! stores. Percents and the overall are rounded to one decimal place here, once.

use super::run::{Answered, Mode, Run};
use crate::domain::graph::At;
use crate::domain::scenario::Outcome;
use crate::domain::scoring::{Mark, passes};
use serde::{Deserialize, Serialize};

/// A finished run, as the JSON of cli.md:
/// `{"scenario", "ending", "outcome", "passed", "overall", "dimensions", "final_mood",
/// "steps", "decisions", "seed", "trainee", ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub scenario: String,
    pub ending: String,
    pub outcome: Outcome,
    pub passed: bool,
    /// The critical errors taken, in order: any one fails the run (empty when none).
    #[serde(default)]
    pub critical: Vec<CriticalRecord>,
    /// Weighted overall percent; `null` when no dimension was assessed.
    pub overall: Option<f64>,
    /// Percent per dimension in rubric order; `null` where not assessed.
    #[serde(with = "ordered_map")]
    pub dimensions: Vec<(String, Option<f64>)>,
    pub final_mood: i64,
    /// Step ids in the order visited.
    pub steps: Vec<String>,
    pub decisions: Vec<DecisionRecord>,
    pub seed: u64,
    pub trainee: String,
    pub customer: String,
    pub mode: Mode,
}

/// A critical choice taken: the step, the choice's index as authored, and why it fails
/// the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriticalRecord {
    pub step: String,
    pub choice: usize,
    pub why: String,
}

/// One decision in the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub step: String,
    /// Index of the choice among the step's choices as authored (0-based).
    pub choice: usize,
    /// The number it had on screen (1-based).
    pub number: usize,
    pub said: String,
    #[serde(with = "ordered_map")]
    pub marks: Vec<(String, MarkRecord)>,
    pub mood_before: i64,
    pub mood_after: i64,
    pub hesitated: bool,
    pub escalated: bool,
    pub tactics: Vec<String>,
    /// The typed reply and its points, when the decision was made by typing one (left
    /// out of the JSON for a chosen one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<TypedRecord>,
}

/// A decision made by a typed reply: the reply, and the points per dimension it was given
/// after clamping (each mark's `earned`), in rubric order. With the choice it was taken
/// as, enough to replay the decision exactly ([`Run::answer_as`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedRecord {
    pub reply: String,
    #[serde(with = "ordered_map")]
    pub points: Vec<(String, i64)>,
}

impl TypedRecord {
    /// A typed reply with the points its marks earned, in the marks' order.
    pub fn earned(reply: &str, marks: &[(String, MarkRecord)]) -> TypedRecord {
        TypedRecord {
            reply: reply.to_owned(),
            points: marks.iter().map(|(d, m)| (d.clone(), m.earned)).collect(),
        }
    }

    /// The points as a map, as [`Run::answer_as`] takes them.
    pub fn points_map(&self) -> std::collections::BTreeMap<String, i64> {
        self.points.iter().cloned().collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkRecord {
    pub earned: i64,
    pub best: i64,
    pub worst: i64,
}

impl From<Mark> for MarkRecord {
    fn from(m: Mark) -> MarkRecord {
        MarkRecord {
            earned: m.earned,
            best: m.best,
            worst: m.worst,
        }
    }
}

impl From<&Answered> for DecisionRecord {
    fn from(a: &Answered) -> DecisionRecord {
        let marks: Vec<(String, MarkRecord)> = a
            .marks
            .iter()
            .map(|m| (m.dimension.clone(), m.mark.into()))
            .collect();
        DecisionRecord {
            step: a.step_id.clone(),
            choice: a.step_choice,
            number: a.number,
            said: a.said.clone(),
            typed: a.reply.as_deref().map(|r| TypedRecord::earned(r, &marks)),
            marks,
            mood_before: a.mood_before,
            mood_after: a.mood_after,
            hesitated: a.hesitated,
            escalated: a.escalated,
            tactics: a.tactics.clone(),
        }
    }
}

/// Rounds to one decimal place, as the record shows percents.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Run<'_> {
    /// The record of the run, once it has reached an ending.
    pub fn result(&self) -> Option<RunResult> {
        let At::Ending(e) = self.at? else {
            return None;
        };
        let ending = self.graph.scenario.endings.get(e)?;
        let outcome = *ending.outcome.get_ref();
        let overall = self.overall();
        let scenario = self.graph.scenario;
        Some(RunResult {
            scenario: scenario.id().to_owned(),
            ending: ending.id.get_ref().clone(),
            outcome,
            passed: passes(
                overall,
                scenario.scenario.pass_mark(),
                self.graph.ending_allows_pass(e, &self.flags),
            ),
            critical: self
                .answered
                .iter()
                .filter_map(|a| {
                    Some(CriticalRecord {
                        step: a.step_id.clone(),
                        choice: a.step_choice,
                        why: a.critical.clone()?,
                    })
                })
                .collect(),
            overall: overall.map(round1),
            dimensions: self
                .dims
                .ids
                .iter()
                .cloned()
                .zip(self.percents().into_iter().map(|p| p.map(round1)))
                .collect(),
            final_mood: self.mood(),
            steps: self.steps.clone(),
            decisions: self.answered.iter().map(DecisionRecord::from).collect(),
            seed: self.options.seed,
            trainee: self.options.trainee.clone(),
            customer: self.customer.clone(),
            mode: self.options.mode,
        })
    }
}

/// A list of pairs as a JSON object whose keys keep the list's order (rubric order),
/// which a map type would sort. Use with `#[serde(with = "...")]`.
pub(crate) mod ordered_map {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde::ser::{SerializeMap, Serializer};
    use std::fmt;
    use std::marker::PhantomData;

    pub fn serialize<S: Serializer, V: serde::Serialize>(
        pairs: &[(String, V)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(pairs.len()))?;
        for (k, v) in pairs {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Vec<(String, V)>, D::Error> {
        struct Pairs<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Pairs<V> {
            type Value = Vec<(String, V)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    out.push(pair);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Pairs(PhantomData))
    }
}
