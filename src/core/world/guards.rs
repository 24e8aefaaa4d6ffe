//! Every named guard of the tables, evaluated on the world (DOMAIN.md says why each exists).

use super::super::clock::TimerId;
use super::super::event::EventKind;
use super::super::model::{ConferenceState, JoinMode, Kind, McuState, Modality, SessionState, Variant};
use super::super::tables::{Cause, Guard};
use super::{Participant, Place, Recovery, World, LOCAL};

impl World {
    /// Whether `guard` holds for a row caused by `cause` (of McuSession `m`, for its rows).
    pub(super) fn holds(&self, guard: Guard, cause: Cause, m: Option<Modality>) -> bool {
        use Guard as G;
        let expired = self.conf.state == ConferenceState::Expired;
        match guard {
            G::Always => true,
            G::Admitted => !expired && self.placement(&self.local_participant()).0 == Place::Enter,
            G::Lobbied => !expired && self.placement(&self.local_participant()).0 == Place::Lobby,
            G::ConferenceExpired => expired,
            G::Escalated => self.local.escalated,
            G::EscalationFailed => self.local.escalation_failed,
            G::NoFailedEscalation => !self.local.escalation_failed,
            G::RepairFails => match cause {
                Cause::Timer(TimerId::RouteRepair) => !self.cfg.hop.repair_succeeds,
                _ => true,
            },
            G::BackInRoster => self.reconnection_succeeds(cause) && self.conf.roster.contains_key(LOCAL),
            G::BackInLobby => {
                self.reconnection_succeeds(cause)
                    && !self.conf.roster.contains_key(LOCAL)
                    && self.conf.lobby.contains_key(LOCAL)
            }
            G::ReconnectionFails => {
                self.reconnection_settles(cause)
                    && !(self.reconnection_succeeds(cause)
                        && (self.conf.roster.contains_key(LOCAL) || self.conf.lobby.contains_key(LOCAL)))
            }
            G::V1Off => !self.cfg.variant(Variant::V1),
            G::V1On => self.cfg.variant(Variant::V1),
            G::Supported => m.is_some_and(|m| self.cfg.supports(m)),
            G::Unsupported => m.is_some_and(|m| !self.cfg.supports(m)),
            G::NotReconnecting => self.local.session != SessionState::Reconnecting,
            G::V4Connected => self.local.session == SessionState::Connected,
            G::NoReactivationPending => {
                !self.cfg.variant(Variant::V4)
                    && m.is_some_and(|m| !self.timers.is_running(TimerId::mcu_reactivation(m)))
            }
            G::V4On => self.cfg.variant(Variant::V4),
            G::AudioVideoActive => self.local.mcu[Modality::AudioVideo.index()] == McuState::Active,
            G::ExpiryAhead => self.expiry_due() > self.now,
            G::ExpiryPassed => self.expiry_due() <= self.now,
            G::LeaderEndedIt => self.leader_ended_it() && self.expiry_due() > self.now,
            G::LeaderEndedItLate => self.leader_ended_it() && self.expiry_due() <= self.now,
        }
    }

    /// Whether the line's cause settles the pending reconnection: the attempt's timer or the
    /// learner's verdict under R-focus, the route healing under R-hop.
    fn reconnection_settles(&self, cause: Cause) -> bool {
        let recovery = self.local.recovery.as_ref().map(|(r, _)| *r);
        match cause {
            Cause::Timer(TimerId::ReconnectAttempt) => true,
            Cause::Event(EventKind::ReconnectSucceeded | EventKind::ReconnectFailed) => {
                recovery == Some(Recovery::Focus)
            }
            Cause::Event(EventKind::RouteHealed) => recovery == Some(Recovery::Hop),
            _ => false,
        }
    }

    /// Whether the settling reconnection succeeds (before asking where the endpoint is).
    fn reconnection_succeeds(&self, cause: Cause) -> bool {
        self.reconnection_settles(cause)
            && match cause {
                Cause::Timer(TimerId::ReconnectAttempt) => self.cfg.reconnect.succeeds,
                Cause::Event(EventKind::ReconnectFailed) => false,
                _ => true,
            }
    }

    /// The termination that just completed was a leader's `BeginTerminateConference`.
    fn leader_ended_it(&self) -> bool {
        self.fx.ending_conference
    }

    /// The local endpoint as the Focus sees it when it arrives: trusted participants and the
    /// organizer arrive as leaders (DOMAIN.md §9 "Who arrives as a leader").
    pub(super) fn local_participant(&self) -> Participant {
        let trusted = self.local.join.mode == JoinMode::TrustedParticipant;
        Participant {
            kind: if trusted { Kind::Trusted } else { self.local.join.identity.kind() },
            leader: trusted || self.local.join.organizer,
            organizer: self.local.join.organizer,
            invited: self.local.join.invited,
        }
    }
}
