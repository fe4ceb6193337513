//! Scoring a typed reply with the rubric's cues. Pure: text in, points and reasons out.
//!
//! A reply is normalised (curly quotes made straight, cut at [`MAX_REPLY_BYTES`]), then
//! the [`Prefilter`] (for an ASCII reply) or one `RegexSet` pass says which patterns can
//! match at all, and only those patterns run to find the words they matched. A cue counts once per reply, however often it
//! matches. Each match is then checked against the traps docs/scoring.md lists:
//!
//! - a penalty inside quotes (or inside "you said ..." reusing the customer's words) is
//!   the customer's word, not the trainee's, and does not count;
//! - a cue that can be negated does not count (or counts reversed) when a negator stands
//!   a few words before it in the same clause, unless the negator is part of an idiom
//!   ("no problem");
//! - a reward whose words are all part of a penalty's match ("sorry" in "sorry, but")
//!   does not count;
//! - a cue with `unless` patterns does not count when one of them matches.
//!
//! Each dimension's sum is then held within its cap. Everything that counted is a
//! [`CueHit`] naming the words it matched; everything that matched but did not count is an
//! [`Ignored`] saying why.

use super::check::{PATTERN_SIZE_LIMIT, Patterns, bad_pattern, check, compile};
use super::matcher::Matcher;
use super::prefilter::{self, Candidate, Prefilter};
use super::{CueKind, Negation, Rubric};
use crate::domain::excerpt::{cut, whole_words};
use crate::domain::finding::Finding;
use regex::{Regex, RegexSet, RegexSetBuilder};
use regex_automata::meta;
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

/// A reflection whose words are at least this share of the reply's content words only
/// echoes the customer.
const ECHO_SHARE: f64 = 0.8;

/// Longer replies are scored on their first this-many bytes (cut at a character boundary).
pub const MAX_REPLY_BYTES: usize = 8 * 1024;

/// At most this many matches of one pattern are looked at in one reply.
const MAX_MATCHES_PER_PATTERN: usize = 32;

/// A word up to this long is lowercased on the stack to look it up among the negators.
const LOWERCASE_ON_STACK: usize = 32;

/// The `matched` text of a hit (whole words) is cut to this many characters, its ellipsis
/// included.
const MAX_MATCHED_CHARS: usize = 80;

/// The stem memo is emptied when it grows past this many words.
const MAX_REMEMBERED_STEMS: usize = 20_000;

/// How much memory the lazy DFA behind the "which patterns can match" pass may use. With
/// a couple of hundred patterns matched all at once, a small cache is rebuilt over and
/// over and the search falls back to a far slower engine (docs/performance.md).
const SET_CACHE_BYTES: usize = 64 << 20;

/// What the reply answers: the customer's name (for the name cue) and what the customer
/// just said (for reflections, and to recognise the customer's words quoted back).
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub customer: Option<&'a str>,
    pub said: Option<&'a str>,
}

/// One cue that counted, with the words that earned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CueHit {
    pub id: Arc<str>,
    pub dimension: Arc<str>,
    pub points: i64,
    pub matched: String,
    pub tip: Arc<str>,
}

/// A cue that matched but did not count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    pub id: Arc<str>,
    pub matched: String,
    pub reason: String,
}

/// A reply's score: points per dimension (every dimension of the rubric, capped), the cues
/// that made them, in rubric order, and the matches that did not count.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scored {
    pub points: BTreeMap<String, i64>,
    pub cues: Vec<CueHit>,
    pub ignored: Vec<Ignored>,
}

impl Scored {
    /// A dimension's points (0 for a dimension the rubric does not have).
    pub fn get(&self, dimension: &str) -> i64 {
        self.points.get(dimension).copied().unwrap_or(0)
    }
}

/// The first three characters of a word, packed in an integer: words that share a stem
/// almost always share them, and integers compare faster than strings.
fn prefix(word: impl Iterator<Item = char>) -> u64 {
    word.take(3).fold(0, |key, c| (key << 21) | u64::from(c))
}

/// FNV-1a: the stop-word set is looked up for every word, and its keys are short.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FnvSet = HashSet<String, std::hash::BuildHasherDefault<Fnv>>;

/// A cue ready to score. Its texts are shared with every hit that names it (a reply's
/// hits are counted, not copied).
struct CompiledCue {
    id: Arc<str>,
    dimension: Arc<str>,
    points: i64,
    tip: Arc<str>,
    kind: CueKind,
    negatable: bool,
    min_words: usize,
    unless: Vec<Regex>,
    tactic: Option<String>,
}

/// A rubric made ready to score: every pattern compiled once.
pub struct Scorer {
    /// Each dimension's id and cap; the id is shared with the dimension's cues.
    dimensions: Vec<(Arc<str>, i64)>,
    /// The cues that are not `patterns` cues (the name, reflection, shouting), which are
    /// looked at for every reply.
    other_cues: Vec<usize>,
    cues: Vec<CompiledCue>,
    set: RegexSet,
    /// What `set` is used for when the reply is ASCII (most are): the patterns that may
    /// match, from the words they start with (see [`Prefilter`]). None if it cannot be
    /// built for this rubric.
    prefilter: Option<Prefilter>,
    /// Entry i of `set`: its cue and its own regex (a cue's patterns joined in one).
    patterns: Vec<Pattern>,
    negators: FnvSet,
    window: usize,
    negation: Negation,
    idioms: Option<Regex>,
    reported: Regex,
    stop_words: FnvSet,
    stemmer: Stemmer,
    /// Stems already worked out (see [`Stems`]).
    stems: Mutex<Stems>,
    /// The customer's line last scored against, taken apart: replies to the same line
    /// (a batch given `--said`, or the choices of one decision) share it.
    last_said: Mutex<Option<Arc<Said>>>,
    /// What a reply says, for matching it to a choice (`[matching]`).
    matcher: Matcher,
    /// `[matching] stock_cues` and `stock_limit`: how many stock phrases earn.
    stock_cues: Vec<String>,
    stock_limit: usize,
}

