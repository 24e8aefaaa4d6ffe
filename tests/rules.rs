//! One test per DOMAIN.md rule tag, through the public scenario API, asserting the resulting
//! states (`expect` steps) and what the trace says (errors, failures, raised events).
//!
//! `every_tag_is_applied_by_a_test` runs every case and fails if any tag of `Tag::ALL` is
//! applied by none of them.

use confsim::core::model::{ExceptionKind, FailureReason};
use confsim::core::runner;
use confsim::core::scenario;
use confsim::core::tags::Tag;
use confsim::core::trace::TraceLine;
use serde_json::{json, Value};

/// Runs a scenario (config + steps); every `expect` must hold.
fn run(config: Value, steps: Value) -> Vec<TraceLine> {
    let doc = json!({ "config": config, "steps": steps });
    let s = scenario::from_value(&doc).unwrap_or_else(|e| panic!("invalid test scenario: {e}"));
    let outcome = runner::run(&s);
    assert!(outcome.failures.is_empty(), "expectations failed: {:#?}", outcome.failures);
    outcome.lines
}

/// The steps that take a default (enterprise, promoted leader) endpoint to Connected.
fn joined(mut more: Value) -> Value {
    let mut steps = vec![json!({"event": "BeginJoin"}), json!({"event": "Advance", "by": "PT1S"})];
    steps.append(more.as_array_mut().expect("a list of steps"));
    Value::Array(steps)
}

/// The steps that put a federated endpoint in the lobby of a SameEnterprise conference.
fn in_lobby(mut more: Value) -> Value {
    let mut steps = vec![
        json!({"event": "BeginJoin", "identity": "Federated"}),
        json!({"event": "Advance", "by": "PT1S"}),
        json!({"expect": {"session": "InLobby", "lobby": ["local"], "timers": ["lobby-timeout"]}}),
    ];
    steps.append(more.as_array_mut().expect("a list of steps"));
    Value::Array(steps)
}

fn line_with(trace: &[TraceLine], tag: Tag) -> &TraceLine {
    trace.iter().find(|l| l.has(tag)).unwrap_or_else(|| panic!("no line applies {tag}"))
}

fn line_of<'a>(trace: &'a [TraceLine], event: &str) -> &'a TraceLine {
    trace.iter().find(|l| l.event_name() == event).unwrap_or_else(|| panic!("no {event} line"))
}

fn failed(line: &TraceLine, operation: &str, exception: ExceptionKind, reason: Option<FailureReason>) -> bool {
    line.failed.iter().any(|f| f.operation.name() == operation && f.exception == exception && f.reason == reason)
}

macro_rules! rule_cases {
    ($($name:ident: $tag:ident => ($config:expr, $steps:expr), $check:expr;)*) => {
        $(
            #[test]
            fn $name() {
                let trace = run($config, $steps);
                let _ = line_with(&trace, Tag::$tag);
                let check: fn(&[TraceLine]) = $check;
                check(&trace);
            }
        )*

        /// Every case, for the coverage test.
        fn all_cases() -> Vec<(Tag, Value, Value)> {
            vec![$((Tag::$tag, $config, $steps)),*]
        }
    };
}

