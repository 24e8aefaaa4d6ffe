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
}

#[test]
fn every_tag_is_reachable_across_the_variants_and_a_single_mcu() {
    let mut bounds = Bounds::default().with_each_variant();
    let mut single = bounds.configs[0].clone();
    single.mcus = vec![confsim::core::model::Modality::AudioVideo];
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
    ] {
        let (code, out, err) = confsim(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty() && !err.is_empty());
    }
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
