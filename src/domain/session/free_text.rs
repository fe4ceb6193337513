//! A typed reply in play: what it does decides which authored choice it is taken as, and
//! so its marks; how it is said moves them by a point at most.
//!
//! The reply is reduced to its content ([`Matcher`]: stock courtesy and empathy phrases
//! cut out, synonyms made one word, names left out) and compared with each shown choice:
//! the Dice coefficient of the two token sets, a `match` word counting as shared without
//! lengthening the choice. Where the step has key points (`[[step.point]]`) and the reply
//! makes (or says) any of them by their patterns, those are compared with the points each
//! choice lists, and that comparison weighs as much as the words; a reply that makes none
//! is matched on its words alone, as at a step with none. A penalty cue of the reply evidencing
//! one of a choice's poor tactics adds [`TACTIC_BONUS`] ("calm down" is what the "calm
//! down" choice does). The decision is relative: the reply is taken as the nearest choice
//! when it is at least [`MATCH_THRESHOLD`] alike and clearly ([`CLEAR_MARGIN`] of it) nearer
//! than the next one that would take the run elsewhere or mark it very differently
//! ([`UNCLEAR_SPREAD`]); when two such are that close, the customer asks what the trainee
//! means.
//!
//! A reply taken as a choice earns that choice's authored marks, each moved by one point
//! at most by the reply's own cues (+1 where they give the dimension +2 or more, -1 where
//! they give it less than 0), and never beyond the step's best or worst. A reply that
//! makes key points with fewer than [`KEY_WORDS_ONLY`] words of its own (beyond the
//! points' wordings, stock phrases and names) is a list of key words, not something said
//! to a customer: it is taken as its choice but held a point below that choice's marks on
//! every dimension.
//!
//! A reply with no content left (stock phrases, "ok"), the same as an earlier step's
//! reply, one matching nothing, or an unclear one is a miss: nothing is recorded, the
//! customer reacts, a non-answer costs a hesitation's mood (once a step), and after
//! [`MISSES_BEFORE_CHOICES`] misses at a step the screens offer the numbered choices. A
//! blank reply is nothing.

use super::run::{Answered, ChooseError, Line, Run};
use crate::domain::rubric::{Context, CueHit, Scored, Scorer};
use crate::domain::scenario::{Choice, KeyPoint, Step};
use crate::domain::scoring::Mark;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

/// What the customer says when a typed reply matches no choice.
pub const SAY_MORE: &str = "Sorry, I'm not sure what you mean. Could you say that another way?";

/// What the customer says to a reply with nothing in it but stock phrases, or "ok".
pub const NON_ANSWER: &str = "That doesn't really answer me. What are you actually going to do?";

/// What the customer says to a reply the trainee already gave at an earlier step.
pub const REPEATED: &str = "You've said that already. What about what I just told you?";

/// What the customer says to their own words said back to them.
pub const ECHOED: &str = "Yes, that's what I said. Are you going to do anything about it?";

/// What the customer says when a reply is as near one choice as another.
pub const CLARIFY: &str = "Sorry, which is it? Tell me plainly what you're going to do.";

/// What heads the cues of a reply that matched no choice, where coach mode shows them
/// ([`Run::score_reply`]); plain mode and the full-screen player say it alike.
pub const NOT_RECORDED: &str = "Not recorded, as it matched no choice; the rubric found in it:";

/// The lowest similarity at which a typed reply is taken as a choice.
pub const MATCH_THRESHOLD: f64 = 0.12;

/// How much nearer the reply must be to the choice it is taken as than to the next one,
/// as a share of its similarity to the nearest (0.1: 30% against 28% is unclear).
pub const CLEAR_MARGIN: f64 = 0.1;

/// Two near choices whose totals differ by this much or more are worth asking about.
pub const UNCLEAR_SPREAD: i64 = 4;

/// The fewest content words a reply must share with a choice for the words to count.
pub const MIN_SHARED: usize = 2;

/// A reply whose content words are at least this share of the customer's own words
/// (and that adds at most one of its own) only echoes the customer.
pub const ECHO_SHARE: f64 = 0.6;

/// What each of a choice's poor tactics evidenced by the reply's penalty cues adds.
pub const TACTIC_BONUS: f64 = 0.15;

/// A longer typed reply is refused, with this cap named.
pub const MAX_REPLY_CHARS: usize = 1000;

/// After this many misses at a step, the numbered choices are offered.
pub const MISSES_BEFORE_CHOICES: u32 = 3;

/// A reply that makes key points with fewer words of its own than this (outside the
/// points' wordings, stock phrases and names) is a list of key words pasted from the
/// file, not something said to a customer: it is taken, one point down on every dimension.
pub const KEY_WORDS_ONLY: usize = 2;

/// The choice a typed reply was taken as.
#[derive(Debug, Clone, PartialEq)]
pub struct TakenAs {
    /// Its number as shown.
    pub number: usize,
    /// Its line, placeholders filled.
    pub say: String,
    /// 0 to 1; at least [`MATCH_THRESHOLD`].
    pub similarity: f64,
    /// Why: the reply's words it shares with the choice (synonyms included).
    pub shared: Vec<String>,
}

/// A typed reply's points on one dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedPoints {
    pub dimension: String,
    /// What the rubric's cues gave the reply.
    pub raw: i64,
    /// The authored mark of the choice it was taken as.
    pub authored: i64,
    /// `authored` moved by the reply's cues (one point at most), held within
    /// [worst, best]: what the decision records.
    pub earned: i64,
    pub best: i64,
    pub worst: i64,
}

/// A key point of the step, as the trainee is shown it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointHit {
    pub id: String,
    pub about: String,
    /// For an avoid-point that is critical: why saying it fails the run.
    pub critical: Option<String>,
}

