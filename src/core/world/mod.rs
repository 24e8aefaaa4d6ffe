//! The world: one conference, the local endpoint, other participants and the virtual clock.
//!
//! [`World::step`] applies one input event (or, for `Advance`, every timer due on the way) and
//! returns one [`TraceLine`] per applied event. Every machine moves only by taking a row of
//! [`tables`](super::tables) (`take_*` in [`line`]); the handlers, one file per rule family,
//! decide nothing the rows already say. Nothing here reads a wall clock or a random source: the
//! same steps give the same trace.
//!
//! - `mod.rs`: the world's data, `step`, `judge`, and the routing of events and timers.
//! - [`line`]: the line being built — rules, raised events, failures, taking rows, timers.
//! - [`guards`]: every named guard of the tables, evaluated.
//! - [`session`]: joining, terminating, escalation (T1–T5, T9, T10, T13, T14, V1).
//! - [`recovery`]: R-focus and R-hop (T6–T8, T11, T12).
//! - [`mcu`]: McuSessions and the AV call (M1–M4, R-mcu, V4).
//! - [`lobby`]: placement, participants, conference commands (L-*).
//! - [`lifecycle`]: activation, deactivation, countdowns, expiry (D-*).
//! - [`invariants`]: the model's invariants and the explorer's fingerprint.

mod guards;
mod invariants;
mod lifecycle;
mod line;
mod lobby;
mod mcu;
mod recovery;
mod session;

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use super::clock::{Command, Payload, Timer, TimerId, TimerQueue};
use super::config::Config;
use super::duration::Millis;
use super::event::{Event, EventKind, JoinOptions};
use super::model::{
    AccessLevel, CallState, ConferenceState, ConversationState, JoinMode, Kind, LeaderAssignment, LobbyBypass,
    McuState, Modality, Role, SessionState,
};
use super::tables::{call_rule, is_call, CallRule, Cause};
use super::tags::Tag;
use super::trace::{Calls, Exception, Failure, LineEvent, LocalView, McuStates, Snapshot, TimerView, TraceLine};

pub use line::Effects;

/// The most timers one step may fire in the lab (README, "The browser lab"): the lab refuses a
/// step past it, and judging a call or a diagram edge stops there too.
pub const LAB_MAX_TIMERS: usize = 10_000;

/// The participant id of the endpoint the learner drives.
pub const LOCAL: &str = "local";

/// Whether an event is legal now (see [`World::judge`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Legal: throws nothing, changes something, and is not refused when answered.
    pub legal: bool,
    /// What UCMA throws at the call.
    pub error: Option<Exception>,
    /// What the call's `End*` throws when the Focus answers.
    pub later: Vec<Failure>,
    /// Whether the event changes anything now.
    pub changes: bool,
}

/// An `Advance` that would fire more timers than allowed (see [`World::step_each`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerLimit {
    /// The input step (the `Advance`).
    pub step: usize,
    /// The first timer past the limit, and when it was due.
    pub timer: TimerId,
    pub due: Millis,
    /// How many timers the step could fire.
    pub limit: usize,
}

impl std::fmt::Display for TimerLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "step {}: the Advance would fire more than {} timers (timer `{}`, due at t = {} s, is one too many)",
            self.step,
            self.limit,
            self.timer.name(),
            super::duration::seconds_json(self.due)
        )
    }
}

/// Someone in the roster or the lobby.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub kind: Kind,
    /// Leader now (by arrival role, or promoted on entry).
    pub leader: bool,
    pub organizer: bool,
    pub invited: bool,
}

/// A participant's id in the roster or the lobby: the local endpoint's is borrowed ([`LOCAL`]),
/// so joining again allocates nothing.
pub type Id = std::borrow::Cow<'static, str>;

/// Who is in the conference, by id, with how many of each kind are in kept as it changes: the
/// D-grace check after every line then costs the same however many are in. Read it as the map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    map: BTreeMap<Id, Participant>,
    /// Indexed by `Kind as usize`.
    kinds: [u32; Kind::ALL.len()],
}

