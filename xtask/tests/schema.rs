//! The catalogue's JSON Schema, as editors use it: draft-07, a description on every field,
//! referenced from the catalogue's first line, and true of the real catalogue by a validator.

mod common;

use std::process::Command;

use common::{project_root, real_catalogue_text};
use serde_json::Value;

fn committed_schema() -> Value {
    let text = std::fs::read_to_string(project_root().join("catalogue/schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every object schema's properties, with the path that leads to them.
fn properties<'v>(value: &'v Value, path: String, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, schema) in props {
                    out.push((format!("{path}.{name}"), schema));
                }
            }
            for (key, child) in map {
                properties(child, format!("{path}/{key}"), out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| properties(item, path.clone(), out)),
        _ => {}
    }
}

#[test]
fn the_schema_is_draft_07_with_a_description_on_every_field() {
    let schema = committed_schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema["definitions"].is_object(), "draft-07 keeps definitions under `definitions`");
    let mut found = Vec::new();
    properties(&schema, String::new(), &mut found);
    assert!(found.len() > 40, "{}", found.len());
    for (path, field) in &found {
        let description = field["description"].as_str().unwrap_or_default();
        assert!(description.len() > 10, "{path} has no description");
    }
    for (name, definition) in schema["definitions"].as_object().unwrap() {
        assert!(definition["description"].is_string(), "definition {name} has no description");
    }
}

#[test]
fn the_catalogue_names_its_schema_on_its_first_line() {
    assert_eq!(real_catalogue_text().lines().next(), Some("#:schema ./schema.json"));
}

/// The validation errors a JSON Schema validator (Python's reference `jsonschema`, draft-07)
/// finds in catalogue text; `None` when the validator is not installed outside CI.
fn validate(catalogue: &str) -> Option<Vec<String>> {
    let document: Value = toml::from_str(catalogue).unwrap();
    let dir = std::env::temp_dir().join(format!("schema-test-{}-{}", std::process::id(), catalogue.len()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("doc.json"), serde_json::to_string(&document).unwrap()).unwrap();
    let script = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        jsonschema.Draft7Validator.check_schema(schema)\n\
        doc = json.load(open(sys.argv[2]))\n\
        for e in jsonschema.Draft7Validator(schema).iter_errors(doc):\n\
        \x20   print('/'.join(str(p) for p in e.absolute_path) + ': ' + e.message)\n";
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(project_root().join("catalogue/schema.json"))
        .arg(dir.join("doc.json"))
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    match output {
        Ok(output) if output.status.success() => {
            Some(String::from_utf8_lossy(&output.stdout).lines().map(str::to_string).collect())
        }
        Ok(output) if String::from_utf8_lossy(&output.stderr).contains("No module named 'jsonschema'") => {
            assert!(std::env::var_os("CI").is_none(), "python3-jsonschema is required in CI");
            eprintln!("skipped: python3-jsonschema is not installed");
            None
        }
        Ok(output) => panic!("the validator failed: {}", String::from_utf8_lossy(&output.stderr)),
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "python3 is required in CI: {e}");
            None
        }
    }
}

#[test]
fn a_json_schema_validator_accepts_the_real_catalogue_and_catches_mistakes() {
    let Some(errors) = validate(&real_catalogue_text()) else { return };
    assert!(errors.is_empty(), "{errors:#?}");

    let mistaken = common::fixture_text()
        .replacen("side = \"viewer\"", "side = \"viewer\"\nseverity = \"high\"", 1)
        .replacen("codes = [\"110200\"]", "codes = [\"11O200\"]", 1)
        .replacen("en_from = \"", "en_from = \"zz", 1)
        .replacen("[languages.en]\nname = \"English\"", "[languages.en]\nname = 1", 1);
    let errors = validate(&mistaken).unwrap();
    let expected = [
        ("reasons/0", "'severity' was unexpected"),
        ("reasons/0/codes/0", "does not match"),
        ("catalogue/title/en_from", "does not match"),
        ("languages/en/name", "is not of type 'string'"),
    ];
    for (at, words) in expected {
        assert!(
            errors.iter().any(|e| e.starts_with(&format!("{at}: ")) && e.contains(words)),
            "{at}: {words} in {errors:#?}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
}
