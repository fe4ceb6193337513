//! Session engine benchmarks: a whole run of the largest shipped scenario (loading
//! excluded), and the best-path search on a generated 40-step scenario with flags.

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::domain::best_path::best_path;
use frontline::domain::graph::Graph;
use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::{Scenario, check, load};
use frontline::domain::scoring::Dimensions;
use frontline::domain::session::{Mode, Run, RunOptions};
use std::fmt::Write;
use std::hint::black_box;
use std::path::PathBuf;

/// The shipped scenario with the most choices (the engine's fixtures stand in while the
/// library is empty).
fn largest(library: &Library) -> &Scenario {
    library
        .scenarios()
        .max_by_key(|s| s.steps.iter().map(|st| st.choices.len()).sum::<usize>())
        .expect("a playable scenario")
}

/// Plays to an ending, always taking the first choice shown that does not lead back to
/// a step already visited (so the run is the same length every time), else the first.
fn play(scenario: &Scenario, rubric: &Rubric, debrief: bool) -> usize {
    let options = RunOptions {
        seed: 7,
        shuffle: true,
        trainee: "Sam".into(),
        mode: Mode::Coach,
    };
    let mut run = Run::start(scenario, rubric, options);
    let mut decisions = 0;
    while let Some(turn) = run.turn() {
        let step = scenario.step(&turn.step_id).expect("the turn's step");
        let fresh = turn.choices.iter().find(|c| {
            let next = step.choices[c.step_choice].next.get_ref().first();
            !run.decisions().iter().any(|d| d.step_id == next)
        });
        let number = fresh.unwrap_or(&turn.choices[0]).number;
        run.choose(number).expect("a shown choice");
        decisions += 1;
    }
    if debrief {
        black_box(run.debrief());
    } else {
        black_box(run.result());
    }
    decisions
}

/// A 40-step scenario: three choices a step, flags set early and required or excluded
/// later, escalation on every fifth step, and a way back every seventh.
fn generated(steps: usize) -> String {
    let mut t = String::from(
        "format = 1\n[scenario]\nid = \"generated\"\ntitle = \"Generated\"\nchannel = \"phone\"\ndifficulty = 3\nstart = \"s0\"\n\n[customer]\nname = \"Gen\"\nmood = -20\n",
    );
    for i in 0..steps {
        let next = |k: usize| {
            if i + k >= steps {
                "done".to_owned()
            } else {
                format!("s{}", i + k)
            }
        };
        writeln!(t, "\n[[step]]\nid = \"s{i}\"\nsay = \"Step {i}.\"").unwrap();
        if i % 5 == 4 {
            writeln!(t, "escalate_below = -70\nescalate_to = \"lost\"").unwrap();
        }
        let flag = format!("f{}", i % 6);
        let (a, b, c) = (i % 3, (i + 1) % 3, (i + 2) % 3);
        writeln!(
            t,
            "  [[step.choice]]\n  say = \"Good {i}\"\n  next = \"{}\"\n  mood = 10\n  sets = [\"{flag}\"]\n  score = {{ listening = {}, non_defensive = 1, courtesy = {} }}",
            next(1),
            2 - a as i64,
            a as i64 - 1
        )
        .unwrap();
        let back = if i % 7 == 6 {
            format!("s{}", i - 3)
        } else {
            next(2)
        };
        writeln!(
            t,
            "  [[step.choice]]\n  say = \"Skip {i}\"\n  next = \"{back}\"\n  mood = -15\n  unless = [\"{flag}\"]\n  score = {{ listening = {}, non_defensive = -1, courtesy = {} }}",
            2 - b as i64,
            b as i64 - 1
        )
        .unwrap();
        let needs = format!("f{}", (i + 3) % 6);
        writeln!(
            t,
            "  [[step.choice]]\n  say = \"Known {i}\"\n  next = \"{}\"\n  mood = 5\n  requires = [\"{needs}\"]\n  score = {{ listening = {}, non_defensive = 2, courtesy = {} }}",
            next(1),
            2 - c as i64,
            c as i64 - 1
        )
        .unwrap();
    }
    t.push_str("\n[[ending]]\nid = \"done\"\noutcome = \"resolved\"\nsay = \"Done.\"\n");
    t.push_str("\n[[ending]]\nid = \"lost\"\noutcome = \"lost\"\nsay = \"Bye.\"\n");
    t
}

fn benches(c: &mut Criterion) {
    let rubric = Rubric::builtin();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut library = Library::from_paths(&[root.join("scenarios")], &rubric);
    if library.scenarios().next().is_none() {
        library = Library::from_paths(&[root.join("tests/fixtures/engine")], &rubric);
    }
    let scenario = largest(&library);
    let decisions = play(scenario, &rubric, false);
    eprintln!("full run: `{}`, {decisions} decisions", scenario.id());
    c.bench_function(
        "full run of the largest shipped scenario, to its result",
        |b| b.iter(|| play(black_box(scenario), &rubric, false)),
    );
    c.bench_function(
        "full run of the largest shipped scenario, with its debrief",
        |b| b.iter(|| play(black_box(scenario), &rubric, true)),
    );

    let shipped: Vec<(Graph, Dimensions)> = library
        .scenarios()
        .map(|s| (Graph::new(s), Dimensions::for_scenario(&rubric, s)))
        .collect();
    c.bench_function("best_path, every shipped scenario once", |b| {
        b.iter(|| {
            for (graph, dims) in &shipped {
                black_box(best_path(graph, dims));
            }
        })
    });

    let text = generated(40);
    let generated = load::parse(&text).expect("the generated scenario parses");
    let errors = check::check(&generated, &text, &rubric);
    assert!(errors.is_empty(), "{errors:?}");
    let dims = Dimensions::for_scenario(&rubric, &generated);
    let graph = Graph::new(&generated);
    let path = best_path(&graph, &dims).expect("a best path");
    eprintln!(
        "best path on the generated scenario: {} decisions, overall {:?}",
        path.decisions.len(),
        path.overall
    );
    c.bench_function("best_path, generated 40 steps with flags", |b| {
        b.iter(|| best_path(black_box(&graph), &dims))
    });
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(engine);
