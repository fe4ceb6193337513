//! The trainer's report: pass rates and dimension averages per trainee and per scenario,
//! and, for one scenario, the class debrief: at each decision, how the group answered.
//!
//! [`Store::report`] aggregates in SQL and returns plain data; [`ClassDebrief::label`]
//! (pure) puts the debrief in the scenario's order with the authored choice texts.
//!
//! Answers are grouped by the version of the scenario file they were given to (its hash,
//! kept with each attempt): a choice's number means nothing across an edit, so the
//! debrief shows one version at a time, the current file's when labelled, and says how
//! many attempts answered other versions. Labelled, each choice carries its marks and
//! feedback and the best one at each decision is marked (the trainer's answer key), and
//! the texts have their placeholders filled with neutral words ("[customer]"). The CLI
//! prints the result as a table, JSON or CSV; the TUI renders the same data.

use super::{Store, StoreError};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::Scenario;
use crate::domain::scoring::Dimensions;
use crate::domain::session::fill;
use crate::domain::session::ordered_map;
use rusqlite::{OptionalExtension, ToSql};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Which attempts a report covers. Every field narrows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportFilter {
    pub scenario: Option<String>,
    pub trainee: Option<String>,
    /// Started at or after (store form, see [`super::time::since`]).
    pub since: Option<String>,
    /// Played in this class (its id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub filter: ReportFilter,
    /// Finished attempts covered.
    pub attempts: u64,
    /// Unfinished attempts covered (not in the rates and averages).
    pub unfinished: u64,
    /// Every dimension found, in rubric order.
    pub dimensions: Vec<String>,
    /// Per trainee, in name order.
    pub by_trainee: Vec<Group>,
    /// Per scenario, in id order.
    pub by_scenario: Vec<Group>,
    /// With a scenario in the filter: how the group answered each decision.
    pub debrief: Option<ClassDebrief>,
    /// Why finished attempts failed on a critical error, as their authors put it: per
    /// scenario and reason, the attempts that took it (most first). Kept with each
    /// attempt, so it holds after the scenario file changed.
    pub critical: Vec<CriticalCount>,
}

/// A critical error and how many attempts of a scenario took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriticalCount {
    pub scenario: String,
    pub why: String,
    pub attempts: u64,
}

/// Finished attempts of one trainee or one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The trainee's name or the scenario's id.
    pub key: String,
    /// The scenario's title (for a trainee, `None`).
    pub title: Option<String>,
    pub attempts: u64,
    pub passed: u64,
    /// Percent of the attempts that passed.
    pub pass_rate: f64,
    /// Mean overall over the attempts where it was assessed.
    pub overall: Option<f64>,
    /// Mean percent per dimension (in [`Report::dimensions`] order) over the attempts
    /// where it was assessed; `None` where it never was.
    #[serde(with = "ordered_map")]
    pub dimensions: Vec<(String, Option<f64>)>,
}

/// For a classroom debrief: every decision of one scenario and how the group answered it.
/// Counts every recorded answer of the attempts covered, finished or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassDebrief {
    pub scenario: String,
    pub title: String,
    /// Attempts with at least one answer, of the version shown.
    pub attempts: u64,
    pub steps: Vec<StepTally>,
    /// The file version (`sha256:...`) whose answers `steps` counts; `None` when no
    /// attempt answered the version shown (the current file, once labelled).
    pub version: Option<String>,
    /// Attempts with answers given to other versions of the file (not in `steps`).
    pub other_versions: u64,
    /// Every version's answers, the latest played first, as recorded.
    pub versions: Vec<ClassVersion>,
}

