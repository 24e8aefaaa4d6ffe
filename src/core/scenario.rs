//! Scenario files (SCENARIOS.md "Scenario"): parsing with precise errors, and writing back.
//!
//! A scenario is invalid only for what can be seen without running it; the error names where
//! (the step, or `config`), the field, what was expected and what was found. Parsing walks a
//! `serde_json::Value` by hand because that precision is the contract.

use std::fmt;

use serde_json::{Map, Value};

use super::clock::TimerId;
use super::config::Config;
use super::duration::{self, Millis};
use serde::Deserialize;

use super::event::{Event, EventKind, FieldSource};
use super::model::{
    AccessLevel, CallState, ConferenceState, ConversationState, JoinMode, McuState, Modality, Named, Role, SessionState,
};
use super::world::LOCAL;

mod base64url;

/// A parsed scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: Option<String>,
    /// A paragraph for people (the app's scenario menu shows it).
    pub description: Option<String>,
    pub config: Config,
    pub steps: Vec<Step>,
    /// A challenge's goal: a partial snapshot (compared as `expect` compares) to reach after the
    /// steps, which set the scene.
    pub goal: Option<Map<String, Value>>,
    /// The events a challenge lets the learner use (`None`: any).
    pub allowed: Option<Vec<EventKind>>,
}

/// One step: what it does, and a note for people (narration in a lesson; the runner copies it
/// to the step's first trace line).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub does: Does,
    pub note: Option<String>,
}

/// What a step does: apply an event, or check the current snapshot.
#[derive(Clone, Debug, PartialEq)]
pub enum Does {
    Event(Event),
    /// A partial snapshot, already checked for known keys and values.
    Expect(Map<String, Value>),
}

impl Step {
    /// A step that applies `event`, with no note.
    pub fn event(event: Event) -> Step {
        Step { does: Does::Event(event), note: None }
    }

    /// The event the step applies, if it is an event step.
    pub fn as_event(&self) -> Option<&Event> {
        match &self.does {
            Does::Event(e) => Some(e),
            Does::Expect(_) => None,
        }
    }
}

/// Why a scenario is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// `step N`, `config`, `scenario`, or `JSON` for a syntax error.
    pub location: String,
    /// The field, dotted for nested ones (`reconnect.latency`); empty for a syntax error.
    pub field: String,
    pub expected: String,
    pub found: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What came from the input is escaped: the message stays one line, displayed as stored.
        let (field, found) = (escape_unprintable(&self.field), escape_unprintable(&self.found));
        if self.field.is_empty() {
            write!(f, "{}: expected {}, found {found}", self.location, self.expected)
        } else {
            write!(f, "{}, field `{field}`: expected {}, found {found}", self.location, self.expected)
        }
    }
}

impl std::error::Error for ScenarioError {}

type Result<T> = std::result::Result<T, ScenarioError>;

/// Where in the scenario a reader is, for error messages.
#[derive(Clone, Copy)]
struct At<'a> {
    location: &'a str,
    prefix: &'a str,
}

impl At<'_> {
    fn err(&self, field: &str, expected: impl Into<String>, found: Option<&Value>) -> ScenarioError {
        ScenarioError {
            location: self.location.to_string(),
            field: format!("{}{}", self.prefix, field),
            expected: expected.into(),
            found: found.map_or_else(|| "nothing (the field is missing)".to_string(), describe),
        }
    }
}

/// A short description of a JSON value for error messages.
fn describe(v: &Value) -> String {
    let text = v.to_string();
    let text =
        if text.chars().count() > 60 { format!("{}…", text.chars().take(60).collect::<String>()) } else { text };
    match v {
        Value::Null => "null".into(),
        Value::Object(_) => format!("an object {text}"),
        Value::Array(_) => format!("a list {text}"),
        _ => text,
    }
}

