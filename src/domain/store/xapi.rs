//! xAPI 1.0.3 statements for finished attempts, for a Learning Record Store.
//!
//! Each finished attempt gives two statements, both with the same actor, object, result,
//! context and timestamp: one with the verb `completed`, one with `passed` or `failed`
//! (ADL's verb IRIs). Unfinished attempts give none.
//!
//! - actor: an Agent identified by an `account` (its only inverse functional identifier):
//!   `homePage` is [`DEFAULT_HOMEPAGE`] unless another is given, `name` the trainee's name.
//! - object: the Activity `urn:frontline:scenario:<id>`, with the scenario's title as its
//!   name and the type `http://adlnet.gov/expapi/activities/simulation`.
//! - result: `score` (`scaled` = overall / 100, `raw`, `min` 0, `max` 100; left out when
//!   no dimension was assessed), `success` (passed), `completion` true, `duration`
//!   (ISO 8601, from start to finish), and each assessed dimension's percent under the
//!   extension key `urn:frontline:dimension:<id>`.
//! - context: `registration` is the attempt's id (so the two statements of an attempt
//!   group together), `platform` "Frontline", and the ending, outcome, mode and the
//!   scenario file's hash as extensions, with `urn:frontline:free-text` true when the run
//!   was played by typing replies (left out when they were chosen).
//! - timestamp: when the attempt finished. id: a name-based (v5) UUID of the attempt's id
//!   and the verb, so exporting or sending an attempt twice gives the same statements and
//!   an LRS can tell a re-send from a new attempt.

use super::attempts::{AttemptId, StoredAttempt};
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// The account home page used for actors unless another is given: a URN naming this
/// program, as trainees have no e-mail address or site of their own in Frontline.
pub const DEFAULT_HOMEPAGE: &str = "urn:frontline";

pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const ACTIVITY_TYPE: &str = "http://adlnet.gov/expapi/activities/simulation";

/// The language of display names and definitions.
pub const LANGUAGE: &str = "en";

/// The activity IRI of a scenario.
pub fn activity_id(scenario: &str) -> String {
    format!("urn:frontline:scenario:{scenario}")
}

/// The extension key of a dimension.
pub fn dimension_key(dimension: &str) -> String {
    format!("urn:frontline:dimension:{dimension}")
}

/// The statement id for an attempt and a verb IRI.
pub fn statement_id(attempt: AttemptId, verb: &str) -> Uuid {
    Uuid::new_v5(&attempt.0, verb.as_bytes())
}

/// The statements of a finished attempt (none for an unfinished one).
pub fn statements(attempt: &StoredAttempt, homepage: &str) -> Vec<Value> {
    let Some(finish) = &attempt.result else {
        return Vec::new();
    };
    let actor = json!({
        "objectType": "Agent",
        "name": attempt.trainee,
        "account": {"homePage": homepage, "name": attempt.trainee},
    });
    let object = json!({
        "objectType": "Activity",
        "id": activity_id(&attempt.scenario),
        "definition": {
            "name": {LANGUAGE: attempt.scenario_title},
            "type": ACTIVITY_TYPE,
        },
    });
    let mut result = Map::new();
    if let Some(overall) = finish.overall {
        let scaled = ((overall / 100.0).clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0;
        result.insert(
            "score".into(),
            json!({"scaled": scaled, "raw": overall, "min": 0, "max": 100}),
        );
    }
    result.insert("success".into(), json!(finish.passed));
    result.insert("completion".into(), json!(true));
    result.insert(
        "duration".into(),
        json!(super::time::iso8601_duration(
            attempt.duration_ms().unwrap_or(0)
        )),
    );
    let extensions: Map<String, Value> = finish
        .dimensions
        .iter()
        .filter_map(|(d, p)| Some((dimension_key(d), json!((*p)?))))
        .collect();
    if !extensions.is_empty() {
        result.insert("extensions".into(), Value::Object(extensions));
    }
    let mut context = json!({
        "registration": attempt.id.to_string(),
        "platform": "Frontline",
        "language": LANGUAGE,
        "extensions": {
            "urn:frontline:ending": finish.ending,
            "urn:frontline:outcome": finish.outcome.as_str(),
            "urn:frontline:mode": attempt.mode.as_str(),
            "urn:frontline:scenario-hash": attempt.scenario_hash,
        },
    });
    if attempt.free_text {
        context["extensions"]["urn:frontline:free-text"] = json!(true);
    }
    let verdict = if finish.passed {
        (VERB_PASSED, "passed")
    } else {
        (VERB_FAILED, "failed")
    };
    [(VERB_COMPLETED, "completed"), verdict]
        .into_iter()
        .map(|(verb, display)| {
            json!({
                "id": statement_id(attempt.id, verb).to_string(),
                "actor": actor,
                "verb": {"id": verb, "display": {LANGUAGE: display}},
                "object": object,
                "result": Value::Object(result.clone()),
                "context": context,
                "timestamp": finish.finished_at,
            })
        })
        .collect()
}
