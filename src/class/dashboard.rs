//! The trainer's screen, made for a projector: the join line in large type while the room
//! connects, the roster, and for the decision in focus a bar per choice with how many
//! took it, the best choice marked once the trainer reveals it.
//!
//! The screen is drawn from a [`View`], a copy of the room taken each frame, so drawing
//! never holds the room's lock and tests draw any room they make up. Keys: ←/→ move
//! between decisions (the newest is followed until the trainer moves), r reveals the best
//! choice, o opens the next decision (together pace), j shows or hides the join line, e
//! (or q) ends the class after a yes, Ctrl-C ends it at once.

use crate::class::room::{Pace, Room, Tally, best_choice};
use crate::class::together::Phase;
use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
use crate::domain::sanitize::clean;
use crate::domain::session::MoodBand;
use crate::tui::Theme;
use crate::tui::view::widgets::{header, panel};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::collections::HashSet;
use std::io;
use std::time::Duration;
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

/// One trainee's line in the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterLine {
    pub name: String,
    pub scenario: Option<String>,
    pub decisions: usize,
    pub mood: Option<MoodBand>,
    pub score: Option<f64>,
    pub finished: bool,
    pub passed: Option<bool>,
    /// Together pace: answered the open decision.
    pub waiting: bool,
}

/// The room as the dashboard draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub class_id: String,
    pub pace: Pace,
    pub join: String,
    /// Serving every interface (said plainly on screen).
    pub every_interface: bool,
    pub roster: Vec<RosterLine>,
    /// Trainees connected who have not given a name yet.
    pub naming: usize,
    /// Decisions answered so far, in the order first answered: (scenario, step, tally).
    pub decisions: Vec<(String, String, Tally)>,
    /// Together pace: the phase of the shared conversation.
    pub together: Option<Phase>,
    /// The last few events, newest last, as lines.
    pub log: Vec<String>,
}

impl View {
    /// A copy of `room` now.
    pub fn of(room: &Room, join: &str, every_interface: bool) -> View {
        let together = room.together.as_ref().map(|t| t.phase());
        let waiting = room
            .together
            .as_ref()
            .map(|t| t.answered())
            .unwrap_or_default();
        let state = room.state();
        let mut roster: Vec<RosterLine> = state
            .seats
            .values()
            .filter_map(|s| {
                let name = s.name.clone()?;
                Some(RosterLine {
                    waiting: waiting.contains(&name),
                    name,
                    scenario: s.scenario.clone(),
                    decisions: s.decisions,
                    mood: s.mood,
                    score: s.score,
                    finished: s.finished,
                    passed: s.passed,
                })
            })
            .collect();
        roster.sort_by_key(|r| r.name.to_lowercase());
        let naming = state.seats.values().filter(|s| s.name.is_none()).count();
        let decisions = state
            .decision_order
            .iter()
            .map(|key| {
                let tally = state.tallies.get(key).cloned().unwrap_or_default();
                (key.0.clone(), key.1.clone(), tally)
            })
            .collect();
        let log = state
            .events_log
            .iter()
            .rev()
            .take(5)
            .rev()
            .map(describe)
            .collect();
        View {
            class_id: room.settings.class_id.clone(),
            pace: room.settings.pace,
            join: join.to_owned(),
            every_interface,
            roster,
            naming,
            decisions,
            together,
            log,
        }
    }
}

/// An event in words, for the log line.
fn describe(event: &crate::class::room::ClassEvent) -> String {
    use crate::class::room::ClassEvent as E;
    match event {
        E::Joined { trainee, from, .. } => format!("{} joined from {from}", clean(trainee)),
        E::Answered {
            trainee,
            decision,
            choice,
            ..
        } => format!(
            "{} answered decision {decision} (choice {choice})",
            clean(trainee)
        ),
        E::Finished {
            trainee, passed, ..
        } => format!(
            "{} finished: {}",
            clean(trainee),
            if *passed { "passed" } else { "not passed" }
        ),
        E::Left {
            trainee, reason, ..
        } => format!(
            "{} left ({reason})",
            clean(trainee.as_deref().unwrap_or("someone"))
        ),
        E::Refused { from, reason } => format!("refused {from}: {reason}"),
    }
}

