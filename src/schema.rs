//! The shape of plan.toml, declared once.
//!
//! The loader checks every table against these declarations (unknown keys, types, required
//! fields, enumerations, ranges) and `waveplan schema` turns the same declarations into a
//! JSON Schema, so the two cannot drift apart.

use serde_json::{Map, Value, json};

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
    Enum(&'static [&'static str]),
    StrArray,
    IdArray,
    EnumArray(&'static [&'static str]),
    Table(&'static TableSchema),
    /// `[[name]]`.
    TableArray(&'static TableSchema),
    /// An array of inline tables (`[ { ... }, { ... } ]`).
    InlineTableArray(&'static TableSchema),
}

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
pub const AT_LEAST_1: Option<Range> = Some(Range {
    min: 1.0,
    min_exclusive: false,
    max: None,
});

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    pub range: Option<Range>,
    /// The default as JSON text, for the schema's documentation.
    pub default: Option<&'static str>,
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
        name,
        kind,
        required: true,
        range: None,
        default: None,
        doc,
    }
}
const fn ranged(field: Field, range: Option<Range>) -> Field {
    Field { range, ..field }
}
const fn dflt(field: Field, default: &'static str) -> Field {
    Field {
        default: Some(default),
        ..field
    }
}

pub const CRITICALITIES: &[&str] = &["low", "medium", "high", "unit-critical", "mission-critical"];
pub const SENSITIVITIES: &[&str] = &[
    "public",
    "non-business",
    "general",
    "confidential",
    "highly-confidential",
];
pub const METHODS: &[&str] = &["auto", "offline", "near-zero"];
pub const PATHS: &[&str] = &["auto", "expressroute", "vpn", "internet", "databox"];
pub const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
pub const SKILL_STATUSES: &[&str] = &["ready", "training", "partner", "gap"];
pub const TEST_RESULTS: &[&str] = &["passed", "failed"];

pub static PLAN: TableSchema = TableSchema {
    display: "[plan]",
    fields: &[
        req(
            "title",
            FieldKind::Str,
            "Title of the plan, shown on every page.",
        ),
        f(
            "organization",
            FieldKind::Str,
            "The organization migrating.",
        ),
        dflt(
            f(
                "revision",
                FieldKind::Str,
                "Revision shown on every page and in archives.",
            ),
            "\"draft\"",
        ),
        req("start", FieldKind::Date, "No wave starts before this day."),
        dflt(
            ranged(
                f("wave_weeks", FieldKind::Int, "Length of a wave in weeks."),
                AT_LEAST_1,
            ),
            "4",
        ),
        dflt(
            ranged(
                f("wave_gap_days", FieldKind::Int, "Days between waves."),
                AT_LEAST_0,
            ),
            "7",
        ),
        ranged(
            f(
                "max_units_per_wave",
                FieldKind::Int,
                "Capacity: units per wave.",
            ),
            AT_LEAST_1,
        ),
        ranged(
            f(
                "max_data_tb_per_wave",
                FieldKind::Num,
                "Capacity: TB per wave.",
            ),
            AT_LEAST_0,
        ),
        dflt(
            ranged(
                f(
                    "pilot_max_units",
                    FieldKind::Int,
                    "Units in the pilot wave.",
                ),
                AT_LEAST_1,
            ),
            "9",
        ),
        dflt(
            ranged(
                f(
                    "estimate_buffer_percent",
                    FieldKind::Num,
                    "Added to transfer estimates.",
                ),
                AT_LEAST_0,
            ),
            "25",
        ),
        dflt(
            f(
                "cutover_weekdays",
                FieldKind::EnumArray(WEEKDAYS),
                "Days of the week a cutover may fall on.",
            ),
            "[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"]",
        ),
        dflt(
            ranged(
                f(
                    "cutover_overhead_hours",
                    FieldKind::Num,
                    "Stop, checks and switch-over.",
                ),
                AT_LEAST_0,
            ),
            "2",
        ),
    ],
};

