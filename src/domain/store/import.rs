//! Attempts back into a store from JSONL (what `export --format jsonl` writes).
//!
//! Each line is one attempt, inserted in its own transaction: a line is imported whole or
//! not at all. An attempt whose id the store already has is skipped, so importing the same
//! file twice changes nothing. A line that cannot be read is reported with its number and
//! the rest are imported.
//!
//! Nothing from outside is trusted: a line longer than [`LINE_LIMIT`] is refused without
//! being held in memory (the reader keeps at most that much of a line), and each attempt
//! is checked against [`limits`](super::attempts::limits) (names, moods, marks, times,
//! decisions per attempt) before it is inserted. An attempt's `source` path is kept as
//! information only: the store marks the attempt imported and never reads that path.

use super::attempts::StoredAttempt;
use super::{Store, StoreError};
use crate::domain::bounded_read::{Line, read_line};
use std::io::BufRead;

/// The longest line read, in bytes: an attempt with the most decisions a run makes and
/// long replies is well under it.
pub const LINE_LIMIT: usize = 8 << 20;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub imported: usize,
    /// Lines whose attempt the store already had.
    pub already_present: usize,
    /// Lines refused: (line number from 1, why).
    pub refused: Vec<(usize, String)>,
}

/// Reads one JSONL line into an attempt, checking what serde cannot.
pub fn parse_line(line: &str) -> Result<StoredAttempt, String> {
    let attempt: StoredAttempt = serde_json::from_str(line).map_err(|e| {
        format!("not a Frontline attempt: {e} (each line must be one object as `frontline export --format jsonl` writes)")
    })?;
    attempt.check()?;
    Ok(attempt)
}

impl Store {
    /// Imports every line of `input`. Fails only when the store itself fails (a line's
    /// own problems go in [`ImportSummary::refused`]) or the input cannot be read.
    pub fn import_jsonl(&mut self, mut input: impl BufRead) -> Result<ImportSummary, ImportError> {
        let mut summary = ImportSummary::default();
        let mut bytes = Vec::new();
        for number in 1.. {
            let line =
                read_line(&mut input, &mut bytes, LINE_LIMIT).map_err(|e| ImportError::Read {
                    line: number,
                    detail: e.to_string(),
                })?;
            match line {
                Line::End => break,
                Line::TooLong => {
                    summary.refused.push((
                        number,
                        format!(
                            "the line is longer than {} MiB; an attempt is far shorter",
                            LINE_LIMIT >> 20
                        ),
                    ));
                    continue;
                }
                Line::Read => {}
            }
            let Ok(text) = std::str::from_utf8(&bytes) else {
                summary
                    .refused
                    .push((number, "the line is not valid UTF-8".into()));
                continue;
            };
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match parse_line(text) {
                Err(why) => summary.refused.push((number, why)),
                Ok(attempt) => match self.insert_attempt(&attempt) {
                    Ok(true) => summary.imported += 1,
                    Ok(false) => summary.already_present += 1,
                    Err(e @ StoreError::BadValue { .. }) => {
                        summary.refused.push((number, e.to_string()))
                    }
                    Err(e) => {
                        return Err(ImportError::Store {
                            line: number,
                            error: e,
                        });
                    }
                },
            }
        }
        Ok(summary)
    }
}

#[derive(Debug)]
pub enum ImportError {
    Read { line: usize, detail: String },
    Store { line: usize, error: StoreError },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Read { line, detail } => {
                write!(f, "error: cannot read line {line} of the input: {detail}")
            }
            ImportError::Store { line, error } => {
                write!(
                    f,
                    "{error}\n(while importing line {line}; the lines before it are imported)"
                )
            }
        }
    }
}

impl std::error::Error for ImportError {}
