//! Hostile plan folders, output folders that hold a user's files, crafted archives and a server
//! that must keep following (issue 11): one test per case, each run on the real binary.
//!
//! Every command runs with a deadline, so a case that used to hang fails instead. Set
//! `WAVEPLAN_BIN` to run the cases against another binary (an older build, to see them fail);
//! the cases that would exhaust memory on a binary without the limits are skipped then.

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

mod common;
use common::serve::{Serve, connect};
use common::{append, assert_contains, copy_dir, example_copy};

/// Generous: debug builds on a busy 2-core machine.
const WAIT: Duration = Duration::from_secs(30);

fn binary() -> PathBuf {
    std::env::var_os("WAVEPLAN_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_waveplan")),
        PathBuf::from,
    )
}

/// Whether the cases run against another binary (see the module docs).
fn foreign_binary() -> bool {
    std::env::var_os("WAVEPLAN_BIN").is_some()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs waveplan with `args`, killed after `limit`: a run that did not end has code -1.
fn run_env(args: &[&dyn AsRef<std::ffi::OsStr>], env: &[(&str, &str)], limit: Duration) -> Run {
    let mut cmd = Command::new(binary());
    cmd.env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for a in args {
        cmd.arg(a);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("waveplan starts");
    let out = drain(&mut child);
    let deadline = Instant::now() + limit;
    let code = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status.code().unwrap_or(-1);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break -1;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = out.join().expect("output");
    Run {
        code,
        stdout,
        stderr,
    }
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    run_env(args, &[], WAIT)
}

/// Reads stdout and stderr on threads of their own (a full pipe would block the child).
fn drain(child: &mut Child) -> thread::JoinHandle<(String, String)> {
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    thread::spawn(move || {
        let err = thread::spawn(move || {
            let mut s = Vec::new();
            let _ = stderr.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        });
        let mut o = Vec::new();
        let _ = stdout.read_to_end(&mut o);
        (
            String::from_utf8_lossy(&o).into_owned(),
            err.join().unwrap_or_default(),
        )
    })
}

/// Builds `plan` into `out` and checks it: both must fail, naming `named`, writing nothing.
fn refused(plan: &Path, named: &str) {
    let out = plan.with_file_name("out");
    let build = run(&[&"build", &plan, &"-o", &out]);
    assert_eq!(build.code, 1, "build of {named}:\n{}", build.stderr);
    assert!(build.stderr.contains(named), "{named}:\n{}", build.stderr);
    assert!(!out.exists(), "{named}: something was written");
    let check = run(&[&"check", &plan]);
    assert_eq!(check.code, 1, "check of {named}:\n{}", check.stderr);
    assert!(check.stderr.contains(named), "{named}:\n{}", check.stderr);
}

#[cfg(unix)]
fn link(target: impl AsRef<Path>, at: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, at).expect("symlink");
}

// ---------------------------------------------------------------------------------------------
// Inputs.

/// Makes a plan folder hostile.
type Setup = Box<dyn Fn(&Path)>;

#[cfg(unix)]
#[test]
fn links_out_of_the_plan_folder_are_refused() {
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("secret.txt"), "secret").expect("write");
    copy_dir(
        &common::content_dir().join("workloads"),
        &outside.path().join("workloads"),
    );
    let secret = outside.path().join("secret.txt");
    let mut cases: Vec<(&str, Setup)> = vec![
        (
            "assets/passwd.txt",
            Box::new(|p| link("/etc/passwd", p.join("assets/passwd.txt"))),
        ),
        ("rollback/crm.md", {
            let secret = secret.clone();
            Box::new(move |p| {
                fs::remove_file(p.join("rollback/crm.md")).expect("remove");
                link(&secret, p.join("rollback/crm.md"));
            })
        }),
        ("templates/index.html", {
            let secret = secret.clone();
            Box::new(move |p| {
                fs::create_dir_all(p.join("templates")).expect("mkdir");
                link(&secret, p.join("templates/index.html"));
            })
        }),
        (
            "assets/etc",
            Box::new(|p| link("/etc", p.join("assets/etc"))),
        ),
        ("workloads", {
            let elsewhere = outside.path().join("workloads");
            Box::new(move |p| {
                fs::remove_dir_all(p.join("workloads")).expect("remove");
                link(&elsewhere, p.join("workloads"));
            })
        }),
    ];
    if !foreign_binary() {
        // Without the limits this grows memory without bound.
        cases.push((
            "assets/zero",
            Box::new(|p| link("/dev/zero", p.join("assets/zero"))),
        ));
    }
    for (named, setup) in cases {
        let (_tmp, plan) = example_copy();
        setup(&plan);
        refused(&plan, named);
    }
}

