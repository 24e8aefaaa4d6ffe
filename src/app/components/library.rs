//! The scenario library menu: each built-in scenario with its explanation. The files are
//! fetched from `scenarios/` beside the app the first time the menu opens.

use yew::prelude::*;

use crate::app::browser;
use crate::app::state::{Action, LabHandle};
use crate::core::library::NAMES;
use crate::core::scenario::{self, Scenario};

/// Fetches one library file from beside the app.
async fn fetch(name: &str) -> Result<Scenario, String> {
    let text = browser::fetch_text(&format!("scenarios/{name}")).await?;
    scenario::parse(&text).map_err(|e| format!("{name}: {e}"))
}

#[derive(Clone, PartialEq)]
enum Shelf {
    NotLoaded,
    Loading,
    Loaded(Vec<(&'static str, Result<Scenario, String>)>),
}

/// A hook, not a component: the header calls it and draws what it returns (its state lives in
/// the header, which is drawn on every change of the lab anyway).
#[hook]
pub fn use_library_menu(lab: &LabHandle) -> Html {
    let shelf = use_state(|| Shelf::NotLoaded);
    let open = use_state(|| false);
    let toggle = {
        let (open, shelf) = (open.clone(), shelf.clone());
        Callback::from(move |e: web_sys::Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
            if details.open() && *shelf == Shelf::NotLoaded {
                shelf.set(Shelf::Loading);
                let shelf = shelf.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let mut entries = Vec::new();
                    for name in NAMES {
                        entries.push((*name, fetch(name).await));
                    }
                    shelf.set(Shelf::Loaded(entries));
                });
            }
        })
    };
    let items = match &*shelf {
        Shelf::NotLoaded => html! {},
        Shelf::Loading => html! { <li class="hint">{ "Loading the scenarios…" }</li> },
        Shelf::Loaded(entries) => entries
            .iter()
            .map(|(file, entry)| match entry {
                Ok(s) => {
                    let name = s.name.clone().unwrap_or_else(|| file.to_string());
                    let load = |step: bool| {
                        let (lab, s, name, open) = (lab.clone(), s.clone(), name.clone(), open.clone());
                        Callback::from(move |_| {
                            lab.dispatch(if step { Action::Open(s.clone(), name.clone()) } else { Action::Load(s.clone(), name.clone()) });
                            open.set(false);
                        })
                    };
                    // One line of the paragraph here; all of it in the "About" panel once opened.
                    let about = s.description.clone().unwrap_or_default();
                    let line = about.split_inclusive(". ").next().unwrap_or_default().trim().to_string();
                    html! {
                        <li data-scenario-file={*file}>
                            <div class="lib-head">
                                <strong>{ name.clone() }</strong>
                                <span class="lib-actions">
                                    <button type="button" data-action="step-scenario" onclick={load(true)} title="Open it before its first step and follow it step by step">{ "Step through" }</button>
                                    <button type="button" data-action="open-scenario" onclick={load(false)} title="Run all its steps">{ "Run to the end" }</button>
                                </span>
                            </div>
                            <p class="lib-line" title={about}>{ line }</p>
                        </li>
                    }
                }
                Err(e) => html! { <li data-scenario-file={*file} class="exception">{ e }</li> },
            })
            .collect::<Html>(),
    };
    html! {
        <details class="menu library" open={*open} ontoggle={toggle}>
            <summary>{ format!("Scenarios ({})", NAMES.len()) }</summary>
            <ul>{ items }</ul>
        </details>
    }
}
