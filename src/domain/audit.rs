//! Can a scenario's score be guessed? The audit walks every path of a scenario exactly
//! (flags, mood, routes and escalations followed, as a run does) and measures what a
//! bored trainee would try:
//!
//! - the pass rate of a player who picks uniformly at random among the choices shown,
//!   exact over the tree (each path weighted by the product of 1/choices shown);
//! - whether a strategy that never reads the customer passes: always the longest reply,
//!   always the one with the most stock courtesy ("sorry", "thank", "please", "let me",
//!   `{customer}`, "understand", ...), always the first, always the last (authored order,
//!   ties to the first);
//! - at each decision (a step with the choices shown there), whether the best reply (the
//!   most worth, as the greedy path weighs it) is also the longest, whether one reply is
//!   best on every skill at once, and whether every reply leads to the same place;
//! - endings that contradict scores: paths whose score passes (no critical error) but
//!   whose ending the author counts as a fail, and failing paths that end at the warmest
//!   ending (the best outcome, then the highest median mood);
//! - the mood and score at each ending (min, median, max).
//!
//! The walk is bounded ([`NODE_LIMIT`] nodes, and `2 x steps` decisions per path as in
//! `paths`); an audit that stopped says so (`complete`, `explored`).

use crate::domain::finding::Finding;
use crate::domain::graph::{At, Flags, Graph, MOOD_MAX, MOOD_MIN};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Choice, Outcome, Scenario};
use crate::domain::scoring::{Dimensions, Tally, passes};
use serde::Serialize;
use std::collections::HashMap;

/// The codes of the audit's `validate` warnings.
pub const CODES: [&str; 5] = [
    "guessing-passes",
    "random-passes",
    "longest-is-best",
    "ending-contradicts-score",
    "skills-agree",
];

/// Nodes (decisions and endings) the walk visits before it stops.
pub const NODE_LIMIT: usize = 200_000;

/// A random player passing this often (or more) is a warning.
pub const RANDOM_PASS_WARNING: f64 = 0.10;

/// The best reply being the longest at more than this share of decisions is a warning.
pub const LONGEST_BEST_WARNING: f64 = 0.40;

/// Fewer decisions than this where the skills pull apart is a warning.
pub const SKILLS_APART_WANTED: usize = 2;

/// Stock phrases a reply can be padded with, counted case-insensitively wherever they
/// appear ("thank" counts "thanks" and "thank you").
pub const STOCK_COURTESY: &[&str] = &[
    "sorry",
    "apologi",
    "thank",
    "please",
    "let me",
    "{customer}",
    "understand",
    "appreciate",
    "i hear",
    "of course",
    "happy to",
    "absolutely",
    "completely",
];

/// How many stock courtesy phrases a text has.
pub fn stock_courtesy(text: &str) -> usize {
    let lower = text.to_lowercase();
    STOCK_COURTESY
        .iter()
        .map(|p| lower.matches(p).count())
        .sum()
}

/// A reply's length as the audit compares them: characters of the text as written.
pub fn reply_length(text: &str) -> usize {
    text.chars().count()
}

