//! The front door: every connection is accepted here and its request head read within limits
//! before the request reaches the HTTP server (tiny_http, which would read a request line of
//! any length into memory). A request line over [`MAX_LINE`] gets 414, a head over
//! [`MAX_HEAD`] 431, a head not sent within [`HEAD_TIME`] 408; a good request is handed to the
//! server, on a loopback connection of its own, with `Connection: close` so that every request
//! comes through this door.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

/// The longest request line answered (method, target and version).
pub const MAX_LINE: usize = 8 << 10;
/// The longest request head answered (request line and headers).
pub const MAX_HEAD: usize = 64 << 10;
/// How long a client may take to send its request head.
pub const HEAD_TIME: Duration = Duration::from_secs(10);
/// Connections served at once; more get 503.
const MAX_CONNECTIONS: usize = 256;

/// Accepts connections on `listener` and passes good requests to the server at `backend`.
/// Returns when the listener fails.
pub fn run(listener: TcpListener, backend: SocketAddr) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            thread::sleep(Duration::from_millis(20));
            continue;
        };
        if open.load(Ordering::Relaxed) >= MAX_CONNECTIONS {
            refuse(stream, 503, "Service Unavailable", "too many connections");
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        let count = Arc::clone(&open);
        let spawned = thread::Builder::new()
            .name("waveplan-front".into())
            .spawn(move || {
                connection(stream, backend);
                count.fetch_sub(1, Ordering::Relaxed);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// What reading a request head found.
#[derive(Debug, PartialEq, Eq)]
enum Head {
    /// The head (up to and including the blank line) and any bytes read after it.
    Complete(Vec<u8>, Vec<u8>),
    /// Refused: status and reason.
    Refused(u16, &'static str, &'static str),
    /// The client went away or sent nothing in time.
    Gone,
}

fn connection(mut client: TcpStream, backend: SocketAddr) {
    let _ = client.set_read_timeout(Some(HEAD_TIME));
    match read_head(&mut client) {
        Head::Complete(head, rest) => forward(client, backend, &head, &rest),
        Head::Refused(status, reason, message) => refuse(client, status, reason, message),
        Head::Gone => {}
    }
}

/// Reads up to the end of the request head, refusing a long line or head as soon as it is seen.
fn read_head(client: &mut impl Read) -> Head {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match client.read(&mut chunk) {
            Ok(0) => return Head::Gone,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Head::Refused(
                    408,
                    "Request Timeout",
                    "the request took too long to arrive",
                );
            }
            Err(_) => return Head::Gone,
        };
        buf.extend_from_slice(&chunk[..n]);
        let line_end = buf.iter().position(|b| *b == b'\n');
        if line_end.map_or(buf.len(), |i| i) > MAX_LINE {
            return Head::Refused(414, "URI Too Long", "request lines are limited to 8 KiB");
        }
        if let Some(end) = find_end(&buf) {
            let rest = buf.split_off(end);
            return Head::Complete(buf, rest);
        }
        if buf.len() > MAX_HEAD {
            return Head::Refused(
                431,
                "Request Header Fields Too Large",
                "request heads are limited to 64 KiB",
            );
        }
    }
}

/// The end of the head: just past the first blank line (`\r\n\r\n` or `\n\n`).
fn find_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The head with its `Connection` headers replaced by `Connection: close`.
fn closing(head: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(head);
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Drop the blank line; it is added back after the new header.
    while lines
        .last()
        .is_some_and(|l| l.trim_end_matches(['\r', '\n']).is_empty())
    {
        lines.pop();
    }
    let mut out = String::with_capacity(head.len() + 20);
    for (i, line) in lines.iter().enumerate() {
        let name = line.split(':').next().unwrap_or_default();
        if i > 0 && name.trim().eq_ignore_ascii_case("connection") {
            continue;
        }
        out.push_str(line);
    }
    out.push_str("Connection: close\r\n\r\n");
    out.into_bytes()
}

/// Hands the request to the server and copies both ways until either side is done.
fn forward(client: TcpStream, backend: SocketAddr, head: &[u8], rest: &[u8]) {
    let Ok(mut server) = TcpStream::connect(backend) else {
        return refuse(
            client,
            503,
            "Service Unavailable",
            "the preview is not ready",
        );
    };
    if server.write_all(&closing(head)).is_err() || server.write_all(rest).is_err() {
        return;
    }
    let (Ok(mut from_server), Ok(mut to_client)) = (server.try_clone(), client.try_clone()) else {
        return;
    };
    let back = thread::Builder::new()
        .name("waveplan-front-back".into())
        .spawn(move || {
            let _ = io::copy(&mut from_server, &mut to_client);
            let _ = to_client.shutdown(Shutdown::Both);
            let _ = from_server.shutdown(Shutdown::Both);
        });
    if back.is_err() {
        return;
    }
    let mut client = client;
    let _ = client.set_read_timeout(None);
    let _ = io::copy(&mut client, &mut server);
    let _ = server.shutdown(Shutdown::Write);
}

/// Answers with an error status and closes, reading (and dropping) a little of what the
/// client still sends so that it sees the answer rather than a reset connection.
fn refuse(mut client: TcpStream, status: u16, reason: &str, message: &str) {
    let body = format!("{status} {message}\n");
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = client.write_all(response.as_bytes());
    let _ = client.shutdown(Shutdown::Write);
    let _ = client.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 8192];
    let mut drained = 0;
    while drained < (1 << 20) {
        match client.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_read_within_limits() {
        let ok = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\nrest".to_vec();
        assert_eq!(
            read_head(&mut ok.as_slice()),
            Head::Complete(
                b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
                b"rest".to_vec()
            )
        );
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE));
        assert!(matches!(
            read_head(&mut long.as_bytes()),
            Head::Refused(414, ..)
        ));
        // Refused before the line ends: a line without end is never read whole.
        let endless = io::repeat(b'a');
        assert!(matches!(
            read_head(&mut endless.take(1 << 30)),
            Head::Refused(414, ..)
        ));
        let many = format!(
            "GET / HTTP/1.1\r\n{}",
            "X-A: b\r\n".repeat(MAX_HEAD / 8 + 1)
        );
        assert!(matches!(
            read_head(&mut many.as_bytes()),
            Head::Refused(431, ..)
        ));
    }

    #[test]
    fn every_request_closes_its_connection() {
        let head = b"GET / HTTP/1.1\r\nHost: localhost\r\nconnection: keep-alive\r\n\r\n";
        assert_eq!(
            closing(head),
            b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_vec()
        );
    }
}
