//! The offer shown on Enter when the selected scenario has an unfinished run: resume it
//! or start over.

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