rule_cases! {
    t1_begin_join_starts_connecting: T1 => (json!({}), json!([
        {"event": "BeginJoin"},
        {"expect": {"session": "Connecting", "conversation": "Conferencing", "timers": ["join-response"]}}
    ])), |_| {};

    t2_join_completes_after_attendance: T2 => (json!({}), json!([
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"event": "BeginJoin"},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"session": "Connected", "conversation": "Conferenced", "roster": ["alice", "local"],
                    "local": {"role": "Leader", "mode": "Default"}}}
    ])), |t| {
        let l = line_with(t, Tag::T2);
        assert_eq!(l.raised.iter().map(|e| e.name()).collect::<Vec<_>>(), ["StateChanged", "ParticipantEndpointAttendanceChanged"]);
    };

    t3_terminate_from_connected: T3 => (json!({}), joined(json!([
        {"event": "BeginTerminate"},
        {"expect": {"session": "Disconnecting", "conversation": "Terminating", "roster": ["local"],
                    "mcu": {"AudioVideo": "Terminated", "InstantMessaging": "Terminated"}, "timers": ["terminate-complete"]}}
    ]))), |_| {};

    t4_termination_completes: T4 => (json!({}), joined(json!([
        {"event": "BeginTerminate"},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"session": "Disconnected", "conversation": "Terminated", "roster": [], "conference": "Active",
                    "timers": ["D-empty"]}}
    ]))), |_| {};

    t5_escalation_failure_returns_to_idle: T5 => (json!({}), json!([
        {"event": "BeginEscalate"},
        {"event": "Advance", "by": "PT1S"},
        {"event": "EscalationFailed"},
        {"expect": {"session": "Disconnecting", "conversation": "Established"}},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"session": "Idle", "conversation": "Established", "roster": []}}
    ])), |t| {
        assert!(line_with(t, Tag::T5).raised.iter().any(|e| e.name() == "ParticipantEndpointAttendanceChanged"));
        assert!(line_with(t, Tag::T3).has(Tag::T3));
    };

    t6_focus_failover_reconnects: T6 => (json!({}), joined(json!([
        {"event": "FocusFailover"},
        {"expect": {"session": "Reconnecting", "mcu": {"AudioVideo": "Retrying", "InstantMessaging": "Retrying"},
                    "calls": {"AudioVideo": "Idle"}, "timers": ["reconnect-attempt"]}}
    ]))), |t| assert!(line_with(t, Tag::T6).has(Tag::RFocus) && line_with(t, Tag::T6).has(Tag::M3));

    t7_reconnection_succeeds: T7 => (json!({}), joined(json!([
        {"event": "FocusFailover"},
        {"event": "Advance", "by": "PT5S"},
        {"expect": {"session": "Connected", "mcu": {"AudioVideo": "Active", "InstantMessaging": "Active"}}}
    ]))), |t| assert!(line_with(t, Tag::T7).has(Tag::M4));

    t8_the_one_attempt_fails: T8 => (json!({"reconnect": {"succeeds": false}}), joined(json!([
        {"event": "FocusFailover"},
        {"event": "Advance", "by": "PT5S"},
        {"expect": {"session": "Disconnecting"}},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"session": "Disconnected", "roster": []}}
    ]))), |_| {};

    t9_join_fails: T9 => (json!({}), json!([
        {"event": "BeginJoin"},
        {"event": "JoinFailed"},
        {"expect": {"session": "Idle", "conversation": "Idle", "timers": []}}
    ])), |t| assert!(failed(line_with(t, Tag::T9), "BeginJoin", ExceptionKind::ConferenceFailureException, None));

    t10_placed_in_the_lobby: T10 => (json!({}), in_lobby(json!([
        {"expect": {"conversation": "InLobby", "roster": [], "local": {"role": null}}}
    ]))), |_| {};

    t11_failover_in_the_lobby: T11 => (json!({}), in_lobby(json!([
        {"event": "FocusFailover"},
        {"expect": {"session": "Reconnecting", "lobby": ["local"]}}
    ]))), |_| {};

    t12_back_to_the_lobby: T12 => (json!({}), in_lobby(json!([
        {"event": "FocusFailover"},
        {"event": "ReconnectSucceeded"},
        {"expect": {"session": "InLobby", "lobby": ["local"], "timers": ["lobby-timeout"]}}
    ]))), |_| {};

    t13_admitted_by_a_leader: T13 => (json!({}), in_lobby(json!([
        {"event": "LeaderAdmits"},
        {"expect": {"session": "Connected", "conversation": "Conferenced", "roster": ["local"], "lobby": [],
                    "local": {"role": "Attendee"}, "mcu": {"AudioVideo": "Active"}}}
    ]))), |t| assert!(line_with(t, Tag::T13).has(Tag::LLeave));

    t14_denied_from_the_lobby: T14 => (json!({}), in_lobby(json!([
        {"event": "LeaderDenies"},
        {"expect": {"session": "Disconnecting", "lobby": []}},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"session": "Disconnected"}}
    ]))), |t| assert!(failed(line_with(t, Tag::T14), "BeginJoin", ExceptionKind::ConferenceFailureException, Some(FailureReason::UserDenied)));

    m1_mcus_activate_with_the_join: M1 => (json!({}), joined(json!([
        {"expect": {"mcu": {"AudioVideo": "Active", "InstantMessaging": "Active"}}}
    ]))), |t| assert!(line_with(t, Tag::M1).has(Tag::T2));

    m2_unsupported_mcu_terminates: M2 => (json!({"mcus": ["AudioVideo"]}), joined(json!([
        {"expect": {"mcu": {"AudioVideo": "Active", "InstantMessaging": "Terminated"}}}
    ]))), |_| {};

    m3_mcu_failover_retries: M3 => (json!({}), joined(json!([
        {"event": "McuFailover", "modality": "InstantMessaging"},
        {"expect": {"session": "Connected", "mcu": {"AudioVideo": "Active", "InstantMessaging": "Retrying"},
                    "timers": ["mcu-reactivation-InstantMessaging"]}}
    ]))), |_| {};

    m4_mcu_active_again: M4 => (json!({}), joined(json!([
        {"event": "McuFailover", "modality": "InstantMessaging"},
        {"event": "Advance", "by": "PT10S"},
        {"expect": {"mcu": {"InstantMessaging": "Active"}}}
    ]))), |_| {};

    r_focus_fails_pending_and_refuses_new_calls: RFocus => (json!({}), joined(json!([
        {"event": "BeginLockConference"},
        {"event": "FocusFailover"},
        {"event": "BeginUnlockConference"},
        {"event": "BeginEstablishMcuCall", "modality": "AudioVideo"},
        {"event": "Advance", "by": "PT5S"},
        {"expect": {"session": "Connected", "locked": false}}
    ]))), |t| {
        let failover = line_of(t, "FocusFailover");
        assert!(failed(failover, "BeginLockConference", ExceptionKind::OperationFailureException, Some(FailureReason::SessionRetrying)));
        let retry = Some(confsim::core::trace::Exception::retryable());
        assert_eq!(line_of(t, "BeginUnlockConference").error, retry);
        assert_eq!(line_of(t, "BeginEstablishMcuCall").error, retry);
    };

    r_mcu_terminates_the_call_which_can_be_reestablished: RMcu => (json!({}), joined(json!([
        {"event": "BeginEstablishMcuCall", "modality": "AudioVideo"},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"calls": {"AudioVideo": "Established"}}},
        {"event": "McuFailover", "modality": "AudioVideo"},
        {"expect": {"calls": {"AudioVideo": "Terminated"}, "mcu": {"AudioVideo": "Retrying"}}},
        {"event": "BeginEstablishMcuCall", "modality": "AudioVideo"},
        {"event": "McuActivated", "modality": "AudioVideo"},
        {"expect": {"mcu": {"AudioVideo": "Active"}, "timers": []}},
        {"event": "BeginEstablishMcuCall", "modality": "AudioVideo"},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"calls": {"AudioVideo": "Established"}}}
    ]))), |t| {
        let refused = t.iter().filter(|l| l.event_name() == "BeginEstablishMcuCall").nth(1).unwrap();
        assert_eq!(refused.error, Some(confsim::core::trace::Exception::invalid()), "the MCU is Retrying");
    };

    r_hop_repairs_then_updates_until_healed: RHop => (json!({}), joined(json!([
        {"event": "HopFailure"},
        {"expect": {"session": "Connected", "timers": ["route-repair"]}},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"session": "Reconnecting", "mcu": {"AudioVideo": "Active"}, "timers": ["route-update"]}},
        {"event": "Advance", "by": "PT1M"},
        {"expect": {"session": "Reconnecting"}},
        {"event": "RouteHealed"},
        {"expect": {"session": "Connected", "timers": []}}
    ]))), |t| {
        let updates = t.iter().filter(|l| l.timer() == Some("route-update")).count();
        assert_eq!(updates, 2, "an UPDATE every 30 s");
    };

    l_level_decides_who_waits: LLevel => (json!({"access_level": "SameEnterprise"}), json!([
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"event": "ParticipantJoins", "participant": "fed", "kind": "Federated"},
        {"event": "ParticipantJoins", "participant": "anon", "kind": "Anonymous"},
        {"expect": {"roster": ["bob"], "lobby": ["anon", "fed"]}}
    ])), |_| {};

    l_never_leaders_trusted_and_organizer_enter_even_when_locked_out: LNever => (json!({"access_level": "Locked"}), json!([
        {"event": "ParticipantJoins", "participant": "org", "kind": "Enterprise", "organizer": true},
        {"event": "ParticipantJoins", "participant": "lead", "kind": "Anonymous", "leader": true},
        {"event": "ParticipantJoins", "participant": "app", "kind": "Trusted"},
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"expect": {"roster": ["app", "lead", "org"], "lobby": ["bob"]}}
    ])), |_| {};

    l_pstn_follows_the_bypass: LPstn => (json!({"lobby_bypass": "Disabled"}), json!([
        {"event": "ParticipantJoins", "participant": "pstn1", "kind": "Pstn"},
        {"expect": {"lobby": ["pstn1"]}}
    ])), |_| {};

    l_lock_sends_newcomers_to_the_lobby: LLock => (json!({}), joined(json!([
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"event": "BeginLockConference"},
        {"expect": {"locked": false, "timers": ["command-response"]}},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"locked": true}},
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"event": "ParticipantJoins", "participant": "lead", "kind": "Enterprise", "leader": true},
        {"expect": {"roster": ["alice", "lead", "local"], "lobby": ["bob"]}},
        {"event": "BeginUnlockConference"},
        {"event": "Advance", "by": "PT1S"},
        {"event": "ParticipantJoins", "participant": "carol", "kind": "Enterprise"},
        {"expect": {"locked": false, "roster": ["alice", "carol", "lead", "local"], "lobby": ["bob"]}}
    ]))), |t| assert!(line_with(t, Tag::LLock).raised.iter().any(|e| e.name() == "PropertiesChanged"));

    l_retro_opening_the_lobby_is_not_retroactive: LRetro => (json!({}), joined(json!([
        {"event": "ParticipantJoins", "participant": "anon", "kind": "Anonymous"},
        {"event": "BeginModifyConferenceConfiguration", "access_level": "Everyone"},
        {"event": "Advance", "by": "PT1S"},
        {"event": "ParticipantJoins", "participant": "anon2", "kind": "Anonymous"},
        {"expect": {"access_level": "Everyone", "lobby": ["anon"], "roster": ["anon2", "local"]}}
    ]))), |_| {};

    l_promote_on_entry: LPromote => (json!({"automatic_leader_assignment": "Everyone"}), json!([
        {"event": "BeginJoin", "identity": "Anonymous"},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"session": "InLobby", "local": {"role": null}}},
        {"event": "LeaderAdmits"},
        {"expect": {"session": "Connected", "local": {"role": "Leader"}}}
    ])), |t| assert!(line_with(t, Tag::LPromote).has(Tag::T13), "promotion happens on entry, not on arrival");

    l_leave_when_a_waiter_gives_up_or_is_admitted: LLeave => (json!({}), joined(json!([
        {"event": "ParticipantJoins", "participant": "anon", "kind": "Anonymous"},
        {"event": "ParticipantJoins", "participant": "fed", "kind": "Federated"},
        {"event": "ParticipantLeaves", "participant": "anon"},
        {"event": "BeginAdmitLobbyParticipants", "participants": ["fed"]},
        {"event": "Advance", "by": "PT1S"},
        {"expect": {"lobby": [], "roster": ["fed", "local"]}}
    ]))), |t| assert!(line_of(t, "ParticipantLeaves").has(Tag::LLeave));

    d_activate_and_reactivate: DActivate => (json!({}), json!([
        {"expect": {"conference": "Scheduled", "timers": ["D-expiry"]}},
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"expect": {"conference": "Active", "timers": ["D-inactivity"]}},
        {"event": "PresenterEndsMeeting"},
        {"expect": {"conference": "Deactivated", "roster": [], "timers": ["D-expiry"]}},
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"expect": {"conference": "Active", "roster": ["bob"]}}
    ])), |t| assert_eq!(t.iter().filter(|l| l.has(Tag::DActivate)).count(), 2);

    d_manual_end_and_delete: DManual => (json!({}), joined(json!([
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"event": "PresenterEndsMeeting"},
        {"expect": {"conference": "Deactivated", "session": "Disconnecting", "roster": []}},
        {"event": "MeetingDeleted"},
        {"expect": {"conference": "Expired", "timers": ["terminate-complete"]}}
    ]))), |_| {};

    d_grace_the_90_minute_rule: DGrace => (json!({}), json!([
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"event": "BeginJoin", "mode": "TrustedParticipant"},
        {"event": "Advance", "by": "PT5S"},
        {"event": "ParticipantJoins", "participant": "pstn1", "kind": "Pstn"},
        {"event": "ParticipantLeaves", "participant": "alice"},
        {"expect": {"session": "Connected", "timers": ["D-grace"]}},
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"event": "ParticipantLeaves", "participant": "bob"},
        {"event": "Advance", "by": "PT91M"},
        {"expect": {"session": "Disconnected", "conference": "Deactivated", "roster": []}}
    ])), |t| {
        let fired = t.iter().find(|l| l.timer() == Some("D-grace")).unwrap();
        assert_eq!(fired.rules.iter().map(|r| r.name()).collect::<Vec<_>>(), ["D-grace", "D-remove", "T3", "D-expiry"]);
        assert_eq!(serde_json::to_value(fired).unwrap()["t"], json!(5405));
        let countdown_changes = t.iter().filter(|l| l.raised.iter().any(|e| e.name() == "TerminationCountdownStatusChanged"));
        assert_eq!(countdown_changes.count(), 3, "Started, Stopped by bob, Started again");
    };

    d_empty_conference_deactivates: DEmpty => (json!({}), json!([
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"event": "ParticipantLeaves", "participant": "alice"},
        {"expect": {"conference": "Active", "timers": ["D-empty"]}},
        {"event": "Advance", "by": "PT19M"},
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"event": "ParticipantLeaves", "participant": "bob"},
        {"event": "Advance", "by": "PT19M"},
        {"expect": {"conference": "Active"}},
        {"event": "Advance", "by": "PT1M"},
        {"expect": {"conference": "Deactivated"}}
    ])), |_| {};

    d_inactivity_the_24_hour_rule: DInactivity => (json!({}), json!([
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"event": "Advance", "by": "PT12H"},
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"event": "Advance", "by": "PT23H"},
        {"expect": {"conference": "Active"}},
        {"event": "Advance", "by": "PT1H"},
        {"expect": {"conference": "Deactivated", "roster": []}}
    ])), |t| assert_eq!(serde_json::to_value(line_with(t, Tag::DRemove)).unwrap()["t"], json!(36 * 3600));

    d_remove_everyone_including_the_lobby: DRemove => (json!({}), joined(json!([
        {"event": "ParticipantJoins", "participant": "anon", "kind": "Anonymous"},
        {"event": "ParticipantJoins", "participant": "pstn1", "kind": "Pstn"},
        {"event": "OrganizerDeleted"},
        {"expect": {"conference": "Expired", "roster": [], "lobby": [], "session": "Disconnecting"}}
    ]))), |t| {
        let l = line_with(t, Tag::DRemove);
        assert!(l.has(Tag::DManual) && l.has(Tag::LLeave) && l.has(Tag::T3));
    };

    d_expiry_deletes_an_inactive_conference: DExpiry => (json!({"meeting": "AdHoc"}), json!([
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"event": "Advance", "by": "PT9H"},
        {"event": "ParticipantLeaves", "participant": "alice"},
        {"event": "Advance", "by": "PT20M"},
        {"expect": {"conference": "Expired", "timers": []}},
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"expect": {"conference": "Expired", "roster": []}}
    ])), |t| {
        let l = line_with(t, Tag::DExpiry);
        assert_eq!(l.timer(), Some("D-empty"), "past its expiry, an ad hoc conference is deleted when it deactivates");
    };

    v1_leaving_the_lobby_goes_to_idle: V1 => (json!({"variants": {"V1": true}}), in_lobby(json!([
        {"event": "LeaderDenies"},
        {"expect": {"session": "Idle", "conversation": "Terminated", "lobby": [],
                    "mcu": {"AudioVideo": "Terminated", "InstantMessaging": "Terminated"}}},
        {"event": "BeginJoin"}
    ]))), |t| {
        assert!(!line_with(t, Tag::V1).has(Tag::T14));
        assert_eq!(t.last().unwrap().error, Some(confsim::core::trace::Exception::invalid()), "the Conversation is terminated");
    };

    v2_the_24_hour_rule_from_activation: V2 => (json!({"variants": {"V2": true}}), json!([
        {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
        {"event": "Advance", "by": "PT12H"},
        {"event": "ParticipantJoins", "participant": "bob", "kind": "Enterprise"},
        {"event": "Advance", "by": "PT12H"},
        {"expect": {"conference": "Deactivated"}}
    ])), |t| {
        assert!(!line_of(t, "ParticipantJoins").has(Tag::V2), "the activating join starts the countdown");
        assert!(!t.iter().find(|l| l.event_name() == "ParticipantJoins" && l.has(Tag::V2)).unwrap().has(Tag::DInactivity));
        let fired = t.iter().find(|l| l.timer() == Some("D-inactivity")).unwrap();
        assert!(fired.has(Tag::V2), "with V2 off this line would not exist");
    };

    v3_federated_users_keep_it_active: V3 => (json!({"variants": {"V3": true}, "access_level": "Everyone"}), json!([
        {"event": "ParticipantJoins", "participant": "fed", "kind": "Federated"},
        {"event": "ParticipantJoins", "participant": "anon", "kind": "Anonymous"},
        {"event": "Advance", "by": "PT2H"},
        {"expect": {"conference": "Active", "roster": ["anon", "fed"]}},
        {"event": "ParticipantLeaves", "participant": "fed"},
        {"expect": {"timers": ["D-grace"]}}
    ])), |t| assert!(line_of(t, "ParticipantJoins").has(Tag::V3));

    v4_mcus_idle_until_reported_active: V4 => (json!({"variants": {"V4": true}}), joined(json!([
        {"event": "FocusFailover"},
        {"event": "Advance", "by": "PT5S"},
        {"expect": {"session": "Connected", "mcu": {"AudioVideo": "Idle", "InstantMessaging": "Idle"},
                    "timers": ["mcu-reactivation-AudioVideo", "mcu-reactivation-InstantMessaging"]}},
        {"event": "McuActivated", "modality": "AudioVideo"},
        {"expect": {"mcu": {"AudioVideo": "Active", "InstantMessaging": "Idle"}}},
        {"event": "Advance", "by": "PT10S"},
        {"expect": {"mcu": {"InstantMessaging": "Active"}}}
    ]))), |_| {};
}

