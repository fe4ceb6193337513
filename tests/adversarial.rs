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

use frontline::domain::library::Library;
use frontline::domain::rubric::{Rubric, Scorer};
use frontline::domain::scenario::Scenario;
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

/// Every scenario of scenarios/, by id, as the library loads them (its own rule for which
/// files are scenarios); a file that does not load fails here by name.
fn shipped(rubric: &Rubric) -> BTreeMap<String, Scenario> {
    let library = Library::from_paths(&[Path::new(ROOT).join("scenarios")], rubric);
    let mut all = BTreeMap::new();
    for file in library.files {
        let origin = file.origin.clone();
        let Some(s) = file.checked.scenario else {
            panic!("{origin} does not load: {:?}", file.checked.findings);
        };
        all.insert(s.id().to_owned(), s);
    }
    assert!(all.len() >= 12, "only {} shipped scenarios", all.len());
    all
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
    let loaded = shipped(&rubric);
    // split -> (won, total); style -> (won, total)
    let mut by_split: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_style: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut lost = Vec::new();
    let mut broken = Vec::new();
    for p in &all {
        let Some(s) = loaded.get(&p.scenario) else {
            broken.push(format!(
                "adversarial.csv:{}: no shipped scenario has the id `{}`",
                p.line, p.scenario
            ));
            continue;
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

/// The issue's stuffed reply, pasted at every step with a two-word tail.
const STUFFED: &str = "Hi {name}, I'm so sorry, I completely understand, thank you, please, let me find out, I hear you. That must be so frustrating.";

#[test]
fn a_run_of_stuffed_replies_fails_every_shipped_scenario() {
    let rubric = Rubric::builtin();
    let scorer = Scorer::new(&rubric).unwrap();
    for (id, s) in &shipped(&rubric) {
        for tail in ["Sort it.", "Let me check.", "I'll help.", "No problem."] {
            let mut run = Run::start(s, &rubric, options());
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

/// One wording a key point's pattern accepts, built from the pattern itself: the first
/// alternative of each choice, each repeat its fewest times (an optional apostrophe kept,
/// a run of "any character" as one space), each class its first lowercase letter. `None`
/// when the wording built does not match the pattern (a word boundary between two parts).
fn wording(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn has(class: &Class, c: char) -> bool {
        match class {
            Class::Unicode(u) => u.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
            Class::Bytes(b) => b
                .ranges()
                .iter()
                .any(|r| u32::from(r.start()) <= c as u32 && c as u32 <= u32::from(r.end())),
        }
    }
    fn pick(class: &Class) -> char {
        ('a'..='z')
            .chain(['\'', ' '])
            .chain('0'..='9')
            .find(|&c| has(class, c))
            .unwrap_or(' ')
    }
    /// "." and the like: a space and a letter alike.
    fn is_any(h: &Hir) -> bool {
        matches!(h.kind(), HirKind::Class(c) if has(c, ' ') && has(c, 'a'))
    }
    fn write(h: &Hir, out: &mut String) {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(l) => out.push_str(&String::from_utf8_lossy(&l.0)),
            HirKind::Class(c) => out.push(pick(c)),
            HirKind::Repetition(r) => {
                let apostrophe = matches!(r.sub.kind(), HirKind::Class(c) if pick(c) == '\'');
                let n = if r.min == 0 && r.max != Some(0) && (is_any(&r.sub) || apostrophe) {
                    1
                } else {
                    r.min
                };
                for _ in 0..n {
                    if is_any(&r.sub) {
                        out.push(' ');
                    } else {
                        write(&r.sub, out);
                    }
                }
            }
            HirKind::Capture(c) => write(&c.sub, out),
            HirKind::Concat(all) => all.iter().for_each(|h| write(h, out)),
            HirKind::Alternation(all) => {
                if let Some(h) = all.first() {
                    write(h, out);
                }
            }
        }
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    write(&hir, &mut out);
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let re = regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .ok()?;
    (!out.is_empty() && re.is_match(&out)).then_some(out)
}

#[test]
fn wordings_are_built_from_the_patterns_themselves() {
    assert_eq!(
        wording(r"\b(three|3) weeks\b").as_deref(),
        Some("three weeks")
    );
    assert_eq!(
        wording(r"\bI['’]?ll (take care of|handle) (it|this)\b").as_deref(),
        Some("I'll take care of it")
    );
    assert_eq!(
        wording(r"\bcard\b.{0,60}\b(find|look)\w*").as_deref(),
        Some("card find")
    );
    assert_eq!(wording(r"\bhold on\b").as_deref(), Some("hold on"));
}

/// A paste of a step's key words (the accepted wordings of the best choice's points,
/// strung together with no sentence around them) is never the best reply at full marks,
/// at any decision of any shipped scenario; nor is the same paste wrapped in stock
/// phrases. The paste is built from each file's own points, so a new scenario is covered.
#[test]
fn a_paste_of_the_best_choices_key_words_never_earns_full_marks() {
    let rubric = Rubric::builtin();
    let scorer = Scorer::new(&rubric).unwrap();
    let dims = ["listening", "non_defensive", "courtesy"];
    let mut bought = Vec::new();
    let (mut steps, mut taken) = (0, 0);
    for (id, s) in &shipped(&rubric) {
        for step in &s.steps {
            if step.choices.len() < 2 || step.points.is_empty() {
                continue;
            }
            let step_id = step.id.get_ref().as_str();
            let run = Run::start_at(s, &rubric, options(), Some(step_id));
            let Some(turn) = run.turn().filter(|_| run.position() == Some(step_id)) else {
                continue;
            };
            let total = |c: usize| dims.iter().map(|d| step.choices[c].score(d)).sum::<i64>();
            let Some(best) = turn
                .choices
                .iter()
                .map(|c| c.step_choice)
                .max_by_key(|&c| (total(c), std::cmp::Reverse(c)))
            else {
                continue;
            };
            let words: Vec<String> = step.choices[best]
                .points
                .iter()
                .filter_map(|p| step.points.iter().find(|k| k.id.get_ref() == p.get_ref()))
                .filter(|k| !k.is_avoid())
                .filter_map(|k| k.patterns.iter().find_map(|p| wording(p.get_ref())))
                .collect();
            if words.is_empty() {
                continue;
            }
            steps += 1;
            let paste = words.join(" ");
            let first = run
                .customer_name()
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned();
            let wrapped = format!(
                "Hi {first}, I'm so sorry, I completely understand. {paste}. Thank you so much for your patience."
            );
            for reply in [&paste, &wrapped] {
                let marking = run.mark(reply, &scorer).expect("at a step");
                if let Verdict::Taken { points, .. } = &marking.verdict {
                    taken += 1;
                    let earned: i64 = points.iter().map(|p| p.earned).sum();
                    if earned >= total(best) {
                        bought.push(format!(
                            "{id}/{step_id}: \"{reply}\" earned {earned}, the best choice's {}",
                            total(best)
                        ));
                    }
                }
            }
        }
    }
    println!(
        "{steps} decisions with key points; {taken} of {} pastes taken as a choice",
        2 * steps
    );
    assert!(steps >= 200, "only {steps} decisions with key points");
    assert!(
        bought.is_empty(),
        "{} pastes of key words bought the best marks:\n{}",
        bought.len(),
        bought.join("\n")
    );
}
