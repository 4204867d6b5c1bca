//! Files compiled into the binary: the example plans, the templates and the static files.
//! `build.rs` generates the lists, sorted by path.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// A built-in example plan that `waveplan init --example NAME` writes.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub name: &'static str,
    /// What it shows, in a few words (for `init`'s help and its error).
    pub about: &'static str,
    pub files: &'static [(&'static str, &'static [u8])],
}

/// The examples by name; the first is the one `waveplan init DIR` writes.
pub const EXAMPLES: [Example; 2] = [
    Example {
        name: "before-day-one",
        about: "a signed-off plan before its first cutover",
        files: CONTENT,
    },
    Example {
        name: "running",
        about: "the same plan three months in: results, a rollback, calibration",
        files: CONTENT_RUNNING,
    },
];

/// The example of that name.
pub fn example(name: &str) -> Option<Example> {
    EXAMPLES.into_iter().find(|e| e.name == name)
}
