//! Frontline: a terminal training simulator for front-line service staff.
//!
//! `domain` is the pure core (no terminal or network code); `cli`, `tui` and `lrs` (the
//! HTTP sender of xAPI statements) are layers over it.

pub mod cli;
pub mod domain;
pub mod lrs;
pub mod tui;
