//! The confsim core behind a small node API: a stream of ConferenceSession events, split into
//! episodes, each applied to a fresh world (the XState side creates a fresh actor per episode).

use confsim::core::config::Config;
use confsim::core::duration::SECOND;
use confsim::core::event::{Event, JoinOptions};
use confsim::core::model::Identity;
use confsim::core::world::World;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Stream {
    episodes: Vec<Vec<Event>>,
    config: Config,
}

/// The event a stream name stands for (the same names the XState machine receives).
fn event(name: &str) -> Result<Event, JsError> {
    Ok(match name {
        "BeginJoin" => Event::BeginJoin(JoinOptions::default()),
        "BeginJoinFederated" => Event::BeginJoin(JoinOptions { identity: Identity::Federated, ..JoinOptions::default() }),
        "Advance" => Event::Advance { by: 5 * SECOND },
        "JoinResponse" => Event::JoinResponse,
        "JoinFailed" => Event::JoinFailed,
        "FocusFailover" => Event::FocusFailover,
        "DialogRecovery" => Event::DialogRecovery,
        "ReconnectSucceeded" => Event::ReconnectSucceeded,
        "ReconnectFailed" => Event::ReconnectFailed,
        "RouteHealed" => Event::RouteHealed,
        "BeginTerminate" => Event::BeginTerminate,
        "LeaderAdmits" => Event::LeaderAdmits,
        "LeaderDenies" => Event::LeaderDenies,
        "LeaderEjects" => Event::LeaderEjects,
        other => return Err(JsError::new(&format!("unknown event {other}"))),
    })
}

#[wasm_bindgen]
impl Stream {
    /// Parses the stream once (not timed): `names` in episodes of `episode` events.
    #[wasm_bindgen(constructor)]
    pub fn new(names: Vec<String>, episode: usize) -> Result<Stream, JsError> {
        let events = names.iter().map(|n| event(n)).collect::<Result<Vec<_>, _>>()?;
        Ok(Stream { episodes: events.chunks(episode.max(1)).map(<[Event]>::to_vec).collect(), config: Config::default() })
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
}
