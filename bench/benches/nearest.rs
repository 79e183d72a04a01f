//! The in-memory index at national scale: nearest-10 among 700,000 institutions.
//! Budget (issue 3): under 50 µs per query in process. Run: `cargo bench -p bench`.

use std::hint::black_box;
use std::time::Instant;

use app::backend::institutions::index::InstitutionIndex;
use app::domain::institution::Service;
use bench::{index_points, positions};
use criterion::{criterion_group, criterion_main, Criterion};

const NATIONAL: usize = 700_000;

fn nearest(c: &mut Criterion) {
    // A duration measured, not a time of day: the monotonic clock is what this needs.
    #[allow(clippy::disallowed_methods)]
    let started = Instant::now();
    let index = InstitutionIndex::build(index_points(NATIONAL));
    eprintln!(
        "built the {NATIONAL}-institution index in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let queries = positions(1024, true, 99);

    let mut group = c.benchmark_group("nearest_700k");
    let mut i = 0;
    group.bench_function("nearest_10", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(index.nearest(black_box(queries[i]), 10, None))
        })
    });
    // One institution in 20 offers 职业培训: the search walks further to find ten.
    group.bench_function("nearest_10_training", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(index.nearest(black_box(queries[i]), 10, Some(Service::Training)))
        })
    });
    group.finish();
}

criterion_group!(benches, nearest);
criterion_main!(benches);
