//! `frontline play --plain` through the real binary, on tests/fixtures/engine.
//! The expected figures are worked by hand from the fixture (see the comments).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

const REFUND: &str = "tests/fixtures/engine/engine-refund.toml";

fn frontline() -> Command {
    let mut cmd = Command::cargo_bin("frontline").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTLINE_LIBRARY")
        // Runs are recorded: keep them out of the user's data folder.
        .env(
            "FRONTLINE_DATA",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cli_play-progress"),
        )
        .env("NO_COLOR", "1")
        // Lines unwrapped, so a test of what is said finds it on one line; the tests of
        // wrapping (and the transcript snapshot) remove this to get 80 columns.
        .env("COLUMNS", "100000");
    cmd
}

fn play(args: &[&str], input: &str) -> std::process::Output {
    frontline()
        .arg("play")
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn json_run(input: &str) -> Value {
    let out = play(
        &["--plain", "--json", "--no-shuffle", "--seed", "7", REFUND],
        input,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Nothing but one JSON object on stdout.
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

#[test]
fn a_scripted_json_run_matches_the_hand_worked_figures() {
    // opening: 2 "Do you have the receipt?" of [2,-1,-2] / [1,0,-3] / [2,-1,-2]
    //   listening 1/4, non_defensive 3/4, courtesy 1/4; mood -30 -> -40.
    // details: `listened` is unset, so the paraphrase is hidden: shown [look up, policy],
    //   1 "I can look up..." is best on all three: 2/2, 5/5, 2/2; mood -35.
    // lookup: 2 "Found it." of [1,0,-1] / [2,1,-2] / [2,0,-2]: 1/2, 3/4, 2/4; mood -30.
    // listening 4/8 = 50, non_defensive 11/13 = 84.6, courtesy 5/10 = 50;
    // overall (2 x 50 + 84.615 + 50) / 4 = 58.65 -> 58.7, below the pass mark of 70.
    let v = json_run("2\n1\n2\n");
    assert_eq!(v["scenario"], "engine-refund");
    assert_eq!(v["ending"], "resolved");
    assert_eq!(v["outcome"], "resolved");
    assert_eq!(v["passed"], false);
    assert_eq!(v["overall"], 58.7);
    assert_eq!(
        v["dimensions"],
        json!({"listening": 50.0, "non_defensive": 84.6, "courtesy": 50.0})
    );
    assert_eq!(v["final_mood"], -30);
    assert_eq!(v["steps"], json!(["opening", "details", "lookup"]));
    assert_eq!(v["seed"], 7);
    assert_eq!(v["trainee"], "Trainee");
    assert_eq!(v["mode"], "coach");
    assert!(["Dana Whitfield", "Sam Ortiz"].contains(&v["customer"].as_str().unwrap()));
    let d = v["decisions"].as_array().unwrap();
    assert_eq!(d.len(), 3);
    assert_eq!(d[0]["step"], "opening");
    assert_eq!(d[0]["number"], 2);
    assert_eq!(d[0]["choice"], 1);
    assert_eq!(d[0]["said"], "Do you have the receipt?");
    assert_eq!(
        d[0]["marks"]["listening"],
        json!({"earned": -1, "best": 2, "worst": -2})
    );
    assert_eq!(
        d[0]["marks"]["non_defensive"],
        json!({"earned": 0, "best": 1, "worst": -3})
    );
    assert_eq!(
        (d[0]["mood_before"].as_i64(), d[0]["mood_after"].as_i64()),
        (Some(-30), Some(-40))
    );
    // Shown as 1, authored second: the hidden paraphrase is not numbered.
    assert_eq!(
        (d[1]["number"].as_u64(), d[1]["choice"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        d[1]["marks"]["courtesy"],
        json!({"earned": 1, "best": 1, "worst": -1})
    );
    assert_eq!(
        d[2]["marks"]["courtesy"],
        json!({"earned": 0, "best": 2, "worst": -2})
    );
    assert_eq!(d[2]["tactics"], json!(["focus-on-issue"]));
    assert!(
        d.iter()
            .all(|x| x["hesitated"] == false && x["escalated"] == false)
    );
}

#[test]
fn the_best_answers_score_full_marks_and_pass() {
    let v = json_run("1\n1\n1\n");
    assert_eq!(v["overall"], 100.0);
    assert_eq!(v["passed"], true);
    assert_eq!(v["final_mood"], 25); // -30 + 20 + 15 + 20
}

#[test]
fn an_escalation_ends_the_run_at_once() {
    // "Kettles break." moves -30 by -45 to -75, below escalate_below = -70: the manager
    // ending, whatever `next` said. It is the worst on every dimension: 0 everywhere.
    let v = json_run("3\n");
    assert_eq!(v["ending"], "manager");
    assert_eq!(v["outcome"], "escalated");
    assert_eq!(v["steps"], json!(["opening"]));
    assert_eq!(v["overall"], 0.0);
    assert_eq!(v["final_mood"], -75);
    assert_eq!(v["decisions"][0]["escalated"], true);
}

#[test]
fn a_number_that_names_no_choice_is_refused_and_asked_again() {
    let out = play(
        &["--plain", "--no-shuffle", "--seed", "7", REFUND],
        "9\nabc\n\n0\n2\n1\n2\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("There is no choice 9: answer with a number from 1 to 3."));
    assert!(stdout.contains("\"abc\" is not a choice: answer with a number from 1 to 3."));
    assert!(stdout.contains("There is no choice 0"));
    // Asked five times at the first step (four refusals, then the answer), once after.
    assert_eq!(stdout.matches("Your answer (1-3):").count(), 5 + 1);
    assert!(stdout.contains("You: Do you have the receipt?"));

    // With --json the refusals go to stderr and stdout stays one JSON object.
    let out = play(
        &["--plain", "--json", "--no-shuffle", "--seed", "7", REFUND],
        "9\n2\n1\n2\n",
    );
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("There is no choice 9"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["overall"], 58.7);
}

#[test]
fn input_that_ends_early_leaves_the_run_unfinished() {
    for extra in [&[][..], &["--json"][..]] {
        let mut args = vec!["--plain", "--no-shuffle", "--seed", "7"];
        args.extend(extra);
        args.push(REFUND);
        let out = play(&args, "2\n");
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("the run is unfinished: input ended at decision 2"),
            "{}",
            text(&out.stderr)
        );
        if !extra.is_empty() {
            assert!(
                out.stdout.is_empty(),
                "--json prints nothing for an unfinished run"
            );
        }
    }
    let out = play(&["--plain", REFUND], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("input ended at decision 1"));
}

#[test]
fn an_unknown_id_suggests_close_ones() {
    frontline()
        .args([
            "--library",
            "tests/fixtures/engine",
            "play",
            "--plain",
            "engine-refnd",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no scenario `engine-refnd` in the library",
        ))
        .stderr(predicate::str::contains("did you mean `engine-refund`"));
    frontline()
        .args([
            "--library",
            "tests/fixtures/engine",
            "play",
            "--plain",
            "zzz",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "scenarios in the library: engine-hold, engine-refund",
        ));
}

#[test]
fn an_id_from_the_library_plays() {
    let out = frontline()
        .args([
            "--library",
            "tests/fixtures/engine",
            "play",
            "--plain",
            "--json",
            "--no-shuffle",
        ])
        .args(["--seed", "1", "engine-hold"])
        .write_stdin("2\n1\n1\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // hello: 2 "say that again" (listening 1 of [2,1]: 0/1; non_defensive 0 of [1,0]: 0/1);
    // hello: 1 (1/1, 1/1); move: 1 (listening 1 of [1,-1]: 2/2; non_defensive 3/3).
    assert_eq!(v["steps"], json!(["hello", "hello", "move"]));
    assert_eq!(
        v["dimensions"]["courtesy"],
        Value::Null,
        "no decision tells courtesy apart"
    );
    // listening (0 + 1 + 2) / (1 + 1 + 2) = 75; non_defensive (0 + 1 + 3) / (1 + 1 + 3) = 80.
    assert_eq!(v["dimensions"]["listening"], 75.0);
    assert_eq!(v["dimensions"]["non_defensive"], 80.0);
    assert_eq!(v["overall"], 77.5);
    assert_eq!(v["final_mood"], 10);
}

#[test]
fn an_id_is_found_whatever_its_file_is_called() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(REFUND);
    std::fs::copy(&fixture, dir.path().join("kettle.toml")).unwrap();
    // A file named after another id holds a different scenario.
    let other = std::fs::read_to_string(&fixture)
        .unwrap()
        .replace("id = \"engine-refund\"", "id = \"something-else\"");
    std::fs::write(dir.path().join("engine-hold.toml"), other).unwrap();
    let run = |id: &str| {
        frontline()
            .arg("--library")
            .arg(dir.path())
            .args([
                "play",
                "--plain",
                "--json",
                "--no-shuffle",
                "--seed",
                "7",
                id,
            ])
            .write_stdin("2\n1\n2\n")
            .output()
            .unwrap()
    };
    let out = run("engine-refund");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["overall"], 58.7);
    let out = run("engine-hold");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no scenario `engine-hold`"));
}

#[test]
fn a_file_with_errors_is_shown_as_validate_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    let source =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(REFUND))
            .unwrap()
            .replace(
                "next = \"lookup\"\n  mood = 5",
                "next = \"lookpu\"\n  mood = 5",
            );
    std::fs::write(&path, source).unwrap();
    frontline()
        .args(["play", "--plain"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown-target"))
        .stderr(predicate::str::contains("did you mean `lookup`?"))
        .stderr(predicate::str::contains("broken.toml:"));
    frontline()
        .args(["play", "--plain", "no/such/file.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read the scenario no/such/file.toml",
        ));
}

#[test]
fn usage_errors_exit_2() {
    frontline()
        .args(["play", REFUND])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("add --plain"));
    frontline()
        .args(["play", "--plain", "--coach", "--assess", REFUND])
        .assert()
        .code(2);
    frontline()
        .args(["play", "--json", REFUND])
        .assert()
        .code(2);
    frontline()
        .args(["play", "--plain", "--seed", "x", REFUND])
        .assert()
        .code(2);
    frontline()
        .args(["--library", "tests/fixtures/engine", "play", "--plain"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("engine-hold, engine-refund"));
    // A run flag before the command: the message names the one given.
    frontline()
        .args(["--free-text", "play", "--plain", REFUND])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: --free-text goes after the command, as in `frontline play --free-text SCENARIO`",
        ));
    frontline()
        .args(["--seed", "3", "--trainee", "Sam Ortiz", "play", REFUND])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: --seed and --trainee go after the command, as in `frontline play --seed 3 --trainee 'Sam Ortiz' SCENARIO`",
        ));
}