/// A strategy that picks without reading the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    Longest,
    MostCourtesy,
    First,
    Last,
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::Longest,
        Strategy::MostCourtesy,
        Strategy::First,
        Strategy::Last,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Longest => "longest",
            Strategy::MostCourtesy => "most-courtesy",
            Strategy::First => "first",
            Strategy::Last => "last",
        }
    }

    /// A short label: "always longest".
    pub fn label(self) -> &'static str {
        match self {
            Strategy::Longest => "always longest",
            Strategy::MostCourtesy => "always most courtesy",
            Strategy::First => "always first",
            Strategy::Last => "always last",
        }
    }

    /// In words: "always the longest reply".
    pub fn describe(self) -> &'static str {
        match self {
            Strategy::Longest => "always the longest reply",
            Strategy::MostCourtesy => "always the reply with the most stock courtesy",
            Strategy::First => "always the first reply",
            Strategy::Last => "always the last reply",
        }
    }

    /// The position (in `shown`, authored order) this strategy picks; ties go to the
    /// first. `None` only when nothing is shown.
    pub fn pick(self, shown: &[&Choice]) -> Option<usize> {
        let best_by = |key: &dyn Fn(&Choice) -> usize| {
            let mut best: Option<(usize, usize)> = None;
            for (i, c) in shown.iter().enumerate() {
                let k = key(c);
                if best.is_none_or(|(_, b)| k > b) {
                    best = Some((i, k));
                }
            }
            best.map(|(i, _)| i)
        };
        match self {
            Strategy::Longest => best_by(&|c| reply_length(c.say.get_ref())),
            Strategy::MostCourtesy => best_by(&|c| stock_courtesy(c.say.get_ref())),
            Strategy::First => (!shown.is_empty()).then_some(0),
            Strategy::Last => shown.len().checked_sub(1),
        }
    }
}

/// One decision a strategy made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrategyStep {
    pub step: String,
    /// Index among the step's choices as authored (0-based).
    pub choice: usize,
    /// Its number on screen when choices are not shuffled (1-based).
    pub number: usize,
}

/// Where a strategy ends and how it scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyResult {
    pub strategy: Strategy,
    pub passed: bool,
    pub overall: Option<f64>,
    /// The ending's id; `None` when the path ran past its bound (a loop).
    pub ending: Option<String>,
    pub outcome: Option<Outcome>,
    /// A critical choice was taken.
    pub critical: bool,
    pub final_mood: i64,
    pub decisions: Vec<StrategyStep>,
}

/// A decision, as the audit names it: the step and the choices shown there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRef {
    pub step: String,
    /// Indices (authored, 0-based) of the choices shown.
    pub shown: Vec<usize>,
}

/// Paths of one kind, counted and weighted as a random player meets them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PathShare {
    pub paths: usize,
    /// Probability that a random player takes one of them.
    pub probability: f64,
}

impl PathShare {
    fn add(&mut self, probability: f64) {
        self.paths += 1;
        self.probability += probability;
    }
}

/// Min, median and max of a figure over the paths that reach an ending.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

impl Spread {
    fn of(values: &mut [f64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        Some(Spread {
            min: values[0],
            median,
            max: values[n - 1],
        })
    }
}

/// What the paths that reach one ending look like.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingStats {
    pub ending: String,
    pub outcome: Outcome,
    /// Whether the author counts it as a pass.
    pub counts_as_pass: bool,
    pub reached: PathShare,
    pub passed: PathShare,
    pub mood: Option<Spread>,
    /// The overall percent; paths with no assessed dimension are left out.
    pub overall: Option<Spread>,
}

/// The audit of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Audit {
    pub scenario: String,
    pub title: String,
    pub pass_mark: i64,
    /// False when the walk stopped at [`NODE_LIMIT`]: the figures cover `explored`.
    pub complete: bool,
    /// Probability mass of the random player's runs the walk covered (1 when complete
    /// and no loop was cut).
    pub explored: f64,
    pub paths: usize,
    /// Branches cut after `2 x steps` decisions (a loop).
    pub cut_loops: usize,
    /// Exact pass rate of a player picking uniformly at random.
    pub random_pass_rate: f64,
    pub strategies: Vec<StrategyResult>,
    /// Distinct decisions (a step with the choices shown there) that tell replies apart.
    pub decisions: usize,
    /// Decisions where the best reply is also the longest.
    pub longest_best: Vec<DecisionRef>,
    /// Decisions where one reply is best on every skill at once.
    pub one_best_on_every_skill: Vec<DecisionRef>,
    /// Decisions where every reply leads to the same step or ending.
    pub same_next: Vec<DecisionRef>,
    /// Paths whose score passes, with no critical error, ending where no run passes.
    pub score_pass_ending_fail: PathShare,
    /// The warmest ending reached: the best outcome, then the highest median mood.
    pub warmest_ending: Option<String>,
    /// Paths that fail on score (no critical error) and end at the warmest ending.
    pub score_fail_at_warmest: PathShare,
    pub endings: Vec<EndingStats>,
}

