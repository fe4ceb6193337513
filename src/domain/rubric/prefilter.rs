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

pub(super) struct Prefilter {
    /// Every prefix literal, lowercased; entry i of `entries_of` lists the scorer's
    /// patterns that literal i starts.
    literals: AhoCorasick,
    entries_of: Vec<Vec<usize>>,
    /// The patterns with no prefix literal, and the scorer's pattern each belongs to.
    rest: Option<regex::RegexSet>,
    rest_entries: Vec<usize>,
    entries: usize,
}

/// A pattern of the scorer that may match, and where its matches can start.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Candidate {
    pub entry: usize,
    /// The byte offsets where one of its prefix literals occurs, ascending: every match
    /// starts at one of them. None when a match may start anywhere.
    pub starts: Option<Vec<usize>>,
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
            entries: entries.len(),
        })
    }

    /// The scorer's patterns that may match `text` (ASCII), in ascending order.
    pub(super) fn candidates(&self, text: &str) -> Vec<Candidate> {
        let mut starts: Vec<Option<Vec<usize>>> = vec![None; self.entries];
        for m in self.literals.find_overlapping_iter(text) {
            for &entry in &self.entries_of[m.pattern().as_usize()] {
                starts[entry].get_or_insert_with(Vec::new).push(m.start());
            }
        }
        // A pattern with no prefix that matches makes its entry a candidate whose matches
        // may start anywhere. When it does not match, the entry's other patterns can still
        // match, and only where their literals are.
        let mut anywhere = vec![false; starts.len()];
        if let Some(rest) = &self.rest {
            for i in rest.matches(text).iter() {
                let entry = self.rest_entries[i];
                anywhere[entry] = true;
                starts[entry].get_or_insert_with(Vec::new);
            }
        }
        starts
            .into_iter()
            .enumerate()
            .filter_map(|(entry, starts)| {
                let mut starts = starts?;
                if anywhere[entry] {
                    return Some(Candidate {
                        entry,
                        starts: None,
                    });
                }
                starts.sort_unstable();
                starts.dedup();
                Some(Candidate {
                    entry,
                    starts: Some(starts),
                })
            })
            .collect()
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
        let at = |entry, starts: Option<Vec<usize>>| Candidate { entry, starts };
        assert_eq!(
            p.candidates("Hello, I APOLOGISE. Sorry."),
            [at(0, Some(vec![9, 20])), at(1, None)]
        );
        assert_eq!(
            p.candidates("thank you, thanks"),
            [at(2, Some(vec![0, 11]))]
        );
        assert!(p.candidates("nothing here").is_empty());
    }
}
