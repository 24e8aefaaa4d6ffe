//! Input events (SCENARIOS.md "Events") and their canonical JSON form.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

use super::duration::{format_iso, Millis};
use super::model::{named_enum, AccessLevel, Identity, JoinMode, Kind, LeaderAssignment, LobbyBypass, Modality, Named};

named_enum!(
    /// The name of every input event, in the order of SCENARIOS.md.
    EventKind {
        BeginJoin, BeginEscalate, BeginTerminate, BeginTerminateConference, BeginEject,
        BeginLockConference, BeginUnlockConference, BeginAdmitLobbyParticipants,
        BeginDenyLobbyParticipants, BeginModifyConferenceConfiguration, BeginEstablishMcuCall,
        JoinResponse, JoinFailed, EscalationFailed, FocusFailover, DialogRecovery,
        ReconnectSucceeded, ReconnectFailed, McuFailover, McuActivated, HopFailure,
        RouteRepairFailed, RouteHealed, LeaderAdmits, LeaderDenies, LeaderEjects,
        PresenterEndsMeeting, MeetingDeleted, OrganizerDeleted, ParticipantJoins,
        ParticipantLeaves, Advance,
    }
);

named_enum!(
    /// How SCENARIOS.md groups the events; the app shows one panel per group.
    EventGroup { Application = "Application calls", Network = "Network and server", People = "People", Clock = "Clock" }
);

impl EventKind {
    pub fn group(self) -> EventGroup {
        use EventKind::*;
        match self {
            BeginJoin
            | BeginEscalate
            | BeginTerminate
            | BeginTerminateConference
            | BeginEject
            | BeginLockConference
            | BeginUnlockConference
            | BeginAdmitLobbyParticipants
            | BeginDenyLobbyParticipants
            | BeginModifyConferenceConfiguration
            | BeginEstablishMcuCall => EventGroup::Application,
            ParticipantJoins | ParticipantLeaves | LeaderAdmits | LeaderDenies | LeaderEjects
            | PresenterEndsMeeting | MeetingDeleted | OrganizerDeleted => EventGroup::People,
            Advance => EventGroup::Clock,
            _ => EventGroup::Network,
        }
    }
}

/// `BeginJoin`'s options.
#[derive(Clone, Debug, PartialEq)]
pub struct JoinOptions {
    pub mode: JoinMode,
    pub identity: Identity,
    pub organizer: bool,
    pub invited: bool,
    pub lobby_timeout: Millis,
}

impl Default for JoinOptions {
    fn default() -> Self {
        JoinOptions {
            mode: JoinMode::Default,
            identity: Identity::Enterprise,
            organizer: false,
            invited: true,
            lobby_timeout: 15 * super::duration::MINUTE,
        }
    }
}

/// Another participant as it arrives (`ParticipantJoins`).
#[derive(Clone, Debug, PartialEq)]
pub struct Arrival {
    pub participant: String,
    pub kind: Kind,
    pub invited: bool,
    pub leader: bool,
    pub organizer: bool,
}

/// The fields of `BeginModifyConferenceConfiguration`; `None` leaves a setting as it is.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Modification {
    pub access_level: Option<AccessLevel>,
    pub lobby_bypass: Option<LobbyBypass>,
    pub automatic_leader_assignment: Option<LeaderAssignment>,
}

