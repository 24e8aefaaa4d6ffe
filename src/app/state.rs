//! The lab's state and its reducer: the session (configuration + steps), the world they lead
//! to, and the trace. Every action goes through the core; nothing here decides a rule.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::config::Config;
use crate::core::duration::Millis;
use crate::core::event::Event;
use crate::core::runner;
use crate::core::scenario::{Scenario, Step};
use crate::core::tags::Tag;
use crate::core::trace::TraceLine;
use crate::core::world::World;

/// Speeds of the virtual clock (virtual seconds per real second).
pub const SPEEDS: [u32; 5] = [1, 10, 60, 600, 3600];

#[derive(Clone, PartialEq)]
pub struct Lab {
    /// What the learner has done: the configuration and the steps, as a scenario.
    pub scenario: Scenario,
    pub world: World,
    pub lines: Vec<Rc<TraceLine>>,
    /// The last step is an `Advance` made by the playing clock: further ticks extend it.
    pub ticking: bool,
    pub playing: bool,
    pub speed: u32,
    /// The log entry the learner selected.
    pub selected: Option<usize>,
    /// The rule being explained.
    pub explain: Option<Tag>,
    /// A problem to show (a broken link or file, an invalid configuration); the session is kept.
    pub error: Option<String>,
    /// Something worth knowing (a loaded scenario's expectations, say).
    pub notice: Option<String>,
    /// Read out by screen readers (aria-live).
    pub announcement: String,
    /// Bumped on every change of the session, to save it.
    pub revision: u64,
    /// The world as it was at the selected log entry (time travel); `None` shows the present.
    pub past: Option<World>,
    /// The session before the last branch, load or reset: Undo brings it back.
    pub undo: Option<Scenario>,
}

pub enum Action {
    /// Fire an event the learner chose.
    Fire(Event),
    /// The playing clock moved this much virtual time.
    Tick(Millis),
    /// Advance to the next timer.
    NextTimer,
    /// Replace the session with a scenario (from a link, a file, the menu).
    Load(Scenario, String),
    /// Apply a configuration: the same steps run again under it.
    Configure(Config),
    /// Start over with the same configuration.
    Reset,
    Select(Option<usize>),
    Explain(Option<Tag>),
    Play(bool),
    Speed(u32),
    /// Bring back the session before the last branch, load or reset.
    Undo,
    /// Show a problem; change nothing else.
    Fail(String),
    /// Say something worth knowing (and announce it).
    Note(String),
    Dismiss,
}

impl Lab {
    /// The world the page shows: the selected past moment, or the present.
    pub fn shown(&self) -> &World {
        self.past.as_ref().unwrap_or(&self.world)
    }

    /// The steps that lead to log entry `i`: the steps before its step, then its step — or, for a
    /// timer fired inside an `Advance`, an advance only up to that timer's time.
    fn steps_until(&self, i: usize) -> Vec<Step> {
        let line = &self.lines[i];
        let k = line.step;
        let mut steps = self.scenario.steps[..k].to_vec();
        let last_of_step = self.lines.get(i + 1).is_none_or(|next| next.step != k);
        if last_of_step {
            steps.push(self.scenario.steps[k].clone());
        } else {
            let first = self.lines.iter().position(|l| l.step == k).unwrap_or(i);
            let before = first.checked_sub(1).map_or(0, |j| self.lines[j].t);
            steps.push(Step::Event(Event::Advance { by: line.t - before }));
        }
        steps
    }

    fn view(&mut self, index: Option<usize>) {
        self.selected = index.filter(|i| *i < self.lines.len());
        self.past = self.selected.map(|i| {
            let scenario = Scenario { steps: self.steps_until(i), ..self.scenario.clone() };
            runner::run_with(&scenario, |_| {}).0
        });
        if self.past.is_some() {
            self.playing = false;
        }
    }

    /// Keeps the present session for Undo, then runs another.
    fn replace(&mut self, scenario: Scenario) {
        if !self.scenario.steps.is_empty() {
            self.undo = Some(self.scenario.clone());
        }
        self.replay(scenario);
    }

    pub fn new(scenario: Scenario) -> Lab {
        let mut lab = Lab {
            scenario: Scenario::new(Config::default()),
            world: World::new(Config::default()),
            lines: Vec::new(),
            ticking: false,
            playing: false,
            speed: 60,
            selected: None,
            explain: None,
            error: None,
            notice: None,
            announcement: String::new(),
            revision: 0,
            past: None,
            undo: None,
        };
        lab.replay(scenario);
        lab
    }

    /// Runs a whole scenario from the start.
    fn replay(&mut self, scenario: Scenario) {
        let mut lines = Vec::new();
        let (world, failures) = runner::run_with(&scenario, |l| lines.push(Rc::new(l)));
        self.notice = (!failures.is_empty()).then(|| {
            let list: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
            format!("Expectations that did not hold: {}", list.join("; "))
        });
        self.world = world;
        self.lines = lines;
        self.scenario = scenario;
        self.ticking = false;
        self.view(None);
        self.announce_last();
    }