/// A typed reply taken as a choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    /// The decision as recorded, with the reply's points as each mark's `earned`.
    pub answered: Answered,
    pub taken_as: TakenAs,
    /// One per dimension, in rubric order.
    pub points: Vec<TypedPoints>,
    /// Why: every cue that counted, penalties included.
    pub cues: Vec<CueHit>,
    /// The step's key points the reply made, and those it missed.
    pub made: Vec<PointHit>,
    pub missed: Vec<PointHit>,
    /// Things the reply must not say that it said; a critical one fails the run.
    pub said_avoid: Vec<PointHit>,
}

impl Typed {
    /// The avoid-points hit that are critical errors.
    pub fn critical(&self) -> impl Iterator<Item = &PointHit> {
        self.said_avoid.iter().filter(|p| p.critical.is_some())
    }
}

/// What a typed reply did.
#[derive(Debug, Clone, PartialEq)]
pub enum FreeAnswer {
    Taken(Box<Typed>),
    /// It was not taken as a choice: nothing was recorded. A blank reply changes nothing;
    /// any other is a miss ([`Run::last_miss`] says which kind), with the customer's
    /// reaction as the transcript's last line. [`Run::score_reply`] gives what the rubric
    /// found in the reply, to show it.
    SayMore,
}

/// Why a typed reply was not taken as a choice. In the store and an export: `non-answer`,
/// `repeat`, `echo`, `no-match`, `unclear`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Miss {
    /// Nothing but stock phrases, or "ok": no content to take.
    NonAnswer,
    /// The same as a reply already taken at an earlier step.
    Repeat,
    /// The customer's own words said back, with nothing added.
    Echo,
    /// Alike no choice.
    NoMatch,
    /// As near one choice as another that would mark or move the run differently.
    Unclear,
}

impl Miss {
    /// Its name in the store and an export.
    pub fn as_str(self) -> &'static str {
        match self {
            Miss::NonAnswer => "non-answer",
            Miss::Repeat => "repeat",
            Miss::Echo => "echo",
            Miss::NoMatch => "no-match",
            Miss::Unclear => "unclear",
        }
    }

    /// The miss a stored name means.
    pub fn parse(text: &str) -> Option<Miss> {
        [
            Miss::NonAnswer,
            Miss::Repeat,
            Miss::Echo,
            Miss::NoMatch,
            Miss::Unclear,
        ]
        .into_iter()
        .find(|m| m.as_str() == text)
    }

    /// The customer's reaction.
    pub fn reaction(self) -> &'static str {
        match self {
            Miss::NonAnswer => NON_ANSWER,
            Miss::Repeat => REPEATED,
            Miss::Echo => ECHOED,
            Miss::NoMatch => SAY_MORE,
            Miss::Unclear => CLARIFY,
        }
    }

    /// Whether it costs a hesitation's mood: everything but an unclear reply, which did
    /// answer, only not plainly enough.
    pub fn costs(self) -> bool {
        self != Miss::Unclear
    }
}

/// The misses at the step being visited.
#[derive(Debug, Clone, Default)]
pub(crate) struct Misses {
    /// Which visit they belong to: the number of steps reached when they were counted.
    visit: usize,
    count: u32,
    last: Option<Miss>,
}

/// How play would take and mark a reply at the current step, without recording it.
#[derive(Debug, Clone, PartialEq)]
pub struct Marking {
    pub verdict: Verdict,
    /// What the rubric's cues found in the reply.
    pub scored: Scored,
    pub made: Vec<PointHit>,
    /// The key points of the choice it was taken as (or, when none, of the step's best
    /// choice) that it did not make.
    pub missed: Vec<PointHit>,
    pub said_avoid: Vec<PointHit>,
    /// Every shown choice: (number, similarity), nearest first.
    pub nearest: Vec<(usize, f64)>,
}

/// What play would do with a reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Taken {
        taken_as: TakenAs,
        /// Its index among the step's choices as authored.
        step_choice: usize,
        points: Vec<TypedPoints>,
        /// The reply was only the key points' wordings ([`KEY_WORDS_ONLY`]): its marks are
        /// one point down on every dimension.
        key_words_only: bool,
    },
    Missed(Miss),
    /// Blank: not an answer at all.
    Empty,
    /// Over [`MAX_REPLY_CHARS`].
    TooLong {
        chars: usize,
    },
}

/// The one-point move the reply's own cues make on a dimension's authored mark.
pub fn manner_move(raw: i64) -> i64 {
    if raw >= 2 {
        1
    } else if raw < 0 {
        -1
    } else {
        0
    }
}

/// Whitespace collapsed and lowercase, for telling a repeated reply.
fn same_text(a: &str, b: &str) -> bool {
    let flat = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    flat(a) == flat(b)
}

fn point_hit(step: &Step, id: &str) -> Option<PointHit> {
    step.points
        .iter()
        .find(|p| p.id.get_ref() == id)
        .map(|p| PointHit {
            id: id.to_owned(),
            about: p.about.get_ref().clone(),
            critical: p.critical.as_ref().map(|c| c.get_ref().clone()),
        })
}