#[test]
fn the_same_seed_repeats_a_shuffled_run_and_the_seed_is_printed() {
    let first = play(&["--plain", REFUND], "1\n1\n1\n");
    let stdout = text(&first.stdout);
    let seed: String = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Seed "))
        .and_then(|rest| rest.split(':').next())
        .expect("the seed is printed")
        .to_owned();
    let again = play(&["--plain", "--seed", &seed, REFUND], "1\n1\n1\n");
    assert_eq!(text(&again.stdout), stdout);
    let a = play(&["--plain", "--seed", "12345", REFUND], "3\n2\n2\n");
    let b = play(&["--plain", "--seed", "12345", REFUND], "3\n2\n2\n");
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn assess_mode_keeps_feedback_for_the_debrief() {
    let out = play(
        &["--plain", "--assess", "--no-shuffle", "--seed", "7", REFUND],
        "2\n1\n2\n",
    );
    let stdout = text(&out.stdout);
    let (during, debrief) = stdout.split_once("\nDebrief\n").unwrap();
    assert!(!during.contains("Feedback:"));
    assert!(debrief.contains("Feedback: Asking for the receipt"));
    let v = json_run("2\n1\n2\n");
    assert_eq!(v["mode"], "coach");
}

#[test]
fn a_full_plain_transcript() {
    // At 80 columns, as a file or a pipe gets it.
    let out = frontline()
        .env_remove("COLUMNS")
        .args(["play", "--plain", "--no-shuffle", "--seed", "7"])
        .args(["--trainee", "Alex", REFUND])
        .write_stdin("2\n7\n1\n2\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(text(&out.stdout));
}

const PARCEL: &str = "tests/fixtures/valid/parcel-mixup.toml";
const FREE: &[&str] = &[
    "--plain",
    "--no-shuffle",
    "--seed",
    "7",
    "--free-text",
    PARCEL,
];
/// Seed 7 draws Priya Shah. A close paraphrase of the best choice at `opening`, gibberish,
/// then the best choice at `found-it` in other words.
const TYPED: &str = "I'm so sorry Priya, let me check where the driver left it. May I put you on hold for a minute?\nflibber jab\nThank you for holding. The photo shows number 14, would you like us to collect it, or will you knock?\n";

#[test]
fn free_text_json_records_the_typed_points() {
    let out = play(&[FREE, &["--json"][..]].concat(), TYPED);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Each reply does what the best choice does, so it earns that choice's marks (its
    // own cues move none past the best): 100 on every dimension.
    assert_eq!(v["ending"], "sorted");
    assert_eq!(v["passed"], true);
    assert_eq!(v["overall"], 100.0);
    assert_eq!(
        v["dimensions"],
        json!({"listening": 100.0, "non_defensive": 100.0, "courtesy": 100.0})
    );
    let d = v["decisions"].as_array().unwrap();
    assert_eq!(d.len(), 2, "the gibberish is not a decision");
    assert_eq!(d[0]["number"], 1);
    assert!(
        d[0]["said"]
            .as_str()
            .unwrap()
            .starts_with("I'm so sorry Priya")
    );
    assert_eq!(
        d[0]["marks"]["courtesy"],
        json!({"earned": 2, "best": 2, "worst": -2})
    );
    assert_eq!(
        d[0]["marks"]["listening"],
        json!({"earned": 1, "best": 1, "worst": -2})
    );
    assert_eq!(d[1]["marks"]["non_defensive"]["earned"], 2);
    // The gibberish at found-it cost a hesitation's mood, recorded with the decision.
    assert_eq!(d[1]["hesitated"], true);
}

#[test]
fn free_text_coach_shows_what_it_was_taken_as_and_why() {
    let out = play(FREE, TYPED);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Taken as: I'm sorry, Priya. Let me check where the driver left it."));
    assert!(stdout.contains("+1 find-out: \"let me check\""), "{stdout}");
    assert!(
        stdout.contains("Courtesy: +2 (the choice's +2; best +2, worst -2)"),
        "{stdout}"
    );
    assert!(stdout.contains(
        "Priya Shah: Sorry, I'm not sure what you mean. Could you say that another way?"
    ));
    assert!(!stdout.contains("Your answer (1-"));
}

#[test]
fn a_polite_reply_with_a_poor_choices_content_follows_the_poor_choice() {
    let input = "Thank you, Priya. Did you check with your neighbours, please?\n";
    let out = play(&[FREE, &["--json"][..]].concat(), input);
    // The run goes on at found-it, so the input ends there: unfinished.
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unfinished: input ended at decision 2"));
    let out = play(FREE, input);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Taken as: Did you check with your neighbours?"));
    // The poor choice's mood change, -15, applies.
    assert!(stdout.contains("Mood: uneasy (-20) -> "), "{stdout}");
    assert!(stdout.contains("(-35)\n"), "{stdout}");
    // The poor choice's courtesy 0, moved one point by the thanks, name and please.
    assert!(
        stdout.contains(
            "Courtesy: +1 (the choice's 0, moved +1 by the reply's own +3; best +2, worst -2)"
        ),
        "{stdout}"
    );
}

#[test]
fn input_ending_after_say_more_leaves_the_run_unfinished() {
    for extra in [&[][..], &["--json"][..]] {
        let out = play(&[FREE, extra].concat(), "flibber jab\n");
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("unfinished: input ended at decision 1"));
    }
}

/// Replies that take refund-no-receipt to `found` the same way under any seed.
const TO_FOUND: &str = "Hello again. I'm sorry it's packed in on you, and after only three weeks. What happened when you were using it?
A burning smell and then nothing, and your dad's relying on it for every meal. No wonder you're fed up. What would help you most today: a blender that works, or your money back?
I'm sorry you were sent away; that's a trip you shouldn't have had to make. When something goes faulty in the first thirty days, it's ours to sort, not the manufacturer's, so I'll take care of it from here.
That's fine, the card helps a lot. Card purchases show up on our system, so I can find it that way instead of the receipt. Would that be all right?
About two minutes. Would you mind if I step over to the terminal just behind me? You'll be able to see me the whole time.
";

#[test]
fn a_typed_reply_follows_the_same_choice_whatever_the_seed() {
    // Alike to two choices past 100%: the long one shares more of its words.
    let reply = "Thanks for waiting. Found it, three weeks ago. I can refund it to your card now, or swap it for a new one so you have one for your dad tonight. Which would you prefer?\n";
    for seed in 1..=8 {
        let seed = seed.to_string();
        let out = play(
            &[
                "--plain",
                "--free-text",
                "--no-record",
                "--seed",
                &seed,
                "refund-no-receipt",
            ],
            &format!("{TO_FOUND}{reply}"),
        );
        let stdout = text(&out.stdout);
        let taken = stdout
            .lines()
            .rfind(|l| l.starts_with("Taken as: "))
            .unwrap_or_else(|| panic!("seed {seed}: {stdout}"));
        assert!(
            taken.contains("Found it: £49.99, three weeks ago. So you've got a choice."),
            "seed {seed}: {taken}"
        );
    }
}

#[test]
fn typed_escape_sequences_are_shown_as_text_in_the_run_and_the_debrief() {
    let input = "I'm so sorry Priya, \u{1b}[31mlet me check\u{1b}[0m where the driver left it. May I put you on hold for a minute? \u{1b}]0;pwned\u{7}\nThank you for holding. The photo shows number 14, would you like us to collect it, or will you knock?\n";
    let out = play(FREE, input);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !out.stdout.iter().any(|b| *b == 0x1b || *b == 0x07),
        "raw ESC or BEL on stdout"
    );
    let stdout = text(&out.stdout);
    let (during, debrief) = stdout.split_once("\nDebrief\n").unwrap();
    assert!(
        during.contains("You: I'm so sorry Priya, \u{FFFD}[31mlet me check\u{FFFD}[0m where"),
        "{during}"
    );
    assert!(debrief.contains("\u{FFFD}]0;pwned\u{FFFD}\""), "{debrief}");
}

