//! `[[result]]`: what happened to a unit (spec section 9), read into the model and checked
//! against the plan: the workload and its tier, dates against `start` and `as_of`, the path,
//! the review page, one result per unit and day.

use super::Reporter;
use super::values::Fields;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::inputs::{Inputs, NoteFolder, PLAN_FILE, strip_bom};
use crate::model::{Loc, Plan, ResultStatus, Tier, TransferPath, UnitResult};
use crate::schema::{self, defaults};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

pub(super) fn read_results(ctx: &mut Reporter<'_>, top: &Fields<'_, '_>) -> Vec<UnitResult> {
    top.tables("result")
        .into_iter()
        .filter_map(|(f, span)| {
            // A result without a status or date is reported by the schema check already.
            let status = ResultStatus::parse(&f.str("status")?)?;
            let date = f.date("date")?;
            let mut key_locs = BTreeMap::new();
            for (key, at) in f.key_spans() {
                if let Some(field) = schema::RESULT.field(key) {
                    key_locs.insert(field.name, ctx.loc(at));
                }
            }
            Some(UnitResult {
                workload: f.string("workload"),
                tier: f
                    .str("tier")
                    .and_then(|t| Tier::parse(&t))
                    .unwrap_or(defaults::TIER),
                status,
                date,
                transfer_hours: f.num("transfer_hours"),
                downtime_hours: f.num("downtime_hours"),
                path: f.str("path").and_then(|p| TransferPath::parse(&p)),
                data_gb: f.num("data_gb"),
                review: f.str("review"),
                note: f.str("note"),
                loc: ctx.loc(span),
                key_locs,
            })
        })
        .collect()
}

pub(super) fn check_results(plan: &Plan, inputs: &Inputs, out: &mut Vec<Diagnostic>) {
    let Some(text) = inputs
        .get(PLAN_FILE)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return;
    };
    let mut ctx = Reporter {
        file: Arc::from(PLAN_FILE),
        text: strip_bom(text),
        out,
        lines: Default::default(),
    };
    let span = |loc: &Loc| -> Range<usize> { loc.start..loc.end };
    let ids: Vec<&str> = plan.workloads.iter().map(|w| w.id.as_str()).collect();
    let as_of_written = plan.meta.as_of;
    let mut seen: BTreeMap<(&str, Tier, Date), &UnitResult> = BTreeMap::new();
    for r in &plan.results {
        let Some(w) = plan.workload(&r.workload) else {
            ctx.error(
                "E-unknown-workload",
                format!("a result names an unknown workload `{}`", r.workload),
                span(r.loc_of("workload")),
            )
            .help = Some(match did_you_mean(&r.workload, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "use the `id` of a [[workload]] in this plan".into(),
            });
            continue;
        };
        let has_tier = match r.tier {
            Tier::Prod => w.has_prod(),
            Tier::Nonprod => w.has_nonprod(),
        };
        if !has_tier {
            let other = match r.tier {
                Tier::Prod => Tier::Nonprod,
                Tier::Nonprod => Tier::Prod,
            };
            ctx.error(
                "E-result-tier",
                format!(
                    "workload `{}` has no {} environment (environments: {})",
                    w.id,
                    r.tier.label(),
                    w.environments.join(", ")
                ),
                span(r.loc_of("tier")),
            )
            .help = Some(format!(
                "write `tier = \"{other}\"`, or add the environment to the workload"
            ));
        }
        if r.date < plan.meta.start {
            ctx.error(
                "E-result-date",
                format!(
                    "this result is dated {}, before the plan starts ({})",
                    r.date, plan.meta.start
                ),
                span(r.loc_of("date")),
            )
            .help = Some("correct the date, or move `start` in [plan] earlier".into());
        }
        if let Some(as_of) = as_of_written
            && r.date > as_of
        {
            ctx.error(
                "E-as-of",
                format!(
                    "this result is dated {}, after `as_of` ({as_of}): results are recorded up to `as_of`",
                    r.date
                ),
                span(r.loc_of("date")),
            )
            .help = Some(format!(
                "set `as_of = {}` (or later) in [plan], or remove `as_of` to use the latest result's date",
                r.date
            ));
        }
        if let Some(path) = r.path
            && path.is_network()
            && plan.network.mbps(path) <= 0.0
        {
            ctx.error(
                "E-path-unavailable",
                format!("this result ran on path `{path}`, which the [network] does not have"),
                span(r.loc_of("path")),
            )
            .help = Some(format!(
                "add `{path}_mbps = ...` to [network], or correct the path"
            ));
        }
        if let Some(review) = &r.review {
            check_review(&mut ctx, inputs, review, span(r.loc_of("review")));
        }
        if let Some(first) = seen.get(&(r.workload.as_str(), r.tier, r.date)) {
            let first_place = ctx.place(span(first.loc_of("date")));
            let d = ctx.error(
                "E-duplicate-result",
                format!(
                    "two results for the {} unit of `{}` on {}",
                    r.tier.label(),
                    r.workload,
                    r.date
                ),
                span(r.loc_of("date")),
            );
            d.notes.push(format!("first recorded at {first_place}"));
            d.help = Some("keep one result per unit and day: merge them, or correct a date".into());
        } else {
            seen.insert((r.workload.as_str(), r.tier, r.date), r);
        }
    }
}

/// A review is a free page: an existing `pages/*.md` file.
fn check_review(ctx: &mut Reporter<'_>, inputs: &Inputs, review: &str, at: Range<usize>) {
    let folder = NoteFolder::Pages.dir();
    let prefix = format!("{folder}/");
    let normalized = review.trim_start_matches("./");
    let is_page = matches!(NoteFolder::of(normalized), Some((NoteFolder::Pages, _)));
    if is_page && inputs.get(normalized).is_some() {
        return;
    }
    let pages: Vec<&str> = inputs
        .files
        .keys()
        .filter(|k| matches!(NoteFolder::of(k), Some((NoteFolder::Pages, _))))
        .map(String::as_str)
        .collect();
    let help = match did_you_mean(normalized, pages.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "write the post-incident review as a page, e.g. \"{prefix}pir-crm.md\", and name it here"
        ),
    };
    ctx.error(
        "E-review-missing",
        format!("review `{review}` is not a page under {prefix}"),
        at,
    )
    .help = Some(help);
}
