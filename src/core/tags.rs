//! The rule tags of DOMAIN.md: the complete list, each with a one-line summary and its source.
//!
//! Every trace line names the tags it applied; the app shows [`Tag::summary`], the rule's text
//! in DOMAIN.md (found by [`super::rule_text`], rendered to HTML at build time) and
//! [`Tag::source`] when a learner selects one. The test suite fails if any tag in [`Tag::ALL`]
//! is applied by no test.

use super::model::named_enum;

named_enum!(
    /// A rule of DOMAIN.md.
    Tag {
        T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14,
        M1, M2, M3, M4,
        RFocus = "R-focus", RMcu = "R-mcu", RHop = "R-hop",
        LLevel = "L-level", LNever = "L-never", LPstn = "L-pstn", LLock = "L-lock",
        LRetro = "L-retro", LPromote = "L-promote", LLeave = "L-leave",
        DActivate = "D-activate", DManual = "D-manual", DGrace = "D-grace", DEmpty = "D-empty",
        DInactivity = "D-inactivity", DRemove = "D-remove", DExpiry = "D-expiry",
        V1, V2, V3, V4,
    }
);

/// Where a rule comes from (DOMAIN.md "Sources").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Seed 000, *ConferenceSession state transitions* (UCMA 4.0).
    SessionTransitions,
    /// *AudioVideoMcuSession / InstantMessagingMcuSession state transitions* (UCMA 4.0).
    McuTransitions,
    /// Seeds 001 and 002, *Conference recovery* (UCMA 3.0 and 4.0).
    Recovery,
    /// UCMA / Lync 2013 lobby documentation (*Lobby*, `ConferenceAccessLevel`, `LobbyBypass`,
    /// `AutomaticLeaderAssignment`), seed 004's AdmissionType and AutoPromote.
    Lobby,
    /// Seed 003, M. Greenlee, *Conference deactivation and UCMA trusted participants* (2013).
    TrustedParticipants,
    /// Seed 004, *Conferencing Activation/Deactivation Deep Dive* (2014), and the Lync Server
    /// cmdlet documentation (`AnonymousUserGracePeriod`, `DeactivationGracePeriod`).
    Lifecycle,
    /// DOMAIN.md §8: where the sources disagree.
    Variants,
}

impl Source {
    pub fn title(self) -> &'static str {
        match self {
            Source::SessionTransitions => "ConferenceSession state transitions (UCMA 4.0, seed 000)",
            Source::McuTransitions => "AudioVideoMcuSession / InstantMessagingMcuSession state transitions (UCMA 4.0)",
            Source::Recovery => "Conference recovery (UCMA 3.0 and 4.0, seeds 001 and 002)",
            Source::Lobby => {
                "Lobby, ConferenceAccessLevel, LobbyBypass, AutomaticLeaderAssignment (UCMA 4.0 / Lync Server 2013)"
            }
            Source::TrustedParticipants => {
                "Conference deactivation and UCMA trusted participants (M. Greenlee, 2013, seed 003)"
            }
            Source::Lifecycle => {
                "Conferencing Activation/Deactivation Deep Dive (2014, seed 004) and Set-CsUserServicesConfiguration"
            }
            Source::Variants => "DOMAIN.md section 8: where the sources disagree",
        }
    }
}

