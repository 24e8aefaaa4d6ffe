//! Seeded event streams for benchmarks: mixed legal and illegal events, participants joining and
//! leaving, advances — deterministic for a seed (a small xorshift generator, no dependency, so
//! the same stream is available natively, in wasm and in node).

use super::duration::{DAY, SECOND};
use super::event::{Arrival, Event, EventKind, FieldSource, JoinOptions};
use super::model::{Kind, Named};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_events_keep_the_invariants_and_seeds_repeat() {
        let mut rng = Seeded::new(7);
        let ids = pool(5);
        for _ in 0..200 {
            let mut world = crate::core::world::World::new(crate::core::config::Config::default());
            let mut draw = Draw::new(|| rng.next_u64() as u8, &ids);
            for _ in 0..40 {
                let kind = EventKind::ALL[draw.below(EventKind::ALL.len())];
                let event = draw.event(kind);
                let _ = world.step_tags_within(0, &event, 100_000);
                assert_eq!(world.invariant_violations(), Vec::<String>::new(), "after {event:?}");
            }
        }
        let bytes = [29u8, 1, 29, 3];
        let mut it = bytes.iter().copied();
        let mut draw = Draw::new(|| it.next().unwrap_or(0), &ids);
        assert!(matches!(draw.event(EventKind::ParticipantJoins), Event::ParticipantJoins(_)));
        assert_eq!(mixed(1, 50), mixed(1, 50), "a seed gives the same stream");
    }
}
