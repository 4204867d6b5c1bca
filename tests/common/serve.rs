//! The `waveplan serve` harness: a real process on a free port of 127.0.0.1, spoken to over
//! raw TCP. Every wait has a deadline; the process is killed when a test ends, however it ends
//! (see [`Serve`]'s `Drop`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Generous: debug builds on a busy 2-core machine.
pub const WAIT: Duration = Duration::from_secs(30);

/// A running `waveplan serve`; killed on drop, so a failing assertion leaves no process.
pub struct Serve {
    pub child: Child,
    pub port: u16,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// Serves `dir` with the binary of this build.
    pub fn start(dir: &Path) -> Serve {
        Serve::start_with(Path::new(env!("CARGO_BIN_EXE_waveplan")), dir)
    }

    /// Serves `dir` with `binary`, once it says where.
    pub fn start_with(binary: &Path, dir: &Path) -> Serve {
        let child = Command::new(binary)
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("waveplan serve starts");
        let mut serve = Serve {
            child,
            port: 0,
            stderr: Arc::default(),
        };
        // Read stderr all along: a full pipe would block the server.
        if let Some(pipe) = serve.child.stderr.take() {
            let lines = Arc::clone(&serve.stderr);
            thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    lines.lock().expect("stderr lines").push(line);
                }
            });
        }
        let line = serve.wait_for_line(|l| l.starts_with("serving http://"));
        serve.port = line
            .trim_start_matches("serving http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|_| panic!("no port in {line:?}"));
        serve
    }

    /// Every line of stderr so far.
    pub fn lines(&self) -> Vec<String> {
        self.stderr.lock().expect("stderr lines").clone()
    }

    /// How many lines of stderr so far: a mark for [`Serve::wait_for`].
    pub fn count(&self) -> usize {
        self.stderr.lock().expect("stderr lines").len()
    }

    /// Waits for a line of stderr matching `want`, and returns it.
    pub fn wait_for_line(&self, want: impl Fn(&str) -> bool) -> String {
        self.wait_for(want, 0)
    }

    /// Waits for a line of stderr matching `want` among the lines from the `from`-th on.
    pub fn wait_for(&self, want: impl Fn(&str) -> bool, from: usize) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let lines = self.lines();
            if let Some(line) = lines.iter().skip(from).find(|l| want(l)) {
                return line.clone();
            }
            assert!(
                Instant::now() < deadline,
                "line not seen; stderr so far:\n{}",
                lines.join("\n")
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn get(&self, target: &str) -> Reply {
        request(self.port, "GET", target, &self.host())
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

// ---------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client over TcpStream.

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A connection to the server, with deadlines on reads and writes.
pub fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.set_read_timeout(Some(WAIT)).expect("read timeout");
    stream.set_write_timeout(Some(WAIT)).expect("write timeout");
    stream
}

/// Sends raw bytes and reads the reply until the server closes. The server may answer and
/// close before it has read everything (a request line over its limit): what arrived counts.
pub fn send(port: u16, raw: &[u8]) -> Reply {
    let mut stream = connect(port);
    let _ = stream.write_all(raw);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse(&bytes)
}

pub fn request(port: u16, method: &str, target: &str, host: &str) -> Reply {
    let raw = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    send(port, raw.as_bytes())
}

fn parse(bytes: &[u8]) -> Reply {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}
