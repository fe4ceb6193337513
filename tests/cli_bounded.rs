//! Issue 20: scenario and rubric files are read through a bounded reader, regular files
//! only, and plain mode's input lines have a cap. Each case once took gigabytes or hung
//! (a 4 GB sparse file, /dev/zero, a FIFO, a 2 GB line); here each ends at once with a
//! message naming the path or the cap. The timeouts only stop a regression from hanging
//! the suite: they assert nothing about speed.

#![cfg(unix)]

use assert_cmd::Command;
use std::path::Path;
use std::time::Duration;

const REFUND: &str = "tests/fixtures/engine/engine-refund.toml";

fn frontline(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_LIBRARY")
        .env_remove("FRONTLINE_DATA")
        .env("NO_COLOR", "1")
        .arg("--data-dir")
        .arg(data)
        .timeout(Duration::from_secs(60));
    cmd
}

/// A folder with a 4 GB sparse file, a symlink to /dev/zero, a FIFO and a folder, each
/// named like a scenario file.
fn hostile_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::File::create(dir.path().join("huge.toml"))
        .unwrap()
        .set_len(4 * 1024 * 1024 * 1024)
        .unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.toml")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("fifo.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    dir
}

fn stderr_and_stdout(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn validate_refuses_huge_files_devices_and_fifos_by_name() {
    let dir = hostile_files();
    for (name, why) in [
        ("huge.toml", "4294967296 bytes"),
        ("zero.toml", "this is a device, not a regular file"),
        (
            "fifo.toml",
            "this is a FIFO (named pipe), not a regular file",
        ),
    ] {
        let path = dir.path().join(name);
        let out = frontline(dir.path())
            .arg("validate")
            .arg(&path)
            .output()
            .unwrap();
        let all = stderr_and_stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {all}");
        assert!(all.contains(why), "{name}: {all}");
        assert!(all.contains(&path.display().to_string()), "{name}: {all}");
    }
}

/// Walking the folder: the large file is refused by name, and what is not a regular
/// file is not opened (the walk does not hang on the FIFO).
#[test]
fn validate_walks_past_them() {
    let dir = hostile_files();
    let out = frontline(dir.path())
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    let all = stderr_and_stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("huge.toml"), "{all}");
    assert!(all.contains("checked 1 file: 1 error"), "{all}");
}

#[test]
fn play_graph_and_a_rubric_refuse_them_too() {
    let dir = hostile_files();
    for name in ["huge.toml", "zero.toml", "fifo.toml"] {
        let path = dir.path().join(name);
        for args in [vec!["play", "--plain"], vec!["graph"], vec!["paths"]] {
            let out = frontline(dir.path())
                .args(&args)
                .arg(&path)
                .write_stdin("1\n")
                .output()
                .unwrap();
            let all = stderr_and_stdout(&out);
            assert_eq!(out.status.code(), Some(1), "{args:?} {name}: {all}");
            assert!(all.contains(&path.display().to_string()), "{name}: {all}");
        }
        let out = frontline(dir.path())
            .arg("--rubric")
            .arg(&path)
            .args(["score", "thank you"])
            .output()
            .unwrap();
        let all = stderr_and_stdout(&out);
        assert_eq!(out.status.code(), Some(1), "--rubric {name}: {all}");
        assert!(all.contains(&path.display().to_string()), "{name}: {all}");
    }
}

/// A 10 MB line with no line break in plain mode: refused with the cap named, then the
/// run goes on with the next line.
#[test]
fn plain_mode_refuses_a_line_over_the_cap_and_goes_on() {
    let data = tempfile::tempdir().unwrap();
    let mut input = "9".repeat(10 * 1024 * 1024);
    input.push_str("\n1\n1\n1\n");
    let out = frontline(data.path())
        .args([
            "play",
            "--plain",
            "--no-record",
            "--no-shuffle",
            "--seed",
            "1",
            REFUND,
        ])
        .write_stdin(input)
        .output()
        .unwrap();
    let all = stderr_and_stdout(&out);
    assert!(out.status.success(), "{}", &all[..all.len().min(2000)]);
    assert!(
        all.contains("longer than 65536 bytes, the limit for one answer"),
        "{}",
        &all[..all.len().min(2000)]
    );
    assert!(all.len() < 1024 * 1024, "the long line was echoed");
    // Typed replies read the same way.
    let mut input = "a".repeat(3 * 1024 * 1024);
    input.push_str("\nI'm sorry it stopped so soon. What happened?\n");
    let out = frontline(data.path())
        .args([
            "play",
            "--plain",
            "--no-record",
            "--free-text",
            "--seed",
            "1",
            REFUND,
        ])
        .write_stdin(input)
        .output()
        .unwrap();
    let all = stderr_and_stdout(&out);
    assert!(
        all.contains("longer than 65536 bytes"),
        "{}",
        &all[..all.len().min(2000)]
    );
    assert!(all.len() < 1024 * 1024, "the long line was echoed");
}

