//! `confsim`: the command-line runner over the simulation core.
//!
//! `confsim run FILE|-` prints the trace as JSON Lines. Exit status (SCENARIOS.md "The runner"):
//! 0 when every expectation held, 1 when one failed, 2 when the scenario (or the command line)
//! is not valid — and then nothing is printed on standard output — or when a bound stopped the
//! run (`--max-timers`). No input makes a command panic: every refusal is one line on standard
//! error.

use std::io::{self, BufWriter, Read, Write};
use std::ops::ControlFlow;
use std::path::{Path as FilePath, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand};
use confsim::core::event::{Event, EventKind};
use confsim::core::explore::{self, Bounds, Covered, Cutoff, Path, DEFAULT_MAX_STATES, DEFAULT_MAX_TIMERS};
use confsim::core::export::{self, Format, Machine};
use confsim::core::model::Kind;
use confsim::core::runner::{self, Ending};
use confsim::core::trace::TraceLine;
use confsim::core::{challenge, duration, render, scenario};
use serde_json::{json, Value};

/// A conference state-machine lab: runs scenarios, explores the model, exports its tables.
#[derive(Parser)]
#[command(name = "confsim", version, subcommand_required = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs a scenario (a file, or - for standard input) and prints its trace as JSON Lines.
    ///
    /// Exit status: 0 when every expectation held, 1 when one failed, 2 when the scenario is not
    /// valid or an Advance would fire more than --max-timers timers. Each line is written as it
    /// is made; when the output closes (`| head`) the run stops at once.
    Run {
        /// The scenario file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
        /// The most timers one Advance may fire; past it the run stops with exit 2.
        #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = DEFAULT_MAX_TIMERS, value_parser = whole_number)]
        max_timers: usize,
        /// For a challenge (a scenario with a goal): append a shortest solution with its allowed
        /// events (its length is the par, said on standard error) and check the goal. Exit 1 when
        /// no solution is found within the search's bounds.
        #[arg(long)]
        solve: bool,
    },
    /// Prints a picture of a scenario for documents that cannot run the lab: the ConferenceSession
    /// diagram after a step as SVG (the lab's drawing), or the trace as a Mermaid sequenceDiagram.
    Render {
        /// The scenario file, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
        /// svg or mermaid-sequence.
        #[arg(long, value_enum)]
        format: Picture,
        /// The step after which the diagram is drawn (steps count from 0; default: the last).
        #[arg(long, value_name = "N", value_parser = whole_number)]
        step: Option<usize>,
    },
    /// Prints the transition tables as Mermaid, Graphviz DOT or W3C SCXML.
    Export {
        /// mermaid, dot or scxml.
        #[arg(long, value_name = "mermaid|dot|scxml", value_parser = format_value)]
        format: Format,
        /// session, mcu, call or conference; or world (SCXML only): one executable document with
        /// every machine as a parallel region, guards as conditions, timers sent and cancelled.
        #[arg(long, value_name = "session|mcu|call|conference|world", value_parser = machine_value, default_value = "session")]
        machine: Exported,
        /// With --machine world: the scenario file whose configuration the document is made for
        /// (durations, variants, MCUs; default: the default configuration).
        #[arg(long, value_name = "FILE")]
        config_from: Option<PathBuf>,
    },
    /// Searches the model exhaustively within bounds, or runs seeded random walks.
    ///
    /// Exit status 1 if an invariant fails. The search stops when no new state is found, at
    /// --depth, at --max-states or at --time-limit; a bound that cut it short is reported with
    /// what was covered.
    Explore(ExploreArgs),
}

