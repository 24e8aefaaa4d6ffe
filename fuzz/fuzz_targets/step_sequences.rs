//! Structure-aware stepping: a configuration and a long sequence of events read with `arbitrary`
//! (see `confsim_fuzz`), each built by `Event::build` and applied with `step_tags_within` (an
//! `Advance` firing more than `MAX_TIMERS` timers ends the run; so does a run past
//! `MAX_RUN_WORK`). Never panics (debug assertions on: a table row taken from the wrong state
//! panics), keeps every invariant after every step, and replays the same: the same tags step by
//! step, the same end and the same final state.
#![no_main]

use confsim::core::world::World;
use confsim_fuzz::{End, MAX_TIMERS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(run) = confsim_fuzz::run(data, |world, step, event| {
        let violations = world.invariant_violations();
        assert!(violations.is_empty(), "step {step} ({event:?}): {violations:?}");
    }) else {
        return;
    };
    let mut again = World::new(run.config.clone());
    for (step, event) in run.events.iter().enumerate() {
        match (again.step_tags_within(step, event, MAX_TIMERS), run.tags.get(step)) {
            (Ok(tags), Some(first)) => assert_eq!(&tags, first, "step {step} ({event:?}): the replay's tags differ"),
            (Err(limit), None) => assert_eq!(End::TimerLimit(limit), run.end, "step {step}: the replay ends elsewhere"),
            (end, first) => panic!("step {step} ({event:?}): the replay gives {end:?}, the run gave {first:?}"),
        }
    }
    if !matches!(run.end, End::TimerLimit(_)) {
        assert_eq!(again.snapshot(), run.world.snapshot(), "the replay ends in another state");
    }
});
