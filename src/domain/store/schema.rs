//! The store's schema, its versions, and the checks that keep a foreign file untouched.
//!
//! A Frontline store is marked twice in its SQLite header: `PRAGMA application_id` is
//! [`APPLICATION_ID`] and `PRAGMA user_version` is the schema version, one per entry of
//! [`MIGRATIONS`]. Opening an older store applies the missing migrations in one
//! transaction; a newer one is refused.

use super::{Store, StoreError};
use rusqlite::{Connection, ErrorCode, TransactionBehavior};
use std::io::Read;
use std::path::Path;

/// "FRNT": marks an SQLite file as a Frontline progress store.
pub const APPLICATION_ID: i64 = 0x4652_4E54;

/// The 16 bytes every SQLite 3 database starts with.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The schema version this program writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Version 1.
///
/// - `attempt`: one row per run. `uuid` is the attempt's id everywhere outside the file;
///   `seed` keeps the u64 seed's bits in a signed integer; times are RFC 3339 UTC text with
///   milliseconds (`2026-11-23T14:42:07.123Z`), so text order is time order. The result
///   columns are NULL until the run finishes. `sent_at` is when an LRS accepted it.
/// - `decision`: one row per answer, `seq` from 0, kept in (attempt, seq) order so an
///   attempt's decisions are read together; `marks` is a JSON object
///   `{"listening": {"earned", "best", "worst"}, ...}` in rubric order, `tactics` a JSON
///   array; `response_ms` is NULL when unknown (imported, or filled in at the finish).
/// - `attempt_dimension`: a finished attempt's percent per dimension (NULL: not
///   assessed), `position` in rubric order.
const V1: &str = "
CREATE TABLE attempt (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT    NOT NULL UNIQUE,
    trainee        TEXT    NOT NULL,
    scenario       TEXT    NOT NULL,
    scenario_title TEXT    NOT NULL,
    scenario_hash  TEXT    NOT NULL,
    source         TEXT,
    seed           INTEGER NOT NULL,
    shuffle        INTEGER NOT NULL CHECK (shuffle IN (0, 1)),
    mode           TEXT    NOT NULL CHECK (mode IN ('coach', 'assess')),
    customer       TEXT    NOT NULL,
    started_at     TEXT    NOT NULL,
    finished_at    TEXT,
    ending         TEXT,
    outcome        TEXT CHECK (outcome IN ('resolved', 'partial', 'escalated', 'lost')),
    passed         INTEGER CHECK (passed IN (0, 1)),
    overall        REAL,
    final_mood     INTEGER,
    sent_at        TEXT
) STRICT;
CREATE INDEX attempt_by_trainee  ON attempt (trainee, started_at);
CREATE INDEX attempt_by_scenario ON attempt (scenario, started_at);
CREATE INDEX attempt_by_started  ON attempt (started_at);
-- Covers the report's grouping: per trainee and scenario, without touching the table.
CREATE INDEX attempt_report      ON attempt (trainee, scenario, finished_at, passed, overall);

