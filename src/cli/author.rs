//! The trainer's commands: `new` (a starter file), `graph` (a diagram) and `paths`
//! (every path with its score).

use crate::cli::scenario_arg::Source;
use crate::cli::{Global, render};
use crate::domain::best_path::Decision;
use crate::domain::diagram::{self, DiagramFormat};
use crate::domain::graph::{At, Graph};
use crate::domain::paths::{self, Summary, WalkedPath};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::check::{ID_RULE, is_valid_id};
use crate::domain::scenario::{Channel, Scenario};
use crate::domain::scoring::Dimensions;
use crate::domain::starter::starter;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new scenario's id: lowercase letters, digits and '-'
    pub id: String,
    /// How the conversation happens
    #[arg(long, value_enum, default_value_t = ChannelArg::Counter)]
    pub channel: ChannelArg,
    /// Folder to write ID.toml in [default: ./scenarios when it exists, else .]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ChannelArg {
    Counter,
    Phone,
    Chat,
    Email,
    Internal,
    Social,
}

impl From<ChannelArg> for Channel {
    fn from(c: ChannelArg) -> Channel {
        match c {
            ChannelArg::Counter => Channel::Counter,
            ChannelArg::Phone => Channel::Phone,
            ChannelArg::Chat => Channel::Chat,
            ChannelArg::Email => Channel::Email,
            ChannelArg::Internal => Channel::Internal,
            ChannelArg::Social => Channel::Social,
        }
    }
}

pub fn new(args: &NewArgs) -> ExitCode {
    if !is_valid_id(&args.id) {
        render::errln!(
            "error: `{}` is not a valid scenario id\nhelp: {ID_RULE}, e.g. `late-refund`",
            args.id
        );
        return ExitCode::from(1);
    }
    let dir = args.dir.clone().unwrap_or_else(|| {
        let local = PathBuf::from("scenarios");
        if local.is_dir() {
            local
        } else {
            PathBuf::from(".")
        }
    });
    let path = dir.join(format!("{}.toml", args.id));
    // Point editors at the schema when the file sits in a checkout that has it.
    let schema = dir
        .join("../schema/scenario.schema.json")
        .exists()
        .then_some("../schema/scenario.schema.json");
    let text = starter(
        &args.id,
        args.channel.into(),
        &path.display().to_string(),
        schema,
    );
    // create_new: never overwrite, even if the file appears between a check and the write.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let result = file.and_then(|mut f| f.write_all(text.as_bytes()));
    match result {
        Ok(()) => {
            render::print_out(&format!(
                "wrote {p}\nnext: edit it, check it with `frontline validate {p}`, and play it with `frontline play {p} --watch`",
                p = path.display()
            ));
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            render::errln!(
                "error: {} already exists; frontline new never overwrites a file\nhelp: choose another id, or --dir for another folder",
                path.display()
            );
            ExitCode::from(1)
        }
        Err(e) => {
            render::errln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(1)
        }
    }
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A scenario id from the library, or a path to a .toml file
    pub scenario: String,
    /// dot for Graphviz (`| dot -Tsvg > graph.svg`), mermaid for Markdown on git hosts
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

/// Loads the SCENARIO argument, or prints why it cannot be and gives the exit code.
fn with_scenario(
    wanted: &str,
    global: &Global,
    rubric: &Rubric,
    f: impl FnOnce(&Scenario) -> ExitCode,
) -> ExitCode {
    match Source::find(wanted, global, rubric) {
        Ok(source) => match source.scenario() {
            Some(s) => f(s),
            None => ExitCode::from(1),
        },
        Err(message) => {
            render::print_styled_err(&message);
            ExitCode::from(1)
        }
    }
}

pub fn graph(args: &GraphArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    with_scenario(&args.scenario, global, rubric, |s| {
        let format = match args.format {
            GraphFormat::Dot => DiagramFormat::Dot,
            GraphFormat::Mermaid => DiagramFormat::Mermaid,
        };
        render::print_out(diagram::render(s, rubric, format).trim_end());
        ExitCode::SUCCESS
    })
}

#[derive(Debug, Args)]
pub struct PathsArgs {
    /// A scenario id from the library, or a path to a .toml file
    pub scenario: String,
    #[arg(long, value_enum, default_value_t = PathsFormat::Table)]
    pub format: PathsFormat,
    /// Stop after this many paths
    #[arg(long, default_value_t = paths::DEFAULT_LIMIT, value_name = "N")]
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PathsFormat {
    Table,
    Json,
}

#[derive(Serialize)]
struct PathJson<'a> {
    number: usize,
    choices: Vec<ChoiceJson<'a>>,
    escalated: bool,
    ending: &'a str,
    outcome: &'a str,
    overall: Option<f64>,
    dimensions: std::collections::BTreeMap<&'a str, Option<f64>>,
    passed: bool,
    /// A critical choice was taken on the path (it cannot pass).
    critical: bool,
    final_mood: i64,
}

#[derive(Serialize)]
struct ChoiceJson<'a> {
    step: &'a str,
    /// 1-based, in the order the file lists the step's choices.
    choice: usize,
    say: &'a str,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Paths kept to lay the table out with the best and worst marked in their rows, while
/// they hold at most `TABLE_KEPT_DECISIONS` decisions between them. Past that, rows are
/// printed as they are found and the best and worst are named below them: `paths` holds
/// the same memory whatever `--limit` is.
const TABLE_KEPT: usize = paths::DEFAULT_LIMIT;
const TABLE_KEPT_DECISIONS: usize = 1_000_000;

pub fn paths(args: &PathsArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    with_scenario(&args.scenario, global, rubric, |s| {
        let graph = Graph::new(s);
        let dims = Dimensions::for_scenario(rubric, s);
        let limit = args.limit.max(1);
        let mut out = render::Stream::stdout();
        let summary = match args.format {
            PathsFormat::Json => paths_json(s, &graph, &dims, limit, &mut out),
            PathsFormat::Table => paths_table(s, &graph, &dims, limit, &mut out),
        };
        out.finish();
        if !summary.complete {
            render::errln!(
                "note: stopped after {} paths; this scenario has more. Best and worst are among those listed. Raise --limit to walk further.",
                summary.count
            );
        }
        ExitCode::SUCCESS
    })
}

fn choices_of<'a>(graph: &Graph<'a>, decisions: &[Decision]) -> Vec<ChoiceJson<'a>> {
    decisions
        .iter()
        .map(|d| ChoiceJson {
            step: graph.id(At::Step(d.step)),
            choice: d.choice + 1,
            say: graph.choice(d.step, d.choice).say.get_ref(),
        })
        .collect()
}