#[test]
fn typing_hides_the_choices_and_echoes_each_reply_once() {
    let out = play(FREE, TYPED);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let (during, _) = stdout.split_once("\nDebrief\n").unwrap();
    // The customer's line, the mood, then the prompt: no numbered choices.
    let lines: Vec<&str> = during.lines().collect();
    let prompt = lines.iter().position(|l| *l == "Type your reply:").unwrap();
    assert!(lines[prompt - 2].starts_with("Priya Shah: "), "{during}");
    assert_eq!(lines[prompt - 1], "Mood: uneasy (-20)");
    assert!(
        !lines.iter().any(|l| l
            .split_once(". ")
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok())),
        "a numbered choice is shown: {during}"
    );
    assert_eq!(
        during.matches("You: I'm so sorry Priya").count(),
        1,
        "{during}"
    );
    assert_eq!(during.matches("You: Thank you for holding.").count(), 1);
    // A reply that matches nothing is echoed too, before the customer asks again.
    assert!(during.contains(
        "You: flibber jab\nPriya Shah: Sorry, I'm not sure what you mean. Could you say that another way?\n"
    ));
}

#[test]
fn coach_shows_the_cues_of_a_reply_that_matched_no_choice_and_assess_does_not() {
    let rude = "Whatever, mate. Bananas.\n";
    let out = play(FREE, rude);
    assert_eq!(out.status.code(), Some(1), "the input ends at opening");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "You: Whatever, mate. Bananas.\nPriya Shah: Sorry, I'm not sure what you mean. Could you say that another way?\nMood: uneasy (-20) -> angry (-30) (a reply that answers nothing costs you, once a step)\nNot recorded, as it matched no choice; the rubric found in it:\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("  Courtesy: -3\n"), "{stdout}");
    assert!(stdout.contains("    -2 rude: \"Whatever\"\n"), "{stdout}");
    assert!(!stdout.contains("Taken as:"));

    let assess = [&["--assess"][..], FREE].concat();
    let stdout = text(&play(&assess, rude).stdout);
    assert!(stdout.contains("You: Whatever, mate. Bananas.\nPriya Shah: Sorry,"));
    assert!(!stdout.contains("Not recorded"), "{stdout}");
    assert!(!stdout.contains("overfamiliar"), "{stdout}");
}

