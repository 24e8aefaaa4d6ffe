//! `?embed` (SCENARIOS.md "Embeds as stories"): the compact view for documentation pages. The
//! scenario opens in the player before its first step (`start=end`: after its last), and its
//! notes narrate it. Options: `controls=0` (the reader follows the story but cannot change it:
//! no event buttons, no clock), `autoplay` (the player plays the steps once the embed is in
//! view), `panels=diagram,conference,timers,log` (what is shown; all four by default),
//! `speed=N` (one of the clock's speeds), `theme=light|dark`.

use crate::app::state::SPEEDS;

/// The panels an embed may show.
pub const PANELS: [&str; 4] = ["diagram", "conference", "timers", "log"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embed {
    pub on: bool,
    pub controls: bool,
    pub autoplay: bool,
    /// Open after the last step instead of before the first.
    pub at_end: bool,
    pub speed: Option<u32>,
    pub theme: Option<&'static str>,
    /// The panels shown, of [`PANELS`].
    pub panels: Vec<&'static str>,
}

impl Embed {
    /// Reads the query string (`?embed&controls=0&autoplay&speed=600&theme=dark`) as the
    /// browser does (`URLSearchParams`: percent-escapes and `+` decoded); values are trimmed and
    /// compared without case.
    pub fn from_query(query: &str) -> Embed {
        let mut e = Embed { controls: true, panels: PANELS.to_vec(), ..Embed::default() };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(query) else { return e };
        for (key, value) in ["embed", "controls", "autoplay", "speed", "theme", "start", "panels"]
            .iter()
            .filter_map(|k| Some((*k, params.get(k)?.trim().to_ascii_lowercase())))
        {
            let on = !matches!(value.as_str(), "0" | "false");
            match key {
                "embed" => e.on = on,
                "controls" => e.controls = on,
                "autoplay" => e.autoplay = on,
                "speed" => e.speed = value.trim_end_matches(['x', '×']).parse().ok().filter(|s| SPEEDS.contains(s)),
                "start" => e.at_end = value == "end",
                "panels" => {
                    let chosen: Vec<&'static str> =
                        PANELS.into_iter().filter(|p| value.split(',').any(|v| v.trim() == *p)).collect();
                    if !chosen.is_empty() {
                        e.panels = chosen;
                    }
                }
                _ => e.theme = ["light", "dark"].into_iter().find(|t| *t == value),
            }
        }
        e
    }

    pub fn shows(&self, panel: &str) -> bool {
        self.panels.contains(&panel)
    }
}
