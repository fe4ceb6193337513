//! The room: what every connection of a class shares. Who is in (the roster, one seat a
//! connection), what each decision's answers were (the tallies the projector shows), who
//! is locked out for guessing the code, and the events that the dashboard or the headless
//! log report.
//!
//! A trainee's name is held by one seat at a time: a second connection giving the same
//! name takes it over (a trainee whose laptop dropped the link comes back before the server
//! noticed), and waits for the first to let go, so an attempt always has one writer.

use crate::domain::library::Library;
use crate::domain::rubric::Rubric;
use crate::domain::scenario::Scenario;
use crate::domain::scoring::Dimensions;
use crate::domain::session::{Mode, MoodBand};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Wrong codes from one address, within [`FAILURE_WINDOW`], that lock it out.
pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(60);
/// How long an address stays locked out.
pub const LOCKOUT: Duration = Duration::from_secs(60);

/// How trainees move through the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Pace {
    /// Each trainee at their own speed.
    #[default]
    #[value(name = "self")]
    SelfPaced,
    /// The trainer opens each decision and reveals the room's answers.
    Together,
}

/// The class's settings, the same for every trainee.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The class's id, kept with every attempt.
    pub class_id: String,
    pub code: String,
    pub pace: Pace,
    pub mode: Mode,
    pub free_text: bool,
    pub seed: Option<u64>,
    pub shuffle: bool,
    pub max_trainees: usize,
    /// The progress store every attempt is recorded in.
    pub store_path: std::path::PathBuf,
}

/// Something that happened in the class, as the headless log writes it (one JSON object a
/// line) and the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum ClassEvent {
    Joined {
        seat: u64,
        trainee: String,
        from: String,
    },
    Answered {
        seat: u64,
        trainee: String,
        scenario: String,
        step: String,
        /// 1-based, in the run.
        decision: usize,
        /// The choice taken, 1-based as authored.
        choice: usize,
        /// Whether it is the step's best choice.
        best: bool,
        mood: String,
    },
    Finished {
        seat: u64,
        trainee: String,
        scenario: String,
        ending: String,
        passed: bool,
        overall: Option<f64>,
    },
    Left {
        seat: u64,
        trainee: Option<String>,
        reason: String,
    },
    Refused {
        from: String,
        reason: String,
    },
}

/// One connection's place in the roster.
#[derive(Debug, Clone, Default)]
pub struct Seat {
    pub name: Option<String>,
    pub from: String,
    pub scenario: Option<String>,
    /// Answers given in the run on screen.
    pub decisions: usize,
    pub mood: Option<MoodBand>,
    /// The weighted overall so far.
    pub score: Option<f64>,
    pub finished: bool,
    pub passed: Option<bool>,
    /// Set to make this seat's session end (the class ended, its name was taken over).
    pub stop: Arc<AtomicBool>,
}

/// How many took each choice of one step (authored order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub counts: Vec<u64>,
}

#[derive(Debug, Default)]
pub struct RoomState {
    pub seats: BTreeMap<u64, Seat>,
    next_seat: u64,
    /// (scenario, step) to the answers given there.
    pub tallies: BTreeMap<(String, String), Tally>,
    /// Decisions in the order they were first answered, for the dashboard's focus.
    pub decision_order: Vec<(String, String)>,
    failures: HashMap<IpAddr, Vec<Instant>>,
    locked: HashMap<IpAddr, Instant>,
    /// Seats whose session has ended, for those waiting to take a name over.
    pub events_log: Vec<ClassEvent>,
}

/// Everything a class's connections share.
pub struct Room {
    pub settings: Settings,
    pub library: Library,
    pub rubric: Rubric,
    /// The shared conversation, in together pace.
    pub together: Option<crate::class::together::Together>,
    state: Mutex<RoomState>,
    changed: Condvar,
    ended: AtomicBool,
    events: Mutex<Option<std::sync::mpsc::Sender<ClassEvent>>>,
}

