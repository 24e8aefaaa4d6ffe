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

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
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
                0 => Event::BeginJoin(JoinOptions { identity: if rng.below(3) == 0 { Identity::Federated } else { Identity::Enterprise }, ..JoinOptions::default() }),
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
                16..=19 => Event::ParticipantJoins(Arrival { participant: id, kind: kinds[rng.below(kinds.len() as u64) as usize], invited: true, leader: false, organizer: false }),
                20 | 21 => Event::ParticipantLeaves { participant: id },
                _ => Event::Advance { by: [SECOND, 5 * SECOND, 60 * SECOND, 30 * 60 * SECOND, DAY][rng.below(5) as usize] },
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
        out.push(Event::ParticipantJoins(Arrival { participant: format!("u{i}"), kind, invited: true, leader: false, organizer: false }));
        out.push(Event::Advance { by: step });
        if i >= 8 {
            out.push(Event::ParticipantLeaves { participant: format!("u{}", i - 8) });
        }
        out.push(Event::Advance { by: step });
    }
    out
}
