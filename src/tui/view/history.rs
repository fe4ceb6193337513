//! The trainee's history: attempts (latest first, one selected to open or compare), a
//! labelled bar row per dimension over time (a 0% attempt still draws a bar), the best
//! result per scenario, the weakest dimension and what to practise.

use super::widgets::{fit, header, panel};
use crate::domain::sanitize::clean;
use crate::domain::store::History;
use crate::tui::app::{App, HistoryState};
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// Columns for a dimension's summary beside its bars.
const SUMMARY: usize = 20;
/// A percent as one of eight bar heights; 0% is the lowest bar, never a blank.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn bar(percent: f64) -> char {
    BARS[((percent.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize]
}

pub fn render(app: &App, state: &HistoryState, area: Rect, buf: &mut Buffer) {
    let history: &History = &state.history;
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

    // Attempts, latest first, the selected one in view.
    // The hint whole, or the short one where the whole one would be cut.
    let room = usize::from(attempts.width.saturating_sub(2));
    let hint = [text::HISTORY_HINT, text::HISTORY_HINT_SHORT]
        .into_iter()
        .find(|h| super::widgets::width(h) + 2 <= room)
        .unwrap_or(text::HISTORY_HINT_SHORT);
    let block = panel(Line::styled(text::HISTORY_ATTEMPTS, theme.title), theme)
        .title_bottom(Line::styled(format!(" {hint} "), theme.dim));
    let inner = block.inner(attempts);
    block.render(attempts, buf);
    let last = history.attempts.len() - 1;
    let from_latest = last - state.selected.min(last);
    let rows = inner.height as usize;
    let skip = from_latest.saturating_sub(rows.saturating_sub(1));
    for (i, (index, a)) in history
        .attempts
        .iter()
        .enumerate()
        .rev()
        .skip(skip)
        .take(rows)
        .enumerate()
    {
        let when = a.started_at.replace('T', " ");
        let when: String = when.chars().take(16).collect();
        let outcome = a
            .outcome
            .map_or(text::HISTORY_UNFINISHED, text::outcome_words);
        let title = match a.changed {
            Some(true) => format!(
                "{} {}",
                clean(&a.scenario_title),
                text::HISTORY_EARLIER_VERSION
            ),
            _ => clean(&a.scenario_title).into_owned(),
        };
        let row = text::history_row(&when, &title, outcome, a.passed, a.overall);
        let w = inner.width as usize;
        let selected = index == state.selected;
        let mark = match (selected, state.marked == Some(index)) {
            (true, true) => format!("{}{}", text::SELECTED_MARK.trim_end(), text::HISTORY_MARK),
            (true, false) => text::SELECTED_MARK.to_owned(),
            (false, true) => format!("{} ", text::HISTORY_MARK),
            (false, false) => text::UNSELECTED_MARK.to_owned(),
        };
        let style = if selected { theme.selected } else { theme.text };
        let y = inner.y + i as u16;
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected);
        }
        buf.set_stringn(inner.x, y, fit(&format!("{mark}{row}"), w), w, style);
    }

    // One labelled sparkline per dimension.
    let block = panel(Line::styled(text::HISTORY_TRENDS, theme.title), theme);
    let inner = block.inner(trends);
    block.render(trends, buf);
    let names: Vec<String> = history
        .trends
        .iter()
        .map(|t| {
            let name = app
                .rubric
                .dimension(&t.dimension)
                .map_or_else(|| t.dimension.clone(), |d| d.name.clone());
            clean(&name).into_owned()
        })
        .collect();
    // The labels as wide as the longest name, up to half the row.
    let label = names
        .iter()
        .map(|n| super::widgets::width(n) + 2)
        .max()
        .unwrap_or(0)
        .min(inner.width as usize / 2);
    for (i, (t, name)) in history
        .trends
        .iter()
        .zip(&names)
        .enumerate()
        .take(inner.height as usize)
    {
        let y = inner.y + i as u16;
        buf.set_stringn(
            inner.x + 1,
            y,
            fit(name, label.saturating_sub(1)),
            label,
            theme.heading,
        );
        let spark_w = (inner.width as usize).saturating_sub(label + SUMMARY + 2);
        let bars: String = t
            .values
            .iter()
            .rev()
            .take(spark_w)
            .rev()
            .map(|v| bar(*v))
            .collect();
        buf.set_stringn(inner.x + 1 + label as u16, y, bars, spark_w, theme.chart);
        let summary = text::trend_summary(t.recent, t.direction.as_str());
        buf.set_stringn(
            inner.x + 2 + (label + spark_w) as u16,
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
