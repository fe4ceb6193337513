//! `frontline history` (a trainee's attempts and what to practise next) and
//! `frontline report` (a trainer's view, with the class debrief of one scenario).

use crate::cli::table::table;
use crate::cli::{Global, library_in_force_with, render};
use crate::domain::rubric::Rubric;
use crate::domain::store::export::{csv_row, number};
use crate::domain::store::hash::scenario_hash;
use crate::domain::store::history::AttemptRow;
use crate::domain::store::{
    ClassDebrief, History, HistoryFilter, Report, ReportFilter, Store, StoreError, location, time,
};
use clap::{Args, ValueEnum};
use std::process::ExitCode;

/// Opens the store in force: `--data-dir` / `FRONTLINE_DATA`, else the platform's data
/// folder. The error is the message to print.
pub fn open_store(global: &Global) -> Result<Store, String> {
    let path = location::store_path(global.data_dir.as_deref()).map_err(|e| e.to_string())?;
    Store::open(&path).map_err(|e| e.to_string())
}

/// Opens the store in force for a command that only reads it: as [`open_store`], and when
/// the store cannot be written (a read-only folder or file), read-only.
pub fn open_store_to_read(global: &Global) -> Result<Store, String> {
    let path = location::store_path(global.data_dir.as_deref()).map_err(|e| e.to_string())?;
    match Store::open(&path) {
        Ok(store) => Ok(store),
        Err(e @ (StoreError::Io { .. } | StoreError::Folder { .. })) => {
            Store::open_read_only(&path).map_err(|_| e.to_string())
        }
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for people
    Table,
    /// One JSON object
    Json,
    /// Comma-separated values with a header row
    Csv,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Whose history [default: the only trainee in the store]
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,
    /// Only attempts started on or after this date (YYYY-MM-DD, UTC) or time (RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// One attempt's answers, in the words the trainee saw, with the version of the
    /// scenario file it was played on (its id, or the first digits of it)
    #[arg(long, value_name = "ATTEMPT", conflicts_with_all = ["trainee", "since"])]
    pub attempt: Option<String>,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Only this scenario, and add the class debrief: how the group answered each decision
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,
    /// Only this trainee's attempts
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,
    /// Only attempts started on or after this date (YYYY-MM-DD, UTC) or time (RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only this class's attempts (`frontline class --list` lists the classes); a class
    /// of one scenario gets its class debrief without --scenario
    #[arg(long, value_name = "ID")]
    pub class: Option<String>,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

pub const HISTORY_EXAMPLES: &str = "Examples:\n  frontline history\n  frontline history --trainee Dana --format json\n  frontline history --trainee Dana --since 2026-11-01 --format csv > dana.csv\n  frontline history --attempt 3f2a";

pub const REPORT_EXAMPLES: &str = "Examples:\n  frontline report\n  frontline report --scenario refund-no-receipt --since 2026-11-23\n  frontline report --trainee Dana --format csv > dana.csv\n  frontline report --class 20261207-0930-1a2b";

fn fail(message: impl std::fmt::Display) -> ExitCode {
    render::errln!("{message}");
    ExitCode::from(1)
}

/// A `--since` value in the store's form.
pub fn parse_since(since: Option<&str>) -> Result<Option<String>, String> {
    since
        .map(|s| time::since(s).map_err(|e| format!("error: --since: {e}")))
        .transpose()
}

/// A dimension's display name from the rubric, else its id.
fn dimension_name(rubric: &Rubric, id: &str) -> String {
    rubric
        .dimension(id)
        .map_or_else(|| id.to_owned(), |d| d.name.clone())
}

fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "-".to_owned(), number)
}

/// `2026-11-23T14:42:07.123Z` as `2026-11-23 14:42`.
fn when(ts: &str) -> String {
    ts.get(..16).map_or(ts.to_owned(), |s| s.replace('T', " "))
}

