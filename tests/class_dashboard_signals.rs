//! Issue 20, item 8, for the classroom: the trainer's dashboard (`frontline class`
//! without --headless) holds the terminal like the player does, so SIGTERM, SIGHUP,
//! SIGQUIT and SIGINT sent by `kill` must give it back as the shell had it: main screen,
//! cursor shown, mouse reporting off, cooked mode. The real binary in tmux, serving on
//! 127.0.0.1 and a free port.
//!
//! Needs tmux (CI installs it); without it the test fails and says so.

#![cfg(unix)]

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

/// A tmux server of our own with one 100x30 window running `sh`.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start() -> Tmux {
        let tmux = Tmux {
            socket: format!("frontline-class-signals-{}", std::process::id()),
        };
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-s",
            "sig",
            "-c",
            env!("CARGO_MANIFEST_DIR"),
            "sh",
        ]);
        assert!(
            out.status.success(),
            "tmux new-session (the test needs tmux: apt-get install tmux): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // No core file from SIGQUIT in the checkout.
        tmux.shell("ulimit -c 0; echo READY-\"\"OK");
        tmux.wait_until("the shell", || tmux.screen().contains("READY-OK"));
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs (apt-get install tmux)")
    }

    fn shell(&self, line: &str) {
        assert!(
            self.run(&["send-keys", "-t", "sig", "-l", line])
                .status
                .success()
        );
        assert!(
            self.run(&["send-keys", "-t", "sig", "Enter"])
                .status
                .success()
        );
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "sig"]).stdout).into_owned()
    }

    fn format(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "sig", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn wait_until(&self, what: &str, done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {what}; the pane shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn ending_signals_restore_the_terminal_in_the_class_dashboard() {
    let tmux = Tmux::start();
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("QUIT", 131), ("INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        tmux.shell("clear");
        tmux.shell(&format!(
            "NO_COLOR=1 sh -c 'echo $$ > {pid}; exec {bin} --data-dir {data} class --port 0 --bind 127.0.0.1 tests/fixtures/valid/parcel-mixup.toml'",
            data = dir.path().display(),
            pid = pid_file.display(),
            bin = env!("CARGO_BIN_EXE_frontline"),
        ));
        tmux.wait_until("the dashboard", || {
            tmux.screen().contains("Roster") && tmux.format("#{alternate_on}") == "1"
        });
        assert_eq!(tmux.format("#{mouse_any_flag}"), "1", "mouse capture is on");
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), pid.trim()])
            .status()
            .unwrap();
        assert!(killed.success());

        tmux.wait_until("the main screen", || tmux.format("#{alternate_on}") == "0");
        assert_eq!(
            tmux.format("#{mouse_any_flag}"),
            "0",
            "{signal}: mouse reporting is still on"
        );
        assert_eq!(
            tmux.format("#{cursor_flag}"),
            "1",
            "{signal}: the cursor is hidden"
        );
        // Cooked mode: the line is echoed as typed and runs; the status says the signal
        // ended the program.
        tmux.shell(&format!("echo AFTER-{signal}-\"\"STATUS=$?"));
        let done = format!("AFTER-{signal}-STATUS=");
        tmux.wait_until("the shell's answer", || tmux.screen().contains(&done));
        let screen = tmux.screen();
        assert!(
            screen.contains(&format!("echo AFTER-{signal}-\"\"STATUS=$?")),
            "{signal}: the command was not echoed as typed:\n{screen}"
        );
        assert!(
            screen.contains(&format!("AFTER-{signal}-STATUS={status}")),
            "{signal}: the program did not end by the signal:\n{screen}"
        );
        tmux.shell(&format!(
            "stty -a | grep -o -- '-icanon\\|-echo ' ; echo STTY-{signal}-\"\"DONE"
        ));
        let done = format!("STTY-{signal}-DONE");
        tmux.wait_until("stty", || tmux.screen().contains(&done));
        let screen = tmux.screen();
        let tail = &screen[screen.rfind("stty -a").unwrap()..];
        assert!(
            !tail.contains("\n-icanon") && !tail.contains("\n-echo"),
            "{signal}: the terminal is still raw:\n{screen}"
        );
    }
}
