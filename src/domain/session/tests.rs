//! Hand-worked runs that pin the scoring rule of docs/scenario-format.md, and the
//! engine's contract with the screens (numbering, draws, placeholders, transcript).

use super::*;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Outcome, Scenario, check, load};

fn scenario(text: &str) -> Scenario {
    let scenario = load::parse(text).unwrap_or_else(|f| panic!("{f:?}"));
    let errors = check::check(&scenario, text, &Rubric::builtin());
    assert!(errors.is_empty(), "{errors:#?}");
    scenario
}

fn options(seed: u64, shuffle: bool) -> RunOptions {
    RunOptions {
        seed,
        shuffle,
        trainee: "Sam".into(),
        mode: Mode::Coach,
    }
}

fn start(s: &Scenario) -> Run<'_> {
    Run::start(s, &Rubric::builtin(), options(1, false))
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

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Listening is weighted 2; courtesy is never scored; the best listening choice at `two`
/// is hidden once `greeted` is set.
const HAND: &str = r#"
format = 1
[scenario]
id = "hand"
title = "Hand-worked"
channel = "counter"
difficulty = 1
start = "one"
pass_mark = 60
weights = { listening = 2.0 }

[customer]
name = "Dana"
mood = 0

[[step]]
id = "one"
narration = "{customer} walks up to {trainee}."
say = "Hello {trainee}."
  [[step.choice]]
  say = "Hi {customer}."
  next = "two"
  mood = 10
  score = { listening = 2, non_defensive = 1 }
  sets = ["greeted"]
  tactics = ["greet"]
  feedback = "Good, {customer} feels welcome."
  [[step.choice]]
  say = "What?"
  next = "two"
  mood = -10
  score = { listening = -1, non_defensive = 1 }
  feedback = "Curt."

[[step]]
id = "two"
say = "My blender broke."
  [[step.choice]]
  say = "Tell me more."
  unless = ["greeted"]
  next = "fixed"
  score = { listening = 3, non_defensive = 0 }
  feedback = "An open question."
  [[step.choice]]
  say = "Sorry to hear that. What happened?"
  next = "fixed"
  score = { listening = 2, non_defensive = 2 }
  feedback = "Empathy, then a question."
  [[step.choice]]
  say = "Not my problem."
  next = "fixed"
  mood = -50
  score = { listening = 0, non_defensive = -2 }
  feedback = "Not-my-job."

[[ending]]
id = "fixed"
outcome = "resolved"
say = "Thanks, {trainee}."
debrief = "{customer} left happy."
"#;

#[test]
fn a_flag_hidden_best_choice_does_not_count_as_best() {
    let s = scenario(HAND);
    let mut run = start(&s);
    pick(&mut run, 0); // sets `greeted`, which hides "Tell me more." (listening 3)
    let turn = run.turn().unwrap();
    let shown: Vec<usize> = turn.choices.iter().map(|c| c.step_choice).collect();
    assert_eq!(shown, [1, 2]);
    let numbers: Vec<usize> = turn.choices.iter().map(|c| c.number).collect();
    assert_eq!(
        numbers,
        [1, 2],
        "numbered from 1 after hidden ones are left out"
    );
    let a = pick(&mut run, 1);
    assert_eq!(
        a.marks[0].mark,
        crate::domain::scoring::Mark {
            earned: 2,
            best: 2,
            worst: 0
        }
    );
    let r = run.result().unwrap();
    // listening 3/3 + 2/2 = 100; non_defensive 4/4 (step one ties at 1: not assessed there).
    assert_eq!(r.dimensions[0], ("listening".to_owned(), Some(100.0)));
    assert_eq!(r.dimensions[1], ("non_defensive".to_owned(), Some(100.0)));
    assert_eq!(r.overall, Some(100.0));
    assert!(r.passed);
}

