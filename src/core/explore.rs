//! The explorer: an exhaustive breadth-first search of the model within stated bounds, and
//! seeded random walks for depths the search cannot reach.
//!
//! States are compared by [`World::fingerprint`] (times relative to now), so the search
//! converges; the clock moves by "advance to the next timer". Every shortest path found is a
//! valid scenario (the bounds' configuration plus the path's events).

use std::collections::{BTreeMap, HashSet};

use super::config::Config;
use super::event::{Arrival, Event, EventKind, JoinOptions, Modification};
use super::model::{AccessLevel, ConferenceState, Identity, JoinMode, Kind, Modality, SessionState};
use super::scenario::{Scenario, Step};
use super::tags::Tag;
use super::world::World;

/// What the search may do.
#[derive(Clone, Debug, PartialEq)]
pub struct Bounds {
    /// The configurations explored (each from scratch; findings name theirs).
    pub configs: Vec<Config>,
    /// How many events a path may have.
    pub depth: usize,
    /// Which events it may fire (`Advance` means "advance to the next timer").
    pub events: Vec<EventKind>,
    /// The other participants it may bring in, by id and kind.
    pub participants: Vec<(String, Kind)>,
    /// Stop after this many distinct states (keeps an in-browser search short).
    pub max_states: Option<usize>,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            configs: vec![Config::default()],
            depth: 5,
            events: EventKind::ALL.to_vec(),
            participants: vec![
                ("alice".into(), Kind::Enterprise),
                ("pstn".into(), Kind::Pstn),
                ("anon".into(), Kind::Anonymous),
            ],
            max_states: None,
        }
    }
}

impl Bounds {
    /// The default bounds under the default configuration and under each variant alone.
    pub fn with_each_variant(mut self) -> Self {
        let base = self.configs.first().cloned().unwrap_or_default();
        self.configs = (0..=4)
            .map(|i| {
                let mut c = base.clone();
                if i > 0 {
                    c.variants = [false; 4];
                    c.variants[i - 1] = true;
                }
                c
            })
            .collect();
        self
    }

    /// Bounds that can reach a goal from a configuration: a variant tag needs its variant on, M2
    /// a conference without one of the MCUs; everything else keeps the configuration.
    pub fn for_goal(config: &Config, goal: Goal) -> Bounds {
        let mut config = config.clone();
        if let Goal::Tag(tag) = goal {
            use super::model::Variant;
            for v in Variant::ALL {
                if Tag::of_variant(*v) == tag {
                    config.variants[*v as usize] = true;
                }
            }
            if tag == Tag::M2 && config.mcus.len() == Modality::ALL.len() {
                config.mcus = vec![Modality::AudioVideo];
            }
        }
        Bounds { configs: vec![config], max_states: Some(60_000), ..Bounds::default() }
    }

    /// The concrete events tried from every state (the clock's move is added per state).
    pub fn alphabet(&self) -> Vec<Event> {
        let ids = || self.participants.iter().map(|(id, _)| id.clone());
        let mut out = Vec::new();
        for kind in &self.events {
            use EventKind as K;
            match kind {
                K::BeginJoin => {
                    for (mode, identity) in [
                        (JoinMode::Default, Identity::Enterprise),
                        (JoinMode::Default, Identity::Federated),
                        (JoinMode::TrustedParticipant, Identity::Enterprise),
                    ] {
                        out.push(Event::BeginJoin(JoinOptions { mode, identity, ..JoinOptions::default() }));
                    }
                }
                K::BeginEject => out.extend(ids().map(|participant| Event::BeginEject { participant })),
                K::BeginAdmitLobbyParticipants => {
                    out.extend(ids().map(|p| Event::BeginAdmitLobbyParticipants { participants: vec![p] }))
                }
                K::BeginDenyLobbyParticipants => {
                    out.extend(ids().map(|p| Event::BeginDenyLobbyParticipants { participants: vec![p] }))
                }
                K::BeginModifyConferenceConfiguration => {
                    for level in [AccessLevel::Everyone, AccessLevel::Locked] {
                        out.push(Event::BeginModifyConferenceConfiguration(Modification {
                            access_level: Some(level),
                            ..Modification::default()
                        }));
                    }
                }
                K::BeginEstablishMcuCall => out.push(Event::BeginEstablishMcuCall { modality: Modality::AudioVideo }),
                K::McuFailover => out.extend(Modality::ALL.iter().map(|m| Event::McuFailover { modality: *m })),
                K::McuActivated => out.extend(Modality::ALL.iter().map(|m| Event::McuActivated { modality: *m })),
                K::ParticipantJoins => out.extend(self.participants.iter().map(|(id, kind)| {
                    Event::ParticipantJoins(Arrival {
                        participant: id.clone(),
                        kind: *kind,
                        invited: true,
                        leader: false,
                        organizer: false,
                    })
                })),
                K::ParticipantLeaves => out.extend(ids().map(|participant| Event::ParticipantLeaves { participant })),
                K::Advance => {}
                K::BeginEscalate => out.push(Event::BeginEscalate),
                K::BeginTerminate => out.push(Event::BeginTerminate),
                K::BeginTerminateConference => out.push(Event::BeginTerminateConference),
                K::BeginLockConference => out.push(Event::BeginLockConference),
                K::BeginUnlockConference => out.push(Event::BeginUnlockConference),
                K::JoinResponse => out.push(Event::JoinResponse),
                K::JoinFailed => out.push(Event::JoinFailed),
                K::EscalationFailed => out.push(Event::EscalationFailed),
                K::FocusFailover => out.push(Event::FocusFailover),
                K::DialogRecovery => out.push(Event::DialogRecovery),
                K::ReconnectSucceeded => out.push(Event::ReconnectSucceeded),
                K::ReconnectFailed => out.push(Event::ReconnectFailed),
                K::HopFailure => out.push(Event::HopFailure),
                K::RouteRepairFailed => out.push(Event::RouteRepairFailed),
                K::RouteHealed => out.push(Event::RouteHealed),
                K::LeaderAdmits => out.push(Event::LeaderAdmits),
                K::LeaderDenies => out.push(Event::LeaderDenies),
                K::LeaderEjects => out.push(Event::LeaderEjects),
                K::PresenterEndsMeeting => out.push(Event::PresenterEndsMeeting),
                K::MeetingDeleted => out.push(Event::MeetingDeleted),
                K::OrganizerDeleted => out.push(Event::OrganizerDeleted),
            }
        }
        out
    }

