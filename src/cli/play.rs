//! `frontline play [SCENARIO]`: plain mode (numbered lines on stdout, answers on stdin)
//! for screen readers, terminals without cursor control, and scripts.

use crate::cli::interrupt::OnInterrupt;
use crate::cli::progress::open_store;
use crate::cli::scenario_arg::{Source, list_ids, shell_word};
use crate::cli::{Global, library_in_force_with, render};
use crate::domain::library::LibraryFile;
use crate::domain::rubric::{Rubric, Scored, Scorer};
use crate::domain::sanitize::clean_lines;
use crate::domain::scenario::{Outcome, Scenario};
use crate::domain::session::{
    Answered, Blocker, ChooseError, Debrief, DecisionRecord, DimensionMark, FreeAnswer,
    MISSES_BEFORE_CHOICES, Miss, Mode, MoodBand, NOT_RECORDED, Run, RunOptions, RunResult, Start,
    Turn, Typed, excerpt,
};
use crate::domain::store::attempts::limits;
use crate::domain::store::resume::resume;
use crate::domain::store::{AttemptId, AttemptStart, Store, StoreError, Unfinished};
use crate::domain::validate::load_bytes;
use clap::Args;
use std::io::{BufRead, IsTerminal, Read};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// A scenario id from the library, or a path to a .toml file
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Play as plain lines: the customer's lines and your choices on stdout, the
    /// number of your answer on stdin, one a line (with --free-text, your typed reply)
    #[arg(long)]
    pub plain: bool,
    /// With --plain: print nothing but one JSON object with the result at the end
    #[arg(long, requires = "plain")]
    pub json: bool,
    #[command(flatten)]
    pub run: RunFlags,
    /// Do not record this run in the progress store
    #[arg(long)]
    pub no_record: bool,
    /// Continue an unfinished run (a killed one) where it stopped, with the same draws:
    /// the latest unfinished attempt (of --trainee, when given), or --resume=ATTEMPT for
    /// one by its id or the first digits of it (`frontline history` lists them)
    #[arg(
        long,
        value_name = "ATTEMPT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        requires = "plain",
        conflicts_with_all = ["seed", "no_shuffle", "coach", "assess", "no_record", "from", "set", "mood"]
    )]
    pub resume: Option<String>,
    /// Reload SCENARIO (a file) whenever it is saved, keeping the run's place; findings
    /// are shown on screen until the file is fixed
    #[arg(long, requires = "scenario", conflicts_with = "plain")]
    pub watch: bool,
    /// Begin at this step instead of the start (a trainer's preview, not recorded)
    #[arg(long, value_name = "STEP", requires = "scenario")]
    pub from: Option<String>,
    /// Set this flag before the first line, as if a choice had set it (a preview, not
    /// recorded; repeat for more flags)
    #[arg(long = "set", value_name = "FLAG", requires = "scenario")]
    pub set: Vec<String>,
    /// Begin with the customer's mood at N, from -100 (furious) to 100 (delighted),
    /// instead of the scenario's (a preview, not recorded)
    #[arg(
        long,
        value_name = "N",
        requires = "scenario",
        allow_negative_numbers = true,
        value_parser = clap::value_parser!(i64).range(-100..=100)
    )]
    pub mood: Option<i64>,
}

impl PlayArgs {
    /// The state a trainer's preview begins in (`--from`, `--set`, `--mood`); `None`
    /// for an ordinary run.
    fn preview(&self) -> Option<Start> {
        let start = Start {
            step: self.from.clone(),
            flags: self.set.clone(),
            mood: self.mood,
        };
        (!start.is_ordinary()).then_some(start)
    }
}

/// Says every reason `start` cannot be played on `scenario`; false when there was one.
fn preview_fits(start: Option<&Start>, scenario: &Scenario, origin: &str) -> bool {
    let Some(start) = start else {
        return true;
    };
    let errors = start.check(scenario);
    for e in &errors {
        render::errln!("error: {origin}: {e}");
    }
    errors.is_empty()
}

/// The flags of a run that `frontline` with no command takes too (it opens the library).
#[derive(Debug, Args, Clone, Default, PartialEq, Eq)]
pub struct RunFlags {
    /// Seed every random draw (name, lines, choice order) to repeat a run exactly;
    /// drawn at random when not given
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Show choices in the order the scenario lists them
    #[arg(long)]
    pub no_shuffle: bool,
    /// Your name, as the customer says it [asked once in the full-screen player;
    /// Trainee in plain mode]
    #[arg(long, value_name = "NAME", value_parser = trainee_name)]
    pub trainee: Option<String>,
    /// Feedback after every choice (the default)
    #[arg(long, conflicts_with = "assess")]
    pub coach: bool,
    /// Feedback only in the debrief at the end
    #[arg(long)]
    pub assess: bool,
    /// Type your own replies instead of choosing a number; each is scored with the
    /// rubric's cues and taken as the choice it matches best
    #[arg(long)]
    pub free_text: bool,
}

impl RunFlags {
    /// Coach unless `--assess`.
    fn mode(&self) -> Mode {
        if self.assess {
            Mode::Assess
        } else {
            Mode::Coach
        }
    }

    /// The full-screen player's settings from these flags, opening at `start` (a
    /// scenario) and `from` (a state of it).
    fn tui_config(&self, start: Option<String>, from: Option<Start>) -> crate::tui::Config {
        crate::tui::Config {
            seed: self.seed,
            shuffle: !self.no_shuffle,
            trainee: self.trainee.clone(),
            mode: self.mode(),
            start,
            from,
            free_text: self.free_text,
        }
    }

    pub fn into_play_args(self) -> PlayArgs {
        PlayArgs {
            scenario: None,
            plain: false,
            json: false,
            run: self,
            watch: false,
            from: None,
            set: Vec::new(),
            mood: None,
            no_record: false,
            resume: None,
        }
    }
}

pub const PLAY_EXAMPLES: &str = "Every answer is recorded in the progress store as it is given (see --data-dir), unless --no-record.\n\nExamples:\n  frontline play --plain refund-no-receipt\n  frontline play --plain --resume\n  frontline play --plain --seed 7 --no-shuffle my-scenario.toml < answers.txt\n  frontline play --plain --json --assess refund-no-receipt < answers.txt\n  frontline play --plain my-scenario.toml --from options --set checked-history --mood -40\n  frontline play my-scenario.toml --watch";

