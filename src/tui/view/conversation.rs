//! The conversation: the transcript, the customer card with the mood meter and any
//! countdown, and below them the choices, the coach's feedback, or the end of the run.

use super::widgets::{hanging, header, mood_meter, panel, wrap};
use crate::domain::rubric::Scored;
use crate::domain::sanitize::clean;
use crate::domain::session::{Answered, Line as Said, MoodBand, Typed};
use crate::tui::app::reply::{REPLY_COUNT_FROM, REPLY_MAX};
use crate::tui::app::{App, Play};
use crate::tui::text;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Width of the customer card.
const CARD: u16 = 30;
/// Rows the transcript keeps however tall the panel below wants to be.
const TRANSCRIPT_MIN: u16 = 8;
/// The same under coach feedback, which is read whole before going on (a typed reply's
/// feedback, with its cues, is the longest), and under what the rubric found in a reply
/// that matched no choice.
const TRANSCRIPT_MIN_FEEDBACK: u16 = 6;
/// Indent of a choice's wrapped lines: "> " and "1. ".
const CHOICE_INDENT: usize = 5;

pub fn render(app: &App, play: &Play, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let scenario = play.run.scenario();
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let title = match (&play.replay, play.practising(), play.retried_from) {
        (Some(_), _, _) => text::replay_title(&clean(scenario.title())),
        (None, true, _) => text::practice_title(&clean(scenario.title())),
        (None, false, Some(n)) => text::retried_title(&clean(scenario.title()), n),
        (None, false, None) => text::run_title(&clean(scenario.title()), play.run.options().mode),
    };
    // While feedback is shown the header names the decision it is about, not the next.
    let decision =
        play.run.decisions().len() + usize::from(play.turn.is_some() && play.feedback.is_none());
    header(&title, &text::decision_count(decision), top, buf, theme);

    let panel_width = body.width.saturating_sub(4) as usize;
    let panel = bottom_panel(app, play, panel_width);
    let wanted = panel.lines.len() as u16 + 2;
    let keep = if play.feedback.is_some() || play.unmatched.is_some() {
        TRANSCRIPT_MIN_FEEDBACK
    } else {
        TRANSCRIPT_MIN
    };
    let panel_h = wanted.min(body.height.saturating_sub(keep));
    let [upper, lower] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(panel_h)]).areas(body);
    let [transcript_area, card_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(CARD)]).areas(upper);

    transcript(app, play, transcript_area, buf);
    card(app, play, card_area, buf);

    let mut block = super::widgets::panel(panel.title.clone(), theme);
    if let Some(count) = &panel.count {
        block = block.title_bottom(count.clone());
    }
    let inner = block.inner(lower).inner(ratatui::layout::Margin::new(1, 0));
    block.render(lower, buf);
    draw_panel(app, play, &panel, (lower, inner), buf);
}

/// The transcript, wrapped, scrolled so the latest line shows unless scrolled up.
fn transcript(app: &App, play: &Play, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let mut block = panel(text::TRANSCRIPT_TITLE, theme);
    let inner = block.inner(area).inner(ratatui::layout::Margin::new(1, 0));
    let cols = inner.width as usize;
    let customer = clean(play.run.customer_name()).into_owned();
    let trainee = clean(&play.run.options().trainee).into_owned();
    let mut lines: Vec<Line> = Vec::new();
    for said in play.run.transcript() {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        match said {
            Said::Narration(n) => lines.extend(
                wrap(n, cols, cols)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.narration)),
            ),
            Said::Customer(s) => lines.extend(hanging(
                vec![Span::styled(text::speaker(&customer), theme.customer)],
                s,
                2,
                cols,
                theme.text,
            )),
            Said::Other(who, s) => lines.extend(hanging(
                vec![Span::styled(text::speaker(&clean(who)), theme.key)],
                s,
                2,
                cols,
                theme.text,
            )),
            Said::Trainee(s) => lines.extend(hanging(
                vec![Span::styled(text::speaker(&trainee), theme.trainee)],
                s,
                2,
                cols,
                theme.text,
            )),
        }
    }
    let rows = inner.height as usize;
    let max = lines.len().saturating_sub(rows);
    let up = play.transcript.at(rows, max);
    if up > 0 {
        block = block.title_bottom(Line::styled(text::SCROLLED_UP, theme.key).right_aligned());
    }
    block.render(area, buf);
    let top = max - up;
    for (i, line) in lines.iter().skip(top).take(rows).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
    super::widgets::more_marks(area, buf, top > 0, false, theme);
}

