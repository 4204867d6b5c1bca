//! Azure Migrate dependency analysis exports: one row per connection seen (per time slot).

use super::ImportFailure;
use super::server_key;
use super::table::read_csv;
use std::path::Path;

pub(super) const SOURCE_NAME: &[&str] = &["Source server name"];
pub(super) const DESTINATION_NAME: &[&str] = &["Destination server name"];
pub(super) const DESTINATION_IP: &[&str] = &["Destination IP"];
pub(super) const DESTINATION_PORT: &[&str] = &["Destination port"];
pub(super) const DESTINATION_APPLICATION: &[&str] = &["Destination application"];
pub(super) const DESTINATION_PROCESS: &[&str] = &["Destination process"];

/// One connection row.
#[derive(Debug, Clone)]
pub(crate) struct Connection {
    /// The source server's first DNS label, lowercased.
    pub source: String,
    /// The destination server's first DNS label, lowercased; empty when unnamed.
    pub destination: String,
    /// The destination as written: its name, else its IP.
    pub destination_shown: String,
    pub port: Option<u16>,
    /// The destination application, else its process (for external connections).
    pub service: String,
}

pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<Vec<Connection>, ImportFailure> {
    let file = path.display().to_string();
    let table = read_csv(&file, bytes)?;
    let source = table.require(SOURCE_NAME)?;
    let destination = table.require(DESTINATION_NAME)?;
    let destination_ip = table.require(DESTINATION_IP)?;
    let port = table.require(DESTINATION_PORT)?;
    let application = table.column(DESTINATION_APPLICATION);
    let process = table.column(DESTINATION_PROCESS);
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let name = table.text(row, Some(destination));
        let shown = if name.is_empty() {
            table.text(row, Some(destination_ip))
        } else {
            name.clone()
        };
        let port_text = table.text(row, Some(port));
        let port_number = if port_text.is_empty() {
            None
        } else {
            match port_text.parse::<u16>() {
                Ok(n) => Some(n),
                Err(_) => {
                    return Err(table.bad_value(
                        row,
                        Some(port),
                        &port_text,
                        "a port number (0-65535)",
                        "export the dependencies again from Azure Migrate",
                    ));
                }
            }
        };
        let service = Some(table.text(row, application))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| table.text(row, process));
        rows.push(Connection {
            source: server_key(&table.text(row, Some(source))),
            destination: server_key(&name),
            destination_shown: shown.into_owned(),
            port: port_number,
            service: service.into_owned(),
        });
    }
    Ok(rows)
}