pub fn run(args: &PlayArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    if !args.plain {
        return full_screen(args, global, rubric);
    }
    if let Some(which) = &args.resume {
        return resume_run(args, which, global, rubric);
    }
    let Some(wanted) = args.scenario.as_deref() else {
        let library = library_in_force_with(global, rubric, load_bytes);
        render::errln!("error: name the scenario to play: frontline play --plain SCENARIO");
        render::errln!("{}", list_ids(&library));
        return ExitCode::from(2);
    };
    let source = match Source::find(wanted, global, rubric) {
        Ok(source) => source,
        Err(message) => {
            render::print_styled_err(&message);
            return ExitCode::from(1);
        }
    };
    let Some(scenario) = source.scenario() else {
        return ExitCode::from(1);
    };
    let preview = args.preview();
    if !preview_fits(preview.as_ref(), scenario, wanted) {
        return ExitCode::from(1);
    }
    let stdin = std::io::stdin();
    let options = RunOptions {
        seed: args.run.seed.unwrap_or_else(rand::random),
        shuffle: !args.run.no_shuffle,
        trainee: plain_trainee(args, global, stdin.is_terminal()),
        mode: args.run.mode(),
    };
    let Some(scorer) = free_text_scorer(args, rubric) else {
        return ExitCode::from(1);
    };
    let run = Run::start_from(
        scenario,
        rubric,
        options,
        &preview.clone().unwrap_or_default(),
    );
    // A preview is a trainer's check of part of a run, not an attempt: never recorded.
    let mut recorder = if args.no_record || preview.is_some() {
        Recorder::off()
    } else {
        let file = matches!(source, Source::File(_)).then(|| file_path(wanted));
        let bytes = source.text().unwrap_or_default().as_bytes();
        let start = AttemptStart::for_run(&run, bytes, file).typed(scorer.is_some());
        Recorder::begin(global, start)
    };
    // Time limits only bind a person at a terminal, so a scripted run repeats exactly.
    let timed = stdin.is_terminal();
    let mut player = Plain {
        out: Out::new(args.json),
        rubric,
        timed,
        scorer,
        resume: ResumeCommand::new(global),
    };
    player.header(&run);
    if let Some(start) = &preview {
        player
            .out
            .line(&format!("Preview {} (not recorded).", start.describe()));
    }
    player.play(run, &mut recorder, &mut stdin.lock())
}

/// Who plays a plain run: `--trainee`; else, at a terminal, the name typed at a prompt
/// (Enter keeps the one given last time); else the one given last time (the store keeps
/// it, and the TUI shares it), else "Trainee". A name typed is remembered. With
/// `--no-record` the store is not touched, so only `--trainee` or the prompt name the run.
fn plain_trainee(args: &PlayArgs, global: &Global, terminal: bool) -> String {
    if let Some(name) = &args.run.trainee {
        return name.clone();
    }
    let mut store = (!args.no_record).then(|| open_store(global).ok()).flatten();
    let last = store
        .as_ref()
        .and_then(|s| s.last_trainee().ok().flatten())
        .map(|n| crate::domain::sanitize::clean(n.trim()).into_owned());
    if !terminal {
        return last.unwrap_or_else(|| PLAIN_TRAINEE.to_owned());
    }
    let typed = ask_name(last.as_deref());
    match (typed, last) {
        (Some(name), _) => {
            if let Some(store) = &mut store
                && let Err(e) = store.set_last_trainee(&name)
            {
                render::errln!("warning: your name is not remembered for next time: {e}");
            }
            name
        }
        (None, Some(last)) => last,
        (None, None) => PLAIN_TRAINEE.to_owned(),
    }
}

/// A trainee's name as the store keeps it: not blank, and no longer than an import
/// accepts, so every recorded attempt can be exported and imported again (a 300-character
/// `--trainee` was recorded and then refused by `import`).
fn trainee_name(name: &str) -> Result<String, String> {
    let limit = crate::domain::store::attempts::limits::NAME;
    let chars = name.chars().count();
    if name.trim().is_empty() {
        Err("a trainee's name cannot be blank".to_owned())
    } else if chars > limit {
        Err(format!(
            "a trainee's name is at most {limit} characters; this one has {chars}"
        ))
    } else {
        Ok(name.to_owned())
    }
}

/// The name a plain run uses when none is given or remembered.
const PLAIN_TRAINEE: &str = "Trainee";

/// Asks the trainee's name on stderr (stdout carries the run), to be typed on the next
/// line; `None` for Enter alone
/// (keep `last`) or the end of input. Asks again for an empty name when none is kept.
fn ask_name(last: Option<&str>) -> Option<String> {
    let stdin = std::io::stdin();
    loop {
        match last {
            Some(last) => render::errln!("Your name? (Enter keeps {last})"),
            None => render::errln!(
                "Your name? (The customer will use it, and it goes on your results.)"
            ),
        }
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let name = crate::domain::sanitize::clean(line.trim()).into_owned();
        if !name.is_empty() {
            match trainee_name(&name) {
                Ok(name) => return Some(name),
                Err(why) => {
                    render::errln!("{why}: type a shorter one.");
                    continue;
                }
            }
        }
        if last.is_some() {
            return None;
        }
    }
}

/// The scorer for `--free-text` (`Some(None)` without it); `None` after saying why the
/// rubric cannot score typed replies.
fn free_text_scorer(args: &PlayArgs, rubric: &Rubric) -> Option<Option<Scorer>> {
    scorer_if(args.run.free_text, rubric)
}

/// The scorer when replies are typed (`Some(None)` when they are chosen); `None` after
/// saying why the rubric cannot score typed replies.
fn scorer_if(free_text: bool, rubric: &Rubric) -> Option<Option<Scorer>> {
    if !free_text {
        return Some(None);
    }
    match Scorer::new(rubric) {
        Ok(scorer) => Some(Some(scorer)),
        Err(findings) => {
            render::errln!(
                "error: the rubric cannot score typed replies ({} problems); `frontline validate` on the rubric file lists them",
                findings.len()
            );
            None
        }
    }
}

