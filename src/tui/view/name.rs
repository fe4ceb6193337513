//! The name prompt, shown once before the first run when no --trainee was given.

use super::widgets::{fit, header, panel, popup, wrap};
use crate::tui::app::{App, NamePrompt};
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub fn render(app: &App, prompt: &NamePrompt, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    header(text::NAME_TITLE, prompt.scenario.title(), top, buf, theme);
    let w: u16 = 64;
    let inner = (w - 4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for part in wrap(text::NAME_ASK, inner, inner) {
        lines.push(Line::raw(part));
    }
    lines.push(Line::styled(text::NAME_ONCE, theme.dim));
    lines.push(Line::raw(""));
    let room = inner.saturating_sub(text::NAME_LABEL.len() + 1);
    lines.push(Line::from(vec![
        Span::styled(text::NAME_LABEL, theme.heading),
        Span::styled(
            format!("{}{}", fit(&prompt.input, room), text::CURSOR),
            theme.input,
        ),
    ]));
    if prompt.empty {
        lines.push(Line::raw(""));
        lines.push(Line::styled(text::NAME_EMPTY, theme.warn));
    }
    let rect = popup(rest, w, lines.len() as u16 + 2, buf);
    Paragraph::new(lines)
        .block(panel(text::NAME_TITLE, theme).padding(ratatui::widgets::Padding::horizontal(1)))
        .render(rect, buf);
}
