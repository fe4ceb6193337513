//! The library: every scenario with title, channel, difficulty, minutes and tags, files
//! with errors listed as unplayable, the filter, and a detail pane.

use super::widgets::{field, fit, hanging, header, pad, panel, width, wrap};
use crate::domain::sanitize::clean;
use crate::tui::app::{App, Entry};
use crate::tui::text;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

const MARK: usize = 2;
const CHANNEL: usize = 8;
const LEVEL: usize = 5;
const BEST: usize = 13;
const TRIES: usize = 5;
const MINUTES: usize = 3;
const GAP: usize = 1;
/// The narrowest the title column gets; longer titles wrap onto more lines.
const TITLE_MIN: usize = 20;
/// Minutes and tags get columns only from this inner width on (the detail has both).
const WIDE: usize = 100;
/// The detail pane keeps at least this many rows (its rule and the selected scenario's
/// title, record and facts) when the list is long.
const DETAIL_MIN: u16 = 6;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lib = &app.library;
    let warning_text = match (&app.store_warning, &app.notice) {
        (Some(reason), _) => Some(text::not_saved(&clean(reason))),
        (None, Some(notice)) => Some(clean(notice).into_owned()),
        (None, None) => None,
    };
    let warn_h = u16::from(warning_text.is_some());
    let [top, warning, filter, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(warn_h),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let title = text::library_title(lib.playable(), lib.entries.len() - lib.playable());
    // The trainee's name beside the mode when both fit with the whole title.
    let right = match &app.trainee {
        Some(name)
            if width(text::APP_NAME)
                + width(title.trim())
                + width(&text::brief_trainee(&clean(name)))
                + width(&text::mode_short(app.mode))
                + 2 * width(text::SEP)
                + 4
                <= top.width as usize =>
        {
            format!(
                "{}{}{}",
                text::brief_trainee(&clean(name)),
                text::SEP,
                text::mode_short(app.mode)
            )
        }
        _ => text::mode_short(app.mode),
    };
    header(&title, &right, top, buf, theme);
    if let Some(warning_text) = warning_text {
        let line = format!(" {warning_text}");
        buf.set_stringn(
            warning.x,
            warning.y,
            fit(&line, warning.width as usize),
            warning.width as usize,
            theme.warn,
        );
    }
    filter_line(app, filter, buf);

    // The list takes what it needs, leaving the detail its minimum; the detail the rest.
    let inner_w = rest.width.saturating_sub(2) as usize;
    let longest = longest_title(app);
    let list_rows: usize = if lib.visible.is_empty() {
        1
    } else {
        (0..lib.visible.len())
            .map(|v| entry_height(app, v, inner_w, longest))
            .sum()
    };
    let list_wanted = list_rows as u16 + 3;
    let list_h = list_wanted.min(rest.height.saturating_sub(DETAIL_MIN).max(4));
    let [list, pane] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Fill(1)]).areas(rest);
    table(app, list, buf);
    let detail_lines = detail(app, pane.width as usize);
    Paragraph::new(detail_lines)
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.border)
                .title(text::DETAIL_TITLE)
                .title_style(theme.title),
        )
        .render(pane, buf);
}

fn filter_line(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lib = &app.library;
    let filter = &lib.filter;
    let line = if lib.typing || !filter.text().is_empty() {
        let label = format!(" {}", text::FILTER_LABEL);
        let count = text::filter_count(lib.visible.len(), lib.entries.len());
        let room = (area.width as usize).saturating_sub(width(&label) + width(&count));
        let shown = if lib.typing {
            let (shown, col) = field(filter.text(), filter.cursor(), room);
            let x = area.x as usize + width(&label) + col;
            if x < area.right() as usize {
                app.cursor.set(Some((x as u16, area.y)));
            }
            shown
        } else {
            fit(filter.text(), room)
        };
        Line::from(vec![
            Span::styled(label, theme.heading),
            Span::styled(shown, theme.input),
            Span::styled(count, theme.dim),
        ])
    } else {
        let hint = match &app.trainee {
            Some(name) => text::filter_hint_trainee(&clean(name)),
            None => text::FILTER_HINT.to_owned(),
        };
        Line::styled(format!(" {hint}"), theme.dim)
    };
    buf.set_line(area.x, area.y, &line, area.width);
}

