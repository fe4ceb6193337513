//! Every string the full-screen player shows, in one place: screen titles, labels, the
//! keymap's help and footer words, and the sentences built around file text. Text that
//! comes from scenario or rubric files is not here; it is drawn through `sanitize::clean`.

use crate::domain::scenario::Outcome;
use crate::domain::session::{Mode, MoodBand};
use crate::tui::input::Key;

// ---- the frame -------------------------------------------------------------------------

pub const APP_NAME: &str = "Frontline";
pub const SEP: &str = " · ";
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub const TOO_SMALL: &str = "Terminal too small:";
pub fn too_small(width: u16, height: u16) -> String {
    format!("need {MIN_WIDTH}x{MIN_HEIGHT}, have {width}x{height}")
}
pub const TOO_SMALL_HINT: &str = "Make the window larger, or press q to quit.";
/// During a run, where q asks first.
pub const TOO_SMALL_HINT_RUN: &str = "Make the window larger to go on with the run (any countdown is paused). q asks whether to quit; Ctrl-C quits at once.";

// ---- keys ------------------------------------------------------------------------------

/// A key's name as help and the footers show it.
pub fn key_label(key: Key) -> String {
    match key {
        Key::Char(' ') => "Space".to_owned(),
        Key::Char(c) => c.to_string(),
        Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
        Key::Enter => "Enter".to_owned(),
        Key::Esc => "Esc".to_owned(),
        Key::Backspace => "Backspace".to_owned(),
        Key::Delete => "Del".to_owned(),
        Key::Up => "↑".to_owned(),
        Key::Down => "↓".to_owned(),
        Key::Left => "←".to_owned(),
        Key::Right => "→".to_owned(),
        Key::PageUp => "PgUp".to_owned(),
        Key::PageDown => "PgDn".to_owned(),
        Key::Home => "Home".to_owned(),
        Key::End => "End".to_owned(),
        Key::F(n) => format!("F{n}"),
        Key::Digit => LABEL_DIGITS.to_owned(),
        Key::Printable => LABEL_TYPING.to_owned(),
        Key::WheelUp => "wheel up".to_owned(),
        Key::WheelDown => "wheel down".to_owned(),
        Key::Click => LABEL_CLICK.to_owned(),
    }
}

pub const LABEL_MOVE: &str = "↑/↓ j/k";
pub const LABEL_ARROWS: &str = "↑/↓";
pub const LABEL_LEFT_RIGHT: &str = "←/→";
pub const LABEL_PAGE: &str = "PgUp/PgDn";
pub const LABEL_WHEEL: &str = "mouse wheel";
pub const LABEL_HOME_END: &str = "Home/End";
pub const LABEL_SCROLL_ALL: &str = "PgUp/PgDn ↑/↓ j/k";
pub const LABEL_TYPING: &str = "letters";
pub const LABEL_DIGITS: &str = "1-9";
pub const LABEL_CLICK: &str = "click";

pub const HELP_FORCE_QUIT: &str = "Quit at once, from anywhere";
pub const HELP_HELP: &str = "Show or hide this list of keys";
pub const HELP_QUIT: &str = "Quit Frontline";
pub const HELP_QUIT_ASKS: &str = "Quit Frontline (asks first, since a run is under way)";
pub const HELP_MOVE: &str = "Move the selection";
pub const HELP_PAGE_LIST: &str = "Move the selection a page at a time";
pub const HELP_ENDS_LIST: &str = "Select the first or the last scenario in the list";
pub const HELP_LIBRARY_START: &str = "Open the briefing of the selected scenario";
pub const HELP_FILTER_START: &str = "Filter the list: type words from a title, id, tag or channel";
pub const HELP_FILTER_TYPE: &str = "Type the filter";
pub const HELP_FILTER_DONE: &str = "Stop typing and keep the filter";
pub const HELP_FILTER_CLEAR: &str = "Clear the filter";
pub const HELP_ERASE_BEFORE: &str = "Delete the character before the cursor";
pub const HELP_DELETE: &str = "Delete the character under the cursor";
pub const HELP_CURSOR: &str = "Move the cursor one character left or right";
pub const HELP_CURSOR_ENDS: &str = "Move the cursor to the start or the end of the reply";
pub const HELP_CURSOR_ENDS_NAME: &str = "Move the cursor to the start or the end of the name";
pub const HELP_CURSOR_ENDS_FILTER: &str = "Move the cursor to the start or the end of the filter";
pub const HELP_ERASE_WORD: &str = "Delete the word before the cursor";
/// Up in the empty reply box.
pub const HELP_RECALL_REPLY: &str = "bring back the last reply that was not taken, to edit it";
pub const HELP_CLEAR_REPLY: &str = "Clear the whole reply";
pub const HELP_CLEAR_NAME: &str = "Clear the whole name";
pub const HELP_CLEAR_FILTER_TEXT: &str = "Clear the typed filter and keep typing";
pub const HELP_MODE: &str = "Switch between coach mode and assess mode";
pub const HELP_INPUT: &str = "Switch between choosing your replies and typing them";
pub const HELP_REPLY_TYPE: &str = "Type your reply to the customer";
pub const HELP_REPLY_SEND: &str = "Send your reply";
pub const HELP_NAME_TYPE: &str = "Type your name";
pub const HELP_NAME_DONE: &str = "Use this name for every run until you quit";
pub const HELP_BACK_LIBRARY: &str = "Back to the scenario library";
pub const HELP_BACK_DEBRIEF: &str = "Stop the replay and go back to the debrief";
pub const HELP_BEGIN: &str = "Begin the conversation";
pub const HELP_SCROLL_PAGE: &str = "Scroll the page (also the mouse wheel, Home and End)";
pub const HELP_PICK: &str = "Say the choice with that number, at once";
pub const HELP_SAY: &str = "Say the selected choice";
pub const HELP_CLICK: &str = "Click a choice to say it";
pub const HELP_SCROLL_TRANSCRIPT: &str = "Scroll the conversation";
pub const HELP_ENDS_TRANSCRIPT: &str = "Jump to the start or the latest line of the conversation";
pub const HELP_SCROLL_FEEDBACK: &str = "Scroll the feedback if it is cut, else the conversation";
pub const HELP_ENDS_FEEDBACK: &str =
    "Start or end of the feedback if cut, else of the conversation";
