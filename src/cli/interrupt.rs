//! Ctrl-C (SIGINT) during a plain run: the answers already given stay in the store, one
//! line on stderr says how many and the exact command that goes on from them, and the
//! program ends with status 130 (128 + SIGINT, as a shell reports an interrupted command).
//!
//! Each answer is written as it is given, under a lock the recorder holds while it
//! writes. A thread of signal-hook's waits for SIGINT and takes the same lock before it
//! ends the program, so a Ctrl-C in the middle of a write ends it only once that write is
//! committed: nothing answered is ever half-written or lost.

use crate::cli::render;
use signal_hook::consts::SIGINT;
use signal_hook::iterator::{Handle, Signals};
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

/// The exit status after a Ctrl-C.
pub const INTERRUPTED: i32 = 130;

/// Ends the program on SIGINT while it lives, after printing `hint(answers written)`;
/// dropped when the run is over, so Ctrl-C then acts as usual again.
pub struct OnInterrupt {
    handle: Handle,
    thread: Option<JoinHandle<()>>,
}

impl OnInterrupt {
    /// `written` is the recorder's lock and count of answers in the store.
    pub fn install(
        written: Arc<Mutex<usize>>,
        hint: impl Fn(usize) -> String + Send + 'static,
    ) -> io::Result<OnInterrupt> {
        let mut signals = Signals::new([SIGINT])?;
        let handle = signals.handle();
        let thread = std::thread::Builder::new()
            .name("frontline-interrupt".into())
            .spawn(move || {
                // Ends when the handle is closed (the run is over).
                if signals.forever().next().is_some() {
                    // Held until the program ends: no answer is written half-way.
                    let written = written.lock().unwrap_or_else(PoisonError::into_inner);
                    // The new line ends the one the terminal echoed ^C on.
                    render::errln!("\n{}", hint(*written));
                    std::process::exit(INTERRUPTED);
                }
            })?;
        Ok(OnInterrupt {
            handle,
            thread: Some(thread),
        })
    }
}

impl Drop for OnInterrupt {
    fn drop(&mut self) {
        self.handle.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
