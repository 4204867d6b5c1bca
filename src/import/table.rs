//! Tabular sources, a CSV file or one sheet of a workbook, as typed cells under headers that
//! match case-insensitively and ignoring surrounding spaces.

use super::ImportFailure;
use crate::diagnostics::Diagnostic;
use std::borrow::Cow;

/// One cell as the source holds it: a workbook keeps numbers and booleans typed, a CSV file
/// holds text only.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    /// The cell as text, trimmed; a whole number shows without a fraction.
    pub(super) fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text.trim()),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                Cow::Owned(format!("{}", *n as i64))
            }
            Cell::Number(n) => Cow::Owned(n.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "True" } else { "False" }),
        }
    }
}

pub(super) struct Row {
    /// Where the row starts: the line of a CSV file, the row number of a sheet (1-based).
    pub(super) at: usize,
    pub(super) cells: Vec<Cell>,
}

pub(super) struct Table {
    /// The file as the user named it.
    pub(super) file: String,
    /// The sheet of a workbook; `None` for a CSV file.
    pub(super) sheet: Option<String>,
    /// Headers as written, trimmed.
    pub(super) headers: Vec<String>,
    pub(super) rows: Vec<Row>,
}

/// A header for matching: trimmed and lowercased.
pub(super) fn normalize(header: &str) -> String {
    header.trim().to_lowercase()
}

impl Table {
    /// `rvtools.xlsx, sheet vInfo` or `deps.csv`.
    pub(super) fn source(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{}, sheet {sheet}", self.file),
            None => self.file.clone(),
        }
    }

    /// `rvtools.xlsx, sheet vInfo, row 12` or `deps.csv, line 12`.
    pub(super) fn place(&self, row: &Row) -> String {
        match &self.sheet {
            Some(sheet) => format!("{}, sheet {sheet}, row {}", self.file, row.at),
            None => format!("{}, line {}", self.file, row.at),
        }
    }

    /// The first column whose header is one of `names` (in the order of `names`).
    pub(super) fn column(&self, names: &[&str]) -> Option<usize> {
        let headers: Vec<String> = self.headers.iter().map(|h| normalize(h)).collect();
        names
            .iter()
            .find_map(|name| headers.iter().position(|h| *h == normalize(name)))
    }

    /// A required column, or an error naming the file, the sheet and the closest header.
    pub(super) fn require(&self, names: &[&str]) -> Result<usize, ImportFailure> {
        self.column(names)
            .ok_or_else(|| missing_column(names, &self.source(), &self.file, &self.headers))
    }

    pub(super) fn cell<'t>(&self, row: &'t Row, column: Option<usize>) -> &'t Cell {
        column
            .and_then(|c| row.cells.get(c))
            .unwrap_or(&Cell::Empty)
    }

    pub(super) fn text<'t>(&self, row: &'t Row, column: Option<usize>) -> Cow<'t, str> {
        self.cell(row, column).text()
    }

    /// A number, absent when the cell is empty; text that is not a number is an error naming
    /// the file, the row and the column.
    pub(super) fn number(
        &self,
        row: &Row,
        column: Option<usize>,
    ) -> Result<Option<f64>, ImportFailure> {
        match self.cell(row, column) {
            Cell::Empty => Ok(None),
            Cell::Number(n) => Ok(Some(*n)),
            other => {
                let text = other.text();
                if text.is_empty() {
                    return Ok(None);
                }
                match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => Ok(Some(n)),
                    _ => Err(self.bad_value(
                        row,
                        column,
                        &text,
                        "a number",
                        "write a plain number such as 20480 (no units, no thousands separators)",
                    )),
                }
            }
        }
    }

    /// A boolean: a typed cell, or text `true`/`false`, `yes`/`no`, `1`/`0` in any case; empty
    /// is false.
    pub(super) fn boolean(&self, row: &Row, column: Option<usize>) -> Result<bool, ImportFailure> {
        match self.cell(row, column) {
            Cell::Bool(b) => Ok(*b),
            Cell::Number(n) => Ok(*n != 0.0),
            other => match other.text().to_lowercase().as_str() {
                "" | "false" | "no" | "0" => Ok(false),
                "true" | "yes" | "1" => Ok(true),
                text => {
                    Err(self.bad_value(row, column, text, "true or false", "write True or False"))
                }
            },
        }
    }

    pub(super) fn bad_value(
        &self,
        row: &Row,
        column: Option<usize>,
        found: &str,
        expected: &str,
        help: &str,
    ) -> ImportFailure {
        let header = column
            .and_then(|c| self.headers.get(c))
            .map_or("?", String::as_str);
        Box::new(
            Diagnostic::error(
                "E-import-value",
                format!(
                    "{}: column `{header}` holds `{found}`, expected {expected}",
                    self.place(row)
                ),
            )
            .in_file(&self.file)
            .help(help),
        )
    }
}

