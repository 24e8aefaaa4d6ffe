//! The scenario library menu: each built-in scenario with its explanation.

use yew::prelude::*;

use crate::app::state::{Action, LabHandle};
use crate::core::library;

#[component]
pub fn LibraryMenu() -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    let entries = use_memo((), |_| library::entries());
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: web_sys::Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
        })
    };
    let items = entries.iter().map(|entry| {
        let onclick = {
            let (lab, scenario, name) = (lab.clone(), entry.scenario.clone(), entry.name().to_string());
            let open = open.clone();
            Callback::from(move |_| {
                lab.dispatch(Action::Load(scenario.clone(), name.clone()));
                open.set(false);
            })
        };
        html! {
            <li data-scenario-file={entry.file}>
                <button type="button" data-action="open-scenario" {onclick}>{ entry.name() }</button>
                <p>{ entry.scenario.description.clone().unwrap_or_default() }</p>
            </li>
        }
    });
    html! {
        <details class="menu library" open={*open} ontoggle={toggle}>
            <summary>{ format!("Scenarios ({})", entries.len()) }</summary>
            <ul>{ for items }</ul>
        </details>
    }
}
