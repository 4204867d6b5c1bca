//! Notes and free pages: markdown to HTML with tables, footnotes, task lists and heading ids,
//! sanitized with ammonia unless the plan allows raw HTML (`[site] raw_html = true`).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// Footnote ids get this prefix: pulldown-cmark uses the bare label, which can collide with a
/// heading id on the same page.
const FOOTNOTE_PREFIX: &str = "fn-";

/// Ids the built-in templates give to page sections and charts: a note heading of the same
/// text gets a suffix instead, so `#warnings` still reaches the page's warnings.
const RESERVED_IDS: &[&str] = &[
    "main",
    "figures",
    "waves",
    "blockers",
    "warnings",
    "charts",
    "downloads",
    "timeline",
    "transfer-chart",
    "criticality-chart",
    "facts",
    "decisions",
    "estimates",
    "units",
    "dependencies",
    "success",
    "notes",
    "triggers",
    "steps",
    "assets",
    "checklist",
    "approvals",
    "links",
    "periods",
    "cutovers",
    "network",
    "path-rules",
    "method-rules",
    "per-workload",
    "per-wave",
    "skills",
    "checks",
];

/// Renders a note's markdown body to HTML.
pub fn render(body: &str, raw_html: bool) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event<'_>> = Parser::new_ext(body, options)
        .map(prefix_footnote)
        .collect();
    add_heading_ids(&mut events);
    // Without raw HTML and with only ordinary link targets, pulldown-cmark's output is already
    // safe (it escapes all text and attributes): ammonia's parse and re-serialization, the
    // costliest step of a build, is only needed for the rest.
    let needs_sanitizing = !raw_html && events.iter().any(is_unsafe);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if needs_sanitizing {
        sanitize(&html)
    } else {
        html
    }
}

/// Whether an event could carry something that runs: raw HTML, or a link or image whose
/// target has a scheme other than http, https or mailto (`javascript:`, `data:`...).
fn is_unsafe(event: &Event<'_>) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            !is_ordinary_url(dest_url)
        }
        _ => false,
    }
}

fn is_ordinary_url(url: &str) -> bool {
    let url = url.trim_start();
    match url.find(':') {
        // A colon before any `/`, `?` or `#` starts a scheme.
        Some(colon) if !url[..colon].contains(['/', '?', '#']) => {
            let scheme = url[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => !url.contains(|c: char| c.is_control()),
    }
}

fn prefix_footnote(event: Event<'_>) -> Event<'_> {
    match event {
        Event::FootnoteReference(label) => {
            Event::FootnoteReference(format!("{FOOTNOTE_PREFIX}{label}").into())
        }
        Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
            format!("{FOOTNOTE_PREFIX}{label}").into(),
        )),
        other => other,
    }
}

/// Gives every heading an id (pulldown-cmark 0.13 does not): a slug of its text, made unique
/// on the page; an id written as `{#id}` is kept (and made unique too).
fn add_heading_ids(events: &mut [Event<'_>]) {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(label)) => Some(label.to_string()),
            _ => None,
        })
        .chain(RESERVED_IDS.iter().map(|id| (*id).to_string()))
        .collect();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let base = match id {
                Some(given) => given.to_string(),
                None => slug(&heading_text(&events[i + 1..])),
            };
            let unique = unique_id(&base, &mut used);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique));
            }
        }
        i += 1;
    }
}

/// The plain text of a heading, from the events after its start up to its end.
fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// ammonia's defaults drop heading ids, footnote classes, task-list checkboxes and table
/// alignment: allow exactly those, nothing that runs code.
fn sanitize(html: &str) -> String {
    static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(sanitizer);
    SANITIZER.clean(html).to_string()
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("div", ["footnote-definition"]);
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "## Open items\n\n- [x] done\n- [ ] to do\n\n| a | b |\n| :-- | --: |\n| 1 | 2 |\n\nText[^one].\n\n## Open items\n\n[^one]: The note.\n";

    #[test]
    fn only_notes_that_need_it_are_sanitized() {
        for safe in [
            "https://x.example/a",
            "../b/index.html",
            "#top",
            "mailto:a@b.example",
            "b/c:d",
        ] {
            assert!(is_ordinary_url(safe), "{safe}");
        }
        for unsafe_url in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!is_ordinary_url(unsafe_url), "{unsafe_url}");
        }
        let html = render(
            "[x](javascript:alert(1)) and <b onclick=\"x()\">b</b>",
            false,
        );
        assert!(
            !html.contains("javascript:") && !html.contains("onclick"),
            "{html}"
        );
        let html = render("[x](javascript:alert(1))", true);
        assert!(html.contains("javascript:"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render(NOTE, false);
        assert!(
            html.contains("<h2 id=\"open-items\">Open items</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"open-items-2\">"), "{html}");
    }

    #[test]
    fn tables_tasks_and_footnotes_survive_sanitizing() {
        let html = render(NOTE, false);
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains("style=\"text-align:right\"")
                || html.contains("style=\"text-align: right\""),
            "{html}"
        );
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("checked"), "{html}");
        assert!(html.contains("href=\"#fn-one\""), "{html}");
        assert!(html.contains("id=\"fn-one\""), "{html}");
        assert!(html.contains("class=\"footnote-definition\""), "{html}");
    }

    #[test]
    fn raw_html_is_removed_unless_allowed() {
        let note = "Hi\n\n<script>alert(1)</script>\n\n<p onclick=\"x()\">p</p>\n";
        let clean = render(note, false);
        assert!(!clean.contains("<script"), "{clean}");
        assert!(!clean.contains("onclick"), "{clean}");
        let raw = render(note, true);
        assert!(raw.contains("<script>alert(1)</script>"), "{raw}");
    }

    #[test]
    fn a_heading_cannot_take_a_footnote_id() {
        let html = render("# fn one\n\nx[^one]\n\n[^one]: y\n", false);
        assert!(html.contains("<h1 id=\"fn-one-2\">"), "{html}");
    }

    #[test]
    fn a_heading_cannot_take_a_page_section_id() {
        assert!(render("## Warnings\n", false).contains("<h2 id=\"warnings-2\">"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Shape of the workload"), "shape-of-the-workload");
        assert_eq!(slug("CRM: rollback (v2)!"), "crm-rollback-v2");
        assert_eq!(slug("???"), "section");
    }
}