/// A missing column: names the source and the closest header found.
pub(super) fn missing_column(
    names: &[&str],
    source: &str,
    file: &str,
    headers: &[String],
) -> ImportFailure {
    let wanted = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let first = names.first().map_or(String::new(), |n| normalize(n));
    let closest = headers
        .iter()
        .filter(|h| !h.is_empty())
        .map(|h| (strsim::normalized_levenshtein(&first, &normalize(h)), h))
        .fold(None::<(f64, &String)>, |best, (score, h)| match best {
            Some((s, _)) if s >= score => best,
            _ => Some((score, h)),
        })
        .map(|(_, h)| h.as_str());
    let d = Diagnostic::error(
        "E-import-column",
        format!("{source} has no column {wanted}"),
    )
    .in_file(file);
    Box::new(match closest {
        Some(near) => d.help(format!(
            "the closest header found is `{near}`; rename the header or export the column"
        )),
        None => d.help("the header row is empty: the first row must name the columns"),
    })
}

/// Reads CSV text: a byte-order mark is dropped, CRLF and quoted multi-line cells are read as
/// CSV defines them, and a `;` separator is recognised when the header row uses it.
pub(super) fn read_csv(file: &str, bytes: &[u8]) -> Result<Table, ImportFailure> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Box::new(
            Diagnostic::error(
                "E-import-file",
                format!("{file}, line {line}: not valid UTF-8"),
            )
            .in_file(file)
            .help("save the export as UTF-8 CSV (Excel: \"CSV UTF-8 (Comma delimited)\")"),
        )
    })?;
    let bytes = crate::inputs::strip_bom(text).as_bytes();
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Lines are counted here: the csv crate's count is off by one after a CRLF line end.
    let (mut counted_to, mut line) = (0usize, 1usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                return Err(Box::new(
                    Diagnostic::error(
                        "E-import-file",
                        format!("{file}, line {line}: cannot be read as CSV: {err}"),
                    )
                    .in_file(file)
                    .help("save the export as CSV (UTF-8)"),
                ));
            }
        }
        // A record's position may be the line end before it (CRLF): skip to its first byte.
        let mut offset = record.position().map_or(0, |p| p.byte() as usize);
        while offset < bytes.len() && matches!(bytes[offset], b'\r' | b'\n') {
            offset += 1;
        }
        line += bytes[counted_to..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted_to = offset;
        let at = line;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &headers {
            None => headers = Some(record.iter().map(|h| h.trim().to_string()).collect()),
            Some(_) => rows.push(Row {
                at,
                cells: record
                    .iter()
                    .map(|c| {
                        if c.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(c.to_string())
                        }
                    })
                    .collect(),
            }),
        }
    }
    Ok(Table {
        file: file.to_string(),
        sheet: None,
        headers: headers.unwrap_or_default(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_crlf_semicolons_and_multiline_cells() {
        let text = "\u{feff} Name ;Note\r\na;\"two\r\nlines\"\r\n\r\nb;x\r\n";
        let table = read_csv("t.csv", text.as_bytes()).unwrap();
        assert_eq!(table.headers, ["Name", "Note"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells[1], Cell::Text("two\r\nlines".into()));
        assert_eq!((table.rows[0].at, table.rows[1].at), (2, 5));
        assert_eq!(table.column(&["name"]), Some(0));
    }

    #[test]
    fn missing_column_names_the_closest_header() {
        let table = read_csv("t.csv", b"Servr,Workload\nx,y\n").unwrap();
        let err = table.require(&["server"]).unwrap_err();
        assert!(
            err.message.contains("t.csv has no column `server`"),
            "{err:?}"
        );
        assert!(err.help.unwrap().contains("`Servr`"));
    }

    #[test]
    fn numbers_and_booleans_as_text() {
        let table = read_csv("t.csv", b"n,b\n12.5,TRUE\nabc,maybe\n,FALSE\n").unwrap();
        let (good, bad, empty) = (&table.rows[0], &table.rows[1], &table.rows[2]);
        assert_eq!(table.number(good, Some(0)).unwrap(), Some(12.5));
        assert!(table.boolean(good, Some(1)).unwrap());
        let err = table.number(bad, Some(0)).unwrap_err();
        assert!(err.message.contains("t.csv, line 3"), "{}", err.message);
        assert!(table.boolean(bad, Some(1)).is_err());
        assert_eq!(table.number(empty, Some(0)).unwrap(), None);
    }
}
