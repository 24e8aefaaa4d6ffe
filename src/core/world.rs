//! The world: one conference, the local endpoint, other participants and the virtual clock.
//!
//! [`World::step`] applies one input event (or, for `Advance`, every timer due on the way) and
//! returns one [`TraceLine`] per applied event. Machines move only through the rows of
//! [`tables`](super::tables); each handler names the rule tags it applies, so the trace says why.
//! Nothing here reads a wall clock or a random source: the same steps give the same trace.

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use super::clock::{Command, Payload, Timer, TimerId, TimerQueue};
use super::config::Config;
use super::duration::{Millis, DAY, HOUR};
use super::event::{Arrival, Event, JoinOptions};
use super::model::{
    AccessLevel, ApiEvent, CallState, ConferenceState, ConversationState, ExceptionKind, FailureReason, JoinMode, Kind,
    LeaderAssignment, LobbyBypass, McuState, MeetingKind, Modality, Role, SessionState, Variant,
};
use super::tables::{self, call_rule, CallRule, Target};
use super::tags::Tag;
use super::trace::{Calls, Exception, Failure, LocalView, McuStates, Snapshot, TimerView, TraceLine};

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
    pub roster: BTreeMap<String, Participant>,
    pub lobby: BTreeMap<String, Participant>,
    pub last_activation: Option<Millis>,
    /// When someone last entered (the default reading of the 24-hour rule counts from here).
    pub last_entry: Option<Millis>,
    /// Since when D-grace would have run without V3 (to tag V3 where it moved the deadline).
    pub grace_without_v3_since: Option<Millis>,
}

/// How the session came to be Reconnecting (DOMAIN.md §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// Set while Reconnecting: the cause and the roster cached when it began.
    pub recovery: Option<(Recovery, Vec<String>)>,
}

