//! The app's state and how actions change it. Nothing here touches a terminal: tests
//! build an `App`, feed it actions and ticks, and draw it to a `TestBackend`.

pub mod library;
pub mod play;
pub mod preview;
pub mod record;
pub mod reply;
pub mod scroll;

pub use library::{Entry, LibraryState};
pub use play::{Countdown, Play, Replay, WHEEL_LINES};
pub use preview::Place;
pub use record::Recorder;
pub use reply::Reply;
pub use scroll::Scroller;

use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
use crate::domain::rubric::Scorer;
use crate::domain::sanitize::clean;
use crate::domain::scenario::Scenario;
use crate::domain::session::{Debrief, FreeAnswer, Mode, Run, RunOptions, Start};
use crate::domain::store::Store;
use crate::tui::input::{Action, Context};
use crate::tui::text;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::time::Instant;

/// How the player was started (the flags of `frontline play`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Every run uses this seed; a new one is drawn for each run when `None`.
    pub seed: Option<u64>,
    /// Show choices in a drawn order; `false` keeps the authored order.
    pub shuffle: bool,
    /// The trainee's name; asked once when `None`.
    pub trainee: Option<String>,
    pub mode: Mode,
    /// A scenario id to open at once (its briefing), instead of the library.
    pub start: Option<String>,
    /// With `start`: begin the run in this state (a step, flags, a mood), straight into
    /// the conversation (a trainer's preview: `--from STEP --set FLAG --mood N`).
    pub from: Option<Start>,
    /// Type replies instead of choosing one (`--free-text`).
    pub free_text: bool,
}

/// What "yes" does in the quit question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    Quit,
    Library,
}

/// What the progress store keeps of the run on screen if it is left now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Not recorded (--no-record, no store, a preview from a step, a failed write).
    Nothing,
    /// Every answer so far; the run shows in the library to resume.
    SoFar,
    /// The whole run, result and all: only its debrief is left.
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Confirm(Leave),
    /// Enter on a scenario with an unfinished run: resume it or start over.
    Offer,
    /// `t` in the debrief: which decision to play on from (the number typed so far).
    RetryFrom,
}

/// Asking the trainee's name before the first run.
#[derive(Debug)]
pub struct NamePrompt<'a> {
    /// The name, edited as a typed reply is.
    pub input: Reply,
    /// The scenario to brief once the name is given; `None` when switching trainee from
    /// the library, or in a class of several scenarios (the library once the name is
    /// given).
    pub scenario: Option<&'a Scenario>,
    /// Enter was pressed with nothing typed.
    pub empty: bool,
}

/// The debrief of a finished run.
#[derive(Debug)]
pub struct DebriefState<'a> {
    pub play: Box<Play<'a>>,
    pub debrief: Debrief,
    pub scroll: Scroller,
    /// The debrief's page as last laid out, for the width it was laid out at: it only
    /// changes with the width, so later frames copy the part in view from it.
    pub(crate) page: RefCell<Option<(u16, Buffer)>>,
    /// A past attempt's debrief opened from the history: the history to go back to.
    pub history: Option<Box<HistoryState>>,
}

/// The history screen: the trainee's history, the attempt selected and one marked to
/// compare.
#[derive(Debug)]
pub struct HistoryState {
    pub history: crate::domain::store::History,
    /// Index into `history.attempts` (which are oldest first).
    pub selected: usize,
    pub marked: Option<usize>,
}

impl HistoryState {
    pub fn new(history: crate::domain::store::History) -> HistoryState {
        // The latest attempt first.
        let selected = history.attempts.len().saturating_sub(1);
        HistoryState {
            history,
            selected,
            marked: None,
        }
    }
}

/// Two finished attempts of one scenario, side by side.
#[derive(Debug)]
pub struct CompareState {
    /// The older attempt first: (when it started, its debrief).
    pub left: (String, Debrief),
    pub right: (String, Debrief),
    pub scroll: Scroller,
    pub back: Box<HistoryState>,
}

