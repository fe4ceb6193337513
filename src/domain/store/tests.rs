//! The store on temporary databases: opening and refusing files, recording, resume,
//! history, report, export and import.

use super::attempts::AttemptFilter;
use super::resume::{ResumeError, resume};
use super::*;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Outcome, Scenario, check, load};
use crate::domain::session::{Mode, Run, RunOptions, RunResult};
use std::collections::BTreeSet;

const REFUND: &str = include_str!("../../../tests/fixtures/engine/engine-refund.toml");

/// The error of a resume that must fail.
fn refused(r: Result<Run<'_>, ResumeError>) -> ResumeError {
    match r {
        Ok(_) => panic!("the resume was accepted"),
        Err(e) => e,
    }
}

fn scenario(text: &str) -> Scenario {
    let scenario = load::parse(text).unwrap_or_else(|f| panic!("{f:?}"));
    assert!(check::check(&scenario, text, &Rubric::builtin()).is_empty());
    scenario
}

fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(location::FILE_NAME);
    (dir, path)
}

fn options(seed: u64, trainee: &str) -> RunOptions {
    RunOptions {
        seed,
        shuffle: true,
        trainee: trainee.into(),
        mode: Mode::Coach,
    }
}

/// Plays `picks` (authored choice indices), recording each decision; finishes the
/// attempt when the run ends. Returns the attempt and, when it ended, the result.
fn play(
    store: &mut Store,
    s: &Scenario,
    opts: RunOptions,
    picks: &[usize],
) -> (AttemptId, Option<RunResult>) {
    let rubric = Rubric::builtin();
    let mut run = Run::start(s, &rubric, opts);
    let id = store
        .begin_attempt(&AttemptStart::for_run(&run, REFUND.as_bytes(), None))
        .unwrap();
    for (seq, &pick) in picks.iter().enumerate() {
        let turn = run.turn().expect("the run goes on");
        let number = turn
            .choices
            .iter()
            .find(|c| c.step_choice == pick)
            .unwrap_or_else(|| panic!("choice {pick} not shown at {}", turn.step_id))
            .number;
        let answered = run.choose(number).unwrap();
        store
            .record_decision(id, seq, &(&answered).into(), 1200)
            .unwrap();
    }
    let result = run.result();
    if let Some(r) = &result {
        store.finish_attempt(id, r).unwrap();
    }
    (id, result)
}

#[test]
fn a_new_store_is_marked_as_frontline_and_in_wal_mode() {
    let (_dir, path) = temp();
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, schema::APPLICATION_ID);
    assert_eq!(version, schema::LATEST);
    assert_eq!(mode, "wal");
    drop(store);
    // Opening again finds nothing to migrate.
    Store::open(&path).unwrap();
}

#[test]
fn the_folder_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b").join(location::FILE_NAME);
    Store::open(&path).unwrap();
    assert!(path.is_file());
}

fn assert_untouched(path: &std::path::Path, before: &[u8], err: &StoreError, words: &[&str]) {
    assert_eq!(std::fs::read(path).unwrap(), before, "the file was changed");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    for w in words {
        assert!(message.contains(w), "`{w}` not in: {message}");
    }
}

#[test]
fn random_bytes_are_refused_and_left_untouched() {
    let (_dir, path) = temp();
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert_untouched(
        &path,
        &bytes,
        &err,
        &["not an SQLite database", "--data-dir"],
    );
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let (_dir, path) = temp();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert_untouched(
        &path,
        &before,
        &err,
        &["not Frontline's progress store", "untouched"],
    );

    // And one with another application id.
    std::fs::remove_file(&path).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA application_id = 1234;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_untouched(&path, &before, &err, &["application id"]);
}

#[test]
fn a_store_from_a_newer_frontline_is_refused_and_left_untouched() {
    let (_dir, path) = temp();
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", schema::LATEST + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    assert_untouched(&path, &before, &err, &["newer Frontline"]);
}