/// Column widths for an inner width: (title, tags); tags is 0 below [`WIDE`]. Wide, the
/// title column is as wide as the longest title (and its mark) needs, up to 46.
fn columns(inner: usize, longest: usize) -> (usize, usize) {
    let mut fixed = MARK + CHANNEL + LEVEL + BEST + TRIES + 4 * GAP;
    let wide = inner >= WIDE;
    if wide {
        fixed += MINUTES + 2 * GAP;
    }
    let flexible = inner.saturating_sub(fixed);
    if !wide {
        return (flexible.max(TITLE_MIN), 0);
    }
    // Titles get up to 46 columns; the tags the rest.
    let title = flexible.min(longest.clamp(TITLE_MIN, 46));
    (title, flexible.saturating_sub(title))
}

/// The cells after the title, padded to their columns.
fn cells(inner: usize, tags_w: usize, c: [&str; 6]) -> String {
    let [channel, level, best, tries, minutes, tags] = c;
    let mut s = format!(
        "{}{}{}{}",
        pad(channel, CHANNEL + GAP),
        pad(level, LEVEL + GAP),
        pad(best, BEST + GAP),
        pad(tries, TRIES)
    );
    if inner >= WIDE {
        s.push_str(&" ".repeat(GAP));
        s.push_str(&pad(minutes, MINUTES + GAP));
        s.push_str(&fit(tags, tags_w));
    }
    s
}

/// The curriculum heading shown above the `v`th visible entry: its group's, when that
/// differs from the entry above it.
fn heading_above(app: &App, v: usize) -> Option<String> {
    let lib = &app.library;
    let heading = lib.heading_of(&lib.entries[lib.visible[v]])?;
    let above = v
        .checked_sub(1)
        .and_then(|u| lib.heading_of(&lib.entries[lib.visible[u]]));
    (above.as_deref() != Some(heading.as_str())).then_some(heading)
}

/// The rows the `v`th visible entry takes: its heading, if any, and its lines.
fn entry_height(app: &App, v: usize, inner: usize, longest: usize) -> usize {
    let entry = &app.library.entries[app.library.visible[v]];
    usize::from(heading_above(app, v).is_some()) + row_lines(app, entry, inner, longest).len()
}

/// An entry's row: the title wrapped in its column (a whole title, never cut), the other
/// cells on its first line.
fn row_lines(app: &App, entry: &Entry, inner: usize, longest: usize) -> Vec<String> {
    let (title_w, tags_w) = columns(inner, longest);
    let (title, rest) = match entry.scenario() {
        Some(s) => {
            let title = match app.unfinished_of(s.id()) {
                Some(_) => format!("{} {}", text::RESUME_TAG, entry_title(entry)),
                None => entry_title(entry),
            };
            let record = app.library.record(s.id());
            let best = record.map_or(text::BEST_NONE.to_owned(), |r| {
                text::best_cell(r.overall, r.passed)
            });
            let tries = record.map_or(String::new(), |r| r.attempts.to_string());
            let m = &s.scenario;
            let rest = cells(
                inner,
                tags_w,
                [
                    m.channel.get_ref().as_str(),
                    &text::level_dots(*m.difficulty.get_ref()),
                    &best,
                    &tries,
                    &text::minutes(m.minutes.as_ref().map(|x| *x.get_ref())),
                    &m.tag_list().join(", "),
                ],
            );
            (title, rest)
        }
        None => (
            entry_title(entry),
            cells(
                inner,
                tags_w,
                [
                    text::EMPTY_CELL,
                    text::EMPTY_CELL,
                    text::UNPLAYABLE,
                    text::EMPTY_CELL,
                    text::EMPTY_CELL,
                    text::EMPTY_CELL,
                ],
            ),
        ),
    };
    let indent = width(text::RESUME_TAG) + 1;
    wrap(&title, title_w, title_w.saturating_sub(indent))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                format!("{}{rest}", pad(&part, title_w + GAP))
            } else {
                format!("{}{part}", " ".repeat(indent))
            }
        })
        .collect()
}

