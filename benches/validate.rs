//! Validating a library of 1,000 generated scenarios (40 steps each) against parsing the
//! same bytes with `toml` alone, in the same run. Target: validate <= 1.5x the bare parse.
//!
//! And `validate` on one file with 30,000 findings (a 15,000-step chain, 908 KB), every
//! finding rendered as the command prints it, against loading the same file as `play`
//! does. Target: validate <= 3x the load (issue 20: it was quadratic, 116 s).
//! Run: cargo bench --bench validate

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::cli::render::SourceFile;
use frontline::domain::rubric::Rubric;
use frontline::domain::validate::{check_bytes, load_bytes};
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

/// What `frontline validate FILE` does: check every rule and render every finding.
fn validate_and_render(bytes: &[u8], rubric: &Rubric) -> usize {
    let checked = check_bytes(bytes, rubric);
    let source = SourceFile::new("many-warnings.toml", &checked.text);
    checked
        .findings
        .iter()
        .map(|f| source.human(f, false).as_str().len())
        .sum()
}

fn many_findings(c: &mut Criterion) {
    let text = generate::warning_chain(15_000);
    let rubric = Rubric::builtin();
    let checked = check_bytes(text.as_bytes(), &rubric);
    assert_eq!(checked.findings.len(), 30_001);
    assert!(!checked.has_errors());
    let mut group = c.benchmark_group("one file, 30,001 findings, 15,000-step chain");
    group.sample_size(10);
    group.bench_function("load as play does (baseline)", |b| {
        b.iter(|| black_box(load_bytes(black_box(text.as_bytes()), &rubric)))
    });
    group.bench_function("frontline validate, every finding rendered", |b| {
        b.iter(|| black_box(validate_and_render(black_box(text.as_bytes()), &rubric)))
    });
    group.finish();
}

criterion_group!(benches, bench, many_findings);
criterion_main!(benches);
