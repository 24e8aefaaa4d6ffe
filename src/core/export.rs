//! Exports of the transition tables: Mermaid `stateDiagram-v2`, Graphviz DOT and W3C SCXML.
//!
//! Everything comes from `core::tables`: every row with its tag, guard and trigger. `world_scxml`
//! writes the whole world as one executable SCXML document (see [`WORLD_LIMITS`]). Per machine, SCXML
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

/// What the one-document SCXML export (`--machine world`) cannot express: written at the top
/// of the document (and in the README).
pub const WORLD_LIMITS: &str = "What this document cannot express (the core decides it; see src/core/world):
- Placement (guards admitted / lobbied): where the Focus places the local endpoint depends on the
  roster, the lobby, the access level, lobby bypass and leader assignment. The datamodel holds it
  as an external fact, `placement` ('enter' | 'lobby' | 'refused'), that the environment sets with
  the event `fact` (data {placement}) before the join is answered (default 'enter').
- Roles: whether the local endpoint is a leader (a leader's BeginTerminateConference ends the
  conference, guards leader_ended_it / leader_ended_it_late) is the fact `leader`, set the same way.
- The roster and lobby: D-grace and D-empty start and stop as the roster changes
  (World::reconcile_countdowns), D-inactivity restarts whenever someone new enters, and
  conference commands (command-response) are answered with a payload the document does not keep.
  So the document never sends D-grace, D-empty or command-response, and sends D-inactivity only
  where rows start it: the environment delivers these timers as events when the core fires them
  (command-response with data {command}, the Begin* call it answers).
- The legality of application calls is only what the rows and the Conversation's state say
  (a call in a state without a row does nothing here, where the core throws); exceptions, failed
  operations, raised UCMA events, participants, the lock and the Conversation's other states are
  not modelled.
- Where the local endpoint is (`where`: roster, lobby, none) is kept by the session's rows and by
  removals while Reconnecting (LeaderEjects from the roster or the lobby, LeaderDenies, deletion,
  deactivation); other roster
  changes of the local endpoint are not.
- Time: every external event and every delivered timer carries data {now} (virtual ms), which
  the conference's expiry guards (expiry_ahead / expiry_passed, expiry_due()) compare with.
Beyond the rows, the document also does what the core's handlers do without a row: UCMA's own
route repair (HopFailure starts route-repair, RouteHealed stops it), another route-update while
R-hop heals, a restarted MCU reactivation after R-hop, and the Conversation terminating on
BeginTerminate where no session row takes it (terminate-complete).";

