//! The shipped scenarios rewritten for issue 15, through the real binary: each listed id
//! passes `validate --deny-warnings` with nothing to report, and the best path that
//! `paths` finds, played in plain mode, passes with no critical error.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;

/// Rewritten scenarios, one id a line (each content helper adds its own).
const REWRITTEN: &[&str] = &[
    "late-delivery-chat",
    "damaged-luggage",
    "expired-promotion",
    "email-complaint",
    "colleague-urgent-request",
    "outage-home-worker",
    "wrong-order-restaurant",
    "review-threat",
    "contract-cancellation",
    "double-charge",
    "overbooked-hotel",
    "refund-no-receipt",
    // Issue 16's new scenarios (library-a).
    "cannot-hold-callback",
    "transfer-rings-out",
    "honest-no",
    "temperaments",
    // New for issue 16 (library-b).
    "abusive-caller-boundary",
    "social-media-public-private",
];

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_LIBRARY")
        .env(
            "FRONTLINE_DATA",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/shipped_scenarios-progress"),
        )
        .env("NO_COLOR", "1");
    cmd
}

fn file(id: &str) -> String {
    format!("scenarios/{id}.toml")
}

fn json(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_rewritten_scenario_validates_with_no_warning() {
    for id in REWRITTEN {
        let out = frontline()
            .args(["validate", "--deny-warnings", &file(id)])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{id}: {stdout}{stderr}");
        assert!(
            stdout.contains("0 errors, 0 warnings") || stderr.contains("0 errors, 0 warnings"),
            "{id}: {stdout}{stderr}"
        );
    }
}

/// The number to type at each decision of `path` (a `paths --format json` path): its
/// position among the choices shown there with `--no-shuffle`, given the flags set so far.
fn answers(id: &str, path: &Value) -> String {
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file(id)))
            .unwrap();
    let scenario: toml::Table = text.parse().unwrap();
    let steps = scenario["step"].as_array().unwrap();
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    };
    let mut flags = BTreeSet::new();
    let mut lines = String::new();
    for decision in path["choices"].as_array().unwrap() {
        let step = steps
            .iter()
            .find(|s| s["id"].as_str() == decision["step"].as_str())
            .unwrap();
        let choices = step["choice"].as_array().unwrap();
        let taken = decision["choice"].as_u64().unwrap() as usize - 1;
        let shown: Vec<usize> = (0..choices.len())
            .filter(|&i| {
                let c = &choices[i];
                strings(c.get("requires")).iter().all(|f| flags.contains(f))
                    && !strings(c.get("unless")).iter().any(|f| flags.contains(f))
            })
            .collect();
        let number = shown.iter().position(|&i| i == taken).unwrap() + 1;
        lines += &format!("{number}\n");
        flags.extend(strings(choices[taken].get("sets")));
    }
    lines
}

#[test]
fn the_best_path_of_every_rewritten_scenario_passes_in_plain_mode() {
    for id in REWRITTEN {
        let paths = json(
            &frontline()
                .args(["paths", &file(id), "--format", "json"])
                .output()
                .unwrap(),
        );
        let best = paths["paths"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["number"] == paths["best"])
            .unwrap();
        assert_eq!(best["passed"], true, "{id}: the best path does not pass");
        let run = json(
            &frontline()
                .args(["play", "--plain", "--json", "--no-shuffle", "--no-record"])
                .args(["--seed", "1", &file(id)])
                .write_stdin(answers(id, best))
                .output()
                .unwrap(),
        );
        assert_eq!(run["passed"], true, "{id}: {run}");
        assert_eq!(run["critical"], Value::Array(vec![]), "{id}: {run}");
        assert_eq!(run["ending"], best["ending"], "{id}: {run}");
        assert_eq!(run["overall"], best["overall"], "{id}: {run}");
    }
}
