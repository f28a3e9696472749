//! Consistency of a decoded catalogue: texts in every language, valid and unique ids, codes,
//! and references to declared models, sides, product types and links.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::source::Spanned;

use crate::checks::Check;
use crate::codes::is_code;
use crate::diagnostic::Diagnostic;
use crate::keys::{LinkKey, ProductTypeKey};
use crate::model::{Document, Quoted, visit_texts};
use crate::source::SourceFile;
use crate::suggest::did_you_mean;
use crate::text::Text;

pub(crate) fn validate(source: &SourceFile, doc: &Document, out: &mut Vec<Diagnostic>) {
    let mut v = Validator { source, doc, out };
    v.declarations();
    v.texts();
    v.references();
    v.reasons();
    v.provenance();
    v.reference_codes();
    v.console_texts();
    v.access_history();
}

struct Validator<'a> {
    source: &'a SourceFile,
    doc: &'a Document,
    out: &'a mut Vec<Diagnostic>,
}

/// Is `id` a slug: lowercase ASCII letters and digits in hyphen-separated words, starting with a letter?
pub fn is_slug(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('-')
        && !id.contains("--")
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Validator<'_> {
    /// `[access_history]`: headers that can match, and a FAQ link pattern that names each reason.
    fn access_history(&mut self) {
        let Some(access) = &self.doc.access_history else { return };
        let languages: Vec<&str> = self.doc.languages.iter().map(|l| l.key().as_str()).collect();
        for lang in access.headers.keys() {
            if !languages.contains(&lang.as_str()) {
                let at = access.headers[lang].first().map_or(0..0, |h| h.span());
                self.undeclared("language", crate::Spanned::new(at, lang.as_str()), languages.iter().copied());
            }
        }
        let models: Vec<&str> = self.doc.models.iter().map(|m| m.key().as_str()).collect();
        for (model, names) in &access.model_headers {
            if !models.contains(&model.as_str()) {
                let at = names.first().map_or(0..0, |h| h.span());
                self.undeclared("model", crate::Spanned::new(at, model.as_str()), models.iter().copied());
            }
        }
        let headers = access.headers.values().chain(access.model_headers.values()).flatten();
        let more = access.time_columns.iter().chain(&access.user_columns);
        for column in access.result_columns.iter().chain(&access.type_columns).chain(headers).chain(more) {
            if column.get_ref().trim().is_empty() {
                self.error(
                    Check::EmptyText,
                    column.span(),
                    "a result-column header is empty".to_string(),
                    "write the header as the access history's CSV has it, or remove the entry".to_string(),
                );
            }
        }
        let Some(url) = &access.faq_url else { return };
        let pattern = url.get_ref();
        let mut rest = pattern.as_str();
        let mut has_id = false;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            let name = &rest[open + 1..open + close];
            match name {
                "id" => has_id = true,
                "lang" => {}
                other => self.error(
                    Check::BadPattern,
                    url.span(),
                    format!("unknown placeholder `{{{other}}}` in `faq_url`"),
                    "the placeholders are `{lang}` and `{id}`".to_string(),
                ),
            }
            rest = &rest[open + close + 1..];
        }
        if !has_id {
            self.error(
                Check::BadPattern,
                url.span(),
                "`faq_url` has no `{id}`, so every reason would link to the same place".to_string(),
                "add `{id}` where the reason id goes, as in `docs/{lang}/faq.html#{id}`".to_string(),
            );
        }
    }

    fn error(&mut self, check: Check, span: Range<usize>, message: String, help: String) {
        self.out.push(Diagnostic::new(self.source, check, span, message).with_help(help));
    }

    fn declarations(&mut self) {
        let doc = self.doc;
        if doc.languages.is_empty() {
            self.error(
                Check::EmptyText,
                0..0,
                "the catalogue declares no language".into(),
                "add a [languages.<code>] table for each language, for example [languages.ja]".into(),
            );
        }
        for language in &doc.languages {
            if let Some(ratio) = &language.value.length_ratio {
                let good = matches!(ratio.get_ref().as_slice(), [low, high] if *low > 0.0 && low < high);
                if !good {
                    self.error(
                        Check::WrongType,
                        ratio.span(),
                        format!("`length_ratio` of language `{}` is not a band", language.key()),
                        "write two numbers, the lowest and the highest ratio, lowest first: length_ratio = [0.6, 5.0]"
                            .into(),
                    );
                }
            }
            if language.value.draft && language.key() == doc.meta.source_language.get_ref() {
                self.error(
                    Check::WrongType,
                    language.value.name.span(),
                    format!("the source language `{}` cannot be a draft", language.key()),
                    "remove `draft = true`: every translation is made from the source language".into(),
                );
            }
            if language.value.name.get_ref().trim().is_empty() {
                self.error(
                    Check::EmptyText,
                    language.value.name.span(),
                    format!("language `{}` has an empty name", language.key()),
                    "write the language's own name for itself, such as \"日本語\" or \"English\"".into(),
                );
            }
        }
        if let Some(output) = doc.site.as_ref().and_then(|s| s.output.as_ref())
            && !is_relative_folder(output.get_ref())
        {
            self.error(
                Check::WrongType,
                output.span(),
                "`output` is not a folder inside the project".into(),
                "write a relative path of plain names joined by `/`, such as \"out/other-product\": no `..`, no \
                 leading `/`, no drive"
                    .into(),
            );
        }
        if let Some(version) = &doc.meta.version
            && !is_version(version.get_ref())
        {
            self.error(
                Check::WrongType,
                version.span(),
                "`version` is not a version or a date".into(),
                "write a date or a number such as \"2026-12-06\" or \"1.4\": letters, digits, `.`, `-` and `+`, \
                 at most 40"
                    .into(),
            );
        }
        let source_language = &doc.meta.source_language;
        if !doc.languages.iter().any(|l| l.key() == source_language.get_ref()) {
            self.undeclared("language", source_language.as_str(), doc.languages.iter().map(|l| l.key().as_str()));
        }
        let keys = [
            ("languages", doc.languages.iter().map(|e| e.key.as_str()).collect::<Vec<_>>()),
            ("sides", doc.sides.iter().map(|e| e.key.as_str()).collect()),
            ("product_types", doc.product_types.iter().map(|e| e.key.as_str()).collect()),
            ("links", doc.links.iter().map(|e| e.key.as_str()).collect()),
            ("sources", doc.sources.iter().map(|e| e.key.as_str()).collect()),
            ("glossary", doc.glossary.iter().map(|e| e.key.as_str()).collect()),
            ("models", doc.models.iter().map(|e| e.key.as_str()).collect()),
            ("ui", doc.ui.iter().map(|e| e.key.as_str()).collect()),
        ];
        for (section, keys) in keys {
            for key in keys {
                let ok = if section == "ui" { is_ui_key(key.get_ref()) } else { is_slug(key.get_ref()) };
                if !ok {
                    self.error(
                        Check::BadId,
                        key.span(),
                        format!("`{}` is not a valid key for [{section}]", key.get_ref()),
                        if section == "ui" {
                            "use lowercase ASCII letters, digits and underscores, such as `remedy_heading`".into()
                        } else {
                            "use lowercase ASCII letters and digits joined by single hyphens, such as `neo` or `ndl-s`"
                                .into()
                        },
                    );
                }
            }
        }
    }

    /// Every text has every declared language, no other, and nothing empty.
    fn texts(&mut self) {
        let languages: Vec<&str> = self.doc.languages.iter().map(|l| l.key().as_str()).collect();
        let mut texts = Vec::new();
        visit_texts(self.doc, |place, _, text| texts.push((place, text)));
        for (place, text) in texts {
            self.text(&languages, &Quoted(place), text);
            self.fingerprints(&languages, &place, text);
        }
    }

    fn text(&mut self, languages: &[&str], what: &dyn std::fmt::Display, text: &Text) {
        for (lang, value) in &text.entries {
            if !languages.contains(&lang.as_str()) {
                let help = match did_you_mean(lang.as_str(), languages.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`? Declared languages: {}", languages.join(", ")),
                    None => {
                        format!("declare it as [languages.{lang}] or remove it; declared: {}", languages.join(", "))
                    }
                };
                self.error(
                    Check::UndeclaredLanguage,
                    value.span(),
                    format!("{what} has a text in undeclared language `{lang}`"),
                    help,
                );
            } else if value.get_ref().trim().is_empty() {
                self.error(
                    Check::EmptyText,
                    value.span(),
                    format!("{what} is empty in `{lang}`"),
                    "write the text, or remove the entry".into(),
                );
            }
        }
        for lang in languages {
            if text.get(lang).is_none() {
                let draft = self.doc.languages.iter().any(|l| l.key() == *lang && l.value.draft);
                let check = if draft { Check::DraftTranslationMissing } else { Check::MissingTranslation };
                self.error(
                    check,
                    text.span.clone(),
                    format!("{what} has no `{lang}` text"),
                    format!("add `{lang} = \"…\"` to this text"),
                );
            }
        }
    }

    /// Fingerprint keys name a declared translated language and hold eight hex digits.
    fn fingerprints(&mut self, languages: &[&str], path: &dyn std::fmt::Display, text: &Text) {
        let source = self.doc.meta.source_language.get_ref().as_str();
        for (lang, value) in &text.fingerprints {
            if lang == source || !languages.contains(&lang.as_str()) {
                let why = if lang == source { "the source language" } else { "not a declared language" };
                self.error(
                    Check::UndeclaredLanguage,
                    value.span(),
                    format!("`{path}` has a fingerprint for `{lang}`, {why}"),
                    "fingerprints belong to translations: remove it, or correct the language".into(),
                );
            } else if !crate::fingerprint::is_well_formed(value.get_ref()) {
                self.error(
                    Check::BadFingerprint,
                    value.span(),
                    format!("`{path}`: `{}` is not a fingerprint", value.get_ref()),
                    format!(
                        "delete this `{lang}_from`, then run `cargo xtask l10n stamp {path}`: fingerprints are written by it, not by hand"
                    ),
                );
            }
        }
    }

    fn references(&mut self) {
        let doc = self.doc;
        let links: Vec<&str> = doc.links.iter().map(|l| l.key().as_str()).collect();
        let product_types: Vec<&str> = doc.product_types.iter().map(|t| t.key().as_str()).collect();
        let mut link_refs: Vec<&Spanned<LinkKey>> = Vec::new();
        link_refs.extend(&doc.page.intro_links);
        doc.page.steps.iter().for_each(|s| link_refs.extend(&s.links));
        doc.models.iter().for_each(|m| link_refs.extend(&m.value.links));
        doc.reasons.iter().for_each(|r| link_refs.extend(&r.links));
        for entry in &doc.reference_codes {
            link_refs.extend(&entry.value.links);
            entry.value.code_links.values().for_each(|keys| link_refs.extend(keys));
        }
        for link in link_refs {
            self.reference("link", link.as_str(), &links);
        }
        let mut type_refs: Vec<&Spanned<ProductTypeKey>> = Vec::new();
        for reason in &doc.reasons {
            type_refs.extend(&reason.product_types);
            reason.remedy.get_ref().iter().for_each(|s| type_refs.extend(&s.applies_to));
        }
        for product_type in type_refs {
            self.reference("product type", product_type.as_str(), &product_types);
        }
        let glossary: Vec<&str> = doc.glossary.iter().map(|g| g.key().as_str()).collect();
        let step_actors = doc.reasons.iter().flat_map(|r| r.remedy.get_ref().iter().filter_map(|s| s.by.as_ref()));
        for by in step_actors.chain(doc.page.steps.iter().filter_map(|s| s.by.as_ref())) {
            self.reference("glossary entry", by.as_str(), &glossary);
        }
    }

    /// Reference codes are codes, each listed once, none a reason's code, and a number's own
    /// links name one of the entry's numbers.
    fn reference_codes(&mut self) {
        let doc = self.doc;
        let reason_codes: std::collections::BTreeSet<&str> =
            doc.reasons.iter().flat_map(|r| r.codes().map(|c| c.as_str())).collect();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for entry in &doc.reference_codes {
            let key = entry.key().as_str();
            if !is_slug(key) {
                self.error(
                    Check::BadId,
                    entry.key.span(),
                    format!("`{key}` is not a valid key for [reference_codes]"),
                    "use lowercase ASCII letters and digits joined by single hyphens, such as `authentication`".into(),
                );
            }
            let codes = entry.value.codes.get_ref();
            if codes.is_empty() {
                self.error(
                    Check::EmptyText,
                    entry.value.codes.span(),
                    format!("reference codes `{key}` list no number"),
                    "list the numbers the user is shown, such as codes = [\"283\", \"291\"]".into(),
                );
            }
            for code in codes {
                let text = code.get_ref().as_str();
                if !is_code(text) {
                    self.error(
                        Check::BadCode,
                        code.span(),
                        format!("reference code `{text}` is not a number of one to nine digits without a leading zero"),
                        "write the number as the user is shown it, as a string of digits".into(),
                    );
                } else if reason_codes.contains(text) {
                    self.error(
                        Check::ReferenceCodeClash,
                        code.span(),
                        format!("reference code {text} of `{key}` is also a reason's code"),
                        "a number the user is shown is not a number the access history records: check both lists"
                            .into(),
                    );
                } else if let Some(other) = seen.insert(text, key) {
                    self.error(
                        Check::ReferenceCodeClash,
                        code.span(),
                        format!("reference code {text} is listed by `{other}` and `{key}`"),
                        "list each reference code in one entry".into(),
                    );
                }
            }
            for (code, keys) in &entry.value.code_links {
                if !entry.value.codes().any(|c| c == code) {
                    let span = keys.first().map_or(entry.key.span(), Spanned::span);
                    self.error(
                        Check::UndeclaredReference,
                        span,
                        format!("`code_links` of `{key}` names {code}, which the entry does not list"),
                        format!(
                            "name one of the entry's codes: {}",
                            entry.value.codes().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
            }
        }
    }

    /// Every source named is declared (or is `ours`), and every remedy step and note of a reason
    /// says where it comes from.
    fn provenance(&mut self) {
        let doc = self.doc;
        let sources: Vec<&str> = doc.sources.iter().map(|s| s.key().as_str()).collect();
        let mut texts = Vec::new();
        visit_texts(doc, |_, _, text| texts.push(text));
        let sides = doc.reasons.iter().filter_map(|r| r.side_source.as_ref());
        let named =
            texts.iter().filter_map(|text| text.source.as_ref()).chain(sides).filter(|s| !s.get_ref().is_ours());
        for source in named.chain(doc.meta.source.as_ref()) {
            self.reference("source", source.as_str(), &sources);
        }
        let reasons: Vec<&str> = doc.reasons.iter().map(|r| r.id().as_str()).collect();
        for text in &texts {
            let Some(given_for) = &text.given_for else { continue };
            self.reference("reason", given_for.as_str(), &reasons);
            let primary = doc.meta.source.as_ref().map(|s| s.get_ref());
            if primary.is_none() || text.source.as_ref().map(|s| s.get_ref()) != primary {
                self.error(
                    Check::MissingProvenance,
                    given_for.span(),
                    "`given_for` says which reason the transcribed page gives this text for, but the text is not marked as the transcribed page's".into(),
                    format!(
                        "add `source = \"{}\"` (the text is quoted from the page), or remove `given_for`",
                        primary.map_or("<the [catalogue] source>", |p| p.as_str())
                    ),
                );
            }
        }
        let languages: Vec<&str> = doc.languages.iter().map(|l| l.key().as_str()).collect();
        for source in &doc.sources {
            let s = &source.value;
            if let Some(lang) = &s.lang {
                self.reference("language", lang.as_str(), &languages);
            }
            if let Some(copy) = &s.copy {
                if copy.get_ref().trim().is_empty() {
                    self.error(
                        Check::EmptyText,
                        copy.span(),
                        format!("source `{}` names an empty `copy`", source.key()),
                        "write the path of our copy of the document, relative to the catalogue file".into(),
                    );
                }
                if s.lang.is_none() {
                    self.error(
                        Check::MissingField,
                        copy.span(),
                        format!("source `{}` has a `copy` but no `lang`", source.key()),
                        "say which language the document is written in (`lang = \"ja\"`): texts are looked for in that language".into(),
                    );
                }
            }
            for correction in &s.corrections {
                for part in [&correction.found, &correction.written] {
                    if part.get_ref().trim().is_empty() {
                        self.error(
                            Check::EmptyText,
                            part.span(),
                            format!("a correction of source `{}` is empty", source.key()),
                            "write the words as the document has them (`found`) and as the catalogue writes them (`written`)".into(),
                        );
                    }
                }
            }
        }
        if let Some(primary) = doc.meta.source.as_ref().filter(|s| s.get_ref().is_ours()) {
            self.error(
                Check::UndeclaredReference,
                primary.span(),
                "`[catalogue] source` names the document the catalogue transcribes; it cannot be `ours`".into(),
                "declare the document under [sources] and name its key here, or remove the key".into(),
            );
        }
        for reason in &doc.reasons {
            let id = reason.id();
            let steps =
                reason.remedy.get_ref().iter().enumerate().map(|(n, s)| (format!("remedy step {}", n + 1), &s.text));
            let notes = reason.notes.iter().enumerate().map(|(n, t)| (format!("note {}", n + 1), t));
            let shared = reason.shared_codes.iter().map(|(code, t)| (format!("the note on shared code {code}"), t));
            for (what, text) in steps.chain(notes).chain(shared) {
                if text.source.is_none() {
                    let span = first_line(self.source, text.span.clone());
                    self.error(
                        Check::MissingProvenance,
                        span,
                        format!("{what} of `{id}` does not say where it comes from"),
                        format!(
                            "add `source = \"<key>\"` naming a [sources] entry{}, or `source = \"ours\"` if we wrote it",
                            if sources.is_empty() { String::new() } else { format!(" ({})", sources.join(", ")) }
                        ),
                    );
                }
            }
        }
    }

    /// A console text is not empty, is in a declared language, and names one reason of its
    /// model: no other reason of the model has it as a console text or a message.
    fn console_texts(&mut self) {
        let doc = self.doc;
        let languages: Vec<&str> = doc.languages.iter().map(|l| l.key().as_str()).collect();
        let mut seen: BTreeMap<(&str, String), &str> = BTreeMap::new();
        for reason in &doc.reasons {
            for (_, message) in &reason.message.entries {
                let key = (reason.model().as_str(), crate::lookup::normalize_message(message.get_ref()));
                seen.entry(key).or_insert(reason.id().as_str());
            }
        }
        for reason in &doc.reasons {
            for console in &reason.console {
                if !languages.contains(&console.lang.get_ref().as_str()) {
                    self.undeclared("language", console.lang.as_str(), languages.iter().copied());
                }
                let text = console.text.get_ref();
                if text.trim().is_empty() {
                    self.error(
                        Check::EmptyText,
                        console.text.span(),
                        format!("a console text of `{}` is empty", reason.id()),
                        "write the text exactly as the access history shows it, or remove the entry".into(),
                    );
                    continue;
                }
                let key = (reason.model().as_str(), crate::lookup::normalize_message(text));
                match seen.get(&key) {
                    Some(&other) if other != reason.id().as_str() => self.error(
                        Check::AmbiguousConsoleText,
                        console.text.span(),
                        format!(
                            "`{}` and `{other}` of model `{}` would both be recognised by this console text",
                            reason.id(),
                            reason.model()
                        ),
                        "give the text to the one reason the access history shows it for".into(),
                    ),
                    Some(_) => {}
                    None => {
                        seen.insert(key, reason.id().as_str());
                    }
                }
            }
        }
    }

    fn reference(&mut self, kind: &str, name: Spanned<&str>, declared: &[&str]) {
        let section = match kind {
            "link" => "links",
            "product type" => "product_types",
            "model" => "models",
            "side" => "sides",
            "source" => "sources",
            "glossary entry" => "glossary",
            "language" => "languages",
            _ => "",
        };
        let failed = self.doc.undecoded.iter().any(|u| {
            let key = u.strip_prefix(section).and_then(|r| r.strip_prefix('.'));
            key == Some(*name.get_ref()) || key == Some("*")
        });
        if !failed && !declared.contains(name.get_ref()) {
            self.undeclared(kind, name, declared.iter().copied());
        }
    }

    fn undeclared<'k>(&mut self, kind: &str, name: Spanned<&str>, declared: impl Iterator<Item = &'k str> + Clone) {
        let help = match did_you_mean(name.get_ref(), declared.clone()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => {
                let all: Vec<_> = declared.collect();
                if all.is_empty() {
                    format!("no {kind} is declared; declare `{}` first", name.get_ref())
                } else {
                    format!("declare it, or use one of: {}", all.join(", "))
                }
            }
        };
        self.error(Check::UndeclaredReference, name.span(), format!("undeclared {kind} `{}`", name.get_ref()), help);
    }

    fn reasons(&mut self) {
        let doc = self.doc;
        let models: Vec<&str> = doc.models.iter().map(|m| m.key().as_str()).collect();
        let sides: Vec<&str> = doc.sides.iter().map(|s| s.key().as_str()).collect();
        let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
        let ids: std::collections::BTreeSet<&str> = doc.reasons.iter().map(|r| r.id().as_str()).collect();
        // An old id names one anchor, on one reason's entry.
        let mut claimed: BTreeMap<&str, &str> = BTreeMap::new();
        for reason in &doc.reasons {
            for old in &reason.renamed_from {
                let old_id = old.get_ref();
                if !is_slug(old_id.as_str())
                    || crate::anchors::is_reserved(old_id.as_str())
                    || ids.contains(old_id.as_str())
                {
                    self.error(
                        Check::BadId,
                        old.span(),
                        format!("`{old_id}` in `renamed_from` is not a slug, is reserved, or is a current id"),
                        "list only the ids this reason had before, each a slug no reason uses now".into(),
                    );
                } else if let Some(first) = claimed.insert(old_id.as_str(), reason.id().as_str()) {
                    self.error(
                        Check::BadId,
                        old.span(),
                        format!("`{old_id}` in `renamed_from` is claimed by `{first}` already"),
                        "an old id names one anchor: list it on the one reason it became".into(),
                    );
                }
            }
            let id = reason.id();
            if !is_slug(id.as_str()) {
                self.error(
                    Check::BadId,
                    reason.id.span(),
                    format!("reason id `{id}` is not a slug"),
                    "use lowercase ASCII letters and digits joined by single hyphens, such as `neo-viewer-password-mismatch`".into(),
                );
            }
            if crate::anchors::is_reserved(id.as_str()) {
                self.error(
                    Check::BadId,
                    reason.id.span(),
                    format!("reason id `{id}` is reserved for the pages' own anchors"),
                    format!(
                        "choose another id; ids may not be {} nor start with {}",
                        crate::anchors::SECTIONS.join(", "),
                        crate::anchors::RESERVED_PREFIXES.join(" or ")
                    ),
                );
            }
            match first_seen.get(id.as_str()) {
                Some(&at) => {
                    let line = self.source.position(at).line;
                    self.error(
                        Check::DuplicateId,
                        reason.id.span(),
                        format!("reason id `{id}` is already used on line {line}"),
                        "give this reason an id of its own; ids never change once published".into(),
                    );
                }
                None => {
                    first_seen.insert(id.as_str(), reason.id.span().start);
                }
            }
            self.reference("model", reason.model.as_str(), &models);
            self.reference("side", reason.side.as_str(), &sides);
            self.codes(reason);
            if reason.remedy.get_ref().is_empty() {
                self.error(
                    Check::EmptyText,
                    reason.remedy.span(),
                    format!("reason `{id}` has no remedy step"),
                    "add at least one [[reasons.remedy]] step saying what to do".into(),
                );
            }
        }
    }

    fn codes(&mut self, reason: &crate::model::Reason) {
        let codes = reason.codes.get_ref();
        if codes.is_empty() {
            self.error(
                Check::EmptyText,
                reason.codes.span(),
                format!("reason `{}` has no code", reason.id()),
                "list the number(s) that end the message, such as codes = [\"110200\"]".into(),
            );
        }
        for (i, code) in codes.iter().enumerate() {
            let text = code.get_ref();
            if !is_code(text.as_str()) {
                self.error(
                    Check::BadCode,
                    code.span(),
                    format!("code `{text}` is not a number of one to nine digits without a leading zero"),
                    "a code is the digits in parentheses at the end of the message, such as \"110200\"".into(),
                );
            }
            if codes[..i].iter().any(|earlier| earlier.get_ref() == text) {
                self.error(
                    Check::DuplicateCode,
                    code.span(),
                    format!("reason `{}` lists code {text} twice", reason.id()),
                    "remove the repeated code".into(),
                );
            }
        }
    }
}

fn is_ui_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The first line of a span: where a table's header is, for a table-wide problem.
fn first_line(source: &SourceFile, span: Range<usize>) -> Range<usize> {
    let text = source.slice(span.clone());
    span.start..span.start + text.find('\n').unwrap_or(text.len())
}

/// A catalogue's `version`: a date or a number, as pages and release notes print it.
fn is_version(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && text.len() <= 40
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// A site's `output`: a folder inside the project, of plain names joined by `/`.
fn is_relative_folder(text: &str) -> bool {
    !text.is_empty()
        && text.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}