#[test]
fn a_damaged_store_is_refused_and_left_untouched() {
    let (_dir, path) = temp();
    {
        let mut store = Store::open(&path).unwrap();
        let s = scenario(REFUND);
        play(&mut store, &s, options(1, "Ana"), &[0, 0, 0]);
    }
    // Keep the 100-byte header (ours), scramble the schema page after it.
    let mut bytes = std::fs::read(&path).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().take(4096).skip(100) {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }
        ),
        "{err:?}"
    );
    assert_untouched(&path, &bytes, &err, &["--data-dir"]);
}

#[test]
fn a_folder_in_the_way_is_refused() {
    let (_dir, path) = temp();
    std::fs::create_dir(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::IsAFolder { .. }), "{err:?}");
}

#[test]
fn a_recorded_run_reads_back_as_the_engines_result() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let (id, result) = play(&mut store, &s, options(7, "Ana"), &[1, 1, 1]);
    let result = result.expect("the run ended");
    let stored = store.attempt(id).unwrap();
    assert_eq!(stored.run_result().unwrap(), result);
    assert_eq!(stored.decisions.len(), 3);
    assert!(stored.decisions.iter().all(|d| d.response_ms == Some(1200)));
    assert_eq!(stored.scenario_hash, hash::scenario_hash(REFUND.as_bytes()));
    assert!(stored.result.as_ref().unwrap().finished_at >= stored.started_at);
    assert!(store.unfinished(None).unwrap().is_empty());
    // A finished attempt takes no more decisions.
    let err = store
        .record_decision(id, 3, &result.decisions[0], 5)
        .unwrap_err();
    assert!(matches!(err, StoreError::AttemptFinished { .. }), "{err:?}");
    // Nor does one that does not exist.
    let err = store
        .record_decision(AttemptId::random(), 0, &result.decisions[0], 5)
        .unwrap_err();
    assert!(matches!(err, StoreError::NoSuchAttempt { .. }), "{err:?}");
}

#[test]
fn finishing_fills_in_decisions_that_failed_to_record() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let rubric = Rubric::builtin();
    let mut run = Run::start(&s, &rubric, options(3, "Ana"));
    let id = store
        .begin_attempt(&AttemptStart::for_run(&run, REFUND.as_bytes(), None))
        .unwrap();
    let first = run.choose(1).unwrap();
    store.record_decision(id, 0, &(&first).into(), 10).unwrap();
    // The next two are "lost" (never recorded), then the run finishes.
    run.choose(1).unwrap();
    run.choose(1).unwrap();
    let result = run.result().unwrap();
    store.finish_attempt(id, &result).unwrap();
    let stored = store.attempt(id).unwrap();
    assert_eq!(stored.run_result().unwrap(), result);
    let times: Vec<_> = stored.decisions.iter().map(|d| d.response_ms).collect();
    assert_eq!(times, [Some(10), None, None]);
}

