//! The onboarding path (scenarios/curriculum.toml) through the real binary: the shipped
//! file lists every shipped scenario exactly once and its first day fits two hours;
//! `validate` places each mistake in a curriculum at file:line:column; `list` and `--help`
//! show the order.

use assert_cmd::Command;
use frontline::domain::curriculum::Curriculum;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_LIBRARY")
        .env(
            "FRONTLINE_DATA",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cli_curriculum-progress"),
        )
        .env("NO_COLOR", "1");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The id of every scenario file shipped in scenarios/, read from the files themselves.
fn shipped_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "curriculum.toml")
        {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: toml::Value = toml::from_str(&text).unwrap();
            ids.push(value["scenario"]["id"].as_str().unwrap().to_owned());
        }
    }
    ids.sort();
    ids
}

fn shipped_curriculum() -> Curriculum {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/curriculum.toml"),
    )
    .unwrap();
    Curriculum::parse(&text).expect("the shipped curriculum parses")
}

#[test]
fn the_shipped_curriculum_lists_every_shipped_scenario_exactly_once() {
    let curriculum = shipped_curriculum();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for group in &curriculum.groups {
        for entry in &group.entries {
            *counts.entry(entry.id.clone()).or_default() += 1;
        }
    }
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "listed more than once: {twice:?}");
    let listed: Vec<String> = counts.keys().cloned().collect();
    let shipped = shipped_ids();
    let unlisted: Vec<&String> = shipped.iter().filter(|id| !listed.contains(id)).collect();
    assert!(
        unlisted.is_empty(),
        "not in scenarios/curriculum.toml: {unlisted:?}; add `{{ id = \"...\" }}` to the group each belongs in (docs/authoring.md section 6) and its row to docs/curriculum.md"
    );
    assert_eq!(
        listed, shipped,
        "the curriculum lists ids with no file in scenarios/"
    );
    // And the binary agrees: the library with its curriculum has nothing to report.
    let out = stdout(frontline().args(["validate", "--deny-warnings", "scenarios"]));
    assert!(out.contains(": 0 errors, 0 warnings"), "{out}");
}

#[test]
fn the_first_day_is_a_two_hour_session_with_practice_groups_after_it() {
    let curriculum = shipped_curriculum();
    assert!(
        curriculum.groups.len() >= 2,
        "a first day and practice after it"
    );
    let first = &curriculum.groups[0];
    assert_eq!(
        first.minutes,
        Some(120),
        "the first day is a 2-hour session"
    );
    // Every first-day entry says its classroom time (play and debrief together).
    let total: u32 = first
        .entries
        .iter()
        .map(|e| e.minutes.expect("a first-day entry gives its minutes"))
        .sum();
    assert!(total <= 120, "the first day takes {total} minutes");
    assert!(
        first.entries.len() >= 4,
        "a first day of at least four scenarios"
    );
}

#[test]
fn list_shows_the_groups_in_order_and_every_scenario_once() {
    let curriculum = shipped_curriculum();
    let out = stdout(frontline().args(["list"]));
    let mut at = 0;
    for group in &curriculum.groups {
        let found = out[at..]
            .find(&group.title)
            .unwrap_or_else(|| panic!("{} missing or out of order:\n{out}", group.title));
        at += found;
        for entry in &group.entries {
            let found = out[at..]
                .find(&entry.id)
                .unwrap_or_else(|| panic!("{} missing or out of order:\n{out}", entry.id));
            at += found;
        }
    }
    assert!(!out.contains("Not in the curriculum"), "{out}");

    let json: Value =
        serde_json::from_str(&stdout(frontline().args(["list", "--format", "json"]))).unwrap();
    let rows = json.as_array().unwrap();
    let mut ids: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let in_order: Vec<String> = curriculum
        .groups
        .iter()
        .flat_map(|g| g.entries.iter().map(|e| e.id.clone()))
        .collect();
    assert_eq!(ids, in_order);
    ids.sort();
    assert_eq!(ids, shipped_ids());
    assert_eq!(rows[0]["group"], curriculum.groups[0].title.as_str());
    assert_eq!(
        rows[0]["minutes"],
        curriculum.groups[0].entries[0].minutes.unwrap()
    );
}