pub const HELP_LEAVE_RUN: &str = "Leave the run and go back to the library (asks first)";
pub const HELP_CONTINUE: &str = "Close the feedback and go on";
pub const HELP_TO_DEBRIEF: &str = "See the debrief";
pub const HELP_REPLAY_NEXT: &str = "Say the marked best choice, then go on";
pub const HELP_RETRY: &str = "Play this scenario again (a new seed, unless --seed was given)";
pub const HELP_REPLAY: &str = "Replay the best path through the conversation, step by step";
pub const HELP_CLOSE: &str = "Close this list";
pub const HELP_TRY_AGAIN: &str =
    "Try this decision again, as practice (your first answer is the one scored)";
pub const HELP_RETRY_FROM: &str =
    "Play on from one of your decisions, as practice: the same customer and draws up to it";
pub const HELP_RETRY_FROM_TYPE: &str = "The number of the decision to play on from";
pub const HELP_RETRY_FROM_GO: &str = "Play on from that decision";
pub const FOOT_TRY_AGAIN: &str = "try again";
pub const NOTHING_BETTER: &str =
    "t: no reply shown at this decision would have scored better; Enter goes on";
pub const CANNOT_TRY_AGAIN: &str =
    "t: this run cannot be rebuilt up to that decision (the scenario changed?)";
pub const RETRY_FROM_TITLE: &str = "Play on from a decision";
pub fn retry_from_ask(count: usize) -> String {
    format!("From which decision (1 to {count})? The numbers are in your path.")
}
pub const RETRY_FROM_WHAT: &str = "The same customer and draws, and your answers before it.";
pub const RETRY_FROM_PRACTICE: &str = "Practice: the run is not recorded.";
pub const RETRY_FROM_LABEL: &str = "Decision: ";
pub fn retry_from_range(count: usize) -> String {
    format!("Type a decision number from 1 to {count}, then Enter (Esc: back)")
}
pub const FOOT_RETRY_FROM: &str = "retry from…";
pub const HELP_YES: &str = "Yes, leave the run";
pub const HELP_NO: &str = "No, keep playing";

pub const FOOT_HELP: &str = "help";
pub const FOOT_QUIT: &str = "quit";
pub const FOOT_MOVE: &str = "move";
pub const FOOT_START: &str = "start";
pub const FOOT_FILTER: &str = "filter";
pub const FOOT_DONE: &str = "done";
pub const FOOT_CLEAR: &str = "clear";
pub const FOOT_MODE: &str = "mode";
pub const FOOT_INPUT: &str = "choose / type";
pub const FOOT_SEND: &str = "send";
pub const FOOT_LEAVE: &str = "leave";
pub const FOOT_CONFIRM: &str = "confirm";
pub const FOOT_BACK: &str = "back";
pub const FOOT_BEGIN: &str = "begin";
pub const FOOT_SCROLL: &str = "scroll";
pub const FOOT_PICK: &str = "answer";
pub const FOOT_SAY: &str = "say";
pub const FOOT_CONTINUE: &str = "continue";
pub const FOOT_DEBRIEF: &str = "debrief";
pub const FOOT_NEXT: &str = "next";
pub const FOOT_RETRY: &str = "retry";
pub const FOOT_REPLAY: &str = "best path";
pub const FOOT_LIBRARY: &str = "library";
pub const FOOT_CLOSE: &str = "close";
pub const FOOT_YES: &str = "yes";
pub const FOOT_NO: &str = "no";

pub const HELP_TITLE: &str = " Keys ";
pub const HELP_ON: &str = "On this screen:";
pub const HELP_EVERYWHERE: &str = "Everywhere:";

// ---- modes -----------------------------------------------------------------------------

pub fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Coach => "coach",
        Mode::Assess => "assess",
    }
}

pub fn mode_explained(mode: Mode) -> &'static str {
    match mode {
        Mode::Coach => "coach: feedback after every choice",
        Mode::Assess => "assess: no feedback until the debrief",
    }
}

pub fn mode_short(mode: Mode) -> String {
    format!("{} mode", mode_name(mode))
}

pub fn mode_line(mode: Mode) -> String {
    format!("Mode: {} (m to switch)", mode_explained(mode))
}

pub fn input_line(free_text: bool) -> String {
    let how = if free_text {
        "type your own replies"
    } else {
        "choose from the replies shown"
    };
    format!("Replies: {how} (t: choose / type)")
}

// ---- the name prompt -------------------------------------------------------------------

pub const NAME_TITLE: &str = " Your name ";
pub const NAME_ASK: &str =
    "What is your name? The customer will use it, and it goes on your results.";
pub const NAME_ONCE: &str =
    "Asked once: it is remembered for next time (n in the library switches trainee).";
