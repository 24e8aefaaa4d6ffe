//! Criterion benchmarks of the core (reported in BENCHMARKS.md, never asserted).
//!
//! `cargo bench --bench core` — step throughput on a seeded mixed stream, the floor (a bare
//! `match (state, event)` over the ConferenceSession machine, `bench/floor.rs`) beside
//! `World::step_tags` on the XState comparison's session stream, virtual-time scaling over 1, 10
//! and 100 days, and the explorer at its default bounds.

use std::hint::black_box;

use confsim::core::config::Config;
use confsim::core::event::Event;
use confsim::core::explore::{self, Bounds};
use confsim::core::stream;
use confsim::core::world::World;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "../bench/floor.rs"]
mod floor;

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

/// The stream of `bench/xstate` (200,000 session events, 5,000 episodes of 40 from a fresh
/// machine, seed 42) through the floor and through `World::step_tags`, after checking that both
/// end every episode in the same session state.
fn floor_vs_step_tags(c: &mut Criterion) {
    const EPISODE: usize = 40;
    let stream = floor::stream(42, 200_000, EPISODE);
    let episodes: Vec<Vec<Event>> = stream.chunks(EPISODE).map(|c| c.iter().map(|e| e.event()).collect()).collect();
    let config = Config::default();
    for (i, (episode, floor_final)) in episodes.iter().zip(floor::finals(&stream, EPISODE)).enumerate() {
        let mut w = World::new(config.clone());
        for e in episode {
            w.step_tags(e);
        }
        assert_eq!(w.local().session.name(), floor_final.name(), "episode {i} ends elsewhere");
    }
    let mut g = c.benchmark_group("floor");
    g.throughput(Throughput::Elements(stream.len() as u64));
    g.sample_size(10);
    g.bench_function("bare match (200k session events, 5000 episodes)", |b| {
        b.iter(|| floor::run(black_box(&stream), EPISODE))
    });
    g.bench_function("World::step_tags (the same 200k session events)", |b| {
        b.iter(|| {
            let mut n = 0;
            for episode in &episodes {
                let mut w = World::new(config.clone());
                for e in episode {
                    n += w.step_tags(e).len();
                }
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

criterion_group!(benches, step_throughput, floor_vs_step_tags, virtual_time_scaling, explorer);
criterion_main!(benches);
