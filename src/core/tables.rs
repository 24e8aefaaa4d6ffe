//! The transition tables, as data: every machine of the world is a list of rows
//! `from + cause [guard] → to`, each with its rule tag (or none), the timers it starts and stops.
//!
//! The world moves a machine only by [`find`]ing the row for the line's cause whose guard holds
//! and taking it (`World::take_*`); rows without a tag (the session ended, so its McuSessions
//! end) are rows too. Legality of application calls, the app's diagram, the exports and the
//! property test's row checks read these same rows.

use super::clock::TimerId;
use super::event::EventKind;
use super::model::{named_enum, CallState, ConferenceState, ConversationState, McuState, SessionState};
use super::tags::Tag;

named_enum!(
    /// The machines driven by tables.
    Machine { Session = "session", Mcu = "mcu", Call = "call", Conference = "conference" }
);

/// What can make a row fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// An application call on the local endpoint.
    Call(EventKind),
    /// Something the network, the server or another person does.
    Event(EventKind),
    /// A virtual timer running out.
    Timer(TimerId),
    /// The session took a row with this tag on the same line (the McuSessions and the AV call
    /// follow the session).
    Session(Tag),
}

impl Cause {
    /// The name of the event or timer (`Session(T3)` names `T3`).
    pub fn name(self) -> &'static str {
        match self {
            Cause::Call(k) | Cause::Event(k) => k.name(),
            Cause::Timer(t) => t.name(),
            Cause::Session(tag) => tag.name(),
        }
    }
}

named_enum!(
    /// The named guards of the rows: a row is taken only while its guard holds
    /// (`World::holds` evaluates them; DOMAIN.md says why each exists).
    Guard {
        Always = "always",
        // The Focus answers a join (T2 / T10 / T9).
        Admitted = "admitted", Lobbied = "lobbied", ConferenceExpired = "conference_expired",
        // Failed escalations (T9, T3, T5 / T4).
        Escalated = "escalated", EscalationFailed = "escalation_failed", NoFailedEscalation = "no_failed_escalation",
        // R-hop: UCMA's own route repair did not work.
        RepairFails = "repair_fails",
        // The one reconnection attempt settles (T7 / T12 / T8).
        BackInRoster = "back_in_roster", BackInLobby = "back_in_lobby", ReconnectionFails = "reconnection_fails",
        // V1: where the session goes when it leaves the lobby (T14 / V1).
        V1Off = "v1_off", V1On = "v1_on",
        // McuSessions.
        Supported = "supported", Unsupported = "unsupported", NotReconnecting = "not_reconnecting",
        V4Connected = "v4_connected", NoReactivationPending = "no_reactivation_pending", V4On = "v4_on",
        // The AV call.
        AudioVideoActive = "audio_video_active",
        // The conference lifecycle.
        ExpiryAhead = "expiry_ahead", ExpiryPassed = "expiry_passed",
        LeaderEndedIt = "leader_ended_it", LeaderEndedItLate = "leader_ended_it_late",
    }
);

/// One row of a machine's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row<S: 'static> {
    /// The DOMAIN.md rule; `None` for consequences no rule names (the session ended, so its
    /// McuSessions end).
    pub tag: Option<Tag>,
    pub from: S,
    pub causes: &'static [Cause],
    pub guard: Guard,
    pub to: S,
    /// Timers started on taking the row (in the McuSession table, `mcu-reactivation-AudioVideo`
    /// stands for the row's own modality).
    pub starts: &'static [TimerId],
    /// Timers stopped on taking the row (stopping one that does not run is no change).
    pub stops: &'static [TimerId],
    /// The trigger, in the words of the source.
    pub trigger: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn row<S: Copy>(
    tag: Option<Tag>,
    from: S,
    causes: &'static [Cause],
    guard: Guard,
    to: S,
    starts: &'static [TimerId],
    stops: &'static [TimerId],
    trigger: &'static str,
) -> Row<S> {
    Row { tag, from, causes, guard, to, starts, stops, trigger }
}

use Cause::{Call, Event as Ev, Session as Follows, Timer};
use EventKind as K;
use Guard as G;
use SessionState as S;
use Tag::*;
use TimerId as Tm;

