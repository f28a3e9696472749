//! The translators' workflow as translators use it: a source edit makes translations stale,
//! `check` and `l10n status` say so, `l10n stamp` records a translation as current, and a PO
//! file goes out to translation tools and comes back in.

mod common;

use std::process::Command;

use common::Scratch;

const CATALOGUE: &str = "catalogue/auth-errors.toml";
/// The Japanese of the `ui.remedy` label, and the label line as the real catalogue has it.
const REMEDY_LINE_START: &str = "remedy = { ja = \"対処方法\", en = \"Remedy\", en_from = \"";

/// A scratch project under git whose `ui.remedy` Japanese changed after the commit.
fn with_remedy_changed(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    scratch.commit_catalogue("base");
    let text = scratch.read(CATALOGUE);
    assert_eq!(text.matches(REMEDY_LINE_START).count(), 1);
    scratch.write(CATALOGUE, &text.replacen("remedy = { ja = \"対処方法\"", "remedy = { ja = \"対処法\"", 1));
    assert_eq!(scratch.run(&["generate"]).0, 0);
    scratch
}

/// Is a gettext tool here? In CI it must be (`.ci/run` installs gettext); elsewhere the test
/// that needs it says it is skipped.
fn gettext_tool(name: &str) -> bool {
    let found = Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "{name} (gettext) is required in CI");
        eprintln!("skipped: {name} (gettext) is not installed");
    }
    found
}

#[test]
fn a_changed_source_text_makes_its_translation_stale_in_check() {
    let scratch = with_remedy_changed("stale-check");
    let text = scratch.read(CATALOGUE);
    let line = text.lines().position(|l| l.starts_with("remedy = { ja = \"対処法\"")).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find("en_from = \"").unwrap() + "en_from = ".len();
    let column = text.lines().nth(line - 1).unwrap()[..column].chars().count() + 1;

    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 0, "a stale translation is a warning: {err}");
    assert!(err.contains("warning[C026]: `ui.remedy`: the `en` text was translated from an older `ja` text"), "{err}");
    assert!(err.contains(&format!("{CATALOGUE}:{line}:{column}")), "{err}");
    assert!(err.contains("ja: 対処法") && err.contains("en: Remedy"), "both texts: {err}");
    assert!(err.contains("cargo xtask l10n stamp ui.remedy"), "{err}");
    assert!(err.contains("0 errors, 1 warning"), "{err}");

    let (code, out, _) = scratch.run(&["check", "--deny", "stale", "--format", "json"]);
    assert_eq!(code, 1, "--deny stale fails the run");
    let problem: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (problem["code"].as_str(), problem["severity"].as_str(), problem["line"].as_u64()),
        (Some("C026"), Some("error"), Some(line as u64))
    );
}

#[test]
fn an_invisible_change_of_form_keeps_translations_current() {
    let scratch = Scratch::new("nfc");
    let text = scratch.read(CATALOGUE);
    // パ as ハ and a combining semi-voiced mark: the same text in another Unicode form.
    let decomposed = text.replacen("ja = \"パスワード", "ja = \"\u{30CF}\u{309A}スワード", 1);
    assert_ne!(decomposed, text);
    scratch.write(CATALOGUE, &decomposed);
    assert_eq!(scratch.run(&["generate"]).0, 0);
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
}

