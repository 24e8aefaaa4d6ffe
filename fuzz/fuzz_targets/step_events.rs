//! Arbitrary configurations and event sequences never panic (debug assertions on: a table row
//! taken from the wrong state panics) and keep every invariant after every step.
#![no_main]

use confsim::core::stream;
use confsim::core::world::World;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (config, events) = stream::from_bytes(data);
    let mut world = World::new(config);
    for (i, event) in events.iter().enumerate() {
        let _ = world.judge(event);
        world.step(i, event);
        let violations = world.invariant_violations();
        assert!(violations.is_empty(), "step {i} ({event:?}): {violations:?}");
    }
});
