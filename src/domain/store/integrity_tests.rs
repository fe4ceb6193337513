//! What the store guarantees when things go wrong: decisions in their places (never
//! shifted into a gap), one writer per attempt, damaged attempts kept as they are, foreign
//! files refused untouched, read-only stores readable; and what version 3 added for the
//! classroom and the trainee (classes, settings).

use super::attempts::AttemptFilter;
use super::*;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Scenario, check, load};
use crate::domain::session::{DecisionRecord, Mode, Run, RunOptions};
use rusqlite::params;

const REFUND: &str = include_str!("../../../tests/fixtures/engine/engine-refund.toml");

fn scenario() -> Scenario {
    let scenario = load::parse(REFUND).unwrap_or_else(|f| panic!("{f:?}"));
    assert!(check::check(&scenario, REFUND, &Rubric::builtin()).is_empty());
    scenario
}

fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(location::FILE_NAME);
    (dir, path)
}

fn options(trainee: &str) -> RunOptions {
    RunOptions {
        seed: 5,
        shuffle: false,
        trainee: trainee.into(),
        mode: Mode::Coach,
    }
}

/// The three decisions of a whole run of the refund scenario (first choice each time),
/// the run's result, and the attempt's start.
fn whole_run(s: &Scenario) -> (AttemptStart, Vec<DecisionRecord>, RunResult) {
    let rubric = Rubric::builtin();
    let mut run = Run::start(s, &rubric, options("Ana"));
    let start = AttemptStart::for_run(&run, REFUND.as_bytes(), None);
    let mut decisions = Vec::new();
    while run.turn().is_some() {
        decisions.push(DecisionRecord::from(&run.choose(1).unwrap()));
    }
    let result = run.result().unwrap();
    (start, decisions, result)
}

use crate::domain::session::RunResult;

