//! A plan with a `baseline` (spec section 11): the archive of an earlier revision is checked
//! (its manifest must hold), its `source/` is planned with today's rules (ignoring its own
//! baseline), and the plan is planned against it in this order: both sides placed, units
//! compared, approval states decided, then status and go/no-go, then the final changes
//! (GO/NO-GO flips included) that the pages and plan.json show.

use crate::changes::{Changes, Presence};
use crate::diagnostics::{Diagnostic, has_errors};
use crate::diff::compare::{Planned, compare};
use crate::inputs::Inputs;
use crate::model::{Baseline, Plan, Scope};
use crate::planning::{self, ApprovalState, Computed, approvals};
use std::collections::BTreeSet;

/// Plans `plan` against its baseline. Errors: the baseline is missing, not an intact waveplan
/// archive, or its source does not plan with this waveplan; and planning errors of the plan.
pub fn compute(
    inputs: &Inputs,
    plan: &Plan,
    baseline: &Baseline,
    load_warnings: &[Diagnostic],
) -> Result<Computed, Vec<Diagnostic>> {
    let old_inputs = read(inputs, plan, baseline)?;
    let (old_plan, old_computed, old_warnings) = plan_old(&old_inputs).map_err(|errors| {
        let first = errors
            .iter()
            .find(|d| d.is_error())
            .map(|d| format!("{}: {}", d.location(), d.message))
            .unwrap_or_default();
        vec![error(
            plan,
            baseline,
            format!(
                "the source of baseline `{}` does not plan with this waveplan ({first})",
                baseline.path
            ),
            "make the baseline again with `waveplan archive` from the revision it records",
        )]
    })?;
    let mut computed = planning::place(plan)?;
    let old = Planned {
        inputs: &old_inputs,
        plan: &old_plan,
        computed: &old_computed,
        warnings: &old_warnings,
    };
    let units = compare(
        &old,
        &Planned {
            inputs,
            plan,
            computed: &computed,
            warnings: &[],
        },
    );
    let (states, warnings) = states(plan, &old_plan.meta.revision, &units);
    planning::decide(plan, &mut computed, states, warnings);
    let mut warnings = load_warnings.to_vec();
    warnings.extend(computed.diagnostics.iter().cloned());
    let changes = compare(
        &old,
        &Planned {
            inputs,
            plan,
            computed: &computed,
            warnings: &warnings,
        },
    );
    computed.changes = Some(changes);
    if !plan.results.is_empty() {
        computed.progress_reference = Some(planning::progress::reference(
            &old_plan,
            &old_computed,
            Some(old_plan.meta.revision.clone()),
        ));
    }
    Ok(computed)
}

fn error(plan: &Plan, baseline: &Baseline, message: String, help: &str) -> Diagnostic {
    plan.point(Diagnostic::error("E-baseline", message), &baseline.loc)
        .help(help)
}

/// The baseline's `source/`, once its manifest holds.
fn read(inputs: &Inputs, plan: &Plan, baseline: &Baseline) -> Result<Inputs, Vec<Diagnostic>> {
    let make = "make it with `waveplan archive` from the earlier revision, e.g. `waveplan archive . -o archives/rev-2.0.tar.gz`, and keep it in the plan folder";
    let Some(rel) =
        crate::inputs::baseline_path(inputs.get(crate::inputs::PLAN_FILE).unwrap_or_default())
    else {
        let message = format!(
            "baseline `{}` must be a path inside the plan folder",
            baseline.path
        );
        return Err(vec![error(plan, baseline, message, make)]);
    };
    let Some(bytes) = inputs.get(&rel) else {
        let message = format!("baseline `{}` does not exist", baseline.path);
        return Err(vec![error(plan, baseline, message, make)]);
    };
    let contents = crate::archive::read_checked(bytes).map_err(|failures| {
        let listed: Vec<String> = failures.iter().take(3).map(ToString::to_string).collect();
        let message = format!(
            "baseline `{}` is not an intact waveplan archive: {}{}",
            baseline.path,
            listed.join("; "),
            if failures.len() > 3 { "; ..." } else { "" }
        );
        vec![error(
            plan,
            baseline,
            message,
            "restore the archive as `waveplan archive` wrote it (`waveplan verify` names every problem), or make it again",
        )]
    })?;
    Ok(crate::archive::source_inputs(&contents.files))
}

/// Loads and plans the baseline's source; its own `baseline` is not followed.
fn plan_old(inputs: &Inputs) -> Result<(Plan, Computed, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (plan, mut warnings) = crate::load::load(inputs)?;
    let computed = planning::compute(&plan)?;
    warnings.extend(computed.diagnostics.iter().cloned());
    if has_errors(&warnings) {
        return Err(warnings);
    }
    Ok((plan, computed, warnings))
}