#[test]
fn every_tag_is_applied_by_a_test() {
    let mut applied = std::collections::BTreeSet::new();
    for (tag, config, steps) in all_cases() {
        let trace = run(config, steps);
        assert!(trace.iter().any(|l| l.has(tag)), "the {tag} case does not apply {tag}");
        applied.extend(trace.iter().flat_map(|l| l.rules.iter().copied()));
    }
    let missing: Vec<&str> = Tag::ALL.iter().filter(|t| !applied.contains(*t)).map(|t| t.name()).collect();
    assert!(missing.is_empty(), "tags applied by no test: {missing:?}");
}

// ----- exceptions and fine points (DOMAIN.md §2, §9) -------------------------------------------

fn error_of(trace: &[TraceLine], event: &str) -> Option<(ExceptionKind, Option<FailureReason>)> {
    line_of(trace, event).error.map(|e| (e.exception, e.reason))
}

#[test]
fn wrong_state_calls_throw_invalid_operation() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "BeginJoin"},
            {"event": "BeginEscalate"},
            {"expect": {"session": "Connected"}}
        ])),
    );
    let joins: Vec<_> = t.iter().filter(|l| l.event_name() == "BeginJoin").collect();
    assert_eq!(joins[1].error.map(|e| e.exception), Some(ExceptionKind::InvalidOperationException));
    assert!(joins[1].rules.is_empty());
    assert_eq!(error_of(&t, "BeginEscalate"), Some((ExceptionKind::InvalidOperationException, None)));
}

