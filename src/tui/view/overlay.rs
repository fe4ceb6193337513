//! What is drawn over a screen: the help overlay, the quit question, and the screen a
//! terminal below 80x24 gets instead of everything else.

use super::widgets::{panel, popup, wrap};
use crate::tui::app::{App, Kept, Leave, Overlay};
use crate::tui::input::{Binding, bindings, global_bindings};
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Every key of the screen under the overlay, from the keymap that handles them.
pub fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let rows = |list: &[Binding]| -> Vec<(String, &'static str)> {
        list.iter().map(|b| (b.keys_label(), b.help)).collect()
    };
    let screen = rows(bindings(app.screen_context()));
    let everywhere = rows(global_bindings());
    let key_cols = screen
        .iter()
        .chain(&everywhere)
        .map(|(k, _)| super::widgets::width(k))
        .max()
        .unwrap_or(0);
    let w = area.width.min(78);
    let inner = w.saturating_sub(4) as usize;
    let mut lines = vec![Line::styled(text::HELP_ON, theme.heading)];
    let add = |list: &[(String, &'static str)], lines: &mut Vec<Line<'static>>| {
        for (keys, help) in list {
            let prefix = format!("{keys:<key_cols$}  ");
            let first = inner.saturating_sub(key_cols + 2);
            for (i, part) in wrap(help, first, first).into_iter().enumerate() {
                let k = if i == 0 {
                    prefix.clone()
                } else {
                    " ".repeat(key_cols + 2)
                };
                lines.push(Line::from(vec![
                    Span::styled(k, theme.key),
                    Span::raw(part),
                ]));
            }
        }
    };
    add(&screen, &mut lines);
    lines.push(Line::raw(""));
    lines.push(Line::styled(text::HELP_EVERYWHERE, theme.heading));
    add(&everywhere, &mut lines);
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = popup(area, w, h, buf);
    Paragraph::new(lines)
        .block(panel(text::HELP_TITLE, theme).padding(ratatui::widgets::Padding::horizontal(1)))
        .render(rect, buf);
}

/// Width of the quit question's box.
const CONFIRM_WIDTH: u16 = 56;

/// "Leave this run? y/n", what y does and what of the run is kept, wrapped to `cols`.
fn confirm_lines(app: &App, leave: Leave, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let what = match leave {
        Leave::Quit => text::CONFIRM_QUIT,
        Leave::Library => text::CONFIRM_LIBRARY,
    };
    let kept = match app.kept() {
        Kept::Nothing => text::KEPT_NOTHING,
        Kept::SoFar => text::KEPT_SO_FAR,
        Kept::Finished => text::KEPT_FINISHED,
    };
    let para = |s: &str| -> Vec<Line<'static>> {
        wrap(s, cols, cols).into_iter().map(Line::raw).collect()
    };
    let mut lines = vec![
        Line::styled(text::CONFIRM_ASK, theme.heading),
        Line::raw(""),
    ];
    lines.extend(para(what));
    lines.extend(para(kept));
    lines.extend(para(text::CONFIRM_NO));
    lines
}

/// "Leave this run? y/n"
pub fn confirm(app: &App, leave: Leave, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lines = confirm_lines(app, leave, CONFIRM_WIDTH as usize - 4);
    let rect = popup(area, CONFIRM_WIDTH, lines.len() as u16 + 2, buf);
    Paragraph::new(lines)
        .block(panel(text::CONFIRM_TITLE, theme).padding(ratatui::widgets::Padding::horizontal(1)))
        .render(rect, buf);
}

/// The whole screen when the terminal is below the minimum: what size is needed and
/// which keys work, or the quit question when q opened it during a run.
pub fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let cols = area.width as usize;
    if let Some(Overlay::Confirm(leave)) = app.overlay {
        let lines = confirm_lines(app, leave, cols);
        let h = (lines.len() as u16).min(area.height);
        let top = area.y + (area.height - h) / 2;
        Paragraph::new(lines).render(Rect::new(area.x, top, area.width, h), buf);
        return;
    }
    let hint = if app.in_run() {
        text::TOO_SMALL_HINT_RUN
    } else {
        text::TOO_SMALL_HINT
    };
    let mut lines: Vec<Line> = [
        text::TOO_SMALL.to_owned(),
        text::too_small(area.width, area.height),
    ]
    .iter()
    .flat_map(|l| wrap(l, cols, cols))
    .map(|l| Line::styled(l, theme.warn))
    .collect();
    lines.push(Line::raw(""));
    lines.extend(wrap(hint, cols, cols).into_iter().map(Line::raw));
    let h = (lines.len() as u16).min(area.height);
    let top = area.y + (area.height - h) / 2;
    Paragraph::new(lines)
        .centered()
        .render(Rect::new(area.x, top, area.width, h), buf);
}