#[test]
fn a_dimension_never_assessed_is_null_and_left_out_of_a_weighted_overall() {
    let s = scenario(HAND);
    let mut run = start(&s);
    pick(&mut run, 1); // listening -1 of [-1, 2]: 0/3
    pick(&mut run, 1); // listening 2 of [0, 3]: 2/3; non_defensive 2 of [-2, 2]: 4/4
    let r = run.result().unwrap();
    assert_eq!(r.dimensions[2], ("courtesy".to_owned(), None));
    let listening = 100.0 * 2.0 / 6.0;
    assert_eq!(r.dimensions[0].1, Some(round1(listening)));
    assert_eq!(r.dimensions[1].1, Some(100.0));
    // Weighted 2:1, courtesy left out rather than counted as zero.
    let overall = (2.0 * listening + 100.0) / 3.0;
    assert!(close(run.overall().unwrap(), overall));
    assert_eq!(r.overall, Some(55.6));
    assert!(!r.passed, "55.6 is below the pass mark of 60");
    assert_eq!(r.outcome, Outcome::Resolved);
}

#[test]
fn debrief_costs_add_up_to_the_gap_to_the_best_path() {
    let s = scenario(HAND);
    let mut run = start(&s);
    pick(&mut run, 1);
    pick(&mut run, 1);
    let d = run.debrief().unwrap();
    // Step one lost 3 of listening's 6 possible points: 50 points there, weighted 2 of 3.
    assert!(close(d.decisions[0].cost, 2.0 * 50.0 / 3.0));
    assert!(close(d.decisions[0].marks[0].cost, 50.0));
    assert_eq!(d.decisions[0].marks[0].lost, 3);
    assert!(close(d.decisions[1].cost, 2.0 * (100.0 / 6.0) / 3.0));
    let best = d.best_path.as_ref().unwrap();
    let said: Vec<&str> = best.steps.iter().map(|b| b.said.as_str()).collect();
    assert_eq!(said, ["Hi Dana.", "Sorry to hear that. What happened?"]);
    assert_eq!(best.overall, Some(100.0));
    let total: f64 = d.decisions.iter().map(|x| x.cost).sum();
    assert!(close(d.gap.unwrap(), total), "{:?} vs {total}", d.gap);
    let tips: Vec<&str> = d.tips.iter().map(|t| t.feedback.as_str()).collect();
    assert_eq!(tips, ["Curt.", "Empathy, then a question."]);
    assert_eq!(d.ending_say, "Thanks, Sam.");
    assert_eq!(d.ending_debrief, "Dana left happy.");
    assert_eq!(d.dimensions[2].percent, None);
}

#[test]
fn placeholders_are_filled_in_everything_shown() {
    let s = scenario(HAND);
    let mut run = start(&s);
    let turn = run.turn().unwrap();
    assert_eq!(turn.narration.as_deref(), Some("Dana walks up to Sam."));
    assert_eq!(turn.say, "Hello Sam.");
    assert_eq!(turn.choices[0].say, "Hi Dana.");
    let a = pick(&mut run, 0);
    assert_eq!(a.said, "Hi Dana.");
    assert_eq!(a.feedback.as_deref(), Some("Good, Dana feels welcome."));
    assert_eq!(a.tactics, ["greet"]);
    pick(&mut run, 1);
    assert_eq!(
        run.transcript(),
        [
            Line::Narration("Dana walks up to Sam.".into()),
            Line::Customer("Hello Sam.".into()),
            Line::Trainee("Hi Dana.".into()),
            Line::Customer("My blender broke.".into()),
            Line::Trainee("Sorry to hear that. What happened?".into()),
            Line::Customer("Thanks, Sam.".into()),
        ]
    );
    assert_eq!(run.ending().unwrap().id.get_ref(), "fixed");
    assert_eq!(run.result().unwrap().steps, ["one", "two"]);
}

