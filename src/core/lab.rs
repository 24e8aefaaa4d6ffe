//! The lab's session, without a browser: what the learner has done (a scenario), the world and
//! the log it led to, the moment being looked at (time travel), Undo / Redo over every action,
//! and playback that stops at breakpoints. The app renders this and forwards clicks to it; the
//! logic lives here so `cargo test` reaches it.
//!
//! Nothing a click does is proportional to the session's length, except what must replay it (a
//! past moment, a branch, a load, a configuration, undoing one of those): an event or a tick is
//! one step of the world, and its Undo keeps the world before it.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::rc::Rc;

use super::challenge;
use super::clock::TimerId;
use super::config::Config;
pub use super::course::Done;
use super::duration::{clock_text, Millis, DAY};
use super::event::{Event, EventKind};
use super::explain::span;
use super::explore::Bounds;
use super::model::SessionState;
use super::runner::{self, Ending, ExpectFailure};
use super::scenario::{Does, Scenario, Step};
use super::tables;
use super::tags::Tag;
use super::trace::{LineEvent, TraceLine};
use super::world::{TimerLimit, World, LAB_MAX_TIMERS};

/// The most timers one `Advance` may fire in the lab (also the bound for judging a call).
pub const MAX_TIMERS: usize = LAB_MAX_TIMERS;

/// The id a challenge opened from a file or a link (not from the course) is recorded under.
pub const SHARED_CHALLENGE: &str = "shared-challenge";

/// Undo keeps this many actions (and Redo as many): older ones are forgotten.
pub const HISTORY_LEVELS: usize = 100;

/// Speeds of the virtual clock (virtual seconds per real second).
pub const SPEEDS: [u32; 5] = [1, 10, 60, 600, 3600];

/// How far "to the next transition" looks ahead at most, in virtual time.
const LOOKAHEAD: Millis = 400 * DAY;

/// Where playing stops by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Breakpoint {
    /// A line that applies this rule.
    Rule(Tag),
    /// The ConferenceSession entering this state.
    State(SessionState),
    /// This timer firing.
    Timer(TimerId),
}

impl Breakpoint {
    /// Whether `line` stops here; `before` is the session's state before the line.
    fn hits(self, line: &TraceLine, before: SessionState) -> bool {
        match self {
            Breakpoint::Rule(tag) => line.has(tag),
            Breakpoint::State(s) => line.state.session == s && before != s,
            Breakpoint::Timer(id) => line.timer() == Some(id.name()),
        }
    }
}

impl Breakpoint {
    /// A short key for menus and links: `rule:T3`, `state:Connected`, `timer:D-grace`.
    pub fn key(self) -> String {
        match self {
            Breakpoint::Rule(t) => format!("rule:{t}"),
            Breakpoint::State(s) => format!("state:{s}"),
            Breakpoint::Timer(id) => format!("timer:{id}"),
        }
    }

    /// The breakpoint a [`Breakpoint::key`] names.
    pub fn from_key(key: &str) -> Option<Breakpoint> {
        let (kind, name) = key.split_once(':')?;
        match kind {
            "rule" => Tag::parse(name).map(Breakpoint::Rule),
            "state" => SessionState::parse(name).map(Breakpoint::State),
            "timer" => TimerId::parse(name).map(Breakpoint::Timer),
            _ => None,
        }
    }

    /// What it names: the tag, state or timer.
    pub fn name(self) -> &'static str {
        match self {
            Breakpoint::Rule(t) => t.name(),
            Breakpoint::State(s) => s.name(),
            Breakpoint::Timer(id) => id.name(),
        }
    }
}

impl std::fmt::Display for Breakpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Breakpoint::Rule(tag) => write!(f, "rule {tag}"),
            Breakpoint::State(s) => write!(f, "state {s}"),
            Breakpoint::Timer(id) => write!(f, "timer {id}"),
        }
    }
}

/// What Undo (or Redo) does to the session. Applying a change returns its inverse.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    /// Cut the session back to this many steps and log lines, with this world.
    Cut { steps: usize, lines: usize, world: World },
    /// Put back steps and lines that were cut, and the world after them.
    Paste { steps: Vec<Step>, lines: Vec<Rc<TraceLine>>, world: World },
    /// Run this whole scenario instead (a load, a reset, a branch, a configuration), with the
    /// lesson that was open with it.
    Swap(Scenario, Option<Box<Lesson>>),
}

impl Change {
    /// Steps this change holds (the history's memory is bounded by its levels).
    fn held(&self) -> usize {
        match self {
            Change::Cut { .. } => 0,
            Change::Paste { steps, .. } => steps.len(),
            Change::Swap(s, _) => s.steps.len(),
        }
    }
}

/// One action the learner can take back, named by what it did.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    label: String,
    change: Change,
}

/// Undo and Redo stacks, each at most [`HISTORY_LEVELS`] deep.
#[derive(Clone, Debug, Default, PartialEq)]
struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
}

impl History {
    fn record(&mut self, label: String, change: Change) {
        self.redo.clear();
        push_bounded(&mut self.undo, Entry { label, change });
    }
}

fn push_bounded(stack: &mut Vec<Entry>, entry: Entry) {
    if stack.len() == HISTORY_LEVELS {
        stack.remove(0);
    }
    stack.push(entry);
}

/// Why playing stopped by itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pause {
    /// A breakpoint was reached.
    Breakpoint(Breakpoint),
    /// The session changed state and "pause on a change" is on.
    Changed(SessionState),
    /// The step would have fired too many timers.
    Limit,
}

/// A prediction, judged by the core.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The step predicted.
    pub step: usize,
    pub chose: SessionState,
    pub actual: SessionState,
    /// The session rules the step applied (none: the state stayed as it was).
    pub rules: Vec<Tag>,
    /// The timers the step started, and those it ended (fired or stopped): what a UCMA application
    /// waits for next.
    pub started: Vec<TimerId>,
    pub stopped: Vec<TimerId>,
}

impl Answer {
    pub fn right(&self) -> bool {
        self.chose == self.actual
    }
}