/// The answers given to one version of the scenario file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassVersion {
    /// `sha256:` and the hex SHA-256 of the file's bytes.
    pub hash: String,
    /// Attempts with at least one answer.
    pub attempts: u64,
    /// When the latest of them started.
    pub latest: String,
    pub steps: Vec<StepTally>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepTally {
    pub step: String,
    /// What the customer says there (the first variant), once labelled.
    pub say: Option<String>,
    /// Answers given at this step (a step visited twice in one run counts twice).
    pub answers: u64,
    pub choices: Vec<ChoiceTally>,
    /// The customer's line as trainees heard it there (each distinct line once, with how
    /// many answers followed it), when the attempts were replayed ([`ClassDebrief::hear`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heard: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceTally {
    /// Index among the step's choices as authored (0-based).
    pub choice: usize,
    /// The choice's text: as authored once labelled, else as one trainee saw it.
    pub text: String,
    pub count: u64,
    /// Percent of the step's answers.
    pub share: f64,
    /// The mean mood right after this answer; `None` when nobody chose it.
    pub mood_after: Option<f64>,
    /// Once labelled: the best choice at its decision (the highest weighted score).
    #[serde(default)]
    pub best: bool,
    /// Once labelled: the choice's score per dimension, in rubric order.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "ordered_map")]
    pub marks: Vec<(String, i64)>,
    /// Once labelled: the choice's feedback, placeholders filled neutrally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// The neutral words a class debrief puts for the customer's name and the trainee's: the
/// authored texts are shown to a whole room, not as one trainee's run.
pub const NEUTRAL_CUSTOMER: &str = "[customer]";
pub const NEUTRAL_TRAINEE: &str = "[trainee]";

/// The WHERE clause for a filter over `attempt a`, and its values.
fn clause(filter: &ReportFilter) -> (String, Vec<&dyn ToSql>) {
    let mut parts = Vec::new();
    let mut values: Vec<&dyn ToSql> = Vec::new();
    if let Some(s) = &filter.scenario {
        values.push(s);
        parts.push(format!("a.scenario = ?{}", values.len()));
    }
    if let Some(t) = &filter.trainee {
        values.push(t);
        parts.push(format!("a.trainee = ?{}", values.len()));
    }
    if let Some(s) = &filter.since {
        values.push(s);
        parts.push(format!("a.started_at >= ?{}", values.len()));
    }
    if let Some(c) = &filter.class {
        values.push(c);
        parts.push(format!("a.class = ?{}", values.len()));
    }
    if parts.is_empty() {
        parts.push("1".into());
    }
    (parts.join(" AND "), values)
}

fn rate(passed: u64, attempts: u64) -> f64 {
    if attempts == 0 {
        0.0
    } else {
        100.0 * passed as f64 / attempts as f64
    }
}

/// Sums for a mean: the total and how many values went in.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    total: f64,
    count: u64,
}

impl Sum {
    fn add(&mut self, total: f64, count: u64) {
        self.total += total;
        self.count += count;
    }

    fn mean(self) -> Option<f64> {
        (self.count > 0).then(|| self.total / self.count as f64)
    }
}

/// One group's running totals.
#[derive(Debug, Clone, Default)]
struct Totals {
    attempts: u64,
    passed: u64,
    overall: Sum,
    /// By dimension index.
    dimensions: Vec<Sum>,
}

impl Totals {
    fn group(&self, key: String, title: Option<String>, dimensions: &[String]) -> Group {
        Group {
            key,
            title,
            attempts: self.attempts,
            passed: self.passed,
            pass_rate: rate(self.passed, self.attempts),
            overall: self.overall.mean(),
            dimensions: dimensions
                .iter()
                .enumerate()
                .map(|(i, d)| (d.clone(), self.dimensions.get(i).and_then(|s| s.mean())))
                .collect(),
        }
    }
}

/// Index of `key` in `names`, added when new; looked up without allocating.
fn index_of(names: &mut Vec<String>, lookup: &mut HashMap<String, usize>, key: &str) -> usize {
    if let Some(&i) = lookup.get(key) {
        return i;
    }
    names.push(key.to_owned());
    lookup.insert(key.to_owned(), names.len() - 1);
    names.len() - 1
}

