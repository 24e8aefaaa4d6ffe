//! Undo / Redo, each labelled with what it takes back or does again, and the breakpoints where
//! playing pauses by itself.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::state::{Action, Breakpoint, LabHandle};
use crate::core::clock::TimerId;
use crate::core::model::SessionState;
use crate::core::tags::Tag;

/// A plain function, not a component: its parent (the header) is drawn on every change of the lab.
pub fn history(lab: &LabHandle) -> Html {
    let button = |action: &'static str, arrow: &str, label: Option<&str>, send: fn() -> Action| {
        let lab = lab.clone();
        let onclick = crate::app::components::dispatch_on_click(&lab, send);
        let word = if action == "undo" { "Undo" } else { "Redo" };
        let title = label.map_or_else(
            || format!("Nothing to {}", if action == "undo" { "undo" } else { "redo" }),
            |l| format!("{word} {l}"),
        );
        html! {
            <button type="button" class="history" data-action={action} disabled={label.is_none()} {onclick}
                title={title.clone()} aria-label={title}>
                { arrow }<span class="history-label">{ label.map(|l| format!(" {word} {l}")).unwrap_or_else(|| format!(" {word}")) }</span>
            </button>
        }
    };
    let l = lab.lab();
    html! {
        <span class="history-group" role="group" aria-label="History">
            { button("undo", "↶", l.undo_label(), || Action::Undo) }
            { button("redo", "↷", l.redo_label(), || Action::Redo) }
        </span>
    }
}

/// The breakpoints menu: add one (a rule, a session state, a timer), clear one, and whether
/// playing fast pauses on every change of the session's state.
///
/// A hook, not a component: the header calls it and draws what it returns (its state lives in
/// the header, which is drawn on every change of the lab anyway).
#[hook]
pub fn use_breakpoints(lab: &LabHandle) -> Html {
    let choice = use_state(|| "rule:T3".to_string());
    let onchange = {
        let choice = choice.clone();
        Callback::from(move |e: web_sys::Event| choice.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let add = {
        let (lab, choice) = (lab.clone(), choice.clone());
        Callback::from(move |_| {
            if let Some(b) = Breakpoint::from_key(&choice) {
                if !lab.lab().breakpoints.contains(&b) {
                    lab.dispatch(Action::Breakpoint(b));
                }
            }
        })
    };
    let pause = {
        let lab = lab.clone();
        Callback::from(move |e: web_sys::Event| {
            lab.dispatch(Action::PauseOnChange(e.target_unchecked_into::<HtmlInputElement>().checked()))
        })
    };
    let l = lab.lab();
    let set = l.breakpoints.iter().map(|b| {
        let (lab, b) = (lab.clone(), *b);
        let onclick = Callback::from(move |_| lab.dispatch(Action::Breakpoint(b)));
        html! {
            <li data-breakpoint={b.name()}>{ b.to_string() }
                <button type="button" class="close" {onclick} aria-label={format!("Clear the breakpoint on {b}")}>{ "×" }</button></li>
        }
    });
    let option = |b: Breakpoint| {
        let key = b.key();
        html! { <option value={key.clone()} selected={*choice == key}>{ b.to_string() }</option> }
    };
    html! {
        <details class="menu breakpoints">
            <summary>{ format!("⚑ Breakpoints ({})", l.breakpoints.len()) }</summary>
            <div class="menu-body">
                <p class="hint">{ "Playing pauses on the line where one of these happens." }</p>
                <ul class="breakpoint-list">{ for set }</ul>
                <label>{ "Pause on " }
                    <select data-field="breakpoint" {onchange}>
                        <optgroup label="a rule">{ for Tag::ALL.iter().map(|t| option(Breakpoint::Rule(*t))) }</optgroup>
                        <optgroup label="the session entering">{ for SessionState::ALL.iter().map(|s| option(Breakpoint::State(*s))) }</optgroup>
                        <optgroup label="a timer firing">{ for TimerId::ALL.iter().map(|id| option(Breakpoint::Timer(*id))) }</optgroup>
                    </select>
                </label>
                <button type="button" data-action="add-breakpoint" onclick={add}>{ "Add" }</button>
                <label class="check"><input type="checkbox" data-field="pause-on-change" checked={l.pause_on_change} onchange={pause} />
                    { "Pause when the session changes state (at 600× and faster)" }</label>
            </div>
        </details>
    }
}
