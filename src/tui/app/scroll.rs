//! A scroll position with the page size and the limit the last drawing found.

use std::cell::Cell;

/// `pos` is kept by the app; `page` and `max` are written by the view when it draws (a
/// `&App` is drawn, hence the cells), so keys can move a page at a time and stop at the end.
#[derive(Debug, Default)]
pub struct Scroller {
    pub pos: usize,
    page: Cell<usize>,
    max: Cell<Option<usize>>,
}

impl Scroller {
    /// The position to draw for a view with `page` rows and at most `max` of scroll;
    /// remembers both for the next key.
    pub fn at(&self, page: usize, max: usize) -> usize {
        self.page.set(page);
        self.max.set(Some(max));
        self.pos.min(max)
    }

    /// The last drawing found more than a page to show.
    pub fn scrolls(&self) -> bool {
        self.max.get().is_some_and(|max| max > 0)
    }

    pub fn page(&self) -> usize {
        self.page.get()
    }

    fn limit(&self) -> usize {
        self.max.get().unwrap_or(usize::MAX)
    }

    /// Towards larger positions.
    pub fn forward(&mut self, by: usize) {
        self.pos = self
            .pos
            .min(self.limit())
            .saturating_add(by)
            .min(self.limit());
    }

    /// Towards position 0.
    pub fn back(&mut self, by: usize) {
        self.pos = self.pos.min(self.limit()).saturating_sub(by);
    }

    pub fn page_forward(&mut self) {
        self.forward(self.page().saturating_sub(1).max(1));
    }

    pub fn page_back(&mut self) {
        self.back(self.page().saturating_sub(1).max(1));
    }

    pub fn to_start(&mut self) {
        self.pos = 0;
    }

    pub fn to_limit(&mut self) {
        self.pos = self.limit();
    }
}
