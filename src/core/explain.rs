//! A trace line in plain words (the lab's log): what changed and why — who entered, waited, was
//! admitted, promoted or removed and by which rule; countdowns started or stopped with their
//! time to go; how far the clock moved; what failed or was thrown; or that nothing happened.
//!
//! Everything here reads the line, the snapshot before it and the configuration: the words are
//! derived from the trace, never written beside it.

use super::config::Config;
use super::duration::{self, Millis};
use super::event::Event;
use super::model::Modality;
use super::tables::Machine;
use super::tags::Tag;
use super::trace::{LineEvent, Snapshot, TraceLine};
use super::world::LOCAL;

/// The sentences that explain `line`, given the snapshot `before` it (`None` for the first line
/// of a session: the world as it starts).
pub fn explain(line: &TraceLine, before: Option<&Snapshot>, cfg: &Config) -> Vec<String> {
    let initial;
    let before = match before {
        Some(b) => b,
        None => {
            initial = super::world::World::new(cfg.clone()).snapshot();
            &initial
        }
    };
    let (b, a) = (before, &line.state);
    let mut out = Vec::new();
    let tagged = |words: String, tags: &[Tag]| format!("{words}{}.", applied(line, tags));
    if let LineEvent::Input(Event::Advance { by }) = &line.event {
        out.push(format!("The clock moved on by {} to {}.", span(*by), duration::clock_text(line.t)));
    }
    if let Some(e) = line.error {
        out.push(format!("{} throws {e}: nothing else happens.", line.event_name()));
    }
    for f in &line.failed {
        let reason = f.reason.map(|r| format!(", reason {r}")).unwrap_or_default();
        out.push(format!("{} fails: {}{reason}.", f.operation, f.exception));
    }
    // The rules of the rows each machine took on this line.
    let rows = |machine: Machine, modality: Option<Modality>| -> Vec<Tag> {
        let rows = line.taken.iter().filter(|t| t.machine == machine && t.modality == modality);
        rows.filter_map(|t| super::tables::row_of(machine, t.row).and_then(|r| r.tag)).collect()
    };
    if a.session != b.session {
        out.push(tagged(format!("The session went {} → {}", b.session, a.session), &rows(Machine::Session, None)));
    }
    if a.conversation != b.conversation {
        out.push(format!("The Conversation went {} → {}.", b.conversation, a.conversation));
    }
    if a.conference != b.conference {
        let tags = rows(Machine::Conference, None);
        out.push(tagged(format!("The conference went {} → {}", b.conference, a.conference), &tags));
    }
    for (m, was, now) in [
        (Modality::AudioVideo, b.mcu.AudioVideo, a.mcu.AudioVideo),
        (Modality::InstantMessaging, b.mcu.InstantMessaging, a.mcu.InstantMessaging),
    ] {
        if was != now {
            out.push(tagged(format!("The {m} McuSession went {was} → {now}"), &rows(Machine::Mcu, Some(m))));
        }
    }
    if a.calls.AudioVideo != b.calls.AudioVideo {
        out.push(format!("The AV call went {} → {}.", b.calls.AudioVideo, a.calls.AudioVideo));
    }
    people(line, b, cfg, &mut out);
    if a.locked != b.locked {
        let words = if a.locked { "The conference is locked" } else { "The conference is unlocked" };
        out.push(tagged(words.to_string(), &[Tag::LLock]));
    }
    if a.access_level != b.access_level {
        out.push(tagged(format!("The access level is now {}", a.access_level), &[Tag::LRetro]));
    }
    countdowns(line, b, &mut out);
    if !line.raised.is_empty() {
        let raised: Vec<&str> = line.raised.iter().map(|r| r.name()).collect();
        out.push(format!("Raised {}.", raised.join(", ")));
    }
    if out.is_empty() {
        if line.rules.is_empty() {
            out.push(format!("{}: no effect now — no rule applies in this state.", what(line)));
        } else {
            let tags: Vec<&str> = line.rules.iter().map(|t| t.name()).collect();
            out.push(format!("{} applied {}.", what(line), tags.join(", ")));
        }
    }
    out
}

/// Those of `tags` the line applied, as " (T1, M1)"; empty when none.
fn applied(line: &TraceLine, tags: &[Tag]) -> String {
    let names: Vec<&str> = tags.iter().filter(|t| line.has(**t)).map(|t| t.name()).collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    }
}

/// The event's name, or the timer's.
fn what(line: &TraceLine) -> String {
    match line.timer() {
        Some(t) => format!("The {t} timer"),
        None => line.event_name().to_string(),
    }
}

/// A participant as the learner reads it.
fn who(id: &str) -> String {
    if id == LOCAL {
        "your endpoint".to_string()
    } else {
        id.to_string()
    }
}

