//! Any bytes through the whole scenario check: decode, parse, loader rules, warnings
//! (including the best-path search). A panic or a hang is a bug.
#![no_main]

use frontline::domain::rubric::Rubric;
use frontline::domain::validate::check_bytes;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static RUBRIC: OnceLock<Rubric> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let rubric = RUBRIC.get_or_init(Rubric::builtin);
    let checked = check_bytes(data, rubric);
    assert!(checked.scenario.is_some() || checked.has_errors());
});
