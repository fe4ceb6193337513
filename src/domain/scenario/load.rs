//! Bytes to a `Scenario`: size, encoding and TOML/serde errors become findings.
//!
//! A scenario is read in three passes so that one run reports every problem: the TOML
//! parser recovers from a syntax error and goes on (every syntax error and duplicate key),
//! the document's shape is checked against the schema (every unknown key and wrong type,
//! `shape.rs`), and only then does serde read the tree.

use super::model::Scenario;
use super::shape::Shape;
use crate::domain::finding::{Finding, did_you_mean};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Larger files are refused outright: a hand-written scenario is a few dozen KiB.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The file's text, decoded; or the finding that says why it cannot be read.
pub fn decode(bytes: &[u8]) -> Result<&str, Finding> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Finding::error(
            "file-too-large",
            format!(
                "the file is {} bytes; scenario files are limited to {} bytes",
                bytes.len(),
                MAX_FILE_BYTES
            ),
        )
        .help("split the scenario, or check that this is the file you meant"));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        // The span is into the text as shown (decoded lossily), where the bad bytes
        // become one U+FFFD.
        let at = e.valid_up_to();
        Finding::error("not-utf8", "the file is not valid UTF-8 text")
            .at(at..at + char::REPLACEMENT_CHARACTER.len_utf8())
            .help("save the file as UTF-8 (most editors have an 'encoding' option)")
    })
}

/// A file's text with Windows line endings made Unix ones: a CRLF file loads wherever an
/// LF one does (a `"""` string would otherwise keep the CR, a control character), and
/// every line and column stays where it was.
pub fn normalise_newlines(text: &str) -> Cow<'_, str> {
    if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Parses a scenario. On failure, the first finding (see [`parse_all`] for all of them).
pub fn parse(text: &str) -> Result<Scenario, Finding> {
    let parsed = parse_all(text);
    match (parsed.scenario, parsed.findings.into_iter().next()) {
        (Some(s), None) => Ok(s),
        (_, Some(f)) => Err(f),
        (None, None) => unreachable!("a scenario or a finding"),
    }
}

/// A scenario as read, and every parse-level finding. With findings, the scenario (when
/// there is one) is what is left once the wrong keys were taken out: good for running the
/// loader's other rules on, not for playing.
#[derive(Debug)]
pub struct Parsed {
    pub scenario: Option<Scenario>,
    pub findings: Vec<Finding>,
}

fn scenario_shape() -> &'static Shape {
    static SHAPE: OnceLock<Shape> = OnceLock::new();
    SHAPE.get_or_init(|| {
        let schema = schemars::schema_for!(Scenario);
        Shape::new(serde_json::to_value(schema).expect("a schema is JSON"))
    })
}

/// Parses a scenario, collecting every syntax error, duplicate key, unknown key, wrong
/// type and missing key in the file.
pub fn parse_all(text: &str) -> Parsed {
    let (mut doc, errors) = DeTable::parse_recoverable(text);
    let mut findings: Vec<Finding> = Vec::new();
    for e in &errors {
        let f = syntax_finding(e, text, &doc);
        // The recovered parser can report one place twice.
        if !findings
            .iter()
            .any(|g| g.span == f.span && g.code == f.code)
        {
            findings.push(f);
        }
    }
    if findings.iter().any(|f| f.code == "too-deep") {
        return Parsed {
            scenario: None,
            findings,
        };
    }
    let syntax_errors = !findings.is_empty();
    let report = scenario_shape().check(&mut doc, text);
    // After a syntax error a key may be missing only because the parser skipped its line.
    findings.extend(
        report
            .findings
            .into_iter()
            .filter(|f| !(syntax_errors && f.code == "missing-key")),
    );
    if !findings.is_empty() {
        orphan_tables(text, &mut findings);
    }
    if syntax_errors || report.fatal {
        findings.sort_by_key(|f| f.span.as_ref().map_or(0, |s| s.start));
        return Parsed {
            scenario: None,
            findings,
        };
    }
    match Scenario::deserialize(toml::de::Deserializer::from(doc)) {
        Ok(scenario) => {
            findings.sort_by_key(|f| f.span.as_ref().map_or(0, |s| s.start));
            Parsed {
                scenario: Some(scenario),
                findings,
            }
        }
        Err(e) => {
            if findings.is_empty() {
                findings.push(finding_from_toml(&e, text));
            }
            Parsed {
                scenario: None,
                findings,
            }
        }
    }
}

