//! The fields of each event, as a form shows them: read from [`Event::build`] itself (the one
//! place that knows them), so the app's event forms are never a second list.

use std::convert::Infallible;

use serde_json::{json, Map, Value};

use super::duration::{format_iso, Millis};
use super::event::{Event, EventKind, FieldSource};
use super::model::Named;

/// What a field holds, with its default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A participant id (no default).
    Participant,
    /// A list of participant ids (no default).
    Participants,
    Flag(bool),
    /// A duration; `None`: required.
    Duration(Option<Millis>),
    /// One of `names`; `default` when not given (`None`: required).
    Choice {
        names: Vec<&'static str>,
        default: Option<&'static str>,
    },
    /// One of `names`, or left out (unchanged).
    Optional {
        names: Vec<&'static str>,
    },
}

/// One field of an event, in the order a scenario lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
}

impl Field {
    /// The text a form starts with: the default, or an example (an id, a minute).
    pub fn initial(&self) -> String {
        match &self.shape {
            Shape::Participant => "alice".into(),
            Shape::Participants => "anon".into(),
            Shape::Flag(on) => on.to_string(),
            Shape::Duration(d) => format_iso(d.unwrap_or(super::duration::MINUTE)),
            Shape::Choice { names, default } => default.or(names.first().copied()).unwrap_or_default().into(),
            Shape::Optional { .. } => String::new(),
        }
    }

    /// Whether a form needs to ask: a choice among one value is no choice.
    pub fn asks(&self) -> bool {
        !matches!(&self.shape, Shape::Choice { names, .. } if names.len() < 2)
    }

    /// The field's value in a scenario, from a form's text (`None`: left out). The scenario
    /// reader then checks it, so a form's errors are the file format's.
    fn json(&self, text: &str) -> Option<Value> {
        let text = text.trim();
        Some(match &self.shape {
            Shape::Participant | Shape::Choice { .. } => json!(text),
            Shape::Participants => {
                json!(text.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>())
            }
            Shape::Flag(_) => json!(text == "true"),
            // A plain number is seconds, as in a file (read by `parse_decimal`: the standard float
            // parser would cost the app's bundle 14 KB).
            Shape::Duration(_) => super::duration::parse_decimal(text).map_or_else(|| json!(text), |n| json!(n)),
            Shape::Optional { .. } if text.is_empty() => return None,
            Shape::Optional { .. } => json!(text),
        })
    }
}

/// Records each field [`Event::build`] asks for, answering with its default (or a stand-in).
struct Describe(Vec<Field>);

impl FieldSource for Describe {
    type Error = Infallible;

    fn participant(&mut self, name: &'static str) -> Result<String, Infallible> {
        self.0.push(Field { name, shape: Shape::Participant });
        Ok(String::new())
    }

    fn participants(&mut self, name: &'static str) -> Result<Vec<String>, Infallible> {
        self.0.push(Field { name, shape: Shape::Participants });
        Ok(Vec::new())
    }

    fn flag(&mut self, name: &'static str, default: bool) -> Result<bool, Infallible> {
        self.0.push(Field { name, shape: Shape::Flag(default) });
        Ok(default)
    }

    fn duration(&mut self, name: &'static str, default: Option<Millis>) -> Result<Millis, Infallible> {
        self.0.push(Field { name, shape: Shape::Duration(default) });
        Ok(default.unwrap_or_default())
    }

    fn choice<E: Named>(
        &mut self,
        name: &'static str,
        allowed: &'static [E],
        default: Option<E>,
    ) -> Result<E, Infallible> {
        let names = allowed.iter().map(|v| v.name_of()).collect();
        self.0.push(Field { name, shape: Shape::Choice { names, default: default.map(Named::name_of) } });
        Ok(default.unwrap_or(allowed[0]))
    }

    fn option<E: Named>(&mut self, name: &'static str) -> Result<Option<E>, Infallible> {
        self.0.push(Field { name, shape: Shape::Optional { names: E::all().iter().map(|v| v.name_of()).collect() } });
        Ok(None)
    }
}

/// The fields of an event of `kind`, in order.
pub fn of(kind: EventKind) -> Vec<Field> {
    let mut d = Describe(Vec::new());
    let _ = Event::build(kind, &mut d);
    d.0
}

/// The event object a form describes, in the scenario format: `text(field)` is what the form
/// holds for each field.
pub fn to_json(kind: EventKind, fields: &[Field], text: impl Fn(&str) -> String) -> Value {
    let mut object = Map::new();
    object.insert("event".into(), json!(kind.name()));
    for f in fields {
        if let Some(v) = f.json(&text(f.name)) {
            object.insert(f.name.into(), v);
        }
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario::parse_event_value;

    #[test]
    fn every_event_is_built_from_its_fields_at_their_initial_values() {
        for kind in EventKind::ALL {
            let fields = of(*kind);
            let value = to_json(*kind, &fields, |name| {
                fields.iter().find(|f| f.name == name).map(Field::initial).unwrap_or_default()
            });
            let event = parse_event_value(&value).unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(event.kind(), *kind);
            // The form's JSON is the event's own JSON, field for field.
            let canonical = event.to_json();
            for f in &fields {
                assert!(
                    canonical.get(f.name).is_some() || matches!(f.shape, Shape::Optional { .. }),
                    "{kind}.{}",
                    f.name
                );
            }
        }
        assert_eq!(of(EventKind::FocusFailover), []);
        let join: Vec<&str> = of(EventKind::BeginJoin).iter().map(|f| f.name).collect();
        assert_eq!(join, ["mode", "identity", "organizer", "invited", "lobby_timeout"]);
        assert!(!of(EventKind::BeginEstablishMcuCall)[0].asks(), "one modality is no choice");
    }

    #[test]
    fn a_form_error_is_the_file_format_error() {
        let fields = of(EventKind::ParticipantJoins);
        let value = to_json(EventKind::ParticipantJoins, &fields, |name| match name {
            "participant" => "local".into(),
            "kind" => "Anonymous".into(),
            _ => String::new(),
        });
        let e = parse_event_value(&value).unwrap_err();
        assert_eq!(e.field, "participant");
        let advance = to_json(EventKind::Advance, &of(EventKind::Advance), |_| "37".into());
        assert_eq!(parse_event_value(&advance).unwrap(), Event::Advance { by: 37_000 });
        let fraction = to_json(EventKind::Advance, &of(EventKind::Advance), |_| "1.5".into());
        assert_eq!(parse_event_value(&fraction).unwrap(), Event::Advance { by: 1_500 });
    }
}