#[test]
fn numbers_that_name_no_choice_are_refused_without_changing_the_run() {
    let s = scenario(HAND);
    let mut run = start(&s);
    assert_eq!(
        run.choose(0),
        Err(ChooseError::NoSuchChoice {
            number: 0,
            shown: 2
        })
    );
    assert_eq!(
        run.choose(3),
        Err(ChooseError::NoSuchChoice {
            number: 3,
            shown: 2
        })
    );
    assert_eq!(
        run.choose(usize::MAX),
        Err(ChooseError::NoSuchChoice {
            number: usize::MAX,
            shown: 2
        })
    );
    assert_eq!(run.transcript().len(), 2);
    assert!(run.decisions().is_empty());
    pick(&mut run, 0);
    pick(&mut run, 2);
    assert!(run.is_over());
    assert_eq!(run.turn(), None);
    assert_eq!(run.choose(1), Err(ChooseError::Ended));
    assert!(!run.hesitate());
    assert_eq!(run.mood(), -40);
}

#[test]
fn a_result_exists_only_once_the_run_has_ended() {
    let s = scenario(HAND);
    let mut run = start(&s);
    assert!(run.result().is_none() && run.debrief().is_none() && run.ending().is_none());
    assert_eq!(run.position(), Some("one"));
    pick(&mut run, 0);
    pick(&mut run, 1);
    assert_eq!(run.position(), Some("fixed"));
    assert!(run.result().is_some() && run.debrief().is_some());
}

/// A timed step with an escalation rule: below -50 after a choice, the customer walks out.
fn timed(start_mood: i64) -> String {
    format!(
        r#"
format = 1
[scenario]
id = "timed"
title = "Timed"
channel = "phone"
difficulty = 2
start = "s"

[customer]
name = "Lee"
mood = {start_mood}

[[step]]
id = "s"
say = "Well?"
time_limit = 20
escalate_below = -50
escalate_to = "walks-out"
  [[step.choice]]
  say = "I'm so sorry."
  next = "fixed"
  mood = 5
  score = {{ listening = 2, courtesy = 1 }}
  feedback = "Right words."
  [[step.choice]]
  say = "Calm down."
  next = "fixed"
  mood = -30
  score = {{ listening = -2, courtesy = -1 }}
  feedback = "Never."

[[ending]]
id = "fixed"
outcome = "resolved"
say = "Fine."

[[ending]]
id = "walks-out"
outcome = "lost"
say = "I'm done."
"#
    )
}

#[test]
fn an_escalation_overrides_a_good_choice_but_not_its_marks() {
    let s = scenario(&timed(-60));
    let mut run = start(&s);
    let a = pick(&mut run, 0); // -60 + 5 = -55, still below -50
    assert!(a.escalated);
    assert_eq!(a.next, "walks-out");
    assert!(a.ended);
    assert_eq!((a.mood_before, a.mood_after), (-60, -55));
    let r = run.result().unwrap();
    assert_eq!(r.ending, "walks-out");
    assert_eq!(r.outcome, Outcome::Lost);
    assert_eq!(r.overall, Some(100.0), "the choice itself was the best one");
    assert!(
        !r.passed,
        "a lost customer fails the run whatever the score"
    );
    assert!(r.decisions[0].escalated);
}

#[test]
fn a_hesitation_drops_the_mood_once_and_can_tip_an_escalation() {
    let s = scenario(&timed(-48));
    let mut calm = start(&s);
    assert_eq!(calm.turn().unwrap().time_limit, Some(20));
    assert!(
        !pick(&mut calm, 0).escalated,
        "-48 + 5 = -43 stays above -50"
    );

    let mut run = start(&s);
    assert!(run.hesitate());
    assert!(!run.hesitate(), "once per visit");
    assert!(run.hesitated());
    assert_eq!(run.mood(), -58);
    let a = pick(&mut run, 0); // -58 + 5 = -53: below -50
    assert!(a.hesitated && a.escalated);
    assert_eq!((a.mood_before, a.mood_after), (-48, -53));
    let r = run.result().unwrap();
    assert!(r.decisions[0].hesitated);
    assert_eq!(r.final_mood, -53);
    assert_eq!(r.overall, Some(100.0), "hesitating costs mood, not marks");
}

