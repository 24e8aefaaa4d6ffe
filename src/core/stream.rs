//! Seeded event streams for benchmarks: mixed legal and illegal events, participants joining and
//! leaving, advances — deterministic for a seed (a small xorshift generator, no dependency, so
//! the same stream is available natively, in wasm and in node).

use super::duration::{DAY, SECOND};
use super::event::{Arrival, Event, JoinOptions};
use super::model::{Identity, Kind, Modality};

/// xorshift64*: enough randomness for a benchmark stream, identical on every platform.
#[derive(Clone, Debug)]
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Self {
        Seeded(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// `n` mixed events: the session's own events (joins, failovers, reconnections, lobby decisions,
/// terminations, commands), a pool of other participants joining and leaving, and advances.
pub fn mixed(seed: u64, n: usize) -> Vec<Event> {
    let mut rng = Seeded::new(seed);
    let kinds = Kind::ALL;
    (0..n)
        .map(|_| {
            let id = format!("p{}", rng.below(64));
            match rng.below(24) {
                0 => Event::BeginJoin(JoinOptions {
                    identity: if rng.below(3) == 0 { Identity::Federated } else { Identity::Enterprise },
                    ..JoinOptions::default()
                }),
                1 => Event::JoinResponse,
                2 => Event::FocusFailover,
                3 => Event::ReconnectSucceeded,
                4 => Event::DialogRecovery,
                5 => Event::RouteHealed,
                6 => Event::LeaderAdmits,
                7 => Event::BeginTerminate,
                8 => Event::BeginLockConference,
                9 => Event::BeginUnlockConference,
                10 => Event::McuFailover { modality: Modality::ALL[rng.below(2) as usize] },
                11 => Event::BeginEject { participant: id },
                12 => Event::BeginAdmitLobbyParticipants { participants: vec![id] },
                13 => Event::LeaderDenies,
                14 => Event::HopFailure,
                15 => Event::BeginEstablishMcuCall { modality: Modality::AudioVideo },
                16..=19 => Event::ParticipantJoins(Arrival {
                    participant: id,
                    kind: kinds[rng.below(kinds.len() as u64) as usize],
                    invited: true,
                    leader: false,
                    organizer: false,
                }),
                20 | 21 => Event::ParticipantLeaves { participant: id },
                _ => Event::Advance {
                    by: [SECOND, 5 * SECOND, 60 * SECOND, 30 * 60 * SECOND, DAY][rng.below(5) as usize],
                },
            }
        })
        .collect()
}

/// A long-running conference: `people` participants join and leave across `days` days, in
/// `people * 4` events whatever the span (for the virtual-time scaling benchmark).
pub fn spanning(days: u64, people: usize) -> Vec<Event> {
    let mut rng = Seeded::new(days);
    let step = days * DAY / (people as u64 * 2).max(1);
    let mut out = vec![Event::BeginJoin(JoinOptions::default()), Event::Advance { by: SECOND }];
    for i in 0..people {
        let kind = [Kind::Enterprise, Kind::Pstn, Kind::Anonymous, Kind::Trusted][rng.below(4) as usize];
        out.push(Event::ParticipantJoins(Arrival {
            participant: format!("u{i}"),
            kind,
            invited: true,
            leader: false,
            organizer: false,
        }));
        out.push(Event::Advance { by: step });
        if i >= 8 {
            out.push(Event::ParticipantLeaves { participant: format!("u{}", i - 8) });
        }
        out.push(Event::Advance { by: step });
    }
    out
}

/// Decodes arbitrary bytes (a fuzzer's input) into a configuration and a sequence of events:
/// every byte string gives a valid run, and advances stay short enough to run quickly.
pub fn from_bytes(bytes: &[u8]) -> (super::config::Config, Vec<Event>) {
    use super::event::{EventKind, Modification};
    use super::model::{AccessLevel, JoinMode, LeaderAssignment, LobbyBypass, MeetingKind};
    let mut it = bytes.iter().copied();
    let mut next = move || it.next();
    let mut config = super::config::Config::default();
    if let (Some(a), Some(b)) = (next(), next()) {
        config.access_level = AccessLevel::ALL[a as usize % 4];
        config.lobby_bypass = LobbyBypass::ALL[(a as usize >> 2) % 2];
        config.automatic_leader_assignment = LeaderAssignment::ALL[(a as usize >> 3) % 3];
        config.meeting = MeetingKind::ALL[(a as usize >> 5) % 5];
        config.variants = [b & 1 != 0, b & 2 != 0, b & 4 != 0, b & 8 != 0];
        config.reconnect.succeeds = b & 16 == 0;
        config.hop.repair_succeeds = b & 32 != 0;
        config.app_recovery_timeout = (b & 64 != 0).then_some(2 * 60 * SECOND);
        if b & 128 != 0 {
            config.mcus = vec![Modality::AudioVideo];
        }
    }
    let mut events = Vec::new();
    while let (Some(k), Some(x)) = (next(), next()) {
        let id = format!("p{}", x % 5);
        let kind = EventKind::ALL[k as usize % EventKind::ALL.len()];
        events.push(match kind {
            EventKind::BeginJoin => Event::BeginJoin(JoinOptions {
                mode: JoinMode::ALL[x as usize % 2],
                identity: Identity::ALL[(x as usize >> 1) % 3],
                organizer: x & 8 != 0,
                invited: x & 16 == 0,
                lobby_timeout: u64::from(x) * 10 * SECOND,
            }),
            EventKind::BeginEject => Event::BeginEject { participant: id },
            EventKind::BeginAdmitLobbyParticipants => Event::BeginAdmitLobbyParticipants { participants: vec![id] },
            EventKind::BeginDenyLobbyParticipants => Event::BeginDenyLobbyParticipants { participants: vec![id] },
            EventKind::BeginModifyConferenceConfiguration => Event::BeginModifyConferenceConfiguration(Modification {
                access_level: Some(AccessLevel::ALL[x as usize % 4]),
                ..Modification::default()
            }),
            EventKind::McuFailover => Event::McuFailover { modality: Modality::ALL[x as usize % 2] },
            EventKind::McuActivated => Event::McuActivated { modality: Modality::ALL[x as usize % 2] },
            EventKind::BeginEstablishMcuCall => Event::BeginEstablishMcuCall { modality: Modality::AudioVideo },
            EventKind::ParticipantJoins => Event::ParticipantJoins(Arrival {
                participant: id,
                kind: Kind::ALL[(x as usize >> 3) % 5],
                invited: x & 1 == 0,
                leader: x & 2 != 0,
                organizer: x & 4 != 0,
            }),
            EventKind::ParticipantLeaves => Event::ParticipantLeaves { participant: id },
            // Up to about 3 days, so the UPDATE cadence stays in the thousands of lines.
            EventKind::Advance => Event::Advance { by: u64::from(x) * u64::from(x) * 4 * SECOND },
            other => {
                let json = serde_json::json!({ "event": other.name() });
                super::scenario::parse_event_value(&json).unwrap_or(Event::Advance { by: 0 })
            }
        });
    }
    (config, events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_bytes_decode_to_a_run_that_keeps_the_invariants() {
        let mut rng = Seeded::new(7);
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
            let (config, events) = from_bytes(&bytes);
            let mut world = crate::core::world::World::new(config);
            for e in &events {
                world.step_tags(e);
                assert_eq!(world.invariant_violations(), Vec::<String>::new());
            }
        }
        assert_eq!(mixed(1, 50), mixed(1, 50), "a seed gives the same stream");
    }
}
