//! How long a name, an id and a text may be, wherever they come from.
//!
//! The progress store refuses to import an attempt holding more (a hostile export must not
//! fill the store), so a scenario must not hold more either: whatever a run records from
//! it (the customer's name, a line, a choice's words, a step id) has to survive an export
//! and an import. The validator refuses a longer one (`too-long`) and the store's import
//! checks use the same figures.

/// Characters in a name (trainee, customer, class).
pub const NAME: usize = 200;
/// Characters in an id (scenario, step, ending, dimension, tactic).
pub const ID: usize = 100;
/// Characters in a text (a title, what was said, a typed reply).
pub const TEXT: usize = 10_000;
