//! Challenges (SCENARIOS.md "Lessons and challenges"): a scene (the scenario's steps), a goal (a
//! partial snapshot, compared as `expect` compares) and the events the learner may use. The
//! learner's moves are counted against par: the length of the shortest sequence of allowed
//! events from the scene to the goal, found here by a breadth-first search from the scene's world.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::event::{Event, EventKind};
use super::explore::Bounds;
use super::model::Kind;
use super::runner::{check, ExpectFailure};
use super::scenario::Scenario;
use super::world::World;

/// How far the search looks: more moves than any challenge should need.
pub const MAX_MOVES: usize = 8;

/// The most states one search visits (about 2 KB each while in its layer): the memory bound.
pub const MAX_STATES: usize = 60_000;

/// An `Advance` move may stop at any of the next few due times (a learner's one advance can pass
/// several timers).
const ADVANCE_REACH: usize = 3;

/// What still differs from the goal in `world` (empty: the goal holds).
pub fn differences(goal: &Map<String, Value>, world: &World) -> Vec<ExpectFailure> {
    check(0, goal, &world.snapshot())
}

/// Whether the goal holds in `world`.
pub fn holds(goal: &Map<String, Value>, world: &World) -> bool {
    differences(goal, world).is_empty()
}

/// The events a challenge allows (`None` in the file: every event).
pub fn allowed(scenario: &Scenario) -> Vec<EventKind> {
    scenario.allowed.clone().unwrap_or_else(|| EventKind::ALL.to_vec())
}

/// The search's bounds for a challenge: its configuration and allowed events, the participants
/// its scene names (with their kinds), and one newcomer of each kind when joining is allowed.
pub fn bounds(scenario: &Scenario) -> Bounds {
    let events = allowed(scenario);
    let mut participants: Vec<(String, Kind)> = Vec::new();
    for e in scenario.events() {
        if let Event::ParticipantJoins(a) = e {
            if !participants.iter().any(|(id, _)| *id == a.participant) {
                participants.push((a.participant.clone(), a.kind));
            }
        }
    }
    if events.contains(&EventKind::ParticipantJoins) {
        // Whoever the goal names may arrive, as any kind of participant; so may a newcomer.
        let named = scenario.goal.iter().flat_map(|g| ["roster", "lobby"].map(|k| g.get(k)));
        let ids: Vec<String> = named
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .filter(|id| id != "local" && !participants.iter().any(|(p, _)| p == id))
            .collect();
        for kind in Kind::ALL {
            for id in &ids {
                participants.push((id.clone(), *kind));
            }
            participants.push((format!("new-{}", kind.name().to_ascii_lowercase()), *kind));
        }
    }
    Bounds {
        configs: vec![scenario.config.clone()],
        depth: MAX_MOVES,
        events,
        participants,
        max_states: Some(MAX_STATES),
        ..Bounds::default()
    }
}

/// The moves tried from a world: the alphabet, and an advance to each of the next due times.
fn moves(world: &World, alphabet: &[Event], advance: bool) -> Vec<Event> {
    let mut out = alphabet.to_vec();
    if advance {
        let mut dues: Vec<u64> = world.timers().map(|t| t.due).collect();
        dues.sort_unstable();
        dues.dedup();
        out.extend(dues.into_iter().take(ADVANCE_REACH).map(|due| Event::Advance { by: due - world.now() }));
    }
    out
}

/// A shortest sequence of allowed events from `start` after which the goal holds (empty when it
/// already does), or `None` when none is found within the bounds' depth and states.
pub fn solve(start: &World, bounds: &Bounds, goal: &Map<String, Value>) -> Option<Vec<Event>> {
    if holds(goal, start) {
        return Some(Vec::new());
    }
    let alphabet = bounds.alphabet();
    let advance = bounds.events.contains(&EventKind::Advance);
    let max_states = bounds.max_states.unwrap_or(usize::MAX);
    let mut seen = HashSet::from([start.fingerprint()]);
    // Each visited state: its parent and the event that led there (node 0 is the start).
    let mut nodes: Vec<(usize, Option<Event>)> = vec![(0, None)];
    let mut layer = vec![(start.clone(), 0usize)];
    for _ in 0..bounds.depth {
        let mut next = Vec::new();
        for (world, node) in &layer {
            for event in moves(world, &alphabet, advance) {
                let mut w = world.clone();
                if w.step_tags_within(0, &event, bounds.max_timers).is_err() || !seen.insert(w.fingerprint()) {
                    continue;
                }
                nodes.push((*node, Some(event)));
                let id = nodes.len() - 1;
                if holds(goal, &w) {
                    return Some(path(&nodes, id));
                }
                if seen.len() >= max_states {
                    return None;
                }
                next.push((w, id));
            }
        }
        if next.is_empty() {
            return None;
        }
        layer = next;
    }
    None
}

