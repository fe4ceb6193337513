//! No internal id of a scenario (a step's or an ending's `id`) is ever shown to a trainee:
//! every shipped scenario, played down several paths in the full-screen player (each
//! turn, its feedback, the debrief, the best path's replay, the history and its debrief,
//! the class debrief with its answer key) and in plain mode, is scanned for them. A step is named by what the customer said there, an
//! ending by its outcome in words.

use frontline::domain::library::Library;
use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::Scenario;
use frontline::domain::store::Store;
use frontline::tui::input::Context;
use frontline::tui::{App, Config, Theme};
use ratatui::crossterm::event::KeyCode;

mod common;
use common::{config, key, keys, path, screen};

/// A scenario's internal ids, each with the pattern of where only an id can stand.
struct Ids(Vec<(String, regex::Regex)>);

impl Ids {
    /// The ids of `scenario`'s steps and endings that could be told from its own words:
    /// an id its file also uses in prose ("data-protection", "at capacity") cannot be,
    /// and is left out (every string of the file but the ids, and the references to
    /// them, is prose).
    fn of(scenario: &Scenario, file: &str) -> Ids {
        let steps = scenario.steps.iter().map(|s| s.id.get_ref().clone());
        let endings = scenario.endings.iter().map(|e| e.id.get_ref().clone());
        let ids: Vec<String> = steps.chain(endings).collect();
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let mut prose = Vec::new();
        strings(&value, &ids, &mut prose);
        let prose = prose.join("\n");
        let all = Ids::new(ids);
        Ids(all
            .0
            .into_iter()
            .filter(|(id, re)| !shows(&prose, id, re))
            .collect())
    }

    fn new(ids: Vec<String>) -> Ids {
        Ids(ids
            .into_iter()
            .map(|id| {
                let id_re = regex::escape(&id);
                let marked = regex::Regex::new(&format!(
                    r"\b[Aa]t {id_re}\b|`{id_re}`|\b{id_re} \((?:resolved|partial|escalated|lost)\)"
                ))
                .unwrap();
                (id, marked)
            })
            .collect())
    }

    /// Where `text` shows one of the ids, as "id: the line".
    fn leaks(&self, text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (id, marked) in &self.0 {
            if shows(text, id, marked) {
                let line = text
                    .lines()
                    .find(|l| marked.is_match(l) || l.contains(id.as_str()))
                    .unwrap_or_default();
                found.push(format!("{id}: {}", line.trim()));
            }
        }
        found
    }

    fn assert_none_in(&self, what: &str, text: &str) {
        let found = self.leaks(text);
        assert!(
            found.is_empty(),
            "{what} shows internal ids: {found:#?}\n{text}"
        );
    }
}

/// Whether `text` shows `id`: an id with a `-` or `_` anywhere as a word of its own (no
/// sentence has "walked-resolved" in it), and any id where only an id can stand
/// (`marked`): after "At ", in backquotes, or before an outcome in brackets.
fn shows(text: &str, id: &str, marked: &regex::Regex) -> bool {
    let compound = id.contains(['-', '_'])
        && text
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .any(|w| w == id);
    compound || marked.is_match(text)
}

/// Every string in `value` but those that are an id (a step's, an ending's, a `next`).
fn strings(value: &toml::Value, ids: &[String], out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) if !ids.contains(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| strings(v, ids, out)),
        toml::Value::Table(table) => table.values().for_each(|v| strings(v, ids, out)),
        _ => {}
    }
}

#[test]
fn the_scan_finds_the_ids_the_issue_saw() {
    let ids = Ids::new(vec![
        "refund-time".to_owned(),
        "walked-resolved".to_owned(),
        "close".to_owned(),
    ]);
    let found =
        ids.leaks("At refund-time\nEnding: walked-resolved (resolved)\nSee you at closing.");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        ids.leaks("Ending: resolved. At closing time, close the till.")
            .is_empty()
    );
    assert_eq!(ids.leaks("At close, she left.").len(), 1);
}

/// The shipped library.
fn shipped(rubric: &Rubric) -> Library {
    Library::from_paths(&[path("scenarios")], rubric)
}

/// The choice to take at each turn of path `pick`: the same number throughout (capped by
/// the choices there), and one path that alternates.
fn nth(pick: usize, turn: usize, choices: usize) -> usize {
    let n = if pick == 0 { 1 + turn % 2 } else { pick };
    n.min(choices)
}

/// The size each screen is drawn at (the debrief is drawn whole, on a tall page).
const SIZES: &[(u16, u16)] = &[(80, 24)];