#[test]
fn a_decision_after_a_gap_is_refused_and_never_shifted_into_it() {
    let (_dir, path) = temp();
    let s = scenario();
    let (start, decisions, result) = whole_run(&s);
    assert_eq!(decisions.len(), 3);
    let mut store = Store::open(&path).unwrap();
    let id = store.begin_attempt(&start).unwrap();
    store.record_decision(id, 0, &decisions[0], 10).unwrap();
    // Decision 2 failed to record; decision 3 must not take its place.
    let err = store.record_decision(id, 2, &decisions[2], 10).unwrap_err();
    assert!(matches!(err, StoreError::OutOfOrder { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("decision 3 came before decision 2")
    );
    assert_eq!(store.attempt(id).unwrap().decisions.len(), 1);
    // The same decision again in its place is a harmless retry; another one is refused.
    store.record_decision(id, 0, &decisions[0], 10).unwrap();
    let err = store.record_decision(id, 0, &decisions[1], 10).unwrap_err();
    assert!(matches!(err, StoreError::OutOfOrder { .. }), "{err:?}");
    // Written in order, with the result filling in what is missing in its place.
    store.record_decision(id, 1, &decisions[1], 20).unwrap();
    store.finish_attempt(id, &result).unwrap();
    let stored = store.attempt(id).unwrap();
    assert_eq!(stored.run_result().unwrap(), result);
    let times: Vec<_> = stored.decisions.iter().map(|d| d.response_ms).collect();
    assert_eq!(times, [Some(10), Some(20), None]);
}

#[test]
fn a_finish_that_does_not_match_the_record_marks_the_attempt_damaged_and_changes_nothing() {
    let (_dir, path) = temp();
    let s = scenario();
    let (start, decisions, _) = whole_run(&s);
    // Another run of the same scenario, answered differently.
    let rubric = Rubric::builtin();
    let mut other = Run::start(&s, &rubric, options("Ana"));
    while other.turn().is_some() {
        other.choose(2).unwrap();
    }
    let other = other.result().unwrap();
    let mut store = Store::open(&path).unwrap();
    let id = store.begin_attempt(&start).unwrap();
    store.record_decision(id, 0, &decisions[0], 10).unwrap();
    let before = store.attempt(id).unwrap();
    let err = store.finish_attempt(id, &other).unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    let after = store.attempt(id).unwrap();
    assert_eq!(after.decisions, before.decisions, "never rewritten");
    assert!(after.result.is_none());
    assert!(after.damaged.as_deref().unwrap().contains("decision 1"));
    // A damaged attempt is not offered for resume and takes nothing more.
    assert!(store.unfinished(None).unwrap().is_empty());
    let err = store.record_decision(id, 1, &decisions[1], 10).unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert!(
        err.to_string().contains("start the scenario again"),
        "{err}"
    );
}

#[test]
fn a_store_locked_across_two_answers_keeps_every_answer_in_its_place() {
    let (_dir, path) = temp();
    let s = scenario();
    let (start, decisions, result) = whole_run(&s);
    let mut store = Store::open(&path).unwrap();
    store.set_busy_timeout(std::time::Duration::from_millis(50));
    let id = store.begin_attempt(&start).unwrap();
    // Another program holds the file locked while answers 1 and 2 are given.
    let mut locker = rusqlite::Connection::open(&path).unwrap();
    let lock = locker
        .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
        .unwrap();
    lock.execute("UPDATE setting SET value = value", [])
        .unwrap();
    for (seq, d) in decisions.iter().enumerate().take(2) {
        let err = store.record_decision(id, seq, d, 10).unwrap_err();
        assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    }
    lock.commit().unwrap();
    // Answer 3 cannot jump ahead of them.
    assert!(store.record_decision(id, 2, &decisions[2], 10).is_err());
    // The writer retries in order, and the store holds the run as it was played.
    for (seq, d) in decisions.iter().enumerate() {
        store.record_decision(id, seq, d, 10).unwrap();
    }
    store.finish_attempt(id, &result).unwrap();
    assert_eq!(store.attempt(id).unwrap().run_result().unwrap(), result);
}

#[test]
fn one_attempt_has_one_writer_at_a_time() {
    let (_dir, path) = temp();
    let s = scenario();
    let (start, decisions, _) = whole_run(&s);
    let mut first = Store::open(&path).unwrap();
    let id = first.begin_attempt(&start).unwrap();
    first.record_decision(id, 0, &decisions[0], 10).unwrap();
    // A second writer (another --resume of the same attempt) is refused while the first
    // one runs, whatever it tries.
    let mut second = Store::open(&path).unwrap();
    let err = second.claim_attempt(id).unwrap_err();
    let StoreError::Claimed { pid, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(*pid, i64::from(std::process::id()));
    assert!(err.to_string().contains("one run at a time"), "{err}");
    let err = second
        .record_decision(id, 1, &decisions[1], 10)
        .unwrap_err();
    assert!(matches!(err, StoreError::Claimed { .. }), "{err:?}");
    // Once the first lets go (it quits), the second takes over.
    first.release_attempt(id).unwrap();
    second.claim_attempt(id).unwrap();
    second.record_decision(id, 1, &decisions[1], 10).unwrap();
    assert!(matches!(
        first.record_decision(id, 2, &decisions[2], 10),
        Err(StoreError::Claimed { .. })
    ));
    // Closing the store lets go too.
    drop(second);
    first.claim_attempt(id).unwrap();
    assert_eq!(first.attempt(id).unwrap().decisions.len(), 2);
}

/// Practice answers are writes to the attempt too: refused while another process records
/// into it, and they leave no claim behind (they may come after the attempt finished).
#[test]
fn practice_answers_respect_the_one_writer_and_take_no_claim() {
    let (_dir, path) = temp();
    let s = scenario();
    let (start, decisions, result) = whole_run(&s);
    let mut first = Store::open(&path).unwrap();
    let id = first.begin_attempt(&start).unwrap();
    first.record_decision(id, 0, &decisions[0], 10).unwrap();
    let mut second = Store::open(&path).unwrap();
    let err = second
        .record_practice(id, 0, &decisions[0], 10)
        .unwrap_err();
    assert!(matches!(err, StoreError::Claimed { .. }), "{err:?}");
    first.record_practice(id, 0, &decisions[0], 10).unwrap();
    for (i, d) in decisions.iter().enumerate().skip(1) {
        first.record_decision(id, i, d, 10).unwrap();
    }
    first.finish_attempt(id, &result).unwrap();
    // Finished, the claim is gone: practice of the last decision from anyone is kept and
    // claims nothing.
    second.record_practice(id, 2, &decisions[2], 10).unwrap();
    let claims: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM claim", [], |r| r.get(0))
        .unwrap();
    assert_eq!(claims, 0);
    assert_eq!(first.attempt(id).unwrap().practice.len(), 2);
}

#[test]
fn a_claim_left_by_a_dead_process_is_taken_over() {
    let (_dir, path) = temp();
    let s = scenario();
    let (start, decisions, _) = whole_run(&s);
    let id = {
        let mut store = Store::open(&path).unwrap();
        store.begin_attempt(&start).unwrap()
    };
    let conn = rusqlite::Connection::open(&path).unwrap();
    let host = claims::Owner::me().host;
    // Killed: its claim stays, with the pid of a process that no longer runs...
    conn.execute(
        "INSERT INTO claim (attempt, token, pid, host, process_start, claimed_at, seen_at) VALUES (1, 'gone', ?1, ?2, NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        params![i64::from(i32::MAX), host],
    )
    .unwrap();
    let mut store = Store::open(&path).unwrap();
    if cfg!(target_os = "linux") {
        store.claim_attempt(id).unwrap();
        store.record_decision(id, 0, &decisions[0], 10).unwrap();
    }
    drop(store);
    // ...or on another host, silent for longer than a claim lasts there.
    conn.execute(
        "INSERT OR REPLACE INTO claim (attempt, token, pid, host, process_start, claimed_at, seen_at) VALUES (1, 'far', 1, 'another-host', NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        [],
    )
    .unwrap();
    let mut store = Store::open(&path).unwrap();
    store.claim_attempt(id).unwrap();
    // A live claim from another host is respected.
    drop(store);
    conn.execute(
        "INSERT OR REPLACE INTO claim (attempt, token, pid, host, process_start, claimed_at, seen_at) VALUES (1, 'near', 1, 'another-host', NULL, ?1, ?1)",
        [time::now()],
    )
    .unwrap();
    let mut store = Store::open(&path).unwrap();
    let err = store.claim_attempt(id).unwrap_err();
    assert!(
        err.to_string().contains("process 1 on another-host"),
        "{err}"
    );
}

#[test]
fn a_frontline_mark_on_another_programs_tables_is_refused_untouched_in_two_lines() {
    let (_dir, path) = temp();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA application_id = {}; CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
            schema::APPLICATION_ID
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was changed"
    );
    let wal = path.with_file_name(format!("{}-wal", location::FILE_NAME));
    assert!(!wal.exists(), "switched to WAL before the check");
    let message = err.to_string();
    assert!(message.contains("`recipes`"), "{message}");
    assert!(message.lines().count() <= 2, "{message}");
    assert!(!message.contains("CREATE"), "{message}");

    // A store of ours with a table added beside its own, likewise.
    std::fs::remove_file(&path).unwrap();
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (text TEXT);")
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("`notes`"), "{err}");
}

#[test]
fn one_table_is_one_table() {
    let (_dir, path) = temp();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT);")
            .unwrap();
    }
    let message = Store::open(&path).unwrap_err().to_string();
    assert!(
        message.contains("holds 1 table or index of its own"),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn a_store_in_a_read_only_folder_can_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp();
    let s = scenario();
    let (start, decisions, result) = whole_run(&s);
    {
        let mut store = Store::open(&path).unwrap();
        let id = store.begin_attempt(&start).unwrap();
        for (seq, d) in decisions.iter().enumerate() {
            store.record_decision(id, seq, d, 10).unwrap();
        }
        store.finish_attempt(id, &result).unwrap();
    }
    let folder = dir.path();
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let writable = std::fs::write(folder.join("probe"), b"x").is_ok();
    let read = Store::open_read_only(&path).map(|store| {
        assert!(store.is_read_only());
        store.attempts(&AttemptFilter::default()).unwrap()
    });
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    if writable {
        return; // running as root: the folder cannot be made read-only
    }
    let all = read.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].run_result().unwrap(), result);
}

