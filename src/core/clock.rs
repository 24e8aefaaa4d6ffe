//! The virtual clock: a queue of timers ordered by due time, ties in the order they started.
//!
//! Advancing the clock pops due timers one by one, so simulating 14 days costs what the timers
//! that fire cost, never what the elapsed seconds would.

use super::duration::Millis;
use super::event::{Event, EventKind, Modification};
use super::model::{named_enum, Modality};
use super::tags::Tag;

named_enum!(
    /// Timer ids of SCENARIOS.md ("Timer ids").
    TimerId {
        JoinResponse = "join-response", CommandResponse = "command-response",
        TerminateComplete = "terminate-complete", ReconnectAttempt = "reconnect-attempt",
        RouteRepair = "route-repair", RouteUpdate = "route-update",
        AppRecoveryTimeout = "app-recovery-timeout",
        McuReactivationAudioVideo = "mcu-reactivation-AudioVideo",
        McuReactivationInstantMessaging = "mcu-reactivation-InstantMessaging",
        LobbyTimeout = "lobby-timeout", DGrace = "D-grace", DEmpty = "D-empty",
        DInactivity = "D-inactivity", DExpiry = "D-expiry",
    }
);

impl TimerId {
    pub fn mcu_reactivation(m: Modality) -> TimerId {
        match m {
            Modality::AudioVideo => TimerId::McuReactivationAudioVideo,
            Modality::InstantMessaging => TimerId::McuReactivationInstantMessaging,
        }
    }

    /// A plain-words label for the app's countdown list.
    pub fn label(self) -> &'static str {
        use TimerId::*;
        match self {
            JoinResponse => "the Focus answers the join (signaling latency)",
            CommandResponse => "the Focus answers a command (signaling latency)",
            TerminateComplete => "termination completes (signaling latency)",
            ReconnectAttempt => "the one Focus reconnection attempt settles",
            RouteRepair => "UCMA's first route repair attempt settles",
            RouteUpdate => "next SIP UPDATE to heal the route",
            AppRecoveryTimeout => "the application's own recovery timeout",
            McuReactivationAudioVideo => "the AV MCU is active again",
            McuReactivationInstantMessaging => "the IM MCU is active again",
            LobbyTimeout => "the client gives up waiting in the lobby",
            DGrace => "the 90-minute rule: no enterprise user left",
            DEmpty => "empty conference is deactivated",
            DInactivity => "24-hour rule: nobody new has entered",
            DExpiry => "the conference expires and is deleted",
        }
    }

    /// The rule whose countdown this is (the app shows the tag beside the timer); a command's
    /// answer belongs to no single rule.
    pub fn tag(self) -> Option<Tag> {
        use TimerId::*;
        Some(match self {
            JoinResponse => Tag::T2,
            CommandResponse => return None,
            TerminateComplete => Tag::T4,
            ReconnectAttempt => Tag::RFocus,
            RouteRepair | RouteUpdate | AppRecoveryTimeout => Tag::RHop,
            McuReactivationAudioVideo | McuReactivationInstantMessaging => Tag::RMcu,
            LobbyTimeout => Tag::T14,
            DGrace => Tag::DGrace,
            DEmpty => Tag::DEmpty,
            DInactivity => Tag::DInactivity,
            DExpiry => Tag::DExpiry,
        })
    }

    /// True for timers whose duration no source gives (the app labels them assumptions).
    pub fn is_assumption(self) -> bool {
        use TimerId::*;
        matches!(
            self,
            JoinResponse
                | CommandResponse
                | TerminateComplete
                | ReconnectAttempt
                | RouteRepair
                | RouteUpdate
                | McuReactivationAudioVideo
                | McuReactivationInstantMessaging
        )
    }
}

/// A conference command awaiting the Focus's answer (a `command-response` timer).
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum Command {
    Eject(String),
    Lock,
    Unlock,
    Modify(Modification),
    Admit(Vec<String>),
    Deny(Vec<String>),
    /// The application's call to the AV MCU (`BeginEstablishMcuCall`).
    EstablishCall,
}

