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
fn finish(cmd: Command, input: &str) -> Value {
    let out = run_with(cmd, input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs with `input` to the end of the input, and returns the output.
fn run_with(mut cmd: Command, input: &str) -> std::process::Output {
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
    child.wait_with_output().unwrap()
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

const PARCEL: &str = "tests/fixtures/valid/parcel-mixup.toml";

/// Seed 7 draws Priya Shah. A paraphrase of the best choice at `opening` with a
/// condescending "obviously" (the choice's marks, listening and non_defensive moved a
/// point down: 0, +1, +2), then gibberish (matches nothing) and the best choice at
/// `found-it` in other words. (A reply not taken is no decision, but it is kept with the
/// attempt: see `misses_survive_a_kill_and_the_third_after_resume_offers_the_choices`.)
const FIRST_REPLY: &str = "I'm so sorry Priya, let me check where the driver left it, obviously. May I put you on hold for a minute?\n";
const LAST_REPLY: &str = "flibber jab\nThank you for holding. The photo shows number 14, would you like us to collect it, or will you knock?\n";

#[test]
fn a_typed_reply_run_resumes_typing_with_the_points_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let typed = [
        "play",
        "--plain",
        "--json",
        "--no-shuffle",
        "--seed",
        "7",
        "--trainee",
        "Ana",
        "--free-text",
        PARCEL,
    ];

    // The same replies in one go, in another store.
    let other = tempfile::tempdir().unwrap();
    let mut cmd = frontline(other.path());
    cmd.args(typed);
    let whole = finish(cmd, &format!("{FIRST_REPLY}{LAST_REPLY}"));
    assert_eq!(whole["ending"], "sorted");
    assert_eq!(whole["overall"], 89.3);

    // The input ends after the first reply: the run is left unfinished at `found-it`.
    let mut cmd = frontline(data);
    cmd.args(typed);
    let out = run_with(cmd, FIRST_REPLY);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unfinished: input ended at decision 2"),
        "{stderr}"
    );

    // Resumed without --free-text, it asks for a typed reply, not a number. The input
    // ends at once, so it stays unfinished.
    let mut cmd = frontline(data);
    cmd.args(["play", "--plain", "--resume"]);
    let out = run_with(cmd, "");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 answer replayed"), "{stdout}");
    assert!(
        stdout.contains("Type your reply: it is taken as the choice it matches best."),
        "{stdout}"
    );
    assert!(stdout.lines().any(|l| l == "Type your reply:"), "{stdout}");
    assert!(!stdout.contains("Your answer (1-"), "{stdout}");

    // Resumed again, it finishes with the typed reply's own points kept.
    let mut cmd = frontline(data);
    cmd.args(["play", "--plain", "--json", "--resume"]);
    let resumed = finish(cmd, LAST_REPLY);
    assert_eq!(resumed, whole);
    assert_eq!(
        resumed["decisions"][0]["marks"]["listening"]["earned"], 0,
        "the reply's points, not the choice's +1"
    );
    assert_eq!(
        resumed["decisions"][0]["typed"]["points"]["courtesy"], 2,
        "{resumed}"
    );

    // The store holds the finished attempt, its replies and points.
    let store = Store::open(data.join("progress.sqlite3")).unwrap();
    assert!(store.unfinished(None).unwrap().is_empty());
    let attempts = store.attempts(&Default::default()).unwrap();
    assert_eq!(attempts.len(), 1);
    assert!(attempts[0].free_text);
    let result = attempts[0].run_result().unwrap();
    assert_eq!(serde_json::to_value(&result).unwrap(), whole);
}

#[test]
fn ctrl_c_keeps_the_answers_says_how_to_go_on_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut cmd = frontline(data);
    cmd.args(["play", "--plain", "--seed", "7", "--trainee", "Ana", REFUND])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"1\n2\n").unwrap();
    stdin.flush().unwrap();
    let path = data.join("progress.sqlite3");
    let deadline = Instant::now() + Duration::from_secs(60);
    let id = loop {
        let two = path
            .exists()
            .then(|| {
                Store::open(&path)
                    .and_then(|s| s.unfinished(Some("Ana")))
                    .ok()
            })
            .flatten()
            .and_then(|u| u.into_iter().find(|u| u.decisions.len() == 2));
        if let Some(attempt) = two {
            break attempt.id;
        }
        assert!(
            Instant::now() < deadline,
            "the answers were not recorded in time"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // Ctrl-C, as the terminal sends it: SIGINT to the program waiting for answer 3.
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(out.status.code(), Some(130), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let hint = stderr
        .lines()
        .find(|l| l.starts_with("Interrupted: "))
        .unwrap_or_else(|| panic!("no hint: {stderr}"));
    assert!(
        hint.starts_with(
            "Interrupted: your 2 answers are kept; continue with `frontline --data-dir "
        ),
        "{hint}"
    );

    // The command it names, as typed: the run goes on at the third step and finishes.
    let command = hint.split('`').nth(1).unwrap();
    let words = shlex::split(command).unwrap();
    assert_eq!(words[0], "frontline");
    assert!(
        words.iter().any(|w| w.starts_with("--resume=")),
        "{command}"
    );
    let mut resume = Command::new(assert_cmd::cargo::cargo_bin("frontline"));
    resume
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_LIBRARY")
        .env_remove("FRONTLINE_DATA")
        .args(&words[1..]);
    let out = run_with(resume, "1\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.replace('\n', " ").contains("2 answers replayed"),
        "{stdout}"
    );

    // All three answers in the one attempt, as a run never interrupted gives them.
    let store = Store::open(&path).unwrap();
    assert!(store.unfinished(None).unwrap().is_empty());
    let finished = store.attempt(id).unwrap();
    assert!(finished.result.is_some());
    let numbers: Vec<usize> = finished.decisions.iter().map(|d| d.record.number).collect();
    assert_eq!(numbers, [1, 2, 1]);
}

#[test]
fn ctrl_c_in_a_run_not_recorded_says_there_is_nothing_to_resume() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = frontline(dir.path());
    cmd.args(["play", "--plain", "--no-record", "--seed", "7", REFUND])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let stdin = child.stdin.take().unwrap();
    // Wait for the first prompt, so the handler is in place.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("Your answer") {
        line.clear();
        assert!(std::io::BufRead::read_line(&mut stdout, &mut line).unwrap() > 0);
    }
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains("Interrupted: this run was not recorded, so it cannot be resumed"),
        "{stderr}"
    );
}

