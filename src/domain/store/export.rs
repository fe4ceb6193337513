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

/// Cells joined as one RFC 4180 line (the `csv` crate's quoting: a cell with a comma,
/// quote or line break is quoted, its quotes doubled), every cell neutralised
/// ([`neutralise`]) so that no spreadsheet runs it as a formula.
pub fn csv_row<S: AsRef<str>>(cells: &[S]) -> String {
    cells
        .iter()
        .map(|c| csv_cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",")
}

/// One cell as CSV: neutralised, then quoted by the `csv` crate where needed (always,
/// when neutralised).
fn csv_cell(cell: &str) -> String {
    let (text, style) = match neutralise(cell) {
        Some(safe) => (safe, csv::QuoteStyle::Always),
        None => (cell.to_owned(), csv::QuoteStyle::Necessary),
    };
    if text.is_empty() {
        return text;
    }
    let mut writer = csv::WriterBuilder::new()
        .quote_style(style)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record([&text]).expect("writing to memory");
    let mut bytes = writer.into_inner().expect("writing to memory");
    bytes.pop(); // the record's terminator: the caller joins the cells
    String::from_utf8(bytes).expect("UTF-8 in, UTF-8 out")
}

/// A cell a spreadsheet would take for a formula, made text as OWASP recommends
/// ("CSV Injection"): one starting with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading `'` (and is then quoted). A number (`-20`, `+3.5`) is left as it is: it
/// cannot be a formula, and stays a number for the spreadsheet. `None` when the cell is
/// safe as it is.
pub fn neutralise(cell: &str) -> Option<String> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.parse::<f64>().is_ok_and(f64::is_finite);
    (risky && !number).then(|| format!("'{cell}"))
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
    fn formulas_are_neutralised_and_quoted_numbers_are_not() {
        assert_eq!(
            csv_row(&[
                "=HYPERLINK(\"http://x\",\"click\")",
                "+SUM(A1)",
                "@cmd",
                "-2+3",
                "\tx",
                "\r=1",
                "-20",
                "+3.5",
                "plain",
                "",
            ]),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",\"'+SUM(A1)\",\"'@cmd\",\"'-2+3\",\"'\tx\",\"'\r=1\",-20,+3.5,plain,"
        );
        assert_eq!(neutralise("-inf"), Some("'-inf".into()));
        assert_eq!(neutralise("Dana"), None);
    }

    #[test]
    fn numbers_keep_one_decimal() {
        assert_eq!(number(58.65), "58.7");
        assert_eq!(number(50.0), "50");
        assert_eq!(number(84.6153), "84.6");
    }
}
