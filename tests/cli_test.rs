//! `frontline test` (transcript tests) and `frontline diff` through the real binary.

use assert_cmd::Command;
use std::path::Path;

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    cmd
}

fn stdout(cmd: &mut Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_test_file_that_covers_every_choice_passes_with_coverage() {
    let (code, text) = stdout(frontline().args([
        "test",
        "--coverage",
        "tests/fixtures/transcript/parcel-mixup.test.toml",
    ]));
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!("test-parcel-coverage", text);
}

#[test]
fn failing_expectations_are_each_reported_where_they_are_written() {
    let (code, text) =
        stdout(frontline().args(["test", "tests/fixtures/transcript/failing.test.toml"]));
    assert_eq!(code, Some(1));
    assert!(
        text.contains("test result: FAILED. 1 passed; 3 failed"),
        "{text}"
    );
    insta::assert_snapshot!("test-failing", text);
}

#[test]
fn coverage_lists_what_no_test_reaches_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml");
    std::fs::copy(&scenario, dir.path().join("parcel-mixup.toml")).unwrap();
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    std::fs::write(
        dir.path().join("tests/parcel-mixup.test.toml"),
        "scenario = \"parcel-mixup\"\n[[test]]\nname = \"best\"\nanswers = [1, 1]\nending = \"sorted\"\n",
    )
    .unwrap();
    // The default path is the library folder; a scenario named by id is found one
    // folder up from its test.
    let (code, text) = stdout(
        frontline()
            .current_dir(dir.path())
            .args(["--library", "."])
            .args(["test", "--coverage"]),
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("ok      best"), "{text}");
    assert!(text.contains("coverage: 2 of 6 choices taken"), "{text}");
    assert!(
        text.contains("step `opening`, choice 3: never taken"),
        "{text}"
    );
    assert!(text.contains("ending `hangs-up`: never reached"), "{text}");
    // Without --coverage the same tests pass.
    frontline()
        .current_dir(dir.path())
        .args(["--library", ".", "test"])
        .assert()
        .success();
    // The test file is not taken for a scenario by the library or validate.
    frontline()
        .current_dir(dir.path())
        .args(["validate", "."])
        .assert()
        .success()
        .stdout(predicates::str::contains("checked 1 file"));
}

#[test]
fn a_broken_test_file_is_a_finding_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.test.toml");
    std::fs::write(
        &path,
        "scenario = \"no-such-scenario\"\n[[test]]\nname = \"a\"\nanswers = [1]\n",
    )
    .unwrap();
    let (code, text) = stdout(frontline().arg("test").arg(&path));
    assert_eq!(code, Some(1));
    assert!(text.contains("x.test.toml:1:12"), "{text}");
    std::fs::write(&path, "scenario = \"parcel\"\n[[test]]\nnmae = \"a\"\n").unwrap();
    let (code, text) = stdout(frontline().arg("test").arg(&path));
    assert_eq!(code, Some(1));
    assert!(text.contains("unknown-key"), "{text}");
}

/// The shipped scenarios' transcript tests pass and cover every choice and ending: every
/// shipped scenario has its own.
#[test]
fn the_shipped_scenarios_tests_pass_and_cover_every_choice() {
    let (code, text) = stdout(frontline().args(["test", "--coverage"]));
    assert_eq!(code, Some(0), "{text}");
    for id in [
        "abusive-caller-boundary",
        "accessibility",
        "cannot-hold-callback",
        "encouragers-notes",
        "honest-no",
        "internal-customer",
        "language-barrier",
        "proactive-outreach",
        "promotion-competitor",
        "temperaments",
        "transfer-rings-out",
        "colleague-urgent-request",
        "contract-cancellation",
        "damaged-luggage",
        "double-charge",
        "email-complaint",
        "expired-promotion",
        "late-delivery-chat",
        "outage-home-worker",
        "overbooked-hotel",
        "refund-no-receipt",
        "review-threat",
        "social-media-public-private",
        "wrong-order-restaurant",
    ] {
        assert!(
            text.contains(&format!("scenarios/tests/{id}.test.toml ({id}):")),
            "no transcript tests for {id}: {text}"
        );
    }
}