/// What the trainer has chosen to see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Controls {
    /// The decision in focus (index into [`View::decisions`]); `None` follows the newest.
    pub focus: Option<usize>,
    /// Decisions whose best choice is shown: (scenario, step).
    pub revealed: HashSet<(String, String)>,
    pub hide_join: bool,
    /// The end-of-class question is open.
    pub confirm_end: bool,
}

impl Controls {
    /// The decision in focus among `count`.
    pub fn focused(&self, count: usize) -> Option<usize> {
        if count == 0 {
            return None;
        }
        Some(self.focus.unwrap_or(count - 1).min(count - 1))
    }
}

/// What a key asks of the class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    None,
    End,
    /// Together pace: open the next decision.
    Open,
    /// Together pace: reveal the open decision's answers (and the branch taken).
    Reveal,
    /// Together pace: continue along this choice (1-based, authored) instead.
    Pick(usize),
}

impl Controls {
    /// Applies a key; what it asks of the class.
    pub fn key(&mut self, code: KeyCode, modifiers: KeyModifiers, view: &View) -> Command {
        if modifiers.contains(KeyModifiers::CONTROL) && code == KeyCode::Char('c') {
            return Command::End;
        }
        if self.confirm_end {
            self.confirm_end = false;
            return match code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => Command::End,
                _ => Command::None,
            };
        }
        let count = view.decisions.len();
        match code {
            KeyCode::Char('e') | KeyCode::Char('q') | KeyCode::Esc => self.confirm_end = true,
            KeyCode::Char('j') => self.hide_join = !self.hide_join,
            KeyCode::Left | KeyCode::Char('h') => {
                if let Some(i) = self.focused(count) {
                    self.focus = Some(i.saturating_sub(1));
                }
            }
            KeyCode::Right | KeyCode::Char('l') => {
                if let Some(i) = self.focused(count) {
                    self.focus = (i + 1 < count).then_some(i + 1);
                }
            }
            KeyCode::End => self.focus = None,
            KeyCode::Char('r') => {
                if view.together.is_some() {
                    return Command::Reveal;
                }
                if let Some(i) = self.focused(count) {
                    let (s, st, _) = &view.decisions[i];
                    let key = (s.clone(), st.clone());
                    if !self.revealed.remove(&key) {
                        self.revealed.insert(key);
                    }
                }
            }
            KeyCode::Char('o') if view.together.is_some() => {
                self.focus = None;
                return Command::Open;
            }
            KeyCode::Char(c @ '1'..='9') if view.together.is_some() => {
                return Command::Pick(c as usize - '0' as usize);
            }
            _ => {}
        }
        Command::None
    }
}

/// Runs the dashboard in the trainer's terminal until the class is ended.
pub fn run(
    room: &Room,
    join: &str,
    every_interface: bool,
    rx: &std::sync::mpsc::Receiver<crate::class::room::ClassEvent>,
) -> io::Result<()> {
    let theme = Theme::from_env();
    let mut controls = Controls::default();
    crate::tui::with_terminal(|terminal| {
        loop {
            // The events are in the room's log too; the channel only wakes the screen.
            while rx.try_recv().is_ok() {}
            let view = View::of(room, join, every_interface);
            terminal.draw(|frame| {
                render(
                    &view,
                    &controls,
                    &room.library,
                    &room.rubric,
                    &theme,
                    frame.area(),
                    frame.buffer_mut(),
                )
            })?;
            if room.has_ended() {
                return Ok(());
            }
            if !event::poll(Duration::from_millis(250))? {
                continue;
            }
            if let Event::Key(key) = event::read()?
                && key.kind != KeyEventKind::Release
            {
                match controls.key(key.code, key.modifiers, &view) {
                    Command::End => return Ok(()),
                    Command::Open => {
                        if let Some(t) = &room.together {
                            t.open();
                        }
                    }
                    Command::Reveal => {
                        if let Some(t) = &room.together {
                            t.reveal(room, None);
                        }
                    }
                    Command::Pick(n) => {
                        if let Some(t) = &room.together {
                            t.reveal(room, Some(n - 1));
                        }
                    }
                    Command::None => {}
                }
            }
        }
    })
}

