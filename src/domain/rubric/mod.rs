//! The rubric in force: the dimensions a run is scored on, the tactics a scenario may
//! name, and the cues that score a typed reply. The built-in one is `rubric/default.toml`;
//! `--rubric FILE` replaces it.
//!
//! `scorer` turns the cues into points for a typed reply; `check` finds what is wrong in a
//! rubric file. docs/scoring.md documents every key.

mod check;
pub mod matcher;
mod prefilter;
pub mod scorer;

pub use check::{check_rubric, pattern_finding};
pub use scorer::{Context, CueHit, Ignored, Scored, Scorer};

use crate::domain::finding::Finding;
use crate::domain::scenario::load;
use serde::Deserialize;
use toml::Spanned;

/// The built-in rubric's source, embedded so an installed binary needs no files.
pub const BUILTIN_SOURCE: &str = include_str!("../../../rubric/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub format: Spanned<i64>,
    #[serde(rename = "dimension")]
    pub dimensions: Vec<Dimension>,
    #[serde(default, rename = "tactic")]
    pub tactics: Vec<Tactic>,
    #[serde(default, rename = "cue")]
    pub cues: Vec<Cue>,
    /// Rubric-wide settings for scoring typed replies; every key has a default.
    #[serde(default)]
    pub scoring: Scoring,
    /// How a typed reply is matched to a step's choices (docs/scoring.md); absent: the
    /// built-in rubric's table.
    #[serde(default = "default_matching")]
    pub matching: Matching,
}

/// The `[matching]` table: what a typed reply's content is, for taking it as a choice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matching {
    /// Groups of words and phrases that mean the same at a service counter ("look up",
    /// "pull up", "check"): any of a group counts as any other.
    #[serde(default)]
    pub synonyms: Vec<Spanned<Vec<String>>>,
    /// Stock courtesy and empathy phrases (regular expressions): their words carry no
    /// content, so they never make a reply alike a choice.
    #[serde(default)]
    pub boilerplate: Vec<Spanned<String>>,
    /// Cue ids of stock phrases: past `stock_limit` of them in one reply, the rest earn
    /// nothing (a pile of stock phrases is not more courteous).
    #[serde(default)]
    pub stock_cues: Vec<Spanned<String>>,
    #[serde(default = "default_stock_limit")]
    pub stock_limit: Spanned<i64>,
}

fn default_stock_limit() -> Spanned<i64> {
    Spanned::new(0..0, 3)
}

/// The built-in rubric's `[matching]` table, for a rubric that has none.
fn default_matching() -> Matching {
    #[derive(Deserialize)]
    struct Builtin {
        matching: Matching,
    }
    toml::from_str::<Builtin>(BUILTIN_SOURCE)
        .map(|b| Matching {
            // Spans into the built-in file would point nowhere in the trainer's; an
            // empty span marks what the trainer did not write (`check` skips it).
            stock_cues: b
                .matching
                .stock_cues
                .into_iter()
                .map(|c| Spanned::new(0..0, c.into_inner()))
                .collect(),
            ..b.matching
        })
        .unwrap_or(Matching {
            synonyms: Vec::new(),
            boilerplate: Vec::new(),
            stock_cues: Vec::new(),
            stock_limit: default_stock_limit(),
        })
}

/// The `[scoring]` table: how cues combine into a dimension's points.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Each dimension's points are held within -cap..cap (a dimension may set its own).
    #[serde(default = "default_cap")]
    pub cap: Spanned<i64>,
    /// Words that, a few words before a cue that can be negated, cancel (or reverse) it.
    #[serde(default = "default_negators")]
    pub negators: Vec<String>,
    /// How many words before a cue are searched for a negator (within the same clause).
    #[serde(default = "default_negation_window")]
    pub negation_window: Spanned<i64>,
    /// What a negated cue does: `cancel` (counts nothing) or `reverse` (counts its opposite).
    #[serde(default)]
    pub negation: Negation,
    /// Phrases whose negator is not a negation ("no problem", "don't worry").
    #[serde(default = "default_idioms")]
    pub idioms: Vec<String>,
    /// Words a reflection does not get credit for reusing. Absent: a built-in English list.
    #[serde(default)]
    pub stop_words: Option<Vec<String>>,
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring {
            cap: default_cap(),
            negators: default_negators(),
            negation_window: default_negation_window(),
            negation: Negation::default(),
            idioms: default_idioms(),
            stop_words: None,
        }
    }
}

