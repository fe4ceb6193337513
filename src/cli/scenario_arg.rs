//! A SCENARIO argument: an id in the library in force, or a path to a file.

use crate::cli::render::{self, SourceFile, Styled};
use crate::cli::{Global, library_file_named, library_in_force_with};
use crate::domain::bounded_read::{read_bounded, refusal};
use crate::domain::finding::{Finding, Severity};
use crate::domain::library::{Library, others_with_id};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::Scenario;
use crate::domain::validate::{Checked, load_bytes};
use std::path::Path;

/// Where the scenario came from; it owns what the run borrows.
pub enum Source {
    File(Box<Checked>),
    Library(Library, String),
}

impl Source {
    /// A path when it looks like one (or names a file), else an id in the library in force.
    /// The error is the message to print: the file's findings in colour on a terminal.
    pub fn find(wanted: &str, global: &Global, rubric: &Rubric) -> Result<Source, Styled> {
        let path = Path::new(wanted);
        if wanted.ends_with(".toml") || wanted.contains(['/', '\\']) || path.is_file() {
            // A regular file of at most the size limit, read without blocking.
            let bytes = read_bounded(path)
                .map_err(|f| Styled::text(&refusal(&format!("the scenario {wanted}"), &f)))?;
            // Errors only: warnings need a best-path search and never stop a run.
            let checked = load_bytes(&bytes, rubric);
            if checked.has_errors() {
                return Err(findings(wanted, &checked, global));
            }
            return Ok(Source::File(Box::new(checked)));
        }
        Source::in_library(wanted, global, rubric)
    }

    /// The scenario with the id `wanted` in the library in force; never a path.
    pub fn in_library(wanted: &str, global: &Global, rubric: &Rubric) -> Result<Source, Styled> {
        // Try the file named after the id first; the whole library only when it is not
        // there or holds another id (a second file claiming the id is `validate`'s to find).
        if let Some(file) = library_file_named(global, rubric, wanted, load_bytes) {
            if file.checked.has_errors() {
                return Err(findings(&file.origin, &file.checked, global));
            }
            if file.scenario().is_some_and(|s| s.id() == wanted) {
                // A second file claiming the id: refused by name, not one used silently.
                let path = Path::new(&file.origin);
                if let Some(dir) = path.parent().filter(|_| path.is_file()) {
                    let others = others_with_id(dir, wanted, path, rubric);
                    if !others.is_empty() {
                        return Err(two_files(wanted, &file.origin, &others));
                    }
                }
                return Ok(Source::File(Box::new(file.checked)));
            }
        }
        let library = library_in_force_with(global, rubric, load_bytes);
        let claiming: Vec<&str> = library
            .files
            .iter()
            .filter(|f| {
                f.scenario().is_some_and(|s| s.id() == wanted)
                    || f.checked.findings.iter().any(|d| {
                        d.code == "duplicate-scenario"
                            && d.message.starts_with(&format!("scenario id `{wanted}` "))
                    })
            })
            .map(|f| f.origin.as_str())
            .collect();
        if let [first, rest @ ..] = claiming.as_slice()
            && !rest.is_empty()
        {
            let rest: Vec<String> = rest.iter().map(|r| (*r).to_owned()).collect();
            return Err(two_files(wanted, first, &rest));
        }
        if library.find(wanted).is_some() {
            return Ok(Source::Library(library, wanted.to_owned()));
        }
        // A library file named after the id that failed to load: say why, not "unknown".
        if let Some(file) = library.files.iter().find(|f| {
            f.checked.has_errors()
                && Path::new(&f.origin)
                    .file_stem()
                    .is_some_and(|s| s == wanted)
        }) {
            return Err(findings(&file.origin, &file.checked, global));
        }
        let mut message = format!("error: no scenario `{wanted}` in the library");
        let close = close_ids(wanted, &library);
        if close.is_empty() {
            message.push('\n');
            message.push_str(&list_ids(&library));
        } else {
            message.push_str(&format!("\nhelp: did you mean {}?", close.join(", ")));
        }
        Err(Styled::text(&message))
    }

    /// The scenario file's text (its bytes: files are read as UTF-8, unchanged), which
    /// the progress store hashes to tell when a file changed.
    pub fn text(&self) -> Option<&str> {
        match self {
            Source::File(checked) => Some(&checked.text),
            Source::Library(library, id) => library
                .files
                .iter()
                .find(|f| f.scenario().is_some_and(|s| s.id() == id))
                .map(|f| f.checked.text.as_str()),
        }
    }