#[test]
fn a_rubric_without_the_scenarios_dimensions_is_summed_up_with_a_hint_that_works() {
    let small = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rubric/small.toml"
    );
    // A built-in scenario (no ./scenarios here): its origin is not a file to validate.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = frontline()
        .current_dir(elsewhere.path())
        .args(["--rubric", small, "play", "--plain", "refund-no-receipt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.matches("error[unknown-dimension]").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains(&format!(
        "error: the rubric in force, {small}, does not define the dimensions `listening`, `non_defensive`, `courtesy` that built-in/refund-no-receipt.toml scores on (used in "
    )), "{stderr}");
    assert!(stderr.contains("or play without --rubric"), "{stderr}");
    assert!(!stderr.contains("validate built-in/"), "{stderr}");

    // A file: the hint validates it against the same rubric, and that command works.
    let out = frontline()
        .args(["--rubric", small, "play", "--plain", REFUND])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    let hint = format!("`frontline --rubric {small} validate {REFUND}` lists every place");
    assert!(stderr.contains(&hint), "{stderr}");
    frontline()
        .args(["--rubric", small, "validate", REFUND])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unknown-dimension"));
}

#[test]
fn three_replies_not_taken_offer_the_numbered_choices_and_a_long_one_is_refused() {
    let long = "check ".repeat(300);
    let input = format!(
        "{long}\nflibber jab\nok\nzork blat\n1\nThank you for holding. The photo shows number 14, would you like us to collect it, or will you knock?\n"
    );
    let out = play(FREE, &input);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // Over the cap: refused with the cap named, not counted as a miss.
    assert!(
        stdout.contains("the reply is 1799 characters long; say it in at most 1000"),
        "{stdout}"
    );
    assert!(stdout.contains(
        "You: ok\nPriya Shah: That doesn't really answer me. What are you actually going to do?\n"
    ));
    assert!(
        stdout.contains(
            "3 replies were not taken: choose one of these instead.\n1. I'm sorry, Priya."
        ),
        "{stdout}"
    );
    // The mood took a hesitation's cost once, at the first miss.
    assert_eq!(
        stdout.matches("costs you, once a step").count(),
        1,
        "{stdout}"
    );
    assert!(stdout.contains("You: I'm sorry, Priya."), "{stdout}");
}

