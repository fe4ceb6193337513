//! `frontline export` (JSONL, CSV, xAPI; or xAPI straight to an LRS) and
//! `frontline import` (JSONL back in).

use crate::cli::progress::{open_store, open_store_to_read, parse_since};
use crate::cli::{Global, library_in_force_with, render};
use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
use crate::domain::store::attempts::AttemptFilter;
use crate::domain::store::{Store, StoreError, export, xapi};
use crate::lrs::{Lrs, SendOptions, send_unsent};
use clap::{Args, ValueEnum};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One whole attempt (with every decision) per line; what `import` reads
    Jsonl,
    /// One row per attempt, a column per dimension
    Csv,
    /// xAPI 1.0.3 statements (a JSON array): one per decision and two per finished attempt
    Xapi,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Only this trainee's attempts
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,
    /// Only this scenario's attempts
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,
    /// Only attempts started on or after this date (YYYY-MM-DD, UTC) or time (RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Send the statements of finished attempts not sent before to this LRS (its xAPI
    /// endpoint, or the statements resource) instead of printing them
    #[arg(long, value_name = "URL")]
    pub lrs: Option<String>,
    /// The LRS user for HTTP basic auth
    #[arg(
        long,
        env = "FRONTLINE_LRS_USER",
        value_name = "USER",
        requires = "lrs"
    )]
    pub lrs_user: Option<String>,
    /// The LRS password for HTTP basic auth
    #[arg(
        long,
        env = "FRONTLINE_LRS_PASSWORD",
        value_name = "PASSWORD",
        requires = "lrs",
        hide_env_values = true
    )]
    pub lrs_password: Option<String>,
    /// Tries per batch of statements before giving up (pauses of 0.5 s, 1 s, 2 s, ...)
    #[arg(long, value_name = "N", default_value_t = 5, requires = "lrs")]
    pub lrs_tries: u32,
    /// The account home page that identifies trainees in xAPI statements
    #[arg(long, value_name = "IRI", default_value = xapi::DEFAULT_HOMEPAGE)]
    pub homepage: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A JSONL file written by `frontline export --format jsonl`; `-` reads stdin
    #[arg(value_name = "FILE.jsonl")]
    pub file: PathBuf,
}

pub const EXPORT_EXAMPLES: &str = "Examples:\n  frontline export --format jsonl > progress.jsonl\n  frontline export --format csv --since 2026-11-01 > november.csv\n  frontline export --format xapi --trainee Dana\n  FRONTLINE_LRS_PASSWORD=... frontline export --format xapi --lrs https://lrs.example.org/xapi/ --lrs-user frontline";

pub const IMPORT_EXAMPLES: &str = "Examples:\n  frontline import progress.jsonl\n  frontline --data-dir /shared/classroom import laptop-3.jsonl";

fn fail(message: impl std::fmt::Display) -> ExitCode {
    render::errln!("{message}");
    ExitCode::from(1)
}

/// Every scenario file of the library in force, by version, to describe decisions with.
fn versions<'a>(library: &'a Library, rubric: &'a Rubric) -> xapi::Versions<'a> {
    let mut versions = xapi::Versions::new(rubric);
    for file in &library.files {
        if let Some(scenario) = file.scenario() {
            versions.add(scenario, file.checked.text.as_bytes());
        }
    }
    versions
}

