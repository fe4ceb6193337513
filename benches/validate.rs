//! Validating a library of 1,000 generated scenarios (40 steps each) against parsing the
//! same bytes with `toml` alone, in the same run. Target: validate <= 1.5x the bare parse.
//! Run: cargo bench --bench validate

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::domain::rubric::Rubric;
use frontline::domain::validate::check_bytes;
use std::hint::black_box;

#[path = "support/generate.rs"]
mod generate;

fn library() -> Vec<String> {
    (0..1000).map(|i| generate::scenario(i, 40)).collect()
}

fn bench(c: &mut Criterion) {
    let files = library();
    let rubric = Rubric::builtin();
    for f in &files {
        let checked = check_bytes(f.as_bytes(), &rubric);
        assert!(!checked.has_errors(), "{:?}", checked.findings);
    }
    let mut group = c.benchmark_group("library of 1000 x 40 steps");
    group.sample_size(10);
    group.bench_function("toml parse only (baseline)", |b| {
        b.iter(|| {
            for f in &files {
                black_box(toml::from_str::<toml::Table>(black_box(f)).unwrap());
            }
        })
    });
    group.bench_function("frontline validate", |b| {
        b.iter(|| {
            for f in &files {
                black_box(check_bytes(black_box(f.as_bytes()), &rubric));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