/// Reads the fields of one JSON object, then rejects any field it did not read.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    at: At<'a>,
    allowed: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    fn new(value: &'a Value, at: At<'a>, what: &str, field: &str) -> Result<Self> {
        match value {
            Value::Object(map) => Ok(Fields { map, at, allowed: Vec::new() }),
            other => Err(at.err(field, what, Some(other))),
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.allowed.push(key);
        self.map.get(key)
    }

    fn required(&mut self, key: &'static str, expected: &str) -> Result<&'a Value> {
        self.get(key).ok_or_else(|| self.at.err(key, expected, None))
    }

    fn bool(&mut self, key: &'static str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.at.err(key, "true or false", Some(other))),
        }
    }

    fn named<E: Named>(&mut self, key: &'static str) -> Result<Option<E>> {
        self.get(key).map(|v| named_value(v, self.at, key)).transpose()
    }

    fn duration(&mut self, key: &'static str) -> Result<Option<Millis>> {
        self.get(key).map(|v| duration_value(v, self.at, key)).transpose()
    }

    fn participant(&mut self, key: &'static str) -> Result<String> {
        let v = self.required(key, "a participant id (a string)")?;
        participant_value(v, self.at, key)
    }

    fn participants(&mut self, key: &'static str) -> Result<Vec<String>> {
        let expected = "a list of participant ids";
        match self.required(key, expected)? {
            Value::Array(items) => {
                items.iter().enumerate().map(|(i, v)| participant_value(v, self.at, &format!("{key}[{i}]"))).collect()
            }
            other => Err(self.at.err(key, expected, Some(other))),
        }
    }

    /// One of `allowed` (names of the enum whose names are `names`), as an index into `names`:
    /// `default` when absent, required when `default` is `None`.
    fn choose(
        &mut self,
        field: &'static str,
        names: &[&str],
        allowed: &[&str],
        default: Option<usize>,
    ) -> Result<usize> {
        let listed = super::model::one_of(allowed);
        let value = match (self.get(field), default) {
            (None, Some(d)) => return Ok(d),
            (None, None) => {
                let subset = allowed.len() < names.len();
                let expected = if subset { listed } else { format!("one of {}", super::model::one_of(names)) };
                return Err(self.at.err(field, expected, None));
            }
            (Some(v), _) => v,
        };
        let i = name_index(value, self.at, field, names)?;
        if !allowed.contains(&names[i]) {
            return Err(self.at.err(field, format!("{listed} (the only value this event takes)"), Some(value)));
        }
        Ok(i)
    }

    /// Fails on the first field not read.
    fn finish(self) -> Result<()> {
        match self.map.keys().find(|k| !self.allowed.contains(&k.as_str())) {
            None => Ok(()),
            Some(unknown) => {
                let known = super::model::one_of(&self.allowed);
                let expected =
                    if known.is_empty() { "no fields".to_string() } else { format!("a known field ({known})") };
                Err(ScenarioError {
                    location: self.at.location.to_string(),
                    field: format!("{}{}", self.at.prefix, unknown),
                    expected,
                    found: "an unknown field".into(),
                })
            }
        }
    }
}

fn named_value<E: Named>(v: &Value, at: At<'_>, key: &str) -> Result<E> {
    name_index(v, at, key, E::names()).map(|i| E::all()[i])
}

/// Which of `names` a value is (the enums' readers share this rather than a copy each).
fn name_index(v: &Value, at: At<'_>, key: &str, names: &[&str]) -> Result<usize> {
    v.as_str()
        .and_then(|text| super::model::position(names, text))
        .ok_or_else(|| at.err(key, format!("one of {}", super::model::one_of(names)), Some(v)))
}

fn duration_value(v: &Value, at: At<'_>, key: &str) -> Result<Millis> {
    let parsed = match v {
        Value::String(s) => duration::parse_iso(s),
        Value::Number(n) => n.as_f64().and_then(duration::from_seconds),
        _ => None,
    };
    parsed.ok_or_else(|| at.err(key, duration::EXPECTED, Some(v)))
}

fn participant_value(v: &Value, at: At<'_>, key: &str) -> Result<String> {
    match v.as_str() {
        Some(LOCAL) => {
            Err(at.err(key, "the id of another participant (`local` is reserved for the endpoint you drive)", Some(v)))
        }
        Some(id) if id.trim().is_empty() => Err(at.err(key, "a participant id (a non-empty string)", Some(v))),
        Some(id) if id.chars().any(unprintable) => Err(at.err(key, ID_CHARACTERS, Some(v))),
        Some(id) => Ok(id.to_string()),
        None => Err(at.err(key, "a participant id (a non-empty string)", Some(v))),
    }
}

/// What an id may hold, for error messages.
const ID_CHARACTERS: &str =
    "a participant id of printable characters (no control or bidirectional formatting character)";