const JOIN_ANSWER: &[Cause] = &[Timer(Tm::JoinResponse), Ev(K::JoinResponse)];
const ENDS_CONFERENCE: [Cause; 6] = [
    Ev(K::PresenterEndsMeeting),
    Ev(K::MeetingDeleted),
    Ev(K::OrganizerDeleted),
    Timer(Tm::DGrace),
    Timer(Tm::DEmpty),
    Timer(Tm::DInactivity),
];
const LEAVES_LOBBY: &[Cause] = &[
    Ev(K::LeaderDenies),
    Ev(K::LeaderEjects),
    Call(K::BeginTerminate),
    Call(K::BeginTerminateConference),
    Timer(Tm::LobbyTimeout),
    ENDS_CONFERENCE[0],
    ENDS_CONFERENCE[1],
    ENDS_CONFERENCE[2],
    ENDS_CONFERENCE[3],
    ENDS_CONFERENCE[4],
    ENDS_CONFERENCE[5],
];
const RECONNECT_OUTCOME: &[Cause] =
    &[Timer(Tm::ReconnectAttempt), Ev(K::ReconnectSucceeded), Ev(K::ReconnectFailed), Ev(K::RouteHealed)];
/// The timers of a recovery in progress: stopped whenever Reconnecting ends.
const RECOVERY: &[TimerId] = &[Tm::ReconnectAttempt, Tm::RouteRepair, Tm::RouteUpdate, Tm::AppRecoveryTimeout];
/// Entering Disconnecting: the termination completes later; what ran for the session stops.
const DISCONNECTING_STOPS: &[TimerId] = &[
    Tm::LobbyTimeout,
    Tm::ReconnectAttempt,
    Tm::RouteRepair,
    Tm::RouteUpdate,
    Tm::AppRecoveryTimeout,
    Tm::McuReactivationAudioVideo,
    Tm::McuReactivationInstantMessaging,
];
const DISCONNECTING: &[TimerId] = &[Tm::TerminateComplete];
/// The application recovery timeout starts on any entry into Reconnecting (when configured).
const FOCUS_RECOVERY: &[TimerId] = &[Tm::ReconnectAttempt, Tm::AppRecoveryTimeout];
const HOP_RECOVERY: &[TimerId] = &[Tm::RouteUpdate, Tm::AppRecoveryTimeout];
const NONE: &[TimerId] = &[];

