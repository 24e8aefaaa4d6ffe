//! The ConferenceSession diagram: `core::render::drawing` (the layout `confsim render` prints as
//! SVG) drawn as markup, with one listener for the live edges it marks (`data-fires`).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::components::rule::rule_tag;
use crate::app::state::{Action, LabHandle};
use crate::core::event::Event;
use crate::core::render;

/// The edge index (`data-edge`) of the live edge an event happened on, if any.
fn live_edge(e: &web_sys::Event) -> Option<usize> {
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    target.closest("g[data-fires]").ok()??.get_attribute("data-edge")?.parse().ok()
}

/// A plain function, not a component: its parent (the App) is drawn on every change of the lab.
pub fn diagram(lab: &LabHandle, read_only: bool) -> Html {
    let send = crate::app::Dispatch(lab.dispatcher());
    let l = lab.lab();
    let shown = l.shown();
    let current = shown.local().session;
    let edges = render::edges(shown);
    let taken = l.last_session_edge();
    // Live when an event would take the edge now (the core tries it on a copy); clicking the
    // edge, or Enter / Space on it, fires that event.
    let fires: Vec<Option<Event>> =
        edges.iter().map(|e| if read_only { None } else { shown.edge_event(e.tag, e.from, e.to) }).collect();
    let live: Vec<Option<&'static str>> = fires.iter().map(|f| f.as_ref().map(|e| e.kind().name())).collect();
    // The one drawing of the diagram (`confsim render` writes the same as SVG text); drawn as
    // markup so that a click patches classes instead of replacing the figure.
    let drawing =
        render::drawing(shown, &render::Marks { taken: taken.map(|(t, _)| t), live: &live, standalone: false });
    let (w, h) = render::SIZE;
    let arrows = drawing.edges.iter().enumerate().map(|(i, e)| {
        let [x1, y1, x2, y2] = e.line;
        let title = match e.fires {
            Some(n) => format!("{} (click to fire {n})", e.title),
            None => e.title.clone(),
        };
        html! {
            <g class={e.class.clone()} data-tag={e.tag.name()} data-edge={i.to_string()} data-fires={e.fires}
                tabindex={e.fires.map(|_| "0")} role={e.fires.map(|_| "button")} aria-label={e.fires.map(|n| format!("Fire {n}: {}", e.title))}>
                <title>{ title }</title>
                <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} marker-end="url(#arrowhead)" />
                <text x={e.label.0.to_string()} y={e.label.1.to_string()} text-anchor="middle">{ e.tag.name() }</text>
            </g>
        }
    });
    let boxes = drawing.states.iter().map(|st| {
        let [x, y, bw, bh] = st.rect;
        html! {
            <g class={if st.current { "state current" } else { "state" }} data-state-node={st.state.name()} aria-current={st.current.then_some("true")}>
                <rect x={x.to_string()} y={y.to_string()} width={bw.to_string()} height={bh.to_string()} rx="10" />
                <text x={st.label.0.to_string()} y={st.label.1.to_string()} text-anchor="middle">{ st.state.name() }</text>
            </g>
        }
    });
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
        html! { <li class={if live.is_some() { "live" } else { "" }}>{ rule_tag(e.tag, &send) } { format!(" {} → {}", e.from, e.to) } { if live.is_some() { " (can fire now)" } else { "" } }</li> }
    });
    html! {
        <section class="panel diagram" data-machine="session" data-state={current.name()} aria-labelledby="diagram-title">
            <h2 id="diagram-title">{ "ConferenceSession" } <span class="state-name">{ current.name() }</span></h2>
            <div class="svg-wrap" {onclick} {onkeydown}>
                <svg viewBox={format!("0 0 {w} {h}")} role="img" aria-label={format!("ConferenceSession state diagram; current state {current}")}>
                    <defs>
                        <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" />
                        </marker>
                    </defs>
                    { for arrows }
                    { for boxes }
                </svg>
            </div>
            <details class="edge-list">
                <summary>{ "Transitions (T1–T14) and what each means" }</summary>
                <ul>{ for legend }</ul>
            </details>
        </section>
    }
}