/// Draws the whole dashboard.
pub fn render(
    view: &View,
    controls: &Controls,
    library: &Library,
    rubric: &Rubric,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.width < 40 || area.height < 12 {
        let text = format!("{}  (a larger window shows the class)", view.join);
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    let pace = match view.pace {
        Pace::SelfPaced => "self pace",
        Pace::Together => "together pace",
    };
    let title = format!("class {}", view.class_id);
    let right = format!(
        "{pace} · {} trainee{}",
        view.roster.len() + view.naming,
        if view.roster.len() + view.naming == 1 {
            ""
        } else {
            "s"
        }
    );
    let big = !controls.hide_join && area.height >= 30;
    let join_rows = if controls.hide_join {
        1
    } else if big {
        12
    } else {
        4
    };
    let [top, join_area, body, log_area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(join_rows),
        Constraint::Fill(1),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(area);
    header(&title, &right, top, buf, theme);
    render_join(view, big, controls.hide_join, theme, join_area, buf);
    let roster_share = if area.width < 100 { 50 } else { 45 };
    let [roster_area, answers_area] = Layout::horizontal([
        Constraint::Percentage(roster_share),
        Constraint::Percentage(100 - roster_share),
    ])
    .areas(body);
    render_roster(view, theme, roster_area, buf);
    render_answers(view, controls, library, rubric, theme, answers_area, buf);
    // The newest lines that fit.
    let room = log_area.height.saturating_sub(2) as usize;
    let log: Vec<Line> = view.log[view.log.len().saturating_sub(room)..]
        .iter()
        .map(|l| Line::raw(clean(l).into_owned()))
        .collect();
    Paragraph::new(log)
        .block(panel(" Latest ", theme))
        .render(log_area, buf);
    let keys = if controls.confirm_end {
        "End the class? Trainees are told; every answer is already saved.  y yes  n no".to_owned()
    } else if view.together.is_some() {
        "o open next decision  r reveal  1-9 continue along that choice  ←/→ decisions  j join line  e end class".to_owned()
    } else {
        "←/→ decisions  r reveal the best choice  j join line  e end class".to_owned()
    };
    let style = if controls.confirm_end {
        theme.warn
    } else {
        theme.key
    };
    buf.set_line(
        foot.x,
        foot.y,
        &Line::styled(format!(" {keys}"), style),
        foot.width,
    );
}

fn render_join(view: &View, big: bool, hidden: bool, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let interfaces = if view.every_interface {
        "  (serving on every network interface of this computer)"
    } else {
        ""
    };
    if hidden {
        let line = format!(" {}{interfaces}", view.join);
        buf.set_line(area.x, area.y, &Line::styled(line, theme.title), area.width);
        return;
    }
    let block = panel(" Join the class ", theme);
    let inner = block.inner(area);
    block.render(area, buf);
    // join: ssh -p PORT join@HOST  code: CODE  host key: SHA256:...
    let words: Vec<&str> = view.join.split_whitespace().collect();
    let ssh = words.get(1..5).map(|w| w.join(" ")).unwrap_or_default();
    let code = words.get(6).copied().unwrap_or("");
    let key = words.get(9).copied().unwrap_or("");
    let small = vec![
        Line::from(vec![
            Span::styled("Type: ", theme.heading),
            Span::styled(ssh.clone(), theme.title),
            Span::styled("   password (class code): ", theme.heading),
            Span::styled(code.to_owned(), theme.title),
        ]),
        Line::styled(format!("Host key: {key}{interfaces}"), theme.dim),
    ];
    if !big {
        Paragraph::new(small).render(inner, buf);
        return;
    }
    let [ssh_row, code_row, rest] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(4),
        Constraint::Fill(1),
    ])
    .areas(inner);
    // Quadrant letters are 4 columns wide: the command in large type when it fits.
    let fits = |text: &str, width: u16| text.width() * 4 <= width as usize;
    if fits(&ssh, ssh_row.width) {
        BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.title)
            .lines(vec![Line::raw(ssh.clone())])
            .build()
            .render(ssh_row, buf);
    } else {
        Paragraph::new(Line::styled(ssh.clone(), theme.title)).render(ssh_row, buf);
    }
    let code_text = format!("code {code}");
    if fits(&code_text, code_row.width) {
        BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.heading)
            .lines(vec![Line::raw(code_text)])
            .build()
            .render(code_row, buf);
    }
    Paragraph::new(small).render(rest, buf);
}

