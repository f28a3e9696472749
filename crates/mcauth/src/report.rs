//! `mcauth report`: what went wrong in an access history, for whom and when, per model and
//! reason, with what to do; in one streaming pass whose memory grows with the distinct
//! (reason, user, day) triples, never with the file.

use std::collections::BTreeMap;

use catalogue::Catalogue;
use catalogue::markup::{html_attribute, html_text, md_text, plain, table_cell};
use catalogue::present::{Labels, ReasonView};
use serde_json::json;

use crate::annotate::{self, Outcome, Row};
use crate::error::Error;

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    Text,
    Markdown,
    Csv,
    /// One JSON object a reason a line.
    Jsonl,
    /// A page that stands alone, in the FAQ's style, with a chart of the errors per day.
    Html,
}

/// Which rows count.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Rows on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Rows on or before this day.
    pub until: Option<String>,
    /// Rows whose result names one of these codes.
    pub codes: Vec<String>,
    /// Rows of this user.
    pub user: Option<String>,
    /// The date-and-time column's header, if not one the catalogue lists.
    pub time_column: Option<String>,
    /// The username column's header, if not one the catalogue lists.
    pub user_column: Option<String>,
}

/// One reason's rows.
#[derive(Debug, Default)]
struct Stats {
    rows: usize,
    /// The users, each by a fixed-size digest of its cell as the file writes it: counted, never
    /// shown, and a long name costs no more memory than a short one.
    users: std::collections::HashSet<u128, crate::fasthash::Keyed>,
    first: Option<Stamp>,
    last: Option<Stamp>,
    days: BTreeMap<[u8; 10], usize>,
}

/// A time as `YYYY-MM-DD HH:MM:SS`, in place: no allocation a row.
type Stamp = [u8; 19];

fn stamp_text(stamp: &Stamp) -> String {
    String::from_utf8_lossy(stamp).into_owned()
}

fn day_text(day: &[u8; 10]) -> String {
    String::from_utf8_lossy(day).into_owned()
}

/// A cell's time, from its bytes where they are ASCII (the date forms are), else decoded.
fn stamp_of(row: &Row<'_>, column: usize) -> Option<Stamp> {
    let raw = row.raw(column);
    let text = match std::str::from_utf8(raw) {
        Ok(text) => std::borrow::Cow::Borrowed(text.trim().trim_matches('"')),
        Err(_) => std::borrow::Cow::Owned(row.text(column)),
    };
    stamp(&text)
}

/// Everything counted.
#[derive(Debug, Default)]
pub struct Counts {
    by_reason: BTreeMap<u32, Stats>,
    /// How a user's cell is digested, for every reason alike.
    digests: crate::fasthash::Digests,
    /// Rows left with several candidate reasons.
    pub several: usize,
    pub no_code: usize,
    pub unknown: BTreeMap<String, usize>,
    /// Counted rows whose time could not be read.
    pub undated: usize,
    /// Rows the filter left out.
    pub filtered_out: usize,
}

impl Counts {
    /// Rows that matched a reason, one or several.
    pub fn matched(&self) -> usize {
        self.by_reason.values().map(|s| s.rows).sum::<usize>() + self.several
    }
}

/// The date and time of a cell as `YYYY-MM-DD HH:MM:SS`, from the forms consoles write:
/// `2026/11/01 09:00:00`, `2026-11-01 09:00`, `2026-11-01T09:00:00`, `2026/1/5 9:03`, or a date alone.
pub fn timestamp(text: &str) -> Option<String> {
    stamp(text).map(|s| stamp_text(&s))
}

/// [`timestamp`], written in place.
fn stamp(text: &str) -> Option<Stamp> {
    let text = text.trim();
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, t.trim()),
        None => (text, ""),
    };
    let mut parts = date.split(['/', '-']);
    let year: u32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some()
        || !(1000..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let mut clock = [0u32; 3];
    if !time.is_empty() {
        let time = time.split(['.', '+', 'Z']).next().unwrap_or(time);
        for (i, part) in time.split(':').enumerate() {
            *clock.get_mut(i)? = part.parse().ok()?;
        }
        if clock[0] > 23 || clock[1] > 59 || clock[2] > 60 {
            return None;
        }
    }
    let mut out = *b"0000-00-00 00:00:00";
    let mut put = |at: usize, value: u32, width: usize| {
        for i in 0..width {
            out[at + width - 1 - i] = b'0' + (value / 10u32.pow(i as u32) % 10) as u8;
        }
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, clock[0], 2);
    put(14, clock[1], 2);
    put(17, clock[2], 2);
    Some(out)
}

