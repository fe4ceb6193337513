//! `frontline validate PATH...`

use crate::cli::render::{self, Located, SourceFile, Styled, errln, outln};
use crate::domain::bounded_read::read_bounded;
use crate::domain::curriculum::{self, FILE};
use crate::domain::finding::LineIndex;
use crate::domain::finding::Severity;
use crate::domain::library::{Library, LibraryFile};
use crate::domain::rubric::Rubric;
use crate::domain::validate::Checked;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario or rubric files, or folders to search for *.toml
    #[arg(required_unless_present = "explain", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print what a finding's code means (its entry in docs/scenario-format.md) and exit
    #[arg(long, value_name = "CODE", conflicts_with = "paths")]
    pub explain: Option<String>,
    /// How to print the findings
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// The format's reference, whose "What is checked" table has a row for every code.
const FORMAT_DOC: &str = include_str!("../../docs/scenario-format.md");

/// A code's row of the table in docs/scenario-format.md: its severity and what it means.
pub fn explanation(code: &str) -> Option<(String, String)> {
    let ticked = format!("`{code}`");
    FORMAT_DOC.lines().find_map(|line| {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        match cells.as_slice() {
            [codes, severity, what] if codes.split(',').any(|c| c.trim() == ticked) => {
                Some(((*severity).to_owned(), (*what).replace('`', "")))
            }
            _ => None,
        }
    })
}

fn explain(code: &str) -> ExitCode {
    match explanation(code) {
        Some((severity, what)) => {
            outln!(
                "{code} ({severity})\n\n{what}\n\nEvery code is listed in docs/scenario-format.md, \"What is checked\"."
            );
            ExitCode::SUCCESS
        }
        None => {
            errln!(
                "error: `{code}` is not a finding's code; docs/scenario-format.md, \"What is checked\", lists them all"
            );
            ExitCode::from(1)
        }
    }
}

pub fn run(args: &ValidateArgs, rubric: &Rubric) -> ExitCode {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let library = with_curricula(&args.paths, rubric);
    // Errors of every file first, then warnings; each group in file and position order.
    let mut all: Vec<_> = library
        .files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.checked.findings.iter().map(move |finding| (i, finding)))
        .collect();
    all.sort_by_key(|(i, f)| (f.severity, *i, f.span.as_ref().map_or(0, |s| s.start)));

    let errors = all
        .iter()
        .filter(|(_, f)| f.severity == Severity::Error)
        .count();
    let warnings = all.len() - errors;
    match args.format {
        Format::Json => {
            let lines: Vec<LineIndex> = library
                .files
                .iter()
                .map(|f| LineIndex::new(&f.checked.text))
                .collect();
            let located: Vec<Located> = all
                .iter()
                .map(|(i, f)| {
                    let file = &library.files[*i];
                    Located::new(&file.origin, &file.checked.text, &lines[*i], f)
                })
                .collect();
            render::print_json(
                &serde_json::to_string_pretty(&located).expect("findings serialise"),
            );
        }
        Format::Human => {
            let colour = render::stdout_colour();
            // Each file's text is escaped and indexed once, whatever its number of findings.
            let sources: Vec<SourceFile> = library
                .files
                .iter()
                .map(|f| SourceFile::new(&f.origin, &f.checked.text))
                .collect();
            for (i, f) in &all {
                let shown = sources[*i].human(f, colour);
                render::print_styled(&Styled::join(&[shown, Styled::text("")], "\n"));
            }
            if let Some((_, f)) = all.first() {
                outln!(
                    "for more on a finding: frontline validate --explain {}",
                    f.code
                );
            }
            outln!(
                "checked {} file{}: {} error{}, {} warning{}",
                library.files.len(),
                plural(library.files.len()),
                errors,
                plural(errors),
                warnings,
                plural(warnings)
            );
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) || library.files.is_empty() {
        if library.files.is_empty() {
            errln!("error: no *.toml files found under the given paths");
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The library under `paths`, and after its files each `curriculum.toml` at the top of a
/// folder given (or given itself), checked against the scenarios beside it.
fn with_curricula(paths: &[PathBuf], rubric: &Rubric) -> Library {
    let is_curriculum = |p: &PathBuf| p.is_file() && p.file_name().is_some_and(|n| n == FILE);
    let scenario_paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| !is_curriculum(p))
        .cloned()
        .collect();
    let mut library = Library::from_paths(&scenario_paths, rubric);
    let mut curricula: Vec<PathBuf> = scenario_paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|d| d.join(FILE))
        .filter(|p| p.is_file())
        .collect();
    for given in paths.iter().filter(|p| is_curriculum(p)) {
        if !curricula.contains(given) {
            curricula.push(given.clone());
        }
    }
    let mut checked = Vec::new();
    for path in curricula {
        let dir = path.parent().map_or_else(
            || PathBuf::from("."),
            |d| {
                if d.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    d.to_path_buf()
                }
            },
        );
        let beside;
        let against = if scenario_paths.iter().any(|p| p.is_dir() && *p == dir) {
            &library
        } else {
            beside = Library::from_paths(std::slice::from_ref(&dir), rubric);
            &beside
        };
        let file = match read_bounded(&path) {
            Ok(bytes) => curriculum::check_bytes(&bytes, against),
            Err(finding) => Checked {
                text: String::new(),
                scenario: None,
                findings: vec![finding],
            },
        };
        checked.push(LibraryFile {
            origin: path.display().to_string(),
            checked: file,
        });
    }
    library.files.extend(checked);
    library
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