impl std::fmt::Debug for Scorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scorer")
            .field("dimensions", &self.dimensions)
            .field("cues", &self.cues.len())
            .field("patterns", &self.patterns.len())
            .finish_non_exhaustive()
    }
}

impl Scorer {
    /// Compiles a rubric. Its errors (a bad pattern, an unknown dimension, ...) are
    /// returned as findings with the span of the offending value.
    pub fn new(rubric: &Rubric) -> Result<Scorer, Vec<Finding>> {
        // Every pattern is compiled below anyway, so `check` does not compile them first
        // (that doubled the start-up time); a bad one is reported from here instead.
        let mut findings: Vec<Finding> = check(rubric, None, Patterns::Skip)
            .into_iter()
            .filter(Finding::is_error)
            .collect();
        let dimensions: Vec<(Arc<str>, i64)> = rubric
            .dimensions
            .iter()
            .map(|d| {
                (
                    Arc::from(d.id.get_ref().as_str()),
                    rubric.cap(d.id.get_ref()),
                )
            })
            .collect();
        let mut cues = Vec::new();
        let mut patterns = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        // The patterns behind each entry of `sources`, for the prefilter.
        let mut entry_patterns: Vec<Vec<&str>> = Vec::new();
        for (ci, cue) in rubric.cues.iter().enumerate() {
            let mut compiled = CompiledCue {
                id: Arc::from(cue.id.get_ref().as_str()),
                // Shared with the dimension's entry, which [`Scorer::score`] compares by
                // pointer (a cue of an unknown dimension is an error found above).
                dimension: dimensions
                    .iter()
                    .find(|(d, _)| **d == **cue.dimension.get_ref())
                    .map_or_else(
                        || Arc::from(cue.dimension.get_ref().as_str()),
                        |(d, _)| Arc::clone(d),
                    ),
                points: *cue.points.get_ref(),
                tip: Arc::from(cue.tip.as_str()),
                kind: cue.kind(),
                negatable: cue.is_negatable(),
                min_words: cue.min_words(),
                unless: Vec::new(),
                tactic: cue.tactic.as_ref().map(|t| t.get_ref().clone()),
            };
            // A cue's patterns are joined into one alternation: one search per cue finds
            // its earliest match. When the join does not build (a bad pattern, or too
            // large), they are built one by one, so an error points at its pattern.
            let own: Vec<&str> = cue.patterns.iter().map(|p| p.get_ref().as_str()).collect();
            let joined = match own.as_slice() {
                // The name, reflection and shouting cues have no patterns.
                [] => None,
                [one] => Some((*one).to_owned()),
                _ => Some(
                    own.iter()
                        .map(|p| format!("(?:{p})"))
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
            };
            match joined.map(|j| (cue_regex(&j), j)) {
                None => {}
                Some((Ok(re), joined)) => {
                    patterns.push(Pattern { cue: ci, re });
                    sources.push(joined);
                    entry_patterns.push(own);
                }
                Some((Err(_), _)) => {
                    for p in &cue.patterns {
                        match cue_regex(p.get_ref()) {
                            Ok(re) => {
                                patterns.push(Pattern { cue: ci, re });
                                sources.push(p.get_ref().clone());
                                entry_patterns.push(vec![p.get_ref().as_str()]);
                            }
                            // `compile` builds the same regex and words its errors for the
                            // trainer.
                            Err(e) => findings.push(match compile(p.get_ref()) {
                                Err(e) => bad_pattern(p, &e),
                                Ok(_) => Finding::error(
                                    "bad-pattern",
                                    format!("this pattern does not compile: {e}"),
                                )
                                .at(p.span()),
                            }),
                        }
                    }
                }
            }
            for p in &cue.unless {
                match compile(p.get_ref()) {
                    Ok(re) => compiled.unless.push(re),
                    Err(e) => findings.push(bad_pattern(p, &e)),
                }
            }
            cues.push(compiled);
        }
        if !findings.is_empty() {
            return Err(findings);
        }
        let prefilter = Prefilter::new(&entry_patterns, SET_CACHE_BYTES);
        let set = RegexSetBuilder::new(&sources)
            .case_insensitive(true)
            .size_limit(64 << 20)
            .dfa_size_limit(SET_CACHE_BYTES)
            .build()
            .map_err(|e| {
                vec![
                    Finding::error(
                        "bad-pattern",
                        format!("the rubric's patterns together do not compile: {e}"),
                    )
                    .help("the patterns are too many or too large; shorten the longest ones"),
                ]
            })?;

        let idioms = if rubric.scoring.idioms.is_empty() {
            None
        } else {
            let alternatives: Vec<String> = rubric
                .scoring
                .idioms
                .iter()
                .map(|i| {
                    i.split_whitespace()
                        .map(|w| regex::escape(&w.to_lowercase()))
                        .collect::<Vec<_>>()
                        .join(r"\s+")
                })
                .collect();
            Some(
                compile(&format!(r"\b(?:{})\b", alternatives.join("|")))
                    .expect("escaped idioms compile"),
            )
        };
        let stop_words: FnvSet = match &rubric.scoring.stop_words {
            Some(words) => words.iter().map(|w| w.to_lowercase()).collect(),
            None => STOP_WORDS.iter().map(|w| (*w).to_owned()).collect(),
        };
        Ok(Scorer {
            dimensions,
            other_cues: cues
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind != CueKind::Patterns)
                .map(|(ci, _)| ci)
                .collect(),
            cues,
            set,
            prefilter,
            patterns,
            negators: rubric
                .scoring
                .negators
                .iter()
                .map(|n| n.to_lowercase())
                .collect(),
            window: usize::try_from(*rubric.scoring.negation_window.get_ref()).unwrap_or(0),
            negation: rubric.scoring.negation,
            idioms,
            reported: compile(REPORTED_SPEECH).expect("the reported-speech pattern compiles"),
            stop_words,
            stemmer: Stemmer::create(Algorithm::English),
            stems: Mutex::new(Stems::default()),
            last_said: Mutex::new(None),
            matcher: Matcher::new(rubric, STOP_WORDS),
            stock_cues: rubric
                .matching
                .stock_cues
                .iter()
                .map(|c| c.get_ref().clone())
                .collect(),
            stock_limit: usize::try_from(*rubric.matching.stock_limit.get_ref()).unwrap_or(0),
        })
    }

