//! The scenario file, format 1, as serde reads it.
//!
//! Every value a finding may point at is kept `Spanned`, so a message can name
//! `file:line:column` and underline the text. Range and cross-reference rules live in
//! `check.rs`, not in serde, so that one run reports all of them instead of the first.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Always 1: the version of this file format.
    #[schemars(with = "i64", range(min = 1, max = 1))]
    pub format: Spanned<i64>,
    pub scenario: Meta,
    pub customer: Customer,
    #[serde(default, rename = "step")]
    pub steps: Vec<Step>,
    #[serde(default, rename = "ending")]
    pub endings: Vec<Ending>,
}

/// The `[scenario]` table: what the library shows and how a run passes.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Unique in a library: lowercase letters, digits and '-'.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: Spanned<String>,
    /// Shown in the library list.
    #[schemars(with = "String", length(min = 1))]
    pub title: Spanned<String>,
    /// One or two sentences shown in the library's detail pane.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub summary: Option<Spanned<String>>,
    /// How the conversation happens.
    #[schemars(with = "Channel")]
    pub channel: Spanned<Channel>,
    /// 1 (gentle) to 5 (hardest).
    #[schemars(with = "i64", range(min = 1, max = 5))]
    pub difficulty: Spanned<i64>,
    /// Rough length in minutes, shown in the library.
    #[schemars(with = "Option<i64>", range(min = 1, max = 240))]
    #[serde(default)]
    pub minutes: Option<Spanned<i64>>,
    /// Words the library filter also searches.
    #[schemars(with = "Vec<String>")]
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    /// The id of the first step.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub start: Spanned<String>,
    /// Overall percent needed to pass; default 70.
    #[schemars(with = "Option<i64>", range(min = 0, max = 100))]
    #[serde(default)]
    pub pass_mark: Option<Spanned<i64>>,
    /// Who wrote the scenario.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub author: Option<Spanned<String>>,
    /// Weight of each dimension in the overall score; default 1.
    #[schemars(with = "BTreeMap<String, f64>")]
    #[serde(default)]
    pub weights: BTreeMap<Spanned<String>, Spanned<f64>>,
}

/// The pass mark when a file gives none.
pub const DEFAULT_PASS_MARK: i64 = 70;

impl Meta {
    pub fn pass_mark(&self) -> i64 {
        self.pass_mark
            .as_ref()
            .map_or(DEFAULT_PASS_MARK, |p| *p.get_ref())
    }

