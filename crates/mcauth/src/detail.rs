//! One reason as the tool shows it, in one language: every text looked up, labels filled in,
//! still in CommonMark (the Markdown format prints it; the others take its plain words).

use catalogue::{Catalogue, Reason};

/// A remedy step, with the product types it is limited to.
#[derive(Debug, Clone)]
pub struct StepDetail {
    /// "For NDL, XDL:" when the step is limited to some product types.
    pub for_label: Option<String>,
    pub for_keys: Vec<String>,
    pub text: String,
}

/// A document the reason points to.
#[derive(Debug, Clone)]
pub struct LinkDetail {
    pub key: String,
    pub title: String,
    pub url: Option<String>,
}

/// Everything `explain` shows about a reason.
#[derive(Debug, Clone)]
pub struct Detail {
    pub id: String,
    pub model_key: String,
    pub model_name: String,
    pub codes: Vec<String>,
    /// The reason's title as the FAQ prints it: the message with its codes.
    pub title: String,
    pub message: String,
    pub side_key: String,
    pub side_name: String,
    /// Keys and names of the product types; empty for all.
    pub product_types: Vec<(String, String)>,
    /// "All product types", or the names joined.
    pub product_types_text: String,
    pub remedy: Vec<StepDetail>,
    pub notes: Vec<String>,
    /// Codes this reason shares with others of its model, with how to tell them apart.
    pub shared_codes: Vec<(String, String)>,
    pub links: Vec<LinkDetail>,
    pub retired: Option<String>,
    pub faq: Option<String>,
}

/// A label from `[ui]` in a language; the key itself when the catalogue lacks it, so that a
/// missing label shows rather than vanishes.
pub fn ui(catalogue: &Catalogue, key: &str, lang: &str) -> String {
    catalogue.ui(key).and_then(|t| t.get(lang)).map_or_else(|| key.to_string(), str::to_string)
}

/// Where a reason is in the FAQ, from the catalogue's `[access_history] faq_url` pattern.
pub fn faq_link(catalogue: &Catalogue, lang: &str, id: &str) -> Option<String> {
    let pattern = catalogue.access_history()?.faq_url.as_ref()?;
    Some(pattern.get_ref().replace("{lang}", lang).replace("{id}", id))
}

impl Detail {
    pub fn new(catalogue: &Catalogue, reason: &Reason, lang: &str) -> Detail {
        let list_separator = ui(catalogue, "list_separator", lang);
        let type_name =
            |key: &str| catalogue.product_type(key).map_or_else(|| key.to_string(), |t| t.name.tr(lang).to_string());
        let names = |keys: &[catalogue::Spanned<String>]| {
            keys.iter().map(|k| type_name(k.get_ref())).collect::<Vec<_>>().join(&list_separator)
        };
        let codes: Vec<String> = reason.codes().map(str::to_string).collect();
        let message = reason.message.tr(lang).to_string();
        let title = ui(catalogue, "reason_title", lang)
            .replace("{message}", &message)
            .replace("{codes}", &codes.join(&ui(catalogue, "code_separator", lang)));
        let remedy = reason
            .remedy
            .get_ref()
            .iter()
            .map(|step| StepDetail {
                for_label: (!step.applies_to.is_empty())
                    .then(|| ui(catalogue, "remedy_for", lang).replace("{types}", &names(&step.applies_to))),
                for_keys: step.applies_to.iter().map(|k| k.get_ref().clone()).collect(),
                text: step.text.tr(lang).to_string(),
            })
            .collect();
        let links = reason
            .links
            .iter()
            .map(|key| {
                let link = catalogue.link(key.get_ref());
                LinkDetail {
                    key: key.get_ref().clone(),
                    title: link.map_or_else(|| key.get_ref().clone(), |l| l.title.tr(lang).to_string()),
                    url: link.and_then(|l| l.url.as_ref()).map(|u| u.get_ref().clone()),
                }
            })
            .collect();
        Detail {
            id: reason.id().to_string(),
            model_key: reason.model().to_string(),
            model_name: catalogue
                .model(reason.model())
                .map_or_else(|| reason.model().to_string(), |m| m.name.tr(lang).to_string()),
            codes,
            title,
            message,
            side_key: reason.side().to_string(),
            side_name: catalogue
                .side(reason.side())
                .map_or_else(|| reason.side().to_string(), |s| s.name.tr(lang).to_string()),
            product_types: reason.product_types.iter().map(|k| (k.get_ref().clone(), type_name(k.get_ref()))).collect(),
            product_types_text: if reason.product_types.is_empty() {
                ui(catalogue, "all_product_types", lang)
            } else {
                names(&reason.product_types)
            },
            remedy,
            notes: reason.notes.iter().map(|n| n.tr(lang).to_string()).collect(),
            shared_codes: reason
                .shared_codes
                .iter()
                .map(|(code, note)| (code.clone(), note.tr(lang).to_string()))
                .collect(),
            links,
            retired: reason.retired.as_ref().map(|r| r.tr(lang).to_string()),
            faq: faq_link(catalogue, lang, reason.id()),
        }
    }
}
