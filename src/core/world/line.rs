//! The line being built: the rules it applies, the API events it raises, the operations it
//! fails, the rows it takes — and the only code that changes a machine's state.

use super::super::clock::{Payload, TimerId};
use super::super::duration::Millis;
use super::super::event::EventKind;
use super::super::firsts::Firsts;
use super::super::model::{ApiEvent, ExceptionKind, FailureReason, Modality};
use super::super::tables::{self, Cause, Machine, Row, Taken};
use super::super::tags::Tag;
use super::super::trace::{Exception, Failure};
use super::lifecycle::CountdownInputs;
use super::World;

/// What the current line has applied so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Effects {
    pub rules: Firsts<Tag, { Tag::ALL.len() }>,
    pub error: Option<Exception>,
    pub failed: Vec<Failure>,
    pub raised: Firsts<ApiEvent, { ApiEvent::ALL.len() }>,
    /// The rows taken, in order.
    pub taken: Vec<Taken>,
    /// What caused the line: the input event or the timer that fired. Rows are looked up by it.
    pub cause: Cause,
    /// Whether V3 changed the D-grace decision when the line began (see `reconcile_countdowns`).
    pub v3_before: bool,
    /// The termination completing on this line is a leader's `BeginTerminateConference`.
    pub ending_conference: bool,
    /// What the countdowns depended on when the line began (see `reconcile_countdowns`).
    countdown_inputs: CountdownInputs,
}

impl Default for Effects {
    fn default() -> Self {
        Effects {
            rules: Firsts::new(Tag::T1),
            error: None,
            failed: Vec::new(),
            raised: Firsts::new(ApiEvent::StateChanged),
            // Room for the rows a line usually takes (a session row, its McuSessions, the call).
            taken: Vec::with_capacity(8),
            cause: Cause::Event(EventKind::Advance),
            v3_before: false,
            ending_conference: false,
            countdown_inputs: CountdownInputs::default(),
        }
    }
}

impl World {
    /// Starts a line: the effects are emptied, keeping their buffers.
    pub(super) fn begin_line(&mut self, cause: Cause) {
        self.fx.v3_before = self.cfg.variant(super::super::model::Variant::V3) && self.v3_differs();
        self.fx.countdown_inputs = self.countdown_inputs();
        self.empty_line(cause);
    }

    /// A line that changes nothing: the effects emptied, the countdowns left as they are.
    pub(super) fn empty_line(&mut self, cause: Cause) {
        let fx = &mut self.fx;
        fx.rules.clear();
        fx.failed.clear();
        fx.raised.clear();
        fx.taken.clear();
        fx.error = None;
        fx.cause = cause;
        fx.ending_conference = false;
    }

    /// Ends a line: the countdowns follow what the line changed. Every line leaves them
    /// reconciled, so a line that changed none of their inputs leaves nothing to do.
    #[inline]
    pub(super) fn finish_line(&mut self) {
        if self.countdown_inputs() != self.fx.countdown_inputs {
            self.reconcile_countdowns();
        }
    }

    pub(super) fn rule(&mut self, tag: Tag) {
        self.fx.rules.insert(tag);
    }

    pub(super) fn raise(&mut self, event: ApiEvent) {
        self.fx.raised.insert(event);
    }

    pub(super) fn fail(&mut self, operation: EventKind, exception: ExceptionKind, reason: Option<FailureReason>) {
        self.fx.failed.push(Failure { operation, exception, reason });
    }

    // ----- taking rows -------------------------------------------------------------------------

    /// The session row for the line's cause from the current state whose guard holds.
    pub(super) fn find_session(&self) -> Option<(usize, &'static Row<super::SessionState>)> {
        let cause = self.fx.cause;
        tables::index(Machine::Session)
            .find(tables::SESSION, self.local.session as usize, cause, |g| self.holds(g, cause, None))
    }

