//! The figures of a `step_sequences` corpus for BENCHMARKS.md: inputs, total and largest size,
//! and how many events the largest and the longest inputs decode to.
//!
//! `cargo run --release --example corpus_stats -- corpus/step_sequences` (in `fuzz/`).

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "corpus/step_sequences".into());
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        files.push((path.clone(), std::fs::read(&path)?));
    }
    let decode = |data: &[u8]| {
        let run = confsim_fuzz::run(data, |_, _, _| {});
        run.map_or((0, false), |r| (r.events.len(), r.limit.is_some()))
    };
    let total: usize = files.iter().map(|(_, d)| d.len()).sum();
    println!("{dir}: {} inputs, {total} bytes", files.len());
    let mut events: Vec<(usize, usize, bool, &PathBuf)> =
        files.iter().map(|(p, d)| (decode(d), d.len(), p)).map(|((n, l), len, p)| (n, len, l, p)).collect();
    if let Some((n, len, limit, p)) = events.iter().max_by_key(|e| (e.1, e.0)) {
        println!("largest input: {len} bytes, {n} events{} ({})", ended(*limit), p.display());
    }
    if let Some((n, len, limit, p)) = events.iter().max_by_key(|e| (e.0, e.1)) {
        println!("most events: {n} events{}, {len} bytes ({})", ended(*limit), p.display());
    }
    events.sort();
    if !events.is_empty() {
        let median = events[events.len() / 2].0;
        let limited = events.iter().filter(|e| e.2).count();
        println!("median events: {median}; inputs ended by the timer limit: {limited}");
    }
    Ok(())
}

fn ended(limit: bool) -> &'static str {
    if limit {
        " (the last one over the timer limit)"
    } else {
        ""
    }
}