/// A lesson or challenge of the course, open in the lab.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: String,
    /// Played to its last step (a lesson), or solved (a challenge).
    pub done: bool,
    /// The player reached the lesson's last step.
    ended: bool,
    pub challenge: Option<Challenge>,
}

/// An open challenge: the scene is its first `scene` steps; the learner's moves are the events
/// after them.
#[derive(Clone, Debug, PartialEq)]
pub struct Challenge {
    pub goal: serde_json::Map<String, serde_json::Value>,
    pub allowed: Vec<EventKind>,
    pub scene: usize,
    /// The shortest solution's length, as the search finds it (`None`: none within its bounds).
    pub par: Option<usize>,
    bounds: Bounds,
}

/// The learner's session.
#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    /// What the learner has done: the configuration and the steps, as a scenario.
    pub scenario: Scenario,
    /// The world after every step.
    pub world: World,
    /// The log: every line of every step.
    pub lines: Vec<Rc<TraceLine>>,
    /// The last step is an `Advance` made by the playing clock: further ticks extend it.
    ticking: bool,
    pub playing: bool,
    pub speed: u32,
    /// The log entry the learner selected, and the world as it was then (time travel).
    pub selected: Option<usize>,
    pub past: Option<World>,
    /// The player's position: the world after this many steps is shown (`None`: see `selected`).
    cursor: Option<usize>,
    /// The player moves on by itself, one step at a time.
    pub stepping: bool,
    /// Predictions: before the player applies an event step, the learner says which
    /// ConferenceSession state will follow.
    pub predicting: bool,
    /// The event step waiting for the learner's prediction.
    pub asking: Option<usize>,
    /// The last prediction, judged.
    pub answer: Option<Answer>,
    /// Predictions answered right, and answered, since the lesson opened.
    pub score: (usize, usize),
    /// The lesson or challenge of the course that is open.
    pub lesson: Option<Lesson>,
    history: History,
    pub breakpoints: Vec<Breakpoint>,
    /// Pause when the session changes state while playing at 600× or faster.
    pub pause_on_change: bool,
    /// How many lines applied each rule (the coverage), kept as lines come and go.
    exercised: BTreeMap<Tag, usize>,
    /// The log lines that moved the ConferenceSession (a session rule), in order: the diagram's
    /// last edge is found here, not by scanning the log.
    edge_lines: Vec<usize>,
    /// A problem to show (a broken link or file, a step not run); the session is kept.
    pub error: Option<String>,
    /// Something worth knowing (a loaded scenario's expectations, a branch).
    pub notice: Option<String>,
    /// What the last action did, for screen readers and the status line.
    pub announcement: String,
}

