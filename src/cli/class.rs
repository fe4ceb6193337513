//! `frontline class`: host a class that trainees join with `ssh` (see src/class/).

use crate::class::room::{Pace, Settings};
use crate::cli::{Global, library_in_force_with, render, scenario_arg::Source};
use crate::domain::library::{Library, LibraryFile};
use crate::domain::rubric::Rubric;
use crate::domain::session::Mode;
use crate::domain::store::location;
use crate::domain::validate::load_bytes;
use clap::Args;
use std::net::IpAddr;
use std::process::ExitCode;

pub const EXAMPLES: &str = "Examples:\n  frontline class refund-no-receipt                 one scenario for the room; the code is drawn\n  frontline class --code 314159 --pace together refund-no-receipt\n  frontline class --headless --port 2222 > class.jsonl   no dashboard: JSON events, one a line\n\nTrainees join with the line shown: ssh -p PORT join@HOST, and the code as the password.";

#[derive(Debug, Args)]
pub struct ClassArgs {
    /// Scenario ids or files for the class; none: the whole library
    #[arg(value_name = "SCENARIO")]
    pub scenarios: Vec<String>,
    /// The port to serve SSH on (0: any free port, shown in the join line)
    #[arg(long, default_value_t = 2222)]
    pub port: u16,
    /// The address to serve on [default: every interface]
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "0.0.0.0",
        hide_default_value = true
    )]
    pub bind: IpAddr,
    /// The class code trainees give as the SSH password [default: six random digits]
    #[arg(long)]
    pub code: Option<String>,
    /// self: each trainee at their own speed; together: you open each decision and
    /// reveal the room's answers
    #[arg(long, value_enum, default_value_t = Pace::SelfPaced)]
    pub pace: Pace,
    /// Feedback after every choice (the default)
    #[arg(long, conflicts_with = "assess")]
    pub coach: bool,
    /// Feedback only in the debrief at the end
    #[arg(long)]
    pub assess: bool,
    /// Trainees type their replies instead of choosing them
    #[arg(long)]
    pub free_text: bool,
    /// The same seed for every trainee's run (the same customer, lines and order)
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Show choices in the order the scenario lists them
    #[arg(long)]
    pub no_shuffle: bool,
    /// Trainees connected at once; the next one is told the class is full
    #[arg(long, default_value_t = 60, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub max_trainees: u16,
    /// No dashboard: print the join line, then one JSON event a line
    #[arg(long)]
    pub headless: bool,
    /// List the classes in the progress store (id, attempts, trainees) and exit; `frontline
    /// report --class ID` reports one
    #[arg(long, conflicts_with_all = ["scenarios", "headless", "code"])]
    pub list: bool,
}

pub fn run(args: &ClassArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let done = if args.list {
        list(global)
    } else {
        serve(args, global, rubric)
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Text(message)) => {
            render::print_err(&message);
            ExitCode::from(1)
        }
        Err(Failure::Styled(message)) => {
            render::print_styled_err(&message);
            ExitCode::from(1)
        }
    }
}

/// Why a class could not be served: a message, or a scenario's findings as `validate`
/// shows them.
enum Failure {
    Text(String),
    Styled(render::Styled),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Text(message)
    }
}

