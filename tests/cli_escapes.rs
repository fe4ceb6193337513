//! Issue 20: text from the store, from files and from file names reaches the trainer's
//! terminal as text. A payload that changes the window title (OSC 0), writes the clipboard
//! (OSC 52) and clears the screen is put in a trainee's name, in scenario text, in a flag,
//! in a file name and in a rubric's dimension name; every command that shows it prints it
//! escaped (`\u{1b}`), and no byte of an escape sequence reaches stdout or stderr.

use assert_cmd::Command;
use std::path::Path;

const REFUND: &str = "tests/fixtures/engine/engine-refund.toml";

/// Title change, clipboard write ("echo pwned"), clear screen, and a C1 CSI.
const PAYLOAD: &str = "Eve\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\u{1b}[2J\u{9b}31m";
const ESCAPED: &str = r"Eve\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\u{1b}[2J\u{9b}31m";

fn frontline(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_LIBRARY")
        .env_remove("FRONTLINE_DATA")
        .env("NO_COLOR", "1")
        .arg("--data-dir")
        .arg(data);
    cmd
}

/// Nothing in `bytes` a terminal would act on: no C0 control but line breaks and tabs, no
/// DEL, no C1 control, no bidi override or isolate.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|c| {
            (c.is_control() && *c != '\n' && *c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{what} sent {bad:?} to the terminal:\n{text}"
    );
}

/// Runs, checks both streams are inert, and gives (status, stdout + stderr).
fn output(cmd: &mut Command, what: &str) -> (bool, String) {
    let out = cmd.output().unwrap();
    assert_inert(&format!("{what} (stdout)"), &out.stdout);
    assert_inert(&format!("{what} (stderr)"), &out.stderr);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), all)
}

/// A store holding attempts by the payload and by Ana. The name is written into the store
/// directly, as an import or an older version could have left it: whatever the store
/// holds is shown escaped.
fn store_with_payload_name() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (who, answers) in [("Eve", "1\n1\n1\n"), ("Ana", "2\n1\n2\n")] {
        let out = frontline(dir.path())
            .args(["play", "--plain", "--json", "--no-shuffle", "--seed", "1"])
            .args(["--trainee", who, REFUND])
            .write_stdin(answers)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let db = rusqlite::Connection::open(dir.path().join("progress.sqlite3")).unwrap();
    let changed = db
        .execute(
            "UPDATE attempt SET trainee = ?1 WHERE trainee = 'Eve'",
            [PAYLOAD],
        )
        .unwrap();
    assert_eq!(changed, 1);
    dir
}

#[test]
fn a_trainee_name_from_the_store_is_shown_escaped_by_report_and_history() {
    let data = store_with_payload_name();
    let d = data.path();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("report", vec!["report"]),
        (
            "report of the trainee (its header)",
            vec!["report", "--trainee", PAYLOAD],
        ),
        (
            "report with the class debrief",
            vec![
                "report",
                "--scenario",
                "engine-refund",
                "--trainee",
                PAYLOAD,
            ],
        ),
        (
            "history of the trainee",
            vec!["history", "--trainee", PAYLOAD],
        ),
        (
            "history json",
            vec!["history", "--trainee", PAYLOAD, "--format", "json"],
        ),
        ("report json", vec!["report", "--format", "json"]),
    ];
    for (what, args) in cases {
        let (ok, all) = output(frontline(d).args(&args), what);
        assert!(ok, "{what}: {all}");
        if args.contains(&"json") {
            // JSON escapes: the same name for a script, inert for a terminal.
            assert!(all.contains(r"\u001b]0;pwned\u0007"), "{what}: {all}");
        } else {
            assert!(all.contains(ESCAPED), "{what}: {all}");
        }
    }
    // Two trainees: `history` without --trainee lists them.
    let (ok, all) = output(frontline(d).arg("history"), "history's list of trainees");
    assert!(!ok);
    assert!(all.contains("attempts by 2 trainees"), "{all}");
    assert!(all.contains(ESCAPED), "{all}");
}

#[test]
fn a_trainee_name_typed_on_the_command_line_is_shown_escaped() {
    let data = tempfile::tempdir().unwrap();
    let (_, all) = output(
        frontline(data.path()).args(["history", "--trainee", PAYLOAD]),
        "history of an unknown trainee",
    );
    assert!(all.contains(ESCAPED), "{all}");
}