#[test]
fn leader_commands_need_connected() {
    let t = run(
        json!({}),
        in_lobby(json!([{"event": "BeginLockConference"}, {"event": "BeginEject", "participant": "x"}])),
    );
    assert_eq!(error_of(&t, "BeginLockConference"), Some((ExceptionKind::InvalidOperationException, None)));
    assert_eq!(error_of(&t, "BeginEject"), Some((ExceptionKind::InvalidOperationException, None)));
}

#[test]
fn a_non_leaders_command_is_sent_and_refused_by_the_focus() {
    let t = run(
        json!({"automatic_leader_assignment": "Disabled"}),
        joined(json!([
            {"expect": {"local": {"role": "Attendee"}}},
            {"event": "BeginLockConference"},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"locked": false}}
        ])),
    );
    assert_eq!(error_of(&t, "BeginLockConference"), None);
    let answer = t.iter().find(|l| l.timer() == Some("command-response")).unwrap();
    assert!(failed(answer, "BeginLockConference", ExceptionKind::ConferenceFailureException, None));
}

#[test]
fn a_non_leaders_terminate_conference_only_leaves() {
    let t = run(
        json!({"automatic_leader_assignment": "Disabled"}),
        json!([
            {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
            {"event": "BeginJoin"},
            {"event": "Advance", "by": "PT1S"},
            {"event": "BeginTerminateConference"},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"session": "Disconnected", "conference": "Active", "roster": ["alice"]}}
        ]),
    );
    assert!(!t.iter().any(|l| l.has(Tag::DManual)));
}

