//! What a typed reply says, as opposed to how it says it: the content a reply is matched
//! to a step's choices on.
//!
//! A text is lowercased and the rubric's `[matching] boilerplate` phrases (stock courtesy
//! and empathy: "I'm so sorry", "I completely understand", "thank you") are cut out, so
//! they never make a reply alike a choice. Of the words left, each phrase of a `synonyms`
//! group ("look up", "pull up", "check") becomes the group's token, and every other
//! content word (not a stop word, three letters or more, or a number) its English stem;
//! the customer's and the trainee's names are left out. What is left is a set of tokens;
//! `free_text` compares the sets. Key-point patterns are compiled once and kept.

use super::Rubric;
use super::check::compile;
use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

/// Texts already taken apart (the choices' lines) are kept up to this many.
const MAX_REMEMBERED: usize = 4096;

/// A text's content, ready to compare: distinct tokens, in order of first appearance.
pub type Tokens = Arc<[u32]>;

/// A synonym phrase of two or more words, as stems.
struct Phrase {
    stems: Vec<String>,
    token: u32,
}

pub struct Matcher {
    boilerplate: Option<Regex>,
    /// Multi-word synonyms, by the stem of their first word.
    phrases: HashMap<String, Vec<Phrase>>,
    /// One-word synonyms: stem to the group's token.
    single: HashMap<String, u32>,
    stop_words: HashSet<String>,
    stemmer: Stemmer,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    interned: HashMap<String, u32>,
    remembered: HashMap<(String, String), Tokens>,
    regexes: HashMap<String, Option<Arc<Regex>>>,
}

impl State {
    fn intern(&mut self, stem: &str) -> u32 {
        if let Some(id) = self.interned.get(stem) {
            return *id;
        }
        let id = u32::try_from(self.interned.len()).unwrap_or(u32::MAX);
        self.interned.insert(stem.to_owned(), id);
        id
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("phrases", &self.phrases.len())
            .field("single", &self.single.len())
            .finish_non_exhaustive()
    }
}

