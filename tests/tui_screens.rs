//! Every screen and overlay of the full-screen player, drawn to a `TestBackend` at 80x24
//! and 120x40 and compared with snapshots. The app is driven by key events, through the
//! same keymap the terminal loop uses, with a fixed seed and choices in authored order.

use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::session::Mode;
use frontline::tui::input::{Context, map_event};
use frontline::tui::{Action, App, Config, Theme};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::style::Color;
use std::time::{Duration, Instant};

mod common;
use common::{config, draw, key, key_with, keys, library_of, path, screen};

/// The shipped scenarios, the parcel fixture and a file with an error.
fn library(rubric: &Rubric) -> Library {
    library_of(
        &["scenarios", "tests/fixtures/valid", "tests/fixtures/tui"],
        rubric,
    )
}

/// Snapshots the screen at 80x24 and at 120x40; leaves the app at 120x40.
fn snap(name: &str, app: &mut App) {
    let small = screen(app, 80, 24);
    let large = screen(app, 120, 40);
    insta::assert_snapshot!(format!("{name}@80x24"), small);
    insta::assert_snapshot!(format!("{name}@120x40"), large);
}

/// Snapshots one size only, for states that depend on the page size (scrolling): the
/// app is drawn at that size before the keys that scroll.
fn snap_at(name: &str, app: &mut App, width: u16, height: u16) {
    insta::assert_snapshot!(
        format!("{name}@{width}x{height}"),
        screen(app, width, height)
    );
}

/// The help overlay over the current screen, then closed again.
fn snap_help(name: &str, app: &mut App) {
    let before = app.context();
    key(app, KeyCode::F(1));
    assert_eq!(app.context(), Context::Help);
    snap(&format!("help-{name}"), app);
    key(app, KeyCode::Esc);
    assert_eq!(app.context(), before);
}

/// Opens the parcel fixture from the library by filtering for it.
fn open_parcel(app: &mut App) {
    keys(app, "/parcel");
    key(app, KeyCode::Enter);
    key(app, KeyCode::Enter);
}

#[test]
fn the_library_lists_every_file_filters_and_shows_errors() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    assert_eq!(app.context(), Context::Library);
    snap("library", &mut app);
    snap_help("library", &mut app);
    // Home/End move through the scenarios of the list, not files.
    key(&mut app, KeyCode::F(1));
    let help = screen(&mut app, 120, 40);
    assert!(
        help.contains("Home/End     Select the first or the last scenario in the list"),
        "{help}"
    );
    key(&mut app, KeyCode::Esc);

    keys(&mut app, "/refund");
    assert_eq!(app.context(), Context::Filter);
    snap("library-filter", &mut app);
    snap_help("library-filter", &mut app);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Library);

    // The file with an error is listed, last, with its first finding.
    key(&mut app, KeyCode::End);
    snap("library-unplayable", &mut app);
    // Enter on it does nothing but stay.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Library);

    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.mode, Mode::Assess);
    snap("library-assess", &mut app);
}

#[test]
fn the_name_is_asked_once_before_the_first_run() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            trainee: None,
            ..config()
        },
        Theme::colour(),
    );
    open_parcel(&mut app);
    assert_eq!(app.context(), Context::NamePrompt);
    key(&mut app, KeyCode::Enter);
    snap("name-prompt-empty", &mut app);
    keys(&mut app, "Sam");
    snap("name-prompt", &mut app);
    snap_help("name-prompt", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Briefing);
    assert_eq!(app.trainee.as_deref(), Some("Sam"));

    // Back to the library and into another scenario: not asked again.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Briefing);
}

