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
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
    // A public post on social media: the first replies are read by everyone following
    // the thread, so what belongs in private (account details) moves to direct messages.
    Social,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Counter,
        Channel::Phone,
        Channel::Chat,
        Channel::Email,
        Channel::Internal,
        Channel::Social,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Internal => "internal",
            Channel::Social => "social",
        }
    }

    /// Where the conversation happens, as the briefing says it after the customer's name
    /// ("You will be speaking with Priya Raman, on the phone."). Social media says the
    /// thread is public, because that changes what a reply may say.
    pub fn setting(self) -> &'static str {
        match self {
            Channel::Counter => "at the counter",
            Channel::Phone => "on the phone",
            Channel::Chat => "in a live chat",
            Channel::Email => "by email",
            Channel::Internal => "a colleague inside the company",
            Channel::Social => "on social media, where the thread is public",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `[customer]` table.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The customer's name (or use `names`).
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// How `{customer}` addresses them ("Ms Raman"); default: the first word of the name.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub address: Option<Spanned<String>>,
    /// Names of which one is drawn per run (or use `name`): each a name, or a table
    /// `{ name = "...", address = "..." }`.
    #[schemars(with = "Option<Vec<NameEntry>>", length(min = 1))]
    #[serde(default)]
    pub names: Option<Spanned<Vec<NameEntry>>>,
    /// Who they are and what they care about; shown on the briefing.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub persona: Option<Spanned<String>>,
    /// Starting mood: -100 furious .. 0 neutral .. 100 delighted.
    #[schemars(with = "Option<i64>", range(min = -100, max = 100))]
    #[serde(default)]
    pub mood: Option<Spanned<i64>>,
}

/// An entry of `names`: a full name, or a name with its form of address.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
pub enum NameEntry {
    Name(String),
    Addressed(AddressedName),
}

/// `{ name = "Priya Raman", address = "Ms Raman" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressedName {
    /// The full name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// What `{customer}` says; default: the first word of the name.
    #[serde(default)]
    pub address: Option<String>,
}