/// ConferenceSession, T1–T14 and the V1 edge (seed 000; DOMAIN.md §2, §5, §8, §9).
#[rustfmt::skip]
pub const SESSION: &[Row<SessionState>] = &[
    row(Some(T1), S::Idle, &[Call(K::BeginJoin), Call(K::BeginEscalate)], G::Always, S::Connecting, &[Tm::JoinResponse], NONE, "BeginJoin (or the Conversation escalates)"),
    row(Some(T2), S::Connecting, JOIN_ANSWER, G::Admitted, S::Connected, NONE, &[Tm::JoinResponse], "the join completes and the Focus admits the endpoint"),
    row(Some(T3), S::Connected, &[Call(K::BeginTerminate), Call(K::BeginTerminateConference), Ev(K::LeaderEjects), ENDS_CONFERENCE[0], ENDS_CONFERENCE[1], ENDS_CONFERENCE[2], ENDS_CONFERENCE[3], ENDS_CONFERENCE[5]], G::Always, S::Disconnecting, DISCONNECTING, DISCONNECTING_STOPS, "terminate, ejected, or the conference ended"),
    row(Some(T3), S::Connected, &[Ev(K::EscalationFailed)], G::Escalated, S::Disconnecting, DISCONNECTING, DISCONNECTING_STOPS, "the parent Conversation's escalation failed"),
    row(Some(T4), S::Disconnecting, &[Timer(Tm::TerminateComplete)], G::NoFailedEscalation, S::Disconnected, NONE, DISCONNECTING, "termination completes"),
    row(Some(T5), S::Disconnecting, &[Timer(Tm::TerminateComplete)], G::EscalationFailed, S::Idle, NONE, DISCONNECTING, "clean-up after the parent Conversation's escalation failed"),
    row(Some(T6), S::Connected, &[Ev(K::FocusFailover)], G::Always, S::Reconnecting, FOCUS_RECOVERY, &[Tm::RouteRepair], "the front end hosting the Focus fails over (R-focus)"),
    row(Some(T6), S::Connected, &[Ev(K::DialogRecovery)], G::Always, S::Reconnecting, HOP_RECOVERY, &[Tm::RouteRepair], "the SIP dialog enters recovery mode (R-hop)"),
    row(Some(T6), S::Connected, &[Timer(Tm::RouteRepair), Ev(K::RouteRepairFailed)], G::RepairFails, S::Reconnecting, HOP_RECOVERY, &[Tm::RouteRepair], "UCMA's first route repair fails (R-hop)"),
    row(Some(T7), S::Reconnecting, RECONNECT_OUTCOME, G::BackInRoster, S::Connected, NONE, RECOVERY, "reconnection succeeds (fresh roster)"),
    row(Some(T8), S::Reconnecting, RECONNECT_OUTCOME, G::ReconnectionFails, S::Disconnecting, DISCONNECTING, DISCONNECTING_STOPS, "the one reconnection attempt fails"),
    row(Some(T8), S::Reconnecting, &[Timer(Tm::AppRecoveryTimeout), Timer(Tm::LobbyTimeout), Call(K::BeginTerminate)], G::Always, S::Disconnecting, DISCONNECTING, DISCONNECTING_STOPS, "the application or the client gives up"),
    row(Some(T9), S::Connecting, &[Ev(K::JoinFailed), Call(K::BeginTerminate)], G::Always, S::Idle, NONE, &[Tm::JoinResponse], "the join fails; EndJoin throws"),
    row(Some(T9), S::Connecting, &[Ev(K::EscalationFailed)], G::Escalated, S::Idle, NONE, &[Tm::JoinResponse], "the escalation fails while joining"),
    row(Some(T9), S::Connecting, JOIN_ANSWER, G::ConferenceExpired, S::Idle, NONE, &[Tm::JoinResponse], "the conference has expired"),
    row(Some(T10), S::Connecting, JOIN_ANSWER, G::Lobbied, S::InLobby, &[Tm::LobbyTimeout], &[Tm::JoinResponse], "the Focus places the endpoint in the lobby"),
    row(Some(T11), S::InLobby, &[Ev(K::FocusFailover)], G::Always, S::Reconnecting, FOCUS_RECOVERY, &[Tm::RouteRepair], "Focus failover while in the lobby (R-focus)"),
    row(Some(T11), S::InLobby, &[Ev(K::DialogRecovery)], G::Always, S::Reconnecting, HOP_RECOVERY, &[Tm::RouteRepair], "dialog recovery while in the lobby (R-hop)"),
    row(Some(T11), S::InLobby, &[Timer(Tm::RouteRepair), Ev(K::RouteRepairFailed)], G::RepairFails, S::Reconnecting, HOP_RECOVERY, &[Tm::RouteRepair], "the first route repair fails while in the lobby (R-hop)"),
    row(Some(T12), S::Reconnecting, RECONNECT_OUTCOME, G::BackInLobby, S::InLobby, NONE, RECOVERY, "reconnection succeeds while the endpoint was in the lobby"),
    row(Some(T13), S::InLobby, &[Ev(K::LeaderAdmits)], G::Always, S::Connected, NONE, &[Tm::LobbyTimeout], "a leader admits the endpoint"),
    row(Some(T14), S::InLobby, LEAVES_LOBBY, G::V1Off, S::Disconnecting, DISCONNECTING, DISCONNECTING_STOPS, "denied, ejected, conference ended, terminated, or lobby timeout"),
    row(Some(V1), S::InLobby, LEAVES_LOBBY, G::V1On, S::Idle, NONE, DISCONNECTING_STOPS, "leaving the lobby without admission; the Conversation terminates"),
];

/// The session rows after which the McuSessions and the AV call end.
const SESSION_ENDS: &[Cause] = &[Follows(T3), Follows(T8), Follows(T14), Follows(V1)];
const REACTIVATED: &[Cause] =
    &[Ev(K::McuActivated), Timer(Tm::McuReactivationAudioVideo), Timer(Tm::McuReactivationInstantMessaging)];
const FOCUS_BACK: &[Cause] = &[Timer(Tm::ReconnectAttempt), Ev(K::ReconnectSucceeded)];
const ENTERS: &[Cause] = &[Timer(Tm::JoinResponse), Ev(K::JoinResponse), Ev(K::LeaderAdmits)];
const REACTIVATION: &[TimerId] = &[Tm::McuReactivationAudioVideo];

