//! Workbooks: `annotate -o x.xlsx` and `report -o x.xlsx` hold the same table as the CSV they
//! stand for, as LibreOffice reads them back; the package has a frozen bold header, widths,
//! wrapped long cells, text-typed cells, numbers for counts and no formula; a failed run leaves
//! no file.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Scratch, mcauth, outside_tool, real_catalogue, said};

/// A Neo history with a column of terminal ids that look like numbers (`007…`) and a user
/// that looks like a formula.
fn history() -> String {
    let catalogue = real_catalogue();
    let mut text = String::from("日時,ユーザ名,種別,認証結果,認証エラーの理由,端末ID\r\n");
    let neo = catalogue::ModelKey::from("neo");
    for (n, reason) in catalogue.reasons_of(&neo).enumerate() {
        let side = catalogue.side(reason.side()).unwrap().history_type.as_ref().map_or("", |t| t.tr("ja"));
        let code = reason.codes().next().unwrap();
        let user = if n == 3 { "=1+1" } else { "taro" };
        text.push_str(&format!(
            "2026/11/{:02} 09:00:00,{user},{side},失敗,\"「{}」({code})\",007{n}\r\n",
            n % 28 + 1,
            reason.message.tr("ja")
        ));
    }
    text.push_str("2026/11/30 10:00:00,jiro,ビューア,成功,,0099\r\n");
    text
}

