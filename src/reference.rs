//! The key tables of the plan format reference (`docs/plan-format.md`), rendered in markdown
//! from the schema declaration: `waveplan schema --format markdown` prints them, and a test
//! compares them with the document, so a key cannot be added without the reference knowing.
//!
//! Each key's example is its first value in the built-in example plan (which uses every
//! feature), else its default, else a value of its kind.

use crate::inputs::PLAN_FILE;
use crate::schema::{FRONT_MATTER, Field, FieldKind, ROOT, Range, TableSchema};
use std::borrow::Cow;
use std::fmt::Write as _;
use toml::Value;

/// The file `waveplan init` writes beside plan.toml: the JSON Schema, for editors. It is not an
/// input: check, build and archive leave it alone.
pub const SCHEMA_FILE: &str = "plan.schema.json";

/// The first line `waveplan init` gives plan.toml: editors using taplo (VS Code's Even Better
/// TOML) validate and complete the file against the schema it names. A TOML comment to
/// waveplan.
pub const SCHEMA_DIRECTIVE: &str = "#:schema ./plan.schema.json";

/// `waveplan help plan`.
pub const PLAN_HELP: &str = "\
The plan format is described in full in docs/plan-format.md (in the waveplan repository and
source package): the plan folder, every key of plan.toml, the planning rules in the order they
apply, every error and warning code with its fix, and plan.json.

A plan folder:
  plan.toml               the plan (required)
  workloads/<id>.md       notes shown on workload <id>'s page
  rollback/<id>.md        notes shown on its rollback page
  pages/<slug>.md         free pages (communication plan, lessons learned...)
  assets/...              rollback scripts, templates and runbooks that plan.toml names
  templates/, static/     overrides of the built-in templates and static files

plan.toml holds [plan] (title, start, wave length...), [network] (bandwidths of ExpressRoute,
VPN and internet; Data Box), [site], and any number of [[freeze]], [[peak]], [[workload]]
(each with [workload.rollback]), [[skill]], [[approval]] and [[check]] tables, and [import]
(for `waveplan import --into`). The smallest plan:

  [plan]
  title = \"Contoso datacenter exit\"
  start = 2027-02-01

  [network]
  vpn_mbps = 650

  [[workload]]
  id = \"crm\"
  name = \"Customer relationship management\"
  owner = \"Jane Doe\"
  data_gb = 1200

Every key with its type, default, range and an example:  waveplan schema --format markdown
Completion and checks in your editor (docs/editors.md):   waveplan schema > plan.schema.json
A complete example plan to start from:                    waveplan init my-plan
A plan from RVTools and Azure Migrate (docs/import.md):   waveplan import --help
";

/// The JSON Schema of plan.toml as `waveplan schema` prints it (without the final newline).
pub fn json_schema_text() -> String {
    serde_json::to_string_pretty(&crate::schema::json_schema()).unwrap_or_default()
}

/// The files `waveplan init` writes: a built-in example with [`SCHEMA_DIRECTIVE`] on the
/// first line of plan.toml, and [`SCHEMA_FILE`] with the bytes `waveplan schema` prints.
pub fn init_files(example: crate::embedded::Example) -> Vec<(&'static str, Cow<'static, [u8]>)> {
    let mut files: Vec<(&'static str, Cow<'static, [u8]>)> = example
        .files()
        .into_iter()
        .map(|(path, bytes)| {
            if path == PLAN_FILE && !bytes.starts_with(b"#:schema") {
                let mut with = format!("{SCHEMA_DIRECTIVE}\n").into_bytes();
                with.extend_from_slice(bytes);
                (path, Cow::Owned(with))
            } else {
                (path, Cow::Borrowed(bytes))
            }
        })
        .collect();
    let schema = format!("{}\n", json_schema_text()).into_bytes();
    files.push((SCHEMA_FILE, Cow::Owned(schema)));
    files
}

/// Longest example shown in a table cell, in characters.
const EXAMPLE_MAX: usize = 48;

/// The markdown tables: one section per table of plan.toml, in the order of the declaration,
/// then the front matter of notes.
pub fn markdown() -> String {
    let example = example_plan();
    let mut out = String::new();
    let mut tables: Vec<(&TableSchema, Vec<&Value>)> = vec![(&ROOT, example.iter().collect())];
    let mut i = 0;
    while i < tables.len() {
        let (table, values) = (tables[i].0, tables[i].1.clone());
        write_table(&mut out, table, &values);
        // Nested tables follow their parent, in declaration order.
        let mut nested = Vec::new();
        for field in table.fields {
            if let Some(child) = child_table(field.kind) {
                nested.push((child, children(&values, field.name)));
            }
        }
        for (offset, entry) in nested.into_iter().enumerate() {
            tables.insert(i + 1 + offset, entry);
        }
        i += 1;
    }
    let front_matter = example_front_matter();
    write_table(
        &mut out,
        &FRONT_MATTER,
        &front_matter.iter().collect::<Vec<_>>(),
    );
    out
}

