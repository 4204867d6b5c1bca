//! The live-reload event stream (Server-Sent Events) and its subscribers.
//!
//! tiny_http cannot stream a response, so a subscriber's connection is taken over raw
//! (`Request::into_writer`): the status line and headers are written by hand, and every
//! event is flushed. Each subscriber gets its own small thread and a bounded queue. A
//! broadcast only `try_send`s, so a client that stopped reading fills its own socket buffer
//! and queue, is dropped, and never delays the others, the rebuild or any page request.

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

/// Open event streams beyond this are refused: each holds a thread.
const MAX_CLIENTS: usize = 64;
/// Events queued for one client before it counts as stuck and is dropped.
const QUEUE: usize = 4;
/// A comment line this often finds clients that went away without closing.
const HEARTBEAT: Duration = Duration::from_secs(15);

const HEADERS: &[u8] = b"HTTP/1.1 200 OK\r\n\
Content-Type: text/event-stream\r\n\
Cache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\n\
Connection: close\r\n\
\r\n\
retry: 1000\n\n";

#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<SyncSender<u64>>>,
    /// Client threads still running.
    live: Arc<AtomicUsize>,
}

/// Counts a client thread down when it ends, however it ends.
struct Live(Arc<AtomicUsize>);

impl Drop for Live {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Hub {
    /// Whether another stream may be opened.
    pub fn has_room(&self) -> bool {
        self.live.load(Ordering::SeqCst) < MAX_CLIENTS
    }

    /// Takes over a connection as an event stream; `generation` is the site it starts with.
    pub fn subscribe(&self, writer: Box<dyn Write + Send>, generation: u64) {
        let (tx, rx) = sync_channel(QUEUE);
        self.live.fetch_add(1, Ordering::SeqCst);
        let live = Live(Arc::clone(&self.live));
        let spawned = thread::Builder::new()
            .name("waveplan-events".into())
            .spawn(move || {
                let _live = live;
                // A write error means the client left; nothing to report.
                let _ = stream(writer, &rx, generation);
            });
        if spawned.is_ok() {
            self.lock().push(tx);
        }
    }

    /// Tells every client that the site of `generation` is in place.
    pub fn broadcast(&self, generation: u64) {
        self.lock().retain(|tx| match tx.try_send(generation) {
            Ok(()) => true,
            // Full: the client is not reading. Dropping the sender ends its thread once
            // its socket takes the queued events, or fails.
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<SyncSender<u64>>> {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn stream(mut out: Box<dyn Write + Send>, rx: &Receiver<u64>, generation: u64) -> io::Result<()> {
    out.write_all(HEADERS)?;
    event(&mut out, "hello", generation)?;
    loop {
        match rx.recv_timeout(HEARTBEAT) {
            Ok(generation) => event(&mut out, "reload", generation)?,
            Err(RecvTimeoutError::Timeout) => {
                out.write_all(b": keep-alive\n\n")?;
                out.flush()?;
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

fn event(out: &mut dyn Write, name: &str, generation: u64) -> io::Result<()> {
    write!(out, "event: {name}\ndata: {generation}\n\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    /// A writer that hands what it gets to a channel, flush by flush.
    struct Pipe(Vec<u8>, std::sync::mpsc::Sender<String>);

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            let text = String::from_utf8_lossy(&self.0).into_owned();
            self.0.clear();
            self.1
                .send(text)
                .map_err(|_| io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn clients_get_hello_then_reloads() {
        let hub = Hub::default();
        let (tx, rx) = channel();
        hub.subscribe(Box::new(Pipe(Vec::new(), tx)), 3);
        let hello = rx.recv_timeout(Duration::from_secs(5)).expect("hello");
        assert!(hello.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(hello.contains("text/event-stream"));
        assert!(hello.ends_with("event: hello\ndata: 3\n\n"));
        hub.broadcast(4);
        let reload = rx.recv_timeout(Duration::from_secs(5)).expect("reload");
        assert_eq!(reload, "event: reload\ndata: 4\n\n");
    }

    #[test]
    fn a_client_that_left_is_dropped() {
        let hub = Hub::default();
        let (tx, rx) = channel();
        hub.subscribe(Box::new(Pipe(Vec::new(), tx)), 1);
        drop(rx);
        for generation in 2..20 {
            hub.broadcast(generation);
            thread::sleep(Duration::from_millis(5));
        }
        assert!(hub.lock().is_empty());
        assert!(hub.has_room());
    }
}
