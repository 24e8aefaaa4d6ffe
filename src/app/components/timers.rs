//! Every running timer: id, rule, remaining virtual time and a bar that shrinks to zero.

use yew::prelude::*;

use crate::app::components::rule::RuleTag;
use crate::app::state::LabHandle;
use crate::core::duration::{seconds_json, short_text};

#[component]
pub fn TimersPanel() -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    let now = lab.shown().now();
    let timers = lab.shown().timers().map(|t| {
        let total = t.due.saturating_sub(t.started).max(1);
        let left = t.due.saturating_sub(now);
        // Tenths of a percent, in integers (no float formatting in the bundle).
        let permille = (u128::from(left) * 1000 / u128::from(total.max(1))).min(1000) as u64;
        let label = t.id.label().to_string();
        html! {
            <li data-timer={t.id.name()} data-due={seconds_json(t.due).to_string()} class="timer">
                <div class="timer-head">
                    // A D-* countdown is named after its rule: the tag button names it.
                    if t.id.tag().is_none_or(|tag| tag.name() != t.id.name()) { <span class="timer-id">{ t.id.name() }</span> }
                    { t.id.tag().map(|tag| html! { <RuleTag {tag} /> }).unwrap_or_default() }
                    <span class="remaining" aria-label={format!("{} remaining", short_text(left))}>{ short_text(left) }</span>
                </div>
                <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={(permille / 10).to_string()} aria-label={label.clone()}>
                    <span style={format!("width: {}.{}%", permille / 10, permille % 10)}></span>
                </div>
                <div class="timer-label">{ label }{ if t.id.is_assumption() { " · assumed duration (configurable)" } else { "" } }</div>
            </li>
        }
    });
    let count = lab.shown().timers().count();
    html! {
        <section class="panel timers" aria-labelledby="timers-title">
            <h2 id="timers-title">{ format!("Timers ({count})") }</h2>
            if count == 0 { <p class="hint">{ "no timer running" }</p> }
            <ul>{ for timers }</ul>
        </section>
    }
}
