//! End to end: a trainer's live preview (`play FILE --watch`) in a real terminal (tmux).
//! Two decisions answered; a save that only adds comments and blank lines moves nothing
//! on screen; a reworded choice is replayed in place with its new words and the same
//! customer; a removed choice stops the replay there and the footer says why; a save
//! with an error shows it below the run, which stays on screen.
//!
//! Needs tmux (CI installs it); without it the test fails and says so
//! (`common::tmux`).

mod common;

use common::tmux::Tmux;
use std::time::Duration;

/// How long a save is given to be picked up, for the saves that must change nothing
/// (there is nothing on screen to wait for); well above the watcher's settle time.
const SETTLE: Duration = Duration::from_millis(2500);

/// Three steps, five customer names, variants on every line.
const FILE: &str = include_str!("fixtures/watch/blender.toml");

#[test]
fn a_save_replays_the_run_in_place_and_a_comment_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blender.toml");
    std::fs::write(&file, FILE).unwrap();
    let tmux = Tmux::shell_pane("watch", 100, 40, "");
    tmux.shell(&format!(
        "FRONTLINE_DATA={} NO_COLOR=1 {} play {} --watch --seed 7 --no-shuffle --trainee Sam",
        dir.path().display(),
        env!("CARGO_BIN_EXE_frontline"),
        file.display()
    ));
    tmux.wait_for("The broken blender");
    tmux.keys(&["Enter"]);
    tmux.wait_for("I need help.");
    // Two decisions: a good greeting, then a poor answer; on to the third step.
    tmux.keys(&["1"]);
    tmux.wait_for("A warm, open greeting.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Not my problem.");
    tmux.keys(&["2"]);
    tmux.wait_for("Not-my-job");
    tmux.keys(&["Enter"]);
    let before = tmux.wait_for_all(&["Let me find out what we can do.", "I don't know."]);
    let customer = [
        "Dana Li",
        "Priya Raman",
        "Tom Okafor",
        "Ana Silva",
        "Lee Chen",
    ]
    .into_iter()
    .find(|name| before.contains(name))
    .unwrap_or_else(|| panic!("no customer name on screen:\n{before}"));

    // Comments and blank lines only: the same scenario, nothing moves.
    let commented = FILE
        .replace(
            "[[step]]\nid = \"two\"",
            "\n# Step two: the customer explains.\n\n[[step]]\nid = \"two\"",
        )
        .replace(
            "  next = \"fixed\"",
            "  next = \"fixed\"   # the good ending",
        );
    std::fs::write(&file, &commented).unwrap();
    std::thread::sleep(SETTLE);
    assert_eq!(
        tmux.screen(),
        before,
        "a comment-only save moved the screen"
    );

    // The first answer reworded: replayed in place, in its new words, with the same
    // customer, at the same step, the poor second answer still there.
    let reworded = commented.replace(
        "Hi {customer}, how can I help?",
        "Good morning {customer}, what can I do for you?",
    );
    std::fs::write(&file, &reworded).unwrap();
    let after = tmux.wait_for("Good morning");
    for kept in [
        customer,
        "Not my problem.",
        "Let me find out what we can do.",
        "I don't know.",
        "your 2 answers were given again",
    ] {
        assert!(after.contains(kept), "{kept:?} is not on screen:\n{after}");
    }
    assert!(!after.contains("how can I help?"), "{after}");

    // The second answer's choice removed: the replay stops at step two and says why.
    let removed = reworded.replace(
        "  [[step.choice]]\n  say = \"Not my problem.\"\n  next = \"three\"\n  mood = -30\n  score = { listening = -2, non_defensive = -2 }\n  feedback = \"Not-my-job: she came to you for help.\"\n",
        "",
    );
    assert_ne!(removed, reworded);
    std::fs::write(&file, &removed).unwrap();
    let stopped = tmux.wait_for("1 of 2 answers kept");
    assert!(stopped.contains("`two`"), "{stopped}");
    tmux.wait_gone("I don't know.");
    let at_two = tmux.wait_for("Sorry to hear that. What happened?");
    assert!(at_two.contains("Good morning"), "{at_two}");

    // A save with an error: shown below the run, which stays on screen.
    let broken = removed.replace("title = ", "titel = ");
    std::fs::write(&file, &broken).unwrap();
    let shown = tmux.wait_for_all(&["unknown-key", "Saved with errors"]);
    assert!(
        shown.contains("Sorry to hear that. What happened?"),
        "{shown}"
    );
    assert!(shown.contains("Good morning"), "{shown}");
    // Fixed: the errors go, the run is where it was.
    std::fs::write(&file, &removed).unwrap();
    tmux.wait_gone("Saved with errors");
    let fixed = tmux.screen();
    assert!(
        fixed.contains("Sorry to hear that. What happened?"),
        "{fixed}"
    );

    tmux.keys(&["q"]);
    tmux.wait_for("Leave this run?");
    tmux.keys(&["y"]);
    tmux.shell("echo EXITED-\"\"OK");
    tmux.wait_for("EXITED-OK");
}