#[test]
fn an_attempt_is_found_by_a_prefix_of_its_id() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let (id, _) = play(&mut store, &s, options(1, "Ana"), &[0]);
    assert_eq!(store.find_attempt(&id.to_string()).unwrap(), id);
    assert_eq!(store.find_attempt(&id.to_string()[..8]).unwrap(), id);
    assert!(matches!(
        store.find_attempt("zzzz"),
        Err(StoreError::NoSuchAttempt { .. })
    ));
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let (_dir, path) = temp();
    let s = scenario(REFUND);
    let rubric = Rubric::builtin();
    let mut run = Run::start(&s, &rubric, options(1, "Ana"));
    let start = AttemptStart::for_run(&run, REFUND.as_bytes(), None);
    let decision: crate::domain::session::DecisionRecord = (&run.choose(1).unwrap()).into();
    drop(Store::open(&path).unwrap());
    const EACH: usize = 150;
    let ids: Vec<AttemptId> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (path, start, decision) = (&path, start.clone(), decision.clone());
                scope.spawn(move || {
                    // A connection of its own, as another process would have.
                    let mut store = Store::open(path).unwrap();
                    let id = store.begin_attempt(&start).unwrap();
                    for seq in 0..EACH {
                        store.record_decision(id, seq, &decision, 1).unwrap();
                    }
                    id
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let store = Store::open(&path).unwrap();
    for id in ids {
        assert_eq!(store.attempt(id).unwrap().decisions.len(), EACH);
    }
}

#[test]
fn resume_replays_the_picks_and_lands_where_the_run_stopped() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let rubric = Rubric::builtin();
    // Uninterrupted, for comparison.
    let mut whole = Run::start(&s, &rubric, options(11, "Ana"));
    // Killed after two decisions, the second one hesitated.
    let mut first = Run::start(&s, &rubric, options(11, "Ana"));
    let id = store
        .begin_attempt(&AttemptStart::for_run(&first, REFUND.as_bytes(), None))
        .unwrap();
    for (i, number) in [1, 2].into_iter().enumerate() {
        if i == 1 {
            assert!(first.hesitate());
            assert!(whole.hesitate());
        }
        let a = first.choose(number).unwrap();
        whole.choose(number).unwrap();
        store.record_decision(id, i, &(&a).into(), 100).unwrap();
    }
    let stopped_at = first.turn().unwrap();
    drop(first);

    let unfinished = store.unfinished(Some("Ana")).unwrap();
    assert_eq!(unfinished.len(), 1);
    assert!(store.unfinished(Some("Ben")).unwrap().is_empty());
    let mut resumed = resume(&s, REFUND.as_bytes(), &rubric, &unfinished[0]).unwrap();
    assert_eq!(resumed.turn().unwrap(), stopped_at);
    assert_eq!(resumed.decisions().len(), 2);
    resumed.choose(1).unwrap();
    whole.choose(1).unwrap();
    let result = resumed.result().unwrap();
    assert_eq!(result, whole.result().unwrap());
    assert!(result.decisions[1].hesitated);
    store.finish_attempt(id, &result).unwrap();
    assert_eq!(store.attempt(id).unwrap().run_result().unwrap(), result);
}

#[test]
fn resume_refuses_a_changed_file_or_a_different_run() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let rubric = Rubric::builtin();
    play(&mut store, &s, options(5, "Ana"), &[0]);
    let unfinished = store.unfinished(None).unwrap().remove(0);

    let edited = format!("{REFUND}\n# a comment\n");
    let err = refused(resume(&s, edited.as_bytes(), &rubric, &unfinished));
    assert!(matches!(err, ResumeError::FileChanged { .. }), "{err:?}");
    assert!(err.to_string().contains("has changed"), "{err}");

    let mut wrong = unfinished.clone();
    wrong.decisions[0].record.step = "lookup".into();
    let err = refused(resume(&s, REFUND.as_bytes(), &rubric, &wrong));
    assert!(
        matches!(err, ResumeError::Diverged { decision: 1, .. }),
        "{err:?}"
    );

    let mut other = unfinished.clone();
    other.scenario = "something-else".into();
    let err = refused(resume(&s, REFUND.as_bytes(), &rubric, &other));
    assert!(matches!(err, ResumeError::OtherScenario { .. }), "{err:?}");
}

#[test]
fn history_has_best_results_trends_and_the_weakest_dimension() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    // Worst, middling, then best: every dimension improves.
    for (seed, picks) in [(1, [1, 2, 2]), (2, [1, 1, 1]), (3, [0, 0, 0])] {
        let mut o = options(seed, "Ana");
        o.shuffle = false;
        play(&mut store, &s, o, &picks);
    }
    // Ben's attempt does not show in Ana's history, nor an unfinished one's figures.
    play(&mut store, &s, options(9, "Ben"), &[0, 0, 0]);
    play(&mut store, &s, options(10, "Ana"), &[0]);

    let h = store
        .history(&HistoryFilter {
            trainee: "Ana".into(),
            since: None,
        })
        .unwrap();
    assert_eq!(h.attempts.len(), 4);
    assert!(!h.attempts[3].is_finished());
    assert_eq!(h.attempts[3].decisions, 1);
    assert_eq!(h.best.len(), 1);
    let best = &h.best[0];
    assert_eq!(best.attempts, 3);
    assert!(best.passed);
    assert_eq!(best.overall, Some(100.0));
    assert_eq!(best.attempt, h.attempts[2].id);
    let dims: Vec<&str> = h.trends.iter().map(|t| t.dimension.as_str()).collect();
    assert_eq!(dims, ["listening", "non_defensive", "courtesy"]);
    for t in &h.trends {
        assert_eq!(t.values.len(), 3);
        assert_eq!(t.direction, history::Direction::Improving, "{t:?}");
        assert_eq!(t.values[2], 100.0);
    }
    // The weakest is the one with the lowest recent mean.
    let lowest = h
        .trends
        .iter()
        .min_by(|a, b| a.recent.total_cmp(&b.recent))
        .unwrap();
    assert_eq!(h.weakest.as_deref(), Some(lowest.dimension.as_str()));
}

