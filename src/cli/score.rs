//! `frontline score [REPLY...]`: typed replies scored with the rubric in force.

use crate::cli::scenario_arg::Source;
use crate::cli::{Global, render};
use crate::domain::bounded_read::{Line, read_line};
use crate::domain::finding::did_you_mean;
use crate::domain::rubric::{Context, Rubric, Scored, Scorer};
use crate::domain::sanitize::{clean, clean_lines};
use crate::domain::session::{Marking, Mode, Run, RunOptions, Verdict};
use clap::{Args, ValueEnum};
use serde::Serialize;
use serde::ser::SerializeMap;
use std::ffi::OsString;
use std::process::ExitCode;

pub const EXAMPLES: &str = "Examples:
  frontline score \"Hi Dana, I'm sorry it stopped working. What happened?\" --customer Dana
  frontline score --said \"My parcel is three days late\" \"So it's three days late? Let me check.\"
  frontline score --format jsonl < replies.txt          one reply a line
  frontline score --scenario refund-no-receipt --step lookup \"About two minutes, ok if I use the till behind me?\"
                                                        how play takes and marks it there
  frontline --rubric my-rubric.toml score \"Thanks for waiting\"";

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Replies to score; with none, each line of standard input is a reply (a line over
    /// 1 MiB is refused, and the next one read)
    #[arg(value_name = "REPLY")]
    pub replies: Vec<OsString>,
    /// The customer's name, for the name cue
    #[arg(long, value_name = "NAME")]
    pub customer: Option<OsString>,
    /// What the customer just said: reflections reuse its words
    #[arg(long, value_name = "TEXT")]
    pub said: Option<OsString>,
    /// How to print each reply's score
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Mark each reply as play would at a step of this scenario (an id or a file): the
    /// choice it is taken as and why, the marks, the key points made and missed
    #[arg(long, value_name = "ID", requires = "step")]
    pub scenario: Option<String>,
    /// The step of --scenario the replies answer
    #[arg(long, value_name = "STEP", requires = "scenario")]
    pub step: Option<String>,
    /// The seed that draws the customer's name and line at the step (as `play --seed`)
    #[arg(long, value_name = "N", default_value_t = 1, requires = "scenario")]
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One block a reply: points per dimension, and each cue with the words it matched
    Table,
    /// One JSON object a line
    Jsonl,
}

pub fn run(args: &ScoreArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    let scorer = match Scorer::new(rubric) {
        Ok(s) => s,
        Err(findings) => {
            // load_rubric has already refused a rubric with errors; this is a safeguard.
            for f in &findings {
                render::errln!("error: {}", f.message);
            }
            return ExitCode::from(1);
        }
    };
    if let (Some(id), Some(step)) = (&args.scenario, &args.step) {
        return at_step(args, global, rubric, &scorer, id, step);
    }
    let customer = args
        .customer
        .as_ref()
        .map(|c| c.to_string_lossy().into_owned());
    let said = args.said.as_ref().map(|s| s.to_string_lossy().into_owned());
    let ctx = Context {
        customer: customer.as_deref(),
        said: said.as_deref(),
    };
    let out = |reply: &str| {
        let scored = scorer.score(reply, &ctx);
        match args.format {
            Format::Jsonl => render::print_json(&jsonl(rubric, reply, &scored)),
            Format::Table => render::print_out(&table(rubric, reply, &scored)),
        }
    };
    if !args.replies.is_empty() {
        for reply in &args.replies {
            out(&reply.to_string_lossy());
        }
        return ExitCode::SUCCESS;
    }
    each_stdin_line(out)
}

