//! The onboarding path through a library: a `curriculum.toml` beside the scenarios lists
//! them in groups (a first day's classroom session, practice after it), each scenario with
//! the minutes it takes including its debrief. The library is shown group by group in the
//! file's order, then every scenario the file does not list, by difficulty (easiest first)
//! and title. A group may state the time it has (`minutes = 120`); its scenarios must fit.
//! Without the file, or with a file that does not parse, difficulty then title is the whole
//! order, so a beginner meets the gentlest scenario first. `check` says what is wrong with
//! a file against the scenarios beside it: an unknown id, a scenario listed twice, a group
//! over its time are errors; a scenario in no group is a warning.

use crate::domain::bounded_read::read_bounded;
use crate::domain::finding::{Finding, did_you_mean, line_column};
use crate::domain::library::Library;
use crate::domain::scenario::Scenario;
use crate::domain::scenario::load::parse_toml;
use crate::domain::validate::Checked;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file's name, in the scenarios' folder (and built into the binary with them).
pub const FILE: &str = "curriculum.toml";

/// Minutes a debrief adds to a scenario's own `minutes` when an entry gives none.
pub const DEBRIEF_MINUTES: u32 = 5;

/// Minutes assumed for a scenario that states none.
const UNSTATED_MINUTES: u32 = 10;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurriculumFile {
    #[serde(default)]
    group: Vec<GroupFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    title: Spanned<String>,
    #[serde(default)]
    about: Option<String>,
    #[serde(default)]
    minutes: Option<Spanned<u32>>,
    scenarios: Spanned<Vec<EntryFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    id: Spanned<String>,
    #[serde(default)]
    minutes: Option<Spanned<u32>>,
}

/// A curriculum: its groups in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Curriculum {
    pub groups: Vec<Group>,
}

/// One group: a session or a block of practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub title: String,
    /// One line on who it is for or how to run it.
    pub about: Option<String>,
    /// The time the group has, when it states one; its entries must fit in it.
    pub minutes: Option<u32>,
    pub entries: Vec<Entry>,
    /// Where the title and the minutes are, and the `scenarios` list, in the file.
    title_span: Range<usize>,
    minutes_span: Option<Range<usize>>,
    list_span: Range<usize>,
}

/// One scenario of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    /// The minutes it takes with its debrief, when the file says; else see [`Entry::minutes_with`].
    pub minutes: Option<u32>,
    id_span: Range<usize>,
}

impl Entry {
    /// The minutes this entry takes with its debrief: the file's figure, else the
    /// scenario's own `minutes` (10 when it has none) plus [`DEBRIEF_MINUTES`].
    pub fn minutes_with(&self, scenario: Option<&Scenario>) -> u32 {
        self.minutes
            .unwrap_or_else(|| minutes_with_debrief(scenario))
    }
}

/// A scenario's own `minutes` (10 when it has none) plus [`DEBRIEF_MINUTES`].
pub fn minutes_with_debrief(scenario: Option<&Scenario>) -> u32 {
    let own = scenario
        .and_then(|s| s.scenario.minutes.as_ref())
        .map_or(UNSTATED_MINUTES, |m| {
            u32::try_from(*m.get_ref()).unwrap_or(UNSTATED_MINUTES)
        });
    own + DEBRIEF_MINUTES
}