    /// Weight of a dimension for the overall score: the file's, else 1.
    pub fn weight(&self, dimension: &str) -> Option<f64> {
        self.weights
            .iter()
            .find(|(k, _)| k.get_ref() == dimension)
            .map(|(_, w)| *w.get_ref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Counter,
    Phone,
    Chat,
    Email,
    Internal,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Counter,
        Channel::Phone,
        Channel::Chat,
        Channel::Email,
        Channel::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Internal => "internal",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `[customer]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The customer's name (or use `names`).
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// Names of which one is drawn per run (or use `name`).
    #[schemars(with = "Option<Vec<String>>", length(min = 1))]
    #[serde(default)]
    pub names: Option<Spanned<Vec<String>>>,
    /// Who they are and what they care about; shown on the briefing.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub persona: Option<Spanned<String>>,
    /// Starting mood: -100 furious .. 0 neutral .. 100 delighted.
    #[schemars(with = "Option<i64>", range(min = -100, max = 100))]
    #[serde(default)]
    pub mood: Option<Spanned<i64>>,
}

impl Customer {
    /// The names one is drawn from: `names`, else `name` alone.
    pub fn name_pool(&self) -> Vec<&str> {
        match (&self.names, &self.name) {
            (Some(names), _) => names.get_ref().iter().map(String::as_str).collect(),
            (None, Some(name)) => vec![name.get_ref().as_str()],
            (None, None) => Vec::new(),
        }
    }

    pub fn start_mood(&self) -> i64 {
        self.mood.as_ref().map_or(0, |m| *m.get_ref())
    }
}

/// One turn: the customer speaks, the trainee picks a choice.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique among steps and endings.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: Spanned<String>,
    /// Scene text shown before the customer speaks.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub narration: Option<Spanned<String>>,
    /// What the customer says: a text, or variants of which one is drawn per run.
    #[schemars(with = "Say")]
    pub say: Spanned<Say>,
    /// Seconds to answer before the customer grows impatient (mood -10 once).
    #[schemars(with = "Option<i64>", range(min = 1, max = 3600))]
    #[serde(default)]
    pub time_limit: Option<Spanned<i64>>,
    /// After any choice here, a mood below this sends the run to `escalate_to`.
    #[schemars(with = "Option<i64>", range(min = -100, max = 100))]
    #[serde(default)]
    pub escalate_below: Option<Spanned<i64>>,
    /// Where an escalation goes: a step or ending id.
    #[schemars(with = "Option<String>", regex(pattern = r"^[a-z0-9-]+$"))]
    #[serde(default)]
    pub escalate_to: Option<Spanned<String>>,
    /// What the trainee may say (at least one).
    #[serde(default, rename = "choice")]
    pub choices: Vec<Choice>,
    /// Key points a typed reply is judged on: what a good reply makes, or must not say.
    #[serde(default, rename = "point")]
    pub points: Vec<KeyPoint>,
}

/// A `[[step.point]]`: a point a good typed reply makes, or (`avoid`) must not make.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyPoint {
    /// Unique within the step; what a choice's `points` names.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: Spanned<String>,
    /// What the point is, shown to the trainee as "made: ..." or "missed: ...".
    #[schemars(with = "String", length(min = 1))]
    pub about: Spanned<String>,
    /// Regular expressions (case-insensitive), each an accepted wording of the point.
    #[schemars(with = "Vec<String>", length(min = 1))]
    #[serde(rename = "match")]
    pub patterns: Vec<Spanned<String>>,
    /// A thing a reply must NOT say.
    #[schemars(with = "Option<bool>")]
    #[serde(default)]
    pub avoid: Option<Spanned<bool>>,
    /// Only with `avoid`: saying it is a critical error that fails the run; the reason.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub critical: Option<Spanned<String>>,
}

impl KeyPoint {
    pub fn is_avoid(&self) -> bool {
        self.avoid.as_ref().is_some_and(|a| *a.get_ref())
    }
}

impl Step {
    /// The escalation rule, when the step has both halves of it.
    pub fn escalation(&self) -> Option<(i64, &str)> {
        match (&self.escalate_below, &self.escalate_to) {
            (Some(below), Some(to)) => Some((*below.get_ref(), to.get_ref().as_str())),
            _ => None,
        }
    }
}

/// What the trainee may say at a step.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the trainee says.
    #[schemars(with = "String", length(min = 1))]
    pub say: Spanned<String>,
    /// The step or ending this choice leads to.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub next: Spanned<String>,
    /// Change to the customer's mood.
    #[schemars(with = "Option<i64>", range(min = -200, max = 200))]
    #[serde(default)]
    pub mood: Option<Spanned<i64>>,
    /// Points per dimension, -3..3; a dimension left out scores 0.
    #[schemars(with = "BTreeMap<String, Points>")]
    #[serde(default)]
    pub score: BTreeMap<Spanned<String>, Spanned<i64>>,
    /// Tactic labels from the rubric (`frontline rubric` lists them).
    #[schemars(with = "Vec<String>")]
    #[serde(default)]
    pub tactics: Vec<Spanned<String>>,
    /// Why this choice helps or hurts: name the tactic and the reason.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub feedback: Option<Spanned<String>>,
    /// Flags that must all be set for the choice to be shown.
    #[schemars(with = "Vec<String>")]
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    /// Flags any of which hides the choice.
    #[schemars(with = "Vec<String>")]
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// Flags this choice sets.
    #[schemars(with = "Vec<String>")]
    #[serde(default)]
    pub sets: Vec<Spanned<String>>,
    /// Words that help match a typed reply to this choice.
    #[schemars(with = "Vec<String>")]
    #[serde(default, rename = "match")]
    pub match_words: Vec<Spanned<String>>,
    /// Ids of the step's key points this reply makes (or avoid-points it commits).
    #[schemars(with = "Vec<String>")]
    #[serde(default)]
    pub points: Vec<Spanned<String>>,
}

impl Choice {
    /// The choice's score on a dimension; 0 where the choice omits it.
    pub fn score(&self, dimension: &str) -> i64 {
        self.score
            .iter()
            .find(|(k, _)| k.get_ref() == dimension)
            .map_or(0, |(_, v)| *v.get_ref())
    }

    pub fn mood_change(&self) -> i64 {
        self.mood.as_ref().map_or(0, |m| *m.get_ref())
    }

    /// Shown when every `requires` flag is set and no `unless` flag is.
    pub fn is_shown(&self, is_set: impl Fn(&str) -> bool) -> bool {
        self.requires.iter().all(|f| is_set(f.get_ref()))
            && !self.unless.iter().any(|f| is_set(f.get_ref()))
    }
}

/// Where a run ends.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Unique among steps and endings.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: Spanned<String>,
    /// How it turned out; a `lost` run never passes.
    #[schemars(with = "Outcome")]
    pub outcome: Spanned<Outcome>,
    /// The customer's last words.
    #[schemars(with = "Say")]
    pub say: Spanned<Say>,
    /// What led here and what to try, shown in the debrief.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub debrief: Option<Spanned<String>>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Resolved,
    Partial,
    Escalated,
    Lost,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Partial => "partial",
            Outcome::Escalated => "escalated",
            Outcome::Lost => "lost",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Score points on one dimension, for the schema.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct Points(#[schemars(range(min = -3, max = 3))] i64);

/// A line the customer says: one text, or variants of which one is drawn per run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Say(pub Vec<String>);

impl JsonSchema for Say {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Say".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A text, or a list of variants of which one is drawn per run.",
            "anyOf": [
                { "type": "string", "minLength": 1 },
                { "type": "array", "items": { "type": "string", "minLength": 1 }, "minItems": 1 }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Say {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SayVisitor;
        impl<'de> serde::de::Visitor<'de> for SayVisitor {
            type Value = Say;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a list of strings (variants, one drawn per run)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Say, E> {
                Ok(Say(vec![v.to_owned()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Say, A::Error> {
                let mut variants = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    variants.push(v);
                }
                Ok(Say(variants))
            }
        }
        deserializer.deserialize_any(SayVisitor)
    }
}

impl Scenario {
    pub fn id(&self) -> &str {
        self.scenario.id.get_ref()
    }

    pub fn title(&self) -> &str {
        self.scenario.title.get_ref()
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id.get_ref() == id)
    }

    pub fn ending(&self, id: &str) -> Option<&Ending> {
        self.endings.iter().find(|e| e.id.get_ref() == id)
    }
}

/// An optional text, or "" when absent.
pub fn text_or_empty(text: &Option<Spanned<String>>) -> &str {
    text.as_ref().map_or("", |t| t.get_ref().as_str())
}

impl Meta {
    pub fn summary(&self) -> &str {
        text_or_empty(&self.summary)
    }

    /// The tags, as written.
    pub fn tag_list(&self) -> Vec<&str> {
        self.tags.iter().map(|t| t.get_ref().as_str()).collect()
    }
}

impl Customer {
    pub fn persona(&self) -> &str {
        text_or_empty(&self.persona)
    }
}

impl Ending {
    pub fn debrief(&self) -> &str {
        text_or_empty(&self.debrief)
    }
}
