//! Hostile catalogue text can neither run in a page nor in a spreadsheet.

mod common;

use common::{fixture_text, generate_from, text};

const SCRIPT: &str = "<script>alert('pwned')</script>";

/// Fixture edits that fail loudly when they match nothing.
trait Edit {
    /// Replaces the one occurrence of `from`.
    fn replace_once(&self, from: &str, to: &str) -> String;
    /// Replaces the first occurrence of `from` in the entry of reason `id`.
    fn replace_in_reason(&self, id: &str, from: &str, to: &str) -> String;
}

impl Edit for String {
    fn replace_once(&self, from: &str, to: &str) -> String {
        assert_eq!(self.matches(from).count(), 1, "fixture edit `{from}` must match once");
        self.replacen(from, to, 1)
    }

    fn replace_in_reason(&self, id: &str, from: &str, to: &str) -> String {
        let start = self.find(&format!("id = \"{id}\"")).expect("the reason exists");
        let end = self[start..].find("[[reasons]]").map_or(self.len(), |n| start + n);
        assert!(self[start..end].contains(from), "fixture edit `{from}` must match in {id}");
        format!("{}{}{}", &self[..start], self[start..end].replacen(from, to, 1), &self[end..])
    }
}

fn hostile_catalogue() -> String {
    fixture_text()
        .replace_in_reason(
            "neo-viewer-password-mismatch",
            "en = \"The password sent from the MC Viewer differs from the password registered on the server.\"",
            &format!("en = \"{SCRIPT} & <img src=x onerror=alert(1)> \\\"quoted\\\"\""),
        )
        .replace_in_reason(
            "neo-viewer-password-mismatch",
            "en = \"In the viewer app on the remote device, enter the correct password again and connect. Mind upper and lower case and the keyboard's input mode.\"",
            "en = \"=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\"",
        )
        .replace_once(
            "en = \"MagicConnect authentication errors: reasons and remedies\"",
            "en = \"</title><script>alert(2)</script>\"",
        )
}

#[test]
fn catalogue_text_renders_as_text_in_html() {
    let outputs = generate_from(&hostile_catalogue());
    let html = text(&outputs, "docs/en/faq.html");
    assert!(!html.contains(SCRIPT), "raw script leaked");
    assert!(!html.contains("<img"), "raw img leaked");
    assert!(!html.contains("</title><script>"), "title breaks out");
    assert_eq!(html.matches("<script").count(), 1, "only the page's own script");
    assert!(html.contains("&lt;script&gt;alert("), "shown as text");
    assert!(
        html.contains("<title>&lt;&#x2F;title&gt;&lt;script&gt;")
            || html.contains("<title>&lt;/title&gt;&lt;script&gt;")
    );
    let md = text(&outputs, "docs/en/faq.md");
    assert!(!md.contains(SCRIPT) && !md.contains("<img"), "Markdown neutralises raw HTML too");
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let outputs = generate_from(&hostile_catalogue());
    let bytes = &outputs["docs/reference.csv"];
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let remedy_en = headers.iter().position(|h| h == "remedy_en").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| &r[3] == "neo-viewer-password-mismatch").unwrap();
    // A step starts its line with "1. " (after what is said before the steps), so it is not a
    // formula; a cell that starts with a formula character gets a leading apostrophe.
    assert!(row[remedy_en].lines().any(|l| l.starts_with("1. =HYPERLINK(")), "{}", &row[remedy_en]);
    let message = rows.iter().find(|r| &r[3] == "neo-viewer-password-mismatch").unwrap();
    assert!(message[5].contains(SCRIPT), "CSV keeps text as text");
    for record in &rows {
        for cell in record {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "formula cell {cell}");
        }
    }
    // A message that starts with a formula character.
    let formula = fixture_text().replace_in_reason(
        "neo-usb-key-not-allowed",
        "en = \"This USB key cannot be used with this username.\"",
        "en = \"=1+2 and @SUM(A1) -3\"",
    );
    let outputs = generate_from(&formula);
    let mut reader = csv::Reader::from_reader(&outputs["docs/reference.csv"][3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| &r[3] == "neo-usb-key-not-allowed").unwrap();
    assert_eq!(&row[5], "'=1+2 and @SUM(A1) -3");
}
