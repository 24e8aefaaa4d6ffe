//! Property test: random configurations and random event sequences (legal and illegal, with
//! random advances) never panic and keep the model's invariants after every trace line.
//!
//! 10,000 sequences by default; `PROPTEST_CASES` overrides.

use confsim::core::clock::TimerId;
use confsim::core::config::Config;
use confsim::core::duration::{HOUR, MINUTE};
use confsim::core::event::{Event, EventKind};
use confsim::core::model::*;
use confsim::core::stream::Draw;
use confsim::core::tables::{self, AnyRow, Cause, Machine, Taken};
use confsim::core::trace::TraceLine;
use confsim::core::world::World;
use proptest::prelude::*;

/// One event: a kind (indices past the list are `Advance`, so the clock moves often) and bytes
/// from which its fields are drawn — through the core's one event vocabulary (`Event::build`,
/// via `stream::Draw`), as the fuzz decoder and the benchmark streams draw them.
fn event(n: usize, bytes: Vec<u8>) -> Event {
    let ids: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
    let mut it = bytes.into_iter().cycle();
    let mut draw = Draw::new(move || it.next().unwrap_or(0), &ids);
    draw.event(EventKind::ALL.get(n).copied().unwrap_or(EventKind::Advance))
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    let one = (0..EventKind::ALL.len() + 12, prop::collection::vec(any::<u8>(), 1..12)).prop_map(|(n, b)| event(n, b));
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
            c.mcus = confsim::core::config::Mcus::of(&[Modality::AudioVideo]);
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

/// The machines of the world, each with its state on a line (an McuSession per modality).
fn machines(line: &TraceLine) -> [(Machine, Option<Modality>, &'static str); 5] {
    let s = &line.state;
    [
        (Machine::Session, None, s.session.name()),
        (Machine::Mcu, Some(Modality::AudioVideo), s.mcu.AudioVideo.name()),
        (Machine::Mcu, Some(Modality::InstantMessaging), s.mcu.InstantMessaging.name()),
        (Machine::Call, None, s.calls.AudioVideo.name()),
        (Machine::Conference, None, s.conference.name()),
    ]
}

/// A timer of a row, for the machine it was taken on (`mcu-reactivation-AudioVideo` stands for
/// the McuSession's own modality).
fn own(timer: TimerId, modality: Option<Modality>) -> TimerId {
    match (modality, timer) {
        (Some(m), TimerId::McuReactivationAudioVideo) => TimerId::mcu_reactivation(m),
        _ => timer,
    }
}

/// Every state change of every machine is the chain of rows the line took for it; every row
/// taken names the line's event or timer among its causes (or a session row taken before it on
/// the line); the timers a row starts run at the end of the line unless a later row stopped
/// them, and those it stops do not run unless a later row (or the same) started them. (The
/// guards held: `take` finds only rows whose guard holds, and the rows sharing a cause are told
/// apart by guards — a unit test in `tables`.)
fn check_rows(line: &TraceLine, before: &TraceLine, cfg: &Config) -> Result<(), TestCaseError> {
    let rows: Vec<(Taken, AnyRow)> =
        line.taken.iter().map(|t| (*t, tables::row_of(t.machine, t.row).expect("a taken row exists"))).collect();
    let cause = line.timer().unwrap_or_else(|| line.event_name());
    for (i, (_, row)) in rows.iter().enumerate() {
        let named = row.causes.iter().any(|c| match c {
            Cause::Session(tag) => rows[..i].iter().any(|(t, r)| t.machine == Machine::Session && r.tag == Some(*tag)),
            other => other.name() == cause,
        });
        prop_assert!(named, "{:?} {:?} taken on a {cause} line", row.machine, row.tag);
    }
    for ((machine, modality, from), (_, _, to)) in machines(before).into_iter().zip(machines(line)) {
        let chain: Vec<&AnyRow> =
            rows.iter().filter(|(t, _)| t.machine == machine && t.modality == modality).map(|(_, r)| r).collect();
        let mut state = from;
        for r in &chain {
            prop_assert_eq!(r.from, state, "{:?} {:?}: {:?} taken from {}", machine, modality, r.tag, state);
            state = r.to;
        }
        prop_assert_eq!(state, to, "{:?} {:?} went {} -> {} by rows {:?}", machine, modality, from, to, chain);
    }
    let running = |id: TimerId| line.state.timers.iter().any(|t| t.id == id.name());
    for (i, (t, row)) in rows.iter().enumerate() {
        let later = &rows[i + 1..];
        for id in row.starts.iter().map(|id| own(*id, t.modality)) {
            let configured = id != TimerId::AppRecoveryTimeout || cfg.app_recovery_timeout.is_some();
            let stopped_later = later.iter().any(|(lt, lr)| lr.stops.iter().any(|s| own(*s, lt.modality) == id));
            prop_assert!(
                !configured || stopped_later || running(id),
                "{:?} {:?} started {id}: not running",
                row.machine,
                row.tag
            );
        }
        for id in row.stops.iter().map(|id| own(*id, t.modality)) {
            let started = row.starts.iter().any(|s| own(*s, t.modality) == id)
                || later.iter().any(|(lt, lr)| lr.starts.iter().any(|s| own(*s, lt.modality) == id));
            prop_assert!(started || !running(id), "{:?} {:?} stopped {id}: still running", row.machine, row.tag);
        }
    }
    Ok(())
}

/// Checks what one trace line says against the line before it.
fn check_line(line: &TraceLine, before: &TraceLine, cfg: &Config) -> Result<(), TestCaseError> {
    prop_assert!(line.state.roster.iter().all(|id| !line.state.lobby.contains(id)));
    prop_assert!(line.state.timers.iter().all(|t| t.due >= line.t));
    if before.state.conference == ConferenceState::Expired {
        prop_assert_eq!(line.state.conference, ConferenceState::Expired);
    }
    check_rows(line, before, cfg)?;
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
                check_line(line, &before, &cfg)?;
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