/// A JavaScript string literal.
fn js(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A region of the world document: its id (the prefix of its states' ids), its machine and,
/// for an McuSession, its modality.
struct Region {
    id: &'static str,
    machine: Machine,
    modality: Option<super::model::Modality>,
}

const REGIONS: [Region; 5] = [
    Region { id: "Session", machine: Machine::Session, modality: None },
    Region { id: "AudioVideo", machine: Machine::Mcu, modality: Some(super::model::Modality::AudioVideo) },
    Region { id: "InstantMessaging", machine: Machine::Mcu, modality: Some(super::model::Modality::InstantMessaging) },
    Region { id: "Call", machine: Machine::Call, modality: None },
    Region { id: "Conference", machine: Machine::Conference, modality: None },
];

/// A timer's name in a region: an McuSession region hears and starts only its own modality's
/// reactivation (the McuSession table's `mcu-reactivation-AudioVideo` stands for it).
fn timer_in(region: &Region, t: TimerId) -> TimerId {
    match (region.modality, t) {
        (Some(m), TimerId::McuReactivationAudioVideo | TimerId::McuReactivationInstantMessaging) => {
            TimerId::mcu_reactivation(m)
        }
        _ => t,
    }
}

/// The cause's event name in the world document: session rows are followed through the raised
/// `session.TAG`; an McuSession entering with its parent (M1 / M2 on the join answer or an
/// admission) follows T2 / T13, which the core's handlers take the rows after.
fn world_event(region: &Region, row: &AnyRow, c: tables::Cause) -> String {
    use super::event::EventKind as K;
    use tables::Cause as C;
    match c {
        C::Session(tag) => format!("session.{tag}"),
        C::Timer(TimerId::JoinResponse) | C::Event(K::JoinResponse) | C::Event(K::LeaderAdmits)
            if region.machine == Machine::Mcu && row.from == "Idle" =>
        {
            let follows = if matches!(c, C::Event(K::LeaderAdmits)) { "T13" } else { "T2" };
            format!("session.{follows}")
        }
        C::Timer(t) => timer_in(region, t).name().to_string(),
        _ => c.name().to_string(),
    }
}

/// A row's whole condition: its guard, and what the core's handler checks before it looks for
/// a row at all (a call's legality by the Conversation's state, the modality an MCU event names,
/// a join answer only while a join is pending, the payload of a command's answer).
fn row_cond(region: &Region, r: &AnyRow) -> String {
    use super::event::EventKind as K;
    use tables::Cause as C;
    let mut parts = vec![format!("({})", cond(region, r.guard))];
    let mut context: Vec<String> = Vec::new();
    for c in r.causes {
        let name = world_event(region, r, *c);
        let extra = match c {
            C::Call(k) => tables::call_rule(*k).and_then(|rule| {
                let states: &[super::model::ConversationState] = match rule.target {
                    tables::Target::Conversation { states, drives_session: true } => states,
                    _ => rule.needs_conversation,
                };
                if states.is_empty() || states.len() == super::model::ConversationState::ALL.len() {
                    return None;
                }
                let names: Vec<String> = states.iter().map(|s| js(s.name())).collect();
                Some(format!("[{}].indexOf(conversation) >= 0", names.join(", ")))
            }),
            C::Event(K::McuFailover | K::McuActivated) => {
                let m = region.modality.map_or("AudioVideo", |m| m.name());
                let active = if region.machine == Machine::Call { " && In('AudioVideo.Active')" } else { "" };
                Some(format!("_event.data.modality === '{m}'{active}"))
            }
            C::Timer(TimerId::JoinResponse) | C::Event(K::JoinResponse) if region.machine == Machine::Conference => {
                Some("In('Session.Connecting')".into())
            }
            C::Timer(TimerId::ReconnectAttempt) | C::Event(K::ReconnectSucceeded) if region.machine == Machine::Mcu => {
                // The McuSessions follow a reconnection the session takes (T7 / T12).
                Some("In('Session.Reconnecting') && succeeds(_event.name) && where !== 'none'".into())
            }
            C::Event(K::FocusFailover) if region.machine == Machine::Mcu => {
                // R-focus moves the McuSessions only with the session's T6 / T11.
                Some("In('Session.Connected') || In('Session.InLobby')".into())
            }
            C::Event(K::RouteRepairFailed) => Some("running['route-repair'] > 0".into()),
            C::Timer(TimerId::CommandResponse) => Some("_event.data.command === 'BeginEstablishMcuCall'".into()),
            _ => None,
        };
        if let Some(extra) = extra {
            context.push(format!("(_event.name !== '{name}' || ({extra}))"));
        }
    }
    parts.extend(context);
    parts.join(" && ")
}

/// The ECMAScript condition of a guard (in the region).
fn cond(region: &Region, g: Guard) -> String {
    use Guard as G;
    let reactivation = region.modality.map_or(String::new(), |m| TimerId::mcu_reactivation(m).name().to_string());
    let supported = region.modality.map_or(String::new(), |m| m.name().to_string());
    match g {
        G::Always => "true".into(),
        G::Admitted => "!In('Conference.Expired') && placement === 'enter'".into(),
        G::Lobbied => "!In('Conference.Expired') && placement === 'lobby'".into(),
        G::ConferenceExpired => "In('Conference.Expired')".into(),
        G::Escalated => "escalated".into(),
        G::EscalationFailed => "escalation_failed".into(),
        G::NoFailedEscalation => "!escalation_failed".into(),
        G::RepairFails => "_event.name !== 'route-repair' || !cfg.repair_succeeds".into(),
        G::BackInRoster => "succeeds(_event.name) && where === 'roster'".into(),
        G::BackInLobby => "succeeds(_event.name) && where === 'lobby'".into(),
        G::ReconnectionFails => "settles(_event.name) && !(succeeds(_event.name) && where !== 'none')".into(),
        G::V1Off => "!cfg.v1_on".into(),
        G::V1On => "cfg.v1_on".into(),
        G::Supported => format!("cfg.mcus.indexOf('{supported}') >= 0"),
        G::Unsupported => format!("cfg.mcus.indexOf('{supported}') < 0"),
        G::NotReconnecting => "!In('Session.Reconnecting')".into(),
        G::V4Connected => "In('Session.Connected')".into(),
        G::NoReactivationPending => {
            format!("!cfg.v4_on && !(running['{reactivation}'] && _event.name !== '{reactivation}')")
        }
        G::V4On => "cfg.v4_on".into(),
        G::AudioVideoActive => "In('AudioVideo.Active')".into(),
        G::ExpiryAhead => "expiry_due() > _event.data.now".into(),
        G::ExpiryPassed => "expiry_due() <= _event.data.now".into(),
        G::LeaderEndedIt => "ending_conference && expiry_due() > _event.data.now".into(),
        G::LeaderEndedItLate => "ending_conference && expiry_due() <= _event.data.now".into(),
    }
}

/// The delay expression of a timer a row starts (None: the configuration does not run it).
fn delay_expr(cfg: &Config, t: TimerId) -> Option<String> {
    use TimerId::*;
    Some(match t {
        JoinResponse | CommandResponse | TerminateComplete | RouteRepair => "cfg.signaling_latency".into(),
        ReconnectAttempt => "cfg.reconnect_latency".into(),
        RouteUpdate => "cfg.update_interval".into(),
        AppRecoveryTimeout => {
            cfg.app_recovery_timeout?;
            "cfg.app_recovery_timeout".into()
        }
        McuReactivationAudioVideo | McuReactivationInstantMessaging => "cfg.mcu_reactivation".into(),
        LobbyTimeout => "lobby_timeout".into(),
        DGrace => "cfg.anonymous_user_grace_period".into(),
        DEmpty => "cfg.empty_conference_timeout".into(),
        DInactivity => "cfg.deactivation_grace_period".into(),
        DExpiry => "Math.max(0, expiry_due() - _event.data.now)".into(),
    })
}

fn send(cfg: &Config, t: TimerId, indent: &str) -> String {
    match delay_expr(cfg, t) {
        Some(d) => format!(
            "{indent}<assign location=\"running['{0}']\" expr=\"(running['{0}'] || 0) + 1\"/>\n{indent}<send id=\"{0}\" event=\"{0}\" delayexpr=\"({1}) + 'ms'\"/>\n",
            t.name(),
            xml(&d)
        ),
        None => String::new(),
    }
}

fn cancel(t: TimerId, indent: &str) -> String {
    format!("{indent}<cancel sendid=\"{0}\"/>\n{indent}<assign location=\"running['{0}']\" expr=\"0\"/>\n", t.name())
}

/// The facts a row sets, beside its timers (kept in the datamodel for later guards).
fn facts(cfg: &Config, region: &Region, r: &AnyRow, indent: &str) -> String {
    use super::tags::Tag::*;
    let mut out = String::new();
    let mut set =
        |loc: &str, expr: &str| out += &format!("{indent}<assign location=\"{loc}\" expr=\"{}\"/>\n", xml(expr));
    match region.machine {
        Machine::Session => {
            match (r.tag, r.to) {
                (Some(T1), _) => {
                    set("escalated", "_event.name === 'BeginEscalate'");
                    set("escalation_failed", "false");
                    set("lobby_timeout", "_event.data && _event.data.lobby_timeout !== undefined ? _event.data.lobby_timeout : cfg.default_lobby_timeout");
                }
                (Some(T2 | T7 | T13), _) => set("where", "'roster'"),
                (Some(T10 | T12), _) => set("where", "'lobby'"),
                (_, "Idle" | "Disconnecting" | "Disconnected") => set("where", "'none'"),
                _ => {}
            }
            if r.guard == Guard::Escalated {
                set("escalation_failed", "true");
            }
            if r.tag == Some(T5) {
                set("escalation_failed", "false");
            }
            if matches!(r.tag, Some(T6 | T11)) {
                let focus = r.causes.contains(&tables::Cause::Event(super::event::EventKind::FocusFailover));
                set("recovery", if focus { "'focus'" } else { "'hop'" });
            }
            if r.starts.contains(&TimerId::TerminateComplete) {
                let leader_ends = if r.from == "Connected" {
                    "_event.name === 'BeginTerminateConference' && leader"
                } else {
                    "false"
                };
                set("ending_conference", leader_ends);
            }
            if r.to != "Reconnecting" {
                set("recovery", "null");
            }
            // The Conversation (only what a call's legality reads).
            match (r.tag, r.to) {
                (Some(T1), _) => set("conversation", "'Conferencing'"),
                (Some(T2 | T13), _) => set("conversation", "'Conferenced'"),
                (_, "Disconnecting") => {
                    if r.guard == Guard::Escalated {
                        set("conversation", "'Established'");
                    } else {
                        set("conversation", "escalation_failed ? conversation : 'Terminating'");
                    }
                }
                (Some(T4 | V1), _) => set("conversation", "'Terminated'"),
                (Some(T5), _) => set("conversation", "conversation === 'Terminating' ? 'Terminated' : conversation"),
                (Some(T9), _) => set("conversation", "escalated ? 'Established' : 'Idle'"),
                _ => {}
            }
            if r.tag == Some(T9) && r.causes.contains(&tables::Cause::Call(super::event::EventKind::BeginTerminate)) {
                out += &format!("{indent}<if cond=\"_event.name === 'BeginTerminate'\">\n{indent}  <assign location=\"conversation\" expr=\"'Terminating'\"/>\n{}{indent}</if>\n", send(cfg, TimerId::TerminateComplete, &format!("{indent}  ")));
            }
        }
        Machine::Conference if r.tag == Some(DActivate) && r.from != "Expired" => {
            set("last_activation", "_event.data.now")
        }
        _ => {}
    }
    out
}

/// One `<scxml>` document for the whole world: the ConferenceSession, both McuSessions, the AV
/// call and the conference as `<parallel>` regions, with the configuration's durations and
/// facts in an ECMAScript datamodel, every transition's `cond` from its named guard, timers sent
/// and cancelled where the rows start and stop them, and the session's rows raising
/// `session.TAG` for the rows that follow them.
pub fn world_scxml(cfg: &Config) -> String {
    use super::model::{MeetingKind, Variant};
    let ms = |m: Millis| m.to_string();
    let meeting = match cfg.meeting {
        MeetingKind::OneTime | MeetingKind::RecurringWithEnd => "end",
        MeetingKind::RecurringNoEnd => "no_end",
        MeetingKind::AdHoc | MeetingKind::MeetNow => "ad_hoc",
    };
    let mcus: Vec<String> = cfg.mcus.iter().map(|m| js(m.name())).collect();
    let config = [
        ("signaling_latency", ms(cfg.signaling_latency)),
        ("reconnect_latency", ms(cfg.reconnect.latency)),
        ("reconnect_succeeds", cfg.reconnect.succeeds.to_string()),
        ("repair_succeeds", cfg.hop.repair_succeeds.to_string()),
        ("update_interval", ms(cfg.hop.update_interval)),
        ("app_recovery_timeout", cfg.app_recovery_timeout.map_or("null".into(), ms)),
        ("mcu_reactivation", ms(cfg.mcu_reactivation)),
        ("default_lobby_timeout", ms(super::event::JoinOptions::default().lobby_timeout)),
        ("anonymous_user_grace_period", ms(cfg.anonymous_user_grace_period)),
        ("empty_conference_timeout", ms(cfg.empty_conference_timeout)),
        ("deactivation_grace_period", ms(cfg.deactivation_grace_period)),
        ("meeting", js(meeting)),
        ("meeting_end", ms(cfg.meeting_end)),
        ("expiry", cfg.expiry.map_or("null".into(), ms)),
        ("v1_on", cfg.variant(Variant::V1).to_string()),
        ("v4_on", cfg.variant(Variant::V4).to_string()),
        ("mcus", format!("[{}]", mcus.join(", "))),
    ];
    let config: Vec<String> = config.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let day = super::duration::DAY;
    let hour = super::duration::HOUR;
    let expiry_due = format!(
        "function () {{ if (cfg.expiry !== null) return cfg.expiry; if (cfg.meeting === 'end') return cfg.meeting_end + {}; if (cfg.meeting === 'no_end') return (last_activation || 0) + {}; return {}; }}",
        14 * day,
        180 * day,
        8 * hour
    );
    let settles = "function (e) { return e === 'reconnect-attempt' || ((e === 'ReconnectSucceeded' || e === 'ReconnectFailed') && recovery === 'focus') || (e === 'RouteHealed' && recovery === 'hop'); }";
    let succeeds = "function (e) { return settles(e) && (e === 'reconnect-attempt' ? cfg.reconnect_succeeds : e !== 'ReconnectFailed'); }";
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- confsim world: generated by confsim export (format scxml, machine world) from core::tables.\n{}\n-->\n<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" xmlns:confsim=\"urn:confsim:tags\" version=\"1.0\" datamodel=\"ecmascript\" name=\"ConfsimWorld\" initial=\"World\">\n",
        xml(WORLD_LIMITS).replace("--", "—")
    );
    out += "  <datamodel>\n";
    for (id, expr) in [
        ("cfg", format!("{{ {} }}", config.join(", "))),
        ("placement", "'enter'".into()),
        ("escalated", "false".into()),
        ("escalation_failed", "false".into()),
        ("recovery", "null".into()),
        ("where", "'none'".into()),
        ("ending_conference", "false".into()),
        ("leader", "false".into()),
        ("conversation", "'Idle'".into()),
        ("last_activation", "null".into()),
        ("lobby_timeout", ms(super::event::JoinOptions::default().lobby_timeout)),
        ("running", "{}".into()),
        ("expiry_due", expiry_due),
        ("settles", settles.into()),
        ("succeeds", succeeds.into()),
    ] {
        out += &format!("    <data id=\"{id}\" expr=\"{}\"/>\n", xml(&expr));
    }
    out += "  </datamodel>\n  <parallel id=\"World\">\n";
    // Facts from the environment, and the timers' bookkeeping: first in document order, so a
    // timer that fires is no longer running when a row (in a later region) starts it again.
    out += "    <transition event=\"fact\">\n      <script>if (_event.data.placement !== undefined) placement = _event.data.placement; if (_event.data.leader !== undefined) leader = _event.data.leader;</script>\n    </transition>\n";
    out += "    <state id=\"Timers\">\n      <transition event=\"*\" cond=\"running[_event.name] &gt; 0\">\n        <assign location=\"running[_event.name]\" expr=\"running[_event.name] - 1\"/>\n      </transition>\n    </state>\n";
    for region in &REGIONS {
        let spec = spec(region.machine);
        out += &format!("    <state id=\"{0}\" initial=\"{0}.{1}\">\n", region.id, spec.initial);
        for state in &spec.states {
            let terminal = spec.rows.iter().all(|r| r.from != *state);
            let id = format!("{}.{state}", region.id);
            if terminal {
                out += &format!("      <final id=\"{id}\"/>\n");
                continue;
            }
            out += &format!("      <state id=\"{id}\">\n");
            if region.machine == Machine::Conference && *state == "Scheduled" {
                out += "        <onentry>\n          <assign location=\"running['D-expiry']\" expr=\"1\"/>\n          <send id=\"D-expiry\" event=\"D-expiry\" delayexpr=\"expiry_due() + 'ms'\"/>\n        </onentry>\n";
            }
            for r in spec.rows.iter().filter(|r| r.from == *state) {
                let mut events: Vec<String> = Vec::new();
                for c in r.causes {
                    let e = world_event(region, r, *c);
                    if !events.contains(&e) {
                        events.push(e);
                    }
                }
                let tag = r.tag.map_or(String::new(), |t| format!(" confsim:tag=\"{t}\""));
                // A self-loop (a join refused by an expired conference) changes nothing: internal.
                let target = format!("{}.{}", region.id, r.to);
                out += &format!(
                    "        <transition event=\"{}\" cond=\"{}\" target=\"{}\"{} confsim:guard=\"{}\">\n          <!-- {} -->\n",
                    events.join(" "),
                    xml(&row_cond(region, r)),
                    target,
                    tag,
                    r.guard.name(),
                    xml(&label(r)).replace("--", "—")
                );
                for t in r.stops {
                    out += &cancel(timer_in(region, *t), "          ");
                }
                for t in r.starts {
                    out += &send(cfg, timer_in(region, *t), "          ");
                }
                out += &facts(cfg, region, r, "          ");
                if let (Machine::Session, Some(t)) = (region.machine, r.tag) {
                    out += &format!("          <raise event=\"session.{t}\"/>\n");
                }
                out += "        </transition>\n";
            }
            if region.machine == Machine::Mcu && *state == "Retrying" {
                // R-hop: a reactivation that fell inside the outage starts again when the
                // session reconnects (World::reconnect_settles, no row).
                let r = timer_in(region, TimerId::McuReactivationAudioVideo);
                out += &format!(
                    "        <transition event=\"RouteHealed\" cond=\"In('Session.Reconnecting') &amp;&amp; recovery === 'hop' &amp;&amp; where !== 'none' &amp;&amp; !(running['{}'] &gt; 0)\">\n{}        </transition>\n",
                    r.name(),
                    send(cfg, r, "          ")
                );
            }
            if region.machine == Machine::Session && matches!(*state, "Connected" | "InLobby") {
                // R-hop: UCMA's own route repair starts on a hop failure and a healed route
                // stops it (World::hop_failure, no row).
                out += &format!(
                    "        <transition event=\"HopFailure\" cond=\"!(running['route-repair'] &gt; 0)\">\n          <!-- R-hop: UCMA repairs the route itself first (no row) -->\n{}        </transition>\n        <transition event=\"RouteHealed\" cond=\"running['route-repair'] &gt; 0\">\n{}        </transition>\n",
                    send(cfg, TimerId::RouteRepair, "          "),
                    cancel(TimerId::RouteRepair, "          ")
                );
            }
            if region.machine == Machine::Session && *state == "Reconnecting" {
                // The Focus removes the endpoint while it reconnects (no session row: the
                // reconnection then finds nothing to go back to, T8).
                out += "        <transition event=\"LeaderEjects\" cond=\"where !== 'none'\">\n          <assign location=\"where\" expr=\"'none'\"/>\n        </transition>\n";
                out += "        <transition event=\"LeaderDenies\" cond=\"where === 'lobby'\">\n          <assign location=\"where\" expr=\"'none'\"/>\n        </transition>\n";
                out += "        <transition event=\"MeetingDeleted OrganizerDeleted\">\n          <assign location=\"where\" expr=\"'none'\"/>\n        </transition>\n";
                out += "        <transition event=\"PresenterEndsMeeting D-grace D-empty D-inactivity\" cond=\"In('Conference.Active')\">\n          <assign location=\"where\" expr=\"'none'\"/>\n        </transition>\n";
                // R-hop: another UPDATE while the route heals (World::route_update, no row).
                out += &format!(
                    "        <transition event=\"route-update\" cond=\"recovery === 'hop'\">\n          <!-- R-hop: another SIP UPDATE (no row) -->\n{}        </transition>\n",
                    send(cfg, TimerId::RouteUpdate, "          ")
                );
            }
            out += "      </state>\n";
        }
        if region.machine == Machine::Session {
            // The Conversation terminates on its own where no session row takes BeginTerminate
            // (Idle, Disconnected; Disconnecting after a failed escalation): no row, no state.
            out += &format!(
                "      <transition event=\"BeginTerminate\">\n        <!-- the Conversation terminates (no session row) -->\n        <if cond=\"In('Session.Disconnecting')\">\n          <assign location=\"conversation\" expr=\"conversation === 'Established' ? 'Terminating' : conversation\"/>\n        <elseif cond=\"conversation !== 'Terminating' &amp;&amp; conversation !== 'Terminated'\"/>\n          <assign location=\"conversation\" expr=\"'Terminating'\"/>\n{}        </if>\n      </transition>\n      <transition event=\"terminate-complete\">\n        <assign location=\"conversation\" expr=\"conversation === 'Terminating' ? 'Terminated' : conversation\"/>\n      </transition>\n",
                send(cfg, TimerId::TerminateComplete, "          ")
            );
        }
        out += "    </state>\n";
    }
    out + "  </parallel>\n</scxml>\n"
}
