//! The trainee's history: attempts (latest first), a labelled sparkline per dimension
//! over time, the best result per scenario, the weakest dimension and what to practise.

use super::widgets::{fit, header, panel};
use crate::domain::sanitize::clean;
use crate::domain::store::History;
use crate::tui::app::App;
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Sparkline, Widget};

/// Columns for a dimension's name and its summary beside the sparkline.
const LABEL: usize = 18;
const SUMMARY: usize = 20;

pub fn render(app: &App, history: &History, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    header(
        &text::history_title(&clean(&history.trainee)),
        &text::mode_short(app.mode),
        top,
        buf,
        theme,
    );
    if history.attempts.is_empty() {
        buf.set_string(rest.x + 1, rest.y + 1, text::HISTORY_EMPTY, theme.text);
        return;
    }
    let big = rest.height >= 30;
    let attempt_rows = if big { 8 } else { 4 }.min(history.attempts.len()) as u16;
    let trend_rows = history.trends.len().max(1) as u16;
    let [attempts, trends, rest] = Layout::vertical([
        Constraint::Length(attempt_rows + 2),
        Constraint::Length(trend_rows + 2),
        Constraint::Fill(1),
    ])
    .areas(rest);

    // Attempts, latest first.
    let block = panel(Line::styled(text::HISTORY_ATTEMPTS, theme.title), theme);
    let inner = block.inner(attempts);
    block.render(attempts, buf);
    for (i, a) in history
        .attempts
        .iter()
        .rev()
        .take(inner.height as usize)
        .enumerate()
    {
        let when = a.started_at.replace('T', " ");
        let when: String = when.chars().take(16).collect();
        let outcome = a
            .outcome
            .map_or(text::HISTORY_UNFINISHED, text::outcome_words);
        let row = text::history_row(
            &when,
            &clean(&a.scenario_title),
            outcome,
            a.passed,
            a.overall,
        );
        let w = inner.width as usize;
        buf.set_stringn(
            inner.x + 1,
            inner.y + i as u16,
            fit(&row, w.saturating_sub(1)),
            w,
            theme.text,
        );
    }

    // One labelled sparkline per dimension.
    let block = panel(Line::styled(text::HISTORY_TRENDS, theme.title), theme);
    let inner = block.inner(trends);
    block.render(trends, buf);
    for (i, t) in history
        .trends
        .iter()
        .enumerate()
        .take(inner.height as usize)
    {
        let y = inner.y + i as u16;
        let name = app
            .rubric
            .dimension(&t.dimension)
            .map_or_else(|| t.dimension.clone(), |d| d.name.clone());
        buf.set_stringn(
            inner.x + 1,
            y,
            fit(&clean(&name), LABEL - 1),
            LABEL,
            theme.heading,
        );
        let spark_w = (inner.width as usize).saturating_sub(LABEL + SUMMARY + 2);
        let data: Vec<u64> = t
            .values
            .iter()
            .rev()
            .take(spark_w)
            .rev()
            .map(|v| v.clamp(0.0, 100.0).round() as u64)
            .collect();
        Sparkline::default()
            .data(&data)
            .max(100)
            .style(theme.chart)
            .render(
                Rect::new(inner.x + 1 + LABEL as u16, y, spark_w as u16, 1),
                buf,
            );
        let summary = text::trend_summary(t.recent, t.direction.as_str());
        buf.set_stringn(
            inner.x + 2 + (LABEL + spark_w) as u16,
            y,
            fit(&summary, SUMMARY),
            SUMMARY,
            theme.text,
        );
    }

    // Best per scenario, then the weakest dimension and what to practise.
    let mut lines: Vec<Line> = vec![Line::styled(
        format!(" {}", text::HISTORY_BEST),
        theme.heading,
    )];
    for b in &history.best {
        lines.push(Line::raw(format!(
            "   {}",
            text::best_row(&clean(&b.scenario_title), b.passed, b.overall, b.attempts)
        )));
    }
    if let Some(weakest) = &history.weakest {
        let name = app
            .rubric
            .dimension(weakest)
            .map_or_else(|| weakest.clone(), |d| d.name.clone());
        lines.push(Line::styled(
            format!(" {}", text::weakest(&clean(&name))),
            theme.heading,
        ));
        match &history.next {
            Some(p) => {
                lines.push(Line::raw(format!(
                    "   {}",
                    text::practise_next(&clean(&p.title), &clean(&p.scenario))
                )));
                lines.push(Line::raw(format!("   {}", text::practise_points(p.points))));
            }
            None => lines.push(Line::raw(format!("   {}", text::PRACTISE_NONE))),
        }
    }
    // The practice lines matter most: keep them when the best list is long.
    let rows = rest.height as usize;
    if lines.len() > rows {
        let tail = match (&history.weakest, &history.next) {
            (None, _) => 0,
            (Some(_), None) => 2,
            (Some(_), Some(_)) => 3,
        };
        let keep = rows.saturating_sub(tail);
        let mut cut: Vec<Line> = lines[..keep.min(lines.len() - tail)].to_vec();
        cut.extend(lines[lines.len() - tail..].iter().cloned());
        lines = cut;
    }
    for (i, line) in lines.iter().take(rows).enumerate() {
        buf.set_line(rest.x, rest.y + i as u16, line, rest.width);
    }
}