    fn advances(&self) -> bool {
        self.events.contains(&EventKind::Advance)
    }
}

/// The clock's move from a state: to the next timer, if one runs.
fn next_timer(world: &World) -> Option<Event> {
    world.next_due().map(|due| Event::Advance { by: due - world.now() })
}

/// A scenario that reproduces a finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub config: Config,
    pub events: Vec<Event>,
}

impl Path {
    pub fn scenario(&self, name: String) -> Scenario {
        Scenario {
            name: Some(name),
            description: None,
            config: self.config.clone(),
            steps: self.events.iter().cloned().map(Step::Event).collect(),
        }
    }
}

/// What the search found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Distinct states visited (fingerprints), over all configurations.
    pub states: usize,
    /// Events applied.
    pub transitions: usize,
    /// The shortest path that applies each reachable tag.
    pub tags: BTreeMap<Tag, Path>,
    /// The shortest path to each reachable pair of session state and conference state.
    pub combinations: BTreeMap<(SessionState, ConferenceState), Path>,
    /// Invariants that failed, each with the shortest path that breaks it.
    pub violations: Vec<(String, Path)>,
}

impl Report {
    pub fn unreachable(&self) -> Vec<Tag> {
        Tag::ALL.iter().copied().filter(|t| !self.tags.contains_key(t)).collect()
    }

    fn record(&mut self, lines_tags: &[Tag], world: &World, path: impl Fn() -> Path) {
        for tag in lines_tags {
            if !self.tags.contains_key(tag) {
                self.tags.insert(*tag, path());
            }
        }
        let combo = (world.local().session, world.conference().state);
        self.combinations.entry(combo).or_insert_with(&path);
        for v in world.invariant_violations() {
            if !self.violations.iter().any(|(w, _)| *w == v) {
                self.violations.push((v, path()));
            }
        }
    }
}

/// Where a search may stop early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Tag(Tag),
    Session(SessionState),
    Conference(ConferenceState),
}

impl Goal {
    fn met(self, report: &Report) -> bool {
        match self {
            Goal::Tag(t) => report.tags.contains_key(&t),
            Goal::Session(s) => report.combinations.keys().any(|(x, _)| *x == s),
            Goal::Conference(c) => report.combinations.keys().any(|(_, x)| *x == c),
        }
    }

    fn path(self, report: &Report) -> Option<Path> {
        match self {
            Goal::Tag(t) => report.tags.get(&t).cloned(),
            Goal::Session(s) => report
                .combinations
                .iter()
                .filter(|((x, _), _)| *x == s)
                .map(|(_, p)| p)
                .min_by_key(|p| p.events.len())
                .cloned(),
            Goal::Conference(c) => report
                .combinations
                .iter()
                .filter(|((_, x), _)| *x == c)
                .map(|(_, p)| p)
                .min_by_key(|p| p.events.len())
                .cloned(),
        }
    }
}

/// The exhaustive search.
pub fn explore(bounds: &Bounds) -> Report {
    search(bounds, None)
}

/// The shortest path to a goal (the app's "how do I reach …?").
pub fn shortest(bounds: &Bounds, goal: Goal) -> Option<Path> {
    let report = search(bounds, Some(goal));
    goal.path(&report)
}

