//! `frontline score`, `frontline rubric`, `--rubric FILE`, and rubric files in `validate`.

use assert_cmd::Command;
use predicates::prelude::*;

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.env_remove("FRONTLINE_LIBRARY").env("NO_COLOR", "1");
    cmd
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rubric");

#[test]
fn score_prints_a_block_per_reply_with_the_matched_words() {
    frontline()
        .args([
            "score",
            "--customer",
            "Dana Whitfield",
            "Hi Dana, thanks for waiting.",
            "Calm down.",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\u{201C}Hi Dana, thanks for waiting.\u{201D}",
        ))
        .stdout(predicate::str::contains("Courtesy"))
        .stdout(predicate::str::contains("customer-name"))
        .stdout(predicate::str::contains("\"Dana\""))
        .stdout(predicate::str::contains("calm-down"))
        .stdout(predicate::str::contains("\"Calm down\""));
}

#[test]
fn score_jsonl_is_one_object_a_line_with_dimensions_in_rubric_order() {
    let out = frontline()
        .args([
            "score",
            "--format",
            "jsonl",
            "--said",
            "My parcel is three days late",
        ])
        .write_stdin("So the parcel is three days late? Let me check.\r\nwhatever\n\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with(
        r#"{"reply":"So the parcel is three days late? Let me check.","points":{"listening":"#
    ));
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    let keys: Vec<_> = first.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["cues", "points", "reply"]);
    let cue = &first["cues"][0];
    let mut cue_keys: Vec<_> = cue.as_object().unwrap().keys().cloned().collect();
    cue_keys.sort();
    assert_eq!(cue_keys, ["dimension", "id", "matched", "points"]);
    let ids: Vec<&str> = first["cues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // The customer's words said back as they were are an echo, not a reflection; the
    // "So ...?" check-back still earns listening.
    assert!(!ids.contains(&"reflection"), "{ids:?}");
    assert!(ids.contains(&"paraphrase"), "{ids:?}");
    assert!(ids.contains(&"find-out"), "{ids:?}");
    let second: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert!(second["points"]["courtesy"].as_i64().unwrap() < 0);
    let third: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(third["reply"], "");
}

#[test]
fn any_bytes_on_stdin_are_scored_without_a_panic() {
    let mut input = b"thanks \xff\xfe\x00 sorry\n".to_vec();
    input.extend(std::iter::repeat_n(b'A', 200_000));
    frontline()
        .args(["score", "--format", "jsonl"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{FFFD}"));
}

#[test]
fn rubric_prints_the_builtin_rubric() {
    let out = frontline()
        .arg("rubric")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.trim_end(),
        frontline::domain::rubric::BUILTIN_SOURCE.trim_end()
    );
}

#[test]
fn a_rubric_file_replaces_the_builtin_one_for_score_and_rubric() {
    let small = format!("{FIXTURES}/small.toml");
    frontline()
        .args(["--rubric", &small, "rubric"])
        .assert()
        .success()
        .stdout(predicate::str::contains("A trainer's own rubric"));
    frontline()
        .args([
            "--rubric",
            &small,
            "score",
            "--format",
            "jsonl",
            "Thank you, I'll call you at five",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            r#""points":{"warmth":1,"clarity":2}"#,
        ));
}

#[test]
fn a_bad_rubric_file_gives_its_findings_and_exit_1() {
    let bad = format!("{FIXTURES}/bad.toml");
    for command in [&["score", "hello"][..], &["rubric"][..]] {
        frontline()
            .args(["--rubric", &bad])
            .args(command)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("bad.toml:9:13"))
            .stderr(predicate::str::contains("did you mean `warmth`?"))
            .stderr(predicate::str::contains("bad.toml:11:21"))
            .stderr(predicate::str::contains("bad-pattern"));
    }
}

