//! A scenario as a diagram: steps and endings as nodes, choices as edges labelled with a
//! short text and their score. Graphviz DOT, and Mermaid (which git hosts render).

use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Choice, Ending, Outcome, Scenario};

/// Longest edge or node text before it is cut with an ellipsis.
const LABEL_CHARS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagramFormat {
    Dot,
    Mermaid,
}

/// One edge, ready to draw.
struct Edge {
    from: String,
    to: String,
    label: String,
    escalation: bool,
}

fn short(text: &str) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= LABEL_CHARS {
        text
    } else {
        let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// "+5 (L2 N2 C1)": the total and each dimension by initial, in rubric order.
fn score_label(choice: &Choice, rubric: &Rubric) -> String {
    let parts: Vec<String> = rubric
        .dimension_ids()
        .map(|d| {
            let initial = d.chars().next().unwrap_or('?').to_ascii_uppercase();
            format!("{initial}{}", choice.score(d))
        })
        .collect();
    let total: i64 = rubric.dimension_ids().map(|d| choice.score(d)).sum();
    format!("{total:+} ({})", parts.join(" "))
}

fn outcome_mark(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Resolved => "✔ resolved",
        Outcome::Partial => "◐ partial",
        Outcome::Escalated => "▲ escalated",
        Outcome::Lost => "✘ lost",
    }
}

fn edges(scenario: &Scenario, rubric: &Rubric) -> Vec<Edge> {
    let mut out = Vec::new();
    for step in &scenario.steps {
        for (i, choice) in step.choices.iter().enumerate() {
            let mut label = format!(
                "{}. {} {}",
                i + 1,
                short(choice.say.get_ref()),
                score_label(choice, rubric)
            );
            let names = |list: &[toml::Spanned<String>]| {
                list.iter()
                    .map(|f| f.get_ref().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if choice.mood_change() != 0 {
                label += &format!(" mood {:+}", choice.mood_change());
            }
            if !choice.requires.is_empty() {
                label += &format!(" [needs {}]", names(&choice.requires));
            }
            if !choice.unless.is_empty() {
                label += &format!(" [unless {}]", names(&choice.unless));
            }
            if !choice.sets.is_empty() {
                label += &format!(" [sets {}]", names(&choice.sets));
            }
            for route in choice.next.get_ref().routes_or_plain() {
                let label = match route.1 {
                    Some(when) if !when.is_empty() => format!("{label} [if {}]", when.describe()),
                    _ => label.clone(),
                };
                out.push(Edge {
                    from: step.id.get_ref().clone(),
                    to: route.0.to_owned(),
                    label,
                    escalation: false,
                });
            }
        }
        if let Some((below, to)) = step.escalation() {
            out.push(Edge {
                from: step.id.get_ref().clone(),
                to: to.to_owned(),
                label: format!("mood < {below}"),
                escalation: true,
            });
        }
    }
    out
}

fn ending_label(e: &Ending) -> String {
    format!("{}: {}", outcome_mark(*e.outcome.get_ref()), e.id.get_ref())
}

fn step_label(scenario: &Scenario, i: usize) -> String {
    let step = &scenario.steps[i];
    let say = step.say.get_ref().0.first().map_or("", String::as_str);
    format!("{}\n{}", step.id.get_ref(), short(say))
}

/// The scenario as a diagram in the given format.
pub fn render(scenario: &Scenario, rubric: &Rubric, format: DiagramFormat) -> String {
    match format {
        DiagramFormat::Dot => dot(scenario, rubric),
        DiagramFormat::Mermaid => mermaid(scenario, rubric),
    }
}

fn dot_quote(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

fn dot(scenario: &Scenario, rubric: &Rubric) -> String {
    let mut s = format!("digraph {} {{\n", dot_quote(scenario.id()));
    s += "  rankdir=TB;\n  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n";
    s += &format!("  label={};\n  labelloc=t;\n", dot_quote(scenario.title()));
    for i in 0..scenario.steps.len() {
        let id = scenario.steps[i].id.get_ref();
        let start = if id == scenario.scenario.start.get_ref() {
            ", penwidth=2"
        } else {
            ""
        };
        s += &format!(
            "  {} [shape=box, style=rounded, label={}{start}];\n",
            dot_quote(id),
            dot_quote(&step_label(scenario, i))
        );
    }
    for e in &scenario.endings {
        let shape = match e.outcome.get_ref() {
            Outcome::Resolved => "doublecircle",
            Outcome::Partial => "circle",
            Outcome::Escalated => "diamond",
            Outcome::Lost => "octagon",
        };
        s += &format!(
            "  {} [shape={shape}, label={}];\n",
            dot_quote(e.id.get_ref()),
            dot_quote(&ending_label(e))
        );
    }
    for e in edges(scenario, rubric) {
        let style = if e.escalation { ", style=dashed" } else { "" };
        s += &format!(
            "  {} -> {} [label={}{style}];\n",
            dot_quote(&e.from),
            dot_quote(&e.to),
            dot_quote(&e.label)
        );
    }
    s + "}\n"
}

/// Mermaid node ids: letters, digits and '_' only, prefixed so none is a keyword.
fn mermaid_id(id: &str) -> String {
    format!("n_{}", id.replace('-', "_"))
}

/// Mermaid labels go in double quotes; a quote inside is written as an entity.
fn mermaid_text(text: &str) -> String {
    let escaped = text
        .replace('"', "#quot;")
        .replace('{', "#123;")
        .replace('}', "#125;")
        .replace('\n', "<br/>");
    format!("\"{escaped}\"")
}

fn mermaid(scenario: &Scenario, rubric: &Rubric) -> String {
    let mut s = format!(
        "---\ntitle: {}\n---\nflowchart TD\n",
        scenario.title().replace('\n', " ")
    );
    for i in 0..scenario.steps.len() {
        let id = scenario.steps[i].id.get_ref();
        s += &format!(
            "  {}[{}]\n",
            mermaid_id(id),
            mermaid_text(&step_label(scenario, i))
        );
    }
    for e in &scenario.endings {
        let label = mermaid_text(&ending_label(e));
        let node = match e.outcome.get_ref() {
            Outcome::Resolved => format!("((({label})))"),
            Outcome::Partial => format!("([{label}])"),
            Outcome::Escalated => format!("{{{{{label}}}}}"),
            Outcome::Lost => format!("[/{label}\\]"),
        };
        s += &format!("  {}{node}\n", mermaid_id(e.id.get_ref()));
    }
    for e in edges(scenario, rubric) {
        let arrow = if e.escalation { "-.->" } else { "-->" };
        s += &format!(
            "  {} {arrow}|{}| {}\n",
            mermaid_id(&e.from),
            mermaid_text(&e.label),
            mermaid_id(&e.to)
        );
    }
    s += &format!(
        "  style {} stroke-width:3px\n",
        mermaid_id(scenario.scenario.start.get_ref())
    );
    s
}
