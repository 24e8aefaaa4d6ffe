//! The log: every applied event and fired timer, newest first, with its time, rules, state
//! changes, raised API events and exceptions. Selecting an entry explains its first rule.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::rule::RuleTag;
use crate::app::state::{Action, LabHandle};
use crate::core::duration::{clock_text, seconds_json};
use crate::core::trace::TraceLine;

/// How many entries are drawn (the trace itself is complete, and exported whole).
const SHOWN: usize = 400;

fn changes(line: &TraceLine, before: Option<&TraceLine>) -> Vec<String> {
    let Some(b) = before else { return vec![] };
    let (s, p) = (&line.state, &b.state);
    let mut out = Vec::new();
    if s.session != p.session {
        out.push(format!("session {} → {}", p.session, s.session));
    }
    if s.conversation != p.conversation {
        out.push(format!("conversation {} → {}", p.conversation, s.conversation));
    }
    if s.conference != p.conference {
        out.push(format!("conference {} → {}", p.conference, s.conference));
    }
    if s.mcu != p.mcu {
        out.push(format!("AV {} · IM {}", s.mcu.AudioVideo, s.mcu.InstantMessaging));
    }
    if s.calls != p.calls {
        out.push(format!("AV call {}", s.calls.AudioVideo));
    }
    if s.locked != p.locked {
        out.push(if s.locked { "locked".into() } else { "unlocked".into() });
    }
    if s.access_level != p.access_level {
        out.push(format!("access level {}", s.access_level));
    }
    if s.roster != p.roster {
        out.push(format!("roster [{}]", s.roster.join(", ")));
    }
    if s.lobby != p.lobby {
        out.push(format!("lobby [{}]", s.lobby.join(", ")));
    }
    out
}

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
    let onclick = {
        let (index, first) = (props.index, line.rules.first().copied());
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
    let changed = changes(line, props.before.as_ref().map(|b| &*b.0));
    html! {
        <li data-log-entry="" data-rules={rules.join(" ")} data-t={seconds_json(line.t).to_string()} data-step={line.step.to_string()}
            class={classes!("entry", props.selected.then_some("selected"), props.future.then_some("future"), line.error.is_some().then_some("error"))}>
            <button type="button" class="select" {onclick} aria-pressed={props.selected.to_string()}>
                <span class="when">{ clock_text(line.t) }</span>
                <span class="what">{ what }</span>
            </button>
            <span class="tags">{ for line.rules.iter().map(|tag| html! { <RuleTag tag={*tag} /> }) }</span>
            if !changed.is_empty() { <span class="changes">{ changed.join(" · ") }</span> }
            if !line.raised.is_empty() {
                <span class="raised">{ "raised " }{ line.raised.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ") }</span>
            }
            if let Some(e) = line.error { <span class="exception">{ format!("⚠ throws {e}") }</span> }
            { for line.failed.iter().map(|f| html! {
                <span class="exception">{ format!("⚠ {} fails: {}{}", f.operation, f.exception, f.reason.map(|r| format!(" ({r})")).unwrap_or_default()) }</span>
            }) }
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
            <h2 id="log-title">{ format!("Log ({total} entries, newest first)") }</h2>
            <p class="hint">{ "Select an entry to see the world as it was then; firing an event from there branches." }</p>
            if total == 0 { <p class="hint">{ "Fire an event to begin: BeginJoin starts the session (T1)." }</p> }
            if first > 0 { <p class="hint">{ format!("{first} earlier entries are not drawn; “Export trace” has them all.") }</p> }
            <ol reversed=true>{ for entries }</ol>
        </section>
    }
}
