//! Recording TUI runs in the progress store: the store handle lives here, beside the
//! app, never inside the domain's `Run`. Every call commits on its own, so a run left
//! half-way keeps every answer given; a failure is kept as a warning and the run goes on.
//! An answer that fails to record is kept and written in its place before the next one
//! and before the result, never replaced by a later answer.

use crate::domain::library::LibraryFile;
use crate::domain::session::{Answered, DecisionRecord, Run};
use crate::domain::store::{AttemptId, AttemptStart, Store, Unfinished};
use std::time::Instant;

/// The open store and the attempt being recorded, if any.
#[derive(Debug)]
pub struct Recorder {
    pub store: Store,
    /// The attempt of the run on screen, once it has begun.
    pub attempt: Option<AttemptId>,
    /// When the decision on screen was shown, for the response time.
    shown_at: Instant,
    /// The last thing that could not be recorded.
    pub error: Option<String>,
    /// Every trainee's unfinished attempts, latest first, as last read.
    pub unfinished: Vec<Unfinished>,
    /// The place of the next answer in the attempt.
    next: usize,
    /// Answers not yet written, in order: (place, record, response time).
    pending: Vec<(usize, DecisionRecord, u64)>,
}

impl Recorder {
    pub fn new(store: Store) -> Recorder {
        let mut recorder = Recorder {
            store,
            attempt: None,
            shown_at: Instant::now(),
            error: None,
            unfinished: Vec::new(),
            next: 0,
            pending: Vec::new(),
        };
        recorder.refresh();
        recorder
    }