pub fn switching_from(name: &str) -> String {
    format!("Switching from {name}")
}
pub const HELP_SWITCH_TRAINEE: &str = "Switch trainee: give another name";
pub const NAME_LABEL: &str = "Name: ";
pub const NAME_EMPTY: &str = "Type at least one letter, then press Enter.";
pub const NAME_MAX: usize = 40;
/// The most characters the library's filter holds.
pub const FILTER_MAX: usize = 60;

// ---- the library -----------------------------------------------------------------------

/// The mark on a scenario's row (and in its detail) when the trainee left a run of it
/// unfinished; the title column's heading says what it means.
pub const RESUME_TAG: &str = "◐";
pub const COL_TITLE_MARKED: &str = "Title (◐ unfinished)";
pub const COL_LEVEL: &str = "Level";
pub const COL_BEST: &str = "Your best";
pub const COL_TRIES: &str = "Tries";
/// A scenario's best in the library's column: the percent, a symbol and the word.
pub fn best_cell(overall: Option<f64>, passed: bool) -> String {
    let overall = overall.map_or_else(|| "-".to_owned(), |o| format!("{o:.0}%"));
    if passed {
        format!("{overall} ✓ passed")
    } else {
        format!("{overall} ✗ not yet")
    }
}
pub const BEST_NONE: &str = "-";
/// The trainee's record on a scenario, in the detail pane.
pub fn record_detail(
    overall: Option<f64>,
    passed: bool,
    attempts: usize,
    pass_mark: i64,
) -> String {
    let overall = overall.map_or_else(|| "-".to_owned(), |o| format!("{o:.0}%"));
    let tries = if attempts == 1 {
        "1 finished attempt".to_owned()
    } else {
        format!("{attempts} finished attempts")
    };
    if passed {
        format!("Your best: {overall} ✓ passed (pass mark {pass_mark}%) · {tries}")
    } else {
        format!("Your best: {overall} ✗ not passed yet (pass mark {pass_mark}%) · {tries}")
    }
}
pub const RECORD_NONE: &str = "No finished attempt yet.";
/// Difficulty as dots only (the library's narrow column; the detail says it in words).
pub fn level_dots(level: i64) -> String {
    let filled = level.clamp(0, 5) as usize;
    format!("{}{}", "●".repeat(filled), "○".repeat(5 - filled))
}
/// Why `r` did nothing in the library, in the footer.
pub const NO_UNFINISHED: &str =
    "r: no unfinished run of this scenario to resume (◐ marks the ones with one)";
pub const RESUME_NEEDS_STORE: &str =
    "r: resuming needs the progress store, which is off (--no-record or not opened)";
pub const RESUME_NEEDS_NAME: &str =
    "r: no name given yet, so there is no run of yours to resume: Enter starts one";
pub const CANNOT_START: &str =
    "Enter: this file has errors and cannot be played; the details say where";
pub const NO_SCENARIO: &str = "No scenario is selected: Esc clears the filter";
pub const HELP_RESUME: &str = "Resume the selected scenario's unfinished run";
pub fn resume_detail(answers: usize) -> String {
    format!(
        "unfinished run, {answers} answer{} given: r resumes it (Enter: resume or start over)",
        if answers == 1 { "" } else { "s" }
    )
}
pub fn cannot_read(reason: &str) -> String {
    format!(
        "⚠ cannot read the progress store: {}",
        reason.lines().next().unwrap_or(reason)
    )
}
pub const NEEDS_STORE: &str = "⚠ history and the class debrief need the progress store, which is off (--no-record or not opened)";
pub const NEEDS_NAME: &str = "h: history needs your name: start a scenario and give it first";
pub fn cannot_resume(reason: &str) -> String {
    format!(
        "⚠ cannot resume: {}",
        reason.lines().next().unwrap_or(reason)
    )
}

pub const HELP_HISTORY_OPEN: &str = "Open the selected attempt's full debrief";
pub const FOOT_HISTORY_OPEN: &str = "debrief";
pub const HELP_HISTORY_COMPARE: &str =
    "Mark the selected attempt; on a second attempt of the same scenario, compare the two";
pub const FOOT_HISTORY_COMPARE: &str = "compare";
pub const HELP_BACK_HISTORY: &str = "Back to your history";
pub const HISTORY_HINT: &str = "↑/↓ select · Enter opens its debrief · c marks it, c on another attempt of the same scenario compares";
/// The attempts box's hint where the whole one does not fit (80 columns): ↑/↓ is in the
/// footer already.
pub const HISTORY_HINT_SHORT: &str =
    "Enter opens its debrief · c marks it; c on a second attempt compares them";
pub const HISTORY_MARK: &str = "◆";
pub const HISTORY_UNFINISHED_OPEN: &str =
    "Enter: that attempt is unfinished, so it has no debrief yet; r in the library resumes it";
pub fn history_marked(title: &str) -> String {
    format!("c: marked an attempt of {title}; select another of it and press c to compare")
}
pub const COMPARE_OTHER_SCENARIO: &str =
    "c: that is another scenario; compare two attempts of one scenario (c again unmarks)";
