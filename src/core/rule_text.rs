//! Where each rule's text is in DOMAIN.md: the one selection that `build.rs` renders to HTML for
//! the app (`rules.json`) and that the tests check.
//!
//! `build.rs` includes this file by `#[path]`, so it uses nothing but `std`.

/// The file beside the app that holds every rule's text as HTML: a JSON object, tag name →
/// fragment. `build.rs` writes it into its `OUT_DIR`; the Trunk hook `scripts/rules-to-dist.mjs`
/// copies it into the app's `dist/`.
///
/// Why one JSON object rather than an HTML page with a `<section id>` per tag: the app needs
/// one fragment at a time, and a JSON object is looked up by key with the JSON reader the app
/// already carries, where a page would need an HTML parse (a `DOMParser` binding) and a query.
pub const RULES_FILE: &str = "rules.json";

/// DOMAIN.md's rule sections, 1–8: section 9 (the model's fine points) and what follows it are
/// not shipped.
pub fn rule_sections(domain_md: &str) -> &str {
    domain_md.split("\n## 9.").next().unwrap_or(domain_md)
}

/// The tags DOMAIN.md defines, in order of appearance: a table row whose first cell is a tag
/// (`| T1 |`, `| V1 |`) or a bold tag (`**L-level**`, `**D-grace**`). The tests check that
/// they are exactly `Tag::ALL`.
pub fn tags_in(md: &str) -> Vec<&str> {
    let mut tags: Vec<&str> = Vec::new();
    for line in md.lines() {
        let found: Vec<&str> = if line.starts_with('|') {
            line.split('|').nth(1).map(str::trim).filter(|c| is_numbered_tag(c)).into_iter().collect()
        } else {
            line.split("**").skip(1).step_by(2).filter(|b| is_named_tag(b)).collect()
        };
        for tag in found {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

/// `T1`, `M4`, `V2`: a capital letter and a number.
fn is_numbered_tag(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && !chars.as_str().is_empty()
        && chars.all(|c| c.is_ascii_digit())
}

/// `R-focus`, `L-level`, `D-inactivity`: a capital letter, a hyphen and a lower-case word.
fn is_named_tag(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.next() == Some('-')
        && !chars.as_str().is_empty()
        && chars.all(|c| c.is_ascii_lowercase())
}

/// A tag's text, as markdown, or `None` when DOMAIN.md does not define the tag:
///
/// - a table row (`| T1 | … |`): that row under its table's header, the tag column left out;
/// - otherwise the first line naming the tag in bold (`**L-level**`), a list item's marker and
///   its continuation lines' indentation removed, up to the next list item, heading, bold-led
///   line or blank line, with a table that directly follows it (after one blank line).
pub fn rule_markdown(md: &str, tag: &str) -> Option<String> {
    let lines: Vec<&str> = md.lines().collect();
    let row = format!("| {tag} |");
    if let Some(at) = lines.iter().position(|l| l.starts_with(&row)) {
        // The table's header and delimiter rows are the first two of its block of `|` lines.
        let top = lines[..at].iter().rposition(|l| !l.starts_with('|')).map_or(0, |i| i + 1);
        let table: Vec<String> = [lines[top], lines[top + 1], lines[at]].iter().map(|l| drop_first_cell(l)).collect();
        return Some(table.join("\n"));
    }
    let bold = format!("**{tag}**");
    let start = lines.iter().position(|l| l.contains(&bold))?;
    let item = lines[start].starts_with("- ");
    let mut text = vec![lines[start].strip_prefix("- ").unwrap_or(lines[start])];
    for (i, &line) in lines.iter().enumerate().skip(start + 1) {
        let blank = line.trim().is_empty();
        let table_follows = blank && lines.get(i + 1).is_some_and(|n| n.starts_with('|'));
        if line.starts_with("- ") || line.starts_with('#') || line.starts_with("**") || (blank && !table_follows) {
            break;
        }
        // A list item's continuation lines are indented by its marker's width.
        text.push(if item { line.strip_prefix("  ").unwrap_or(line) } else { line });
    }
    Some(text.join("\n"))
}

/// A table row without its first cell (`| T1 | a | b |` → `| a | b |`). Cells are split at
/// every `|` not escaped by a backslash, as GitHub's tables are.
fn drop_first_cell(row: &str) -> String {
    let body = row.trim().trim_start_matches('|');
    let mut escaped = false;
    let cut = body.char_indices().find(|&(_, c)| {
        let cell_end = c == '|' && !escaped;
        escaped = c == '\\' && !escaped;
        cell_end
    });
    match cut {
        Some((i, _)) => format!("|{}", &body[i + 1..]),
        None => row.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: &str = "Intro with a **variant** in bold.\n\
        \n\
        | tag | from → to | trigger |\n\
        |---|---|---|\n\
        | T1 | Idle → Connecting | `BeginJoin` |\n\
        | T10 | Connecting → InLobby | a \\| b |\n\
        \n\
        **L-level** — who waits:\n\
        \n\
        | level | waits |\n\
        |---|---|\n\
        | `Everyone` | nobody |\n\
        \n\
        - **L-never** — never placed in the lobby: leaders,\n  \
          and trusted applications.\n\
        - **L-pstn** — PSTN callers.\n\
        \n\
        ## 9. Fine points\n\
        **D-late** is not a rule.\n";

    #[test]
    fn finds_the_tags_a_table_row_or_a_bold_tag_defines() {
        assert_eq!(tags_in(MD), ["T1", "T10", "L-level", "L-never", "L-pstn", "D-late"]);
        assert_eq!(tags_in(rule_sections(MD)), ["T1", "T10", "L-level", "L-never", "L-pstn"]);
    }

    #[test]
    fn a_row_is_kept_under_its_header_without_the_tag_column() {
        let t1 = rule_markdown(MD, "T1").unwrap();
        assert_eq!(t1, "| from → to | trigger |\n|---|---|\n| Idle → Connecting | `BeginJoin` |");
        assert!(rule_markdown(MD, "T10").unwrap().ends_with("| Connecting → InLobby | a \\| b |"));
    }

    #[test]
    fn a_bold_tag_takes_its_paragraph_and_a_table_that_follows() {
        let level = rule_markdown(MD, "L-level").unwrap();
        assert!(level.starts_with("**L-level** — who waits:\n\n| level | waits |\n|---|---|\n"), "{level}");
        assert!(!level.contains("L-never"));
        let never = rule_markdown(MD, "L-never").unwrap();
        assert_eq!(never, "**L-never** — never placed in the lobby: leaders,\nand trusted applications.");
        assert_eq!(rule_markdown(MD, "L-lock"), None);
    }
}
