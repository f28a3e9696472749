//! The view model of the FAQ: everything a page template shows, built from the catalogue for
//! one language, with every text already rendered (see [`crate::markup`]).

use std::collections::BTreeMap;

use catalogue::site;
use catalogue::{Catalogue, Keyed, Named, Reason, Text};
use serde::Serialize;

use crate::markup::{Rendered, Standing};
use catalogue::anchors;
use catalogue::present::{self, Labels};

/// `R` is what a page places for each reason, and `C` for each row of the code index: their
/// views, or what stands for their blocks (the FAQ artefact renders each reason and each row on
/// its own, and the page places the results).
#[derive(Debug, Serialize)]
pub struct FaqView<R = ReasonView, C = CodeRow> {
    pub lang: String,
    /// The page's own published address, when the site has one.
    pub canonical: Option<String>,
    pub title: Rendered,
    /// The "generated, do not edit" notice for the file's header comment.
    pub notice: String,
    pub languages: Vec<LanguageLink>,
    /// The other languages, for each reason's "read this in …" link (`href#<reason id>`).
    pub translations: Vec<LanguageLink>,
    pub ui: tera::Value,
    /// How to read the marks, once near the top.
    pub legend: Rendered,
    /// How much of the page is translated from the current source text, for a translated
    /// language.
    pub translation: Option<Rendered>,
    /// Which version of the catalogue the page shows, when it declares one.
    pub version: Option<Rendered>,
    pub intro_heading: Rendered,
    pub intro: Vec<MarkedView>,
    pub intro_links: Vec<LinkView>,
    pub procedure_heading: Rendered,
    pub procedure_intro: Rendered,
    pub steps: Vec<StepView>,
    /// What the sources do not say.
    pub unknowns: MarkedBlockView,
    /// The numbers users are shown: the code index's first table, and their entries.
    pub reference_codes: Vec<ReferenceBlock>,
    pub code_index: Vec<C>,
    pub models: Vec<ModelView<R>>,
    pub sides: Vec<NamedView>,
    /// Said once before the sides' descriptions when they share an origin.
    pub sides_mark: Option<Rendered>,
    pub product_types: Vec<NamedView>,
    pub product_types_mark: Option<Rendered>,
    pub glossary: Vec<TermView>,
    pub glossary_mark: Option<Rendered>,
    /// The documents the texts come from, with their addresses.
    pub sources: Vec<SourceView>,
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
    pub sources: &'static str,
    pub reference_codes: &'static str,
    pub unknowns: &'static str,
}

impl Default for SectionAnchors {
    fn default() -> SectionAnchors {
        SectionAnchors {
            top: anchors::TOP,
            intro: anchors::INTRO,
            procedure: anchors::PROCEDURE,
            code_index: anchors::CODE_INDEX,
            glossary: anchors::GLOSSARY,
            sources: anchors::SOURCES,
            reference_codes: anchors::REFERENCE_CODES,
            unknowns: anchors::UNKNOWNS,
        }
    }
}

/// The `[ui]` labels of `lang`, rendered, by key, converted for Tera (`ui` in every template;
/// made once a run per language, [`crate::presented::Presented::ui`]).
pub fn ui(catalogue: &Catalogue, lang: &str) -> tera::Value {
    let labels: BTreeMap<String, Rendered> =
        catalogue.document().ui.iter().map(|e| (e.key().to_string(), Rendered::new(e.value.tr(lang)))).collect();
    tera::Value::from_serializable(&labels)
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
    /// The same page's address for `<link rel="alternate">`: absolute under the published
    /// address when there is one, else `html_href`.
    pub alternate_href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub key: String,
    pub title: Rendered,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub title: Rendered,
    /// Who acts in the step, where the catalogue says.
    pub by: Option<Rendered>,
    pub body: MarkedView,
    pub items: MarkedBlockView,
    pub notes: MarkedBlockView,
    pub links: Vec<LinkView>,
}

/// An entry of `[reference_codes]`: the numbers users are shown, what the sources say of them.
#[derive(Debug, Serialize)]
pub struct ReferenceBlock {
    pub key: String,
    /// Its anchor on the FAQ page.
    pub anchor: String,
    /// Each number, its own anchor on the FAQ (`code-291`) and its page.
    pub codes: Vec<ReferenceChip>,
    pub codes_text: String,
    pub title: Rendered,
    pub authentication: bool,
    pub meaning: MarkedView,
    pub notes: MarkedBlockView,
    /// The documents the entry points to, each number's own after the entry's.
    pub links: Vec<LinkView>,
}

