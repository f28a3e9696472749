//! Hostile catalogue text is refused by `check` where it could change an output's structure,
//! and stays inert in every output even where a check is bypassed: no catalogue text becomes
//! Rust code, no link runs script, no value becomes Markdown or HTML markup.

mod common;

use std::path::Path;
use std::process::Command;

use common::{fixture_text, generate_unchecked, line_of, problems, project_root, text};
use pulldown_cmark::{Event, Parser, Tag};

/// The frozen fixture with one reason's English message replaced.
fn with_message(message_toml: &str) -> String {
    let old = "en = \"The password sent from the MC Viewer differs from the password registered on the server.\"";
    let fixture = fixture_text();
    let start = fixture.find("id = \"neo-viewer-password-mismatch\"").unwrap();
    let at = start + fixture[start..].find(old).unwrap();
    format!("{}en = {message_toml}{}", &fixture[..at], &fixture[at + old.len()..])
}

fn has(problems: &[(String, usize)], code: &str, line: usize) -> bool {
    problems.iter().any(|(c, l)| c == code && *l == line)
}

/// Every link destination and every piece of raw HTML that a CommonMark reader finds.
fn markdown_links_and_html(md: &str) -> (Vec<String>, Vec<String>) {
    let (mut links, mut html) = (Vec::new(), Vec::new());
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Html(raw) | Event::InlineHtml(raw) => html.push(raw.to_string()),
            _ => {}
        }
    }
    (links, html)
}

