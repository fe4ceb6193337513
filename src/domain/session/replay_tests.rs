//! The live preview's replay: a run given again on an edited scenario keeps its draws,
//! its place and the score of the whole run, or stops where the path is gone and says why.

use super::*;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Scenario, check, load};

fn scenario(text: &str) -> Scenario {
    let scenario = load::parse(text).unwrap_or_else(|f| panic!("{f:?}"));
    let errors = check::check(&scenario, text, &Rubric::builtin());
    assert!(errors.is_empty(), "{errors:#?}");
    scenario
}

fn options(seed: u64) -> RunOptions {
    RunOptions {
        seed,
        shuffle: true,
        trainee: "Sam".into(),
        mode: Mode::Coach,
    }
}

/// Picks by authored index, whatever number it is shown as.
fn pick(run: &mut Run, authored: usize) -> Answered {
    let turn = run.turn().expect("the run goes on");
    let shown = turn
        .choices
        .iter()
        .find(|c| c.step_choice == authored)
        .unwrap_or_else(|| panic!("choice {authored} is not shown at {}", turn.step_id));
    run.choose(shown.number).unwrap()
}

/// Five names and several variants per line, so a replay that drew anew would show it;
/// choices shuffled.
const FILE: &str = r#"
format = 1
[scenario]
id = "blender"
title = "The blender"
channel = "counter"
difficulty = 1
start = "one"
pass_mark = 60

[customer]
names = ["Dana Li", "Priya Raman", "Tom Okafor", "Ana Silva", "Lee Chen"]
mood = -10

[[step]]
id = "one"
say = ["Hello.", "Hi there.", "Excuse me.", "Hey."]
  [[step.choice]]
  say = "Hi {customer}, how can I help?"
  next = "two"
  mood = 10
  score = { listening = 2, courtesy = 2 }
  sets = ["greeted"]
  feedback = "A warm, open greeting."
  [[step.choice]]
  say = "What?"
  next = "two"
  mood = -10
  score = { listening = -1, courtesy = -2 }
  feedback = "Curt."
  [[step.choice]]
  say = "Next, please."
  next = "two"
  score = { listening = 0, courtesy = 0 }
  feedback = "Neutral."

[[step]]
id = "two"
say = ["My blender broke.", "The blender died.", "It stopped working."]
  [[step.choice]]
  say = "Sorry to hear that. What happened?"
  next = "three"
  score = { listening = 2, non_defensive = 2 }
  feedback = "Empathy, then a question."
  [[step.choice]]
  say = "Not my problem."
  next = "three"
  mood = -40
  score = { listening = -2, non_defensive = -2 }
  feedback = "Not-my-job."
  [[step.choice]]
  say = "Thanks for waiting, {customer}."
  requires = ["greeted"]
  next = "three"
  score = { listening = 1, non_defensive = 1 }
  feedback = "Thanks them."

[[step]]
id = "three"
say = ["Can you fix it?", "So?"]
  [[step.choice]]
  say = "Let me find out what we can do."
  next = "fixed"
  score = { listening = 1, non_defensive = 2 }
  feedback = "Let me find out."
  [[step.choice]]
  say = "I don't know."
  next = "lost"
  mood = -30
  score = { listening = -1, non_defensive = -2 }
  feedback = "A dead end."

[[ending]]
id = "fixed"
outcome = "resolved"
say = "Thanks."
debrief = "Fixed."

[[ending]]
id = "lost"
outcome = "lost"
say = "Forget it."
debrief = "Lost."
"#;

fn played<'s>(s: &'s Scenario, seed: u64, start: &Start, picks: &[usize]) -> Run<'s> {
    let mut run = Run::start_from(s, &Rubric::builtin(), options(seed), start);
    for &p in picks {
        pick(&mut run, p);
    }
    run
}

fn again<'s>(old: &Run<'_>, new: &'s Scenario) -> Replayed<'s> {
    replay(
        new,
        &Rubric::builtin(),
        old.scenario(),
        old.options().clone(),
        old.begun(),
        old.decisions(),
    )
}

#[test]
fn an_unchanged_file_replays_to_the_very_same_run() {
    let s = scenario(FILE);
    for seed in 0..20 {
        let old = played(&s, seed, &Start::default(), &[1, 0]);
        let new = again(&old, &s);
        assert_eq!(new.stop, None);
        let run = new.run;
        assert_eq!(run.customer_name(), old.customer_name());
        assert_eq!(run.transcript(), old.transcript());
        assert_eq!(run.decisions(), old.decisions());
        assert_eq!(run.mood(), old.mood());
        assert_eq!(run.position(), old.position());
        assert_eq!(run.turn(), old.turn(), "the same choices in the same order");
        assert_eq!(run.overall(), old.overall());
    }
}

