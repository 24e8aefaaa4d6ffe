//! Pictures of a session: the ConferenceSession diagram as SVG — the one drawing the lab shows
//! and `confsim render --format svg` prints — and a trace as a Mermaid `sequenceDiagram`.
//!
//! The diagram is drawn from `tables::SESSION` (one arrow per tagged edge): the current state
//! filled, the edges that could fire now solid, the last edge taken marked. Coordinates are whole
//! viewBox units (the app formats no `f64`).

use std::fmt::Write;

use super::model::{SessionState, Variant};
use super::tables::{self, Edge};
use super::tags::Tag;
use super::trace::TraceLine;
use super::world::World;

const W: f64 = 150.0;
const H: f64 = 42.0;

/// The diagram's viewBox: width and height.
pub const SIZE: (u32, u32) = (582, 384);

/// Top-left corner of each state's box (layout only; the edges come from the table).
fn position(s: SessionState) -> (f64, f64) {
    use SessionState::*;
    match s {
        Idle => (4.0, 30.0),
        Connecting => (216.0, 30.0),
        Connected => (428.0, 30.0),
        InLobby => (216.0, 176.0),
        Reconnecting => (428.0, 176.0),
        Disconnected => (4.0, 322.0),
        Disconnecting => (216.0, 322.0),
    }
}

fn centre(s: SessionState) -> (f64, f64) {
    let (x, y) = position(s);
    (x + W / 2.0, y + H / 2.0)
}

/// Distance from a box's centre to its border along a unit direction.
fn to_border(dx: f64, dy: f64) -> f64 {
    let tx = if dx.abs() < 1e-9 { f64::INFINITY } else { (W / 2.0) / dx.abs() };
    let ty = if dy.abs() < 1e-9 { f64::INFINITY } else { (H / 2.0) / dy.abs() };
    tx.min(ty)
}

fn px(v: f64) -> i32 {
    v.round() as i32
}

struct Arrow {
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
    lx: f64,
    ly: f64,
}

/// An edge's arrow; a pair of opposite edges is drawn side by side.
fn arrow(edge: &Edge<SessionState>, all: &[Edge<SessionState>]) -> Arrow {
    let (ax, ay) = centre(edge.from);
    let (bx, by) = centre(edge.to);
    let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
    let (dx, dy) = ((bx - ax) / len, (by - ay) / len);
    let (nx, ny) = (-dy, dx);
    let paired = all.iter().any(|e| e.from == edge.to && e.to == edge.from);
    let off = if paired { 9.0 } else { 0.0 };
    let (ax, ay, bx, by) = (ax + nx * off, ay + ny * off, bx + nx * off, by + ny * off);
    let t = to_border(dx, dy);
    let (x1, y1) = (ax + dx * (t + 2.0), ay + dy * (t + 2.0));
    let (x2, y2) = (bx - dx * (t + 6.0), by - dy * (t + 6.0));
    // Labels sit 40% along: opposite edges of a pair then label apart, and long diagonals keep
    // their label clear of the middle. T3 crosses the T11/T12 corridor: its label goes near its
    // start; T5 passes close by InLobby: its label goes past it.
    let at = match edge.tag {
        Tag::T3 => 0.2,
        Tag::T5 => 0.62,
        _ => 0.4,
    };
    let (mx, my) = (x1 + (x2 - x1) * at, y1 + (y2 - y1) * at);
    Arrow { x1, y1, x2, y2, lx: mx + nx * 13.0, ly: my + ny * 13.0 + 4.0 }
}

/// The edges drawn for a world: the table's, V1 only with its variant on.
pub fn edges(world: &World) -> Vec<Edge<SessionState>> {
    let v1 = world.config().variant(Variant::V1);
    tables::edges(tables::SESSION).into_iter().filter(|e| v1 || e.tag != Tag::V1).collect()
}

