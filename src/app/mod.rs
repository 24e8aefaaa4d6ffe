//! The browser lab (wasm32 only): renders the core's state and dispatches events to it.
//!
//! - `state`: the session, the world and the trace, with an `impl Reducible`.
//! - `browser`: storage, URL, downloads, clipboard, files.
//! - `hooks`: the clock that plays virtual time.
//! - `tag_texts`: the tags' summaries and sources' titles, fetched before the app starts.
//! - `components`: one function per panel, a plain function of the lab or a hook (`use_…`) where
//!   it keeps state, which the App calls and draws (the App and the log's entries are the only
//!   components: a component type costs the bundle more).

pub mod browser;
pub mod components;
pub mod embed;
pub mod hooks;
pub mod state;
pub mod tag_texts;

use yew::prelude::*;

use components::{
    about::about,
    author::use_author_panel,
    clock::use_clock_panel,
    conference::conference_panel,
    config::use_config_panel,
    course::{challenge_panel, course_panel},
    coverage::use_coverage_panel,
    diagram::diagram,
    events::use_events_panel,
    header::use_header,
    log::use_log_panel,
    machines::machines,
    player::player,
    rule::use_explanation,
    timers::timers_panel,
};
use embed::Embed;
use state::{Action, Lab, LabHandle, State, Unreadable};

use crate::core::config::Config;
use crate::core::course::{self, Course, Progress};
use crate::core::scenario::{self, Scenario};

/// The course's contents, from `lessons/course.json` beside the app.
pub async fn fetch_course() -> Result<Course, String> {
    Course::parse(&browser::fetch_text("lessons/course.json").await?)
}

/// Opens lesson `id` of the course (fetched from `lessons/<id>.json`), or says why not.
pub fn open_lesson(id: String, lab: LabHandle) {
    wasm_bindgen_futures::spawn_local(async move {
        let opened = async {
            if !course::is_id(&id) {
                return Err(format!("“{id}” is not a lesson id"));
            }
            if lab.course.is_none() {
                if let Ok(c) = fetch_course().await {
                    lab.dispatch(Action::Course(c));
                }
            }
            let text = browser::fetch_text(&format!("lessons/{id}.json")).await?;
            scenario::parse(&text).map_err(|e| format!("lessons/{id}.json: {e}"))
        };
        match opened.await {
            Ok(s) => lab.dispatch(Action::OpenLesson(id, s)),
            Err(e) => {
                lab.dispatch(Action::Fail(format!("The lesson could not be opened — {e}. Your session is unchanged.")))
            }
        }
    });
}

/// Real milliseconds a session rests before it is saved: a burst of clicks is saved once, and
/// nothing a click does is proportional to the session's length.
const SAVE_AFTER_MS: u32 = 300;

/// The session to start with: a `#scenario=` link, else the saved session, else an empty one.
/// A broken link leaves the saved session in place and says what is wrong. A saved session that
/// cannot be read (or run in full) is set aside under another key, never overwritten. An embed
/// never reads the saved session (nor writes it) and keeps its link.
fn initial(embed: &Embed) -> State {
    let (mut lab, aside) = initial_session(embed);
    if embed.on {
        // A story opens before its first step (or after its last) and plays through.
        lab.pause_on_change = false;
        if !embed.at_end {
            lab.view_step(0);
        }
    }
    if let Some(speed) = embed.speed {
        lab.speed = speed;
    }
    let mut state = State::new(lab);
    if !embed.on {
        state.progress = std::rc::Rc::new(browser::load_progress().map(|t| Progress::parse(&t)).unwrap_or_default());
    }
    if let Some((text, why)) = aside {
        let safe = browser::set_aside(&text);
        state.unreadable = Some(Unreadable { text: text.into(), why, safe });
    }
    state
}