fn table(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let lib = &app.library;
    let block = panel(Line::raw(""), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let w = inner.width as usize;
    let longest = longest_title(app);
    let (title_w, tags_w) = columns(w, longest);
    let head = format!(
        "{}{}{}",
        " ".repeat(MARK),
        pad(text::COL_TITLE_MARKED, title_w + GAP),
        cells(
            w,
            tags_w,
            [
                text::COL_CHANNEL,
                text::COL_LEVEL,
                text::COL_BEST,
                text::COL_TRIES,
                text::COL_MINUTES,
                text::COL_TAGS
            ]
        )
    );
    buf.set_stringn(inner.x, inner.y, head, w, theme.heading);
    let rows = inner.height.saturating_sub(1) as usize;
    if lib.entries.is_empty() || lib.visible.is_empty() {
        let message = if lib.entries.is_empty() {
            text::LIBRARY_EMPTY.to_owned()
        } else {
            text::no_match(&clean(lib.filter.text()))
        };
        for (i, part) in wrap(&message, w, w).into_iter().take(rows).enumerate() {
            buf.set_string(inner.x, inner.y + 1 + i as u16, part, theme.warn);
        }
        return;
    }
    let heights: Vec<usize> = (0..lib.visible.len())
        .map(|v| entry_height(app, v, w, longest))
        .collect();
    // The first entry shown: as late as keeps the selection whole in view.
    let mut top = lib.selected.min(heights.len() - 1);
    let mut used = heights[top];
    while top > 0 && used + heights[top - 1] <= rows {
        top -= 1;
        used += heights[top];
    }
    // The rows per page, for PgUp/PgDn, counted in entries.
    let per_page = heights[top..]
        .iter()
        .scan(0, |sum, h| {
            *sum += h;
            Some(*sum)
        })
        .take_while(|&sum| sum <= rows)
        .count()
        .max(1);
    let max = lib.visible.len().saturating_sub(per_page);
    lib.page.at(per_page, max);
    let mut y = inner.y + 1;
    let mut last_shown = top;
    for (i, &index) in lib.visible.iter().enumerate().skip(top) {
        let entry = &lib.entries[index];
        let lines = row_lines(app, entry, w, longest);
        if (y - inner.y - 1) as usize + heights[i] > rows {
            break;
        }
        if let Some(heading) = heading_above(app, i) {
            let line = format!("{}── {heading} ", " ".repeat(MARK));
            let rule = w.saturating_sub(width(&line));
            buf.set_stringn(
                inner.x,
                y,
                format!("{line}{}", "─".repeat(rule)),
                w,
                theme.heading,
            );
            y += 1;
        }
        last_shown = i;
        let selected = i == lib.selected;
        let style = match (selected, entry.scenario().is_some()) {
            (true, _) => theme.selected,
            (false, true) => theme.text,
            (false, false) => theme.warn,
        };
        for (j, line) in lines.iter().enumerate() {
            let mark = match (selected, j) {
                (true, 0) => text::SELECTED_MARK,
                _ => text::UNSELECTED_MARK,
            };
            if selected {
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected);
            }
            buf.set_line(
                inner.x,
                y,
                &Line::from(vec![Span::styled(format!("{mark}{line}"), style)]),
                inner.width,
            );
            y += 1;
        }
    }
    super::widgets::more_marks(
        area,
        buf,
        top > 0,
        last_shown + 1 < lib.visible.len(),
        theme,
    );
}

