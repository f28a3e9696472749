//! `mcauth report`: its counts equal those computed here from the same file with the `csv`
//! crate, in every format, with and without filters.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Scratch, mcauth, real_catalogue};

/// A history of one model (Neo): every Neo reason with a code of its own, on days and users
/// that vary, plus rows without a code and with an unknown one (so every report of it exits 1,
/// its summary naming the unknown code).
fn history() -> String {
    let catalogue = real_catalogue();
    let mut text = String::from("日時,ユーザ名,種別,認証結果,認証エラーの理由\r\n");
    let model_key = catalogue::ModelKey::from("neo");
    let reasons: Vec<_> = catalogue.reasons_of(&model_key).collect();
    let users = ["taro", "jiro", "hanako", "\"sato, ichiro\""];
    for n in 0..400 {
        let reason = reasons[n % reasons.len()];
        let side = catalogue.side(reason.side()).unwrap().history_type.as_ref().map_or("", |t| t.tr("ja"));
        let code = reason.codes().next().unwrap();
        let when = format!("2026/11/{:02} {:02}:{:02}:00", n % 28 + 1, n % 24, n % 60);
        let user = users[n * 7 % users.len()];
        text.push_str(&format!("{when},{user},{side},失敗,\"「{}」({code})\"\r\n", reason.message.tr("ja")));
        if n % 50 == 0 {
            text.push_str(&format!("{when},{user},{side},成功,\r\n{when},{user},{side},失敗,「未知」(999999)\r\n"));
        }
    }
    text
}

#[derive(Debug, Default, PartialEq)]
struct Expected {
    rows: usize,
    users: BTreeSet<String>,
    first: String,
    last: String,
    days: BTreeMap<String, usize>,
}

/// Per reason id, computed here: the reason is the one whose Japanese message the cell holds.
fn expected(text: &str, keep: impl Fn(&csv::StringRecord) -> bool) -> BTreeMap<String, Expected> {
    let catalogue = real_catalogue();
    let mut out: BTreeMap<String, Expected> = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let neo = catalogue::ModelKey::from("neo");
    for record in reader.records().map(Result::unwrap).filter(|r| keep(r)) {
        let Some(reason) = catalogue.reasons_of(&neo).find(|r| record[4].contains(r.message.tr("ja"))) else {
            continue;
        };
        let when = record[0].replace('/', "-");
        let e = out.entry(reason.id().to_string()).or_default();
        e.rows += 1;
        e.users.insert(record[1].to_string());
        if e.first.is_empty() || when < e.first {
            e.first = when.clone();
        }
        if when > e.last {
            e.last = when.clone();
        }
        *e.days.entry(when[..10].to_string()).or_default() += 1;
    }
    out
}

/// Per reason id: rows, distinct users, first and last time, rows per day.
type Figures = BTreeMap<String, (usize, usize, String, String, BTreeMap<String, usize>)>;

fn reported(jsonl: &str) -> Figures {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|o| {
            let days =
                o["days"].as_object().unwrap().iter().map(|(d, n)| (d.clone(), n.as_u64().unwrap() as usize)).collect();
            let s = |k: &str| o[k].as_str().unwrap().to_string();
            (
                s("id"),
                (
                    o["rows"].as_u64().unwrap() as usize,
                    o["users"].as_u64().unwrap() as usize,
                    s("first"),
                    s("last"),
                    days,
                ),
            )
        })
        .collect()
}

fn as_reported(expected: BTreeMap<String, Expected>) -> Figures {
    expected.into_iter().map(|(id, e)| (id, (e.rows, e.users.len(), e.first, e.last, e.days))).collect()
}

