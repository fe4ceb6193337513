//! One writer per attempt: an advisory claim in the store.
//!
//! The process recording into an unfinished attempt holds a row in `claim`: a token of
//! its open [`Store`], its pid, its host and when its process started. Every write to the
//! attempt (a decision, the result) checks the claim in the same transaction as the write:
//! no claim, or its own, and the write goes on (taking or refreshing the claim); another
//! live process's, and the write is refused with [`StoreError::Claimed`], so two runs of
//! one attempt (two `--resume` at once) can never mix their answers. The claim goes when
//! the attempt finishes, when the program lets go of it, and when the store is closed.
//!
//! A claim left by a process that died without letting go (killed) is taken over: on the
//! same host, when no process with that pid is running, or the one running started at
//! another time (the pid was reused); from another host sharing the file, whose
//! processes cannot be seen from here, when it has not written for [`OTHER_HOST_STALE`].

use super::{AttemptId, Store, StoreError, time};
use rusqlite::{OptionalExtension, Transaction, params};
use std::time::Duration;

/// How long a claim from another host lasts without a write before it is taken over.
pub const OTHER_HOST_STALE: Duration = Duration::from_secs(12 * 60 * 60);

/// Who this process is, as a claim records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owner {
    pub pid: i64,
    pub host: String,
    /// When the process started, as the system counts it (Linux: clock ticks since boot);
    /// `None` where it cannot be read.
    pub process_start: Option<String>,
}

impl Owner {
    pub fn me() -> Owner {
        let pid = i64::from(std::process::id());
        Owner {
            pid,
            host: host_name(),
            process_start: process_start(pid),
        }
    }
}

/// A claim as stored.
#[derive(Debug, Clone)]
struct Held {
    token: String,
    pid: i64,
    host: String,
    process_start: Option<String>,
    claimed_at: String,
    seen_at: String,
}

impl Held {
    /// Whether its process is gone, so the claim can be taken over.
    fn stale(&self, me: &Owner) -> bool {
        if self.host == me.host {
            return !process_alive(self.pid, self.process_start.as_deref());
        }
        match time::millis_between(&self.seen_at, &time::now()) {
            Some(ms) => Duration::from_millis(ms) >= OTHER_HOST_STALE,
            None => false,
        }
    }
}

/// Takes or refreshes the claim on the attempt with row id `rowid` for the store whose
/// token is `token`; refuses another live process's claim.
pub(crate) fn take(
    tx: &Transaction<'_>,
    store: &Store,
    rowid: i64,
    id: AttemptId,
) -> Result<(), StoreError> {
    let err = |e| StoreError::from_sqlite(&store.path, "claim an attempt in", e);
    let held = held(tx, rowid).map_err(err)?;
    let now = time::now();
    match held {
        Some(h) if h.token == store.token => {
            tx.prepare_cached("UPDATE claim SET seen_at = ?2 WHERE attempt = ?1")
                .and_then(|mut s| s.execute(params![rowid, now]))
                .map_err(err)?;
        }
        Some(h) if !h.stale(&store.owner) => return Err(h.refusal(id)),
        _ => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO claim (attempt, token, pid, host, process_start, claimed_at, seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    rowid,
                    store.token,
                    store.owner.pid,
                    store.owner.host,
                    store.owner.process_start,
                    now
                ])
            })
            .map_err(err)?;
        }
    }
    Ok(())
}

/// Refuses a write to the attempt with row id `rowid` while another live process holds
/// its claim, without taking the claim (a practice answer, which may come after the
/// attempt finished and let go of it, must not leave a claim behind).
pub(crate) fn refuse_others(
    tx: &Transaction<'_>,
    store: &Store,
    rowid: i64,
    id: AttemptId,
) -> Result<(), StoreError> {
    let held = held(tx, rowid)
        .map_err(|e| StoreError::from_sqlite(&store.path, "check the claim on an attempt in", e))?;
    match held {
        Some(h) if h.token != store.token && !h.stale(&store.owner) => Err(h.refusal(id)),
        _ => Ok(()),
    }
}

