//! Checking and reading spanned TOML values against the declarations in `crate::schema`.

use super::Reporter;
use crate::diagnostics::did_you_mean;
use crate::schema::{self, Field, FieldKind, TableSchema};
use jiff::civil::Date;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// Why a value does not fit its declaration: (code, message, help).
pub(super) type Misfit = (&'static str, String, Option<String>);

pub(super) fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

pub(super) fn wrong_type(expected: &str, value: &DeValue<'_>, example: &str) -> Misfit {
    (
        "E-type",
        format!("expected {expected}, found {}", type_name(value)),
        Some(format!("write it as {example}")),
    )
}

pub(super) fn as_str<'a>(value: &'a DeValue<'_>) -> Result<&'a str, Misfit> {
    value
        .as_str()
        .ok_or_else(|| wrong_type("a string", value, "\"text\""))
}

pub(super) fn as_int(value: &DeValue<'_>) -> Result<i64, Misfit> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_err(|_| ("E-range", "integer out of range".to_string(), None)),
        other => Err(wrong_type("an integer", other, "a whole number, e.g. 4")),
    }
}

pub(super) fn as_num(value: &DeValue<'_>) -> Result<f64, Misfit> {
    let n = match value {
        DeValue::Integer(_) => as_int(value)? as f64,
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .unwrap_or(f64::NAN),
        other => return Err(wrong_type("a number", other, "a number, e.g. 250 or 0.8")),
    };
    if n.is_finite() {
        Ok(n)
    } else {
        Err((
            "E-range",
            "expected a finite number".into(),
            Some("use a plain number such as 12.5".into()),
        ))
    }
}

pub(super) fn as_bool(value: &DeValue<'_>) -> Result<bool, Misfit> {
    value
        .as_bool()
        .ok_or_else(|| wrong_type("a boolean", value, "true or false"))
}

pub(super) fn as_date(value: &DeValue<'_>) -> Result<Date, Misfit> {
    let Some(dt) = value.as_datetime() else {
        return Err(wrong_type(
            "a date",
            value,
            "a bare TOML date such as 2027-02-01 (no quotes)",
        ));
    };
    let Some(d) = dt.date.filter(|_| dt.time.is_none() && dt.offset.is_none()) else {
        return Err((
            "E-date",
            format!("expected a date without a time, found `{dt}`"),
            Some("write only the day, e.g. 2027-02-01".into()),
        ));
    };
    Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(|_| {
        (
            "E-date",
            format!(
                "{:04}-{:02}-{:02} is not a day of the calendar",
                d.year, d.month, d.day
            ),
            Some("check the day of the month".into()),
        )
    })
}

pub(super) fn as_array<'a, 'i>(value: &'a DeValue<'i>) -> Result<&'a [Value<'i>], Misfit> {
    value
        .as_array()
        .map(|a| &a[..])
        .ok_or_else(|| wrong_type("an array", value, "[\"a\", \"b\"]"))
}

pub(super) fn as_enum<'v>(
    value: &'v DeValue<'_>,
    allowed: &'static [&'static str],
) -> Result<&'v str, Misfit> {
    let text = as_str(value)?;
    if allowed.contains(&text) {
        return Ok(text);
    }
    let list = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match did_you_mean(text, allowed.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? (one of {list})"),
        None => format!("use one of {list}"),
    };
    Err((
        "E-enum",
        format!("`{text}` is not allowed here"),
        Some(help),
    ))
}

pub(super) fn check_range(field: &Field, n: f64) -> Result<(), Misfit> {
    let Some(range) = field.range else {
        return Ok(());
    };
    let low = if range.min_exclusive {
        n <= range.min
    } else {
        n < range.min
    };
    let high = range.max.is_some_and(|max| n > max);
    if low || high {
        let mut bound = if range.min_exclusive {
            format!("greater than {}", range.min)
        } else {
            format!("at least {}", range.min)
        };
        if let Some(max) = range.max {
            bound.push_str(&format!(" and at most {max}"));
        }
        let help = format!("write a number {bound}; the key means: {}", field.doc);
        return Err((
            "E-range",
            format!("`{}` must be {bound}, found {n}", field.name),
            Some(help),
        ));
    }
    Ok(())
}