/// `{"reply", "points": {dimension: n, ...}, "cues": [{"id", "dimension", "points", "matched"}]}`
/// with the dimensions in rubric order.
pub fn jsonl(rubric: &Rubric, reply: &str, scored: &Scored) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        reply: &'a str,
        points: Points<'a>,
        cues: Vec<Cue<'a>>,
    }
    #[derive(Serialize)]
    struct Cue<'a> {
        id: &'a str,
        dimension: &'a str,
        points: i64,
        matched: &'a str,
    }
    struct Points<'a>(Vec<(&'a str, i64)>);
    impl Serialize for Points<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }
    let line = Line {
        reply,
        points: Points(rubric.dimension_ids().map(|d| (d, scored.get(d))).collect()),
        cues: scored
            .cues
            .iter()
            .map(|c| Cue {
                id: &c.id,
                dimension: &c.dimension,
                points: c.points,
                matched: &c.matched,
            })
            .collect(),
    };
    serde_json::to_string(&line).expect("a score serialises")
}

/// A block for people: the reply, then each dimension's points with the cues that made
/// them (the words matched, and the tip), then what matched but did not count.
pub fn table(rubric: &Rubric, reply: &str, scored: &Scored) -> String {
    let mut out = format!("\u{201C}{}\u{201D}\n", one_line(reply));
    let width = rubric
        .dimensions
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(0);
    for dimension in &rubric.dimensions {
        let id = dimension.id.get_ref();
        let points = scored.get(id);
        let hits: Vec<_> = scored
            .cues
            .iter()
            .filter(|c| *c.dimension == **id)
            .collect();
        let sum: i64 = hits.iter().map(|c| c.points).sum();
        let capped = if sum == points {
            String::new()
        } else {
            format!("  (capped from {sum:+})")
        };
        out.push_str(&format!(
            "  {:width$}  {}{capped}\n",
            dimension.name,
            signed(points)
        ));
        for hit in hits {
            let tip = if hit.tip.is_empty() {
                String::new()
            } else {
                format!("  \u{2014} {}", hit.tip)
            };
            out.push_str(&format!(
                "      {} {:20} \"{}\"{tip}\n",
                signed(hit.points),
                hit.id,
                hit.matched
            ));
        }
    }
    for ignored in &scored.ignored {
        out.push_str(&format!(
            "  not counted: {} \"{}\" ({})\n",
            ignored.id, ignored.matched, ignored.reason
        ));
    }
    // The words matched and the rubric's ids and tips are shown as text too.
    clean_lines(&out).into_owned()
}

fn signed(n: i64) -> String {
    if n == 0 {
        " 0".to_owned()
    } else {
        format!("{n:+}")
    }
}

/// A reply on one line, cleaned as plain mode and the full-screen player clean it (an
/// escape shown as U+FFFD, a tab as a space), long ones cut.
fn one_line(reply: &str) -> String {
    const MAX: usize = 200;
    let flat = clean(reply);
    if flat.chars().count() <= MAX {
        flat.into_owned()
    } else {
        let mut cut: String = flat.chars().take(MAX - 1).collect();
        cut.push('\u{2026}');
        cut
    }
}

/// Each reply (the arguments, or each line of standard input) marked as play would mark
/// it at `step` of scenario `id`.
fn at_step(
    args: &ScoreArgs,
    global: &Global,
    rubric: &Rubric,
    scorer: &Scorer,
    id: &str,
    step: &str,
) -> ExitCode {
    let source = match Source::find(id, global, rubric) {
        Ok(s) => s,
        Err(message) => {
            render::print_styled_err(&message);
            return ExitCode::from(1);
        }
    };
    let Some(scenario) = source.scenario() else {
        render::errln!("error: the scenario `{id}` did not load");
        return ExitCode::from(1);
    };
    if scenario.step(step).is_none() {
        let ids: Vec<&str> = scenario
            .steps
            .iter()
            .map(|s| s.id.get_ref().as_str())
            .collect();
        let help = match did_you_mean(step, ids.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("its steps are: {}", ids.join(", ")),
        };
        render::errln!(
            "error: the scenario `{}` has no step `{step}`\nhelp: {help}",
            scenario.id()
        );
        return ExitCode::from(1);
    }
    let options = RunOptions {
        seed: args.seed,
        shuffle: false,
        trainee: "Trainee".into(),
        mode: Mode::Coach,
    };
    let run = Run::start_at(scenario, rubric, options, Some(step));
    let Some(turn) = run.turn() else {
        render::errln!("error: the run cannot reach step `{step}`");
        return ExitCode::from(1);
    };
    if args.format == Format::Table {
        render::print_out(&clean_lines(&format!(
            "At `{step}` of {}, {} says: \u{201C}{}\u{201D}\n",
            scenario.id(),
            run.customer_name(),
            turn.say
        )));
    }
    let out = |reply: &str| {
        let Some(marking) = run.mark(reply, scorer) else {
            return;
        };
        let text = match args.format {
            Format::Jsonl => marking_jsonl(rubric, step, reply, &marking),
            Format::Table => marking_table(rubric, &run, reply, &marking),
        };
        render::print_out(&text);
    };
    if !args.replies.is_empty() {
        for reply in &args.replies {
            out(&reply.to_string_lossy());
        }
        return ExitCode::SUCCESS;
    }
    each_stdin_line(out)
}