/// The `+++` front matter of the example's notes and pages.
fn example_front_matter() -> Vec<Value> {
    crate::embedded::CONTENT
        .iter()
        .filter(|(path, _)| path.ends_with(".md"))
        .filter_map(|(_, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let rest = text.strip_prefix("+++\n")?;
            let end = rest.find("\n+++")?;
            toml::from_str::<toml::Table>(&rest[..end])
                .ok()
                .map(Value::Table)
        })
        .collect()
}

/// The built-in example plan as a TOML value (none if it does not parse, which its own tests
/// rule out).
fn example_plan() -> Option<Value> {
    let bytes = crate::embedded::CONTENT
        .iter()
        .find(|(path, _)| *path == PLAN_FILE)?
        .1;
    let text = std::str::from_utf8(bytes).ok()?;
    toml::from_str::<toml::Table>(text).ok().map(Value::Table)
}

fn child_table(kind: FieldKind) -> Option<&'static TableSchema> {
    match kind {
        FieldKind::Table(t) | FieldKind::TableArray(t) | FieldKind::InlineTableArray(t) => Some(t),
        _ => None,
    }
}

/// The values of key `name` in every table of `parents`, arrays of tables flattened.
fn children<'a>(parents: &[&'a Value], name: &str) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for parent in parents {
        match parent.get(name) {
            Some(Value::Array(items)) => out.extend(items.iter()),
            Some(value) => out.push(value),
            None => {}
        }
    }
    out
}