/// Checks a value against a field declaration, reporting every misfit (including nested ones).
pub(super) fn check_value(ctx: &mut Reporter<'_>, field: &Field, value: &Value<'_>) {
    let span = value.span();
    let misfit: Result<(), Misfit> = match field.kind {
        FieldKind::Str => as_str(value.get_ref()).map(drop),
        FieldKind::Id => as_str(value.get_ref()).and_then(check_id),
        FieldKind::Int => as_int(value.get_ref()).and_then(|n| check_range(field, n as f64)),
        FieldKind::Num => as_num(value.get_ref()).and_then(|n| check_range(field, n)),
        FieldKind::Bool => as_bool(value.get_ref()).map(drop),
        FieldKind::Date => as_date(value.get_ref()).map(drop),
        FieldKind::Enum(allowed) => as_enum(value.get_ref(), allowed).map(drop),
        FieldKind::StrArray | FieldKind::IdArray | FieldKind::EnumArray(_) => {
            match as_array(value.get_ref()) {
                Ok(items) => {
                    for item in items {
                        let item_misfit = match field.kind {
                            FieldKind::IdArray => as_str(item.get_ref()).and_then(check_id),
                            FieldKind::EnumArray(allowed) => {
                                as_enum(item.get_ref(), allowed).map(drop)
                            }
                            _ => as_str(item.get_ref()).map(drop),
                        };
                        if let Err((code, message, help)) = item_misfit {
                            let d = ctx.error(
                                code,
                                format!("in `{}`: {message}", field.name),
                                item.span(),
                            );
                            d.help = help;
                        }
                    }
                    Ok(())
                }
                Err(m) => Err(m),
            }
        }
        FieldKind::Table(table) => match value.get_ref() {
            DeValue::Table(t) => {
                check_table(ctx, table, t, span.clone());
                Ok(())
            }
            other => Err(wrong_type(
                "a table",
                other,
                &format!(
                    "a table: [{}] on its own line, or {{ key = value }}",
                    field.name
                ),
            )),
        },
        FieldKind::TableArray(table) | FieldKind::InlineTableArray(table) => {
            match value.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::Table(t) => check_table(ctx, table, t, item.span()),
                            other => {
                                let (code, message, help) =
                                    wrong_type("a table", other, "{ key = value }");
                                ctx.error(code, message, item.span()).help = help;
                            }
                        }
                    }
                    Ok(())
                }
                other => Err((
                    "E-type",
                    format!(
                        "`{}` must be an array of tables, found {}",
                        field.name,
                        type_name(other)
                    ),
                    Some(if matches!(field.kind, FieldKind::TableArray(_)) {
                        format!(
                            "write each entry under its own [[{}]] header (two brackets)",
                            field.name
                        )
                    } else {
                        format!("write {} = [ {{ ... }}, {{ ... }} ]", field.name)
                    }),
                )),
            }
        }
        FieldKind::Overrides(overrides) => match value.get_ref() {
            DeValue::Table(t) => {
                check_overrides(ctx, overrides, t);
                Ok(())
            }
            other => Err(wrong_type(
                "a table",
                other,
                &format!("{} = {{ key = value }}", field.name),
            )),
        },
        FieldKind::OverridesById(overrides) => match value.get_ref() {
            DeValue::Table(t) => {
                for (id, entry) in t.iter() {
                    if let Err((code, message, help)) = check_id(id.get_ref()) {
                        ctx.error(code, message, id.span()).help = help;
                    }
                    match entry.get_ref() {
                        DeValue::Table(t) => check_overrides(ctx, overrides, t),
                        other => {
                            let (code, message, help) = wrong_type(
                                "a table",
                                other,
                                &format!("{} = {{ key = value }}", id.get_ref()),
                            );
                            ctx.error(
                                code,
                                format!("`{}`: {message}", id.get_ref()),
                                entry.span(),
                            )
                            .help = help;
                        }
                    }
                }
                Ok(())
            }
            other => Err(wrong_type(
                "a table",
                other,
                &format!("{} = {{ crm = {{ key = value }} }}", field.name),
            )),
        },
    };
    if let Err((code, message, help)) = misfit {
        let message = if matches!(code, "E-type" | "E-enum")
            && !message.starts_with(&format!("`{}`", field.name))
        {
            format!("`{}`: {message}", field.name)
        } else {
            message
        };
        ctx.error(code, message, span).help = help;
    }
}

