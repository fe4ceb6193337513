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
const DIFFICULTY: usize = 10;
const MINUTES: usize = 3;
const GAP: usize = 1;
/// The list keeps at least this many rows (borders, header and four entries).
const LIST_MIN: u16 = 7;

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
    header(&title, &text::mode_short(app.mode), top, buf, theme);
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

    let detail_lines = detail(app, rest.width as usize);
    let wanted = detail_lines.len() as u16 + 1;
    let list_wanted = lib.visible.len().max(1) as u16 + 3;
    let detail_h = wanted.min(rest.height.saturating_sub(LIST_MIN.min(list_wanted)));
    let list_h = list_wanted.min(rest.height - detail_h);
    let [list, pane] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Fill(1)]).areas(rest);
    table(app, list, buf);
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
        Line::styled(format!(" {}", text::FILTER_HINT), theme.dim)
    };
    buf.set_line(area.x, area.y, &line, area.width);
}

/// Column widths for an inner width: (title, tags).
fn columns(inner: usize, longest_title: usize) -> (usize, usize) {
    let fixed = MARK + CHANNEL + DIFFICULTY + MINUTES + 4 * GAP;
    let flexible = inner.saturating_sub(fixed);
    let title = longest_title.clamp(12, 46).min((flexible * 2 / 3).max(12));
    (title, flexible.saturating_sub(title))
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
    let longest = lib
        .entries
        .iter()
        .map(|e| width(&entry_title(e)))
        .max()
        .unwrap_or(0);
    let (title_w, tags_w) = columns(inner.width as usize, longest);
    let row = |cells: [&str; 5]| -> String {
        let [t, c, d, m, g] = cells;
        format!(
            "{}{}{}{}{}",
            pad(&fit(t, title_w), title_w + GAP),
            pad(c, CHANNEL + GAP),
            pad(d, DIFFICULTY + GAP),
            pad(m, MINUTES + GAP),
            fit(g, tags_w)
        )
    };
    let head = format!(
        "{}{}",
        " ".repeat(MARK),
        row([
            text::COL_TITLE,
            text::COL_CHANNEL,
            text::COL_DIFFICULTY,
            text::COL_MINUTES,
            text::COL_TAGS
        ])
    );
    buf.set_stringn(inner.x, inner.y, head, inner.width as usize, theme.heading);
    let rows = inner.height.saturating_sub(1) as usize;
    if lib.entries.is_empty() || lib.visible.is_empty() {
        let message = if lib.entries.is_empty() {
            text::LIBRARY_EMPTY.to_owned()
        } else {
            text::no_match(&clean(lib.filter.text()))
        };
        let w = inner.width as usize;
        for (i, part) in wrap(&message, w, w).into_iter().take(rows).enumerate() {
            buf.set_string(inner.x, inner.y + 1 + i as u16, part, theme.warn);
        }
        return;
    }
    // Keep the selection in view.
    let max = lib.visible.len().saturating_sub(rows);
    lib.page.at(rows, max);
    let top = lib.selected.saturating_sub(rows.saturating_sub(1)).min(max);
    for (i, &index) in lib.visible.iter().enumerate().skip(top).take(rows) {
        let entry = &lib.entries[index];
        let selected = i == lib.selected;
        let cells = match entry.scenario() {
            Some(s) => {
                let tags = s.scenario.tag_list();
                let title = match app.unfinished_of(s.id()) {
                    Some(_) => format!("{} {}", text::RESUME_TAG, entry_title(entry)),
                    None => entry_title(entry),
                };
                row([
                    &title,
                    s.scenario.channel.get_ref().as_str(),
                    &text::difficulty(*s.scenario.difficulty.get_ref()),
                    &text::minutes(s.scenario.minutes.as_ref().map(|m| *m.get_ref())),
                    &tags.join(", "),
                ])
            }
            None => row([
                &entry_title(entry),
                text::EMPTY_CELL,
                text::UNPLAYABLE,
                text::EMPTY_CELL,
                text::EMPTY_CELL,
            ]),
        };
        let mark = if selected {
            text::SELECTED_MARK
        } else {
            text::UNSELECTED_MARK
        };
        let style = match (selected, entry.scenario().is_some()) {
            (true, _) => theme.selected,
            (false, true) => theme.text,
            (false, false) => theme.warn,
        };
        let y = inner.y + 1 + (i - top) as u16;
        let line = Line::from(vec![Span::styled(format!("{mark}{cells}"), style)]);
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected);
        }
        buf.set_line(inner.x, y, &line, inner.width);
    }
    super::widgets::more_marks(area, buf, top > 0, top < max, theme);
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
            lines.push(mode_line(app, theme));
            lines.push(input_line(app, theme));
            if let Some(u) = app.unfinished_of(s.id()) {
                lines.push(Line::styled(
                    format!(
                        " {} {}",
                        text::RESUME_TAG,
                        text::resume_detail(u.decisions.len())
                    ),
                    theme.warn,
                ));
            }
            let m = &s.scenario;
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
