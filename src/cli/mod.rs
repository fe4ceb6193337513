//! The command line: clap definitions and the dispatch to each subcommand.

pub mod author;
pub mod play;
pub mod progress;
pub mod render;
pub mod scenario_arg;
pub mod table;
pub mod transfer;
pub mod validate;

use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
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
    /// Play a scenario; --plain plays it as numbered lines on stdout, answers on stdin
    #[command(after_help = play::PLAY_EXAMPLES)]
    Play(play::PlayArgs),
    /// Check scenario files: every error and warning, with file:line:column
    #[command(
        after_help = "Examples:\n  frontline validate scenarios/\n  frontline validate --format json --deny-warnings my-scenario.toml"
    )]
    Validate(validate::ValidateArgs),
    /// Write a valid, commented starter scenario to edit (never overwrites)
    #[command(
        after_help = "Examples:\n  frontline new late-refund\n  frontline new angry-caller --channel phone --dir my-scenarios"
    )]
    New(author::NewArgs),
    /// Draw a scenario as a diagram: Mermaid (renders on git hosts) or Graphviz DOT
    #[command(
        after_help = "Examples:\n  frontline graph refund-no-receipt > refund.mmd\n  frontline graph refund-no-receipt --format dot | dot -Tsvg > refund.svg"
    )]
    Graph(author::GraphArgs),
    /// List every path through a scenario with its ending and score; best and worst marked
    #[command(
        after_help = "Examples:\n  frontline paths refund-no-receipt\n  frontline paths my-scenario.toml --format json"
    )]
    Paths(author::PathsArgs),
    /// Print the JSON Schema of the scenario format, for editors that complete keys
    #[command(
        after_help = "Examples:\n  frontline schema > scenario.schema.json\n\nThen start a scenario file with `#:schema ./scenario.schema.json` (see docs/authoring.md)."
    )]
    Schema,
    /// A trainee's attempts, best results, trends, and the scenario to practise next
    #[command(after_help = progress::HISTORY_EXAMPLES)]
    History(progress::HistoryArgs),
    /// Pass rates and dimension averages per trainee and scenario; with --scenario, how the
    /// group answered each decision (a class debrief)
    #[command(after_help = progress::REPORT_EXAMPLES)]
    Report(progress::ReportArgs),
    /// Write attempts as JSONL, CSV or xAPI statements, or send xAPI to an LRS
    #[command(after_help = transfer::EXPORT_EXAMPLES)]
    Export(transfer::ExportArgs),
    /// Read attempts back from a JSONL export; attempts already there are skipped
    #[command(after_help = transfer::IMPORT_EXAMPLES)]
    Import(transfer::ImportArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let rubric = match rubric_in_force(&cli.global) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&args, &rubric),
        Some(Command::Play(args)) => play::run(&args, &cli.global, &rubric),
        Some(Command::New(args)) => author::new(&args),
        Some(Command::Schema) => {
            render::print_out(crate::domain::schema::scenario_schema().trim_end());
            ExitCode::SUCCESS
        }
        Some(Command::Graph(args)) => author::graph(&args, &cli.global, &rubric),
        Some(Command::Paths(args)) => author::paths(&args, &cli.global, &rubric),
        Some(Command::History(args)) => progress::history(&args, &cli.global, &rubric),
        Some(Command::Report(args)) => progress::report(&args, &cli.global, &rubric),
        Some(Command::Export(args)) => transfer::export(&args, &cli.global),
        Some(Command::Import(args)) => transfer::import(&args, &cli.global),
        None => {
            eprintln!(
                "the interactive library is not available in this build; try `frontline --help`"
            );
            ExitCode::from(2)
        }
    }
}

/// The built-in rubric, or the file `--rubric` names.
pub fn rubric_in_force(global: &Global) -> Result<Rubric, String> {
    let Some(path) = &global.rubric else {
        return Ok(Rubric::builtin());
    };
    let bytes = std::fs::read(path)
        .map_err(|e| format!("error: cannot read the rubric {}: {e}", path.display()))?;
    let text =
        load::decode(&bytes).map_err(|f| render::plain_one(&path.display().to_string(), "", &f))?;
    load::parse_toml::<Rubric>(text)
        .map_err(|f| render::plain_one(&path.display().to_string(), text, &f))
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