#[test]
fn status_counts_each_state_and_shows_what_the_translation_was_made_from() {
    let scratch = with_remedy_changed("status");
    let text = scratch.read(CATALOGUE);
    let total = text.matches("en_from = \"").count();
    // A text without its English: missing, the work `status` counts and `export` hands out.
    let notes = text.lines().find(|l| l.starts_with("notes = { ja = \"備考\"")).unwrap();
    scratch.write(CATALOGUE, &text.replacen(notes, "notes = { ja = \"備考\" }", 1));
    let (code, out, err) = scratch.run(&["l10n", "status"]);
    assert_eq!(code, 0, "{err}");
    let first = out.lines().next().unwrap();
    assert_eq!(first, format!("en: {} current, 1 stale (3 chars), 1 missing (2 chars)", total - 2));
    assert!(out.contains("stale en ui.remedy"), "{out}");
    assert!(out.contains("ja, translated from: 対処方法"), "git history gives the old text: {out}");
    assert!(out.contains("ja, now:             対処法"), "{out}");
    assert!(out.contains("en:                  Remedy"), "{out}");
    assert!(out.contains("missing en ui.notes\n  ja, now: 備考\n"), "{out}");

    let (code, out, _) = scratch.run(&["l10n", "status", "--format", "json"]);
    assert_eq!(code, 0);
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status["source_language"], "ja");
    assert_eq!(status["languages"]["en"]["stale"]["texts"], 1);
    assert_eq!(status["languages"]["en"]["stale"]["chars"], 3);
    assert_eq!(status["languages"]["en"]["current"]["texts"], total - 2);
    assert_eq!(status["languages"]["en"]["missing"]["texts"], 1);
    assert_eq!(status["pending"][0]["path"], "ui.remedy");
    assert_eq!(status["pending"][0]["state"], "stale");
    assert_eq!(status["pending"][0]["translated_from"], "対処方法");
    assert_eq!(status["pending"][1]["path"], "ui.notes");
    assert_eq!(status["pending"][1]["state"], "missing");

    let (code, _, err) = scratch.run(&["l10n", "status", "--lang", "fr"]);
    assert_eq!(code, 2);
    assert!(err.contains("declares no language `fr`"), "{err}");
}

