//! The class debrief, for a projector: one decision of a scenario at a time, every choice
//! with its text, a bar of how many in the group chose it (with the count and share in
//! words), and the mean mood it led to.

use super::widgets::{fit, header, wrap};
use crate::domain::sanitize::clean;
use crate::domain::store::ClassDebrief;
use crate::tui::app::App;
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Columns kept beside a bar for its count, share and mood.
const COUNT: usize = 44;

pub fn render(app: &App, debrief: &ClassDebrief, step: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let w = area.width as usize;
    let cols = w.saturating_sub(4);
    header(
        &text::class_title(&clean(&debrief.title), debrief.attempts),
        &text::mode_short(app.mode),
        Rect::new(area.x, area.y, area.width, 1),
        buf,
        theme,
    );
    let mut lines: Vec<Line> = Vec::new();
    let Some(tally) = debrief.steps.get(step) else {
        lines.push(Line::raw(""));
        for part in wrap(text::CLASS_EMPTY, cols, cols) {
            lines.push(Line::styled(format!("  {part}"), theme.text));
        }
        draw(&lines, area, buf);
        return;
    };
    // A blank line between choices, when they fit with it.
    let spaced = area.height >= 30 || tally.choices.len() <= 4;
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "  {}",
            fit(
                &text::class_step(
                    step + 1,
                    debrief.steps.len(),
                    &clean(&tally.step),
                    tally.answers
                ),
                cols
            )
        ),
        theme.title,
    ));
    if let Some(say) = &tally.say {
        for part in wrap(&text::class_customer(&clean(say)), cols, cols) {
            lines.push(Line::styled(format!("  {part}"), theme.customer));
        }
    }
    let bar_w = cols.saturating_sub(COUNT).max(10);
    for (i, c) in tally.choices.iter().enumerate() {
        if spaced {
            lines.push(Line::raw(""));
        }
        let label = format!("{}. {}", i + 1, clean(&c.text));
        for (j, part) in wrap(&label, cols, cols.saturating_sub(3))
            .into_iter()
            .enumerate()
        {
            let indent = if j == 0 { "  " } else { "     " };
            lines.push(Line::styled(format!("{indent}{part}"), theme.heading));
        }
        let filled = ((c.share / 100.0) * bar_w as f64).round() as usize;
        let filled = filled.min(bar_w);
        lines.push(Line::from(vec![
            Span::raw("     "),
            Span::styled("█".repeat(filled), theme.bar_fill),
            Span::styled("░".repeat(bar_w - filled), theme.bar_empty),
            Span::styled(
                format!(" {}", text::class_count(c.count, c.share, c.mood_after)),
                theme.text,
            ),
        ]));
    }
    draw(&lines, area, buf);
}

fn draw(lines: &[Line], area: Rect, buf: &mut Buffer) {
    for (i, line) in lines
        .iter()
        .take(area.height.saturating_sub(1) as usize)
        .enumerate()
    {
        buf.set_line(area.x, area.y + 1 + i as u16, line, area.width);
    }
}
