//! The progress line of a long build: the renderer counts the pages it has made in
//! [`PAGES`] (shared by every thread that renders), and a command shows it on a terminal while
//! the work runs ([`show_while`]): `rendering pages 4,200/20,102`, overwritten in place,
//! cleared at the end. Nothing shows for a build that ends within a second, when stderr is not
//! a terminal, or with `--quiet`; nothing of it reaches an output file.
//!
//! The count is process-wide, like stderr it is drawn on: two builds at once in one process
//! (tests) share it, which only changes what a progress line would say, never an output.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// How long a build runs before its progress shows.
pub const DELAY: Duration = Duration::from_secs(1);

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(100);

/// The pages the renderer makes, for the progress line.
pub static PAGES: BuildProgress = BuildProgress::new();

/// Pages made of pages to make. `total` is 0 until the pages are known.
#[derive(Debug, Default)]
pub struct BuildProgress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl BuildProgress {
    pub const fn new() -> Self {
        BuildProgress {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
        }
    }

    /// `total` pages are to be made, none yet (0: not known yet).
    pub fn expect(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
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
    match (show, terminal()) {
        (true, Some(out)) => show_on(progress, out, work),
        _ => work(),
    }
}

/// stderr as a file of its own: the command holds stderr's lock while it builds (its
/// `err`), so the line is drawn through a duplicate of the descriptor.
#[cfg(unix)]
fn terminal() -> Option<std::fs::File> {
    use std::os::fd::AsFd;
    let fd = std::io::stderr().as_fd().try_clone_to_owned().ok()?;
    Some(std::fs::File::from(fd))
}

/// No progress line where stderr cannot be duplicated this way.
#[cfg(not(unix))]
fn terminal() -> Option<std::fs::File> {
    None
}

/// [`show_while`], drawing on `out`.
fn show_on<T>(progress: &BuildProgress, out: impl Write + Send, work: impl FnOnce() -> T) -> T {
    progress.expect(0);
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let drawer = scope.spawn(move || draw_until(progress, &stopped, out));
        let result = work();
        drop(stop);
        // The line is cleared before the caller prints anything.
        let _ = drawer.join();
        result
    })
}

/// Draws the line every [`EVERY`] from [`DELAY`] on, until `stopped` disconnects.
fn draw_until(progress: &BuildProgress, stopped: &mpsc::Receiver<()>, mut out: impl Write) {
    if stopped.recv_timeout(DELAY) != Err(mpsc::RecvTimeoutError::Timeout) {
        return;
    }
    loop {
        // `\r` back to the start of the line, `ESC [K` clears what was there.
        let _ = write!(out, "\r\x1b[K{}", progress.line());
        let _ = out.flush();
        if stopped.recv_timeout(EVERY) != Err(mpsc::RecvTimeoutError::Timeout) {
            break;
        }
    }
    let _ = write!(out, "\r\x1b[K");
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_pages() {
        let p = BuildProgress::new();
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
        let p = BuildProgress::new();
        assert_eq!(show_while(&p, false, || 7), 7);
        // Shown, but done within the delay: nothing is drawn.
        assert_eq!(show_while(&p, true, || 8), 8);
        p.expect(2);
        p.tick();
        p.tick();
        p.tick();
        assert_eq!(p.line(), "finishing (2 pages)");
    }

    #[test]
    fn a_long_build_draws_its_line_in_place_and_clears_it() {
        let p = BuildProgress::new();
        let mut out = Vec::new();
        let quick = show_on(&p, &mut out, || 1);
        assert_eq!((quick, out.len()), (1, 0), "nothing within the delay");
        let done = show_on(&p, &mut out, || {
            p.expect(3);
            p.tick();
            std::thread::sleep(DELAY + EVERY * 3);
            2
        });
        assert_eq!(done, 2);
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("\r\x1b[Krendering pages 1/3"), "{text:?}");
        assert!(text.ends_with("\r\x1b[K"), "cleared: {text:?}");
        assert!(!text.contains('\n'), "one line, overwritten: {text:?}");
    }
}
