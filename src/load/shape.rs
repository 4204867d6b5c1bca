//! Checking a plan.toml table against its declaration in `crate::schema`: unknown and missing
//! keys, each value's type, range and spelling, overrides, placeholders; every misfit reported.

use super::Reporter;
use super::values::{
    Misfit, Value, as_array, as_bool, as_date, as_enum, as_int, as_num, as_str, check_range, get,
    type_name, wrong_type,
};
use crate::diagnostics::did_you_mean;
use crate::schema::{self, Field, FieldKind, TableSchema};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

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
