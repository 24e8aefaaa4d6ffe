//! The player: the session's steps replayed one at a time (time travel underneath), with the
//! step's note, and a way to play them through.

use yew::prelude::*;

use crate::app::components::rule::rule_tag;
use crate::app::components::truth;
use crate::app::state::{Action, LabHandle};
use crate::core::clock::TimerId;
use crate::core::model::SessionState;
use crate::core::scenario::{Does, Step};

/// A plain function, not a component: its parent (the App) is drawn on every change of the lab.
pub fn player(lab: &LabHandle) -> Html {
    let send = crate::app::Dispatch(lab.dispatcher());
    let l = lab.lab();
    let (k, n) = (l.shown_step(), l.scenario.steps.len());
    if n == 0 {
        return html! {};
    }
    let go = |action: &'static str, label: &'static str, to: usize, disabled: bool| {
        let lab = lab.clone();
        // "Next" asks for a prediction first when predictions are on.
        let onclick =
            Callback::from(move |_| lab.dispatch(if action == "next" { Action::StepNext } else { Action::Step(to) }));
        html! { <button type="button" data-player-action={action} {onclick} {disabled} aria-label={label} title={label}>{ glyph(action) }</button> }
    };
    let play = {
        let (lab, on) = (lab.clone(), !l.stepping);
        Callback::from(move |_| lab.dispatch(Action::Stepping(on)))
    };
    let predict = {
        let (lab, on) = (lab.clone(), !l.predicting);
        Callback::from(move |_| lab.dispatch(Action::Predicting(on)))
    };
    // The step just applied: its note, else what it was.
    let step = k.checked_sub(1).map(|i| &l.scenario.steps[i]);
    let what = match step {
        None => "Before the first step.".to_string(),
        Some(Step { note: Some(note), .. }) => note.clone(),
        Some(Step { does: Does::Event(e), .. }) => format!("Step {k}: {}.", e.kind().name()),
        Some(Step { does: Does::Expect(_), .. }) => format!("Step {k}: an expectation about the state."),
    };
    html! {
        <section class="player" data-player="" data-step={k.to_string()} data-steps={n.to_string()} aria-label="Step through the session">
            <span class="player-buttons" role="group" aria-label="Player">
                { go("start", "Before the first step", 0, k == 0) }
                { go("prev", "One step back", k.saturating_sub(1), k == 0) }
                <button type="button" data-player-action="play" onclick={play} aria-pressed={truth(l.stepping)}
                    title="Play the steps one by one">{ if l.stepping { "❚❚ Pause" } else { "Play steps" } }</button>
                { go("next", "One step on", k + 1, k >= n) }
                { go("end", "After the last step (now)", n, k >= n) }
            </span>
            <span class="player-where">{ format!("step {k} of {n}") }</span>
            <button type="button" class="predict" data-action="predict" aria-pressed={truth(l.predicting)} onclick={predict}
                title="Before each event step, say which state the ConferenceSession will be in">
                { if l.predicting { format!("Predicting · {} of {} right", l.score.0, l.score.1) } else { "Predict".to_string() } }
            </button>
            <p class="narration" data-narration="" aria-live="polite">{ what }</p>
            if let Some(step) = l.asking {
                <div class="question" data-predict="" role="group" aria-label="Your prediction">
                    <p>{ format!("Step {}: {}. Which state will the ConferenceSession be in?", step + 1, l.scenario.steps[step].as_event().map_or("", |e| e.kind().name())) }</p>
                    { for SessionState::ALL.iter().map(|s| {
                        let (lab, s) = (lab.clone(), *s);
                        html! { <button type="button" data-choice={s.name()} onclick={Callback::from(move |_| lab.dispatch(Action::Predict(s)))}>{ s.name() }</button> }
                    }) }
                </div>
            }
            if let Some(a) = &l.answer {
                <p class={if a.right() { "answer good" } else { "answer bad" }} data-predict-result={if a.right() { "right" } else { "wrong" }}>
                    { format!("{} You said {}; the session is {}{}.", if a.right() { "✓ Right." } else { "✗ Not quite." }, a.chose, a.actual,
                        if a.rules.is_empty() { " — no rule moved it".to_string() } else { format!(" — by {}", a.rules.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ")) }) }
                    { for a.rules.iter().map(|t| html! { { rule_tag(*t, &send) } }) }
                    if !a.started.is_empty() || !a.stopped.is_empty() {
                        <span class="timers-changed">{ timers_text(&a.started, &a.stopped) }</span>
                    }
                </p>
            }
        </section>
    }
}

/// The timers a step started and ended (fired or stopped), in words.
fn timers_text(started: &[TimerId], stopped: &[TimerId]) -> String {
    let names = |ts: &[TimerId]| ts.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !started.is_empty() {
        parts.push(format!("started {}", names(started)));
    }
    if !stopped.is_empty() {
        parts.push(format!("ended {}", names(stopped)));
    }
    format!(" Timers: {}.", parts.join("; "))
}

fn glyph(action: &str) -> &'static str {
    match action {
        "start" => "⇤",
        "prev" => "◀",
        "next" => "▶",
        _ => "⇥",
    }
}