/// Whether a character may not appear in an id: a control character, a bidirectional formatting
/// character (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: they make an id display in
/// another order than it is stored, `\u{202e}evil\u{202c}` as "live"), or a line or paragraph
/// separator.
pub fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Checks an id given outside a scenario (the explorer's `--participants`): the rule of
/// [`unprintable`], with the same words as a scenario's error.
pub fn check_id(id: &str) -> std::result::Result<(), String> {
    if id.trim().is_empty() || id.chars().any(unprintable) {
        Err(format!("expected {ID_CHARACTERS}, found {:?}", escape_unprintable(id)))
    } else {
        Ok(())
    }
}

/// The text with every [`unprintable`] character written as `\u{…}`, for messages.
pub fn escape_unprintable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(unprintable) {
        return text.into();
    }
    text.chars().map(|c| if unprintable(c) { format!("\\u{{{:04X}}}", c as u32) } else { c.to_string() }).collect()
}

/// Parses scenario text (a leading UTF-8 byte order mark is skipped). An object that gives a
/// field twice is invalid: JSON parsers disagree on which one counts.
pub fn parse(text: &str) -> Result<Scenario> {
    from_value(&parse_json(text)?)
}

/// Reads JSON text into a value, rejecting a field given twice in one object (serde_json's
/// `Value` would keep the last silently); the error names the step (or `config`) and the field.
pub fn parse_json(text: &str) -> Result<Value> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let context = unique::Context::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde::de::DeserializeSeed::deserialize(unique::Unique(&context), &mut de).and_then(|v| {
        de.end()?;
        Ok(v)
    });
    value.map_err(|e| {
        context.duplicate.take().unwrap_or_else(|| ScenarioError {
            location: "JSON".into(),
            field: String::new(),
            expected: "a JSON document".into(),
            found: format!("a syntax error at line {}, column {} ({})", e.line(), e.column(), syntax_reason(&e)),
        })
    })
}

/// A JSON value read with each object's keys checked for duplicates.
mod unique {
    use std::cell::RefCell;
    use std::fmt;

    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};

    use super::ScenarioError;

    /// One step into the document: an object's field or a list's item.
    enum Segment {
        Key(String),
        Index(usize),
    }

    /// Where the reader is, and the duplicate it found.
    #[derive(Default)]
    pub(super) struct Context {
        path: RefCell<Vec<Segment>>,
        pub(super) duplicate: RefCell<Option<ScenarioError>>,
    }

    impl Context {
        /// The error for `key` given twice at the current place: `steps[i]…` is `step i`,
        /// `config…` is `config`, anything else `scenario`; the field is dotted from there.
        fn duplicate(&self, key: &str) -> ScenarioError {
            let path = self.path.borrow();
            let (location, rest) = match path.as_slice() {
                [Segment::Key(k), Segment::Index(i), rest @ ..] if k == "steps" => (format!("step {i}"), rest),
                [Segment::Key(k), rest @ ..] if k == "config" => ("config".to_string(), rest),
                rest => ("scenario".to_string(), rest),
            };
            let mut field = String::new();
            for segment in rest {
                match segment {
                    Segment::Key(k) => {
                        field += k;
                        field.push('.');
                    }
                    Segment::Index(i) => {
                        field.pop();
                        field += &format!("[{i}].");
                    }
                }
            }
            field += key;
            ScenarioError {
                location,
                field,
                expected: "each field once".into(),
                found: "it twice in one object".into(),
            }
        }
    }

    /// Reads one value at the context's current place.
    #[derive(Clone, Copy)]
    pub(super) struct Unique<'a>(pub(super) &'a Context);

    impl<'de> DeserializeSeed<'de> for Unique<'_> {
        type Value = Value;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Unique<'_> {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }

        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }

        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }

        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }

        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
        }

        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }

        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            deserializer.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            loop {
                self.0.path.borrow_mut().push(Segment::Index(items.len()));
                let item = seq.next_element_seed(self)?;
                self.0.path.borrow_mut().pop();
                match item {
                    Some(v) => items.push(v),
                    None => return Ok(Value::Array(items)),
                }
            }
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
            let mut map = Map::new();
            while let Some(key) = access.next_key::<String>()? {
                if map.contains_key(&key) {
                    *self.0.duplicate.borrow_mut() = Some(self.0.duplicate(&key));
                    return Err(de::Error::custom(format_args!("the field `{key}` is given twice")));
                }
                self.0.path.borrow_mut().push(Segment::Key(key.clone()));
                let value = access.next_value_seed(self)?;
                self.0.path.borrow_mut().pop();
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
    }
}

