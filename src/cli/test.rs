//! `frontline test [PATH...]`: runs transcript tests (`*.test.toml`, see
//! `domain::transcript`) and reports like a test runner; `--coverage` lists what no test
//! reaches.

use crate::cli::Global;
use crate::cli::render::{self, errln, outln};
use crate::cli::scenario_arg::Source;
use crate::domain::bounded_read::read_bounded;
use crate::domain::finding::{Finding, LineIndex};
use crate::domain::library::TEST_SUFFIX;
use crate::domain::rubric::{Rubric, Scorer};
use crate::domain::transcript::{self, Gap, TestFile};
use crate::domain::validate::load_bytes;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const EXAMPLES: &str = "Examples:\n  frontline test                                   every *.test.toml in the library folder\n  frontline test scenarios/tests/refund-no-receipt.test.toml\n  frontline test --coverage                        also list the choices no test takes";

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Test files (*.test.toml), or folders to search for them; default: the library folder
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// List the steps, choices and endings no test reaches, and the scenarios in the
    /// folders given that no test file runs; any there is a failure
    #[arg(long)]
    pub coverage: bool,
}

/// The paths given, or the library folder in force.
fn roots(args: &TestArgs, global: &Global) -> Vec<PathBuf> {
    if args.paths.is_empty() {
        match &global.library {
            Some(dir) => vec![dir.clone()],
            None => vec![PathBuf::from("scenarios")],
        }
    } else {
        args.paths.clone()
    }
}

/// The test files under the paths given (or the library folder in force).
fn test_files(args: &TestArgs, global: &Global) -> Vec<PathBuf> {
    let roots = roots(args, global);
    let is_test = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.to_ascii_lowercase().ends_with(TEST_SUFFIX))
    };
    let mut out = Vec::new();
    for root in roots {
        if root.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&root)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_test(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(root);
        }
    }
    out
}

/// The scenario a test file names: a path relative to the test file, a file named after
/// the id beside it or one folder up, else the id in the library in force.
fn scenario_for(
    test: &Path,
    named: &str,
    global: &Global,
    rubric: &Rubric,
) -> Result<Source, String> {
    let dir = test.parent().unwrap_or(Path::new("."));
    let candidates: Vec<PathBuf> = if named.ends_with(".toml") || named.contains(['/', '\\']) {
        vec![dir.join(named)]
    } else {
        vec![
            dir.join(format!("{named}.toml")),
            dir.join("..").join(format!("{named}.toml")),
        ]
    };
    if let Some(path) = candidates.iter().find(|p| p.is_file()) {
        let bytes = read_bounded(path).map_err(|f| f.message)?;
        let checked = load_bytes(&bytes, rubric);
        if checked.has_errors() {
            return Err(format!(
                "{} has errors: run `frontline validate {}`",
                path.display(),
                path.display()
            ));
        }
        return Ok(Source::File(Box::new(checked)));
    }
    // The library's own message may carry colour for stderr; this one goes to stdout.
    Source::in_library(named, global, rubric).map_err(|_| {
        format!("no file `{named}.toml` beside the test file or one folder up, and the library in force has no playable scenario `{named}` (`frontline validate` says why, if it is there)")
    })
}

/// `file:line:column` of a span in a test file.
fn at(origin: &str, text: &str, span: &std::ops::Range<usize>) -> String {
    let (line, column) = LineIndex::new(text).line_column(text, span.start);
    format!("{origin}:{line}:{column}")
}