#[test]
fn a_leaders_terminate_conference_ends_it_when_the_focus_answers() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
            {"event": "BeginTerminateConference"},
            {"expect": {"session": "Disconnecting", "conference": "Active"}},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"session": "Disconnected", "conference": "Deactivated", "roster": []}}
        ])),
    );
    let end = line_with(&t, Tag::DManual);
    assert_eq!(end.rules.iter().map(|r| r.name()).collect::<Vec<_>>(), ["D-manual", "D-remove", "D-expiry", "T4"]);
}

#[test]
fn commands_naming_absent_participants_fail_but_act_on_the_others() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "ParticipantJoins", "participant": "anon", "kind": "Anonymous"},
            {"event": "BeginAdmitLobbyParticipants", "participants": ["ghost", "anon"]},
            {"event": "BeginEject", "participant": "nobody"},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"roster": ["anon", "local"], "lobby": []}}
        ])),
    );
    let answers: Vec<_> = t.iter().filter(|l| l.timer() == Some("command-response")).collect();
    assert!(failed(answers[0], "BeginAdmitLobbyParticipants", ExceptionKind::ConferenceFailureException, None));
    assert!(failed(answers[1], "BeginEject", ExceptionKind::ConferenceFailureException, None));
}

#[test]
fn terminating_cuts_off_pending_operations() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "BeginLockConference"},
            {"event": "BeginTerminate"},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"locked": false, "session": "Disconnected"}}
        ])),
    );
    assert!(failed(
        line_of(&t, "BeginTerminate"),
        "BeginLockConference",
        ExceptionKind::OperationFailureException,
        Some(FailureReason::SessionTerminated)
    ));
}

#[test]
fn terminate_while_connecting_aborts_the_join() {
    let t = run(
        json!({}),
        json!([
            {"event": "BeginJoin"},
            {"event": "BeginTerminate"},
            {"expect": {"session": "Idle", "conversation": "Terminating", "timers": ["D-expiry", "terminate-complete"]}},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"session": "Idle", "conversation": "Terminated", "timers": ["D-expiry"]}}
        ]),
    );
    assert!(failed(
        line_with(&t, Tag::T9),
        "BeginJoin",
        ExceptionKind::OperationFailureException,
        Some(FailureReason::Aborted)
    ));
}

#[test]
fn terminate_while_reconnecting_is_t8_and_while_disconnecting_does_nothing() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "DialogRecovery"},
            {"event": "BeginTerminate"},
            {"expect": {"session": "Disconnecting"}},
            {"event": "BeginTerminate"},
            {"expect": {"session": "Disconnecting"}}
        ])),
    );
    let terminates: Vec<_> = t.iter().filter(|l| l.event_name() == "BeginTerminate").collect();
    assert!(terminates[0].has(Tag::T8));
    assert!(terminates[1].rules.is_empty() && terminates[1].error.is_none());
}