pub fn history(args: &HistoryArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let since = match parse_since(args.since.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let store = match open_store_to_read(global) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if let Some(which) = &args.attempt {
        return crate::cli::answers::show(which, &store, global, rubric, args.format);
    }
    let trainee = match &args.trainee {
        Some(t) => t.clone(),
        None => match store.trainees() {
            Err(e) => return fail(e),
            Ok(all) if all.len() == 1 => all[0].clone(),
            Ok(all) if all.is_empty() => {
                if args.format == TableFormat::Table {
                    render::print_out(&format!(
                        "No attempts are recorded in {} yet. Play one with `frontline play --plain SCENARIO`.",
                        store.path().display()
                    ));
                    return ExitCode::SUCCESS;
                }
                "you".to_owned()
            }
            Ok(all) => {
                return fail(format!(
                    "error: the store holds attempts by {} trainees: name one with --trainee NAME ({})",
                    all.len(),
                    all.join(", ")
                ));
            }
        },
    };
    let mut history = match store.history(&HistoryFilter {
        trainee: trainee.clone(),
        since,
    }) {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    let library = library_in_force_with(global, rubric, crate::domain::validate::load_bytes);
    history.recommend(library.scenarios(), rubric);
    // Which attempts answered another version of the file than the library's.
    let versions = library
        .files
        .iter()
        .filter_map(|f| {
            let id = f.scenario()?.id().to_owned();
            Some((id, scenario_hash(f.checked.text.as_bytes())))
        })
        .collect();
    history.mark_versions(&versions);
    match args.format {
        TableFormat::Json => render::print_json(
            &serde_json::to_string_pretty(&history).expect("a history serialises"),
        ),
        TableFormat::Csv => render::print_out(&history_csv(&history)),
        TableFormat::Table => {
            if history.attempts.is_empty() {
                let known = store.trainees().unwrap_or_default();
                let hint = if known.is_empty() {
                    String::new()
                } else {
                    format!(" Trainees in the store: {}.", known.join(", "))
                };
                render::print_out(&format!("No attempts by {trainee} are recorded.{hint}"));
            } else {
                render::print_out(&history_table(&history, rubric));
            }
        }
    }
    ExitCode::SUCCESS
}

/// The dimension ids of a list of attempts, in the order first met.
fn dimensions_of<'a>(rows: impl IntoIterator<Item = &'a AttemptRow>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for row in rows {
        for (d, _) in &row.dimensions {
            if !out.contains(d) {
                out.push(d.clone());
            }
        }
    }
    out
}

fn dimension_cells(dims: &[String], row: &[(String, Option<f64>)]) -> Vec<String> {
    dims.iter()
        .map(|d| percent(row.iter().find(|(k, _)| k == d).and_then(|(_, p)| *p)))
        .collect()
}

fn history_csv(history: &History) -> String {
    let dims = dimensions_of(&history.attempts);
    let mut header: Vec<String> = [
        "id",
        "trainee",
        "started_at",
        "finished_at",
        "scenario",
        "scenario_title",
        "mode",
        "outcome",
        "passed",
        "overall",
        "decisions",
        "version",
        "changed",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(dims.iter().cloned());
    let mut lines = vec![csv_row(&header)];
    for a in &history.attempts {
        let mut cells = vec![
            a.id.to_string(),
            history.trainee.clone(),
            a.started_at.clone(),
            a.finished_at.clone().unwrap_or_default(),
            a.scenario.clone(),
            a.scenario_title.clone(),
            a.mode.clone(),
            a.outcome.map(|o| o.as_str().to_owned()).unwrap_or_default(),
            a.passed.map(|p| p.to_string()).unwrap_or_default(),
            a.overall.map(number).unwrap_or_default(),
            a.decisions.to_string(),
            a.version.clone(),
            a.changed.map(|c| c.to_string()).unwrap_or_default(),
        ];
        cells.extend(dims.iter().map(|d| {
            a.dimensions
                .iter()
                .find(|(k, _)| k == d)
                .and_then(|(_, p)| *p)
                .map(number)
                .unwrap_or_default()
        }));
        lines.push(csv_row(&cells));
    }
    lines.join("\n")
}

/// Marks an attempt played on another version of the scenario file than the library's.
const CHANGED_MARK: &str = "*";

fn history_table(h: &History, rubric: &Rubric) -> String {
    let finished = h.attempts.iter().filter(|a| a.is_finished()).count();
    let mut out = vec![format!(
        "History of {}: {} attempt{}, {finished} finished",
        h.trainee,
        h.attempts.len(),
        if h.attempts.len() == 1 { "" } else { "s" }
    )];
    let dims = dimensions_of(&h.attempts);
    let mut header: Vec<String> = [
        "When (UTC)",
        "Scenario",
        "Mode",
        "Outcome",
        "Passed",
        "Overall",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(dims.iter().map(|d| dimension_name(rubric, d)));
    header.push("Attempt".into());
    let rows: Vec<Vec<String>> = h
        .attempts
        .iter()
        .map(|a| {
            // An attempt on another version of the file than the library's is marked.
            let scenario = match a.changed {
                Some(true) => format!("{}{CHANGED_MARK}", a.scenario),
                _ => a.scenario.clone(),
            };
            let mut row = vec![when(&a.started_at), scenario, a.mode.clone()];
            match (a.outcome, a.passed) {
                (Some(o), Some(p)) => {
                    row.push(o.as_str().to_owned());
                    row.push(if p { "yes" } else { "no" }.to_owned());
                    row.push(percent(a.overall));
                    row.extend(dimension_cells(&dims, &a.dimensions));
                }
                _ => {
                    row.push(format!(
                        "unfinished ({} answer{})",
                        a.decisions,
                        if a.decisions == 1 { "" } else { "s" }
                    ));
                    row.push(String::new());
                    row.push(String::new());
                    row.extend(dims.iter().map(|_| String::new()));
                }
            }
            row.push(a.id.short());
            row
        })
        .collect();
    let right: Vec<usize> = (5..6 + dims.len()).collect();
    out.push(String::new());
    out.push(table(&header, &rows, &right));
    let failed: Vec<&AttemptRow> = h
        .attempts
        .iter()
        .filter(|a| !a.critical.is_empty())
        .collect();
    if !failed.is_empty() {
        out.push("Failed on a critical error, whatever the score:".into());
        for a in failed {
            for why in &a.critical {
                out.push(format!("  {} ({}): {why}", a.id.short(), a.scenario));
            }
        }
    }
    if h.attempts.iter().any(|a| !a.is_finished()) {
        out.push(
            "Continue an unfinished attempt with `frontline play --plain --resume=ATTEMPT`.".into(),
        );
    }
    if h.any_changed() {
        out.push(format!(
            "{CHANGED_MARK} played on an earlier version of the scenario file, which has changed since; `frontline history --attempt ATTEMPT` shows its answers in the words the trainee saw."
        ));
    }

    if !h.best.is_empty() {
        out.push(String::new());
        out.push("Best result per scenario".into());
        let rows: Vec<Vec<String>> = h
            .best
            .iter()
            .map(|b| {
                vec![
                    b.scenario.clone(),
                    b.attempts.to_string(),
                    percent(b.overall),
                    if b.passed { "yes" } else { "no" }.to_owned(),
                    when(&b.finished_at),
                ]
            })
            .collect();
        out.push(table(
            &[
                "Scenario",
                "Attempts",
                "Best overall",
                "Passed",
                "When (UTC)",
            ],
            &rows,
            &[1, 2],
        ));
    }

    if !h.trends.is_empty() {
        out.push(String::new());
        out.push("Trend per dimension (finished attempts, oldest first)".into());
        for t in &h.trends {
            let values: Vec<String> = t.values.iter().map(|v| number(*v)).collect();
            let slope = t
                .slope
                .map(|s| format!(", {} points per attempt", signed(s)))
                .unwrap_or_default();
            out.push(format!(
                "  {}: {}  (mean {}, recent {}; {}{slope})",
                dimension_name(rubric, &t.dimension),
                values.join(" -> "),
                number(t.mean),
                number(t.recent),
                t.direction.as_str()
            ));
        }
    }
    if let Some(weakest) = &h.weakest {
        out.push(String::new());
        out.push(format!(
            "Weakest dimension: {} (lowest mean over the latest attempts).",
            dimension_name(rubric, weakest)
        ));
        match &h.next {
            Some(p) => out.push(format!(
                "Practise it next with `{}` ({}): its best path earns {} points on {}.\n  frontline play --plain {}",
                p.scenario,
                p.title,
                p.points,
                dimension_name(rubric, &p.dimension),
                p.scenario
            )),
            None => out.push(
                "No scenario you have not passed yet in the library scores that dimension."
                    .into(),
            ),
        }
    }
    out.join("\n")
}

fn signed(x: f64) -> String {
    let n = number(x);
    if x > 0.0 && n != "0" {
        format!("+{n}")
    } else {
        n
    }
}

pub fn report(args: &ReportArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let since = match parse_since(args.since.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let store = match open_store_to_read(global) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if let Some(class) = &args.class {
        match store.classes() {
            Ok(classes) if classes.iter().any(|c| &c.class == class) => {}
            Ok(_) => {
                return fail(format!(
                    "error: no class `{class}` in the progress store; `frontline class --list` lists the classes it holds"
                ));
            }
            Err(e) => return fail(e),
        }
    }
    let mut filter = ReportFilter {
        scenario: args.scenario.clone(),
        trainee: args.trainee.clone(),
        since,
        class: args.class.clone(),
    };
    let mut report = match store.report(&filter) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    // A class that played one scenario is debriefed as if it had been named.
    if filter.class.is_some()
        && filter.scenario.is_none()
        && let [only] = report.by_scenario.as_slice()
    {
        filter.scenario = Some(only.key.clone());
        report = match store.report(&filter) {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
    }
    if let Some(debrief) = report.debrief.as_mut() {
        let library = library_in_force_with(global, rubric, crate::domain::validate::load_bytes);
        let file = library
            .files
            .iter()
            .find(|f| f.scenario().is_some_and(|s| s.id() == debrief.scenario));
        if let Some(file) = file
            && let Some(scenario) = file.scenario()
        {
            debrief.label(scenario, file.checked.text.as_bytes(), rubric);
        }
    }
    match args.format {
        TableFormat::Json => {
            render::print_json(&serde_json::to_string_pretty(&report).expect("a report serialises"))
        }
        TableFormat::Csv => render::print_out(&report_csv(&report)),
        TableFormat::Table => render::print_out(&report_table(&report, rubric)),
    }
    ExitCode::SUCCESS
}

/// The report as one CSV table: a row per trainee, per scenario and (with --scenario) per
/// choice of each decision, told apart by the `section` column.
fn report_csv(r: &Report) -> String {
    let mut header: Vec<String> = [
        "section",
        "trainee",
        "scenario",
        "step",
        "choice",
        "text",
        "attempts",
        "passed",
        "pass_rate",
        "overall",
        "count",
        "share",
        "mood_after",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(r.dimensions.iter().cloned());
    let mut lines = vec![csv_row(&header)];
    let opt = |p: Option<f64>| p.map(number).unwrap_or_default();
    for (section, groups) in [("trainee", &r.by_trainee), ("scenario", &r.by_scenario)] {
        for g in groups {
            let (trainee, scenario) = if section == "trainee" {
                (g.key.clone(), r.filter.scenario.clone().unwrap_or_default())
            } else {
                (r.filter.trainee.clone().unwrap_or_default(), g.key.clone())
            };
            let mut cells = vec![
                section.to_owned(),
                trainee,
                scenario,
                String::new(),
                String::new(),
                g.title.clone().unwrap_or_default(),
                g.attempts.to_string(),
                g.passed.to_string(),
                number(g.pass_rate),
                opt(g.overall),
                String::new(),
                String::new(),
                String::new(),
            ];
            cells.extend(g.dimensions.iter().map(|(_, p)| opt(*p)));
            lines.push(csv_row(&cells));
        }
    }
    if let Some(d) = &r.debrief {
        for step in &d.steps {
            for c in &step.choices {
                let mut cells = vec![
                    "choice".to_owned(),
                    r.filter.trainee.clone().unwrap_or_default(),
                    d.scenario.clone(),
                    step.step.clone(),
                    (c.choice + 1).to_string(),
                    c.text.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    c.count.to_string(),
                    number(c.share),
                    opt(c.mood_after),
                ];
                cells.extend(r.dimensions.iter().map(|_| String::new()));
                lines.push(csv_row(&cells));
            }
        }
    }
    lines.join("\n")
}

fn report_table(r: &Report, rubric: &Rubric) -> String {
    let mut scope = Vec::new();
    if let Some(s) = &r.filter.scenario {
        scope.push(format!("scenario {s}"));
    }
    if let Some(t) = &r.filter.trainee {
        scope.push(format!("trainee {t}"));
    }
    if let Some(s) = &r.filter.since {
        scope.push(format!("since {}", when(s)));
    }
    let scope = if scope.is_empty() {
        String::new()
    } else {
        format!(" ({})", scope.join(", "))
    };
    let mut out = vec![format!(
        "Report{scope}: {} finished attempt{}{}",
        r.attempts,
        if r.attempts == 1 { "" } else { "s" },
        if r.unfinished > 0 {
            format!(
                "; {} unfinished, not counted in the rates and averages",
                r.unfinished
            )
        } else {
            String::new()
        }
    )];
    let names: Vec<String> = r
        .dimensions
        .iter()
        .map(|d| dimension_name(rubric, d))
        .collect();
    for (title, first, groups) in [
        ("By trainee", "Trainee", &r.by_trainee),
        ("By scenario", "Scenario", &r.by_scenario),
    ] {
        if groups.is_empty() {
            continue;
        }
        let mut header: Vec<String> = [first, "Attempts", "Passed", "Pass rate", "Overall"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        header.extend(names.iter().cloned());
        let rows: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                let mut row = vec![
                    g.key.clone(),
                    g.attempts.to_string(),
                    g.passed.to_string(),
                    format!("{}%", number(g.pass_rate)),
                    percent(g.overall),
                ];
                row.extend(g.dimensions.iter().map(|(_, p)| percent(*p)));
                row
            })
            .collect();
        let right: Vec<usize> = (1..5 + names.len()).collect();
        out.push(String::new());
        out.push(title.to_owned());
        out.push(table(&header, &rows, &right));
    }
    if !r.critical.is_empty() {
        out.push(String::new());
        out.push("Failed on a critical error (attempts, and the author's reason)".into());
        for c in &r.critical {
            out.push(format!("  {} x{}: {}", c.scenario, c.attempts, c.why));
        }
    }
    if let Some(d) = &r.debrief {
        out.push(String::new());
        out.push(debrief_table(d));
    }
    out.join("\n")
}

fn debrief_table(d: &ClassDebrief) -> String {
    let mut out = vec![format!(
        "Class debrief: {} ({}), {} attempt{} with answers",
        d.title,
        d.scenario,
        d.attempts,
        if d.attempts == 1 { "" } else { "s" }
    )];
    if d.other_versions > 0 {
        out.push(format!(
            "The scenario file has changed since {} attempt{}: their answers are not counted here, but listed below by the version of the file they answered, in the words trainees saw.",
            d.other_versions,
            if d.other_versions == 1 { "" } else { "s" }
        ));
    }
    decisions_table(&mut out, &d.steps, "");
    // Each earlier version apart, latest first: a choice's number and words were that
    // version's, so its answers are never counted against the file as it is now.
    for v in d
        .versions
        .iter()
        .filter(|v| Some(&v.hash) != d.version.as_ref())
    {
        out.push(String::new());
        out.push(format!(
            "Another version of the file ({}), {} attempt{} with answers, the latest started {} UTC; the texts are as trainees saw them:",
            short_version(&v.hash),
            v.attempts,
            if v.attempts == 1 { "" } else { "s" },
            when(&v.latest)
        ));
        decisions_table(&mut out, &v.steps, "   ");
    }
    out.join("\n")
}

/// `sha256:` and the first 12 hex digits of a file version.
fn short_version(hash: &str) -> String {
    let hex = hash.strip_prefix("sha256:").unwrap_or(hash);
    format!("sha256:{}", hex.get(..12).unwrap_or(hex))
}

/// How the group answered each decision of `steps`, each line after `indent`.
fn decisions_table(
    out: &mut Vec<String>,
    steps: &[crate::domain::store::reports::StepTally],
    indent: &str,
) {
    for (i, step) in steps.iter().enumerate() {
        out.push(String::new());
        let say = step
            .say
            .as_ref()
            .map(|s| format!(": \"{s}\""))
            .unwrap_or_else(|| format!(" at `{}`", step.step));
        out.push(format!(
            "{indent}Decision {}{say} ({} answer{})",
            i + 1,
            step.answers,
            if step.answers == 1 { "" } else { "s" }
        ));
        if step.answers == 0 {
            out.push(format!("{indent}   nobody answered here"));
            continue;
        }
        let rows: Vec<Vec<String>> = step
            .choices
            .iter()
            .map(|c| {
                vec![
                    (c.choice + 1).to_string(),
                    if c.best {
                        "✓ best".into()
                    } else {
                        String::new()
                    },
                    c.count.to_string(),
                    format!("{}%", number(c.share)),
                    percent(c.mood_after),
                    c.text.clone(),
                ]
            })
            .collect();
        let t = table(
            &["Choice", "Key", "Count", "Share", "Mood after", "Text"],
            &rows,
            &[0, 2, 3, 4],
        );
        out.extend(t.lines().map(|l| format!("{indent}   {l}")));
    }
}
