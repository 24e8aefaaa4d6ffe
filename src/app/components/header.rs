//! The top bar: import, export, copy a link; problems and notices; the live announcement.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::browser;
use crate::app::components::history::{history, use_breakpoints};
use crate::app::components::library::use_library_menu;
use crate::app::components::timetravel::time_travel;
use crate::app::state::{Action, LabHandle};
use crate::core::export::{self, Format, Machine};
use crate::core::scenario::{self, to_link};

/// Downloads a file the learner exported; a refusal is shown ("Export failed: …"). One helper for
/// every export (the bundle is on a budget).
#[inline(never)]
pub fn export_file(lab: &LabHandle, name: &str, text: &str, mime: &str) {
    if let Err(e) = browser::download(name, text, mime) {
        lab.dispatch(Action::Fail(format!("Export failed: {e}")));
    }
}

/// Downloads of the transition tables (Mermaid, DOT, SCXML), the same as `confsim export`.
/// A plain function, not a component: its parent (the header) is drawn on every change of the lab.
fn export_menu(lab: &LabHandle) -> Html {
    let rows = Machine::ALL.iter().map(|machine| {
        let buttons = Format::ALL.iter().map(|format| {
            let (lab, machine, format) = (lab.clone(), *machine, *format);
            let extension = match format { Format::Mermaid => "mmd", Format::Dot => "dot", Format::Scxml => "scxml" };
            let file = format!("confsim-{machine}.{extension}");
            let onclick = Callback::from(move |_| export_file(&lab, &file, &export::export(machine, format), "text/plain"));
            html! { <button type="button" data-action="export-diagram" data-machine-export={machine.name()} data-format={format.name()} {onclick}>{ format.name() }</button> }
        });
        html! { <li><span>{ machine.name() }</span>{ for buttons }</li> }
    });
    html! {
        <details class="menu exports">
            <summary>{ "Diagrams" }</summary>
            <ul>{ for rows }</ul>
        </details>
    }
}

