//! `frontline history --attempt ATTEMPT`: one recorded attempt's answers as the trainee
//! saw them. Each answer is shown in the words it was given in (the store keeps them with
//! its marks and moods), with the version of the scenario file it was played on; when the
//! file in the library now is another version, it says so, since its choices' numbers and
//! words may have changed since. When it is the same version, the customer's line before
//! each answer is shown too (a replay with the attempt's seed draws the same lines).

use crate::cli::progress::TableFormat;
use crate::cli::{Global, library_in_force_with, render};
use crate::domain::rubric::Rubric;
use crate::domain::store::export::{csv_row, number};
use crate::domain::store::hash::scenario_hash;
use crate::domain::store::resume::heard;
use crate::domain::store::{Store, StoredAttempt};
use serde::Serialize;
use std::process::ExitCode;

/// The attempt, with what the library says of its version.
#[derive(Serialize)]
struct View<'a> {
    attempt: &'a StoredAttempt,
    /// The version of the scenario's file in the library now; `None` when not there.
    version_now: Option<String>,
    /// Whether that is another version than the one played; `None` when not known.
    changed: Option<bool>,
    /// The customer's line before each answer, when the file is the version played.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    heard: Vec<String>,
}

pub fn show(
    which: &str,
    store: &Store,
    global: &Global,
    rubric: &Rubric,
    format: TableFormat,
) -> ExitCode {
    let attempt = match store.find_attempt(which).and_then(|id| store.attempt(id)) {
        Ok(a) => a,
        Err(e) => {
            render::errln!(
                "error: {e}\nhelp: `frontline history --trainee NAME` lists the attempts with their ids"
            );
            return ExitCode::from(1);
        }
    };
    let library = library_in_force_with(global, rubric, crate::domain::validate::load_bytes);
    let file = library
        .files
        .iter()
        .find(|f| f.scenario().is_some_and(|s| s.id() == attempt.scenario));
    let version_now = file.map(|f| scenario_hash(f.checked.text.as_bytes()));
    let changed = version_now.as_ref().map(|v| *v != attempt.scenario_hash);
    let heard: Vec<String> = match file.and_then(|f| f.scenario().map(|s| (f, s))) {
        Some((f, scenario)) if changed == Some(false) => {
            heard(scenario, f.checked.text.as_bytes(), rubric, &attempt)
                .map(|lines| lines.into_iter().map(|(_, line)| line).collect())
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let view = View {
        attempt: &attempt,
        version_now,
        changed,
        heard,
    };
    match format {
        TableFormat::Json => {
            render::print_json(&serde_json::to_string_pretty(&view).expect("an attempt serialises"))
        }
        TableFormat::Csv => render::print_out(&csv(&view)),
        TableFormat::Table => render::print_out(&text(&view, rubric)),
    }
    ExitCode::SUCCESS
}

/// The version as people compare it: the first 12 hex digits.
fn short(version: &str) -> &str {
    let hex = version.strip_prefix("sha256:").unwrap_or(version);
    hex.get(..12).unwrap_or(hex)
}

fn text(view: &View, rubric: &Rubric) -> String {
    let a = view.attempt;
    let mut out = vec![format!(
        "Attempt {} by {}: {} ({}), started {} UTC, {} mode",
        a.id.short(),
        a.trainee,
        a.scenario_title,
        a.scenario,
        a.started_at
            .get(..16)
            .unwrap_or(&a.started_at)
            .replace('T', " "),
        a.mode.as_str()
    )];
    out.push(match view.changed {
        Some(true) => format!(
            "Played on version {} of the scenario file; the file in the library is now version {}, so the answers below are in the words {} saw, which the file may no longer have.",
            short(&a.scenario_hash),
            short(view.version_now.as_deref().unwrap_or_default()),
            a.trainee
        ),
        Some(false) => format!(
            "Played on version {} of the scenario file, the version in the library now.",
            short(&a.scenario_hash)
        ),
        None => format!(
            "Played on version {} of the scenario file, which is not in the library in force (see --library).",
            short(&a.scenario_hash)
        ),
    });
    out.push(match &a.result {
        Some(r) => format!(
            "Result: {}, {}, overall {}.",
            r.outcome.words(),
            if r.passed { "passed" } else { "not passed" },
            r.overall
                .map_or_else(|| "not assessed".to_owned(), |o| format!("{o:.1}%"))
        ),
        None => format!(
            "Unfinished: {} answer{} recorded.",
            a.decisions.len(),
            if a.decisions.len() == 1 { "" } else { "s" }
        ),
    });
    for (i, d) in a.decisions.iter().enumerate() {
        let d = &d.record;
        out.push(String::new());
        match view.heard.get(i) {
            Some(line) => out.push(format!(
                "{}. At `{}`: {}: \"{line}\"",
                i + 1,
                d.step,
                a.customer
            )),
            None => out.push(format!(
                "{}. At `{}`, choice {} of the step as it was:",
                i + 1,
                d.step,
                d.choice + 1
            )),
        }
        let said = match &d.typed {
            Some(typed) => format!("   {} typed: \"{}\"", a.trainee, typed.reply),
            None => format!("   {}: \"{}\"", a.trainee, d.said),
        };
        out.push(said);
        let marks: Vec<String> = d
            .marks
            .iter()
            .map(|(dim, m)| {
                let name = rubric
                    .dimension(dim)
                    .map_or(dim.as_str(), |x| x.name.as_str());
                format!("{name} {:+} of best {:+}", m.earned, m.best)
            })
            .collect();
        out.push(format!("   {}", marks.join(", ")));
        out.push(format!(
            "   Mood {} -> {}{}{}",
            d.mood_before,
            d.mood_after,
            if d.hesitated { "; hesitated" } else { "" },
            if d.escalated { "; escalated" } else { "" }
        ));
    }
    out.join("\n")
}

fn csv(view: &View) -> String {
    let a = view.attempt;
    let dims: Vec<String> = a
        .decisions
        .first()
        .map(|d| d.record.marks.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let mut header: Vec<String> = [
        "attempt",
        "trainee",
        "scenario",
        "version",
        "changed",
        "decision",
        "step",
        "choice",
        "number",
        "said",
        "reply",
        "mood_before",
        "mood_after",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(dims.iter().cloned());
    let mut lines = vec![csv_row(&header)];
    for (i, d) in a.decisions.iter().enumerate() {
        let d = &d.record;
        let mut cells = vec![
            a.id.to_string(),
            a.trainee.clone(),
            a.scenario.clone(),
            a.scenario_hash.clone(),
            view.changed.map(|c| c.to_string()).unwrap_or_default(),
            (i + 1).to_string(),
            d.step.clone(),
            (d.choice + 1).to_string(),
            d.number.to_string(),
            d.said.clone(),
            d.typed
                .as_ref()
                .map(|t| t.reply.clone())
                .unwrap_or_default(),
            d.mood_before.to_string(),
            d.mood_after.to_string(),
        ];
        cells.extend(dims.iter().map(|k| {
            d.marks
                .iter()
                .find(|(m, _)| m == k)
                .map(|(_, m)| number(m.earned as f64))
                .unwrap_or_default()
        }));
        lines.push(csv_row(&cells));
    }
    lines.join("\n")
}