CREATE TABLE decision (
    attempt     INTEGER NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    step        TEXT    NOT NULL,
    choice      INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    said        TEXT    NOT NULL,
    marks       TEXT    NOT NULL,
    mood_before INTEGER NOT NULL,
    mood_after  INTEGER NOT NULL,
    hesitated   INTEGER NOT NULL CHECK (hesitated IN (0, 1)),
    escalated   INTEGER NOT NULL CHECK (escalated IN (0, 1)),
    tactics     TEXT    NOT NULL,
    response_ms INTEGER,
    PRIMARY KEY (attempt, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE attempt_dimension (
    attempt   INTEGER NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    dimension TEXT    NOT NULL,
    percent   REAL,
    PRIMARY KEY (attempt, dimension)
) STRICT, WITHOUT ROWID;
";

/// Version 2: typed replies, so a resumed typed-reply run replays them exactly.
///
/// - `attempt.free_text`: 1 when the run was played by typing replies (`--free-text`, `t`
///   in the library), so a resume goes on the same way; 0 for the attempts before.
/// - `decision.reply`: for a decision made by a typed reply, the reply as typed (trimmed);
///   NULL for a chosen one. `decision.points`: with it, the points per dimension the reply
///   was given after clamping into the decision's [worst, best], a JSON object
///   `{"listening": 1, ...}` in rubric order; NULL for a chosen one. `choice` and `number`
///   are still the choice it was taken as.
const V2: &str = "
ALTER TABLE attempt ADD COLUMN free_text INTEGER NOT NULL DEFAULT 0 CHECK (free_text IN (0, 1));
ALTER TABLE decision ADD COLUMN reply TEXT;
ALTER TABLE decision ADD COLUMN points TEXT;
";

/// Version 3: classes, damaged and imported attempts, one writer per attempt, settings.
///
/// - `attempt.class`: the class (a text id) the attempt was played in, NULL outside one;
///   `attempt_by_class` lists a class's attempts in start order.
/// - `attempt.damaged`: why the attempt's record cannot be trusted (its decisions do not
///   match the run that finished it); NULL for a sound one. A damaged attempt is never
///   rewritten, finished or resumed.
/// - `attempt.imported_at`: when it came in by `import`; NULL for one recorded here. Its
///   `source` path names a file on another machine and is never read.
/// - `claim`: the one process recording into an unfinished attempt (an advisory lock):
///   its random `token`, its `pid`, `host` and the process's start (`process_start`, as
///   the system counts it, to tell a reused pid), when it claimed the attempt and when it
///   last wrote. Removed when the attempt finishes or the program lets go of it.
/// - `setting`: small values the program remembers between runs (the last trainee).
const V3: &str = "
ALTER TABLE attempt ADD COLUMN class TEXT;
ALTER TABLE attempt ADD COLUMN damaged TEXT;
ALTER TABLE attempt ADD COLUMN imported_at TEXT;
CREATE INDEX attempt_by_class ON attempt (class, started_at);

CREATE TABLE claim (
    attempt       INTEGER PRIMARY KEY REFERENCES attempt (id) ON DELETE CASCADE,
    token         TEXT    NOT NULL,
    pid           INTEGER NOT NULL,
    host          TEXT    NOT NULL,
    process_start TEXT,
    claimed_at    TEXT    NOT NULL,
    seen_at       TEXT    NOT NULL
) STRICT;

CREATE TABLE setting (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
";

/// Version 4: practice, the answers of a decision tried again in coach mode (`t`).
///
/// - `practice`: one row per practice answer. `decision` is the place (`seq`) of the
///   decision that was tried again, `n` counts its tries from 0, `record` is the answer
///   as JSON (the shape of a JSONL export's decision) and `response_ms` the time to answer.
///   Kept apart from `decision` so nothing that scores or counts an attempt sees them: the
///   first answer is the one scored.
const V4: &str = "
CREATE TABLE practice (
    attempt     INTEGER NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    decision    INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    record      TEXT    NOT NULL,
    response_ms INTEGER,
    PRIMARY KEY (attempt, decision, n)
) STRICT, WITHOUT ROWID;
";

/// Version 5: what a result and a resume need that the decisions do not say. Only adds.
///
/// - `miss`: one row per typed reply that was not taken as a choice (a non-answer, a
///   repeat, an echo, one alike no choice, an unclear one), so a killed run resumes with
///   the same count at its step (after the third the numbered choices are offered) and
///   the same hesitation cost. `decision` is the place (`seq`) of the decision the miss
///   came before, `n` counts the misses there from 0, `kind` is the miss's kind.
/// - `critical_error`: a finished attempt's critical errors, in the order taken: the
///   decision's place (`seq`), its step and the choice (index as authored) it was or was
///   taken as, and the author's reason (`why`), so a debrief and a report say why the run
///   failed even when the scenario file has changed since.
const V5: &str = "
CREATE TABLE miss (
    attempt  INTEGER NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    decision INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    step     TEXT    NOT NULL,
    reply    TEXT    NOT NULL,
    kind     TEXT    NOT NULL CHECK (kind IN ('non-answer', 'repeat', 'echo', 'no-match', 'unclear')),
    PRIMARY KEY (attempt, decision, n)
) STRICT, WITHOUT ROWID;

CREATE TABLE critical_error (
    attempt  INTEGER NOT NULL REFERENCES attempt (id) ON DELETE CASCADE,
    n        INTEGER NOT NULL,
    step     TEXT    NOT NULL,
    choice   INTEGER NOT NULL,
    why      TEXT    NOT NULL,
    PRIMARY KEY (attempt, n)
) STRICT, WITHOUT ROWID;
";

/// Refuses, before SQLite touches it, a file that is not an SQLite database at all.
pub(super) fn check_header(path: &Path) -> Result<(), StoreError> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                what: "read",
                detail: e.to_string(),
            });
        }
    };
    if meta.is_dir() {
        return Err(StoreError::IsAFolder {
            path: path.to_path_buf(),
        });
    }
    if meta.len() == 0 {
        // SQLite treats an empty file as an empty database.
        return Ok(());
    }
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path)
        .and_then(|f| f.take(16).read_to_end(&mut head))
        .map_err(|e| StoreError::Io {
            path: path.to_path_buf(),
            what: "read",
            detail: e.to_string(),
        })?;
    if head.as_slice() != SQLITE_HEADER {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Reads the header marks and refuses another program's database or a newer store.
/// Only reads: a refused file is left exactly as it was.
pub(super) fn check_identity(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let read = |e| StoreError::from_sqlite(path, "read", e);
    // One read transaction, so the three answers come from one snapshot: another process
    // setting up a new store at this moment must not be seen half-way (tables, but no
    // marks yet), which would look like another program's database.
    let snapshot = conn.unchecked_transaction().map_err(read)?;
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(read)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(read)?;
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(read)?;
    snapshot.commit().map_err(read)?;
    let objects = names.len();
    let foreign = |detail: String| {
        Err(StoreError::Foreign {
            path: path.to_path_buf(),
            detail,
        })
    };
    if app == APPLICATION_ID {
        if version > LATEST {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                version,
                known: LATEST,
            });
        }
        // The mark alone is not enough: a table Frontline does not make at this version
        // means another program shares the file, and setting up ours there would change it.
        if let Some(other) = names.iter().find(|n| !known_object(n, version)) {
            return foreign(format!(
                "it carries Frontline's mark, but also `{other}`, which no Frontline version {version} store has"
            ));
        }
        return Ok(());
    }
    if app == 0 && version == 0 && objects == 0 {
        // A new or empty file: ours to set up.
        return Ok(());
    }
    if app == 0 {
        let what = if objects == 1 {
            "1 table or index".to_owned()
        } else {
            format!("{objects} tables and indexes")
        };
        return foreign(format!("it holds {what} of its own"));
    }
    foreign(format!(
        "its application id is {app:#x}, not Frontline's {APPLICATION_ID:#x}"
    ))
}

