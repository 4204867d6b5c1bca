//! Cross-references: ids, dependencies, peaks, paths, assets.

use super::Reporter;
use super::values::get;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::inputs::{ASSETS_DIR, Inputs, PLAN_FILE, strip_bom};
use crate::model::{Plan, Workload};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;
use toml::de::DeTable;

pub(super) fn check_cross_references(plan: &Plan, inputs: &Inputs, out: &mut Vec<Diagnostic>) {
    let Some(text) = inputs
        .get(PLAN_FILE)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return;
    };
    let text = strip_bom(text);
    let mut ctx = Reporter {
        file: Arc::from(PLAN_FILE),
        text,
        out,
        lines: Default::default(),
    };
    // Spans are re-derived from the workload's key locations, which hold `key = value`.
    let value_span = |w: &Workload, key: &str| -> Range<usize> {
        let loc = w.loc_of(key);
        loc.start..loc.end
    };

    let mut first_seen: BTreeMap<&str, &Workload> = BTreeMap::new();
    for w in plan.workloads.iter().filter(|w| !w.id.is_empty()) {
        if let Some(first) = first_seen.get(w.id.as_str()) {
            let first_place = ctx.place(value_span(first, "id"));
            let d = ctx.error(
                "E-duplicate-id",
                format!("workload id `{}` is used twice", w.id),
                value_span(w, "id"),
            );
            d.notes.push(format!("first defined at {first_place}"));
            d.help = Some("give each workload its own id".into());
        } else {
            first_seen.insert(&w.id, w);
        }
    }
    let ids: Vec<&str> = first_seen.keys().copied().collect();
    let unknown_id_help = |id: &str| match did_you_mean(id, ids.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "use the `id` of a [[workload]] in this plan".to_string(),
    };

    for w in &plan.workloads {
        for key in ["depends_on", "latency_tolerant"] {
            let list = if key == "depends_on" {
                &w.depends_on
            } else {
                &w.latency_tolerant
            };
            for dep in list {
                let at = item_span(text, &value_span(w, key), dep);
                if dep == &w.id {
                    ctx.error(
                        "E-self-dependency",
                        format!("workload `{}` depends on itself", w.id),
                        at,
                    )
                    .help = Some(format!("remove `{dep}` from `{key}`"));
                } else if !first_seen.contains_key(dep.as_str()) {
                    ctx.error(
                        "E-unknown-dependency",
                        format!("`{}` names an unknown workload `{dep}`", w.id),
                        at,
                    )
                    .help = Some(unknown_id_help(dep));
                } else if key == "latency_tolerant" && !w.depends_on.contains(dep) {
                    ctx.error(
                        "E-latency-tolerant",
                        format!(
                            "`{dep}` is latency-tolerant but not in `depends_on` of `{}`",
                            w.id
                        ),
                        at,
                    )
                    .help = Some(format!(
                        "add `{dep}` to `depends_on` too, or remove it here"
                    ));
                }
            }
        }
        if let Some(path) = w.path.path()
            && path.is_network()
            && plan.network.mbps(path) <= 0.0
        {
            ctx.error(
                "E-path-unavailable",
                format!(
                    "workload `{}` asks for path `{path}`, which the [network] does not have",
                    w.id
                ),
                value_span(w, "path"),
            )
            .help = Some(format!(
                "add `{path}_mbps = ...` to [network], or choose another path (or \"auto\")"
            ));
        }
        if let Some(rollback) = &w.rollback {
            for (asset, loc) in rollback.assets.iter().zip(&rollback.asset_locs) {
                check_asset(&mut ctx, inputs, asset, loc.start..loc.end);
            }
        }
    }

    // A [[peak]]'s span covers only its header: find each peak's `workloads` array by the
    // header's offset, so an error points at the unknown entry.
    let peak_lists: BTreeMap<usize, Range<usize>> = DeTable::parse(text)
        .ok()
        .and_then(|root| {
            let peaks = get(root.get_ref(), "peak")?.get_ref().as_array()?;
            Some(
                peaks
                    .iter()
                    .filter_map(|p| {
                        Some((
                            p.span().start,
                            get(p.get_ref().as_table()?, "workloads")?.span(),
                        ))
                    })
                    .collect(),
            )
        })
        .unwrap_or_default();
    for peak in &plan.peaks {
        let within = peak_lists
            .get(&peak.loc.start)
            .cloned()
            .unwrap_or(peak.loc.start..peak.loc.end);
        for id in &peak.workloads {
            if !first_seen.contains_key(id.as_str()) {
                let at = item_span(text, &within, id);
                ctx.error(
                    "E-unknown-workload",
                    format!("peak `{}` names an unknown workload `{id}`", peak.name),
                    at,
                )
                .help = Some(unknown_id_help(id));
            }
        }
    }
}

/// The span of `"item"` inside `within`, so an error about one array entry points at it.
pub(super) fn item_span(text: &str, within: &Range<usize>, item: &str) -> Range<usize> {
    let region = text.get(within.clone()).unwrap_or_default();
    for quoted in [format!("\"{item}\""), format!("'{item}'")] {
        if let Some(i) = region.find(&quoted) {
            return within.start + i..within.start + i + quoted.len();
        }
    }
    within.clone()
}

pub(super) fn check_asset(ctx: &mut Reporter<'_>, inputs: &Inputs, asset: &str, at: Range<usize>) {
    let normalized = asset.trim_start_matches("./");
    let escapes = normalized.starts_with('/')
        || normalized.contains('\\')
        || normalized
            .split('/')
            .any(|part| part == ".." || part.is_empty());
    if escapes {
        ctx.error(
            "E-asset-path",
            format!("asset path `{asset}` must stay inside the plan folder"),
            at,
        )
        .help =
            Some("write it relative to the plan folder, e.g. \"assets/crm/rollback.ps1\"".into());
        return;
    }
    let in_assets = format!("{ASSETS_DIR}/");
    if inputs.get(normalized).is_some() && normalized.starts_with(&in_assets) {
        return;
    }
    let known: Vec<&str> = inputs
        .files
        .keys()
        .filter(|k| k.starts_with(&in_assets))
        .map(String::as_str)
        .collect();
    let help = if !normalized.starts_with(&in_assets) {
        "put rollback scripts and templates under assets/ and name them as \"assets/...\""
            .to_string()
    } else {
        match did_you_mean(normalized, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("create {normalized} in the plan folder, or correct the path"),
        }
    };
    ctx.error(
        "E-asset-missing",
        format!("asset `{asset}` does not exist"),
        at,
    )
    .help = Some(help);
}
