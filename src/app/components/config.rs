//! Every configuration field of SCENARIOS.md, variants included. The form edits the config's
//! JSON and applying goes through the scenario parser, so errors name the field as a file's
//! would. Applying runs the same steps again under the new configuration.

use serde_json::{json, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::state::{Action, LabHandle};
use crate::core::model::{AccessLevel, LeaderAssignment, LobbyBypass, MeetingKind, Modality, Named, Variant};
use crate::core::scenario::{config_to_json, parse_config};
use crate::core::tags::Tag;

fn get<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| &v[*k])
}

fn set(v: &mut Value, path: &[&str], new: Value) {
    let mut at = v;
    for k in &path[..path.len() - 1] {
        at = &mut at[*k];
    }
    at[path[path.len() - 1]] = new;
}

/// A hook, not a component: the App calls it and draws what it returns (its state lives in the
/// App, which is drawn on every change of the lab anyway); nothing is drawn where `on` is false
/// (an embed).
#[hook]
pub fn use_config_panel(lab: &LabHandle, on: bool) -> Html {
    let current = config_to_json(&lab.lab().scenario.config);
    let form = use_state(|| current.clone());
    {
        // A loaded scenario or a reset brings its own configuration into the form.
        let form = form.clone();
        use_effect_with(current.clone(), move |c| form.set(c.clone()));
    }
    let update = |path: &'static [&'static str], to_value: fn(String) -> Value| {
        let form = form.clone();
        move |text: String| {
            let mut next = (*form).clone();
            set(&mut next, path, to_value(text));
            form.set(next);
        }
    };
    let duration = |label: &'static str, path: &'static [&'static str], nullable: bool, hint: &'static str| {
        let value = match get(&form, path) {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let on = update(
            path,
            if nullable {
                |t: String| if t.trim().is_empty() { Value::Null } else { json!(t.trim()) }
            } else {
                |t: String| json!(t.trim())
            },
        );
        let oninput = Callback::from(move |e: InputEvent| on(e.target_unchecked_into::<HtmlInputElement>().value()));
        html! { <label>{ label }<input type="text" {value} {oninput} placeholder={if nullable { "off" } else { "" }} spellcheck="false" /><small>{ hint }</small></label> }
    };
    let flag = |label: &'static str, path: &'static [&'static str]| {
        let checked = get(&form, path).as_bool().unwrap_or(false);
        let on = update(path, |t: String| json!(t == "true"));
        let onchange = Callback::from(move |e: web_sys::Event| {
            on(e.target_unchecked_into::<HtmlInputElement>().checked().to_string())
        });
        html! { <label class="check"><input type="checkbox" {checked} {onchange} />{ label }</label> }
    };
    fn select<E: Named>(label: &'static str, all: &'static [E], value: &Value, on: impl Fn(String) + 'static) -> Html {
        let names: Vec<&'static str> = all.iter().map(|v| v.name_of()).collect();
        select_names(label, names, value.as_str().unwrap_or_default().to_string(), Callback::from(on))
    }
    fn select_names(label: &'static str, names: Vec<&'static str>, current: String, on: Callback<String>) -> Html {
        let onchange =
            Callback::from(move |e: web_sys::Event| on.emit(e.target_unchecked_into::<HtmlSelectElement>().value()));
        html! {
            <label>{ label }
                <select {onchange}>{ for names.into_iter().map(|n| html! { <option value={n} selected={current == n}>{ n }</option> }) }</select>
            </label>
        }
    }
    let mcus = Modality::ALL.iter().map(|m| {
        let list: Vec<String> = form["mcus"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default();
        let checked = list.contains(&m.to_string());
        let form = form.clone();
        let name = m.to_string();
        let onchange = Callback::from(move |e: web_sys::Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = (*form).clone();
            let mut list: Vec<String> = next["mcus"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
                .unwrap_or_default();
            list.retain(|x| *x != name);
            if on {
                list.push(name.clone());
            }
            next["mcus"] = json!(list);
            form.set(next);
        });
        html! { <label class="check"><input type="checkbox" {checked} {onchange} />{ m.to_string() }</label> }
    });
    let variants = Variant::ALL.iter().map(|v| {
        let path: &'static [&'static str] = match v {
            Variant::V1 => &["variants", "V1"],
            Variant::V2 => &["variants", "V2"],
            Variant::V3 => &["variants", "V3"],
            Variant::V4 => &["variants", "V4"],
        };
        html! { <div class="variant">{ flag(v.name(), path) }<small>{ crate::app::tag_texts::summary(Tag::of_variant(*v)) }</small></div> }
    });
    let apply = {
        let (lab, form) = (lab.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match parse_config(&form) {
                Ok(config) => lab.dispatch(Action::Configure(config)),
                Err(err) => lab.dispatch(Action::Fail(format!("Configuration not applied: {err}"))),
            }
        })
    };
    let reset = crate::app::components::dispatch_on_click(lab, || Action::Reset);
    if !on {
        return html! {};
    }
    html! {
        <section class="panel config" aria-labelledby="config-title">
            <details>
                <summary><h2 id="config-title">{ "Configuration" }</h2></summary>
                <form onsubmit={apply}>
                    <fieldset><legend>{ "Meeting" }</legend>
                        { select("meeting", MeetingKind::ALL, &form["meeting"], update(&["meeting"], |t| json!(t))) }
                        { duration("meeting end", &["meeting_end"], false, "from the start") }
                        { duration("expiry", &["expiry"], true, "from the start; overrides the meeting kind") }
                    </fieldset>
                    <fieldset><legend>{ "Lobby (L-…)" }</legend>
                        { select("access level", AccessLevel::ALL, &form["access_level"], update(&["access_level"], |t| json!(t))) }
                        { select("PSTN lobby bypass", LobbyBypass::ALL, &form["lobby_bypass"], update(&["lobby_bypass"], |t| json!(t))) }
                        { select("automatic leader assignment", LeaderAssignment::ALL, &form["automatic_leader_assignment"], update(&["automatic_leader_assignment"], |t| json!(t))) }
                        <div class="mcus">{ "MCUs " }{ for mcus }</div>
                    </fieldset>
                    <fieldset><legend>{ "Lifecycle (D-…)" }</legend>
                        { duration("anonymous user grace period (D-grace)", &["anonymous_user_grace_period"], false, "the 90-minute rule") }
                        { duration("empty conference timeout (D-empty)", &["empty_conference_timeout"], false, "observed about 20 min") }
                        { duration("deactivation grace period (D-inactivity)", &["deactivation_grace_period"], false, "the 24-hour rule") }
                    </fieldset>
                    <fieldset><legend>{ "Network and recovery (R-…) — assumptions" }</legend>
                        { duration("signaling latency", &["signaling_latency"], false, "assumption: join, command and termination answers") }
                        { duration("reconnect latency", &["reconnect", "latency"], false, "assumption") }
                        { flag("the reconnection attempt succeeds", &["reconnect", "succeeds"]) }
                        { duration("MCU reactivation", &["mcu_reactivation"], false, "assumption") }
                        { flag("UCMA's route repair succeeds", &["hop", "repair_succeeds"]) }
                        { duration("UPDATE interval", &["hop", "update_interval"], false, "assumption; positive") }
                        { duration("application recovery timeout", &["app_recovery_timeout"], true, "the application's own R-hop timer; empty = off") }
                    </fieldset>
                    <fieldset><legend>{ "Variants (where the sources disagree)" }</legend>{ for variants }</fieldset>
                    <div class="actions">
                        <button type="submit" data-action="apply-config">{ "Apply and rerun the steps" }</button>
                        <button type="button" data-action="reset" onclick={reset}>{ "Start over (clear the steps)" }</button>
                    </div>
                </form>
            </details>
        </section>
    }
}
