//! The RVTools `vInfo` sheet, from the exported workbook (`.xlsx`, the sheet anywhere in it)
//! or saved on its own as CSV.

use super::ImportFailure;
use super::table::{Cell, Row, Table, normalize, read_csv};
use super::{Server, Skip, Wanted, server_key};
use crate::diagnostics::Diagnostic;
use calamine::{Data, Reader, Xlsx};
use std::path::Path;

pub(super) const SHEET: &str = "vInfo";
pub(super) const VM: &[&str] = &["VM"];
pub(super) const POWERSTATE: &[&str] = &["Powerstate"];
pub(super) const TEMPLATE: &[&str] = &["Template"];
pub(super) const SRM_PLACEHOLDER: &[&str] = &["SRM Placeholder"];
/// RVTools 4.x writes MiB; older versions wrote `MB`, which held MiB too.
pub(super) const IN_USE: &[&str] = &["In Use MiB", "In Use MB"];
pub(super) const PROVISIONED: &[&str] = &["Provisioned MiB", "Provisioned MB"];
pub(super) const CPUS: &[&str] = &["CPUs"];
pub(super) const MEMORY: &[&str] = &["Memory"];
pub(super) const OS: &[&str] = &[
    "OS according to the configuration file",
    "OS according to the VMware Tools",
];

/// The VMs of the export, in row order, with the headers found.
pub(super) fn read(
    path: &Path,
    bytes: &[u8],
    wanted: &Wanted,
) -> Result<(Vec<Server>, Vec<String>), ImportFailure> {
    let file = path.display().to_string();
    let table = if bytes.starts_with(b"PK") {
        read_xlsx(&file, bytes)?
    } else {
        read_csv(&file, bytes)?
    };
    let vm = table.require(VM)?;
    let in_use = table.require(IN_USE)?;
    let powerstate = table.column(POWERSTATE);
    let template = table.column(TEMPLATE);
    let srm = table.column(SRM_PLACEHOLDER);
    let provisioned = table.column(PROVISIONED);
    let cpus = table.column(CPUS);
    let memory = table.column(MEMORY);
    let os = table.column(OS);
    let attrs = attribute_columns(&table, wanted);
    let mut servers = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let name = table.text(row, Some(vm)).into_owned();
        if name.is_empty() {
            continue;
        }
        let skip = if table.boolean(row, template)? {
            Some(Skip::Template)
        } else if table.boolean(row, srm)? {
            Some(Skip::SrmPlaceholder)
        } else {
            None
        };
        let in_use_mib = table.number(row, Some(in_use))?.unwrap_or(0.0);
        if in_use_mib < 0.0 {
            return Err(table.bad_value(
                row,
                Some(in_use),
                &table.text(row, Some(in_use)),
                "a size of at least 0",
                "write the size in MiB",
            ));
        }
        servers.push(Server {
            key: server_key(&name),
            name,
            attrs: attributes(&table, row, &attrs),
            skip,
            powered_off: table
                .text(row, powerstate)
                .eq_ignore_ascii_case("poweredOff"),
            in_use_gb: super::sizes::mib_to_gb(in_use_mib),
            provisioned_gb: table.number(row, provisioned)?.map(super::sizes::mib_to_gb),
            os: Some(table.text(row, os).into_owned()).filter(|s| !s.is_empty()),
            cpus: table.number(row, cpus)?,
            memory_mib: table.number(row, memory)?,
            ..Server::default()
        });
    }
    Ok((servers, table.headers))
}

/// The columns to keep per server: (normalized header, column), first column of a name wins.
pub(super) fn attribute_columns(table: &Table, wanted: &Wanted) -> Vec<(String, usize)> {
    wanted
        .columns()
        .into_iter()
        .filter_map(|name| {
            table
                .headers
                .iter()
                .position(|h| normalize(h) == name)
                .map(|c| (name.to_string(), c))
        })
        .collect()
}

pub(super) fn attributes(
    table: &Table,
    row: &Row,
    columns: &[(String, usize)],
) -> std::collections::BTreeMap<String, String> {
    columns
        .iter()
        .filter_map(|(name, c)| {
            let value = table.text(row, Some(*c));
            (!value.is_empty()).then(|| (name.clone(), value.into_owned()))
        })
        .collect()
}

/// The `vInfo` sheet of a workbook, found by name wherever it is.
fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Table, ImportFailure> {
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|err| {
        Box::new(
            Diagnostic::error(
                "E-import-file",
                format!("{file} cannot be read as an .xlsx workbook: {err}"),
            )
            .in_file(file)
            .help("export from RVTools again, or save the vInfo sheet as CSV"),
        )
    })?;
    let names = workbook.sheet_names();
    let Some(sheet) = names.iter().find(|n| n.trim().eq_ignore_ascii_case(SHEET)) else {
        let listed = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let d = Diagnostic::error(
            "E-import-sheet",
            format!("{file} has no sheet `{SHEET}` (sheets found: {listed})"),
        )
        .in_file(file);
        let closest = crate::diagnostics::did_you_mean(SHEET, names.iter().map(String::as_str));
        return Err(Box::new(match closest {
            Some(near) => d.help(format!(
                "the closest sheet is `{near}`; export with RVTools' vInfo tab included"
            )),
            None => d.help("export with RVTools' vInfo tab included"),
        }));
    };
    let sheet = sheet.clone();
    let range = workbook.worksheet_range(&sheet).map_err(|err| {
        Box::new(
            Diagnostic::error(
                "E-import-sheet",
                format!("{file}, sheet {sheet} cannot be read: {err}"),
            )
            .in_file(file),
        )
    })?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut cells: Vec<Cell> = cells.iter().map(cell).collect();
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        // Columns before the range's first are empty: keep positions as in the sheet.
        if first_column > 0 {
            cells.splice(0..0, std::iter::repeat_n(Cell::Empty, first_column));
        }
        match headers {
            None => headers = Some(cells.iter().map(|c| c.text().into_owned()).collect()),
            Some(_) => rows.push(Row {
                at: first_row + i + 1,
                cells,
            }),
        }
    }
    Ok(Table {
        file: file.to_string(),
        sheet: Some(sheet),
        headers: headers.unwrap_or_default(),
        rows,
    })
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::Error(_) | Data::Empty => Cell::Empty,
    }
}
