//! `waveplan import`: discovery exports (RVTools, a plain server list, Azure Migrate
//! dependency analysis) into a plan (spec section 12).
//!
//! Sources are read whole and checked first ([`rvtools`], [`servers`], [`dependencies`]); any
//! error stops the import before a file is written. Then servers become workloads
//! ([`grouping`], with [`ids`], [`environments`] and [`sizes`]), connections become
//! dependencies ([`links`]), and the result is written as a new plan folder or merged into an
//! existing plan.toml keeping its comments and formatting ([`merge`]). [`report`] says what
//! happened, as text or JSON.

use crate::diagnostics::Diagnostic;
use crate::inputs::PLAN_FILE;
use crate::model::{Criticality, Sensitivity};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod dependencies;
mod environments;
mod grouping;
mod ids;
mod links;
mod merge;
mod notes;
pub mod report;
mod rvtools;
mod servers;
mod sizes;
mod table;

pub use report::Report;

/// An import error: one diagnostic, boxed (errors stop an import at the first problem of
/// each source).
pub(crate) type ImportFailure = Box<Diagnostic>;

/// What to import and where to.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub rvtools: Option<PathBuf>,
    pub servers: Option<PathBuf>,
    pub dependencies: Vec<PathBuf>,
    pub group_by: Option<String>,
    pub env_by: Option<String>,
    pub owner_by: Option<String>,
    /// Server pairs seen in fewer connection rows are ignored (at least 1).
    pub min_count: u32,
    pub include_powered_off: bool,
    pub target: ImportTarget,
}

#[derive(Debug, Clone)]
pub enum ImportTarget {
    /// `-o DIR`: a new plan folder.
    New {
        dir: PathBuf,
        start: Date,
        network: NewNetwork,
    },
    /// `--into DIR`: merge into an existing plan.
    Into { dir: PathBuf },
}

impl Default for ImportTarget {
    fn default() -> Self {
        ImportTarget::Into {
            dir: PathBuf::from("."),
        }
    }
}

/// The `[network]` bandwidths of a new plan (Mbps); absent ones are not written.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewNetwork {
    pub expressroute_mbps: Option<f64>,
    pub vpn_mbps: Option<f64>,
    pub internet_mbps: Option<f64>,
}

/// Why a VM is not imported; the first that applies counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Skip {
    Template,
    SrmPlaceholder,
    PoweredOff,
}

impl Skip {
    /// `2 templates`, `1 SRM placeholder`, `3 powered off`.
    pub fn count(self, n: usize) -> String {
        match self {
            Skip::Template => crate::diagnostics::plural(n, "template"),
            Skip::SrmPlaceholder => crate::diagnostics::plural(n, "SRM placeholder"),
            Skip::PoweredOff => format!("{n} powered off"),
        }
    }
}

/// One server of the inventory, from RVTools, from `--servers`, or both joined.
#[derive(Debug, Clone, Default)]
pub(crate) struct Server {
    pub name: String,
    /// The first DNS label, lowercased: how servers match across sources.
    pub key: String,
    /// The columns that `--group-by`, `--env-by` and `--owner-by` (or `owner`) may name,
    /// by normalized header; empty values are absent.
    pub attrs: BTreeMap<String, String>,
    pub skip: Option<Skip>,
    /// `Powerstate` is `poweredOff` (skipped unless `--include-powered-off`).
    pub powered_off: bool,
    /// In-use storage, decimal GB.
    pub in_use_gb: f64,
    /// Provisioned storage, decimal GB (RVTools only).
    pub provisioned_gb: Option<f64>,
    pub os: Option<String>,
    pub cpus: Option<f64>,
    pub memory_mib: Option<f64>,
    /// From `--servers`.
    pub workload: Option<String>,
    pub environment: Option<String>,
    pub business_unit: Option<String>,
    pub criticality: Option<Criticality>,
    pub sensitivity: Option<Sensitivity>,
}