#[test]
fn help_examples_name_the_list_and_the_first_day_in_order() {
    let curriculum = shipped_curriculum();
    let out = stdout(frontline().arg("--help"));
    assert!(out.contains("frontline list"), "{out}");
    let mut at = out
        .find(&curriculum.groups[0].title)
        .expect("the first day's title");
    for entry in &curriculum.groups[0].entries {
        let line = format!("frontline play {}", entry.id);
        at += out[at..]
            .find(&line)
            .unwrap_or_else(|| panic!("{line} missing:\n{out}"));
    }
}

/// A library of two shipped scenarios and a curriculum with one of each mistake.
fn broken_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for id in [
        "refund-no-receipt",
        "expired-promotion",
        "late-delivery-chat",
    ] {
        std::fs::copy(
            root.join(format!("{id}.toml")),
            dir.path().join(format!("{id}.toml")),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("curriculum.toml"),
        "[[group]]\ntitle = \"Day one\"\nminutes = 30\nscenarios = [\n  { id = \"refund-no-reciept\", minutes = 15 },\n  { id = \"expired-promotion\", minutes = 20 },\n]\n\n[[group]]\ntitle = \"After\"\nscenarios = [{ id = \"expired-promotion\" }]\n",
    )
    .unwrap();
    dir
}

