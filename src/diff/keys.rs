//! The inputs of a diff as written: plan.toml's keys flattened (`network.vpn_mbps`,
//! `rollback.steps`, `freeze[Year-end].start`) and compared key by key. An absent key is
//! `null`: the comparison is of what the author wrote, so removing a key that held its
//! default value shows, and the results of planning show whether it mattered.

use crate::changes::KeyChange;
use crate::inputs::{Inputs, PLAN_FILE};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn toml_doc(inputs: &Inputs) -> toml::Table {
    inputs
        .get(PLAN_FILE)
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .and_then(|text| crate::inputs::strip_bom(text).parse().ok())
        .unwrap_or_default()
}

/// A TOML value as JSON; dates become `YYYY-MM-DD` strings.
fn json_of(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(json_of).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.iter().map(|(k, v)| (k.clone(), json_of(v))).collect())
        }
    }
}

/// Tables flattened into dotted keys (`rollback.steps`); arrays are values.
fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, Value>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&path, inner, out),
            other => {
                out.insert(path, json_of(other));
            }
        }
    }
}

/// The keys that name an entry of an array of tables, in the order they are tried.
const ENTRY_NAMES: &[&str] = &["name", "area", "item", "role", "workload"];

/// Every plan-level key: `[plan]`, `[network]`, `[site]` and the entries of the arrays of
/// tables (`freeze[Year-end change freeze].start`), workloads and approvals aside (they are
/// compared on their own), and `plan.baseline` (the comparison itself).
pub(super) fn plan_keys(doc: &toml::Table) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (key, value) in doc {
        match value {
            _ if key == "workload" || key == "approval" => {}
            toml::Value::Table(table) => flatten(key, table, &mut out),
            toml::Value::Array(items) if items.iter().all(toml::Value::is_table) => {
                let mut seen = BTreeMap::<String, usize>::new();
                for (i, item) in items.iter().enumerate() {
                    let Some(table) = item.as_table() else {
                        continue;
                    };
                    let mut name = ENTRY_NAMES
                        .iter()
                        .find_map(|k| table.get(*k).and_then(toml::Value::as_str))
                        .map_or_else(|| (i + 1).to_string(), str::to_string);
                    let n = seen.entry(name.clone()).or_default();
                    *n += 1;
                    if *n > 1 {
                        name = format!("{name} #{n}");
                    }
                    flatten(&format!("{key}[{name}]"), table, &mut out);
                }
            }
            other => {
                out.insert(key.clone(), json_of(other));
            }
        }
    }
    out.remove(BASELINE_KEY);
    out
}

/// The key that names the comparison itself: not a change of the plan.
const BASELINE_KEY: &str = "plan.baseline";

/// Each workload's table, flattened, by id.
pub(super) fn workload_keys(doc: &toml::Table) -> BTreeMap<String, BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    let tables = doc
        .get("workload")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table);
    for table in tables {
        if let Some(id) = table.get("id").and_then(toml::Value::as_str) {
            let mut keys = BTreeMap::new();
            flatten("", table, &mut keys);
            out.entry(id.to_string()).or_insert(keys);
        }
    }
    out
}

/// Keys whose values differ, in key order; a key on one side only is null on the other.
pub(super) fn key_changes(
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
) -> Vec<KeyChange> {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let (o, n) = (old.get(key), new.get(key));
            (o != n).then(|| KeyChange {
                key: key.clone(),
                old: o.cloned().unwrap_or(Value::Null),
                new: n.cloned().unwrap_or(Value::Null),
            })
        })
        .collect()
}
