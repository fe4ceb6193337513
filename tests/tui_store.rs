//! The full-screen player with a progress store: runs recorded, an unfinished run
//! resumed from the library. Drawn to a `TestBackend` at 80x24 and 120x40.

use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::store::Store;
use frontline::tui::input::Context;
use frontline::tui::{App, Config, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

mod common;
use common::{config, key, keys, library_of, screen};

fn library(rubric: &Rubric) -> Library {
    library_of(&["scenarios", "tests/fixtures/valid"], rubric)
}

fn snap(name: &str, app: &mut App) {
    let small = screen(app, 80, 24);
    let large = screen(app, 120, 40);
    insta::assert_snapshot!(format!("{name}@80x24"), small);
    insta::assert_snapshot!(format!("{name}@120x40"), large);
}

fn open(store: &Path) -> Result<Store, String> {
    Store::open(store).map_err(|e| e.to_string())
}

/// Filters the library down to the parcel fixture.
fn select_parcel(app: &mut App) {
    keys(app, "/parcel");
    key(app, KeyCode::Enter);
}

#[test]
fn an_unfinished_run_shows_resume_in_the_library_and_r_continues_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite");
    let rubric = Rubric::builtin();
    let library = library(&rubric);

    // A first session answers once, then leaves the run.
    let transcript = {
        let mut app =
            App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
        select_parcel(&mut app);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('2'));
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.context(), Context::Turn);
        let at = screen(&mut app, 120, 40);
        keys(&mut app, "q");
        keys(&mut app, "y");
        assert!(app.should_quit());
        at
    };

    // A second session sees it and resumes it.
    let mut app = App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
    select_parcel(&mut app);
    assert!(app.unfinished_of("parcel-mixup").is_some());
    snap("library-resume", &mut app);
    // Enter offers to resume or start over; Esc takes the offer back.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Offer);
    snap("resume-offer", &mut app);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Library);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.context(), Context::Turn);
    let via_offer = screen(&mut app, 120, 40);
    assert_eq!(via_offer, transcript);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.context(), Context::Library);
    // r in the library resumes at once.
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.context(), Context::Turn);
    let resumed = screen(&mut app, 120, 40);
    assert_eq!(
        resumed, transcript,
        "the same step, the transcript replayed"
    );
    snap("resumed", &mut app);

    // Finishing it records the result: nothing is left to resume.
    for _ in 0..50 {
        match app.context() {
            Context::Turn => key(&mut app, KeyCode::Char('1')),
            Context::Feedback | Context::Over => key(&mut app, KeyCode::Enter),
            _ => break,
        }
    }
    assert_eq!(app.context(), Context::Debrief);
    assert!(app.unfinished_of("parcel-mixup").is_none());
    let store = Store::open(&store).unwrap();
    assert!(store.unfinished(Some("Sam")).unwrap().is_empty());
}

#[test]
fn a_typed_reply_run_resumed_from_the_library_goes_on_typing_with_its_points() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite");
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let first = "I'm so sorry Priya, let me check where the driver left it, obviously. May I put you on hold for a minute?";
    let last = "Thank you for holding. The photo shows number 14, would you like us to collect it, or will you knock?";

    // A first session types one reply (`t`: type replies), then leaves the run.
    let transcript = {
        let mut app =
            App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
        key(&mut app, KeyCode::Char('t'));
        select_parcel(&mut app);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.context(), Context::Typing);
        keys(&mut app, first);
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.context(), Context::Feedback);
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.context(), Context::Typing);
        let at = screen(&mut app, 120, 40);
        key(&mut app, KeyCode::Esc);
        keys(&mut app, "y");
        assert_eq!(app.context(), Context::Library);
        at
    };

    // A second session, choosing by default, resumes it typing, where it stopped.
    let mut app = App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
    assert!(!app.free_text);
    select_parcel(&mut app);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.context(), Context::Typing);
    assert_eq!(screen(&mut app, 120, 40), transcript);
    keys(&mut app, last);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Feedback);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Debrief);

    let store = Store::open(&store).unwrap();
    assert!(store.unfinished(Some("Sam")).unwrap().is_empty());
    let attempts = store.attempts(&Default::default()).unwrap();
    assert_eq!(attempts.len(), 1);
    let attempt = &attempts[0];
    assert!(attempt.free_text);
    let replies: Vec<&str> = attempt
        .decisions
        .iter()
        .map(|d| d.record.typed.as_ref().unwrap().reply.as_str())
        .collect();
    assert_eq!(replies, [first, last]);
    // The typed points (listening 0 at the opening), not the choice's own +1: the same
    // figures as `play --plain --free-text` gives for these replies.
    let result = attempt.run_result().unwrap();
    assert_eq!(result.decisions[0].marks[0].1.earned, 0);
    assert_eq!(result.overall, Some(89.3));
}

