//! End to end with the system `ssh` client, as a trainee would join: the real binary
//! serves a class on 127.0.0.1, `ssh` runs in tmux, the class code is typed at the
//! password prompt, and the trainee plays to the debrief with keys sent to the pane. The
//! attempt is then in the trainer's store, and the trainee's terminal is back to normal
//! when the trainer ends the class.
//!
//! Needs tmux and an OpenSSH client (CI installs both); without them the test fails and
//! says so.

mod common;
#[path = "support/class_client.rs"]
mod support;

use common::tmux::{Tmux, needs};
use frontline::domain::store::Store;
use frontline::domain::store::attempts::AttemptFilter;
use std::process::Command;
use std::time::Duration;
use support::{CODE, Server};

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
    needs("ssh", "openssh-client");
    let tmux = Tmux::running("class-e2e", 100, 30, &ssh);
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
