//! `waveplan serve` from the outside: a real process on a free port of 127.0.0.1, spoken to
//! over raw TCP (the harness is `common::serve`).

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

mod common;
use common::serve::{Serve, WAIT, connect, request, send};
use common::{append, example_copy};

/// A subscriber to the reload stream.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(serve: &Serve) -> Events {
        let mut stream = connect(serve.port);
        let raw = format!(
            "GET /__waveplan/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            serve.host()
        );
        stream.write_all(raw.as_bytes()).expect("subscribes");
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        events.wait_for("event: hello\n");
        assert!(events.seen.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(events.seen.contains("Content-Type: text/event-stream"));
        events
    }

    /// Reads until `text` has arrived `count` times in all.
    fn wait_for_nth(&mut self, text: &str, count: usize) {
        let deadline = Instant::now() + WAIT;
        let mut buf = [0u8; 4096];
        while self.seen.matches(text).count() < count {
            assert!(Instant::now() < deadline, "no {text:?} in {:?}", self.seen);
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed; got {:?}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(e) => panic!("event stream: {e}; got {:?}", self.seen),
            }
        }
    }

    fn wait_for(&mut self, text: &str) {
        self.wait_for_nth(text, 1);
    }

    fn reloads(&self) -> usize {
        self.seen.matches("event: reload\n").count()
    }
}

// ---------------------------------------------------------------------------------------------
// Plan folders.

/// Every file below `dir` with its bytes.
fn listing(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                out.insert(path.clone(), Vec::new());
                stack.push(path);
            } else {
                out.insert(path.clone(), fs::read(&path).expect("read file"));
            }
        }
    }
    out
}

/// Breaks the plan title into a number: one error, at a line we know.
fn break_title(plan: &Path) -> (String, usize) {
    let path = plan.join("plan.toml");
    let good = fs::read_to_string(&path).expect("plan.toml");
    let line = good
        .lines()
        .position(|l| l.starts_with("title = "))
        .expect("a title line")
        + 1;
    let broken = good.replacen("title = \"", "title = 42 # \"", 1);
    fs::write(&path, broken).expect("write plan.toml");
    (good, line)
}