/// "a", "a and b", "a, b and c".
fn list(ids: &[&String]) -> String {
    let names: Vec<String> = ids.iter().map(|id| who(id)).collect();
    super::model::one_of(&names.iter().map(String::as_str).collect::<Vec<_>>()).replace(" or ", " and ")
}

/// Who entered, waited, was admitted or removed, and why.
fn people(line: &TraceLine, b: &Snapshot, cfg: &Config, out: &mut Vec<String>) {
    let a = &line.state;
    let entered: Vec<&String> = a.roster.iter().filter(|id| !b.roster.contains(id)).collect();
    let left: Vec<&String> = b.roster.iter().filter(|id| !a.roster.contains(id)).collect();
    let waiting: Vec<&String> = a.lobby.iter().filter(|id| !b.lobby.contains(id)).collect();
    let left_lobby: Vec<&String> = b.lobby.iter().filter(|id| !a.lobby.contains(id)).collect();
    let admitted: Vec<&String> = left_lobby.iter().copied().filter(|id| a.roster.contains(id)).collect();
    let gone_from_lobby: Vec<&String> = left_lobby.iter().copied().filter(|id| !a.roster.contains(id)).collect();
    let placement = [Tag::LLevel, Tag::LNever, Tag::LPstn, Tag::LLock];
    let on = |tags: &[Tag]| applied(line, tags);
    let direct: Vec<&String> = entered.iter().copied().filter(|id| !admitted.contains(id)).collect();
    if !direct.is_empty() {
        out.push(format!("{} entered the conference{}.", list(&direct), on(&placement)));
    }
    if !admitted.is_empty() {
        out.push(format!("{} admitted from the lobby{}.", list(&admitted), on(&[Tag::LLeave])));
    }
    if line.has(Tag::LPromote) && !entered.is_empty() {
        out.push(format!("Promoted to leader on entry (L-promote): {}.", list(&entered)));
    }
    if !waiting.is_empty() {
        out.push(format!("{} waits in the lobby{}.", list(&waiting), on(&placement)));
    }
    let removal = removal_reason(line, cfg);
    if !left.is_empty() {
        match &removal {
            Some(why) => out.push(format!("{} removed: {why}.", list(&left))),
            None => out.push(format!("{} left the conference.", list(&left))),
        }
    }
    if !gone_from_lobby.is_empty() {
        let why = removal.clone().unwrap_or_else(|| "no longer waiting".to_string());
        out.push(format!("{} left the lobby: {why}{}.", list(&gone_from_lobby), on(&[Tag::LLeave])));
    }
}

/// Why the Focus removed people on this line, in words, with the rule.
fn removal_reason(line: &TraceLine, cfg: &Config) -> Option<String> {
    let timer = line.timer();
    Some(if line.has(Tag::DGrace) && timer == Some("D-grace") {
        format!(
            "no enterprise participant for {} (D-grace, D-remove — trusted participants and PSTN callers do not count)",
            span(cfg.anonymous_user_grace_period)
        )
    } else if line.has(Tag::DEmpty) && timer == Some("D-empty") {
        format!("the conference stayed empty for {} (D-empty, D-remove)", span(cfg.empty_conference_timeout))
    } else if line.has(Tag::DInactivity) && timer == Some("D-inactivity") {
        format!("nobody new entered for {} (D-inactivity, D-remove)", span(cfg.deactivation_grace_period))
    } else if line.has(Tag::DManual) {
        "the meeting was ended or deleted (D-manual, D-remove)".to_string()
    } else if line.has(Tag::DExpiry) && line.has(Tag::DRemove) {
        "the conference expired (D-expiry, D-remove)".to_string()
    } else {
        match line.event_name() {
            "LeaderEjects" => "ejected by a leader".to_string(),
            "LeaderDenies" => "denied by a leader".to_string(),
            "TimerFired" if timer == Some("command-response") => "ejected or denied by your command".to_string(),
            "TimerFired" if timer == Some("terminate-complete") => "the termination completed".to_string(),
            "TimerFired" if timer == Some("lobby-timeout") => "the client gave up waiting (lobby timeout)".to_string(),
            _ => return None,
        }
    })
}

