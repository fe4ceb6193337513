//! Transcript tests: a trainer's checks that a scenario still plays as meant. A test file
//! (`<id>.test.toml`) names a scenario and lists tests; each test is a run's answers (a
//! choice by its text or its number, or a typed reply) and what must follow (the ending,
//! the outcome, a pass, marks, flags, a mood range, a line shown). Every test plays the
//! scenario from the start with the file's seed and the choices in authored order, as
//! `play --plain --no-shuffle` would, and reports each expectation that does not hold.
//! Across a file's tests, the choices and steps no test reaches are its coverage gaps.

use crate::domain::finding::Finding;
use crate::domain::rubric::{Rubric, Scorer};
use crate::domain::scenario::Scenario;
use crate::domain::scenario::load::parse_toml;
use crate::domain::session::{FreeAnswer, Line, Mode, Run, RunOptions};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

/// A test file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestFile {
    /// The scenario: an id in the library, or a path relative to the test file.
    pub scenario: Spanned<String>,
    /// Seeds the run's draws (the customer's name, line variants); default 1.
    #[serde(default)]
    pub seed: Option<u64>,
    /// The trainee's name, for `{trainee}`; default "Trainee".
    #[serde(default)]
    pub trainee: Option<String>,
    #[serde(default, rename = "test")]
    pub tests: Vec<Test>,
}

/// One test: answers, then what must hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Test {
    pub name: Spanned<String>,
    /// Each a choice's text (all of it, or a part only one shown choice has), its number
    /// among the choices shown in authored order, or `{ typed = "..." }`; any of them as
    /// `{ hesitate = ... }` to hesitate first (the mood drops as when time runs out).
    pub answers: Vec<Spanned<toml::Value>>,
    /// The ending's id.
    #[serde(default)]
    pub ending: Option<Spanned<String>>,
    /// resolved, partial, escalated or lost.
    #[serde(default)]
    pub outcome: Option<Spanned<String>>,
    /// Whether the run passes.
    #[serde(default)]
    pub pass: Option<Spanned<bool>>,
    #[serde(default)]
    pub overall_at_least: Option<Spanned<f64>>,
    #[serde(default)]
    pub overall_below: Option<Spanned<f64>>,
    /// The least percent on each named dimension.
    #[serde(default)]
    pub marks_at_least: BTreeMap<String, Spanned<f64>>,
    /// Flags set at the end.
    #[serde(default)]
    pub flags: Vec<Spanned<String>>,
    /// Flags not set at the end.
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    #[serde(default)]
    pub mood_at_least: Option<Spanned<i64>>,
    #[serde(default)]
    pub mood_below: Option<Spanned<i64>>,
    /// Texts that some line of the transcript contains.
    #[serde(default)]
    pub shows: Vec<Spanned<String>>,
}

/// What one test found.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub name: String,
    /// Every expectation that did not hold, and every answer that could not be given, in
    /// words; empty when the test passed.
    pub failures: Vec<Failure>,
}

/// A failed expectation: what, and where in the test file.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub message: String,
    pub span: std::ops::Range<usize>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// What a file's tests reached, for `--coverage`.
#[derive(Debug, Default, Clone)]
pub struct Reached {
    /// (step index, authored choice index).
    pub choices: BTreeSet<(usize, usize)>,
    pub steps: BTreeSet<usize>,
    pub endings: BTreeSet<usize>,
}

/// A choice or step no test reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    Step(String),
    Choice {
        step: String,
        number: usize,
        say: String,
    },
    Ending(String),
}

impl Reached {
    /// What no test reached, in file order.
    pub fn gaps(&self, scenario: &Scenario) -> Vec<Gap> {
        let mut out = Vec::new();
        for (i, step) in scenario.steps.iter().enumerate() {
            if !self.steps.contains(&i) {
                out.push(Gap::Step(step.id.get_ref().clone()));
                continue;
            }
            for (j, choice) in step.choices.iter().enumerate() {
                if !self.choices.contains(&(i, j)) {
                    out.push(Gap::Choice {
                        step: step.id.get_ref().clone(),
                        number: j + 1,
                        say: choice.say.get_ref().clone(),
                    });
                }
            }
        }
        for (i, ending) in scenario.endings.iter().enumerate() {
            if !self.endings.contains(&i) {
                out.push(Gap::Ending(ending.id.get_ref().clone()));
            }
        }
        out
    }

    /// Choices in the scenario, and how many of them were taken.
    pub fn counts(&self, scenario: &Scenario) -> (usize, usize) {
        let all: usize = scenario.steps.iter().map(|s| s.choices.len()).sum();
        (self.choices.len(), all)
    }
}

/// Parses a test file; its findings point into `text`.
pub fn parse(text: &str) -> Result<TestFile, Finding> {
    let text = crate::domain::scenario::load::normalise_newlines(text);
    parse_toml(&text)
}

