//! A real terminal for the end-to-end tests: a tmux server of the test's own (its own
//! socket, killed when dropped) with one window, driven with send-keys and read with
//! capture-pane. Every wait polls the pane and fails with what it shows.
//!
//! Needs tmux (CI installs it); without it a test fails and says how to install it.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long a wait polls before it fails.
pub const WAIT: Duration = Duration::from_secs(30);

/// The one window's target.
const TARGET: &str = "t";

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A `width` x `height` window running `sh` in the checkout, ready for commands;
    /// `setup` runs first (e.g. `ulimit -c 0`), if not empty.
    pub fn shell_pane(label: &str, width: u16, height: u16, setup: &str) -> Tmux {
        let tmux = Tmux::running(label, width, height, "sh");
        let setup = if setup.is_empty() {
            String::new()
        } else {
            format!("{setup}; ")
        };
        tmux.shell(&format!("{setup}echo READY-\"\"OK"));
        tmux.wait_for("READY-OK");
        tmux
    }

    /// A `width` x `height` window running `command` (through the shell) in the checkout.
    pub fn running(label: &str, width: u16, height: u16, command: &str) -> Tmux {
        needs("tmux", "tmux");
        let tmux = Tmux {
            socket: format!(
                "frontline-{label}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            )
            .replace(['(', ')'], ""),
        };
        let (width, height) = (width.to_string(), height.to_string());
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-x",
            &width,
            "-y",
            &height,
            "-s",
            TARGET,
            "-c",
            env!("CARGO_MANIFEST_DIR"),
            command,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs (apt-get install tmux)")
    }

    /// Keys as tmux names them ("Enter", "C-c", "1").
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", TARGET];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    /// Text typed as it is (no key names).
    pub fn type_text(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", TARGET, "-l", text])
                .status
                .success()
        );
    }

    /// A command line typed into the shell, then Enter.
    pub fn shell(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", TARGET]).stdout)
            .into_owned()
    }

    /// A tmux format of the pane (e.g. `#{alternate_on}`).
    pub fn format(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", TARGET, format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Polls the pane until it shows `needle`; the screen then.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_for_all(&[needle])
    }

    /// Polls until one capture shows every needle, and returns it: a capture can land
    /// between two frames, so a screen asserted on must be waited for whole.
    pub fn wait_for_all(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for all of {needles:?}; the pane shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls until the pane no longer shows `needle`.
    pub fn wait_gone(&self, needle: &str) {
        let start = Instant::now();
        while self.screen().contains(needle) {
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {needle:?} to go; the pane shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls a tmux format until it has `value`.
    pub fn wait_format(&self, format: &str, value: &str) {
        let start = Instant::now();
        loop {
            let now = self.format(format);
            if now == value {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "{format} is {now:?}, not {value:?}; the pane shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the pane has not changed for `quiet` (at most [`WAIT`]); the screen.
    pub fn settle(&self, quiet: Duration) -> String {
        let mut last = self.screen();
        let mut since = Instant::now();
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(40));
            let now = self.screen();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet || start.elapsed() > WAIT {
                return last;
            }
        }
    }

    /// `stty -a` in the pane, after the program has exited: the settings, as words.
    pub fn stty(&self, marker: &str) -> Vec<String> {
        self.shell("clear");
        self.shell(&format!("stty -a; echo {marker}-\"\"DONE"));
        let screen = self.wait_for(&format!("{marker}-DONE"));
        screen
            .split(|c: char| c.is_whitespace() || c == ';')
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Fails, saying how to install it, unless `tool` is on the PATH.
pub fn needs(tool: &str, package: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{tool} is not installed: this end-to-end test needs it (apt-get install {package})"
    );
}