#[test]
fn a_store_that_cannot_be_opened_is_a_warning_and_the_player_works() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("not-a-store.sqlite");
    std::fs::write(
        &bad,
        b"these bytes are not a database at all, not even close....",
    )
    .unwrap();
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono()).with_store(open(&bad));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("progress is not being saved"), "{shown}");
    select_parcel(&mut app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Turn);
}

/// Plays the selected scenario to its debrief, answering `pick` at every step, then goes
/// back to the library.
fn play_run(app: &mut App, pick: char) {
    key(app, KeyCode::Enter);
    key(app, KeyCode::Enter);
    for _ in 0..60 {
        match app.context() {
            Context::Turn => key(app, KeyCode::Char(pick)),
            Context::Feedback | Context::Over => key(app, KeyCode::Enter),
            _ => break,
        }
        // A number beyond the choices shown leaves a notice: take the first instead.
        if app.context() == Context::Turn && pick != '1' {
            key(app, KeyCode::Char('1'));
        }
    }
    assert_eq!(app.context(), Context::Debrief);
    key(app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Library);
}

/// The screen with the attempts' start times (which are now) as a fixed placeholder.
fn masked(screen: String, store: &Path) -> String {
    let store = Store::open(store).unwrap();
    let history = store
        .history(&frontline::domain::store::HistoryFilter {
            trainee: "Sam".to_owned(),
            since: None,
        })
        .unwrap();
    let mut screen = screen;
    for a in &history.attempts {
        let when: String = a.started_at.replace('T', " ").chars().take(16).collect();
        screen = screen.replace(&when, "YYYY-MM-DD hh:mm");
    }
    screen
}

#[test]
fn the_history_screen_shows_attempts_trends_best_and_what_to_practise() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite");
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
    select_parcel(&mut app);
    for pick in ['2', '1', '2', '1'] {
        play_run(&mut app, pick);
    }
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "/refund");
    key(&mut app, KeyCode::Enter);
    play_run(&mut app, '1');

    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.context(), Context::History);
    let small = masked(screen(&mut app, 80, 24), &store);
    let large = masked(screen(&mut app, 120, 40), &store);
    insta::assert_snapshot!("history@80x24", small);
    insta::assert_snapshot!("history@120x40", large);

    // Enter opens the selected (latest) attempt's full debrief; Esc goes back to history.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Debrief);
    let debrief = screen(&mut app, 120, 40);
    assert!(
        debrief.contains("Debrief: Refund without a receipt"),
        "{debrief}"
    );
    assert!(debrief.contains("Your path and the best path"), "{debrief}");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::History);

    // c on the parcel's first attempt marks it; c on another scenario says why not;
    // c on a second parcel attempt compares the two.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('c'));
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("c: marked an attempt of The parcel went next door"),
        "{shown}"
    );
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.context(), Context::History);
    assert!(screen(&mut app, 80, 24).contains("c: that is another scenario"));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.context(), Context::Compare);
    let small = masked(screen(&mut app, 80, 24), &store);
    let large = masked(screen(&mut app, 120, 40), &store);
    // Picked 2 then 1: one of them is the best reply at the first decision, one is not.
    assert!(large.contains("the best here"), "{large}");
    assert!(large.contains("cost "), "{large}");
    insta::assert_snapshot!("history-compare@80x24", small);
    insta::assert_snapshot!("history-compare@120x40", large);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::History);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Library);
}

