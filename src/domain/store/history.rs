//! A trainee's history: every attempt, the best result per scenario, the trend per
//! dimension, the weakest dimension, and the scenario that would practise it next.
//!
//! A trend compares a trainee with themselves on the same scenario: its slope is the
//! pooled within-scenario least-squares slope (each scenario's attempts measured from
//! that scenario's own means), so a hard scenario after an easy one reads as a new
//! scenario, not as decline. "Practise next" stays at the trainee's level: a scenario at
//! or one step above the hardest difficulty they have passed (1 before any pass), the one
//! that works the weakest dimension most.
//!
//! The store reads the rows ([`Store::history`]); everything else is pure:
//! [`History::build`] and [`next_practice`].

use super::attempts::AttemptId;
use super::{Store, StoreError};
use crate::domain::best_path::best_path;
use crate::domain::graph::Graph;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Outcome, Scenario};
use crate::domain::scoring::Dimensions;
use crate::domain::session::ordered_map;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How many of the latest assessed attempts the "recent" average (and so the weakest
/// dimension) is taken over.
pub const RECENT: usize = 5;

/// A slope, in percentage points per attempt, at or beyond which a trend is called
/// improving or declining rather than steady.
pub const TREND_THRESHOLD: f64 = 1.0;

/// Fewer assessed attempts than this give no trend.
pub const TREND_MIN: usize = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    pub trainee: String,
    /// Started at or after (store form, see [`super::time::since`]).
    pub since: Option<String>,
}

/// One attempt as a line of history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptRow {
    pub id: AttemptId,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub scenario: String,
    pub scenario_title: String,
    pub mode: String,
    /// `None` while unfinished.
    pub outcome: Option<Outcome>,
    pub passed: Option<bool>,
    pub overall: Option<f64>,
    /// Percent per dimension in rubric order (empty while unfinished).
    #[serde(with = "ordered_map")]
    pub dimensions: Vec<(String, Option<f64>)>,
    /// Decisions recorded.
    pub decisions: usize,
    /// The version of the scenario file it was played on (`sha256:` and the hex SHA-256
    /// of its bytes): a choice's number and words mean nothing across an edit.
    pub version: String,
    /// Whether the scenario's file in the library now is another version than the one
    /// played ([`History::mark_versions`]); `None` when not known (not in the library).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<bool>,
    /// Why it failed whatever its score: the author's reason for each critical error
    /// taken, in order (empty when none, or unfinished).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub critical: Vec<String>,
}

impl AttemptRow {
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }
}

/// The best finished attempt of a scenario: a pass beats a fail, then the higher overall,
/// then the earlier attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BestResult {
    pub scenario: String,
    pub scenario_title: String,
    /// Finished attempts of the scenario.
    pub attempts: usize,
    pub passed: bool,
    pub overall: Option<f64>,
    pub attempt: AttemptId,
    pub finished_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improving,
    Steady,
    Declining,
    /// Fewer than [`TREND_MIN`] assessed attempts.
    TooFew,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Steady => "steady",
            Direction::Declining => "declining",
            Direction::TooFew => "too few attempts",
        }
    }
}

/// A dimension over the trainee's finished attempts where it was assessed, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionTrend {
    pub dimension: String,
    /// The percents, oldest first.
    pub values: Vec<f64>,
    pub mean: f64,
    /// The mean of the last [`RECENT`] values.
    pub recent: f64,
    /// Least-squares slope in percentage points per attempt of the same scenario, pooled
    /// over the scenarios played more than once; `None` below [`TREND_MIN`] attempts or
    /// when no scenario was assessed twice.
    pub slope: Option<f64>,
    pub direction: Direction,
}

/// The scenario that would practise a dimension next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Practice {
    pub scenario: String,
    pub title: String,
    pub dimension: String,
    /// Points the scenario's best path earns on the dimension above the worst choice shown
    /// at each decision (how much of the dimension it exercises).
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    pub trainee: String,
    /// Every attempt, finished or not, oldest first.
    pub attempts: Vec<AttemptRow>,
    /// One per scenario with a finished attempt, in scenario id order.
    pub best: Vec<BestResult>,
    /// One per dimension assessed in any finished attempt, in rubric order.
    pub trends: Vec<DimensionTrend>,
    /// The dimension with the lowest recent mean.
    pub weakest: Option<String>,
    /// Filled by [`History::recommend`], which needs the library.
    pub next: Option<Practice>,
}

