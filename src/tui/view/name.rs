//! The name prompt, shown once before the first run when no --trainee was given.

use super::widgets::{field, header, panel, popup, wrap};
use crate::tui::app::{App, NamePrompt};
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, prompt: &NamePrompt, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let right = match (prompt.scenario, &app.trainee) {
        (Some(scenario), _) => crate::domain::sanitize::clean(scenario.title()).into_owned(),
        (None, Some(name)) => text::switching_from(&crate::domain::sanitize::clean(name)),
        (None, None) => String::new(),
    };
    header(text::NAME_TITLE, &right, top, buf, theme);
    let w: u16 = 64;
    let inner = (w - 4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for part in wrap(text::NAME_ASK, inner, inner) {
        lines.push(Line::raw(part));
    }
    lines.push(Line::styled(text::NAME_ONCE, theme.dim));
    lines.push(Line::raw(""));
    let label = text::NAME_LABEL.width();
    let (shown, col) = field(
        prompt.input.text(),
        prompt.input.cursor(),
        inner.saturating_sub(label),
    );
    let input_row = lines.len();
    lines.push(Line::from(vec![
        Span::styled(text::NAME_LABEL, theme.heading),
        Span::styled(shown, theme.input),
    ]));
    if prompt.empty {
        lines.push(Line::raw(""));
        lines.push(Line::styled(text::NAME_EMPTY, theme.warn));
    }
    let rect = popup(rest, w, lines.len() as u16 + 2, buf);
    // Inside the border and the padding, after the label.
    let (x, y) = (
        rect.x + 2 + (label + col) as u16,
        rect.y + 1 + input_row as u16,
    );
    if x + 1 < rect.right() && y + 1 < rect.bottom() {
        app.cursor.set(Some((x, y)));
    }
    Paragraph::new(lines)
        .block(panel(text::NAME_TITLE, theme).padding(ratatui::widgets::Padding::horizontal(1)))
        .render(rect, buf);
}