/// The customer card: name, mood meter with the band in words and the number, and the
/// countdown of a timed step.
fn card(app: &App, play: &Play, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let block = panel(text::CUSTOMER_TITLE, theme);
    let inner = block.inner(area).inner(ratatui::layout::Margin::new(1, 0));
    block.render(area, buf);
    let cols = inner.width as usize;
    let mood = play.run.mood();
    let band = MoodBand::of(mood);
    let mut lines: Vec<Line> = wrap(play.run.customer_name(), cols, cols)
        .into_iter()
        .map(|l| Line::styled(l, theme.customer))
        .collect();
    lines.push(Line::from(vec![
        Span::styled(text::speaker(text::MOOD_LABEL), theme.heading),
        Span::styled(text::mood_words(band, mood), theme.mood(band)),
    ]));
    lines.push(mood_meter(mood, cols, theme));
    if let Some(countdown) = &play.countdown
        && play.feedback.is_none()
    {
        // A blank line before the countdown when there is room for it.
        if inner.height as usize > lines.len() + 2 {
            lines.push(Line::raw(""));
        }
        let left = countdown.seconds_left();
        let style = if left <= 10 { theme.warn } else { theme.text };
        let words = if countdown.expired {
            text::TIME_UP.to_owned()
        } else {
            text::seconds_left(left)
        };
        lines.push(Line::styled(words, style));
        let limit = countdown.limit.as_secs().max(1);
        let filled = (left as usize * cols.saturating_sub(2)) / limit as usize;
        lines.push(Line::from(vec![
            Span::styled("[", theme.dim),
            Span::styled("■".repeat(filled), style),
            Span::styled(" ".repeat(cols.saturating_sub(2) - filled), theme.dim),
            Span::styled("]", theme.dim),
        ]));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// A row of the bottom panel that belongs to a choice (for the selection and clicks).
struct ChoiceRows {
    number: usize,
    first: usize,
    count: usize,
}

/// The bottom panel as laid out.
struct Bottom {
    title: String,
    lines: Vec<Line<'static>>,
    /// Which lines are which choice.
    choices: Vec<ChoiceRows>,
    /// The cursor of the reply being typed: (line, column) within `lines`.
    cursor: Option<(usize, usize)>,
    /// The reply's length against its limit, on the bottom border, once near it.
    count: Option<Line<'static>>,
}

impl Bottom {
    fn new(title: &str, lines: Vec<Line<'static>>) -> Bottom {
        Bottom {
            title: title.to_owned(),
            lines,
            choices: Vec::new(),
            cursor: None,
            count: None,
        }
    }
}

/// The bottom panel: the choices, the reply being typed, the feedback or the end.
fn bottom_panel(app: &App, play: &Play, cols: usize) -> Bottom {
    let theme = &app.theme;
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    if let Some(answered) = &play.feedback {
        let ended = play.turn.is_none();
        let mut lines = Vec::new();
        match &play.taken {
            Some(typed) => {
                // What it was taken as says what was said.
                lines.extend(taken(app, typed, cols));
                lines.extend(feedback(app, play, answered, ended, cols));
            }
            None => {
                lines.extend(said(app, play, answered, cols));
                lines.extend(feedback(app, play, answered, ended, cols));
            }
        }
        return Bottom::new(text::FEEDBACK_TITLE, lines);
    }
    let Some(turn) = &play.turn else {
        let (title, body) = match (&play.replay, play.run.ending()) {
            (Some(_), _) => (text::REPLAY_DONE_TITLE, text::REPLAY_DONE.to_owned()),
            (None, Some(ending)) => (
                text::OVER_TITLE,
                format!(
                    "{} {}",
                    text::over_line(*ending.outcome.get_ref()),
                    text::ENTER_FOR_DEBRIEF
                ),
            ),
            (None, None) => (text::OVER_TITLE, text::ENTER_DEBRIEF.to_owned()),
        };
        lines.extend(
            wrap(&body, cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.key)),
        );
        return Bottom::new(title, lines);
    };
    if let Some(replay) = &play.replay {
        let at = play.run.decisions().len() + 1;
        let banner = match play.replay_choice() {
            Some(_) => text::replay_banner(at, replay.path.len()),
            None => text::REPLAY_LOST.to_owned(),
        };
        lines.extend(
            wrap(&banner, cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.key)),
        );
    }
    if play.impatient {
        lines.extend(
            wrap(text::IMPATIENT, cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.warn)),
        );
    }
    if let Some(notice) = &play.notice {
        lines.extend(
            wrap(notice, cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.warn)),
        );
    }
    if let Some(reply) = play.typing.as_ref().filter(|_| play.replay.is_none()) {
        if let Some(scored) = &play.unmatched {
            lines.extend(unmatched(app, scored, cols));
            lines.push(Line::raw(""));
        }
        let indent = text::TYPE_PROMPT.len();
        let width = cols.saturating_sub(indent).max(1);
        let (parts, (row, col)) = reply_rows(reply.text(), reply.cursor(), width);
        let first = lines.len();
        for (i, part) in parts.iter().enumerate() {
            let lead = if i == 0 {
                Span::styled(text::TYPE_PROMPT, theme.key)
            } else {
                Span::raw(" ".repeat(indent))
            };
            let part = clean(&reply.text()[part.clone()]).into_owned();
            lines.push(Line::from(vec![lead, Span::styled(part, theme.selected)]));
        }
        lines.extend(
            wrap(text::TYPE_HINT, cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim)),
        );
        let chars = reply.chars();
        let count = (chars >= REPLY_COUNT_FROM).then(|| {
            let style = if reply.is_full() {
                theme.warn
            } else {
                theme.key
            };
            Line::styled(text::reply_count(chars, REPLY_MAX), style)
        });
        return Bottom {
            cursor: Some((first + row, indent + col)),
            count,
            ..Bottom::new(text::TYPE_TITLE, lines)
        };
    }
    if turn.choices.is_empty() {
        lines.extend(
            wrap(text::NO_CHOICE, cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.bad)),
        );
    }
    for (i, choice) in turn.choices.iter().enumerate() {
        let selected = i == play.selected;
        let mark = if selected {
            text::SELECTED_MARK
        } else {
            text::UNSELECTED_MARK
        };
        let style = if selected { theme.selected } else { theme.text };
        let number = text::choice_number(choice.number);
        let prefix = vec![
            Span::styled(mark, if selected { theme.selected } else { theme.key }),
            Span::styled(number, if selected { theme.selected } else { theme.key }),
        ];
        let first = lines.len();
        lines.extend(hanging(prefix, &choice.say, CHOICE_INDENT, cols, style));
        rows.push(ChoiceRows {
            number: choice.number,
            first,
            count: lines.len() - first,
        });
    }
    Bottom {
        choices: rows,
        ..Bottom::new(text::CHOICES_TITLE, lines)
    }
}