fn path_json<'a>(
    graph: &Graph<'a>,
    dims: &'a Dimensions,
    i: usize,
    p: &'a WalkedPath,
) -> PathJson<'a> {
    PathJson {
        number: i + 1,
        choices: choices_of(graph, &p.decisions),
        escalated: p.escalated,
        ending: graph.id(At::Ending(p.ending)),
        outcome: p.outcome.as_str(),
        overall: p.overall.map(round1),
        dimensions: dims
            .ids
            .iter()
            .map(String::as_str)
            .zip(p.percents.iter().map(|v| v.map(round1)))
            .collect(),
        passed: p.passed,
        critical: p.critical,
        final_mood: p.final_mood,
    }
}

/// `{"scenario", "paths": [...], "complete", "count", "best", "worst"}`, written as the
/// paths are found: the totals come after the paths because they are known only then.
fn paths_json(
    s: &Scenario,
    graph: &Graph,
    dims: &Dimensions,
    limit: usize,
    out: &mut render::Stream,
) -> Summary {
    out.json(&format!(
        "{{\n  \"scenario\": {},\n  \"paths\": [",
        pretty(s.id())
    ));
    // One path held back, to know whether a comma follows it.
    let mut held: Option<String> = None;
    let summary = paths::walk_each(graph, dims, limit, |i, p| {
        if let Some(previous) = held.take() {
            out.json(&format!("{previous},"));
        }
        let item = pretty(&path_json(graph, dims, i, &p));
        held = Some(indent(&item, "    "));
    });
    if let Some(last) = held {
        out.json(&last);
    }
    let number = |p: &Option<(usize, WalkedPath)>| p.as_ref().map(|(i, _)| i + 1);
    out.json(&format!(
        "  ],\n  \"complete\": {},\n  \"count\": {},\n  \"best\": {},\n  \"worst\": {}\n}}",
        summary.complete,
        summary.count,
        pretty(&number(&summary.best)),
        pretty(&number(&summary.worst)),
    ));
    summary
}

fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("paths serialise")
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| format!("{by}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "opening:1 > found-it:2": each step with the (authored) number of the choice taken,
/// marked "!" where the choice is critical.
fn route(graph: &Graph, p: &WalkedPath) -> String {
    let mut parts: Vec<String> = p
        .decisions
        .iter()
        .map(|d| {
            let critical = if graph.choice(d.step, d.choice).critical.is_some() {
                "!"
            } else {
                ""
            };
            format!("{}:{}{critical}", graph.id(At::Step(d.step)), d.choice + 1)
        })
        .collect();
    if p.escalated {
        parts.push("(escalated)".to_owned());
    }
    parts.join(" > ")
}

const COLUMNS: &str = "   #         overall  pass  ending                    route (step:choice)";

/// One row of the table: path number `i` (0-based) with its mark.
fn row(graph: &Graph, i: usize, p: &WalkedPath, mark: &str) -> String {
    let overall = p.overall.map_or("n/a".to_owned(), |o| format!("{o:.1}%"));
    let ending = format!("{} ({})", graph.id(At::Ending(p.ending)), p.outcome);
    format!(
        "{:>4}  {:<5}  {:>7}  {:<4}  {:<24}  {}",
        i + 1,
        mark,
        overall,
        if p.passed { "yes" } else { "no" },
        ending,
        route(graph, p)
    )
    .trim_end()
    .to_owned()
}

/// The table of paths: laid out whole, best and worst marked, when the paths fit what is
/// kept; otherwise printed row by row as they are found, best and worst named below.
fn paths_table(
    s: &Scenario,
    graph: &Graph,
    dims: &Dimensions,
    limit: usize,
    out: &mut render::Stream,
) -> Summary {
    let mut kept: Vec<WalkedPath> = Vec::new();
    let mut kept_decisions = 0;
    let mut streaming = false;
    let mut any_critical = false;
    let summary = paths::walk_each(graph, dims, limit, |i, p| {
        any_critical |= p.critical;
        if streaming {
            out.text(&row(graph, i, &p, ""));
            return;
        }
        kept_decisions += p.decisions.len();
        kept.push(p);
        if kept.len() > TABLE_KEPT || kept_decisions > TABLE_KEPT_DECISIONS {
            streaming = true;
            out.text(&format!(
                "{} ({}): paths listed as they are found\n\n{COLUMNS}",
                s.title(),
                s.id()
            ));
            for (j, p) in kept.drain(..).enumerate() {
                out.text(&row(graph, j, &p, ""));
            }
            kept.shrink_to_fit();
        }
    });
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let stopped = if summary.complete {
        ""
    } else {
        " (stopped at the limit)"
    };
    let mut text = if streaming {
        format!(
            "\n{} path{}{stopped}\n",
            summary.count,
            plural(summary.count)
        )
    } else {
        let mut text = format!(
            "{} ({}): {} path{}{stopped}\n\n{COLUMNS}\n",
            s.title(),
            s.id(),
            summary.count,
            plural(summary.count)
        );
        let best = summary.best.as_ref().map(|(i, _)| *i);
        let worst = summary.worst.as_ref().map(|(i, _)| *i);
        for (i, p) in kept.iter().enumerate() {
            let mark = if Some(i) == best {
                "best"
            } else if Some(i) == worst {
                "worst"
            } else {
                ""
            };
            text += &row(graph, i, p, mark);
            text.push('\n');
        }
        text
    };
    if let (Some((b, best)), Some((w, worst))) = (&summary.best, &summary.worst) {
        let describe = |i: usize, p: &WalkedPath| {
            let overall = p.overall.map_or("n/a".to_owned(), |o| format!("{o:.1}%"));
            format!("#{} ({overall}, {})", i + 1, graph.id(At::Ending(p.ending)))
        };
        text += &format!(
            "\nbest: {}; worst: {}\n",
            describe(*b, best),
            describe(*w, worst)
        );
    }
    if any_critical {
        text += "\n! a critical choice: a path that takes one never passes.\n";
    }
    if summary.cut_loops > 0 {
        text += &format!(
            "\n{} branch{} cut after {} decisions (a loop).\n",
            summary.cut_loops,
            if summary.cut_loops == 1 { "" } else { "es" },
            2 * s.steps.len()
        );
    }
    out.text(text.trim_end());
    summary
}