#[test]
fn validate_places_each_curriculum_mistake_and_fails() {
    let dir = broken_library();
    let out = frontline()
        .args(["validate", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String, u64, u64)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().ends_with("curriculum.toml"))
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = |code: &str, severity: &str, line: u64, column: u64| {
        assert!(
            found.contains(&(code.to_owned(), severity.to_owned(), line, column)),
            "{code} at {line}:{column} not in {found:?}"
        );
    };
    expect("curriculum-over-time", "error", 3, 11);
    expect("curriculum-unknown-scenario", "error", 5, 10);
    expect("curriculum-listed-twice", "error", 11, 21);
    // Two scenarios in no group: a warning each, pointing where to add them.
    assert_eq!(
        found
            .iter()
            .filter(|f| f.0 == "curriculum-missing" && f.1 == "warning")
            .count(),
        2,
        "{found:?}"
    );
    // The human form names the file, line and column, and suggests the near id.
    let out = stdout(frontline().arg("validate").arg(dir.path()));
    assert!(out.contains("curriculum.toml:5:10"), "{out}");
    assert!(out.contains("did you mean `refund-no-receipt`?"), "{out}");

    // Given on its own, the file is checked against the scenarios beside it.
    let out = frontline()
        .arg("validate")
        .arg(dir.path().join("curriculum.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("listed twice"));
}

#[test]
fn a_curriculum_that_does_not_parse_is_an_error_and_list_falls_back_to_difficulty() {
    let dir = broken_library();
    std::fs::write(
        dir.path().join("curriculum.toml"),
        "order = [\"refund-no-receipt\"]\n",
    )
    .unwrap();
    let out = frontline()
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[curriculum-syntax]"), "{text}");
    assert!(text.contains("curriculum.toml:1:1"), "{text}");

    let out = frontline()
        .arg("list")
        .arg("--library")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("easiest first"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not read"));
}

#[test]
fn a_library_without_a_curriculum_validates_and_lists_by_difficulty() {
    let dir = broken_library();
    std::fs::remove_file(dir.path().join("curriculum.toml")).unwrap();
    frontline()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .success();
    let out = stdout(frontline().arg("list").arg("--library").arg(dir.path()));
    let promotion = out.find("expired-promotion").unwrap();
    let refund = out.find("refund-no-receipt").unwrap();
    assert!(promotion < refund, "difficulty 2 before 3:\n{out}");
}

/// The level docs/curriculum.md's rule gives: from the random pass rate, the critical
/// choices and the trapdoors (critical choices plus choices that go straight to a lost
/// ending).
fn measured_level(random_pass: f64, critical: usize, trapdoors: usize) -> i64 {
    let base = if random_pass < 0.015 {
        4
    } else if random_pass >= 0.035 && critical == 0 {
        2
    } else {
        3
    };
    (base + i64::from(trapdoors >= 6)).min(5)
}

/// (critical choices, trapdoors) of a scenario file.
fn trapdoors(text: &str) -> (usize, usize) {
    let value: toml::Value = toml::from_str(text).unwrap();
    let lost: Vec<&str> = value["ending"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["outcome"].as_str() == Some("lost"))
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let (mut critical, mut to_lost) = (0, 0);
    for step in value["step"].as_array().unwrap() {
        for choice in step
            .get("choice")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            if choice.get("critical").is_some() {
                critical += 1;
                continue;
            }
            let targets: Vec<&str> = match choice.get("next") {
                Some(toml::Value::String(to)) => vec![to.as_str()],
                Some(toml::Value::Array(routes)) => routes
                    .iter()
                    .filter_map(|r| r.get("to")?.as_str())
                    .collect(),
                _ => Vec::new(),
            };
            if targets.iter().any(|t| lost.contains(t)) {
                to_lost += 1;
            }
        }
    }
    (critical, critical + to_lost)
}

#[test]
fn every_difficulty_label_follows_the_measured_rule_and_the_doc_agrees() {
    let out = frontline()
        .args(["audit", "--format", "json", "scenarios"])
        .output()
        .unwrap();
    let audits: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/curriculum.md"))
            .unwrap();
    let mut wrong = Vec::new();
    for audit in audits.as_array().unwrap() {
        let id = audit["scenario"].as_str().unwrap();
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(audit["file"].as_str().unwrap());
        let text = std::fs::read_to_string(&file).unwrap();
        let (critical, traps) = trapdoors(&text);
        let rate = audit["random_pass_rate"].as_f64().unwrap();
        let level = measured_level(rate, critical, traps);
        let value: toml::Value = toml::from_str(&text).unwrap();
        let label = value["scenario"]["difficulty"].as_integer().unwrap();
        if label != level {
            wrong.push(format!(
                "{id}: difficulty {label}, the rule gives {level} (random pass {:.1}%, {critical} critical, {traps} trapdoors)",
                rate * 100.0
            ));
        }
        // The doc's row for it shows the same level.
        let row = doc
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!(" {id}: ")))
            .unwrap_or_else(|| panic!("docs/curriculum.md has no row for {id}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(
            cells[5],
            level.to_string(),
            "docs/curriculum.md level of {id}: {row}"
        );
    }
    assert!(
        wrong.is_empty(),
        "labels that do not follow the rule in docs/curriculum.md (move the file's `difficulty`, and its row in the doc):\n{}",
        wrong.join("\n")
    );
}

/// What the library teaches that no scenario practised before issue 16, by tag. A scenario's
/// main lessons are the concept tags it lists first (docs/curriculum.md, "Teaches").
const CONCEPTS: &[&str] = &[
    "temperaments",
    "cannot-hold-callback",
    "transfer-rings-out",
    "language-barrier",
    "encouragers-notes",
    "honest-no",
    "abusive-caller-boundary",
    "social-media-public-private",
    "proactive-outreach",
    "promotion-competitor",
    "internal-customer",
    "accessibility",
];

#[test]
fn every_concept_is_the_main_lesson_of_a_shipped_scenario() {
    let mut taught = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") || path.ends_with("curriculum.toml") {
            continue;
        }
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let tags = value["scenario"]["tags"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        // The leading run of concept tags: the main lessons, before the free tags.
        for tag in tags.iter().filter_map(|t| t.as_str()) {
            if !CONCEPTS.contains(&tag) {
                break;
            }
            taught.insert(tag.to_owned());
        }
    }
    let missing: Vec<_> = CONCEPTS.iter().filter(|c| !taught.contains(**c)).collect();
    assert!(
        missing.is_empty(),
        "no shipped scenario lists these first among its tags: {missing:?}"
    );
}
