//! Fills a progress store with many finished attempts, for measuring the commands over a
//! classroom archive (docs/performance.md: `export --format xapi` over 192,000 attempts).
//!
//! Each attempt is a real run of tests/fixtures/engine/engine-refund.toml played by the
//! engine with seeded random answers, so its decisions, marks and result are what a trainee
//! would leave.
//!
//! Run: cargo run --release --example bulk_store -- DATA_DIR [ATTEMPTS]

use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::{check, load};
use frontline::domain::session::{Mode, Run, RunOptions};
use frontline::domain::store::attempts::{Finish, StoredAttempt, StoredDecision};
use frontline::domain::store::{AttemptId, Store, hash, location, time};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const REFUND: &str = include_str!("../tests/fixtures/engine/engine-refund.toml");
const CHUNK: usize = 8_000;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: bulk_store DATA_DIR [ATTEMPTS]");
        std::process::exit(2);
    };
    let total: usize = args
        .next()
        .map_or(192_000, |n| n.parse().expect("a number"));
    let rubric = Rubric::builtin();
    let scenario = load::parse(REFUND).expect("the fixture loads");
    assert!(check::check(&scenario, REFUND, &rubric).is_empty());
    let path = location::store_path(Some(std::path::Path::new(&dir))).expect("a store path");
    let mut store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = ChaCha8Rng::seed_from_u64(20);
    let digest = hash::scenario_hash(REFUND.as_bytes());
    let started = std::time::Instant::now();
    let mut made = 0;
    while made < total {
        let n = CHUNK.min(total - made);
        let chunk: Vec<StoredAttempt> = (made..made + n)
            .map(|i| {
                let options = RunOptions {
                    seed: rng.random(),
                    shuffle: true,
                    trainee: format!("trainee-{:03}", i % 200),
                    mode: if i % 3 == 0 {
                        Mode::Assess
                    } else {
                        Mode::Coach
                    },
                };
                let mut run = Run::start(&scenario, &rubric, options.clone());
                while let Some(turn) = run.turn() {
                    let pick = rng.random_range(1..=turn.choices.len());
                    run.choose(pick).expect("a shown choice");
                }
                let result = run.result().expect("the run ended");
                let begun = 1_790_000_000_000 + i as i64 * 60_000;
                let at = |ms: i64| time::format(jiff::Timestamp::from_millisecond(ms).unwrap());
                StoredAttempt {
                    id: AttemptId(uuid::Uuid::from_u128(rng.random())),
                    trainee: options.trainee,
                    scenario: result.scenario.clone(),
                    scenario_title: scenario.title().to_owned(),
                    scenario_hash: digest.clone(),
                    source: None,
                    seed: options.seed,
                    shuffle: true,
                    mode: options.mode,
                    customer: run.customer_name().to_owned(),
                    free_text: false,
                    started_at: at(begun),
                    class: Some(format!("class-{}", i % 12)),
                    result: Some(Finish {
                        finished_at: at(begun + 200_000),
                        ending: result.ending.clone(),
                        outcome: result.outcome,
                        passed: result.passed,
                        overall: result.overall,
                        dimensions: result.dimensions.clone(),
                        final_mood: result.final_mood,
                        critical: result.critical.clone(),
                    }),
                    decisions: result
                        .decisions
                        .iter()
                        .map(|d| StoredDecision {
                            record: d.clone(),
                            response_ms: Some(rng.random_range(800..20_000)),
                        })
                        .collect(),
                    practice: Vec::new(),
                    misses: Vec::new(),
                    damaged: None,
                    sent_at: None,
                }
            })
            .collect();
        store
            .insert_attempts(chunk)
            .unwrap_or_else(|e| panic!("{e}"));
        made += n;
    }
    eprintln!(
        "{made} attempts in {} ({:.1} s)",
        path.display(),
        started.elapsed().as_secs_f64()
    );
}
