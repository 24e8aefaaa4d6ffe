//! The command-line runner, end to end: the real `confsim` binary on the scenario files in
//! `scenarios/`, on standard input, on failing expectations, on invalid scenarios and on
//! odd input (SCENARIOS.md "The runner").

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

/// The keys every trace line carries (SCENARIOS.md "Trace").
const LINE_KEYS: [&str; 8] = ["t", "step", "event", "rules", "error", "failed", "raised", "state"];

fn confsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_confsim"))
}

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Every `scenarios/*.json`, sorted by name.
fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn scenario_path(name: &str) -> PathBuf {
    let path = scenarios_dir().join(name);
    assert!(path.is_file(), "missing scenario file {}", path.display());
    path
}

fn run_file(path: &Path) -> Output {
    confsim().arg("run").arg(path).output().expect("the confsim binary runs")
}

fn run_stdin(input: &[u8]) -> Output {
    let mut child = confsim()
        .args(["run", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the confsim binary starts");
    {
        let mut stdin = child.stdin.take().expect("a stdin pipe");
        // The runner may stop reading early on some inputs; a broken pipe is not our concern.
        let _ = stdin.write_all(input);
    }
    child.wait_with_output().expect("the confsim binary finishes")
}

fn run_text(input: &str) -> Output {
    run_stdin(input.as_bytes())
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// Parses stdout as JSON Lines, asserting that every line is a trace line with all its keys.
fn trace(out: &Output, what: &str) -> Vec<Value> {
    let text = stdout(out);
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let value: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: stdout line {i} is not JSON ({e}): {line}"));
        let object = value.as_object().unwrap_or_else(|| panic!("{what}: stdout line {i} is not an object: {line}"));
        for key in LINE_KEYS {
            assert!(object.contains_key(key), "{what}: stdout line {i} lacks `{key}`: {line}");
        }
        assert!(object["t"].is_number(), "{what}: line {i}: `t` is not a number");
        assert!(object["step"].is_u64(), "{what}: line {i}: `step` is not an index");
        assert!(object["event"]["event"].is_string(), "{what}: line {i}: `event.event` is not a name");
        assert!(object["rules"].is_array(), "{what}: line {i}: `rules` is not a list");
        assert!(object["failed"].is_array(), "{what}: line {i}: `failed` is not a list");
        assert!(object["raised"].is_array(), "{what}: line {i}: `raised` is not a list");
        assert!(object["error"].is_null() || object["error"].is_object(), "{what}: line {i}: bad `error`");
        assert!(object["state"].is_object(), "{what}: line {i}: `state` is not an object");
        lines.push(value);
    }
    lines
}

/// Runs a scenario file that must hold every expectation, and returns its trace.
fn clean_trace(name: &str) -> Vec<Value> {
    let out = run_file(&scenario_path(name));
    assert_eq!(code(&out), Some(0), "{name}: stderr: {}", stderr(&out));
    let lines = trace(&out, name);
    assert!(!lines.is_empty(), "{name}: empty trace");
    lines
}

fn rules(line: &Value) -> Vec<&str> {
    line["rules"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

fn has_rules(line: &Value, tags: &[&str]) -> bool {
    let r = rules(line);
    tags.iter().all(|t| r.contains(t))
}

fn timer_ids(line: &Value) -> Vec<&str> {
    line["state"]["timers"]
        .as_array()
        .map(|ts| ts.iter().filter_map(|t| t["id"].as_str()).collect())
        .unwrap_or_default()
}

fn fired(line: &Value, timer: &str) -> bool {
    line["event"]["event"] == "TimerFired" && line["event"]["timer"] == timer
}

fn event_name(line: &Value) -> &str {
    line["event"]["event"].as_str().unwrap_or_default()
}

/// The first line that satisfies `pred`, or a panic naming `what`.
fn find<'a>(lines: &'a [Value], what: &str, pred: impl Fn(&Value) -> bool) -> &'a Value {
    lines.iter().find(|l| pred(l)).unwrap_or_else(|| panic!("no trace line where {what}"))
}

/// Asserts that the tags appear in this order across the trace (each on a later or the same line).
fn assert_tag_order(lines: &[Value], tags: &[&str], what: &str) {
    let mut position = 0;
    for tag in tags {
        match lines[position..].iter().position(|l| rules(l).contains(tag)) {
            Some(offset) => position += offset,
            None => panic!("{what}: tag {tag} not found in order {tags:?}"),
        }
    }
}

fn failed_contains(line: &Value, operation: &str, exception: &str) -> bool {
    line["failed"]
        .as_array()
        .is_some_and(|fs| fs.iter().any(|f| f["operation"] == operation && f["exception"] == exception))
}

// ----- the scenario files ----------------------------------------------------------------------

#[test]
fn every_scenario_file_holds_and_prints_a_valid_trace() {
    let files = scenario_files();
    assert!(files.len() >= 11, "expected at least 11 scenario files, found {}", files.len());
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            !stem.is_empty()
                && stem
                    .split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{name}: file names are kebab-case"
        );

        // The file itself: a name, a description for learners, and several expectations.
        let text = std::fs::read_to_string(path).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
        assert!(doc["name"].as_str().is_some_and(|s| !s.is_empty()), "{name}: no name");
        assert!(doc["description"].as_str().is_some_and(|s| s.len() > 100), "{name}: no real description");
        let steps = doc["steps"].as_array().unwrap_or_else(|| panic!("{name}: no steps"));
        let expects = steps.iter().filter(|s| s.get("expect").is_some()).count();
        assert!(expects >= 3, "{name}: only {expects} expect steps");

        let out = run_file(path);
        assert_eq!(code(&out), Some(0), "{name}: stderr: {}", stderr(&out));
        assert!(out.stderr.is_empty(), "{name}: unexpected stderr: {}", stderr(&out));
        let lines = trace(&out, &name);
        let events = steps.iter().filter(|s| s.get("event").is_some()).count();
        assert!(lines.len() >= events, "{name}: {} lines for {events} events", lines.len());

        // Steps are numbered in file order (expectations included) and time never runs backwards.
        let mut last_t = 0.0;
        let mut last_step = 0;
        for line in &lines {
            let t = line["t"].as_f64().unwrap();
            let step = line["step"].as_u64().unwrap() as usize;
            assert!(t >= last_t, "{name}: time went backwards");
            assert!(step >= last_step && step < steps.len(), "{name}: bad step index {step}");
            assert!(steps[step].get("event").is_some(), "{name}: line names expect step {step}");
            last_t = t;
            last_step = step;
        }
    }
}

