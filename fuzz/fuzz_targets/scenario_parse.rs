//! Scenario parsing never panics; whatever parses survives writing and reading back, and runs
//! when its advances are short.
#![no_main]

use confsim::core::event::Event;
use confsim::core::{runner, scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(s) = scenario::parse(text) else { return };
    let again = scenario::parse(&s.to_text()).expect("a parsed scenario's own text parses");
    assert_eq!(again, s, "writing and reading back keeps the scenario");
    let _ = scenario::from_link(&scenario::to_link(&s)).expect("its link loads");
    // Run it when it cannot take long: the shortest timer cadence bounds how many lines an
    // advance makes.
    let shortest = s.config.hop.update_interval.min(s.config.signaling_latency.max(1));
    let total: u64 = s.events().map(|e| if let Event::Advance { by } = e { *by } else { 0 }).sum();
    if s.steps.len() <= 64 && total / shortest.max(1) < 20_000 {
        let _ = runner::run(&s);
    }
});
