//! The scenario file, format 1, as serde reads it.
//!
//! Every value a finding may point at is kept `Spanned`, so a message can name
//! `file:line:column` and underline the text. Range and cross-reference rules live in
//! `check.rs`, not in serde, so that one run reports all of them instead of the first.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub format: Spanned<i64>,
    pub scenario: Meta,
    pub customer: Customer,
    #[serde(default, rename = "step")]
    pub steps: Vec<Step>,
    #[serde(default, rename = "ending")]
    pub endings: Vec<Ending>,
}

/// The `[scenario]` table: what the library shows and how a run passes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub summary: Option<Spanned<String>>,
    pub channel: Spanned<Channel>,
    pub difficulty: Spanned<i64>,
    #[serde(default)]
    pub minutes: Option<Spanned<i64>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    pub start: Spanned<String>,
    #[serde(default)]
    pub pass_mark: Option<Spanned<i64>>,
    #[serde(default)]
    pub author: Option<Spanned<String>>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    pub names: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub persona: Option<Spanned<String>>,
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: Spanned<String>,
    #[serde(default)]
    pub narration: Option<Spanned<String>>,
    pub say: Spanned<Say>,
    #[serde(default)]
    pub time_limit: Option<Spanned<i64>>,
    #[serde(default)]
    pub escalate_below: Option<Spanned<i64>>,
    #[serde(default)]
    pub escalate_to: Option<Spanned<String>>,
    #[serde(default, rename = "choice")]
    pub choices: Vec<Choice>,
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub say: Spanned<String>,
    pub next: Spanned<String>,
    #[serde(default)]
    pub mood: Option<Spanned<i64>>,
    #[serde(default)]
    pub score: BTreeMap<Spanned<String>, Spanned<i64>>,
    #[serde(default)]
    pub tactics: Vec<Spanned<String>>,
    #[serde(default)]
    pub feedback: Option<Spanned<String>>,
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    #[serde(default)]
    pub sets: Vec<Spanned<String>>,
    #[serde(default, rename = "match")]
    pub match_words: Vec<Spanned<String>>,
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: Spanned<String>,
    pub outcome: Spanned<Outcome>,
    pub say: Spanned<Say>,
    #[serde(default)]
    pub debrief: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
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

/// A line the customer says: one text, or variants of which one is drawn per run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Say(pub Vec<String>);

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
