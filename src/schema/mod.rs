//! The shape of plan.toml, declared once.
//!
//! The loader checks every table against these declarations (unknown keys, types, required
//! fields, enumerations, ranges) and applies their typed [`defaults`]; `waveplan schema` turns
//! the same declarations into a JSON Schema; the docs and pages read them too. So none of them
//! can drift apart.
//!
//! - [`tables`]: every table and key, with its kind, range, default and doc;
//! - [`defaults`]: the typed defaults and the weekday names;
//! - [`json`]: the JSON Schema.

use serde_json::{Value, json};
use std::fmt;

pub mod defaults;
mod json;
mod tables;

pub use json::json_schema;
pub use tables::*;

#[derive(Debug, Clone, Copy)]
pub enum FieldKind {
    Str,
    /// A string matching `[a-z0-9][a-z0-9-]*`.
    Id,
    Int,
    /// An integer or a float.
    Num,
    Bool,
    /// A TOML local date.
    Date,
    /// One of the spellings (an enum's `NAMES` in `model`).
    Enum(&'static [&'static str]),
    StrArray,
    IdArray,
    EnumArray(&'static [&'static str]),
    Table(&'static TableSchema),
    /// `[[name]]`.
    TableArray(&'static TableSchema),
    /// An array of inline tables (`[ { ... }, { ... } ]`).
    InlineTableArray(&'static TableSchema),
    /// A table holding some keys of another table, to replace them (a scenario's overrides).
    Overrides(&'static Overrides),
    /// A table keyed by workload id, each value a table of [`FieldKind::Overrides`].
    OverridesById(&'static Overrides),
}

/// Which keys of a table an override may replace: every key but `fixed`, none required.
#[derive(Debug)]
pub struct Overrides {
    pub table: &'static TableSchema,
    /// Keys that may not be overridden.
    pub fixed: &'static [&'static str],
}

impl Overrides {
    /// The keys that may be overridden, in declaration order.
    pub fn allowed(&self) -> impl Iterator<Item = &'static Field> + '_ {
        self.table
            .fields
            .iter()
            .filter(|f| !self.fixed.contains(&f.name))
    }
}

impl FieldKind {
    /// A list: its range, if any, bounds the number of entries.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            FieldKind::StrArray
                | FieldKind::IdArray
                | FieldKind::EnumArray(_)
                | FieldKind::TableArray(_)
                | FieldKind::InlineTableArray(_)
        )
    }
}

/// The values a number may take, or for a list ([`FieldKind::is_list`]) how many entries it
/// may hold.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub min: f64,
    /// `true`: the value must be strictly greater than `min`.
    pub min_exclusive: bool,
    pub max: Option<f64>,
}

pub const AT_LEAST_0: Option<Range> = Some(Range {
    min: 0.0,
    min_exclusive: false,
    max: None,
});
pub const ABOVE_0: Option<Range> = Some(Range {
    min: 0.0,
    min_exclusive: true,
    max: None,
});
pub const AT_LEAST_1: Option<Range> = Some(Range {
    min: 1.0,
    min_exclusive: false,
    max: None,
});

/// The value a key takes when plan.toml leaves it out, as typed data. Each one is built from a
/// constant in [`defaults`], which the loader applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    Int(i64),
    Num(f64),
    Bool(bool),
    /// A string, or the spelling of an enum value.
    Str(&'static str),
    Strs(&'static [&'static str]),
    Weekdays(&'static [jiff::civil::Weekday]),
}

impl DefaultValue {
    /// As JSON: a whole number is written without a fraction (`25`, not `25.0`).
    pub fn to_json(self) -> Value {
        match self {
            DefaultValue::Int(n) => json!(n),
            DefaultValue::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => json!(n as i64),
            DefaultValue::Num(n) => json!(n),
            DefaultValue::Bool(b) => json!(b),
            DefaultValue::Str(s) => json!(s),
            DefaultValue::Strs(list) => json!(list),
            DefaultValue::Weekdays(days) => {
                json!(
                    days.iter()
                        .map(|d| defaults::weekday_name(*d).key)
                        .collect::<Vec<_>>()
                )
            }
        }
    }
}

