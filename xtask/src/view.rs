//! The view model of the FAQ: everything a page template shows, built from the catalogue for
//! one language, with every text already rendered (see [`crate::markup`]).

use std::collections::BTreeMap;

use catalogue::{Catalogue, Keyed, Named, Reason, Text};
use serde::Serialize;

use crate::markup::Rendered;
use catalogue::anchors;

#[derive(Debug, Serialize)]
pub struct FaqView {
    pub lang: String,
    pub title: Rendered,
    /// The "generated, do not edit" notice for the file's header comment.
    pub notice: String,
    pub languages: Vec<LanguageLink>,
    /// The other languages, for each reason's "read this in …" link (`href#<reason id>`).
    pub translations: Vec<LanguageLink>,
    pub ui: BTreeMap<String, Rendered>,
    pub intro_heading: Rendered,
    pub intro: Vec<Rendered>,
    pub intro_links: Vec<LinkView>,
    pub procedure_heading: Rendered,
    pub procedure_intro: Rendered,
    pub steps: Vec<StepView>,
    pub code_index: Vec<CodeRow>,
    pub models: Vec<ModelView>,
    pub sides: Vec<NamedView>,
    pub product_types: Vec<NamedView>,
    pub glossary: Vec<TermView>,
    pub reason_count: usize,
    pub anchors: SectionAnchors,
}

/// The fixed anchors of the page's sections.
#[derive(Debug, Serialize)]
pub struct SectionAnchors {
    pub top: &'static str,
    pub intro: &'static str,
    pub procedure: &'static str,
    pub code_index: &'static str,
    pub glossary: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub lang: String,
    pub name: String,
    /// "Read this in English": the UI's `this_reason_in` pattern filled with the name.
    pub label: String,
    pub current: bool,
    /// The same file in that language, relative to this one (`../en/faq.html`).
    pub md_href: String,
    pub html_href: String,
}

#[derive(Debug, Serialize)]
pub struct LinkView {
    pub key: String,
    pub title: Rendered,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub title: Rendered,
    pub body: Rendered,
    pub items: Vec<Rendered>,
    pub notes: Vec<Rendered>,
    pub links: Vec<LinkView>,
}

#[derive(Debug, Serialize)]
pub struct CodeRow {
    pub code: String,
    /// `code-110200`; the row carries it when the code labels several reasons.
    pub anchor: String,
    pub shared: bool,
    pub reasons: Vec<ReasonRef>,
}

#[derive(Debug, Serialize)]
pub struct ReasonRef {
    pub id: String,
    pub model: String,
    pub model_name: Rendered,
    pub message: Rendered,
}

#[derive(Debug, Serialize)]
pub struct ModelView {
    pub key: String,
    pub anchor: String,
    pub name: Rendered,
    pub heading: Rendered,
    pub code_note: Rendered,
    pub links: Vec<LinkView>,
    pub reasons: Vec<ReasonView>,
}

#[derive(Debug, Serialize)]
pub struct ReasonView {
    pub id: String,
    pub model: String,
    pub title: Rendered,
    pub codes: Vec<CodeChip>,
    pub codes_text: String,
    pub side_key: String,
    pub side: Rendered,
    pub product_types: Rendered,
    pub remedy: Vec<RemedyStepView>,
    pub notes: Vec<Rendered>,
    pub links: Vec<LinkView>,
    /// Why and since when the reason is no longer recorded, for a retired reason.
    pub retired: Option<Rendered>,
}

