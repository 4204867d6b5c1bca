//! From a request's Host and URL to what answers it: pure functions, tested on their own.
//!
//! Paths resolve against the map of the built site and nothing else: the file system is never
//! asked, so no path can reach outside the site. The checks below still refuse anything
//! that looks like traversal (`..`, `.`, empty segments, backslashes, NUL), so that no key
//! of the map can be reached by a path that does not name it plainly.

use super::state::Files;
use crate::site::urls::FOLDER_INDEX;

/// The Server-Sent Events stream that tells pages to reload.
pub const EVENTS_PATH: &str = "/__waveplan/events";

/// What answers a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The reload event stream.
    Events,
    /// A file of the site, by its key.
    File(String),
    /// A folder asked for without its `/`: the relative location to send the browser to.
    Redirect(String),
    NotFound,
}

/// Whether a Host header names this machine: `localhost`, `127.0.0.1` or `[::1]`, with or
/// without a port. Anything else is refused: a page of another site whose name an attacker
/// re-pointed at 127.0.0.1 (DNS rebinding) sends its own name.
pub fn host_allowed(host: Option<&str>) -> bool {
    let Some(host) = host.map(str::trim) else {
        return false;
    };
    let (name, port) = if host.starts_with('[') {
        match host.find(']') {
            Some(end) => (&host[..=end], &host[end + 1..]),
            None => return false,
        }
    } else {
        match host.find(':') {
            Some(colon) => (&host[..colon], &host[colon..]),
            None => (host, ""),
        }
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| {
            !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
        });
    port_ok && (name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "[::1]")
}

/// The path of a request target, without query or fragment.
pub fn path_of(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// Resolves a request target against the site.
pub fn resolve(url: &str, files: &Files) -> Route {
    let path = path_of(url);
    if path == EVENTS_PATH {
        return Route::Events;
    }
    let Some(key) = site_key(path) else {
        return Route::NotFound;
    };
    if files.contains_key(&key) {
        return Route::File(key);
    }
    if !path.ends_with('/') && files.contains_key(&format!("{key}/{FOLDER_INDEX}")) {
        return redirect_to_folder(path);
    }
    Route::NotFound
}

/// `/workloads/crm` -> `./crm/`: relative, so it works under any sub-path and can never
/// name another host (`./` keeps a segment like `x:` from reading as a scheme).
fn redirect_to_folder(path: &str) -> Route {
    let last = path.rsplit('/').next().unwrap_or_default();
    let plain = last
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'\\' && b != b'"');
    if last.is_empty() || !plain {
        return Route::NotFound;
    }
    Route::Redirect(format!("./{last}/"))
}

/// The key of the site map a URL path names: percent-decoded once, then checked segment by
/// segment. `/` is `index.html`, `/dir/` is `dir/index.html`. `None` for anything that is
/// not a plain relative path once decoded.
pub fn site_key(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let (last, folders) = segments.split_last()?;
    let bad = |s: &&str| s.is_empty() || *s == "." || *s == "..";
    if folders.iter().any(bad) || *last == "." || *last == ".." {
        return None;
    }
    Some(if last.is_empty() {
        format!("{decoded}{FOLDER_INDEX}")
    } else {
        decoded
    })
}

/// Decodes `%XX` escapes once; `None` for a broken escape or bytes that are not UTF-8.
/// `+` stays `+`: in a path it is not a space.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The relative prefix from the folder of a request path to the site root: `/` -> ``,
/// `/workloads/crm/` -> `../../`. Injected links use it, so they work under a sub-path.
pub fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count().saturating_sub(1))
}

/// The Content-Type of a site file, by extension.
pub fn content_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "md" => "text/markdown; charset=utf-8",
        // Runbook scripts show as text in the browser rather than download or run.
        "ps1" | "sh" | "txt" | "sql" | "log" | "yaml" | "yml" | "toml" => {
            "text/plain; charset=utf-8"
        }
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn site() -> Files {
        [
            "index.html",
            "plan.json",
            "workloads/index.html",
            "workloads/crm/index.html",
        ]
        .into_iter()
        .map(|k| (k.to_string(), Arc::new(k.as_bytes().to_vec())))
        .collect()
    }

    #[test]
    fn hosts() {
        for ok in [
            "localhost",
            "LocalHost:1111",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(host_allowed(Some(ok)), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "0.0.0.0",
            "[::1",
            "[::2]:1111",
            "localhost:",
            "localhost:abc",
            "localhost:1111:2",
            "",
        ] {
            assert!(!host_allowed(Some(bad)), "{bad}");
        }
        assert!(!host_allowed(None));
    }

    #[test]
    fn paths_resolve_to_keys() {
        let files = site();
        assert_eq!(resolve("/", &files), Route::File("index.html".into()));
        assert_eq!(resolve("/?x=1", &files), Route::File("index.html".into()));
        assert_eq!(
            resolve("/workloads/crm/", &files),
            Route::File("workloads/crm/index.html".into())
        );
        assert_eq!(
            resolve("/workloads/cr%6d/index.html", &files),
            Route::File("workloads/crm/index.html".into())
        );
        assert_eq!(
            resolve("/workloads/crm", &files),
            Route::Redirect("./crm/".into())
        );
        assert_eq!(
            resolve("/plan.json", &files),
            Route::File("plan.json".into())
        );
        assert_eq!(resolve(EVENTS_PATH, &files), Route::Events);
        assert_eq!(resolve("/nothing", &files), Route::NotFound);
    }

    #[test]
    fn traversal_and_odd_forms_reach_nothing() {
        let mut files = site();
        // Keys no plain path names must stay out of reach.
        for key in ["../plan.toml", "plan.toml", "/etc/passwd", "etc/passwd"] {
            files.insert(key.into(), Arc::new(Vec::new()));
        }
        for url in [
            "/../plan.toml",
            "/%2e%2e/plan.toml",
            "/%2E%2E/plan.toml",
            "/..%2fplan.toml",
            "/%2e%2e%2fplan.toml",
            "/..\\plan.toml",
            "/..%5cplan.toml",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/workloads/../../plan.toml",
            "/workloads/%2e%2e/%2e%2e/plan.toml",
            "/./plan.json",
            "/plan.json%00",
            "/%zz",
            "/%c3%28",
            "http://evil.example/plan.json",
            "*",
            "",
        ] {
            assert_eq!(resolve(url, &files), Route::NotFound, "{url}");
        }
    }

    #[test]
    fn roots() {
        assert_eq!(root_for("/"), "");
        assert_eq!(root_for("/plan.json"), "");
        assert_eq!(root_for("/workloads/crm/"), "../../");
        assert_eq!(root_for("/workloads/crm/index.html"), "../../");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("a/b.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("c.svg"), "image/svg+xml");
        assert_eq!(content_type("plan.json"), "application/json");
        assert_eq!(content_type("waves.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("schedule.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("x.md"), "text/markdown; charset=utf-8");
        assert_eq!(
            content_type("assets/x/run.ps1"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(content_type("assets/x/run.sh"), "text/plain; charset=utf-8");
        assert_eq!(content_type("x.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("x.bin"), "application/octet-stream");
        assert_eq!(content_type("Makefile"), "application/octet-stream");
        assert_eq!(content_type("dir.d/file"), "application/octet-stream");
    }
}
