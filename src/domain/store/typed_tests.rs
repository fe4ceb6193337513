//! Typed replies in the store: kept with their points, read back, exported and imported,
//! replayed on resume with the points they were given, and the migration from version 1.

use super::attempts::AttemptFilter;
use super::resume::{ResumeError, resume};
use super::*;
use crate::domain::rubric::{Rubric, Scorer};
use crate::domain::scenario::{Scenario, load};
use crate::domain::session::{FreeAnswer, Mode, Run, RunOptions};

const PARCEL: &str = include_str!("../../../tests/fixtures/valid/parcel-mixup.toml");

/// Seed 7 draws Priya Shah. A paraphrase of the best choice at `opening` (it earns that
/// choice's marks), gibberish (matches nothing, and costs a hesitation's mood), then the
/// best choice at `found-it` in other words.
const REPLIES: [&str; 3] = [
    "I'm so sorry Priya, let me check where the driver left it. May I put you on hold for a minute?",
    "flibber jab",
    "Thank you for holding. The photo shows number 14, would you like us to collect it, or will you knock?",
];

fn scenario() -> Scenario {
    load::parse(PARCEL).unwrap_or_else(|f| panic!("{f:?}"))
}

fn options() -> RunOptions {
    RunOptions {
        seed: 7,
        shuffle: false,
        trainee: "Sam".into(),
        mode: Mode::Coach,
    }
}

fn scorer() -> Scorer {
    Scorer::new(&Rubric::builtin()).unwrap()
}

fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(location::FILE_NAME);
    (dir, path)
}

/// Answers `run` with `replies`, recording every decision in attempt `id`.
fn type_replies(store: &mut Store, id: AttemptId, run: &mut Run<'_>, replies: &[&str]) {
    let scorer = scorer();
    for reply in replies {
        if let FreeAnswer::Taken(t) = run.answer(reply, &scorer).unwrap() {
            store
                .record_decision(id, run.decisions().len() - 1, &(&t.answered).into(), 900)
                .unwrap();
        }
    }
}

fn begin_typed(store: &mut Store, run: &Run<'_>) -> AttemptId {
    store
        .begin_attempt(&AttemptStart::for_run(run, PARCEL.as_bytes(), None).typed(true))
        .unwrap()
}

#[test]
fn a_typed_decision_keeps_its_reply_and_clamped_points() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario();
    let rubric = Rubric::builtin();
    let mut run = Run::start(&s, &rubric, options());
    let id = begin_typed(&mut store, &run);
    type_replies(&mut store, id, &mut run, &REPLIES[..1]);
    // A chosen decision in the same attempt keeps no reply.
    let chosen = run.choose(2).unwrap();
    store.record_decision(id, 1, &(&chosen).into(), 5).unwrap();

    let stored = store.attempt(id).unwrap();
    assert!(stored.free_text);
    assert_eq!(stored.decisions.len(), 2);
    let typed = stored.decisions[0].record.typed.as_ref().expect("typed");
    assert_eq!(typed.reply, REPLIES[0]);
    assert_eq!(
        typed.points,
        [
            ("listening".to_owned(), 1),
            ("non_defensive".to_owned(), 2),
            ("courtesy".to_owned(), 2)
        ]
    );
    assert_eq!(stored.decisions[0].record, (&run.decisions()[0]).into());
    assert!(stored.decisions[1].record.typed.is_none());
    assert_eq!(stored.decisions[1].record, (&run.decisions()[1]).into());
    let unfinished = store.unfinished(None).unwrap().remove(0);
    assert!(unfinished.free_text);
}

#[test]
fn a_resumed_typed_run_has_the_marks_mood_transcript_and_result_it_had() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario();
    let rubric = Rubric::builtin();
    // Uninterrupted, for comparison.
    let mut whole = Run::start(&s, &rubric, options());
    let scorer = scorer();
    for reply in REPLIES {
        whole.answer(reply, &scorer).unwrap();
    }
    let expected = whole.result().expect("the replies finish the run");

    // Interrupted after the first reply (a SayMore is not a decision: the resumed
    // transcript lacks it, and is otherwise the same).
    let mut first = Run::start(&s, &rubric, options());
    let id = begin_typed(&mut store, &first);
    type_replies(&mut store, id, &mut first, &REPLIES[..1]);
    let unfinished = store.unfinished(Some("Sam")).unwrap().remove(0);
    let mut resumed = resume(&s, PARCEL.as_bytes(), &rubric, &unfinished).unwrap();
    assert_eq!(resumed.decisions(), first.decisions());
    assert_eq!(resumed.transcript(), first.transcript());
    assert_eq!(resumed.mood(), first.mood());
    assert_eq!(resumed.percents(), first.percents());
    assert_eq!(resumed.turn(), first.turn());
    // The typed points: the best choice's own marks, which the paraphrase earns.
    assert_eq!(resumed.decisions()[0].marks[0].mark.earned, 1);

    type_replies(&mut store, id, &mut resumed, &REPLIES[1..]);
    let result = resumed.result().unwrap();
    assert_eq!(result, expected);
    store.finish_attempt(id, &result).unwrap();
    assert_eq!(store.attempt(id).unwrap().run_result().unwrap(), expected);
}