/// What play would do with the reply, for people: taken as which choice and why, the
/// marks per dimension, the key points, then the rubric's cues as `score` shows them.
fn marking_table(rubric: &Rubric, run: &Run, reply: &str, m: &Marking) -> String {
    let mut out = format!("\u{201C}{}\u{201D}\n", one_line(reply));
    match &m.verdict {
        Verdict::Empty => out
            .push_str("  not an answer: the reply is blank (nothing recorded, nothing charged)\n"),
        Verdict::TooLong { chars } => out.push_str(&format!(
            "  refused: {chars} characters, over the cap of {}\n",
            crate::domain::session::MAX_REPLY_CHARS
        )),
        Verdict::Missed(miss) => {
            out.push_str(&format!(
                "  not taken ({}): the customer says \u{201C}{}\u{201D}\n",
                miss_name(*miss),
                miss.reaction()
            ));
        }
        Verdict::Taken {
            taken_as,
            points,
            key_words_only,
            ..
        } => {
            out.push_str(&format!(
                "  taken as choice {}: \u{201C}{}\u{201D}\n  {:.0}% alike{}\n",
                taken_as.number,
                taken_as.say,
                100.0 * taken_as.similarity,
                if taken_as.shared.is_empty() {
                    String::new()
                } else {
                    format!(", sharing: {}", taken_as.shared.join(", "))
                }
            ));
            if *key_words_only {
                out.push_str(
                    "  only the key points' words, not a reply: one point down on every dimension\n",
                );
            }
            let width = rubric
                .dimensions
                .iter()
                .map(|d| d.name.chars().count())
                .max()
                .unwrap_or(0);
            for p in points {
                let name = rubric
                    .dimension(&p.dimension)
                    .map_or(p.dimension.as_str(), |d| d.name.as_str());
                out.push_str(&format!(
                    "  {name:width$}  {} (the choice's {}, the reply's own cues {}; best {}, worst {})\n",
                    signed(p.earned),
                    signed(p.authored),
                    signed(p.raw),
                    signed(p.best),
                    signed(p.worst)
                ));
            }
        }
    }
    for p in &m.said_avoid {
        match &p.critical {
            Some(why) => out.push_str(&format!("  CRITICAL: {} ({why})\n", p.about)),
            None => out.push_str(&format!("  must not: {}\n", p.about)),
        }
    }
    for p in &m.made {
        out.push_str(&format!("  made: {}\n", p.about));
    }
    for p in &m.missed {
        out.push_str(&format!("  missed: {}\n", p.about));
    }
    if let Some(turn) = run.turn() {
        let near: Vec<String> = m
            .nearest
            .iter()
            .map(|(n, s)| format!("{n}: {:.0}%", 100.0 * s))
            .collect();
        if !near.is_empty() && turn.choices.len() > 1 {
            out.push_str(&format!("  nearest choices: {}\n", near.join(", ")));
        }
    }
    let cues = table(rubric, reply, &m.scored);
    // The cue block without its first line (the reply, already shown).
    out.push_str("  the rubric's cues:\n");
    for line in cues.lines().skip(1) {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    clean_lines(&out).into_owned()
}

fn miss_name(miss: crate::domain::session::Miss) -> &'static str {
    use crate::domain::session::Miss;
    match miss {
        Miss::NonAnswer => "no content beyond stock phrases",
        Miss::Repeat => "the same as an earlier reply",
        Miss::Echo => "the customer's own words said back",
        Miss::NoMatch => "alike no choice",
        Miss::Unclear => "as near two different choices",
    }
}

