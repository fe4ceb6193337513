//! `frontline audit` of the whole shipped library (every path of every scenario, exactly),
//! against `frontline paths` walking the same files in the same run (the baseline: the
//! plain walk the audit's is a superset of). Run: cargo bench --bench audit

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::domain::audit::audit;
use frontline::domain::graph::Graph;
use frontline::domain::library::Library;
use frontline::domain::paths::{DEFAULT_LIMIT, walk};
use frontline::domain::rubric::Rubric;
use frontline::domain::scenario::Scenario;
use frontline::domain::scoring::Dimensions;
use std::hint::black_box;
use std::path::PathBuf;

fn bench(c: &mut Criterion) {
    let rubric = Rubric::builtin();
    let library = Library::from_paths(
        &[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")],
        &rubric,
    );
    let scenarios: Vec<&Scenario> = library.scenarios().collect();
    assert!(scenarios.len() >= 12);
    for s in &scenarios {
        assert!(audit(s, &rubric).complete, "{} was cut", s.id());
    }

    let mut group = c.benchmark_group("the shipped library");
    group.bench_function("paths of every scenario (baseline)", |b| {
        b.iter(|| {
            for s in &scenarios {
                let graph = Graph::new(s);
                let dims = Dimensions::for_scenario(&rubric, s);
                black_box(walk(&graph, &dims, DEFAULT_LIMIT));
            }
        })
    });
    group.bench_function("audit of every scenario", |b| {
        b.iter(|| {
            for s in &scenarios {
                black_box(audit(s, &rubric));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
