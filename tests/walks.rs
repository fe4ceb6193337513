//! Every shipped scenario, played start to end with plain, correct replies in new words
//! (not the model lines), passes.
//!
//! One data file a scenario, tests/data/walks/<scenario-id>.txt: `step-id: reply` a line,
//! in the order the run reaches them. A scenario rewritten since its file was written
//! fails here by name: the step the run reached instead, or the reply that was not taken
//! (and why), so the file is easy to bring up to date.

use frontline::domain::rubric::{Rubric, Scorer};
use frontline::domain::scenario::{Choice, load};
use frontline::domain::scoring::Dimensions;
use frontline::domain::session::{FreeAnswer, Mode, Run, RunOptions};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `(step id, reply)` of a walk file, and the line each is on.
fn walk(id: &str) -> Vec<(usize, String, String)> {
    let path = Path::new(ROOT).join(format!("tests/data/walks/{id}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; every shipped scenario needs a walk file",
            path.display()
        )
    });
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(n, l)| {
            let (step, reply) = l
                .split_once(':')
                .unwrap_or_else(|| panic!("{}:{}: write `step-id: reply`", path.display(), n + 1));
            (n + 1, step.trim().to_owned(), reply.trim().to_owned())
        })
        .collect()
}

/// Plays scenario `id` with its walk; `Err` says where and why it went wrong.
fn play(id: &str, scorer: &Scorer, rubric: &Rubric) -> Result<f64, String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(format!("scenarios/{id}.toml")))
        .map_err(|e| e.to_string())?;
    let scenario = load::parse(&text).map_err(|f| format!("{id}: does not load: {f:?}"))?;
    let options = RunOptions {
        seed: 1,
        shuffle: true,
        trainee: "Alex".into(),
        mode: Mode::Coach,
    };
    let dims = Dimensions::for_scenario(rubric, &scenario);
    let mut run = Run::start(&scenario, rubric, options);
    let file = format!("tests/data/walks/{id}.txt");
    for (line, step, reply) in walk(id) {
        let at = run.position().unwrap_or("(nowhere)").to_owned();
        if run.is_over() {
            return Err(format!(
                "{file}:{line}: the run already ended at `{at}`; drop the lines from here"
            ));
        }
        if at != step {
            return Err(format!(
                "{file}:{line}: the run is at step `{at}`, the file expects `{step}`: write a reply for `{at}` (the scenario changed)"
            ));
        }
        let marking = run.mark(&reply, scorer).expect("the run is at a step");
        // The worth of each shown choice (its weighted share of each dimension's range
        // here), by number: a correct reply is taken as one of the greatest worth. A
        // decision where the skills pull apart has no choice best on every dimension.
        let worths: Vec<f64> = {
            let turn = run.turn().expect("the run is at a step");
            let s = scenario.step(&step).expect("the step exists");
            let shown: Vec<&Choice> = turn
                .choices
                .iter()
                .map(|c| &s.choices[c.step_choice])
                .collect();
            shown
                .iter()
                .map(|c| {
                    dims.marks(c, &shown)
                        .iter()
                        .zip(&dims.weights)
                        .filter(|(m, _)| m.is_assessed())
                        .map(|(m, w)| w * (m.earned - m.worst) as f64 / (m.best - m.worst) as f64)
                        .sum()
                })
                .collect()
        };
        let top = worths.iter().copied().fold(f64::MIN, f64::max);
        match run.answer(&reply, scorer).map_err(|e| e.to_string())? {
            FreeAnswer::Taken(t) => {
                let best = top - worths[t.taken_as.number - 1] < 1e-9;
                if !best {
                    return Err(format!(
                        "{file}:{line}: at `{step}` the reply was taken as a weaker choice, \"{}\" (shared: {:?}); nearest: {:?}",
                        t.taken_as.say, t.taken_as.shared, marking.nearest
                    ));
                }
            }
            FreeAnswer::SayMore => {
                return Err(format!(
                    "{file}:{line}: at `{step}` the reply was not taken ({:?}); nearest (number, similarity): {:?}; shown: {:?}",
                    run.last_miss(),
                    marking.nearest,
                    run.turn()
                        .map(|t| t.choices.into_iter().map(|c| c.say).collect::<Vec<_>>())
                ));
            }
        }
    }
    let Some(result) = run.result() else {
        return Err(format!(
            "{file}: the walk stops at `{}` before an ending; add the replies from there",
            run.position().unwrap_or("?")
        ));
    };
    if !result.passed {
        return Err(format!(
            "{file}: the run ended at `{}` ({:?}) with {:?}%, which does not pass",
            result.ending, result.outcome, result.overall
        ));
    }
    Ok(result.overall.unwrap_or(0.0))
}

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
fn every_shipped_scenario_passes_with_plain_correct_replies_in_new_words() {
    let rubric = Rubric::builtin();
    let scorer = Scorer::new(&rubric).unwrap();
    let mut failures = Vec::new();
    for id in shipped() {
        match play(&id, &scorer, &rubric) {
            Ok(overall) => println!("{id}: passed at {overall:.1}%"),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
