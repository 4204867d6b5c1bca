//! `[[scenario]]`: names, slugs and workload ids checked, and each scenario read as a whole
//! plan: the spanned tree of plan.toml with the scenario's values put in place of the
//! baseline's, read by the same reader as plan.toml (`read_plan`, so an override gets the checks of the key it
//! replaces, and its errors point at the scenario's line).

use super::Reporter;
use super::values::{Fields, Value, get};
use crate::diagnostics::{Diagnostic, did_you_mean, has_errors};
use crate::model::{Override, OverrideTarget, Plan, Scenario};
use crate::schema;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// The scenarios of a plan whose baseline read without errors (else none: the plan is not
/// returned anyway, and each of its errors is reported once).
/// `read_plan` reads a (merged) tree into a plan, as for plan.toml itself.
pub(super) fn read_scenarios(
    ctx: &mut Reporter<'_>,
    root: &DeTable<'_>,
    base: &Plan,
    read_plan: fn(&mut Reporter<'_>, &Fields<'_, '_>) -> Plan,
) -> Vec<Scenario> {
    let top = Fields { table: root };
    let mut names: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let mut slugs: BTreeMap<String, (String, Range<usize>)> = BTreeMap::new();
    let mut read = Vec::new();
    for (f, span) in top.tables("scenario") {
        let Some(name) = f.str("name") else { continue };
        let name_span = f.span("name").unwrap_or(span.clone());
        let slug = schema::slug(&name);
        if let Some(first) = names.get(&name) {
            let first = ctx.place(first.clone());
            let d = ctx.error(
                "E-scenario-duplicate",
                format!("two scenarios are named `{name}`"),
                name_span.clone(),
            );
            d.notes.push(format!("first named at {first}"));
            d.help = Some("give each scenario its own name".into());
        } else if slug.is_empty() {
            ctx.error(
                "E-scenario-slug",
                format!(
                    "the scenario name `{name}` has no letter or digit to make its page's name from"
                ),
                name_span.clone(),
            )
            .help = Some("name it with words, e.g. \"ExpressRoute from day one\"".into());
        } else if let Some((other, first)) = slugs.get(&slug) {
            let first = ctx.place(first.clone());
            let d = ctx.error(
                "E-scenario-slug",
                format!("scenarios `{other}` and `{name}` would share the page scenarios/{slug}/"),
                name_span.clone(),
            );
            d.notes.push(format!("`{other}` is at {first}"));
            d.help = Some(
                "names that differ only in case or punctuation make the same page name; reword one"
                    .into(),
            );
        } else {
            slugs.insert(slug.clone(), (name.clone(), name_span.clone()));
        }
        names.entry(name.clone()).or_insert(name_span);
        if let Some((workloads, _)) = f.table("workloads") {
            for (id, _) in workloads.table.iter() {
                let id_text = id.get_ref().as_ref();
                if schema::is_valid_id(id_text) && !base.workload_ids.contains_key(id_text) {
                    let help =
                        match did_you_mean(id_text, base.workload_ids.keys().map(String::as_str)) {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => "use the `id` of a [[workload]] in this plan".into(),
                        };
                    ctx.error(
                        "E-unknown-workload",
                        format!("scenario `{name}` overrides the unknown workload `{id_text}`"),
                        id.span(),
                    )
                    .help = Some(help);
                }
            }
        }
        read.push((f, span, name, slug));
    }
    if has_errors(ctx.out) {
        return Vec::new();
    }
    read.into_iter()
        .map(|(f, span, name, slug)| {
            let (merged, overrides) = merged(ctx.text, root, &f);
            let mut errors = Vec::new();
            let mut sub = Reporter {
                file: ctx.file.clone(),
                text: ctx.text,
                out: &mut errors,
                lines: Default::default(),
            };
            let mut plan = read_plan(&mut sub, &Fields { table: &merged });
            plan.workload_ids = base.workload_ids.clone();
            for d in errors {
                ctx.out.push(in_scenario(d, &name));
            }
            Scenario {
                name,
                slug,
                description: f.str("description"),
                overrides,
                plan: Box::new(plan),
                warnings: Vec::new(),
                loc: ctx.loc(span),
            }
        })
        .collect()
}

/// A diagnostic found in a scenario's plan, saying so.
pub(super) fn in_scenario(mut d: Diagnostic, name: &str) -> Diagnostic {
    d.message = format!("scenario `{name}`: {}", d.message);
    d
}

/// plan.toml's tree with the scenario's values in place, and the overrides as written.
fn merged<'i>(
    text: &str,
    root: &DeTable<'i>,
    scenario: &Fields<'_, 'i>,
) -> (DeTable<'i>, Vec<Override>) {
    let mut tree = root.clone();
    tree.remove("scenario");
    let mut overrides = Vec::new();
    let written = |target: OverrideTarget, table: &DeTable<'_>, out: &mut Vec<Override>| {
        for (key, value) in table.iter() {
            out.push(Override {
                target: target.clone(),
                key: key.get_ref().to_string(),
                value: text.get(value.span()).unwrap_or_default().to_string(),
            });
        }
    };
    for (name, target) in [
        ("plan", OverrideTarget::Plan),
        ("network", OverrideTarget::Network),
    ] {
        let Some((values, _)) = scenario.table(name) else {
            continue;
        };
        written(target, values.table, &mut overrides);
        if get(&tree, name).is_none() {
            let span = scenario.span(name).unwrap_or(0..0);
            tree.insert(
                toml::Spanned::new(span.clone(), name.into()),
                toml::Spanned::new(span, DeValue::Table(DeTable::new())),
            );
        }
        if let Some(DeValue::Table(table)) = tree.get_mut(name).map(toml::Spanned::get_mut) {
            replace(table, values.table);
        }
    }
    if let Some((workloads, _)) = scenario.table("workloads") {
        for (id, values) in workloads.table.iter() {
            let Some(values) = values.get_ref().as_table() else {
                continue;
            };
            written(
                OverrideTarget::Workload(id.get_ref().to_string()),
                values,
                &mut overrides,
            );
            if let Some(DeValue::Array(items)) =
                tree.get_mut("workload").map(toml::Spanned::get_mut)
            {
                for item in items.iter_mut() {
                    if let DeValue::Table(table) = item.get_mut()
                        && get(table, "id").and_then(|v| v.get_ref().as_str())
                            == Some(id.get_ref().as_ref())
                    {
                        replace(table, values);
                    }
                }
            }
        }
    }
    (tree, overrides)
}

/// Puts each key of `values` into `table`, key and value with the scenario's spans.
fn replace<'i>(table: &mut DeTable<'i>, values: &DeTable<'i>) {
    for (key, value) in values.iter() {
        table.remove(key.get_ref().as_ref());
        table.insert(key.clone(), Value::clone(value));
    }
}
