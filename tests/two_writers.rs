//! Two terminals recording at once: several `frontline play --plain` processes write to
//! one store at the same time, and every attempt and every decision is there afterwards.

use frontline::domain::store::{HistoryFilter, Store};
use std::io::Write;
use std::process::{Child, Command, Stdio};

const FIXTURE: &str = "tests/fixtures/valid/parcel-mixup.toml";

fn spawn(data: &std::path::Path, trainee: &str) -> Child {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("frontline"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_DATA")
        .args(["--data-dir"])
        .arg(data)
        .args([
            "play",
            "--plain",
            "--json",
            "--no-shuffle",
            "--seed",
            "3",
            "--trainee",
            trainee,
            FIXTURE,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Both decisions of the fixture's best path.
    child.stdin.take().unwrap().write_all(b"1\n1\n").unwrap();
    child
}

/// Every attempt and decision the processes made is in the store at `dir`.
fn assert_all_recorded(dir: &std::path::Path, trainees: &[&str], runs_each: usize) {
    let store = Store::open(dir.join("progress.sqlite3")).unwrap();
    for trainee in trainees {
        let history = store
            .history(&HistoryFilter {
                trainee: (*trainee).to_owned(),
                since: None,
            })
            .unwrap();
        assert_eq!(history.attempts.len(), runs_each, "{trainee}");
        for attempt in &history.attempts {
            assert!(
                attempt.is_finished(),
                "{trainee}: an attempt was left unfinished"
            );
        }
    }
    let mut decisions = 0;
    store
        .for_each_attempt(&Default::default(), |a| {
            decisions += a.decisions.len();
            Ok(())
        })
        .unwrap();
    assert_eq!(decisions, 2 * trainees.len() * runs_each);
}

fn run_pair(dir: &std::path::Path) {
    let children = [spawn(dir, "Ana"), spawn(dir, "Ben")];
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // A run that could not record says so on stderr and still succeeds: that is a loss.
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("not being recorded"), "{stderr}");
    }
}

#[test]
fn processes_writing_at_once_into_one_store_lose_no_record() {
    let dir = tempfile::tempdir().unwrap();
    const ROUNDS: usize = 6;
    for _ in 0..ROUNDS {
        run_pair(dir.path());
    }
    assert_all_recorded(dir.path(), &["Ana", "Ben"], ROUNDS);
}

/// Two processes that both find no store yet: one creates it while the other waits, and
/// neither takes the half-made file for another program's database.
#[test]
fn processes_creating_the_store_at_once_both_record() {
    for _ in 0..8 {
        let dir = tempfile::tempdir().unwrap();
        run_pair(dir.path());
        assert_all_recorded(dir.path(), &["Ana", "Ben"], 1);
    }
}