/// Events kept for the dashboard's log.
const LOG_KEPT: usize = 200;

impl Room {
    pub fn new(settings: Settings, library: Library, rubric: Rubric) -> Room {
        let together =
            (settings.pace == Pace::Together).then(crate::class::together::Together::default);
        Room {
            settings,
            library,
            rubric,
            together,
            state: Mutex::new(RoomState::default()),
            changed: Condvar::new(),
            ended: AtomicBool::new(false),
            events: Mutex::new(None),
        }
    }

    /// Sends every event from now on to `tx` too.
    pub fn report_to(&self, tx: std::sync::mpsc::Sender<ClassEvent>) {
        *self.events.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
    }

    pub fn state(&self) -> MutexGuard<'_, RoomState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn event(&self, event: ClassEvent) {
        {
            let mut state = self.state();
            state.events_log.push(event.clone());
            if state.events_log.len() > LOG_KEPT {
                state.events_log.remove(0);
            }
        }
        if let Some(tx) = &*self.events.lock().unwrap_or_else(|e| e.into_inner()) {
            let _ = tx.send(event);
        }
    }

    /// The class is over: every session is told and ends.
    pub fn end(&self) {
        self.ended.store(true, Ordering::SeqCst);
        for seat in self.state().seats.values() {
            seat.stop.store(true, Ordering::SeqCst);
        }
    }

    pub fn has_ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// Trainees connected now (a seat per shell).
    pub fn seated(&self) -> usize {
        self.state().seats.len()
    }

    /// A seat for a new shell, or `None` when the class is full.
    pub fn sit(&self, from: &str) -> Option<(u64, Arc<AtomicBool>)> {
        let mut state = self.state();
        if state.seats.len() >= self.settings.max_trainees || self.has_ended() {
            return None;
        }
        state.next_seat += 1;
        let id = state.next_seat;
        let seat = Seat {
            from: from.to_owned(),
            ..Seat::default()
        };
        let stop = seat.stop.clone();
        state.seats.insert(id, seat);
        Some((id, stop))
    }

    /// The seat's session has ended.
    pub fn leave(&self, seat: u64) {
        self.state().seats.remove(&seat);
        self.changed.notify_all();
    }

    /// Gives `name` to `seat`: a seat already holding it is told to stop, and this waits
    /// (a few seconds at most) until it has gone, so its attempt has one writer.
    pub fn claim(&self, seat: u64, name: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut state = self.state();
        loop {
            let holder = state
                .seats
                .iter()
                .find(|(id, s)| **id != seat && s.name.as_deref() == Some(name))
                .map(|(id, s)| (*id, s.stop.clone()));
            let Some((_, stop)) = holder else { break };
            stop.store(true, Ordering::SeqCst);
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            state = self
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        if let Some(s) = state.seats.get_mut(&seat) {
            s.name = Some(name.to_owned());
        }
    }

    /// Changes what the roster shows of `seat`.
    pub fn update(&self, seat: u64, f: impl FnOnce(&mut Seat)) {
        if let Some(s) = self.state().seats.get_mut(&seat) {
            f(s);
        }
    }

    /// Counts an answer: choice `choice` (authored index) at `step` of `scenario`.
    pub fn tally(&self, scenario: &str, step: &str, choice: usize, choices: usize) {
        let mut state = self.state();
        let key = (scenario.to_owned(), step.to_owned());
        if !state.tallies.contains_key(&key) {
            state.decision_order.push(key.clone());
        }
        let tally = state.tallies.entry(key).or_default();
        if tally.counts.len() < choices.max(choice + 1) {
            tally.counts.resize(choices.max(choice + 1), 0);
        }
        tally.counts[choice] += 1;
    }

    /// True while `ip` may not try the code.
    pub fn locked_out(&self, ip: IpAddr, now: Instant) -> bool {
        let mut state = self.state();
        match state.locked.get(&ip) {
            Some(&until) if now < until => true,
            Some(_) => {
                state.locked.remove(&ip);
                false
            }
            None => false,
        }
    }

    /// A wrong code from `ip`; true when it locks the address out.
    pub fn failed(&self, ip: IpAddr, now: Instant) -> bool {
        let mut state = self.state();
        let recent = state.failures.entry(ip).or_default();
        recent.retain(|&t| now.saturating_duration_since(t) < FAILURE_WINDOW);
        recent.push(now);
        if recent.len() >= MAX_FAILURES {
            recent.clear();
            state.locked.insert(ip, now + LOCKOUT);
            return true;
        }
        false
    }

    /// The scenarios of the class, in library order.
    pub fn scenarios(&self) -> impl Iterator<Item = &Scenario> {
        self.library.scenarios()
    }
}