/// The reply laid out in rows of at most `width` columns, every character kept (so the
/// cursor lands where it is): rows break after a space, inside a word only when the word
/// is longer than a row, and a space that meets the edge ends its row. Each row's byte
/// range, and the cursor's (row, column); a cursor past a full row starts the next.
fn reply_rows(
    text: &str,
    cursor: usize,
    width: usize,
) -> (Vec<std::ops::Range<usize>>, (usize, usize)) {
    use unicode_width::UnicodeWidthChar;
    let mut rows = Vec::new();
    let (mut start, mut used) = (0, 0);
    // Just after the row's last space, and the columns up to there.
    let mut after_space: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if c == ' ' {
            if used + w > width {
                rows.push(start..i + 1);
                (start, used, after_space) = (i + 1, 0, None);
            } else {
                used += w;
                after_space = Some((i + 1, used));
            }
            continue;
        }
        if used + w > width {
            match after_space {
                Some((at, cols)) if at > start && used - cols + w <= width => {
                    rows.push(start..at);
                    (start, used) = (at, used - cols);
                }
                _ => {
                    rows.push(start..i);
                    (start, used) = (i, 0);
                }
            }
            after_space = None;
        }
        used += w;
    }
    rows.push(start..text.len());
    let columns = |r: &std::ops::Range<usize>, to: usize| {
        text[r.start..to]
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum::<usize>()
    };
    let last = rows.len() - 1;
    let row = rows
        .iter()
        .position(|r| r.start <= cursor && cursor < r.end)
        .unwrap_or(last);
    let col = columns(&rows[row], cursor.min(rows[row].end));
    if col >= width {
        if row == last {
            rows.push(text.len()..text.len());
        }
        return (rows, (row + 1, 0));
    }
    (rows, (row, col))
}

