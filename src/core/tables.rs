//! The transition tables, as data: one row per tag.
//!
//! The world moves a machine only through [`session_edge`] / [`mcu_edge`] (a row's `from` must
//! match), the legality of application calls is derived from the rows' causes, and the app's
//! diagram, the exports and the tests read these same rows.

use super::clock::TimerId;
use super::event::EventKind;
use super::model::{ConferenceState, ConversationState, McuState, SessionState};
use super::tags::Tag;

/// What can make an edge fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// An application call on the local endpoint.
    Call(EventKind),
    /// Something the network, the server or another person does.
    Event(EventKind),
    /// A virtual timer running out.
    Timer(TimerId),
}

/// One edge of a machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge<S: 'static> {
    pub tag: Tag,
    pub from: S,
    pub to: S,
    /// The trigger, in the words of the source.
    pub trigger: &'static str,
    pub causes: &'static [Cause],
}

use Cause::{Call, Event as Ev, Timer};
use EventKind as K;
use SessionState as S;

/// ConferenceSession, T1–T14 (seed 000; DOMAIN.md §2).
pub const SESSION: &[Edge<SessionState>] = &[
    Edge {
        tag: Tag::T1,
        from: S::Idle,
        to: S::Connecting,
        trigger: "BeginJoin (or the Conversation escalates)",
        causes: &[Call(K::BeginJoin), Call(K::BeginEscalate)],
    },
    Edge {
        tag: Tag::T2,
        from: S::Connecting,
        to: S::Connected,
        trigger: "the join completes and the Focus admits the endpoint",
        causes: &[Timer(TimerId::JoinResponse), Ev(K::JoinResponse)],
    },
    Edge {
        tag: Tag::T3,
        from: S::Connected,
        to: S::Disconnecting,
        trigger: "terminate, ejected, conference ended, or escalation failed",
        causes: &[
            Call(K::BeginTerminate),
            Call(K::BeginTerminateConference),
            Ev(K::LeaderEjects),
            Ev(K::EscalationFailed),
            Ev(K::PresenterEndsMeeting),
            Ev(K::MeetingDeleted),
            Ev(K::OrganizerDeleted),
            Timer(TimerId::DGrace),
            Timer(TimerId::DInactivity),
        ],
    },
    Edge {
        tag: Tag::T4,
        from: S::Disconnecting,
        to: S::Disconnected,
        trigger: "termination completes",
        causes: &[Timer(TimerId::TerminateComplete)],
    },
    Edge {
        tag: Tag::T5,
        from: S::Disconnecting,
        to: S::Idle,
        trigger: "clean-up after the parent Conversation's escalation failed",
        causes: &[Timer(TimerId::TerminateComplete)],
    },
    Edge {
        tag: Tag::T6,
        from: S::Connected,
        to: S::Reconnecting,
        trigger: "Focus front-end failover or SIP dialog recovery",
        causes: &[Ev(K::FocusFailover), Ev(K::DialogRecovery), Timer(TimerId::RouteRepair), Ev(K::RouteRepairFailed)],
    },
    Edge {
        tag: Tag::T7,
        from: S::Reconnecting,
        to: S::Connected,
        trigger: "reconnection succeeds (fresh roster)",
        causes: &[Timer(TimerId::ReconnectAttempt), Ev(K::ReconnectSucceeded), Ev(K::RouteHealed)],
    },
    Edge {
        tag: Tag::T8,
        from: S::Reconnecting,
        to: S::Disconnecting,
        trigger: "the one reconnection attempt fails",
        causes: &[
            Timer(TimerId::ReconnectAttempt),
            Ev(K::ReconnectFailed),
            Ev(K::RouteHealed),
            Timer(TimerId::AppRecoveryTimeout),
            Timer(TimerId::LobbyTimeout),
            Call(K::BeginTerminate),
        ],
    },
    Edge {
        tag: Tag::T9,
        from: S::Connecting,
        to: S::Idle,
        trigger: "the join fails; EndJoin throws",
        causes: &[
            Ev(K::JoinFailed),
            Ev(K::EscalationFailed),
            Timer(TimerId::JoinResponse),
            Ev(K::JoinResponse),
            Call(K::BeginTerminate),
        ],
    },
    Edge {
        tag: Tag::T10,
        from: S::Connecting,
        to: S::InLobby,
        trigger: "the Focus places the endpoint in the lobby",
        causes: &[Timer(TimerId::JoinResponse), Ev(K::JoinResponse)],
    },
    Edge {
        tag: Tag::T11,
        from: S::InLobby,
        to: S::Reconnecting,
        trigger: "failover or dialog recovery while in the lobby",
        causes: &[Ev(K::FocusFailover), Ev(K::DialogRecovery), Timer(TimerId::RouteRepair), Ev(K::RouteRepairFailed)],
    },
    Edge {
        tag: Tag::T12,
        from: S::Reconnecting,
        to: S::InLobby,
        trigger: "reconnection succeeds while the endpoint was in the lobby",
        causes: &[Timer(TimerId::ReconnectAttempt), Ev(K::ReconnectSucceeded), Ev(K::RouteHealed)],
    },
    Edge {
        tag: Tag::T13,
        from: S::InLobby,
        to: S::Connected,
        trigger: "a leader admits the endpoint",
        causes: &[Ev(K::LeaderAdmits)],
    },
    Edge {
        tag: Tag::T14,
        from: S::InLobby,
        to: S::Disconnecting,
        trigger: "denied, ejected, conference ended, terminated, or lobby timeout",
        causes: &[
            Ev(K::LeaderDenies),
            Ev(K::LeaderEjects),
            Call(K::BeginTerminate),
            Call(K::BeginTerminateConference),
            Timer(TimerId::LobbyTimeout),
            Ev(K::PresenterEndsMeeting),
            Ev(K::MeetingDeleted),
            Ev(K::OrganizerDeleted),
            Timer(TimerId::DGrace),
            Timer(TimerId::DEmpty),
            Timer(TimerId::DInactivity),
        ],
    },
];

