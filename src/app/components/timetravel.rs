//! Time travel: which moment the page shows, and the way back to the present.

use yew::prelude::*;

use crate::app::state::{Action, LabHandle};
use crate::core::duration::clock_text;

/// A plain function, not a component: its parent (the header) is drawn on every change of the lab.
pub fn time_travel(lab: &LabHandle) -> Html {
    let now = crate::app::components::dispatch_on_click(lab, || Action::Select(None));
    let l = lab.lab();
    let Some(past) = &l.past else { return html! {} };
    let (step, steps) = (l.shown_step(), l.scenario.steps.len());
    let entry = l
        .selected
        .map_or_else(|| "before the first entry".to_string(), |i| format!("log entry {} of {}", i + 1, l.lines.len()));
    html! {
        <div class="banner travel" role="status" data-viewing={l.selected.map_or_else(String::new, |i| i.to_string())}>
            <span>{ format!("Viewing {} (after step {step} of {steps}, {entry}). Any way on from here branches.", clock_text(past.now())) }</span>
            <button type="button" data-action="back-to-now" onclick={now}>{ "Back to now" }</button>
        </div>
    }
}
