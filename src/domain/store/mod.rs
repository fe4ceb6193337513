//! Progress that lasts: every attempt, decision by decision, in one SQLite file.
//!
//! The store is the only place progress lives. The CLI (`play --plain`, `history`,
//! `report`, `export`, `import`) and the TUI are layers over this API:
//!
//! - [`Store::open`] opens (or creates) the file, refusing a corrupt or foreign file without
//!   writing a byte to it; [`location::store_path`] says where the file is by default.
//! - [`Store::begin_attempt`], [`Store::record_decision`] and [`Store::finish_attempt`]
//!   record a run as it is played, each call committed in its own transaction, so a run
//!   killed half-way keeps every answer given.
//! - [`Store::unfinished`] lists what a killed run left, and [`resume::resume`] replays it on
//!   a fresh [`Run`](crate::domain::session::Run) so it continues with the same draws.
//! - [`Store::history`] and [`Store::report`] are the trainee's and the trainer's views;
//!   [`reports::ClassDebrief`] is the per-decision class debrief.
//! - [`export`], [`import`] and [`xapi`] move attempts out (JSONL, CSV, xAPI statements)
//!   and back in; sending statements over HTTP is a layer outside the core
//!   ([`crate::lrs`]).
//!
//! Concurrency: the file is in WAL mode with a busy timeout, and every write takes the
//! write lock up front (`BEGIN IMMEDIATE`), so two processes recording at once both
//! succeed, one waiting a moment for the other.

pub mod attempts;
pub mod claims;
pub mod export;
pub mod hash;
pub mod history;
pub mod import;
pub mod location;
pub mod reports;
pub mod resume;
pub mod schema;
pub mod settings;
pub mod time;
pub mod xapi;

#[cfg(test)]
mod integrity_tests;
#[cfg(test)]
mod tests;

pub use attempts::{AttemptId, AttemptStart, StoredAttempt, StoredDecision, Unfinished};
pub use history::{History, HistoryFilter, Practice};
pub use reports::{ClassDebrief, Report, ReportFilter};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another process's write to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open progress store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Opened read-only (a folder that cannot be written): reading works, writing fails.
    read_only: bool,
    /// This open store's mark on the attempts it claims ([`claims`]).
    token: String,
    owner: claims::Owner,
    /// Whether it may hold a claim, to let go of on closing.
    claimed: bool,
}

