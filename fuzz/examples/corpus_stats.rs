//! The figures of a `step_sequences` corpus for BENCHMARKS.md: inputs, total and largest size,
//! how many events the largest and the longest inputs decode to, how runs end, the slowest input
//! (run natively with the invariants checked after every step, no replay) and the rule tags the
//! corpus applies.
//!
//! `cargo run --release --example corpus_stats -- corpus/step_sequences` (in `fuzz/`).

use std::time::{Duration, Instant};

use confsim::core::tags::Tag;
use confsim_fuzz::End;

struct Input {
    name: String,
    bytes: usize,
    events: usize,
    end: End,
    time: Duration,
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus/step_sequences".into());
    let mut inputs = Vec::new();
    let mut applied = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let data = std::fs::read(&path)?;
        let start = Instant::now();
        let Some(run) = confsim_fuzz::run(&data, |world, _, _| assert!(world.invariant_violations().is_empty())) else {
            continue;
        };
        applied.extend(run.tags.iter().flatten().copied());
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        inputs.push(Input { name, bytes: data.len(), events: run.events.len(), end: run.end, time: start.elapsed() });
    }
    let total: usize = inputs.iter().map(|i| i.bytes).sum();
    println!("{dir}: {} inputs, {total} bytes", inputs.len());
    let show = |what: &str, i: &Input| {
        println!("{what}: {} bytes, {} events, ends {:?}, {:.1?} ({})", i.bytes, i.events, i.end, i.time, i.name)
    };
    if let Some(i) = inputs.iter().max_by_key(|i| (i.bytes, i.events)) {
        show("largest input", i);
    }
    if let Some(i) = inputs.iter().max_by_key(|i| (i.events, i.bytes)) {
        show("most events", i);
    }
    if let Some(i) = inputs.iter().max_by_key(|i| i.time) {
        show("slowest", i);
    }
    inputs.sort_by_key(|i| i.events);
    if let Some(median) = inputs.get(inputs.len() / 2) {
        let limit = inputs.iter().filter(|i| matches!(i.end, End::TimerLimit(_))).count();
        let budget = inputs.iter().filter(|i| i.end == End::Budget).count();
        println!(
            "median events: {}; runs ended by the timer limit: {limit}, by the work budget: {budget}",
            median.events
        );
    }
    let missing: Vec<Tag> = Tag::ALL.iter().copied().filter(|t| !applied.contains(t)).collect();
    println!("tags applied: {} of {}; never: {missing:?}", applied.len(), Tag::ALL.len());
    Ok(())
}
