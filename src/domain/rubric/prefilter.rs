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
use regex_syntax::hir::{Hir, HirKind, Look};
use std::collections::HashMap;
use std::ops::Range;

pub(super) struct Prefilter {
    /// Every literal looked for, lowercased: the literals patterns start with, and the
    /// literals of their gates (see [`gate`]).
    literals: AhoCorasick,
    /// Per literal: the entries (the scorer's patterns) whose matches may start where it
    /// occurs.
    starts_of: Vec<Vec<Link>>,
    /// Per literal: the gates it opens.
    opens: Vec<Vec<usize>>,
    gates: usize,
    /// Entries with a pattern that can only match at the very start of the reply
    /// (`^...`), and the gate that must be open for it.
    at_start: Vec<(usize, Option<usize>)>,
    /// Entries with a pattern that may match anywhere, once its gate is open.
    anywhere: Vec<(usize, usize)>,
    /// The patterns with neither a prefix literal nor a gate, and the scorer's pattern
    /// each belongs to.
    rest: Option<regex::RegexSet>,
    rest_entries: Vec<usize>,
}

/// A literal's claim that an entry's matches may start where it occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Link {
    entry: usize,
    /// Only where a word starts (see [`Literal`]).
    word_start: bool,
    /// Only when this gate is open: a literal of a character or two ("." in
    /// `[.!?]\s+it happens`) occurs everywhere, and searching the pattern at each one
    /// cost more than all the rest of the prefilter.
    gate: Option<usize>,
}

