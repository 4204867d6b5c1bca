//! `waveplan serve`: the live preview, built and served from memory.

use crate::report::Exit;
use std::io::Write;
use std::path::Path;

/// `waveplan serve [DIR] [--bind IP] [--port N]`. Runs until the process is stopped (Ctrl-C);
/// returns only when the preview cannot start or the file watcher ends.
pub fn serve(dir: &Path, bind: std::net::IpAddr, port: u16, err: &mut dyn Write) -> Exit {
    if !dir.is_dir() {
        let _ = writeln!(err, "error: {} is not a folder", dir.display());
        return Exit::Usage;
    }
    let options = crate::serve::Options {
        dir: dir.to_path_buf(),
        bind,
        port,
    };
    match crate::serve::run(&options, err) {
        Ok(never) => match never {},
        Err(why) => {
            let _ = writeln!(err, "error: {why}");
            Exit::Failed
        }
    }
}
