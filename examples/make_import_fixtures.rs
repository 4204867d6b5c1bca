//! Writes the import fixtures into `tests/fixtures/import/`, or with `--scale DIR [VMS ROWS]`
//! a large RVTools workbook and dependency export for the benchmark (default 5,000 VMs and
//! 200,000 connection rows):
//!
//! ```sh
//! cargo run --example make_import_fixtures
//! cargo run --release --example make_import_fixtures -- --scale /tmp/scale
//! ```

#[path = "../tests/common/import_fixtures.rs"]
mod import_fixtures;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--scale") {
        let dir = PathBuf::from(args.get(1).ok_or("--scale needs a folder")?);
        let vms = args.get(2).map_or(Ok(5_000), |n| n.parse())?;
        let rows = args.get(3).map_or(Ok(200_000), |n| n.parse())?;
        let (book, csv) = import_fixtures::scale(vms, rows)?;
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("rvtools.xlsx"), book)?;
        std::fs::write(dir.join("dependencies.csv"), csv)?;
        println!(
            "wrote {vms} VMs and {rows} connection rows into {}",
            dir.display()
        );
        return Ok(());
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    std::fs::create_dir_all(&dir)?;
    let files = [
        (
            "rvtools.xlsx",
            import_fixtures::workbook(&import_fixtures::estate())?,
        ),
        (
            "dependencies.csv",
            import_fixtures::dependencies_csv().into_bytes(),
        ),
        ("servers.csv", import_fixtures::servers_csv().into_bytes()),
        ("vinfo-old.csv", import_fixtures::vinfo_csv().into_bytes()),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes)?;
        println!("wrote {}", dir.join(name).display());
    }
    Ok(())
}
