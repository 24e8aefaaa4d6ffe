//! Time travel: which moment the page shows, back to the present, and Undo.

use yew::prelude::*;

use crate::app::state::{Action, LabHandle};
use crate::core::duration::clock_text;

#[component]
pub fn TimeTravel() -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    let now = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(Action::Select(None)))
    };
    let undo = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(Action::Undo))
    };
    let viewing = lab.past.as_ref().zip(lab.selected).map(|(past, i)| html! {
        <div class="banner travel" role="status" data-viewing={i.to_string()}>
            <span>{ format!("⏪ Viewing the world at {} (log entry {} of {}). Firing an event here branches from this moment.", clock_text(past.now()), i + 1, lab.lines.len()) }</span>
            <button type="button" data-action="back-to-now" onclick={now}>{ "Back to now" }</button>
        </div>
    });
    let undo = lab.undo.as_ref().map(|previous| html! {
        <button type="button" class="undo" data-action="undo" onclick={undo}>{ format!("↶ Undo (back to {} steps)", previous.steps.len()) }</button>
    });
    html! { <>{ viewing.unwrap_or_default() }{ undo.unwrap_or_default() }</> }
}
