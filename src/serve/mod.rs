//! `waveplan serve`: a live preview of a plan folder, built and served from memory.
//!
//! The main thread builds, watches and rebuilds; worker threads answer requests from the
//! current snapshot; each live-reload client has a thread of its own. See `docs/serve.md`.
//!
//! - [`watch`]: notify events -> the plan files that changed;
//! - [`rebuild`]: a full build, or only the pages of edited notes;
//! - [`state`]: the snapshot being served, swapped whole;
//! - [`front`]: accepting connections, reading request heads within limits;
//! - [`http`], [`route`]: answering requests (Host and method checks, paths, types);
//! - [`page`]: the reload script and the error overlay added to served HTML;
//! - [`reload`]: the Server-Sent Events stream.
//!
//! Ctrl-C is left to the default signal action, which ends the process at once: serve
//! holds nothing that needs saving or cleaning up, since it writes no file.

pub mod follow;
pub mod front;
pub mod http;
pub mod page;
pub mod rebuild;
pub mod reload;
pub mod route;
pub mod state;
pub mod watch;

use crate::diagnostics::plural;
use follow::{Follow, Seen};
use rebuild::{Builder, Outcome, RebuildKind};
use reload::Hub;
use state::{Current, Snapshot};
use std::convert::Infallible;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};
use watch::{ChangedFiles, Watch};

/// Why the preview stopped, or could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot watch files: {0}")]
    Watcher(notify::Error),
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("cannot start the request threads")]
    NoWorkers,
    #[error("the HTTP server behind the front door has no address")]
    NoAddress,
    #[error("cannot start the listening thread: {0}")]
    Accept(std::io::Error),
    #[error("the file watcher stopped")]
    WatcherStopped,
}

/// Request workers: a slow client holds one, the others keep answering.
const WORKERS: usize = 4;
/// Errors printed in full after a failed rebuild; the overlay shows them all.
const PRINTED_ERRORS: usize = 5;

pub struct Options {
    pub dir: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
}

/// Runs the preview until the process is stopped. Returns only when it cannot start (cannot
/// listen or watch) or the watcher ends, with why.
pub fn run(options: &Options, err: &mut dyn Write) -> Result<Infallible, ServeError> {
    // Events name absolute paths under the folder as watched: watch it canonical.
    let root = std::fs::canonicalize(&options.dir).unwrap_or_else(|_| options.dir.clone());
    let (server, address) = listen(options, err)?;
    let (events, batches) = mpsc::channel();
    // Watching starts before the first read, so no save made during the first build is lost.
    let mut watch = Some(Watch::start(&root, events.clone())?);
    let mut follow = Follow::new(&root);
    let mut session = Session::new(root.clone());
    let first = ChangedFiles {
        rescan: true,
        ..ChangedFiles::default()
    };
    session.rebuild(&first, "first build", err);
    if start_workers(&server, &session) == 0 {
        return Err(ServeError::NoWorkers);
    }
    let shown = crate::inputs::escape_path(&options.dir);
    let _ = writeln!(err, "serving {}", url(address));
    let _ = writeln!(err, "watching {shown} for changes; Ctrl-C stops");
    let _ = err.flush();
    loop {
        let batch = match batches.recv_timeout(follow::LOOK_EVERY) {
            Ok(batch) => Some(batch),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        match follow.look() {
            Seen::Same => {}
            Seen::Gone => {
                // Its watch follows the old folder wherever it went: drop it.
                watch = None;
                let _ = writeln!(
                    err,
                    "{shown} went away (deleted or moved); still serving the last site until a folder of that name is there again"
                );
                let _ = err.flush();
            }
            Seen::Back => {
                // The old watch went with the old folder: watch the new one, read it all.
                match Watch::start(&root, events.clone()) {
                    Ok(new) => watch = Some(new),
                    Err(message) => {
                        let _ = writeln!(err, "warning: {message}; retrying");
                        follow.forget();
                        continue;
                    }
                }
                // Events still queued are kept: they may tell of input folders made in the
                // new folder just now, which the watch must pick up.
                session.rebuild(&first, &format!("{shown} is back"), err);
                continue;
            }
        }
        // Events while the folder is away are of the old folder.
        let (Some(batch), Some(watch)) = (batch, watch.as_mut()) else {
            continue;
        };
        let mut changes = watch.changes(batch);
        // One rebuild for one burst of saves: take whatever else has arrived meanwhile.
        while let Ok(more) = batches.try_recv() {
            changes.merge(watch.changes(more));
        }
        if !changes.is_empty() {
            let what = format!("changed {}", changes.describe());
            session.rebuild(&changes, &what, err);
        }
    }
    Err(ServeError::WatcherStopped)
}

/// Binds the listening socket (the front door, see [`front`]) and the HTTP server behind it
/// on a loopback port of its own; the address it got (the port, when 0 was asked for).
fn listen(
    options: &Options,
    err: &mut dyn Write,
) -> Result<(Arc<tiny_http::Server>, SocketAddr), ServeError> {
    let listen = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(listen).map_err(|e| ServeError::Listen {
        address: listen,
        source: Box::new(e),
    })?;
    let inner = SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0);
    let server = tiny_http::Server::http(inner)
        .map(Arc::new)
        .map_err(|source| ServeError::Listen {
            address: inner,
            source,
        })?;
    let backend = server.server_addr().to_ip().ok_or(ServeError::NoAddress)?;
    let address = listener.local_addr().unwrap_or(listen);
    thread::Builder::new()
        .name("waveplan-accept".into())
        .spawn(move || front::run(listener, backend))
        .map_err(ServeError::Accept)?;
    if !options.bind.is_loopback() {
        let _ = writeln!(
            err,
            "warning: listening on {}, not a loopback address: other machines can connect, but the Host check still admits only localhost, 127.0.0.1 and [::1] (browse through an SSH tunnel or a proxy that sends Host: localhost)",
            options.bind
        );
    }
    Ok((server, address))
}

