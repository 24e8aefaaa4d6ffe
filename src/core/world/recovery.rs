//! Recovery (DOMAIN.md §5, §9): R-focus (one reconnection attempt) and R-hop (route repair, then
//! periodic UPDATEs until the route heals) — T6, T7, T8, T11, T12.

use super::super::clock::TimerId;
use super::super::model::{ApiEvent, FailureReason, McuState, Modality, SessionState};
use super::super::tags::Tag;
use super::{Recovery, World};

impl World {
    /// T6 / T11: the session enters Reconnecting. Pending operations fail (SessionRetrying);
    /// under R-focus every Active McuSession retries (M3) and its call stays up.
    pub(super) fn failover(&mut self, recovery: Recovery) {
        if !matches!(self.local.session, SessionState::Connected | SessionState::InLobby) {
            return;
        }
        let Some(found) = self.find_session() else { return };
        self.commit_session(found);
        self.rule(recovery.tag());
        self.fail_pending(FailureReason::SessionRetrying);
        if recovery == Recovery::Focus {
            let cause = self.fx.cause;
            for m in Modality::ALL {
                self.take_mcu(*m, cause);
            }
        }
        self.local.recovery = Some((recovery, self.roster_digest()));
    }

    /// `HopFailure`: UCMA first tries to repair the route itself (R-hop).
    pub(super) fn hop_failure(&mut self) {
        let reachable = matches!(self.local.session, SessionState::Connected | SessionState::InLobby);
        if reachable && !self.timers.is_running(TimerId::RouteRepair) {
            self.rule(Tag::RHop);
            self.start(TimerId::RouteRepair, self.cfg.signaling_latency);
        }
    }

    /// The first route repair settles: repaired, nothing changes; failed, Reconnecting (R-hop).
    pub(super) fn route_repair_settles(&mut self) {
        if !matches!(self.local.session, SessionState::Connected | SessionState::InLobby) {
            return;
        }
        self.rule(Tag::RHop);
        if self.find_session().is_some() {
            self.failover(Recovery::Hop);
        }
    }

    /// `route-update`: another SIP UPDATE while R-hop heals the route.
    pub(super) fn route_update(&mut self) {
        if matches!(self.local.recovery, Some((Recovery::Hop, _))) {
            self.rule(Tag::RHop);
            self.start(TimerId::RouteUpdate, self.cfg.hop.update_interval);
        }
    }

    /// The reconnection settles: T7 / T12 with a fresh roster, or T8. An endpoint removed while
    /// Reconnecting finds nothing to reconnect to (T8). McuSessions follow (M4, or V4).
    pub(super) fn reconnect_settles(&mut self) {
        let Some((recovery, cached)) = self.local.recovery else { return };
        let Some(found) = self.find_session() else { return };
        self.rule(recovery.tag());
        let tag = self.commit_session(found);
        self.local.recovery = None;
        if tag == Tag::T8 {
            self.disconnecting(tag);
            return;
        }
        if self.roster_digest() != cached {
            self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
        }
        let cause = self.fx.cause;
        for m in Modality::ALL {
            if self.local.mcu[m.index()] != McuState::Retrying {
                continue;
            }
            // R-focus: M4, or V4 (Idle until the MCU reports active); an MCU failover still
            // pending stays Retrying. R-hop: a reactivation that fell inside the outage
            // starts again.
            if self.take_mcu(*m, cause).is_none()
                && recovery == Recovery::Hop
                && !self.timers.is_running(TimerId::mcu_reactivation(*m))
            {
                self.start(TimerId::mcu_reactivation(*m), self.cfg.mcu_reactivation);
            }
        }
    }

    /// The application's own recovery timeout runs out: it gives up (T8), under the running
    /// recovery's tag.
    pub(super) fn app_gives_up(&mut self) {
        if let Some((recovery, _)) = &self.local.recovery {
            let tag = recovery.tag();
            self.rule(tag);
            self.leaves();
        }
    }
}