#[derive(Args)]
struct ExploreArgs {
    /// How many events a path may have.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = Bounds::default().depth, value_parser = whole_number)]
    depth: usize,
    /// The events tried, comma-separated (default: every event).
    #[arg(long, value_name = "E1,E2,…", value_parser = events_value)]
    events: Option<EventList>,
    /// The other participants, comma-separated id:Kind (default: alice:Enterprise,pstn:Pstn,anon:Anonymous).
    #[arg(long, value_name = "id:Kind,…", value_parser = participants_value)]
    participants: Option<ParticipantList>,
    /// A scenario file whose configuration is explored.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// `each`: the configuration alone and under each variant V1–V4.
    #[arg(long, value_name = "each", value_parser = variants_value)]
    variants: Option<()>,
    /// Runs N seeded random walks of --depth events instead of the exhaustive search.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole_number)]
    random: Option<usize>,
    /// The random walks' seed.
    #[arg(long, value_name = "S", allow_negative_numbers = true, default_value_t = 1, value_parser = seed_value)]
    seed: u64,
    /// json or text.
    #[arg(long, value_name = "json|text", default_value = "json", value_parser = text_format)]
    format: Output,
    /// Stops a configuration's search once it holds N distinct states (the memory bound).
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = DEFAULT_MAX_STATES, value_parser = positive_number)]
    max_states: usize,
    /// Stops the search or the walks after SECONDS of wall time (decimals allowed).
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true, default_value = "600", value_parser = seconds_value)]
    time_limit: Duration,
    /// The most timers one Advance may fire; a move past it is skipped and counted.
    #[arg(long, value_name = "N", allow_negative_numbers = true, default_value_t = DEFAULT_MAX_TIMERS, value_parser = whole_number)]
    max_timers: usize,
}

#[derive(Clone)]
struct EventList(Vec<EventKind>);

#[derive(Clone)]
struct ParticipantList(Vec<(String, Kind)>);

fn whole_number(text: &str) -> Result<usize, String> {
    text.parse().map_err(|_| format!("expected a whole number, found {text:?}"))
}

fn positive_number(text: &str) -> Result<usize, String> {
    whole_number(text).and_then(|n| if n > 0 { Ok(n) } else { Err("expected a whole number above 0".into()) })
}

fn seed_value(text: &str) -> Result<u64, String> {
    text.parse().map_err(|_| format!("expected a whole number, found {text:?}"))
}

fn seconds_value(text: &str) -> Result<Duration, String> {
    let expected = || format!("expected a number of seconds above 0, found {text:?}");
    let seconds: f64 = text.parse().map_err(|_| expected())?;
    if seconds > 0.0 {
        // Past what a Duration holds is no limit at all.
        Ok(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX))
    } else {
        Err(expected())
    }
}

/// What `confsim render` draws.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Picture {
    Svg,
    MermaidSequence,
}

fn format_value(text: &str) -> Result<Format, String> {
    Format::parse(text).ok_or_else(|| format!("expected {}, found {text:?}", Format::expected()))
}

/// What `export` writes: one machine, or the world document.
#[derive(Clone, Copy)]
enum Exported {
    One(Machine),
    World,
}

fn machine_value(text: &str) -> Result<Exported, String> {
    if text == "world" {
        return Ok(Exported::World);
    }
    Machine::parse(text)
        .map(Exported::One)
        .ok_or_else(|| format!("expected {} or world, found {text:?}", Machine::expected()))
}

fn variants_value(text: &str) -> Result<(), String> {
    if text == "each" {
        Ok(())
    } else {
        Err(format!("expected each, found {text:?}"))
    }
}

/// The explorer's report: JSON or text for people.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Json,
    Text,
}

fn text_format(text: &str) -> Result<Output, String> {
    match text {
        "json" => Ok(Output::Json),
        "text" => Ok(Output::Text),
        other => Err(format!("expected json or text, found {other:?}")),
    }
}

/// A comma-separated list; every item is trimmed and must be non-empty.
fn list<T>(text: &str, what: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    text.split(',')
        .map(str::trim)
        .map(|item| {
            if item.is_empty() {
                Err(format!("expected {what}, found an empty item in {text:?}"))
            } else {
                parse(item)
            }
        })
        .collect()
}

fn events_value(text: &str) -> Result<EventList, String> {
    list(text, "comma-separated event names", |e| EventKind::parse(e).ok_or_else(|| format!("unknown event {e:?}")))
        .map(EventList)
}

fn participants_value(text: &str) -> Result<ParticipantList, String> {
    list(text, "comma-separated id:Kind", |p| {
        let (id, kind) = p.split_once(':').ok_or_else(|| format!("expected id:Kind, found {p:?}"))?;
        let kind = Kind::parse(kind).ok_or_else(|| format!("kind: expected {}, found {kind:?}", Kind::expected()))?;
        if id == "local" {
            return Err("\"local\" is reserved for the endpoint you drive".into());
        }
        scenario::check_id(id).map_err(|e| format!("id: {e}"))?;
        Ok((id.to_string(), kind))
    })
    .map(ParticipantList)
}