impl std::ops::Deref for Roster {
    type Target = BTreeMap<Id, Participant>;

    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl Roster {
    fn insert(&mut self, id: Id, p: Participant) {
        self.kinds[p.kind as usize] += 1;
        if let Some(old) = self.map.insert(id, p) {
            self.kinds[old.kind as usize] -= 1;
        }
    }

    fn remove(&mut self, id: &str) -> Option<Participant> {
        let p = self.map.remove(id)?;
        self.kinds[p.kind as usize] -= 1;
        Some(p)
    }

    fn clear(&mut self) {
        self.map.clear();
        self.kinds = [0; Kind::ALL.len()];
    }

    /// How many participants of this kind are in.
    pub fn count(&self, kind: Kind) -> u32 {
        self.kinds[kind as usize]
    }
}

/// Where the lobby rules send an arriving participant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Enter,
    Lobby,
}

/// The server side: the Focus's view of the conference.
#[derive(Clone, Debug, PartialEq)]
pub struct Conference {
    pub state: ConferenceState,
    pub locked: bool,
    pub access_level: AccessLevel,
    pub lobby_bypass: LobbyBypass,
    pub automatic_leader_assignment: LeaderAssignment,
    pub roster: Roster,
    pub lobby: BTreeMap<Id, Participant>,
    pub last_activation: Option<Millis>,
    /// When someone last entered (the default reading of the 24-hour rule counts from here).
    pub last_entry: Option<Millis>,
    /// Since when D-grace would have run without V3 (to tag V3 where it moved the deadline).
    pub grace_without_v3_since: Option<Millis>,
}

/// How the session came to be Reconnecting (DOMAIN.md §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Recovery {
    /// R-focus: one reconnection attempt.
    Focus,
    /// R-hop (`DialogRecovery` or a failed route repair): periodic UPDATEs, no attempt limit.
    Hop,
}

impl Recovery {
    fn tag(self) -> Tag {
        match self {
            Recovery::Focus => Tag::RFocus,
            Recovery::Hop => Tag::RHop,
        }
    }
}

/// The local application endpoint: Conversation, ConferenceSession, McuSessions, AV call.
#[derive(Clone, Debug, PartialEq)]
pub struct Local {
    pub session: SessionState,
    pub conversation: ConversationState,
    /// Indexed by [`Modality::index`].
    pub mcu: [McuState; 2],
    pub call: CallState,
    pub role: Option<Role>,
    pub mode: Option<JoinMode>,
    /// Options of the current (or last) join.
    pub join: JoinOptions,
    /// The current join came from `BeginEscalate`.
    pub escalated: bool,
    /// The session is terminating because the escalation failed: it ends in T5, not T4.
    pub escalation_failed: bool,
    /// The join waits in the lobby: `EndJoin` has not returned yet.
    pub lobby_join: bool,
    /// Set while Reconnecting: the cause, and a digest of the roster cached when it began (the
    /// fresh roster is compared with it when the reconnection succeeds).
    pub recovery: Option<(Recovery, u64)>,
}

/// The whole simulated world.
#[derive(Clone, Debug, PartialEq)]
pub struct World {
    cfg: Config,
    now: Millis,
    timers: TimerQueue,
    conf: Conference,
    local: Local,
    fx: Effects,
    /// The tags of the last [`World::step_tags`] of an `Advance`, kept to reuse the buffer.
    tags: Vec<Tag>,
}

/// For each event kind, the session states (bit `1 << state`) in which the world may do
/// anything with it as an input — see [`reach`].
static REACH: [u8; EventKind::ALL.len()] = {
    let mut out = [0; EventKind::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = reach(EventKind::ALL[i]);
        i += 1;
    }
    out
};

