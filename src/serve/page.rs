//! What serve adds to HTML it sends: the live-reload script and, while the plan is broken,
//! the error overlay. Added to responses only; the built site never contains them.

use super::route::EVENTS_PATH;
use crate::diagnostics::{Diagnostic, plural};
use crate::site::format::escape;
use crate::site::urls::Page;
use std::fmt::Write as _;

/// The live-reload script. `root` leads from the page's folder to the site root, so the
/// event stream is found under whatever sub-path the site is served. The page reloads on a
/// `reload` event, and also on (re)connecting when a rebuild happened since it was served
/// (`hello` carries the current generation): an event sent while the page was loading is
/// not missed.
pub fn reload_script(root: &str, generation: u64) -> String {
    let url = format!("{root}{}", EVENTS_PATH.trim_start_matches('/'));
    format!(
        r#"<script id="waveplan-live-reload">
(function () {{
  if (!window.EventSource) return;
  var served = "{generation}";
  var events = new EventSource("{url}");
  function check(e) {{ if (e.data !== served) {{ events.close(); location.reload(); }} }}
  events.addEventListener("hello", check);
  events.addEventListener("reload", check);
}})();
</script>
"#,
        url = escape(&url),
    )
}

/// Inserts `snippet` before the last `</body>` (any case), or at the end without one.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn last_body_close(html: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body>";
    html.windows(TAG.len())
        .rposition(|w| w.eq_ignore_ascii_case(TAG))
}

/// The overlay listing the errors of the latest build over the last good page.
pub fn overlay(errors: &[Diagnostic], has_site: bool) -> String {
    let shown: Vec<&Diagnostic> = errors.iter().filter(|d| d.is_error()).collect();
    let warnings = errors.len() - shown.len();
    let mut out = String::new();
    out.push_str(
        r#"<div id="waveplan-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(15,15,20,.86);color:#f2f2f2;font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;padding:2rem 1rem;text-align:left">
<div style="max-width:62rem;margin:0 auto;background:#1d1d22;border:2px solid #e5484d;border-radius:8px;padding:1.25rem 1.5rem;box-shadow:0 8px 32px rgba(0,0,0,.5)">
"#,
    );
    let _ = writeln!(
        out,
        r#"<p style="margin:0 0 .25rem;font-size:1.2rem;font-weight:700;color:#ff8b8e">waveplan: the plan has {}</p>"#,
        plural(shown.len(), "error")
    );
    let context = if has_site {
        "Below is the last good build. Fix the plan and save: this page reloads by itself."
    } else {
        "No build has succeeded yet, so there is no page to show. Fix the plan and save: this page reloads by itself."
    };
    let _ = writeln!(
        out,
        r#"<p style="margin:0 0 1rem;color:#c9c9d1">{context}</p>"#
    );
    out.push_str(r#"<ol style="margin:0;padding-left:1.5rem">"#);
    for d in shown {
        diagnostic_item(&mut out, d);
    }
    out.push_str("</ol>\n");
    if warnings > 0 {
        let _ = writeln!(
            out,
            r#"<p style="margin:.5rem 0 0;color:#c9c9d1">and {}: run <code>waveplan check</code> to see them.</p>"#,
            plural(warnings, "warning")
        );
    }
    out.push_str(
        r#"<button type="button" onclick="document.getElementById('waveplan-overlay').remove()" style="margin-top:1rem;font:inherit;padding:.3rem .9rem;border-radius:4px;border:1px solid #888;background:#2c2c33;color:#f2f2f2;cursor:pointer">Hide until the next save</button>
</div></div>
"#,
    );
    out
}

/// One diagnostic: where, what, the quoted line with a caret, help and notes.
fn diagnostic_item(out: &mut String, d: &Diagnostic) {
    const CODE: &str = "font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    out.push_str(r#"<li class="waveplan-diagnostic" style="margin:0 0 1.1rem">"#);
    let _ = write!(
        out,
        r#"<p style="margin:0"><code style="{CODE};color:#9ecbff;background:none;border:0;padding:0">{}</code> <strong style="color:#ff8b8e">error[{}]</strong>: {}</p>"#,
        escape(&d.location()),
        escape(d.code),
        escape(&d.message)
    );
    if d.line > 0 && !d.source_line.is_empty() {
        let gutter = d.line.to_string();
        let (quoted, lead) = d.quoted();
        let _ = write!(
            out,
            r#"<pre style="{CODE};margin:.4rem 0;padding:.5rem .75rem;background:#111114;border-radius:4px;overflow:auto;color:#e6e6e6">{gutter} | {}
{} | {lead}<span style="color:#ff8b8e">{}</span></pre>"#,
            escape(&quoted),
            " ".repeat(gutter.len()),
            "^".repeat(d.width.max(1)),
        );
    }
    for note in &d.notes {
        let _ = write!(
            out,
            r#"<p style="margin:.2rem 0;color:#c9c9d1">note: {}</p>"#,
            escape(note)
        );
    }
    if let Some(help) = &d.help {
        let _ = write!(
            out,
            r#"<p style="margin:.2rem 0;color:#a6e3a1">help: {}</p>"#,
            escape(help)
        );
    }
    out.push_str("</li>\n");
}

/// A whole page, for when there is no good build to lay the overlay over, or no such file.
pub fn standalone(title: &str, body: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem\">\n{body}</body>\n</html>\n",
        escape(title)
    )
    .into_bytes()
}

/// The body of the 404 page; `root` leads to the site root from the requested folder.
pub fn not_found(path: &str, root: &str) -> String {
    format!(
        "<h1>Not found</h1>\n<p>The site has no page at <code>{}</code>. <a href=\"{}{}\">Go to the dashboard</a>.</p>\n",
        escape(path),
        escape(root),
        Page::DASHBOARD.path()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_close() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = inject(html, "<script></script>");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "<html><body><p>x</p><script></script></BODY></html>"
        );
        assert_eq!(inject(b"<p>no body</p>", "S"), b"<p>no body</p>S");
    }

    #[test]
    fn the_script_finds_the_stream_from_any_depth() {
        let script = reload_script("../../", 7);
        assert!(script.contains(r#"new EventSource("../../__waveplan/events")"#));
        assert!(script.contains(r#"var served = "7""#));
    }

    #[test]
    fn the_overlay_lists_each_error_escaped() {
        let d = Diagnostic::error("E-x", "bad <value>")
            .at("plan.toml", "a = 1\nb = <x>\n", 10..13)
            .help("use \"quotes\"");
        let html = overlay(&[d, Diagnostic::warning("W-y", "meh")], true);
        assert!(html.contains("plan.toml:2:5"));
        assert!(html.contains("bad &lt;value&gt;"));
        assert!(html.contains("b = &lt;x&gt;"));
        assert!(html.contains("^^^"));
        assert!(html.contains("help: use &quot;quotes&quot;"));
        assert!(html.contains("1 error"));
        assert!(html.contains("and 1 warning"));
    }
}
