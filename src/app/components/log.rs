//! The log: every applied event and fired timer, newest first, with its time, its rules, and in
//! plain words what changed and why (`core::explain`). Selecting an entry explains its first
//! rule.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::rule::RuleTag;
use crate::app::state::{Action, LabHandle};
use crate::core::duration::{clock_text, seconds_json};
use crate::core::explain::explain;
use crate::core::trace::TraceLine;

/// How many entries are drawn (the trace itself is complete, and exported whole).
const SHOWN: usize = 400;

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
    selected: bool,
    /// After the moment being viewed (time travel).
    future: bool,
}

#[component]
fn Entry(props: &EntryProps) -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    let line = &props.line.0;
    let (index, first) = (props.index, line.rules.first().copied());
    let onclick = |lab: LabHandle| {
        Callback::from(move |_| {
            lab.dispatch(Action::Select(Some(index)));
            lab.dispatch(Action::Explain(first));
        })
    };
    let rules: Vec<&str> = line.rules.iter().map(|t| t.name()).collect();
    let what = match line.timer() {
        Some(timer) => format!("timer {timer}"),
        None => line.event_name().to_string(),
    };
    let explained = explain(line, props.before.as_ref().map(|b| &b.0.state), lab.shown().config());
    let onclick = onclick(lab);
    html! {
        <li data-log-entry="" data-rules={rules.join(" ")} data-t={seconds_json(line.t).to_string()} data-step={line.step.to_string()}
            class={classes!("entry", props.selected.then_some("selected"), props.future.then_some("future"), line.error.is_some().then_some("error"))}>
            <button type="button" class="select" {onclick} aria-pressed={props.selected.to_string()}>
                <span class="when">{ clock_text(line.t) }</span>
                <span class="what">{ what }</span>
            </button>
            <span class="tags">{ for line.rules.iter().map(|tag| html! { <RuleTag tag={*tag} /> }) }</span>
            <ul class="explained">{ for explained.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
        </li>
    }
}

#[component]
pub fn LogPanel() -> Html {
    let lab = use_context::<LabHandle>().expect("lab context");
    let total = lab.lines.len();
    let first = total.saturating_sub(SHOWN);
    let entries = (first..total).rev().map(|i| {
        let line = Line(lab.lines[i].clone());
        let before = i.checked_sub(1).map(|j| Line(lab.lines[j].clone()));
        let future = lab.past.is_some() && lab.selected.is_some_and(|s| i > s);
        html! { <Entry key={i} index={i} {line} {before} selected={lab.selected == Some(i)} {future} /> }
    });
    html! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title">{ format!("Log ({total} {}, newest first)", if total == 1 { "entry" } else { "entries" }) }</h2>
            <p class="hint">{ "Select an entry to see the world as it was then; firing an event from there branches." }</p>
            if total == 0 { <p class="hint">{ "Fire an event to begin: BeginJoin starts the session (T1)." }</p> }
            if first > 0 { <p class="hint">{ format!("{first} earlier entries are not drawn; “Export trace” has them all.") }</p> }
            <ol reversed=true>{ for entries }</ol>
        </section>
    }
}