#[test]
fn the_parcel_fixture_from_the_library_to_the_debrief_and_the_best_path() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    open_parcel(&mut app);
    assert_eq!(app.context(), Context::Briefing);
    snap("briefing", &mut app);
    snap_help("briefing", &mut app);

    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Turn);
    // The opening is timed (30 s): 12 s in, 18 s are left.
    let t0 = Instant::now();
    app.tick(t0);
    app.tick(t0 + Duration::from_secs(12));
    key(&mut app, KeyCode::Down);
    snap("conversation-countdown", &mut app);
    snap_help("conversation", &mut app);

    // Help pauses the countdown.
    key(&mut app, KeyCode::Char('?'));
    app.tick(t0 + Duration::from_secs(40));
    key(&mut app, KeyCode::Char('?'));
    app.tick(t0 + Duration::from_secs(40));
    // Running out: the customer grows impatient, once.
    app.tick(t0 + Duration::from_secs(60));
    app.tick(t0 + Duration::from_secs(90));
    snap("conversation-impatient", &mut app);

    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.context(), Context::Confirm);
    snap("quit-confirm", &mut app);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.context(), Context::Turn);
    assert!(!app.should_quit());
    key(&mut app, KeyCode::Esc);
    snap("leave-confirm", &mut app);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Turn);

    // "Did you check with your neighbours?" (choice 2), then coach feedback.
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.context(), Context::Feedback);
    snap("feedback", &mut app);
    snap_help("feedback", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Turn);

    // The thank-you line needs the hold flag, so "It was left at number 14." is 1 now.
    key(&mut app, KeyCode::Char('1'));
    snap("feedback-last", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Debrief);
    snap("debrief", &mut app);
    snap_help("debrief", &mut app);
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::End);
    snap_at("debrief-end", &mut app, 80, 24);
    key(&mut app, KeyCode::Home);

    key(&mut app, KeyCode::Char('b'));
    assert_eq!(app.context(), Context::Replay);
    snap("replay", &mut app);
    snap_help("replay", &mut app);
    key(&mut app, KeyCode::Enter);
    snap("replay-feedback", &mut app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    snap("replay-done", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Debrief);

    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.context(), Context::Briefing);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Library);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn assess_mode_gives_no_feedback_until_the_debrief() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            mode: Mode::Assess,
            start: Some("parcel-mixup".to_owned()),
            from: None,
            free_text: false,
            ..config()
        },
        Theme::colour(),
    );
    // A scenario named on the command line opens at its briefing.
    assert_eq!(app.context(), Context::Briefing);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.context(), Context::Turn);
    snap("assess-turn", &mut app);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.context(), Context::Over);
    snap("assess-over", &mut app);
    snap_help("assess-over", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Debrief);
    snap("assess-debrief", &mut app);
}

#[test]
fn a_shipped_scenario_from_the_library_to_the_debrief() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    keys(&mut app, "/voucher");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Briefing);
    snap("shipped-briefing", &mut app);
    key(&mut app, KeyCode::Enter);
    // Choice 2 at every step walks till, yesterday, what-now and full-price and reaches
    // the timed queue step.
    let t0 = Instant::now();
    for _ in 0..4 {
        assert_eq!(app.context(), Context::Turn);
        key(&mut app, KeyCode::Char('2'));
        key(&mut app, KeyCode::Enter);
    }
    app.tick(t0);
    app.tick(t0 + Duration::from_secs(21));
    snap("shipped-timed-step", &mut app);
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::PageUp);
    snap_at("shipped-transcript-scrolled", &mut app, 80, 24);
    key(&mut app, KeyCode::End);
    while app.context() == Context::Turn {
        key(&mut app, KeyCode::Char('2'));
        key(&mut app, KeyCode::Enter);
    }
    assert_eq!(app.context(), Context::Debrief);
    snap("shipped-debrief", &mut app);
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::PageDown);
    snap_at("shipped-debrief-page-2", &mut app, 80, 24);
    key(&mut app, KeyCode::Char('l'));
    assert_eq!(app.context(), Context::Library);
}