/// The first header of `names` (ignoring case and spaces) the file has.
fn column(headers: &[String], asked: Option<&str>, names: &[catalogue::Spanned<String>]) -> Option<usize> {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    match asked {
        Some(asked) => headers.iter().position(|h| same(h, asked)),
        None => names.iter().find_map(|n| headers.iter().position(|h| same(h, n.get_ref()))),
    }
}

/// Reads the history and counts its rows.
pub fn count(
    catalogue: &Catalogue,
    options: &annotate::Options,
    filter: &Filter,
) -> Result<(Counts, annotate::Report), Error> {
    let mut counts = Counts::default();
    let mut columns: Option<(Option<usize>, Option<usize>, usize)> = None;
    let empty = Vec::new();
    let access = catalogue.access_history();
    let listed = |f: fn(&catalogue::AccessHistory) -> &Vec<catalogue::Spanned<String>>| access.map_or(&empty, f);
    let report = annotate::read_rows(catalogue, options, &mut |row: &Row<'_>| {
        let (time, user, result) = *columns.get_or_insert_with(|| {
            (
                column(row.headers, filter.time_column.as_deref(), listed(|a| &a.time_columns)),
                column(row.headers, filter.user_column.as_deref(), listed(|a| &a.user_columns)),
                row.result,
            )
        });
        // Cells are decoded only where something needs them: most rows of a history are
        // successes without a code, and with no filter those are only counted.
        let filtering =
            filter.since.is_some() || filter.until.is_some() || filter.user.is_some() || !filter.codes.is_empty();
        let counted = matches!(row.outcome, Outcome::Annotated);
        let when = if counted || filter.since.is_some() || filter.until.is_some() {
            time.and_then(|c| stamp_of(row, c))
        } else {
            None
        };
        if filtering {
            let day = when.as_ref().map(|w| std::str::from_utf8(&w[..10]).unwrap_or_default());
            let who = match (&filter.user, user) {
                (Some(_), Some(c)) => row.text(c),
                _ => String::new(),
            };
            let out_of_range = |bound: &Option<String>, before: bool| {
                bound.as_deref().is_some_and(|b| day.is_none_or(|d| if before { d < b } else { d > b }))
            };
            let codes =
                if filter.codes.is_empty() { Vec::new() } else { catalogue::codes::code_suffix(&row.text(result)) };
            if out_of_range(&filter.since, true)
                || out_of_range(&filter.until, false)
                || filter.user.as_deref().is_some_and(|u| u != who)
                || (!filter.codes.is_empty() && !codes.iter().any(|c| filter.codes.contains(c)))
            {
                counts.filtered_out += 1;
                return;
            }
        }
        match row.outcome {
            Outcome::NoCode | Outcome::TooLong => counts.no_code += 1,
            Outcome::Unknown(codes) => *counts.unknown.entry(codes.clone()).or_default() += 1,
            Outcome::Candidates { .. } => counts.several += 1,
            Outcome::Annotated => {
                let stats = counts.by_reason.entry(row.reasons[0]).or_default();
                stats.rows += 1;
                if let Some(c) = user {
                    let who = row.raw(c);
                    if !who.is_empty() {
                        stats.users.insert(counts.digests.of(who));
                    }
                }
                match &when {
                    Some(when) => {
                        let day: [u8; 10] = when[..10].try_into().unwrap_or_default();
                        *stats.days.entry(day).or_default() += 1;
                        if stats.first.as_ref().is_none_or(|f| when < f) {
                            stats.first = Some(*when);
                        }
                        if stats.last.as_ref().is_none_or(|l| when > l) {
                            stats.last = Some(*when);
                        }
                    }
                    None => counts.undated += 1,
                }
            }
        }
    })?;
    Ok((counts, report))
}

/// What the report says of its run besides the counts.
#[derive(Debug, Clone, Default)]
pub struct About {
    /// The input as the user named it (`history.csv`, `standard input`).
    pub input: String,
    /// The filters as the command line gave them (`--since 2026-11-01`), in order.
    pub filters: Vec<String>,
    /// The published FAQ's address (`--faq-base`), which links to reasons are made under.
    pub faq_base: Option<String>,
    /// A CSV of the rows per day and reason instead of the table of reasons (`--per-day`).
    pub per_day: bool,
}

