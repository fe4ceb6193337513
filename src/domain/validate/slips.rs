//! Slips a file still plays with, which a trainee would notice: a misspelt placeholder
//! shown raw (`{Customer}`), a flag set that nothing reads, a loop a player can go round
//! for ever although it has a way out, and a backslash in a "..." string that turned a
//! path (`"C:\new"`) into a line break. Each is a warning.

use crate::domain::finding::{Finding, did_you_mean};
use crate::domain::scenario::{Next, Scenario};
use std::collections::HashSet;
use std::ops::Range;
use toml::Spanned;

/// The placeholders a run fills in (`session::draw::fill`).
pub const PLACEHOLDERS: [&str; 3] = ["customer", "customer_full", "trainee"];

pub fn slips(scenario: &Scenario, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let texts = shown_texts(scenario);
    for (shown, span) in &texts {
        placeholders(shown, span.clone(), text, &mut out);
        escapes(shown, span.clone(), text, &mut out);
    }
    flags_never_read(scenario, &mut out);
    endless_loops(scenario, &mut out);
    out
}

/// Every text a trainee may see, with the span of the value it came from.
fn shown_texts(scenario: &Scenario) -> Vec<(&str, Range<usize>)> {
    let mut out: Vec<(&str, Range<usize>)> = Vec::new();
    let mut spanned: Vec<&Spanned<String>> = Vec::new();
    spanned.extend(&scenario.customer.persona);
    spanned.extend(&scenario.scenario.summary);
    for step in &scenario.steps {
        spanned.extend(&step.narration);
        spanned.extend(
            step.speaker
                .iter()
                .chain(step.lines.iter().flat_map(|l| &l.speaker)),
        );
        for say in std::iter::once(&step.say).chain(step.lines.iter().map(|l| &l.say)) {
            out.extend(say.get_ref().0.iter().map(|v| (v.as_str(), say.span())));
        }
        spanned.extend(step.lines.iter().flat_map(|l| &l.narration));
        for c in &step.choices {
            spanned.push(&c.say);
            spanned.extend(&c.feedback);
        }
    }
    for ending in &scenario.endings {
        let say = &ending.say;
        out.extend(say.get_ref().0.iter().map(|v| (v.as_str(), say.span())));
        spanned.extend(&ending.debrief);
        spanned.extend(ending.notes.iter().map(|n| &n.text));
    }
    out.extend(
        spanned
            .into_iter()
            .map(|t| (t.get_ref().as_str(), t.span())),
    );
    out
}

/// Where `needle` is written inside the value at `span`, else the whole value.
fn within(text: &str, span: &Range<usize>, needle: &str) -> Range<usize> {
    text.get(span.clone())
        .and_then(|raw| raw.find(needle))
        .map_or(span.clone(), |i| {
            span.start + i..span.start + i + needle.len()
        })
}

/// `{word}` where the word names no placeholder: shown to the trainee as it is.
fn placeholders(shown: &str, span: Range<usize>, text: &str, out: &mut Vec<Finding>) {
    let mut rest = shown;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let word = &after[..close];
        rest = &after[close..];
        let looks_like_one = !word.is_empty()
            && word.len() <= 40
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ' ');
        if !looks_like_one || PLACEHOLDERS.contains(&word) {
            continue;
        }
        let written = format!("{{{word}}}");
        let normal = word.to_lowercase().replace([' ', '-'], "_");
        let close_one = PLACEHOLDERS
            .iter()
            .copied()
            .find(|p| *p == normal)
            .or_else(|| did_you_mean(&normal, PLACEHOLDERS))
            .or_else(|| {
                // `{trainee_name}`, `{customer_name}`: the placeholder and a word more.
                PLACEHOLDERS.iter().copied().find(|p| normal.starts_with(p))
            });
        let help = match close_one {
            Some(p) => format!("did you mean `{{{p}}}`?"),
            None => "the placeholders are {customer}, {customer_full} and {trainee}; other text in braces is shown as written".to_owned(),
        };
        out.push(
            Finding::warning(
                "unknown-placeholder",
                format!("`{written}` is not a placeholder: a trainee sees it as written"),
            )
            .at(within(text, &span, &written))
            .help(help),
        );
    }
}

