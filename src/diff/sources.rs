//! Where the two sides of a diff come from: a plan folder, a waveplan archive (its `source/`)
//! or `git:REV` (a plan folder as committed at REV, read through the `git` command).

use crate::inputs::{self, Inputs};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One side of a diff, as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Folder(PathBuf),
    /// A `.tar.gz` made by `waveplan archive`.
    Archive(PathBuf),
    /// The plan folder `dir` as committed at `rev`.
    Git {
        rev: String,
        dir: PathBuf,
    },
}

/// Why a side cannot be read: always bad usage (exit 2), with a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError(pub String);

impl Source {
    /// Reads a command-line argument. `git:REV` is the plan folder `git_dir` (NEW, or the
    /// current folder) at REV; anything else must exist.
    pub fn parse(arg: &str, git_dir: &Path) -> Result<Source, SourceError> {
        if let Some(rev) = arg.strip_prefix("git:") {
            if rev.is_empty() {
                return Err(SourceError(format!(
                    "`{arg}` names no revision; write e.g. git:HEAD~1 or git:v2.0"
                )));
            }
            if !git_dir.is_dir() {
                return Err(SourceError(format!(
                    "`{arg}` reads the NEW plan folder as committed at {rev}, but {} is not a folder",
                    git_dir.display()
                )));
            }
            return Ok(Source::Git {
                rev: rev.to_string(),
                dir: git_dir.to_path_buf(),
            });
        }
        let path = PathBuf::from(arg);
        if path.is_dir() {
            Ok(Source::Folder(path))
        } else if path.is_file() {
            Ok(Source::Archive(path))
        } else {
            Err(SourceError(format!(
                "{arg} does not exist (expected a plan folder, a waveplan archive or git:REV)"
            )))
        }
    }

    /// How the side is named in reports.
    pub fn label(&self) -> String {
        match self {
            Source::Folder(path) | Source::Archive(path) => path.display().to_string(),
            Source::Git { rev, .. } => format!("git:{rev}"),
        }
    }

    /// The plan's files, as a build reads them.
    pub fn read(&self) -> Result<Inputs, ReadError> {
        match self {
            Source::Folder(dir) => inputs::read_dir(dir).map_err(ReadError::Plan),
            Source::Archive(file) => read_archive(file).map_err(ReadError::Source),
            Source::Git { rev, dir } => read_git(dir, rev).map_err(ReadError::Source),
        }
    }
}

/// A side that could not be read: the source itself (bad usage), or a plan folder whose
/// files could not be read (plan errors).
#[derive(Debug, Clone)]
pub enum ReadError {
    Source(SourceError),
    Plan(Vec<crate::diagnostics::Diagnostic>),
}

fn read_archive(file: &Path) -> Result<Inputs, SourceError> {
    let bytes = crate::archive::read_archive_file(file)
        .map_err(|e| SourceError(format!("cannot read {}: {e}", file.display())))?;
    let contents = crate::archive::read_checked(&bytes).map_err(|failures| {
        let listed: Vec<String> = failures.iter().take(3).map(ToString::to_string).collect();
        SourceError(format!(
            "{} is not an intact waveplan archive: {}{}",
            file.display(),
            listed.join("; "),
            if failures.len() > 3 { "; ..." } else { "" }
        ))
    })?;
    let inputs = crate::archive::source_inputs(&contents.files);
    if inputs.get(inputs::PLAN_FILE).is_none() {
        return Err(SourceError(format!(
            "{} holds no source/{}: is it a waveplan archive?",
            file.display(),
            inputs::PLAN_FILE
        )));
    }
    Ok(inputs)
}

/// Runs `git -C dir ARGS` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, SourceError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            SourceError(format!(
                "cannot run git ({e}): git:REV needs the git command; install git or diff two folders or archives"
            ))
        })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(SourceError(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// The plan folder `dir` as committed at `rev`: the files `inputs::read_dir` would read.
fn read_git(dir: &Path, rev: &str) -> Result<Inputs, SourceError> {
    let commit = format!("{rev}^{{commit}}");
    git(dir, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
        SourceError(format!(
            "git:{rev}: {} is not in a git repository, or it has no revision `{rev}`",
            dir.display()
        ))
    })?;
    // Paths relative to `dir`, limited to it.
    let listing = git(dir, &["ls-tree", "-r", "-z", "--name-only", rev])?;
    let mut inputs = Inputs::default();
    for path in listing.split(|&b| b == 0).filter(|p| !p.is_empty()) {
        let Ok(path) = std::str::from_utf8(path) else {
            continue; // read_dir reports such names; a past revision is read as it is
        };
        if !inputs::is_input_path(path) {
            continue;
        }
        let bytes = git(dir, &["show", &format!("{rev}:./{path}")])?;
        inputs.insert(path, bytes);
    }
    let baseline = inputs
        .get(inputs::PLAN_FILE)
        .and_then(inputs::baseline_path);
    if let Some(rel) = baseline.filter(|rel| inputs.get(rel).is_none())
        && let Ok(bytes) = git(dir, &["show", &format!("{rev}:./{rel}")])
    {
        inputs.insert(rel, bytes);
    }
    if inputs.get(inputs::PLAN_FILE).is_none() {
        return Err(SourceError(format!(
            "git:{rev}: {} held no {} at that revision",
            dir.display(),
            inputs::PLAN_FILE
        )));
    }
    Ok(inputs)
}
