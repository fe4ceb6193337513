//! Attempts: a run recorded as it is played, one decision per transaction, and read back
//! whole (for resume, history and export).

use super::{Store, StoreError, claims, hash, time};
use crate::domain::scenario::Outcome;
use crate::domain::session::{
    CriticalRecord, DecisionRecord, MarkRecord, Miss, Mode, Run, RunOptions, RunResult,
    TypedRecord, ordered_map,
};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use uuid::Uuid;

/// An attempt's id: a random (v4) UUID, the same in every store it is imported into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttemptId(pub Uuid);

impl AttemptId {
    pub fn random() -> AttemptId {
        AttemptId(Uuid::new_v4())
    }

    /// The first eight hex digits, enough to name an attempt in a short list.
    pub fn short(&self) -> String {
        self.0.simple().to_string()[..8].to_owned()
    }
}

impl fmt::Display for AttemptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl std::str::FromStr for AttemptId {
    type Err = String;
    fn from_str(s: &str) -> Result<AttemptId, String> {
        Uuid::parse_str(s)
            .map(AttemptId)
            .map_err(|e| format!("`{s}` is not a UUID ({e})"))
    }
}

/// What is known when a run starts: everything needed to play it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptStart {
    pub trainee: String,
    pub scenario: String,
    pub scenario_title: String,
    /// [`hash::scenario_hash`] of the scenario file's bytes.
    pub scenario_hash: String,
    /// The file's path when the scenario was played from a file rather than the library.
    pub source: Option<String>,
    pub seed: u64,
    pub shuffle: bool,
    pub mode: Mode,
    /// The customer's name drawn for the run.
    pub customer: String,
    /// Played by typing replies rather than choosing them.
    pub free_text: bool,
    /// The class it is played in (a class's id), `None` outside one.
    pub class: Option<String>,
}

impl AttemptStart {
    /// The start of `run`, whose scenario file had these bytes.
    pub fn for_run(run: &Run<'_>, scenario_bytes: &[u8], source: Option<String>) -> AttemptStart {
        let options = run.options();
        AttemptStart {
            trainee: options.trainee.clone(),
            scenario: run.scenario().id().to_owned(),
            scenario_title: run.scenario().title().to_owned(),
            scenario_hash: hash::scenario_hash(scenario_bytes),
            source,
            seed: options.seed,
            shuffle: options.shuffle,
            mode: options.mode,
            customer: run.customer_name().to_owned(),
            free_text: false,
            class: None,
        }
    }

    /// The same start, played by typing replies (`true`) or choosing them.
    pub fn typed(self, free_text: bool) -> AttemptStart {
        AttemptStart { free_text, ..self }
    }

    /// The same start, played in the class `class` (its id), or outside any (`None`).
    pub fn in_class(self, class: Option<String>) -> AttemptStart {
        AttemptStart { class, ..self }
    }
}

/// One recorded decision: the engine's record and how long the trainee took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDecision {
    #[serde(flatten)]
    pub record: DecisionRecord,
    /// Milliseconds from the prompt to the answer; `null` when unknown.
    pub response_ms: Option<u64>,
}

/// An answer given while trying a decision again (coach mode's `t`): practice, kept but
/// never scored; the decision's first answer is the one that counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPractice {
    /// The place of the decision tried again among the attempt's decisions (from 0).
    pub decision: usize,
    #[serde(flatten)]
    pub record: DecisionRecord,
    /// Milliseconds from the prompt to the answer; `null` when unknown.
    pub response_ms: Option<u64>,
}

/// A typed reply that was not taken as a choice (a miss), kept so a resumed run counts it
/// again: after the third at a step the numbered choices are offered, and a miss costs the
/// hesitation's mood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMiss {
    /// The place of the decision it came before (from 0), at the step then on screen.
    pub decision: usize,
    pub step: String,
    /// The reply as typed (trimmed).
    pub reply: String,
    pub kind: Miss,
}

/// How a finished attempt ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finish {
    pub finished_at: String,
    pub ending: String,
    pub outcome: Outcome,
    pub passed: bool,
    pub overall: Option<f64>,
    /// Percent per dimension in rubric order; `null` where not assessed.
    #[serde(with = "ordered_map")]
    pub dimensions: Vec<(String, Option<f64>)>,
    pub final_mood: i64,
    /// The critical errors taken, in order (the step, the choice as authored, the author's
    /// reason); any one failed the run. Left out of the JSON when none, and none in an
    /// export from before they were kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub critical: Vec<CriticalRecord>,
}

/// A whole attempt as stored; also the shape of one line of the JSONL export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAttempt {
    pub id: AttemptId,
    pub trainee: String,
    pub scenario: String,
    pub scenario_title: String,
    pub scenario_hash: String,
    #[serde(default)]
    pub source: Option<String>,
    pub seed: u64,
    pub shuffle: bool,
    pub mode: Mode,
    pub customer: String,
    /// Played by typing replies; left out of the JSON when false (choosing), and false
    /// when missing (an export from before typed replies were kept).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free_text: bool,
    pub started_at: String,
    /// The class it was played in; left out of the JSON outside one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// `null` while the attempt is unfinished.
    pub result: Option<Finish>,
    pub decisions: Vec<StoredDecision>,
    /// The decisions tried again as practice, in the order given; left out of the JSON
    /// when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practice: Vec<StoredPractice>,
    /// The typed replies not taken as a choice, in the order given; left out of the JSON
    /// when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misses: Vec<StoredMiss>,
    /// Why its record cannot be trusted (its decisions do not match the run that finished
    /// it); left out of the JSON when sound. A damaged attempt is kept, never rewritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub damaged: Option<String>,
    /// When an LRS accepted the attempt's statements; local to a store, never exported.
    #[serde(skip)]
    pub sent_at: Option<String>,
}

impl StoredAttempt {
    /// The options that make a fresh run draw exactly as the first one did.
    pub fn options(&self) -> RunOptions {
        RunOptions {
            seed: self.seed,
            shuffle: self.shuffle,
            trainee: self.trainee.clone(),
            mode: self.mode,
        }
    }

