//! Frontline: a terminal training simulator for front-line service staff.
//!
//! `domain` is the pure core (no terminal code); `cli` and `tui` are layers over it.

pub mod cli;
pub mod domain;
pub mod tui;
