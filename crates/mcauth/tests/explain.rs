//! `mcauth explain` and `mcauth list` against the real catalogue (and another product's).

mod common;

use common::{mcauth, mcauth_with, project_root, real_catalogue, said};
use serde_json::Value;

/// The reason ids of an `explain --format json` answer, by model key.
fn ids_by_model(json: &Value) -> Vec<(String, Vec<String>)> {
    json["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let ids = m["reasons"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
            (m["key"].as_str().unwrap().to_string(), ids)
        })
        .collect()
}

/// What the catalogue itself says about a code: reason ids grouped by model, models in order.
fn expected_for_code(code: &str) -> Vec<(String, Vec<String>)> {
    let catalogue = real_catalogue();
    catalogue
        .models()
        .iter()
        .map(|m| {
            let ids: Vec<String> = catalogue
                .reasons_of(m.key())
                .filter(|r| r.codes().any(|c| c == code))
                .map(|r| r.id().to_string())
                .collect();
            (m.key().to_string(), ids)
        })
        .filter(|(_, ids)| !ids.is_empty())
        .collect()
}

#[test]
fn a_code_of_one_model_gives_that_models_reason() {
    let catalogue = real_catalogue();
    // A code only one reason of one model has.
    let code = catalogue
        .codes()
        .into_iter()
        .find(|c| catalogue.reasons().iter().filter(|r| r.codes().any(|rc| rc == *c)).count() == 1)
        .expect("the catalogue has a code of one reason")
        .to_string();
    let run = mcauth(&["explain", &code, "--format", "json", "--lang", "en"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["matched_by"], "code");
    assert_eq!(ids_by_model(&json), expected_for_code(&code));
    assert_eq!(json["count"], 1);
    let reason = &json["models"][0]["reasons"][0];
    let expected = catalogue.reasons().iter().find(|r| r.codes().any(|c| *c == code)).unwrap();
    assert_eq!(reason["message"], catalogue::markup::plain(expected.message.tr("en")));
    assert_eq!(reason["remedy"].as_array().unwrap().len(), expected.remedy.get_ref().len());
    assert_eq!(reason["faq"], format!("docs/en/faq.html#{}", expected.id()));
}

#[test]
fn shared_codes_list_every_reason_grouped_by_model() {
    for code in ["60100", "110200", "140200"] {
        let expected = expected_for_code(code);
        assert!(expected.iter().map(|(_, ids)| ids.len()).sum::<usize>() >= 2, "{code} is shared");
        let run = mcauth(&["explain", code, "--format", "json"]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(ids_by_model(&run.json()), expected, "{code}");
    }
    // 110200 is in both models, two reasons each; the text output heads each group with the
    // model's name, and --model keeps one group.
    let run = mcauth(&["explain", "110200", "--lang", "ja"]);
    let out = run.stdout();
    let neo = out.find("マジックコネクト・ネオ\n").expect("Neo heading");
    let legacy = out.find("マジックコネクト(従来モデル)\n").expect("legacy heading");
    assert!(neo < legacy, "models in the catalogue's order:\n{out}");
    assert_eq!(out.matches("ID: ").count(), 4, "{out}");
    let run = mcauth(&["explain", "110200", "--model", "legacy", "--format", "json"]);
    assert_eq!(ids_by_model(&run.json()), vec![expected_for_code("110200")[1].clone()]);
}

#[test]
fn a_reason_with_several_codes_is_found_by_all_or_any_of_them() {
    let catalogue = real_catalogue();
    let reason = catalogue.reasons().iter().find(|r| r.codes().count() >= 2).expect("a multi-code reason");
    let codes: Vec<&str> = reason.codes().map(|c| c.as_str()).collect();
    let query = format!("({})", codes.join(","));
    let run = mcauth(&["explain", &query, "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(ids_by_model(&json), vec![(reason.model().to_string(), vec![reason.id().to_string()])]);
    assert_eq!(json["models"][0]["reasons"][0]["codes"], serde_json::json!(codes));
    // One of its codes alone finds it too.
    let run = mcauth(&["explain", codes[1], "--format", "json"]);
    assert!(ids_by_model(&run.json()).iter().any(|(_, ids)| ids.contains(&reason.id().to_string())));
}

#[test]
fn messages_are_found_in_either_language_with_or_without_their_code() {
    let catalogue = real_catalogue();
    let reason = catalogue.reason("neo-viewer-password-mismatch").expect("the reason");
    let ja = reason.message.tr("ja");
    let en = reason.message.tr("en");
    for query in [format!("「{ja}」(110200)"), ja.to_string(), format!("\"{en}\" (110200)"), en.to_string()] {
        let run = mcauth(&["explain", &query, "--format", "json", "--model", "neo"]);
        assert_eq!(run.status, 0, "{query}: {}", run.stderr);
        let json = run.json();
        assert_eq!(json["matched_by"], "message", "{query}");
        assert_eq!(ids_by_model(&json), vec![("neo".to_string(), vec![reason.id().to_string()])], "{query}");
    }
    // Without --model, the same message of the legacy model is listed too.
    let run = mcauth(&["explain", ja, "--format", "json"]);
    assert_eq!(run.json()["count"], 2);
    // The query may be given as several words, as a shell splits it.
    let words: Vec<&str> = en.split(' ').collect();
    let mut args = vec!["explain", "--model", "neo", "--format", "json"];
    args.extend(&words);
    assert_eq!(mcauth(&args).json()["count"], 1);
}

#[test]
fn an_unknown_message_with_a_known_code_is_matched_by_the_code() {
    let run = mcauth(&["explain", "Something else (60100)", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.json()["matched_by"], "code-after-unknown-message");
    assert!(run.stderr.contains(&said("message_not_known", "en", &[])), "{}", run.stderr);
}

#[test]
fn an_unknown_code_fails_with_the_nearest_codes() {
    let run = mcauth(&["explain", "110300"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains(&said("no_reason_code", "en", &[("codes", "110300")])), "{}", run.stderr);
    let nearest_known = &common::said_parts("nearest_known", "en")[0];
    let nearest = run.stderr.lines().find(|l| l.contains(nearest_known.as_str())).expect("suggestions");
    assert!(nearest.contains("110200"), "{nearest}");
    // A code of the other model says so.
    let run = mcauth(&["explain", "30100", "--model", "neo"]);
    assert_eq!(run.status, 1);
    let problem = said("no_reason_code_in_model", "en", &[("codes", "30100"), ("model", "neo")]);
    assert!(run.stderr.contains(&problem), "{}", run.stderr);
    assert!(run.stderr.contains(&said("model_has_it", "en", &[("models", "`legacy`")])), "{}", run.stderr);
    // An unknown message suggests the closest messages.
    let message = real_catalogue().reason("neo-viewer-password-mismatch").unwrap().message.tr("en").to_string();
    // One character left out of the middle: a typo, not the message.
    let middle = message.char_indices().nth(message.chars().count() / 2).map(|(i, _)| i).unwrap();
    let mut typo = message.clone();
    typo.remove(middle);
    let run = mcauth(&["explain", "--lang", "en", &typo]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains(&message), "{}", run.stderr);
}

#[test]
fn the_language_follows_the_locale_unless_given() {
    let remedy = |lang: &str| real_catalogue().ui("remedy").unwrap().tr(lang).to_string();
    let ja = mcauth_with(&["explain", "60100"], &[("LANG", "ja_JP.UTF-8")], b"");
    assert!(ja.stdout().contains(&remedy("ja")), "{}", ja.stdout());
    let en = mcauth_with(&["explain", "60100"], &[("LANG", "en_US.UTF-8")], b"");
    assert!(en.stdout().contains(&remedy("en")), "{}", en.stdout());
    let c = mcauth_with(&["explain", "60100"], &[("LANG", "C")], b"");
    assert_eq!(c.stdout, en.stdout);
    let all = mcauth_with(&["explain", "60100", "--lang", "en"], &[("LC_ALL", "ja_JP.UTF-8")], b"");
    assert_eq!(all.stdout, en.stdout);
    let lc_all = mcauth_with(&["explain", "60100"], &[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "en_US")], b"");
    assert_eq!(lc_all.stdout, ja.stdout);
}

/// Is there a Japanese character (kana or kanji) in `text`?
fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

#[test]
fn the_tool_s_own_words_follow_the_locale_and_lang_help_and_errors_too() {
    let ja = [("LANG", "ja_JP.UTF-8")];
    // Help: every line of it, the words of the page included.
    let help = mcauth_with(&["annotate", "--help"], &ja, b"");
    assert_eq!(help.status, 0, "{}", help.stderr);
    for key in ["annotate.in_place", "annotate.output", "clap.usage", "clap.options", "clap.help"] {
        assert!(help.stdout().contains(&said(key, "ja", &[])), "{key}: {}", help.stdout());
    }
    let english = mcauth(&["annotate", "--help"]);
    assert!(english.stdout().contains(&said("annotate.in_place", "en", &[])), "{}", english.stdout());
    assert!(!has_japanese(&english.stdout()), "{}", english.stdout());
    // `mcauth help report` is the same page as `mcauth report --help`.
    let by_command = mcauth_with(&["help", "report"], &ja, b"");
    assert_eq!(by_command.stdout(), mcauth_with(&["report", "--help"], &ja, b"").stdout());
    assert!(by_command.stdout().contains(&said("report.since", "ja", &[])), "{}", by_command.stdout());
    // A command line that cannot be read.
    let run = mcauth_with(&["annotate", "--bogus"], &ja, b"");
    assert_eq!(run.status, 2);
    let problem = said("clap.unknown_argument", "ja", &[("arg", "--bogus")]);
    assert!(run.stderr.contains(&said("error", "ja", &[("message", &problem)])), "{}", run.stderr);
    let run = mcauth_with(&["report", "--format", "yaml"], &ja, b"");
    assert!(run.stderr.contains(&said("clap.invalid_value", "ja", &[("arg", "--format <FORMAT>"), ("value", "yaml")])));
    // The tool's own errors; `--lang` outweighs the locale, before and after the command.
    let run = mcauth_with(&["explain", "60100", "--model", "nео"], &ja, b"");
    assert!(run.stderr.contains(&said("unknown_model", "ja", &[("model", "nео"), ("models", "neo, legacy")])));
    for args in
        [&["explain", "60100", "--model", "x", "--lang", "en"][..], &["explain", "--lang=en", "--model", "x", "1"]]
    {
        let run = mcauth_with(args, &ja, b"");
        assert_eq!(run.status, 2);
        assert!(!has_japanese(&run.stderr), "{args:?}: {}", run.stderr);
    }
    let run = mcauth(&["explain", "999999", "--lang", "ja"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains(&said("no_reason_code", "ja", &[("codes", "999999")])), "{}", run.stderr);
    assert!(run.stderr.contains(&said("list_shows_every_code", "ja", &[])), "{}", run.stderr);
}

#[test]
fn usage_mistakes_exit_2_with_what_to_do() {
    let run = mcauth(&["explain", "60100", "--lang", "fr"]);
    assert_eq!(run.status, 2);
    assert!(
        common::says(&run.stderr, "unknown_language", "en")
            && run.stderr.contains("fr")
            && run.stderr.contains("ja, en"),
        "{}",
        run.stderr
    );
    let run = mcauth(&["explain", "60100", "--model", "nео"]);
    assert_eq!(run.status, 2);
    assert!(common::says(&run.stderr, "unknown_model", "en") && run.stderr.contains("neo, legacy"), "{}", run.stderr);
    let run = mcauth(&["list", "--model", "legasy"]);
    assert!(run.stderr.contains(&said("did_you_mean", "en", &[("value", "legacy")])), "{}", run.stderr);
    let run = mcauth(&["explain", "60100", "--format", "yaml"]);
    assert_eq!(run.status, 2);
    let run = mcauth(&["explain"]);
    assert_eq!(run.status, 2);
}

#[test]
fn markdown_has_a_heading_per_model_and_reason() {
    let run = mcauth(&["explain", "60100", "--format", "markdown", "--lang", "en"]);
    assert_eq!(run.status, 0);
    let out = run.stdout();
    let expected = expected_for_code("60100");
    assert_eq!(out.lines().filter(|l| l.starts_with("## ")).count(), expected.len(), "{out}");
    let reasons: usize = expected.iter().map(|(_, ids)| ids.len()).sum();
    assert_eq!(out.lines().filter(|l| l.starts_with("### [")).count(), reasons, "{out}");
    let remedy = real_catalogue().ui("remedy").unwrap().tr("en").to_string();
    assert!(out.contains(&format!("#### {remedy}\n\n")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("1. ")), "numbered steps: {out}");
}

#[test]
fn list_gives_one_line_per_code_and_reason() {
    let catalogue = real_catalogue();
    let pairs: usize = catalogue.reasons().iter().map(|r| r.codes().count()).sum();
    let run = mcauth(&["list", "--lang", "en"]);
    assert_eq!(run.status, 0);
    let out = run.stdout();
    // A header line, then one line per (code, reason).
    assert_eq!(out.lines().count(), pairs + 1);
    let header = out.lines().next().unwrap();
    let label = |key: &str, lang: &str| catalogue.ui(key).unwrap().tr(lang).to_string();
    assert!(header.starts_with(&label("reason_code", "en")), "{header}");
    assert!(header.contains(&label("annotate_reason", "en")), "{header}");
    let codes: Vec<u64> = out.lines().skip(1).map(|l| l.split_whitespace().next().unwrap().parse().unwrap()).collect();
    assert!(codes.windows(2).all(|w| w[0] <= w[1]), "in code order");
    for reason in catalogue.reasons() {
        assert!(out.lines().any(|l| l.contains(reason.id().as_str())), "{}", reason.id());
    }
    let neo = mcauth(&["list", "--model", "neo", "--format", "json"]).json();
    let model_key = catalogue::ModelKey::from("neo");
    let neo_pairs: usize = catalogue.reasons_of(&model_key).map(|r| r.codes().count()).sum();
    assert_eq!(neo["reasons"].as_array().unwrap().len(), neo_pairs);
    assert!(neo["reasons"].as_array().unwrap().iter().all(|r| r["model"] == "neo"));
    let md = mcauth(&["list", "--format", "markdown", "--lang", "ja"]).stdout();
    assert_eq!(md.lines().count(), pairs + 2);
    assert!(md.starts_with(&format!("| {} | {} |", label("reason_code", "ja"), label("model", "ja"))), "{md}");
    // JSON Lines: one object per (code, reason), each on its own line.
    let jsonl = mcauth(&["list", "--format", "jsonl"]).stdout();
    let objects: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objects.len(), pairs);
    assert!(objects.iter().all(|o| o["code"].is_string() && o["id"].is_string()));
    let explained = mcauth(&["explain", "110200", "--format", "jsonl"]).stdout();
    let reasons: Vec<serde_json::Value> = explained.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let expected: usize = catalogue.reasons().iter().filter(|r| r.codes().any(|c| c == "110200")).count();
    assert_eq!(reasons.len(), expected);
}

#[test]
fn another_products_catalogue_works_without_a_code_change() {
    let fixture = project_root().join("crates/catalogue/tests/fixtures/other-product.toml");
    let fixture = fixture.to_string_lossy();
    let run = mcauth_with(&["--catalogue", &fixture, "explain", "7"], &[("LANG", "de_DE.UTF-8")], b"");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout().contains("cloud-token-expired"), "{}", run.stdout());
    assert!(run.stdout().contains("Abhilfe"), "German labels: {}", run.stdout());
    let run = mcauth(&["--catalogue", &fixture, "explain", "110200"]);
    assert_eq!(run.status, 1);
    // A broken catalogue is reported with its line and column.
    let dir = common::Scratch::new("broken-catalogue");
    let broken = dir.write("broken.toml", b"[catalogue]\ntitle = 3\n");
    let run = mcauth(&["--catalogue", &broken, "list"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("broken.toml:2:"), "{}", run.stderr);
}

#[test]
fn faq_links_use_the_published_address_and_say_when_there_is_none() {
    let fixture = std::fs::read_to_string(common::project_root().join("xtask/tests/fixtures/catalogue.toml")).unwrap();
    let dir = common::Scratch::new("site");
    let published = dir
        .write("published.toml", format!("{fixture}\n[site]\nbase_url = \"https://example.org/errors\"\n").as_bytes());
    let unpublished = dir.write("unpublished.toml", fixture.as_bytes());
    let run = mcauth(&["--catalogue", &published, "explain", "30100", "--lang", "en", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let faq = run.json()["models"][0]["reasons"][0]["faq"].as_str().unwrap().to_string();
    assert_eq!(faq, "https://example.org/errors/en/faq.html#legacy-multiple-viewers");
    let run = mcauth(&["--catalogue", &unpublished, "explain", "30100", "--lang", "en"]);
    assert!(run.stdout().contains(&said("faq_no_address", "en", &[])), "{}", run.stdout());
}

#[test]
fn explain_marks_what_is_ours_and_names_each_steps_source_in_every_format() {
    let fixture = project_root().join("crates/catalogue/tests/fixtures/other-product.toml");
    let fixture = fixture.to_string_lossy();
    let catalogue = catalogue::load(std::path::Path::new(fixture.as_ref())).unwrap();
    let ui = |key: &str, lang: &str| catalogue.ui(key).unwrap().tr(lang).to_string();
    // Code 8: the disk-full reason, whose one step is ours; code 7 is shared with the token
    // reason, whose step comes from the catalogue's own source.
    for (lang, translated) in [("en", false), ("de", true)] {
        for format in ["text", "markdown"] {
            let run = mcauth(&["--catalogue", &fixture, "explain", "8", "--lang", lang, "--format", format]);
            assert_eq!(run.status, 0, "{}", run.stderr);
            let out = run.stdout();
            assert!(out.contains(&ui("remedy_not_captured", lang)), "{lang} {format}: {out}");
            assert_eq!(out.contains(&ui("translated_message", lang)), translated, "{lang} {format}: {out}");
            let run =
                mcauth(&["--catalogue", &fixture, "explain", "Sign in again", "--lang", lang, "--format", format]);
            let out = run.stdout();
            for mark in ["remedy_not_captured", "written_step"] {
                assert!(!out.contains(&ui(mark, lang)), "{lang} {format}: a transcribed step has no mark: {out}");
            }
        }
    }
    for (lang, note) in [("en", Value::Null), ("de", Value::from(ui("translated_message", "de")))] {
        let run = mcauth(&["--catalogue", &fixture, "explain", "8", "--format", "json", "--lang", lang]);
        assert_eq!(run.json()["models"][0]["reasons"][0]["message_note"], note, "{lang}");
    }
    let run = mcauth(&["--catalogue", &fixture, "explain", "7", "--format", "json"]);
    let json = run.json();
    let sources: Vec<(String, String)> = json["models"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["reasons"].as_array().unwrap().clone())
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["remedy"][0]["source"].as_str().unwrap().to_string()))
        .collect();
    let expected: Vec<(String, String)> = catalogue
        .reasons()
        .iter()
        .map(|r| (r.id().to_string(), r.remedy.get_ref()[0].text.source.as_ref().unwrap().get_ref().to_string()))
        .collect();
    assert_eq!(sources, expected);
}

#[test]
fn a_console_text_added_to_a_reason_makes_every_lookup_find_it_alone() {
    let fixture =
        std::fs::read_to_string(project_root().join("crates/catalogue/tests/fixtures/other-product.toml")).unwrap();
    let line = "id = \"cloud-token-expired\"\n";
    assert_eq!(fixture.matches(line).count(), 1);
    let seen = "Sync token lifetime exceeded";
    let edited = fixture.replacen(line, &format!("{line}console = [{{ lang = \"en\", text = \"{seen}\" }}]\n"), 1);
    let dir = common::Scratch::new("console-text");
    let path = dir.write("other.toml", edited.as_bytes());
    // Code 7 alone names a reason in each model; the console text picks one.
    let run = mcauth(&["--catalogue", &path, "explain", &format!("{seen} (7)"), "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(ids_by_model(&run.json()), [("cloud".to_string(), vec!["cloud-token-expired".to_string()])]);
    assert_eq!(run.json()["matched_by"], "message");
    let run = mcauth(&["--catalogue", &path, "explain", seen, "--lang", "en"]);
    assert!(run.stdout().contains(&format!("“{seen}”")), "the console text is shown: {}", run.stdout());
    // Without it the text is unknown.
    let plain = dir.write("plain.toml", fixture.as_bytes());
    let run = mcauth(&["--catalogue", &plain, "explain", seen]);
    assert_eq!(run.status, 1, "{}", run.stdout());
}

/// The frozen fixture with the reference codes its companion file adds, written into `dir`.
fn with_reference_codes(dir: &common::Scratch) -> (String, catalogue::Catalogue) {
    let root = project_root().join("xtask/tests/fixtures");
    let text = std::fs::read_to_string(root.join("catalogue.toml")).unwrap()
        + &std::fs::read_to_string(root.join("reference-codes.toml")).unwrap();
    let path = dir.write("with-reference-codes.toml", text.as_bytes());
    let catalogue = catalogue::load(std::path::Path::new(&path)).unwrap_or_else(|p| panic!("{p}"));
    (path, catalogue)
}

#[test]
fn a_reference_code_is_explained_with_the_procedure_and_never_taken_for_a_reason_code() {
    let dir = common::Scratch::new("reference-codes");
    let (path, catalogue) = with_reference_codes(&dir);
    let auth = catalogue.reference_codes().iter().find(|e| e.value.authentication).unwrap();
    let other = catalogue.reference_codes().iter().find(|e| !e.value.authentication).unwrap();
    let steps = &catalogue.document().page.steps;
    for lang in ["ja", "en"] {
        let ui = |key: &str| catalogue.ui(key).unwrap().tr(lang).to_string();
        for code in auth.value.codes() {
            let run = mcauth(&["--catalogue", &path, "explain", code.as_str(), "--lang", lang]);
            assert_eq!(run.status, 0, "a reference code is an answer, not a miss: {}", run.stderr);
            let out = run.stdout();
            assert!(out.contains(auth.value.title.tr(lang)), "{lang} {code}: {out}");
            assert!(out.contains(auth.value.meaning.tr(lang)), "{lang} {code}: what it means: {out}");
            // The procedure: every step, who acts, and what the user tells the account manager.
            for step in steps {
                assert!(out.contains(&catalogue::markup::plain(step.body.tr(lang))), "{lang}: {out}");
                for item in &step.items {
                    assert!(out.contains(&catalogue::markup::plain(item.tr(lang))), "{lang}: {out}");
                }
            }
            assert!(!out.contains(&ui("not_authentication")), "{lang}: {out}");
            assert!(run.stderr.is_empty(), "no suggestion of reason codes that look alike: {}", run.stderr);
        }
        let code = other.value.codes().next().unwrap();
        let run = mcauth(&["--catalogue", &path, "explain", code.as_str(), "--lang", lang]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let out = run.stdout();
        assert!(out.contains(&ui("not_authentication")), "{lang}: not an authentication error's: {out}");
        assert!(!out.contains(&catalogue::markup::plain(steps[0].body.tr(lang))), "{lang}: no procedure: {out}");
    }
    // Every format says what it is; JSON with stable keys.
    let code = auth.value.codes().next().unwrap().as_str();
    let json = mcauth(&["--catalogue", &path, "explain", code, "--format", "json"]).json();
    assert_eq!(json["matched_by"], "reference-code");
    assert_eq!(json["reference_code"]["code"], code);
    assert_eq!(json["reference_code"]["authentication"], true);
    assert_eq!(json["reference_code"]["procedure"].as_array().unwrap().len(), steps.len());
    let md = mcauth(&["--catalogue", &path, "explain", code, "--format", "markdown"]).stdout();
    assert!(md.starts_with("## "), "{md}");
    // A reason code is still a reason code.
    let reason = catalogue.reasons()[0].codes().next().unwrap().to_string();
    let run = mcauth(&["--catalogue", &path, "explain", &reason, "--format", "json"]);
    assert_eq!(run.json()["matched_by"], "code");
}

#[test]
fn a_translation_made_from_an_older_source_is_marked_in_every_format() {
    let dir = common::Scratch::new("stale-translation");
    let fixture = std::fs::read_to_string(project_root().join("xtask/tests/fixtures/catalogue.toml")).unwrap();
    let catalogue = catalogue::load_source(catalogue::SourceFile::new("c.toml", fixture.as_str())).unwrap();
    // The first step of the 30100 reason gets new Japanese; its English stays as it was.
    let reason = catalogue.reasons().iter().find(|r| r.codes().any(|c| c == "30100")).unwrap();
    let step = reason.remedy.get_ref()[0].text.tr("ja").to_string();
    let edited = fixture.replacen(&format!("ja = \"{step}\""), &format!("ja = \"{step}(更新)\""), 1);
    assert_ne!(edited, fixture);
    let path = dir.write("stale.toml", edited.as_bytes());
    let stale = catalogue.ui("translation_stale").unwrap().tr("en").to_string();
    for format in ["text", "markdown"] {
        let run = mcauth(&["--catalogue", &path, "explain", "30100", "--lang", "en", "--format", format]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let out = run.stdout();
        let marked: Vec<&str> = out.lines().filter(|l| l.contains(&stale)).collect();
        assert_eq!(marked.len(), 1, "only the step whose Japanese changed: {out}");
        assert!(marked[0].contains(&catalogue::markup::plain(reason.remedy.get_ref()[0].text.tr("en"))), "{out}");
    }
    let json = mcauth(&["--catalogue", &path, "explain", "30100", "--lang", "en", "--format", "json"]).json();
    let explained = &json["models"][0]["reasons"][0];
    assert_eq!(explained["translation"]["stale"], 1);
    assert_eq!(explained["remedy"][0]["translation"], "stale");
    assert_eq!(explained["remedy"][1]["translation"], "current");
    // In the source language nothing is stale.
    let run = mcauth(&["--catalogue", &path, "explain", "30100", "--lang", "ja"]);
    assert!(!run.stdout().contains(catalogue.ui("translation_stale").unwrap().tr("ja")));
}

#[test]
fn a_message_is_answered_in_its_own_language_unless_lang_says_otherwise() {
    let catalogue = real_catalogue();
    let reason = catalogue.reasons().first().unwrap();
    let code = reason.codes().next().unwrap();
    for (lang, locale) in [("ja", "C"), ("en", "ja_JP.UTF-8")] {
        let message = format!("「{}」({code})", reason.message.tr(lang));
        let run = mcauth_with(&["explain", &message, "--format", "json"], &[("LANG", locale)], b"");
        assert_eq!(run.status, 0, "{}", run.stderr);
        let json = run.json();
        assert_eq!(json["language"], lang, "a {lang} message under LANG={locale}: {json}");
        // --lang still decides.
        let other = if lang == "ja" { "en" } else { "ja" };
        let run = mcauth_with(&["explain", &message, "--format", "json", "--lang", other], &[("LANG", locale)], b"");
        assert_eq!(run.json()["language"], other);
    }
    // Text output too: a Japanese message under the C locale shows Japanese labels.
    let message = reason.message.tr("ja").to_string();
    let run = mcauth_with(&["explain", &message], &[("LANG", "C")], b"");
    let remedy = catalogue::markup::plain(catalogue.ui("remedy").unwrap().tr("ja"));
    assert!(run.stdout().contains(&remedy), "{}", run.stdout());
}