    pub fn scenario(&self) -> Option<&Scenario> {
        match self {
            Source::File(checked) => checked.scenario.as_ref(),
            Source::Library(library, id) => library.find(id),
        }
    }
}

/// Two files (or more) in the library claim one id: say which, rather than pick one.
fn two_files(id: &str, first: &str, others: &[String]) -> Styled {
    let mut all = vec![first.to_owned()];
    all.extend(others.iter().cloned());
    Styled::text(&format!(
        "error: {} files in the library have the scenario id `{id}`: {}\nhelp: ids are unique in a library: rename one (`frontline validate` on the folder shows both)",
        all.len(),
        all.join(", ")
    ))
}

/// A file's errors as `validate` shows them (warnings do not stop a run). Names the
/// rubric in force does not define are summed up once, not shown at every use (a scenario
/// played with a rubric of other dimensions has dozens), and a hint to run `validate` is
/// given only for a file it can read: a built-in scenario's origin is not a path.
fn findings(origin: &str, checked: &Checked, global: &Global) -> Styled {
    let colour = render::stderr_colour();
    let source = SourceFile::new(origin, &checked.text);
    let show = |f: &Finding| source.human(f, colour);
    let (unknown, other): (Vec<&Finding>, Vec<&Finding>) = checked
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .partition(|f| f.code == "unknown-dimension");
    let rubric = global
        .rubric
        .as_ref()
        .map(|p| shell_word(&p.display().to_string()));
    let validate = match &rubric {
        Some(r) => format!("frontline --rubric {r} validate {}", shell_word(origin)),
        None => format!("frontline validate {}", shell_word(origin)),
    };
    let readable = Path::new(origin).is_file();
    let mut out: Vec<Styled> = other.iter().map(|f| show(f)).collect();
    if let Some(first) = unknown.first() {
        out.push(show(first));
        let mut names: Vec<&str> = Vec::new();
        for f in &unknown {
            let name = f.message.split('`').nth(1).unwrap_or("");
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        let (them, s) = if names.len() == 1 {
            ("it", "")
        } else {
            ("them", "s")
        };
        let whose = match &rubric {
            Some(r) => format!("the rubric in force, {r},"),
            None => "the built-in rubric".to_owned(),
        };
        let places = if unknown.len() == 1 {
            "used once, shown above".to_owned()
        } else {
            format!("used in {} places, the first shown above", unknown.len())
        };
        let mut help = match &rubric {
            Some(r) => format!(
                "help: add {them} to {r} as [[dimension]] tables (`frontline rubric` prints the built-in rubric, to copy from), or play without --rubric"
            ),
            None => format!(
                "help: score {origin} on the built-in rubric's dimensions, or give a rubric that defines {them} with --rubric FILE"
            ),
        };
        if readable {
            help.push_str(&format!("; `{validate}` lists every place"));
        }
        out.push(Styled::text(&format!(
            "error: {whose} does not define the dimension{s} {} that {origin} scores on ({places})\n{help}",
            listed.join(", ")
        )));
    }
    if !other.is_empty() {
        out.push(Styled::text(&if readable {
            format!("error: {origin} cannot be played until its errors are fixed (`{validate}` checks it)")
        } else {
            format!("error: {origin} cannot be played until its errors are fixed")
        }));
    }
    Styled::join(&out, "\n\n")
}

/// A path as it can be pasted into a shell: quoted when it needs to be (a path with a
/// NUL byte cannot be, and is shown as it is).
pub(crate) fn shell_word(word: &str) -> String {
    shlex::try_quote(word).map_or_else(|_| word.to_owned(), |q| q.into_owned())
}

/// Ids in the library that look like a misspelling of `wanted`, closest first.
fn close_ids(wanted: &str, library: &Library) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = library
        .scenarios()
        .map(|s| (strsim::jaro_winkler(wanted, s.id()), s.id()))
        .filter(|(score, id)| *score >= 0.75 || id.contains(wanted) || wanted.contains(id))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(5)
        .map(|(_, id)| format!("`{id}`"))
        .collect()
}

pub fn list_ids(library: &Library) -> String {
    let ids: Vec<&str> = library.scenarios().map(Scenario::id).collect();
    if ids.is_empty() {
        "the library has no playable scenario (see --library)".to_owned()
    } else {
        format!("scenarios in the library: {}", ids.join(", "))
    }
}
