//! The library screen's state: every file of the library in force (unplayable ones
//! too, with their first error) in the onboarding order (see `domain::curriculum`), the
//! trainee's record on each, the filter and the selection.

use crate::domain::curriculum::{self, Curriculum};
use crate::domain::finding::{Finding, line_column};
use crate::domain::library::{Library, LibraryFile};
use crate::domain::sanitize::clean;
use crate::domain::scenario::Scenario;
use crate::domain::store::history::BestResult;
use crate::tui::app::reply::Reply;
use crate::tui::app::scroll::Scroller;
use crate::tui::text;
use std::collections::HashMap;

/// One file of the library as the list shows it.
#[derive(Debug)]
pub struct Entry<'a> {
    pub file: &'a LibraryFile,
    /// Lower-case title, id, tags, channel and file name, for the filter.
    search: String,
}

impl<'a> Entry<'a> {
    fn new(file: &'a LibraryFile) -> Entry<'a> {
        let mut search = match file.scenario() {
            Some(s) => {
                let tags = s.scenario.tag_list();
                format!(
                    "{} {} {} {}",
                    s.title(),
                    s.id(),
                    tags.join(" "),
                    s.scenario.channel.get_ref()
                )
            }
            None => format!("{} {}", file.origin, text::UNPLAYABLE),
        };
        search = clean(&search).to_lowercase();
        Entry { file, search }
    }

    pub fn scenario(&self) -> Option<&'a Scenario> {
        self.file.scenario()
    }

    /// The first error of an unplayable file, in words, with its line and column.
    pub fn first_error(&self) -> Option<String> {
        if self.scenario().is_some() {
            return None;
        }
        let Some(finding) = self.file.checked.findings.iter().find(|f| f.is_error()) else {
            // No error, and no scenario: a file of another kind in the library's folder.
            return Some(text::not_a_scenario(
                crate::domain::rubric::looks_like_rubric(&self.file.checked.text),
            ));
        };
        let finding: &Finding = finding;
        let message = match &finding.help {
            Some(help) => text::with_help(&finding.message, help),
            None => finding.message.clone(),
        };
        Some(match &finding.span {
            Some(span) => {
                let (line, column) = line_column(&self.file.checked.text, span.start);
                text::first_finding(line, column, &message)
            }
            None => text::first_finding_nowhere(&message),
        })
    }

    fn matches(&self, filter: &str) -> bool {
        filter
            .split_whitespace()
            .all(|word| self.search.contains(&word.to_lowercase()))
    }
}

#[derive(Debug)]
pub struct LibraryState<'a> {
    pub entries: Vec<Entry<'a>>,
    /// The filter, edited as a typed reply is.
    pub filter: Reply,
    /// True while the filter is being typed.
    pub typing: bool,
    /// Indices into `entries` of the entries the filter lets through, in library order.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// Rows per page of the list, as last drawn.
    pub page: Scroller,
    /// The trainee's best finished attempt of each scenario, by scenario id.
    pub records: HashMap<String, BestResult>,
    /// The library's onboarding path; the list is headed group by group.
    pub curriculum: Curriculum,
    /// Each group's minutes with the debriefs, in the curriculum's order.
    group_minutes: Vec<u32>,
}

impl<'a> LibraryState<'a> {
    pub fn new(library: &'a Library) -> LibraryState<'a> {
        let curriculum = curriculum::of(library);
        let group_minutes = curriculum
            .groups
            .iter()
            .map(|g| curriculum.group_minutes(g, library))
            .collect();
        let mut entries: Vec<Entry<'a>> = library.files.iter().map(Entry::new).collect();
        // Playable scenarios in the onboarding order, files with errors after them.
        entries.sort_by_cached_key(|e| e.scenario().map(|s| curriculum::key(&curriculum, s)));
        entries.sort_by_key(|e| e.scenario().is_none());
        let visible = (0..entries.len()).collect();
        LibraryState {
            entries,
            filter: Reply::with_limit(text::FILTER_MAX),
            typing: false,
            visible,
            selected: 0,
            page: Scroller::default(),
            records: HashMap::new(),
            curriculum,
            group_minutes,
        }
    }

    /// The heading `entry` is listed under: its curriculum group's title and minutes, or
    /// "not in the curriculum" after the groups; `None` when the library has no curriculum.
    pub fn heading_of(&self, entry: &Entry<'a>) -> Option<String> {
        if self.curriculum.groups.is_empty() {
            return None;
        }
        let place = entry.scenario().and_then(|s| self.curriculum.place(s.id()));
        Some(match place {
            Some((g, _)) => {
                let group = &self.curriculum.groups[g];
                let minutes = self.group_minutes[g];
                text::group_heading(&clean(&group.title), minutes)
            }
            None => text::GROUP_REST.to_owned(),
        })
    }

    /// The trainee's best finished attempt of `scenario`.
    pub fn record(&self, scenario: &str) -> Option<&BestResult> {
        self.records.get(scenario)
    }

    pub fn playable(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.scenario().is_some())
            .count()
    }

    pub fn selected_entry(&self) -> Option<&Entry<'a>> {
        self.visible.get(self.selected).map(|&i| &self.entries[i])
    }

    /// Selects the scenario with this id, clearing a filter that hides it.
    pub fn select_id(&mut self, id: &str) {
        let Some(index) = self
            .entries
            .iter()
            .position(|e| e.scenario().is_some_and(|s| s.id() == id))
        else {
            return;
        };
        if !self.visible.contains(&index) {
            self.clear_filter();
        }
        self.selected = self.visible.iter().position(|&i| i == index).unwrap_or(0);
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn page_rows(&self) -> isize {
        self.page.page().max(1) as isize
    }

    pub fn home(&mut self) {
        self.selected = 0;
    }

    pub fn end(&mut self) {
        self.selected = self.visible.len().saturating_sub(1);
    }

    /// An edit of the filter (a character, a cursor move), then the list it lets through.
    pub fn edit_filter(&mut self, edit: impl FnOnce(&mut Reply)) {
        let before = self.filter.text().to_owned();
        edit(&mut self.filter);
        if self.filter.text() != before {
            self.refilter();
        }
    }

    pub fn clear_filter(&mut self) {
        self.edit_filter(Reply::clear);
    }

    /// Applies the filter, keeping the selected entry selected when it still shows.
    fn refilter(&mut self) {
        let before = self.visible.get(self.selected).copied();
        let filter = self.filter.text();
        self.visible = (0..self.entries.len())
            .filter(|&i| self.entries[i].matches(filter))
            .collect();
        self.selected = before
            .and_then(|b| self.visible.iter().position(|&i| i == b))
            .unwrap_or(0);
    }
}
