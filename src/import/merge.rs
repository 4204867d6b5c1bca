//! The plan.toml an import writes: a new document for `-o`, or the existing one for `--into`,
//! edited with `toml_edit` so comments, key order and formatting stay as a person left them.
//! Only what spec section 12 allows changes; nothing is ever removed.

use super::ImportFailure;
use super::grouping::{Draft, Grouped};
use super::links::{Linked, parse_ignored};
use super::{NewNetwork, PLAN_FILE};
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value, value};

/// The plan of `--into`, and the dependencies it rejects.
pub(super) struct Existing {
    pub doc: DocumentMut,
    pub ignore_dependencies: BTreeSet<(String, String)>,
}

impl Existing {
    pub(super) fn read(dir: &Path) -> Result<Existing, ImportFailure> {
        let path = dir.join(PLAN_FILE);
        let shown = path.display().to_string();
        let bytes = super::read_source(&path, crate::inputs::PLAN_CAP).map_err(|d| {
            Box::new(d.help(format!(
                "--into merges into an existing plan; create one with -o {}",
                dir.display()
            )))
        })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Box::new(
                Diagnostic::error("E-utf8", format!("{shown} is not valid UTF-8"))
                    .in_file(&shown)
                    .help("save the file as UTF-8"),
            )
        })?;
        let text = crate::inputs::strip_bom(&text);
        let doc: DocumentMut = text.parse().map_err(|err: toml_edit::TomlError| {
            let span = err.span().unwrap_or(0..0);
            Diagnostic::error("E-toml", format!("TOML syntax: {}", err.message().trim()))
                .at(&shown, text, span)
                .help("fix the plan first: `waveplan check` shows every problem")
        })?;
        let entries: Vec<String> = doc
            .get("import")
            .and_then(|t| t.get("ignore_dependencies"))
            .and_then(Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Existing {
            doc,
            ignore_dependencies: parse_ignored(&entries),
        })
    }
}

/// `[plan]` and `[network]` of a new plan.
pub(super) fn new_document(start: Date, network: &NewNetwork) -> DocumentMut {
    let mut doc = DocumentMut::new();
    let mut plan = Table::new();
    plan.decor_mut().set_prefix(
        "# Created by `waveplan import`. Replace every \"TBD\" (`waveplan check` lists them),\n\
         # then import again with `--into` to take in new discovery data.\n",
    );
    plan["title"] = value("Imported plan");
    plan["start"] = value(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: start.year() as u16,
            month: start.month() as u8,
            day: start.day() as u8,
        }),
        time: None,
        offset: None,
    });
    doc["plan"] = Item::Table(plan);
    let mut links = Table::new();
    links.decor_mut().set_prefix("\n");
    for (key, mbps) in [
        ("expressroute_mbps", network.expressroute_mbps),
        ("vpn_mbps", network.vpn_mbps),
        ("internet_mbps", network.internet_mbps),
    ] {
        if let Some(mbps) = mbps {
            links[key] = Item::Value(number(mbps));
        }
    }
    doc["network"] = Item::Table(links);
    doc
}

/// One key of an existing workload that the import changed.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub key: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct Merged {
    /// Indexes of the drafts appended as new workloads.
    pub created: Vec<usize>,
    /// Drafts matching an existing workload that changed, with what changed.
    pub updated: Vec<(usize, Vec<Change>)>,
    /// Workloads of the plan that no source mentions (kept).
    pub not_in_sources: Vec<String>,
}

/// Appends new workloads and updates existing ones.
pub(super) fn apply(
    doc: &mut DocumentMut,
    grouped: &Grouped,
    linked: &Linked,
) -> Result<Merged, ImportFailure> {
    if doc.get("workload").is_none() {
        doc["workload"] = Item::ArrayOfTables(ArrayOfTables::new());
    }
    let Some(workloads) = doc
        .get_mut("workload")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Err(Box::new(
            Diagnostic::error(
                "E-import-merge",
                "plan.toml writes its workloads as an inline array; the import appends [[workload]] tables",
            )
            .in_file(PLAN_FILE)
            .help("write each workload under its own [[workload]] header"),
        ));
    };
    let mut existing: HashMap<String, usize> = HashMap::new();
    for (i, table) in workloads.iter().enumerate() {
        if let Some(id) = table.get("id").and_then(Item::as_str) {
            existing.entry(id.to_string()).or_insert(i);
        }
    }
    let ids = |indexes: &mut dyn Iterator<Item = usize>| -> Vec<String> {
        indexes.map(|i| grouped.workloads[i].id.clone()).collect()
    };
    let mut merged = Merged::default();
    for (index, draft) in grouped.workloads.iter().enumerate() {
        let depends_on = ids(&mut linked.of(index).map(|d| d.to));
        let tolerant = ids(&mut linked
            .of(index)
            .filter(|d| d.latency_tolerant)
            .map(|d| d.to));
        match existing.get(&draft.id) {
            Some(&at) => {
                let table = workloads.get_mut(at).expect("an index of this array");
                let changes = update(table, draft, &depends_on, &tolerant);
                if !changes.is_empty() {
                    merged.updated.push((index, changes));
                }
            }
            None => {
                workloads.push(new_workload(draft, &depends_on, &tolerant));
                merged.created.push(index);
            }
        }
    }
    let discovered: BTreeSet<&str> = grouped.workloads.iter().map(|d| d.id.as_str()).collect();
    let mut gone: Vec<String> = existing
        .into_iter()
        .filter(|(id, _)| !discovered.contains(id.as_str()))
        .map(|(id, at)| (at, id))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_values()
        .collect();
    merged.not_in_sources.append(&mut gone);
    Ok(merged)
}

