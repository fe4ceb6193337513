//! What changed between two versions of a scenario, by id: the scenario's settings, steps
//! and endings added, removed or changed, each step's choices, and the flags set. A
//! choice has no id, so it is matched by what it says, then (for a reworded one) by its
//! place among its step's choices.

use crate::domain::scenario::{Choice, Ending, Scenario, Step};
use std::collections::BTreeSet;
use std::fmt::Write;

/// One difference, in words: `+` added, `-` removed, `~` changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: char,
    /// What: "step `opening`", "choice 2 at `opening`", "flag `asked-hold`".
    pub what: String,
    /// How it changed, for `~`: "mood -10 -> 5; next `a` -> `b`".
    pub detail: String,
}

/// Every difference from `old` to `new`, in the order: settings, steps (with their
/// choices), endings, flags.
pub fn diff(old: &Scenario, new: &Scenario) -> Vec<Change> {
    let mut out = Vec::new();
    let mut details = Vec::new();
    let m = (&old.scenario, &new.scenario);
    field(&mut details, "id", old.id(), new.id());
    field(&mut details, "title", old.title(), new.title());
    field(
        &mut details,
        "start",
        m.0.start.get_ref(),
        m.1.start.get_ref(),
    );
    field(
        &mut details,
        "pass_mark",
        &m.0.pass_mark().to_string(),
        &m.1.pass_mark().to_string(),
    );
    field(
        &mut details,
        "difficulty",
        &m.0.difficulty.get_ref().to_string(),
        &m.1.difficulty.get_ref().to_string(),
    );
    field(
        &mut details,
        "channel",
        m.0.channel.get_ref().as_str(),
        m.1.channel.get_ref().as_str(),
    );
    field(
        &mut details,
        "customer mood",
        &old.customer.start_mood().to_string(),
        &new.customer.start_mood().to_string(),
    );
    field(
        &mut details,
        "customer",
        &old.customer.name_pool().join(", "),
        &new.customer.name_pool().join(", "),
    );
    if !details.is_empty() {
        out.push(change('~', "scenario".to_owned(), details));
    }

    for step in &old.steps {
        if new.step(step.id.get_ref()).is_none() {
            out.push(change(
                '-',
                format!("step `{}`", step.id.get_ref()),
                Vec::new(),
            ));
        }
    }
    for step in &new.steps {
        match old.step(step.id.get_ref()) {
            None => out.push(change(
                '+',
                format!("step `{}`", step.id.get_ref()),
                Vec::new(),
            )),
            Some(before) => step_diff(before, step, &mut out),
        }
    }
    for ending in &old.endings {
        if new.ending(ending.id.get_ref()).is_none() {
            out.push(change(
                '-',
                format!("ending `{}`", ending.id.get_ref()),
                Vec::new(),
            ));
        }
    }
    for ending in &new.endings {
        match old.ending(ending.id.get_ref()) {
            None => out.push(change(
                '+',
                format!("ending `{}`", ending.id.get_ref()),
                Vec::new(),
            )),
            Some(before) => ending_diff(before, ending, &mut out),
        }
    }
    let (was, now) = (flags(old), flags(new));
    for f in was.difference(&now) {
        out.push(change('-', format!("flag `{f}`"), Vec::new()));
    }
    for f in now.difference(&was) {
        out.push(change('+', format!("flag `{f}`"), Vec::new()));
    }
    out
}

fn change(kind: char, what: String, details: Vec<String>) -> Change {
    Change {
        kind,
        what,
        detail: details.join("; "),
    }
}

fn field(out: &mut Vec<String>, name: &str, old: &str, new: &str) {
    if old != new {
        out.push(format!("{name} {} -> {}", shown(old), shown(new)));
    }
}

/// A value as a difference shows it: short, quoted when it is text.
fn shown(value: &str) -> String {
    if value.is_empty() {
        return "(none)".to_owned();
    }
    if value.parse::<f64>().is_ok() {
        return value.to_owned();
    }
    let short: String = value.chars().take(50).collect();
    if short.len() < value.len() {
        format!("\"{short}...\"")
    } else {
        format!("\"{short}\"")
    }
}

fn flags(s: &Scenario) -> BTreeSet<String> {
    s.steps
        .iter()
        .flat_map(|st| &st.choices)
        .flat_map(|c| &c.sets)
        .map(|f| f.get_ref().clone())
        .collect()
}