#[test]
fn ejected_while_reconnecting_the_reconnection_fails() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "FocusFailover"},
            {"event": "LeaderEjects"},
            {"expect": {"session": "Reconnecting", "roster": []}},
            {"event": "ReconnectSucceeded"},
            {"expect": {"session": "Disconnecting"}}
        ])),
    );
    assert!(line_of(&t, "ReconnectSucceeded").has(Tag::T8));
}

#[test]
fn the_lobby_timeout_fails_the_join_and_leaves_on_t4() {
    let t = run(
        json!({}),
        in_lobby(json!([
            {"event": "Advance", "by": "PT15M"},
            {"expect": {"session": "Disconnecting", "lobby": ["local"]}},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"session": "Disconnected", "lobby": [], "conference": "Active"}}
        ])),
    );
    let timeout = t.iter().find(|l| l.timer() == Some("lobby-timeout")).unwrap();
    assert!(timeout.has(Tag::T14));
    assert!(failed(timeout, "BeginJoin", ExceptionKind::OperationTimeoutException, None));
    assert!(line_with(&t, Tag::T4).has(Tag::LLeave));
}

#[test]
fn an_unsupported_call_state_change_is_a_no_op() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "ReconnectSucceeded"},
            {"event": "RouteHealed"},
            {"event": "LeaderAdmits"},
            {"event": "JoinResponse"}
        ])),
    );
    for l in &t[2..] {
        assert!(l.rules.is_empty() && l.error.is_none() && l.failed.is_empty(), "{}", l.event_name());
    }
}

#[test]
fn the_application_recovery_timeout_ends_r_hop() {
    let t = run(
        json!({"app_recovery_timeout": "PT2M"}),
        joined(json!([
            {"event": "DialogRecovery"},
            {"expect": {"timers": ["route-update", "app-recovery-timeout"]}},
            {"event": "Advance", "by": "PT2M"},
            {"expect": {"session": "Disconnecting"}}
        ])),
    );
    let fired = t.iter().find(|l| l.timer() == Some("app-recovery-timeout")).unwrap();
    assert!(fired.has(Tag::T8) && fired.has(Tag::RHop));
}

#[test]
fn expiry_by_meeting_kind() {
    use confsim::core::duration::DAY;
    let due = |config: Value, steps: Value| -> u64 {
        let s = scenario::from_value(&json!({"config": config, "steps": steps})).unwrap();
        let (world, _) = runner::run_with(&s, |_| {});
        let due = world.timers().find(|t| t.id.name() == "D-expiry").map(|t| t.due).unwrap();
        due
    };
    let use_it = json!([
        {"event": "Advance", "by": "P3D"},
        {"event": "ParticipantJoins", "participant": "a", "kind": "Enterprise"},
        {"event": "PresenterEndsMeeting"}
    ]);
    assert_eq!(due(json!({}), json!([])), 3_600_000 + 14 * DAY);
    assert_eq!(due(json!({"meeting": "RecurringWithEnd", "meeting_end": "P30D"}), json!([])), 44 * DAY);
    assert_eq!(due(json!({"meeting": "RecurringNoEnd"}), json!([])), 180 * DAY);
    assert_eq!(due(json!({"meeting": "RecurringNoEnd"}), use_it.clone()), 183 * DAY);
    assert_eq!(due(json!({"meeting": "MeetNow"}), json!([])), 8 * 3_600_000);
    assert_eq!(due(json!({"expiry": "P400D"}), use_it), 400 * DAY);
}

#[test]
fn timers_started_during_an_advance_fire_in_it_in_time_order() {
    let t = run(
        json!({}),
        json!([
            {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
            {"event": "BeginJoin"},
            {"event": "ParticipantLeaves", "participant": "alice"},
            {"event": "Advance", "by": "P20D"}
        ]),
    );
    let fired: Vec<(&str, serde_json::Value)> = t
        .iter()
        .filter(|l| l.event_name() == "TimerFired")
        .map(|l| (l.timer().unwrap(), serde_json::to_value(l).unwrap()["t"].clone()))
        .collect();
    // join-response at 1 s; D-empty stops when local enters; D-inactivity 1 day after the last entry.
    assert_eq!(
        fired,
        [
            ("join-response", json!(1)),
            ("D-inactivity", json!(86_401)),
            ("terminate-complete", json!(86_402)),
            ("D-expiry", json!(3600 + 14 * 86_400))
        ]
    );
    assert!(t.iter().all(|l| l.step <= 3));
}

#[test]
fn fourteen_days_cost_what_the_timers_cost() {
    let t = run(
        json!({}),
        json!([
            {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"},
            {"event": "Advance", "by": "P14D"}
        ]),
    );
    // alice's line, D-inactivity firing, and the advance itself.
    assert_eq!(t.len(), 3);
}

#[test]
fn escalating_again_while_a_failed_escalation_cleans_up_is_invalid() {
    // Found by the property test: the Conversation is Established again but the session is
    // still Disconnecting, so an escalation cannot start T1 yet.
    let t = run(
        json!({}),
        json!([
            {"event": "BeginEscalate"},
            {"event": "Advance", "by": "PT1S"},
            {"event": "EscalationFailed"},
            {"event": "BeginEscalate"},
            {"expect": {"session": "Disconnecting", "conversation": "Established"}},
            {"event": "Advance", "by": "PT1S"},
            {"event": "BeginEscalate"},
            {"expect": {"session": "Connecting"}}
        ]),
    );
    let escalations: Vec<_> = t.iter().filter(|l| l.event_name() == "BeginEscalate").collect();
    assert_eq!(escalations[1].error, Some(confsim::core::trace::Exception::invalid()));
    assert!(escalations[2].has(Tag::T1));
}

#[test]
fn judging_events_for_the_event_panel() {
    use confsim::core::event::Event;
    let s = scenario::from_value(&json!({"config": {"automatic_leader_assignment": "Disabled"},
        "steps": [{"event": "BeginJoin"}, {"event": "Advance", "by": "PT1S"}]}))
    .unwrap();
    let (world, _) = runner::run_with(&s, |_| {});
    assert!(world.judge(&Event::FocusFailover).legal);
    let join = world.judge(&Event::BeginJoin(Default::default()));
    assert!(!join.legal && join.error == Some(confsim::core::trace::Exception::invalid()));
    let lock = world.judge(&Event::BeginLockConference);
    assert!(!lock.legal && lock.error.is_none());
    assert_eq!(
        lock.later[0].exception,
        ExceptionKind::ConferenceFailureException,
        "a non-leader is refused when the Focus answers"
    );
    let nothing = world.judge(&Event::ReconnectSucceeded);
    assert!(!nothing.legal && nothing.error.is_none() && !nothing.changes);
    assert!(world.judge(&Event::Advance { by: 0 }).legal);
}

// ----- regressions found by review ---------------------------------------------------------------

#[test]
fn a_pending_route_repair_does_not_swallow_route_healed() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "HopFailure"},
            {"event": "DialogRecovery"},
            {"expect": {"session": "Reconnecting"}},
            {"event": "RouteHealed"},
            {"expect": {"session": "Connected", "timers": []}},
            {"event": "Advance", "by": "PT5S"}
        ])),
    );
    assert!(line_of(&t, "RouteHealed").has(Tag::T7));
    assert!(t.iter().all(|l| l.timer() != Some("route-repair")));
}