#[derive(Debug, Serialize)]
pub struct ReferenceChip {
    pub code: String,
    pub anchor: String,
    /// Its page, relative to `docs/<lang>/`, without the extension.
    pub page: String,
}

#[derive(Debug, Serialize)]
pub struct CodeRow {
    pub code: String,
    /// `code-110200`; the row carries it when the code labels several reasons.
    pub anchor: String,
    pub shared: bool,
    pub reasons: Vec<ReasonRef>,
    /// The code's page, from the FAQ, without its extension (`codes/110200`).
    pub page: String,
}

#[derive(Debug, Serialize)]
pub struct ReasonRef {
    pub id: String,
    pub model: String,
    pub model_name: Rendered,
    pub message: Rendered,
}

#[derive(Debug, Serialize)]
pub struct ModelView<R = ReasonView> {
    pub key: String,
    pub anchor: String,
    pub name: Rendered,
    pub heading: Rendered,
    /// Where the heading comes from, when it is not the transcribed page's.
    pub heading_mark: Option<Rendered>,
    pub code_note: MarkedView,
    pub links: Vec<LinkView>,
    pub reasons: Vec<R>,
}

#[derive(Debug, Serialize)]
pub struct ReasonView {
    pub id: String,
    /// The ids the reason had before (`renamed_from`): each keeps an anchor.
    pub aliases: Vec<String>,
    pub model: String,
    pub title: Rendered,
    pub codes: Vec<CodeChip>,
    pub codes_text: String,
    pub side_key: String,
    pub side: Rendered,
    /// Which [Type] rows of the access history show the reason.
    pub side_type: Option<Rendered>,
    /// Where the side comes from, when the message does not name it.
    pub side_mark: Option<Rendered>,
    /// What the access history is known to show for the reason besides its message.
    pub console: Vec<Rendered>,
    /// The product types the reason concerns, where the catalogue names them.
    pub product_types: Option<Rendered>,
    /// Said before the steps: that the transcribed page's remedy is not in our copy, and the
    /// steps' one origin where they share it.
    pub remedy_preface: Option<Rendered>,
    pub remedy: Vec<RemedyStepView>,
    /// Said once before the notes when they share an origin.
    pub notes_block: Option<Rendered>,
    pub notes: Vec<NoteView>,
    pub links: Vec<LinkView>,
    /// Why and since when the reason is no longer recorded, for a retired reason.
    pub retired: Option<Rendered>,
}

#[derive(Debug, Serialize)]
pub struct CodeChip {
    pub code: String,
    /// Where the code's link leads on the FAQ page: the index row when the code is shared. The
    /// same view is placed on code pages ([`crate::presented`]), where this is the FAQ's.
    pub href: String,
    /// The code's own anchor sits on this reason when it labels no other.
    pub own_anchor: Option<String>,
    /// The code's page, from another code's page, in each format.
    pub page_md: String,
    pub page_html: String,
}

#[derive(Debug, Serialize)]
pub struct RemedyStepView {
    /// Who acts and for which product types, as one label.
    pub lead: Option<Rendered>,
    pub text: Rendered,
    /// Where the step comes from, when it is not the transcribed page.
    pub mark: Option<Rendered>,
}

/// A text and, after it, where it comes from when that is not the transcribed page.
#[derive(Debug, Clone, Serialize)]
pub struct MarkedView {
    pub text: Rendered,
    pub mark: Option<Rendered>,
}

impl MarkedView {
    fn of(marked: &present::Marked, standing: &Standing) -> MarkedView {
        MarkedView { text: Rendered::shown(&marked.text, standing), mark: marked.mark.as_deref().map(Rendered::new) }
    }
}

/// Texts with their marks, one before them all where they share an origin.
#[derive(Debug, Clone, Serialize)]
pub struct MarkedBlockView {
    pub mark: Option<Rendered>,
    pub items: Vec<MarkedView>,
}

impl MarkedBlockView {
    fn of(block: &present::MarkedBlock, standing: &Standing) -> MarkedBlockView {
        MarkedBlockView {
            mark: block.mark.as_deref().map(Rendered::new),
            items: block.items.iter().map(|m| MarkedView::of(m, standing)).collect(),
        }
    }
}

/// A reason's note: a shared code's is led by the code.
#[derive(Debug, Serialize)]
pub struct NoteView {
    pub lead: Option<Rendered>,
    pub text: Rendered,
    pub mark: Option<Rendered>,
}

