//! `frontline score [REPLY...]`: typed replies scored with the rubric in force.

use crate::cli::render;
use crate::domain::rubric::{Context, Rubric, Scored, Scorer};
use crate::domain::sanitize::{clean, clean_lines};
use clap::{Args, ValueEnum};
use serde::Serialize;
use serde::ser::SerializeMap;
use std::ffi::OsString;
use std::io::BufRead;
use std::process::ExitCode;

pub const EXAMPLES: &str = "Examples:
  frontline score \"Hi Dana, I'm sorry it stopped working. What happened?\" --customer Dana
  frontline score --said \"My parcel is three days late\" \"So it's three days late? Let me check.\"
  frontline score --format jsonl < replies.txt          one reply a line
  frontline --rubric my-rubric.toml score \"Thanks for waiting\"";

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Replies to score; with none, each line of standard input is a reply
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One block a reply: points per dimension, and each cue with the words it matched
    Table,
    /// One JSON object a line
    Jsonl,
}

pub fn run(args: &ScoreArgs, rubric: &Rubric) -> ExitCode {
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
    let stdin = std::io::stdin().lock();
    for line in stdin.split(b'\n') {
        match line {
            Ok(mut bytes) => {
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
    ExitCode::SUCCESS
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