#[test]
fn trusted_participant_alone_is_removed_90_minutes_after_the_last_enterprise_user() {
    let lines = clean_trace("trusted-participant-alone.json");
    let left =
        find(&lines, "bob leaves", |l| event_name(l) == "ParticipantLeaves" && l["event"]["participant"] == "bob");
    assert!(rules(left).contains(&"D-grace"), "the countdown starts when bob leaves");
    assert!(left["raised"].as_array().unwrap().iter().any(|r| r == "TerminationCountdownStatusChanged"));
    let fire = find(&lines, "D-grace fires", |l| fired(l, "D-grace"));
    assert_eq!(fire["t"].as_f64().unwrap() - left["t"].as_f64().unwrap(), 5400.0, "exactly 90 minutes");
    assert!(has_rules(fire, &["D-grace", "D-remove", "T3"]));
    assert_eq!(fire["state"]["roster"], serde_json::json!([]));
    assert_eq!(fire["state"]["conference"], "Deactivated");
    assert_eq!(fire["state"]["local"]["mode"], "TrustedParticipant");
    assert_tag_order(&lines, &["T1", "T2", "D-grace", "T3", "T4"], "trusted participant");
}

#[test]
fn pstn_callers_are_removed_by_the_90_minute_rule() {
    let lines = clean_trace("pstn-callers-removed-after-90-minutes.json");
    let removal = find(&lines, "D-grace and D-remove", |l| has_rules(l, &["D-grace", "D-remove"]));
    assert!(fired(removal, "D-grace"));
    assert_eq!(removal["state"]["roster"], serde_json::json!([]));
    // Carol's entry stops the countdown: D-grace tagged, and no longer running.
    let carol =
        find(&lines, "carol joins", |l| event_name(l) == "ParticipantJoins" && l["event"]["participant"] == "carol");
    assert!(rules(carol).contains(&"D-grace"));
    assert!(!timer_ids(carol).contains(&"D-grace"), "the countdown stopped");
    // The callers dialled in past the lobby because of the gateway bypass.
    let pstn1 = find(&lines, "pstn1 joins", |l| l["event"]["participant"] == "pstn1");
    assert_eq!(rules(pstn1), ["L-pstn"]);
}

#[test]
fn the_24_hour_rule_and_its_v2_reading_differ() {
    let default = clean_trace("twenty-four-hour-rule.json");
    let v2 = clean_trace("twenty-four-hour-rule-v2.json");
    let fire_default = find(&default, "D-inactivity fires", |l| fired(l, "D-inactivity"));
    let fire_v2 = find(&v2, "D-inactivity fires (V2)", |l| fired(l, "D-inactivity"));
    // Default: a day after Carol's entry (12 h + 1 s in); V2: a day after activation.
    assert_eq!(fire_default["t"].as_f64(), Some(43_201.0 + 86_400.0));
    assert_eq!(fire_v2["t"].as_f64(), Some(86_400.0));
    assert!(has_rules(fire_default, &["D-inactivity", "D-remove", "T3"]));
    assert!(has_rules(fire_v2, &["D-inactivity", "D-remove", "T3"]));
    assert!(!default.iter().any(|l| rules(l).contains(&"V2")), "no V2 tag with the variant off");
    let carol = find(&v2, "carol joins (V2)", |l| l["event"]["participant"] == "carol");
    assert!(rules(carol).contains(&"V2") && !rules(carol).contains(&"D-inactivity"));
}

#[test]
fn focus_failover_in_the_lobby_goes_t10_t11_t12_t13() {
    let lines = clean_trace("focus-failover-in-lobby.json");
    assert_tag_order(&lines, &["T1", "T10", "T11", "T12", "T13"], "lobby failover");
    let refused = find(&lines, "a Begin* while reconnecting", |l| !l["error"].is_null());
    assert_eq!(refused["error"]["exception"], "RealTimeInvalidOperationException");
    assert_eq!(refused["error"]["reason"], "RetryableOperation");
    let t11 = find(&lines, "T11", |l| rules(l).contains(&"T11"));
    assert_eq!(t11["failed"], serde_json::json!([]), "a join waiting in the lobby is not a pending operation");
}

#[test]
fn failed_reconnection_goes_t6_t8_t4() {
    let lines = clean_trace("failed-reconnection.json");
    assert_tag_order(&lines, &["T6", "T8", "T4"], "failed reconnection");
    let t6 = find(&lines, "T6", |l| rules(l).contains(&"T6"));
    assert!(t6["failed"].as_array().unwrap().iter().any(|f| f["operation"] == "BeginLockConference"
        && f["exception"] == "OperationFailureException"
        && f["reason"] == "SessionRetrying"));
    let t8 = find(&lines, "T8", |l| rules(l).contains(&"T8"));
    assert!(fired(t8, "reconnect-attempt"));
}

#[test]
fn mcu_failover_terminates_the_call_and_it_is_reestablished() {
    let lines = clean_trace("mcu-failover-reestablish-call.json");
    let m3 = find(&lines, "M3", |l| rules(l).contains(&"M3"));
    assert_eq!(m3["state"]["calls"]["AudioVideo"], "Terminated");
    assert_eq!(m3["state"]["session"], "Connected");
    let m4 = find(&lines, "M4", |l| rules(l).contains(&"M4"));
    assert!(fired(m4, "mcu-reactivation-AudioVideo"));
    assert_eq!(lines.last().unwrap()["state"]["calls"]["AudioVideo"], "Established");
}

#[test]
fn hop_failure_heals_or_the_application_gives_up() {
    let heals = clean_trace("intermediate-hop-heals.json");
    assert_tag_order(&heals, &["R-hop", "T6", "T7"], "hop heals");
    let updates = heals.iter().filter(|l| fired(l, "route-update")).count();
    assert_eq!(updates, 10, "an UPDATE every 30 s for 5 minutes");
    assert!(!heals.iter().any(|l| rules(l).contains(&"T8")));

    let gives_up = clean_trace("intermediate-hop-app-timeout.json");
    let t8 = find(&gives_up, "T8", |l| rules(l).contains(&"T8"));
    assert!(fired(t8, "app-recovery-timeout"));
    assert_tag_order(&gives_up, &["T6", "T8", "T4"], "application recovery timeout");
}

