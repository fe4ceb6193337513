//! The live preview's screens (`play FILE --watch`) on ratatui's TestBackend: a run
//! replayed on a new version of its file, where it was (conversation, feedback, debrief),
//! the footer saying where a replay stopped and why, and a save with errors shown below
//! the run. Snapshots at 80x24 and 120x40.

mod common;

use common::{config, key, keys, screen};
use frontline::domain::library::{Library, LibraryFile};
use frontline::domain::rubric::Rubric;
use frontline::domain::session::Stop;
use frontline::domain::validate::check_bytes;
use frontline::tui::{App, Config, Theme};
use ratatui::crossterm::event::KeyCode;

const FILE: &str = include_str!("fixtures/watch/blender.toml");

fn library(text: &str, rubric: &Rubric) -> Library {
    let checked = check_bytes(text.as_bytes(), rubric);
    assert!(checked.scenario.is_some(), "{:#?}", checked.findings);
    Library {
        files: vec![LibraryFile {
            origin: "blender.toml".to_owned(),
            checked,
        }],
    }
}

fn watching() -> Config {
    Config {
        start: Some("blender".to_owned()),
        ..config()
    }
}

/// The run of the first file: the briefing, then choices 1 and 2 (feedback dismissed).
fn played<'a>(library: &'a Library, rubric: &'a Rubric) -> App<'a> {
    let mut app = App::new(library, rubric, watching(), Theme::mono());
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "2");
    key(&mut app, KeyCode::Enter);
    app
}

#[test]
fn a_reworded_answer_is_replayed_in_place_with_its_new_words() {
    let rubric = Rubric::builtin();
    let old = library(FILE, &rubric);
    let mut app = played(&old, &rubric);
    let before = screen(&mut app, 80, 24);
    assert!(before.contains("So can you fix it?") || before.contains("So, can it be fixed?"));
    let place = app.place().expect("a run is on screen");

    let edited = FILE.replace(
        "Hi {customer}, how can I help?",
        "Good morning {customer}, what can I do for you?",
    );
    let new = library(&edited, &rubric);
    let mut app = App::new(&new, &rubric, watching(), Theme::mono());
    let stop = app.restore(new.find("blender").unwrap(), place);
    assert_eq!(stop, None);
    let small = screen(&mut app, 80, 24);
    assert!(small.contains("Good morning"), "{small}");
    assert!(small.contains("your 2 answers were given again"), "{small}");
    insta::assert_snapshot!("watch_replayed_80x24", small);
    insta::assert_snapshot!("watch_replayed_120x40", screen(&mut app, 120, 40));
}

#[test]
fn a_removed_choice_stops_the_replay_and_the_footer_says_where_and_why() {
    let rubric = Rubric::builtin();
    let old = library(FILE, &rubric);
    let place = played(&old, &rubric).place().unwrap();
    let removed = FILE.replace(
        "  [[step.choice]]\n  say = \"Not my problem.\"\n  next = \"three\"\n  mood = -30\n  score = { listening = -2, non_defensive = -2 }\n  feedback = \"Not-my-job: she came to you for help.\"\n",
        "",
    );
    assert_ne!(removed, FILE);
    let new = library(&removed, &rubric);
    let mut app = App::new(&new, &rubric, watching(), Theme::mono());
    let stop = app.restore(new.find("blender").unwrap(), place);
    assert!(
        matches!(stop, Some(Stop::ChoiceGone { decision: 2, .. })),
        "{stop:?}"
    );
    let wide = screen(&mut app, 120, 40);
    assert!(wide.contains("1 of 2 answers kept"), "{wide}");
    assert!(wide.contains("`two`"), "{wide}");
    assert!(
        wide.contains("Sorry to hear that. What happened?"),
        "{wide}"
    );
    insta::assert_snapshot!("watch_stopped_80x24", screen(&mut app, 80, 24));
    insta::assert_snapshot!("watch_stopped_120x40", wide);
}

