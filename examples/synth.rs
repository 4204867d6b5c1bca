//! Writes a synthetic plan folder: `cargo run --release --example synth -- N DIR`.
//! N workloads, each with a note of about 2.5 KB in `workloads/<id>.md`.

mod common;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: synth N DIR";
    let n: usize = args.next().ok_or(usage)?.parse()?;
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    std::fs::create_dir_all(dir.join("workloads"))?;
    std::fs::write(dir.join("plan.toml"), common::plan_toml(n))?;
    for i in 0..n {
        std::fs::write(
            dir.join("workloads").join(format!("w{i:06}.md")),
            common::note(i),
        )?;
    }
    eprintln!("wrote {} with {n} workloads", dir.display());
    Ok(())
}
