//! A score a bored trainee can buy is the worst bug: gamed replies against plain, good
//! ones, scored at their step with the scenario's own choices, as play takes them.
//!
//! tests/data/adversarial.csv: one pair a row, (gamed, plain) replies to the same
//! customer line, keyed by scenario id and step id (tests/data/README.md says how they
//! were written). A reply's total is the sum of its marks when play takes it as a choice;
//! a reply that is not taken (a miss) earns nothing, counted as the step's worst marks.
//! The plain reply must score strictly higher in at least 90% of the pairs, on the
//! `tuning` rows and, reported apart, on the `heldout` rows nobody tuned on. And a run of
//! stock phrases pasted at every step fails every shipped scenario.

use frontline::domain::rubric::{Rubric, Scorer};
use frontline::domain::scenario::{Scenario, load};
use frontline::domain::session::{FreeAnswer, Mode, Run, RunOptions, Verdict};
use std::collections::BTreeMap;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Pair {
    line: usize,
    scenario: String,
    step: String,
    style: String,
    split: String,
    gamed: String,
    plain: String,
}

fn pairs() -> Vec<Pair> {
    let mut reader = csv::Reader::from_path(Path::new(ROOT).join("tests/data/adversarial.csv"))
        .expect("tests/data/adversarial.csv");
    reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            let r = r.expect("a well-formed row");
            Pair {
                line: i + 2,
                scenario: r[0].to_owned(),
                step: r[1].to_owned(),
                style: r[2].to_owned(),
                split: r[4].to_owned(),
                gamed: r[5].to_owned(),
                plain: r[6].to_owned(),
            }
        })
        .collect()
}

fn scenario(id: &str) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(format!("scenarios/{id}.toml")))
        .map_err(|e| format!("scenario `{id}`: {e}"))?;
    load::parse(&text).map_err(|f| format!("scenario `{id}` does not load: {}", f.message))
}

fn options() -> RunOptions {
    RunOptions {
        seed: 1,
        shuffle: true,
        trainee: "Alex".into(),
        mode: Mode::Coach,
    }
}

/// A reply's total at `step` and how it was taken, as play would take it.
fn total(
    s: &Scenario,
    step: &str,
    reply: &str,
    scorer: &Scorer,
    rubric: &Rubric,
) -> Result<(i64, String), String> {
    let run = Run::start_at(s, rubric, options(), Some(step));
    if run.position() != Some(step) {
        return Err(format!(
            "scenario `{}` has no step `{step}` any more",
            s.id()
        ));
    }
    let marking = run.mark(reply, scorer).expect("at a step");
    Ok(match marking.verdict {
        Verdict::Taken {
            points, taken_as, ..
        } => (
            points.iter().map(|p| p.earned).sum(),
            format!("taken as \"{}\"", taken_as.say),
        ),
        Verdict::Missed(miss) => {
            // Nothing earned: counted at the step's worst.
            let turn = run.turn().expect("at a step");
            let worst = s
                .step(step)
                .map(|st| {
                    ["listening", "non_defensive", "courtesy"]
                        .iter()
                        .map(|d| {
                            turn.choices
                                .iter()
                                .map(|c| st.choices[c.step_choice].score(d))
                                .min()
                                .unwrap_or(0)
                        })
                        .sum()
                })
                .unwrap_or(0);
            (worst, format!("{miss:?}"))
        }
        other => (i64::MIN / 2, format!("{other:?}")),
    })
}