pub(super) fn check_id(id: &str) -> Result<(), Misfit> {
    if schema::is_valid_id(id) {
        return Ok(());
    }
    let suggestion: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    Err((
        "E-id",
        format!("`{id}` is not a valid id"),
        Some(if schema::is_valid_id(&suggestion) {
            format!("ids use lowercase letters, digits and `-`: try `{suggestion}`")
        } else {
            "ids use lowercase letters, digits and `-`, and start with a letter or digit".into()
        }),
    ))
}

/// Checks keys (unknown, missing) and every value of a table.
pub(super) fn check_table(
    ctx: &mut Reporter<'_>,
    schema: &TableSchema,
    table: &DeTable<'_>,
    span: Range<usize>,
) {
    for (key, value) in table.iter() {
        match schema.field(key.get_ref()) {
            Some(field) => {
                check_value(ctx, field, value);
                check_placeholder(ctx, schema, field, value);
            }
            None => {
                let names = schema.fields.iter().map(|f| f.name);
                let help = match did_you_mean(key.get_ref(), names) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "the keys of {} are {}",
                        schema.display,
                        schema
                            .fields
                            .iter()
                            .map(|f| format!("`{}`", f.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                ctx.error(
                    "E-unknown-key",
                    format!("unknown key `{}` in {}", key.get_ref(), schema.display),
                    key.span(),
                )
                .help = Some(help);
            }
        }
    }
    for field in schema.fields.iter().filter(|f| f.required) {
        if get(table, field.name).is_none() {
            let example = match field.kind {
                FieldKind::Table(_) => format!("add a [{}] table", field.name),
                FieldKind::TableArray(_) => format!("add at least one [[{}]] table", field.name),
                FieldKind::Date => format!("add `{} = 2027-02-01`", field.name),
                FieldKind::Num | FieldKind::Int => format!("add `{} = 0`", field.name),
                _ => format!("add `{} = \"...\"`", field.name),
            };
            // A table's span starts at its header; point at that line only.
            let header = span.start..span.start + 1;
            ctx.error(
                "E-missing",
                format!(
                    "{} is missing the required key `{}`",
                    schema.display, field.name
                ),
                header,
            )
            .help = Some(example);
        }
    }
}

/// Checks the keys and values of an override table: every key must be one of the table's
/// that may be overridden; nothing is required.
pub(super) fn check_overrides(
    ctx: &mut Reporter<'_>,
    overrides: &schema::Overrides,
    table: &DeTable<'_>,
) {
    let display = overrides.table.display;
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        if overrides.fixed.contains(&name) {
            ctx.error(
                "E-scenario-fixed",
                format!("`{name}` of {display} may not be overridden in a scenario"),
                key.span(),
            )
            .help = Some(format!(
                "a scenario keeps {}; remove `{name}` here",
                list(overrides.fixed)
            ));
            continue;
        }
        match overrides.allowed().find(|f| f.name == name) {
            Some(field) => check_value(ctx, field, value),
            None => {
                let names: Vec<&str> = overrides.allowed().map(|f| f.name).collect();
                let help = match did_you_mean(name, names.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("a scenario may override {}", list(&names)),
                };
                ctx.error(
                    "E-unknown-key",
                    format!("unknown key `{name}` in {display}"),
                    key.span(),
                )
                .help = Some(help);
            }
        }
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A required text that still holds the placeholder `waveplan import` writes.
fn check_placeholder(
    ctx: &mut Reporter<'_>,
    schema: &TableSchema,
    field: &Field,
    value: &Value<'_>,
) {
    if field.required
        && matches!(field.kind, FieldKind::Str)
        && value.get_ref().as_str() == Some(schema::PLACEHOLDER)
    {
        ctx.warning(
            "W-placeholder",
            format!(
                "`{}` of {} is a placeholder (\"{}\")",
                field.name,
                schema.display,
                schema::PLACEHOLDER
            ),
            value.span(),
        )
        .help = Some(format!(
            "replace \"{}\" with the real {}",
            schema::PLACEHOLDER,
            field.name.replace('_', " ")
        ));
    }
}

pub(super) fn get<'a, 'i>(table: &'a DeTable<'i>, name: &str) -> Option<&'a Value<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == name)
        .map(|(_, v)| v)
}

/// Typed reads of an already checked table: a value of the wrong type reads as absent
/// (its error has been reported by `check_table`).
pub(super) struct Fields<'a, 'i> {
    pub(super) table: &'a DeTable<'i>,
}

impl<'a, 'i> Fields<'a, 'i> {
    pub(super) fn value(&self, name: &str) -> Option<&'a Value<'i>> {
        get(self.table, name)
    }
    pub(super) fn span(&self, name: &str) -> Option<Range<usize>> {
        self.value(name).map(Spanned::span)
    }
    pub(super) fn str(&self, name: &str) -> Option<String> {
        self.value(name)
            .and_then(|v| as_str(v.get_ref()).ok())
            .map(str::to_owned)
    }
    pub(super) fn string(&self, name: &str) -> String {
        self.str(name).unwrap_or_default()
    }
    pub(super) fn int(&self, name: &str) -> Option<i64> {
        self.value(name).and_then(|v| as_int(v.get_ref()).ok())
    }
    pub(super) fn num(&self, name: &str) -> Option<f64> {
        self.value(name).and_then(|v| as_num(v.get_ref()).ok())
    }
    pub(super) fn bool(&self, name: &str) -> Option<bool> {
        self.value(name).and_then(|v| as_bool(v.get_ref()).ok())
    }
    pub(super) fn date(&self, name: &str) -> Option<Date> {
        self.value(name).and_then(|v| as_date(v.get_ref()).ok())
    }
    /// Strings of an array, with their spans; non-strings skipped.
    pub(super) fn strs_spanned(&self, name: &str) -> Vec<(String, Range<usize>)> {
        let Some(items) = self.value(name).and_then(|v| as_array(v.get_ref()).ok()) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|i| i.get_ref().as_str().map(|s| (s.to_owned(), i.span())))
            .collect()
    }
    pub(super) fn strs(&self, name: &str) -> Vec<String> {
        self.strs_spanned(name)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }
    pub(super) fn table(&self, name: &str) -> Option<(Fields<'a, 'i>, Range<usize>)> {
        let v = self.value(name)?;
        v.get_ref()
            .as_table()
            .map(|table| (Fields { table }, v.span()))
    }
    pub(super) fn tables(&self, name: &str) -> Vec<(Fields<'a, 'i>, Range<usize>)> {
        let Some(items) = self.value(name).and_then(|v| v.get_ref().as_array()) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|i| {
                i.get_ref()
                    .as_table()
                    .map(|table| (Fields { table }, i.span()))
            })
            .collect()
    }
    /// Span of `key = value` (key start to value end), for pointing at a whole setting.
    pub(super) fn key_spans(&self) -> Vec<(&'a str, Range<usize>)> {
        self.table
            .iter()
            .map(|(k, v)| {
                (
                    k.get_ref().as_ref(),
                    k.span().start..v.span().end.max(k.span().end),
                )
            })
            .collect()
    }
}