/// McuSession, M1–M4 and the V4 edge (one machine per modality; DOMAIN.md §4, §5, §9).
#[rustfmt::skip]
pub const MCU: &[Row<McuState>] = &[
    row(Some(M1), McuState::Idle, ENTERS, G::Supported, McuState::Active, NONE, NONE, "the parent joined and the MCU is active"),
    row(Some(M1), McuState::Idle, REACTIVATED, G::V4Connected, McuState::Active, NONE, REACTIVATION, "the MCU reports active after a Focus reconnect"),
    row(Some(M2), McuState::Idle, ENTERS, G::Unsupported, McuState::Terminated, NONE, NONE, "the conference does not support this MCU type"),
    row(Some(M3), McuState::Active, &[Ev(K::McuFailover)], G::Always, McuState::Retrying, REACTIVATION, REACTIVATION, "the MCU fails over (R-mcu); its call is terminated"),
    row(Some(M3), McuState::Active, &[Ev(K::FocusFailover)], G::Always, McuState::Retrying, NONE, NONE, "the Focus fails over (R-focus); calls stay up"),
    row(Some(M4), McuState::Retrying, REACTIVATED, G::NotReconnecting, McuState::Active, NONE, REACTIVATION, "the MCU is active again"),
    row(Some(M4), McuState::Retrying, FOCUS_BACK, G::NoReactivationPending, McuState::Active, NONE, NONE, "the Focus reconnect completes and the MCU is active"),
    row(Some(V4), McuState::Retrying, FOCUS_BACK, G::V4On, McuState::Idle, REACTIVATION, REACTIVATION, "the Focus reconnect completes; Idle until the MCU reports active"),
    row(None, McuState::Idle, SESSION_ENDS, G::Always, McuState::Terminated, NONE, REACTIVATION, "the session ends"),
    row(None, McuState::Active, SESSION_ENDS, G::Always, McuState::Terminated, NONE, REACTIVATION, "the session ends"),
    row(None, McuState::Retrying, SESSION_ENDS, G::Always, McuState::Terminated, NONE, REACTIVATION, "the session ends"),
    row(None, McuState::Terminated, &[Follows(T1)], G::Always, McuState::Idle, NONE, NONE, "a new join makes new McuSessions"),
];

/// The application's call to the AV MCU (DOMAIN.md §9 "The AV call"; R-mcu).
#[rustfmt::skip]
pub const CALL: &[Row<CallState>] = &[
    row(None, CallState::Idle, &[Timer(Tm::CommandResponse)], G::AudioVideoActive, CallState::Established, NONE, NONE, "the AV MCU answers BeginEstablishMcuCall"),
    row(Some(RMcu), CallState::Terminated, &[Timer(Tm::CommandResponse)], G::AudioVideoActive, CallState::Established, NONE, NONE, "the call is re-established after an MCU failover"),
    row(None, CallState::Established, &[Ev(K::McuFailover)], G::Always, CallState::Terminated, NONE, NONE, "the AV MCU fails over (R-mcu) and UCMA terminates the call"),
    row(None, CallState::Established, SESSION_ENDS, G::Always, CallState::Terminated, NONE, NONE, "the session ends"),
    row(None, CallState::Terminated, &[Follows(T1)], G::Always, CallState::Idle, NONE, NONE, "a new join starts with an Idle call"),
];

const ARRIVES: &[Cause] = &[Ev(K::ParticipantJoins), Timer(Tm::JoinResponse), Ev(K::JoinResponse)];
const DELETED: &[Cause] = &[Ev(K::MeetingDeleted), Ev(K::OrganizerDeleted)];
const DEACTIVATES: &[Cause] =
    &[Timer(Tm::DGrace), Timer(Tm::DEmpty), Timer(Tm::DInactivity), Ev(K::PresenterEndsMeeting)];
const ACTIVE_COUNTDOWNS: &[TimerId] = &[Tm::DGrace, Tm::DEmpty, Tm::DInactivity];
const ALL_COUNTDOWNS: &[TimerId] = &[Tm::DGrace, Tm::DEmpty, Tm::DInactivity, Tm::DExpiry];
const EXPIRY: &[TimerId] = &[Tm::DExpiry];
use ConferenceState as Cf;

