//! Validation: a file's bytes to every finding in it, errors first.

mod lints;
mod slips;

pub use lints::lints;
pub use slips::{PLACEHOLDERS, slips};

use crate::domain::finding::Finding;
use crate::domain::rubric::{Rubric, check_rubric, looks_like_rubric};
use crate::domain::scenario::{Scenario, check, load};

/// A file after validation: its text (for showing findings in context), the scenario
/// when it has no error, and every finding.
#[derive(Debug)]
pub struct Checked {
    pub text: String,
    pub scenario: Option<Scenario>,
    pub findings: Vec<Finding>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

/// Loads and checks one scenario file (or a rubric file: one whose top level has
/// `[[dimension]]` or `[[cue]]` tables). Warnings are only looked for once the file has no
/// error, since they reason about a graph whose references all resolve.
pub fn check_bytes(bytes: &[u8], rubric: &Rubric) -> Checked {
    let mut checked = load_bytes(bytes, rubric);
    if let Some(scenario) = &checked.scenario {
        checked.findings = lints(scenario, &checked.text, rubric);
    }
    checked
}

/// Loads one scenario file and checks the rules a loader enforces (errors), without the
/// warnings: those do not stop a file from playing, and finding them runs a best-path
/// search, so `play` skips them.
pub fn load_bytes(bytes: &[u8], rubric: &Rubric) -> Checked {
    let text = match load::decode(bytes) {
        Ok(text) => load::normalise_newlines(text).into_owned(),
        Err(finding) => {
            return Checked {
                text: String::from_utf8_lossy(&bytes[..bytes.len().min(load::MAX_FILE_BYTES)])
                    .into_owned(),
                scenario: None,
                findings: vec![finding],
            };
        }
    };
    if looks_like_rubric(&text) {
        let findings = match Rubric::parse(&text) {
            Ok(rubric) => check_rubric(&rubric, &text),
            Err(finding) => vec![finding],
        };
        return Checked {
            text,
            scenario: None,
            findings,
        };
    }
    let parsed = load::parse_all(&text);
    let Some(scenario) = parsed.scenario else {
        return Checked {
            text,
            scenario: None,
            findings: parsed.findings,
        };
    };
    // With the wrong keys taken out, the loader's rules still run on the rest.
    let mut errors = parsed.findings;
    errors.extend(check::check(&scenario, &text, rubric));
    errors.sort_by_key(|f| f.span.as_ref().map_or(0, |s| s.start));
    if !errors.is_empty() {
        return Checked {
            text,
            scenario: None,
            findings: errors,
        };
    }
    Checked {
        text,
        scenario: Some(scenario),
        findings: Vec::new(),
    }
}