    /// The engine's record of the finished run, rebuilt from the store; `None` while
    /// unfinished.
    pub fn run_result(&self) -> Option<RunResult> {
        let finish = self.result.as_ref()?;
        Some(RunResult {
            scenario: self.scenario.clone(),
            ending: finish.ending.clone(),
            outcome: finish.outcome,
            passed: finish.passed,
            critical: finish.critical.clone(),
            overall: finish.overall,
            dimensions: finish.dimensions.clone(),
            final_mood: finish.final_mood,
            steps: self
                .decisions
                .iter()
                .map(|d| d.record.step.clone())
                .collect(),
            decisions: self.decisions.iter().map(|d| d.record.clone()).collect(),
            seed: self.seed,
            trainee: self.trainee.clone(),
            customer: self.customer.clone(),
            mode: self.mode,
        })
    }

    /// Milliseconds from start to finish, once finished.
    pub fn duration_ms(&self) -> Option<u64> {
        time::millis_between(&self.started_at, &self.result.as_ref()?.finished_at)
    }

    /// Checks what serde cannot, for an attempt from outside (an import): the id, the
    /// sizes of names and texts, the ranges of moods, marks and times, and the number of
    /// decisions, within [`limits`].
    pub fn check(&self) -> Result<(), String> {
        if self.id.0.is_nil() {
            return Err("`id` is the nil UUID".into());
        }
        for (field, value) in [
            ("trainee", &self.trainee),
            ("scenario", &self.scenario),
            ("scenario_hash", &self.scenario_hash),
        ] {
            if value.trim().is_empty() {
                return Err(format!("`{field}` is empty"));
            }
        }
        let names = [
            ("trainee", Some(&self.trainee)),
            ("customer", Some(&self.customer)),
            ("class", self.class.as_ref()),
            ("scenario_hash", Some(&self.scenario_hash)),
        ];
        for (field, value) in names {
            limits::name(field, value.map_or("", String::as_str))?;
        }
        limits::id("scenario", &self.scenario)?;
        limits::text("scenario_title", &self.scenario_title)?;
        if let Some(source) = &self.source {
            limits::text("source", source)?;
        }
        if self.decisions.len() > limits::DECISIONS {
            return Err(format!(
                "{} decisions in one attempt; a run makes at most {}",
                self.decisions.len(),
                limits::DECISIONS
            ));
        }
        let started = limits::time("started_at", &self.started_at)?;
        if let Some(finish) = &self.result {
            let finished = limits::time("finished_at", &finish.finished_at)?;
            if finished < started {
                return Err("`finished_at` comes before `started_at`".into());
            }
            limits::mood("final_mood", finish.final_mood)?;
            limits::id("ending", &finish.ending)?;
            if finish.overall.is_some_and(|o| !(0.0..=100.0).contains(&o)) {
                return Err("`overall` is outside 0..100".into());
            }
            if finish
                .dimensions
                .iter()
                .any(|(_, p)| p.is_some_and(|p| !(0.0..=100.0).contains(&p)))
            {
                return Err("a dimension's percent is outside 0..100".into());
            }
        }
        if let Some((i, _)) = self
            .decisions
            .iter()
            .enumerate()
            .find(|(_, d)| d.record.step.is_empty() || d.record.number == 0)
        {
            return Err(format!(
                "decision {} has an empty `step` or a `number` of 0 (numbers start at 1)",
                i + 1
            ));
        }
        if self.practice.len() > limits::DECISIONS {
            return Err(format!(
                "{} practice answers in one attempt; at most {} are kept",
                self.practice.len(),
                limits::DECISIONS
            ));
        }
        for (i, p) in self.practice.iter().enumerate() {
            if p.decision >= self.decisions.len()
                || p.record.step.is_empty()
                || p.record.number == 0
            {
                return Err(format!(
                    "practice answer {} tries a decision the attempt does not have, or has an empty `step` or a `number` of 0",
                    i + 1
                ));
            }
            limits::decision(&p.record).map_err(|e| format!("practice answer {}: {e}", i + 1))?;
        }
        if self.misses.len() > limits::DECISIONS {
            return Err(format!(
                "{} missed replies in one attempt; at most {} are kept",
                self.misses.len(),
                limits::DECISIONS
            ));
        }
        for (i, m) in self.misses.iter().enumerate() {
            // A miss comes before a decision recorded, or before the one still to make.
            if m.decision > self.decisions.len() {
                return Err(format!(
                    "missed reply {} comes before decision {}, which the attempt does not reach",
                    i + 1,
                    m.decision + 1
                ));
            }
            limits::id("step", &m.step).map_err(|e| format!("missed reply {}: {e}", i + 1))?;
            limits::text("reply", &m.reply).map_err(|e| format!("missed reply {}: {e}", i + 1))?;
            if m.reply.trim().is_empty() {
                return Err(format!("missed reply {} is empty", i + 1));
            }
        }
        if let Some(finish) = &self.result {
            if finish.critical.len() > self.decisions.len() {
                return Err(format!(
                    "{} critical errors in a run of {} decisions",
                    finish.critical.len(),
                    self.decisions.len()
                ));
            }
            if finish.critical.iter().any(|c| c.why.trim().is_empty()) {
                return Err("a critical error has no `why`".into());
            }
            if finish.passed && !finish.critical.is_empty() {
                return Err("the result passed, but it lists a critical error".into());
            }
            for c in &finish.critical {
                limits::id("step", &c.step).map_err(|e| format!("critical error: {e}"))?;
                limits::text("why", &c.why).map_err(|e| format!("critical error: {e}"))?;
                if c.choice > limits::PER_DECISION {
                    return Err(format!(
                        "a critical error names choice {}, beyond any step's choices",
                        c.choice + 1
                    ));
                }
            }
        }
        for (i, d) in self.decisions.iter().enumerate() {
            limits::decision(&d.record).map_err(|e| format!("decision {}: {e}", i + 1))?;
            let Some(typed) = &d.record.typed else {
                continue;
            };
            if typed.reply.trim().is_empty() {
                return Err(format!("decision {} has an empty typed `reply`", i + 1));
            }
            let points = typed.points.iter().map(|(k, _)| k);
            if !points.eq(d.record.marks.iter().map(|(k, _)| k)) {
                return Err(format!(
                    "decision {}: the typed reply's `points` name other dimensions than its `marks`",
                    i + 1
                ));
            }
        }
        Ok(())
    }
}

/// The bounds an attempt from outside the program (an import) must keep: a run of a
/// scenario never comes near them, a hand-made or hostile line does.
pub mod limits {
    use crate::domain::session::DecisionRecord;

