//! Live preview for trainers: `frontline play FILE --watch [--from STEP]`. The file is
//! reloaded whenever it is saved; the run keeps its place where the step still exists,
//! and a save that breaks the file shows its findings instead of crashing.

use crate::cli::render;
use crate::domain::bounded_read::read_bounded;
use crate::domain::finding::Finding;
use crate::domain::library::{Library, LibraryFile};
use crate::domain::rubric::Rubric;
use crate::domain::sanitize::clean;
use crate::domain::validate::check_bytes;
use crate::tui::app::{App, Config};
use crate::tui::theme::Theme;
use crate::tui::{Ended, TICK, event_loop, text, with_terminal};
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
        loop {
            // Bounded and non-blocking: the file may have been swapped for a device or a FIFO.
            let checked = match read_bounded(path) {
                Ok(bytes) => check_bytes(&bytes, rubric),
                Err(finding) => {
                    if show_broken(
                        terminal,
                        &origin,
                        &[text::watch_unreadable(&origin, &finding.message)],
                        &rx,
                    )? == Ended::Quit
                    {
                        return Ok(());
                    }
                    continue;
                }
            };
            if checked.scenario.is_none() {
                let errors: Vec<&Finding> =
                    checked.findings.iter().filter(|f| f.is_error()).collect();
                let source = render::SourceFile::new(&origin, &checked.text);
                let shown: Vec<String> = errors
                    .iter()
                    .map(|f| source.human(f, false).as_str().to_owned())
                    .collect();
                if show_broken(terminal, &origin, &shown, &rx)? == Ended::Quit {
                    return Ok(());
                }
                continue;
            }
            let id = checked.scenario.as_ref().map(|s| s.id().to_owned());
            let library = Library {
                files: vec![LibraryFile {
                    origin: origin.clone(),
                    checked,
                }],
            };
            config.start = id;
            let mut app = App::new(&library, rubric, config.clone(), Theme::from_env());
            let ended = event_loop(terminal, &mut app, &mut || saved(&rx))?;
            if ended == Ended::Quit {
                return Ok(());
            }
            // Keep the place, the name and the mode for the reloaded file.
            config.from = app.position().map(str::to_owned);
            config.trainee = app.trainee.clone();
            config.mode = app.mode;
        }
    })
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