/// Every approval's state: one signed for the baseline's revision still holds when the
/// changes touch nothing in its scope; other revisions are stale with a warning.
fn states(
    plan: &Plan,
    baseline_revision: &str,
    changes: &Changes,
) -> (Vec<ApprovalState>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let states = plan
        .approvals
        .iter()
        .map(|a| match approvals::other_revision(plan, a) {
            Some(revision) if revision == baseline_revision => match touched(changes, &a.scope) {
                None => ApprovalState::Signed,
                Some(reason) => ApprovalState::Stale {
                    revision: revision.to_string(),
                    reason,
                },
            },
            Some(revision) => {
                warnings.push(approvals::revision_warning(plan, a, revision));
                approvals::plain_state(plan, a)
            }
            None => approvals::plain_state(plan, a),
        })
        .collect();
    (states, warnings)
}

/// The result keys whose change touches an approval: a unit's wave or cutover, the
/// workload's path or method.
fn touches(key: &str, tier: Option<&str>) -> bool {
    match key {
        "path" | "method" => true,
        _ => ["_wave", "_cutover"].iter().any(|suffix| {
            key.strip_suffix(suffix)
                .is_some_and(|t| tier.is_none_or(|tier| t == tier))
        }),
    }
}

/// What in `scope` the changes touch, as a reason for a person; `None` when nothing.
///
/// Scope `plan`: a workload added or removed, a unit's wave, cutover, path or method, or a
/// rollback plan. Scope `wave-N`: a unit entered or left wave N, or the cutover, path, method
/// or rollback plan of a unit in wave N (before or after) changed.
pub fn touched(changes: &Changes, scope: &Scope) -> Option<String> {
    match scope {
        Scope::Plan => {
            let mut reasons = Vec::new();
            for (presence, verb) in [(Presence::Added, "added"), (Presence::Removed, "removed")] {
                let ids: Vec<&str> = changes
                    .workloads
                    .iter()
                    .filter(|w| w.change == presence)
                    .map(|w| w.id.as_str())
                    .collect();
                if !ids.is_empty() {
                    let noun = if ids.len() == 1 {
                        "workload"
                    } else {
                        "workloads"
                    };
                    reasons.push(format!("{noun} {} {verb}", ids.join(", ")));
                }
            }
            // Every wave a changed unit is in, before or after, that the change touches.
            let candidates =
                changes
                    .waves
                    .iter()
                    .map(|w| w.number)
                    .chain(changes.workloads.iter().flat_map(|w| {
                        let before = w.results.iter().filter(|c| c.key.ends_with("_wave"));
                        [w.nonprod_wave, w.prod_wave]
                            .into_iter()
                            .flatten()
                            .chain(before.filter_map(|c| c.old.as_u64()).map(|n| n as u32))
                    }));
            let waves: BTreeSet<u32> = candidates
                .filter(|&n| touched(changes, &Scope::Wave(n)).is_some())
                .collect();
            if !waves.is_empty() {
                reasons.push(waves_changed(&waves));
            }
            (!reasons.is_empty()).then(|| reasons.join("; "))
        }
        Scope::Wave(n) => {
            let moved = changes
                .wave(*n)
                .is_some_and(|w| !w.entered.is_empty() || !w.left.is_empty());
            let unit_changed = changes
                .workloads
                .iter()
                .filter(|w| w.change == Presence::Changed)
                .any(|w| {
                    ["nonprod", "prod"].into_iter().any(|tier| {
                        in_wave(w, tier, *n)
                            && (w.rollback_changed()
                                || w.results.iter().any(|c| touches(&c.key, Some(tier))))
                    })
                });
            (moved || unit_changed).then(|| format!("wave {n} changed"))
        }
    }
}

/// Whether the workload's `tier` unit is in wave `n` on either side.
fn in_wave(w: &crate::changes::WorkloadChange, tier: &str, n: u32) -> bool {
    let now = if tier == "prod" {
        w.prod_wave
    } else {
        w.nonprod_wave
    };
    let before = w
        .result(&format!("{tier}_wave"))
        .and_then(|c| c.old.as_u64())
        .map(|v| v as u32);
    now == Some(n) || before == Some(n)
}

fn waves_changed(waves: &BTreeSet<u32>) -> String {
    let list: Vec<String> = waves.iter().map(u32::to_string).collect();
    match list.as_slice() {
        [one] => format!("wave {one} changed"),
        [init @ .., last] => format!("waves {} and {last} changed", init.join(", ")),
        [] => String::new(),
    }
}
