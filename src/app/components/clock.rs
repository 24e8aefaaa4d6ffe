//! The virtual clock: play / pause, speed, jump to the next timer, advance by a duration.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::truth;
use crate::app::state::{Action, LabHandle, SPEEDS};
use crate::core::duration::{clock_text, seconds_json};
use crate::core::event::EventKind;
use crate::core::fields;
use crate::core::scenario::parse_event_value;

/// The clock panel; `readonly` (an embed with `controls=0`): the time only. A hook, not a
/// component: the App calls it and draws what it returns, in the header or an embed's (its state
/// lives in the App, which is drawn on every change of the lab anyway).
#[hook]
pub fn use_clock_panel(lab: &LabHandle, readonly: bool) -> Html {
    let by = use_state(|| "PT1M".to_string());
    let l = lab.lab();
    let (now, playing, current_speed) = (l.shown().now(), l.playing, l.speed);
    let play = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(Action::Play(!playing)))
    };
    let next = crate::app::components::dispatch_on_click(lab, || Action::NextTimer);
    let transition = crate::app::components::dispatch_on_click(lab, || Action::NextTransition);
    let speeds = SPEEDS.iter().map(|s| {
        let lab2 = lab.clone();
        let speed = *s;
        let onclick = Callback::from(move |_| lab2.dispatch(Action::Speed(speed)));
        let on = current_speed == speed;
        html! { <button type="button" class={if on { "speed on" } else { "speed" }} aria-pressed={truth(on)} {onclick}>{ format!("{speed}×") }</button> }
    });
    // The duration goes through the scenario parser: the same formats as a file, where a plain
    // number is seconds.
    let typed = by.trim();
    let advance =
        parse_event_value(&fields::to_json(EventKind::Advance, &fields::of(EventKind::Advance), |_| typed.to_string()));
    let advance_button = match advance {
        Ok(event) => {
            let lab = lab.clone();
            let onclick = Callback::from(move |_| lab.dispatch(Action::Fire(event.clone())));
            html! { <button type="button" data-event="Advance" data-legal="true" data-action="advance" {onclick}>{ "Advance" }</button> }
        }
        Err(e) => html! { <>
            <button type="button" data-event="Advance" data-legal="false" disabled=true>{ "Advance" }</button>
            <span class="field-error" role="alert">{ format!("expected {}", e.expected) }</span>
        </> },
    };
    let oninput = {
        let by = by.clone();
        Callback::from(move |e: InputEvent| by.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let next_due = l.shown().next_due();
    html! {
        <section class="clock" aria-label="Virtual clock">
            <div class="time" data-clock="" data-t={seconds_json(now).to_string()} aria-label={format!("Virtual time {}", clock_text(now))}>{ clock_text(now) }</div>
            // A read-only story shows its time only: playing the clock would change it.
            if !readonly {
                <button type="button" class="play" data-action="play" aria-pressed={truth(playing)} onclick={play}>
                    { if playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <span class="speeds" role="group" aria-label="Speed">{ for speeds }</span>
                <button type="button" data-event="Advance" data-legal={truth(next_due.is_some())} data-action="next-timer" onclick={next} disabled={next_due.is_none()}>
                    { "⇥ Next timer" }
                </button>
                <button type="button" data-action="next-transition" onclick={transition} disabled={next_due.is_none()}
                    title="Advance to the next moment a machine changes state">{ "» Next change" }</button>
                <label class="advance">{ "by " }<input type="text" data-field="advance-by" value={(*by).clone()} {oninput} size="8" aria-label="Advance by (seconds, or an ISO 8601 duration such as PT90M)" placeholder="60 or PT1M" spellcheck="false" /></label>
                { advance_button }
            }
        </section>
    }
}