/// Escapes text for XML.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// What the diagram shows besides the world.
pub struct Marks<'a> {
    /// The tag of the last session edge taken.
    pub taken: Option<Tag>,
    /// The event that would take each edge now, by index in [`edges`] (`None`: not live). The lab
    /// makes a live edge a button that fires it; a picture only draws it solid.
    pub live: &'a [Option<&'static str>],
    /// A standalone document (`confsim render`): its own styles, and the other machines and the
    /// running timers under the diagram.
    pub standalone: bool,
}

/// One arrow of the diagram, placed: what the lab draws with its markup and a picture as SVG.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeShape {
    pub tag: Tag,
    /// `edge live|muted`, then `taken` and `variant` where they apply.
    pub class: String,
    /// x1, y1, x2, y2.
    pub line: [i32; 4],
    pub label: (i32, i32),
    /// The edge in words: tag, states and trigger.
    pub title: String,
    /// The event that would take it now.
    pub fires: Option<&'static str>,
}

/// One state's box, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct StateShape {
    pub state: SessionState,
    pub current: bool,
    /// x, y, width, height.
    pub rect: [i32; 4],
    pub label: (i32, i32),
}

/// The diagram laid out: the one drawing the lab's markup and `session_svg` both show.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    pub current: SessionState,
    pub edges: Vec<EdgeShape>,
    pub states: Vec<StateShape>,
}

/// Lays out the ConferenceSession diagram of `world`.
pub fn drawing(world: &World, marks: &Marks<'_>) -> Drawing {
    let current = world.local().session;
    let all = edges(world);
    let edges = all
        .iter()
        .enumerate()
        .map(|(i, edge)| {
            let a = arrow(edge, &all);
            let fires = marks.live.get(i).copied().flatten();
            let mut class = String::from(if fires.is_some() { "edge live" } else { "edge muted" });
            if marks.taken == Some(edge.tag) {
                class.push_str(" taken");
            }
            if edge.tag.name().starts_with('V') {
                class.push_str(" variant");
            }
            EdgeShape {
                tag: edge.tag,
                class,
                line: [px(a.x1), px(a.y1), px(a.x2), px(a.y2)],
                label: (px(a.lx), px(a.ly)),
                title: format!("{}: {} → {} — {}", edge.tag, edge.from, edge.to, edge.trigger),
                fires,
            }
        })
        .collect();
    let states = SessionState::ALL
        .iter()
        .map(|state| {
            let (x, y) = position(*state);
            StateShape {
                state: *state,
                current: *state == current,
                rect: [px(x), px(y), px(W), px(H)],
                label: (px(x + W / 2.0), px(y + H / 2.0 + 5.0)),
            }
        })
        .collect();
    Drawing { current, edges, states }
}

