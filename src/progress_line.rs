//! The progress line of a long build: the library counts what it has done ([`BuildProgress`],
//! shared by every thread that renders), and a command shows it on a terminal while the work
//! runs ([`show_while`]): `rendering pages 4,200/20,102`, overwritten in place, cleared at the
//! end. Nothing shows for a build that ends within a second, when stderr is not a terminal,
//! or with `--quiet`; nothing of it reaches an output file.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// How long a build runs before its progress shows.
pub const DELAY: Duration = Duration::from_secs(1);

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(100);

/// Pages made of pages to make. `total` is 0 until the pages are known.
#[derive(Debug, Default)]
pub struct BuildProgress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl BuildProgress {
    /// `total` pages are to be made.
    pub fn expect(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// One more page made.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// The line as it reads now: `planning` before the pages are known, then
    /// `rendering pages 4,200/20,102`.
    pub fn line(&self) -> String {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return "planning".into();
        }
        let done = self.done.load(Ordering::Relaxed).min(total);
        if done == total {
            return format!("finishing ({} pages)", grouped(total));
        }
        format!("rendering pages {}/{}", grouped(done), grouped(total))
    }
}

/// `20102` as `20,102`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a command shows progress: on a terminal, unless `--quiet`.
pub fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// Runs `work`; if `show` and it takes longer than [`DELAY`], draws `progress` on stderr
/// until it ends, then clears the line, so what the command prints next starts clean.
pub fn show_while<T>(progress: &BuildProgress, show: bool, work: impl FnOnce() -> T) -> T {
    if !show {
        return work();
    }
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || draw_until(progress, &stopped));
        let out = work();
        drop(stop);
        out
    })
}

/// Draws the line every [`EVERY`] from [`DELAY`] on, until `stopped` disconnects.
fn draw_until(progress: &BuildProgress, stopped: &mpsc::Receiver<()>) {
    if stopped.recv_timeout(DELAY) != Err(mpsc::RecvTimeoutError::Timeout) {
        return;
    }
    let mut err = std::io::stderr();
    loop {
        // `\r` back to the start of the line, `ESC [K` clears what was there.
        let _ = write!(err, "\r\x1b[K{}", progress.line());
        let _ = err.flush();
        if stopped.recv_timeout(EVERY) != Err(mpsc::RecvTimeoutError::Timeout) {
            break;
        }
    }
    let _ = write!(err, "\r\x1b[K");
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_pages() {
        let p = BuildProgress::default();
        assert_eq!(p.line(), "planning");
        p.expect(20_102);
        for _ in 0..4_200 {
            p.tick();
        }
        assert_eq!(p.line(), "rendering pages 4,200/20,102");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn work_runs_whether_shown_or_not() {
        let p = BuildProgress::default();
        assert_eq!(show_while(&p, false, || 7), 7);
        // Shown, but done within the delay: nothing is drawn.
        assert_eq!(show_while(&p, true, || 8), 8);
        p.expect(2);
        p.tick();
        p.tick();
        p.tick();
        assert_eq!(p.line(), "finishing (2 pages)");
    }
}
