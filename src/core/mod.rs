//! The simulation core: pure, deterministic, no web dependency.
//!
//! - [`model`]: the names of states, kinds and enums (the contract's vocabulary).
//! - [`tags`]: the DOMAIN.md rule tags, with a summary and a source each.
//! - [`rule_text`]: where each rule's text is in DOMAIN.md (`build.rs` renders it for the app).
//! - [`tables`]: the transition tables as data; everything else reads them.
//! - [`world`]: the world and its step function.
//! - [`clock`]: the timer queue of the virtual clock.
//! - [`event`], [`config`], [`duration`]: inputs.
//! - [`scenario`]: scenario files in and out, with precise errors.
//! - [`trace`]: trace lines out.
//! - [`render`]: the ConferenceSession diagram as SVG (the lab's and `confsim render`'s) and a trace as a Mermaid sequence diagram.
//! - [`runner`]: runs a scenario and checks its expectations.
//! - [`fields`]: each event's fields as a form shows them (read from `Event::build`).
//! - [`firsts`]: a small inline set, each value once in the order first added.
//! - [`explore`]: exhaustive search and seeded random walks over the model.
//! - [`export`]: Mermaid, DOT and SCXML from the tables.
//! - [`challenge`]: a challenge's goal, what still differs, and its shortest solution (par).
//! - [`course`]: the course's contents and the learner's progress through it.
//! - [`explain`]: a trace line in plain words (the lab's log).
//! - [`lab`]: the lab's session: time travel, Undo / Redo, playback with breakpoints.

pub mod challenge;
pub mod clock;
pub mod config;
pub mod course;
pub mod duration;
pub mod event;
pub mod explain;
pub mod explore;
pub mod export;
pub mod fields;
pub mod firsts;
pub mod lab;
pub mod library;
pub mod model;
pub mod render;
pub mod rule_text;
pub mod runner;
pub mod scenario;
pub mod stream;
pub mod tables;
pub mod tag_text;
pub mod tags;
pub mod trace;
pub mod world;
