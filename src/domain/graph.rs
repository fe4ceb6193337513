//! A scenario indexed for walking: ids resolved to positions, flags to bits, and the one
//! transition rule (choice -> mood, flags, escalation, next) that runs and searches share.
//!
//! Taking a `critical` choice sets one more bit, after the named flags: a critical error
//! is then part of the state every search keys on, and a run carries it to its ending.

use crate::domain::scenario::{Choice, Condition, Ending, Scenario, Step};
use std::collections::HashMap;

/// Where a run can be: at a step (by index) or at an ending (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum At {
    Step(usize),
    Ending(usize),
}

/// The set of flags set so far, one bit per flag named anywhere in the scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Flags(Vec<u64>);

impl Flags {
    pub fn contains(&self, bit: usize) -> bool {
        self.0
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }

    pub fn insert(&mut self, bit: usize) {
        if self.0.len() <= bit / 64 {
            self.0.resize(bit / 64 + 1, 0);
        }
        self.0[bit / 64] |= 1 << (bit % 64);
    }
}

/// Mood is held within these bounds.
pub const MOOD_MIN: i64 = -100;
pub const MOOD_MAX: i64 = 100;

/// What one choice does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub mood_before: i64,
    pub mood_after: i64,
    pub flags: Flags,
    pub next: At,
    /// True when the step's escalation rule sent the run elsewhere.
    pub escalated: bool,
}

#[derive(Clone)]
pub struct Graph<'s> {
    pub scenario: &'s Scenario,
    ids: HashMap<&'s str, At>,
    flag_bits: HashMap<&'s str, usize>,
    /// The bit a critical choice sets.
    critical_bit: usize,
    /// Where a run goes can depend on its mood: a step escalates or a route reads it.
    mood_routes: bool,
}

impl<'s> Graph<'s> {
    /// Indexes a scenario. Ids that name nothing resolve to `None` later; a checked
    /// scenario (no loader errors) has none.
    pub fn new(scenario: &'s Scenario) -> Graph<'s> {
        let mut ids = HashMap::new();
        for (i, e) in scenario.endings.iter().enumerate() {
            ids.insert(e.id.get_ref().as_str(), At::Ending(i));
        }
        for (i, s) in scenario.steps.iter().enumerate() {
            ids.insert(s.id.get_ref().as_str(), At::Step(i));
        }
        let mut flag_bits = HashMap::new();
        let mut name = |flag: &'s toml::Spanned<String>| {
            let next = flag_bits.len();
            flag_bits.entry(flag.get_ref().as_str()).or_insert(next);
        };
        let mut mood_routes = false;
        for step in &scenario.steps {
            mood_routes |= step.escalation().is_some();
            for line in &step.lines {
                line.when().flag_names().for_each(&mut name);
            }
            for choice in &step.choices {
                choice
                    .requires
                    .iter()
                    .chain(&choice.unless)
                    .chain(&choice.sets)
                    .for_each(&mut name);
                for route in choice.next.get_ref().routes() {
                    mood_routes |= route.when().reads_mood();
                    route.when().flag_names().for_each(&mut name);
                }
            }
        }
        for note in scenario.endings.iter().flat_map(|e| &e.notes) {
            note.when().flag_names().for_each(&mut name);
        }
        let critical_bit = flag_bits.len();
        Graph {
            scenario,
            ids,
            flag_bits,
            critical_bit,
            mood_routes,
        }
    }

    /// True when where a run goes can depend on its mood (a step escalates, or a route
    /// reads the mood); otherwise searches may merge states that differ only in mood.
    pub fn mood_routes(&self) -> bool {
        self.mood_routes
    }

    /// Whether a critical choice has been taken on the way to `flags`.
    pub fn is_critical(&self, flags: &Flags) -> bool {
        flags.contains(self.critical_bit)
    }

    /// Whether `condition` holds at `mood` with `flags`.
    pub fn holds(&self, condition: &Condition, mood: i64, flags: &Flags) -> bool {
        condition.holds(mood, |f| self.is_set(flags, f))
    }

    /// Whether a run that reaches ending `e` with `flags` may pass (the score aside): the
    /// ending counts as a pass and no critical choice was taken.
    pub fn ending_allows_pass(&self, e: usize, flags: &Flags) -> bool {
        self.scenario.endings[e].counts_as_pass() && !self.is_critical(flags)
    }

