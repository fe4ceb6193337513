//! State transitions of the app, without a terminal.

use super::*;
use crate::domain::library::Library;
use crate::tui::input::Context;
use std::path::PathBuf;
use std::time::Duration;

fn parcel_library(rubric: &Rubric) -> Library {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/parcel-mixup.toml");
    Library::from_paths(&[path], rubric)
}

fn config() -> Config {
    Config {
        seed: Some(7),
        shuffle: false,
        trainee: Some("Sam".to_owned()),
        mode: Mode::Coach,
        start: None,
        from: None,
        free_text: false,
    }
}

fn play<'p, 'a>(app: &'p App<'a>) -> &'p Play<'a> {
    match &app.screen {
        Screen::Conversation(play) | Screen::Briefing(play) => play,
        other => panic!("not in a run: {other:?}"),
    }
}

#[test]
fn enter_in_the_library_goes_to_the_briefing_then_the_conversation() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    assert_eq!(app.context(), Context::Library);
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::Briefing);
    assert_eq!(play(&app).run.options().trainee, "Sam");
    app.handle(Action::Back);
    assert_eq!(app.context(), Context::Library);
    app.handle(Action::Confirm);
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::Turn);
    assert_eq!(play(&app).choice_count(), 3);
}

#[test]
fn without_a_name_the_prompt_comes_first_and_refuses_an_empty_name() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            trainee: Some("   ".to_owned()),
            ..config()
        },
        Theme::mono(),
    );
    assert_eq!(app.trainee, None);
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::NamePrompt);
    app.handle(Action::Type(' '));
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::NamePrompt);
    for c in "Alexx".chars() {
        app.handle(Action::Type(c));
    }
    app.handle(Action::Erase);
    app.handle(Action::Confirm);
    assert_eq!(app.trainee.as_deref(), Some("Alex"));
    assert_eq!(app.context(), Context::Briefing);
    // Remembered: the next start goes straight to the briefing.
    app.handle(Action::Back);
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::Briefing);
}

#[test]
fn a_long_name_is_cut_at_the_limit() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            trainee: None,
            ..config()
        },
        Theme::mono(),
    );
    app.handle(Action::Confirm);
    for _ in 0..100 {
        app.handle(Action::Type('a'));
    }
    app.handle(Action::Confirm);
    assert_eq!(
        app.trainee.as_ref().map(|t| t.chars().count()),
        Some(text::NAME_MAX)
    );
}

#[test]
fn the_filter_matches_title_id_tags_and_channel_and_esc_clears_it() {
    let rubric = Rubric::builtin();
    let library = Library::from_paths(
        &[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")],
        &rubric,
    );
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    let total = app.library.visible.len();
    let filtered = |app: &mut App, filter: &str| {
        app.handle(Action::Filter);
        for c in filter.chars() {
            app.handle(Action::Type(c));
        }
        let ids: Vec<String> = app
            .library
            .visible
            .iter()
            .filter_map(|&i| app.library.entries[i].scenario())
            .map(|s| s.id().to_owned())
            .collect();
        app.handle(Action::Back);
        assert_eq!(app.library.visible.len(), total);
        ids
    };
    assert_eq!(filtered(&mut app, "RECEIPT"), ["refund-no-receipt"]); // title and id
    assert_eq!(filtered(&mut app, "allergy"), ["wrong-order-restaurant"]); // a tag
    assert!(filtered(&mut app, "email").contains(&"email-complaint".to_owned())); // channel
    assert_eq!(filtered(&mut app, "retail voucher"), ["expired-promotion"]); // every word
    assert!(filtered(&mut app, "no such thing").is_empty());
}

#[test]
fn keys_move_the_selection_within_the_choices() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            start: Some("parcel-mixup".into()),
            from: None,
            free_text: false,
            ..config()
        },
        Theme::mono(),
    );
    app.handle(Action::Confirm);
    app.handle(Action::Up);
    assert_eq!(play(&app).selected, 0);
    for _ in 0..5 {
        app.handle(Action::Down);
    }
    assert_eq!(play(&app).selected, 2);
    // A number that names no choice is refused, with a notice, and nothing is said.
    app.handle(Action::Pick(9));
    assert_eq!(app.context(), Context::Turn);
    assert!(
        play(&app)
            .notice
            .as_deref()
            .unwrap()
            .contains("no choice 9")
    );
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::Feedback);
    let answered = play(&app).feedback.clone().unwrap();
    assert_eq!(answered.number, 3);
    // "Calm down" drops the mood below -70: the opening escalates to the ending.
    assert!(answered.escalated);
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::Debrief);
}

