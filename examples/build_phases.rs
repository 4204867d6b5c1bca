//! Times the phases of a build: `cargo run --release --example build_phases -- DIR OUT`.

use std::path::Path;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: build_phases DIR OUT");
    let out = args.next().expect("usage: build_phases DIR OUT");
    let t = Instant::now();
    let inputs = waveplan::inputs::read_dir(Path::new(&dir)).expect("readable plan");
    let read = t.elapsed();
    let t = Instant::now();
    waveplan::build::plan(&inputs).expect("valid plan");
    let plan = t.elapsed();
    let t = Instant::now();
    let built = waveplan::build::build(&inputs).expect("valid plan");
    let build = t.elapsed();
    let t = Instant::now();
    waveplan::output::write_site(
        &built.site,
        Path::new(&out),
        Path::new(&dir),
        &mut std::io::stderr(),
    )
    .expect("writable");
    let write = t.elapsed();
    let bytes: usize = built.site.files.values().map(Vec::len).sum();
    println!("peak RSS {} MiB", peak_rss_kib() / 1024);
    println!(
        "read {:?}, load+plan {:?}, build (load+plan+render) {:?}, write {:?}; {} files, {} MB",
        read,
        plan,
        build,
        write,
        built.site.files.len(),
        bytes / 1_000_000
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
