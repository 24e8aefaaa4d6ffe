//! The explorer: an exhaustive breadth-first search of the model within stated bounds, and
//! seeded random walks for depths the search cannot reach.
//!
//! States are compared by [`World::fingerprint`] (times relative to now), so the search
//! converges; the clock moves by "advance to the next timer". Every shortest path found is a
//! valid scenario (the bounds' configuration plus the path's events).

use std::collections::{BTreeMap, HashSet};

use super::config::Config;
use super::event::{Event, EventKind, FieldSource, JoinOptions, Modification};
use super::model::{AccessLevel, ConferenceState, Identity, JoinMode, Kind, Modality, Named, SessionState};
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
    /// Stop a configuration's search once it holds this many distinct states: the memory bound
    /// (see [`DEFAULT_MAX_STATES`]). `None`: no bound.
    pub max_states: Option<usize>,
    /// The most timers one `Advance` may fire (a configuration with millisecond intervals would
    /// otherwise fire millions in one random stride); a move past it is skipped and counted.
    pub max_timers: usize,
}

/// The default state bound: a visited state costs about 40 bytes (its fingerprint and its place
/// in the tree of moves), so 20 million stay under 1 GB of peak memory (BENCHMARKS.md "Explorer").
pub const DEFAULT_MAX_STATES: usize = 20_000_000;

/// The default bound on the timers one `Advance` fires.
pub const DEFAULT_MAX_TIMERS: usize = 1_000_000;

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
            max_states: Some(DEFAULT_MAX_STATES),
            max_timers: DEFAULT_MAX_TIMERS,
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
                config.mcus = super::config::Mcus::of(&[Modality::AudioVideo]);
            }
        }
        Bounds { configs: vec![config], max_states: Some(60_000), ..Bounds::default() }
    }

    /// The concrete events tried from every state (the clock's move is added per state): each
    /// event of the bounds built by [`Event::build`] from [`Enumerate`] — every participant of
    /// the bounds (with its kind), every value of a required choice, defaults elsewhere — and,
    /// for the join and the configuration change, the variations worth searching.
    pub fn alphabet(&self) -> Vec<Event> {
        use EventKind as K;
        let mut out = Vec::new();
        for kind in &self.events {
            match kind {
                K::Advance => {}
                // Defaults leave nothing to change: search opening and closing the lobby instead.
                K::BeginModifyConferenceConfiguration => {
                    for level in [AccessLevel::Everyone, AccessLevel::Locked] {
                        out.push(Event::BeginModifyConferenceConfiguration(Modification {
                            access_level: Some(level),
                            ..Modification::default()
                        }));
                    }
                }
                _ => {
                    out.extend(Enumerate::all(self, *kind));
                    // A federated endpoint waits in the lobby; a trusted one is a leader.
                    if *kind == K::BeginJoin {
                        for (mode, identity) in [
                            (JoinMode::Default, Identity::Federated),
                            (JoinMode::TrustedParticipant, Identity::Enterprise),
                        ] {
                            out.push(Event::BeginJoin(JoinOptions { mode, identity, ..JoinOptions::default() }));
                        }
                    }
                }
            }
        }
        out
    }

    fn advances(&self) -> bool {
        self.events.contains(&EventKind::Advance)
    }
}

/// The explorer's source of event fields, an odometer over the choices an event makes: each
/// participant of the bounds (arriving with its kind), each allowed value of a required choice;
/// every defaulted field keeps its default, every optional one is left out.
struct Enumerate<'a> {
    bounds: &'a Bounds,
    /// The value chosen at each choice point, and how many values it had.
    choices: Vec<(usize, usize)>,
    at: usize,
    /// The participant drawn last (its kind is the bounds').
    last: Option<usize>,
}

