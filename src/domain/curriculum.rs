//! The order a library is worked through: the ids listed in a `curriculum.toml` beside
//! the scenarios (`order = ["first-id", "second-id", ...]`), then every scenario it does
//! not list by difficulty, easiest first, then by title. Without the file, difficulty
//! then title is the whole order, so a beginner meets the gentlest scenario first.

use crate::domain::library::Library;
use crate::domain::scenario::Scenario;
use serde::Deserialize;
use std::path::Path;

/// The file's name, in the scenarios' folder (and built into the binary with them).
pub const FILE: &str = "curriculum.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurriculumFile {
    order: Vec<String>,
}

/// The ids a curriculum file lists, in its order; empty when it cannot be read.
pub fn parse(text: &str) -> Vec<String> {
    toml::from_str::<CurriculumFile>(text).map_or_else(|_| Vec::new(), |c| c.order)
}

/// The curriculum of `library`: the built-in one for the built-in library, else the
/// first `curriculum.toml` found beside the library's files.
pub fn of(library: &Library) -> Vec<String> {
    let mut dirs: Vec<&Path> = Vec::new();
    for file in &library.files {
        if file.origin.starts_with("built-in/") {
            return crate::domain::library::builtin_text(FILE)
                .map(|t| parse(&t))
                .unwrap_or_default();
        }
        if let Some(dir) = Path::new(&file.origin).parent()
            && !dirs.contains(&dir)
        {
            dirs.push(dir);
        }
    }
    dirs.iter()
        .find_map(|dir| std::fs::read_to_string(dir.join(FILE)).ok())
        .map(|t| parse(&t))
        .unwrap_or_default()
}

/// The sort key of `scenario` under `order`: listed ones first in their order, then by
/// difficulty, then by title.
pub fn key(order: &[String], scenario: &Scenario) -> (usize, i64, String) {
    let listed = order
        .iter()
        .position(|id| id == scenario.id())
        .unwrap_or(order.len());
    (
        listed,
        *scenario.scenario.difficulty.get_ref(),
        scenario.title().to_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_curriculum_file_lists_ids_in_order_and_a_bad_one_gives_none() {
        assert_eq!(parse("order = [\"b\", \"a\"]"), vec!["b", "a"]);
        assert!(parse("order = 3").is_empty());
        assert!(parse("other = []").is_empty());
    }
}