#[test]
fn diff_lists_what_changed_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml"),
    )
    .unwrap();
    let new = old
        .replace("pass_mark = 60", "pass_mark = 70")
        .replace("  mood = -15\n", "  mood = -25\n")
        .replace(
            "score = { listening = 0, non_defensive = 1, courtesy = 0 }",
            "score = { listening = 1, non_defensive = 1, courtesy = 0 }",
        )
        .replace("  say = \"Calm down, it's only a parcel.\"\n  next = \"found-it\"", "  say = \"Calm down, it's only a parcel.\"\n  next = \"hangs-up\"")
        .replace("[[ending]]\nid = \"hangs-up\"", "[[ending]]\nid = \"gives-up\"\noutcome = \"partial\"\nsay = \"Fine.\"\n\n[[ending]]\nid = \"hangs-up\"")
        .replace("  sets = [\"asked-hold\"]\n", "  sets = [\"asked-hold\", \"apologised\"]\n");
    assert_ne!(old, new);
    std::fs::write(dir.path().join("old.toml"), &old).unwrap();
    std::fs::write(dir.path().join("new.toml"), &new).unwrap();
    let (code, text) = stdout(
        frontline()
            .current_dir(dir.path())
            .args(["diff", "old.toml", "new.toml"]),
    );
    assert_eq!(code, Some(0), "{text}");
    insta::assert_snapshot!("diff-parcel", text);
    let (_, same) = stdout(
        frontline()
            .current_dir(dir.path())
            .args(["diff", "old.toml", "old.toml"]),
    );
    assert_eq!(same.trim(), "no differences");
}

/// `{ hesitate = ANSWER }` hesitates first (the mood drops 10, once, as when a timed step
/// runs out), then answers: the same answers without it end 10 points warmer.
#[test]
fn a_hesitation_before_an_answer_costs_the_mood_once() {
    let dir = tempfile::tempdir().unwrap();
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml");
    let path = dir.path().join("hesitate.test.toml");
    std::fs::write(
        &path,
        format!(
            "scenario = {:?}\n\n[[test]]\nname = \"stalls, then asks about the neighbours\"\nanswers = [{{ hesitate = \"neighbours\" }}, \"left at number 14\"]\nending = \"sorted\"\nmood_at_least = -45\nmood_below = -44\n\n[[test]]\nname = \"the same at once\"\nanswers = [\"neighbours\", \"left at number 14\"]\nmood_at_least = -35\nmood_below = -34\n\n[[test]]\nname = \"a hesitation must still answer\"\nanswers = [{{ hesitate = {{ said = \"x\" }} }}]\n",
            scenario.display().to_string()
        ),
    )
    .unwrap();
    let (code, text) = stdout(frontline().arg("test").arg(&path));
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("test result: FAILED. 2 passed; 1 failed"),
        "{text}"
    );
    assert!(text.contains("{ hesitate = ANSWER }"), "{text}");
}

/// `--coverage` on a folder lists a scenario there that no test file runs, and fails.
#[test]
fn coverage_on_a_folder_lists_a_scenario_without_tests() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (from, to) in [
        ("valid/parcel-mixup.toml", "parcel-mixup.toml"),
        ("engine/engine-refund.toml", "engine-refund.toml"),
    ] {
        std::fs::copy(fixtures.join(from), dir.path().join(to)).unwrap();
    }
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    std::fs::copy(
        fixtures.join("transcript/parcel-mixup.test.toml"),
        dir.path().join("tests/parcel-mixup.test.toml"),
    )
    .unwrap();
    // The fixture test names its scenario by a path from its own folder.
    let test = dir.path().join("tests/parcel-mixup.test.toml");
    let text = std::fs::read_to_string(&test)
        .unwrap()
        .replace("\"../valid/parcel-mixup.toml\"", "\"parcel-mixup\"");
    std::fs::write(&test, text).unwrap();
    let (code, text) = stdout(frontline().arg("test").arg("--coverage").arg(dir.path()));
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("(engine-refund): no transcript tests"),
        "{text}"
    );
    assert!(
        !text.contains("(parcel-mixup): no transcript tests"),
        "{text}"
    );
    assert!(text.contains("; 1 scenario without tests"), "{text}");
    // Without --coverage, only the tests run, and they pass.
    let (code, text) = stdout(frontline().arg("test").arg(dir.path()));
    assert_eq!(code, Some(0), "{text}");
}
