//! Text from scenario and rubric files, and what a trainee types, is shown as text, never
//! as terminal commands.
//!
//! The validator already refuses control characters in files; this is the second line of
//! defence, and the only one for typed replies: the full-screen player and plain mode pass
//! every piece of such text through [`clean`] (or [`clean_lines`]) before it is shown.

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

fn needs_change(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Format characters that change how the text around them is shown.
fn is_invisible_format(c: char) -> bool {
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
    fn clean_lines_keeps_line_breaks_and_cleans_the_rest() {
        assert!(matches!(clean_lines("one\ntwo"), Cow::Borrowed(_)));
        assert_eq!(
            clean_lines("\nYou: \u{1b}]0;pwned\u{7}\r\nok\t"),
            "\nYou: \u{FFFD}]0;pwned\u{FFFD} \nok "
        );
    }
}