impl Matcher {
    /// The matcher of a rubric whose patterns have been checked; a boilerplate pattern that
    /// does not compile is left out (`check` reports it).
    pub fn new(rubric: &Rubric, stop_words: &[&str]) -> Matcher {
        let stemmer = Stemmer::create(Algorithm::English);
        let good: Vec<String> = rubric
            .matching
            .boilerplate
            .iter()
            .map(|p| p.get_ref().clone())
            .filter(|p| compile(p).is_ok() && !super::check::matches_empty(p))
            .map(|p| format!("(?:{p})"))
            .collect();
        let boilerplate = if good.is_empty() {
            None
        } else {
            compile(&good.join("|")).ok()
        };
        let mut state = State::default();
        let mut phrases: HashMap<String, Vec<Phrase>> = HashMap::new();
        let mut single = HashMap::new();
        for (g, group) in rubric.matching.synonyms.iter().enumerate() {
            let token = state.intern(&format!("={g}"));
            for entry in group.get_ref() {
                let stems: Vec<String> = split(&entry.to_lowercase())
                    .into_iter()
                    .map(|w| stemmer.stem(w).into_owned())
                    .collect();
                match stems.as_slice() {
                    [] => {}
                    [one] => {
                        single.entry(one.clone()).or_insert(token);
                    }
                    [first, ..] => phrases.entry(first.clone()).or_default().push(Phrase {
                        stems: stems.clone(),
                        token,
                    }),
                }
            }
        }
        // Longer phrases first, so "pull it up" wins over "pull".
        for list in phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.stems.len()));
        }
        Matcher {
            boilerplate,
            phrases,
            single,
            stop_words: stop_words.iter().map(|w| (*w).to_owned()).collect(),
            stemmer,
            state: Mutex::new(state),
        }
    }

    /// The content tokens of `text`, leaving out the words of `names`.
    pub fn tokens(&self, text: &str, names: &str) -> Tokens {
        self.content(text, names).0.into()
    }

    /// The content tokens of `text` and, for each, the words it was made from.
    pub fn content(&self, text: &str, names: &str) -> (Vec<u32>, Vec<String>) {
        let lower = text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
        let cut = self.cut_boilerplate(&lower);
        let name_words: Vec<String> = split(&names.to_lowercase())
            .into_iter()
            .map(str::to_owned)
            .collect();
        let words: Vec<&str> = split(&cut);
        let stems: Vec<String> = words
            .iter()
            .map(|w| self.stemmer.stem(w).into_owned())
            .collect();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out: Vec<u32> = Vec::with_capacity(words.len());
        let mut from: Vec<String> = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            if let Some(list) = self.phrases.get(&stems[i])
                && let Some(p) = list.iter().find(|p| stems[i..].starts_with(&p.stems))
            {
                if !out.contains(&p.token) {
                    out.push(p.token);
                    from.push(words[i..i + p.stems.len()].join(" "));
                }
                i += p.stems.len();
                continue;
            }
            let word = words[i];
            // A synonym counts even when it is a stop word elsewhere ("now").
            let token = match self.single.get(&stems[i]) {
                Some(t) => Some(*t),
                None if self.is_content(word) => Some(state.intern(&stems[i])),
                None => None,
            };
            if let Some(token) = token.filter(|_| !name_words.iter().any(|n| n == word))
                && !out.contains(&token)
            {
                out.push(token);
                from.push(word.to_owned());
            }
            i += 1;
        }
        (out, from)
    }

    /// [`Matcher::tokens`] of a text seen before (an authored line), worked out once.
    pub fn remembered(&self, text: &str, names: &str) -> Tokens {
        let key = (text.to_owned(), names.to_owned());
        {
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(t) = state.remembered.get(&key) {
                return Arc::clone(t);
            }
        }
        let tokens = self.tokens(text, names);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.remembered.len() > MAX_REMEMBERED {
            state.remembered.clear();
        }
        state.remembered.insert(key, Arc::clone(&tokens));
        tokens
    }

    /// Whether any of a key point's patterns matches `reply` (case-insensitive). A pattern
    /// that does not compile matches nothing (`validate` reports it).
    pub fn any_match(&self, patterns: &[&str], reply: &str) -> bool {
        patterns.iter().any(|p| {
            let re = {
                let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                state
                    .regexes
                    .entry((*p).to_owned())
                    .or_insert_with(|| compile(p).ok().map(Arc::new))
                    .clone()
            };
            re.is_some_and(|re| re.is_match(reply))
        })
    }

    /// How many words of `text` are its own: outside `spans` (byte ranges of `text`: the
    /// wordings of the key points it makes), outside the stock phrases, and not a name.
    /// A reply with next to none is a list of key words, not something said to a customer.
    pub fn own_words(&self, text: &str, spans: &[std::ops::Range<usize>], names: &str) -> usize {
        // Both found on the text as typed, so a key point's match inside a stock phrase
        // ("sorry" in "I'm so sorry") leaves the whole phrase out.
        let mut blank = spans.to_vec();
        if let Some(re) = &self.boilerplate {
            blank.extend(re.find_iter(text).map(|m| m.range()));
        }
        self.words_outside(text, &blank, names)
    }

    /// How many words of `text` lie outside `blank` (byte ranges: the key points' wordings
    /// and the stock phrases, found by the caller) and are not a name.
    pub fn words_outside(
        &self,
        text: &str,
        blank: &[std::ops::Range<usize>],
        names: &str,
    ) -> usize {
        let kept: String = text
            .char_indices()
            .map(|(i, c)| {
                if blank.iter().any(|r| r.contains(&i)) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let lower = kept.to_lowercase();
        let names = names.to_lowercase();
        let name_words = split(&names);
        split(&lower)
            .into_iter()
            .filter(|w| !name_words.contains(w))
            .count()
    }

    /// The text with its boilerplate phrases blanked out (same length).
    pub fn cut_boilerplate(&self, lower: &str) -> String {
        match &self.boilerplate {
            None => lower.to_owned(),
            Some(re) => re.replace_all(lower, " ").into_owned(),
        }
    }

    fn is_content(&self, word: &str) -> bool {
        let digits = word.bytes().all(|b| b.is_ascii_digit());
        let long_enough = if digits {
            word.len() >= 2
        } else {
            word.chars().count() >= 3
        };
        long_enough && !self.stop_words.contains(word)
    }
}

/// Words: letters and digits, with an apostrophe inside ("don't").
fn split(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inside = c.is_alphanumeric()
            || (c == '\''
                && start.is_some()
                && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()));
        match (start, inside) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        Matcher::new(&Rubric::builtin(), super::super::scorer::STOP_WORDS)
    }

    #[test]
    fn stock_phrases_carry_no_content() {
        let m = matcher();
        let stuffed = m.tokens(
            "Hi Dana, I'm so sorry, I completely understand, thank you, please, let me find out, I hear you. That must be so frustrating.",
            "Dana Whitfield",
        );
        assert!(stuffed.is_empty(), "{stuffed:?}");
    }

    #[test]
    fn synonyms_make_paraphrases_share_tokens() {
        let m = matcher();
        let a = m.tokens("Let me look up booking 58213 for you now.", "");
        let b = m.tokens("Let me pull that reservation up, 58213.", "");
        let shared = a.iter().filter(|t| b.contains(t)).count();
        assert!(shared >= 2, "{a:?} {b:?}");
    }

    #[test]
    fn own_words_leave_out_key_wordings_stock_phrases_and_names() {
        let m = matcher();
        let text = "I'm so sorry Dana, three weeks what happened";
        let at = text.find("three weeks").unwrap();
        let what = text.find("what happened").unwrap();
        let spans = [at..at + 11, what..what + 13];
        assert_eq!(m.own_words(text, &spans, "Dana Whitfield"), 0);
        let said = "Sorry it died after only three weeks. What happened?";
        let spans = [
            said.find("three").unwrap()..said.find("three").unwrap() + 11,
            said.find("What").unwrap()..said.find("What").unwrap() + 13,
        ];
        // "it died after only": the reply's own words.
        assert_eq!(m.own_words(said, &spans, ""), 4);
    }

    #[test]
    fn names_are_not_content() {
        let m = matcher();
        assert!(m.tokens("Priya", "Priya Shah").is_empty());
    }
}