/// A document the texts come from.
#[derive(Debug, Serialize)]
pub struct SourceView {
    pub key: String,
    pub title: Rendered,
    pub url: Option<String>,
    pub description: Option<Rendered>,
    /// The slips of the source the catalogue writes corrected, each said once.
    pub corrections: Vec<Rendered>,
}

#[derive(Debug, Serialize)]
pub struct NamedView {
    pub key: String,
    pub name: Rendered,
    pub description: Option<Rendered>,
    pub mark: Option<Rendered>,
}

#[derive(Debug, Serialize)]
pub struct TermView {
    pub key: String,
    pub term: Rendered,
    pub definition: Rendered,
    pub mark: Option<Rendered>,
}

/// Builds the FAQ view for one language; `place` makes of each reason what the page places
/// (in the catalogue's order), its view made with [`FaqReasons`], and `place_row` of each code
/// (in numeric order) what the page places as its row of the code index, its view made with
/// [`code_row`].
pub fn faq<'c, R, C>(
    catalogue: &'c Catalogue,
    lang: &str,
    file_name: &str,
    ui: tera::Value,
    mut place: impl FnMut(&'c Reason) -> R,
    place_row: impl FnMut(&'c str) -> C,
) -> FaqView<R, C> {
    let doc = catalogue.document();
    let standing = Standing::new(catalogue, lang);
    let source_language = catalogue.languages().first().map_or_else(String::new, |l| l.to_string());
    let t = |text: &Text| Rendered::shown(&present::Shown::of(text, lang, &source_language), &standing);
    let links = |keys: &[catalogue::Spanned<catalogue::LinkKey>]| -> Vec<LinkView> {
        present::links(catalogue, keys, lang).iter().map(link_view).collect()
    };
    let page = &doc.page;
    let code_index = catalogue.codes().into_iter().map(place_row).collect();
    let labels = Labels::new(catalogue, lang);
    let translations: Vec<LanguageLink> = other_languages(catalogue, lang, file_name);
    let models = doc
        .models
        .iter()
        .map(|model| {
            let heading = present::marked(catalogue, &model.value.heading, &labels);
            let heading_text = Rendered::shown(&heading.text, &standing);
            ModelView {
                key: model.key().to_string(),
                anchor: anchors::model(model.key().as_str()),
                name: t(&model.value.name),
                heading: heading_text,
                heading_mark: heading.mark.as_deref().map(Rendered::new),
                code_note: MarkedView::of(&present::marked(catalogue, &model.value.code_note, &labels), &standing),
                links: links(&model.value.links),
                reasons: catalogue.reasons_of(model.key()).map(&mut place).collect(),
            }
        })
        .collect();
    let described = |entries: &[(String, Rendered, Option<&Text>)]| -> (Option<Rendered>, Vec<NamedView>) {
        let block = present::MarkedBlock::new(catalogue, entries.iter().filter_map(|(_, _, d)| *d), &labels);
        let mut marks = block.items.iter();
        let views = entries
            .iter()
            .map(|(key, name, description)| {
                let item = description.and_then(|_| marks.next());
                NamedView {
                    key: key.clone(),
                    name: name.clone(),
                    description: item.map(|i| Rendered::shown(&i.text, &standing)),
                    mark: item.and_then(|i| i.mark.as_deref().map(Rendered::new)),
                }
            })
            .collect();
        (block.mark.as_deref().map(Rendered::new), views)
    };
    let (sides_mark, sides) = described(&named(&doc.sides, lang));
    let (product_types_mark, product_types) = described(&named(&doc.product_types, lang));
    let definitions = present::MarkedBlock::new(catalogue, doc.glossary.iter().map(|e| &e.value.definition), &labels);
    FaqView {
        lang: lang.to_string(),
        canonical: catalogue.site_url().map(|_| catalogue.page_url(&format!("{lang}/{file_name}.html"))),
        title: t(&doc.meta.title),
        notice: crate::notice(catalogue),
        languages: language_links(catalogue, lang, file_name),
        translations,
        ui,
        legend: Rendered::new(&present::legend(catalogue, lang)),
        translation: translation_notice(catalogue, lang, every_text(catalogue)),
        version: version_notice(catalogue, lang),
        intro_heading: t(&page.intro_heading),
        intro: page
            .intro
            .iter()
            .map(|text| MarkedView::of(&present::marked(catalogue, text, &labels), &standing))
            .collect(),
        intro_links: links(&page.intro_links),
        procedure_heading: t(&page.procedure_heading),
        procedure_intro: t(&page.procedure_intro),
        steps: steps(catalogue, &labels),
        unknowns: MarkedBlockView::of(&present::MarkedBlock::new(catalogue, &page.unknowns, &labels), &standing),
        reference_codes: reference_blocks(catalogue, &labels),
        code_index,
        models,
        sides,
        sides_mark,
        product_types,
        product_types_mark,
        glossary: doc
            .glossary
            .iter()
            .zip(&definitions.items)
            .map(|(e, d)| TermView {
                key: e.key().to_string(),
                term: t(&e.value.term),
                definition: Rendered::shown(&d.text, &standing),
                mark: d.mark.as_deref().map(Rendered::new),
            })
            .collect(),
        glossary_mark: definitions.mark.as_deref().map(Rendered::new),
        sources: sources(catalogue, lang, None),
        reason_count: doc.reasons.len(),
        anchors: SectionAnchors::default(),
    }
}

/// Which version of the catalogue a page shows (`[ui] catalogue_version` with the catalogue's
/// `version`), when the catalogue declares one: never the build's time, so output stays the
/// same for the same catalogue.
pub fn version_notice(catalogue: &Catalogue, lang: &str) -> Option<Rendered> {
    let version = catalogue.document().meta.version.as_ref()?;
    let pattern = Rendered::new(&present::label(catalogue, "catalogue_version", lang));
    Some(Rendered::fill(&pattern, &[("version", &Rendered::literal(version.get_ref()))]))
}

/// What a page of a translated language says of its translation: how many of its texts are
/// current, stale and not yet translated (`[ui] translation_status`); `None` in the source
/// language.
pub fn translation_notice<'t>(
    catalogue: &Catalogue,
    lang: &str,
    texts: impl IntoIterator<Item = &'t Text>,
) -> Option<Rendered> {
    let source_language = catalogue.languages().first()?.to_string();
    if lang == source_language {
        return None;
    }
    let tally = present::Tally::of(texts, lang, &source_language);
    let source_name = catalogue
        .language(&catalogue::Lang::from(source_language))
        .map(|l| l.name.get_ref().clone())
        .unwrap_or_default();
    let all_current = tally.stale == 0 && tally.missing == 0;
    let pattern =
        present::label(catalogue, if all_current { "translation_current" } else { "translation_status" }, lang);
    let count = |n: usize| n.to_string();
    Some(Rendered::new(&present::fill(
        &pattern,
        &[
            ("current", &count(tally.current)),
            ("total", &count(tally.total())),
            ("stale", &count(tally.stale)),
            ("missing", &count(tally.missing)),
            ("source", &source_name),
        ],
    )))
}

