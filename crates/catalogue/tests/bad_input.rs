//! Each class of bad input yields its own error, with the line and column of the mistake, and
//! every problem of a file is reported in one run.

use catalogue::{SourceFile, load_source};

const BASE: &str = include_str!("fixtures/other-product.toml");

/// Replaces `from` (which must occur exactly once) with `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "fixture edit `{from}` must match once");
    text.replacen(from, to, 1)
}

/// The 1-based line and column where `needle` starts in `text` (which must contain it once).
fn locate(text: &str, needle: &str) -> (usize, usize) {
    assert_eq!(text.matches(needle).count(), 1, "`{needle}` must occur once");
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// (code, line, column, message) of every problem.
fn problems(text: &str) -> Vec<(String, usize, usize, String)> {
    match load_source(SourceFile::new("catalogue/test.toml", text)) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .iter()
            .map(|d| (d.code().to_string(), d.position.line, d.position.column, format!("{d}")))
            .collect(),
    }
}

/// Asserts that the text has exactly one problem, of this code, where `at` starts.
fn assert_one(text: &str, code: &str, at: &str) -> String {
    let found = problems(text);
    let (line, column) = locate(text, at);
    assert_eq!(found.len(), 1, "expected one problem, got {found:#?}");
    let (c, l, col, rendered) = &found[0];
    assert_eq!((c.as_str(), *l, *col), (code, line, column), "{rendered}");
    assert!(rendered.contains("= help: "), "every problem says how to fix it: {rendered}");
    assert!(rendered.starts_with(&format!("catalogue/test.toml:{line}:{column}: error[{code}]")), "{rendered}");
    rendered.clone()
}

#[test]
fn the_base_fixture_is_valid() {
    assert!(problems(BASE).is_empty(), "{:#?}", problems(BASE));
}

#[test]
fn toml_syntax() {
    let text = edit(BASE, "name = \"Deutsch\"", "name = \"Deutsch");
    let found = problems(&text);
    assert_eq!(found[0].0, "C001", "{found:#?}");
    assert_eq!(found[0].1, locate(&text, "name = \"Deutsch").0);
}

#[test]
fn unknown_key_with_a_suggestion() {
    let text = edit(BASE, "message = { en = \"The token", "mesage = { en = \"The token");
    let rendered = assert_one(&text, "C002", "mesage = ");
    assert!(rendered.contains("did you mean `message`?"), "{rendered}");
}

#[test]
fn wrong_type() {
    let text = edit(BASE, "codes = [\"7\"]", "codes = [7]");
    let rendered = assert_one(&text, "C003", "7]");
    assert!(rendered.contains("quoted string"), "{rendered}");
}

#[test]
fn wrong_types_say_what_was_expected_and_what_was_found() {
    let text = edit(BASE, "codes = [\"7\"]", "codes = \"7x\"");
    let rendered = assert_one(&text, "C003", "\"7x\"");
    assert!(rendered.contains("expected a list, found a string"), "{rendered}");
    assert!(rendered.contains("square brackets"), "{rendered}");

    let text = edit(
        BASE,
        "message = { en = \"The token expired.\", de = \"Das Token ist abgelaufen.\", de_from = \"0f0c1bf3\" }",
        "message = \"The token expired.\"",
    );
    let rendered = assert_one(&text, "C003", "\"The token expired.\"");
    assert!(rendered.contains("expected a text"), "{rendered}");
    assert!(rendered.contains("one string per language"), "{rendered}");
}

#[test]
fn a_step_key_in_a_plain_text_is_an_unknown_key_at_the_key() {
    let text = edit(BASE, "message = { en = \"The token", "message = { for = [\"x\"], en = \"The token");
    let rendered = assert_one(&text, "C002", "for = [\"x\"]");
    assert!(rendered.contains("unknown key `for`"), "{rendered}");
}

#[test]
fn missing_field() {
    let text = edit(BASE, "side = \"phone\"\n", "");
    let rendered = assert_one(&text, "C004", "[[reasons]]\nid = \"cloud-token-expired\"");
    assert!(rendered.contains("has no `side`"), "{rendered}");
}

#[test]
fn empty_text() {
    let text = edit(BASE, "de = \"Melden Sie sich erneut an.\"", "de = \"  \"");
    assert_one(&text, "C005", "\"  \"");
}

#[test]
fn text_missing_in_one_language() {
    let text = edit(
        BASE,
        "{ en = \"The token expired.\", de = \"Das Token ist abgelaufen.\", de_from = \"0f0c1bf3\" }",
        "{ en = \"The token expired.\" }",
    );
    let rendered = assert_one(&text, "C006", "{ en = \"The token expired.\" }");
    assert!(rendered.contains("no `de` text"), "{rendered}");
}

#[test]
fn text_in_an_undeclared_language() {
    let text = edit(BASE, "en = \"Sign in again.\"", "en = \"Sign in again.\"\nfr = \"Reconnectez-vous.\"");
    assert_one(&text, "C007", "\"Reconnectez-vous.\"");
}