/// The session, and a saved text that cannot be restored (with why).
fn initial_session(embed: &Embed) -> (Lab, Option<(String, String)>) {
    let mut aside = None;
    let saved = if embed.on { None } else { browser::load_saved() };
    let saved = saved.and_then(|text| match scenario::parse(&text) {
        Ok(s) => Some((s, text)),
        Err(e) => {
            aside = Some((text, e.to_string()));
            None
        }
    });
    let lab = match browser::hash_scenario().map(|p| scenario::from_link(&p)) {
        Some(Ok(s)) => {
            if !embed.on {
                browser::clear_hash();
            }
            // Loaded as any other scenario (a challenge opens as one; a step past the timer bound
            // stops it there, and says so).
            let (mut lab, _) = Lab::start(Scenario::new(Config::default()));
            lab.load(s, "the linked scenario");
            lab
        }
        link => {
            let (saved, text) = saved.map_or((None, None), |(s, t)| (Some(s), Some(t)));
            let (mut lab, limit) = Lab::start(saved.unwrap_or_else(|| Scenario::new(Config::default())));
            if let (Some((limit, _)), Some(text)) = (limit, text) {
                aside = Some((text, format!("{limit}; the steps before it are loaded")));
            }
            if let Some(Err(e)) = link {
                browser::clear_hash();
                lab.error = Some(format!("The link could not be loaded — {e}. Your session is unchanged."));
            }
            lab
        }
    };
    (lab, aside)
}

