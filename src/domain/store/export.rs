//! Attempts out of the store: JSONL (whole attempts, what `import` reads back) and CSV (one
//! row per attempt, for spreadsheets). xAPI statements are in [`super::xapi`].

use super::attempts::StoredAttempt;
use super::{Store, StoreError};

/// One JSONL line: the whole attempt, decisions included, without a line break.
pub fn jsonl_line(attempt: &StoredAttempt) -> String {
    serde_json::to_string(attempt).expect("an attempt serialises")
}

/// The CSV columns before the dimensions.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "trainee",
    "scenario",
    "scenario_title",
    "mode",
    "seed",
    "shuffle",
    "started_at",
    "finished_at",
    "duration_ms",
    "ending",
    "outcome",
    "passed",
    "overall",
    "final_mood",
    "decisions",
];

/// The CSV header: [`CSV_COLUMNS`], then one column per dimension.
pub fn csv_header(dimensions: &[String]) -> String {
    let mut cells: Vec<String> = CSV_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    cells.extend(dimensions.iter().cloned());
    csv_row(&cells)
}

/// One attempt as a CSV row; empty cells where unfinished or not assessed.
pub fn csv_attempt(attempt: &StoredAttempt, dimensions: &[String]) -> String {
    let r = attempt.result.as_ref();
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut cells = vec![
        attempt.id.to_string(),
        attempt.trainee.clone(),
        attempt.scenario.clone(),
        attempt.scenario_title.clone(),
        attempt.mode.as_str().to_owned(),
        attempt.seed.to_string(),
        attempt.shuffle.to_string(),
        attempt.started_at.clone(),
        opt(r.map(|r| r.finished_at.clone())),
        opt(attempt.duration_ms().map(|d| d.to_string())),
        opt(r.map(|r| r.ending.clone())),
        opt(r.map(|r| r.outcome.as_str().to_owned())),
        opt(r.map(|r| r.passed.to_string())),
        opt(r.and_then(|r| r.overall).map(number)),
        opt(r.map(|r| r.final_mood.to_string())),
        attempt.decisions.len().to_string(),
    ];
    for d in dimensions {
        let percent = r
            .and_then(|r| r.dimensions.iter().find(|(k, _)| k == d))
            .and_then(|(_, p)| *p);
        cells.push(opt(percent.map(number)));
    }
    csv_row(&cells)
}

/// A number as the report shows it: one decimal place at most.
pub fn number(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Cells joined as one RFC 4180 line: a cell with a comma, quote or line break is quoted,
/// its quotes doubled.
pub fn csv_row<S: AsRef<str>>(cells: &[S]) -> String {
    cells
        .iter()
        .map(|c| {
            let c = c.as_ref();
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// Every dimension id any finished attempt has, in rubric order.
    pub fn dimension_ids(&self) -> Result<Vec<String>, StoreError> {
        let err = self.err("read");
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT dimension FROM attempt_dimension GROUP BY dimension ORDER BY min(position), dimension",
            )
            .map_err(&err)?;
        stmt.query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(&err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it() {
        assert_eq!(
            csv_row(&["a", "b,c", "say \"hi\"", "two\nlines"]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\""
        );
    }

    #[test]
    fn numbers_keep_one_decimal() {
        assert_eq!(number(58.65), "58.7");
        assert_eq!(number(50.0), "50");
        assert_eq!(number(84.6153), "84.6");
    }
}
