//! Runs a scenario: applies its steps to a fresh world and checks its expectations.

use std::fmt;
use std::ops::ControlFlow;

use serde_json::{Map, Value};

use super::scenario::{Does, Scenario};
use super::trace::{Snapshot, TraceLine};
use super::world::{TimerLimit, World};

/// An expectation that did not hold.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectFailure {
    pub step: usize,
    /// The field, dotted for nested ones (`mcu.AudioVideo`).
    pub field: String,
    pub expected: Value,
    pub found: Value,
}

impl fmt::Display for ExpectFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {}, field `{}`: expected {}, found {}", self.step, self.field, self.expected, self.found)
    }
}

/// What running a scenario gave.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub lines: Vec<TraceLine>,
    pub failures: Vec<ExpectFailure>,
}

/// Runs every step, collecting the trace.
pub fn run(scenario: &Scenario) -> Outcome {
    let mut lines = Vec::new();
    let (_, failures) = run_with(scenario, |line| lines.push(line));
    Outcome { lines, failures }
}

/// Runs every step, handing each trace line to `on_line` as it is made; returns the final
/// world and the expectations that failed.
pub fn run_with(scenario: &Scenario, mut on_line: impl FnMut(TraceLine)) -> (World, Vec<ExpectFailure>) {
    let mut world = World::new(scenario.config.clone());
    let (failures, _) = steps(&mut world, scenario, usize::MAX, |line| {
        on_line(line);
        ControlFlow::Continue(())
    });
    (world, failures)
}

/// How a streamed run ended (see [`run_each`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Ending {
    /// Every step ran.
    Complete,
    /// `on_line` asked to stop during this step (its output closed): later steps did not run.
    Stopped { step: usize },
    /// An `Advance` would have fired more timers than allowed: later steps did not run.
    TimerLimit(TimerLimit),
}

/// What a streamed run gave: the expectations that failed among the steps run, and how it ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Streamed {
    pub failures: Vec<ExpectFailure>,
    pub ending: Ending,
}

/// Runs the steps, handing each trace line to `on_line` as it is made, in memory independent of
/// the number of lines: stops at once when `on_line` breaks, and at an `Advance` that would fire
/// more than `max_timers` timers (the command-line runner's bounds).
pub fn run_each(scenario: &Scenario, max_timers: usize, on_line: impl FnMut(TraceLine) -> ControlFlow<()>) -> Streamed {
    run_within(scenario, max_timers, on_line).1
}

/// Like [`run_each`], and gives the world back. After `Ending::Stopped` or `Ending::TimerLimit`
/// the world is part-way through the step that ended the run: drop it (run the steps before it
/// again for the world as it was).
pub fn run_within(
    scenario: &Scenario,
    max_timers: usize,
    on_line: impl FnMut(TraceLine) -> ControlFlow<()>,
) -> (World, Streamed) {
    let mut world = World::new(scenario.config.clone());
    let (failures, ending) = steps(&mut world, scenario, max_timers, on_line);
    (world, Streamed { failures, ending })
}

fn steps(
    world: &mut World,
    scenario: &Scenario,
    max_timers: usize,
    mut on_line: impl FnMut(TraceLine) -> ControlFlow<()>,
) -> (Vec<ExpectFailure>, Ending) {
    let mut failures = Vec::new();
    for (index, step) in scenario.steps.iter().enumerate() {
        match &step.does {
            Does::Event(event) => {
                let mut stopped = false;
                let mut note = step.note.clone();
                let result = world.step_each(index, event, max_timers, |mut line| {
                    // The step's note goes on its first line.
                    line.note = note.take();
                    let flow = on_line(line);
                    stopped = flow.is_break();
                    flow
                });
                if let Err(limit) = result {
                    return (failures, Ending::TimerLimit(limit));
                }
                if stopped {
                    return (failures, Ending::Stopped { step: index });
                }
            }
            Does::Expect(expect) => failures.extend(check(index, expect, &world.snapshot())),
        }
    }
    (failures, Ending::Complete)
}

/// Compares a partial snapshot with the current one: objects by the keys given, lists as sorted
/// lists, `timers` as ids that must be running.
pub fn check(step: usize, expect: &Map<String, Value>, snapshot: &Snapshot) -> Vec<ExpectFailure> {
    // The snapshot as the trace writes it, read back (the same value as `serde_json::to_value`
    // for every key an expectation may name, without a serializer into `Value` for snapshots).
    let actual = serde_json::to_string(snapshot)
        .ok()
        .and_then(|text| super::scenario::parse_json(&text).ok())
        .unwrap_or_default();
    let mut failures = Vec::new();
    let mut fail = |field: String, expected: &Value, found: Value| {
        failures.push(ExpectFailure { step, field, expected: expected.clone(), found })
    };
    for (key, expected) in expect {
        let found = actual.get(key).cloned().unwrap_or(Value::Null);
        match (key.as_str(), expected) {
            ("timers", Value::Array(ids)) => {
                let running: Vec<&str> = snapshot.timers.iter().map(|t| t.id).collect();
                for id in ids {
                    if !id.as_str().is_some_and(|id| running.contains(&id)) {
                        fail(
                            format!("timers: {}", id.as_str().unwrap_or("?")),
                            &Value::from("running"),
                            Value::from(running.clone()),
                        );
                    }
                }
            }
            (_, Value::Object(fields)) => {
                for (sub, expected) in fields {
                    let found = found.get(sub).cloned().unwrap_or(Value::Null);
                    if &found != expected {
                        fail(format!("{key}.{sub}"), expected, found);
                    }
                }
            }
            (_, Value::Array(items)) => {
                let mut want: Vec<String> = items.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect();
                want.sort_unstable();
                if Value::from(want.clone()) != found {
                    fail(key.clone(), &Value::from(want), found);
                }
            }
            _ => {
                if &found != expected {
                    fail(key.clone(), expected, found);
                }
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario::parse;

    /// Millisecond route updates advanced by an hour: 3.6 million timers in step 4.
    const STORM: &str = r#"{"config": {"signaling_latency": "PT0.001S", "hop": {"update_interval": "PT0.001S"}},
        "steps": [{"event": "BeginJoin"}, {"event": "JoinResponse"}, {"event": "BeginLockConference"},
        {"event": "HopFailure"}, {"event": "Advance", "by": "PT1H"}, {"expect": {"session": "Idle"}}]}"#;

    #[test]
    fn run_within_stops_at_the_timer_bound_and_the_steps_before_it_replay() {
        let mut scenario = parse(STORM).unwrap();
        let mut lines = 0;
        let (_, streamed) = run_within(&scenario, 10_000, |_| {
            lines += 1;
            ControlFlow::Continue(())
        });
        let Ending::TimerLimit(limit) = streamed.ending else { panic!("{:?}", streamed.ending) };
        assert_eq!((limit.step, limit.timer.name(), limit.limit), (4, "route-update", 10_000));
        assert!(limit
            .to_string()
            .starts_with("step 4: the Advance would fire more than 10000 timers (timer `route-update`"));
        assert!(streamed.failures.is_empty(), "the expectation after the bound is not checked");
        // Four lines for the first four steps, then the 10,000 timers the Advance could fire.
        assert_eq!(lines, 4 + 10_000);
        scenario.steps.truncate(limit.step);
        let (world, streamed) = run_within(&scenario, 10_000, |_| ControlFlow::Continue(()));
        assert_eq!(streamed.ending, Ending::Complete);
        assert_eq!(world, run_with(&scenario, |_| {}).0);
    }
}