/// As TOML, the way a plan author would write it: `4`, `0.8`, `false`, `"draft"`,
/// `["mon", "tue"]`.
impl fmt::Display for DefaultValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, items: &mut dyn Iterator<Item = &str>| {
            let quoted: Vec<String> = items.map(|s| format!("{s:?}")).collect();
            write!(f, "[{}]", quoted.join(", "))
        };
        match *self {
            DefaultValue::Int(n) => write!(f, "{n}"),
            DefaultValue::Num(n) => write!(f, "{n}"),
            DefaultValue::Bool(b) => write!(f, "{b}"),
            DefaultValue::Str(s) => write!(f, "{s:?}"),
            DefaultValue::Strs(items) => list(f, &mut items.iter().copied()),
            DefaultValue::Weekdays(days) => {
                list(f, &mut days.iter().map(|d| defaults::weekday_name(*d).key))
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    pub range: Option<Range>,
    pub default: Option<DefaultValue>,
    pub doc: &'static str,
}

#[derive(Debug)]
pub struct TableSchema {
    /// How the table is written in plan.toml: `[plan]`, `[[workload]]`, `rollback trigger`.
    pub display: &'static str,
    pub fields: &'static [Field],
}

impl TableSchema {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn f(name: &'static str, kind: FieldKind, doc: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        range: None,
        default: None,
        doc,
    }
}
const fn req(name: &'static str, kind: FieldKind, doc: &'static str) -> Field {
    Field {
        required: true,
        ..f(name, kind, doc)
    }
}
const fn ranged(field: Field, range: Option<Range>) -> Field {
    Field { range, ..field }
}
const fn dflt(field: Field, default: DefaultValue) -> Field {
    Field {
        default: Some(default),
        ..field
    }
}

pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The id made from a name (a scenario's slug): lowercase, every run of characters other than
/// `a-z` and `0-9` one `-`, no `-` at either end. Empty when the name has no letter or digit.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table reachable from plan.toml, and the front matter.
    fn all_tables() -> Vec<&'static TableSchema> {
        let mut tables = vec![&ROOT, &FRONT_MATTER];
        let mut i = 0;
        while i < tables.len() {
            for field in tables[i].fields {
                if let FieldKind::Table(t)
                | FieldKind::TableArray(t)
                | FieldKind::InlineTableArray(t) = field.kind
                {
                    tables.push(t);
                }
            }
            i += 1;
        }
        tables
    }

    #[test]
    fn every_default_fits_its_kind_and_range() {
        let mut checked = 0;
        for table in all_tables() {
            for field in table.fields {
                let Some(default) = field.default else {
                    continue;
                };
                checked += 1;
                let name = format!("{} {}", table.display, field.name);
                assert!(!field.required, "{name}: required with a default");
                let number = match (field.kind, default) {
                    (FieldKind::Int, DefaultValue::Int(n)) => Some(n as f64),
                    (FieldKind::Num, DefaultValue::Num(n)) => Some(n),
                    (FieldKind::Bool, DefaultValue::Bool(_))
                    | (FieldKind::Str, DefaultValue::Str(_))
                    | (FieldKind::StrArray, DefaultValue::Strs(_)) => None,
                    (FieldKind::Enum(names), DefaultValue::Str(s)) => {
                        assert!(names.contains(&s), "{name}: {s} is not one of {names:?}");
                        None
                    }
                    (FieldKind::EnumArray(names), DefaultValue::Weekdays(days)) => {
                        assert_eq!(names, &defaults::WEEKDAY_NAMES[..], "{name}");
                        assert!(!days.is_empty(), "{name}");
                        None
                    }
                    (kind, default) => panic!("{name}: default {default:?} for {kind:?}"),
                };
                if let (Some(n), Some(range)) = (number, field.range) {
                    assert!(n > range.min || (n == range.min && !range.min_exclusive));
                    assert!(range.max.is_none_or(|max| n <= max), "{name}");
                }
            }
        }
        assert_eq!(checked, 25);
    }

    #[test]
    fn defaults_render_as_toml_and_json() {
        let toml: Vec<String> = PLAN
            .fields
            .iter()
            .filter_map(|f| f.default)
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            toml,
            [
                "\"draft\"",
                "4",
                "7",
                "9",
                "25",
                "[\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
                "2"
            ]
        );
        assert_eq!(DefaultValue::Num(0.8).to_string(), "0.8");
        assert_eq!(DefaultValue::Num(25.0).to_json(), json!(25));
        assert_eq!(DefaultValue::Num(0.8).to_json(), json!(0.8));
    }

    #[test]
    fn slugs_follow_the_id_rule() {
        assert_eq!(
            slug("ExpressRoute from day one"),
            "expressroute-from-day-one"
        );
        assert_eq!(slug("  Six-week waves!! (v2) "), "six-week-waves-v2");
        assert_eq!(slug("Årsplan 2028"), "rsplan-2028");
        assert_eq!(slug("--"), "");
        assert!(is_valid_id(&slug("A b_c")));
    }
}