impl Drop for Store {
    fn drop(&mut self) {
        self.release_all();
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating the file (and its folder) when it does not
    /// exist and bringing an older schema up to date.
    ///
    /// A file that is not a Frontline store (random bytes, a damaged file, another
    /// program's SQLite database, a store from a newer Frontline) is refused with a
    /// [`StoreError`] that says which file, what is wrong and what to do, and is left
    /// byte-for-byte as it was.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Folder {
                path: parent.to_path_buf(),
                reason: e.to_string(),
            })?;
        }
        schema::check_header(&path)?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::from_sqlite(&path, "open", e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| StoreError::from_sqlite(&path, "open", e))?;
        // Read-only questions first: nothing is written until the file is known to be ours.
        schema::check_identity(&conn, &path)?;
        // Switching a new file to WAL needs the file to itself for a moment, and SQLite
        // answers "busy" at once rather than waiting, so two processes creating the store
        // together retry here, within the same time a busy writer is given.
        let started = std::time::Instant::now();
        loop {
            match schema::configure(&conn) {
                Ok(()) => break,
                Err(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(
                            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                        )
                    ) && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(StoreError::from_sqlite(&path, "configure", e)),
            }
        }
        let mut store = Store::with(conn, path, false);
        schema::migrate(&mut store)?;
        Ok(store)
    }

    fn with(conn: Connection, path: PathBuf, read_only: bool) -> Store {
        Store {
            conn,
            path,
            read_only,
            token: uuid::Uuid::new_v4().to_string(),
            owner: claims::Owner::me(),
            claimed: false,
        }
    }

    /// Opens an existing store for reading only, writing nothing to the file or its
    /// folder: for the commands that only read (`history`, `report`, `export`) when the
    /// store cannot be opened for writing (a read-only folder, a file one may only read).
    /// The same refusals as [`Store::open`]; a store of an older schema, which only
    /// opening it for writing brings up to date, is refused too.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        schema::check_header(&path)?;
        if !path.exists() {
            return Err(StoreError::Io {
                path,
                what: "read",
                detail: "there is no such file".into(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let read = |e| StoreError::from_sqlite(&path, "read", e);
        // A WAL store needs its `-shm` file, which a read-only folder cannot get; SQLite
        // then reads it as immutable (nobody can write it there either).
        let conn = Connection::open_with_flags(&path, flags)
            .and_then(|conn| {
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
                Ok(conn)
            })
            .or_else(|_| {
                let uri = format!("file:{}?immutable=1", uri_path(&path));
                Connection::open_with_flags(uri, flags)
            })
            .map_err(read)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(read)?;
        schema::check_identity(&conn, &path)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(read)?;
        if version < schema::LATEST {
            return Err(StoreError::Io {
                path,
                what: "read",
                detail: format!(
                    "it is of an older schema (version {version}), which only a Frontline that can write to it brings up to date (to version {})",
                    schema::LATEST
                ),
            });
        }
        Ok(Store::with(conn, path, true))
    }

    /// How long a write waits for another process's write before failing
    /// ([`BUSY_TIMEOUT`] unless changed).
    pub fn set_busy_timeout(&self, wait: Duration) {
        let _ = self.conn.busy_timeout(wait);
    }

    /// Whether this store was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a transaction that holds the write lock from its start, so that two
    /// writers queue instead of failing; commits when `f` succeeds.
    pub(crate) fn write<T>(
        &mut self,
        what: &'static str,
        f: impl FnOnce(&Store, &rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let store: &Store = self;
        let tx = rusqlite::Transaction::new_unchecked(&store.conn, TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(&store.path, what, e))?;
        let value = f(store, &tx)?;
        tx.commit()
            .map_err(|e| StoreError::from_sqlite(&store.path, what, e))?;
        Ok(value)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Wraps an SQLite error with this store's path and what was being done.
    pub(crate) fn err(&self, what: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| StoreError::from_sqlite(&self.path, what, e)
    }
}

/// Everything that can go wrong with the store, each saying which file, what is wrong and
/// what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// No platform data folder could be found and none was given.
    NoDataFolder,
    /// The folder for the store cannot be created.
    Folder { path: PathBuf, reason: String },
    /// The path names a folder, not a file.
    IsAFolder { path: PathBuf },
    /// The file is not an SQLite database at all (or is damaged beyond its header).
    NotADatabase { path: PathBuf },
    /// An SQLite database, but another program's.
    Foreign { path: PathBuf, detail: String },
    /// A Frontline store whose schema is newer than this program knows.
    TooNew {
        path: PathBuf,
        version: i64,
        known: i64,
    },
    /// SQLite reports the file damaged.
    Corrupt { path: PathBuf, detail: String },
    /// The file cannot be read or written (permissions, disk full, locked too long).
    Io {
        path: PathBuf,
        what: &'static str,
        detail: String,
    },
    /// No attempt has this id.
    NoSuchAttempt { id: String },
    /// An id prefix that more than one attempt starts with.
    AmbiguousAttempt { prefix: String, count: usize },
    /// The attempt is finished: no decision can be added to it.
    AttemptFinished { id: String },
    /// Another live process is recording into the attempt ([`claims`]).
    Claimed {
        id: String,
        pid: i64,
        host: String,
        since: String,
    },
    /// The attempt's record does not match its run and is kept as it is, never rewritten.
    Damaged { id: String, why: String },
    /// A decision written out of its place: a gap before it, or another one in its place.
    OutOfOrder { id: String, detail: String },
    /// A value read from the store does not make sense (edited by hand?).
    BadValue {
        path: PathBuf,
        what: String,
        detail: String,
    },
}

impl StoreError {
    pub(crate) fn from_sqlite(path: &Path, what: &'static str, e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
                path: path.to_path_buf(),
            },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: sqlite_detail(&e),
            },
            _ => StoreError::Io {
                path: path.to_path_buf(),
                what,
                detail: sqlite_detail(&e),
            },
        }
    }

    pub(crate) fn bad_value(
        path: &Path,
        what: impl Into<String>,
        detail: impl fmt::Display,
    ) -> Self {
        StoreError::BadValue {
            path: path.to_path_buf(),
            what: what.into(),
            detail: detail.to_string(),
        }
    }
}

