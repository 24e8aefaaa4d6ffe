//! The rule tags of DOMAIN.md: the complete list, each with a one-line summary and its source.
//!
//! Every trace line names the tags it applied; the app shows [`Tag::summary`], the rule's text
//! in DOMAIN.md (found by [`super::rule_text`], rendered to HTML at build time) and
//! [`Tag::source`] when a learner selects one. The test suite fails if any tag in [`Tag::ALL`]
//! is applied by no test.

use super::model::named_enum;

named_enum!(
    /// A rule of DOMAIN.md.
    Tag {
        T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14,
        M1, M2, M3, M4,
        RFocus = "R-focus", RMcu = "R-mcu", RHop = "R-hop",
        LLevel = "L-level", LNever = "L-never", LPstn = "L-pstn", LLock = "L-lock",
        LRetro = "L-retro", LPromote = "L-promote", LLeave = "L-leave",
        DActivate = "D-activate", DManual = "D-manual", DGrace = "D-grace", DEmpty = "D-empty",
        DInactivity = "D-inactivity", DRemove = "D-remove", DExpiry = "D-expiry",
        V1, V2, V3, V4,
    }
);

/// Where a rule comes from (DOMAIN.md "Sources").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Seed 000, *ConferenceSession state transitions* (UCMA 4.0).
    SessionTransitions,
    /// *AudioVideoMcuSession / InstantMessagingMcuSession state transitions* (UCMA 4.0).
    McuTransitions,
    /// Seeds 001 and 002, *Conference recovery* (UCMA 3.0 and 4.0).
    Recovery,
    /// UCMA / Lync 2013 lobby documentation (*Lobby*, `ConferenceAccessLevel`, `LobbyBypass`,
    /// `AutomaticLeaderAssignment`), seed 004's AdmissionType and AutoPromote.
    Lobby,
    /// Seed 003, M. Greenlee, *Conference deactivation and UCMA trusted participants* (2013).
    TrustedParticipants,
    /// Seed 004, *Conferencing Activation/Deactivation Deep Dive* (2014), and the Lync Server
    /// cmdlet documentation (`AnonymousUserGracePeriod`, `DeactivationGracePeriod`).
    Lifecycle,
    /// DOMAIN.md §8: where the sources disagree.
    Variants,
}

impl Source {
    pub fn title(self) -> &'static str {
        super::tag_text::SOURCE_TITLES[self as usize]
    }
}