    /// Scores one reply. Never panics, whatever the text; a very long reply is scored on
    /// its first [`MAX_REPLY_BYTES`] bytes.
    pub fn score(&self, reply: &str, ctx: &Context) -> Scored {
        self.score_with(reply, ctx, Candidates::Prefilter)
    }

    fn score_with(&self, reply: &str, ctx: &Context, how: Candidates) -> Scored {
        let text = normalise(reply);
        let text = text.as_ref();
        let said = ctx.said.map(|s| self.said(s));
        // Quotes, reported speech and idioms matter only once a cue matches near them, so
        // they are looked for then, once.
        let analysis = Analysis {
            text,
            words: OnceCell::new(),
            quoted: OnceCell::new(),
            reported: OnceCell::new(),
            said: said.as_deref(),
            idioms: OnceCell::new(),
            scorer: self,
        };

        // A reply earns a handful of cues: room for them at once.
        let mut out = Scored {
            cues: Vec::with_capacity(8),
            ..Scored::default()
        };
        let candidates = match &self.prefilter {
            Some(prefilter) if text.is_ascii() && how == Candidates::Prefilter => {
                prefilter.candidates(text)
            }
            _ => prefilter::Candidates {
                list: self
                    .set
                    .matches(text)
                    .into_iter()
                    .map(|entry| Candidate {
                        entry,
                        starts: None,
                    })
                    .collect(),
                starts: Vec::new(),
            },
        };
        let is_penalty = |c: &&Candidate| self.cues[self.patterns[c.entry].cue].points < 0;
        // What each matching cue's matches came to, by cue: a handful of the rubric's cues.
        let mut found: Vec<(usize, Found)> = Vec::with_capacity(candidates.list.len());

        // Penalties first, every match: their words are not also credited to a reward.
        for candidate in candidates.list.iter().filter(is_penalty) {
            let pattern = &self.patterns[candidate.entry];
            let cue = &self.cues[pattern.cue];
            let entry = found_entry(&mut found, pattern.cue);
            for range in pattern.matches(text, candidates.starts_of(candidate)) {
                if analysis.is_quoted(&range) {
                    entry.quoted.get_or_insert(range);
                } else if let Some(negator) = cue
                    .negatable
                    .then(|| self.negated_by(&analysis, &range))
                    .flatten()
                {
                    entry.negated.get_or_insert((negator, range));
                } else {
                    entry.kept.push(range);
                }
            }
        }
        let penalty_spans: Vec<(usize, Range<usize>)> = found
            .iter()
            .filter(|(ci, f)| !f.kept.is_empty() && !self.unless_matches(*ci, text))
            .flat_map(|(ci, f)| f.kept.iter().map(move |r| (*ci, r.clone())))
            .collect();

        // Rewards: the first match that is neither negated nor part of a penalty is enough.
        for candidate in candidates.list.iter().filter(|c| !is_penalty(c)) {
            let pattern = &self.patterns[candidate.entry];
            let cue = &self.cues[pattern.cue];
            let entry = found_entry(&mut found, pattern.cue);
            if !entry.kept.is_empty() {
                continue;
            }
            for range in pattern.matches(text, candidates.starts_of(candidate)) {
                if let Some(negator) = cue
                    .negatable
                    .then(|| self.negated_by(&analysis, &range))
                    .flatten()
                {
                    entry.negated.get_or_insert((negator, range));
                } else if let Some((penalty, _)) =
                    penalty_spans.iter().find(|(_, p)| overlaps(&range, p))
                {
                    entry.overlapped.get_or_insert((*penalty, range));
                } else {
                    entry.kept.push(range);
                    break;
                }
            }
        }

        found.sort_by_key(|(ci, _)| *ci);
        let mut found = found.into_iter().peekable();
        let mut others = self.other_cues.iter().copied().peekable();
        // The cues that matched and the cues of other kinds, merged in rubric order (most
        // of a rubric's cues match nothing, and need no look).
        loop {
            let ci = match (found.peek(), others.peek()) {
                (Some((f, _)), Some(o)) => (*f).min(*o),
                (Some((f, _)), None) => *f,
                (None, Some(o)) => *o,
                (None, None) => break,
            };
            let cue = &self.cues[ci];
            let hit = match cue.kind {
                CueKind::Patterns => {
                    let Some((_, f)) = found.next() else {
                        break;
                    };
                    self.pattern_hit(ci, f, text, &mut out.ignored)
                }
                CueKind::CustomerName => {
                    customer_name(&analysis, ctx.customer).map(|m| (cue.points, m))
                }
                CueKind::Reflection => match self.reflection(&analysis, cue.min_words) {
                    Some((matched, false)) => Some((cue.points, matched)),
                    Some((matched, true)) => {
                        out.ignored.push(Ignored {
                            id: Arc::clone(&cue.id),
                            matched,
                            reason: "the customer's own words said back, not their meaning in other words".to_owned(),
                        });
                        None
                    }
                    None => None,
                },
                CueKind::Shouting => shouting(&analysis, cue.min_words).map(|m| (cue.points, m)),
            };
            if cue.kind != CueKind::Patterns {
                others.next();
            }
            let Some((points, matched)) = hit else {
                continue;
            };
            if cue.kind != CueKind::Patterns && self.unless_matches(ci, text) {
                out.ignored.push(Ignored {
                    id: Arc::clone(&cue.id),
                    matched,
                    reason: "an `unless` pattern matched".to_owned(),
                });
                continue;
            }
            out.cues.push(CueHit {
                id: Arc::clone(&cue.id),
                dimension: Arc::clone(&cue.dimension),
                points,
                matched,
                tip: Arc::clone(&cue.tip),
            });
        }

        // Stock phrases pile up for nothing: past the limit, the rest earn nothing.
        if self.stock_limit < out.cues.len() {
            let mut stock = 0;
            let ignored = &mut out.ignored;
            out.cues.retain(|h| {
                if h.points <= 0 || !self.stock_cues.iter().any(|s| **s == *h.id) {
                    return true;
                }
                stock += 1;
                if stock <= self.stock_limit {
                    return true;
                }
                ignored.push(Ignored {
                    id: Arc::clone(&h.id),
                    matched: h.matched.clone(),
                    reason: format!(
                        "stock phrases past the first {} earn nothing",
                        self.stock_limit
                    ),
                });
                false
            });
        }
        for (dimension, cap) in &self.dimensions {
            // Cues share their dimension's name, so a pointer says which it is. Rewards
            // are capped first and penalties taken after, so stock phrases cannot cancel
            // a penalty; then the total is held within the cap.
            let (mut rewards, mut penalties) = (0i64, 0i64);
            for h in out
                .cues
                .iter()
                .filter(|h| Arc::ptr_eq(&h.dimension, dimension))
            {
                if h.points > 0 {
                    rewards += h.points;
                } else {
                    penalties += h.points;
                }
            }
            out.points.insert(
                String::from(&**dimension),
                (rewards.min(*cap) + penalties).clamp(-cap, *cap),
            );
        }
        out
    }

