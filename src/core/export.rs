//! Exports of the transition tables: Mermaid `stateDiagram-v2`, Graphviz DOT and W3C SCXML.
//!
//! Everything comes from `core::tables`; timers are the states' own (`session_timers` & co.)
//! with their default durations from `Config::default()`.

use super::clock::TimerId;
use super::config::Config;
use super::duration::Millis;
use super::model::{named_enum, ConferenceState, McuState, SessionState};
use super::tables::{self, Cause, Edge};

named_enum!(
    /// Which machine to export.
    Machine { Session = "session", Mcu = "mcu", Conference = "conference" }
);

named_enum!(
    /// The export format.
    Format { Mermaid = "mermaid", Dot = "dot", Scxml = "scxml" }
);

/// One edge, machine-independent.
struct Row {
    tag: &'static str,
    from: &'static str,
    to: &'static str,
    trigger: &'static str,
    causes: &'static [Cause],
}

fn rows<S: Copy + 'static>(edges: &'static [Edge<S>], name: fn(S) -> &'static str) -> impl Iterator<Item = Row> {
    edges.iter().map(move |e| Row {
        tag: e.tag.name(),
        from: name(e.from),
        to: name(e.to),
        trigger: e.trigger,
        causes: e.causes,
    })
}

struct Spec {
    title: &'static str,
    initial: &'static str,
    states: Vec<&'static str>,
    rows: Vec<Row>,
    timers: fn(&str) -> &'static [TimerId],
}

fn spec(machine: Machine) -> Spec {
    match machine {
        Machine::Session => Spec {
            title: "ConferenceSession",
            initial: "Idle",
            states: SessionState::ALL.iter().map(|s| s.name()).collect(),
            rows: rows(tables::SESSION, SessionState::name)
                .chain(rows(tables::SESSION_VARIANTS, SessionState::name))
                .collect(),
            timers: |s| SessionState::parse(s).map_or(&[], tables::session_timers),
        },
        Machine::Mcu => Spec {
            title: "McuSession",
            initial: "Idle",
            states: McuState::ALL.iter().map(|s| s.name()).collect(),
            rows: rows(tables::MCU, McuState::name).chain(rows(tables::MCU_VARIANTS, McuState::name)).collect(),
            timers: |s| McuState::parse(s).map_or(&[], tables::mcu_timers),
        },
        Machine::Conference => Spec {
            title: "Conference",
            initial: "Scheduled",
            states: ConferenceState::ALL.iter().map(|s| s.name()).collect(),
            rows: rows(tables::CONFERENCE, ConferenceState::name).collect(),
            timers: |s| ConferenceState::parse(s).map_or(&[], tables::conference_timers),
        },
    }
}

/// The event name of a cause: the event's, or the timer's id.
fn cause_name(cause: &Cause) -> &'static str {
    match cause {
        Cause::Call(k) | Cause::Event(k) => k.name(),
        Cause::Timer(t) => t.name(),
    }
}

/// A timer's default duration.
fn default_delay(id: TimerId) -> Option<Millis> {
    let c = Config::default();
    use TimerId::*;
    Some(match id {
        JoinResponse | CommandResponse | TerminateComplete | RouteRepair => c.signaling_latency,
        ReconnectAttempt => c.reconnect.latency,
        RouteUpdate => c.hop.update_interval,
        AppRecoveryTimeout => return c.app_recovery_timeout,
        McuReactivationAudioVideo | McuReactivationInstantMessaging => c.mcu_reactivation,
        LobbyTimeout => super::event::JoinOptions::default().lobby_timeout,
        DGrace => c.anonymous_user_grace_period,
        DEmpty => c.empty_conference_timeout,
        DInactivity => c.deactivation_grace_period,
        DExpiry => c.meeting_end + 14 * super::duration::DAY,
    })
}

/// Renders a machine in a format.
pub fn export(machine: Machine, format: Format) -> String {
    let spec = spec(machine);
    match format {
        Format::Mermaid => mermaid(&spec),
        Format::Dot => dot(&spec),
        Format::Scxml => scxml(&spec),
    }
}

/// Mermaid label text: no colons or semicolons (they end a label).
fn mermaid_text(s: &str) -> String {
    s.replace([':', ';', '#'], " ").replace('"', "'")
}

fn mermaid(spec: &Spec) -> String {
    let mut out = format!("---\ntitle: {}\n---\nstateDiagram-v2\n    [*] --> {}\n", spec.title, spec.initial);
    for r in &spec.rows {
        out += &format!("    {} --> {} : {} {}\n", r.from, r.to, r.tag, mermaid_text(r.trigger));
    }
    out
}

fn dot(spec: &Spec) -> String {
    let mut out = format!("digraph {} {{\n    label=\"{}\";\n    rankdir=LR;\n    node [shape=box, style=rounded];\n    start [shape=point];\n    start -> {};\n", spec.title, spec.title, spec.initial);
    for r in &spec.rows {
        let style = if r.tag.starts_with('V') { ", style=dashed" } else { "" };
        out +=
            &format!("    {} -> {} [label=\"{}\\n{}\"{}];\n", r.from, r.to, r.tag, r.trigger.replace('"', "'"), style);
    }
    out + "}\n"
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// W3C SCXML: one `<state>` per state; a state's timers are `<send delay>` on entry and
/// `<cancel>` on exit; each transition names its tag (`confsim:tag`) and its trigger.
fn scxml(spec: &Spec) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" xmlns:confsim=\"urn:confsim:tags\" version=\"1.0\" datamodel=\"null\" name=\"{}\" initial=\"{}\">\n",
        spec.title, spec.initial
    );
    for state in &spec.states {
        out += &format!("  <state id=\"{state}\">\n");
        let timers: Vec<(TimerId, Millis)> =
            (spec.timers)(state).iter().filter_map(|t| default_delay(*t).map(|d| (*t, d))).collect();
        if !timers.is_empty() {
            out += "    <onentry>\n";
            for (t, delay) in &timers {
                out += &format!("      <send id=\"{0}\" event=\"{0}\" delay=\"{1}ms\"/>\n", t.name(), delay);
            }
            out += "    </onentry>\n    <onexit>\n";
            for (t, _) in &timers {
                out += &format!("      <cancel sendid=\"{}\"/>\n", t.name());
            }
            out += "    </onexit>\n";
        }
        for r in spec.rows.iter().filter(|r| r.from == *state) {
            let events: Vec<&str> = r.causes.iter().map(cause_name).collect();
            out += &format!(
                "    <transition event=\"{}\" target=\"{}\" confsim:tag=\"{}\">\n      <!-- {}: {} -->\n    </transition>\n",
                events.join(" "), r.to, r.tag, r.tag, xml(r.trigger).replace("--", "—")
            );
        }
        out += "  </state>\n";
    }
    out + "</scxml>\n"
}
