//! One trainee's session: the player's own `App`, run by the TUI's event loop on a thread
//! of its own, drawing to the trainee's SSH channel and reading the keys it sends.
//!
//! The session asks the trainee's name first (offering the SSH user name), takes the name
//! in the room (a reconnecting trainee's old session lets go of it), and continues the
//! trainee's unfinished attempt of this class when there is one: same seed, same draws,
//! at the decision where they dropped. Every answer is committed to the store by the
//! app's own recorder, through its own connection, as it is given. After each batch of
//! keys it tells the room what changed (the roster line, each new answer, the end of a
//! run), and it ends when the trainee quits, the link drops, or the class ends.

use crate::class::room::{ClassEvent, Room, best_choice};
use crate::class::text;
use crate::class::together::{self, Phase};
use crate::domain::session::Run;
use crate::domain::store::Store;
use crate::tui::Hooks;
use crate::tui::app::{App, Config, Screen};
use crate::tui::input::{Action, Context};
use crate::tui::{Events, Theme, event_loop};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// The largest window drawn: a client claiming more gets this much (a 10000x10000 window
/// would cost gigabytes of cells).
pub const MAX_COLUMNS: u16 = 500;
pub const MAX_ROWS: u16 = 200;

/// What the SSH side hands the session.
#[derive(Debug)]
pub enum Incoming {
    Event(Event),
    /// The channel closed.
    Closed,
}

/// A window size from the client, kept within what is drawn.
pub fn clamp_size(columns: u32, rows: u32) -> (u16, u16) {
    let c = columns.clamp(1, MAX_COLUMNS.into()) as u16;
    let r = rows.clamp(1, MAX_ROWS.into()) as u16;
    (c, r)
}

/// The trainee's end of the session: the keys their client sends, and the frames drawn
/// for it. Everything the player wrote since the last wait is sent as one message just
/// before the loop waits for keys again, so a frame leaves whole; a frame identical to
/// the last one sent (a tick that only put the cursor back) is not sent again. The queue
/// to the channel is short, so a client that stops reading stalls only its own session.
pub struct Remote {
    rx: Receiver<Incoming>,
    screen: Rc<RefCell<Vec<u8>>>,
    last: Vec<u8>,
    tx: tokio::sync::mpsc::Sender<Vec<u8>>,
}

impl Remote {
    pub fn new(rx: Receiver<Incoming>, tx: tokio::sync::mpsc::Sender<Vec<u8>>) -> Remote {
        Remote {
            rx,
            screen: Rc::default(),
            last: Vec::new(),
            tx,
        }
    }

    /// Where the player draws.
    pub fn output(&self) -> Output {
        Output(self.screen.clone())
    }

    /// Sends what was drawn since the last call.
    pub fn send_frame(&mut self) -> io::Result<()> {
        let mut screen = self.screen.borrow_mut();
        if screen.is_empty() || *screen == self.last {
            screen.clear();
            return Ok(());
        }
        self.last.clone_from(&screen);
        let frame = std::mem::take(&mut *screen);
        self.tx
            .blocking_send(frame)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the channel closed"))
    }
}

impl Events for Remote {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        self.send_frame()?;
        match self.rx.recv_timeout(timeout) {
            Ok(Incoming::Event(e)) => Ok(Some(e)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Ok(Incoming::Closed) | Err(RecvTimeoutError::Disconnected) => Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "the trainee's connection closed",
            )),
        }
    }
}