fn syntax_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_string()
}

/// Parses a scenario from JSON.
pub fn from_value(value: &Value) -> Result<Scenario> {
    let at = At { location: "scenario", prefix: "" };
    let mut top = Fields::new(value, at, "a scenario object with `steps`", "")?;
    let name = text_field(&mut top, "name")?;
    let description = text_field(&mut top, "description")?;
    let config = match top.get("config") {
        None => Config::default(),
        Some(v) => parse_config(v)?,
    };
    let steps = match top.required("steps", "a list of steps")? {
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| parse_step(i, v)).collect::<Result<Vec<_>>>()?,
        other => return Err(at.err("steps", "a list of steps", Some(other))),
    };
    let goal = top.get("goal").map(|v| parse_expect_as(v, "scenario", "goal")).transpose()?;
    let allowed = match top.get("allowed") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| named_value::<EventKind>(v, at, &format!("allowed[{i}]")))
                .collect::<Result<Vec<_>>>()?,
        ),
        Some(other) => return Err(at.err("allowed", "a list of event names", Some(other))),
    };
    top.finish()?;
    Ok(Scenario { name, description, config, steps, goal, allowed })
}

fn text_field(fields: &mut Fields<'_>, key: &'static str) -> Result<Option<String>> {
    match fields.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(fields.at.err(key, "a string", Some(other))),
    }
}

/// Parses the `config` object (every field optional) with serde derive on [`Config`]; an error
/// names the field (dotted for nested ones, `mcus[1]` for a list item), what was expected and
/// what was found.
pub fn parse_config(value: &Value) -> Result<Config> {
    let at = At { location: "config", prefix: "" };
    if !value.is_object() {
        return Err(at.err("config", "a configuration object", Some(value)));
    }
    Config::deserialize(value).map_err(|_| {
        let (path, message) = locate(value, &|v| Config::deserialize(v).err().map(|e| e.to_string()));
        let shapes: &[(&str, String)] = &[
            ("reconnect", "an object with `latency` and `succeeds`".into()),
            ("hop", "an object with `repair_succeeds` and `update_interval`".into()),
            ("variants", "an object such as {\"V1\": true}".into()),
            ("mcus", format!("a list of modalities ({})", Modality::expected())),
        ];
        serde_error(value, "config", "", &path, &message, shapes)
    })
}