/// One reason's rows, with how the report shows the reason.
struct Entry<'a> {
    stats: &'a Stats,
    view: ReasonView,
}

/// The reasons counted, per model in the catalogue's order, then by rows, most first.
fn entries<'a>(catalogue: &Catalogue, counts: &'a Counts, lang: &str) -> Vec<Entry<'a>> {
    let labels = Labels::new(catalogue, lang);
    let reasons = catalogue.reasons();
    let mut entries: Vec<(u32, Entry)> = counts
        .by_reason
        .iter()
        .map(|(&i, stats)| (i, Entry { stats, view: ReasonView::new(catalogue, &reasons[i as usize], &labels) }))
        .collect();
    let model_order = |key: &str| catalogue.models().iter().position(|m| m.key() == key).unwrap_or(usize::MAX);
    entries.sort_by_key(|(i, e)| (model_order(e.view.model_key.as_str()), std::cmp::Reverse(e.stats.rows), *i));
    entries.into_iter().map(|(_, e)| e).collect()
}

/// Where a reason is in the FAQ: under `--faq-base` when given, else as the catalogue says
/// (under its `[site] base_url`, or a path in the catalogue's project).
fn faq_of(about: &About, lang: &str, view: &ReasonView) -> Option<String> {
    match &about.faq_base {
        Some(base) => Some(catalogue::present::faq_link_at(base, lang, view.id.as_ref())),
        None => view.faq.clone(),
    }
}

/// Is this an address a browser opens from anywhere?
fn is_absolute(link: &str) -> bool {
    link.starts_with("https://") || link.starts_with("http://")
}

/// A `[ui]` label in plain text.
fn label_in(catalogue: &Catalogue, lang: &str, key: &str) -> String {
    plain(&catalogue::present::label(catalogue, key, lang))
}

/// The table of reasons, as the CSV and the workbook have it: a header of the catalogue's labels
/// in the report's language, display values in it too, and the machine ids in their own columns
/// at the end. The second value is the columns of counts.
fn reasons_table(
    catalogue: &Catalogue,
    entries: &[Entry],
    lang: &str,
    about: &About,
) -> (Vec<Vec<String>>, Vec<usize>) {
    let label = |key: &str| label_in(catalogue, lang, key);
    let header: Vec<String> = [
        "model",
        "codes",
        "message",
        "side",
        "report_rows",
        "report_users",
        "report_first",
        "report_last",
        "remedy",
        "annotate_faq",
        "annotate_reason",
        "report_model_id",
        "report_side_id",
    ]
    .iter()
    .map(|k| label(k))
    .collect();
    let mut table = vec![header];
    for e in entries {
        let (v, s) = (&e.view, e.stats);
        table.push(vec![
            plain(&v.model_name),
            v.codes_text.clone(),
            plain(&v.message),
            plain(&v.side_name),
            s.rows.to_string(),
            s.users.len().to_string(),
            s.first.as_ref().map(stamp_text).unwrap_or_default(),
            s.last.as_ref().map(stamp_text).unwrap_or_default(),
            v.remedy_plain(),
            faq_of(about, lang, v).unwrap_or_default(),
            v.id.to_string(),
            v.model_key.to_string(),
            v.side_key.to_string(),
        ]);
    }
    (table, vec![4, 5])
}

/// The rows per day and reason, a row each, for a pivot table or a chart: day, model, codes,
/// message, rows, and the ids. The second value is the columns of counts.
fn per_day_table(catalogue: &Catalogue, entries: &[Entry], lang: &str) -> (Vec<Vec<String>>, Vec<usize>) {
    let label = |key: &str| label_in(catalogue, lang, key);
    let header: Vec<String> =
        ["report_day", "model", "codes", "message", "report_rows", "annotate_reason", "report_model_id"]
            .iter()
            .map(|k| label(k))
            .collect();
    let mut rows: Vec<(&[u8; 10], usize, Vec<String>)> = Vec::new();
    for (order, e) in entries.iter().enumerate() {
        let v = &e.view;
        for (day, n) in &e.stats.days {
            let row = vec![
                day_text(day),
                plain(&v.model_name),
                v.codes_text.clone(),
                plain(&v.message),
                n.to_string(),
                v.id.to_string(),
                v.model_key.to_string(),
            ];
            rows.push((day, order, row));
        }
    }
    rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut table = vec![header];
    table.extend(rows.into_iter().map(|(_, _, row)| row));
    (table, vec![4])
}

