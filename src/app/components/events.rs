//! The events, grouped as in SCENARIOS.md. Each control is a `button[data-event]` whose
//! `data-legal` comes from `World::judge`; an illegal one stays clickable and names what UCMA
//! would throw. Events with fields have a small form; the form's values go through the scenario
//! parser, so its checks are the file format's.

use serde_json::{json, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::state::{Action, LabHandle};
use crate::core::event::{Event, EventGroup, EventKind};
use crate::core::model::{AccessLevel, Identity, JoinMode, Kind, LeaderAssignment, LobbyBypass, Modality, Named};
use crate::core::scenario::parse_event_value;

#[derive(Properties, PartialEq)]
pub struct EventButtonProps {
    pub event: Event,
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub compact: bool,
}

/// A button that fires one event, marked legal or not by the core.
#[component]
pub fn EventButton(props: &EventButtonProps) -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    let verdict = lab.lab().shown().judge(&props.event);
    let kind = props.event.kind();
    let status = if let Some(e) = verdict.error {
        format!("⚠ throws {e}")
    } else if let Some(f) = verdict.later.first() {
        format!("⚠ {} when the Focus answers", f.exception)
    } else if verdict.legal {
        "✓ legal now".to_string()
    } else {
        "– no effect now".to_string()
    };
    let onclick = {
        let event = props.event.clone();
        Callback::from(move |_| lab.dispatch(Action::Fire(event.clone())))
    };
    let label = props.label.clone().unwrap_or_else(|| AttrValue::from(kind.name()));
    html! {
        <button type="button" class={classes!("event", if verdict.legal { "legal" } else { "illegal" }, props.compact.then_some("compact"))}
            data-event={kind.name()} data-legal={verdict.legal.to_string()} title={status.clone()} {onclick}>
            <span class="name">{ label }</span>
            if !props.compact { <span class="status">{ status }</span> }
        </button>
    }
}

/// The values of the small forms.
#[derive(Clone, PartialEq)]
struct Form {
    mode: JoinMode,
    identity: Identity,
    organizer: bool,
    invited: bool,
    lobby_timeout: String,
    eject: String,
    admit: String,
    deny: String,
    access_level: Option<AccessLevel>,
    lobby_bypass: Option<LobbyBypass>,
    leader_assignment: Option<LeaderAssignment>,
    modality: Modality,
    who: String,
    kind: Kind,
    who_invited: bool,
    who_leader: bool,
    who_organizer: bool,
    leaves: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            mode: JoinMode::Default,
            identity: Identity::Enterprise,
            organizer: false,
            invited: true,
            lobby_timeout: "PT15M".into(),
            eject: "alice".into(),
            admit: "anon".into(),
            deny: "anon".into(),
            access_level: Some(AccessLevel::Everyone),
            lobby_bypass: None,
            leader_assignment: None,
            modality: Modality::AudioVideo,
            who: "alice".into(),
            kind: Kind::Enterprise,
            who_invited: true,
            who_leader: false,
            who_organizer: false,
            leaves: "alice".into(),
        }
    }
}

fn ids(text: &str) -> Value {
    json!(text.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>())
}

impl Form {
    /// The event object the form describes (validated by the scenario parser).
    fn json(&self, kind: EventKind) -> Value {
        let mut v = json!({ "event": kind.name() });
        let fields = match kind {
            EventKind::BeginJoin => json!({"mode": self.mode, "identity": self.identity, "organizer": self.organizer,
                "invited": self.invited, "lobby_timeout": self.lobby_timeout}),
            EventKind::BeginEject => json!({"participant": self.eject}),
            EventKind::BeginAdmitLobbyParticipants => json!({"participants": ids(&self.admit)}),
            EventKind::BeginDenyLobbyParticipants => json!({"participants": ids(&self.deny)}),
            EventKind::BeginModifyConferenceConfiguration => {
                let mut m = serde_json::Map::new();
                if let Some(a) = self.access_level {
                    m.insert("access_level".into(), json!(a));
                }
                if let Some(b) = self.lobby_bypass {
                    m.insert("lobby_bypass".into(), json!(b));
                }
                if let Some(l) = self.leader_assignment {
                    m.insert("automatic_leader_assignment".into(), json!(l));
                }
                Value::Object(m)
            }
            EventKind::BeginEstablishMcuCall => json!({"modality": "AudioVideo"}),
            EventKind::McuFailover | EventKind::McuActivated => json!({"modality": self.modality}),
            EventKind::ParticipantJoins => {
                json!({"participant": self.who, "kind": self.kind, "invited": self.who_invited,
                "leader": self.who_leader, "organizer": self.who_organizer})
            }
            EventKind::ParticipantLeaves => json!({"participant": self.leaves}),
            _ => json!({}),
        };
        if let (Some(obj), Value::Object(f)) = (v.as_object_mut(), fields) {
            obj.extend(f);
        }
        v
    }
}

type Set<T> = fn(&mut Form, T);

/// A callback that updates one field of the form.
fn setter<T: 'static>(form: &UseStateHandle<Form>, set: Set<T>) -> Callback<T> {
    let form = form.clone();
    Callback::from(move |value: T| {
        let mut next = (*form).clone();
        set(&mut next, value);
        form.set(next);
    })
}

fn text(label: &'static str, value: &str, on: Callback<String>) -> Html {
    let oninput = Callback::from(move |e: InputEvent| on.emit(e.target_unchecked_into::<HtmlInputElement>().value()));
    html! { <label>{ label }<input type="text" value={value.to_string()} {oninput} spellcheck="false" /></label> }
}