#[test]
fn a_hesitation_keeps_the_mood_within_bounds_and_untimed_steps_ignore_it() {
    let s = scenario(&timed(-95));
    let mut run = start(&s);
    assert!(run.hesitate());
    assert_eq!(run.mood(), -100);
    let s = scenario(HAND);
    let mut untimed = start(&s);
    assert!(!untimed.hesitate());
    assert_eq!(untimed.mood(), 0);
    assert_eq!(untimed.turn().unwrap().time_limit, None);
}

const DRAWN: &str = r#"
format = 1
[scenario]
id = "drawn"
title = "Drawn"
channel = "chat"
difficulty = 1
start = "a"

[customer]
names = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo"]

[[step]]
id = "a"
say = ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]
  [[step.choice]]
  say = "c0"
  next = "a"
  score = { listening = 1 }
  [[step.choice]]
  say = "c1"
  next = "end"
  [[step.choice]]
  say = "c2"
  next = "a"
  [[step.choice]]
  say = "c3"
  next = "a"
  [[step.choice]]
  say = "c4"
  next = "a"

[[ending]]
id = "end"
outcome = "partial"
say = ["e1", "e2", "e3"]
"#;

/// Everything a seed decides, over a run that loops at `a` a few times.
fn drawn_run(s: &Scenario, seed: u64, shuffle: bool) -> (String, Vec<Line>, Vec<Vec<usize>>) {
    let mut run = Run::start(s, &Rubric::builtin(), options(seed, shuffle));
    let mut orders = Vec::new();
    for _ in 0..5 {
        orders.push(
            run.turn()
                .unwrap()
                .choices
                .iter()
                .map(|c| c.step_choice)
                .collect(),
        );
        pick(&mut run, 0);
    }
    pick(&mut run, 1);
    (
        run.customer_name().to_owned(),
        run.transcript().to_vec(),
        orders,
    )
}

#[test]
fn one_seed_repeats_every_draw_and_other_seeds_differ() {
    let s = scenario(DRAWN);
    assert_eq!(drawn_run(&s, 42, true), drawn_run(&s, 42, true));
    let runs: Vec<_> = (0..8).map(|seed| drawn_run(&s, seed, true)).collect();
    let names: std::collections::HashSet<_> = runs.iter().map(|r| r.0.clone()).collect();
    assert!(names.len() > 1, "names are drawn");
    let orders: std::collections::HashSet<_> = runs.iter().map(|r| r.2.clone()).collect();
    assert!(orders.len() > 1, "choice orders are drawn");
    let says: std::collections::HashSet<_> = runs.iter().map(|r| r.1.clone()).collect();
    assert!(says.len() > 1, "say variants are drawn");
}

#[test]
fn without_shuffle_choices_keep_the_authored_order() {
    let s = scenario(DRAWN);
    for seed in 0..5 {
        let (_, _, orders) = drawn_run(&s, seed, false);
        assert!(orders.iter().all(|o| o == &[0, 1, 2, 3, 4]));
    }
}

#[test]
fn a_loop_records_every_visit_and_scores_every_decision() {
    let s = scenario(DRAWN);
    let (_, transcript, _) = drawn_run(&s, 3, true);
    assert_eq!(transcript.len(), 6 * 2 + 1);
    let mut run = Run::start(&s, &Rubric::builtin(), options(3, true));
    pick(&mut run, 0);
    pick(&mut run, 1);
    let r = run.result().unwrap();
    assert_eq!(r.steps, ["a", "a"]);
    // listening: 1/1 then 0/1.
    assert_eq!(r.dimensions[0].1, Some(50.0));
    assert_eq!(r.outcome, Outcome::Partial);
}