/// What `confsim` without a command is told.
const USAGE: &str = "confsim run FILE|- | confsim export --format F | confsim explore [OPTIONS]";

/// Clap's error on one line: what is wrong, then the usage of the command concerned.
fn one_line(error: &clap::Error) -> String {
    if matches!(error.kind(), ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        return format!("confsim: a command is required; usage: {USAGE} (confsim --help tells more)");
    }
    let text = error.render().to_string();
    let what: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("tip:") && !l.starts_with("For more"))
        .filter(|l| !l.is_empty())
        .collect();
    let what = what.join(" ");
    let what = what.strip_prefix("error: ").unwrap_or(&what);
    // The usage of the subcommand named, when there is one; clap's own line otherwise.
    let mut command = Cli::command();
    command.build();
    let named = std::env::args_os().nth(1).and_then(|a| a.into_string().ok());
    let usage = named
        .and_then(|name| command.find_subcommand_mut(&name).map(|c| c.render_usage().to_string()))
        .unwrap_or_else(|| USAGE.to_string());
    let usage = usage.trim().strip_prefix("Usage: ").unwrap_or(usage.trim()).to_string();
    format!("confsim: {what}; usage: {usage} (confsim --help tells more)")
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            emit(&e.render().to_string());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", one_line(&e));
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Run { file, max_timers, solve } => run(&file, max_timers, solve),
        Command::Render { file, format, step } => render(&file, format, step),
        Command::Export { format, machine, config_from } => export_run(format, machine, config_from.as_deref()),
        Command::Explore(args) => match explore_run(&args) {
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
        },
    }
}

/// Writes to standard output; a closed pipe (`| head`) ends the output quietly.
fn emit(text: &str) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// The largest scenario read (a million steps is about 80 MB of JSON): past it, or from an
/// endless source such as `/dev/zero`, reading stops with exit 2 instead of exhausting memory.
const MAX_INPUT_BYTES: u64 = 64 << 20;

/// Reads a scenario file (or `-`, standard input) of at most [`MAX_INPUT_BYTES`].
fn read_input(path: &FilePath) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        io::stdin().lock().take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
    };
    let name = path.display();
    result.map_err(|e| format!("{name}: cannot read the scenario: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!("{name}: cannot read the scenario: it is larger than {} MiB", MAX_INPUT_BYTES >> 20));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!("{name}: cannot read the scenario: it is not UTF-8 text (byte {})", e.utf8_error().valid_up_to())
    })
}

fn export_run(format: Format, machine: Exported, config_from: Option<&FilePath>) -> ExitCode {
    let machine = match (machine, format) {
        (Exported::One(m), _) if config_from.is_none() => m,
        (Exported::World, Format::Scxml) => {
            let config = match config_from {
                None => confsim::core::config::Config::default(),
                Some(path) => match read_scenario(path) {
                    Ok(s) => s.config,
                    Err(code) => return code,
                },
            };
            emit(&export::world_scxml(&config));
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("--machine world and --config-from are for --format scxml --machine world only");
            return ExitCode::from(2);
        }
    };
    emit(&export::export(machine, format));
    ExitCode::SUCCESS
}

/// Reads and parses a scenario file (or standard input); an invalid one is one line on standard
/// error and exit 2.
fn read_scenario(path: &FilePath) -> Result<scenario::Scenario, ExitCode> {
    read_input(path).and_then(|text| scenario::parse(&text).map_err(|e| e.to_string())).map_err(|message| {
        eprintln!("{message}");
        ExitCode::from(2)
    })
}

