//! A hostile probe of the store through the real binary: imports out of range or too long,
//! an imported `source` path that `--resume` must never read, a store in a folder that
//! cannot be written, a database carrying Frontline's mark over another program's tables.

mod common;

use common::store::{REFUND, StoreEnv as Env, text};
use serde_json::Value;
use std::path::Path;

#[test]
fn import_refuses_values_out_of_range() {
    let source = Env::new();
    let good = source.attempt_line("1\n1\n1\n");
    let mut lines = Vec::new();
    let mut bad = |edit: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        v["id"] = Value::String(uuid::Uuid::new_v4().to_string());
        edit(&mut v);
        lines.push(v.to_string());
    };
    bad(&|v| v["decisions"][0]["mood_after"] = 1_000_000.into());
    bad(&|v| v["result"]["final_mood"] = (-500).into());
    bad(&|v| v["trainee"] = "N".repeat(1_000_000).into());
    bad(&|v| v["started_at"] = "0000-01-01T00:00:00Z".into());
    bad(&|v| v["result"]["finished_at"] = "9999-01-01T00:00:00Z".into());
    bad(&|v| {
        let one = v["decisions"][0].clone();
        v["decisions"] = Value::Array(vec![one; 12_000]);
    });
    bad(&|v| v["scenario"] = "../../etc/passwd".into());
    bad(&|v| v["decisions"][1]["marks"]["courtesy"]["earned"] = 99_999.into());
    // Practice answers (schema 4) and the class (schema 3) are checked the same way.
    let practice = |decision: usize, mood_after: i64| {
        let mut p = good["decisions"][0].clone();
        p["decision"] = decision.into();
        p["mood_after"] = mood_after.into();
        p
    };
    bad(&|v| v["practice"] = Value::Array(vec![practice(0, 1_000_000)]));
    bad(&|v| v["practice"] = Value::Array(vec![practice(7, 0)]));
    bad(&|v| v["practice"] = Value::Array(vec![practice(0, 0); 1_200]));
    bad(&|v| v["class"] = "C".repeat(10_000).into());
    let mut input = lines.join("\n");
    input.push('\n');
    input.push_str(&good.to_string());
    input.push('\n');

    let env = Env::new();
    let out = env.run(&["import", "-"], input);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for (line, words) in [
        (1, "`mood_after` is 1000000; a mood lies in -100..100"),
        (2, "`final_mood` is -500"),
        (3, "`trainee` is 1000000 characters long; at most 200"),
        (
            4,
            "`started_at` is 0000-01-01T00:00:00Z, before 2000 or in the future",
        ),
        (5, "`finished_at` is 9999-01-01T00:00:00Z"),
        (
            6,
            "12000 decisions in one attempt; a run makes at most 1000",
        ),
        (7, "`scenario` is not an id"),
        (8, "the marks on `courtesy` are out of range"),
        (9, "practice answer 1: `mood_after` is 1000000"),
        (
            10,
            "practice answer 1 tries a decision the attempt does not have",
        ),
        (
            11,
            "1200 practice answers in one attempt; at most 1000 are kept",
        ),
        (12, "`class` is 10000 characters long; at most 200"),
    ] {
        assert!(
            stderr.contains(&format!("-:{line}: ")) && stderr.contains(words),
            "line {line}, `{words}` not in:\n{stderr}"
        );
    }
    // A message never repeats a megabyte of input.
    assert!(stderr.len() < 10_000, "{} bytes on stderr", stderr.len());
    assert!(
        text(&out.stdout).contains("imported 1 attempt"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_overlong_import_line_is_refused_and_the_next_one_read() {
    let source = Env::new();
    let good = source.attempt_line("1\n1\n1\n");
    let mut input = Vec::new();
    input.extend(std::iter::repeat_n(b'x', 9 << 20));
    input.push(b'\n');
    input.extend(good.to_string().bytes());
    input.push(b'\n');
    let env = Env::new();
    let out = env.run(&["import", "-"], input);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("-:1: the line is longer than 8 MiB"),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("imported 1 attempt"));
}

#[test]
fn resume_never_reads_the_source_path_an_import_gave() {
    // An unfinished attempt, exported on one machine...
    let source = Env::new();
    let mut line = source.attempt_line("1\n");
    assert!(line["result"].is_null());
    // ...whose `source` someone pointed at a private file of the machine importing it.
    let secret = source.data().join("secret.toml");
    std::fs::write(&secret, "SECRET-LINE-1 = \"do not echo\"\n[oops\n").unwrap();
    line["source"] = Value::String(secret.display().to_string());
    let env = Env::new();
    let out = env.run(&["import", "-"], format!("{line}\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Resumed, the scenario is found by its id in the library (with the same hash), and
    // the file is never read.
    let out = env.run(
        &[
            "--library",
            "tests/fixtures/engine",
            "play",
            "--plain",
            "--json",
            "--resume",
        ],
        "1\n1\n",
    );
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!all.contains("SECRET"), "{all}");
    assert!(out.status.success(), "{all}");

    // An import naming a path as its scenario id is refused at the door, so a resume can
    // never be pointed at a file by it.
    let mut line = source.attempt_line("1\n");
    line["id"] = Value::String(uuid::Uuid::new_v4().to_string());
    line["scenario"] = Value::String(secret.display().to_string());
    let out = env.run(&["import", "-"], format!("{line}\n"));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("`scenario` is not an id"), "{stderr}");
}

#[test]
fn a_frontline_mark_over_another_programs_tables_is_refused_in_two_lines_untouched() {
    let env = Env::new();
    let path = env.store_file();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA application_id = 1179796052; CREATE TABLE attempt (x TEXT); CREATE TABLE recipes (name TEXT);",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let out = env.run(&["history"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.lines().count() <= 2, "{stderr}");
    assert!(
        stderr.contains("not Frontline's progress store"),
        "{stderr}"
    );
    assert!(!stderr.contains("CREATE"), "{stderr}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was changed"
    );
    assert!(!env.data().join("progress.sqlite3-wal").exists());
}

/// Makes a folder read-only for the test's life, even to root (which ignores
/// permissions): `chattr +i` where chmod is not enough. `None` when neither works.
#[cfg(unix)]
struct ReadOnly<'a>(&'a Path, bool);