/// Edges that exist only under a variant (DOMAIN.md §8): drawn dashed, taken only when it is on.
pub const SESSION_VARIANTS: &[Edge<SessionState>] = &[Edge {
    tag: Tag::V1,
    from: S::InLobby,
    to: S::Idle,
    trigger: "V1: leaving the lobby without admission; the Conversation terminates",
    causes: &[
        Ev(K::LeaderDenies),
        Ev(K::LeaderEjects),
        Call(K::BeginTerminate),
        Call(K::BeginTerminateConference),
        Timer(TimerId::LobbyTimeout),
        Ev(K::PresenterEndsMeeting),
        Ev(K::MeetingDeleted),
        Ev(K::OrganizerDeleted),
        Timer(TimerId::DGrace),
        Timer(TimerId::DEmpty),
        Timer(TimerId::DInactivity),
    ],
}];

/// McuSession, M1–M4 (one machine per modality; DOMAIN.md §4).
pub const MCU: &[Edge<McuState>] = &[
    Edge {
        tag: Tag::M1,
        from: McuState::Idle,
        to: McuState::Active,
        trigger: "the parent joined and the MCU is active",
        causes: &[
            Timer(TimerId::JoinResponse),
            Ev(K::JoinResponse),
            Ev(K::LeaderAdmits),
            Ev(K::McuActivated),
            Timer(TimerId::McuReactivationAudioVideo),
            Timer(TimerId::McuReactivationInstantMessaging),
        ],
    },
    Edge {
        tag: Tag::M2,
        from: McuState::Idle,
        to: McuState::Terminated,
        trigger: "the conference does not support this MCU type",
        causes: &[Timer(TimerId::JoinResponse), Ev(K::JoinResponse), Ev(K::LeaderAdmits)],
    },
    Edge {
        tag: Tag::M3,
        from: McuState::Active,
        to: McuState::Retrying,
        trigger: "MCU failover, or the Focus failover reconnects the session",
        causes: &[Ev(K::McuFailover), Ev(K::FocusFailover)],
    },
    Edge {
        tag: Tag::M4,
        from: McuState::Retrying,
        to: McuState::Active,
        trigger: "the MCU is active again",
        causes: &[
            Ev(K::McuActivated),
            Timer(TimerId::McuReactivationAudioVideo),
            Timer(TimerId::McuReactivationInstantMessaging),
            Timer(TimerId::ReconnectAttempt),
            Ev(K::ReconnectSucceeded),
        ],
    },
];

/// V4: after a Focus reconnect a Retrying McuSession waits Idle until the MCU reports active (then M1).
pub const MCU_VARIANTS: &[Edge<McuState>] = &[Edge {
    tag: Tag::V4,
    from: McuState::Retrying,
    to: McuState::Idle,
    trigger: "V4: the Focus reconnect completes; Idle until the MCU reports active",
    causes: &[Timer(TimerId::ReconnectAttempt), Ev(K::ReconnectSucceeded)],
}];

