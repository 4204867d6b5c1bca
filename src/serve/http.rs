//! Answering one request from the current snapshot. Nothing here panics on what a client
//! sends: every header and path is checked, and write errors (a client gone) are ignored.

use super::page;
use super::reload::Hub;
use super::route::{self, Route};
use super::state::{Current, Snapshot};
use std::io::{self, Read};
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// What every worker shares: the current site and the reload hub.
pub struct HttpShared {
    pub current: Arc<Current>,
    pub hub: Arc<Hub>,
}

/// A response body that shares the site's bytes instead of copying them per request.
struct Body {
    bytes: Arc<Vec<u8>>,
    at: usize,
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

/// A header from fixed names and values we make; a value that is not a valid header (it
/// cannot happen for ours) is left out rather than panicking.
fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(
    request: Request,
    status: u16,
    content_type: &str,
    body: Arc<Vec<u8>>,
    extra: &[(&str, &str)],
) {
    let headers: Vec<Header> = [
        ("Content-Type", content_type),
        // Always fresh: a reload must show the new build, not a cached page.
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    .iter()
    .chain(extra)
    .filter_map(|(n, v)| header(n, v))
    .collect();
    let length = body.len();
    let response = Response::new(
        StatusCode(status),
        headers,
        Body { bytes: body, at: 0 },
        Some(length),
        None,
    )
    // The length is known: send it (tiny_http would switch to chunked above 32 KiB).
    .with_chunked_threshold(usize::MAX);
    // The client may have gone; there is no one to tell.
    let _ = request.respond(response);
}

fn text(request: Request, status: u16, message: &str, extra: &[(&str, &str)]) {
    let body = Arc::new(format!("{message}\n").into_bytes());
    respond(request, status, "text/plain; charset=utf-8", body, extra);
}

/// Answers one request.
pub fn handle(request: Request, ctx: &HttpShared) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    if !route::host_allowed(host) {
        return text(
            request,
            403,
            "403 forbidden: this preview answers only to localhost, 127.0.0.1 and [::1]",
            &[],
        );
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(
            request,
            405,
            "405 method not allowed: the preview is read-only",
            &[("Allow", "GET, HEAD")],
        );
    }
    let snapshot = ctx.current.get();
    let url = request.url().to_string();
    match route::resolve(&url, &snapshot.files) {
        Route::Events => events(request, ctx, &snapshot),
        Route::File(key) => file(request, &snapshot, &url, &key),
        Route::Redirect(location) => text(
            request,
            301,
            "301 moved: this is a folder",
            &[("Location", &location)],
        ),
        Route::NotFound => not_found(request, &snapshot, &url),
    }
}

fn events(request: Request, ctx: &HttpShared, snapshot: &Snapshot) {
    if *request.method() == Method::Head {
        return respond(request, 200, "text/event-stream", Arc::default(), &[]);
    }
    if !ctx.hub.has_room() {
        return text(request, 503, "503 too many live-reload streams", &[]);
    }
    // The stream belongs to the hub's thread from here; this worker is free at once.
    ctx.hub
        .subscribe(request.into_writer(), snapshot.generation);
}

fn file(request: Request, snapshot: &Snapshot, url: &str, key: &str) {
    let Some(bytes) = snapshot.files.get(key) else {
        return not_found(request, snapshot, url);
    };
    let content_type = route::content_type(key);
    if content_type.starts_with("text/html") {
        let html = decorate(bytes, snapshot, url);
        return respond(request, 200, content_type, Arc::new(html), &[]);
    }
    respond(request, 200, content_type, Arc::clone(bytes), &[]);
}

/// The page with the reload script and, while the plan is broken, the error overlay.
fn decorate(html: &[u8], snapshot: &Snapshot, url: &str) -> Vec<u8> {
    let root = route::root_for(route::path_of(url));
    let mut snippet = String::new();
    if !snapshot.errors.is_empty() {
        snippet.push_str(&page::overlay(&snapshot.errors, snapshot.has_site()));
    }
    snippet.push_str(&page::reload_script(&root, snapshot.generation));
    page::inject(html, &snippet)
}

fn not_found(request: Request, snapshot: &Snapshot, url: &str) {
    let path = route::path_of(url);
    if !snapshot.has_site() {
        // No build has succeeded: every page is the error page, so that the browser is
        // already where the fixed site will appear.
        let html = page::standalone("waveplan: the plan does not build", "");
        let html = decorate(&html, snapshot, url);
        return respond(
            request,
            503,
            "text/html; charset=utf-8",
            Arc::new(html),
            &[],
        );
    }
    let html = page::standalone("Not found", &page::not_found(path, &route::root_for(path)));
    let html = decorate(&html, snapshot, url);
    respond(
        request,
        404,
        "text/html; charset=utf-8",
        Arc::new(html),
        &[],
    );
}
