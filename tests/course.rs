//! The course (SCENARIOS.md "Lessons and challenges"): `lessons/course.json` lists the lessons
//! and challenges in teaching order, each `lessons/<id>.json`; every challenge has a solution in
//! `tests/solutions/<id>.json` (its scene, the moves, then the goal as an expectation: a test
//! fixture, not served).
//!
//! - the course lists at least 20 unique ids, each with its file, and every file of `lessons/`;
//! - every course file runs through the real `confsim` binary with exit 0;
//! - every lesson is narrated: a name, a description, a note on at least half its event steps;
//! - every challenge has a goal and allowed events, its goal does not hold after the scene, and
//!   its solution reaches the goal with allowed events only;
//! - together, the course files and the solutions apply every rule tag of `Tag::ALL`.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use confsim::core::runner;
use confsim::core::scenario::{self, Does, Scenario};
use confsim::core::tags::Tag;
use serde_json::Value;

/// How many entries the course has at least, and how many moves a solution may take at most.
const MIN_ENTRIES: usize = 20;
const MAX_SOLUTION_MOVES: usize = 6;

fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// One entry of `course.json`.
struct Entry {
    id: String,
    title: String,
}

/// The entries of `course.json`, in order.
fn course() -> Vec<Entry> {
    let path = lessons_dir().join("course.json");
    let doc: Value = serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("course.json: {e}"));
    let lessons = doc["lessons"].as_array().expect("course.json: a `lessons` list");
    lessons
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let text = |key: &str| {
                entry[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("course.json: lessons[{i}] has no `{key}` string"))
                    .to_string()
            };
            Entry { id: text("id"), title: text("title") }
        })
        .collect()
}

fn file_of(id: &str) -> PathBuf {
    lessons_dir().join(format!("{id}.json"))
}

fn solution_of(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/solutions").join(format!("{id}.json"))
}

fn parse(path: &Path) -> Scenario {
    scenario::parse(&read(path)).unwrap_or_else(|e| panic!("{}: invalid scenario: {e}", path.display()))
}

/// The ids of the `*.json` files directly in `dir` (not in its subdirectories).
fn json_ids(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name").to_string())
        .collect()
}

/// Runs a file through the real binary; panics with its standard error unless it exits 0.
fn runs_clean(path: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_confsim")).arg("run").arg(path).output().expect("confsim runs");
    assert!(
        out.status.code() == Some(0),
        "confsim run {} exited {:?}: {}",
        path.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).trim()
    );
    assert!(!out.stdout.is_empty(), "confsim run {} printed no trace", path.display());
}

fn event_steps(s: &Scenario) -> usize {
    s.steps.iter().filter(|step| matches!(step.does, Does::Event(_))).count()
}