#[test]
fn escalation_failure_goes_t3_then_t5() {
    let lines = clean_trace("escalation-failure.json");
    assert_tag_order(&lines, &["T1", "T2", "T3", "T5", "T1", "T2"], "escalation failure");
    let t5 = find(&lines, "T5", |l| rules(l).contains(&"T5"));
    assert_eq!(t5["state"]["session"], "Idle");
    assert_eq!(t5["state"]["conversation"], "Established");
    assert!(!lines.iter().any(|l| rules(l).contains(&"T4")), "no T4 after a failed escalation");
}

#[test]
fn client_lobby_timeout_fails_the_join_after_15_minutes() {
    let lines = clean_trace("client-lobby-timeout.json");
    let t14 = find(&lines, "T14", |l| rules(l).contains(&"T14"));
    assert!(fired(t14, "lobby-timeout"));
    assert_eq!(t14["t"].as_f64(), Some(901.0), "15 minutes after entering the lobby at t = 1");
    assert!(failed_contains(t14, "BeginJoin", "OperationTimeoutException"));
    let t4 = find(&lines, "T4", |l| rules(l).contains(&"T4"));
    assert!(rules(t4).contains(&"L-leave"));
}

#[test]
fn expired_conference_refuses_a_join() {
    let lines = clean_trace("expiry-refused-rejoin.json");
    let expiry = find(&lines, "D-expiry fires", |l| fired(l, "D-expiry"));
    assert_eq!(expiry["t"].as_f64(), Some(3600.0 + 14.0 * 86_400.0), "meeting end + 14 full days");
    assert_eq!(expiry["state"]["conference"], "Expired");
    let refused = find(&lines, "BeginJoin fails", |l| failed_contains(l, "BeginJoin", "ConferenceFailureException"));
    assert!(rules(refused).contains(&"T9"));
    assert_eq!(refused["state"]["session"], "Idle");
}

// ----- standard input --------------------------------------------------------------------------

#[test]
fn reading_from_stdin_gives_the_same_trace_as_the_file() {
    let path = scenario_path("escalation-failure.json");
    let from_file = run_file(&path);
    let from_stdin = run_stdin(&std::fs::read(&path).unwrap());
    assert_eq!(code(&from_stdin), Some(0), "stderr: {}", stderr(&from_stdin));
    assert!(!from_stdin.stdout.is_empty());
    assert_eq!(from_stdin.stdout, from_file.stdout);
    trace(&from_stdin, "stdin");
}

#[test]
fn a_small_scenario_on_stdin() {
    let out = run_text(
        r#"{"steps": [{"event": "BeginJoin"}, {"event": "Advance", "by": 1}, {"expect": {"session": "Connected"}}]}"#,
    );
    assert_eq!(code(&out), Some(0), "stderr: {}", stderr(&out));
    let lines = trace(&out, "stdin");
    // BeginJoin, the join response, then the Advance's own line.
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["state"]["session"], "Connected");
}

// ----- failing expectations (exit 1) -----------------------------------------------------------

#[test]
fn a_failing_expectation_exits_1_naming_step_and_field_and_still_prints_the_trace() {
    let out = run_text(
        r#"{"steps": [
            {"event": "BeginJoin"},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"session": "Connected"}},
            {"expect": {"session": "Idle", "mcu": {"AudioVideo": "Retrying"}}},
            {"event": "BeginTerminate"}
        ]}"#,
    );
    assert_eq!(code(&out), Some(1));
    let err = stderr(&out);
    assert!(err.contains("step 3"), "stderr: {err}");
    assert!(err.contains("`session`"), "stderr: {err}");
    assert!(err.contains("`mcu.AudioVideo`"), "stderr: {err}");
    assert!(!err.contains("step 2"), "the expectation that held is not reported: {err}");
    let lines = trace(&out, "exit 1");
    // The run goes on after the failed expectation: the BeginTerminate line is there.
    assert_eq!(lines.len(), 4);
    assert_eq!(event_name(lines.last().unwrap()), "BeginTerminate");
}

