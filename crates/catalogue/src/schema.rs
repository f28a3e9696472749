//! The JSON Schema of a catalogue file (draft-07, the draft taplo validates, behind the Even
//! Better TOML editor extension), generated from the serde types: editors check the file and
//! show each field's description as one types.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};

use crate::model::{
    AccessHistory, Language, Link, Meta, Model, Named, Page, Reason, ReferenceCodes, Site, Source, Term,
};
use crate::text::Text;

/// The schema as pretty-printed JSON with a final newline.
pub fn json_schema() -> String {
    let mut generator = SchemaSettings::draft07().into_generator();
    let reference = |schema: schemars::Schema, description: &str| json!({ "description": description, "allOf": [schema.to_value()] });
    let table =
        |generator: &mut SchemaGenerator, schema: fn(&mut SchemaGenerator) -> schemars::Schema, description: &str| {
            json!({
                "description": description,
                "type": "object",
                "propertyNames": { "pattern": "^[A-Za-z0-9_-]+$" },
                "additionalProperties": schema(generator).to_value()
            })
        };
    let meta =
        reference(generator.subschema_for::<Meta>(), "What the catalogue is and which language it is written in.");
    let page = reference(generator.subschema_for::<Page>(), "The prose around the lists of reasons.");
    let properties = json!({
        "catalogue": meta,
        "languages": table(&mut generator, subschema::<Language>, "Every language a text must be given in, by key (`ja`, `en`)."),
        "sides": table(&mut generator, subschema::<Named>, "Where an error happens, by key; reasons name one in `side`."),
        "product_types": table(&mut generator, subschema::<Named>, "Product types, by key; reasons and steps name them."),
        "links": table(&mut generator, subschema::<Link>, "Documents texts point to, by key."),
        "sources": table(&mut generator, subschema::<Source>, "Documents the texts come from, by key; remedy steps and notes name theirs in `source`."),
        "glossary": table(&mut generator, subschema::<Term>, "Words the pages use, with their meaning, by key."),
        "reference_codes": table(&mut generator, subschema::<ReferenceCodes>, "Numbers users are shown with an error (not reason codes), by key: what the sources say of them."),
        "models": table(&mut generator, subschema::<Model>, "Product models, each with its own list of reasons, by key."),
        "ui": table(&mut generator, subschema::<Text>, "Every heading and label the outputs print, by key; `{placeholders}` are filled in by the generator."),
        "page": page,
        "access_history": reference(generator.subschema_for::<AccessHistory>(), "How the administrators' tool reads the access history downloaded as CSV."),
        "site": reference(generator.subschema_for::<Site>(), "Where the generated pages are published, when they are."),
        "reasons": {
            "description": "Every reason, in the order the pages list them.",
            "type": "array",
            "items": generator.subschema_for::<Reason>().to_value()
        }
    });
    let mut root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Error-reason catalogue",
        "description": "The single source of every reason, code, message, remedy, link, glossary term and label; see docs/TRANSLATING.md and docs/checks.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["catalogue", "languages", "page", "models", "sides", "reasons"],
        "properties": properties,
    });
    let definitions: serde_json::Map<String, Value> = generator.take_definitions(true);
    root["definitions"] = Value::Object(definitions.into_iter().collect());
    let mut out = serde_json::to_string_pretty(&root).unwrap_or_default();
    out.push('\n');
    out
}

fn subschema<T: JsonSchema>(generator: &mut SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<T>()
}
