//! Lobby admission and the people in the conference (DOMAIN.md §6, §9 "Lobby precedence",
//! "Who arrives as a leader"): placement (L-level, L-never, L-pstn, L-lock), promotion
//! (L-promote), leaving the lobby (L-leave), and the conference commands (L-lock, L-retro).

use super::super::clock::{Command, TimerId};
use super::super::event::{Arrival, EventKind};
use super::super::model::{
    AccessLevel, ApiEvent, ConferenceState, ExceptionKind, Kind, LeaderAssignment, LobbyBypass, MeetingKind,
    SessionState, Variant,
};
use super::super::tags::Tag;
use super::{Id, Participant, Place, World, LOCAL};

impl World {
    /// Where an arriving participant goes, and which rule decided (DOMAIN.md §9 "Lobby precedence").
    pub fn placement(&self, p: &Participant) -> (Place, Tag) {
        if p.leader || p.organizer || p.kind == Kind::Trusted {
            return (Place::Enter, Tag::LNever);
        }
        if self.conf.locked {
            return (Place::Lobby, Tag::LLock);
        }
        if self.cfg.meeting == MeetingKind::MeetNow {
            return (Place::Enter, Tag::LNever);
        }
        let enter = |yes: bool| if yes { Place::Enter } else { Place::Lobby };
        match self.conf.access_level {
            AccessLevel::Locked => (Place::Lobby, Tag::LLevel),
            AccessLevel::Everyone => (Place::Enter, Tag::LLevel),
            _ if p.kind == Kind::Pstn => {
                (enter(self.conf.lobby_bypass == LobbyBypass::EnabledForGatewayParticipants), Tag::LPstn)
            }
            AccessLevel::SameEnterprise => (enter(p.kind == Kind::Enterprise), Tag::LLevel),
            AccessLevel::Invited => (enter(p.kind == Kind::Enterprise && p.invited), Tag::LLevel),
        }
    }

    /// Someone enters the conference: promotion of attendees (L-promote) and the 24-hour rule's
    /// restart.
    pub(super) fn enter_roster(&mut self, id: &str, mut p: Participant) -> Participant {
        let promote = match self.conf.automatic_leader_assignment {
            LeaderAssignment::Disabled => false,
            LeaderAssignment::SameEnterprise => p.kind == Kind::Enterprise,
            LeaderAssignment::Everyone => true,
        };
        if promote && !p.leader {
            p.leader = true;
            self.rule(Tag::LPromote);
        }
        self.conf.last_entry = Some(self.now);
        let restart_changes = self.timers.get(TimerId::DInactivity).is_some_and(|t| t.started != self.now);
        if restart_changes {
            if self.cfg.variant(Variant::V2) {
                self.rule(Tag::V2);
            } else {
                self.timers.cancel(TimerId::DInactivity);
                self.start(TimerId::DInactivity, self.cfg.deactivation_grace_period);
                self.rule(Tag::DInactivity);
            }
        }
        if id != LOCAL && self.local_connected() {
            self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
        }
        let id: Id = if id == LOCAL { LOCAL.into() } else { id.to_string().into() };
        self.conf.roster.insert(id, p.clone());
        p
    }

    /// `ParticipantJoins`: the first arrival activates the conference; the lobby rules place the
    /// newcomer. Leaders, trusted participants and organizers arrive as leaders.
    pub(super) fn participant_joins(&mut self, a: &Arrival) {
        let present = self.conf.roster.contains_key(a.participant.as_str())
            || self.conf.lobby.contains_key(a.participant.as_str());
        if present || self.conf.state == ConferenceState::Expired {
            return;
        }
        let p = Participant {
            kind: a.kind,
            leader: a.leader || a.organizer || a.kind == Kind::Trusted,
            organizer: a.organizer,
            invited: a.invited,
        };
        if let Some(Some(Tag::DActivate)) = self.take_conference() {
            self.activated();
        }
        match self.place(&p) {
            Place::Enter => {
                self.enter_roster(&a.participant, p);
            }
            Place::Lobby => {
                self.conf.lobby.insert(a.participant.clone().into(), p);
            }
        }
    }

    pub(super) fn participant_leaves(&mut self, id: &str) {
        if self.conf.roster.remove(id).is_some() {
            if self.local_connected() {
                self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
            }
        } else if self.conf.lobby.remove(id).is_some() {
            self.rule(Tag::LLeave);
        }
    }

    /// The Focus answers a conference command. A non-leader's is refused; a command naming
    /// someone absent fails but still acts on the others (DOMAIN.md §9).
    pub(super) fn command_answered(&mut self, command: Command) {
        if self.local.session != SessionState::Connected {
            return;
        }
        let operation = command.operation();
        let refused = || Some((ExceptionKind::ConferenceFailureException, None));
        let mut failure = None;
        match command {
            Command::EstablishCall => failure = self.call_answered(),
            _ if !self.local_is_leader() => failure = refused(),
            Command::Eject(id) => {
                if self.conf.roster.remove(id.as_str()).is_some() {
                    self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
                } else if self.conf.lobby.remove(id.as_str()).is_some() {
                    self.rule(Tag::LLeave);
                } else {
                    failure = refused();
                }
            }
            Command::Lock | Command::Unlock => {
                let lock = command == Command::Lock;
                if self.conf.locked != lock {
                    self.conf.locked = lock;
                    self.rule(Tag::LLock);
                    self.raise(ApiEvent::PropertiesChanged);
                }
            }
            Command::Modify(m) => {
                let before = (self.conf.access_level, self.conf.lobby_bypass, self.conf.automatic_leader_assignment);
                self.conf.access_level = m.access_level.unwrap_or(before.0);
                self.conf.lobby_bypass = m.lobby_bypass.unwrap_or(before.1);
                self.conf.automatic_leader_assignment = m.automatic_leader_assignment.unwrap_or(before.2);
                let after = (self.conf.access_level, self.conf.lobby_bypass, self.conf.automatic_leader_assignment);
                if (before.0, before.1) != (after.0, after.1) && !self.conf.lobby.is_empty() {
                    self.rule(Tag::LRetro);
                }
                if before != after {
                    self.raise(ApiEvent::PropertiesChanged);
                }
            }
            Command::Admit(ids) | Command::Deny(ids) => {
                let admit = operation == EventKind::BeginAdmitLobbyParticipants;
                for id in ids {
                    match self.conf.lobby.remove(id.as_str()) {
                        Some(p) => {
                            self.rule(Tag::LLeave);
                            if admit {
                                self.enter_roster(&id, p);
                            }
                        }
                        None => failure = refused(),
                    }
                }
            }
        }
        if let Some((exception, reason)) = failure {
            self.fail(operation, exception, reason);
        }
    }
}