impl Run<'_> {
    /// What the rubric finds in `reply` at the current decision, scored as [`Run::answer`]
    /// scores it (the drawn customer's name and their current line as context); `None`
    /// once the run has ended. Nothing is recorded: after a [`FreeAnswer::SayMore`] it
    /// shows the trainee the cues of a reply that matched no choice, penalties included,
    /// so a rude one is not silently free.
    pub fn score_reply(&self, reply: &str, scorer: &Scorer) -> Option<Scored> {
        let visit = self.visit.as_ref()?;
        Some(scorer.score(
            reply.trim(),
            &Context {
                customer: Some(&self.customer),
                said: Some(&visit.say),
            },
        ))
    }

    /// Misses at the current step so far.
    pub fn misses(&self) -> u32 {
        if self.misses.visit == self.steps.len() {
            self.misses.count
        } else {
            0
        }
    }

    /// The kind of the last miss at the current step, if any.
    pub fn last_miss(&self) -> Option<Miss> {
        (self.misses.visit == self.steps.len())
            .then_some(self.misses.last)
            .flatten()
    }

    /// Whether the numbered choices should be offered: after
    /// [`MISSES_BEFORE_CHOICES`] misses at this step.
    pub fn offers_choices(&self) -> bool {
        self.misses() >= MISSES_BEFORE_CHOICES
    }

    /// How play would take and mark `reply` at the current step (see the module's
    /// documentation); `None` once the run has ended. Nothing is recorded.
    pub fn mark(&self, reply: &str, scorer: &Scorer) -> Option<Marking> {
        let visit = self.visit.as_ref()?;
        let reply = reply.trim();
        let blank = Marking {
            verdict: Verdict::Empty,
            scored: Scored::default(),
            made: Vec::new(),
            missed: Vec::new(),
            said_avoid: Vec::new(),
            nearest: Vec::new(),
        };
        if reply.is_empty() {
            return Some(blank);
        }
        let chars = reply.chars().count();
        if chars > MAX_REPLY_CHARS {
            return Some(Marking {
                verdict: Verdict::TooLong { chars },
                ..blank
            });
        }
        let scored = self.score_reply(reply, scorer)?;
        let step = self.graph.step(visit.step);
        let matcher = scorer.matcher();
        let names = format!("{} {}", self.customer, self.options.trainee);

        // Key points first: what the reply makes, and what it must not say.
        // Where the stock phrases are, found once at most and only when needed.
        let mut stock = None;
        let hits: Vec<&str> = hits_cached(step, reply, &self.boilerplate, &mut stock)
            .into_iter()
            .map(|p| p.id.get_ref().as_str())
            .collect();
        let (reply_tokens, reply_words) = matcher.content(reply, &names);
        let penalty_tactics: HashSet<&str> = scored
            .cues
            .iter()
            .filter(|c| c.points < 0)
            .filter_map(|c| scorer.cue_tactic(&c.id))
            .collect();

        let mut nearest: Vec<(usize, usize, f64, Vec<String>)> = Vec::new();
        for (i, &c) in visit.order.iter().enumerate() {
            let choice = self.graph.choice(visit.step, c);
            let say = self.fill(choice.say.get_ref());
            let line = matcher.remembered(&say, &names);
            let extra: HashSet<u32> = choice
                .match_words
                .iter()
                .flat_map(|m| matcher.remembered(m.get_ref(), &names).to_vec())
                .collect();
            let shared: Vec<String> = reply_tokens
                .iter()
                .zip(&reply_words)
                .filter(|(t, _)| line.contains(t) || extra.contains(t))
                .map(|(_, w)| w.clone())
                .collect();
            let words = reply_tokens.len() + line.len();
            // One shared word ("sort") is chance, not content.
            let dice = if words == 0 || shared.len() < MIN_SHARED {
                0.0
            } else {
                2.0 * shared.len() as f64 / words as f64
            };
            // A reply that makes none of the step's points (in wordings nobody listed) is
            // matched on its words, as at a step with none: points can only help a reply.
            let similarity = if step.points.is_empty() || hits.is_empty() {
                dice
            } else {
                let listed: Vec<&str> =
                    choice.points.iter().map(|p| p.get_ref().as_str()).collect();
                let both = hits.iter().filter(|h| listed.contains(h)).count();
                let total = hits.len() + listed.len();
                let points = if total == 0 {
                    0.0
                } else {
                    2.0 * both as f64 / total as f64
                };
                (points + dice) / 2.0
            };
            let tactics = choice
                .tactics
                .iter()
                .filter(|t| penalty_tactics.contains(t.get_ref().as_str()))
                .count();
            let mut shared = shared;
            for h in &hits {
                if choice.points.iter().any(|p| p.get_ref() == h) {
                    shared.push(format!("point: {h}"));
                }
            }
            nearest.push((i + 1, c, similarity + TACTIC_BONUS * tactics as f64, shared));
        }
        // Nearest first; of equal ones the first authored, so the seed's shuffle never
        // decides.
        nearest.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1)));

        let made: Vec<PointHit> = hits
            .iter()
            .filter_map(|h| point_hit(step, h))
            .filter(|p| {
                !step
                    .points
                    .iter()
                    .any(|k| k.id.get_ref() == &p.id && k.is_avoid())
            })
            .collect();
        let said_avoid: Vec<PointHit> = step
            .points
            .iter()
            .filter(|p| p.is_avoid() && hits.contains(&p.id.get_ref().as_str()))
            .filter_map(|p| point_hit(step, p.id.get_ref()))
            .collect();
        let missed_of = |c: usize| -> Vec<PointHit> {
            self.graph
                .choice(visit.step, c)
                .points
                .iter()
                .map(|p| p.get_ref().as_str())
                .filter(|p| !hits.contains(p))
                .filter_map(|p| point_hit(step, p))
                .filter(|p| {
                    !step
                        .points
                        .iter()
                        .any(|k| k.id.get_ref() == &p.id && k.is_avoid())
                })
                .collect()
        };
        let best_choice = visit.order.iter().copied().max_by_key(|&c| {
            let ch = self.graph.choice(visit.step, c);
            (
                self.dims.ids.iter().map(|d| ch.score(d)).sum::<i64>(),
                std::cmp::Reverse(c),
            )
        });
        let content = !reply_tokens.is_empty() || !hits.is_empty();
        let repeat = self
            .answered
            .iter()
            .filter_map(|a| a.reply.as_deref())
            .any(|r| same_text(r, reply));
        let miss = |m: Miss| Marking {
            verdict: Verdict::Missed(m),
            scored: scored.clone(),
            made: made.clone(),
            missed: best_choice.map(missed_of).unwrap_or_default(),
            said_avoid: said_avoid.clone(),
            nearest: nearest.iter().map(|n| (n.0, n.2.min(1.0))).collect(),
        };
        if repeat {
            return Some(miss(Miss::Repeat));
        }
        if !content {
            return Some(miss(Miss::NonAnswer));
        }
        // A mocking echo: the customer's own words said back, nothing added. A key point
        // the customer's own line makes too ("burning smell") is part of the echo, not
        // something the reply adds.
        let said = matcher.remembered(&visit.say, &names);
        let echoed = reply_tokens.iter().filter(|t| said.contains(t)).count();
        let theirs: Vec<&str> = hits_of(step, &visit.say, "")
            .into_iter()
            .map(|p| p.id.get_ref().as_str())
            .collect();
        if hits.iter().all(|h| theirs.contains(h))
            && echoed >= 2
            && reply_tokens.len() - echoed <= 1
            && echoed as f64 >= ECHO_SHARE * reply_tokens.len() as f64
        {
            return Some(miss(Miss::Echo));
        }
        let Some(top) = nearest.first().filter(|t| t.2 >= MATCH_THRESHOLD) else {
            return Some(miss(Miss::NoMatch));
        };
        // The next choice that would mark or move the run differently.
        let differs = |a: usize, b: usize| {
            let (x, y) = (
                self.graph.choice(visit.step, a),
                self.graph.choice(visit.step, b),
            );
            // Between two much alike, the nearer is taken rather than asked about.
            let total = |c: &Choice| self.dims.ids.iter().map(|d| c.score(d)).sum::<i64>();
            x.next.get_ref() != y.next.get_ref()
                || (total(x) - total(y)).abs() >= UNCLEAR_SPREAD
                || x.mood_change().signum() != y.mood_change().signum()
        };
        if nearest
            .iter()
            .skip(1)
            .find(|n| differs(top.1, n.1))
            .is_some_and(|n| top.2 - n.2 < CLEAR_MARGIN * top.2)
        {
            return Some(miss(Miss::Unclear));
        }

        // Only the points' wordings strung together ("three weeks what happened") is not a
        // reply a customer hears: the content is right, the saying of it is missing.
        let key_words_only = !hits.is_empty() && {
            let mut blank = spans_of(step, reply);
            blank.extend_from_slice(
                stock.get_or_insert_with(|| stock_spans(&self.boilerplate, reply)),
            );
            matcher.words_outside(reply, &blank, &names) < KEY_WORDS_ONLY
        };
        let chosen = self.graph.choice(visit.step, top.1);
        let shown: Vec<_> = visit
            .order
            .iter()
            .map(|&c| self.graph.choice(visit.step, c))
            .collect();
        let marks = self.dims.marks(chosen, &shown);
        let points = self
            .dims
            .ids
            .iter()
            .zip(marks)
            .map(|(d, mark)| {
                let raw = scored.get(d);
                let mut earned = (mark.earned + manner_move(raw)).clamp(mark.worst, mark.best);
                if key_words_only {
                    earned = earned.min(mark.earned - 1).max(mark.worst);
                }
                TypedPoints {
                    dimension: d.clone(),
                    raw,
                    authored: mark.earned,
                    earned,
                    best: mark.best,
                    worst: mark.worst,
                }
            })
            .collect();
        Some(Marking {
            verdict: Verdict::Taken {
                taken_as: TakenAs {
                    number: top.0,
                    say: self.fill(chosen.say.get_ref()),
                    similarity: top.2.min(1.0),
                    shared: top.3.clone(),
                },
                step_choice: top.1,
                points,
                key_words_only,
            },
            missed: missed_of(top.1),
            scored,
            made,
            said_avoid,
            nearest: nearest.iter().map(|n| (n.0, n.2.min(1.0))).collect(),
        })
    }

    /// Counts a miss at the current step: the reply and the customer's reaction go in the
    /// transcript, and a miss that costs charges the hesitation (once a step). What
    /// [`Run::answer`] does with a reply it does not take, and what a resumed run does with
    /// each miss the store kept, so it resumes with the same count and the same mood.
    pub fn missed(&mut self, miss: Miss, reply: &str) {
        if self.visit.is_none() {
            return;
        }
        let visit = self.steps.len();
        if self.misses.visit != visit {
            self.misses = Misses {
                visit,
                ..Misses::default()
            };
        }
        self.misses.count += 1;
        self.misses.last = Some(miss);
        self.transcript.push(Line::Trainee(reply.trim().to_owned()));
        self.transcript
            .push(Line::Customer(miss.reaction().to_owned()));
        if miss.costs() {
            self.charge_hesitation();
        }
    }

    /// Answers the current decision with a typed reply (see the module's documentation).
    pub fn answer(&mut self, reply: &str, scorer: &Scorer) -> Result<FreeAnswer, ChooseError> {
        let marking = self.mark(reply, scorer).ok_or(ChooseError::Ended)?;
        let reply = reply.trim();
        match marking.verdict {
            Verdict::Empty => Ok(FreeAnswer::SayMore),
            Verdict::TooLong { chars } => Err(ChooseError::TooLong {
                chars,
                cap: MAX_REPLY_CHARS,
            }),
            Verdict::Missed(miss) => {
                self.missed(miss, reply);
                Ok(FreeAnswer::SayMore)
            }
            Verdict::Taken {
                taken_as, points, ..
            } => {
                let earned = points
                    .iter()
                    .map(|p| (p.dimension.clone(), p.earned))
                    .collect();
                let answered = self.commit(taken_as.number, Some((reply, &earned)))?;
                Ok(FreeAnswer::Taken(Box::new(Typed {
                    answered,
                    taken_as,
                    points,
                    cues: marking.scored.cues,
                    made: marking.made,
                    missed: marking.missed,
                    said_avoid: marking.said_avoid,
                })))
            }
        }
    }
}

