//! The structure-aware decoder of the `step_sequences` target, shared with the corpus report
//! (`cargo run --example corpus_stats`).
//!
//! An input is read with `arbitrary`'s [`Unstructured`]: first a configuration, then events
//! until the bytes run out. Each event is built by the core's own vocabulary ([`Event::build`])
//! from a [`Fields`] source over the bytes, and applied at once with
//! [`World::step_tags_within`], so a duration may be "until the next timer is due": the world
//! walks timer chains one timer at a time instead of firing thousands in one advance.

use arbitrary::{Result, Unstructured};
use confsim::core::config::Config;
use confsim::core::duration::{Millis, DAY, HOUR, MINUTE, SECOND};
use confsim::core::event::{Event, EventKind, FieldSource};
use confsim::core::model::{AccessLevel, LeaderAssignment, LobbyBypass, MeetingKind, Modality, Named};
use confsim::core::stream::DURATIONS;
use confsim::core::tags::Tag;
use confsim::core::world::{TimerLimit, World};

/// At most this many timers fired by one `Advance`; one more ends the run (not a failure).
pub const MAX_TIMERS: usize = 100_000;

/// A run stops after the step that brings its work past this much: the tags applied plus the
/// timers running after each step, summed. A failed route repeats its UPDATE every
/// `hop.update_interval` for as long as the clock goes (day-long advances: thousands of identical
/// timers), and calls made while the clock stands still pile up pending (12,601
/// `BeginLockConference` at one instant: 10,745 `command-response` timers, which every invariant
/// check walks, 14 times; such inputs took 10 to 16 s each under the fuzzer).
pub const MAX_RUN_WORK: usize = 250_000;

/// The other participants (never `local`, which scenarios reserve for the endpoint).
pub const IDS: [&str; 4] = ["p0", "p1", "p2", "p3"];

/// Event fields read from the fuzzer's bytes: choices among `allowed`, flags, ids from [`IDS`],
/// durations from [`DURATIONS`], the gap to the next due timer or a bounded range.
pub struct Fields<'a, 'b> {
    pub u: &'a mut Unstructured<'b>,
    /// How long until the world's next timer is due, if one runs.
    pub gap: Option<Millis>,
}

impl FieldSource for Fields<'_, '_> {
    type Error = arbitrary::Error;

    fn participant(&mut self, _: &'static str) -> Result<String> {
        Ok(IDS[self.u.choose_index(IDS.len())?].to_string())
    }

    fn participants(&mut self, field: &'static str) -> Result<Vec<String>> {
        // Empty lists and repeated ids are valid scenario input too.
        let n = self.u.int_in_range(0..=3)?;
        (0..n).map(|_| self.participant(field)).collect()
    }

    fn flag(&mut self, _: &'static str, default: bool) -> Result<bool> {
        Ok(self.u.arbitrary::<bool>()? != default)
    }

    fn duration(&mut self, _: &'static str, default: Option<Millis>) -> Result<Millis> {
        let n = DURATIONS.len();
        Ok(match self.u.int_in_range(0..=n + 2)? {
            i if i < n => DURATIONS[i],
            i if i == n => self.gap.unwrap_or(0),
            i if i == n + 1 => default.unwrap_or(SECOND),
            // At most two hours, to the millisecond: at most a few hundred timers.
            _ => self.u.int_in_range(0..=2 * HOUR)?,
        })
    }

    fn choice<E: Named>(&mut self, _: &'static str, allowed: &'static [E], _: Option<E>) -> Result<E> {
        Ok(allowed[self.u.choose_index(allowed.len())?])
    }

    fn option<E: Named>(&mut self, _: &'static str) -> Result<Option<E>> {
        Ok(if self.u.arbitrary()? { Some(E::all()[self.u.choose_index(E::all().len())?]) } else { None })
    }
}

fn pick<T: Copy>(u: &mut Unstructured<'_>, from: &[T]) -> Result<T> {
    Ok(from[u.choose_index(from.len())?])
}

