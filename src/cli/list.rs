//! `frontline list`: the library in force in its onboarding order, group by group as its
//! curriculum (scenarios/curriculum.toml) has them, each scenario with its channel,
//! difficulty and the minutes it takes with its debrief; scenarios in no group after them.

use crate::cli::render::{self, errln, outln};
use crate::cli::table::table;
use crate::cli::{Global, library_in_force_with};
use crate::domain::curriculum::{self, Curriculum};
use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::Scenario;
use crate::domain::validate::load_bytes;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::process::ExitCode;

pub const EXAMPLES: &str = "Examples:\n  frontline list                         the library in its onboarding order\n  frontline list --library my-scenarios  another folder and its curriculum.toml\n  frontline list --format json\n\nThe order and the groups come from curriculum.toml beside the scenarios (see docs/authoring.md).";

#[derive(Debug, Args)]
pub struct ListArgs {
    /// How to print the list
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// One scenario as listed.
#[derive(Debug, Serialize)]
struct Row<'a> {
    /// The curriculum group's title; null for a scenario in no group.
    group: Option<&'a str>,
    id: &'a str,
    title: &'a str,
    channel: &'a str,
    difficulty: i64,
    /// Minutes with the debrief (the curriculum's figure, else the scenario's own plus 5).
    minutes: u32,
}

pub fn run(args: &ListArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let library = library_in_force_with(global, rubric, load_bytes);
    let (curriculum, problem) = match curriculum::source_of(&library) {
        Some((origin, Err(f))) => (
            Curriculum::default(),
            Some(format!(
                "warning: {origin} is not read ({}); the library is listed by difficulty",
                f.message
            )),
        ),
        Some((origin, Ok(text))) => match Curriculum::parse(&text) {
            Ok(c) => {
                let errors = c
                    .check(&text, &library)
                    .iter()
                    .filter(|f| f.is_error())
                    .count();
                let problem = (errors > 0).then(|| {
                    format!("warning: {origin} has {errors} error{}; `frontline validate` on its folder lists them", plural(errors))
                });
                (c, problem)
            }
            Err(f) => (
                Curriculum::default(),
                Some(format!(
                    "warning: {origin} is not read ({}); the library is listed by difficulty",
                    f.message
                )),
            ),
        },
        None => (Curriculum::default(), None),
    };
    if let Some(problem) = problem {
        errln!("{problem}");
    }
    let rows = rows(&curriculum, &library);
    match args.format {
        Format::Json => {
            render::print_json(&serde_json::to_string_pretty(&rows).expect("rows serialise"));
        }
        Format::Table => print_table(&curriculum, &library, &rows),
    }
    let unplayable = library.files.len() - library.scenarios().count();
    if unplayable > 0 {
        errln!(
            "{unplayable} file{} with errors not listed: `frontline validate` says why",
            plural(unplayable)
        );
    }
    ExitCode::SUCCESS
}

/// Every playable scenario in the onboarding order, with its group.
fn rows<'a>(curriculum: &'a Curriculum, library: &'a Library) -> Vec<Row<'a>> {
    let mut scenarios: Vec<&Scenario> = library.scenarios().collect();
    scenarios.sort_by_cached_key(|s| curriculum::key(curriculum, s));
    scenarios
        .into_iter()
        .map(|s| {
            let place = curriculum.place(s.id());
            let entry = place.map(|(g, p)| &curriculum.groups[g].entries[p]);
            let minutes = match entry {
                Some(e) => e.minutes_with(Some(s)),
                None => curriculum::minutes_with_debrief(Some(s)),
            };
            Row {
                group: place.map(|(g, _)| curriculum.groups[g].title.as_str()),
                id: s.id(),
                title: s.title(),
                channel: s.scenario.channel.get_ref().as_str(),
                difficulty: *s.scenario.difficulty.get_ref(),
                minutes,
            }
        })
        .collect()
}

fn print_table(curriculum: &Curriculum, library: &Library, rows: &[Row]) {
    if rows.is_empty() {
        outln!("The library has no playable scenario.");
        return;
    }
    let header = ["#", "Id", "Title", "Channel", "Level", "Min"];
    let mut first = true;
    let mut index = 0;
    while index < rows.len() {
        let group = rows[index].group;
        let end = rows[index..]
            .iter()
            .position(|r| r.group != group)
            .map_or(rows.len(), |n| index + n);
        let heading = match group.and_then(|t| curriculum.groups.iter().find(|g| g.title == t)) {
            Some(g) => {
                let used = curriculum.group_minutes(g, library);
                let time = match g.minutes {
                    Some(limit) => format!("{used} of {limit} min"),
                    None => format!("{used} min"),
                };
                match &g.about {
                    Some(about) => format!("{} ({time})\n{about}", g.title),
                    None => format!("{} ({time})", g.title),
                }
            }
            None if curriculum.groups.is_empty() => "The library, easiest first".to_owned(),
            None => "Not in the curriculum".to_owned(),
        };
        if !first {
            outln!("");
        }
        first = false;
        outln!("{heading}");
        let body: Vec<Vec<String>> = rows[index..end]
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.id.to_owned(),
                    r.title.to_owned(),
                    r.channel.to_owned(),
                    format!("{} of 5", r.difficulty),
                    r.minutes.to_string(),
                ]
            })
            .collect();
        outln!("{}", table(&header, &body, &[0, 5]).trim_end());
        index = end;
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