#[cfg(unix)]
#[test]
fn links_to_folders_are_not_followed_so_walks_end() {
    let (_tmp, plan) = example_copy();
    link(".", plan.join("assets/a"));
    link(".", plan.join("assets/b"));
    let started = Instant::now();
    let check = run_env(&[&"check", &plan], &[], Duration::from_secs(15));
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_contains(&check.stderr, "assets/a");
    assert_contains(&check.stderr, "link to a folder");
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_an_error_not_a_hang() {
    let (_tmp, plan) = example_copy();
    let fifo = plan.join("workloads/crm.md");
    let _ = fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    refused(&plan, "workloads/crm.md");
    let check = run(&[&"check", &plan]);
    assert_contains(&check.stderr, "FIFO");
}

#[cfg(unix)]
#[test]
fn a_socket_is_an_error() {
    let (_tmp, plan) = example_copy();
    let _socket =
        std::os::unix::net::UnixListener::bind(plan.join("assets/control.sock")).expect("bind");
    refused(&plan, "assets/control.sock");
}

#[test]
fn an_input_over_its_size_cap_is_an_error() {
    let (_tmp, plan) = example_copy();
    // Sparse: no disk is used.
    let file = fs::File::create(plan.join("assets/huge.iso")).expect("create");
    file.set_len(65 << 20).expect("set_len");
    refused(&plan, "assets/huge.iso");
    let check = run(&[&"check", &plan]);
    assert_contains(&check.stderr, "larger than");
}

#[cfg(unix)]
#[test]
fn a_non_utf8_file_name_is_printed_readably() {
    use std::os::unix::ffi::OsStrExt;
    let (_tmp, plan) = example_copy();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.png");
    fs::write(plan.join("assets").join(name), "png").expect("write");
    let check = run(&[&"check", &plan]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_contains(&check.stderr, "--> assets/caf\\xE9.png");
}

// ---------------------------------------------------------------------------------------------
// Output folders.

#[test]
fn a_folder_of_other_files_is_not_written_into_even_with_a_plan_json() {
    let (tmp, plan) = example_copy();
    let project = tmp.path().join("project");
    fs::create_dir_all(project.join("src")).expect("mkdir");
    fs::write(project.join("src/main.rs"), "fn main() {}").expect("write");
    fs::write(project.join("README"), "mine").expect("write");
    fs::write(project.join("plan.json"), "{}").expect("write");
    let build = run(&[&"build", &plan, &"-o", &project]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_contains(&build.stderr, "did not write");
    assert_eq!(
        fs::read_to_string(project.join("src/main.rs")).expect("kept"),
        "fn main() {}"
    );
    assert_eq!(
        fs::read_to_string(project.join("README")).expect("kept"),
        "mine"
    );
    assert_eq!(fs::read_dir(&project).expect("list").count(), 3);
}

#[test]
fn a_rebuild_keeps_the_users_files() {
    let (tmp, plan) = example_copy();
    let out = tmp.path().join("public");
    assert_eq!(run(&[&"build", &plan, &"-o", &out]).code, 0);
    fs::write(out.join("CNAME"), "plan.example.org").expect("write");
    fs::create_dir_all(out.join(".git")).expect("mkdir");
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/main").expect("write");
    let plan_toml = plan.join("plan.toml");
    let text = fs::read_to_string(&plan_toml).expect("read");
    fs::write(&plan_toml, format!("{text}\n# edited\n")).expect("write");
    let rebuild = run(&[&"build", &plan, &"-o", &out]);
    assert_eq!(rebuild.code, 0, "{}", rebuild.stderr);
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).expect("kept"),
        "plan.example.org"
    );
    assert!(out.join(".git/HEAD").is_file());
    let manifest = fs::read_to_string(out.join(".waveplan-manifest")).expect("a manifest");
    assert_contains(&manifest, "\"index.html\"");
    assert!(!manifest.contains("CNAME"), "{manifest}");
    // The manifest is not part of the site.
    let plan_json = fs::read_to_string(out.join("plan.json")).expect("plan.json");
    assert!(!plan_json.contains("waveplan-manifest"));
}

#[test]
fn output_onto_a_file_is_refused_and_leaves_nothing_behind() {
    let (tmp, plan) = example_copy();
    let file = tmp.path().join("notes.txt");
    fs::write(&file, "mine").expect("write");
    let build = run(&[&"build", &plan, &"-o", &file]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_contains(&build.stderr, "is a file");
    assert_eq!(fs::read_to_string(&file).expect("kept"), "mine");
    let beside: Vec<String> = fs::read_dir(tmp.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "left behind: {beside:?}");
}

#[test]
fn output_onto_or_inside_the_inputs_is_refused() {
    let (_tmp, plan) = example_copy();
    for out in [
        plan.join("assets/site"),
        plan.clone(),
        plan.join("workloads"),
    ] {
        let build = run(&[&"build", &plan, &"-o", &out]);
        assert_eq!(build.code, 1, "{}: {}", out.display(), build.stderr);
        assert!(!out.join("index.html").exists());
    }
    assert!(!plan.join("assets/site").exists());
    // The default, DIR/public, is not read back.
    assert_eq!(run(&[&"build", &plan]).code, 0);
    assert_eq!(run(&[&"build", &plan]).code, 0);
}

#[test]
fn archive_onto_an_input_is_refused() {
    let (_tmp, plan) = example_copy();
    let before = fs::read(plan.join("plan.toml")).expect("read");
    let archive = run(&[
        &"archive",
        &plan,
        &"-o",
        &plan.join("plan.toml"),
        &"--allow-draft",
    ]);
    assert_eq!(archive.code, 1, "{}", archive.stderr);
    assert_contains(&archive.stderr, "inputs");
    assert_eq!(fs::read(plan.join("plan.toml")).expect("read"), before);
}

#[test]
fn two_builds_into_one_folder_at_once_both_succeed() {
    let (tmp, plan) = example_copy();
    let out = tmp.path().join("public");
    for round in 0..6 {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let (plan, out) = (plan.clone(), out.clone());
                thread::spawn(move || run(&[&"build", &plan, &"-o", &out]))
            })
            .collect();
        for r in runs {
            let r = r.join().expect("joins");
            assert_eq!(r.code, 0, "round {round}: {}", r.stderr);
        }
    }
    let beside = fs::read_dir(tmp.path()).expect("list").count();
    assert_eq!(beside, 2, "only plan/ and public/");
}

