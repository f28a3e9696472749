//! `mcauth annotate` on access-history CSV files the tests write: encodings, line ends,
//! quoting, rows without or with unknown codes, malformed input, and rows in = rows out.

mod common;

use common::{Scratch, mcauth, mcauth_with, real_catalogue};

/// The `[ui]` keys of the columns `annotate` adds by default, in order.
const ADDED: [&str; 7] = [
    "annotate_reason",
    "annotate_model",
    "annotate_message",
    "annotate_remedy",
    "annotate_notes",
    "annotate_faq",
    "annotate_why",
];

const HEADER: &str = "日時,ユーザ名,種別,認証結果,認証エラーの理由";

/// mcauth's own message `key` in `lang`, as its messages files have it (placeholders unfilled).
fn said(key: &str, lang: &str) -> String {
    common::said(key, lang, &[])
}

/// Rows of an access history: (user, type, result, reason cell as the console writes it).
fn rows() -> Vec<String> {
    let catalogue = real_catalogue();
    let neo_viewer = catalogue.reason("neo-viewer-password-mismatch").unwrap().message.tr("ja").to_string();
    let neo_client = catalogue.reason("neo-client-password-mismatch").unwrap().message.tr("ja").to_string();
    let multi = catalogue.reasons().iter().find(|r| r.codes().count() >= 2).unwrap();
    let multi_codes: Vec<&str> = multi.codes().map(|c| c.as_str()).collect();
    vec![
        format!("2026/11/01 09:00:00,taro,ビューア,失敗,「{neo_viewer}」(110200)"),
        "2026/11/01 09:01:00,taro,ビューア,成功,".to_string(),
        // A quoted user name with a comma and quotes, and a reason cell with a line break.
        format!("2026/11/01 09:02:00,\"hanako \"\"hana\"\", jr\",クライアント,失敗,\"「{neo_client}」\n(110200)\""),
        "2026/11/01 09:03:00,jiro,ビューア,失敗,「未知の理由」(999999)".to_string(),
        format!("2026/11/01 09:04:00,saburo,ビューア,失敗,\"{} ({})\"", multi.message.tr("en"), multi_codes.join(",")),
        "2026/11/01 09:05:00,shiro,クライアント,失敗,「未知の理由」(888888)".to_string(),
        "2026/11/01 09:06:00,goro,ビューア,失敗,「未知の理由」(999999)".to_string(),
    ]
}

/// A `[ui]` label in English, as the catalogue has it today.
fn ui_en(key: &str) -> String {
    catalogue::markup::plain(real_catalogue().ui(key).unwrap().tr("en"))
}

fn csv_text(line_end: &str) -> String {
    let mut text = String::new();
    for line in std::iter::once(HEADER.to_string()).chain(rows()) {
        text.push_str(&line);
        text.push_str(line_end);
    }
    text
}

/// The records of CSV text, each a list of cells.
fn parse(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn shift_jis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// Checks an annotated result against its input: same rows in the same order, the input's
/// cells unchanged, [`ADDED`] cells added, and the expected reason ids.
fn check_annotated(input: &str, output: &str, model: Option<&str>) {
    let before = parse(input);
    let after = parse(output);
    assert_eq!(after.len(), before.len(), "rows in = rows out");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.len(), b.len() + ADDED.len());
        assert_eq!(&a[..b.len()], b.as_slice());
    }
    let catalogue = real_catalogue();
    let multi = catalogue.reasons().iter().find(|r| r.codes().count() >= 2).unwrap();
    let ids: Vec<&str> = after.iter().map(|r| r[5].as_str()).collect();
    // The multi-code reason's codes are one model's only: without --model, the file is that
    // model's, and it decides between the 110200 reasons whose message both models share.
    let model = model.unwrap_or(multi.model().as_str());
    let viewer = format!("{model}-viewer-password-mismatch");
    let client = format!("{model}-client-password-mismatch");
    assert_eq!(ids[1], viewer);
    assert_eq!(ids[2], "", "no code");
    assert_eq!(ids[3], client, "the message tells the two 110200 reasons apart");
    assert_eq!(ids[4], "", "unknown code");
    let expected_multi = match Some(model) {
        Some(m) if m != multi.model() => {
            // In another model no reason has all three codes: those with any of them are named.
            let key = catalogue::ModelKey::from(m);
            let any: Vec<&str> = catalogue
                .reasons_of(&key)
                .filter(|r| r.codes().any(|c| multi.codes().any(|mc| mc == c)))
                .map(|r| r.id().as_str())
                .collect();
            any.join("\n")
        }
        _ => multi.id().to_string(),
    };
    assert_eq!(ids[5], expected_multi);
    // Every added cell of an unknown or missing code is empty.
    assert!(after[2][5..].iter().chain(&after[4][5..]).all(String::is_empty));
}