    fn push(&mut self, event: Event) {
        let index = self.scenario.steps.len();
        let lines = self.world.step(index, &event);
        self.scenario.steps.push(Step::Event(event));
        self.lines.extend(lines.into_iter().map(Rc::new));
        self.announce_last();
    }

    /// A clock tick extends the previous tick's `Advance` instead of adding a step: the trace is
    /// the same as one longer advance, and the saved session stays short.
    fn tick(&mut self, by: Millis) {
        let last = self.scenario.steps.last_mut();
        if let (true, Some(Step::Event(Event::Advance { by: total }))) = (self.ticking, last) {
            *total += by;
            let index = self.scenario.steps.len() - 1;
            self.lines.pop();
            let lines = self.world.step(index, &Event::Advance { by });
            self.lines.extend(lines.into_iter().map(Rc::new));
            self.announce_last();
        } else {
            self.push(Event::Advance { by });
            self.ticking = true;
        }
    }

    /// Describes the newest line that changed something, for the aria-live region.
    fn announce_last(&mut self) {
        let Some(line) = self.lines.iter().rev().find(|l| !l.rules.is_empty() || l.error.is_some()) else {
            return;
        };
        let tags: Vec<&str> = line.rules.iter().map(|t| t.name()).collect();
        let mut text =
            format!("{}: session {}, conference {}", line.event_name(), line.state.session, line.state.conference);
        if let Some(timer) = line.timer() {
            text = format!("Timer {timer} fired: session {}, conference {}", line.state.session, line.state.conference);
        }
        if !tags.is_empty() {
            text += &format!(" ({})", tags.join(", "));
        }
        if let Some(e) = line.error {
            text += &format!(". Throws {e}");
        }
        self.announcement = text;
    }
}

impl Reducible for Lab {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut lab = Rc::unwrap_or_clone(self);
        let changes_session = !matches!(
            action,
            Action::Explain(_)
                | Action::Play(_)
                | Action::Speed(_)
                | Action::Fail(_)
                | Action::Note(_)
                | Action::Dismiss
        );
        match action {
            Action::Fire(event) => {
                lab.ticking = false;
                lab.error = None;
                // Firing from a past moment branches: the later steps are dropped (Undo restores them).
                if let Some(i) = lab.selected.filter(|_| lab.past.is_some()) {
                    let dropped = lab.scenario.steps.len();
                    let scenario = Scenario { steps: lab.steps_until(i), ..lab.scenario.clone() };
                    lab.replace(scenario);
                    lab.notice = Some(format!(
                        "Branched at {}: the later steps were dropped ({} steps before, {} now). Undo brings them back.",
                        crate::core::duration::clock_text(lab.world.now()), dropped, lab.scenario.steps.len() + 1
                    ));
                }
                lab.push(event);
            }
            Action::Tick(by) => lab.tick(by),
            Action::NextTimer => {
                if let Some(due) = lab.world.next_due() {
                    lab.ticking = false;
                    lab.push(Event::Advance { by: due - lab.world.now() });
                }
            }
            Action::Load(scenario, source) => {
                lab.playing = false;
                lab.error = None;
                let about = scenario
                    .description
                    .clone()
                    .map(|d| format!("{}: {d}", scenario.name.clone().unwrap_or(source.clone())));
                lab.replace(scenario);
                if lab.notice.is_none() {
                    lab.notice = about;
                }
                lab.announcement = format!("Loaded {source}. {}", lab.announcement);
            }
            Action::Configure(config) => {
                let scenario = Scenario { config, ..lab.scenario.clone() };
                lab.error = None;
                lab.replay(scenario);
            }
            Action::Reset => {
                let scenario = Scenario::new(lab.scenario.config.clone());
                lab.playing = false;
                lab.replace(scenario);
                lab.announcement = "Started over.".into();
            }
            Action::Select(index) => lab.view(index),
            Action::Undo => {
                if let Some(previous) = lab.undo.take() {
                    let current = lab.scenario.clone();
                    lab.replay(previous);
                    lab.undo = Some(current);
                    lab.announcement = "Undone: the previous session is back (Undo again to return).".into();
                }
            }
            Action::Explain(tag) => lab.explain = tag,
            Action::Play(on) => {
                lab.playing = on;
                lab.ticking = false;
            }
            Action::Speed(speed) => lab.speed = speed,
            Action::Fail(message) => lab.error = Some(message),
            Action::Note(message) => {
                lab.announcement = message.clone();
                lab.notice = Some(message);
            }
            Action::Dismiss => {
                lab.error = None;
                lab.notice = None;
            }
        }
        if changes_session {
            lab.revision += 1;
        }
        Rc::new(lab)
    }
}

pub type LabHandle = UseReducerHandle<Lab>;