/// Beside an attempt's title in the history: it was played on another version of the file.
pub const HISTORY_EARLIER_VERSION: &str = "(earlier version)";
/// Enter on an attempt played on an earlier version of its scenario file.
pub fn history_earlier_version(id: &str) -> String {
    format!("Played on an earlier version of the file: `frontline history --attempt {id}` shows it")
}
pub fn cannot_open(reason: &str) -> String {
    format!(
        "cannot open that attempt: {}",
        reason.lines().next().unwrap_or(reason)
    )
}
pub fn not_in_library(id: &str) -> String {
    format!("the scenario `{id}` is not in the library in force")
}
pub fn compare_title(title: &str) -> String {
    format!("Compare: {title}")
}
pub const COMPARE_OVERALL: &str = "Overall";
pub const COMPARE_ENDING: &str = "Ending";
pub const COMPARE_DECISIONS: &str = "Decision by decision (what it cost of the overall)";
pub fn compare_decision(n: usize) -> String {
    format!("Decision {n}")
}
pub const COMPARE_NONE: &str = "(not reached)";
pub fn compare_cost(cost: f64) -> String {
    if cost <= 0.05 {
        "the best here".to_owned()
    } else {
        format!("cost {cost:.1} points")
    }
}
pub const HELP_HISTORY: &str = "Your history: attempts, trends and what to practise next";
pub const HISTORY_TITLE: &str = "History";
pub fn history_title(trainee: &str) -> String {
    format!("{HISTORY_TITLE} of {trainee}")
}
pub const HISTORY_ATTEMPTS: &str = "Attempts (latest first)";
pub const HISTORY_TRENDS: &str = "Trend per dimension (oldest → latest, 0-100%)";
pub const HISTORY_BEST: &str = "Best per scenario";
pub const HISTORY_EMPTY: &str = "No attempts yet: play a scenario and it shows here.";
pub const HISTORY_UNFINISHED: &str = "unfinished";
pub fn history_row(
    when: &str,
    title: &str,
    outcome: &str,
    passed: Option<bool>,
    overall: Option<f64>,
) -> String {
    let passed = match passed {
        Some(true) => "passed",
        Some(false) => "not passed",
        None => "-",
    };
    let overall = overall.map_or_else(|| "-".to_owned(), |o| format!("{o:.0}%"));
    format!("{when:<16}  {passed:<10}  overall {overall:>4}  {outcome:<15}  {title}")
}
pub fn trend_summary(recent: f64, direction: &str) -> String {
    format!("{recent:>3.0}% {direction}")
}
pub fn best_row(title: &str, passed: bool, overall: Option<f64>, attempts: usize) -> String {
    let overall = overall.map_or_else(|| "-".to_owned(), |o| format!("{o:.0}%"));
    format!(
        "{title}: {} · overall {overall} · {attempts} attempt{}",
        if passed { "passed" } else { "not passed" },
        if attempts == 1 { "" } else { "s" }
    )
}
pub fn weakest(dimension: &str) -> String {
    format!("Weakest dimension: {dimension}")
}
pub fn practise_next(title: &str, id: &str) -> String {
    format!("Practise it next: {title} ({id})")
}
pub fn practise_points(points: i64) -> String {
    format!("its best path earns {points} points on that dimension")
}
pub const PRACTISE_NONE: &str = "No scenario you have not passed yet scores that dimension.";

pub const HELP_CLASS: &str = "Class debrief: how the group answered each decision";
pub const HELP_ANSWER_KEY: &str =
    "Show or hide the answer key: the best choice, each choice's marks and feedback";
pub const FOOT_ANSWER_KEY: &str = "answer key";
pub const CLASS_BEST: &str = "✓ best";
pub const CLASS_KEY_HIDDEN: &str =
    "Answer key hidden: a shows the best choice, marks and feedback.";
pub fn class_marks(marks: &str) -> String {
    format!("Marks: {marks}")
}
pub fn class_heard(line: &str, count: u64) -> String {
    format!("Heard by {count}: \"{line}\"")
}
pub fn class_versions(other: u64) -> String {
    format!(
        "⚠ The scenario file has changed since {other} attempt{} (answered on another version of it): {} not counted here, so no answer is credited to a choice it was not.",
        if other == 1 { "" } else { "s" },
        if other == 1 { "it is" } else { "they are" }
    )
}
pub const HELP_CLASS_STEP: &str = "The previous or the next decision";
pub const FOOT_CLASS_STEP: &str = "decision";
pub fn class_title(title: &str, attempts: u64) -> String {
    format!(
        "Class debrief · {title} · {attempts} attempt{}",
        if attempts == 1 { "" } else { "s" }
    )
}
pub const CLASS_EMPTY: &str =
    "Nobody has answered this scenario yet: the class debrief fills as the group plays it.";
/// A decision of the class debrief: by its place, never by the file's internal step id.
pub fn class_step(n: usize, of: usize, answers: u64) -> String {
    format!(
        "Decision {n} of {of}: {answers} answer{}",
        if answers == 1 { "" } else { "s" }
    )
}
pub fn class_customer(say: &str) -> String {
    format!("Customer: \"{say}\"")
}
pub fn class_count(count: u64, share: f64, mood: Option<f64>) -> String {
    match mood {
        Some(m) => format!("{count:>3} chose it ({share:>3.0}%) · mood after {m:+.0}"),
        None => format!("{count:>3} chose it ({share:>3.0}%)"),
    }
}

pub const OFFER_TITLE: &str = "Unfinished run";
pub const OFFER_ASK: &str = "You left a run of this scenario unfinished.";
pub const OFFER_RESUME: &str = "r        Resume it where you stopped";
pub const OFFER_START: &str = "Enter/s  Start over with a new run";
pub const OFFER_CANCEL: &str = "Esc      Back to the list";
pub const HELP_OFFER_RESUME: &str = "Resume the unfinished run where it stopped";
pub const HELP_OFFER_START: &str = "Start over with a new run";
pub const HELP_OFFER_CANCEL: &str = "Back to the list";
pub const FOOT_RESUME: &str = "resume";
pub const FOOT_START_OVER: &str = "start over";

