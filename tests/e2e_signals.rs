//! Issue 20: SIGTERM, SIGHUP, SIGQUIT and SIGINT sent by `kill` to the full-screen player
//! (and to `play --watch`, and to the trainer's class dashboard) leave the terminal as the shell had it: main screen, cursor
//! shown, mouse reporting off, cooked mode (a typed command is echoed and runs). The real
//! binary in tmux, as tests/e2e_tmux.rs drives it.
//!
//! Needs tmux (CI installs it); without it the test fails and says so.

#![cfg(unix)]

mod common;
use common::tmux::Tmux;
use std::process::Command;

/// No core file from SIGQUIT in the checkout.
const SETUP: &str = "ulimit -c 0";

/// Starts `args` in the pane (its pid written to `pid_file` by `exec`), waits until it
/// holds the screen, sends `signal` with `kill`, and checks the terminal is given back.
fn killed_with(tmux: &Tmux, signal: &str, status: u32, args: &str, shown: &str) {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    tmux.shell("clear");
    tmux.shell(&format!(
        "FRONTLINE_DATA={data} NO_COLOR=1 sh -c 'echo $$ > {pid}; exec {bin} {args}'",
        data = dir.path().display(),
        pid = pid_file.display(),
        bin = env!("CARGO_BIN_EXE_frontline"),
    ));
    tmux.wait_for(shown);
    tmux.wait_format("#{alternate_on}", "1");
    assert_eq!(tmux.format("#{mouse_any_flag}"), "1", "mouse capture is on");
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let killed = Command::new("kill")
        .args([&format!("-{signal}"), pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());

    tmux.wait_format("#{alternate_on}", "0");
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
    // Cooked mode: the line is echoed as typed and runs when Enter is pressed; the status
    // says the signal ended the program.
    tmux.shell(&format!("echo AFTER-{signal}-\"\"STATUS=$?"));
    let screen = tmux.wait_for(&format!("AFTER-{signal}-STATUS="));
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
    let screen = tmux.wait_for(&format!("STTY-{signal}-DONE"));
    let tail = &screen[screen.rfind("stty -a").unwrap()..];
    assert!(
        !tail.contains("\n-icanon") && !tail.contains("\n-echo"),
        "{signal}: the terminal is still raw:\n{screen}"
    );
}

#[test]
fn ending_signals_restore_the_terminal_in_the_player() {
    let tmux = Tmux::shell_pane("signals-player", 100, 30, SETUP);
    let library = "--library tests/fixtures/valid";
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("QUIT", 131), ("INT", 130)] {
        killed_with(&tmux, signal, status, library, "Scenario library");
    }
}

#[test]
fn ending_signals_restore_the_terminal_in_watch() {
    let tmux = Tmux::shell_pane("signals-watch", 100, 30, SETUP);
    let watch = "play tests/fixtures/valid/parcel-mixup.toml --watch --seed 7";
    for (signal, status) in [("TERM", 143), ("HUP", 129)] {
        killed_with(&tmux, signal, status, watch, "parcel");
    }
}

/// The trainer's dashboard (`frontline class` without --headless) holds the terminal like
/// the player does, serving on 127.0.0.1 and a free port.
#[test]
fn ending_signals_restore_the_terminal_in_the_class_dashboard() {
    let tmux = Tmux::shell_pane("signals-class", 100, 30, SETUP);
    let class = "class --port 0 --bind 127.0.0.1 tests/fixtures/valid/parcel-mixup.toml";
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("QUIT", 131), ("INT", 130)] {
        killed_with(&tmux, signal, status, class, "Roster");
    }
}