/// The session states in which an input event can change anything (an application call is
/// always judged, so it reaches every state): those the session rows naming it leave from, plus what its
/// handler does beyond those rows. Events whose handlers do not depend on the session reach
/// every state. A unit test walks random streams and checks that an event outside its reach
/// changes nothing.
const fn reach(kind: EventKind) -> u8 {
    use EventKind as K;
    const fn bit(s: SessionState) -> u8 {
        1 << s as u8
    }
    let beyond_rows = match kind {
        // Ends UCMA's own route repair, pending while Connected or in the lobby (R-hop).
        K::RouteHealed => bit(SessionState::Connected) | bit(SessionState::InLobby),
        // The Focus removes the endpoint still in its lobby or roster while the session
        // reconnects (the reconnection will fail) or terminates.
        K::LeaderDenies | K::LeaderEjects => bit(SessionState::Reconnecting) | bit(SessionState::Disconnecting),
        K::JoinResponse
        | K::JoinFailed
        | K::EscalationFailed
        | K::FocusFailover
        | K::DialogRecovery
        | K::ReconnectSucceeded
        | K::ReconnectFailed
        | K::LeaderAdmits => 0,
        _ => return u8::MAX,
    };
    let mut states = beyond_rows;
    let rows = super::tables::SESSION;
    let mut r = 0;
    while r < rows.len() {
        let mut c = 0;
        while c < rows[r].causes.len() {
            if let Cause::Event(k) = rows[r].causes[c] {
                if k as u8 == kind as u8 {
                    states |= bit(rows[r].from);
                }
            }
            c += 1;
        }
        r += 1;
    }
    states
}