fn render_roster(view: &View, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let title = format!(" Roster ({}) ", view.roster.len());
    let block = panel(title, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    // The scenario column only where there is room for it.
    let wide = inner.width >= 66;
    let head = if wide {
        format!(
            "{:<14} {:<18} {:>3} {:<8} {:>5}  {}",
            "name", "scenario", "dec", "mood", "score", "status"
        )
    } else {
        format!("{:<10} {:>3} {:<8} {}", "name", "dec", "mood", "status")
    };
    let mut lines = vec![Line::styled(head, theme.heading)];
    if view.roster.is_empty() {
        lines.push(Line::styled("Nobody has joined yet.", theme.dim));
    }
    for r in &view.roster {
        let status = match (r.finished, r.passed) {
            (true, Some(true)) => "passed",
            (true, _) => "not passed",
            _ if r.waiting => "answered",
            _ => "playing",
        };
        let mood = r.mood.map_or("-", |m| m.name());
        let score = r.score.map_or("-".to_owned(), |s| format!("{s:.0}%"));
        let lead = if wide {
            format!(
                "{:<14} {:<18} {:>3} ",
                cut(&clean(&r.name), 14),
                cut(r.scenario.as_deref().unwrap_or("-"), 18),
                r.decisions
            )
        } else {
            format!("{:<10} {:>3} ", cut(&clean(&r.name), 10), r.decisions)
        };
        let mut spans = vec![Span::raw(lead)];
        spans.push(Span::styled(
            format!("{mood:<8}"),
            r.mood.map_or(Style::new(), |m| theme.mood(m)),
        ));
        // The score only where the row has room for it beside the status.
        spans.push(Span::raw(if wide {
            format!(" {score:>5}  ")
        } else {
            " ".to_owned()
        }));
        let status_style = match r.passed {
            Some(true) => theme.good,
            Some(false) => theme.bad,
            None => theme.text,
        };
        spans.push(Span::styled(status, status_style));
        lines.push(Line::from(spans));
    }
    if view.naming > 0 {
        lines.push(Line::styled(
            format!("{} connected, giving their name", view.naming),
            theme.dim,
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}

fn render_answers(
    view: &View,
    controls: &Controls,
    library: &Library,
    rubric: &Rubric,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let count = view.decisions.len();
    let Some(i) = controls.focused(count) else {
        let block = panel(" Answers ", theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let waiting = match &view.together {
            Some(Phase::Closed { .. }) => {
                "Press o to open the first decision for the class.".to_owned()
            }
            Some(Phase::Open { number, answered }) => format!(
                "Decision {number} is open: {answered} of {} answered. r reveals the answers.",
                view.roster.len()
            ),
            _ => "The room's answers show here, decision by decision, as they come in.".to_owned(),
        };
        Paragraph::new(Line::styled(waiting, theme.dim))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    };
    let (scenario_id, step_id, tally) = &view.decisions[i];
    let key = (scenario_id.clone(), step_id.clone());
    let together_revealed =
        matches!(&view.together, Some(Phase::Revealed { step, .. }) if step == step_id);
    let revealed = controls.revealed.contains(&key) || together_revealed;
    let title = format!(" Decision {} of {} · {step_id} ", i + 1, count);
    let block = panel(title, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let scenario = library.find(scenario_id);
    let step = scenario.and_then(|s| s.steps.iter().find(|st| st.id.get_ref() == step_id));
    let best = scenario.and_then(|s| best_choice(s, rubric, step_id));
    let total: u64 = tally.counts.iter().sum();
    let mut lines = Vec::new();
    if let Some(Phase::Open { number, answered }) = &view.together {
        lines.push(Line::styled(
            format!(
                "Decision {number} is open: {answered} of {} answered. r reveals, 1-9 continues along that choice instead.",
                view.roster.len()
            ),
            theme.warn,
        ));
    }
    if let Some(step) = step
        && let Some(say) = step.say.get_ref().0.first()
    {
        lines.push(Line::styled(
            format!(
                "{}: {}",
                clean(scenario.map_or("", |s| s.title())),
                clean(say)
            ),
            theme.customer,
        ));
    }
    lines.push(Line::styled(
        format!("{total} answer{}", if total == 1 { "" } else { "s" }),
        theme.dim,
    ));
    let choices = step.map_or(tally.counts.len(), |s| s.choices.len());
    let followed = match &view.together {
        Some(Phase::Revealed { step, follow, .. }) if step == step_id => Some(*follow),
        _ => None,
    };
    let bar_cols = (inner.width as usize).saturating_sub(22).clamp(5, 40);
    for c in 0..choices {
        let n = tally.counts.get(c).copied().unwrap_or(0);
        let filled = if total == 0 {
            0
        } else {
            ((n as f64 / total as f64) * bar_cols as f64).round() as usize
        };
        let mark = if revealed && best == Some(c) {
            "★ best"
        } else {
            ""
        };
        let branch = if followed == Some(c) {
            "  → the room goes on here"
        } else {
            ""
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2} ", c + 1), theme.key),
            Span::styled("█".repeat(filled), theme.bar_fill),
            Span::styled("░".repeat(bar_cols - filled), theme.bar_empty),
            Span::raw(format!(" {n:>3} ")),
            Span::styled(mark, theme.good),
            Span::styled(branch, theme.heading),
        ]));
        if let Some(step) = step {
            let text = clean(step.choices[c].say.get_ref());
            lines.push(Line::styled(
                format!("   {}", cut(&text, inner.width.saturating_sub(4) as usize)),
                theme.dim,
            ));
        }
    }
    if !revealed {
        lines.push(Line::styled("r reveals the best choice", theme.dim));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// `text` cut to `width` columns, with … when cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + 2 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn library(rubric: &Rubric) -> Library {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid/parcel-mixup.toml");
        Library::from_paths(&[path], rubric)
    }

    fn line(name: &str, decisions: usize, mood: MoodBand, finished: Option<bool>) -> RosterLine {
        RosterLine {
            name: name.to_owned(),
            scenario: Some("parcel-mixup".to_owned()),
            decisions,
            mood: Some(mood),
            score: Some(40.0 + 10.0 * decisions as f64),
            finished: finished.is_some(),
            passed: finished,
            waiting: false,
        }
    }

    fn view(together: Option<Phase>) -> View {
        View {
            class_id: "20261207-0930-1a2b".to_owned(),
            pace: if together.is_some() {
                Pace::Together
            } else {
                Pace::SelfPaced
            },
            join: "join: ssh -p 2222 join@laptop  code: 314159  host key: SHA256:ggGbVp87GsPfZ7mdHsfnGfusaCBjMuKdQSrc6rJNjng".to_owned(),
            every_interface: true,
            roster: vec![
                line("Ann", 2, MoodBand::Calm, Some(true)),
                line("Ben", 1, MoodBand::Angry, None),
                line("Cleo", 2, MoodBand::Furious, Some(false)),
            ],
            naming: 1,
            decisions: vec![
                (
                    "parcel-mixup".to_owned(),
                    "opening".to_owned(),
                    Tally {
                        counts: vec![2, 0, 1],
                    },
                ),
                (
                    "parcel-mixup".to_owned(),
                    "found-it".to_owned(),
                    Tally {
                        counts: vec![1, 0, 1],
                    },
                ),
            ],
            together,
            log: vec![
                "Ann finished: passed".to_owned(),
                "Cleo answered decision 2 (choice 3)".to_owned(),
            ],
        }
    }

    fn screen(view: &View, controls: &Controls, width: u16, height: u16) -> String {
        let rubric = Rubric::builtin();
        let library = library(&rubric);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| {
                render(
                    view,
                    controls,
                    &library,
                    &rubric,
                    &Theme::mono(),
                    f.area(),
                    f.buffer_mut(),
                )
            })
            .unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn the_dashboard_shows_the_join_line_roster_and_answers_at_both_sizes() {
        let v = view(None);
        let controls = Controls::default();
        insta::assert_snapshot!("dashboard@80x24", screen(&v, &controls, 80, 24));
        insta::assert_snapshot!("dashboard@140x45", screen(&v, &controls, 140, 45));
    }

    /// Issue 20: a trainee's name (typed over SSH) and a scenario's text reach the
    /// trainer's screen as text: no control character or bidi override in any cell,
    /// whichever decision is in focus (a title's bidi override passes the validator).
    #[test]
    fn names_and_scenario_text_reach_the_dashboard_as_text() {
        let rubric = Rubric::builtin();
        let dir = tempfile::tempdir().unwrap();
        let fixture = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/valid/parcel-mixup.toml"),
        )
        .unwrap();
        let text = fixture
            .replacen("title = \"", "title = \"\u{202E}evil\u{2066} ", 1)
            .replacen("say = \"", "say = \"\u{202D}sure\u{2069} ", 6);
        assert_ne!(text, fixture);
        let path = dir.path().join("parcel-mixup.toml");
        std::fs::write(&path, text).unwrap();
        let library = Library::from_paths(&[path], &rubric);
        assert!(library.files[0].scenario().is_some(), "the file must load");
        let mut v = view(None);
        v.roster[0].name = "Ann\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202E}".to_owned();
        v.log
            .push(describe(&crate::class::room::ClassEvent::Joined {
                seat: 9,
                trainee: "Eve\u{1b}]52;c;aGk=\u{7}\u{202E}".to_owned(),
                from: "127.0.0.1".to_owned(),
            }));
        for focus in [Some(0), Some(1)] {
            let controls = Controls {
                focus,
                hide_join: true,
                ..Controls::default()
            };
            let mut terminal = Terminal::new(TestBackend::new(140, 45)).unwrap();
            terminal
                .draw(|f| {
                    render(
                        &v,
                        &controls,
                        &library,
                        &rubric,
                        &Theme::mono(),
                        f.area(),
                        f.buffer_mut(),
                    )
                })
                .unwrap();
            let drawn: String = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|cell| cell.symbol())
                .collect();
            assert!(drawn.contains("evil"), "the title is shown: {drawn}");
            let bad: Vec<char> = drawn
                .chars()
                .filter(|c| c.is_control() || crate::domain::sanitize::is_invisible_format(*c))
                .collect();
            assert!(bad.is_empty(), "{bad:?} drawn on the dashboard");
        }
    }

    #[test]
    fn the_best_choice_is_marked_only_once_revealed() {
        let v = view(None);
        let mut controls = Controls {
            hide_join: true,
            ..Controls::default()
        };
        let before = screen(&v, &controls, 120, 40);
        assert!(!before.contains("★ best"), "{before}");
        controls.key(KeyCode::Left, KeyModifiers::NONE, &v);
        controls.key(KeyCode::Char('r'), KeyModifiers::NONE, &v);
        let after = screen(&v, &controls, 120, 40);
        assert!(after.contains("Decision 1 of 2"), "{after}");
        assert!(after.contains("★ best"), "{after}");
        insta::assert_snapshot!("dashboard-revealed@120x40", after);
    }

    #[test]
    fn together_pace_says_what_is_open_and_ending_asks_first() {
        let v = view(Some(Phase::Open {
            number: 3,
            answered: 2,
        }));
        let mut controls = Controls::default();
        assert_eq!(
            controls.key(KeyCode::Char('o'), KeyModifiers::NONE, &v),
            Command::Open
        );
        assert_eq!(
            controls.key(KeyCode::Char('2'), KeyModifiers::NONE, &v),
            Command::Pick(2)
        );
        assert_eq!(
            controls.key(KeyCode::Char('e'), KeyModifiers::NONE, &v),
            Command::None
        );
        let asking = screen(&v, &controls, 120, 40);
        assert!(asking.contains("End the class?"), "{asking}");
        assert!(
            asking.contains("Decision 3 is open: 2 of 3 answered"),
            "{asking}"
        );
        assert_eq!(
            controls.key(KeyCode::Char('n'), KeyModifiers::NONE, &v),
            Command::None
        );
        assert_eq!(
            controls.key(KeyCode::Char('e'), KeyModifiers::NONE, &v),
            Command::None
        );
        assert_eq!(
            controls.key(KeyCode::Char('y'), KeyModifiers::NONE, &v),
            Command::End
        );
        insta::assert_snapshot!("dashboard-together@120x40", asking);
    }
}
