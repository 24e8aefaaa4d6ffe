//! Scenario configuration (SCENARIOS.md "Configuration"), with its documented defaults.
//!
//! The field list is written once, here: serde derive reads it (every field optional, unknown
//! ones refused; `scenario::parse_config` turns an error into step, field and what was expected)
//! and writes it back (`scenario::config_to_json`).

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::duration::{iso, Millis, DAY, HOUR, MINUTE, SECOND};
use super::firsts::Firsts;
use super::model::{AccessLevel, LeaderAssignment, LobbyBypass, MeetingKind, Modality, Variant};

/// The Focus reconnection attempt of R-focus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reconnect {
    #[serde(with = "iso")]
    pub latency: Millis,
    #[serde(deserialize_with = "flag")]
    pub succeeds: bool,
}

impl Default for Reconnect {
    fn default() -> Self {
        Reconnect { latency: 5 * SECOND, succeeds: true }
    }
}

/// R-hop: whether UCMA's own first route repair works, and the UPDATE cadence after it fails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hop {
    #[serde(deserialize_with = "flag")]
    pub repair_succeeds: bool,
    #[serde(serialize_with = "iso::serialize", deserialize_with = "iso::positive")]
    pub update_interval: Millis,
}

impl Default for Hop {
    fn default() -> Self {
        Hop { repair_succeeds: false, update_interval: 30 * SECOND }
    }
}

/// Everything a scenario may configure. Durations not given by any source (latencies, the
/// UPDATE cadence, MCU reactivation) are assumptions with plain defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub meeting: MeetingKind,
    /// One-time end, or end of the last occurrence, from the start.
    #[serde(with = "iso")]
    pub meeting_end: Millis,
    /// Explicit expiry from the start; overrides the meeting-kind rule (D-expiry).
    #[serde(with = "iso::option")]
    pub expiry: Option<Millis>,
    pub access_level: AccessLevel,
    pub lobby_bypass: LobbyBypass,
    pub automatic_leader_assignment: LeaderAssignment,
    /// The modalities the conference supports (each once).
    #[serde(deserialize_with = "modalities")]
    pub mcus: Mcus,
    #[serde(with = "iso")]
    pub anonymous_user_grace_period: Millis,
    #[serde(with = "iso")]
    pub empty_conference_timeout: Millis,
    #[serde(with = "iso")]
    pub deactivation_grace_period: Millis,
    #[serde(with = "iso")]
    pub signaling_latency: Millis,
    pub reconnect: Reconnect,
    #[serde(with = "iso")]
    pub mcu_reactivation: Millis,
    pub hop: Hop,
    #[serde(with = "iso::option")]
    pub app_recovery_timeout: Option<Millis>,
    /// V1…V4, indexed by `Variant as usize`; written `{"V1": false, …}`.
    #[serde(serialize_with = "write_variants", deserialize_with = "read_variants")]
    pub variants: [bool; 4],
}

/// `true` or `false` (an error says so).
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    bool::deserialize(d).map_err(|_| de::Error::custom("true or false"))
}

fn modalities<'de, D: Deserializer<'de>>(d: D) -> Result<Mcus, D::Error> {
    Ok(Mcus::of(&Vec::<Modality>::deserialize(d)?))
}

/// The modalities a conference supports, each once, in the order given: kept inline (there are
/// two), so a configuration copies without allocating — every fresh world takes one.
pub type Mcus = Firsts<Modality, 2>;

impl Mcus {
    /// `list` without its repeats.
    pub fn of(list: &[Modality]) -> Mcus {
        let mut out = Firsts::new(Modality::AudioVideo);
        list.iter().for_each(|m| out.insert(*m));
        out
    }
}

/// The variants as written: one flag per variant name.
#[derive(Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(non_snake_case)]
struct Variants {
    #[serde(deserialize_with = "flag")]
    V1: bool,
    #[serde(deserialize_with = "flag")]
    V2: bool,
    #[serde(deserialize_with = "flag")]
    V3: bool,
    #[serde(deserialize_with = "flag")]
    V4: bool,
}

fn write_variants<S: Serializer>(v: &[bool; 4], s: S) -> Result<S::Ok, S::Error> {
    Variants { V1: v[0], V2: v[1], V3: v[2], V4: v[3] }.serialize(s)
}

fn read_variants<'de, D: Deserializer<'de>>(d: D) -> Result<[bool; 4], D::Error> {
    let v = Variants::deserialize(d)?;
    Ok([v.V1, v.V2, v.V3, v.V4])
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
            mcus: Mcus::of(Modality::ALL),
            anonymous_user_grace_period: 90 * MINUTE,
            empty_conference_timeout: 20 * MINUTE,
            deactivation_grace_period: DAY,
            signaling_latency: SECOND,
            reconnect: Reconnect::default(),
            mcu_reactivation: 10 * SECOND,
            hop: Hop::default(),
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