/// The conference lifecycle (DOMAIN.md §7, §9 "Countdowns"). D-grace and D-empty start and stop
/// while Active as the roster changes (`World::reconcile_countdowns`), not on a row.
#[rustfmt::skip]
pub const CONFERENCE: &[Row<ConferenceState>] = &[
    row(Some(DActivate), Cf::Scheduled, ARRIVES, G::Always, Cf::Active, &[Tm::DInactivity], EXPIRY, "the first participant reaches the Focus"),
    row(Some(DActivate), Cf::Deactivated, ARRIVES, G::Always, Cf::Active, &[Tm::DInactivity], EXPIRY, "a join reactivates it"),
    row(Some(DActivate), Cf::Expired, JOIN_ANSWER, G::Always, Cf::Expired, NONE, NONE, "a join into an expired conference is refused"),
    row(Some(DGrace), Cf::Active, &[Timer(Tm::DGrace)], G::ExpiryAhead, Cf::Deactivated, EXPIRY, ACTIVE_COUNTDOWNS, "90 minutes without an enterprise participant"),
    row(Some(DEmpty), Cf::Active, &[Timer(Tm::DEmpty)], G::ExpiryAhead, Cf::Deactivated, EXPIRY, ACTIVE_COUNTDOWNS, "empty for the empty-conference timeout"),
    row(Some(DInactivity), Cf::Active, &[Timer(Tm::DInactivity)], G::ExpiryAhead, Cf::Deactivated, EXPIRY, ACTIVE_COUNTDOWNS, "nobody new entered for a day"),
    row(Some(DManual), Cf::Active, &[Ev(K::PresenterEndsMeeting)], G::ExpiryAhead, Cf::Deactivated, EXPIRY, ACTIVE_COUNTDOWNS, "a leader ends the meeting"),
    row(Some(DManual), Cf::Active, &[Timer(Tm::TerminateComplete)], G::LeaderEndedIt, Cf::Deactivated, EXPIRY, ACTIVE_COUNTDOWNS, "the Focus answers a leader's BeginTerminateConference"),
    row(Some(DExpiry), Cf::Active, DEACTIVATES, G::ExpiryPassed, Cf::Expired, NONE, ACTIVE_COUNTDOWNS, "deactivated past its expiry time: deleted at once"),
    row(Some(DExpiry), Cf::Active, &[Timer(Tm::TerminateComplete)], G::LeaderEndedItLate, Cf::Expired, NONE, ACTIVE_COUNTDOWNS, "a leader ends it past its expiry time: deleted at once"),
    row(Some(DManual), Cf::Active, DELETED, G::Always, Cf::Expired, NONE, ALL_COUNTDOWNS, "the organizer deletes the meeting, or is deleted"),
    row(Some(DManual), Cf::Scheduled, DELETED, G::Always, Cf::Expired, NONE, ALL_COUNTDOWNS, "the meeting or its organizer is deleted"),
    row(Some(DManual), Cf::Deactivated, DELETED, G::Always, Cf::Expired, NONE, ALL_COUNTDOWNS, "the meeting or its organizer is deleted"),
    row(Some(DExpiry), Cf::Scheduled, &[Timer(Tm::DExpiry)], G::Always, Cf::Expired, NONE, EXPIRY, "the expiry time passes"),
    row(Some(DExpiry), Cf::Deactivated, &[Timer(Tm::DExpiry)], G::Always, Cf::Expired, NONE, EXPIRY, "the expiry time passes"),
];

/// How many cause codes there are: every event, every timer, every tag (a session row followed).
const CODES: usize = EventKind::ALL.len() + TimerId::ALL.len() + Tag::ALL.len();

/// At most this many rows of a table share a state and a cause (checked when the index is built,
/// at compile time).
const SLOT: usize = 4;

/// A number per cause, to index rows by (state, cause).
const fn cause_code(c: Cause) -> usize {
    let (events, timers) = (EventKind::ALL.len(), TimerId::ALL.len());
    match c {
        Cause::Call(k) | Cause::Event(k) => k as usize,
        Cause::Timer(t) => events + t as usize,
        Cause::Session(tag) => events + timers + tag as usize,
    }
}