impl History {
    /// The history of `trainee` from their attempts, oldest first.
    pub fn build(trainee: &str, attempts: Vec<AttemptRow>) -> History {
        let finished: Vec<&AttemptRow> = attempts.iter().filter(|a| a.is_finished()).collect();

        let mut best: BTreeMap<&str, BestResult> = BTreeMap::new();
        for a in &finished {
            let passed = a.passed.unwrap_or(false);
            let candidate = BestResult {
                scenario: a.scenario.clone(),
                scenario_title: a.scenario_title.clone(),
                attempts: 0,
                passed,
                overall: a.overall,
                attempt: a.id,
                finished_at: a.finished_at.clone().unwrap_or_default(),
            };
            let entry = best.entry(&a.scenario).or_insert_with(|| candidate.clone());
            entry.attempts += 1;
            let rank = |b: &BestResult| (u8::from(b.passed), b.overall.unwrap_or(-1.0));
            let (new, old) = (rank(&candidate), rank(entry));
            if new.0 > old.0 || (new.0 == old.0 && new.1 > old.1) {
                let count = entry.attempts;
                *entry = candidate;
                entry.attempts = count;
            }
        }

        // Dimensions in the order they first appear (rubric order within an attempt).
        let mut order: Vec<String> = Vec::new();
        for a in &finished {
            for (d, _) in &a.dimensions {
                if !order.contains(d) {
                    order.push(d.clone());
                }
            }
        }
        let trends: Vec<DimensionTrend> = order
            .iter()
            .filter_map(|d| {
                let values: Vec<(&str, f64)> = finished
                    .iter()
                    .filter_map(|a| {
                        let v = a.dimensions.iter().find(|(k, _)| k == d)?.1?;
                        Some((a.scenario.as_str(), v))
                    })
                    .collect();
                trend(d, &values)
            })
            .collect();
        let weakest = trends
            .iter()
            .fold(None::<&DimensionTrend>, |low, t| match low {
                Some(l) if l.recent <= t.recent => Some(l),
                _ => Some(t),
            })
            .map(|t| t.dimension.clone());

        History {
            trainee: trainee.to_owned(),
            best: best.into_values().collect(),
            attempts,
            trends,
            weakest,
            next: None,
        }
    }

    /// The scenarios the trainee has passed.
    pub fn passed(&self) -> BTreeSet<String> {
        self.best
            .iter()
            .filter(|b| b.passed)
            .map(|b| b.scenario.clone())
            .collect()
    }

    /// Marks each attempt whose scenario's file is now another version: `current` maps a
    /// scenario id to the version of its file in the library now.
    pub fn mark_versions(&mut self, current: &BTreeMap<String, String>) {
        for a in &mut self.attempts {
            a.changed = current.get(&a.scenario).map(|now| *now != a.version);
        }
    }

    /// Whether any attempt was played on another version of its file than the library's.
    pub fn any_changed(&self) -> bool {
        self.attempts.iter().any(|a| a.changed == Some(true))
    }

    /// Fills [`History::next`]: the scenario of `library` that would practise the weakest
    /// dimension, among those not passed yet, at the trainee's level: at or one step above
    /// the hardest difficulty passed (difficulty 1 before any pass). When nothing at that
    /// level is left, the easiest level above it that has one.
    pub fn recommend<'a>(
        &mut self,
        library: impl IntoIterator<Item = &'a Scenario>,
        rubric: &Rubric,
    ) {
        let Some(dimension) = self.weakest.clone() else {
            self.next = None;
            return;
        };
        let passed = self.passed();
        let all: Vec<&Scenario> = library.into_iter().collect();
        let level = passed_level(&all, &passed);
        let difficulty = |s: &Scenario| *s.scenario.difficulty.get_ref();
        let band = |s: &&Scenario| (level.max(1)..=level + 1).contains(&difficulty(s));
        self.next = next_practice(
            all.iter().copied().filter(band),
            rubric,
            &dimension,
            &passed,
        )
        .or_else(|| {
            // Nothing left at this level: the next level up that has one.
            let mut above: Vec<i64> = all
                .iter()
                .map(|s| difficulty(s))
                .filter(|&d| d > level + 1)
                .collect();
            above.sort_unstable();
            above.dedup();
            above.into_iter().find_map(|d| {
                let at = all.iter().copied().filter(|s| difficulty(s) == d);
                next_practice(at, rubric, &dimension, &passed)
            })
        })
        .or_else(|| next_practice(all.iter().copied(), rubric, &dimension, &passed));
    }
}

/// The hardest difficulty among the passed scenarios of `library` (0 before any pass).
pub fn passed_level(library: &[&Scenario], passed: &BTreeSet<String>) -> i64 {
    library
        .iter()
        .filter(|s| passed.contains(s.id()))
        .map(|s| *s.scenario.difficulty.get_ref())
        .max()
        .unwrap_or(0)
}