#[test]
fn a_window_below_80x24_shows_the_too_small_screen() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    let text = screen(&mut app, 40, 10);
    assert!(text.contains("need 80x24, have 40x10"), "{text}");
    insta::assert_snapshot!("too-small@40x10", text);
    assert_eq!(app.context(), Context::TooSmall);
    // Keys that would act on the hidden screen do nothing; q quits.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.mode, Mode::Coach);
    let text = screen(&mut app, 79, 24);
    assert!(text.contains("need 80x24, have 79x24"), "{text}");
    assert!(screen(&mut app, 80, 24).contains("Scenario library"));
    app.handle(Action::Resize {
        width: 40,
        height: 10,
    });
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn no_color_draws_every_screen_without_a_colour() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    let mut screens = Vec::new();
    let mut check = |app: &mut App, name: &str| {
        for (w, h) in [(80, 24), (120, 40)] {
            let terminal = draw(app, w, h);
            for cell in terminal.backend().buffer().content() {
                assert!(
                    cell.fg == Color::Reset && cell.bg == Color::Reset,
                    "{name} at {w}x{h}: {cell:?}"
                );
            }
        }
        screens.push(name.to_owned());
    };
    check(&mut app, "library");
    open_parcel(&mut app);
    check(&mut app, "briefing");
    key(&mut app, KeyCode::Enter);
    check(&mut app, "conversation");
    key(&mut app, KeyCode::Char('1'));
    check(&mut app, "feedback");
    key(&mut app, KeyCode::F(1));
    check(&mut app, "help");
    key(&mut app, KeyCode::F(1));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Enter);
    check(&mut app, "debrief");
    assert_eq!(app.context(), Context::Debrief);
    // The selection is still marked, with '>' and reverse video rather than a colour.
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    insta::assert_snapshot!("no-color-library@80x24", screen(&mut app, 80, 24));
    let terminal = draw(&mut app, 80, 24);
    let buffer = terminal.backend().buffer();
    let row = (0..24)
        .find(|&y| buffer[(1, y)].symbol() == ">")
        .expect("a row marked >");
    assert!(
        buffer[(2, row)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
    assert_eq!(screens.len(), 6);
}

#[test]
fn a_click_on_a_choice_says_it_and_the_wheel_scrolls_the_transcript() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            start: Some("parcel-mixup".to_owned()),
            from: None,
            free_text: false,
            ..config()
        },
        Theme::colour(),
    );
    key(&mut app, KeyCode::Enter);
    let terminal = draw(&mut app, 80, 24);
    let buffer = terminal.backend().buffer();
    // Find the row of choice 3 and click it.
    let row = (0..24)
        .find(|&y| {
            (0..80)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .contains("3. Calm down")
        })
        .expect("choice 3 on screen");
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    });
    let action = map_event(app.context(), &click).unwrap();
    assert_eq!(action, Action::Click { column: 10, row });
    app.handle(action);
    assert_eq!(app.context(), Context::Feedback);
    let text = screen(&mut app, 80, 24);
    // What was said is quoted, not named by its number.
    assert!(text.contains("You said \"Calm down"), "{text}");

    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollUp,
        column: 10,
        row: 3,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(map_event(app.context(), &wheel), Some(Action::ScrollUp));
}

#[test]
fn ctrl_c_quits_at_once_from_every_context() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    open_parcel(&mut app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.context(), Context::Confirm);
    key_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.should_quit());
}

/// At 80x24 everything stays usable at every step the runs below reach in every shipped
/// scenario (always the first, second or third choice shown, in authored order and
/// shuffled): every choice shows whole when selected (the panel scrolls, marked, only when
/// the choices are longer than it), the countdown shows on timed steps, and the coach's
/// feedback shows whole.
#[test]
fn at_80x24_every_choice_and_all_feedback_show_in_every_shipped_scenario() {
    let rubric = Rubric::builtin();
    let library = Library::from_paths(&[path("scenarios")], &rubric);
    let ids: Vec<String> = library.scenarios().map(|s| s.id().to_owned()).collect();
    // Every shipped file is playable (the curriculum lists them; it is not one).
    assert_eq!(ids.len(), library.files.len(), "{ids:?}");
    assert!(ids.len() >= 12, "{ids:?}");
    let mut turns = 0;
    let mut scrolled = 0;
    for id in &ids {
        for (pick, shuffle) in [(1, false), (2, false), (3, false), (1, true), (3, true)] {
            let mut app = App::new(
                &library,
                &rubric,
                Config {
                    start: Some(id.clone()),
                    from: None,
                    free_text: false,
                    shuffle,
                    ..config()
                },
                Theme::colour(),
            );
            key(&mut app, KeyCode::Enter);
            while app.context() == Context::Turn {
                let text = screen(&mut app, 80, 24);
                let frontline::tui::app::Screen::Conversation(play) = &app.screen else {
                    unreachable!()
                };
                let turn = play.turn.clone().unwrap();
                if turn.time_limit.is_some() {
                    assert!(text.contains("Time left: "), "{id}: no countdown:\n{text}");
                }
                if text.contains("more below") {
                    scrolled += 1;
                }
                for choice in &turn.choices {
                    let text = screen(&mut app, 80, 24);
                    let words: Vec<&str> = choice.say.split_whitespace().take(3).collect();
                    let start = format!("> {}. {}", choice.number, words.join(" "));
                    assert!(text.contains(&start), "{id}: {start:?} not shown:\n{text}");
                    let last = choice.say.split_whitespace().last().unwrap();
                    assert!(
                        text.contains(last),
                        "{id}: the end of {start:?} not shown:\n{text}"
                    );
                    key(&mut app, KeyCode::Down);
                }
                let n = pick.min(turn.choices.len());
                key(
                    &mut app,
                    KeyCode::Char(char::from_digit(n as u32, 10).unwrap()),
                );
                assert_eq!(app.context(), Context::Feedback);
                // Feedback with a better reply beside it may scroll: its end is reached.
                screen(&mut app, 80, 24);
                key(&mut app, KeyCode::End);
                let text = screen(&mut app, 80, 24);
                assert!(
                    text.contains("Press Enter to continue")
                        || text.contains("Press Enter for the debrief"),
                    "{id}: feedback cut:\n{text}"
                );
                key(&mut app, KeyCode::Enter);
                turns += 1;
            }
            assert_eq!(app.context(), Context::Debrief, "{id}");
            let text = screen(&mut app, 80, 24);
            assert!(text.contains("overall "), "{id}:\n{text}");
        }
    }
    assert!(turns > 300, "{turns}");
    // Only the longest written replies (the email scenario) need the panel to scroll.
    assert!(
        scrolled * 20 < turns,
        "{scrolled} of {turns} turns scrolled"
    );
}

