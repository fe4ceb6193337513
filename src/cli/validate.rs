//! `frontline validate PATH...`

use crate::cli::render::{self, Located};
use crate::domain::finding::Severity;
use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario or rubric files, or folders to search for *.toml
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
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

pub fn run(args: &ValidateArgs, rubric: &Rubric) -> ExitCode {
    let library = Library::from_paths(&args.paths, rubric);
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
            let located: Vec<Located> = all
                .iter()
                .map(|(i, f)| {
                    let file = &library.files[*i];
                    Located::new(&file.origin, &file.checked.text, f)
                })
                .collect();
            render::print_out(&serde_json::to_string_pretty(&located).expect("findings serialise"));
        }
        Format::Human => {
            let colour = render::stdout_colour();
            for (i, f) in &all {
                let file = &library.files[*i];
                render::print_out(&format!(
                    "{}\n",
                    render::human(&file.origin, &file.checked.text, f, colour)
                ));
            }
            render::print_out(&format!(
                "checked {} file{}: {} error{}, {} warning{}",
                library.files.len(),
                plural(library.files.len()),
                errors,
                plural(errors),
                warnings,
                plural(warnings)
            ));
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) || library.files.is_empty() {
        if library.files.is_empty() {
            eprintln!("error: no *.toml files found under the given paths");
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