/// What the current line has applied so far.
#[derive(Clone, Debug, Default, PartialEq)]
struct Effects {
    rules: Vec<Tag>,
    error: Option<Exception>,
    failed: Vec<Failure>,
    raised: Vec<ApiEvent>,
    /// Whether V3 changed the D-grace decision when the line began (see `reconcile_countdowns`).
    v3_before: bool,
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
            roster: BTreeMap::new(),
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
        let mut world = World { cfg, now: 0, timers: TimerQueue::default(), conf, local, fx: Effects::default() };
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
        let mut lines = Vec::new();
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
        self.drive(event, max_timers, |world, fx, timer| {
            let json = match timer {
                Some(id) => serde_json::json!({"event": "TimerFired", "timer": id.name()}),
                None => event.to_json(),
            };
            sink(TraceLine {
                t: world.now,
                step,
                event: json,
                rules: fx.rules,
                error: fx.error,
                failed: fx.failed,
                raised: fx.raised,
                state: world.snapshot(),
            })
        })
        .map_err(|(timer, due)| TimerLimit { step, timer, due, limit: max_timers })
    }

    /// Applies one input step like [`World::step`] but builds no trace: returns only the tags
    /// applied, line by line flattened (the explorer and the benchmarks need no snapshots).
    pub fn step_tags(&mut self, event: &Event) -> Vec<Tag> {
        self.step_tags_within(0, event, usize::MAX).unwrap_or_default()
    }

    /// [`World::step_tags`] with at most `max_timers` timers fired, as in [`World::step_each`].
    pub fn step_tags_within(&mut self, step: usize, event: &Event, max_timers: usize) -> Result<Vec<Tag>, TimerLimit> {
        let mut tags = Vec::new();
        self.drive(event, max_timers, |_, fx, _| {
            tags.extend(fx.rules);
            ControlFlow::Continue(())
        })
        .map_err(|(timer, due)| TimerLimit { step, timer, due, limit: max_timers })?;
        Ok(tags)
    }

    /// Runs one input step, handing each line's effects (and its timer, if one fired) to `sink`
    /// with the world as it stands after that line, until `sink` breaks. Fails with the timer
    /// (and when it was due) that would be one more than `max_timers` fired by an `Advance`.
    fn drive(
        &mut self,
        event: &Event,
        max_timers: usize,
        mut sink: impl FnMut(&World, Effects, Option<TimerId>) -> ControlFlow<()>,
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
                self.begin_line();
                self.fire(timer);
                let fx = self.finish_effects();
                if sink(self, fx, Some(id)).is_break() {
                    return Ok(());
                }
            }
            self.now = target;
            self.begin_line();
        } else {
            self.begin_line();
            self.apply(event);
        }
        let fx = self.finish_effects();
        let _ = sink(self, fx, None);
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
            let operation = event.kind().name();
            let answer = Event::Advance { by: self.cfg.signaling_latency };
            later =
                copy.step(1, &answer).into_iter().flat_map(|l| l.failed).filter(|f| f.operation == operation).collect();
        }
        let legal = matches!(event, Event::Advance { .. }) || (line.error.is_none() && changes && later.is_empty());
        Verdict { legal, error: line.error, later, changes }
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
            roster: self.conf.roster.keys().cloned().collect(),
            lobby: self.conf.lobby.keys().cloned().collect(),
            timers: self.timers.iter().map(|t| TimerView { id: t.id.name(), due: t.due }).collect(),
        }
    }

    /// The model's invariants, checked on the world as it stands (the property test and the
    /// explorer both use this list). Empty when all hold.
    pub fn invariant_violations(&self) -> Vec<String> {
        use SessionState as S;
        let mut out = Vec::new();
        let mut check = |ok: bool, what: &str| {
            if !ok {
                out.push(what.to_string());
            }
        };
        let (conf, local, s) = (&self.conf, &self.local, self.local.session);
        let in_roster = conf.roster.contains_key(LOCAL);
        let in_lobby = conf.lobby.contains_key(LOCAL);
        let lingering = matches!(s, S::Reconnecting | S::Disconnecting);
        check(
            (s == S::InLobby) == (in_lobby && !lingering),
            "the session is InLobby exactly when local waits in the lobby",
        );
        check(
            (s == S::Connected) == (in_roster && !lingering),
            "the session is Connected exactly when local is in the roster",
        );
        check(conf.roster.keys().all(|id| !conf.lobby.contains_key(id)), "nobody is both in the roster and the lobby");
        let active = conf.state == ConferenceState::Active;
        check(
            active || (conf.roster.is_empty() && conf.lobby.is_empty()),
            "only an active conference holds participants",
        );
        check(self.timers.iter().all(|t| t.due >= self.now), "no timer is due in the past");
        let running = |id: TimerId| self.timers.iter().filter(|t| t.id == id).count();
        check(
            running(TimerId::DGrace) == usize::from(self.grace_applies()),
            "D-grace runs exactly while participants but no enterprise participant",
        );
        check(
            running(TimerId::DEmpty) == usize::from(active && conf.roster.is_empty()),
            "D-empty runs exactly while the conference is active and empty",
        );
        check(
            running(TimerId::DInactivity) == usize::from(active),
            "D-inactivity runs exactly while the conference is active",
        );
        let expiry_runs = matches!(conf.state, ConferenceState::Scheduled | ConferenceState::Deactivated);
        check(
            running(TimerId::DExpiry) == usize::from(expiry_runs),
            "D-expiry runs exactly while the conference is scheduled or deactivated",
        );
        check(
            running(TimerId::JoinResponse) == usize::from(s == S::Connecting),
            "a join is pending exactly while Connecting",
        );
        check(
            running(TimerId::TerminateComplete) == usize::from(s == S::Disconnecting),
            "a termination completes exactly while Disconnecting",
        );
        check(local.recovery.is_some() == (s == S::Reconnecting), "a recovery runs exactly while Reconnecting");
        check(s == S::Connected || running(TimerId::CommandResponse) == 0, "commands are pending only while Connected");
        let conversation_ok = match s {
            S::Connecting => local.conversation == ConversationState::Conferencing,
            S::Connected => local.conversation == ConversationState::Conferenced,
            S::InLobby => local.conversation == ConversationState::InLobby,
            _ => true,
        };
        check(conversation_ok, "the Conversation follows the session");
        let mcus_ok = !matches!(s, S::Idle | S::Disconnected | S::Disconnecting)
            || local.mcu.iter().all(|m| matches!(m, McuState::Idle | McuState::Terminated));
        check(mcus_ok, "McuSessions are Idle or Terminated while the session is not joined");
        out
    }

    /// A hash of the world with every time taken relative to now: two worlds with the same
    /// fingerprint behave the same from here on (the explorer's notion of "the same state").
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let rel = |t: Option<Millis>| t.map(|t| self.now.saturating_sub(t));
        let l = &self.local;
        (l.session, l.conversation, l.mcu, l.call, l.role, l.mode, l.escalated, l.escalation_failed, l.lobby_join)
            .hash(&mut h);
        (l.join.mode, l.join.identity, l.join.organizer, l.join.invited, l.join.lobby_timeout).hash(&mut h);
        l.recovery.as_ref().map(|(r, cached)| (*r == Recovery::Focus, cached)).hash(&mut h);
        let c = &self.conf;
        (c.state, c.locked, c.access_level, c.lobby_bypass, c.automatic_leader_assignment).hash(&mut h);
        for (id, p) in c.roster.iter().chain(c.lobby.iter()) {
            (id, p.kind, p.leader, p.organizer, p.invited).hash(&mut h);
        }
        c.roster.len().hash(&mut h);
        (rel(c.last_activation), rel(c.last_entry), rel(c.grace_without_v3_since)).hash(&mut h);
        self.expiry_due().saturating_sub(self.now).hash(&mut h);
        for t in self.timers.iter() {
            (t.id, t.due - self.now, self.now - t.started, format!("{:?}", t.payload)).hash(&mut h);
        }
        h.finish()
    }

    /// Whether the D-grace countdown should run now (DOMAIN.md §9 "Countdowns").
    pub fn grace_applies(&self) -> bool {
        self.grace_applies_with(self.cfg.variant(Variant::V3))
    }

    // ----- the line being built --------------------------------------------------------------

    fn begin_line(&mut self) {
        self.fx = Effects { v3_before: self.v3_differs(), ..Effects::default() };
    }

    fn finish_effects(&mut self) -> Effects {
        self.reconcile_countdowns();
        std::mem::take(&mut self.fx)
    }

    fn rule(&mut self, tag: Tag) {
        if !self.fx.rules.contains(&tag) {
            self.fx.rules.push(tag);
        }
    }

    fn raise(&mut self, event: ApiEvent) {
        if !self.fx.raised.contains(&event) {
            self.fx.raised.push(event);
        }
    }

    fn fail(&mut self, operation: &'static str, exception: ExceptionKind, reason: Option<FailureReason>) {
        self.fx.failed.push(Failure { operation, exception, reason });
    }

    /// Moves the session along a table row (the row's `from` must be the current state).
    fn session_edge(&mut self, tag: Tag) {
        let Some(edge) = tables::session_edge(tag) else { return };
        debug_assert_eq!(edge.from, self.local.session, "{tag} taken from the wrong state");
        self.local.session = edge.to;
        self.rule(tag);
        self.raise(ApiEvent::StateChanged);
    }

    /// Moves one McuSession along a table row.
    fn mcu_edge(&mut self, m: Modality, tag: Tag) {
        let Some(edge) = tables::mcu_edge(tag) else { return };
        debug_assert_eq!(edge.from, self.local.mcu[m.index()], "{tag} taken from the wrong state");
        self.local.mcu[m.index()] = edge.to;
        self.rule(tag);
    }

    fn start(&mut self, id: TimerId, after: Millis) {
        self.timers.start(id, self.now, after, Payload::None);
    }

    fn cancel(&mut self, ids: &[TimerId]) {
        for id in ids {
            self.timers.cancel(*id);
        }
    }

    fn local_is_leader(&self) -> bool {
        self.conf.roster.get(LOCAL).is_some_and(|p| p.leader)
    }

    fn local_connected(&self) -> bool {
        self.local.session == SessionState::Connected
    }

    // ----- input events ----------------------------------------------------------------------

    fn apply(&mut self, event: &Event) {
        if let Some(rule) = call_rule(event.kind()) {
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
            E::JoinFailed => {
                if self.timers.cancel(TimerId::JoinResponse) {
                    self.join_fails(ExceptionKind::ConferenceFailureException, None);
                }
            }
            E::EscalationFailed => self.escalation_failed(),
            E::FocusFailover => self.failover(Recovery::Focus),
            E::DialogRecovery => self.failover(Recovery::Hop),
            E::ReconnectSucceeded | E::ReconnectFailed => {
                if matches!(self.local.recovery, Some((Recovery::Focus, _))) {
                    self.reconnect_settles(matches!(event, E::ReconnectSucceeded));
                }
            }
            E::McuFailover { modality } => self.mcu_failover(*modality),
            E::McuActivated { modality } => self.mcu_reactivated(*modality),
            E::HopFailure => {
                let reachable = matches!(self.local.session, SessionState::Connected | SessionState::InLobby);
                if reachable && !self.timers.is_running(TimerId::RouteRepair) {
                    self.rule(Tag::RHop);
                    self.start(TimerId::RouteRepair, self.cfg.signaling_latency);
                }
            }
            E::RouteRepairFailed => {
                if self.timers.cancel(TimerId::RouteRepair) {
                    self.route_repair_settles(false);
                }
            }
            E::RouteHealed => {
                if self.timers.cancel(TimerId::RouteRepair) {
                    self.route_repair_settles(true);
                } else if matches!(self.local.recovery, Some((Recovery::Hop, _))) {
                    self.reconnect_settles(true);
                }
            }
            E::LeaderAdmits => {
                if self.local.session == SessionState::InLobby && self.conf.lobby.contains_key(LOCAL) {
                    self.admit_local();
                }
            }
            // Removal by the Focus, heard or not: while Reconnecting the reconnection will fail.
            E::LeaderDenies => {
                if self.conf.lobby.contains_key(LOCAL) {
                    self.focus_removes_local(FailureReason::UserDenied);
                }
            }
            E::LeaderEjects => self.focus_removes_local(FailureReason::UserRemoved),
            E::PresenterEndsMeeting => {
                if self.conf.state == ConferenceState::Active {
                    self.rule(Tag::DManual);
                    self.end_conference(false);
                }
            }
            E::MeetingDeleted | E::OrganizerDeleted => {
                if self.conf.state != ConferenceState::Expired {
                    self.rule(Tag::DManual);
                    self.end_conference(true);
                }
            }
            E::ParticipantJoins(arrival) => self.participant_joins(arrival),
            E::ParticipantLeaves { participant } => self.participant_leaves(participant),
            other => {
                if let Some(command) = Command::of(other) {
                    let after = self.cfg.signaling_latency;
                    self.timers.start(TimerId::CommandResponse, self.now, after, Payload::Command(command));
                }
            }
        }
    }

    /// What an application call throws in the current state, if anything (DOMAIN.md §2):
    /// RetryableOperation while Reconnecting, InvalidOperationException where the tables do not
    /// accept the call.
    fn judge_call(&self, rule: &CallRule) -> Result<(), Exception> {
        let session = self.local.session;
        let accepted = || tables::accepting_states(rule.call).contains(&session);
        match rule.target {
            Target::Conversation { states, drives_session } => {
                if !states.contains(&self.local.conversation) || (drives_session && !accepted()) {
                    return Err(Exception::invalid());
                }
            }
            Target::Session | Target::Mcu => {
                if session == SessionState::Reconnecting {
                    return Err(Exception::retryable());
                }
                if !accepted()
                    || !rule.needs_conversation.is_empty()
                        && !rule.needs_conversation.contains(&self.local.conversation)
                {
                    return Err(Exception::invalid());
                }
            }
        }
        if rule.target == Target::Mcu {
            let call_pending = self.timers.iter().any(|t| t.payload == Payload::Command(Command::EstablishCall));
            if self.local.mcu[Modality::AudioVideo.index()] != McuState::Active
                || self.local.call == CallState::Established
                || call_pending
            {
                return Err(Exception::invalid());
            }
        }
        Ok(())
    }

    fn begin_join(&mut self, options: JoinOptions, escalated: bool) {
        self.session_edge(Tag::T1);
        self.local.conversation = ConversationState::Conferencing;
        self.local.mode = Some(options.mode);
        self.local.role = None;
        self.local.join = options;
        self.local.escalated = escalated;
        self.local.escalation_failed = false;
        self.local.lobby_join = false;
        // A new join makes new McuSessions and starts with an Idle call (DOMAIN.md §9).
        self.local.mcu = [McuState::Idle; 2];
        self.local.call = CallState::Idle;
        self.start(TimerId::JoinResponse, self.cfg.signaling_latency);
    }

    /// The local endpoint as the Focus sees it when it arrives.
    fn local_participant(&self) -> Participant {
        let trusted = self.local.join.mode == JoinMode::TrustedParticipant;
        Participant {
            kind: if trusted { Kind::Trusted } else { self.local.join.identity.kind() },
            // Trusted participants always join as leaders; the organizer is one.
            leader: trusted || self.local.join.organizer,
            organizer: self.local.join.organizer,
            invited: self.local.join.invited,
        }
    }

    /// The Focus answers the join: T9 for an expired conference, else T2 or T10 (D-activate).
    fn join_answered(&mut self) {
        if self.local.session != SessionState::Connecting {
            return;
        }
        if self.conf.state == ConferenceState::Expired {
            self.rule(Tag::DActivate);
            self.join_fails(ExceptionKind::ConferenceFailureException, None);
            return;
        }
        let me = self.local_participant();
        if self.conf.state != ConferenceState::Active {
            self.activate();
        }
        match self.place(&me) {
            Place::Enter => {
                self.session_edge(Tag::T2);
                self.local_enters(me);
            }
            Place::Lobby => {
                self.session_edge(Tag::T10);
                self.local.conversation = ConversationState::InLobby;
                self.local.lobby_join = true;
                self.conf.lobby.insert(LOCAL.into(), me);
                self.start(TimerId::LobbyTimeout, self.local.join.lobby_timeout);
            }
        }
    }

    /// T2 / T13: the endpoint enters; its McuSessions activate (M1) or are unsupported (M2).
    fn local_enters(&mut self, me: Participant) {
        self.local.conversation = ConversationState::Conferenced;
        self.local.lobby_join = false;
        self.timers.cancel(TimerId::LobbyTimeout);
        let me = self.enter_roster(LOCAL, me);
        self.local.role = Some(if me.leader { Role::Leader } else { Role::Attendee });
        for m in Modality::ALL {
            let tag = if self.cfg.supports(*m) { Tag::M1 } else { Tag::M2 };
            self.mcu_edge(*m, tag);
        }
        self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
    }

    fn admit_local(&mut self) {
        let Some(me) = self.conf.lobby.remove(LOCAL) else { return };
        self.rule(Tag::LLeave);
        self.session_edge(Tag::T13);
        self.local_enters(me);
    }

    /// T9: the join fails; the Conversation returns to where the join started.
    fn join_fails(&mut self, exception: ExceptionKind, reason: Option<FailureReason>) {
        self.session_edge(Tag::T9);
        self.fail("BeginJoin", exception, reason);
        self.local.conversation =
            if self.local.escalated { ConversationState::Established } else { ConversationState::Idle };
    }

    fn begin_terminate(&mut self) {
        use SessionState as S;
        match self.local.session {
            S::Connecting => {
                self.timers.cancel(TimerId::JoinResponse);
                self.join_fails(ExceptionKind::OperationFailureException, Some(FailureReason::Aborted));
                self.local.conversation = ConversationState::Terminated;
            }
            S::Connected => self.enter_disconnecting(Tag::T3, Payload::None),
            S::InLobby => self.leave_lobby(None),
            S::Reconnecting => self.reconnect_fails(),
            S::Idle | S::Disconnected => self.local.conversation = ConversationState::Terminated,
            // After a failed escalation the Conversation is Established again: terminate it
            // when the session's clean-up completes (T5).
            S::Disconnecting => {
                if self.local.conversation == ConversationState::Established {
                    self.local.conversation = ConversationState::Terminating;
                }
            }
        }
    }

    fn begin_terminate_conference(&mut self) {
        match self.local.session {
            // A leader ends the conference for everyone when the Focus answers (D-manual); a
            // non-leader only leaves.
            SessionState::Connected => {
                let payload = if self.local_is_leader() { Payload::EndConference } else { Payload::None };
                self.enter_disconnecting(Tag::T3, payload);
            }
            SessionState::InLobby => self.leave_lobby(None),
            _ => {}
        }
    }

    fn escalation_failed(&mut self) {
        if !self.local.escalated {
            return;
        }
        match self.local.session {
            SessionState::Connecting => {
                self.timers.cancel(TimerId::JoinResponse);
                self.join_fails(ExceptionKind::OperationFailureException, None);
            }
            SessionState::Connected => {
                self.local.escalation_failed = true;
                self.local.conversation = ConversationState::Established;
                self.enter_disconnecting(Tag::T3, Payload::None);
            }
            _ => {}
        }
    }

    /// Entering Disconnecting (T3, T8, T14): pending operations fail, McuSessions end, and the
    /// termination completes after the signaling latency (T4 / T5).
    fn enter_disconnecting(&mut self, tag: Tag, payload: Payload) {
        self.session_edge(tag);
        self.fail_pending(FailureReason::SessionTerminated);
        if std::mem::take(&mut self.local.lobby_join) {
            self.fail("BeginJoin", ExceptionKind::OperationFailureException, Some(FailureReason::SessionTerminated));
        }
        self.stop_recovery();
        self.cancel(&[
            TimerId::LobbyTimeout,
            TimerId::McuReactivationAudioVideo,
            TimerId::McuReactivationInstantMessaging,
        ]);
        self.end_mcus();
        if !self.local.escalation_failed {
            self.local.conversation = ConversationState::Terminating;
        }
        self.timers.start(TimerId::TerminateComplete, self.now, self.cfg.signaling_latency, payload);
    }

    fn end_mcus(&mut self) {
        self.local.mcu = [McuState::Terminated; 2];
        if self.local.call == CallState::Established {
            self.local.call = CallState::Terminated;
        }
    }

    /// Every pending conference command fails (SessionRetrying on T6/T11, SessionTerminated on
    /// entering Disconnecting).
    fn fail_pending(&mut self, reason: FailureReason) {
        for timer in self.timers.take_all(TimerId::CommandResponse) {
            if let Payload::Command(command) = timer.payload {
                self.fail(command.operation(), ExceptionKind::OperationFailureException, Some(reason));
            }
        }
    }

    /// The endpoint leaves the lobby without admission (T14, or V1 straight to Idle). `failure`
    /// is what `EndJoin` throws; `None` means the endpoint left of its own accord, and then it
    /// stays in `state.lobby` until the termination completes (DOMAIN.md §9 "Leaving").
    fn leave_lobby(&mut self, failure: Option<(ExceptionKind, Option<FailureReason>)>) {
        if let Some((exception, reason)) = failure {
            self.local.lobby_join = false;
            self.fail("BeginJoin", exception, reason);
        }
        if self.cfg.variant(Variant::V1) {
            if std::mem::take(&mut self.local.lobby_join) {
                self.fail(
                    "BeginJoin",
                    ExceptionKind::OperationFailureException,
                    Some(FailureReason::SessionTerminated),
                );
            }
            if self.conf.lobby.remove(LOCAL).is_some() {
                self.rule(Tag::LLeave);
            }
            self.session_edge(Tag::V1);
            self.local.conversation = ConversationState::Terminated;
            self.stop_recovery();
            self.cancel(&[TimerId::LobbyTimeout]);
            self.end_mcus();
        } else {
            self.enter_disconnecting(Tag::T14, Payload::None);
        }
    }

    /// The Focus removes the endpoint (eject, deny, the conference ends): it leaves the roster
    /// or lobby at once. While Reconnecting it cannot hear this; the reconnection will fail.
    fn focus_removes_local(&mut self, reason: FailureReason) {
        let in_roster = self.conf.roster.remove(LOCAL).is_some();
        let in_lobby = self.conf.lobby.remove(LOCAL).is_some();
        if in_lobby {
            self.rule(Tag::LLeave);
        }
        if !in_roster && !in_lobby {
            return;
        }
        match self.local.session {
            SessionState::Connected => self.enter_disconnecting(Tag::T3, Payload::None),
            SessionState::InLobby => self.leave_lobby(Some((ExceptionKind::ConferenceFailureException, Some(reason)))),
            _ => {}
        }
    }

    /// The termination completes: the endpoint leaves what it still occupies, then T4 (or T5
    /// after a failed escalation). A leader's BeginTerminateConference ends the conference here.
    fn termination_completes(&mut self, payload: Payload) {
        if self.local.session != SessionState::Disconnecting {
            return;
        }
        if payload == Payload::EndConference && self.conf.state == ConferenceState::Active {
            self.rule(Tag::DManual);
            self.end_conference(false);
        }
        self.conf.roster.remove(LOCAL);
        if self.conf.lobby.remove(LOCAL).is_some() {
            self.rule(Tag::LLeave);
        }
        if std::mem::take(&mut self.local.escalation_failed) {
            self.session_edge(Tag::T5);
            self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
            if self.local.conversation == ConversationState::Terminating {
                self.local.conversation = ConversationState::Terminated;
            }
        } else {
            self.session_edge(Tag::T4);
            self.local.conversation = ConversationState::Terminated;
        }
    }

    // ----- recovery (R-focus, R-mcu, R-hop) --------------------------------------------------

    fn failover(&mut self, recovery: Recovery) {
        let tag = match self.local.session {
            SessionState::Connected => Tag::T6,
            SessionState::InLobby => Tag::T11,
            _ => return,
        };
        self.session_edge(tag);
        self.rule(recovery.tag());
        self.timers.cancel(TimerId::RouteRepair);
        self.fail_pending(FailureReason::SessionRetrying);
        match recovery {
            Recovery::Focus => {
                for m in Modality::ALL {
                    if self.local.mcu[m.index()] == McuState::Active {
                        self.mcu_edge(*m, Tag::M3);
                    }
                }
                self.start(TimerId::ReconnectAttempt, self.cfg.reconnect.latency);
            }
            Recovery::Hop => self.start(TimerId::RouteUpdate, self.cfg.hop.update_interval),
        }
        if let Some(timeout) = self.cfg.app_recovery_timeout {
            self.start(TimerId::AppRecoveryTimeout, timeout);
        }
        let cached = self.conf.roster.keys().cloned().collect();
        self.local.recovery = Some((recovery, cached));
    }

    fn stop_recovery(&mut self) {
        self.local.recovery = None;
        self.cancel(&[
            TimerId::ReconnectAttempt,
            TimerId::RouteRepair,
            TimerId::RouteUpdate,
            TimerId::AppRecoveryTimeout,
        ]);
    }

    /// The reconnection settles: T7 / T12 with a fresh roster, or T8. An endpoint removed while
    /// Reconnecting finds nothing to reconnect to (T8).
    fn reconnect_settles(&mut self, success: bool) {
        let Some((recovery, cached)) = self.local.recovery.take() else { return };
        self.stop_recovery();
        self.rule(recovery.tag());
        let tag = if !success {
            None
        } else if self.conf.roster.contains_key(LOCAL) {
            Some(Tag::T7)
        } else if self.conf.lobby.contains_key(LOCAL) {
            Some(Tag::T12)
        } else {
            None
        };
        let Some(tag) = tag else {
            self.enter_disconnecting(Tag::T8, Payload::None);
            return;
        };
        self.session_edge(tag);
        if !self.conf.roster.keys().eq(cached.iter()) {
            self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
        }
        for m in Modality::ALL {
            if self.local.mcu[m.index()] != McuState::Retrying {
                continue;
            }
            match recovery {
                // V4: Idle until the MCU reports active; else active again on this line (M4).
                Recovery::Focus if self.cfg.variant(Variant::V4) => {
                    self.mcu_edge(*m, Tag::V4);
                    self.timers.cancel(TimerId::mcu_reactivation(*m));
                    self.start(TimerId::mcu_reactivation(*m), self.cfg.mcu_reactivation);
                }
                Recovery::Focus => {
                    self.mcu_edge(*m, Tag::M4);
                    self.timers.cancel(TimerId::mcu_reactivation(*m));
                }
                // An MCU failover whose reactivation fell inside the outage tries again.
                Recovery::Hop => {
                    if !self.timers.is_running(TimerId::mcu_reactivation(*m)) {
                        self.start(TimerId::mcu_reactivation(*m), self.cfg.mcu_reactivation);
                    }
                }
            }
        }
    }

    fn reconnect_fails(&mut self) {
        self.stop_recovery();
        self.enter_disconnecting(Tag::T8, Payload::None);
    }

    fn route_repair_settles(&mut self, repaired: bool) {
        if !matches!(self.local.session, SessionState::Connected | SessionState::InLobby) {
            return;
        }
        self.rule(Tag::RHop);
        if !repaired {
            self.failover(Recovery::Hop);
        }
    }

    fn mcu_failover(&mut self, m: Modality) {
        if self.local.mcu[m.index()] != McuState::Active {
            return;
        }
        self.rule(Tag::RMcu);
        self.mcu_edge(m, Tag::M3);
        if m == Modality::AudioVideo {
            if self.local.call == CallState::Established {
                self.local.call = CallState::Terminated;
            }
            let call = Payload::Command(Command::EstablishCall);
            for _ in self.timers.take_where(|t| t.payload == call) {
                self.fail("BeginEstablishMcuCall", ExceptionKind::OperationFailureException, None);
            }
        }
        self.timers.cancel(TimerId::mcu_reactivation(m));
        self.start(TimerId::mcu_reactivation(m), self.cfg.mcu_reactivation);
    }

    /// The MCU is reported active again (timer or `McuActivated`); no effect while Reconnecting.
    fn mcu_reactivated(&mut self, m: Modality) {
        if self.local.session == SessionState::Reconnecting {
            return;
        }
        match self.local.mcu[m.index()] {
            McuState::Retrying => {
                self.rule(Tag::RMcu);
                self.mcu_edge(m, Tag::M4);
            }
            McuState::Idle if self.local_connected() => {
                self.rule(Tag::V4);
                self.mcu_edge(m, Tag::M1);
            }
            _ => return,
        }
        self.timers.cancel(TimerId::mcu_reactivation(m));
    }

    // ----- the conference: lobby (L-…) and lifecycle (D-…) -----------------------------------

    /// Where an arriving participant goes, and which rule decided (DOMAIN.md §9 "Lobby precedence").
    pub fn placement(&self, p: &Participant) -> (Place, Tag) {
        if p.leader || p.organizer || p.kind == Kind::Trusted {
            return (Place::Enter, Tag::LNever);
        }
        if self.conf.locked {
            return (Place::Lobby, Tag::LLock);
        }
        if self.cfg.meeting == MeetingKind::MeetNow {
            return (Place::Enter, Tag::LNever);
        }
        let enter = |yes: bool| if yes { Place::Enter } else { Place::Lobby };
        match self.conf.access_level {
            AccessLevel::Locked => (Place::Lobby, Tag::LLevel),
            AccessLevel::Everyone => (Place::Enter, Tag::LLevel),
            _ if p.kind == Kind::Pstn => {
                (enter(self.conf.lobby_bypass == LobbyBypass::EnabledForGatewayParticipants), Tag::LPstn)
            }
            AccessLevel::SameEnterprise => (enter(p.kind == Kind::Enterprise), Tag::LLevel),
            AccessLevel::Invited => (enter(p.kind == Kind::Enterprise && p.invited), Tag::LLevel),
        }
    }

    fn place(&mut self, p: &Participant) -> Place {
        let (place, tag) = self.placement(p);
        self.rule(tag);
        place
    }

    /// Someone enters the conference: promotion (L-promote) and the 24-hour rule's restart.
    fn enter_roster(&mut self, id: &str, mut p: Participant) -> Participant {
        let promote = match self.conf.automatic_leader_assignment {
            LeaderAssignment::Disabled => false,
            LeaderAssignment::SameEnterprise => p.kind == Kind::Enterprise,
            LeaderAssignment::Everyone => true,
        };
        if promote && !p.leader {
            p.leader = true;
            self.rule(Tag::LPromote);
        }
        self.conf.last_entry = Some(self.now);
        let restart_changes = self.timers.get(TimerId::DInactivity).is_some_and(|t| t.started != self.now);
        if restart_changes {
            if self.cfg.variant(Variant::V2) {
                self.rule(Tag::V2);
            } else {
                self.timers.cancel(TimerId::DInactivity);
                self.start(TimerId::DInactivity, self.cfg.deactivation_grace_period);
                self.rule(Tag::DInactivity);
            }
        }
        if id != LOCAL && self.local_connected() {
            self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
        }
        self.conf.roster.insert(id.to_string(), p.clone());
        p
    }

    fn participant_joins(&mut self, a: &Arrival) {
        let present = self.conf.roster.contains_key(&a.participant) || self.conf.lobby.contains_key(&a.participant);
        if present || self.conf.state == ConferenceState::Expired {
            return;
        }
        let p = Participant {
            kind: a.kind,
            leader: a.leader || a.kind == Kind::Trusted,
            organizer: a.organizer,
            invited: a.invited,
        };
        if self.conf.state != ConferenceState::Active {
            self.activate();
        }
        match self.place(&p) {
            Place::Enter => {
                self.enter_roster(&a.participant, p);
            }
            Place::Lobby => {
                self.conf.lobby.insert(a.participant.clone(), p);
            }
        }
    }

    fn participant_leaves(&mut self, id: &str) {
        if self.conf.roster.remove(id).is_some() {
            if self.local_connected() {
                self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
            }
        } else if self.conf.lobby.remove(id).is_some() {
            self.rule(Tag::LLeave);
        }
    }

    /// The Focus answers a conference command. A non-leader's is refused; a command naming
    /// someone absent fails but still acts on the others (DOMAIN.md §9).
    fn command_answered(&mut self, command: Command) {
        if self.local.session != SessionState::Connected {
            return;
        }
        let operation = command.operation();
        let refused = || Some((ExceptionKind::ConferenceFailureException, None));
        let mut failure = None;
        match command {
            Command::EstablishCall => {
                if self.local.mcu[Modality::AudioVideo.index()] == McuState::Active {
                    if self.local.call == CallState::Terminated {
                        self.rule(Tag::RMcu);
                    }
                    self.local.call = CallState::Established;
                } else {
                    failure = Some((ExceptionKind::OperationFailureException, None));
                }
            }
            _ if !self.local_is_leader() => failure = refused(),
            Command::Eject(id) => {
                if self.conf.roster.remove(&id).is_some() {
                    self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
                } else if self.conf.lobby.remove(&id).is_some() {
                    self.rule(Tag::LLeave);
                } else {
                    failure = refused();
                }
            }
            Command::Lock | Command::Unlock => {
                let lock = command == Command::Lock;
                if self.conf.locked != lock {
                    self.conf.locked = lock;
                    self.rule(Tag::LLock);
                    self.raise(ApiEvent::PropertiesChanged);
                }
            }
            Command::Modify(m) => {
                let before = (self.conf.access_level, self.conf.lobby_bypass, self.conf.automatic_leader_assignment);
                self.conf.access_level = m.access_level.unwrap_or(before.0);
                self.conf.lobby_bypass = m.lobby_bypass.unwrap_or(before.1);
                self.conf.automatic_leader_assignment = m.automatic_leader_assignment.unwrap_or(before.2);
                let after = (self.conf.access_level, self.conf.lobby_bypass, self.conf.automatic_leader_assignment);
                if (before.0, before.1) != (after.0, after.1) && !self.conf.lobby.is_empty() {
                    self.rule(Tag::LRetro);
                }
                if before != after {
                    self.raise(ApiEvent::PropertiesChanged);
                }
            }
            Command::Admit(ids) | Command::Deny(ids) => {
                let admit = operation == "BeginAdmitLobbyParticipants";
                for id in ids {
                    match self.conf.lobby.remove(&id) {
                        Some(p) => {
                            self.rule(Tag::LLeave);
                            if admit {
                                self.enter_roster(&id, p);
                            }
                        }
                        None => failure = refused(),
                    }
                }
            }
        }
        if let Some((exception, reason)) = failure {
            self.fail(operation, exception, reason);
        }
    }

    /// D-activate: a new activation instance; D-expiry stops, the 24-hour rule starts.
    fn activate(&mut self) {
        self.rule(Tag::DActivate);
        self.conf.state = ConferenceState::Active;
        self.conf.last_activation = Some(self.now);
        self.timers.cancel(TimerId::DExpiry);
        self.start(TimerId::DInactivity, self.cfg.deactivation_grace_period);
        self.rule(Tag::DInactivity);
    }

    /// Deactivation (or deletion): everyone is removed (D-remove), changes made while active are
    /// lost, and expiry takes over — at once if the expiry time has passed.
    fn end_conference(&mut self, delete: bool) {
        let others = self.conf.roster.keys().chain(self.conf.lobby.keys()).any(|id| id != LOCAL);
        let local_was_connected = self.conf.roster.contains_key(LOCAL) && self.local_connected();
        if others || self.conf.roster.contains_key(LOCAL) || self.conf.lobby.contains_key(LOCAL) {
            self.rule(Tag::DRemove);
        }
        self.focus_removes_local(FailureReason::UserRemoved);
        if local_was_connected && others {
            self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
        }
        if !self.conf.lobby.is_empty() {
            self.rule(Tag::LLeave);
        }
        self.conf.roster.clear();
        self.conf.lobby.clear();
        self.cancel(&[TimerId::DGrace, TimerId::DEmpty, TimerId::DInactivity]);
        if std::mem::take(&mut self.conf.locked) {
            self.rule(Tag::LLock);
        }
        self.conf.access_level = self.cfg.access_level;
        self.conf.lobby_bypass = self.cfg.lobby_bypass;
        self.conf.automatic_leader_assignment = self.cfg.automatic_leader_assignment;
        if delete {
            self.conf.state = ConferenceState::Expired;
            self.timers.cancel(TimerId::DExpiry);
            return;
        }
        self.conf.state = ConferenceState::Deactivated;
        self.rule(Tag::DExpiry);
        let due = self.expiry_due();
        if due <= self.now {
            self.conf.state = ConferenceState::Expired;
        } else {
            self.start(TimerId::DExpiry, due - self.now);
        }
    }

    /// When the conference expires (absolute virtual time), by meeting kind or explicit expiry.
    fn expiry_due(&self) -> Millis {
        if let Some(expiry) = self.cfg.expiry {
            return expiry;
        }
        match self.cfg.meeting {
            MeetingKind::OneTime | MeetingKind::RecurringWithEnd => self.cfg.meeting_end + 14 * DAY,
            MeetingKind::RecurringNoEnd => self.conf.last_activation.unwrap_or(0) + 180 * DAY,
            MeetingKind::AdHoc | MeetingKind::MeetNow => 8 * HOUR,
        }
    }

    fn counts_as_enterprise(p: &Participant, v3: bool) -> bool {
        p.kind == Kind::Enterprise || (v3 && p.kind == Kind::Federated)
    }

    fn grace_applies_with(&self, v3: bool) -> bool {
        self.conf.state == ConferenceState::Active
            && !self.conf.roster.is_empty()
            && !self.conf.roster.values().any(|p| Self::counts_as_enterprise(p, v3))
    }

    /// True when V3 changes whether D-grace should run.
    fn v3_differs(&self) -> bool {
        self.cfg.variant(Variant::V3) && self.grace_applies_with(true) != self.grace_applies_with(false)
    }

    /// D-grace runs exactly while the conference is active, holds participants and none of them
    /// is enterprise; D-empty exactly while it is active and empty. Both restart from the full
    /// period each time they become due, and say so (TerminationCountdownStatusChanged).
    fn reconcile_countdowns(&mut self) {
        let grace = self.grace_applies();
        let empty = self.conf.state == ConferenceState::Active && self.conf.roster.is_empty();
        for (id, tag, should_run, period) in [
            (TimerId::DGrace, Tag::DGrace, grace, self.cfg.anonymous_user_grace_period),
            (TimerId::DEmpty, Tag::DEmpty, empty, self.cfg.empty_conference_timeout),
        ] {
            let running = self.timers.is_running(id);
            if running == should_run {
                continue;
            }
            if should_run {
                self.start(id, period);
            } else {
                self.timers.cancel(id);
            }
            self.rule(tag);
            if id == TimerId::DGrace && self.local_connected() {
                self.raise(ApiEvent::TerminationCountdownStatusChanged);
            }
        }
        if self.v3_differs() != self.fx.v3_before {
            self.rule(Tag::V3);
        }
        let without_v3 = self.grace_applies_with(false);
        match (without_v3, self.conf.grace_without_v3_since) {
            (true, None) => self.conf.grace_without_v3_since = Some(self.now),
            (false, Some(_)) => self.conf.grace_without_v3_since = None,
            _ => {}
        }
    }

    // ----- timers ----------------------------------------------------------------------------

    fn fire(&mut self, timer: Timer) {
        use TimerId as T;
        match timer.id {
            T::JoinResponse => self.join_answered(),
            T::CommandResponse => {
                if let Payload::Command(command) = timer.payload {
                    self.command_answered(command);
                }
            }
            T::TerminateComplete => self.termination_completes(timer.payload),
            T::ReconnectAttempt => self.reconnect_settles(self.cfg.reconnect.succeeds),
            T::RouteRepair => self.route_repair_settles(self.cfg.hop.repair_succeeds),
            T::RouteUpdate => {
                if matches!(self.local.recovery, Some((Recovery::Hop, _))) {
                    self.rule(Tag::RHop);
                    self.start(T::RouteUpdate, self.cfg.hop.update_interval);
                }
            }
            T::AppRecoveryTimeout => {
                if let Some((recovery, _)) = &self.local.recovery {
                    self.rule(recovery.tag());
                    self.reconnect_fails();
                }
            }
            T::McuReactivationAudioVideo => self.mcu_reactivated(Modality::AudioVideo),
            T::McuReactivationInstantMessaging => self.mcu_reactivated(Modality::InstantMessaging),
            T::LobbyTimeout => match self.local.session {
                SessionState::InLobby => {
                    self.leave_lobby(Some((ExceptionKind::OperationTimeoutException, None)));
                }
                SessionState::Reconnecting => {
                    self.local.lobby_join = false;
                    self.fail("BeginJoin", ExceptionKind::OperationTimeoutException, None);
                    self.reconnect_fails();
                }
                _ => {}
            },
            T::DInactivity => {
                // Under V2 it fires although someone entered since it started.
                if self.conf.last_entry.is_some_and(|t| t > timer.started) {
                    self.rule(Tag::V2);
                }
                self.rule(Tag::DInactivity);
                self.end_conference(false);
            }
            T::DGrace | T::DEmpty => {
                // Under V3 D-grace may fire at another time than the default reading's.
                if timer.id == T::DGrace
                    && self.conf.grace_without_v3_since != Some(timer.started)
                    && self.cfg.variant(Variant::V3)
                {
                    self.rule(Tag::V3);
                }
                self.rule(if timer.id == T::DGrace { Tag::DGrace } else { Tag::DEmpty });
                self.end_conference(false);
            }
            T::DExpiry => {
                self.rule(Tag::DExpiry);
                self.conf.state = ConferenceState::Expired;
            }
        }
    }
}