#[test]
fn the_class_debrief_shows_how_the_group_answered_each_decision() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite");
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    // Three trainees of a class play the parcel fixture.
    for (name, pick) in [("Sam", '1'), ("Ana", '2'), ("Joe", '1')] {
        let config = Config {
            trainee: Some(name.to_owned()),
            ..config()
        };
        let mut app = App::new(&library, &rubric, config, Theme::colour()).with_store(open(&store));
        select_parcel(&mut app);
        play_run(&mut app, pick);
    }
    let mut app = App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
    select_parcel(&mut app);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.context(), Context::Class);
    snap("class", &mut app);
    let shown = screen(&mut app, 120, 40);
    // What the trainees heard, with the customer's name as each heard it; no step ids.
    assert!(shown.contains("Heard by 3: "), "{shown}");
    assert!(!shown.contains("(opening)"), "{shown}");
    assert!(shown.contains("Answer key hidden"), "{shown}");
    assert!(!shown.contains("✓ best"), "{shown}");
    // a reveals the answer key: the best choice marked, with marks and feedback.
    key(&mut app, KeyCode::Char('a'));
    snap("class-key", &mut app);
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("1. ✓ best I'm sorry, [customer]."),
        "{shown}"
    );
    assert!(shown.contains("Marks: Active listening +1"), "{shown}");
    key(&mut app, KeyCode::Char('a'));
    assert!(!screen(&mut app, 120, 40).contains("✓ best"));
    key(&mut app, KeyCode::Down);
    snap("class-next", &mut app);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Library);
}

#[test]
fn no_color_draws_history_and_class_debrief_without_a_colour_and_no_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite");
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono()).with_store(open(&store));
    select_parcel(&mut app);
    play_run(&mut app, '1');
    let check = |app: &mut App, name: &str| {
        for (w, h) in [(80, 24), (120, 40)] {
            app.handle(frontline::tui::Action::Resize {
                width: w,
                height: h,
            });
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|frame| frame.render_widget(&*app, frame.area()))
                .unwrap();
            for cell in terminal.backend().buffer().content() {
                assert!(
                    cell.fg == ratatui::style::Color::Reset
                        && cell.bg == ratatui::style::Color::Reset,
                    "{name} at {w}x{h}: {cell:?}"
                );
            }
        }
    };
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.context(), Context::History);
    check(&mut app, "history");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.context(), Context::Class);
    check(&mut app, "class");

    // Without a store (--no-record), h and c stay in the library and say why.
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.context(), Context::Library);
    assert!(screen(&mut app, 120, 40).contains("need the progress store"));
}

#[test]
fn the_quit_question_says_what_the_store_keeps_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite");
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
    select_parcel(&mut app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Turn);

    // Half-way: every answer so far is in the store, and r resumes the run.
    key(&mut app, KeyCode::Char('q'));
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains("not saved"), "{shown}");
    assert!(shown.contains("Your answers so far are saved"), "{shown}");
    assert!(shown.contains("press r in the"), "{shown}");
    assert!(shown.contains("library to resume this run."), "{shown}");
    snap("quit-confirm-recorded", &mut app);
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Esc);
    assert!(screen(&mut app, 80, 24).contains("Your answers so far are saved"));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.context(), Context::Library);
    // What it promised: the run is there to resume, with its answer.
    assert_eq!(
        app.unfinished_of("parcel-mixup").unwrap().decisions.len(),
        1
    );
    assert!(screen(&mut app, 80, 24).contains("◐ The parcel went next door"));
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.context(), Context::Turn);

    // The last answer ends the run and records its result: leaving skips the debrief only.
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.context(), Context::Feedback);
    key(&mut app, KeyCode::Char('q'));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("The run is finished and saved"), "{shown}");
    key(&mut app, KeyCode::Char('n'));

    // Without a store (--no-record) nothing is kept, and the question says so.
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    select_parcel(&mut app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('q'));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("This run is not saved."), "{shown}");
    assert!(!shown.contains("resume"), "{shown}");
}

/// Plays the parcel fixture to its ending, answering `pick` at every decision.
fn finish_parcel(app: &mut App, pick: char) {
    key(app, KeyCode::Esc);
    select_parcel(app);
    key(app, KeyCode::Enter);
    key(app, KeyCode::Enter);
    for _ in 0..30 {
        match app.context() {
            Context::Turn => key(app, KeyCode::Char(pick)),
            Context::Feedback | Context::Over => key(app, KeyCode::Enter),
            _ => break,
        }
    }
    assert_eq!(app.context(), Context::Debrief);
    key(app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Library);
}

