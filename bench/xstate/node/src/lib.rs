//! The confsim core behind a small node API: a stream of ConferenceSession events, split into
//! episodes, each applied to a fresh world (the XState side creates a fresh actor per episode);
//! and, in the same module, the floor (`bench/floor.rs`: a bare `match (state, event)` over the
//! same machine) on the same episodes.

use confsim::core::config::Config;
use confsim::core::event::Event;
use confsim::core::world::World;
use wasm_bindgen::prelude::*;

#[path = "../../../floor.rs"]
mod floor;

use floor::Ev;

/// The seeded stream every engine runs: `events` names in episodes of `episode`, each starting
/// with `BeginJoin` (mulberry32 from `seed`, written once in `bench/floor.rs`).
#[wasm_bindgen(js_name = sessionStream)]
pub fn session_stream(seed: u32, events: usize, episode: usize) -> Vec<String> {
    floor::stream(seed, events, episode).into_iter().map(|e| e.name().to_string()).collect()
}

#[wasm_bindgen]
pub struct Stream {
    episodes: Vec<Vec<Event>>,
    floor: Vec<Ev>,
    episode: usize,
    config: Config,
}

#[wasm_bindgen]
impl Stream {
    /// Parses the stream once (not timed): `names` in episodes of `episode` events.
    #[wasm_bindgen(constructor)]
    pub fn new(names: Vec<String>, episode: usize) -> Result<Stream, JsError> {
        let floor = names
            .iter()
            .map(|n| Ev::parse(n).ok_or_else(|| JsError::new(&format!("unknown event {n}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let episode = episode.max(1);
        let events: Vec<Event> = floor.iter().map(|e| e.event()).collect();
        Ok(Stream {
            episodes: events.chunks(episode).map(<[Event]>::to_vec).collect(),
            floor,
            episode,
            config: Config::default(),
        })
    }

    /// Applies every episode to a fresh world; returns how many rule tags were applied.
    pub fn run(&self) -> u32 {
        let mut tags = 0;
        for episode in &self.episodes {
            let mut world = World::new(self.config.clone());
            for e in episode {
                tags += world.step_tags(e).len();
            }
        }
        tags as u32
    }

    /// The final session state of every episode, joined (to compare with XState's).
    pub fn finals(&self) -> String {
        self.episodes
            .iter()
            .map(|episode| {
                let mut world = World::new(self.config.clone());
                for e in episode {
                    world.step_tags(e);
                }
                world.local().session.name()
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The floor: every episode through the bare `match` from a fresh session; returns the sum of
    /// the final states' indexes.
    #[wasm_bindgen(js_name = runFloor)]
    pub fn run_floor(&self) -> u32 {
        floor::run(&self.floor, self.episode)
    }

    /// The floor's final state of every episode, joined like [`Stream::finals`].
    #[wasm_bindgen(js_name = floorFinals)]
    pub fn floor_finals(&self) -> String {
        floor::finals(&self.floor, self.episode).into_iter().map(floor::State::name).collect::<Vec<_>>().join(",")
    }
}
