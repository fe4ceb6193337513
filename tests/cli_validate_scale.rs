//! Issue 20: `validate` is linear in its findings. A 15,000-step chain with 30,001
//! warnings in a 908 KB file took minutes (a line count from the top of the file for each
//! finding, the whole file handed to the snippet renderer for each finding, and a fixed
//! point over every step per step of the chain); the bench `validate` measures it against
//! loading the file (docs/performance.md). Here: every finding is listed, each at its
//! own line. The timeout only keeps a regression from hanging the suite.

use assert_cmd::Command;
use std::time::Duration;

#[path = "../benches/support/generate.rs"]
mod generate;

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.env("NO_COLOR", "1").timeout(Duration::from_secs(180));
    cmd
}

#[test]
fn thirty_thousand_findings_are_each_shown_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.toml");
    let text = generate::warning_chain(15_000);
    std::fs::write(&file, &text).unwrap();
    // Step s{i} is declared on line 11 + 4i; its choice (the no-feedback span) on the next.
    let line_of_step = |i: usize| 11 + 4 * i;

    let out = frontline()
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 30_001);
    for i in [0, 1, 7_777, 14_999] {
        let at = |code: &str| {
            findings
                .iter()
                .filter(|f| f["code"] == code)
                .nth(i)
                .map(|f| (f["line"].as_u64().unwrap() as usize, f["column"].clone()))
                .unwrap()
        };
        assert_eq!(at("choices-identical").0, line_of_step(i) + 1, "step {i}");
        assert_eq!(at("no-feedback").0, line_of_step(i) + 3, "step {i}");
        assert_eq!(at("no-feedback").1, 14, "step {i}");
    }

    let out = frontline().arg("validate").arg(&file).output().unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert_eq!(human.matches("warning[no-feedback]").count(), 15_000);
    assert_eq!(human.matches("warning[choices-identical]").count(), 15_000);
    let last = format!("{}:{}:14", file.display(), line_of_step(14_999) + 3);
    assert!(human.contains(&last), "{last}");
    assert!(human.ends_with("checked 1 file: 0 errors, 30001 warnings\n"));
}

/// Errors at scale: 13,000 steps with one id (12,999 `duplicate-id`, each naming the
/// first's line) and 13,000 `next` names that name nothing (`unknown-target`).
#[test]
fn thirteen_thousand_duplicates_and_unknown_names_are_each_reported() {
    let n = 13_000;
    let mut text = String::from(
        "format = 1\n[scenario]\nid = \"dups\"\ntitle = \"Dups\"\nchannel = \"phone\"\ndifficulty = 1\nstart = \"s\"\n[customer]\nname = \"A\"\nmood = 0\n",
    );
    for i in 0..n {
        text += &format!("[[step]]\nid=\"s\"\nsay=\"?\"\nchoice=[{{say=\"Y\",next=\"n{i}\"}}]\n");
    }
    text += "[[ending]]\nid=\"e\"\noutcome=\"resolved\"\nsay=\"Bye.\"\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dups.toml");
    std::fs::write(&file, text).unwrap();
    let out = frontline()
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    let count = |code: &str| findings.iter().filter(|f| f["code"] == code).count();
    assert_eq!(count("duplicate-id"), n - 1);
    assert_eq!(count("unknown-target"), n);
    let dup = findings
        .iter()
        .find(|f| f["code"] == "duplicate-id")
        .unwrap();
    assert!(
        dup["help"]
            .as_str()
            .unwrap()
            .starts_with("the first is on line 12;"),
        "{dup}"
    );
}
