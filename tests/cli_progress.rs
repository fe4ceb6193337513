//! Progress through the real binary: recording in plain play, `history`, `report`,
//! `export`, `import`, and refusing a store file that is not Frontline's. Every test
//! points `--data-dir` at a temporary folder of its own.

mod common;

use common::store::{REFUND, StoreEnv as Env, stderr};
use serde_json::Value;
use std::path::Path;

/// Ana: worst, middling, best; Ben: middling twice.
fn classroom() -> Env {
    let env = Env::new();
    for (who, seed, answers) in [
        ("Ana", "1", "2\n2\n2\n"),
        ("Ana", "2", "2\n1\n2\n"),
        ("Ana", "3", "1\n1\n1\n"),
        ("Ben", "4", "2\n1\n2\n"),
        ("Ben", "5", "2\n1\n2\n"),
    ] {
        let out = env.play(who, seed, answers);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(out.stderr.is_empty(), "{}", stderr(&out));
    }
    env
}

#[test]
fn history_shows_attempts_best_trend_weakest_and_what_next() {
    let env = classroom();
    let h = env.json(&["history", "--trainee", "Ana", "--format", "json"]);
    assert_eq!(h["trainee"], "Ana");
    let attempts = h["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3);
    assert_eq!(attempts[2]["overall"], 100.0);
    assert_eq!(attempts[2]["passed"], true);
    assert_eq!(attempts[1]["overall"], 58.7);
    assert_eq!(h["best"][0]["scenario"], "engine-refund");
    assert_eq!(h["best"][0]["attempts"], 3);
    assert_eq!(h["best"][0]["overall"], 100.0);
    for t in h["trends"].as_array().unwrap() {
        assert_eq!(t["direction"], "improving", "{t}");
    }
    let weakest = h["weakest"].as_str().unwrap();
    let lowest = h["trends"]
        .as_array()
        .unwrap()
        .iter()
        .min_by(|a, b| {
            a["recent"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["recent"].as_f64().unwrap())
        })
        .unwrap();
    assert_eq!(lowest["dimension"], weakest);
    // ./scenarios is the library here: the suggestion is one of its scenarios.
    let next = h["next"]["scenario"].as_str().unwrap();
    assert!(
        Path::new("scenarios")
            .join(format!("{next}.toml"))
            .is_file()
            || {
                std::fs::read_dir("scenarios").unwrap().any(|f| {
                    std::fs::read_to_string(f.unwrap().path())
                        .unwrap()
                        .contains(&format!("id = \"{next}\""))
                })
            }
    );
    assert_eq!(h["next"]["dimension"], weakest);

    let table = env.ok(&["history", "--trainee", "Ana"]);
    assert!(
        table.contains("History of Ana: 3 attempts, 3 finished"),
        "{table}"
    );
    assert!(table.contains("Best result per scenario"), "{table}");
    assert!(table.contains("improving"), "{table}");
    assert!(table.contains("Weakest dimension:"), "{table}");
    assert!(
        table.contains(&format!("frontline play --plain {next}")),
        "{table}"
    );

    let csv = env.ok(&["history", "--trainee", "Ana", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("id,trainee,started_at,finished_at,scenario,"));
    assert!(lines[0].ends_with(",listening,non_defensive,courtesy"));
    assert!(lines[3].ends_with(",100,100,100"), "{}", lines[3]);
}

#[test]
fn history_needs_a_name_when_several_trainees_are_recorded() {
    let env = Env::new();
    let out = env.run(&["history"], "");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("No attempts are recorded"));
    let env = classroom();
    let out = env.run(&["history"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--trainee NAME (Ana, Ben)"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["history", "--since", "last week"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--since"), "{}", stderr(&out));
}

#[test]
fn report_gives_rates_averages_and_the_class_debrief() {
    let env = classroom();
    let r = env.json(&["report", "--format", "json"]);
    assert_eq!(r["attempts"], 5);
    assert_eq!(r["unfinished"], 0);
    let ana = &r["by_trainee"][0];
    assert_eq!(ana["key"], "Ana");
    assert_eq!(ana["attempts"], 3);
    assert_eq!(ana["passed"], 1);
    let ben = &r["by_trainee"][1];
    assert_eq!(ben["passed"], 0);
    assert_eq!(ben["overall"], 58.7);
    assert_eq!(ben["dimensions"]["listening"], 50.0);
    assert!(r["debrief"].is_null());

    // The debrief, labelled from the library that has the fixture.
    let r = env.json(&[
        "--library",
        "tests/fixtures/engine",
        "report",
        "--scenario",
        "engine-refund",
        "--format",
        "json",
    ]);
    let d = &r["debrief"];
    assert_eq!(d["title"], "A kettle comes back");
    assert_eq!(d["attempts"], 5);
    let opening = &d["steps"][0];
    assert_eq!(opening["step"], "opening");
    assert_eq!(opening["answers"], 5);
    let counts: Vec<u64> = opening["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [1, 4, 0]);
    assert_eq!(opening["choices"][1]["text"], "Do you have the receipt?");
    assert_eq!(opening["choices"][1]["mood_after"], -40.0);
    assert_eq!(opening["choices"][1]["share"], 80.0);
    assert!(opening["choices"][2]["mood_after"].is_null());

    let table = env.ok(&[
        "--library",
        "tests/fixtures/engine",
        "report",
        "--scenario",
        "engine-refund",
    ]);
    assert!(
        table.contains("Class debrief: A kettle comes back"),
        "{table}"
    );
    assert!(table.contains("Do you have the receipt?"), "{table}");

    let csv = env.ok(&["report", "--scenario", "engine-refund", "--format", "csv"]);
    let sections: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        sections.iter().filter(|s| **s == "trainee").count(),
        2,
        "{csv}"
    );
    assert_eq!(sections.iter().filter(|s| **s == "scenario").count(), 1);
    assert!(sections.iter().filter(|s| **s == "choice").count() >= 6);

    let r = env.json(&[
        "report",
        "--trainee",
        "Ben",
        "--since",
        "2999-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(r["attempts"], 0);
}

#[test]
fn export_and_import_round_trip_and_import_is_idempotent() {
    let env = classroom();
    // One unfinished attempt too.
    let out = env.play("Cy", "9", "1\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--resume="), "{}", stderr(&out));
    let jsonl = env.ok(&["export", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 6);

    let other = Env::new();
    let file = other.data().join("in.jsonl");
    std::fs::write(&file, &jsonl).unwrap();
    let file = file.to_str().unwrap();
    let out = other.ok(&["import", file]);
    assert!(out.contains("imported 6 attempts"), "{out}");
    assert_eq!(other.ok(&["export", "--format", "jsonl"]), jsonl);
    let out = other.ok(&["import", file]);
    assert!(
        out.contains("imported 0 attempts") && out.contains("6 already there"),
        "{out}"
    );

    // A malformed line is reported by number; the rest are imported.
    let third = Env::new();
    let lines: Vec<&str> = jsonl.lines().collect();
    let broken = format!("{}\n{{\"id\": 12\n{}\n", lines[0], lines[1]);
    let file = third.data().join("broken.jsonl");
    std::fs::write(&file, broken).unwrap();
    let out = third.run(&["import", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:2: ", file.display())), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 2 attempts"));
    assert_eq!(
        third.ok(&["export", "--format", "jsonl"]).lines().count(),
        2
    );

    let out = third.run(&["import", "no/such/file.jsonl"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read no/such/file.jsonl"));
}

#[test]
fn csv_export_has_a_row_per_attempt() {
    let env = classroom();
    let csv = env.ok(&["export", "--format", "csv", "--trainee", "Ben"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("id,trainee,scenario,scenario_title,mode,seed,shuffle,"));
    assert!(lines[1].contains(",Ben,engine-refund,A kettle comes back,coach,4,false,"));
}

/// Checks what every statement must have under xAPI 1.0.3: a UUID id, an Agent actor with
/// one inverse functional identifier, a verb IRI with a language map, an Activity object
/// with an absolute IRI id, a UUID registration and an RFC 3339 timestamp.
fn check_common(s: &Value, verbs: &[&str]) {
    let obj = s.as_object().expect("a statement is an object");
    // id: a UUID (RFC 4122 form).
    let id = obj["id"].as_str().unwrap();
    let uuid = regex::Regex::new(
        r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
    )
    .unwrap();
    assert!(uuid.is_match(id), "id {id}");
    // actor: an Agent with exactly one inverse functional identifier.
    let actor = obj["actor"].as_object().unwrap();
    assert_eq!(actor["objectType"], "Agent");
    let ifis: Vec<&str> = ["mbox", "mbox_sha1sum", "openid", "account"]
        .into_iter()
        .filter(|k| actor.contains_key(*k))
        .collect();
    assert_eq!(ifis, ["account"], "{actor:?}");
    let account = actor["account"].as_object().unwrap();
    assert!(account["homePage"].as_str().unwrap().contains(':'));
    assert!(!account["name"].as_str().unwrap().is_empty());
    // verb: an IRI id and a language map.
    let verb = obj["verb"].as_object().unwrap();
    let verb_id = verb["id"].as_str().unwrap();
    assert!(verbs.contains(&verb_id), "verb {verb_id}");
    check_language_map(&verb["display"]);
    // object: an Activity with an absolute IRI id.
    let object = obj["object"].as_object().unwrap();
    assert_eq!(object["objectType"], "Activity");
    assert!(is_iri(object["id"].as_str().unwrap()));
    if let Some(name) = object["definition"].get("name") {
        check_language_map(name);
    }
    // context.registration: a UUID.
    assert!(uuid.is_match(obj["context"]["registration"].as_str().unwrap()));
    // timestamp: RFC 3339.
    let ts = obj["timestamp"].as_str().unwrap();
    let rfc3339 =
        regex::Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$").unwrap();
    assert!(rfc3339.is_match(ts), "timestamp {ts}");
}

/// An absolute IRI: a scheme, a colon, no white space.
fn is_iri(text: &str) -> bool {
    regex::Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
        .unwrap()
        .is_match(text)
}

/// A language map: RFC 5646 tags to strings, at least one.
fn check_language_map(map: &Value) {
    let map = map.as_object().expect("a language map is an object");
    assert!(!map.is_empty());
    let tag = regex::Regex::new(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$").unwrap();
    for (lang, text) in map {
        assert!(tag.is_match(lang), "language tag {lang}");
        assert!(text.is_string());
    }
}

fn is_duration(text: &str) -> bool {
    regex::Regex::new(r"^PT(\d+H)?(\d+M)?\d+(\.\d+)?S$")
        .unwrap()
        .is_match(text)
}

const ATTEMPT_VERBS: [&str; 3] = [
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/failed",
];

/// Checks an attempt's statement against xAPI 1.0.3's required properties and value types.
fn check_statement(s: &Value) {
    check_common(s, &ATTEMPT_VERBS);
    assert!(s["object"]["definition"]["name"].is_object());
    // result: score.scaled in -1..1, success and completion booleans, an ISO 8601
    // duration, extensions keyed by IRIs.
    let result = s["result"].as_object().unwrap();
    let scaled = result["score"]["scaled"].as_f64().unwrap();
    assert!((-1.0..=1.0).contains(&scaled));
    let raw = result["score"]["raw"].as_f64().unwrap();
    assert!(raw >= result["score"]["min"].as_f64().unwrap());
    assert!(raw <= result["score"]["max"].as_f64().unwrap());
    assert!(result["success"].is_boolean());
    assert_eq!(result["completion"], true);
    assert!(is_duration(result["duration"].as_str().unwrap()));
    for (key, value) in result["extensions"].as_object().unwrap() {
        assert!(is_iri(key), "extension key {key}");
        assert!(value.is_number());
    }
}

/// The `[,]`-delimited ids of a choice interaction's response or correct response.
fn choice_ids(response: &str) -> Vec<&str> {
    response.split("[,]").collect()
}

/// Checks an `answered` statement: xAPI's required properties, and the rules of a
/// `cmi.interaction` of `interactionType` `choice` (xAPI 1.0.3, Interaction Activities
/// and Response Patterns): only `choices` as components, with unique ids and language-map
/// descriptions; the response and each correct response pattern made of `[,]`-delimited
/// ids among them; success exactly when the response is a correct one. With `described`
/// false (the file played is not at hand) only the response is known.
fn check_answered(s: &Value, described: bool) {
    check_common(s, &["http://adlnet.gov/expapi/verbs/answered"]);
    let definition = s["object"]["definition"].as_object().unwrap();
    assert_eq!(
        definition["type"],
        "http://adlnet.gov/expapi/activities/cmi.interaction"
    );
    assert_eq!(definition["interactionType"], "choice");
    for other in ["scale", "source", "target", "steps"] {
        assert!(!definition.contains_key(other), "{other} in a choice");
    }
    let result = s["result"].as_object().unwrap();
    let response = result["response"].as_str().unwrap();
    for (key, value) in result["extensions"].as_object().unwrap() {
        assert!(is_iri(key), "extension key {key}");
        if key.starts_with("urn:frontline:marks:") {
            let (earned, best, worst) = (
                value["earned"].as_i64().unwrap(),
                value["best"].as_i64().unwrap(),
                value["worst"].as_i64().unwrap(),
            );
            assert!(worst <= earned && earned <= best, "{value}");
        }
    }
    if let Some(duration) = result.get("duration") {
        assert!(is_duration(duration.as_str().unwrap()));
    }
    // The decision sits under its scenario.
    let parent = s["context"]["contextActivities"]["parent"]
        .as_array()
        .unwrap();
    assert_eq!(parent.len(), 1);
    assert!(
        parent[0]["id"]
            .as_str()
            .unwrap()
            .starts_with("urn:frontline:scenario:")
    );
    if !described {
        assert!(!definition.contains_key("choices"));
        assert!(!result.contains_key("success"));
        assert!(response.starts_with("choice-"));
        return;
    }
    check_language_map(&definition["description"]);
    let choices = definition["choices"].as_array().unwrap();
    assert!(choices.len() >= 2);
    let ids: Vec<&str> = choices.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "choice ids {ids:?}");
    for (c, id) in choices.iter().zip(&ids) {
        assert!(
            !id.is_empty() && !id.contains("[,]") && !id.contains(' '),
            "{id}"
        );
        check_language_map(&c["description"]);
    }
    for id in choice_ids(response) {
        assert!(ids.contains(&id), "response {id} not among {ids:?}");
    }
    let correct: Vec<&str> = definition["correctResponsesPattern"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(!correct.is_empty());
    for pattern in &correct {
        for id in choice_ids(pattern) {
            assert!(ids.contains(&id), "correct {id} not among {ids:?}");
        }
    }
    assert_eq!(result["success"], correct.contains(&response), "{s}");
}

#[test]
fn xapi_statements_have_the_required_fields_and_types() {
    let env = classroom();
    let out = env.play("Cy", "9", "1\n");
    assert_eq!(out.status.code(), Some(1));
    let all = env.json(&["export", "--format", "xapi"]);
    let all = all.as_array().unwrap();
    // Per finished attempt, one per decision (three) and two for the attempt; none for the
    // unfinished one.
    assert_eq!(all.len(), 25);
    let (answered, statements): (Vec<Value>, Vec<Value>) = all
        .iter()
        .cloned()
        .partition(|s| s["verb"]["display"]["en"] == "answered");
    assert_eq!(answered.len(), 15);
    // The file played is not in the library in force: its decisions are not described.
    for s in &answered {
        check_answered(s, false);
    }
    let statements = &statements;
    for s in statements {
        check_statement(s);
    }
    // Completed plus passed or failed, one pair per attempt, ids unique.
    let verbs: Vec<&str> = statements
        .iter()
        .map(|s| s["verb"]["display"]["en"].as_str().unwrap())
        .collect();
    assert_eq!(verbs.iter().filter(|v| **v == "completed").count(), 5);
    assert_eq!(verbs.iter().filter(|v| **v == "passed").count(), 1);
    assert_eq!(verbs.iter().filter(|v| **v == "failed").count(), 4);
    let ids: std::collections::HashSet<&str> =
        all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 25);
    // The same attempt exports to the same statements.
    assert_eq!(
        env.json(&["export", "--format", "xapi"])
            .as_array()
            .unwrap(),
        all
    );
    // The home page can be set.
    let s = env.json(&[
        "export",
        "--format",
        "xapi",
        "--homepage",
        "https://training.example.org",
        "--trainee",
        "Ben",
    ]);
    assert_eq!(
        s[0]["actor"]["account"]["homePage"],
        "https://training.example.org"
    );
    assert_eq!(s.as_array().unwrap().len(), 10);
}

#[test]
fn xapi_answered_statements_describe_each_decision_as_a_choice_interaction() {
    let env = classroom();
    // The file played is in the library in force: each decision names its choices.
    let all = env.json(&[
        "--library",
        "tests/fixtures/engine",
        "export",
        "--format",
        "xapi",
    ]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 25);
    let ids: std::collections::HashSet<&str> =
        all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 25, "statement ids are unique");
    let mut by_attempt: std::collections::BTreeMap<&str, Vec<&Value>> = Default::default();
    for s in all {
        by_attempt
            .entry(s["context"]["registration"].as_str().unwrap())
            .or_default()
            .push(s);
    }
    assert_eq!(by_attempt.len(), 5);
    let mut successes = Vec::new();
    for statements in by_attempt.values() {
        // Three decisions in order, then the attempt's two statements.
        let verbs: Vec<&str> = statements
            .iter()
            .map(|s| s["verb"]["display"]["en"].as_str().unwrap())
            .collect();
        assert_eq!(
            &verbs[..4],
            ["answered", "answered", "answered", "completed"]
        );
        let scenario = &statements[3]["object"]["id"];
        for (i, s) in statements[..3].iter().enumerate() {
            check_answered(s, true);
            assert_eq!(
                s["context"]["contextActivities"]["parent"][0]["id"],
                *scenario
            );
            assert_eq!(s["context"]["extensions"]["urn:frontline:decision"], i + 1);
            assert_eq!(s["actor"], statements[3]["actor"]);
            // Placeholders are shown in a neutral form, never raw.
            let text = s["object"]["definition"].to_string();
            assert!(!text.contains("{customer"), "{text}");
        }
        successes.push(
            statements[..3]
                .iter()
                .filter(|s| s["result"]["success"] == true)
                .count(),
        );
    }
    // Ana's third run took the best choice each time (100%); her first took none.
    let overall = |s: &Value| s["result"]["score"]["raw"].as_f64().unwrap();
    let best_run = by_attempt
        .values()
        .find(|s| overall(s[3]) == 100.0)
        .unwrap();
    assert!(best_run[..3].iter().all(|s| s["result"]["success"] == true));
    assert!(successes.contains(&0), "{successes:?}");
    // The same decision of two attempts is the same activity, described the same way.
    let firsts: Vec<&Value> = by_attempt.values().map(|s| &s[0]["object"]).collect();
    assert!(firsts.windows(2).all(|w| w[0] == w[1]));
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn a_corrupt_store_is_refused_with_a_clear_message_and_left_untouched() {
    let env = Env::new();
    let bytes = random_bytes(8192);
    std::fs::write(env.store_file(), &bytes).unwrap();
    for args in [
        vec!["history"],
        vec!["report"],
        vec!["export", "--format", "jsonl"],
        vec!["play", "--plain", "--resume"],
    ] {
        let out = env.run(&args, "");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&env.store_file().display().to_string()),
            "{err}"
        );
        assert!(err.contains("not an SQLite database"), "{err}");
        assert!(err.contains("--data-dir"), "{err}");
    }
    // Playing still works, with a warning, and records nothing.
    let out = env.play("Ana", "1", "1\n1\n1\n");
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("warning: this run is not being recorded"),
        "{err}"
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["overall"], 100.0);
    assert_eq!(std::fs::read(env.store_file()).unwrap(), bytes);
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(env.store_file()).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
            .unwrap();
    }
    let before = std::fs::read(env.store_file()).unwrap();
    let out = env.run(&["import", REFUND], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("not Frontline's progress store"), "{err}");
    let out = env.play("Ana", "1", "1\n1\n1\n");
    assert!(out.status.success());
    assert_eq!(std::fs::read(env.store_file()).unwrap(), before);
}

#[test]
fn no_record_leaves_the_store_alone() {
    let env = Env::new();
    let out = env.run(
        &["play", "--plain", "--no-record", "--seed", "1", REFUND],
        "1\n1\n1\n",
    );
    assert!(out.status.success());
    assert!(!env.store_file().exists());
}

#[test]
fn resume_refuses_a_scenario_file_that_changed() {
    let env = Env::new();
    let copy = env.data().join("kettle.toml");
    std::fs::copy(REFUND, &copy).unwrap();
    let copy = copy.to_str().unwrap();
    let out = env.run(&["play", "--plain", "--seed", "3", copy], "1\n");
    assert_eq!(out.status.code(), Some(1));
    // Edited since: refused, and said why.
    let mut text = std::fs::read_to_string(copy).unwrap();
    text.push_str("\n# edited\n");
    std::fs::write(copy, text).unwrap();
    let out = env.run(&["play", "--plain", "--resume"], "1\n1\n");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("has changed since the attempt began"), "{err}");
    // Nothing to resume for someone else, and a finished attempt is not resumable.
    let out = env.run(&["play", "--plain", "--resume", "--trainee", "Zed"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no unfinished run by Zed"));
}

/// The parcel fixture with the first decision's first and third choices swapped: the
/// same numbers now mean other replies.
fn parcel_swapped(text: &str) -> String {
    let parts: Vec<&str> = text.split("\n  [[step.choice]]\n").collect();
    // parts[0] is up to the first choice; 1..=3 are the opening's choices (the third
    // runs on into the next step, which starts with "\n[[step]]").
    let (third, rest) = parts[3].split_at(parts[3].find("\n[[step]]").unwrap());
    let mut out = vec![parts[0].to_owned(), third.to_owned(), parts[2].to_owned()];
    out.push(format!("{}{rest}", parts[1].trim_end()));
    out.extend(parts[4..].iter().map(|p| (*p).to_owned()));
    out.join("\n  [[step.choice]]\n")
}

#[test]
fn the_class_debrief_counts_each_file_version_apart_and_fills_placeholders_neutrally() {
    let env = Env::new();
    let lib = tempfile::tempdir().unwrap();
    let file = lib.path().join("parcel-mixup.toml");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml"),
    )
    .unwrap();
    std::fs::write(&file, &original).unwrap();
    let play = |input: &str| {
        env.cmd()
            .args([
                "play",
                "--plain",
                "--no-shuffle",
                "--seed",
                "7",
                "--trainee",
                "Ana",
            ])
            .arg(&file)
            .write_stdin(input)
            .assert()
            .success();
    };
    // Two attempts answer the apology (choice 1) on the first version of the file.
    play("1\n1\n");
    play("1\n1\n");
    // The file is edited: choice 1 is now "Calm down"; one attempt answers 2.
    let swapped = parcel_swapped(&original);
    assert!(swapped.contains("Calm down"));
    assert_ne!(swapped, original);
    std::fs::write(&file, &swapped).unwrap();
    play("2\n1\n");

    let out = env
        .cmd()
        .arg("--library")
        .arg(lib.path())
        .args(["report", "--scenario", "parcel-mixup", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let debrief = &report["debrief"];
    assert_eq!(
        debrief["versions"].as_array().unwrap().len(),
        2,
        "{debrief}"
    );
    assert_eq!(debrief["attempts"], 1, "only the current version's attempt");
    assert_eq!(debrief["other_versions"], 2);
    let opening = &debrief["steps"][0];
    let choices = opening["choices"].as_array().unwrap();
    // Nobody answered "Calm down": the two earlier apologies are not credited to it.
    assert!(
        choices[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Calm down")
    );
    assert_eq!(choices[0]["count"], 0, "{opening}");
    assert_eq!(choices[1]["count"], 1);
    // The answer key: the apology, now third, is the best, with its marks and feedback,
    // and its {customer} is filled with a neutral word.
    let apology = &choices[2];
    assert_eq!(apology["best"], true, "{opening}");
    assert_eq!(
        apology["text"],
        "I'm sorry, [customer]. Let me check where the driver left it. May I put you on hold for one minute?"
    );
    assert_eq!(apology["marks"]["listening"], 1);
    assert!(
        apology["feedback"]
            .as_str()
            .unwrap()
            .contains("asking before the hold")
    );
    assert_eq!(choices[0]["best"], false);

    // The table says the file changed and marks the best choice, with no internal ids.
    let out = env
        .cmd()
        .arg("--library")
        .arg(lib.path())
        .args(["report", "--scenario", "parcel-mixup"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("The scenario file has changed since 2 attempts"),
        "{table}"
    );
    assert!(table.contains("✓ best"), "{table}");
    assert!(!table.contains("At opening"), "{table}");
}

/// A run failed on a critical error says why in `history` and `report`, from the store
/// alone (the author's reason kept with the attempt), in tables and JSON.
#[test]
fn history_and_report_say_which_critical_error_failed_a_run() {
    let env = Env::new();
    // double-charge, unshuffled: the best opening, then skipping security (critical).
    let mut answers = String::from("2\n2\n");
    answers.push_str(&"1\n".repeat(20));
    let out = env.run(
        &[
            "play",
            "--plain",
            "--json",
            "--no-shuffle",
            "--seed",
            "3",
            "--trainee",
            "Cy",
            "scenarios/double-charge.toml",
        ],
        answers,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["passed"], false);
    let why = result["critical"][0]["why"].as_str().unwrap().to_owned();
    assert!(why.contains("data-protection"), "{why}");

    let h = env.json(&["history", "--trainee", "Cy", "--format", "json"]);
    assert_eq!(h["attempts"][0]["critical"][0], why.as_str());
    let table = env.ok(&["history", "--trainee", "Cy"]);
    assert!(
        table.contains("Failed on a critical error, whatever the score:"),
        "{table}"
    );
    assert!(table.contains(&why), "{table}");

    let r = env.json(&["report", "--format", "json"]);
    assert_eq!(r["critical"][0]["scenario"], "double-charge");
    assert_eq!(r["critical"][0]["why"], why.as_str());
    assert_eq!(r["critical"][0]["attempts"], 1);
    let table = env.ok(&["report"]);
    assert!(
        table.contains(&format!("double-charge x1: {why}")),
        "{table}"
    );
}
