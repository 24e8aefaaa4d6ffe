//! The ConferenceSession diagram, drawn from `core::tables::SESSION`: states as rounded boxes,
//! one labelled arrow per row. The current state is filled and outlined heavier, the edges that
//! can fire from it are solid, the last edge taken animates once.

use yew::prelude::*;

use crate::app::components::rule::RuleTag;
use crate::app::state::{Action, LabHandle};
use crate::core::model::{SessionState, Variant};
use crate::core::tables::{self, Edge};
use crate::core::tags::Tag;

const W: f64 = 150.0;
const H: f64 = 42.0;

/// Top-left corner of each state's box (layout only; the edges come from the table).
fn position(s: SessionState) -> (f64, f64) {
    use SessionState::*;
    match s {
        Idle => (4.0, 30.0),
        Connecting => (216.0, 30.0),
        Connected => (428.0, 30.0),
        InLobby => (216.0, 176.0),
        Reconnecting => (428.0, 176.0),
        Disconnected => (4.0, 322.0),
        Disconnecting => (216.0, 322.0),
    }
}

fn centre(s: SessionState) -> (f64, f64) {
    let (x, y) = position(s);
    (x + W / 2.0, y + H / 2.0)
}

/// Distance from a box's centre to its border along a unit direction.
fn to_border(dx: f64, dy: f64) -> f64 {
    let tx = if dx.abs() < 1e-9 { f64::INFINITY } else { (W / 2.0) / dx.abs() };
    let ty = if dy.abs() < 1e-9 { f64::INFINITY } else { (H / 2.0) / dy.abs() };
    tx.min(ty)
}

/// A coordinate in whole viewBox units (formatting an `f64` would bring its formatter into
/// the wasm bundle).
fn px(v: f64) -> String {
    (v.round() as i32).to_string()
}

struct Arrow {
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
    lx: f64,
    ly: f64,
}

/// An edge's arrow; a pair of opposite edges is drawn side by side.
fn arrow(edge: &Edge<SessionState>, all: &[&Edge<SessionState>]) -> Arrow {
    let (ax, ay) = centre(edge.from);
    let (bx, by) = centre(edge.to);
    let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
    let (dx, dy) = ((bx - ax) / len, (by - ay) / len);
    let (nx, ny) = (-dy, dx);
    let paired = all.iter().any(|e| e.from == edge.to && e.to == edge.from);
    let off = if paired { 9.0 } else { 0.0 };
    let (ax, ay, bx, by) = (ax + nx * off, ay + ny * off, bx + nx * off, by + ny * off);
    let t = to_border(dx, dy);
    let (x1, y1) = (ax + dx * (t + 2.0), ay + dy * (t + 2.0));
    let (x2, y2) = (bx - dx * (t + 6.0), by - dy * (t + 6.0));
    // Labels sit 40% along: opposite edges of a pair then label apart, and long diagonals
    // keep their label clear of the middle of the figure.
    // T3 crosses the T11/T12 corridor: its label goes near its start.
    // T5 passes close by InLobby: its label goes past it.
    let at = match edge.tag {
        Tag::T3 => 0.2,
        Tag::T5 => 0.62,
        _ => 0.4,
    };
    let (mx, my) = (x1 + (x2 - x1) * at, y1 + (y2 - y1) * at);
    Arrow { x1, y1, x2, y2, lx: mx + nx * 13.0, ly: my + ny * 13.0 + 4.0 }
}

#[component]
pub fn Diagram() -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    let l = lab.lab();
    let shown = l.shown();
    let current = shown.local().session;
    let v1 = shown.config().variant(Variant::V1);
    let all = tables::edges(tables::SESSION);
    let edges: Vec<&Edge<SessionState>> = all.iter().filter(|e| v1 || e.tag != Tag::V1).collect();
    let taken = l.last_session_edge();
    let read_only = crate::app::use_read_only();

    let arrows = edges.iter().map(|edge| {
        let a = arrow(edge, &edges);
        // Live when an event would take this edge now (the core tries it on a copy); clicking
        // the edge, or Enter / Space on it, fires that event.
        let fires = if read_only { None } else { shown.edge_event(edge.tag, edge.from, edge.to) };
        let live = fires.is_some();
        let is_taken = taken.is_some_and(|(t, _)| t == edge.tag);
        let class = classes!(
            "edge",
            if live { "live" } else { "muted" },
            is_taken.then_some("taken"),
            edge.tag.name().starts_with('V').then_some("variant")
        );
        let key = format!("{}-{}", edge.tag.name(), if is_taken { taken.map_or(0, |(_, i)| i) } else { 0 });
        let title = format!("{}: {} → {} — {}", edge.tag, edge.from, edge.to, edge.trigger);
        let name = fires.as_ref().map(|e| e.kind().name());
        let fire = fires.map(|event| {
            let lab = lab.clone();
            move || lab.dispatch(Action::Fire(event.clone()))
        });
        let onclick = fire.clone().map(|fire| Callback::from(move |_: MouseEvent| fire()));
        let onkeydown = fire.map(|fire| {
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    fire();
                }
            })
        });
        html! {
            <g {key} {class} data-tag={edge.tag.name()} data-fires={name} tabindex={name.map(|_| "0")}
                role={name.map(|_| "button")} aria-label={name.map(|n| format!("Fire {n}: {title}"))} {onclick} {onkeydown}>
                <title>{ match name { Some(n) => format!("{title} (click to fire {n})"), None => title.clone() } }</title>
                <line x1={px(a.x1)} y1={px(a.y1)} x2={px(a.x2)} y2={px(a.y2)} marker-end="url(#arrowhead)" />
                <text x={px(a.lx)} y={px(a.ly)} text-anchor="middle">{ edge.tag.name() }</text>
            </g>
        }
    });

    let states = SessionState::ALL.iter().map(|s| {
        let (x, y) = position(*s);
        let is_current = *s == current;
        html! {
            <g class={classes!("state", is_current.then_some("current"))} data-state-node={s.name()} aria-current={is_current.then_some("true")}>
                <rect x={px(x)} y={px(y)} width={px(W)} height={px(H)} rx="10" />
                <text x={px(x + W / 2.0)} y={px(y + H / 2.0 + 5.0)} text-anchor="middle">{ s.name() }</text>
            </g>
        }
    });

    let legend = edges.iter().map(|e| {
        let live = shown.edge_event(e.tag, e.from, e.to).is_some();
        html! { <li class={classes!(live.then_some("live"))}><RuleTag tag={e.tag} /> { format!(" {} → {}", e.from, e.to) } { if live { " (can fire now)" } else { "" } }</li> }
    });

    html! {
        <section class="panel diagram" data-machine="session" data-state={current.name()} aria-labelledby="diagram-title">
            <h2 id="diagram-title">{ "ConferenceSession" } <span class="state-name">{ current.name() }</span></h2>
            <div class="svg-wrap">
            <svg viewBox="0 0 582 384" role="img" aria-label={format!("ConferenceSession state diagram; current state {current}")}>
                <defs>
                    <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                { for arrows }
                { for states }
            </svg>
            </div>
            <details class="edge-list">
                <summary>{ "Transitions (T1–T14) and what each means" }</summary>
                <ul>{ for legend }</ul>
            </details>
        </section>
    }
}