/// The player's output for the trainee, gathered until [`Remote::send_frame`].
pub struct Output(Rc<RefCell<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What is known of the trainee's terminal when the shell starts.
#[derive(Debug, Clone)]
pub struct Client {
    /// The SSH user name (offered as the trainee's name unless it is `join`).
    pub user: String,
    pub from: String,
    pub size: (u16, u16),
    /// No colour: TERM=dumb, or NO_COLOR sent.
    pub mono: bool,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    /// The class ended, or the trainee's name was taken over by a new connection.
    Stopped,
    /// The connection went away.
    Gone,
}

/// Runs one trainee's session to its end (on the calling thread).
pub fn play(
    room: &Room,
    seat: u64,
    stop: Arc<AtomicBool>,
    client: Client,
    mut events: Remote,
) -> Ending {
    let settings = &room.settings;
    let mut scenarios = room.scenarios();
    let only = match (scenarios.next(), scenarios.next()) {
        (Some(one), None) => Some(one.id().to_owned()),
        _ => None,
    };
    let config = Config {
        seed: settings.seed,
        shuffle: settings.shuffle,
        trainee: None,
        mode: settings.mode,
        start: only,
        from: None,
        free_text: settings.free_text,
    };
    let theme = if client.mono {
        Theme::mono()
    } else {
        Theme::colour()
    };
    let store = Store::open(&settings.store_path).map_err(|e| e.to_string());
    let mut app = App::new(&room.library, &room.rubric, config, theme).with_store(store);
    if let Some(recorder) = &mut app.recorder {
        recorder.class = Some(settings.class_id.clone());
    }
    let offer = Some(client.user.as_str()).filter(|u| !u.eq_ignore_ascii_case("join"));
    app.ask_name(offer);

    let (width, height) = client.size;
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    let mut terminal = match Terminal::with_options(CrosstermBackend::new(events.output()), options)
    {
        Ok(t) => t,
        Err(_) => return Ending::Gone,
    };
    let opened = execute!(
        terminal.backend_mut(),
        EnterAlternateScreen,
        EnableMouseCapture,
        Clear(ClearType::All)
    );
    if opened.is_err() {
        return Ending::Gone;
    }
    let mut watch = Watch {
        room,
        seat,
        stop: &stop,
        claimed: None,
        seen: None,
        held: None,
        summary: None,
    };
    let ended = event_loop(&mut terminal, &mut app, &mut events, &mut watch);
    let ending = match ended {
        Ok(crate::tui::Ended::Quit) => Ending::Quit,
        Ok(crate::tui::Ended::Interrupted) => Ending::Stopped,
        Err(_) => Ending::Gone,
    };
    if ending != Ending::Gone {
        let farewell = if room.has_ended() {
            crate::class::text::CLASS_ENDED
        } else if ending == Ending::Stopped {
            crate::class::text::TAKEN_OVER
        } else {
            crate::class::text::GOODBYE
        };
        let backend = terminal.backend_mut();
        let _ = execute!(backend, DisableMouseCapture, LeaveAlternateScreen, Show);
        let _ = write!(backend, "{farewell}\r\n");
        let _ = events.send_frame();
    }
    ending
}

/// What the session has told the room so far.
struct Watch<'r> {
    room: &'r Room,
    seat: u64,
    stop: &'r AtomicBool,
    /// The name taken in the room.
    claimed: Option<String>,
    /// The run last seen (scenario, seed) and how many of its answers were reported.
    seen: Option<((String, u64), usize)>,
    /// Together pace: the answer held until the trainer reveals, (decision, number shown).
    held: Option<(usize, usize)>,
    /// Together pace: how the room answered the last decision revealed, in words.
    summary: Option<String>,
}

impl<'r> Hooks<'r> for Watch<'r> {
    /// Together pace: an answer is held until the trainer reveals the decision, and
    /// committed at once for a decision already revealed (catching up).
    fn before(&mut self, app: &mut App<'r>, action: Action) -> Option<Action> {
        let Some(together) = &self.room.together else {
            return Some(action);
        };
        if app.context() != Context::Turn {
            return Some(action);
        }
        let Screen::Conversation(play) = &mut app.screen else {
            return Some(action);
        };
        let number = match action {
            Action::Pick(n) => n,
            Action::Confirm => play.selected + 1,
            Action::Click { column, row } => app
                .choice_areas
                .borrow()
                .iter()
                .find(|(area, _)| area.contains((column, row).into()))
                .map(|&(_, n)| n)?,
            _ => return Some(action),
        };
        let turn = play.turn.as_ref()?;
        let Some(shown) = turn.choices.iter().find(|c| c.number == number) else {
            // No such choice: the app says so.
            return Some(action);
        };
        let decision = play.run.decisions().len() + 1;
        if let Some(follow) = together.follow_for(decision) {
            app.say_following(number, follow);
            return None;
        }
        let name = self.claimed.clone()?;
        if together.answer(&name, decision, &turn.step_id, shown.step_choice) {
            self.held = Some((decision, number));
        }
        None
    }

    /// Called after every batch of keys: reports what changed; true to end the session.
    fn after(&mut self, app: &mut App<'r>) -> bool {
        if self.stop.load(Ordering::SeqCst) || self.room.has_ended() {
            return true;
        }
        if self.claimed.is_none()
            && let Some(name) = app.trainee.clone()
        {
            self.room.claim(self.seat, &name);
            let from = self
                .room
                .state()
                .seats
                .get(&self.seat)
                .map(|s| s.from.clone());
            self.room.event(ClassEvent::Joined {
                seat: self.seat,
                trainee: name.clone(),
                from: from.unwrap_or_default(),
            });
            self.resume(app, &name);
            self.claimed = Some(name);
        }
        if self.room.together.is_some() {
            self.together(app);
        }
        self.report(app);
        false
    }
}