/// Where an event's fields come from. [`Event::build`] is the one place that knows which fields
/// each event has, their defaults and the values they may take; the scenario parser reads them
/// from JSON (with precise errors), the property test, the fuzz decoder and the benchmark streams
/// draw them from bytes ([`super::stream::Draw`]), and the explorer enumerates them.
pub trait FieldSource {
    type Error;
    /// A required participant id.
    fn participant(&mut self, field: &'static str) -> Result<String, Self::Error>;
    /// A required list of participant ids.
    fn participants(&mut self, field: &'static str) -> Result<Vec<String>, Self::Error>;
    /// A flag, `default` when absent.
    fn flag(&mut self, field: &'static str, default: bool) -> Result<bool, Self::Error>;
    /// A duration: `default` when absent, required when `default` is `None`.
    fn duration(&mut self, field: &'static str, default: Option<Millis>) -> Result<Millis, Self::Error>;
    /// One of `allowed`: `default` when absent, required when `default` is `None`.
    fn choice<E: Named>(
        &mut self,
        field: &'static str,
        allowed: &'static [E],
        default: Option<E>,
    ) -> Result<E, Self::Error>;
    /// A value that may be left out (`None`: unchanged).
    fn option<E: Named>(&mut self, field: &'static str) -> Result<Option<E>, Self::Error>;
}

/// Every field at its default; a required one without a default fails ([`Event::with_defaults`]).
struct Defaults;

impl FieldSource for Defaults {
    type Error = ();

    fn participant(&mut self, _: &'static str) -> Result<String, ()> {
        Err(())
    }

    fn participants(&mut self, _: &'static str) -> Result<Vec<String>, ()> {
        Err(())
    }

    fn flag(&mut self, _: &'static str, default: bool) -> Result<bool, ()> {
        Ok(default)
    }

    fn duration(&mut self, _: &'static str, default: Option<Millis>) -> Result<Millis, ()> {
        default.ok_or(())
    }

    fn choice<E: Named>(&mut self, _: &'static str, allowed: &'static [E], default: Option<E>) -> Result<E, ()> {
        // One allowed value is no choice (the AV call's modality).
        default.or(if allowed.len() == 1 { allowed.first().copied() } else { None }).ok_or(())
    }

    fn option<E: Named>(&mut self, _: &'static str) -> Result<Option<E>, ()> {
        Ok(None)
    }
}

/// One input event.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    BeginJoin(JoinOptions),
    BeginEscalate,
    BeginTerminate,
    BeginTerminateConference,
    BeginEject { participant: String },
    BeginLockConference,
    BeginUnlockConference,
    BeginAdmitLobbyParticipants { participants: Vec<String> },
    BeginDenyLobbyParticipants { participants: Vec<String> },
    BeginModifyConferenceConfiguration(Modification),
    BeginEstablishMcuCall { modality: Modality },
    JoinResponse,
    JoinFailed,
    EscalationFailed,
    FocusFailover,
    DialogRecovery,
    ReconnectSucceeded,
    ReconnectFailed,
    McuFailover { modality: Modality },
    McuActivated { modality: Modality },
    HopFailure,
    RouteRepairFailed,
    RouteHealed,
    LeaderAdmits,
    LeaderDenies,
    LeaderEjects,
    PresenterEndsMeeting,
    MeetingDeleted,
    OrganizerDeleted,
    ParticipantJoins(Arrival),
    ParticipantLeaves { participant: String },
    Advance { by: Millis },
}

impl Event {
    /// Builds an event of `kind` from its fields (SCENARIOS.md "Events"), in the order a scenario
    /// lists them.
    pub fn build<S: FieldSource>(kind: EventKind, s: &mut S) -> Result<Event, S::Error> {
        use EventKind as K;
        let d = JoinOptions::default();
        Ok(match kind {
            K::BeginJoin => Event::BeginJoin(JoinOptions {
                mode: s.choice("mode", JoinMode::ALL, Some(d.mode))?,
                identity: s.choice("identity", Identity::ALL, Some(d.identity))?,
                organizer: s.flag("organizer", d.organizer)?,
                invited: s.flag("invited", d.invited)?,
                lobby_timeout: s.duration("lobby_timeout", Some(d.lobby_timeout))?,
            }),
            K::BeginEscalate => Event::BeginEscalate,
            K::BeginTerminate => Event::BeginTerminate,
            K::BeginTerminateConference => Event::BeginTerminateConference,
            K::BeginEject => Event::BeginEject { participant: s.participant("participant")? },
            K::BeginLockConference => Event::BeginLockConference,
            K::BeginUnlockConference => Event::BeginUnlockConference,
            K::BeginAdmitLobbyParticipants => {
                Event::BeginAdmitLobbyParticipants { participants: s.participants("participants")? }
            }
            K::BeginDenyLobbyParticipants => {
                Event::BeginDenyLobbyParticipants { participants: s.participants("participants")? }
            }
            K::BeginModifyConferenceConfiguration => Event::BeginModifyConferenceConfiguration(Modification {
                access_level: s.option("access_level")?,
                lobby_bypass: s.option("lobby_bypass")?,
                automatic_leader_assignment: s.option("automatic_leader_assignment")?,
            }),
            // The application calls only the AV MCU.
            K::BeginEstablishMcuCall => {
                Event::BeginEstablishMcuCall { modality: s.choice("modality", &[Modality::AudioVideo], None)? }
            }
            K::JoinResponse => Event::JoinResponse,
            K::JoinFailed => Event::JoinFailed,
            K::EscalationFailed => Event::EscalationFailed,
            K::FocusFailover => Event::FocusFailover,
            K::DialogRecovery => Event::DialogRecovery,
            K::ReconnectSucceeded => Event::ReconnectSucceeded,
            K::ReconnectFailed => Event::ReconnectFailed,
            K::McuFailover => Event::McuFailover { modality: s.choice("modality", Modality::ALL, None)? },
            K::McuActivated => Event::McuActivated { modality: s.choice("modality", Modality::ALL, None)? },
            K::HopFailure => Event::HopFailure,
            K::RouteRepairFailed => Event::RouteRepairFailed,
            K::RouteHealed => Event::RouteHealed,
            K::LeaderAdmits => Event::LeaderAdmits,
            K::LeaderDenies => Event::LeaderDenies,
            K::LeaderEjects => Event::LeaderEjects,
            K::PresenterEndsMeeting => Event::PresenterEndsMeeting,
            K::MeetingDeleted => Event::MeetingDeleted,
            K::OrganizerDeleted => Event::OrganizerDeleted,
            K::ParticipantJoins => Event::ParticipantJoins(Arrival {
                participant: s.participant("participant")?,
                kind: s.choice("kind", Kind::ALL, None)?,
                invited: s.flag("invited", true)?,
                leader: s.flag("leader", false)?,
                organizer: s.flag("organizer", false)?,
            }),
            K::ParticipantLeaves => Event::ParticipantLeaves { participant: s.participant("participant")? },
            K::Advance => Event::Advance { by: s.duration("by", None)? },
        })
    }

    /// The event of `kind` with every field at its default, if it has no required field without
    /// one (a participant, say): what a control that names no fields fires.
    pub fn with_defaults(kind: EventKind) -> Option<Event> {
        Event::build(kind, &mut Defaults).ok()
    }

    pub fn kind(&self) -> EventKind {
        use Event as E;
        use EventKind as K;
        match self {
            E::BeginJoin(_) => K::BeginJoin,
            E::BeginEscalate => K::BeginEscalate,
            E::BeginTerminate => K::BeginTerminate,
            E::BeginTerminateConference => K::BeginTerminateConference,
            E::BeginEject { .. } => K::BeginEject,
            E::BeginLockConference => K::BeginLockConference,
            E::BeginUnlockConference => K::BeginUnlockConference,
            E::BeginAdmitLobbyParticipants { .. } => K::BeginAdmitLobbyParticipants,
            E::BeginDenyLobbyParticipants { .. } => K::BeginDenyLobbyParticipants,
            E::BeginModifyConferenceConfiguration(_) => K::BeginModifyConferenceConfiguration,
            E::BeginEstablishMcuCall { .. } => K::BeginEstablishMcuCall,
            E::JoinResponse => K::JoinResponse,
            E::JoinFailed => K::JoinFailed,
            E::EscalationFailed => K::EscalationFailed,
            E::FocusFailover => K::FocusFailover,
            E::DialogRecovery => K::DialogRecovery,
            E::ReconnectSucceeded => K::ReconnectSucceeded,
            E::ReconnectFailed => K::ReconnectFailed,
            E::McuFailover { .. } => K::McuFailover,
            E::McuActivated { .. } => K::McuActivated,
            E::HopFailure => K::HopFailure,
            E::RouteRepairFailed => K::RouteRepairFailed,
            E::RouteHealed => K::RouteHealed,
            E::LeaderAdmits => K::LeaderAdmits,
            E::LeaderDenies => K::LeaderDenies,
            E::LeaderEjects => K::LeaderEjects,
            E::PresenterEndsMeeting => K::PresenterEndsMeeting,
            E::MeetingDeleted => K::MeetingDeleted,
            E::OrganizerDeleted => K::OrganizerDeleted,
            E::ParticipantJoins(_) => K::ParticipantJoins,
            E::ParticipantLeaves { .. } => K::ParticipantLeaves,
            E::Advance { .. } => K::Advance,
        }
    }

    /// The event as a scenario step: `{"event": NAME, …fields}`, every field written out.
    pub fn to_json(&self) -> Value {
        // Through the text the trace writes and the scenario reader: the same value as
        // `serde_json::to_value` (no numbers here), without a serializer into `Value` for events.
        serde_json::to_string(self)
            .ok()
            .and_then(|text| super::scenario::parse_json(&text).ok())
            .unwrap_or_else(|| json!({"event": self.kind().name()}))
    }
}

/// An event is written as a scenario step, `{"event": NAME, …fields}`, every field written out
/// in the order [`Event::build`] reads them (trace lines serialize it directly, no JSON tree).
impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("event", self.kind().name())?;
        match self {
            Event::BeginJoin(o) => {
                m.serialize_entry("mode", &o.mode)?;
                m.serialize_entry("identity", &o.identity)?;
                m.serialize_entry("organizer", &o.organizer)?;
                m.serialize_entry("invited", &o.invited)?;
                m.serialize_entry("lobby_timeout", &format_iso(o.lobby_timeout))?;
            }
            Event::BeginEject { participant } | Event::ParticipantLeaves { participant } => {
                m.serialize_entry("participant", participant)?;
            }
            Event::BeginAdmitLobbyParticipants { participants }
            | Event::BeginDenyLobbyParticipants { participants } => m.serialize_entry("participants", participants)?,
            Event::BeginModifyConferenceConfiguration(c) => {
                if let Some(v) = c.access_level {
                    m.serialize_entry("access_level", &v)?;
                }
                if let Some(v) = c.lobby_bypass {
                    m.serialize_entry("lobby_bypass", &v)?;
                }
                if let Some(v) = c.automatic_leader_assignment {
                    m.serialize_entry("automatic_leader_assignment", &v)?;
                }
            }
            Event::BeginEstablishMcuCall { modality }
            | Event::McuFailover { modality }
            | Event::McuActivated { modality } => m.serialize_entry("modality", modality)?,
            Event::ParticipantJoins(a) => {
                m.serialize_entry("participant", &a.participant)?;
                m.serialize_entry("kind", &a.kind)?;
                m.serialize_entry("invited", &a.invited)?;
                m.serialize_entry("leader", &a.leader)?;
                m.serialize_entry("organizer", &a.organizer)?;
            }
            Event::Advance { by } => m.serialize_entry("by", &format_iso(*by))?,
            _ => {}
        }
        m.end()
    }
}
