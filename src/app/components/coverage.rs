//! Coverage: which rules this session has exercised, and "how do I reach …?" — the explorer's
//! shortest path to a rule or a state, loaded as a scenario.

use gloo_timers::callback::Timeout;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::components::rule::rule_tag;
use crate::app::components::truth;
use crate::app::state::{Action, LabHandle, MAX_TIMERS};
use crate::core::explore::{self, Bounds, Goal};
use crate::core::model::{ConferenceState, SessionState};
use crate::core::tags::Tag;

fn goal_of(value: &str) -> Option<Goal> {
    if let Some(s) = value.strip_prefix("session:") {
        return SessionState::parse(s).map(Goal::Session);
    }
    if let Some(c) = value.strip_prefix("conference:") {
        return ConferenceState::parse(c).map(Goal::Conference);
    }
    Tag::parse(value).map(Goal::Tag)
}

fn describe(goal: Goal) -> String {
    match goal {
        Goal::Tag(t) => format!("rule {t}"),
        Goal::Session(s) => format!("session {s}"),
        Goal::Conference(c) => format!("conference {c}"),
    }
}

/// A hook, not a component: the App calls it and draws what it returns (its state lives in the
/// App, which is drawn on every change of the lab anyway); nothing is drawn where `on` is false
/// (an embed).
#[hook]
pub fn use_coverage_panel(lab: &LabHandle, on: bool) -> Html {
    let send = crate::app::Dispatch(lab.dispatcher());
    let target = use_state(|| "T12".to_string());
    let searching = use_state(|| false);
    let exercised = |tag: &Tag| lab.lab().exercised(*tag);
    let count = Tag::ALL.iter().filter(|t| exercised(t)).count();

    // The search runs after the "searching…" state has been drawn.
    {
        let (lab, target, searching_handle) = (lab.clone(), target.clone(), searching.clone());
        use_effect_with(*searching, move |on| {
            let timeout = on.then(|| {
                Timeout::new(30, move || {
                    if let Some(goal) = goal_of(&target) {
                        let config = lab.lab().scenario.config.clone();
                        let mut bounds = Bounds::for_goal(&config, goal);
                        bounds.max_timers = MAX_TIMERS;
                        match explore::shortest(&bounds, goal) {
                            Some(path) => {
                                let what = describe(goal);
                                let mut s = path.scenario(format!("How to reach {what}"));
                                s.description = Some(format!(
                                    "The shortest way to {what} within {} events, found by the explorer: {} step(s) from the start.",
                                    bounds.depth, path.events.len()
                                ));
                                lab.dispatch(Action::Load(s, format!("the shortest path to {what}")));
                            }
                            None => lab.dispatch(Action::Fail(format!("{} is not reachable within {} events under this configuration.", describe(goal), bounds.depth))),
                        }
                    }
                    searching_handle.set(false);
                })
            });
            move || drop(timeout)
        });
    }
    let reach = |value: String| {
        let (target, searching) = (target.clone(), searching.clone());
        Callback::from(move |_| {
            target.set(value.clone());
            searching.set(true);
        })
    };
    let chips = Tag::ALL.iter().map(|tag| {
        let done = exercised(tag);
        html! {
            <li class={if done { "cov done" } else { "cov todo" }} data-tag={tag.name()} data-exercised={truth(done)}>
                <span aria-hidden="true">{ if done { "✓" } else { "○" } }</span>
                { rule_tag(*tag, &send) }
                if !done { <button type="button" class="reach" data-action="reach" data-goal={tag.name()} onclick={reach(tag.name().to_string())}
                    aria-label={format!("How do I reach {tag}?")}>{ "reach" }</button> }
            </li>
        }
    });
    let onchange = {
        let target = target.clone();
        Callback::from(move |e: web_sys::Event| target.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let find = {
        let searching = searching.clone();
        Callback::from(move |_| searching.set(true))
    };
    let option = |value: String, label: String| html! { <option value={value.clone()} selected={*target == value}>{ label }</option> };
    if !on {
        return html! {};
    }
    html! {
        <section class="panel coverage" aria-labelledby="coverage-title">
            <h2 id="coverage-title">{ format!("Coverage: {count} of {} rules exercised", Tag::ALL.len()) }</h2>
            <div class="reach-form">
                <label>{ "How do I reach " }
                    <select {onchange} data-action="reach-goal">
                        { for Tag::ALL.iter().map(|t| option(t.name().to_string(), format!("rule {t}"))) }
                        { for SessionState::ALL.iter().map(|s| option(format!("session:{s}"), format!("session {s}"))) }
                        { for ConferenceState::ALL.iter().map(|c| option(format!("conference:{c}"), format!("conference {c}"))) }
                    </select>
                </label>
                <button type="button" data-action="find-path" onclick={find} disabled={*searching}>{ if *searching { "Searching…" } else { "Show the shortest path" } }</button>
            </div>
            <ul class="coverage-list">{ for chips }</ul>
        </section>
    }
}