/// A scenario file's path as the store keeps it: absolute, so a resume from another
/// folder finds it.
fn file_path(wanted: &str) -> String {
    std::fs::canonicalize(wanted)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| wanted.to_owned())
}

/// `play --plain --resume[=ATTEMPT]`: replays the recorded answers of an unfinished attempt
/// on a fresh run with its seed and options, then goes on from where it stopped.
fn resume_run(args: &PlayArgs, which: &str, global: &Global, rubric: &Rubric) -> ExitCode {
    let mut store = match open_store(global) {
        Ok(store) => store,
        Err(message) => {
            render::errln!("{message}");
            return ExitCode::from(1);
        }
    };
    let attempt = match find_unfinished(&store, which, args.run.trainee.as_deref()) {
        Ok(attempt) => attempt,
        Err(message) => {
            render::errln!("{message}");
            return ExitCode::from(1);
        }
    };
    // One run per attempt: a second resume of it, while this one goes on, is refused.
    if let Err(e) = store.claim_attempt(attempt.id) {
        render::errln!("{e}");
        return ExitCode::from(1);
    }
    // The scenario: as given, else the file it was played from here, else the library's.
    let source = match &args.scenario {
        Some(given) => Source::find(given, global, rubric),
        None => recorded_source(&store, &attempt, global, rubric),
    };
    let source = match source {
        Ok(source) => source,
        Err(message) => {
            render::print_styled_err(&message);
            render::errln!(
                "error: attempt {} is a run of `{}`; give its scenario file: frontline play --plain --resume={} FILE",
                attempt.id,
                attempt.scenario,
                attempt.id.short()
            );
            return ExitCode::from(1);
        }
    };
    let Some(scenario) = source.scenario() else {
        return ExitCode::from(1);
    };
    let bytes = source.text().unwrap_or_default().as_bytes();
    let run = match resume(scenario, bytes, rubric, &attempt) {
        Ok(run) => run,
        Err(e) => {
            render::errln!("error: cannot resume attempt {}: {e}", attempt.id);
            return ExitCode::from(1);
        }
    };
    // The run goes on as it was played: typed replies when it was begun with them
    // (--free-text is not needed again; a store from before version 2 only shows it by
    // a typed reply among the answers), numbers otherwise.
    let free_text = attempt.free_text || run.decisions().iter().any(|d| d.reply.is_some());
    let Some(scorer) = scorer_if(free_text, rubric) else {
        return ExitCode::from(1);
    };
    let stdin = std::io::stdin();
    let mut player = Plain {
        out: Out::new(args.json),
        rubric,
        timed: stdin.is_terminal(),
        scorer,
        resume: ResumeCommand::new(global),
    };
    player.header(&run);
    player.out.line(&format!(
        "Resuming attempt {} (started {}): {} answer{} replayed.",
        attempt.id.short(),
        attempt.started_at,
        attempt.decisions.len(),
        if attempt.decisions.len() == 1 {
            ""
        } else {
            "s"
        }
    ));
    for (i, d) in run.decisions().iter().enumerate() {
        player.out.line(&format!("{}. You: \"{}\"", i + 1, d.said));
    }
    let mut recorder = Recorder::resumed(store, attempt.id, attempt.decisions.len());
    player.play(run, &mut recorder, &mut stdin.lock())
}

/// The scenario an attempt was played from, found without trusting what an import says
/// of it: its file when this machine recorded the attempt (an imported one's `source`
/// names a file elsewhere and is never read; a changed file is then refused by `resume`),
/// else the scenario with its id in the library in force (never a path).
fn recorded_source(
    store: &Store,
    attempt: &Unfinished,
    global: &Global,
    rubric: &Rubric,
) -> Result<Source, render::Styled> {
    let local = !store
        .is_imported(attempt.id)
        .map_err(|e| render::Styled::text(&e.to_string()))?;
    if let Some(path) = attempt.source.as_deref().filter(|_| local)
        && std::path::Path::new(path).is_file()
    {
        return Source::find(path, global, rubric);
    }
    if let Err(why) = limits::id("scenario", &attempt.scenario) {
        return Err(render::Styled::text(&format!(
            "error: the attempt names its scenario oddly: {why}"
        )));
    }
    Source::in_library(&attempt.scenario, global, rubric)
}

/// The unfinished attempt `which` names: empty for the latest (of `trainee` when given).
fn find_unfinished(
    store: &Store,
    which: &str,
    trainee: Option<&str>,
) -> Result<Unfinished, String> {
    if which.is_empty() {
        let mut all = store.unfinished(trainee).map_err(|e| e.to_string())?;
        if all.is_empty() {
            let whose = trainee.map_or(String::new(), |t| format!(" by {t}"));
            return Err(format!(
                "error: there is no unfinished run{whose} to resume in {}; start one with `frontline play --plain SCENARIO`",
                store.path().display()
            ));
        }
        return Ok(all.remove(0));
    }
    let id = store.find_attempt(which).map_err(|e| e.to_string())?;
    let attempt = store.attempt(id).map_err(|e| e.to_string())?;
    if attempt.result.is_some() {
        return Err(format!(
            "error: attempt {id} is finished: there is nothing to resume. Play the scenario again with `frontline play --plain {}`",
            attempt.scenario
        ));
    }
    if let Some(t) = trainee.filter(|t| *t != attempt.trainee) {
        return Err(format!(
            "error: attempt {id} is {}'s, not {t}'s",
            attempt.trainee
        ));
    }
    Ok(attempt)
}

/// Records a run as it is played. A failure is a warning: the run always goes on, and
/// what could not be recorded is said plainly.
///
/// Each answer is written in its own place (its number in the run). One that fails to
/// record (the store locked too long, the disk full) is kept here and written, in order,
/// before the next answer and before the result, so the store holds the run's first
/// answers with no gap, whatever failed on the way.
struct Recorder {
    store: Option<Store>,
    id: Option<AttemptId>,
    /// The place of the next answer: the answers the run has made so far.
    next: usize,
    /// Answers not yet written, in order: (place, record, response time).
    pending: Vec<(usize, DecisionRecord, u64)>,
    /// The answers in the store, locked while one is written: a Ctrl-C waits for the
    /// lock, so it never ends the program half-way through a write (src/cli/interrupt.rs).
    written: Arc<Mutex<usize>>,
}

