//! The published site's layout, in one place: every page's path under a catalogue's output
//! root, and the relative links between pages. The generator, its templates (through the views)
//! and `mcauth`'s links all ask here; a page kind added, or a path changed, changes this module.
//!
//! ```text
//! <root>/index.html                the language index
//! <root>/style.css                 the stylesheet of the pages that link one
//! <root>/sitemap.xml               with `[site] base_url`
//! <root>/<lang>/faq.{md,html}      the FAQ of a language
//! <root>/<lang>/codes/<code>.{md,html}   a code's page (reason or reference code)
//! <root>/messages/<lang>.json      the message table of a language
//! <root>/reference.{csv,xlsx}      the reference sheet
//! <root>/generated-files.txt       the manifest of the files generated under the root
//! ```

/// The output root of the project's own catalogue, relative to the project.
pub const DEFAULT_ROOT: &str = "docs";

/// The FAQ's file name, without its extension.
pub const FAQ: &str = "faq";

/// The language index.
pub const INDEX: &str = "index.html";

/// The stylesheet the pages that do not inline it link.
pub const STYLESHEET: &str = "style.css";

/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";

/// The reference sheet as CSV.
pub const REFERENCE_CSV: &str = "reference.csv";

/// The reference sheet as a workbook.
pub const REFERENCE_XLSX: &str = "reference.xlsx";

/// The manifest of generated files.
pub const MANIFEST: &str = "generated-files.txt";

/// The folder of code pages, within a language's folder.
const CODES: &str = "codes";

/// A language's FAQ, from the root: `ja/faq.html`.
pub fn faq(lang: &str, extension: &str) -> String {
    format!("{lang}/{FAQ}.{extension}")
}

/// A code's page from its language's folder, without extension: `codes/110200`.
pub fn code_page(code: &str) -> String {
    format!("{CODES}/{code}")
}

/// A code's page from the root: `ja/codes/110200.html`.
pub fn code_page_of(lang: &str, code: &str, extension: &str) -> String {
    format!("{lang}/{}.{extension}", code_page(code))
}

/// A language's message table, from the root.
pub fn messages(lang: &str) -> String {
    format!("messages/{lang}.json")
}

/// From a code's page: its language's FAQ (`../faq.html`).
pub fn faq_from_code_page(extension: &str) -> String {
    format!("../{FAQ}.{extension}")
}

/// From a language's FAQ: a code's page (`codes/110200.html`).
pub fn code_page_from_faq(code: &str, extension: &str) -> String {
    format!("{}.{extension}", code_page(code))
}

/// From a code's page: another code's page beside it (`60100.html`).
pub fn code_page_from_code_page(code: &str, extension: &str) -> String {
    format!("{code}.{extension}")
}

/// The stylesheet, from a page `depth` folders below the root (`../../style.css` from a code
/// page).
pub fn stylesheet_from(depth: usize) -> String {
    format!("{}{STYLESHEET}", "../".repeat(depth))
}

/// From one language's page to the same page in another language, `page` being its path within
/// the language's folder (`faq.html`, `codes/110200.html`).
pub fn same_page_in(lang: &str, page: &str) -> String {
    let depth = page.matches('/').count();
    format!("{}{lang}/{page}", "../".repeat(depth + 1))
}

/// Where a reason is in the FAQ published at `base` (the site's address, which holds a folder
/// per language).
pub fn faq_link_at(base: &str, lang: &str, id: &str) -> String {
    let slash = if base.ends_with('/') { "" } else { "/" };
    format!("{base}{slash}{}#{id}", faq(lang, "html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_pages_lead_where_the_pages_are() {
        // A link from a page, resolved against that page's path, is the target's path.
        fn resolve(from: &str, link: &str) -> String {
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            for part in link.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    part => parts.push(part),
                }
            }
            parts.join("/")
        }
        let code_page = code_page_of("ja", "110200", "html");
        assert_eq!(resolve(&code_page, &faq_from_code_page("html")), faq("ja", "html"));
        assert_eq!(resolve(&faq("ja", "md"), &code_page_from_faq("60100", "md")), code_page_of("ja", "60100", "md"));
        assert_eq!(
            resolve(&code_page, &code_page_from_code_page("60100", "html")),
            code_page_of("ja", "60100", "html")
        );
        assert_eq!(resolve(&code_page, &stylesheet_from(2)), STYLESHEET);
        assert_eq!(resolve(&faq("ja", "html"), &same_page_in("en", "faq.html")), faq("en", "html"));
        assert_eq!(
            resolve(&code_page, &same_page_in("en", &code_page_from_faq("110200", "html"))),
            code_page_of("en", "110200", "html")
        );
        assert_eq!(faq_link_at("https://x.example/mc", "en", "a"), "https://x.example/mc/en/faq.html#a");
    }
}
