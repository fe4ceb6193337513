//! Through the real binary: a plain run whose store is locked by another program over
//! its busy timeout across two answers keeps every answer in its place (never shifted,
//! never duplicated), a run killed after such a failure resumes from what was stored,
//! and two `--resume` of one attempt at once are one too many.
#![cfg(unix)]

use frontline::domain::store::Store;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const REFUND: &str = "tests/fixtures/engine/engine-refund.toml";
const RUN: [&str; 8] = [
    "play",
    "--plain",
    "--json",
    "--seed",
    "7",
    "--trainee",
    "Ana",
    REFUND,
];

fn frontline(data: &std::path::Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("frontline"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_LIBRARY")
        .env_remove("FRONTLINE_DATA")
        .env("NO_COLOR", "1")
        .arg("--data-dir")
        .arg(data);
    cmd
}

/// A running frontline whose stderr lines arrive on a channel as they are written.
struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn spawn(mut cmd: Command) -> Running {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            stdin,
            stderr: rx,
            seen: Vec::new(),
        }
    }

    fn answer(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Waits for a stderr line containing `words`.
    fn wait_for(&mut self, words: &str) {
        loop {
            match self.stderr.recv_timeout(Duration::from_secs(90)) {
                Ok(line) => {
                    let found = line.contains(words);
                    self.seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(_) => panic!("no `{words}` on stderr; saw:\n{}", self.seen.join("\n")),
            }
        }
    }

    /// Closes stdin and waits for the end; the JSON result.
    fn finish(mut self) -> (Value, String) {
        drop(self.stdin.take());
        let mut out = String::new();
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        let status = self.child.wait().unwrap();
        let rest: Vec<String> = self.stderr.iter().collect();
        self.seen.extend(rest);
        let stderr = self.seen.join("\n");
        assert!(status.success(), "{stderr}");
        (serde_json::from_str(&out).unwrap(), stderr)
    }
}

/// Another program holding the store's write lock (as `sqlite3` with `BEGIN EXCLUSIVE`).
fn lock(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    conn
}

/// The same seed and answers in one go, recorded nowhere.
fn uninterrupted(data: &std::path::Path, answers: &str) -> Value {
    let mut cmd = frontline(data);
    cmd.args(RUN).arg("--no-record");
    let mut run = Running::spawn(cmd);
    run.answer(answers);
    run.finish().0
}

/// Waits until the store has begun an attempt (the file is set up and the run waits for
/// its first answer).
fn wait_for_attempt(path: &std::path::Path) {
    for _ in 0..1200 {
        if let Ok(store) = Store::open(path)
            && store.unfinished(None).is_ok_and(|u| !u.is_empty())
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no attempt was begun");
}

#[test]
fn a_store_locked_across_two_answers_loses_and_shifts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut cmd = frontline(dir.path());
    cmd.args(RUN);
    let mut run = Running::spawn(cmd);
    wait_for_attempt(&path);

    // Locked past the busy timeout (10 s) for the first two answers.
    let locker = lock(&path);
    run.answer("1\n");
    run.wait_for("answer 1 was not recorded");
    run.answer("2\n");
    run.wait_for("the 2 answers not recorded are kept");
    locker.execute_batch("COMMIT").unwrap();
    run.answer("1\n");
    let (result, stderr) = run.finish();
    assert!(!stderr.contains("result was not recorded"), "{stderr}");

    let store = Store::open(&path).unwrap();
    let all = store.attempts(&Default::default()).unwrap();
    assert_eq!(all.len(), 1);
    let attempt = &all[0];
    assert!(attempt.damaged.is_none());
    let steps: Vec<&str> = attempt
        .decisions
        .iter()
        .map(|d| d.record.step.as_str())
        .collect();
    assert_eq!(steps, ["opening", "details", "lookup"]);
    // The mood chain holds: each answer starts where the one before left the customer.
    for pair in attempt.decisions.windows(2) {
        assert_eq!(pair[0].record.mood_after, pair[1].record.mood_before);
    }
    let recorded = serde_json::to_value(attempt.run_result().unwrap()).unwrap();
    assert_eq!(recorded, result);
    assert_eq!(result, uninterrupted(dir.path(), "1\n2\n1\n"));
}

#[test]
fn a_run_killed_after_a_failed_answer_resumes_from_what_was_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut cmd = frontline(dir.path());
    cmd.args(RUN);
    let mut run = Running::spawn(cmd);
    wait_for_attempt(&path);
    let locker = lock(&path);
    run.answer("1\n");
    run.wait_for("answer 1 was not recorded");
    locker.execute_batch("COMMIT").unwrap();
    // The second answer writes the first one too, in order; then the run is killed.
    run.answer("2\n");
    for _ in 0..1200 {
        let store = Store::open(&path).unwrap();
        if store.unfinished(None).unwrap()[0].decisions.len() == 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    run.child.kill().unwrap();
    run.child.wait().unwrap();

    let store = Store::open(&path).unwrap();
    let attempt = store.unfinished(None).unwrap().remove(0);
    let steps: Vec<&str> = attempt
        .decisions
        .iter()
        .map(|d| d.record.step.as_str())
        .collect();
    assert_eq!(steps, ["opening", "details"]);
    drop(store);

    let mut cmd = frontline(dir.path());
    cmd.args(["play", "--plain", "--json", "--resume"]);
    let mut resumed = Running::spawn(cmd);
    resumed.answer("1\n");
    let (result, _) = resumed.finish();
    assert_eq!(result, uninterrupted(dir.path(), "1\n2\n1\n"));
}

#[test]
fn a_second_resume_of_the_same_attempt_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    // A run left after one answer (its input ended).
    let mut cmd = frontline(dir.path());
    cmd.args(RUN);
    let mut first = Running::spawn(cmd);
    first.answer("1\n");
    drop(first.stdin.take());
    assert_eq!(first.child.wait().unwrap().code(), Some(1));

    // One resume goes on, waiting for its next answer...
    let mut cmd = frontline(dir.path());
    cmd.args(["play", "--plain", "--json", "--resume"]);
    let mut one = Running::spawn(cmd);
    one.answer("2\n");
    for _ in 0..1200 {
        let store = Store::open(&path).unwrap();
        if store.unfinished(None).unwrap()[0].decisions.len() == 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // ...so a second one of the same attempt is refused, changing nothing.
    let out = frontline(dir.path())
        .args(["play", "--plain", "--json", "--resume"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is being played by another Frontline"),
        "{stderr}"
    );
    assert!(stderr.lines().count() <= 2, "{stderr}");

    one.answer("1\n");
    let (result, _) = one.finish();
    assert_eq!(result, uninterrupted(dir.path(), "1\n2\n1\n"));
    let store = Store::open(&path).unwrap();
    let all = store.attempts(&Default::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].decisions.len(), 3);
    // Once it is finished, nothing is left to resume.
    let out = frontline(dir.path())
        .args(["play", "--plain", "--resume"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