/// A `[[step.choice]]` before any `[[step]]`: TOML makes `step` a table there, and only
/// the later `[[step]]` clashes with it. The finding goes where the mistake is, in place
/// of the clash it causes.
fn orphan_tables(text: &str, findings: &mut Vec<Finding>) {
    let mut offset = 0;
    let mut headers: Vec<(&str, Range<usize>)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("[[")
            && let Some(end) = rest.find("]]")
        {
            let name = rest[..end].trim();
            let at = offset + (line.len() - trimmed.len());
            headers.push((name, at..at + end + 4));
        }
        offset += line.len();
    }
    for (i, (name, span)) in headers.iter().enumerate() {
        let Some((parent, _)) = name.rsplit_once('.') else {
            continue;
        };
        let before = headers[..i].iter().any(|(n, _)| n == &parent);
        let later = headers[i + 1..].iter().any(|(n, _)| n == &parent);
        if before || !later {
            continue;
        }
        findings.retain(|f| {
            !(matches!(f.code, "wrong-type" | "duplicate-key")
                && f.span.as_ref().and_then(|s| text.get(s.clone())) == Some(parent))
        });
        findings.push(
            Finding::error(
                "orphan-table",
                format!("`[[{name}]]` comes before any `[[{parent}]]`"),
            )
            .at(span.clone())
            .help(format!(
                "a `[[{name}]]` belongs to the `[[{parent}]]` above it: move it below the `[[{parent}]]` it is part of"
            )),
        );
        return;
    }
}

const CURLY_QUOTES: [char; 4] = ['\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}'];

/// A syntax error from the recovering parser, in a trainer's words where it can be.
fn syntax_finding(e: &toml::de::Error, text: &str, doc: &Spanned<DeTable<'_>>) -> Finding {
    let span = e.span().unwrap_or(0..0);
    let message = e.message().trim();
    if message.starts_with("duplicate key") {
        let raw = text.get(span.clone()).unwrap_or("").trim();
        let key = raw.trim_matches(|c| c == '"' || c == '\'').to_owned();
        let mut f = Finding::error("duplicate-key", format!("the key `{key}` is given twice"))
            .at(span.clone())
            .help(format!(
                "a key may appear once in a table: keep one `{key}` and delete the other"
            ));
        if let Some(first) = first_definition(doc, &key, span.start) {
            f = f.also(first, "first defined here");
        }
        return f;
    }
    // A value that opens with a curly quote (`say = “Hello”`): quotes inside a straight
    // quoted string are text, and fine.
    let line = line_at(text, span.start);
    let value = line.split_once('=').map_or(line, |(_, v)| v).trim_start();
    let opens_curly = value.chars().next().filter(|c| CURLY_QUOTES.contains(c));
    let at_curly = text
        .get(span.start..)
        .and_then(|t| t.chars().next())
        .filter(|c| CURLY_QUOTES.contains(c));
    if let Some(q) = at_curly.or(opens_curly) {
        let at = if at_curly.is_some() {
            span.start
        } else {
            line_start(text, span.start) + (line.len() - value.len())
        };
        return Finding::error(
            "curly-quotes",
            format!("curly quotes ({q}) are not quotes in TOML"),
        )
        .at(at..at + q.len_utf8())
        .help("a word processor turned the quotes curly: write text between straight quotes, \"like this\" (turn off smart quotes, or use a plain-text editor)");
    }
    finding_from_toml(e, text)
}