/// The trend of one dimension over `(scenario, percent)` in attempt order.
fn trend(dimension: &str, scored: &[(&str, f64)]) -> Option<DimensionTrend> {
    if scored.is_empty() {
        return None;
    }
    let values: Vec<f64> = scored.iter().map(|(_, v)| *v).collect();
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let tail = &values[n.saturating_sub(RECENT)..];
    let recent = tail.iter().sum::<f64>() / tail.len() as f64;
    let slope = if n >= TREND_MIN {
        within_scenario_slope(scored)
    } else {
        None
    };
    let direction = match slope {
        None => Direction::TooFew,
        Some(s) if s >= TREND_THRESHOLD => Direction::Improving,
        Some(s) if s <= -TREND_THRESHOLD => Direction::Declining,
        Some(_) => Direction::Steady,
    };
    Some(DimensionTrend {
        dimension: dimension.to_owned(),
        values,
        mean,
        recent,
        slope,
        direction,
    })
}

/// The pooled within-scenario least-squares slope: for each scenario, its attempts
/// numbered 0, 1, 2... and each value and number taken from that scenario's own mean; the
/// slope is the sum of the cross products over the sum of the squares. `None` when no
/// scenario has two values (nothing to compare a trainee with).
fn within_scenario_slope(scored: &[(&str, f64)]) -> Option<f64> {
    let mut by_scenario: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (s, v) in scored {
        by_scenario.entry(s).or_default().push(*v);
    }
    let (mut num, mut den) = (0.0, 0.0);
    for values in by_scenario.values() {
        let n = values.len() as f64;
        let x_mean = (n - 1.0) / 2.0;
        let y_mean = values.iter().sum::<f64>() / n;
        for (i, y) in values.iter().enumerate() {
            let dx = i as f64 - x_mean;
            num += dx * (y - y_mean);
            den += dx * dx;
        }
    }
    (den > 0.0).then(|| num / den)
}

/// Among the scenarios of `library` not in `passed`, the one whose best path earns the
/// most points on `dimension` (above the worst choice shown at each decision); ties go
/// to the higher percent on the dimension, then to library order. `None` when no such
/// scenario scores the dimension at all.
pub fn next_practice<'a>(
    library: impl IntoIterator<Item = &'a Scenario>,
    rubric: &Rubric,
    dimension: &str,
    passed: &BTreeSet<String>,
) -> Option<Practice> {
    let mut best: Option<(i64, f64, Practice)> = None;
    for scenario in library {
        if passed.contains(scenario.id()) {
            continue;
        }
        let dims = Dimensions::for_scenario(rubric, scenario);
        let Some(index) = dims.ids.iter().position(|d| d == dimension) else {
            continue;
        };
        let graph = Graph::new(scenario);
        let Some(path) = best_path(&graph, &dims) else {
            continue;
        };
        let points = path.tally.gained[index];
        let percent = path.tally.percents()[index].unwrap_or(0.0);
        if points <= 0 {
            continue;
        }
        let better = match &best {
            None => true,
            Some((p, pc, _)) => points > *p || (points == *p && percent > *pc),
        };
        if better {
            best = Some((
                points,
                percent,
                Practice {
                    scenario: scenario.id().to_owned(),
                    title: scenario.title().to_owned(),
                    dimension: dimension.to_owned(),
                    points,
                },
            ));
        }
    }
    best.map(|(_, _, p)| p)
}

impl Store {
    /// The trainee's history (without [`History::next`], which needs the library: call
    /// [`History::recommend`]).
    pub fn history(&self, filter: &HistoryFilter) -> Result<History, StoreError> {
        let err = self.err("read");
        let mut sql = String::from(
            "SELECT a.id, a.uuid, a.started_at, a.finished_at, a.scenario, a.scenario_title, a.mode, a.outcome, a.passed, a.overall, (SELECT count(*) FROM decision x WHERE x.attempt = a.id), a.scenario_hash FROM attempt a WHERE a.trainee = ?1",
        );
        let since = filter.since.clone().unwrap_or_default();
        sql.push_str(" AND a.started_at >= ?2 ORDER BY a.started_at, a.id");
        let mut stmt = self.conn().prepare(&sql).map_err(&err)?;
        let mut dims = self
            .conn()
            .prepare(
                "SELECT dimension, percent FROM attempt_dimension WHERE attempt = ?1 ORDER BY position",
            )
            .map_err(&err)?;
        let mut critical = self
            .conn()
            .prepare("SELECT why FROM critical_error WHERE attempt = ?1 ORDER BY n")
            .map_err(&err)?;
        let mut rows = stmt
            .query(rusqlite::params![filter.trainee, since])
            .map_err(&err)?;
        let mut attempts = Vec::new();
        while let Some(r) = rows.next().map_err(&err)? {
            let rowid: i64 = r.get(0).map_err(&err)?;
            let uuid: String = r.get(1).map_err(&err)?;
            let outcome: Option<String> = r.get(7).map_err(&err)?;
            let outcome = match outcome {
                None => None,
                Some(o) => Some(super::attempts::parse_outcome(&o).ok_or_else(|| {
                    StoreError::bad_value(self.path(), "outcome", format!("`{o}`"))
                })?),
            };
            let dimensions = dims
                .query_map([rowid], |d| Ok((d.get(0)?, d.get(1)?)))
                .and_then(|rows| rows.collect())
                .map_err(&err)?;
            attempts.push(AttemptRow {
                id: uuid
                    .parse()
                    .map_err(|e| StoreError::bad_value(self.path(), "attempt id", e))?,
                started_at: r.get(2).map_err(&err)?,
                finished_at: r.get(3).map_err(&err)?,
                scenario: r.get(4).map_err(&err)?,
                scenario_title: r.get(5).map_err(&err)?,
                mode: r.get(6).map_err(&err)?,
                outcome,
                passed: r.get(8).map_err(&err)?,
                overall: r.get(9).map_err(&err)?,
                dimensions,
                decisions: r.get::<_, i64>(10).map_err(&err)? as usize,
                version: r.get(11).map_err(&err)?,
                changed: None,
                critical: critical
                    .query_map([rowid], |c| c.get(0))
                    .and_then(|rows| rows.collect())
                    .map_err(&err)?,
            });
        }
        Ok(History::build(&filter.trainee, attempts))
    }
}