/// Where reading `root` fails: the path of the smallest part that fails on its
/// own (`hop.update_interval`, `mcus[1]`) and serde's message for it. Each field is tried alone
/// — `{"hop": {"update_interval": 0}}` — descending into objects and lists while the part still
/// fails, so the error names the field without a path-tracking deserializer in the bundle.
///
/// `error` is serde's message for a value, if it fails (a closure rather than a type parameter:
/// one copy of the search serves both the configuration and `expect`).
fn locate(root: &Value, error: &dyn Fn(&Value) -> Option<String>) -> (String, String) {
    /// `leaf` at `path` in otherwise empty objects and one-item lists.
    fn probe(path: &[Segment<'_>], leaf: &Value) -> Value {
        path.iter().rev().fold(leaf.clone(), |inner, segment| match segment {
            Segment::Key(k) => Value::Object(Map::from_iter([((*k).to_string(), inner)])),
            Segment::Index(_) => Value::Array(vec![inner]),
        })
    }
    let fails = |path: &[Segment<'_>], leaf: &Value| error(&probe(path, leaf));
    let mut path: Vec<Segment<'_>> = Vec::new();
    let mut here = root;
    let mut message = fails(&path, here).unwrap_or_default();
    'descend: loop {
        let parts: Vec<(Segment<'_>, &Value)> = match here {
            Value::Object(map) => map.iter().map(|(k, v)| (Segment::Key(k), v)).collect(),
            Value::Array(items) => items.iter().enumerate().map(|(i, v)| (Segment::Index(i), v)).collect(),
            _ => break,
        };
        for (segment, part) in parts {
            path.push(segment);
            if let Some(m) = fails(&path, part) {
                message = m;
                here = part;
                continue 'descend;
            }
            path.pop();
        }
        break;
    }
    let text = path.iter().fold(String::new(), |mut out, segment| {
        match segment {
            Segment::Key(k) if out.is_empty() => out.push_str(k),
            Segment::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
        out
    });
    (text, message)
}

/// A step of a path into JSON.
#[derive(Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Turns serde's error at `path` into the scenario error format: at `location`, the field
/// `prefix` + path; an invalid type of an object or list field says what `shapes` expects.
fn serde_error(
    root: &Value,
    location: &str,
    prefix: &str,
    path: &str,
    message: &str,
    shapes: &[(&str, String)],
) -> ScenarioError {
    let join = |field: &str| if path.is_empty() { field.to_string() } else { format!("{path}.{field}") };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or_default();
        let known: Vec<&str> =
            rest.split('`').skip(1).collect::<Vec<_>>().chunks(2).filter_map(|c| c.get(1).copied()).collect();
        let expected = if known.is_empty() {
            "no fields".to_string()
        } else {
            format!("a known field ({})", super::model::one_of(&known))
        };
        let on_path = path == unknown || path.ends_with(&format!(".{unknown}"));
        return ScenarioError {
            location: location.into(),
            field: format!("{prefix}{}", if on_path { path.to_string() } else { join(unknown) }),
            expected,
            found: "an unknown field".into(),
        };
    }
    let expected = match shapes.iter().find(|(p, _)| *p == path) {
        Some((_, shape)) if message.starts_with("invalid type") => shape.clone(),
        _ => message.to_string(),
    };
    At { location, prefix }.err(path, expected, lookup(root, path))
}

/// The value at a serde path (`hop.update_interval`, `mcus[1]`).
fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').filter(|s| !s.is_empty()).try_fold(value, |v, segment| match segment.split_once('[') {
        Some((key, index)) => {
            let i: usize = index.trim_end_matches(']').parse().ok()?;
            v.get(key)?.get(i)
        }
        None => v.get(segment),
    })
}

/// Parses one event object (`{"event": NAME, …fields}`), as the app's forms build them.
pub fn parse_event_value(value: &Value) -> Result<Event> {
    match parse_step(0, value)? {
        Step { does: Does::Event(e), .. } => Ok(e),
        Step { does: Does::Expect(_), .. } => Err(ScenarioError {
            location: "event".into(),
            field: "event".into(),
            expected: "an event".into(),
            found: "an expectation".into(),
        }),
    }
}

/// The `#scenario=` payload of a link: the scenario's JSON in base64url without padding.
pub fn to_link(scenario: &Scenario) -> String {
    base64url::encode(scenario.to_json().to_string().as_bytes())
}

/// Reads a `#scenario=` payload (padding and standard base64 are tolerated).
pub fn from_link(payload: &str) -> Result<Scenario> {
    let cleaned: String = payload.trim().trim_end_matches('=').replace('+', "-").replace('/', "_");
    let bytes = base64url::decode(cleaned.as_bytes()).map_err(|e| ScenarioError {
        location: "link".into(),
        field: "#scenario".into(),
        expected: "a scenario in base64url".into(),
        found: format!("text that is not base64url ({e})"),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ScenarioError {
        location: "link".into(),
        field: "#scenario".into(),
        expected: "a scenario in base64url".into(),
        found: "bytes that are not UTF-8 text".into(),
    })?;
    parse(&text)
}

fn parse_step(index: usize, value: &Value) -> Result<Step> {
    let location = format!("step {index}");
    let at = At { location: &location, prefix: "" };
    let mut f = Fields::new(value, at, "a step object with `event` or `expect`", "")?;
    let note = text_field(&mut f, "note")?;
    if f.map.contains_key("expect") && !f.map.contains_key("event") {
        let expect = parse_expect(f.required("expect", "")?, &location)?;
        f.finish()?;
        return Ok(Step { does: Does::Expect(expect), note });
    }
    let name = f.required("event", "an event name, or an `expect` step")?;
    let kind: EventKind = named_value(name, at, "event")?;
    let event = parse_event(kind, &mut f)?;
    f.finish()?;
    Ok(Step { does: Does::Event(event), note })
}

fn parse_event(kind: EventKind, f: &mut Fields<'_>) -> Result<Event> {
    Event::build(kind, f)
}

/// The scenario reader is one source of event fields: each read names step, field and what was
/// expected.
impl FieldSource for Fields<'_> {
    type Error = ScenarioError;

    fn participant(&mut self, field: &'static str) -> Result<String> {
        Fields::participant(self, field)
    }

    fn participants(&mut self, field: &'static str) -> Result<Vec<String>> {
        Fields::participants(self, field)
    }

    fn flag(&mut self, field: &'static str, default: bool) -> Result<bool> {
        Ok(self.bool(field)?.unwrap_or(default))
    }

    fn duration(&mut self, field: &'static str, default: Option<Millis>) -> Result<Millis> {
        match default {
            Some(d) => Ok(Fields::duration(self, field)?.unwrap_or(d)),
            None => {
                let v = self.required(field, duration::EXPECTED)?;
                duration_value(v, self.at, field)
            }
        }
    }

    fn choice<E: Named>(&mut self, field: &'static str, allowed: &'static [E], default: Option<E>) -> Result<E> {
        let allowed: Vec<&str> = allowed.iter().map(|e| e.name_of()).collect();
        let default = default.and_then(|d| super::model::position(E::names(), d.name_of()));
        self.choose(field, E::names(), &allowed, default).map(|i| E::all()[i])
    }

    fn option<E: Named>(&mut self, field: &'static str) -> Result<Option<E>> {
        self.named(field)
    }
}