impl World {
    /// A scheduled conference at t = 0, its expiry countdown running, the endpoint Idle.
    pub fn new(cfg: Config) -> World {
        let conf = Conference {
            state: ConferenceState::Scheduled,
            locked: false,
            access_level: cfg.access_level,
            lobby_bypass: cfg.lobby_bypass,
            automatic_leader_assignment: cfg.automatic_leader_assignment,
            roster: Roster::default(),
            lobby: BTreeMap::new(),
            last_activation: None,
            last_entry: None,
            grace_without_v3_since: None,
        };
        let local = Local {
            session: SessionState::Idle,
            conversation: ConversationState::Idle,
            mcu: [McuState::Idle; 2],
            call: CallState::Idle,
            role: None,
            mode: None,
            join: JoinOptions::default(),
            escalated: false,
            escalation_failed: false,
            lobby_join: false,
            recovery: None,
        };
        let mut world =
            World { cfg, now: 0, timers: TimerQueue::default(), conf, local, fx: Effects::default(), tags: Vec::new() };
        let due = world.expiry_due();
        world.timers.start(TimerId::DExpiry, 0, due, Payload::None);
        world
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn conference(&self) -> &Conference {
        &self.conf
    }

    pub fn local(&self) -> &Local {
        &self.local
    }

    pub fn timers(&self) -> impl Iterator<Item = &Timer> {
        self.timers.iter()
    }

    /// When the next timer fires, if any runs.
    pub fn next_due(&self) -> Option<Millis> {
        self.timers.next_due()
    }

    /// Applies one input step and returns its trace lines: for `Advance`, one per timer fired on
    /// the way and then the advance's own line; otherwise exactly one.
    pub fn step(&mut self, step: usize, event: &Event) -> Vec<TraceLine> {
        // Most steps make one line: room for exactly that (a trace line is large).
        let mut lines = Vec::with_capacity(1);
        // With no limit on timers and a sink that never stops, this cannot end early.
        let _ = self.step_each(step, event, usize::MAX, |line| {
            lines.push(line);
            ControlFlow::Continue(())
        });
        lines
    }

    /// Applies one input step like [`World::step`] but hands each trace line to `sink` as it is
    /// made, so memory does not grow with the number of lines. `sink` may return `Break` to stop
    /// at once (the runner does when its output closes). An `Advance` that would fire more than
    /// `max_timers` timers stops before the first one too many with a [`TimerLimit`]. After a
    /// `Break` or a `TimerLimit` the world is part-way through the step: drop it.
    pub fn step_each(
        &mut self,
        step: usize,
        event: &Event,
        max_timers: usize,
        mut sink: impl FnMut(TraceLine) -> ControlFlow<()>,
    ) -> Result<(), TimerLimit> {
        self.drive(event, max_timers, |world, timer| {
            let fx = &world.fx;
            sink(TraceLine {
                t: world.now,
                step,
                event: match timer {
                    Some(id) => LineEvent::Timer(id),
                    None => LineEvent::Input(event.clone()),
                },
                rules: fx.rules.to_vec(),
                error: fx.error,
                failed: fx.failed.clone(),
                raised: fx.raised.to_vec(),
                state: world.snapshot(),
                note: None,
                taken: fx.taken.clone(),
            })
        })
        .map_err(|(timer, due)| TimerLimit { step, timer, due, limit: max_timers })
    }

    /// Applies one input step like [`World::step`] but builds no trace: returns only the tags
    /// applied, line by line flattened (the explorer and the benchmarks need no snapshots). The
    /// tags live in a buffer the world reuses: stepping this way allocates nothing once warm.
    pub fn step_tags(&mut self, event: &Event) -> &[Tag] {
        match self.step_tags_within(0, event, usize::MAX) {
            Ok(tags) => tags,
            Err(_) => &[],
        }
    }

    /// [`World::step_tags`] with at most `max_timers` timers fired, as in [`World::step_each`].
    pub fn step_tags_within(&mut self, step: usize, event: &Event, max_timers: usize) -> Result<&[Tag], TimerLimit> {
        if !matches!(event, Event::Advance { .. }) {
            // One line: its own rules are the answer.
            let _ = self.drive(event, max_timers, |_, _| ControlFlow::Continue(()));
            return Ok(&self.fx.rules);
        }
        self.tags.clear();
        self.drive(event, max_timers, |world, _| {
            world.tags.extend_from_slice(&world.fx.rules);
            ControlFlow::Continue(())
        })
        .map_err(|(timer, due)| TimerLimit { step, timer, due, limit: max_timers })?;
        Ok(&self.tags)
    }

    /// Runs one input step, handing the world after each line (its effects in `fx`, and the
    /// timer, if one fired) to `sink` until `sink` breaks. Fails with the timer (and when it was
    /// due) that would be one more than `max_timers` fired by an `Advance`. The effects' buffers
    /// are reused from line to line, so stepping without a trace allocates nothing per line.
    fn drive(
        &mut self,
        event: &Event,
        max_timers: usize,
        mut sink: impl FnMut(&mut World, Option<TimerId>) -> ControlFlow<()>,
    ) -> Result<(), (TimerId, Millis)> {
        if let Event::Advance { by } = event {
            let target = self.now.saturating_add(*by);
            let mut fired = 0usize;
            while let Some(timer) = self.timers.pop_due(target) {
                if fired == max_timers {
                    return Err((timer.id, timer.due));
                }
                fired += 1;
                self.now = timer.due;
                let id = timer.id;
                self.begin_line(Cause::Timer(id));
                self.fire(timer);
                self.finish_line();
                if sink(self, Some(id)).is_break() {
                    return Ok(());
                }
            }
            self.now = target;
            self.begin_line(Cause::Event(event.kind()));
            self.finish_line();
        } else {
            let kind = event.kind();
            let cause = if is_call(kind) { Cause::Call(kind) } else { Cause::Event(kind) };
            if REACH[kind as usize] & (1 << self.local.session as u8) != 0 {
                self.begin_line(cause);
                self.apply(event, call_rule(kind));
                self.finish_line();
            } else {
                // Outside its reach the event changes nothing: its line stays empty, without
                // dispatching on the event (most events of a random stream are such no-ops).
                self.empty_line(cause);
            }
        }
        let _ = sink(self, None);
        Ok(())
    }

    /// Whether an event is legal now, judged by running it on a copy of the world: what it
    /// throws at once, whether it changes anything, and — for an application call — what the
    /// matching `End*` would throw when the Focus answers (a non-leader's command, say).
    pub fn judge(&self, event: &Event) -> Verdict {
        let mut copy = self.clone();
        let before = self.snapshot();
        let line = copy.step(0, event).pop().expect("a step yields at least one line");
        let changes = !line.rules.is_empty() || !line.failed.is_empty() || line.state != before;
        let mut later = Vec::new();
        if line.error.is_none() && call_rule(event.kind()).is_some() {
            let operation = event.kind();
            let answer = Event::Advance { by: self.cfg.signaling_latency };
            // Bounded like the app's steps: a verdict never fires millions of timers.
            let _ = copy.step_each(1, &answer, LAB_MAX_TIMERS, |l| {
                later.extend(l.failed.into_iter().filter(|f| f.operation == operation));
                ControlFlow::Continue(())
            });
        }
        let legal = matches!(event, Event::Advance { .. }) || (line.error.is_none() && changes && later.is_empty());
        Verdict { legal, error: line.error, later, changes }
    }

    /// The input event that would move the session along the diagram's edge `tag: from → to`
    /// now, with its fields at their defaults: one of the rows' causes, tried on a copy of the
    /// world (so a guard that does not hold, or a state the row does not leave, gives `None`).
    /// The lab fires it when the learner clicks the edge.
    pub fn edge_event(&self, tag: Tag, from: SessionState, to: SessionState) -> Option<Event> {
        if self.local.session != from {
            return None;
        }
        let rows = super::tables::SESSION.iter().filter(|r| r.tag == Some(tag) && r.from == from && r.to == to);
        let kinds = rows.flat_map(|r| r.causes.iter()).filter_map(|c| match c {
            Cause::Call(k) | Cause::Event(k) => Some(*k),
            _ => None,
        });
        kinds.filter_map(Event::with_defaults).find(|event| {
            let mut copy = self.clone();
            let _ = copy.step_tags_within(0, event, LAB_MAX_TIMERS);
            let taken = copy.fx.taken.iter().any(|t| {
                t.machine == super::tables::Machine::Session
                    && super::tables::SESSION.get(t.row).is_some_and(|r| r.tag == Some(tag) && r.to == to)
            });
            taken && copy.local.session == to
        })
    }

    /// The snapshot a trace line shows.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            session: self.local.session,
            conversation: self.local.conversation,
            mcu: McuStates { AudioVideo: self.local.mcu[0], InstantMessaging: self.local.mcu[1] },
            calls: Calls { AudioVideo: self.local.call },
            conference: self.conf.state,
            locked: self.conf.locked,
            access_level: self.conf.access_level,
            local: LocalView { role: self.local.role, mode: self.local.mode },
            roster: self.conf.roster.keys().map(|id| id.to_string()).collect(),
            lobby: self.conf.lobby.keys().map(|id| id.to_string()).collect(),
            timers: self.timers.iter().map(|t| TimerView { id: t.id.name(), due: t.due }).collect(),
        }
    }

    /// A digest of the roster's ids (in order): two rosters with the same ids have the same
    /// digest; caching it costs no allocation. FNV-1a over the ids, each ended by a byte no id
    /// holds (a few ids are hashed per failover: no need for SipHash's keyed strength).
    fn roster_digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for id in self.conf.roster.keys() {
            for b in id.bytes().chain([0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    }

    fn local_is_leader(&self) -> bool {
        self.conf.roster.get(LOCAL).is_some_and(|p| p.leader)
    }

    fn local_connected(&self) -> bool {
        self.local.session == SessionState::Connected
    }

    // ----- routing: each input event and each timer to its rule family ------------------------

    /// An input event; `rule` judges it when it is an application call.
    fn apply(&mut self, event: &Event, rule: Option<&CallRule>) {
        if let Some(rule) = rule {
            if let Err(e) = self.judge_call(rule) {
                self.fx.error = Some(e);
                return;
            }
        }
        use Event as E;
        match event {
            E::BeginJoin(options) => self.begin_join(options.clone(), false),
            E::BeginEscalate => self.begin_join(JoinOptions::default(), true),
            E::BeginTerminate => self.begin_terminate(),
            E::BeginTerminateConference => self.begin_terminate_conference(),
            E::JoinResponse => {
                if self.timers.cancel(TimerId::JoinResponse) {
                    self.join_answered();
                }
            }
            E::JoinFailed => self.join_failed(),
            E::EscalationFailed => self.escalation_failed(),
            E::FocusFailover => self.failover(Recovery::Focus),
            E::DialogRecovery => self.failover(Recovery::Hop),
            E::ReconnectSucceeded | E::ReconnectFailed => {
                if matches!(self.local.recovery, Some((Recovery::Focus, _))) {
                    self.reconnect_settles();
                }
            }
            E::McuFailover { modality } => self.mcu_failover(*modality),
            E::McuActivated { modality } => self.mcu_reactivated(*modality),
            E::HopFailure => self.hop_failure(),
            E::RouteRepairFailed => {
                if self.timers.cancel(TimerId::RouteRepair) {
                    self.route_repair_settles();
                }
            }
            E::RouteHealed => {
                if self.timers.cancel(TimerId::RouteRepair) {
                    self.route_repair_settles();
                } else if matches!(self.local.recovery, Some((Recovery::Hop, _))) {
                    self.reconnect_settles();
                }
            }
            E::LeaderAdmits => self.leader_admits_local(),
            // Removal by the Focus, heard or not: while Reconnecting the reconnection will fail.
            E::LeaderDenies => {
                if self.conf.lobby.contains_key(LOCAL) {
                    self.focus_removes_local(super::model::FailureReason::UserDenied);
                }
            }
            E::LeaderEjects => self.focus_removes_local(super::model::FailureReason::UserRemoved),
            E::PresenterEndsMeeting => self.meeting_ends(false),
            E::MeetingDeleted | E::OrganizerDeleted => self.meeting_ends(true),
            E::ParticipantJoins(arrival) => self.participant_joins(arrival),
            E::ParticipantLeaves { participant } => self.participant_leaves(participant),
            other => {
                if let Some(command) = Command::of(other) {
                    let after = self.cfg.signaling_latency;
                    self.timers.start(TimerId::CommandResponse, self.now, after, Payload::Command(Box::new(command)));
                }
            }
        }
    }

    fn fire(&mut self, timer: Timer) {
        use TimerId as T;
        match timer.id {
            T::JoinResponse => self.join_answered(),
            T::CommandResponse => {
                if let Payload::Command(command) = timer.payload {
                    self.command_answered(*command);
                }
            }
            T::TerminateComplete => self.termination_completes(timer.payload),
            T::ReconnectAttempt => self.reconnect_settles(),
            T::RouteRepair => self.route_repair_settles(),
            T::RouteUpdate => self.route_update(),
            T::AppRecoveryTimeout => self.app_gives_up(),
            T::McuReactivationAudioVideo => self.mcu_reactivated(Modality::AudioVideo),
            T::McuReactivationInstantMessaging => self.mcu_reactivated(Modality::InstantMessaging),
            T::LobbyTimeout => self.lobby_timeout(),
            T::DInactivity | T::DGrace | T::DEmpty => self.countdown_ends(timer),
            T::DExpiry => self.expires(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::stream;

    /// [`reach`] is right: on random streams (under the default configuration and with every
    /// variant on), wherever it says an input event cannot act, running the event's handler
    /// anyway changes nothing and puts nothing on the line.
    #[test]
    fn an_event_outside_its_reach_changes_nothing() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..400 {
            let cfg = Config { variants: [seed % 2 == 1; 4], ..Config::default() };
            let mut w = World::new(cfg);
            for e in stream::mixed(seed, 400) {
                for &kind in EventKind::ALL {
                    let state = w.local.session;
                    if call_rule(kind).is_some() || REACH[kind as usize] & (1 << state as u8) != 0 {
                        continue;
                    }
                    let event = Event::with_defaults(kind).expect("every gated event has defaults");
                    let mut copy = w.clone();
                    copy.begin_line(Cause::Event(kind));
                    copy.apply(&event, None);
                    copy.finish_line();
                    let fx = &copy.fx;
                    let quiet = fx.rules.is_empty()
                        && fx.failed.is_empty()
                        && fx.raised.is_empty()
                        && fx.taken.is_empty()
                        && fx.error.is_none();
                    assert!(quiet, "{kind:?} in {state:?} (seed {seed}) put {fx:?} on its line");
                    let same = copy.local == w.local && copy.conf == w.conf && copy.timers == w.timers;
                    assert!(same, "{kind:?} in {state:?} (seed {seed}) changed the world");
                    seen.insert((kind, state));
                }
                let _ = w.step_tags_within(0, &e, LAB_MAX_TIMERS);
            }
        }
        // Every gated event was tried in every state outside its reach.
        for &kind in EventKind::ALL {
            for &state in SessionState::ALL {
                if call_rule(kind).is_none() && REACH[kind as usize] & (1 << state as u8) == 0 {
                    assert!(seen.contains(&(kind, state)), "{kind:?} was never tried in {state:?}");
                }
            }
        }
    }
}