/// The first DNS label, lowercased: `WEB01.contoso.local` is `web01`.
pub(crate) fn server_key(name: &str) -> String {
    name.trim()
        .split('.')
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// The normalized column names the readers keep per server.
pub(crate) struct Wanted {
    pub group_by: Option<String>,
    pub env_by: Option<String>,
    pub owner: String,
}

impl Wanted {
    fn new(options: &ImportOptions) -> Self {
        Wanted {
            group_by: options.group_by.as_deref().map(table::normalize),
            env_by: options.env_by.as_deref().map(table::normalize),
            owner: options
                .owner_by
                .as_deref()
                .map_or_else(|| "owner".to_string(), table::normalize),
        }
    }
    fn columns(&self) -> Vec<&str> {
        let mut columns: Vec<&str> = [&self.group_by, &self.env_by]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        columns.push(&self.owner);
        columns
    }
}

/// Reads a source file through the inputs reader (a regular file, at most `cap` bytes, never
/// a FIFO or device); a missing or unreadable file is an error naming it.
fn read_source(path: &Path, cap: u64) -> Result<Vec<u8>, ImportFailure> {
    let shown = path.display().to_string();
    let fail = |message: String, help: &str| {
        Box::new(
            Diagnostic::error("E-import-file", message)
                .in_file(&shown)
                .help(help),
        )
    };
    let real = std::fs::canonicalize(path).map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            fail(
                format!("{shown} does not exist"),
                "check the path of the export",
            )
        } else {
            fail(
                format!("cannot read {shown}: {err}"),
                "check the path of the export",
            )
        }
    })?;
    let (Some(folder), Some(name)) = (real.parent(), real.file_name().and_then(|n| n.to_str()))
    else {
        return Err(fail(
            format!("{shown} is not a file"),
            "name the exported file itself",
        ));
    };
    crate::inputs::read_regular_file(folder, name, cap).map_err(|err| {
        fail(
            format!("{shown}: {err}"),
            "name the exported file itself: a regular file (no pipe or device) of a sane size",
        )
    })
}

/// The plan and notes an import writes, with its report.
pub struct ImportOutcome {
    pub report: Report,
    /// Files to write, relative to the plan folder, in order.
    pub files: Vec<(String, Vec<u8>)>,
    pub dir: PathBuf,
}

