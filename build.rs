//! Embeds the scenario library (`scenarios/*.json`) in the crate: the app's menu, the CLI tests
//! and the library's own test read the same files. Renders each rule's text in DOMAIN.md to HTML
//! for the app (`rules.json` in `OUT_DIR`, which a Trunk hook copies beside the app), and writes
//! the tags' summaries and sources' titles for it (`tags.json`, beside it).

use std::fmt::Write;
use std::path::Path;

#[path = "src/core/rule_text.rs"]
mod rule_text;
#[path = "src/core/tag_text.rs"]
mod tag_text;

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    println!("cargo:rerun-if-changed=docs/DOMAIN.md");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    // The package's directory as cargo gives it to this run (not `env!`, fixed when the script
    // was compiled: a target directory shared by two checkouts may reuse the compiled script).
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let domain = std::fs::read_to_string(root.join("docs/DOMAIN.md")).unwrap();
    std::fs::write(Path::new(&out_dir).join(rule_text::RULES_FILE), rules_json(&domain)).unwrap();
    std::fs::write(Path::new(&out_dir).join(tag_text::TAGS_FILE), tags_json()).unwrap();
    let dir = root.join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect()
        })
        .unwrap_or_default();
    files.sort();
    let names: Vec<String> = files.iter().map(|p| format!("{:?}", p.file_name().unwrap().to_string_lossy())).collect();
    let mut out = format!("/// The library's file names, sorted (the browser fetches the files beside the app).\npub const NAMES: &[&str] = &[{}];\n\n", names.join(", "));
    out.push_str("/// The scenario library: (file name, JSON text), sorted by file name.\npub const FILES: &[(&str, &str)] = &[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        // Embedded minified (a file that does not parse is embedded as it is: its test fails).
        let text = std::fs::read_to_string(&path).unwrap();
        let text = serde_json::from_str::<serde_json::Value>(&text).map(|v| v.to_string()).unwrap_or(text);
        writeln!(out, "    ({name:?}, {text:?}),").unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&out_dir).join("library.rs");
    std::fs::write(target, out).unwrap();
}

/// Every rule's text in DOMAIN.md sections 1–8, rendered to HTML: a JSON object, tag → fragment
/// (see `rule_text::RULES_FILE`), one tag a line.
fn rules_json(domain: &str) -> String {
    let md = rule_text::rule_sections(domain);
    let mut out = String::from("{");
    for (i, tag) in rule_text::tags_in(md).into_iter().enumerate() {
        let text = rule_text::rule_markdown(md, tag).expect("a tag DOMAIN.md defines has a text");
        let key = serde_json::Value::from(tag);
        let html = serde_json::Value::from(to_html(&text));
        write!(out, "{}\n{key}: {html}", if i == 0 { "" } else { "," }).unwrap();
    }
    out.push_str("\n}\n");
    out
}

/// The tags' summaries and their sources' titles for the app (see `tag_text::TAGS_FILE`).
fn tags_json() -> String {
    let summaries: serde_json::Map<String, serde_json::Value> =
        tag_text::SUMMARIES.iter().map(|(tag, summary)| (tag.to_string(), serde_json::Value::from(*summary))).collect();
    let json = serde_json::json!({ "summaries": summaries, "sources": tag_text::SOURCE_TITLES });
    json.to_string() + "\n"
}

/// Markdown to HTML with GitHub's tables: a paragraph's line wraps become spaces; nothing that
/// the page's Content-Security-Policy refuses or that could run is emitted (raw HTML in the
/// markdown is shown as text, table columns carry no inline `style` alignment).
fn to_html(markdown: &str) -> String {
    use pulldown_cmark::{html, Alignment, Event, Options, Parser, Tag};
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::SoftBreak => Event::Text(" ".into()),
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Table(columns)) => Event::Start(Tag::Table(vec![Alignment::None; columns.len()])),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out.trim_end().to_string()
}
