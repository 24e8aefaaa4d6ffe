//! Seeded event streams for benchmarks: mixed legal and illegal events, participants joining and
//! leaving, advances — deterministic for a seed (a small xorshift generator, no dependency, so
//! the same stream is available natively, in wasm and in node).

use super::duration::{DAY, SECOND};
use super::event::{Arrival, Event, EventKind, FieldSource, JoinOptions};
use super::model::{Kind, Modality, Named};

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

/// Draws event fields (see [`Event::build`]) from a stream of bytes: the property test's,
/// a fuzzer's, or a seeded generator's. Flags keep their default three times in four, so most
/// drawn events are ordinary; ids come from a small pool, so events meet the same people.
pub struct Draw<'a, F: FnMut() -> u8> {
    next: F,
    ids: &'a [String],
}

/// The durations drawn (for `Advance` and the lobby timeout): from nothing to past the 14-day
/// expiry, through each countdown's default.
pub const DURATIONS: [u64; 10] =
    [0, 500, SECOND, 5 * SECOND, 30 * SECOND, 600 * SECOND, 1200 * SECOND, 5460 * SECOND, DAY, 15 * DAY];

impl<'a, F: FnMut() -> u8> Draw<'a, F> {
    /// A source over `next` (a byte each call) and a pool of participant ids (not empty).
    pub fn new(next: F, ids: &'a [String]) -> Self {
        Draw { next, ids }
    }

    fn below(&mut self, n: usize) -> usize {
        usize::from((self.next)()) % n.max(1)
    }

    /// An event of `kind` with drawn fields.
    pub fn event(&mut self, kind: EventKind) -> Event {
        match Event::build(kind, self) {
            Ok(event) => event,
            Err(never) => match never {},
        }
    }
}

impl<F: FnMut() -> u8> FieldSource for Draw<'_, F> {
    type Error = std::convert::Infallible;

    fn participant(&mut self, _: &'static str) -> Result<String, Self::Error> {
        let i = self.below(self.ids.len());
        Ok(self.ids.get(i).cloned().unwrap_or_else(|| "p0".into()))
    }

    fn participants(&mut self, field: &'static str) -> Result<Vec<String>, Self::Error> {
        let n = 1 + self.below(2);
        (0..n).map(|_| self.participant(field)).collect()
    }

    fn flag(&mut self, _: &'static str, default: bool) -> Result<bool, Self::Error> {
        Ok(if self.below(4) == 0 { !default } else { default })
    }

    fn duration(&mut self, _: &'static str, _: Option<u64>) -> Result<u64, Self::Error> {
        Ok(DURATIONS[self.below(DURATIONS.len())])
    }

    fn choice<E: Named>(&mut self, _: &'static str, allowed: &'static [E], _: Option<E>) -> Result<E, Self::Error> {
        Ok(allowed[self.below(allowed.len())])
    }

    fn option<E: Named>(&mut self, _: &'static str) -> Result<Option<E>, Self::Error> {
        Ok(if self.below(2) == 0 { None } else { Some(E::all()[self.below(E::all().len())]) })
    }
}

/// The ids `p0`, `p1`, … of a pool of `n` participants.
pub fn pool(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("p{i}")).collect()
}

/// `n` mixed events: the session's own events (joins, failovers, reconnections, lobby decisions,
/// terminations, commands), a pool of other participants joining and leaving, and advances —
/// every field drawn through [`Draw`].
pub fn mixed(seed: u64, n: usize) -> Vec<Event> {
    use EventKind as K;
    // How often each event comes: people and the clock more than the rest.
    const WEIGHTED: &[EventKind] = &[
        K::BeginJoin,
        K::JoinResponse,
        K::FocusFailover,
        K::ReconnectSucceeded,
        K::DialogRecovery,
        K::RouteHealed,
        K::LeaderAdmits,
        K::BeginTerminate,
        K::BeginLockConference,
        K::BeginUnlockConference,
        K::McuFailover,
        K::BeginEject,
        K::BeginAdmitLobbyParticipants,
        K::LeaderDenies,
        K::HopFailure,
        K::BeginEstablishMcuCall,
        K::ParticipantJoins,
        K::ParticipantJoins,
        K::ParticipantJoins,
        K::ParticipantJoins,
        K::ParticipantLeaves,
        K::ParticipantLeaves,
        K::Advance,
        K::Advance,
    ];
    let mut rng = Seeded::new(seed);
    let ids = pool(64);
    let mut draw = Draw::new(move || rng.next_u64() as u8, &ids);
    (0..n)
        .map(|_| {
            let kind = WEIGHTED[draw.below(WEIGHTED.len())];
            draw.event(kind)
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
/// every byte string gives a valid run. The first two bytes choose the configuration; then each
/// event is a byte for its kind and its fields drawn from the bytes that follow (through
/// [`Draw`], as the property test draws them).
pub fn from_bytes(bytes: &[u8]) -> (super::config::Config, Vec<Event>) {
    use super::model::{AccessLevel, LeaderAssignment, LobbyBypass, MeetingKind};
    let mut config = super::config::Config::default();
    if let [a, b, ..] = *bytes {
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
    let rest = bytes.get(2..).unwrap_or_default();
    let remaining = std::cell::Cell::new(rest.len());
    let mut it = rest.iter().copied();
    let ids = pool(5);
    let mut draw = Draw::new(
        || {
            remaining.set(remaining.get().saturating_sub(1));
            it.next().unwrap_or(0)
        },
        &ids,
    );
    let mut events = Vec::new();
    while remaining.get() > 0 {
        let kind = EventKind::ALL[draw.below(EventKind::ALL.len())];
        events.push(draw.event(kind));
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
        let (_, events) = from_bytes(&[0, 0, 29, 1, 29, 3]);
        assert!(matches!(events[..], [Event::ParticipantJoins(_), ..]), "bytes draw events: {events:?}");
        assert_eq!(mixed(1, 50), mixed(1, 50), "a seed gives the same stream");
    }
}
