//! How well the built-in rubric's points agree with a trainer's labels.
//!
//! tests/data/replies.csv holds replies labelled good / neutral / poor on each dimension.
//! For each dimension, over every pair of replies with different labels, the pairwise
//! ordering accuracy is the fraction the scorer orders the same way (a tie counts half).
//! It is computed over every pair in the file (held to 0.85, as the issue asks) and per
//! split (see [`SPLITS`]): the cues were written from every split but
//! `heldout`, which shows how the rubric does on replies by another hand that nobody
//! looked at while writing cues. `cargo test --test scorer_agreement -- --nocapture`
//! prints them all; `FRONTLINE_TUNING_REPORT=1` also lists the rows the cues were written
//! from whose points have the wrong sign for their label (never the held-out ones).

use frontline::domain::rubric::{Context, Rubric, Scored, Scorer};

const DIMENSIONS: [&str; 3] = ["listening", "non_defensive", "courtesy"];

/// `tuning`: cues were written while looking at these. `first-heldout`: held out until
/// stop 9, looked at since. `second-heldout` to `fourth-heldout`: each written by another
/// hand that never saw the rubric, measured once with the rubric frozen, looked at since.
/// `heldout`: written the same way, never looked at.
const SPLITS: [&str; 6] = [
    "tuning",
    "first-heldout",
    "second-heldout",
    "third-heldout",
    "fourth-heldout",
    "heldout",
];

struct Row {
    id: String,
    split: String,
    customer: String,
    said: String,
    reply: String,
    labels: [i64; 3],
}

fn rank(label: &str) -> i64 {
    match label {
        "good" => 2,
        "neutral" => 1,
        "poor" => 0,
        other => panic!("unknown label {other:?}"),
    }
}

fn rows() -> Vec<Row> {
    let mut reader = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/replies.csv"
    ))
    .unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Row {
                id: r[0].to_owned(),
                split: r[2].to_owned(),
                customer: r[3].to_owned(),
                said: r[4].to_owned(),
                reply: r[5].to_owned(),
                labels: [rank(&r[6]), rank(&r[7]), rank(&r[8])],
            }
        })
        .collect()
}

/// Pairwise ordering accuracy of `points` against `labels`, ties counting half.
fn pairwise(items: &[(i64, i64)]) -> f64 {
    let (mut agree, mut pairs) = (0.0, 0u32);
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            if a.0 == b.0 {
                continue;
            }
            pairs += 1;
            let label = (a.0 - b.0).signum();
            let points = (a.1 - b.1).signum();
            agree += if points == 0 {
                0.5
            } else if points == label {
                1.0
            } else {
                0.0
            };
        }
    }
    agree / f64::from(pairs)
}

#[test]
fn scorer_agrees_with_the_trainer_labels() {
    let scorer = Scorer::new(&Rubric::builtin()).unwrap();
    let rows = rows();
    assert!(rows.len() >= 150, "{} rows", rows.len());
    let scored: Vec<Scored> = rows
        .iter()
        .map(|r| {
            let ctx = Context {
                customer: Some(&r.customer),
                said: Some(&r.said),
            };
            scorer.score(&r.reply, &ctx)
        })
        .collect();

    let report = std::env::var_os("FRONTLINE_TUNING_REPORT").is_some();
    // Every pair in the file, whatever its split: what the issue asks of the scorer.
    for (d, dimension) in DIMENSIONS.iter().enumerate() {
        let items: Vec<(i64, i64)> = rows
            .iter()
            .zip(&scored)
            .map(|(r, s)| (r.labels[d], s.get(dimension)))
            .collect();
        let accuracy = pairwise(&items);
        println!(
            "{:14} n={:3} {dimension:14} pairwise ordering accuracy {accuracy:.3}",
            "all rows",
            rows.len()
        );
        assert!(
            accuracy >= 0.85,
            "all rows {dimension}: {accuracy:.3} < 0.85"
        );
    }
    let mut figures = Vec::new();
    for split in SPLITS {
        let n = rows.iter().filter(|r| r.split == split).count();
        if n == 0 {
            continue;
        }
        for (d, dimension) in DIMENSIONS.iter().enumerate() {
            let items: Vec<(i64, i64)> = rows
                .iter()
                .zip(&scored)
                .filter(|(r, _)| r.split == split)
                .map(|(r, s)| (r.labels[d], s.get(dimension)))
                .collect();
            let accuracy = pairwise(&items);
            println!("{split:14} n={n:3} {dimension:14} pairwise ordering accuracy {accuracy:.3}");
            figures.push((split, *dimension, accuracy));
        }
    }
    if report {
        for (r, s) in rows
            .iter()
            .zip(&scored)
            .filter(|(r, _)| r.split != "heldout")
        {
            for (d, dimension) in DIMENSIONS.iter().enumerate() {
                let points = s.get(dimension);
                let expected = r.labels[d] - 1;
                if points.signum() != expected {
                    let cues: Vec<String> = s
                        .cues
                        .iter()
                        .filter(|c| *c.dimension == **dimension)
                        .map(|c| format!("{}{:+}[{}]", c.id, c.points, c.matched))
                        .collect();
                    println!(
                        "{} {dimension} label {expected:+} got {points:+} {cues:?}\n    {}",
                        r.id, r.reply
                    );
                }
            }
        }
    }
    for (split, dimension, accuracy) in figures {
        let floor = if split == "heldout" {
            heldout_floor(dimension)
        } else {
            0.85
        };
        assert!(
            accuracy >= floor,
            "{split} {dimension}: {accuracy:.3} < {floor}"
        );
    }
    assert!(
        rows.iter().filter(|r| r.split == "heldout").count() >= 90,
        "the never-seen rows are missing"
    );
}

/// What the never-seen rows are held to. The target is 0.85, as for every row the cues
/// were written from. Courtesy reaches it (0.879); listening (0.788) and non_defensive
/// (0.766) do not on replies by another hand (docs/scoring.md), so for those two the
/// assertion guards against a regression instead of claiming the target.
fn heldout_floor(dimension: &str) -> f64 {
    match dimension {
        "listening" => 0.77,
        "non_defensive" => 0.75,
        _ => 0.85,
    }
}

/// How far two labellers agree, by the same measure: tests/data/relabels.csv holds a
/// second, blind labelling of the second- and third-heldout rows. It is the ceiling a
/// scorer can be expected to reach against one labeller.
#[test]
fn a_second_labeller_agrees_with_the_first() {
    let rows = rows();
    let mut reader = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/relabels.csv"
    ))
    .unwrap();
    let second: Vec<(String, [i64; 3])> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), [rank(&r[1]), rank(&r[2]), rank(&r[3])])
        })
        .collect();
    assert!(second.len() >= 140, "{} relabelled rows", second.len());
    for (d, dimension) in DIMENSIONS.iter().enumerate() {
        let items: Vec<(i64, i64)> = second
            .iter()
            .map(|(id, labels)| {
                let first = rows.iter().find(|r| &r.id == id).expect("a known id");
                (first.labels[d], labels[d])
            })
            .collect();
        let accuracy = pairwise(&items);
        println!(
            "second labeller n={} {dimension:14} pairwise agreement {accuracy:.3}",
            items.len()
        );
        assert!(accuracy >= 0.85, "{dimension}: {accuracy:.3}");
    }
}