/// Draws the panel's lines; when they do not fit, scrolls so the selected choice shows
/// (feedback: as far as it is scrolled).
/// Notes where each choice landed, for clicks.
fn draw_panel(
    app: &App,
    play: &Play,
    panel: &Bottom,
    (frame, area): (Rect, Rect),
    buf: &mut Buffer,
) {
    let theme = &app.theme;
    let (lines, rows) = (&panel.lines, &panel.choices);
    let h = area.height as usize;
    let mut top = 0;
    if lines.len() > h
        && let Some(sel) = rows.iter().find(|r| r.number == play.selected + 1)
    {
        let end = sel.first + sel.count;
        if end > h {
            top = (end - h).min(sel.first);
        }
    }
    // Feedback longer than the panel scrolls by keys, from its top.
    if play.feedback.is_some() {
        top = play.feedback_scroll.at(h, lines.len().saturating_sub(h));
    }
    // A reply longer than the panel scrolls to keep the cursor's row in view.
    if let Some((row, col)) = panel.cursor {
        if lines.len() > h && row >= h {
            top = row + 1 - h;
        }
        if h > 0 && (col as u16) < area.width {
            app.cursor
                .set(Some((area.x + col as u16, area.y + (row - top) as u16)));
        }
    }
    for (i, line) in lines.iter().skip(top).take(h).enumerate() {
        let y = area.y + i as u16;
        let row = top + i;
        if let Some(choice) = rows
            .iter()
            .find(|r| (r.first..r.first + r.count).contains(&row))
        {
            if choice.number == play.selected + 1 {
                buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected);
            }
            let mut areas = app.choice_areas.borrow_mut();
            areas.push((Rect::new(area.x, y, area.width, 1), choice.number));
        }
        buf.set_line(area.x, y, line, area.width);
    }
    super::widgets::more_marks(frame, buf, top > 0, top + h < lines.len(), theme);
}

/// What a typed reply was taken as and how alike, then one line per dimension with the
/// cues behind its points (and how they moved the choice's mark).
fn taken(app: &App, typed: &Typed, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let head = text::taken_as(&typed.taken_as.say, typed.taken_as.similarity);
    let mut lines: Vec<Line<'static>> = wrap(&head, cols, cols)
        .into_iter()
        .map(|l| Line::styled(l, theme.heading))
        .collect();
    for p in &typed.points {
        let name = app.rubric.dimension(&p.dimension).map_or_else(
            || clean(&p.dimension).into_owned(),
            |d| clean(&d.name).into_owned(),
        );
        let reasons: Vec<String> = typed
            .cues
            .iter()
            .filter(|c| *c.dimension == *p.dimension)
            .map(|c| text::cue_reason(c.points, &clean(&c.id), &clean(&c.matched)))
            .collect();
        if reasons.is_empty() && p.authored == p.earned {
            continue;
        }
        let held = (p.authored != p.earned).then(|| text::moved(p.authored, p.raw, p.earned));
        let body = text::dimension_reasons(&reasons, held.as_deref());
        let style = if p.raw < 0 { theme.bad } else { theme.good };
        lines.extend(hanging(
            vec![Span::styled(text::speaker(&name), theme.key)],
            &body,
            2,
            cols,
            style,
        ));
    }
    lines
}

