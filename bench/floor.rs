//! The floor: the ConferenceSession machine (T1–T14) as a bare `match (state, event)` over a
//! `Copy` struct — the same states, context flags and guards as the XState and JavaScript
//! `switch` machines in `bench/xstate/compare.mjs`, no allocation, no trace, no timers, no
//! conference. It is what a step costs when it does nothing but the transition, so it bounds
//! from below what `World::step_tags` can cost on the same stream.
//!
//! Written once, included by `#[path]` into the node wasm module (`bench/xstate/node`, run beside
//! XState, the JavaScript `switch` and confsim in one node process) and into the native criterion
//! benchmarks (`benches/core.rs`, group `floor`). Also here: the seeded stream all of them run
//! (mulberry32, seed 42: the stream the XState comparison has always used) and the `Event` each
//! stream name stands for in confsim.

// Each includer uses a different part of this file.
#![allow(dead_code)]

use confsim::core::duration::SECOND;
use confsim::core::event::{Event, JoinOptions};
use confsim::core::model::Identity;

/// The session states, named as confsim's `SessionState` (which the final states are compared with).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Idle,
    Connecting,
    Connected,
    InLobby,
    Reconnecting,
    Disconnecting,
    Disconnected,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Idle => "Idle",
            State::Connecting => "Connecting",
            State::Connected => "Connected",
            State::InLobby => "InLobby",
            State::Reconnecting => "Reconnecting",
            State::Disconnecting => "Disconnecting",
            State::Disconnected => "Disconnected",
        }
    }
}

/// The events of the stream (the names XState and the JavaScript `switch` receive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ev {
    BeginJoin,
    BeginJoinFederated,
    Advance,
    JoinResponse,
    JoinFailed,
    FocusFailover,
    DialogRecovery,
    ReconnectSucceeded,
    ReconnectFailed,
    RouteHealed,
    BeginTerminate,
    LeaderAdmits,
    LeaderDenies,
    LeaderEjects,
}

impl Ev {
    /// In the order the stream draws them from.
    pub const ALL: [Ev; 14] = [
        Ev::BeginJoin,
        Ev::BeginJoinFederated,
        Ev::Advance,
        Ev::JoinResponse,
        Ev::JoinFailed,
        Ev::FocusFailover,
        Ev::DialogRecovery,
        Ev::ReconnectSucceeded,
        Ev::ReconnectFailed,
        Ev::RouteHealed,
        Ev::BeginTerminate,
        Ev::LeaderAdmits,
        Ev::LeaderDenies,
        Ev::LeaderEjects,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Ev::BeginJoin => "BeginJoin",
            Ev::BeginJoinFederated => "BeginJoinFederated",
            Ev::Advance => "Advance",
            Ev::JoinResponse => "JoinResponse",
            Ev::JoinFailed => "JoinFailed",
            Ev::FocusFailover => "FocusFailover",
            Ev::DialogRecovery => "DialogRecovery",
            Ev::ReconnectSucceeded => "ReconnectSucceeded",
            Ev::ReconnectFailed => "ReconnectFailed",
            Ev::RouteHealed => "RouteHealed",
            Ev::BeginTerminate => "BeginTerminate",
            Ev::LeaderAdmits => "LeaderAdmits",
            Ev::LeaderDenies => "LeaderDenies",
            Ev::LeaderEjects => "LeaderEjects",
        }
    }

    pub fn parse(name: &str) -> Option<Ev> {
        Ev::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The confsim event this name stands for: a federated identity joins through the lobby
    /// (default SameEnterprise access level); an advance is 5 s (the join response and the
    /// Disconnecting → Disconnected step are timers within it).
    pub fn event(self) -> Event {
        match self {
            Ev::BeginJoin => Event::BeginJoin(JoinOptions::default()),
            Ev::BeginJoinFederated => {
                Event::BeginJoin(JoinOptions { identity: Identity::Federated, ..JoinOptions::default() })
            }
            Ev::Advance => Event::Advance { by: 5 * SECOND },
            Ev::JoinResponse => Event::JoinResponse,
            Ev::JoinFailed => Event::JoinFailed,
            Ev::FocusFailover => Event::FocusFailover,
            Ev::DialogRecovery => Event::DialogRecovery,
            Ev::ReconnectSucceeded => Event::ReconnectSucceeded,
            Ev::ReconnectFailed => Event::ReconnectFailed,
            Ev::RouteHealed => Event::RouteHealed,
            Ev::BeginTerminate => Event::BeginTerminate,
            Ev::LeaderAdmits => Event::LeaderAdmits,
            Ev::LeaderDenies => Event::LeaderDenies,
            Ev::LeaderEjects => Event::LeaderEjects,
        }
    }
}