/// The payload in a quoted TOML key (the message and its "allowed here" help), in a
/// flag, as raw C1 characters in a title (the source snippet), and in a file name found
/// by walking a folder.
#[test]
fn validate_shows_keys_flags_snippets_and_file_names_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml"),
    )
    .unwrap();
    let key = fixture.replacen(
        "[scenario]\n",
        "[scenario]\n\"\\u001b]0;pwned\\u0007\\u001b[2J\" = 1\n",
        1,
    );
    std::fs::write(dir.path().join("key.toml"), key).unwrap();
    let flag = fixture.replacen("sets = [\"", "sets = [\"\\u001b]52;c;aGk=\\u0007", 1);
    assert_ne!(flag, fixture);
    std::fs::write(dir.path().join("flag.toml"), flag).unwrap();
    let c1 = fixture.replacen("title = \"", "title = \"\u{9b}2J\u{85}", 1);
    std::fs::write(dir.path().join("c1.toml"), c1).unwrap();
    std::fs::write(dir.path().join(format!("{PAYLOAD}.toml")), "not = toml = [").unwrap();

    let (ok, all) = output(
        frontline(dir.path()).arg("validate").arg(dir.path()),
        "validate",
    );
    assert!(!ok);
    assert!(
        all.contains(r"unknown key `\u{1b}]0;pwned\u{7}\u{1b}[2J`"),
        "{all}"
    );
    assert!(all.contains("control character U+001B"), "{all}");
    assert!(all.contains("control character U+009B"), "{all}");
    assert!(all.contains(r#"title = "\u{9b}2J\u{85}"#), "{all}");
    assert!(all.contains(&format!("{ESCAPED}.toml")), "{all}");

    // JSON for scripts: the file name as it is, in JSON escapes.
    let out = frontline(dir.path())
        .args(["validate", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_inert("validate --format json", &out.stdout);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let named = format!("{PAYLOAD}.toml");
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"].as_str().is_some_and(|f| f.ends_with(&named))),
        "{findings}"
    );
}

/// Bidi overrides and isolates pass the validator (they are not control characters) and
/// were printed as they are by `paths` and `graph`, reordering what the trainer reads.
#[test]
fn paths_and_graph_show_bidi_controls_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml"),
    )
    .unwrap();
    let text = fixture
        .replacen("title = \"", "title = \"\u{202E}deliver\u{2066} ", 1)
        .replacen("say = \"", "say = \"\u{202D}sure\u{2069} ", 2);
    assert_ne!(text, fixture);
    let file = dir.path().join("bidi.toml");
    std::fs::write(&file, text).unwrap();
    for args in [
        vec!["paths"],
        vec!["paths", "--format", "json"],
        vec!["graph"],
        vec!["graph", "--format", "dot"],
    ] {
        let what = args.join(" ");
        let (ok, all) = output(frontline(dir.path()).args(&args).arg(&file), &what);
        assert!(ok, "{what}: {all}");
        let shown = match args.as_slice() {
            ["paths"] => r"\u{202e}deliver\u{2066}",
            ["paths", ..] => r"\u202dsure\u2069",
            _ => r"\u{202d}sure\u{2069}",
        };
        assert!(all.contains(shown), "{what}: {all}");
    }
}

/// A dimension name from a rubric file heads a column of `report`.
#[test]
fn a_rubric_dimension_name_is_shown_escaped_in_report_headers() {
    let data = store_with_payload_name();
    let rubric = Command::cargo_bin("frontline")
        .unwrap()
        .arg("rubric")
        .output()
        .unwrap()
        .stdout;
    let rubric = String::from_utf8(rubric).unwrap().replacen(
        "name = \"Courtesy\"",
        "name = \"Court\u{202E}esy\"",
        1,
    );
    let path = data.path().join("rubric.toml");
    std::fs::write(&path, rubric).unwrap();
    let (ok, all) = output(
        frontline(data.path())
            .arg("--rubric")
            .arg(&path)
            .arg("report"),
        "report with a rubric",
    );
    assert!(ok, "{all}");
    assert!(all.contains(r"Court\u{202e}esy"), "{all}");
}