#[test]
fn free_text_types_a_reply_and_shows_what_it_was_taken_as() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    // `t` in the library switches to typing for the next run.
    key(&mut app, KeyCode::Char('t'));
    assert!(app.free_text);
    snap("library-free-text", &mut app);
    open_parcel(&mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
    snap_help("typing", &mut app);

    // Gibberish: the customer asks to hear it another way, and the box is cleared.
    keys(&mut app, "flibber jab");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
    snap("typing-say-more", &mut app);
    assert_eq!(reply(&app), "");
    keys(
        &mut app,
        "I'm so sorry Priya, let me check where the driver left it. May I put you on hold for a minute?",
    );
    snap("typing", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Feedback);
    // It does what the best choice does: that choice's marks, told so; End reaches the end.
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Taken as ("), "{text}");
    assert!(text.contains("Read as the strongest reply here"), "{text}");
    key(&mut app, KeyCode::End);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Press Enter to continue"), "{text}");
    key(&mut app, KeyCode::Home);
    snap("free-text-feedback", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
}

/// The lines of one decision's entry in "Your path and the best path": from its
/// "N. After "..."" line up to the next entry.
fn path_entry(page: &str, head: &str) -> String {
    let lines: Vec<&str> = page.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains(head))
        .unwrap_or_else(|| panic!("no {head:?} in:\n{page}"));
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.contains(". After \"") || l.contains("The best path scores"))
        .map_or(lines.len(), |i| start + 1 + i);
    lines[start..end].join("\n")
}

/// The whole debrief on one tall page, one column.
fn whole_debrief(app: &mut App) -> String {
    screen(app, 80, 200)
}

#[test]
fn the_debrief_pairs_each_decision_with_the_best_path_at_the_same_step() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = started(&library, &rubric, "refund-no-receipt");
    // opening, what-happened, then the detour the best path never takes (defends-use),
    // sent-away (blaming the new lad, not the best), receipt, lookup, found, refund-only
    // (another step off the best path), same-again, close: partly resolved, because the
    // new lad was blamed and her worry brushed aside.
    for pick in "2211111212".chars() {
        assert_eq!(app.context(), Context::Turn);
        key(&mut app, KeyCode::Char(pick));
        key(&mut app, KeyCode::Enter);
    }
    assert_eq!(app.context(), Context::Debrief);
    let page = whole_debrief(&mut app);

    let detour = path_entry(&page, "3. After \"");
    assert!(
        detour.contains("Best: the best path never comes to this step."),
        "{detour}"
    );
    // After the detour, sent-away is set beside the best path's own sent-away choice,
    // not beside its next step's (receipt).
    let sent_away = path_entry(&page, "4. After \"");
    assert!(sent_away.contains("You:  \"He must be new"), "{sent_away}");
    assert!(
        sent_away.contains("Best: \"I'm sorry you were sent away"),
        "{sent_away}"
    );
    assert!(!sent_away.contains("(at "), "{sent_away}");
    let receipt = path_entry(&page, "5. After \"");
    assert!(receipt.contains("Best: the same choice."), "{receipt}");
    let refund_only = path_entry(&page, "8. After \"");
    assert!(
        refund_only.contains("the best path never comes to this step"),
        "{refund_only}"
    );
    // Every step the best path takes was reached, so none is listed as its alone.
    assert!(!page.contains("Only the best path reaches"), "{page}");
    // No step id is shown: each decision is named by what the customer said.
    for id in [
        "defends-use",
        "sent-away",
        "refund-only",
        "At receipt",
        "grudging",
    ] {
        assert!(!page.contains(id), "{id} in:\n{page}");
    }
    // The ending is named once, by its outcome, and its notes say what this run did.
    assert!(page.contains("Ending: partly resolved "), "{page}");
    assert!(!page.contains("resolved, partly resolved"), "{page}");
    assert!(page.contains("Blaming the new lad for Saturday"), "{page}");
    snap("debrief-detour", &mut app);
    snap_at("debrief-detour-path", &mut app, 80, 60);

    // A run that ends early: the best path's later steps are listed as its alone.
    let mut app = started(&library, &rubric, "parcel-mixup");
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Debrief);
    let page = whole_debrief(&mut app);
    assert!(
        page.contains("Only the best path hears \"So where is it?\" (its decision 2)"),
        "{page}"
    );
    // A trainee never sees a step or ending id.
    for id in ["opening", "found-it", "sorted", "hangs-up"] {
        assert!(!page.contains(id), "{id} in:\n{page}");
    }
}