#[test]
fn a_plain_run_without_trainee_is_the_trainee_remembered_last_and_joins_their_history() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    // Nobody remembered yet: "Trainee".
    let out = frontline()
        .args(["--data-dir", dir, "play", "--plain", "--seed", "7", REFUND])
        .write_stdin("1\n1\n1\n1\n")
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("Trainee"),
        "{}",
        text(&out.stdout)
    );
    {
        let path = data.path().join("progress.sqlite3");
        let mut store = frontline::domain::store::Store::open(&path).unwrap();
        store.set_last_trainee("Dana").unwrap();
    }
    let out = frontline()
        .args(["--data-dir", dir, "play", "--plain", "--seed", "7", REFUND])
        .write_stdin("1\n1\n1\n1\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let history = frontline()
        .args([
            "--data-dir",
            dir,
            "history",
            "--trainee",
            "Dana",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let history: Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(
        history["attempts"].as_array().unwrap().len(),
        1,
        "{history}"
    );
    // --trainee overrides the remembered name, and does not replace it.
    frontline()
        .args([
            "--data-dir",
            dir,
            "play",
            "--plain",
            "--trainee",
            "Sam",
            "--seed",
            "7",
            REFUND,
        ])
        .write_stdin("1\n1\n1\n1\n")
        .assert()
        .success();
    let store =
        frontline::domain::store::Store::open(data.path().join("progress.sqlite3")).unwrap();
    assert_eq!(store.last_trainee().unwrap().as_deref(), Some("Dana"));
}

/// The shipped scenarios (the files under scenarios/ that hold a `[scenario]`).
fn shipped_scenarios() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("\n[scenario]"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert!(files.len() > 10, "the shipped scenarios were not found");
    files
}

/// A plain run of `file`, choice 1 at every step, with `COLUMNS` as given (unset: not a
/// terminal, so 80).
fn first_choices(file: &str, columns: Option<&str>) -> String {
    let mut cmd = frontline();
    cmd.env_remove("COLUMNS");
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns);
    }
    let out = cmd
        .args([
            "play",
            "--plain",
            "--no-shuffle",
            "--seed",
            "3",
            "--no-record",
        ])
        .args(["--trainee", "Alex", file])
        .write_stdin("1\n".repeat(60))
        .output()
        .unwrap();
    text(&out.stdout)
}

