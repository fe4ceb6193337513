//! What the tests share: the library and flags the full-screen player starts from,
//! driving the app with keys and drawing it to a `TestBackend`, and (`tmux`) a real
//! terminal for the end-to-end tests.
// Each test file uses only part of this.
#![allow(dead_code)]

/// The progress store's CLI tests: a data folder of their own and the binary pointed at it.
pub mod store;
/// The end-to-end tests' real terminal.
pub mod tmux;

use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::session::Mode;
use frontline::tui::input::map_event;
use frontline::tui::{Action, App, Config};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

pub fn path(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The library of these folders, with origins as a trainer would type them, not this
/// machine's absolute paths.
pub fn library_of(folders: &[&str], rubric: &Rubric) -> Library {
    let paths: Vec<PathBuf> = folders.iter().map(|f| path(f)).collect();
    let mut library = Library::from_paths(&paths, rubric);
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    for file in &mut library.files {
        file.origin = file.origin.replace(&root, "");
    }
    library
}

/// Seed 7, choices in authored order, trainee Sam, coach mode.
pub fn config() -> Config {
    Config {
        seed: Some(7),
        shuffle: false,
        trainee: Some("Sam".to_owned()),
        mode: Mode::Coach,
        start: None,
        from: None,
        free_text: false,
    }
}

pub fn key(app: &mut App, code: KeyCode) {
    key_with(app, code, KeyModifiers::NONE);
}

/// A key through the same keymap the terminal loop uses.
pub fn key_with(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let event = Event::Key(KeyEvent::new(code, modifiers));
    if let Some(action) = map_event(app.context(), &event) {
        app.handle(action);
    }
}

pub fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        key(app, KeyCode::Char(c));
    }
}

pub fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.handle(Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frontline::tui::draw(frame, app))
        .unwrap();
    terminal
}

pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    draw(app, width, height).backend().to_string()
}
