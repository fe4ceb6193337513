//! The trainer's commands through the real binary: `new`, `graph`, `paths`.

use assert_cmd::Command;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/valid/parcel-mixup.toml";

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout(args: &[&str]) -> String {
    let out = frontline().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn new_writes_a_starter_that_validates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    frontline()
        .args(["new", "angry-caller", "--channel", "phone", "--dir", d])
        .assert()
        .success()
        .stdout(predicates::str::contains("angry-caller.toml"));
    let path = dir.path().join("angry-caller.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("channel = \"phone\""));
    insta::assert_snapshot!("new_phone_starter", text.replace(d, "<dir>"));
    frontline()
        .args(["validate", "--deny-warnings"])
        .arg(&path)
        .assert()
        .success();
    // A second `new` with the same id leaves the file as it was.
    std::fs::write(&path, "edited by a trainer").unwrap();
    frontline()
        .args(["new", "angry-caller", "--dir", d])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "edited by a trainer"
    );
}

#[test]
fn new_social_writes_a_public_post_starter_and_the_plain_player_says_the_thread_is_public() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    frontline()
        .args(["new", "one-star-post", "--channel", "social", "--dir", d])
        .assert()
        .success();
    let path = dir.path().join("one-star-post.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("channel = \"social\""), "{text}");
    assert!(text.contains("one-star post"), "{text}");
    frontline()
        .args(["validate", "--deny-warnings"])
        .arg(&path)
        .assert()
        .success();
    // The header of a plain run frames the channel: a public thread, not a private call.
    frontline()
        .args(["play", "--plain", "--seed", "1"])
        .arg(&path)
        .write_stdin("")
        .assert()
        .stdout(predicates::str::contains(
            "on social media, where the thread is public",
        ));
}

#[test]
fn new_refuses_a_bad_id() {
    let dir = tempfile::tempdir().unwrap();
    frontline()
        .args(["new", "Angry Caller", "--dir"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not a valid scenario id"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Issue 20: ids that look like flags (`-`, `--`, `-lead`) or end in '-' are not ids; the
/// refusal states the rule, and nothing is written.
#[test]
fn new_refuses_ids_that_look_like_flags() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["-", "--", "-lead", "lead-", "a b", ""] {
        frontline()
            .args(["new", "--dir"])
            .arg(dir.path())
            .args(["--", id])
            .assert()
            .code(1)
            .stderr(predicates::str::contains("not a valid scenario id"))
            .stderr(predicates::str::contains(
                "start and end with a letter or digit",
            ));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn graph_mermaid_snapshot_and_shape() {
    let text = stdout(&["graph", FIXTURE]);
    insta::assert_snapshot!("graph_mermaid", text);
    check_mermaid(&text);
}

#[test]
fn graph_dot_snapshot_and_graphviz_parses_it() {
    let text = stdout(&["graph", FIXTURE, "--format", "dot"]);
    insta::assert_snapshot!("graph_dot", text);
    graphviz_rust::parse(&text).unwrap_or_else(|e| panic!("not valid DOT: {e}\n{text}"));
}

#[test]
fn every_shipped_scenario_draws_as_valid_dot_and_mermaid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // The curriculum lists scenarios; it is not one.
        if path.extension().is_none_or(|e| e != "toml")
            || path.file_name().is_some_and(|n| n == "curriculum.toml")
        {
            continue;
        }
        let p = path.to_str().unwrap();
        let dot = stdout(&["graph", p, "--format", "dot"]);
        graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{p}: not valid DOT: {e}"));
        check_mermaid(&stdout(&["graph", p, "--format", "mermaid"]));
    }
}

/// The Mermaid flowchart subset `graph` writes, checked line by line: a front-matter
/// title, `flowchart TD`, node lines with one of the shapes, edges `a -->|"label"| b`
/// or `-.->`, one style line; labels quoted with no raw quote or brace inside; every
/// edge between declared nodes.
fn check_mermaid(text: &str) {
    let node = regex::Regex::new(
        r#"^  (n_[a-z0-9_]+)(\["[^"{}]*"\]|\(\(\("[^"{}]*"\)\)\)|\(\["[^"{}]*"\]\)|\{\{"[^"{}]*"\}\}|\[/"[^"{}]*"\\\])$"#,
    )
    .unwrap();
    let edge =
        regex::Regex::new(r#"^  (n_[a-z0-9_]+) (-->|-\.->)\|"[^"{}]*"\| (n_[a-z0-9_]+)$"#).unwrap();
    let style = regex::Regex::new(r"^  style (n_[a-z0-9_]+) stroke-width:3px$").unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("---"));
    assert!(lines.next().unwrap().starts_with("title: "));
    assert_eq!(lines.next(), Some("---"));
    assert_eq!(lines.next(), Some("flowchart TD"));
    let mut declared = std::collections::HashSet::new();
    for line in lines {
        if let Some(c) = node.captures(line) {
            assert!(
                declared.insert(c[1].to_owned()),
                "node declared twice: {line}"
            );
        } else if let Some(c) = edge.captures(line) {
            assert!(
                declared.contains(&c[1]) && declared.contains(&c[3]),
                "edge to an undeclared node: {line}"
            );
        } else if let Some(c) = style.captures(line) {
            assert!(declared.contains(&c[1]));
        } else {
            panic!("not a Mermaid line graph writes: {line:?}");
        }
    }
}

#[test]
fn paths_table_snapshot_marks_best_and_worst() {
    let text = stdout(&["paths", FIXTURE]);
    insta::assert_snapshot!("paths_table", text);
    assert!(text.contains("best: #1 (100.0%, sorted)"));
}

#[test]
fn paths_json_lists_every_path_with_its_score() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&["paths", FIXTURE, "--format", "json"])).unwrap();
    assert_eq!(v["complete"], true);
    assert_eq!(v["count"], 6);
    let paths = v["paths"].as_array().unwrap();
    let best = &paths[v["best"].as_u64().unwrap() as usize - 1];
    assert_eq!(best["overall"], 100.0);
    assert_eq!(best["ending"], "sorted");
    assert_eq!(best["choices"][1]["step"], "found-it");
    let escalated: Vec<_> = paths.iter().filter(|p| p["escalated"] == true).collect();
    assert_eq!(escalated.len(), 1);
    assert_eq!(escalated[0]["outcome"], "lost");
    assert_eq!(escalated[0]["passed"], false);
}

