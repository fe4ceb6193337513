//! What the CLI tests of the progress store share: a temporary data folder of their own,
//! the real binary pointed at it (`--data-dir`, no inherited library, store or LRS
//! settings, no colour), and recording a run of the refund fixture into it.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Three decisions: opening, details, lookup.
pub const REFUND: &str = "tests/fixtures/engine/engine-refund.toml";

/// A data folder for one test, removed when it ends.
pub struct StoreEnv {
    dir: tempfile::TempDir,
}

impl StoreEnv {
    pub fn new() -> StoreEnv {
        StoreEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn data(&self) -> &Path {
        self.dir.path()
    }

    pub fn store_file(&self) -> PathBuf {
        self.data().join("progress.sqlite3")
    }

    /// The binary in the crate's folder, with `--data-dir` this folder.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("frontline").unwrap();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("FRONTLINE_LIBRARY")
            .env_remove("FRONTLINE_DATA")
            .env_remove("FRONTLINE_LRS_USER")
            .env_remove("FRONTLINE_LRS_PASSWORD")
            .env("NO_COLOR", "1")
            .arg("--data-dir")
            .arg(self.data());
        cmd
    }

    pub fn run(&self, args: &[&str], input: impl Into<Vec<u8>>) -> std::process::Output {
        self.cmd().args(args).write_stdin(input).output().unwrap()
    }

    /// Plays the refund fixture as `trainee`, choices in authored order, recorded.
    pub fn play(&self, trainee: &str, seed: &str, answers: &str) -> std::process::Output {
        self.run(
            &[
                "play",
                "--plain",
                "--json",
                "--no-shuffle",
                "--seed",
                seed,
                "--trainee",
                trainee,
                REFUND,
            ],
            answers,
        )
    }

    /// Runs a command that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args, "");
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Ana's run of the refund fixture with `answers` (finished when they end it), as the
    /// JSONL line `export` writes for it.
    pub fn attempt_line(&self, answers: &str) -> Value {
        let out = self.play("Ana", "3", answers);
        assert!(out.status.code().is_some(), "{out:?}");
        let exported = self.ok(&["export", "--format", "jsonl"]);
        serde_json::from_str(exported.lines().last().unwrap()).unwrap()
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    text(&out.stderr)
}