/// Every text of the catalogue, for a page that shows them all.
fn every_text(catalogue: &Catalogue) -> Vec<&Text> {
    let mut texts = Vec::new();
    catalogue::collect_texts(catalogue.document(), &mut texts);
    texts.into_iter().map(|(_, text)| text).collect()
}

/// Each named entry's key, name and description, for [`faq`].
fn named<'a, K: std::fmt::Display>(
    entries: &'a [Keyed<K, Named>],
    lang: &str,
) -> Vec<(String, Rendered, Option<&'a Text>)> {
    entries
        .iter()
        .map(|e| (e.key().to_string(), Rendered::new(e.value.name.tr(lang)), e.value.description.as_ref()))
        .collect()
}

/// The page's procedure, rendered.
pub fn steps(catalogue: &Catalogue, labels: &Labels) -> Vec<StepView> {
    let standing = Standing::new(catalogue, labels.lang());
    let standing = &standing;
    present::procedure(catalogue, labels)
        .iter()
        .map(|step| StepView {
            title: Rendered::new(&step.title),
            by: step.by.as_deref().map(Rendered::new),
            body: MarkedView::of(&step.body, standing),
            items: MarkedBlockView::of(&step.items, standing),
            notes: MarkedBlockView::of(&step.notes, standing),
            links: step.links.iter().map(link_view).collect(),
        })
        .collect()
}

/// Every entry of `[reference_codes]`, rendered for the FAQ.
pub fn reference_blocks(catalogue: &Catalogue, labels: &Labels) -> Vec<ReferenceBlock> {
    catalogue.reference_codes().iter().map(|entry| reference_block(catalogue, entry, labels)).collect()
}

