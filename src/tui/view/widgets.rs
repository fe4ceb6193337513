//! Pieces every screen draws with: wrapping, fitting text to a width, the footer, the
//! mood meter, percent bars, centred boxes and a scrolled page.

use crate::domain::sanitize::clean;
use crate::domain::session::MoodBand;
use crate::tui::app::Scroller;
use crate::tui::input::{Context, bindings};
use crate::tui::text;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Word-wraps file text (cleaned first): the first line to `first` columns, the rest to
/// `rest`. A word longer than a line is broken. Always at least one line.
pub fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let text = clean(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    let mut limit = first.max(1);
    for word in text.split_whitespace() {
        let w = word.width();
        if used > 0 && used + 1 + w <= limit {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            limit = rest.max(1);
        }
        let mut chunk = word;
        loop {
            if chunk.width() <= limit {
                line.push_str(chunk);
                used = chunk.width();
                break;
            }
            let (head, tail) = split_at_width(chunk, limit);
            lines.push(head.to_owned());
            limit = rest.max(1);
            chunk = tail;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Splits after at most `limit` columns (at least one character, so wrapping ends).
fn split_at_width(s: &str, limit: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > limit && i > 0 {
            return s.split_at(i);
        }
        used += w;
    }
    (s, "")
}

/// Wrapped file text as lines with a prefix on the first line and an indent after it.
pub fn hanging(
    prefix: Vec<Span<'static>>,
    body: &str,
    indent: usize,
    total: usize,
    style: Style,
) -> Vec<Line<'static>> {
    let prefix_width: usize = prefix.iter().map(|s| s.content.width()).sum();
    let wrapped = wrap(
        body,
        total.saturating_sub(prefix_width),
        total.saturating_sub(indent),
    );
    let mut out = Vec::with_capacity(wrapped.len());
    for (i, part) in wrapped.into_iter().enumerate() {
        let mut spans = if i == 0 {
            prefix.clone()
        } else {
            vec![Span::raw(" ".repeat(indent))]
        };
        spans.push(Span::styled(part, style));
        out.push(Line::from(spans));
    }
    out
}

/// File text on one line, cut to `max` columns with '…' when longer.
pub fn fit(text: &str, max: usize) -> String {
    let text = clean(text);
    if text.width() <= max {
        return text.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let (head, _) = split_at_width(&text, max - 1);
    format!("{head}{}", text::ELLIPSIS)
}

/// A one-line field of typed text `cols` columns wide, with its cursor at byte `cursor`:
/// the part in view (moved on from the start only as far as the cursor needs, its own
/// cell included) and the cursor's column in it.
pub fn field(text: &str, cursor: usize, cols: usize) -> (String, usize) {
    if cols == 0 {
        return (String::new(), 0);
    }
    let before = clean(&text[..cursor]);
    let mut head: &str = &before;
    while head.width() >= cols {
        let Some(c) = head.chars().next() else { break };
        head = &head[c.len_utf8()..];
    }
    let col = head.width();
    let after = clean(&text[cursor..]);
    let (tail, _) = split_at_width(&after, cols - col);
    let tail = if tail.width() > cols - col { "" } else { tail };
    (format!("{head}{tail}"), col)
}

/// `text` padded with spaces (or cut) to exactly `cols` columns.
pub fn pad(text: &str, cols: usize) -> String {
    let mut s = fit(text, cols);
    let w = s.width();
    s.push_str(&" ".repeat(cols.saturating_sub(w)));
    s
}

/// The footer: each binding of the context that has a footer word, as "key word".
pub fn footer(context: Context, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for binding in bindings(context).iter().filter(|b| b.footer.is_some()) {
        if !spans.is_empty() {
            spans.push(Span::styled("  ", theme.dim));
        }
        // The first of the keys (e.g. "PgUp/PgDn" of "PgUp/PgDn ↑/↓ j/k"); help lists all.
        let keys = binding.keys_label();
        let first = keys.split(' ').next().unwrap_or_default().to_owned();
        spans.push(Span::styled(first, theme.key));
        spans.push(Span::styled(
            format!(" {}", binding.footer.unwrap_or_default()),
            theme.text,
        ));
    }
    spans.insert(0, Span::raw(" "));
    Line::from(spans)
}

/// A bar gauge of the mood, -100 .. 100, `cols` wide including its brackets.
pub fn mood_meter(mood: i64, cols: usize, theme: &Theme) -> Line<'static> {
    let inner = cols.saturating_sub(2).max(1);
    let filled = (((mood.clamp(-100, 100) + 100) as usize * inner) + 100) / 200;
    let band = MoodBand::of(mood);
    Line::from(vec![
        Span::styled("[", theme.dim),
        Span::styled("█".repeat(filled), theme.mood(band)),
        Span::styled("░".repeat(inner - filled.min(inner)), theme.bar_empty),
        Span::styled("]", theme.dim),
    ])
}

/// A percent bar `cols` wide with the pass mark marked by '|'.
pub fn percent_bar(percent: f64, pass_mark: i64, cols: usize, theme: &Theme) -> Vec<Span<'static>> {
    let cols = cols.max(2);
    let filled = ((percent.clamp(0.0, 100.0) / 100.0) * cols as f64).round() as usize;
    let mark = ((pass_mark.clamp(0, 100) as f64 / 100.0) * cols as f64).round() as usize;
    let mark = mark.min(cols - 1);
    let mut spans = Vec::new();
    for i in 0..cols {
        let (symbol, style) = if i == mark {
            ("|", theme.pass_mark)
        } else if i < filled {
            ("█", theme.bar_fill)
        } else {
            ("░", theme.bar_empty)
        };
        spans.push(Span::styled(symbol, style));
    }
    spans
}