/// Calls `f` with each of `step`'s key points and its compiled patterns (case-insensitive;
/// compiled once for all runs; a pattern that does not compile is left out, `validate`
/// reports it).
fn with_points<'s, T>(step: &'s Step, mut f: impl FnMut(&'s KeyPoint, &[&Regex]) -> T) -> Vec<T> {
    static COMPILED: Mutex<Option<HashMap<String, Option<Regex>>>> = Mutex::new(None);
    let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    let cache = compiled.get_or_insert_with(HashMap::new);
    if cache.len() > 4096 {
        cache.clear();
    }
    for p in &step.points {
        for pattern in &p.patterns {
            cache.entry(pattern.get_ref().clone()).or_insert_with(|| {
                regex::RegexBuilder::new(pattern.get_ref())
                    .case_insensitive(true)
                    .build()
                    .ok()
            });
        }
    }
    step.points
        .iter()
        .map(|p| {
            let regexes: Vec<&Regex> = p
                .patterns
                .iter()
                .filter_map(|pattern| cache.get(pattern.get_ref()).and_then(Option::as_ref))
                .collect();
            f(p, &regexes)
        })
        .collect()
}

/// The key points of `step` whose patterns match `reply`. A point to make is not made by
/// stock phrases alone (`boilerplate`, the rubric's joined into one pattern): a match
/// wholly inside one ("sorry" in "I'm so sorry") does not count, or pasted courtesy would
/// buy the best choice's points. A thing to avoid counts wherever it is said.
pub(super) fn hits_of<'s>(step: &'s Step, reply: &str, boilerplate: &str) -> Vec<&'s KeyPoint> {
    hits_cached(step, reply, boilerplate, &mut None)
}