#[test]
fn a_reworded_choice_keeps_the_place_shows_the_new_words_and_scores_the_whole_run() {
    let s = scenario(FILE);
    // A poor first answer, then a good one: the whole run's score counts the first.
    let old = played(&s, 3, &Start::default(), &[1, 0]);
    let edited = FILE.replace(
        "say = \"Sorry to hear that. What happened?\"",
        "say = \"I'm sorry it broke. What happened when it stopped?\"",
    );
    let new_file = scenario(&edited);
    let new = again(&old, &new_file);
    assert_eq!(new.stop, None);
    let run = new.run;
    assert_eq!(run.position(), Some("three"));
    assert_eq!(run.decisions().len(), 2);
    assert_eq!(run.customer_name(), old.customer_name(), "the same draws");
    assert_eq!(run.mood(), old.mood());
    assert!(run.transcript().contains(&Line::Trainee(
        "I'm sorry it broke. What happened when it stopped?".into()
    )));
    assert!(run.transcript().contains(&Line::Trainee("What?".into())));
    // The lines the customer said are the ones drawn before: nothing above changed.
    assert_eq!(run.transcript()[0], old.transcript()[0]);
    assert_eq!(run.overall(), old.overall());
    assert!(
        run.overall().unwrap() < 100.0,
        "the curt first answer still costs"
    );
}

#[test]
fn a_rescored_choice_is_scored_as_the_new_file_says() {
    let s = scenario(FILE);
    let old = played(&s, 1, &Start::default(), &[1]);
    let edited = FILE.replacen(
        "score = { listening = -1, courtesy = -2 }",
        "score = { listening = 2, courtesy = 2 }",
        1,
    );
    let new_file = scenario(&edited);
    let new = again(&old, &new_file);
    assert_eq!(new.stop, None);
    assert_eq!(new.run.overall(), Some(100.0));
}

#[test]
fn a_removed_choice_stops_the_replay_there_and_says_so() {
    let s = scenario(FILE);
    let old = played(&s, 5, &Start::default(), &[0, 1]);
    let edited = FILE.replace(
        "  [[step.choice]]\n  say = \"Not my problem.\"\n  next = \"three\"\n  mood = -40\n  score = { listening = -2, non_defensive = -2 }\n  feedback = \"Not-my-job.\"\n",
        "",
    );
    assert_ne!(edited, FILE);
    let new_file = scenario(&edited);
    let new = again(&old, &new_file);
    let stop = new.stop.expect("the replay stops");
    assert_eq!(
        stop,
        Stop::ChoiceGone {
            decision: 2,
            step: "two".into(),
            said: "Not my problem.".into()
        }
    );
    assert_eq!(stop.decision(), 2);
    assert!(stop.to_string().contains("`two`"), "{stop}");
    assert!(stop.to_string().contains("Not my problem."), "{stop}");
    // The answer before it stands; the run waits at the step for a new answer.
    assert_eq!(new.run.decisions().len(), 1);
    assert_eq!(new.run.position(), Some("two"));
    assert_eq!(new.run.customer_name(), old.customer_name());
}

#[test]
fn a_removed_step_stops_the_replay_where_the_path_leaves_it() {
    let s = scenario(FILE);
    let old = played(&s, 2, &Start::default(), &[2, 0, 0]);
    // Step two goes; step one's choices lead straight to three.
    let start = FILE.find("[[step]]\nid = \"two\"").unwrap();
    let end = FILE.find("[[step]]\nid = \"three\"").unwrap();
    let edited =
        format!("{}{}", &FILE[..start], &FILE[end..]).replace("next = \"two\"", "next = \"three\"");
    let new_file = scenario(&edited);
    let new = again(&old, &new_file);
    let stop = new.stop.expect("the replay stops");
    assert_eq!(
        stop,
        Stop::StepGone {
            decision: 2,
            step: "two".into()
        }
    );
    assert_eq!(new.run.position(), Some("three"));
    assert_eq!(new.run.decisions().len(), 1);
}

#[test]
fn a_rerouted_choice_or_an_earlier_ending_stops_the_replay() {
    let s = scenario(FILE);
    let old = played(&s, 2, &Start::default(), &[0, 0, 0]);
    // The greeting now leads to three directly.
    let edited = FILE.replacen("next = \"two\"", "next = \"three\"", 1);
    let file = scenario(&edited);
    let new = again(&old, &file);
    assert_eq!(
        new.stop,
        Some(Stop::Elsewhere {
            decision: 2,
            was: "two".into(),
            now: "three".into()
        })
    );
    // The greeting now ends the run.
    let edited = FILE.replacen("next = \"two\"", "next = \"fixed\"", 1);
    let file = scenario(&edited);
    let new = again(&old, &file);
    assert_eq!(
        new.stop,
        Some(Stop::Ended {
            decision: 2,
            step: "two".into(),
            ending: "fixed".into()
        })
    );
    assert!(new.run.is_over());
}

