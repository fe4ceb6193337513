//! Everything the commands print, and findings as people and scripts read them
//! (annotate-snippets for people, JSON for scripts).
//!
//! Every command prints through this module, and this module escapes what it prints
//! (`domain::sanitize`): text from files, file names, the store and the command line
//! reaches the terminal as text, `\u{1b}` and not an escape sequence. Plain text goes out
//! through [`print_out`] / [`print_err`] (or the [`outln!`] / [`errln!`] macros), JSON
//! through [`print_json`]; [`Styled`] is the one kind of output that carries our own
//! colours, and it can only be made here, from escaped parts. `tests/output_bypass.rs`
//! keeps every other way of printing out of `src/cli`.

use crate::domain::finding::{Finding, LineIndex, Severity};
use crate::domain::sanitize::{OffsetMap, escape, escape_json, escape_lines, escape_source};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::ops::Range;

/// `println!` for the commands: the text is escaped on its way to stdout.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::render::print_out(&format!($($arg)*))
    };
}

/// `eprintln!` for the commands: the text is escaped on its way to stderr.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::render::print_err(&format!($($arg)*))
    };
}

pub(crate) use {errln, outln};

/// Output with our own styling (colour) in it, whose every piece of outside text was
/// escaped before the styles were added. Made only by this module; printed as it is.
#[derive(Debug, Clone, Default)]
pub struct Styled(String);

impl Styled {
    /// Plain text, escaped (line breaks kept).
    pub fn text(text: &str) -> Styled {
        Styled(escape_lines(text).into_owned())
    }

    /// The parts one after the other, `separator` between them.
    pub fn join(parts: &[Styled], separator: &str) -> Styled {
        let parts: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        Styled(parts.join(&escape_lines(separator)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A file's text prepared once for showing any number of its findings: escaped, with its
/// offsets mapped and its lines indexed, so each finding costs the lines it points at,
/// not the whole file (a file with 30,000 findings is shown in linear time).
pub struct SourceFile<'a> {
    origin: Cow<'a, str>,
    text: Cow<'a, str>,
    map: OffsetMap,
    lines: LineIndex,
}

impl<'a> SourceFile<'a> {
    pub fn new(origin: &'a str, text: &'a str) -> SourceFile<'a> {
        let (escaped, map) = escape_source(text);
        let lines = LineIndex::new(&escaped);
        SourceFile {
            origin: escape(origin),
            text: escaped,
            map,
            lines,
        }
    }

    /// A finding as a compiler-style report: the message, `file:line:column`, the
    /// offending text underlined, and the hint.
    pub fn human(&self, finding: &Finding, colour: bool) -> Styled {
        let level = match finding.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let text: &str = &self.text;
        let span = finding.span.clone().unwrap_or(0..0);
        let span = self.map.map(span.start)..self.map.map(span.end.max(span.start));
        let span = char_floor(text, span.start)..char_floor(text, span.end);
        let related: Vec<(Range<usize>, &str)> = finding
            .related
            .iter()
            .map(|(r, label)| {
                let r = self.map.map(r.start)..self.map.map(r.end.max(r.start));
                (
                    char_floor(text, r.start)..char_floor(text, r.end),
                    label.as_str(),
                )
            })
            .collect();
        // Only the lines the spans cover go to the renderer (the lines between folded).
        let covered = related.iter().fold(span.clone(), |all, (r, _)| {
            all.start.min(r.start)..all.end.max(r.end)
        });
        let (lines, first_line) = self.lines_around(&covered);
        let mut snippet = Snippet::source(&text[lines.clone()])
            .line_start(first_line)
            .path(self.origin.as_ref())
            .fold(true)
            .annotation(
                AnnotationKind::Primary
                    .span(span.start - lines.start..span.end - lines.start)
                    .label(""),
            );
        for (r, label) in &related {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(r.start - lines.start..r.end - lines.start)
                    .label(*label),
            );
        }
        let message = escape(&finding.message);
        let help = finding.help.as_deref().map(escape_lines);
        let mut group = level
            .primary_title(message.as_ref())
            .id(finding.code)
            .element(snippet);
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_ref()));
        }
        let renderer = if colour {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Styled(renderer.render(&[group]).to_string())
    }

    /// The byte range of the whole lines `span` touches, and the first one's number.
    fn lines_around(&self, span: &Range<usize>) -> (Range<usize>, usize) {
        let first = self.lines.line_of(span.start);
        let last = self
            .lines
            .line_of(span.end.saturating_sub(1).max(span.start));
        let start = self.lines.start_of(first).unwrap_or(0);
        // Up to the next line's start: the line break goes with its line, as a CRLF does.
        let end = self.lines.start_of(last + 1).unwrap_or(self.text.len());
        (start..end.max(span.end), first + 1)
    }
}

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
    /// `lines` indexes the file's text (one index per file: a line and column per
    /// finding is then a binary search and a walk along one line).
    pub fn new(file: &'a str, text: &str, lines: &LineIndex, finding: &'a Finding) -> Located<'a> {
        let (line, column) = lines.line_column(text, finding.span.as_ref().map_or(0, |s| s.start));
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