impl Tag {
    /// One line, in plain words, of what the rule does.
    pub fn summary(self) -> &'static str {
        super::tag_text::SUMMARIES[self as usize].1
    }

    /// The document the rule comes from.
    pub fn source(self) -> Source {
        use Tag::*;
        match self {
            T1 | T2 | T3 | T4 | T5 | T6 | T7 | T8 | T9 | T10 | T11 | T12 | T13 | T14 => Source::SessionTransitions,
            M1 | M2 | M3 | M4 => Source::McuTransitions,
            RFocus | RMcu | RHop => Source::Recovery,
            LLevel | LNever | LPstn | LLock | LRetro | LPromote | LLeave => Source::Lobby,
            DGrace => Source::TrustedParticipants,
            DActivate | DManual | DEmpty | DInactivity | DRemove | DExpiry => Source::Lifecycle,
            V1 | V2 | V3 | V4 => Source::Variants,
        }
    }

    /// The variant tag for a variant.
    pub fn of_variant(v: super::model::Variant) -> Tag {
        use super::model::Variant;
        match v {
            Variant::V1 => Tag::V1,
            Variant::V2 => Tag::V2,
            Variant::V3 => Tag::V3,
            Variant::V4 => Tag::V4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_list_is_domain_md_s() {
        let names: Vec<&str> = Tag::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(names.len(), 14 + 4 + 3 + 7 + 7 + 4);
        assert!(names.contains(&"R-focus") && names.contains(&"D-inactivity") && names.contains(&"V4"));
        assert!(Tag::ALL.iter().all(|t| !t.summary().is_empty()));
    }

    /// `tag_text` lists a summary per tag in `Tag::ALL`'s order, and a title per source.
    #[test]
    fn the_texts_follow_the_tags() {
        let named: Vec<&str> = super::super::tag_text::SUMMARIES.iter().map(|(name, _)| *name).collect();
        let names: Vec<&str> = Tag::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(named, names);
        assert_eq!(super::super::tag_text::SOURCE_TITLES.len(), Source::Variants as usize + 1);
        assert_eq!(Source::Variants.title(), "DOMAIN.md section 8: where the sources disagree");
        assert_eq!(Tag::T1.summary(), "BeginJoin starts the join: Idle becomes Connecting.");
    }

    /// `tags.json`, as build.rs writes it for the app, holds the same texts.
    #[test]
    fn tags_json_holds_the_texts() {
        let json = include_str!(concat!(env!("OUT_DIR"), "/tags.json"));
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        for &tag in Tag::ALL {
            assert_eq!(v["summaries"][tag.name()].as_str(), Some(tag.summary()), "{tag}");
            assert_eq!(v["sources"][tag.source() as usize].as_str(), Some(tag.source().title()), "{tag}");
        }
    }

    /// DOMAIN.md's rule texts as the app gets them (`rules.json`, rendered by build.rs).
    fn fragments() -> serde_json::Map<String, serde_json::Value> {
        let json = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));
        match serde_json::from_str(json) {
            Ok(serde_json::Value::Object(map)) => map,
            other => panic!("rules.json is not an object: {other:?}"),
        }
    }

    fn fragment(tag: Tag) -> String {
        fragments()[tag.name()].as_str().unwrap().to_string()
    }

    #[test]
    fn domain_md_defines_exactly_the_tags() {
        let md = crate::core::rule_text::rule_sections(include_str!("../../docs/DOMAIN.md"));
        let mut names: Vec<&str> = Tag::ALL.iter().map(|t| t.name()).collect();
        names.sort_unstable();
        let mut defined = crate::core::rule_text::tags_in(md);
        defined.sort_unstable();
        assert_eq!(defined, names);
        let fragments = fragments();
        let mut shipped: Vec<&str> = fragments.keys().map(String::as_str).collect();
        shipped.sort_unstable();
        assert_eq!(shipped, names);
    }

    /// The elements a rule's text may use.
    const ELEMENTS: &[&str] =
        &["p", "strong", "em", "code", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li"];

    /// Every tag's text is real HTML: no markdown table row left, and no paragraph broken where
    /// DOMAIN.md wraps its lines (a paragraph per blank-line-separated block of the source).
    #[test]
    fn every_tag_has_its_text_as_html() {
        let md = crate::core::rule_text::rule_sections(include_str!("../../docs/DOMAIN.md"));
        for &tag in Tag::ALL {
            let html = fragment(tag);
            let source = crate::core::rule_text::rule_markdown(md, tag.name()).unwrap();
            assert!(html.len() > 20, "{tag}: {html:?}");
            assert!(!html.contains('|'), "{tag}: a raw table row in {html:?}");
            assert!(!html.contains("**") && !html.contains('`'), "{tag}: raw markdown in {html:?}");
            // Only plain elements, without attributes (nothing the Content-Security-Policy
            // refuses, no inline style or script): anything else in the source was escaped.
            for element in html.split('<').skip(1).map(|e| &e[..e.find('>').unwrap()]) {
                assert!(ELEMENTS.contains(&element.trim_start_matches('/')), "{tag}: <{element}> in {html}");
            }
            let paragraphs = source.split("\n\n").filter(|block| !block.starts_with('|')).count();
            assert_eq!(html.matches("<p>").count(), paragraphs, "{tag}: {html}");
            for p in html.split("<p>").skip(1) {
                let p = &p[..p.find("</p>").unwrap()];
                assert!(!p.contains('\n'), "{tag}: a line break inside <p>{p}</p>");
            }
        }
        // A bold tag's paragraph, six lines in DOMAIN.md, is one paragraph.
        let grace = fragment(Tag::DGrace);
        assert!(
            grace.starts_with("<p><strong>D-grace</strong> (\"90-minute rule\", <code>AnonymousUserGracePeriod</code>"),
            "{grace}"
        );
        assert!(grace.ends_with("the local session goes T3 → T4.</p>"), "{grace}");
        // A table row is a table under its header, without the tag column.
        let t6 = fragment(Tag::T6);
        assert!(t6.starts_with("<table><thead><tr><th>from → to</th><th>trigger</th></tr></thead><tbody>"), "{t6}");
        assert!(t6.contains("<td>Connected → Reconnecting</td>") && !t6.contains("T6"), "{t6}");
        // A bold tag with a table after it: the paragraph, then the table with a row per level.
        let level = fragment(Tag::LLevel);
        assert!(level.starts_with("<p><strong>L-level</strong> — who waits, by access level:</p>\n<table>"), "{level}");
        assert_eq!(level.matches("<tr>").count(), 5, "{level}");
        assert!(level.contains("<td><code>SameEnterprise</code>"), "{level}");
        assert!(!fragment(Tag::LNever).contains("L-pstn"));
    }
}
