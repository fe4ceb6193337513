//! A finding: something wrong (error) or worth a look (warning) in a file, with where it is.

use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding in one file. `span` is a byte range into the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// A stable, kebab-case name for the rule, for scripts and docs.
    pub code: &'static str,
    pub message: String,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
    /// Other places the finding points at, each with its label ("first defined here").
    pub related: Vec<(Range<usize>, String)>,
}

impl Finding {
    pub fn error(code: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, message)
        }
    }

    pub fn at(mut self, span: Range<usize>) -> Finding {
        self.span = Some(span);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// A second place to show, with its label.
    pub fn also(mut self, span: Range<usize>, label: impl Into<String>) -> Finding {
        self.related.push((span, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Where each line of a text starts, for many line and column look-ups in one text: each
/// is a binary search and a walk along one line, not a count from the top of the file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Where 0-based `line` starts, if the text has it.
    pub fn start_of(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// [`line_column`] of `text`, the text this index was made from.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let column = text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// "did you mean `x`?" for a misspelt word, when one candidate is close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a = 1\nname = \"Zoë\" x";
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 14));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, text.len() + 10), (2, 15));
    }

    #[test]
    fn line_index_agrees_with_line_column() {
        let text = "a = 1\nname = \"Zoë\" x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..text.len() + 3 {
            assert_eq!(
                index.line_column(text, offset),
                line_column(text, offset),
                "{offset}"
            );
        }
        assert_eq!(index.line_of(0), 0);
        assert_eq!(index.start_of(3), Some(text.find("last").unwrap()));
        assert_eq!(index.start_of(4), None);
    }

    #[test]
    fn did_you_mean_finds_close_words_only() {
        let keys = ["feedback", "say", "next"];
        assert_eq!(did_you_mean("feedbak", keys), Some("feedback"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