    /// Reads the unfinished attempts again.
    pub fn refresh(&mut self) {
        match self.store.unfinished(None) {
            Ok(list) => self.unfinished = list,
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// `trainee`'s latest unfinished attempt of `scenario`.
    pub fn unfinished_of(&self, trainee: &str, scenario: &str) -> Option<&Unfinished> {
        self.unfinished
            .iter()
            .find(|u| u.trainee == trainee && u.scenario == scenario)
    }

    /// Begins an attempt for `run`, a run of the scenario in `file`, played by typing
    /// replies when `free_text`.
    pub fn begin(&mut self, run: &Run<'_>, file: Option<&LibraryFile>, free_text: bool) {
        let bytes = file.map_or(&[][..], |f| f.checked.text.as_bytes());
        let source = file
            .map(|f| f.origin.clone())
            .filter(|o| !o.starts_with("built-in/"))
            .map(|o| {
                std::fs::canonicalize(&o)
                    .map(|p| p.display().to_string())
                    .unwrap_or(o)
            });
        let start = AttemptStart::for_run(run, bytes, source).typed(free_text);
        self.next = 0;
        self.pending.clear();
        match self.store.begin_attempt(&start) {
            Ok(id) => self.attempt = Some(id),
            Err(e) => {
                self.attempt = None;
                self.error = Some(e.to_string());
            }
        }
        self.refresh();
        self.shown();
    }

    /// Continues an attempt already in the store (a resumed run), claiming it: refused
    /// (with the store's reason) while another run records into it.
    pub fn continue_attempt(&mut self, attempt: &Unfinished) -> Result<(), String> {
        self.store
            .claim_attempt(attempt.id)
            .map_err(|e| e.to_string())?;
        self.attempt = Some(attempt.id);
        self.next = attempt.decisions.len();
        self.pending.clear();
        self.shown();
        Ok(())
    }

    /// A decision was put on screen now.
    pub fn shown(&mut self) {
        self.shown_at = Instant::now();
    }

    /// Commits one answer, with the time since its decision was shown; false when it
    /// was not committed (no attempt, or the store failed).
    pub fn decision(&mut self, answered: &Answered) -> bool {
        let Some(id) = self.attempt else {
            return false;
        };
        let ms = self
            .shown_at
            .elapsed()
            .as_millis()
            .try_into()
            .unwrap_or(u64::MAX);
        self.pending
            .push((self.next, DecisionRecord::from(answered), ms));
        self.next += 1;
        while let Some((seq, record, ms)) = self.pending.first() {
            match self.store.record_decision(id, *seq, record, *ms) {
                Ok(()) => {
                    self.pending.remove(0);
                }
                Err(e) => {
                    self.error = Some(e.to_string());
                    return false;
                }
            }
        }
        true
    }

    /// Commits one answer of `run`, and the result once `run` is over; false when either
    /// was not committed.
    pub fn commit(&mut self, answered: &Answered, run: &Run<'_>) -> bool {
        let saved = self.decision(answered);
        let finished = !run.is_over() || self.finish(run);
        saved && finished
    }

    /// Records the result of `run` once it is over, and ends the attempt; false when
    /// the result was not recorded.
    pub fn finish(&mut self, run: &Run<'_>) -> bool {
        let Some(id) = self.attempt else {
            return false;
        };
        let Some(result) = run.result() else {
            return false;
        };
        let done = match self.store.finish_attempt(id, &result) {
            Ok(_) => true,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        };
        self.attempt = None;
        self.pending.clear();
        self.refresh();
        done
    }

    /// Leaves the attempt unfinished (the run was left), letting go of it so that it
    /// can be resumed.
    pub fn leave(&mut self) {
        if let Some(id) = self.attempt.take()
            && let Err(e) = self.store.release_attempt(id)
        {
            self.error = Some(e.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::library::Library;
    use crate::domain::rubric::Rubric;
    use crate::domain::session::Mode;
    use crate::domain::store::attempts::AttemptFilter;
    use crate::domain::store::{Store, StoredAttempt};
    use crate::tui::app::{App, Config, Screen};
    use crate::tui::input::{Action, Context};
    use crate::tui::theme::Theme;
    use std::path::{Path, PathBuf};

    fn parcel_library(rubric: &Rubric) -> Library {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid/parcel-mixup.toml");
        Library::from_paths(&[path], rubric)
    }

    fn config(mode: Mode) -> Config {
        Config {
            seed: Some(7),
            shuffle: false,
            trainee: Some("Sam".to_owned()),
            mode,
            start: None,
            from: None,
            free_text: false,
        }
    }

    fn attempts(path: &Path) -> Vec<StoredAttempt> {
        Store::open(path)
            .unwrap()
            .attempts(&AttemptFilter::default())
            .unwrap()
    }

    /// Answers with the first choice until the run is over.
    fn play_through(app: &mut App) {
        for _ in 0..50 {
            match app.context() {
                Context::Turn => app.handle(Action::Pick(1)),
                Context::Feedback | Context::Over => app.handle(Action::Confirm),
                _ => return,
            }
        }
    }

    #[test]
    fn a_tui_run_is_recorded_decision_by_decision_and_finished_at_the_ending() {
        for mode in [Mode::Coach, Mode::Assess] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("progress.sqlite");
            let rubric = Rubric::builtin();
            let library = parcel_library(&rubric);
            let mut app = App::new(&library, &rubric, config(mode), Theme::mono())
                .with_store(Store::open(&path).map_err(|e| e.to_string()));
            app.handle(Action::Confirm);
            app.handle(Action::Confirm);
            assert_eq!(app.context(), Context::Turn);
            let stored = attempts(&path);
            assert_eq!(stored.len(), 1, "the attempt begins with the conversation");
            assert!(stored[0].result.is_none());
            assert_eq!(stored[0].trainee, "Sam");
            assert_eq!(stored[0].seed, 7);

            app.handle(Action::Pick(1));
            let stored = attempts(&path);
            assert_eq!(
                stored[0].decisions.len(),
                1,
                "each answer is committed at once"
            );
            assert!(stored[0].decisions[0].response_ms.is_some());

            play_through(&mut app);
            assert!(matches!(app.screen, Screen::Debrief(_)));
            let Screen::Debrief(state) = &app.screen else {
                unreachable!()
            };
            let stored = attempts(&path);
            assert_eq!(stored.len(), 1);
            let finish = stored[0].result.as_ref().expect("finished at the ending");
            assert_eq!(stored[0].decisions.len(), state.play.run.decisions().len());
            assert_eq!(finish.outcome, state.debrief.result.outcome);
            assert!(app.recorder.as_ref().unwrap().error.is_none());
        }
    }

    #[test]
    fn a_run_left_half_way_stays_unfinished_and_a_replay_is_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite");
        let rubric = Rubric::builtin();
        let library = parcel_library(&rubric);
        let mut app = App::new(&library, &rubric, config(Mode::Assess), Theme::mono())
            .with_store(Store::open(&path).map_err(|e| e.to_string()));
        app.handle(Action::Confirm);
        app.handle(Action::Confirm);
        app.handle(Action::Pick(2));
        app.handle(Action::Back);
        app.handle(Action::Yes);
        assert_eq!(app.context(), Context::Library);
        // Starting over is a new attempt; the first stays unfinished with its one answer.
        app.handle(Action::Confirm);
        assert_eq!(app.context(), Context::Offer);
        app.handle(Action::Confirm);
        app.handle(Action::Confirm);
        app.handle(Action::Confirm);
        play_through(&mut app);
        app.handle(Action::ReplayBest);
        play_through(&mut app);
        let stored = attempts(&path);
        assert_eq!(stored.len(), 2);
        assert!(stored[0].result.is_none());
        assert_eq!(stored[0].decisions.len(), 1);
        assert!(stored[1].result.is_some());
        let store = Store::open(&path).unwrap();
        assert_eq!(store.unfinished(Some("Sam")).unwrap().len(), 1);
    }

    #[test]
    fn a_decision_tried_again_is_not_recorded_and_the_first_answer_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite");
        let rubric = Rubric::builtin();
        let library = parcel_library(&rubric);
        let mut app = App::new(&library, &rubric, config(Mode::Coach), Theme::mono())
            .with_store(Store::open(&path).map_err(|e| e.to_string()));
        app.handle(Action::Confirm);
        app.handle(Action::Confirm);
        app.handle(Action::Pick(2));
        app.handle(Action::TryAgain);
        assert_eq!(
            app.kept(),
            crate::tui::app::Kept::SoFar,
            "the run's answer is kept"
        );
        app.handle(Action::Pick(1));
        app.handle(Action::Confirm);
        let stored = attempts(&path);
        assert_eq!(stored.len(), 1);
        assert_eq!(
            stored[0].decisions.len(),
            1,
            "the practice answer is not recorded"
        );
        assert_eq!(stored[0].decisions[0].record.choice, 1);
    }

    #[test]
    fn without_a_store_the_library_says_progress_is_not_saved() {
        let rubric = Rubric::builtin();
        let library = parcel_library(&rubric);
        let app = App::new(&library, &rubric, config(Mode::Coach), Theme::mono())
            .with_store(Err("cannot create /nowhere".to_owned()));
        let area = ratatui::layout::Rect::new(0, 0, 80, 24);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        ratatui::widgets::Widget::render(&app, area, &mut buf);
        let row: String = (0..80).map(|x| buf[(x, 1)].symbol().to_owned()).collect();
        assert!(
            row.contains("progress is not being saved: cannot create /nowhere"),
            "{row}"
        );
    }
}
