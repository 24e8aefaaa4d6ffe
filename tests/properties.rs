//! Property test: random configurations and random event sequences (legal and illegal, with
//! random advances) never panic and keep the model's invariants after every trace line.
//!
//! 10,000 sequences by default; `PROPTEST_CASES` overrides.

use confsim::core::config::Config;
use confsim::core::duration::{DAY, HOUR, MINUTE, SECOND};
use confsim::core::event::{Arrival, Event, EventKind, JoinOptions, Modification};
use confsim::core::model::*;
use confsim::core::tables;
use confsim::core::trace::TraceLine;
use confsim::core::world::World;
use proptest::prelude::*;

const IDS: [&str; 4] = ["a", "b", "c", "d"];
const DURATIONS: [u64; 10] =
    [0, 500, SECOND, 5 * SECOND, 30 * SECOND, 10 * MINUTE, 20 * MINUTE, 91 * MINUTE, DAY, 15 * DAY];

fn pick<T: Copy>(items: &[T], i: usize) -> T {
    items[i % items.len()]
}

/// Builds one event from drawn numbers: indices past the event list are `Advance`, so the
/// clock moves often.
fn event(n: usize, a: usize, b: usize, flags: u8, ids: Vec<usize>) -> Event {
    let id = |i: usize| pick(&IDS, i).to_string();
    let flag = |bit: u8| flags & (1 << bit) != 0;
    let kinds = EventKind::ALL;
    if n >= kinds.len() {
        return Event::Advance { by: pick(&DURATIONS, a) };
    }
    let modality = pick(Modality::ALL, a);
    match kinds[n] {
        EventKind::BeginJoin => Event::BeginJoin(JoinOptions {
            mode: if flag(0) { JoinMode::TrustedParticipant } else { JoinMode::Default },
            identity: pick(Identity::ALL, a),
            organizer: flag(1),
            invited: !flag(2),
            lobby_timeout: pick(&DURATIONS, b),
        }),
        EventKind::BeginEscalate => Event::BeginEscalate,
        EventKind::BeginTerminate => Event::BeginTerminate,
        EventKind::BeginTerminateConference => Event::BeginTerminateConference,
        EventKind::BeginEject => Event::BeginEject { participant: id(a) },
        EventKind::BeginLockConference => Event::BeginLockConference,
        EventKind::BeginUnlockConference => Event::BeginUnlockConference,
        EventKind::BeginAdmitLobbyParticipants => {
            Event::BeginAdmitLobbyParticipants { participants: ids.into_iter().map(id).collect() }
        }
        EventKind::BeginDenyLobbyParticipants => {
            Event::BeginDenyLobbyParticipants { participants: ids.into_iter().map(id).collect() }
        }
        EventKind::BeginModifyConferenceConfiguration => Event::BeginModifyConferenceConfiguration(Modification {
            access_level: flag(0).then(|| pick(AccessLevel::ALL, a)),
            lobby_bypass: flag(1).then(|| pick(LobbyBypass::ALL, b)),
            automatic_leader_assignment: flag(2).then(|| pick(LeaderAssignment::ALL, a + b)),
        }),
        EventKind::BeginEstablishMcuCall => Event::BeginEstablishMcuCall { modality: Modality::AudioVideo },
        EventKind::JoinResponse => Event::JoinResponse,
        EventKind::JoinFailed => Event::JoinFailed,
        EventKind::EscalationFailed => Event::EscalationFailed,
        EventKind::FocusFailover => Event::FocusFailover,
        EventKind::DialogRecovery => Event::DialogRecovery,
        EventKind::ReconnectSucceeded => Event::ReconnectSucceeded,
        EventKind::ReconnectFailed => Event::ReconnectFailed,
        EventKind::McuFailover => Event::McuFailover { modality },
        EventKind::McuActivated => Event::McuActivated { modality },
        EventKind::HopFailure => Event::HopFailure,
        EventKind::RouteRepairFailed => Event::RouteRepairFailed,
        EventKind::RouteHealed => Event::RouteHealed,
        EventKind::LeaderAdmits => Event::LeaderAdmits,
        EventKind::LeaderDenies => Event::LeaderDenies,
        EventKind::LeaderEjects => Event::LeaderEjects,
        EventKind::PresenterEndsMeeting => Event::PresenterEndsMeeting,
        EventKind::MeetingDeleted => Event::MeetingDeleted,
        EventKind::OrganizerDeleted => Event::OrganizerDeleted,
        EventKind::ParticipantJoins => Event::ParticipantJoins(Arrival {
            participant: id(b),
            kind: pick(Kind::ALL, a),
            invited: !flag(0),
            leader: flag(1) && flag(2),
            organizer: flag(3) && flag(4),
        }),
        EventKind::ParticipantLeaves => Event::ParticipantLeaves { participant: id(b) },
        EventKind::Advance => Event::Advance { by: pick(&DURATIONS, a) },
    }
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    let one =
        (0..EventKind::ALL.len() + 12, 0..10usize, 0..10usize, any::<u8>(), prop::collection::vec(0..4usize, 0..3))
            .prop_map(|(n, a, b, flags, ids)| event(n, a, b, flags, ids));
    prop::collection::vec(one, 1..40)
}