/// Typed replies that were not taken are kept with the attempt: a run killed after two
/// misses at a step resumes with both counted (and their hesitation charged), so the
/// third offers the numbered choices, as it would have without the kill.
#[test]
fn misses_survive_a_kill_and_the_third_after_resume_offers_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut cmd = frontline(data);
    cmd.args([
        "play",
        "--plain",
        "--no-shuffle",
        "--seed",
        "7",
        "--trainee",
        "Ana",
        "--free-text",
        PARCEL,
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    // The first reply is taken; two at `found-it` match nothing. Stdin stays open, so the
    // run waits for a third there.
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("{FIRST_REPLY}flibber jab\nwobble plonk\n").as_bytes())
        .unwrap();
    stdin.flush().unwrap();

    let path = data.join("progress.sqlite3");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(
            Instant::now() < deadline,
            "the answer and the two misses were not recorded in time"
        );
        if path.exists()
            && let Ok(store) = Store::open(&path)
            && let Ok(unfinished) = store.unfinished(Some("Ana"))
            && unfinished
                .first()
                .is_some_and(|u| u.decisions.len() == 1 && u.misses.len() == 2)
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL, mid-step
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9));
    drop(stdin);

    let store = Store::open(&path).unwrap();
    let attempt = store.unfinished(None).unwrap().remove(0);
    let misses: Vec<(usize, &str, &str, &str)> = attempt
        .misses
        .iter()
        .map(|m| {
            (
                m.decision,
                m.step.as_str(),
                m.reply.as_str(),
                m.kind.as_str(),
            )
        })
        .collect();
    assert_eq!(
        misses,
        [
            (1, "found-it", "flibber jab", "no-match"),
            (1, "found-it", "wobble plonk", "no-match"),
        ]
    );
    drop(store);

    // Resumed, one more miss is the third at the step: the numbered choices are offered,
    // and a number answers.
    let mut resume = frontline(data);
    resume.args(["play", "--plain", "--resume"]);
    let out = run_with(resume, "zorp quibble\n1\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("3 replies were not taken: choose one of these instead."),
        "{stdout}"
    );

    // The finished attempt: three misses kept, and the decision at `found-it` carries the
    // hesitation the first miss cost (charged once, before the kill).
    let store = Store::open(&path).unwrap();
    let finished = store.attempt(attempt.id).unwrap();
    assert!(finished.result.is_some());
    assert_eq!(finished.misses.len(), 3);
    assert_eq!(finished.decisions[1].record.step, "found-it");
    assert!(finished.decisions[1].record.hesitated);
}
