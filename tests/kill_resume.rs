//! A plain-mode run killed with SIGKILL keeps every answer it was given, and
//! `play --plain --resume` continues it with the same draws to the same result as a run
//! that was never interrupted. Through the real binary.
#![cfg(unix)]

use frontline::domain::store::Store;
use serde_json::Value;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REFUND: &str = "tests/fixtures/engine/engine-refund.toml";

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

/// Runs to the end with `input`, and returns the JSON result.
fn finish(mut cmd: Command, input: &str) -> Value {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_killed_run_resumes_with_the_same_draws_and_result() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // Shuffled, so the numbers only mean the same choices if the draws repeat.
    let mut cmd = frontline(data);
    cmd.args([
        "play",
        "--plain",
        "--json",
        "--seed",
        "7",
        "--trainee",
        "Ana",
        REFUND,
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    // Two answers; stdin stays open, so the run waits at the third step.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"1\n2\n").unwrap();
    stdin.flush().unwrap();

    let path = data.join("progress.sqlite3");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(
            Instant::now() < deadline,
            "the two answers were not recorded in time"
        );
        if path.exists()
            && let Ok(store) = Store::open(&path)
            && let Ok(unfinished) = store.unfinished(Some("Ana"))
            && unfinished.first().is_some_and(|u| u.decisions.len() == 2)
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9));
    drop(stdin);

    let store = Store::open(&path).unwrap();
    let unfinished = store.unfinished(None).unwrap();
    assert_eq!(unfinished.len(), 1);
    let attempt = &unfinished[0];
    assert_eq!(attempt.seed, 7);
    assert!(attempt.shuffle);
    let steps: Vec<&str> = attempt
        .decisions
        .iter()
        .map(|d| d.record.step.as_str())
        .collect();
    assert_eq!(steps, ["opening", "details"]);
    let numbers: Vec<usize> = attempt.decisions.iter().map(|d| d.record.number).collect();
    assert_eq!(numbers, [1, 2]);
    drop(store);

    // Resume: one more answer finishes it, from the third step.
    let mut resume = frontline(data);
    resume.args(["play", "--plain", "--json", "--resume"]);
    let resumed = finish(resume, "1\n");

    // The same seed and picks, never interrupted, recorded nowhere.
    let mut whole = frontline(data);
    whole.args([
        "play",
        "--plain",
        "--json",
        "--no-record",
        "--seed",
        "7",
        "--trainee",
        "Ana",
        REFUND,
    ]);
    let whole = finish(whole, "1\n2\n1\n");
    assert_eq!(resumed, whole);
    assert_eq!(resumed["steps"].as_array().unwrap().len(), 3);
    assert_eq!(resumed["steps"][2], "lookup");

    // The store has that one attempt, finished, with all three decisions.
    let store = Store::open(&path).unwrap();
    assert!(store.unfinished(None).unwrap().is_empty());
    let finished = store.attempt(attempt.id).unwrap();
    assert_eq!(finished.decisions.len(), 3);
    let recorded = serde_json::to_value(finished.run_result().unwrap()).unwrap();
    assert_eq!(recorded, whole);
    assert_eq!(store.trainees().unwrap(), ["Ana"]);
}
