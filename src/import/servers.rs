//! The plain `--servers` CSV, and the inventory: RVTools VMs and `--servers` rows joined by
//! server name.

use super::ImportFailure;
use super::rvtools::{attribute_columns, attributes};
use super::table::{Table, missing_column, normalize, read_csv};
use super::{Server, Skip, Wanted, server_key};
use crate::model::{Criticality, Sensitivity};
use std::collections::HashMap;
use std::path::Path;

pub(super) const SERVER: &[&str] = &["server"];
pub(super) const WORKLOAD: &[&str] = &["workload"];
pub(super) const ENVIRONMENT: &[&str] = &["environment"];
pub(super) const DATA_GB: &[&str] = &["data_gb"];
pub(super) const BUSINESS_UNIT: &[&str] = &["business_unit"];
pub(super) const CRITICALITY: &[&str] = &["criticality"];
pub(super) const SENSITIVITY: &[&str] = &["sensitivity"];

/// A `--servers` row: a server, and whether it gave `data_gb`.
pub(super) struct ServerRow {
    server: Server,
    data_gb: Option<f64>,
}

/// The rows of a `--servers` file, with its headers.
pub(super) fn read(
    path: &Path,
    bytes: &[u8],
    wanted: &Wanted,
) -> Result<(Vec<ServerRow>, Vec<String>), ImportFailure> {
    let file = path.display().to_string();
    let table = read_csv(&file, bytes)?;
    let server = table.require(SERVER)?;
    let workload = table.column(WORKLOAD);
    let environment = table.column(ENVIRONMENT);
    let data_gb = table.column(DATA_GB);
    let business_unit = table.column(BUSINESS_UNIT);
    let criticality = table.column(CRITICALITY);
    let sensitivity = table.column(SENSITIVITY);
    let attrs = attribute_columns(&table, wanted);
    let text =
        |row, column| Some(table.text(row, column).into_owned()).filter(|s: &String| !s.is_empty());
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let Some(name) = text(row, Some(server)) else {
            continue;
        };
        let gb = table.number(row, data_gb)?;
        if gb.is_some_and(|gb| gb < 0.0) {
            return Err(table.bad_value(
                row,
                data_gb,
                &table.text(row, data_gb),
                "a size of at least 0",
                "write decimal GB, e.g. 250",
            ));
        }
        rows.push(ServerRow {
            server: Server {
                key: server_key(&name),
                name,
                attrs: attributes(&table, row, &attrs),
                in_use_gb: gb.unwrap_or(0.0),
                workload: text(row, workload),
                environment: text(row, environment),
                business_unit: text(row, business_unit),
                criticality: enumerated(
                    &table,
                    row,
                    criticality,
                    Criticality::parse,
                    Criticality::NAMES,
                )?,
                sensitivity: enumerated(
                    &table,
                    row,
                    sensitivity,
                    Sensitivity::parse,
                    Sensitivity::NAMES,
                )?,
                ..Server::default()
            },
            data_gb: gb,
        });
    }
    Ok((rows, table.headers))
}

/// An enumerated value in the spelling of plan.toml (any case), or an error listing them.
fn enumerated<T: Copy>(
    table: &Table,
    row: &super::table::Row,
    column: Option<usize>,
    parse: fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<Option<T>, ImportFailure> {
    let text = table.text(row, column);
    if text.is_empty() {
        return Ok(None);
    }
    match parse(&text.to_lowercase()) {
        Some(value) => Ok(Some(value)),
        None => Err(table.bad_value(
            row,
            column,
            &text,
            "a value of plan.toml",
            &format!("use one of {}", names.join(", ")),
        )),
    }
}

/// Every server read, in row order: RVTools VMs first, then `--servers` rows that joined no VM.
#[derive(Default)]
pub(crate) struct Inventory {
    pub(crate) servers: Vec<Server>,
    /// Per source: its name and headers, for `--group-by` and friends.
    pub(crate) sources: Vec<(String, Vec<String>)>,
    pub(crate) vms: usize,
    pub(crate) server_rows: usize,
    pub(crate) joined: usize,
}

impl Inventory {
    pub(super) fn add_rvtools(&mut self, file: String, (vms, headers): (Vec<Server>, Vec<String>)) {
        self.vms = vms.len();
        self.servers.extend(vms);
        self.sources.push((file, headers));
    }

    /// Joins each row to the VM of the same name (its values win), or adds it as a server.
    pub(super) fn add_servers(
        &mut self,
        file: String,
        (rows, headers): (Vec<ServerRow>, Vec<String>),
    ) {
        self.server_rows = rows.len();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, server) in self.servers.iter().enumerate() {
            by_key.entry(server.key.clone()).or_insert(i);
        }
        for ServerRow { server, data_gb } in rows {
            let Some(&i) = by_key.get(&server.key) else {
                self.servers.push(server);
                continue;
            };
            self.joined += 1;
            let vm = &mut self.servers[i];
            vm.attrs.extend(server.attrs);
            if let Some(gb) = data_gb {
                vm.in_use_gb = gb;
            }
            macro_rules! wins {
                ($($field:ident),+) => { $(if server.$field.is_some() { vm.$field = server.$field; })+ };
            }
            wins!(
                workload,
                environment,
                business_unit,
                criticality,
                sensitivity
            );
        }
        self.sources.push((file, headers));
    }

    pub(super) fn skip_powered_off(&mut self) {
        for server in &mut self.servers {
            if server.skip.is_none() && server.powered_off {
                server.skip = Some(Skip::PoweredOff);
            }
        }
    }

    /// A column named by an option must be in one of the inventory's sources.
    pub(super) fn check_column(&self, option: &str, column: &str) -> Result<(), ImportFailure> {
        let wanted = normalize(column);
        if self
            .sources
            .iter()
            .any(|(_, headers)| headers.iter().any(|h| normalize(h) == wanted))
        {
            return Ok(());
        }
        let headers: Vec<String> = self
            .sources
            .iter()
            .flat_map(|(_, h)| h.iter().cloned())
            .collect();
        let names: Vec<&str> = self.sources.iter().map(|(n, _)| n.as_str()).collect();
        Err(missing_column(
            &[column],
            &format!("{option} `{column}`: {}", names.join(" or ")),
            names.first().copied().unwrap_or_default(),
            &headers,
        ))
    }
}