/// A configuration: every enumerated setting, the variants, and each duration from a few values
/// (positive where the scenario format requires it).
pub fn config(u: &mut Unstructured<'_>) -> Result<Config> {
    use Modality::{AudioVideo as AV, InstantMessaging as IM};
    let mut c = Config {
        meeting: pick(u, MeetingKind::ALL)?,
        meeting_end: pick(u, &[HOUR, 8 * HOUR, 3 * DAY])?,
        expiry: pick(u, &[None, Some(2 * HOUR), Some(DAY)])?,
        access_level: pick(u, AccessLevel::ALL)?,
        lobby_bypass: pick(u, LobbyBypass::ALL)?,
        automatic_leader_assignment: pick(u, LeaderAssignment::ALL)?,
        mcus: confsim::core::config::Mcus::of(pick(u, &[&[AV, IM][..], &[AV], &[IM], &[]])?),
        anonymous_user_grace_period: pick(u, &[90 * MINUTE, 5 * MINUTE])?,
        empty_conference_timeout: pick(u, &[20 * MINUTE, MINUTE])?,
        deactivation_grace_period: pick(u, &[DAY, HOUR])?,
        signaling_latency: pick(u, &[SECOND, 0, 5 * SECOND])?,
        mcu_reactivation: pick(u, &[10 * SECOND, SECOND])?,
        app_recovery_timeout: pick(u, &[None, Some(2 * MINUTE), Some(10 * SECOND)])?,
        variants: u.arbitrary()?,
        ..Config::default()
    };
    c.reconnect.latency = pick(u, &[5 * SECOND, SECOND, 0])?;
    c.reconnect.succeeds = u.arbitrary()?;
    c.hop.repair_succeeds = u.arbitrary()?;
    c.hop.update_interval = pick(u, &[30 * SECOND, 5 * SECOND, 5 * MINUTE])?;
    Ok(c)
}

/// The next event: a kind, then its fields through [`Event::build`].
pub fn event(u: &mut Unstructured<'_>, world: &World) -> Result<Event> {
    let kind = pick(u, EventKind::ALL)?;
    let gap = world.next_due().map(|due| due.saturating_sub(world.now()));
    Event::build(kind, &mut Fields { u, gap })
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum End {
    /// The bytes ran out.
    Input,
    /// The last event would fire more than [`MAX_TIMERS`] timers; the world stopped part-way.
    TimerLimit(TimerLimit),
    /// The run's work passed [`MAX_RUN_WORK`].
    Budget,
}

/// A decoded and applied input.
pub struct Run {
    pub config: Config,
    pub events: Vec<Event>,
    /// The tags of each step that completed (all but the last one after a timer limit).
    pub tags: Vec<Vec<Tag>>,
    pub end: End,
    /// The world after the last step (part-way through it after a timer limit).
    pub world: World,
}

/// Decodes `data` and runs it until the bytes run out, an `Advance` would fire too many timers
/// or the run's work passes [`MAX_RUN_WORK`], calling `after(world, step, event)` after every
/// completed step. `None` when not even a configuration could be read.
pub fn run(data: &[u8], mut after: impl FnMut(&World, usize, &Event)) -> Option<Run> {
    let mut u = Unstructured::new(data);
    let config = config(&mut u).ok()?;
    let mut world = World::new(config.clone());
    let (mut events, mut tags, mut end, mut work) = (Vec::new(), Vec::new(), End::Input, 0);
    while !u.is_empty() {
        let Ok(event) = event(&mut u, &world) else { break };
        let step = events.len();
        match world.step_tags_within(step, &event, MAX_TIMERS) {
            Ok(t) => tags.push(t.to_vec()),
            Err(limit) => {
                end = End::TimerLimit(limit);
                events.push(event);
                break;
            }
        }
        after(&world, step, &event);
        events.push(event);
        work += tags.last().map_or(0, Vec::len) + world.timers().count();
        if work > MAX_RUN_WORK {
            end = End::Budget;
            break;
        }
    }
    Some(Run { config, events, tags, end, world })
}
