//! Text from scenario and rubric files, from the progress store, from file names and what
//! a trainee types is shown as text, never as terminal commands.
//!
//! The validator already refuses control characters in scenario text; this is the second
//! line of defence, and the only one for names, paths and typed replies. Two ways:
//! - the full-screen player and plain mode draw such text through [`clean`] (or
//!   [`clean_lines`]): a character that is not text becomes U+FFFD, hidden formatting goes;
//! - every command line output (`src/cli`, through `cli::render`) goes through [`escape`]
//!   (or [`escape_lines`], [`escape_json`]): such a character is shown escaped, `\u{1b}`, so
//!   the trainer sees what is there, and the terminal receives none of it. A finding's
//!   source snippet is escaped by [`escape_source`], which also maps its spans.
//!
//! "Not text" is the same set for both: control characters (C0, DEL, C1) and the invisible
//! format characters that reorder or hide text (bidi embeddings, overrides and isolates,
//! zero-width characters, the BOM).

use std::borrow::Cow;

/// Drawn in place of a character that is not text (an escape, a bell, a NUL ...).
pub const REPLACEMENT: char = '\u{FFFD}';

/// `text` made safe to draw on one line: tabs, newlines and carriage returns become
/// spaces, other control characters (C0, DEL, C1) become U+FFFD, and invisible format
/// characters that reorder or hide text (bidi overrides, zero-width characters, the BOM)
/// are dropped. Text with none of these is returned as it is, without copying.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_change) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push(REPLACEMENT),
            c if is_invisible_format(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`clean`] for each line of `text`: its line breaks are kept (plain mode prints the
/// program's own lines with them), everything else is cleaned as [`clean`] does.
pub fn clean_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && needs_change(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(clean).collect();
    Cow::Owned(lines.join("\n"))
}

/// `text` made safe to print on one line: every control character (tab and newline too)
/// and invisible format character is written as a Rust-style escape, `\u{1b}`. Text with
/// none is returned as it is, without copying.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_except(text, |_| false)
}

/// [`escape`] keeping line breaks and tabs, for output of several lines (tables, diagrams,
/// messages). A carriage return is escaped: it would move the cursor back over the line.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_except(text, |c| c == '\n' || c == '\t')
}