#[test]
fn utf8_lf_rows_come_out_in_order_with_their_reasons() {
    let dir = Scratch::new("utf8");
    let input = csv_text("\n");
    let path = dir.write("history.csv", input.as_bytes());
    let out = dir.path("annotated.csv");
    let run = mcauth(&["annotate", &path, "-o", out.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(run.status, 1, "unknown codes make the exit status 1: {}", run.stderr);
    let output = std::fs::read_to_string(&out).unwrap();
    check_annotated(&input, &output, None);
    let header = &parse(&output)[0];
    assert_eq!(&header[5..], ADDED.map(ui_en));
    let first = &parse(&output)[1];
    let catalogue = real_catalogue();
    // The multi-code reason's codes are one model's only: the file is that model's.
    let multi = catalogue.reasons().iter().find(|r| r.codes().count() >= 2).unwrap();
    let model = catalogue.model(multi.model()).unwrap();
    assert_eq!(first[6], model.name.tr("en"));
    assert!(first[8].lines().any(|l| l.starts_with("1. ")), "the steps are numbered: {}", first[8]);
    assert_eq!(
        first[5 + ADDED.iter().position(|k| *k == "annotate_faq").unwrap()],
        format!("docs/en/faq.html#{}-viewer-password-mismatch", multi.model())
    );
    assert!(!output.contains('\r'));
    let side = common::said("side_from", "en", &[("column", "種別")]);
    let mut summary = common::said(
        "rows",
        "en",
        &[
            ("rows", "7"),
            ("encoding", "UTF-8"),
            ("column", "認証エラーの理由"),
            ("side", &side),
            ("annotated", "3"),
            ("candidates", "0"),
            ("no_code", "1"),
            ("unknown", "3"),
        ],
    );
    summary.push_str(&common::said("unknown_codes", "en", &[("codes", "888888 (1), 999999 (2)")]));
    assert_eq!(run.stderr.lines().next().unwrap(), summary);
    let codes: Vec<&str> = multi.codes().map(|c| c.as_str()).collect();
    let line = input[..input.find(&codes.join(",")).unwrap()].matches('\n').count() + 1;
    let said = format!("model: {}, from {} on line {line} (--model overrides)", model.name.tr("en"), codes.join(","));
    assert!(run.stderr.contains(&said), "{said}\n{}", run.stderr);
    // Without that row nothing says which model: rows whose message both models share name both.
    let without: String = input.lines().filter(|l| !l.contains(&codes.join(","))).map(|l| format!("{l}\n")).collect();
    let run = mcauth_with(&["annotate", "--lang", "en"], &[], without.as_bytes());
    let without_rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    let names: Vec<&str> = catalogue.models().iter().map(|m| m.value.name.tr("en")).collect();
    assert_eq!(without_rows[1][6], names.join("\n"));
    assert!(
        run.stderr.contains(
            "= help: 2 rows name reasons of several models; one of --model neo, --model legacy keeps one model's"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(&common::said_parts("model_inferred", "en")[0]), "{}", run.stderr);
    // The input's bytes are kept: each row is there as it was, followed by the added cells.
    for row in std::iter::once(HEADER.to_string()).chain(rows()) {
        assert!(output.contains(&format!("{row},")), "{row:?}");
    }
}

#[test]
fn the_model_narrows_a_code_both_models_have() {
    let dir = Scratch::new("model");
    let input = csv_text("\n");
    let path = dir.write("history.csv", input.as_bytes());
    let run = mcauth(&["annotate", &path, "--model", "neo", "--lang", "ja"]);
    let output = String::from_utf8(run.stdout.clone()).unwrap();
    check_annotated(&input, &output, Some("neo"));
    let rows = parse(&output);
    assert_eq!(rows[0][5], "認証エラー理由ID");
    assert_eq!(rows[1][6], "マジックコネクト・ネオ");
    // The summary speaks Japanese too, in mcauth's own words for it.
    let side = said("side_from", "ja").replace("{column}", "種別");
    let expected = [
        ("rows", "7"),
        ("encoding", "UTF-8"),
        ("column", "認証エラーの理由"),
        ("side", side.as_str()),
        ("annotated", "3"),
        ("candidates", "0"),
        ("no_code", "1"),
        ("unknown", "3"),
    ]
    .iter()
    .fold(said("rows", "ja"), |text, (k, v)| text.replace(&format!("{{{k}}}"), v));
    assert!(run.stderr.starts_with(&expected), "{expected}\n{}", run.stderr);
}

#[test]
fn a_byte_order_mark_and_crlf_are_kept() {
    let dir = Scratch::new("bom");
    let input = csv_text("\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(input.as_bytes());
    let path = dir.write("history.csv", &bytes);
    let out = dir.path("out.csv");
    let run = mcauth(&["annotate", &path, "-o", out.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let output = std::fs::read(&out).unwrap();
    assert!(output.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&output[3..]).unwrap();
    check_annotated(&input, text, None);
    // Every line end outside a quoted cell is CRLF, as in the input.
    assert_eq!(text.matches("\r\n").count(), input.matches("\r\n").count());
    assert!(text.ends_with("\r\n"));
    // Asked for, the line ends change and the mark stays.
    let run = mcauth(&["annotate", &path, "--line-ends", "lf"]);
    assert!(run.stdout.starts_with(b"\xEF\xBB\xBF"));
    assert!(!std::str::from_utf8(&run.stdout).unwrap().contains("\r\n"));
}

#[test]
fn shift_jis_is_detected_and_kept() {
    let dir = Scratch::new("sjis");
    let input = csv_text("\r\n");
    let bytes = shift_jis(&input);
    assert!(std::str::from_utf8(&bytes).is_err(), "really Shift_JIS");
    let path = dir.write("history.csv", &bytes);
    let out = dir.path("out.csv");
    let run = mcauth(&["annotate", &path, "-o", out.to_str().unwrap(), "--lang", "ja"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("Shift_JIS"), "read as Shift_JIS, said in the summary's language: {}", run.stderr);
    let output = std::fs::read(&out).unwrap();
    assert!(std::str::from_utf8(&output).is_err(), "the output is Shift_JIS too");
    let (decoded, _, errors) = encoding_rs::SHIFT_JIS.decode(&output);
    assert!(!errors);
    check_annotated(&input, &decoded, None);
    let remedy = real_catalogue().ui("annotate_remedy").unwrap().tr("ja").to_string();
    assert_eq!(parse(&decoded)[0][8], remedy);
    // The input's rows are there byte for byte.
    assert!(output.starts_with(&shift_jis(HEADER)));
    // Asked for, the output is UTF-8 (with a mark, for spreadsheets).
    let run = mcauth(&["annotate", &path, "--output-encoding", "utf-8"]);
    assert!(run.stdout.starts_with(b"\xEF\xBB\xBF"));
    check_annotated(&input, std::str::from_utf8(&run.stdout[3..]).unwrap(), None);
    // Named explicitly, it reads the same.
    let named = mcauth(&["annotate", &path, "--encoding", "shift_jis", "--lang", "ja"]);
    assert!(named.stdout == output, "the same bytes either way");
}

#[test]
fn full_width_parentheses_and_english_headers_are_understood() {
    let input = "Date,User,Authentication result\n2026-11-01,taro,\"Denied（60100）\"\n2026-11-01,jiro,OK\n2026-11-01,saburo,any words (30100)\n";
    let run = mcauth_with(&["annotate", "-", "--lang", "en", "--format-check-not-a-flag"], &[], input.as_bytes());
    assert_eq!(run.status, 2, "an unknown flag is a usage error");
    let run = mcauth_with(&["annotate", "--lang", "en"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!(rows.len(), 4);
    assert!(!rows[1][3].is_empty(), "60100 found in full-width parentheses");
    // A code only one reason has needs no particular message.
    assert_eq!(rows[3][3], "legacy-multiple-viewers");
    assert!(run.stderr.contains("Authentication result"), "{}", run.stderr);
}

#[test]
fn the_column_can_be_named_or_numbered() {
    let input = "when,who,what\n1,taro,x (60100)\n2,jiro,y\n";
    let run = mcauth_with(&["annotate"], &[], input.as_bytes());
    assert_eq!(run.status, 2);
    assert!(common::says(&run.stderr, "no_result_column", "en") && run.stderr.contains("what"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    for column in ["what", "WHAT", "3"] {
        let run = mcauth_with(&["annotate", "--column", column], &[], input.as_bytes());
        assert_eq!(run.status, 0, "{column}: {}", run.stderr);
        assert_eq!(parse(std::str::from_utf8(&run.stdout).unwrap())[1].len(), 3 + ADDED.len());
    }
    let run = mcauth_with(&["annotate", "--column", "4"], &[], input.as_bytes());
    assert_eq!(run.status, 2);
    assert!(common::says(&run.stderr, "no_column_number", "en") && run.stderr.contains('4'), "{}", run.stderr);
    let run = mcauth_with(&["annotate", "--column", "result"], &[], input.as_bytes());
    assert!(common::says(&run.stderr, "no_column_named", "en") && run.stderr.contains("result"), "{}", run.stderr);
}

#[test]
fn a_malformed_row_stops_with_its_line_and_leaves_no_file() {
    let dir = Scratch::new("malformed");
    // Line 4 has a cell too many; the quoted cell on line 2 spans two lines.
    let input = format!("{HEADER}\n1,a,b,c,\"x\ny (60100)\"\n2,a,b,c,d,e\n");
    let path = dir.write("history.csv", input.as_bytes());
    let out = dir.path("out.csv");
    let run = mcauth(&["annotate", &path, "-o", out.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    // The header is Japanese, so the tool speaks Japanese.
    let problem = common::said("csv_width", "ja", &[("cells", "6"), ("width", "5")]);
    assert!(run.stderr.contains(&format!("history.csv:4: {problem}")), "{}", run.stderr);
    let path = out.display().to_string();
    assert!(run.stderr.contains(&common::said("not_written", "ja", &[("path", &path)])), "{}", run.stderr);
    assert_eq!(dir.files(), ["history.csv"], "no output and no temporary file");
    // An existing output file is left as it was.
    std::fs::write(&out, "old").unwrap();
    let run = mcauth(&["annotate", &path, "-o", out.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(dir.files(), ["history.csv", "out.csv"]);
    // A quote that never closes is reported where it opens.
    let path = dir.write("open.csv", format!("{HEADER}\n1,a,b,c,d\n2,a,b,c,\"never closed\n3,a,b,c,d\n").as_bytes());
    let run = mcauth(&["annotate", &path, "-o", out.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    let problem = common::said("csv_unclosed_quote", "ja", &[]);
    assert!(run.stderr.contains(&format!("open.csv:3:9: {problem}")), "{}", run.stderr);
    // So is text after a closing quote; the column counts characters, in either encoding.
    let text = format!("{HEADER}\n1,ユーザ,\"b\"c,c,d\n");
    for (name, bytes) in [("after.csv", text.as_bytes().to_vec()), ("after-sjis.csv", shift_jis(&text))] {
        let path = dir.write(name, &bytes);
        let run = mcauth(&["annotate", &path]);
        assert_eq!(run.status, 2);
        let expected = format!("{name}:2:10: {}", common::said("csv_text_after_quote", "ja", &[]));
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
    }
}

#[test]
fn input_problems_exit_2_in_plain_words() {
    let dir = Scratch::new("io");
    let run = mcauth(&["annotate", dir.path("missing.csv").to_str().unwrap()]);
    assert_eq!(run.status, 2);
    let error = &common::said_parts("error", "en")[0];
    assert!(run.stderr.starts_with(error.as_str()) && common::says(&run.stderr, "cannot_read", "en"), "{}", run.stderr);
    let run = mcauth_with(&["annotate"], &[], b"");
    assert_eq!(run.status, 2);
    assert!(common::says(&run.stderr, "empty_input", "en"), "{}", run.stderr);
    // What is no access history at all is said in one line: what it seems to be, and what the
    // commands read instead; no dump of its bytes, no hint to try another encoding.
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00";
    for (bytes, kind) in [
        (&b"\xFF\xFE\x00\x01,\x80\n"[..], "kind_utf16"),
        (&b"\x80\x81\xFF\xFE\x80,\x81\n"[..], "kind_not_text"),
        (&png[..], "kind_image"),
        (&b"PK\x03\x04\x14\x00\x06\x00"[..], "kind_zip"),
    ] {
        for command in ["annotate", "report"] {
            let path = dir.write("input.bin", bytes);
            let out = dir.path("out.csv");
            let run = mcauth(&[command, &path, "-o", out.to_str().unwrap()]);
            assert_eq!(run.status, 2, "{command} {kind}: {}", run.stderr);
            assert_eq!(run.stderr.trim_end().lines().count(), 1, "{command} {kind}: one line: {}", run.stderr);
            assert!(
                common::says(&run.stderr, "not_a_csv", "en") && common::says(&run.stderr, kind, "en"),
                "{}",
                run.stderr
            );
            assert!(!run.stderr.contains("--encoding") && !out.exists(), "{}", run.stderr);
        }
    }
    let run = mcauth_with(&["annotate"], &[], png);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    let run = mcauth(&["annotate", "--encoding", "latin1"]);
    assert_eq!(run.status, 2);
    let path = dir.write("ok.csv", format!("{HEADER}\n1,a,b,c,d\n").as_bytes());
    let run = mcauth(&["annotate", &path, "-o", dir.path("no/such/dir/out.csv").to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(common::says(&run.stderr, "cannot_write", "en"), "{}", run.stderr);
}

#[test]
fn a_large_file_streams_through_every_buffer_boundary() {
    let dir = Scratch::new("large");
    let rows = rows();
    let mut input = String::from(HEADER);
    input.push_str("\r\n");
    let mut count = 0;
    // Enough rows to cross the read buffer several times, with cells that span lines.
    while input.len() < 5 << 20 {
        input.push_str(&rows[count % rows.len()]);
        input.push_str("\r\n");
        count += 1;
    }
    let path = dir.write("big.csv", input.as_bytes());
    let out = dir.path("out.csv");
    let run = mcauth(&["annotate", &path, "-o", out.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let output = std::fs::read_to_string(&out).unwrap();
    let parsed = parse(&output);
    assert_eq!(parsed.len(), count + 1);
    assert!(run.stderr.starts_with(&format!("{count} rows")), "{}", run.stderr);
    let unknown_rows = (0..count).filter(|i| [3, 5, 6].contains(&(i % rows.len()))).count();
    assert!(run.stderr.contains(&format!("{unknown_rows} with unknown codes")), "{}", run.stderr);
}

#[test]
fn the_last_row_may_lack_a_line_end_and_blank_lines_pass_through() {
    let input = format!("{HEADER}\n\n1,a,b,c,x (60100)");
    let run = mcauth_with(&["annotate"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = String::from_utf8(run.stdout).unwrap();
    let (header, rest) = out.split_once('\n').unwrap();
    assert!(header.starts_with(HEADER));
    assert!(rest.starts_with("\n1,a,b,c,x (60100),"), "{out}");
    assert!(!out.ends_with('\n'));
    assert_eq!(parse(&out).len(), 2, "the blank line is no row");
}

#[test]
fn the_added_columns_can_be_chosen() {
    let input = csv_text("\n");
    let run =
        mcauth_with(&["annotate", "--columns", "faq,id", "--lang", "en", "--model", "neo"], &[], input.as_bytes());
    assert_eq!(run.status, 1, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert!(rows.iter().all(|r| r.len() == 7), "two columns added to each row");
    assert_eq!(&rows[0][5..], [ui_en("annotate_faq"), ui_en("annotate_reason")]);
    assert_eq!(&rows[1][5..], ["docs/en/faq.html#neo-viewer-password-mismatch", "neo-viewer-password-mismatch"]);
    assert_eq!(&rows[2][5..], ["", ""]);
    let run = mcauth_with(&["annotate", "--columns", "id,reason"], &[], input.as_bytes());
    assert_eq!(run.status, 2);
    assert!(common::says(&run.stderr, "clap.invalid_value", "en") && run.stderr.contains("reason"), "{}", run.stderr);
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let dir = Scratch::new("pipe");
    let row = format!("{}\n", rows()[0]);
    let input = format!("{HEADER}\n{}", row.repeat((4 << 20) / row.len()));
    let path = dir.write("big.csv", input.as_bytes());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mcauth"))
        .args(["annotate", &path])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, as `| head -c 100` closes it.
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn characters_the_output_encoding_lacks_are_counted() {
    let input = format!("{HEADER}\n1,😀 taro,b,c,x (60100)\n");
    let run = mcauth_with(&["annotate", "--output-encoding", "shift_jis", "--lang", "en"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&common::said("unwritable_one", "en", &[("count", "1")])), "{}", run.stderr);
    let (text, _, errors) = encoding_rs::SHIFT_JIS.decode(&run.stdout);
    assert!(!errors);
    assert!(text.contains("\n1,? taro,b,c,x (60100),"), "{text}");
}

#[test]
fn another_products_catalogue_annotates_and_no_added_cell_is_a_formula() {
    let dir = Scratch::new("other-product");
    let fixture =
        std::fs::read_to_string(common::project_root().join("crates/catalogue/tests/fixtures/other-product.toml"))
            .unwrap();
    let hostile = "en = \"=HYPERLINK(\\\"https://example.org\\\")\"";
    assert_eq!(fixture.matches("en = \"The disk is full.\"").count(), 1);
    let catalogue = dir.write("other.toml", fixture.replacen("en = \"The disk is full.\"", hostile, 1).as_bytes());
    // The fixture's own result-column header, and code 8, which only the disk-full reason has.
    let input = "when,Sync status\n1,Die Festplatte ist voll. (8)\n";
    let run = mcauth_with(&["--catalogue", &catalogue, "annotate", "--lang", "en"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!(rows[1][2], "box-disk-full");
    assert_eq!(rows[1][4], "'=HYPERLINK(\"https://example.org\")", "the formula is shown as text");
    assert_eq!(rows[1][7], "https://example.org/en/errors.html#box-disk-full");
    assert!(run.stderr.contains("Sync status"), "{}", run.stderr);
}

#[test]
fn a_record_longer_than_the_read_buffer_passes_whole() {
    // A 3 MiB quoted cell with commas and line breaks, then an ordinary row.
    let long: String = "x, y\n".repeat((3 << 20) / 5);
    let input = format!("{HEADER}\r\n1,\"{long}\",b,c,d (60100)\r\n2,a,b,c,d\r\n");
    let run = mcauth_with(&["annotate", "--columns", "id"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][1], long);
    assert!(!rows[1][5].is_empty());
    assert_eq!(rows[2][5], "");
}

#[test]
fn shift_jis_after_a_long_ascii_start_is_still_detected() {
    // An English header and 200 KiB of ASCII rows before the first Japanese text.
    let ascii_row = "2026-11-01,user,viewer,OK,\r\n";
    let rows = ascii_row.repeat((200 << 10) / ascii_row.len());
    let text = format!("when,who,side,result,Authentication result\r\n{rows}1,a,b,NG,「未知」(999999)\r\n");
    let run = mcauth_with(&["annotate", "--lang", "ja"], &[], &shift_jis(&text));
    assert!(run.stderr.contains("Shift_JIS"), "read as Shift_JIS, said in the summary's language: {}", run.stderr);
    // So the added header is Shift_JIS too.
    let (decoded, _, errors) = encoding_rs::SHIFT_JIS.decode(&run.stdout);
    assert!(!errors);
    assert!(decoded.starts_with("when,who,side,result,Authentication result,認証エラー理由ID,"), "{}", &decoded[..80]);
}

#[test]
fn characters_lost_in_added_cells_are_counted_per_row() {
    let dir = Scratch::new("lost-per-row");
    let fixture =
        std::fs::read_to_string(common::project_root().join("crates/catalogue/tests/fixtures/other-product.toml"))
            .unwrap();
    assert_eq!(fixture.matches("en = \"The disk is full.\"").count(), 1);
    let catalogue = dir.write(
        "other.toml",
        fixture.replacen("en = \"The disk is full.\"", "en = \"The disk is full 😀.\"", 1).as_bytes(),
    );
    let input = "when,Sync status\n1,x (8)\n2,x (8)\n";
    let args = [
        "--catalogue",
        &catalogue,
        "annotate",
        "--lang",
        "en",
        "--columns",
        "message",
        "--output-encoding",
        "shift_jis",
    ];
    let run = mcauth_with(&args, &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&common::said("unwritable", "en", &[("count", "2")])), "{}", run.stderr);
    assert_eq!(parse(&encoding_rs::SHIFT_JIS.decode(&run.stdout).0)[2][2], "The disk is full ?.");
}

#[test]
fn the_notes_column_carries_every_note_of_the_reason() {
    // A reason with notes, found by a code only it carries in its model.
    let catalogue = real_catalogue();
    let reason = catalogue
        .reasons()
        .iter()
        .find(|r| {
            !r.notes.is_empty()
                && r.codes().any(|c| catalogue.reasons_with_code(r.model().as_str(), c.as_str()).len() == 1)
        })
        .unwrap();
    let code =
        reason.codes().find(|c| catalogue.reasons_with_code(reason.model().as_str(), c.as_str()).len() == 1).unwrap();
    let input = format!("{HEADER}\n1,taro,ビューア,失敗,「x」({code})\n");
    let run = mcauth_with(
        &["annotate", "--lang", "en", "--model", reason.model().as_str(), "--columns", "notes"],
        &[],
        input.as_bytes(),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(&run.stdout());
    assert_eq!(rows[0][5], ui_en("annotate_notes"));
    for note in &reason.notes {
        let words = catalogue::markup::plain(note.tr("en"));
        assert!(rows[1][5].contains(&words), "{words:?} in {:?}", rows[1][5]);
    }
}

#[test]
fn a_remedy_without_the_sources_own_says_so_in_the_annotated_cell() {
    let fixture = common::project_root().join("crates/catalogue/tests/fixtures/other-product.toml");
    let catalogue = catalogue::load(&fixture).unwrap();
    let fixture = fixture.to_string_lossy();
    let input = "when,Sync status\n1,Die Festplatte ist voll. (8)\n2,Das Token ist abgelaufen. (7)\n";
    let run = mcauth_with(
        &["--catalogue", &fixture, "annotate", "--lang", "en", "--columns", "id,remedy"],
        &[],
        input.as_bytes(),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    // No step of the box's remedy is the transcribed source's: the cell says so before the steps.
    let notice = catalogue.ui("remedy_not_captured").unwrap().tr("en").to_string();
    assert_eq!(rows[1][2], "box-disk-full");
    assert!(rows[1][3].starts_with(&notice), "{}", rows[1][3]);
    assert_eq!(rows[2][2], "cloud-token-expired");
    assert!(!rows[2][3].contains(&notice), "{}", rows[2][3]);
    // A message in a language other than the transcribed one is ours, and the cell says so.
    let translated = catalogue.ui("translated_message").unwrap();
    for (lang, marked) in [("en", false), ("de", true)] {
        let args = ["--catalogue", &fixture, "annotate", "--lang", lang, "--columns", "message"];
        let run = mcauth_with(&args, &[], input.as_bytes());
        let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
        assert_eq!(rows[1][2].contains(translated.tr(lang)), marked, "{lang}: {}", rows[1][2]);
    }
}

#[test]
fn a_console_text_added_to_a_reason_resolves_its_rows() {
    let fixture =
        std::fs::read_to_string(common::project_root().join("crates/catalogue/tests/fixtures/other-product.toml"))
            .unwrap();
    let line = "id = \"box-disk-full\"\n";
    let seen = "Speicher erschöpft";
    let edited = fixture.replacen(line, &format!("{line}console = [{{ lang = \"de\", text = \"{seen}\" }}]\n"), 1);
    let dir = Scratch::new("console-annotate");
    let catalogue = dir.write("other.toml", edited.as_bytes());
    let input = format!("when,Sync status\n1,{seen} (7)\n");
    let run = mcauth_with(&["--catalogue", &catalogue, "annotate", "--columns", "id"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!(rows[1][2], "box-disk-full", "code 7 is in both models; the console text picks this one");
}

/// The first code two reasons of one model share (both on one side or not, as asked), with the
/// model and the two reasons.
fn shared_pair(catalogue: &catalogue::Catalogue, across_sides: bool) -> (String, String, Vec<&catalogue::Reason>) {
    catalogue
        .models()
        .iter()
        .flat_map(|m| catalogue.codes().into_iter().map(move |c| (m.key().to_string(), c.to_string())))
        .find_map(|(m, c)| {
            let reasons = catalogue.reasons_with_code(&m, &c);
            let fits = reasons.len() == 2 && (!across_sides || reasons[0].side() != reasons[1].side());
            fits.then(|| (m.clone(), c.clone(), reasons))
        })
        .expect("the catalogue has such a code")
}

#[test]
fn the_rows_type_picks_between_reasons_that_differ_by_side() {
    let catalogue = real_catalogue();
    // A code two reasons of one model share, on different sides.
    let (model, code, reasons) = shared_pair(&catalogue, true);
    let type_value = |reason: &catalogue::Reason, lang: &str| {
        catalogue.side(reason.side()).unwrap().history_type.as_ref().unwrap().tr(lang).to_string()
    };
    let type_header = catalogue.access_history().unwrap().type_columns[0].get_ref().to_string();
    // The console's words are not ours: the message does not decide, the [Type] does.
    let mut input = format!("when,{type_header},Authentication result\n");
    for (n, reason) in reasons.iter().enumerate() {
        for lang in ["ja", "en"] {
            input.push_str(&format!("{n},{},Unheard-of wording ({code})\n", type_value(reason, lang)));
        }
    }
    input.push_str(&format!("x,,Unheard-of wording ({code})\n"));
    let run = mcauth_with(&["annotate", "--model", &model, "--columns", "id"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    for (n, reason) in reasons.iter().enumerate() {
        for row in &rows[1 + 2 * n..3 + 2 * n] {
            assert_eq!(row[3], reason.id().as_str(), "{row:?}");
        }
    }
    // Without a [Type] value both stay, one a line.
    assert_eq!(rows[5][3].lines().count(), 2, "{:?}", rows[5]);
    assert!(run.stderr.contains(&format!("side from “{type_header}”")), "{}", run.stderr);
}

#[test]
fn a_message_written_a_little_differently_still_names_its_reason() {
    let catalogue = real_catalogue();
    // A code two reasons of one model share, told apart by their messages.
    let (model, code, reasons) = shared_pair(&catalogue, false);
    let mut input = String::from("when,Authentication result\n");
    for reason in &reasons {
        // Full-width letters, other quotes and spacing, a word dropped: no exact match is left.
        let en = reason.message.tr("en");
        let words: Vec<&str> = en.split(' ').collect();
        let changed = format!("『{}』", words[..words.len() - 1].join("  "));
        let full_width: String = changed
            .chars()
            .map(|c| if c.is_ascii_alphabetic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
            .collect();
        input.push_str(&format!("1,\"{full_width} ({code})\"\n"));
    }
    let run = mcauth_with(&["annotate", "--model", &model, "--columns", "id"], &[], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    for (n, reason) in reasons.iter().enumerate() {
        assert_eq!(rows[n + 1][2], reason.id().as_str(), "{:?}", rows[n + 1]);
    }
}

/// A code that only `model` has, and its one reason there.
fn only_in<'c>(catalogue: &'c catalogue::Catalogue, model: &str) -> (String, &'c catalogue::Reason) {
    catalogue
        .codes()
        .into_iter()
        .find_map(|c| {
            let models = catalogue.reasons_with_code_in_any_model(c);
            match models.as_slice() {
                [(m, reasons)] if m.key() == model && reasons.len() == 1 => Some((c.to_string(), reasons[0])),
                _ => None,
            }
        })
        .unwrap()
}

/// An access history as one model's console might write it: a [Type] column, then for every
/// reason of `model` a row with its code, and the message either ours in `lang` or words no
/// catalogue has.
fn history(catalogue: &catalogue::Catalogue, model: &str, lang: &str, our_words: bool) -> (String, Vec<String>) {
    let type_header = &catalogue.access_history().unwrap().type_columns;
    let type_header =
        type_header.iter().map(|t| t.get_ref().as_str()).find(|t| t.is_ascii() == (lang == "en")).unwrap();
    let mut text = format!("when,user,{type_header},Authentication result\r\n");
    let mut expected = Vec::new();
    for (n, reason) in catalogue.reasons_of(&catalogue::ModelKey::from(model)).enumerate() {
        let side = catalogue.side(reason.side()).unwrap();
        let Some(type_value) = side.history_type.as_ref() else { continue };
        // Only rows the code, the side and the model can decide when the words are not ours.
        let codes: Vec<&str> = reason.codes().map(|c| c.as_str()).collect();
        let rivals = catalogue.reasons_with_code(model, codes[0]);
        if !our_words && rivals.iter().filter(|r| r.side() == reason.side()).count() > 1 {
            continue;
        }
        let message = if our_words { reason.message.tr(lang).to_string() } else { format!("Unheard-of wording {n}") };
        text.push_str(&format!(
            "2026-11-0{} 09:00,u{n},{},\"{message} ({})\"\r\n",
            n % 9 + 1,
            type_value.tr(lang),
            codes.join(",")
        ));
        expected.push(reason.id().to_string());
    }
    (text, expected)
}

#[test]
fn a_file_of_one_model_resolves_every_coded_row_without_a_flag() {
    let catalogue = real_catalogue();
    let dir = Scratch::new("held-out");
    for (model, lang, our_words, bom, sjis) in
        [("neo", "ja", true, false, true), ("neo", "ja", true, true, false), ("legacy", "en", false, false, false)]
    {
        let (text, expected) = history(&catalogue, model, lang, our_words);
        let mut bytes = if sjis { shift_jis(&text) } else { text.clone().into_bytes() };
        if bom {
            bytes.splice(0..0, *b"\xEF\xBB\xBF");
        }
        let path = dir.write(&format!("{model}-{lang}-{bom}.csv"), &bytes);
        let run = mcauth(&["annotate", &path, "--columns", "id", "--lang", "en", "--output-encoding", "utf-8"]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let out = String::from_utf8(run.stdout.clone()).unwrap();
        let rows = parse(out.trim_start_matches('\u{feff}'));
        let ids: Vec<&str> = rows[1..].iter().map(|r| r[4].as_str()).collect();
        assert_eq!(ids, expected, "{model} {lang}: every row one reason\n{}", run.stderr);
        let name = catalogue.model(&catalogue::ModelKey::from(model)).unwrap().name.tr("en");
        assert!(run.stderr.contains(&format!("model: {name}, from ")), "{}", run.stderr);
    }
}

#[test]
fn a_file_mixing_the_models_keeps_each_rows_candidates_and_says_so() {
    let catalogue = real_catalogue();
    let models: Vec<String> = catalogue.models().iter().map(|m| m.key().to_string()).collect();
    let (a, _) = only_in(&catalogue, &models[0]);
    let (b, _) = only_in(&catalogue, &models[1]);
    let shared = catalogue.reason("neo-viewer-password-mismatch").unwrap().message.tr("ja").to_string();
    let input = format!("when,Authentication result\n1,x ({a})\n2,y ({b})\n3,「{shared}」(110200)\n");
    let dir = Scratch::new("mixed");
    let path = dir.write("mixed.csv", input.as_bytes());
    let run = mcauth(&["annotate", &path, "--columns", "id"]);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!(rows[3][2].lines().count(), 2, "both models' reasons: {:?}", rows[3]);
    assert!(common::says(&run.stderr, "models_mixed", "en"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{a} on line 2")) && run.stderr.contains(&format!("{b} on line 3")),
        "{}",
        run.stderr
    );
}

#[test]
fn standard_input_from_a_file_is_read_ahead_and_a_pipe_is_not() {
    let catalogue = real_catalogue();
    let (text, _) = history(&catalogue, "neo", "ja", true);
    let dir = Scratch::new("stdin-file");
    let path = dir.write("neo.csv", text.as_bytes());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mcauth"))
        .args(["annotate", "--lang", "en"])
        .env("LANG", "C.UTF-8")
        .stdin(std::fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&common::said_parts("model_inferred", "en")[0]), "{stderr}");
    let run = mcauth_with(&["annotate", "--lang", "en"], &[], text.as_bytes());
    assert!(!run.stderr.contains(&common::said_parts("model_inferred", "en")[0]), "{}", run.stderr);
}

#[test]
fn the_header_rows_language_is_the_administrators_unless_lang_says_otherwise() {
    let catalogue = real_catalogue();
    let headers = &catalogue.access_history().unwrap().headers;
    for (lang, names) in headers {
        let result = catalogue.access_history().unwrap().result_columns.iter().find(|c| names.contains(c)).unwrap();
        let input = format!("when,{}\n1,x (110200)\n", result.get_ref());
        let other = headers.keys().find(|l| *l != lang).unwrap();
        // The locale says another language; the header row wins.
        let locale = format!("{other}_XX.UTF-8");
        let run = mcauth_with(&["annotate", "--columns", "model"], &[("LANG", &locale)], input.as_bytes());
        let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
        let expected = catalogue.ui("annotate_model").unwrap().tr(lang.as_str());
        assert_eq!(rows[0][2], expected, "{lang}: {}", run.stderr);
        let name = catalogue.language(lang).unwrap().name.get_ref();
        // In the header's language, as mcauth's own messages say it.
        let said = said("header_language", lang.as_str()).replace("{language}", name);
        assert!(run.stderr.contains(&said), "{said}\n{}", run.stderr);
        // --lang overrides it.
        let run = mcauth_with(&["annotate", "--columns", "model", "--lang", other.as_str()], &[], input.as_bytes());
        let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
        assert_eq!(rows[0][2], catalogue.ui("annotate_model").unwrap().tr(other.as_str()));
    }
}

#[test]
fn windows_31j_extensions_round_trip_byte_for_byte() {
    // NEC and IBM extensions and the wave dash as Windows writes it: ①, ㈱, 髙, ～.
    let text = "日時,ユーザ名,種別,認証エラーの理由\r\n1,①㈱髙～さん,ビューア,「未知」(999999)\r\n2,髙橋～,クライアント,成功\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    let bytes = bytes.into_owned();
    let dir = Scratch::new("w31j");
    let path = dir.write("history.csv", &bytes);
    let out = dir.path("out.csv");
    let run = mcauth(&["annotate", &path, "-o", out.to_str().unwrap(), "--columns", "id"]);
    assert!(run.stderr.contains("Shift_JIS"), "read as Shift_JIS, said in the summary's language: {}", run.stderr);
    let written = std::fs::read(&out).unwrap();
    // Every input row is there byte for byte, each followed by its added cell.
    let mut at = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let row = &line[..line.len() - 2];
        let found = written[at..].windows(row.len()).position(|w| w == row).expect("the row, unchanged");
        at += found + row.len();
    }
    let (decoded, _, errors) = encoding_rs::SHIFT_JIS.decode(&written);
    assert!(!errors && decoded.contains("①㈱髙～さん"), "{decoded}");
}

#[test]
fn a_row_left_with_several_reasons_says_why_in_its_own_cell() {
    let catalogue = real_catalogue();
    let ui = |key: &str| catalogue::markup::plain(catalogue.ui(key).unwrap().tr("en"));
    // A code two reasons of one model share on different sides, with words that are not ours.
    let (model, code, _) = shared_pair(&catalogue, true);
    let input = format!("when,Authentication result\n1,Unheard-of wording ({code})\n2,Unheard-of wording (110200)\n");
    let run =
        mcauth_with(&["annotate", "--lang", "en", "--model", &model, "--columns", "id,why"], &[], input.as_bytes());
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!(rows[0][3], ui("annotate_why"));
    let why = &rows[1][3];
    // Where the code, the candidates and the hint go is the catalogue's pattern's to say.
    assert!(why.contains(&code), "{why}");
    assert!(why.contains(&ui("annotate_why_type")), "no [Type] column: {why}");
    for reason in catalogue.reasons_with_code(&model, &code) {
        let side = catalogue.side(reason.side()).unwrap().name.tr("en");
        assert!(why.contains(&catalogue::markup::plain(side)), "{side}: {why}");
    }
    // Without --model, a message two models share: the model is what is missing. The frozen
    // fixture has one (the real catalogue's wording may change).
    let fixture = common::project_root().join("xtask/tests/fixtures/catalogue.toml");
    let frozen = catalogue::load(&fixture).unwrap();
    let fixture = fixture.to_string_lossy();
    let (first, second) = frozen
        .reasons()
        .iter()
        .flat_map(|a| frozen.reasons().iter().map(move |b| (a, b)))
        .find(|(a, b)| {
            a.model() != b.model()
                && a.side() == b.side()
                && a.message.tr("en") == b.message.tr("en")
                && a.codes().eq(b.codes())
        })
        .expect("the fixture has a message two models share");
    let (shared, code) = (first.message.tr("en"), first.codes().next().unwrap().to_string());
    let side_type = frozen.side(first.side()).unwrap().history_type.as_ref().map_or("", |t| t.tr("en")).to_string();
    let input = format!("when,Type,Authentication result\n1,{side_type},\"{shared} ({code})\"\n");
    let run = mcauth_with(
        &["--catalogue", &fixture, "annotate", "--lang", "en", "--columns", "id,why"],
        &[],
        input.as_bytes(),
    );
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!(rows[1][3].lines().count(), 2, "{:?}", rows[1]);
    let fixture_ui = |key: &str| catalogue::markup::plain(frozen.ui(key).unwrap().tr("en"));
    assert!(rows[1][4].contains(&fixture_ui("annotate_why_model")), "{}", rows[1][4]);
    // One reason: nothing to explain.
    let model = first.model().to_string();
    let _ = second;
    let run = mcauth_with(
        &["--catalogue", &fixture, "annotate", "--lang", "en", "--model", &model, "--columns", "id,why"],
        &[],
        input.as_bytes(),
    );
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!(rows[1][4], "");
}

#[test]
fn a_header_only_one_model_s_console_writes_names_the_file_s_model() {
    let dir = Scratch::new("header-model");
    let fixture = std::fs::read_to_string(common::project_root().join("xtask/tests/fixtures/catalogue.toml")).unwrap();
    let declared =
        fixture.replacen("[access_history]\n", "[access_history]\nmodel_headers = { neo = [\"端末名\"] }\n", 1);
    assert_ne!(declared, fixture);
    let plain = dir.write("plain.toml", fixture.as_bytes());
    let declared = dir.write("declared.toml", declared.as_bytes());
    let catalogue = catalogue::load(std::path::Path::new(&declared)).unwrap();
    // A message both models write, with the code both have: only the file's model can tell.
    let neo = catalogue.reason("neo-viewer-password-mismatch").unwrap();
    let message = neo.message.tr("ja");
    let twins: Vec<&str> = catalogue
        .reasons()
        .iter()
        .filter(|r| r.message.tr("ja") == message && r.codes().any(|c| c == "110200"))
        .map(|r| r.id().as_str())
        .collect();
    assert!(twins.len() >= 2, "the fixture has the same reason in both models: {twins:?}");
    let history = format!("日時,ユーザ名,認証エラーの理由,端末名\n2026/11/01 09:00,taro,「{message}」(110200),PC-1\n");
    let input = dir.write("history.csv", history.as_bytes());
    let run = mcauth(&["--catalogue", &plain, "annotate", &input, "--columns", "id"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(&run.stdout());
    assert!(twins.iter().all(|id| rows[1][4].contains(id)), "without the header, both: {:?}", rows[1]);
    let run = mcauth(&["--catalogue", &declared, "annotate", &input, "--columns", "id", "--lang", "ja"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(parse(&run.stdout())[1][4], "neo-viewer-password-mismatch");
    let name = catalogue::markup::plain(catalogue.models()[0].value.name.tr("ja"));
    let inferred = common::said("model_inferred", "ja", &[("model", &name), ("code", "“端末名”"), ("line", "1")]);
    assert!(run.stderr.contains(&inferred), "{}", run.stderr);
}

#[test]
fn the_summary_is_one_json_object_with_jsonl() {
    let dir = Scratch::new("summary-json");
    let history =
        format!("{HEADER}\n1,a,ビューア,失敗,「x」(320100)\n2,b,ビューア,失敗,(999999)\n3,c,ビューア,成功,\n");
    let input = dir.write("history.csv", history.as_bytes());
    let run = mcauth(&["annotate", &input, "--format", "jsonl", "-o", dir.path("out.csv").to_str().unwrap()]);
    assert_eq!(run.status, 1, "an unknown code: {}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {}", run.stderr);
    let summary: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(summary["rows"], 3);
    assert_eq!(summary["annotated"], 1);
    assert_eq!(summary["no_code"], 1);
    assert_eq!(summary["unknown"]["999999"], 1);
    assert_eq!(summary["model"]["key"], "neo", "320100 is Neo's alone");
    assert_eq!(summary["model"]["how"], "inferred");
    assert_eq!(summary["evidence"][0]["line"], 2);
    assert_eq!(summary["header_lang"], "ja");
}

#[test]
fn annotate_and_report_exit_with_the_same_status_on_the_same_file() {
    let dir = Scratch::new("statuses");
    let catalogue = real_catalogue();
    let known = catalogue.reasons().first().unwrap();
    let code = known.codes().next().unwrap().to_string();
    let message = known.message.tr("ja").to_string();
    let unknown_code = (1..)
        .map(|n| format!("9{n:05}"))
        .find(|c| catalogue.reasons().iter().all(|r| r.codes().all(|k| k != c)))
        .unwrap();
    let files = [
        // Every row matched: 0.
        ("known.csv", format!("{HEADER}\n2026/11/01 09:00:00,taro,ビューア,失敗,「{message}」({code})\n"), 0),
        // A code the catalogue does not know: 1, and the summary names it.
        (
            "unknown.csv",
            format!(
                "{HEADER}\n2026/11/01 09:00:00,taro,ビューア,失敗,「{message}」({code})\n2026/11/01 09:01:00,jiro,ビューア,失敗,「x」({unknown_code})\n"
            ),
            1,
        ),
        // Nothing matched a reason (only successes): 1.
        ("nothing.csv", format!("{HEADER}\n2026/11/01 09:00:00,taro,ビューア,成功,\n"), 1),
        // No access history: 2.
        ("broken.csv", format!("{HEADER}\n1,\"a\"b,c,d,e\n"), 2),
    ];
    for (name, text, expected) in files {
        let path = dir.write(name, text.as_bytes());
        let annotate = mcauth(&["annotate", &path, "-o", dir.path("out.csv").to_str().unwrap()]);
        let report = mcauth(&["report", &path]);
        assert_eq!(annotate.status, expected, "annotate {name}: {}", annotate.stderr);
        assert_eq!(report.status, expected, "report {name}: {}", report.stderr);
        if expected == 1 && name == "unknown.csv" {
            assert!(annotate.stderr.contains(&unknown_code), "{}", annotate.stderr);
            assert!(
                report.stderr.contains(&unknown_code),
                "the report's summary names the unknown code: {}",
                report.stderr
            );
        }
    }
    // Both document the contract in their help.
    for command in ["annotate", "report"] {
        let help = mcauth(&[command, "--help"]).stdout();
        for status in ["0", "1", "2"] {
            assert!(
                help.contains(&format!(" {status} ")) || help.contains(&format!("{status}:")),
                "{command} --help: {help}"
            );
        }
    }
}

#[test]
fn reasons_sharing_code_model_and_side_are_told_apart_by_the_words_that_differ() {
    // The frozen fixture: two legacy reasons share 140200 and the viewer side, and their
    // messages differ by "with" and "without" the quarantine check.
    let fixture = common::project_root().join("xtask/tests/fixtures/catalogue.toml");
    let catalogue = catalogue::load(&fixture).unwrap();
    let with = "legacy-quarantine-viewer-not-allowed";
    let without = "legacy-viewer-without-quarantine-not-allowed";
    for id in [with, without] {
        assert!(catalogue.reason(id).unwrap().codes().any(|c| c == "140200"), "the fixture changed: {id}");
    }
    let fixture = fixture.to_string_lossy();
    // A console whose wording is unlike the catalogue's in every word but those.
    let input = "when,Authentication result\n\
                 1,Login refused: viewer variant with scanning (140200)\n\
                 2,Login refused: viewer variant without scanning (140200)\n\
                 3,Login refused: with or without scanning (140200)\n\
                 4,Login refused (140200)\n";
    let run = mcauth_with(
        &["--catalogue", &fixture, "annotate", "--lang", "en", "--columns", "id,why"],
        &[],
        input.as_bytes(),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = parse(std::str::from_utf8(&run.stdout).unwrap());
    assert_eq!((rows[1][2].as_str(), rows[1][3].as_str()), (with, ""), "{rows:?}");
    assert_eq!((rows[2][2].as_str(), rows[2][3].as_str()), (without, ""), "{rows:?}");
    // Fitting both, or neither: no reason is guessed, and the why says which.
    let hint = |key: &str| catalogue::markup::plain(catalogue.ui(key).unwrap().tr("en"));
    for (row, key) in [(3, "annotate_why_words"), (4, "annotate_why_message")] {
        assert!(rows[row][2].contains(with) && rows[row][2].contains(without), "row {row}: {:?}", rows[row]);
        assert!(rows[row][3].contains(&hint(key)), "row {row}: {:?}", rows[row]);
    }
}
