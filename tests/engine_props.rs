//! Properties of runs over the shipped library (and the engine's fixtures, so the
//! properties bite even while the library is small): random seeds and random answers
//! always reach an ending, every figure stays within 0..=100, and a seed repeats a run.

use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::Scenario;
use frontline::domain::session::{Mode, Run, RunOptions, RunResult};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::PathBuf;
use std::sync::LazyLock;

/// Decisions a random run may take before the property fails.
const BOUND: usize = 500;

static RUBRIC: LazyLock<Rubric> = LazyLock::new(Rubric::builtin);

static LIBRARY: LazyLock<Library> = LazyLock::new(|| {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let library = Library::from_paths(
        &[root.join("scenarios"), root.join("tests/fixtures/engine")],
        &RUBRIC,
    );
    for file in &library.files {
        assert!(
            !file.checked.has_errors(),
            "{} does not load: {:?}",
            file.origin,
            file.checked.findings
        );
    }
    library
});

fn scenarios() -> Vec<&'static Scenario> {
    LIBRARY.scenarios().collect()
}

struct Played {
    result: RunResult,
    transcript: Vec<frontline::domain::session::Line>,
    decisions: usize,
}

/// Plays with answers drawn from `answers` (a generator apart from the run's own), which
/// also hesitates before one answer in five.
fn play(scenario: &Scenario, seed: u64, shuffle: bool, answers: u64) -> Played {
    let mut answers = ChaCha8Rng::seed_from_u64(answers);
    let options = RunOptions {
        seed,
        shuffle,
        trainee: "Sam".into(),
        mode: Mode::Assess,
    };
    let mut run = Run::start(scenario, &RUBRIC, options);
    let mut decisions = 0;
    while let Some(turn) = run.turn() {
        assert!(
            decisions < BOUND,
            "{}: no ending after {BOUND} decisions",
            scenario.id()
        );
        assert!(
            !turn.choices.is_empty(),
            "{}: nothing to choose at {}",
            scenario.id(),
            turn.step_id
        );
        if answers.random_bool(0.2) {
            run.hesitate();
        }
        let pick = answers.random_range(0..turn.choices.len());
        let answered = run.choose(turn.choices[pick].number).unwrap();
        for m in &answered.marks {
            assert!(m.mark.worst <= m.mark.earned && m.mark.earned <= m.mark.best);
        }
        assert!((-100..=100).contains(&run.mood()));
        decisions += 1;
    }
    Played {
        result: run.result().expect("an ended run has a result"),
        transcript: run.transcript().to_vec(),
        decisions,
    }
}

fn within(p: Option<f64>) -> bool {
    p.is_none_or(|p| (0.0..=100.0).contains(&p))
}

/// Which scenario, the run's seed, whether to shuffle, and the answers' seed.
fn run_inputs() -> impl Strategy<Value = (usize, u64, bool, u64)> {
    (
        0..scenarios().len(),
        any::<u64>(),
        any::<bool>(),
        any::<u64>(),
    )
}

#[test]
fn the_library_has_scenarios_to_check() {
    assert!(scenarios().len() >= 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_runs_end_with_figures_in_range((i, seed, shuffle, answers) in run_inputs()) {
        let scenario = scenarios()[i];
        let played = play(scenario, seed, shuffle, answers);
        let r = &played.result;
        prop_assert!(played.decisions <= BOUND);
        prop_assert!(within(r.overall), "overall {:?}", r.overall);
        for (d, p) in &r.dimensions {
            prop_assert!(within(*p), "{d}: {p:?}");
        }
        prop_assert_eq!(r.steps.len(), played.decisions);
        prop_assert_eq!(r.decisions.len(), played.decisions);
        prop_assert!((-100..=100).contains(&r.final_mood));
        prop_assert!(!r.passed || r.outcome != frontline::domain::scenario::Outcome::Lost);
    }

    #[test]
    fn a_seed_and_the_same_answers_repeat_a_run((i, seed, shuffle, answers) in run_inputs()) {
        let scenario = scenarios()[i];
        let a = play(scenario, seed, shuffle, answers);
        let b = play(scenario, seed, shuffle, answers);
        prop_assert_eq!(&a.result, &b.result);
        prop_assert_eq!(&a.transcript, &b.transcript);
        // The record survives a trip through its JSON.
        let back: RunResult = serde_json::from_str(&serde_json::to_string(&a.result).unwrap()).unwrap();
        prop_assert_eq!(back, a.result);
    }

    #[test]
    fn a_debrief_is_consistent_with_its_run((i, seed, shuffle, answers) in run_inputs()) {
        let scenario = scenarios()[i];
        let options = RunOptions { seed, shuffle, trainee: "Sam".into(), mode: Mode::Coach };
        let mut run = Run::start(scenario, &RUBRIC, options);
        let mut answers = ChaCha8Rng::seed_from_u64(answers);
        let mut n = 0;
        while let Some(turn) = run.turn() {
            prop_assert!(n < BOUND);
            if answers.random_bool(0.2) {
                run.hesitate();
            }
            let pick = answers.random_range(0..turn.choices.len());
            run.choose(turn.choices[pick].number).unwrap();
            n += 1;
        }
        let d = run.debrief().unwrap();
        prop_assert!(d.tips.len() <= 3);
        prop_assert!(d.tips.windows(2).all(|w| w[0].cost >= w[1].cost));
        prop_assert!(d.decisions.iter().all(|r| r.cost >= 0.0 && r.cost <= 100.0 + 1e-9));
        let best = d.best_path.as_ref().expect("a checked scenario has a best path");
        prop_assert!(within(best.overall));
        prop_assert!(!best.steps.is_empty());
        // Costs are exact: taking every decision's best would close the gap to 100.
        if let Some(overall) = d.overall {
            let total: f64 = d.decisions.iter().map(|r| r.cost).sum();
            prop_assert!((overall + total - 100.0).abs() < 1e-6, "{overall} + {total}");
        }
    }
}
