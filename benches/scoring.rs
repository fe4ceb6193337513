//! Typed-reply scorer throughput: replies of 5 to 60 words scored with the built-in
//! rubric, one thread, against a baseline that only lowercases and splits the same replies.
//!
//! `cargo bench --bench scoring` runs criterion and then prints replies/second for both
//! and their ratio (docs/performance.md records the figures). "mark at a step" is what
//! play does with a typed reply: the score, the matching against the step's choices and
//! key points, and the marks (`Run::mark`), at each step of refund-no-receipt in turn.
//!
//! Wall-clock figures swing widely on a shared machine, so the bench can also run a fixed
//! amount of work for an instruction count, which does not: with
//! `FRONTLINE_SCORING_PASSES=N` and `FRONTLINE_SCORING_CASE=context|none|mark|baseline` it
//! scores (or, for `mark`, marks at a step) the 1,000 replies N times in that case and exits, for `valgrind
//! --tool=callgrind` (docs/performance.md gives the commands).
//!
//! `FRONTLINE_SCORING_RUBRIC=FILE` scores with that rubric instead of the built-in one.
//!
//! With `FRONTLINE_SCORING_DUMP=FILE` it writes every `Scored` (as JSON, one a line) of
//! the labelled replies, some variants of them and the 1,000 bench replies, each with and
//! without context, and exits: a change meant to make the scorer faster must leave that
//! file byte for byte the same.

use criterion::{Criterion, Throughput};
use frontline::domain::rubric::{Context, Rubric, Scorer};
use frontline::domain::scenario::{Scenario, load};
use frontline::domain::session::{Mode, Run, RunOptions};
use std::hint::black_box;
use std::time::{Duration, Instant};

const REPLIES: usize = 1000;

/// Replies of 5 to 60 words, cut and joined from the labelled service replies, with the
/// customer's name and line they answer.
fn replies() -> Vec<(String, String, String)> {
    let rows = labelled();
    let words: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.2.split_whitespace().collect())
        .collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..REPLIES)
        .map(|i| {
            let target = 5 + (next() % 56) as usize;
            let mut reply: Vec<&str> = Vec::new();
            let mut k = i;
            while reply.len() < target {
                reply.extend(&words[k % words.len()]);
                k += 7;
            }
            reply.truncate(target);
            let row = &rows[i % rows.len()];
            (reply.join(" "), row.0.clone(), row.1.clone())
        })
        .collect()
}

/// The (customer, said, reply) of each labelled reply.
fn labelled() -> Vec<(String, String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/replies.csv");
    let mut reader = csv::Reader::from_path(path).expect("tests/data/replies.csv");
    reader
        .records()
        .map(|r| {
            let r = r.expect("a csv row");
            (r[3].to_owned(), r[4].to_owned(), r[5].to_owned())
        })
        .collect()
}

/// Writes the score of every reply the identity check covers to `path`, one JSON line
/// each: the labelled replies as they are, in capitals (shouting), with non-ASCII
/// punctuation and letters (the Unicode paths), and after the customer's line quoted or
/// reported, then the bench's replies; each with and without context.
fn dump(scorer: &Scorer, path: &str) {
    use std::fmt::Write as _;
    let mut cases: Vec<(String, String, String)> = Vec::new();
    let rows = labelled();
    for (i, (customer, said, reply)) in rows.iter().cloned().enumerate() {
        cases.push((reply.clone(), customer.clone(), said.clone()));
        cases.push((reply.to_uppercase(), customer.clone(), said.clone()));
        let unicode = format!(
            "Olá {customer}! {}",
            reply.replace(", ", " – ").replace('\'', "’")
        );
        cases.push((unicode, customer.replace('a', "á"), said.replace('\'', "’")));
        // The customer's words (another reply, to have penalties among them) quoted back,
        // and reported back after "you said".
        let other = &rows[(i + 1) % rows.len()].2;
        cases.push((
            format!("So \"{other}\"? {reply}"),
            customer.clone(),
            other.clone(),
        ));
        cases.push((format!("You said {other} {reply}"), customer, other.clone()));
    }
    cases.extend(replies());
    let mut out = String::new();
    for (reply, customer, said) in &cases {
        for ctx in [
            Context {
                customer: Some(customer),
                said: Some(said),
            },
            Context::default(),
        ] {
            let scored = serde_json::to_string(&scorer.score(reply, &ctx)).expect("json");
            writeln!(out, "{scored}").expect("a string takes any write");
        }
    }
    std::fs::write(path, out).expect("FRONTLINE_SCORING_DUMP is a writable file");
    println!("{} scores written to {path}", cases.len() * 2);
}

/// Every reply scored; with `context`, each with its customer's name and line, as a run
/// scores them.
fn score_all(scorer: &Scorer, replies: &[(String, String, String)], context: bool) -> i64 {
    let mut total = 0;
    for (reply, customer, said) in replies {
        let ctx = if context {
            Context {
                customer: Some(customer),
                said: Some(said),
            }
        } else {
            Context::default()
        };
        total += scorer.score(black_box(reply), &ctx).get("courtesy");
    }
    total
}

