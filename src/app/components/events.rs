//! The events, grouped as in SCENARIOS.md. Each control is a `button[data-event]` whose
//! `data-legal` comes from `World::judge`; an illegal one stays clickable and names what UCMA
//! would throw. Events with fields have a small form, drawn from `core::fields` (what
//! `Event::build` asks for); its values go through the scenario parser, so its checks are the
//! file format's.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::components::truth;
use crate::app::state::{Action, LabHandle};
use crate::core::event::{Event, EventGroup, EventKind};
use crate::core::fields::{self, Field, Shape};
use crate::core::scenario::parse_event_value;

/// A button that fires one event, marked legal or not by the core; `label` (else the event's
/// name) and `compact` (no status line). A plain function, not a component: its parents (the
/// events and conference panels) are drawn on every change of the lab.
pub fn event_button(lab: &LabHandle, event: Event, label: Option<&'static str>, compact: bool) -> Html {
    let verdict = lab.lab().shown().judge(&event);
    let kind = event.kind();
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
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(Action::Fire(event.clone())))
    };
    let label = label.unwrap_or(kind.name());
    html! {
        <button type="button" class={match (verdict.legal, compact) { (true, false) => "event legal", (false, false) => "event illegal", (true, true) => "event legal compact", (false, true) => "event illegal compact" }}
            data-event={kind.name()} data-legal={truth(verdict.legal)} title={status.clone()} {onclick}>
            <span class="name">{ label }</span>
            if !compact { <span class="status">{ status }</span> }
        </button>
    }
}

/// What the learner typed in the events' small forms, by event and field (a field never typed in
/// holds its initial text). A short list, not a hash map: a map's code would be its own in the
/// bundle, and there are a few dozen fields.
type Texts = Vec<((EventKind, &'static str), String)>;

/// One field's control: a checkbox, a menu, or a text box. Generic over nothing: the markup is
/// built once for every field of every event (the bundle is on a budget).
fn control(field: &Field, value: String, on: Callback<String>) -> Html {
    let label = html! { <span class="field-name">{ field.name.replace('_', " ") }</span> };
    match &field.shape {
        Shape::Flag(_) => {
            let onchange = Callback::from(move |e: web_sys::Event| {
                on.emit(e.target_unchecked_into::<HtmlInputElement>().checked().to_string())
            });
            html! { <label class="check"><input type="checkbox" checked={value == "true"} {onchange} />{ label }</label> }
        }
        Shape::Choice { names, .. } | Shape::Optional { names } => {
            let onchange = Callback::from(move |e: web_sys::Event| {
                on.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
            });
            let optional = matches!(field.shape, Shape::Optional { .. });
            html! {
                <label>{ label }
                    <select {onchange}>
                        if optional { <option value="" selected={value.is_empty()}>{ "unchanged" }</option> }
                        { for names.iter().map(|n| html! { <option value={*n} selected={value == *n}>{ *n }</option> }) }
                    </select>
                </label>
            }
        }
        _ => {
            let oninput =
                Callback::from(move |e: InputEvent| on.emit(e.target_unchecked_into::<HtmlInputElement>().value()));
            html! { <label>{ label }<input type="text" {value} {oninput} spellcheck="false" /></label> }
        }
    }
}

/// A hook, not a component: the App calls it and draws what it returns (its state lives in the
/// App, which is drawn on every change of the lab anyway); nothing is drawn where `on` is false
/// (an embed without it).
#[hook]
pub fn use_events_panel(lab: &LabHandle, on: bool) -> Html {
    let texts = use_state(Texts::new);
    let group = |g: EventGroup| {
        let items = EventKind::ALL.iter().filter(|k| k.group() == g).map(|kind| {
            let kind = *kind;
            let fields = fields::of(kind);
            let text = |f: &Field| {
                texts.iter().find(|(key, _)| *key == (kind, f.name)).map_or_else(|| f.initial(), |(_, t)| t.clone())
            };
            let value = fields::to_json(kind, &fields, |name| fields.iter().find(|f| f.name == name).map(text).unwrap_or_default());
            let button = match parse_event_value(&value) {
                Ok(event) => event_button(lab, event, None, false),
                Err(e) => html! {
                    <button type="button" class="event illegal" data-event={kind.name()} data-legal="false" disabled=true>
                        <span class="name">{ kind.name() }</span><span class="status">{ format!("✗ {}: expected {}", e.field, e.expected) }</span>
                    </button>
                },
            };
            let controls = fields.iter().filter(|f| f.asks()).map(|f| {
                let (texts, name) = (texts.clone(), f.name);
                let on = Callback::from(move |v: String| {
                    let mut next: Texts = texts.iter().filter(|(key, _)| *key != (kind, name)).cloned().collect();
                    next.push(((kind, name), v));
                    texts.set(next);
                });
                control(f, text(f), on)
            });
            html! { <li class="event-row">{ button }<div class="fields">{ for controls }</div></li> }
        });
        html! {
            <section class="group" aria-label={g.name()}>
                <h3>{ g.name() }</h3>
                <ul class="events">{ for items }</ul>
            </section>
        }
    };

    if !on {
        return html! {};
    }
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
