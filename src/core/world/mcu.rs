//! McuSessions and the application's AV call (DOMAIN.md §4, §5 R-mcu, §9 "The AV call",
//! "MCU news travels over the Focus dialog", V4): M1–M4.

use super::super::clock::{Command, Payload};
use super::super::event::EventKind;
use super::super::model::{ExceptionKind, McuState, Modality, SessionState};
use super::super::tables::Cause;
use super::super::tags::Tag;
use super::World;

impl World {
    /// R-mcu: the MCU fails over; only that McuSession retries (M3) and, for AV, UCMA
    /// terminates the call and fails a pending request.
    pub(super) fn mcu_failover(&mut self, m: Modality) {
        if self.local.mcu[m.index()] != McuState::Active {
            return;
        }
        self.rule(Tag::RMcu);
        let cause = self.fx.cause;
        self.take_mcu(m, cause);
        if m == Modality::AudioVideo {
            self.take_call(cause);
            let call = Payload::Command(Box::new(Command::EstablishCall));
            for _ in self.timers.take_where(|t| t.payload == call) {
                self.fail(EventKind::BeginEstablishMcuCall, ExceptionKind::OperationFailureException, None);
            }
        }
    }

    /// The MCU is reported active again (timer or `McuActivated`): M4 ends an MCU failover
    /// (R-mcu); under V4 an Idle McuSession becomes Active (M1). No effect while Reconnecting.
    pub(super) fn mcu_reactivated(&mut self, m: Modality) {
        if self.local.session == SessionState::Reconnecting {
            return;
        }
        let cause = self.fx.cause;
        match self.local.mcu[m.index()] {
            McuState::Retrying => self.rule(Tag::RMcu),
            McuState::Idle if self.local_connected() => self.rule(Tag::V4),
            _ => return,
        }
        self.take_mcu(m, cause);
    }

    /// The AV MCU answers `BeginEstablishMcuCall`: established if the MCU is active (again:
    /// R-mcu), else the request fails.
    pub(super) fn call_answered(&mut self) -> Option<(ExceptionKind, Option<super::super::model::FailureReason>)> {
        match self.take_call(Cause::Timer(super::super::clock::TimerId::CommandResponse)) {
            Some(_) => None,
            None => Some((ExceptionKind::OperationFailureException, None)),
        }
    }
}