/// `{"reply", "step", "verdict", ...}`: what play would do with the reply, one line.
fn marking_jsonl(rubric: &Rubric, step: &str, reply: &str, m: &Marking) -> String {
    let points = |list: &[crate::domain::session::PointHit]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|p| serde_json::json!({"id": p.id, "about": p.about, "critical": p.critical}))
            .collect()
    };
    let mut value = serde_json::json!({
        "reply": reply,
        "step": step,
        "made": points(&m.made),
        "missed": points(&m.missed),
        "avoid": points(&m.said_avoid),
        "nearest": m.nearest.iter().map(|(n, s)| serde_json::json!({"number": n, "similarity": (s * 1000.0).round() / 1000.0})).collect::<Vec<_>>(),
        "cues": m.scored.cues.iter().map(|c| serde_json::json!({"id": &*c.id, "dimension": &*c.dimension, "points": c.points, "matched": c.matched})).collect::<Vec<_>>(),
    });
    let object = value.as_object_mut().expect("an object");
    match &m.verdict {
        Verdict::Empty => {
            object.insert("verdict".into(), "empty".into());
        }
        Verdict::TooLong { chars } => {
            object.insert("verdict".into(), "too-long".into());
            object.insert("chars".into(), (*chars).into());
        }
        Verdict::Missed(miss) => {
            object.insert("verdict".into(), "missed".into());
            object.insert("miss".into(), format!("{miss:?}").to_lowercase().into());
        }
        Verdict::Taken {
            taken_as,
            step_choice,
            points,
            key_words_only,
        } => {
            object.insert("verdict".into(), "taken".into());
            object.insert("key_words_only".into(), (*key_words_only).into());
            object.insert(
                "taken_as".into(),
                serde_json::json!({
                    "number": taken_as.number,
                    "choice": step_choice + 1,
                    "say": taken_as.say,
                    "similarity": (taken_as.similarity * 1000.0).round() / 1000.0,
                    "shared": taken_as.shared,
                }),
            );
            let mut marks = serde_json::Map::new();
            for d in rubric.dimension_ids() {
                if let Some(p) = points.iter().find(|p| p.dimension == d) {
                    marks.insert(
                        d.to_owned(),
                        serde_json::json!({"earned": p.earned, "authored": p.authored, "raw": p.raw, "best": p.best, "worst": p.worst}),
                    );
                }
            }
            object.insert("marks".into(), marks.into());
        }
    }
    serde_json::to_string(&value).expect("a marking serialises")
}

/// The longest line `score` reads from standard input as one reply, in bytes: far more
/// than any reply (a long pasted one is still scored), little enough to keep in memory.
pub const STDIN_LINE_MAX: usize = 1 << 20;

/// Gives `out` each line of standard input (a trailing CR dropped). A line longer than
/// [`STDIN_LINE_MAX`] is refused with its number, never held in memory, and the next one
/// read; exit 1 when one was refused or the input could not be read.
fn each_stdin_line(mut out: impl FnMut(&str)) -> ExitCode {
    let mut input = std::io::stdin().lock();
    let mut bytes = Vec::new();
    let mut refused = false;
    for number in 1.. {
        match read_line(&mut input, &mut bytes, STDIN_LINE_MAX) {
            Ok(Line::End) => break,
            Ok(Line::TooLong) => {
                render::errln!(
                    "error: line {number} of standard input is longer than {} MiB, far more than a reply; it was not scored",
                    STDIN_LINE_MAX >> 20
                );
                refused = true;
            }
            Ok(Line::Read) => {
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
                out(&String::from_utf8_lossy(&bytes));
            }
            Err(e) => {
                render::errln!("error: cannot read standard input: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if refused {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
