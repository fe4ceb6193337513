//! The offer shown on Enter when the selected scenario has an unfinished run: resume it
//! or start over; and the debrief's question of which decision to play on from.

use super::widgets::{panel, popup};
use crate::tui::app::App;
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lines = vec![
        Line::styled(text::OFFER_ASK, theme.heading),
        Line::raw(""),
        Line::raw(text::OFFER_RESUME),
        Line::raw(text::OFFER_START),
        Line::raw(text::OFFER_CANCEL),
    ];
    let rect = popup(area, 56, lines.len() as u16 + 2, buf);
    Paragraph::new(lines)
        .block(panel(text::OFFER_TITLE, theme).padding(ratatui::widgets::Padding::horizontal(1)))
        .render(rect, buf);
}

/// `t` in the debrief: which decision to play on from, as practice.
pub fn retry_from(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let count = match &app.screen {
        crate::tui::app::Screen::Debrief(state) => state.play.run.decisions().len(),
        _ => 0,
    };
    let lines = vec![
        Line::styled(text::retry_from_ask(count), theme.heading),
        Line::raw(text::RETRY_FROM_WHAT),
        Line::raw(text::RETRY_FROM_PRACTICE),
        Line::raw(""),
        Line::from(vec![
            ratatui::text::Span::styled(text::RETRY_FROM_LABEL, theme.key),
            ratatui::text::Span::styled(app.retry_from.text().to_owned(), theme.input),
        ]),
    ];
    let rect = popup(area, 64, lines.len() as u16 + 2, buf);
    let x = rect.x
        + 2
        + super::widgets::width(text::RETRY_FROM_LABEL) as u16
        + super::widgets::width(app.retry_from.text()) as u16;
    app.cursor.set(Some((x, rect.y + 5)));
    Paragraph::new(lines)
        .block(
            panel(text::RETRY_FROM_TITLE, theme).padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(rect, buf);
}