pub fn export(args: &ExportArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let since = match parse_since(args.since.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let lrs = match &args.lrs {
        None => None,
        Some(_) if args.format != ExportFormat::Xapi => {
            return fail("error: --lrs sends xAPI statements: use it with --format xapi");
        }
        Some(endpoint) => match Lrs::new(
            endpoint,
            args.lrs_user.clone(),
            args.lrs_password.clone(),
            args.homepage.clone(),
        ) {
            Ok(lrs) => Some(lrs),
            Err(e) => {
                render::errln!("error: --lrs: {e}");
                return ExitCode::from(2);
            }
        },
    };
    // Printing only reads the store; sending marks attempts sent in it.
    let opened = if lrs.is_some() {
        open_store(global)
    } else {
        open_store_to_read(global)
    };
    let mut store = match opened {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let filter = AttemptFilter {
        trainee: args.trainee.clone(),
        scenario: args.scenario.clone(),
        since,
        finished_only: args.format == ExportFormat::Xapi,
        unsent_only: false,
        class: None,
    };
    if let Some(lrs) = &lrs {
        let options = SendOptions {
            tries: args.lrs_tries.max(1),
            ..SendOptions::default()
        };
        let url = &lrs.url;
        if lrs.credentials_in_clear() {
            render::errln!(
                "warning: {url} is plain http: the LRS user and password go over the network unencrypted, readable by anyone on the way. Use the LRS's https address if it has one."
            );
        }
        let library = library_in_force_with(global, rubric, crate::domain::validate::load_bytes);
        let versions = versions(&library, rubric);
        return match send_unsent(
            &mut store,
            &filter,
            lrs,
            &versions,
            &options,
            std::thread::sleep,
        ) {
            Err(e) => fail(e),
            Ok(summary) => {
                let sent = summary.sent.len();
                render::errln!(
                    "sent {sent} attempt{} ({} statements) to {url} in {} request{}",
                    if sent == 1 { "" } else { "s" },
                    summary.statements,
                    summary.requests,
                    if summary.requests == 1 { "" } else { "s" }
                );
                match summary.failure {
                    None => ExitCode::SUCCESS,
                    Some(why) => fail(format!(
                        "error: {} attempt{} not sent: {why}\nThey stay marked unsent and go with the next `frontline export --format xapi --lrs ...`.",
                        summary.unsent,
                        if summary.unsent == 1 {
                            " was"
                        } else {
                            "s were"
                        }
                    )),
                }
            }
        };
    }

    let stdout = std::io::stdout();
    // Every line escaped on its way out (JSON escapes for JSON): names come from the store.
    let json = args.format != ExportFormat::Csv;
    let mut out = render::LineWriter::new(std::io::BufWriter::new(stdout.lock()), json);
    let mut write = |text: &str| -> Result<(), crate::domain::store::StoreError> {
        if let Err(e) = out.line(text) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            render::errln!("error: cannot write to standard output: {e}");
            std::process::exit(1);
        }
        Ok(())
    };
    let result = match args.format {
        ExportFormat::Jsonl => store.for_each_attempt(&filter, |a| write(&export::jsonl_line(&a))),
        ExportFormat::Csv => match store.dimension_ids() {
            Err(e) => Err(e),
            Ok(dims) => write(&export::csv_header(&dims)).and_then(|_| {
                store.for_each_attempt(&filter, |a| write(&export::csv_attempt(&a, &dims)))
            }),
        },
        ExportFormat::Xapi => {
            let library =
                library_in_force_with(global, rubric, crate::domain::validate::load_bytes);
            let versions = versions(&library, rubric);
            xapi_array(&store, &filter, &args.homepage, &versions, &mut out)
        }
    };
    if let Err(e) = out.flush() {
        return fail(format!("error: cannot write to standard output: {e}"));
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// The statements of the attempts the filter selects as one JSON array (the layout of
/// `serde_json::to_string_pretty`), written as each attempt is read: one attempt in memory
/// at a time, whatever the store's size. Each statement goes out when the next one (or the
/// end) says whether a comma follows it.
fn xapi_array<W: std::io::Write>(
    store: &Store,
    filter: &AttemptFilter,
    homepage: &str,
    versions: &xapi::Versions,
    out: &mut render::LineWriter<W>,
) -> Result<(), StoreError> {
    let mut line = |text: &str| {
        if let Err(e) = out.line(text) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            render::errln!("error: cannot write to standard output: {e}");
            std::process::exit(1);
        }
    };
    let mut held: Option<String> = None;
    store.for_each_attempt(filter, |a| {
        for statement in xapi::statements(&a, homepage, versions) {
            let pretty = serde_json::to_string_pretty(&statement).expect("a statement serialises");
            let indented: Vec<String> = pretty.lines().map(|l| format!("  {l}")).collect();
            match held.replace(indented.join("\n")) {
                None => line("["),
                Some(before) => line(&format!("{before},")),
            }
        }
        Ok(())
    })?;
    match held {
        None => line("[]"),
        Some(last) => {
            line(&last);
            line("]");
        }
    }
    Ok(())
}

pub fn import(args: &ImportArgs, global: &Global) -> ExitCode {
    let name = args.file.display().to_string();
    let input: Box<dyn BufRead> = if name == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(&args.file) {
            Ok(f) => Box::new(BufReader::new(f)),
            Err(e) => {
                return fail(format!(
                    "error: cannot read {name}: {e}; give a file written by `frontline export --format jsonl`"
                ));
            }
        }
    };
    let mut store = match open_store(global) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let summary = match store.import_jsonl(input) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    for (line, why) in &summary.refused {
        render::errln!("{name}:{line}: {why}");
    }
    let refused = summary.refused.len();
    render::print_out(&format!(
        "imported {} attempt{} into {}; {} already there; {refused} line{} refused",
        summary.imported,
        if summary.imported == 1 { "" } else { "s" },
        store.path().display(),
        summary.already_present,
        if refused == 1 { "" } else { "s" }
    ));
    if refused > 0 {
        render::errln!(
            "error: {refused} line{} of {name} could not be imported (see above); every other line was",
            if refused == 1 { "" } else { "s" }
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
