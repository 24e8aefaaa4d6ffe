//! The ConferenceSession's own life: application calls and their legality, joining (T1, T2,
//! T9, T10, T13), leaving (T3, T4, T5, T14, V1), terminating and escalation (DOMAIN.md §2, §3, §9).

use super::super::clock::{Command, Payload, TimerId};
use super::super::event::{EventKind, JoinOptions};
use super::super::model::{
    ApiEvent, CallState, ConversationState, ExceptionKind, FailureReason, McuState, Modality, Role, SessionState,
};
use super::super::tables::{self, CallRule, Target};
use super::super::tags::Tag;
use super::super::trace::Exception;
use super::{Participant, Place, World, LOCAL};

impl World {
    /// What an application call throws in the current state, if anything (DOMAIN.md §2):
    /// RetryableOperation while Reconnecting, InvalidOperationException where the tables do not
    /// accept the call.
    pub(super) fn judge_call(&self, rule: &CallRule) -> Result<(), Exception> {
        let session = self.local.session;
        let accepted = || tables::accepts(rule.call, session);
        match rule.target {
            Target::Conversation { states, drives_session } => {
                if !states.contains(&self.local.conversation) || (drives_session && !accepted()) {
                    return Err(Exception::invalid());
                }
            }
            Target::Session | Target::Mcu => {
                if session == SessionState::Reconnecting {
                    return Err(Exception::retryable());
                }
                if !accepted()
                    || !rule.needs_conversation.is_empty()
                        && !rule.needs_conversation.contains(&self.local.conversation)
                {
                    return Err(Exception::invalid());
                }
            }
        }
        if rule.target == Target::Mcu {
            let call_pending =
                self.timers.iter().any(|t| t.payload == Payload::Command(Box::new(Command::EstablishCall)));
            if self.local.mcu[Modality::AudioVideo.index()] != McuState::Active
                || self.local.call == CallState::Established
                || call_pending
            {
                return Err(Exception::invalid());
            }
        }
        Ok(())
    }

    /// The call a failed join reports: the learner's `BeginJoin`, or `BeginEscalate` when the
    /// join came from an escalation (DOMAIN.md §9).
    fn join_operation(&self) -> EventKind {
        if self.local.escalated {
            EventKind::BeginEscalate
        } else {
            EventKind::BeginJoin
        }
    }

    /// T1: a join starts (new McuSessions, an Idle call).
    pub(super) fn begin_join(&mut self, options: JoinOptions, escalated: bool) {
        let Some(tag) = self.take_session() else { return };
        self.local.conversation = ConversationState::Conferencing;
        self.local.mode = Some(options.mode);
        self.local.role = None;
        self.local.join = options;
        self.local.escalated = escalated;
        self.local.escalation_failed = false;
        self.local.lobby_join = false;
        self.follow_session(tag);
    }

    /// The Focus answers the join: the conference activates (D-activate), then T2 or T10 by
    /// where the lobby rules send the endpoint — or T9 into an expired conference.
    pub(super) fn join_answered(&mut self) {
        if self.local.session != SessionState::Connecting {
            return;
        }
        let Some(found) = self.find_session() else { return };
        if let Some(Some(Tag::DActivate)) = self.take_conference() {
            self.activated();
        }
        match found.1.tag {
            Some(Tag::T9) => self.join_fails(found, ExceptionKind::ConferenceFailureException, None),
            Some(Tag::T10) => {
                let me = self.local_participant();
                self.place(&me);
                self.commit_session(found);
                self.local.conversation = ConversationState::InLobby;
                self.local.lobby_join = true;
                self.conf.lobby.insert(LOCAL.into(), me);
            }
            _ => {
                let me = self.local_participant();
                self.place(&me);
                self.commit_session(found);
                self.local_enters(me);
            }
        }
    }

    /// `JoinFailed`: the pending join fails (T9).
    pub(super) fn join_failed(&mut self) {
        if let Some(found) = self.find_session() {
            self.join_fails(found, ExceptionKind::ConferenceFailureException, None);
        }
    }

    /// T2 / T13: the endpoint enters; its McuSessions activate (M1) or are unsupported (M2).
    fn local_enters(&mut self, me: Participant) {
        self.local.conversation = ConversationState::Conferenced;
        self.local.lobby_join = false;
        let me = self.enter_roster(LOCAL, me);
        self.local.role = Some(if me.leader { Role::Leader } else { Role::Attendee });
        let cause = self.fx.cause;
        for m in Modality::ALL {
            self.take_mcu(*m, cause);
        }
        self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
    }