impl Audit {
    /// Share of decisions where the best reply is the longest (0 with no decision).
    pub fn longest_best_share(&self) -> f64 {
        if self.decisions == 0 {
            0.0
        } else {
            self.longest_best.len() as f64 / self.decisions as f64
        }
    }

    /// Decisions where the skills pull apart: no reply is best on all of them.
    pub fn skills_apart(&self) -> usize {
        self.decisions - self.one_best_on_every_skill.len()
    }

    pub fn strategy(&self, s: Strategy) -> Option<&StrategyResult> {
        self.strategies.iter().find(|r| r.strategy == s)
    }
}

/// What the walk learns about one decision.
struct DecisionFacts {
    order: usize,
    /// Replies differ in worth here.
    assessed: bool,
    longest_best: bool,
    one_best: bool,
    same_next: bool,
}

struct Leaf {
    ending: usize,
    probability: f64,
    overall: Option<f64>,
    mood: i64,
    critical: bool,
}

struct Walker<'g, 's> {
    graph: &'g Graph<'s>,
    dims: &'g Dimensions,
    max_depth: usize,
    nodes: usize,
    complete: bool,
    cut_loops: usize,
    cut_probability: f64,
    leaves: Vec<Leaf>,
    decisions: HashMap<(usize, Vec<usize>), DecisionFacts>,
}

/// Audits a scenario that has no loader errors (an unchecked one is audited as far as
/// its references resolve).
pub fn audit(scenario: &Scenario, rubric: &Rubric) -> Audit {
    let graph = Graph::new(scenario);
    let dims = Dimensions::for_scenario(rubric, scenario);
    let mut w = Walker {
        graph: &graph,
        dims: &dims,
        max_depth: 2 * scenario.steps.len(),
        nodes: 0,
        complete: true,
        cut_loops: 0,
        cut_probability: 0.0,
        leaves: Vec::new(),
        decisions: HashMap::new(),
    };
    let start_mood = scenario.customer.start_mood().clamp(MOOD_MIN, MOOD_MAX);
    if let Some(start) = graph.start() {
        w.visit(
            start,
            &Flags::default(),
            start_mood,
            &Tally::new(dims.len()),
            0,
            1.0,
        );
    }
    let strategies = Strategy::ALL
        .iter()
        .map(|&s| follow(&graph, &dims, s))
        .collect();
    w.finish(scenario, strategies)
}

impl Walker<'_, '_> {
    fn visit(&mut self, at: At, flags: &Flags, mood: i64, tally: &Tally, depth: usize, p: f64) {
        if self.nodes >= NODE_LIMIT {
            self.complete = false;
            return;
        }
        self.nodes += 1;
        let step = match at {
            At::Ending(ending) => {
                self.leaves.push(Leaf {
                    ending,
                    probability: p,
                    overall: tally.overall(&self.dims.weights),
                    mood,
                    critical: self.graph.is_critical(flags),
                });
                return;
            }
            At::Step(s) => s,
        };
        if depth >= self.max_depth {
            self.cut_loops += 1;
            self.cut_probability += p;
            return;
        }
        let shown = self.graph.shown(step, flags);
        if shown.is_empty() {
            // Nothing to choose: a run stops here; no ending, so no pass.
            self.cut_probability += p;
            return;
        }
        let choices: Vec<&Choice> = shown.iter().map(|&i| self.graph.choice(step, i)).collect();
        let moves: Vec<_> = shown
            .iter()
            .map(|&i| self.graph.apply(step, i, mood, flags))
            .collect();
        let same_next = moves
            .iter()
            .all(|m| m.as_ref().map(|m| m.next) == moves[0].as_ref().map(|m| m.next));
        let order = self.decisions.len();
        let facts = self
            .decisions
            .entry((step, shown.clone()))
            .or_insert_with(|| decision_facts(order, &choices, self.dims));
        facts.same_next &= same_next;
        let share = p / shown.len() as f64;
        for (k, mv) in moves.into_iter().enumerate() {
            let Some(mv) = mv else {
                self.cut_probability += share;
                continue;
            };
            let mut t = tally.clone();
            t.add(&self.dims.marks(choices[k], &choices));
            self.visit(mv.next, &mv.flags, mv.mood_after, &t, depth + 1, share);
            if !self.complete {
                return;
            }
        }
    }