/// The top bar, with `clock` (the clock panel) in it. A hook, not a component: the App calls it
/// and draws what it returns (its state lives in the App, which is drawn on every change of the
/// lab anyway); nothing is drawn where `on` is false (an embed draws its own).
#[hook]
pub fn use_header(lab: &LabHandle, on: bool, clock: Html) -> Html {
    let library = use_library_menu(lab);
    let breakpoints = use_breakpoints(lab);
    let import = {
        let lab = lab.clone();
        Callback::from(move |e: web_sys::Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let lab = lab.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match browser::read_file(file)
                    .await
                    .and_then(|t| scenario::parse(&t).map_err(|e| format!("{name}: {e}")))
                {
                    Ok(s) => lab.dispatch(Action::Load(s, name)),
                    Err(message) => {
                        lab.dispatch(Action::Fail(format!("Not imported — {message}. Your session is unchanged.")))
                    }
                }
            });
        })
    };
    let export = {
        let lab = lab.clone();
        Callback::from(move |_| {
            let text = lab.lab().scenario.to_text();
            export_file(&lab, "confsim-scenario.json", &text, "application/json")
        })
    };
    let export_trace = {
        let lab = lab.clone();
        Callback::from(move |_| {
            let text: String = lab.lab().lines.iter().map(|l| l.to_json_line() + "\n").collect();
            export_file(&lab, "confsim-trace.jsonl", &text, "application/x-ndjson")
        })
    };
    // The link holds the whole session: made when asked for (the Link menu open, Copy link),
    // never on every render.
    let link_open = use_state(|| false);
    let copied = use_state(|| None::<String>);
    let link = if *link_open { Some(browser::link_to(&to_link(&lab.lab().scenario))) } else { (*copied).clone() };
    let toggle_link = {
        let link_open = link_open.clone();
        Callback::from(move |e: web_sys::Event| {
            link_open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open())
        })
    };
    let copy = {
        let (lab, copied) = (lab.clone(), copied.clone());
        Callback::from(move |_| {
            let link = browser::link_to(&to_link(&lab.lab().scenario));
            copied.set(Some(link.clone()));
            let lab = lab.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy(link).await {
                    Ok(()) => lab.dispatch(Action::Note("Link copied to the clipboard.".into())),
                    Err(e) => lab.dispatch(Action::Fail(format!("Could not copy ({e}); the link is under “Link”."))),
                }
            });
        })
    };
    let dismiss = crate::app::components::dispatch_on_click(lab, || Action::Dismiss);
    // A saved session that could not be restored: download it; dismiss once a copy is safe.
    let unreadable = lab.unreadable.as_ref().map(|u| {
        let download = {
            let (lab, text) = (lab.clone(), u.text.clone());
            Callback::from(move |_| match browser::download("confsim-unreadable-session.json", &text, "application/json") {
                Ok(()) => lab.dispatch(Action::Unreadable(true)),
                Err(e) => lab.dispatch(Action::Fail(format!("Download failed: {e}"))),
            })
        };
        let forget = crate::app::components::dispatch_on_click(lab, || Action::Unreadable(false));
        let kept = if u.safe {
            format!("It is kept in this browser as {}: download it to keep a file.", browser::UNREADABLE_KEY)
        } else {
            "The browser could not keep a copy: nothing is saved until you download it.".into()
        };
        html! {
            <div class="banner error" role="alert" data-storage="unreadable">
                <span>{ format!("The saved session could not be restored — {}. {kept}", u.why) }</span>
                <span class="actions">
                    <button type="button" data-action="download-unreadable" onclick={download}>{ "Download it" }</button>
                    if u.safe { <button type="button" onclick={forget} aria-label="Dismiss">{ "×" }</button> }
                </span>
            </div>
        }
    });
    if !on {
        return html! {};
    }
    let l = lab.lab();
    html! {
        <header class="top">
            <a class="skip" href="#events">{ "Skip to the events" }</a>
            <div class="row">
                <div class="brand" title="UCMA / Lync conference state-machine lab">
                    <h1>{ "confsim" }</h1>
                    <span class="tagline">{ "conference state-machine lab" }</span>
                </div>
                <nav class="file" aria-label="Session">
                    { library }
                    <label class="button">{ "Import" }<input type="file" accept=".json,application/json" class="visually-hidden" data-action="import" onchange={import} /></label>
                    <button type="button" data-action="export" onclick={export.clone()} title="Download this session as a scenario file">{ "Export" }</button>
                    <button type="button" data-action="export-trace" onclick={export_trace} title="Download the trace (JSON lines)">{ "Trace" }</button>
                    <button type="button" data-action="copy-link" onclick={copy}>{ "Copy link" }</button>
                    <details class="menu link" ontoggle={toggle_link}><summary>{ "Link" }</summary><input type="text" readonly=true value={link.unwrap_or_default()} aria-label="Link to this session" /></details>
                    { export_menu(lab) }
                </nav>
                { history(lab) }
            </div>
            <div class="row controls">
                { clock }
                { breakpoints }
            </div>
            if let Some(error) = &l.error {
                <div class="banner error" role="alert" data-error="">
                    <span>{ error }</span><button type="button" onclick={dismiss.clone()} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
            if let Some(problem) = &lab.unsaved {
                <div class="banner error" role="alert" data-storage="unsaved">
                    <span>{ problem }{ " It stays open here: export it to keep it. Saving is tried again on every change." }</span>
                    <button type="button" data-action="export-unsaved" onclick={export.clone()}>{ "Export scenario" }</button>
                </div>
            }
            { unreadable.unwrap_or_default() }
            if let Some(notice) = &l.notice {
                <div class="banner notice" role="status"><span>{ notice }</span><button type="button" onclick={dismiss} aria-label="Dismiss">{ "×" }</button></div>
            }
            { time_travel(lab) }
            <p class="announce" aria-live="polite" role="status" data-announce="">{ &l.announcement }</p>
        </header>
    }
}
