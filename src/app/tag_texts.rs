//! The tags' summaries and their sources' titles, fetched once before the app starts
//! (`tags.json`, written by build.rs from `core::tag_text`): the texts are not compiled into the
//! bundle. Until they are loaded, or if the file cannot be read, a text is empty.

use std::sync::OnceLock;

use crate::app::browser;
use crate::core::scenario::parse_json;
use crate::core::tag_text::TAGS_FILE;
use crate::core::tags::Tag;

static TEXTS: OnceLock<serde_json::Value> = OnceLock::new();

/// Fetches and keeps the texts (once).
pub async fn load() {
    if let Some(texts) = browser::fetch_text(TAGS_FILE).await.ok().and_then(|json| parse_json(&json).ok()) {
        let _ = TEXTS.set(texts);
    }
}

fn text(v: Option<&'static serde_json::Value>) -> &'static str {
    v.and_then(|v| v.as_str()).unwrap_or_default()
}

/// The tag's one-line summary (`Tag::summary`).
pub fn summary(tag: Tag) -> &'static str {
    text(TEXTS.get().and_then(|t| t["summaries"].get(tag.name())))
}

/// The title of the tag's source (`Source::title`).
pub fn source_title(tag: Tag) -> &'static str {
    text(TEXTS.get().and_then(|t| t["sources"].get(tag.source() as usize)))
}