/// Checks an `expect` object: known keys, and values of the right names and types.
/// The shape of an `expect` step (every field optional, unknown ones refused): read by serde
/// derive to check names and types; the step keeps the JSON object to compare with snapshots.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ExpectShape {
    #[serde(default, deserialize_with = "some")]
    session: Option<SessionState>,
    #[serde(default, deserialize_with = "some")]
    conversation: Option<ConversationState>,
    #[serde(default, deserialize_with = "some")]
    mcu: Option<McuShape>,
    #[serde(default, deserialize_with = "some")]
    calls: Option<CallsShape>,
    #[serde(default, deserialize_with = "some")]
    conference: Option<ConferenceState>,
    #[serde(default, deserialize_with = "flag")]
    locked: Option<bool>,
    #[serde(default, deserialize_with = "some")]
    access_level: Option<AccessLevel>,
    #[serde(default, deserialize_with = "some")]
    local: Option<LocalShape>,
    #[serde(default, deserialize_with = "some")]
    roster: Option<Vec<Id>>,
    #[serde(default, deserialize_with = "some")]
    lobby: Option<Vec<Id>>,
    #[serde(default, deserialize_with = "some")]
    timers: Option<Vec<TimerId>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, non_snake_case)]
struct McuShape {
    #[serde(default, deserialize_with = "some")]
    AudioVideo: Option<McuState>,
    #[serde(default, deserialize_with = "some")]
    InstantMessaging: Option<McuState>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, non_snake_case)]
struct CallsShape {
    #[serde(default, deserialize_with = "some")]
    AudioVideo: Option<CallState>,
}

/// `role` and `mode` may be `null` (before the endpoint enters / joins).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct LocalShape {
    #[serde(default)]
    role: Option<Role>,
    #[serde(default)]
    mode: Option<JoinMode>,
}

/// A participant id of printable characters.
struct Id;

impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let id = String::deserialize(d).map_err(|_| serde::de::Error::custom("a participant id (a string)"))?;
        if id.chars().any(unprintable) {
            return Err(serde::de::Error::custom(ID_CHARACTERS));
        }
        Ok(Id)
    }
}

/// A field that may be left out but not `null`.
fn some<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<bool>, D::Error> {
    use serde::Deserialize;
    bool::deserialize(d).map(Some).map_err(|_| serde::de::Error::custom("true or false"))
}

fn parse_expect(value: &Value, location: &str) -> Result<Map<String, Value>> {
    parse_expect_as(value, location, "expect")
}

