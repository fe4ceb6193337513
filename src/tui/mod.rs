//! The full-screen player: a trainee's whole practice loop in the terminal.
//!
//! `app` holds the state and changes it on actions, `input` turns terminal events into
//! actions through the keymap, `view` draws the app, `text` holds every string shown,
//! `theme` the colours (none under NO_COLOR). This module owns the event loop: one loop
//! with a tick for countdowns, over any ratatui backend and any source of [`Events`]. The
//! local terminal is one instance of it (restored on quit, error, panic and the signals
//! that end a program from outside: `signals`); a trainee's SSH channel in a class
//! (`crate::class`) is another.

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

use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, Terminal};
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

/// Where the event loop's input comes from: the local terminal, or a remote one.
pub trait Events {
    /// The next event, waiting at most `timeout`; `None` when none came in that time. An
    /// error ends the loop (a remote terminal that went away).
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;
}

/// What a layer over the player adds to its event loop: a class's session watches the
/// app after each batch (and ends it), and in together pace holds answers back.
pub trait Hooks<'a> {
    /// An action about to reach the app; `None` holds it back.
    fn before(&mut self, _app: &mut App<'a>, action: Action) -> Option<Action> {
        Some(action)
    }

    /// Called after every batch of events and every tick, before the next frame is drawn;
    /// true ends the loop.
    fn after(&mut self, app: &mut App<'a>) -> bool;
}

/// Only an `after` hook, from a closure (a watched file that changed ends the loop).
pub fn after<'a>(f: impl FnMut(&mut App<'a>) -> bool) -> impl Hooks<'a> {
    struct After<F>(F);
    impl<'a, F: FnMut(&mut App<'a>) -> bool> Hooks<'a> for After<F> {
        fn after(&mut self, app: &mut App<'a>) -> bool {
            (self.0)(app)
        }
    }
    After(f)
}

/// The local terminal's events, read through crossterm.
#[derive(Debug, Default)]
pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if event::poll(timeout)? {
            event::read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// Runs the app in the terminal until it quits. The terminal is restored however this
/// ends: on return, on error, and (through the panic hook) on a panic.
pub fn run(app: &mut App) -> io::Result<()> {
    with_terminal(|terminal| {
        event_loop(terminal, app, &mut TerminalEvents, &mut after(|_| false)).map(|_| ())
    })
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

/// Draws and feeds the app until it quits, or until `hooks` says to stop (a watched file
/// that changed, a class that ended).
pub fn event_loop<'a, B>(
    terminal: &mut Terminal<B>,
    app: &mut App<'a>,
    events: &mut dyn Events,
    hooks: &mut dyn Hooks<'a>,
) -> io::Result<Ended>
where
    B: Backend,
    B::Error: Into<io::Error>,
{
    let area = terminal.get_frame().area();
    app.handle(Action::Resize {
        width: area.width,
        height: area.height,
    });
    app.tick(Instant::now());
    loop {
        terminal
            .draw(|frame| draw(frame, app))
            .map_err(Into::into)?;
        if app.should_quit() {
            return Ok(Ended::Quit);
        }
        // Take everything already waiting before drawing again.
        let mut wait = TICK;
        while let Some(event) = events.next(wait)? {
            if let Event::Resize(width, height) = event {
                // A fixed viewport (a remote terminal) is only resized when told to.
                terminal
                    .resize(Rect::new(0, 0, width, height))
                    .map_err(Into::into)?;
            }
            if let Some(action) = input::map_event(app.context(), &event)
                && let Some(action) = hooks.before(app, action)
            {
                app.handle(action);
            }
            if app.should_quit() {
                break;
            }
            wait = Duration::ZERO;
        }
        app.tick(Instant::now());
        if hooks.after(app) {
            return Ok(Ended::Interrupted);
        }
    }
}