/// In a one-line "..." string, `\n` or `\t` inside a path (`"C:\new"`, `"X:\team\notes"`)
/// is a line break or a tab, not a backslash and a letter.
fn escapes(shown: &str, span: Range<usize>, text: &str, out: &mut Vec<Finding>) {
    let Some(raw) = text.get(span.clone()) else {
        return;
    };
    if !raw.starts_with('"') || raw.starts_with("\"\"\"") || !shown.contains(['\n', '\t']) {
        return;
    }
    for token in raw.split(' ') {
        let pathlike = token.contains(":\\") || token.matches('\\').count() >= 2;
        let escape = ["\\n", "\\t"].iter().find(|e| {
            token
                .match_indices(*e)
                .any(|(i, _)| i == 0 || !token[..i].ends_with('\\'))
        });
        if let (true, Some(escape)) = (pathlike, escape) {
            let at = span.start + (token.as_ptr() as usize - raw.as_ptr() as usize);
            let what = if *escape == "\\n" {
                "a line break"
            } else {
                "a tab"
            };
            let body = &raw[1..raw.len().saturating_sub(1)];
            let help = if body.contains('\'') {
                "write the string in single quotes, which keep a backslash as it is, or double each backslash: \\\\".to_owned()
            } else {
                format!("write it in single quotes, which keep a backslash as it is: '{body}'")
            };
            out.push(
                Finding::warning(
                    "escape-in-text",
                    format!("`{escape}` in \"...\" is {what}, not a backslash and a letter"),
                )
                .at(at..at + token.len())
                .help(help),
            );
            return;
        }
    }
}

/// A flag a choice sets that nothing reads (no `requires`, `unless` or condition) while
/// a flag of a name close to it is read: the set or the read is misspelt, and the branch
/// that reads it never opens. A flag set for the record with no such near miss is left
/// alone: the shipped scenarios set dozens that transcript tests check (`frontline test`).
fn flags_never_read(scenario: &Scenario, out: &mut Vec<Finding>) {
    let mut read: HashSet<&str> = HashSet::new();
    for step in &scenario.steps {
        for line in &step.lines {
            read.extend(line.when().flag_names().map(|f| f.get_ref().as_str()));
        }
        for c in &step.choices {
            read.extend(
                c.requires
                    .iter()
                    .chain(&c.unless)
                    .map(|f| f.get_ref().as_str()),
            );
            for route in c.next.get_ref().routes() {
                read.extend(route.when().flag_names().map(|f| f.get_ref().as_str()));
            }
        }
    }
    for ending in &scenario.endings {
        for note in &ending.notes {
            read.extend(note.when().flag_names().map(|f| f.get_ref().as_str()));
        }
    }
    let mut reported: HashSet<&str> = HashSet::new();
    for c in scenario.steps.iter().flat_map(|s| &s.choices) {
        for flag in &c.sets {
            let name = flag.get_ref().as_str();
            if read.contains(name) || !reported.insert(name) {
                continue;
            }
            // A slip of a letter or two, not a flag that shares a word (`pitched-freeze`,
            // `pitched`): edit distance, not similarity, which rewards a shared prefix.
            // One name inside the other is a pair on purpose (`verified`, `unverified`).
            let slip = |r: &&str| {
                let d = strsim::levenshtein(name, r);
                d > 0
                    && d <= if name.len() < 6 { 1 } else { 2 }
                    && !name.contains(r)
                    && !r.contains(name)
            };
            let Some(near) = read.iter().copied().find(slip) else {
                continue;
            };
            out.push(
                Finding::warning(
                    "flag-never-read",
                    format!("the flag `{name}` is set but nothing reads it; `{near}` is read"),
                )
                .at(flag.span())
                .help(format!(
                    "did you mean `{near}`? as written, what reads `{near}` never sees this choice"
                )),
            );
        }
    }
}