impl Command {
    /// The `Begin*` call that started it: the operation a failure reports.
    pub fn operation(&self) -> EventKind {
        match self {
            Command::Eject(_) => EventKind::BeginEject,
            Command::Lock => EventKind::BeginLockConference,
            Command::Unlock => EventKind::BeginUnlockConference,
            Command::Modify(_) => EventKind::BeginModifyConferenceConfiguration,
            Command::Admit(_) => EventKind::BeginAdmitLobbyParticipants,
            Command::Deny(_) => EventKind::BeginDenyLobbyParticipants,
            Command::EstablishCall => EventKind::BeginEstablishMcuCall,
        }
    }

    /// Builds the command an event starts, if it is one.
    pub fn of(event: &Event) -> Option<Command> {
        Some(match event {
            Event::BeginEject { participant } => Command::Eject(participant.clone()),
            Event::BeginLockConference => Command::Lock,
            Event::BeginUnlockConference => Command::Unlock,
            Event::BeginModifyConferenceConfiguration(m) => Command::Modify(m.clone()),
            Event::BeginAdmitLobbyParticipants { participants } => Command::Admit(participants.clone()),
            Event::BeginDenyLobbyParticipants { participants } => Command::Deny(participants.clone()),
            Event::BeginEstablishMcuCall { .. } => Command::EstablishCall,
            _ => return None,
        })
    }
}

