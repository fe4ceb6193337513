//! The trainer's report: pass rates and dimension averages per trainee and per scenario,
//! and, for one scenario, the class debrief: at each decision, how the group answered.
//!
//! [`Store::report`] aggregates in SQL and returns plain data; [`ClassDebrief::label`]
//! (pure) puts the debrief in the scenario's order with the authored choice texts. The CLI
//! prints the result as a table, JSON or CSV; the TUI renders the same data.

use super::{Store, StoreError};
use crate::domain::scenario::Scenario;
use crate::domain::session::ordered_map;
use rusqlite::ToSql;
use serde::Serialize;
use std::collections::HashMap;

/// Which attempts a report covers. Every field narrows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportFilter {
    pub scenario: Option<String>,
    pub trainee: Option<String>,
    /// Started at or after (store form, see [`super::time::since`]).
    pub since: Option<String>,
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
    /// Attempts with at least one answer.
    pub attempts: u64,
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
}

/// Mean percent per dimension, as found.
type Means = Vec<(String, Option<f64>)>;

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

impl Store {
    /// The report over the attempts the filter covers.
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

        // Dimension means per group, and each dimension's place in the rubric.
        let mut position: HashMap<String, i64> = HashMap::new();
        let mut means: HashMap<(bool, String), Means> = HashMap::new();
        for (by_trainee, key) in [(true, "a.trainee"), (false, "a.scenario")] {
            let sql = format!(
                "SELECT {key}, d.dimension, avg(d.percent), min(d.position) FROM attempt a JOIN attempt_dimension d ON d.attempt = a.id WHERE a.finished_at IS NOT NULL AND {cond} GROUP BY {key}, d.dimension"
            );
            let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
            let mut rows = stmt.query(values).map_err(&err)?;
            while let Some(r) = rows.next().map_err(&err)? {
                let group: String = r.get(0).map_err(&err)?;
                let dimension: String = r.get(1).map_err(&err)?;
                let mean: Option<f64> = r.get(2).map_err(&err)?;
                let pos: i64 = r.get(3).map_err(&err)?;
                let p = position.entry(dimension.clone()).or_insert(pos);
                *p = (*p).min(pos);
                means
                    .entry((by_trainee, group))
                    .or_default()
                    .push((dimension, mean));
            }
        }
        let mut dimensions: Vec<String> = position.keys().cloned().collect();
        dimensions.sort_by(|a, b| position[a].cmp(&position[b]).then(a.cmp(b)));

        let mut groups = |by_trainee: bool| -> Result<Vec<Group>, StoreError> {
            let (key, title) = if by_trainee {
                ("a.trainee", "NULL")
            } else {
                ("a.scenario", "max(a.scenario_title)")
            };
            let sql = format!(
                "SELECT {key}, {title}, count(*), total(a.passed), avg(a.overall) FROM attempt a WHERE a.finished_at IS NOT NULL AND {cond} GROUP BY {key} ORDER BY {key}"
            );
            let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
            let mut rows = stmt.query(values).map_err(&err)?;
            let mut out = Vec::new();
            while let Some(r) = rows.next().map_err(&err)? {
                let key: String = r.get(0).map_err(&err)?;
                let attempts = r.get::<_, i64>(2).map_err(&err)? as u64;
                let passed = r.get::<_, f64>(3).map_err(&err)? as u64;
                let found = means.remove(&(by_trainee, key.clone())).unwrap_or_default();
                let dims = dimensions
                    .iter()
                    .map(|d| {
                        let mean = found.iter().find(|(k, _)| k == d).and_then(|(_, m)| *m);
                        (d.clone(), mean)
                    })
                    .collect();
                out.push(Group {
                    title: r.get(1).map_err(&err)?,
                    key,
                    attempts,
                    passed,
                    pass_rate: rate(passed, attempts),
                    overall: r.get(4).map_err(&err)?,
                    dimensions: dims,
                });
            }
            Ok(out)
        };
        let by_trainee = groups(true)?;
        let by_scenario = groups(false)?;

        let debrief = match &filter.scenario {
            Some(scenario) => Some(self.class_debrief(scenario, &cond, values)?),
            None => None,
        };
        Ok(Report {
            filter: filter.clone(),
            attempts: counts.0 as u64,
            unfinished: counts.1 as u64,
            dimensions,
            by_trainee,
            by_scenario,
            debrief,
        })
    }

    fn class_debrief(
        &self,
        scenario: &str,
        cond: &str,
        values: &[&dyn ToSql],
    ) -> Result<ClassDebrief, StoreError> {
        let err = self.err("read");
        let (attempts, title): (i64, Option<String>) = self
            .conn()
            .query_row(
                &format!(
                    "SELECT count(DISTINCT x.attempt), max(a.scenario_title) FROM decision x JOIN attempt a ON a.id = x.attempt WHERE {cond}"
                ),
                values,
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&err)?;
        let sql = format!(
            "SELECT x.step, x.choice, count(*), avg(x.mood_after), min(x.seq), max(x.said) FROM decision x JOIN attempt a ON a.id = x.attempt WHERE {cond} GROUP BY x.step, x.choice"
        );
        let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
        let mut rows = stmt.query(values).map_err(&err)?;
        // (first seq seen, step) -> choices
        let mut steps: Vec<(i64, StepTally)> = Vec::new();
        while let Some(r) = rows.next().map_err(&err)? {
            let step: String = r.get(0).map_err(&err)?;
            let choice = r.get::<_, i64>(1).map_err(&err)?.max(0) as usize;
            let count = r.get::<_, i64>(2).map_err(&err)? as u64;
            let mood: Option<f64> = r.get(3).map_err(&err)?;
            let seq: i64 = r.get(4).map_err(&err)?;
            let said: String = r.get(5).map_err(&err)?;
            let tally = ChoiceTally {
                choice,
                text: said,
                count,
                share: 0.0,
                mood_after: mood,
            };
            match steps.iter_mut().find(|(_, s)| s.step == step) {
                Some((first, s)) => {
                    *first = (*first).min(seq);
                    s.choices.push(tally);
                }
                None => steps.push((
                    seq,
                    StepTally {
                        step,
                        say: None,
                        answers: 0,
                        choices: vec![tally],
                    },
                )),
            }
        }
        steps.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.step.cmp(&b.1.step)));
        let mut steps: Vec<StepTally> = steps.into_iter().map(|(_, s)| s).collect();
        for s in &mut steps {
            s.choices.sort_by_key(|c| c.choice);
            s.finish();
        }
        Ok(ClassDebrief {
            scenario: scenario.to_owned(),
            title: title.unwrap_or_else(|| scenario.to_owned()),
            attempts: attempts as u64,
            steps,
        })
    }
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
    /// Puts the debrief in the scenario's order: every step and every choice as authored
    /// (nobody's answer counts as 0), with the authored texts. Steps or choices the file no
    /// longer has (it changed since) are kept after, as recorded.
    pub fn label(&mut self, scenario: &Scenario) {
        if scenario.id() != self.scenario {
            return;
        }
        self.title = scenario.title().to_owned();
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
                        text: c.say.get_ref().clone(),
                        count: answered.as_ref().map_or(0, |t| t.count),
                        share: 0.0,
                        mood_after: answered.and_then(|t| t.mood_after),
                    }
                })
                .collect();
            if let Some(rest) = found {
                choices.extend(rest.choices);
            }
            let mut tally = StepTally {
                step: id.clone(),
                say: step.say.get_ref().0.first().cloned(),
                answers: 0,
                choices,
            };
            tally.finish();
            steps.push(tally);
        }
        steps.extend(recorded);
        self.steps = steps;
    }
}
