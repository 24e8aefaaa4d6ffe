//! The lab's state and its reducer: the session (configuration + steps), the world they lead
//! to, and the trace. Every action goes through the core; nothing here decides a rule.

use std::ops::ControlFlow;
use std::rc::Rc;

use yew::prelude::*;

use crate::core::config::Config;
use crate::core::duration::Millis;
use crate::core::event::Event;
use crate::core::runner::{self, Ending, ExpectFailure};
use crate::core::scenario::{Scenario, Step};
use crate::core::tags::Tag;
use crate::core::trace::TraceLine;
use crate::core::world::{TimerLimit, World};

/// Speeds of the virtual clock (virtual seconds per real second).
pub const SPEEDS: [u32; 5] = [1, 10, 60, 600, 3600];

/// The most timers one `Advance` may fire in the lab: a step that would fire more is not run,
/// and the session stays as it was before it (the core's bound, also used to judge buttons).
pub use crate::core::world::LAB_MAX_TIMERS as MAX_TIMERS;

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

/// A scenario run within [`MAX_TIMERS`]: on the bound, only the steps before it.
struct Run {
    scenario: Scenario,
    world: World,
    lines: Vec<Rc<TraceLine>>,
    failures: Vec<ExpectFailure>,
    /// The step that was not run, and the steps from it on that were dropped.
    limit: Option<(TimerLimit, usize)>,
}

fn run(mut scenario: Scenario) -> Run {
    let mut lines = Vec::new();
    let (mut world, streamed) = runner::run_within(&scenario, MAX_TIMERS, |l| {
        lines.push(Rc::new(l));
        ControlFlow::Continue(())
    });
    let mut limit = None;
    if let Ending::TimerLimit(l) = streamed.ending {
        // The world is part-way through that step: the steps before it give it as it was.
        let dropped = scenario.steps.len() - l.step;
        scenario.steps.truncate(l.step);
        lines.retain(|line| line.step < l.step);
        world = runner::run_with(&scenario, |_| {}).0;
        limit = Some((l, dropped));
    }
    Run { scenario, world, lines, failures: streamed.failures, limit }
}

