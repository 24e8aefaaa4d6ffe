//! Criterion benchmarks of the core (reported in BENCHMARKS.md, never asserted).
//!
//! `cargo bench --bench core` — step throughput on a seeded mixed stream, virtual-time scaling
//! over 1, 10 and 100 days, and the explorer at its default bounds.

use std::hint::black_box;

use confsim::core::config::Config;
use confsim::core::explore::{self, Bounds};
use confsim::core::stream;
use confsim::core::world::World;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn step_throughput(c: &mut Criterion) {
    let events = stream::mixed(42, 100_000);
    let mut g = c.benchmark_group("step");
    g.throughput(Throughput::Elements(events.len() as u64));
    g.sample_size(10);
    g.bench_function("tags only (100k mixed events)", |b| {
        b.iter(|| {
            let mut w = World::new(Config::default());
            let mut n = 0;
            for e in &events {
                n += w.step_tags(e).len();
            }
            black_box(n)
        })
    });
    g.bench_function("full trace lines (100k mixed events)", |b| {
        b.iter(|| {
            let mut w = World::new(Config::default());
            let mut n = 0;
            for (i, e) in events.iter().enumerate() {
                n += w.step(i, e).len();
            }
            black_box(n)
        })
    });
    g.finish();
}

fn virtual_time_scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("virtual time");
    g.sample_size(10);
    for people in [1_000, 4_000] {
        for days in [1, 10, 100] {
            let events = stream::spanning(days, people);
            g.throughput(Throughput::Elements(events.len() as u64));
            g.bench_with_input(
                BenchmarkId::new(format!("{people} participants"), format!("{days} days")),
                &events,
                |b, events| {
                    b.iter(|| {
                        let mut w = World::new(Config::default());
                        for e in events {
                            black_box(w.step_tags(e));
                        }
                        black_box(w.now())
                    })
                },
            );
        }
    }
    g.finish();
}

fn explorer(c: &mut Criterion) {
    let mut g = c.benchmark_group("explore");
    g.sample_size(10);
    g.bench_function("default bounds (depth 5)", |b| b.iter(|| black_box(explore::explore(&Bounds::default()).states)));
    g.finish();
}

criterion_group!(benches, step_throughput, virtual_time_scaling, explorer);
criterion_main!(benches);