fn path(nodes: &[(usize, Option<Event>)], mut n: usize) -> Vec<Event> {
    let mut events = Vec::new();
    while let (parent, Some(e)) = &nodes[n] {
        events.push(e.clone());
        n = *parent;
    }
    events.reverse();
    events
}

/// The fields of a snapshot a goal may name.
pub const GOAL_FIELDS: [&str; 11] = [
    "session",
    "conversation",
    "conference",
    "roster",
    "lobby",
    "locked",
    "access_level",
    "mcu",
    "calls",
    "local",
    "timers",
];

/// A goal that holds in `world`: the named fields of its snapshot (timers by id, as `expect`
/// lists them).
pub fn goal_from(world: &World, fields: &[&str]) -> Map<String, Value> {
    // Through its JSON text: the writer and reader the trace and the scenarios already use.
    let snapshot: Value = serde_json::to_string(&world.snapshot())
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let mut goal = Map::new();
    for f in fields.iter().filter(|f| GOAL_FIELDS.contains(f)) {
        let value = match (*f, snapshot.get(*f)) {
            ("timers", Some(Value::Array(ts))) => {
                Value::Array(ts.iter().filter_map(|t| t.get("id").cloned()).collect())
            }
            (_, Some(v)) => v.clone(),
            (_, None) => continue,
        };
        goal.insert((*f).to_string(), value);
    }
    goal
}

/// A challenge made from a session: its first `scene` steps set the scene, and the goal is
/// `fields` of the world after all of them. `None` when the goal already holds after the scene
/// (nothing to do).
pub fn from_session(session: &Scenario, scene_len: usize, fields: &[&str], name: &str) -> Option<Scenario> {
    let goal = goal_from(&super::runner::run_with(session, |_| {}).0, fields);
    let steps = session.steps[..scene_len.min(session.steps.len())].to_vec();
    let challenge = Scenario {
        name: Some(name.to_string()),
        description: Some(format!("Reach this state from the scene: {}.", Value::Object(goal.clone()))),
        steps,
        goal: Some(goal),
        allowed: None,
        ..session.clone()
    };
    (!holds(challenge.goal.as_ref()?, &scene(&challenge))).then_some(challenge)
}

/// The world after a scenario's steps (a challenge's scene).
pub fn scene(scenario: &Scenario) -> World {
    super::runner::run_with(scenario, |_| {}).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario::parse;

    fn challenge() -> Scenario {
        parse(
            r#"{ "name": "Get the PSTN caller removed without ending the meeting",
              "steps": [ { "event": "BeginJoin", "mode": "TrustedParticipant" }, { "event": "Advance", "by": "PT1S" },
                         { "event": "ParticipantJoins", "participant": "pstn1", "kind": "Pstn" } ],
              "goal": { "roster": [], "conference": "Deactivated" },
              "allowed": ["ParticipantJoins", "ParticipantLeaves", "Advance"] }"#,
        )
        .unwrap()
    }

    #[test]
    fn the_shortest_solution_reaches_the_goal_with_allowed_events() {
        let c = challenge();
        let start = scene(&c);
        let goal = c.goal.clone().unwrap();
        assert!(!holds(&goal, &start));
        let solution = solve(&start, &bounds(&c), &goal).expect("reachable");
        // One advance past the 90-minute rule does it.
        assert_eq!(solution.len(), 1, "{solution:?}");
        assert!(matches!(solution[0], Event::Advance { .. }));
        let mut w = start.clone();
        for e in &solution {
            w.step(0, e);
        }
        assert!(holds(&goal, &w));
        assert!(differences(&goal, &start).iter().any(|d| d.to_string().contains("roster")));
    }

    #[test]
    fn a_session_becomes_a_challenge_whose_goal_is_its_present_state() {
        let session = parse(
            r#"{"steps": [{"event": "BeginJoin"}, {"event": "Advance", "by": "PT1S"}, {"event": "FocusFailover"}]}"#,
        )
        .unwrap();
        let c = from_session(&session, 2, &["session", "timers"], "Fail over").expect("a challenge");
        let goal = c.goal.clone().unwrap();
        assert_eq!(goal["session"], "Reconnecting");
        assert!(goal["timers"].as_array().unwrap().iter().any(|t| t == "reconnect-attempt"));
        assert_eq!(c.steps.len(), 2);
        let text = c.to_text();
        let back = parse(&text).unwrap();
        let solution = solve(&scene(&back), &bounds(&back), back.goal.as_ref().unwrap()).unwrap();
        assert_eq!(solution, [Event::FocusFailover]);
        assert_eq!(from_session(&session, 3, &["session"], "x"), None, "the goal holds after the scene");
    }

    #[test]
    fn an_unreachable_goal_is_none() {
        let mut c = challenge();
        c.allowed = Some(vec![EventKind::ParticipantLeaves]);
        let start = scene(&c);
        assert_eq!(solve(&start, &bounds(&c), c.goal.as_ref().unwrap()), None);
    }
}