pub static NETWORK: TableSchema = TableSchema {
    display: "[network]",
    fields: &[
        ranged(
            f(
                "expressroute_mbps",
                FieldKind::Num,
                "ExpressRoute bandwidth; absent or 0: none.",
            ),
            AT_LEAST_0,
        ),
        ranged(
            f(
                "vpn_mbps",
                FieldKind::Num,
                "VPN bandwidth; absent or 0: none.",
            ),
            AT_LEAST_0,
        ),
        ranged(
            f(
                "internet_mbps",
                FieldKind::Num,
                "Internet bandwidth; absent or 0: none.",
            ),
            AT_LEAST_0,
        ),
        dflt(
            ranged(
                f(
                    "utilization",
                    FieldKind::Num,
                    "Share of a link that migration traffic gets.",
                ),
                Some(Range {
                    min: 0.0,
                    min_exclusive: true,
                    max: Some(1.0),
                }),
            ),
            "0.8",
        ),
        dflt(
            ranged(
                f(
                    "databox_turnaround_days",
                    FieldKind::Num,
                    "Order, ship, copy, return, upload.",
                ),
                AT_LEAST_0,
            ),
            "10",
        ),
        dflt(
            ranged(
                f(
                    "databox_device_tb",
                    FieldKind::Num,
                    "Usable TB of one device.",
                ),
                AT_LEAST_1,
            ),
            "120",
        ),
        dflt(
            ranged(
                f(
                    "databox_min_tb",
                    FieldKind::Num,
                    "Below this Data Box is never chosen.",
                ),
                AT_LEAST_0,
            ),
            "40",
        ),
    ],
};

pub static SITE: TableSchema = TableSchema {
    display: "[site]",
    fields: &[
        dflt(
            f(
                "raw_html",
                FieldKind::Bool,
                "Pass raw HTML in notes through unsanitized.",
            ),
            "false",
        ),
        f("footer", FieldKind::Str, "Footer text on every page."),
    ],
};

pub static FREEZE: TableSchema = TableSchema {
    display: "[[freeze]]",
    fields: &[
        req("name", FieldKind::Str, "Name of the change freeze."),
        req("start", FieldKind::Date, "First day (inclusive)."),
        req("end", FieldKind::Date, "Last day (inclusive)."),
    ],
};

pub static PEAK: TableSchema = TableSchema {
    display: "[[peak]]",
    fields: &[
        req("name", FieldKind::Str, "Name of the business peak."),
        ranged(
            f(
                "month_end_days",
                FieldKind::Int,
                "The last N weekdays of every month.",
            ),
            AT_LEAST_1,
        ),
        f(
            "start",
            FieldKind::Date,
            "First day of a dated peak (inclusive).",
        ),
        f(
            "end",
            FieldKind::Date,
            "Last day of a dated peak (inclusive).",
        ),
        f(
            "business_units",
            FieldKind::StrArray,
            "Affected business units.",
        ),
        f("workloads", FieldKind::IdArray, "Affected workload ids."),
    ],
};

pub static TRIGGER: TableSchema = TableSchema {
    display: "rollback trigger",
    fields: &[
        req("metric", FieldKind::Str, "What is measured."),
        req("threshold", FieldKind::Str, "When it triggers a rollback."),
        f("window", FieldKind::Str, "Over what time."),
    ],
};

pub static ROLLBACK: TableSchema = TableSchema {
    display: "[workload.rollback]",
    fields: &[
        f("authority", FieldKind::Str, "Who may order the rollback."),
        f(
            "triggers",
            FieldKind::InlineTableArray(&TRIGGER),
            "Measurable rollback triggers.",
        ),
        f("steps", FieldKind::StrArray, "Rollback steps in order."),
        ranged(
            f(
                "max_minutes",
                FieldKind::Num,
                "Rollback must complete within this time.",
            ),
            AT_LEAST_0,
        ),
        f(
            "assets",
            FieldKind::StrArray,
            "Scripts and templates, relative to the plan folder.",
        ),
        f("tested_on", FieldKind::Date, "Pre-production rehearsal."),
        f(
            "test_result",
            FieldKind::Enum(TEST_RESULTS),
            "Result of the rehearsal.",
        ),
        f(
            "reviewed_on",
            FieldKind::Date,
            "Last review of this rollback plan.",
        ),
    ],
};

