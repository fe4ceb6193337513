//! Findings a validator reports as warnings: the file plays, but a trainer should look.

use crate::domain::best_path::{best_path, greedy_path};
use crate::domain::finding::Finding;
use crate::domain::graph::{At, Graph};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Condition, Outcome, Scenario};
use crate::domain::scoring::Dimensions;
use std::collections::HashSet;

/// Warnings for a scenario (read from `text`) that passed every loader rule.
pub fn lints(scenario: &Scenario, text: &str, rubric: &Rubric) -> Vec<Finding> {
    let graph = Graph::new(scenario);
    let mut out = super::slips(scenario, text);

    let reached = reachable(&graph);
    for (i, step) in scenario.steps.iter().enumerate() {
        if !reached.contains(&At::Step(i)) {
            out.push(unreachable(&step.id));
        }
    }
    for (i, ending) in scenario.endings.iter().enumerate() {
        if !reached.contains(&At::Ending(i)) {
            out.push(unreachable(&ending.id));
        }
    }

    let ends = can_end(&graph);
    for (i, step) in scenario.steps.iter().enumerate() {
        if reached.contains(&At::Step(i)) && !ends.contains(&i) {
            out.push(
                Finding::warning(
                    "no-way-out",
                    format!("no ending can be reached from step `{}`", step.id.get_ref()),
                )
                .at(step.id.span())
                .help("a run that gets here loops for ever: give one of the choices on this loop a `next` that leads to an ending"),
            );
        }
    }

    let set_anywhere: HashSet<&str> = scenario
        .steps
        .iter()
        .flat_map(|s| &s.choices)
        .flat_map(|c| &c.sets)
        .map(|f| f.get_ref().as_str())
        .collect();
    // A condition (a line, a route, a note) that names a flag no choice sets: `flags`
    // never holds, `unless` always does; either way it is most likely a misspelling.
    let mut conditions: Vec<(Condition, &str)> = Vec::new();
    for step in &scenario.steps {
        conditions.extend(step.lines.iter().map(|l| (l.when(), "`[[step.line]]`")));
        for choice in &step.choices {
            conditions.extend(
                choice
                    .next
                    .get_ref()
                    .routes()
                    .iter()
                    .map(|r| (r.when(), "route")),
            );
        }
    }
    for ending in &scenario.endings {
        conditions.extend(ending.notes.iter().map(|n| (n.when(), "`[[ending.note]]`")));
    }
    for (when, what) in &conditions {
        for (flag, effect) in when
            .flags
            .iter()
            .map(|f| (f, "never holds"))
            .chain(when.unless.iter().map(|f| (f, "always holds")))
        {
            if !set_anywhere.contains(flag.get_ref().as_str()) {
                let known = set_anywhere.iter().copied();
                let help = match crate::domain::finding::did_you_mean(flag.get_ref(), known) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!(
                        "add `sets = [\"{}\"]` to a choice, or fix the spelling",
                        flag.get_ref()
                    ),
                };
                out.push(
                    Finding::warning(
                        "flag-never-set",
                        format!(
                            "no choice sets the flag `{}`, so this {what}'s condition {effect}",
                            flag.get_ref()
                        ),
                    )
                    .at(flag.span())
                    .help(help),
                );
            }
        }
    }

    let dims: Vec<&str> = rubric.dimension_ids().collect();
    for step in &scenario.steps {
        if !step.choices.is_empty()
            && dims.iter().all(|d| {
                let first = step.choices[0].score(d);
                step.choices.iter().all(|c| c.score(d) == first)
            })
        {
            out.push(
                Finding::warning(
                    "choices-identical",
                    format!("every choice at step `{}` scores the same on every dimension", step.id.get_ref()),
                )
                .at(step.id.span())
                .help("the decision teaches nothing: make the better answer score higher on at least one dimension"),
            );
        }
        for choice in &step.choices {
            for flag in &choice.requires {
                if !set_anywhere.contains(flag.get_ref().as_str()) {
                    out.push(
                        Finding::warning(
                            "requires-never-set",
                            format!(
                                "no choice sets the flag `{}`, so this choice is never shown",
                                flag.get_ref()
                            ),
                        )
                        .at(flag.span())
                        .help(format!(
                            "add `sets = [\"{}\"]` to an earlier choice, or fix the spelling",
                            flag.get_ref()
                        )),
                    );
                }
            }
            if choice
                .feedback
                .as_ref()
                .is_none_or(|f| f.get_ref().trim().is_empty())
            {
                out.push(
                    Finding::warning("no-feedback", "this choice has no `feedback`")
                        .at(choice.say.span())
                        .help("say which tactic the choice shows and why it helps or hurts, e.g. feedback = \"Asking before the hold keeps her in control.\""),
                );
            }
            for tactic in &choice.tactics {
                if rubric.tactic(tactic.get_ref()).is_none() {
                    let known = rubric.tactics.iter().map(|t| t.id.get_ref().as_str());
                    let help = match crate::domain::finding::did_you_mean(tactic.get_ref(), known) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => "`frontline rubric` lists the tactics the rubric knows".to_owned(),
                    };
                    out.push(
                        Finding::warning(
                            "unknown-tactic",
                            format!("the rubric does not know the tactic `{}`", tactic.get_ref()),
                        )
                        .at(tactic.span())
                        .help(help),
                    );
                }
            }
        }
    }

    let resolved_reachable = scenario.endings.iter().enumerate().any(|(i, e)| {
        *e.outcome.get_ref() == Outcome::Resolved && reached.contains(&At::Ending(i))
    });
    if !resolved_reachable {
        out.push(
            Finding::warning("no-resolved-ending", "no `resolved` ending can be reached")
                .at(scenario.scenario.start.span())
                .help("add an `[[ending]]` with `outcome = \"resolved\"` and a path to it"),
        );
    } else {
        // A passing greedy path is proof enough, and cheap; only search when it fails.
        let dims = Dimensions::for_scenario(rubric, scenario);
        let best = greedy_path(&graph, &dims)
            .filter(|p| p.passed)
            .or_else(|| best_path(&graph, &dims));
        if let Some(At::Ending(e)) = graph.start() {
            out.push(
                Finding::warning(
                    "cannot-pass",
                    format!(
                        "`start` names the ending `{}`: a run ends before the trainee says anything, so no run is assessed",
                        scenario.endings[e].id.get_ref()
                    ),
                )
                .at(scenario.scenario.start.span())
                .help("point `start` at the `[[step]]` the conversation opens with"),
            );
        } else if let Some(best) = best.filter(|b| !b.passed) {
            let pass_mark = scenario.scenario.pass_mark();
            if let Some(finding) = cut_short(&graph, &best) {
                out.push(finding.at(scenario.scenario.start.span()));
                return finish(out, scenario, rubric);
            }
            let overall = best
                .overall
                .map_or("not assessed".to_owned(), |o| format!("{o:.0}%"));
            let finding = if best.allowed {
                Finding::warning(
                    "cannot-pass",
                    format!("the best path scores {overall} against a pass mark of {pass_mark}%"),
                )
                .help("no run can pass: raise the best choices' scores, or lower `pass_mark`")
            } else {
                Finding::warning(
                    "cannot-pass",
                    "every path takes a critical choice or ends at an ending that does not count as a pass",
                )
                .help("give a path to a `resolved` or `partial` ending (or one with `pass = true`) that avoids every `critical` choice")
            };
            out.push(finding.at(scenario.scenario.start.span()));
        }
    }
    finish(out, scenario, rubric)
}