#[test]
fn the_application_timeout_carries_the_recoverys_tag() {
    let t = run(
        json!({"app_recovery_timeout": "PT3S"}),
        joined(json!([
            {"event": "FocusFailover"},
            {"event": "Advance", "by": "PT3S"},
            {"expect": {"session": "Disconnecting"}}
        ])),
    );
    let fired = t.iter().find(|l| l.timer() == Some("app-recovery-timeout")).unwrap();
    assert!(fired.has(Tag::RFocus) && !fired.has(Tag::RHop) && fired.has(Tag::T8));
}

#[test]
fn denied_while_reconnecting_from_the_lobby_the_reconnection_fails() {
    let t = run(
        json!({}),
        in_lobby(json!([
            {"event": "FocusFailover"},
            {"event": "LeaderDenies"},
            {"expect": {"session": "Reconnecting", "lobby": []}},
            {"event": "ReconnectSucceeded"},
            {"expect": {"session": "Disconnecting"}}
        ])),
    );
    assert!(line_of(&t, "LeaderDenies").has(Tag::LLeave));
    assert!(line_of(&t, "ReconnectSucceeded").has(Tag::T8));
}

#[test]
fn deactivation_unlocks_with_l_lock() {
    let t = run(
        json!({}),
        joined(json!([
            {"event": "BeginLockConference"},
            {"event": "Advance", "by": "PT1S"},
            {"event": "PresenterEndsMeeting"},
            {"expect": {"locked": false, "conference": "Deactivated"}}
        ])),
    );
    assert!(line_of(&t, "PresenterEndsMeeting").has(Tag::LLock));
}

#[test]
fn v3_tags_the_d_grace_line_whose_time_it_moved() {
    let t = run(
        json!({"variants": {"V3": true}, "access_level": "Everyone"}),
        json!([
            {"event": "ParticipantJoins", "participant": "anon", "kind": "Anonymous"},
            {"event": "ParticipantJoins", "participant": "fed", "kind": "Federated"},
            {"event": "Advance", "by": "PT1H"},
            {"event": "ParticipantLeaves", "participant": "fed"},
            {"event": "Advance", "by": "PT90M"},
            {"expect": {"conference": "Deactivated"}}
        ]),
    );
    assert!(t.iter().find(|l| l.timer() == Some("D-grace")).unwrap().has(Tag::V3));
}

#[test]
fn terminating_during_the_escalation_clean_up_terminates_the_conversation() {
    run(
        json!({}),
        json!([
            {"event": "BeginEscalate"},
            {"event": "Advance", "by": "PT1S"},
            {"event": "EscalationFailed"},
            {"event": "BeginTerminate"},
            {"expect": {"session": "Disconnecting", "conversation": "Terminating"}},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"session": "Idle", "conversation": "Terminated"}}
        ]),
    );
}

// ----- DOMAIN.md §9, the decided readings --------------------------------------------------

#[test]
fn a_remote_organizer_arrives_as_a_leader_without_l_promote() {
    let t = run(
        json!({}),
        json!([
            {"event": "ParticipantJoins", "participant": "olga", "kind": "Enterprise", "organizer": true},
            {"event": "ParticipantJoins", "participant": "alice", "kind": "Enterprise"}
        ]),
    );
    assert!(!line_of(&t, "ParticipantJoins").has(Tag::LPromote), "the organizer is a leader on arrival");
    assert!(t[1].has(Tag::LPromote), "an enterprise attendee is still promoted");
}

#[test]
fn begin_terminate_always_passes_through_terminating() {
    for (prefix, session) in [(json!([]), "Idle"), (json!([{"event": "BeginJoin"}, {"event": "JoinFailed"}]), "Idle")] {
        let mut steps = prefix.as_array().unwrap().clone();
        steps.extend([
            json!({"event": "BeginTerminate"}),
            json!({"expect": {"session": session, "conversation": "Terminating", "timers": ["terminate-complete"]}}),
            json!({"event": "BeginTerminate"}),
            json!({"event": "Advance", "by": "PT1S"}),
            json!({"expect": {"session": session, "conversation": "Terminated"}}),
            json!({"event": "BeginJoin"}),
        ]);
        let t = run(json!({}), Value::Array(steps));
        let completes = t.iter().filter(|l| l.timer() == Some("terminate-complete")).count();
        assert_eq!(completes, 1, "a second BeginTerminate while Terminating does nothing");
        assert_eq!(
            t.last().unwrap().error,
            Some(confsim::core::trace::Exception::invalid()),
            "a terminated Conversation cannot join"
        );
    }
    // After T4 the Conversation went through Terminating already.
    run(
        json!({}),
        json!([
            {"event": "BeginJoin"}, {"event": "Advance", "by": "PT1S"}, {"event": "BeginTerminate"},
            {"expect": {"session": "Disconnecting", "conversation": "Terminating"}},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"session": "Disconnected", "conversation": "Terminated", "timers": ["D-empty", "D-inactivity"]}}
        ]),
    );
}