#[test]
fn in_a_small_window_q_during_a_run_asks_first_and_the_question_fits() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    open_parcel(&mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Turn);
    let text = screen(&mut app, 60, 15);
    assert!(text.contains("q asks whether to quit"), "{text}");
    insta::assert_snapshot!("too-small-run@60x15", text);

    key(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit(), "q quit a run without asking");
    assert_eq!(app.context(), Context::Confirm);
    let text = screen(&mut app, 60, 15);
    assert!(text.contains("Leave this run? y/n"), "{text}");
    assert!(text.contains("This run is not saved."), "{text}");
    insta::assert_snapshot!("too-small-confirm@60x15", text);
    // n goes back to the small screen, with the run still on.
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.context(), Context::TooSmall);
    // The question opened in a small window is there once the window is big again.
    key(&mut app, KeyCode::Char('q'));
    assert!(screen(&mut app, 80, 24).contains("Leave this run? y/n"));
    assert_eq!(app.context(), Context::Confirm);
    screen(&mut app, 60, 15);
    key(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit());
}

#[test]
fn the_briefing_tells_a_trainee_typing_replies_how_to_answer() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    open_parcel(&mut app);
    let choosing = screen(&mut app, 120, 40);
    assert!(
        choosing.contains("Answer with the number of a choice"),
        "{choosing}"
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Briefing);
    let typing = screen(&mut app, 120, 40);
    assert!(!typing.contains("Answer with the number"), "{typing}");
    assert!(
        typing.contains("Type what you would say to the customer"),
        "{typing}"
    );
    snap("briefing-free-text", &mut app);
}

/// The terminal's cursor after drawing at `width`x`height`: visible, and where.
fn cursor_at(app: &mut App, width: u16, height: u16) -> Option<(u16, u16)> {
    let terminal = draw(app, width, height);
    let backend = terminal.backend();
    backend
        .cursor_visible()
        .then(|| (backend.cursor_position().x, backend.cursor_position().y))
}

/// The reply being typed.
fn reply(app: &App) -> String {
    let frontline::tui::app::Screen::Conversation(play) = &app.screen else {
        panic!("not in the conversation")
    };
    play.typing.as_ref().expect("typing").text().to_owned()
}

#[test]
fn the_reply_box_edits_at_a_visible_cursor_and_shows_its_limit() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = typing_parcel(&library, &rubric, Mode::Coach, Theme::colour());
    // The choosing screen has no cursor; the reply box puts it after "> ".
    let text = screen(&mut app, 80, 24);
    let row = text
        .lines()
        .position(|l| l.starts_with("\"│ > "))
        .expect("the reply line") as u16;
    assert_eq!(cursor_at(&mut app, 80, 24), Some((4, row)));

    keys(&mut app, "I'm sory");
    assert_eq!(cursor_at(&mut app, 80, 24), Some((12, row)));
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    assert_eq!(cursor_at(&mut app, 80, 24), Some((10, row)));
    keys(&mut app, "r");
    assert_eq!(reply(&app), "I'm sorry");
    key(&mut app, KeyCode::Home);
    assert_eq!(cursor_at(&mut app, 80, 24), Some((4, row)));
    key(&mut app, KeyCode::Delete);
    keys(&mut app, "Oh, I");
    key(&mut app, KeyCode::End);
    keys(&mut app, " Priya");
    assert_eq!(reply(&app), "Oh, I'm sorry Priya");
    key_with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(reply(&app), "Oh, I'm sorry ");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(reply(&app), "Oh, I'm sorry");
    key_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(reply(&app), "");
    assert_eq!(app.context(), Context::Typing);

    // Near the limit the count shows; at it, typing stops and the box says so, with the
    // end of the reply (and the cursor) still in view.
    // 41 characters: the 1000th is a letter, so it shows just before the cursor.
    let words = "Thanks for holding: I'm checking it now. ";
    let mut long = String::new();
    while long.chars().count() < 1100 {
        long.push_str(words);
    }
    let near: String = long.chars().take(850).collect();
    keys(&mut app, &near);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains(" 850 of 1000 characters "), "{text}");
    keys(&mut app, &long[850..]);
    assert_eq!(reply(&app).chars().count(), 1000);
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("1000 of 1000 characters: the limit"),
        "{text}"
    );
    // Just before the cursor (or at the end of the row above) is the reply's last letter.
    let (x, y) = cursor_at(&mut app, 80, 24).expect("the cursor in view");
    let terminal = draw(&mut app, 80, 24);
    let row = |y: u16| -> String {
        (0..80)
            .map(|x| terminal.backend().buffer()[(x, y)].symbol().to_owned())
            .collect()
    };
    let before = if x > 4 {
        row(y).chars().nth(x as usize - 1)
    } else {
        row(y - 1).trim_end_matches(['│', ' ']).chars().last()
    };
    assert_eq!(before, reply(&app).chars().last(), "{text}");
    snap_at("typing-at-limit", &mut app, 80, 24);
    // Sending it clears the box; feedback has no cursor.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Feedback);
    assert_eq!(cursor_at(&mut app, 80, 24), None);
}