    fn finish(self, scenario: &Scenario, strategies: Vec<StrategyResult>) -> Audit {
        let graph = self.graph;
        let pass_mark = scenario.scenario.pass_mark();
        let score_passes =
            |l: &Leaf| !l.critical && l.overall.is_some_and(|o| o >= pass_mark as f64);
        let passed = |l: &Leaf| passes(l.overall, pass_mark, graph.ending_allows_critical(l));

        let mut endings: Vec<EndingStats> = Vec::new();
        for (e, ending) in scenario.endings.iter().enumerate() {
            let here: Vec<&Leaf> = self.leaves.iter().filter(|l| l.ending == e).collect();
            if here.is_empty() {
                continue;
            }
            let mut reached = PathShare::default();
            let mut pass = PathShare::default();
            for l in &here {
                reached.add(l.probability);
                if passed(l) {
                    pass.add(l.probability);
                }
            }
            let mut moods: Vec<f64> = here.iter().map(|l| l.mood as f64).collect();
            let mut overalls: Vec<f64> = here.iter().filter_map(|l| l.overall).collect();
            endings.push(EndingStats {
                ending: ending.id.get_ref().clone(),
                outcome: *ending.outcome.get_ref(),
                counts_as_pass: ending.counts_as_pass(),
                reached,
                passed: pass,
                mood: Spread::of(&mut moods),
                overall: Spread::of(&mut overalls),
            });
        }
        let warm = |s: &EndingStats| {
            let rank = match s.outcome {
                Outcome::Resolved => 3,
                Outcome::Partial => 2,
                Outcome::Escalated => 1,
                Outcome::Lost => 0,
            };
            (rank, s.mood.map_or(f64::MIN, |m| m.median))
        };
        let warmest = endings
            .iter()
            .max_by(|a, b| {
                let (ra, ma) = warm(a);
                let (rb, mb) = warm(b);
                ra.cmp(&rb).then(ma.total_cmp(&mb))
            })
            .map(|s| s.ending.clone());
        let warmest_index = warmest
            .as_deref()
            .and_then(|id| scenario.endings.iter().position(|e| e.id.get_ref() == id));

        let mut random_pass_rate = 0.0;
        let mut score_pass_ending_fail = PathShare::default();
        let mut score_fail_at_warmest = PathShare::default();
        for l in &self.leaves {
            if passed(l) {
                random_pass_rate += l.probability;
            }
            let ending_passes = scenario.endings[l.ending].counts_as_pass();
            if score_passes(l) && !ending_passes {
                score_pass_ending_fail.add(l.probability);
            }
            if !l.critical && !score_passes(l) && Some(l.ending) == warmest_index {
                score_fail_at_warmest.add(l.probability);
            }
        }

        let mut facts: Vec<(&(usize, Vec<usize>), &DecisionFacts)> =
            self.decisions.iter().filter(|(_, f)| f.assessed).collect();
        facts.sort_by_key(|(_, f)| f.order);
        let refs = |keep: &dyn Fn(&DecisionFacts) -> bool| -> Vec<DecisionRef> {
            facts
                .iter()
                .filter(|(_, f)| keep(f))
                .map(|((step, shown), _)| DecisionRef {
                    step: graph.id(At::Step(*step)).to_owned(),
                    shown: shown.clone(),
                })
                .collect()
        };
        let explored = (self.leaves.iter().map(|l| l.probability).sum::<f64>()).min(1.0);
        Audit {
            scenario: scenario.id().to_owned(),
            title: scenario.title().to_owned(),
            pass_mark,
            complete: self.complete,
            explored,
            paths: self.leaves.len(),
            cut_loops: self.cut_loops,
            random_pass_rate,
            strategies,
            decisions: facts.len(),
            longest_best: refs(&|f| f.longest_best),
            one_best_on_every_skill: refs(&|f| f.one_best),
            same_next: refs(&|f| f.same_next),
            score_pass_ending_fail,
            warmest_ending: warmest,
            score_fail_at_warmest,
            endings,
        }
    }
}

