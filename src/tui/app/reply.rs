//! A line of typed text (the reply in free-text mode, the trainee's name, the library's
//! filter): its text, the cursor, its limit, and the edits the keys make. Nothing here
//! draws; each view lays the text out.

use tui_input::{Input, InputRequest};

/// The most characters a typed reply holds (the longest written reply in the shipped
/// scenarios is about 700). Typing stops there, and the box says so.
pub const REPLY_MAX: usize = 1000;
/// From this many characters on, the box shows the count against the limit.
pub const REPLY_COUNT_FROM: usize = 800;

/// The text and its cursor are a `tui_input::Input`, which moves and erases by grapheme
/// (an accented letter typed as two code points, or an emoji, goes as one); this adds the
/// limit and a byte-offset cursor for the views.
#[derive(Debug, Clone)]
pub struct Reply {
    input: Input,
    /// The most characters it holds.
    limit: usize,
}

impl PartialEq for Reply {
    fn eq(&self, other: &Reply) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor() && self.limit == other.limit
    }
}

impl Eq for Reply {}

/// An empty reply with the reply's limit.
impl Default for Reply {
    fn default() -> Reply {
        Reply::with_limit(REPLY_MAX)
    }
}

impl Reply {
    /// An empty line of text that holds at most `limit` characters.
    pub fn with_limit(limit: usize) -> Reply {
        Reply {
            input: Input::default(),
            limit,
        }
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// The cursor, as a byte offset into `text()` (the input counts characters).
    pub fn cursor(&self) -> usize {
        let text = self.text();
        text.char_indices()
            .nth(self.input.cursor())
            .map_or(text.len(), |(at, _)| at)
    }

    pub fn chars(&self) -> usize {
        self.text().chars().count()
    }

    pub fn is_full(&self) -> bool {
        self.chars() >= self.limit
    }

    /// Inserts `c` at the cursor; false (and nothing changes) when the reply is full.
    pub fn insert(&mut self, c: char) -> bool {
        if c.is_control() || self.is_full() {
            return false;
        }
        self.input.handle(InputRequest::InsertChar(c));
        true
    }

    /// Backspace: the character before the cursor.
    pub fn erase(&mut self) {
        self.input.handle(InputRequest::DeletePrevChar);
    }

    /// Delete: the character under the cursor.
    pub fn delete(&mut self) {
        self.input.handle(InputRequest::DeleteNextChar);
    }

    /// Ctrl-W, as in a shell: the spaces before the cursor, then the word before them.
    pub fn erase_word(&mut self) {
        self.input.handle(InputRequest::DeletePrevWord);
    }

    /// Ctrl-U: the whole line.
    pub fn clear(&mut self) {
        self.input.reset();
    }

    pub fn left(&mut self) {
        self.input.handle(InputRequest::GoToPrevChar);
    }

    pub fn right(&mut self) {
        self.input.handle(InputRequest::GoToNextChar);
    }

    pub fn home(&mut self) {
        self.input.handle(InputRequest::GoToStart);
    }

    pub fn end(&mut self) {
        self.input.handle(InputRequest::GoToEnd);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Reply {
        let mut r = Reply::default();
        for c in s.chars() {
            r.insert(c);
        }
        r
    }

    #[test]
    fn the_cursor_moves_and_edits_happen_where_it_is() {
        let mut r = typed("I'm sory");
        r.left();
        r.left();
        r.insert('r');
        assert_eq!(r.text(), "I'm sorry");
        r.home();
        r.delete();
        r.insert('W');
        r.insert('e');
        r.insert('\'');
        r.insert('r');
        r.insert('e');
        r.delete();
        r.delete();
        assert_eq!(r.text(), "We're sorry");
        r.end();
        r.right();
        r.insert('.');
        assert_eq!(r.text(), "We're sorry.");
        r.home();
        r.left();
        r.erase();
        assert_eq!(r.text(), "We're sorry.", "nothing before the start");
    }

    #[test]
    fn multibyte_characters_move_and_erase_whole() {
        let mut r = typed("café ü");
        r.left();
        r.left();
        r.erase();
        assert_eq!(r.text(), "caf ü");
        r.end();
        r.erase();
        assert_eq!(r.text(), "caf ");
        assert_eq!(r.cursor(), r.text().len());
    }

    #[test]
    fn a_letter_and_its_accent_move_and_erase_as_one() {
        // "é" typed as "e" and a combining acute accent: one character on screen.
        let mut r = typed("cafe\u{301}!");
        r.left();
        r.left();
        assert_eq!(&r.text()[r.cursor()..], "e\u{301}!");
        r.right();
        r.erase();
        assert_eq!(r.text(), "caf!");
    }

    #[test]
    fn ctrl_w_erases_the_word_before_the_cursor_and_ctrl_u_everything() {
        let mut r = typed("let me check  ");
        r.erase_word();
        assert_eq!(r.text(), "let me ");
        r.erase_word();
        assert_eq!(r.text(), "let ");
        let mut r = typed("one two three");
        for _ in 0..6 {
            r.left();
        }
        r.erase_word();
        // The spaces either side of the word stay, as in a shell.
        assert_eq!(r.text(), "one  three");
        assert_eq!(&r.text()[r.cursor()..], " three");
        r.clear();
        assert_eq!((r.text(), r.cursor()), ("", 0));
        r.erase_word();
        assert_eq!(r.text(), "");
    }

    #[test]
    fn typing_stops_at_the_limit() {
        let mut r = typed(&"a".repeat(REPLY_MAX - 1));
        assert!(!r.is_full());
        assert!(r.insert('é'));
        assert!(r.is_full());
        assert!(!r.insert('b'));
        assert_eq!(r.chars(), REPLY_MAX);
        r.erase();
        assert!(r.insert('b'));
        let mut name = Reply::with_limit(3);
        for c in "Samuel".chars() {
            name.insert(c);
        }
        assert_eq!((name.text(), name.cursor()), ("Sam", 3));
    }
}
