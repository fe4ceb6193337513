//! End to end: the real binary in a real terminal (tmux). It opens the library, plays
//! the parcel fixture to the debrief, reads the overall score off the screen and checks
//! it against `play --plain --json` given the same picks, quits, and checks that the
//! terminal is back in cooked mode with the mouse released. Then once more with Ctrl-C
//! in the middle of a run.
//!
//! Needs tmux (CI installs it); without it the test fails and says so.

mod common;
use common::tmux::Tmux;
use std::process::Command;
const FIXTURE_LIBRARY: &str = "tests/fixtures/valid";

fn frontline() -> &'static str {
    env!("CARGO_BIN_EXE_frontline")
}

fn assert_cooked(words: &[String]) {
    let has = |w: &str| words.iter().any(|x| x == w);
    assert!(
        has("icanon") && !has("-icanon"),
        "not in canonical mode: {words:?}"
    );
    assert!(has("echo") && !has("-echo"), "echo is off: {words:?}");
}

/// The overall percent on the debrief: "PASS: overall 60.0% (pass mark 60%)".
fn overall_on_screen(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains("overall "))
        .unwrap_or_else(|| panic!("no overall on the debrief:\n{screen}"));
    let after = &line[line.find("overall ").unwrap() + "overall ".len()..];
    after[..after.find(' ').unwrap_or(after.len())].to_owned()
}

#[test]
fn the_player_in_a_real_terminal_scores_as_plain_mode_and_restores_the_terminal() {
    let tmux = Tmux::shell_pane("e2e", 120, 40, "");
    // Progress goes to a folder of the test's own, not the user's data folder.
    let data = tempfile::tempdir().unwrap();
    let command = format!(
        "FRONTLINE_DATA={} NO_COLOR=1 {} --library {FIXTURE_LIBRARY} --seed 7 --no-shuffle --trainee Sam",
        data.path().display(),
        frontline()
    );
    tmux.shell(&command);
    tmux.wait_for("Scenario library: 1 playable");
    // The player holds the screen and the mouse while it runs.
    tmux.wait_format("#{alternate_on}", "1");
    assert_eq!(tmux.format("#{mouse_any_flag}"), "1", "mouse capture is on");

    tmux.keys(&["Enter"]);
    tmux.wait_for("What is scored");
    tmux.keys(&["Enter"]);
    tmux.wait_for("3. Calm down");
    // Picks 2 then 1, as the plain run below.
    tmux.keys(&["2"]);
    tmux.wait_for("You said \"Did you check with your neighbours?\"");
    tmux.keys(&["Enter"]);
    tmux.wait_for("1. It was left at number 14.");
    tmux.keys(&["1"]);
    tmux.wait_for("Press Enter for the debrief");
    tmux.keys(&["Enter"]);
    let debrief = tmux.wait_for_all(&["Your path and the best path", "overall "]);
    let shown = overall_on_screen(&debrief);

    let plain = Command::new(frontline())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "play",
            "--plain",
            "--json",
            "--no-record",
            "--seed",
            "7",
            "--no-shuffle",
            "--library",
            FIXTURE_LIBRARY,
            "parcel-mixup",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"2\n1\n")?;
            child.wait_with_output()
        })
        .expect("plain run");
    assert!(
        plain.status.success(),
        "{}",
        String::from_utf8_lossy(&plain.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    let overall = json["overall"].as_f64().expect("an overall");
    assert_eq!(shown, format!("{overall:.1}%"), "debrief:\n{debrief}");
    let verdict = if json["passed"].as_bool().unwrap() {
        "PASS:"
    } else {
        "FAIL:"
    };
    assert!(debrief.contains(verdict), "{verdict} expected:\n{debrief}");

    tmux.keys(&["q"]);
    tmux.wait_format("#{alternate_on}", "0");
    tmux.shell("echo EXIT-\"\"CODE=$?");
    tmux.wait_for("EXIT-CODE=0");
    assert_eq!(
        tmux.format("#{mouse_any_flag}"),
        "0",
        "mouse capture released"
    );
    assert_cooked(&tmux.stty("QUIT"));

    // Ctrl-C in the middle of a run quits at once, and cleanly.
    tmux.shell(&command);
    tmux.wait_for("Scenario library");
    tmux.keys(&["Enter"]);
    tmux.wait_for("What is scored");
    tmux.keys(&["Enter"]);
    tmux.wait_for("3. Calm down");
    tmux.keys(&["C-c"]);
    tmux.wait_format("#{alternate_on}", "0");
    tmux.wait_gone("3. Calm down");
    assert_eq!(
        tmux.format("#{mouse_any_flag}"),
        "0",
        "mouse capture released"
    );
    assert_cooked(&tmux.stty("CTRLC"));
}

/// A trainer's live preview: `play FILE --watch --from STEP` opens at the step, a save
/// reloads it in place, a broken save shows the finding with its line, and fixing it
/// brings the conversation back. The terminal is cooked again after q.
#[test]
fn watch_reloads_on_save_keeps_its_place_and_shows_findings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("parcel-mixup.toml");
    let original = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid/parcel-mixup.toml"),
    )
    .unwrap();
    std::fs::write(&file, &original).unwrap();
    let tmux = Tmux::shell_pane("e2e", 120, 40, "");
    tmux.shell(&format!(
        "FRONTLINE_DATA={} NO_COLOR=1 {} play {} --watch --from found-it --seed 7 --no-shuffle --trainee Sam",
        dir.path().display(),
        frontline(),
        file.display()
    ));
    // Straight into the conversation at the step asked for.
    tmux.wait_for("So where is it?");

    // A save that changes the customer's line: reloaded, still at found-it.
    std::fs::write(
        &file,
        original.replace("So where is it?", "Well, where is my parcel?"),
    )
    .unwrap();
    tmux.wait_for("Well, where is my parcel?");

    // A save with a misspelt key: the finding, its line, and no crash.
    let broken = original.replace(
        "  feedback = \"Correct, but bare",
        "  feedbak = \"Correct, but bare",
    );
    std::fs::write(&file, &broken).unwrap();
    // Poll for each part: a capture can land between two frames.
    let line = broken.lines().position(|l| l.contains("feedbak")).unwrap() + 1;
    tmux.wait_for("unknown-key");
    tmux.wait_for(&format!("parcel-mixup.toml:{line}:"));
    tmux.wait_for("did you mean `feedback`?");

    // Fixed: the conversation is back at the same step.
    std::fs::write(&file, &original).unwrap();
    tmux.wait_for("So where is it?");
    tmux.keys(&["q"]);
    tmux.wait_for("Leave this run?");
    tmux.keys(&["y"]);
    tmux.wait_format("#{alternate_on}", "0");
    assert_cooked(&tmux.stty("WATCH"));
}

