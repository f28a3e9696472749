//! Every string field of the catalogue is held to the same rules as a text: the catalogue's
//! JSON Schema is walked for every field that holds a string, the fixture must hold each of
//! them (so that a field added later is caught here until it is), and each is given in turn a
//! control character, a C1 control, NUL, a bidirectional override and a line break: `check`
//! must refuse every one with an error at that very value.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use toml::de::{DeTable, DeValue};

/// A place in the schema, as `reasons[].console[].text` or `languages.*.name`.
type Path = String;

/// The schema's definition that `node` names, followed through `$ref` and `allOf`, and the
/// name of the last definition followed: a field of a definition has one path wherever the
/// definition is used (`Text.translator_note`, `ConsoleText.text`).
fn resolve<'s>(root: &'s Value, mut node: &'s Value) -> (&'s Value, Option<&'s str>) {
    let mut named = None;
    loop {
        if let Some(name) = node.get("$ref").and_then(Value::as_str) {
            let name = name.trim_start_matches("#/definitions/");
            named = Some(name);
            node = &root["definitions"][name];
        } else if let Some([only]) = node.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
            node = only;
        } else {
            return (node, named);
        }
    }
}

/// The types a schema node allows (`"type": ["string", "null"]` allows both).
fn types(node: &Value) -> Vec<&str> {
    match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(all)) => all.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The alternatives of a node (`anyOf`, `oneOf`), or the node itself, each with the path its
/// fields are named from.
fn alternatives<'s>(root: &'s Value, node: &'s Value, path: &str) -> Vec<(&'s Value, String)> {
    let (node, named) = resolve(root, node);
    let path = named.map_or_else(|| path.to_string(), str::to_string);
    match node.get("anyOf").or_else(|| node.get("oneOf")).and_then(Value::as_array) {
        Some(all) => all
            .iter()
            .map(|n| {
                let (n, named) = resolve(root, n);
                (n, named.map_or_else(|| path.clone(), str::to_string))
            })
            .collect(),
        None => vec![(node, path)],
    }
}