#[test]
fn a_typed_resume_refuses_a_changed_file_or_other_points() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario();
    let rubric = Rubric::builtin();
    let mut run = Run::start(&s, &rubric, options());
    let id = begin_typed(&mut store, &run);
    type_replies(&mut store, id, &mut run, &REPLIES[..1]);
    let unfinished = store.unfinished(None).unwrap().remove(0);

    let edited = format!("{PARCEL}\n# a comment\n");
    match resume(&s, edited.as_bytes(), &rubric, &unfinished) {
        Err(ResumeError::FileChanged { .. }) => {}
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("a changed file was resumed"),
    }

    // Points the marks do not show (edited by hand) are not taken on trust.
    let mut wrong = unfinished.clone();
    wrong.decisions[0].record.typed.as_mut().unwrap().points[0].1 = 0;
    match resume(&s, PARCEL.as_bytes(), &rubric, &wrong) {
        Err(ResumeError::Diverged { decision: 1, .. }) => {}
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("a diverging replay was resumed"),
    }
}

#[test]
fn typed_attempts_round_trip_through_jsonl_and_import_is_idempotent() {
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario();
    let rubric = Rubric::builtin();
    let mut run = Run::start(&s, &rubric, options());
    let id = begin_typed(&mut store, &run);
    type_replies(&mut store, id, &mut run, &REPLIES);
    store.finish_attempt(id, &run.result().unwrap()).unwrap();
    let original = store.attempt(id).unwrap();
    let line = export::jsonl_line(&original);
    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(value["free_text"], true);
    assert_eq!(value["decisions"][0]["typed"]["reply"], REPLIES[0]);
    assert_eq!(
        value["decisions"][0]["typed"]["points"],
        serde_json::json!({"listening": 1, "non_defensive": 2, "courtesy": 2})
    );

    // The xAPI statements say it was typed; a chosen run's say nothing of it.
    let rubric = Rubric::builtin();
    let no_versions = xapi::Versions::new(&rubric);
    for statement in xapi::statements(&original, xapi::DEFAULT_HOMEPAGE, &no_versions) {
        assert_eq!(
            statement["context"]["extensions"]["urn:frontline:free-text"],
            true
        );
    }
    let mut chosen = original.clone();
    chosen.free_text = false;
    let statements = xapi::statements(&chosen, xapi::DEFAULT_HOMEPAGE, &no_versions);
    assert!(statements[0]["context"]["extensions"]["urn:frontline:free-text"].is_null());

    let (_dir2, path2) = temp();
    let mut other = Store::open(&path2).unwrap();
    let summary = other.import_jsonl(format!("{line}\n").as_bytes()).unwrap();
    assert_eq!(summary.imported, 1);
    let mut back = other.attempt(id).unwrap();
    back.sent_at = original.sent_at.clone();
    assert_eq!(back, original);
    let again = other.import_jsonl(format!("{line}\n").as_bytes()).unwrap();
    assert_eq!((again.imported, again.already_present), (0, 1));

    // A line from before typed replies were kept imports as a chosen-reply attempt.
    let mut old = value.clone();
    old["id"] = serde_json::json!(AttemptId::random().to_string());
    old.as_object_mut().unwrap().remove("free_text");
    for d in old["decisions"].as_array_mut().unwrap() {
        d.as_object_mut().unwrap().remove("typed");
    }
    let summary = other.import_jsonl(format!("{old}\n").as_bytes()).unwrap();
    assert_eq!(summary.imported, 1, "{:?}", summary.refused);
}

/// Version 1 of the schema, as the program before typed replies were kept made it.
fn version_1_store(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
        .unwrap();
}