    // The same figures bound what a scenario may hold (`too-long`), so whatever a run
    // records from a valid file can be imported again.
    pub use crate::domain::limits::{ID, NAME, TEXT};
    /// Decisions in one attempt.
    pub const DECISIONS: usize = 1_000;
    /// Marks (and typed points) on one dimension, either way.
    pub const MARK: i64 = 1_000;
    /// Dimensions per decision, tactics per decision.
    pub const PER_DECISION: usize = 64;
    /// The customer's mood lies in -100..=100.
    pub const MOOD: i64 = 100;
    /// The earliest time an attempt can have: no Frontline ran before.
    pub const EARLIEST: &str = "2000-01-01T00:00:00Z";
    /// How far in the future a time may be (clocks disagree a little), in seconds.
    pub const FUTURE_SLACK_S: i64 = 24 * 60 * 60;

    pub fn name(field: &str, value: &str) -> Result<(), String> {
        let n = value.chars().count();
        if n > NAME {
            return Err(format!("`{field}` is {n} characters long; at most {NAME}"));
        }
        Ok(())
    }

    pub fn text(field: &str, value: &str) -> Result<(), String> {
        let n = value.chars().count();
        if n > TEXT {
            return Err(format!("`{field}` is {n} characters long; at most {TEXT}"));
        }
        Ok(())
    }

    /// An id as scenarios write them: lowercase letters, digits, `-` and `_`.
    pub fn id(field: &str, value: &str) -> Result<(), String> {
        let ok = !value.is_empty()
            && value.len() <= ID
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if ok {
            Ok(())
        } else {
            Err(format!(
                "`{field}` is not an id (lowercase letters, digits and `-`, at most {ID})"
            ))
        }
    }

    pub fn mood(field: &str, value: i64) -> Result<(), String> {
        if (-MOOD..=MOOD).contains(&value) {
            Ok(())
        } else {
            Err(format!(
                "`{field}` is {value}; a mood lies in -{MOOD}..{MOOD}"
            ))
        }
    }

    /// A time between [`EARLIEST`] and a day from now; its milliseconds since 1970.
    pub fn time(field: &str, value: &str) -> Result<i64, String> {
        let ts: jiff::Timestamp = value
            .parse()
            .map_err(|e| format!("`{field}`: `{value}` is not an RFC 3339 timestamp ({e})"))?;
        let earliest: jiff::Timestamp = EARLIEST.parse().expect("a timestamp");
        let latest = jiff::Timestamp::now().as_second() + FUTURE_SLACK_S;
        if ts < earliest || ts.as_second() > latest {
            return Err(format!(
                "`{field}` is {value}, before 2000 or in the future"
            ));
        }
        Ok(ts.as_millisecond())
    }

    pub fn decision(d: &DecisionRecord) -> Result<(), String> {
        id("step", &d.step)?;
        text("said", &d.said)?;
        mood("mood_before", d.mood_before)?;
        mood("mood_after", d.mood_after)?;
        if d.number > PER_DECISION || d.choice > PER_DECISION {
            return Err(format!(
                "choice {} (number {}) is beyond any step's choices",
                d.choice, d.number
            ));
        }
        if d.marks.len() > PER_DECISION || d.tactics.len() > PER_DECISION {
            return Err(format!("more than {PER_DECISION} marks or tactics"));
        }
        for (dimension, m) in &d.marks {
            id("dimension", dimension)?;
            let within = [m.earned, m.best, m.worst].iter().all(|v| v.abs() <= MARK);
            if !within || m.worst > m.best {
                return Err(format!(
                    "the marks on `{dimension}` are out of range (earned {}, best {}, worst {})",
                    m.earned, m.best, m.worst
                ));
            }
        }
        for tactic in &d.tactics {
            name("tactic", tactic)?;
        }
        if let Some(typed) = &d.typed {
            text("reply", &typed.reply)?;
            if typed.points.iter().any(|(_, p)| p.abs() > MARK) {
                return Err("a typed reply's points are out of range".into());
            }
        }
        Ok(())
    }
}

/// What a killed run left, with everything needed to resume it
/// ([`resume::resume`](super::resume::resume)): a stored attempt whose `result` is still
/// `None`.
pub type Unfinished = StoredAttempt;

/// One class's attempts, in short ([`Store::classes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSummary {
    pub class: String,
    pub attempts: usize,
    pub trainees: usize,
    /// Of `attempts`, those finished.
    pub finished: usize,
    pub first_started: String,
    pub last_started: String,
}

/// Which attempts to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptFilter {
    pub trainee: Option<String>,
    pub scenario: Option<String>,
    /// Started at or after this time (store form, see [`time::since`]).
    pub since: Option<String>,
    pub finished_only: bool,
    /// Finished and not yet accepted by an LRS.
    pub unsent_only: bool,
    /// Played in this class.
    pub class: Option<String>,
}

const ATTEMPT_COLUMNS: &str = "id, uuid, trainee, scenario, scenario_title, scenario_hash, source, seed, shuffle, mode, customer, started_at, finished_at, ending, outcome, passed, overall, final_mood, sent_at, free_text, class, damaged";

const INSERT_DECISION: &str = "INSERT INTO decision (attempt, seq, step, choice, number, said, marks, mood_before, mood_after, hesitated, escalated, tactics, response_ms, reply, points) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

/// An attempt row before its decisions and dimensions are read.
struct Head {
    rowid: i64,
    attempt: StoredAttempt,
    finished_at: Option<String>,
    ending: Option<String>,
    outcome: Option<String>,
    passed: Option<bool>,
    overall: Option<f64>,
    final_mood: Option<i64>,
}

fn read_head(row: &Row<'_>) -> rusqlite::Result<(Head, String, String)> {
    let uuid: String = row.get(1)?;
    let mode: String = row.get(9)?;
    let seed: i64 = row.get(7)?;
    Ok((
        Head {
            rowid: row.get(0)?,
            attempt: StoredAttempt {
                id: AttemptId(Uuid::nil()),
                trainee: row.get(2)?,
                scenario: row.get(3)?,
                scenario_title: row.get(4)?,
                scenario_hash: row.get(5)?,
                source: row.get(6)?,
                seed: seed as u64,
                shuffle: row.get(8)?,
                mode: Mode::Coach,
                customer: row.get(10)?,
                free_text: row.get(19)?,
                started_at: row.get(11)?,
                class: row.get(20)?,
                result: None,
                decisions: Vec::new(),
                practice: Vec::new(),
                misses: Vec::new(),
                damaged: row.get(21)?,
                sent_at: row.get(18)?,
            },
            finished_at: row.get(12)?,
            ending: row.get(13)?,
            outcome: row.get(14)?,
            passed: row.get(15)?,
            overall: row.get(16)?,
            final_mood: row.get(17)?,
        },
        uuid,
        mode,
    ))
}