impl<'a> Enumerate<'a> {
    /// Every event of `kind` the bounds allow.
    fn all(bounds: &'a Bounds, kind: EventKind) -> Vec<Event> {
        let mut e = Enumerate { bounds, choices: Vec::new(), at: 0, last: None };
        let mut out = Vec::new();
        loop {
            e.at = 0;
            match Event::build(kind, &mut e) {
                Ok(event) => out.push(event),
                Err(NoParticipants) => return out,
            }
            // Turn the odometer: the last choice point that has another value moves on.
            while let Some((value, count)) = e.choices.pop() {
                if value + 1 < count {
                    e.choices.push((value + 1, count));
                    break;
                }
            }
            if e.choices.is_empty() {
                return out;
            }
        }
    }

    fn pick(&mut self, count: usize) -> usize {
        if self.at == self.choices.len() {
            self.choices.push((0, count));
        }
        let value = self.choices[self.at].0;
        self.at += 1;
        value
    }
}

/// An event that names a participant when the bounds have none.
struct NoParticipants;

impl FieldSource for Enumerate<'_> {
    type Error = NoParticipants;

    fn participant(&mut self, _: &'static str) -> Result<String, NoParticipants> {
        if self.bounds.participants.is_empty() {
            return Err(NoParticipants);
        }
        let i = self.pick(self.bounds.participants.len());
        self.last = Some(i);
        Ok(self.bounds.participants[i].0.clone())
    }

    fn participants(&mut self, field: &'static str) -> Result<Vec<String>, NoParticipants> {
        self.participant(field).map(|id| vec![id])
    }

    fn flag(&mut self, _: &'static str, default: bool) -> Result<bool, NoParticipants> {
        Ok(default)
    }

    fn duration(&mut self, _: &'static str, default: Option<u64>) -> Result<u64, NoParticipants> {
        Ok(default.unwrap_or(0))
    }

    fn choice<E: Named>(
        &mut self,
        field: &'static str,
        allowed: &'static [E],
        default: Option<E>,
    ) -> Result<E, NoParticipants> {
        if field == "kind" {
            if let Some(kind) =
                self.last.and_then(|i| E::all().iter().find(|e| e.name_of() == self.bounds.participants[i].1.name()))
            {
                return Ok(*kind);
            }
        }
        Ok(match default {
            Some(d) => d,
            None => allowed[self.pick(allowed.len())],
        })
    }

    fn option<E: Named>(&mut self, _: &'static str) -> Result<Option<E>, NoParticipants> {
        Ok(None)
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
            steps: self.events.iter().cloned().map(Step::event).collect(),
            goal: None,
            allowed: None,
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
    /// What each configuration's search covered, in the order of `Bounds::configs` (a search
    /// cut short by the time limit lists only the configurations it began).
    pub covered: Vec<Covered>,
    /// The bound that cut the search short, if one did (the last one hit).
    pub cutoff: Option<Cutoff>,
    /// Moves skipped because their `Advance` would fire more than `Bounds::max_timers` timers.
    pub timer_limited: usize,
}

/// What the search of one configuration covered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Covered {
    /// Every path of up to this many events was tried (some longer ones too, when cut short).
    pub depth: usize,
    /// Distinct states visited.
    pub states: usize,
    /// No new state was left to expand: the search is complete at any depth.
    pub exhausted: bool,
    /// The bound that cut this configuration's search short, if one did.
    pub cutoff: Option<Cutoff>,
}

/// A bound that cut a search short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cutoff {
    /// `Bounds::max_states` distinct states were held.
    MaxStates,
    /// The caller's deadline passed.
    TimeLimit,
}

impl Cutoff {
    /// The command-line name of the bound (`--max-states`, `--time-limit`).
    pub fn name(self) -> &'static str {
        match self {
            Cutoff::MaxStates => "max-states",
            Cutoff::TimeLimit => "time-limit",
        }
    }
}

impl Report {
    pub fn unreachable(&self) -> Vec<Tag> {
        Tag::ALL.iter().copied().filter(|t| !self.tags.contains_key(t)).collect()
    }