/// Countdowns that started, restarted or stopped on this line, with their time to go.
fn countdowns(line: &TraceLine, b: &Snapshot, out: &mut Vec<String>) {
    let a = &line.state;
    let same = |x: &super::trace::TimerView, y: &super::trace::TimerView| x.id == y.id && x.due == y.due;
    // The timer that fired on this line is not stopped: it ran out.
    let fired = |t: &super::trace::TimerView| line.timer() == Some(t.id) && t.due == line.t;
    let started: Vec<_> = a.timers.iter().filter(|t| !b.timers.iter().any(|x| same(x, t))).collect();
    let stopped: Vec<_> =
        b.timers.iter().filter(|t| !a.timers.iter().any(|x| same(x, t)) && !fired(t) && t.due > line.t).collect();
    for t in &started {
        let id = super::clock::TimerId::parse(t.id);
        let label = id.map(|i| i.label()).unwrap_or_default();
        let tag = id.and_then(|i| i.tag()).map(|g| format!(" ({g})")).unwrap_or_default();
        let verb = if stopped.iter().any(|s| s.id == t.id) { "Restarted" } else { "Started" };
        out.push(format!("{verb} {}: {label}, {} to go{tag}.", t.id, span(t.due.saturating_sub(line.t))));
    }
    for t in stopped.iter().filter(|t| !started.iter().any(|s| s.id == t.id)) {
        out.push(format!("Stopped {} with {} to go.", t.id, span(t.due - line.t)));
    }
}

/// A span of virtual time in words: "1 h 30 min", "15 min", "1.5 s", "14 d".
pub fn span(ms: Millis) -> String {
    let s = ms / 1000;
    let (d, h, m, sec) = (s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d} d"));
    }
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    let frac = ms % 1000;
    if sec > 0 || frac > 0 || parts.is_empty() {
        parts.push(if frac > 0 {
            format!("{}.{} s", sec, format!("{frac:03}").trim_end_matches('0'))
        } else {
            format!("{sec} s")
        });
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{runner, scenario};

    fn explained(doc: serde_json::Value) -> Vec<Vec<String>> {
        let s = scenario::from_value(&doc).expect("valid");
        let lines = runner::run(&s).lines;
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| explain(l, i.checked_sub(1).map(|j| &lines[j].state), &s.config))
            .collect()
    }

    #[test]
    fn spans_read_as_words() {
        assert_eq!(span(5_400_000), "1 h 30 min");
        assert_eq!(span(1_500), "1.5 s");
        assert_eq!(span(0), "0 s");
        assert_eq!(span(14 * 86_400_000 + 60_000), "14 d 1 min");
    }

    #[test]
    fn the_ninety_minute_rule_says_who_was_removed_and_why() {
        let doc = serde_json::json!({"steps": [
            {"event": "BeginJoin", "mode": "TrustedParticipant"}, {"event": "Advance", "by": "PT1S"},
            {"event": "ParticipantJoins", "participant": "pstn1", "kind": "Pstn"},
            {"event": "Advance", "by": "PT91M"}]});
        let all = explained(doc);
        let first = &all[0];
        assert!(first.iter().any(|s| s == "The session went Idle → Connecting (T1)."), "{first:?}");
        let text = all.concat().join("\n");
        assert!(
            text.contains("your endpoint and pstn1 removed: no enterprise participant for 1 h 30 min (D-grace"),
            "{text}"
        );
        assert!(text.contains("The conference went Active → Deactivated (D-grace)."), "{text}");
        assert!(!text.contains("Advance: no effect"), "an Advance says how far the clock moved: {text}");
        assert!(text.contains("Started D-grace"), "{text}");
        assert!(text.contains("Stopped D-expiry with"), "activation stops the expiry countdown: {text}");
        assert!(text.contains("The clock moved on by 1 h 31 min"), "{text}");
    }

    #[test]
    fn no_effect_and_exceptions_are_said() {
        let doc = serde_json::json!({"steps": [{"event": "ReconnectSucceeded"}, {"event": "BeginLockConference"}]});
        let all = explained(doc);
        assert_eq!(all[0], ["ReconnectSucceeded: no effect now — no rule applies in this state."]);
        assert_eq!(all[1], ["BeginLockConference throws InvalidOperationException: nothing else happens."]);
    }

    #[test]
    fn the_lobby_in_words() {
        let doc = serde_json::json!({"steps": [
            {"event": "BeginJoin"}, {"event": "Advance", "by": "PT1S"},
            {"event": "ParticipantJoins", "participant": "anon", "kind": "Anonymous"},
            {"event": "BeginAdmitLobbyParticipants", "participants": ["anon"]}, {"event": "Advance", "by": "PT1S"}]});
        let text = explained(doc).concat().join("\n");
        assert!(text.contains("your endpoint entered the conference (L-level)"), "{text}");
        assert!(text.contains("Promoted to leader on entry (L-promote): your endpoint."), "{text}");
        assert!(text.contains("anon waits in the lobby (L-level)."), "{text}");
        assert!(text.contains("anon admitted from the lobby (L-leave)."), "{text}");
        assert!(text.contains("Restarted D-inactivity: 24-hour rule: nobody new has entered, 1 d to go"), "{text}");
        assert!(!text.contains("Stopped D-inactivity"), "a restart is not also a stop: {text}");
    }
}