/// Where the first occurrence of `label` on screen ends: (column, row).
fn after(app: &mut App, label: &str, width: u16, height: u16) -> (u16, u16) {
    let text = screen(app, width, height);
    let (row, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(label))
        .unwrap_or_else(|| panic!("{label:?} not on screen: {text}"));
    // Each line is quoted; the box-drawing characters are one column wide.
    let at = line[..line.find(label).unwrap()].chars().count() - 1;
    ((at + label.chars().count()) as u16, row as u16)
}

#[test]
fn the_name_and_the_filter_edit_at_a_visible_cursor_as_a_reply_does() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            trainee: None,
            ..config()
        },
        Theme::colour(),
    );

    // The filter: typed, edited in the middle, the cursor where the edit is.
    assert_eq!(cursor_at(&mut app, 80, 24), None);
    keys(&mut app, "/parcl mix");
    let (x, y) = after(&mut app, "Filter: ", 80, 24);
    assert_eq!(cursor_at(&mut app, 80, 24), Some((x + 9, y)));
    for _ in 0..5 {
        key(&mut app, KeyCode::Left);
    }
    keys(&mut app, "e");
    assert_eq!(app.library.filter.text(), "parcel mix");
    assert_eq!(app.library.filter.cursor(), 5);
    assert_eq!(cursor_at(&mut app, 80, 24), Some((x + 5, y)));
    assert!(screen(&mut app, 80, 24).contains("Filter: parcel mix  ("));
    // Delete and Ctrl-W edit where the cursor is; Home and End move it.
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Delete);
    assert_eq!(app.library.filter.text(), "parcelmix");
    key_with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.library.filter.text(), "mix");
    key(&mut app, KeyCode::End);
    assert_eq!(cursor_at(&mut app, 80, 24), Some((x + 3, y)));
    key_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(app.context(), Context::Filter);
    keys(&mut app, "parcel");
    // Help covers the cursor; the arrows still move the selection.
    key(&mut app, KeyCode::F(1));
    assert_eq!(cursor_at(&mut app, 80, 24), None);
    key(&mut app, KeyCode::Esc);
    let shown = app.library.visible.len();
    key(&mut app, KeyCode::Down);
    assert_eq!(app.library.selected, 1.min(shown - 1));
    key(&mut app, KeyCode::Up);
    assert_eq!(app.library.selected, 0);
    // Enter keeps the filter and leaves it: no cursor, and Home selects again.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Library);
    assert_eq!(cursor_at(&mut app, 80, 24), None);
    assert!(screen(&mut app, 80, 24).contains("Filter: parcel  ("));

    // The name: the same edits, the cursor after the label.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::NamePrompt);
    let (x, y) = after(&mut app, "Name: ", 80, 24);
    assert_eq!(cursor_at(&mut app, 80, 24), Some((x, y)));
    keys(&mut app, "Sam Smth");
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    keys(&mut app, "i");
    assert!(screen(&mut app, 80, 24).contains("Name: Sam Smith"));
    assert_eq!(cursor_at(&mut app, 80, 24), Some((x + 7, y)));
    key(&mut app, KeyCode::Home);
    assert_eq!(cursor_at(&mut app, 80, 24), Some((x, y)));
    keys(&mut app, "Dr ");
    key(&mut app, KeyCode::End);
    key_with(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(cursor_at(&mut app, 80, 24), Some((x + 6, y)));
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Delete);
    assert!(screen(&mut app, 80, 24).contains("Name: D Sam "));
    assert_eq!(cursor_at(&mut app, 80, 24), Some((x + 1, y)));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Briefing);
    assert_eq!(app.trainee.as_deref(), Some("D Sam"));
}