#[test]
fn a_choice_hidden_by_a_new_condition_stops_the_replay() {
    let s = scenario(FILE);
    let old = played(&s, 4, &Start::default(), &[0, 2]);
    // "Thanks for waiting" now also needs a flag nothing set on this run.
    let edited = FILE.replace(
        "requires = [\"greeted\"]",
        "requires = [\"greeted\"]\n  unless = [\"rushed\"]",
    );
    let edited = edited.replacen(
        "sets = [\"greeted\"]",
        "sets = [\"greeted\", \"rushed\"]",
        1,
    );
    let file = scenario(&edited);
    let new = again(&old, &file);
    match new.stop {
        Some(Stop::ChoiceHidden {
            decision: 2,
            step,
            said,
        }) => {
            assert_eq!(step, "two");
            assert!(said.starts_with("Thanks for waiting"), "{said}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(new.run.position(), Some("two"));
}

#[test]
fn a_preview_begins_at_its_step_with_its_flags_and_mood_and_replays_from_there() {
    let s = scenario(FILE);
    let start = Start {
        step: Some("two".into()),
        flags: vec!["greeted".into()],
        mood: Some(-60),
    };
    assert!(start.check(&s).is_empty());
    let run = Run::start_from(&s, &Rubric::builtin(), options(9), &start);
    assert_eq!(run.position(), Some("two"));
    assert_eq!(run.mood(), -60);
    assert!(run.is_set("greeted"));
    let shown: Vec<usize> = run
        .turn()
        .unwrap()
        .choices
        .iter()
        .map(|c| c.step_choice)
        .collect();
    assert!(
        shown.contains(&2),
        "the flag shows the choice that requires it"
    );
    // Without the flag the choice is hidden, and the mood is the file's.
    let plain = Run::start_from(&s, &Rubric::builtin(), options(9), &Start::at("two"));
    assert_eq!(plain.mood(), -10);
    assert!(
        !plain
            .turn()
            .unwrap()
            .choices
            .iter()
            .any(|c| c.step_choice == 2)
    );
    // The same customer as an ordinary run with the seed: the name is drawn first.
    let ordinary = Run::start(&s, &Rubric::builtin(), options(9));
    assert_eq!(run.customer_name(), ordinary.customer_name());

    let old = played(&s, 9, &start, &[2]);
    let new = again(&old, &s);
    assert_eq!(new.stop, None);
    assert_eq!(new.run.decisions(), old.decisions());
    assert_eq!(new.run.mood(), old.mood());
    // The step it began at is gone: it says so and begins at the start.
    let renamed = FILE
        .replace("id = \"two\"", "id = \"broken\"")
        .replace("next = \"two\"", "next = \"broken\"");
    let file = scenario(&renamed);
    let new = again(&old, &file);
    assert_eq!(new.stop, Some(Stop::StartGone { step: "two".into() }));
    assert_eq!(new.run.position(), Some("one"));
}

#[test]
fn a_preview_start_is_checked_against_the_file() {
    let s = scenario(FILE);
    let bad = Start {
        step: Some("thre".into()),
        flags: vec!["greted".into(), "zzz".into()],
        mood: Some(150),
    };
    let errors = bad.check(&s);
    let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 4, "{said:#?}");
    assert!(said[0].contains("no step `thre`") && said[0].contains("did you mean `three`?"));
    assert!(said[1].contains("`greted`") && said[1].contains("did you mean `greeted`?"));
    assert!(said[2].contains("`zzz`") && said[2].contains("its flags are `greeted`"));
    assert!(said[3].contains("150") && said[3].contains("-100"));
    let ending = Start::at("fixed").check(&s);
    assert!(
        ending[0].to_string().contains("is an ending"),
        "{:?}",
        ending
    );
    assert!(
        Start {
            mood: Some(-100),
            ..Start::default()
        }
        .check(&s)
        .is_empty()
    );
    assert!(
        Start {
            mood: Some(-101),
            ..Start::default()
        }
        .check(&s)
        .len()
            == 1
    );
}

#[test]
fn hesitations_and_typed_replies_are_given_again() {
    let s = scenario(FILE);
    let mut old = Run::start(&s, &Rubric::builtin(), options(6));
    old.charge_hesitation();
    pick(&mut old, 0);
    let number = old
        .turn()
        .unwrap()
        .choices
        .iter()
        .find(|c| c.step_choice == 0)
        .unwrap()
        .number;
    let points = [("listening".to_owned(), 1), ("non_defensive".to_owned(), 2)].into();
    old.answer_as(number, "Oh no, what happened to it?", &points)
        .unwrap();
    let new = again(&old, &s);
    assert_eq!(new.stop, None);
    assert_eq!(new.run.decisions(), old.decisions());
    assert!(new.run.decisions()[0].hesitated);
    assert_eq!(
        new.run.decisions()[1].reply.as_deref(),
        Some("Oh no, what happened to it?")
    );
    assert_eq!(new.run.mood(), old.mood());
}