/// The points of `step`'s choice `choice` (authored index) over the dimensions, weighted
/// as the scenario's overall weighs them ([`Dimensions::weighted`]).
pub fn choice_points(scenario: &Scenario, rubric: &Rubric, step: &str, choice: usize) -> f64 {
    scenario
        .step(step)
        .and_then(|s| s.choices.get(choice))
        .map_or(f64::NEG_INFINITY, |c| {
            Dimensions::for_scenario(rubric, scenario).weighted(c)
        })
}

/// The index of `step`'s best choice in `scenario` (authored order): the most points
/// ([`choice_points`]); the first of equals, as the class debrief's answer key.
pub fn best_choice(scenario: &Scenario, rubric: &Rubric, step: &str) -> Option<usize> {
    let step = scenario.step(step)?;
    Dimensions::for_scenario(rubric, scenario)
        .best_of(&step.choices)
        .first()
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(max: usize) -> Room {
        let settings = Settings {
            class_id: "c".into(),
            code: "123456".into(),
            pace: Pace::SelfPaced,
            mode: Mode::Coach,
            free_text: false,
            seed: None,
            shuffle: true,
            max_trainees: max,
            store_path: "unused".into(),
        };
        Room::new(settings, Library::default(), Rubric::builtin())
    }

    #[test]
    fn five_wrong_codes_in_a_minute_lock_the_address_out_for_a_minute() {
        let room = room(60);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        for i in 0..4 {
            assert!(!room.failed(ip, t0 + Duration::from_secs(i)));
        }
        assert!(!room.locked_out(ip, t0 + Duration::from_secs(4)));
        assert!(room.failed(ip, t0 + Duration::from_secs(5)));
        assert!(room.locked_out(ip, t0 + Duration::from_secs(6)));
        assert!(!room.locked_out(other, t0 + Duration::from_secs(6)));
        assert!(!room.locked_out(ip, t0 + Duration::from_secs(66)));
        // Failures spread over more than a minute never lock.
        for i in 0..10 {
            assert!(!room.failed(other, t0 + Duration::from_secs(20 * i)));
        }
    }

    #[test]
    fn the_room_is_full_at_its_maximum_and_a_seat_frees_a_place() {
        let room = room(2);
        let (a, _) = room.sit("x").unwrap();
        room.sit("x").unwrap();
        assert!(room.sit("x").is_none());
        room.leave(a);
        assert!(room.sit("x").is_some());
    }

    #[test]
    fn a_name_claimed_again_stops_its_holder_first() {
        let room = Arc::new(room(10));
        let (first, stop) = room.sit("x").unwrap();
        room.claim(first, "Sam");
        let (second, _) = room.sit("x").unwrap();
        let r = room.clone();
        let watcher = std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(5));
            }
            r.leave(first);
        });
        room.claim(second, "Sam");
        watcher.join().unwrap();
        let state = room.state();
        assert_eq!(state.seats.len(), 1);
        assert_eq!(state.seats[&second].name.as_deref(), Some("Sam"));
    }
}