/// A bordered block with a title.
pub fn panel<'t>(title: impl Into<Line<'t>>, theme: &Theme) -> Block<'t> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(title.into())
        .title_style(theme.title)
}

/// A box of `w` x `h` in the middle of `area`, cleared.
pub fn popup(area: Rect, w: u16, h: u16, buf: &mut Buffer) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(rect, buf);
    rect
}

/// The one-line bar at the top of each screen.
pub fn header(title: &str, right: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let left = format!(" {}{}{}", text::APP_NAME, text::SEP, title.trim());
    let right = format!("{} ", clean(right));
    let room = (area.width as usize).saturating_sub(right.width() + 1);
    buf.set_stringn(area.x, area.y, fit(&left, room), room, theme.title);
    let x = area.x + area.width.saturating_sub(right.width() as u16);
    buf.set_string(x, area.y, right, theme.dim);
}

/// Lines scrolled within `area`: `scroller.pos` lines from the top, with marks on
/// `frame`'s border when there is more above or below.
pub fn scrolled_lines(
    lines: &[Line<'_>],
    frame: Rect,
    area: Rect,
    buf: &mut Buffer,
    scroller: &Scroller,
    theme: &Theme,
) {
    let rows = area.height as usize;
    let max = lines.len().saturating_sub(rows);
    let top = scroller.at(rows, max);
    for (i, line) in lines.iter().skip(top).take(rows).enumerate() {
        buf.set_line(area.x, area.y + i as u16, line, area.width);
    }
    more_marks(frame, buf, top > 0, top < max, theme);
}

/// "more above" / "more below" on the top and bottom rows of `frame` (a block's outer
/// area, so the marks sit on its border, not on the text), near the right edge.
pub fn more_marks(frame: Rect, buf: &mut Buffer, above: bool, below: bool, theme: &Theme) {
    if frame.height == 0 {
        return;
    }
    let x = |mark: &str| {
        frame
            .right()
            .saturating_sub(mark.width() as u16 + 2)
            .max(frame.x)
    };
    if above {
        buf.set_string(x(text::MORE_ABOVE), frame.y, text::MORE_ABOVE, theme.key);
    }
    if below {
        buf.set_string(
            x(text::MORE_BELOW),
            frame.bottom() - 1,
            text::MORE_BELOW,
            theme.key,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole_and_breaks_only_overlong_ones() {
        assert_eq!(
            wrap("one two three four", 9, 9),
            ["one two", "three", "four"]
        );
        assert_eq!(wrap("abcdefghij", 4, 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10, 10), [""]);
        assert_eq!(wrap("a b", 1, 1), ["a", "b"]);
        assert_eq!(wrap("hello there you", 5, 11), ["hello", "there you"]);
        // Wide characters count two columns.
        assert_eq!(wrap("日本語の文", 4, 4), ["日本", "語の", "文"]);
        // Control characters never survive.
        assert_eq!(wrap("a\u{1b}[31mb", 20, 20), ["a\u{FFFD}[31mb"]);
    }

    #[test]
    fn fitting_cuts_with_an_ellipsis() {
        assert_eq!(fit("Refund without a receipt", 10), "Refund wi…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(pad("ab", 4), "ab  ");
    }

    #[test]
    fn the_mood_meter_fills_in_proportion() {
        let theme = Theme::mono();
        let text = |m| mood_meter(m, 12, &theme).to_string();
        assert_eq!(text(-100), "[░░░░░░░░░░]");
        assert_eq!(text(0), "[█████░░░░░]");
        assert_eq!(text(100), "[██████████]");
    }

    #[test]
    fn the_percent_bar_marks_the_pass_mark() {
        let theme = Theme::mono();
        let bar: String = percent_bar(50.0, 70, 10, &theme)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(bar, "█████░░|░░");
    }
}