    /// The (points, matched words) of a `patterns` cue, or None with the reason recorded.
    fn pattern_hit(
        &self,
        ci: usize,
        f: Found,
        text: &str,
        ignored: &mut Vec<Ignored>,
    ) -> Option<(i64, String)> {
        let cue = &self.cues[ci];
        let mut ignore = |matched: &Range<usize>, reason: String| {
            ignored.push(Ignored {
                id: Arc::clone(&cue.id),
                matched: clip(&text[whole_words(text, matched.clone())]),
                reason,
            });
        };
        if let Some(first) = f.kept.iter().min_by_key(|r| r.start) {
            if self.unless_matches(ci, text) {
                ignore(first, "an `unless` pattern matched".to_owned());
                return None;
            }
            return Some((cue.points, clip(&text[whole_words(text, first.clone())])));
        }
        if let Some((penalty, range)) = f.overlapped {
            ignore(
                &range,
                format!("part of the penalty `{}`", self.cues[penalty].id),
            );
            return None;
        }
        if let Some((negator, range)) = f.negated {
            let start = negator.start;
            let negator_word = text[negator].to_owned();
            return match self.negation {
                Negation::Cancel => {
                    ignore(&range, format!("negated by `{negator_word}`"));
                    None
                }
                Negation::Reverse => Some((
                    -cue.points,
                    clip(&text[whole_words(text, start..range.end)]),
                )),
            };
        }
        if let Some(range) = f.quoted {
            ignore(&range, "the customer's words, quoted".to_owned());
        }
        None
    }

    fn unless_matches(&self, ci: usize, text: &str) -> bool {
        self.cues[ci].unless.iter().any(|re| re.is_match(text))
    }