fn config() -> impl Strategy<Value = Config> {
    (0..5usize, 0..4usize, 0..2usize, 0..3usize, any::<u16>()).prop_map(|(meeting, level, bypass, promote, bits)| {
        let bit = |i: u16| bits & (1 << i) != 0;
        let mut c = Config {
            meeting: MeetingKind::ALL[meeting],
            access_level: AccessLevel::ALL[level],
            lobby_bypass: LobbyBypass::ALL[bypass],
            automatic_leader_assignment: LeaderAssignment::ALL[promote],
            variants: [bit(0), bit(1), bit(2), bit(3)],
            app_recovery_timeout: bit(4).then_some(2 * MINUTE),
            expiry: bit(5).then_some(2 * HOUR),
            ..Config::default()
        };
        c.reconnect.succeeds = !bit(6);
        c.hop.repair_succeeds = bit(7);
        if bit(8) {
            c.mcus = vec![Modality::AudioVideo];
        }
        if bit(9) {
            c.signaling_latency = 0;
        }
        c
    })
}

/// Checks the invariants of the world after a step (the core's list) and that an expired
/// conference never comes back.
fn check_world(world: &World, before: &TraceLine) -> Result<(), TestCaseError> {
    let violations = world.invariant_violations();
    prop_assert!(violations.is_empty(), "{violations:?}");
    if before.state.conference == ConferenceState::Expired {
        prop_assert_eq!(world.conference().state, ConferenceState::Expired);
    }
    Ok(())
}

/// Checks what one trace line says against the line before it.
fn check_line(line: &TraceLine, before: &TraceLine) -> Result<(), TestCaseError> {
    prop_assert!(line.state.roster.iter().all(|id| !line.state.lobby.contains(id)));
    prop_assert!(line.state.timers.iter().all(|t| t.due >= line.t));
    if before.state.conference == ConferenceState::Expired {
        prop_assert_eq!(line.state.conference, ConferenceState::Expired);
    }
    // A line moves the session only along a table edge whose tag it names, each tag once.
    let (from, to) = (before.state.session, line.state.session);
    if from != to {
        let edge = tables::SESSION.iter().chain(tables::SESSION_VARIANTS).find(|e| e.from == from && e.to == to);
        prop_assert!(
            edge.is_some_and(|e| line.rules.contains(&e.tag)),
            "{from} -> {to} without its edge: {:?}",
            line.rules
        );
    }
    let mut tags = line.rules.clone();
    tags.sort();
    tags.dedup();
    prop_assert_eq!(tags.len(), line.rules.len());
    prop_assert!(line.t >= before.t);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_sequences_keep_the_invariants(cfg in config(), steps in events()) {
        let mut world = World::new(cfg.clone());
        let mut before = world.clone().step(0, &Event::Advance { by: 0 }).remove(0);
        let mut trace = Vec::new();
        for (i, event) in steps.iter().enumerate() {
            let lines = world.step(i, event);
            prop_assert!(!lines.is_empty());
            let first = before.clone();
            for line in &lines {
                prop_assert_eq!(line.step, i);
                check_line(line, &before)?;
                before = line.clone();
            }
            check_world(&world, &first)?;
            trace.extend(lines);
        }
        // Deterministic: the same steps give the same trace.
        let mut again = World::new(cfg);
        let replay: Vec<TraceLine> = steps.iter().enumerate().flat_map(|(i, e)| again.step(i, e)).collect();
        prop_assert_eq!(replay, trace);
    }
}