#[test]
fn malformed_id() {
    let text = edit(BASE, "id = \"cloud-token-expired\"", "id = \"Cloud_Token\"");
    assert_one(&text, "C008", "\"Cloud_Token\"");
}

#[test]
fn reserved_id() {
    let text = edit(BASE, "id = \"cloud-token-expired\"", "id = \"code-7\"");
    assert_one(&text, "C008", "\"code-7\"");
}

#[test]
fn duplicate_id() {
    let text = edit(BASE, "id = \"box-disk-full\"", "id = \"cloud-token-expired\"");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let second = text.rfind("id = \"cloud-token-expired\"").unwrap();
    let line = text[..second].matches('\n').count() + 1;
    assert_eq!((found[0].0.as_str(), found[0].1), ("C009", line));
    assert!(found[0].3.contains(&format!("already used on line {}", locate(BASE, "id = \"cloud-token-expired\"").0)));
}

#[test]
fn references_to_undeclared_model_side_product_type_and_link() {
    for (from, to, at) in [
        ("model = \"box\"", "model = \"bx\"", "\"bx\""),
        ("side = \"server\"", "side = \"servr\"", "\"servr\""),
        ("product_types = [\"basic\"]", "product_types = [\"pro\"]", "\"pro\""),
        ("links = [\"manual\"]", "links = [\"manul\"]", "\"manul\""),
        ("for = [\"basic\"]", "for = [\"basik\"]", "\"basik\""),
    ] {
        let text = edit(BASE, from, to);
        assert_one(&text, "C010", at);
    }
    let rendered = assert_one(&edit(BASE, "model = \"box\"", "model = \"bx\""), "C010", "\"bx\"");
    assert!(rendered.contains("did you mean `box`?"), "{rendered}");
}

#[test]
fn malformed_and_repeated_codes() {
    assert_one(&edit(BASE, "codes = [\"7\"]", "codes = [\"7a\"]"), "C011", "\"7a\"");
    assert_one(&edit(BASE, "codes = [\"7\"]", "codes = [\"07\"]"), "C011", "\"07\"");
    let text = edit(BASE, "codes = [\"7\", \"8\"]", "codes = [\"7\", \"8\", \"7\" ]");
    assert_one(&text, "C012", "\"7\" ]");
}