impl<'a> DebriefState<'a> {
    pub fn new(play: Box<Play<'a>>, debrief: Debrief) -> DebriefState<'a> {
        DebriefState {
            play,
            debrief,
            scroll: Scroller::default(),
            page: RefCell::new(None),
            history: None,
        }
    }

    /// Drops the laid-out page, so the next frame lays it out again.
    pub fn forget_layout(&self) {
        self.page.replace(None);
    }
}

#[derive(Debug)]
pub enum Screen<'a> {
    NamePrompt(NamePrompt<'a>),
    Library,
    Briefing(Box<Play<'a>>),
    Conversation(Box<Play<'a>>),
    Debrief(Box<DebriefState<'a>>),
    /// The trainee's history, from the store.
    History(Box<HistoryState>),
    /// Two attempts of one scenario side by side.
    Compare(Box<CompareState>),
    /// The class debrief of one scenario: the decision on screen.
    Class(Box<crate::domain::store::ClassDebrief>, usize),
}

pub struct App<'a> {
    pub rubric: &'a Rubric,
    pub theme: Theme,
    pub config: Config,
    /// Coach or assess, for the next run.
    pub mode: Mode,
    /// Type replies (true) or choose them, for the next run.
    pub free_text: bool,
    /// The rubric made ready to score typed replies, built the first time one is sent;
    /// `None` inside when the rubric cannot score.
    scorer: std::cell::OnceCell<Option<Scorer>>,
    /// The trainee's name, once known.
    pub trainee: Option<String>,
    pub library: LibraryState<'a>,
    pub screen: Screen<'a>,
    pub overlay: Option<Overlay>,
    /// The terminal's size, as last reported.
    pub size: (u16, u16),
    quit: bool,
    /// The progress store runs are recorded in; `None` when not recording.
    pub recorder: Option<Recorder>,
    /// Why progress is not being saved, when the store could not be opened.
    pub store_warning: Option<String>,
    /// A one-line message for the library (a resume that failed, a screen that needs
    /// the store), in words ready to show.
    pub notice: Option<String>,
    /// Why the last key did nothing, shown in the footer in place of the keys until the
    /// next key.
    pub hint: Option<String>,
    /// Where each choice was drawn, for clicks: (area, number shown).
    pub(crate) choice_areas: RefCell<Vec<(Rect, usize)>>,
    /// Where the terminal's cursor goes (the text being typed), as last drawn.
    pub(crate) cursor: std::cell::Cell<Option<(u16, u16)>>,
    /// The decision number typed in the debrief's "retry from" question.
    pub retry_from: Reply,
    /// The class debrief shows the answer key (the best choice, marks and feedback);
    /// hidden until the trainer reveals it.
    pub answer_key: bool,
    /// A live preview's file, saved with errors: what to show below the run, which goes
    /// on with the last version that loaded (a header line, then each finding).
    pub file_errors: Option<Vec<String>>,
}

impl<'a> App<'a> {
    pub fn new(library: &'a Library, rubric: &'a Rubric, config: Config, theme: Theme) -> App<'a> {
        let mut app = App {
            rubric,
            theme,
            mode: config.mode,
            free_text: config.free_text,
            scorer: std::cell::OnceCell::new(),
            trainee: config
                .trainee
                .as_deref()
                .map(|t| clean(t.trim()).into_owned())
                .filter(|t| !t.is_empty()),
            library: LibraryState::new(library),
            screen: Screen::Library,
            overlay: None,
            size: (text::MIN_WIDTH, text::MIN_HEIGHT),
            quit: false,
            recorder: None,
            store_warning: None,
            notice: None,
            hint: None,
            choice_areas: RefCell::new(Vec::new()),
            cursor: std::cell::Cell::new(None),
            retry_from: Reply::with_limit(3),
            answer_key: false,
            file_errors: None,
            config,
        };
        if let Some(id) = app.config.start.clone() {
            app.library.select_id(&id);
            if let Some(scenario) = library.find(&id) {
                app.start(scenario);
            }
        }
        app
    }

    /// Records runs in `store`, or, when it could not be opened, says why progress is not
    /// being saved.
    pub fn with_store(mut self, store: Result<Store, String>) -> App<'a> {
        match store {
            Ok(store) => self.recorder = Some(Recorder::new(store)),
            Err(reason) => self.store_warning = Some(reason),
        }
        // Without --trainee, the name given last time (n in the library switches).
        if self.trainee.is_none()
            && let Some(recorder) = &self.recorder
        {
            self.trainee = recorder
                .store
                .last_trainee()
                .ok()
                .flatten()
                .map(|t| clean(t.trim()).into_owned())
                .filter(|t| !t.is_empty());
        }
        self.refresh_records();
        self
    }

    /// Reads the trainee's record on each scenario (best, passed, attempts) and the
    /// unfinished runs again, for the library.
    pub fn refresh_records(&mut self) {
        let Some(recorder) = &mut self.recorder else {
            return;
        };
        recorder.refresh();
        let Some(trainee) = &self.trainee else {
            self.library.records.clear();
            return;
        };
        let filter = crate::domain::store::HistoryFilter {
            trainee: trainee.clone(),
            since: None,
        };
        match recorder.store.history(&filter) {
            Ok(history) => {
                self.library.records = history
                    .best
                    .into_iter()
                    .map(|b| (b.scenario.clone(), b))
                    .collect();
            }
            Err(e) => recorder.error = Some(e.to_string()),
        }
    }

    /// The library file `scenario` was loaded from.
    fn file_of(&self, scenario: &Scenario) -> Option<&'a crate::domain::library::LibraryFile> {
        self.library
            .entries
            .iter()
            .find(|e| e.scenario().is_some_and(|s| std::ptr::eq(s, scenario)))
            .map(|e| e.file)
    }

    /// Begins recording the run on screen.
    fn begin_recording(&mut self) {
        let Screen::Conversation(play) = &self.screen else {
            return;
        };
        let file = self.file_of(play.run.scenario());
        if let (Screen::Conversation(play), Some(recorder)) = (&mut self.screen, &mut self.recorder)
        {
            recorder.begin(&play.run, file, play.typing.is_some());
            play.recorded = recorder.attempt.is_some();
        }
    }

    /// Stops recording into the current attempt (a new run, or a replay, is on screen).
    fn stop_recording(&mut self) {
        if let Some(recorder) = &mut self.recorder {
            recorder.leave();
        }
    }

