//! Recording TUI runs in the progress store: the store handle lives here, beside the
//! app, never inside the domain's `Run`. Every call commits on its own, so a run left
//! half-way keeps every answer given; a failure is kept as a warning and the run goes on.
//! An answer that fails to record is kept and written in its place before the next one
//! and before the result, never replaced by a later answer.

use crate::domain::library::LibraryFile;
use crate::domain::session::{Answered, DecisionRecord, Miss, Run};
use crate::domain::store::{AttemptId, AttemptStart, Store, Unfinished};
use std::time::Instant;

/// The open store and the attempt being recorded, if any.
#[derive(Debug)]
pub struct Recorder {
    pub store: Store,
    /// The attempt of the run on screen, once it has begun, until it finishes.
    pub attempt: Option<AttemptId>,
    /// The attempt of the run on screen, kept once it finished: practice of its last
    /// decision comes after the result.
    practised: Option<AttemptId>,
    /// When the decision on screen was shown, for the response time.
    shown_at: Instant,
    /// The last thing that could not be recorded.
    pub error: Option<String>,
    /// Every trainee's unfinished attempts, latest first, as last read.
    pub unfinished: Vec<Unfinished>,
    /// The class the attempts belong to, when the player serves a class.
    pub class: Option<String>,
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
            practised: None,
            shown_at: Instant::now(),
            error: None,
            unfinished: Vec::new(),
            class: None,
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
        let start = AttemptStart::for_run(run, bytes, source)
            .typed(free_text)
            .in_class(self.class.clone());
        self.next = 0;
        self.pending.clear();
        match self.store.begin_attempt(&start) {
            Ok(id) => self.attempt = Some(id),
            Err(e) => {
                self.attempt = None;
                self.error = Some(e.to_string());
            }
        }
        self.practised = self.attempt;
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
        self.practised = self.attempt;
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
        let ms = self.since_shown();
        self.pending
            .push((self.next, DecisionRecord::from(answered), ms));
        self.next += 1;
        self.flush(id)
    }

    /// Keeps a typed reply that was not taken as a choice at `step` (after the answers
    /// still pending, whose places it follows), so a resumed run counts it again; false
    /// when it was not kept.
    pub fn miss(&mut self, step: &str, reply: &str, kind: Miss) -> bool {
        let Some(id) = self.attempt else {
            return false;
        };
        if !self.flush(id) {
            return false;
        }
        match self.store.record_miss(id, self.next, step, reply, kind) {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    /// Milliseconds since the decision on screen was shown.
    fn since_shown(&self) -> u64 {
        self.shown_at
            .elapsed()
            .as_millis()
            .try_into()
            .unwrap_or(u64::MAX)
    }

    /// Writes the answers still pending to attempt `id`, in order; false at the first
    /// that fails (it and those after it stay pending, for the next try).
    fn flush(&mut self, id: AttemptId) -> bool {
        while let Some((seq, record, ms)) = self.pending.first() {
            if let Err(e) = self.store.record_decision(id, *seq, record, *ms) {
                self.error = Some(e.to_string());
                return false;
            }
            self.pending.remove(0);
        }
        true
    }

    /// Keeps a practice answer, given trying again the decision at place `decision` of the
    /// attempt on screen (finished or not), with the time since it was shown; false when
    /// it was not kept. Never counted: the decision's first answer is the one scored.
    pub fn practice(&mut self, decision: usize, answered: &Answered) -> bool {
        let Some(id) = self.practised else {
            return false;
        };
        // Written after the answers still pending, whose places it follows.
        if let Some(attempt) = self.attempt
            && !self.flush(attempt)
        {
            return false;
        }
        let ms = self.since_shown();
        match self
            .store
            .record_practice(id, decision, &DecisionRecord::from(answered), ms)
        {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
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
    fn a_decision_tried_again_is_kept_as_practice_and_only_the_first_answer_scores() {
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
        // Worse, then again, the best.
        app.handle(Action::Pick(3));
        app.handle(Action::TryAgain);
        app.handle(Action::Pick(1));
        let stored = attempts(&path);
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].decisions.len(), 1, "practice is not a decision");
        assert_eq!(stored[0].decisions[0].record.choice, 1);
        assert_eq!(stored[0].practice.len(), 2, "the practice answers are kept");
        assert_eq!(stored[0].practice[0].decision, 0);
        assert_eq!(stored[0].practice[0].record.choice, 2);
        assert_eq!(stored[0].practice[1].record.choice, 0);
        assert!(stored[0].practice[0].response_ms.is_some());
        app.handle(Action::Confirm);
        // The last decision, weakly again: the run is over and its result recorded, and
        // it can still be tried again.
        assert_eq!(app.context(), Context::Turn);
        app.handle(Action::Pick(2));
        assert!(attempts(&path)[0].result.is_some());
        app.handle(Action::TryAgain);
        app.handle(Action::Pick(1));
        app.handle(Action::Confirm);
        let stored = attempts(&path);
        let attempt = &stored[0];
        let picks: Vec<usize> = attempt.decisions.iter().map(|d| d.record.choice).collect();
        // (The hold was not asked for, so the last decision shows two choices: 2 is the
        // third as written.)
        assert_eq!(picks, [1, 2], "the first answers stand");
        let practice: Vec<(usize, usize)> = attempt
            .practice
            .iter()
            .map(|p| (p.decision, p.record.choice))
            .collect();
        assert_eq!(practice, [(0, 2), (0, 0), (1, 1)]);
        // The score is the first answers': the best replies tried afterwards buy nothing.
        let result = attempt.result.as_ref().unwrap();
        let overall = result.overall.unwrap();
        assert!(overall < 50.0, "{overall}");
        let rebuilt = attempt.run_result().unwrap();
        assert_eq!(rebuilt.decisions.len(), 2);
        // Nor do they count in the class debrief: one answer per decision.
        let report = Store::open(&path)
            .unwrap()
            .report(&crate::domain::store::ReportFilter {
                scenario: Some("parcel-mixup".into()),
                ..Default::default()
            })
            .unwrap();
        let debrief = report.debrief.unwrap();
        assert!(debrief.steps.iter().all(|s| s.answers == 1), "{debrief:?}");
        // A JSONL export carries the practice, and an import brings it back.
        let line = crate::domain::store::export::jsonl_line(attempt);
        let other = dir.path().join("other.sqlite");
        let mut store = Store::open(&other).unwrap();
        store.import_jsonl(format!("{line}\n").as_bytes()).unwrap();
        assert_eq!(
            store.attempt(attempt.id).unwrap().practice,
            attempt.practice
        );
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

    #[test]
    fn resuming_an_attempt_another_run_records_into_is_refused_until_it_lets_go() {
        use crate::domain::session::{Run, RunOptions};
        use crate::domain::store::AttemptStart;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite");
        let rubric = Rubric::builtin();
        let library = parcel_library(&rubric);
        let scenario = library.find("parcel-mixup").unwrap();
        let options = RunOptions {
            seed: 7,
            shuffle: false,
            trainee: "Sam".into(),
            mode: Mode::Coach,
        };
        let run = Run::start(scenario, &rubric, options);
        // Another run (another process, as far as the store can tell) holds the attempt.
        let mut holder = Store::open(&path).unwrap();
        let id = holder
            .begin_attempt(&AttemptStart::for_run(&run, b"", None))
            .unwrap();
        let mut recorder = super::Recorder::new(Store::open(&path).unwrap());
        let unfinished = recorder.unfinished[0].clone();
        assert_eq!(unfinished.id, id);
        let refused = recorder.continue_attempt(&unfinished).unwrap_err();
        assert!(
            refused.contains("being played by another Frontline"),
            "{refused}"
        );
        assert!(recorder.attempt.is_none());
        // Once it quits, the attempt is free to resume.
        drop(holder);
        recorder.continue_attempt(&unfinished).unwrap();
        assert_eq!(recorder.attempt, Some(id));
    }
}