#[cfg(test)]
mod trend_tests {
    use super::*;
    use crate::domain::library::Library;

    fn row(scenario: &str, listening: f64, passed: bool) -> AttemptRow {
        AttemptRow {
            id: AttemptId::random(),
            started_at: "2026-11-01T09:00:00.000Z".into(),
            finished_at: Some("2026-11-01T09:05:00.000Z".into()),
            scenario: scenario.into(),
            scenario_title: scenario.into(),
            mode: "coach".into(),
            outcome: Some(Outcome::Resolved),
            passed: Some(passed),
            overall: Some(listening),
            dimensions: vec![("listening".into(), Some(listening))],
            decisions: 3,
            version: "sha256:0".into(),
            changed: None,
            critical: Vec::new(),
        }
    }

    #[test]
    fn a_harder_scenario_after_an_easy_one_is_not_a_decline() {
        // Easy at 90, hard at 40, another hard at 30: three scenarios, no repeat.
        let h = History::build(
            "Ana",
            vec![
                row("easy", 90.0, true),
                row("hard", 40.0, false),
                row("harder", 30.0, false),
            ],
        );
        assert_eq!(h.trends[0].direction, Direction::TooFew);
        // The same, then each played again a little better: improving, though the
        // plain slope over time falls.
        let h = History::build(
            "Ana",
            vec![
                row("easy", 90.0, true),
                row("hard", 40.0, false),
                row("easy", 95.0, true),
                row("hard", 50.0, false),
            ],
        );
        assert_eq!(
            h.trends[0].direction,
            Direction::Improving,
            "{:?}",
            h.trends[0]
        );
        assert!((h.trends[0].slope.unwrap() - 7.5).abs() < 1e-9);
        // Worse on the same scenario is still a decline.
        let h = History::build(
            "Ana",
            vec![
                row("hard", 60.0, false),
                row("easy", 90.0, true),
                row("hard", 40.0, false),
            ],
        );
        assert_eq!(h.trends[0].direction, Direction::Declining);
    }

    #[test]
    fn practise_next_stays_at_or_one_step_above_the_level_passed() {
        let rubric = Rubric::builtin();
        let library = Library::builtin(&rubric);
        let all: Vec<&Scenario> = library.scenarios().collect();
        let difficulty = |id: &str| {
            *all.iter()
                .find(|s| s.id() == id)
                .unwrap()
                .scenario
                .difficulty
                .get_ref()
        };
        // A beginner with nothing passed gets one of the gentlest scenarios there are.
        let gentlest = all
            .iter()
            .map(|s| *s.scenario.difficulty.get_ref())
            .min()
            .unwrap();
        let mut h = History::build("Ana", vec![row("x", 20.0, false)]);
        h.recommend(all.iter().copied(), &rubric);
        let next = h.next.clone().expect("a suggestion");
        assert_eq!(difficulty(&next.scenario), gentlest, "{next:?}");
        // Having passed a difficulty-2 scenario: 2 or 3, never 4 or 5.
        let two = all
            .iter()
            .find(|s| *s.scenario.difficulty.get_ref() == 2)
            .unwrap()
            .id()
            .to_owned();
        let mut h = History::build("Ana", vec![row(&two, 95.0, true), row("x", 20.0, false)]);
        h.recommend(all.iter().copied(), &rubric);
        let next = h.next.clone().expect("a suggestion");
        assert_ne!(next.scenario, two);
        assert!((2..=3).contains(&difficulty(&next.scenario)), "{next:?}");
    }
}
