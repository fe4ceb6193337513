//! The rubric in force: the dimensions a run is scored on, the tactics a scenario may
//! name, and the cues that score a typed reply. The built-in one is `rubric/default.toml`;
//! `--rubric FILE` replaces it.

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
    pub dimension: Spanned<String>,
    pub kind: TacticKind,
    #[serde(default)]
    pub description: String,
}

/// A phrase pattern that earns (or costs) points on one dimension of a typed reply.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    pub id: Spanned<String>,
    pub dimension: Spanned<String>,
    pub points: Spanned<i64>,
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub tip: String,
    #[serde(default)]
    pub tactic: Option<Spanned<String>>,
}

impl Rubric {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