fn list(items: &[toml::Spanned<String>]) -> String {
    items
        .iter()
        .map(|i| i.get_ref().as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn step_diff(old: &Step, new: &Step, out: &mut Vec<Change>) {
    let id = new.id.get_ref();
    let mut details = Vec::new();
    field(
        &mut details,
        "say",
        &old.say.get_ref().0.join(" | "),
        &new.say.get_ref().0.join(" | "),
    );
    let text = |t: &Option<toml::Spanned<String>>| {
        t.as_ref().map_or(String::new(), |t| t.get_ref().clone())
    };
    field(
        &mut details,
        "narration",
        &text(&old.narration),
        &text(&new.narration),
    );
    field(
        &mut details,
        "speaker",
        &text(&old.speaker),
        &text(&new.speaker),
    );
    let escalation = |s: &Step| {
        s.escalation()
            .map_or(String::new(), |(b, to)| format!("mood < {b} -> `{to}`"))
    };
    field(
        &mut details,
        "escalation",
        &escalation(old),
        &escalation(new),
    );
    let limit = |s: &Step| {
        s.time_limit
            .as_ref()
            .map_or(String::new(), |t| t.get_ref().to_string())
    };
    field(&mut details, "time_limit", &limit(old), &limit(new));
    if old.lines.len() != new.lines.len() {
        details.push(format!("lines {} -> {}", old.lines.len(), new.lines.len()));
    }
    if !details.is_empty() {
        out.push(change('~', format!("step `{id}`"), details));
    }

    let pairs: Vec<(Option<usize>, usize)> = matched_choices(old, new)
        .into_iter()
        .enumerate()
        .map(|(j, i)| (i, j))
        .collect();
    let mut matched_old = vec![false; old.choices.len()];
    for i in pairs.iter().filter_map(|p| p.0) {
        matched_old[i] = true;
    }
    for (i, o) in old.choices.iter().enumerate() {
        if !matched_old[i] {
            out.push(change(
                '-',
                format!("choice {} at `{id}`: {}", i + 1, shown(o.say.get_ref())),
                Vec::new(),
            ));
        }
    }
    for (i, j) in pairs {
        let c = &new.choices[j];
        match i {
            None => out.push(change(
                '+',
                format!("choice {} at `{id}`: {}", j + 1, shown(c.say.get_ref())),
                Vec::new(),
            )),
            Some(i) => {
                let details = choice_diff(&old.choices[i], c, i, j);
                if !details.is_empty() {
                    out.push(change(
                        '~',
                        format!("choice {} at `{id}`: {}", j + 1, shown(c.say.get_ref())),
                        details,
                    ));
                }
            }
        }
    }
}

/// For each choice of `new` (in its order), the choice of `old` it is the same as: first
/// those that say the same, then (a reworded one) the rest by their place. A choice is
/// matched at most once; `None`: the choice is new.
pub fn matched_choices(old: &Step, new: &Step) -> Vec<Option<usize>> {
    let mut matched_old = vec![false; old.choices.len()];
    let mut pairs: Vec<Option<usize>> = Vec::new();
    for c in &new.choices {
        let same = old
            .choices
            .iter()
            .enumerate()
            .position(|(i, o)| !matched_old[i] && o.say.get_ref() == c.say.get_ref());
        if let Some(i) = same {
            matched_old[i] = true;
        }
        pairs.push(same);
    }
    for (j, pair) in pairs.iter_mut().enumerate() {
        if pair.is_none() && j < old.choices.len() && !matched_old[j] {
            matched_old[j] = true;
            *pair = Some(j);
        }
    }
    pairs
}

fn choice_diff(old: &Choice, new: &Choice, i: usize, j: usize) -> Vec<String> {
    let mut d = Vec::new();
    if i != j {
        d.push(format!("moved from choice {}", i + 1));
    }
    field(&mut d, "say", old.say.get_ref(), new.say.get_ref());
    field(
        &mut d,
        "next",
        &old.next.get_ref().to_string(),
        &new.next.get_ref().to_string(),
    );
    if old.mood_change() != new.mood_change() {
        d.push(format!(
            "mood {:+} -> {:+}",
            old.mood_change(),
            new.mood_change()
        ));
    }
    let dims: BTreeSet<&str> = old
        .score
        .keys()
        .chain(new.score.keys())
        .map(|k| k.get_ref().as_str())
        .collect();
    for dim in dims {
        if old.score(dim) != new.score(dim) {
            d.push(format!(
                "score {dim} {} -> {}",
                old.score(dim),
                new.score(dim)
            ));
        }
    }
    field(&mut d, "sets", &list(&old.sets), &list(&new.sets));
    field(
        &mut d,
        "requires",
        &list(&old.requires),
        &list(&new.requires),
    );
    field(&mut d, "unless", &list(&old.unless), &list(&new.unless));
    field(
        &mut d,
        "critical",
        old.critical().unwrap_or(""),
        new.critical().unwrap_or(""),
    );
    let feedback = |c: &Choice| {
        c.feedback
            .as_ref()
            .map_or(String::new(), |f| f.get_ref().clone())
    };
    field(&mut d, "feedback", &feedback(old), &feedback(new));
    d
}

fn ending_diff(old: &Ending, new: &Ending, out: &mut Vec<Change>) {
    let mut d = Vec::new();
    field(
        &mut d,
        "outcome",
        old.outcome.get_ref().as_str(),
        new.outcome.get_ref().as_str(),
    );
    field(
        &mut d,
        "pass",
        &old.counts_as_pass().to_string(),
        &new.counts_as_pass().to_string(),
    );
    field(
        &mut d,
        "say",
        &old.say.get_ref().0.join(" | "),
        &new.say.get_ref().0.join(" | "),
    );
    field(&mut d, "debrief", old.debrief(), new.debrief());
    if old.notes.len() != new.notes.len() {
        d.push(format!("notes {} -> {}", old.notes.len(), new.notes.len()));
    }
    if !d.is_empty() {
        out.push(change('~', format!("ending `{}`", new.id.get_ref()), d));
    }
}

/// The differences as lines of text; "no differences" when there are none.
pub fn render(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no differences\n".to_owned();
    }
    let mut s = String::new();
    for c in changes {
        if c.detail.is_empty() {
            let _ = writeln!(s, "{} {}", c.kind, c.what);
        } else {
            let _ = writeln!(s, "{} {}: {}", c.kind, c.what, c.detail);
        }
    }
    let count = |k: char| changes.iter().filter(|c| c.kind == k).count();
    let _ = writeln!(
        s,
        "\n{} added, {} removed, {} changed",
        count('+'),
        count('-'),
        count('~')
    );
    s
}
