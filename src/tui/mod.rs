//! The full-screen player: a trainee's whole practice loop in the terminal.
//!
//! `app` holds the state and changes it on actions, `input` turns terminal events into
//! actions through the keymap, `view` draws the app, `text` holds every string shown,
//! `theme` the colours (none under NO_COLOR). This module owns the terminal: one event
//! loop with a tick for countdowns, and the terminal restored on quit, error, panic and
//! the signals that end a program from outside (`signals`).

pub mod app;
pub mod input;
pub mod signals;
pub mod text;
pub mod theme;
pub mod view;
pub mod watch;

pub use app::{App, Config};
pub use input::{Action, Context};
pub use theme::Theme;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use std::io;
use std::time::{Duration, Instant};

/// How often the loop wakes without input, for the countdown.
pub const TICK: Duration = Duration::from_millis(200);

/// Why an event loop returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Quit,
    /// The caller asked to stop (a watched file changed).
    Interrupted,
}

/// Runs the app in the terminal until it quits. The terminal is restored however this
/// ends: on return, on error, and (through the panic hook) on a panic.
pub fn run(app: &mut App) -> io::Result<()> {
    with_terminal(|terminal| event_loop(terminal, app, &mut || false).map(|_| ()))
}

/// Sets the terminal up (raw mode, alternate screen, mouse), runs `f`, and restores it
/// however `f` ends: on return, on error, and (through the panic hook) on a panic.
pub fn with_terminal<T>(f: impl FnOnce(&mut DefaultTerminal) -> io::Result<T>) -> io::Result<T> {
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(e) => {
            // Raw mode may be on already when the alternate screen failed.
            let _ = ratatui::try_restore();
            return Err(e);
        }
    };
    // ratatui's hook restores raw mode and the screen; this one first turns the mouse
    // capture off too, then hands over to it.
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        restore(info);
    }));
    // A signal from outside (kill, a closed terminal) restores the terminal too.
    let signals = signals::RestoreOnSignals::install();
    let result = execute!(io::stdout(), EnableMouseCapture).and_then(|()| f(&mut terminal));
    drop(signals);
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::try_restore()?;
    result
}

/// Draws the app on the whole frame, and puts the terminal's cursor where text is being
/// typed (hidden otherwise).
pub fn draw(frame: &mut ratatui::Frame, app: &App) {
    frame.render_widget(app, frame.area());
    if let Some(position) = app.cursor_position() {
        frame.set_cursor_position(position);
    }
}

/// Draws and feeds the app until it quits, or until `interrupt` says to stop (checked
/// on every tick).
pub fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    interrupt: &mut dyn FnMut() -> bool,
) -> io::Result<Ended> {
    let size = terminal.size()?;
    app.handle(Action::Resize {
        width: size.width,
        height: size.height,
    });
    app.tick(Instant::now());
    loop {
        terminal.draw(|frame| draw(frame, app))?;
        if app.should_quit() {
            return Ok(Ended::Quit);
        }
        if interrupt() {
            return Ok(Ended::Interrupted);
        }
        if event::poll(TICK)? {
            // Take everything already waiting before drawing again.
            loop {
                let event = event::read()?;
                if let Some(action) = input::map_event(app.context(), &event) {
                    app.handle(action);
                }
                if app.should_quit() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        app.tick(Instant::now());
    }
}
