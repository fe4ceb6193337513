//! At 80x24 the full-screen player shows every choice whole, at every decision of every
//! shipped scenario (issue 16's test list).
//!
//! The decisions are reached by exploring each scenario's states (step, flags set and
//! mood) with the engine, bounded, keeping the first way in to each distinct set of
//! choices shown at a step. The player is then driven there by its keys from a fresh
//! start and drawn on a `TestBackend` at 80x24: with each choice selected in turn, the
//! choice's whole text, placeholders filled, is read in the panel (its wrapped lines
//! joined); a panel that needs no scrolling shows every choice whole at once. Files are
//! found by the library's own rule, so a new scenario is covered with no list to update.

use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::Scenario;
use frontline::domain::session::{Mode, Run, RunOptions};
use frontline::tui::app::Screen;
use frontline::tui::input::Context;
use frontline::tui::{App, Config, Theme};
use ratatui::crossterm::event::KeyCode;
use std::collections::{BTreeMap, BTreeSet, HashSet};

mod common;
use common::{config, draw, key, path};

/// States explored per scenario before the exploration is cut (and says so).
const MAX_STATES: usize = 20_000;

/// The seed, order and trainee the player is given (`common::config`), as the engine's
/// options, so both draw the same customer and show the same choices.
fn options() -> RunOptions {
    let c = config();
    RunOptions {
        seed: c.seed.unwrap(),
        shuffle: c.shuffle,
        trainee: c.trainee.unwrap(),
        mode: Mode::Assess,
    }
}

/// A decision to draw: the choice numbers that reach it, and the choices shown there.
struct Decision {
    prefix: Vec<usize>,
    step: String,
    shown: Vec<String>,
}

/// Every distinct set of choices shown at a step, with the first way in to it, found by a
/// depth-first walk over (step, flags, mood) states; `true` when the walk was cut.
fn decisions(scenario: &Scenario, rubric: &Rubric) -> (Vec<Decision>, bool) {
    let mut seen_states: HashSet<(String, BTreeSet<String>, i64)> = HashSet::new();
    let mut seen_shown: HashSet<(String, Vec<String>)> = HashSet::new();
    let mut out = Vec::new();
    // (the run so far, the numbers that led there, the flags set along the way)
    let start = Run::start(scenario, rubric, options());
    let mut stack = vec![(start, Vec::new(), BTreeSet::new())];
    let mut cut = false;
    while let Some((run, prefix, flags)) = stack.pop() {
        let Some(turn) = run.turn() else { continue };
        if !seen_states.insert((turn.step_id.clone(), flags.clone(), run.mood())) {
            continue;
        }
        if seen_states.len() > MAX_STATES {
            cut = true;
            break;
        }
        let shown: Vec<String> = turn.choices.iter().map(|c| c.say.clone()).collect();
        if seen_shown.insert((turn.step_id.clone(), shown.clone())) {
            out.push(Decision {
                prefix: prefix.clone(),
                step: turn.step_id.clone(),
                shown,
            });
        }
        let step = scenario.step(&turn.step_id).expect("the step exists");
        for c in turn.choices.iter().rev() {
            let mut next = run.clone();
            next.choose(c.number).expect("a shown choice");
            let mut prefix = prefix.clone();
            prefix.push(c.number);
            let mut flags = flags.clone();
            flags.extend(
                step.choices[c.step_choice]
                    .sets
                    .iter()
                    .map(|f| f.get_ref().clone()),
            );
            stack.push((next, prefix, flags));
        }
    }
    (out, cut)
}

/// The player at scenario `id`'s briefing, in assess mode (no feedback between turns).
fn player<'a>(library: &'a Library, rubric: &'a Rubric, id: &str) -> App<'a> {
    App::new(
        library,
        rubric,
        Config {
            start: Some(id.to_owned()),
            from: None,
            free_text: false,
            mode: Mode::Assess,
            ..config()
        },
        Theme::colour(),
    )
}