/// The claim on the attempt `rowid`, if any.
fn held(tx: &Transaction<'_>, rowid: i64) -> rusqlite::Result<Option<Held>> {
    tx.prepare_cached(
        "SELECT token, pid, host, process_start, claimed_at, seen_at FROM claim WHERE attempt = ?1",
    )
    .and_then(|mut s| {
        s.query_row([rowid], |r| {
            Ok(Held {
                token: r.get(0)?,
                pid: r.get(1)?,
                host: r.get(2)?,
                process_start: r.get(3)?,
                claimed_at: r.get(4)?,
                seen_at: r.get(5)?,
            })
        })
        .optional()
    })
}

impl Held {
    /// The error a write gets while this claim stands.
    fn refusal(self, id: AttemptId) -> StoreError {
        StoreError::Claimed {
            id: id.to_string(),
            pid: self.pid,
            host: self.host,
            since: self.claimed_at,
        }
    }
}

/// Drops this store's claim on the attempt `rowid` (another's stays).
pub(crate) fn release(tx: &Transaction<'_>, store: &Store, rowid: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM claim WHERE attempt = ?1 AND token = ?2")?
        .execute(params![rowid, store.token])?;
    Ok(())
}

impl Store {
    /// Claims an unfinished attempt for this store before writing into it (a resume):
    /// refused with [`StoreError::Claimed`] while another live process records into it.
    pub fn claim_attempt(&mut self, id: AttemptId) -> Result<(), StoreError> {
        self.write("claim an attempt in", |store, tx| {
            let rowid = super::attempts::open_attempt(tx, id, &store.path, "claim an attempt in")?;
            take(tx, store, rowid, id)
        })?;
        self.claimed = true;
        Ok(())
    }

    /// Lets go of this store's claim on an attempt (a run left half-way); it stays
    /// unfinished and anyone can resume it.
    pub fn release_attempt(&mut self, id: AttemptId) -> Result<(), StoreError> {
        self.write("release an attempt in", |store, tx| {
            let rowid: Option<i64> = tx
                .query_row(
                    "SELECT id FROM attempt WHERE uuid = ?1",
                    [id.to_string()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| StoreError::from_sqlite(&store.path, "release an attempt in", e))?;
            if let Some(rowid) = rowid {
                release(tx, store, rowid).map_err(|e| {
                    StoreError::from_sqlite(&store.path, "release an attempt in", e)
                })?;
            }
            Ok(())
        })
    }

    /// Drops every claim this store holds; called when it closes.
    pub(crate) fn release_all(&mut self) {
        if !self.claimed {
            return;
        }
        // A store busy for long must not keep a closing program waiting.
        let _ = self.conn.busy_timeout(Duration::from_secs(2));
        let _ = self
            .conn
            .execute("DELETE FROM claim WHERE token = ?1", [&self.token]);
        self.claimed = false;
    }
}

/// This machine's name, as other processes sharing the store see it.
fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
            let name = String::from_utf8_lossy(&buf[..end]).into_owned();
            if !name.is_empty() {
                return name;
            }
        }
    }
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_else(|_| "localhost".to_owned())
}

/// The fields of /proc/PID/stat after the command name (state first, start time 20th).
#[cfg(target_os = "linux")]
fn proc_stat(pid: i64) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 1..];
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

/// When process `pid` started, as the system counts it.
fn process_start(pid: i64) -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        proc_stat(pid)?.get(19).cloned()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        None
    }
}

/// Whether process `pid` is running and is the one that started at `start` (when known).
fn process_alive(pid: i64, start: Option<&str>) -> bool {
    #[cfg(target_os = "linux")]
    {
        let Some(fields) = proc_stat(pid) else {
            return false;
        };
        // A zombie (killed, not yet reaped by its parent) writes nothing more.
        if fields.first().is_some_and(|s| s == "Z" || s == "X") {
            return false;
        }
        match (start, fields.get(19)) {
            (Some(recorded), Some(now)) => recorded == now,
            _ => true,
        }
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let _ = start;
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = (pid, start);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reused_pid_is_not() {
        let me = Owner::me();
        assert!(process_alive(me.pid, me.process_start.as_deref()));
        if cfg!(target_os = "linux") {
            assert!(!process_alive(me.pid, Some("1")), "another start time");
            assert!(!process_alive(i64::from(i32::MAX), None), "no such pid");
        }
        assert!(!me.host.is_empty());
    }
}
