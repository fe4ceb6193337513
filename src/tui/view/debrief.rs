//! The debrief: the ending and PASS/FAIL in words, a bar per dimension and the overall
//! with the pass mark marked, the mood over the conversation as a chart, the trainee's
//! path beside the best path with what each choice cost, and the top tips.
//!
//! The body is laid out on a page taller than the screen (two columns when wide) and
//! the part in view is copied in, so the chart scrolls with the text.

use super::widgets::{hanging, header, more_marks, percent_bar, wrap};
use crate::domain::sanitize::clean;
use crate::domain::scenario::Outcome;
use crate::domain::session::{Blocker, Debrief, DecisionReview, excerpt};
use crate::tui::app::{App, DebriefState};
use crate::tui::text;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Widget};

/// From this width on, the body has two columns.
const TWO_COLUMNS: u16 = 110;
/// Rows of the mood chart, axes included.
const CHART_ROWS: u16 = 10;

pub fn render(app: &App, state: &DebriefState, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let d = &state.debrief;
    let [top, head, rule, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = match state.play.retried_from {
        Some(n) => text::debrief_practice_title(&clean(&d.title), n),
        None => text::debrief_title(&clean(&d.title)),
    };
    header(
        &title,
        &text::brief_trainee(&clean(&d.result.trainee)),
        top,
        buf,
        theme,
    );
    verdict(app, d, head, buf);
    for line in [rule, bottom] {
        Block::default()
            .borders(Borders::TOP)
            .border_style(theme.border)
            .render(line, buf);
    }

    let mut cache = state.page.borrow_mut();
    if cache.as_ref().is_none_or(|(width, _)| *width != body.width) {
        *cache = Some((body.width, page(app, state, body.width)));
    }
    let Some((_, page)) = cache.as_ref() else {
        return;
    };
    let height = page.area.height as usize;
    let rows = body.height as usize;
    let max = height.saturating_sub(rows);
    let from = state.scroll.at(rows, max);
    let width = body.width as usize;
    for row in 0..rows.min(height - from) {
        let source = &page.content[(from + row) * width..(from + row + 1) * width];
        let start = buf.index_of(body.x, body.y + row as u16);
        buf.content[start..start + width].clone_from_slice(source);
    }
    // The marks go on the rules above and below the page.
    more_marks(rule.union(bottom), buf, from > 0, from < max, theme);
}

/// Lays the whole debrief out on a page `width` wide and as tall as it needs.
fn page(app: &App, state: &DebriefState, width: u16) -> Buffer {
    let theme = &app.theme;
    let d = &state.debrief;
    let columns: Vec<Vec<Part>> = if width >= TWO_COLUMNS {
        let half = (width - 3) / 2;
        vec![
            [
                ending(app, d, half),
                scores(app, d, half),
                mood(app, state),
                tips(app, d, half),
            ]
            .into_iter()
            .flatten()
            .collect(),
            paths(app, d, width - 3 - half),
        ]
    } else {
        let w = width - 2;
        vec![
            [
                ending(app, d, w),
                scores(app, d, w),
                mood(app, state),
                paths(app, d, w),
                tips(app, d, w),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ]
    };
    let height = columns
        .iter()
        .map(|c| c.iter().map(Part::height).sum::<u16>())
        .max()
        .unwrap_or(0);
    let mut page = Buffer::empty(Rect::new(0, 0, width, height.max(1)));
    let mut x = 1;
    for (i, column) in columns.iter().enumerate() {
        let w = match (columns.len(), i) {
            (1, _) => width - 2,
            (_, 0) => (width - 3) / 2,
            _ => width - 3 - (width - 3) / 2,
        };
        let mut y = 0;
        for part in column {
            let h = part.height();
            part.render(Rect::new(x, y, w, h), &mut page, theme);
            y += h;
        }
        x += w + 1;
    }
    page
}

/// PASS or FAIL with the overall and the pass mark; the ending; the customer's last line.
fn verdict(app: &App, d: &Debrief, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let verdict_style = if d.passed { theme.good } else { theme.bad };
    let mut first = vec![
        Span::raw(" "),
        Span::styled(
            text::verdict_line(d.passed, &text::percent(d.overall), d.pass_mark),
            verdict_style,
        ),
        Span::styled(text::SEP, theme.dim),
        Span::styled(text::ending_line(d.outcome), theme.heading),
    ];
    let blocker = match d.blocker() {
        Some(Blocker::Critical) => Some(text::CRITICAL_FAILS),
        Some(Blocker::Ending(Outcome::Lost)) => Some(text::LOST_NEVER_PASSES),
        Some(Blocker::Ending(_)) => Some(text::ENDING_NEVER_PASSES),
        None => None,
    };
    if let Some(blocker) = blocker {
        first.push(Span::styled(format!("{}{blocker}", text::SEP), theme.bad));
    }
    buf.set_line(area.x, area.y, &Line::from(first), area.width);
    let cols = area.width.saturating_sub(2) as usize;
    let said = text::customer_last(&clean(&d.result.customer), &d.ending_say);
    let shown = super::widgets::fit(&said, cols);
    buf.set_string(area.x + 1, area.y + 1, shown, theme.customer);
}

/// A critical error first, with why; then what the ending says about the run (its
/// `debrief` text and the notes that held for this run).
fn ending(app: &App, d: &Debrief, cols: u16) -> Vec<Part> {
    let cols = cols as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for c in &d.critical {
        lines.push(heading(text::CRITICAL_TITLE, &app.theme));
        let said = text::critical_said(&clean(&c.said));
        for text in [said, clean(&c.why).into_owned()] {
            lines.extend(
                wrap(&text, cols, cols)
                    .into_iter()
                    .map(|l| Line::styled(l, app.theme.bad)),
            );
        }
        lines.push(Line::raw(""));
    }
    let texts: Vec<&str> = std::iter::once(d.ending_debrief.as_str())
        .chain(d.notes.iter().map(String::as_str))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if !texts.is_empty() {
        lines.push(heading(text::ENDING_TITLE, &app.theme));
        for t in texts {
            lines.extend(wrap(&clean(t), cols, cols).into_iter().map(Line::raw));
        }
        lines.push(Line::raw(""));
    }
    if lines.is_empty() {
        return Vec::new();
    }
    vec![Part::Lines(lines)]
}

/// A piece of the scrolled page.
enum Part {
    Lines(Vec<Line<'static>>),
    Chart {
        points: Vec<(f64, f64)>,
        decisions: usize,
    },
}

impl Part {
    fn height(&self) -> u16 {
        match self {
            Part::Lines(lines) => lines.len() as u16,
            Part::Chart { .. } => CHART_ROWS,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        match self {
            Part::Lines(lines) => {
                for (i, line) in lines.iter().enumerate() {
                    buf.set_line(area.x, area.y + i as u16, line, area.width);
                }
            }
            Part::Chart { points, decisions } => {
                let n = (*decisions).max(1);
                let mut labels: Vec<Line> = vec![Line::raw(text::CHART_START)];
                if n <= 8 {
                    labels.extend((1..=n).map(|i| Line::raw(i.to_string())));
                } else {
                    labels.push(Line::raw((n / 2).to_string()));
                    labels.push(Line::raw(n.to_string()));
                }
                let data = Dataset::default()
                    .marker(Marker::Braille)
                    .graph_type(GraphType::Line)
                    .style(theme.chart)
                    .data(points);
                Chart::new(vec![data])
                    .x_axis(
                        Axis::default()
                            .title(Line::styled(text::CHART_X, theme.dim))
                            .bounds([0.0, n as f64])
                            .labels(labels)
                            .style(theme.dim),
                    )
                    .y_axis(
                        Axis::default()
                            .title(Line::styled(text::CHART_Y, theme.dim))
                            .bounds([-100.0, 100.0])
                            .labels(["-100", "0", "100"])
                            .style(theme.dim),
                    )
                    .render(area, buf);
            }
        }
    }
}

fn heading(title: &str, theme: &Theme) -> Line<'static> {
    Line::styled(title.to_owned(), theme.heading)
}

/// A bar per dimension and the overall, with the pass mark marked.
fn scores(app: &App, d: &Debrief, cols: u16) -> Vec<Part> {
    let theme = &app.theme;
    let cols = cols as usize;
    let names: Vec<String> = d
        .dimensions
        .iter()
        .map(|s| clean(&s.name).into_owned())
        .collect();
    let name_cols = names
        .iter()
        .map(|n| super::widgets::width(n))
        .chain([text::OVERALL.len()])
        .max()
        .unwrap_or(0)
        .min(cols / 2);
    // " 100.0% FAIL" after the bar.
    let figure_cols = 7 + 1 + text::PASS.len().max(text::FAIL.len());
    let bar_cols = cols.saturating_sub(name_cols + 1 + figure_cols).max(4);
    let row = |name: &str, percent: Option<f64>, style| -> Line<'static> {
        let mut spans = vec![Span::styled(
            super::widgets::pad(name, name_cols + 1),
            style,
        )];
        match percent {
            Some(p) => {
                spans.extend(percent_bar(p, d.pass_mark, bar_cols, theme));
                spans.push(Span::styled(
                    format!(" {:>6}", text::percent(Some(p))),
                    style,
                ));
            }
            None => spans.push(Span::styled(text::NOT_ASSESSED, theme.dim)),
        }
        Line::from(spans)
    };
    let mut lines = vec![heading(text::SCORES_TITLE, theme)];
    for (score, name) in d.dimensions.iter().zip(&names) {
        lines.push(row(name, score.percent, theme.text));
    }
    let mut overall = row(text::OVERALL, d.overall, theme.heading);
    overall.spans.push(Span::styled(
        format!(" {}", text::verdict(d.passed)),
        if d.passed { theme.good } else { theme.bad },
    ));
    lines.push(overall);
    lines.push(Line::styled(
        format!(
            "{}{}",
            " ".repeat(name_cols + 1),
            text::pass_mark_legend(d.pass_mark)
        ),
        theme.dim,
    ));
    lines.push(Line::raw(""));
    vec![Part::Lines(lines)]
}

/// The mood at the start and after each decision, as a chart and in words.
fn mood(app: &App, state: &DebriefState) -> Vec<Part> {
    let theme = &app.theme;
    let d = &state.debrief;
    let start = d
        .decisions
        .first()
        .map_or(d.final_mood, |first| first.mood_before);
    let mut points = vec![(0.0, start as f64)];
    points.extend(
        d.decisions
            .iter()
            .enumerate()
            .map(|(i, r)| ((i + 1) as f64, r.mood_after as f64)),
    );
    vec![
        Part::Lines(vec![heading(text::MOOD_TITLE, theme)]),
        Part::Chart {
            points,
            decisions: d.decisions.len(),
        },
        Part::Lines(vec![
            Line::raw(text::mood_summary(start, d.final_mood)),
            Line::raw(""),
        ]),
    ]
}

/// The trainee's decisions beside the best path's, with what each choice cost.
fn paths(app: &App, d: &Debrief, cols: u16) -> Vec<Part> {
    let theme = &app.theme;
    let cols = cols as usize;
    let mut lines = vec![heading(text::PATH_TITLE, theme)];
    let best = d.best_path.as_ref();
    // Paired by step, so a detour does not shift every later "Best" line.
    let paired = best.map_or_else(Vec::new, |b| b.at_steps_of(&d.decisions));
    let indent = 3;
    let label_indent = indent + text::PATH_YOU.len();
    for (i, r) in d.decisions.iter().enumerate() {
        let mut notes = vec![text::cost(r.cost)];
        if r.critical.is_some() {
            notes.push(text::PATH_CRITICAL.to_owned());
        }
        if r.hesitated {
            notes.push(text::PATH_HESITATED.to_owned());
        }
        if r.escalated {
            notes.push(text::PATH_ESCALATED.to_owned());
        }
        let cost_style = if r.cost > 0.05 { theme.bad } else { theme.good };
        // The decision is named by what the customer said, then what it cost.
        lines.extend(hanging(
            vec![Span::styled(format!("{}. ", i + 1), theme.key)],
            &text::path_step(&clean(&excerpt(&r.asked, 60))),
            indent,
            cols,
            theme.key,
        ));
        lines.extend(hanging(
            vec![Span::raw(" ".repeat(indent))],
            &text::path_notes(&notes),
            indent,
            cols,
            cost_style,
        ));
        lines.extend(hanging(
            vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(text::PATH_YOU, theme.trainee),
            ],
            &text::quoted(&r.said),
            label_indent,
            cols,
            theme.text,
        ));
        let dims = dimension_costs(r);
        if !dims.is_empty() {
            lines.extend(hanging(
                vec![Span::raw(" ".repeat(label_indent))],
                &dims,
                label_indent,
                cols,
                theme.dim,
            ));
        }
        // What the best path said at this step: the same, other words, or nothing (it
        // never comes here).
        let best = match paired.get(i) {
            Some(Some(step)) if step.said == r.said => {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(text::PATH_SAME, theme.good),
                ]));
                None
            }
            Some(Some(step)) => Some((text::quoted(&step.said), theme.text)),
            Some(None) => Some((text::PATH_NOT_ON_BEST.to_owned(), theme.dim)),
            None => None,
        };
        if let Some((said, style)) = best {
            lines.extend(hanging(
                vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(text::PATH_BEST, theme.good),
                ],
                &said,
                label_indent,
                cols,
                style,
            ));
        }
    }
    match best {
        Some(b) => {
            for (i, step) in b.not_reached(&d.decisions) {
                lines.push(Line::styled(
                    text::best_extra(i + 1, &clean(&excerpt(&step.asked, 40))),
                    theme.key,
                ));
                lines.extend(hanging(
                    vec![
                        Span::raw(" ".repeat(indent)),
                        Span::styled(text::PATH_BEST, theme.good),
                    ],
                    &text::quoted(&step.said),
                    label_indent,
                    cols,
                    theme.text,
                ));
            }
            let mut summary = text::best_summary(&text::percent(b.overall), b.outcome);
            if let Some(gap) = d.gap {
                summary.push(' ');
                summary.push_str(&text::gap(gap));
            }
            lines.extend(wrap(&summary, cols, cols).into_iter().map(Line::raw));
        }
        None => lines.push(Line::styled(text::NO_BEST_PATH, theme.dim)),
    }
    lines.push(Line::raw(""));
    vec![Part::Lines(lines)]
}

/// "Active listening -1 of +2, ..." for the dimensions a decision lost points on.
fn dimension_costs(r: &DecisionReview) -> String {
    r.marks
        .iter()
        .filter(|m| m.mark.is_assessed() && m.lost > 0)
        .map(|m| text::dimension_cost(&clean(&m.name), m.mark.earned, m.mark.best))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The feedback of the costliest decisions.
fn tips(app: &App, d: &Debrief, cols: u16) -> Vec<Part> {
    let theme = &app.theme;
    let cols = cols as usize;
    let mut lines = vec![heading(text::TIPS_TITLE, theme)];
    if d.tips.is_empty() {
        lines.push(Line::styled(text::NO_TIPS, theme.good));
    }
    for (i, tip) in d.tips.iter().enumerate() {
        lines.extend(hanging(
            vec![Span::styled(format!("{}. ", i + 1), theme.key)],
            &text::tip(&clean(&excerpt(&tip.asked, 40)), tip.cost),
            3,
            cols,
            theme.key,
        ));
        lines.extend(hanging(
            vec![Span::raw("   ")],
            &tip.feedback,
            3,
            cols,
            theme.text,
        ));
    }
    vec![Part::Lines(lines)]
}
