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
        let at = e.valid_up_to();
        Finding::error("not-utf8", "the file is not valid UTF-8 text")
            .at(at..at + e.error_len().unwrap_or(1))
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
    toml::from_str(text).map_err(|e| finding_from_toml(&e))
}

fn finding_from_toml(e: &toml::de::Error) -> Finding {
    let message = e.message().trim().to_owned();
    let (code, help) = classify(&message);
    let mut finding = Finding::error(code, message);
    if let Some(span) = e.span() {
        finding = finding.at(span);
    }
    match help {
        Some(help) => finding.help(help),
        None => finding,
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
            Some(format!("add `{key} = ...` to this table (see docs/scenario-format.md)")),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return ("wrong-type", Some("see docs/scenario-format.md for this key's type".into()));
    }
    if message.contains("recursion") {
        return ("too-deep", Some("arrays and tables are nested far too deep".into()));
    }
    if message.contains("duplicate key") {
        return ("duplicate-key", Some("a key may appear once per table".into()));
    }
    ("toml-syntax", Some("this is not valid TOML here; see https://toml.io".into()))
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
        assert_eq!(f.span, Some(11..12));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let text = format!("x = {}", "[".repeat(20_000));
        assert_eq!(parse(&text).unwrap_err().code, "too-deep");
    }
}