#[test]
fn stamping_records_the_current_source_and_touches_nothing_else() {
    let scratch = with_remedy_changed("stamp");
    let before = scratch.read(CATALOGUE);
    let (code, _, err) = scratch.run(&["l10n", "stamp", "ui.remdy"]);
    assert_eq!(code, 2, "an unknown path is a usage error");
    assert!(err.contains("no text `ui.remdy`") && err.contains("did you mean `ui.remedy`?"), "{err}");
    assert_eq!(scratch.read(CATALOGUE), before, "nothing written");
    assert_eq!(scratch.run(&["l10n", "stamp"]).0, 2, "a path or --all is required");

    let (code, out, err) = scratch.run(&["l10n", "stamp", "ui"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "stamped ui.remedy (en)\n");
    let after = scratch.read(CATALOGUE);
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(changed[0].1.starts_with("remedy = { ja = \"対処法\", en = \"Remedy\", en_from = \""));
    assert_eq!(before.len(), after.len(), "only the eight hex digits changed");
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
}

#[test]
fn stamping_adds_missing_fingerprints_in_the_layout_of_each_table() {
    let scratch = Scratch::new("stamp-layout");
    let original = scratch.read(CATALOGUE);
    // Take the fingerprints off an inline text and off a multi-line table, as a translator
    // writing a new entry would leave them.
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    let inline = lines.iter().position(|l| l.starts_with(REMEDY_LINE_START)).unwrap();
    let cut = lines[inline].find(", en_from").unwrap();
    lines[inline] = format!("{} }}", &lines[inline][..cut]);
    let own_line = lines.iter().position(|l| l.starts_with("en_from = ")).unwrap();
    lines.remove(own_line);
    let mut stripped = lines.join("\n");
    stripped.push('\n');
    scratch.write(CATALOGUE, &stripped);
    // A catalogue edited by hand is followed by `generate`, as a writer's edit is: the saved
    // parse follows every byte of the text.
    assert_eq!(scratch.run(&["generate"]).0, 0);
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("has no fingerprint").count(), 2, "{err}");

    let (code, out, err) = scratch.run(&["l10n", "stamp", "--all"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert_eq!(scratch.read(CATALOGUE), original, "byte for byte the catalogue as it was");
}

#[test]
fn an_editorial_stamp_keeps_current_translations_current_and_stale_ones_stale() {
    let scratch = with_remedy_changed("editorial");
    // The stale `ui.remedy` is committed; now a cosmetic edit of another label.
    scratch.commit_catalogue("remedy label changed, translation not yet updated");
    let text = scratch.read(CATALOGUE);
    let edited = text.replacen("notes = { ja = \"備考\"", "notes = { ja = \"備考 \"", 1);
    assert_ne!(edited, text);
    scratch.write(CATALOGUE, &edited.replacen("ja = \"ページの先頭へ\"", "ja = \"ページ先頭へ\"", 1));
    assert_eq!(scratch.run(&["generate"]).0, 0);
    let (_, _, err) = scratch.run(&["check"]);
    assert!(err.contains("`ui.back_to_top`: the `en` text was translated"), "{err}");

    let (code, out, err) = scratch.run(&["l10n", "stamp", "--all", "--editorial"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "stamped ui.back_to_top (en)\n", "the trailing space is no change at all");
    assert!(err.contains("left ui.remedy (en) as it was: it was already stale"), "{err}");
    let (_, out, _) = scratch.run(&["l10n", "status"]);
    assert!(out.contains("1 stale") && out.contains("stale en ui.remedy"), "{out}");
}

#[test]
fn stamp_and_status_refuse_a_catalogue_with_errors() {
    let scratch = Scratch::new("l10n-errors");
    let text = scratch.read(CATALOGUE).replacen("side = \"viewer\"", "side = \"viewr\"", 1);
    scratch.write(CATALOGUE, &text);
    for args in [&["l10n", "stamp", "--all"][..], &["l10n", "status"], &["l10n", "export", "--lang", "en"]] {
        let (code, _, err) = scratch.run(args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains("error[C010]") && err.contains("fix them first"), "{err}");
    }
    assert_eq!(scratch.read(CATALOGUE), text);
}

/// The PO file of a scratch project, exported by the command translators run.
fn export(scratch: &Scratch, file: &str) -> String {
    let (code, _, err) = scratch.run(&["l10n", "export", "--lang", "en", "-o", file]);
    assert_eq!(code, 0, "{err}");
    scratch.read(file)
}

#[test]
fn the_export_is_a_bilingual_po_file_that_gettext_accepts() {
    let scratch = with_remedy_changed("export");
    let po = export(&scratch, "en.po");
    assert!(po.contains("\"Language: en\\n\"") && po.contains("\"Content-Type: text/plain; charset=UTF-8\\n\""));
    let texts = scratch.read(CATALOGUE).matches("en_from = \"").count();
    assert_eq!(po.matches("\nmsgctxt ").count(), texts, "one message per translated text");
    let stale = "#, fuzzy\n#| msgid \"対処方法\"\nmsgctxt \"ui.remedy\"\nmsgid \"対処法\"\nmsgstr \"Remedy\"\n";
    assert!(po.contains(stale), "stale: fuzzy, with the Japanese it was translated from");
    let reason = "#. Reason neo-viewer-password-mismatch: model neo (マジックコネクト・ネオ), side viewer (ビューア(手元端末)), code 110200\n";
    assert!(po.contains(reason), "the translator sees the model, side and codes");
    let shown = "#. Shown on: faq.html#neo-viewer-password-mismatch, codes/110200.html\n#: catalogue/auth-errors.toml:";
    assert!(po.contains(shown), "and the pages and anchors the text is shown on");
    assert!(po.contains("#, python-brace-format\nmsgctxt \"ui.remedy_for\""), "placeholders are marked");
    assert_eq!(po.matches("#, fuzzy").count(), 1);
    // Deterministic: the same catalogue exports the same bytes.
    assert_eq!(export(&scratch, "again.po"), po);

    if gettext_tool("msgfmt") {
        let output = Command::new("msgfmt")
            .args(["--check", "--check-header", "-o", "/dev/null", "en.po"])
            .current_dir(&scratch.root)
            .output()
            .unwrap();
        assert!(output.status.success(), "msgfmt: {}", String::from_utf8_lossy(&output.stderr));
        assert!(output.stderr.is_empty(), "no warnings: {}", String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
fn a_round_trip_through_gettext_tools_changes_only_the_edited_texts() {
    if !gettext_tool("msgfilter") || !gettext_tool("msgcat") {
        return;
    }
    let scratch = Scratch::new("round-trip");
    let original = scratch.read(CATALOGUE);
    // Only English texts say it, so replacing it in the whole file is editing those texts.
    assert!(original.contains("access history"));
    for line in original.lines().filter(|l| l.contains("access history")) {
        let english = line.find("en = \"").expect("an English text");
        assert!(line[..english].find("access history").is_none() && !line.trim_start().starts_with('#'), "{line}");
    }
    export(&scratch, "en.po");
    // gettext rewraps every long string at 79 columns and sorts nothing: the import must read
    // what the tools write, not only what the export wrote.
    let run = |program: &str, args: &[&str]| {
        let output = Command::new(program).args(args).current_dir(&scratch.root).output().unwrap();
        assert!(output.status.success(), "{program}: {}", String::from_utf8_lossy(&output.stderr));
    };
    run("msgcat", &["--width=40", "-o", "wrapped.po", "en.po"]);
    run(
        "msgfilter",
        &["--keep-header", "-i", "wrapped.po", "-o", "edited.po", "sed", "-e", "s/access history/access log/g"],
    );
    assert!(scratch.read("wrapped.po").lines().any(|l| l.starts_with('"') && l.len() < 45));

    let (code, out, err) = scratch.run(&["l10n", "import", "edited.po"]);
    assert_eq!(code, 0, "{err}");
    let edited = original.replace("access history", "access log");
    assert_eq!(scratch.read(CATALOGUE), edited, "byte-identical except for the edited texts");
    let changed = original.lines().zip(edited.lines()).filter(|(a, b)| a != b).count();
    assert_eq!(out.lines().count(), changed, "one line per imported text: {out}");
    assert!(err.contains(&format!("{changed} imported")) && err.contains("0 refused"), "{err}");
    let (code, _, err) = scratch.run(&["l10n", "import", "edited.po"]);
    assert_eq!(code, 0);
    assert!(err.contains("0 imported"), "importing twice changes nothing: {err}");
}

#[test]
fn import_refuses_each_message_it_cannot_trust_and_says_why() {
    let scratch = Scratch::new("refusals");
    let original = scratch.read(CATALOGUE);
    let po = export(&scratch, "en.po");
    let edit = |po: &str, from: &str, to: &str| {
        assert_eq!(po.matches(from).count(), 1, "`{from}` must occur once");
        po.replacen(from, to, 1)
    };
    // Accepted: a new translation of a label.
    let po = edit(&po, "msgstr \"Remedy\"", "msgstr \"What to do\"");
    // Skipped, not refused: the file itself says the translation is not ready.
    let po = edit(&po, "msgctxt \"ui.notes\"", "#, fuzzy\nmsgctxt \"ui.notes\"");
    let po = edit(&po, "msgstr \"Notes\"", "msgstr \"Remarks\"");
    // Refused: the Japanese has changed since the export.
    let po = edit(&po, "msgid \"目次\"", "msgid \"もくじ\"");
    let po = edit(&po, "msgstr \"Contents\"", "msgstr \"Table of contents\"");
    // Refused: a text the catalogue does not have.
    let po = edit(&po, "msgctxt \"ui.model\"", "msgctxt \"ui.modle\"");
    // Refused: the translation would lose the code that the source text carries (an error).
    let po = edit(
        &po,
        "msgstr \"The same number (60100) is also recorded when connections from the MC Client are not allowed.",
        "msgstr \"The same number is also recorded when connections from the MC Client are not allowed.",
    );
    // Left alone: an empty translation.
    let po = edit(&po, "msgstr \"Code index\"", "msgstr \"\"");
    scratch.write("edited.po", &po);

    let (code, out, err) = scratch.run(&["l10n", "import", "edited.po"]);
    assert_eq!(code, 1, "some messages were refused: {err}");
    assert_eq!(out, "imported ui.remedy\n");
    let line_of = |needle: &str| po[..po.find(needle).unwrap()].lines().count() + 1;
    assert!(!err.contains("`ui.notes`"), "a fuzzy message is skipped quietly: {err}");
    for (needle, path, why) in [
        ("msgctxt \"ui.contents\"", "ui.contents", "not the current `ja` text"),
        ("msgctxt \"ui.modle\"", "ui.modle", "no text by this name"),
        (
            "msgctxt \"legacy-ex-s-not-allowed.shared_codes.60100\"",
            "legacy-ex-s-not-allowed.shared_codes.60100",
            "would have an error",
        ),
    ] {
        let prefix =
            format!("refused edited.po:{}: `{path}`: ", line_of(needle) + usize::from(needle.starts_with('#')));
        let line = err.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no `{prefix}` in {err}"));
        assert!(line.contains(why), "{line}");
    }
    assert!(
        err.contains("1 imported, ")
            && err.contains("1 untranslated and 1 marked fuzzy (skipped: not ready), 3 refused"),
        "{err}"
    );
    let expected = original.replacen("en = \"Remedy\"", "en = \"What to do\"", 1);
    assert_eq!(scratch.read(CATALOGUE), expected);
}

#[test]
fn a_malformed_po_file_changes_nothing() {
    let scratch = Scratch::new("malformed-po");
    let po = export(&scratch, "en.po");
    let broken = po.replacen("msgstr \"Remedy\"", "msgstr \"What to do\nmsgstr \"x\"", 1);
    scratch.write("broken.po", &broken);
    let before = scratch.snapshot();
    let (code, out, err) = scratch.run(&["l10n", "import", "broken.po"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let line = broken[..broken.find("msgstr \"What to do").unwrap()].lines().count() + 1;
    assert!(err.contains(&format!("error: broken.po:{line}:8: the string has no closing quote")), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(scratch.snapshot(), before);

    let (code, _, err) = scratch.run(&["l10n", "import", "en.po", "--lang", "ja"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("by its own language"), "{err}");
}

#[test]
fn a_dry_run_reports_and_writes_nothing() {
    let scratch = Scratch::new("dry-run");
    let po = export(&scratch, "en.po").replacen("msgstr \"Remedy\"", "msgstr \"What to do\"", 1);
    scratch.write("edited.po", &po);
    let before = scratch.snapshot();
    let (code, out, _) = scratch.run(&["l10n", "import", "--dry-run", "edited.po"]);
    assert_eq!(code, 0);
    assert_eq!(out, "would import ui.remedy\n");
    assert_eq!(scratch.snapshot(), before);
}

#[test]
fn a_new_language_starts_missing_and_is_filled_from_a_po_file() {
    let scratch = Scratch::new("new-language");
    let original = scratch.read(CATALOGUE);
    let total = original.matches("en_from = \"").count();
    let text = original.replacen(
        "[languages.en]\nname = \"English\"\n",
        "[languages.en]\nname = \"English\"\n\n[languages.fr]\nname = \"Français\"\n",
        1,
    );
    assert_ne!(text, original);
    scratch.write(CATALOGUE, &text);
    let (code, _, err) = scratch.run(&["check"]);
    assert_eq!(code, 1, "a text without its translation is an error for check");
    assert!(err.contains("error[C006]"), "{err}");

    let (code, out, err) = scratch.run(&["l10n", "status", "--lang", "fr"]);
    assert_eq!(code, 0, "but it is the work status counts: {err}");
    assert!(out.starts_with(&format!("fr: 0 current, 0 stale (0 chars), {total} missing (")), "{out}");

    let (code, _, err) = scratch.run(&["l10n", "export", "--lang", "fr", "-o", "fr.po"]);
    assert_eq!(code, 0, "{err}");
    let po = scratch.read("fr.po");
    assert_eq!(po.matches("\nmsgstr \"\"\n").count(), total + 1, "every message untranslated, and the header");
    let po = po
        .replacen("msgctxt \"ui.remedy\"\nmsgid \"対処方法\"\nmsgstr \"\"", "msgctxt \"ui.remedy\"\nmsgid \"対処方法\"\nmsgstr \"Solution\"", 1)
        .replacen(
            "msgctxt \"neo-viewer-password-mismatch.remedy.3\"\nmsgid \"ビューアアプリにパスワードを保存している場合は、保存されているパスワードを新しいパスワードに更新します。\"\nmsgstr \"\"",
            "msgctxt \"neo-viewer-password-mismatch.remedy.3\"\nmsgid \"ビューアアプリにパスワードを保存している場合は、保存されているパスワードを新しいパスワードに更新します。\"\nmsgstr \"Mettez à jour le mot de passe enregistré.\"",
            1,
        );
    scratch.write("fr.po", &po);
    let (code, out, err) = scratch.run(&["l10n", "import", "fr.po"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "imported ui.remedy\nimported neo-viewer-password-mismatch.remedy.3\n");
    let after = scratch.read(CATALOGUE);
    assert!(after.contains("remedy = { ja = \"対処方法\", en = \"Remedy\", en_from = \"554bf450\", fr = \"Solution\", fr_from = \"554bf450\" }\n"));
    assert!(after.contains(
        "en_from = \"6973e8a3\"\nfr = \"Mettez à jour le mot de passe enregistré.\"\nfr_from = \"6973e8a3\"\n"
    ));
    let (_, out, _) = scratch.run(&["l10n", "status", "--lang", "fr"]);
    assert!(out.starts_with(&format!("fr: 2 current, 0 stale (0 chars), {} missing (", total - 2)), "{out}");
}
