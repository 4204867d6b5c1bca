//! From [`Inputs`] to a validated [`Plan`], collecting every input error in one run.
//!
//! plan.toml is parsed into a spanned tree, checked against the declarations in
//! [`crate::schema`] (unknown keys, types, required fields, ranges), then read into the typed
//! model; cross-references (ids, dependencies, assets, notes) are checked last.

use crate::diagnostics::{Diagnostic, did_you_mean, has_errors, sort};
use crate::inputs::{Inputs, PLAN_FILE};
use crate::model::*;
use crate::schema::{self, Field, Kind, TableSchema};
use jiff::civil::{Date, Weekday};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A loaded plan and its warnings, or every error (and warning) found.
pub fn load(inputs: &Inputs) -> Result<(Plan, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let plan = load_plan_toml(inputs, &mut diagnostics);
    let notes = load_notes(inputs, &mut diagnostics);
    // Cross-references are checked even when plan.toml has other errors, so that one run
    // reports everything; a plan with any error is not returned.
    let result = plan.map(|mut plan| {
        plan.notes = notes;
        check_cross_references(&plan, inputs, &mut diagnostics);
        plan
    });
    sort(&mut diagnostics);
    match result {
        Some(plan) if !has_errors(&diagnostics) => Ok((plan, diagnostics)),
        _ => Err(diagnostics),
    }
}

/// Diagnostics against one file's text.
struct Ctx<'t> {
    file: Arc<str>,
    text: &'t str,
    out: &'t mut Vec<Diagnostic>,
    /// Built on the first diagnostic: a broken plan may have thousands.
    lines: std::cell::OnceCell<crate::diagnostics::LineIndex>,
}

impl Ctx<'_> {
    fn error(
        &mut self,
        code: &'static str,
        message: impl Into<String>,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        let lines = self
            .lines
            .get_or_init(|| crate::diagnostics::LineIndex::new(self.text));
        let d = Diagnostic::error(code, message).at_indexed(&self.file, self.text, lines, span);
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }
    fn loc(&self, span: Range<usize>) -> Loc {
        Loc {
            file: self.file.clone(),
            start: span.start,
            end: span.end,
        }
    }
    /// `file:line:col` of a span, for notes that point at a second place.
    fn place(&self, span: Range<usize>) -> String {
        let p = crate::diagnostics::Position::of(self.text, span.start);
        format!("{}:{}:{}", self.file, p.line, p.column)
    }
}

fn set_help(d: &mut Diagnostic, help: impl Into<String>) {
    d.help = Some(help.into());
}

/// Decodes UTF-8, or reports where the first invalid byte is.
fn decode<'a>(file: &str, bytes: &'a [u8], out: &mut Vec<Diagnostic>) -> Option<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(err) => {
            let valid = err.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            let mut d = Diagnostic::error(
                "E-utf8",
                format!("{file} is not valid UTF-8 (byte {valid})"),
            )
            .in_file(file)
            .help("save the file as UTF-8");
            d.line = line;
            d.column = column;
            d.source_line = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..].to_string();
            out.push(d);
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Values: checking and converting one spanned TOML value against a declared kind.

type Value<'i> = Spanned<DeValue<'i>>;

