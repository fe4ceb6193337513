//! `frontline audit [PATH...]`: can each scenario's score be guessed? The figures are
//! `domain::audit`'s; this layer finds the files and prints a table or JSON.

use crate::cli::render::{self, errln};
use crate::cli::{Global, library_in_force_with};
use crate::domain::audit::{self, Audit, EndingStats, Spread};
use crate::domain::finding::LineIndex;
use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
use crate::domain::validate::load_bytes;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXAMPLES: &str = "Examples:\n  frontline audit                        every scenario in the library in force\n  frontline audit scenarios/refund-no-receipt.toml\n  frontline audit scenarios --format json --deny-warnings";

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Scenario files, or folders to search for *.toml (default: the library in force)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print the audit
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,
    /// Fail (exit 1) when any scenario has a finding
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Table,
    Json,
}

/// One scenario's audit with its findings, as JSON.
#[derive(Serialize)]
struct Audited<'a> {
    file: &'a str,
    #[serde(flatten)]
    audit: &'a Audit,
    findings: Vec<FindingJson>,
}

#[derive(Serialize)]
struct FindingJson {
    code: &'static str,
    message: String,
    line: usize,
    column: usize,
    help: Option<String>,
}

pub fn run(args: &AuditArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let library = if args.paths.is_empty() {
        library_in_force_with(global, rubric, load_bytes)
    } else {
        Library::from_paths_with(&args.paths, rubric, load_bytes)
    };
    if library.files.is_empty() {
        errln!("error: no *.toml files found under the given paths");
        return ExitCode::from(1);
    }
    let mut failed = false;
    let mut warned = false;
    let mut out = Vec::new();
    let mut tables = Vec::new();
    for file in &library.files {
        let Some(scenario) = file.scenario() else {
            failed = true;
            errln!(
                "error: {} has errors and cannot be audited; `frontline validate {}` shows them",
                file.origin,
                file.origin
            );
            continue;
        };
        let a = audit::audit(scenario, rubric);
        let findings = audit::findings(&a, scenario);
        warned |= !findings.is_empty();
        let lines = LineIndex::new(&file.checked.text);
        let findings: Vec<FindingJson> = findings
            .into_iter()
            .map(|f| {
                let (line, column) =
                    lines.line_column(&file.checked.text, f.span.as_ref().map_or(0, |s| s.start));
                FindingJson {
                    code: f.code,
                    message: f.message,
                    line,
                    column,
                    help: f.help,
                }
            })
            .collect();
        match args.format {
            AuditFormat::Table => tables.push(table(&file.origin, &a, &findings)),
            AuditFormat::Json => out.push((file.origin.clone(), a, findings)),
        }
    }
    match args.format {
        AuditFormat::Table => render::print_out(tables.join("\n\n").trim_end()),
        AuditFormat::Json => {
            let json: Vec<Audited> = out
                .iter()
                .map(|(file, audit, findings)| Audited {
                    file,
                    audit,
                    findings: findings
                        .iter()
                        .map(|f| FindingJson {
                            code: f.code,
                            message: f.message.clone(),
                            line: f.line,
                            column: f.column,
                            help: f.help.clone(),
                        })
                        .collect(),
                })
                .collect();
            render::print_json(&serde_json::to_string_pretty(&json).expect("an audit serialises"));
        }
    }
    if failed || (args.deny_warnings && warned) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn overall(o: Option<f64>) -> String {
    o.map_or("n/a".to_owned(), |o| format!("{o:.1}%"))
}

fn spread(s: Option<Spread>, percent: bool) -> String {
    match s {
        None => "n/a".to_owned(),
        Some(s) if percent => format!("{:.1}/{:.1}/{:.1}", s.min, s.median, s.max),
        Some(s) => format!("{}/{}/{}", s.min, s.median, s.max),
    }
}

fn table(file: &str, a: &Audit, findings: &[FindingJson]) -> String {
    let mut out = format!(
        "{} ({}, {file}): {} path{}, {} decision{}{}\n",
        a.title,
        a.scenario,
        a.paths,
        if a.paths == 1 { "" } else { "s" },
        a.decisions,
        if a.decisions == 1 { "" } else { "s" },
        if a.complete {
            String::new()
        } else {
            format!(
                "; STOPPED at {} nodes, covering {} of random runs",
                audit::NODE_LIMIT,
                pct(a.explored)
            )
        }
    );
    if a.cut_loops > 0 {
        out += &format!(
            "  {} branch{} cut after 2 x steps decisions (a loop)\n",
            a.cut_loops,
            if a.cut_loops == 1 { "" } else { "es" }
        );
    }
    out += &format!(
        "  random player passes            {:>7}  (pass mark {}%)\n",
        pct(a.random_pass_rate),
        a.pass_mark
    );
    for s in &a.strategies {
        out += &format!(
            "  {:<31} {:>7}  {} at {}{}\n",
            s.strategy.label(),
            if s.passed { "PASSES" } else { "fails" },
            overall(s.overall),
            s.ending.as_deref().unwrap_or("no ending (a loop)"),
            if s.critical { ", critical error" } else { "" }
        );
    }
    let of = |n: usize| format!("{n} of {}", a.decisions);
    out += &format!(
        "  best reply is the longest       {} decisions ({})\n",
        of(a.longest_best.len()),
        pct(a.longest_best_share())
    );
    out += &format!(
        "  one reply best on every skill   {} decisions\n",
        of(a.one_best_on_every_skill.len())
    );
    let same: Vec<&str> = a.same_next.iter().map(|d| d.step.as_str()).collect();
    out += &format!(
        "  every reply leads the same way  {} decisions{}\n",
        of(a.same_next.len()),
        if same.is_empty() {
            String::new()
        } else {
            format!(" ({})", same.join(", "))
        }
    );
    out += &format!(
        "  score passes, ending fails      {} path{} ({} of random runs)\n",
        a.score_pass_ending_fail.paths,
        if a.score_pass_ending_fail.paths == 1 {
            ""
        } else {
            "s"
        },
        pct(a.score_pass_ending_fail.probability)
    );
    out += &format!(
        "  failing at the warmest ending   {} path{} ({} of random runs){}\n",
        a.score_fail_at_warmest.paths,
        if a.score_fail_at_warmest.paths == 1 {
            ""
        } else {
            "s"
        },
        pct(a.score_fail_at_warmest.probability),
        a.warmest_ending
            .as_deref()
            .map_or(String::new(), |w| format!("; warmest: {w}"))
    );
    out += &format!(
        "\n  {:<22} {:<9} {:<5} {:>6} {:>8}  {:<16} overall min/med/max\n",
        "ending", "outcome", "pass", "paths", "random", "mood min/med/max"
    );
    for e in &a.endings {
        out += &ending_row(e);
    }
    if findings.is_empty() {
        out += "\n  no findings\n";
    } else {
        out += "\n";
        for f in findings {
            out += &format!("  warning[{}]: {} (line {})\n", f.code, f.message, f.line);
        }
    }
    out
}

fn ending_row(e: &EndingStats) -> String {
    format!(
        "  {:<22} {:<9} {:<5} {:>6} {:>8}  {:<16} {}\n",
        e.ending,
        e.outcome.as_str(),
        if e.counts_as_pass { "yes" } else { "no" },
        e.reached.paths,
        pct(e.reached.probability),
        spread(e.mood, false),
        spread(e.overall, true)
    )
}