/// The conference lifecycle (DOMAIN.md §7).
pub const CONFERENCE: &[Edge<ConferenceState>] = &[
    Edge {
        tag: Tag::DActivate,
        from: ConferenceState::Scheduled,
        to: ConferenceState::Active,
        trigger: "the first participant reaches the Focus",
        causes: &[Ev(K::ParticipantJoins), Timer(TimerId::JoinResponse), Ev(K::JoinResponse)],
    },
    Edge {
        tag: Tag::DActivate,
        from: ConferenceState::Deactivated,
        to: ConferenceState::Active,
        trigger: "a join reactivates it",
        causes: &[Ev(K::ParticipantJoins), Timer(TimerId::JoinResponse), Ev(K::JoinResponse)],
    },
    Edge {
        tag: Tag::DGrace,
        from: ConferenceState::Active,
        to: ConferenceState::Deactivated,
        trigger: "90 minutes without an enterprise participant",
        causes: &[Timer(TimerId::DGrace)],
    },
    Edge {
        tag: Tag::DEmpty,
        from: ConferenceState::Active,
        to: ConferenceState::Deactivated,
        trigger: "empty for the empty-conference timeout",
        causes: &[Timer(TimerId::DEmpty)],
    },
    Edge {
        tag: Tag::DInactivity,
        from: ConferenceState::Active,
        to: ConferenceState::Deactivated,
        trigger: "nobody new entered for a day",
        causes: &[Timer(TimerId::DInactivity)],
    },
    Edge {
        tag: Tag::DManual,
        from: ConferenceState::Active,
        to: ConferenceState::Deactivated,
        trigger: "a leader ends the meeting",
        causes: &[Ev(K::PresenterEndsMeeting), Timer(TimerId::TerminateComplete)],
    },
    Edge {
        tag: Tag::DManual,
        from: ConferenceState::Active,
        to: ConferenceState::Expired,
        trigger: "the organizer deletes the meeting, or is deleted",
        causes: &[Ev(K::MeetingDeleted), Ev(K::OrganizerDeleted)],
    },
    Edge {
        tag: Tag::DManual,
        from: ConferenceState::Scheduled,
        to: ConferenceState::Expired,
        trigger: "the meeting or its organizer is deleted",
        causes: &[Ev(K::MeetingDeleted), Ev(K::OrganizerDeleted)],
    },
    Edge {
        tag: Tag::DManual,
        from: ConferenceState::Deactivated,
        to: ConferenceState::Expired,
        trigger: "the meeting or its organizer is deleted",
        causes: &[Ev(K::MeetingDeleted), Ev(K::OrganizerDeleted)],
    },
    Edge {
        tag: Tag::DExpiry,
        from: ConferenceState::Scheduled,
        to: ConferenceState::Expired,
        trigger: "the expiry time passes",
        causes: &[Timer(TimerId::DExpiry)],
    },
    Edge {
        tag: Tag::DExpiry,
        from: ConferenceState::Deactivated,
        to: ConferenceState::Expired,
        trigger: "the expiry time passes",
        causes: &[Timer(TimerId::DExpiry)],
    },
];

/// The ConferenceSession edge for a tag (variant edges included).
pub fn session_edge(tag: Tag) -> Option<&'static Edge<SessionState>> {
    SESSION.iter().chain(SESSION_VARIANTS).find(|e| e.tag == tag)
}

/// The McuSession edge for a tag (variant edges included).
pub fn mcu_edge(tag: Tag) -> Option<&'static Edge<McuState>> {
    MCU.iter().chain(MCU_VARIANTS).find(|e| e.tag == tag)
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
    /// A command that moves no session edge: accepted while Connected, answered after the
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

pub fn call_rule(kind: EventKind) -> Option<&'static CallRule> {
    CALLS.iter().find(|c| c.call == kind)
}

/// The session states in which a session or MCU call is accepted: the `from` of every edge the
/// call can drive, plus Connected for commands.
pub fn accepting_states(kind: EventKind) -> Vec<SessionState> {
    let command = call_rule(kind).is_some_and(|c| c.command);
    SessionState::ALL
        .iter()
        .copied()
        .filter(|s| {
            (command && *s == S::Connected) || SESSION.iter().any(|e| e.from == *s && e.causes.contains(&Call(kind)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_session_row_per_t_tag_in_order() {
        let tags: Vec<&str> = SESSION.iter().map(|e| e.tag.name()).collect();
        let expected: Vec<String> = (1..=14).map(|n| format!("T{n}")).collect();
        assert_eq!(tags, expected);
        assert_eq!(MCU.len(), 4);
    }

    #[test]
    fn calls_accepted_where_the_tables_say() {
        assert_eq!(accepting_states(K::BeginJoin), [S::Idle]);
        assert_eq!(accepting_states(K::BeginTerminateConference), [S::Connected, S::InLobby]);
        assert_eq!(accepting_states(K::BeginLockConference), [S::Connected]);
    }
}

/// The timers a state starts on entry and cancels on exit (the SCXML export's `<send delay>` /
/// `<cancel>`). Session and McuSession timers by state; conference countdowns by lifecycle state.
pub fn session_timers(state: SessionState) -> &'static [TimerId] {
    match state {
        S::Connecting => &[TimerId::JoinResponse],
        S::InLobby => &[TimerId::LobbyTimeout],
        S::Reconnecting => &[TimerId::ReconnectAttempt, TimerId::RouteUpdate, TimerId::AppRecoveryTimeout],
        S::Disconnecting => &[TimerId::TerminateComplete],
        _ => &[],
    }
}

pub fn mcu_timers(state: McuState) -> &'static [TimerId] {
    match state {
        McuState::Retrying => &[TimerId::McuReactivationAudioVideo],
        _ => &[],
    }
}

pub fn conference_timers(state: ConferenceState) -> &'static [TimerId] {
    match state {
        ConferenceState::Active => &[TimerId::DInactivity, TimerId::DGrace, TimerId::DEmpty],
        ConferenceState::Scheduled | ConferenceState::Deactivated => &[TimerId::DExpiry],
        ConferenceState::Expired => &[],
    }
}
