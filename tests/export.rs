//! Exports through the real binary: every tag of a machine appears in every format, and the
//! SCXML is well-formed XML in the SCXML namespace with timers as `<send delay>` / `<cancel>`.

use std::process::Command;

use confsim::core::export::{Format, Machine};
use confsim::core::tables;

fn export(format: &str, machine: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_confsim"))
        .args(["export", "--format", format, "--machine", machine])
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn tags(machine: Machine) -> Vec<&'static str> {
    tables::rows(machine).iter().filter_map(|r| r.tag).map(|t| t.name()).collect()
}

#[test]
fn every_tag_appears_in_every_format() {
    for machine in Machine::ALL {
        for format in Format::ALL {
            let (code, text, err) = export(format.name(), machine.name());
            assert_eq!(code, 0, "{err}");
            for tag in tags(*machine) {
                assert!(text.contains(tag), "{tag} missing from {format} {machine}");
            }
        }
    }
    let (_, mermaid, _) = export("mermaid", "session");
    assert!(mermaid.contains("stateDiagram-v2") && mermaid.contains("Idle --> Connecting : T1"));
    let (_, dot, _) = export("dot", "session");
    assert!(dot.starts_with("digraph") && dot.contains("Reconnecting -> Connected"));
}

#[test]
fn scxml_is_well_formed_in_the_scxml_namespace() {
    const NS: &str = "http://www.w3.org/2005/07/scxml";
    for machine in Machine::ALL {
        let (_, text, _) = export("scxml", machine.name());
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{machine}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "scxml");
        assert_eq!(root.tag_name().namespace(), Some(NS));
        let states: Vec<_> = root.children().filter(|n| n.has_tag_name((NS, "state"))).collect();
        assert!(states.iter().any(|s| s.attribute("id") == root.attribute("initial")), "the initial state exists");
        let ids: Vec<&str> = states.iter().filter_map(|s| s.attribute("id")).collect();
        for t in doc.descendants().filter(|n| n.has_tag_name((NS, "transition"))) {
            assert!(ids.contains(&t.attribute("target").unwrap()), "a transition's target is a state");
        }
        // Every timer a transition sends into a state is cancelled or consumed by a transition
        // leaving that state.
        let transitions: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((NS, "transition"))).collect();
        for t in &transitions {
            let target = t.attribute("target").unwrap();
            let leaving: Vec<_> =
                transitions.iter().filter(|l| l.parent().and_then(|p| p.attribute("id")) == Some(target)).collect();
            for send in t.children().filter(|n| n.has_tag_name((NS, "send"))) {
                let id = send.attribute("id").unwrap();
                let ends = leaving.iter().any(|l| {
                    l.attribute("event").unwrap().split(' ').any(|e| e == id)
                        || l.children().any(|c| c.has_tag_name((NS, "cancel")) && c.attribute("sendid") == Some(id))
                });
                assert!(ends, "{machine}: {id} sent into {target} never ends there");
            }
        }
    }
    let (_, session, _) = export("scxml", "session");
    assert!(session.contains(r#"<send id="join-response" event="join-response" delay="1000ms"/>"#));
    assert!(session.contains(r#"confsim:guard="back_in_lobby""#), "guards are exported");
    let (_, conference, _) = export("scxml", "conference");
    assert!(conference.contains(r#"<send id="D-inactivity" event="D-inactivity" delay="86400000ms"/>"#));
}

#[test]
fn bad_export_options_exit_2() {
    for args in [
        &["export"][..],
        &["export", "--format", "svg"],
        &["export", "--format", "dot", "--machine", "lobby"],
        &["export", "--format", "dot", "--format", "dot"],
        &["export", "--colour", "red"],
        &["export", "--format", "dot", "--machine", "world"],
        &[
            "export",
            "--format",
            "scxml",
            "--machine",
            "session",
            "--config-from",
            "scenarios/twenty-four-hour-rule.json",
        ],
        &["export", "--format", "scxml", "--machine", "world", "--config-from", "no-such-file.json"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_confsim")).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

/// Labels keep their punctuation (Mermaid's entity codes for `;`, `:` and `#`; DOT escapes
/// quotes) and name each tag once.
#[test]
fn labels_keep_punctuation_and_name_each_tag_once() {
    let (_, mermaid, _) = export("mermaid", "session");
    assert!(mermaid.contains("T9 the join fails#59; EndJoin throws"), "{mermaid}");
    let labels: Vec<&str> = mermaid.lines().filter_map(|l| l.split_once(" : ").map(|(_, label)| label)).collect();
    assert!(labels.len() > 10 && labels.iter().all(|l| !l.contains("  ")), "no punctuation turned into double spaces");
    let (_, dot, _) = export("dot", "session");
    assert!(dot.contains("T9 the join fails; EndJoin throws"));
    for text in [&mermaid, &dot] {
        for line in text.lines().filter(|l| l.contains("->")) {
            let tags: Vec<&str> =
                line.split([' ', '"', '[', ']']).filter(|w| confsim::core::tags::Tag::parse(w).is_some()).collect();
            assert!(tags.len() <= 1, "one tag per label: {line}");
        }
    }
}

/// The world document (`--machine world`): one `<scxml>` with the five machines as parallel
/// regions, every row a transition with a `cond`, so rows sharing a state and an event are told
/// apart; the rows' timers sent and cancelled; the session's rows raised for the rows that follow
/// them; the scenario's durations in the datamodel. (tests/scxml runs it in SCION against the
/// core.)
#[test]
fn the_world_document_is_one_executable_scxml() {
    const NS: &str = "http://www.w3.org/2005/07/scxml";
    let (code, text, err) = export("scxml", "world");
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let root = doc.root_element();
    assert_eq!((root.attribute("datamodel"), root.attribute("initial")), (Some("ecmascript"), Some("World")));
    let world = root.children().find(|n| n.has_tag_name((NS, "parallel"))).expect("a parallel World");
    let regions: Vec<&str> =
        world.children().filter(|n| n.has_tag_name((NS, "state"))).filter_map(|n| n.attribute("id")).collect();
    assert_eq!(regions, ["Timers", "Session", "AudioVideo", "InstantMessaging", "Call", "Conference"]);
    let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    let row_count: usize =
        Machine::ALL.iter().map(|m| tables::rows(*m).len() * if *m == Machine::Mcu { 2 } else { 1 }).sum();
    let transitions: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((NS, "transition")) && n.attributes().any(|a| a.name() == "guard"))
        .collect();
    assert_eq!(transitions.len(), row_count, "one transition per row of each region");
    for t in &transitions {
        let target = t.attribute("target").expect("a row has a target");
        assert!(ids.contains(&target), "{target} is a state");
        assert!(t.attribute("cond").is_some_and(|c| !c.is_empty()), "every row has a cond");
    }
    // T10 and T2 share Connecting and the join answer: their conds differ.
    let cond = |tag: &str| {
        transitions
            .iter()
            .find(|t| t.attributes().any(|a| a.name() == "tag" && a.value() == tag))
            .unwrap()
            .attribute("cond")
            .unwrap()
    };
    assert!(cond("T2").contains("placement === 'enter'") && cond("T10").contains("placement === 'lobby'"));
    assert!(cond("T5").contains("escalation_failed") && cond("T4").contains("!escalation_failed"));
    // Terminal states are final; the session's ending rows are raised for the McuSessions.
    assert!(doc
        .descendants()
        .any(|n| n.has_tag_name((NS, "final")) && n.attribute("id") == Some("Session.Disconnected")));
    assert!(
        text.contains(r#"<raise event="session.T3"/>"#)
            && text.contains(r#"event="session.T3 session.T8 session.T14 session.V1""#)
    );
    assert!(text.contains(r#"<send id="route-repair" event="route-repair""#));
    assert!(!text.contains(r#"<send id="app-recovery-timeout""#), "not configured by default");
    // A scenario's configuration: its durations go into the datamodel.
    let out = Command::new(env!("CARGO_BIN_EXE_confsim"))
        .args([
            "export",
            "--format",
            "scxml",
            "--machine",
            "world",
            "--config-from",
            "scenarios/intermediate-hop-app-timeout.json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let configured = String::from_utf8(out.stdout).unwrap();
    assert!(configured.contains("app_recovery_timeout: 120000"));
    assert!(configured.contains(r#"<send id="app-recovery-timeout" event="app-recovery-timeout" delayexpr="(cfg.app_recovery_timeout) + 'ms'"/>"#));
}
