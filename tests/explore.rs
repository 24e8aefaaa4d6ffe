//! The explorer through the real binary: its shortest paths are valid scenarios that reach what
//! they claim, random walks are reproducible from their seed, bad options exit 2.

use std::process::Command;

use confsim::core::explore::{self, Bounds, Goal};
use confsim::core::model::{ConferenceState, SessionState};
use confsim::core::runner;
use confsim::core::scenario;
use confsim::core::tags::Tag;
use serde_json::Value;

fn confsim(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_confsim")).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn shortest_paths_are_valid_scenarios_that_reach_their_tags() {
    let (code, out, err) = confsim(&["explore", "--depth", "5"]);
    assert_eq!(code, 0, "{err}");
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert!(report["states"].as_u64().unwrap() > 1000);
    let tags = report["tags"].as_object().unwrap();
    assert!(tags.contains_key("T12") && tags.contains_key("D-expiry") && tags.contains_key("R-hop"));
    for (tag, found) in tags {
        let s = scenario::from_value(&found["scenario"]).unwrap_or_else(|e| panic!("{tag}: {e}"));
        assert_eq!(s.steps.len() as u64, found["depth"].as_u64().unwrap());
        let trace = runner::run(&s).lines;
        assert!(trace.iter().any(|l| l.rules.iter().any(|t| t.name() == tag)), "the path for {tag} does not apply it");
    }
    let unreachable: Vec<&str> = report["unreachable"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(unreachable, ["M2", "V1", "V2", "V3", "V4"], "with both MCUs and no variant these cannot apply");
    for combo in report["combinations"].as_array().unwrap() {
        let s = scenario::from_value(&combo["scenario"]).unwrap();
        let (world, _) = runner::run_with(&s, |_| {});
        assert_eq!(world.local().session.name(), combo["session"]);
        assert_eq!(world.conference().state.name(), combo["conference"]);
    }
    assert_eq!(report["violations"], serde_json::json!([]));
    // Complete within its bounds, and the memory it took is measured.
    assert_eq!(report["cutoff"], Value::Null);
    assert_eq!(report["covered"][0]["depth"], 5);
    assert_eq!(report["covered"][0]["cutoff"], Value::Null);
    assert!(report["memory"]["peak_rss_bytes"].as_u64().is_some_and(|b| b > 0), "{}", report["memory"]);
    // A state costs its fingerprint and its place in the tree of moves, not a world (≈ 2 KB).
    let per_state = report["memory"]["bytes_per_state"].as_u64().expect("bytes per state");
    assert!(per_state < 400, "{per_state} bytes per visited state");
}

#[test]
fn every_tag_is_reachable_across_the_variants_and_a_single_mcu() {
    let mut bounds = Bounds::default().with_each_variant();
    let mut single = bounds.configs[0].clone();
    single.mcus = confsim::core::config::Mcus::of(&[confsim::core::model::Modality::AudioVideo]);
    bounds.configs.push(single);
    let report = explore::explore(&bounds);
    assert!(report.unreachable().is_empty(), "{:?}", report.unreachable());
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

#[test]
fn how_do_i_reach_a_goal() {
    let path = explore::shortest(&Bounds::default(), Goal::Tag(Tag::T12)).expect("reachable");
    assert_eq!(path.events.len(), 4);
    let p = explore::shortest(&Bounds::default(), Goal::Conference(ConferenceState::Expired)).unwrap();
    assert_eq!(p.events.len(), 1, "deleting the meeting");
    let p = explore::shortest(&Bounds::default(), Goal::Session(SessionState::Reconnecting)).unwrap();
    let (world, _) = runner::run_with(&p.scenario("x".into()), |_| {});
    assert_eq!(world.local().session, SessionState::Reconnecting);
}

#[test]
fn text_output_and_random_walks() {
    let (code, out, _) = confsim(&["explore", "--depth", "3", "--format", "text"]);
    assert_eq!(code, 0);
    assert!(out.contains("reachable tags") && out.contains("T1 ") && out.contains("unreachable within these bounds"));
    let run = || confsim(&["explore", "--random", "200", "--seed", "7", "--depth", "30"]);
    let (code, first, _) = run();
    assert_eq!(code, 0, "no invariant fails");
    let (_, second, _) = run();
    let strip = |s: &str| {
        let mut v: Value = serde_json::from_str(s).unwrap();
        v["seconds"] = Value::Null;
        v
    };
    assert_eq!(strip(&first), strip(&second), "the same seed gives the same walks");
    assert_eq!(strip(&first)["steps"], 6000);
}

#[test]
fn bad_explore_options_exit_2() {
    for args in [
        &["explore", "--depth", "x"][..],
        &["explore", "--events", "Nope"],
        &["explore", "--participants", "bob"],
        &["explore", "--participants", "local:Pstn"],
        &["explore", "--format", "xml"],
        &["explore", "--variants", "V9"],
        &["explore", "--config", "/nonexistent.json"],
        &["explore", "--random", "-1"],
        &["explore", "--random", "1", "--events", ","],
        &["explore", "--random", "1", "--participants", ","],
        &["explore", "--max-states", "0"],
        &["explore", "--time-limit", "0"],
    ] {
        let (code, out, err) = confsim(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty() && !err.is_empty());
    }
}

fn report(args: &[&str]) -> Value {
    let (code, out, err) = confsim(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    assert!(err.is_empty(), "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

#[test]
fn the_search_stops_when_no_new_state_is_found() {
    // Only the clock moves: D-expiry fires, then nothing runs; the depth bound is never reached.
    let r = report(&["explore", "--depth", "18446744073709551615", "--events", "Advance"]);
    assert_eq!(r["states"], 2);
    assert_eq!(r["cutoff"], Value::Null);
    assert_eq!(r["covered"][0]["exhausted"], true);
    assert!(r["tags"].as_object().unwrap().contains_key("D-expiry"));
}

#[test]
fn the_state_bound_stops_the_search_and_says_what_was_covered() {
    let r = report(&["explore", "--depth", "9", "--max-states", "5000"]);
    assert_eq!(r["cutoff"], "max-states");
    assert_eq!(r["states"], 5000);
    assert_eq!(r["bounds"]["max_states"], 5000);
    let covered = &r["covered"][0];
    assert_eq!(covered["cutoff"], "max-states");
    assert_eq!(covered["exhausted"], false);
    // Paths of up to 4 events reach 3,229 states, of up to 5 events 37,840.
    assert_eq!(covered["depth"], 4, "{covered}");
    // Many participants at depth 3 meant gigabytes before the bound.
    let many: Vec<String> = (0..200).map(|i| format!("p{i}:Pstn")).collect();
    let r = report(&["explore", "--depth", "3", "--participants", &many.join(","), "--max-states", "20000"]);
    assert_eq!((r["cutoff"].as_str(), r["states"].as_u64()), (Some("max-states"), Some(20_000)));
    let (code, out, _) = confsim(&["explore", "--depth", "9", "--max-states", "5000", "--format", "text"]);
    assert_eq!(code, 0);
    assert!(out.contains("stopped by --max-states") && out.contains("every path of up to 4 events"), "{out}");
    assert!(out.contains("bytes per visited state"), "{out}");
}

#[test]
fn the_time_limit_stops_the_search_and_the_walks() {
    let r = report(&["explore", "--depth", "12", "--time-limit", "0.2"]);
    assert_eq!(r["cutoff"], "time-limit");
    assert_eq!(r["covered"][0]["cutoff"], "time-limit");
    assert!(r["states"].as_u64().unwrap() > 1);
    let r = report(&["explore", "--random", "3", "--depth", "18446744073709551615", "--time-limit", "0.2"]);
    assert_eq!(r["cutoff"], "time-limit");
    assert_eq!(r["walks"], 1, "the first walk never ends by itself");
    assert!(r["steps"].as_u64().unwrap() > 0);
}

#[test]
fn the_core_reads_no_clock_the_caller_decides_when_time_is_up() {
    use confsim::core::explore::Cutoff;
    let mut asked = 0;
    let r = explore::explore_until(&Bounds { depth: 9, ..Bounds::default() }, || {
        asked += 1;
        asked > 10
    });
    assert_eq!(r.cutoff, Some(Cutoff::TimeLimit));
    // Asked every 256 moves: stopped at the eleventh question.
    assert_eq!(r.transitions, 10 * 256);
    assert_eq!(r.covered.len(), 1);
    let mut asked = 0;
    let w = explore::random_walks_until(&Bounds { depth: 1_000, ..Bounds::default() }, 100, 3, || {
        asked += 1;
        asked > 4
    });
    // Asked as each walk begins and every 256 events within it: at the start of the second.
    assert_eq!(w.cutoff, Some(Cutoff::TimeLimit));
    assert_eq!((w.walks, w.steps), (1, 1_000));
}

#[test]
fn walks_with_nothing_to_fire_or_too_many_timers_end_quietly() {
    let nothing = Bounds { events: vec![], ..Bounds::default() };
    let w = explore::random_walks(&nothing, 5, 1);
    assert_eq!((w.walks, w.steps, w.failure.is_none()), (5, 0, true));
    // No timer may fire: the first advance that would fire one ends its walk.
    let advance_only = Bounds {
        events: vec![confsim::core::event::EventKind::Advance],
        max_timers: 0,
        depth: 50,
        ..Bounds::default()
    };
    let w = explore::random_walks(&advance_only, 3, 1);
    assert_eq!(w.timer_limited, 3, "{w:?}");
    let r = explore::explore(&advance_only);
    assert_eq!((r.states, r.timer_limited), (1, 1));
}

#[test]
fn random_walks_over_millisecond_timers_stay_bounded() {
    // The issue's configuration: a random day-long stride would fire 86 million route updates.
    let dir = std::env::temp_dir().join(format!("confsim-explore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("fast.json");
    std::fs::write(
        &config,
        r#"{"config": {"hop": {"update_interval": "PT0.001S"}, "signaling_latency": "PT0.001S"}, "steps": []}"#,
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let r = report(&[
        "explore",
        "--random",
        "20",
        "--depth",
        "30",
        "--seed",
        "5",
        "--config",
        config,
        "--max-timers",
        "1000",
        "--events",
        "BeginJoin,JoinResponse,HopFailure,Advance",
    ]);
    assert!(r["timer_limited"].as_u64().unwrap() > 0, "{r}");
    assert_eq!(r["failure"], Value::Null);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn shrinking_keeps_a_property_with_the_fewest_events() {
    use confsim::core::event::Event;
    use confsim::core::explore::{shrink, Path};
    // A long, noisy path that ends with the session Reconnecting.
    let noisy = r#"{"steps":[{"event":"ParticipantJoins","participant":"a","kind":"Pstn"},{"event":"BeginJoin"},
        {"event":"BeginLockConference"},{"event":"Advance","by":"PT1S"},{"event":"McuFailover","modality":"AudioVideo"},
        {"event":"ParticipantLeaves","participant":"a"},{"event":"Advance","by":"PT10S"},{"event":"FocusFailover"}]}"#;
    let s = scenario::parse(noisy).unwrap();
    let path = Path { config: s.config.clone(), events: s.events().cloned().collect() };
    let reconnecting =
        |p: &Path| runner::run_with(&p.scenario("x".into()), |_| {}).0.local().session == SessionState::Reconnecting;
    assert!(reconnecting(&path));
    let small = shrink(path, reconnecting);
    let kinds: Vec<&str> = small.events.iter().map(|e| e.kind().name()).collect();
    assert_eq!(kinds, ["BeginJoin", "Advance", "FocusFailover"], "{:?}", small.events);
    assert!(matches!(small.events[1], Event::Advance { .. }));
}