/// One entry of `[reference_codes]`, rendered.
pub fn reference_block(
    catalogue: &Catalogue,
    entry: &Keyed<String, catalogue::ReferenceCodes>,
    labels: &Labels,
) -> ReferenceBlock {
    let view = present::ReferenceCodeView::new(catalogue, entry, labels);
    let standing = Standing::new(catalogue, labels.lang());
    let mut links: Vec<LinkView> = view.links.iter().map(link_view).collect();
    links.extend(view.code_links.iter().flat_map(|(_, l)| l.iter().map(link_view)));
    ReferenceBlock {
        key: view.key.clone(),
        anchor: anchors::reference(&view.key),
        codes: view
            .codes
            .iter()
            .map(|c| ReferenceChip {
                code: c.to_string(),
                anchor: anchors::code(c.as_str()),
                page: code_page_path(c.as_str()),
            })
            .collect(),
        codes_text: view.codes_text.clone(),
        title: Rendered::new(&view.title),
        authentication: view.authentication,
        meaning: MarkedView::of(&view.meaning, &standing),
        notes: MarkedBlockView::of(&view.notes, &standing),
        links,
    }
}

/// The declared sources, rendered; only those `used` names, where given, in the file's order.
pub fn sources(
    catalogue: &Catalogue,
    lang: &str,
    used: Option<&std::collections::BTreeSet<String>>,
) -> Vec<SourceView> {
    let correction = present::label(catalogue, "correction", lang);
    catalogue
        .sources()
        .iter()
        .filter(|s| used.is_none_or(|used| used.contains(s.key().as_str())))
        .map(|s| SourceView {
            key: s.key().to_string(),
            title: Rendered::new(s.value.title.tr(lang)),
            url: s
                .value
                .url
                .as_ref()
                .map(|u| u.get_ref().clone())
                .filter(|u| catalogue::markup::link_problem(u).is_none()),
            description: s.value.description.as_ref().map(|d| Rendered::new(d.tr(lang))),
            corrections: s
                .value
                .corrections
                .iter()
                .map(|c| {
                    Rendered::fill(
                        &Rendered::new(&correction),
                        &[
                            ("found", &Rendered::literal(c.found.get_ref())),
                            ("written", &Rendered::literal(c.written.get_ref())),
                        ],
                    )
                })
                .collect(),
        })
        .collect()
}

/// What each reason's view of one language is made with, one reason at a time: the one view
/// of a reason every page places ([`crate::presented`]).
pub struct FaqReasons {
    labels: Labels,
    standing: Standing,
    /// The codes that label several reasons: their links lead to the code index's row.
    shared: std::collections::BTreeSet<String>,
}

impl FaqReasons {
    pub fn new(catalogue: &Catalogue, lang: &str) -> FaqReasons {
        let shared = catalogue
            .codes()
            .into_iter()
            .filter(|code| {
                catalogue.reasons_with_code_in_any_model(code).iter().map(|(_, r)| r.len()).sum::<usize>() > 1
            })
            .map(|code| code.to_string())
            .collect();
        FaqReasons { labels: Labels::new(catalogue, lang), standing: Standing::new(catalogue, lang), shared }
    }

    pub fn view(&self, catalogue: &Catalogue, reason: &Reason) -> ReasonView {
        reason_view(catalogue, reason, &self.labels, &self.standing, &self.shared)
    }
}

