//! A published address (`[site] base_url`): when set, every absolute link uses it (the
//! reference sheet, the sitemap, canonical and alternate-language links, `mcauth`); when not,
//! the outputs stay relative and there is no sitemap.

mod common;

use common::{fixture_text, generate_from, line_of, problems, text};

const BASE: &str = "https://example.org/errors";

fn with_site(url: &str) -> String {
    format!("{}\n[site]\nbase_url = \"{url}\"\n", fixture_text())
}

#[test]
fn a_published_address_makes_every_absolute_link_absolute() {
    let outputs = generate_from(&with_site(BASE));
    let catalogue = catalogue::load_source(catalogue::SourceFile::new("c.toml", with_site(BASE))).unwrap();
    // The reference sheet's URL columns.
    let mut reader = csv::Reader::from_reader(&outputs["docs/reference.csv"][3..]);
    let headers = reader.headers().unwrap().clone();
    let url_columns: Vec<usize> =
        headers.iter().enumerate().filter(|(_, h)| h.starts_with("url_")).map(|(i, _)| i).collect();
    assert_eq!(url_columns.len(), catalogue.languages().len());
    for row in reader.records().map(Result::unwrap) {
        for &i in &url_columns {
            assert!(row[i].starts_with(&format!("{BASE}/")), "{}", &row[i]);
        }
    }
    // The sitemap: every page, at its address.
    let sitemap = text(&outputs, "docs/sitemap.xml");
    let locs: Vec<&str> =
        sitemap.lines().filter_map(|l| l.trim().strip_prefix("<url><loc>")?.strip_suffix("</loc></url>")).collect();
    let pages = 1 + catalogue.languages().len() * (1 + catalogue.codes().len());
    assert_eq!(locs.len(), pages, "{sitemap}");
    assert!(locs.iter().all(|l| l.starts_with(&format!("{BASE}/"))));
    assert!(locs.contains(&format!("{BASE}/en/faq.html").as_str()));
    assert!(locs.contains(&format!("{BASE}/ja/codes/110200.html").as_str()));
    // Canonical and alternate-language links.
    let html = text(&outputs, "docs/en/faq.html");
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{BASE}/en/faq.html\">")), "canonical");
    assert!(
        html.contains(&format!("<link rel=\"alternate\" hreflang=\"ja\" href=\"{BASE}/ja/faq.html\">")),
        "hreflang"
    );
    let code = text(&outputs, "docs/ja/codes/110200.html");
    assert!(code.contains(&format!("<link rel=\"canonical\" href=\"{BASE}/ja/codes/110200.html\">")));
}

#[test]
fn without_a_published_address_links_stay_relative() {
    let outputs = generate_from(&fixture_text());
    assert!(!outputs.contains_key("docs/sitemap.xml"));
    let csv = text(&outputs, "docs/reference.csv");
    assert!(!csv.contains("://"), "no absolute URL in the sheet");
    assert!(!text(&outputs, "docs/en/faq.html").contains("rel=\"canonical\""));
}

#[test]
fn a_published_address_must_be_an_absolute_web_address() {
    for bad in ["javascript:alert(1)", "/errors/", "errors.example.org"] {
        let catalogue = with_site(bad);
        let found = problems(&catalogue);
        assert!(
            found.contains(&("C031".to_string(), line_of(&catalogue, &format!("base_url = \"{bad}\"")))),
            "{bad}: {found:?}"
        );
    }
    assert!(problems(&with_site(BASE)).is_empty());
}
