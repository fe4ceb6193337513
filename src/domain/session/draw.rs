//! Every random draw of a run (the customer's name, say-variants, the order choices are
//! shown in) comes from one seeded generator, in the order the run makes them, so the
//! same seed and the same answers repeat a run exactly.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The run's one source of randomness.
#[derive(Debug, Clone)]
pub struct Draws {
    rng: ChaCha8Rng,
}

impl Draws {
    pub fn new(seed: u64) -> Draws {
        Draws {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// One of `options`, or `None` when there is none. A single option still consumes a
    /// draw, so adding a variant to one line only changes the draws from that line on.
    pub fn pick<'a, T>(&mut self, options: &'a [T]) -> Option<&'a T> {
        if options.is_empty() {
            return None;
        }
        let i = self.rng.random_range(0..options.len());
        options.get(i)
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        items.shuffle(&mut self.rng);
    }
}

/// Fills the placeholders `{customer}` (the form of address), `{customer_full}` (the
/// full name) and `{trainee}` in text that is shown.
pub fn fill(text: &str, customer: &str, customer_full: &str, trainee: &str) -> String {
    // One pass, so a name that itself looks like a placeholder is not filled again.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{customer}") {
            out.push_str(customer);
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{customer_full}") {
            out.push_str(customer_full);
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{trainee}") {
            out.push_str(trainee);
            rest = after;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_sequence() {
        let options = ["a", "b", "c", "d", "e"];
        let sequence = |seed| {
            let mut d = Draws::new(seed);
            let mut order = [1, 2, 3, 4, 5, 6];
            d.shuffle(&mut order);
            let picks: Vec<&str> = (0..20).map(|_| *d.pick(&options).unwrap()).collect();
            (order, picks)
        };
        assert_eq!(sequence(7), sequence(7));
        assert_ne!(sequence(7), sequence(8));
    }

    #[test]
    fn picking_from_nothing_is_none_not_a_panic() {
        let mut d = Draws::new(1);
        assert_eq!(d.pick::<u8>(&[]), None);
        assert_eq!(d.pick(&[9]), Some(&9));
    }

    #[test]
    fn placeholders_are_filled_everywhere_they_appear() {
        assert_eq!(
            fill(
                "Hi {customer}, I'm {trainee}. {customer}?",
                "Dana",
                "Dana Li",
                "Sam"
            ),
            "Hi Dana, I'm Sam. Dana?"
        );
        assert_eq!(
            fill(
                "{customer_full} ({customer})",
                "Ms Raman",
                "Priya Raman",
                "Sam"
            ),
            "Priya Raman (Ms Raman)"
        );
        assert_eq!(
            fill("{unknown} {customer", "Dana", "Dana Li", "Sam"),
            "{unknown} {customer"
        );
        // A name that itself looks like a placeholder is not filled again.
        assert_eq!(fill("{trainee}", "x", "x", "{customer}"), "{customer}");
        assert_eq!(fill("{customer}", "{trainee}", "x", "Sam"), "{trainee}");
        assert_eq!(fill("{{customer}}é", "Zoë", "Zoë", "Sam"), "{Zoë}é");
    }
}
