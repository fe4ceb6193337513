//! Which of the scorer's patterns can match an ASCII reply, found without running them.
//!
//! Most patterns can only match where one of a few words starts ("sorry", "thank",
//! "not my"): `regex-syntax` works out those prefixes, and one Aho-Corasick search over
//! the reply finds every place any of them occurs. Only the cues whose prefixes occur are
//! then searched with their own regex. The few patterns with no such prefix (`^\W*...`,
//! `[!?]{2,}`) go into a `RegexSet` of their own, small enough to stay fast.
//!
//! This replaced one `RegexSet` of every pattern: with several hundred patterns its lazy
//! DFA grew so large that most of a reply's time went on memory stalls (docs/performance.md).
//!
//! A candidate is only a candidate: the cue's own regex decides. So the answer may hold
//! cues that turn out not to match, but never misses one that does, and the scores are the
//! same as with the full set. That holds for ASCII replies only: there, matching a pattern
//! without case is matching its literals up to ASCII case. Other replies use the full set.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::ops::Range;

pub(super) struct Prefilter {
    /// Every prefix literal, lowercased; entry i of `entries_of` lists the scorer's
    /// patterns that literal i starts.
    literals: AhoCorasick,
    entries_of: Vec<Vec<usize>>,
    /// The patterns with no prefix literal, and the scorer's pattern each belongs to.
    rest: Option<regex::RegexSet>,
    rest_entries: Vec<usize>,
}

/// A pattern of the scorer that may match, and where its matches can start.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Candidate {
    pub entry: usize,
    /// Where in [`Candidates::starts`] the byte offsets are that one of its prefix
    /// literals occurs at: every match starts at one of them. None when a match may start
    /// anywhere.
    pub starts: Option<Range<usize>>,
}

/// The patterns that may match a reply, in ascending order, and where.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Candidates {
    pub list: Vec<Candidate>,
    /// Offsets, ascending within each candidate's range (one vector for all of them,
    /// rather than one each: this runs for every reply).
    pub starts: Vec<usize>,
}

impl Candidates {
    /// Where `candidate`'s matches can start (None: anywhere).
    pub fn starts_of(&self, candidate: &Candidate) -> Option<&[usize]> {
        candidate.starts.clone().map(|r| &self.starts[r])
    }
}

impl Prefilter {
    /// `entries[i]` is the list of patterns joined in the scorer's pattern i. None when it
    /// cannot be built (the caller then uses its full set).
    pub(super) fn new(entries: &[Vec<&str>], rest_cache_bytes: usize) -> Option<Prefilter> {
        let mut literals: Vec<String> = Vec::new();
        let mut entries_of: Vec<Vec<usize>> = Vec::new();
        let mut rest = Vec::new();
        let mut rest_entries = Vec::new();
        for (entry, patterns) in entries.iter().enumerate() {
            for pattern in patterns {
                match prefixes(pattern) {
                    Some(found) => {
                        for literal in found {
                            let at = match literals.iter().position(|l| *l == literal) {
                                Some(at) => at,
                                None => {
                                    literals.push(literal);
                                    entries_of.push(Vec::new());
                                    literals.len() - 1
                                }
                            };
                            if !entries_of[at].contains(&entry) {
                                entries_of[at].push(entry);
                            }
                        }
                    }
                    None => {
                        rest.push(*pattern);
                        rest_entries.push(entry);
                    }
                }
            }
        }
        // A DFA: a few hundred short literals make a small one, and it is searched for
        // every reply.
        let literals = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .ok()?;
        let rest = if rest.is_empty() {
            None
        } else {
            // Unicode, as the scorer's own set: a pattern lands here when it has a
            // non-ASCII literal, which can match an ASCII letter through case folding.
            Some(
                regex::RegexSetBuilder::new(&rest)
                    .case_insensitive(true)
                    .size_limit(64 << 20)
                    .dfa_size_limit(rest_cache_bytes)
                    .build()
                    .ok()?,
            )
        };
        Some(Prefilter {
            literals,
            entries_of,
            rest,
            rest_entries,
        })
    }

