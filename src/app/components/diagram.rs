//! The ConferenceSession diagram: `core::render::session_svg` (the same drawing `confsim render`
//! prints) inserted as markup, with one listener for the live edges it marks (`data-fires`).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::components::rule::RuleTag;
use crate::app::state::{Action, LabHandle};
use crate::core::event::Event;
use crate::core::render;

/// The edge index (`data-edge`) of the live edge an event happened on, if any.
fn live_edge(e: &web_sys::Event) -> Option<usize> {
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    target.closest("g[data-fires]").ok()??.get_attribute("data-edge")?.parse().ok()
}

#[component]
pub fn Diagram() -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    let l = lab.lab();
    let shown = l.shown();
    let current = shown.local().session;
    let edges = render::edges(shown);
    let taken = l.last_session_edge();
    let read_only = crate::app::use_read_only();
    // Live when an event would take the edge now (the core tries it on a copy); clicking the
    // edge, or Enter / Space on it, fires that event.
    let fires: Vec<Option<Event>> =
        edges.iter().map(|e| if read_only { None } else { shown.edge_event(e.tag, e.from, e.to) }).collect();
    let live: Vec<Option<&'static str>> = fires.iter().map(|f| f.as_ref().map(|e| e.kind().name())).collect();
    // The one drawing of the diagram (also `confsim render`).
    let svg =
        render::session_svg(shown, &render::Marks { taken: taken.map(|(t, _)| t), live: &live, standalone: false });
    let fire = {
        let (lab, fires) = (lab.clone(), fires.clone());
        move |i: usize| {
            if let Some(Some(event)) = fires.get(i) {
                lab.dispatch(Action::Fire(event.clone()));
            }
        }
    };
    let onclick = {
        let fire = fire.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = live_edge(&e) {
                fire(i)
            }
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            if let Some(i) = live_edge(&e) {
                e.prevent_default();
                fire(i);
            }
        }
    });
    let legend = edges.iter().zip(&live).map(|(e, live)| {
        html! { <li class={classes!(live.is_some().then_some("live"))}><RuleTag tag={e.tag} /> { format!(" {} → {}", e.from, e.to) } { if live.is_some() { " (can fire now)" } else { "" } }</li> }
    });
    html! {
        <section class="panel diagram" data-machine="session" data-state={current.name()} aria-labelledby="diagram-title">
            <h2 id="diagram-title">{ "ConferenceSession" } <span class="state-name">{ current.name() }</span></h2>
            <div class="svg-wrap" {onclick} {onkeydown}>{ Html::from_html_unchecked(AttrValue::from(svg)) }</div>
            <details class="edge-list">
                <summary>{ "Transitions (T1–T14) and what each means" }</summary>
                <ul>{ for legend }</ul>
            </details>
        </section>
    }
}