fn line_start(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_at(text: &str, at: usize) -> &str {
    let start = line_start(text, at);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    &text[start..end]
}

/// The nearest key named `key` before `before` in the tree: the one a duplicate repeats.
fn first_definition(doc: &Spanned<DeTable<'_>>, key: &str, before: usize) -> Option<Range<usize>> {
    fn walk(table: &DeTable<'_>, key: &str, before: usize, best: &mut Option<Range<usize>>) {
        for (k, v) in table.iter() {
            let span = k.span();
            if k.get_ref() == key
                && span.start < before
                && best.as_ref().is_none_or(|b| b.start < span.start)
            {
                *best = Some(span);
            }
            walk_value(v.get_ref(), key, before, best);
        }
    }
    fn walk_value(v: &DeValue<'_>, key: &str, before: usize, best: &mut Option<Range<usize>>) {
        match v {
            DeValue::Table(t) => walk(t, key, before, best),
            DeValue::Array(items) => {
                for item in items.iter() {
                    walk_value(item.get_ref(), key, before, best);
                }
            }
            _ => {}
        }
    }
    let mut best = None;
    walk(doc.get_ref(), key, before, &mut best);
    best
}

/// Parses any `deny_unknown_fields` TOML document (scenarios and rubrics alike) and turns
/// the error into a finding with a rule code and, for misspellings, a suggestion.
pub fn parse_toml<T: DeserializeOwned>(text: &str) -> Result<T, Finding> {
    toml::from_str(text).map_err(|e| finding_from_toml(&e, text))
}

fn finding_from_toml(e: &toml::de::Error, text: &str) -> Finding {
    let message = e.message().trim().to_owned();
    let (code, mut help) = classify(&message);
    if message.starts_with("missing escaped value") || message.contains("unicode value digits") {
        let at = e.span().map_or(0, |s| s.start);
        help = Some(escape_help(text, at));
    }
    let mut finding = Finding::error(code, message);
    if let Some(span) = e.span() {
        finding = finding.at(span);
    }
    match help {
        Some(help) => finding.help(help),
        None => finding,
    }
}

/// The hint for a backslash that starts no escape in a "..." string, most often a regular
/// expression (`"\d+ days"`): single quotes keep a backslash as it is. The string at `at`
/// is shown rewritten when it is on one line.
fn escape_help(text: &str, at: usize) -> String {
    let general = "in \"...\" a backslash starts an escape (\\n, \\\\, \\u00E9); write text with backslashes, such as a regular expression, in single quotes, which keep them as they are";
    match basic_string_at(text, at).and_then(single_quoted) {
        Some(quoted) => format!("{general}: {quoted}"),
        None => format!("{general}: '\\d+ days'"),
    }
}

/// The source between the quotes of the one-line "..." string around byte `at`.
fn basic_string_at(text: &str, at: usize) -> Option<&str> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let at = at - line_start;
    let mut chars = line.char_indices();
    // Where the string being read opened, and whether it is a '...' one.
    let mut open: Option<(usize, bool)> = None;
    while let Some((i, c)) = chars.next() {
        match (open, c) {
            (None, '#') => return None,
            (None, '"') if line[i..].starts_with("\"\"\"") => return None,
            (None, '"') => open = Some((i, false)),
            (None, '\'') => open = Some((i, true)),
            (Some((_, false)), '\\') => {
                chars.next();
            }
            (Some((start, false)), '"') if (start..i).contains(&at) => {
                return Some(&line[start + 1..i]);
            }
            (Some((_, false)), '"') | (Some((_, true)), '\'') => open = None,
            _ => {}
        }
    }
    None
}

/// `source` (a "..." string's body) as a '...' string meaning what was meant: `\\` and
/// `\"` were escapes, any other backslash was meant as itself.
fn single_quoted(source: &str) -> Option<String> {
    let meant = source
        .replace("\\\\", "\u{0}")
        .replace("\\\"", "\"")
        .replace('\u{0}', "\\");
    if !meant.contains('\'') {
        Some(format!("'{meant}'"))
    } else if !meant.contains("'''") && !meant.ends_with('\'') {
        Some(format!("'''{meant}'''"))
    } else {
        None
    }
}

/// serde and toml say what went wrong in words; pick the rule and the hint from them.
fn classify(message: &str) -> (&'static str, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (word, expected) = split_expected(rest);
        let hint = suggestion(&word, &expected)
            .unwrap_or_else(|| format!("allowed here: {}", expected.join(", ")));
        return ("unknown-key", Some(hint));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (word, expected) = split_expected(rest);
        let hint = suggestion(&word, &expected)
            .unwrap_or_else(|| format!("use one of: {}", expected.join(", ")));
        return ("unknown-value", Some(hint));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = rest.trim_matches('`');
        return (
            "missing-key",
            Some(format!(
                "add `{key} = ...` to this table (see docs/scenario-format.md)"
            )),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return (
            "wrong-type",
            Some("see docs/scenario-format.md for this key's type".into()),
        );
    }
    if message.contains("recursion") {
        return (
            "too-deep",
            Some("arrays and tables are nested far too deep".into()),
        );
    }
    if message.contains("duplicate key") {
        return (
            "duplicate-key",
            Some("a key may appear once per table".into()),
        );
    }
    (
        "toml-syntax",
        Some("this is not valid TOML here; see https://toml.io".into()),
    )
}