/// The example plan's first workload note, and the workload's page.
fn a_workload_note(plan: &Path) -> (PathBuf, String) {
    let mut notes: Vec<PathBuf> = fs::read_dir(plan.join("workloads"))
        .expect("workloads/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    notes.sort();
    let note = notes.into_iter().next().expect("a workload note");
    let id = note
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a UTF-8 name")
        .to_string();
    (note, format!("/workloads/{id}/"))
}

// ---------------------------------------------------------------------------------------------
// Tests.

/// The example without its baseline: a saved note re-renders its own page only (with a
/// baseline, the changes list every file, so any save is a full build).
fn example_without_baseline() -> (tempfile::TempDir, PathBuf) {
    let (tmp, plan) = example_copy();
    let path = plan.join("plan.toml");
    let text = fs::read_to_string(&path).expect("plan.toml");
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("baseline = "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(kept, text, "the example has a baseline");
    fs::write(&path, kept).expect("write plan.toml");
    fs::remove_dir_all(plan.join("archives")).expect("remove the baseline");
    (tmp, plan)
}

#[test]
fn a_saved_note_reloads_the_page_and_a_broken_plan_shows_the_overlay() {
    let (_tmp, plan) = example_without_baseline();
    let before = listing(&plan);
    let serve = Serve::start(&plan);

    let index = serve.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = index.text();
    assert!(html.contains(r#"<script id="waveplan-live-reload">"#));
    assert!(html.contains(r#"new EventSource("__waveplan/events")"#));
    assert!(html.find("waveplan-live-reload") < html.rfind("</body>"));
    assert!(!html.contains("waveplan-overlay"));

    let json = serve.get("/plan.json");
    assert_eq!(json.status, 200);
    assert_eq!(json.header("content-type"), Some("application/json"));
    assert!(json.body.starts_with(b"{"));
    assert!(!json.text().contains("waveplan-live-reload"));

    // A note edit: the reload comes after the new page is in place.
    let (note, page) = a_workload_note(&plan);
    let deep = serve.get(&page);
    assert!(
        deep.text()
            .contains(r#"new EventSource("../../__waveplan/events")"#),
        "the script finds the stream from a page two folders down"
    );
    let mut events = Events::open(&serve);
    append(&note, "\nServe test marker: the note was saved.\n");
    events.wait_for("event: reload\n");
    let edited = serve.get(&page);
    assert_eq!(edited.status, 200);
    assert!(
        edited
            .text()
            .contains("Serve test marker: the note was saved.")
    );
    let line = serve.wait_for_line(|l| l.contains("workloads/") && l.contains("re-rendered"));
    assert!(line.contains(" ms: ok"), "{line}");

    // A broken plan: the overlay over the last good site, every page still served.
    let (good_plan, error_line) = break_title(&plan);
    events.wait_for_nth("event: reload\n", 2);
    let index = serve.get("/");
    assert_eq!(index.status, 200);
    let html = index.text();
    assert!(html.contains(r#"id="waveplan-overlay""#), "{html}");
    assert!(
        html.contains(&format!("plan.toml:{error_line}:")),
        "the overlay names plan.toml:{error_line}"
    );
    assert!(html.contains("title = 42"), "the overlay quotes the line");
    assert!(html.contains("<title>Dashboard"), "the last good dashboard");
    let other = serve.get(&page);
    assert_eq!(other.status, 200);
    assert!(
        other
            .text()
            .contains("Serve test marker: the note was saved.")
    );
    assert!(other.text().contains("waveplan-overlay"));
    let failed = serve.wait_for_line(|l| l.contains("changed plan.toml") && l.contains("1 error"));
    assert!(failed.contains("last good site"), "{failed}");

    // The fix: the overlay is gone.
    fs::write(plan.join("plan.toml"), &good_plan).expect("fix plan.toml");
    events.wait_for_nth("event: reload\n", 3);
    assert_eq!(events.reloads(), 3);
    let fixed = serve.get("/").text();
    assert!(!fixed.contains("waveplan-overlay"));
    assert!(fixed.contains("waveplan-live-reload"));

    // Nothing written into the plan folder but the edits made here.
    let mut expected = before;
    expected.insert(note.clone(), fs::read(&note).expect("the note"));
    assert_eq!(listing(&plan), expected);
}

#[test]
fn a_first_build_that_fails_still_serves_the_overlay() {
    let (_tmp, plan) = example_copy();
    let (good_plan, error_line) = break_title(&plan);
    let serve = Serve::start(&plan);
    for target in ["/", "/workloads/", "/waves/1/index.html"] {
        let reply = serve.get(target);
        assert_eq!(reply.status, 503, "{target}");
        let html = reply.text();
        assert!(html.contains(r#"id="waveplan-overlay""#), "{target}");
        assert!(html.contains(&format!("plan.toml:{error_line}:")));
        assert!(html.contains("No build has succeeded yet"));
        assert!(html.contains("waveplan-live-reload"));
    }
    let mut events = Events::open(&serve);
    fs::write(plan.join("plan.toml"), good_plan).expect("fix plan.toml");
    events.wait_for("event: reload\n");
    let index = serve.get("/");
    assert_eq!(index.status, 200);
    assert!(!index.text().contains("waveplan-overlay"));
    assert!(index.text().contains("Tailwind Traders"));
}

#[test]
fn foreign_hosts_and_other_methods_are_refused() {
    let (_tmp, plan) = example_copy();
    let serve = Serve::start(&plan);
    let evil = request(serve.port, "GET", "/", "evil.example");
    assert_eq!(evil.status, 403);
    assert!(!evil.text().contains("Tailwind"));
    assert_eq!(
        request(
            serve.port,
            "GET",
            "/",
            &format!("evil.example:{}", serve.port)
        )
        .status,
        403
    );
    let no_host = send(serve.port, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(no_host.status, 403);
    for host in [
        "localhost",
        &format!("localhost:{}", serve.port),
        "127.0.0.1",
    ] {
        assert_eq!(request(serve.port, "GET", "/", host).status, 200, "{host}");
    }
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let reply = request(serve.port, method, "/", &serve.host());
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method}");
    }
    let head = request(serve.port, "HEAD", "/plan.json", &serve.host());
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(head.header("content-length").is_some());
}

#[test]
fn traversal_in_every_form_reaches_nothing() {
    let (_tmp, plan) = example_copy();
    let plan_toml = fs::read(plan.join("plan.toml")).expect("plan.toml");
    let serve = Serve::start(&plan);
    for target in [
        "/plan.toml",
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
        "/assets/../plan.toml",
        "/index.html%00",
    ] {
        let reply = serve.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(
            !reply
                .body
                .windows(plan_toml.len().min(200))
                .any(|w| w == &plan_toml[..plan_toml.len().min(200)]),
            "{target} returned plan.toml"
        );
        assert!(!reply.text().contains("root:"), "{target}");
    }
    // An absolute-form target names a path through another host: nothing either.
    assert_eq!(serve.get("http://evil.example/plan.json").status, 404);
    // A folder without its slash is sent to the slash, relatively.
    let folder = serve.get("/workloads");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("./workloads/"));
}

#[test]
fn types_are_right_and_no_cross_origin_header_is_sent() {
    let (_tmp, plan) = example_copy();
    let serve = Serve::start(&plan);
    let ps1 = fs::read_dir(plan.join("assets/ad"))
        .expect("assets/ad")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".ps1"))
        .expect("a .ps1 asset");
    for (target, want) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/plan.json", "application/json"),
        ("/waves.csv", "text/csv; charset=utf-8"),
        ("/schedule.ics", "text/calendar; charset=utf-8"),
        (&format!("/assets/ad/{ps1}"), "text/plain; charset=utf-8"),
        ("/assets/ad/runbook.md", "text/markdown; charset=utf-8"),
        ("/nothing-here", "text/html; charset=utf-8"),
    ] {
        let reply = serve.get(target);
        assert_eq!(reply.header("content-type"), Some(want), "{target}");
        assert!(reply.header("access-control-allow-origin").is_none());
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    }
    let mut events = Events::open(&serve);
    events.wait_for("\n\n");
    assert!(!events.seen.to_ascii_lowercase().contains("access-control"));
}

#[test]
fn event_clients_that_never_read_do_not_block_pages() {
    let (_tmp, plan) = example_without_baseline();
    let serve = Serve::start(&plan);
    // More stuck streams than there are request workers.
    let stuck: Vec<Events> = (0..10).map(|_| Events::open(&serve)).collect();
    let (note, page) = a_workload_note(&plan);
    for n in 0..5 {
        append(&note, &format!("\nstuck-client edit {n}\n"));
        thread::sleep(Duration::from_millis(150));
    }
    let started = Instant::now();
    for _ in 0..20 {
        let reply = serve.get(&page);
        assert_eq!(reply.status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "20 pages took {:?}",
        started.elapsed()
    );
    serve.wait_for_line(|l| l.contains("re-rendered"));
    let mut fresh = Events::open(&serve);
    append(&note, "\nlast edit\n");
    fresh.wait_for("event: reload\n");
    assert!(serve.get(&page).text().contains("last edit"));
    drop(stuck);
}

#[test]
fn junk_requests_do_not_stop_the_server() {
    let (_tmp, plan) = example_copy();
    let serve = Serve::start(&plan);
    let junk: [&[u8]; 6] = [
        b"GARBAGE\r\n\r\n",
        b"\x00\x01\x02\xff\xfe\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
    ];
    for raw in junk {
        let mut stream = connect(serve.port);
        let _ = stream.write_all(raw);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
    }
    // A target under the 8 KiB request-line limit, one over it (414, see tests/hostile.rs), a
    // half-sent request, a connection dropped at once.
    let long = format!("/{}", "a/".repeat(4_000));
    assert_eq!(serve.get(&long).status, 404);
    let long = format!("/{}", "a/".repeat(20_000));
    assert_eq!(serve.get(&long).status, 414);
    let mut half = connect(serve.port);
    let _ = half.write_all(b"GET / HTTP/1.1\r\nHost: 127.0");
    drop(half);
    drop(connect(serve.port));
    assert_eq!(serve.get("/").status, 200);
    assert_eq!(serve.get("/plan.json").status, 200);
}

/// Whether this process ignores SIGINT, as a background job of a non-interactive shell
/// does. Children inherit that, and serve (rightly) keeps the default action it was given.
fn sigint_ignored() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("SigIgn:"))?;
            u64::from_str_radix(line.trim_start_matches("SigIgn:").trim(), 16).ok()
        })
        .is_some_and(|mask| mask & (1 << (2 - 1)) != 0)
}

#[test]
fn ctrl_c_stops_it_within_a_second() {
    if sigint_ignored() {
        eprintln!("skipped: this test process ignores SIGINT, and so would the server");
        return;
    }
    let (_tmp, plan) = example_copy();
    let mut serve = Serve::start(&plan);
    let _events = Events::open(&serve);
    let status = Command::new("kill")
        .args(["-INT", &serve.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        if serve.child.try_wait().expect("try_wait").is_some() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still running a second after SIGINT"
        );
        thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_changes_page_follows_the_plan_live() {
    // The example has a baseline: its changes page shows what moved since revision 2.0.
    let (_tmp, plan) = example_copy();
    let serve = Serve::start(&plan);
    let page = serve.get("/changes/index.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Changes since revision 2.0"));
    assert!(!page.text().contains("lms-training"));
    let mut events = Events::open(&serve);
    // The training environment shrinks: the page lists it after the reload.
    let path = plan.join("plan.toml");
    let text = fs::read_to_string(&path).expect("plan.toml");
    let edited = text;
    let at = edited.find("id = \"lms-training\"").expect("lms-training");
    let data = edited[at..].find("data_gb = ").expect("its data_gb") + at;
    let end = data + edited[data..].find('\n').expect("line end");
    let edited = format!("{}data_gb = 60{}", &edited[..data], &edited[end..]);
    fs::write(&path, edited).expect("write plan.toml");
    events.wait_for("event: reload\n");
    let page = serve.get("/changes/index.html");
    assert!(
        page.text().contains("lms-training: data_gb: 120 -&gt; 60"),
        "{}",
        page.text()
    );
}