fn has_text(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

#[test]
fn the_course_lists_every_lesson_file_once() {
    let entries = course();
    assert!(entries.len() >= MIN_ENTRIES, "course.json lists {} entries, fewer than {MIN_ENTRIES}", entries.len());
    let mut seen = HashSet::new();
    for Entry { id, title } in &entries {
        assert!(seen.insert(id.as_str()), "course.json lists {id} twice");
        let plain = id
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert!(plain, "course.json: {id:?} is not a lowercase, hyphenated id");
        assert!(
            !id.starts_with(|c: char| c.is_ascii_digit()),
            "course.json: {id:?}: the order lives in course.json, not in the id"
        );
        assert!(!title.trim().is_empty(), "course.json: {id} has an empty title");
        assert!(file_of(id).is_file(), "course.json lists {id}, but lessons/{id}.json does not exist");
    }
    let mut files = json_ids(&lessons_dir());
    files.remove("course");
    let unlisted: Vec<&String> = files.iter().filter(|f| !seen.contains(f.as_str())).collect();
    assert!(unlisted.is_empty(), "files in lessons/ that course.json does not list: {unlisted:?}");
}

#[test]
fn every_course_file_runs_with_exit_0() {
    for Entry { id, .. } in course() {
        runs_clean(&file_of(&id));
    }
}

#[test]
fn every_lesson_is_narrated() {
    let mut lessons = 0;
    for Entry { id, .. } in course() {
        let s = parse(&file_of(&id));
        if s.goal.is_some() {
            continue;
        }
        lessons += 1;
        assert!(s.allowed.is_none(), "lesson {id} lists allowed events but has no goal");
        assert!(has_text(&s.name), "lesson {id} has no name");
        assert!(has_text(&s.description), "lesson {id} has no description");
        let events = event_steps(&s);
        let noted = s.steps.iter().filter(|st| matches!(st.does, Does::Event(_)) && has_text(&st.note)).count();
        assert!(events > 0, "lesson {id} has no event step");
        assert!(2 * noted >= events, "lesson {id}: only {noted} of its {events} event steps carry a note");
        assert!(
            s.steps.iter().any(|st| matches!(st.does, Does::Expect(_))),
            "lesson {id} checks nothing: it has no expect step"
        );
    }
    assert!(lessons > 0, "the course has no lesson");
}

#[test]
fn every_challenge_has_a_goal_its_solution_reaches() {
    let mut challenges = BTreeSet::new();
    for Entry { id, .. } in course() {
        let scene = parse(&file_of(&id));
        let Some(goal) = &scene.goal else { continue };
        challenges.insert(id.clone());
        assert!(has_text(&scene.name), "challenge {id} has no name");
        assert!(has_text(&scene.description), "challenge {id} has no description (the task in words)");
        assert!(!goal.is_empty(), "challenge {id} has an empty goal");
        let allowed = scene.allowed.as_ref().unwrap_or_else(|| panic!("challenge {id} lists no allowed events"));
        assert!(!allowed.is_empty(), "challenge {id} allows no event");

        // The goal must not already hold when the scene is set.
        let (world, failures) = runner::run_with(&scene, |_| {});
        assert!(failures.is_empty(), "challenge {id}: the scene's expectations fail: {failures:?}");
        let misses = runner::check(scene.steps.len(), goal, &world.snapshot());
        assert!(!misses.is_empty(), "challenge {id}: the goal already holds after the scene");

        // The solution: the same configuration, the scene, allowed moves, the goal as the last step.
        let path = solution_of(&id);
        assert!(path.is_file(), "challenge {id} has no solution tests/solutions/{id}.json");
        let solution = parse(&path);
        assert!(solution.goal.is_none(), "solution {id} is a plain scenario, not a challenge");
        assert_eq!(solution.config, scene.config, "solution {id}: not the challenge's configuration");
        let n = scene.steps.len();
        assert!(solution.steps.len() > n + 1, "solution {id}: no moves after the scene");
        for (i, (a, b)) in scene.steps.iter().zip(&solution.steps).enumerate() {
            assert_eq!(a.does, b.does, "solution {id}: step {i} is not the scene's step {i}");
        }
        let (last, moves) = solution.steps[n..].split_last().expect("steps after the scene");
        assert_eq!(last.does, Does::Expect(goal.clone()), "solution {id}: the last step is not the goal as an expect");
        let mut count = 0;
        for step in moves {
            if let Does::Event(event) = &step.does {
                count += 1;
                let kind = event.kind();
                assert!(allowed.contains(&kind), "solution {id}: {} is not an allowed event", kind.name());
            }
        }
        assert!(
            (1..=MAX_SOLUTION_MOVES).contains(&count),
            "solution {id}: {count} moves (a challenge should be solvable in 1 to {MAX_SOLUTION_MOVES})"
        );
        runs_clean(&path);
    }
    assert!(!challenges.is_empty(), "the course has no challenge");
    let solutions = json_ids(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/solutions"));
    let orphans: Vec<&String> = solutions.difference(&challenges).collect();
    assert!(orphans.is_empty(), "solutions without a challenge in course.json: {orphans:?}");
}

#[test]
fn the_course_applies_every_rule_tag() {
    let mut files: Vec<PathBuf> = Vec::new();
    for Entry { id, .. } in course() {
        let path = file_of(&id);
        // A missing solution is reported by the challenge test; here it only applies no tag.
        if parse(&path).goal.is_some() && solution_of(&id).is_file() {
            files.push(solution_of(&id));
        }
        files.push(path);
    }
    let mut applied: HashSet<Tag> = HashSet::new();
    for path in &files {
        let outcome = runner::run(&parse(path));
        assert!(outcome.failures.is_empty(), "{}: expectations fail: {:?}", path.display(), outcome.failures);
        applied.extend(outcome.lines.iter().flat_map(|line| line.rules.iter().copied()));
    }
    let missing: Vec<&str> = Tag::ALL.iter().filter(|t| !applied.contains(t)).map(|t| t.name()).collect();
    // Every applied tag is a `Tag`, so none is missing means the union is exactly `Tag::ALL`.
    assert!(missing.is_empty(), "rule tags no course file or solution applies: {}", missing.join(", "));
}

/// Every challenge's par is what the search finds (`confsim run --solve`): a shortest way from
/// the scene to the goal with the allowed events, never longer than the hand-written solution;
/// its events replayed after the scene reach the goal.
#[test]
fn every_challenge_has_a_par_the_search_finds() {
    use confsim::core::challenge;
    let mut pars = Vec::new();
    for entry in course() {
        let s = parse(&file_of(&entry.id));
        let Some(goal) = s.goal.clone() else { continue };
        let start = challenge::scene(&s);
        let solution = challenge::solve(&start, &challenge::bounds(&s), &goal)
            .unwrap_or_else(|| panic!("{}: no solution within the search's bounds", entry.id));
        let hand = event_steps(&parse(&solution_of(&entry.id))) - event_steps(&s);
        assert!(
            !solution.is_empty() && solution.len() <= hand,
            "{}: par {} vs the hand solution's {hand}",
            entry.id,
            solution.len()
        );
        let allowed = challenge::allowed(&s);
        assert!(solution.iter().all(|e| allowed.contains(&e.kind())), "{}: only allowed events", entry.id);
        let mut world = start.clone();
        for e in &solution {
            world.step(0, e);
        }
        assert!(challenge::holds(&goal, &world), "{}: the par's events reach the goal", entry.id);
        // The command line finds the same par.
        let out = Command::new(env!("CARGO_BIN_EXE_confsim"))
            .args(["run", "--solve"])
            .arg(file_of(&entry.id))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}: {}", entry.id, String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.starts_with(&format!("solved in {} move(s)", solution.len())), "{}: {said}", entry.id);
        pars.push(format!("{} {}", entry.id, solution.len()));
    }
    assert!(pars.len() >= 7, "{pars:?}");
    println!("pars: {}", pars.join(", "));
}
