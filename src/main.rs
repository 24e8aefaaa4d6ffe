//! `confsim`: the command-line runner over the simulation core.
//!
//! `confsim run FILE|-` prints the trace as JSON Lines. Exit status (SCENARIOS.md "The runner"):
//! 0 when every expectation held, 1 when one failed, 2 when the scenario (or the command line)
//! is not valid — and then nothing is printed on standard output.

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use confsim::core::event::EventKind;
use confsim::core::explore::{self, Bounds, Path};
use confsim::core::export::{self, Format, Machine};
use confsim::core::model::Kind;
use confsim::core::{runner, scenario};
use serde_json::{json, Value};

const USAGE: &str = "usage: confsim run FILE|-
       confsim export --format mermaid|dot|scxml --machine session|mcu|conference
       confsim explore [--depth N] [--events E1,E2,…] [--participants id:Kind,…] [--config FILE]
                       [--variants each] [--random N --seed S] [--format json|text]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["run", path] => run(path),
        ["export", rest @ ..] => export_command(rest),
        ["explore", rest @ ..] => explore_command(rest),
        ["--help" | "-h" | "help"] => {
            emit(&format!("{USAGE}\n\nrun: runs a scenario and prints its trace (JSON Lines); exit 0 expectations held, 1 one failed, 2 invalid scenario.\nexport: the transition tables as Mermaid, Graphviz DOT or W3C SCXML.\nexplore: exhaustive search within bounds, or seeded random walks; exit 1 if an invariant fails.\n"));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: confsim run FILE|- | confsim export … | confsim explore … (confsim --help tells more)");
            ExitCode::from(2)
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) ends the output quietly.
fn emit(text: &str) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

fn read_input(path: &str) -> Result<String, String> {
    let mut text = String::new();
    let result =
        if path == "-" { io::stdin().read_to_string(&mut text).map(|_| text) } else { std::fs::read_to_string(path) };
    result.map_err(|e| format!("{path}: cannot read the scenario: {e}"))
}

fn run(path: &str) -> ExitCode {
    let parsed = read_input(path).and_then(|text| scenario::parse(&text).map_err(|e| e.to_string()));
    let scenario = match parsed {
        Ok(s) => s,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // A closed pipe (e.g. `| head`) ends the output, not the run: expectations still decide.
    let mut writable = true;
    let (_, failures) = runner::run_with(&scenario, |line| {
        if writable {
            writable = writeln!(out, "{}", line.to_json_line()).is_ok();
        }
    });
    let _ = out.flush();
    for failure in &failures {
        eprintln!("{failure}");
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Reads `--name value` options; every name must be known and given once.
fn options<'a>(args: &[&'a str], known: &[&str]) -> Result<Vec<(String, &'a str)>, String> {
    let mut out: Vec<(String, &str)> = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let name =
            arg.strip_prefix("--").filter(|n| known.contains(n)).ok_or_else(|| format!("unknown option {arg}"))?;
        let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
        if out.iter().any(|(n, _)| n == name) {
            return Err(format!("--{name} is given twice"));
        }
        out.push((name.to_string(), value));
    }
    Ok(out)
}

fn export_command(args: &[&str]) -> ExitCode {
    let parsed = options(args, &["format", "machine"]).and_then(|opts| {
        let get = |n: &str| opts.iter().find(|(k, _)| k == n).map(|(_, v)| *v);
        let format = get("format").ok_or("--format is required")?;
        let format = Format::parse(format)
            .ok_or_else(|| format!("--format: expected {}, found {format}", Format::expected()))?;
        let machine = get("machine").unwrap_or("session");
        let machine = Machine::parse(machine)
            .ok_or_else(|| format!("--machine: expected {}, found {machine}", Machine::expected()))?;
        Ok::<_, String>((format, machine))
    });
    match parsed {
        Ok((format, machine)) => {
            emit(&export::export(machine, format));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("confsim export: {message} (confsim --help tells more)");
            ExitCode::from(2)
        }
    }
}

fn explore_command(args: &[&str]) -> ExitCode {
    match explore_run(args) {
        Ok((text, clean)) => {
            emit(&format!("{text}\n"));
            if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(message) => {
            eprintln!("confsim explore: {message} (confsim --help tells more)");
            ExitCode::from(2)
        }
    }
}

fn list<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(parse).collect()
}

fn path_json(name: String, path: &Path) -> Value {
    json!({"depth": path.events.len(), "scenario": path.scenario(name).to_json()})
}