/// The FAQ's view of a reason: the one presentation of it ([`catalogue::present`]), rendered,
/// with the page's own anchors.
fn reason_view(
    catalogue: &Catalogue,
    reason: &Reason,
    labels: &Labels,
    standing: &Standing,
    shared: &std::collections::BTreeSet<String>,
) -> ReasonView {
    let view = present::ReasonView::new(catalogue, reason, labels);
    let codes: Vec<CodeChip> = view
        .codes
        .iter()
        .map(|code| {
            let is_shared = shared.contains(code.as_str());
            CodeChip {
                code: code.to_string(),
                href: if is_shared { format!("#{}", anchors::code(code.as_str())) } else { format!("#{}", view.id) },
                own_anchor: (!is_shared).then(|| anchors::code(code.as_str())),
                page_md: site::code_page_from_code_page(code.as_str(), "md"),
                page_html: site::code_page_from_code_page(code.as_str(), "html"),
            }
        })
        .collect();
    ReasonView {
        aliases: reason.renamed_from.iter().map(|a| a.get_ref().to_string()).collect(),
        title: Rendered::shown(&view.title, standing),
        codes,
        side: Rendered::new(&view.side_name),
        side_type: view.side_type.as_deref().map(Rendered::new),
        side_mark: view.side_mark.as_deref().map(Rendered::new),
        console: view.console.iter().map(|(_, text)| Rendered::literal(text)).collect(),
        product_types: view.product_types_text.as_deref().map(Rendered::new),
        remedy_preface: view.remedy_preface().as_deref().map(Rendered::new),
        remedy: view
            .remedy
            .iter()
            .map(|step| RemedyStepView {
                lead: step.lead.as_deref().map(Rendered::new),
                text: Rendered::shown(&step.text, standing),
                mark: step.mark.as_deref().map(Rendered::new),
            })
            .collect(),
        notes_block: view.notes_block.as_deref().map(Rendered::new),
        notes: view
            .notes
            .iter()
            .map(|n| NoteView {
                lead: n.lead.as_deref().map(Rendered::new),
                text: Rendered::shown(&n.text, standing),
                mark: n.mark.as_deref().map(Rendered::new),
            })
            .collect(),
        links: view.links.iter().map(link_view).collect(),
        retired: view.retired.as_ref().map(|r| Rendered::shown(r, standing)),
        id: view.id.to_string(),
        model: view.model_key.to_string(),
        codes_text: view.codes_text,
        side_key: view.side_key.to_string(),
    }
}

fn link_view(link: &present::LinkView) -> LinkView {
    LinkView { key: link.key.to_string(), title: Rendered::new(&link.title), url: link.url.clone() }
}

/// The row of `code` in the code index: every reason that carries it, in any model.
pub fn code_row(catalogue: &Catalogue, lang: &str, code: &str) -> CodeRow {
    let reasons: Vec<ReasonRef> = catalogue
        .reasons_with_code_in_any_model(code)
        .into_iter()
        .flat_map(|(model, reasons)| {
            reasons.into_iter().map(move |r| ReasonRef {
                id: r.id().to_string(),
                model: model.key().to_string(),
                model_name: Rendered::new(model.value.name.tr(lang)),
                message: Rendered::new(r.message.tr(lang)),
            })
        })
        .collect();
    CodeRow {
        code: code.to_string(),
        anchor: anchors::code(code),
        shared: reasons.len() > 1,
        reasons,
        page: catalogue::site::code_page(code),
    }
}

/// The same page in every language of the catalogue, the current one marked: `page` is its
/// path within a language's folder, without its extension (`faq`, `codes/110200`). Each link is
/// labelled with `[ui] this_reason_in` in the current language ("Read this in English").
pub fn language_links(catalogue: &Catalogue, current: &str, page: &str) -> Vec<LanguageLink> {
    let pattern = catalogue.ui("this_reason_in").map(|t| t.tr(current).to_string()).unwrap_or_default();
    catalogue
        .languages()
        .into_iter()
        .map(|lang| {
            let name = catalogue.language(lang).map(|l| l.name.get_ref().clone()).unwrap_or_default();
            let html_href = site::same_page_in(lang.as_str(), &format!("{page}.html"));
            LanguageLink {
                lang: lang.to_string(),
                label: catalogue::present::fill(&pattern, &[("language", &name)]),
                name,
                current: lang == current,
                md_href: site::same_page_in(lang.as_str(), &format!("{page}.md")),
                alternate_href: match catalogue.site_url() {
                    Some(_) => catalogue.page_url(&format!("{lang}/{page}.html")),
                    None => html_href.clone(),
                },
                html_href,
            }
        })
        .collect()
}

/// [`language_links`] without the current language's.
pub fn other_languages(catalogue: &Catalogue, current: &str, page: &str) -> Vec<LanguageLink> {
    language_links(catalogue, current, page).into_iter().filter(|l| !l.current).collect()
}

