//! `docs/sitemap.xml`: every page at its published address, for search engines; written only
//! when the catalogue says where the pages are published (`[site] base_url`).

use std::fmt::Write as _;

use super::{Artefact, Input};
use crate::markup::xml_text;
use crate::output::{GenerateError, Output, Sink};

pub struct Sitemap;

impl Artefact for Sitemap {
    fn name(&self) -> &'static str {
        "the sitemap"
    }

    fn render(&self, input: &Input<'_>, sink: &dyn Sink) -> Result<(), GenerateError> {
        let catalogue = input.catalogue;
        if catalogue.site_url().is_none() {
            return Ok(());
        }
        let mut pages = vec![catalogue::site::INDEX.to_string()];
        let reference_codes = catalogue.reference_codes().iter().flat_map(|e| e.value.codes().map(|c| c.as_str()));
        let codes: Vec<&str> = catalogue.codes().into_iter().chain(reference_codes).collect();
        for lang in catalogue.languages() {
            pages.push(catalogue::site::faq(lang.as_str(), "html"));
            pages.extend(codes.iter().map(|code| catalogue::site::code_page_of(lang.as_str(), code, "html")));
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for page in pages {
            let _ = writeln!(xml, "  <url><loc>{}</loc></url>", xml_text(&catalogue.page_url(&page)));
        }
        xml.push_str("</urlset>\n");
        sink.put(Output { path: input.out.join(catalogue::site::SITEMAP), bytes: xml.into_bytes() })
    }
}