/// The text of the choices panel as drawn at 80x24, its rows joined by single spaces
/// (so a choice wrapped over rows reads as it was written), and whether it is scrolled.
fn panel(app: &mut App) -> (String, bool, String) {
    let terminal = draw(app, 80, 24);
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let rows: Vec<String> = (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect();
    let screen = rows.join("\n");
    let top = rows
        .iter()
        .position(|r| r.starts_with("┌ What do you say?"))
        .unwrap_or_else(|| panic!("no choices panel:\n{screen}"));
    let bottom = top
        + 1
        + rows[top + 1..]
            .iter()
            .position(|r| r.starts_with('└'))
            .unwrap_or_else(|| panic!("the choices panel has no bottom edge:\n{screen}"));
    let inside: Vec<String> = rows[top + 1..bottom]
        .iter()
        .map(|r| {
            let r = r.trim_end();
            let r = r.strip_prefix('│').unwrap_or(r);
            let r = r.strip_suffix('│').unwrap_or(r);
            r.to_owned()
        })
        .collect();
    let scrolled = rows[top].contains("more") || rows[bottom].contains("more");
    let joined = words(&inside.join(" "));
    (joined, scrolled, screen)
}

/// Text with every run of white space made one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn at_80x24_every_choice_shows_whole_at_every_decision_of_every_shipped_scenario() {
    let rubric = Rubric::builtin();
    let library = Library::from_paths(&[path("scenarios")], &rubric);
    let mut checked = 0;
    let mut scenarios = 0;
    for file in &library.files {
        let scenario = file
            .scenario()
            .unwrap_or_else(|| panic!("{} does not load", file.origin));
        let id = scenario.id();
        scenarios += 1;
        let (found, cut) = decisions(scenario, &rubric);
        // Every step is reached (shipped files have no unreachable step), unless cut.
        let reached: BTreeSet<&str> = found.iter().map(|d| d.step.as_str()).collect();
        let steps: BTreeSet<&str> = scenario
            .steps
            .iter()
            .map(|s| s.id.get_ref().as_str())
            .collect();
        if cut {
            println!("{id}: exploration cut at {MAX_STATES} states");
        } else {
            assert_eq!(reached, steps, "{id}: steps not reached");
        }
        let mut by_step: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &found {
            *by_step.entry(d.step.as_str()).or_default() += 1;
            let mut app = player(&library, &rubric, id);
            key(&mut app, KeyCode::Enter);
            for &n in &d.prefix {
                assert_eq!(app.context(), Context::Turn, "{id}: {:?}", d.prefix);
                key(
                    &mut app,
                    KeyCode::Char(char::from_digit(n as u32, 10).expect("choice 1 to 9")),
                );
            }
            assert_eq!(app.context(), Context::Turn, "{id}: {:?}", d.prefix);
            let Screen::Conversation(play) = &app.screen else {
                unreachable!("a turn is on the conversation screen")
            };
            let turn = play.turn.clone().expect("at a turn");
            assert_eq!(turn.step_id, d.step, "{id}: the player is elsewhere");
            let shown: Vec<String> = turn.choices.iter().map(|c| c.say.clone()).collect();
            assert_eq!(shown, d.shown, "{id}/{}: other choices shown", d.step);

            let (first, scrolled, screen) = panel(&mut app);
            if !scrolled {
                for (i, say) in shown.iter().enumerate() {
                    let whole = format!("{}. {}", i + 1, words(say));
                    assert!(
                        first.contains(&whole),
                        "{id}/{}: choice {} is not shown whole at 80x24:\n{whole}\n{screen}",
                        d.step,
                        i + 1
                    );
                }
            }
            for (i, say) in shown.iter().enumerate() {
                if i > 0 {
                    key(&mut app, KeyCode::Down);
                }
                let (text, _, screen) = panel(&mut app);
                let whole = format!("> {}. {}", i + 1, words(say));
                assert!(
                    text.contains(&whole),
                    "{id}/{}: choice {} is not shown whole at 80x24 when selected:\n{whole}\n{screen}",
                    d.step,
                    i + 1
                );
                checked += 1;
            }
        }
        println!(
            "{id}: {} decisions drawn over {} steps",
            found.len(),
            by_step.len()
        );
    }
    assert!(scenarios >= 12, "{scenarios} scenarios");
    println!("{checked} choices checked whole at 80x24");
}