    /// A decision of the recorded run was put on screen now.
    fn decision_shown(&mut self) {
        if let Some(recorder) = &mut self.recorder {
            recorder.shown();
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Where the terminal's cursor should be after the last frame drawn: in the reply,
    /// the name or the filter being typed, or `None` (hidden).
    pub fn cursor_position(&self) -> Option<(u16, u16)> {
        self.cursor.get()
    }

    /// A run is on screen and leaving it asks first (q and Esc open the quit question).
    pub fn in_run(&self) -> bool {
        matches!(&self.screen, Screen::Conversation(play) if play.replay.is_none())
    }

    /// A decision is being tried again, or a run played on from a decision, as practice.
    pub fn practising(&self) -> bool {
        let play = match &self.screen {
            Screen::Conversation(play) => play,
            Screen::Debrief(state) => &state.play,
            _ => return false,
        };
        play.practising() || play.retried_from.is_some()
    }

    /// What the store keeps of the run on screen if it is left now.
    pub fn kept(&self) -> Kept {
        let screen_play = match &self.screen {
            // Trying a decision again keeps the run whose answer stands.
            Screen::Conversation(play) => Some(play.practice.as_deref().unwrap_or(play)),
            _ => None,
        };
        match screen_play {
            Some(play) if play.recorded && play.replay.is_none() => {
                if play.run.is_over() {
                    Kept::Finished
                } else {
                    Kept::SoFar
                }
            }
            _ => Kept::Nothing,
        }
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < text::MIN_WIDTH || self.size.1 < text::MIN_HEIGHT
    }

    /// Where input goes now.
    pub fn context(&self) -> Context {
        // The quit question stays answerable in a small window (it is drawn there too).
        if self.too_small() && !matches!(self.overlay, Some(Overlay::Confirm(_))) {
            return Context::TooSmall;
        }
        match self.overlay {
            Some(Overlay::Help) => Context::Help,
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::Offer) => Context::Offer,
            Some(Overlay::RetryFrom) => Context::RetryFrom,
            None => self.screen_context(),
        }
    }

    /// The context of the screen under any overlay (what help lists).
    pub fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::NamePrompt(_) => Context::NamePrompt,
            Screen::Library if self.library.typing => Context::Filter,
            Screen::Library => Context::Library,
            Screen::Briefing(_) => Context::Briefing,
            Screen::Conversation(play) if play.replay.is_some() => Context::Replay,
            Screen::Conversation(play) if play.feedback.is_some() => Context::Feedback,
            Screen::Conversation(play) if play.turn.is_none() => Context::Over,
            Screen::Conversation(play) if play.typing.is_some() => Context::Typing,
            Screen::Conversation(_) => Context::Turn,
            Screen::Debrief(_) => Context::Debrief,
            Screen::History(_) => Context::History,
            Screen::Compare(_) => Context::Compare,
            Screen::Class(..) => Context::Class,
        }
    }

    /// Advances time: the countdown of a timed step.
    pub fn tick(&mut self, now: Instant) {
        let paused = self.overlay.is_some() || self.too_small();
        if let Screen::Conversation(play) = &mut self.screen {
            play.tick(now, paused);
        }
    }

    pub fn handle(&mut self, action: Action) {
        match action {
            Action::ForceQuit => {
                self.quit = true;
                return;
            }
            Action::Resize { width, height } => {
                self.size = (width, height);
                return;
            }
            _ => {}
        }
        self.hint = None;
        match self.context() {
            Context::TooSmall => {
                // During a run q asks first, as it does at full size.
                if action == Action::Quit {
                    if self.in_run() {
                        self.overlay = Some(Overlay::Confirm(Leave::Quit));
                    } else {
                        self.quit = true;
                    }
                }
            }
            Context::Help => {
                if action == Action::Help {
                    self.overlay = None;
                }
            }
            Context::Confirm => self.confirm(action),
            Context::NamePrompt => self.name_prompt(action),
            Context::Library | Context::Filter => self.library(action),
            Context::Briefing => self.briefing(action),
            Context::Typing => self.typing(action),
            Context::Turn | Context::Feedback | Context::Over | Context::Replay => {
                self.conversation(action)
            }
            Context::Debrief => self.debrief(action),
            Context::Class => self.class(action),
            Context::Offer => self.offer(action),
            Context::RetryFrom => self.retry_from_question(action),
            Context::History => self.history_screen(action),
            Context::Compare => self.compare_screen(action),
        }
    }

    fn confirm(&mut self, action: Action) {
        let Some(Overlay::Confirm(leave)) = self.overlay else {
            return;
        };
        match action {
            Action::Yes => {
                self.overlay = None;
                match leave {
                    Leave::Quit => self.quit = true,
                    Leave::Library => {
                        self.screen = Screen::Library;
                        // The library's "unfinished run, N answers" counts this one's.
                        self.refresh_records();
                    }
                }
            }
            Action::No => self.overlay = None,
            _ => {}
        }
    }

    /// Help, quit and the like, which every screen handles the same way. True when taken.
    fn common(&mut self, action: Action) -> bool {
        match action {
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Quit => self.quit = true,
            _ => return false,
        }
        true
    }

    fn name_prompt(&mut self, action: Action) {
        let Screen::NamePrompt(prompt) = &mut self.screen else {
            return;
        };
        match action {
            Action::Confirm => {
                let name = clean(prompt.input.text().trim()).into_owned();
                if name.is_empty() {
                    prompt.empty = true;
                } else {
                    let scenario = prompt.scenario;
                    // Remembered for the next time Frontline starts (not a class's
                    // trainees: the store is the trainer's).
                    if let Some(recorder) = &mut self.recorder
                        && recorder.class.is_none()
                        && let Err(e) = recorder.store.set_last_trainee(&name)
                    {
                        recorder.error = Some(e.to_string());
                    }
                    self.trainee = Some(name);
                    self.refresh_records();
                    match scenario {
                        Some(scenario) => self.brief(scenario),
                        None => self.screen = Screen::Library,
                    }
                }
            }
            Action::Back => self.screen = Screen::Library,
            other if edit(&mut prompt.input, other) => {
                if matches!(other, Action::Type(_)) {
                    prompt.empty = false;
                }
            }
            other => {
                self.common(other);
            }
        }
    }

    fn library(&mut self, action: Action) {
        let lib = &mut self.library;
        if lib.typing {
            match action {
                Action::Confirm => {
                    lib.typing = false;
                    return;
                }
                Action::Back => {
                    lib.typing = false;
                    lib.clear_filter();
                    return;
                }
                other => {
                    let mut edited = false;
                    lib.edit_filter(|filter| edited = edit(filter, other));
                    if edited {
                        return;
                    }
                }
            }
        }
        match action {
            Action::Up | Action::ScrollUp => lib.move_by(-1),
            Action::Down | Action::ScrollDown => lib.move_by(1),
            Action::PageUp => lib.move_by(-lib.page_rows()),
            Action::PageDown => lib.move_by(lib.page_rows()),
            Action::Home => lib.home(),
            Action::End => lib.end(),
            Action::Filter => lib.typing = true,
            Action::Back => lib.clear_filter(),
            Action::ToggleMode => self.toggle_mode(),
            Action::ToggleInput => self.free_text = !self.free_text,
            Action::Resume => self.resume_selected(),
            Action::SwitchTrainee => {
                self.screen = Screen::NamePrompt(NamePrompt {
                    input: Reply::with_limit(text::NAME_MAX),
                    scenario: None,
                    empty: false,
                });
            }
            Action::History => self.open_history(),
            Action::Class => self.open_class(),
            Action::Confirm => match lib.selected_entry() {
                Some(entry) => match entry.scenario() {
                    Some(scenario) if self.unfinished_of(scenario.id()).is_some() => {
                        self.overlay = Some(Overlay::Offer);
                    }
                    Some(scenario) => self.start(scenario),
                    None => self.hint = Some(text::CANNOT_START.to_owned()),
                },
                None => self.hint = Some(text::NO_SCENARIO.to_owned()),
            },
            other => {
                self.common(other);
            }
        }
    }

    /// The trainee's latest unfinished attempt of `scenario`, if any.
    pub fn unfinished_of(&self, scenario: &str) -> Option<&crate::domain::store::Unfinished> {
        let trainee = self.trainee.as_deref()?;
        self.recorder.as_ref()?.unfinished_of(trainee, scenario)
    }

    /// `r` in the library: continues the selected scenario's unfinished attempt with its
    /// seed and draws, straight into the conversation at the step where it stopped.
    fn resume_selected(&mut self) {
        let Some(scenario) = self.library.selected_entry().and_then(Entry::scenario) else {
            self.hint = Some(text::NO_SCENARIO.to_owned());
            return;
        };
        let Some(attempt) = self.unfinished_of(scenario.id()).cloned() else {
            self.hint = Some(
                match (&self.recorder, &self.trainee) {
                    (None, _) => text::RESUME_NEEDS_STORE,
                    (Some(_), None) => text::RESUME_NEEDS_NAME,
                    (Some(_), Some(_)) => text::NO_UNFINISHED,
                }
                .to_owned(),
            );
            return;
        };
        self.resume(scenario, &attempt);
    }

    /// Continues `attempt`, an unfinished run of `scenario`, with its seed and draws,
    /// straight into the conversation at the step where it stopped; on failure the
    /// library says why.
    pub fn resume(&mut self, scenario: &'a Scenario, attempt: &crate::domain::store::Unfinished) {
        let bytes = self
            .file_of(scenario)
            .map_or(&[][..], |f| f.checked.text.as_bytes());
        match crate::domain::store::resume::resume(scenario, bytes, self.rubric, attempt) {
            Ok(run) => self.continue_run(run, attempt),
            Err(e) => {
                self.screen = Screen::Library;
                self.notice = Some(text::cannot_resume(&e.to_string()));
            }
        }
    }

    /// Puts `run`, the replay of `attempt`'s answers, on screen to go on, recording into
    /// the same attempt.
    pub fn continue_run(&mut self, run: Run<'a>, attempt: &crate::domain::store::Unfinished) {
        self.notice = None;
        let mut play = Box::new(Play::new(run, attempt.seed));
        // It goes on as it was played: typing replies, or choosing them.
        if attempt.free_text || play.run.decisions().iter().any(|d| d.reply.is_some()) {
            play.typing = Some(Reply::default());
        }
        // Three replies missed at this step before the run stopped: the choices are offered,
        // as they were.
        if play.typing.is_some() && play.run.offers_choices() {
            play.typing = None;
            play.offered = true;
            play.notice = Some(text::CHOICES_OFFERED.to_owned());
        }
        play.show_turn();
        if let Some(recorder) = &mut self.recorder {
            if let Err(e) = recorder.continue_attempt(attempt) {
                self.screen = Screen::Library;
                self.notice = Some(text::cannot_resume(&e));
                return;
            }
            play.recorded = true;
        }
        self.overlay = None;
        self.screen = Screen::Conversation(play);
    }

    /// `h` in the library: the trainee's history, when there is a store and a name.
    fn open_history(&mut self) {
        let Some(recorder) = &self.recorder else {
            self.hint = Some(text::NEEDS_STORE.to_owned());
            return;
        };
        let Some(trainee) = &self.trainee else {
            self.hint = Some(text::NEEDS_NAME.to_owned());
            return;
        };
        let filter = crate::domain::store::HistoryFilter {
            trainee: trainee.clone(),
            since: None,
        };
        match recorder.store.history(&filter) {
            Ok(mut history) => {
                let scenarios = self.library.entries.iter().filter_map(Entry::scenario);
                history.recommend(scenarios, self.rubric);
                // Attempts played on another version of their file than the library's.
                let versions = self
                    .library
                    .entries
                    .iter()
                    .filter_map(|e| {
                        let id = e.scenario()?.id().to_owned();
                        let hash = crate::domain::store::hash::scenario_hash(
                            e.file.checked.text.as_bytes(),
                        );
                        Some((id, hash))
                    })
                    .collect();
                history.mark_versions(&versions);
                self.notice = None;
                self.screen = Screen::History(Box::new(HistoryState::new(history)));
            }
            Err(e) => self.notice = Some(text::cannot_read(&e.to_string())),
        }
    }

    /// `c` in the library: how the group answered each decision of the selected scenario.
    fn open_class(&mut self) {
        let Some(scenario) = self.library.selected_entry().and_then(Entry::scenario) else {
            self.hint = Some(text::NO_SCENARIO.to_owned());
            return;
        };
        let Some(recorder) = &self.recorder else {
            self.hint = Some(text::NEEDS_STORE.to_owned());
            return;
        };
        let filter = crate::domain::store::ReportFilter {
            scenario: Some(scenario.id().to_owned()),
            ..Default::default()
        };
        match recorder.store.report(&filter) {
            Ok(report) => {
                let mut debrief = report
                    .debrief
                    .unwrap_or(crate::domain::store::ClassDebrief {
                        scenario: scenario.id().to_owned(),
                        title: scenario.title().to_owned(),
                        attempts: 0,
                        steps: Vec::new(),
                        version: None,
                        other_versions: 0,
                        versions: Vec::new(),
                    });
                let bytes = self
                    .file_of(scenario)
                    .map_or(&[][..], |f| f.checked.text.as_bytes());
                debrief.label(scenario, bytes, self.rubric);
                // The customer's line as each trainee heard it: their attempts replayed.
                let attempts = recorder
                    .store
                    .attempts(&crate::domain::store::attempts::AttemptFilter {
                        scenario: Some(scenario.id().to_owned()),
                        ..Default::default()
                    })
                    .unwrap_or_default();
                let heard: Vec<(String, String)> = attempts
                    .iter()
                    .filter(|a| debrief.version.as_deref() == Some(a.scenario_hash.as_str()))
                    .filter_map(|a| {
                        crate::domain::store::resume::heard(scenario, bytes, self.rubric, a).ok()
                    })
                    .flatten()
                    .collect();
                debrief.hear(heard.iter().map(|(s, l)| (s.as_str(), l.as_str())));
                self.notice = None;
                self.answer_key = false;
                self.screen = Screen::Class(Box::new(debrief), 0);
            }
            Err(e) => self.notice = Some(text::cannot_read(&e.to_string())),
        }
    }

    fn class(&mut self, action: Action) {
        let Screen::Class(debrief, step) = &mut self.screen else {
            return;
        };
        let last = debrief.steps.len().saturating_sub(1);
        match action {
            Action::Up | Action::ScrollUp => *step = step.saturating_sub(1),
            Action::Down | Action::ScrollDown => *step = (*step + 1).min(last),
            Action::AnswerKey => self.answer_key = !self.answer_key,
            Action::Back => self.screen = Screen::Library,
            other => {
                self.common(other);
            }
        }
    }

    /// The offer to resume an unfinished run or start over.
    fn offer(&mut self, action: Action) {
        match action {
            Action::Resume => {
                self.overlay = None;
                self.resume_selected();
            }
            Action::Confirm => {
                self.overlay = None;
                if let Some(scenario) = self.library.selected_entry().and_then(Entry::scenario) {
                    self.start(scenario);
                }
            }
            Action::Back => self.overlay = None,
            other => {
                self.common(other);
            }
        }
    }

    fn toggle_mode(&mut self) {
        self.mode = match self.mode {
            Mode::Coach => Mode::Assess,
            Mode::Assess => Mode::Coach,
        };
    }

    /// Opens a scenario: the name prompt first when the name is not known yet.
    fn start(&mut self, scenario: &'a Scenario) {
        if self.trainee.is_some() {
            self.brief(scenario);
        } else {
            self.screen = Screen::NamePrompt(NamePrompt {
                input: Reply::with_limit(text::NAME_MAX),
                scenario: Some(scenario),
                empty: false,
            });
        }
    }

    /// Asks the trainee's name now, whatever is on screen, with `offer` typed in already
    /// (a class asks it first, offering the SSH user name).
    pub fn ask_name(&mut self, offer: Option<&str>) {
        let scenario = match &self.screen {
            Screen::Briefing(play) => Some(play.run.scenario()),
            Screen::NamePrompt(prompt) => prompt.scenario,
            _ => None,
        };
        let mut input = Reply::with_limit(text::NAME_MAX);
        for c in clean(offer.unwrap_or("").trim()).chars() {
            input.insert(c);
        }
        self.trainee = None;
        self.screen = Screen::NamePrompt(NamePrompt {
            input,
            scenario,
            empty: false,
        });
    }

    /// A new run of `scenario` (a new seed unless one was given), on its briefing.
    fn brief(&mut self, scenario: &'a Scenario) {
        self.stop_recording();
        self.notice = None;
        let seed = self.config.seed.unwrap_or_else(rand::random);
        let mut play = Box::new(self.new_play(scenario, seed));
        // A preview from a step skips the briefing, once: a retry starts from the top.
        if self.config.from.take().is_some() {
            play.show_turn();
            self.screen = Screen::Conversation(play);
        } else {
            self.screen = Screen::Briefing(play);
        }
    }

    /// The step the current run is at, if a run is on screen.
    pub fn position(&self) -> Option<&'a str> {
        match &self.screen {
            Screen::Briefing(play) | Screen::Conversation(play) => play.run.position(),
            _ => None,
        }
    }

    fn new_play(&self, scenario: &'a Scenario, seed: u64) -> Play<'a> {
        let options = RunOptions {
            seed,
            shuffle: self.config.shuffle,
            trainee: self.trainee.clone().unwrap_or_default(),
            mode: self.mode,
        };
        let begun = self.config.from.clone().unwrap_or_default();
        let mut play = Play::new(
            Run::start_from(scenario, self.rubric, options, &begun),
            seed,
        );
        if self.free_text {
            play.typing = Some(Reply::default());
        }
        play
    }

    fn briefing(&mut self, action: Action) {
        let Screen::Briefing(play) = &mut self.screen else {
            return;
        };
        match action {
            Action::Confirm => {
                let Screen::Briefing(mut play) =
                    std::mem::replace(&mut self.screen, Screen::Library)
                else {
                    return;
                };
                play.show_turn();
                self.screen = Screen::Conversation(play);
                self.begin_recording();
            }
            Action::Back => self.screen = Screen::Library,
            Action::ToggleMode => {
                // The same seed draws the same customer: only the mode changes.
                let (scenario, seed) = (play.run.scenario(), play.seed);
                self.toggle_mode();
                self.screen = Screen::Briefing(Box::new(self.new_play(scenario, seed)));
            }
            Action::Up => play.briefing.back(1),
            Action::Down => play.briefing.forward(1),
            Action::ScrollUp => play.briefing.back(WHEEL_LINES),
            Action::ScrollDown => play.briefing.forward(WHEEL_LINES),
            Action::PageUp => play.briefing.page_back(),
            Action::PageDown => play.briefing.page_forward(),
            Action::Home => play.briefing.to_start(),
            Action::End => play.briefing.to_limit(),
            other => {
                self.common(other);
            }
        }
    }

    fn conversation(&mut self, action: Action) {
        let Screen::Conversation(play) = &mut self.screen else {
            return;
        };
        let replaying = play.replay.is_some();
        // Feedback that does not fit scrolls itself, from its top, before the transcript.
        if play.feedback.is_some() && !replaying && play.feedback_scroll.scrolls() {
            let scroll = &mut play.feedback_scroll;
            match action {
                Action::Up => return scroll.back(1),
                Action::Down => return scroll.forward(1),
                Action::ScrollUp => return scroll.back(WHEEL_LINES),
                Action::ScrollDown => return scroll.forward(WHEEL_LINES),
                Action::PageUp => return scroll.page_back(),
                Action::PageDown => return scroll.page_forward(),
                Action::Home => return scroll.to_start(),
                Action::End => return scroll.to_limit(),
                _ => {}
            }
        }
        match action {
            // The transcript scrolls up (away from the latest line) with PgUp.
            Action::PageUp => play.transcript.page_forward(),
            Action::PageDown => play.transcript.page_back(),
            Action::ScrollUp => play.transcript.forward(WHEEL_LINES),
            Action::ScrollDown => play.transcript.back(WHEEL_LINES),
            Action::Home => play.transcript.to_limit(),
            Action::End => play.transcript.to_start(),
            Action::Up if play.feedback.is_none() && !replaying => play.move_selection(-1),
            Action::Down if play.feedback.is_none() && !replaying => play.move_selection(1),
            // Feedback that fits leaves the arrows to the transcript, as PgUp/PgDn.
            Action::Up if play.feedback.is_some() && !replaying => play.transcript.forward(1),
            Action::Down if play.feedback.is_some() && !replaying => play.transcript.back(1),
            Action::Pick(n) if play.feedback.is_none() && !replaying => {
                if (1..=play.choice_count()).contains(&n) {
                    self.say(n);
                } else if let Some(turn) = &play.turn {
                    play.notice = Some(
                        crate::domain::session::ChooseError::NoSuchChoice {
                            number: n,
                            shown: turn.choices.len(),
                        }
                        .to_string(),
                    );
                }
            }
            Action::Click { column, row } if play.feedback.is_none() && !replaying => {
                let hit = self
                    .choice_areas
                    .borrow()
                    .iter()
                    .find(|(area, _)| area.contains((column, row).into()))
                    .map(|&(_, n)| n);
                if let Some(n) = hit {
                    self.say(n);
                }
            }
            Action::Confirm => self.advance(),
            Action::TryAgain => self.try_again(),
            Action::Back if replaying => self.end_replay(),
            Action::Back if play.practising() => self.end_practice(false),
            Action::Back => self.overlay = Some(Overlay::Confirm(Leave::Library)),
            Action::Quit if !replaying => self.overlay = Some(Overlay::Confirm(Leave::Quit)),
            other => {
                self.common(other);
            }
        }
    }

    /// Enter in the conversation: close the feedback, say the selected choice, or move on
    /// to the debrief once the run is over.
    fn advance(&mut self) {
        let Screen::Conversation(play) = &mut self.screen else {
            return;
        };
        play.taken = None;
        if play.feedback.is_some() && play.practising() {
            // Back to the run whose answer stands, and on from it.
            self.end_practice(true);
            return;
        }
        if play.feedback.take().is_some() {
            play.better = None;
            if play.turn.is_none() && play.replay.is_none() {
                self.open_debrief();
            } else {
                play.show_turn();
                self.decision_shown();
            }
            return;
        }
        if play.turn.is_none() {
            if play.replay.is_some() {
                self.end_replay();
            } else {
                self.open_debrief();
            }
            return;
        }
        if play.replay.is_some() {
            if let Some(i) = play.replay_choice() {
                self.say(i + 1);
            }
            return;
        }
        let number = play.selected + 1;
        self.say(number);
    }

    /// Says a choice: coach mode (and a replay) shows its feedback first; assess mode goes
    /// straight on.
    fn say(&mut self, number: usize) {
        self.say_as(number, None);
    }

    /// Says the choice shown as `number` in the run on screen while the conversation goes
    /// on as the choice `follow` (authored index) would take it: a class in together pace
    /// follows the room's choice, and the trainee's marks and feedback are their own.
    pub fn say_following(&mut self, number: usize, follow: usize) {
        self.say_as(number, Some(follow));
    }

    fn say_as(&mut self, number: usize, follow: Option<usize>) {
        let coach = self.mode_of_run() == Mode::Coach;
        let Screen::Conversation(play) = &mut self.screen else {
            return;
        };
        let Some(answered) = play.say(number, follow) else {
            return;
        };
        if play.replay.is_none()
            && let Some(recorder) = &mut self.recorder
        {
            if play.practising() {
                // Kept as practice of the decision tried again; the first answer stands.
                let decision = play.run.decisions().len() - 1;
                recorder.practice(decision, &answered);
            } else {
                play.recorded &= recorder.commit(&answered, &play.run);
            }
        }
        play.turn = play.run.turn();
        play.transcript.to_start();
        if coach || play.replay.is_some() {
            play.show_feedback(answered);
            if play.replay.is_none() {
                let last = play.run.decisions().len() - 1;
                play.better = play::better_reply(&play.run, self.rubric, last);
            }
        } else {
            play.show_turn();
            self.decision_shown();
        }
    }

    /// The conversation while a reply is being typed: characters edit it, Enter sends it,
    /// and the rest does what it does while choosing.
    fn typing(&mut self, action: Action) {
        let Screen::Conversation(play) = &mut self.screen else {
            return;
        };
        let Some(reply) = play.typing.as_mut() else {
            return;
        };
        match action {
            // Typing is refused at the limit; the box shows the count.
            Action::Confirm => self.send(),
            // Up in the empty box brings back the reply that was not taken, to edit it.
            Action::Up if reply.text().is_empty() && play.refused.is_some() => {
                for c in play.refused.take().unwrap_or_default().chars() {
                    reply.insert(c);
                }
            }
            other if edit(reply, other) => {}
            other => self.conversation(other),
        }
    }

    /// Sends the typed reply: the run takes it as the choice it matches best, or the
    /// customer asks to hear it another way and the reply stays to be edited.
    fn send(&mut self) {
        let coach = self.mode_of_run() == Mode::Coach;
        let rubric = self.rubric;
        let scorer = self.scorer.get_or_init(|| Scorer::new(rubric).ok());
        let Screen::Conversation(play) = &mut self.screen else {
            return;
        };
        let Some(reply) = play
            .typing
            .as_ref()
            .map(|r| r.text().to_owned())
            .filter(|r| !r.trim().is_empty())
        else {
            return;
        };
        let Some(scorer) = scorer else {
            play.notice = Some(text::NO_SCORER.to_owned());
            return;
        };
        play.notice = None;
        play.unmatched = None;
        match play.run.answer(&reply, scorer) {
            Ok(FreeAnswer::Taken(typed)) => {
                // Recorded with the choice it was taken as, the reply and its points.
                if let Some(recorder) = &mut self.recorder {
                    if play.practising() {
                        let decision = play.run.decisions().len() - 1;
                        recorder.practice(decision, &typed.answered);
                    } else {
                        play.recorded &= recorder.commit(&typed.answered, &play.run);
                    }
                }
                play.typing = Some(Reply::default());
                play.turn = play.run.turn();
                play.transcript.to_start();
                if coach {
                    play.show_feedback(typed.answered.clone());
                    let last = play.run.decisions().len() - 1;
                    play.better = play::better_reply(&play.run, rubric, last);
                    play.taken = Some(typed);
                } else {
                    play.show_turn();
                }
            }
            Ok(FreeAnswer::SayMore) => {
                play.transcript.to_start();
                // Kept with the attempt, so a resumed run counts it again.
                if let (Some(miss), Some(recorder), Some(turn)) =
                    (play.run.last_miss(), &mut self.recorder, play.run.turn())
                    && !play.practising()
                {
                    play.recorded &= recorder.miss(&turn.step_id, &reply, miss);
                }
                // The box is cleared (the reply is in the transcript; Up brings it back).
                if play.run.last_miss().is_some() {
                    play.refused = Some(reply.clone());
                    play.typing = Some(Reply::default());
                }
                if play.run.offers_choices() {
                    play.typing = None;
                    play.offered = true;
                    play.selected = 0;
                    play.notice = Some(text::CHOICES_OFFERED.to_owned());
                }
                // Coach mode shows what the rubric found in it, as plain mode does, so a
                // rude reply is not free just because it was not recorded.
                if coach {
                    play.unmatched = play
                        .run
                        .score_reply(&reply, scorer)
                        .filter(|s| !s.cues.is_empty());
                }
            }
            Err(e) => play.notice = Some(e.to_string()),
        }
    }

    /// `t` in coach feedback: the same decision again, as practice, when a reply shown
    /// there would have scored better. The run whose answer stands waits underneath.
    fn try_again(&mut self) {
        let rubric = self.rubric;
        let Screen::Conversation(play) = &mut self.screen else {
            return;
        };
        if play.feedback.is_none() || play.replay.is_some() {
            return;
        }
        if play.better.is_none() {
            self.hint = Some(text::NOTHING_BETTER.to_owned());
            return;
        }
        let index = play.run.decisions().len() - 1;
        let Some(run) = play::rebuild(&play.run, rubric, index) else {
            self.hint = Some(text::CANNOT_TRY_AGAIN.to_owned());
            return;
        };
        let Screen::Conversation(mut current) =
            std::mem::replace(&mut self.screen, Screen::Library)
        else {
            return;
        };
        let mut practice = Play::new(run, current.seed);
        if current.typing.is_some() {
            practice.typing = Some(Reply::default());
        }
        practice.show_turn();
        // Trying again from a practice goes back to the same run whose answer stands.
        let back = current.practice.take().unwrap_or(current);
        practice.recorded = back.recorded;
        practice.practice = Some(back);
        self.screen = Screen::Conversation(Box::new(practice));
        self.decision_shown();
    }

    /// Leaves a practice of one decision for the run whose answer stands: as it was (its
    /// feedback on screen), or, with `go_on`, on to its next decision.
    fn end_practice(&mut self, go_on: bool) {
        let Screen::Conversation(practice) = std::mem::replace(&mut self.screen, Screen::Library)
        else {
            return;
        };
        let Some(back) = practice.practice else {
            return;
        };
        self.screen = Screen::Conversation(back);
        self.decision_shown();
        if go_on {
            self.advance();
        }
    }

    /// The debrief's "retry from which decision?" question.
    fn retry_from_question(&mut self, action: Action) {
        match action {
            Action::Type(c) if c.is_ascii_digit() => {
                self.retry_from.insert(c);
            }
            Action::Type(_) => {}
            Action::Erase => self.retry_from.erase(),
            Action::Back => self.overlay = None,
            Action::Confirm => {
                let Screen::Debrief(state) = &self.screen else {
                    return;
                };
                let count = state.play.run.decisions().len();
                match self.retry_from.text().parse::<usize>() {
                    Ok(n) if (1..=count).contains(&n) => {
                        self.overlay = None;
                        self.retry_from_decision(n);
                    }
                    _ => self.hint = Some(text::retry_from_range(count)),
                }
            }
            _ => {}
        }
    }

    /// Plays on from decision `n` (1-based) of the debriefed run, as practice: the run
    /// rebuilt with the same draws and the answers before it, not recorded.
    fn retry_from_decision(&mut self, n: usize) {
        let Screen::Debrief(state) = &self.screen else {
            return;
        };
        let Some(run) = play::rebuild(&state.play.run, self.rubric, n - 1) else {
            self.hint = Some(text::CANNOT_TRY_AGAIN.to_owned());
            return;
        };
        let mut play = Play::new(run, state.play.seed);
        if state.play.typing.is_some() {
            play.typing = Some(Reply::default());
        }
        play.retried_from = Some(n);
        play.show_turn();
        self.stop_recording();
        self.screen = Screen::Conversation(Box::new(play));
        self.decision_shown();
    }

    fn history_screen(&mut self, action: Action) {
        let Screen::History(state) = &mut self.screen else {
            return;
        };
        let last = state.history.attempts.len().saturating_sub(1);
        match action {
            // The list is latest first: up goes to a later attempt.
            Action::Up | Action::ScrollUp => state.selected = (state.selected + 1).min(last),
            Action::Down | Action::ScrollDown => state.selected = state.selected.saturating_sub(1),
            Action::Home => state.selected = last,
            Action::End => state.selected = 0,
            Action::Back => self.screen = Screen::Library,
            Action::Confirm => self.open_past_debrief(),
            Action::Compare => self.compare_marked(),
            other => {
                self.common(other);
            }
        }
    }

    /// The finished run of a recorded attempt, rebuilt with its seed and answers (the
    /// same way a resume is), and its debrief.
    fn past_run(&self, index: usize) -> Result<(Play<'a>, Debrief), String> {
        let Screen::History(state) = &self.screen else {
            return Err(String::new());
        };
        let row = &state.history.attempts[index];
        if !row.is_finished() {
            return Err(text::HISTORY_UNFINISHED_OPEN.to_owned());
        }
        let recorder = self.recorder.as_ref().ok_or(text::NEEDS_STORE)?;
        let attempt = recorder
            .store
            .attempt(row.id)
            .map_err(|e| text::cannot_open(&e.to_string()))?;
        // When the run cannot be replayed, the stored result still says why it failed.
        let why_failed = |message: String| {
            let critical = attempt.result.as_ref().map_or(&[][..], |r| &r.critical[..]);
            if critical.is_empty() {
                return message;
            }
            let whys: Vec<&str> = critical.iter().map(|c| c.why.as_str()).collect();
            format!(
                "{message} It failed on a critical error: {}",
                whys.join(" ")
            )
        };
        let scenario = self
            .library
            .entries
            .iter()
            .filter_map(Entry::scenario)
            .find(|s| s.id() == attempt.scenario)
            .ok_or_else(|| {
                why_failed(text::cannot_open(&text::not_in_library(&attempt.scenario)))
            })?;
        let bytes = self
            .file_of(scenario)
            .map_or(&[][..], |f| f.checked.text.as_bytes());
        // Its answers' numbers are the earlier version's: never replayed on this one.
        if crate::domain::store::hash::scenario_hash(bytes) != attempt.scenario_hash {
            return Err(text::history_earlier_version(&attempt.id.short()));
        }
        let run = crate::domain::store::resume::resume(scenario, bytes, self.rubric, &attempt)
            .map_err(|e| why_failed(text::cannot_open(&e.to_string())))?;
        let play = Play::new(run, attempt.seed);
        let debrief = play
            .debrief()
            .ok_or_else(|| text::cannot_open(text::HISTORY_UNFINISHED_OPEN))?;
        Ok((play, debrief))
    }

    /// Enter in the history: the selected attempt's full debrief.
    fn open_past_debrief(&mut self) {
        let Screen::History(state) = &self.screen else {
            return;
        };
        match self.past_run(state.selected) {
            Ok((play, debrief)) => {
                let Screen::History(back) = std::mem::replace(&mut self.screen, Screen::Library)
                else {
                    return;
                };
                let mut state = DebriefState::new(Box::new(play), debrief);
                state.history = Some(back);
                self.screen = Screen::Debrief(Box::new(state));
            }
            Err(why) => self.hint = Some(why),
        }
    }

    /// `c` in the history: marks the selected attempt, or compares it with the one marked.
    fn compare_marked(&mut self) {
        let Screen::History(state) = &mut self.screen else {
            return;
        };
        let selected = state.selected;
        let Some(marked) = state.marked else {
            state.marked = Some(selected);
            let title = clean(&state.history.attempts[selected].scenario_title).into_owned();
            self.hint = Some(text::history_marked(&title));
            return;
        };
        if marked == selected {
            state.marked = None;
            return;
        }
        if state.history.attempts[marked].scenario != state.history.attempts[selected].scenario {
            self.hint = Some(text::COMPARE_OTHER_SCENARIO.to_owned());
            return;
        }
        let (older, newer) = (marked.min(selected), marked.max(selected));
        let sides = self
            .past_run(older)
            .and_then(|a| Ok((a, self.past_run(newer)?)));
        match sides {
            Ok(((_, left), (_, right))) => {
                let Screen::History(mut back) =
                    std::mem::replace(&mut self.screen, Screen::Library)
                else {
                    return;
                };
                back.marked = None;
                let when = |i: usize| {
                    back.history.attempts[i].started_at.replace('T', " ")[..16].to_owned()
                };
                self.screen = Screen::Compare(Box::new(CompareState {
                    left: (when(older), left),
                    right: (when(newer), right),
                    scroll: Scroller::default(),
                    back,
                }));
            }
            Err(why) => self.hint = Some(why),
        }
    }

    fn compare_screen(&mut self, action: Action) {
        let Screen::Compare(state) = &mut self.screen else {
            return;
        };
        match action {
            Action::Up => state.scroll.back(1),
            Action::Down => state.scroll.forward(1),
            Action::ScrollUp => state.scroll.back(WHEEL_LINES),
            Action::ScrollDown => state.scroll.forward(WHEEL_LINES),
            Action::PageUp => state.scroll.page_back(),
            Action::PageDown => state.scroll.page_forward(),
            Action::Home => state.scroll.to_start(),
            Action::End => state.scroll.to_limit(),
            Action::Back => {
                let Screen::Compare(state) = std::mem::replace(&mut self.screen, Screen::Library)
                else {
                    return;
                };
                self.screen = Screen::History(state.back);
            }
            other => {
                self.common(other);
            }
        }
    }

    fn mode_of_run(&self) -> Mode {
        match &self.screen {
            Screen::Conversation(play) | Screen::Briefing(play) => play.run.options().mode,
            _ => self.mode,
        }
    }

    fn open_debrief(&mut self) {
        let Screen::Conversation(play) = std::mem::replace(&mut self.screen, Screen::Library)
        else {
            return;
        };
        if let Some(debrief) = play.debrief() {
            self.screen = Screen::Debrief(Box::new(DebriefState::new(play, debrief)));
        }
        // The library's best and attempts count this run.
        self.refresh_records();
    }

    fn end_replay(&mut self) {
        let Screen::Conversation(play) = std::mem::replace(&mut self.screen, Screen::Library)
        else {
            return;
        };
        if let Some(replay) = play.replay {
            self.screen = Screen::Debrief(replay.back);
        }
    }

    fn debrief(&mut self, action: Action) {
        let Screen::Debrief(state) = &mut self.screen else {
            return;
        };
        match action {
            Action::Retry => {
                let scenario = state.play.run.scenario();
                self.brief(scenario);
            }
            Action::ReplayBest => {
                let Some(path) = state.debrief.best_path.as_ref().map(|b| b.steps.clone()) else {
                    return;
                };
                let Screen::Debrief(state) = std::mem::replace(&mut self.screen, Screen::Library)
                else {
                    return;
                };
                let run = Run::start(
                    state.play.run.scenario(),
                    self.rubric,
                    state.play.run.options().clone(),
                );
                let mut play = Play::new(run, state.play.seed);
                self.stop_recording();
                play.replay = Some(Replay { path, back: state });
                play.show_turn();
                self.screen = Screen::Conversation(Box::new(play));
            }
            Action::RetryFrom => {
                self.retry_from.clear();
                self.overlay = Some(Overlay::RetryFrom);
            }
            // A past attempt's debrief goes back to the history it was opened from.
            Action::Library if state.history.is_some() => {
                let Screen::Debrief(state) = std::mem::replace(&mut self.screen, Screen::Library)
                else {
                    return;
                };
                if let Some(history) = state.history {
                    self.screen = Screen::History(history);
                }
            }
            Action::Library => self.screen = Screen::Library,
            Action::Up => state.scroll.back(1),
            Action::Down => state.scroll.forward(1),
            Action::ScrollUp => state.scroll.back(WHEEL_LINES),
            Action::ScrollDown => state.scroll.forward(WHEEL_LINES),
            Action::PageUp => state.scroll.page_back(),
            Action::PageDown => state.scroll.page_forward(),
            Action::Home => state.scroll.to_start(),
            Action::End => state.scroll.to_limit(),
            other => {
                self.common(other);
            }
        }
    }
}

/// Applies an editing action to a line of typed text; false for any other action.
fn edit(line: &mut Reply, action: Action) -> bool {
    match action {
        // Refused at the limit.
        Action::Type(c) => {
            line.insert(c);
        }
        Action::Erase => line.erase(),
        Action::Delete => line.delete(),
        Action::EraseWord => line.erase_word(),
        Action::ClearInput => line.clear(),
        Action::Left => line.left(),
        Action::Right => line.right(),
        Action::Home => line.home(),
        Action::End => line.end(),
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests;
