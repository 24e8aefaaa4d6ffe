//! The rule tags' one-line summaries and their sources' titles, as text: the core reads them
//! ([`super::tags::Tag::summary`], [`super::tags::Source::title`]); `build.rs` writes them into
//! `tags.json` for the app, which fetches that file before it starts (a Trunk hook puts it beside
//! the app), so the texts are not compiled into the bundle.
//!
//! `build.rs` includes this file by `#[path]`, so it uses nothing but `std`.

/// The file beside the app that holds the texts: a JSON object, `{"summaries": {tag name →
/// summary}, "sources": [title, in the order of `Source`]}`.
pub const TAGS_FILE: &str = "tags.json";

/// Each tag's summary, in the order of `Tag::ALL` (a test checks the names).
pub const SUMMARIES: &[(&str, &str)] = &[
    ("T1", "BeginJoin starts the join: Idle becomes Connecting."),
    ("T2", "The Focus admits the join: Connecting becomes Connected, after attendance events for everyone already there."),
    ("T3", "Connected becomes Disconnecting: the app terminates, the endpoint is ejected, the conference ends, or escalation fails."),
    ("T4", "Termination completes (Focus signaling torn down first): Disconnecting becomes Disconnected."),
    ("T5", "After a failed escalation the session is cleaned up and returns to Idle, raising attendance events."),
    ("T6", "The Focus front end fails over or the SIP dialog enters recovery: Connected becomes Reconnecting."),
    ("T7", "Reconnection succeeds: back to Connected, with a fresh roster and an event per difference."),
    ("T8", "Reconnection fails (only one attempt is made): Reconnecting becomes Disconnecting."),
    ("T9", "The join fails and EndJoin throws: Connecting returns to Idle."),
    ("T10", "The Focus places the joining endpoint in the lobby: Connecting becomes InLobby."),
    ("T11", "A failover or dialog recovery while waiting in the lobby: InLobby becomes Reconnecting."),
    ("T12", "Reconnection succeeds while the endpoint was waiting: back to InLobby."),
    ("T13", "A leader admits the endpoint from the lobby: InLobby becomes Connected."),
    ("T14", "Leaving the lobby without admission (denied, ejected, conference ended, terminated, lobby timeout): InLobby becomes Disconnecting."),
    ("M1", "The parent joined and the MCU is active: the McuSession goes Idle to Active."),
    ("M2", "The conference does not support this MCU type: the McuSession goes Idle to Terminated."),
    ("M3", "An MCU or Focus failover: an Active McuSession goes Retrying."),
    ("M4", "The MCU is active again: a Retrying McuSession returns to Active."),
    ("R-focus", "Focus failover: one reconnection attempt; pending operations fail with SessionRetrying, new calls throw RetryableOperation, MCU calls stay up."),
    ("R-mcu", "MCU failover: only that McuSession retries, its call is terminated and may be re-established once the MCU is active again."),
    ("R-hop", "A failed intermediate hop: UCMA repairs the route once, then reconnects by periodic UPDATEs with no timeout of its own; the application's timer may give up."),
    ("L-level", "The access level decides who enters and who waits: Everyone, SameEnterprise, Invited, Locked."),
    ("L-never", "Leaders, trusted applications, the organizer and anyone in a Meet Now meeting never wait in the lobby."),
    ("L-pstn", "PSTN callers bypass the lobby only when LobbyBypass is EnabledForGatewayParticipants (never under Locked)."),
    ("L-lock", "While the conference is locked every new participant but leaders waits; those inside stay."),
    ("L-retro", "Opening the lobby is not retroactive: those already waiting still have to be admitted."),
    ("L-promote", "AutomaticLeaderAssignment promotes a participant to leader as it enters the conference."),
    ("L-leave", "A waiter leaves the lobby when admitted, denied, when it gives up, or when the conference ends."),
    ("D-activate", "The first participant to reach the Focus activates the conference; a join reactivates a deactivated one and fails on an expired one."),
    ("D-manual", "A leader ends the meeting, or the organizer deletes it or is deleted: everyone is removed at once."),
    ("D-grace", "The 90-minute rule: with participants but no enterprise user, a countdown deactivates the conference and removes everyone."),
    ("D-empty", "An empty conference stays active for a while (about 20 minutes) in case someone returns, then deactivates."),
    ("D-inactivity", "The 24-hour rule: a conference nobody new has entered for a day is deactivated (Inactivity)."),
    ("D-remove", "Deactivation or deletion removes everyone in the conference and everyone waiting in its lobby."),
    ("D-expiry", "Expiry deletes a conference that is not active: scheduled end + 14 days, 180 days after the last activation, or 8 hours for ad hoc."),
    ("V1", "Variant: leaving the lobby without admission goes straight to Idle and the Conversation terminates."),
    ("V2", "Variant: the 24-hour rule counts from activation, not from the last new join."),
    ("V3", "Variant: federated users count like enterprise users for the 90-minute rule."),
    ("V4", "Variant: after a Focus reconnect McuSessions go Idle until the MCU reports active again."),
];

/// Each source's title, in the order of `Source`'s variants.
pub const SOURCE_TITLES: &[&str] = &[
    // Source::SessionTransitions
    "ConferenceSession state transitions (UCMA 4.0, seed 000)",
    // Source::McuTransitions
    "AudioVideoMcuSession / InstantMessagingMcuSession state transitions (UCMA 4.0)",
    // Source::Recovery
    "Conference recovery (UCMA 3.0 and 4.0, seeds 001 and 002)",
    // Source::Lobby
    "Lobby, ConferenceAccessLevel, LobbyBypass, AutomaticLeaderAssignment (UCMA 4.0 / Lync Server 2013)",
    // Source::TrustedParticipants
    "Conference deactivation and UCMA trusted participants (M. Greenlee, 2013, seed 003)",
    // Source::Lifecycle
    "Conferencing Activation/Deactivation Deep Dive (2014, seed 004) and Set-CsUserServicesConfiguration",
    // Source::Variants
    "DOMAIN.md section 8: where the sources disagree",
];