#[test]
fn errors_name_the_users_paths_not_temporary_ones() {
    let (tmp, plan) = example_copy();
    let out = tmp.path().join("public");
    assert_eq!(run(&[&"build", &plan, &"-o", &out]).code, 0);
    // The user puts a folder of their own where the site has a file.
    fs::remove_file(out.join("schedule.ics")).expect("remove");
    fs::create_dir_all(out.join("schedule.ics")).expect("mkdir");
    fs::write(out.join("schedule.ics/mine.txt"), "mine").expect("write");
    let build = run(&[&"build", &plan, &"-o", &out]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_contains(&build.stderr, "public/schedule.ics");
    assert!(
        !build.stderr.contains(".new-") && !build.stderr.contains(".waveplan-"),
        "{}",
        build.stderr
    );
    assert!(out.join("schedule.ics/mine.txt").is_file());
}

#[test]
fn init_where_workloads_is_a_file_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("plan");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("workloads"), "not a folder").expect("write");
    let init = run(&[&"init", &dir]);
    assert_eq!(init.code, 1, "{}", init.stderr);
    assert_contains(&init.stderr, "workloads");
    let left: Vec<_> = fs::read_dir(&dir).expect("list").collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn check_rejects_a_static_folder_where_a_page_goes() {
    let (_tmp, plan) = example_copy();
    fs::create_dir_all(plan.join("static/index.html")).expect("mkdir");
    fs::write(plan.join("static/index.html/x.css"), "a {}").expect("write");
    let check = run(&[&"check", &plan]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_contains(&check.stderr, "static/index.html/x.css");
    let build = run(&[&"build", &plan]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_contains(&build.stderr, "E-static-path");
}

// ---------------------------------------------------------------------------------------------
// Diagnostics.

#[test]
fn control_characters_in_a_plan_never_reach_the_terminal() {
    let (_tmp, plan) = example_copy();
    append(
        &plan.join("plan.toml"),
        "\n[plan_typo] # \u{1b}]0;owned\u{7}\u{1b}[2J\n\"\\u001b[31mred\" = 1\n",
    );
    let check = run(&[&"check", &plan]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        !check.stderr.contains('\u{1b}') && !check.stderr.contains('\u{7}'),
        "{:?}",
        check.stderr
    );
    assert!(check.stderr.contains("\\u{1b}]0;owned"), "{}", check.stderr);
}

#[test]
fn a_long_line_is_quoted_in_part() {
    let (_tmp, plan) = example_copy();
    // The line with the error is the long one.
    let long = "a".repeat(20 << 20);
    append(
        &plan.join("plan.toml"),
        &format!("\n[plan_typo] # {long}\n"),
    );
    let check = run(&[&"check", &plan]);
    assert_eq!(
        check.code,
        1,
        "{}",
        &check.stderr[..check.stderr.len().min(2000)]
    );
    assert!(
        check.stderr.len() < 4096,
        "{} bytes of report",
        check.stderr.len()
    );
}

#[test]
fn a_key_of_a_hundred_parts_points_at_its_line() {
    let (_tmp, plan) = example_copy();
    let text = fs::read_to_string(plan.join("plan.toml")).expect("read");
    let line = text.lines().count() + 3;
    let key: Vec<String> = (0..100).map(|i| format!("k{i}")).collect();
    append(
        &plan.join("plan.toml"),
        &format!("\n[plan_extra]\n{} = 1\n", key.join(".")),
    );
    let check = run(&[&"check", &plan]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(&format!("plan.toml:{line}:1")),
        "line {line}:\n{}",
        check.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Crafted archives.

fn example_archive() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let (tmp, plan) = example_copy();
    let file = tmp.path().join("plan.tar.gz");
    let archive = run(&[&"archive", &plan, &"-o", &file, &"--allow-draft"]);
    assert_eq!(archive.code, 0, "{}", archive.stderr);
    let bytes = fs::read(&file).expect("read");
    (tmp, file, bytes)
}

/// (path, mode, data) of every entry; folders have no data.
type Entry = (String, u32, Option<Vec<u8>>);

fn entries(bytes: &[u8]) -> Vec<Entry> {
    let mut tar_bytes = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut tar_bytes)
        .expect("gunzip");
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    let mut out = Vec::new();
    for entry in archive.entries().expect("entries") {
        let mut entry = entry.expect("entry");
        let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let mode = entry.header().mode().expect("mode");
        if entry.header().entry_type().is_dir() {
            out.push((path, mode, None));
        } else {
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("data");
            out.push((path, mode, Some(data)));
        }
    }
    out
}

fn pack(entries: &[Entry]) -> Vec<u8> {
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    for (path, mode, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_mode(*mode);
        header.set_mtime(946_684_800);
        match data {
            Some(bytes) => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_size(bytes.len() as u64);
                builder
                    .append_data(&mut header, path, bytes.as_slice())
                    .expect("append");
            }
            None => {
                header.set_entry_type(tar::EntryType::Directory);
                header.set_size(0);
                builder
                    .append_data(&mut header, path, std::io::empty())
                    .expect("append");
            }
        }
    }
    builder.into_inner().expect("tar").finish().expect("gzip")
}

fn verify(tmp: &Path, bytes: &[u8], env: &[(&str, &str)], limit: Duration) -> Run {
    let file = tmp.join("crafted.tar.gz");
    fs::write(&file, bytes).expect("write");
    let r = run_env(&[&"verify", &file], env, limit);
    Run {
        stdout: format!("{}{}", r.stdout, r.stderr),
        ..r
    }
}

#[test]
fn verify_ends_a_rebuild_that_runs_past_its_budget() {
    let (tmp, _, bytes) = example_archive();
    let mut all = entries(&bytes);
    let top = all[0].0.trim_end_matches('/').to_string();
    all.push((format!("{top}/source/templates/"), 0o755, None));
    let loops = "{% for a in range(end=3000) %}{% for b in range(end=3000) %}{% for c in range(end=3000) %}{% set x = c %}{% endfor %}{% endfor %}{% endfor %}";
    all.push((
        format!("{top}/source/templates/index.html"),
        0o644,
        Some(loops.as_bytes().to_vec()),
    ));
    let started = Instant::now();
    let v = verify(
        tmp.path(),
        &pack(&all),
        &[("WAVEPLAN_VERIFY_SECONDS", "3")],
        Duration::from_secs(40),
    );
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert_contains(&v.stdout, "did not finish within");
    assert!(started.elapsed() < Duration::from_secs(40));
}

#[test]
fn build_stops_a_template_that_writes_without_end() {
    if foreign_binary() {
        return; // without the budget this takes all the memory there is
    }
    let (_tmp, plan) = example_copy();
    fs::create_dir_all(plan.join("templates")).expect("mkdir");
    let body = "x".repeat(1024);
    fs::write(
        plan.join("templates/index.html"),
        format!("{{% for a in range(end=3000) %}}{{% for b in range(end=3000) %}}{{% for c in range(end=3000) %}}{body}{{% endfor %}}{{% endfor %}}{{% endfor %}}"),
    )
    .expect("write");
    let build = run_env(&[&"build", &plan], &[], Duration::from_secs(60));
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_contains(&build.stderr, "ran past its budget");
    assert_contains(&build.stderr, "templates/index.html");
}

#[test]
fn verify_refuses_a_huge_entry_by_its_header() {
    if foreign_binary() {
        return; // without the header check this takes gigabytes of memory
    }
    let (tmp, _, bytes) = example_archive();
    let top = entries(&bytes)[0].0.trim_end_matches('/').to_string();
    // 1.9 GB of zeros, compressed as it is written (a few MB on disk).
    let size: u64 = 1_900_000_000;
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_mode(0o644);
    header.set_size(size);
    builder
        .append_data(
            &mut header,
            format!("{top}/site/assets/zero.bin"),
            std::io::repeat(0).take(size),
        )
        .expect("append");
    let crafted = builder.into_inner().expect("tar").finish().expect("gzip");
    let v = verify(tmp.path(), &crafted, &[], WAIT);
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert_contains(&v.stdout, "by its tar header");
}

#[test]
fn verify_fails_trailing_data_after_the_gzip_stream() {
    let (tmp, _, mut bytes) = example_archive();
    bytes.extend_from_slice(b"appended after the archive");
    let v = verify(tmp.path(), &bytes, &[], WAIT);
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert_contains(&v.stdout, "trailing data");
}

#[test]
fn verify_fails_a_second_gzip_member() {
    let (tmp, _, mut bytes) = example_archive();
    let top = entries(&bytes)[0].0.trim_end_matches('/').to_string();
    let extra = pack(&[(
        format!("{top}/site/extra.html"),
        0o644,
        Some(b"<p>slipped in</p>".to_vec()),
    )]);
    bytes.extend_from_slice(&extra);
    let v = verify(tmp.path(), &bytes, &[], WAIT);
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert_contains(&v.stdout, "second gzip member");
}

#[test]
fn verify_fails_modes_other_than_0644_and_0755() {
    let (tmp, _, bytes) = example_archive();
    for mode in [0o4755, 0o666, 0o777] {
        let mut all = entries(&bytes);
        let file = all
            .iter_mut()
            .find(|(path, _, data)| data.is_some() && path.ends_with("/site/index.html"))
            .expect("the dashboard");
        file.1 = mode;
        let v = verify(tmp.path(), &pack(&all), &[], WAIT);
        assert_eq!(v.code, 1, "mode {mode:o}: {}", v.stdout);
        assert_contains(&v.stdout, &format!("mode {mode:04o}"));
    }
}

// ---------------------------------------------------------------------------------------------
// serve.

#[test]
fn serve_follows_its_folder_when_it_is_replaced() {
    let (tmp, plan) = example_copy();
    let serve = Serve::start_with(&binary(), &plan);
    let at = serve.count();
    fs::rename(&plan, tmp.path().join("plan.old")).expect("move away");
    serve.wait_for(|l| l.contains("went away"), at);
    assert_eq!(serve.get("/").status, 200, "the last site is still served");
    copy_dir(&tmp.path().join("plan.old"), &plan);
    serve.wait_for(|l| l.contains(" is back -> "), at);
    let at = serve.count();
    append(&plan.join("workloads/ad.md"), "\nFOLLOWED-AGAIN-MARKER\n");
    serve.wait_for(|l| l.starts_with("changed workloads/ad.md"), at);
    let reply = serve.get("/workloads/ad/");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("FOLLOWED-AGAIN-MARKER"));
}

