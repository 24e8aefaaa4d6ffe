//! Exports of the transition tables: Mermaid `stateDiagram-v2`, Graphviz DOT and W3C SCXML.
//!
//! Everything comes from `core::tables`: every row with its tag, guard and trigger; SCXML
//! timers are the rows' own (`<send delay>` when a row starts one, `<cancel>` when it stops
//! one), with their default durations from `Config::default()`.

use super::clock::TimerId;
use super::config::Config;
use super::duration::Millis;
use super::model::{named_enum, CallState, ConferenceState, McuState, SessionState};
pub use super::tables::Machine;
use super::tables::{self, AnyRow, Guard};

named_enum!(
    /// The export format.
    Format { Mermaid = "mermaid", Dot = "dot", Scxml = "scxml" }
);

struct Spec {
    title: &'static str,
    initial: &'static str,
    states: Vec<&'static str>,
    rows: Vec<AnyRow>,
}

fn spec(machine: Machine) -> Spec {
    let (title, initial, states): (_, _, Vec<&str>) = match machine {
        Machine::Session => ("ConferenceSession", "Idle", SessionState::ALL.iter().map(|s| s.name()).collect()),
        Machine::Mcu => ("McuSession", "Idle", McuState::ALL.iter().map(|s| s.name()).collect()),
        Machine::Call => ("AudioVideoCall", "Idle", CallState::ALL.iter().map(|s| s.name()).collect()),
        Machine::Conference => ("Conference", "Scheduled", ConferenceState::ALL.iter().map(|s| s.name()).collect()),
    };
    Spec { title, initial, states, rows: tables::rows(machine) }
}

/// A row's label: its tag (or "—"), its guard in brackets unless it always holds, its trigger.
fn label(r: &AnyRow) -> String {
    let tag = r.tag.map_or("—", |t| t.name());
    let guard = if r.guard == Guard::Always { String::new() } else { format!(" [{}]", r.guard.name()) };
    format!("{tag}{guard} {}", r.trigger)
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

/// Mermaid label text: a colon or a semicolon would end the label and `#` starts an entity, so
/// they are written as Mermaid's entity codes — the punctuation stays.
fn mermaid_text(s: &str) -> String {
    s.replace('#', "#35;").replace(':', "#58;").replace(';', "#59;").replace('"', "#quot;")
}

fn mermaid(spec: &Spec) -> String {
    let mut out = format!("---\ntitle: {}\n---\nstateDiagram-v2\n    [*] --> {}\n", spec.title, spec.initial);
    for r in &spec.rows {
        out += &format!("    {} --> {} : {}\n", r.from, r.to, mermaid_text(&label(r)));
    }
    out
}

fn dot(spec: &Spec) -> String {
    let mut out = format!(
        "digraph {} {{\n    label=\"{}\";\n    rankdir=LR;\n    node [shape=box, style=rounded];\n    start [shape=point];\n    start -> {};\n",
        spec.title, spec.title, spec.initial
    );
    for r in &spec.rows {
        let variant = r.tag.is_some_and(|t| t.name().starts_with('V'));
        let style = if variant { ", style=dashed" } else { "" };
        out += &format!(
            "    {} -> {} [label=\"{}\"{}];\n",
            r.from,
            r.to,
            label(r).replace('\\', "\\\\").replace('"', "\\\""),
            style
        );
    }
    out + "}\n"
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// W3C SCXML: one `<state>` per state, one `<transition>` per row naming its tag
/// (`confsim:tag`) and guard (`confsim:guard`); the timers a row starts are `<send delay>` and
/// those it stops `<cancel>`, in the transition.
fn scxml(spec: &Spec) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" xmlns:confsim=\"urn:confsim:tags\" version=\"1.0\" datamodel=\"null\" name=\"{}\" initial=\"{}\">\n",
        spec.title, spec.initial
    );
    for state in &spec.states {
        out += &format!("  <state id=\"{state}\">\n");
        for r in spec.rows.iter().filter(|r| r.from == *state) {
            let events: Vec<&str> = r.causes.iter().map(|c| c.name()).collect();
            let tag = r.tag.map_or(String::new(), |t| format!(" confsim:tag=\"{t}\""));
            out += &format!(
                "    <transition event=\"{}\" target=\"{}\"{} confsim:guard=\"{}\">\n      <!-- {} -->\n",
                events.join(" "),
                r.to,
                tag,
                r.guard.name(),
                xml(&label(r)).replace("--", "—")
            );
            for t in r.stops {
                out += &format!("      <cancel sendid=\"{}\"/>\n", t.name());
            }
            for t in r.starts {
                if let Some(delay) = default_delay(*t) {
                    out += &format!("      <send id=\"{0}\" event=\"{0}\" delay=\"{1}ms\"/>\n", t.name(), delay);
                }
            }
            out += "    </transition>\n";
        }
        out += "  </state>\n";
    }
    out + "</scxml>\n"
}