impl Store {
    /// The report over the attempts the filter covers.
    ///
    /// The database groups what it can group from an index (attempts per trainee and
    /// scenario); the dimension percents are streamed once and summed here, which on a
    /// large store is several times faster than letting SQLite sort them for a GROUP BY.
    pub fn report(&self, filter: &ReportFilter) -> Result<Report, StoreError> {
        let err = self.err("read");
        let (cond, values) = clause(filter);
        let values = values.as_slice();

        let counts: (i64, i64) = self
            .conn()
            .query_row(
                &format!(
                    "SELECT count(a.finished_at), count(*) - count(a.finished_at) FROM attempt a WHERE {cond}"
                ),
                values,
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&err)?;

        // Attempts, passes and overall per (trainee, scenario), rolled up both ways.
        let (mut trainees, mut trainee_ix) = (Vec::new(), HashMap::new());
        let (mut scenarios, mut scenario_ix) = (Vec::new(), HashMap::new());
        let mut by_trainee: Vec<Totals> = Vec::new();
        let mut by_scenario: Vec<Totals> = Vec::new();
        {
            let sql = format!(
                "SELECT a.trainee, a.scenario, count(*), total(a.passed), total(a.overall), count(a.overall) FROM attempt a WHERE a.finished_at IS NOT NULL AND {cond} GROUP BY a.trainee, a.scenario"
            );
            let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
            let mut rows = stmt.query(values).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let t = index_of(
                    &mut trainees,
                    &mut trainee_ix,
                    r.get_ref(0).and_then(|v| Ok(v.as_str()?)).map_err(&err)?,
                );
                let s = index_of(
                    &mut scenarios,
                    &mut scenario_ix,
                    r.get_ref(1).and_then(|v| Ok(v.as_str()?)).map_err(&err)?,
                );
                let attempts = r.get::<_, i64>(2).map_err(&err)? as u64;
                let passed = r.get::<_, f64>(3).map_err(&err)? as u64;
                let overall: f64 = r.get(4).map_err(&err)?;
                let assessed = r.get::<_, i64>(5).map_err(&err)? as u64;
                by_trainee.resize_with(trainees.len(), Totals::default);
                by_scenario.resize_with(scenarios.len(), Totals::default);
                for totals in [&mut by_trainee[t], &mut by_scenario[s]] {
                    totals.attempts += attempts;
                    totals.passed += passed;
                    totals.overall.add(overall, assessed);
                }
            }
        }