// By hand rather than `untagged`, so a misspelt key in the table gets serde's own
// "unknown field ..., expected ..." (and a suggestion) instead of "no variant matched".
impl<'de> Deserialize<'de> for NameEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> serde::de::Visitor<'de> for EntryVisitor {
            type Value = NameEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name, or a table `{ name = \"...\", address = \"...\" }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NameEntry, E> {
                Ok(NameEntry::Name(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<NameEntry, A::Error> {
                AddressedName::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(NameEntry::Addressed)
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

impl NameEntry {
    pub fn name(&self) -> &str {
        match self {
            NameEntry::Name(n) => n,
            NameEntry::Addressed(a) => &a.name,
        }
    }

    pub fn address(&self) -> Option<&str> {
        match self {
            NameEntry::Name(_) => None,
            NameEntry::Addressed(a) => a.address.as_deref(),
        }
    }
}

/// A customer as a run draws them: the full name, and the form of address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person<'a> {
    pub full: &'a str,
    pub address: &'a str,
}

impl<'a> Person<'a> {
    /// A person addressed as `address`, else by the first word of the name.
    pub fn new(full: &'a str, address: Option<&'a str>) -> Person<'a> {
        let address = address
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(|| full.split_whitespace().next().unwrap_or(full));
        Person { full, address }
    }
}

impl Customer {
    /// The full names one is drawn from: `names`, else `name` alone.
    pub fn name_pool(&self) -> Vec<&str> {
        self.people().into_iter().map(|p| p.full).collect()
    }

    /// The people one is drawn from, each with their form of address.
    pub fn people(&self) -> Vec<Person<'_>> {
        match (&self.names, &self.name) {
            (Some(names), _) => names
                .get_ref()
                .iter()
                .map(|n| Person::new(n.name(), n.address()))
                .collect(),
            (None, Some(name)) => vec![Person::new(
                name.get_ref(),
                self.address.as_ref().map(|a| a.get_ref().as_str()),
            )],
            (None, None) => Vec::new(),
        }
    }

    pub fn start_mood(&self) -> i64 {
        self.mood.as_ref().map_or(0, |m| *m.get_ref())
    }
}

/// One turn: the customer speaks, the trainee picks a choice.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
    /// Who says it when it is not the customer ("Jo (billing team)"); default the customer.
    #[schemars(with = "Option<String>", length(min = 1))]
    #[serde(default)]
    pub speaker: Option<Spanned<String>>,
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
    /// Lines said instead of `say` in some states: the first whose condition holds when
    /// the step is reached.
    #[serde(default, rename = "line")]
    pub lines: Vec<StateLine>,
}

/// The keys of a condition on the state of a run, written inline in a `[[step.line]]`,
/// a route or an `[[ending.note]]` (serde's `flatten` would lose the spans): every key
/// given must hold, and a condition with none always holds.
macro_rules! condition_keys {
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        pub struct $name {
            /// Holds when the mood is below this.
            #[schemars(with = "Option<i64>", range(min = -100, max = 101))]
            #[serde(default)]
            pub mood_below: Option<Spanned<i64>>,
            /// Holds when the mood is at least this.
            #[schemars(with = "Option<i64>", range(min = -100, max = 100))]
            #[serde(default)]
            pub mood_at_least: Option<Spanned<i64>>,
            /// Holds when every one of these flags is set.
            #[schemars(with = "Vec<String>")]
            #[serde(default)]
            pub flags: Vec<Spanned<String>>,
            /// Holds when none of these flags is set.
            #[schemars(with = "Vec<String>")]
            #[serde(default)]
            pub unless: Vec<Spanned<String>>,
            $($body)*
        }

        impl $name {
            /// The condition this entry is kept by.
            pub fn when(&self) -> Condition<'_> {
                Condition {
                    mood_below: self.mood_below.as_ref(),
                    mood_at_least: self.mood_at_least.as_ref(),
                    flags: &self.flags,
                    unless: &self.unless,
                }
            }
        }
    };
}

/// A condition on the state of a run, borrowed from the entry that carries it.
#[derive(Debug, Clone, Copy)]
pub struct Condition<'a> {
    pub mood_below: Option<&'a Spanned<i64>>,
    pub mood_at_least: Option<&'a Spanned<i64>>,
    pub flags: &'a [Spanned<String>],
    pub unless: &'a [Spanned<String>],
}

impl<'a> Condition<'a> {
    /// Whether the condition holds at `mood` with the flags `is_set` reports.
    pub fn holds(&self, mood: i64, is_set: impl Fn(&str) -> bool) -> bool {
        self.mood_below.is_none_or(|b| mood < *b.get_ref())
            && self.mood_at_least.is_none_or(|a| mood >= *a.get_ref())
            && self.flags.iter().all(|f| is_set(f.get_ref()))
            && !self.unless.iter().any(|f| is_set(f.get_ref()))
    }

    /// True when the condition has no key: it always holds.
    pub fn is_empty(&self) -> bool {
        self.mood_below.is_none()
            && self.mood_at_least.is_none()
            && self.flags.is_empty()
            && self.unless.is_empty()
    }

    /// True when the condition reads the mood.
    pub fn reads_mood(&self) -> bool {
        self.mood_below.is_some() || self.mood_at_least.is_some()
    }

    /// The condition in words: "mood < -50, flags a, b, not c".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(b) = self.mood_below {
            parts.push(format!("mood < {}", b.get_ref()));
        }
        if let Some(a) = self.mood_at_least {
            parts.push(format!("mood >= {}", a.get_ref()));
        }
        let names = |list: &[Spanned<String>]| {
            list.iter()
                .map(|f| f.get_ref().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.flags.is_empty() {
            parts.push(format!("flags {}", names(self.flags)));
        }
        if !self.unless.is_empty() {
            parts.push(format!("not {}", names(self.unless)));
        }
        if parts.is_empty() {
            "always".to_owned()
        } else {
            parts.join(", ")
        }
    }

    /// Every flag the condition names.
    pub fn flag_names(&self) -> impl Iterator<Item = &'a Spanned<String>> + use<'a> {
        self.flags.iter().chain(self.unless)
    }
}

condition_keys! {
/// `[[step.line]]`: what the customer says at a step in some states.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateLine {
    /// What the customer says in this state: a text, or variants.
    #[schemars(with = "Say")]
    pub say: Spanned<Say>,
    /// Scene text replacing the step's narration in this state.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub narration: Option<Spanned<String>>,
    /// Who says this line when it is not the customer; default the step's `speaker`.
    #[schemars(with = "Option<String>", length(min = 1))]
    #[serde(default)]
    pub speaker: Option<Spanned<String>>,
}
}

/// A choice's `next`: one step or ending id, or routes tried in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    To(String),
    Routes(Vec<Route>),
}

condition_keys! {
/// One route of a conditional `next`: go `to` when the condition holds.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The step or ending id.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub to: Spanned<String>,
}
}

impl Next {
    /// Every id this `next` can lead to, in the order written.
    pub fn targets(&self) -> Vec<&str> {
        match self {
            Next::To(id) => vec![id.as_str()],
            Next::Routes(routes) => routes.iter().map(|r| r.to.get_ref().as_str()).collect(),
        }
    }

    /// The id a run goes to at `mood` with the flags `is_set` reports: the first route
    /// whose condition holds. `None` only for routes none of which holds (a file the
    /// loader refuses).
    pub fn target(&self, mood: i64, is_set: impl Fn(&str) -> bool) -> Option<&str> {
        match self {
            Next::To(id) => Some(id),
            Next::Routes(routes) => routes
                .iter()
                .find(|r| r.when().holds(mood, &is_set))
                .map(|r| r.to.get_ref().as_str()),
        }
    }

    /// Every target with the condition that leads there (`None` for a plain `next`).
    pub fn routes_or_plain(&self) -> Vec<(&str, Option<Condition<'_>>)> {
        match self {
            Next::To(id) => vec![(id.as_str(), None)],
            Next::Routes(routes) => routes
                .iter()
                .map(|r| (r.to.get_ref().as_str(), Some(r.when())))
                .collect(),
        }
    }

    /// The routes, when `next` is a list of them.
    pub fn routes(&self) -> &[Route] {
        match self {
            Next::To(_) => &[],
            Next::Routes(routes) => routes,
        }
    }

    /// The first id written (a plain `next`, or the first route's).
    pub fn first(&self) -> &str {
        self.targets().first().copied().unwrap_or("")
    }
}

impl fmt::Display for Next {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.targets().join(" | "))
    }
}

impl JsonSchema for Next {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Next".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let route = generator.subschema_for::<Route>();
        schemars::json_schema!({
            "description": "A step or ending id, or routes tried in order (first match wins; the last has no condition).",
            "anyOf": [
                { "type": "string", "pattern": "^[a-z0-9-]+$" },
                { "type": "array", "items": route, "minItems": 1 }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Next {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NextVisitor;
        impl<'de> serde::de::Visitor<'de> for NextVisitor {
            type Value = Next;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a step or ending id, or a list of routes `{ to = \"...\" }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Next, E> {
                Ok(Next::To(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Next, A::Error> {
                let mut routes = Vec::new();
                while let Some(r) = seq.next_element::<Route>()? {
                    routes.push(r);
                }
                Ok(Next::Routes(routes))
            }
        }
        deserializer.deserialize_any(NextVisitor)
    }
}