/// Steps a player can go round for ever, although the loop has a way out: every step of
/// it has a choice that is always shown (no `requires` or `unless`), leads back into the
/// loop by a plain `next`, and cannot end it by escalation (it does not lower the mood
/// at a step that escalates).
fn endless_loops(scenario: &Scenario, out: &mut Vec<Finding>) {
    let n = scenario.steps.len();
    let index: std::collections::HashMap<&str, usize> = scenario
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.get_ref().as_str(), i))
        .collect();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, step) in scenario.steps.iter().enumerate() {
        for c in &step.choices {
            let always = c.requires.is_empty() && c.unless.is_empty();
            let escalates = step.escalation().is_some() && c.mood_change() < 0;
            if let (true, false, Next::To(to)) = (always, escalates, c.next.get_ref())
                && let Some(&j) = index.get(to.as_str())
            {
                edges[i].push(j);
            }
        }
    }
    for component in components(&edges) {
        let looped = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if !looped {
            continue;
        }
        // A loop with no way out at all is `no-way-out`'s; this one is about a way out a
        // player never has to take.
        let members: HashSet<usize> = component.iter().copied().collect();
        let has_exit = component.iter().any(|&i| {
            let step = &scenario.steps[i];
            step.escalation().is_some()
                || step.choices.iter().any(|c| {
                    c.next
                        .get_ref()
                        .targets()
                        .iter()
                        .any(|t| index.get(t).is_none_or(|j| !members.contains(j)))
                })
        });
        if !has_exit {
            continue;
        }
        let first = *component.iter().min().expect("a component has a step");
        let ids: Vec<String> = {
            let mut c = component.clone();
            c.sort_unstable();
            c.iter()
                .map(|&i| format!("`{}`", scenario.steps[i].id.get_ref()))
                .collect()
        };
        let step = &scenario.steps[first];
        out.push(
            Finding::warning(
                "endless-loop",
                format!(
                    "a player can go round {} for ever: a choice always shown at each leads back",
                    ids.join(", ")
                ),
            )
            .at(step.id.span())
            .help("hide a looping choice once taken (`sets = [\"asked\"]` with `unless = [\"asked\"]`), or let the loop cost mood at a step with `escalate_below`"),
        );
    }
}

/// Strongly connected components (Kosaraju, without recursion: generated scenarios run
/// to thousands of steps).
fn components(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for root in 0..n {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut stack = vec![(root, 0usize)];
        while let Some((v, next)) = stack.pop() {
            if let Some(&w) = edges[v].get(next) {
                stack.push((v, next + 1));
                if !seen[w] {
                    seen[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(v);
            }
        }
    }
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (v, targets) in edges.iter().enumerate() {
        for &w in targets {
            reverse[w].push(v);
        }
    }
    let mut assigned = vec![false; n];
    let mut out = Vec::new();
    for &root in order.iter().rev() {
        if assigned[root] {
            continue;
        }
        assigned[root] = true;
        let mut component = Vec::new();
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            component.push(v);
            for &w in &reverse[v] {
                if !assigned[w] {
                    assigned[w] = true;
                    stack.push(w);
                }
            }
        }
        out.push(component);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_find_a_loop_and_leave_a_chain_apart() {
        // 0 -> 1 -> 2 -> 1, 2 -> 3
        let edges = vec![vec![1], vec![2], vec![1, 3], vec![]];
        let mut found: Vec<Vec<usize>> = components(&edges)
            .into_iter()
            .map(|mut c| {
                c.sort_unstable();
                c
            })
            .collect();
        found.sort();
        assert_eq!(found, vec![vec![0], vec![1, 2], vec![3]]);
    }

    #[test]
    fn a_misspelt_placeholder_is_found_where_it_is_written() {
        let text = r#"say = "Hello {Customer}, I'm {trainee_name}. {customer} {a b c d e f g h}""#;
        let span = 6..text.len();
        let mut out = Vec::new();
        placeholders(&text[7..text.len() - 1], span, text, &mut out);
        let helps: Vec<&str> = out.iter().map(|f| f.help.as_deref().unwrap()).collect();
        assert_eq!(
            helps[..2],
            ["did you mean `{customer}`?", "did you mean `{trainee}`?"]
        );
        assert_eq!(&text[out[0].span.clone().unwrap()], "{Customer}");
    }

    #[test]
    fn a_path_in_double_quotes_is_caught_and_a_line_break_in_prose_is_not() {
        let mut out = Vec::new();
        let text = r#"say = "Save it to C:\new\reports, please.""#;
        escapes(
            "Save it to C:\new\reports, please.",
            6..text.len(),
            text,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert!(
            out[0]
                .help
                .as_deref()
                .unwrap()
                .contains(r"'Save it to C:\new\reports, please.'")
        );
        let text = r#"say = "First line.\nSecond line.""#;
        escapes("First line.\nSecond line.", 6..text.len(), text, &mut out);
        assert_eq!(out.len(), 1);
    }
}