#[test]
fn the_result_serialises_to_the_cli_json_shape() {
    let s = scenario(HAND);
    let mut run = start(&s);
    pick(&mut run, 1);
    pick(&mut run, 1);
    let r = run.result().unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert!(
        json.contains(r#""dimensions":{"listening":33.3,"non_defensive":100.0,"courtesy":null}"#),
        "{json}"
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["scenario"], "hand");
    assert_eq!(v["ending"], "fixed");
    assert_eq!(v["outcome"], "resolved");
    assert_eq!(v["passed"], false);
    assert_eq!(v["overall"], 55.6);
    assert_eq!(v["final_mood"], -10);
    assert_eq!(v["steps"], serde_json::json!(["one", "two"]));
    assert_eq!(v["seed"], 1);
    assert_eq!(v["trainee"], "Sam");
    assert_eq!(
        v["decisions"][0]["marks"]["listening"],
        serde_json::json!({"earned": -1, "best": 2, "worst": -1})
    );
    let back: RunResult = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn an_unchecked_scenario_with_a_dangling_start_does_not_panic() {
    let mut s = scenario(HAND);
    s.scenario.start = toml::Spanned::new(0..0, "nowhere".to_owned());
    let mut run = start(&s);
    assert!(run.is_over());
    assert_eq!(run.turn(), None);
    assert_eq!(run.choose(1), Err(ChooseError::Ended));
    assert!(run.result().is_none() && run.debrief().is_none());
}

#[test]
fn the_customer_is_never_the_trainees_namesake_unless_no_one_else_is_in_the_pool() {
    use super::run::names_for;
    assert_eq!(
        names_for(vec!["Jordan", "Sam", "Chloe"], "Sam"),
        ["Jordan", "Chloe"]
    );
    // By first name, without case: "sam patel" is Sam's namesake.
    assert_eq!(names_for(vec!["Sam Okoro", "Dana"], "sam patel"), ["Dana"]);
    assert_eq!(names_for(vec!["Sam"], "Sam"), ["Sam"]);
    assert_eq!(names_for(vec!["Jordan"], ""), ["Jordan"]);
}

// ---- format additions (issue 15) ---------------------------------------------------------

const ALLERGY: &str = include_str!("../../../tests/fixtures/format/allergy-additions.toml");

fn said_by_customer(run: &Run) -> Vec<String> {
    run.transcript()
        .iter()
        .filter_map(|l| match l {
            Line::Customer(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_critical_choice_fails_a_run_that_scores_above_the_mark_and_is_recorded() {
    let s = scenario(ALLERGY);
    let mut run = start(&s);
    let a = pick(&mut run, 1);
    assert_eq!(
        a.critical.as_deref(),
        Some(
            "Guessing about an allergen can put a guest in hospital; only the kitchen can say what is safe."
        )
    );
    pick(&mut run, 0);
    let r = run.result().unwrap();
    assert_eq!(r.ending, "safe");
    assert!(r.overall.unwrap() >= 60.0, "{:?}", r.overall);
    assert!(!r.passed, "a critical error passed");
    assert_eq!(r.critical.len(), 1);
    assert_eq!(
        (r.critical[0].step.as_str(), r.critical[0].choice),
        ("plate", 1)
    );
    let d = run.debrief().unwrap();
    assert_eq!(d.blocker(), Some(Blocker::Critical));
    assert_eq!(d.critical[0].said, a.said);
    // The same path without the critical choice passes.
    let mut run = start(&s);
    pick(&mut run, 0);
    pick(&mut run, 0);
    let r = run.result().unwrap();
    assert!(r.passed && r.critical.is_empty());
    assert_eq!(run.debrief().unwrap().blocker(), None);
}

#[test]
fn an_endings_pass_overrides_its_outcome_and_the_defaults_follow_the_outcome() {
    let s = scenario(ALLERGY);
    // `manager` is escalated with pass = true: a good score passes there.
    let mut run = start(&s);
    pick(&mut run, 0);
    pick(&mut run, 2);
    let r = run.result().unwrap();
    assert_eq!(
        (r.ending.as_str(), r.outcome),
        ("manager", Outcome::Escalated)
    );
    assert!(r.overall.unwrap() >= 60.0 && r.passed);
    // `shaken` is partial with pass = false: 64.9% does not pass there.
    let mut run = start(&s);
    pick(&mut run, 0);
    pick(&mut run, 1);
    let r = run.result().unwrap();
    assert_eq!(r.ending, "shaken");
    assert!(r.overall.unwrap() >= 60.0 && !r.passed, "{r:?}");
    assert_eq!(
        run.debrief().unwrap().blocker(),
        Some(Blocker::Ending(Outcome::Partial))
    );
    // Without `pass`, escalated and lost do not count as a pass, the others do.
    let escalated = HAND_ESCALATED.replace("pass = true\n", "");
    let s = scenario(&escalated);
    let mut run = start(&s);
    pick(&mut run, 0);
    let r = run.result().unwrap();
    assert_eq!(r.overall, Some(100.0));
    assert!(!r.passed, "an escalated ending passed by default");
    let s = scenario(HAND_ESCALATED);
    let mut run = start(&s);
    pick(&mut run, 0);
    assert!(run.result().unwrap().passed);
}

const HAND_ESCALATED: &str = r#"
format = 1
[scenario]
id = "esc"
title = "Escalated"
channel = "phone"
difficulty = 1
start = "one"
[customer]
name = "Dana Li"
[[step]]
id = "one"
say = "I want a manager."
  [[step.choice]]
  say = "Of course, {customer}. I'll put you through to {customer_full}'s account manager now."
  next = "handed"
  score = { listening = 2 }
  [[step.choice]]
  say = "No."
  next = "handed"
  score = { listening = 0 }
[[ending]]
id = "handed"
outcome = "escalated"
pass = true
say = "Thank you."
"#;

#[test]
fn customer_lines_follow_the_mood_and_flags_on_arrival_and_fall_back_to_say() {
    let s = scenario(ALLERGY);
    // Asked whether she had eaten: the flagged line, with its narration.
    let mut run = start(&s);
    pick(&mut run, 0);
    let turn = run.turn().unwrap();
    assert!(
        [
            "Thank you for asking. I had a mouthful before I saw them.",
            "Just a mouthful, I think."
        ]
        .contains(&turn.say.as_str()),
        "{}",
        turn.say
    );
    assert_eq!(
        turn.narration.as_deref(),
        Some("She looks less frightened now that someone is taking it seriously.")
    );
    // Blamed the menu: mood -55, below -40, so the angry line (first match wins).
    let mut run = start(&s);
    pick(&mut run, 2);
    assert_eq!(run.mood(), -55);
    let turn = run.turn().unwrap();
    assert_eq!(
        turn.say,
        "I had a mouthful before I saw them. And I'm not impressed."
    );
    assert_eq!(turn.narration, None);
    // The critical guess: mood -35 and no flag, so the step's own line.
    let mut run = start(&s);
    pick(&mut run, 1);
    assert_eq!(
        run.turn().unwrap().say,
        "I had a mouthful before I saw them."
    );
    assert_eq!(said_by_customer(&run).len(), 2);
}

#[test]
fn routes_take_the_first_that_holds_after_the_choices_own_mood_and_flags() {
    let s = scenario(ALLERGY);
    // eaten:1 routes on the flag set at plate:3.
    let mut run = start(&s);
    pick(&mut run, 2);
    let a = pick(&mut run, 0);
    assert_eq!(a.next, "shaken");
    let mut run = start(&s);
    pick(&mut run, 0);
    assert_eq!(pick(&mut run, 0).next, "safe");
    // eaten:2 routes on the mood after its own -10: -55 - 10 = -65 < -50 walks out,
    // -20 - 10 = -30 does not.
    let mut run = start(&s);
    pick(&mut run, 2);
    assert_eq!(pick(&mut run, 1).next, "walks-out");
    let mut run = start(&s);
    pick(&mut run, 0);
    assert_eq!(pick(&mut run, 1).next, "shaken");
}

#[test]
fn ending_notes_are_those_whose_condition_holds_at_the_end_in_file_order() {
    let s = scenario(ALLERGY);
    let mut run = start(&s);
    pick(&mut run, 2);
    pick(&mut run, 0);
    let d = run.debrief().unwrap();
    assert_eq!(d.ending_id, "shaken");
    assert_eq!(
        d.notes,
        ["Pointing at the menu's small print is what lost her trust."]
    );
    // At `safe` with the flag set and a mood of 0: neither note holds.
    let mut run = start(&s);
    pick(&mut run, 0);
    pick(&mut run, 0);
    let d = run.debrief().unwrap();
    assert_eq!((d.ending_id.as_str(), d.final_mood), ("safe", 0));
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    // Without the flag (the critical guess) the `unless` note holds.
    let mut run = start(&s);
    pick(&mut run, 1);
    pick(&mut run, 0);
    assert_eq!(
        run.debrief().unwrap().notes,
        ["Next time ask whether she has eaten any of it before anything else."]
    );
}

#[test]
fn customer_is_the_form_of_address_and_customer_full_the_full_name() {
    let s = scenario(ALLERGY);
    let mut run = start(&s);
    assert_eq!(run.customer_name(), "Priya Raman");
    assert_eq!(run.customer_address(), "Ms Raman");
    assert!(
        pick(&mut run, 0)
            .said
            .starts_with("I'm so sorry, Ms Raman.")
    );
    assert_eq!(run.result().map(|r| r.customer), None);
    // Without an address, {customer} is the first word of the name.
    let s = scenario(HAND_ESCALATED);
    let mut run = start(&s);
    assert_eq!(
        pick(&mut run, 0).said,
        "Of course, Dana. I'll put you through to Dana Li's account manager now."
    );
    assert_eq!(run.result().unwrap().customer, "Dana Li");
}

#[test]
fn tactics_are_shown_by_the_rubrics_readable_names() {
    let s = scenario(ALLERGY);
    let mut run = start(&s);
    let a = pick(&mut run, 0);
    assert_eq!(
        a.tactics,
        ["apologise", "take-responsibility", "open-question"]
    );
    assert_eq!(
        a.tactic_names,
        [
            "Apologising",
            "Taking responsibility",
            "Asking an open question"
        ]
    );
}

const HAND_TRANSFER: &str = r#"
format = 1
[scenario]
id = "transfer"
title = "Transfer"
channel = "phone"
difficulty = 1
start = "hold"
[customer]
name = "Dana Li"
[[step]]
id = "hold"
say = "Can you put me through to billing?"
  [[step.choice]]
  say = "Of course. One moment."
  next = "pickup"
  sets = ["warm"]
  score = { courtesy = 2 }
  [[step.choice]]
  say = "Call them yourself."
  next = "pickup"
  score = { courtesy = -2 }
[[step]]
id = "pickup"
speaker = "Jo (billing team)"
say = "Billing, Jo speaking. What have you got for me?"
  [[step.line]]
  flags = ["warm"]
  speaker = "Jo, billing"
  say = "Hi, it's Jo. Thanks for the handover, {trainee}."
  [[step.choice]]
  say = "Ms Li was double charged."
  next = "done"
  score = { courtesy = 1 }
[[ending]]
id = "done"
outcome = "resolved"
say = "Thanks, that's sorted."
"#;

#[test]
fn a_step_with_a_speaker_is_said_by_them_not_the_customer() {
    let s = scenario(HAND_TRANSFER);
    let mut run = start(&s);
    assert_eq!(run.turn().unwrap().speaker, None);
    pick(&mut run, 1);
    let turn = run.turn().unwrap();
    assert_eq!(turn.speaker.as_deref(), Some("Jo (billing team)"));
    assert_eq!(
        run.transcript().last(),
        Some(&Line::Other(
            "Jo (billing team)".into(),
            "Billing, Jo speaking. What have you got for me?".into()
        ))
    );
    // A line's own speaker goes with the line.
    let mut run = start(&s);
    pick(&mut run, 0);
    assert_eq!(run.turn().unwrap().speaker.as_deref(), Some("Jo, billing"));
    assert_eq!(
        run.turn().unwrap().say,
        "Hi, it's Jo. Thanks for the handover, Sam."
    );
    // The ending is the customer's again.
    pick(&mut run, 0);
    assert_eq!(
        run.transcript().last(),
        Some(&Line::Customer("Thanks, that's sorted.".into()))
    );
}
