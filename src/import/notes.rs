//! `workloads/<id>.md` for each new workload: its servers and its external dependencies.

use super::Server;
use super::grouping::Grouped;
use super::links::Linked;
use super::sizes::{mib_to_gib, round_tenth};
use std::fmt::Write as _;

/// The note of workload `index`; `dependency_data` says whether connections were imported.
pub(super) fn note(
    index: usize,
    grouped: &Grouped,
    servers: &[Server],
    linked: &Linked,
    dependency_data: bool,
) -> String {
    let workload = &grouped.workloads[index];
    let mut out = String::new();
    out.push_str(
        "Imported by `waveplan import` from discovery data. Edit freely: a later import never \
         rewrites this note.\n\n## Servers\n\n\
         | Server | Environment | OS | CPUs | Memory (GiB) | In use (GB) | Provisioned (GB) |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: |\n",
    );
    for &i in &workload.servers {
        let server = &servers[i];
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            cell(&server.name),
            cell(&grouped.environment[i]),
            cell(server.os.as_deref().unwrap_or("")),
            server.cpus.map(number).unwrap_or_default(),
            server
                .memory_mib
                .map(|m| number(round_tenth(mib_to_gib(m))))
                .unwrap_or_default(),
            number(round_tenth(server.in_use_gb)),
            server
                .provisioned_gb
                .map(|gb| number(round_tenth(gb)))
                .unwrap_or_default(),
        );
    }
    out.push_str("\n## External dependencies\n\n");
    let externals: Vec<_> = linked
        .externals
        .iter()
        .filter(|e| e.workload == index)
        .collect();
    if !dependency_data {
        out.push_str("No dependency data was imported.\n");
    } else if externals.is_empty() {
        out.push_str("None found: every connection stays within the imported servers.\n");
    } else {
        out.push_str(
            "Connections to servers outside the inventory: plan how each is reached from Azure.\n\n\
             | Destination | Ports | Service | From | Connections |\n\
             | --- | --- | --- | --- | ---: |\n",
        );
        for external in externals {
            let join = |items: Vec<String>| cell(&items.join(", "));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&external.destination),
                join(external.ports.iter().map(u16::to_string).collect()),
                join(external.services.iter().cloned().collect()),
                join(external.servers.iter().cloned().collect()),
                external.rows,
            );
        }
    }
    out
}

/// Text for a markdown table cell: pipes escaped, line breaks as spaces.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\r\nc"), "a\\|b  c");
        assert_eq!(number(16.0), "16");
        assert_eq!(number(7.5), "7.5");
    }
}
