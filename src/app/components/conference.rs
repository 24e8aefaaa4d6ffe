//! The conference as the Focus sees it: lifecycle, access level, lock, roster and lobby.

use yew::prelude::*;

use crate::app::components::events::event_button;
use crate::app::components::truth;
use crate::app::state::LabHandle;
use crate::core::event::Event;
use crate::core::model::{ConferenceState, Kind};
use crate::core::world::{Participant, LOCAL};

fn badge(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Enterprise => ("Ent", "Enterprise user"),
        Kind::Federated => ("Fed", "Federated user"),
        Kind::Anonymous => ("Anon", "Anonymous user"),
        Kind::Pstn => ("PSTN", "PSTN dial-in caller"),
        Kind::Trusted => ("Trusted", "Trusted application participant"),
    }
}

fn person(id: &str, p: &Participant) -> Html {
    let (short, long) = badge(p.kind);
    html! {
        <>
            <span class="who">{ id }{ if id == LOCAL { " (you)" } else { "" } }</span>
            <span class={classes!("badge", short.to_ascii_lowercase())} title={long}>{ short }</span>
            { if p.leader { html! { <span class="leader" title="Leader">{ "★ leader" }</span> } } else { html! {} } }
            { if p.organizer { html! { <span class="organizer">{ "organizer" }</span> } } else { html! {} } }
        </>
    }
}

/// A plain function, not a component: its parent (the App) is drawn on every change of the lab.
pub fn conference_panel(lab: &LabHandle, read_only: bool) -> Html {
    let l = lab.lab();
    let conf = l.shown().conference();
    let lifecycle = ConferenceState::ALL.iter().map(|s| {
        let on = *s == conf.state;
        html! { <li class={if on { "chip current" } else { "chip" }}>{ if on { format!("▶ {s}") } else { s.name().to_string() } }</li> }
    });
    let roster = conf.roster.iter().map(|(id, p)| html! { <li data-participant={id.clone()}>{ person(id, p) }</li> });
    let lobby = conf.lobby.iter().map(|(id, p)| {
        let controls = if id == LOCAL {
            html! { <span class="hint">{ "waiting for a leader" }</span> }
        } else if read_only {
            html! {}
        } else {
            let ids = vec![id.to_string()];
            html! {
                <span class="lobby-actions">
                    { event_button(lab, Event::BeginAdmitLobbyParticipants { participants: ids.clone() }, Some("Admit"), true) }
                    { event_button(lab, Event::BeginDenyLobbyParticipants { participants: ids }, Some("Deny"), true) }
                </span>
            }
        };
        html! { <li data-participant={id.clone()}>{ person(id, p) }{ controls }</li> }
    });
    html! {
        <section class="panel conference" data-machine="conference" data-state={conf.state.name()} aria-labelledby="conference-title">
            <h2 id="conference-title">{ "Conference" } <span class="state-name">{ conf.state.name() }</span></h2>
            <ul class="chips">{ for lifecycle }</ul>
            <dl class="facts">
                <dt>{ "Access level" }</dt><dd data-access-level={conf.access_level.name()}>{ conf.access_level.name() }</dd>
                <dt>{ "Lock" }</dt><dd data-locked={truth(conf.locked)}>{ if conf.locked { "🔒 locked" } else { "unlocked" } }</dd>
                <dt>{ "PSTN bypass" }</dt><dd>{ conf.lobby_bypass.name() }</dd>
                <dt>{ "Leader assignment" }</dt><dd>{ conf.automatic_leader_assignment.name() }</dd>
            </dl>
            <h3>{ format!("Roster ({})", conf.roster.len()) }</h3>
            if conf.roster.is_empty() { <p class="hint">{ "nobody in the conference" }</p> }
            <ul class="roster" data-roster="">{ for roster }</ul>
            <h3>{ format!("Lobby ({})", conf.lobby.len()) }</h3>
            if conf.lobby.is_empty() { <p class="hint">{ "nobody waiting" }</p> }
            <ul class="lobby" data-lobby="">{ for lobby }</ul>
        </section>
    }
}
