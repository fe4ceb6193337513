//! A typed reply in play: the rubric scores it, and the run follows the authored choice it
//! matches best.
//!
//! Matching compares content words (lowercased, stop words left out, stemmed: the
//! scorer's own helpers) of the reply with those of each shown choice's `say` and its
//! `match` words: similarity = 2 x shared / (reply words + the line's words), the Dice
//! coefficient, where a `match` word counts as shared without making the line longer.
//! Each of the choice's `tactics` that a cue counted for the reply evidences (a penalty's
//! tactic as much as a reward's: "calm down" evidences `tell-to-calm-down`) adds
//! [`TACTIC_BONUS`]; the total is shown held to 1. The reply is taken as the choice with
//! the highest total before holding, and of equal ones the first authored, so the choice
//! followed never depends on the order shown (the seed's shuffle). Below
//! [`MATCH_THRESHOLD`] the reply matches nothing: the customer asks to hear it another way
//! ([`SAY_MORE`]) and the run stays put.

use super::run::{Answered, ChooseError, Line, Run};
use crate::domain::rubric::{Context, CueHit, Scored, Scorer};
use std::collections::HashSet;

/// What the customer says when a typed reply matches no choice.
pub const SAY_MORE: &str = "Sorry, I'm not sure what you mean. Could you say that another way?";

/// What heads the cues of a reply that matched no choice, where coach mode shows them
/// ([`Run::score_reply`]); plain mode and the full-screen player say it alike.
pub const NOT_RECORDED: &str = "Not recorded, as it matched no choice; the rubric found in it:";

/// The lowest similarity at which a typed reply is taken as a choice.
pub const MATCH_THRESHOLD: f64 = 0.2;

/// What each of a choice's tactics evidenced by the reply's cues adds to its similarity.
pub const TACTIC_BONUS: f64 = 0.15;

/// The choice a typed reply was taken as.
#[derive(Debug, Clone, PartialEq)]
pub struct TakenAs {
    /// Its number as shown.
    pub number: usize,
    /// Its line, placeholders filled.
    pub say: String,
    /// 0 to 1; at least [`MATCH_THRESHOLD`].
    pub similarity: f64,
}

/// A typed reply's points on one dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedPoints {
    pub dimension: String,
    /// What the rubric's cues gave the reply.
    pub raw: i64,
    /// `raw` held within the decision's [worst, best]: what the decision records.
    pub earned: i64,
    pub best: i64,
    pub worst: i64,
}

/// A typed reply taken as a choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    /// The decision as recorded, with the clamped points as each mark's `earned`.
    pub answered: Answered,
    pub taken_as: TakenAs,
    /// One per dimension, in rubric order.
    pub points: Vec<TypedPoints>,
    /// Why: every cue that counted, penalties included.
    pub cues: Vec<CueHit>,
}

/// What a typed reply did.
#[derive(Debug, Clone, PartialEq)]
pub enum FreeAnswer {
    Taken(Box<Typed>),
    /// It matched no choice: nothing was recorded and the run did not move; the customer's
    /// [`SAY_MORE`] line is the transcript's last. [`Run::score_reply`] gives what the
    /// rubric found in the reply, to show it.
    SayMore,
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