impl Graph<'_> {
    /// `ending_allows_pass` for a leaf, whose critical bit the walk kept apart.
    fn ending_allows_critical(&self, leaf: &Leaf) -> bool {
        !leaf.critical && self.scenario.endings[leaf.ending].counts_as_pass()
    }
}

/// A reply's worth at a decision, as the greedy path weighs it: its weighted share of
/// each assessed dimension's range there.
fn worth(chosen: &Choice, shown: &[&Choice], dims: &Dimensions) -> f64 {
    dims.marks(chosen, shown)
        .iter()
        .zip(&dims.weights)
        .filter(|(m, _)| m.is_assessed())
        .map(|(m, w)| w * (m.earned - m.worst) as f64 / (m.best - m.worst) as f64)
        .sum()
}

fn decision_facts(order: usize, shown: &[&Choice], dims: &Dimensions) -> DecisionFacts {
    let worths: Vec<f64> = shown.iter().map(|c| worth(c, shown, dims)).collect();
    let top = worths.iter().copied().fold(f64::MIN, f64::max);
    let low = worths.iter().copied().fold(f64::MAX, f64::min);
    let assessed = top - low > 1e-9;
    let longest = shown
        .iter()
        .map(|c| reply_length(c.say.get_ref()))
        .max()
        .unwrap_or(0);
    // The best reply is the longest when a reply of the greatest worth is (one of) the
    // longest.
    let longest_best = shown
        .iter()
        .zip(&worths)
        .any(|(c, w)| top - w < 1e-9 && reply_length(c.say.get_ref()) == longest);
    // One reply is best on every skill: it scores the top on every dimension that tells
    // the replies apart here.
    let assessed_dims: Vec<&str> = dims
        .ids
        .iter()
        .map(String::as_str)
        .filter(|d| {
            let scores: Vec<i64> = shown.iter().map(|c| c.score(d)).collect();
            scores.iter().min() != scores.iter().max()
        })
        .collect();
    let one_best = !assessed_dims.is_empty()
        && shown.iter().any(|c| {
            assessed_dims
                .iter()
                .all(|d| shown.iter().all(|o| c.score(d) >= o.score(d)))
        });
    DecisionFacts {
        order,
        assessed,
        longest_best,
        one_best,
        same_next: true,
    }
}