#[cfg(unix)]
impl<'a> ReadOnly<'a> {
    fn new(folder: &'a Path) -> Option<ReadOnly<'a>> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = folder.join("probe");
        if std::fs::write(&probe, b"x").is_err() {
            return Some(ReadOnly(folder, false));
        }
        std::fs::remove_file(&probe).unwrap();
        let chattr = std::process::Command::new("chattr")
            .arg("+i")
            .arg(folder)
            .output();
        let guard = ReadOnly(folder, true);
        if chattr.is_ok_and(|o| o.status.success()) && std::fs::write(&probe, b"x").is_err() {
            return Some(guard);
        }
        None
    }
}

#[cfg(unix)]
impl Drop for ReadOnly<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(self.0)
                .output();
        }
        let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[cfg(unix)]
#[test]
fn a_store_in_a_read_only_folder_can_still_be_read() {
    let env = Env::new();
    let _ = env.attempt_line("1\n1\n1\n");
    let before = std::fs::read(env.store_file()).unwrap();
    let Some(_guard) = ReadOnly::new(env.data()) else {
        eprintln!("skipped: this system cannot make a folder read-only");
        return;
    };
    for args in [
        &["history", "--trainee", "Ana"][..],
        &["report"],
        &["export", "--format", "jsonl"],
        &["export", "--format", "csv"],
        &["export", "--format", "xapi"],
    ] {
        let out = env.run(args, "");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let out = env.run(&["history", "--trainee", "Ana", "--format", "json"], "");
    let history: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(history["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(std::fs::read(env.store_file()).unwrap(), before);
    // Writing says why it cannot.
    let out = env.run(
        &["play", "--plain", "--json", "--seed", "1", REFUND],
        "1\n1\n1\n",
    );
    assert!(
        text(&out.stderr).contains("not being recorded"),
        "{}",
        text(&out.stderr)
    );
}

/// Every cell of a CSV text that a spreadsheet would run as a formula.
fn formula_cells(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut risky = Vec::new();
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            if formula && cell.parse::<f64>().is_err() {
                risky.push(cell.to_owned());
            }
        }
    }
    risky
}

#[test]
fn no_csv_the_program_writes_carries_a_formula() {
    let env = Env::new();
    for (name, seed) in [
        ("=HYPERLINK(\"http://evil.example/\",\"open\")", "1"),
        ("+SUM(1+1)", "2"),
        ("@cmd", "3"),
        ("-2+3", "4"),
    ] {
        let out = env.run(
            &[
                "play",
                "--plain",
                "--json",
                "--no-shuffle",
                "--seed",
                seed,
                &format!("--trainee={name}"),
                REFUND,
            ],
            "1\n2\n1\n",
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let runs = [
        vec!["export", "--format", "csv"],
        vec!["report", "--format", "csv"],
        vec!["report", "--scenario", "engine-refund", "--format", "csv"],
        vec!["history", "--trainee", "@cmd", "--format", "csv"],
        vec![
            "history",
            "--trainee",
            "=HYPERLINK(\"http://evil.example/\",\"open\")",
            "--format",
            "csv",
        ],
    ];
    for args in runs {
        let out = env.run(&args, "");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let csv = text(&out.stdout);
        assert!(formula_cells(&csv).is_empty(), "{args:?}:\n{csv}");
        // The names are still there, as text a spreadsheet shows.
        if args[0] != "history" {
            assert!(csv.contains("\"'@cmd\""), "{args:?}:\n{csv}");
        }
    }
}

#[test]
fn the_streamed_xapi_export_is_one_pretty_json_array() {
    let env = Env::new();
    let out = env.run(&["export", "--format", "xapi"], "");
    assert_eq!(text(&out.stdout), "[]\n");
    env.attempt_line("1\n1\n1\n");
    env.attempt_line("2\n1\n2\n");
    let out = env.run(&["export", "--format", "xapi"], "");
    let printed = text(&out.stdout);
    let statements: Value = serde_json::from_str(&printed).unwrap();
    // Per attempt: three decisions, then `completed` and the verdict.
    assert_eq!(statements.as_array().unwrap().len(), 10);
    assert_eq!(
        printed,
        format!("{}\n", serde_json::to_string_pretty(&statements).unwrap())
    );
}

/// What the store keeps, an import takes back: a `--trainee` longer than import allows
/// (200 characters) was recorded, exported, and then refused by `import`. It is refused
/// up front now, and a name at the limit goes round the trip.
#[test]
fn a_trainee_name_the_store_keeps_can_always_be_imported_again() {
    let env = Env::new();
    let long = "N".repeat(201);
    let out = env.play(&long, "1", "1\n1\n1\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("a trainee's name is at most 200 characters; this one has 201"),
        "{}",
        text(&out.stderr)
    );
    assert!(!env.store_file().exists(), "nothing was recorded");

    let at_limit = "\u{e9}".repeat(200);
    let out = env.play(&at_limit, "1", "1\n1\n1\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = env.run(&["export", "--format", "jsonl"], "");
    let other = Env::new();
    let out = other.run(&["import", "-"], exported.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 1 attempt"),
        "{}",
        text(&out.stdout)
    );
}
