//! The command line: clap definitions and the dispatch to each subcommand.

pub mod answers;
pub mod audit;
pub mod author;
pub mod class;
pub mod diff;
pub mod interrupt;
pub mod list;
pub mod play;
pub mod progress;
pub mod render;
pub mod scenario_arg;
pub mod score;
pub mod table;
pub mod test;
pub mod transfer;
pub mod validate;

use crate::domain::bounded_read::{read_bounded, refusal};
use crate::domain::finding::Finding;
use crate::domain::library::{CheckFn, Library, LibraryFile};
use crate::domain::rubric::{BUILTIN_SOURCE, Rubric, check_rubric};
use crate::domain::scenario::load;

use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "frontline",
    version,
    about = "Practise difficult customer conversations in the terminal",
    long_about = "Practise difficult customer conversations in the terminal.\n\nWith no command, opens the scenario library.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// How runs are played when no command is given (the same flags as `play`)
    #[command(flatten)]
    pub open: play::RunFlags,
    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXAMPLES: &str = "Examples:\n  frontline                          open the library\n  frontline --assess --trainee Sam   open the library in assess mode, as Sam\n  frontline play refund-no-receipt   play one scenario\n  frontline list                     the library in its onboarding order\n  frontline validate scenarios/      check scenario files (and their curriculum.toml)";

/// The command line with its help's examples followed by the built-in curriculum's first
/// group in order, one `frontline play` a scenario, so `--help` shows where to start.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let curriculum = crate::domain::library::builtin_text(crate::domain::curriculum::FILE)
        .and_then(|t| crate::domain::curriculum::Curriculum::parse(&t).ok())
        .unwrap_or_default();
    let Some(first) = curriculum.groups.first() else {
        return Cli::command();
    };
    let mut help = format!(
        "{EXAMPLES}\n\n{} (the built-in curriculum; `frontline list` shows every group):",
        first.title
    );
    for entry in &first.entries {
        help.push_str(&format!("\n  frontline play {}", entry.id));
    }
    Cli::command().after_help(help)
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
    /// Check scenario and rubric files: every error and warning, with file:line:column
    #[command(
        after_help = "Examples:\n  frontline validate scenarios/\n  frontline validate --format json --deny-warnings my-scenario.toml\n  frontline validate my-rubric.toml"
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
    /// Can a scenario's score be guessed? Random play, guessing strategies, length and
    /// endings that contradict scores, exactly over every path
    #[command(after_help = audit::EXAMPLES)]
    Audit(audit::AuditArgs),
    /// What changed between two versions of a scenario: steps, choices, scores, flags and
    /// endings added, removed or changed, by id
    #[command(after_help = diff::EXAMPLES)]
    Diff(diff::DiffArgs),
    /// Run transcript tests (*.test.toml): answers, and the ending, pass, marks, flags,
    /// mood and lines that must follow; --coverage lists what no test reaches
    #[command(after_help = test::EXAMPLES)]
    Test(test::TestArgs),
    /// Print the JSON Schema of the scenario format, for editors that complete keys
    #[command(
        after_help = "Examples:\n  frontline schema > scenario.schema.json\n\nThen start a scenario file with `#:schema ./scenario.schema.json` (see docs/authoring.md)."
    )]
    Schema,
    /// Score typed replies with the rubric in force, without a scenario
    #[command(after_help = score::EXAMPLES)]
    Score(score::ScoreArgs),
    /// Print the rubric in force as TOML: the built-in one, or the --rubric file
    #[command(
        after_help = "Examples:\n  frontline rubric > my-rubric.toml          start your own from the built-in one\n  frontline --rubric my-rubric.toml score \"Thanks for waiting\""
    )]
    Rubric,
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
    /// Host a class: trainees join with `ssh`, every answer lands in your store, and
    /// the dashboard shows the room's answers live
    #[command(after_help = class::EXAMPLES)]
    Class(class::ClassArgs),
    /// List the library in its onboarding order: the curriculum's groups, then the rest
    #[command(after_help = list::EXAMPLES)]
    List(list::ListArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let (rubric, source) = match load_rubric(&cli.global) {
        Ok(r) => r,
        Err(message) => {
            render::errln!("{message}");
            return ExitCode::from(1);
        }
    };
    if cli.command.is_some() && cli.open != play::RunFlags::default() {
        render::errln!("{}", misplaced(&cli.open));
        return ExitCode::from(2);
    }
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&args, &rubric),
        Some(Command::Test(args)) => test::run(&args, &cli.global, &rubric),
        Some(Command::Diff(args)) => diff::run(&args, &cli.global, &rubric),
        Some(Command::Play(args)) => play::run(&args, &cli.global, &rubric),
        Some(Command::New(args)) => author::new(&args),
        Some(Command::Schema) => {
            render::print_json(crate::domain::schema::scenario_schema().trim_end());
            ExitCode::SUCCESS
        }
        Some(Command::Score(args)) => score::run(&args, &cli.global, &rubric),
        Some(Command::Rubric) => {
            render::print_out(source.text.trim_end_matches('\n'));
            ExitCode::SUCCESS
        }
        Some(Command::Graph(args)) => author::graph(&args, &cli.global, &rubric),
        Some(Command::Paths(args)) => author::paths(&args, &cli.global, &rubric),
        Some(Command::Audit(args)) => audit::run(&args, &cli.global, &rubric),
        Some(Command::History(args)) => progress::history(&args, &cli.global, &rubric),
        Some(Command::Report(args)) => progress::report(&args, &cli.global, &rubric),
        Some(Command::Export(args)) => transfer::export(&args, &cli.global, &rubric),
        Some(Command::Import(args)) => transfer::import(&args, &cli.global),
        Some(Command::Class(args)) => class::run(&args, &cli.global, &rubric),
        Some(Command::List(args)) => list::run(&args, &cli.global, &rubric),
        None => play::run(&cli.open.into_play_args(), &cli.global, &rubric),
    }
}