#[test]
fn the_header_names_the_decision_the_feedback_is_about() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    open_parcel(&mut app);
    key(&mut app, KeyCode::Enter);
    let header = |app: &mut App| screen(app, 80, 24).lines().next().unwrap().to_owned();
    assert!(header(&mut app).contains("Decision 1"));
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.context(), Context::Feedback);
    assert!(
        header(&mut app).contains("Decision 1"),
        "{}",
        header(&mut app)
    );
    key(&mut app, KeyCode::Enter);
    assert!(header(&mut app).contains("Decision 2"));
}

/// Scenario `id` in coach mode, past its briefing.
fn started<'a>(library: &'a Library, rubric: &'a Rubric, id: &str) -> App<'a> {
    let mut app = App::new(
        library,
        rubric,
        Config {
            start: Some(id.to_owned()),
            ..config()
        },
        Theme::colour(),
    );
    key(&mut app, KeyCode::Enter);
    app
}

/// The parcel fixture's opening, replies typed, in `mode`.
fn typing_parcel<'a>(
    library: &'a Library,
    rubric: &'a Rubric,
    mode: Mode,
    theme: Theme,
) -> App<'a> {
    let mut app = App::new(
        library,
        rubric,
        Config {
            mode,
            start: Some("parcel-mixup".to_owned()),
            free_text: true,
            ..config()
        },
        theme,
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
    app
}

const UNMATCHED: &str = "Not recorded, as it matched no choice; the rubric found in it:";
/// Matches no choice at the opening; courtesy cues, rewards and penalties.
const RUDE: &str = "Thanks, Priya. Whatever, mate. Bananas.";

#[test]
fn coach_shows_what_the_rubric_found_in_a_reply_that_matched_no_choice() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = typing_parcel(&library, &rubric, Mode::Coach, Theme::colour());
    keys(&mut app, RUDE);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
    // The box is cleared (the reply is in the transcript), and Up brings it back.
    assert_eq!(reply(&app), "", "the box is cleared");
    key(&mut app, KeyCode::Up);
    assert_eq!(reply(&app), RUDE, "Up recalls the reply to say another way");
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(&mut app, w, h);
        for shown in [
            "Could you say that another way?",
            UNMATCHED,
            "Courtesy: -1 (+1 customer-name \"Priya\", +1 thanks \"Thanks\",",
            "> Thanks, Priya. Whatever, mate. Bananas.",
            "Type what you would say, then Enter.",
        ] {
            assert!(text.contains(shown), "{shown} at {w}x{h}:\n{text}");
        }
    }
    snap("typing-unmatched", &mut app);

    // Editing keeps it; sending the next reply ends it, even one that matches nothing.
    key_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "flibber jab");
    assert!(screen(&mut app, 80, 24).contains(UNMATCHED));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Could you say that another way?"), "{text}");
    assert!(!text.contains(UNMATCHED), "{text}");
    assert!(!text.contains("overfamiliar"), "{text}");

    // Nor does it outlive a reply taken as a choice: not in its feedback, nor after it.
    let mut app = typing_parcel(&library, &rubric, Mode::Coach, Theme::colour());
    keys(&mut app, RUDE);
    key(&mut app, KeyCode::Enter);
    assert!(screen(&mut app, 80, 24).contains(UNMATCHED));
    key_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(
        &mut app,
        "I'm so sorry Priya, let me check where the driver left it. May I put you on hold for a minute?",
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Feedback);
    let text = screen(&mut app, 120, 40);
    assert!(!text.contains(UNMATCHED), "{text}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
    let text = screen(&mut app, 120, 40);
    assert!(!text.contains(UNMATCHED), "{text}");

    // Without colour, the signs carry the meaning and nothing is coloured.
    let mut app = typing_parcel(&library, &rubric, Mode::Coach, Theme::mono());
    keys(&mut app, RUDE);
    key(&mut app, KeyCode::Enter);
    let terminal = draw(&mut app, 80, 24);
    assert!(terminal.backend().to_string().contains(UNMATCHED));
    for cell in terminal.backend().buffer().content() {
        assert!(
            cell.fg == Color::Reset && cell.bg == Color::Reset,
            "{cell:?}"
        );
    }
}

#[test]
fn assess_mode_shows_nothing_of_a_reply_that_matched_no_choice() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = typing_parcel(&library, &rubric, Mode::Assess, Theme::colour());
    keys(&mut app, RUDE);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
    assert_eq!(reply(&app), "");
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(&mut app, w, h);
        assert!(text.contains("Could you say that another way?"), "{text}");
        assert!(!text.contains(UNMATCHED), "{text}");
        assert!(!text.contains("overfamiliar"), "{text}");
        assert!(!text.contains("Courtesy"), "{text}");
    }
}