#[test]
fn the_debrief_stays_the_debrief_of_the_whole_run() {
    let rubric = Rubric::builtin();
    let old = library(FILE, &rubric);
    let mut app = played(&old, &rubric);
    keys(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    let debrief = screen(&mut app, 120, 40);
    assert!(debrief.contains("Debrief"), "{debrief}");
    let place = app.place().unwrap();
    // A rescored last answer: the debrief is of the whole run, rescored.
    let edited = FILE.replace(
        "score = { listening = 1, non_defensive = 2 }",
        "score = { listening = 2, non_defensive = 2 }",
    );
    let new = library(&edited, &rubric);
    let mut app = App::new(&new, &rubric, watching(), Theme::mono());
    assert_eq!(app.restore(new.find("blender").unwrap(), place), None);
    let again = screen(&mut app, 120, 40);
    assert!(again.contains("Debrief"), "{again}");
    // The poor second answer still costs: no pass at 100%.
    assert!(again.contains("Not my problem."), "{again}");
    assert!(!again.contains("overall 100.0%"), "{again}");
}

#[test]
fn a_save_with_errors_is_shown_below_the_run() {
    let rubric = Rubric::builtin();
    let old = library(FILE, &rubric);
    let mut app = played(&old, &rubric);
    let broken = FILE.replace("title = ", "titel = ");
    let checked = check_bytes(broken.as_bytes(), &rubric);
    let source = frontline::cli::render::SourceFile::new("blender.toml", &checked.text);
    let mut shown = vec!["blender.toml: 1 error".to_owned()];
    shown.extend(
        checked
            .findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| source.human(f, false).as_str().to_owned()),
    );
    app.file_errors = Some(shown);
    let small = screen(&mut app, 80, 24);
    assert!(small.contains("Saved with errors"), "{small}");
    assert!(small.contains("I don't know."), "{small}");
    insta::assert_snapshot!("watch_errors_80x24", small);
    insta::assert_snapshot!("watch_errors_120x40", screen(&mut app, 120, 40));
}

/// The mood of the run on screen.
fn mood(app: &App) -> i64 {
    match &app.screen {
        frontline::tui::app::Screen::Conversation(play) => play.run.mood(),
        _ => panic!("not in the conversation"),
    }
}

#[test]
fn a_reply_being_typed_and_a_hesitation_survive_a_save() {
    let rubric = Rubric::builtin();
    let old = library(FILE, &rubric);
    let config = Config {
        free_text: true,
        ..watching()
    };
    let mut app = App::new(&old, &rubric, config.clone(), Theme::mono());
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "Sorry, what happen");
    if let frontline::tui::app::Screen::Conversation(play) = &mut app.screen {
        assert!(play.run.charge_hesitation());
    }
    let before = mood(&app);
    let place = app.place().unwrap();
    let edited = FILE.replace("My blender broke.", "My blender has broken.");
    let new = library(&edited, &rubric);
    let mut app = App::new(&new, &rubric, config, Theme::mono());
    assert_eq!(app.restore(new.find("blender").unwrap(), place), None);
    assert_eq!(mood(&app), before, "the hesitation still costs");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Sorry, what happen"), "{shown}");
}

/// A recorded attempt of the first file, seen from the history once the file has changed:
/// marked as played on an earlier version, and Enter says why its debrief is not rebuilt
/// and where its answers are.
#[test]
fn the_history_marks_an_attempt_on_an_earlier_version_of_the_file() {
    let rubric = Rubric::builtin();
    let data = tempfile::tempdir().unwrap();
    let store = || frontline::domain::store::Store::open(data.path().join("progress.db"));
    let old = library(FILE, &rubric);
    let mut app = App::new(&old, &rubric, watching(), Theme::mono())
        .with_store(store().map_err(|e| e.to_string()));
    key(&mut app, KeyCode::Enter);
    for _ in 0..3 {
        keys(&mut app, "1");
        key(&mut app, KeyCode::Enter);
    }
    let debrief = screen(&mut app, 120, 40);
    assert!(debrief.contains("Debrief"), "{debrief}");
    drop(app);

    let edited = FILE.replace("Hi {customer}, how can I help?", "Hello {customer}!");
    let new = library(&edited, &rubric);
    let mut app = App::new(&new, &rubric, config(), Theme::mono())
        .with_store(store().map_err(|e| e.to_string()));
    keys(&mut app, "h");
    let history = screen(&mut app, 120, 40);
    assert!(
        history.contains("The broken blender (earlier version)"),
        "{history}"
    );
    key(&mut app, KeyCode::Enter);
    let refused = screen(&mut app, 80, 24);
    assert!(
        refused.contains("Played on an earlier version of the file"),
        "{refused}"
    );
    assert!(refused.contains("frontline history --attempt"), "{refused}");
}