        // Dimension percents, streamed once.
        let (mut dimensions, mut dimension_ix) = (Vec::new(), HashMap::new());
        let mut position: Vec<i64> = Vec::new();
        {
            let sql = format!(
                "SELECT a.trainee, a.scenario, d.dimension, d.position, d.percent FROM attempt_dimension d JOIN attempt a ON a.id = d.attempt WHERE a.finished_at IS NOT NULL AND {cond}"
            );
            let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
            let mut rows = stmt.query(values).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let text = |i| r.get_ref(i).and_then(|v| Ok(v.as_str()?));
                let d = index_of(&mut dimensions, &mut dimension_ix, text(2).map_err(&err)?);
                let pos: i64 = r.get(3).map_err(&err)?;
                if position.len() < dimensions.len() {
                    position.push(pos);
                }
                position[d] = position[d].min(pos);
                let Some(percent) = r.get::<_, Option<f64>>(4).map_err(&err)? else {
                    continue;
                };
                let t = trainee_ix.get(text(0).map_err(&err)?).copied();
                let s = scenario_ix.get(text(1).map_err(&err)?).copied();
                let (Some(t), Some(s)) = (t, s) else {
                    continue;
                };
                for totals in [&mut by_trainee[t], &mut by_scenario[s]] {
                    if totals.dimensions.len() <= d {
                        totals.dimensions.resize(d + 1, Sum::default());
                    }
                    totals.dimensions[d].add(percent, 1);
                }
            }
        }

        // Dimensions in rubric order; each group's sums follow.
        let mut order: Vec<usize> = (0..dimensions.len()).collect();
        order.sort_by(|&a, &b| {
            position[a]
                .cmp(&position[b])
                .then(dimensions[a].cmp(&dimensions[b]))
        });
        for totals in by_trainee.iter_mut().chain(by_scenario.iter_mut()) {
            totals.dimensions.resize(dimensions.len(), Sum::default());
            totals.dimensions = order.iter().map(|&i| totals.dimensions[i]).collect();
        }
        let dimensions: Vec<String> = order.iter().map(|&i| dimensions[i].clone()).collect();

        let mut trainee_groups: Vec<Group> = trainees
            .into_iter()
            .zip(&by_trainee)
            .map(|(name, totals)| totals.group(name, None, &dimensions))
            .collect();
        trainee_groups.sort_by(|a, b| a.key.cmp(&b.key));
        let mut title = self
            .conn()
            .prepare_cached(
                "SELECT scenario_title FROM attempt WHERE scenario = ?1 ORDER BY started_at DESC LIMIT 1",
            )
            .map_err(&err)?;
        let mut scenario_groups = Vec::new();
        for (id, totals) in scenarios.into_iter().zip(&by_scenario) {
            let t: Option<String> = title
                .query_row([&id], |r| r.get(0))
                .optional()
                .map_err(&err)?;
            scenario_groups.push(totals.group(id, t, &dimensions));
        }
        scenario_groups.sort_by(|a, b| a.key.cmp(&b.key));

        let debrief = match &filter.scenario {
            Some(scenario) => Some(self.class_debrief(scenario, &cond, values)?),
            None => None,
        };
        let critical = {
            let sql = format!(
                "SELECT a.scenario, c.why, count(DISTINCT a.id) FROM critical_error c JOIN attempt a ON a.id = c.attempt WHERE a.finished_at IS NOT NULL AND {cond} GROUP BY a.scenario, c.why ORDER BY a.scenario, 3 DESC, c.why"
            );
            let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
            stmt.query_map(values, |r| {
                Ok(CriticalCount {
                    scenario: r.get(0)?,
                    why: r.get(1)?,
                    attempts: r.get::<_, i64>(2)?.max(0) as u64,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(&err)?
        };
        Ok(Report {
            critical,
            filter: filter.clone(),
            attempts: counts.0 as u64,
            unfinished: counts.1 as u64,
            dimensions,
            by_trainee: trainee_groups,
            by_scenario: scenario_groups,
            debrief,
        })
    }

    /// Every answer of the attempts covered, counted per (step, choice) as it streams by.
    fn class_debrief(
        &self,
        scenario: &str,
        cond: &str,
        values: &[&dyn ToSql],
    ) -> Result<ClassDebrief, StoreError> {
        let err = self.err("read");
        let sql = format!(
            "SELECT x.attempt, x.seq, x.step, x.choice, x.mood_after, x.said, a.scenario_hash, a.started_at FROM attempt a JOIN decision x ON x.attempt = a.id WHERE {cond}"
        );
        let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
        let mut rows = stmt.query(values).map_err(&err)?;
        // Per file version: (first seq seen, step) in first-seen order; choices per step.
        let mut versions: Vec<Tallies> = Vec::new();
        while let Some(r) = rows.next().map_err(&err)? {
            let hash = r.get_ref(6).and_then(|v| Ok(v.as_str()?)).map_err(&err)?;
            let started: String = r.get(7).map_err(&err)?;
            let v = match versions.iter().position(|v| v.hash == hash) {
                Some(v) => v,
                None => {
                    versions.push(Tallies {
                        hash: hash.to_owned(),
                        ..Tallies::default()
                    });
                    versions.len() - 1
                }
            };
            let Tallies {
                steps,
                step_ix,
                attempts,
                latest,
                ..
            } = &mut versions[v];
            if started > *latest {
                *latest = started;
            }
            attempts.insert(r.get(0).map_err(&err)?);
            let seq: i64 = r.get(1).map_err(&err)?;
            let step = r.get_ref(2).and_then(|v| Ok(v.as_str()?)).map_err(&err)?;
            let choice = r.get::<_, i64>(3).map_err(&err)?.max(0) as usize;
            let mood: i64 = r.get(4).map_err(&err)?;
            let i = match step_ix.get(step) {
                Some(&i) => i,
                None => {
                    step_ix.insert(step.to_owned(), steps.len());
                    steps.push((
                        seq,
                        StepTally {
                            step: step.to_owned(),
                            say: None,
                            answers: 0,
                            choices: Vec::new(),
                            heard: Vec::new(),
                        },
                        Vec::new(),
                    ));
                    steps.len() - 1
                }
            };
            let (first, tally, moods) = &mut steps[i];
            *first = (*first).min(seq);
            let c = match tally.choices.iter().position(|c| c.choice == choice) {
                Some(c) => c,
                None => {
                    let said = r.get::<_, String>(5).map_err(&err)?;
                    tally.choices.push(ChoiceTally {
                        choice,
                        text: said,
                        count: 0,
                        share: 0.0,
                        mood_after: None,
                        best: false,
                        marks: Vec::new(),
                        feedback: None,
                    });
                    moods.push(Sum::default());
                    tally.choices.len() - 1
                }
            };
            tally.choices[c].count += 1;
            moods[c].add(mood as f64, 1);
        }
        let mut versions: Vec<ClassVersion> = versions
            .into_iter()
            .map(|mut v| {
                v.steps
                    .sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.step.cmp(&b.1.step)));
                ClassVersion {
                    hash: v.hash,
                    attempts: v.attempts.len() as u64,
                    latest: v.latest,
                    steps: v
                        .steps
                        .into_iter()
                        .map(|(_, mut s, moods)| {
                            for (c, m) in s.choices.iter_mut().zip(moods) {
                                c.mood_after = m.mean();
                            }
                            s.choices.sort_by_key(|c| c.choice);
                            s.finish();
                            s
                        })
                        .collect(),
                }
            })
            .collect();
        versions.sort_by(|a, b| b.latest.cmp(&a.latest).then_with(|| a.hash.cmp(&b.hash)));
        let all: u64 = versions.iter().map(|v| v.attempts).sum();
        let shown = versions.first();
        let title: Option<String> = self
            .conn()
            .query_row(
                "SELECT scenario_title FROM attempt WHERE scenario = ?1 ORDER BY started_at DESC LIMIT 1",
                [scenario],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        Ok(ClassDebrief {
            scenario: scenario.to_owned(),
            title: title.unwrap_or_else(|| scenario.to_owned()),
            attempts: shown.map_or(0, |v| v.attempts),
            steps: shown.map(|v| v.steps.clone()).unwrap_or_default(),
            version: shown.map(|v| v.hash.clone()),
            other_versions: all - shown.map_or(0, |v| v.attempts),
            versions,
        })
    }
}

/// One file version's running tallies while the answers stream by.
#[derive(Default)]
struct Tallies {
    hash: String,
    latest: String,
    steps: Vec<(i64, StepTally, Vec<Sum>)>,
    step_ix: HashMap<String, usize>,
    attempts: HashSet<i64>,
}

impl StepTally {
    /// Totals the answers and each choice's share of them.
    fn finish(&mut self) {
        self.answers = self.choices.iter().map(|c| c.count).sum();
        for c in &mut self.choices {
            c.share = rate(c.count, self.answers);
        }
    }
}

impl ClassDebrief {
    /// Shows the answers given to the file version `hash` (the current file's), counting
    /// the attempts on other versions apart: no answer is credited to whatever choice has
    /// its number now. A version nobody answered shows every count as 0.
    pub fn show_version(&mut self, hash: &str) {
        let all: u64 = self.versions.iter().map(|v| v.attempts).sum();
        match self.versions.iter().find(|v| v.hash == hash) {
            Some(v) => {
                self.attempts = v.attempts;
                self.steps = v.steps.clone();
                self.version = Some(v.hash.clone());
            }
            None => {
                self.attempts = 0;
                self.steps = Vec::new();
                self.version = None;
            }
        }
        self.other_versions = all - self.attempts;
    }

    /// Puts the debrief in the order of `scenario`, whose file has the bytes
    /// `file_bytes`: the answers given to that version of the file only (see
    /// [`Self::show_version`]), every step and every choice as authored (nobody's answer
    /// counts as 0), with the authored texts, placeholders filled with neutral words, each
    /// choice's marks and feedback, and the best choice at each decision marked.
    pub fn label(&mut self, scenario: &Scenario, file_bytes: &[u8], rubric: &Rubric) {
        if scenario.id() != self.scenario {
            return;
        }
        self.show_version(&super::hash::scenario_hash(file_bytes));
        self.title = scenario.title().to_owned();
        let dims = Dimensions::for_scenario(rubric, scenario);
        let neutral = |text: &str| fill(text, NEUTRAL_CUSTOMER, NEUTRAL_CUSTOMER, NEUTRAL_TRAINEE);
        let mut recorded = std::mem::take(&mut self.steps);
        let mut steps = Vec::new();
        for step in &scenario.steps {
            let id = step.id.get_ref();
            let mut found = recorded
                .iter()
                .position(|s| &s.step == id)
                .map(|i| recorded.remove(i));
            let mut choices: Vec<ChoiceTally> = step
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let answered = found
                        .as_mut()
                        .and_then(|s| s.choices.iter().position(|t| t.choice == i))
                        .map(|p| found.as_mut().expect("found").choices.remove(p));
                    ChoiceTally {
                        choice: i,
                        text: neutral(c.say.get_ref()),
                        count: answered.as_ref().map_or(0, |t| t.count),
                        share: 0.0,
                        mood_after: answered.and_then(|t| t.mood_after),
                        best: false,
                        marks: dims.ids.iter().map(|d| (d.clone(), c.score(d))).collect(),
                        feedback: c.feedback.as_ref().map(|f| neutral(f.get_ref())),
                    }
                })
                .collect();
            // The answer key: the highest weighted score at the decision (the first of
            // equals), as the xAPI statements' correct responses name it.
            if !dims.is_empty()
                && let Some(&best) = dims.best_of(&step.choices).first()
            {
                choices[best].best = true;
            }
            if let Some(rest) = found {
                choices.extend(rest.choices);
            }
            let mut tally = StepTally {
                step: id.clone(),
                say: step.say.get_ref().0.first().map(|s| neutral(s)),
                answers: 0,
                choices,
                heard: Vec::new(),
            };
            tally.finish();
            steps.push(tally);
        }
        steps.extend(recorded);
        self.steps = steps;
    }

    /// Adds what trainees heard: `lines` holds, for each answer of the version shown, the
    /// step and the customer's line before it as that trainee saw it (a replay of the
    /// attempt draws the same line). Each step lists each distinct line once, with how many
    /// answers followed it, the most heard first.
    pub fn hear<'l>(&mut self, lines: impl IntoIterator<Item = (&'l str, &'l str)>) {
        for (step, line) in lines {
            let Some(tally) = self.steps.iter_mut().find(|s| s.step == step) else {
                continue;
            };
            match tally.heard.iter_mut().find(|(l, _)| l == line) {
                Some((_, n)) => *n += 1,
                None => tally.heard.push((line.to_owned(), 1)),
            }
        }
        for tally in &mut self.steps {
            tally.heard.sort_by_key(|h| std::cmp::Reverse(h.1));
        }
    }
}