pub static WORKLOAD: TableSchema = TableSchema {
    display: "[[workload]]",
    fields: &[
        req("id", FieldKind::Id, "Unique id: [a-z0-9][a-z0-9-]*."),
        req("name", FieldKind::Str, "Name of the workload."),
        req("owner", FieldKind::Str, "Workload owner."),
        f("business_unit", FieldKind::Str, "Business unit."),
        f("description", FieldKind::Str, "What the workload does."),
        dflt(
            f(
                "criticality",
                FieldKind::Enum(CRITICALITIES),
                "Business criticality.",
            ),
            "\"medium\"",
        ),
        f(
            "criticality_validated",
            FieldKind::Date,
            "When the owner confirmed the criticality.",
        ),
        dflt(
            f(
                "sensitivity",
                FieldKind::Enum(SENSITIVITIES),
                "Data sensitivity.",
            ),
            "\"general\"",
        ),
        dflt(
            f(
                "environments",
                FieldKind::StrArray,
                "Environments; prod/production is production.",
            ),
            "[\"prod\"]",
        ),
        ranged(
            req(
                "data_gb",
                FieldKind::Num,
                "Production data to move, decimal GB.",
            ),
            AT_LEAST_0,
        ),
        ranged(
            f(
                "nonprod_data_gb",
                FieldKind::Num,
                "Non-production data, default data_gb.",
            ),
            AT_LEAST_0,
        ),
        dflt(
            ranged(
                f(
                    "change_gb_per_day",
                    FieldKind::Num,
                    "Daily change of production data.",
                ),
                AT_LEAST_0,
            ),
            "0",
        ),
        ranged(
            f(
                "max_downtime_hours",
                FieldKind::Num,
                "Production downtime tolerance.",
            ),
            AT_LEAST_0,
        ),
        dflt(
            f(
                "replication",
                FieldKind::Bool,
                "Supports continuous replication.",
            ),
            "false",
        ),
        dflt(
            f("method", FieldKind::Enum(METHODS), "Migration method."),
            "\"auto\"",
        ),
        dflt(
            f("path", FieldKind::Enum(PATHS), "Data transfer path."),
            "\"auto\"",
        ),
        f(
            "time_sensitive",
            FieldKind::Bool,
            "Default: criticality high or above.",
        ),
        f(
            "depends_on",
            FieldKind::IdArray,
            "Workloads this one needs.",
        ),
        f(
            "latency_tolerant",
            FieldKind::IdArray,
            "The subset of depends_on that tolerates latency.",
        ),
        f(
            "hybrid_plan",
            FieldKind::Str,
            "How a split dependency is bridged.",
        ),
        f(
            "success_criteria",
            FieldKind::StrArray,
            "What must hold after cutover.",
        ),
        f("tags", FieldKind::StrArray, "Free tags."),
        f(
            "rollback",
            FieldKind::Table(&ROLLBACK),
            "The rollback plan.",
        ),
    ],
};

pub static SKILL: TableSchema = TableSchema {
    display: "[[skill]]",
    fields: &[
        req("area", FieldKind::Str, "Skill area."),
        req("status", FieldKind::Enum(SKILL_STATUSES), "Readiness."),
        f("owner", FieldKind::Str, "Who owns closing the gap."),
        f("note", FieldKind::Str, "Remarks."),
    ],
};

pub static APPROVAL: TableSchema = TableSchema {
    display: "[[approval]]",
    fields: &[
        req("role", FieldKind::Str, "Role of the approver."),
        req("name", FieldKind::Str, "Name of the approver."),
        dflt(
            f("scope", FieldKind::Str, "\"plan\" or \"wave-N\"."),
            "\"plan\"",
        ),
        f(
            "signed_on",
            FieldKind::Date,
            "Date of signature; absent = pending.",
        ),
    ],
};