#[test]
fn history_built_from_rows_handles_ties_and_too_few() {
    use history::{AttemptRow, Direction};
    let row = |overall: f64, passed: bool, listening: Option<f64>| AttemptRow {
        id: AttemptId::random(),
        started_at: "2026-11-01T09:00:00.000Z".into(),
        finished_at: Some("2026-11-01T09:05:00.000Z".into()),
        scenario: "s".into(),
        scenario_title: "S".into(),
        mode: "coach".into(),
        outcome: Some(Outcome::Resolved),
        passed: Some(passed),
        overall: Some(overall),
        dimensions: vec![
            ("listening".into(), listening),
            ("courtesy".into(), Some(overall)),
        ],
        decisions: 3,
        version: "sha256:0".into(),
        changed: None,
        critical: Vec::new(),
    };
    // A pass at 70 beats a fail at 90 (a lost customer can score high and fail).
    let h = History::build(
        "Ana",
        vec![row(90.0, false, Some(40.0)), row(70.0, true, None)],
    );
    assert!(h.best[0].passed);
    assert_eq!(h.best[0].overall, Some(70.0));
    let listening = &h.trends[0];
    assert_eq!(listening.values, [40.0]);
    assert_eq!(listening.direction, Direction::TooFew);
    assert_eq!(h.weakest.as_deref(), Some("listening"));
    // Three falling values decline.
    let h = History::build(
        "Ana",
        vec![
            row(90.0, true, Some(90.0)),
            row(80.0, true, Some(60.0)),
            row(70.0, true, Some(30.0)),
        ],
    );
    assert_eq!(h.trends[0].direction, Direction::Declining);
    assert!((h.trends[0].slope.unwrap() + 30.0).abs() < 1e-9);
    assert!((h.trends[0].mean - 60.0).abs() < 1e-9);
}

#[test]
fn the_next_scenario_practises_the_weakest_dimension_and_skips_passed_ones() {
    let rubric = Rubric::builtin();
    let library = crate::domain::library::Library::builtin(&rubric);
    let all: Vec<&Scenario> = library.scenarios().collect();
    assert!(all.len() >= 2);
    let first = history::next_practice(all.iter().copied(), &rubric, "listening", &BTreeSet::new())
        .expect("the library practises listening");
    // Check it really is the one whose best path earns most on listening.
    let earned = |s: &Scenario| {
        let dims = crate::domain::scoring::Dimensions::for_scenario(&rubric, s);
        let graph = crate::domain::graph::Graph::new(s);
        let path = crate::domain::best_path::best_path(&graph, &dims).unwrap();
        let i = dims.ids.iter().position(|d| d == "listening").unwrap();
        path.tally.gained[i]
    };
    let most = all.iter().map(|s| earned(s)).max().unwrap();
    assert_eq!(first.points, most);
    let chosen = all.iter().find(|s| s.id() == first.scenario).unwrap();
    assert_eq!(earned(chosen), most);
    // Once passed, another is suggested.
    let passed: BTreeSet<String> = [first.scenario.clone()].into();
    let second =
        history::next_practice(all.iter().copied(), &rubric, "listening", &passed).unwrap();
    assert_ne!(second.scenario, first.scenario);
    assert!(second.points <= first.points);
    // A dimension no scenario scores has no suggestion.
    assert!(
        history::next_practice(all.iter().copied(), &rubric, "juggling", &BTreeSet::new())
            .is_none()
    );
}