/// The printable URL: an unspecified address is reached through loopback.
fn url(address: SocketAddr) -> String {
    let host = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    format!("http://{host}:{}/", address.port())
}

/// Starts the request workers; returns how many started (fewer still serve).
fn start_workers(server: &Arc<tiny_http::Server>, session: &Session) -> usize {
    let mut started = 0;
    for n in 0..WORKERS {
        let server = Arc::clone(server);
        let ctx = http::HttpShared {
            current: Arc::clone(&session.current),
            hub: Arc::clone(&session.hub),
        };
        let spawned = thread::Builder::new()
            .name(format!("waveplan-http-{n}"))
            .spawn(move || {
                loop {
                    match server.recv() {
                        Ok(request) => http::handle(request, &ctx),
                        // A failed accept is about one connection; do not spin on a
                        // listener that keeps failing.
                        Err(_) => thread::sleep(Duration::from_millis(20)),
                    }
                }
            });
        started += usize::from(spawned.is_ok());
    }
    started
}

/// The builder and what the workers see.
struct Session {
    builder: Builder,
    current: Arc<Current>,
    hub: Arc<Hub>,
    generation: u64,
}

impl Session {
    fn new(root: PathBuf) -> Session {
        Session {
            builder: Builder::new(root),
            current: Arc::default(),
            hub: Arc::default(),
            generation: 0,
        }
    }

    /// Rebuilds, swaps the new snapshot in, then tells the browsers, then prints one line.
    fn rebuild(&mut self, changes: &ChangedFiles, what: &str, err: &mut dyn Write) {
        let started = Instant::now();
        let outcome = self.builder.rebuild(changes);
        let elapsed = started.elapsed();
        if outcome.kind != RebuildKind::Unchanged {
            self.generation += 1;
            self.current.set(Snapshot {
                generation: self.generation,
                files: Arc::clone(&outcome.files),
                errors: Arc::new(outcome.errors.clone()),
            });
            // Only now: a browser told earlier could reload into the old site.
            self.hub.broadcast(self.generation);
        }
        report(err, what, &outcome, elapsed);
    }
}

/// The one line per rebuild: what changed, how long it took, ok or how many errors.
fn report(err: &mut dyn Write, what: &str, outcome: &Outcome, elapsed: Duration) {
    let ms = elapsed.as_secs_f64() * 1000.0;
    let how = match outcome.kind {
        RebuildKind::Unchanged => {
            let _ = writeln!(err, "{what} -> same content, nothing rebuilt");
            return;
        }
        RebuildKind::Full => "full build".to_string(),
        RebuildKind::Pages(n) => format!("{} re-rendered", plural(n, "page")),
    };
    let errors = outcome.errors.iter().filter(|d| d.is_error()).count();
    if errors == 0 {
        let _ = writeln!(
            err,
            "{what} -> {how} in {ms:.1} ms: ok, {}",
            plural(outcome.warnings, "warning")
        );
    } else {
        let served = if outcome.files.is_empty() {
            "no good build yet: every page shows the errors"
        } else {
            "serving the last good site under an error overlay"
        };
        let _ = writeln!(
            err,
            "{what} -> {how} in {ms:.1} ms: {}; {served}",
            plural(errors, "error")
        );
        print_errors(err, &outcome.errors);
    }
    let _ = err.flush();
}

fn print_errors(err: &mut dyn Write, diagnostics: &[crate::diagnostics::Diagnostic]) {
    let colour = crate::report::stderr_colour();
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    for d in errors.iter().take(PRINTED_ERRORS) {
        let _ = writeln!(err, "{}", d.render(colour));
    }
    if errors.len() > PRINTED_ERRORS {
        let _ = writeln!(
            err,
            "... and {} more (all of them are in the overlay)",
            errors.len() - PRINTED_ERRORS
        );
    }
}