/// The ConferenceSession diagram of `world` as an SVG document (`confsim render`).
pub fn session_svg(world: &World, marks: &Marks<'_>) -> String {
    let d = drawing(world, marks);
    let current = d.current;
    let (w, h) = SIZE;
    let extra = if marks.standalone { 150 } else { 0 };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{0}" viewBox="0 0 {w} {0}" role="img" aria-label="ConferenceSession state diagram; current state {current}" data-state="{current}">"#,
        h + extra
    );
    if marks.standalone {
        s.push_str(STANDALONE_STYLE);
    }
    s.push_str(r#"<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>"#);
    for (i, e) in d.edges.iter().enumerate() {
        let title = esc(&e.title);
        let _ = write!(s, r#"<g class="{}" data-tag="{}" data-edge="{i}""#, e.class, e.tag);
        match e.fires {
            Some(name) if !marks.standalone => {
                let _ = write!(
                    s,
                    r#" data-fires="{name}" tabindex="0" role="button" aria-label="Fire {name}: {title}"><title>{title} (click to fire {name})</title>"#
                );
            }
            _ => {
                let _ = write!(s, "><title>{title}</title>");
            }
        }
        let [x1, y1, x2, y2] = e.line;
        let _ = write!(
            s,
            r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" marker-end="url(#arrowhead)"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
            e.label.0, e.label.1, e.tag
        );
    }
    for st in &d.states {
        let [x, y, w, h] = st.rect;
        let _ = write!(
            s,
            r#"<g class="state{}" data-state-node="{}"{}><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
            if st.current { " current" } else { "" },
            st.state,
            if st.current { r#" aria-current="true""# } else { "" },
            st.label.0,
            st.label.1,
            st.state,
        );
    }
    if marks.standalone {
        beside(&mut s, world, h);
    }
    s.push_str("</svg>");
    s
}

/// The other machines and the running timers, as lines of text under a standalone diagram.
fn beside(s: &mut String, world: &World, top: u32) {
    let l = world.local();
    let snapshot = world.snapshot();
    let mut lines = vec![
        format!("Conversation {} · AV call to the MCU {}", l.conversation, l.call),
        format!(
            "McuSessions: AudioVideo {} · InstantMessaging {}",
            snapshot.mcu.AudioVideo, snapshot.mcu.InstantMessaging
        ),
        format!(
            "Conference {} · roster [{}] · lobby [{}]",
            snapshot.conference,
            snapshot.roster.join(", "),
            snapshot.lobby.join(", ")
        ),
    ];
    let now = world.now();
    let timers: Vec<String> =
        world.timers().map(|t| format!("{} in {}", t.id, super::explain::span(t.due.saturating_sub(now)))).collect();
    lines.push(if timers.is_empty() { "No timer running".into() } else { format!("Timers: {}", timers.join(", ")) });
    lines.push(format!("Virtual time {}", super::duration::clock_text(now)));
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(s, r#"<text class="beside" x="8" y="{}">{}</text>"#, top + 24 + 26 * i as u32, esc(line));
    }
}

/// The look of a standalone picture (the lab draws with its stylesheet instead).
const STANDALONE_STYLE: &str = "<style>\
svg{font-family:system-ui,sans-serif;background:#fff}\
.state rect{fill:#fff;stroke:#9aa3ad;stroke-width:1.5}.state text{fill:#1b1f24;font-size:15px}\
.state.current rect{fill:#0b5fad;stroke:#1b1f24;stroke-width:3.5}.state.current text{fill:#fff;font-weight:700}\
.edge line{stroke:#5b6470;stroke-width:1;stroke-dasharray:4 3}.edge text{fill:#5b6470;font-size:13px;font-family:monospace}\
.edge.live line{stroke:#1b1f24;stroke-width:2.2;stroke-dasharray:none}.edge.live text{fill:#1b1f24;font-weight:700}\
.edge.taken line{stroke:#0b5fad;stroke-width:3.5;stroke-dasharray:none}.edge.taken text{fill:#0b5fad;font-weight:700}\
.edge.variant line{stroke-dasharray:8 4}marker path{fill:#5b6470}.beside{fill:#1b1f24;font-size:14px}\
</style>";

/// The events a standalone picture draws solid: those that would take an edge now.
pub fn live_events(world: &World) -> Vec<Option<&'static str>> {
    edges(world).iter().map(|e| world.edge_event(e.tag, e.from, e.to).map(|ev| ev.kind().name())).collect()
}

/// A trace as a Mermaid `sequenceDiagram`: the application, the Focus, the MCUs and the other
/// participants; what each line applied as a message, its timers and state changes as notes.
pub fn mermaid_sequence(lines: &[TraceLine]) -> String {
    use super::event::{Event, EventGroup, EventKind};
    use super::trace::LineEvent;
    let mut out = String::from(
        "sequenceDiagram\n    participant App as Application (local)\n    participant Focus\n    participant MCU as AV and IM MCUs\n    participant Others as Other participants\n",
    );
    let mut before: Option<&TraceLine> = None;
    for line in lines {
        let rules = if line.rules.is_empty() {
            String::new()
        } else {
            format!(" ({})", line.rules.iter().map(|t| t.name()).collect::<Vec<_>>().join(", "))
        };
        match line.timer() {
            Some(timer) => {
                let _ = writeln!(out, "    Note over App,Focus: t={} s · timer {timer} fired{rules}", line.t / 1000);
            }
            // The clock's own line says only that time passed: its timers have their notes.
            None if line.event_name() == "Advance" && line.rules.is_empty() => {}
            None => {
                let kind = EventKind::parse(line.event_name());
                let who = match &line.event {
                    LineEvent::Input(Event::ParticipantJoins(a)) => format!(" {}", a.participant),
                    LineEvent::Input(Event::ParticipantLeaves { participant } | Event::BeginEject { participant }) => {
                        format!(" {participant}")
                    }
                    _ => String::new(),
                };
                let name = format!("{}{who}", line.event_name());
                let (from, to) = match kind.map(EventKind::group) {
                    Some(EventGroup::Application) => ("App", "Focus"),
                    Some(EventGroup::People) => ("Others", "Focus"),
                    Some(EventGroup::Clock) => ("App", "App"),
                    _ if matches!(kind, Some(EventKind::McuFailover | EventKind::McuActivated)) => ("MCU", "App"),
                    _ => ("Focus", "App"),
                };
                let arrow = if from == "App" { "->>" } else { "-->>" };
                let _ = writeln!(out, "    {from}{arrow}{to}: t={} s · {name}{rules}", line.t / 1000);
                if let Some(e) = line.error {
                    let _ = writeln!(out, "    Note right of App: throws {}", e.exception);
                }
            }
        }
        let was = before.map(|b| b.state.session);
        if was.is_some_and(|w| w != line.state.session) || (was.is_none() && line.state.session != SessionState::Idle) {
            let _ = writeln!(
                out,
                "    Note right of App: session {} → {}",
                was.unwrap_or(SessionState::Idle),
                line.state.session
            );
        }
        if before.is_some_and(|b| b.state.conference != line.state.conference) {
            let _ = writeln!(out, "    Note over Focus: conference {}", line.state.conference);
        }
        before = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;
    use crate::core::event::{Event, JoinOptions};

    fn world() -> World {
        let mut w = World::new(Config::default());
        w.step(0, &Event::BeginJoin(JoinOptions::default()));
        w.step(1, &Event::Advance { by: 1000 });
        w.step(2, &Event::FocusFailover);
        w
    }

    #[test]
    fn the_svg_is_well_formed_and_marks_the_current_state_and_the_last_edge() {
        let w = world();
        let live = live_events(&w);
        for standalone in [false, true] {
            let svg = session_svg(&w, &Marks { taken: Some(Tag::T6), live: &live, standalone });
            let doc = roxmltree::Document::parse(&svg).expect("well-formed");
            let current: Vec<&str> = doc
                .descendants()
                .filter(|n| n.attribute("class") == Some("state current"))
                .filter_map(|n| n.attribute("data-state-node"))
                .collect();
            assert_eq!(current, ["Reconnecting"]);
            let taken: Vec<&str> = doc
                .descendants()
                .filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == "taken")))
                .filter_map(|n| n.attribute("data-tag"))
                .collect();
            assert_eq!(taken, ["T6"]);
            // T7 can fire from Reconnecting: drawn live; a picture has no buttons.
            let t7 = doc.descendants().find(|n| n.attribute("data-tag") == Some("T7")).unwrap();
            assert!(t7.attribute("class").unwrap().contains("live"));
            assert_eq!(t7.attribute("data-fires").is_some(), !standalone);
        }
    }

    #[test]
    fn the_sequence_diagram_names_messages_timers_and_state_changes() {
        let mut lines = Vec::new();
        let mut w = World::new(Config::default());
        for (i, e) in [Event::BeginJoin(JoinOptions::default()), Event::Advance { by: 1000 }, Event::FocusFailover]
            .iter()
            .enumerate()
        {
            lines.extend(w.step(i, e));
        }
        let m = mermaid_sequence(&lines);
        assert!(m.starts_with("sequenceDiagram\n"));
        assert!(m.contains("App->>Focus: t=0 s · BeginJoin (T1)"));
        assert!(m.contains("timer join-response fired"));
        assert!(m.contains("Note right of App: session Connected → Reconnecting"));
        assert!(m.contains("Focus-->>App: t=1 s · FocusFailover"));
    }
}