impl<'r> Watch<'r> {
    /// Together pace after each batch: no countdown (the trainer sets the pace), the
    /// held answer committed once its decision is revealed, and the trainee told where
    /// the class is.
    fn together(&mut self, app: &mut App<'r>) {
        let Some(together) = &self.room.together else {
            return;
        };
        let Screen::Conversation(play) = &mut app.screen else {
            return;
        };
        if play.replay.is_some() {
            return;
        }
        play.countdown = None;
        let decision = play.run.decisions().len() + 1;
        if let Some(turn) = &play.turn {
            together.at(decision, &turn.step_id);
        }
        if let Some((held, number)) = self.held
            && held == decision
            && let Some(follow) = together.follow_for(decision)
        {
            self.held = None;
            let turn = play.turn.clone();
            app.say_following(number, follow);
            if let Some(turn) = turn {
                let counts = together.counts_for(decision);
                let own = turn.choices.iter().find(|c| c.number == number);
                let went = turn.choices.iter().find(|c| c.step_choice == follow);
                let same = own.map_or(0, |c| counts.get(c.step_choice).copied().unwrap_or(0));
                let total = counts.iter().sum();
                self.summary = Some(text::room_answers(
                    same,
                    total,
                    went.map_or("", |c| c.say.as_str()),
                ));
            }
            return;
        }
        // Where the class is, under how the room answered the last decision.
        let status = match self.held {
            Some((held, number)) if held == decision => text::answer_held(number),
            _ if together.follow_for(decision).is_some() => text::CATCH_UP.to_owned(),
            _ if matches!(together.phase(), Phase::Open { number, .. } if number == decision) => {
                text::OPENED.to_owned()
            }
            _ => text::WAIT_FOR_OPEN.to_owned(),
        };
        if play.turn.is_some() {
            play.notice = Some(match &self.summary {
                Some(summary) => format!("{summary} {status}"),
                None => status,
            });
        }
    }

    /// Continues the trainee's latest unfinished attempt of this class, if any.
    fn resume(&mut self, app: &mut App<'r>, name: &str) {
        let Some(recorder) = &mut app.recorder else {
            return;
        };
        recorder.refresh();
        let class = self.room.settings.class_id.as_str();
        let Some(attempt) = recorder
            .unfinished
            .iter()
            .find(|u| u.trainee == name && u.class.as_deref() == Some(class))
            .cloned()
        else {
            return;
        };
        let Some(scenario) = self.room.library.find(&attempt.scenario) else {
            return;
        };
        app.library.select_id(scenario.id());
        match &self.room.together {
            // In together pace the run went along the room's choices, not the trainee's.
            Some(together) => {
                match together::replay(scenario, &self.room.rubric, &attempt, &together.path()) {
                    Some(run) => app.continue_run(run, &attempt),
                    None => return,
                }
            }
            None => app.resume(scenario, &attempt),
        }
        if let Some(run) = live_run(app) {
            self.seen = Some((key_of(run), run.decisions().len()));
        }
    }

    /// Tells the room about new answers and the roster line.
    fn report(&mut self, app: &App) {
        let Some(run) = live_run(app) else { return };
        let Some(name) = self.claimed.clone() else {
            return;
        };
        let key = key_of(run);
        let decisions = run.decisions();
        let reported = match &self.seen {
            Some((k, n)) if *k == key && *n <= decisions.len() => *n,
            _ => 0,
        };
        let scenario = run.scenario();
        for (i, answered) in decisions.iter().enumerate().skip(reported) {
            let choices = scenario
                .steps
                .iter()
                .find(|s| s.id.get_ref() == &answered.step_id)
                .map_or(0, |s| s.choices.len());
            self.room.tally(
                scenario.id(),
                &answered.step_id,
                answered.step_choice,
                choices,
            );
            let best = best_choice(scenario, &self.room.rubric, &answered.step_id);
            self.room.event(ClassEvent::Answered {
                seat: self.seat,
                trainee: name.clone(),
                scenario: scenario.id().to_owned(),
                step: answered.step_id.clone(),
                decision: i + 1,
                choice: answered.step_choice + 1,
                best: best == Some(answered.step_choice),
                mood: crate::domain::session::MoodBand::of(answered.mood_after)
                    .name()
                    .to_owned(),
            });
            if answered.ended
                && let Some(result) = run.result()
            {
                self.room.event(ClassEvent::Finished {
                    seat: self.seat,
                    trainee: name.clone(),
                    scenario: scenario.id().to_owned(),
                    ending: result.ending.clone(),
                    passed: result.passed,
                    overall: result.overall,
                });
            }
        }
        let finished = run.is_over();
        let passed = if finished {
            run.result().map(|r| r.passed)
        } else {
            None
        };
        let (mood, score, count) = (run.mood_band(), run.overall(), decisions.len());
        let id = scenario.id().to_owned();
        self.room.update(self.seat, |seat| {
            seat.scenario = Some(id);
            seat.decisions = count;
            seat.mood = Some(mood);
            seat.score = score;
            seat.finished = finished;
            seat.passed = passed;
        });
        self.seen = Some((key, count));
    }
}

/// The trainee's own run on screen (not a best-path replay).
fn live_run<'x, 'a>(app: &'x App<'a>) -> Option<&'x Run<'a>> {
    match &app.screen {
        Screen::Briefing(play) | Screen::Conversation(play) if play.replay.is_none() => {
            Some(&play.run)
        }
        Screen::Debrief(state) => Some(&state.play.run),
        _ => None,
    }
}

fn key_of(run: &Run) -> (String, u64) {
    (run.scenario().id().to_owned(), run.options().seed)
}
