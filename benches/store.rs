//! The progress store at classroom-archive size: `report` over 100,000 attempts
//! (1,000,000 decisions) against a bare `SELECT 1` on the same file, and recording one
//! decision (WAL, one transaction) against an empty write transaction, in the same run.
//! Targets: a report under 1 s; recording a decision under 1 ms.
//! Run: cargo bench --bench store
//!
//! The 100,000-attempt store is generated once, in one transaction, and kept in
//! target/bench-store/ for later runs (delete it to generate it again).

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::domain::scenario::Outcome;
use frontline::domain::session::{DecisionRecord, MarkRecord, Mode};
use frontline::domain::store::attempts::{Finish, StoredAttempt, StoredDecision};
use frontline::domain::store::{
    AttemptId, AttemptStart, HistoryFilter, ReportFilter, Store, schema, time,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::TransactionBehavior;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

const ATTEMPTS: usize = 100_000;
const DECISIONS: usize = 10;
const TRAINEES: usize = 200;
const SCENARIOS: usize = 12;
const DIMENSIONS: [&str; 3] = ["listening", "non_defensive", "courtesy"];

/// Scores of the three choices at every step, per dimension.
const CHOICES: [[i64; 3]; 3] = [[2, 1, 2], [-1, 0, -1], [-2, -3, -2]];

fn generated(rng: &mut ChaCha8Rng, i: usize) -> StoredAttempt {
    let scenario = i % SCENARIOS;
    let started = 1_790_000_000_000 + i as i64 * 60_000;
    let ts = |ms: i64| time::format(jiff::Timestamp::from_millisecond(ms).unwrap());
    let mut mood = -30;
    let (mut gained, mut possible) = ([0i64; 3], [0i64; 3]);
    let decisions: Vec<StoredDecision> = (0..DECISIONS)
        .map(|step| {
            let choice = rng.random_range(0..3usize);
            let before = mood;
            mood = (mood + [15, -5, -25][choice]).clamp(-100, 100);
            let marks = DIMENSIONS
                .iter()
                .enumerate()
                .map(|(d, id)| {
                    gained[d] += CHOICES[choice][d] - CHOICES[2][d];
                    possible[d] += CHOICES[0][d] - CHOICES[2][d];
                    (
                        (*id).to_owned(),
                        MarkRecord {
                            earned: CHOICES[choice][d],
                            best: CHOICES[0][d],
                            worst: CHOICES[2][d],
                        },
                    )
                })
                .collect();
            StoredDecision {
                record: DecisionRecord {
                    step: format!("step-{step}"),
                    choice,
                    number: choice + 1,
                    said: format!("Answer {choice} at step {step}, as the trainee said it."),
                    marks,
                    mood_before: before,
                    mood_after: mood,
                    hesitated: false,
                    escalated: false,
                    tactics: vec!["greet".into()],
                    typed: None,
                },
                response_ms: Some(rng.random_range(800..20_000)),
            }
        })
        .collect();
    let percents: Vec<f64> = (0..3)
        .map(|d| 100.0 * gained[d] as f64 / possible[d] as f64)
        .collect();
    let overall = percents.iter().sum::<f64>() / 3.0;
    let outcome = if mood < -60 {
        Outcome::Lost
    } else {
        Outcome::Resolved
    };
    StoredAttempt {
        id: AttemptId(uuid::Uuid::from_u128(rng.random())),
        trainee: format!("trainee-{:03}", i % TRAINEES),
        scenario: format!("scenario-{scenario:02}"),
        scenario_title: format!("Scenario {scenario}"),
        scenario_hash: "sha256:0".into(),
        source: None,
        seed: rng.random(),
        shuffle: true,
        mode: Mode::Coach,
        customer: "Dana Whitfield".into(),
        free_text: false,
        started_at: ts(started),
        class: None,
        result: Some(Finish {
            finished_at: ts(started + 240_000),
            ending: outcome.as_str().into(),
            outcome,
            passed: overall >= 70.0 && outcome != Outcome::Lost,
            overall: Some((overall * 10.0).round() / 10.0),
            dimensions: DIMENSIONS
                .iter()
                .zip(&percents)
                .map(|(d, p)| ((*d).to_owned(), Some((p * 10.0).round() / 10.0)))
                .collect(),
            final_mood: mood,
            critical: Vec::new(),
        }),
        decisions,
        practice: Vec::new(),
        misses: Vec::new(),
        damaged: None,
        sent_at: None,
    }
}

/// The cached 100,000-attempt store, generated when missing.
fn big_store() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-store");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("progress-100k-v{}.sqlite3", schema::LATEST));
    if path.is_file() {
        return path;
    }
    let partial = dir.join("generating.sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    let started = Instant::now();
    let mut store = Store::open(&partial).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let inserted = store
        .insert_attempts((0..ATTEMPTS).map(|i| generated(&mut rng, i)))
        .unwrap();
    assert_eq!(inserted, ATTEMPTS);
    drop(store);
    // Fold the WAL into the file before renaming it.
    let conn = rusqlite::Connection::open(&partial).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    drop(conn);
    std::fs::rename(&partial, &path).unwrap();
    eprintln!(
        "generated {ATTEMPTS} attempts ({} decisions) in {:.1} s: {}",
        ATTEMPTS * DECISIONS,
        started.elapsed().as_secs_f64(),
        path.display()
    );
    path
}

fn report(c: &mut Criterion) {
    let path = big_store();
    let store = Store::open(&path).unwrap();
    let bare = rusqlite::Connection::open(&path).unwrap();
    let full = store.report(&ReportFilter::default()).unwrap();
    assert_eq!(full.attempts, ATTEMPTS as u64);
    assert_eq!(full.by_trainee.len(), TRAINEES);

    let mut group = c.benchmark_group("report over 100k attempts, 1M decisions");
    group.sample_size(10);
    group.bench_function("SELECT 1 (baseline)", |b| {
        b.iter(|| {
            let one: i64 = bare.query_row("SELECT 1", [], |r| r.get(0)).unwrap();
            black_box(one)
        })
    });
    group.bench_function("report: every trainee and scenario", |b| {
        b.iter(|| black_box(store.report(&ReportFilter::default()).unwrap()))
    });
    let scenario = ReportFilter {
        scenario: Some("scenario-03".into()),
        ..ReportFilter::default()
    };
    group.bench_function("report --scenario: with the class debrief", |b| {
        b.iter(|| black_box(store.report(&scenario).unwrap()))
    });
    let trainee = ReportFilter {
        trainee: Some("trainee-042".into()),
        ..ReportFilter::default()
    };
    group.bench_function("report --trainee", |b| {
        b.iter(|| black_box(store.report(&trainee).unwrap()))
    });
    let history = HistoryFilter {
        trainee: "trainee-042".into(),
        since: None,
    };
    group.bench_function("history of one trainee (500 attempts)", |b| {
        b.iter(|| black_box(store.history(&history).unwrap()))
    });
    group.finish();
}

fn record(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let sample = generated(&mut rng, 0);
    let start = AttemptStart {
        trainee: sample.trainee.clone(),
        scenario: sample.scenario.clone(),
        scenario_title: sample.scenario_title.clone(),
        scenario_hash: sample.scenario_hash.clone(),
        source: None,
        seed: sample.seed,
        shuffle: true,
        mode: Mode::Coach,
        customer: sample.customer.clone(),
        free_text: false,
        class: None,
    };
    let id = store.begin_attempt(&start).unwrap();
    let decision = sample.decisions[0].record.clone();
    // The same settings as the store's own connection: WAL, synchronous = NORMAL.
    let mut bare = rusqlite::Connection::open(&path).unwrap();
    bare.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        .unwrap();
    // And a file of its own for the smallest write there is: one row, one transaction.
    let scratch_path = dir.path().join("scratch.sqlite3");
    let mut scratch = rusqlite::Connection::open(&scratch_path).unwrap();
    scratch
        .execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE t (n INTEGER);",
        )
        .unwrap();

    let mut group = c.benchmark_group("recording a decision");
    group.bench_function("empty write transaction (baseline)", |b| {
        b.iter(|| {
            let tx = bare
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .unwrap();
            tx.commit().unwrap();
        })
    });
    group.bench_function("one-row insert transaction (baseline)", |b| {
        b.iter(|| {
            let tx = scratch
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .unwrap();
            tx.execute("INSERT INTO t VALUES (1)", []).unwrap();
            tx.commit().unwrap();
        })
    });
    group.bench_function("record_decision", |b| {
        // Each in the next place, as a run records them.
        let mut seq = 0;
        b.iter(|| {
            store
                .record_decision(id, black_box(seq), &decision, 1500)
                .unwrap();
            seq += 1;
        })
    });
    group.finish();
}

criterion_group!(benches, report, record);
criterion_main!(benches);