    /// Records what a line reached; a search that checks invariants (`CHECK`) also records the
    /// ones the world breaks.
    fn record<const CHECK: bool>(&mut self, lines_tags: &[Tag], world: &World, path: impl Fn() -> Path) {
        for tag in lines_tags {
            if !self.tags.contains_key(tag) {
                self.tags.insert(*tag, path());
            }
        }
        let combo = (world.local().session, world.conference().state);
        self.combinations.entry(combo).or_insert_with(&path);
        if !CHECK {
            return;
        }
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
    search::<true>(bounds, None, &mut || false)
}

/// The exhaustive search, stopped (and reported as [`Cutoff::TimeLimit`]) as soon as
/// `out_of_time` says so. The core reads no clock: the caller's closure does (it is asked every
/// few hundred moves).
pub fn explore_until(bounds: &Bounds, mut out_of_time: impl FnMut() -> bool) -> Report {
    search::<true>(bounds, None, &mut out_of_time)
}

/// The shortest path to a goal (the app's "how do I reach …?"). Invariants are not checked on
/// the way: the answer does not depend on them, and their checks and messages stay out of the
/// wasm bundle, where this is the only search.
pub fn shortest(bounds: &Bounds, goal: Goal) -> Option<Path> {
    let report = search::<false>(bounds, Some(goal), &mut || false);
    goal.path(&report)
}

/// How often (in moves) a search or a walk asks whether its time is up.
const CLOCK_EVERY: usize = 256;

/// A move from a state: an event of the alphabet (by index), or the clock's advance to the next
/// timer. A visited state keeps only its parent and its move (16 bytes), not its world: worlds
/// are rebuilt by replaying the path (the core is deterministic), which keeps memory per state
/// small (BENCHMARKS.md "Explorer").
#[derive(Clone, Copy, Debug)]
enum Move {
    Alphabet(u32),
    NextTimer,
}

/// One configuration's search: the visited states as a tree of moves.
struct Tree<'a> {
    config: &'a Config,
    alphabet: &'a [Event],
    max_timers: usize,
    /// (parent, move); node 0 is the start.
    nodes: Vec<(usize, Option<Move>)>,
}

impl Tree<'_> {
    /// The event a move fires from `world` (`None`: no timer runs).
    fn event(&self, world: &World, m: Move) -> Option<Event> {
        match m {
            Move::Alphabet(i) => self.alphabet.get(i as usize).cloned(),
            Move::NextTimer => next_timer(world),
        }
    }

    /// The moves from the start to a node.
    fn moves(&self, mut n: usize) -> Vec<Move> {
        let mut moves = Vec::new();
        while let (parent, Some(m)) = self.nodes[n] {
            moves.push(m);
            n = parent;
        }
        moves.reverse();
        moves
    }

    /// The world at a node, and the events that lead there.
    fn replay(&self, n: usize) -> (World, Vec<Event>) {
        let mut world = World::new(self.config.clone());
        let mut events = Vec::new();
        for m in self.moves(n) {
            if let Some(event) = self.event(&world, m) {
                let _ = world.step_tags_within(0, &event, self.max_timers);
                events.push(event);
            }
        }
        (world, events)
    }

    /// The path to a node followed by `last`.
    fn path(&self, n: usize, last: &Event) -> Path {
        let (_, mut events) = self.replay(n);
        events.push(last.clone());
        Path { config: self.config.clone(), events }
    }
}

