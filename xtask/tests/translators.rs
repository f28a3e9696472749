//! The translators' tools at the level of their CAT tools: XLIFF 1.2 and TBX read back by
//! Translate Toolkit, XLIFF imported as PO is, a draft language published with its missing
//! texts marked, a stale translation marked in every output, and every real finding of
//! pofilter also a finding of `check`.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::Scratch;

const CATALOGUE: &str = "catalogue/auth-errors.toml";

/// Is Translate Toolkit importable? Says so visibly when not; required under CI.
fn translate_toolkit() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import translate.storage.tbx, translate.convert.xliff2po, translate.filters.pofilter"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "Translate Toolkit is required in CI (pip install translate-toolkit)"
        );
        eprintln!("skipped: Translate Toolkit is not installed (pip install translate-toolkit)");
    }
    found
}

/// Runs Python with Translate Toolkit in the scratch project; its standard output.
fn python(scratch: &Scratch, script: &str) -> String {
    let output = Command::new("python3").args(["-c", script]).current_dir(&scratch.root).output().unwrap();
    assert!(output.status.success(), "{script}\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn load(text: &str) -> catalogue::Catalogue {
    catalogue::load_source(catalogue::SourceFile::new(CATALOGUE, text)).unwrap_or_else(|p| panic!("{p}"))
}

#[test]
fn xliff_reads_back_in_translate_toolkit_and_imports_as_po_does() {
    let scratch = Scratch::new("xliff");
    let original = scratch.read(CATALOGUE);
    let (code, _, err) = scratch.run(&["l10n", "export", "--lang", "en", "-o", "en.xlf"]);
    assert_eq!(code, 0, "{err}");
    let xlf = scratch.read("en.xlf");
    let catalogue = load(&original);
    let mut texts = Vec::new();
    catalogue::collect_texts(catalogue.document(), &mut texts);
    assert_eq!(xlf.matches("<trans-unit ").count(), texts.len(), "a unit per text");

    if translate_toolkit() {
        python(&scratch, "from translate.convert.xliff2po import main; main(['en.xlf', 'en.po'])");
        let msgfmt =
            Command::new("msgfmt").args(["--check", "-o", "/dev/null", "en.po"]).current_dir(&scratch.root).output();
        match msgfmt {
            Ok(output) => assert!(output.status.success(), "msgfmt: {}", String::from_utf8_lossy(&output.stderr)),
            Err(_) => assert!(std::env::var_os("CI").is_none(), "msgfmt (gettext) is required in CI"),
        }
    }

    // Back with no edit: the catalogue byte for byte as it was.
    let (code, _, err) = scratch.run(&["l10n", "import", "en.xlf"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(scratch.read(CATALOGUE), original, "{err}");

    // One target edited: that text changes, and nothing else.
    let from = "<target state=\"translated\">Remedy</target>";
    assert_eq!(xlf.matches(from).count(), 1);
    scratch.write("edited.xlf", &xlf.replacen(from, "<target state=\"translated\">What to do</target>", 1));
    let (code, out, err) = scratch.run(&["l10n", "import", "edited.xlf"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "imported ui.remedy\n");
    assert_eq!(scratch.read(CATALOGUE), original.replacen("en = \"Remedy\"", "en = \"What to do\"", 1));

    // A protected placeholder altered: refused at its line, the rest imported.
    let from = "<ph id=\"2\" ctype=\"x-placeholder\">{shown}</ph>";
    let unit = xlf.find("id=\"ui.filter_count\"").unwrap();
    let at = unit + xlf[unit..].find("<target").unwrap();
    let at = at + xlf[at..].find(from).unwrap();
    let altered =
        format!("{}<ph id=\"2\" ctype=\"x-placeholder\">{{show}}</ph>{}", &xlf[..at], &xlf[at + from.len()..]);
    scratch.write("altered.xlf", &altered);
    let line = altered[..at].lines().count();
    let (code, _, err) = scratch.run(&["l10n", "import", "altered.xlf"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("refused altered.xlf:{line}: `ui.filter_count`: ")), "{err}");
    assert!(err.contains("{show}"), "{err}");
}

#[test]
fn the_glossary_reads_back_as_tbx_with_every_term_pair() {
    let scratch = Scratch::new("tbx");
    let (code, _, err) = scratch.run(&["l10n", "export", "--format", "tbx", "-o", "glossary.tbx"]);
    assert_eq!(code, 0, "{err}");
    let catalogue = load(&scratch.read(CATALOGUE));
    if !translate_toolkit() {
        return;
    }
    let read = python(
        &scratch,
        "from translate.storage import tbx\nfor u in tbx.tbxfile.parsefile('glossary.tbx').units: print(u.source + '\\t' + u.target)",
    );
    let pairs: BTreeSet<(String, String)> =
        read.lines().filter_map(|l| l.split_once('\t')).map(|(a, b)| (a.to_string(), b.to_string())).collect();
    for entry in &catalogue.document().glossary {
        let pair = (entry.value.term.tr("ja").to_string(), entry.value.term.tr("en").to_string());
        assert!(pairs.contains(&pair), "{pair:?} in {pairs:?}");
    }
    assert_eq!(pairs.len(), catalogue.document().glossary.len());
}

#[test]
fn a_draft_language_is_published_with_its_missing_texts_marked() {
    let scratch = Scratch::new("draft");
    let text = scratch.read(CATALOGUE);
    let draft = text
        .replacen(
            "[languages.en]\nname = \"English\"\n",
            "[languages.en]\nname = \"English\"\n\n[languages.ko]\nname = \"한국어\"\ndraft = true\n",
            1,
        )
        .replacen("contents = { ja = \"目次\",", "contents = { ja = \"目次\", ko = \"목차\",", 1);
    scratch.write(CATALOGUE, &draft);
    let (code, _, err) = scratch.run(&["generate"]);
    assert_eq!(code, 0, "a draft language blocks nothing: {err}");
    let (code, out, _) = scratch.run(&["check", "--format", "json"]);
    assert_eq!(code, 0, "warnings only: {out}");
    assert!(out.lines().all(|l| l.contains("\"warning\"")), "{out}");
    assert!(out.contains("\"C048\""), "missing draft translations are warnings: {out}");
    let catalogue = load(&draft);
    let label = |key: &str, lang: &str| catalogue.ui(key).unwrap().tr(lang).to_string();
    let html = scratch.read("docs/ko/faq.html");
    assert!(html.contains("<html lang=\"ko\">"));
    assert!(html.contains("목차"), "what is translated is shown");
    // What is not is shown in Japanese, in an element that says so, and marked.
    let missing = catalogue::markup::html_text(&label("translation_missing", "ko"));
    let title = catalogue.document().meta.title.tr("ja");
    assert!(
        html.contains(&format!("<span lang=\"ja\">{title}</span> <span class=\"origin translation\">{missing}</span>")),
        "{title}"
    );
    // The page says how complete it is.
    let pattern = label("translation_status", "ko");
    let lead: String = pattern.chars().take_while(|&c| c != '{').collect();
    assert!(html.contains(&catalogue::markup::html_text(&lead)), "{lead}");
    // No other language is touched.
    assert!(!scratch.read("docs/en/faq.html").contains(&missing), "English is complete");
    assert!(scratch.read("docs/ko/codes/110200.html").contains("lang=\"ko\""));
}

#[test]
fn a_changed_source_text_marks_that_reasons_translation_out_of_date_everywhere() {
    let scratch = Scratch::new("stale-everywhere");
    let text = scratch.read(CATALOGUE);
    let catalogue = load(&text);
    // The first step of the reason with code 30100 gets new Japanese, its English left as it was.
    let reason = catalogue.reasons().iter().find(|r| r.codes().any(|c| c == "30100")).unwrap();
    let step = reason.remedy.get_ref()[0].text.tr("ja").to_string();
    assert_eq!(text.matches(&format!("ja = \"{step}\"")).count(), 1);
    let edited = text.replacen(&format!("ja = \"{step}\""), &format!("ja = \"{step}(更新)\""), 1);
    scratch.write(CATALOGUE, &edited);
    assert_eq!(scratch.run(&["generate"]).0, 0);
    let catalogue = load(&edited);
    let stale = catalogue.ui("translation_stale").unwrap().tr("en").to_string();
    // The FAQ: only that reason's section carries the mark.
    let md = scratch.read("docs/en/faq.md");
    let marked: Vec<&str> = catalogue
        .reasons()
        .iter()
        .map(|r| r.id().as_str())
        .filter(|id| {
            let from = md.find(&format!("<a id=\"{id}\"></a>")).unwrap();
            let rest = &md[from + 1..];
            let section = &rest[..rest.find("\n<a id=").unwrap_or(rest.len())];
            section.contains(&stale)
        })
        .collect();
    assert_eq!(marked, [reason.id().as_str()]);
    // The code's page and the reference sheet (mcauth's marks: crates/mcauth/tests/explain.rs).
    let code = reason.codes().next().unwrap();
    assert!(scratch.read(&format!("docs/en/codes/{code}.md")).contains(&stale));
    let csv = scratch.read("docs/reference.csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == "translation_en").unwrap();
    for row in reader.records().map(Result::unwrap) {
        let expected = if &row[3] == reason.id().as_str() { "stale" } else { "current" };
        assert_eq!(&row[column], expected, "{}", &row[3]);
    }
}

#[test]
fn import_holds_translations_to_the_checks_of_check() {
    let scratch = Scratch::new("import-checks");
    let (code, _, err) = scratch.run(&["l10n", "export", "--lang", "en", "-o", "en.po"]);
    assert_eq!(code, 0, "{err}");
    let po = scratch.read("en.po");
    let edit = |po: &str, from: &str, to: &str| {
        assert_eq!(po.matches(from).count(), 1, "`{from}` must occur once");
        po.replacen(from, to, 1)
    };
    // An error (a misspelt placeholder) is refused at its line; a warning (a number written as a
    // word) is imported and said.
    let po = edit(&po, "msgstr \"Showing {shown} of {total}\"", "msgstr \"Showing {show} of {total}\"");
    let po = edit(
        &po,
        "msgstr \"If 2 viewer apps are running, use the one that connected first.\"",
        "msgstr \"If two viewer apps are running, use the one that connected first.\"",
    );
    scratch.write("edited.po", &po);
    let (code, out, err) = scratch.run(&["l10n", "import", "edited.po"]);
    assert_eq!(code, 1, "{err}");
    let line = po[..po.find("msgctxt \"ui.filter_count\"").unwrap()].lines().count() + 1;
    let refused =
        format!("refused edited.po:{line}: `ui.filter_count`: the catalogue would have an error: error[C040]");
    assert!(err.contains(&refused), "{err}");
    assert!(out.contains("imported legacy-multiple-viewers.remedy.1"), "{out}");
    assert!(err.contains("`legacy-multiple-viewers.remedy.1`: warning[C041]"), "{err}");
    // After the import the project is consistent: nothing left to regenerate.
    let (_, out, _) = scratch.run(&["check", "--format", "json"]);
    assert!(!out.contains("\"C024\""), "the import brought every generated file up to date: {out}");
}

/// pofilter's checks whose findings on a Japanese source are not mistakes, each with why; the
/// clean catalogue's findings must all come from these.
const POFILTER_NOISE: &[(&str, &str)] = &[
    ("endpunc", "it takes 。 and . for different end punctuation"),
    ("brackets", "it counts 「」 and full-width parentheses apart from “” and ()"),
    ("startpunc", "a Japanese note starts with ※, its English with “Note:”"),
    ("sentencecount", "it counts sentences by a full stop and a space, which Japanese does not write"),
    ("endwhitespace", "a Japanese separator (、) carries its own space, an English one (, ) its space"),
    ("purepunc", "a Japanese separator (、 or ,) is written with a space in English (, )"),
    ("simplecaps", "Japanese has no capital letters"),
    ("startcaps", "Japanese has no capital letters"),
    ("acronyms", "an English acronym is not in the Japanese, which writes the word"),
    ("unchanged", "product names (NDL, XDL.S) are the same in both languages"),
    ("puncspacing", "Japanese punctuation has no space after it"),
    ("doublequoting", "Japanese quotes with 「」, English with “”"),
    ("singlequoting", "an English possessive looks like a single quote"),
    ("spellcheck", "no English dictionary for a Japanese source"),
    ("filepaths", "[Type] and other bracketed console words read as paths"),
    ("urls", "Markdown link syntax is compared as a URL"),
    ("simpleplurals", "it asks a reviewer to look at every English plural"),
    ("isfuzzy", "not a mistake in a translation"),
    ("untranslated", "not a mistake in a translation"),
    ("hassuggestion", "not a mistake in a translation"),
    ("isreview", "not a mistake in a translation"),
    ("validchars", "no set of valid characters is configured"),
    ("musttranslatewords", "no word list is configured"),
    ("notranslatewords", "no word list is configured"),
    ("doublewords", "Japanese repeats characters in ordinary words"),
    ("xmltags", "the catalogue's texts have no XML tags"),
    ("kdecomments", "no KDE comments"),
    ("credits", "no translation credits"),
    ("long", "English runs about twice as long as Japanese"),
];

/// The paths pofilter finds something in, by check, on the PO file at `po`.
fn pofilter(scratch: &Scratch, po: &str) -> Vec<(String, String)> {
    let out = format!("{po}.found.po");
    let script = format!(
        "import sys\nfrom translate.filters import pofilter\nsys.argv = ['pofilter', '--nofuzzy', '{po}', '{out}']\ntry:\n    pofilter.main()\nexcept SystemExit:\n    pass"
    );
    python(scratch, &script);
    let found = scratch.read(&out);
    let mut findings = Vec::new();
    let mut checks: Vec<String> = Vec::new();
    for line in found.lines() {
        if let Some(rest) = line.strip_prefix("# (pofilter) ") {
            checks.push(rest.split(':').next().unwrap_or_default().trim().to_string());
        } else if let Some(context) = line.strip_prefix("msgctxt \"") {
            let path = context.trim_end_matches('"').to_string();
            findings.extend(checks.drain(..).map(|check| (check, path.clone())));
        }
    }
    findings
}

#[test]
fn every_real_finding_of_pofilter_is_a_finding_of_check() {
    if !translate_toolkit() {
        return;
    }
    let scratch = Scratch::new("pofilter");
    let noise: BTreeSet<&str> = POFILTER_NOISE.iter().map(|(check, _)| *check).collect();
    // On the clean catalogue, pofilter finds only what a Japanese source makes it find.
    assert_eq!(scratch.run(&["l10n", "export", "--lang", "en", "-o", "clean.po"]).0, 0);
    for (check, path) in pofilter(&scratch, "clean.po") {
        assert!(
            noise.contains(check.as_str()),
            "pofilter's `{check}` on a clean text `{path}`: a real finding, or noise to list with why"
        );
    }
    // One seeded mistake of each kind, in the English.
    let text = scratch.read(CATALOGUE);
    let seeded = [
        ("en = \"Showing {shown} of {total}\"", "en = \"Showing {show} of {total}\""),
        ("If 2 viewer apps are running", "If two viewer apps are running"),
        ("authentication error is 283, 291 or 293", "authentication error is 291 or 293"),
        ("en = \"Filter by code or words\"", "en = \"Filter by code or  words\""),
        ("en = \"Back to top\"", "en = \"Back to top \""),
        (
            "en = \"If the user still cannot connect, look at the other [Authentication result] entries recorded in the access history at the same time, and follow their remedies.\"",
            "en = \"Reconnect.\"",
        ),
        ("Use the right combination of USB key and account.", "Use the right combination of ＵＳＢ key and account."),
        ("en = \"Expand all\"", "en = \"Expand\\u200Ball\""),
        (
            "The connection was refused by the MAC address restriction.\"",
            "The connection was refused by the MAC address restriction\"",
        ),
    ];
    let mut edited = text.clone();
    for (from, to) in seeded {
        assert_eq!(edited.matches(from).count(), 1, "`{from}` must occur once");
        edited = edited.replacen(from, to, 1);
    }
    scratch.write(CATALOGUE, &edited);
    assert_eq!(scratch.run(&["l10n", "export", "--lang", "en", "-o", "seeded.po"]).0, 0);
    let (_, reported, _) = scratch.run(&["check", "--format", "json"]);
    let real: Vec<(String, String)> =
        pofilter(&scratch, "seeded.po").into_iter().filter(|(check, _)| !noise.contains(check.as_str())).collect();
    assert!(!real.is_empty(), "pofilter finds some of the seeded mistakes");
    for (check, path) in real {
        let quoted = format!("`{path}`");
        assert!(
            reported.lines().any(|l| l.contains(&quoted) && !l.contains("\"C024\"")),
            "pofilter's `{check}` finds `{path}`, check does not:\n{reported}"
        );
    }
}