/// A scenario run within [`MAX_TIMERS`]: on the bound, only the steps before it.
struct Run {
    scenario: Scenario,
    world: World,
    lines: Vec<Rc<TraceLine>>,
    failures: Vec<ExpectFailure>,
    /// The step that was not run, and how many steps from it on were dropped.
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

/// A short name for an event step, for Undo / Redo labels.
fn event_label(event: &Event) -> String {
    match event {
        Event::Advance { by } => format!("Advance {}", span(*by)),
        e => e.kind().name().to_string(),
    }
}

impl Lab {
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
            past: None,
            cursor: None,
            stepping: false,
            predicting: false,
            asking: None,
            answer: None,
            score: (0, 0),
            lesson: None,
            history: History::default(),
            breakpoints: Vec::new(),
            pause_on_change: true,
            exercised: BTreeMap::new(),
            edge_lines: Vec::new(),
            error: None,
            notice: None,
            announcement: String::new(),
        };
        let limit = lab.replay(scenario);
        (lab, limit)
    }

    /// The world the page shows: the selected past moment, or the present.
    pub fn shown(&self) -> &World {
        self.past.as_ref().unwrap_or(&self.world)
    }

    /// Whether any line so far applied `tag`.
    pub fn exercised(&self, tag: Tag) -> bool {
        self.exercised.get(&tag).is_some_and(|n| *n > 0)
    }

    /// What Undo would take back, if anything.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo.last().map(|e| e.label.as_str())
    }

    /// What Redo would do again, if anything.
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo.last().map(|e| e.label.as_str())
    }

    /// How many actions Undo can take back.
    pub fn undo_depth(&self) -> usize {
        self.history.undo.len()
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
            steps.push(Step::event(Event::Advance { by: line.t - before }));
        }
        steps
    }

    /// How many steps the shown moment has applied (the player's position).
    pub fn shown_step(&self) -> usize {
        match (self.cursor, self.selected) {
            (Some(k), _) => k,
            (None, Some(i)) if self.past.is_some() => self.lines[i].step + 1,
            _ => self.scenario.steps.len(),
        }
    }

    /// Shows the world after the first `k` steps (the player); `k` at the end is the present.
    /// The log entry selected is the last line of those steps. Moving one step on from the
    /// player's position steps the shown world once instead of replaying.
    pub fn view_step(&mut self, k: usize) {
        let n = self.scenario.steps.len();
        if k >= n {
            self.select(None);
            // A lesson played to its last step is done.
            if let Some(l) = self.lesson.as_mut().filter(|l| l.challenge.is_none()) {
                l.ended = true;
            }
            return;
        }
        let past = match (self.past.take(), self.cursor) {
            (Some(mut world), Some(c)) if c + 1 == k => {
                if let Some(e) = self.scenario.steps[c].as_event() {
                    world.step(c, e);
                }
                world
            }
            _ => {
                runner::run_with(
                    &Scenario { steps: self.scenario.steps[..k].to_vec(), ..self.scenario.clone() },
                    |_| {},
                )
                .0
            }
        };
        self.past = Some(past);
        self.cursor = Some(k);
        self.selected = self.lines.partition_point(|l| l.step < k).checked_sub(1);
        self.playing = false;
    }

    /// The player moves one step on; at the last step it stops. With predictions on, an event
    /// step first waits for the learner's answer (and the player's own playing pauses).
    pub fn step_on(&mut self) {
        let k = self.shown_step();
        if k >= self.scenario.steps.len() {
            self.stepping = false;
            return;
        }
        if self.predicting && self.asking != Some(k) && self.scenario.steps[k].as_event().is_some() {
            self.asking = Some(k);
            self.answer = None;
            self.stepping = false;
            self.announcement = format!("Step {}: which state will the ConferenceSession be in?", k + 1);
            return;
        }
        self.asking = None;
        self.view_step(k + 1);
        self.stepping &= k + 1 < self.scenario.steps.len();
    }

    /// The learner's prediction for the step being asked: the step is applied and the answer
    /// judged against the state that follows, with the rule that decided it.
    pub fn predict(&mut self, chose: SessionState) {
        let Some(k) = self.asking.take() else { return };
        let running = |w: &World| w.timers().map(|t| t.id).collect::<Vec<_>>();
        let before = running(self.shown());
        self.view_step(k + 1);
        let after = running(self.shown());
        let actual = self.shown().local().session;
        let rules = self
            .lines
            .iter()
            .filter(|l| l.step == k)
            .flat_map(|l| l.rules.iter().copied())
            .filter(|t| tables::is_session_tag(*t))
            .collect();
        let started = after.iter().filter(|t| !before.contains(t)).copied().collect();
        let stopped = before.iter().filter(|t| !after.contains(t)).copied().collect();
        let answer = Answer { step: k, chose, actual, rules, started, stopped };
        self.score = (self.score.0 + usize::from(answer.right()), self.score.1 + 1);
        self.announcement = format!(
            "{}: the session is {actual}{}.",
            if answer.right() { "Right" } else { "Not quite" },
            match answer.rules.as_slice() {
                [] => " (no rule moved it)".to_string(),
                rules => format!(" ({})", rules.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ")),
            }
        );
        self.answer = Some(answer);
    }

    /// Turns predictions on or off.
    pub fn set_predicting(&mut self, on: bool) {
        self.predicting = on;
        self.asking = None;
        self.answer = None;
    }

    /// Opens a lesson or challenge of the course: its steps are loaded and shown before the
    /// first; a challenge's par is searched from its scene.
    pub fn open_lesson(&mut self, id: &str, scenario: Scenario) {
        let challenge = scenario.goal.clone().map(|goal| {
            let bounds = challenge::bounds(&scenario);
            let par = challenge::solve(&challenge::scene(&scenario), &bounds, &goal).map(|s| s.len());
            Challenge { goal, allowed: challenge::allowed(&scenario), scene: scenario.steps.len(), par, bounds }
        });
        let title = scenario.name.clone().unwrap_or_else(|| id.to_string());
        self.load_session(scenario, &format!("“{title}”"));
        self.lesson = Some(Lesson { id: id.to_string(), done: false, ended: false, challenge });
        self.score = (0, 0);
        self.asking = None;
        self.answer = None;
        self.view_step(0);
    }

    /// The learner's moves in the open challenge: the events fired after its scene.
    pub fn moves(&self) -> usize {
        let scene = self.lesson.as_ref().and_then(|l| l.challenge.as_ref()).map_or(0, |c| c.scene);
        self.scenario.steps.iter().skip(scene).filter(|s| s.as_event().is_some()).count()
    }

    /// What still differs from the open challenge's goal in the present (empty: solved).
    pub fn differences(&self) -> Vec<ExpectFailure> {
        match self.lesson.as_ref().and_then(|l| l.challenge.as_ref()) {
            Some(c) => challenge::differences(&c.goal, &self.world),
            None => Vec::new(),
        }
    }

    /// The next event of a shortest way from the present to the open challenge's goal.
    pub fn hint(&self) -> Option<Event> {
        let c = self.lesson.as_ref()?.challenge.as_ref()?;
        challenge::solve(&self.world, &c.bounds, &c.goal)?.into_iter().next()
    }

    /// Plays a shortest way from the present to the open challenge's goal, one event per step.
    pub fn show_solution(&mut self) -> bool {
        let Some(c) = self.lesson.as_ref().and_then(|l| l.challenge.clone()) else { return false };
        self.select(None);
        let Some(solution) = challenge::solve(&self.world, &c.bounds, &c.goal) else { return false };
        for e in solution {
            self.fire(e);
        }
        true
    }

    /// Marks the open lesson done when the player has reached its last step, a challenge when its
    /// goal holds in the present after its scene; returns what to record in the learner's
    /// progress when it just became done.
    pub fn check_done(&mut self) -> Option<Done> {
        let lesson = self.lesson.as_ref().filter(|l| !l.done)?;
        let done = match &lesson.challenge {
            Some(c) => {
                (self.past.is_none() && self.scenario.steps.len() >= c.scene && challenge::holds(&c.goal, &self.world))
                    .then(|| Done::Challenge { id: lesson.id.clone(), moves: self.moves() })
            }
            None => {
                lesson.ended.then(|| Done::Lesson { id: lesson.id.clone(), right: self.score.0, asked: self.score.1 })
            }
        }?;
        if let Some(l) = self.lesson.as_mut() {
            l.done = true;
        }
        Some(done)
    }

    /// Starts or stops the player playing its steps; from the end, it starts over.
    pub fn set_stepping(&mut self, on: bool) {
        if on && self.shown_step() >= self.scenario.steps.len() {
            self.view_step(0);
        }
        self.stepping = on;
    }

    /// The player's buttons: show the world after `k` steps (the player stops playing).
    pub fn go_to_step(&mut self, k: usize) {
        self.stepping = false;
        self.view_step(k);
    }

    /// Shows the world as it was at log entry `index` (`None`: the present). Playing stops.
    pub fn select(&mut self, index: Option<usize>) {
        self.cursor = None;
        self.selected = index.filter(|i| *i < self.lines.len());
        self.past = self.selected.map(|i| {
            let scenario = Scenario { steps: self.steps_until(i), ..self.scenario.clone() };
            runner::run_with(&scenario, |_| {}).0
        });
        if self.past.is_some() {
            self.playing = false;
        }
    }

    fn count(&mut self, lines: &[Rc<TraceLine>], by: isize) {
        for tag in lines.iter().flat_map(|l| l.rules.iter()) {
            let n = self.exercised.entry(*tag).or_default();
            *n = n.saturating_add_signed(by);
        }
    }

    fn append(&mut self, lines: Vec<Rc<TraceLine>>) {
        self.count(&lines, 1);
        let first = self.lines.len();
        for (i, line) in lines.iter().enumerate() {
            if line.session_tag().is_some() {
                self.edge_lines.push(first + i);
            }
        }
        self.lines.extend(lines);
    }

    fn cut_lines(&mut self, len: usize) -> Vec<Rc<TraceLine>> {
        let cut = self.lines.split_off(len.min(self.lines.len()));
        self.count(&cut, -1);
        self.edge_lines.truncate(self.edge_lines.partition_point(|i| *i < len));
        cut
    }

    /// The newest ConferenceSession edge taken up to the shown moment: its tag and log line.
    pub fn last_session_edge(&self) -> Option<(Tag, usize)> {
        let upto = match (&self.past, self.selected) {
            (Some(_), selected) => selected.map_or(0, |i| i + 1),
            (None, _) => self.lines.len(),
        };
        let i = *self.edge_lines[..self.edge_lines.partition_point(|i| *i < upto)].last()?;
        self.lines[i].session_tag().map(|t| (t, i))
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
        self.exercised.clear();
        self.edge_lines.clear();
        self.lines.clear();
        self.append(run.lines);
        self.scenario = run.scenario;
        self.ticking = false;
        self.select(None);
        self.announce_last();
        run.limit
    }

    /// Replaces the session by another (recorded for Undo as `label`); says where it stopped.
    fn replace(&mut self, scenario: Scenario, label: String) {
        let before = self.scenario.clone();
        let lesson = self.lesson.clone().map(Box::new);
        if let Some((limit, dropped)) = self.replay(scenario) {
            self.error = Some(stopped(&limit, dropped));
        }
        self.history.record(label, Change::Swap(before, lesson));
    }

    /// Runs one step on a copy of the world, within `max_timers`; keeps the copy if the step ran.
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

    /// Adds a step (recorded for Undo), or says why not (the session is then as it was).
    fn push(&mut self, event: Event, label: String) -> bool {
        let (steps, lines, before) = (self.scenario.steps.len(), self.lines.len(), self.world.clone());
        match self.step(steps, &event, MAX_TIMERS) {
            Ok(new) => {
                self.scenario.steps.push(Step::event(event));
                self.append(new);
                self.history.record(label, Change::Cut { steps, lines, world: before });
                self.announce_last();
                true
            }
            Err(limit) => {
                self.refuse(&limit);
                false
            }
        }
    }

    fn refuse(&mut self, limit: &TimerLimit) {
        self.playing = false;
        self.ticking = false;
        self.error = Some(format!("Not run — {limit}. The session is as it was before it."));
        self.announcement = "Not run: too many timers.".into();
    }

    /// From a past moment, every way of moving on branches: the later steps are dropped (one
    /// Undo brings them and the branch's first step back). Returns the whole session it replaced.
    fn branch_if_past(&mut self) -> Option<Scenario> {
        self.past.as_ref()?;
        let steps = match (self.cursor, self.selected) {
            (Some(k), _) => self.scenario.steps[..k].to_vec(),
            (None, Some(i)) => self.steps_until(i),
            (None, None) => return None,
        };
        let whole = self.scenario.clone();
        let scenario = Scenario { steps, ..self.scenario.clone() };
        if let Some((limit, dropped)) = self.replay(scenario) {
            self.error = Some(stopped(&limit, dropped));
        }
        self.notice = Some(format!(
            "Branched at {}: the later steps were dropped ({} steps before, {} now). Undo brings them back.",
            clock_text(self.world.now()),
            whole.steps.len(),
            self.scenario.steps.len() + 1
        ));
        Some(whole)
    }

    /// Moves on by one step; from a past moment, branches first (one Undo takes back both).
    fn move_on(&mut self, event: Event, label: String) {
        self.ticking = false;
        self.error = None;
        match self.branch_if_past() {
            Some(whole) => {
                let label = format!("{label} (a branch at {})", clock_text(self.world.now()));
                if self.push(event, label.clone()) {
                    self.history.undo.pop();
                }
                let lesson = self.lesson.clone().map(Box::new);
                self.history.record(label, Change::Swap(whole, lesson));
            }
            None => {
                self.push(event, label);
            }
        }
    }

    /// Fires an event the learner chose. In a challenge only its allowed events are taken, and
    /// always from the present (its scene is fixed).
    pub fn fire(&mut self, event: Event) {
        if let Some(c) = self.lesson.as_ref().and_then(|l| l.challenge.as_ref()) {
            if !c.allowed.contains(&event.kind()) {
                let names: Vec<&str> = c.allowed.iter().map(|k| k.name()).collect();
                self.announcement = format!("Not in this challenge: it allows {}.", names.join(", "));
                return;
            }
            if self.past.is_some() {
                self.select(None);
            }
        }
        let label = event_label(&event);
        self.move_on(event, label);
    }

    /// Advances the clock to the next timer's time.
    pub fn next_timer(&mut self) {
        let shown = self.shown();
        let Some(due) = shown.next_due() else {
            self.announcement = "No timer is running: nothing happens by itself.".into();
            return;
        };
        let by = due - shown.now();
        self.move_on(Event::Advance { by }, format!("Next timer (to {})", clock_text(due)));
    }

    /// Advances to the next line that changes any machine's state (a row of a table taken),
    /// within [`MAX_TIMERS`] timers and [`LOOKAHEAD`] of virtual time.
    pub fn to_next_transition(&mut self) {
        let shown = self.shown().clone();
        let mut world = shown.clone();
        let mut found = None;
        let outcome = world.step_each(0, &Event::Advance { by: LOOKAHEAD }, MAX_TIMERS, |l| {
            if l.taken.is_empty() {
                ControlFlow::Continue(())
            } else {
                found = Some(l.t);
                ControlFlow::Break(())
            }
        });
        match (found, outcome) {
            (Some(t), _) => {
                let label = format!("To the next transition (at {})", clock_text(t));
                self.move_on(Event::Advance { by: t - shown.now() }, label);
            }
            (None, Err(limit)) => self.refuse(&limit),
            (None, Ok(())) => {
                self.announcement = "No running timer changes a state: nothing will happen by itself.".into();
            }
        }
    }

    /// Starts or stops the clock. Playing from a past moment branches at the first tick.
    pub fn play(&mut self, on: bool) {
        self.playing = on;
        self.ticking = false;
    }

    /// The first line of a tick's lines where playing should stop, and why.
    fn pause_at(&self, lines: &[Rc<TraceLine>]) -> Option<(Millis, Pause)> {
        let mut before = self.shown().local().session;
        for line in lines {
            if let Some(b) = self.breakpoints.iter().find(|b| b.hits(line, before)) {
                return Some((line.t, Pause::Breakpoint(*b)));
            }
            if self.pause_on_change && self.speed >= 600 && line.state.session != before {
                return Some((line.t, Pause::Changed(line.state.session)));
            }
            before = line.state.session;
        }
        None
    }

    /// The playing clock moved `by` virtual time. A tick extends the previous tick's `Advance`
    /// instead of adding a step (the same trace as one longer advance; the saved session stays
    /// short); the extended step too fires at most [`MAX_TIMERS`] timers (so that it replays):
    /// past that, a tick is a new step. Stops at a breakpoint (or a change of state, if asked)
    /// on that line's moment, and says why.
    pub fn tick(&mut self, by: Millis) -> Option<Pause> {
        // Where would this tick stop? Tried on a copy of the shown world.
        let mut trial = self.shown().clone();
        let mut lines = Vec::new();
        let probe = trial.step_each(0, &Event::Advance { by }, MAX_TIMERS, |l| {
            lines.push(Rc::new(l));
            ControlFlow::Continue(())
        });
        let pause = match probe {
            Err(_) => None,
            Ok(()) => self.pause_at(&lines),
        };
        let by = pause.as_ref().map_or(by, |(t, _)| t - self.shown().now());
        if self.past.is_some() {
            self.move_on(Event::Advance { by }, format!("Play from {}", clock_text(self.shown().now())));
            self.ticking = self.playing;
        } else {
            self.extend_or_push(by);
        }
        if !self.playing {
            // Only a refused step stops the clock while a tick runs.
            return Some(Pause::Limit);
        }
        let (_, why) = pause?;
        self.playing = false;
        self.ticking = false;
        self.announcement = match &why {
            Pause::Breakpoint(b) => format!("Paused at the breakpoint on {b}. {}", self.announcement),
            Pause::Changed(s) => format!("Paused: the session is now {s}. {}", self.announcement),
            Pause::Limit => String::new(),
        };
        Some(why)
    }

    fn extend_or_push(&mut self, by: Millis) {
        let index = self.scenario.steps.len().wrapping_sub(1);
        let extend =
            self.ticking && matches!(self.scenario.steps.last().and_then(Step::as_event), Some(Event::Advance { .. }));
        if extend {
            let fired = self.lines.iter().rev().take_while(|l| l.step == index).filter(|l| l.timer().is_some()).count();
            if let Ok(lines) = self.step(index, &Event::Advance { by }, MAX_TIMERS.saturating_sub(fired)) {
                let mut lines = lines;
                if let Some(Step { does: Does::Event(Event::Advance { by: total }), .. }) =
                    self.scenario.steps.last_mut()
                {
                    *total += by;
                    // The step's closing line names the whole advance, as a replay writes it.
                    if let Some(last) = lines.last_mut() {
                        Rc::make_mut(last).event = LineEvent::Input(Event::Advance { by: *total });
                    }
                }
                // The previous tick's closing `Advance` line is replaced by this tick's lines.
                self.cut_lines(self.lines.len() - 1);
                self.append(lines);
                self.announce_last();
                return;
            }
        }
        let label = format!("Play from {}", clock_text(self.world.now()));
        self.ticking = self.push(Event::Advance { by }, label) && self.playing;
    }

    /// Replaces the session with a scenario (from a link, a file, the menu); Undo brings back
    /// the one before. A scenario with a goal is a challenge (a trainer's own) and opens as one.
    pub fn load(&mut self, scenario: Scenario, source: &str) {
        if scenario.goal.is_some() {
            return self.open_lesson(SHARED_CHALLENGE, scenario);
        }
        self.load_session(scenario, source);
    }

    fn load_session(&mut self, scenario: Scenario, source: &str) {
        self.playing = false;
        self.error = None;
        self.replace(scenario, format!("loading {source}"));
        self.lesson = None;
        self.announcement = format!("Loaded {source}. {}", self.announcement);
    }

    /// Applies a configuration: the same steps run again under it. One under which a step would
    /// fire too many timers is refused, and the session is unchanged.
    pub fn configure(&mut self, config: Config) {
        let scenario = Scenario { config, ..self.scenario.clone() };
        let mut next = self.clone();
        match next.replay(scenario) {
            Some((limit, _)) => {
                self.error = Some(format!("Configuration not applied: {limit}. The session is unchanged."));
            }
            None => {
                let before = std::mem::replace(self, next).scenario;
                self.error = None;
                let lesson = self.lesson.clone().map(Box::new);
                self.history.record("the configuration change".into(), Change::Swap(before, lesson));
            }
        }
    }

    /// Starts over with the same configuration (Undo brings the session back); in a challenge,
    /// from its scene.
    pub fn reset(&mut self) {
        self.playing = false;
        let scene = self.lesson.as_ref().and_then(|l| l.challenge.as_ref()).map_or(0, |c| c.scene);
        let steps = self.scenario.steps[..scene.min(self.scenario.steps.len())].to_vec();
        self.replace(Scenario { steps, ..self.scenario.clone() }, "starting over".into());
        self.announcement = if scene > 0 { "Back to the challenge's scene." } else { "Started over." }.into();
    }

    /// Applies a change, returning its inverse.
    fn apply(&mut self, change: Change) -> Change {
        self.select(None);
        self.ticking = false;
        match change {
            Change::Cut { steps, lines, world } => Change::Paste {
                steps: self.scenario.steps.split_off(steps.min(self.scenario.steps.len())),
                lines: self.cut_lines(lines),
                world: std::mem::replace(&mut self.world, world),
            },
            Change::Paste { steps, lines, world } => {
                let (s, l) = (self.scenario.steps.len(), self.lines.len());
                self.scenario.steps.extend(steps);
                self.append(lines);
                Change::Cut { steps: s, lines: l, world: std::mem::replace(&mut self.world, world) }
            }
            Change::Swap(scenario, lesson) => {
                let before = (self.scenario.clone(), self.lesson.take().map(Box::new));
                self.replay(scenario);
                self.lesson = lesson.map(|l| *l);
                Change::Swap(before.0, before.1)
            }
        }
    }

    /// Takes back the last action (many levels).
    pub fn undo(&mut self) {
        let Some(entry) = self.history.undo.pop() else { return };
        self.playing = false;
        let change = self.apply(entry.change);
        self.announcement = format!("Undone: {}.", entry.label);
        push_bounded(&mut self.history.redo, Entry { label: entry.label, change });
    }

    /// Does again the last action undone.
    pub fn redo(&mut self) {
        let Some(entry) = self.history.redo.pop() else { return };
        self.playing = false;
        let change = self.apply(entry.change);
        self.announcement = format!("Redone: {}.", entry.label);
        push_bounded(&mut self.history.undo, Entry { label: entry.label, change });
    }

    /// Steps held by the history (bounded by [`HISTORY_LEVELS`] times the largest session).
    pub fn history_steps(&self) -> usize {
        self.history.undo.iter().chain(&self.history.redo).map(|e| e.change.held()).sum()
    }

    /// Sets or clears a breakpoint.
    pub fn toggle_breakpoint(&mut self, b: Breakpoint) {
        match self.breakpoints.iter().position(|x| *x == b) {
            Some(i) => {
                self.breakpoints.remove(i);
                self.announcement = format!("Breakpoint on {b} cleared.");
            }
            None => {
                self.breakpoints.push(b);
                self.announcement = format!("Playing will pause on {b}.");
            }
        }
    }

    /// Describes the newest line for the status line — for an `Advance`, the newest timer it
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::duration::{HOUR, MINUTE, SECOND};
    use crate::core::event::JoinOptions;
    use crate::core::model::Modality;
    use crate::core::{library, scenario};

    fn join() -> Event {
        Event::BeginJoin(JoinOptions::default())
    }

    fn lab() -> Lab {
        Lab::start(Scenario::new(Config::default())).0
    }

    fn steps(lab: &Lab) -> usize {
        lab.scenario.steps.len()
    }

    /// The same session run from scratch: the log and the world a session must match.
    fn fresh(lab: &Lab) -> (Vec<TraceLine>, World) {
        let mut lines = Vec::new();
        let (world, _) = runner::run_with(&lab.scenario, |l| lines.push(l));
        (lines, world)
    }

    fn consistent(lab: &Lab) {
        let (lines, world) = fresh(lab);
        let ours: Vec<TraceLine> = lab.lines.iter().map(|l| (**l).clone()).collect();
        assert_eq!(ours, lines, "the log is what the steps give");
        assert_eq!(lab.world, world, "the world is what the steps give");
        for tag in Tag::ALL {
            assert_eq!(lab.exercised(*tag), lines.iter().any(|l| l.has(*tag)), "coverage of {tag}");
        }
        let last = lines.iter().enumerate().rev().find_map(|(i, l)| l.session_tag().map(|t| (t, i)));
        if lab.past.is_none() {
            assert_eq!(lab.last_session_edge(), last, "the diagram's last edge");
        }
    }

    #[test]
    fn undo_and_redo_every_kind_of_action_many_levels() {
        let mut lab = lab();
        lab.fire(join());
        lab.next_timer(); // join-response: Connected
        lab.fire(Event::FocusFailover);
        assert_eq!(lab.world.snapshot().session, SessionState::Reconnecting);
        let library = scenario::parse(library::FILES[0].1).expect("a library scenario");
        lab.load(library.clone(), "a library scenario");
        let mut cfg = lab.scenario.config.clone();
        cfg.signaling_latency = 2 * SECOND;
        lab.configure(cfg);
        lab.reset();
        assert_eq!(lab.undo_depth(), 6);
        assert_eq!(lab.undo_label(), Some("starting over"));
        let mut seen = Vec::new();
        while let Some(label) = lab.undo_label().map(str::to_string) {
            lab.undo();
            consistent(&lab);
            seen.push(label);
        }
        assert_eq!(
            seen,
            [
                "starting over",
                "the configuration change",
                "loading a library scenario",
                "FocusFailover",
                "Next timer (to day 0 · 00:00:01)",
                "BeginJoin"
            ]
        );
        assert!(lab.scenario.steps.is_empty());
        let mut redone = Vec::new();
        while let Some(label) = lab.redo_label().map(str::to_string) {
            lab.redo();
            consistent(&lab);
            redone.push(label);
        }
        seen.reverse();
        assert_eq!(redone, seen);
        assert!(lab.scenario.steps.is_empty(), "started over again");
        lab.undo();
        assert_eq!(lab.scenario.config.signaling_latency, 2 * SECOND);
        assert_eq!(lab.scenario.steps, library.steps);
    }

    #[test]
    fn a_new_action_clears_redo_and_history_is_bounded() {
        let mut lab = lab();
        lab.fire(join());
        lab.undo();
        assert_eq!(lab.redo_label(), Some("BeginJoin"));
        lab.fire(Event::Advance { by: 37 * SECOND });
        assert_eq!(lab.redo_label(), None);
        assert_eq!(lab.undo_label(), Some("Advance 37 s"));
        for _ in 0..HISTORY_LEVELS + 20 {
            lab.fire(Event::Advance { by: SECOND });
        }
        assert_eq!(lab.undo_depth(), HISTORY_LEVELS);
        while lab.undo_label().is_some() {
            lab.undo();
        }
        assert_eq!(steps(&lab), 21, "the oldest actions are forgotten, the newest 100 undone");
        consistent(&lab);
    }

    #[test]
    fn from_a_past_moment_every_way_on_branches_and_one_undo_restores() {
        let mut lab = lab();
        lab.fire(join());
        lab.next_timer();
        lab.fire(Event::FocusFailover);
        lab.fire(Event::Advance { by: MINUTE });
        let whole = lab.scenario.clone();
        let log = lab.lines.len();
        for way in 0..3 {
            lab.select(Some(1)); // after join-response: Connected
            assert_eq!(lab.shown().snapshot().session, SessionState::Connected);
            match way {
                0 => lab.fire(Event::McuFailover { modality: Modality::AudioVideo }),
                1 => lab.next_timer(),
                _ => {
                    lab.play(true);
                    lab.tick(SECOND);
                }
            }
            assert!(lab.past.is_none(), "the present is the branch");
            assert_eq!(steps(&lab), 3, "the steps up to the moment, then the new one");
            assert!(lab.notice.as_deref().is_some_and(|n| n.starts_with("Branched at")));
            consistent(&lab);
            assert!(lab.undo_label().is_some_and(|l| l.contains("a branch at")));
            lab.undo();
            assert_eq!(lab.scenario, whole, "one Undo brings the later steps back");
            assert_eq!(lab.lines.len(), log);
            consistent(&lab);
        }
    }

    #[test]
    fn play_extends_one_step_and_undoes_as_one() {
        let mut lab = lab();
        lab.fire(join());
        lab.play(true);
        for _ in 0..20 {
            assert_eq!(lab.tick(100), None);
        }
        assert_eq!(steps(&lab), 2, "one Advance for the whole play");
        assert_eq!(lab.world.now(), 2 * SECOND);
        consistent(&lab);
        lab.undo();
        assert_eq!(steps(&lab), 1);
        assert_eq!(lab.world.now(), 0);
        consistent(&lab);
    }

    #[test]
    fn a_breakpoint_on_a_rule_stops_play_on_its_line() {
        // Connected, then the Focus fails over: T6, and the reconnection attempt settles (T7)
        // a few seconds later; at 3600× one tick (50 ms) covers 3 virtual minutes.
        let mut lab = lab();
        lab.fire(join());
        lab.next_timer();
        lab.fire(Event::FocusFailover);
        lab.toggle_breakpoint(Breakpoint::Rule(Tag::T7));
        lab.pause_on_change = false;
        lab.speed = 3600;
        lab.play(true);
        let start = lab.world.now();
        let pause = lab.tick(3 * MINUTE);
        assert_eq!(pause, Some(Pause::Breakpoint(Breakpoint::Rule(Tag::T7))));
        assert!(!lab.playing);
        let last = lab.lines.iter().rev().find(|l| l.timer().is_some()).expect("a timer fired");
        assert!(last.has(Tag::T7), "the newest timer's entry is the T7 line");
        assert_eq!(lab.world.now(), last.t, "the clock stopped at that moment");
        assert!(lab.world.now() < start + 3 * MINUTE);
        assert!(lab.announcement.starts_with("Paused at the breakpoint on rule T7"));
        consistent(&lab);
    }

    #[test]
    fn pause_on_change_only_when_playing_fast() {
        let mut lab = lab();
        lab.fire(join());
        lab.speed = 60;
        lab.play(true);
        assert_eq!(lab.tick(5 * SECOND), None, "at 60× play runs on");
        lab.reset();
        lab.fire(join());
        lab.speed = 600;
        lab.play(true);
        assert_eq!(lab.tick(30 * SECOND), Some(Pause::Changed(SessionState::Connected)));
        assert_eq!(lab.world.now(), lab.lines.last().unwrap().t);
        consistent(&lab);
    }

    #[test]
    fn breakpoints_on_states_and_timers() {
        let mut lab = lab();
        lab.pause_on_change = false;
        lab.toggle_breakpoint(Breakpoint::Timer(TimerId::DInactivity));
        lab.fire(join());
        lab.play(true);
        let pause = lab.tick(2 * DAY);
        assert_eq!(pause, Some(Pause::Breakpoint(Breakpoint::Timer(TimerId::DInactivity))));
        assert_eq!(lab.lines.iter().rev().find_map(|l| l.timer()), Some("D-inactivity"));
        lab.toggle_breakpoint(Breakpoint::Timer(TimerId::DInactivity));
        assert!(lab.breakpoints.is_empty());
        lab.reset();
        lab.toggle_breakpoint(Breakpoint::State(SessionState::Connected));
        lab.fire(join());
        lab.play(true);
        assert_eq!(lab.tick(HOUR), Some(Pause::Breakpoint(Breakpoint::State(SessionState::Connected))));
        assert_eq!(lab.world.snapshot().session, SessionState::Connected);
    }

    #[test]
    fn to_the_next_transition_skips_quiet_timers() {
        let mut lab = lab();
        lab.fire(join());
        lab.to_next_transition();
        assert_eq!(lab.world.snapshot().session, SessionState::Connected);
        let last = lab.lines.iter().rev().find(|l| l.timer().is_some()).unwrap();
        assert!(!last.taken.is_empty());
        assert_eq!(lab.world.now(), last.t);
        assert!(lab.undo_label().is_some_and(|l| l.starts_with("To the next transition")));
        consistent(&lab);
    }

    #[test]
    fn a_step_past_the_timer_bound_is_not_run_and_not_recorded() {
        let mut lab = lab();
        lab.fire(join());
        lab.next_timer();
        let mut cfg = lab.scenario.config.clone();
        cfg.hop.update_interval = 1; // a route update every millisecond
        lab.configure(cfg);
        lab.fire(Event::HopFailure);
        let depth = lab.undo_depth();
        lab.fire(Event::Advance { by: HOUR });
        assert!(lab.error.as_deref().is_some_and(|e| e.starts_with("Not run")));
        assert_eq!(lab.undo_depth(), depth, "a refused step is not an action");
        consistent(&lab);
    }

    #[test]
    fn the_player_steps_from_the_first_step_and_branches_there() {
        let library = scenario::parse(library::FILES[0].1).expect("a library scenario");
        let (mut lab, _) = Lab::start(library.clone());
        let n = lab.scenario.steps.len();
        assert_eq!(lab.shown_step(), n);
        lab.view_step(0);
        assert_eq!(lab.shown_step(), 0);
        assert_eq!(lab.shown(), &World::new(library.config.clone()));
        assert_eq!(lab.selected, None);
        for k in 1..n {
            lab.view_step(k);
            assert_eq!(lab.shown_step(), k);
            let (expected, _) =
                runner::run_with(&Scenario { steps: library.steps[..k].to_vec(), ..library.clone() }, |_| {});
            assert_eq!(lab.shown(), &expected, "after {k} steps, stepping on");
            let last = lab.selected.map(|i| lab.lines[i].step);
            assert!(last.is_none_or(|s| s < k));
        }
        lab.view_step(n - 2);
        lab.set_stepping(true);
        lab.step_on();
        assert!(lab.stepping && lab.shown_step() == n - 1);
        lab.step_on();
        assert!(!lab.stepping, "the player stops at the end");
        assert!(lab.past.is_none(), "the end is the present");
        lab.set_stepping(true);
        assert_eq!((lab.shown_step(), lab.stepping), (0, true), "from the end, playing starts over");
        lab.go_to_step(2);
        assert_eq!((lab.shown_step(), lab.stepping), (2, false), "a player button stops it");
        for b in
            [Breakpoint::Rule(Tag::T3), Breakpoint::State(SessionState::Connected), Breakpoint::Timer(TimerId::DGrace)]
        {
            assert_eq!(Breakpoint::from_key(&b.key()), Some(b));
        }
        assert_eq!(Breakpoint::from_key("rule:T99"), None);
        lab.view_step(1);
        lab.fire(Event::Advance { by: SECOND });
        assert_eq!(lab.scenario.steps.len(), 2, "branched after the first step");
        lab.undo();
        assert_eq!(lab.scenario, library);
        consistent(&lab);
    }

    fn lesson() -> Scenario {
        scenario::parse(
            r#"{"name": "A first join", "steps": [
                {"event": "BeginJoin", "note": "The application asks to join."},
                {"event": "Advance", "by": "PT1S", "note": "The Focus answers."},
                {"expect": {"session": "Connected"}}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn predictions_are_asked_before_each_event_step_and_judged_by_the_core() {
        let mut lab = lab();
        lab.open_lesson("first-join", lesson());
        assert_eq!(lab.shown_step(), 0);
        lab.set_predicting(true);
        lab.step_on();
        assert_eq!(lab.asking, Some(0), "asked before BeginJoin");
        assert_eq!(lab.shown_step(), 0, "not applied yet");
        lab.predict(SessionState::Connecting);
        let a = lab.answer.clone().unwrap();
        assert!(a.right() && a.rules == [Tag::T1]);
        assert_eq!(a.started, [TimerId::JoinResponse], "the Focus's answer is awaited");
        lab.step_on();
        lab.predict(SessionState::Idle);
        let a = lab.answer.clone().unwrap();
        assert!(!a.right());
        assert_eq!((a.actual, a.rules.as_slice()), (SessionState::Connected, &[Tag::T2][..]));
        // The answer arrived (join-response fired) and the active conference's expiry waits.
        assert_eq!(
            (a.started.as_slice(), a.stopped.as_slice()),
            (&[TimerId::DInactivity][..], &[TimerId::JoinResponse, TimerId::DExpiry][..])
        );
        assert_eq!(lab.score, (1, 2));
        assert_eq!(lab.check_done(), None);
        lab.step_on(); // the expectation: nothing to predict
        assert_eq!(lab.asking, None);
        assert_eq!(
            lab.check_done(),
            Some(Done::Lesson { id: "first-join".into(), right: 1, asked: 2 }),
            "the last step reached"
        );
        assert_eq!(lab.check_done(), None, "done once");
    }

    #[test]
    fn a_challenge_counts_allowed_moves_against_par_and_is_solved_in_the_present() {
        let challenge = scenario::parse(
            r#"{"steps": [ { "event": "BeginJoin", "mode": "TrustedParticipant" }, { "event": "Advance", "by": "PT1S" },
                         { "event": "ParticipantJoins", "participant": "pstn1", "kind": "Pstn" } ],
              "goal": { "roster": [], "conference": "Deactivated" },
              "allowed": ["ParticipantJoins", "ParticipantLeaves", "Advance"] }"#,
        )
        .unwrap();
        let mut lab = lab();
        lab.open_lesson("remove-pstn", challenge);
        let c = lab.lesson.as_ref().unwrap().challenge.clone().unwrap();
        assert_eq!((c.scene, c.par), (3, Some(1)));
        assert_eq!(lab.shown_step(), 0, "opens before the first step");
        lab.fire(Event::BeginTerminate);
        assert!(lab.announcement.starts_with("Not in this challenge"));
        assert_eq!(lab.scenario.steps.len(), 3);
        assert!(!lab.differences().is_empty());
        assert!(matches!(lab.hint(), Some(Event::Advance { .. })));
        lab.fire(Event::Advance { by: MINUTE });
        assert_eq!(lab.moves(), 1, "fired from the present, after the scene");
        assert_eq!(lab.check_done(), None);
        lab.reset();
        assert_eq!((lab.scenario.steps.len(), lab.moves()), (3, 0), "start over: the scene again");
        // Undo takes back the start over, then the moves, then the opening of the challenge.
        lab.undo();
        assert_eq!(lab.moves(), 1);
        lab.undo();
        lab.undo();
        assert!(lab.lesson.is_none() && lab.scenario.steps.is_empty(), "the session before the challenge");
        lab.redo();
        assert_eq!(lab.lesson.as_ref().map(|l| l.id.as_str()), Some("remove-pstn"), "Redo opens it again");
        lab.redo();
        lab.redo();
        assert_eq!((lab.scenario.steps.len(), lab.moves()), (3, 0));
        assert!(lab.show_solution());
        assert!(lab.differences().is_empty());
        assert_eq!(lab.check_done(), Some(Done::Challenge { id: "remove-pstn".into(), moves: 1 }));
    }
}