/// The search; `CHECK`: whether the report lists the invariants the states visited break.
fn search<const CHECK: bool>(bounds: &Bounds, goal: Option<Goal>, out_of_time: &mut dyn FnMut() -> bool) -> Report {
    let mut report = Report::default();
    let alphabet = bounds.alphabet();
    let size = u32::try_from(alphabet.len()).unwrap_or(u32::MAX);
    for config in &bounds.configs {
        let mut tree = Tree { config, alphabet: &alphabet, max_timers: bounds.max_timers, nodes: vec![(0, None)] };
        let mut seen = HashSet::from([World::new(config.clone()).fingerprint()]);
        // The nodes to expand next; siblings are adjacent, so their parent's world is rebuilt once.
        let mut frontier = vec![0usize];
        let mut covered = Covered::default();
        'layers: while covered.depth < bounds.depth {
            if frontier.is_empty() {
                covered.exhausted = true;
                break;
            }
            let mut next = Vec::new();
            let mut parent: Option<(usize, World)> = None;
            for &node in &frontier {
                let world = match tree.nodes[node] {
                    (_, None) => World::new(config.clone()),
                    (p, Some(m)) => {
                        let parent_world = match parent.take() {
                            Some((q, w)) if q == p => w,
                            _ => tree.replay(p).0,
                        };
                        let mut world = parent_world.clone();
                        if let Some(event) = tree.event(&world, m) {
                            let _ = world.step_tags_within(0, &event, bounds.max_timers);
                        }
                        parent = Some((p, parent_world));
                        world
                    }
                };
                let advance = bounds.advances() && world.next_due().is_some();
                let moves = (0..size).map(Move::Alphabet).chain(advance.then_some(Move::NextTimer));
                for m in moves {
                    let Some(event) = tree.event(&world, m) else { continue };
                    if report.transitions.is_multiple_of(CLOCK_EVERY) && out_of_time() {
                        covered.cutoff = Some(Cutoff::TimeLimit);
                        break 'layers;
                    }
                    let mut w = world.clone();
                    report.transitions += 1;
                    let Ok(tags) = w.step_tags_within(0, &event, bounds.max_timers).map(<[Tag]>::to_vec) else {
                        report.timer_limited += 1;
                        continue;
                    };
                    let fresh = seen.insert(w.fingerprint());
                    report.record::<CHECK>(&tags, &w, || tree.path(node, &event));
                    if goal.is_some_and(|g| g.met(&report)) {
                        covered.states = seen.len();
                        report.states += seen.len();
                        report.covered.push(covered);
                        return report;
                    }
                    if fresh {
                        tree.nodes.push((node, Some(m)));
                        next.push(tree.nodes.len() - 1);
                        if bounds.max_states.is_some_and(|max| seen.len() >= max) {
                            covered.cutoff = Some(Cutoff::MaxStates);
                            break 'layers;
                        }
                    }
                }
            }
            frontier = next;
            covered.depth += 1;
        }
        if covered.depth == bounds.depth && covered.cutoff.is_none() && frontier.is_empty() {
            covered.exhausted = true;
        }
        covered.states = seen.len();
        report.states += seen.len();
        report.cutoff = covered.cutoff.or(report.cutoff);
        report.covered.push(covered);
        if covered.cutoff == Some(Cutoff::TimeLimit) {
            break;
        }
    }
    report
}

