//! No byte from a file or an argument reaches the terminal raw through `xtask`: a diagnostic's
//! source line, a PO file's header and contexts echoed by `l10n import`, and arguments echoed in
//! errors show control, C1 and bidirectional characters as escapes (`\u{9b}`), as rustc does.

mod common;

use common::{Scratch, fixture_text};

/// Characters a terminal acts on, or that reorder what it shows.
const HOSTILE: [char; 5] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{7f}', '\u{202e}'];

fn no_raw(text: &str, what: &str) {
    for c in HOSTILE {
        assert!(!text.contains(c), "{what}: U+{:04X} sent raw: {text:?}", c as u32);
    }
}

/// The fixture with one English message given raw characters TOML lets through (C1, a bidi
/// override) in the file itself: the source line under the diagnostic holds them.
fn with_raw_in_a_message() -> String {
    let old = "The password sent from the MC Viewer differs from the password registered on the server.";
    let fixture = fixture_text();
    assert!(fixture.contains(old));
    fixture.replacen(old, "The password \u{9b}2J sent \u{202e}from the viewer.", 1)
}

#[test]
fn a_diagnostics_source_line_shows_its_characters_escaped_in_every_format() {
    let scratch = Scratch::new("terminal-check");
    scratch.write("catalogue/auth-errors.toml", &with_raw_in_a_message());
    for format in ["human", "github", "json"] {
        let (code, out, err) = scratch.run(&["check", "--format", format]);
        assert_eq!(code, 1, "{err}");
        let all = format!("{out}{err}");
        assert!(all.contains("C022"), "{format}: {all}");
        no_raw(&all, format);
    }
    let (_, _, err) = scratch.run(&["check"]);
    assert!(err.contains("\\u{9b}2J sent \\u{202e}from"), "the snippet shows the escapes: {err}");
    // The caret stays under the value it points at.
    let caret_line = err.lines().find(|l| l.contains('^')).unwrap_or_default();
    let source_line = err.lines().find(|l| l.contains("\\u{9b}2J")).unwrap_or_default();
    assert!(source_line.len() >= caret_line.len(), "{err}");
}

#[test]
fn a_raw_escape_in_the_file_is_refused_and_shown_escaped() {
    let scratch = Scratch::new("terminal-raw-escape");
    let fixture = fixture_text();
    let old = "The password sent from the MC Viewer";
    scratch.write("catalogue/auth-errors.toml", &fixture.replacen(old, "The \u{1b}]0;pwned\u{7} password", 1));
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    no_raw(&err, "a TOML error's source line");
    assert!(err.contains("\\u{1b}"), "{err}");
}

#[test]
fn arguments_and_po_headers_echoed_by_xtask_are_shown_escaped() {
    let scratch = Scratch::new("terminal-args");
    let hostile = "x\u{1b}]0;pwned\u{7}y\u{9b}z\u{202e}";
    for args in [
        vec!["l10n", "status", "--lang", hostile],
        vec!["check", "--explain", hostile],
        vec!["check", hostile],
        vec!["l10n", "stamp", hostile],
    ] {
        let (code, out, err) = scratch.run(&args);
        assert_ne!(code, 0, "{args:?}: {err}");
        no_raw(&format!("{out}{err}"), &format!("{args:?}"));
    }
    // A PO file whose header and contexts hold escapes.
    let po = format!(
        "msgid \"\"\nmsgstr \"\"\n\"Language: {hostile}\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
         msgctxt \"{hostile}\"\nmsgid \"a\"\nmsgstr \"b\"\n"
    );
    scratch.write("hostile.po", &po);
    let (code, _, err) = scratch.run(&["l10n", "import", "hostile.po", "--lang", "en"]);
    assert_ne!(code, 0, "{err}");
    no_raw(&err, "a PO header");
    let po = po.replace(&format!("Language: {hostile}"), "Language: en");
    scratch.write("hostile.po", &po);
    let (_, _, err) = scratch.run(&["l10n", "import", "hostile.po"]);
    no_raw(&err, "a PO context");
    assert!(err.contains("\\u{1b}"), "the context is named, escaped: {err}");
}

/// A value quoted in a diagnostic's message cannot start a line of its own: a key holding a
/// line break is shown on the message's one line.
#[test]
fn a_value_quoted_in_a_message_cannot_fake_a_line() {
    let scratch = Scratch::new("terminal-fake-line");
    let fixture = fixture_text();
    let fake = "error[C999]: all is well";
    let changed = format!("{fixture}\n[sides.\"x\\n{fake}\"]\nname = {{ ja = \"x\", en = \"x\" }}\n");
    scratch.write("catalogue/auth-errors.toml", &changed);
    for format in ["human", "github"] {
        let (code, out, err) = scratch.run(&["check", "--format", format]);
        assert_eq!(code, 1, "{err}");
        let all = format!("{out}{err}");
        assert!(!all.lines().any(|l| l.starts_with(fake)), "{format}: a line faked: {all}");
        assert!(all.contains(&format!("x\\n{fake}")), "{format}: shown escaped: {all}");
    }
}