fn search(bounds: &Bounds, goal: Option<Goal>) -> Report {
    let mut report = Report::default();
    let alphabet = bounds.alphabet();
    for config in &bounds.configs {
        // Nodes: (parent, event) so paths are rebuilt only when something is found.
        let mut nodes: Vec<(usize, Option<Event>)> = vec![(0, None)];
        let path_of = |nodes: &Vec<(usize, Option<Event>)>, mut n: usize, last: &Event| {
            let mut events = vec![last.clone()];
            while let (parent, Some(e)) = &nodes[n] {
                events.push(e.clone());
                n = *parent;
            }
            events.reverse();
            Path { config: config.clone(), events }
        };
        let start = World::new(config.clone());
        let mut seen = HashSet::from([start.fingerprint()]);
        let mut frontier = vec![(start, 0usize)];
        for _ in 0..bounds.depth {
            let mut next = Vec::new();
            for (world, node) in &frontier {
                let moves = alphabet.iter().cloned().chain(bounds.advances().then(|| next_timer(world)).flatten());
                for event in moves {
                    let mut w = world.clone();
                    let tags = w.step_tags(&event);
                    report.transitions += 1;
                    let fresh = seen.insert(w.fingerprint());
                    report.record(&tags, &w, || path_of(&nodes, *node, &event));
                    if goal.is_some_and(|g| g.met(&report)) {
                        report.states += seen.len();
                        return report;
                    }
                    if fresh {
                        nodes.push((*node, Some(event)));
                        next.push((w, nodes.len() - 1));
                    }
                }
            }
            frontier = next;
            if bounds.max_states.is_some_and(|max| seen.len() > max) {
                break;
            }
        }
        report.states += seen.len();
    }
    report
}

#[cfg(not(target_arch = "wasm32"))]
pub use walks::{random_walks, shrink, WalkReport};

/// Seeded random walks: a command-line feature, left out of the browser build.
#[cfg(not(target_arch = "wasm32"))]
mod walks {
    use std::collections::BTreeMap;

    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};

    use super::super::duration::{MINUTE, SECOND};
    use super::super::event::Event;
    use super::super::tags::Tag;
    use super::super::world::World;
    use super::{next_timer, Bounds, Path};

    /// What the random walks did.
    #[derive(Clone, Debug, PartialEq)]
    pub struct WalkReport {
        pub walks: usize,
        pub steps: usize,
        pub tags: BTreeMap<Tag, usize>,
        /// The first invariant that failed, with a minimal reproducing path.
        pub failure: Option<(String, Path)>,
    }

    /// Durations a random walk may advance by, besides "to the next timer".
    const STRIDES: [u64; 5] = [SECOND, 30 * SECOND, 10 * MINUTE, 90 * MINUTE, 86_400 * SECOND];

    /// `walks` random walks of `depth` events each, reproducible from `seed`.
    pub fn random_walks(bounds: &Bounds, walks: usize, seed: u64) -> WalkReport {
        let mut rng = SmallRng::seed_from_u64(seed);
        let alphabet = bounds.alphabet();
        let mut report = WalkReport { walks: 0, steps: 0, tags: BTreeMap::new(), failure: None };
        for _ in 0..walks {
            let config = bounds.configs[rng.random_range(0..bounds.configs.len())].clone();
            let mut world = World::new(config.clone());
            let mut events = Vec::new();
            report.walks += 1;
            for i in 0..bounds.depth {
                let roll = rng.random_range(0..alphabet.len() + 4);
                let event = match roll.checked_sub(alphabet.len()) {
                    None => alphabet[roll].clone(),
                    Some(0) if bounds.advances() => next_timer(&world).unwrap_or(Event::Advance { by: SECOND }),
                    Some(_) if bounds.advances() => Event::Advance { by: STRIDES[rng.random_range(0..STRIDES.len())] },
                    Some(_) => alphabet[rng.random_range(0..alphabet.len())].clone(),
                };
                for line in world.step(i, &event) {
                    for tag in line.rules {
                        *report.tags.entry(tag).or_default() += 1;
                    }
                }
                events.push(event);
                report.steps += 1;
                if let Some(violation) = world.invariant_violations().into_iter().next() {
                    let path = minimize(Path { config, events }, &violation);
                    report.failure = Some((violation, path));
                    return report;
                }
            }
        }
        report
    }

    /// Whether replaying a path breaks an invariant.
    fn breaks(path: &Path, violation: &str) -> bool {
        let mut world = World::new(path.config.clone());
        path.events.iter().enumerate().any(|(i, e)| {
            world.step(i, e);
            world.invariant_violations().iter().any(|v| v == violation)
        })
    }

    fn minimize(path: Path, violation: &str) -> Path {
        shrink(path, |p| breaks(p, violation))
    }

    /// Drops events one at a time while `keeps` still holds: a minimal path (no single event can
    /// go) that keeps the property.
    pub fn shrink(mut path: Path, keeps: impl Fn(&Path) -> bool) -> Path {
        let mut i = 0;
        while i < path.events.len() {
            let mut shorter = path.clone();
            shorter.events.remove(i);
            if keeps(&shorter) {
                path = shorter;
            } else {
                i += 1;
            }
        }
        path
    }
}
