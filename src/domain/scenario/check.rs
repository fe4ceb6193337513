//! The rules a loader enforces: a file that breaks one is refused (errors).
//! Every rule is checked, so a trainer sees all of them in one run.

use super::model::{Condition, Next, Say, Scenario, Step};
use crate::domain::finding::{Finding, LineIndex, did_you_mean, line_column};
use crate::domain::limits;
use crate::domain::rubric::{Rubric, pattern_finding};
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

/// Unknown step or ending names that get a "did you mean" (each is compared with every id).
const SUGGESTED_TARGETS: usize = 100;

pub const SCORE_RANGE: std::ops::RangeInclusive<i64> = -3..=3;
pub const START_MOOD_RANGE: std::ops::RangeInclusive<i64> = -100..=100;
pub const MOOD_CHANGE_RANGE: std::ops::RangeInclusive<i64> = -200..=200;
pub const DIFFICULTY_RANGE: std::ops::RangeInclusive<i64> = 1..=5;

/// The id rule as the messages state it.
pub const ID_RULE: &str =
    "ids use lowercase letters, digits and '-' only, and start and end with a letter or digit";

/// Ids are lowercase ASCII letters, digits and '-', and start and end with a letter or a
/// digit: an id is typed on command lines, where `-lead` or `--` would read as a flag.
pub fn is_valid_id(id: &str) -> bool {
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    edge(id.as_bytes().first())
        && edge(id.as_bytes().last())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// All loader errors of a parsed scenario, in file order.
pub fn check(scenario: &Scenario, text: &str, rubric: &Rubric) -> Vec<Finding> {
    let mut out = Vec::new();
    let meta = &scenario.scenario;

    if *scenario.format.get_ref() != 1 {
        out.push(
            Finding::error(
                "format-version",
                format!("format {} is not supported", scenario.format.get_ref()),
            )
            .at(scenario.format.span())
            .help("this version of frontline reads `format = 1`"),
        );
    }
    id_rule(&meta.id, "scenario", &mut out);
    range_rule(
        &meta.difficulty,
        DIFFICULTY_RANGE,
        "difficulty-range",
        "difficulty",
        &mut out,
    );
    if let Some(minutes) = &meta.minutes {
        range_rule(minutes, 1..=240, "minutes-range", "minutes", &mut out);
    }
    if let Some(pass) = &meta.pass_mark {
        range_rule(pass, 0..=100, "pass-mark-range", "pass_mark", &mut out);
    }
    for (key, weight) in &meta.weights {
        dimension_rule(key, rubric, &mut out);
        let w = *weight.get_ref();
        if !(w.is_finite() && w > 0.0) {
            out.push(
                Finding::error(
                    "weight-range",
                    format!("weight {w} is not a positive number"),
                )
                .at(weight.span())
                .help("weights are positive numbers; 1.0 is the default"),
            );
        }
    }
    nonempty_text(&meta.title, "title", &mut out);

    let customer = &scenario.customer;
    match (&customer.name, &customer.names) {
        (Some(name), Some(_)) => out.push(
            Finding::error("customer-name", "`name` and `names` are both given")
                .at(name.span())
                .help("keep `name` for one customer, or `names = [...]` to draw one per run"),
        ),
        (None, None) => out.push(
            Finding::error("customer-name", "the customer has no `name` or `names`")
                .at(table_span(text, "[customer]"))
                .help("add `name = \"...\"` or `names = [\"...\", \"...\"]`"),
        ),
        (Some(name), None) => nonempty_text(name, "name", &mut out),
        (None, Some(names)) => {
            let blank = |t: Option<&str>| t.is_some_and(|t| t.trim().is_empty());
            if names.get_ref().is_empty()
                || names
                    .get_ref()
                    .iter()
                    .any(|n| blank(Some(n.name())) || blank(n.address()))
            {
                out.push(
                    Finding::error("empty-text", "`names` is empty or has an empty name")
                        .at(names.span())
                        .help("give at least one name"),
                );
            }
        }
    }
    if let Some(address) = &customer.address {
        nonempty_text(address, "address", &mut out);
        if customer.names.is_some() {
            out.push(
                Finding::error("customer-name", "`address` goes with `name`, not `names`")
                    .at(address.span())
                    .help("with a pool, give each its address: names = [{ name = \"Priya Raman\", address = \"Ms Raman\" }, \"Tom Becker\"]"),
            );
        }
    }
    if let Some(mood) = &customer.mood {
        range_rule(
            mood,
            START_MOOD_RANGE,
            "mood-range",
            "starting mood",
            &mut out,
        );
    }

    if scenario.steps.is_empty() {
        out.push(
            Finding::error("no-steps", "the scenario has no `[[step]]`")
                .help("add at least one `[[step]]` with an id, a `say` and choices"),
        );
    }
    if scenario.endings.is_empty() {
        out.push(
            Finding::error("no-endings", "the scenario has no `[[ending]]`")
                .help("add at least one `[[ending]]` with an id, an outcome and a `say`"),
        );
    }

    // Ids: valid and unique across steps and endings.
    let mut seen: HashMap<&str, Range<usize>> = HashMap::new();
    // Indexed once, at the first duplicate: a line per duplicate counted from the top of
    // the file made thousands of duplicates quadratic.
    let lines = std::cell::OnceCell::new();
    let ids = scenario
        .steps
        .iter()
        .map(|s| &s.id)
        .chain(scenario.endings.iter().map(|e| &e.id));
    for id in ids {
        id_rule(id, "step or ending", &mut out);
        if let Some(first) = seen.get(id.get_ref().as_str()) {
            let (line, _) = lines
                .get_or_init(|| LineIndex::new(text))
                .line_column(text, first.start);
            out.push(
                Finding::error(
                    "duplicate-id",
                    format!("`{}` is defined twice", id.get_ref()),
                )
                .at(id.span())
                .help(format!(
                    "the first is on line {line}; ids of steps and endings must be unique"
                )),
            );
        } else {
            seen.insert(id.get_ref(), id.span());
        }
    }
    let known: Vec<&str> = seen.keys().copied().collect();
    // An invalid id as it would be once fixed (`Ask_Name` -> `ask-name`): a `next` that
    // already names the fixed form is a knock-on of the bad id, not a second mistake, and
    // is shown on the bad id's finding instead.
    let fixed: HashMap<String, &str> = seen
        .keys()
        .filter(|id| !is_valid_id(id))
        .map(|id| (fixed_id(id), *id))
        .collect();
    let knock_ons: std::cell::RefCell<Vec<(&str, Range<usize>)>> = Default::default();
    // A suggestion compares the name with every id: in a file with thousands of unknown
    // names only the first ones get one, so checking stays linear in the file.
    let suggested = std::cell::Cell::new(0);
    let target_id_rule = |target: &str, span: Range<usize>, what: &str, out: &mut Vec<Finding>| {
        if let Some(cause) = fixed.get(target).filter(|_| !seen.contains_key(target)) {
            knock_ons.borrow_mut().push((cause, span));
        } else if !seen.contains_key(target) {
            suggested.set(suggested.get() + 1);
            let suggestion = if suggested.get() <= SUGGESTED_TARGETS {
                did_you_mean(target, known.iter().copied())
            } else {
                None
            };
            let help = match suggestion {
                Some(c) => format!("did you mean `{c}`?"),
                None => "name the id of a `[[step]]` or an `[[ending]]` in this file".to_owned(),
            };
            out.push(
                Finding::error(
                    "unknown-target",
                    format!("{what} `{target}` names no step or ending"),
                )
                .at(span)
                .help(help),
            );
        }
    };
    let target_rule = |target: &Spanned<String>, what: &str, out: &mut Vec<Finding>| {
        target_id_rule(target.get_ref(), target.span(), what, out)
    };
    target_rule(&meta.start, "start", &mut out);

    for step in &scenario.steps {
        say_rule(&step.say, &mut out);
        let speakers = step
            .speaker
            .iter()
            .chain(step.lines.iter().flat_map(|l| &l.speaker));
        for speaker in speakers {
            nonempty_text(speaker, "speaker", &mut out);
        }
        for line in &step.lines {
            condition_rule(&line.when(), &mut out);
            say_rule(&line.say, &mut out);
            if let Some(n) = &line.narration {
                nonempty_text(n, "narration", &mut out);
            }
        }
        if let Some(limit) = &step.time_limit {
            range_rule(
                limit,
                1..=3600,
                "time-limit-range",
                "time_limit (seconds)",
                &mut out,
            );
        }
        match (&step.escalate_below, &step.escalate_to) {
            (Some(below), Some(to)) => {
                range_rule(
                    below,
                    START_MOOD_RANGE,
                    "mood-range",
                    "escalate_below",
                    &mut out,
                );
                target_rule(to, "escalate_to", &mut out);
            }
            (Some(below), None) => out.push(
                Finding::error("escalation-half", "`escalate_below` without `escalate_to`")
                    .at(below.span())
                    .help("add `escalate_to = \"<step or ending id>\"`, or remove this line"),
            ),
            (None, Some(to)) => out.push(
                Finding::error("escalation-half", "`escalate_to` without `escalate_below`")
                    .at(to.span())
                    .help("add `escalate_below = <mood>`, or remove this line"),
            ),
            (None, None) => {}
        }
        if step.choices.is_empty() {
            out.push(
                Finding::error(
                    "no-choices",
                    format!("step `{}` has no choice", step.id.get_ref()),
                )
                .at(step.id.span())
                .help("add a `[[step.choice]]`, or make this an `[[ending]]`"),
            );
        }
        for choice in &step.choices {
            nonempty_text(&choice.say, "say", &mut out);
            if let Some(flag) = choice
                .unless
                .iter()
                .find(|u| choice.requires.iter().any(|r| r.get_ref() == u.get_ref()))
            {
                out.push(
                    Finding::error(
                        "choice-never-shown",
                        format!(
                            "the choice needs the flag `{}` and is hidden by it: it is never shown",
                            flag.get_ref()
                        ),
                    )
                    .at(flag.span())
                    .help("a flag in `requires` must be set and one in `unless` must not: keep it in one of the two"),
                );
            }
            match choice.next.get_ref() {
                Next::To(id) => target_id_rule(id, choice.next.span(), "next", &mut out),
                Next::Routes(routes) => {
                    for route in routes {
                        condition_rule(&route.when(), &mut out);
                        target_rule(&route.to, "next", &mut out);
                    }
                    routes_rule(routes, choice.next.span(), &mut out);
                }
            }
            if let Some(why) = &choice.critical {
                nonempty_text(why, "critical", &mut out);
            }
            if let Some(mood) = &choice.mood {
                range_rule(
                    mood,
                    MOOD_CHANGE_RANGE,
                    "mood-range",
                    "mood change",
                    &mut out,
                );
            }
            for (dimension, score) in &choice.score {
                dimension_rule(dimension, rubric, &mut out);
                range_rule(score, SCORE_RANGE, "score-range", "score", &mut out);
            }
        }
        key_point_rules(step, text, &mut out);
    }
    for ending in &scenario.endings {
        say_rule(&ending.say, &mut out);
        for note in &ending.notes {
            condition_rule(&note.when(), &mut out);
            nonempty_text(&note.text, "text", &mut out);
        }
    }

    for (cause, span) in knock_ons.into_inner() {
        let message = format!("`{cause}` is not a valid step or ending id");
        if let Some(f) = out
            .iter_mut()
            .find(|f| f.code == "bad-id" && f.message == message)
        {
            f.related
                .push((span, "named here as it will be once fixed".to_owned()));
        }
    }
    text_rules(scenario, text, &mut out);
    out.sort_by_key(|f| f.span.as_ref().map_or(0, |s| s.start));
    out
}

/// A step's `[[step.point]]`s and the `points` its choices name (format addition G).
fn key_point_rules(step: &Step, text: &str, out: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, Range<usize>> = HashMap::new();
    for point in &step.points {
        id_rule(&point.id, "key point", out);
        if let Some(first) = seen.get(point.id.get_ref().as_str()) {
            let (line, _) = line_column(text, first.start);
            out.push(
                Finding::error(
                    "duplicate-id",
                    format!(
                        "key point `{}` is defined twice in step `{}`",
                        point.id.get_ref(),
                        step.id.get_ref()
                    ),
                )
                .at(point.id.span())
                .help(format!(
                    "the first is on line {line}; a step's key points need distinct ids"
                )),
            );
        } else {
            seen.insert(point.id.get_ref(), point.id.span());
        }
        nonempty_text(&point.about, "about", out);
        if point.patterns.is_empty() {
            out.push(
                Finding::error(
                    "no-patterns",
                    format!("key point `{}` has no `match` wordings", point.id.get_ref()),
                )
                .at(point.id.span())
                .help("add `match = ['...']`: regular expressions, each a wording that makes the point"),
            );
        }
        for pattern in &point.patterns {
            if let Some(f) = pattern_finding(pattern, Some(text)) {
                out.push(f);
            }
        }
        if let Some(critical) = &point.critical {
            if !point.is_avoid() {
                out.push(
                    Finding::error(
                        "critical-not-avoid",
                        format!(
                            "key point `{}` is `critical` but not `avoid = true`",
                            point.id.get_ref()
                        ),
                    )
                    .at(critical.span())
                    .help("only a thing a reply must not say can be critical: add `avoid = true`, or remove `critical`"),
                );
            }
            nonempty_text(critical, "critical", out);
        }
    }
    let known: Vec<&str> = step
        .points
        .iter()
        .map(|p| p.id.get_ref().as_str())
        .collect();
    for choice in &step.choices {
        for name in &choice.points {
            if !known.contains(&name.get_ref().as_str()) {
                let help = match did_you_mean(name.get_ref(), known.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None if known.is_empty() => {
                        "this step has no `[[step.point]]`; add one with this id, or remove it from `points`".to_owned()
                    }
                    None => format!("name one of this step's key points: {}", known.join(", ")),
                };
                out.push(
                    Finding::error(
                        "unknown-point",
                        format!(
                            "step `{}` has no key point `{}`",
                            step.id.get_ref(),
                            name.get_ref()
                        ),
                    )
                    .at(name.span())
                    .help(help),
                );
            }
        }
    }
}

/// An invalid id made valid the obvious way: `Ask_Name` -> `ask-name`.
fn fixed_id(id: &str) -> String {
    let fixed: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    fixed.trim_matches('-').to_owned()
}

fn id_rule(id: &Spanned<String>, what: &str, out: &mut Vec<Finding>) {
    let length = id.get_ref().chars().count();
    if length > limits::ID {
        out.push(
            Finding::error(
                "too-long",
                format!("a {what} id of {length} characters; at most {}", limits::ID),
            )
            .at(id.span())
            .help(format!("shorten it to {} characters or fewer: runs record it, and the progress store refuses longer ids when attempts are imported", limits::ID)),
        );
    } else if !is_valid_id(id.get_ref()) {
        let suggestion = fixed_id(id.get_ref());
        out.push(
            Finding::error(
                "bad-id",
                format!("`{}` is not a valid {what} id", id.get_ref()),
            )
            .at(id.span())
            .help(format!("{ID_RULE}, e.g. `{suggestion}`")),
        );
    }
}

fn range_rule(
    value: &Spanned<i64>,
    range: std::ops::RangeInclusive<i64>,
    code: &'static str,
    what: &str,
    out: &mut Vec<Finding>,
) {
    if !range.contains(value.get_ref()) {
        out.push(
            Finding::error(code, format!("{what} {} is out of range", value.get_ref()))
                .at(value.span())
                .help(format!(
                    "use a whole number from {} to {}",
                    range.start(),
                    range.end()
                )),
        );
    }
}

fn dimension_rule(key: &Spanned<String>, rubric: &Rubric, out: &mut Vec<Finding>) {
    if !rubric.has_dimension(key.get_ref()) {
        let dims: Vec<&str> = rubric.dimension_ids().collect();
        let help = match did_you_mean(key.get_ref(), dims.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("the rubric in force has: {}", dims.join(", ")),
        };
        out.push(
            Finding::error(
                "unknown-dimension",
                format!(
                    "`{}` is not a dimension of the rubric in force",
                    key.get_ref()
                ),
            )
            .at(key.span())
            .help(help),
        );
    }
}

/// A condition's moods are in range, and it can hold (`mood_at_least` below `mood_below`).
fn condition_rule(when: &Condition, out: &mut Vec<Finding>) {
    for (mood, what) in [
        (when.mood_below, "mood_below"),
        (when.mood_at_least, "mood_at_least"),
    ] {
        if let Some(mood) = mood {
            range_rule(mood, START_MOOD_RANGE, "mood-range", what, out);
        }
    }
    if let (Some(below), Some(least)) = (when.mood_below, when.mood_at_least)
        && least.get_ref() >= below.get_ref()
    {
        out.push(
            Finding::error(
                "condition-never-holds",
                format!(
                    "no mood is at least {} and below {}",
                    least.get_ref(),
                    below.get_ref()
                ),
            )
            .at(least.span())
            .help("`mood_at_least` must be lower than `mood_below` for the condition to hold"),
        );
    }
    for flag in when.flags {
        if when.unless.iter().any(|u| u.get_ref() == flag.get_ref()) {
            out.push(
                Finding::error(
                    "condition-never-holds",
                    format!(
                        "the flag `{}` is both required and excluded",
                        flag.get_ref()
                    ),
                )
                .at(flag.span())
                .help("keep it in `flags` or in `unless`, not both"),
            );
        }
    }
}

/// Routes are tried in order: the last must have no condition (so one always matches),
/// and only the last may have none (a route after it could never be taken).
fn routes_rule(routes: &[super::model::Route], span: Range<usize>, out: &mut Vec<Finding>) {
    let Some(last) = routes.last() else {
        out.push(
            Finding::error("route-fallback", "`next` is an empty list of routes")
                .at(span)
                .help("write `next = \"<id>\"`, or routes ending with one without a condition: `{ to = \"<id>\" }`"),
        );
        return;
    };
    if !last.when().is_empty() {
        out.push(
            Finding::error(
                "route-fallback",
                "the last route has a condition, so a run may match none",
            )
            .at(last.to.span())
            .help(format!(
                "end the list with a route without a condition, e.g. `{{ to = \"{}\" }}`",
                last.to.get_ref()
            )),
        );
    }
    for route in &routes[..routes.len() - 1] {
        if route.when().is_empty() {
            out.push(
                Finding::error(
                    "route-unreachable",
                    "this route has no condition, so the routes after it are never taken",
                )
                .at(route.to.span())
                .help("give it a condition (`mood_below`, `mood_at_least`, `flags`, `unless`), or move it last"),
            );
        }
    }
}

fn nonempty_text(text: &Spanned<String>, what: &str, out: &mut Vec<Finding>) {
    if text.get_ref().trim().is_empty() {
        out.push(
            Finding::error("empty-text", format!("`{what}` is empty"))
                .at(text.span())
                .help("write the text, or remove the key where it is optional"),
        );
    }
}

fn say_rule(say: &Spanned<Say>, out: &mut Vec<Finding>) {
    let variants = &say.get_ref().0;
    let message = if variants.is_empty() {
        "`say` has no variants"
    } else if variants.iter().any(|v| v.trim().is_empty()) {
        "`say` is empty (or has an empty variant)"
    } else {
        return;
    };
    out.push(
        Finding::error("empty-text", message)
            .at(say.span())
            .help("write what is said; a list gives variants, one drawn per run"),
    );
}

/// Every text of the file, checked two ways:
/// - it is shown in a terminal: an ESC or other control character in it could move the
///   cursor or change colours, so it is refused (tabs and newlines are fine);
/// - a run records it (a line, a choice's words, the customer's name) and the store
///   refuses to import an attempt holding more than [`limits`] allow, so a longer one is
///   refused here, where the trainer can shorten it.
fn text_rules(scenario: &Scenario, source: &str, out: &mut Vec<Finding>) {
    let meta = &scenario.scenario;
    let c = &scenario.customer;
    let mut spanned: Vec<&Spanned<String>> = vec![&meta.title];
    spanned.extend(meta.summary.iter().chain(&meta.author).chain(&meta.tags));
    spanned.extend(&c.persona);
    let mut names: Vec<&Spanned<String>> = c.name.iter().chain(&c.address).collect();
    for s in &scenario.steps {
        spanned.extend(&s.narration);
        spanned.extend(s.lines.iter().flat_map(|l| &l.narration));
        spanned.extend(
            s.speaker
                .iter()
                .chain(s.lines.iter().flat_map(|l| &l.speaker)),
        );
        spanned.extend(s.lines.iter().flat_map(|l| l.when().flag_names()));
        for ch in &s.choices {
            spanned.push(&ch.say);
            spanned.extend(
                ch.feedback
                    .iter()
                    .chain(&ch.match_words)
                    .chain(&ch.tactics)
                    .chain(&ch.critical),
            );
            // Flags are shown too (`graph`, the debrief's hints).
            spanned.extend(ch.requires.iter().chain(&ch.unless).chain(&ch.sets));
            for route in ch.next.get_ref().routes() {
                spanned.extend(route.when().flag_names());
            }
        }
        for p in &s.points {
            spanned.push(&p.about);
            spanned.extend(&p.critical);
        }
    }
    spanned.extend(scenario.endings.iter().flat_map(|e| &e.debrief));
    for note in scenario.endings.iter().flat_map(|e| &e.notes) {
        spanned.push(&note.text);
        spanned.extend(note.when().flag_names());
    }
    let mut texts: Vec<(&str, Range<usize>, usize)> = spanned
        .into_iter()
        .map(|t| (t.get_ref().as_str(), t.span(), limits::TEXT))
        .collect();
    texts.extend(
        names
            .drain(..)
            .map(|t| (t.get_ref().as_str(), t.span(), limits::NAME)),
    );
    let name_lists: Vec<(Vec<String>, Range<usize>)> = c
        .names
        .iter()
        .map(|n| {
            let texts = n
                .get_ref()
                .iter()
                .flat_map(|e| std::iter::once(e.name()).chain(e.address()))
                .map(str::to_owned)
                .collect();
            (texts, n.span())
        })
        .collect();
    for (list, span) in &name_lists {
        for v in list {
            texts.push((v, span.clone(), limits::NAME));
        }
    }
    let lists = scenario
        .steps
        .iter()
        .flat_map(|s| &s.lines)
        .map(|l| (&l.say.get_ref().0, l.say.span()))
        .chain(
            scenario
                .steps
                .iter()
                .map(|s| (&s.say.get_ref().0, s.say.span())),
        )
        .chain(
            scenario
                .endings
                .iter()
                .map(|e| (&e.say.get_ref().0, e.say.span())),
        );
    for (list, span) in lists {
        for v in list {
            texts.push((v, span.clone(), limits::TEXT));
        }
    }
    for (text, span, most) in texts {
        let length = text.chars().count();
        if length > most {
            let what = if most == limits::NAME {
                "a name"
            } else {
                "a text"
            };
            out.push(
                Finding::error(
                    "too-long",
                    format!("{what} of {length} characters; at most {most}"),
                )
                .at(span.clone())
                .help(format!("shorten it to {most} characters or fewer: a run records it, and the progress store refuses longer ones when attempts are imported")),
            );
        }
        if let Some(bad) = text
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        {
            // `"C:\bin"`: an escape the trainer meant as a backslash and a letter.
            let escape = match bad {
                '\u{8}' => Some("\\b"),
                '\u{c}' => Some("\\f"),
                '\r' => Some("\\r"),
                '\u{1b}' => Some("\\e"),
                _ => None,
            };
            let raw = source.get(span.clone()).unwrap_or("");
            let help = match escape.filter(|e| raw.starts_with('"') && raw.contains(e)) {
                Some(e) => format!("in \"...\" a backslash starts an escape, and `{e}` is a control character: for a backslash and a letter (a path such as C:{e}in), write the string in single quotes, which keep backslashes as they are"),
                None => "remove it: terminal escapes and control characters are not allowed in scenario text".to_owned(),
            };
            out.push(
                Finding::error(
                    "control-character",
                    format!(
                        "the text contains the control character U+{:04X}",
                        bad as u32
                    ),
                )
                .at(span)
                .help(help),
            );
        }
    }
}

/// The span of a table header, for findings about a whole table.
fn table_span(text: &str, header: &str) -> Range<usize> {
    text.find(header).map_or(0..0, |i| i..i + header.len())
}