/// A `[[step.point]]`: a point a good typed reply makes, or (`avoid`) must not make.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the trainee says.
    #[schemars(with = "String", length(min = 1))]
    pub say: Spanned<String>,
    /// The step or ending this choice leads to, or routes that depend on the state.
    #[schemars(with = "Next")]
    pub next: Spanned<Next>,
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
    /// Why taking this choice fails the run whatever the score (a critical error).
    #[schemars(with = "Option<String>", length(min = 1))]
    #[serde(default)]
    pub critical: Option<Spanned<String>>,
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
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
    /// Whether the author counts this ending as a pass; default false for `lost` and
    /// `escalated`, true for `resolved` and `partial`.
    #[schemars(with = "Option<bool>")]
    #[serde(default)]
    pub pass: Option<Spanned<bool>>,
    /// Debrief notes shown after `debrief` when their condition holds at the end.
    #[serde(default, rename = "note")]
    pub notes: Vec<Note>,
}

condition_keys! {
/// `[[ending.note]]`: a debrief note kept or left out by the state at the end of a run.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The note.
    #[schemars(with = "String", length(min = 1))]
    pub text: Spanned<String>,
}
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
    /// The outcome in a trainee's words.
    pub fn words(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Partial => "partly resolved",
            Outcome::Escalated => "escalated",
            Outcome::Lost => "customer lost",
        }
    }

    /// Whether an ending with this outcome counts as a pass when it does not say.
    pub fn passes_by_default(self) -> bool {
        matches!(self, Outcome::Resolved | Outcome::Partial)
    }

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

    /// Whether a run ending here can pass: the file's `pass`, else by the outcome.
    pub fn counts_as_pass(&self) -> bool {
        self.pass.as_ref().map_or_else(
            || self.outcome.get_ref().passes_by_default(),
            |p| *p.get_ref(),
        )
    }
}

impl Step {
    /// The line and narration for the state: the first `[[step.line]]` whose condition
    /// holds, else the step's own `say` and `narration`.
    pub fn line_for(
        &self,
        mood: i64,
        is_set: impl Fn(&str) -> bool,
    ) -> (&Say, Option<&Spanned<String>>) {
        match self.lines.iter().find(|l| l.when().holds(mood, &is_set)) {
            Some(l) => (
                l.say.get_ref(),
                l.narration.as_ref().or(self.narration.as_ref()),
            ),
            None => (self.say.get_ref(), self.narration.as_ref()),
        }
    }
}

impl Step {
    /// Who speaks at the step in a state: the matching `[[step.line]]`'s `speaker`, else
    /// the step's; `None` for the customer.
    pub fn speaker_for(&self, mood: i64, is_set: impl Fn(&str) -> bool) -> Option<&str> {
        let line = self.lines.iter().find(|l| l.when().holds(mood, &is_set));
        line.and_then(|l| l.speaker.as_ref())
            .or(self.speaker.as_ref())
            .map(|s| s.get_ref().as_str())
    }
}

impl Choice {
    /// The critical error's reason, when taking this choice fails the run.
    pub fn critical(&self) -> Option<&str> {
        self.critical.as_ref().map(|c| c.get_ref().as_str())
    }
}