fn new_workload(draft: &Draft, depends_on: &[String], tolerant: &[String]) -> Table {
    let mut t = Table::new();
    t.decor_mut().set_prefix("\n");
    t["id"] = value(&draft.id);
    t["name"] = value(&draft.name);
    t["owner"] = value(&draft.owner);
    if let Some(unit) = &draft.business_unit {
        t["business_unit"] = value(unit);
    }
    if let Some(criticality) = draft.criticality {
        t["criticality"] = value(criticality.as_str());
    }
    if let Some(sensitivity) = draft.sensitivity {
        t["sensitivity"] = value(sensitivity.as_str());
    }
    t["environments"] = value(Array::from_iter(&draft.environments));
    t["data_gb"] = Item::Value(number(draft.data_gb));
    if let Some(gb) = draft.nonprod_data_gb {
        t["nonprod_data_gb"] = Item::Value(number(gb));
    }
    if !depends_on.is_empty() {
        t["depends_on"] = value(Array::from_iter(depends_on));
    }
    if !tolerant.is_empty() {
        t["latency_tolerant"] = value(Array::from_iter(tolerant));
    }
    t
}

/// Updates sizes, adds new environments and missing dependencies; every change is returned.
fn update(
    table: &mut Table,
    draft: &Draft,
    depends_on: &[String],
    tolerant: &[String],
) -> Vec<Change> {
    let mut changes = Vec::new();
    let sizes = [
        ("data_gb", Some(draft.data_gb)),
        ("nonprod_data_gb", draft.nonprod_data_gb),
    ];
    for (key, gb) in sizes {
        let Some(gb) = gb else { continue };
        let old = table.get(key).and_then(as_f64);
        if old == Some(gb) {
            continue;
        }
        set_keeping_decor(table, key, number(gb));
        changes.push(Change {
            key,
            from: old,
            to: Some(gb),
            added: Vec::new(),
        });
    }
    // An absent `environments` is the default, ["prod"]: an addition keeps it.
    let current = strings(table, "environments").unwrap_or_else(|| vec!["prod".to_string()]);
    let added = add_missing(table, "environments", current, &draft.environments);
    if !added.is_empty() {
        changes.push(Change {
            key: "environments",
            from: None,
            to: None,
            added,
        });
    }
    let current = strings(table, "depends_on").unwrap_or_default();
    let added = add_missing(table, "depends_on", current, depends_on);
    if !added.is_empty() {
        // Only a dependency added now is marked latency-tolerant: one a person kept direct
        // stays direct.
        let newly_tolerant: Vec<String> = tolerant
            .iter()
            .filter(|id| added.contains(id))
            .cloned()
            .collect();
        let current = strings(table, "latency_tolerant").unwrap_or_default();
        let tolerant_added = add_missing(table, "latency_tolerant", current, &newly_tolerant);
        changes.push(Change {
            key: "depends_on",
            from: None,
            to: None,
            added,
        });
        if !tolerant_added.is_empty() {
            changes.push(Change {
                key: "latency_tolerant",
                from: None,
                to: None,
                added: tolerant_added,
            });
        }
    }
    changes
}

/// Appends the `wanted` strings missing from the array `key` (created from `current` when
/// absent); returns those added.
fn add_missing(
    table: &mut Table,
    key: &str,
    current: Vec<String>,
    wanted: &[String],
) -> Vec<String> {
    let added: Vec<String> = wanted
        .iter()
        .filter(|w| !current.contains(w))
        .cloned()
        .collect();
    if added.is_empty() {
        return added;
    }
    match table.get_mut(key).and_then(Item::as_array_mut) {
        Some(array) => {
            // In an array written one item per line, new items go on lines of their own.
            let line_prefix = array
                .iter()
                .last()
                .and_then(|v| v.decor().prefix())
                .and_then(|p| p.as_str())
                .filter(|p| p.contains('\n'))
                .map(String::from);
            for item in &added {
                match &line_prefix {
                    Some(prefix) => {
                        let mut value = Value::from(item.as_str());
                        value.decor_mut().set_prefix(prefix.clone());
                        value.decor_mut().set_suffix("");
                        array.push_formatted(value);
                    }
                    None => array.push(item.as_str()),
                }
            }
        }
        None => {
            let all = current.iter().chain(&added);
            table[key] = value(Array::from_iter(all));
        }
    }
    added
}

fn strings(table: &Table, key: &str) -> Option<Vec<String>> {
    table.get(key).and_then(Item::as_array).map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect()
    })
}

fn as_f64(item: &Item) -> Option<f64> {
    item.as_float()
        .or_else(|| item.as_integer().map(|i| i as f64))
}

/// Replaces a value keeping its decor (the spaces around it and a trailing comment).
fn set_keeping_decor(table: &mut Table, key: &str, mut new: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *new.decor_mut() = old.decor().clone();
    }
    table[key] = Item::Value(new);
}

/// A whole number as a TOML integer, anything else as a float.
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}