#[test]
fn the_report_counts_pass_rates_averages_and_the_class_debrief() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let no_shuffle = |seed, t: &str| {
        let mut o = options(seed, t);
        o.shuffle = false;
        o
    };
    // Ana passes (best answers), Ben fails twice, Cy is unfinished after one answer.
    play(&mut store, &s, no_shuffle(1, "Ana"), &[0, 0, 0]);
    play(&mut store, &s, no_shuffle(2, "Ben"), &[1, 1, 1]);
    play(&mut store, &s, no_shuffle(3, "Ben"), &[1, 1, 2]);
    play(&mut store, &s, no_shuffle(4, "Cy"), &[1]);

    let report = store.report(&ReportFilter::default()).unwrap();
    assert_eq!(report.attempts, 3);
    assert_eq!(report.unfinished, 1);
    assert_eq!(
        report.dimensions,
        ["listening", "non_defensive", "courtesy"]
    );
    let keys: Vec<&str> = report.by_trainee.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["Ana", "Ben"]);
    let ana = &report.by_trainee[0];
    assert_eq!((ana.attempts, ana.passed, ana.pass_rate), (1, 1, 100.0));
    assert_eq!(ana.overall, Some(100.0));
    let ben = &report.by_trainee[1];
    assert_eq!((ben.attempts, ben.passed, ben.pass_rate), (2, 0, 0.0));
    let all = store
        .for_each_attempt(&AttemptFilter::default(), |_| Ok(()))
        .map(|_| ());
    assert!(all.is_ok());
    // Ben's averages are the means of his two results.
    let mut bens = Vec::new();
    store
        .for_each_attempt(
            &AttemptFilter {
                trainee: Some("Ben".into()),
                ..Default::default()
            },
            |a| {
                bens.push(a.result.unwrap());
                Ok(())
            },
        )
        .unwrap();
    let mean = (bens[0].overall.unwrap() + bens[1].overall.unwrap()) / 2.0;
    assert!((ben.overall.unwrap() - mean).abs() < 1e-9);
    let l = |f: &attempts::Finish| f.dimensions[0].1.unwrap();
    assert!((ben.dimensions[0].1.unwrap() - (l(&bens[0]) + l(&bens[1])) / 2.0).abs() < 1e-9);
    assert_eq!(report.by_scenario.len(), 1);
    let sc = &report.by_scenario[0];
    assert_eq!(sc.key, "engine-refund");
    assert_eq!(sc.title.as_deref(), Some("A kettle comes back"));
    assert_eq!((sc.attempts, sc.passed), (3, 1));
    assert!((sc.pass_rate - 100.0 / 3.0).abs() < 1e-9);
    assert!(report.debrief.is_none());

    // The class debrief for the scenario: every answer, finished or not.
    let filter = ReportFilter {
        scenario: Some("engine-refund".into()),
        ..Default::default()
    };
    let mut report = store.report(&filter).unwrap();
    let debrief = report.debrief.as_mut().unwrap();
    assert_eq!(debrief.attempts, 4);
    let opening = &debrief.steps[0];
    assert_eq!(opening.step, "opening");
    assert_eq!(opening.answers, 4);
    let counts: Vec<(usize, u64)> = opening
        .choices
        .iter()
        .map(|c| (c.choice, c.count))
        .collect();
    assert_eq!(counts, [(0, 1), (1, 3)]);
    // Choice 0 moves -30 by +20; choice 1 by -10.
    assert_eq!(opening.choices[0].mood_after, Some(-10.0));
    assert_eq!(opening.choices[1].mood_after, Some(-40.0));
    assert!((opening.choices[1].share - 75.0).abs() < 1e-9);

    debrief.label(&s, REFUND.as_bytes(), &Rubric::builtin());
    let ids: Vec<&str> = debrief.steps.iter().map(|t| t.step.as_str()).collect();
    assert_eq!(ids, ["opening", "details", "lookup"]);
    let opening = &debrief.steps[0];
    assert_eq!(opening.choices.len(), 3);
    assert_eq!(opening.choices[2].count, 0);
    assert_eq!(opening.choices[2].mood_after, None);
    assert_eq!(opening.choices[2].text, "Kettles break. Not much I can do.");
    assert_eq!(
        opening.choices[0].text,
        "Hello, I'm [trainee]. I'm sorry it stopped so soon. What happened?"
    );
    let lookup = &debrief.steps[2];
    assert_eq!(lookup.answers, 3);
    let counts: Vec<u64> = lookup.choices.iter().map(|c| c.count).collect();
    assert_eq!(counts, [1, 1, 1]);

    // Filters narrow: Ben since a time after everything is empty.
    let report = store
        .report(&ReportFilter {
            trainee: Some("Ben".into()),
            since: Some("2999-01-01T00:00:00.000Z".into()),
            scenario: None,
            class: None,
        })
        .unwrap();
    assert_eq!(report.attempts, 0);
    assert!(report.by_trainee.is_empty());
}

