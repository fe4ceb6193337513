//! Two finished attempts of one scenario side by side: the verdict and overall, the
//! ending, each dimension, then decision by decision what each said and what it cost.

use super::widgets::{header, more_marks, wrap};
use crate::domain::sanitize::clean;
use crate::domain::session::Debrief;
use crate::tui::app::{App, CompareState};
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

/// One row of the page: the label column, then each attempt's cell (already wrapped).
struct Row {
    label: String,
    cells: [Vec<String>; 2],
    style: Style,
}

pub fn render(app: &App, state: &CompareState, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let (left, right) = (&state.left.1, &state.right.1);
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    header(
        &text::compare_title(&clean(&left.title)),
        &text::brief_trainee(&clean(&left.result.trainee)),
        top,
        buf,
        theme,
    );
    // Labels as wide as the longest dimension name, up to two sevenths of the width.
    let longest = left
        .dimensions
        .iter()
        .map(|d| super::widgets::width(&clean(&d.name)))
        .chain([12])
        .max()
        .unwrap_or(12);
    let label_w = longest.min(body.width as usize * 2 / 7);
    let cell_w = (body.width as usize).saturating_sub(label_w + 4) / 2;
    let mut rows = vec![Row {
        label: String::new(),
        cells: [vec![state.left.0.clone()], vec![state.right.0.clone()]],
        style: theme.heading,
    }];
    let verdict =
        |d: &Debrief| text::verdict_line(d.passed, &text::percent(d.overall), d.pass_mark);
    rows.push(Row {
        label: text::COMPARE_OVERALL.to_owned(),
        cells: [
            wrap(&verdict(left), cell_w, cell_w),
            wrap(&verdict(right), cell_w, cell_w),
        ],
        style: theme.text,
    });
    let ending = |d: &Debrief| text::outcome_words(d.outcome).to_owned();
    rows.push(Row {
        label: text::COMPARE_ENDING.to_owned(),
        cells: [vec![ending(left)], vec![ending(right)]],
        style: theme.text,
    });
    for (i, dim) in left.dimensions.iter().enumerate() {
        let other = right.dimensions.get(i).and_then(|d| d.percent);
        rows.push(Row {
            label: clean(&dim.name).into_owned(),
            cells: [vec![text::percent(dim.percent)], vec![text::percent(other)]],
            style: theme.text,
        });
    }
    rows.push(Row {
        label: String::new(),
        cells: [Vec::new(), Vec::new()],
        style: theme.text,
    });
    rows.push(Row {
        label: text::COMPARE_DECISIONS.to_owned(),
        cells: [Vec::new(), Vec::new()],
        style: theme.heading,
    });
    let count = left.decisions.len().max(right.decisions.len());
    let side = |d: &Debrief, i: usize| match d.decisions.get(i) {
        Some(r) => {
            let mut lines = wrap(&format!("\"{}\"", r.said), cell_w, cell_w);
            lines.push(text::compare_cost(r.cost));
            lines
        }
        None => vec![text::COMPARE_NONE.to_owned()],
    };
    for i in 0..count {
        rows.push(Row {
            label: text::compare_decision(i + 1),
            cells: [side(left, i), side(right, i)],
            style: theme.text,
        });
    }

    // Laid out as lines, then scrolled.
    let mut lines: Vec<Line> = Vec::new();
    for row in &rows {
        let height = row.cells[0].len().max(row.cells[1].len()).max(1);
        for j in 0..height {
            let label = if j == 0 { row.label.as_str() } else { "" };
            let cell =
                |c: &Vec<String>| super::widgets::pad(c.get(j).map_or("", String::as_str), cell_w);
            if row.cells[0].is_empty() && row.cells[1].is_empty() {
                lines.push(Line::styled(format!(" {label}"), row.style));
                continue;
            }
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {}", super::widgets::pad(label, label_w)),
                    theme.heading,
                ),
                Span::styled(format!(" {} ", cell(&row.cells[0])), row.style),
                Span::styled(format!("{} ", cell(&row.cells[1])), row.style),
            ]));
        }
    }
    // The last row is a rule that says when there is more.
    let rows_shown = body.height.saturating_sub(1) as usize;
    let max = lines.len().saturating_sub(rows_shown);
    let from = state.scroll.at(rows_shown, max);
    for (i, line) in lines.iter().skip(from).take(rows_shown).enumerate() {
        buf.set_line(body.x, body.y + i as u16, line, body.width);
    }
    let rule = Rect::new(body.x, body.bottom().saturating_sub(1), body.width, 1);
    Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .render(rule, buf);
    more_marks(rule, buf, from > 0, from < max, theme);
}