/// A table as CSV: the quoting of annotate's cells, CRLF line ends and a byte-order mark, which
/// Excel needs to read UTF-8 (as the reference sheet has); no cell a spreadsheet could run.
fn csv(table: &[Vec<String>]) -> String {
    let mut bytes = Vec::from(*b"\xEF\xBB\xBF");
    for record in table {
        for (n, cell) in record.iter().enumerate() {
            if n > 0 {
                bytes.push(b',');
            }
            annotate::quote(catalogue::markup::neutralise_formula(cell).as_bytes(), &mut bytes);
        }
        bytes.extend_from_slice(b"\r\n");
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// The report as the sheets of a workbook: (sheet name, CSV, columns of counts). The first is
/// named by the caller (after its file).
pub fn sheets(catalogue: &Catalogue, counts: &Counts, lang: &str, about: &About) -> Vec<(String, String, Vec<usize>)> {
    let entries = entries(catalogue, counts, lang);
    let (reasons, reason_counts) = reasons_table(catalogue, &entries, lang, about);
    let (days, day_counts) = per_day_table(catalogue, &entries, lang);
    vec![
        (label_in(catalogue, lang, "report_reasons"), csv(&reasons), reason_counts),
        (label_in(catalogue, lang, "report_per_day"), csv(&days), day_counts),
    ]
}

/// The report in a format.
pub fn render(catalogue: &Catalogue, counts: &Counts, lang: &str, format: Format, about: &About) -> String {
    let label = |key: &str| label_in(catalogue, lang, key);
    let entries = entries(catalogue, counts, lang);
    let days = |s: &Stats| s.days.iter().map(|(d, n)| format!("{}:{n}", day_text(d))).collect::<Vec<_>>().join(" ");
    let first = |s: &Stats| s.first.as_ref().map(stamp_text);
    let last = |s: &Stats| s.last.as_ref().map(stamp_text);
    let mut out = String::new();
    match format {
        Format::Text => {
            for Entry { stats: s, view: v } in &entries {
                out.push_str(&format!(
                    "{}  {}: {}, {}: {}, {} – {}  [{}] {}\n    {}\n    {}\n",
                    v.codes_text,
                    label("report_rows"),
                    s.rows,
                    label("report_users"),
                    s.users.len(),
                    first(s).unwrap_or_else(|| "?".into()),
                    last(s).unwrap_or_else(|| "?".into()),
                    plain(&v.model_name),
                    plain(&v.message),
                    days(s),
                    faq_of(about, lang, v).unwrap_or_default(),
                ));
            }
        }
        Format::Markdown => {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---|---|---|\n",
                label("model"),
                label("codes"),
                label("message"),
                label("report_rows"),
                label("report_users"),
                label("report_first"),
                label("report_last"),
                label("remedy")
            ));
            for Entry { stats: s, view: v } in &entries {
                let cell = |t: &str| table_cell(&md_text(t));
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    cell(&plain(&v.model_name)),
                    cell(&v.codes_text),
                    cell(&plain(&v.message)),
                    s.rows,
                    s.users.len(),
                    first(s).unwrap_or_default(),
                    last(s).unwrap_or_default(),
                    cell(&v.remedy_plain()),
                ));
            }
        }
        Format::Csv if about.per_day => out = csv(&per_day_table(catalogue, &entries, lang).0),
        Format::Csv => out = csv(&reasons_table(catalogue, &entries, lang, about).0),
        Format::Html => out = html(catalogue, counts, &entries, lang, about),
        Format::Jsonl => {
            for Entry { stats: s, view: v } in &entries {
                let object = json!({
                    "model": v.model_key, "id": v.id, "codes": v.codes, "side": v.side_key,
                    "message": plain(&v.message), "rows": s.rows, "users": s.users.len(),
                    "first": first(s), "last": last(s),
                    "days": s.days.iter().map(|(d, n)| (day_text(d), *n)).collect::<BTreeMap<_, _>>(),
                    "remedy": v.remedy_plain(), "faq": faq_of(about, lang, v),
                });
                out.push_str(&format!("{object}\n"));
            }
        }
    }
    out
}