/// The audit's findings once there is no other warning, and every finding in file order.
fn finish(mut out: Vec<Finding>, scenario: &Scenario, rubric: &Rubric) -> Vec<Finding> {
    // Can the score be guessed? The same findings as `frontline audit`, once the file has
    // no other warning: the figures of a graph with a dead end or an unreachable step
    // mislead, and one thing at a time is easier to fix (`frontline audit` shows them
    // whatever else is wrong).
    if out.is_empty() {
        let audited = crate::domain::audit::audit(scenario, rubric);
        out.extend(crate::domain::audit::findings(&audited, scenario));
    }
    out.sort_by_key(|f| f.span.as_ref().map_or(0, |s| s.start));
    out
}

/// When the best path fails because an escalation cut it short (the mood fell below a
/// step's `escalate_below`), that is the cause to name, not the pass mark.
fn cut_short(graph: &Graph, best: &crate::domain::best_path::Path) -> Option<Finding> {
    let scenario = graph.scenario;
    let mut mood = scenario.customer.start_mood().clamp(-100, 100);
    let mut flags = Default::default();
    let last = best.decisions.last()?;
    for d in &best.decisions {
        let mv = graph.apply(d.step, d.choice, mood, &flags)?;
        if d == last && mv.escalated {
            let step = graph.step(d.step);
            let (below, to) = step.escalation()?;
            return Some(
                Finding::warning(
                    "cannot-pass",
                    format!(
                        "no run can pass: even the best path escalates at step `{}` (mood {} is below its escalate_below of {below}) and ends at `{to}`",
                        step.id.get_ref(),
                        mv.mood_after
                    ),
                )
                .help("the escalation, not the pass mark, is the cause: raise the starting mood, soften the mood changes before this step, or lower `escalate_below`"),
            );
        }
        (mood, flags) = (mv.mood_after, mv.flags);
    }
    None
}