/// The library's warning when the progress store cannot be opened.
pub fn not_saved(reason: &str) -> String {
    format!(
        "⚠ progress is not being saved: {}",
        reason.lines().next().unwrap_or(reason)
    )
}

pub fn library_title(playable: usize, unplayable: usize) -> String {
    let mut s = format!(" Scenario library: {playable} playable");
    if unplayable > 0 {
        s.push_str(&format!(", {unplayable} with errors"));
    }
    s.push(' ');
    s
}
pub const FILTER_LABEL: &str = "Filter: ";
pub const FILTER_HINT: &str = "Press / to filter by title, id, tag or channel.";
pub fn filter_hint_trainee(name: &str) -> String {
    format!("Press / to filter by title, id, tag or channel; n switches trainee from {name}.")
}
pub fn filter_count(shown: usize, total: usize) -> String {
    format!("  ({shown} of {total} shown)")
}
pub fn no_match(filter: &str) -> String {
    format!("No scenario matches \"{filter}\". Esc clears the filter.")
}
pub const LIBRARY_EMPTY: &str =
    "The library has no scenario files. Use --library DIR to point at a folder of *.toml files.";
pub const COL_TITLE: &str = "Title";
pub const COL_CHANNEL: &str = "Channel";
pub const COL_DIFFICULTY: &str = "Difficulty";
pub const COL_MINUTES: &str = "Min";
pub const COL_TAGS: &str = "Tags";
pub const UNPLAYABLE: &str = "unplayable";
/// A curriculum group's heading in the library list, with its minutes including debriefs.
pub fn group_heading(title: &str, minutes: u32) -> String {
    format!("{title} · {minutes} min")
}
/// The heading of the scenarios a curriculum lists in no group.
pub const GROUP_REST: &str = "Not in the curriculum";
pub const UNPLAYABLE_MARK: &str = "[!] ";
pub const DETAIL_TITLE: &str = " Details ";
pub const DETAIL_SUMMARY: &str = "Situation: ";
pub const DETAIL_CUSTOMER: &str = "Customer: ";
pub const DETAIL_TAGS: &str = "Tags: ";
pub const DETAIL_FILE: &str = "File: ";
pub fn detail_facts(
    channel: &str,
    difficulty: i64,
    minutes: Option<i64>,
    pass_mark: i64,
) -> String {
    let mut s = format!("{channel}{SEP}difficulty {difficulty} of 5");
    if let Some(m) = minutes {
        s.push_str(&format!("{SEP}about {m} min"));
    }
    s.push_str(&format!("{SEP}pass mark {pass_mark}%"));
    s
}
pub fn customer_names(names: &[&str]) -> String {
    match names {
        [] => "a customer".to_owned(),
        [one] => (*one).to_owned(),
        many => format!("one of {}", many.join(", ")),
    }
}
pub const UNPLAYABLE_DETAIL: &str =
    "This file has errors and cannot be played until they are fixed.";
pub fn first_finding(line: usize, column: usize, message: &str) -> String {
    format!("First error, line {line}, column {column}: {message}")
}
pub fn first_finding_nowhere(message: &str) -> String {
    format!("First error: {message}")
}
/// Why a file with no error is not in the library's list of scenarios.
pub fn not_a_scenario(rubric: bool) -> String {
    if rubric {
        "Skipped: this is a rubric file ([[dimension]] and [[cue]] tables), not a scenario. Use it with --rubric FILE.".to_owned()
    } else {
        "Skipped: this file is not a scenario.".to_owned()
    }
}
pub fn validate_hint(origin: &str) -> String {
    format!("Check it with: frontline validate {origin}")
}
pub fn minutes(m: Option<i64>) -> String {
    m.map_or_else(|| "-".to_owned(), |m| m.to_string())
}
/// Difficulty as dots and the number, e.g. "●●○○○ 2".
pub fn difficulty(level: i64) -> String {
    let filled = level.clamp(0, 5) as usize;
    format!("{}{} {level}", "●".repeat(filled), "○".repeat(5 - filled))
}

// ---- the briefing ----------------------------------------------------------------------

pub const BRIEFING_TITLE: &str = " Briefing ";
pub const BRIEF_SITUATION: &str = "The situation";
pub const BRIEF_CUSTOMER: &str = "The customer";
pub const BRIEF_SCORED: &str = "What is scored";
pub const BRIEF_MODE: &str = "How you play";
/// Who, and where: `setting` is the channel's ("on the phone"; for social media, that the
/// thread is public).
pub fn brief_customer(name: &str, setting: &str) -> String {
    format!("You will be speaking with {name}, {setting}.")
}
pub fn brief_mood(band: MoodBand, mood: i64) -> String {
    format!("Mood at the start: {band} ({mood})")
}
pub fn brief_pass(pass_mark: i64) -> String {
    format!(
        "To pass: an overall score of at least {pass_mark}%, and the customer must not be lost."
    )
}
pub fn brief_weight(weight: f64) -> String {
    format!(" (counts {weight}x)")
}
pub const BRIEF_KEYS: &str =
    "Answer with the number of a choice, or move with ↑/↓ and press Enter.";