    /// Moves the session along a row found by [`World::find_session`].
    pub(super) fn commit_session(&mut self, (index, row): (usize, &'static Row<super::SessionState>)) -> Tag {
        debug_assert_eq!(row.from, self.local.session);
        self.local.session = row.to;
        self.taken(Machine::Session, None, index, row.tag, row.stops, row.starts, None);
        self.raise(ApiEvent::StateChanged);
        row.tag.expect("every session row has a tag")
    }

    /// Finds and takes the session row for the line's cause; its tag, or `None` (no change).
    pub(super) fn take_session(&mut self) -> Option<Tag> {
        self.find_session().map(|found| self.commit_session(found))
    }

    /// Takes the row of one McuSession for `cause` (the line's, or the session row it follows).
    pub(super) fn take_mcu(&mut self, m: Modality, cause: Cause) -> Option<Option<Tag>> {
        let from = self.local.mcu[m.index()] as usize;
        let found = tables::index(Machine::Mcu).find(tables::MCU, from, cause, |g| self.holds(g, cause, Some(m)))?;
        let (index, row) = found;
        self.local.mcu[m.index()] = row.to;
        self.taken(Machine::Mcu, Some(m), index, row.tag, row.stops, row.starts, Some(m));
        Some(row.tag)
    }

    /// Takes the row of every McuSession and of the AV call that follows the session's `tag`.
    pub(super) fn follow_session(&mut self, tag: Tag) {
        for m in Modality::ALL {
            self.take_mcu(*m, Cause::Session(tag));
        }
        self.take_call(Cause::Session(tag));
    }

    /// Takes the AV call's row for `cause`.
    pub(super) fn take_call(&mut self, cause: Cause) -> Option<Option<Tag>> {
        let from = self.local.call as usize;
        let (index, row) =
            tables::index(Machine::Call).find(tables::CALL, from, cause, |g| self.holds(g, cause, None))?;
        self.local.call = row.to;
        self.taken(Machine::Call, None, index, row.tag, row.stops, row.starts, None);
        Some(row.tag)
    }

    /// Takes the conference lifecycle's row for the line's cause.
    pub(super) fn take_conference(&mut self) -> Option<Option<Tag>> {
        let cause = self.fx.cause;
        let from = self.conf.state as usize;
        let (index, row) =
            tables::index(Machine::Conference).find(tables::CONFERENCE, from, cause, |g| self.holds(g, cause, None))?;
        self.conf.state = row.to;
        self.taken(Machine::Conference, None, index, row.tag, row.stops, row.starts, None);
        Some(row.tag)
    }

    /// Records a taken row: its tag, then the timers it stops and starts.
    #[allow(clippy::too_many_arguments)]
    fn taken(
        &mut self,
        machine: Machine,
        modality: Option<Modality>,
        row: usize,
        tag: Option<Tag>,
        stops: &[TimerId],
        starts: &[TimerId],
        own: Option<Modality>,
    ) {
        self.fx.taken.push(Taken { machine, modality, row });
        if let Some(tag) = tag {
            self.rule(tag);
        }
        let own = |id: TimerId| match (own, id) {
            (Some(m), TimerId::McuReactivationAudioVideo) => TimerId::mcu_reactivation(m),
            _ => id,
        };
        for id in stops {
            self.timers.cancel(own(*id));
        }
        for id in starts {
            let id = own(*id);
            if let Some(after) = self.duration(id) {
                self.start(id, after);
            }
        }
    }

    /// How long a timer a row starts runs (`None`: not configured, so not started).
    fn duration(&self, id: TimerId) -> Option<Millis> {
        use TimerId::*;
        Some(match id {
            JoinResponse | CommandResponse | TerminateComplete | RouteRepair => self.cfg.signaling_latency,
            ReconnectAttempt => self.cfg.reconnect.latency,
            RouteUpdate => self.cfg.hop.update_interval,
            AppRecoveryTimeout => return self.cfg.app_recovery_timeout,
            McuReactivationAudioVideo | McuReactivationInstantMessaging => self.cfg.mcu_reactivation,
            LobbyTimeout => self.local.join.lobby_timeout,
            DGrace => self.cfg.anonymous_user_grace_period,
            DEmpty => self.cfg.empty_conference_timeout,
            DInactivity => self.cfg.deactivation_grace_period,
            DExpiry => self.expiry_due().saturating_sub(self.now),
        })
    }

    // ----- timers ------------------------------------------------------------------------------

    pub(super) fn start(&mut self, id: TimerId, after: Millis) {
        self.timers.start(id, self.now, after, Payload::None);
    }
}