    /// Answers the current decision with a typed reply (see the module's documentation).
    pub fn answer(&mut self, reply: &str, scorer: &Scorer) -> Result<FreeAnswer, ChooseError> {
        if self.visit.is_none() {
            return Err(ChooseError::Ended);
        }
        let reply = reply.trim();
        if reply.is_empty() {
            return Ok(FreeAnswer::SayMore);
        }
        let scored = self.score_reply(reply, scorer).ok_or(ChooseError::Ended)?;
        let visit = self.visit.as_ref().ok_or(ChooseError::Ended)?;
        let evidenced: HashSet<&str> = scored
            .cues
            .iter()
            .filter_map(|c| scorer.cue_tactic(&c.id))
            .collect();
        let reply_stems: HashSet<String> = scorer.content_stems(reply).into_iter().collect();

        let step = visit.step;
        // The best by uncapped similarity, then by authored order: ties at the cap (or
        // exact ones) never depend on the shuffle, so a reply follows the same choice
        // whatever the seed.
        let mut best: Option<(f64, usize, TakenAs)> = None;
        for (i, &c) in visit.order.iter().enumerate() {
            let choice = self.graph.choice(step, c);
            let say = self.fill(choice.say.get_ref());
            let line: HashSet<String> = scorer.content_stems(&say).into_iter().collect();
            let extra: HashSet<String> = choice
                .match_words
                .iter()
                .flat_map(|m| scorer.content_stems(m.get_ref()))
                .collect();
            let shared = reply_stems
                .iter()
                .filter(|s| line.contains(*s) || extra.contains(*s))
                .count();
            let words = reply_stems.len() + line.len();
            let dice = if words == 0 {
                0.0
            } else {
                2.0 * shared as f64 / words as f64
            };
            let tactics = choice
                .tactics
                .iter()
                .filter(|t| evidenced.contains(t.get_ref().as_str()))
                .count();
            let uncapped = dice + TACTIC_BONUS * tactics as f64;
            let better = best.as_ref().is_none_or(|(top, authored, _)| {
                uncapped > *top || (uncapped == *top && c < *authored)
            });
            if better {
                let taken = TakenAs {
                    number: i + 1,
                    say,
                    similarity: uncapped.min(1.0),
                };
                best = Some((uncapped, c, taken));
            }
        }

        let best = best.map(|(_, _, taken)| taken);
        let Some(taken_as) = best.filter(|b| b.similarity >= MATCH_THRESHOLD) else {
            self.transcript.push(Line::Trainee(reply.to_owned()));
            self.transcript.push(Line::Customer(SAY_MORE.to_owned()));
            return Ok(FreeAnswer::SayMore);
        };
        let answered = self.commit(taken_as.number, Some((reply, &scored.points)))?;
        let points = answered
            .marks
            .iter()
            .map(|m| TypedPoints {
                dimension: m.dimension.clone(),
                raw: scored.get(&m.dimension),
                earned: m.mark.earned,
                best: m.mark.best,
                worst: m.mark.worst,
            })
            .collect();
        Ok(FreeAnswer::Taken(Box::new(Typed {
            answered,
            taken_as,
            points,
            cues: scored.cues,
        })))
    }
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
            FreeAnswer::SayMore => panic!("the reply matched nothing"),
        }
    }

    #[test]
    fn a_paraphrase_of_the_best_choice_is_taken_as_it_and_clamped() {
        let s = scenario();
        let mut run = start(&s);
        let customer = run.customer_name().to_owned();
        let reply = format!(
            "I'm so sorry {customer}, that's frustrating. Let me check where the driver left \
             it. May I put you on hold for a minute?"
        );
        let t = taken(run.answer(&reply, &scorer()).unwrap());
        assert_eq!(t.taken_as.number, 1);
        assert!(t.taken_as.similarity >= MATCH_THRESHOLD);
        assert_eq!(t.answered.next, "found-it");
        assert_eq!(t.answered.said, reply);
        assert_eq!(run.position(), Some("found-it"));
        for p in &t.points {
            assert!(p.worst <= p.earned && p.earned <= p.best, "{p:?}");
            assert_eq!(p.earned, p.raw.clamp(p.worst, p.best));
        }
        let marks: Vec<i64> = t.answered.marks.iter().map(|m| m.mark.earned).collect();
        let earned: Vec<i64> = t.points.iter().map(|p| p.earned).collect();
        assert_eq!(marks, earned);
        assert!(!t.cues.is_empty());
        assert_eq!(run.decisions().len(), 1);
    }

    #[test]
    fn gibberish_gets_say_more_and_changes_nothing_but_the_transcript() {
        let s = scenario();
        let mut run = start(&s);
        let turn = run.turn();
        let (mood, percents) = (run.mood(), run.percents());
        let lines = run.transcript().len();
        let answer = run.answer("zxq blorp vvv", &scorer()).unwrap();
        assert_eq!(answer, FreeAnswer::SayMore);
        assert_eq!(run.turn(), turn);
        assert_eq!(run.mood(), mood);
        assert_eq!(run.percents(), percents);
        assert!(run.decisions().is_empty());
        assert_eq!(run.transcript().len(), lines + 2);
        assert_eq!(
            run.transcript().last(),
            Some(&Line::Customer(SAY_MORE.to_owned()))
        );
        // A blank reply is not even written down.
        assert_eq!(run.answer("   ", &scorer()).unwrap(), FreeAnswer::SayMore);
        assert_eq!(run.transcript().len(), lines + 2);
    }

    #[test]
    fn a_polite_reply_with_a_poor_choices_content_follows_it_but_earns_courtesy() {
        let s = scenario();
        let mut run = start(&s);
        let scorer = scorer();
        let customer = run.customer_name().to_owned();
        let reply = format!("Thank you, {customer}. Did you check with your neighbours, please?");
        let t = taken(run.answer(&reply, &scorer).unwrap());
        assert_eq!(t.taken_as.say, "Did you check with your neighbours?");
        assert_eq!(t.answered.step_choice, 1);
        // The poor choice's own mood change applies.
        assert_eq!(t.answered.mood_after, -35);
        let courtesy = t.points.iter().find(|p| p.dimension == "courtesy").unwrap();
        assert!(courtesy.earned > 0, "{courtesy:?}");
        assert!(courtesy.earned <= courtesy.best);
        assert_eq!(courtesy.best, 2);
    }

    #[test]
    fn a_reply_that_matches_nothing_can_still_be_scored_without_recording_it() {
        let s = scenario();
        let mut run = start(&s);
        let scorer = scorer();
        let reply = "Whatever, mate. Not my job.";
        assert_eq!(run.answer(reply, &scorer).unwrap(), FreeAnswer::SayMore);
        let scored = run.score_reply(reply, &scorer).expect("the run goes on");
        let ids: Vec<&str> = scored.cues.iter().map(|c| &*c.id).collect();
        assert!(ids.contains(&"not-my-job"), "{ids:?}");
        assert!(scored.get("courtesy") < 0);
        assert!(run.decisions().is_empty(), "scoring records nothing");
        run.choose(3).unwrap();
        assert_eq!(run.score_reply(reply, &scorer), None, "the run has ended");
    }

    #[test]
    fn points_below_the_worst_choice_are_clamped_up_to_it() {
        let s = scenario();
        let mut run = start(&s);
        let reply = "CALM DOWN, it's only a parcel, whatever. Not my problem!!";
        let t = taken(run.answer(reply, &scorer()).unwrap());
        assert_eq!(t.taken_as.say, "Calm down, it's only a parcel.");
        let below: Vec<_> = t.points.iter().filter(|p| p.raw < p.worst).collect();
        assert!(!below.is_empty(), "{:?}", t.points);
        for p in below {
            assert_eq!(p.earned, p.worst);
        }
        assert!(t.cues.iter().any(|c| c.points < 0));
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
        assert_eq!(replayed.turn(), typed.turn());
        // Points beyond the decision's range are clamped, as `answer` does.
        let mut over = start(&s);
        let huge = recorded
            .points
            .iter()
            .map(|(d, _)| (d.clone(), 99))
            .collect();
        let a = over.answer_as(1, "x", &huge).unwrap();
        assert!(a.marks.iter().all(|m| m.mark.earned == m.mark.best));
        // A chosen decision records no reply.
        let mut chosen = start(&s);
        let c = chosen.choose(1).unwrap();
        assert_eq!(c.reply, None);
        assert!(
            crate::domain::session::DecisionRecord::from(&c)
                .typed
                .is_none()
        );
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
    fn a_reply_alike_to_two_choices_past_the_cap_follows_the_closer_whatever_the_seed() {
        // The poor choice made a near copy of the best, with two of its tactics: both
        // reach the cap of 1 for the best's own words, the best by more.
        let text = PARCEL.replacen(
            "say = \"Did you check with your neighbours?\"",
            "say = \"I'm sorry. Let me check where it was left. May I put you on hold?\"",
            1,
        );
        let text = text.replacen(
            "tactics = [\"skip-acknowledgement\"]",
            "tactics = [\"apologise\", \"find-out\"]",
            1,
        );
        let s = load::parse(&text).unwrap_or_else(|f| panic!("{f:?}"));
        let scorer = scorer();
        let mut lesser_shown_first = false;
        for seed in 1..=8 {
            let mut run = shuffled(&s, seed);
            let turn = run.turn().unwrap();
            let at = |c: usize| turn.choices.iter().position(|x| x.step_choice == c);
            lesser_shown_first |= at(1) < at(0);
            let customer = run.customer_name().to_owned();
            let reply = format!(
                "I'm sorry, {customer}. Let me check where the driver left it. May I put you \
                 on hold for one minute?"
            );
            let t = taken(run.answer(&reply, &scorer).unwrap());
            assert_eq!(t.answered.step_choice, 0, "seed {seed}: {:?}", t.taken_as);
            assert_eq!(t.taken_as.similarity, 1.0, "shown held to 1");
        }
        assert!(lesser_shown_first, "no seed shows the lesser choice first");
    }

    #[test]
    fn of_exactly_equal_choices_the_first_authored_is_taken_whatever_the_seed() {
        // Two lines with the same content words, and no tactics the reply evidences.
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
        let mut orders = HashSet::new();
        for seed in 1..=8 {
            let mut run = shuffled(&s, seed);
            let turn = run.turn().unwrap();
            orders.insert(
                turn.choices
                    .iter()
                    .map(|c| c.step_choice)
                    .collect::<Vec<_>>(),
            );
            let t = taken(run.answer("neighbours parcel", &scorer).unwrap());
            assert_eq!(t.answered.step_choice, 1, "seed {seed}: {:?}", t.taken_as);
        }
        assert!(orders.len() > 1, "the seeds shuffle the choices");
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
        // mayb, went, next, door against check, neighbour: next and door are shared.
        assert!((t.taken_as.similarity - 2.0 * 2.0 / 6.0).abs() < 1e-9);
    }
}