#[derive(Debug, Serialize)]
pub struct CodeChip {
    pub code: String,
    /// Where the code's link leads: the index row when the code is shared.
    pub href: String,
    /// The code's own anchor sits on this reason when it labels no other.
    pub own_anchor: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RemedyStepView {
    pub condition: Option<Rendered>,
    pub text: Rendered,
}

#[derive(Debug, Serialize)]
pub struct NamedView {
    pub key: String,
    pub name: Rendered,
    pub description: Option<Rendered>,
}

#[derive(Debug, Serialize)]
pub struct TermView {
    pub key: String,
    pub term: Rendered,
    pub definition: Rendered,
}

/// Builds the FAQ view for one language.
pub fn faq(catalogue: &Catalogue, lang: &str, file_name: &str) -> FaqView {
    let doc = catalogue.document();
    let t = |text: &Text| Rendered::new(text.tr(lang));
    let ui: BTreeMap<String, Rendered> = doc.ui.iter().map(|e| (e.key().to_string(), t(&e.value))).collect();
    let links = |keys: &[catalogue::Spanned<String>]| -> Vec<LinkView> {
        keys.iter()
            .filter_map(|key| {
                let link = catalogue.link(key.get_ref())?;
                Some(LinkView {
                    key: key.get_ref().clone(),
                    title: t(&link.title),
                    // `check` refuses other schemes; a page never links to one whatever it is given.
                    url: link
                        .url
                        .as_ref()
                        .map(|u| u.get_ref().clone())
                        .filter(|u| catalogue::markup::link_problem(u).is_none()),
                })
            })
            .collect()
    };
    let page = &doc.page;
    let code_index = code_index(catalogue, lang);
    let shared = code_index.iter().filter(|row| row.shared).map(|row| row.code.as_str()).collect();
    let labels = Labels::new(catalogue, lang);
    let translations: Vec<LanguageLink> =
        language_links(catalogue, lang, file_name, "").into_iter().filter(|l| !l.current).collect();
    let models = doc
        .models
        .iter()
        .map(|model| ModelView {
            key: model.key().to_string(),
            anchor: anchors::model(model.key()),
            name: t(&model.value.name),
            heading: t(&model.value.heading),
            code_note: t(&model.value.code_note),
            links: links(&model.value.links),
            reasons: catalogue
                .reasons_of(model.key())
                .map(|reason| reason_view(reason, lang, &labels, &shared, &links))
                .collect(),
        })
        .collect();
    FaqView {
        lang: lang.to_string(),
        title: t(&doc.meta.title),
        notice: crate::notice(catalogue),
        languages: language_links(catalogue, lang, file_name, ""),
        translations,
        ui,
        intro_heading: t(&page.intro_heading),
        intro: page.intro.iter().map(t).collect(),
        intro_links: links(&page.intro_links),
        procedure_heading: t(&page.procedure_heading),
        procedure_intro: t(&page.procedure_intro),
        steps: page
            .steps
            .iter()
            .map(|step| StepView {
                title: t(&step.title),
                body: t(&step.body),
                items: step.items.iter().map(t).collect(),
                notes: step.notes.iter().map(t).collect(),
                links: links(&step.links),
            })
            .collect(),
        code_index,
        models,
        sides: doc.sides.iter().map(|e| named_view(e, lang)).collect(),
        product_types: doc.product_types.iter().map(|e| named_view(e, lang)).collect(),
        glossary: doc
            .glossary
            .iter()
            .map(|e| TermView { key: e.key().to_string(), term: t(&e.value.term), definition: t(&e.value.definition) })
            .collect(),
        reason_count: doc.reasons.len(),
        anchors: SectionAnchors {
            top: anchors::TOP,
            intro: anchors::INTRO,
            procedure: anchors::PROCEDURE,
            code_index: anchors::CODE_INDEX,
            glossary: anchors::GLOSSARY,
        },
    }
}

/// What every reason of one language needs, resolved once rather than per reason.
pub struct Labels {
    code_separator: String,
    list_separator: String,
    reason_title: Rendered,
    remedy_for: Rendered,
    all_product_types: Rendered,
    product_types: BTreeMap<String, Rendered>,
    sides: BTreeMap<String, Rendered>,
}

impl Labels {
    pub fn new(catalogue: &Catalogue, lang: &str) -> Self {
        let ui = |key: &str| catalogue.ui(key).map(|text| text.tr(lang).to_string()).unwrap_or_default();
        let names = |entries: &[Keyed<Named>]| -> BTreeMap<String, Rendered> {
            entries.iter().map(|e| (e.key().to_string(), Rendered::new(e.value.name.tr(lang)))).collect()
        };
        let doc = catalogue.document();
        Labels {
            code_separator: ui("code_separator"),
            list_separator: ui("list_separator"),
            reason_title: Rendered::new(&ui("reason_title")),
            remedy_for: Rendered::new(&ui("remedy_for")),
            all_product_types: Rendered::new(&ui("all_product_types")),
            product_types: names(&doc.product_types),
            sides: names(&doc.sides),
        }
    }

    /// The names of product types, joined as a list.
    pub fn product_types(&self, keys: &[catalogue::Spanned<String>]) -> Rendered {
        let names: Vec<Rendered> = keys.iter().filter_map(|k| self.product_types.get(k.get_ref()).cloned()).collect();
        Rendered::join(&names, &self.list_separator)
    }

