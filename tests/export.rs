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