/// [`hits_of`], with where the stock phrases are in `reply` kept in `stock` for the caller:
/// looked for once, and only when a point to make matched.
fn hits_cached<'s>(
    step: &'s Step,
    reply: &str,
    boilerplate: &str,
    stock: &mut Option<Vec<std::ops::Range<usize>>>,
) -> Vec<&'s KeyPoint> {
    with_points(step, |p, regexes| {
        regexes
            .iter()
            .any(|re| {
                if p.is_avoid() {
                    return re.is_match(reply);
                }
                re.find_iter(reply).any(|m| {
                    !stock
                        .get_or_insert_with(|| stock_spans(boilerplate, reply))
                        .iter()
                        .any(|s| s.start <= m.start() && m.end() <= s.end)
                })
            })
            .then_some(p)
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Where `boilerplate` (a pattern, case-insensitive, compiled once) matches `reply`.
fn stock_spans(boilerplate: &str, reply: &str) -> Vec<std::ops::Range<usize>> {
    static COMPILED: Mutex<Option<HashMap<String, Option<Regex>>>> = Mutex::new(None);
    if boilerplate.is_empty() {
        return Vec::new();
    }
    let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    let cache = compiled.get_or_insert_with(HashMap::new);
    if cache.len() > 16 {
        cache.clear();
    }
    cache
        .entry(boilerplate.to_owned())
        .or_insert_with(|| {
            regex::RegexBuilder::new(boilerplate)
                .case_insensitive(true)
                .build()
                .ok()
        })
        .as_ref()
        .map(|re| re.find_iter(reply).map(|m| m.range()).collect())
        .unwrap_or_default()
}

/// Where in `reply` the key points' patterns match (byte ranges).
fn spans_of(step: &Step, reply: &str) -> Vec<std::ops::Range<usize>> {
    with_points(step, |_, regexes| {
        regexes
            .iter()
            .flat_map(|re| re.find_iter(reply).map(|m| m.range()))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Why a typed reply fails the run: the reason of the first `critical` avoid-point of
/// `step` it says, if any. Worked out from the reply and the file, so a resumed run
/// fails the same way.
pub(super) fn critical_hit<'s>(step: &'s Step, reply: &str) -> Option<&'s str> {
    hits_of(step, reply, "")
        .into_iter()
        .filter(|p| p.is_avoid())
        .find_map(|p| p.critical.as_ref().map(|c| c.get_ref().as_str()))
}

/// What a typed reply is told (the decision's `feedback`): what it said that it must not,
/// the key points it made and missed, and, when it was taken as a weaker reply than the
/// step's best, that reply's critique, which is about the kind of reply it is. Never the
/// praise of a model line for things the reply did not do. Worked out from the reply and
/// the file alone (`hits`: the key points the reply makes, [`hits_of`]), so a resumed run
/// shows the same.
pub(super) fn typed_feedback(
    step: &Step,
    hits: &[&KeyPoint],
    choice: &Choice,
    authored: &[Mark],
    earned: &[i64],
    dimensions: &[String],
    fill: impl Fn(&str) -> String,
) -> String {
    let mut parts = Vec::new();
    for p in hits.iter().filter(|p| p.is_avoid()) {
        match &p.critical {
            Some(why) => parts.push(format!(
                "Critical: {}. {}",
                fill(p.about.get_ref()),
                fill(why.get_ref())
            )),
            None => parts.push(format!("Should not have: {}.", fill(p.about.get_ref()))),
        }
    }
    let made: Vec<String> = hits
        .iter()
        .filter(|p| !p.is_avoid())
        .map(|p| fill(p.about.get_ref()))
        .collect();
    if !made.is_empty() {
        parts.push(format!("Made: {}.", made.join("; ")));
    }
    let missed: Vec<String> = choice
        .points
        .iter()
        .filter_map(|id| step.points.iter().find(|p| p.id.get_ref() == id.get_ref()))
        .filter(|p| !p.is_avoid() && !hits.iter().any(|h| h.id.get_ref() == p.id.get_ref()))
        .map(|p| fill(p.about.get_ref()))
        .collect();
    if !missed.is_empty() {
        parts.push(format!("Missed: {}.", missed.join("; ")));
    }
    let at_best = authored.iter().all(|m| m.earned == m.best);
    if at_best {
        if made.is_empty() {
            parts
                .push("Read as the strongest reply here: it does what that reply does.".to_owned());
        }
    } else if let Some(critique) = &choice.feedback {
        parts.push(format!(
            "Read as a reply of this kind: {}",
            fill(critique.get_ref())
        ));
    }
    let moved: Vec<String> = dimensions
        .iter()
        .zip(authored.iter().zip(earned))
        .filter(|(_, (m, e))| m.earned != **e)
        .map(|(d, (m, e))| format!("{d} {:+}", e - m.earned))
        .collect();
    if !moved.is_empty() {
        parts.push(format!(
            "Your wording moved the marks: {}.",
            moved.join(", ")
        ));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rubric::Rubric;
    use crate::domain::scenario::{Scenario, load};
    use crate::domain::session::{Mode, RunOptions};

    const PARCEL: &str = include_str!("../../../tests/fixtures/valid/parcel-mixup.toml");

    fn scenario() -> Scenario {
        load::parse(PARCEL).unwrap_or_else(|f| panic!("{f:?}"))
    }

    fn start(s: &Scenario) -> Run<'_> {
        let options = RunOptions {
            seed: 7,
            shuffle: false,
            trainee: "Sam".into(),
            mode: Mode::Coach,
        };
        Run::start(s, &Rubric::builtin(), options)
    }

    fn scorer() -> Scorer {
        Scorer::new(&Rubric::builtin()).expect("the built-in rubric compiles")
    }

    fn taken(answer: FreeAnswer) -> Typed {
        match answer {
            FreeAnswer::Taken(t) => *t,
            FreeAnswer::SayMore => panic!("the reply was not taken"),
        }
    }

    #[test]
    fn a_paraphrase_of_the_best_choice_earns_its_authored_marks() {
        let s = scenario();
        let mut run = start(&s);
        let customer = run.customer_name().to_owned();
        let reply = format!(
            "I'm so sorry {customer}, that's frustrating. Let me check where the driver left \
             it. May I put you on hold for a minute?"
        );
        let t = taken(run.answer(&reply, &scorer()).unwrap());
        assert_eq!(t.taken_as.number, 1);
        assert!(t.taken_as.shared.iter().any(|w| w == "driver"), "{t:?}");
        assert_eq!(t.answered.next, "found-it");
        assert_eq!(t.answered.said, reply);
        for p in &t.points {
            assert!(p.worst <= p.earned && p.earned <= p.best, "{p:?}");
            assert!((p.earned - p.authored).abs() <= 1, "{p:?}");
        }
        let earned: Vec<i64> = t.points.iter().map(|p| p.earned).collect();
        assert_eq!(earned, [1, 2, 2], "the best choice's marks");
        let feedback = t.answered.feedback.clone().unwrap();
        assert!(
            !feedback.contains("An apology, 'let me check'"),
            "{feedback}"
        );
        assert_eq!(run.decisions().len(), 1);
    }

    #[test]
    fn plain_words_without_stock_phrases_still_earn_the_best_marks() {
        let s = scenario();
        let mut run = start(&s);
        let t = taken(
            run.answer(
                "Let me track down where the courier dropped it. Can I put you on hold for a minute?",
                &scorer(),
            )
            .unwrap(),
        );
        assert_eq!(t.answered.step_choice, 0, "{:?}", t.taken_as);
        let earned: Vec<i64> = t.points.iter().map(|p| p.earned).collect();
        assert_eq!(earned, [1, 2, 2]);
    }

    #[test]
    fn gibberish_is_a_miss_that_costs_a_hesitation_once_and_offers_choices_after_three() {
        let s = scenario();
        let mut run = start(&s);
        let turn = run.turn();
        let (mood, percents) = (run.mood(), run.percents());
        let lines = run.transcript().len();
        let answer = run.answer("zxq blorp vvv", &scorer()).unwrap();
        assert_eq!(answer, FreeAnswer::SayMore);
        assert_eq!(run.last_miss(), Some(Miss::NoMatch));
        assert_eq!(run.turn(), turn);
        assert_eq!(run.mood(), mood + super::super::run::HESITATION_MOOD);
        assert_eq!(run.percents(), percents);
        assert!(run.decisions().is_empty());
        assert_eq!(run.transcript().len(), lines + 2);
        assert_eq!(
            run.transcript().last(),
            Some(&Line::Customer(SAY_MORE.to_owned()))
        );
        // A blank reply is not even written down, and costs nothing.
        assert_eq!(run.answer("   ", &scorer()).unwrap(), FreeAnswer::SayMore);
        assert_eq!(run.transcript().len(), lines + 2);
        assert_eq!(run.misses(), 1);
        assert!(!run.offers_choices());
        // "ok" is no answer; the mood is charged once a step.
        run.answer("ok", &scorer()).unwrap();
        assert_eq!(run.last_miss(), Some(Miss::NonAnswer));
        assert_eq!(run.mood(), mood + super::super::run::HESITATION_MOOD);
        run.answer("flibber", &scorer()).unwrap();
        assert!(run.offers_choices());
        // The decision after misses records the hesitation, so a resume replays it.
        let a = run.choose(1).unwrap();
        assert!(a.hesitated);
        assert_eq!(run.misses(), 0, "a new step starts with none");
    }

    #[test]
    fn stock_phrases_alone_are_no_answer_and_a_repeat_is_refused() {
        let s = scenario();
        let mut run = start(&s);
        let scorer = scorer();
        let stuffed = "Hi Priya, I'm so sorry, I completely understand, thank you, please, \
                       let me find out, I hear you. That must be so frustrating.";
        assert_eq!(run.answer(stuffed, &scorer).unwrap(), FreeAnswer::SayMore);
        assert_eq!(run.last_miss(), Some(Miss::NonAnswer));
        assert_eq!(
            run.transcript().last(),
            Some(&Line::Customer(NON_ANSWER.to_owned()))
        );
        let first = "Let me check where the driver left it; may I put you on hold?";
        taken(run.answer(first, &scorer).unwrap());
        assert_eq!(
            run.answer(&first.to_uppercase(), &scorer).unwrap(),
            FreeAnswer::SayMore
        );
        assert_eq!(run.last_miss(), Some(Miss::Repeat));
    }

    #[test]
    fn a_polite_reply_with_a_poor_choices_content_follows_it_and_manner_moves_one_point() {
        let s = scenario();
        let mut run = start(&s);
        let scorer = scorer();
        let customer = run.customer_name().to_owned();
        let reply = format!(
            "Thank you so much, {customer}, I'm so sorry. Did you check with your neighbours, please?"
        );
        let t = taken(run.answer(&reply, &scorer).unwrap());
        assert_eq!(t.taken_as.say, "Did you check with your neighbours?");
        assert_eq!(t.answered.mood_after, -35);
        let courtesy = t.points.iter().find(|p| p.dimension == "courtesy").unwrap();
        assert_eq!(courtesy.authored, 0);
        assert_eq!(courtesy.earned, 1, "{courtesy:?}");
        let feedback = t.answered.feedback.unwrap();
        assert!(
            feedback.contains("Sending her to do the searching"),
            "{feedback}"
        );
    }

    #[test]
    fn a_rude_reply_is_taken_as_the_rude_choice_at_its_marks() {
        let s = scenario();
        let mut run = start(&s);
        let reply = "CALM DOWN, it's only a parcel, whatever. Not my problem!!";
        let t = taken(run.answer(reply, &scorer()).unwrap());
        assert_eq!(t.taken_as.say, "Calm down, it's only a parcel.");
        for p in &t.points {
            assert_eq!(p.earned, p.worst, "{p:?}");
        }
        assert!(t.cues.iter().any(|c| c.points < 0));
    }

    #[test]
    fn a_reply_that_matches_nothing_can_still_be_scored_without_recording_it() {
        let s = scenario();
        let mut run = start(&s);
        let scorer = scorer();
        let reply = "Whatever, mate. Bananas.";
        assert_eq!(run.answer(reply, &scorer).unwrap(), FreeAnswer::SayMore);
        let scored = run.score_reply(reply, &scorer).expect("the run goes on");
        assert!(scored.get("courtesy") < 0);
        assert!(run.decisions().is_empty(), "scoring records nothing");
        run.choose(3).unwrap();
        assert_eq!(run.score_reply(reply, &scorer), None, "the run has ended");
    }

    #[test]
    fn a_reply_over_the_cap_is_refused_with_the_cap_named() {
        let s = scenario();
        let mut run = start(&s);
        let long = "check the driver ".repeat(100);
        let err = run.answer(&long, &scorer()).unwrap_err();
        assert!(err.to_string().contains("1000"), "{err}");
        assert!(run.decisions().is_empty());
        assert_eq!(run.misses(), 0);
    }

    #[test]
    fn answer_as_replays_a_typed_decision_exactly_without_the_scorer() {
        let s = scenario();
        let mut typed = start(&s);
        let customer = typed.customer_name().to_owned();
        let reply = format!("I'm so sorry {customer}, let me check. May I put you on hold?");
        let t = taken(typed.answer(&reply, &scorer()).unwrap());
        let record = crate::domain::session::DecisionRecord::from(&t.answered);
        let recorded = record
            .typed
            .clone()
            .expect("a typed decision records its reply");
        assert_eq!(recorded.reply, reply);
        let earned: Vec<i64> = t.points.iter().map(|p| p.earned).collect();
        let points: Vec<i64> = recorded.points.iter().map(|(_, p)| *p).collect();
        assert_eq!(points, earned);

        let mut replayed = start(&s);
        let again = replayed
            .answer_as(t.taken_as.number, &recorded.reply, &recorded.points_map())
            .unwrap();
        assert_eq!(again, t.answered);
        assert_eq!(replayed.transcript(), typed.transcript());
        assert_eq!(replayed.mood(), typed.mood());
        assert_eq!(replayed.percents(), typed.percents());
        // Points beyond the decision's range are clamped, as `answer` does.
        let mut over = start(&s);
        let huge = recorded
            .points
            .iter()
            .map(|(d, _)| (d.clone(), 99))
            .collect();
        let a = over.answer_as(1, "x", &huge).unwrap();
        assert!(a.marks.iter().all(|m| m.mark.earned == m.mark.best));
        let mut chosen = start(&s);
        let c = chosen.choose(1).unwrap();
        assert_eq!(c.reply, None);
    }

    #[test]
    fn an_ended_run_cannot_be_answered() {
        let s = scenario();
        let mut run = start(&s);
        run.choose(3).unwrap();
        assert!(run.is_over());
        assert_eq!(run.answer("hello", &scorer()), Err(ChooseError::Ended));
    }

    /// A run of `s` with its choices shuffled by `seed`.
    fn shuffled(s: &Scenario, seed: u64) -> Run<'_> {
        let options = RunOptions {
            seed,
            shuffle: true,
            trainee: "Sam".into(),
            mode: Mode::Coach,
        };
        Run::start(s, &Rubric::builtin(), options)
    }

    #[test]
    fn a_reply_as_near_two_different_choices_is_unclear_whatever_the_seed() {
        let text = PARCEL
            .replacen(
                "say = \"Did you check with your neighbours?\"",
                "say = \"Is the parcel with your neighbours?\"",
                1,
            )
            .replacen(
                "say = \"Calm down, it's only a parcel.\"",
                "say = \"With your neighbours, is the parcel?\"",
                1,
            );
        let s = load::parse(&text).unwrap_or_else(|f| panic!("{f:?}"));
        let scorer = scorer();
        for seed in 1..=8 {
            let mut run = shuffled(&s, seed);
            assert_eq!(
                run.answer("neighbours parcel", &scorer).unwrap(),
                FreeAnswer::SayMore
            );
            assert_eq!(run.last_miss(), Some(Miss::Unclear), "seed {seed}");
            assert_eq!(
                run.transcript().last(),
                Some(&Line::Customer(CLARIFY.to_owned()))
            );
        }
        // The same two lines with the same consequences: the first authored is taken.
        let same = text.replacen(
            "  mood = -60\n  score = { listening = -2, non_defensive = -3, courtesy = -2 }",
            "  mood = -15\n  score = { listening = -1, non_defensive = -1, courtesy = 0 }",
            1,
        );
        let s = load::parse(&same).unwrap_or_else(|f| panic!("{f:?}"));
        for seed in 1..=8 {
            let mut run = shuffled(&s, seed);
            let t = taken(run.answer("neighbours parcel", &scorer).unwrap());
            assert_eq!(t.answered.step_choice, 1, "seed {seed}: {:?}", t.taken_as);
        }
    }

    #[test]
    fn match_words_count_as_shared_without_lengthening_the_choice() {
        let reply = "Maybe it went next door?";
        let s = scenario();
        let mut run = start(&s);
        assert_eq!(run.answer(reply, &scorer()).unwrap(), FreeAnswer::SayMore);

        let text = PARCEL.replacen(
            "tactics = [\"skip-acknowledgement\"]",
            "tactics = [\"skip-acknowledgement\"]\n  match = [\"neighbour\", \"next door\"]",
            1,
        );
        let s = load::parse(&text).unwrap_or_else(|f| panic!("{f:?}"));
        let mut run = start(&s);
        let t = taken(run.answer(reply, &scorer()).unwrap());
        assert_eq!(t.taken_as.number, 2);
        assert!(t.taken_as.shared.contains(&"next".to_owned()), "{t:?}");
    }

    /// The fixture with key points at `opening`.
    fn with_points() -> String {
        PARCEL.replacen(
            "  [[step.choice]]\n  say = \"I'm sorry, {customer}. Let me check",
            "  [[step.point]]\n  id = \"trace\"\n  about = \"says they will trace the parcel\"\n  match = ['\\b(check|trace|track|find)\\w*\\b.{0,30}\\b(parcel|it|driver)\\b']\n\n  [[step.point]]\n  id = \"hold\"\n  about = \"asks before putting her on hold\"\n  match = ['\\b(may|can|could) i (put|place) you on hold\\b', '\\bmind (holding|waiting)\\b']\n\n  [[step.point]]\n  id = \"refund-now\"\n  avoid = true\n  critical = \"Promising money nobody has approved is an unsafe promise.\"\n  about = \"promises a refund on the spot\"\n  match = ['\\brefund\\w*\\b.{0,20}\\b(now|today|right away)\\b']\n\n  [[step.choice]]\n  points = [\"trace\", \"hold\"]\n  say = \"I'm sorry, {customer}. Let me check",
            1,
        )
    }

    #[test]
    fn a_reply_making_no_key_point_is_matched_on_its_words_as_without_points() {
        let plain = scenario();
        let text = with_points();
        let pointed = load::parse(&text).unwrap_or_else(|f| panic!("{f:?}"));
        // None of the points' wordings, and near the first choice in words.
        let reply = "Sorry about that. Where the driver left it is what I'll look at first.";
        let without = start(&plain).mark(reply, &scorer()).unwrap();
        let with = start(&pointed).mark(reply, &scorer()).unwrap();
        assert!(
            with.made.is_empty() && with.said_avoid.is_empty(),
            "{with:?}"
        );
        assert_eq!(with.nearest, without.nearest);
        assert_eq!(with.verdict, without.verdict);
    }

    #[test]
    fn an_echo_is_a_miss_even_when_the_customers_words_make_a_key_point() {
        // A point whose wording is the customer's own ("delivered") is made by echoing.
        let text = with_points().replacen(
            "  [[step.point]]\n  id = \"hold\"",
            "  [[step.point]]\n  id = \"delivered\"\n  about = \"says it shows as delivered\"\n  match = ['\\bdelivered\\b']\n\n  [[step.point]]\n  id = \"hold\"",
            1,
        );
        let s = load::parse(&text).unwrap_or_else(|f| panic!("{f:?}"));
        let run = start(&s);
        let said = run.turn().unwrap().say;
        assert!(said.contains("delivered"), "{said}");
        let m = run
            .mark("It says delivered. Delivered. Not here.", &scorer())
            .unwrap();
        assert_eq!(m.verdict, Verdict::Missed(Miss::Echo), "{m:?}");
        // A point of the reply's own is not an echo.
        let m = run
            .mark("It says delivered? I'll trace it for you now.", &scorer())
            .unwrap();
        assert!(matches!(m.verdict, Verdict::Taken { .. }), "{m:?}");
    }

    #[test]
    fn key_points_decide_and_are_named_made_or_missed() {
        let text = with_points();
        let s = load::parse(&text).unwrap_or_else(|f| panic!("{f:?}"));
        let mut run = start(&s);
        let t = taken(
            run.answer("I'll trace it for you straight away.", &scorer())
                .unwrap(),
        );
        assert_eq!(t.answered.step_choice, 0);
        assert_eq!(t.made.len(), 1);
        assert_eq!(t.missed[0].id, "hold");
        let feedback = t.answered.feedback.unwrap();
        assert!(
            feedback.contains("Made: says they will trace the parcel"),
            "{feedback}"
        );
        assert!(
            feedback.contains("Missed: asks before putting her on hold"),
            "{feedback}"
        );

        let mut run = start(&s);
        let t = taken(
            run.answer(
                "Let me check where the driver left it, and I'll refund you right away.",
                &scorer(),
            )
            .unwrap(),
        );
        assert_eq!(t.critical().count(), 1, "{t:?}");
        assert!(t.answered.feedback.unwrap().starts_with("Critical:"));
    }
}
