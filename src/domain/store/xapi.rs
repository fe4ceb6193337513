//! xAPI 1.0.3 statements for finished attempts, for a Learning Record Store.
//!
//! Each finished attempt gives one `answered` statement per decision, then two statements
//! for the whole attempt, with the same actor: one with the verb `completed`, one with
//! `passed` or `failed` (ADL's verb IRIs). Unfinished attempts give none.
//!
//! - actor: an Agent identified by an `account` (its only inverse functional identifier):
//!   `homePage` is [`DEFAULT_HOMEPAGE`] unless another is given, `name` the trainee's name.
//! - The attempt statements' object: the Activity `urn:frontline:scenario:<id>`, with the
//!   scenario's title as its name and the type `http://adlnet.gov/expapi/activities/simulation`.
//!   Their result: `score` (`scaled` = overall / 100, `raw`, `min` 0, `max` 100; left out
//!   when no dimension was assessed), `success` (passed), `completion` true, `duration`
//!   (ISO 8601, from start to finish), and each assessed dimension's percent under the
//!   extension key `urn:frontline:dimension:<id>`.
//! - An `answered` statement's object: the decision as a `cmi.interaction` Activity of
//!   `interactionType` `choice`, named by the customer's line there (placeholders in a
//!   neutral form), every authored choice in `choices` (id `choice-N`, N its place in the
//!   file, description its text), and the best (the most points, weighted as the overall
//!   weighs them; every one of equals) in `correctResponsesPattern`. Its id names the
//!   scenario, the step and the file's version (`urn:frontline:scenario:<id>:step:<step>:
//!   <12 hex digits of the file's hash>`): an edit makes a new activity rather than change
//!   what an old answer's id means. The result: `response` (the choice's id; a typed reply
//!   is the choice it was taken as, the reply under `urn:frontline:reply`), `success` (a
//!   best choice was taken), `duration` (the time to answer, when known), and the marks per
//!   dimension `{earned, best, worst}` under `urn:frontline:marks:<id>`. When the file the
//!   attempt was played with is not at hand (edited since, or gone), the definition keeps
//!   only its type, and `success` is left out: no choice is described from another version.
//! - context: `registration` is the attempt's id (so an attempt's statements group
//!   together); `contextActivities` has the scenario as `parent` of each decision and the
//!   class (`urn:frontline:class:<id>`) as `grouping` of every statement of an attempt
//!   played in one; `platform` "Frontline", and the ending, outcome, mode and the scenario
//!   file's hash as extensions, with `urn:frontline:free-text` true when the run was played
//!   by typing replies (left out when they were chosen).
//! - timestamp: when the attempt finished (the store keeps no time per decision). id: a
//!   name-based (v5) UUID of the attempt's id and the verb (and the decision's place), so
//!   exporting or sending an attempt twice gives the same statements and an LRS can tell a
//!   re-send from a new attempt.

use super::attempts::{AttemptId, StoredAttempt, StoredDecision};
use super::hash::scenario_hash;
use super::reports::{NEUTRAL_CUSTOMER, NEUTRAL_TRAINEE};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::Scenario;
use crate::domain::scoring::Dimensions;
use crate::domain::session::{excerpt, fill};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// The account home page used for actors unless another is given: a URN naming this
/// program, as trainees have no e-mail address or site of their own in Frontline.
pub const DEFAULT_HOMEPAGE: &str = "urn:frontline";

pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const ACTIVITY_TYPE: &str = "http://adlnet.gov/expapi/activities/simulation";
pub const INTERACTION_TYPE: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// How many characters of the customer's line name a decision's activity.
const NAME_CHARS: usize = 80;

/// The language of display names and definitions.
pub const LANGUAGE: &str = "en";

/// The activity IRI of a scenario.
pub fn activity_id(scenario: &str) -> String {
    format!("urn:frontline:scenario:{scenario}")
}

/// The activity IRI of a class.
pub fn class_activity_id(class: &str) -> String {
    format!("urn:frontline:class:{class}")
}

/// The activity IRI of the decision at `step` in the version of a scenario file whose
/// hash is `hash`.
pub fn decision_activity_id(scenario: &str, step: &str, hash: &str) -> String {
    let hex = hash.strip_prefix("sha256:").unwrap_or(hash);
    let version: String = hex.chars().take(12).collect();
    format!("urn:frontline:scenario:{scenario}:step:{step}:{version}")
}

/// The interaction component id of the choice at `index` (0-based, authored order).
pub fn choice_id(index: usize) -> String {
    format!("choice-{}", index + 1)
}

/// The extension key of a dimension.
pub fn dimension_key(dimension: &str) -> String {
    format!("urn:frontline:dimension:{dimension}")
}

/// The statement id for an attempt and a verb IRI.
pub fn statement_id(attempt: AttemptId, verb: &str) -> Uuid {
    Uuid::new_v5(&attempt.0, verb.as_bytes())
}

/// The statement id of an attempt's decision number `seq` (0-based).
pub fn answered_id(attempt: AttemptId, seq: usize) -> Uuid {
    Uuid::new_v5(&attempt.0, format!("{VERB_ANSWERED}#{seq}").as_bytes())
}

/// The scenario files at hand, by id and file hash, with the rubric in force: a decision
/// is described with the choices of the very version it was answered in.
pub struct Versions<'a> {
    rubric: &'a Rubric,
    files: HashMap<(String, String), &'a Scenario>,
}