/// One ConferenceSession and its context: whether the join waits in the lobby, where a
/// reconnection returns, whether it is R-hop, whether the endpoint was removed while Reconnecting
/// (the reconnection then fails, T8), and whether the Conversation was terminated (it cannot join
/// again).
#[derive(Clone, Copy, Debug)]
pub struct Session {
    pub state: State,
    lobby: bool,
    from_lobby: bool,
    hop: bool,
    removed: bool,
    terminated: bool,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

impl Session {
    pub const fn new() -> Self {
        Session { state: State::Idle, lobby: false, from_lobby: false, hop: false, removed: false, terminated: false }
    }

    /// Where a completed reconnection returns (T7 / T12), or T8 if removed meanwhile.
    #[inline(always)]
    fn back(&self) -> State {
        if self.removed {
            State::Disconnecting
        } else if self.from_lobby {
            State::InLobby
        } else {
            State::Connected
        }
    }

    #[inline(always)]
    fn reconnect(&mut self, from_lobby: bool, hop: bool) {
        self.state = State::Reconnecting;
        self.from_lobby = from_lobby;
        self.hop = hop;
        self.removed = false;
    }

    /// One event; anything a state does not accept leaves it as it is.
    #[inline(always)]
    pub fn step(&mut self, event: Ev) {
        use Ev::*;
        use State::*;
        match (self.state, event) {
            // T1
            (Idle, BeginJoin | BeginJoinFederated) if !self.terminated => {
                self.state = Connecting;
                self.lobby = event == BeginJoinFederated;
            }
            (Idle, BeginTerminate) => self.terminated = true,
            // T10 / T2, T9
            (Connecting, JoinResponse | Advance) => self.state = if self.lobby { InLobby } else { Connected },
            (Connecting, JoinFailed) => self.state = Idle,
            (Connecting, BeginTerminate) => {
                self.state = Idle;
                self.terminated = true;
            }
            // T6, T3
            (Connected, FocusFailover) => self.reconnect(false, false),
            (Connected, DialogRecovery) => self.reconnect(false, true),
            (Connected, BeginTerminate | LeaderEjects) => self.state = Disconnecting,
            // T11, T13, T14
            (InLobby, FocusFailover) => self.reconnect(true, false),
            (InLobby, DialogRecovery) => self.reconnect(true, true),
            (InLobby, LeaderAdmits) => self.state = Connected,
            (InLobby, LeaderDenies | LeaderEjects | BeginTerminate) => self.state = Disconnecting,
            // T7 / T12 (R-hop heals by RouteHealed, the others reconnect), T8
            (Reconnecting, ReconnectSucceeded | Advance) if !self.hop => self.state = self.back(),
            (Reconnecting, RouteHealed) if self.hop => self.state = self.back(),
            (Reconnecting, ReconnectFailed) if !self.hop => self.state = Disconnecting,
            (Reconnecting, BeginTerminate) => self.state = Disconnecting,
            (Reconnecting, LeaderEjects) => self.removed = true,
            (Reconnecting, LeaderDenies) if self.from_lobby => self.removed = true,
            // T4
            (Disconnecting, Advance) => self.state = Disconnected,
            _ => {}
        }
    }
}

/// Runs every episode (`episode` events each) from a fresh session; returns the sum of the final
/// states' indexes (so nothing can be optimised away).
pub fn run(events: &[Ev], episode: usize) -> u32 {
    let mut sum = 0;
    for chunk in events.chunks(episode.max(1)) {
        let mut session = Session::new();
        for &e in chunk {
            session.step(e);
        }
        sum += session.state as u32;
    }
    sum
}

/// The final state of every episode.
pub fn finals(events: &[Ev], episode: usize) -> Vec<State> {
    events
        .chunks(episode.max(1))
        .map(|chunk| {
            let mut session = Session::new();
            chunk.iter().for_each(|&e| session.step(e));
            session.state
        })
        .collect()
}

/// mulberry32 (the generator the XState comparison's stream was first written with in
/// JavaScript): a float in [0, 1) per call, bit for bit what the JavaScript one returned.
struct Mulberry32(u32);

impl Mulberry32 {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let s = self.0;
        let mut t = (s ^ (s >> 15)).wrapping_mul(1 | s);
        t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t)) ^ t;
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }
}

/// The stream: `n` events in episodes of `episode`, each episode starting with `BeginJoin`, the
/// rest drawn uniformly from [`Ev::ALL`] by mulberry32 from `seed`.
pub fn stream(seed: u32, n: usize, episode: usize) -> Vec<Ev> {
    let mut random = Mulberry32(seed);
    (0..n)
        .map(|i| {
            if i % episode.max(1) == 0 {
                Ev::BeginJoin
            } else {
                Ev::ALL[(random.next() * Ev::ALL.len() as f64) as usize]
            }
        })
        .collect()
}
