//! The panels: plain functions of the lab, or hooks (`use_…`) where they keep state, which the App
//! (drawn on every change of the lab) calls and draws; each dispatches actions to the lab.

use yew::{Callback, MouseEvent};

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

/// A flag as an attribute's text, without formatting a `bool` (`"true"` or `"false"`).
pub fn truth(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// A click that dispatches a fixed action: one closure type for every such button (each closure
/// type is code of its own in the bundle).
pub fn dispatch_on_click(
    lab: &crate::app::state::LabHandle,
    action: fn() -> crate::app::state::Action,
) -> Callback<MouseEvent> {
    let lab = lab.clone();
    Callback::from(move |_| lab.dispatch(action()))
}
