//! Embeds the scenario library (`scenarios/*.json`) in the crate: the app's menu, the CLI tests
//! and the library's own test read the same files.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    println!("cargo:rerun-if-changed=docs/DOMAIN.md");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    // The app explains each tag with its DOMAIN.md text, found in sections 1–8: ship those only.
    let domain = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DOMAIN.md")).unwrap();
    let rules = domain.split("\n## 9.").next().unwrap_or(&domain);
    std::fs::write(Path::new(&out_dir).join("domain_rules.md"), rules).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
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