fn write_table(out: &mut String, table: &TableSchema, examples: &[&Value]) {
    let _ = writeln!(out, "### `{}`\n", table.display);
    let _ = writeln!(
        out,
        "| key | type | default | range | example | what it does |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
    for field in table.fields {
        let default = if field.required {
            "**required**".to_owned()
        } else {
            default_text(field).map_or_else(|| "—".to_owned(), |d| format!("`{d}`"))
        };
        let range = match field.range {
            Some(range) if field.kind.is_list() => entries_text(range),
            Some(range) => range_text(range),
            None => "—".to_owned(),
        };
        let example = match child_table(field.kind) {
            Some(child) => format!("see `{}`", child.display),
            None => format!("`{}`", example_text(field, examples)),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            field.name,
            cell(&kind_text(field.kind)),
            cell(&default),
            cell(&range),
            cell(&example),
            cell(field.doc),
        );
    }
    out.push('\n');
}

/// Text safe inside a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn kind_text(kind: FieldKind) -> String {
    let list = |values: &[&str]| {
        values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match kind {
        FieldKind::Str => "string".into(),
        FieldKind::Id => "id: `a-z`, `0-9` and `-`, not starting with `-`".into(),
        FieldKind::Int => "whole number".into(),
        FieldKind::Num => "number".into(),
        FieldKind::Bool => "`true` or `false`".into(),
        FieldKind::Date => "date `YYYY-MM-DD`".into(),
        FieldKind::Enum(values) => format!("one of {}", list(values)),
        FieldKind::StrArray => "list of strings".into(),
        FieldKind::IdArray => "list of workload ids".into(),
        FieldKind::EnumArray(values) => format!("list of {}", list(values)),
        FieldKind::Table(t) => format!("table `{}`", t.display),
        FieldKind::TableArray(t) => format!("tables `{}`, any number", t.display),
        FieldKind::InlineTableArray(t) => format!("list of inline tables ({})", t.display),
        FieldKind::Overrides(o) => format!("inline table of keys of `{}`", o.table.display),
        FieldKind::OverridesById(o) => format!(
            "inline table: workload id = inline table of keys of `{}`",
            o.table.display
        ),
    }
}

fn range_text(range: Range) -> String {
    let min = if range.min_exclusive { ">" } else { ">=" };
    match range.max {
        Some(max) => format!("{min} {} and <= {}", number(range.min), number(max)),
        None => format!("{min} {}", number(range.min)),
    }
}

/// How many entries a list may hold.
fn entries_text(range: Range) -> String {
    match range.max {
        Some(max) => format!("{} to {} entries", number(range.min), number(max)),
        None if range.min == 1.0 => "not empty".to_owned(),
        None => format!("at least {} entries", number(range.min)),
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The default as a plan author would write it in TOML.
fn default_text(field: &Field) -> Option<String> {
    field.default.map(|d| d.to_string())
}

/// The key's first value in the example plan that differs from its default (else its first
/// value there), else its default, else a value of its kind.
fn example_text(field: &Field, tables: &[&Value]) -> String {
    let default = default_text(field);
    let values: Vec<String> = tables
        .iter()
        .filter_map(|t| t.get(field.name))
        .map(inline)
        .collect();
    if let Some(value) = values
        .iter()
        .find(|v| Some(v.as_str()) != default.as_deref())
        .or(values.first())
    {
        return shorten(value);
    }
    if let Some(default) = default {
        return default;
    }
    match field.kind {
        FieldKind::Str => "\"...\"".into(),
        FieldKind::Id => "\"crm\"".into(),
        FieldKind::Int => field
            .range
            .map_or_else(|| "1".to_owned(), |r| number(r.min.max(1.0))),
        FieldKind::Num => "100".into(),
        FieldKind::Bool => "true".into(),
        FieldKind::Date => "2027-02-01".into(),
        FieldKind::Enum(values) | FieldKind::EnumArray(values) => {
            let first = values.first().copied().unwrap_or_default();
            if matches!(field.kind, FieldKind::Enum(_)) {
                format!("\"{first}\"")
            } else {
                format!("[\"{first}\"]")
            }
        }
        FieldKind::StrArray => "[\"...\"]".into(),
        FieldKind::IdArray => "[\"crm\"]".into(),
        FieldKind::Table(_) | FieldKind::TableArray(_) | FieldKind::InlineTableArray(_) => {
            String::new()
        }
        FieldKind::Overrides(_) => "{ wave_weeks = 6 }".into(),
        FieldKind::OverridesById(_) => "{ crm = { path = \"vpn\" } }".into(),
    }
}

/// A TOML value on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Value::Table(table) => format!(
            "{{ {} }}",
            table
                .iter()
                .map(|(k, v)| format!("{k} = {}", inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// At most [`EXAMPLE_MAX`] characters: a long string or list is cut with `...`.
fn shorten(text: &str) -> String {
    if text.chars().count() <= EXAMPLE_MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(EXAMPLE_MAX - 4).collect();
    let closing = match text.chars().next() {
        Some('"') => "...\"",
        Some('[') => "...]",
        Some('{') => "... }",
        _ => "...",
    };
    format!("{}{closing}", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_adds_the_schema_directive_and_file() {
        let files = init_files(crate::embedded::EXAMPLES[0]);
        let plan = &files.iter().find(|(p, _)| *p == PLAN_FILE).unwrap().1;
        let text = std::str::from_utf8(plan).unwrap();
        assert_eq!(text.lines().next(), Some(SCHEMA_DIRECTIVE));
        assert_eq!(text.matches("#:schema").count(), 1);
        let schema = &files.iter().find(|(p, _)| *p == SCHEMA_FILE).unwrap().1;
        let schema: serde_json::Value = serde_json::from_slice(schema).unwrap();
        assert_eq!(schema, crate::schema::json_schema());
        assert_eq!(files.len(), crate::embedded::CONTENT.len() + 1);
    }

    #[test]
    fn every_key_of_every_table_has_a_row() {
        let text = markdown();
        for table in [&crate::schema::PLAN, &crate::schema::WORKLOAD] {
            assert!(text.contains(&format!("### `{}`", table.display)), "{text}");
            for field in table.fields {
                assert!(
                    text.contains(&format!("| `{}` |", field.name)),
                    "{}",
                    field.name
                );
            }
        }
        assert!(text.contains("| `start` | date `YYYY-MM-DD` | **required** |"));
        assert!(text.contains("| `utilization` | number | `0.8` | > 0 and <= 1 |"));
    }

    #[test]
    fn examples_come_from_the_example_plan_and_are_short() {
        let text = markdown();
        // The example plan starts on this day.
        let plan = crate::schema::PLAN.field("start").unwrap();
        let example = example_plan().unwrap();
        let tables = children(&[&example], "plan");
        let start = example_text(plan, &tables);
        assert!(text.contains(&format!("`{start}`")), "{start}");
        assert!(start.starts_with("20"), "{start}");
        assert_eq!(
            shorten(&format!("\"{}\"", "x".repeat(80))).chars().count(),
            48
        );
        assert!(shorten(&format!("[{}]", "1, ".repeat(40))).ends_with("...]"));
    }
}