impl Recorder {
    /// Keeps a typed reply that was not taken as a choice at `step`, after the answers
    /// still pending (a resumed run counts it again); a failure is a warning.
    fn miss(&mut self, step: &str, reply: &str, kind: Miss) {
        if self.store.is_none() || !self.flush() {
            return;
        }
        let written = Arc::clone(&self.written);
        let _writing = written.lock().unwrap_or_else(PoisonError::into_inner);
        let (Some(store), Some(id)) = (self.store.as_mut(), self.id) else {
            return;
        };
        if let Err(e) = store.record_miss(id, self.next, step, reply, kind) {
            render::errln!("warning: a reply that was not taken was not recorded: {e}");
        }
    }

    fn off() -> Recorder {
        Recorder {
            store: None,
            id: None,
            next: 0,
            pending: Vec::new(),
            written: Arc::default(),
        }
    }

    /// Records into an attempt already begun, which holds `recorded` answers.
    fn resumed(store: Store, id: AttemptId, recorded: usize) -> Recorder {
        Recorder {
            store: Some(store),
            id: Some(id),
            next: recorded,
            pending: Vec::new(),
            written: Arc::new(Mutex::new(recorded)),
        }
    }

    fn begin(global: &Global, start: AttemptStart) -> Recorder {
        let mut store = match open_store(global) {
            Ok(store) => store,
            Err(message) => {
                warn_not_recorded(&message);
                return Recorder::off();
            }
        };
        match store.begin_attempt(&start) {
            Ok(id) => Recorder::resumed(store, id, 0),
            Err(e) => {
                warn_not_recorded(&e.to_string());
                Recorder::off()
            }
        }
    }

    /// Commits one answer before the next prompt, after any that failed before it.
    fn decision(&mut self, answered: &Answered, response_ms: u64) {
        if self.store.is_none() {
            return;
        }
        self.pending
            .push((self.next, DecisionRecord::from(answered), response_ms));
        self.next += 1;
        self.flush();
    }

    /// Writes the answers not yet written, in order, stopping at the first failure;
    /// true when none is left.
    fn flush(&mut self) -> bool {
        let written = Arc::clone(&self.written);
        let mut written = written.lock().unwrap_or_else(PoisonError::into_inner);
        let (Some(store), Some(id)) = (self.store.as_mut(), self.id) else {
            return false;
        };
        while let Some((seq, record, ms)) = self.pending.first() {
            match store.record_decision(id, *seq, record, *ms) {
                Ok(()) => {
                    *written = *seq + 1;
                    self.pending.remove(0);
                }
                Err(e @ StoreError::Io { .. }) => {
                    let waiting = self.pending.len();
                    render::errln!(
                        "warning: answer {} was not recorded: {e}\nThe run goes on; {} kept and written in order with the next answer or the result.",
                        seq + 1,
                        if waiting == 1 {
                            "it is".to_owned()
                        } else {
                            format!("the {waiting} answers not recorded are")
                        }
                    );
                    return false;
                }
                Err(e) => {
                    render::errln!(
                        "warning: answer {} was not recorded: {e}\nThe run goes on unrecorded; attempt {id} keeps the answers before it.",
                        seq + 1
                    );
                    self.store = None;
                    return false;
                }
            }
        }
        true
    }

    fn finish(&mut self, result: &RunResult) {
        // The answers that failed first, each with its response time; the result then
        // adds any still missing, in their places.
        self.flush();
        let written = Arc::clone(&self.written);
        let _writing = written.lock().unwrap_or_else(PoisonError::into_inner);
        let (Some(store), Some(id)) = (self.store.as_mut(), self.id) else {
            return;
        };
        if let Err(e) = store.finish_attempt(id, result) {
            let kept = self.next - self.pending.len();
            render::errln!(
                "warning: the result was not recorded: {e}\nThe debrief above is complete; attempt {id} stays unfinished in the store with its first {kept} answer{}.",
                if kept == 1 { "" } else { "s" }
            );
        }
    }
}

fn warn_not_recorded(message: &str) {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    render::errln!(
        "warning: this run is not being recorded: {message}\nThe run goes on; add --no-record to play without the store."
    );
}

/// The full-screen player: the library, or straight to SCENARIO's briefing.
fn full_screen(args: &PlayArgs, global: &Global, rubric: &Rubric) -> ExitCode {
    if args.watch {
        return watch(args, rubric);
    }
    let (library, start) = match args.scenario.as_deref() {
        None => (library_in_force_with(global, rubric, load_bytes), None),
        Some(wanted) => match Source::find(wanted, global, rubric) {
            Ok(Source::Library(library, id)) => (library, Some(id)),
            Ok(Source::File(checked)) => {
                let id = checked.scenario.as_ref().map(|s| s.id().to_owned());
                let mut library = library_in_force_with(global, rubric, load_bytes);
                // The file given takes the place of a library scenario with its id.
                library
                    .files
                    .retain(|f| f.scenario().map(Scenario::id) != id.as_deref());
                library.files.insert(
                    0,
                    LibraryFile {
                        origin: wanted.to_owned(),
                        checked: *checked,
                    },
                );
                (library, id)
            }
            Err(message) => {
                render::print_styled_err(&message);
                return ExitCode::from(1);
            }
        },
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        render::errln!(
            "error: the full-screen player needs a terminal (stdin and stdout); add --plain to play as numbered lines on stdout\n\n  frontline play --plain {}",
            args.scenario.as_deref().unwrap_or("SCENARIO")
        );
        return ExitCode::from(2);
    }
    let preview = args.preview();
    if let Some(id) = &start
        && let Some(scenario) = library.find(id)
        && !preview_fits(
            preview.as_ref(),
            scenario,
            args.scenario.as_deref().unwrap_or(id),
        )
    {
        return ExitCode::from(1);
    }
    let config = args.run.tui_config(start, preview);
    let mut app = crate::tui::App::new(&library, rubric, config, crate::tui::Theme::from_env());
    if !args.no_record {
        app = app.with_store(open_store(global));
    }
    match crate::tui::run(&mut app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            render::errln!("error: the terminal failed: {e}");
            ExitCode::from(1)
        }
    }
}

