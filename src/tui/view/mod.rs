//! Drawing: `impl Widget for &App` draws whatever screen the app is on, then any
//! overlay, then the footer. Each screen is one module; none of them changes the app
//! (they only note page sizes and where choices were drawn, for keys and clicks).

mod briefing;
mod class;
mod compare;
mod conversation;
mod debrief;
mod history;
mod library;
mod name;
mod offer;
mod overlay;
pub mod widgets;

use crate::tui::app::{App, Overlay, Screen};
use crate::tui::input::Context;
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

impl Widget for &App<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.choice_areas.borrow_mut().clear();
        self.cursor.set(None);
        if area.width < text::MIN_WIDTH || area.height < text::MIN_HEIGHT {
            overlay::too_small(self, area, buf);
            return;
        }
        let [body, foot] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let body = match &self.file_errors {
            Some(errors) => file_errors(self, errors, body, buf),
            None => body,
        };
        match &self.screen {
            Screen::NamePrompt(prompt) => name::render(self, prompt, body, buf),
            Screen::Library => library::render(self, body, buf),
            Screen::Briefing(play) => briefing::render(self, play, body, buf),
            Screen::Conversation(play) => conversation::render(self, play, body, buf),
            Screen::Debrief(state) => debrief::render(self, state, body, buf),
            Screen::History(history) => history::render(self, history, body, buf),
            Screen::Compare(state) => compare::render(self, state, body, buf),
            Screen::Class(debrief, step) => class::render(self, debrief, *step, body, buf),
        }
        // An overlay covers the text being typed, and its cursor with it (one that asks
        // for text puts the cursor in its own field).
        if self.overlay.is_some() {
            self.cursor.set(None);
        }
        let context = match self.overlay {
            Some(Overlay::Help) => {
                overlay::help(self, body, buf);
                Context::Help
            }
            Some(Overlay::RetryFrom) => {
                offer::retry_from(self, body, buf);
                Context::RetryFrom
            }
            Some(Overlay::Offer) => {
                offer::render(self, body, buf);
                Context::Offer
            }
            Some(Overlay::Confirm(leave)) => {
                overlay::confirm(self, leave, body, buf);
                Context::Confirm
            }
            None => self.screen_context(),
        };
        let footer = match &self.hint {
            Some(hint) => ratatui::text::Line::styled(
                format!(" {}", crate::domain::sanitize::clean(hint)),
                self.theme.warn,
            ),
            None => widgets::footer(context, &self.theme),
        };
        buf.set_line(foot.x, foot.y, &footer, foot.width);
    }
}

/// A live preview's file saved with errors: the findings in a panel at the foot of `body`
/// (at most half of it), the run going on above; the area left for the run.
fn file_errors(app: &App, errors: &[String], body: Rect, buf: &mut Buffer) -> Rect {
    use ratatui::text::{Line, Text};
    use ratatui::widgets::{Block, Paragraph, Wrap};
    let lines: Vec<Line> = errors
        .iter()
        .flat_map(|e| e.lines())
        .map(|l| Line::from(crate::domain::sanitize::clean(l).into_owned()))
        .collect();
    let wanted = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let height = wanted.min(body.height / 2).max(3);
    let [run, panel] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(body);
    Paragraph::new(Text::from(lines))
        .wrap(Wrap { trim: false })
        .style(app.theme.warn)
        .block(Block::bordered().title(text::WATCH_ERRORS_TITLE))
        .render(panel, buf);
    run
}