#[test]
fn attempts_carry_a_class_and_are_listed_by_class() {
    let (_dir, path) = temp();
    let s = scenario();
    let (start, _, _) = whole_run(&s);
    let mut store = Store::open(&path).unwrap();
    let a = store
        .begin_attempt(&start.clone().in_class(Some("monday-am".into())))
        .unwrap();
    let b = store
        .begin_attempt(&start.clone().in_class(Some("monday-am".into())))
        .unwrap();
    store
        .begin_attempt(&start.clone().in_class(Some("tuesday".into())))
        .unwrap();
    store.begin_attempt(&start).unwrap();
    let monday = store
        .attempts(&AttemptFilter {
            class: Some("monday-am".into()),
            ..AttemptFilter::default()
        })
        .unwrap();
    let ids: Vec<_> = monday.iter().map(|x| x.id).collect();
    assert_eq!(ids, [a, b]);
    assert!(
        monday
            .iter()
            .all(|x| x.class.as_deref() == Some("monday-am"))
    );
    let classes = store.classes().unwrap();
    let names: Vec<_> = classes.iter().map(|c| c.class.as_str()).collect();
    assert_eq!(names, ["monday-am", "tuesday"]);
    assert_eq!(classes[0].attempts, 2);
    assert_eq!(classes[0].trainees, 1);
    assert_eq!(classes[0].finished, 0);
    // The class goes out with the attempt and comes back in.
    let line = export::jsonl_line(&monday[0]);
    assert!(line.contains(r#""class":"monday-am""#), "{line}");
    let (_dir2, other) = temp();
    let mut other = Store::open(&other).unwrap();
    other.import_jsonl(format!("{line}\n").as_bytes()).unwrap();
    assert_eq!(
        other.attempt(a).unwrap().class.as_deref(),
        Some("monday-am")
    );
}

#[test]
fn the_last_trainee_is_remembered_between_runs() {
    let (_dir, path) = temp();
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.last_trainee().unwrap(), None);
    }
    {
        let mut store = Store::open(&path).unwrap();
        store.set_last_trainee("  Dana ").unwrap();
        store.set_last_trainee("").unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.last_trainee().unwrap().as_deref(), Some("Dana"));
    store.set_last_trainee("Sam").unwrap();
    assert_eq!(store.last_trainee().unwrap().as_deref(), Some("Sam"));
    let long = "é".repeat(500);
    store.set_last_trainee(&long).unwrap();
    let kept = store.last_trainee().unwrap().unwrap();
    assert!(kept.len() <= settings::NAME_LIMIT && kept.chars().all(|c| c == 'é'));
}

#[test]
fn a_report_narrows_to_a_class() {
    let (_dir, path) = temp();
    let s = scenario();
    let (start, decisions, result) = whole_run(&s);
    let mut store = Store::open(&path).unwrap();
    for class in [Some("monday"), Some("monday"), None] {
        let id = store
            .begin_attempt(&start.clone().in_class(class.map(str::to_owned)))
            .unwrap();
        for (seq, d) in decisions.iter().enumerate() {
            store.record_decision(id, seq, d, 10).unwrap();
        }
        store.finish_attempt(id, &result).unwrap();
    }
    let report = store
        .report(&ReportFilter {
            class: Some("monday".into()),
            ..ReportFilter::default()
        })
        .unwrap();
    assert_eq!(report.attempts, 2);
    assert_eq!(store.report(&ReportFilter::default()).unwrap().attempts, 3);
}
