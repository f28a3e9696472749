//! Links never die: `check --base REV` collects every page and anchor generation published at
//! REV and fails, naming each, when today's outputs no longer have it. A renamed reason keeps
//! its old anchor with `renamed_from`; a retired reason keeps its own.

mod common;

use common::Scratch;

const CATALOGUE: &str = "catalogue/auth-errors.toml";

/// A scratch project whose catalogue and generated docs are committed as the base.
fn published(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    scratch.git(&["init", "-q"]);
    scratch.git(&["add", "catalogue", "docs"]);
    scratch.git(&["commit", "-q", "-m", "published"]);
    scratch
}

fn rename(scratch: &Scratch, extra: &str) {
    let text = scratch.read(CATALOGUE).replacen(
        "id = \"legacy-multiple-clients\"",
        &format!("id = \"legacy-several-clients\"{extra}"),
        1,
    );
    scratch.write(CATALOGUE, &text);
    assert_eq!(scratch.run(&["generate"]).0, 0);
}

#[test]
fn a_renamed_reason_without_its_old_id_fails_naming_every_lost_anchor() {
    let scratch = published("lost-anchor");
    rename(&scratch, "");
    let (code, out, err) = scratch.run(&["check", "--base", "HEAD", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let lost: Vec<&str> = out.lines().filter(|l| l.contains("\"C033\"")).collect();
    for page in ["docs/ja/faq.html", "docs/en/faq.html", "docs/ja/faq.md", "docs/en/faq.md", "docs/en/codes/30200.html"]
    {
        assert!(
            lost.iter().any(|l| l.contains(&format!("\"file\":\"{page}\"")) && l.contains("#legacy-multiple-clients")),
            "{page}: {out}"
        );
    }
    assert!(out.contains("\"C016\""), "the id itself is reported too: {out}");
}

#[test]
fn a_renamed_reason_with_its_old_id_and_a_retired_one_keep_every_link() {
    let scratch = published("kept-anchor");
    rename(&scratch, "\nrenamed_from = [\"legacy-multiple-clients\"]");
    let (code, _, err) = scratch.run(&["check", "--base", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    let page = scratch.read("docs/en/faq.html");
    assert!(page.contains("<span id=\"legacy-multiple-clients\"></span>"), "the old anchor stays");
    let text = scratch.read(CATALOGUE).replacen(
        "id = \"legacy-multiple-viewers\"",
        "id = \"legacy-multiple-viewers\"\nretired = { ja = \"2026年に廃止されました。\", en = \"Retired in 2026.\" }",
        1,
    );
    scratch.write(CATALOGUE, &text);
    assert_eq!(scratch.run(&["generate"]).0, 0);
    let (code, _, err) = scratch.run(&["check", "--base", "HEAD"]);
    assert_eq!(code, 0, "a retired reason keeps its anchor: {err}");
    // A renamed id that still names a current reason is refused.
    let text = scratch.read(CATALOGUE).replacen(
        "renamed_from = [\"legacy-multiple-clients\"]",
        "renamed_from = [\"legacy-multiple-viewers\"]",
        1,
    );
    scratch.write(CATALOGUE, &text);
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[C008]") && err.contains("renamed_from"), "{err}");
}