fn serve(args: &ClassArgs, global: &Global, rubric: &Rubric) -> Result<(), Failure> {
    let code = match &args.code {
        Some(code) => check_code(code)?,
        None => crate::class::random_code(),
    };
    let library = class_library(&args.scenarios, global, rubric)?;
    if args.pace == Pace::Together {
        if library.files.len() != 1 {
            return Err(Failure::Text(format!(
                "error: --pace together plays one conversation with the whole room, so it needs exactly one scenario ({} given). Name it: frontline class --pace together SCENARIO",
                library.files.len()
            )));
        }
        if args.free_text {
            return Err(Failure::Text("error: --pace together cannot be used with --free-text yet: the room's answers are tallied by choice. Leave out --free-text, or use --pace self".to_owned()));
        }
    }
    let store_path = location::store_path(global.data_dir.as_deref()).map_err(|e| e.to_string())?;
    // Opened once here so a store that cannot be used is said before anyone joins.
    crate::domain::store::Store::open(&store_path).map_err(|e| e.to_string())?;
    let settings = Settings {
        class_id: crate::class::new_class_id(),
        code,
        pace: args.pace,
        mode: if args.assess {
            Mode::Assess
        } else {
            Mode::Coach
        },
        free_text: args.free_text,
        seed: args.seed,
        shuffle: !args.no_shuffle,
        max_trainees: args.max_trainees.into(),
        store_path: store_path.clone(),
    };
    let options = crate::class::Options {
        bind: args.bind,
        port: args.port,
        headless: args.headless,
        key_path: crate::class::host_key::path_beside(&store_path),
        settings,
    };
    let output = crate::class::Output {
        line: render::print_out,
        json: render::print_json,
        err: render::print_err,
    };
    Ok(crate::class::run(
        options,
        library,
        rubric.clone(),
        &output,
    )?)
}

/// `class --list`: every class in the store, oldest first.
fn list(global: &Global) -> Result<(), Failure> {
    let store = crate::cli::progress::open_store_to_read(global)?;
    let mut classes = store.classes().map_err(|e| e.to_string())?;
    if classes.is_empty() {
        crate::cli::render::print_out(
            "No classes in the progress store yet: `frontline class` hosts one.",
        );
        return Ok(());
    }
    classes.sort_by(|a, b| a.first_started.cmp(&b.first_started));
    let rows: Vec<Vec<String>> = classes
        .iter()
        .map(|c| {
            vec![
                c.class.clone(),
                c.first_started.clone(),
                c.trainees.to_string(),
                c.attempts.to_string(),
                c.finished.to_string(),
            ]
        })
        .collect();
    let header = ["class", "started", "trainees", "attempts", "finished"];
    crate::cli::render::print_out(&crate::cli::table::table(&header, &rows, &[2, 3, 4]));
    Ok(())
}

/// A code given with --code: something a trainee can type at a password prompt.
fn check_code(code: &str) -> Result<String, String> {
    let ok = !code.is_empty()
        && code.chars().count() <= 64
        && code.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(code.to_owned())
    } else {
        Err(format!(
            "error: the class code {code:?} cannot be typed at a password prompt: use 1 to 64 letters, digits or punctuation, no spaces (or leave --code out for six random digits)"
        ))
    }
}

/// The scenarios of the class: those named (ids or files), or every playable one of the
/// library in force. Unplayable files are left out: trainees never see the trainer's
/// broken drafts.
fn class_library(wanted: &[String], global: &Global, rubric: &Rubric) -> Result<Library, Failure> {
    let mut files: Vec<LibraryFile> = Vec::new();
    if wanted.is_empty() {
        let library = library_in_force_with(global, rubric, load_bytes);
        files.extend(library.files.into_iter().filter(|f| f.scenario().is_some()));
    }
    for name in wanted {
        let file = match Source::find(name, global, rubric).map_err(Failure::Styled)? {
            Source::File(checked) => LibraryFile {
                origin: name.clone(),
                checked: *checked,
            },
            Source::Library(library, id) => library
                .files
                .into_iter()
                .find(|f| f.scenario().is_some_and(|s| s.id() == id))
                .ok_or_else(|| format!("error: no scenario `{id}` in the library"))?,
        };
        let id = file.scenario().map(|s| s.id().to_owned());
        if !files
            .iter()
            .any(|f| f.scenario().map(|s| s.id().to_owned()) == id)
        {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err(Failure::Text(
            "error: no playable scenario for the class; check the library with `frontline validate`"
                .to_owned(),
        ));
    }
    Ok(Library { files })
}