#[cfg(not(target_arch = "wasm32"))]
pub use walks::{random_walks, random_walks_until, shrink, WalkReport};

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
    use super::{next_timer, Bounds, Cutoff, Path, CLOCK_EVERY};

    /// What the random walks did.
    #[derive(Clone, Debug, PartialEq)]
    pub struct WalkReport {
        /// Walks begun.
        pub walks: usize,
        pub steps: usize,
        pub tags: BTreeMap<Tag, usize>,
        /// The first invariant that failed, with a minimal reproducing path.
        pub failure: Option<(String, Path)>,
        /// Walks ended early because an `Advance` would fire more than `Bounds::max_timers`.
        pub timer_limited: usize,
        /// Set when the deadline ended the walks before all of them ran.
        pub cutoff: Option<Cutoff>,
    }

    /// Durations a random walk may advance by, besides "to the next timer".
    const STRIDES: [u64; 5] = [SECOND, 30 * SECOND, 10 * MINUTE, 90 * MINUTE, 86_400 * SECOND];

    /// `walks` random walks of `depth` events each, reproducible from `seed`.
    pub fn random_walks(bounds: &Bounds, walks: usize, seed: u64) -> WalkReport {
        random_walks_until(bounds, walks, seed, || false)
    }

    /// The walks the random generator takes: a walk's events are drawn again from its starting
    /// generator when it fails, so no walk keeps its events (memory does not grow with depth).
    struct Walker<'a> {
        bounds: &'a Bounds,
        alphabet: Vec<Event>,
    }

    impl Walker<'_> {
        /// The configuration of a walk (its first draw).
        fn config(&self, rng: &mut SmallRng) -> super::Config {
            self.bounds.configs[rng.random_range(0..self.bounds.configs.len())].clone()
        }

        /// The next event of a walk from `world`; `None` when there is nothing to fire.
        fn event(&self, rng: &mut SmallRng, world: &World) -> Option<Event> {
            let (alphabet, advances) = (&self.alphabet, self.bounds.advances());
            if alphabet.is_empty() && !advances {
                return None;
            }
            let roll = rng.random_range(0..alphabet.len() + 4);
            Some(match roll.checked_sub(alphabet.len()) {
                None => alphabet[roll].clone(),
                Some(0) if advances => next_timer(world).unwrap_or(Event::Advance { by: SECOND }),
                Some(_) if advances => Event::Advance { by: STRIDES[rng.random_range(0..STRIDES.len())] },
                Some(_) => alphabet[rng.random_range(0..alphabet.len())].clone(),
            })
        }

        /// The first `n` events of the walk that starts from `rng`.
        fn events(&self, mut rng: SmallRng, n: usize) -> Path {
            let config = self.config(&mut rng);
            let mut world = World::new(config.clone());
            let mut events = Vec::with_capacity(n);
            for i in 0..n {
                let Some(event) = self.event(&mut rng, &world) else { break };
                let _ = world.step_tags_within(i, &event, self.bounds.max_timers);
                events.push(event);
            }
            Path { config, events }
        }
    }

    /// [`random_walks`], stopped (and reported as [`Cutoff::TimeLimit`]) as soon as
    /// `out_of_time` says so; the core reads no clock, the caller's closure does.
    pub fn random_walks_until(
        bounds: &Bounds,
        walks: usize,
        seed: u64,
        mut out_of_time: impl FnMut() -> bool,
    ) -> WalkReport {
        let mut rng = SmallRng::seed_from_u64(seed);
        let walker = Walker { bounds, alphabet: bounds.alphabet() };
        let mut report =
            WalkReport { walks: 0, steps: 0, tags: BTreeMap::new(), failure: None, timer_limited: 0, cutoff: None };
        for _ in 0..walks {
            if out_of_time() {
                report.cutoff = Some(Cutoff::TimeLimit);
                return report;
            }
            let start = rng.clone();
            let mut world = World::new(walker.config(&mut rng));
            report.walks += 1;
            for i in 0..bounds.depth {
                if i > 0 && i.is_multiple_of(CLOCK_EVERY) && out_of_time() {
                    report.cutoff = Some(Cutoff::TimeLimit);
                    return report;
                }
                let Some(event) = walker.event(&mut rng, &world) else { break };
                match world.step_tags_within(i, &event, bounds.max_timers) {
                    Ok(tags) => tags.iter().for_each(|tag| *report.tags.entry(*tag).or_default() += 1),
                    Err(_) => {
                        report.timer_limited += 1;
                        break;
                    }
                }
                report.steps += 1;
                if let Some(violation) = world.invariant_violations().into_iter().next() {
                    let path = walker.events(start, i + 1);
                    let path = shrink(path, |p| !out_of_time() && breaks(p, &violation, bounds.max_timers));
                    report.failure = Some((violation, path));
                    return report;
                }
            }
        }
        report
    }

    /// Whether replaying a path breaks an invariant (within the timer bound).
    fn breaks(path: &Path, violation: &str, max_timers: usize) -> bool {
        let mut world = World::new(path.config.clone());
        path.events.iter().enumerate().any(|(i, e)| {
            world.step_tags_within(i, e, max_timers).is_ok()
                && world.invariant_violations().iter().any(|v| v == violation)
        })
    }

    /// Drops events one at a time while `keeps` still holds: a minimal path (no single event can
    /// go) that keeps the property.
    pub fn shrink(mut path: Path, mut keeps: impl FnMut(&Path) -> bool) -> Path {
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