    /// The negator (its byte range) standing within `window` words before `range` in the
    /// same clause, if any. A cue that opens a clause ("I'm", "let me", "please") is never
    /// negated from before it.
    fn negated_by(&self, a: &Analysis, range: &Range<usize>) -> Option<Range<usize>> {
        if self.window == 0 || self.negators.is_empty() {
            return None;
        }
        let first = a.words().partition_point(|w| w.end <= range.start);
        if let Some(w) = a.words().get(first)
            && w.start < range.end
            && is_clause_opener(&a.text[w.start..w.end])
        {
            return None;
        }
        let clause = a.words().get(first).map_or_else(
            || {
                a.words()
                    .last()
                    .map_or(0, |w| w.clause + u32::from(w.start < range.start))
            },
            |w| w.clause,
        );
        let lo = first.saturating_sub(self.window);
        for w in a.words()[lo..first].iter().rev() {
            if w.clause != clause {
                break;
            }
            let word = &a.text[w.start..w.end];
            // Most words are in lowercase already: only the others are copied.
            let negator = if word.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'') {
                self.negators.contains(word)
            } else if word.len() <= LOWERCASE_ON_STACK && word.is_ascii() {
                // "Not", "Never": lowercased on the stack, not in a new string.
                let mut buffer = [0u8; LOWERCASE_ON_STACK];
                let lower = &mut buffer[..word.len()];
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).is_ok_and(|w| self.negators.contains(w))
            } else {
                self.negators.contains(&word.to_lowercase())
            };
            if negator {
                if a.idioms()
                    .iter()
                    .any(|i| i.start <= w.start && w.end <= i.end)
                {
                    continue;
                }
                return Some(w.start..w.end);
            }
        }
        None
    }

    /// Spans after "you said", "you called it", ... up to the end of the sentence.
    fn reported_spans(&self, text: &str) -> Vec<Range<usize>> {
        self.reported
            .find_iter(text)
            .map(|m| {
                let rest = &text[m.end()..];
                let end = rest
                    .find(['.', '!', '?', '\n'])
                    .map_or(text.len(), |i| m.end() + i);
                m.end()..end
            })
            .collect()
    }

    /// Distinct content words of what the customer said that the reply reuses (by stem).
    /// Stemming is the slow part, so only words that start like a word on the other side
    /// are stemmed; and only those are looked up in the stop words. The lists are a few
    /// dozen words, so plain vectors beat hash sets.
    /// The second value is true when the reply is an echo: nearly all its content words
    /// are the customer's ([`ECHO_SHARE`]), so it says their words back rather than their
    /// meaning in other words.
    fn reflection(&self, a: &Analysis, min_words: usize) -> Option<(String, bool)> {
        let said = a.said?;
        if said.content.is_empty() {
            return None;
        }
        let lower = Lowercase::of(a.text);
        let reply_words: Vec<(&str, Cow<str>)> = a
            .words()
            .iter()
            .filter(|w| said.prefixes.contains(&lower.prefix(a.text, w)))
            .map(|w| (&a.text[w.start..w.end], lower.word(a.text, w)))
            .filter(|(_, word)| self.is_content_word(word))
            .collect();
        if reply_words.len() < min_words.max(1) {
            return None;
        }
        let reply_prefixes: Vec<u64> = reply_words.iter().map(|(_, w)| prefix(w.chars())).collect();
        let mut stems = self.stems.lock().unwrap_or_else(PoisonError::into_inner);
        stems.forget_if_full();
        let said_stems: Vec<u32> = said
            .content
            .iter()
            .zip(&said.prefixes)
            .filter(|(_, p)| reply_prefixes.contains(p))
            .map(|(w, _)| stems.id(&self.stemmer, &said.lower[w.clone()]))
            .collect();
        let mut reused: Vec<&str> = Vec::with_capacity(reply_words.len());
        let mut stems_seen: Vec<u32> = Vec::with_capacity(reply_words.len());
        for (word, lower) in &reply_words {
            let stem = stems.id(&self.stemmer, lower);
            if said_stems.contains(&stem) && !stems_seen.contains(&stem) {
                stems_seen.push(stem);
                reused.push(word);
            }
        }
        if reused.is_empty() || reused.len() < min_words {
            return None;
        }
        drop(stems);
        // Only a reply that reflects is counted: most are not.
        let echo = reused.len() >= 3 && {
            let content = a
                .words()
                .iter()
                .filter(|w| self.is_content_word(&lower.word(a.text, w)))
                .count();
            reused.len() as f64 >= ECHO_SHARE * content as f64
        };
        Some((clip(&reused.join(", ")), echo))
    }

    /// `said` taken apart, or the same line's analysis from the last reply.
    fn said(&self, said: &str) -> Arc<Said> {
        let mut last = self
            .last_said
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = last.as_ref().filter(|known| known.raw == said) {
            return Arc::clone(known);
        }
        let said_text = normalise(said);
        let lower = if said_text.is_ascii() {
            said_text.to_ascii_lowercase()
        } else {
            said_text.to_lowercase()
        };
        let content: Vec<Range<usize>> = words(&lower)
            .iter()
            .map(|w| w.start..w.end)
            .filter(|w| self.is_content_word(&lower[w.clone()]))
            .collect();
        let prefixes = content
            .iter()
            .map(|w| prefix(lower[w.clone()].chars()))
            .collect();
        let fresh = Arc::new(Said {
            raw: said.to_owned(),
            lower,
            content,
            prefixes,
        });
        *last = Some(Arc::clone(&fresh));
        fresh
    }

    /// The distinct stems of `text`'s content words (lowercased, stop words and words
    /// under three letters left out), in order of first appearance: the same words and
    /// stems a reflection is judged on. Matching a typed reply to a choice uses them too.
    pub fn content_stems(&self, text: &str) -> Vec<String> {
        let text = normalise(text);
        let text = text.as_ref();
        let lower = Lowercase::of(text);
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for w in words(text) {
            let word = lower.word(text, &w);
            if self.is_content_word(&word) {
                let stem = self.stemmer.stem(&word).into_owned();
                if seen.insert(stem.clone()) {
                    out.push(stem);
                }
            }
        }
        out
    }

    /// The rubric's matcher: a reply's content, for taking it as a choice.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The tactic a cue evidences, as its rubric definition names it.
    pub fn cue_tactic(&self, cue_id: &str) -> Option<&str> {
        self.cues
            .iter()
            .find(|c| *c.id == *cue_id)
            .and_then(|c| c.tactic.as_deref())
    }

    /// Whether a lowercase word (as [`words`] splits them) is a content word: not a stop
    /// word, and at least three letters (or two digits).
    fn is_content_word(&self, lower: &str) -> bool {
        let digits = lower.bytes().all(|b| b.is_ascii_digit());
        let long_enough = if digits {
            lower.len() >= 2
        } else if lower.is_ascii() {
            lower.len() >= 3
        } else {
            lower.chars().count() >= 3
        };
        long_enough && !self.stop_words.contains(lower)
    }
}

/// A text in lowercase, for looking at its words without case: ASCII a byte at a time
/// where it is read (same byte offsets), word by word otherwise.
enum Lowercase {
    Ascii,
    PerWord,
}

impl Lowercase {
    fn of(text: &str) -> Lowercase {
        if text.is_ascii() {
            Lowercase::Ascii
        } else {
            Lowercase::PerWord
        }
    }

    /// The [`prefix`] of `word` of `text` in lowercase.
    fn prefix(&self, text: &str, word: &Word) -> u64 {
        match self {
            // ASCII: a byte is a character, and needs no decoding.
            Lowercase::Ascii => prefix(
                text.as_bytes()[word.start..word.end]
                    .iter()
                    .map(|b| char::from(b.to_ascii_lowercase())),
            ),
            Lowercase::PerWord => prefix(
                text[word.start..word.end]
                    .chars()
                    .flat_map(char::to_lowercase),
            ),
        }
    }