/// `play FILE --watch`: the full-screen player on one file, reloaded on every save.
fn watch(args: &PlayArgs, rubric: &Rubric) -> ExitCode {
    let path = std::path::PathBuf::from(args.scenario.clone().unwrap_or_default());
    if !path.is_file() {
        render::errln!(
            "error: --watch needs the path of a scenario file, and {} is not one\nhelp: frontline play scenarios/my-scenario.toml --watch",
            path.display()
        );
        return ExitCode::from(1);
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        render::errln!("error: --watch needs a terminal (stdin and stdout)");
        return ExitCode::from(2);
    }
    // A preview's state is checked against the file when it loads now (a broken file is
    // shown on screen, and its state is not checked).
    let preview = args.preview();
    let checked = crate::domain::validate::check_bytes(
        &crate::domain::bounded_read::read_bounded(&path).unwrap_or_default(),
        rubric,
    );
    if let Some(scenario) = &checked.scenario
        && !preview_fits(preview.as_ref(), scenario, &path.display().to_string())
    {
        return ExitCode::from(1);
    }
    let config = args.run.tui_config(None, preview);
    match crate::tui::watch::run(&path, rubric, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            render::errln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The longest line plain mode reads as one answer, in bytes: far more than any reply
/// (the full-screen reply box holds 1,000 characters), little enough to keep in memory.
pub const LINE_MAX: usize = 64 * 1024;

/// Reads and drops the rest of a line, a buffer at a time; false when the input ended or
/// failed before its end.
fn skip_line(input: &mut dyn BufRead) -> bool {
    loop {
        let (done, used) = match input.fill_buf() {
            Ok([]) | Err(_) => return false,
            Ok(buf) => match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (true, i + 1),
                None => (false, buf.len()),
            },
        };
        input.consume(used);
        if done {
            return true;
        }
    }
}

/// Text for people, unless `--json` asked for nothing but the result. Every line is
/// cleaned on its way out: scenario text and typed replies reach the terminal as text,
/// never as escape sequences, whichever line they are part of. Lines on stdout are
/// wrapped between words at the terminal's width (when stdout is not a terminal, at
/// `COLUMNS` when that is set, else 80); only a word longer than a whole line is broken.
struct Out {
    json: bool,
    width: usize,
}

/// The width plain text is wrapped at when stdout is not a terminal (a file, a pipe).
const PLAIN_WIDTH: usize = 80;

impl Out {
    fn new(json: bool) -> Out {
        let width = if std::io::stdout().is_terminal() {
            ratatui::crossterm::terminal::size()
                .ok()
                .map(|(cols, _)| usize::from(cols))
        } else {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse().ok())
        };
        let width = width.filter(|&w| w > 0).unwrap_or(PLAIN_WIDTH).max(20);
        Out { json, width }
    }

    fn line(&self, text: &str) {
        if !self.json {
            render::print_out(&wrap(&clean_lines(text), self.width));
        }
    }

    /// A message about the input: part of the conversation on stdout, or on stderr when
    /// stdout carries only JSON.
    fn notice(&self, text: &str) {
        let text = clean_lines(text);
        if self.json {
            render::errln!("{text}");
        } else {
            render::print_out(&wrap(&text, self.width));
        }
    }
}