    /// The customer's line and narration at a step, for the state it is reached in.
    pub fn line(
        &self,
        step: usize,
        mood: i64,
        flags: &Flags,
    ) -> (
        &'s crate::domain::scenario::Say,
        Option<&'s toml::Spanned<String>>,
    ) {
        self.step(step).line_for(mood, |f| self.is_set(flags, f))
    }

    /// Who speaks at a step in a state (`None`: the customer).
    pub fn speaker(&self, step: usize, mood: i64, flags: &Flags) -> Option<&'s str> {
        self.step(step).speaker_for(mood, |f| self.is_set(flags, f))
    }

    /// The ending's notes whose condition holds at the end of a run, in file order.
    pub fn notes(&self, ending: &'s Ending, mood: i64, flags: &Flags) -> Vec<&'s str> {
        ending
            .notes
            .iter()
            .filter(|n| self.holds(&n.when(), mood, flags))
            .map(|n| n.text.get_ref().as_str())
            .collect()
    }

    pub fn resolve(&self, id: &str) -> Option<At> {
        self.ids.get(id).copied()
    }

    pub fn start(&self) -> Option<At> {
        self.resolve(self.scenario.scenario.start.get_ref())
    }

    pub fn step(&self, index: usize) -> &'s Step {
        &self.scenario.steps[index]
    }

    pub fn id(&self, at: At) -> &'s str {
        match at {
            At::Step(i) => self.scenario.steps[i].id.get_ref(),
            At::Ending(i) => self.scenario.endings[i].id.get_ref(),
        }
    }

    pub fn is_set(&self, flags: &Flags, name: &str) -> bool {
        self.flag_bits.get(name).is_some_and(|&b| flags.contains(b))
    }

    /// Sets the flag `name` in `flags`; false (and nothing set) when the scenario never
    /// names it, since nothing could read it.
    pub fn set(&self, flags: &mut Flags, name: &str) -> bool {
        self.flag_bits.get(name).map(|&b| flags.insert(b)).is_some()
    }

    /// Every flag the scenario names (set, required, hidden by or read anywhere).
    pub fn flag_names(&self) -> impl Iterator<Item = &'s str> + '_ {
        self.flag_bits.keys().copied()
    }

    /// Indices of the choices shown at a step, in authored order.
    pub fn shown(&self, step: usize, flags: &Flags) -> Vec<usize> {
        self.step(step)
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_shown(|f| self.is_set(flags, f)))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn choice(&self, step: usize, choice: usize) -> &'s Choice {
        &self.step(step).choices[choice]
    }

    /// Applies a choice: mood moves and is clamped, flags are set, and escalation is
    /// checked after the choice (whether the mood fell or was already low). A hesitation
    /// on a timed step is already in `mood`: a run lowers it, clamped, when time runs out.
    pub fn apply(&self, step: usize, choice: usize, mood: i64, flags: &Flags) -> Option<Move> {
        let s = self.step(step);
        let c = &s.choices[choice];
        let mood_after = (mood + c.mood_change()).clamp(MOOD_MIN, MOOD_MAX);
        let mut flags = flags.clone();
        for f in &c.sets {
            if let Some(&bit) = self.flag_bits.get(f.get_ref().as_str()) {
                flags.insert(bit);
            }
        }
        if c.critical.is_some() {
            flags.insert(self.critical_bit);
        }
        // Escalation wins over any route; routes see the mood and flags after the choice.
        let (next, escalated) = match s.escalation() {
            Some((below, to)) if mood_after < below => (self.resolve(to)?, true),
            _ => {
                let to = c
                    .next
                    .get_ref()
                    .target(mood_after, |f| self.is_set(&flags, f))?;
                (self.resolve(to)?, false)
            }
        };
        Some(Move {
            mood_before: mood,
            mood_after,
            flags,
            next,
            escalated,
        })
    }

    /// Every node one choice away from a step, ignoring flags and mood (for reachability).
    pub fn successors(&self, step: usize) -> Vec<At> {
        let s = self.step(step);
        let mut out: Vec<At> = s
            .choices
            .iter()
            .flat_map(|c| c.next.get_ref().targets())
            .filter_map(|id| self.resolve(id))
            .collect();
        if let Some((_, to)) = s.escalation() {
            out.extend(self.resolve(to));
        }
        out
    }
}