#[test]
fn paths_stops_at_its_limit_with_a_message() {
    frontline()
        .args(["paths", FIXTURE, "--limit", "2"])
        .assert()
        .success()
        .stdout(predicates::str::contains("2 paths (stopped at the limit)"))
        .stderr(predicates::str::contains("stopped after 2 paths"));
}

#[test]
fn graph_of_an_unknown_id_suggests_close_ones() {
    frontline()
        .args(["graph", "refund-no-reciept"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("refund-no-receipt"));
}

#[path = "../benches/support/generate.rs"]
mod generate;

/// Issue 20: past the paths a table keeps (10,000), rows are printed as they are found and
/// the best and worst are named below them; JSON streams the same paths with the totals
/// after them. Memory does not grow with --limit (docs/performance.md has the figure).
#[test]
fn paths_past_the_kept_table_stream_rows_and_name_best_and_worst_below() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("generated.toml");
    std::fs::write(&file, generate::scenario(0, 40)).unwrap();
    let f = file.to_str().unwrap();
    let text = stdout(&["paths", f, "--limit", "12000"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Generated 0 (generated-0): paths listed as they are found"
    );
    let rows: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()) && l.contains(" > "))
        .collect();
    assert_eq!(rows.len(), 12_000);
    assert!(
        rows[11_999].trim_start().starts_with("12000 "),
        "{}",
        rows[11_999]
    );
    assert!(
        text.contains("\n12000 paths (stopped at the limit)\n"),
        "{text:.300}"
    );
    let summary = lines.last().unwrap();
    assert!(summary.starts_with("best: #"), "{summary}");

    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "paths", f, "--limit", "12000", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(json["count"], 12_000);
    assert_eq!(json["complete"], false);
    assert_eq!(json["paths"].as_array().unwrap().len(), 12_000);
    assert_eq!(json["paths"][11_999]["number"], 12_000);
    let best = json["best"].as_u64().unwrap() as usize;
    // The best named in the table is the same path.
    assert!(summary.starts_with(&format!("best: #{best} ")), "{summary}");
}

/// A chain of 13,000 steps: `paths` recursed once per step and died of a stack overflow.
#[test]
fn paths_walks_a_13000_step_chain() {
    let n = 13_000;
    let mut text = String::from(
        "format = 1\n[scenario]\nid = \"chain\"\ntitle = \"Chain\"\nchannel = \"phone\"\ndifficulty = 1\nstart = \"s0\"\n[customer]\nname = \"A\"\nmood = 0\n",
    );
    for i in 0..n {
        let next = if i + 1 == n {
            "done".to_owned()
        } else {
            format!("s{}", i + 1)
        };
        text += &format!(
            "[[step]]\nid=\"s{i}\"\nsay=\"?\"\nchoice=[{{say=\"Y\",next=\"{next}\",feedback=\"f\"}}]\n"
        );
    }
    text += "[[ending]]\nid=\"done\"\noutcome=\"resolved\"\nsay=\"Bye.\"\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chain.toml");
    std::fs::write(&file, text).unwrap();
    let out = stdout(&["paths", file.to_str().unwrap()]);
    assert!(out.starts_with("Chain (chain): 1 path\n"), "{out:.200}");
    assert!(out.contains("s12999:1"), "{out:.200}");
}
