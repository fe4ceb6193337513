//! A line of typed text (the reply in free-text mode, the trainee's name, the library's
//! filter): its text, the cursor, its limit, and the edits the keys make. Nothing here
//! draws; each view lays the text out.

/// The most characters a typed reply holds (the longest written reply in the shipped
/// scenarios is about 700). Typing stops there, and the box says so.
pub const REPLY_MAX: usize = 1000;
/// From this many characters on, the box shows the count against the limit.
pub const REPLY_COUNT_FROM: usize = 800;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    text: String,
    /// A byte offset into `text`, always on a character boundary.
    cursor: usize,
    /// The most characters it holds.
    limit: usize,
}

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
            text: String::new(),
            cursor: 0,
            limit,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, as a byte offset into `text()`.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    pub fn is_full(&self) -> bool {
        self.chars() >= self.limit
    }

    /// Inserts `c` at the cursor; false (and nothing changes) when the reply is full.
    pub fn insert(&mut self, c: char) -> bool {
        if c.is_control() || self.is_full() {
            return false;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        true
    }

    /// Backspace: the character before the cursor.
    pub fn erase(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    /// Delete: the character under the cursor.
    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
        }
    }

    /// Ctrl-W, as in a shell: the spaces before the cursor, then the word before them.
    pub fn erase_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Ctrl-U: the whole text.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
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
