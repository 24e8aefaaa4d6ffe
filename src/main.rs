//! `confsim`: the command-line runner over the simulation core.
//!
//! `confsim run FILE|-` prints the trace as JSON Lines. Exit status (SCENARIOS.md "The runner"):
//! 0 when every expectation held, 1 when one failed, 2 when the scenario (or the command line)
//! is not valid — and then nothing is printed on standard output.

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use confsim::core::export::{self, Format, Machine};
use confsim::core::{runner, scenario};

const USAGE: &str = "usage: confsim run FILE|-\n       confsim export --format mermaid|dot|scxml --machine session|mcu|conference";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["run", path] => run(path),
        ["export", rest @ ..] => export_command(rest),
        ["--help" | "-h" | "help"] => {
            println!("{USAGE}\n\nRuns a scenario and prints its trace (JSON Lines).\nExit status: 0 expectations held, 1 an expectation failed, 2 invalid scenario.");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn read_input(path: &str) -> Result<String, String> {
    let mut text = String::new();
    let result = if path == "-" {
        io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
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
        let name = arg.strip_prefix("--").filter(|n| known.contains(n)).ok_or_else(|| format!("unknown option {arg}"))?;
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
        let format = Format::parse(format).ok_or_else(|| format!("--format: expected {}, found {format}", Format::expected()))?;
        let machine = get("machine").unwrap_or("session");
        let machine = Machine::parse(machine).ok_or_else(|| format!("--machine: expected {}, found {machine}", Machine::expected()))?;
        Ok::<_, String>((format, machine))
    });
    match parsed {
        Ok((format, machine)) => {
            print!("{}", export::export(machine, format));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