#[test]
fn export_then_import_restores_attempts_and_is_idempotent() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    play(&mut store, &s, options(1, "Ana"), &[0, 0, 0]);
    play(&mut store, &s, options(u64::MAX, "Ben"), &[1]);
    let mut lines = Vec::new();
    let mut originals = Vec::new();
    store
        .for_each_attempt(&AttemptFilter::default(), |a| {
            lines.push(export::jsonl_line(&a));
            originals.push(a);
            Ok(())
        })
        .unwrap();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| !l.contains('\n')));

    let (_dir2, path2) = temp();
    let mut other = Store::open(&path2).unwrap();
    let input = format!(
        "{}\nnot json at all\n\n{{\"id\": \"x\"}}\n{}\n",
        lines[0], lines[1]
    );
    let summary = other.import_jsonl(input.as_bytes()).unwrap();
    assert_eq!(summary.imported, 2);
    assert_eq!(summary.already_present, 0);
    let refused: Vec<usize> = summary.refused.iter().map(|(n, _)| *n).collect();
    assert_eq!(refused, [2, 4]);
    for a in &originals {
        let mut back = other.attempt(a.id).unwrap();
        back.sent_at = a.sent_at.clone();
        assert_eq!(&back, a);
    }
    // The unfinished one can still be resumed from the copy.
    assert_eq!(other.unfinished(Some("Ben")).unwrap()[0].seed, u64::MAX);
    // Again: nothing changes.
    let again = other.import_jsonl(input.as_bytes()).unwrap();
    assert_eq!((again.imported, again.already_present), (0, 2));
}

#[test]
fn a_bad_attempt_line_is_refused_whole() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let (id, _) = play(&mut store, &s, options(1, "Ana"), &[0, 0, 0]);
    let mut value: serde_json::Value =
        serde_json::from_str(&export::jsonl_line(&store.attempt(id).unwrap())).unwrap();
    value["id"] = serde_json::json!(AttemptId::random().to_string());
    value["result"]["overall"] = serde_json::json!(250.0);
    let summary = store.import_jsonl(value.to_string().as_bytes()).unwrap();
    assert_eq!(summary.imported, 0);
    assert!(
        summary.refused[0].1.contains("overall"),
        "{:?}",
        summary.refused
    );
    value["result"]["overall"] = serde_json::json!(50.0);
    value["started_at"] = serde_json::json!("last tuesday");
    let summary = store.import_jsonl(value.to_string().as_bytes()).unwrap();
    assert!(
        summary.refused[0].1.contains("started_at"),
        "{:?}",
        summary.refused
    );
    let count = store.trainees().unwrap();
    assert_eq!(count, ["Ana"]);
}

