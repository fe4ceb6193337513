//! `frontline audit` through the real binary: each check pinned on a fixture built to
//! fail it (tests/fixtures/audit, named after the finding's code), the same findings from
//! `validate`, and a differential test: each guessing strategy's result in the audit
//! agrees with `play --plain --json --no-shuffle` driven by that strategy, the strategy
//! worked out here from the run's own turns rather than by the audit.

use assert_cmd::Command;
use frontline::domain::audit::{self, Strategy};
use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::Scenario;
use frontline::domain::session::{Mode, Run, RunOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn audit_json(path: &Path) -> Value {
    let out = frontline()
        .args(["audit", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.len(), 1);
    all.into_iter().next().unwrap()
}

fn codes(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn each_audit_fixture_fails_its_check_in_audit_and_in_validate() {
    let fixtures = toml_files("tests/fixtures/audit");
    assert!(fixtures.len() >= 6);
    let mut checked = Vec::new();
    for path in fixtures {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let rule = stem.split("--").next().unwrap().to_owned();
        let a = audit_json(&path);
        let found = codes(&a["findings"]);
        let validated: Vec<Value> = serde_json::from_slice(
            &frontline()
                .args(["validate", "--format", "json"])
                .arg(&path)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let in_validate: Vec<String> = validated
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .filter(|c| audit::CODES.contains(&c.as_str()))
            .collect();
        let mut sorted = found.clone();
        sorted.sort();
        let mut in_validate_sorted = in_validate.clone();
        in_validate_sorted.sort();
        assert_eq!(
            sorted, in_validate_sorted,
            "{stem}: audit and validate differ"
        );
        if rule == "clean" {
            assert!(found.is_empty(), "{stem}: {found:?}");
            frontline()
                .args(["audit", "--deny-warnings"])
                .arg(&path)
                .assert()
                .success();
            frontline()
                .args(["validate", "--deny-warnings"])
                .arg(&path)
                .assert()
                .success();
        } else {
            assert!(found.contains(&rule), "{stem}: {found:?}");
            frontline()
                .args(["audit", "--deny-warnings"])
                .arg(&path)
                .assert()
                .code(1);
        }
        checked.push(rule);
    }
    checked.dedup();
    for code in audit::CODES.iter().chain(&["clean"]) {
        assert!(checked.iter().any(|c| c == code), "no fixture for {code}");
    }
}

#[test]
fn the_figures_behind_each_finding_are_in_the_json() {
    let a = audit_json(&root().join("tests/fixtures/audit/guessing-passes.toml"));
    let first = a["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["strategy"] == "first")
        .unwrap();
    assert_eq!(first["passed"], true);
    assert_eq!(first["ending"], "fixed");
    let a = audit_json(&root().join("tests/fixtures/audit/longest-is-best.toml"));
    assert_eq!(a["longest_best"].as_array().unwrap().len(), 3);
    assert_eq!(a["decisions"], 4);
    let a = audit_json(&root().join("tests/fixtures/audit/random-passes.toml"));
    assert!(a["random_pass_rate"].as_f64().unwrap() >= 0.10);
    let a = audit_json(&root().join("tests/fixtures/audit/ending-contradicts-score--warmest.toml"));
    assert_eq!(a["warmest_ending"], "fixed");
    assert_eq!(a["score_fail_at_warmest"]["paths"], 4);
    let a = audit_json(&root().join("tests/fixtures/audit/clean.toml"));
    assert_eq!(a["complete"], true);
    assert_eq!(a["explored"], 1.0);
    // Every ending reached has its mood and score spread; the random player's chances of
    // reaching the endings add up to 1.
    let endings = a["endings"].as_array().unwrap();
    let reached: f64 = endings
        .iter()
        .map(|e| e["reached"]["probability"].as_f64().unwrap())
        .sum();
    assert!((reached - 1.0).abs() < 1e-9, "{reached}");
    for e in endings {
        let m = &e["mood"];
        assert!(m["min"].as_f64() <= m["median"].as_f64());
        assert!(m["median"].as_f64() <= m["max"].as_f64());
    }
}

#[test]
fn the_table_names_each_figure() {
    let out = frontline()
        .args(["audit", "tests/fixtures/audit/guessing-passes.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("audit_table_guessing_passes", text);
}

#[test]
fn a_file_with_errors_is_named_and_fails() {
    let out = frontline()
        .args(["audit", "tests/fixtures/invalid/unknown-target.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has errors and cannot be audited"), "{err}");
    assert!(err.contains("frontline validate"), "{err}");
}

#[test]
fn a_tree_past_the_bound_is_cut_and_says_so() {
    // Twelve steps of four choices, each leading on: 4^12 paths, far past the bound.
    let mut text = String::from(
        "format = 1\n[scenario]\nid = \"wide\"\ntitle = \"Wide\"\nchannel = \"chat\"\ndifficulty = 1\nstart = \"s0\"\n[customer]\nname = \"Kim Lee\"\n",
    );
    for i in 0..12 {
        let next = if i == 11 {
            "done".to_owned()
        } else {
            format!("s{}", i + 1)
        };
        text += &format!("[[step]]\nid = \"s{i}\"\nsay = \"?\"\n");
        for k in 0..4 {
            text += &format!(
                "  [[step.choice]]\n  say = \"reply {k} {}\"\n  next = \"{next}\"\n  score = {{ listening = {} }}\n  feedback = \"f\"\n",
                "x".repeat(k),
                k % 3
            );
        }
    }
    text += "[[ending]]\nid = \"done\"\noutcome = \"resolved\"\nsay = \"ok\"\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.toml");
    std::fs::write(&path, text).unwrap();
    let a = audit_json(&path);
    assert_eq!(a["complete"], false);
    assert!(a["explored"].as_f64().unwrap() < 1.0);
    let out = frontline().arg("audit").arg(&path).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("STOPPED at"), "{table}");
}

/// The numbers (as shown with --no-shuffle) a strategy answers with, worked out from the
/// run's own turns: the choices shown and the file's text of each. `Err` with the answers
/// so far when the strategy goes round a loop past `2 x steps` decisions.
fn strategy_answers(
    scenario: &Scenario,
    rubric: &Rubric,
    strategy: Strategy,
) -> Result<Vec<usize>, Vec<usize>> {
    let options = RunOptions {
        seed: 1,
        shuffle: false,
        trainee: "Sam".into(),
        mode: Mode::Assess,
    };
    let mut run = Run::start(scenario, rubric, options);
    let mut answers = Vec::new();
    while let Some(turn) = run.turn() {
        let step = scenario.step(&turn.step_id).unwrap();
        let says: Vec<&str> = turn
            .choices
            .iter()
            .map(|c| step.choices[c.step_choice].say.get_ref().as_str())
            .collect();
        let pick_max = |key: &dyn Fn(&str) -> usize| {
            let best = says.iter().map(|s| key(s)).max().unwrap();
            says.iter().position(|s| key(s) == best).unwrap()
        };
        let k = match strategy {
            Strategy::First => 0,
            Strategy::Last => says.len() - 1,
            Strategy::Longest => pick_max(&|s| s.chars().count()),
            Strategy::MostCourtesy => pick_max(&|s| {
                let lower = s.to_lowercase();
                audit::STOCK_COURTESY
                    .iter()
                    .map(|p| lower.matches(p).count())
                    .sum()
            }),
        };
        if answers.len() > 2 * scenario.steps.len() {
            return Err(answers);
        }
        answers.push(turn.choices[k].number);
        run.choose(turn.choices[k].number).unwrap();
    }
    Ok(answers)
}

#[test]
fn audit_strategies_agree_with_plain_json_runs_driven_by_the_same_strategy() {
    let rubric = Rubric::builtin();
    let paths: Vec<PathBuf> = [
        "scenarios",
        "tests/fixtures/audit",
        "tests/fixtures/format",
        "tests/fixtures/valid",
        "tests/fixtures/engine",
    ]
    .iter()
    .map(|d| root().join(d))
    .collect();
    let library = Library::from_paths(&paths, &rubric);
    let data = tempfile::tempdir().unwrap();
    let mut compared = 0;
    for file in &library.files {
        let Some(scenario) = file.scenario() else {
            continue;
        };
        let path = PathBuf::from(&file.origin);
        let a = audit_json(&path);
        for strategy in Strategy::ALL {
            let answers = strategy_answers(scenario, &rubric, strategy);
            let from_audit = a["strategies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["strategy"] == strategy.as_str())
                .unwrap();
            let numbers: Vec<usize> = from_audit["decisions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["number"].as_u64().unwrap() as usize)
                .collect();
            let what = format!("{} {}", file.origin, strategy.as_str());
            let answers = match answers {
                Ok(answers) => answers,
                Err(answers) => {
                    // A loop: the audit stops at the same bound and reports no ending.
                    assert_eq!(numbers, answers, "{what}: different answers");
                    assert_eq!(from_audit["ending"], Value::Null, "{what}");
                    assert_eq!(from_audit["passed"], false, "{what}");
                    continue;
                }
            };
            assert_eq!(numbers, answers, "{what}: different answers");
            let input: String = answers.iter().map(|n| format!("{n}\n")).collect();
            let out = frontline()
                .args(["play", "--plain", "--json", "--no-shuffle", "--seed", "1"])
                .arg(&path)
                .env("FRONTLINE_DATA", data.path())
                .write_stdin(input)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{what}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).unwrap();
            let json_start = text.find("\n{").map_or(0, |i| i + 1);
            let played: Value = serde_json::from_str(&text[json_start..]).unwrap();
            assert_eq!(played["passed"], from_audit["passed"], "{what}: passed");
            assert_eq!(played["ending"], from_audit["ending"], "{what}: ending");
            assert_eq!(
                played["final_mood"], from_audit["final_mood"],
                "{what}: final mood"
            );
            assert_eq!(
                !played["critical"].as_array().unwrap().is_empty(),
                from_audit["critical"].as_bool().unwrap(),
                "{what}: critical"
            );
            let rounded = from_audit["overall"]
                .as_f64()
                .map(|o| (o * 10.0).round() / 10.0);
            assert_eq!(played["overall"].as_f64(), rounded, "{what}: overall");
            compared += 1;
        }
    }
    assert!(compared >= 4 * 20, "only {compared} runs compared");
}
