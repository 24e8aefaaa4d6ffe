//! Every running timer: id, rule, remaining virtual time and a bar that shrinks to zero.

use yew::prelude::*;

use crate::app::components::rule::rule_tag;
use crate::app::state::LabHandle;
use crate::core::duration::{seconds_json, short_text};

/// A plain function, not a component: its parent (the App) is drawn on every change of the lab.
pub fn timers_panel(lab: &LabHandle) -> Html {
    let send = crate::app::Dispatch(lab.dispatcher());
    let l = lab.lab();
    let now = l.shown().now();
    let timers = l.shown().timers().map(|t| {
        let total = t.due.saturating_sub(t.started).max(1);
        let left = t.due.saturating_sub(now);
        // Whole numbers: formatting an `f64` would bring its formatter into the wasm bundle.
        let left_of = |scale: f64| ((left as f64 / total as f64).min(1.0) * scale).round() as u32;
        let label = t.id.label().to_string();
        html! {
            <li data-timer={t.id.name()} data-due={seconds_json(t.due).to_string()} class="timer">
                <div class="timer-head">
                    // A D-* countdown is named after its rule: the tag button names it.
                    if t.id.tag().is_none_or(|tag| tag.name() != t.id.name()) { <span class="timer-id">{ t.id.name() }</span> }
                    { t.id.tag().map(|tag| html! { { rule_tag(tag, &send) } }).unwrap_or_default() }
                    <span class="remaining" aria-label={format!("{} remaining", short_text(left))}>{ short_text(left) }</span>
                </div>
                <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={left_of(100.0).to_string()} aria-label={label.clone()}>
                    // Drawn, not styled: the Content-Security-Policy allows no inline style.
                    <svg viewBox="0 0 1000 1" preserveAspectRatio="none" aria-hidden="true"><rect width={left_of(1000.0).to_string()} height="1" /></svg>
                </div>
                <div class="timer-label">{ label }{ if t.id.is_assumption() { " · assumed duration (configurable)" } else { "" } }</div>
            </li>
        }
    });
    let count = l.shown().timers().count();
    html! {
        <section class="panel timers" aria-labelledby="timers-title">
            <h2 id="timers-title">{ format!("Timers ({count})") }</h2>
            if count == 0 { <p class="hint">{ "no timer running" }</p> }
            <ul>{ for timers }</ul>
        </section>
    }
}