/// The same, when the trainee types replies (`t` in the library, `--free-text`).
pub const BRIEF_KEYS_TYPING: &str = "Type what you would say to the customer, in your own words, and press Enter. Your words are scored, and the conversation goes on as the written reply they come closest to. Every letter is typed, q and ? too: Esc leaves the run, F1 lists the keys.";
pub fn brief_timed(steps: usize) -> String {
    format!(
        "{steps} step(s) have a time limit: a countdown shows, and running out makes the customer impatient (mood -10)."
    )
}
pub fn brief_seed(seed: u64) -> String {
    format!("Seed {seed}: play again with --seed {seed} to repeat this run exactly.")
}
pub fn brief_trainee(name: &str) -> String {
    format!("Trainee: {name}")
}
pub const MORE_BELOW: &str = " more below ↓ ";
pub const MORE_ABOVE: &str = " ↑ more above ";

// ---- the conversation ------------------------------------------------------------------

pub const TRANSCRIPT_TITLE: &str = " Conversation ";
pub const CHOICES_TITLE: &str = " What do you say? ";
pub const CUSTOMER_TITLE: &str = " Customer ";
pub fn run_title(title: &str, mode: Mode) -> String {
    format!(" {title}{SEP}{} mode ", mode_name(mode))
}
pub fn replay_title(title: &str) -> String {
    format!(" {title}{SEP}best path replay ")
}
pub fn decision_count(n: usize) -> String {
    format!("Decision {n}")
}
pub const MOOD_LABEL: &str = "Mood";
pub fn mood_words(band: MoodBand, mood: i64) -> String {
    format!("{band} ({mood})")
}
pub fn seconds_left(seconds: u64) -> String {
    format!("Time left: {seconds}s")
}
pub const TIME_UP: &str = "Time is up";
pub const IMPATIENT: &str = "Time is up: the customer is getting impatient (mood -10).";
pub const SELECTED_MARK: &str = "> ";
pub const UNSELECTED_MARK: &str = "  ";
pub fn choice_number(n: usize) -> String {
    format!("{n}. ")
}
pub const NO_CHOICE: &str = "No choice is shown at this step (every choice is hidden by its flags), so the run cannot go on. Press Esc to leave.";
pub const SCROLLED_UP: &str = " scrolled up: End for the latest ";
pub fn replay_banner(at: usize, of: usize) -> String {
    format!("Best path, decision {at} of {of}: the best choice is marked. Enter says it.")
}
pub const REPLAY_DONE_TITLE: &str = " Best path replayed ";
pub const REPLAY_DONE: &str = "That was the best path. Press Enter to go back to the debrief.";
pub const REPLAY_LOST: &str = "The best path cannot be followed from here (the scenario changed?). Press Esc to go back to the debrief.";

// ---- coach feedback --------------------------------------------------------------------

pub const FEEDBACK_TITLE: &str = " Feedback ";
pub const TYPE_TITLE: &str = " Your reply ";
pub const TYPE_PROMPT: &str = "> ";
/// On the reply box's border once a reply nears its limit.
pub fn reply_count(chars: usize, max: usize) -> String {
    if chars >= max {
        format!(" {chars} of {max} characters: the limit ")
    } else {
        format!(" {chars} of {max} characters ")
    }
}
pub const TYPE_HINT: &str =
    "Type what you would say, then Enter. It is taken as the reply it matches best.";
pub const NO_SCORER: &str =
    "The rubric in force cannot score typed replies: run `frontline rubric --check`.";
/// Shown when a typed run offers the numbered choices after three replies were not taken.
pub const CHOICES_OFFERED: &str =
    "Three replies were not taken: pick one of the choices below (a digit, or Enter).";

pub fn taken_as(say: &str, similarity: f64) -> String {
    format!("Taken as ({:.0}% alike): {say}", 100.0 * similarity)
}
/// One cue that counted: its points, its id and the words that matched it.
pub fn cue_reason(points: i64, id: &str, matched: &str) -> String {
    format!("{points:+} {id} \"{matched}\"")
}
/// A dimension's cues, then the range its points were held to, if they were.
pub fn dimension_reasons(reasons: &[String], held: Option<&str>) -> String {
    let mut out = reasons.join(", ");
    if let Some(held) = held {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(held);
    }
    out
}
/// A dimension where the reply's own cues moved the mark of the choice it was taken as
/// (by a point at most).
pub fn moved(authored: i64, raw: i64, earned: i64) -> String {
    format!(
        "the choice's {authored:+}, moved {:+} by your reply's own {raw:+}",
        earned - authored
    )
}
/// Coach mode, above what the rubric found in a typed reply that matched no choice (the
/// words plain mode prints).
pub const UNMATCHED: &str = crate::domain::session::NOT_RECORDED;
/// One dimension of a reply that matched no choice: its points, then the cues behind them.
pub fn unmatched_points(points: i64, reasons: &[String]) -> String {
    format!("{} ({})", signed(points), reasons.join(", "))
}
/// Above coach feedback: what the trainee said (the choice's words, or the reply typed).
pub fn feedback_said(said: &str) -> String {
    format!("You said {}", quoted(said))
}
/// A best-path replay's feedback: the words are the best path's, not the trainee's.
pub fn feedback_best_said(said: &str) -> String {
    format!("The best path says {}", quoted(said))
}
pub fn feedback_practice_said(said: &str) -> String {
    format!("Practice, not scored: you said {}", quoted(said))
}
pub const BETTER_LABEL: &str = "Better here: ";
pub const ENTER_CONTINUE_OR_TRY: &str =
    "Press Enter to continue, or t to try this decision again as practice.";
pub const ENTER_DEBRIEF_OR_TRY: &str =
    "Press Enter for the debrief, or t to try this decision again as practice.";
pub const PRACTICE_ENTER: &str =
    "Press Enter to go on with your run: your first answer is the one scored.";
