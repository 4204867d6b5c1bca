//! A `[[workload]]` read into the typed model: environments checked, defaults applied, its
//! rollback plan and where each key is written.

use super::Reporter;
use super::values::Fields;
use crate::model::{
    Criticality, MethodChoice, Rollback, Sensitivity, TestResult, TransferPathChoice, Trigger,
    Workload,
};
use crate::schema::{self, defaults};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

pub(super) fn read_workload(
    ctx: &mut Reporter<'_>,
    f: &Fields<'_, '_>,
    span: Range<usize>,
) -> Workload {
    let criticality = f
        .str("criticality")
        .and_then(|s| Criticality::parse(&s))
        .unwrap_or(defaults::CRITICALITY);
    let environments = if f.value("environments").is_some() {
        let envs = f.strs_spanned("environments");
        let mut seen = BTreeSet::new();
        for (env, at) in &envs {
            if !seen.insert(env.as_str()) {
                ctx.error(
                    "E-duplicate",
                    format!("environment `{env}` is listed twice"),
                    at.clone(),
                )
                .help = Some("remove the second entry".into());
            }
            if env.trim().is_empty() {
                ctx.error("E-range", "an environment name is empty", at.clone());
            }
        }
        if envs.is_empty() {
            let at = f.span("environments").unwrap_or(span.clone());
            ctx.error(
                "E-range",
                "`environments` is empty: the workload would have nothing to migrate",
                at,
            )
            .help = Some("list at least one, e.g. [\"prod\"]".into());
        }
        envs.into_iter().map(|(e, _)| e).collect()
    } else {
        defaults::ENVIRONMENTS
            .iter()
            .map(|e| e.to_string())
            .collect()
    };
    let data_gb = f.num("data_gb").unwrap_or(0.0);
    let rollback = f.table("rollback").map(|(r, _)| Rollback {
        authority: r.str("authority"),
        triggers: r
            .tables("triggers")
            .into_iter()
            .map(|(t, _)| Trigger {
                metric: t.string("metric"),
                threshold: t.string("threshold"),
                window: t.str("window"),
            })
            .collect(),
        steps: r.strs("steps"),
        max_minutes: r.num("max_minutes"),
        assets: r.strs("assets"),
        asset_locs: r
            .strs_spanned("assets")
            .into_iter()
            .map(|(_, at)| ctx.loc(at))
            .collect(),
        tested_on: r.date("tested_on"),
        test_result: r.str("test_result").and_then(|s| TestResult::parse(&s)),
        reviewed_on: r.date("reviewed_on"),
    });
    let mut key_locs = BTreeMap::new();
    for (key, at) in f.key_spans() {
        if let Some(field) = schema::WORKLOAD.field(key) {
            key_locs.insert(field.name, ctx.loc(at));
        }
    }
    let mut depends_on: Vec<String> = Vec::new();
    for dep in f.strs("depends_on") {
        if !depends_on.contains(&dep) {
            depends_on.push(dep);
        }
    }
    Workload {
        id: f.string("id"),
        name: f.string("name"),
        owner: f.string("owner"),
        business_unit: f.str("business_unit"),
        description: f.str("description"),
        criticality,
        criticality_validated: f.date("criticality_validated"),
        sensitivity: f
            .str("sensitivity")
            .and_then(|s| Sensitivity::parse(&s))
            .unwrap_or(defaults::SENSITIVITY),
        environments,
        data_gb,
        nonprod_data_gb: f.num("nonprod_data_gb").unwrap_or(data_gb),
        change_gb_per_day: f
            .num("change_gb_per_day")
            .unwrap_or(defaults::CHANGE_GB_PER_DAY),
        max_downtime_hours: f.num("max_downtime_hours"),
        replication: f.bool("replication").unwrap_or(defaults::REPLICATION),
        method: f
            .str("method")
            .and_then(|s| MethodChoice::parse(&s))
            .unwrap_or(defaults::METHOD),
        path: f
            .str("path")
            .and_then(|s| TransferPathChoice::parse(&s))
            .unwrap_or(defaults::PATH),
        time_sensitive: f
            .bool("time_sensitive")
            .unwrap_or(criticality >= defaults::TIME_SENSITIVE_FROM),
        depends_on,
        latency_tolerant: f.strs("latency_tolerant"),
        hybrid_plan: f.str("hybrid_plan"),
        success_criteria: f.strs("success_criteria"),
        tags: f.strs("tags"),
        rollback,
        loc: ctx.loc(span),
        key_locs,
    }
}