/// Coach mode, a typed reply that matched no choice: what the rubric found in it, one
/// line per dimension with cues (its points, then each cue's), in rubric order.
fn unmatched(app: &App, scored: &Scored, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines: Vec<Line<'static>> = wrap(text::UNMATCHED, cols, cols)
        .into_iter()
        .map(|l| Line::styled(l, theme.heading))
        .collect();
    for d in &app.rubric.dimensions {
        let id = d.id.get_ref();
        let reasons: Vec<String> = scored
            .cues
            .iter()
            .filter(|c| *c.dimension == **id)
            .map(|c| text::cue_reason(c.points, &clean(&c.id), &clean(&c.matched)))
            .collect();
        if reasons.is_empty() {
            continue;
        }
        let points = scored.get(id);
        lines.extend(hanging(
            vec![Span::styled(text::speaker(&clean(&d.name)), theme.key)],
            &text::unmatched_points(points, &reasons),
            2,
            cols,
            mood_style(theme, points),
        ));
    }
    lines
}

/// Above coach feedback on a choice: what was said, in its words (the best path's, in a
/// replay of it; practice, when the decision is tried again).
fn said(app: &App, play: &Play, a: &Answered, cols: usize) -> Vec<Line<'static>> {
    let words = clean(&a.said).into_owned();
    let said = match (&play.replay, play.practising()) {
        (Some(_), _) => text::feedback_best_said(&words),
        (None, true) => text::feedback_practice_said(&words),
        (None, false) => text::feedback_said(&words),
    };
    wrap(&said, cols, cols)
        .into_iter()
        .map(|l| Line::styled(l, app.theme.heading))
        .collect()
}