/// The widest title of the library with the unfinished mark before it.
fn longest_title(app: &App) -> usize {
    app.library
        .entries
        .iter()
        .map(|e| width(&entry_title(e)) + width(text::RESUME_TAG) + 1)
        .max()
        .unwrap_or(0)
}

fn entry_title(entry: &Entry) -> String {
    match entry.scenario() {
        Some(s) => clean(s.title()).into_owned(),
        None => {
            let name = std::path::Path::new(&entry.file.origin)
                .file_name()
                .map_or(entry.file.origin.clone(), |n| {
                    n.to_string_lossy().into_owned()
                });
            format!("{}{}", text::UNPLAYABLE_MARK, clean(&name))
        }
    }
}

/// The detail pane's lines for the selected entry.
fn detail(app: &App, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let cols = cols.saturating_sub(2);
    let Some(entry) = app.library.selected_entry() else {
        return vec![mode_line(app, theme), input_line(app, theme)];
    };
    let labelled = |label: &'static str, body: &str, style: Style| {
        hanging(
            vec![Span::styled(format!(" {label}"), theme.heading)],
            body,
            3,
            cols,
            style,
        )
    };
    let mut lines = Vec::new();
    match entry.scenario() {
        Some(s) => {
            lines.push(Line::styled(
                format!(" {} ({})", fit(s.title(), cols / 2), fit(s.id(), cols / 3)),
                theme.title,
            ));
            let m = &s.scenario;
            let record = match app.library.record(s.id()) {
                Some(r) => text::record_detail(r.overall, r.passed, r.attempts, m.pass_mark()),
                None => text::RECORD_NONE.to_owned(),
            };
            lines.extend(hanging(vec![Span::raw(" ")], &record, 3, cols, theme.text));
            if let Some(u) = app.unfinished_of(s.id()) {
                lines.extend(hanging(
                    vec![Span::styled(format!(" {} ", text::RESUME_TAG), theme.warn)],
                    &text::resume_detail(u.decisions.len()),
                    3,
                    cols,
                    theme.warn,
                ));
            }
            lines.push(Line::raw(format!(
                " {}",
                text::detail_facts(
                    m.channel.get_ref().as_str(),
                    *m.difficulty.get_ref(),
                    m.minutes.as_ref().map(|x| *x.get_ref()),
                    m.pass_mark()
                )
            )));
            lines.extend(labelled(text::DETAIL_SUMMARY, m.summary(), theme.text));
            lines.push(mode_line(app, theme));
            lines.push(input_line(app, theme));
            let names = text::customer_names(&s.customer.name_pool());
            let who = format!("{}. {}", names.trim_end_matches('.'), s.customer.persona());
            lines.extend(labelled(text::DETAIL_CUSTOMER, &who, theme.text));
            let tags = m.tag_list();
            if !tags.is_empty() {
                lines.extend(labelled(text::DETAIL_TAGS, &tags.join(", "), theme.dim));
            }
        }
        None => {
            lines.push(Line::styled(
                format!(" {}{}", text::UNPLAYABLE_MARK, text::UNPLAYABLE_DETAIL),
                theme.warn,
            ));
            lines.extend(labelled(text::DETAIL_FILE, &entry.file.origin, theme.text));
            if let Some(error) = entry.first_error() {
                lines.extend(hanging(vec![Span::raw(" ")], &error, 3, cols, theme.bad));
            }
            lines.extend(hanging(
                vec![Span::raw(" ")],
                &text::validate_hint(&entry.file.origin),
                3,
                cols,
                theme.dim,
            ));
        }
    }
    lines
}

fn mode_line(app: &App, theme: &Theme) -> Line<'static> {
    Line::styled(format!(" {}", text::mode_line(app.mode)), theme.key)
}

fn input_line(app: &App, theme: &Theme) -> Line<'static> {
    Line::styled(format!(" {}", text::input_line(app.free_text)), theme.key)
}