#[test]
fn a_failed_escalation_join_is_reported_as_begin_escalate() {
    let t = run(
        json!({}),
        json!([
            {"event": "BeginEscalate"},
            {"event": "JoinFailed"},
            {"expect": {"session": "Idle", "conversation": "Established"}}
        ]),
    );
    assert!(failed(line_with(&t, Tag::T9), "BeginEscalate", ExceptionKind::ConferenceFailureException, None));
    assert!(!failed(line_with(&t, Tag::T9), "BeginJoin", ExceptionKind::ConferenceFailureException, None));
    // A direct join still fails as BeginJoin.
    let t = run(json!({}), json!([{"event": "BeginJoin"}, {"event": "JoinFailed"}]));
    assert!(failed(line_with(&t, Tag::T9), "BeginJoin", ExceptionKind::ConferenceFailureException, None));
}

#[test]
fn v3_marks_only_lines_whose_own_outcome_it_changes() {
    // V3 on, access Everyone: a federated user keeps the conference from D-grace; a presenter
    // ending the meeting discards D-grace under either reading, so that line carries no V3.
    let t = run(
        json!({"access_level": "Everyone", "variants": {"V3": true}}),
        json!([
            {"event": "ParticipantJoins", "participant": "pstn1", "kind": "Pstn"},
            {"event": "ParticipantJoins", "participant": "fed", "kind": "Federated"},
            {"event": "PresenterEndsMeeting"},
            {"expect": {"conference": "Deactivated", "roster": []}}
        ]),
    );
    assert!(t[1].has(Tag::V3), "the federated join stops D-grace only under V3");
    assert!(!line_of(&t, "PresenterEndsMeeting").has(Tag::V3), "{:?}", line_of(&t, "PresenterEndsMeeting").rules);
}

#[test]
fn a_focus_reconnect_does_not_end_an_mcu_failover() {
    let t = run(
        json!({}),
        json!([
            {"event": "BeginJoin"},
            {"event": "Advance", "by": "PT1S"},
            {"event": "McuFailover", "modality": "AudioVideo"},
            {"event": "FocusFailover"},
            {"expect": {"session": "Reconnecting", "mcu": {"AudioVideo": "Retrying", "InstantMessaging": "Retrying"}}},
            {"event": "Advance", "by": "PT5S"},
            {"expect": {"session": "Connected", "mcu": {"AudioVideo": "Retrying", "InstantMessaging": "Active"},
                        "timers": ["mcu-reactivation-AudioVideo"]}},
            {"event": "Advance", "by": "PT5S"},
            {"expect": {"mcu": {"AudioVideo": "Active"}}}
        ]),
    );
    let t7 = line_with(&t, Tag::T7);
    assert_eq!(t7.t, 6_000);
    assert!(t7.state.timers.iter().any(|x| x.id == "mcu-reactivation-AudioVideo" && x.due == 11_000));
    let m4 = t.iter().find(|l| l.timer() == Some("mcu-reactivation-AudioVideo")).expect("the reactivation fires");
    assert!(m4.has(Tag::M4) && m4.has(Tag::RMcu) && m4.t == 11_000);
}

#[test]
fn a_diagram_edge_fires_the_event_that_takes_it_now() {
    use confsim::core::config::Config;
    use confsim::core::event::{Event, JoinOptions};
    use confsim::core::model::{Identity, SessionState as S};
    use confsim::core::world::World;
    let mut w = World::new(Config::default());
    assert!(matches!(w.edge_event(Tag::T1, S::Idle, S::Connecting), Some(Event::BeginJoin(_))));
    w.step(0, &Event::BeginJoin(JoinOptions::default()));
    assert_eq!(w.edge_event(Tag::T2, S::Connecting, S::Connected), Some(Event::JoinResponse));
    assert_eq!(w.edge_event(Tag::T10, S::Connecting, S::InLobby), None, "an enterprise endpoint is admitted");
    assert_eq!(w.edge_event(Tag::T9, S::Connecting, S::Idle), Some(Event::JoinFailed));
    w.step(1, &Event::JoinResponse);
    assert_eq!(w.edge_event(Tag::T6, S::Connected, S::Reconnecting), Some(Event::FocusFailover));
    assert_eq!(w.edge_event(Tag::T4, S::Disconnecting, S::Disconnected), None, "not from the current state");
    // Reconnecting from the lobby: only T12 can happen, T7 cannot.
    let mut w = World::new(Config::default());
    w.step(0, &Event::BeginJoin(JoinOptions { identity: Identity::Federated, ..JoinOptions::default() }));
    w.step(1, &Event::JoinResponse);
    w.step(2, &Event::FocusFailover);
    assert_eq!(w.local().session, S::Reconnecting);
    assert_eq!(w.edge_event(Tag::T7, S::Reconnecting, S::Connected), None);
    assert_eq!(w.edge_event(Tag::T12, S::Reconnecting, S::InLobby), Some(Event::ReconnectSucceeded));
    assert_eq!(w.edge_event(Tag::T8, S::Reconnecting, S::Disconnecting), Some(Event::ReconnectFailed));
}