pub static CHECK: TableSchema = TableSchema {
    display: "[[check]]",
    fields: &[
        req("item", FieldKind::Str, "The go/no-go item."),
        ranged(
            f(
                "wave",
                FieldKind::Int,
                "The wave it applies to; absent = every wave.",
            ),
            AT_LEAST_1,
        ),
        dflt(f("done", FieldKind::Bool, "Whether it is done."), "false"),
    ],
};

pub static IMPORT: TableSchema = TableSchema {
    display: "[import]",
    fields: &[f(
        "ignore_dependencies",
        FieldKind::StrArray,
        "Discovered dependencies a person rejected, as \"from->to\": `waveplan import --into` never adds them again.",
    )],
};

/// The value `waveplan import` writes for a required value its sources do not hold;
/// `check` warns (`W-placeholder`) until a person replaces it.
pub const PLACEHOLDER: &str = "TBD";

pub static ROOT: TableSchema = TableSchema {
    display: "plan.toml",
    fields: &[
        req("plan", FieldKind::Table(&PLAN), "The plan."),
        f(
            "network",
            FieldKind::Table(&NETWORK),
            "Network paths to Azure.",
        ),
        f("site", FieldKind::Table(&SITE), "Site settings."),
        f("freeze", FieldKind::TableArray(&FREEZE), "Change freezes."),
        f("peak", FieldKind::TableArray(&PEAK), "Business peaks."),
        req("workload", FieldKind::TableArray(&WORKLOAD), "Workloads."),
        f(
            "skill",
            FieldKind::TableArray(&SKILL),
            "Readiness assessment.",
        ),
        f(
            "approval",
            FieldKind::TableArray(&APPROVAL),
            "Stakeholder sign-off.",
        ),
        f(
            "check",
            FieldKind::TableArray(&CHECK),
            "Extra go/no-go items.",
        ),
        f(
            "import",
            FieldKind::Table(&IMPORT),
            "Settings of `waveplan import --into`.",
        ),
    ],
};

/// The JSON Schema (draft 2020-12) of plan.toml, for editors (taplo, Even Better TOML).
pub fn json_schema() -> Value {
    let mut root = table_schema(&ROOT);
    if let Value::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("title".into(), json!("waveplan plan.toml"));
    }
    root
}

fn table_schema(table: &TableSchema) -> Value {
    let mut properties = Map::new();
    for field in table.fields {
        let mut schema = kind_schema(field.kind);
        if let Value::Object(map) = &mut schema {
            map.insert("description".into(), json!(field.doc));
            if let Some(default) = field.default
                && let Ok(value) = serde_json::from_str::<Value>(default)
            {
                map.insert("default".into(), value);
            }
            if let Some(range) = field.range {
                let key = if range.min_exclusive {
                    "exclusiveMinimum"
                } else {
                    "minimum"
                };
                map.insert(key.into(), json!(range.min));
                if let Some(max) = range.max {
                    map.insert("maximum".into(), json!(max));
                }
            }
        }
        properties.insert(field.name.into(), schema);
    }
    let required: Vec<&str> = table
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn kind_schema(kind: FieldKind) -> Value {
    match kind {
        FieldKind::Str => json!({ "type": "string" }),
        FieldKind::Id => json!({ "type": "string", "pattern": ID_PATTERN }),
        FieldKind::Int => json!({ "type": "integer" }),
        FieldKind::Num => json!({ "type": "number" }),
        FieldKind::Bool => json!({ "type": "boolean" }),
        FieldKind::Date => json!({ "type": "string", "format": "date" }),
        FieldKind::Enum(values) => json!({ "type": "string", "enum": values }),
        FieldKind::StrArray => json!({ "type": "array", "items": { "type": "string" } }),
        FieldKind::IdArray => {
            json!({ "type": "array", "items": { "type": "string", "pattern": ID_PATTERN } })
        }
        FieldKind::EnumArray(values) => {
            json!({ "type": "array", "items": { "type": "string", "enum": values } })
        }
        FieldKind::Table(table) => table_schema(table),
        FieldKind::TableArray(table) | FieldKind::InlineTableArray(table) => {
            json!({ "type": "array", "items": table_schema(table) })
        }
    }
}

pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
