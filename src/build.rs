//! A build: plan folder contents in, the site's files out, into a [`Sink`]: a map of output
//! paths to bytes that serve, archive and check consume, or the output folder as the pages
//! are made (`waveplan build`). Nothing here touches the file system.

use crate::diagnostics::{Diagnostic, sort};
use crate::export;
use crate::inputs::Inputs;
use crate::model::Plan;
use crate::planning::{self, Computed};
use crate::site::incremental::Kept;
use crate::site::pages::Rendered;
use crate::site::urls::Export;
use crate::site::{Sink, Site};
use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

/// The outcome of a successful build. `site` holds the files ([`Site`], in memory) or, for a
/// build into a [`Sink`], every path the site has.
pub struct Built<S = Site> {
    pub plan: Plan,
    pub computed: Computed,
    pub site: S,
    /// Warnings from loading and planning, sorted.
    pub warnings: Vec<Diagnostic>,
}

/// Loads and plans: the computed plan with every warning, or every error.
pub fn plan(inputs: &Inputs) -> Result<(Plan, Computed, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (plan, mut warnings) = crate::load::load(inputs)?;
    let computed =
        planning::scenarios::compute_all(&plan, &warnings, || match &plan.meta.baseline {
            None => planning::compute(&plan).map(|mut computed| {
                computed.progress_reference = planning::progress::without_results(&plan);
                computed
            }),
            Some(baseline) => crate::baseline::compute(inputs, &plan, baseline, &warnings),
        });
    let computed = computed.map_err(|mut errors| {
        errors.extend(warnings.iter().cloned());
        sort(&mut errors);
        errors
    })?;
    warnings.extend(computed.diagnostics.iter().cloned());
    sort(&mut warnings);
    Ok((plan, computed, warnings))
}

/// Builds the whole site in memory.
pub fn build(inputs: &Inputs) -> Result<Built, Vec<Diagnostic>> {
    let site = Mutex::new(Site::default());
    let built = build_into(inputs, &site)?;
    Ok(Built {
        plan: built.plan,
        computed: built.computed,
        site: site.into_inner().unwrap_or_else(PoisonError::into_inner),
        warnings: built.warnings,
    })
}

/// Builds the site into `sink`, every file handed over as soon as it is made; `site` is the
/// list of the site's paths.
pub fn build_into(
    inputs: &Inputs,
    sink: &dyn Sink,
) -> Result<Built<BTreeSet<String>>, Vec<Diagnostic>> {
    let (plan, computed, warnings) = planned(inputs)?;
    // The exports and the pages read the same plan: make them side by side.
    let ((), paths) = rayon::join(
        || exports(&plan, &computed, sink),
        || crate::site::render(inputs, &plan, &computed, &warnings, sink),
    );
    Ok(Built {
        plan,
        computed,
        site: paths?,
        warnings,
    })
}

/// Loads and plans, with every warning in `computed.diagnostics` (plan.json carries them
/// all, from loading as well as planning).
fn planned(inputs: &Inputs) -> Result<(Plan, Computed, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (plan, mut computed, warnings) = plan(inputs)?;
    computed.diagnostics = warnings.clone();
    Ok((plan, computed, warnings))
}

/// `plan.json`, `waves.csv` and `schedule.ics`. The exports are the plan's record: no static
/// file of the same name replaces them (see [`crate::site::render`]).
fn exports(plan: &Plan, computed: &Computed, sink: &dyn Sink) {
    for export in Export::ALL {
        let bytes = match export {
            Export::PlanJson => export::plan_json(plan, computed).into_bytes(),
            Export::WavesCsv => export::waves_csv(plan, computed),
            Export::ScheduleIcs => export::schedule_ics(plan, computed).into_bytes(),
        };
        sink.put(export.path(), bytes);
    }
}

/// [`build`], also keeping what `serve` needs to re-render only the page of a note that
/// changed (see [`crate::site::incremental`]).
pub fn build_keeping(inputs: &Inputs) -> Result<(Built, Kept), Vec<Diagnostic>> {
    let (plan, computed, warnings) = planned(inputs)?;
    let site = Mutex::new(Site::default());
    exports(&plan, &computed, &site);
    let kept = crate::site::render_keeping(inputs, &plan, &computed, &warnings, &site)?;
    Ok((
        Built {
            plan,
            computed,
            site: site.into_inner().unwrap_or_else(PoisonError::into_inner),
            warnings,
        },
        kept,
    ))
}

/// Re-renders the page of one edited note (`path`, its new `bytes`) from what [`build_keeping`]
/// kept: the page's path and bytes, the same as a full build would give. `None` when a full
/// build is needed: the note no longer reads cleanly (any diagnostic), or its edit could reach
/// beyond its own page (see [`Kept::rerender`]).
pub fn rerender_note(kept: &mut Kept, path: &str, bytes: &[u8]) -> Option<Rendered> {
    let mut diagnostics = Vec::new();
    let note = crate::load::note(path, bytes, &mut diagnostics)?;
    if !diagnostics.is_empty() {
        return None;
    }
    kept.rerender(&note)?.ok()
}

impl Built {
    /// The build as an archive holds it.
    pub fn archived(&self) -> crate::archive::BuiltRef<'_> {
        crate::archive::BuiltRef {
            site: &self.site.files,
            plan: &self.plan,
            status: self.computed.status,
        }
    }
}

/// Builds an archive's `source/` for `verify` (see [`crate::archive::Rebuild`]).
pub fn rebuilt(inputs: &Inputs) -> Result<crate::archive::Rebuilt, Vec<Diagnostic>> {
    build(inputs).map(|built| crate::archive::Rebuilt {
        site: built.site.files,
        plan: built.plan,
        status: built.computed.status,
    })
}