/// The page of one code in one language: every reason that carries it, by model, with what
/// tells them apart, and links to their full entries and to the same page in other languages.
/// Each reason's block is rendered within the page, from the reason's one view
/// ([`crate::presented`]), on every page of a code it carries.
#[derive(Debug, Serialize)]
pub struct CodePageView<'a> {
    pub lang: &'a str,
    /// The page's own published address, when the site has one.
    pub canonical: Option<String>,
    pub code: &'a str,
    pub notice: &'a str,
    pub title: Rendered,
    /// The same code's page in the other languages.
    pub languages: Vec<LanguageLink>,
    /// The FAQ pages, relative to the code page.
    pub faq_md: &'a str,
    pub faq_html: &'a str,
    /// The stylesheet, relative to the code page.
    pub stylesheet: String,
    /// The reason's template is placed on a code page, not the FAQ: always false here.
    pub on_faq: bool,
    /// The anchor of the FAQ's code index.
    pub index_anchor: &'static str,
    /// How to read the marks, once near the top.
    pub legend: &'a Rendered,
    /// How much of the page is translated from the current source text.
    pub translation: Option<Rendered>,
    /// Which version of the catalogue the page shows, when it declares one.
    pub version: Option<Rendered>,
    pub models: Vec<CodeModelView<'a>>,
    /// The documents the page's texts come from.
    pub sources: Vec<SourceView>,
}

/// One model's reasons with a code, as their views (`r` in the block a page includes for each).
#[derive(Debug, Serialize)]
pub struct CodeModelView<'a> {
    pub name: &'a Rendered,
    pub reasons: Vec<tera::Value>,
}

/// What the FAQ pages place for a reason or a row: in each format, the marker its rendered
/// block replaces (safe: letters, digits and two control characters no escaping changes).
#[derive(Debug, Serialize)]
pub struct Placed {
    pub md: tera::Value,
    pub html: tera::Value,
}

/// The page of one reference code in one language: what the sources say of it and, for an
/// authentication error's, the procedure and the reason codes it leads to.
#[derive(Debug, Serialize)]
pub struct ReferenceCodePageView<'a> {
    pub lang: &'a str,
    pub canonical: Option<String>,
    pub code: &'a str,
    pub notice: &'a str,
    pub title: Rendered,
    pub languages: Vec<LanguageLink>,
    pub legend: &'a Rendered,
    /// How much of the page is translated from the current source text.
    pub translation: Option<Rendered>,
    /// Which version of the catalogue the page shows, when it declares one.
    pub version: Option<Rendered>,
    /// The stylesheet, relative to the page.
    pub stylesheet: String,
    pub faq_md: &'a str,
    pub faq_html: &'a str,
    pub anchors: SectionAnchors,
    pub entry: ReferenceBlock,
    /// The documents this number points to.
    pub links: Vec<LinkView>,
    pub procedure_heading: Rendered,
    pub procedure_intro: Rendered,
    /// The procedure, for an authentication error's number; empty otherwise.
    pub steps: Vec<StepView>,
    pub sources: Vec<SourceView>,
}

/// What every reference-code page of one language shares, built once.
pub struct ReferenceCodePages {
    lang: String,
    notice: String,
    title: Rendered,
    legend: Rendered,
    labels: Labels,
    steps: Vec<StepView>,
    /// The sources the procedure's texts come from.
    procedure_sources: std::collections::BTreeSet<String>,
    pub ui: tera::Value,
    pub faq_md: String,
    pub faq_html: String,
}

impl ReferenceCodePages {
    pub fn new(catalogue: &Catalogue, lang: &str, ui: tera::Value) -> ReferenceCodePages {
        let labels = Labels::new(catalogue, lang);
        let page = &catalogue.document().page;
        let texts = page.steps.iter().flat_map(|s| std::iter::once(&s.body).chain(&s.notes).chain(&s.items));
        ReferenceCodePages {
            lang: lang.to_string(),
            notice: crate::notice(catalogue),
            title: Rendered::new(&present::label(catalogue, "reference_code_page_title", lang)),
            legend: Rendered::new(&present::legend(catalogue, lang)),
            steps: steps(catalogue, &labels),
            procedure_sources: present::sources_of_texts(catalogue, texts),
            labels,
            ui,
            faq_md: catalogue::site::faq_from_code_page("md"),
            faq_html: catalogue::site::faq_from_code_page("html"),
        }
    }