/// LibreOffice's reading of `book`, converted to UTF-8 CSV and parsed.
fn read_back(soffice: &Path, dir: &Scratch, book: &Path) -> Vec<Vec<String>> {
    let profile = format!("-env:UserInstallation=file://{}", dir.path("profile").display());
    let out = dir.path("back");
    let run = Command::new(soffice)
        .args([&profile, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir"])
        .arg(&out)
        .arg(book)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let csv = out.join(book.with_extension("csv").file_name().unwrap());
    rows(&std::fs::read(&csv).unwrap_or_else(|e| panic!("{}: {e}", csv.display())))
}

fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

/// The entry `name` of a package of stored entries, as text.
fn entry(book: &[u8], name: &str) -> String {
    // The name right after a local header (30 bytes, from `PK\x03\x04`).
    let at = (30..book.len() - name.len())
        .find(|&at| &book[at..at + name.len()] == name.as_bytes() && book[at - 30..].starts_with(b"PK\x03\x04"))
        .expect(name);
    let header = at - 30;
    let size = u32::from_le_bytes(book[header + 18..header + 22].try_into().unwrap()) as usize;
    let start = at + name.len();
    String::from_utf8(book[start..start + size].to_vec()).unwrap()
}

#[test]
fn an_annotated_workbook_is_the_annotated_csv_as_libreoffice_reads_it() {
    let dir = Scratch::new("workbook");
    let input = dir.write("history.csv", history().as_bytes());
    let book = dir.path("history.xlsx");
    let run = mcauth(&["annotate", &input, "-o", book.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let csv = mcauth(&["annotate", &input]);
    assert_eq!(csv.status, 0, "{}", csv.stderr);
    let bytes = std::fs::read(&book).unwrap();

    // The package: one sheet named after the file, a frozen header in bold, widths, wrapped
    // long cells, text as inline strings (never a formula, never a number).
    let sheet = entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#));
    assert!(sheet.contains("<cols><col min=\"1\""), "column widths");
    assert!(entry(&bytes, "xl/workbook.xml").contains(r#"<sheet name="history""#));
    let header_cells = sheet.split("<row r=\"2\"").next().unwrap().matches(r#"s="2" t="inlineStr""#).count();
    assert_eq!(header_cells, rows(&csv.stdout)[0].len(), "every header cell in bold");
    assert!(sheet.contains(r#"s="3" t="inlineStr""#), "the remedy, which runs over lines, is wrapped");
    assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "no formula");
    assert!(!sheet.contains("<v>"), "an annotated history holds text only");
    // The same rows, byte for byte, every run.
    std::fs::create_dir(dir.path("again")).unwrap();
    let again = dir.path("again/history.xlsx");
    mcauth(&["annotate", &input, "-o", again.to_str().unwrap()]);
    assert!(std::fs::read(&again).unwrap() == bytes, "deterministic");

    let Some(soffice) = outside_tool(&["soffice", "libreoffice"], "libreoffice-calc-nogui") else { return };
    let back = read_back(&soffice, &dir, &book);
    let expected = rows(&csv.stdout);
    assert_eq!(back, expected);
    // Text stayed text: the terminal ids keep their leading zeros, the formula is a name.
    assert!(back.iter().any(|r| r[5] == "0099") && back.iter().any(|r| r[1] == "=1+1"));
}

#[test]
fn a_report_workbook_has_the_reasons_and_the_rows_per_day_in_the_admin_s_language() {
    let dir = Scratch::new("report-workbook");
    let input = dir.write("history.csv", history().as_bytes());
    let book = dir.path("report.xlsx");
    let run = mcauth(&["report", &input, "-o", book.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // The history's header is Japanese, so the report is: headers are the catalogue's labels.
    let catalogue = real_catalogue();
    let label = |key: &str| catalogue::markup::plain(catalogue.ui(key).unwrap().tr("ja"));
    let reasons = rows(&mcauth(&["report", &input, "--format", "csv"]).stdout);
    let per_day = rows(&mcauth(&["report", &input, "--format", "csv", "--per-day"]).stdout);
    for key in ["model", "codes", "message", "side", "report_rows", "annotate_reason", "report_model_id"] {
        assert!(reasons[0].contains(&label(key)), "{key}: {:?}", reasons[0]);
    }
    for key in ["report_day", "report_rows", "annotate_reason"] {
        assert!(per_day[0].contains(&label(key)), "{key}: {:?}", per_day[0]);
    }
    // Display values in the language, machine ids in their own columns.
    let model_at = reasons[0].iter().position(|h| *h == label("model")).unwrap();
    let model_id_at = reasons[0].iter().position(|h| *h == label("report_model_id")).unwrap();
    let neo = catalogue.models().iter().find(|m| m.key() == "neo").unwrap();
    assert!(
        reasons[1..]
            .iter()
            .all(|r| r[model_at] == catalogue::markup::plain(neo.value.name.tr("ja")) && r[model_id_at] == "neo")
    );
    // The rows per day add up to the rows per reason.
    let rows_at = |table: &[Vec<String>]| table[0].iter().position(|h| *h == label("report_rows")).unwrap();
    let total =
        |table: &[Vec<String>]| -> u64 { table[1..].iter().map(|r| r[rows_at(table)].parse::<u64>().unwrap()).sum() };
    assert_eq!(total(&reasons), total(&per_day));

    let bytes = std::fs::read(&book).unwrap();
    let workbook = entry(&bytes, "xl/workbook.xml");
    assert!(workbook.contains(&format!(r#"<sheet name="{}" sheetId="2""#, label("report_per_day"))), "{workbook}");
    for (sheet, table) in [("xl/worksheets/sheet1.xml", &reasons), ("xl/worksheets/sheet2.xml", &per_day)] {
        let xml = entry(&bytes, sheet);
        let column = (b'A' + rows_at(table) as u8) as char;
        assert!(xml.contains(&format!(r#"<c r="{column}2"><v>"#)), "counts are numbers: {xml}");
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "no formula");
    }
    let Some(soffice) = outside_tool(&["soffice", "libreoffice"], "libreoffice-calc-nogui") else { return };
    let back = read_back_sheets(&soffice, &dir, &book);
    assert_eq!(back.len(), 2, "two sheets");
    assert_eq!(back[0], reasons);
    assert_eq!(back[1], per_day);
}

/// Every sheet of `book` as LibreOffice reads it, in the workbook's order.
fn read_back_sheets(soffice: &Path, dir: &Scratch, book: &Path) -> Vec<Vec<Vec<String>>> {
    let profile = format!("-env:UserInstallation=file://{}", dir.path("profile").display());
    let out = dir.path("sheets");
    // The twelfth field, -1: every sheet to a file of its own, `<name>-<sheet>.csv`.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    let run = Command::new(soffice)
        .args([&profile, "--headless", "--convert-to", filter, "--outdir"])
        .arg(&out)
        .arg(book)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let workbook = entry(&std::fs::read(book).unwrap(), "xl/workbook.xml");
    let stem = book.file_stem().unwrap().to_string_lossy().into_owned();
    workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|rest| {
            let name = rest.split('"').next().unwrap();
            let csv = out.join(format!("{stem}-{name}.csv"));
            rows(&std::fs::read(&csv).unwrap_or_else(|e| panic!("{}: {e}", csv.display())))
        })
        .collect()
}

#[test]
fn a_failed_run_leaves_no_workbook_and_a_csv_encoding_is_refused() {
    let dir = Scratch::new("workbook-fails");
    let input = dir.write("bad.csv", "日時,ユーザ名,認証エラーの理由\n1,a,b,c\n".as_bytes());
    let book = dir.path("bad.xlsx");
    let run = mcauth(&["annotate", &input, "-o", book.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(dir.files(), ["bad.csv"], "no workbook, no temporary file");
    let good = dir.write("good.csv", history().as_bytes());
    let run = mcauth(&["annotate", &good, "-o", book.to_str().unwrap(), "--output-encoding", "shift_jis"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains(&said("workbook_encoding", "en", &[])), "{}", run.stderr);
    assert_eq!(dir.files(), ["bad.csv", "good.csv"]);
}

/// `-o` and `--in-place` write a regular file in full or not at all: a FIFO, a device,
/// `/dev/stdin` or `-` is refused at once with one line (a FIFO would hang the run, a pipe
/// would take the report back where it was read), and is left as it was.
#[cfg(unix)]
#[test]
fn an_output_that_is_no_regular_file_is_refused_at_once() {
    use std::os::unix::fs::FileTypeExt;
    let dir = Scratch::new("fifo");
    let input = dir.write("history.csv", history().as_bytes());
    let fifo = dir.path("out.fifo");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let fifo = fifo.to_str().unwrap();
    let book = fifo.replace(".fifo", ".xlsx");
    let refused: [&[&str]; 9] = [
        &["report", "--format", "csv", &input, "-o", fifo],
        &["annotate", &input, "-o", fifo],
        &["annotate", "--in-place", fifo],
        &["annotate", &input, "-o", "/dev/null"],
        &["annotate", &input, "-o", "-"],
        &["annotate", "-", "-o", "/dev/stdin"],
        &["report", "/dev/stdin", "-o", "/dev/stdin"],
        &["annotate", "--in-place", "/dev/stdin"],
        &["report", &input, "-o", &input],
    ];
    for args in refused {
        // Fed by a pipe, as a shell would: nothing may wait on it.
        let run = common::mcauth_with(args, &[], history().as_bytes());
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 2, "{args:?}: the problem and what to do: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
    }
    assert!(std::fs::metadata(fifo).unwrap().file_type().is_fifo(), "still a FIFO");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), history(), "the history as it was");
    std::fs::rename(fifo, &book).unwrap();
    let run = mcauth(&["report", &input, "-o", &book]);
    assert_eq!(run.status, 2, "a workbook is written to a file only");
    assert!(std::fs::metadata(&book).unwrap().file_type().is_fifo());
}

/// Cells the workbook's grammar could misread are written so that a reader gets exactly the
/// file's text: text shaped like the format's own escape (`_x0041_`), control characters, a CR
/// inside a cell, a C1 control. LibreOffice reads every one back as the CSV has it.
#[test]
fn cells_shaped_like_escapes_or_holding_controls_read_back_as_the_file_wrote_them() {
    let dir = Scratch::new("workbook-exact");
    let memos =
        ["_x0041_", "_x001B_ and _X005f_", "a\rb", "esc \u{1b}[2J", "c1 \u{85} next", "del \u{7f}", "tab\there"];
    let mut text = String::from("日時,ユーザ名,認証エラーの理由,memo\r\n");
    for memo in memos {
        text.push_str(&format!("2026/11/01 09:00:00,taro,,\"{memo}\"\r\n"));
    }
    let input = dir.write("exact.csv", text.as_bytes());
    let book = dir.path("exact.xlsx");
    let run = mcauth(&["annotate", &input, "-o", book.to_str().unwrap(), "--columns", "id"]);
    assert_eq!(run.status, 1, "no row has a reason: {}", run.stderr);
    assert!(book.exists(), "{}", run.stderr);
    let sheet = entry(&std::fs::read(&book).unwrap(), "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("_x005F_x0041_"), "escape-shaped text is escaped: {sheet}");
    assert!(sheet.contains("a_x000D_b"), "a CR is kept, as the format writes one");
    assert!(!sheet.contains('\u{1b}'), "no C0 control raw: XML cannot hold one");
    assert!(sheet.contains("c1 \u{85} next"), "a C1 control is XML's own character, written as it is");
    let csv = mcauth(&["annotate", &input, "--columns", "id"]);
    let expected = rows(&csv.stdout);
    assert_eq!(expected.iter().skip(1).map(|r| r[3].as_str()).collect::<Vec<_>>(), memos, "the CSV is the file's");

    let Some(soffice) = outside_tool(&["soffice", "libreoffice"], "libreoffice-calc-nogui") else { return };
    let back = read_back(&soffice, &dir, &book);
    assert_eq!(back, expected);
}

/// A history wider than a sheet can hold is an error that names the limit, and leaves no file.
#[test]
fn a_history_wider_than_a_sheet_is_refused_naming_the_limit() {
    let dir = Scratch::new("workbook-wide");
    let width = xlsx::MAX_COLUMNS + 1;
    let header: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
    let text = format!("日時,認証エラーの理由,{}\n2026/11/01,x,{}\n", header.join(","), vec!["1"; width].join(","));
    let input = dir.write("wide.csv", text.as_bytes());
    let book = dir.path("wide.xlsx");
    let run = mcauth(&["annotate", &input, "-o", book.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains(&xlsx::MAX_COLUMNS.to_string()), "{}", run.stderr);
    assert_eq!(dir.files(), ["wide.csv"]);
}
