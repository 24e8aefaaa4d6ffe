//! Trace lines (SCENARIOS.md "Trace"): what one applied event or fired timer did.

use serde::Serialize;

use super::clock::TimerId;
use super::duration::Millis;
use super::event::{Event, EventKind};
use super::model::{
    AccessLevel, ApiEvent, CallState, ConferenceState, ConversationState, ExceptionKind, FailureReason, JoinMode,
    McuState, Role, SessionState,
};
use super::tables::Taken;
use super::tags::Tag;

/// What UCMA throws: `{"exception": …, "reason": … | null}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Exception {
    pub exception: ExceptionKind,
    pub reason: Option<FailureReason>,
}

impl Exception {
    pub fn new(exception: ExceptionKind, reason: Option<FailureReason>) -> Self {
        Exception { exception, reason }
    }

    /// `InvalidOperationException` with no documented reason.
    pub fn invalid() -> Self {
        Exception::new(ExceptionKind::InvalidOperationException, None)
    }

    /// What every `Begin*` throws while Reconnecting (R-focus).
    pub fn retryable() -> Self {
        Exception::new(ExceptionKind::RealTimeInvalidOperationException, Some(FailureReason::RetryableOperation))
    }
}

impl std::fmt::Display for Exception {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reason {
            Some(r) => write!(f, "{} ({r})", self.exception),
            None => write!(f, "{}", self.exception),
        }
    }
}

/// A pending operation that this line made fail (what its `End*` throws).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The call the learner made (a join started by `BeginEscalate` fails as `BeginEscalate`).
    pub operation: EventKind,
    pub exception: ExceptionKind,
    pub reason: Option<FailureReason>,
}

/// `state.mcu`: one McuSession per modality.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[allow(non_snake_case)]
pub struct McuStates {
    pub AudioVideo: McuState,
    pub InstantMessaging: McuState,
}

/// `state.calls`: the application's call to the AV MCU.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[allow(non_snake_case)]
pub struct Calls {
    pub AudioVideo: CallState,
}

/// `state.local`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocalView {
    pub role: Option<Role>,
    pub mode: Option<JoinMode>,
}

/// One running timer in `state.timers`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimerView {
    pub id: &'static str,
    #[serde(serialize_with = "seconds")]
    pub due: Millis,
}

fn seconds<S: serde::Serializer>(ms: &Millis, s: S) -> Result<S::Ok, S::Error> {
    super::duration::seconds_json(*ms).serialize(s)
}

/// The world as a trace shows it, after a line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    pub session: SessionState,
    pub conversation: ConversationState,
    pub mcu: McuStates,
    pub calls: Calls,
    pub conference: ConferenceState,
    pub locked: bool,
    pub access_level: AccessLevel,
    pub local: LocalView,
    pub roster: Vec<String>,
    pub lobby: Vec<String>,
    pub timers: Vec<TimerView>,
}

/// What a line applied: an input event, or a timer that fired (`{"event": "TimerFired",
/// "timer": ID}`).
#[derive(Clone, Debug, PartialEq)]
pub enum LineEvent {
    Input(Event),
    Timer(TimerId),
}

impl Serialize for LineEvent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            LineEvent::Input(e) => e.serialize(s),
            LineEvent::Timer(id) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("event", "TimerFired")?;
                m.serialize_entry("timer", id.name())?;
                m.end()
            }
        }
    }
}

/// One line of a trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceLine {
    #[serde(serialize_with = "seconds")]
    pub t: Millis,
    pub step: usize,
    pub event: LineEvent,
    pub rules: Vec<Tag>,
    pub error: Option<Exception>,
    pub failed: Vec<Failure>,
    pub raised: Vec<ApiEvent>,
    pub state: Snapshot,
    /// The note of the step this line begins (scenario files' narration), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The table rows the line took, in order (not part of the trace format: the property test
    /// checks every state change against them).
    #[serde(skip)]
    pub taken: Vec<Taken>,
}

impl TraceLine {
    /// The line as one JSON object (no newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The event's name (`TimerFired` for timers).
    pub fn event_name(&self) -> &str {
        match &self.event {
            LineEvent::Input(e) => e.kind().name(),
            LineEvent::Timer(_) => "TimerFired",
        }
    }

    /// The timer id, for a `TimerFired` line.
    pub fn timer(&self) -> Option<&str> {
        match &self.event {
            LineEvent::Timer(id) => Some(id.name()),
            LineEvent::Input(_) => None,
        }
    }

    pub fn has(&self, tag: Tag) -> bool {
        self.rules.contains(&tag)
    }

    /// The ConferenceSession rule this line applied, if any: the diagram's edge it took.
    pub fn session_tag(&self) -> Option<Tag> {
        self.rules.iter().copied().find(|t| super::tables::is_session_tag(*t))
    }
}