#[test]
fn the_countdown_hesitates_once_and_pauses_under_an_overlay() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            start: Some("parcel-mixup".into()),
            from: None,
            free_text: false,
            ..config()
        },
        Theme::mono(),
    );
    app.handle(Action::Confirm);
    let t0 = Instant::now();
    app.tick(t0);
    app.tick(t0 + Duration::from_millis(10_500));
    assert_eq!(play(&app).countdown.as_ref().unwrap().seconds_left(), 20);
    app.handle(Action::Help);
    app.tick(t0 + Duration::from_secs(100));
    app.handle(Action::Help);
    app.tick(t0 + Duration::from_secs(100));
    assert_eq!(play(&app).countdown.as_ref().unwrap().seconds_left(), 20);
    assert!(!play(&app).impatient);
    app.tick(t0 + Duration::from_secs(120));
    assert!(play(&app).impatient);
    assert_eq!(play(&app).run.mood(), -30);
    app.tick(t0 + Duration::from_secs(200));
    assert_eq!(play(&app).run.mood(), -30, "only once");
    app.handle(Action::Pick(1));
    let answered = play(&app).feedback.clone().unwrap();
    assert!(answered.hesitated);
    // The next step has no limit.
    app.handle(Action::Confirm);
    assert!(play(&app).countdown.is_none());
}

#[test]
fn quitting_during_a_run_asks_first_and_elsewhere_does_not() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    app.handle(Action::Confirm);
    app.handle(Action::Confirm);
    app.handle(Action::Quit);
    assert_eq!(app.overlay, Some(Overlay::Confirm(Leave::Quit)));
    app.handle(Action::No);
    assert_eq!(app.overlay, None);
    app.handle(Action::Back);
    assert_eq!(app.overlay, Some(Overlay::Confirm(Leave::Library)));
    app.handle(Action::Yes);
    assert_eq!(app.context(), Context::Library);
    assert!(!app.should_quit());
    app.handle(Action::Quit);
    assert!(app.should_quit());
}

#[test]
fn the_mode_toggles_in_the_library_and_the_briefing_keeps_the_customer() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    app.handle(Action::ToggleMode);
    assert_eq!(app.mode, Mode::Assess);
    app.handle(Action::Confirm);
    let customer = play(&app).run.customer_name().to_owned();
    assert_eq!(play(&app).run.options().mode, Mode::Assess);
    app.handle(Action::ToggleMode);
    assert_eq!(play(&app).run.options().mode, Mode::Coach);
    assert_eq!(play(&app).run.customer_name(), customer);
}

#[test]
fn assess_mode_goes_on_without_feedback_and_ends_on_the_over_panel() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            mode: Mode::Assess,
            ..config()
        },
        Theme::mono(),
    );
    app.handle(Action::Confirm);
    app.handle(Action::Confirm);
    app.handle(Action::Pick(1));
    assert_eq!(app.context(), Context::Turn);
    app.handle(Action::Pick(1));
    assert_eq!(app.context(), Context::Over);
    app.handle(Action::Confirm);
    let Screen::Debrief(state) = &app.screen else {
        panic!("no debrief")
    };
    assert_eq!(state.debrief.result.overall, Some(100.0));
    assert!(state.debrief.passed);
}

#[test]
fn retry_draws_a_new_run_and_the_replay_walks_the_best_path_back_to_the_debrief() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    app.handle(Action::Confirm);
    app.handle(Action::Confirm);
    app.handle(Action::Pick(3));
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::Debrief);

    app.handle(Action::ReplayBest);
    assert_eq!(app.context(), Context::Replay);
    // Digits and arrows do not take the replay off the best path.
    app.handle(Action::Pick(3));
    app.handle(Action::Down);
    assert_eq!(play(&app).selected, play(&app).replay_choice().unwrap());
    for _ in 0..4 {
        app.handle(Action::Confirm);
    }
    assert!(play(&app).run.is_over());
    let result = play(&app).run.result().unwrap();
    assert_eq!(result.overall, Some(100.0));
    app.handle(Action::Confirm);
    let Screen::Debrief(state) = &app.screen else {
        panic!("not back at the debrief")
    };
    // The debrief is the trainee's run, not the replay's.
    assert_eq!(state.debrief.ending_id, "hangs-up");

    app.handle(Action::ReplayBest);
    app.handle(Action::Back);
    assert_eq!(app.context(), Context::Debrief);

    app.handle(Action::Retry);
    assert_eq!(app.context(), Context::Briefing);
    assert_eq!(play(&app).seed, 7, "--seed holds for a retry");
}

#[test]
fn without_a_seed_each_run_draws_its_own() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(
        &library,
        &rubric,
        Config {
            seed: None,
            ..config()
        },
        Theme::mono(),
    );
    let mut seeds = std::collections::HashSet::new();
    for _ in 0..5 {
        app.handle(Action::Confirm);
        seeds.insert(play(&app).seed);
        app.handle(Action::Back);
    }
    assert!(seeds.len() > 1);
}