/// JSON as serde_json writes it, safe to print: serde_json escapes C0 controls itself, but
/// writes DEL, C1 and format characters as they are. Those can only be inside strings, so
/// each becomes a JSON escape (`\u009b`) and the document means exactly what it meant.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    // Outside strings only the layout of pretty JSON: line breaks and indents.
    let change = |c: char| needs_change(c) && c != '\n' && c != '\t';
    if !json.chars().any(change) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if change(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file's text escaped for a source snippet (line breaks, tabs and CRLF kept), with a
/// map from byte offsets in the file to offsets in the escaped text, so a finding's span
/// still underlines what it pointed at. Mapping an offset costs a binary search over the
/// escaped characters, so showing every finding of a file stays linear.
pub fn escape_source(text: &str) -> (Cow<'_, str>, OffsetMap) {
    let keep = |at: usize, c: char| {
        c == '\n' || c == '\t' || (c == '\r' && text[at + 1..].starts_with('\n'))
    };
    if !text
        .char_indices()
        .any(|(at, c)| needs_change(c) && !keep(at, c))
    {
        return (Cow::Borrowed(text), OffsetMap::default());
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut map = OffsetMap::default();
    for (at, c) in text.char_indices() {
        if needs_change(c) && !keep(at, c) {
            push_escaped(&mut out, c);
            let grown = out.len() - (at + c.len_utf8());
            map.after.push((at + c.len_utf8(), grown));
        } else {
            out.push(c);
        }
    }
    (Cow::Owned(out), map)
}

/// Byte offsets in a text to offsets in its escaped form (see [`escape_source`]).
#[derive(Debug, Default, Clone)]
pub struct OffsetMap {
    /// For each escaped character: the offset just after it in the original, and how
    /// many bytes longer the escaped text is from there on.
    after: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// Where `offset` of the original is in the escaped text. An offset inside an
    /// escaped character maps to the start of its escape.
    pub fn map(&self, offset: usize) -> usize {
        let i = self.after.partition_point(|&(end, _)| end <= offset);
        offset + if i == 0 { 0 } else { self.after[i - 1].1 }
    }
}

fn escape_except(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_change(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_change(c) && !keep(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    out.push_str(&c.escape_unicode().to_string());
}

fn needs_change(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Format characters that change how the text around them is shown.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' // zero-width space, joiners, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, bidi isolates
            | '\u{FEFF}' // BOM / zero-width no-break space
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            clean("Dana Whitfield: «ça va?»"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_and_controls_cannot_reach_the_terminal() {
        assert_eq!(clean("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(clean("bell\u{7}"), "bell\u{FFFD}");
        assert_eq!(clean("c1\u{9b}31m"), "c1\u{FFFD}31m");
        assert_eq!(clean("del\u{7f}"), "del\u{FFFD}");
        assert_eq!(clean("tab\tnew\nline\r"), "tab new line ");
        assert_eq!(clean("\u{202E}evil\u{200B}"), "evil");
        assert!(!clean("x\u{0}\u{1f}\u{85}y").chars().any(char::is_control));
    }

    #[test]
    fn escape_shows_what_is_there_and_sends_none_of_it() {
        assert!(matches!(escape("Dana «ça va?»"), Cow::Borrowed(_)));
        // Title change (OSC 0), clipboard write (OSC 52), clear screen.
        assert_eq!(
            escape("\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}\u{1b}[2J"),
            "\\u{1b}]0;pwned\\u{7}\\u{1b}]52;c;aGk=\\u{7}\\u{1b}[2J"
        );
        assert_eq!(escape("c1\u{9b}2J\u{85}"), "c1\\u{9b}2J\\u{85}");
        assert_eq!(escape("\u{202e}evil\u{2066}"), "\\u{202e}evil\\u{2066}");
        assert_eq!(escape("a\tb\nc\r"), "a\\u{9}b\\u{a}c\\u{d}");
        assert_eq!(escape_lines("a\tb\nc\r"), "a\tb\nc\\u{d}");
        for text in [
            "\u{1b}[31m\u{9b}x\u{7f}\u{200b}\u{feff}",
            "\u{2069}\u{202a}",
        ] {
            assert!(
                !escape(text)
                    .chars()
                    .any(|c| c.is_control() || is_invisible_format(c))
            );
        }
    }

    #[test]
    fn escaped_json_means_the_same() {
        let value = serde_json::json!({"name": "a\u{1b}]0;x\u{7}\u{9b}\u{202e}\u{7f}😀"});
        for json in [
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap(),
        ] {
            let safe = escape_json(&json);
            assert!(
                !safe.chars().any(|c| needs_change(c) && c != '\n'),
                "{safe}"
            );
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
                value
            );
        }
    }

    #[test]
    fn escaped_source_keeps_lines_and_maps_spans() {
        let text = "a = \"\u{9b}x\"\r\nb = \"\u{1b}y\"\n";
        let (escaped, map) = escape_source(text);
        assert_eq!(escaped, "a = \"\\u{9b}x\"\r\nb = \"\\u{1b}y\"\n");
        for needle in ["x", "y", "b =", "a ="] {
            let at = text.find(needle).unwrap();
            assert_eq!(&escaped[map.map(at)..][..needle.len()], needle);
        }
        assert_eq!(map.map(text.len()), escaped.len());
        assert!(matches!(escape_source("plain\r\n\tx").0, Cow::Borrowed(_)));
    }

    #[test]
    fn clean_lines_keeps_line_breaks_and_cleans_the_rest() {
        assert!(matches!(clean_lines("one\ntwo"), Cow::Borrowed(_)));
        assert_eq!(
            clean_lines("\nYou: \u{1b}]0;pwned\u{7}\r\nok\t"),
            "\nYou: \u{FFFD}]0;pwned\u{FFFD} \nok "
        );
    }
}
