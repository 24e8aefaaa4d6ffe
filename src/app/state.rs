//! The page's state and its reducer. The session itself — steps, world, log, time travel, Undo /
//! Redo, playback — is `core::lab::Lab` (tested natively); this adds what only the page has: the
//! rule being explained, a failed save, an unreadable saved session.
//!
//! The session is changed in place (`Rc<RefCell<Lab>>`): a click costs one step of the world,
//! never a copy of the session. Every action makes a new `State` (so Yew re-renders), and
//! `revision` counts the changes of the session (so it is saved).

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::prelude::*;

pub use crate::core::lab::{Breakpoint, Lab, MAX_TIMERS, SPEEDS};

use crate::core::course::{Course, Progress};
use crate::core::model::SessionState;

use crate::core::config::Config;
use crate::core::duration::Millis;
use crate::core::event::Event;
use crate::core::scenario::Scenario;
use crate::core::tags::Tag;

/// A saved session the lab could not restore in full, kept for the learner.
#[derive(Clone, PartialEq)]
pub struct Unreadable {
    /// The text as it was saved (shared: it may be large).
    pub text: Rc<str>,
    /// What is wrong with it.
    pub why: String,
    /// A copy is safe: kept under `browser::UNREADABLE_KEY`, or downloaded. Until then nothing
    /// is saved over it.
    pub safe: bool,
}

#[derive(Clone)]
pub struct State {
    lab: Rc<RefCell<Lab>>,
    /// Bumped on every change of the session, to save it.
    pub revision: u64,
    /// Bumped on every action: what the page shows may have changed (the session lives in a
    /// `RefCell`, so this is how a new state differs from the old one).
    version: u64,
    /// The rule being explained.
    pub explain: Option<Tag>,
    /// Why the last save failed (the session lives on in memory; the next change tries again).
    pub unsaved: Option<String>,
    /// A saved session that could not be restored.
    pub unreadable: Option<Unreadable>,
    /// The course's contents, once fetched.
    pub course: Option<Rc<Course>>,
    /// The learner's progress through the course (saved under its own key).
    pub progress: Rc<Progress>,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lab, &other.lab) && self.version == other.version
    }
}

impl State {
    pub fn new(lab: Lab) -> State {
        State {
            lab: Rc::new(RefCell::new(lab)),
            revision: 0,
            version: 0,
            explain: None,
            unsaved: None,
            unreadable: None,
            course: None,
            progress: Rc::default(),
        }
    }

    /// The session, to read while rendering (never held across a dispatch).
    pub fn lab(&self) -> Ref<'_, Lab> {
        self.lab.borrow()
    }

    /// The session itself, shared: for work done later (saving), which reads it then.
    pub fn shared(&self) -> Rc<RefCell<Lab>> {
        self.lab.clone()
    }
}

