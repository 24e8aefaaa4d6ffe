//! Authoring: the session turned into a challenge — the scene is its first steps (up to the
//! player's position), the goal the chosen fields of the present state — saved as a file or a
//! link, so a trainer can build their own course.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::browser;
use crate::app::state::LabHandle;
use crate::core::challenge::{from_session, GOAL_FIELDS};
use crate::core::scenario::to_link;

/// A hook, not a component: the App calls it and draws what it returns (its state lives in the
/// App, which is drawn on every change of the lab anyway); nothing is drawn where `on` is false
/// (an embed).
#[hook]
pub fn use_author_panel(lab: &LabHandle, on: bool) -> Html {
    let fields = use_state(|| vec!["session", "conference"]);
    let name = use_state(|| "My challenge".to_string());
    let link = use_state(|| None::<String>);
    // The challenge replays the session: only while the panel is open.
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: web_sys::Event| {
            open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open())
        })
    };
    let l = lab.lab();
    let scene = if l.past.is_some() { l.shown_step() } else { 0 };
    let challenge = if *open { from_session(&l.scenario, scene, &fields, &name) } else { None };
    let toggles = GOAL_FIELDS.iter().map(|f| {
        let f = *f;
        let checked = fields.contains(&f);
        let fields = fields.clone();
        let onchange = Callback::from(move |e: web_sys::Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next: Vec<&'static str> = (*fields).iter().copied().filter(|x| *x != f).collect();
            if on {
                next.push(f);
            }
            fields.set(next);
        });
        html! { <label class="check"><input type="checkbox" data-goal-field={f} {checked} {onchange} />{ f }</label> }
    });
    let rename = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let download = {
        let (lab, c) = (lab.clone(), challenge.clone());
        Callback::from(move |_| {
            if let Some(c) = &c {
                crate::app::components::header::export_file(
                    &lab,
                    "confsim-challenge.json",
                    &c.to_text(),
                    "application/json",
                );
            }
        })
    };
    let make_link = {
        let (c, link) = (challenge.clone(), link.clone());
        Callback::from(move |_| link.set(c.as_ref().map(|c| browser::link_to(&to_link(c)))))
    };
    if !on {
        return html! {};
    }
    html! {
        <details class="panel author" data-author="" ontoggle={toggle}>
            <summary><h2>{ "Save as challenge" }</h2></summary>
            <p class="hint">{ format!("The scene: the first {scene} steps (move the player to choose). The goal: these fields of the present state.") }</p>
            <div class="goal-fields">{ for toggles }</div>
            <label>{ "Name " }<input type="text" value={(*name).clone()} oninput={rename} data-field="challenge-name" /></label>
            if challenge.is_none() { <p class="hint" role="status">{ "The goal already holds after the scene: choose an earlier step or other fields." }</p> }
            <div class="actions">
                <button type="button" data-action="save-challenge" onclick={download} disabled={challenge.is_none()}>{ "Download the challenge" }</button>
                <button type="button" data-action="challenge-link" onclick={make_link} disabled={challenge.is_none()}>{ "Make a link" }</button>
            </div>
            if let Some(link) = &*link { <input type="text" readonly=true class="challenge-link" value={link.clone()} aria-label="Link to the challenge" /> }
        </details>
    }
}