fn default_cap() -> Spanned<i64> {
    Spanned::new(0..0, 3)
}

fn default_negation_window() -> Spanned<i64> {
    Spanned::new(0..0, 3)
}

/// The negators used when a rubric names none.
pub const DEFAULT_NEGATORS: &[&str] = &[
    "not",
    "no",
    "never",
    "nothing",
    "none",
    "nobody",
    "neither",
    "nor",
    "without",
    "hardly",
    "cannot",
    "can't",
    "cant",
    "don't",
    "dont",
    "doesn't",
    "didn't",
    "won't",
    "wont",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "haven't",
    "hasn't",
    "hadn't",
    "ain't",
];

/// The idioms used when a rubric names none.
pub const DEFAULT_IDIOMS: &[&str] = &[
    "no problem",
    "not a problem",
    "no worries",
    "don't worry",
    "not at all",
    "no trouble",
    "no rush",
    "no hurry",
    "can't thank you enough",
    "couldn't agree more",
];

fn default_negators() -> Vec<String> {
    DEFAULT_NEGATORS.iter().map(|s| (*s).to_owned()).collect()
}

fn default_idioms() -> Vec<String> {
    DEFAULT_IDIOMS.iter().map(|s| (*s).to_owned()).collect()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Negation {
    #[default]
    Cancel,
    Reverse,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "one")]
    pub weight: f64,
    /// Overrides `[scoring] cap` for this dimension.
    #[serde(default)]
    pub cap: Option<Spanned<i64>>,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TacticKind {
    Good,
    Poor,
}

/// A named practice that scenario choices may be labelled with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tactic {
    pub id: Spanned<String>,
    /// What a trainee reads ("Asking before a hold"); default: the id in words.
    #[serde(default)]
    pub name: Option<String>,
    pub dimension: Spanned<String>,
    pub kind: TacticKind,
    #[serde(default)]
    pub description: String,
}

/// What a cue looks for in a reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueKind {
    /// Any of its `patterns` (regular expressions, case-insensitive) matches.
    #[default]
    Patterns,
    /// The customer's name (any part of it) appears as a word.
    CustomerName,
    /// At least `min_words` content words of what the customer just said are reused.
    Reflection,
    /// At least `min_words` words in capitals, and most of the reply's words.
    Shouting,
}

/// A phrase pattern that earns (or costs) points on one dimension of a typed reply.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    pub id: Spanned<String>,
    pub dimension: Spanned<String>,
    pub points: Spanned<i64>,
    #[serde(default)]
    pub kind: Option<Spanned<CueKind>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Patterns that, when any matches anywhere in the reply, stop this cue from counting.
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// Whether a negator just before the match cancels it; default: yes for a cue that
    /// earns points, no for a penalty.
    #[serde(default)]
    pub negatable: Option<bool>,
    /// For `reflection` and `shouting`: how many words it takes (default 2 and 3).
    #[serde(default)]
    pub min_words: Option<Spanned<i64>>,
    #[serde(default)]
    pub tip: String,
    #[serde(default)]
    pub tactic: Option<Spanned<String>>,
}

impl Cue {
    pub fn kind(&self) -> CueKind {
        self.kind
            .as_ref()
            .map_or(CueKind::Patterns, |k| *k.get_ref())
    }

    pub fn is_negatable(&self) -> bool {
        self.negatable.unwrap_or(*self.points.get_ref() > 0)
    }

    /// `min_words`, or the kind's default.
    pub fn min_words(&self) -> usize {
        let default = match self.kind() {
            CueKind::Shouting => 3,
            _ => 2,
        };
        self.min_words.as_ref().map_or(default, |m| {
            usize::try_from(*m.get_ref()).unwrap_or(1).max(1)
        })
    }
}

/// Whether a TOML text is a rubric rather than a scenario: its top level has
/// `[[dimension]]` or `[[cue]]` tables. Text that is not TOML is not a rubric.
pub fn looks_like_rubric(text: &str) -> bool {
    // The recovering parser, so a rubric with a syntax error is still taken for a rubric
    // (and gets the rubric's findings, not a scenario's unknown keys).
    let (doc, _) = toml::de::DeTable::parse_recoverable(text);
    ["dimension", "cue"].iter().any(|k| {
        doc.get_ref()
            .get(*k)
            .is_some_and(|v| v.get_ref().is_array())
    })
}