#[cfg(unix)]
#[test]
fn serve_never_blocks_on_a_fifo() {
    let (_tmp, plan) = example_copy();
    let serve = Serve::start_with(&binary(), &plan);
    let at = serve.count();
    let made = Command::new("mkfifo")
        .arg(plan.join("workloads/new.md"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    serve.wait_for(|l| l.contains("workloads/new.md"), at);
    // The rebuild thread is free: the next save is built.
    fs::remove_file(plan.join("workloads/new.md")).expect("remove");
    let at = serve.count();
    append(&plan.join("plan.toml"), "\n# saved again\n");
    serve.wait_for(|l| l.contains("-> full build") && l.contains(": ok"), at);
}

#[test]
fn serve_answers_414_to_a_long_request_line() {
    let (_tmp, plan) = example_copy();
    let serve = Serve::start_with(&binary(), &plan);
    assert_eq!(serve.get(&format!("/{}", "a".repeat(20_000))).status, 414);
    // A request line that never ends is answered after 8 KiB, not read whole.
    let mut stream = connect(serve.port);
    let chunk = vec![b'a'; 64 << 10];
    let _ = stream.write_all(b"GET /");
    for _ in 0..16 {
        if stream.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    assert!(
        reply.starts_with(b"HTTP/1.1 414"),
        "{:?}",
        String::from_utf8_lossy(&reply[..reply.len().min(200)])
    );
    assert_eq!(serve.get("/").status, 200);
}
