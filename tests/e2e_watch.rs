//! End to end: a trainer's live preview (`play FILE --watch`) in a real terminal (tmux).
//! Two decisions answered; a save that only adds comments and blank lines moves nothing
//! on screen; a reworded choice is replayed in place with its new words and the same
//! customer; a removed choice stops the replay there and the footer says why; a save
//! with an error shows it below the run, which stays on screen.
//!
//! Needs tmux (CI installs it); without it the test fails and says so.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);
/// How long a save is given to be picked up, for the saves that must change nothing
/// (there is nothing on screen to wait for); well above the watcher's settle time.
const SETTLE: Duration = Duration::from_millis(2500);

/// A tmux server of our own (its own socket), with one 100x40 window running `sh`.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start() -> Tmux {
        match Command::new("tmux").arg("-V").output() {
            Ok(out) if out.status.success() => {}
            Ok(out) => panic!(
                "tmux -V failed ({}): the end-to-end test needs a working tmux",
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(e) => panic!(
                "tmux is not installed ({e}): the end-to-end test runs the player in tmux; install it (apt-get install tmux)"
            ),
        }
        let tmux = Tmux {
            socket: format!("frontline-watch-{}", std::process::id()),
        };
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "40",
            "-s",
            "e2e",
            "-c",
            env!("CARGO_MANIFEST_DIR"),
            "sh",
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux.shell("echo READY-\"\"OK");
        tmux.wait_for("READY-OK");
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    fn shell(&self, line: &str) {
        assert!(
            self.run(&["send-keys", "-t", "e2e", "-l", line])
                .status
                .success()
        );
        self.keys(&["Enter"]);
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// Polls until one capture shows every needle, and returns it.
    fn wait_for_all(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for all of {needles:?}; the pane shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, needle: &str) -> String {
        self.wait_for_all(&[needle])
    }

    /// Polls until the pane no longer shows `needle`; the screen then.
    fn wait_gone(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if !screen.contains(needle) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for {needle:?} to go; the pane shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Three steps, five customer names, variants on every line.
const FILE: &str = include_str!("fixtures/watch/blender.toml");

#[test]
fn a_save_replays_the_run_in_place_and_a_comment_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blender.toml");
    std::fs::write(&file, FILE).unwrap();
    let tmux = Tmux::start();
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
    let fixed = tmux.wait_gone("Saved with errors");
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
