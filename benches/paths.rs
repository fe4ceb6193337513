//! `frontline paths` on a generated 40-step scenario (three choices a step, flags):
//! it has about 3^40 paths, so the walk must stop at its bound (10,000 paths) quickly.
//! Baseline in the same run: parsing the scenario. Run: cargo bench --bench paths

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::domain::graph::Graph;
use frontline::domain::paths::{DEFAULT_LIMIT, walk};
use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::load;
use frontline::domain::scoring::Dimensions;
use std::hint::black_box;

#[path = "support/generate.rs"]
mod generate;

fn bench(c: &mut Criterion) {
    let text = generate::scenario(0, 40);
    let scenario = load::parse(&text).unwrap();
    let rubric = Rubric::builtin();
    let graph = Graph::new(&scenario);
    let dims = Dimensions::for_scenario(&rubric, &scenario);
    let w = walk(&graph, &dims, DEFAULT_LIMIT);
    assert!(!w.complete && w.paths.len() == DEFAULT_LIMIT);

    let mut group = c.benchmark_group("paths, 40 steps");
    group.bench_function("parse the scenario (baseline)", |b| {
        b.iter(|| black_box(load::parse(black_box(&text)).unwrap()))
    });
    group.bench_function("walk to the 10,000-path bound", |b| {
        b.iter(|| black_box(walk(&graph, &dims, DEFAULT_LIMIT)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