/// The trainee's loop across a restart: a name given once is remembered, a run left
/// half-way is marked in the library after the program starts again, and `r` resumes it
/// at the decision where it stopped, with the same customer.
#[test]
fn a_run_left_half_way_resumes_from_the_library_after_a_restart() {
    let tmux = Tmux::shell_pane("e2e", 120, 40, "");
    let data = tempfile::tempdir().unwrap();
    let command = format!(
        "FRONTLINE_DATA={} NO_COLOR=1 {} --library {FIXTURE_LIBRARY} --seed 7 --no-shuffle",
        data.path().display(),
        frontline()
    );
    tmux.shell(&command);
    tmux.wait_for("Scenario library: 1 playable");
    tmux.keys(&["Enter"]);
    tmux.wait_for("What is your name?");
    tmux.type_text("Dana");
    tmux.keys(&["Enter"]);
    tmux.wait_for("What is scored");
    tmux.keys(&["Enter"]);
    tmux.wait_for("3. Calm down");
    tmux.keys(&["2"]);
    tmux.wait_for("You said \"Did you check with your neighbours?\"");
    tmux.keys(&["Enter"]);
    let before = tmux.wait_for_all(&["1. It was left at number 14.", "Decision 2"]);
    // Quit in the middle of the run: the answer given is kept.
    tmux.keys(&["q"]);
    tmux.wait_for("y quits Frontline.");
    tmux.keys(&["y"]);
    tmux.wait_format("#{alternate_on}", "0");
    tmux.shell("clear");

    // Started again, with no --trainee: the name is remembered and the run is marked.
    tmux.shell(&command);
    // Each part polled on its own: a capture can land between two frames.
    tmux.wait_for("Scenario library: 1 playable");
    tmux.wait_for("Trainee: Dana");
    tmux.wait_for("◐ The parcel went next door");
    tmux.wait_for("1 answer given: r resumes it");
    tmux.keys(&["r"]);
    let resumed = tmux.wait_for_all(&["1. It was left at number 14.", "Decision 2"]);
    let customer = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains("Priya") || l.contains("Tom"))
            .map(|l| l.contains("Priya"))
    };
    assert_eq!(customer(&resumed), customer(&before), "the same customer");
    assert!(resumed.contains("Decision 2"), "{resumed}");
    tmux.keys(&["1"]);
    tmux.wait_for("Press Enter for the debrief");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Your path and the best path");
    tmux.keys(&["q"]);
    tmux.wait_format("#{alternate_on}", "0");
}