/// Every path of the schema at which a string may stand.
fn string_paths(root: &Value, node: &Value, path: &str, seen: &mut BTreeSet<Path>, out: &mut BTreeSet<Path>) {
    for (node, path) in alternatives(root, node, path) {
        if !seen.insert(path.clone()) {
            continue;
        }
        let path = path.as_str();
        if types(node).contains(&"string") {
            out.insert(path.to_string());
        }
        if let Some(items) = node.get("items") {
            string_paths(root, items, &format!("{path}[]"), seen, out);
        }
        if let Some(Value::Object(properties)) = node.get("properties") {
            for (name, child) in properties {
                string_paths(root, child, &join(path, name), seen, out);
            }
        }
        if let Some(Value::Object(patterns)) = node.get("patternProperties") {
            for child in patterns.values() {
                string_paths(root, child, &join(path, "*_from"), seen, out);
            }
        }
        if let Some(child @ Value::Object(_)) = node.get("additionalProperties") {
            string_paths(root, child, &join(path, "*"), seen, out);
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_string() } else { format!("{path}.{name}") }
}

/// Every string value of the fixture, by the schema path it stands at: its span (quotes
/// included).
fn fixture_strings(
    root: &Value,
    node: &Value,
    value: &DeValue<'_>,
    span: std::ops::Range<usize>,
    path: &str,
    out: &mut BTreeMap<Path, Vec<std::ops::Range<usize>>>,
) {
    let nodes = alternatives(root, node, path);
    match value {
        DeValue::String(_) => {
            let path = nodes.iter().find(|(n, _)| types(n).contains(&"string")).map_or(path, |(_, p)| p.as_str());
            out.entry(path.to_string()).or_default().push(span);
        }
        DeValue::Array(items) => {
            let Some((items_node, path)) = nodes.iter().find_map(|(n, p)| Some((n.get("items")?, p))) else { return };
            for item in items.iter() {
                fixture_strings(root, items_node, item.get_ref(), item.span(), &format!("{path}[]"), out);
            }
        }
        DeValue::Table(table) => {
            for (key, child) in table.iter() {
                let key = key.get_ref().as_ref();
                let found = nodes.iter().find_map(|(n, path)| {
                    if let Some(p) = n.get("properties").and_then(|p| p.get(key)) {
                        return Some((p, join(path, key)));
                    }
                    if key.ends_with("_from")
                        && let Some(Value::Object(patterns)) = n.get("patternProperties")
                    {
                        return patterns.values().next().map(|p| (p, join(path, "*_from")));
                    }
                    n.get("additionalProperties").filter(|a| a.is_object()).map(|a| (a, join(path, "*")))
                });
                if let Some((child_node, child_path)) = found {
                    fixture_strings(root, child_node, child.get_ref(), child.span(), &child_path, out);
                }
            }
        }
        _ => {}
    }
}

/// The fixture with the string at `span` given `inserted` after its first character, written
/// as a TOML basic string.
fn with_inserted(text: &str, span: &std::ops::Range<usize>, value: &str, inserted: char) -> (String, usize) {
    let mut chars = value.chars();
    let first: String = chars.next().map(String::from).unwrap_or_default();
    let changed = format!("{first}{inserted}{}", chars.as_str());
    // JSON's escapes are TOML's, but for DEL, which TOML wants escaped too.
    let literal = serde_json::to_string(&changed).unwrap().replace('\u{7f}', "\\u007F");
    (format!("{}{literal}{}", &text[..span.start], &text[span.end..]), literal.len())
}

#[test]
fn every_string_field_of_the_schema_refuses_control_characters_at_its_place() {
    let schema: Value = serde_json::from_str(&catalogue::schema::json_schema()).unwrap();
    let mut paths = BTreeSet::new();
    string_paths(&schema, &schema, "", &mut BTreeSet::new(), &mut paths);
    assert!(paths.len() > 40, "the walk found the schema's strings: {paths:?}");

    let text = std::fs::read_to_string(common::project_root().join("xtask/tests/fixtures/every-field.toml")).unwrap();
    let (_, problems) = catalogue::load_document(&catalogue::SourceFile::new("every-field.toml", text.as_str()));
    assert_eq!(problems.errors(), 0, "the fixture itself has no error: {problems}");
    let root = DeTable::parse(&text).unwrap();
    let mut found = BTreeMap::new();
    let tree = DeValue::Table(root.get_ref().clone());
    fixture_strings(&schema, &schema, &tree, root.span(), "", &mut found);
    let missing: Vec<&Path> = paths.iter().filter(|p| !found.contains_key(*p)).collect();
    assert!(
        missing.is_empty(),
        "the fixture holds no value at these string fields of the schema; add one to \
         xtask/tests/fixtures/every-field.toml so that this test holds it to the rules: {missing:#?}"
    );

    let mut escaped = Vec::new();
    for (path, spans) in &found {
        let span = &spans[0];
        let value = toml::from_str::<toml::Value>(&format!("v = {}", &text[span.clone()])).unwrap();
        let value = value["v"].as_str().unwrap().to_string();
        // A text's entries may break onto a second line (C029 and C030 say where they may not),
        // and so may a translator's note and a quotation's correction.
        let multi_line = path == "Text.*"
            || path == "Step.*"
            || path.ends_with("translator_note")
            || path.ends_with(".found")
            || path.ends_with(".written");
        let mut hostile = vec!['\u{1b}', '\u{85}', '\u{0}', '\u{202e}', '\u{7f}'];
        if !multi_line {
            hostile.push('\n');
        }
        for c in hostile {
            let (changed, len) = with_inserted(&text, span, &value, c);
            let source = catalogue::SourceFile::new("catalogue.toml", changed.as_str());
            let (_, problems) = catalogue::load_document(&source);
            let at = span.start..span.start + len;
            let refused = problems.iter().any(|d| {
                d.severity == catalogue::Severity::Error
                    && (at.contains(&d.span.start) || d.span.start <= at.start && at.end <= d.span.end)
            });
            if !refused {
                escaped.push(format!("{path} with U+{:04X}", c as u32));
            }
        }
    }
    assert!(escaped.is_empty(), "these fields took a hostile character without an error at their place: {escaped:#?}");
}

fn every_field_fixture() -> String {
    std::fs::read_to_string(common::project_root().join("xtask/tests/fixtures/every-field.toml")).unwrap()
}

/// The errors of a catalogue text: (code, line).
fn errors(text: &str) -> Vec<(String, usize)> {
    let source = catalogue::SourceFile::new("every-field.toml", text);
    let (_, problems) = catalogue::load_document(&source);
    problems
        .iter()
        .filter(|d| d.severity == catalogue::Severity::Error)
        .map(|d| (d.code().to_string(), d.position.line))
        .collect()
}

#[test]
fn every_address_is_held_to_the_link_allow_list() {
    let text = every_field_fixture();
    for address in [
        "url = \"https://example.org/kb\"",
        "url = \"https://example.org/manual\"",
        "base_url = \"https://example.org/errors/\"",
    ] {
        let key = address.split(" = ").next().unwrap();
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "https://exa mple.org/",
            "https://example.org/\u{202e}x",
        ] {
            let changed = text.replacen(address, &format!("{key} = {}", serde_json::to_string(bad).unwrap()), 1);
            let line = common::line_of(&changed, &serde_json::to_string(bad).unwrap());
            let found = errors(&changed);
            assert!(found.contains(&("C031".to_string(), line)), "{key} = {bad:?}: {found:?}");
        }
    }
}

#[test]
fn an_old_id_is_claimed_by_one_reason_only() {
    let text = every_field_fixture();
    let claimed = "renamed_from = [\"cloud-token-old\"]";
    let second = text.replacen("id = \"box-disk-full\"", &format!("id = \"box-disk-full\"\n{claimed}"), 1);
    let line = second.match_indices(claimed).nth(1).map(|(at, _)| second[..at].lines().count() + 1).unwrap();
    assert_eq!(errors(&second), [("C008".to_string(), line)]);
    // And never a current id.
    let current = text.replacen(claimed, "renamed_from = [\"box-disk-full\"]", 1);
    let line = common::line_of(&current, "renamed_from = [\"box-disk-full\"]");
    assert_eq!(errors(&current), [("C008".to_string(), line)]);
}
