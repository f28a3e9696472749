//! The message tables: per model, code and reason id, the message, as JSON for other programs
//! and as Rust constants compiled into the core crate.

use std::fmt::Write as _;

use catalogue::Catalogue;

use std::path::PathBuf;

use super::{Artefact, Input};
use crate::markup;
use crate::output::{GenerateError, Output, Sink};

/// Where the compiled message tables live, relative to the project root.
pub const RUST_TABLES: &str = "crates/catalogue/src/generated/tables.rs";

/// `docs/messages/<lang>.json`, one per language.
pub struct MessageTables;

impl Artefact for MessageTables {
    fn name(&self) -> &'static str {
        "the message tables"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        for lang in input.catalogue.languages() {
            let bytes = messages_json(input.catalogue, lang.as_str());
            sink.put(Output { path: input.out.join(catalogue::site::messages(lang.as_str())), bytes })?;
        }
        Ok(())
    }
}

/// The same tables as Rust constants, compiled into the core crate.
pub struct RustTables;

impl Artefact for RustTables {
    fn name(&self) -> &'static str {
        "the Rust message tables"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        sink.put(Output { path: PathBuf::from(RUST_TABLES), bytes: rust_tables(input.catalogue) })
    }
}

/// `docs/messages/<lang>.json`: `{ model: { code: { reason id: message } } }`, in the catalogue's
/// order of models and reasons and in numeric order of codes.
fn messages_json(catalogue: &Catalogue, lang: &str) -> Vec<u8> {
    let q = |s: &str| serde_json::to_string(s).expect("a string always serialises");
    let mut out = String::from("{\n");
    let models = catalogue.models();
    for (m, model) in models.iter().enumerate() {
        let _ = writeln!(out, "  {}: {{", q(model.key().as_str()));
        let mut codes: Vec<&str> =
            catalogue.reasons_of(model.key()).flat_map(|r| r.codes()).map(|c| c.as_str()).collect();
        codes.sort_by_key(|c| (c.len(), *c));
        codes.dedup();
        for (c, code) in codes.iter().enumerate() {
            let _ = writeln!(out, "    {}: {{", q(code));
            let reasons = catalogue.reasons_with_code(model.key().as_str(), code);
            for (r, reason) in reasons.iter().enumerate() {
                let comma = if r + 1 < reasons.len() { "," } else { "" };
                let _ = writeln!(
                    out,
                    "      {}: {}{comma}",
                    q(reason.id().as_str()),
                    q(&markup::plain(reason.message.tr(lang)))
                );
            }
            let _ = writeln!(out, "    }}{}", if c + 1 < codes.len() { "," } else { "" });
        }
        let _ = writeln!(out, "  }}{}", if m + 1 < models.len() { "," } else { "" });
    }
    out.push_str("}\n");
    out.into_bytes()
}

/// The Rust source of `crates/catalogue/src/generated/tables.rs`.
fn rust_tables(catalogue: &Catalogue) -> Vec<u8> {
    let languages = catalogue.languages();
    let mut out = String::new();
    let _ = writeln!(out, "// {}", crate::notice(catalogue));
    out.push_str("//\n// The catalogue's message tables; the types are in `crates/catalogue/src/tables.rs`.\n\n");
    out.push_str("use super::{Code, Reason};\n\n");
    let _ = writeln!(
        out,
        "/// The languages of [`Reason::messages`], in order.\npub const LANGUAGES: &[&str] = &[{}];\n",
        rust_strings(languages.iter().map(|l| l.as_str()))
    );
    let models = rust_strings(catalogue.models().iter().map(|m| m.key().as_str()));
    let _ = writeln!(out, "/// The models, in the catalogue's order.\npub const MODELS: &[&str] = &[{models}];\n");
    for code in catalogue.codes() {
        let _ = writeln!(out, "/// The code {code}.\npub const CODE_{code}: Code = Code({code});");
    }
    out.push('\n');
    for reason in catalogue.reasons() {
        let messages: Vec<String> =
            languages.iter().map(|lang| markup::plain(reason.message.tr(lang.as_str()))).collect();
        let codes: Vec<String> = reason.codes().map(|c| format!("CODE_{c}")).collect();
        // Catalogue text never goes into a comment: a line break would end it and make the
        // rest code. The id is a checked slug; the messages are string literals.
        let _ = writeln!(
            out,
            "/// The reason `{}`.\npub const {}: Reason = Reason {{\n    id: {},\n    model: {},\n    codes: &[{}],\n    messages: &[{}],\n}};\n",
            reason.id(),
            const_name(reason.id().as_str()),
            markup::rust_string(reason.id().as_str()),
            markup::rust_string(reason.model().as_str()),
            codes.join(", "),
            rust_strings(messages.iter().map(String::as_str)),
        );
    }
    out.push_str("/// Every reason, in the catalogue's order.\npub const REASONS: &[Reason] = &[\n");
    for reason in catalogue.reasons() {
        let _ = writeln!(out, "    {},", const_name(reason.id().as_str()));
    }
    out.push_str("];\n");
    out.into_bytes()
}

/// Rust string literals, comma-separated.
fn rust_strings<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.map(markup::rust_string).collect::<Vec<_>>().join(", ")
}

/// `neo-viewer-password-mismatch` → `NEO_VIEWER_PASSWORD_MISMATCH`.
pub fn const_name(id: &str) -> String {
    id.replace('-', "_").to_ascii_uppercase()
}