#[test]
fn a_version_1_store_migrates_in_place_keeping_its_attempts() {
    let (_dir, path) = temp();
    version_1_store(&path);
    let s = scenario();
    let rubric = Rubric::builtin();
    let mut run = Run::start(&s, &rubric, options());
    run.choose(1).unwrap();
    let chosen = crate::domain::session::DecisionRecord::from(&run.decisions()[0]);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO attempt (uuid, trainee, scenario, scenario_title, scenario_hash, seed, shuffle, mode, customer, started_at) VALUES ('0b6f3d2c-8f4e-4c1a-9d2b-3e5f6a7b8c9d', 'Sam', 'parcel-mixup', 'Parcel', ?1, 7, 0, 'coach', 'Priya Shah', '2026-11-01T09:00:00.000Z')",
            [hash::scenario_hash(PARCEL.as_bytes())],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO decision (attempt, seq, step, choice, number, said, marks, mood_before, mood_after, hesitated, escalated, tactics, response_ms) VALUES (1, 0, 'opening', 0, 1, ?1, ?2, ?3, ?4, 0, 0, ?5, 1500)",
            rusqlite::params![
                chosen.said,
                r#"{"listening":{"earned":1,"best":1,"worst":-2},"non_defensive":{"earned":2,"best":2,"worst":-3},"courtesy":{"earned":2,"best":2,"worst":-2}}"#,
                chosen.mood_before,
                chosen.mood_after,
                serde_json::to_string(&chosen.tactics).unwrap(),
            ],
        )
        .unwrap();
    }

    let store = Store::open(&path).unwrap();
    let version: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::LATEST);
    assert_eq!(schema::LATEST, 5);
    let all = store.attempts(&AttemptFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    let a = &all[0];
    assert_eq!(a.trainee, "Sam");
    assert!(!a.free_text);
    assert!(a.result.is_none());
    assert_eq!(a.decisions.len(), 1);
    assert_eq!(a.decisions[0].record, chosen);
    assert_eq!(a.decisions[0].response_ms, Some(1500));
    // It resumes as it did, and opening again finds nothing to migrate.
    let unfinished = store.unfinished(None).unwrap().remove(0);
    let resumed = resume(&s, PARCEL.as_bytes(), &rubric, &unfinished).unwrap();
    assert_eq!(resumed.decisions(), run.decisions());
    drop(store);
    Store::open(&path).unwrap();
}

#[test]
fn a_typed_reply_from_a_version_1_store_is_replayed_with_its_marks() {
    let (_dir, path) = temp();
    let s = scenario();
    let rubric = Rubric::builtin();
    let mut run = Run::start(&s, &rubric, options());
    let FreeAnswer::Taken(t) = run.answer(REPLIES[0], &scorer()).unwrap() else {
        panic!("the reply matched nothing");
    };
    // What version 1 kept of it: the reply as `said`, the points as the marks' `earned`.
    let mut legacy = crate::domain::session::DecisionRecord::from(&t.answered);
    legacy.typed = None;
    {
        let mut store = Store::open(&path).unwrap();
        let id = store
            .begin_attempt(&AttemptStart::for_run(&run, PARCEL.as_bytes(), None))
            .unwrap();
        store.record_decision(id, 0, &legacy, 10).unwrap();
    }
    let store = Store::open(&path).unwrap();
    let unfinished = store.unfinished(None).unwrap().remove(0);
    assert!(!unfinished.free_text);
    let resumed = resume(&s, PARCEL.as_bytes(), &rubric, &unfinished).unwrap();
    assert_eq!(resumed.decisions(), run.decisions());
    assert_eq!(resumed.transcript(), run.transcript());
    assert_eq!(resumed.percents(), run.percents());
}

