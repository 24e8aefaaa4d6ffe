//! Compact views of the Conversation and both McuSessions, with the M1–M4 edges from the table.

use yew::prelude::*;

use crate::app::components::rule::rule_tag;
use crate::app::state::LabHandle;
use crate::core::model::{McuState, Modality, Variant};
use crate::core::tables;
use crate::core::tags::Tag;

/// A plain function, not a component: its parent (the App) is drawn on every change of the lab.
pub fn machines(lab: &LabHandle) -> Html {
    let send = crate::app::Dispatch(lab.dispatcher());
    let l = lab.lab();
    let local = l.shown().local();
    let v4 = l.shown().config().variant(Variant::V4);
    let mcu = |m: Modality| {
        let state = local.mcu[m.index()];
        let edges = tables::edges(tables::MCU).into_iter().filter(|e| v4 || e.tag != Tag::V4).map(|e| {
            let live = e.from == state;
            html! {
                <li class={if live { "live" } else { "" }}>
                    { rule_tag(e.tag, &send) }{ format!(" {} → {}", e.from, e.to) }
                </li>
            }
        });
        let chips = McuState::ALL.iter().map(|s| {
            let on = *s == state;
            html! { <li class={if on { "chip current" } else { "chip" }} aria-current={on.then_some("true")}>{ if on { format!("▶ {s}") } else { s.name().to_string() } }</li> }
        });
        html! {
            <div class="machine" data-machine={format!("mcu-{m}")} data-state={state.name()}>
                <h3>{ match m { Modality::AudioVideo => "AudioVideo McuSession", Modality::InstantMessaging => "InstantMessaging McuSession" } }</h3>
                <ul class="chips">{ for chips }</ul>
                <ul class="edges">{ for edges }</ul>
            </div>
        }
    };
    html! {
        <section class="panel machines" aria-label="Conversation and McuSessions">
            <div class="machine" data-machine="conversation" data-state={local.conversation.name()}>
                <h3>{ "Conversation" }</h3>
                <p class="state-name">{ local.conversation.name() }</p>
                <p class="hint">{ if local.escalated { "joined by escalating a two-party call" } else { "direct join" } }</p>
            </div>
            { mcu(Modality::AudioVideo) }
            { mcu(Modality::InstantMessaging) }
            <div class="machine" data-machine="call-AudioVideo" data-state={local.call.name()}>
                <h3>{ "AV call to the MCU" }</h3>
                <p class="state-name">{ local.call.name() }</p>
            </div>
        </section>
    }
}