/// Why a value does not fit its declaration: (code, message, help).
type Misfit = (&'static str, String, Option<String>);

fn type_name(value: &DeValue<'_>) -> &'static str {
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

fn wrong_type(expected: &str, value: &DeValue<'_>, example: &str) -> Misfit {
    (
        "E-type",
        format!("expected {expected}, found {}", type_name(value)),
        Some(format!("write it as {example}")),
    )
}

fn as_str<'a>(value: &'a DeValue<'_>) -> Result<&'a str, Misfit> {
    value
        .as_str()
        .ok_or_else(|| wrong_type("a string", value, "\"text\""))
}

fn as_int(value: &DeValue<'_>) -> Result<i64, Misfit> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_err(|_| ("E-range", "integer out of range".to_string(), None)),
        other => Err(wrong_type("an integer", other, "a whole number, e.g. 4")),
    }
}

fn as_num(value: &DeValue<'_>) -> Result<f64, Misfit> {
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

fn as_bool(value: &DeValue<'_>) -> Result<bool, Misfit> {
    value
        .as_bool()
        .ok_or_else(|| wrong_type("a boolean", value, "true or false"))
}

fn as_date(value: &DeValue<'_>) -> Result<Date, Misfit> {
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

fn as_array<'a, 'i>(value: &'a DeValue<'i>) -> Result<&'a [Value<'i>], Misfit> {
    value
        .as_array()
        .map(|a| &a[..])
        .ok_or_else(|| wrong_type("an array", value, "[\"a\", \"b\"]"))
}

fn as_enum<'v>(
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

fn check_range(field: &Field, n: f64) -> Result<(), Misfit> {
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
        return Err((
            "E-range",
            format!("`{}` must be {bound}, found {n}", field.name),
            None,
        ));
    }
    Ok(())
}

/// Checks a value against a field declaration, reporting every misfit (including nested ones).
fn check_value(ctx: &mut Ctx<'_>, field: &Field, value: &Value<'_>) {
    let span = value.span();
    let misfit: Result<(), Misfit> = match field.kind {
        Kind::Str => as_str(value.get_ref()).map(drop),
        Kind::Id => as_str(value.get_ref()).and_then(check_id),
        Kind::Int => as_int(value.get_ref()).and_then(|n| check_range(field, n as f64)),
        Kind::Num => as_num(value.get_ref()).and_then(|n| check_range(field, n)),
        Kind::Bool => as_bool(value.get_ref()).map(drop),
        Kind::Date => as_date(value.get_ref()).map(drop),
        Kind::Enum(allowed) => as_enum(value.get_ref(), allowed).map(drop),
        Kind::StrArray | Kind::IdArray | Kind::EnumArray(_) => match as_array(value.get_ref()) {
            Ok(items) => {
                for item in items {
                    let item_misfit = match field.kind {
                        Kind::IdArray => as_str(item.get_ref()).and_then(check_id),
                        Kind::EnumArray(allowed) => as_enum(item.get_ref(), allowed).map(drop),
                        _ => as_str(item.get_ref()).map(drop),
                    };
                    if let Err((code, message, help)) = item_misfit {
                        let d =
                            ctx.error(code, format!("in `{}`: {message}", field.name), item.span());
                        d.help = help;
                    }
                }
                Ok(())
            }
            Err(m) => Err(m),
        },
        Kind::Table(table) => match value.get_ref() {
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
        Kind::TableArray(table) | Kind::InlineTableArray(table) => match value.get_ref() {
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
                Some(if matches!(field.kind, Kind::TableArray(_)) {
                    format!(
                        "write each entry under its own [[{}]] header (two brackets)",
                        field.name
                    )
                } else {
                    format!("write {} = [ {{ ... }}, {{ ... }} ]", field.name)
                }),
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

fn check_id(id: &str) -> Result<(), Misfit> {
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
fn check_table(ctx: &mut Ctx<'_>, schema: &TableSchema, table: &DeTable<'_>, span: Range<usize>) {
    for (key, value) in table.iter() {
        match schema.field(key.get_ref()) {
            Some(field) => check_value(ctx, field, value),
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
                Kind::Table(_) => format!("add a [{}] table", field.name),
                Kind::TableArray(_) => format!("add at least one [[{}]] table", field.name),
                Kind::Date => format!("add `{} = 2027-02-01`", field.name),
                Kind::Num | Kind::Int => format!("add `{} = 0`", field.name),
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

fn get<'a, 'i>(table: &'a DeTable<'i>, name: &str) -> Option<&'a Value<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == name)
        .map(|(_, v)| v)
}

/// Typed reads of an already checked table: a value of the wrong type reads as absent
/// (its error has been reported by `check_table`).
struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
}

impl<'a, 'i> Fields<'a, 'i> {
    fn value(&self, name: &str) -> Option<&'a Value<'i>> {
        get(self.table, name)
    }
    fn span(&self, name: &str) -> Option<Range<usize>> {
        self.value(name).map(Spanned::span)
    }
    fn str(&self, name: &str) -> Option<String> {
        self.value(name)
            .and_then(|v| as_str(v.get_ref()).ok())
            .map(str::to_owned)
    }
    fn string(&self, name: &str) -> String {
        self.str(name).unwrap_or_default()
    }
    fn int(&self, name: &str) -> Option<i64> {
        self.value(name).and_then(|v| as_int(v.get_ref()).ok())
    }
    fn num(&self, name: &str) -> Option<f64> {
        self.value(name).and_then(|v| as_num(v.get_ref()).ok())
    }
    fn bool(&self, name: &str) -> Option<bool> {
        self.value(name).and_then(|v| as_bool(v.get_ref()).ok())
    }
    fn date(&self, name: &str) -> Option<Date> {
        self.value(name).and_then(|v| as_date(v.get_ref()).ok())
    }
    /// Strings of an array, with their spans; non-strings skipped.
    fn strs_spanned(&self, name: &str) -> Vec<(String, Range<usize>)> {
        let Some(items) = self.value(name).and_then(|v| as_array(v.get_ref()).ok()) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|i| i.get_ref().as_str().map(|s| (s.to_owned(), i.span())))
            .collect()
    }
    fn strs(&self, name: &str) -> Vec<String> {
        self.strs_spanned(name)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }
    fn table(&self, name: &str) -> Option<(Fields<'a, 'i>, Range<usize>)> {
        let v = self.value(name)?;
        v.get_ref()
            .as_table()
            .map(|table| (Fields { table }, v.span()))
    }
    fn tables(&self, name: &str) -> Vec<(Fields<'a, 'i>, Range<usize>)> {
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
    fn key_spans(&self) -> Vec<(&'a str, Range<usize>)> {
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

// ---------------------------------------------------------------------------------------------
// plan.toml

fn load_plan_toml(inputs: &Inputs, out: &mut Vec<Diagnostic>) -> Option<Plan> {
    let Some(bytes) = inputs.get(PLAN_FILE) else {
        out.push(
            Diagnostic::error("E-no-plan", format!("no {PLAN_FILE} in the plan folder"))
                .in_file(PLAN_FILE)
                .help("create a plan with `waveplan init DIR`"),
        );
        return None;
    };
    let text = decode(PLAN_FILE, bytes, out)?;
    let mut ctx = Ctx {
        file: Arc::from(PLAN_FILE),
        text,
        out,
        lines: Default::default(),
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for err in errors {
            let span = err.span().unwrap_or(0..0);
            let message = err.message().trim().to_string();
            ctx.error("E-toml", format!("TOML syntax: {message}"), span)
                .help = Some(toml_help(&message).into());
        }
        return None;
    }
    let root_span = root.span();
    let root = root.get_ref();
    check_table(
        &mut ctx,
        &schema::ROOT,
        root,
        root_span.start..root_span.start,
    );
    let top = Fields { table: root };
    let mut plan = read_plan(&mut ctx, &top);
    for (i, w) in plan.workloads.iter().enumerate() {
        plan.workload_ids.entry(w.id.clone()).or_insert(i);
    }
    Some(plan)
}

fn toml_help(message: &str) -> &'static str {
    if message.contains("duplicate key") {
        "each key may appear once per table; remove or rename one of them"
    } else if message.contains("invalid string") || message.contains("quote") {
        "put text in double quotes, e.g. name = \"CRM\""
    } else if message.contains("date") || message.contains("time") {
        "write dates as YYYY-MM-DD without quotes, e.g. start = 2027-02-01"
    } else {
        "see the TOML syntax at the line shown; strings need quotes, tables need [brackets]"
    }
}

fn read_plan(ctx: &mut Ctx<'_>, top: &Fields<'_, '_>) -> Plan {
    let empty = DeTable::new();
    let (plan, plan_span) = top
        .table("plan")
        .unwrap_or((Fields { table: &empty }, 0..0));
    let network = top.table("network").map(|(f, _)| f);
    let site = top.table("site").map(|(f, _)| f);

    let mut weekdays = Vec::new();
    if plan.value("cutover_weekdays").is_some() {
        for (day, _) in plan.strs_spanned("cutover_weekdays") {
            if let Some(w) = weekday(&day)
                && !weekdays.contains(&w)
            {
                weekdays.push(w);
            }
        }
        if weekdays.is_empty()
            && plan
                .value("cutover_weekdays")
                .and_then(|v| v.get_ref().as_array())
                .is_some_and(|a| a.is_empty())
        {
            let span = plan.span("cutover_weekdays").unwrap_or(plan_span.clone());
            ctx.error(
                "E-range",
                "`cutover_weekdays` is empty: no cutover could ever be scheduled",
                span,
            )
            .help = Some("list at least one day, e.g. [\"sat\", \"sun\"]".into());
        }
    } else {
        weekdays = vec![
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
        ];
    }

    let meta = PlanMeta {
        title: plan.string("title"),
        organization: plan.str("organization"),
        revision: plan.str("revision").unwrap_or_else(|| "draft".into()),
        start: plan.date("start").unwrap_or(Date::constant(2000, 1, 1)),
        wave_weeks: plan.int("wave_weeks").map_or(4, clamp_u32),
        wave_gap_days: plan.int("wave_gap_days").map_or(7, clamp_u32),
        max_units_per_wave: plan.int("max_units_per_wave").map(clamp_u32),
        max_data_tb_per_wave: plan.num("max_data_tb_per_wave"),
        pilot_max_units: plan.int("pilot_max_units").map_or(9, clamp_u32),
        estimate_buffer_percent: plan.num("estimate_buffer_percent").unwrap_or(25.0),
        cutover_weekdays: weekdays,
        cutover_overhead_hours: plan.num("cutover_overhead_hours").unwrap_or(2.0),
    };
    let n = |name: &str, default: f64| {
        network
            .as_ref()
            .and_then(|f| f.num(name))
            .unwrap_or(default)
    };
    let network = Network {
        expressroute_mbps: n("expressroute_mbps", 0.0),
        vpn_mbps: n("vpn_mbps", 0.0),
        internet_mbps: n("internet_mbps", 0.0),
        utilization: n("utilization", 0.8),
        databox_turnaround_days: n("databox_turnaround_days", 10.0),
        databox_device_tb: n("databox_device_tb", 120.0),
        databox_min_tb: n("databox_min_tb", 40.0),
    };
    let site = SiteSettings {
        raw_html: site
            .as_ref()
            .and_then(|f| f.bool("raw_html"))
            .unwrap_or(false),
        footer: site.as_ref().and_then(|f| f.str("footer")),
    };

    let freezes = top
        .tables("freeze")
        .into_iter()
        .filter_map(|(f, span)| {
            let (start, end) = date_range(ctx, &f, "freeze")?;
            Some(Freeze {
                name: f.string("name"),
                start,
                end,
                loc: ctx.loc(span),
            })
        })
        .collect();
    let peaks = top
        .tables("peak")
        .into_iter()
        .filter_map(|(f, span)| read_peak(ctx, &f, span))
        .collect();
    let workloads = top
        .tables("workload")
        .into_iter()
        .map(|(f, span)| read_workload(ctx, &f, span))
        .collect();
    let skills = top
        .tables("skill")
        .into_iter()
        .map(|(f, _)| Skill {
            area: f.string("area"),
            status: f
                .str("status")
                .and_then(|s| SkillStatus::parse(&s))
                .unwrap_or(SkillStatus::Gap),
            owner: f.str("owner"),
            note: f.str("note"),
        })
        .collect();
    let approvals = top
        .tables("approval")
        .into_iter()
        .map(|(f, span)| read_approval(ctx, &f, span))
        .collect();
    let checks = top
        .tables("check")
        .into_iter()
        .map(|(f, span)| Check {
            item: f.string("item"),
            wave: f.int("wave").map(clamp_u32),
            done: f.bool("done").unwrap_or(false),
            loc: ctx.loc(span),
        })
        .collect();

    Plan {
        meta,
        network,
        site,
        freezes,
        peaks,
        workloads,
        skills,
        approvals,
        checks,
        notes: Notes::default(),
        plan_toml: Arc::from(ctx.text),
        plan_lines: Arc::new(crate::diagnostics::LineIndex::new(ctx.text)),
        workload_ids: Default::default(),
    }
}

fn clamp_u32(n: i64) -> u32 {
    n.clamp(0, u32::MAX as i64) as u32
}

fn weekday(day: &str) -> Option<Weekday> {
    Some(match day {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

/// `start` and `end` of a table, with `end` not before `start`.
fn date_range(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, what: &str) -> Option<(Date, Date)> {
    let (start, end) = (f.date("start")?, f.date("end")?);
    if end < start {
        let span = f.span("end").unwrap_or_default();
        ctx.error(
            "E-date-order",
            format!("this {what} ends ({end}) before it starts ({start})"),
            span,
        )
        .help = Some("swap `start` and `end`, or correct the year".into());
        return None;
    }
    Some((start, end))
}

fn read_peak(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, span: Range<usize>) -> Option<Peak> {
    let month_end = f.int("month_end_days");
    let dated = f.value("start").is_some() || f.value("end").is_some();
    let when = match (month_end, dated) {
        (Some(_), true) => {
            ctx.error(
                "E-peak",
                "a peak has either `month_end_days` or `start` and `end`, not both",
                span,
            )
            .help = Some("split it into two [[peak]] tables".into());
            return None;
        }
        (Some(days), false) => PeakWhen::MonthEnd(clamp_u32(days)),
        (None, true) => {
            if f.value("start").is_none() || f.value("end").is_none() {
                let missing = if f.value("start").is_none() {
                    "start"
                } else {
                    "end"
                };
                ctx.error(
                    "E-missing",
                    format!("[[peak]] has a dated period without `{missing}`"),
                    span.start..span.start + 1,
                )
                .help = Some(format!("add `{missing} = 2027-11-30`"));
                return None;
            }
            let (start, end) = date_range(ctx, f, "peak")?;
            PeakWhen::Dated { start, end }
        }
        (None, false) => {
            if f.value("month_end_days").is_none() {
                ctx.error(
                    "E-peak",
                    "a peak needs `month_end_days` or a dated period (`start` and `end`)",
                    span.start..span.start + 1,
                )
                .help = Some("add `month_end_days = 3`, or `start` and `end` dates".into());
            }
            return None;
        }
    };
    Some(Peak {
        name: f.string("name"),
        when,
        business_units: f.strs("business_units"),
        workloads: f.strs("workloads"),
        loc: ctx.loc(span),
    })
}

fn read_approval(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, span: Range<usize>) -> Approval {
    let scope = match f.str("scope") {
        None => Scope::Plan,
        Some(s) if s == "plan" => Scope::Plan,
        Some(s) => match s
            .strip_prefix("wave-")
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| *n >= 1)
        {
            Some(n) => Scope::Wave(n),
            None => {
                let at = f.span("scope").unwrap_or(span.clone());
                ctx.error("E-scope", format!("`{s}` is not an approval scope"), at)
                    .help =
                    Some("use \"plan\" or \"wave-N\" with the wave number, e.g. \"wave-2\"".into());
                Scope::Plan
            }
        },
    };
    Approval {
        role: f.string("role"),
        name: f.string("name"),
        scope,
        signed_on: f.date("signed_on"),
        loc: ctx.loc(span),
    }
}

fn read_workload(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, span: Range<usize>) -> Workload {
    let criticality = f
        .str("criticality")
        .and_then(|s| Criticality::parse(&s))
        .unwrap_or(Criticality::Medium);
    let environments = if f.value("environments").is_some() {
        let envs = f.strs_spanned("environments");
        let mut seen = BTreeSet::new();
        for (env, at) in &envs {
            if !seen.insert(env.as_str()) {
                ctx.error(
                    "E-duplicate",
                    format!("environment `{env}` is listed twice"),
                    at.clone(),
                )
                .help = Some("remove the second entry".into());
            }
            if env.trim().is_empty() {
                ctx.error("E-range", "an environment name is empty", at.clone());
            }
        }
        if envs.is_empty() {
            let at = f.span("environments").unwrap_or(span.clone());
            ctx.error(
                "E-range",
                "`environments` is empty: the workload would have nothing to migrate",
                at,
            )
            .help = Some("list at least one, e.g. [\"prod\"]".into());
        }
        envs.into_iter().map(|(e, _)| e).collect()
    } else {
        vec!["prod".to_string()]
    };
    let data_gb = f.num("data_gb").unwrap_or(0.0);
    let rollback = f.table("rollback").map(|(r, _)| Rollback {
        authority: r.str("authority"),
        triggers: r
            .tables("triggers")
            .into_iter()
            .map(|(t, _)| Trigger {
                metric: t.string("metric"),
                threshold: t.string("threshold"),
                window: t.str("window"),
            })
            .collect(),
        steps: r.strs("steps"),
        max_minutes: r.num("max_minutes"),
        assets: r.strs("assets"),
        asset_locs: r
            .strs_spanned("assets")
            .into_iter()
            .map(|(_, at)| ctx.loc(at))
            .collect(),
        tested_on: r.date("tested_on"),
        test_result: r.str("test_result").and_then(|s| TestResult::parse(&s)),
        reviewed_on: r.date("reviewed_on"),
    });
    let mut key_locs = BTreeMap::new();
    for (key, at) in f.key_spans() {
        if let Some(field) = schema::WORKLOAD.field(key) {
            key_locs.insert(field.name, ctx.loc(at));
        }
    }
    let mut depends_on: Vec<String> = Vec::new();
    for dep in f.strs("depends_on") {
        if !depends_on.contains(&dep) {
            depends_on.push(dep);
        }
    }
    Workload {
        id: f.string("id"),
        name: f.string("name"),
        owner: f.string("owner"),
        business_unit: f.str("business_unit"),
        description: f.str("description"),
        criticality,
        criticality_validated: f.date("criticality_validated"),
        sensitivity: f
            .str("sensitivity")
            .and_then(|s| Sensitivity::parse(&s))
            .unwrap_or(Sensitivity::General),
        environments,
        data_gb,
        nonprod_data_gb: f.num("nonprod_data_gb").unwrap_or(data_gb),
        change_gb_per_day: f.num("change_gb_per_day").unwrap_or(0.0),
        max_downtime_hours: f.num("max_downtime_hours"),
        replication: f.bool("replication").unwrap_or(false),
        method: f
            .str("method")
            .and_then(|s| MethodChoice::parse(&s))
            .unwrap_or(MethodChoice::Auto),
        path: f
            .str("path")
            .and_then(|s| PathChoice::parse(&s))
            .unwrap_or(PathChoice::Auto),
        time_sensitive: f
            .bool("time_sensitive")
            .unwrap_or(criticality >= Criticality::High),
        depends_on,
        latency_tolerant: f.strs("latency_tolerant"),
        hybrid_plan: f.str("hybrid_plan"),
        success_criteria: f.strs("success_criteria"),
        tags: f.strs("tags"),
        rollback,
        loc: ctx.loc(span),
        key_locs,
    }
}

// ---------------------------------------------------------------------------------------------
// Cross-references: ids, dependencies, peaks, paths, assets, notes.

fn check_cross_references(plan: &Plan, inputs: &Inputs, out: &mut Vec<Diagnostic>) {
    let Some(text) = inputs
        .get(PLAN_FILE)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ctx = Ctx {
        file: Arc::from(PLAN_FILE),
        text,
        out,
        lines: Default::default(),
    };
    // Spans are re-derived from the workload's key locations, which hold `key = value`.
    let value_span = |w: &Workload, key: &str| -> Range<usize> {
        let loc = w.loc_of(key);
        loc.start..loc.end
    };

    let mut first_seen: BTreeMap<&str, &Workload> = BTreeMap::new();
    for w in plan.workloads.iter().filter(|w| !w.id.is_empty()) {
        if let Some(first) = first_seen.get(w.id.as_str()) {
            let first_place = ctx.place(value_span(first, "id"));
            ctx.error(
                "E-duplicate-id",
                format!("workload id `{}` is used twice", w.id),
                value_span(w, "id"),
            )
            .notes
            .push(format!("first defined at {first_place}"));
            let d = ctx.out.last_mut().expect("just pushed");
            set_help(d, "give each workload its own id");
        } else {
            first_seen.insert(&w.id, w);
        }
    }
    let ids: Vec<&str> = first_seen.keys().copied().collect();
    let unknown_id_help = |id: &str| match did_you_mean(id, ids.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "use the `id` of a [[workload]] in this plan".to_string(),
    };

    for w in &plan.workloads {
        for key in ["depends_on", "latency_tolerant"] {
            let list = if key == "depends_on" {
                &w.depends_on
            } else {
                &w.latency_tolerant
            };
            for dep in list {
                let at = item_span(text, &value_span(w, key), dep);
                if dep == &w.id {
                    ctx.error(
                        "E-self-dependency",
                        format!("workload `{}` depends on itself", w.id),
                        at,
                    )
                    .help = Some(format!("remove `{dep}` from `{key}`"));
                } else if !first_seen.contains_key(dep.as_str()) {
                    ctx.error(
                        "E-unknown-dependency",
                        format!("`{}` names an unknown workload `{dep}`", w.id),
                        at,
                    )
                    .help = Some(unknown_id_help(dep));
                } else if key == "latency_tolerant" && !w.depends_on.contains(dep) {
                    ctx.error(
                        "E-latency-tolerant",
                        format!(
                            "`{dep}` is latency-tolerant but not in `depends_on` of `{}`",
                            w.id
                        ),
                        at,
                    )
                    .help = Some(format!(
                        "add `{dep}` to `depends_on` too, or remove it here"
                    ));
                }
            }
        }
        if let Some(path) = w.path.path()
            && path.is_network()
            && plan.network.mbps(path) <= 0.0
        {
            ctx.error(
                "E-path-unavailable",
                format!(
                    "workload `{}` asks for path `{path}`, which the [network] does not have",
                    w.id
                ),
                value_span(w, "path"),
            )
            .help = Some(format!(
                "add `{path}_mbps = ...` to [network], or choose another path (or \"auto\")"
            ));
        }
        if let Some(rollback) = &w.rollback {
            for (asset, loc) in rollback.assets.iter().zip(&rollback.asset_locs) {
                check_asset(&mut ctx, inputs, asset, loc.start..loc.end);
            }
        }
    }

    // A [[peak]]'s span covers only its header: find each peak's `workloads` array by the
    // header's offset, so an error points at the unknown entry.
    let peak_lists: BTreeMap<usize, Range<usize>> = DeTable::parse(text)
        .ok()
        .and_then(|root| {
            let peaks = get(root.get_ref(), "peak")?.get_ref().as_array()?;
            Some(
                peaks
                    .iter()
                    .filter_map(|p| {
                        Some((
                            p.span().start,
                            get(p.get_ref().as_table()?, "workloads")?.span(),
                        ))
                    })
                    .collect(),
            )
        })
        .unwrap_or_default();
    for peak in &plan.peaks {
        let within = peak_lists
            .get(&peak.loc.start)
            .cloned()
            .unwrap_or(peak.loc.start..peak.loc.end);
        for id in &peak.workloads {
            if !first_seen.contains_key(id.as_str()) {
                let at = item_span(text, &within, id);
                ctx.error(
                    "E-unknown-workload",
                    format!("peak `{}` names an unknown workload `{id}`", peak.name),
                    at,
                )
                .help = Some(unknown_id_help(id));
            }
        }
    }
}

/// The span of `"item"` inside `within`, so an error about one array entry points at it.
fn item_span(text: &str, within: &Range<usize>, item: &str) -> Range<usize> {
    let region = text.get(within.clone()).unwrap_or_default();
    for quoted in [format!("\"{item}\""), format!("'{item}'")] {
        if let Some(i) = region.find(&quoted) {
            return within.start + i..within.start + i + quoted.len();
        }
    }
    within.clone()
}

fn check_asset(ctx: &mut Ctx<'_>, inputs: &Inputs, asset: &str, at: Range<usize>) {
    let normalized = asset.trim_start_matches("./");
    let escapes = normalized.starts_with('/')
        || normalized.contains('\\')
        || normalized
            .split('/')
            .any(|part| part == ".." || part.is_empty());
    if escapes {
        ctx.error(
            "E-asset-path",
            format!("asset path `{asset}` must stay inside the plan folder"),
            at,
        )
        .help =
            Some("write it relative to the plan folder, e.g. \"assets/crm/rollback.ps1\"".into());
        return;
    }
    if inputs.get(normalized).is_some() && normalized.starts_with("assets/") {
        return;
    }
    let known: Vec<&str> = inputs
        .files
        .keys()
        .filter(|k| k.starts_with("assets/"))
        .map(String::as_str)
        .collect();
    let help = if !normalized.starts_with("assets/") {
        "put rollback scripts and templates under assets/ and name them as \"assets/...\""
            .to_string()
    } else {
        match did_you_mean(normalized, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("create {normalized} in the plan folder, or correct the path"),
        }
    };
    ctx.error(
        "E-asset-missing",
        format!("asset `{asset}` does not exist"),
        at,
    )
    .help = Some(help);
}

// ---------------------------------------------------------------------------------------------
// Notes: workloads/<id>.md, rollback/<id>.md, pages/<slug>.md.

fn load_notes(inputs: &Inputs, out: &mut Vec<Diagnostic>) -> Notes {
    let ids = workload_ids(inputs);
    let mut notes = Notes::default();
    for folder in ["workloads", "rollback", "pages"] {
        for (name, bytes) in inputs.under(folder) {
            let file = format!("{folder}/{name}");
            let Some(stem) = name.strip_suffix(".md") else {
                out.push(
                    Diagnostic::warning(
                        "W-ignored-file",
                        format!("{file} is not a .md note and is ignored"),
                    )
                    .in_file(&file)
                    .help("notes are markdown files named <id>.md"),
                );
                continue;
            };
            let Some(text) = decode(&file, bytes, out) else {
                continue;
            };
            if folder == "pages" {
                if !schema::is_valid_id(stem) {
                    out.push(
                        Diagnostic::error("E-page-name", format!("page name `{stem}` cannot be used in a link"))
                            .in_file(&file)
                            .help("name pages with lowercase letters, digits and `-`, e.g. pages/communication-plan.md"),
                    );
                    continue;
                }
            } else if let Some(ids) = &ids
                && !ids.contains(stem)
            {
                let help = match did_you_mean(stem, ids.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean {folder}/{near}.md?"),
                    None => {
                        format!("rename it to {folder}/<id>.md after an existing workload id")
                    }
                };
                let mut d = Diagnostic::error(
                    "E-notes-unknown",
                    format!("{file} names no workload: there is no `{stem}`"),
                )
                .in_file(&file)
                .help(help);
                d.line = 1;
                d.column = 1;
                d.source_line = text.lines().next().unwrap_or_default().to_string();
                out.push(d);
                continue;
            }
            let Some(note) = parse_note(&file, text, out) else {
                continue;
            };
            match folder {
                "workloads" => {
                    notes.workloads.insert(stem.to_string(), note);
                }
                "rollback" => {
                    notes.rollback.insert(stem.to_string(), note);
                }
                _ => notes.pages.push(Page {
                    slug: stem.to_string(),
                    note,
                }),
            }
        }
    }
    notes
        .pages
        .sort_by(|a, b| (a.note.weight, &a.slug).cmp(&(b.note.weight, &b.slug)));
    notes
}

/// Workload ids from plan.toml, read leniently so note names can be checked even when the
/// plan has other errors. `None` when plan.toml cannot be parsed at all.
fn workload_ids(inputs: &Inputs) -> Option<BTreeSet<String>> {
    let text = std::str::from_utf8(inputs.get(PLAN_FILE)?).ok()?;
    let root = DeTable::parse(text.strip_prefix('\u{feff}').unwrap_or(text)).ok()?;
    let workloads = get(root.get_ref(), "workload")?.get_ref().as_array()?;
    Some(
        workloads
            .iter()
            .filter_map(|w| w.get_ref().as_table())
            .filter_map(|t| {
                get(t, "id")
                    .and_then(|v| v.get_ref().as_str())
                    .map(str::to_owned)
            })
            .collect(),
    )
}

static FRONT_MATTER: TableSchema = TableSchema {
    display: "front matter",
    fields: &[
        Field {
            name: "title",
            kind: Kind::Str,
            required: false,
            range: None,
            default: None,
            doc: "Title.",
        },
        Field {
            name: "weight",
            kind: Kind::Int,
            required: false,
            range: None,
            default: None,
            doc: "Order.",
        },
    ],
};

/// One note file read on its own, as [`load`] reads it (UTF-8, front matter): `serve`
/// re-reads only the note that changed. Checks that need the whole plan (its name names a
/// workload) are not made here.
pub fn note(file: &str, bytes: &[u8], out: &mut Vec<Diagnostic>) -> Option<Note> {
    let text = decode(file, bytes, out)?;
    parse_note(file, text, out)
}

/// Splits optional `+++` TOML front matter from a note's markdown body.
pub fn parse_note(file: &str, text: &str, out: &mut Vec<Diagnostic>) -> Option<Note> {
    let mut note = Note {
        file: file.to_string(),
        title: None,
        weight: 0,
        body: text.to_string(),
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        return Some(note);
    }
    let after = first_line_end;
    let mut close = None;
    let mut pos = after;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            close = Some((pos, end));
            break;
        }
        pos = end;
    }
    let Some((close_start, close_end)) = close else {
        out.push(
            Diagnostic::error(
                "E-front-matter",
                "front matter opened with +++ is never closed",
            )
            .at(file, text, 0..3)
            .help("end the front matter with a line holding only +++"),
        );
        return None;
    };
    let errors_before = out.len();
    // Parse the front matter in place (blanked-out surroundings keep spans file-relative).
    let mut padded = String::with_capacity(close_start);
    // One space per byte, not per character: a multi-byte character on the `+++` line
    // would otherwise shift every span that follows.
    padded.extend(
        text[..after]
            .bytes()
            .map(|b| if b == b'\n' { '\n' } else { ' ' }),
    );
    padded.push_str(&text[after..close_start]);
    match DeTable::parse(&padded) {
        Ok(table) => {
            let mut ctx = Ctx {
                file: Arc::from(file),
                text,
                out,
                lines: Default::default(),
            };
            check_table(&mut ctx, &FRONT_MATTER, table.get_ref(), 0..0);
            let fields = Fields {
                table: table.get_ref(),
            };
            note.title = fields.str("title");
            note.weight = fields.int("weight").unwrap_or(0);
        }
        Err(err) => {
            out.push(
                Diagnostic::error(
                    "E-front-matter",
                    format!("front matter: {}", err.message().trim()),
                )
                .at(file, text, err.span().unwrap_or(0..0))
                .help("front matter is TOML, e.g. title = \"Cutover runbook\" and weight = 1"),
            );
        }
    }
    if out.len() > errors_before && has_errors(&out[errors_before..]) {
        return None;
    }
    note.body = text[close_end..].to_string();
    Some(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(plan: &str) -> Inputs {
        let mut inputs = Inputs::default();
        inputs.insert(PLAN_FILE, plan.as_bytes().to_vec());
        inputs
    }

    const MINIMAL: &str = r#"
[plan]
title = "T"
start = 2027-02-01

[network]
internet_mbps = 500

[[workload]]
id = "a"
name = "A"
owner = "O"
data_gb = 10
"#;

    #[test]
    fn minimal_plan_loads_with_defaults() {
        let (plan, diags) = load(&inputs(MINIMAL)).expect("loads");
        assert!(diags.is_empty(), "{diags:?}");
        let w = &plan.workloads[0];
        assert_eq!(w.criticality, Criticality::Medium);
        assert_eq!(w.environments, vec!["prod"]);
        assert_eq!(w.nonprod_data_gb, 10.0);
        assert_eq!(plan.meta.wave_weeks, 4);
        assert_eq!(plan.meta.revision, "draft");
        assert_eq!(plan.network.utilization, 0.8);
        assert_eq!(plan.meta.cutover_weekdays.len(), 5);
    }

    #[test]
    fn all_errors_are_collected() {
        let text = MINIMAL
            .replace("owner = \"O\"", "ownr = \"O\"")
            .replace("title = \"T\"", "title = 5");
        let diags = load(&inputs(&text)).expect_err("fails");
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"E-unknown-key"), "{codes:?}");
        assert!(codes.contains(&"E-missing"), "{codes:?}");
        assert!(codes.contains(&"E-type"), "{codes:?}");
        let unknown = diags.iter().find(|d| d.code == "E-unknown-key").unwrap();
        assert_eq!(unknown.help.as_deref(), Some("did you mean `owner`?"));
        assert_eq!(unknown.line, 12);
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let mut out = Vec::new();
        let note = parse_note(
            "pages/x.md",
            "+++\ntitle = \"X\"\nweight = 2\n+++\n# Body\n",
            &mut out,
        )
        .unwrap();
        assert!(out.is_empty());
        assert_eq!(note.title.as_deref(), Some("X"));
        assert_eq!(note.weight, 2);
        assert_eq!(note.body, "# Body\n");
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let mut out = Vec::new();
        let note = parse_note(
            "pages/x.md",
            "+++\ntitle = \"X\"\nwieght = 2\n+++\nbody",
            &mut out,
        );
        assert!(note.is_none());
        assert_eq!(out[0].code, "E-unknown-key");
        assert_eq!((out[0].line, out[0].column), (3, 1));
    }
}