fn unreachable(id: &toml::Spanned<String>) -> Finding {
    Finding::warning(
        "unreachable",
        format!("`{}` cannot be reached from `start`", id.get_ref()),
    )
    .at(id.span())
    .help("point a choice's `next` (or an `escalate_to`) here, or remove it")
}

/// Nodes reachable from start through any choice or escalation, ignoring flags.
fn reachable(graph: &Graph) -> HashSet<At> {
    let mut seen = HashSet::new();
    let mut todo: Vec<At> = graph.start().into_iter().collect();
    while let Some(at) = todo.pop() {
        if seen.insert(at)
            && let At::Step(i) = at
        {
            todo.extend(graph.successors(i));
        }
    }
    seen
}

/// Steps from which some ending can be reached: a walk backwards from the steps that
/// lead straight to an ending, each step and edge visited once (a fixed point over all
/// steps took one pass per step of a long chain: 13,000 steps, 40 s).
fn can_end(graph: &Graph) -> HashSet<usize> {
    let steps = graph.scenario.steps.len();
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); steps];
    let mut todo: Vec<usize> = Vec::new();
    for i in 0..steps {
        for next in graph.successors(i) {
            match next {
                At::Ending(_) => todo.push(i),
                At::Step(j) => before[j].push(i),
            }
        }
    }
    let mut ok: HashSet<usize> = HashSet::new();
    while let Some(i) = todo.pop() {
        if ok.insert(i) {
            todo.extend(before[i].iter().copied().filter(|j| !ok.contains(j)));
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scenario::load;

    /// A chain s0 -> s1 -> ... -> done, with a loop s-loop <-> s-loop2 off s0 that never
    /// ends.
    #[test]
    fn can_end_follows_a_long_chain_back_and_leaves_a_closed_loop_out() {
        let mut text = String::from(
            "format = 1\n[scenario]\nid = \"c\"\ntitle = \"C\"\nchannel = \"phone\"\ndifficulty = 1\nstart = \"s0\"\n[customer]\nname = \"A\"\nmood = 0\n",
        );
        let n = 3000;
        for i in 0..n {
            let next = if i + 1 == n {
                "done".to_owned()
            } else {
                format!("s{}", i + 1)
            };
            text +=
                &format!("[[step]]\nid=\"s{i}\"\nsay=\"?\"\nchoice=[{{say=\"Y\",next=\"{next}\"}}");
            if i == 0 {
                text += ",{say=\"N\",next=\"loop\"}";
            }
            text += "]\n";
        }
        text += "[[step]]\nid=\"loop\"\nsay=\"?\"\nchoice=[{say=\"A\",next=\"loop2\"}]\n";
        text += "[[step]]\nid=\"loop2\"\nsay=\"?\"\nchoice=[{say=\"B\",next=\"loop\"}]\n";
        text += "[[ending]]\nid=\"done\"\noutcome=\"resolved\"\nsay=\"Bye.\"\n";
        let scenario = load::parse(&text).unwrap();
        let ends = can_end(&Graph::new(&scenario));
        assert_eq!(ends.len(), n);
        assert!((0..n).all(|i| ends.contains(&i)));
        assert!(!ends.contains(&n) && !ends.contains(&(n + 1)));
    }
}