#[test]
fn counts_users_times_and_days_equal_an_independent_count() {
    let text = history();
    let dir = Scratch::new("report");
    let path = dir.write("history.csv", text.as_bytes());
    let run = mcauth(&["report", &path, "--format", "jsonl", "--lang", "en"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(reported(&run.stdout()), as_reported(expected(&text, |_| true)));
    let unknown = text.matches("(999999)").count();
    let no_code = text.matches(",成功,").count();
    assert!(run.stderr.contains(&format!("{unknown} with unknown codes")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{no_code} without a code")), "{}", run.stderr);

    // Filters: a window of days, one code, one user.
    let run = mcauth(&["report", &path, "--format", "jsonl", "--since", "2026-11-05", "--until", "2026-11-09"]);
    let window =
        |r: &csv::StringRecord| ("2026/11/05".to_string()..="2026/11/09 99".to_string()).contains(&r[0].to_string());
    assert_eq!(reported(&run.stdout()), as_reported(expected(&text, window)));
    let run = mcauth(&["report", &path, "--format", "jsonl", "--user", "sato, ichiro", "--code", "110200"]);
    let only = |r: &csv::StringRecord| &r[1] == "sato, ichiro" && r[4].ends_with("(110200)");
    assert_eq!(reported(&run.stdout()), as_reported(expected(&text, only)));
}

#[test]
fn every_format_parses_and_carries_the_same_reasons() {
    let text = history();
    let dir = Scratch::new("report-formats");
    let path = dir.write("history.csv", text.as_bytes());
    let ids: BTreeSet<String> = expected(&text, |_| true).into_keys().collect();
    let run = mcauth(&["report", &path, "--format", "csv", "--lang", "en"]);
    let body = run.stdout.strip_prefix(b"\xEF\xBB\xBF").expect("a byte-order mark, for Excel");
    assert!(body.ends_with(b"\r\n"), "CRLF line ends");
    let mut reader = csv::Reader::from_reader(body);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    // Headers are the catalogue's labels in the report's language; the reason's id has its own.
    let id_label = catalogue::markup::plain(real_catalogue().ui("annotate_reason").unwrap().tr("en"));
    let id_at = header.iter().position(|h| *h == id_label).unwrap_or_else(|| panic!("{header:?}"));
    let from_csv: BTreeSet<String> = reader.records().map(|r| r.unwrap()[id_at].to_string()).collect();
    assert_eq!(from_csv, ids);
    let run = mcauth(&["report", &path, "--format", "markdown", "--lang", "en"]);
    let out = run.stdout();
    assert_eq!(out.lines().count(), ids.len() + 2, "{out}");
    assert!(out.lines().all(|l| l.starts_with('|') && l.ends_with('|')));
    let run = mcauth(&["report", &path]);
    assert_eq!(run.status, 1);
    for id in &ids {
        let reason = real_catalogue().reason(id).unwrap().clone();
        assert!(run.stdout().contains(reason.message.tr("ja")), "{id}");
    }
}

#[test]
fn the_html_report_stands_alone_with_a_bar_a_day_and_a_row_a_reason() {
    let text = history();
    let dir = Scratch::new("report-html");
    let path = dir.write("history.csv", text.as_bytes());
    let run = mcauth(&["report", &path, "--format", "html"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let html = run.stdout();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for forbidden in ["<script", "src=", "<link", "@import", "url("] {
        assert!(!html.contains(forbidden), "self-contained: {forbidden}");
    }
    let expected = expected(&text, |_| true);
    let days: BTreeSet<&String> = expected.values().flat_map(|e| e.days.keys()).collect();
    assert_eq!(html.matches("<rect ").count(), days.len(), "a bar a day");
    assert_eq!(html.matches("<tr id=\"").count(), expected.len(), "a row a reason");
    assert_eq!(html.matches("<td class=\"count\">").count(), days.len(), "the chart's numbers, a row a day");
    for tag in ["table", "tbody", "details", "svg", "main"] {
        assert_eq!(html.matches(&format!("<{tag}")).count(), html.matches(&format!("</{tag}>")).count(), "{tag}");
    }
    let catalogue = real_catalogue();
    assert!(html.contains(&format!("<title>{}</title>", catalogue.ui("report_title").unwrap().tr("ja"))));
}

/// How many `tag` elements `html` opens.
fn opened(html: &str, tag: &str) -> usize {
    html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count()
}

/// The texts of the `<td>` cells of the row with id `id`, entities decoded.
fn row_cells(dom: &str, id: &str) -> Vec<String> {
    let start = dom.find(&format!("<tr id=\"{id}\">")).unwrap_or_else(|| panic!("no row {id}"));
    let row = &dom[start..start + dom[start..].find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let inner = &cell[cell.find('>').unwrap() + 1..];
            inner.split("</td>").next().unwrap().replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        })
        .collect()
}

#[test]
fn the_html_report_is_read_by_a_browser_as_written_with_the_counts_in_its_cells() {
    let text = history();
    let dir = Scratch::new("report-browser");
    let path = dir.write("history.csv", text.as_bytes());
    let run = mcauth(&["report", &path, "--format", "html", "--lang", "en"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let html = run.stdout();
    let page = dir.write("report.html", html.as_bytes());
    let Some(chromium) = common::outside_tool(&["chromium", "chromium-browser"], "chromium") else { return };
    let profile = dir.path("profile");
    let dumped = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{page}"))
        .output()
        .unwrap();
    assert!(dumped.status.success(), "{}", String::from_utf8_lossy(&dumped.stderr));
    let dom = String::from_utf8(dumped.stdout).unwrap();
    // The browser built exactly the elements the page opens: none implied, none dropped or
    // moved out of a table, which is what malformed markup would cost.
    for tag in [
        "html",
        "head",
        "body",
        "main",
        "h1",
        "h2",
        "svg",
        "rect",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "details",
        "summary",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "code",
    ] {
        assert_eq!(opened(&dom, tag), opened(&html, tag), "<{tag}>");
    }
    // Each reason's row holds its counts as counted here from the same file.
    let expected = expected(&text, |_| true);
    assert_eq!(dom.matches("<tr id=\"").count(), expected.len(), "a row a reason");
    for (id, e) in &expected {
        let cells = row_cells(&dom, id);
        assert_eq!(cells.len(), 6, "{id}: {cells:?}");
        assert_eq!(cells[2], e.rows.to_string(), "{id}: rows");
        assert_eq!(cells[3], e.users.len().to_string(), "{id}: users");
        assert!(cells[4].starts_with(&e.first[..10]) && cells[5].starts_with(&e.last[..10]), "{id}: {cells:?}");
    }
}

#[test]
fn the_html_report_says_what_it_covers_and_links_the_faq_only_where_it_can() {
    let text = history();
    let dir = Scratch::new("report-about");
    let path = dir.write("history.csv", text.as_bytes());
    let catalogue = real_catalogue();
    let label =
        |key: &str| catalogue::markup::html_text(&catalogue::markup::plain(catalogue.ui(key).unwrap().tr("en")));
    let run = mcauth(&["report", &path, "--format", "html", "--lang", "en", "--since", "2026-11-02"]);
    let html = run.stdout();
    // The file, the period, the filters as given, and what was not counted, unknown codes named.
    for key in ["report_file", "report_period", "report_filters", "report_left_out", "report_unknown", "report_no_code"]
    {
        assert!(html.contains(&label(key)), "{key}");
    }
    assert!(html.contains(&catalogue::markup::html_text(&path)) && html.contains("--since 2026-11-02"));
    assert!(html.contains("999999 ("), "the unknown code is named");
    // Without a published address, no link that works only beside the repository: the page
    // says where the FAQ is instead.
    assert!(!html.contains("href=\"docs/"), "no relative FAQ link");
    let notice = catalogue.ui("report_faq_where").unwrap().tr("en");
    assert!(html.contains(&catalogue::markup::html_text(notice.split('{').next().unwrap())), "where the FAQ is");
    // With one, every reason links there.
    let run =
        mcauth(&["report", &path, "--format", "html", "--lang", "en", "--faq-base", "https://faq.example.org/mc"]);
    let html = run.stdout();
    let ids = expected(&text, |_| true);
    for id in ids.keys() {
        assert!(html.contains(&format!("href=\"https://faq.example.org/mc/en/faq.html#{id}\"")), "{id}");
    }
    assert!(!html.contains(notice.split('{').next().unwrap()));
    // Not an address: refused, as any other wrong flag.
    let run = mcauth(&["report", &path, "--faq-base", "javascript:alert(1)"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
}

/// The peak resident memory, in KiB, of `mcauth report --format jsonl` of `input`, and its
/// output.
#[cfg(unix)]
#[expect(clippy::zombie_processes, reason = "the child is reaped by wait4, which also gives its peak memory")]
fn report_peak(input: &str) -> (u64, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mcauth"))
        .args(["report", "--format", "jsonl", "--model", "neo", "--user-column", "user", input])
        .env("LANG", "C.UTF-8")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out).unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data, and wait4 fills it for the child just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    (usage.ru_maxrss as u64, out)
}

/// Distinct users are counted by a fixed-size digest of the name: 40 users of 2 MiB each (80
/// MiB of names) take no more memory than 40 short names, beyond the one record being read.
#[cfg(unix)]
#[test]
fn memory_does_not_grow_with_the_length_of_a_user_name() {
    let scratch = Scratch::new("long-users");
    let catalogue = real_catalogue();
    let neo = catalogue::ModelKey::from("neo");
    let reason = catalogue.reasons_of(&neo).next().unwrap();
    let code = reason.codes().next().unwrap();
    let message = reason.message.tr("ja");
    let history = |name_len: usize| {
        let mut text = String::from("日時,user,認証エラーの理由\n");
        for n in 0..40 {
            let user = format!("{n:02}{}", "u".repeat(name_len));
            text.push_str(&format!("2026/11/01 09:00:00,{user},\"「{message}」({code})\"\n"));
        }
        text
    };
    let short = scratch.write("short.csv", history(8).as_bytes());
    let long = scratch.write("long.csv", history(2 << 20).as_bytes());
    let (short_peak, short_out) = report_peak(&short);
    let (long_peak, long_out) = report_peak(&long);
    let users = |out: &str| -> Vec<u64> {
        out.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["users"].as_u64().unwrap()).collect()
    };
    assert_eq!(users(&short_out), [40], "{short_out}");
    assert_eq!(users(&long_out), [40], "{long_out}");
    // The read buffer grows to hold one record (2 MiB) and may double: well under 16 MiB more,
    // where keeping the names would take 80 MiB more.
    assert!(long_peak < short_peak + (16 << 10), "{long_peak} KiB against {short_peak} KiB");
}
