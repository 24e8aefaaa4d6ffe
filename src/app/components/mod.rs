//! Small function components; each reads the lab from context and dispatches actions.

pub mod about;
pub mod author;
pub mod clock;
pub mod conference;
pub mod config;
pub mod course;
pub mod coverage;
pub mod diagram;
pub mod events;
pub mod header;
pub mod history;
pub mod library;
pub mod log;
pub mod machines;
pub mod player;
pub mod rule;
pub mod timers;
pub mod timetravel;