/// The tables and indexes each schema version adds (SQLite's own `sqlite_*` aside).
const OBJECTS: &[(i64, &[&str])] = &[
    (
        1,
        &[
            "attempt",
            "attempt_by_trainee",
            "attempt_by_scenario",
            "attempt_by_started",
            "attempt_report",
            "decision",
            "attempt_dimension",
        ],
    ),
    (3, &["attempt_by_class", "claim", "setting"]),
    (4, &["practice"]),
    (5, &["miss", "critical_error"]),
];

/// Whether a store at `version` has an object named `name`.
fn known_object(name: &str, version: i64) -> bool {
    OBJECTS
        .iter()
        .any(|(since, names)| *since <= version && names.contains(&name))
}

/// WAL, so readers never block the writer; `synchronous = NORMAL`, which in WAL mode
/// loses no committed transaction when the process is killed (only, at worst, the last
/// ones on a power cut); foreign keys on.
pub(super) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
            Some(format!(
                "the file cannot use write-ahead logging (mode {mode})"
            )),
        ));
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
}

/// Applies the migrations the file lacks, all in one transaction. Two processes opening a
/// new store at once are safe: the second waits for the lock, then finds nothing to do.
pub(super) fn migrate(store: &mut Store) -> Result<(), StoreError> {
    let path = store.path.clone();
    let err = |e| StoreError::from_sqlite(&path, "set up", e);
    let current: i64 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(err)?;
    if current >= LATEST {
        return Ok(());
    }
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(err)?;
    let current: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(err)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        tx.execute_batch(sql)
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::ReadOnly) => StoreError::Io {
                    path: path.clone(),
                    what: "write",
                    detail: e.to_string(),
                },
                _ => StoreError::from_sqlite(&path, "set up", e),
            })?;
        tx.pragma_update(None, "user_version", i as i64 + 1)
            .map_err(err)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(())
}