impl<'a> Versions<'a> {
    pub fn new(rubric: &'a Rubric) -> Versions<'a> {
        Versions {
            rubric,
            files: HashMap::new(),
        }
    }

    /// Adds `scenario`, whose file has the bytes `bytes`.
    pub fn add(&mut self, scenario: &'a Scenario, bytes: &[u8]) {
        self.files
            .insert((scenario.id().to_owned(), scenario_hash(bytes)), scenario);
    }

    /// The version `attempt` was played with, when it is at hand.
    fn of(&self, attempt: &StoredAttempt) -> Option<&'a Scenario> {
        self.files
            .get(&(attempt.scenario.clone(), attempt.scenario_hash.clone()))
            .copied()
    }
}

/// The statements of a finished attempt (none for an unfinished one): an `answered` one
/// per decision, in order, then `completed` and `passed` or `failed`.
pub fn statements(attempt: &StoredAttempt, homepage: &str, versions: &Versions) -> Vec<Value> {
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
    if let Some(class) = &attempt.class {
        context["contextActivities"] = json!({"grouping": [class_activity(class)]});
    }
    let version = versions.of(attempt);
    let dims = version.map(|s| Dimensions::for_scenario(versions.rubric, s));
    let played = version.zip(dims.as_ref());
    let mut out: Vec<Value> = attempt
        .decisions
        .iter()
        .enumerate()
        .map(|(seq, d)| {
            let mut statement = answered(attempt, seq, d, played);
            statement["actor"] = actor.clone();
            statement["timestamp"] = json!(finish.finished_at);
            statement
        })
        .collect();
    let verdict = if finish.passed {
        (VERB_PASSED, "passed")
    } else {
        (VERB_FAILED, "failed")
    };
    out.extend(
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
            }),
    );
    out
}

fn class_activity(class: &str) -> Value {
    json!({"objectType": "Activity", "id": class_activity_id(class)})
}

/// The `answered` statement of decision `seq` (without actor and timestamp), described
/// with `played`, the scenario version it was answered in and its dimensions, when at hand.
fn answered(
    attempt: &StoredAttempt,
    seq: usize,
    decision: &StoredDecision,
    played: Option<(&Scenario, &Dimensions)>,
) -> Value {
    let record = &decision.record;
    let neutral = |text: &str| fill(text, NEUTRAL_CUSTOMER, NEUTRAL_CUSTOMER, NEUTRAL_TRAINEE);
    let mut definition = json!({
        "type": INTERACTION_TYPE,
        "interactionType": "choice",
    });
    let mut best: Option<Vec<usize>> = None;
    if let Some((scenario, dims)) = played
        && let Some(step) = scenario.step(&record.step)
    {
        let line = neutral(step.say.get_ref().0.first().map_or("", String::as_str));
        definition["name"] = json!({LANGUAGE: excerpt(&line, NAME_CHARS)});
        definition["description"] = json!({LANGUAGE: line});
        definition["choices"] = step
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| json!({"id": choice_id(i), "description": {LANGUAGE: neutral(c.say.get_ref())}}))
            .collect();
        let key = dims.best_of(&step.choices);
        definition["correctResponsesPattern"] = key.iter().map(|&i| json!(choice_id(i))).collect();
        best = Some(key);
    }
    let mut result = Map::new();
    result.insert("response".into(), json!(choice_id(record.choice)));
    if let Some(best) = &best {
        result.insert("success".into(), json!(best.contains(&record.choice)));
    }
    if let Some(ms) = decision.response_ms {
        result.insert("duration".into(), json!(super::time::iso8601_duration(ms)));
    }
    let mut extensions: Map<String, Value> = record
        .marks
        .iter()
        .map(|(d, m)| {
            (
                format!("urn:frontline:marks:{d}"),
                json!({"earned": m.earned, "best": m.best, "worst": m.worst}),
            )
        })
        .collect();
    if let Some(typed) = &record.typed {
        extensions.insert("urn:frontline:reply".into(), json!(typed.reply));
    }
    if !extensions.is_empty() {
        result.insert("extensions".into(), Value::Object(extensions));
    }
    let mut context_activities = json!({
        "parent": [{"objectType": "Activity", "id": activity_id(&attempt.scenario)}],
    });
    if let Some(class) = &attempt.class {
        context_activities["grouping"] = json!([class_activity(class)]);
    }
    let mut context = json!({
        "registration": attempt.id.to_string(),
        "contextActivities": context_activities,
        "platform": "Frontline",
        "language": LANGUAGE,
        "extensions": {
            "urn:frontline:decision": seq + 1,
            "urn:frontline:mood-before": record.mood_before,
            "urn:frontline:mood-after": record.mood_after,
            "urn:frontline:mode": attempt.mode.as_str(),
            "urn:frontline:scenario-hash": attempt.scenario_hash,
        },
    });
    if record.hesitated {
        context["extensions"]["urn:frontline:hesitated"] = json!(true);
    }
    if attempt.free_text {
        context["extensions"]["urn:frontline:free-text"] = json!(true);
    }
    json!({
        "id": answered_id(attempt.id, seq).to_string(),
        "verb": {"id": VERB_ANSWERED, "display": {LANGUAGE: "answered"}},
        "object": {
            "objectType": "Activity",
            "id": decision_activity_id(&attempt.scenario, &record.step, &attempt.scenario_hash),
            "definition": definition,
        },
        "result": Value::Object(result),
        "context": context,
    })
}