pub const PRACTICE_ENTER_AGAIN: &str =
    "Press t to try again, or Enter to go on with your run: your first answer is the one scored.";
pub fn practice_title(title: &str) -> String {
    format!(" {title}{SEP}practice, not scored ")
}
pub fn retried_title(title: &str, n: usize) -> String {
    format!(" {title}{SEP}practice from decision {n} ")
}
/// "+" when a decision earned the best shown on a dimension, "-" when below it.
pub const MARK_BEST: &str = "+";
pub const MARK_BELOW: &str = "-";
pub const MARK_NONE: &str = "=";
pub fn earned_line(earned: i64, best: i64) -> String {
    if earned >= best {
        format!("{} of best {}: the best here", signed(earned), signed(best))
    } else {
        format!(
            "{} of best {}: {} below the best",
            signed(earned),
            signed(best),
            best - earned
        )
    }
}
pub const NOT_ASSESSED_HERE: &str = "not assessed here (every choice scored the same)";
pub fn mood_change(before: MoodBand, b: i64, after: MoodBand, a: i64) -> String {
    format!("Mood: {before} ({b}) -> {after} ({a}), {}", signed(a - b))
}
pub const HESITATED: &str =
    "You hesitated here (the time ran out, or a reply was not taken): mood -10.";
pub const ESCALATED: &str =
    "Escalated: the customer was pushed too far and the conversation escalates.";
pub const NO_FEEDBACK: &str = "(This choice has no feedback text.)";
pub const ENTER_CONTINUE: &str = "Press Enter to continue.";
pub const ENTER_DEBRIEF: &str = "The conversation is over. Press Enter for the debrief.";
pub const ENTER_FOR_DEBRIEF: &str = "Press Enter for the debrief.";
pub const OVER_TITLE: &str = " The end ";
pub fn over_line(outcome: Outcome) -> String {
    format!("The conversation has ended: {}.", outcome_words(outcome))
}

// ---- quit confirmation -----------------------------------------------------------------

pub const CONFIRM_TITLE: &str = " Leave? ";
pub const CONFIRM_ASK: &str = "Leave this run? y/n";
pub const CONFIRM_QUIT: &str = "y quits Frontline.";
pub const CONFIRM_LIBRARY: &str = "y goes back to the library.";
/// What the progress store keeps of the run when it is left.
pub const KEPT_NOTHING: &str = "This run is not saved.";
pub const KEPT_SO_FAR: &str =
    "Your answers so far are saved: press r in the library to resume this run.";
pub const KEPT_FINISHED: &str = "The run is finished and saved; only its debrief is skipped.";
pub const CONFIRM_NO: &str = "n or Esc keeps playing.";

// ---- the debrief -----------------------------------------------------------------------

