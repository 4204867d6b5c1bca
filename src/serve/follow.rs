//! Following the plan folder by its name: when the folder is deleted, or moved away and
//! replaced (`mv plan plan.old; cp -r base plan`), the watch on the old folder says nothing
//! more. serve looks at the name every [`LOOK_EVERY`] and says when the folder went away and
//! when a folder is there again, so it can watch and build the new one.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// How often serve looks whether its folder is still the one it watches.
pub const LOOK_EVERY: Duration = Duration::from_millis(500);

/// What became of the folder since the last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The same folder as before (or still gone).
    Same,
    /// No folder by that name any more.
    Gone,
    /// A folder by that name again, not the one watched before.
    Back,
}

pub struct Follow {
    path: PathBuf,
    identity: Option<(u64, u64)>,
}

/// Device and inode: what tells a folder from another one of the same name.
fn identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

impl Follow {
    pub fn new(path: &Path) -> Follow {
        Follow {
            path: path.to_path_buf(),
            identity: identity(path),
        }
    }

    pub fn look(&mut self) -> Seen {
        let now = identity(&self.path);
        if now == self.identity {
            return Seen::Same;
        }
        self.identity = now;
        if now.is_some() {
            Seen::Back
        } else {
            Seen::Gone
        }
    }

    /// Forgets the folder, so that the next look sees it as back (to retry watching it).
    pub fn forget(&mut self) {
        self.identity = None;
    }

    /// Whether the folder is there now (as of the last look).
    pub fn present(&self) -> bool {
        self.identity.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_replaced_under_its_name_is_seen() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = tmp.path().join("plan");
        std::fs::create_dir(&plan).unwrap();
        let mut follow = Follow::new(&plan);
        assert_eq!(follow.look(), Seen::Same);
        std::fs::rename(&plan, tmp.path().join("plan.old")).unwrap();
        assert_eq!(follow.look(), Seen::Gone);
        assert_eq!(follow.look(), Seen::Same);
        assert!(!follow.present());
        std::fs::create_dir(&plan).unwrap();
        assert_eq!(follow.look(), Seen::Back);
        assert!(follow.present());
    }
}
