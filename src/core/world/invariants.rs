//! The model's invariants (the property test, the explorer and the random walks check this one
//! list) and the explorer's notion of "the same state".

use super::super::clock::TimerId;
use super::super::duration::Millis;
use super::super::model::{ConferenceState, ConversationState, Kind, McuState, SessionState};
use super::{Recovery, World, LOCAL};

impl World {
    /// The model's invariants, checked on the world as it stands (the property test and the
    /// explorer both use this list). Empty when all hold.
    pub fn invariant_violations(&self) -> Vec<String> {
        use SessionState as S;
        let mut out = Vec::new();
        let mut check = |ok: bool, what: &str| {
            if !ok {
                out.push(what.to_string());
            }
        };
        let (conf, local, s) = (&self.conf, &self.local, self.local.session);
        let in_roster = conf.roster.contains_key(LOCAL);
        let in_lobby = conf.lobby.contains_key(LOCAL);
        let lingering = matches!(s, S::Reconnecting | S::Disconnecting);
        check(
            (s == S::InLobby) == (in_lobby && !lingering),
            "the session is InLobby exactly when local waits in the lobby",
        );
        check(
            (s == S::Connected) == (in_roster && !lingering),
            "the session is Connected exactly when local is in the roster",
        );
        check(conf.roster.keys().all(|id| !conf.lobby.contains_key(id)), "nobody is both in the roster and the lobby");
        let active = conf.state == ConferenceState::Active;
        check(
            active || (conf.roster.is_empty() && conf.lobby.is_empty()),
            "only an active conference holds participants",
        );
        check(
            Kind::ALL
                .iter()
                .all(|k| conf.roster.count(*k) as usize == conf.roster.values().filter(|p| p.kind == *k).count()),
            "the roster's count of each kind is who is in",
        );
        check(self.timers.iter().all(|t| t.due >= self.now), "no timer is due in the past");
        let running = |id: TimerId| self.timers.iter().filter(|t| t.id == id).count();
        check(
            TimerId::ALL.iter().all(|id| self.timers.is_running(*id) == (running(*id) > 0)),
            "the timer queue knows which timers run",
        );
        check(
            self.timers.iter().zip(self.timers.iter().skip(1)).all(|(a, b)| a.due <= b.due),
            "timers are queued in due order",
        );
        check(
            running(TimerId::DGrace) == usize::from(self.grace_applies()),
            "D-grace runs exactly while participants but no enterprise participant",
        );
        check(
            running(TimerId::DEmpty) == usize::from(active && conf.roster.is_empty()),
            "D-empty runs exactly while the conference is active and empty",
        );
        check(
            running(TimerId::DInactivity) == usize::from(active),
            "D-inactivity runs exactly while the conference is active",
        );
        let expiry_runs = matches!(conf.state, ConferenceState::Scheduled | ConferenceState::Deactivated);
        check(
            running(TimerId::DExpiry) == usize::from(expiry_runs),
            "D-expiry runs exactly while the conference is scheduled or deactivated",
        );
        check(
            running(TimerId::JoinResponse) == usize::from(s == S::Connecting),
            "a join is pending exactly while Connecting",
        );
        let terminating = s == S::Disconnecting || local.conversation == ConversationState::Terminating;
        check(
            running(TimerId::TerminateComplete) == usize::from(terminating),
            "a termination completes exactly while Disconnecting or while the Conversation is Terminating",
        );
        check(local.recovery.is_some() == (s == S::Reconnecting), "a recovery runs exactly while Reconnecting");
        check(s == S::Connected || running(TimerId::CommandResponse) == 0, "commands are pending only while Connected");
        let conversation_ok = match s {
            S::Connecting => local.conversation == ConversationState::Conferencing,
            S::Connected => local.conversation == ConversationState::Conferenced,
            S::InLobby => local.conversation == ConversationState::InLobby,
            _ => true,
        };
        check(conversation_ok, "the Conversation follows the session");
        let mcus_ok = !matches!(s, S::Idle | S::Disconnected | S::Disconnecting)
            || local.mcu.iter().all(|m| matches!(m, McuState::Idle | McuState::Terminated));
        check(mcus_ok, "McuSessions are Idle or Terminated while the session is not joined");
        out
    }

    /// A hash of the world with every time taken relative to now: two worlds with the same
    /// fingerprint behave the same from here on (the explorer's notion of "the same state").
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let rel = |t: Option<Millis>| t.map(|t| self.now.saturating_sub(t));
        let l = &self.local;
        (l.session, l.conversation, l.mcu, l.call, l.role, l.mode, l.escalated, l.escalation_failed, l.lobby_join)
            .hash(&mut h);
        (l.join.mode, l.join.identity, l.join.organizer, l.join.invited, l.join.lobby_timeout).hash(&mut h);
        l.recovery.as_ref().map(|(r, cached)| (*r == Recovery::Focus, cached)).hash(&mut h);
        let c = &self.conf;
        (c.state, c.locked, c.access_level, c.lobby_bypass, c.automatic_leader_assignment).hash(&mut h);
        for (id, p) in c.roster.iter().chain(c.lobby.iter()) {
            (id, p.kind, p.leader, p.organizer, p.invited).hash(&mut h);
        }
        c.roster.len().hash(&mut h);
        (rel(c.last_activation), rel(c.last_entry), rel(c.grace_without_v3_since)).hash(&mut h);
        self.expiry_due().saturating_sub(self.now).hash(&mut h);
        for t in self.timers.iter() {
            (t.id, t.due - self.now, self.now - t.started, &t.payload).hash(&mut h);
        }
        h.finish()
    }
}