    /// `word` of `text` in lowercase: most words are already, and are not copied.
    fn word<'t>(&self, text: &'t str, word: &Word) -> Cow<'t, str> {
        let word = &text[word.start..word.end];
        match self {
            Lowercase::Ascii if !word.bytes().any(|b| b.is_ascii_uppercase()) => {
                Cow::Borrowed(word)
            }
            Lowercase::Ascii => Cow::Owned(word.to_ascii_lowercase()),
            Lowercase::PerWord => Cow::Owned(word.to_lowercase()),
        }
    }
}

/// Stems already worked out, each known by a number: stemming is the slowest step of a
/// reflection, the words of a service conversation repeat, and numbers compare cheaply.
#[derive(Default)]
struct Stems {
    /// A word's stem, by number.
    of_word: HashMap<String, u32, std::hash::BuildHasherDefault<Fnv>>,
    /// The number of each stem.
    numbers: HashMap<String, u32, std::hash::BuildHasherDefault<Fnv>>,
}

impl Stems {
    /// Forgets every stem once there are too many. Numbers are compared only within one
    /// reply, under one lock, so this is called before a reply's first number is given
    /// out, never between two: a number reissued after a clear cannot meet an old one.
    fn forget_if_full(&mut self) {
        if self.of_word.len() > MAX_REMEMBERED_STEMS {
            self.of_word.clear();
            self.numbers.clear();
        }
    }

    /// The number of `word`'s stem.
    fn id(&mut self, stemmer: &Stemmer, word: &str) -> u32 {
        if let Some(id) = self.of_word.get(word) {
            return *id;
        }
        let stem = stemmer.stem(word);
        let next = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
        let id = match self.numbers.get(stem.as_ref()) {
            Some(id) => *id,
            None => {
                self.numbers.insert(stem.into_owned(), next);
                next
            }
        };
        self.of_word.insert(word.to_owned(), id);
        id
    }
}

/// How [`Scorer::score_with`] finds the patterns that may match an ASCII reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Candidates {
    Prefilter,
    /// The full `RegexSet` and a search of the whole reply for each match: what the
    /// prefilter must agree with (tested).
    #[cfg_attr(not(test), allow(dead_code))]
    FullSet,
}

/// One entry of the set: its cue and its own regex (a cue's patterns joined in one).
struct Pattern {
    cue: usize,
    re: meta::Regex,
}

impl Pattern {
    /// The pattern's matches in `text`, leftmost first and not overlapping, as
    /// `find_iter` finds them (at most [`MAX_MATCHES_PER_PATTERN`]). With `starts` (every
    /// match starts at one of them, ascending), only those offsets are tried, each with an
    /// anchored search: far less work than scanning the reply, and the same matches,
    /// because a leftmost-first match starting at an offset is the anchored match there.
    fn matches<'t>(
        &'t self,
        text: &'t str,
        starts: Option<&'t [usize]>,
    ) -> impl Iterator<Item = Range<usize>> + 't {
        let mut everywhere = starts.is_none().then(|| self.re.find_iter(text));
        let mut starts = starts.unwrap_or_default().iter();
        let mut from = 0;
        std::iter::from_fn(move || {
            if let Some(all) = &mut everywhere {
                return all.next().map(|m| m.range());
            }
            for &start in starts.by_ref() {
                if start < from {
                    continue;
                }
                let input = regex_automata::Input::new(text)
                    .range(start..)
                    .anchored(regex_automata::Anchored::Yes);
                if let Some(m) = self.re.search(&input) {
                    from = m.end().max(start + 1);
                    return Some(m.range());
                }
            }
            None
        })
        .take(MAX_MATCHES_PER_PATTERN)
    }
}

/// A cue's own regex, run only where the prefilter (or the set) says it may match. It is the regex
/// [`compile`] builds (`regex` configures the same engine the same way: syntax, size
/// limits, leftmost-first matches), so it finds the same matches, but without the
/// literal prefilter: a reply is a few dozen words, and starting the prefilter on it cost
/// more than the scanning it saved (docs/performance.md). Its size limit is `compile`'s;
/// the proptest `cue_regexes_find_what_compile_finds` checks the matches agree.
fn cue_regex(pattern: &str) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .match_kind(regex_automata::MatchKind::LeftmostFirst)
                .utf8_empty(true)
                .nfa_size_limit(Some(PATTERN_SIZE_LIMIT))
                .hybrid_cache_capacity(2 << 20)
                .auto_prefilter(false),
        )
        .syntax(
            regex_automata::util::syntax::Config::new()
                .case_insensitive(true)
                .utf8(true),
        )
        .build(pattern)
        .map_err(|e| e.to_string())
}

/// The entry of cue `ci` in `found`, added when it has none.
fn found_entry(found: &mut Vec<(usize, Found)>, ci: usize) -> &mut Found {
    let at = match found.iter().position(|(c, _)| *c == ci) {
        Some(at) => at,
        None => {
            found.push((ci, Found::default()));
            found.len() - 1
        }
    };
    &mut found[at].1
}

#[derive(Default)]
struct Found {
    kept: Vec<Range<usize>>,
    /// A reward's first match inside a penalty's (the penalty's cue index).
    overlapped: Option<(usize, Range<usize>)>,
    negated: Option<(Range<usize>, Range<usize>)>,
    quoted: Option<Range<usize>>,
}

/// What the customer said, taken apart once for every reply to it.
struct Said {
    raw: String,
    /// Normalised and in lowercase.
    lower: String,
    /// Its content words (ranges of `lower`), and the [`prefix`] of each.
    content: Vec<Range<usize>>,
    prefixes: Vec<u64>,
}