/// What a timer carries besides its id.
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum Payload {
    None,
    /// Boxed: a command in flight is rare, and a small `Timer` keeps the queue's moves short.
    Command(Box<Command>),
    /// A leader's `BeginTerminateConference`: the conference ends when the Focus answers.
    EndConference,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Timer {
    pub id: TimerId,
    pub due: Millis,
    pub started: Millis,
    pub payload: Payload,
}

/// Running timers by (due, start sequence).
///
/// A few timers run at a time (one per id, bar command answers in flight), so they live in one
/// vector sorted latest first: the next to fire is popped from its end, starting one is a binary
/// search and a short move, and a fresh world allocates once. (A `BTreeMap` cost a node per
/// world and a tree walk per stop; the step benchmarks in BENCHMARKS.md measured the change.)
#[derive(Clone, Debug, PartialEq)]
pub struct TimerQueue {
    /// Latest first: `(due, seq)` strictly decreasing.
    queue: Vec<(u64, Timer)>,
    next_seq: u64,
    /// How many timers of each id run (indexed by `TimerId as usize`): asking whether one runs,
    /// or stopping one that does not, costs nothing.
    running: [u32; 14],
}

impl Default for TimerQueue {
    fn default() -> Self {
        // Room for what usually runs at once: the countdowns, a join or termination, a
        // recovery's timers.
        TimerQueue { queue: Vec::with_capacity(8), next_seq: 0, running: [0; 14] }
    }
}

impl TimerQueue {
    pub fn start(&mut self, id: TimerId, now: Millis, after: Millis, payload: Payload) {
        let due = now.saturating_add(after);
        let seq = self.next_seq;
        // The new timer is the last of those due at `due` (ties fire in start order).
        let at = self.queue.partition_point(|(s, t)| (t.due, *s) > (due, seq));
        self.queue.insert(at, (seq, Timer { id, due, started: now, payload }));
        self.next_seq += 1;
        self.running[id as usize] += 1;
    }

    /// Stops every timer with this id; true if one was running.
    #[inline]
    pub fn cancel(&mut self, id: TimerId) -> bool {
        if self.running[id as usize] == 0 {
            return false;
        }
        self.remove_all(id);
        true
    }

    fn remove_all(&mut self, id: TimerId) {
        self.queue.retain(|(_, t)| t.id != id);
        self.running[id as usize] = 0;
    }

    /// Removes and returns every timer with this id, in due order.
    pub fn take_all(&mut self, id: TimerId) -> Vec<Timer> {
        self.take_where(|t| t.id == id)
    }

    /// Removes and returns every timer that matches, in due order.
    pub fn take_where(&mut self, matches: impl Fn(&Timer) -> bool) -> Vec<Timer> {
        let mut taken = Vec::new();
        let mut i = self.queue.len();
        while i > 0 {
            i -= 1;
            if matches(&self.queue[i].1) {
                let (_, t) = self.queue.remove(i);
                self.running[t.id as usize] -= 1;
                taken.push(t);
            }
        }
        taken
    }

    /// Replaces the payload of the running timer with this id (a leader's terminate marks the
    /// termination it started).
    pub fn set_payload(&mut self, id: TimerId, payload: Payload) {
        if let Some((_, t)) = self.queue.iter_mut().rev().find(|(_, t)| t.id == id) {
            t.payload = payload;
        }
    }

    #[inline]
    pub fn is_running(&self, id: TimerId) -> bool {
        self.running[id as usize] > 0
    }

    pub fn get(&self, id: TimerId) -> Option<&Timer> {
        if !self.is_running(id) {
            return None;
        }
        self.iter().find(|t| t.id == id)
    }

    /// Removes the earliest timer due at or before `limit`.
    pub fn pop_due(&mut self, limit: Millis) -> Option<Timer> {
        if self.queue.last()?.1.due > limit {
            return None;
        }
        let (_, timer) = self.queue.pop()?;
        self.running[timer.id as usize] -= 1;
        Some(timer)
    }

    /// The earliest due time, if any timer runs.
    pub fn next_due(&self) -> Option<Millis> {
        self.queue.last().map(|(_, t)| t.due)
    }

    /// Running timers, by due time then start order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Timer> {
        self.queue.iter().rev().map(|(_, t)| t)
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_due_order_ties_in_start_order() {
        let mut q = TimerQueue::default();
        q.start(TimerId::DGrace, 0, 10, Payload::None);
        q.start(TimerId::DEmpty, 0, 5, Payload::None);
        q.start(TimerId::DInactivity, 0, 10, Payload::None);
        assert_eq!(q.pop_due(4), None);
        let order: Vec<_> = std::iter::from_fn(|| q.pop_due(10)).map(|t| t.id).collect();
        assert_eq!(order, [TimerId::DEmpty, TimerId::DGrace, TimerId::DInactivity]);
    }

    #[test]
    fn the_running_counts_follow_the_queue() {
        let mut q = TimerQueue::default();
        assert_eq!(TimerId::ALL.len(), q.running.len());
        q.start(TimerId::DGrace, 0, 10, Payload::None);
        q.start(TimerId::CommandResponse, 0, 1, Payload::Command(Box::new(Command::Lock)));
        q.start(TimerId::CommandResponse, 0, 2, Payload::Command(Box::new(Command::Unlock)));
        assert!(q.is_running(TimerId::CommandResponse) && q.get(TimerId::DEmpty).is_none());
        q.pop_due(1);
        assert!(q.is_running(TimerId::CommandResponse));
        q.take_where(|t| t.payload == Payload::Command(Box::new(Command::Unlock)));
        assert!(!q.is_running(TimerId::CommandResponse) && q.is_running(TimerId::DGrace));
        assert!(q.cancel(TimerId::DGrace) && !q.cancel(TimerId::DGrace) && q.is_empty());
    }

    #[test]
    fn cancel_removes_every_timer_with_the_id() {
        let mut q = TimerQueue::default();
        q.start(TimerId::CommandResponse, 0, 1, Payload::Command(Box::new(Command::Lock)));
        q.start(TimerId::CommandResponse, 0, 2, Payload::Command(Box::new(Command::Unlock)));
        assert_eq!(q.take_all(TimerId::CommandResponse).len(), 2);
        assert!(q.is_empty() && !q.cancel(TimerId::CommandResponse));
    }
}