#[test]
fn the_library_shows_each_scenarios_best_pass_and_attempts_and_r_says_why_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite");
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
    // r on a scenario with no unfinished run says so in the footer, until the next key.
    select_parcel(&mut app);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.context(), Context::Library);
    let shown = screen(&mut app, 80, 24);
    assert!(
        shown.contains("r: no unfinished run of this scenario to resume"),
        "{shown}"
    );
    key(&mut app, KeyCode::Down);
    assert!(!screen(&mut app, 80, 24).contains("no unfinished run"));

    // Two finished runs, a weak one and the best one: the row keeps the better.
    key(&mut app, KeyCode::Esc);
    finish_parcel(&mut app, '3');
    finish_parcel(&mut app, '1');
    let record = app
        .library
        .record("parcel-mixup")
        .expect("a record")
        .clone();
    assert_eq!(record.attempts, 2);
    key(&mut app, KeyCode::Esc);
    select_parcel(&mut app);
    snap("library-record", &mut app);
    let shown = screen(&mut app, 80, 24);
    let row = shown
        .lines()
        .find(|l| l.contains("The parcel went next door"))
        .unwrap();
    let symbol = if record.passed {
        "✓ passed"
    } else {
        "✗ not yet"
    };
    assert!(row.contains(symbol), "{row}");
    assert!(
        row.contains(&format!("{:.0}%", record.overall.unwrap())),
        "{row}"
    );
}

#[test]
fn the_library_follows_the_curriculum_with_every_title_whole_at_80x24() {
    let rubric = Rubric::builtin();
    let library = library_of(&["scenarios"], &rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    let curriculum = &app.library.curriculum;
    assert!(
        !curriculum.groups.is_empty(),
        "the shipped library has a curriculum"
    );
    let places: Vec<(usize, usize)> = app
        .library
        .entries
        .iter()
        .filter_map(|e| e.scenario())
        .map(|s| {
            curriculum
                .place(s.id())
                .expect("every shipped scenario is listed")
        })
        .collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{places:?}");
    // Each title whole, under its group's heading, when the list is moved to it (the list
    // scrolls when the library is longer than the screen).
    let first_group = curriculum.groups[0].title.clone();
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains(&first_group), "{shown}");
    let mut seen = 0;
    for _ in 0..app.library.entries.len() {
        let shown = screen(&mut app, 80, 24);
        let title = app
            .library
            .selected_entry()
            .and_then(|e| e.scenario())
            .map(|s| s.title().to_owned());
        if let Some(title) = title {
            assert!(shown.contains(&title), "{title} is cut:\n{shown}");
            seen += 1;
        }
        key(&mut app, KeyCode::Down);
    }
    assert_eq!(seen, library.scenarios().count());
}

/// Typed replies that were not taken are kept as they happen: a session left after two
/// misses at a step resumes with both counted, and the third offers the numbered choices.
#[test]
fn misses_kept_in_the_store_count_again_when_a_typed_run_is_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite");
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let first = "I'm so sorry Priya, let me check where the driver left it, obviously. May I put you on hold for a minute?";
    {
        let mut app =
            App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
        key(&mut app, KeyCode::Char('t'));
        select_parcel(&mut app);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Enter);
        keys(&mut app, first);
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Enter);
        for miss in ["flibber jab", "wobble plonk"] {
            keys(&mut app, miss);
            key(&mut app, KeyCode::Enter);
            assert_eq!(app.context(), Context::Typing, "{miss}");
        }
        // Dropped without leaving the run: as a killed terminal leaves it.
    }
    let kept = Store::open(&store)
        .unwrap()
        .unfinished(Some("Sam"))
        .unwrap();
    assert_eq!(kept[0].misses.len(), 2);

    let mut app = App::new(&library, &rubric, config(), Theme::colour()).with_store(open(&store));
    select_parcel(&mut app);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.context(), Context::Typing);
    keys(&mut app, "zorp quibble");
    key(&mut app, KeyCode::Enter);
    assert_ne!(
        app.context(),
        Context::Typing,
        "the third miss offers the choices"
    );
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Three replies were not taken"), "{shown}");
    let kept = Store::open(&store)
        .unwrap()
        .unfinished(Some("Sam"))
        .unwrap();
    assert_eq!(kept[0].misses.len(), 3);
}