/// The rows of a table by (from, cause), in table order: finding a row looks at the few rows
/// that can match, not the table. Built at compile time from the table ([`row_index!`]).
pub struct RowIndex {
    states: usize,
    /// `[cause code * states + from]`: row numbers, `u8::MAX` after the last.
    slots: &'static [[u8; SLOT]],
}

/// The [`RowIndex`] of a table whose states are the fieldless enum `$state`.
macro_rules! row_index {
    ($rows:expr, $state:ty) => {{
        const STATES: usize = <$state>::ALL.len();
        const SLOTS: [[u8; SLOT]; STATES * CODES] = {
            let rows = $rows;
            let mut by = [[u8::MAX; SLOT]; STATES * CODES];
            let mut i = 0;
            while i < rows.len() {
                let mut c = 0;
                while c < rows[i].causes.len() {
                    let at = cause_code(rows[i].causes[c]) * STATES + rows[i].from as usize;
                    let mut k = 0;
                    while by[at][k] != i as u8 && by[at][k] != u8::MAX {
                        k += 1;
                        assert!(k < SLOT, "more rows share a state and a cause than a slot holds");
                    }
                    by[at][k] = i as u8;
                    c += 1;
                }
                i += 1;
            }
            by
        };
        RowIndex { states: STATES, slots: &SLOTS }
    }};
}

impl RowIndex {
    /// The first row from `from` naming `cause` whose guard holds, in table order.
    pub fn find<S: Copy>(
        &self,
        rows: &'static [Row<S>],
        from: usize,
        cause: Cause,
        holds: impl Fn(Guard) -> bool,
    ) -> Option<(usize, &'static Row<S>)> {
        for &i in &self.slots[cause_code(cause) * self.states + from] {
            if i == u8::MAX {
                break;
            }
            let row = &rows[i as usize];
            if holds(row.guard) {
                return Some((i as usize, row));
            }
        }
        None
    }
}

static SESSION_INDEX: RowIndex = row_index!(SESSION, SessionState);
static MCU_INDEX: RowIndex = row_index!(MCU, McuState);
static CALL_INDEX: RowIndex = row_index!(CALL, CallState);
static CONFERENCE_INDEX: RowIndex = row_index!(CONFERENCE, ConferenceState);

/// The index of each table.
pub fn index(machine: Machine) -> &'static RowIndex {
    match machine {
        Machine::Session => &SESSION_INDEX,
        Machine::Mcu => &MCU_INDEX,
        Machine::Call => &CALL_INDEX,
        Machine::Conference => &CONFERENCE_INDEX,
    }
}

/// A row taken on a trace line: which machine (and, for an McuSession, which one), which row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taken {
    pub machine: Machine,
    pub modality: Option<super::model::Modality>,
    /// The index in the machine's table.
    pub row: usize,
}

/// One arrow of a diagram: the tagged rows with the same tag, `from` and `to`, drawn once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge<S> {
    pub tag: Tag,
    pub from: S,
    pub to: S,
    /// The first such row's trigger.
    pub trigger: &'static str,
}

/// The arrows of a machine's diagram, in table order (untagged rows are not drawn).
pub fn edges<S: Copy + PartialEq>(rows: &'static [Row<S>]) -> Vec<Edge<S>> {
    let mut out: Vec<Edge<S>> = Vec::new();
    for r in rows {
        let Some(tag) = r.tag else { continue };
        if !out.iter().any(|e| e.tag == tag && e.from == r.from && e.to == r.to) {
            out.push(Edge { tag, from: r.from, to: r.to, trigger: r.trigger });
        }
    }
    out
}

/// Whether a tag names a ConferenceSession row.
pub fn is_session_tag(tag: Tag) -> bool {
    SESSION.iter().any(|r| r.tag == Some(tag))
}

/// A row of any machine, with its states by name (the property test, exports and the app read
/// rows of every machine alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnyRow {
    pub machine: Machine,
    pub tag: Option<Tag>,
    pub from: &'static str,
    pub causes: &'static [Cause],
    pub guard: Guard,
    pub to: &'static str,
    pub starts: &'static [TimerId],
    pub stops: &'static [TimerId],
    pub trigger: &'static str,
}

fn any<S: Copy>(machine: Machine, r: &'static Row<S>, name: fn(S) -> &'static str) -> AnyRow {
    AnyRow {
        machine,
        tag: r.tag,
        from: name(r.from),
        causes: r.causes,
        guard: r.guard,
        to: name(r.to),
        starts: r.starts,
        stops: r.stops,
        trigger: r.trigger,
    }
}

