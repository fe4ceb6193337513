//! A piece of a longer text for a trainee to read: whole words only.
//!
//! A customer's line names a decision in the debrief by its first words, and a rubric cue
//! quotes the words of a reply it matched. Either is cut to a length, and a cut never
//! splits a word (nor a character as a reader sees it, a grapheme: an accented letter, an
//! emoji with its modifiers): it falls at the last space that fits and says so with an
//! ellipsis. Only a single word longer than the whole room is broken, at a grapheme. A
//! pattern's match is first widened to the words it touches, so `[\w,]\s+please` found in
//! "could you please" reads "you please", not "u please".

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The start of `text` on one line (runs of whitespace become one space): up to `max`
/// graphemes, cut at a word, with "..." after it when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(&text, max, "...")
}

/// `text` (trimmed) when it has at most `max` graphemes; else the words that fit in `max`
/// graphemes followed by `ellipsis`, with trailing punctuation dropped before it. A first
/// word longer than `max` is cut at a grapheme, the one case a word is broken.
pub fn cut(text: &str, max: usize, ellipsis: &str) -> String {
    let text = text.trim();
    let Some((end, _)) = text.grapheme_indices(true).nth(max) else {
        return text.to_owned();
    };
    // `end` is where the first grapheme past the room starts: a space there means the
    // room ends with a whole word.
    let fits = &text[..end];
    let kept = if text[end..].starts_with(char::is_whitespace) {
        fits
    } else {
        match fits.rfind(char::is_whitespace) {
            Some(space) => &fits[..space],
            None => fits,
        }
    };
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:.".contains(c));
    format!("{kept}{ellipsis}")
}

/// `range` of `text` widened to whole words: back to the start of the word it begins
/// inside and on to the end of the word it ends inside. A word is letters, digits and the
/// apostrophes within them ("don't").
pub fn whole_words(text: &str, range: Range<usize>) -> Range<usize> {
    let in_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
    let mut start = range.start.min(text.len());
    let mut end = range.end.clamp(start, text.len());
    if text[start..].starts_with(in_word) {
        start = text[..start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| in_word(c))
            .last()
            .map_or(start, |(i, _)| i);
    }
    if text[..end].ends_with(in_word) {
        end = text[end..]
            .char_indices()
            .find(|&(_, c)| !in_word(c))
            .map_or(text.len(), |(i, _)| end + i);
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_kept_whole() {
        assert_eq!(excerpt("Short line.", 40), "Short line.");
        assert_eq!(excerpt("Wörter  über\nzeilen", 40), "Wörter über zeilen");
        assert_eq!(excerpt("exactly ten", 11), "exactly ten");
    }

    #[test]
    fn a_cut_falls_between_words_and_says_so() {
        assert_eq!(
            excerpt(
                "This is the third time I have called about it, honestly.",
                30
            ),
            "This is the third time I have..."
        );
        // The old rule kept a half word when the last space came early in the room.
        assert_eq!(
            excerpt("Could you please unsubscribe-me-from-everything now", 20),
            "Could you please..."
        );
        // A room that ends exactly at a word's end keeps that word.
        assert_eq!(excerpt("one two three", 7), "one two...");
        // Punctuation before the cut is dropped so the ellipsis reads as one.
        assert_eq!(excerpt("Hello, there friend", 8), "Hello...");
    }

    #[test]
    fn no_word_is_ever_split_unless_it_alone_is_too_long() {
        let line = "Honestly, I have waited forty-five minutes in this queue and nobody answers";
        for max in 1..line.len() {
            let got = excerpt(line, max);
            let Some(kept) = got.strip_suffix("...") else {
                assert_eq!(got, line, "{max}");
                continue;
            };
            assert!(kept.chars().count() <= max, "{max}: {got}");
            assert!(line.starts_with(kept), "{max}: {got}");
            let rest = line[kept.len()..].trim_start_matches(|c| ",;:.".contains(c));
            let whole = rest.starts_with(' ');
            let first_word_too_long = !kept.contains(' ') && "Honestly,".len() > max;
            assert!(whole || first_word_too_long, "{max}: {got}");
        }
    }

    #[test]
    fn a_grapheme_is_never_split() {
        // "e" + combining acute, and a family emoji of several code points.
        let text = "Cafe\u{301} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} ok";
        assert_eq!(cut(text, 4, "…"), "Cafe\u{301}…");
        assert_eq!(cut("Cafe\u{301}s", 4, "…"), "Cafe\u{301}…");
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(
            cut(&format!("{family}{family}"), 1, "…"),
            format!("{family}…")
        );
    }

    #[test]
    fn a_match_is_widened_to_the_words_it_touches() {
        let text = "Could you please hold on, I'll check.";
        let start = text.find("u please").unwrap();
        let range = whole_words(text, start..start + "u please".len());
        assert_eq!(&text[range], "you please");
        let start = text.find("ll chec").unwrap();
        let range = whole_words(text, start..start + "ll chec".len());
        assert_eq!(&text[range], "I'll check");
        // A match of whole words, or one that starts at punctuation, is left as it is.
        let start = text.find(", I'll").unwrap();
        assert_eq!(whole_words(text, start..start + 6), start..start + 6);
        assert_eq!(whole_words(text, 0..5), 0..5);
        assert_eq!(whole_words("", 0..0), 0..0);
    }
}