pub(crate) fn parse_mode(text: &str) -> Option<Mode> {
    match text {
        "coach" => Some(Mode::Coach),
        "assess" => Some(Mode::Assess),
        _ => None,
    }
}

pub(crate) fn parse_outcome(text: &str) -> Option<Outcome> {
    match text {
        "resolved" => Some(Outcome::Resolved),
        "partial" => Some(Outcome::Partial),
        "escalated" => Some(Outcome::Escalated),
        "lost" => Some(Outcome::Lost),
        _ => None,
    }
}

fn marks_json(marks: &[(String, MarkRecord)]) -> String {
    serde_json::to_string(&MarksOwned(marks.to_vec())).expect("marks serialise")
}

#[derive(Serialize, Deserialize)]
struct MarksOwned(#[serde(with = "ordered_map")] Vec<(String, MarkRecord)>);

#[derive(Serialize, Deserialize)]
struct PointsOwned(#[serde(with = "ordered_map")] Vec<(String, i64)>);

fn insert_decision(
    tx: &Transaction<'_>,
    rowid: i64,
    seq: usize,
    d: &DecisionRecord,
    response_ms: Option<u64>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(INSERT_DECISION)?.execute(params![
        rowid,
        seq as i64,
        d.step,
        d.choice as i64,
        d.number as i64,
        d.said,
        marks_json(&d.marks),
        d.mood_before,
        d.mood_after,
        d.hesitated,
        d.escalated,
        serde_json::to_string(&d.tactics).expect("tactics serialise"),
        response_ms.map(|ms| ms.min(i64::MAX as u64) as i64),
        d.typed.as_ref().map(|t| t.reply.as_str()),
        d.typed.as_ref().map(|t| {
            serde_json::to_string(&PointsOwned(t.points.clone())).expect("points serialise")
        }),
    ])?;
    Ok(())
}

fn insert_finish(tx: &Transaction<'_>, rowid: i64, finish: &Finish) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE attempt SET finished_at = ?2, ending = ?3, outcome = ?4, passed = ?5, overall = ?6, final_mood = ?7 WHERE id = ?1",
    )?
    .execute(params![
        rowid,
        finish.finished_at,
        finish.ending,
        finish.outcome.as_str(),
        finish.passed,
        finish.overall,
        finish.final_mood,
    ])?;
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO attempt_dimension (attempt, position, dimension, percent) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, (dimension, percent)) in finish.dimensions.iter().enumerate() {
        insert.execute(params![rowid, i as i64, dimension, percent])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO critical_error (attempt, n, step, choice, why) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (n, c) in finish.critical.iter().enumerate() {
        insert.execute(params![rowid, n as i64, c.step, c.choice as i64, c.why])?;
    }
    Ok(())
}

fn insert_head(
    tx: &Transaction<'_>,
    id: AttemptId,
    a: &AttemptStart,
    started_at: &str,
    imported_at: Option<&str>,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO attempt (uuid, trainee, scenario, scenario_title, scenario_hash, source, seed, shuffle, mode, customer, started_at, free_text, class, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id.to_string(),
        a.trainee,
        a.scenario,
        a.scenario_title,
        a.scenario_hash,
        a.source,
        a.seed as i64,
        a.shuffle,
        a.mode.as_str(),
        a.customer,
        started_at,
        a.free_text,
        a.class,
        imported_at,
    ])?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// Records the start of a run and gives the attempt its id; this store claims it
    /// ([`claims`](super::claims)) until it finishes or the store closes.
    pub fn begin_attempt(&mut self, start: &AttemptStart) -> Result<AttemptId, StoreError> {
        let id = AttemptId::random();
        let what = "record the start of an attempt in";
        self.write(what, |store, tx| {
            let rowid = insert_head(tx, id, start, &time::now(), None)
                .map_err(|e| StoreError::from_sqlite(&store.path, what, e))?;
            claims::take(tx, store, rowid, id)
        })?;
        self.claimed = true;
        Ok(id)
    }

    /// Records decision number `seq` (from 0, in the order the run made them), committed
    /// before this returns.
    ///
    /// A decision goes in its own place or nowhere: `seq` must be the next one (a gap
    /// before it is refused, so a decision that failed to record is never replaced by a
    /// later one), or the one already in that place when it is the same decision (a
    /// retry after a failure that did commit). Refused too while another process claims
    /// the attempt, and once it is finished or damaged.
    pub fn record_decision(
        &mut self,
        id: AttemptId,
        seq: usize,
        decision: &DecisionRecord,
        response_ms: u64,
    ) -> Result<(), StoreError> {
        let what = "record a decision in";
        self.write(what, |store, tx| {
            let err = |e| StoreError::from_sqlite(&store.path, what, e);
            let rowid = open_attempt(tx, id, &store.path, what)?;
            claims::take(tx, store, rowid, id)?;
            // The next place after the last (a lookup at the end of the key, not a count).
            let next: i64 = tx
                .prepare_cached("SELECT coalesce(max(seq) + 1, 0) FROM decision WHERE attempt = ?1")
                .and_then(|mut s| s.query_row([rowid], |r| r.get(0)))
                .map_err(err)?;
            let next = next.max(0) as usize;
            if seq == next {
                return insert_decision(tx, rowid, seq, decision, Some(response_ms)).map_err(err);
            }
            if seq > next {
                return Err(StoreError::OutOfOrder {
                    id: id.to_string(),
                    detail: format!(
                        "decision {} came before decision {} was recorded",
                        seq + 1,
                        next + 1
                    ),
                });
            }
            let there: (String, i64, i64) = tx
                .query_row(
                    "SELECT step, choice, number FROM decision WHERE attempt = ?1 AND seq = ?2",
                    params![rowid, seq as i64],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(err)?;
            if same_place(&there, decision) {
                Ok(())
            } else {
                Err(StoreError::OutOfOrder {
                    id: id.to_string(),
                    detail: format!(
                        "decision {} is already recorded, at `{}`, as another answer",
                        seq + 1,
                        there.0
                    ),
                })
            }
        })
    }

    /// Keeps a typed reply that was not taken as a choice, given at `step` before the
    /// decision at place `decision`, committed before this returns: a resumed run counts
    /// it again ([`resume`](super::resume::resume)). `decision` must be the place of the
    /// next decision (the decisions before it recorded), so a miss is never filed under a
    /// decision already made. Refused while another process claims the attempt, and once it
    /// is finished or damaged.
    pub fn record_miss(
        &mut self,
        id: AttemptId,
        decision: usize,
        step: &str,
        reply: &str,
        kind: Miss,
    ) -> Result<(), StoreError> {
        let what = "record a missed reply in";
        self.write(what, |store, tx| {
            let err = |e| StoreError::from_sqlite(&store.path, what, e);
            let rowid = open_attempt(tx, id, &store.path, what)?;
            claims::take(tx, store, rowid, id)?;
            let next: i64 = tx
                .prepare_cached("SELECT coalesce(max(seq) + 1, 0) FROM decision WHERE attempt = ?1")
                .and_then(|mut s| s.query_row([rowid], |r| r.get(0)))
                .map_err(err)?;
            if decision != next.max(0) as usize {
                return Err(StoreError::OutOfOrder {
                    id: id.to_string(),
                    detail: format!(
                        "a missed reply came before decision {}, but {} decisions are recorded",
                        decision + 1,
                        next
                    ),
                });
            }
            let miss = StoredMiss {
                decision,
                step: step.to_owned(),
                reply: reply.trim().to_owned(),
                kind,
            };
            insert_miss(tx, rowid, &miss).map_err(err)
        })
    }

    /// Keeps a practice answer: `record` was given trying again the attempt's decision at
    /// place `decision` (coach mode's `t`). Kept apart from the decisions, so the score,
    /// history and reports never count it; allowed after the attempt finished (the last
    /// decision is tried again from its feedback, when the run is already over). Refused
    /// for an unknown or damaged attempt, a decision not recorded, or while another live
    /// process records into the attempt (one writer per attempt; no claim is taken).
    pub fn record_practice(
        &mut self,
        id: AttemptId,
        decision: usize,
        record: &DecisionRecord,
        response_ms: u64,
    ) -> Result<(), StoreError> {
        let what = "record a practice answer in";
        self.write(what, |store, tx| {
            let err = |e| StoreError::from_sqlite(&store.path, what, e);
            let found: Option<(i64, Option<String>)> = tx
                .prepare_cached("SELECT id, damaged FROM attempt WHERE uuid = ?1")
                .and_then(|mut s| {
                    s.query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()
                })
                .map_err(err)?;
            let rowid = match found {
                None => return Err(StoreError::NoSuchAttempt { id: id.to_string() }),
                Some((_, Some(why))) => {
                    return Err(StoreError::Damaged {
                        id: id.to_string(),
                        why,
                    });
                }
                Some((rowid, None)) => rowid,
            };
            super::claims::refuse_others(tx, store, rowid, id)?;
            let recorded = tx
                .prepare_cached("SELECT 1 FROM decision WHERE attempt = ?1 AND seq = ?2")
                .and_then(|mut s| s.exists(params![rowid, decision as i64]))
                .map_err(err)?;
            if !recorded {
                return Err(StoreError::OutOfOrder {
                    id: id.to_string(),
                    detail: format!(
                        "decision {} was tried again before it was recorded",
                        decision + 1
                    ),
                });
            }
            insert_practice(tx, rowid, decision, record, Some(response_ms)).map_err(err)
        })
    }

    /// Records the result of a finished run and lets go of the attempt. Decisions of the
    /// result not yet recorded (when recording them failed) are added in their places,
    /// without a response time.
    ///
    /// The decisions already recorded must be the result's first ones, step and choice:
    /// when they are not, the attempt is marked damaged and left as it is (never
    /// rewritten), and [`StoreError::Damaged`] says why.
    pub fn finish_attempt(&mut self, id: AttemptId, result: &RunResult) -> Result<(), StoreError> {
        let what = "record the result of an attempt in";
        let damaged = self.write(what, |store, tx| {
            let path = &store.path;
            let err = |e| StoreError::from_sqlite(path, what, e);
            let rowid = open_attempt(tx, id, path, what)?;
            claims::take(tx, store, rowid, id)?;
            let scenario: String = tx
                .query_row("SELECT scenario FROM attempt WHERE id = ?1", [rowid], |r| {
                    r.get(0)
                })
                .map_err(err)?;
            if scenario != result.scenario {
                return Err(StoreError::bad_value(
                    path,
                    "result",
                    format!(
                        "attempt {id} is a run of `{scenario}`, the result one of `{}`",
                        result.scenario
                    ),
                ));
            }
            let recorded: Vec<(String, i64, i64)> = tx
                .prepare_cached(
                    "SELECT step, choice, number FROM decision WHERE attempt = ?1 ORDER BY seq",
                )
                .and_then(|mut s| {
                    s.query_map([rowid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                        .collect()
                })
                .map_err(err)?;
            let mismatch = if recorded.len() > result.decisions.len() {
                Some(format!(
                    "the store holds {} decisions, the finished run made {}",
                    recorded.len(),
                    result.decisions.len()
                ))
            } else {
                recorded
                    .iter()
                    .zip(&result.decisions)
                    .position(|(there, d)| !same_place(there, d))
                    .map(|i| {
                        format!(
                            "decision {} is recorded at `{}`, the finished run made it at `{}`",
                            i + 1,
                            recorded[i].0,
                            result.decisions[i].step
                        )
                    })
            };
            if let Some(why) = mismatch {
                tx.execute(
                    "UPDATE attempt SET damaged = ?2 WHERE id = ?1",
                    params![rowid, why],
                )
                .map_err(err)?;
                claims::release(tx, store, rowid).map_err(err)?;
                return Ok(Some(why));
            }
            for (seq, d) in result.decisions.iter().enumerate().skip(recorded.len()) {
                insert_decision(tx, rowid, seq, d, None).map_err(err)?;
            }
            let finish = Finish {
                finished_at: time::now(),
                ending: result.ending.clone(),
                outcome: result.outcome,
                passed: result.passed,
                overall: result.overall,
                dimensions: result.dimensions.clone(),
                final_mood: result.final_mood,
                critical: result.critical.clone(),
            };
            insert_finish(tx, rowid, &finish).map_err(err)?;
            claims::release(tx, store, rowid).map_err(err)?;
            Ok(None)
        })?;
        match damaged {
            None => Ok(()),
            Some(why) => Err(StoreError::Damaged {
                id: id.to_string(),
                why,
            }),
        }
    }

    /// Inserts a whole attempt (an import) in one transaction. Returns false, changing
    /// nothing, when the store already has an attempt with its id.
    pub fn insert_attempt(&mut self, attempt: &StoredAttempt) -> Result<bool, StoreError> {
        let now = time::now();
        self.write("import an attempt into", |store, tx| {
            insert_whole(tx, attempt, &store.path, &now)
        })
    }

    /// Inserts many whole attempts in a single transaction (all or none), skipping those
    /// already present; for restoring a large export or generating a benchmark store.
    /// Returns how many were inserted.
    pub fn insert_attempts(
        &mut self,
        attempts: impl IntoIterator<Item = StoredAttempt>,
    ) -> Result<usize, StoreError> {
        let now = time::now();
        self.write("import attempts into", |store, tx| {
            let mut inserted = 0;
            for attempt in attempts {
                if insert_whole(tx, &attempt, &store.path, &now)? {
                    inserted += 1;
                }
            }
            Ok(inserted)
        })
    }

    /// Marks finished attempts as accepted by an LRS, all at once.
    pub fn mark_sent(&mut self, ids: &[AttemptId], at: &str) -> Result<(), StoreError> {
        self.write("mark attempts sent in", |store, tx| {
            let err = |e| StoreError::from_sqlite(&store.path, "mark attempts sent in", e);
            let mut update = tx
                .prepare_cached("UPDATE attempt SET sent_at = ?2 WHERE uuid = ?1")
                .map_err(err)?;
            for id in ids {
                update.execute(params![id.to_string(), at]).map_err(err)?;
            }
            Ok(())
        })
    }

    /// Whether the attempt came into this store by an import: its `source` path then
    /// names a file on another machine, and is never read here.
    pub fn is_imported(&self, id: AttemptId) -> Result<bool, StoreError> {
        self.conn()
            .query_row(
                "SELECT imported_at IS NOT NULL FROM attempt WHERE uuid = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err("read"))?
            .ok_or_else(|| StoreError::NoSuchAttempt { id: id.to_string() })
    }

    /// Every class with an attempt, in id order, with how many attempts and trainees.
    pub fn classes(&self) -> Result<Vec<ClassSummary>, StoreError> {
        let err = self.err("read");
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT class, count(*), count(DISTINCT trainee), count(finished_at), min(started_at), max(started_at) FROM attempt WHERE class IS NOT NULL GROUP BY class ORDER BY class",
            )
            .map_err(&err)?;
        stmt.query_map([], |r| {
            Ok(ClassSummary {
                class: r.get(0)?,
                attempts: r.get::<_, i64>(1)?.max(0) as usize,
                trainees: r.get::<_, i64>(2)?.max(0) as usize,
                finished: r.get::<_, i64>(3)?.max(0) as usize,
                first_started: r.get(4)?,
                last_started: r.get(5)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(&err)
    }

    /// One attempt, whole.
    pub fn attempt(&self, id: AttemptId) -> Result<StoredAttempt, StoreError> {
        let mut found = None;
        self.each_attempt_where("uuid = ?1", &[&id.to_string()], |a| {
            found = Some(a);
            Ok(())
        })?;
        found.ok_or_else(|| StoreError::NoSuchAttempt { id: id.to_string() })
    }

    /// The attempt whose id is `text` or starts with it (at least 4 hex digits).
    pub fn find_attempt(&self, text: &str) -> Result<AttemptId, StoreError> {
        let prefix = text.trim().to_ascii_lowercase();
        if let Ok(id) = prefix.parse::<AttemptId>() {
            return Ok(id);
        }
        let hex = prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if !hex || prefix.len() < 4 {
            return Err(StoreError::NoSuchAttempt {
                id: text.to_owned(),
            });
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT uuid FROM attempt WHERE uuid >= ?1 AND uuid < ?1 || 'g' LIMIT 2")
            .map_err(self.err("read"))?;
        let ids: Vec<String> = stmt
            .query_map([&prefix], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(self.err("read"))?;
        match ids.as_slice() {
            [one] => one
                .parse()
                .map_err(|e| StoreError::bad_value(&self.path, "attempt id", e)),
            [] => Err(StoreError::NoSuchAttempt {
                id: text.to_owned(),
            }),
            _ => {
                let count: i64 = self
                    .conn()
                    .query_row(
                        "SELECT count(*) FROM attempt WHERE uuid >= ?1 AND uuid < ?1 || 'g'",
                        [&prefix],
                        |r| r.get(0),
                    )
                    .map_err(self.err("read"))?;
                Err(StoreError::AmbiguousAttempt {
                    prefix: text.to_owned(),
                    count: count as usize,
                })
            }
        }
    }

    /// The unfinished attempts that can be resumed (not damaged), latest first; only
    /// `trainee`'s when given.
    pub fn unfinished(&self, trainee: Option<&str>) -> Result<Vec<Unfinished>, StoreError> {
        let mut out = Vec::new();
        let mut collect = |a: StoredAttempt| {
            out.push(a);
            Ok(())
        };
        match trainee {
            Some(t) => self.each_attempt_where(
                "finished_at IS NULL AND damaged IS NULL AND trainee = ?1 ORDER BY started_at DESC, id DESC",
                &[&t],
                &mut collect,
            )?,
            None => self.each_attempt_where(
                "finished_at IS NULL AND damaged IS NULL ORDER BY started_at DESC, id DESC",
                &[],
                &mut collect,
            )?,
        }
        Ok(out)
    }

    /// Every trainee with an attempt, in name order.
    pub fn trainees(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT trainee FROM attempt ORDER BY trainee")
            .map_err(self.err("read"))?;
        stmt.query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(self.err("read"))
    }

    /// Every attempt the filter selects, whole, oldest first, in memory: for a handful;
    /// [`Store::for_each_attempt`] reads a large store one attempt at a time.
    pub fn attempts(&self, filter: &AttemptFilter) -> Result<Vec<StoredAttempt>, StoreError> {
        let mut all = Vec::new();
        self.for_each_attempt(filter, |a| {
            all.push(a);
            Ok(())
        })?;
        Ok(all)
    }

    /// Calls `f` with each attempt the filter selects, whole, oldest first, reading one
    /// at a time (an export of a large store does not hold it all in memory).
    pub fn for_each_attempt(
        &self,
        filter: &AttemptFilter,
        f: impl FnMut(StoredAttempt) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut clauses = vec!["1"];
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::new();
        let mut numbered = Vec::new();
        if let Some(t) = &filter.trainee {
            values.push(t);
            numbered.push(format!("trainee = ?{}", values.len()));
        }
        if let Some(s) = &filter.scenario {
            values.push(s);
            numbered.push(format!("scenario = ?{}", values.len()));
        }
        if let Some(s) = &filter.since {
            values.push(s);
            numbered.push(format!("started_at >= ?{}", values.len()));
        }
        if let Some(c) = &filter.class {
            values.push(c);
            numbered.push(format!("class = ?{}", values.len()));
        }
        if filter.finished_only || filter.unsent_only {
            clauses.push("finished_at IS NOT NULL");
        }
        if filter.unsent_only {
            clauses.push("sent_at IS NULL");
        }
        let mut all: Vec<&str> = clauses;
        all.extend(numbered.iter().map(String::as_str));
        let sql = format!("{} ORDER BY started_at, id", all.join(" AND "));
        self.each_attempt_where(&sql, &values, f)
    }

    fn each_attempt_where(
        &self,
        clause: &str,
        values: &[&dyn rusqlite::ToSql],
        mut f: impl FnMut(StoredAttempt) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let err = self.err("read");
        let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM attempt WHERE {clause}");
        let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
        let mut rows = stmt.query(values).map_err(&err)?;
        while let Some(row) = rows.next().map_err(&err)? {
            let (head, uuid, mode) = read_head(row).map_err(&err)?;
            let attempt = self.complete(head, &uuid, &mode)?;
            f(attempt)?;
        }
        Ok(())
    }

    /// Adds the decisions and the result to an attempt row.
    fn complete(&self, head: Head, uuid: &str, mode: &str) -> Result<StoredAttempt, StoreError> {
        let path = &self.path;
        let err = self.err("read");
        let mut a = head.attempt;
        a.id = uuid
            .parse()
            .map_err(|e| StoreError::bad_value(path, "attempt id", e))?;
        a.mode = parse_mode(mode)
            .ok_or_else(|| StoreError::bad_value(path, "mode", format!("`{mode}`")))?;
        a.decisions = read_decisions(self.conn(), head.rowid, path)?;
        a.practice = read_practice(self.conn(), head.rowid, path)?;
        a.misses = read_misses(self.conn(), head.rowid, path)?;
        if let Some(finished_at) = head.finished_at {
            let outcome = head.outcome.unwrap_or_default();
            let mut dims = self
                .conn()
                .prepare_cached(
                    "SELECT dimension, percent FROM attempt_dimension WHERE attempt = ?1 ORDER BY position",
                )
                .map_err(&err)?;
            let dimensions = dims
                .query_map([head.rowid], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(|rows| rows.collect())
                .map_err(&err)?;
            a.result = Some(Finish {
                finished_at,
                ending: head.ending.unwrap_or_default(),
                outcome: parse_outcome(&outcome).ok_or_else(|| {
                    StoreError::bad_value(path, "outcome", format!("`{outcome}`"))
                })?,
                passed: head.passed.unwrap_or(false),
                overall: head.overall,
                dimensions,
                final_mood: head.final_mood.unwrap_or(0),
                critical: read_critical(self.conn(), head.rowid, path)?,
            });
        }
        Ok(a)
    }
}

/// Inserts an attempt with its decisions and result; false when its id is already there.
fn insert_whole(
    tx: &Transaction<'_>,
    attempt: &StoredAttempt,
    path: &Path,
    imported_at: &str,
) -> Result<bool, StoreError> {
    let err = |e| StoreError::from_sqlite(path, "import an attempt into", e);
    let exists = tx
        .prepare_cached("SELECT 1 FROM attempt WHERE uuid = ?1")
        .and_then(|mut s| s.exists([attempt.id.to_string()]))
        .map_err(err)?;
    if exists {
        return Ok(false);
    }
    let start = AttemptStart {
        trainee: attempt.trainee.clone(),
        scenario: attempt.scenario.clone(),
        scenario_title: attempt.scenario_title.clone(),
        scenario_hash: attempt.scenario_hash.clone(),
        source: attempt.source.clone(),
        seed: attempt.seed,
        shuffle: attempt.shuffle,
        mode: attempt.mode,
        customer: attempt.customer.clone(),
        free_text: attempt.free_text,
        class: attempt.class.clone(),
    };
    let started_at = time::normalise(&attempt.started_at)
        .map_err(|e| StoreError::bad_value(path, "start time", e))?;
    let rowid = insert_head(tx, attempt.id, &start, &started_at, Some(imported_at)).map_err(err)?;
    if let Some(why) = &attempt.damaged {
        tx.execute(
            "UPDATE attempt SET damaged = ?2 WHERE id = ?1",
            params![rowid, why],
        )
        .map_err(err)?;
    }
    for (seq, d) in attempt.decisions.iter().enumerate() {
        insert_decision(tx, rowid, seq, &d.record, d.response_ms).map_err(err)?;
    }
    for p in &attempt.practice {
        insert_practice(tx, rowid, p.decision, &p.record, p.response_ms).map_err(err)?;
    }
    for m in &attempt.misses {
        insert_miss(tx, rowid, m).map_err(err)?;
    }
    if let Some(finish) = &attempt.result {
        let mut finish = finish.clone();
        finish.finished_at = time::normalise(&finish.finished_at)
            .map_err(|e| StoreError::bad_value(path, "finish time", e))?;
        insert_finish(tx, rowid, &finish).map_err(err)?;
    }
    Ok(true)
}

/// The attempt's row id, refusing an unknown, finished or damaged attempt.
pub(crate) fn open_attempt(
    tx: &Transaction<'_>,
    id: AttemptId,
    path: &Path,
    what: &'static str,
) -> Result<i64, StoreError> {
    let found: Option<(i64, bool, Option<String>)> = tx
        .prepare_cached("SELECT id, finished_at IS NOT NULL, damaged FROM attempt WHERE uuid = ?1")
        .and_then(|mut s| {
            s.query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
        })
        .map_err(|e| StoreError::from_sqlite(path, what, e))?;
    match found {
        None => Err(StoreError::NoSuchAttempt { id: id.to_string() }),
        Some((_, true, _)) => Err(StoreError::AttemptFinished { id: id.to_string() }),
        Some((_, false, Some(why))) => Err(StoreError::Damaged {
            id: id.to_string(),
            why,
        }),
        Some((rowid, false, None)) => Ok(rowid),
    }
}

/// Whether a recorded (step, choice, number) is the decision `d`.
fn same_place(there: &(String, i64, i64), d: &DecisionRecord) -> bool {
    there.0 == d.step && there.1 == d.choice as i64 && there.2 == d.number as i64
}

/// Adds a practice answer to the decision at `decision`, as its next try.
fn insert_practice(
    tx: &Transaction<'_>,
    rowid: i64,
    decision: usize,
    record: &DecisionRecord,
    response_ms: Option<u64>,
) -> rusqlite::Result<()> {
    let json = serde_json::to_string(record).expect("a decision record serialises");
    tx.prepare_cached(
        "INSERT INTO practice (attempt, decision, n, record, response_ms) VALUES (?1, ?2, (SELECT coalesce(max(n) + 1, 0) FROM practice WHERE attempt = ?1 AND decision = ?2), ?3, ?4)",
    )?
    .execute(params![
        rowid,
        decision as i64,
        json,
        response_ms.map(|ms| ms.min(i64::MAX as u64) as i64)
    ])?;
    Ok(())
}

/// Adds a missed reply before the decision at `m.decision`, as its next miss there.
fn insert_miss(tx: &Transaction<'_>, rowid: i64, m: &StoredMiss) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO miss (attempt, decision, n, step, reply, kind) VALUES (?1, ?2, (SELECT coalesce(max(n) + 1, 0) FROM miss WHERE attempt = ?1 AND decision = ?2), ?3, ?4, ?5)",
    )?
    .execute(params![
        rowid,
        m.decision as i64,
        m.step,
        m.reply,
        m.kind.as_str()
    ])?;
    Ok(())
}

/// An attempt's missed replies, in the order they were given.
fn read_misses(
    conn: &rusqlite::Connection,
    rowid: i64,
    path: &Path,
) -> Result<Vec<StoredMiss>, StoreError> {
    let err = |e| StoreError::from_sqlite(path, "read", e);
    let mut stmt = conn
        .prepare_cached(
            "SELECT decision, step, reply, kind FROM miss WHERE attempt = ?1 ORDER BY decision, n",
        )
        .map_err(err)?;
    let rows = stmt
        .query_map([rowid], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(err)?;
    let mut out = Vec::new();
    for row in rows {
        let (decision, step, reply, kind) = row.map_err(err)?;
        let kind = Miss::parse(&kind)
            .ok_or_else(|| StoreError::bad_value(path, "missed reply", format!("`{kind}`")))?;
        out.push(StoredMiss {
            decision: decision.max(0) as usize,
            step,
            reply,
            kind,
        });
    }
    Ok(out)
}

/// A finished attempt's critical errors, in the order taken.
fn read_critical(
    conn: &rusqlite::Connection,
    rowid: i64,
    path: &Path,
) -> Result<Vec<CriticalRecord>, StoreError> {
    let err = |e| StoreError::from_sqlite(path, "read", e);
    conn.prepare_cached(
        "SELECT step, choice, why FROM critical_error WHERE attempt = ?1 ORDER BY n",
    )
    .and_then(|mut s| {
        s.query_map([rowid], |r| {
            Ok(CriticalRecord {
                step: r.get(0)?,
                choice: r.get::<_, i64>(1)?.max(0) as usize,
                why: r.get(2)?,
            })
        })?
        .collect()
    })
    .map_err(err)
}

/// An attempt's practice answers, in the order they were given.
fn read_practice(
    conn: &rusqlite::Connection,
    rowid: i64,
    path: &Path,
) -> Result<Vec<StoredPractice>, StoreError> {
    let err = |e| StoreError::from_sqlite(path, "read", e);
    let mut stmt = conn
        .prepare_cached(
            "SELECT decision, record, response_ms FROM practice WHERE attempt = ?1 ORDER BY decision, n",
        )
        .map_err(err)?;
    let rows = stmt
        .query_map([rowid], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })
        .map_err(err)?;
    let mut out = Vec::new();
    for row in rows {
        let (decision, record, response_ms) = row.map_err(err)?;
        let record: DecisionRecord = serde_json::from_str(&record)
            .map_err(|e| StoreError::bad_value(path, "practice answer", e))?;
        out.push(StoredPractice {
            decision: decision.max(0) as usize,
            record,
            response_ms: response_ms.map(|ms| ms.max(0) as u64),
        });
    }
    Ok(out)
}

fn read_decisions(
    conn: &rusqlite::Connection,
    rowid: i64,
    path: &Path,
) -> Result<Vec<StoredDecision>, StoreError> {
    let err = |e| StoreError::from_sqlite(path, "read", e);
    let mut stmt = conn
        .prepare_cached(
            "SELECT step, choice, number, said, marks, mood_before, mood_after, hesitated, escalated, tactics, response_ms, reply, points FROM decision WHERE attempt = ?1 ORDER BY seq",
        )
        .map_err(err)?;
    let rows = stmt
        .query_map([rowid], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, bool>(7)?,
                r.get::<_, bool>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, Option<i64>>(10)?,
                (
                    r.get::<_, Option<String>>(11)?,
                    r.get::<_, Option<String>>(12)?,
                ),
            ))
        })
        .map_err(err)?;
    let mut out = Vec::new();
    for row in rows {
        let (
            step,
            choice,
            number,
            said,
            marks,
            mood_before,
            mood_after,
            hesitated,
            escalated,
            tactics,
            response_ms,
            (reply, points),
        ) = row.map_err(err)?;
        let MarksOwned(marks) = serde_json::from_str(&marks)
            .map_err(|e| StoreError::bad_value(path, "decision's marks", e))?;
        let tactics: Vec<String> = serde_json::from_str(&tactics)
            .map_err(|e| StoreError::bad_value(path, "decision's tactics", e))?;
        let typed = match (reply, points) {
            (None, None) => None,
            (Some(reply), Some(points)) => {
                let PointsOwned(points) = serde_json::from_str(&points)
                    .map_err(|e| StoreError::bad_value(path, "typed reply's points", e))?;
                Some(TypedRecord { reply, points })
            }
            _ => {
                return Err(StoreError::bad_value(
                    path,
                    "typed reply",
                    "a decision has a reply without its points, or points without a reply",
                ));
            }
        };
        out.push(StoredDecision {
            record: DecisionRecord {
                step,
                choice: choice.max(0) as usize,
                number: number.max(0) as usize,
                said,
                marks,
                mood_before,
                mood_after,
                hesitated,
                escalated,
                tactics,
                typed,
            },
            response_ms: response_ms.map(|ms| ms.max(0) as u64),
        });
    }
    Ok(out)
}