    /// "For USB type, Fingerprint type:" for a remedy step limited to some product types.
    pub fn condition(&self, step: &catalogue::Step) -> Option<Rendered> {
        (!step.applies_to.is_empty())
            .then(|| Rendered::fill(&self.remedy_for, &[("types", &self.product_types(&step.applies_to))]))
    }
}

fn reason_view(
    reason: &Reason,
    lang: &str,
    labels: &Labels,
    shared: &std::collections::BTreeSet<&str>,
    links: &dyn Fn(&[catalogue::Spanned<String>]) -> Vec<LinkView>,
) -> ReasonView {
    let t = |text: &Text| Rendered::new(text.tr(lang));
    let message = t(&reason.message);
    let codes: Vec<CodeChip> = reason
        .codes()
        .map(|code| {
            let is_shared = shared.contains(code);
            CodeChip {
                code: code.to_string(),
                href: if is_shared { format!("#{}", anchors::code(code)) } else { format!("#{}", reason.id()) },
                own_anchor: (!is_shared).then(|| anchors::code(code)),
            }
        })
        .collect();
    let codes_text = reason.codes().collect::<Vec<_>>().join(&labels.code_separator);
    let title = Rendered::fill(&labels.reason_title, &[("message", &message), ("codes", &Rendered::new(&codes_text))]);
    let product_types = if reason.product_types.is_empty() {
        labels.all_product_types.clone()
    } else {
        labels.product_types(&reason.product_types)
    };
    let remedy: Vec<RemedyStepView> = reason
        .remedy
        .get_ref()
        .iter()
        .map(|step| RemedyStepView { condition: labels.condition(step), text: t(&step.text) })
        .collect();
    // Notes on shared codes first, in the order of the reason's codes, then the other notes.
    let shared_notes = reason.codes().filter_map(|code| reason.shared_codes.get(code));
    let notes: Vec<Rendered> = shared_notes.chain(&reason.notes).map(t).collect();
    let side = labels.sides.get(reason.side()).cloned().unwrap_or_default();
    ReasonView {
        id: reason.id().to_string(),
        model: reason.model().to_string(),
        title,
        codes,
        codes_text,
        side_key: reason.side().to_string(),
        side,
        product_types,
        remedy,
        notes,
        links: links(&reason.links),
        retired: reason.retired.as_ref().map(t),
    }
}

/// One row per code, in numeric order, listing every reason that carries it in any model.
fn code_index(catalogue: &Catalogue, lang: &str) -> Vec<CodeRow> {
    catalogue
        .codes()
        .into_iter()
        .map(|code| {
            let reasons: Vec<ReasonRef> = catalogue
                .reasons_with_code_in_any_model(code)
                .into_iter()
                .flat_map(|(model, reasons)| {
                    reasons.into_iter().map(move |r| {
                        let message = Rendered::new(r.message.tr(lang));
                        ReasonRef {
                            id: r.id().to_string(),
                            model: model.key().to_string(),
                            model_name: Rendered::new(model.value.name.tr(lang)),
                            message,
                        }
                    })
                })
                .collect();
            CodeRow { code: code.to_string(), anchor: anchors::code(code), shared: reasons.len() > 1, reasons }
        })
        .collect()
}

fn language_links(catalogue: &Catalogue, current: &str, file_name: &str, fragment: &str) -> Vec<LanguageLink> {
    let hash = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
    let pattern = catalogue.ui("this_reason_in").map(|t| t.tr(current).to_string()).unwrap_or_default();
    catalogue
        .languages()
        .into_iter()
        .map(|lang| {
            let name = catalogue.language(lang).map(|l| l.name.get_ref().clone()).unwrap_or_default();
            (lang, name)
        })
        .map(|(lang, name)| LanguageLink {
            lang: lang.to_string(),
            label: pattern.replace("{language}", &name),
            name,
            current: lang == current,
            md_href: format!("../{lang}/{file_name}.md{hash}"),
            html_href: format!("../{lang}/{file_name}.html{hash}"),
        })
        .collect()
}

fn named_view(entry: &Keyed<Named>, lang: &str) -> NamedView {
    NamedView {
        key: entry.key().to_string(),
        name: Rendered::new(entry.value.name.tr(lang)),
        description: entry.value.description.as_ref().map(|d| Rendered::new(d.tr(lang))),
    }
}
