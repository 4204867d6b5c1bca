//! Reading spanned TOML values: each kind's conversion (the misfit when it does not fit) and
//! typed reads of a checked table (`Fields`). The checks themselves are in `shape`.

use crate::diagnostics::did_you_mean;
use crate::schema::Field;
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
