//! The command line: clap definitions and the dispatch to each subcommand.

pub mod render;
pub mod score;
pub mod validate;

use crate::domain::finding::Finding;
use crate::domain::library::Library;
use crate::domain::rubric::{BUILTIN_SOURCE, Rubric, check_rubric};
use crate::domain::scenario::load;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "frontline",
    version,
    about = "Practise difficult customer conversations in the terminal",
    long_about = "Practise difficult customer conversations in the terminal.\n\nWith no command, opens the scenario library.",
    after_help = "Examples:\n  frontline                          open the library\n  frontline play refund-no-receipt   play one scenario\n  frontline validate scenarios/      check scenario files"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every command takes.
#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// Scenario folder to use instead of ./scenarios or the built-in library
    #[arg(long, global = true, env = "FRONTLINE_LIBRARY", value_name = "DIR")]
    pub library: Option<PathBuf>,
    /// Where progress is stored
    #[arg(long, global = true, env = "FRONTLINE_DATA", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// A rubric file that replaces the built-in rubric
    #[arg(long, global = true, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario and rubric files: every error and warning, with file:line:column
    #[command(
        after_help = "Examples:\n  frontline validate scenarios/\n  frontline validate --format json --deny-warnings my-scenario.toml\n  frontline validate my-rubric.toml"
    )]
    Validate(validate::ValidateArgs),
    /// Score typed replies with the rubric in force, without a scenario
    #[command(after_help = score::EXAMPLES)]
    Score(score::ScoreArgs),
    /// Print the rubric in force as TOML: the built-in one, or the --rubric file
    #[command(
        after_help = "Examples:\n  frontline rubric > my-rubric.toml          start your own from the built-in one\n  frontline --rubric my-rubric.toml score \"Thanks for waiting\""
    )]
    Rubric,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let (rubric, source) = match load_rubric(&cli.global) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&args, &rubric),
        Some(Command::Score(args)) => score::run(&args, &rubric),
        Some(Command::Rubric) => {
            render::print_out(source.text.trim_end_matches('\n'));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("the interactive library is not available in this build; try `frontline --help`");
            ExitCode::from(2)
        }
    }
}

/// Where the rubric in force came from, and its text (what `frontline rubric` prints).
#[derive(Debug, Clone)]
pub struct RubricSource {
    /// The `--rubric` path as given, or `built-in/rubric/default.toml`.
    pub origin: String,
    pub text: String,
}

/// The built-in rubric, or the file `--rubric` names.
pub fn rubric_in_force(global: &Global) -> Result<Rubric, String> {
    load_rubric(global).map(|(rubric, _)| rubric)
}

/// The rubric in force and its source. A file that does not parse, or has any error
/// `frontline validate` would report, is refused with every error as `file:line:column`.
pub fn load_rubric(global: &Global) -> Result<(Rubric, RubricSource), String> {
    let Some(path) = &global.rubric else {
        let source = RubricSource {
            origin: "built-in/rubric/default.toml".to_owned(),
            text: BUILTIN_SOURCE.to_owned(),
        };
        return Ok((Rubric::builtin(), source));
    };
    let origin = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| format!("error: cannot read the rubric {origin}: {e}"))?;
    let text = load::decode(&bytes).map_err(|f| render::plain_one(&origin, "", &f))?;
    let rubric =
        load::parse_toml::<Rubric>(text).map_err(|f| render::plain_one(&origin, text, &f))?;
    let errors: Vec<Finding> = check_rubric(&rubric, text)
        .into_iter()
        .filter(Finding::is_error)
        .collect();
    if !errors.is_empty() {
        let shown: Vec<String> = errors
            .iter()
            .map(|f| render::plain_one(&origin, text, f))
            .collect();
        return Err(format!(
            "{}\nerror: the rubric {origin} has {} error{}; `frontline validate {origin}` lists them too",
            shown.join("\n"),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        ));
    }
    let source = RubricSource {
        origin,
        text: text.to_owned(),
    };
    Ok((rubric, source))
}

/// The library in force: `--library` / `FRONTLINE_LIBRARY`, else ./scenarios when it
/// exists, else the scenarios built into the binary.
pub fn library_in_force(global: &Global, rubric: &Rubric) -> Library {
    if let Some(dir) = &global.library {
        return Library::from_paths(std::slice::from_ref(dir), rubric);
    }
    let local = PathBuf::from("scenarios");
    if local.is_dir() {
        return Library::from_paths(&[local], rubric);
    }
    Library::builtin(rubric)
}
