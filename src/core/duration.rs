//! Durations and virtual time: ISO 8601 (`PT90M`, `P1W2D`, `PT0.5S`) or a number of seconds.
//!
//! The virtual clock counts whole milliseconds ([`Millis`]) so that timer order is exact;
//! a fraction finer than a millisecond is rounded to the nearest one.

mod decimal;

/// A plain decimal number (`90`, `1.5`, `.5`) as `str::parse::<f64>` reads it, without the
/// standard float parser in the wasm bundle (an input field of seconds can use it).
pub use decimal::parse as parse_decimal;

/// Virtual time or a duration, in milliseconds.
pub type Millis = u64;

pub const SECOND: Millis = 1_000;
pub const MINUTE: Millis = 60 * SECOND;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

/// The largest duration accepted: about 290 million years, far beyond any scenario, and small
/// enough that adding two never overflows.
const MAX: Millis = u64::MAX / 4;

/// What a duration field accepts, for error messages.
pub const EXPECTED: &str =
    "an ISO 8601 duration such as PT90M, P1D or PT0.5S (W, D, H, M, S designators), or a number of seconds, not negative";

/// Parses an ISO 8601 duration with the W, D, H, M and S designators.
pub fn parse_iso(text: &str) -> Option<Millis> {
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut total: f64 = 0.0;
    let mut any = false;
    for (part, designators) in [
        (date, &[('W', 7.0 * 86_400.0), ('D', 86_400.0)][..]),
        (time.unwrap_or(""), &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)][..]),
    ] {
        let mut s = part;
        let mut allowed = designators;
        while !s.is_empty() {
            let end = s.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
            let (number, tail) = s.split_at(end);
            let designator = tail.chars().next()?;
            let position = allowed.iter().position(|(d, _)| *d == designator)?;
            if !is_decimal(number) {
                return None;
            }
            total += decimal::parse(number)? * allowed[position].1;
            allowed = &allowed[position + 1..];
            s = &tail[1..];
            any = true;
        }
    }
    if !any || time == Some("") {
        return None;
    }
    from_seconds(total)
}

/// Digits, optionally followed by a point and more digits.
fn is_decimal(s: &str) -> bool {
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A number of seconds, if it is finite, not negative and not absurdly large.
pub fn from_seconds(seconds: f64) -> Option<Millis> {
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    let ms = (seconds * 1_000.0).round();
    (ms <= MAX as f64).then_some(ms as Millis)
}

/// The canonical ISO 8601 form: `P1DT2H3M4.5S`, `PT0S` for zero.
pub fn format_iso(ms: Millis) -> String {
    if ms == 0 {
        return "PT0S".into();
    }
    let (days, rest) = (ms / DAY, ms % DAY);
    let (hours, rest) = (rest / HOUR, rest % HOUR);
    let (minutes, rest) = (rest / MINUTE, rest % MINUTE);
    let mut out = String::from("P");
    if days > 0 {
        out += &format!("{days}D");
    }
    if rest > 0 || hours > 0 || minutes > 0 {
        out.push('T');
        if hours > 0 {
            out += &format!("{hours}H");
        }
        if minutes > 0 {
            out += &format!("{minutes}M");
        }
        if rest > 0 {
            out += &seconds_text(rest);
            out.push('S');
        }
    }
    out
}

/// Seconds with as many decimals as the milliseconds need: `4`, `4.5`, `0.001`.
fn seconds_text(ms: Millis) -> String {
    let (whole, fraction) = (ms / SECOND, ms % SECOND);
    if fraction == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{fraction:03}").trim_end_matches('0').to_string()
    }
}

/// Virtual time as a JSON number of seconds: an integer when whole, else a decimal.
pub fn seconds_json(ms: Millis) -> serde_json::Value {
    if ms.is_multiple_of(SECOND) {
        serde_json::Value::from(ms / SECOND)
    } else {
        serde_json::Value::from(ms as f64 / 1_000.0)
    }
}

/// `day 2 · 03:04:05` style clock text, for people: days and hh:mm:ss.
pub fn clock_text(ms: Millis) -> String {
    let s = ms / SECOND;
    format!("day {} · {:02}:{:02}:{:02}", s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60)
}