#[test]
fn a_small_terminal_takes_only_quit_and_ctrl_c() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    app.handle(Action::Resize {
        width: 79,
        height: 30,
    });
    assert_eq!(app.context(), Context::TooSmall);
    app.handle(Action::Confirm);
    assert_eq!(app.screen_context(), Context::Library);
    app.handle(Action::Resize {
        width: 80,
        height: 24,
    });
    assert_eq!(app.context(), Context::Library);
    app.handle(Action::ForceQuit);
    assert!(app.should_quit());
}

#[test]
fn after_a_weak_answer_t_tries_the_decision_again_and_the_first_answer_stands() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    app.handle(Action::Confirm);
    app.handle(Action::Confirm);
    // The best reply first: nothing to try again, and the footer says why.
    app.handle(Action::Pick(1));
    assert!(play(&app).better.is_none());
    app.handle(Action::TryAgain);
    assert_eq!(app.context(), Context::Feedback);
    assert_eq!(app.hint.as_deref(), Some(text::NOTHING_BETTER));
    app.handle(Action::Confirm);
    // A weak one: the feedback names the better reply, with its feedback.
    app.handle(Action::Pick(3));
    let first = play(&app).run.decisions()[1].clone();
    let better = play(&app).better.clone().expect("a better reply");
    assert_eq!(better.step_id, first.step_id);
    assert_eq!(better.step_choice, 0);
    assert!(better.feedback.is_some());
    let transcript = play(&app).run.transcript().to_vec();

    // t: the same decision again, from the same draws, as practice.
    app.handle(Action::TryAgain);
    assert_eq!(app.context(), Context::Turn);
    assert!(app.practising());
    assert_eq!(play(&app).run.decisions().len(), 1);
    assert_eq!(
        play(&app).turn.as_ref().unwrap().step_id,
        first.step_id,
        "the decision tried again"
    );
    app.handle(Action::Pick(1));
    assert_eq!(app.context(), Context::Feedback);
    assert!(play(&app).better.is_none(), "the best this time");
    assert_eq!(play(&app).run.decisions()[1].step_choice, 0);

    // Enter goes back to the run, whose answer stands, and on from it: here the weak
    // answer ended the call, so on to its debrief.
    app.handle(Action::Confirm);
    assert!(!app.practising());
    let Screen::Debrief(state) = &app.screen else {
        panic!("not on the debrief: {:?}", app.context())
    };
    let run = &state.play.run;
    assert_eq!(
        run.decisions()[1],
        first,
        "the first answer is the one scored"
    );
    assert_eq!(run.transcript(), &transcript[..]);
    assert_eq!(state.debrief.decisions[1].step_id, first.step_id);
    assert!(state.debrief.decisions[1].cost > 0.0);
}

#[test]
fn esc_in_a_practice_goes_back_to_the_feedback_on_the_answer_that_stands() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    app.handle(Action::Confirm);
    app.handle(Action::Confirm);
    app.handle(Action::Pick(2));
    assert!(play(&app).better.is_some());
    app.handle(Action::TryAgain);
    assert!(app.practising());
    app.handle(Action::Back);
    assert!(!app.practising());
    assert_eq!(app.context(), Context::Feedback);
    assert_eq!(play(&app).run.decisions().len(), 1);
    assert_eq!(play(&app).run.decisions()[0].step_choice, 1);
}

#[test]
fn the_debrief_plays_on_from_any_decision_with_the_same_draws_as_practice() {
    let rubric = Rubric::builtin();
    let library = parcel_library(&rubric);
    let mut app = App::new(&library, &rubric, config(), Theme::mono());
    app.handle(Action::Confirm);
    app.handle(Action::Confirm);
    for _ in 0..20 {
        match app.context() {
            Context::Turn => app.handle(Action::Pick(2)),
            Context::Feedback | Context::Over => app.handle(Action::Confirm),
            _ => break,
        }
    }
    assert_eq!(app.context(), Context::Debrief);
    let Screen::Debrief(state) = &app.screen else {
        unreachable!()
    };
    let answers = state.play.run.decisions().to_vec();
    let transcript = state.play.run.transcript().to_vec();
    assert!(answers.len() >= 2);

    app.handle(Action::RetryFrom);
    assert_eq!(app.context(), Context::RetryFrom);
    // A number out of range is refused with the range in the footer.
    app.handle(Action::Type('9'));
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::RetryFrom);
    assert!(app.hint.as_deref().unwrap().contains("from 1 to"));
    app.handle(Action::Erase);
    app.handle(Action::Type('2'));
    app.handle(Action::Confirm);
    assert_eq!(app.context(), Context::Turn);
    assert!(app.practising());
    let p = play(&app);
    assert_eq!(p.retried_from, Some(2));
    assert_eq!(p.run.decisions(), &answers[..1]);
    assert_eq!(p.turn.as_ref().unwrap().step_id, answers[1].step_id);
    // The same draws: the conversation up to the decision is word for word the same.
    assert_eq!(
        p.run.transcript(),
        &transcript[..p.run.transcript().len()],
        "same customer, same lines"
    );
    assert_eq!(app.kept(), Kept::Nothing, "practice is not recorded");
}
