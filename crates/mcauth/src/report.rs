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
    /// The users' cells as the file writes them: counted, never shown.
    users: std::collections::HashSet<Box<[u8]>>,
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
                    if !who.is_empty() && !stats.users.contains(who) {
                        stats.users.insert(who.into());
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

/// The report in a format.
pub fn render(catalogue: &Catalogue, counts: &Counts, lang: &str, format: Format) -> String {
    let labels = Labels::new(catalogue, lang);
    let label = |key: &str| plain(&catalogue::present::label(catalogue, key, lang));
    let reasons = catalogue.reasons();
    // Per model in the catalogue's order, then by rows, most first.
    let mut entries: Vec<(u32, &Stats, ReasonView)> = counts
        .by_reason
        .iter()
        .map(|(&i, s)| (i, s, ReasonView::new(catalogue, &reasons[i as usize], &labels)))
        .collect();
    let model_order = |key: &str| catalogue.models().iter().position(|m| m.key() == key).unwrap_or(usize::MAX);
    entries.sort_by_key(|(i, s, v)| (model_order(&v.model_key), std::cmp::Reverse(s.rows), *i));
    let days = |s: &Stats| s.days.iter().map(|(d, n)| format!("{}:{n}", day_text(d))).collect::<Vec<_>>().join(" ");
    let first = |s: &Stats| s.first.as_ref().map(stamp_text);
    let last = |s: &Stats| s.last.as_ref().map(stamp_text);
    let mut out = String::new();
    match format {
        Format::Text => {
            for (_, s, v) in &entries {
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
                    v.faq.as_deref().unwrap_or_default(),
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
            for (_, s, v) in &entries {
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
        Format::Csv => {
            // The same quoting as annotate's cells, CRLF-terminated and with a byte-order mark,
            // which Excel needs to read UTF-8 (as the reference sheet has).
            let mut bytes = Vec::from(*b"\xEF\xBB\xBF");
            let mut record = |cells: &[String]| {
                for (n, cell) in cells.iter().enumerate() {
                    if n > 0 {
                        bytes.push(b',');
                    }
                    annotate::quote(catalogue::markup::neutralise_formula(cell).as_bytes(), &mut bytes);
                }
                bytes.extend_from_slice(b"\r\n");
            };
            record(&CSV_HEADER.map(String::from));
            for (_, s, v) in &entries {
                let row = [
                    v.model_key.to_string(),
                    v.id.to_string(),
                    v.codes_text.clone(),
                    v.side_key.to_string(),
                    plain(&v.message),
                    s.rows.to_string(),
                    s.users.len().to_string(),
                    first(s).unwrap_or_default(),
                    last(s).unwrap_or_default(),
                    days(s),
                    v.remedy_plain(),
                    v.faq.clone().unwrap_or_default(),
                ];
                record(&row);
            }
            out = String::from_utf8(bytes).unwrap_or_default();
        }
        Format::Html => out = html(catalogue, &entries, lang),
        Format::Jsonl => {
            for (_, s, v) in &entries {
                let object = json!({
                    "model": v.model_key, "id": v.id, "codes": v.codes, "side": v.side_key,
                    "message": plain(&v.message), "rows": s.rows, "users": s.users.len(),
                    "first": first(s), "last": last(s),
                    "days": s.days.iter().map(|(d, n)| (day_text(d), *n)).collect::<BTreeMap<_, _>>(),
                    "remedy": v.remedy_plain(), "faq": v.faq,
                });
                out.push_str(&format!("{object}\n"));
            }
        }
    }
    out
}

/// The stylesheet of the published pages, so that the report looks like the FAQ.
const STYLE: &str = include_str!("../../../docs/style.css");

/// The report as a page that stands alone: no script, no request; the chart is inline SVG.
fn html(catalogue: &Catalogue, entries: &[(u32, &Stats, ReasonView)], lang: &str) -> String {
    let label = |key: &str| html_text(&plain(&catalogue::present::label(catalogue, key, lang)));
    let mut per_day: BTreeMap<String, usize> = BTreeMap::new();
    for (_, s, _) in entries {
        for (day, n) in &s.days {
            *per_day.entry(day_text(day)).or_default() += n;
        }
    }
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        html_attribute(lang),
        label("report_title"),
        label("report_title")
    );
    if !per_day.is_empty() {
        out.push_str(&format!("<h2>{}</h2>\n{}\n", label("report_per_day"), chart(&per_day)));
    }
    out.push_str(&format!(
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        label("codes"),
        label("model"),
        label("message"),
        label("report_rows"),
        label("report_users"),
        label("report_first"),
        label("report_last")
    ));
    for (_, s, v) in entries {
        let message = match &v.faq {
            Some(faq) => format!("<a href=\"{}\">{}</a>", html_attribute(faq), html_text(&plain(&v.message))),
            None => html_text(&plain(&v.message)),
        };
        out.push_str(&format!(
            "<tr id=\"{}\"><th>{}</th><td>{}</td><td>{message}<details><summary>{}</summary><pre>{}</pre></details></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html_attribute(v.id.as_ref()),
            html_text(&v.codes_text),
            html_text(&plain(&v.model_name)),
            label("remedy"),
            html_text(&v.remedy_plain()),
            s.rows,
            s.users.len(),
            html_text(&s.first.as_ref().map(stamp_text).unwrap_or_default()),
            html_text(&s.last.as_ref().map(stamp_text).unwrap_or_default()),
        ));
    }
    out.push_str("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    out
}

/// The columns of the CSV (and the workbook) report.
const CSV_HEADER: [&str; 12] =
    ["model", "id", "codes", "side", "message", "rows", "users", "first", "last", "days", "remedy", "faq"];

/// The columns of the CSV report that are counts, to be numbers in a workbook.
pub fn count_columns() -> Vec<usize> {
    CSV_HEADER.iter().enumerate().filter(|(_, h)| matches!(**h, "rows" | "users")).map(|(i, _)| i).collect()
}

/// Errors per day as bars, the first and last day named under them, each bar titled.
fn chart(per_day: &BTreeMap<String, usize>) -> String {
    let (width, height, bar) = (640usize, 120usize, 640 / per_day.len().max(1));
    let most = per_day.values().copied().max().unwrap_or(1).max(1);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {}\" role=\"img\" style=\"width:100%;max-width:{width}px\">",
        height + 20
    );
    for (i, (day, n)) in per_day.iter().enumerate() {
        let h = n * height / most;
        svg.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\" fill=\"currentColor\" opacity=\"0.7\"><title>{}: {n}</title></rect>",
            i * bar,
            height - h,
            bar.saturating_sub(1).max(1),
            html_text(day)
        ));
    }
    let (first, last) =
        (per_day.keys().next().cloned().unwrap_or_default(), per_day.keys().last().cloned().unwrap_or_default());
    svg.push_str(&format!(
        "<text x=\"0\" y=\"{}\" font-size=\"12\" fill=\"currentColor\">{}</text><text x=\"{width}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"currentColor\">{}</text></svg>",
        height + 16,
        html_text(&first),
        height + 16,
        html_text(&last)
    ));
    svg
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
    use super::timestamp;

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