/// Every row of a machine, in table order.
pub fn rows(machine: Machine) -> Vec<AnyRow> {
    match machine {
        Machine::Session => SESSION.iter().map(|r| any(machine, r, SessionState::name)).collect(),
        Machine::Mcu => MCU.iter().map(|r| any(machine, r, McuState::name)).collect(),
        Machine::Call => CALL.iter().map(|r| any(machine, r, CallState::name)).collect(),
        Machine::Conference => CONFERENCE.iter().map(|r| any(machine, r, ConferenceState::name)).collect(),
    }
}

/// Row `index` of a machine.
pub fn row_of(machine: Machine, index: usize) -> Option<AnyRow> {
    match machine {
        Machine::Session => SESSION.get(index).map(|r| any(machine, r, SessionState::name)),
        Machine::Mcu => MCU.get(index).map(|r| any(machine, r, McuState::name)),
        Machine::Call => CALL.get(index).map(|r| any(machine, r, CallState::name)),
        Machine::Conference => CONFERENCE.get(index).map(|r| any(machine, r, ConferenceState::name)),
    }
}

/// Which object an application call is made on: that decides what a wrong state throws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `ConferenceSession.Begin*`: judged by the session's state.
    Session,
    /// `McuSession.Begin*`: needs the session Connected (and the McuSession Active).
    Mcu,
    /// `Conversation.Begin*`: judged by the Conversation's state and, when `drives_session`,
    /// also needs a session state the table accepts the call from (an escalation starts T1).
    Conversation { states: &'static [ConversationState], drives_session: bool },
}

/// An application call and the rules that judge it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallRule {
    pub call: EventKind,
    pub target: Target,
    /// A conference command the Focus refuses from a non-leader (DOMAIN.md §2).
    pub leader_only: bool,
    /// A command that moves no session row: accepted while Connected, answered after the
    /// signaling latency.
    pub command: bool,
    /// Conversation states the call also needs (empty: any). A direct join needs an Idle
    /// Conversation: a terminated one cannot host a new conference session.
    pub needs_conversation: &'static [ConversationState],
}

const fn call(call: EventKind, target: Target, leader_only: bool, command: bool) -> CallRule {
    CallRule { call, target, leader_only, command, needs_conversation: &[] }
}

use ConversationState as C;
const ALL_CONVERSATION_STATES: &[ConversationState] = ConversationState::ALL;

/// Every application call.
pub const CALLS: &[CallRule] = &[
    CallRule { needs_conversation: &[C::Idle], ..call(K::BeginJoin, Target::Session, false, false) },
    call(
        K::BeginEscalate,
        Target::Conversation { states: &[C::Idle, C::Established], drives_session: true },
        false,
        false,
    ),
    call(
        K::BeginTerminate,
        Target::Conversation { states: ALL_CONVERSATION_STATES, drives_session: false },
        false,
        false,
    ),
    call(K::BeginTerminateConference, Target::Session, false, false),
    call(K::BeginEject, Target::Session, true, true),
    call(K::BeginLockConference, Target::Session, true, true),
    call(K::BeginUnlockConference, Target::Session, true, true),
    call(K::BeginAdmitLobbyParticipants, Target::Session, true, true),
    call(K::BeginDenyLobbyParticipants, Target::Session, true, true),
    call(K::BeginModifyConferenceConfiguration, Target::Session, true, true),
    call(K::BeginEstablishMcuCall, Target::Mcu, false, true),
];

/// Which row of [`CALLS`] judges each event kind (`u8::MAX`: not a call), built at compile time
/// so every step finds its call rule without a scan.
const CALL_OF: [u8; EventKind::ALL.len()] = {
    let mut of = [u8::MAX; EventKind::ALL.len()];
    let mut i = 0;
    while i < CALLS.len() {
        of[CALLS[i].call as usize] = i as u8;
        i += 1;
    }
    of
};

pub fn call_rule(kind: EventKind) -> Option<&'static CallRule> {
    CALLS.get(CALL_OF[kind as usize] as usize)
}

/// Whether an event is an application call (one load, no branch).
#[inline]
pub fn is_call(kind: EventKind) -> bool {
    CALL_OF[kind as usize] != u8::MAX
}

