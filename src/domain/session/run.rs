//! The session state machine: a run walks a scenario one decision at a time.
//!
//! The transition itself (mood clamp, flags, escalation) is `Graph::apply`; scoring is
//! `Dimensions::marks` and `Tally`. This module only keeps the state between decisions,
//! makes the run's draws in a fixed order, and records what was said.

use super::draw::{Draws, fill};
use super::mood::MoodBand;
use super::start::Start;
use crate::domain::graph::{At, Flags, Graph, MOOD_MAX, MOOD_MIN};
use crate::domain::rubric::Rubric;
use crate::domain::scenario::{Ending, Scenario};
use crate::domain::scoring::{Dimensions, Mark, Tally};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How much the customer's mood drops when a timed step runs out.
pub const HESITATION_MOOD: i64 = -10;

/// The name used when a scenario gives none (only an unchecked one can).
const FALLBACK_CUSTOMER: &str = "Customer";

/// The names the customer is drawn from: never the trainee's namesake (a conversation
/// of "Sam:" and "Sam:"), unless the pool has no one else.
pub(super) fn names_for<'a>(pool: Vec<&'a str>, trainee: &str) -> Vec<&'a str> {
    let first = |name: &str| name.split_whitespace().next().map(str::to_lowercase);
    let own = first(trainee);
    let others: Vec<&str> = pool
        .iter()
        .copied()
        .filter(|name| own.is_none() || first(name) != own)
        .collect();
    if others.is_empty() { pool } else { others }
}

/// How a run is set up. The same options and the same answers give the same run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    /// Seeds every random draw of the run.
    pub seed: u64,
    /// Show choices in a drawn order; `false` keeps the authored order.
    pub shuffle: bool,
    /// Fills `{trainee}`.
    pub trainee: String,
    pub mode: Mode,
}

/// Coach: feedback after every choice. Assess: feedback only in the debrief.
/// The engine records the same either way; the mode tells the screen what to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Coach,
    Assess,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Coach => "coach",
            Mode::Assess => "assess",
        }
    }
}

/// What the trainee sees at a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub step_id: String,
    pub narration: Option<String>,
    pub say: String,
    /// Who says it when it is not the customer (a step's `speaker`).
    pub speaker: Option<String>,
    pub choices: Vec<ShownChoice>,
    /// Seconds to answer before the customer grows impatient.
    pub time_limit: Option<u32>,
}

/// A choice as shown: its number on screen and its index in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownChoice {
    /// 1-based, in the order shown.
    pub number: usize,
    pub say: String,
    /// Index among the step's choices as authored (0-based).
    pub step_choice: usize,
}

/// One line of the conversation, placeholders filled.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Line {
    Narration(String),
    Customer(String),
    /// Someone other than the customer (a step's `speaker`): who, and what they say.
    Other(String, String),
    Trainee(String),
}

/// A decision's mark on one dimension of the rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionMark {
    pub dimension: String,
    pub mark: Mark,
}

/// What one choice did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub step_id: String,
    /// What the customer said at the step, as shown (how a trainee recognises the step).
    pub asked: String,
    /// The number it had on screen.
    pub number: usize,
    /// Its index among the step's choices as authored.
    pub step_choice: usize,
    /// What the trainee said, placeholders filled (a typed reply: the reply).
    pub said: String,
    /// The typed reply, when the decision was made by typing one rather than choosing:
    /// then each mark's `earned` is the reply's own points, clamped.
    pub reply: Option<String>,
    /// One per dimension, in rubric order; best and worst among the choices shown.
    pub marks: Vec<DimensionMark>,
    /// The mood when the step was reached, before any hesitation.
    pub mood_before: i64,
    pub mood_after: i64,
    /// The step's time limit ran out before the answer.
    pub hesitated: bool,
    /// The step's escalation rule sent the run to `escalate_to` instead of `next`.
    pub escalated: bool,
    pub feedback: Option<String>,
    pub tactics: Vec<String>,
    /// The tactics as a trainee reads them (the rubric's names), in the same order.
    pub tactic_names: Vec<String>,
    /// Why the choice is a critical error that fails the run, when it is one.
    pub critical: Option<String>,
    /// The id of the step or ending the run went to.
    pub next: String,
    /// True when `next` is an ending.
    pub ended: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChooseError {
    /// The run has ended; there is nothing to choose.
    Ended,
    /// The number names no choice shown.
    NoSuchChoice { number: usize, shown: usize },
    /// The scenario names a step or ending it does not define (only an unchecked file can).
    Unresolved { target: String },
    /// A typed reply longer than the cap is not read (`free_text::MAX_REPLY_CHARS`).
    TooLong { chars: usize, cap: usize },
}

