//! The trainer's screen (placeholder until the projector view lands in this branch).

use crate::class::room::{ClassEvent, Room};

pub fn run(
    _room: &Room,
    _join: &str,
    _every: bool,
    _rx: &std::sync::mpsc::Receiver<ClassEvent>,
) -> std::io::Result<()> {
    unimplemented!()
}
