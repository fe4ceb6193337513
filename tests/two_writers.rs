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

#[test]
fn processes_writing_at_once_lose_no_record() {
    let dir = tempfile::tempdir().unwrap();
    const ROUNDS: usize = 6;
    for _ in 0..ROUNDS {
        let children = [spawn(dir.path(), "Ana"), spawn(dir.path(), "Ben")];
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let store = Store::open(dir.path().join("progress.sqlite3")).unwrap();
    for trainee in ["Ana", "Ben"] {
        let history = store
            .history(&HistoryFilter {
                trainee: trainee.to_owned(),
                since: None,
            })
            .unwrap();
        assert_eq!(history.attempts.len(), ROUNDS, "{trainee}");
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
    assert_eq!(decisions, 2 * 2 * ROUNDS);
}