/// Runs every test of `file` on `scenario`.
pub fn run(
    file: &TestFile,
    scenario: &Scenario,
    rubric: &Rubric,
    scorer: Option<&Scorer>,
) -> (Vec<Outcome>, Reached) {
    let mut reached = Reached::default();
    let outcomes = file
        .tests
        .iter()
        .map(|t| run_one(file, t, scenario, rubric, scorer, &mut reached))
        .collect();
    (outcomes, reached)
}

fn run_one(
    file: &TestFile,
    test: &Test,
    scenario: &Scenario,
    rubric: &Rubric,
    scorer: Option<&Scorer>,
    reached: &mut Reached,
) -> Outcome {
    let options = RunOptions {
        seed: file.seed.unwrap_or(1),
        shuffle: false,
        trainee: file.trainee.clone().unwrap_or_else(|| "Trainee".to_owned()),
        mode: Mode::Assess,
    };
    let mut run = Run::start(scenario, rubric, options);
    let mut failures = Vec::new();
    let fail = |failures: &mut Vec<Failure>, span: std::ops::Range<usize>, message: String| {
        failures.push(Failure { message, span });
    };
    let step_index = |id: &str| scenario.steps.iter().position(|s| s.id.get_ref() == id);
    if let Some(i) = run.position().and_then(step_index) {
        reached.steps.insert(i);
    }
    for (n, answer) in test.answers.iter().enumerate() {
        let Some(turn) = run.turn() else {
            fail(
                &mut failures,
                answer.span(),
                format!(
                    "answer {} has no decision to answer: the run had already ended",
                    n + 1
                ),
            );
            break;
        };
        // `{ hesitate = ANSWER }`: the trainee hesitates first (a timed step running out,
        // or a typed reply that was no answer: the mood drops once), then answers.
        let given = match answer.get_ref() {
            toml::Value::Table(t) if t.len() == 1 && t.contains_key("hesitate") => {
                run.charge_hesitation();
                &t["hesitate"]
            }
            other => other,
        };
        let taken = match given {
            toml::Value::Integer(k) => {
                match usize::try_from(*k)
                    .ok()
                    .filter(|k| (1..=turn.choices.len()).contains(k))
                {
                    Some(k) => run
                        .choose(k)
                        .map(|a| a.step_choice)
                        .map_err(|e| format!("{e:?}")),
                    None => Err(format!(
                        "there is no choice {k} at step `{}`: {} shown",
                        turn.step_id,
                        turn.choices.len()
                    )),
                }
            }
            toml::Value::String(said) => {
                let wanted = said.to_lowercase();
                let exact: Vec<_> = turn
                    .choices
                    .iter()
                    .filter(|c| c.say.to_lowercase() == wanted)
                    .collect();
                let partial: Vec<_> = turn
                    .choices
                    .iter()
                    .filter(|c| c.say.to_lowercase().contains(&wanted))
                    .collect();
                match (exact.as_slice(), partial.as_slice()) {
                    ([one], _) | ([], [one]) => run
                        .choose(one.number)
                        .map(|a| a.step_choice)
                        .map_err(|e| format!("{e:?}")),
                    ([], []) => Err(format!(
                        "no choice shown at step `{}` says \"{said}\"; shown: {}",
                        turn.step_id,
                        shown_list(&turn)
                    )),
                    _ => Err(format!(
                        "\"{said}\" is in more than one choice at step `{}`: write more of it",
                        turn.step_id
                    )),
                }
            }
            toml::Value::Table(t) if t.len() == 1 && t.get("typed").is_some_and(|v| v.is_str()) => {
                let reply = t["typed"].as_str().unwrap_or_default();
                match scorer {
                    None => Err(
                        "typed replies need the rubric's scorer, which failed to build".to_owned(),
                    ),
                    Some(scorer) => match run.answer(reply, scorer) {
                        Ok(FreeAnswer::Taken(typed)) => turn
                            .choices
                            .iter()
                            .find(|c| c.number == typed.taken_as.number)
                            .map(|c| c.step_choice)
                            .ok_or_else(|| {
                                "the typed reply was taken as no shown choice".to_owned()
                            }),
                        Ok(FreeAnswer::SayMore) => Err(format!(
                            "the typed reply \"{reply}\" was not taken as any choice at step `{}`",
                            turn.step_id
                        )),
                        Err(e) => Err(format!("{e:?}")),
                    },
                }
            }
            _ => Err(
                "an answer is a choice's text, its number, { typed = \"...\" }, or { hesitate = ANSWER }"
                    .to_owned(),
            ),
        };
        match taken {
            Ok(choice) => {
                if let Some(i) = step_index(&turn.step_id) {
                    reached.choices.insert((i, choice));
                }
                if let Some(i) = run.position().and_then(step_index) {
                    reached.steps.insert(i);
                }
            }
            Err(message) => {
                fail(
                    &mut failures,
                    answer.span(),
                    format!("answer {}: {message}", n + 1),
                );
                break;
            }
        }
    }
    if !failures.is_empty() {
        return Outcome {
            name: test.name.get_ref().clone(),
            failures,
        };
    }
    let ended = run.ending();
    if let Some(i) = ended.and_then(|e| {
        scenario
            .endings
            .iter()
            .position(|x| x.id.get_ref() == e.id.get_ref())
    }) {
        reached.endings.insert(i);
    }
    let where_now = || match run.position() {
        Some(step) => format!("the run had not ended: it waits at step `{step}`"),
        None => "the run had not ended".to_owned(),
    };
    if let Some(want) = &test.ending {
        match ended {
            Some(e) if e.id.get_ref() == want.get_ref() => {}
            Some(e) => fail(
                &mut failures,
                want.span(),
                format!(
                    "expected the ending `{}`, got `{}`",
                    want.get_ref(),
                    e.id.get_ref()
                ),
            ),
            None => fail(
                &mut failures,
                want.span(),
                format!("expected the ending `{}`; {}", want.get_ref(), where_now()),
            ),
        }
    }
    if let Some(want) = &test.outcome {
        match ended {
            Some(e) if e.outcome.get_ref().as_str() == want.get_ref() => {}
            Some(e) => fail(
                &mut failures,
                want.span(),
                format!(
                    "expected the outcome `{}`, got `{}`",
                    want.get_ref(),
                    e.outcome.get_ref()
                ),
            ),
            None => fail(
                &mut failures,
                want.span(),
                format!("expected the outcome `{}`; {}", want.get_ref(), where_now()),
            ),
        }
    }
    let result = run.result();
    if let Some(want) = &test.pass {
        match &result {
            Some(r) if r.passed == *want.get_ref() => {}
            Some(r) => fail(
                &mut failures,
                want.span(),
                format!(
                    "expected the run to {}, but it {} (overall {})",
                    if *want.get_ref() { "pass" } else { "fail" },
                    if r.passed { "passed" } else { "failed" },
                    percent(r.overall)
                ),
            ),
            None => fail(
                &mut failures,
                want.span(),
                format!(
                    "expected a {}; {}",
                    if *want.get_ref() { "pass" } else { "fail" },
                    where_now()
                ),
            ),
        }
    }
    let overall = run.overall();
    if let Some(least) = &test.overall_at_least
        && overall.is_none_or(|o| o + 1e-9 < *least.get_ref())
    {
        fail(
            &mut failures,
            least.span(),
            format!(
                "expected an overall of at least {}%, got {}",
                least.get_ref(),
                percent(overall)
            ),
        );
    }
    if let Some(below) = &test.overall_below
        && overall.is_none_or(|o| o >= *below.get_ref())
    {
        fail(
            &mut failures,
            below.span(),
            format!(
                "expected an overall below {}%, got {}",
                below.get_ref(),
                percent(overall)
            ),
        );
    }
    let percents = run.percents();
    for (dimension, least) in &test.marks_at_least {
        let Some(i) = rubric
            .dimensions
            .iter()
            .position(|d| d.id.get_ref() == dimension)
        else {
            fail(
                &mut failures,
                least.span(),
                format!("`{dimension}` is not a dimension of the rubric in force"),
            );
            continue;
        };
        let got = percents.get(i).copied().flatten();
        if got.is_none_or(|g| g + 1e-9 < *least.get_ref()) {
            fail(
                &mut failures,
                least.span(),
                format!(
                    "expected {dimension} at least {}%, got {}",
                    least.get_ref(),
                    percent(got)
                ),
            );
        }
    }
    for flag in &test.flags {
        if !run.is_set(flag.get_ref()) {
            fail(
                &mut failures,
                flag.span(),
                format!("expected the flag `{}` to be set", flag.get_ref()),
            );
        }
    }
    for flag in &test.unless {
        if run.is_set(flag.get_ref()) {
            fail(
                &mut failures,
                flag.span(),
                format!("expected the flag `{}` not to be set", flag.get_ref()),
            );
        }
    }
    let mood = run.mood();
    if let Some(least) = &test.mood_at_least
        && mood < *least.get_ref()
    {
        fail(
            &mut failures,
            least.span(),
            format!(
                "expected a mood of at least {}, got {mood}",
                least.get_ref()
            ),
        );
    }
    if let Some(below) = &test.mood_below
        && mood >= *below.get_ref()
    {
        fail(
            &mut failures,
            below.span(),
            format!("expected a mood below {}, got {mood}", below.get_ref()),
        );
    }
    for wanted in &test.shows {
        let seen = run.transcript().iter().any(|line| match line {
            Line::Narration(s) | Line::Customer(s) | Line::Trainee(s) | Line::Other(_, s) => {
                s.contains(wanted.get_ref().as_str())
            }
        });
        if !seen {
            fail(
                &mut failures,
                wanted.span(),
                format!(
                    "no line of the transcript contains \"{}\"",
                    wanted.get_ref()
                ),
            );
        }
    }
    Outcome {
        name: test.name.get_ref().clone(),
        failures,
    }
}

fn shown_list(turn: &crate::domain::session::Turn) -> String {
    turn.choices
        .iter()
        .map(|c| format!("{}. \"{}\"", c.number, c.say))
        .collect::<Vec<_>>()
        .join("; ")
}

fn percent(p: Option<f64>) -> String {
    p.map_or("not assessed".to_owned(), |p| format!("{p:.1}%"))
}
