//! Scenario configuration (SCENARIOS.md "Configuration"), with its documented defaults.

use super::duration::{Millis, DAY, HOUR, MINUTE, SECOND};
use super::model::{AccessLevel, LeaderAssignment, LobbyBypass, MeetingKind, Modality, Variant};

/// The Focus reconnection attempt of R-focus.
#[derive(Clone, Debug, PartialEq)]
pub struct Reconnect {
    pub latency: Millis,
    pub succeeds: bool,
}

/// R-hop: whether UCMA's own first route repair works, and the UPDATE cadence after it fails.
#[derive(Clone, Debug, PartialEq)]
pub struct Hop {
    pub repair_succeeds: bool,
    pub update_interval: Millis,
}

/// Everything a scenario may configure. Durations not given by any source (latencies, the
/// UPDATE cadence, MCU reactivation) are assumptions with plain defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub meeting: MeetingKind,
    /// One-time end, or end of the last occurrence, from the start.
    pub meeting_end: Millis,
    /// Explicit expiry from the start; overrides the meeting-kind rule (D-expiry).
    pub expiry: Option<Millis>,
    pub access_level: AccessLevel,
    pub lobby_bypass: LobbyBypass,
    pub automatic_leader_assignment: LeaderAssignment,
    pub mcus: Vec<Modality>,
    pub anonymous_user_grace_period: Millis,
    pub empty_conference_timeout: Millis,
    pub deactivation_grace_period: Millis,
    pub signaling_latency: Millis,
    pub reconnect: Reconnect,
    pub mcu_reactivation: Millis,
    pub hop: Hop,
    pub app_recovery_timeout: Option<Millis>,
    /// V1…V4, indexed by `Variant as usize`.
    pub variants: [bool; 4],
}

impl Default for Config {
    fn default() -> Self {
        Config {
            meeting: MeetingKind::OneTime,
            meeting_end: HOUR,
            expiry: None,
            access_level: AccessLevel::SameEnterprise,
            lobby_bypass: LobbyBypass::EnabledForGatewayParticipants,
            automatic_leader_assignment: LeaderAssignment::SameEnterprise,
            mcus: vec![Modality::AudioVideo, Modality::InstantMessaging],
            anonymous_user_grace_period: 90 * MINUTE,
            empty_conference_timeout: 20 * MINUTE,
            deactivation_grace_period: DAY,
            signaling_latency: SECOND,
            reconnect: Reconnect { latency: 5 * SECOND, succeeds: true },
            mcu_reactivation: 10 * SECOND,
            hop: Hop { repair_succeeds: false, update_interval: 30 * SECOND },
            app_recovery_timeout: None,
            variants: [false; 4],
        }
    }
}

impl Config {
    pub fn variant(&self, v: Variant) -> bool {
        self.variants[v as usize]
    }

    pub fn supports(&self, m: Modality) -> bool {
        self.mcus.contains(&m)
    }
}
