//! The vocabulary of the model: every enum whose names appear in scenarios and traces.
//!
//! Each enum is declared once through [`named_enum!`], which gives it its contract name, a parser,
//! and the list of all values (the scenario parser quotes that list in "expected one of …").

/// Declares a `Copy` enum whose variants have contract names (the identifier, or an explicit string).
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident $(= $text:literal)?),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Every value's name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$(named_enum!(@text $variant $($text)?)),*];

            /// The name used in scenarios, traces and the DOM.
            pub fn name(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            /// Parses a contract name (exact, case-sensitive).
            pub fn parse(text: &str) -> Option<Self> {
                $crate::core::model::position(Self::NAMES, text).map(|i| Self::ALL[i])
            }

            /// "A, B or C": what a parser expected.
            pub fn expected() -> String {
                $crate::core::model::one_of(Self::NAMES)
            }
        }

        impl $crate::core::model::Named for $name {
            fn parse_name(text: &str) -> Option<Self> {
                Self::parse(text)
            }
            fn expected_names() -> String {
                Self::expected()
            }
            fn name_of(self) -> &'static str {
                self.name()
            }
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn names() -> &'static [&'static str] {
                Self::NAMES
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        /// Reads a contract name; anything else fails with "one of …".
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::core::model::deserialize_name(d, Self::NAMES).map(|i| Self::ALL[i])
            }
        }
    };
    (@text $variant:ident $text:literal) => { $text };
    (@text $variant:ident) => { stringify!($variant) };
}
pub(crate) use named_enum;

/// An enum with contract names (every [`named_enum!`]); lets parsers treat them alike.
pub trait Named: Copy + Sized + PartialEq + 'static {
    fn parse_name(text: &str) -> Option<Self>;
    fn expected_names() -> String;
    fn name_of(self) -> &'static str;
    /// Every value, in declaration order.
    fn all() -> &'static [Self];
    /// Every value's name, in declaration order.
    fn names() -> &'static [&'static str];
}

/// Joins names as `A, B or C` (for error messages).
pub fn one_of(names: &[&str]) -> String {
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {}", rest.join(", "), last),
    }
}

/// Where `text` is in `names`. The enums' code goes through these functions, shared by all of
/// them, rather than a copy per enum (each copy was in the wasm bundle).
pub fn position(names: &[&str], text: &str) -> Option<usize> {
    names.iter().position(|n| *n == text)
}

/// Reads one of `names` (the index of the name); anything else fails with "one of …".
pub fn deserialize_name<'de, D: serde::Deserializer<'de>>(d: D, names: &[&str]) -> Result<usize, D::Error> {
    let expected = || serde::de::Error::custom(format!("one of {}", one_of(names)));
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d).map_err(|_| expected())?;
    position(names, &text).ok_or_else(expected)
}

named_enum!(
    /// `ConferenceSessionState` of the local endpoint (DOMAIN.md §2).
    SessionState { Idle, Connecting, Connected, Disconnecting, Disconnected, Reconnecting, InLobby }
);

named_enum!(
    /// `ConversationState`, the parent of the session (DOMAIN.md §3).
    ConversationState {
        Idle, Incoming, Establishing, Established, Conferencing, InLobby, Conferenced, Terminating,
        Terminated,
    }
);

named_enum!(
    /// `McuSessionState` (DOMAIN.md §4).
    McuState { Idle, Active, Retrying, Terminated }
);

named_enum!(
    /// The application's call to the AV MCU (DOMAIN.md §9, "The AV call").
    CallState { Idle, Established, Terminated }
);

named_enum!(
    /// The conference lifecycle (DOMAIN.md §7).
    ConferenceState { Scheduled, Active, Deactivated, Expired }
);

named_enum!(
    /// An MCU modality; one McuSession each.
    Modality { AudioVideo, InstantMessaging }
);

impl Modality {
    /// Index into per-modality arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

named_enum!(
    /// What kind of participant someone is; decides lobby placement and who counts (D-grace).
    Kind { Enterprise, Federated, Anonymous, Pstn, Trusted }
);

named_enum!(
    /// The identity the local endpoint joins with (`BeginJoin.identity`).
    Identity { Enterprise, Federated, Anonymous }
);

impl Identity {
    pub fn kind(self) -> Kind {
        match self {
            Identity::Enterprise => Kind::Enterprise,
            Identity::Federated => Kind::Federated,
            Identity::Anonymous => Kind::Anonymous,
        }
    }
}

named_enum!(
    /// `JoinMode` of `BeginJoin`.
    JoinMode { Default, TrustedParticipant }
);

named_enum!(
    /// The local endpoint's role once it has entered.
    Role { Leader, Attendee }
);

named_enum!(
    /// `ConferenceAccessLevel` (L-level).
    AccessLevel { Everyone, SameEnterprise, Invited, Locked }
);

named_enum!(
    /// `LobbyBypass` (L-pstn).
    LobbyBypass { Disabled, EnabledForGatewayParticipants }
);

named_enum!(
    /// `AutomaticLeaderAssignment` (L-promote).
    LeaderAssignment { Disabled, SameEnterprise, Everyone }
);

named_enum!(
    /// Meeting kinds, which set the default expiry (D-expiry).
    MeetingKind { OneTime, RecurringWithEnd, RecurringNoEnd, AdHoc, MeetNow }
);

named_enum!(
    /// The variants of DOMAIN.md §8.
    Variant { V1, V2, V3, V4 }
);

named_enum!(
    /// Events the ConferenceSession raises to the application (shown in the log).
    ApiEvent {
        StateChanged, ParticipantEndpointAttendanceChanged, PropertiesChanged,
        TerminationCountdownStatusChanged,
    }
);

named_enum!(
    /// Exceptions UCMA throws, at the call or from the matching `End*`.
    ExceptionKind {
        InvalidOperationException, RealTimeInvalidOperationException, OperationFailureException,
        ConferenceFailureException, OperationTimeoutException,
    }
);

named_enum!(
    /// `FailureReason`s that the model names.
    FailureReason { RetryableOperation, SessionRetrying, SessionTerminated, Aborted, UserDenied, UserRemoved }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_expected_lists_all() {
        for s in SessionState::ALL {
            assert_eq!(SessionState::parse(s.name()), Some(*s));
        }
        assert_eq!(Modality::expected(), "AudioVideo or InstantMessaging");
        assert_eq!(Kind::parse("PSTN"), None);
    }
}
