//! The scenario file: its model, how bytes become one, and the rules it must keep.

pub mod check;
pub mod load;
mod model;
pub mod shape;

pub use model::*;