/// Draws `app` at each of `sizes` into `shown`, named `what`.
fn at(shown: &mut Vec<(String, String)>, app: &mut App, what: String, sizes: &[(u16, u16)]) {
    for &(w, h) in sizes {
        shown.push((format!("{what} at {w}x{h}"), screen(app, w, h)));
    }
}

/// Every screen of one run of `id` down path `pick`, to the debrief, its replay of the
/// best path, and the same run's debrief opened from the history.
fn screens_of_a_run(
    library: &Library,
    rubric: &Rubric,
    store: &std::path::Path,
    id: &str,
    pick: usize,
) -> Vec<(String, String)> {
    let mut shown = Vec::new();
    let mut app = App::new(
        library,
        rubric,
        Config {
            start: Some(id.to_owned()),
            ..config()
        },
        Theme::colour(),
    )
    .with_store(Store::open(store).map_err(|e| e.to_string()));
    at(&mut shown, &mut app, format!("{id}: briefing"), SIZES);
    key(&mut app, KeyCode::Enter);
    let mut turn = 0;
    while app.context() == Context::Turn {
        at(&mut shown, &mut app, format!("{id}: turn {turn}"), SIZES);
        let frontline::tui::app::Screen::Conversation(play) = &app.screen else {
            unreachable!()
        };
        let choices = play.turn.as_ref().unwrap().choices.len();
        let n = nth(pick, turn, choices);
        key(
            &mut app,
            KeyCode::Char(char::from_digit(n as u32, 10).unwrap()),
        );
        at(
            &mut shown,
            &mut app,
            format!("{id}: feedback {turn}"),
            SIZES,
        );
        key(&mut app, KeyCode::Enter);
        turn += 1;
    }
    assert_eq!(app.context(), Context::Debrief, "{id}");
    at(
        &mut shown,
        &mut app,
        format!("{id}: debrief"),
        &[(80, 300), (160, 200)],
    );
    key(&mut app, KeyCode::Char('b'));
    let mut steps = 0;
    while app.context() == Context::Replay && steps < 100 {
        at(&mut shown, &mut app, format!("{id}: replay {steps}"), SIZES);
        key(&mut app, KeyCode::Enter);
        steps += 1;
    }
    assert_eq!(app.context(), Context::Debrief, "{id}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.context(), Context::History, "{id}");
    at(&mut shown, &mut app, format!("{id}: history"), SIZES);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Debrief, "{id}");
    shown.push((
        format!("{id}: history's debrief"),
        screen(&mut app, 80, 300),
    ));
    // The class debrief of the scenario (this trainee's runs), answer key shown, each
    // decision in turn.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Library, "{id}");
    keys(&mut app, &format!("/{id}"));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.context(), Context::Class, "{id}");
    key(&mut app, KeyCode::Char('a'));
    for step in 0..turn {
        shown.push((
            format!("{id}: class debrief {step}"),
            screen(&mut app, 120, 40),
        ));
        key(&mut app, KeyCode::Down);
    }
    shown
}

#[test]
fn no_screen_of_the_player_shows_a_step_or_ending_id() {
    let rubric = Rubric::builtin();
    let library = shipped(&rubric);
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite3");
    let mut screens = 0;
    for file in &library.files {
        let scenario = file.scenario().unwrap();
        let ids = Ids::of(scenario, &file.origin);
        for pick in [0, 1, 3] {
            for (what, text) in screens_of_a_run(&library, &rubric, &store, scenario.id(), pick) {
                ids.assert_none_in(&what, &text);
                screens += 1;
            }
        }
    }
    assert!(screens > 1000, "{screens}");
}

#[test]
fn no_line_of_plain_mode_shows_a_step_or_ending_id() {
    let rubric = Rubric::builtin();
    let library = shipped(&rubric);
    for file in &library.files {
        let scenario = file.scenario().unwrap();
        let ids = Ids::of(scenario, &file.origin);
        assert!(!ids.0.is_empty(), "{}", file.origin);
        for pick in ["1", "1\n2", "3\n1"] {
            let input = format!("{pick}\n").repeat(40);
            let out = assert_cmd::Command::cargo_bin("frontline")
                .unwrap()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env_remove("FRONTLINE_LIBRARY")
                .env("NO_COLOR", "1")
                .args([
                    "play",
                    "--plain",
                    "--no-record",
                    "--no-shuffle",
                    "--seed",
                    "5",
                ])
                .args(["--trainee", "Alex", scenario.id()])
                .write_stdin(input)
                .output()
                .unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            if pick == "1" {
                assert!(stdout.contains("Debrief"), "{}: {stdout}", scenario.id());
            }
            ids.assert_none_in(&format!("{} plain, picks {pick:?}", scenario.id()), &stdout);
        }
    }
}