    /// The page of `code`, which `entry` lists.
    pub fn page<'a>(
        &'a self,
        catalogue: &Catalogue,
        entry: &Keyed<String, catalogue::ReferenceCodes>,
        code: &'a str,
    ) -> ReferenceCodePageView<'a> {
        let path = code_page_path(code);
        let block = reference_block(catalogue, entry, &self.labels);
        let view = present::ReferenceCodeView::new(catalogue, entry, &self.labels);
        let r = &entry.value;
        let mut cited = present::sources_of_texts(catalogue, std::iter::once(&r.meaning).chain(&r.notes));
        if r.authentication {
            cited.extend(self.procedure_sources.iter().cloned());
        }
        let page = &catalogue.document().page;
        let own = std::iter::once(&r.meaning).chain(&r.notes);
        let procedure = page
            .steps
            .iter()
            .filter(|_| r.authentication)
            .flat_map(|s| std::iter::once(&s.body).chain(&s.notes).chain(&s.items));
        ReferenceCodePageView {
            stylesheet: catalogue::site::stylesheet_from(2),
            translation: translation_notice(catalogue, &self.lang, own.chain(procedure)),
            version: version_notice(catalogue, &self.lang),
            lang: &self.lang,
            canonical: catalogue.site_url().map(|_| catalogue.page_url(&format!("{}/{path}.html", self.lang))),
            code,
            notice: &self.notice,
            title: Rendered::fill(&self.title, &[("code", &Rendered::new(code))]),
            languages: other_languages(catalogue, &self.lang, &path),
            legend: &self.legend,
            faq_md: &self.faq_md,
            faq_html: &self.faq_html,
            anchors: SectionAnchors::default(),
            links: view.links_for(code).into_iter().map(link_view).collect(),
            entry: block,
            procedure_heading: Rendered::new(page.procedure_heading.tr(&self.lang)),
            procedure_intro: Rendered::new(page.procedure_intro.tr(&self.lang)),
            steps: if r.authentication { self.steps.clone() } else { Vec::new() },
            sources: sources(catalogue, &self.lang, Some(&cited)),
        }
    }
}

/// Where a code's page is, relative to `docs/<lang>/`.
pub fn code_page_path(code: &str) -> String {
    catalogue::site::code_page(code)
}

/// What every code page of one language shares, built once.
pub struct CodePages {
    lang: String,
    notice: String,
    title: Rendered,
    /// The `[ui]` labels, converted for the templates once (`ui` in every page).
    pub ui: tera::Value,
    model_names: BTreeMap<String, Rendered>,
    legend: Rendered,
    pub faq_md: String,
    pub faq_html: String,
}

impl CodePages {
    /// The shared parts of the code pages of `lang`.
    pub fn new(catalogue: &Catalogue, lang: &str, ui: tera::Value) -> CodePages {
        CodePages {
            lang: lang.to_string(),
            notice: crate::notice(catalogue),
            title: Rendered::new(&present::label(catalogue, "code_page_title", lang)),
            ui,
            model_names: catalogue
                .models()
                .iter()
                .map(|m| (m.key().to_string(), Rendered::new(m.value.name.tr(lang))))
                .collect(),
            legend: Rendered::new(&present::legend(catalogue, lang)),
            faq_md: catalogue::site::faq_from_code_page("md"),
            faq_html: catalogue::site::faq_from_code_page("html"),
        }
    }

    /// The page of `code`, with the view `view` gives of each of its reasons, by model.
    pub fn page<'a>(
        &'a self,
        catalogue: &'a Catalogue,
        code: &'a str,
        mut view: impl FnMut(&Reason) -> tera::Value,
    ) -> CodePageView<'a> {
        let path = code_page_path(code);
        let languages = other_languages(catalogue, &self.lang, &path);
        let groups = catalogue.reasons_with_code_in_any_model(code);
        let cited = present::sources_cited(catalogue, groups.iter().flat_map(|(_, reasons)| reasons.iter().copied()));
        let texts = groups.iter().flat_map(|(_, reasons)| reasons.iter().flat_map(|r| present::reason_texts(r)));
        CodePageView {
            stylesheet: catalogue::site::stylesheet_from(2),
            on_faq: false,
            translation: translation_notice(catalogue, &self.lang, texts),
            version: version_notice(catalogue, &self.lang),
            legend: &self.legend,
            sources: sources(catalogue, &self.lang, Some(&cited)),
            canonical: catalogue.site_url().map(|_| catalogue.page_url(&format!("{}/{path}.html", self.lang))),
            lang: &self.lang,
            code,
            notice: &self.notice,
            title: Rendered::fill(&self.title, &[("code", &Rendered::new(code))]),
            languages,
            faq_md: &self.faq_md,
            faq_html: &self.faq_html,
            index_anchor: anchors::CODE_INDEX,
            models: groups
                .into_iter()
                .map(|(model, reasons)| CodeModelView {
                    name: &self.model_names[model.key().as_str()],
                    reasons: reasons.into_iter().map(&mut view).collect(),
                })
                .collect(),
        }
    }
}