pub fn run(args: &TestArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let files = test_files(args, global);
    // With --coverage, the scenarios in the folders tested: each needs tests of its own.
    let library = args.coverage.then(|| {
        let folders: Vec<PathBuf> = roots(args, global)
            .into_iter()
            .filter(|p| p.is_dir())
            .collect();
        crate::domain::library::Library::from_paths(&folders, rubric)
    });
    let scenarios_here = library
        .as_ref()
        .is_some_and(|l| l.scenarios().next().is_some());
    if files.is_empty() && !scenarios_here {
        errln!(
            "error: no *.test.toml files found (give a test file or a folder, or run in a folder with scenarios/)"
        );
        return ExitCode::from(1);
    }
    let scorer = Scorer::new(rubric).ok();
    let (mut passed, mut failed, mut gaps_total) = (0usize, 0usize, 0usize);
    // The scenarios some test file runs, for --coverage on a folder.
    let mut tested = std::collections::BTreeSet::new();
    for path in &files {
        let origin = path.display().to_string();
        let text = match read_bounded(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(f) => {
                outln!("{origin}: cannot be read: {}\n", f.message);
                failed += 1;
                continue;
            }
        };
        let file: TestFile = match transcript::parse(&text) {
            Ok(f) => f,
            Err(finding) => {
                print_finding(&origin, &text, &finding);
                failed += 1;
                continue;
            }
        };
        let source = match scenario_for(path, file.scenario.get_ref(), global, rubric) {
            Ok(s) => s,
            Err(message) => {
                let finding = Finding::error("test-scenario", format!("the scenario `{}` cannot be loaded: {message}", file.scenario.get_ref()))
                    .at(file.scenario.span())
                    .help("name the scenario's id (in the library, beside this file or one folder up) or its path relative to this file");
                print_finding(&origin, &text, &finding);
                failed += 1;
                continue;
            }
        };
        let scenario = source.scenario().expect("a loaded source has its scenario");
        tested.insert(scenario.id().to_owned());
        let (outcomes, reached) = transcript::run(&file, scenario, rubric, scorer.as_ref());
        outln!(
            "{origin} ({}): {} test{}",
            scenario.id(),
            outcomes.len(),
            if outcomes.len() == 1 { "" } else { "s" }
        );
        for outcome in &outcomes {
            if outcome.passed() {
                passed += 1;
                outln!("  ok      {}", outcome.name);
            } else {
                failed += 1;
                outln!("  FAILED  {}", outcome.name);
                for f in &outcome.failures {
                    outln!("          {}: {}", at(&origin, &text, &f.span), f.message);
                }
            }
        }
        if args.coverage {
            let gaps = reached.gaps(scenario);
            let (taken, all) = reached.counts(scenario);
            outln!("  coverage: {taken} of {all} choices taken");
            for gap in &gaps {
                match gap {
                    Gap::Step(id) => outln!("    step `{id}`: never reached"),
                    Gap::Choice { step, number, say } => {
                        outln!("    step `{step}`, choice {number}: never taken: \"{say}\"")
                    }
                    Gap::Ending(id) => outln!("    ending `{id}`: never reached"),
                }
            }
            gaps_total += gaps.len();
        }
        outln!("");
    }
    // A scenario in a folder tested with no test file of its own reaches nothing.
    let mut untested = 0usize;
    if let Some(library) = &library {
        for file in &library.files {
            if let Some(s) = file.scenario()
                && !tested.contains(s.id())
            {
                outln!(
                    "{} ({}): no transcript tests: none of its choices or endings is reached\n",
                    file.origin,
                    s.id()
                );
                untested += 1;
            }
        }
    }
    let ok = failed == 0 && gaps_total == 0 && untested == 0;
    let mut summary = format!(
        "test result: {}. {passed} passed; {failed} failed; {} file{}",
        if ok { "ok" } else { "FAILED" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    if args.coverage {
        summary += &format!("; {gaps_total} not reached");
        if untested > 0 {
            summary += &format!(
                "; {untested} scenario{} without tests",
                if untested == 1 { "" } else { "s" }
            );
        }
    }
    outln!("{summary}");
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A test file's finding as `validate` shows one, then a blank line.
fn print_finding(origin: &str, text: &str, finding: &Finding) {
    render::print_styled(&render::human(
        origin,
        text,
        finding,
        render::stdout_colour(),
    ));
    outln!("");
}