/// What the learner is told when a scenario stopped at the bound.
pub fn stopped(limit: &TimerLimit, dropped: usize) -> String {
    format!(
        "Stopped at {limit}. Loaded the {} step(s) before it; {dropped} step(s) from it on were not run.",
        limit.step
    )
}

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
    /// Why the last save failed (the session lives on in memory; the next change tries again).
    pub unsaved: Option<String>,
    /// A saved session that could not be restored.
    pub unreadable: Option<Unreadable>,
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
    /// The outcome of saving the session: why it failed, or `None`.
    Saved(Option<String>),
    /// The unreadable session was downloaded (`true`) or its message dismissed (`false`).
    Unreadable(bool),
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

    /// Keeps the present session for Undo, then runs another; says where it stopped, if it did.
    fn replace(&mut self, scenario: Scenario) {
        if !self.scenario.steps.is_empty() {
            self.undo = Some(self.scenario.clone());
        }
        if let Some((limit, dropped)) = self.replay(scenario) {
            self.error = Some(stopped(&limit, dropped));
        }
    }

    /// A session from a scenario, and where it stopped if an `Advance` reached [`MAX_TIMERS`].
    pub fn start(scenario: Scenario) -> (Lab, Option<(TimerLimit, usize)>) {
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
            unsaved: None,
            unreadable: None,
        };
        let limit = lab.replay(scenario);
        (lab, limit)
    }

    /// Runs a whole scenario from the start (only the steps before an `Advance` that would fire
    /// more than [`MAX_TIMERS`] timers, which it returns).
    fn replay(&mut self, scenario: Scenario) -> Option<(TimerLimit, usize)> {
        let run = run(scenario);
        self.notice = (!run.failures.is_empty()).then(|| {
            let list: Vec<String> = run.failures.iter().map(|f| f.to_string()).collect();
            format!("Expectations that did not hold: {}", list.join("; "))
        });
        self.world = run.world;
        self.lines = run.lines;
        self.scenario = run.scenario;
        self.ticking = false;
        self.view(None);
        self.announce_last();
        run.limit
    }

    /// Runs one step on a copy of the world, within [`MAX_TIMERS`]; keeps the copy if it ran.
    fn step(&mut self, index: usize, event: &Event, max_timers: usize) -> Result<Vec<Rc<TraceLine>>, TimerLimit> {
        let mut world = self.world.clone();
        let mut lines = Vec::new();
        world.step_each(index, event, max_timers, |l| {
            lines.push(Rc::new(l));
            ControlFlow::Continue(())
        })?;
        self.world = world;
        Ok(lines)
    }

    /// Adds a step, or says why not (the session is then as it was).
    fn push(&mut self, event: Event) {
        let index = self.scenario.steps.len();
        match self.step(index, &event, MAX_TIMERS) {
            Ok(lines) => {
                self.scenario.steps.push(Step::Event(event));
                self.lines.extend(lines);
                self.announce_last();
            }
            Err(limit) => self.refuse(&limit),
        }
    }

    fn refuse(&mut self, limit: &TimerLimit) {
        self.playing = false;
        self.ticking = false;
        self.error = Some(format!("Not run — {limit}. The session is as it was before it."));
        self.announcement = "Not run: too many timers.".into();
    }

    /// A clock tick extends the previous tick's `Advance` instead of adding a step: the trace is
    /// the same as one longer advance, and the saved session stays short. The extended step too
    /// fires at most [`MAX_TIMERS`] timers (so that it replays): past that, a tick is a new step.
    fn tick(&mut self, by: Millis) {
        let index = self.scenario.steps.len().wrapping_sub(1);
        let fired = self.lines.iter().rev().take_while(|l| l.step == index).filter(|l| l.timer().is_some()).count();
        let extend = self.ticking && matches!(self.scenario.steps.last(), Some(Step::Event(Event::Advance { .. })));
        if extend {
            if let Ok(lines) = self.step(index, &Event::Advance { by }, MAX_TIMERS.saturating_sub(fired)) {
                if let Some(Step::Event(Event::Advance { by: total })) = self.scenario.steps.last_mut() {
                    *total += by;
                }
                self.lines.pop();
                self.lines.extend(lines);
                self.announce_last();
                return;
            }
        }
        self.push(Event::Advance { by });
        self.ticking = self.playing;
    }

    /// Describes the newest line for the aria-live region — for an `Advance`, the newest timer it
    /// fired that did something — and says so when it had no effect.
    fn announce_last(&mut self) {
        let Some(last) = self.lines.last() else { return };
        let quiet = |l: &TraceLine| l.rules.is_empty() && l.error.is_none() && l.failed.is_empty();
        let line = if quiet(last) {
            self.lines.iter().rev().take_while(|l| l.step == last.step).find(|l| !quiet(l)).unwrap_or(last)
        } else {
            last
        };
        let head = match line.timer() {
            Some(timer) => format!("Timer {timer} fired"),
            None => line.event_name().to_string(),
        };
        let mut text = format!("{head}: session {}, conference {}", line.state.session, line.state.conference);
        let tags: Vec<&str> = line.rules.iter().map(|t| t.name()).collect();
        if !tags.is_empty() {
            text += &format!(" ({})", tags.join(", "));
        }
        if let Some(e) = line.error {
            text += &format!(". Throws {e}");
        }
        if quiet(line) && line.timer().is_none() && !matches!(line.event_name(), "Advance") {
            text += ". No effect now: no rule applies in this state";
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
                | Action::Saved(_)
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
            // From a past moment every way of moving on branches, as an event does.
            Action::Tick(by) if lab.past.is_some() => return Rc::new(lab).reduce(Action::Fire(Event::Advance { by })),
            Action::Tick(by) => lab.tick(by),
            Action::NextTimer => {
                if let Some(due) = lab.shown().next_due() {
                    let by = due - lab.shown().now();
                    if lab.past.is_some() {
                        return Rc::new(lab).reduce(Action::Fire(Event::Advance { by }));
                    }
                    lab.ticking = false;
                    lab.push(Event::Advance { by });
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
                // A configuration under which a step would fire too many timers is refused.
                let scenario = Scenario { config, ..lab.scenario.clone() };
                let mut next = lab.clone();
                match next.replay(scenario) {
                    Some((limit, _)) => {
                        lab.error = Some(format!("Configuration not applied: {limit}. The session is unchanged."));
                        return Rc::new(lab);
                    }
                    None => {
                        lab = next;
                        lab.error = None;
                    }
                }
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
                    lab.replace(previous);
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
            Action::Saved(problem) => lab.unsaved = problem,
            Action::Unreadable(downloaded) => match &mut lab.unreadable {
                Some(u) if downloaded => u.safe = true,
                _ => lab.unreadable = None,
            },
        }
        if changes_session {
            lab.revision += 1;
        }
        Rc::new(lab)
    }
}

pub type LabHandle = UseReducerHandle<Lab>;