/// Coach feedback on one choice: each dimension earned against the best shown, with a
/// mark; the mood change; the feedback text; escalation.
fn feedback(app: &App, play: &Play, a: &Answered, ended: bool, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = Vec::new();
    let names: Vec<String> = a
        .marks
        .iter()
        .map(|m| {
            app.rubric.dimension(&m.dimension).map_or_else(
                || clean(&m.dimension).into_owned(),
                |d| clean(&d.name).into_owned(),
            )
        })
        .collect();
    let name_cols = names
        .iter()
        .map(|n| super::widgets::width(n))
        .max()
        .unwrap_or(0);
    for (m, name) in a.marks.iter().zip(&names) {
        let (mark, style, words) = if !m.mark.is_assessed() {
            (
                text::MARK_NONE,
                theme.dim,
                text::NOT_ASSESSED_HERE.to_owned(),
            )
        } else if m.mark.earned >= m.mark.best {
            (
                text::MARK_BEST,
                theme.good,
                text::earned_line(m.mark.earned, m.mark.best),
            )
        } else {
            (
                text::MARK_BELOW,
                theme.bad,
                text::earned_line(m.mark.earned, m.mark.best),
            )
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::styled(format!("{name:<name_cols$}  "), theme.key),
            Span::styled(words, style),
        ]));
    }
    let (before, after) = (a.mood_before, a.mood_after);
    let change_style = mood_style(theme, after - before);
    lines.push(Line::styled(
        text::mood_change(MoodBand::of(before), before, MoodBand::of(after), after),
        change_style,
    ));
    if a.hesitated {
        lines.push(Line::styled(text::HESITATED, theme.warn));
    }
    if let Some(why) = &a.critical {
        lines.extend(
            wrap(&text::critical_now(why), cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.bad)),
        );
    }
    match &a.feedback {
        Some(f) => lines.extend(wrap(f, cols, cols).into_iter().map(Line::raw)),
        None => lines.push(Line::styled(text::NO_FEEDBACK, theme.dim)),
    }
    // A typed reply is described by what the rubric found in it, not by the tactics of the
    // choice it was taken as.
    if a.reply.is_none() && !a.tactic_names.is_empty() {
        lines.extend(
            wrap(&text::tactics(&a.tactic_names), cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim)),
        );
    }
    if a.escalated {
        lines.extend(
            wrap(text::ESCALATED, cols, cols)
                .into_iter()
                .map(|l| Line::styled(l, theme.bad)),
        );
    }
    if let Some(better) = &play.better {
        lines.extend(hanging(
            vec![Span::styled(text::BETTER_LABEL, theme.heading)],
            &format!("\"{}\"", better.said),
            2,
            cols,
            theme.good,
        ));
        if let Some(why) = &better.feedback {
            lines.extend(hanging(vec![Span::raw("  ")], why, 2, cols, theme.text));
        }
    }
    let next = match (
        play.practising(),
        ended && play.replay.is_none(),
        &play.better,
    ) {
        (true, _, Some(_)) => text::PRACTICE_ENTER_AGAIN,
        (true, _, None) => text::PRACTICE_ENTER,
        (false, true, Some(_)) => text::ENTER_DEBRIEF_OR_TRY,
        (false, true, None) => text::ENTER_DEBRIEF,
        (false, false, Some(_)) => text::ENTER_CONTINUE_OR_TRY,
        (false, false, None) => text::ENTER_CONTINUE,
    };
    lines.extend(
        wrap(next, cols, cols)
            .into_iter()
            .map(|l| Line::styled(l, theme.key)),
    );
    lines
}

fn mood_style(theme: &Theme, change: i64) -> Style {
    match change {
        c if c > 0 => theme.good,
        c if c < 0 => theme.bad,
        _ => theme.text,
    }
}

#[cfg(test)]
mod tests {
    use super::reply_rows;

    fn rows(text: &str, cursor: usize, width: usize) -> (Vec<&str>, (usize, usize)) {
        let (ranges, at) = reply_rows(text, cursor, width);
        (ranges.into_iter().map(|r| &text[r]).collect(), at)
    }

    #[test]
    fn a_reply_wraps_at_spaces_and_keeps_every_character() {
        let text = "I'm  sorry about that";
        let (parts, at) = rows(text, text.len(), 10);
        // The space after "sorry" meets the edge and ends its row, hidden past it.
        assert_eq!(parts, ["I'm  sorry ", "about that", ""]);
        assert_eq!(parts.concat(), text, "nothing dropped, double spaces kept");
        // After the last character the second row is full: the cursor starts a third.
        assert_eq!(at, (2, 0));
        assert_eq!(rows(text, 4, 10).1, (0, 4));
        assert_eq!(rows(text, text.len() - 1, 10).1, (1, 9));
        // A word longer than a row breaks at the edge.
        let (parts, _) = rows("abcdefghijkl mn", 0, 5);
        assert_eq!(parts, ["abcde", "fghij", "kl mn"]);
    }

    #[test]
    fn the_cursor_lands_on_its_row_and_column() {
        let text = "one two three";
        assert_eq!(rows(text, 0, 8).1, (0, 0));
        assert_eq!(rows(text, 5, 8).1, (0, 5));
        // "one two " then "three": the start of a row is on that row.
        assert_eq!(rows(text, 8, 8).1, (1, 0));
        assert_eq!(rows(text, text.len(), 8).1, (1, 5));
        // At the end of a full row the cursor starts the next one.
        let (parts, at) = rows("abcd", 4, 4);
        assert_eq!((parts, at), (vec!["abcd", ""], (1, 0)));
        // Wide characters count two columns.
        assert_eq!(rows("日本語", "日本".len(), 10).1, (0, 4));
    }
}
