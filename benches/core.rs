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

/// The mixed stream as it was drawn before the event vocabulary was written once (2026-11): the
/// same events on the same seed, so today's core is measured against the figures recorded then.
fn legacy_mixed(seed: u64, n: usize) -> Vec<Event> {
    use confsim::core::duration::{DAY, SECOND};
    use confsim::core::event::{Arrival, JoinOptions};
    use confsim::core::model::{Identity, Kind, Modality};
    let mut rng = stream::Seeded::new(seed);
    let kinds = Kind::ALL;
    (0..n)
        .map(|_| {
            let id = format!("p{}", rng.below(64));
            match rng.below(24) {
                0 => Event::BeginJoin(JoinOptions {
                    identity: if rng.below(3) == 0 { Identity::Federated } else { Identity::Enterprise },
                    ..JoinOptions::default()
                }),
                1 => Event::JoinResponse,
                2 => Event::FocusFailover,
                3 => Event::ReconnectSucceeded,
                4 => Event::DialogRecovery,
                5 => Event::RouteHealed,
                6 => Event::LeaderAdmits,
                7 => Event::BeginTerminate,
                8 => Event::BeginLockConference,
                9 => Event::BeginUnlockConference,
                10 => Event::McuFailover { modality: Modality::ALL[rng.below(2) as usize] },
                11 => Event::BeginEject { participant: id },
                12 => Event::BeginAdmitLobbyParticipants { participants: vec![id] },
                13 => Event::LeaderDenies,
                14 => Event::HopFailure,
                15 => Event::BeginEstablishMcuCall { modality: Modality::AudioVideo },
                16..=19 => Event::ParticipantJoins(Arrival {
                    participant: id,
                    kind: kinds[rng.below(kinds.len() as u64) as usize],
                    invited: true,
                    leader: false,
                    organizer: false,
                }),
                20 | 21 => Event::ParticipantLeaves { participant: id },
                _ => Event::Advance {
                    by: [SECOND, 5 * SECOND, 60 * SECOND, 30 * 60 * SECOND, DAY][rng.below(5) as usize],
                },
            }
        })
        .collect()
}

/// Today's core on the 2026-11 stream: compare with `step/…` measured by the core of then.
fn step_on_the_legacy_stream(c: &mut Criterion) {
    let events = legacy_mixed(42, 100_000);
    let mut g = c.benchmark_group("step-2026-11-stream");
    g.throughput(Throughput::Elements(events.len() as u64));
    g.sample_size(10);
    g.bench_function("tags only", |b| {
        b.iter(|| {
            let mut w = World::new(Config::default());
            black_box(events.iter().map(|e| w.step_tags(e).len()).sum::<usize>())
        })
    });
    g.bench_function("full trace lines", |b| {
        b.iter(|| {
            let mut w = World::new(Config::default());
            black_box(events.iter().enumerate().map(|(i, e)| w.step(i, e).len()).sum::<usize>())
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

criterion_group!(
    benches,
    step_on_the_legacy_stream,
    step_throughput,
    floor_vs_step_tags,
    virtual_time_scaling,
    explorer
);
criterion_main!(benches);