/// Follows one strategy from the start to an ending (or to its bound).
pub fn follow(graph: &Graph, dims: &Dimensions, strategy: Strategy) -> StrategyResult {
    let scenario = graph.scenario;
    let mut mood = scenario.customer.start_mood().clamp(MOOD_MIN, MOOD_MAX);
    let mut flags = Flags::default();
    let mut tally = Tally::new(dims.len());
    let mut decisions = Vec::new();
    let mut at = graph.start();
    for _ in 0..=2 * scenario.steps.len() {
        match at {
            Some(At::Ending(e)) => {
                let ending = &scenario.endings[e];
                let overall = tally.overall(&dims.weights);
                return StrategyResult {
                    strategy,
                    passed: passes(
                        overall,
                        scenario.scenario.pass_mark(),
                        graph.ending_allows_pass(e, &flags),
                    ),
                    overall,
                    ending: Some(ending.id.get_ref().clone()),
                    outcome: Some(*ending.outcome.get_ref()),
                    critical: graph.is_critical(&flags),
                    final_mood: mood,
                    decisions,
                };
            }
            Some(At::Step(step)) => {
                let shown = graph.shown(step, &flags);
                let choices: Vec<&Choice> = shown.iter().map(|&i| graph.choice(step, i)).collect();
                let Some(k) = strategy.pick(&choices) else {
                    break;
                };
                let Some(mv) = graph.apply(step, shown[k], mood, &flags) else {
                    break;
                };
                tally.add(&dims.marks(choices[k], &choices));
                decisions.push(StrategyStep {
                    step: graph.id(At::Step(step)).to_owned(),
                    choice: shown[k],
                    number: k + 1,
                });
                (at, mood, flags) = (Some(mv.next), mv.mood_after, mv.flags);
            }
            None => break,
        }
    }
    StrategyResult {
        strategy,
        passed: false,
        overall: tally.overall(&dims.weights),
        ending: None,
        outcome: None,
        critical: graph.is_critical(&flags),
        final_mood: mood,
        decisions,
    }
}

fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// The audit's findings as `validate` warnings, each with a stable code, pointed at the
/// scenario's `start` (they are about the whole scenario).
pub fn findings(a: &Audit, scenario: &Scenario) -> Vec<Finding> {
    let at = scenario.scenario.start.span();
    let scope = if a.complete {
        String::new()
    } else {
        format!(
            " (over the {} paths walked before the audit stopped at its bound)",
            a.paths
        )
    };
    let mut out = Vec::new();
    let guessers: Vec<&StrategyResult> = a.strategies.iter().filter(|s| s.passed).collect();
    if !guessers.is_empty() {
        let names: Vec<String> = guessers
            .iter()
            .map(|s| {
                format!(
                    "{} ({})",
                    s.strategy.describe(),
                    s.overall.map_or("n/a".into(), |o| format!("{o:.1}%"))
                )
            })
            .collect();
        out.push(
            Finding::warning(
                "guessing-passes",
                format!("a strategy that never reads the customer passes: {}", names.join("; ")),
            )
            .at(at.clone())
            .help("make some wrong replies long, warm and wrong, and vary where the best reply sits; `frontline audit` shows each strategy's path"),
        );
    }
    if a.random_pass_rate >= RANDOM_PASS_WARNING {
        out.push(
            Finding::warning(
                "random-passes",
                format!(
                    "a player picking at random passes {} of runs{scope}",
                    percent(a.random_pass_rate)
                ),
            )
            .at(at.clone())
            .help(format!(
                "under {} is the target: add decisions, or wrong replies that cost more (a critical error, an ending that does not pass)",
                percent(RANDOM_PASS_WARNING)
            )),
        );
    }
    if a.decisions > 0 && a.longest_best_share() > LONGEST_BEST_WARNING {
        out.push(
            Finding::warning(
                "longest-is-best",
                format!(
                    "the best reply is the longest at {} of {} decisions ({})",
                    a.longest_best.len(),
                    a.decisions,
                    percent(a.longest_best_share())
                ),
            )
            .at(at.clone())
            .help(format!(
                "at {} or fewer, length stops being a tell: write some long wrong replies, and some short right ones",
                percent(LONGEST_BEST_WARNING)
            )),
        );
    }
    if a.score_pass_ending_fail.paths > 0 {
        out.push(
            Finding::warning(
                "ending-contradicts-score",
                format!(
                    "{} path{} a pass but end{} where no run passes{scope}",
                    a.score_pass_ending_fail.paths,
                    if a.score_pass_ending_fail.paths == 1 { " scores" } else { "s score" },
                    if a.score_pass_ending_fail.paths == 1 { "s" } else { "" },
                ),
            )
            .at(at.clone())
            .help("the replies on those paths score well: lower their scores, mark the reply that loses the customer `critical`, or let the ending pass"),
        );
    }
    if a.score_fail_at_warmest.paths > 0
        && let Some(warm) = &a.warmest_ending
    {
        out.push(
            Finding::warning(
                "ending-contradicts-score",
                format!(
                    "{} failing path{} at the warmest ending `{warm}`{scope}",
                    a.score_fail_at_warmest.paths,
                    if a.score_fail_at_warmest.paths == 1 { " ends" } else { "s end" },
                ),
            )
            .at(at.clone())
            .help("route poor runs to a cooler ending with `next = [{ mood_below = ..., to = ... }, ...]`, or give them the scores they earn"),
        );
    }
    if a.decisions > 0 && a.skills_apart() < SKILLS_APART_WANTED {
        out.push(
            Finding::warning(
                "skills-agree",
                format!(
                    "the skills pull apart at {} of {} decisions: elsewhere one reply is best on every skill",
                    a.skills_apart(),
                    a.decisions
                ),
            )
            .at(at)
            .help(format!(
                "give at least {SKILLS_APART_WANTED} decisions a reply that is courteous but defensive, or listens but is passive, so each skill is judged on its own"
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scenario::load;

    fn audited(text: &str) -> Audit {
        audit(&load::parse(text).unwrap(), &Rubric::builtin())
    }

    #[test]
    fn stock_courtesy_counts_every_phrase_wherever_it_is() {
        assert_eq!(stock_courtesy("Sorry, {customer}. Thank you, please."), 4);
        assert_eq!(stock_courtesy("Thanks. I understand. Let me check."), 3);
        assert_eq!(stock_courtesy("No."), 0);
    }

    #[test]
    fn strategies_pick_by_their_rule_with_ties_to_the_first() {
        let s = load::parse(include_str!("../../tests/fixtures/valid/parcel-mixup.toml")).unwrap();
        let graph = Graph::new(&s);
        let shown: Vec<&Choice> = s.steps[0].choices.iter().collect();
        assert_eq!(Strategy::First.pick(&shown), Some(0));
        assert_eq!(Strategy::Last.pick(&shown), Some(2));
        assert_eq!(Strategy::Longest.pick(&shown), Some(0));
        assert_eq!(Strategy::MostCourtesy.pick(&shown), Some(0));
        assert_eq!(Strategy::First.pick(&[]), None);
        let dims = Dimensions::for_scenario(&Rubric::builtin(), &s);
        let last = follow(&graph, &dims, Strategy::Last);
        assert_eq!(last.ending.as_deref(), Some("hangs-up"));
        assert!(!last.passed);
    }

    #[test]
    fn the_random_pass_rate_is_exact_over_the_tree() {
        // parcel-mixup: opening:1 (1/3) shows three replies at found-it, two of which
        // pass; opening:2 (1/3) shows two, one of which passes; opening:3 escalates.
        // 1/3 x 2/3 + 1/3 x 1/2 = 7/18.
        let a = audited(include_str!("../../tests/fixtures/valid/parcel-mixup.toml"));
        assert!(a.complete);
        assert_eq!(a.paths, 6);
        assert!((a.explored - 1.0).abs() < 1e-12);
        let by_hand: f64 = a.endings.iter().map(|e| e.passed.probability).sum();
        assert!((a.random_pass_rate - by_hand).abs() < 1e-12);
        assert!(
            (a.random_pass_rate - 7.0 / 18.0).abs() < 1e-12,
            "{}",
            a.random_pass_rate
        );
        let reached: f64 = a.endings.iter().map(|e| e.reached.probability).sum();
        assert!((reached - 1.0).abs() < 1e-12);
    }
}