/// A long typed reply's feedback (points with every cue, the feedback, "Press Enter to
/// continue.") is longer than the panel at 80x24: it is marked and scrolls by the keys
/// help lists, and Enter still goes on.
#[test]
fn feedback_longer_than_the_panel_scrolls_to_its_end() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            start: Some("colleague-urgent-request".to_owned()),
            free_text: true,
            ..config()
        },
        Theme::colour(),
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
    keys(
        &mut app,
        "Whatever mate, calm down!! As I said, you always do this. Sorry, that came out like \
         a brush-off. You're under real time pressure. Tell me what procurement actually \
         asked for, lol.",
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Feedback);
    // The feedback panel's "↑ more above" (the transcript above has its own).
    let above = |text: &str| {
        text.lines()
            .any(|l| l.contains("┌ Feedback") && l.contains("↑ more above"))
    };
    let text = screen(&mut app, 80, 24);
    let end = "Press Enter to continue";
    assert!(text.contains("more below ↓"), "{text}");
    assert!(!text.contains(end), "{text}");
    snap_at("feedback-cut", &mut app, 80, 24);

    // Down, j, PgDn and End each reach further; End reaches the end, and the marks follow.
    key(&mut app, KeyCode::Down);
    let text = screen(&mut app, 80, 24);
    assert!(above(&text), "{text}");
    key(&mut app, KeyCode::Home);
    assert!(!above(&screen(&mut app, 80, 24)));
    for code in [KeyCode::Char('j'), KeyCode::PageDown, KeyCode::PageDown] {
        key(&mut app, code);
        screen(&mut app, 80, 24);
    }
    let text = screen(&mut app, 80, 24);
    assert!(text.contains(end), "{text}");
    assert!(above(&text), "{text}");
    assert!(!text.contains("more below ↓"), "{text}");
    snap_at("feedback-scrolled", &mut app, 80, 24);
    key(&mut app, KeyCode::End);
    assert_eq!(screen(&mut app, 80, 24), text, "already at the end");

    // Back up with k, PgUp and Home, then the wheel down to the end again.
    key(&mut app, KeyCode::Char('k'));
    assert!(screen(&mut app, 80, 24).contains("more below ↓"));
    key(&mut app, KeyCode::PageUp);
    screen(&mut app, 80, 24);
    key(&mut app, KeyCode::Home);
    assert!(!above(&screen(&mut app, 80, 24)));
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 20,
        modifiers: KeyModifiers::NONE,
    });
    for _ in 0..10 {
        let action = map_event(app.context(), &wheel).unwrap();
        app.handle(action);
        screen(&mut app, 80, 24);
    }
    assert!(screen(&mut app, 80, 24).contains(end));

    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Typing);
}

/// Three replies not taken at a step: the numbered choices are offered, a digit picks
/// one, and the next step is typed again.
#[test]
fn three_misses_offer_the_numbered_choices_then_typing_resumes() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = typing_parcel(&library, &rubric, Mode::Assess, Theme::colour());
    for miss in ["flibber jab", "ok", "zork blat"] {
        assert_eq!(app.context(), Context::Typing, "before {miss}");
        keys(&mut app, miss);
        key(&mut app, KeyCode::Enter);
    }
    assert_ne!(app.context(), Context::Typing);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("Three replies were not taken"), "{text}");
    assert!(
        text.contains("Did you check with your neighbours?"),
        "{text}"
    );
    snap("typing-choices-offered", &mut app);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.context(), Context::Typing, "the next step is typed");
    assert_eq!(reply(&app), "");
}

#[test]
fn a_weak_answer_shows_the_better_reply_and_t_tries_the_decision_again() {
    let rubric = Rubric::builtin();
    let library = library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::colour());
    open_parcel(&mut app);
    key(&mut app, KeyCode::Enter);
    // "Did you check with your neighbours?": the feedback names the better reply and why.
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.context(), Context::Feedback);
    snap("feedback-better", &mut app);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Better here: \"I'm sorry, Priya"), "{shown}");
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(app.context(), Context::Turn);
    snap("practice-turn", &mut app);
    key(&mut app, KeyCode::Char('1'));
    snap("practice-feedback", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Turn);
    assert!(!app.practising());

    // Played to the end, the debrief plays on from a decision it is asked for.
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Debrief);
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(app.context(), Context::RetryFrom);
    keys(&mut app, "2");
    snap("debrief-retry-from", &mut app);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Turn);
    snap("retried-from-turn", &mut app);
}
