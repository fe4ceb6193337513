//! End to end with the system `ssh` client, as a trainee would join: the real binary
//! serves a class on 127.0.0.1, `ssh` runs in tmux, the class code is typed at the
//! password prompt, and the trainee plays to the debrief with keys sent to the pane. The
//! attempt is then in the trainer's store, and the trainee's terminal is back to normal
//! when the trainer ends the class.
//!
//! Needs tmux and an OpenSSH client (CI installs both); without them the test fails and
//! says so.

#[path = "support/class_client.rs"]
mod support;

use frontline::domain::store::Store;
use frontline::domain::store::attempts::AttemptFilter;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use support::{CODE, Server};

const WAIT: Duration = Duration::from_secs(30);

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &str) -> Tmux {
        for (tool, package) in [("tmux", "tmux"), ("ssh", "openssh-client")] {
            let found = Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success());
            assert!(
                found,
                "{tool} is not installed: this test joins a class with the system ssh in tmux; install it (apt-get install {package})"
            );
        }
        let tmux = Tmux {
            socket: format!("frontline-class-e2e-{}", std::process::id()),
        };
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-s",
            "class",
            command,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
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
        let mut args = vec!["send-keys", "-t", "class"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "class"]).stdout)
            .into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {needle:?}; the pane shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the pane has not changed for `quiet`.
    fn settle(&self, quiet: Duration) -> String {
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
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn a_trainee_joins_with_the_system_ssh_plays_to_the_debrief_and_is_told_when_the_class_ends() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = format!(
        "{}/tests/fixtures/valid/parcel-mixup.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let server = Server::start(dir.path(), &[&scenario, "--seed", "7", "--no-shuffle"]);
    let known_hosts = dir.path().join("known_hosts");
    let ssh = format!(
        "ssh -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile={} -o PubkeyAuthentication=no -o PreferredAuthentications=password,keyboard-interactive -o ConnectTimeout=10 -p {} join@127.0.0.1; echo SSH-ENDED; sleep 30",
        known_hosts.display(),
        server.port
    );
    let tmux = Tmux::start(&ssh);
    tmux.wait_for("password:");
    tmux.keys(&["-l", CODE]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Your name");
    // `join` is not offered as a name.
    assert!(!tmux.screen().contains("Name: join"));
    tmux.keys(&["-l", "Dana"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Briefing");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Decision 1");
    let mut debrief = false;
    for _ in 0..40 {
        let screen = tmux.settle(Duration::from_millis(300));
        if screen.contains("Debrief") {
            debrief = true;
            break;
        }
        if screen.contains("Press Enter") {
            tmux.keys(&["Enter"]);
        } else {
            tmux.keys(&["1"]);
        }
    }
    assert!(debrief, "no debrief; the pane shows:\n{}", tmux.screen());
    assert!(tmux.screen().contains("Dana"));
    // The key ssh saw is the one the join line shows.
    let fingerprint = Command::new("ssh-keygen")
        .args(["-l", "-E", "sha256", "-f"])
        .arg(&known_hosts)
        .output();
    if let Ok(out) = fingerprint
        && out.status.success()
    {
        let listed = String::from_utf8_lossy(&out.stdout);
        assert!(listed.contains(&server.fingerprint), "{listed}");
    }

    server.wait_events("finished", 1);
    let attempts = Store::open(server.store_path())
        .unwrap()
        .attempts(&AttemptFilter::default())
        .unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].trainee, "Dana");
    assert!(attempts[0].result.is_some());

    assert!(server.end().success());
    let screen = tmux.wait_for("SSH-ENDED");
    assert!(screen.contains("The class has ended"), "{screen}");
}
