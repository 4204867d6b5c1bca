//! Files compiled into the binary: the example plans, the templates and the static files.
//! `build.rs` generates the lists, sorted by path.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// A built-in example plan that `waveplan init --example NAME` writes.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    pub name: &'static str,
    /// What it shows, in a few words (for `init`'s help and its error).
    pub about: &'static str,
    /// Its own files; an example that extends the first keeps the first's other files.
    own: &'static [(&'static str, &'static [u8])],
    extends_first: bool,
    /// Folders of the first example it leaves out (`archives/`: the running example has no
    /// baseline).
    leaves_out: &'static [&'static str],
}

/// The examples by name; the first is the one `waveplan init DIR` writes. The running
/// example (`content-running/`) holds only what differs from the first: its plan.toml, the
/// post-incident review and the lessons learned; the notes, rollback notes and assets are
/// the first example's.
pub const EXAMPLES: [Example; 2] = [
    Example {
        name: "before-day-one",
        about: "a signed-off plan before its first cutover",
        own: CONTENT,
        extends_first: false,
        leaves_out: &[],
    },
    Example {
        name: "running",
        about: "the same plan three months in: results, a rollback, calibration",
        own: CONTENT_RUNNING,
        extends_first: true,
        leaves_out: &["archives/"],
    },
];

impl Example {
    /// Every file of the example, sorted by path.
    pub fn files(&self) -> Vec<(&'static str, &'static [u8])> {
        let mut files: Vec<(&'static str, &'static [u8])> = self.own.to_vec();
        if self.extends_first {
            files.extend(CONTENT.iter().copied().filter(|(path, _)| {
                !self.own.iter().any(|(own, _)| own == path)
                    && !self.leaves_out.iter().any(|dir| path.starts_with(dir))
            }));
        }
        files.sort_by_key(|(path, _)| *path);
        files
    }
}

/// The example of that name.
pub fn example(name: &str) -> Option<Example> {
    EXAMPLES.into_iter().find(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_running_example_is_the_first_with_its_own_files_and_no_archive() {
        let first = EXAMPLES[0].files();
        let running = example("running").expect("running").files();
        fn plan(files: &[(&'static str, &'static [u8])]) -> Option<&'static [u8]> {
            files.iter().find(|f| f.0 == "plan.toml").map(|f| f.1)
        }
        assert_ne!(plan(&first), plan(&running));
        assert!(running.iter().any(|f| f.0 == "pages/pir-hr-payroll.md"));
        assert!(!running.iter().any(|f| f.0.starts_with("archives/")));
        assert!(first.iter().any(|f| f.0.starts_with("archives/")));
        for shared in ["workloads/ad.md", "assets/crm/rollback.ps1"] {
            assert_eq!(
                running.iter().find(|f| f.0 == shared),
                first.iter().find(|f| f.0 == shared),
                "{shared}"
            );
        }
        let mut sorted = running.clone();
        sorted.sort_by_key(|f| f.0);
        assert_eq!(running, sorted);
        assert_eq!(first, CONTENT.to_vec());
        assert!(example("nope").is_none());
    }
}
