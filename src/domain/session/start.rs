//! Where a trainer's preview begins (`play --from STEP --set FLAG --mood N`): a step
//! instead of the scenario's start, flags already set, a mood instead of the customer's
//! starting one. Each part is optional; the default is an ordinary run. A preview is
//! checked against its scenario before it starts ([`Start::check`]): a step that is no
//! step, a flag the file never names (nothing could read it, so it is a typo) or a mood
//! outside the scale is refused with the reason, rather than quietly ignored.

use crate::domain::finding::did_you_mean;
use crate::domain::graph::{Graph, MOOD_MAX, MOOD_MIN};
use crate::domain::scenario::Scenario;
use std::fmt;

/// The state a run begins in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Start {
    /// The step to begin at; `None`: the scenario's start.
    pub step: Option<String>,
    /// Flags set before the first line.
    pub flags: Vec<String>,
    /// The customer's mood at the first line; `None`: as the scenario says.
    pub mood: Option<i64>,
}

impl Start {
    /// A preview from `step`, nothing else changed.
    pub fn at(step: &str) -> Start {
        Start {
            step: Some(step.to_owned()),
            ..Start::default()
        }
    }

    /// True when the run begins as an ordinary one would.
    pub fn is_ordinary(&self) -> bool {
        self == &Start::default()
    }

    /// Every reason this start cannot be played on `scenario`, in the order the flags
    /// are given: the step, then each flag, then the mood.
    pub fn check(&self, scenario: &Scenario) -> Vec<StartError> {
        let graph = Graph::new(scenario);
        let mut errors = Vec::new();
        if let Some(step) = &self.step {
            let is_step = scenario.steps.iter().any(|s| s.id.get_ref() == step);
            if !is_step {
                let ending = scenario.endings.iter().any(|e| e.id.get_ref() == step);
                let ids = scenario.steps.iter().map(|s| s.id.get_ref().as_str());
                errors.push(StartError::Step {
                    step: step.clone(),
                    ending,
                    close: did_you_mean(step, ids).map(str::to_owned),
                });
            }
        }
        for flag in &self.flags {
            if !graph.flag_names().any(|f| f == flag) {
                let mut names: Vec<&str> = graph.flag_names().collect();
                names.sort_unstable();
                errors.push(StartError::Flag {
                    flag: flag.clone(),
                    close: did_you_mean(flag, names.iter().copied()).map(str::to_owned),
                    known: names.iter().map(|n| (*n).to_owned()).collect(),
                });
            }
        }
        if let Some(mood) = self.mood
            && !(MOOD_MIN..=MOOD_MAX).contains(&mood)
        {
            errors.push(StartError::Mood(mood));
        }
        errors
    }

    /// The start in a few words, for a preview's header: "from `found-it`, with
    /// `asked-hold` set, mood -20".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(step) = &self.step {
            parts.push(format!("from `{step}`"));
        }
        if !self.flags.is_empty() {
            let flags: Vec<String> = self.flags.iter().map(|f| format!("`{f}`")).collect();
            parts.push(format!("with {} set", flags.join(", ")));
        }
        if let Some(mood) = self.mood {
            parts.push(format!("mood {mood}"));
        }
        parts.join(", ")
    }
}

/// Why a preview cannot start where it was asked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// No step has this id (`ending`: an ending has it, and a run cannot begin at one).
    Step {
        step: String,
        ending: bool,
        close: Option<String>,
    },
    /// The file never names this flag: nothing sets or reads it.
    Flag {
        flag: String,
        close: Option<String>,
        known: Vec<String>,
    },
    /// A mood outside -100..=100.
    Mood(i64),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Step {
                step, ending: true, ..
            } => write!(
                f,
                "`{step}` is an ending, and a preview begins at a step; give the id of a step that leads to it"
            ),
            StartError::Step { step, close, .. } => {
                write!(f, "the scenario has no step `{step}`")?;
                match close {
                    Some(c) => write!(f, "; did you mean `{c}`?"),
                    None => f.write_str("; `frontline graph FILE` shows every step's id"),
                }
            }
            StartError::Flag { flag, close, known } => {
                write!(
                    f,
                    "no choice or line of the scenario sets or reads the flag `{flag}`, so setting it would change nothing"
                )?;
                match (close, known.is_empty()) {
                    (Some(c), _) => write!(f, "; did you mean `{c}`?"),
                    (None, true) => f.write_str("; the scenario uses no flags"),
                    (None, false) => write!(f, "; its flags are {}", quoted(known)),
                }
            }
            StartError::Mood(mood) => write!(
                f,
                "a mood of {mood} is off the scale; give a whole number from {MOOD_MIN} (furious) to {MOOD_MAX} (delighted)"
            ),
        }
    }
}

impl std::error::Error for StartError {}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
