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
    /// Reads the query string (`?embed&controls=0&autoplay&speed=600&theme=dark`) as the
    /// browser does (`URLSearchParams`: percent-escapes and `+` decoded); values are trimmed and
    /// compared without case.
    pub fn from_query(query: &str) -> Embed {
        let mut e = Embed { controls: true, ..Embed::default() };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(query) else { return e };
        for (key, value) in ["embed", "controls", "autoplay", "speed", "theme"]
            .iter()
            .filter_map(|k| Some((*k, params.get(k)?.trim().to_ascii_lowercase())))
        {
            let on = !matches!(value.as_str(), "0" | "false");
            match key {
                "embed" => e.on = on,
                "controls" => e.controls = on,
                "autoplay" => e.autoplay = on,
                "speed" => e.speed = value.trim_end_matches(['x', '×']).parse().ok().filter(|s| SPEEDS.contains(s)),
                _ => e.theme = ["light", "dark"].into_iter().find(|t| *t == value),
            }
        }
        e
    }
}