pub enum Action {
    /// Fire an event the learner chose.
    Fire(Event),
    /// The playing clock moved this much virtual time.
    Tick(Millis),
    /// Advance to the next timer.
    NextTimer,
    /// Advance to the next change of a machine's state.
    NextTransition,
    /// Replace the session with a scenario (from a link, a file, the menu).
    Load(Scenario, String),
    /// Load a scenario and show it before its first step (the player).
    Open(Scenario, String),
    /// Apply a configuration: the same steps run again under it.
    Configure(Config),
    /// Start over with the same configuration.
    Reset,
    Select(Option<usize>),
    /// The player: show the world after this many steps.
    Step(usize),
    /// The player moves on by itself (or stops).
    Stepping(bool),
    /// The playing player's next step.
    StepOn,
    Explain(Option<Tag>),
    Play(bool),
    Speed(u32),
    Undo,
    Redo,
    Breakpoint(Breakpoint),
    PauseOnChange(bool),
    /// Show a problem; change nothing else.
    Fail(String),
    /// Say something worth knowing (and announce it).
    Note(String),
    Dismiss,
    /// The outcome of saving the session: why it failed, or `None`.
    Saved(Option<String>),
    /// The unreadable session was downloaded (`true`) or its message dismissed (`false`).
    Unreadable(bool),
    /// Open a lesson or challenge of the course (its id and file).
    OpenLesson(String, Scenario),
    /// The course's contents arrived.
    Course(Course),
    /// The player's next step (with predictions on, first the question).
    StepNext,
    Predicting(bool),
    Predict(SessionState),
    /// Say the next event of a shortest way to the challenge's goal.
    Hint,
    /// Play a shortest way to the challenge's goal.
    ShowMe,
    /// Forget the course progress.
    ResetProgress,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        let mut changed = true;
        {
            let mut lab = state.lab.borrow_mut();
            match action {
                Action::Fire(event) => lab.fire(event),
                Action::Tick(by) => {
                    lab.tick(by);
                }
                Action::NextTimer => lab.next_timer(),
                Action::NextTransition => lab.to_next_transition(),
                Action::Load(scenario, source) => lab.load(scenario, &source),
                Action::Open(scenario, source) => {
                    lab.load(scenario, &source);
                    lab.view_step(0);
                }
                Action::Configure(config) => lab.configure(config),
                Action::Reset => lab.reset(),
                Action::Select(index) => lab.select(index),
                Action::Step(k) => lab.go_to_step(k),
                Action::Stepping(on) => lab.set_stepping(on),
                Action::StepOn | Action::StepNext => lab.step_on(),
                Action::OpenLesson(id, scenario) => lab.open_lesson(&id, scenario),
                Action::Course(course) => {
                    state.course = Some(Rc::new(course));
                    changed = false;
                }
                Action::Predicting(on) => lab.set_predicting(on),
                Action::Predict(choice) => lab.predict(choice),
                Action::Hint => {
                    lab.announcement = match lab.hint() {
                        Some(e) => format!("Hint: try {} next.", e.kind().name()),
                        None => "No way to the goal from here within the search's bounds: Start over or Undo.".into(),
                    };
                    changed = false;
                }
                Action::ShowMe => {
                    if !lab.show_solution() {
                        lab.announcement = "No way to the goal from here within the search's bounds.".into();
                    }
                }
                Action::ResetProgress => {
                    state.progress = Rc::default();
                    changed = false;
                }
                Action::Undo => lab.undo(),
                Action::Redo => lab.redo(),
                Action::Play(on) => lab.play(on),
                Action::Speed(speed) => lab.speed = speed,
                Action::Breakpoint(b) => lab.toggle_breakpoint(b),
                Action::PauseOnChange(on) => lab.pause_on_change = on,
                Action::Fail(message) => {
                    lab.error = Some(message);
                    changed = false;
                }
                Action::Note(message) => {
                    lab.announcement = message.clone();
                    lab.notice = Some(message);
                    changed = false;
                }
                Action::Dismiss => {
                    lab.error = None;
                    lab.notice = None;
                    changed = false;
                }
                Action::Explain(tag) => {
                    state.explain = tag;
                    changed = false;
                }
                Action::Saved(problem) => {
                    state.unsaved = problem;
                    changed = false;
                }
                Action::Unreadable(downloaded) => {
                    match &mut state.unreadable {
                        Some(u) if downloaded => u.safe = true,
                        _ => state.unreadable = None,
                    }
                    changed = false;
                }
            }
        }
        // A lesson played through, or a challenge solved: the learner's progress moves on.
        {
            let mut lab = state.lab.borrow_mut();
            if let Some(done) = lab.check_done() {
                let mut progress = (*state.progress).clone();
                progress.record(&done);
                state.progress = Rc::new(progress);
                lab.announcement = format!("{} Done: it is marked in the course.", lab.announcement);
            }
        }
        if changed {
            state.revision += 1;
        }
        state.version += 1;
        Rc::new(state)
    }
}

pub type LabHandle = UseReducerHandle<State>;