/// Reads every source and computes what to write; nothing is written here. Every error
/// found is returned.
pub fn prepare(options: &ImportOptions) -> Result<ImportOutcome, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    // The target first: `-o` onto a plan, or `--into` a folder without one, stops at once.
    let existing = match &options.target {
        ImportTarget::New { dir, .. } => {
            if dir.join(PLAN_FILE).exists() {
                return Err(vec![
                    Diagnostic::error(
                        "E-import-exists",
                        format!(
                            "{} already holds a plan; -o writes a new plan folder",
                            dir.display()
                        ),
                    )
                    .in_file(&dir.join(PLAN_FILE).display().to_string())
                    .help(format!(
                        "merge into it with `--into {}`, or choose a new folder",
                        dir.display()
                    )),
                ]);
            }
            None
        }
        ImportTarget::Into { dir } => match merge::Existing::read(dir) {
            Ok(existing) => Some(existing),
            Err(d) => return Err(vec![*d]),
        },
    };

    let wanted = Wanted::new(options);
    let mut inventory = servers::Inventory::default();
    if let Some(path) = &options.rvtools {
        match read_source(path, crate::inputs::EXPORT_CAP)
            .and_then(|bytes| rvtools::read(path, &bytes, &wanted))
        {
            Ok(vms) => inventory.add_rvtools(path.display().to_string(), vms),
            Err(d) => errors.push(*d),
        }
    }
    if let Some(path) = &options.servers {
        match read_source(path, crate::inputs::EXPORT_CAP)
            .and_then(|bytes| servers::read(path, &bytes, &wanted))
        {
            Ok(rows) => inventory.add_servers(path.display().to_string(), rows),
            Err(d) => errors.push(*d),
        }
    }
    let mut connections = Vec::new();
    let mut connection_files = Vec::new();
    for path in &options.dependencies {
        match read_source(path, crate::inputs::EXPORT_CAP)
            .and_then(|bytes| dependencies::read(path, &bytes))
        {
            Ok(rows) => {
                connection_files.push((path.display().to_string(), rows.len()));
                connections.extend(rows);
            }
            Err(d) => errors.push(*d),
        }
    }
    if errors.is_empty() {
        for (option, column) in [
            ("--group-by", &options.group_by),
            ("--env-by", &options.env_by),
            ("--owner-by", &options.owner_by),
        ] {
            if let Some(column) = column
                && let Err(d) = inventory.check_column(option, column)
            {
                errors.push(*d);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !options.include_powered_off {
        inventory.skip_powered_off();
    }

    let grouped = grouping::group(&inventory.servers, &wanted);
    let ignored = existing
        .as_ref()
        .map(|e| e.ignore_dependencies.clone())
        .unwrap_or_default();
    let linked = links::link(
        &inventory.servers,
        &grouped,
        &connections,
        options.min_count.max(1),
        &ignored,
    );

    let mut report = Report::new(options, &inventory, &grouped, &linked, connection_files);
    let (dir, mut doc) = match (&options.target, existing) {
        (
            ImportTarget::New {
                dir,
                start,
                network,
            },
            _,
        ) => (dir.clone(), merge::new_document(*start, network)),
        (ImportTarget::Into { dir }, Some(existing)) => (dir.clone(), existing.doc),
        (ImportTarget::Into { dir }, None) => (dir.clone(), toml_edit::DocumentMut::new()),
    };
    let before = doc.to_string();
    let merged = merge::apply(&mut doc, &grouped, &linked).map_err(|d| vec![*d])?;
    report.merged(&merged, &grouped);
    let mut files = Vec::new();
    let after = doc.to_string();
    if after != before || matches!(options.target, ImportTarget::New { .. }) {
        files.push((PLAN_FILE.to_string(), after.into_bytes()));
    }
    for index in &merged.created {
        let path = format!("workloads/{}.md", grouped.workloads[*index].id);
        if dir.join(&path).exists() {
            report.notes_kept.push(path);
            continue;
        }
        let text = notes::note(
            *index,
            &grouped,
            &inventory.servers,
            &linked,
            !options.dependencies.is_empty(),
        );
        files.push((path, text.into_bytes()));
    }
    report.written = files.iter().map(|(path, _)| path.clone()).collect();
    Ok(ImportOutcome { report, files, dir })
}

/// Writes the files of an outcome: plan.toml last and by rename, so a failure leaves the plan
/// as it was.
pub fn write(outcome: &ImportOutcome) -> Result<(), ImportFailure> {
    let fail = |path: &Path, err: std::io::Error| {
        Diagnostic::error(
            "E-import-write",
            format!("cannot write {}: {err}", path.display()),
        )
        .in_file(&path.display().to_string())
    };
    std::fs::create_dir_all(&outcome.dir).map_err(|e| fail(&outcome.dir, e))?;
    let (plan, others): (Vec<_>, Vec<_>) = outcome
        .files
        .iter()
        .partition(|(path, _)| path == PLAN_FILE);
    for (path, bytes) in others {
        let target = outcome.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| fail(&target, e))?;
    }
    for (path, bytes) in plan {
        let target = outcome.dir.join(path);
        let temporary = outcome.dir.join(format!(".{path}.import-tmp"));
        std::fs::write(&temporary, bytes).map_err(|e| fail(&temporary, e))?;
        std::fs::rename(&temporary, &target).map_err(|e| fail(&target, e))?;
    }
    Ok(())
}
