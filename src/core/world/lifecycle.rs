//! The conference lifecycle (DOMAIN.md §7, §9 "Countdowns"): activation, deactivation and
//! deletion (D-activate, D-manual, D-remove), the countdowns D-grace, D-empty, D-inactivity and
//! D-expiry.

use super::super::clock::{Timer, TimerId};
use super::super::duration::{Millis, DAY, HOUR};
use super::super::model::{ApiEvent, ConferenceState, FailureReason, Kind, MeetingKind, Variant};
use super::super::tags::Tag;
use super::{World, LOCAL};

impl World {
    /// After D-activate: a new activation instance, and the 24-hour rule's countdown (started by
    /// the row) is on the line.
    pub(super) fn activated(&mut self) {
        if self.conf.state == ConferenceState::Active {
            self.conf.last_activation = Some(self.now);
            self.rule(Tag::DInactivity);
        }
    }

    /// `PresenterEndsMeeting` (deactivates an active conference) or the meeting / its organizer
    /// deleted (deletes it whatever its state but Expired): D-manual.
    pub(super) fn meeting_ends(&mut self, delete: bool) {
        let applies = if delete {
            self.conf.state != ConferenceState::Expired
        } else {
            self.conf.state == ConferenceState::Active
        };
        if applies {
            self.rule(Tag::DManual);
            self.end_conference();
        }
    }

    /// Deactivation (or deletion): everyone is removed (D-remove), changes made while active are
    /// lost, and the lifecycle row decides what follows — Deactivated with D-expiry counting
    /// down, or Expired at once (deleted, or past the expiry time).
    pub(super) fn end_conference(&mut self) {
        let others = self.conf.roster.keys().chain(self.conf.lobby.keys()).any(|id| id != LOCAL);
        let local_was_connected = self.conf.roster.contains_key(LOCAL) && self.local_connected();
        if others || self.conf.roster.contains_key(LOCAL) || self.conf.lobby.contains_key(LOCAL) {
            self.rule(Tag::DRemove);
        }
        self.focus_removes_local(FailureReason::UserRemoved);
        if local_was_connected && others {
            self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
        }
        if !self.conf.lobby.is_empty() {
            self.rule(Tag::LLeave);
        }
        self.conf.roster.clear();
        self.conf.lobby.clear();
        if std::mem::take(&mut self.conf.locked) {
            self.rule(Tag::LLock);
        }
        self.conf.access_level = self.cfg.access_level;
        self.conf.lobby_bypass = self.cfg.lobby_bypass;
        self.conf.automatic_leader_assignment = self.cfg.automatic_leader_assignment;
        self.take_conference();
        if self.conf.state == ConferenceState::Deactivated {
            self.rule(Tag::DExpiry);
        }
    }

    /// D-grace, D-empty or D-inactivity runs out: the conference deactivates.
    pub(super) fn countdown_ends(&mut self, timer: Timer) {
        match timer.id {
            TimerId::DInactivity => {
                // Under V2 it fires although someone entered since it started.
                if self.conf.last_entry.is_some_and(|t| t > timer.started) {
                    self.rule(Tag::V2);
                }
                self.rule(Tag::DInactivity);
            }
            TimerId::DGrace => {
                // Under V3 D-grace may fire at another time than the default reading's.
                if self.conf.grace_without_v3_since != Some(timer.started) && self.cfg.variant(Variant::V3) {
                    self.rule(Tag::V3);
                }
                self.rule(Tag::DGrace);
            }
            _ => self.rule(Tag::DEmpty),
        }
        self.end_conference();
    }

    /// D-expiry: a scheduled or deactivated conference is deleted.
    pub(super) fn expires(&mut self) {
        self.take_conference();
    }

    /// When the conference expires (absolute virtual time), by meeting kind or explicit expiry.
    pub(super) fn expiry_due(&self) -> Millis {
        if let Some(expiry) = self.cfg.expiry {
            return expiry;
        }
        match self.cfg.meeting {
            MeetingKind::OneTime | MeetingKind::RecurringWithEnd => self.cfg.meeting_end + 14 * DAY,
            MeetingKind::RecurringNoEnd => self.conf.last_activation.unwrap_or(0) + 180 * DAY,
            MeetingKind::AdHoc | MeetingKind::MeetNow => 8 * HOUR,
        }
    }

    /// Whether D-grace should run without and with V3 (under V3 a federated user counts as
    /// enterprise): never while the conference is not active, holds nobody or holds an
    /// enterprise user. Read from the roster's counts, so it costs the same for any roster.
    fn grace_both(&self) -> [bool; 2] {
        let roster = &self.conf.roster;
        if self.conf.state != ConferenceState::Active || roster.is_empty() || roster.count(Kind::Enterprise) > 0 {
            return [false; 2];
        }
        [true, roster.count(Kind::Federated) == 0]
    }

    /// Whether the D-grace countdown should run now (DOMAIN.md §9 "Countdowns").
    pub fn grace_applies(&self) -> bool {
        self.grace_both()[usize::from(self.cfg.variant(Variant::V3))]
    }

    /// True when V3 changes whether D-grace should run.
    pub(super) fn v3_differs(&self) -> bool {
        self.cfg.variant(Variant::V3) && {
            let [without, with] = self.grace_both();
            with != without
        }
    }

    /// Everything [`World::reconcile_countdowns`] decides by, besides the fixed configuration:
    /// the conference's state and whether its roster is empty, holds an enterprise user, holds a
    /// federated user (packed in one number, compared once per line).
    pub(super) fn countdown_inputs(&self) -> CountdownInputs {
        let roster = &self.conf.roster;
        CountdownInputs(
            self.conf.state as u32
                | u32::from(roster.is_empty()) << 8
                | u32::from(roster.count(Kind::Enterprise) > 0) << 9
                | u32::from(roster.count(Kind::Federated) > 0) << 10,
        )
    }

    /// D-grace runs exactly while the conference is active, holds participants and none of them
    /// is enterprise; D-empty exactly while it is active and empty. Both restart from the full
    /// period each time they become due, and say so (TerminationCountdownStatusChanged).
    ///
    /// V3 marks the line when it changed the D-grace decision of this line: not when the
    /// conference deactivated, which discards D-grace under either reading (DOMAIN.md §9).
    pub(super) fn reconcile_countdowns(&mut self) {
        let [without_v3, with_v3] = self.grace_both();
        let grace = if self.cfg.variant(Variant::V3) { with_v3 } else { without_v3 };
        let active = self.conf.state == ConferenceState::Active;
        let empty = active && self.conf.roster.is_empty();
        for (id, tag, should_run, period) in [
            (TimerId::DGrace, Tag::DGrace, grace, self.cfg.anonymous_user_grace_period),
            (TimerId::DEmpty, Tag::DEmpty, empty, self.cfg.empty_conference_timeout),
        ] {
            let running = self.timers.is_running(id);
            if running == should_run {
                continue;
            }
            if should_run {
                self.start(id, period);
            } else {
                self.timers.cancel(id);
            }
            self.rule(tag);
            if id == TimerId::DGrace && self.local_connected() {
                self.raise(ApiEvent::TerminationCountdownStatusChanged);
            }
        }
        if active && self.v3_differs() != self.fx.v3_before {
            self.rule(Tag::V3);
        }
        match (without_v3, self.conf.grace_without_v3_since) {
            (true, None) => self.conf.grace_without_v3_since = Some(self.now),
            (false, Some(_)) => self.conf.grace_without_v3_since = None,
            _ => {}
        }
    }
}

/// The inputs of the countdowns' decision (D-grace with or without V3, D-empty), packed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct CountdownInputs(u32);