    /// `LeaderAdmits`: T13 (ignored while Reconnecting: the endpoint cannot hear it).
    pub(super) fn leader_admits_local(&mut self) {
        if self.local.session != SessionState::InLobby {
            return;
        }
        let Some(me) = self.conf.lobby.remove(LOCAL) else { return };
        self.rule(Tag::LLeave);
        self.take_session();
        self.local_enters(me);
    }

    /// T9: the join fails; the Conversation returns to where the join started.
    fn join_fails(
        &mut self,
        found: (usize, &'static tables::Row<SessionState>),
        exception: ExceptionKind,
        reason: Option<FailureReason>,
    ) {
        self.commit_session(found);
        self.fail(self.join_operation(), exception, reason);
        self.local.conversation =
            if self.local.escalated { ConversationState::Established } else { ConversationState::Idle };
    }

    /// `Conversation.BeginTerminate`: the Conversation always passes through Terminating
    /// (DOMAIN.md §9); the session leaves by whatever row its state has.
    pub(super) fn begin_terminate(&mut self) {
        use SessionState as S;
        match self.local.session {
            S::Connecting => {
                if let Some(found) = self.find_session() {
                    self.join_fails(found, ExceptionKind::OperationFailureException, Some(FailureReason::Aborted));
                }
                self.conversation_terminates();
            }
            S::Connected | S::Reconnecting => self.leaves(),
            S::InLobby => self.leave_lobby(None),
            S::Idle | S::Disconnected => self.conversation_terminates(),
            // After a failed escalation the Conversation is Established again: terminate it
            // when the session's clean-up completes (T5).
            S::Disconnecting => {
                if self.local.conversation == ConversationState::Established {
                    self.local.conversation = ConversationState::Terminating;
                }
            }
        }
    }

    /// The Conversation starts terminating on its own (no session to take down): Terminated
    /// when `terminate-complete` fires.
    fn conversation_terminates(&mut self) {
        if matches!(self.local.conversation, ConversationState::Terminating | ConversationState::Terminated) {
            return;
        }
        self.local.conversation = ConversationState::Terminating;
        self.start(TimerId::TerminateComplete, self.cfg.signaling_latency);
    }

    /// `BeginTerminateConference`: a leader ends the conference for everyone when the Focus
    /// answers (D-manual); a non-leader only leaves.
    pub(super) fn begin_terminate_conference(&mut self) {
        match self.local.session {
            SessionState::Connected => {
                let leader = self.local_is_leader();
                self.leaves();
                if leader {
                    self.timers.set_payload(TimerId::TerminateComplete, Payload::EndConference);
                }
            }
            SessionState::InLobby => self.leave_lobby(None),
            _ => {}
        }
    }

    /// `EscalationFailed` while the escalating session joins (T9) or is Connected (T3, then T5).
    pub(super) fn escalation_failed(&mut self) {
        if !self.local.escalated {
            return;
        }
        match self.local.session {
            SessionState::Connecting => {
                if let Some(found) = self.find_session() {
                    self.join_fails(found, ExceptionKind::OperationFailureException, None);
                }
            }
            SessionState::Connected => {
                self.local.escalation_failed = true;
                self.local.conversation = ConversationState::Established;
                self.leaves();
            }
            _ => {}
        }
    }

    /// Takes the session row for the line's cause into Disconnecting (T3, T8, T14).
    pub(super) fn leaves(&mut self) {
        if let Some(tag) = self.take_session() {
            self.disconnecting(tag);
        }
    }

    /// On entering Disconnecting: pending operations fail, the recovery ends, McuSessions and
    /// the call end; the row started the termination (T4 / T5 after the signaling latency).
    pub(super) fn disconnecting(&mut self, tag: Tag) {
        self.fail_pending(FailureReason::SessionTerminated);
        if std::mem::take(&mut self.local.lobby_join) {
            self.fail(
                self.join_operation(),
                ExceptionKind::OperationFailureException,
                Some(FailureReason::SessionTerminated),
            );
        }
        self.local.recovery = None;
        self.follow_session(tag);
        if !self.local.escalation_failed {
            self.local.conversation = ConversationState::Terminating;
        }
    }

    /// Every pending conference command fails (SessionRetrying on T6/T11, SessionTerminated on
    /// entering Disconnecting).
    pub(super) fn fail_pending(&mut self, reason: FailureReason) {
        if !self.timers.is_running(TimerId::CommandResponse) {
            return;
        }
        for timer in self.timers.take_all(TimerId::CommandResponse) {
            if let Payload::Command(command) = timer.payload {
                self.fail(command.operation(), ExceptionKind::OperationFailureException, Some(reason));
            }
        }
    }

    /// The endpoint leaves the lobby without admission (T14, or V1 straight to Idle). `failure`
    /// is what `EndJoin` throws; `None` means the endpoint left of its own accord, and then it
    /// stays in `state.lobby` until the termination completes (DOMAIN.md §9 "Leaving").
    fn leave_lobby(&mut self, failure: Option<(ExceptionKind, Option<FailureReason>)>) {
        if let Some((exception, reason)) = failure {
            self.local.lobby_join = false;
            self.fail(self.join_operation(), exception, reason);
        }
        let Some(found) = self.find_session() else { return };
        if found.1.tag == Some(Tag::V1) {
            if std::mem::take(&mut self.local.lobby_join) {
                self.fail(
                    self.join_operation(),
                    ExceptionKind::OperationFailureException,
                    Some(FailureReason::SessionTerminated),
                );
            }
            if self.conf.lobby.remove(LOCAL).is_some() {
                self.rule(Tag::LLeave);
            }
            self.commit_session(found);
            self.local.conversation = ConversationState::Terminated;
            self.local.recovery = None;
            self.follow_session(Tag::V1);
        } else {
            let tag = self.commit_session(found);
            self.disconnecting(tag);
        }
    }

    /// The Focus removes the endpoint (eject, deny, the conference ends): it leaves the roster
    /// or lobby at once. While Reconnecting it cannot hear this; the reconnection will fail.
    pub(super) fn focus_removes_local(&mut self, reason: FailureReason) {
        let in_roster = self.conf.roster.remove(LOCAL).is_some();
        let in_lobby = self.conf.lobby.remove(LOCAL).is_some();
        if in_lobby {
            self.rule(Tag::LLeave);
        }
        if !in_roster && !in_lobby {
            return;
        }
        match self.local.session {
            SessionState::Connected => self.leaves(),
            SessionState::InLobby => self.leave_lobby(Some((ExceptionKind::ConferenceFailureException, Some(reason)))),
            _ => {}
        }
    }

    /// The lobby timeout: the join fails (T14, or T8 while reconnecting from the lobby).
    pub(super) fn lobby_timeout(&mut self) {
        match self.local.session {
            SessionState::InLobby => self.leave_lobby(Some((ExceptionKind::OperationTimeoutException, None))),
            SessionState::Reconnecting => {
                self.local.lobby_join = false;
                self.fail(self.join_operation(), ExceptionKind::OperationTimeoutException, None);
                self.leaves();
            }
            _ => {}
        }
    }

    /// The termination completes: the endpoint leaves what it still occupies, then T4 (or T5
    /// after a failed escalation). A leader's BeginTerminateConference ends the conference here.
    /// Without a session to take down, the Conversation is Terminated.
    pub(super) fn termination_completes(&mut self, payload: Payload) {
        if self.local.session != SessionState::Disconnecting {
            if self.local.conversation == ConversationState::Terminating {
                self.local.conversation = ConversationState::Terminated;
            }
            return;
        }
        self.fx.ending_conference = payload == Payload::EndConference;
        if self.fx.ending_conference && self.conf.state == super::ConferenceState::Active {
            self.rule(Tag::DManual);
            self.end_conference();
        }
        self.conf.roster.remove(LOCAL);
        if self.conf.lobby.remove(LOCAL).is_some() {
            self.rule(Tag::LLeave);
        }
        let Some(tag) = self.take_session() else { return };
        self.local.escalation_failed = false;
        if tag == Tag::T5 {
            self.raise(ApiEvent::ParticipantEndpointAttendanceChanged);
            if self.local.conversation == ConversationState::Terminating {
                self.local.conversation = ConversationState::Terminated;
            }
        } else {
            self.local.conversation = ConversationState::Terminated;
        }
    }

    /// Where an arriving participant goes, with the rule's tag on the line.
    pub(super) fn place(&mut self, p: &Participant) -> Place {
        let (place, tag) = self.placement(p);
        self.rule(tag);
        place
    }
}