fn run(path: &FilePath, max_timers: usize, solve: bool) -> ExitCode {
    let mut scenario = match read_scenario(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut unsolved = false;
    if solve {
        let Some(goal) = scenario.goal.clone() else {
            eprintln!("--solve: the scenario has no `goal` (it is not a challenge)");
            return ExitCode::from(2);
        };
        let mut bounds = challenge::bounds(&scenario);
        bounds.max_timers = max_timers;
        match challenge::solve(&challenge::scene(&scenario), &bounds, &goal) {
            Some(solution) => {
                let names: Vec<String> = solution.iter().map(|e| e.to_json().to_string()).collect();
                eprintln!("solved in {} move(s) (the par): {}", solution.len(), names.join(", "));
                scenario.steps.extend(solution.into_iter().map(scenario::Step::event));
                scenario.steps.push(scenario::Step { does: scenario::Does::Expect(goal), note: None });
            }
            None => {
                eprintln!(
                    "the goal is not reachable within {} moves of the allowed events ({} states searched at most)",
                    challenge::MAX_MOVES,
                    challenge::MAX_STATES
                );
                unsolved = true;
            }
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // Each line is written as it is made; a closed output (`| head`) stops the run at once.
    let streamed = runner::run_each(&scenario, max_timers, |line| {
        let written =
            serde_json::to_writer(&mut out, &line).map_err(io::Error::from).and_then(|_| out.write_all(b"\n"));
        if written.is_ok() {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    let _ = out.flush();
    for failure in &streamed.failures {
        eprintln!("{failure}");
    }
    match streamed.ending {
        Ending::TimerLimit(limit) => {
            eprintln!(
                "{limit}; --max-timers {max_timers} is the bound (raise it, or lengthen the configured intervals)"
            );
            ExitCode::from(2)
        }
        Ending::Complete | Ending::Stopped { .. } if streamed.failures.is_empty() && !unsolved => ExitCode::SUCCESS,
        Ending::Complete | Ending::Stopped { .. } => ExitCode::from(1),
    }
}

/// `confsim render`: the scenario's steps up to `step` (all by default), drawn.
fn render(path: &FilePath, picture: Picture, step: Option<usize>) -> ExitCode {
    let mut scenario = match read_scenario(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Some(n) = step {
        if n >= scenario.steps.len() {
            eprintln!(
                "--step {n}: the scenario has {} steps (0 to {})",
                scenario.steps.len(),
                scenario.steps.len().saturating_sub(1)
            );
            return ExitCode::from(2);
        }
        scenario.steps.truncate(n + 1);
    }
    let mut lines = Vec::new();
    let (world, streamed) = runner::run_within(&scenario, DEFAULT_MAX_TIMERS, |l| {
        lines.push(l);
        ControlFlow::Continue(())
    });
    if let Ending::TimerLimit(limit) = streamed.ending {
        eprintln!("{limit}");
        return ExitCode::from(2);
    }
    let text = match picture {
        Picture::Svg => {
            let taken = lines.iter().rev().find_map(TraceLine::session_tag);
            let live = render::live_events(&world);
            render::session_svg(&world, &render::Marks { taken, live: &live, standalone: true }) + "\n"
        }
        Picture::MermaidSequence => render::mermaid_sequence(&lines),
    };
    emit(&text);
    ExitCode::SUCCESS
}

fn path_json(name: String, path: &Path) -> Value {
    json!({"depth": path.events.len(), "scenario": path.scenario(name).to_json()})
}

/// The peak resident memory of this process (`VmHWM` in /proc/self/status), where the system
/// tells it.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn covered_json(c: &Covered) -> Value {
    json!({"depth": c.depth, "states": c.states, "exhausted": c.exhausted, "cutoff": c.cutoff.map(Cutoff::name)})
}

/// One configuration's coverage in words.
fn covered_text(c: &Covered, depth: usize) -> String {
    let paths = format!("every path of up to {} events tried, {} states", c.depth, c.states);
    match (c.cutoff, c.exhausted) {
        (Some(cut), _) => format!("stopped by --{} within depth {} of {depth}: {paths}", cut.name(), c.depth + 1),
        (None, true) => {
            format!("complete: no new state after {} events, {} states", c.depth.saturating_sub(1), c.states)
        }
        (None, false) => paths,
    }
}

/// Runs the explorer; returns the report and whether no invariant failed.
fn explore_run(args: &ExploreArgs) -> Result<(String, bool), String> {
    let mut bounds = Bounds {
        depth: args.depth,
        max_states: Some(args.max_states),
        max_timers: args.max_timers,
        ..Bounds::default()
    };
    if let Some(EventList(events)) = &args.events {
        bounds.events = events.clone();
    }
    if let Some(ParticipantList(people)) = &args.participants {
        bounds.participants = people.clone();
    }
    if let Some(file) = &args.config {
        let text = read_input(file).map_err(|e| format!("--config {e}"))?;
        bounds.configs = vec![scenario::parse(&text).map_err(|e| format!("--config {}: {e}", file.display()))?.config];
    }
    if args.variants.is_some() {
        bounds = bounds.with_each_variant();
    }
    let text_format = args.format == Output::Text;
    let time_limit = args.time_limit.as_secs_f64();
    let bounds_json = json!({
        "depth": bounds.depth,
        "events": bounds.events.iter().map(|e| e.name()).collect::<Vec<_>>(),
        "participants": bounds.participants.iter().map(|(id, k)| format!("{id}:{k}")).collect::<Vec<_>>(),
        "configurations": bounds.configs.len(),
        "clock": "advance to the next timer",
        "max_states": args.max_states,
        "time_limit": time_limit,
        "max_timers": bounds.max_timers,
    });
    let started = Instant::now();
    // The wall clock lives here, not in the core: the core asks this closure.
    let deadline = started.checked_add(args.time_limit);
    let out_of_time = move || deadline.is_some_and(|d| Instant::now() >= d);
    if let Some(walks) = args.random {
        let seed = args.seed;
        let r = explore::random_walks_until(&bounds, walks, seed, out_of_time);
        let seconds = started.elapsed().as_secs_f64();
        let failure = r.failure.as_ref().map(|(v, p)| json!({"invariant": v, "seed": seed, "scenario": path_json(format!("violates: {v}"), p)["scenario"]}));
        let out = json!({"bounds": bounds_json, "seed": seed, "walks": r.walks, "steps": r.steps, "seconds": seconds,
            "tags": r.tags.iter().map(|(t, n)| (t.name().to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "unreachable": confsim::core::tags::Tag::ALL.iter().filter(|t| !r.tags.contains_key(t)).map(|t| t.name()).collect::<Vec<_>>(),
            "cutoff": r.cutoff.map(Cutoff::name), "timer_limited": r.timer_limited,
            "failure": failure});
        let text = if text_format {
            let mut t = format!(
                "{} random walks of up to {} events (seed {seed}): {} steps in {seconds:.2} s\n",
                r.walks, bounds.depth, r.steps
            );
            if let Some(cut) = r.cutoff {
                t += &format!("stopped by --{} after {time_limit} s: {} of {walks} walks begun\n", cut.name(), r.walks);
            }
            if r.timer_limited > 0 {
                t += &format!("{} walks ended at --max-timers {}\n", r.timer_limited, bounds.max_timers);
            }
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
    let before = peak_rss_bytes();
    let r = explore::explore_until(&bounds, out_of_time);
    let seconds = started.elapsed().as_secs_f64();
    let peak = peak_rss_bytes();
    // What the search added to the peak, per state held at once (configurations are searched
    // one after the other, each freeing its states).
    let held = r.covered.iter().map(|c| c.states).max().unwrap_or(0).max(1) as u64;
    let per_state = peak.zip(before).map(|(p, b)| p.saturating_sub(b) / held);
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
        for (i, c) in r.covered.iter().enumerate() {
            t += &format!("configuration {} of {}: {}\n", i + 1, bounds.configs.len(), covered_text(c, bounds.depth));
        }
        if r.covered.len() < bounds.configs.len() {
            t += &format!("configurations not searched (time limit): {}\n", bounds.configs.len() - r.covered.len());
        }
        if r.timer_limited > 0 {
            t += &format!("moves skipped at --max-timers {}: {}\n", bounds.max_timers, r.timer_limited);
        }
        if let (Some(peak), Some(per)) = (peak, per_state) {
            t += &format!("memory: peak RSS {:.1} MB, about {per} bytes per visited state\n", peak as f64 / 1e6);
        }
        t += &format!("reachable tags ({}):\n", r.tags.len());
        for (tag, p) in &r.tags {
            let events: Vec<String> = p
                .events
                .iter()
                .map(|e| match e {
                    Event::Advance { by } => format!("Advance {}", duration::format_iso(*by)),
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
        serde_json::to_string_pretty(&json!({"bounds": bounds_json, "states": r.states, "transitions": r.transitions,
            "seconds": seconds, "cutoff": r.cutoff.map(Cutoff::name),
            "covered": r.covered.iter().map(covered_json).collect::<Vec<_>>(), "timer_limited": r.timer_limited,
            "memory": {"peak_rss_bytes": peak, "bytes_per_state": per_state},
            "tags": tags, "unreachable": unreachable, "combinations": combos, "violations": violations}))
        .unwrap_or_default()
    };
    Ok((text, r.violations.is_empty()))
}