    /// The scorer's patterns that may match `text` (ASCII), in ascending order.
    pub(super) fn candidates(&self, text: &str) -> Candidates {
        // (entry, offset) for every literal found; `ANYWHERE` as the offset when a
        // pattern with no prefix matched: its entry's matches may start anywhere. When it
        // does not match, the entry's other patterns can still match, and only where
        // their literals are.
        const ANYWHERE: usize = usize::MAX;
        let mut found: Vec<(usize, usize)> = Vec::new();
        for m in self.literals.find_overlapping_iter(text) {
            for &entry in &self.entries_of[m.pattern().as_usize()] {
                found.push((entry, m.start()));
            }
        }
        if let Some(rest) = &self.rest {
            for i in rest.matches(text).iter() {
                found.push((self.rest_entries[i], ANYWHERE));
            }
        }
        found.sort_unstable();
        found.dedup();
        let mut out = Candidates::default();
        for group in found.chunk_by(|a, b| a.0 == b.0) {
            let entry = group[0].0;
            let starts = if group.last().is_some_and(|(_, at)| *at == ANYWHERE) {
                None
            } else {
                let from = out.starts.len();
                out.starts.extend(group.iter().map(|(_, at)| *at));
                Some(from..out.starts.len())
            };
            out.list.push(Candidate { entry, starts });
        }
        out
    }
}

/// The lowercased ASCII literals every match of `pattern` starts with, or None when there
/// is no such finite list (or a literal is empty or not ASCII, which would not narrow
/// anything down on ASCII text or could match through Unicode case folding).
///
/// The pattern is parsed as written, without case folding: the scorer matches it without
/// case, so a match in the reply is a match of the pattern in some casing of the reply,
/// and that starts with one of these literals up to case.
fn prefixes(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let literals = seq.literals()?;
    let mut out: Vec<String> = Vec::new();
    for literal in literals {
        let bytes = literal.as_bytes();
        if bytes.is_empty() || !bytes.is_ascii() {
            return None;
        }
        let lower = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        if !out.contains(&lower) {
            out.push(lower);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_the_words_a_match_starts_with() {
        let mut got = prefixes(r"\b(?:thank(?:s| you)|cheers)\b").unwrap();
        got.sort();
        assert_eq!(got, ["cheers", "thank you", "thanks"]);
        // Written in capitals, matched without case: the literal is lowercased.
        assert_eq!(prefixes(r"\bSorry\b").unwrap(), ["sorry"]);
    }

    #[test]
    fn patterns_without_a_finite_prefix_have_none() {
        assert_eq!(prefixes(r"^\W*(?:hi|hello)\b"), None);
        assert_eq!(prefixes(r"\w+ing\b"), None);
        // An optional start could match anywhere: no narrowing.
        assert_eq!(prefixes(r"(?:very )?"), None);
    }

    #[test]
    fn candidates_include_every_pattern_that_matches() {
        let entries = vec![
            vec![r"\bsorry\b", r"\bapologi[sz]e\b"],
            vec![r"^\W*(?:hi|hello)\b"],
            vec![r"\bthank(?:s| you)\b"],
        ];
        let p = Prefilter::new(&entries, 1 << 20).unwrap();
        // Each candidate with its starts.
        let candidates = |text| {
            let found = p.candidates(text);
            found
                .list
                .iter()
                .map(|c| (c.entry, found.starts_of(c).map(<[usize]>::to_vec)))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            candidates("Hello, I APOLOGISE. Sorry."),
            [(0, Some(vec![9, 20])), (1, None)]
        );
        assert_eq!(candidates("thank you, thanks"), [(2, Some(vec![0, 11]))]);
        assert!(candidates("nothing here").is_empty());
    }
}