fn check(label: &'static str, value: bool, on: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event2| on.emit(e.target_unchecked_into::<HtmlInputElement>().checked()));
    html! { <label class="check"><input type="checkbox" checked={value} {onchange} />{ label }</label> }
}

type Event2 = web_sys::Event;

/// A select over a named enum; `none` adds an "unchanged" choice. Generic only at the edge, so
/// the markup is built once, not once per enum (the bundle is on a budget).
fn choose<E: Named + PartialEq>(
    label: &'static str,
    all: &'static [E],
    value: Option<E>,
    none: Option<&'static str>,
    on: Callback<Option<E>>,
) -> Html {
    let names: Vec<&'static str> = all.iter().map(|v| v.name_of()).collect();
    let selected = value.map(|v| v.name_of());
    select_names(label, names, selected, none, Callback::from(move |v: String| on.emit(E::parse_name(&v))))
}

fn select_names(
    label: &'static str,
    names: Vec<&'static str>,
    selected: Option<&'static str>,
    none: Option<&'static str>,
    on: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event2| on.emit(e.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <label>{ label }
            <select {onchange}>
                if let Some(text) = none { <option value="" selected={selected.is_none()}>{ text }</option> }
                { for names.into_iter().map(|n| html! { <option value={n} selected={selected == Some(n)}>{ n }</option> }) }
            </select>
        </label>
    }
}

#[component]
pub fn EventsPanel() -> Html {
    let form = use_state(Form::default);
    let f = (*form).clone();

    let fields = |kind: EventKind| -> Html {
        match kind {
            EventKind::BeginJoin => html! { <>
                { choose("mode", JoinMode::ALL, Some(f.mode), None, setter(&form, |f, v: Option<JoinMode>| if let Some(v) = v { f.mode = v })) }
                { choose("identity", Identity::ALL, Some(f.identity), None, setter(&form, |f, v: Option<Identity>| if let Some(v) = v { f.identity = v })) }
                { check("organizer", f.organizer, setter(&form, |f, v| f.organizer = v)) }
                { check("invited", f.invited, setter(&form, |f, v| f.invited = v)) }
                { text("lobby timeout", &f.lobby_timeout, setter(&form, |f, v| f.lobby_timeout = v)) }
            </> },
            EventKind::BeginEject => text("participant", &f.eject, setter(&form, |f, v| f.eject = v)),
            EventKind::BeginAdmitLobbyParticipants => text("participants", &f.admit, setter(&form, |f, v| f.admit = v)),
            EventKind::BeginDenyLobbyParticipants => text("participants", &f.deny, setter(&form, |f, v| f.deny = v)),
            EventKind::BeginModifyConferenceConfiguration => html! { <>
                { choose("access level", AccessLevel::ALL, f.access_level, Some("unchanged"), setter(&form, |f, v| f.access_level = v)) }
                { choose("PSTN bypass", LobbyBypass::ALL, f.lobby_bypass, Some("unchanged"), setter(&form, |f, v| f.lobby_bypass = v)) }
                { choose("leader assignment", LeaderAssignment::ALL, f.leader_assignment, Some("unchanged"), setter(&form, |f, v| f.leader_assignment = v)) }
            </> },
            EventKind::McuFailover | EventKind::McuActivated => choose(
                "modality",
                Modality::ALL,
                Some(f.modality),
                None,
                setter(&form, |f, v: Option<Modality>| {
                    if let Some(v) = v {
                        f.modality = v
                    }
                }),
            ),
            EventKind::ParticipantJoins => html! { <>
                { text("id", &f.who, setter(&form, |f, v| f.who = v)) }
                { choose("kind", Kind::ALL, Some(f.kind), None, setter(&form, |f, v: Option<Kind>| if let Some(v) = v { f.kind = v })) }
                { check("invited", f.who_invited, setter(&form, |f, v| f.who_invited = v)) }
                { check("leader", f.who_leader, setter(&form, |f, v| f.who_leader = v)) }
                { check("organizer", f.who_organizer, setter(&form, |f, v| f.who_organizer = v)) }
            </> },
            EventKind::ParticipantLeaves => text("id", &f.leaves, setter(&form, |f, v| f.leaves = v)),
            _ => html! {},
        }
    };

    let group = |g: EventGroup| {
        let items = EventKind::ALL.iter().filter(|k| k.group() == g).map(|kind| {
            let control = match parse_event_value(&f.json(*kind)) {
                Ok(event) => html! { <EventButton {event} /> },
                Err(e) => html! {
                    <button type="button" class="event illegal" data-event={kind.name()} data-legal="false" disabled=true>
                        <span class="name">{ kind.name() }</span><span class="status">{ format!("✗ {}: expected {}", e.field, e.expected) }</span>
                    </button>
                },
            };
            let extra = fields(*kind);
            html! { <li class="event-row">{ control }<div class="fields">{ extra }</div></li> }
        });
        html! {
            <section class="group" aria-label={g.name()}>
                <h3>{ g.name() }</h3>
                <ul class="events">{ for items }</ul>
            </section>
        }
    };

    html! {
        <section class="panel events-panel" id="events" aria-labelledby="events-title">
            <h2 id="events-title">{ "Events" }</h2>
            <p class="hint">{ "✓ legal now · ⚠ what UCMA would throw (still clickable, to explore the failure) · – no effect in this state" }</p>
            <div class="groups">
                { group(EventGroup::Application) }
                { group(EventGroup::Network) }
                { group(EventGroup::People) }
            </div>
        </section>
    }
}