/// A reply taken apart once, shared by every check.
struct Analysis<'a> {
    text: &'a str,
    words: OnceCell<Vec<Word>>,
    quoted: OnceCell<Vec<Range<usize>>>,
    reported: OnceCell<Vec<Range<usize>>>,
    said: Option<&'a Said>,
    idioms: OnceCell<Vec<Range<usize>>>,
    scorer: &'a Scorer,
}

impl Analysis<'_> {
    /// The reply's words, split when a check first needs them.
    fn words(&self) -> &[Word] {
        self.words.get_or_init(|| words(self.text))
    }

    fn idioms(&self) -> &[Range<usize>] {
        self.idioms.get_or_init(|| match &self.scorer.idioms {
            Some(re) => re.find_iter(self.text).map(|m| m.range()).collect(),
            None => Vec::new(),
        })
    }

    /// Inside quotation marks, or inside "you said ..." where the words are the customer's.
    fn is_quoted(&self, range: &Range<usize>) -> bool {
        let inside = |q: &Range<usize>| q.start <= range.start && range.end <= q.end;
        if self
            .quoted
            .get_or_init(|| quoted_spans(self.text))
            .iter()
            .any(inside)
        {
            return true;
        }
        // The customer's own words, inside "you said ...": the cheap test first.
        self.said.is_some_and(|said| {
            let words = &self.text[range.clone()];
            // ASCII needs no Unicode case mapping (the same result, faster).
            let lower = if words.is_ascii() {
                words.to_ascii_lowercase()
            } else {
                words.to_lowercase()
            };
            said.lower.contains(&lower)
        }) && self
            .reported
            .get_or_init(|| self.scorer.reported_spans(self.text))
            .iter()
            .any(inside)
    }
}

#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    /// Which clause the word is in: a boundary (punctuation, "but", ...) starts the next.
    clause: u32,
}

/// Words (letters and digits, with apostrophes inside) and their clauses.
fn words(text: &str) -> Vec<Word> {
    if text.is_ascii() {
        ascii_words(text)
    } else {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        split_words(text, chars.len(), |i| {
            let (at, c) = chars[i];
            (at, c, c.is_alphanumeric())
        })
    }
}

/// [`words`] for ASCII text (most replies): the same rules, a byte at a time. Every reply
/// is split, so this is worth its own loop.
fn ascii_words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out: Vec<Word> = Vec::with_capacity(bytes.len() / 4 + 1);
    let mut clause = 0u32;
    let mut gap_breaks = false;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            gap_breaks |= is_boundary(char::from(bytes[i]));
            i += 1;
            continue;
        }
        if gap_breaks {
            clause += 1;
            gap_breaks = false;
        }
        let start = i;
        loop {
            i += 1;
            match bytes.get(i) {
                Some(b) if b.is_ascii_alphanumeric() => {}
                // An apostrophe between letters is part of the word ("don't").
                Some(b'\'') if bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) => {}
                _ => break,
            }
        }
        push_word(&mut out, text, start, i, &mut clause);
    }
    out
}

/// The word splitter behind [`words`]: `char_at(i)` is `text`'s i-th character (of `len`)
/// with its byte offset, and whether it is a letter or digit.
fn split_words(
    text: &str,
    len: usize,
    char_at: impl Fn(usize) -> (usize, char, bool),
) -> Vec<Word> {
    // A word is five or six bytes with its space, on average.
    let mut out: Vec<Word> = Vec::with_capacity(text.len() / 5 + 1);
    let mut clause = 0u32;
    let mut start: Option<usize> = None;
    let mut gap_breaks = false;
    for k in 0..len {
        let (i, c, letter) = char_at(k);
        match start {
            None if letter => {
                if gap_breaks {
                    clause += 1;
                    gap_breaks = false;
                }
                start = Some(i);
            }
            None => gap_breaks |= is_boundary(c),
            Some(_) if letter => {}
            // An apostrophe between letters is part of the word ("don't").
            Some(_) if c == '\'' && k + 1 < len && char_at(k + 1).2 => {}
            Some(s) => {
                push_word(&mut out, text, s, i, &mut clause);
                start = None;
                gap_breaks = is_boundary(c);
            }
        }
    }
    if let Some(s) = start {
        push_word(&mut out, text, s, text.len(), &mut clause);
    }
    out
}

// Inlined: it runs once a word, and its body is not much more than the call.
#[inline(always)]
fn push_word(out: &mut Vec<Word>, text: &str, start: usize, end: usize, clause: &mut u32) {
    if is_clause_word(&text.as_bytes()[start..end]) {
        *clause += 1;
    }
    out.push(Word {
        start,
        end,
        clause: *clause,
    });
}

fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '\n'
            | '\u{2013}'
            | '\u{2014}'
    )
}

/// Whether a word starts a new clause ("but", "because", ...): a negator before it does
/// not reach past it.
fn is_clause_word(word: &[u8]) -> bool {
    // Every word is looked up: its length and first letter leave one word to compare.
    let Some(first) = word.first() else {
        return false;
    };
    let candidate: &[u8] = match (word.len(), first.to_ascii_lowercase()) {
        (2, b's') => b"so",
        (3, b'b') => b"but",
        (3, b'y') => b"yet",
        (6, b't') => b"though",
        (7, b'h') => b"however",
        (7, b'b') => b"because",
        (8, b'a') => b"although",
        _ => return false,
    };
    word.eq_ignore_ascii_case(candidate)
}

/// A cue whose match opens with one of these begins its own clause.
fn is_clause_opener(word: &str) -> bool {
    const OPENERS: &[&str] = &[
        "i", "i'm", "im", "i'll", "ill", "i've", "i'd", "we", "we're", "we'll", "we've", "we'd",
        "let", "let's", "please", "thank", "thanks",
    ];
    OPENERS.iter().any(|o| o.eq_ignore_ascii_case(word))
}