impl Tag {
    /// One line, in plain words, of what the rule does.
    pub fn summary(self) -> &'static str {
        use Tag::*;
        match self {
            T1 => "BeginJoin starts the join: Idle becomes Connecting.",
            T2 => "The Focus admits the join: Connecting becomes Connected, after attendance events for everyone already there.",
            T3 => "Connected becomes Disconnecting: the app terminates, the endpoint is ejected, the conference ends, or escalation fails.",
            T4 => "Termination completes (Focus signaling torn down first): Disconnecting becomes Disconnected.",
            T5 => "After a failed escalation the session is cleaned up and returns to Idle, raising attendance events.",
            T6 => "The Focus front end fails over or the SIP dialog enters recovery: Connected becomes Reconnecting.",
            T7 => "Reconnection succeeds: back to Connected, with a fresh roster and an event per difference.",
            T8 => "Reconnection fails (only one attempt is made): Reconnecting becomes Disconnecting.",
            T9 => "The join fails and EndJoin throws: Connecting returns to Idle.",
            T10 => "The Focus places the joining endpoint in the lobby: Connecting becomes InLobby.",
            T11 => "A failover or dialog recovery while waiting in the lobby: InLobby becomes Reconnecting.",
            T12 => "Reconnection succeeds while the endpoint was waiting: back to InLobby.",
            T13 => "A leader admits the endpoint from the lobby: InLobby becomes Connected.",
            T14 => "Leaving the lobby without admission (denied, ejected, conference ended, terminated, lobby timeout): InLobby becomes Disconnecting.",
            M1 => "The parent joined and the MCU is active: the McuSession goes Idle to Active.",
            M2 => "The conference does not support this MCU type: the McuSession goes Idle to Terminated.",
            M3 => "An MCU or Focus failover: an Active McuSession goes Retrying.",
            M4 => "The MCU is active again: a Retrying McuSession returns to Active.",
            RFocus => "Focus failover: one reconnection attempt; pending operations fail with SessionRetrying, new calls throw RetryableOperation, MCU calls stay up.",
            RMcu => "MCU failover: only that McuSession retries, its call is terminated and may be re-established once the MCU is active again.",
            RHop => "A failed intermediate hop: UCMA repairs the route once, then reconnects by periodic UPDATEs with no timeout of its own; the application's timer may give up.",
            LLevel => "The access level decides who enters and who waits: Everyone, SameEnterprise, Invited, Locked.",
            LNever => "Leaders, trusted applications, the organizer and anyone in a Meet Now meeting never wait in the lobby.",
            LPstn => "PSTN callers bypass the lobby only when LobbyBypass is EnabledForGatewayParticipants (never under Locked).",
            LLock => "While the conference is locked every new participant but leaders waits; those inside stay.",
            LRetro => "Opening the lobby is not retroactive: those already waiting still have to be admitted.",
            LPromote => "AutomaticLeaderAssignment promotes a participant to leader as it enters the conference.",
            LLeave => "A waiter leaves the lobby when admitted, denied, when it gives up, or when the conference ends.",
            DActivate => "The first participant to reach the Focus activates the conference; a join reactivates a deactivated one and fails on an expired one.",
            DManual => "A leader ends the meeting, or the organizer deletes it or is deleted: everyone is removed at once.",
            DGrace => "The 90-minute rule: with participants but no enterprise user, a countdown deactivates the conference and removes everyone.",
            DEmpty => "An empty conference stays active for a while (about 20 minutes) in case someone returns, then deactivates.",
            DInactivity => "The 24-hour rule: a conference nobody new has entered for a day is deactivated (Inactivity).",
            DRemove => "Deactivation or deletion removes everyone in the conference and everyone waiting in its lobby.",
            DExpiry => "Expiry deletes a conference that is not active: scheduled end + 14 days, 180 days after the last activation, or 8 hours for ad hoc.",
            V1 => "Variant: leaving the lobby without admission goes straight to Idle and the Conversation terminates.",
            V2 => "Variant: the 24-hour rule counts from activation, not from the last new join.",
            V3 => "Variant: federated users count like enterprise users for the 90-minute rule.",
            V4 => "Variant: after a Focus reconnect McuSessions go Idle until the MCU reports active again.",
        }
    }

    /// The document the rule comes from.
    pub fn source(self) -> Source {
        use Tag::*;
        match self {
            T1 | T2 | T3 | T4 | T5 | T6 | T7 | T8 | T9 | T10 | T11 | T12 | T13 | T14 => Source::SessionTransitions,
            M1 | M2 | M3 | M4 => Source::McuTransitions,
            RFocus | RMcu | RHop => Source::Recovery,
            LLevel | LNever | LPstn | LLock | LRetro | LPromote | LLeave => Source::Lobby,
            DGrace => Source::TrustedParticipants,
            DActivate | DManual | DEmpty | DInactivity | DRemove | DExpiry => Source::Lifecycle,
            V1 | V2 | V3 | V4 => Source::Variants,
        }
    }

    /// The variant tag for a variant.
    pub fn of_variant(v: super::model::Variant) -> Tag {
        use super::model::Variant;
        match v {
            Variant::V1 => Tag::V1,
            Variant::V2 => Tag::V2,
            Variant::V3 => Tag::V3,
            Variant::V4 => Tag::V4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_list_is_domain_md_s() {
        let names: Vec<&str> = Tag::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(names.len(), 14 + 4 + 3 + 7 + 7 + 4);
        assert!(names.contains(&"R-focus") && names.contains(&"D-inactivity") && names.contains(&"V4"));
        assert!(Tag::ALL.iter().all(|t| !t.summary().is_empty()));
    }

    /// DOMAIN.md's rule texts as the app gets them (`rules.json`, rendered by build.rs).
    fn fragments() -> serde_json::Map<String, serde_json::Value> {
        let json = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));
        match serde_json::from_str(json) {
            Ok(serde_json::Value::Object(map)) => map,
            other => panic!("rules.json is not an object: {other:?}"),
        }
    }

    fn fragment(tag: Tag) -> String {
        fragments()[tag.name()].as_str().unwrap().to_string()
    }

    #[test]
    fn domain_md_defines_exactly_the_tags() {
        let md = crate::core::rule_text::rule_sections(include_str!("../../docs/DOMAIN.md"));
        let mut names: Vec<&str> = Tag::ALL.iter().map(|t| t.name()).collect();
        names.sort_unstable();
        let mut defined = crate::core::rule_text::tags_in(md);
        defined.sort_unstable();
        assert_eq!(defined, names);
        let fragments = fragments();
        let mut shipped: Vec<&str> = fragments.keys().map(String::as_str).collect();
        shipped.sort_unstable();
        assert_eq!(shipped, names);
    }

    /// The elements a rule's text may use.
    const ELEMENTS: &[&str] =
        &["p", "strong", "em", "code", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li"];

    /// Every tag's text is real HTML: no markdown table row left, and no paragraph broken where
    /// DOMAIN.md wraps its lines (a paragraph per blank-line-separated block of the source).
    #[test]
    fn every_tag_has_its_text_as_html() {
        let md = crate::core::rule_text::rule_sections(include_str!("../../docs/DOMAIN.md"));
        for &tag in Tag::ALL {
            let html = fragment(tag);
            let source = crate::core::rule_text::rule_markdown(md, tag.name()).unwrap();
            assert!(html.len() > 20, "{tag}: {html:?}");
            assert!(!html.contains('|'), "{tag}: a raw table row in {html:?}");
            assert!(!html.contains("**") && !html.contains('`'), "{tag}: raw markdown in {html:?}");
            // Only plain elements, without attributes (nothing the Content-Security-Policy
            // refuses, no inline style or script): anything else in the source was escaped.
            for element in html.split('<').skip(1).map(|e| &e[..e.find('>').unwrap()]) {
                assert!(ELEMENTS.contains(&element.trim_start_matches('/')), "{tag}: <{element}> in {html}");
            }
            let paragraphs = source.split("\n\n").filter(|block| !block.starts_with('|')).count();
            assert_eq!(html.matches("<p>").count(), paragraphs, "{tag}: {html}");
            for p in html.split("<p>").skip(1) {
                let p = &p[..p.find("</p>").unwrap()];
                assert!(!p.contains('\n'), "{tag}: a line break inside <p>{p}</p>");
            }
        }
        // A bold tag's paragraph, six lines in DOMAIN.md, is one paragraph.
        let grace = fragment(Tag::DGrace);
        assert!(
            grace.starts_with("<p><strong>D-grace</strong> (\"90-minute rule\", <code>AnonymousUserGracePeriod</code>"),
            "{grace}"
        );
        assert!(grace.ends_with("the local session goes T3 → T4.</p>"), "{grace}");
        // A table row is a table under its header, without the tag column.
        let t6 = fragment(Tag::T6);
        assert!(t6.starts_with("<table><thead><tr><th>from → to</th><th>trigger</th></tr></thead><tbody>"), "{t6}");
        assert!(t6.contains("<td>Connected → Reconnecting</td>") && !t6.contains("T6"), "{t6}");
        // A bold tag with a table after it: the paragraph, then the table with a row per level.
        let level = fragment(Tag::LLevel);
        assert!(level.starts_with("<p><strong>L-level</strong> — who waits, by access level:</p>\n<table>"), "{level}");
        assert_eq!(level.matches("<tr>").count(), 5, "{level}");
        assert!(level.contains("<td><code>SameEnterprise</code>"), "{level}");
        assert!(!fragment(Tag::LNever).contains("L-pstn"));
    }
}