/// The error for run flags given before a command: it names the ones the user gave, and
/// shows them where they go.
fn misplaced(flags: &play::RunFlags) -> String {
    let mut given = Vec::new();
    if let Some(seed) = flags.seed {
        given.push(format!("--seed {seed}"));
    }
    if flags.no_shuffle {
        given.push("--no-shuffle".to_owned());
    }
    if let Some(trainee) = &flags.trainee {
        given.push(format!("--trainee {}", scenario_arg::shell_word(trainee)));
    }
    if flags.coach {
        given.push("--coach".to_owned());
    }
    if flags.assess {
        given.push("--assess".to_owned());
    }
    if flags.free_text {
        given.push("--free-text".to_owned());
    }
    let names: Vec<&str> = given
        .iter()
        .map(|g| g.split(' ').next().unwrap_or(g))
        .collect();
    let (list, verb) = match names.as_slice() {
        [one] => ((*one).to_owned(), "goes"),
        [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "go"),
        [] => (String::new(), "go"),
    };
    format!(
        "error: {list} {verb} after the command, as in `frontline play {} SCENARIO`",
        given.join(" ")
    )
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
    let bytes = read_bounded(path).map_err(|f| refusal(&format!("the rubric {origin}"), &f))?;
    let text = load::decode(&bytes).map_err(|f| render::plain_one(&origin, "", &f))?;
    let rubric = Rubric::parse(text).map_err(|f| render::plain_one(&origin, text, &f))?;
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

/// Only the file `<id>.toml` at the top of the library in force, checked by `check`, when
/// there is one: files are named after their scenario, and reading one file is much
/// cheaper than reading the library. `None` for an id that is not a valid id.
pub fn library_file_named(
    global: &Global,
    rubric: &Rubric,
    id: &str,
    check: CheckFn,
) -> Option<LibraryFile> {
    if !crate::domain::scenario::check::is_valid_id(id) {
        return None;
    }
    let name = format!("{id}.toml");
    let dir = match &global.library {
        Some(dir) => dir.clone(),
        None if Path::new("scenarios").is_dir() => PathBuf::from("scenarios"),
        None => return Library::builtin_file(&name, rubric, check),
    };
    let path = dir.join(name);
    let bytes = read_bounded(&path).ok()?;
    Some(LibraryFile {
        origin: path.display().to_string(),
        checked: check(&bytes, rubric),
    })
}

/// The library in force: `--library` / `FRONTLINE_LIBRARY`, else ./scenarios when it
/// exists, else the scenarios built into the binary; each file checked by `check`
/// (`load_bytes` skips the warnings).
pub fn library_in_force_with(global: &Global, rubric: &Rubric, check: CheckFn) -> Library {
    if let Some(dir) = &global.library {
        return Library::from_paths_with(std::slice::from_ref(dir), rubric, check);
    }
    let local = PathBuf::from("scenarios");
    if local.is_dir() {
        return Library::from_paths_with(&[local], rubric, check);
    }
    Library::builtin_with(rubric, check)
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn misplaced_run_flags_are_named_as_given() {
        let flags = super::play::RunFlags {
            free_text: true,
            ..Default::default()
        };
        assert_eq!(
            super::misplaced(&flags),
            "error: --free-text goes after the command, as in `frontline play --free-text SCENARIO`"
        );
        let flags = super::play::RunFlags {
            seed: Some(7),
            trainee: Some("Sam".into()),
            assess: true,
            ..Default::default()
        };
        assert_eq!(
            super::misplaced(&flags),
            "error: --seed, --trainee and --assess go after the command, as in `frontline play --seed 7 --trainee Sam --assess SCENARIO`"
        );
    }

    /// clap checks the definitions (conflicts, requires, names) only when asked.
    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