/// Each line of `text` wrapped at `width` columns, between words: a continuation is
/// indented like its line, and past a list number ("12. ") so a numbered choice reads as
/// one block. A word longer than the room is the only thing broken.
fn wrap(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[indent..];
            let number = rest
                .split_once(". ")
                .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .map_or(0, |(n, _)| n.len() + 2);
            let hang = " ".repeat((indent + number).min(width / 2));
            // A hyphenated word is one word: "forty-five" is never split at its hyphen.
            let options = textwrap::Options::new(width)
                .subsequent_indent(&hang)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .break_words(true);
            textwrap::fill(line, options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

struct Plain<'a> {
    out: Out,
    rubric: &'a Rubric,
    timed: bool,
    /// Set with --free-text: each input line is the reply itself.
    scorer: Option<Scorer>,
    resume: ResumeCommand,
}

/// The command that resumes an attempt of this run, with the global flags it was given
/// on the command line (not those from the environment, which the shell still has).
struct ResumeCommand {
    globals: String,
}

impl ResumeCommand {
    fn new(global: &Global) -> ResumeCommand {
        let given = |value: &Option<std::path::PathBuf>, env: &str| {
            value.clone().filter(|v| {
                std::env::var_os(env).is_none_or(|e| std::path::Path::new(&e) != v.as_path())
            })
        };
        let flags = [
            ("--library", given(&global.library, "FRONTLINE_LIBRARY")),
            ("--data-dir", given(&global.data_dir, "FRONTLINE_DATA")),
            ("--rubric", global.rubric.clone()),
        ];
        let globals = flags
            .into_iter()
            .filter_map(|(flag, value)| {
                value.map(|v| format!(" {flag} {}", shell_word(&v.to_string_lossy())))
            })
            .collect();
        ResumeCommand { globals }
    }

    fn command(&self, id: AttemptId) -> String {
        format!(
            "frontline{} play --plain --resume={}",
            self.globals,
            id.short()
        )
    }
}

/// The line a Ctrl-C leaves: what is kept, and how to go on (`resume`, when recorded).
fn interrupted(written: usize, resume: Option<&str>) -> String {
    let kept = match written {
        0 => "no answer was given yet".to_owned(),
        1 => "your 1 answer is kept".to_owned(),
        n => format!("your {n} answers are kept"),
    };
    match resume {
        Some(command) => format!("Interrupted: {kept}; continue with `{command}`"),
        None => "Interrupted: this run was not recorded, so it cannot be resumed".to_owned(),
    }
}

impl Plain<'_> {
    /// Plays `run` from where it is to its end, recording each answer as it is given.
    fn play(&mut self, mut run: Run, recorder: &mut Recorder, input: &mut dyn BufRead) -> ExitCode {
        let mode = run.options().mode;
        let command = recorder.id.map(|id| self.resume.command(id));
        let hint = move |written: usize| interrupted(written, command.as_deref());
        // Without the handler Ctrl-C still ends the run, and the answers are in the store.
        let _interrupt = OnInterrupt::install(Arc::clone(&recorder.written), hint).ok();
        while let Some(turn) = run.turn() {
            self.show_turn(&run, &turn);
            if turn.choices.is_empty() {
                render::errln!(
                    "error: no choice is shown at step `{}` (every choice there is hidden by its flags), so the run cannot go on",
                    turn.step_id
                );
                return ExitCode::from(1);
            }
            let asked = Instant::now();
            let answered = match &self.scorer {
                Some(scorer) => self.type_reply(&mut run, scorer, &turn, asked, recorder, input),
                None => self.ask(&turn, input).map(|number| {
                    self.time(&mut run, &turn, asked);
                    run.choose(number)
                }),
            };
            let Some(answered) = answered else {
                let resume = recorder
                    .id
                    .map(|id| format!("; continue it with `{}`", self.resume.command(id)))
                    .unwrap_or_default();
                render::errln!(
                    "the run is unfinished: input ended at decision {}{resume}",
                    run.decisions().len() + 1
                );
                return ExitCode::from(1);
            };
            let took = asked.elapsed();
            match answered {
                Ok(answered) => {
                    recorder.decision(&answered, took.as_millis().try_into().unwrap_or(u64::MAX));
                    self.show_answer(&run, &answered, mode)
                }
                Err(e) => {
                    render::errln!("error: {e}");
                    return ExitCode::from(1);
                }
            }
        }
        match run.debrief() {
            Some(debrief) => {
                recorder.finish(&debrief.result);
                self.out.line(&format!(
                    "\n{}: {}",
                    run.customer_name(),
                    debrief.ending_say
                ));
                if self.out.json {
                    let json =
                        serde_json::to_string_pretty(&debrief.result).expect("a result serialises");
                    render::print_json(&json);
                } else {
                    self.show_debrief(&debrief);
                }
                ExitCode::SUCCESS
            }
            None => {
                render::errln!(
                    "error: the scenario's start `{}` names no step or ending",
                    run.scenario().scenario.start.get_ref()
                );
                ExitCode::from(1)
            }
        }
    }

    fn header(&self, run: &Run) {
        let seed = run.options().seed;
        let scenario = run.scenario();
        self.out
            .line(&format!("{} ({})", scenario.title(), scenario.id()));
        if !scenario.scenario.summary().is_empty() {
            self.out.line(scenario.scenario.summary());
        }
        let mode = match run.options().mode {
            Mode::Coach => "coach: feedback after every choice",
            Mode::Assess => "assess: feedback in the debrief at the end",
        };
        self.out.line(&format!(
            "Customer: {}, {}. Mode: {mode}.",
            run.customer_name(),
            scenario.scenario.channel.get_ref().setting()
        ));
        self.out.line(&format!(
            "Seed {seed}: add --seed {seed} to repeat this run."
        ));
        self.out.line(if self.scorer.is_some() {
            "Type your reply: it is taken as the choice it matches best."
        } else {
            "Answer with the number of a choice."
        });
    }

    fn show_turn(&self, run: &Run, turn: &Turn) {
        self.out.line("");
        if let Some(narration) = &turn.narration {
            self.out.line(narration);
        }
        self.out.line(&format!(
            "{}: {}",
            turn.speaker.as_deref().unwrap_or(run.customer_name()),
            turn.say
        ));
        self.out.line(&format!("Mood: {}", mood(run.mood())));
        if let Some(limit) = turn.time_limit.filter(|_| self.timed) {
            let unit = if limit == 1 { "second" } else { "seconds" };
            self.out
                .line(&format!("You have {limit} {unit} to answer."));
        }
        // Typing hides the choices, as in the full-screen player: the reply is the
        // trainee's own, and the prompt says to type it.
        if self.scorer.is_none() {
            for choice in &turn.choices {
                self.out.line(&format!("{}. {}", choice.number, choice.say));
            }
        }
    }

    /// The step's time limit, checked when an answer arrives: past it, the customer
    /// grows impatient (once per step).
    fn time(&self, run: &mut Run, turn: &Turn, asked: Instant) {
        if let Some(limit) = turn.time_limit.filter(|_| self.timed) {
            let took = asked.elapsed();
            if took > Duration::from_secs(limit.into()) && run.hesitate() {
                self.out.line(&format!(
                    "You took {} seconds (the limit is {limit}): {} grows impatient, mood -10.",
                    took.as_secs(),
                    run.customer_name()
                ));
            }
        }
    }

    /// Reads typed replies until one is taken as a choice (a reply that matches none gets
    /// the customer's "say more" line, and another is read); `None` when the input ends
    /// first.
    fn type_reply(
        &self,
        run: &mut Run,
        scorer: &Scorer,
        turn: &Turn,
        asked: Instant,
        recorder: &mut Recorder,
        input: &mut dyn BufRead,
    ) -> Option<Result<Answered, ChooseError>> {
        let mode = run.options().mode;
        loop {
            let text = self.read_line("Type your reply:", input)?;
            let text = text.trim();
            if text.is_empty() {
                self.out.notice("Type what you would say to the customer.");
                continue;
            }
            // Echoed once, whether or not it is taken as a choice.
            self.out.line(&format!("You: {text}"));
            self.time(run, turn, asked);
            let before = run.mood();
            match run.answer(text, scorer) {
                Ok(FreeAnswer::Taken(typed)) => {
                    self.show_taken(&typed, mode);
                    return Some(Ok(typed.answered));
                }
                Ok(FreeAnswer::SayMore) => {
                    let miss = run.last_miss().unwrap_or(Miss::NoMatch);
                    // Kept with the attempt, so a resumed run counts it again.
                    recorder.miss(&turn.step_id, text, miss);
                    self.out
                        .line(&format!("{}: {}", run.customer_name(), miss.reaction()));
                    if miss.costs() && run.hesitated() && before != run.mood() {
                        self.out.line(&format!(
                            "Mood: {} -> {} (a reply that answers nothing costs you, once a step)",
                            mood(before),
                            mood(run.mood())
                        ));
                    }
                    if mode == Mode::Coach
                        && let Some(scored) = run.score_reply(text, scorer)
                    {
                        self.show_unmatched(&scored);
                    }
                    if run.offers_choices() {
                        // Three misses: the numbered choices are offered instead.
                        self.out.line(&format!(
                            "{MISSES_BEFORE_CHOICES} replies were not taken: choose one of these instead."
                        ));
                        for choice in &turn.choices {
                            self.out.line(&format!("{}. {}", choice.number, choice.say));
                        }
                        let number = self.ask(turn, input)?;
                        return Some(run.choose(number));
                    }
                }
                Err(e @ ChooseError::TooLong { .. }) => self.out.notice(&e.to_string()),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Coach mode, a reply that matched no choice: what the rubric found in it, so a rude
    /// one is not free just because it was not recorded.
    fn show_unmatched(&self, scored: &Scored) {
        if scored.cues.is_empty() {
            return;
        }
        self.out.line(NOT_RECORDED);
        for d in &self.rubric.dimensions {
            let id = d.id.get_ref();
            let mut cues = scored
                .cues
                .iter()
                .filter(|c| *c.dimension == **id)
                .peekable();
            if cues.peek().is_none() {
                continue;
            }
            self.out
                .line(&format!("  {}: {}", d.name, signed(scored.get(id))));
            for cue in cues {
                self.out.line(&format!(
                    "    {} {}: \"{}\"",
                    signed(cue.points),
                    cue.id,
                    cue.matched
                ));
            }
        }
    }

    fn show_taken(&self, typed: &Typed, mode: Mode) {
        self.out.line(&format!("Taken as: {}", typed.taken_as.say));
        if mode != Mode::Coach {
            return;
        }
        self.out.line(&format!(
            "Match: {:.0}% alike{}",
            100.0 * typed.taken_as.similarity,
            if typed.taken_as.shared.is_empty() {
                String::new()
            } else {
                format!(" (shared: {})", typed.taken_as.shared.join(", "))
            }
        ));
        for p in &typed.points {
            // The choice's mark, moved a point at most by the reply's own cues.
            let moved = if p.earned == p.authored {
                String::new()
            } else {
                format!(
                    ", moved {} by the reply's own {}",
                    signed(p.earned - p.authored),
                    signed(p.raw)
                )
            };
            self.out.line(&format!(
                "  {}: {} (the choice's {}{moved}; best {}, worst {})",
                self.dimension_name(&p.dimension),
                signed(p.earned),
                signed(p.authored),
                signed(p.best),
                signed(p.worst)
            ));
            for cue in typed.cues.iter().filter(|c| *c.dimension == *p.dimension) {
                self.out.line(&format!(
                    "    {} {}: \"{}\"",
                    signed(cue.points),
                    cue.id,
                    cue.matched
                ));
            }
        }
    }

    /// Prompts and reads one line (bytes that are not UTF-8 become U+FFFD); `None` when
    /// the input ends or cannot be read. A line longer than [`LINE_MAX`] is refused, said
    /// so, and skipped without being kept, and the prompt comes again: memory stays
    /// bounded whatever the input.
    fn read_line(&self, prompt: &str, input: &mut dyn BufRead) -> Option<String> {
        loop {
            self.out.line(prompt);
            let mut line = Vec::new();
            let read = Read::take(&mut *input, LINE_MAX as u64 + 1).read_until(b'\n', &mut line);
            match read {
                Ok(0) => return None,
                Ok(_) if line.len() > LINE_MAX && line.last() != Some(&b'\n') => {
                    self.out.notice(&format!(
                        "That line is longer than {LINE_MAX} bytes, the limit for one answer; it was not read."
                    ));
                    drop(line);
                    if !skip_line(input) {
                        return None;
                    }
                }
                Ok(_) => return Some(String::from_utf8_lossy(&line).into_owned()),
                Err(e) => {
                    render::errln!("error: cannot read standard input: {e}");
                    return None;
                }
            }
        }
    }

    /// Reads answers until one names a choice; `None` when the input ends first.
    fn ask(&self, turn: &Turn, input: &mut dyn BufRead) -> Option<usize> {
        let count = turn.choices.len();
        loop {
            let text = self.read_line(&format!("Your answer (1-{count}):"), input)?;
            let text = text.trim();
            match text.parse::<usize>() {
                Ok(n) if (1..=count).contains(&n) => return Some(n),
                Ok(n) => self.out.notice(&format!(
                    "There is no choice {n}: answer with a number from 1 to {count}."
                )),
                Err(_) if text.is_empty() => self
                    .out
                    .notice(&format!("Answer with a number from 1 to {count}.")),
                Err(_) => self.out.notice(&format!(
                    "\"{}\" is not a choice: answer with a number from 1 to {count}.",
                    text.chars()
                        .filter(|c| !c.is_control())
                        .take(40)
                        .collect::<String>()
                )),
            }
        }
    }

    fn show_answer(&self, run: &Run, answered: &Answered, mode: Mode) {
        // A typed reply was echoed as it was read.
        if answered.reply.is_none() {
            self.out.line(&format!("You: {}", answered.said));
        }
        if mode == Mode::Coach {
            if let Some(why) = &answered.critical {
                self.out
                    .line(&format!("Critical error: this fails the run. {why}"));
            }
            if let Some(feedback) = &answered.feedback {
                self.out.line(&format!("Feedback: {feedback}"));
            }
            if answered.reply.is_none() && !answered.tactic_names.is_empty() {
                self.out
                    .line(&format!("Tactics: {}", answered.tactic_names.join(", ")));
            }
            for m in &answered.marks {
                self.out.line(&format!("  {}", self.mark(m)));
            }
        }
        self.out.line(&format!(
            "Mood: {} -> {}",
            mood(answered.mood_before),
            mood(answered.mood_after)
        ));
        if answered.escalated {
            self.out.line(&format!(
                "{} has been pushed too far: the conversation escalates.",
                run.customer_name()
            ));
        }
    }

    fn dimension_name<'r>(&'r self, id: &'r str) -> &'r str {
        self.rubric.dimension(id).map_or(id, |d| d.name.as_str())
    }

    fn mark(&self, m: &DimensionMark) -> String {
        let name = self.dimension_name(&m.dimension);
        if !m.mark.is_assessed() {
            return format!("{name}: not assessed here (every choice scores the same)");
        }
        format!(
            "{name}: {} (best {}, worst {})",
            signed(m.mark.earned),
            signed(m.mark.best),
            signed(m.mark.worst)
        )
    }

    fn show_debrief(&self, d: &Debrief) {
        let out = &self.out;
        out.line("");
        out.line("Debrief");
        // A critical error comes first: it decided the result whatever the score.
        for c in &d.critical {
            out.line(&format!("Critical error: you said \"{}\"", c.said));
            out.line(&format!("  {}", c.why));
        }
        out.line(&format!("Ending: {}", d.outcome.words()));
        if !d.ending_debrief.is_empty() {
            out.line(&d.ending_debrief);
        }
        for note in &d.notes {
            out.line(note);
        }
        let verdict = if d.passed { "passed" } else { "not passed" };
        let blocker = match d.blocker() {
            Some(Blocker::Critical) => "; a critical error fails the run whatever the score",
            Some(Blocker::Ending(Outcome::Lost)) => "; a lost customer never passes",
            Some(Blocker::Ending(_)) => "; this ending does not count as a pass",
            None => "",
        };
        out.line(&format!(
            "Result: {verdict}. Overall {} (pass mark {}%{blocker}).",
            percent(d.overall),
            d.pass_mark,
        ));
        for dim in &d.dimensions {
            out.line(&format!("  {}: {}", dim.name, percent(dim.percent)));
        }
        out.line(&format!("Final mood: {}", mood(d.final_mood)));

        out.line("");
        out.line("Your decisions:");
        for (i, r) in d.decisions.iter().enumerate() {
            let mut notes = Vec::new();
            if r.hesitated {
                notes.push("hesitated".to_owned());
            }
            if r.escalated {
                notes.push("escalated".to_owned());
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", notes.join(", "))
            };
            out.line(&format!(
                "{}. {}: \"{}\"",
                i + 1,
                d.result.customer,
                excerpt(&r.asked, 60)
            ));
            out.line(&format!("   You: \"{}\"{notes}", r.said));
            if let Some(why) = &r.critical {
                out.line(&format!("   Critical error: {why}"));
            }
            for m in &r.marks {
                let line = if m.mark.is_assessed() {
                    let cost = if m.lost > 0 {
                        format!(
                            ", cost {} point{}, {:.1}% of {}",
                            m.lost,
                            if m.lost == 1 { "" } else { "s" },
                            m.cost,
                            m.name
                        )
                    } else {
                        String::new()
                    };
                    format!(
                        "{}: {} of best {}{cost}",
                        m.name,
                        signed(m.mark.earned),
                        signed(m.mark.best)
                    )
                } else {
                    format!("{}: not assessed here", m.name)
                };
                out.line(&format!("   {line}"));
            }
            if let Some(f) = &r.feedback {
                out.line(&format!("   Feedback: {f}"));
            }
            if !r.tactic_names.is_empty() {
                out.line(&format!("   Tactics: {}", r.tactic_names.join(", ")));
            }
            out.line(&format!(
                "   Mood: {} -> {}. Cost to the overall: {:.1} points.",
                mood(r.mood_before),
                mood(r.mood_after),
                r.cost
            ));
        }

        if !d.tips.is_empty() {
            out.line("");
            out.line("Tips (from the decisions that cost the most):");
            for (i, tip) in d.tips.iter().enumerate() {
                out.line(&format!(
                    "{}. After \"{}\" ({:.1} points): {}",
                    i + 1,
                    excerpt(&tip.asked, 40),
                    tip.cost,
                    tip.feedback
                ));
            }
        }

        if let Some(best) = &d.best_path {
            out.line("");
            out.line(&format!(
                "Best path: overall {}, ending {}:",
                percent(best.overall),
                best.outcome.words()
            ));
            for (i, step) in best.steps.iter().enumerate() {
                out.line(&format!(
                    "{}. After \"{}\": \"{}\"",
                    i + 1,
                    excerpt(&step.asked, 40),
                    step.said
                ));
            }
            match d.gap {
                Some(gap) if gap > 0.05 => {
                    out.line(&format!("You were {gap:.1} points below the best path."))
                }
                Some(_) => out.line("You matched the best path's score."),
                None => {}
            }
        }
    }
}

fn mood(value: i64) -> String {
    format!("{} ({value})", MoodBand::of(value).name())
}

fn percent(p: Option<f64>) -> String {
    p.map_or("not assessed".to_owned(), |p| format!("{p:.1}%"))
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn lines_wrap_between_words_and_only_an_overlong_word_is_broken() {
        let line =
            "Priya: I have been waiting forty-five minutes and nobody has told me anything at all.";
        let wrapped = wrap(line, 30);
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= 30),
            "{wrapped}"
        );
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
        let long = format!("See {} now", "x".repeat(45));
        let wrapped = wrap(&long, 20);
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= 20),
            "{wrapped}"
        );
        assert_eq!(wrapped.lines().next(), Some("See"));
        assert_eq!(wrapped.replace(['\n', ' '], ""), long.replace(' ', ""));
    }

    #[test]
    fn a_continuation_keeps_the_indent_and_hangs_past_a_list_number() {
        let wrapped = wrap("   Feedback: one two three four five six", 20);
        assert_eq!(wrapped, "   Feedback: one two\n   three four five\n   six");
        let wrapped = wrap("12. one two three four five six seven", 20);
        assert_eq!(wrapped, "12. one two three\n    four five six\n    seven");
        // Blank lines and short ones are left as they are.
        assert_eq!(wrap("a\n\n  b", 20), "a\n\n  b");
    }
}