#[test]
fn plain_lines_wrap_between_words_at_80_columns_when_not_a_terminal() {
    for file in shipped_scenarios() {
        let wrapped = first_choices(&file, None);
        let wide = first_choices(&file, Some("100000"));
        for line in wrapped.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 80,
                "{file}: a line wider than 80 columns:\n{line}"
            );
        }
        // Wrapping only moves line breaks: the words are the same, none cut in two.
        let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&wrapped), words(&wide), "{file}");
        assert!(
            wide.lines().any(|l| l.chars().count() > 80),
            "{file}: the wide run should have lines the 80-column one wraps"
        );
    }
}

#[test]
fn plain_lines_follow_columns_and_break_only_a_word_longer_than_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(70);
    let scenario = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/engine/engine-refund.toml"
    ))
    .unwrap();
    let file = dir.path().join("long-word.toml");
    // The opening line gains one word longer than 40 columns.
    let scenario = scenario.replacen("say = \"", &format!("say = \"See {long} here. "), 1);
    std::fs::write(&file, scenario).unwrap();
    let out = first_choices(file.to_str().unwrap(), Some("40"));
    assert!(out.lines().all(|l| l.chars().count() <= 40), "{out}");
    let pieces: Vec<&str> = out
        .split_whitespace()
        .filter(|w| w.starts_with('x') && w.chars().all(|c| c == 'x'))
        .collect();
    // The word, wherever it is shown, is all there, in pieces of at most a line.
    let joined = pieces.concat();
    assert!(joined.len() >= long.len(), "{out}");
    assert_eq!(joined, long.repeat(joined.len() / long.len()), "{out}");
    assert!(pieces.iter().any(|p| p.len() < long.len()), "{out}");
}
