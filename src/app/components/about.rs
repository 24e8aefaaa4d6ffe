//! About this session: the loaded scenario's name and paragraph (kept out of the header).

use yew::prelude::*;

use crate::app::state::LabHandle;

/// A plain function, not a component: its parent (the App) is drawn on every change of the lab.
pub fn about(lab: &LabHandle) -> Html {
    let l = lab.lab();
    let Some(about) = &l.scenario.description else { return html! {} };
    html! {
        <details class="panel about" open=true data-about="">
            <summary><h2>{ l.scenario.name.clone().unwrap_or_else(|| "About this scenario".into()) }</h2></summary>
            <p>{ about }</p>
        </details>
    }
}
