//! `docs/sitemap.xml`: every page at its published address, for search engines; written only
//! when the catalogue says where the pages are published (`[site] base_url`).

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Artefact, FAQ, Input};
use crate::markup::xml_text;
use crate::output::{GenerateError, Output, Sink};
use crate::view::code_page_path;

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
        let mut pages = vec!["index.html".to_string()];
        for lang in catalogue.languages() {
            pages.push(format!("{lang}/{FAQ}.html"));
            pages.extend(catalogue.codes().iter().map(|code| format!("{lang}/{}.html", code_page_path(code))));
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for page in pages {
            let _ = writeln!(xml, "  <url><loc>{}</loc></url>", xml_text(&catalogue.page_url(&page)));
        }
        xml.push_str("</urlset>\n");
        sink.put(Output { path: PathBuf::from("docs/sitemap.xml"), bytes: xml.into_bytes() })
    }
}