pub fn debrief_practice_title(title: &str, n: usize) -> String {
    format!("Debrief (practice from decision {n}, not recorded): {title}")
}
pub fn debrief_title(title: &str) -> String {
    format!(" Debrief: {title} ")
}
pub const PASS: &str = "PASS";
pub const FAIL: &str = "FAIL";
pub fn verdict(passed: bool) -> &'static str {
    if passed { PASS } else { FAIL }
}
/// The line the e2e test reads the score from: keep "overall " before the figure.
pub fn verdict_line(passed: bool, overall: &str, pass_mark: i64) -> String {
    format!(
        "{}: overall {overall} (pass mark {pass_mark}%)",
        verdict(passed)
    )
}
/// The ending in a trainee's words: its outcome, never its id.
pub fn ending_line(outcome: Outcome) -> String {
    format!("Ending: {}", outcome_words(outcome))
}
pub const LOST_NEVER_PASSES: &str = "A lost customer never passes.";
pub const ENDING_NEVER_PASSES: &str = "This ending does not count as a pass.";
pub const CRITICAL_FAILS: &str = "A critical error fails the run.";
pub const CRITICAL_TITLE: &str = "Critical error";
/// Coach feedback on a critical choice.
pub fn critical_now(why: &str) -> String {
    format!("Critical error: this fails the run. {why}")
}
pub const PATH_CRITICAL: &str = "critical error";
/// The tactics a choice showed, by their readable names.
pub fn tactics(names: &[String]) -> String {
    format!("Tactics: {}", names.join(", "))
}
pub fn critical_said(said: &str) -> String {
    format!("You said \"{said}\".")
}
pub fn outcome_words(outcome: Outcome) -> &'static str {
    outcome.words()
}
pub fn customer_last(name: &str, say: &str) -> String {
    format!("{name}: {say}")
}
pub const SCORES_TITLE: &str = "Scores";
pub const ENDING_TITLE: &str = "How it ended";
pub const OVERALL: &str = "Overall";
pub const NOT_ASSESSED: &str = "not assessed";
pub fn pass_mark_legend(pass_mark: i64) -> String {
    format!("| marks the pass mark, {pass_mark}%")
}
/// The chart's axes are named here, not on the chart, where they ran into the line.
pub const MOOD_TITLE: &str = "Mood (-100 to 100) after each decision";
pub const CHART_START: &str = "start";
pub fn mood_summary(start: i64, end: i64) -> String {
    format!(
        "Started {} ({start}), ended {} ({end}).",
        MoodBand::of(start),
        MoodBand::of(end)
    )
}
pub const PATH_TITLE: &str = "Your path and the best path";
/// A decision, named by the start of what the customer said there (never a step id).
pub fn path_step(asked: &str) -> String {
    format!("After \"{asked}\"")
}
/// What a decision cost, and how it went: "cost nothing, hesitated".
pub fn path_notes(notes: &[String]) -> String {
    let mut text = notes.join(", ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}
pub const PATH_YOU: &str = "You:  ";
pub const PATH_BEST: &str = "Best: ";
pub const PATH_SAME: &str = "Best: the same choice.";
/// Beside a decision at a step the best path never comes to.
pub const PATH_NOT_ON_BEST: &str = "the best path never comes to this step.";
pub fn cost(points: f64) -> String {
    if points <= 0.05 {
        "cost nothing".to_owned()
    } else {
        format!("cost {points:.1} points of the overall")
    }
}
pub fn dimension_cost(name: &str, earned: i64, best: i64) -> String {
    format!("{name} {} of {}", signed(earned), signed(best))
}
pub const PATH_HESITATED: &str = "ran out of time: mood -10";
/// A decision that cost no points but ran out of time (which cost mood).
pub const COST_NO_POINTS: &str = "cost no points";
pub fn no_tips_but_late(late: usize) -> String {
    format!(
        "No choice cost you points, but running out of time did cost the customer's mood: -10 at {late} decision{}. Answer within the countdown.",
        if late == 1 { "" } else { "s" }
    )
}
pub const PATH_ESCALATED: &str = "escalated";
/// A step of the best path the run never reached: `n` is its place on the best path.
pub fn best_extra(n: usize, asked: &str) -> String {
    format!("Only the best path hears \"{asked}\" (its decision {n})")
}
pub fn best_summary(overall: &str, outcome: Outcome) -> String {
    format!(
        "The best path scores {overall} and ends {}.",
        outcome_words(outcome)
    )
}
pub fn gap(points: f64) -> String {
    if points > 0.05 {
        format!("You were {points:.1} points below it.")
    } else {
        "You matched it.".to_owned()
    }
}
pub const NO_BEST_PATH: &str = "No path through this scenario reaches an ending.";
pub const TIPS_TITLE: &str = "Tips";
pub const NO_TIPS: &str = "No tips: no decision cost you anything.";
pub fn tip(asked: &str, points: f64) -> String {
    format!("After \"{asked}\" ({points:.1} points):")
}

// ---- punctuation around file text ------------------------------------------------------

/// "Dana Whitfield: " before what someone says (or a label before its text).
pub fn speaker(name: &str) -> String {
    format!("{name}: ")
}
pub fn quoted(said: &str) -> String {
    format!("\"{said}\"")
}
pub fn notes(notes: &[String]) -> String {
    format!(": {}", notes.join(", "))
}
pub fn with_help(message: &str, help: &str) -> String {
    format!("{message} ({help})")
}
pub fn briefing_header(title: &str) -> String {
    format!("{}{SEP}{title}", BRIEFING_TITLE.trim())
}
pub fn trainee_and_mode(name: &str, mode: Mode) -> String {
    format!("{}{SEP}{}", brief_trainee(name), mode_short(mode))
}
/// A table cell with nothing to show.
pub const EMPTY_CELL: &str = "-";
/// Ends text cut to fit.
pub const ELLIPSIS: &str = "…";

// ---- numbers ---------------------------------------------------------------------------

pub fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// A percent as the record rounds it, or "not assessed".
pub fn percent(p: Option<f64>) -> String {
    p.map_or_else(
        || NOT_ASSESSED.to_owned(),
        |p| format!("{:.1}%", crate::domain::session::round1(p)),
    )
}

// ---- live preview (--watch) ------------------------------------------------------------

pub const WATCH_BROKEN_TITLE: &str = " The file has errors: fix them and save to reload ";
pub fn watch_broken_header(path: &str, errors: usize) -> String {
    format!(
        "{path}: {errors} error{} (the preview resumes on the next save that fixes them)",
        if errors == 1 { "" } else { "s" }
    )
}
pub const WATCH_BROKEN_FOOTER: &str = "Save the file to reload · q quit";
pub fn watch_unreadable(path: &str, error: &str) -> String {
    format!("cannot read {path}: {error}")
}
/// The title of the findings below a run whose file was saved with errors.
pub const WATCH_ERRORS_TITLE: &str =
    " Saved with errors: the run goes on with the last version that loaded ";
/// After a reload whose replay gave every answer again (`answers` of them).
pub fn watch_replayed(answers: usize) -> String {
    match answers {
        0 => "Reloaded.".to_owned(),
        1 => "Reloaded: your answer was given again.".to_owned(),
        n => format!("Reloaded: your {n} answers were given again."),
    }
}
/// After a reload whose replay stopped: `kept` of `of` answers stand.
pub fn watch_stopped(kept: usize, of: usize) -> String {
    format!("Reloaded: {kept} of {of} answers kept.")
}
/// By the choices, after a reload whose replay stopped at this decision: why.
pub fn watch_stopped_here(why: &str) -> String {
    format!("The replay of your answers stopped here: {why}. Answer again from here.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ending_is_named_by_its_outcome_never_its_id() {
        assert_eq!(ending_line(Outcome::Resolved), "Ending: resolved");
        assert_eq!(ending_line(Outcome::Partial), "Ending: partly resolved");
        assert_eq!(ending_line(Outcome::Lost), "Ending: customer lost");
    }

    #[test]
    fn a_moved_dimension_says_the_choices_mark_and_what_moved_it() {
        assert_eq!(
            moved(0, 3, 1),
            "the choice's +0, moved +1 by your reply's own +3"
        );
        assert_eq!(
            moved(2, -2, 1),
            "the choice's +2, moved -1 by your reply's own -2"
        );
    }
}