/// The stylesheet of the published pages, so that the report looks like the FAQ; its rules for
/// the report (`.report`) make the table stack on a phone and fit A4 in print.
const STYLE: &str = include_str!("../../../docs/style.css");

/// The report as a page that stands alone: no script, no request. It names the file, the
/// period, the filters and the rows left out; the chart is inline SVG with its numbers in a
/// table under it, which is also what prints.
fn html(catalogue: &Catalogue, counts: &Counts, entries: &[Entry], lang: &str, about: &About) -> String {
    let label = |key: &str| html_text(&label_in(catalogue, lang, key));
    let mut per_day: BTreeMap<String, usize> = BTreeMap::new();
    for e in entries {
        for (day, n) in &e.stats.days {
            *per_day.entry(day_text(day)).or_default() += n;
        }
    }
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main class=\"report\">\n<h1>{}</h1>\n",
        html_attribute(lang),
        label("report_title"),
        label("report_title")
    );
    // What the report covers and what it left out.
    let count = |n: usize| n.to_string();
    let period = match (per_day.keys().next(), per_day.keys().last()) {
        (Some(first), Some(last)) => format!("{} – {}", html_text(first), html_text(last)),
        _ => "–".to_string(),
    };
    let filters = if about.filters.is_empty() {
        label("report_no_filter")
    } else {
        about.filters.iter().map(|f| format!("<code>{}</code>", html_text(f))).collect::<Vec<_>>().join(" ")
    };
    out.push_str(&format!(
        "<dl class=\"facts\">\n<dt>{}</dt><dd><code>{}</code></dd>\n<dt>{}</dt><dd>{period}</dd>\n<dt>{}</dt><dd>{filters}</dd>\n</dl>\n",
        label("report_file"),
        html_text(&about.input),
        label("report_period"),
        label("report_filters"),
    ));
    let unknown: usize = counts.unknown.values().sum();
    let unknown_codes =
        counts.unknown.iter().map(|(c, n)| format!("{} ({n})", html_text(c))).collect::<Vec<_>>().join(", ");
    out.push_str(&format!("<h2>{}</h2>\n<dl class=\"facts\">\n", label("report_left_out")));
    for (key, n, more) in [
        ("report_no_code", counts.no_code, String::new()),
        ("report_several", counts.several, String::new()),
        ("report_unknown", unknown, unknown_codes),
        ("report_filtered", counts.filtered_out, String::new()),
        ("report_undated", counts.undated, String::new()),
    ] {
        let more = if more.is_empty() { String::new() } else { format!(": {more}") };
        out.push_str(&format!("<dt>{}</dt><dd>{}{more}</dd>\n", label(key), count(n)));
    }
    out.push_str("</dl>\n");
    // The reasons: a row each, its remedy a list to open; on a phone the rows stack.
    let faq_relative = entries.iter().filter_map(|e| faq_of(about, lang, &e.view)).find(|l| !is_absolute(l));
    out.push_str(&format!("<h2 id=\"reasons\">{}</h2>\n", label("report_reasons")));
    if let Some(example) = &faq_relative {
        let notice = catalogue::present::fill(
            &label_in(catalogue, lang, "report_faq_where"),
            &[("path", example.split('#').next().unwrap_or_default())],
        );
        out.push_str(&format!("<p class=\"note\">{}</p>\n", html_text(&notice)));
    }
    let columns = ["codes", "model", "message", "report_rows", "report_users", "report_first", "report_last"];
    out.push_str("<table class=\"reasons\">\n<thead><tr>");
    for key in columns {
        out.push_str(&format!("<th scope=\"col\">{}</th>", label(key)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for Entry { stats: s, view: v } in entries {
        let message = html_text(&plain(&v.message));
        let message = match faq_of(about, lang, v).filter(|l| is_absolute(l)) {
            Some(faq) => format!("<a href=\"{}\">{message}</a>", html_attribute(&faq)),
            None => message,
        };
        let mut remedy = String::new();
        if let Some(preface) = v.remedy_preface() {
            remedy.push_str(&format!("<p>{}</p>", html_text(&plain(&preface))));
        }
        remedy.push_str("<ol>");
        for step in &v.remedy {
            let lead =
                step.lead.as_ref().map(|l| format!("<strong>{}</strong> ", html_text(&plain(l)))).unwrap_or_default();
            let mark = step
                .mark
                .as_ref()
                .map(|m| format!(" <span class=\"origin\">{}</span>", html_text(&plain(m))))
                .unwrap_or_default();
            remedy.push_str(&format!("<li>{lead}{}{mark}</li>", html_text(&plain(&step.text))));
        }
        remedy.push_str("</ol>");
        let cell = |key: &str| format!(" data-label=\"{}\"", label(key));
        out.push_str(&format!(
            "<tr id=\"{}\"><th scope=\"row\"{}>{}</th><td{}>{}</td><td{}>{message}<details class=\"remedy\"><summary>{}</summary>{remedy}</details></td><td class=\"count\"{}>{}</td><td class=\"count\"{}>{}</td><td{}>{}</td><td{}>{}</td></tr>\n",
            html_attribute(v.id.as_ref()),
            cell("codes"),
            html_text(&v.codes_text),
            cell("model"),
            html_text(&plain(&v.model_name)),
            cell("message"),
            label("remedy"),
            cell("report_rows"),
            s.rows,
            cell("report_users"),
            s.users.len(),
            cell("report_first"),
            html_text(&s.first.as_ref().map(stamp_text).unwrap_or_default()),
            cell("report_last"),
            html_text(&s.last.as_ref().map(stamp_text).unwrap_or_default()),
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    if !per_day.is_empty() {
        out.push_str(&format!(
            "<h2 id=\"per-day\">{}</h2>\n{}",
            label("report_per_day"),
            chart(catalogue, lang, &per_day)
        ));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// How many bars a chart draws at most: a bar of a day up to this many days, else a bar of a
/// week, else of a month, so that no bar is thinner than a few pixels.
const MOST_BARS: usize = 62;

/// The rows per day, per week or per month: whichever keeps the bars to [`MOST_BARS`]. The
/// label key of the period, and each period's first day with its rows.
fn periods(per_day: &BTreeMap<String, usize>) -> (&'static str, BTreeMap<String, usize>) {
    let span =
        match (per_day.keys().next().and_then(|d| day_number(d)), per_day.keys().last().and_then(|d| day_number(d))) {
            (Some(first), Some(last)) => last - first + 1,
            _ => 0,
        };
    if span <= MOST_BARS as i64 {
        return ("report_day", per_day.clone());
    }
    let by = |key: fn(&str) -> String| {
        let mut out: BTreeMap<String, usize> = BTreeMap::new();
        for (day, n) in per_day {
            *out.entry(key(day)).or_default() += n;
        }
        out
    };
    if span <= (MOST_BARS * 7) as i64 {
        (
            "report_week",
            by(|day| day_number(day).map_or_else(|| day.to_string(), |n| day_text_of(n - (n + 3).rem_euclid(7)))),
        )
    } else {
        ("report_month", by(|day| day[..7.min(day.len())].to_string()))
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` day (the civil-from-days algorithm, inverted).
fn day_number(day: &str) -> Option<i64> {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` of a day number.
fn day_text_of(n: i64) -> String {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The rows per period as bars, with an axis and its scale in the page's text (which does not
/// shrink with the chart on a phone), named for screen readers, and the same numbers in a table
/// under it.
fn chart(catalogue: &Catalogue, lang: &str, per_day: &BTreeMap<String, usize>) -> String {
    let label = |key: &str| label_in(catalogue, lang, key);
    let (unit, bars) = periods(per_day);
    let (width, height) = (640usize, 160usize);
    let bar = width / bars.len().max(1);
    let most = bars.values().copied().max().unwrap_or(1).max(1);
    let (first, last) =
        (bars.keys().next().cloned().unwrap_or_default(), bars.keys().last().cloned().unwrap_or_default());
    let name = catalogue::present::fill(
        &label("report_chart"),
        &[("first", &first), ("last", &last), ("most", &most.to_string())],
    );
    let mut out = format!(
        "<figure class=\"chart\">\n<div class=\"chart-scale\" aria-hidden=\"true\"><span>{most}</span><span>0</span></div>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-name\" preserveAspectRatio=\"none\"><title id=\"chart-name\">{}</title>",
        html_text(&name)
    );
    out.push_str(&format!(
        "<line x1=\"0\" y1=\"{height}\" x2=\"{width}\" y2=\"{height}\" stroke=\"currentColor\" stroke-width=\"2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"{height}\" stroke=\"currentColor\" stroke-width=\"2\"/>"
    ));
    for (i, (period, n)) in bars.iter().enumerate() {
        let h = n * (height - 4) / most;
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\" fill=\"currentColor\" opacity=\"0.7\"><title>{}: {n}</title></rect>",
            i * bar + 2,
            height - h,
            bar.saturating_sub(2).max(1),
            html_text(period)
        ));
    }
    out.push_str(&format!(
        "</svg>\n<div class=\"chart-axis\" aria-hidden=\"true\"><span>{}</span><span>{}</span></div>\n<figcaption>{}</figcaption>\n</figure>\n",
        html_text(&first),
        html_text(&last),
        html_text(&name)
    ));
    out.push_str(&format!(
        "<table class=\"per-day\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        html_text(&label(unit)),
        html_text(&label("report_rows"))
    ));
    for (period, n) in &bars {
        out.push_str(&format!("<tr><th scope=\"row\">{}</th><td class=\"count\">{n}</td></tr>\n", html_text(period)));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The line on stderr: what was counted and what was not.
pub fn summary(counts: &Counts, report: &annotate::Report) -> String {
    use crate::messages::say;
    let lang = report.lang.as_str();
    let counted: usize = counts.by_reason.values().map(|s| s.rows).sum();
    let unknown: usize = counts.unknown.values().sum();
    let mut out = say(
        "report_rows",
        lang,
        &[
            ("counted", &counted),
            ("several", &counts.several),
            ("no_code", &counts.no_code),
            ("unknown", &unknown),
            ("filtered", &counts.filtered_out),
            ("encoding", &report.encoding.name()),
            ("column", &report.column),
        ],
    );
    if !counts.unknown.is_empty() {
        let codes: Vec<String> = counts.unknown.iter().map(|(code, n)| format!("{code} ({n})")).collect();
        out.push('\n');
        out.push_str(&say("report_unknown_codes", lang, &[("codes", &codes.join(", "))]));
    }
    if counts.undated > 0 {
        out.push('\n');
        out.push_str(&say("report_undated", lang, &[("count", &counts.undated)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{MOST_BARS, day_number, day_text_of, periods, timestamp};
    use std::collections::BTreeMap;

    #[test]
    fn days_are_counted_and_named_back_as_the_calendar_has_them() {
        for day in ["1970-01-01", "2000-02-29", "2026-12-31", "2027-01-01", "1999-12-31"] {
            assert_eq!(day_text_of(day_number(day).unwrap()), day);
        }
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-12-06").unwrap() - day_number("2026-11-06").unwrap(), 30);
    }

    #[test]
    fn a_long_history_is_drawn_by_week_or_by_month_and_keeps_every_row() {
        let span = |days: i64| -> BTreeMap<String, usize> {
            let start = day_number("2024-01-01").unwrap();
            (0..days).map(|n| (day_text_of(start + n), 1 + (n as usize % 3))).collect()
        };
        for (days, unit) in [(30, "report_day"), (62, "report_day"), (300, "report_week"), (1000, "report_month")] {
            let per_day = span(days);
            let (got, bars) = periods(&per_day);
            assert_eq!(got, unit, "{days} days");
            assert!(bars.len() <= MOST_BARS, "{days} days: {} bars", bars.len());
            assert_eq!(bars.values().sum::<usize>(), per_day.values().sum::<usize>(), "every row counted");
        }
        // Weeks start on Mondays: 2024-01-01 was one.
        let (_, weeks) = periods(&span(300));
        assert!(weeks.keys().all(|k| (day_number(k).unwrap() + 3).rem_euclid(7) == 0), "{weeks:?}");
    }

    #[test]
    fn the_consoles_date_forms_are_read_and_others_are_not() {
        assert_eq!(timestamp("2026/11/01 09:00:00").as_deref(), Some("2026-11-01 09:00:00"));
        assert_eq!(timestamp("2026-11-01T09:00").as_deref(), Some("2026-11-01 09:00:00"));
        assert_eq!(timestamp("2026/1/5 9:03:07.123").as_deref(), Some("2026-01-05 09:03:07"));
        assert_eq!(timestamp("2026-11-01").as_deref(), Some("2026-11-01 00:00:00"));
        for bad in ["", "yesterday", "2026/13/01", "2026/11/01 25:00", "11/01/2026", "2026/11/01 9:00:00:00"] {
            assert_eq!(timestamp(bad), None, "{bad}");
        }
    }
}