pub fn stderr_colour() -> bool {
    use_colour(std::io::stderr().is_terminal())
}

/// One finding as a compiler-style report (see [`SourceFile::human`]); for many findings
/// of one file, make the [`SourceFile`] once.
pub fn human(file: &str, text: &str, finding: &Finding, colour: bool) -> Styled {
    SourceFile::new(file, text).human(finding, colour)
}

/// A single finding, uncoloured, for messages on stderr.
pub fn plain_one(file: &str, text: &str, finding: &Finding) -> String {
    human(file, text, finding, false).0
}

/// Prints text to stdout, escaped (line breaks and tabs kept); a reader that went away
/// (`| head`) ends the program quietly instead of with a panic.
pub fn print_out(text: &str) {
    write_out(&escape_lines(text));
}

/// Prints JSON (as serde_json writes it) to stdout, with the characters that are not text
/// written as JSON escapes: the document means the same and the terminal gets none of them.
pub fn print_json(json: &str) {
    write_out(&escape_json(json));
}

/// Prints styled output (colours of our own, everything else escaped) to stdout.
pub fn print_styled(styled: &Styled) {
    write_out(&styled.0);
}

/// Prints text to stderr, escaped (line breaks and tabs kept).
pub fn print_err(text: &str) {
    write_err(&escape_lines(text));
}

/// Prints styled output to stderr.
pub fn print_styled_err(styled: &Styled) {
    write_err(&styled.0);
}

fn write_out(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        write_err(&format!("error: cannot write to standard output: {e}"));
        std::process::exit(1);
    }
}

fn write_err(text: &str) {
    // Nowhere is left to say that stderr failed.
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Standard output for output printed as it is made (`paths` over millions of paths):
/// buffered, each line escaped as [`print_out`] or [`print_json`] does; a reader that
/// went away ends the program quietly, as [`print_out`] does.
pub struct Stream {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
}

impl Stream {
    pub fn stdout() -> Stream {
        Stream {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
        }
    }

    pub fn text(&mut self, line: &str) {
        let result = writeln!(self.out, "{}", escape_lines(line));
        self.check(result);
    }

    pub fn json(&mut self, line: &str) {
        let result = writeln!(self.out, "{}", escape_json(line));
        self.check(result);
    }

    pub fn finish(mut self) {
        let result = self.out.flush();
        self.check(result);
    }

    fn check(&mut self, result: std::io::Result<()>) {
        if let Err(e) = result {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            write_err(&format!("error: cannot write to standard output: {e}"));
            std::process::exit(1);
        }
    }
}

/// A writer for output streamed line by line (an export): each line escaped as
/// [`print_json`] escapes it when `json`, else as [`print_out`] does.
pub struct LineWriter<W: Write> {
    out: W,
    json: bool,
}

impl<W: Write> LineWriter<W> {
    pub fn new(out: W, json: bool) -> LineWriter<W> {
        LineWriter { out, json }
    }

    pub fn line(&mut self, line: &str) -> std::io::Result<()> {
        if self.json {
            writeln!(self.out, "{}", escape_json(line))
        } else {
            writeln!(self.out, "{}", escape_lines(line))
        }
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
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
