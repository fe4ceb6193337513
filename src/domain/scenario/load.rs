//! Bytes to a `Scenario`: size, encoding and TOML/serde errors become findings.

use super::model::Scenario;
use crate::domain::finding::{Finding, did_you_mean};
use serde::de::DeserializeOwned;

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

/// Parses a scenario. On failure, the one finding TOML or serde stopped at.
pub fn parse(text: &str) -> Result<Scenario, Finding> {
    parse_toml(text)
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
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let text = format!("x = {}", "[".repeat(20_000));
        assert_eq!(parse(&text).unwrap_err().code, "too-deep");
    }
}
