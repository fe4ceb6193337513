//! Live preview for trainers: `frontline play FILE --watch [--from STEP --set FLAG --mood
//! N]`. The file is reloaded whenever it is saved and the run on screen is replayed on it
//! (`App::restore`: the same draws, every answer again, the same screen), stopping where
//! the path is gone and saying why. A save that leaves the same scenario (a comment,
//! whitespace) changes nothing on screen; a save that breaks the file shows its findings
//! below the run, which goes on with the last version that loaded.

use crate::cli::render;
use crate::domain::bounded_read::read_bounded;
use crate::domain::library::{Library, LibraryFile};
use crate::domain::rubric::Rubric;
use crate::domain::sanitize::clean;
use crate::domain::validate::{Checked, check_bytes};
use crate::tui::app::{App, Config, Place};
use crate::tui::theme::Theme;
use crate::tui::{Ended, TICK, TerminalEvents, after, event_loop, text, with_terminal};
use notify::{EventKind, RecursiveMode, Watcher};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyModifiers};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Block, Paragraph, Wrap};
use std::io;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// Editors save in bursts (write, rename, chmod): changes this close are one save.
const SETTLE: Duration = Duration::from_millis(120);

pub fn run(path: &Path, rubric: &Rubric, mut config: Config) -> io::Result<()> {
    let (tx, rx) = channel();
    let name = path.file_name().map(ToOwned::to_owned);
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            let ours = event.paths.iter().any(|p| p.file_name() == name.as_deref());
            if ours && matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_)) {
                let _ = tx.send(());
            }
        }
    })
    .map_err(io::Error::other)?;
    // The folder, not the file: many editors save by writing a new file and renaming it.
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(io::Error::other)?;
    let origin = path.display().to_string();

    with_terminal(|terminal| {
        // A file that has not loaded yet: its findings, until a save that loads.
        let mut checked = loop {
            match load(path, rubric, &origin) {
                Ok(checked) => break checked,
                Err(shown) => {
                    if show_broken(terminal, &origin, &shown, &rx)? == Ended::Quit {
                        return Ok(());
                    }
                }
            }
        };
        let mut place: Option<Place> = None;
        loop {
            let library = Library {
                files: vec![LibraryFile {
                    origin: origin.clone(),
                    checked,
                }],
            };
            let Some(scenario) = library.files[0].scenario() else {
                return Ok(());
            };
            config.start = Some(scenario.id().to_owned());
            let mut app = App::new(&library, rubric, config.clone(), Theme::from_env());
            if let Some(place) = place.take() {
                app.restore(scenario, place);
            }
            // On until a save changes the scenario itself: a comment, blank lines or a
            // reordered table leave the same scenario, and the screen as it is; a save
            // with errors shows them below the run, which goes on with this version.
            let next = loop {
                let ended = event_loop(
                    terminal,
                    &mut app,
                    &mut TerminalEvents,
                    &mut after(|_| saved(&rx)),
                )?;
                if ended == Ended::Quit {
                    return Ok(());
                }
                match load(path, rubric, &origin) {
                    Ok(new) if new.scenario.as_ref() == Some(scenario) => app.file_errors = None,
                    Ok(new) => break new,
                    Err(shown) => {
                        let mut lines = vec![text::watch_broken_header(&origin, shown.len())];
                        lines.extend(shown);
                        app.file_errors = Some(lines);
                    }
                }
            };
            // The run on screen is given again on the new version, where it was.
            place = app.place();
            config.trainee = app.trainee.clone();
            config.mode = app.mode;
            drop(app);
            checked = next;
        }
    })
}

/// The file checked, when it has a scenario to play; else each error, as `validate`
/// prints it (or why the file cannot be read).
fn load(path: &Path, rubric: &Rubric, origin: &str) -> Result<Checked, Vec<String>> {
    // Bounded and non-blocking: the file may have been swapped for a device or a FIFO.
    let checked = match read_bounded(path) {
        Ok(bytes) => check_bytes(&bytes, rubric),
        Err(finding) => return Err(vec![text::watch_unreadable(origin, &finding.message)]),
    };
    if checked.scenario.is_some() {
        return Ok(checked);
    }
    let source = render::SourceFile::new(origin, &checked.text);
    Err(checked
        .findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| source.human(f, false).as_str().to_owned())
        .collect())
}

/// True once a save has happened and settled.
fn saved(rx: &Receiver<()>) -> bool {
    if rx.try_recv().is_err() {
        return false;
    }
    std::thread::sleep(SETTLE);
    while rx.try_recv().is_ok() {}
    true
}

/// The findings of a broken file, until the next save (Interrupted) or q (Quit).
fn show_broken(
    terminal: &mut DefaultTerminal,
    origin: &str,
    findings: &[String],
    rx: &Receiver<()>,
) -> io::Result<Ended> {
    let header = text::watch_broken_header(origin, findings.len());
    let mut lines: Vec<Line> = vec![Line::from(clean(&header).into_owned()), Line::from("")];
    for finding in findings {
        lines.extend(finding.lines().map(|l| Line::from(clean(l).into_owned())));
        lines.push(Line::from(""));
    }
    lines.push(Line::from(text::WATCH_BROKEN_FOOTER));
    let page = Paragraph::new(Text::from(lines))
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(text::WATCH_BROKEN_TITLE));
    loop {
        terminal.draw(|frame| frame.render_widget(&page, frame.area()))?;
        if saved(rx) {
            return Ok(Ended::Interrupted);
        }
        if event::poll(TICK)?
            && let Event::Key(key) = event::read()?
        {
            let ctrl_c =
                key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
            if ctrl_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
                return Ok(Ended::Quit);
            }
        }
    }
}