/// SQLite's own words for an error, on one line: never the SQL it was running (rusqlite
/// quotes the whole statement, which for a migration is dozens of lines).
fn sqlite_detail(e: &rusqlite::Error) -> String {
    let text = match e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    };
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(200).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

const MOVE_IT: &str = "It was left untouched. Move or rename it, or use another folder with --data-dir DIR (or FRONTLINE_DATA=DIR).";

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NoDataFolder => f.write_str(
                "error: no folder for progress: this system names no data folder for the user. Give one with --data-dir DIR (or FRONTLINE_DATA=DIR).",
            ),
            StoreError::Folder { path, reason } => write!(
                f,
                "error: cannot create the progress folder {}: {reason}. Create it yourself, or use another folder with --data-dir DIR (or FRONTLINE_DATA=DIR).",
                path.display()
            ),
            StoreError::IsAFolder { path } => write!(
                f,
                "error: the progress store {} is a folder, not a file. {MOVE_IT}",
                path.display()
            ),
            StoreError::NotADatabase { path } => write!(
                f,
                "error: the progress store {} is not an SQLite database (its first bytes are not an SQLite header): it is damaged, or another file took its name. {MOVE_IT} Frontline then starts a new, empty store there.",
                path.display()
            ),
            StoreError::Foreign { path, detail } => write!(
                f,
                "error: {} is an SQLite database, but not Frontline's progress store ({detail}). {MOVE_IT}",
                path.display()
            ),
            StoreError::TooNew {
                path,
                version,
                known,
            } => write!(
                f,
                "error: the progress store {} was written by a newer Frontline (schema version {version}; this program knows up to {known}). It was left untouched. Upgrade Frontline, or use another folder with --data-dir DIR.",
                path.display()
            ),
            StoreError::Corrupt { path, detail } => write!(
                f,
                "error: the progress store {} is damaged ({detail}). Keep a copy of it, then move it away (`sqlite3 FILE .recover` may rescue its records), or use another folder with --data-dir DIR.",
                path.display()
            ),
            StoreError::Io { path, what, detail } => write!(
                f,
                "error: cannot {what} the progress store {}: {detail}. Check that the file and its folder can be written (and that no other program holds it locked), or use another folder with --data-dir DIR.",
                path.display()
            ),
            StoreError::NoSuchAttempt { id } => write!(
                f,
                "error: no attempt `{id}` in the progress store; `frontline history` lists attempts with their ids"
            ),
            StoreError::AmbiguousAttempt { prefix, count } => write!(
                f,
                "error: {count} attempts start with `{prefix}`; give more of the id"
            ),
            StoreError::AttemptFinished { id } => write!(
                f,
                "error: attempt {id} is already finished; nothing more can be recorded in it"
            ),
            StoreError::Claimed {
                id,
                pid,
                host,
                since,
            } => write!(
                f,
                "error: attempt {id} is being played by another Frontline (process {pid} on {host}, since {since}); one attempt takes answers from one run at a time.\nFinish or quit that run first, then resume it; a claim of a process that has ended is taken over by itself."
            ),
            StoreError::Damaged { id, why } => write!(
                f,
                "error: attempt {id} is marked damaged and is kept as it is: {why}. It cannot be resumed or finished; start the scenario again."
            ),
            StoreError::OutOfOrder { id, detail } => write!(
                f,
                "error: a decision of attempt {id} was not recorded in its place ({detail}); nothing was changed"
            ),
            StoreError::BadValue { path, what, detail } => write!(
                f,
                "error: the progress store {} holds a {what} that makes no sense ({detail}); was it edited by hand? Export what can be read with `frontline export --format jsonl`.",
                path.display()
            ),
        }
    }
}

impl std::error::Error for StoreError {}

/// A path as the path part of an SQLite `file:` URI.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b'\\' => out.push('/'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod typed_tests;