/// A partial snapshot under `key` (`expect` in a step, `goal` in a challenge).
fn parse_expect_as(value: &Value, location: &str, key: &str) -> Result<Map<String, Value>> {
    let Value::Object(map) = value else {
        return Err(At { location, prefix: "" }.err(key, "a partial snapshot object", Some(value)));
    };
    ExpectShape::deserialize(value).map_err(|_| {
        let (path, message) = locate(value, &|v| ExpectShape::deserialize(v).err().map(|e| e.to_string()));
        let shapes: &[(&str, String)] = &[
            ("mcu", "an object such as {\"AudioVideo\": \"Active\"}".into()),
            ("calls", "an object such as {\"AudioVideo\": \"Established\"}".into()),
            ("local", "an object with `role` and/or `mode`".into()),
            ("roster", "a list of participant ids".into()),
            ("lobby", "a list of participant ids".into()),
            ("timers", format!("a list of timer ids ({})", TimerId::expected())),
        ];
        serde_error(value, location, &format!("{key}."), &path, &message, shapes)
    })?;
    Ok(map.clone())
}

// ----- writing ---------------------------------------------------------------------------------

/// The configuration as JSON, every field written out (durations in ISO 8601).
pub fn config_to_json(c: &Config) -> Value {
    serde_json::to_string(c).ok().and_then(|text| parse_json(&text).ok()).unwrap_or_default()
}

impl Scenario {
    /// A scenario with this configuration and no steps.
    pub fn new(config: Config) -> Self {
        Scenario { name: None, description: None, config, steps: Vec::new(), goal: None, allowed: None }
    }