/// Missed replies are kept with the attempt: in their place (before the next decision,
/// never under one already made), read back in order, carried by an export and an import,
/// and counted again by a resume, whose third miss offers the numbered choices.
#[test]
fn missed_replies_are_kept_in_place_exported_and_counted_again_on_resume() {
    use crate::domain::session::Miss;
    let (_dir, path) = temp();
    let mut store = Store::open(&path).unwrap();
    let s = scenario();
    let rubric = Rubric::builtin();
    let scorer = scorer();
    let mut run = Run::start(&s, &rubric, options());
    let id = begin_typed(&mut store, &run);
    type_replies(&mut store, id, &mut run, &REPLIES[..1]);
    let step = run.turn().unwrap().step_id;
    let mood = run.mood();
    for reply in ["flibber jab", "wobble plonk"] {
        assert_eq!(run.answer(reply, &scorer).unwrap(), FreeAnswer::SayMore);
        let kind = run.last_miss().unwrap();
        store.record_miss(id, 1, &step, reply, kind).unwrap();
    }
    assert_eq!(run.misses(), 2);
    // Filed under a decision already made, or one not reached: refused.
    for place in [0, 2] {
        let e = store
            .record_miss(id, place, &step, "x", Miss::NoMatch)
            .unwrap_err();
        assert!(matches!(e, StoreError::OutOfOrder { .. }), "{e}");
    }

    let stored = store.unfinished(None).unwrap().remove(0);
    let kept: Vec<(usize, &str, Miss)> = stored
        .misses
        .iter()
        .map(|m| (m.decision, m.reply.as_str(), m.kind))
        .collect();
    assert_eq!(
        kept,
        [
            (1, "flibber jab", Miss::NoMatch),
            (1, "wobble plonk", Miss::NoMatch)
        ]
    );

    // Resumed: the same count, the same mood (the hesitation charged once), and the
    // third miss offers the choices.
    let mut resumed = resume(&s, PARCEL.as_bytes(), &rubric, &stored).unwrap();
    assert_eq!(resumed.misses(), 2);
    assert_eq!(resumed.mood(), run.mood());
    assert!(resumed.mood() < mood);
    assert_eq!(resumed.transcript(), run.transcript());
    assert!(!resumed.offers_choices());
    resumed.answer("zorp quibble", &scorer).unwrap();
    assert!(resumed.offers_choices());

    // An export carries them; an import brings them back.
    let line = export::jsonl_line(&stored);
    assert!(line.contains("\"misses\""), "{line}");
    let (_other_dir, other_path) = temp();
    let mut other = Store::open(&other_path).unwrap();
    other.import_jsonl(format!("{line}\n").as_bytes()).unwrap();
    assert_eq!(other.attempt(id).unwrap().misses, stored.misses);

    // An import's misses are range-checked like the rest.
    let mut bad = stored.clone();
    bad.misses[0].decision = 5;
    assert!(
        bad.check().unwrap_err().contains("missed reply 1"),
        "{:?}",
        bad.check()
    );
    let mut bad = stored.clone();
    bad.misses[0].reply = " ".into();
    assert!(bad.check().is_err());
    let mut bad = stored;
    bad.misses[0].step = "Not An Id".into();
    assert!(bad.check().is_err());
}

const DOUBLE_CHARGE: &str = include_str!("../../../scenarios/double-charge.toml");

/// A finished attempt keeps its critical errors (the step, the choice, the author's
/// reason): the stored result says why the run failed after a restart, and an export and
/// an import carry them.
#[test]
fn a_finished_attempt_keeps_its_critical_errors_with_their_reasons() {
    let (_dir, path) = temp();
    let s = load::parse(DOUBLE_CHARGE).unwrap_or_else(|f| panic!("{f:?}"));
    let rubric = Rubric::builtin();
    let mut run = Run::start(&s, &rubric, options());
    let mut store = Store::open(&path).unwrap();
    let id = store
        .begin_attempt(&AttemptStart::for_run(&run, DOUBLE_CHARGE.as_bytes(), None))
        .unwrap();
    // The best opening, then skipping security (critical), then the first choice on.
    let mut seq = 0;
    while let Some(turn) = run.turn() {
        let number = match turn.step_id.as_str() {
            "opening" => 2,
            "security" => 2,
            _ => 1,
        };
        let answered = run.choose(number).unwrap();
        store
            .record_decision(id, seq, &(&answered).into(), 500)
            .unwrap();
        seq += 1;
    }
    let result = run.result().unwrap();
    assert!(!result.passed);
    assert_eq!(result.critical.len(), 1);
    assert_eq!(result.critical[0].step, "security");
    assert!(
        result.critical[0].why.contains("data-protection"),
        "{:?}",
        result.critical
    );
    store.finish_attempt(id, &result).unwrap();
    drop(store);

    // Read back by another process: the reason is there, in the result.
    let store = Store::open(&path).unwrap();
    let stored = store.attempt(id).unwrap();
    assert_eq!(stored.result.as_ref().unwrap().critical, result.critical);
    assert_eq!(stored.run_result().unwrap().critical, result.critical);

    let line = export::jsonl_line(&stored);
    assert!(line.contains("\"critical\""), "{line}");
    let (_other_dir, other_path) = temp();
    let mut other = Store::open(&other_path).unwrap();
    other.import_jsonl(format!("{line}\n").as_bytes()).unwrap();
    assert_eq!(other.attempt(id).unwrap().run_result().unwrap(), result);

    // Range checks: a reason is needed, and a passed result cannot list one.
    let mut bad = stored.clone();
    bad.result.as_mut().unwrap().critical[0].why = String::new();
    assert!(bad.check().is_err());
    let mut bad = stored;
    bad.result.as_mut().unwrap().passed = true;
    assert!(bad.check().unwrap_err().contains("critical"));
}