impl fmt::Display for ChooseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChooseError::Ended => f.write_str("the run has ended"),
            ChooseError::NoSuchChoice { number, shown: 0 } => {
                write!(
                    f,
                    "there is no choice {number}: no choice is shown at this step"
                )
            }
            ChooseError::NoSuchChoice { number, shown } => {
                write!(
                    f,
                    "there is no choice {number}: choose a number from 1 to {shown}"
                )
            }
            ChooseError::TooLong { chars, cap } => write!(
                f,
                "the reply is {chars} characters long; say it in at most {cap}"
            ),
            ChooseError::Unresolved { target } => {
                write!(
                    f,
                    "the scenario names `{target}`, which is no step or ending"
                )
            }
        }
    }
}

impl std::error::Error for ChooseError {}

/// The step the run is at, with the draws made on reaching it.
#[derive(Debug, Clone)]
pub(super) struct Visit {
    pub(super) step: usize,
    pub(super) narration: Option<String>,
    pub(super) say: String,
    pub(super) speaker: Option<String>,
    /// Authored indices of the shown choices, in the order shown.
    pub(super) order: Vec<usize>,
    pub(super) mood_at_entry: i64,
    pub(super) hesitated: bool,
}

/// One run of a scenario. A clone goes on from the same state (tests explore every
/// branch of a run this way).
#[derive(Clone)]
pub struct Run<'s> {
    pub(super) graph: Graph<'s>,
    pub(super) dims: Dimensions,
    /// Display names of the dimensions, in rubric order.
    pub(super) dim_names: Vec<String>,
    pub(super) options: RunOptions,
    draws: Draws,
    /// The customer's full name (labels their lines; fills `{customer_full}`).
    pub(super) customer: String,
    /// How `{customer}` addresses them.
    pub(super) address: String,
    mood: i64,
    pub(super) flags: Flags,
    /// Where the run is; `None` when the scenario's start names nothing.
    pub(super) at: Option<At>,
    pub(super) visit: Option<Visit>,
    pub(super) transcript: Vec<Line>,
    pub(super) answered: Vec<Answered>,
    /// Step ids in the order visited.
    pub(super) steps: Vec<String>,
    pub(super) tally: Tally,
    /// While [`Run::choose_following`] commits: the choice (authored index) whose move the
    /// conversation makes instead of the one chosen.
    follow: Option<usize>,
    /// Typed replies at the current step that were not taken as a choice.
    pub(super) misses: super::free_text::Misses,
    /// The rubric's readable name of every tactic the scenario uses.
    tactic_names: BTreeMap<String, String>,
    /// The rubric's stock phrases as one pattern: a key point they alone make is not made.
    pub(super) boilerplate: std::sync::Arc<str>,
    /// The state the run began in (a trainer's preview), to begin a replay the same way.
    begun: Start,
}

impl<'s> Run<'s> {
    /// Starts a run: draws the customer's name, then reaches the start.
    pub fn start(scenario: &'s Scenario, rubric: &Rubric, options: RunOptions) -> Run<'s> {
        Run::start_at(scenario, rubric, options, None)
    }

    /// Starts a run at the step `from` instead of the start, when the scenario has it (for
    /// a trainer previewing one step). Mood starts as the file says and no flag is set.
    pub fn start_at(
        scenario: &'s Scenario,
        rubric: &Rubric,
        options: RunOptions,
        from: Option<&str>,
    ) -> Run<'s> {
        let start = Start {
            step: from.map(str::to_owned),
            ..Start::default()
        };
        Run::start_from(scenario, rubric, options, &start)
    }