impl Curriculum {
    /// Parses a curriculum file; the finding says where TOML or the format stopped.
    pub fn parse(text: &str) -> Result<Curriculum, Finding> {
        let file: CurriculumFile = parse_toml(text).map_err(|mut f| {
            f.code = "curriculum-syntax";
            if f.help.is_none() {
                f.help = Some(FORMAT_HELP.to_owned());
            }
            f
        })?;
        let groups = file
            .group
            .into_iter()
            .map(|g| {
                let list_span = g.scenarios.span();
                Group {
                    title_span: g.title.span(),
                    title: g.title.into_inner(),
                    about: g.about,
                    minutes_span: g.minutes.as_ref().map(Spanned::span),
                    minutes: g.minutes.map(Spanned::into_inner),
                    list_span,
                    entries: g
                        .scenarios
                        .into_inner()
                        .into_iter()
                        .map(|e| Entry {
                            id_span: e.id.span(),
                            id: e.id.into_inner(),
                            minutes: e.minutes.map(Spanned::into_inner),
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(Curriculum { groups })
    }

    /// Where `id` is listed: (group, position in it), the first time it is.
    pub fn place(&self, id: &str) -> Option<(usize, usize)> {
        self.groups.iter().enumerate().find_map(|(g, group)| {
            group
                .entries
                .iter()
                .position(|e| e.id == id)
                .map(|p| (g, p))
        })
    }

    /// What is wrong with this curriculum for the scenarios of `library`: each finding
    /// placed in the curriculum file's `text`.
    pub fn check(&self, text: &str, library: &Library) -> Vec<Finding> {
        let scenarios: HashMap<&str, &Scenario> =
            library.scenarios().map(|s| (s.id(), s)).collect();
        let mut findings = Vec::new();
        let mut first: HashMap<&str, (usize, &str)> = HashMap::new();
        for group in &self.groups {
            if group.entries.is_empty() {
                findings.push(
                    Finding::warning(
                        "curriculum-empty-group",
                        format!("the group \"{}\" lists no scenario", group.title),
                    )
                    .at(group.title_span.clone())
                    .help("add `{ id = \"scenario-id\" }` entries to its `scenarios`, or remove the group"),
                );
            }
            for entry in &group.entries {
                let id = entry.id.as_str();
                if let Some((at, title)) = first.get(id) {
                    let (line, _) = line_column(text, *at);
                    findings.push(
                        Finding::error(
                            "curriculum-listed-twice",
                            format!("`{id}` is listed twice: first on line {line}, in \"{title}\""),
                        )
                        .at(entry.id_span.clone())
                        .help("a scenario belongs to one group, once: remove one of the two"),
                    );
                    continue;
                }
                first.insert(id, (entry.id_span.start, group.title.as_str()));
                if !scenarios.contains_key(id) {
                    let mut help =
                        "the ids are the scenarios' `id`s; `frontline list` shows them".to_owned();
                    if let Some(near) = did_you_mean(id, scenarios.keys().copied()) {
                        help = format!("did you mean `{near}`? {help}");
                    }
                    findings.push(
                        Finding::error(
                            "curriculum-unknown-scenario",
                            format!("no playable scenario in this library has the id `{id}`"),
                        )
                        .at(entry.id_span.clone())
                        .help(help),
                    );
                }
            }
            if let (Some(limit), Some(span)) = (group.minutes, &group.minutes_span) {
                let total = self.group_minutes(group, library);
                if total > limit {
                    findings.push(
                        Finding::error(
                            "curriculum-over-time",
                            format!(
                                "the scenarios of \"{}\" take {total} minutes with their debriefs, more than its {limit}",
                                group.title
                            ),
                        )
                        .at(span.clone())
                        .help("move a scenario to a practice group, shorten an entry's `minutes`, or give the group more time"),
                    );
                }
            }
        }
        let mut missing: Vec<&Scenario> = scenarios
            .values()
            .filter(|s| !first.contains_key(s.id()))
            .copied()
            .collect();
        missing.sort_by_key(|s| s.id());
        // Where to add them: the end of the last group's list, or the top of the file.
        let at = self
            .groups
            .last()
            .map_or(0..0, |g| g.list_span.end.saturating_sub(1)..g.list_span.end);
        for scenario in missing {
            findings.push(
                Finding::warning(
                    "curriculum-missing",
                    format!(
                        "the scenario `{}` is in no group: the library lists it after the groups",
                        scenario.id()
                    ),
                )
                .at(at.clone())
                .help(format!(
                    "add `{{ id = \"{}\" }}` to the group it belongs in",
                    scenario.id()
                )),
            );
        }
        findings
    }

    /// The minutes a group's scenarios take with their debriefs.
    pub fn group_minutes(&self, group: &Group, library: &Library) -> u32 {
        group
            .entries
            .iter()
            .map(|e| e.minutes_with(library.find(&e.id)))
            .sum()
    }
}

/// A curriculum file's bytes checked against `library`: the findings of [`Curriculum::parse`]
/// and [`Curriculum::check`], as `frontline validate` shows a file's.
pub fn check_bytes(bytes: &[u8], library: &Library) -> Checked {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let findings = match crate::domain::scenario::load::decode(bytes) {
        Err(f) => vec![f],
        Ok(text) => match Curriculum::parse(text) {
            Ok(c) => c.check(text, library),
            Err(f) => vec![f],
        },
    };
    Checked {
        text,
        scenario: None,
        findings,
    }
}

const FORMAT_HELP: &str = "a curriculum is `[[group]]` tables, each with `title`, optional `about` and `minutes`, and `scenarios = [{ id = \"...\", minutes = 15 }]` (see docs/authoring.md)";

/// The curriculum text of `library`: the built-in one for the built-in library, else the
/// first `curriculum.toml` beside the library's files; with the file's path. The file is
/// read as scenario files are (regular files only, through the size limit: a
/// `curriculum.toml` that is a FIFO or a link to `/dev/zero` once hung the library or grew
/// it by gigabytes); what stopped it from being read is the `Err`.
pub fn source_of(library: &Library) -> Option<(String, Result<String, Finding>)> {
    let mut dirs: Vec<&Path> = Vec::new();
    for file in &library.files {
        if file.origin.starts_with("built-in/") {
            return crate::domain::library::builtin_text(FILE)
                .map(|t| (format!("built-in/{FILE}"), Ok(t)));
        }
        if let Some(dir) = Path::new(&file.origin).parent()
            && !dirs.contains(&dir)
        {
            dirs.push(dir);
        }
    }
    dirs.iter().find_map(|dir| {
        let path: PathBuf = dir.join(FILE);
        // Nothing of that name: the next folder's.
        std::fs::symlink_metadata(&path).ok()?;
        let text = read_bounded(&path)
            .and_then(|bytes| crate::domain::scenario::load::decode(&bytes).map(str::to_owned));
        Some((path.display().to_string(), text))
    })
}

/// The curriculum of `library`; empty when there is none or it does not parse (then
/// `frontline validate` says why).
pub fn of(library: &Library) -> Curriculum {
    source_of(library)
        .and_then(|(_, text)| Curriculum::parse(&text.ok()?).ok())
        .unwrap_or_default()
}

/// The sort key of `scenario` under `curriculum`: listed ones first, by group and place,
/// then the rest by difficulty, then by title.
pub fn key(curriculum: &Curriculum, scenario: &Scenario) -> (usize, usize, i64, String) {
    let (group, place) = curriculum
        .place(scenario.id())
        .unwrap_or((curriculum.groups.len(), 0));
    (
        group,
        place,
        *scenario.scenario.difficulty.get_ref(),
        scenario.title().to_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_GROUPS: &str = r#"
[[group]]
title = "First day"
minutes = 60
scenarios = [{ id = "b", minutes = 20 }, { id = "a" }]

[[group]]
title = "Practice"
scenarios = [{ id = "c", minutes = 15 }]
"#;

    #[test]
    fn groups_keep_their_order_and_entries_their_place() {
        let c = Curriculum::parse(TWO_GROUPS).unwrap();
        assert_eq!(c.groups.len(), 2);
        assert_eq!(c.groups[0].title, "First day");
        assert_eq!(c.groups[0].minutes, Some(60));
        assert_eq!(c.place("a"), Some((0, 1)));
        assert_eq!(c.place("c"), Some((1, 0)));
        assert_eq!(c.place("zz"), None);
        assert_eq!(c.groups[0].entries[0].minutes, Some(20));
        assert_eq!(c.groups[0].entries[1].minutes_with(None), 15);
    }

    #[test]
    fn a_bad_file_is_a_finding_with_a_place_and_the_old_form_is_refused() {
        let f = Curriculum::parse("order = [\"a\"]").unwrap_err();
        assert_eq!(f.code, "curriculum-syntax");
        assert!(f.span.is_some());
        let f =
            Curriculum::parse("[[group]]\ntitle = \"x\"\nscenarios = [{ id = 3 }]").unwrap_err();
        assert_eq!(f.code, "curriculum-syntax");
        assert_eq!(
            line_column(
                "[[group]]\ntitle = \"x\"\nscenarios = [{ id = 3 }]",
                f.span.unwrap().start
            )
            .0,
            3
        );
        assert_eq!(Curriculum::parse("").unwrap(), Curriculum::default());
    }
}
