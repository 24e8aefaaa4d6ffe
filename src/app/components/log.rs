//! The log: every applied event and fired timer, newest first, with its time, its rules, and in
//! plain words what changed and why (`core::explain`). Selecting an entry shows the world as it
//! was then and explains its first rule.
//!
//! Only one page of entries is drawn, and an entry (a memoised component, whose only other prop is
//! the dispatcher, always equal) is drawn again only when it changes: a click costs the same at 10
//! entries and at 10,000.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::rule::rule_tag;
use crate::app::components::truth;
use crate::app::state::{Action, LabHandle};
use crate::app::Dispatch;
use crate::core::config::Config;
use crate::core::duration::{clock_text, seconds_json};
use crate::core::explain::explain;
use crate::core::trace::TraceLine;

/// Entries drawn at once; the rest are a page away (the trace itself is complete, and exported
/// whole).
const PAGE: usize = 50;

/// A trace line shared with the lab's state; equal when it is the same line (lines never change
/// once made), so the log's entries re-render only when they must.
#[derive(Clone)]
struct Line(Rc<TraceLine>);

impl PartialEq for Line {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct EntryProps {
    index: usize,
    line: Line,
    before: Option<Line>,
    config: Rc<Config>,
    selected: bool,
    /// After the moment being viewed (time travel).
    future: bool,
    /// The lab's dispatcher (always equal: it never makes an entry draw again).
    send: Dispatch,
}

#[component]
fn Entry(props: &EntryProps) -> Html {
    let send = &props.send;
    let line = &props.line.0;
    let (index, first) = (props.index, line.rules.first().copied());
    let onclick = {
        let send = send.clone();
        Callback::from(move |_| {
            send.send(Action::Select(Some(index)));
            send.send(Action::Explain(first));
        })
    };
    let rules: Vec<&str> = line.rules.iter().map(|t| t.name()).collect();
    let what = match line.timer() {
        Some(timer) => format!("timer {timer}"),
        None => line.event_name().to_string(),
    };
    let mut class = String::from("entry");
    for (on, name) in [(props.selected, " selected"), (props.future, " future"), (line.error.is_some(), " error")] {
        if on {
            class.push_str(name);
        }
    }
    let explained = explain(line, props.before.as_ref().map(|b| &b.0.state), &props.config);
    html! {
        <li data-log-entry="" data-rules={rules.join(" ")} data-t={seconds_json(line.t).to_string()} data-step={line.step.to_string()}
            class={class}>
            <button type="button" class="select" {onclick} aria-pressed={truth(props.selected)}>
                <span class="when">{ clock_text(line.t) }</span>
                <span class="what">{ what }</span>
            </button>
            <span class="tags">{ for line.rules.iter().map(|tag| html! { { rule_tag(*tag, send) } }) }</span>
            <ul class="explained">{ for explained.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
        </li>
    }
}

/// A hook, not a component: the App calls it and draws what it returns (its state lives in the
/// App, which is drawn on every change of the lab anyway); nothing is drawn where `on` is false
/// (an embed without it).
#[hook]
pub fn use_log_panel(lab: &LabHandle, on: bool) -> Html {
    let send = Dispatch(lab.dispatcher());
    // How many pages back from the newest entry the learner has gone.
    let back = use_state(|| 0usize);
    let l = lab.lab();
    let config = use_memo(l.world.config().clone(), |c| c.clone());
    let total = l.lines.len();
    {
        // A new entry brings the newest page back.
        let back = back.clone();
        use_effect_with(total, move |_| {
            if *back != 0 {
                back.set(0)
            }
        });
    }
    let pages = total.div_ceil(PAGE).max(1);
    // The page holding the selected entry, unless the learner paged away from it.
    let page = match l.selected {
        Some(s) if *back == 0 => (total - 1 - s) / PAGE,
        _ => (*back).min(pages - 1),
    };
    let top = total.saturating_sub(page * PAGE);
    let bottom = top.saturating_sub(PAGE);
    let entries = (bottom..top).rev().map(|i| {
        let line = Line(l.lines[i].clone());
        let before = i.checked_sub(1).map(|j| Line(l.lines[j].clone()));
        let future = l.past.is_some() && l.selected.is_none_or(|s| i > s);
        html! { <Entry key={i} index={i} {line} {before} config={config.clone()} selected={l.selected == Some(i)} {future} send={send.clone()} /> }
    });
    if !on {
        return html! {};
    }
    let go = |to: usize| {
        let back = back.clone();
        Callback::from(move |_| back.set(to))
    };
    html! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title">{ format!("Log ({total} {}, newest first)", if total == 1 { "entry" } else { "entries" }) }</h2>
            if total == 0 {
                <p class="hint">{ "Fire an event to begin: BeginJoin starts the session (T1). Select a tag (T1…, M1…, R-…, L-…, D-…, V1…) anywhere to read its rule." }</p>
            } else {
                <p class="hint">{ "Select an entry to see the world as it was then; moving on from there branches. Select a tag to read its rule." }</p>
            }
            if pages > 1 {
                <nav class="pages" aria-label="Log pages">
                    <button type="button" data-action="log-newer" disabled={page == 0} onclick={go(page.saturating_sub(1))}>{ "◀ Newer" }</button>
                    <span>{ format!("entries {}–{} of {total}", total - top + 1, total - bottom) }</span>
                    <button type="button" data-action="log-older" disabled={page + 1 >= pages} onclick={go(page + 1)}>{ "Older ▶" }</button>
                </nav>
            }
            <ol reversed=true start={top.to_string()}>{ for entries }</ol>
        </section>
    }
}