/// Runs the explorer; returns the report and whether no invariant failed.
fn explore_run(args: &[&str]) -> Result<(String, bool), String> {
    let known = ["depth", "events", "participants", "config", "variants", "random", "seed", "format"];
    let opts = options(args, &known)?;
    let get = |n: &str| opts.iter().find(|(k, _)| k == n).map(|(_, v)| *v);
    let number = |n: &str, default: u64| -> Result<u64, String> {
        get(n).map_or(Ok(default), |v| v.parse().map_err(|_| format!("--{n}: expected a whole number, found {v}")))
    };
    let mut bounds = Bounds::default();
    bounds.depth = number("depth", bounds.depth as u64)? as usize;
    if let Some(events) = get("events") {
        bounds.events = list(events, |e| EventKind::parse(e).ok_or_else(|| format!("--events: unknown event {e}")))?;
    }
    if let Some(people) = get("participants") {
        bounds.participants = list(people, |p| {
            let (id, kind) = p.split_once(':').ok_or_else(|| format!("--participants: expected id:Kind, found {p}"))?;
            let kind = Kind::parse(kind)
                .ok_or_else(|| format!("--participants: kind expected {}, found {kind}", Kind::expected()))?;
            if id.is_empty() || id == "local" {
                return Err(format!("--participants: {id:?} is not an id for another participant"));
            }
            Ok((id.to_string(), kind))
        })?;
    }
    if let Some(file) = get("config") {
        let text = std::fs::read_to_string(file).map_err(|e| format!("--config {file}: {e}"))?;
        bounds.configs = vec![scenario::parse(&text).map_err(|e| format!("--config {file}: {e}"))?.config];
    }
    match get("variants") {
        None => {}
        Some("each") => bounds = bounds.with_each_variant(),
        Some(other) => return Err(format!("--variants: expected each, found {other}")),
    }
    let text_format = match get("format").unwrap_or("json") {
        "json" => false,
        "text" => true,
        other => return Err(format!("--format: expected json or text, found {other}")),
    };
    let bounds_json = json!({
        "depth": bounds.depth,
        "events": bounds.events.iter().map(|e| e.name()).collect::<Vec<_>>(),
        "participants": bounds.participants.iter().map(|(id, k)| format!("{id}:{k}")).collect::<Vec<_>>(),
        "configurations": bounds.configs.len(),
        "clock": "advance to the next timer",
    });
    let started = std::time::Instant::now();
    if let Some(walks) = get("random") {
        let walks: usize = walks.parse().map_err(|_| format!("--random: expected a whole number, found {walks}"))?;
        let seed = number("seed", 1)?;
        let r = explore::random_walks(&bounds, walks, seed);
        let seconds = started.elapsed().as_secs_f64();
        let failure = r.failure.as_ref().map(|(v, p)| json!({"invariant": v, "seed": seed, "scenario": path_json(format!("violates: {v}"), p)["scenario"]}));
        let out = json!({"bounds": bounds_json, "seed": seed, "walks": r.walks, "steps": r.steps, "seconds": seconds,
            "tags": r.tags.iter().map(|(t, n)| (t.name().to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "unreachable": confsim::core::tags::Tag::ALL.iter().filter(|t| !r.tags.contains_key(t)).map(|t| t.name()).collect::<Vec<_>>(),
            "failure": failure});
        let text = if text_format {
            let mut t = format!(
                "{} random walks of up to {} events (seed {seed}): {} steps in {seconds:.2} s\n",
                r.walks, bounds.depth, r.steps
            );
            t += &format!("tags applied: {}\n", r.tags.len());
            match &r.failure {
                None => t += "no invariant failed\n",
                Some((v, p)) => {
                    t += &format!(
                        "INVARIANT FAILED (seed {seed}): {v}\nminimal scenario:\n{}\n",
                        p.scenario(format!("violates: {v}")).to_text()
                    )
                }
            }
            t
        } else {
            serde_json::to_string_pretty(&out).unwrap_or_default()
        };
        return Ok((text, r.failure.is_none()));
    }
    let r = explore::explore(&bounds);
    let seconds = started.elapsed().as_secs_f64();
    let tags: serde_json::Map<String, Value> =
        r.tags.iter().map(|(t, p)| (t.name().to_string(), path_json(format!("reaches {t}"), p))).collect();
    let combos: Vec<Value> = r
        .combinations
        .iter()
        .map(|((s, c), p)| {
            let mut v = path_json(format!("reaches session {s} with conference {c}"), p);
            v["session"] = json!(s);
            v["conference"] = json!(c);
            v
        })
        .collect();
    let violations: Vec<Value> = r
        .violations
        .iter()
        .map(|(v, p)| json!({"invariant": v, "scenario": path_json(format!("violates: {v}"), p)["scenario"]}))
        .collect();
    let unreachable: Vec<&str> = r.unreachable().iter().map(|t| t.name()).collect();
    let text = if text_format {
        let mut t = format!(
            "explored {} states, {} transitions, depth {} in {seconds:.2} s\n",
            r.states, r.transitions, bounds.depth
        );
        t += &format!("reachable tags ({}):\n", r.tags.len());
        for (tag, p) in &r.tags {
            let events: Vec<String> = p
                .events
                .iter()
                .map(|e| match e {
                    confsim::core::event::Event::Advance { by } => {
                        format!("Advance {}", confsim::core::duration::format_iso(*by))
                    }
                    other => other.kind().name().to_string(),
                })
                .collect();
            t += &format!("  {:<13} {} step(s): {}\n", tag.name(), p.events.len(), events.join(" → "));
        }
        t += &format!(
            "unreachable within these bounds: {}\n",
            if unreachable.is_empty() { "none".to_string() } else { unreachable.join(", ") }
        );
        t += &format!("session × conference combinations reached: {}\n", r.combinations.len());
        t += &if r.violations.is_empty() {
            "no invariant failed\n".to_string()
        } else {
            format!("INVARIANTS FAILED: {:?}\n", r.violations.iter().map(|(v, _)| v).collect::<Vec<_>>())
        };
        t
    } else {
        serde_json::to_string_pretty(
            &json!({"bounds": bounds_json, "states": r.states, "transitions": r.transitions, "seconds": seconds,
            "tags": tags, "unreachable": unreachable, "combinations": combos, "violations": violations}),
        )
        .unwrap_or_default()
    };
    Ok((text, r.violations.is_empty()))
}