/// `frontline score` reads its replies from standard input through the same capped line
/// reader: a 10 MB line (it once grew to 1.8 GB in ten seconds on /dev/zero) is refused by
/// its number, never echoed, and the next reply is scored; exit 1 for the refused line.
/// With a scenario and step (`score --scenario --step`) the lines are read the same way.
#[test]
fn score_refuses_a_stdin_line_over_the_cap_and_scores_the_next() {
    let data = tempfile::tempdir().unwrap();
    let mut input = "a".repeat(10 * 1024 * 1024);
    input.push_str("\nI'm sorry, let me check that for you\n");
    for args in [
        vec!["score"],
        vec!["score", "--format", "jsonl"],
        vec![
            "--library",
            "tests/fixtures/engine",
            "score",
            "--scenario",
            "engine-refund",
            "--step",
            "opening",
        ],
    ] {
        let out = frontline(data.path())
            .args(&args)
            .write_stdin(input.clone())
            .output()
            .unwrap();
        let all = stderr_and_stdout(&out);
        let shown = &all[..all.len().min(2000)];
        assert_eq!(out.status.code(), Some(1), "{args:?}: {shown}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(
                "line 1 of standard input is longer than 1 MiB, far more than a reply; it was not scored"
            ),
            "{args:?}: {shown}"
        );
        assert!(all.len() < 64 * 1024, "{args:?}: the long line was echoed");
        assert!(
            all.contains("let me check that for you"),
            "{args:?}: {shown}"
        );
    }
}

/// A library's `curriculum.toml` is read like a scenario file: `list` (and the
/// full-screen library, which orders by it) once hung on a FIFO and grew by gigabytes on a
/// link to /dev/zero. Each is now named in a warning and the library listed by difficulty.
#[test]
fn list_reads_a_curriculum_file_bounded_and_says_why_it_did_not() {
    let data = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml");
    for (make, why) in [
        ("zero", "this is a device, not a regular file"),
        ("fifo", "this is a FIFO (named pipe), not a regular file"),
        ("huge", "the file is 4294967296 bytes"),
    ] {
        let library = tempfile::tempdir().unwrap();
        std::fs::copy(&fixture, library.path().join("parcel-mixup.toml")).unwrap();
        let curriculum = library.path().join("curriculum.toml");
        match make {
            "zero" => std::os::unix::fs::symlink("/dev/zero", &curriculum).unwrap(),
            "fifo" => assert!(
                std::process::Command::new("mkfifo")
                    .arg(&curriculum)
                    .status()
                    .unwrap()
                    .success()
            ),
            _ => std::fs::File::create(&curriculum)
                .unwrap()
                .set_len(4 * 1024 * 1024 * 1024)
                .unwrap(),
        }
        let out = frontline(data.path())
            .arg("--library")
            .arg(library.path())
            .arg("list")
            .output()
            .unwrap();
        let all = stderr_and_stdout(&out);
        assert!(out.status.success(), "{make}: {all}");
        assert!(all.contains("parcel-mixup"), "{make}: {all}");
        assert!(
            all.contains("curriculum.toml is not read (") && all.contains(why),
            "{make}: {all}"
        );
    }
}

/// `class --headless` takes the trainer's commands on standard input, a line each: a
/// 10 MB line is read past without being kept or echoed back (it was read whole and
/// quoted in the error), and the next command still ends the class.
#[test]
fn a_headless_class_reads_past_an_overlong_command_line() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["class", "--headless", "--port", "0", "--bind", "127.0.0.1"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut join = String::new();
    stdout.read_line(&mut join).unwrap();
    assert!(join.starts_with("join: ssh"), "{join}");
    let rest = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stdout.read_to_string(&mut rest);
    });
    let mut err = child.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        err.read_to_string(&mut text).unwrap();
        text
    });
    let mut stdin = child.stdin.take().unwrap();
    let mut input = vec![b'x'; 10 * 1024 * 1024];
    input.extend_from_slice(b"\nend\n");
    stdin.write_all(&input).unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    rest.join().unwrap();
    let stderr = errors.join().unwrap();
    assert!(status.success(), "{}", &stderr[..stderr.len().min(2000)]);
    assert!(stderr.len() < 64 * 1024, "the long line was echoed");
    assert!(
        stderr.contains("over 4096 bytes is not a command"),
        "{stderr}"
    );
}
