//! The courtesy cues against human politeness ratings (Stanford Politeness Corpus,
//! Wikipedia requests; Apache-2.0, see tests/data/politeness/README.md).
//!
//! As in the paper's binary task, the requests in the top quarter of Normalized Score are
//! "polite" and those in the bottom quarter "impolite"; the AUC is the chance that a
//! polite request gets more courtesy points than an impolite one (a tie counts half).
//! `cargo test --test politeness_auc -- --nocapture` prints it.

use frontline::domain::rubric::{Context, Rubric, Scorer};

fn auc(positive: &[i64], negative: &[i64]) -> f64 {
    let mut wins = 0.0;
    for p in positive {
        for n in negative {
            wins += match p.cmp(n) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    wins / (positive.len() as f64 * negative.len() as f64)
}

#[test]
fn courtesy_points_separate_polite_from_impolite_requests() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/politeness/wikipedia.annotated.csv"
    );
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let request = headers.iter().position(|h| h == "Request").unwrap();
    let score = headers
        .iter()
        .position(|h| h == "Normalized Score")
        .unwrap();
    let mut rows: Vec<(f64, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[score].trim().parse().unwrap(), r[request].to_owned())
        })
        .collect();
    assert!(rows.len() > 4000, "{} rows", rows.len());
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let quarter = rows.len() / 4;
    let scorer = Scorer::new(&Rubric::builtin()).unwrap();
    let courtesy = |rows: &[(f64, String)]| -> Vec<i64> {
        rows.iter()
            .map(|(_, text)| scorer.score(text, &Context::default()).get("courtesy"))
            .collect()
    };
    let impolite = courtesy(&rows[..quarter]);
    let polite = courtesy(&rows[rows.len() - quarter..]);
    let auc = auc(&polite, &impolite);
    let mean = |v: &[i64]| v.iter().sum::<i64>() as f64 / v.len() as f64;
    println!(
        "politeness: {} requests a quarter; mean courtesy polite {:+.2}, impolite {:+.2}; AUC {auc:.3}",
        quarter,
        mean(&polite),
        mean(&impolite)
    );
    assert!(auc >= 0.80, "AUC {auc:.3} < 0.80");
}