/// Whether a session or MCU call is accepted in a session state: the `from` of a row the call
/// can drive, or Connected for commands. No allocation: the app asks this for every button.
pub fn accepts(kind: EventKind, state: SessionState) -> bool {
    static ACCEPTS: std::sync::OnceLock<Vec<[bool; 7]>> = std::sync::OnceLock::new();
    let table = ACCEPTS.get_or_init(|| {
        EventKind::ALL
            .iter()
            .map(|k| {
                let command = call_rule(*k).is_some_and(|c| c.command);
                let mut row = [false; 7];
                for s in SessionState::ALL {
                    row[*s as usize] = (command && *s == S::Connected)
                        || SESSION.iter().any(|r| r.from == *s && r.causes.contains(&Call(*k)));
                }
                row
            })
            .collect()
    });
    table[kind as usize][state as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table scan the index replaces: the oracle it is tested against.
    fn find<S: Copy + PartialEq>(
        rows: &'static [Row<S>],
        from: S,
        cause: Cause,
        holds: impl Fn(Guard) -> bool,
    ) -> Option<(usize, &'static Row<S>)> {
        rows.iter().enumerate().find(|(_, r)| r.from == from && r.causes.contains(&cause) && holds(r.guard))
    }

    /// The session states in which a call is accepted (see [`accepts`]).
    fn accepting_states(kind: EventKind) -> Vec<SessionState> {
        SessionState::ALL.iter().copied().filter(|s| accepts(kind, *s)).collect()
    }

    #[test]
    fn every_t_tag_has_a_session_row_in_order_of_first_appearance() {
        let mut tags: Vec<Tag> = SESSION.iter().filter_map(|r| r.tag).collect();
        tags.dedup();
        let expected: Vec<String> = (1..=14).map(|n| format!("T{n}")).chain(["V1".to_string()]).collect();
        assert_eq!(tags.iter().map(|t| t.name()).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn calls_accepted_where_the_tables_say() {
        assert_eq!(accepting_states(K::BeginJoin), [S::Idle]);
        assert_eq!(accepting_states(K::BeginTerminateConference), [S::Connected, S::InLobby]);
        assert_eq!(accepting_states(K::BeginLockConference), [S::Connected]);
    }

    #[test]
    fn the_index_finds_what_the_table_scan_finds() {
        fn check<S: Copy + PartialEq + std::fmt::Debug>(
            machine: Machine,
            rows: &'static [Row<S>],
            states: &[S],
            idx: fn(S) -> usize,
        ) {
            let causes = rows.iter().flat_map(|r| r.causes.iter().copied());
            for cause in causes.chain([Call(K::BeginJoin), Timer(Tm::DExpiry), Follows(T2)]) {
                for s in states {
                    for g in Guard::ALL {
                        let scan = find(rows, *s, cause, |x| x != *g).map(|f| f.0);
                        let indexed = index(machine).find(rows, idx(*s), cause, |x| x != *g).map(|f| f.0);
                        assert_eq!(scan, indexed, "{machine:?} {s:?} {cause:?} without {g:?}");
                    }
                }
            }
        }
        check(Machine::Session, SESSION, S::ALL, |s| s as usize);
        check(Machine::Mcu, MCU, McuState::ALL, |s| s as usize);
        check(Machine::Call, CALL, CallState::ALL, |s| s as usize);
        check(Machine::Conference, CONFERENCE, ConferenceState::ALL, |s| s as usize);
    }

    #[test]
    fn rows_sharing_a_state_and_cause_are_told_apart_by_distinct_guards() {
        fn check<S: Copy + PartialEq + std::fmt::Debug>(rows: &[Row<S>]) {
            for (i, a) in rows.iter().enumerate() {
                for b in &rows[i + 1..] {
                    let shared = a.causes.iter().any(|c| b.causes.contains(c));
                    if a.from == b.from && shared {
                        assert!(
                            a.guard != b.guard && a.guard != Guard::Always && b.guard != Guard::Always,
                            "{:?} {:?} and {:?} {:?} share a cause from {:?} without telling guards",
                            a.tag,
                            a.guard,
                            b.tag,
                            b.guard,
                            a.from
                        );
                    }
                }
            }
        }
        check(SESSION);
        check(MCU);
        check(CALL);
        check(CONFERENCE);
    }
}
