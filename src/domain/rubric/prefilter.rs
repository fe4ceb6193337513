//! Which of the scorer's patterns can match an ASCII reply, found without running them.
//!
//! Most patterns can only match where one of a few words starts ("sorry", "thank",
//! "not my"): `regex-syntax` works out those prefixes, and one Aho-Corasick search over
//! the reply finds every place any of them occurs. Only the cues whose prefixes occur are
//! then searched with their own regex, and only there. Fewer places still:
//!
//! - a pattern that opens with `\b` is not searched where its literal is inside a word;
//! - `^\W*X` only where X's literal is the reply's first word, and from offset 0;
//! - a literal of a byte or two ("." in `[.!?]\s+it happens`) only when the pattern's
//!   *gate*, a longer literal every match contains (" happen"), is in the reply too; a
//!   pattern with no prefix at all is searched everywhere once its gate is open.
//!
//! Patterns with neither a prefix nor a gate go into a `RegexSet` of their own (the
//! built-in rubric has none left).
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
    /// Per literal: the gates it opens, each with whether only as a whole word.
    opens: Vec<Vec<(usize, bool)>>,
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
    /// Only where the reply's first word starts, and then the match starts at 0: the
    /// literal follows `^\W*` (`^\W*(?:hi|hello)`).
    first_word: bool,
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
        let mut new_gate = |table: &mut Literals, gate: Gate| {
            for literal in gate.literals {
                let at = table.index(literal);
                table.opens[at].push((gates, gate.whole_word));
            }
            gates += 1;
            gates - 1
        };
        let mut at_start = Vec::new();
        let mut anywhere = Vec::new();
        let mut rest = Vec::new();
        let mut rest_entries = Vec::new();
        // `\W`, parsed once, to recognise `^\W*X`.
        let non_word = regex_syntax::ParserBuilder::new()
            .build()
            .parse(r"\W")
            .ok()?;
        for (entry, patterns) in entries.iter().enumerate() {
            for pattern in patterns {
                let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
                    rest.push(*pattern);
                    rest_entries.push(entry);
                    continue;
                };
                // A gate is worked out only for a pattern that needs one.
                match prefixes(&hir) {
                    Some(found) => {
                        let short = |l: &str| l.len() < SELECTIVE_BYTES;
                        let gate = if found.iter().any(|l| short(&l.literal)) {
                            gate(&hir)
                                .filter(|g| g.selectivity() >= SELECTIVE_BYTES)
                                .map(|g| new_gate(&mut table, g))
                        } else {
                            None
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
                                first_word: false,
                            };
                            table.link(literal, link);
                        }
                    }
                    None => {
                        if let Some(literals) = first_word_literals(&hir, &non_word) {
                            for literal in literals {
                                let link = Link {
                                    entry,
                                    word_start: false,
                                    gate: None,
                                    first_word: true,
                                };
                                table.link(literal, link);
                            }
                        } else if opens_with(&hir, &|look| look == Look::Start) {
                            let gate = gate(&hir).map(|g| new_gate(&mut table, g));
                            at_start.push((entry, gate));
                        } else if let Some(g) = gate(&hir) {
                            anywhere.push((entry, new_gate(&mut table, g)));
                        } else {
                            rest.push(*pattern);
                            rest_entries.push(entry);
                        }
                    }
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
        // (entry, offset) for every place a match may start, packed in one integer that
        // sorts by entry, then offset (a reply is at most a few KiB); `ANYWHERE` as the
        // offset when a pattern's matches may start anywhere. The entry's other patterns
        // can only match where their literals are, so they add nothing then.
        const ANYWHERE: u64 = u32::MAX as u64;
        let key = |entry: usize, at: usize| ((entry as u64) << 32) | at as u64;
        let mut found: Vec<u64> = Vec::with_capacity(32);
        let mut open = GateSet::new(self.gates);
        // A key that waits for a gate carries the gate (plus one) in its top bits, and is
        // kept once the search is over if the gate is open, by a literal found before or
        // after it. Entries and offsets fit below (entries are few, a reply is short).
        const GATE_SHIFT: u32 = 48;
        let waits = self.gates < (1 << (64 - GATE_SHIFT)) - 1;
        let mut any_waiting = false;
        let bytes = text.as_bytes();
        let is_word_at = |i: usize| bytes.get(i).copied().is_some_and(is_word_byte);
        let first_word = bytes.iter().position(|b| is_word_byte(*b));
        for m in self.literals.find_overlapping_iter(text) {
            let literal = m.pattern().as_usize();
            // Most literals found are inside a word ("hi" in "this"), where a pattern
            // that opens with `\b` cannot start: those need no search at all.
            let in_word = m.start() > 0 && is_word_at(m.start() - 1);
            for &(gate, whole_word) in &self.opens[literal] {
                if !whole_word || !(in_word || is_word_at(m.end())) {
                    open.insert(gate);
                }
            }
            for link in &self.starts_of[literal] {
                if in_word && link.word_start {
                    continue;
                }
                if link.first_word {
                    if first_word == Some(m.start()) {
                        found.push(key(link.entry, 0));
                    }
                    continue;
                }
                match link.gate {
                    Some(gate) if waits => {
                        any_waiting = true;
                        found.push(key(link.entry, m.start()) | (gate as u64 + 1) << GATE_SHIFT);
                    }
                    // Too many gates to carry: searched as if its gate were open.
                    _ => found.push(key(link.entry, m.start())),
                }
            }
        }
        if any_waiting {
            let plain = (1u64 << GATE_SHIFT) - 1;
            found.retain_mut(|k| match *k >> GATE_SHIFT {
                0 => true,
                gate => {
                    *k &= plain;
                    open.contains(gate as usize - 1)
                }
            });
        }
        for &(entry, gate) in &self.at_start {
            if gate.is_none_or(|g| open.contains(g)) {
                found.push(key(entry, 0));
            }
        }
        for &(entry, gate) in &self.anywhere {
            if open.contains(gate) {
                found.push(key(entry, ANYWHERE as usize));
            }
        }
        if let Some(rest) = &self.rest {
            for i in rest.matches(text).iter() {
                found.push(key(self.rest_entries[i], ANYWHERE as usize));
            }
        }
        found.sort_unstable();
        found.dedup();
        let mut out = Candidates {
            list: Vec::with_capacity(found.len()),
            starts: Vec::with_capacity(found.len()),
        };
        let entry_of = |key: &u64| (key >> 32) as usize;
        for group in found.chunk_by(|a, b| entry_of(a) == entry_of(b)) {
            let entry = entry_of(&group[0]);
            let starts = if group.last().is_some_and(|k| k & ANYWHERE == ANYWHERE) {
                None
            } else {
                let from = out.starts.len();
                out.starts
                    .extend(group.iter().map(|k| (k & ANYWHERE) as usize));
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
    opens: Vec<Vec<(usize, bool)>>,
}

impl Literals {
    /// Adds `link` to `literal`'s. An entry's patterns may share a literal: it is held
    /// to a word start only if every one of them is.
    fn link(&mut self, literal: String, link: Link) {
        let at = self.index(literal);
        match self.starts_of[at].iter_mut().find(|l| {
            l.entry == link.entry && l.gate == link.gate && l.first_word == link.first_word
        }) {
            Some(known) => known.word_start &= link.word_start,
            None => self.starts_of[at].push(link),
        }
    }

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

/// Literals one of which occurs in every text a pattern matches (anywhere, not only
/// where the match starts).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Gate {
    literals: Vec<String>,
    /// Each occurs as a whole word in every match (`\bor\b`), so an occurrence inside a
    /// word ("or" in "sorry") does not count.
    whole_word: bool,
}

impl Gate {
    /// How rarely the gate opens, roughly: its shortest literal's length, and two more
    /// for a whole word ("or" as a word is rarer than any three letters in a row).
    fn selectivity(&self) -> usize {
        let shortest = self.literals.iter().map(String::len).min().unwrap_or(0);
        shortest + if self.whole_word { 2 } else { 0 }
    }
}

/// A gate of `hir`, the most selective one found. Each part of a sequence must match,
/// so each part's starting literals are a gate; a branch of an alternation is only one
/// way to match, so an alternation's gate is every branch's together.
fn gate(hir: &Hir) -> Option<Gate> {
    let best = |a: Option<Gate>, b: Option<Gate>| match (a, b) {
        (Some(a), Some(b)) => Some(if b.selectivity() > a.selectivity() {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    };
    let inner = match hir.kind() {
        HirKind::Capture(capture) => gate(&capture.sub),
        HirKind::Repetition(rep) if rep.min > 0 => gate(&rep.sub),
        HirKind::Concat(parts) => {
            let mut found = None;
            for (i, part) in parts.iter().enumerate() {
                let boundary = |j: Option<usize>| {
                    j.and_then(|j| parts.get(j))
                        .is_some_and(|p| opens_with(p, &is_word_boundary))
                };
                let mut part_gate = gate(part);
                // A literal part between two `\b`, all of whose literals start and end
                // with a word character, is a whole word in every match.
                if let Some(g) = &mut part_gate
                    && boundary(i.checked_sub(1))
                    && boundary(Some(i + 1))
                    && is_exact(part)
                    && g.literals.iter().all(|l| {
                        l.bytes().next().is_some_and(is_word_byte)
                            && l.bytes().last().is_some_and(is_word_byte)
                    })
                {
                    g.whole_word = true;
                }
                found = best(found, part_gate);
            }
            found
        }
        HirKind::Alternation(branches) => {
            let mut all = Gate {
                literals: Vec::new(),
                whole_word: true,
            };
            for branch in branches {
                let g = gate(branch)?;
                all.whole_word &= g.whole_word;
                for literal in g.literals {
                    if !all.literals.contains(&literal) {
                        all.literals.push(literal);
                    }
                }
            }
            Some(all)
        }
        _ => None,
    };
    let own = starting_literals(hir).map(|literals| Gate {
        literals,
        whole_word: false,
    });
    best(inner, own)
}

/// Whether `hir` matches exactly its literals (no more after them).
fn is_exact(hir: &Hir) -> bool {
    Extractor::new()
        .kind(ExtractKind::Prefix)
        .extract(hir)
        .is_exact()
}

fn is_word_boundary(look: Look) -> bool {
    matches!(look, Look::WordUnicode | Look::WordAscii)
}

/// For a pattern `^\W*X`: the literals X starts with, when each starts with a word
/// character. In ASCII text `\W*` then stops at the first word character, so X can only
/// start there, and the match at 0.
/// `non_word` is `\W` parsed.
fn first_word_literals(hir: &Hir, non_word: &Hir) -> Option<Vec<String>> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let [start, skip, rest @ ..] = parts.as_slice() else {
        return None;
    };
    let skips_non_word = matches!(skip.kind(), HirKind::Repetition(rep)
        if rep.min == 0 && rep.max.is_none() && *rep.sub == *non_word);
    if !(matches!(start.kind(), HirKind::Look(Look::Start)) && skips_non_word) {
        return None;
    }
    let literals = starting_literals(&Hir::concat(rest.to_vec()))?;
    literals
        .iter()
        .all(|l| l.bytes().next().is_some_and(is_word_byte))
        .then_some(literals)
}

/// Which gates are open, for a reply: a bit each (a rubric has a few dozen).
struct GateSet {
    bits: u128,
    more: Vec<bool>,
}

impl GateSet {
    fn new(gates: usize) -> GateSet {
        GateSet {
            bits: 0,
            more: vec![false; gates.saturating_sub(128)],
        }
    }

    fn insert(&mut self, gate: usize) {
        match gate.checked_sub(128) {
            None => self.bits |= 1 << gate,
            Some(i) => self.more[i] = true,
        }
    }

    fn contains(&self, gate: usize) -> bool {
        match gate.checked_sub(128) {
            None => self.bits & (1 << gate) != 0,
            Some(i) => self.more[i],
        }
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

    /// Each candidate for `text`, with its starts (None: anywhere).
    fn listed(p: &Prefilter, text: &str) -> Vec<(usize, Option<Vec<usize>>)> {
        let found = p.candidates(text);
        found
            .list
            .iter()
            .map(|c| (c.entry, found.starts_of(c).map(<[usize]>::to_vec)))
            .collect()
    }

    fn first_word_literals_of(hir: &Hir) -> Option<Vec<String>> {
        first_word_literals(hir, &parse(r"\W"))
    }

    /// A gate's literals, sorted.
    fn gate_of(pattern: &str) -> Option<Vec<String>> {
        gate(&parse(pattern)).map(|g| {
            let mut literals = g.literals;
            literals.sort();
            literals
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
        let got = listed(&p, "this hi");
        // Entry 0 only at the word "hi"; entry 1 wherever "hi" occurs, inside "this"
        // too; entry 2 at "this" (not held to a word start) but not at the "his" inside
        // it (held to one).
        assert_eq!(
            got,
            [
                (0, Some(vec![5])),
                (1, Some(vec![1, 5])),
                (2, Some(vec![0]))
            ]
        );
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
    fn a_gate_between_word_boundaries_is_a_whole_word() {
        let g = gate(&parse(r"^[^.!?]{0,40}\bor\b[^.!?]{1,40}\?")).unwrap();
        assert_eq!((g.literals, g.whole_word), (vec!["or".to_owned()], true));
        // Only one side bounded, or a literal that is only a prefix: not a whole word.
        assert!(!gate(&parse(r"\w+ or\b")).unwrap().whole_word);
        assert!(!gate(&parse(r"\w\s\bor(?:der)?s\b")).unwrap().whole_word);
        // "or" inside "sorry" opens nothing; the word "or" does.
        let p = Prefilter::new(&[vec![r"\w+\s+\bor\b\s+\w+"]], 1 << 20).unwrap();
        assert!(p.candidates("sorry for the wait").list.is_empty());
        assert_eq!(p.candidates("tea or coffee").list.len(), 1);
    }

    #[test]
    fn first_word_literals_are_those_after_a_start_and_non_word_characters() {
        let got = first_word_literals_of(&parse(r"^\W*(?:hi|hello)\b")).unwrap();
        assert_eq!(got, ["hi", "hello"]);
        // Not `\W*` after `^`, or a literal that starts with a non-word character.
        assert_eq!(first_word_literals_of(&parse(r"^\s*hi")), None);
        assert_eq!(first_word_literals_of(&parse(r"^\W*(?:hi|!!)")), None);
        assert_eq!(first_word_literals_of(&parse(r"\W*hi")), None);
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
        let candidates = |text| listed(&p, text);
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
        let candidates = |text| listed(&p, text);
        assert_eq!(
            candidates("Hello, I APOLOGISE. Sorry."),
            [(0, Some(vec![9, 20])), (1, Some(vec![0]))]
        );
        assert_eq!(candidates("thank you, thanks"), [(2, Some(vec![0, 11]))]);
        assert!(candidates("nope, none here").is_empty());
        // `^\W*hi` is looked for at the first word only, and searched from 0.
        assert!(candidates("nothing, hi").is_empty());
        assert_eq!(candidates("... hi there"), [(1, Some(vec![0]))]);
    }
}
