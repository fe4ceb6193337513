//! The class debrief, for a projector: one decision of a scenario at a time, the
//! customer's line as the trainees heard it, every choice with its text, a bar of how many
//! in the group chose it (with the count and share in words), and the mean mood it led
//! to; the answer key (the best choice, every choice's marks and feedback) shows only when
//! the trainer reveals it. Answers to other versions of the file are counted apart.

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
    if debrief.other_versions > 0 {
        lines.push(Line::raw(""));
        for part in wrap(&text::class_versions(debrief.other_versions), cols, cols) {
            lines.push(Line::styled(format!("  {part}"), theme.warn));
        }
    }
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
                &text::class_step(step + 1, debrief.steps.len(), tally.answers),
                cols
            )
        ),
        theme.title,
    ));
    if tally.heard.is_empty() {
        if let Some(say) = &tally.say {
            for part in wrap(&text::class_customer(&clean(say)), cols, cols) {
                lines.push(Line::styled(format!("  {part}"), theme.customer));
            }
        }
    } else {
        // Each line as the trainees heard it (the draws and the mood choose it).
        for (line, count) in &tally.heard {
            for part in wrap(&text::class_heard(&clean(line), *count), cols, cols) {
                lines.push(Line::styled(format!("  {part}"), theme.customer));
            }
        }
    }
    if !app.answer_key && tally.choices.iter().any(|c| c.best) {
        lines.push(Line::styled(
            format!("  {}", text::CLASS_KEY_HIDDEN),
            theme.dim,
        ));
    }
    let bar_w = cols.saturating_sub(COUNT).max(10);
    for (i, c) in tally.choices.iter().enumerate() {
        if spaced {
            lines.push(Line::raw(""));
        }
        let best = app.answer_key && c.best;
        let label = if best {
            format!("{}. {} {}", i + 1, text::CLASS_BEST, clean(&c.text))
        } else {
            format!("{}. {}", i + 1, clean(&c.text))
        };
        for (j, part) in wrap(&label, cols, cols.saturating_sub(3))
            .into_iter()
            .enumerate()
        {
            let indent = if j == 0 { "  " } else { "     " };
            let style = if best { theme.good } else { theme.heading };
            lines.push(Line::styled(format!("{indent}{part}"), style));
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
        if app.answer_key && !c.marks.is_empty() {
            let marks: Vec<String> = c
                .marks
                .iter()
                .map(|(d, m)| {
                    let name = app
                        .rubric
                        .dimension(d)
                        .map_or_else(|| d.clone(), |x| x.name.clone());
                    format!("{} {m:+}", clean(&name))
                })
                .collect();
            let body = match &c.feedback {
                Some(f) => format!("{} · {}", text::class_marks(&marks.join(", ")), clean(f)),
                None => text::class_marks(&marks.join(", ")),
            };
            for part in wrap(&body, cols.saturating_sub(5), cols.saturating_sub(5)) {
                lines.push(Line::styled(format!("     {part}"), theme.dim));
            }
        }
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
