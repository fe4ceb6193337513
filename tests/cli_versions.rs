//! Answers kept per version of the scenario file, through the real binary: a store holds
//! attempts of two versions of one scenario (a choice reworded between them). `report`
//! counts the current version's answers under the current words and lists the earlier
//! version's apart, in the words trainees saw; `history` marks the attempts on the earlier
//! version, and `history --attempt` shows an attempt's answers as they were given.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const OLD_WORDS: &str = "It was left at number 14.";
const NEW_WORDS: &str = "Our driver left it with your neighbour at number 14.";

struct Store {
    dir: tempfile::TempDir,
}

impl Store {
    fn library(&self) -> std::path::PathBuf {
        self.dir.path().join("lib")
    }

    fn frontline(&self) -> Command {
        let mut cmd = Command::cargo_bin("frontline").unwrap();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .arg("--library")
            .arg(self.library());
        cmd
    }

    fn play(&self, trainee: &str, seed: &str, answers: &str) {
        let out = self
            .frontline()
            .args([
                "play",
                "--plain",
                "--no-shuffle",
                "--seed",
                seed,
                "--trainee",
                trainee,
                "parcel-mixup",
            ])
            .write_stdin(answers)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.frontline().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.stdout(args)).unwrap()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Sam and Ana answer the first version; the choice Ana took at `found-it` is reworded;
/// Sam answers the second version, taking the reworded choice.
fn two_versions() -> Store {
    let store = Store {
        dir: tempfile::tempdir().unwrap(),
    };
    std::fs::create_dir(store.library()).unwrap();
    let file = store.library().join("parcel-mixup.toml");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml"),
    )
    .unwrap();
    assert!(original.contains(OLD_WORDS));
    std::fs::write(&file, &original).unwrap();
    store.play("Sam", "1", "1\n1\n");
    store.play("Ana", "2", "1\n2\n");
    std::fs::write(&file, original.replace(OLD_WORDS, NEW_WORDS)).unwrap();
    store.play("Sam", "3", "1\n2\n");
    store
}

#[test]
fn the_report_keeps_each_versions_answers_apart_in_the_words_trainees_saw() {
    let store = two_versions();
    let report = store.json(&["report", "--scenario", "parcel-mixup", "--format", "json"]);
    let debrief = &report["debrief"];
    assert_eq!(debrief["attempts"], 1, "only the current version's attempt");
    assert_eq!(debrief["other_versions"], 2);
    let versions = debrief["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_ne!(versions[0]["hash"], versions[1]["hash"]);
    assert_eq!(debrief["version"], versions[0]["hash"], "the latest first");
    // The current version: the reworded choice, answered once, under its new words.
    let found = |steps: &Value| -> Value {
        steps
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"] == "found-it")
            .unwrap()
            .clone()
    };
    let now = found(&debrief["steps"]);
    let second = now["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["choice"] == 1)
        .unwrap();
    assert_eq!(second["text"], NEW_WORDS);
    assert_eq!(second["count"], 1);
    // The earlier version: Ana's answer, in the words she saw.
    let then = found(&versions[1]["steps"]);
    let hers = then["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["choice"] == 1)
        .unwrap();
    assert_eq!(hers["text"], OLD_WORDS);
    assert_eq!(hers["count"], 1);

    // The table shows both, each version apart.
    let table = store.stdout(&["report", "--scenario", "parcel-mixup"]);
    let current = table.find(NEW_WORDS).expect("the current words");
    let earlier = table
        .find("Another version of the file (sha256:")
        .unwrap_or_else(|| panic!("no earlier version:\n{table}"));
    let old = table.find(OLD_WORDS).expect("the words Ana saw");
    assert!(current < earlier && earlier < old, "{table}");
    assert!(table.contains("2 attempts with answers"), "{table}");
}

#[test]
fn history_marks_attempts_on_an_earlier_version_and_shows_what_was_said() {
    let store = two_versions();
    let history = store.json(&["history", "--trainee", "Sam", "--format", "json"]);
    let attempts = history["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(
        attempts[0]["changed"], true,
        "the first was on the old file"
    );
    assert_eq!(attempts[1]["changed"], false);
    assert_ne!(attempts[0]["version"], attempts[1]["version"]);
    let table = store.stdout(&["history", "--trainee", "Sam"]);
    assert!(table.contains("parcel-mixup*"), "{table}");
    assert!(table.contains("* played on an earlier version"), "{table}");
    let csv = store.stdout(&["history", "--trainee", "Sam", "--format", "csv"]);
    assert!(
        csv.lines().next().unwrap().contains(",version,changed,"),
        "{csv}"
    );

    // Ana's attempt, on the first version: her words, and a note that the file changed.
    let ana = store.json(&["history", "--trainee", "Ana", "--format", "json"]);
    let id = ana["attempts"][0]["id"].as_str().unwrap().to_owned();
    let shown = store.stdout(&["history", "--attempt", &id[..8]]);
    assert!(shown.contains(&format!("Ana: \"{OLD_WORDS}\"")), "{shown}");
    assert!(!shown.contains(NEW_WORDS), "{shown}");
    assert!(
        shown.contains("the file in the library is now version"),
        "{shown}"
    );
    let json = store.json(&["history", "--attempt", &id, "--format", "json"]);
    assert_eq!(json["changed"], true);
    assert_eq!(json["attempt"]["decisions"][1]["said"], OLD_WORDS);

    // Sam's second attempt, on the file as it is: the customer's lines are shown too.
    let sam = attempts[1]["id"].as_str().unwrap();
    let shown = store.stdout(&["history", "--attempt", sam]);
    assert!(shown.contains("the version in the library now"), "{shown}");
    assert!(shown.contains(&format!("Sam: \"{NEW_WORDS}\"")), "{shown}");
    assert!(shown.contains("At `found-it`: "), "{shown}");
    assert!(shown.contains("So where is it?"), "{shown}");
}

#[test]
fn an_unknown_attempt_is_refused_with_the_way_to_list_them() {
    let store = two_versions();
    let out = store
        .frontline()
        .args(["history", "--attempt", "ffffffff"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("ffffffff"), "{stderr}");
    assert!(
        stderr.contains("frontline history --trainee NAME"),
        "{stderr}"
    );
}