/// Literals shorter than this, where a match could start, are too common to search at
/// each occurrence when the pattern has a gate of longer ones.
const SELECTIVE_BYTES: usize = 3;

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
        let mut table = Literals::default();
        let mut gates = 0usize;
        let mut new_gate = |table: &mut Literals, literals: Vec<String>| {
            for literal in literals {
                let at = table.index(literal);
                table.opens[at].push(gates);
            }
            gates += 1;
            gates - 1
        };
        let mut at_start = Vec::new();
        let mut anywhere = Vec::new();
        let mut rest = Vec::new();
        let mut rest_entries = Vec::new();
        for (entry, patterns) in entries.iter().enumerate() {
            for pattern in patterns {
                let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
                    rest.push(*pattern);
                    rest_entries.push(entry);
                    continue;
                };
                let gate_literals = gate(&hir);
                match prefixes(&hir) {
                    Some(found) => {
                        let short = |l: &str| l.len() < SELECTIVE_BYTES;
                        let gate = match gate_literals {
                            Some(g)
                                if found.iter().any(|l| short(&l.literal))
                                    && !g.iter().any(|l| short(l)) =>
                            {
                                Some(new_gate(&mut table, g))
                            }
                            _ => None,
                        };
                        for Literal {
                            literal,
                            word_start,
                        } in found
                        {
                            let link = Link {
                                entry,
                                word_start,
                                gate: gate.filter(|_| short(&literal)),
                            };
                            let at = table.index(literal);
                            // An entry's patterns may share a literal: it is held to a
                            // word start only if every one of them is.
                            match table.starts_of[at]
                                .iter_mut()
                                .find(|l| l.entry == entry && l.gate == link.gate)
                            {
                                Some(known) => known.word_start &= word_start,
                                None => table.starts_of[at].push(link),
                            }
                        }
                    }
                    None if opens_with(&hir, &|look| look == Look::Start) => {
                        let gate = gate_literals.map(|g| new_gate(&mut table, g));
                        at_start.push((entry, gate));
                    }
                    None => match gate_literals {
                        Some(g) => anywhere.push((entry, new_gate(&mut table, g))),
                        None => {
                            rest.push(*pattern);
                            rest_entries.push(entry);
                        }
                    },
                }
            }
        }
        // A DFA: a few thousand short literals make a small one, and it is searched for
        // every reply.
        let literals = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&table.literals)
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
            starts_of: table.starts_of,
            opens: table.opens,
            gates,
            at_start,
            anywhere,
            rest,
            rest_entries,
        })
    }

    /// The scorer's patterns that may match `text` (ASCII), in ascending order.
    pub(super) fn candidates(&self, text: &str) -> Candidates {
        // (entry, offset) for every place a match may start; `ANYWHERE` as the offset
        // when a pattern's matches may start anywhere. The entry's other patterns can
        // only match where their literals are, so they add nothing then.
        const ANYWHERE: usize = usize::MAX;
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut open = vec![false; self.gates];
        // (gate, entry, offset): kept if the gate turns out open, by a literal found
        // before or after.
        let mut gated: Vec<(usize, usize, usize)> = Vec::new();
        let bytes = text.as_bytes();
        for m in self.literals.find_overlapping_iter(text) {
            let literal = m.pattern().as_usize();
            for &gate in &self.opens[literal] {
                open[gate] = true;
            }
            // Most literals found are inside a word ("hi" in "this"), where a pattern
            // that opens with `\b` cannot start: those need no search at all.
            let in_word = m.start() > 0 && is_word_byte(bytes[m.start() - 1]);
            for link in &self.starts_of[literal] {
                if in_word && link.word_start {
                    continue;
                }
                match link.gate {
                    None => found.push((link.entry, m.start())),
                    Some(gate) => gated.push((gate, link.entry, m.start())),
                }
            }
        }
        found.extend(
            gated
                .iter()
                .filter(|(gate, _, _)| open[*gate])
                .map(|&(_, entry, at)| (entry, at)),
        );
        for &(entry, gate) in &self.at_start {
            if gate.is_none_or(|g| open[g]) {
                found.push((entry, 0));
            }
        }
        for &(entry, gate) in &self.anywhere {
            if open[gate] {
                found.push((entry, ANYWHERE));
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

/// The literals the prefilter looks for, each once, with what finding one means.
#[derive(Default)]
struct Literals {
    literals: Vec<String>,
    index: HashMap<String, usize>,
    starts_of: Vec<Vec<Link>>,
    opens: Vec<Vec<usize>>,
}

impl Literals {
    fn index(&mut self, literal: String) -> usize {
        if let Some(at) = self.index.get(&literal) {
            return *at;
        }
        let at = self.literals.len();
        self.index.insert(literal.clone(), at);
        self.literals.push(literal);
        self.starts_of.push(Vec::new());
        self.opens.push(Vec::new());
        at
    }
}

/// A literal a pattern's matches start with.
#[derive(Debug, PartialEq, Eq)]
struct Literal {
    /// Lowercased ASCII.
    literal: String,
    /// The pattern opens with a word boundary (`\b`) and the literal with a word
    /// character, so a match cannot start at an occurrence of the literal that has a word
    /// character just before it.
    word_start: bool,
}

/// A word character for `\b` in ASCII text (Unicode's `\w` agrees with ASCII's there).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether every match of `hir` begins with an assertion `is` accepts, judged from its
/// first element: conservative, a pattern of another shape says no.
fn opens_with(hir: &Hir, is: &dyn Fn(Look) -> bool) -> bool {
    match hir.kind() {
        HirKind::Look(look) => is(*look),
        HirKind::Concat(parts) => parts.first().is_some_and(|p| opens_with(p, is)),
        HirKind::Alternation(branches) => branches.iter().all(|b| opens_with(b, is)),
        HirKind::Capture(capture) => opens_with(&capture.sub, is),
        HirKind::Repetition(rep) => rep.min > 0 && opens_with(&rep.sub, is),
        _ => false,
    }
}

/// The lowercased ASCII literals every match of `hir` starts with, or None when there
/// is no such finite list (or a literal is empty or not ASCII, which would not narrow
/// anything down on ASCII text or could match through Unicode case folding).
///
/// The pattern is parsed as written, without case folding: the scorer matches it without
/// case, so a match in the reply is a match of the pattern in some casing of the reply,
/// and that starts with one of these literals up to case.
fn prefixes(hir: &Hir) -> Option<Vec<Literal>> {
    let bounded = opens_with(hir, &|look| {
        matches!(look, Look::WordUnicode | Look::WordAscii)
    });
    let literals = starting_literals(hir)?;
    Some(
        literals
            .into_iter()
            .map(|literal| Literal {
                word_start: bounded && is_word_byte(literal.as_bytes()[0]),
                literal,
            })
            .collect(),
    )
}

/// The literals (lowercased ASCII, none empty) every match of `hir` starts with.
fn starting_literals(hir: &Hir) -> Option<Vec<String>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let mut out: Vec<String> = Vec::new();
    for literal in seq.literals()? {
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

/// A gate of `hir`: literals one of which occurs in every text the pattern matches
/// (anywhere, not only where the match starts), chosen with the longest shortest
/// literal. Each part of a sequence must match, so each part's starting literals are a
/// gate; a branch of an alternation is only one way to match, so an alternation's gate
/// is every branch's together.
fn gate(hir: &Hir) -> Option<Vec<String>> {
    let shortest = |g: &Vec<String>| g.iter().map(String::len).min().unwrap_or(0);
    let inner = match hir.kind() {
        HirKind::Capture(capture) => gate(&capture.sub),
        HirKind::Repetition(rep) if rep.min > 0 => gate(&rep.sub),
        HirKind::Concat(parts) => parts.iter().filter_map(gate).max_by_key(shortest),
        HirKind::Alternation(branches) => {
            let mut all: Vec<String> = Vec::new();
            for branch in branches {
                for literal in gate(branch)? {
                    if !all.contains(&literal) {
                        all.push(literal);
                    }
                }
            }
            Some(all)
        }
        _ => None,
    };
    match (inner, starting_literals(hir)) {
        (Some(a), Some(b)) => Some(if shortest(&b) > shortest(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .unwrap()
    }

    /// A gate's literals, sorted.
    fn gate_of(pattern: &str) -> Option<Vec<String>> {
        gate(&parse(pattern)).map(|mut g| {
            g.sort();
            g
        })
    }

    /// The literals of `pattern`, sorted, each with whether it holds only at a word start.
    fn literals(pattern: &str) -> Vec<(String, bool)> {
        let mut got: Vec<(String, bool)> = prefixes(&parse(pattern))
            .unwrap()
            .into_iter()
            .map(|l| (l.literal, l.word_start))
            .collect();
        got.sort();
        got
    }

    #[test]
    fn literals_are_the_words_a_match_starts_with() {
        let got = literals(r"\b(?:thank(?:s| you)|cheers)\b");
        let words: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(words, ["cheers", "thank you", "thanks"]);
        // Written in capitals, matched without case: the literal is lowercased.
        assert_eq!(literals(r"\bSorry\b"), [("sorry".to_owned(), true)]);
    }

    #[test]
    fn a_literal_holds_at_word_starts_only_when_every_match_opens_with_a_boundary() {
        assert_eq!(literals(r"\bsorry"), [("sorry".to_owned(), true)]);
        assert_eq!(literals(r"sorry\b"), [("sorry".to_owned(), false)]);
        // One branch without `\b`: its matches may start inside a word.
        assert_eq!(
            literals(r"\bsorry|apolog"),
            [("apolog".to_owned(), false), ("sorry".to_owned(), false)]
        );
        assert_eq!(
            literals(r"(?:\bsorry|\bapolog)"),
            [("apolog".to_owned(), true), ("sorry".to_owned(), true)]
        );
        // `\b` before a non-word character asks for a word character before it.
        assert_eq!(literals(r"\b!!"), [("!!".to_owned(), false)]);
        // An ASCII-only boundary is a boundary too.
        assert_eq!(literals(r"(?-u:\b)hi"), [("hi".to_owned(), true)]);
    }

    #[test]
    fn a_literal_inside_a_word_starts_no_bounded_candidate() {
        let entries = vec![vec![r"\bhi\b"], vec![r"hi"], vec![r"\bhis\b", r"this"]];
        let p = Prefilter::new(&entries, 1 << 20).unwrap();
        let found = p.candidates("this hi");
        let got: Vec<(usize, Vec<usize>)> = found
            .list
            .iter()
            .map(|c| (c.entry, found.starts_of(c).unwrap().to_vec()))
            .collect();
        // Entry 0 only at the word "hi"; entry 1 wherever "hi" occurs, inside "this"
        // too; entry 2 at "this" (not held to a word start) but not at the "his" inside
        // it (held to one).
        assert_eq!(got, [(0, vec![5]), (1, vec![1, 5]), (2, vec![0])]);
    }

    #[test]
    fn patterns_without_a_finite_prefix_have_none() {
        assert_eq!(prefixes(&parse(r"^\W*(?:hi|hello)\b")), None);
        assert_eq!(prefixes(&parse(r"\w+ing\b")), None);
        // An optional start could match anywhere: no narrowing.
        assert_eq!(prefixes(&parse(r"(?:very )?")), None);
    }

    #[test]
    fn a_gate_is_a_literal_every_match_contains() {
        // The longest of the parts every match has.
        assert_eq!(
            gate_of(r"(?:^|[.!?]\s+)(?:it|that) happens?\b"),
            Some(vec![" happen".to_owned()])
        );
        assert_eq!(
            gate_of(r"^\W*(?:hi|hello)\b"),
            Some(vec!["hello".to_owned(), "hi".to_owned()])
        );
        // An alternation: one literal from each branch.
        assert_eq!(
            gate_of(r"[\w,]\s+please\b|\bkindly\W"),
            Some(vec!["kindly".to_owned(), "please".to_owned()])
        );
        // A branch without one, an optional part, a class too large: no gate.
        assert_eq!(gate_of(r"\bplease\b|\w+"), None);
        assert_eq!(gate_of(r"\w+(?:please)?"), None);
        // A repetition that must happen once at least keeps its part's gate.
        assert_eq!(gate_of(r"\w(?:ok)+"), Some(vec!["ok".to_owned()]));
    }

    #[test]
    fn short_literals_start_candidates_only_when_the_gate_is_open() {
        let entries = vec![
            vec![r"(?:^|[.!?]\s+)(?:it|that) happens?\b"],
            vec![r"^\W*(?:hi|hello)\b"],
            vec![r"[\w,]\s+please\b"],
        ];
        let p = Prefilter::new(&entries, 1 << 20).unwrap();
        assert!(p.rest.is_none(), "every pattern has a prefix or a gate");
        let candidates = |text| {
            let found = p.candidates(text);
            found
                .list
                .iter()
                .map(|c| (c.entry, found.starts_of(c).map(<[usize]>::to_vec)))
                .collect::<Vec<_>>()
        };
        // No " happen", no "hi", no "please": nothing to search, however many full stops.
        assert!(candidates("Right. Yes. Done. Okay.").is_empty());
        // " happen" opens the gate for the full stops and "it", found before it and after.
        assert_eq!(
            candidates("Yes. It happens. Sadly."),
            [(0, Some(vec![3, 5, 15, 22]))]
        );
        // A `^` pattern is searched at the start only; a gated one anywhere.
        assert_eq!(
            candidates("Hello, could you please wait"),
            [(1, Some(vec![0])), (2, None)]
        );
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
            [(0, Some(vec![9, 20])), (1, Some(vec![0]))]
        );
        assert_eq!(candidates("thank you, thanks"), [(2, Some(vec![0, 11]))]);
        assert!(candidates("nope, none here").is_empty());
        // A gate is looked for anywhere, inside words too: "hi" in "nothing" opens it.
        assert_eq!(candidates("nothing here"), [(1, Some(vec![0]))]);
    }
}