fn baseline(replies: &[(String, String, String)]) -> usize {
    replies
        .iter()
        .map(|(reply, _, _)| black_box(reply).to_lowercase().split_whitespace().count())
        .sum()
}

fn per_second(mut f: impl FnMut(), n: usize) -> f64 {
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < Duration::from_secs(2) {
        f();
        rounds += 1;
    }
    f64::from(rounds) * n as f64 / start.elapsed().as_secs_f64()
}

/// The built-in rubric, or the file `FRONTLINE_SCORING_RUBRIC` names (to time a trainer's
/// rubric, or an older built-in one against today's in the same session).
fn rubric() -> Rubric {
    match std::env::var("FRONTLINE_SCORING_RUBRIC") {
        Ok(path) => {
            let text =
                std::fs::read_to_string(&path).expect("FRONTLINE_SCORING_RUBRIC is readable");
            toml::from_str(&text).expect("FRONTLINE_SCORING_RUBRIC is a rubric")
        }
        Err(_) => Rubric::builtin(),
    }
}

/// The shipped scenario typed replies are marked at, every one of its steps.
fn scenario() -> Scenario {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/refund-no-receipt.toml"
    ))
    .expect("the shipped scenario");
    load::parse(&text).expect("it loads")
}

/// A run standing at each step of `scenario` that is not an ending.
fn runs<'a>(scenario: &'a Scenario, rubric: &'a Rubric) -> Vec<Run<'a>> {
    scenario
        .steps
        .iter()
        .map(|step| {
            let options = RunOptions {
                seed: 1,
                shuffle: false,
                trainee: "Alex".into(),
                mode: Mode::Coach,
            };
            Run::start_at(scenario, rubric, options, Some(step.id.get_ref()))
        })
        .filter(|run| !run.is_over())
        .collect()
}

/// Marks every reply as play would at a step (the steps in turn): the rubric's score,
/// the matching against the step's choices and key points, and the marks.
fn mark_all(runs: &[Run], scorer: &Scorer, replies: &[(String, String, String)]) -> usize {
    replies
        .iter()
        .enumerate()
        .filter_map(|(i, r)| runs[i % runs.len()].mark(&r.0, scorer))
        .filter(|m| matches!(m.verdict, frontline::domain::session::Verdict::Taken { .. }))
        .count()
}

fn main() {
    let scorer = Scorer::new(&rubric()).expect("the rubric compiles");
    if let Ok(path) = std::env::var("FRONTLINE_SCORING_DUMP") {
        dump(&scorer, &path);
        return;
    }
    let replies = replies();
    if let Some(passes) = std::env::var("FRONTLINE_SCORING_PASSES")
        .ok()
        .and_then(|p| p.parse::<usize>().ok())
    {
        let case = std::env::var("FRONTLINE_SCORING_CASE").unwrap_or_default();
        let (scenario, rubric) = (scenario(), Rubric::builtin());
        let runs = if case == "mark" {
            runs(&scenario, &rubric)
        } else {
            Vec::new()
        };
        let mut total = 0i64;
        for _ in 0..passes {
            total += match case.as_str() {
                "context" => score_all(&scorer, &replies, true),
                "none" => score_all(&scorer, &replies, false),
                "mark" => mark_all(&runs, &scorer, &replies) as i64,
                "baseline" => baseline(&replies) as i64,
                other => {
                    panic!(
                        "FRONTLINE_SCORING_CASE is context, none, mark or baseline, not {other:?}"
                    )
                }
            };
        }
        println!("{case}: {passes} x {} replies ({total})", replies.len());
        return;
    }
    let words: usize = replies.iter().map(|r| r.0.split_whitespace().count()).sum();
    let scenario = scenario();
    let rubric = Rubric::builtin();
    let runs = runs(&scenario, &rubric);

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("typed-reply");
    group.throughput(Throughput::Elements(replies.len() as u64));
    group.bench_function("score, built-in rubric", |b| {
        b.iter(|| score_all(&scorer, &replies, true))
    });
    group.bench_function("score, no name or customer line", |b| {
        b.iter(|| score_all(&scorer, &replies, false))
    });
    group.bench_function("mark at a step, with matching", |b| {
        b.iter(|| mark_all(&runs, &scorer, &replies))
    });
    group.bench_function("baseline, lowercase + split", |b| {
        b.iter(|| baseline(&replies))
    });
    group.finish();
    c.final_summary();

    let scored = per_second(
        || {
            black_box(score_all(&scorer, &replies, true));
        },
        replies.len(),
    );
    let base = per_second(
        || {
            black_box(baseline(&replies));
        },
        replies.len(),
    );
    let marked = per_second(
        || {
            black_box(mark_all(&runs, &scorer, &replies));
        },
        replies.len(),
    );
    println!(
        "\n{} replies, {:.1} words on average, one thread:\n  scorer    {:>12.0} replies/s (with name and customer line)\n  marking   {:>12.0} replies/s (scored, matched and marked at a step of refund-no-receipt)\n  baseline  {:>12.0} replies/s (lowercase + split)\n  the scorer takes {:.1}x the baseline's time; marking {:.2}x the bare score's",
        replies.len(),
        words as f64 / replies.len() as f64,
        scored,
        marked,
        base,
        base / scored,
        scored / marked
    );
}
