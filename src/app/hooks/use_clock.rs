//! Drives the virtual clock while playing: every tick advances it by the tick times the speed.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::app::state::{Action, LabHandle};

/// Real milliseconds between ticks.
const TICK_MS: u32 = 50;

#[hook]
pub fn use_clock(lab: &LabHandle) {
    let dispatcher = lab.dispatcher();
    use_effect_with((lab.playing, lab.speed), move |&(playing, speed)| {
        let interval = playing.then(|| {
            Interval::new(TICK_MS, move || dispatcher.dispatch(Action::Tick(u64::from(TICK_MS) * u64::from(speed))))
        });
        move || drop(interval)
    });
}