/// A short remaining-time text for countdowns: `1:29:59`, `3d 04:00:00`, `0:00:00.5`.
pub fn short_text(ms: Millis) -> String {
    let s = ms / SECOND;
    let (d, h, m, sec) = (s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60);
    let frac = if !ms.is_multiple_of(SECOND) { format!(".{}", (ms % SECOND) / 100) } else { String::new() };
    if d > 0 {
        format!("{d}d {h:02}:{m:02}:{sec:02}{frac}")
    } else {
        format!("{h}:{m:02}:{sec:02}{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(parse_iso("PT90M"), Some(90 * MINUTE));
        assert_eq!(parse_iso("P1D"), Some(DAY));
        assert_eq!(parse_iso("P14D"), Some(14 * DAY));
        assert_eq!(parse_iso("PT1H30M"), Some(90 * MINUTE));
        assert_eq!(parse_iso("PT0.5S"), Some(500));
        assert_eq!(parse_iso("P1W2D"), Some(9 * DAY));
        assert_eq!(parse_iso("P1DT1S"), Some(DAY + SECOND));
        assert_eq!(parse_iso("PT0S"), Some(0));
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for bad in [
            "", "P", "PT", "P1DT", "PT-5M", "-PT5M", "P1Y", "P1M", "PT1D", "PT5", "PT1S2M", "P2D1W", "PT.5S", "PT5.S",
            "pt5m", "PT1H1H", "P1.2.3D", "5",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn seconds_and_formatting() {
        assert_eq!(from_seconds(-1.0), None);
        assert_eq!(from_seconds(f64::NAN), None);
        assert_eq!(from_seconds(1e300), None);
        assert_eq!(from_seconds(1.5), Some(1_500));
        for ms in [0, 500, SECOND, 91 * MINUTE, DAY + 2 * HOUR + 3 * MINUTE + 4_500, 14 * DAY, 1] {
            assert_eq!(parse_iso(&format_iso(ms)), Some(ms), "{}", format_iso(ms));
        }
        assert_eq!(format_iso(5_400_500), "PT1H30M0.5S");
        assert_eq!(clock_text(DAY + 95 * SECOND), "day 1 · 00:01:35");
        assert_eq!(seconds_json(5_405_000), serde_json::json!(5405));
        assert_eq!(seconds_json(1_500), serde_json::json!(1.5));
    }
}

/// Serde for duration fields: written as ISO 8601, read from ISO 8601 or a number of seconds
/// (an error says [`EXPECTED`]).
pub mod iso {
    use serde::{de, Deserializer, Serializer};

    use super::Millis;

    pub fn serialize<S: Serializer>(ms: &Millis, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_iso(*ms))
    }

    /// Reads a string or a number; `null` only when `nullable` (then `None`).
    struct Duration {
        nullable: bool,
    }

    impl<'de> de::Visitor<'de> for Duration {
        type Value = Option<Millis>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(super::EXPECTED)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            super::parse_iso(v).map(Some).ok_or_else(|| E::custom(super::EXPECTED))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            super::from_seconds(v).map(Some).ok_or_else(|| E::custom(super::EXPECTED))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.visit_f64(v as f64)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            self.visit_f64(v as f64)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            if self.nullable {
                Ok(None)
            } else {
                Err(E::custom(super::EXPECTED))
            }
        }
    }

    fn read<'de, D: Deserializer<'de>>(d: D, nullable: bool) -> Result<Option<Millis>, D::Error> {
        // A value of the wrong type says what a duration is, like a malformed one.
        d.deserialize_any(Duration { nullable }).map_err(|_| de::Error::custom(super::EXPECTED))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Millis, D::Error> {
        read(d, false)?.ok_or_else(|| de::Error::custom(super::EXPECTED))
    }

    /// A duration that may be `null` (off).
    pub mod option {
        use serde::{Deserializer, Serializer};

        use super::Millis;

        pub fn serialize<S: Serializer>(ms: &Option<Millis>, s: S) -> Result<S::Ok, S::Error> {
            match ms {
                Some(ms) => super::serialize(ms, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Millis>, D::Error> {
            super::read(d, true)
        }
    }

    /// A duration that must be positive (the UPDATE cadence).
    pub fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<Millis, D::Error> {
        match deserialize(d)? {
            0 => Err(de::Error::custom("a positive duration")),
            ms => Ok(ms),
        }
    }
}
