//! `?embed` (SCENARIOS.md "In the browser"): the compact view for documentation pages.
//! Options: `controls=0` (read-only: no event buttons, no advancing), `autoplay` (the clock
//! plays from the start), `speed=N` (one of the clock's speeds), `theme=light|dark`.

use crate::app::state::SPEEDS;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embed {
    pub on: bool,
    pub controls: bool,
    pub autoplay: bool,
    pub speed: Option<u32>,
    pub theme: Option<&'static str>,
}

impl Embed {
    /// Reads the query string (`?embed&controls=0&autoplay&speed=600&theme=dark`).
    pub fn from_query(query: &str) -> Embed {
        let mut e = Embed { controls: true, ..Embed::default() };
        for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "embed" => e.on = !matches!(value, "0" | "false"),
                "controls" => e.controls = !matches!(value, "0" | "false"),
                "autoplay" => e.autoplay = !matches!(value, "0" | "false"),
                "speed" => e.speed = value.trim_end_matches(['x', '×']).parse().ok().filter(|s| SPEEDS.contains(s)),
                "theme" => {
                    e.theme = match value {
                        "light" => Some("light"),
                        "dark" => Some("dark"),
                        _ => None,
                    }
                }
                _ => {}
            }
        }
        e
    }
}