#[test]
fn plain_good_replies_outscore_gamed_ones_in_nine_pairs_of_ten() {
    let rubric = Rubric::builtin();
    let scorer = Scorer::new(&rubric).unwrap();
    let all = pairs();
    assert!(all.len() >= 150, "{} pairs", all.len());
    let mut loaded: BTreeMap<String, Result<Scenario, String>> = BTreeMap::new();
    // split -> (won, total); style -> (won, total)
    let mut by_split: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_style: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut lost = Vec::new();
    let mut broken = Vec::new();
    for p in &all {
        let s = loaded
            .entry(p.scenario.clone())
            .or_insert_with(|| scenario(&p.scenario));
        let s = match s {
            Ok(s) => &*s,
            Err(e) => {
                broken.push(format!("adversarial.csv:{}: {e}", p.line));
                continue;
            }
        };
        let gamed = total(s, &p.step, &p.gamed, &scorer, &rubric);
        let plain = total(s, &p.step, &p.plain, &scorer, &rubric);
        let (Ok(gamed), Ok(plain)) = (gamed, plain) else {
            broken.push(format!(
                "adversarial.csv:{}: scenario `{}` has no step `{}`: update the row's step",
                p.line, p.scenario, p.step
            ));
            continue;
        };
        let won = plain.0 > gamed.0;
        for (key, map) in [(&p.split, &mut by_split), (&p.style, &mut by_style)] {
            let e = map.entry(key.clone()).or_default();
            e.0 += usize::from(won);
            e.1 += 1;
        }
        if !won && p.split != "heldout" {
            lost.push(format!(
                "adversarial.csv:{} {}/{} ({}): gamed {} ({}) vs plain {} ({})",
                p.line, p.scenario, p.step, p.style, gamed.0, gamed.1, plain.0, plain.1
            ));
        }
    }
    println!("plain reply scored higher, by split:");
    for (split, (won, n)) in &by_split {
        println!("  {split:8} {won}/{n} = {:.3}", *won as f64 / *n as f64);
    }
    println!("by style:");
    for (style, (won, n)) in &by_style {
        println!("  {style:26} {won}/{n}");
    }
    if std::env::var_os("FRONTLINE_TUNING_REPORT").is_some() {
        println!("lost (tuning rows only):\n{}", lost.join("\n"));
    }
    assert!(broken.is_empty(), "\n{}", broken.join("\n"));
    for (split, (won, n)) in &by_split {
        let rate = *won as f64 / *n as f64;
        assert!(
            rate >= 0.9,
            "{split}: the plain reply scored higher in only {won} of {n} pairs{}",
            if split == "heldout" {
                String::new()
            } else {
                format!(":\n{}", lost.join("\n"))
            }
        );
    }
}

/// The stuffed reply, pasted at every step with a two-word tail.
const STUFFED: &str = "Hi {name}, I'm so sorry, I completely understand, thank you, please, let me find out, I hear you. That must be so frustrating.";

fn shipped() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("scenarios"))
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            // The curriculum lists scenarios; it is not one.
            (p.extension()? == "toml" && stem != "curriculum").then_some(stem)
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_run_of_stuffed_replies_fails_every_shipped_scenario() {
    let rubric = Rubric::builtin();
    let scorer = Scorer::new(&rubric).unwrap();
    for id in shipped() {
        let s = scenario(&id).unwrap();
        for tail in ["Sort it.", "Let me check.", "I'll help.", "No problem."] {
            let mut run = Run::start(&s, &rubric, options());
            let name = run.customer_name().to_owned();
            let first = name.split_whitespace().next().unwrap_or("").to_owned();
            let mut turns = 0;
            // A stuffed trainee keeps pasting; after three misses at a step the choices
            // are offered, and a trainee who cannot answer in words has not passed.
            while !run.is_over() && !run.offers_choices() && turns < 60 {
                turns += 1;
                let reply = format!("{} {tail}", STUFFED.replace("{name}", &first));
                run.answer(&reply, &scorer).unwrap();
            }
            let passed = run.result().is_some_and(|r| r.passed);
            assert!(
                !passed,
                "{id}: a run of stuffed replies ending \"{tail}\" passed: {:?}",
                run.result()
            );
            for d in run.decisions() {
                let best = d.marks.iter().all(|m| m.mark.earned == m.mark.best);
                assert!(
                    !best,
                    "{id}/{}: the stuffed reply ending \"{tail}\" earned the best marks",
                    d.step_id
                );
            }
            if !run.is_over() {
                // Stopped at the numbered choices: nothing it said was taken as good.
                assert!(run.offers_choices());
            }
            let taken = run.decisions().len();
            let _ = FreeAnswer::SayMore;
            println!("{id} / {tail}: {taken} stuffed replies taken, then stopped");
        }
    }
}
