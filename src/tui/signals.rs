//! The signals that end a program from outside (SIGTERM, SIGHUP when the terminal goes
//! away, SIGQUIT, and SIGINT sent by `kill`: in raw mode Ctrl-C is a key, not a signal)
//! restore the terminal before the program ends.
//!
//! Without this, such a signal ends the player at once and leaves the shell in raw mode,
//! on the alternate screen, with the cursor hidden and the mouse reported as escape codes.
//! While the player holds the terminal, a thread of signal-hook's waits for the signals;
//! on one it puts the terminal back (mouse capture off, raw mode off, main screen, cursor
//! shown) and then lets the signal end the program as it would have (the shell sees
//! "terminated by SIGTERM", exit status 143). Answers are in the store already: each is
//! committed as it is given.

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::DisableMouseCapture;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{LeaveAlternateScreen, disable_raw_mode};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};
use signal_hook::low_level::emulate_default_handler;
use std::io;
use std::thread::JoinHandle;

/// The signals handled while the terminal is held.
pub const ENDING: [i32; 4] = [SIGTERM, SIGHUP, SIGQUIT, SIGINT];

/// Puts the terminal back as the shell had it: every step is tried, whatever fails.
pub fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture);
    let _ = disable_raw_mode();
    let _ = execute!(out, LeaveAlternateScreen, Show);
}

/// Restores the terminal on an ending signal while it lives; dropped when the player
/// gives the terminal back, so the signals then act as usual again.
pub struct RestoreOnSignals {
    handle: Handle,
    thread: Option<JoinHandle<()>>,
}

impl RestoreOnSignals {
    pub fn install() -> io::Result<RestoreOnSignals> {
        let mut signals = Signals::new(ENDING)?;
        let handle = signals.handle();
        let thread = std::thread::Builder::new()
            .name("frontline-signals".into())
            .spawn(move || {
                // Ends when the handle is closed (the player gave the terminal back).
                if let Some(signal) = signals.forever().next() {
                    restore_terminal();
                    // The default action ends the process, with the signal as its status.
                    let _ = emulate_default_handler(signal);
                    // Only reached if the default action did not end it.
                    std::process::exit(128 + signal);
                }
            })?;
        Ok(RestoreOnSignals {
            handle,
            thread: Some(thread),
        })
    }
}

impl Drop for RestoreOnSignals {
    fn drop(&mut self) {
        self.handle.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