/// Phrases after which the customer's own words are being reported back.
const REPORTED_SPEECH: &str = r"\b(?:you(?:'ve| have)?\s+(?:said|say|called|call|described|mentioned|wrote|told\s+(?:me|us)|feel|felt|think|thought|found)|you're\s+saying|in\s+your\s+words|sounds?\s+like)\b";

/// Straight quotes for curly ones, a space for a no-break space, and the first
/// [`MAX_REPLY_BYTES`] bytes.
fn normalise(reply: &str) -> Cow<'_, str> {
    let mut end = reply.len().min(MAX_REPLY_BYTES);
    while !reply.is_char_boundary(end) {
        end -= 1;
    }
    let reply = &reply[..end];
    if reply.is_ascii() {
        return Cow::Borrowed(reply);
    }
    Cow::Owned(
        reply
            .chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
                '\u{00A0}' | '\u{2009}' | '\u{202F}' => ' ',
                c => c,
            })
            .collect(),
    )
}

/// Spans inside double quotes, and inside single quotes used as quotation marks (an
/// opening quote not inside a word, a closing one not followed by a letter).
fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, _) in text.match_indices('"') {
        match open.take() {
            None => open = Some(i + 1),
            Some(s) => out.push(s..i),
        }
    }
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut open: Option<usize> = None;
    for (i, _) in text.match_indices('\'') {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + 1).copied();
        let opener =
            !before.is_some_and(is_word) && after.is_some_and(|b| !b.is_ascii_whitespace());
        let closer =
            before.is_some_and(|b| !b.is_ascii_whitespace()) && !after.is_some_and(is_word);
        match open {
            Some(s) if closer => {
                out.push(s..i);
                open = None;
            }
            None if opener => open = Some(i + 1),
            _ => {}
        }
    }
    out
}

/// The first part of the customer's name used as a word in the reply.
fn customer_name(a: &Analysis, customer: Option<&str>) -> Option<String> {
    const TITLES: &[&str] = &[
        "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam", "prof",
    ];
    let customer = customer?;
    // Each part of the name, and each piece of a double-barrelled one.
    let parts: Vec<&str> = customer
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|p| p.trim_matches(['\'', '-']))
        .filter(|p| p.chars().count() >= 2 && !TITLES.iter().any(|t| t.eq_ignore_ascii_case(p)))
        .flat_map(|p| std::iter::once(p).chain(p.split('-').filter(|q| !q.is_empty())))
        .collect();
    // ASCII is checked once for the reply and the name, not for each pair of words.
    let ascii = a.text.is_ascii() && customer.is_ascii();
    let same = |word: &str, part: &str| {
        if ascii {
            word.eq_ignore_ascii_case(part)
        } else {
            word.chars()
                .flat_map(char::to_lowercase)
                .eq(part.chars().flat_map(char::to_lowercase))
        }
    };
    if parts.is_empty() {
        return None;
    }
    a.words().iter().find_map(|w| {
        let word = &a.text[w.start..w.end];
        parts.iter().any(|p| same(word, p)).then(|| word.to_owned())
    })
}

/// Mostly capitals: at least `min_words` words of two or more letters all in capitals,
/// and either half the reply's words or a run of `min_words` in a row.
fn shouting(a: &Analysis, min_words: usize) -> Option<String> {
    // Each word in capitals has two capital letters or more: most replies are ruled out by
    // a count, without splitting them into words.
    let capitals = if a.text.is_ascii() {
        a.text.bytes().filter(u8::is_ascii_uppercase).count()
    } else {
        a.text.chars().filter(|c| c.is_uppercase()).count()
    };
    if capitals < 2 * min_words {
        return None;
    }
    let mut total = 0usize;
    let mut caps = Vec::new();
    let mut run = 0usize;
    let mut longest = 0usize;
    for w in a.words() {
        let word = &a.text[w.start..w.end];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 {
            continue;
        }
        total += 1;
        if word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        {
            caps.push(word);
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let shouted = caps.len() >= min_words && (caps.len() * 2 >= total || longest >= min_words);
    shouted.then(|| clip(&caps.join(" ")))
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn clip(s: &str) -> String {
    cut(s, MAX_MATCHED_CHARS - 1, "\u{2026}")
}

/// Function words a reflection earns nothing for reusing.
pub(super) const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "back", "be", "been", "before", "being", "but", "by", "can", "can't", "cannot", "could",
    "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "even", "ever",
    "every", "for", "from", "get", "getting", "got", "had", "has", "hasn't", "have", "haven't",
    "having", "he", "her", "here", "hers", "him", "his", "how", "i", "i'd", "i'll", "i'm", "i've",
    "if", "im", "in", "into", "is", "isn't", "it", "it's", "its", "just", "know", "let", "like",
    "made", "make", "me", "might", "more", "most", "much", "must", "my", "need", "never", "no",
    "nor", "not", "now", "of", "off", "ok", "okay", "on", "once", "one", "only", "or", "other",
    "our", "ours", "out", "over", "please", "really", "said", "same", "say", "see", "she",
    "should", "so", "some", "still", "such", "sure", "tell", "than", "that", "that's", "the",
    "their", "them", "then", "there", "there's", "these", "they", "they're", "thing", "things",
    "this", "those", "though", "through", "to", "too", "told", "um", "under", "until", "up", "us",
    "very", "want", "was", "wasn't", "we", "we're", "well", "were", "weren't", "what", "what's",
    "when", "where", "which", "while", "who", "why", "will", "with", "won't", "would", "wouldn't",
    "yes", "yet", "you", "you're", "your", "yours", "yourself",
];

#[cfg(test)]
mod tests;
