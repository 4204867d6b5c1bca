//! Times the phases of a build: `cargo run --release --example build_phases -- DIR OUT`.
//! Prints the peak resident set after each phase (VmHWM): reading, loading and planning,
//! and rendering the site into the output folder as `waveplan build` does (pages streamed
//! into the folder's staging, then moved into place).

use std::path::Path;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: build_phases DIR OUT");
    let out = args.next().expect("usage: build_phases DIR OUT");
    let t = Instant::now();
    let inputs = waveplan::inputs::read_dir(Path::new(&dir)).expect("readable plan");
    let read = t.elapsed();
    println!("read {read:?}, peak RSS {} MiB", peak_rss_kib() / 1024);
    let t = Instant::now();
    drop(waveplan::build::plan(&inputs).expect("valid plan"));
    let plan = t.elapsed();
    println!("load+plan {plan:?}, peak RSS {} MiB", peak_rss_kib() / 1024);
    let t = Instant::now();
    let staging =
        waveplan::output::Staging::open(Path::new(&out), Path::new(&dir), &mut std::io::stderr())
            .expect("writable");
    let built = waveplan::build::build_into(&inputs, &staging).expect("valid plan");
    let build = t.elapsed();
    println!(
        "build (load+plan+render+stage) {build:?}, peak RSS {} MiB",
        peak_rss_kib() / 1024
    );
    let t = Instant::now();
    staging.commit(&built.site).expect("writable");
    let commit = t.elapsed();
    println!(
        "commit {commit:?}, peak RSS {} MiB; {} files",
        peak_rss_kib() / 1024,
        built.site.len()
    );
}

/// The process's peak resident set (VmHWM), in KiB; 0 where /proc is missing.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
