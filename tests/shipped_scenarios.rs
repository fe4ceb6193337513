//! Every scenario shipped in scenarios/, through the real binary: each file passes
//! `validate --deny-warnings` with nothing to report, `audit --format json` finds nothing
//! in it, and the best path that `paths` finds, played in plain mode, passes with no
//! critical error. The files are found by the library's own rule
//! ([`library::scenario_files`]), so a new scenario is checked with no list to update, and
//! a file in the folder that is not a scenario (the curriculum) is left out as the
//! library leaves it out.

use assert_cmd::Command;
use frontline::domain::library;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(ROOT)
        .env_remove("FRONTLINE_LIBRARY")
        .env(
            "FRONTLINE_DATA",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/shipped_scenarios-progress"),
        )
        .env("NO_COLOR", "1");
    cmd
}

/// Every scenario file of scenarios/, as the library finds them, relative to the crate
/// (as a trainer would type them).
fn shipped() -> Vec<String> {
    let files = library::scenario_files(&[Path::new(ROOT).join("scenarios")]);
    assert!(files.len() >= 12, "only {} scenario files", files.len());
    files
        .iter()
        .map(|f| {
            f.strip_prefix(ROOT)
                .unwrap_or(f)
                .display()
                .to_string()
                .trim_start_matches('/')
                .to_owned()
        })
        .collect()
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
fn every_shipped_scenario_validates_with_no_warning() {
    for file in shipped() {
        let out = frontline()
            .args(["validate", "--deny-warnings", &file])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{file}: {stdout}{stderr}");
        assert!(
            stdout.contains("0 errors, 0 warnings") || stderr.contains("0 errors, 0 warnings"),
            "{file}: {stdout}{stderr}"
        );
    }
}

#[test]
fn the_audit_finds_nothing_in_any_shipped_scenario() {
    for file in shipped() {
        let report = json(
            &frontline()
                .args(["audit", &file, "--format", "json"])
                .output()
                .unwrap(),
        );
        let reports = report.as_array().expect("a list of reports");
        assert_eq!(reports.len(), 1, "{file}: {report}");
        let findings = &reports[0]["findings"];
        assert_eq!(
            findings,
            &Value::Array(vec![]),
            "{file}: `frontline audit {file}` finds: {findings:#}"
        );
        // A cut tree would hide paths from the checks: the shipped ones are audited whole.
        assert_eq!(reports[0]["complete"], true, "{file}: the audit was cut");
    }
}

/// The number to type at each decision of `path` (a `paths --format json` path): its
/// position among the choices shown there with `--no-shuffle`, given the flags set so far.
fn answers(file: &str, path: &Value) -> String {
    let text = std::fs::read_to_string(PathBuf::from(ROOT).join(file)).unwrap();
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
fn the_best_path_of_every_shipped_scenario_passes_in_plain_mode() {
    for file in shipped() {
        let paths = json(
            &frontline()
                .args(["paths", &file, "--format", "json"])
                .output()
                .unwrap(),
        );
        // `paths` calls best the highest overall, which may be a path with a critical
        // error; the model path is the highest-scoring path that passes.
        let best = paths["paths"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["passed"] == true)
            .max_by(|a, b| {
                a["overall"]
                    .as_f64()
                    .unwrap()
                    .total_cmp(&b["overall"].as_f64().unwrap())
            })
            .unwrap_or_else(|| panic!("{file}: no path that `paths` walks passes"));
        let run = json(
            &frontline()
                .args(["play", "--plain", "--json", "--no-shuffle", "--no-record"])
                .args(["--seed", "1", &file])
                .write_stdin(answers(&file, best))
                .output()
                .unwrap(),
        );
        assert_eq!(run["passed"], true, "{file}: {run}");
        assert_eq!(run["critical"], Value::Array(vec![]), "{file}: {run}");
        assert_eq!(run["ending"], best["ending"], "{file}: {run}");
        assert_eq!(run["overall"], best["overall"], "{file}: {run}");
    }
}

/// The mood's word agrees with the customer's last line: every resolved ending of every
/// shipped scenario (a line of thanks, "I appreciate it") is reached at a mood whose band
/// reads calm or pleased, never uneasy, on every path `paths` walks.
#[test]
fn a_resolved_ending_never_reads_as_uneasy() {
    use frontline::domain::session::MoodBand;
    let mut resolved = 0;
    for id in shipped() {
        let out = frontline()
            .args(["paths", "--format", "json", "--limit", "3000"])
            .arg(&id)
            .output()
            .unwrap();
        let walk = json(&out);
        for path in walk["paths"].as_array().unwrap() {
            if path["outcome"] != "resolved" {
                continue;
            }
            resolved += 1;
            let mood = path["final_mood"].as_i64().unwrap();
            let band = MoodBand::of(mood);
            assert!(
                matches!(band, MoodBand::Calm | MoodBand::Pleased),
                "{id}: ending `{}` at mood {mood} reads {band}",
                path["ending"]
            );
        }
    }
    assert!(resolved > 0);
}
