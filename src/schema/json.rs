//! The JSON Schema of plan.toml, rendered from the declarations.

use super::{FieldKind, ID_PATTERN, ROOT, TableSchema};
use serde_json::{Map, Value, json};

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
            if let Some(default) = field.default {
                map.insert("default".into(), default.to_json());
            }
            if let Some(range) = field.range
                && field.kind.is_list()
            {
                map.insert("minItems".into(), json!(range.min as u64));
                if let Some(max) = range.max {
                    map.insert("maxItems".into(), json!(max as u64));
                }
            } else if let Some(range) = field.range {
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