/// Whether a TOML text is a scenario: its top level has a `[scenario]` table or `[[step]]`
/// tables, and nothing a rubric has.
fn looks_like_scenario(text: &str) -> bool {
    !looks_like_rubric(text)
        && toml::from_str::<toml::Table>(text).is_ok_and(|t| {
            t.get("scenario").is_some_and(toml::Value::is_table)
                || t.get("step").is_some_and(toml::Value::is_array)
        })
}

impl Rubric {
    /// Parses a rubric file. A scenario file given instead is said to be one, rather than
    /// reported by the first of its keys a rubric does not have.
    pub fn parse(text: &str) -> Result<Rubric, Finding> {
        load::parse_toml(text).map_err(|finding| {
            if !looks_like_scenario(text) {
                return finding;
            }
            let header = text
                .find("[scenario]")
                .map(|i| i..i + "[scenario]".len());
            let not_rubric = Finding::error(
                "not-a-rubric",
                "this looks like a scenario file, not a rubric",
            )
            .help("a rubric has [[dimension]] and [[cue]] tables (`frontline rubric` prints the built-in one, to start from); a scenario is played, as in `frontline play FILE`, or checked with `frontline validate FILE`");
            match header.or(finding.span) {
                Some(span) => not_rubric.at(span),
                None => not_rubric,
            }
        })
    }

    /// The built-in rubric. It is checked by the test suite, so parsing it cannot fail.
    pub fn builtin() -> Rubric {
        toml::from_str(BUILTIN_SOURCE).expect("the built-in rubric parses")
    }

    pub fn dimension_ids(&self) -> impl Iterator<Item = &str> {
        self.dimensions.iter().map(|d| d.id.get_ref().as_str())
    }

    pub fn has_dimension(&self, id: &str) -> bool {
        self.dimension_ids().any(|d| d == id)
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id.get_ref() == id)
    }

    pub fn tactic(&self, id: &str) -> Option<&Tactic> {
        self.tactics.iter().find(|t| t.id.get_ref() == id)
    }

    /// A tactic as a trainee reads it: its `name`, else its id in words ("ask-before-hold"
    /// becomes "Ask before hold"); a trainee never sees the id itself.
    pub fn tactic_name(&self, id: &str) -> String {
        match self.tactic(id).and_then(|t| t.name.as_deref()) {
            Some(name) if !name.trim().is_empty() => name.to_owned(),
            _ => {
                let words = id.replace(['-', '_'], " ");
                let mut c = words.chars();
                c.next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
            }
        }
    }

    /// The points cap in force for a dimension: its own `cap`, else `[scoring] cap`.
    pub fn cap(&self, dimension: &str) -> i64 {
        self.dimension(dimension)
            .and_then(|d| d.cap.as_ref())
            .unwrap_or(&self.scoring.cap)
            .get_ref()
            .max(&0)
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_file_is_not_a_rubric_and_is_told_so() {
        let scenario = include_str!("../../../tests/fixtures/valid/parcel-mixup.toml");
        let f = Rubric::parse(scenario).unwrap_err();
        assert_eq!(f.code, "not-a-rubric");
        assert!(f.message.contains("scenario file"), "{f:?}");
        assert_eq!(&scenario[f.span.unwrap()], "[scenario]");
        // Any other file keeps the error TOML or serde gave.
        let f = Rubric::parse("format = 1\n[[dimension]]\nid = \"a\"\nnam = \"A\"\n").unwrap_err();
        assert_eq!(f.code, "unknown-key");
        assert!(Rubric::parse(BUILTIN_SOURCE).is_ok());
    }

    #[test]
    fn builtin_has_the_three_default_dimensions() {
        let rubric = Rubric::builtin();
        let ids: Vec<_> = rubric.dimension_ids().collect();
        assert_eq!(ids, ["listening", "non_defensive", "courtesy"]);
        assert!(rubric.tactic("find-out").is_some());
        for tactic in &rubric.tactics {
            assert!(
                rubric.has_dimension(tactic.dimension.get_ref()),
                "{:?}",
                tactic.id
            );
        }
    }
}