#[test]
fn csv_rows_have_a_cell_per_column() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    play(&mut store, &s, options(1, "Ana, the second"), &[0, 0, 0]);
    let dims = store.dimension_ids().unwrap();
    assert_eq!(dims, ["listening", "non_defensive", "courtesy"]);
    let header = export::csv_header(&dims);
    assert_eq!(header.split(',').count(), export::CSV_COLUMNS.len() + 3);
    let mut rows = Vec::new();
    store
        .for_each_attempt(&AttemptFilter::default(), |a| {
            rows.push(export::csv_attempt(&a, &dims));
            Ok(())
        })
        .unwrap();
    assert!(rows[0].contains("\"Ana, the second\""), "{}", rows[0]);
    // Mood -30, +20, +15, +20: 25.
    assert!(
        rows[0].ends_with(",resolved,resolved,true,100,25,3,100,100,100"),
        "{}",
        rows[0]
    );
}

#[test]
fn sent_attempts_are_left_out_of_the_unsent() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let (a, _) = play(&mut store, &s, options(1, "Ana"), &[0, 0, 0]);
    let (b, _) = play(&mut store, &s, options(2, "Ana"), &[0, 0, 0]);
    play(&mut store, &s, options(3, "Ana"), &[0]);
    store.mark_sent(&[a], &time::now()).unwrap();
    let mut unsent = Vec::new();
    store
        .for_each_attempt(
            &AttemptFilter {
                unsent_only: true,
                ..Default::default()
            },
            |x| {
                unsent.push(x.id);
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(unsent, [b]);
}

#[test]
fn xapi_answered_statements_group_under_the_attempt_and_the_class() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario(REFUND);
    let (id, result) = play(&mut store, &s, options(3, "Ana"), &[0, 1, 0]);
    assert!(result.is_some());
    let mut attempt = store.attempt(id).unwrap();
    attempt.class = Some("monday-am".into());
    let rubric = Rubric::builtin();
    let mut versions = xapi::Versions::new(&rubric);
    versions.add(&s, REFUND.as_bytes());
    let statements = xapi::statements(&attempt, xapi::DEFAULT_HOMEPAGE, &versions);
    assert_eq!(statements.len(), 5);
    for st in &statements {
        assert_eq!(st["context"]["registration"], id.to_string());
        assert_eq!(
            st["context"]["contextActivities"]["grouping"][0]["id"],
            "urn:frontline:class:monday-am"
        );
    }
    let answered = &statements[..3];
    for (i, st) in answered.iter().enumerate() {
        assert_eq!(st["verb"]["id"], xapi::VERB_ANSWERED);
        assert_eq!(
            st["context"]["contextActivities"]["parent"][0]["id"],
            "urn:frontline:scenario:engine-refund"
        );
        let picked = attempt.decisions[i].record.choice;
        assert_eq!(st["result"]["response"], xapi::choice_id(picked));
    }
    // The second answer (choice 2 of `details`) is not the best there; the others are.
    let success: Vec<&serde_json::Value> =
        answered.iter().map(|s| &s["result"]["success"]).collect();
    assert_eq!(success, [true, false, true]);
    assert_eq!(
        answered[1]["object"]["definition"]["correctResponsesPattern"],
        serde_json::json!(["choice-1"])
    );

    // Outside a class there is no grouping; with the file edited since, no decision is
    // described from the edited file.
    attempt.class = None;
    let edited = REFUND.replace("No receipt, no refund.", "No receipt? No refund.");
    let other = scenario(&edited);
    let mut versions = xapi::Versions::new(&rubric);
    versions.add(&other, edited.as_bytes());
    let statements = xapi::statements(&attempt, xapi::DEFAULT_HOMEPAGE, &versions);
    assert_eq!(statements.len(), 5);
    for st in &statements {
        assert!(st["context"]["contextActivities"]["grouping"].is_null());
    }
    for st in &statements[..3] {
        let definition = &st["object"]["definition"];
        assert!(definition["choices"].is_null(), "{definition}");
        assert!(st["result"]["success"].is_null());
        assert!(st["result"]["response"].is_string());
    }
}
