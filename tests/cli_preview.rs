//! A trainer's preview from a state, through the real binary: `play --plain --from STEP
//! --set FLAG --mood N` begins there, is not recorded, and refuses a step, a flag or a
//! mood the file does not have with the reason and a suggestion.

use assert_cmd::Command;
use serde_json::Value;

const PARCEL: &str = "tests/fixtures/valid/parcel-mixup.toml";

fn frontline(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_LIBRARY")
        .env("FRONTLINE_DATA", data)
        .env("NO_COLOR", "1");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// `play --plain --json --no-shuffle --seed 7` with `args`, answering `input`.
fn json_preview(args: &[&str], input: &str) -> Value {
    let data = tempfile::tempdir().unwrap();
    let out = frontline(data.path())
        .args(["play", "--plain", "--json", "--no-shuffle", "--seed", "7"])
        .args(args)
        .arg(PARCEL)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_preview_begins_at_the_step_with_the_flags_and_the_mood_given() {
    // At found-it, the choice that thanks her for holding needs `asked-hold`: with the flag
    // it is shown first (authored order), and choice 1 is it.
    let with_flag = json_preview(
        &["--from", "found-it", "--set", "asked-hold", "--mood", "-40"],
        "1\n",
    );
    assert_eq!(with_flag["steps"], serde_json::json!(["found-it"]));
    let decision = &with_flag["decisions"][0];
    assert_eq!(decision["mood_before"], -40);
    assert!(
        decision["said"]
            .as_str()
            .unwrap()
            .starts_with("Thank you for holding"),
        "{decision}"
    );
    // Without it, choice 1 is the first choice shown without the flag, at the file's mood.
    let without = json_preview(&["--from", "found-it"], "1\n");
    let decision = &without["decisions"][0];
    assert!(
        !decision["said"]
            .as_str()
            .unwrap()
            .starts_with("Thank you for holding"),
        "{decision}"
    );
    assert_ne!(decision["mood_before"], -40);
    // A mood alone, from the start.
    let moody = json_preview(&["--mood", "75"], "1\n1\n");
    assert_eq!(moody["steps"][0], "opening");
    assert_eq!(moody["decisions"][0]["mood_before"], 75);
}

#[test]
fn a_preview_says_where_it_begins_and_is_not_recorded() {
    let data = tempfile::tempdir().unwrap();
    let out = frontline(data.path())
        .args([
            "play",
            "--plain",
            "--no-shuffle",
            "--seed",
            "7",
            "--trainee",
            "Sam",
            "--from",
            "found-it",
            "--set",
            "asked-hold",
            PARCEL,
        ])
        .write_stdin("1\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Preview from `found-it`, with `asked-hold` set (not recorded)."),
        "{stdout}"
    );
    assert!(stdout.contains("So where is it?"), "{stdout}");
    // Nothing in the store: the history has no attempt.
    let history = frontline(data.path())
        .args(["history", "--trainee", "Sam", "--format", "json"])
        .output()
        .unwrap();
    assert!(history.status.success(), "{}", text(&history.stderr));
    let shown: Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(shown["attempts"], serde_json::json!([]), "{shown}");
}

#[test]
fn an_unknown_step_or_flag_is_refused_with_a_suggestion() {
    let data = tempfile::tempdir().unwrap();
    let out = frontline(data.path())
        .args([
            "play",
            "--plain",
            "--from",
            "fund-it",
            "--set",
            "asked-hld",
            "--set",
            "vip",
            PARCEL,
        ])
        .write_stdin("1\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no step `fund-it`; did you mean `found-it`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the flag `asked-hld`") && stderr.contains("did you mean `asked-hold`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the flag `vip`") && stderr.contains("its flags are `asked-hold`"),
        "{stderr}"
    );
    assert!(stderr.contains(PARCEL), "names the file: {stderr}");

    // An ending is not a step to begin at.
    let out = frontline(data.path())
        .args(["play", "--plain", "--from", "sorted", PARCEL])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("`sorted` is an ending"));
}

#[test]
fn a_mood_off_the_scale_is_a_usage_error() {
    let data = tempfile::tempdir().unwrap();
    for mood in ["101", "-101", "calm"] {
        let out = frontline(data.path())
            .args(["play", "--plain", "--mood", mood, PARCEL])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--mood {mood}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("--mood"), "{stderr}");
    }
    // The edges are on the scale.
    let edge = json_preview(&["--mood", "-100"], "1\n1\n");
    assert_eq!(edge["decisions"][0]["mood_before"], -100);
}

#[test]
fn a_preview_cannot_be_a_resume() {
    let data = tempfile::tempdir().unwrap();
    let out = frontline(data.path())
        .args(["play", "--plain", "--resume", "--from", "found-it", PARCEL])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
