//! Drives the virtual clock while playing: every tick advances it by the tick times the speed.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::app::state::{Action, LabHandle};

/// Real milliseconds between ticks.
const TICK_MS: u32 = 50;

/// Real milliseconds between the player's steps when it plays.
const STEP_MS: u32 = 1600;

#[hook]
pub fn use_clock(lab: &LabHandle) {
    let dispatcher = lab.dispatcher();
    let (playing, speed) = {
        let l = lab.lab();
        (l.playing, l.speed)
    };
    use_effect_with((playing, speed), move |&(playing, speed)| {
        let interval = playing.then(|| {
            Interval::new(TICK_MS, move || dispatcher.dispatch(Action::Tick(u64::from(TICK_MS) * u64::from(speed))))
        });
        move || drop(interval)
    });
}

/// Moves the player on one step at a time while it plays.
#[hook]
pub fn use_player(lab: &LabHandle) {
    let dispatcher = lab.dispatcher();
    let stepping = lab.lab().stepping;
    use_effect_with(stepping, move |&on| {
        let interval = on.then(|| Interval::new(STEP_MS, move || dispatcher.dispatch(Action::StepOn)));
        move || drop(interval)
    });
}