#[test]
fn validate_checks_rubric_files() {
    let builtin = concat!(env!("CARGO_MANIFEST_DIR"), "/rubric/default.toml");
    frontline()
        .args(["validate", builtin, &format!("{FIXTURES}/small.toml")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "checked 2 files: 0 errors, 0 warnings",
        ));
    let out = frontline()
        .args([
            "validate",
            "--format",
            "json",
            &format!("{FIXTURES}/bad.toml"),
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let findings: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let codes: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["unknown-dimension", "bad-pattern"]);
    assert_eq!(findings[0]["line"], 9);
}

#[test]
fn score_shows_escape_sequences_as_text_as_plain_mode_does() {
    let out = frontline()
        .args(["score", "Thanks, \u{1b}[31msorry\u{1b}[0m\tabout that"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "raw ESC on stdout");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("\u{201C}Thanks, \u{FFFD}[31msorry\u{FFFD}[0m about that\u{201D}"),
        "{stdout}"
    );
}

/// `frontline` in the repository, so paths in messages are relative.
fn in_repo() -> Command {
    let mut cmd = frontline();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn rubric_file_errors_point_inside_the_pattern_and_say_what_to_do() {
    let validate = |path: &str| {
        let out = in_repo().args(["validate", path]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{path}");
        String::from_utf8(out.stdout).unwrap()
    };
    // The `(` left open, not the whole pattern.
    let bad = validate("tests/fixtures/rubric/bad.toml");
    assert!(
        bad.contains("tests/fixtures/rubric/bad.toml:11:21"),
        "{bad}"
    );
    let escape = validate("tests/fixtures/rubric/toml-syntax--escape.toml");
    assert!(
        escape.contains(
            "write text with backslashes, such as a regular expression, in single quotes"
        ),
        "{escape}"
    );
    assert!(escape.contains(r"'\d+ days'"), "{escape}");
    let look = validate("tests/fixtures/rubric/bad-pattern--look-around.toml");
    assert!(
        look.contains("bad-pattern--look-around.toml:12:23"),
        "{look}"
    );
    assert!(look.contains("`unless = ['...']`"), "{look}");
    // "\b" in double quotes is a backspace to TOML: it compiles, and never matches.
    let escaped = validate("tests/fixtures/rubric/escaped-pattern.toml");
    assert!(
        escaped.contains("error[escaped-pattern]")
            && escaped.contains("escaped-pattern.toml:12:13"),
        "{escaped}"
    );
    assert!(escaped.contains(r"'\bthanks\b'"), "{escaped}");
    insta::assert_snapshot!("rubric-bad", bad);
    insta::assert_snapshot!("rubric-toml-syntax--escape", escape);
    insta::assert_snapshot!("rubric-bad-pattern--look-around", look);
}

#[test]
fn a_scenario_file_given_as_the_rubric_is_said_to_be_one() {
    in_repo()
        .args([
            "--rubric",
            "tests/fixtures/valid/parcel-mixup.toml",
            "score",
            "hi",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error[not-a-rubric]: this looks like a scenario file, not a rubric",
        ))
        .stderr(predicate::str::contains(
            "tests/fixtures/valid/parcel-mixup.toml:4:1",
        ))
        .stderr(predicate::str::contains("unknown field").not());
}

/// The example at the top of docs/scoring.md is what the binary prints, so it cannot fall
/// behind a change to the rubric.
#[test]
fn the_scoring_docs_example_is_what_the_binary_prints() {
    let out = frontline()
        .args([
            "score",
            "--customer",
            "Dana Whitfield",
            "--said",
            "This blender stopped working after three weeks. I want my money back.",
            "Hi Dana, I'm sorry it stopped working after three weeks. What happened when it stopped?",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scoring.md")).unwrap();
    assert!(
        docs.contains(printed.trim_end()),
        "docs/scoring.md's first example should read:\n{printed}"
    );
}

#[test]
fn score_at_a_step_says_which_choice_a_reply_is_taken_as_and_its_marks() {
    let out = in_repo()
        .args([
            "score",
            "--scenario",
            "tests/fixtures/valid/parcel-mixup.toml",
            "--step",
            "opening",
            "Let me track down where the courier left it. Can I put you on hold for a minute?",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("taken as choice 1"), "{text}");
    assert!(text.contains("sharing:"), "{text}");
    assert!(text.contains("Courtesy"), "{text}");
    assert!(text.contains("(the choice's +2"), "{text}");
}

#[test]
fn score_at_a_step_reads_stdin_lines_as_jsonl_with_misses_named() {
    let out = in_repo()
        .args([
            "score",
            "--scenario",
            "tests/fixtures/valid/parcel-mixup.toml",
            "--step",
            "opening",
            "--format",
            "jsonl",
        ])
        .write_stdin(
            "Calm down, it's only a parcel!\nI'm so sorry, I completely understand, thank you.\n\n",
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0]["verdict"], "taken");
    assert_eq!(lines[0]["taken_as"]["choice"], 3);
    assert_eq!(lines[0]["marks"]["non_defensive"]["earned"], -3);
    assert_eq!(lines[1]["verdict"], "missed");
    assert_eq!(lines[1]["miss"], "nonanswer");
    assert_eq!(lines[2]["verdict"], "empty");
}

#[test]
fn score_at_an_unknown_step_says_which_steps_there_are() {
    in_repo()
        .args([
            "score",
            "--scenario",
            "tests/fixtures/valid/parcel-mixup.toml",
            "--step",
            "openin",
            "hello",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("did you mean `opening`?"));
    // --step needs --scenario, and the other way round.
    in_repo()
        .args(["score", "--step", "opening", "hello"])
        .assert()
        .code(2);
}