/// "`feedbak`, expected one of `a`, `b`" -> ("feedbak", ["a", "b"]).
fn split_expected(rest: &str) -> (String, Vec<String>) {
    let mut ticked = rest.split('`').skip(1).step_by(2).map(str::to_owned);
    let word = ticked.next().unwrap_or_default();
    (word, ticked.collect())
}

fn suggestion(word: &str, expected: &[String]) -> Option<String> {
    did_you_mean(word, expected.iter().map(String::as_str)).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_key_gets_a_suggestion_and_a_span() {
        let text = "format = 1\nfeedbak = 2\n";
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            format: i64,
            feedback: Option<i64>,
        }
        let f = parse_toml::<T>(text).unwrap_err();
        assert_eq!(f.code, "unknown-key");
        assert_eq!(f.help.as_deref(), Some("did you mean `feedback`?"));
        assert_eq!(&text[f.span.unwrap()], "feedbak");
    }

    #[test]
    fn bad_utf8_is_a_finding_at_the_first_bad_byte() {
        let f = decode(b"format = 1\n\xff").unwrap_err();
        assert_eq!(f.code, "not-utf8");
        assert_eq!(f.span, Some(11..14));
    }

    #[test]
    fn a_backslash_that_starts_no_escape_gets_the_string_in_single_quotes() {
        let text = "format = 1\npatterns = [\"\\d+ days\", \"x\"]\n";
        let f = parse_toml::<toml::Table>(text).unwrap_err();
        assert_eq!(f.code, "toml-syntax");
        let help = f.help.unwrap();
        assert!(help.contains("in single quotes"), "{help}");
        assert!(help.ends_with(r": '\d+ days'"), "{help}");
        // `\\` and `\"` were escapes; a quote inside needs triple quotes.
        let text = r#"say = "it's \\w \"quoted\" \d""#;
        let help = parse_toml::<toml::Table>(text).unwrap_err().help.unwrap();
        assert!(help.ends_with(r#": '''it's \w "quoted" \d'''"#), "{help}");
        // Scenario text has the same problem and gets the same hint.
        let text = "format = 1\n[scenario]\nsummary = \"Files in C:\\data\"\n";
        let help = parse(text).unwrap_err().help.unwrap();
        assert!(help.ends_with(r": 'Files in C:\data'"), "{help}");
    }

    #[test]
    fn every_unknown_key_and_wrong_type_is_found_and_the_rest_still_loads() {
        let text = include_str!("../../../tests/fixtures/valid/parcel-mixup.toml")
            .replacen("title = ", "titel = ", 1)
            .replacen("mood = -20\n", "mood = -20\nage = 40\n", 1)
            .replacen("minutes = 3", "minutes = \"3\"", 1);
        let parsed = parse_all(&text);
        let codes: Vec<&str> = parsed.findings.iter().map(|f| f.code).collect();
        // `title` is not also reported missing: the misspelling is the one mistake.
        assert_eq!(codes, ["unknown-key", "wrong-type", "unknown-key"]);
        // `titel` was suggested as `title`, but `title` is required: no scenario.
        assert!(parsed.scenario.is_none());
        let text = include_str!("../../../tests/fixtures/valid/parcel-mixup.toml").replacen(
            "mood = -20\n",
            "mood = -20\nage = 40\n",
            1,
        );
        let parsed = parse_all(&text);
        assert_eq!(parsed.findings.len(), 1);
        assert!(
            parsed.scenario.is_some(),
            "an unknown key is taken out, the rest read"
        );
    }

    #[test]
    fn crlf_line_endings_are_read_as_lf() {
        let text = "format = 1\r\nsay = \"\"\"\r\nTwo\r\nlines\"\"\"\r\n";
        let text = normalise_newlines(text);
        let table: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(table["say"].as_str(), Some("Two\nlines"));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let text = format!("x = {}", "[".repeat(20_000));
        assert_eq!(parse(&text).unwrap_err().code, "too-deep");
    }
}
