//! Findings as people and scripts read them: annotate-snippets for people, JSON for scripts.

use crate::domain::finding::{Finding, Severity, line_column};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;
use std::io::IsTerminal;

/// One finding with its file, as `--format json` prints it.
#[derive(Debug, Serialize)]
pub struct Located<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub help: Option<&'a str>,
}

impl<'a> Located<'a> {
    pub fn new(file: &'a str, text: &str, finding: &'a Finding) -> Located<'a> {
        let (line, column) = line_column(text, finding.span.as_ref().map_or(0, |s| s.start));
        Located {
            severity: finding.severity,
            code: finding.code,
            message: &finding.message,
            file,
            line,
            column,
            help: finding.help.as_deref(),
        }
    }
}

/// Colour only when the stream is a terminal and NO_COLOR is unset.
pub fn use_colour(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stdout_colour() -> bool {
    use_colour(std::io::stdout().is_terminal())
}

/// A finding as a compiler-style report: the message, `file:line:column`, the offending
/// text underlined, and the hint.
pub fn human(file: &str, text: &str, finding: &Finding, colour: bool) -> String {
    let level = match finding.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let span = finding.span.clone().unwrap_or(0..0);
    let span = char_floor(text, span.start)..char_floor(text, span.end.max(span.start));
    let snippet = Snippet::source(text)
        .path(file)
        .annotation(AnnotationKind::Primary.span(span).label(""));
    let mut group = level
        .primary_title(finding.message.as_str())
        .id(finding.code)
        .element(snippet);
    if let Some(help) = &finding.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group]).to_string()
}

/// A single finding, uncoloured, for messages on stderr.
pub fn plain_one(file: &str, text: &str, finding: &Finding) -> String {
    human(file, text, finding, false)
}

/// Prints to stdout; a reader that went away (`| head`) ends the program quietly
/// instead of with a panic.
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// The nearest char boundary at or before `at`, within the text.
fn char_floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
