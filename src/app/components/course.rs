//! The course: its lessons and challenges with the learner's progress, and the open challenge —
//! its goal beside the current state, moves against par, a hint and "show me".

use yew::prelude::*;

use crate::app::components::truth;
use crate::app::state::{Action, LabHandle};
use crate::core::runner::ExpectFailure;

/// The course's table of contents (the App fetches `lessons/course.json` when the panel is first
/// drawn, outside an embed), each entry marked done or not; open while a lesson is. A plain
/// function, not a component: its parent (the App) is drawn on every change of the lab.
pub fn course_panel(lab: &LabHandle) -> Html {
    let open_id = lab.lab().lesson.as_ref().map(|l| l.id.clone());
    let Some(course) = lab.course.clone() else {
        return html! {};
    };
    let done = course.lessons.iter().filter(|e| lab.progress.mark(&e.id).done).count();
    let entries = course.lessons.iter().map(|e| {
        let mark = lab.progress.mark(&e.id);
        let current = open_id.as_deref() == Some(e.id.as_str());
        let detail = match (mark.best_moves, mark.asked) {
            (Some(m), _) => format!(" · best {m} moves"),
            (None, n) if n > 0 => format!(" · {} of {n} predicted", mark.right),
            _ => String::new(),
        };
        html! {
            <li data-course-entry={e.id.clone()} data-done={truth(mark.done)} class={if current { "current" } else { "" }}
                aria-current={current.then_some("step")}>
                <span aria-hidden="true">{ if mark.done { "✓ " } else { "○ " } }</span>
                <a href={format!("#lesson={}", e.id)}>{ e.title.clone() }</a>
                <small>{ detail }</small>
            </li>
        }
    });
    let reset = crate::app::components::dispatch_on_click(lab, || Action::ResetProgress);
    html! {
        <details class="panel course" data-course="" open={open_id.is_some()}>
            <summary><h2>{ format!("Course: {done} of {} done", course.lessons.len()) }</h2></summary>
            <ol class="course-list">{ for entries }</ol>
            <button type="button" data-action="reset-progress" onclick={reset}>{ "Reset progress" }</button>
        </details>
    }
}

/// One difference from the goal, in words.
fn differs(f: &ExpectFailure) -> String {
    format!("{}: wanted {}, now {}", f.field, f.expected, f.found)
}

/// The open challenge: what to reach, what still differs, moves against par.
///
/// A plain function, not a component: its parent (the App) is drawn on every change of the lab.
pub fn challenge_panel(lab: &LabHandle) -> Html {
    let l = lab.lab();
    let Some((lesson, c)) = l.lesson.as_ref().and_then(|lesson| lesson.challenge.as_ref().map(|c| (lesson, c))) else {
        return html! {};
    };
    let moves = l.moves();
    let differences = l.differences();
    let solved = lesson.done;
    let button = |action: &'static str, label: &'static str, send: fn() -> Action| {
        let lab = lab.clone();
        html! { <button type="button" data-action={action} onclick={crate::app::components::dispatch_on_click(&lab, send)}>{ label }</button> }
    };
    let goal = c.goal.iter().map(|(k, v)| html! { <li><code>{ format!("{k}: {v}") }</code></li> });
    let par = c.par.map_or_else(|| "no par (no solution within the search's bounds)".into(), |p| format!("par {p}"));
    let allowed: Vec<&str> = c.allowed.iter().map(|k| k.name()).collect();
    html! {
        <section class={if solved { "panel challenge solved" } else { "panel challenge" }} data-challenge={lesson.id.clone()}
            data-par={c.par.map(|p| p.to_string()).unwrap_or_default()} data-moves={moves.to_string()} data-solved={truth(solved)}
            aria-labelledby="challenge-title">
            <h2 id="challenge-title">{ if solved { "Challenge solved" } else { "Challenge" } }
                <span class="state-name">{ format!("{moves} moves · {par}") }</span></h2>
            <p class="hint">{ format!("Reach the goal with {} — the scene is its first {} steps.", allowed.join(", "), c.scene) }</p>
            <div class="goal-vs-now">
                <div><h3>{ "Goal" }</h3><ul class="goal">{ for goal }</ul></div>
                <div><h3>{ "Still differs" }</h3>
                    if differences.is_empty() { <p class="good" data-differences="0">{ "nothing: the goal holds" }</p> }
                    else { <ul data-differences={differences.len().to_string()}>{ for differences.iter().map(|d| html! { <li>{ differs(d) }</li> }) }</ul> }
                </div>
            </div>
            if solved { <p class="good">{ match c.par { Some(p) if moves <= p => format!("Solved in {moves} moves: at par."), Some(p) => format!("Solved in {moves} moves; par is {p}."), None => format!("Solved in {moves} moves.") } }</p> }
            <div class="actions">
                { button("hint", "Hint", || Action::Hint) }
                { button("show-me", "Show me", || Action::ShowMe) }
                { button("restart-challenge", "Start over", || Action::Reset) }
            </div>
        </section>
    }
}