#[test]
fn a_message_cannot_become_rust_code() {
    let message = r#""x\n\npub const INJECTED: &str = \"pwned\"; */ // \\ \u202E end""#;
    let catalogue = with_message(message);
    let found = problems(&catalogue);
    let line = line_of(&catalogue, "pub const INJECTED");
    assert!(has(&found, "C030", line), "a message is one line: {found:?}");
    assert!(has(&found, "C022", line), "a bidi override is refused: {found:?}");

    // Generated anyway, the message is a string literal and nothing else.
    let outputs = generate_unchecked(&catalogue);
    let rust = text(&outputs, "crates/catalogue/src/generated/tables.rs");
    assert!(!rust.lines().any(|l| l.trim_start().starts_with("pub const INJECTED")), "{rust}");
    assert!(!rust.contains('\u{202E}'), "escaped, not raw");
    for comment in rust.lines().filter_map(|l| l.trim_start().strip_prefix("//")) {
        assert!(!comment.contains("pwned") && !comment.contains("MC Viewer"), "catalogue text in a comment: {comment}");
    }

    // And it compiles, with the message exactly as written.
    let dir = std::env::temp_dir().join(format!("xtask-rust-injection-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("generated")).unwrap();
    std::fs::write(dir.join("generated/tables.rs"), &rust).unwrap();
    std::fs::copy(project_root().join("crates/catalogue/src/tables.rs"), dir.join("tables.rs")).unwrap();
    std::fs::write(
        dir.join("main.rs"),
        "#![allow(dead_code)]\nmod tables;\nfn main() { print!(\"{}\", tables::reason(\"neo-viewer-password-mismatch\").unwrap().message(\"en\").unwrap()); }\n",
    )
    .unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let binary = dir.join("injection");
    let built = Command::new(rustc)
        .args(["--edition", "2024", "-A", "warnings", "-o"])
        .arg(&binary)
        .arg(dir.join("main.rs"))
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let run = Command::new(&binary).output().unwrap();
    // The tables hold a message's words (paragraphs one line apart).
    let expected = catalogue::markup::plain("x\n\npub const INJECTED: &str = \"pwned\"; */ // \\ \u{202E} end");
    assert!(expected.contains("INJECTED"));
    assert_eq!(String::from_utf8(run.stdout).unwrap(), expected);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn script_links_are_refused_and_never_published() {
    // In `[links]`.
    let fixture = fixture_text();
    let catalogue = fixture.replacen("[links.faq]\n", "[links.faq]\nurl = \"JavaScript:alert(1)\"\n", 1);
    let line = line_of(&catalogue, "JavaScript:alert(1)");
    assert!(has(&problems(&catalogue), "C031", line), "{:?}", problems(&catalogue));
    let outputs = generate_unchecked(&catalogue);
    for page in ["docs/en/faq.html", "docs/ja/faq.html", "docs/en/faq.md", "docs/ja/faq.md"] {
        assert!(!text(&outputs, page).to_lowercase().contains("javascript:"), "{page}");
    }

    // Inside a text, in both languages alike (so the translation check has nothing to say), as a
    // link, an autolink and an entity-encoded scheme.
    for link in ["[x](javascript:alert(1))", "<javascript:alert(1)>", "[x](&#106;avascript:alert(1))"] {
        let ja = "手元端末のビューアアプリで、正しいパスワードを入力し直して接続します。大文字と小文字、キーボードの入力モードにご注意ください。";
        let catalogue = fixture.replacen(&format!("ja = \"{ja}\""), &format!("ja = \"{ja}{link}\""), 1);
        let catalogue = catalogue.replacen("input mode.\"", &format!("input mode.{link}\""), 1);
        let line = line_of(&catalogue, &format!("ja = \"{ja}{link}\""));
        let found = problems(&catalogue);
        assert!(has(&found, "C031", line), "{link}: {found:?}");
        assert!(!found.iter().any(|(c, _)| c == "C019"), "both languages agree: {found:?}");
    }
}

#[test]
fn values_reach_the_markdown_escaped() {
    let name = "<img src=x onerror=alert(1)>";
    let url = "https://example.org/a_(b)c)](javascript:alert(2))";
    let catalogue = fixture_text().replacen("name = \"English\"", &format!("name = \"{name}\""), 1).replacen(
        "[links.faq]\n",
        &format!("[links.faq]\nurl = \"{url}\"\n"),
        1,
    );
    // The link had no known address; now it has one.
    let catalogue = catalogue.replacen("url_unknown = true\n", "", 1);
    assert!(problems(&catalogue).is_empty(), "a name and an address with brackets are allowed");
    let outputs = generate_unchecked(&catalogue);
    for page in ["docs/ja/faq.md", "docs/en/faq.md"] {
        let md = text(&outputs, page);
        let (links, html) = markdown_links_and_html(&md);
        assert!(html.iter().all(|h| !h.contains("<img")), "{page}: raw {html:?}");
        assert!(links.iter().all(|l| !l.to_lowercase().starts_with("javascript:")), "{page}: {links:?}");
        assert!(links.iter().any(|l| l == url), "{page}: the address survives whole: {links:?}");
    }
    let ja = text(&outputs, "docs/ja/faq.md");
    assert!(ja.contains("\\<img src=x onerror=alert(1)\\>"), "shown as text: {}", &ja[..ja.find("## ").unwrap()]);
}

#[test]
fn block_markup_is_refused_where_a_line_belongs() {
    let catalogue = with_message(r#""Heading below\n\n# Heading""#);
    let line = line_of(&catalogue, "Heading below");
    assert!(has(&problems(&catalogue), "C030", line), "{:?}", problems(&catalogue));

    let catalogue = with_message(r##""# Heading""##);
    assert!(has(&problems(&catalogue), "C029", line_of(&catalogue, "\"# Heading\"")));

    // A remedy step may wrap, but is one paragraph: an unclosed fence would swallow the page.
    let step = "en = \"In the viewer app on the remote device, enter the correct password again and connect. Mind upper and lower case and the keyboard's input mode.\"";
    let fixture = fixture_text();
    for (bad, kind) in
        [("```\\nunclosed", "a code block"), ("one\\n\\ntwo", "a second paragraph"), ("one\\n- two", "a list")]
    {
        let catalogue = fixture.replacen(step, &format!("en = \"{bad}\""), 1);
        let found = problems(&catalogue);
        let line = line_of(&catalogue, &format!("en = \"{bad}\""));
        assert!(has(&found, "C029", line), "{kind}: {found:?}");
        let source = catalogue::SourceFile::new("c.toml", &catalogue);
        let (_, all) = catalogue::load_document(&source);
        assert!(all.iter().any(|d| d.message.contains(kind)), "{kind}: {all}");
    }
    // A paragraph that wraps is fine.
    let catalogue = fixture.replacen(step, "en = \"one line\\nand the next\"", 1);
    assert!(!problems(&catalogue).iter().any(|(c, _)| c == "C029"), "{:?}", problems(&catalogue));
}

#[test]
fn the_fixture_is_the_catalogue_as_it_was() {
    // The fixture loads cleanly, so each test's problems come from its own edit.
    assert_eq!(problems(&fixture_text()), Vec::<(String, usize)>::new());
    assert!(Path::new(&project_root().join("xtask/tests/fixtures/catalogue.toml")).exists());
}