    /// The scenario as JSON; parsing it gives the same scenario back.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(name) = &self.name {
            m.insert("name".into(), Value::String(name.clone()));
        }
        if let Some(description) = &self.description {
            m.insert("description".into(), Value::String(description.clone()));
        }
        m.insert("config".into(), config_to_json(&self.config));
        let steps = self
            .steps
            .iter()
            .map(|s| {
                let mut step = match &s.does {
                    Does::Event(e) => e.to_json(),
                    Does::Expect(x) => {
                        Value::Object(Map::from_iter([("expect".to_string(), Value::Object(x.clone()))]))
                    }
                };
                if let (Some(note), Some(m)) = (&s.note, step.as_object_mut()) {
                    m.insert("note".into(), Value::String(note.clone()));
                }
                step
            })
            .collect();
        m.insert("steps".into(), Value::Array(steps));
        if let Some(goal) = &self.goal {
            m.insert("goal".into(), Value::Object(goal.clone()));
        }
        if let Some(allowed) = &self.allowed {
            m.insert("allowed".into(), Value::Array(allowed.iter().map(|k| Value::String(k.name().into())).collect()));
        }
        Value::Object(m)
    }

    /// Pretty JSON text (`{:#}` writes what `serde_json::to_string_pretty` does, through the
    /// writer `Display` already brings into the wasm bundle).
    pub fn to_text(&self) -> String {
        format!("{:#}", self.to_json())
    }

    /// The events only.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.steps.iter().filter_map(Step::as_event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn notes_on_steps_round_trip() {
        let text = r#"{"steps": [{"event": "BeginJoin", "note": "Join."}, {"expect": {"session": "Connecting"}, "note": "Still joining."}, {"event": "FocusFailover"}]}"#;
        let s = parse(text).unwrap();
        let notes: Vec<Option<&str>> = s.steps.iter().map(|st| st.note.as_deref()).collect();
        assert_eq!(notes, [Some("Join."), Some("Still joining."), None]);
        assert_eq!(parse(&s.to_text()).unwrap(), s);
    }

    #[test]
    fn a_challenge_has_a_goal_and_allowed_events() {
        let text = r#"{"steps": [{"event": "BeginJoin"}], "goal": {"roster": [], "conference": "Deactivated"}, "allowed": ["ParticipantJoins", "Advance"]}"#;
        let s = parse(text).unwrap();
        assert_eq!(s.allowed, Some(vec![EventKind::ParticipantJoins, EventKind::Advance]));
        assert_eq!(s.goal.as_ref().map(|g| g.len()), Some(2));
        assert_eq!(parse(&s.to_text()).unwrap(), s);
        let e = parse(r#"{"steps": [], "goal": {"session": "Sleeping"}}"#).unwrap_err();
        assert_eq!((e.location.as_str(), e.field.as_str()), ("scenario", "goal.session"));
        let e = parse(r#"{"steps": [], "allowed": ["BeginJoin", "Teleport"]}"#).unwrap_err();
        assert_eq!(e.field, "allowed[1]");
    }

    #[test]
    fn a_scenario_survives_json_and_links() {
        let text = r#"{"name":"x","config":{"access_level":"Invited","variants":{"V2":true},"app_recovery_timeout":"PT2M"},
            "steps":[{"event":"BeginJoin","identity":"Federated"},{"event":"Advance","by":1.5},{"expect":{"session":"InLobby"}},
                     {"event":"ParticipantJoins","participant":"p","kind":"Pstn"}]}"#;
        let s = parse(text).unwrap();
        assert_eq!(parse(&s.to_text()).unwrap(), s);
        assert_eq!(s.to_text(), serde_json::to_string_pretty(&s.to_json()).unwrap());
        assert_eq!(from_link(&to_link(&s)).unwrap(), s);
        assert!(!to_link(&s).contains('='));
        assert_eq!(from_link("!!!").unwrap_err().location, "link");
    }

    #[test]
    fn a_field_given_twice_is_found_wherever_it_is() {
        let at = |text: &str| {
            let e = parse(text).unwrap_err();
            (e.location, e.field)
        };
        let leaves =
            r#"{"steps":[{"event":"BeginJoin"},{"event":"ParticipantLeaves","participant":"a","participant":"b"}]}"#;
        assert_eq!(at(leaves), ("step 1".into(), "participant".into()));
        let latency = r#"{"config":{"reconnect":{"latency":1,"latency":2}},"steps":[]}"#;
        assert_eq!(at(latency), ("config".into(), "reconnect.latency".into()));
        assert_eq!(at(r#"{"name":"a","name":"b","steps":[]}"#), ("scenario".into(), "name".into()));
        assert_eq!(at(r#"{"x":[{"y":{"z":1,"z":2}}],"steps":[]}"#), ("scenario".into(), "x[0].y.z".into()));
        // The same key in different objects is fine, and the value is the one serde_json reads.
        let text = r#"{"steps":[{"event":"Advance","by":1.5},{"event":"Advance","by":2e0}],"name":"x","n":null}"#;
        assert_eq!(parse_json(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn a_byte_order_mark_is_skipped_once() {
        assert!(parse("\u{FEFF}{\"steps\": []}").is_ok());
        assert_eq!(parse("\u{FEFF}\u{FEFF}{\"steps\": []}").unwrap_err().location, "JSON");
    }

    #[test]
    fn ids_are_printable_and_messages_show_them_escaped() {
        assert!(check_id("Zoë 🎉 日本語").is_ok());
        for bad in ["a\u{202E}", "\u{2066}b", "c\u{200F}", "d\u{7}", "e\u{85}", "f\u{2029}", " "] {
            assert!(check_id(bad).is_err(), "{bad:?}");
        }
        assert_eq!(escape_unprintable("a\u{202E}b\n"), "a\\u{202E}b\\u{000A}");
        let e = parse(r#"{"steps":[{"event":"BeginEject","participant":"\u202eevil\u202c"}]}"#).unwrap_err();
        assert_eq!(e.field, "participant");
        assert!(e.to_string().contains(r#""\u{202E}evil\u{202C}""#), "{e}");
    }

    #[test]
    fn configuration_is_read_and_written_by_one_field_list() {
        let c = Config {
            expiry: Some(7_200_000),
            variants: [true, false, true, false],
            mcus: crate::core::config::Mcus::of(&[Modality::AudioVideo]),
            app_recovery_timeout: Some(90_000),
            ..Config::default()
        };
        assert_eq!(parse_config(&config_to_json(&c)), Ok(c));
        let e = parse_config(&json!({"mcus": ["AudioVideo", "Video"]})).unwrap_err();
        assert_eq!((e.field.as_str(), e.found.as_str()), ("mcus[1]", "\"Video\""));
        assert_eq!(e.expected, "one of AudioVideo or InstantMessaging");
        let e = parse_config(&json!({"reconnect": {"latency": "soon"}})).unwrap_err();
        assert_eq!((e.field.as_str(), e.expected.as_str()), ("reconnect.latency", duration::EXPECTED));
    }

    #[test]
    fn one_event_from_a_form() {
        let e = parse_event_value(&json!({"event": "BeginEject", "participant": "bob"})).unwrap();
        assert_eq!(e, Event::BeginEject { participant: "bob".into() });
        let err = parse_event_value(&json!({"event": "BeginEject", "participant": "local"})).unwrap_err();
        assert_eq!(err.field, "participant");
    }
}