    /// Starts a run in the state `start` gives (a trainer's preview: `play --from STEP
    /// --set FLAG --mood N`): at its step when the scenario has one by that id (else at the
    /// start), with its flags set (those the scenario names) and its mood, clamped. The
    /// customer's name is drawn first either way, so a preview meets the same customer.
    pub fn start_from(
        scenario: &'s Scenario,
        rubric: &Rubric,
        options: RunOptions,
        start: &Start,
    ) -> Run<'s> {
        let from = start.step.as_deref();
        let graph = Graph::new(scenario);
        let dims = Dimensions::for_scenario(rubric, scenario);
        let dim_names = rubric.dimensions.iter().map(|d| d.name.clone()).collect();
        let tactic_names = scenario
            .steps
            .iter()
            .flat_map(|s| &s.choices)
            .flat_map(|c| &c.tactics)
            .map(|t| (t.get_ref().clone(), rubric.tactic_name(t.get_ref())))
            .collect();
        let mut draws = Draws::new(options.seed);
        let people = scenario.customer.people();
        let customer = draws
            .pick(&names_for(scenario.customer.name_pool(), &options.trainee))
            .map_or(FALLBACK_CUSTOMER, |n| n)
            .to_owned();
        let address = people
            .iter()
            .find(|p| p.full == customer)
            .map_or_else(|| customer.clone(), |p| p.address.to_owned());
        let at = from
            .and_then(|id| graph.resolve(id))
            .filter(|at| matches!(at, At::Step(_)))
            .or_else(|| graph.start());
        let mut run = Run {
            tally: Tally::new(dims.len()),
            graph,
            dims,
            dim_names,
            options,
            draws,
            customer,
            address,
            mood: start
                .mood
                .unwrap_or_else(|| scenario.customer.start_mood())
                .clamp(MOOD_MIN, MOOD_MAX),
            flags: Flags::default(),
            at: None,
            visit: None,
            transcript: Vec::new(),
            answered: Vec::new(),
            steps: Vec::new(),
            follow: None,
            misses: Default::default(),
            tactic_names,
            boilerplate: rubric
                .matching
                .boilerplate
                .iter()
                .map(|p| format!("(?:{})", p.get_ref()))
                .collect::<Vec<_>>()
                .join("|")
                .into(),
            begun: start.clone(),
        };
        for flag in &start.flags {
            run.graph.set(&mut run.flags, flag);
        }
        if let Some(at) = at {
            run.reach(at);
        }
        run
    }

    /// The state the run began in.
    pub fn begun(&self) -> &Start {
        &self.begun
    }

    pub fn scenario(&self) -> &'s Scenario {
        self.graph.scenario
    }

    pub fn options(&self) -> &RunOptions {
        &self.options
    }

    /// The customer's full name, as their lines are labelled.
    pub fn customer_name(&self) -> &str {
        &self.customer
    }

    /// How the customer is addressed (`{customer}`): "Ms Raman", or the first name.
    pub fn customer_address(&self) -> &str {
        &self.address
    }

    pub fn mood(&self) -> i64 {
        self.mood
    }

    pub fn mood_band(&self) -> MoodBand {
        MoodBand::of(self.mood)
    }

    /// The decision in front of the trainee; `None` once the run has ended.
    pub fn turn(&self) -> Option<Turn> {
        let visit = self.visit.as_ref()?;
        let step = self.graph.step(visit.step);
        let choices = visit
            .order
            .iter()
            .enumerate()
            .map(|(i, &c)| ShownChoice {
                number: i + 1,
                say: self.fill(step.choices[c].say.get_ref()),
                step_choice: c,
            })
            .collect();
        Some(Turn {
            step_id: step.id.get_ref().clone(),
            narration: visit.narration.clone(),
            say: visit.say.clone(),
            speaker: visit.speaker.clone(),
            choices,
            time_limit: step
                .time_limit
                .as_ref()
                .and_then(|t| u32::try_from(*t.get_ref()).ok())
                .filter(|&t| t > 0),
        })
    }

    /// Takes the choice shown as `number` (1-based).
    pub fn choose(&mut self, number: usize) -> Result<Answered, ChooseError> {
        self.commit(number, None)
    }

    /// Takes the choice shown as `number` for its marks and feedback, while the
    /// conversation moves as the choice `follow` (its index among the step's choices as
    /// authored) would move it: mood, flags and the next step. A class in together pace
    /// goes on along the room's choice, and each trainee's marks stay their own answer's.
    pub fn choose_following(
        &mut self,
        number: usize,
        follow: usize,
    ) -> Result<Answered, ChooseError> {
        self.follow = Some(follow);
        let answered = self.commit(number, None);
        self.follow = None;
        answered
    }

    /// Records a typed reply already scored and matched: taken as the choice shown as
    /// `number`, with `points` per dimension (each clamped into the decision's
    /// [worst, best], as [`Run::answer`] does). This is how a resumed run replays a typed
    /// decision from the store without scoring the reply again, so it gets exactly the
    /// marks, mood and transcript it had; it takes the same path as `choose` and `answer`.
    pub fn answer_as(
        &mut self,
        number: usize,
        reply: &str,
        points: &BTreeMap<String, i64>,
    ) -> Result<Answered, ChooseError> {
        self.commit(number, Some((reply, points)))
    }

    /// Records the decision for the choice shown as `number` and moves the run on: the one
    /// path both a chosen and a typed answer take. `typed` is a typed reply with the
    /// rubric points it earned per dimension; each is clamped into the decision's
    /// [worst, best] and replaces the choice's own score as `earned`.
    pub(super) fn commit(
        &mut self,
        number: usize,
        typed: Option<(&str, &BTreeMap<String, i64>)>,
    ) -> Result<Answered, ChooseError> {
        let visit = self.visit.as_ref().ok_or(ChooseError::Ended)?;
        let shown = visit.order.len();
        let choice = number
            .checked_sub(1)
            .and_then(|i| visit.order.get(i))
            .copied()
            .ok_or(ChooseError::NoSuchChoice { number, shown })?;
        let step = visit.step;
        let chosen = self.graph.choice(step, choice);
        let moved_by = self
            .follow
            .filter(|&f| f < self.graph.step(step).choices.len())
            .unwrap_or(choice);
        let mv = self
            .graph
            .apply(step, moved_by, self.mood, &self.flags)
            .ok_or_else(|| ChooseError::Unresolved {
                target: chosen.next.get_ref().to_string(),
            })?;

        let shown_choices: Vec<_> = visit
            .order
            .iter()
            .map(|&c| self.graph.choice(step, c))
            .collect();
        let mut marks = self.dims.marks(chosen, &shown_choices);
        let authored = marks.clone();
        if let Some((_, points)) = typed {
            for (mark, d) in marks.iter_mut().zip(&self.dims.ids) {
                let raw = points.get(d).copied().unwrap_or(0);
                mark.earned = raw.clamp(mark.worst, mark.best);
            }
        }
        // A typed reply is told about itself, not praised with the model line's feedback.
        let feedback = match typed {
            Some((reply, _)) => Some(super::free_text::typed_feedback(
                self.graph.step(step),
                &super::free_text::hits_of(self.graph.step(step), reply, &self.boilerplate),
                chosen,
                &authored,
                &marks.iter().map(|m| m.earned).collect::<Vec<_>>(),
                &self.dim_names,
                |t| self.fill(t),
            )),
            None => chosen.feedback.as_ref().map(|f| self.fill(f.get_ref())),
        };
        self.tally.add(&marks);
        let said = match typed {
            Some((reply, _)) => reply.to_owned(),
            None => self.fill(chosen.say.get_ref()),
        };
        let answered = Answered {
            step_id: self.graph.id(At::Step(step)).to_owned(),
            asked: visit.say.clone(),
            number,
            step_choice: choice,
            said: said.clone(),
            reply: typed.map(|(reply, _)| reply.to_owned()),
            marks: self
                .dims
                .ids
                .iter()
                .zip(marks)
                .map(|(d, mark)| DimensionMark {
                    dimension: d.clone(),
                    mark,
                })
                .collect(),
            mood_before: visit.mood_at_entry,
            mood_after: mv.mood_after,
            hesitated: visit.hesitated,
            escalated: mv.escalated,
            feedback,
            tactics: chosen.tactics.iter().map(|t| t.get_ref().clone()).collect(),
            tactic_names: chosen
                .tactics
                .iter()
                .map(|t| {
                    self.tactic_names
                        .get(t.get_ref())
                        .cloned()
                        .unwrap_or_else(|| t.get_ref().clone())
                })
                .collect(),
            // A critical choice, or a typed reply saying a critical thing to avoid.
            critical: chosen.critical().map(|why| self.fill(why)).or_else(|| {
                typed.and_then(|(reply, _)| {
                    super::free_text::critical_hit(self.graph.step(step), reply)
                        .map(|why| self.fill(why))
                })
            }),
            next: self.graph.id(mv.next).to_owned(),
            ended: matches!(mv.next, At::Ending(_)),
        };
        self.transcript.push(Line::Trainee(said));
        self.mood = mv.mood_after;
        self.flags = mv.flags;
        self.answered.push(answered.clone());
        self.reach(mv.next);
        Ok(answered)
    }

    /// The step's time limit ran out: the customer's mood drops by 10, once per visit to
    /// the step, and the decision is recorded as hesitated. The trainee still answers.
    /// Returns false (and changes nothing) when the run has ended, the step is not
    /// timed, or the trainee already hesitated here.
    pub fn hesitate(&mut self) -> bool {
        let Some(visit) = self.visit.as_mut() else {
            return false;
        };
        let timed = self.graph.step(visit.step).time_limit.is_some();
        timed && self.charge_hesitation()
    }

    /// The hesitation's cost, once per visit, on a timed step or not: a typed reply that
    /// was no answer costs it too (`free_text`), and a resumed run replays a recorded one.
    /// False (and nothing changes) when the run has ended or it was charged already.
    pub fn charge_hesitation(&mut self) -> bool {
        let Some(visit) = self.visit.as_mut() else {
            return false;
        };
        if visit.hesitated {
            return false;
        }
        visit.hesitated = true;
        self.mood = (self.mood + HESITATION_MOOD).clamp(MOOD_MIN, MOOD_MAX);
        true
    }

    /// Whether the trainee has hesitated at the current step.
    pub fn hesitated(&self) -> bool {
        self.visit.as_ref().is_some_and(|v| v.hesitated)
    }

    /// The conversation so far; once ended, the ending's line is the last.
    pub fn transcript(&self) -> &[Line] {
        &self.transcript
    }

    /// Every decision made so far, in order.
    pub fn decisions(&self) -> &[Answered] {
        &self.answered
    }

    /// True once the run cannot go on: at an ending, or at a start that names nothing.
    pub fn is_over(&self) -> bool {
        self.visit.is_none()
    }

    /// The ending reached, once the run has ended.
    pub fn ending(&self) -> Option<&'s Ending> {
        match self.at? {
            At::Ending(e) => self.graph.scenario.endings.get(e),
            At::Step(_) => None,
        }
    }

    /// Whether the flag `name` is set now.
    pub fn is_set(&self, name: &str) -> bool {
        self.graph.is_set(&self.flags, name)
    }

    /// The id of the step the run is at, or of the ending it reached.
    pub fn position(&self) -> Option<&'s str> {
        self.at.map(|at| self.graph.id(at))
    }

    /// Percent per dimension so far (rubric order); `None` where not assessed yet.
    pub fn percents(&self) -> Vec<Option<f64>> {
        self.tally.percents()
    }

    /// The weighted overall so far; `None` while no dimension is assessed.
    pub fn overall(&self) -> Option<f64> {
        self.tally.overall(&self.dims.weights)
    }

    pub(super) fn fill(&self, text: &str) -> String {
        fill(text, &self.address, &self.customer, &self.options.trainee)
    }

    /// Arrives at a step or an ending, making that point's draws: the say-variant (of the
    /// line for the mood and flags on arrival), then the order of the shown choices.
    fn reach(&mut self, at: At) {
        self.at = Some(at);
        match at {
            At::Step(i) => {
                let step = self.graph.step(i);
                self.steps.push(step.id.get_ref().clone());
                let (line, narration) = self.graph.line(i, self.mood, &self.flags);
                let say = self.draws.pick(&line.0).map_or("", String::as_str);
                let say = self.fill(say);
                let narration = narration.map(|n| self.fill(n.get_ref()));
                let mut order = self.graph.shown(i, &self.flags);
                if self.options.shuffle {
                    self.draws.shuffle(&mut order);
                }
                if let Some(n) = &narration {
                    self.transcript.push(Line::Narration(n.clone()));
                }
                let speaker = self
                    .graph
                    .speaker(i, self.mood, &self.flags)
                    .map(|s| self.fill(s));
                self.transcript.push(match &speaker {
                    Some(who) => Line::Other(who.clone(), say.clone()),
                    None => Line::Customer(say.clone()),
                });
                self.visit = Some(Visit {
                    step: i,
                    narration,
                    say,
                    speaker,
                    order,
                    mood_at_entry: self.mood,
                    hesitated: false,
                });
            }
            At::Ending(e) => {
                self.visit = None;
                let ending = &self.graph.scenario.endings[e];
                let say = self
                    .draws
                    .pick(&ending.say.get_ref().0)
                    .map_or("", String::as_str);
                let say = self.fill(say);
                self.transcript.push(Line::Customer(say));
            }
        }
    }
}