#[test]
fn a_missing_timer_fails_the_expectation() {
    let out = run_text(r#"{"steps": [{"event": "Advance", "by": 1}, {"expect": {"timers": ["D-grace"]}}]}"#);
    assert_eq!(code(&out), Some(1));
    let err = stderr(&out);
    assert!(err.contains("step 1") && err.contains("D-grace"), "stderr: {err}");
    assert_eq!(trace(&out, "timers").len(), 1);
}

// ----- invalid scenarios (exit 2) --------------------------------------------------------------

/// Two valid steps, then `bad` as step 2.
fn with_bad_step(bad: &str) -> String {
    format!(r#"{{"steps": [{{"event": "BeginJoin"}}, {{"event": "Advance", "by": "PT1S"}}, {bad}]}}"#)
}

fn assert_invalid(what: &str, out: &Output, needles: &[&str]) {
    assert_eq!(code(out), Some(2), "{what}: stderr: {}", stderr(out));
    assert!(out.stdout.is_empty(), "{what}: stdout must be empty, got {}", String::from_utf8_lossy(&out.stdout));
    let err = stderr(out);
    let message = err.trim_end();
    assert!(!message.is_empty(), "{what}: no message");
    assert!(!message.contains('\n'), "{what}: the message is one line: {err}");
    for needle in needles {
        assert!(message.contains(needle), "{what}: message lacks {needle:?}: {message}");
    }
}

#[test]
fn invalid_scenarios_exit_2_with_a_precise_one_line_message() {
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "malformed JSON",
            "{\"steps\": [\n  {\"event\": \"BeginJoin\"},\n  {\"event\": }\n]}".into(),
            vec!["line 3", "column"],
        ),
        ("truncated JSON", r#"{"steps": [{"event": "BeginJoin"},"#.into(), vec!["line 1", "column"]),
        ("unknown event", with_bad_step(r#"{"event": "Nope"}"#), vec!["step 2", "`event`", "BeginJoin", "Nope"]),
        (
            "unknown field on an event",
            with_bad_step(r#"{"event": "BeginJoin", "colour": "red"}"#),
            vec!["step 2", "`colour`", "known field"],
        ),
        (
            "unknown enum value",
            with_bad_step(r#"{"event": "ParticipantJoins", "participant": "p", "kind": "PSTN"}"#),
            vec!["step 2", "`kind`", "Pstn", "\"PSTN\""],
        ),
        (
            "missing participant",
            with_bad_step(r#"{"event": "ParticipantJoins", "kind": "Pstn"}"#),
            vec!["step 2", "`participant`", "missing"],
        ),
        (
            "missing kind",
            with_bad_step(r#"{"event": "ParticipantJoins", "participant": "p"}"#),
            vec!["step 2", "`kind`", "Enterprise"],
        ),
        ("missing duration", with_bad_step(r#"{"event": "Advance"}"#), vec!["step 2", "`by`", "ISO 8601"]),
        (
            "negative ISO duration",
            with_bad_step(r#"{"event": "Advance", "by": "PT-5M"}"#),
            vec!["step 2", "`by`", "ISO 8601", "negative", "PT-5M"],
        ),
        (
            "negative seconds",
            with_bad_step(r#"{"event": "Advance", "by": -5}"#),
            vec!["step 2", "`by`", "negative", "-5"],
        ),
        (
            "unparsable duration",
            with_bad_step(r#"{"event": "Advance", "by": "5 minutes"}"#),
            vec!["step 2", "`by`", "ISO 8601", "5 minutes"],
        ),
        ("empty ISO duration", with_bad_step(r#"{"event": "Advance", "by": "PT"}"#), vec!["step 2", "`by`"]),
        ("duration in months", with_bad_step(r#"{"event": "Advance", "by": "P1M"}"#), vec!["step 2", "`by`"]),
        (
            "negative lobby timeout",
            with_bad_step(r#"{"event": "BeginJoin", "lobby_timeout": "-PT5M"}"#),
            vec!["step 2", "`lobby_timeout`"],
        ),
        (
            "local joins",
            with_bad_step(r#"{"event": "ParticipantJoins", "participant": "local", "kind": "Enterprise"}"#),
            vec!["step 2", "`participant`", "local"],
        ),
        (
            "local leaves",
            with_bad_step(r#"{"event": "ParticipantLeaves", "participant": "local"}"#),
            vec!["step 2", "`participant`", "local"],
        ),
        (
            "local ejected",
            with_bad_step(r#"{"event": "BeginEject", "participant": "local"}"#),
            vec!["step 2", "`participant`", "local"],
        ),
        (
            "local admitted",
            with_bad_step(r#"{"event": "BeginAdmitLobbyParticipants", "participants": ["a", "local"]}"#),
            vec!["step 2", "`participants[1]`", "local"],
        ),
        (
            "wrong type",
            with_bad_step(r#"{"event": "BeginJoin", "organizer": "yes"}"#),
            vec!["step 2", "`organizer`", "true or false", "\"yes\""],
        ),
        (
            "participants not a list",
            with_bad_step(r#"{"event": "BeginDenyLobbyParticipants", "participants": "bob"}"#),
            vec!["step 2", "`participants`", "list"],
        ),
        ("step not an object", with_bad_step("42"), vec!["step 2", "42"]),
        ("neither event nor expect", with_bad_step(r#"{"by": "PT1S"}"#), vec!["step 2", "`event`"]),
        ("unknown expect field", with_bad_step(r#"{"expect": {"sesion": "Idle"}}"#), vec!["step 2", "sesion"]),
        (
            "unknown expected state",
            with_bad_step(r#"{"expect": {"session": "Conected"}}"#),
            vec!["step 2", "`expect.session`", "Connected"],
        ),
        (
            "unknown timer id",
            with_bad_step(r#"{"expect": {"timers": ["D-24h"]}}"#),
            vec!["step 2", "timers", "D-inactivity"],
        ),
        (
            "unknown config field",
            r#"{"config": {"colour": "red"}, "steps": []}"#.into(),
            vec!["config", "`colour`", "known field"],
        ),
        (
            "bad config enum",
            r#"{"config": {"access_level": "Anyone"}, "steps": []}"#.into(),
            vec!["config", "`access_level`", "Everyone"],
        ),
        (
            "zero update interval",
            r#"{"config": {"hop": {"update_interval": 0}}, "steps": []}"#.into(),
            vec!["config", "`hop.update_interval`", "positive"],
        ),
        (
            "zero update interval, ISO",
            r#"{"config": {"hop": {"update_interval": "PT0S"}}, "steps": []}"#.into(),
            vec!["config", "`hop.update_interval`", "positive"],
        ),
        (
            "unknown variant",
            r#"{"config": {"variants": {"V5": true}}, "steps": []}"#.into(),
            vec!["config", "`variants.V5`"],
        ),
        (
            "reconnect flag type",
            r#"{"config": {"reconnect": {"succeeds": "no"}}, "steps": []}"#.into(),
            vec!["config", "`reconnect.succeeds`", "true or false"],
        ),
        (
            "negative config duration",
            r#"{"config": {"anonymous_user_grace_period": -1}, "steps": []}"#.into(),
            vec!["config", "`anonymous_user_grace_period`", "negative"],
        ),
        ("missing steps", r#"{"name": "x"}"#.into(), vec!["`steps`", "missing"]),
        ("steps not a list", r#"{"steps": {}}"#.into(), vec!["`steps`", "list"]),
        ("unknown top-level field", r#"{"steps": [], "stpes": []}"#.into(), vec!["`stpes`"]),
        ("not an object", "[]".into(), vec!["scenario"]),
        // A field given twice: JSON parsers disagree on which one counts, so neither does.
        (
            "duplicate field in a step",
            with_bad_step(
                r#"{"event": "ParticipantJoins", "participant": "carol", "participant": "bob", "kind": "Pstn"}"#,
            ),
            vec!["step 2", "`participant`", "once", "twice"],
        ),
        (
            "duplicate nested field in an expectation",
            with_bad_step(r#"{"expect": {"mcu": {"AudioVideo": "Idle", "AudioVideo": "Active"}}}"#),
            vec!["step 2", "`expect.mcu.AudioVideo`", "twice"],
        ),
        (
            "duplicate field inside a list item",
            with_bad_step(r#"{"event": "BeginAdmitLobbyParticipants", "participants": ["a", {"x": 1, "x": 2}]}"#),
            vec!["step 2", "`participants[1].x`", "twice"],
        ),
        (
            "duplicate config field",
            r#"{"config": {"hop": {"update_interval": "PT1S", "update_interval": "PT2S"}}, "steps": []}"#.into(),
            vec!["config", "`hop.update_interval`", "twice"],
        ),
        (
            "duplicate steps",
            r#"{"steps": [], "steps": [{"event": "BeginJoin"}]}"#.into(),
            vec!["scenario", "`steps`", "twice"],
        ),
        // Ids are printable: no control character, no bidirectional formatting character.
        (
            "bidirectional override in an id",
            with_bad_step(r#"{"event": "ParticipantJoins", "participant": "\u202eevil\u202c", "kind": "Pstn"}"#),
            vec!["step 2", "`participant`", "printable", "bidirectional", r"\u{202E}evil\u{202C}"],
        ),
        (
            "isolate in an admitted id",
            with_bad_step(r#"{"event": "BeginAdmitLobbyParticipants", "participants": ["a", "b\u2067"]}"#),
            vec!["step 2", "`participants[1]`", "printable", r"\u{2067}"],
        ),
        (
            "mark in an ejected id",
            with_bad_step(r#"{"event": "BeginEject", "participant": "x\u200f"}"#),
            vec!["step 2", "`participant`", r"\u{200F}"],
        ),
        (
            "control character in an id",
            with_bad_step(r#"{"event": "ParticipantLeaves", "participant": "bob\u0007"}"#),
            vec!["step 2", "`participant`", "control"],
        ),
        (
            "newline in an expected roster id",
            with_bad_step(r#"{"expect": {"roster": ["local", "a\nb"]}}"#),
            vec!["step 2", "`expect.roster[1]`", "printable"],
        ),
    ];
    for (what, input, needles) in &cases {
        let out = run_text(input);
        assert_invalid(what, &out, needles);
    }
}

#[test]
fn a_missing_file_exits_2() {
    let path = scenarios_dir().join("no-such-scenario.json");
    let out = run_file(&path);
    assert_invalid("missing file", &out, &["no-such-scenario.json"]);
}

#[test]
fn a_bad_command_line_exits_2() {
    for args in [&[][..], &["run"][..], &["frobnicate", "x.json"][..], &["run", "a.json", "b.json"][..]] {
        let out = confsim().args(args).output().expect("the binary runs");
        assert_invalid(&format!("args {args:?}"), &out, &["usage"]);
    }
}

#[test]
fn hostile_command_lines_exit_2_with_one_line_naming_the_option() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let not_utf8 = OsStr::from_bytes(b"\xff");
    let cases: Vec<(Vec<&OsStr>, Vec<&str>)> = vec![
        (["explore", "--random", "1", "--events", ","].map(OsStr::new).to_vec(), vec!["--events", "empty item"]),
        (["explore", "--random", "1", "--participants", ","].map(OsStr::new).to_vec(), vec!["--participants", "empty"]),
        (["explore", "--events", ","].map(OsStr::new).to_vec(), vec!["--events"]),
        (["explore", "--participants", "x\u{202e}:Pstn"].map(OsStr::new).to_vec(), vec!["--participants", "printable"]),
        (vec![OsStr::new("run"), not_utf8], vec!["cannot read the scenario"]),
        (vec![OsStr::new("explore"), OsStr::new("--events"), not_utf8], vec!["UTF-8", "usage"]),
        (vec![not_utf8], vec!["usage"]),
        (["explore", "--max-states", "0"].map(OsStr::new).to_vec(), vec!["--max-states", "above 0"]),
        (["explore", "--time-limit", "-1"].map(OsStr::new).to_vec(), vec!["--time-limit"]),
        (["explore", "--time-limit", "NaN"].map(OsStr::new).to_vec(), vec!["--time-limit", "seconds"]),
        (["run", "--max-timers", "many", "-"].map(OsStr::new).to_vec(), vec!["--max-timers", "whole number"]),
        (["explore", "--random", "-1"].map(OsStr::new).to_vec(), vec!["--random", "whole number", "-1"]),
        (["explore", "--depth", "18446744073709551616"].map(OsStr::new).to_vec(), vec!["--depth", "whole number"]),
    ];
    for (args, needles) in &cases {
        let out = confsim().args(args).stdin(Stdio::null()).output().expect("the binary runs");
        assert_invalid(&format!("args {args:?}"), &out, needles);
        assert!(!stderr(&out).contains("panicked"), "args {args:?}: {}", stderr(&out));
    }
}

#[test]
fn help_names_the_bounds_and_their_defaults() {
    let help = |args: &[&str]| {
        let out = confsim().args(args).output().expect("the binary runs");
        assert_eq!(code(&out), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let top = help(&["--help"]);
    assert!(top.contains("run") && top.contains("explore") && top.contains("export"), "{top}");
    let run = help(&["run", "--help"]);
    assert!(run.contains("--max-timers") && run.contains("1000000"), "{run}");
    let explore = help(&["explore", "--help"]);
    for needle in ["--max-states", "20000000", "--time-limit", "600", "--max-timers"] {
        assert!(explore.contains(needle), "explore --help lacks {needle}: {explore}");
    }
}

// ----- bounded runs ----------------------------------------------------------------------------

/// The issue's 251-byte scenario: millisecond route updates; one hour of them is 3.6 million
/// timers in a single Advance.
fn millisecond_updates(advance: &str) -> String {
    format!(
        r#"{{"config": {{"hop": {{"update_interval": "PT0.001S"}}, "signaling_latency": "PT0.001S"}},
  "steps": [{{"event": "BeginJoin"}}, {{"event": "JoinResponse"}}, {{"event": "BeginLockConference"}},
            {{"event": "HopFailure"}}, {{"event": "Advance", "by": "{advance}"}}]}}"#
    )
}

/// Runs `confsim ARGS` on `input` with at most 400 MB of address space, its output discarded.
fn run_limited(args: &str, input: &str) -> Output {
    let script = format!("ulimit -v 400000; exec \"$0\" {args}");
    let mut child = Command::new("bash")
        .args(["-c", &script, env!("CARGO_BIN_EXE_confsim")])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash starts");
    let _ = child.stdin.take().expect("a stdin pipe").write_all(input.as_bytes());
    child.wait_with_output().expect("confsim finishes")
}

#[test]
fn an_advance_past_the_timer_limit_stops_with_exit_2_in_bounded_memory() {
    for advance in ["PT1H", "P14D"] {
        let out = run_limited("run -", &millisecond_updates(advance));
        assert_eq!(code(&out), Some(2), "{advance}: {:?}, stderr: {}", out.status, stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{advance}: one line: {err}");
        for needle in ["step 4", "`route-update`", "more than 1000000 timers", "--max-timers"] {
            assert!(err.contains(needle), "{advance}: the message lacks {needle:?}: {err}");
        }
    }
}

#[test]
fn an_endless_input_is_refused_in_bounded_memory() {
    let out = run_limited("run /dev/zero", "");
    assert_eq!(code(&out), Some(2), "{:?}, stderr: {}", out.status, stderr(&out));
    assert!(stderr(&out).contains("/dev/zero: cannot read the scenario: it is larger than 64 MiB"), "{}", stderr(&out));
    let out = confsim().args(["explore", "--config", "/dev/zero"]).output().expect("the binary runs");
    assert_invalid("endless --config", &out, &["--config /dev/zero", "larger than"]);
}

#[test]
fn the_timer_limit_is_a_flag_and_the_lines_before_it_are_written() {
    let scenario = millisecond_updates("PT1H");
    let out = confsim_with_input(&["run", "--max-timers", "10", "-"], &scenario);
    assert_eq!(code(&out), Some(2), "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains("step 4") && stderr(&out).contains("more than 10 timers"), "{}", stderr(&out));
    let lines = trace(&out, "limited");
    assert_eq!(lines.len(), 4 + 10, "the four events, then the ten timers allowed");
    assert!(lines[4..].iter().all(|l| l["step"] == 4 && event_name(l) == "TimerFired"));
    // Within the limit the run is whole: 0.004 s fire five timers (the lock's answer, the route
    // repair at 1 ms, then updates at 2, 3 and 4 ms).
    let out = confsim_with_input(&["run", "--max-timers", "5", "-"], &millisecond_updates("PT0.004S"));
    assert_eq!(code(&out), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(trace(&out, "within").len(), 4 + 5 + 1);
    let out = confsim_with_input(&["run", "--max-timers", "4", "-"], &millisecond_updates("PT0.004S"));
    assert_eq!(code(&out), Some(2), "stderr: {}", stderr(&out));
}

fn confsim_with_input(args: &[&str], input: &str) -> Output {
    let mut child = confsim()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the confsim binary starts");
    let _ = child.stdin.take().expect("a stdin pipe").write_all(input.as_bytes());
    child.wait_with_output().expect("the confsim binary finishes")
}

#[test]
fn a_closed_output_stops_the_run_at_once() {
    use std::io::{BufRead, BufReader};
    // Ten thousand joins, then an expectation that fails: a run that went on after `| head -1`
    // closed its output would reach it and exit 1 with a message.
    let joins: Vec<String> = (0..10_000)
        .map(|i| format!(r#"{{"event": "ParticipantJoins", "participant": "p{i}", "kind": "Enterprise"}}"#))
        .collect();
    let input = format!(
        r#"{{"steps": [{}, {{"expect": {{"session": "Connected"}}}}, {{"event": "Advance", "by": "P14D"}}]}}"#,
        joins.join(", ")
    );
    let mut child = confsim()
        .args(["run", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the confsim binary starts");
    child.stdin.take().expect("a stdin pipe").write_all(input.as_bytes()).expect("confsim reads its input");
    // `head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("a stdout pipe")).read_line(&mut first).expect("a first line");
    let out = child.wait_with_output().expect("confsim finishes");
    let line: Value = serde_json::from_str(&first).expect("the first line is JSON");
    assert_eq!(line["step"], 0);
    assert_eq!(line["event"]["participant"], "p0");
    assert_eq!(code(&out), Some(0), "stopped before the failing expectation: {}", stderr(&out));
    assert!(out.stderr.is_empty(), "nothing on stderr: {}", stderr(&out));
}

#[test]
fn a_streamed_trace_is_byte_identical_to_the_collected_one() {
    use confsim::core::{runner, scenario};
    for path in scenario_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        // The duplicate-checking reader gives the value serde_json gives.
        assert_eq!(scenario::parse_json(&text).unwrap(), serde_json::from_str::<Value>(&text).unwrap());
        let s = scenario::parse(&text).unwrap();
        let collected: String = runner::run(&s).lines.iter().map(|l| l.to_json_line() + "\n").collect();
        let out = run_file(&path);
        assert_eq!(stdout(&out), collected, "{}", path.display());
    }
}

#[test]
fn an_id_that_displays_reversed_is_refused_and_shown_escaped() {
    let out =
        run_text(r#"{"steps": [{"event": "ParticipantJoins", "participant": "\u202eevil\u202c", "kind": "Pstn"}]}"#);
    assert_invalid("bidi id", &out, &["step 0", "`participant`"]);
    let err = stderr(&out);
    assert!(!err.contains('\u{202e}') && !err.contains('\u{202c}'), "the message holds no raw control: {err:?}");
    // Unknown names and fields are echoed escaped too.
    let out = run_text(r#"{"steps": [{"event": "BeginJoin", "mode\u2066\n": 1}]}"#);
    assert_invalid("bidi field name", &out, &["step 0", r"`mode\u{2066}\u{000A}`", "known field"]);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let path = scenario_path("escalation-failure.json");
    let plain = std::fs::read(&path).unwrap();
    let with_bom = [b"\xef\xbb\xbf".as_slice(), &plain].concat();
    let out = run_stdin(&with_bom);
    assert_eq!(code(&out), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(out.stdout, run_stdin(&plain).stdout);
    // Only one, and only at the start.
    assert_invalid("two marks", &run_stdin(&[b"\xef\xbb\xbf".as_slice(), &with_bom].concat()), &["JSON", "line 1"]);
}

// ----- legal but wrong actions are traced, not rejected ----------------------------------------

#[test]
fn legal_but_wrong_actions_are_recorded_in_the_trace() {
    let out = run_text(
        r#"{"steps": [
            {"event": "BeginJoin", "organizer": true},
            {"event": "BeginJoin"},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"session": "Connected", "local": {"role": "Leader"}}},
            {"event": "BeginEject", "participant": "nobody"},
            {"event": "Advance", "by": "PT1S"},
            {"event": "ReconnectSucceeded"},
            {"event": "BeginEstablishMcuCall", "modality": "AudioVideo"},
            {"event": "BeginEstablishMcuCall", "modality": "AudioVideo"}
        ]}"#,
    );
    assert_eq!(code(&out), Some(0), "stderr: {}", stderr(&out));
    let lines = trace(&out, "legal but wrong");
    let second_join = find(&lines, "the second BeginJoin", |l| l["step"] == 1);
    assert_eq!(second_join["error"]["exception"], "InvalidOperationException");
    assert_eq!(second_join["rules"], serde_json::json!([]));
    assert_eq!(second_join["state"]["session"], "Connecting");
    let eject = find(&lines, "the eject's answer", |l| failed_contains(l, "BeginEject", "ConferenceFailureException"));
    assert!(fired(eject, "command-response"));
    // An event that does not apply changes nothing and is no error.
    let reconnect = find(&lines, "ReconnectSucceeded", |l| event_name(l) == "ReconnectSucceeded");
    assert!(reconnect["error"].is_null() && reconnect["rules"] == serde_json::json!([]));
    let second_call = lines.last().unwrap();
    assert_eq!(second_call["error"]["exception"], "InvalidOperationException");
}

#[test]
fn a_non_leaders_command_is_refused_by_the_focus() {
    let out = run_text(
        r#"{"config": {"automatic_leader_assignment": "Disabled"},
            "steps": [
            {"event": "BeginJoin"},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"local": {"role": "Attendee"}}},
            {"event": "BeginLockConference"},
            {"event": "Advance", "by": "PT1S"},
            {"expect": {"locked": false}}
        ]}"#,
    );
    assert_eq!(code(&out), Some(0), "stderr: {}", stderr(&out));
    let lines = trace(&out, "non-leader");
    assert!(lines.iter().any(|l| failed_contains(l, "BeginLockConference", "ConferenceFailureException")));
}

// ----- nothing panics --------------------------------------------------------------------------

#[test]
fn odd_inputs_never_crash_the_runner() {
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_steps = format!(r#"{{"steps": {}{}}}"#, "[".repeat(5_000), "]".repeat(5_000));
    let deep_expect =
        format!(r#"{{"steps": [{{"expect": {{"session": {}"Idle"{}}}}}]}}"#, "[".repeat(300), "]".repeat(300));
    let long_id = "x".repeat(100_000);
    let many_steps = format!(
        r#"{{"steps": [{}{{"event": "BeginJoin"}}]}}"#,
        r#"{"event": "FocusFailover"}, {"event": "Advance", "by": 0.001}, "#.repeat(2_000)
    );
    let inputs: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"   \n\t ".to_vec(),
        b"[]".to_vec(),
        b"{}".to_vec(),
        b"null".to_vec(),
        b"\"steps\"".to_vec(),
        br#"{"steps": {}}"#.to_vec(),
        br#"{"steps": [null, 1, "x", []]}"#.to_vec(),
        br#"{"steps": [], "steps": [{"event": "Advance", "by": 1}]}"#.to_vec(),
        deep_array.into_bytes(),
        deep_steps.into_bytes(),
        deep_expect.into_bytes(),
        br#"{"steps": [{"event": "Advance", "by": 1e400}]}"#.to_vec(),
        br#"{"steps": [{"event": "Advance", "by": 1e300}]}"#.to_vec(),
        br#"{"steps": [{"event": "Advance", "by": 18446744073709551616}]}"#.to_vec(),
        br#"{"steps": [{"event": "Advance", "by": "P99999999999999999999999D"}]}"#.to_vec(),
        br#"{"steps": [{"event": "Advance", "by": "PT0.0000001S"}, {"event": "Advance", "by": 1e-300}]}"#.to_vec(),
        br#"{"config": {"signaling_latency": 4e15, "anonymous_user_grace_period": 4e15}, "steps": [{"event": "BeginJoin"}, {"event": "Advance", "by": 4e15}, {"event": "Advance", "by": 4e15}, {"event": "Advance", "by": 4e15}]}"#.to_vec(),
        br#"{"config": {"expiry": 0, "meeting_end": 0, "deactivation_grace_period": 0, "empty_conference_timeout": 0, "anonymous_user_grace_period": 0, "signaling_latency": 0, "mcu_reactivation": 0, "reconnect": {"latency": 0}, "app_recovery_timeout": 0}, "steps": [{"event": "ParticipantJoins", "participant": "a", "kind": "Anonymous"}, {"event": "BeginJoin"}, {"event": "FocusFailover"}, {"event": "Advance", "by": 10}]}"#.to_vec(),
        "{\"steps\": [{\"event\": \"ParticipantJoins\", \"participant\": \"Zoë 🎉 日本語\", \"kind\": \"Enterprise\"}, {\"expect\": {\"roster\": [\"Zoë 🎉 日本語\"]}}, {\"event\": \"BeginEject\", \"participant\": \"\u{202e}ʇɐɹ\"}]}".as_bytes().to_vec(),
        format!(r#"{{"steps": [{{"event": "ParticipantJoins", "participant": "{long_id}", "kind": "Pstn"}}]}}"#).into_bytes(),
        many_steps.into_bytes(),
        b"\xff\xfe\x00{\"steps\": []}".to_vec(),
        b"{\"steps\": [\x00]}".to_vec(),
        br#"{"steps": [{"expect": {"roster": [1, 2], "timers": "D-grace"}}]}"#.to_vec(),
        br#"{"steps": [{"expect": {"local": {"role": "King"}, "calls": {"AudioVideo": null}}}]}"#.to_vec(),
        br#"{"steps": [{"event": "BeginModifyConferenceConfiguration"}, {"event": "BeginAdmitLobbyParticipants", "participants": []}, {"event": "McuActivated", "modality": "InstantMessaging"}]}"#.to_vec(),
    ];
    for (i, input) in inputs.iter().enumerate() {
        let out = run_stdin(input);
        let status = code(&out);
        assert!(
            matches!(status, Some(0..=2)),
            "input #{i} ended with {:?} (stderr: {})",
            out.status,
            stderr(&out).chars().take(500).collect::<String>()
        );
        assert!(!stderr(&out).contains("panicked"), "input #{i} panicked: {}", stderr(&out));
        match status {
            Some(2) => assert!(out.stdout.is_empty(), "input #{i}: exit 2 with output"),
            _ => {
                trace(&out, &format!("input #{i}"));
            }
        }
    }
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    for args in [&["explore", "--depth", "3"][..], &["export", "--format", "scxml", "--machine", "session"]] {
        let mut child = confsim().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(status.code().is_some_and(|c| c <= 2), "{args:?}: {status:?}");
    }
}

/// SCENARIOS.md: any step may carry a note; the runner ignores it and copies it to the step's
/// first trace line. A note that is not a string is refused like any mistyped field.
#[test]
fn notes_ride_on_the_first_line_of_their_step() {
    let out = run_text(
        r#"{"steps": [
            {"event": "BeginJoin", "note": "The application starts to join."},
            {"expect": {"session": "Connecting"}, "note": "Checked, not traced."},
            {"event": "Advance", "by": "PT2S", "note": "The Focus answers."},
            {"event": "FocusFailover"}
        ]}"#,
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let lines = trace(&out, "notes");
    let notes: Vec<Option<&str>> = lines.iter().map(|l| l.get("note").and_then(Value::as_str)).collect();
    // BeginJoin; the Advance: the join response (its first line), then the advance's own line.
    assert_eq!(notes, [Some("The application starts to join."), Some("The Focus answers."), None, None]);
    assert_eq!(event_name(&lines[1]), "TimerFired");
    let bad = run_text(r#"{"steps": [{"event": "BeginJoin", "note": 3}]}"#);
    assert_eq!(code(&bad), Some(2));
    assert!(stderr(&bad).contains("step 0") && stderr(&bad).contains("note"), "{}", stderr(&bad));
}

/// SCENARIOS.md: `confsim run --solve` appends a shortest solution to a challenge's scene and
/// checks the goal; exit 1 when the goal is out of reach.
#[test]
fn run_solve_appends_a_shortest_solution_and_checks_the_goal() {
    let challenge = r#"{ "name": "Get the PSTN caller removed without ending the meeting",
      "steps": [ { "event": "BeginJoin", "mode": "TrustedParticipant" }, { "event": "Advance", "by": "PT1S" },
                 { "event": "ParticipantJoins", "participant": "pstn1", "kind": "Pstn" } ],
      "goal": { "roster": [], "conference": "Deactivated" },
      "allowed": ["ParticipantJoins", "ParticipantLeaves", "Advance"] }"#;
    let plain = run_text(challenge);
    assert_eq!(code(&plain), Some(0), "without --solve the scene runs: {}", stderr(&plain));
    let scene = trace(&plain, "scene").len();
    let out = confsim_with_input(&["run", "--solve", "-"], challenge);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("solved in 1 move(s)"), "{}", stderr(&out));
    let lines = trace(&out, "solved");
    assert!(lines.len() > scene);
    let last = lines.last().unwrap();
    assert_eq!(last["state"]["conference"], "Deactivated");
    assert_eq!(last["state"]["roster"], json!([]));

    let unreachable =
        challenge.replace(r#"["ParticipantJoins", "ParticipantLeaves", "Advance"]"#, r#"["ParticipantLeaves"]"#);
    let out = confsim_with_input(&["run", "--solve", "-"], &unreachable);
    assert_eq!(code(&out), Some(1));
    assert!(stderr(&out).contains("not reachable"), "{}", stderr(&out));
    let no_goal = confsim_with_input(&["run", "--solve", "-"], r#"{"steps": []}"#);
    assert_eq!(code(&no_goal), Some(2));
}

/// SCENARIOS.md "Pictures for documents": `confsim render --format svg [--step N]` prints the lab's
/// diagram after step N as a standalone SVG document; `--format mermaid-sequence` the trace.
#[test]
fn render_draws_the_diagram_after_a_step_and_the_trace_as_a_sequence() {
    let path = scenario_path("trusted-participant-alone.json");
    let path = path.to_str().unwrap();
    let svg = |args: &[&str]| {
        let out = confsim().args(["render", path, "--format", "svg"]).args(args).output().unwrap();
        assert_eq!(code(&out), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let current = |text: &str| {
        let doc = roxmltree::Document::parse(text).expect("well-formed SVG");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("state current"))
            .filter_map(|n| n.attribute("data-state-node").map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(current(&svg(&[])), ["Disconnected"], "after the last step");
    assert_eq!(current(&svg(&["--step", "2"])), ["Connecting"], "after step 2 (BeginJoin)");
    let after = svg(&["--step", "16"]);
    assert_eq!(current(&after), ["Disconnecting"]);
    assert!(
        after.contains(r#"class="edge muted taken" data-tag="T3""#) || after.contains(r#"taken" data-tag="T3""#),
        "the last edge taken"
    );
    assert!(after.contains("Timers: terminate-complete"), "the running timers beside it");

    let out = confsim().args(["render", path, "--format", "mermaid-sequence"]).output().unwrap();
    assert_eq!(code(&out), Some(0));
    let m = stdout(&out);
    assert!(m.starts_with("sequenceDiagram\n"));
    assert!(m.contains("timer D-grace fired"));
    assert!(m.contains("session Connected → Disconnecting"));

    for bad in [vec!["render", path, "--format", "png"], vec!["render", path, "--format", "svg", "--step", "99"]] {
        let out = confsim().args(&bad).output().unwrap();
        assert_eq!(code(&out), Some(2), "{bad:?}");
        assert!(stdout(&out).is_empty());
    }
    let invalid = confsim_with_input(&["render", "-", "--format", "svg"], r#"{"steps": [{"event": "Teleport"}]}"#);
    assert_eq!(code(&invalid), Some(2));
}