#[component]
pub fn App() -> Html {
    let embed = use_memo((), |_| Embed::from_query(&browser::query()));
    let lab = {
        let embed = (*embed).clone();
        use_reducer(move || initial(&embed))
    };
    {
        // Save the session once it has rested (never from an embed, nor over an unreadable saved
        // session not yet set aside), and at once when the page is hidden. A failure is shown
        // until a save succeeds.
        let (revision, handle, on) = (lab.revision, lab.clone(), embed.on);
        use_effect_with(revision, move |&revision| {
            let may = !on && handle.unreadable.as_ref().is_none_or(|u| u.safe);
            let save = move || {
                let problem = browser::save(&handle.lab().scenario.to_json().to_string()).err();
                browser::mark_save(if problem.is_some() { "failed" } else { "saved" });
                if problem != handle.unsaved {
                    handle.dispatch(Action::Saved(problem));
                }
            };
            // The session the page opened with is saved at once (a link's hash is cleared).
            if may && revision == 0 {
                save();
                return Box::new(|| ()) as Box<dyn FnOnce()>;
            }
            if may {
                browser::mark_save("pending");
            }
            let pending = may.then(|| std::rc::Rc::new(std::cell::RefCell::new(Some(save))));
            let timeout = pending.clone().map(|p| {
                gloo_timers::callback::Timeout::new(SAVE_AFTER_MS, move || {
                    if let Some(save) = p.borrow_mut().take() {
                        save()
                    }
                })
            });
            let hidden = pending.map(|p| {
                browser::on_page_hidden(move || {
                    if let Some(save) = p.borrow_mut().take() {
                        save()
                    }
                })
            });
            Box::new(move || {
                drop(timeout);
                drop(hidden);
            })
        });
    }
    {
        // Once, when the page opens (one effect for all of them: each effect is code of its own in
        // the bundle). An embed marks the page for its styles; `autoplay`: the story plays its
        // steps once the embed is in view; `#lesson=<id>` opens that lesson of the course; Esc
        // closes any open menu; a link pasted while the app is open loads too.
        let (embed, lab) = ((*embed).clone(), lab.clone());
        use_effect_with((), move |_| {
            if embed.on {
                browser::mark_embed(embed.theme)
            }
            let keep = {
                let lab = lab.clone();
                (embed.on && embed.autoplay)
                    .then(|| browser::when_in_view(move || lab.dispatch(Action::Stepping(true))))
                    .flatten()
            };
            if let Some(id) = browser::hash_lesson() {
                open_lesson(id, lab.clone());
            }
            let escape = browser::on_escape_close_menus();
            let hashchange = browser::listen("hashchange", move |_| {
                if let Some(id) = browser::hash_lesson() {
                    return open_lesson(id, lab.clone());
                }
                let Some(payload) = browser::hash_scenario() else { return };
                browser::clear_hash();
                match scenario::from_link(&payload) {
                    Ok(s) => lab.dispatch(Action::Load(s, "the linked scenario".into())),
                    Err(e) => lab.dispatch(Action::Fail(format!(
                        "The link could not be loaded — {e}. Your session is unchanged."
                    ))),
                }
            });
            move || {
                drop(keep);
                escape();
                drop(hashchange);
            }
        });
    }
    {
        // Every render may change the height the host page should give an embed's iframe.
        let on = embed.on;
        use_effect(move || {
            if on {
                browser::report_height()
            }
        });
    }
    {
        // The course progress is saved when it changes (a refusal is shown).
        let (progress, handle) = (lab.progress.clone(), lab.clone());
        use_effect_with(progress, move |p| {
            if !p.0.is_empty() || browser::load_progress().is_some() {
                if let Err(e) = browser::save_progress(&p.to_text()) {
                    handle.dispatch(Action::Fail(e));
                }
            }
        });
    }
    {
        // The course is fetched when it is not loaded yet, where the course panel is drawn (not in
        // an embed).
        let (lab, on) = (lab.clone(), !embed.on);
        use_effect_with(lab.course.is_some(), move |loaded| {
            if on && !loaded {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(course) = fetch_course().await {
                        lab.dispatch(Action::Course(course));
                    }
                });
            }
        });
    }
    hooks::use_clock(&lab);
    hooks::use_player(&lab);
    let explanation = use_explanation(&lab);
    let log = use_log_panel(&lab, !embed.on || embed.shows("log"));
    let events = use_events_panel(&lab, !embed.on || embed.controls);
    let clock = use_clock_panel(&lab, embed.on && !embed.controls);
    let header = use_header(&lab, !embed.on, clock.clone());
    let (author, config, coverage) =
        (use_author_panel(&lab, !embed.on), use_config_panel(&lab, !embed.on), use_coverage_panel(&lab, !embed.on));
    if embed.on {
        let (error, announcement) = {
            let l = lab.lab();
            (l.error.clone(), l.announcement.clone())
        };
        let e = &*embed;
        return html! {
            <>
                <header class="top">
                    { clock }
                    if let Some(error) = error { <div class="banner error" role="alert" data-error="">{ error }</div> }
                    <p class="announce" aria-live="polite" role="status" data-announce="">{ announcement }</p>
                </header>
                <main class="lab embedded">
                    { player(&lab) }
                    if e.shows("diagram") { { diagram(&lab, !e.controls) } }
                    if e.shows("conference") { { conference_panel(&lab, !e.controls) } }
                    if e.shows("timers") { { timers_panel(&lab) } }
                    if e.shows("log") { { log } }
                    if e.controls { { events } }
                    // A tag explains itself in place, over the story.
                    <div class="popover">{ explanation }</div>
                </main>
            </>
        };
    }
    html! {
        <>
            { header }
            <main class="lab">
                <div class="col see">
                    { player(&lab) }
                    { challenge_panel(&lab) }
                    { diagram(&lab, false) }
                    { machines(&lab) }
                    { conference_panel(&lab, false) }
                    { about(&lab) }
                </div>
                <div class="col act">
                    { events }
                </div>
                <div class="col read">
                    { explanation }
                    { timers_panel(&lab) }
                    { log }
                    { course_panel(&lab) }
                    { coverage }
                    { author }
                    { config }
                </div>
            </main>
        </>
    }
}

/// The lab's dispatcher alone: what only sends actions (a rule tag, a log entry) holds this,
/// which is always equal, so a log entry is not drawn again on every action.
#[derive(Clone)]
pub struct Dispatch(pub UseReducerDispatcher<State>);

impl PartialEq for Dispatch {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Dispatch {
    pub fn send(&self, action: Action) {
        self.0.dispatch(action)
    }
}

/// Mounts the lab on the page, once the tags' texts are loaded.
pub fn start() {
    browser::install_panic_hook();
    wasm_bindgen_futures::spawn_local(async {
        tag_texts::load().await;
        yew::Renderer::<App>::new().render();
    });
}