#[test]
fn unknown_top_level_table() {
    let text = edit(BASE, "[links.manual]", "[linkz.manual]");
    let rendered = assert_one(&text, "C002", "linkz");
    assert!(rendered.contains("did you mean `links`?"), "{rendered}");
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run_sorted_by_line() {
    let mut text = BASE.to_string();
    for (from, to) in [
        ("name = \"Deutsch\"", "name = \"\""),
        ("message = { en = \"The token", "mesage = { en = \"The token"),
        ("side = \"server\"", "side = \"servr\""),
        ("codes = [\"7\", \"8\"]", "codes = [\"7\", \"8x\"]"),
        ("de = \"Löschen Sie alte Sicherungen.\"", "dee = \"Löschen Sie alte Sicherungen.\""),
    ] {
        text = edit(&text, from, to);
    }
    let found = problems(&text);
    let codes: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(codes, ["C005", "C002", "C011", "C010", "C006", "C007"], "{found:#?}");
    let lines: Vec<usize> = found.iter().map(|p| p.1).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

#[test]
fn an_unreadable_file_is_a_problem_not_a_panic() {
    let problems = catalogue::load(std::path::Path::new("no/such/catalogue.toml")).unwrap_err();
    assert_eq!(problems.iter().next().map(|d| d.code()), Some("C013"));
}

#[test]
fn access_history_headers_and_faq_pattern() {
    let text = edit(BASE, "result_columns = [\"Sync status\",", "result_columns = [\" \", \"Sync status\",");
    assert_one(&text, "C005", "\" \", \"Sync status\"");
    let text = edit(BASE, "{lang}/errors.html#{id}", "{language}/errors.html#{id}");
    let rendered = assert_one(&text, "C028", "\"https://example.org/{language}");
    assert!(rendered.contains("unknown placeholder `{language}`"), "{rendered}");
    let text = edit(BASE, "{lang}/errors.html#{id}", "{lang}/errors.html");
    let rendered = assert_one(&text, "C028", "\"https://example.org/{lang}/errors.html\"");
    assert!(rendered.contains("has no `{id}`"), "{rendered}");
    let text = edit(BASE, "result_columns = [\"Sync status\", \"Synchronisationsstatus\"]", "result_columns = 3");
    assert_one(&text, "C003", "3\nfaq_url");
}

#[test]
fn one_syntax_error_is_reported_where_it_is_not_hundreds() {
    // A `}` missing at the end of a line: the parser notices only on the next line.
    let text = edit(BASE, "de_from = \"6e260b01\" }", "de_from = \"6e260b01\"");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let line_end = locate(&text, "remedy = { en = \"Fix\"").0;
    let width = text.lines().nth(line_end - 1).unwrap().chars().count();
    assert_eq!((found[0].0.as_str(), found[0].1, found[0].2), ("C001", line_end, width + 1), "{}", found[0].3);
    assert!(found[0].3.contains("add the missing `}`"), "{}", found[0].3);

    // A `]` missing from a table header cascades through the rest of the file in the parser.
    let text = edit(BASE, "[models.box]", "[models.box");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("C001", locate(&text, "[models.box\n").0));
}

#[test]
fn a_catalogue_not_in_utf8_is_one_problem_at_its_first_foreign_byte() {
    let dir = std::env::temp_dir().join(format!("catalogue-sjis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sjis.toml");
    // "Über" in Latin-1, as an editor might save it: 0xDC is no UTF-8 character.
    let text = edit(BASE, "de = \"Über\"", "de = \"\u{0}ber\"");
    let mut bytes = text.into_bytes();
    let at = bytes.iter().position(|&b| b == 0).unwrap();
    bytes[at] = 0xDC;
    std::fs::write(&path, &bytes).unwrap();
    let problems = catalogue::load(&path).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems}");
    let d = problems.iter().next().unwrap();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    assert_eq!((d.code(), d.position.line), ("C001", line), "{d}");
    assert!(d.to_string().contains("not UTF-8") && d.to_string().contains("save the catalogue as UTF-8"), "{d}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn thousands_of_reasons_sharing_an_undeclared_code_give_bounded_messages() {
    let reason = BASE.split("[[reasons]]").nth(1).unwrap();
    let mut text = BASE.to_string();
    for n in 0..3000 {
        text.push_str("[[reasons]]");
        text.push_str(&reason.replace("id = \"cloud-token-expired\"", &format!("id = \"copy-{n}\"")));
    }
    let found = problems(&text);
    let shared: Vec<_> = found.iter().filter(|p| p.0 == "C014").collect();
    assert_eq!(shared.len(), 3001, "one per reason carrying the code");
    let longest = shared.iter().map(|p| p.3.len()).max().unwrap();
    assert!(longest < 1000, "each message names a few others, not thousands: {longest} bytes");
    assert!(shared[0].3.contains("2997 more"), "{}", shared[0].3);
}

#[test]
fn a_remedy_step_without_provenance_is_an_error_at_its_header() {
    let text = edit(BASE, "[[reasons.remedy]]\nsource = \"ours\"\n", "[[reasons.remedy]]\n");
    let rendered = assert_one(&text, "C034", "[[reasons.remedy]]\nfor = [\"basic\"]");
    assert!(rendered.contains("remedy step 1 of `box-disk-full`"), "{rendered}");
    assert!(rendered.contains("source = \"ours\""), "the help names the word for our own texts: {rendered}");
}

#[test]
fn a_source_that_is_not_declared_is_an_error_with_a_suggestion() {
    let text =
        edit(BASE, "source = \"vendor-kb\"\nen = \"Sign in again.\"", "source = \"vendor-k\"\nen = \"Sign in again.\"");
    let rendered = assert_one(&text, "C010", "\"vendor-k\"\nen");
    assert!(rendered.contains("undeclared source `vendor-k`"), "{rendered}");
    assert!(rendered.contains("did you mean `vendor-kb`?"), "{rendered}");
}

#[test]
fn a_declared_source_nothing_cites_is_reported_unused() {
    let text = edit(
        BASE,
        "[sources.vendor-kb]",
        "[sources.forum]\ntitle = { en = \"Forum\", de = \"Forum\" }\n\n[sources.vendor-kb]",
    );
    let catalogue = load_source(SourceFile::new("catalogue/test.toml", text)).expect("a warning does not stop loading");
    let warnings: Vec<String> = catalogue.warnings().iter().map(|d| format!("{d}")).collect();
    assert!(warnings.iter().any(|w| w.contains("[C018]") && w.contains("source `forum`")), "{warnings:#?}");
}

#[test]
fn who_acts_names_a_glossary_entry_and_only_a_step_says_it() {
    let text =
        edit(BASE, "source = \"ours\"\nfor = [\"basic\"]", "source = \"ours\"\nby = \"admin\"\nfor = [\"basic\"]");
    let rendered = assert_one(&text, "C010", "\"admin\"");
    assert!(rendered.contains("undeclared glossary entry `admin`"), "{rendered}");
    let text = edit(BASE, "message = { en = \"The token", "message = { by = \"x\", en = \"The token");
    assert_one(&text, "C002", "by = \"x\"");
}

#[test]
fn header_words_are_given_per_declared_language() {
    let text = edit(BASE, "result_columns = [", "headers = { fr = [\"Statut\"] }\nresult_columns = [");
    let rendered = assert_one(&text, "C010", "\"Statut\"");
    assert!(rendered.contains("undeclared language `fr`"), "{rendered}");
}
