//! `mcauth`: the account managers' tool. It explains an authentication-error code or
//! message, lists every code, annotates an access-history CSV with each row's reason and
//! remedy, and reports what went wrong in one, for whom and when: all from the catalogue
//! compiled into it.
//!
//! Exit status: 0 success, 1 nothing matched or problems found (an unknown code), 2 a usage,
//! input or output error.

mod annotate;
mod builtin;
mod command_line;
mod error;
mod fasthash;
mod language;
mod matching;
mod messages;
mod report;
mod show;
mod terminal;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use messages::{Said, tell};

use annotate::encoding::Encoding;
use annotate::{Column, LineEnds};
use catalogue::Catalogue;
use error::Error;
use matching::{How, Query};
use show::Format;

const SUCCESS: u8 = 0;
const NO_MATCH: u8 = 1;
const FAILURE: u8 = 2;

// The help of every command and flag is in messages/help.toml, in every language the tool
// speaks; `command_line` puts it in place.

#[derive(Debug, Parser)]
#[command(name = "mcauth", version)]
pub struct Cli {
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Explain {
        #[arg(required = true, num_args = 1.., value_name = "CODE|TEXT")]
        query: Vec<String>,
        #[command(flatten)]
        shown: Shown,
    },
    List {
        #[command(flatten)]
        shown: Shown,
    },
    Annotate {
        #[arg(value_name = "FILE")]
        input: Option<PathBuf>,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        in_place: bool,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_name = "NAME|NUMBER")]
        column: Option<String>,
        #[arg(long)]
        model: Option<String>,
        #[arg(long, value_name = "auto|utf-8|shift_jis", default_value = "auto", value_parser = parse_encoding)]
        encoding: EncodingChoice,
        #[arg(long, value_enum)]
        output_encoding: Option<Encoding>,
        #[arg(long, value_enum, default_value_t = LineEnds::Keep)]
        line_ends: LineEnds,
        #[arg(long, value_enum, value_delimiter = ',', value_name = "id,model,message,remedy,notes,faq,why")]
        columns: Vec<Column>,
        #[arg(long, value_name = "KIB", default_value_t = annotate::DEFAULT_MAX_CELL >> 10)]
        max_cell: usize,
        #[arg(long, value_name = "MIB", default_value_t = annotate::DEFAULT_MAX_RECORD >> 20)]
        max_record: usize,
        #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
        format: SummaryFormat,
    },
    Report {
        #[arg(value_name = "FILE")]
        input: Option<PathBuf>,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        model: Option<String>,
        #[arg(long, value_name = "NAME|NUMBER")]
        column: Option<String>,
        #[arg(long, value_name = "auto|utf-8|shift_jis", default_value = "auto", value_parser = parse_encoding)]
        encoding: EncodingChoice,
        #[arg(long, value_name = "DAY")]
        since: Option<String>,
        #[arg(long, value_name = "DAY")]
        until: Option<String>,
        #[arg(long, value_delimiter = ',', value_name = "CODE")]
        code: Vec<String>,
        #[arg(long)]
        user: Option<String>,
        #[arg(long, value_name = "NAME")]
        time_column: Option<String>,
        #[arg(long, value_name = "NAME")]
        user_column: Option<String>,
        #[arg(long, value_enum, default_value_t = report::Format::Text)]
        format: report::Format,
        #[arg(long, value_name = "URL")]
        faq_base: Option<String>,
        #[arg(long)]
        per_day: bool,
    },
    Help {
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

/// How `annotate` prints its summary on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SummaryFormat {
    Text,
    /// One JSON object, for a script.
    Jsonl,
}

#[derive(Debug, clap::Args)]
struct Shown {
    #[arg(long)]
    model: Option<String>,
    #[arg(long)]
    lang: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

impl Shown {
    /// The language and model, checked against the catalogue.
    fn checked(&self, catalogue: &Catalogue) -> Result<(String, Option<String>), Error> {
        Ok((language::chosen(catalogue, self.lang.as_deref())?, checked_model(catalogue, self.model.clone())?))
    }
}

#[derive(Debug, Clone, Copy)]
struct EncodingChoice(Option<Encoding>);

fn parse_encoding(value: &str) -> Result<EncodingChoice, String> {
    if value.eq_ignore_ascii_case("auto") {
        return Ok(EncodingChoice(None));
    }
    <Encoding as clap::ValueEnum>::from_str(value, true)
        .map(|e| EncodingChoice(Some(e)))
        .map_err(|_| tell("encoding_value", &[]))
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The tool's own words are in the reader's language from the first: its help too.
    messages::set_language(&language::of_the_command_line(&args));
    let cli = match command_line::parse::<Cli>(args) {
        Ok(cli) => cli,
        Err(status) => return ExitCode::from(status),
    };
    let status = match run(cli) {
        Ok(status) => status,
        // `mcauth annotate … | head`: the reader has what it wanted.
        Err(Error::Closed) => SUCCESS,
        Err(message) => {
            eprintln!("{}", tell("error", &[("message", &message)]));
            FAILURE
        }
    };
    ExitCode::from(status)
}

fn run(cli: Cli) -> Result<u8, Error> {
    if let Command::Help { command } = &cli.command {
        print(&command_line::help_of::<Cli>(command.as_deref()), Grammar::Terminal)?;
        return Ok(SUCCESS);
    }
    // Never freed: the process ends with the command, and the system takes back its memory at
    // once (freeing it entry by entry is a tenth of a short `explain`).
    let catalogue = std::mem::ManuallyDrop::new(builtin::load(cli.catalogue.as_deref())?);
    match cli.command {
        Command::Help { .. } => Ok(SUCCESS),
        Command::Explain { query, shown } => {
            let (lang, model) = shown.checked(&catalogue)?;
            let query = query.join(" ");
            // A message is answered in its own language, unless --lang says otherwise.
            let lang = match (&shown.lang, Query::parse(&query)) {
                (None, Query::Text(text)) => catalogue.language_of(&text).map_or(lang, str::to_string),
                _ => lang,
            };
            explain(&catalogue, &query, model.as_deref(), &lang, shown.format)
        }
        Command::List { shown } => {
            let (lang, model) = shown.checked(&catalogue)?;
            print(&show::list(&catalogue, model.as_deref(), &lang, shown.format), Grammar::of(shown.format))?;
            Ok(SUCCESS)
        }
        Command::Annotate {
            input,
            output,
            in_place,
            lang,
            column,
            model,
            encoding,
            output_encoding,
            line_ends,
            columns,
            max_cell,
            max_record,
            format,
        } => {
            // An interrupted run removes its temporary file; only the commands that write files
            // pay for the signal thread (no other thread is running here).
            outfile::remove_on_signal();
            let options = annotate::Options {
                input: input.filter(|p| p.as_os_str() != "-"),
                output,
                in_place,
                lang_given: lang.is_some(),
                lang: language::chosen(&catalogue, lang.as_deref())?,
                model: checked_model(&catalogue, model)?,
                column,
                encoding: encoding.0,
                output_encoding,
                line_ends,
                columns: if columns.is_empty() { Column::ALL.to_vec() } else { columns },
                max_cell: max_cell.saturating_mul(1 << 10),
                max_record: max_record.saturating_mul(1 << 20),
            };
            let report = annotate::run(&catalogue, &options)?;
            match format {
                SummaryFormat::Text => eprintln!("{}", summary(&report)),
                SummaryFormat::Jsonl => eprintln!("{}", catalogue::terminal::json(&summary_json(&report).to_string())),
            }
            let tally = &report.tally;
            Ok(status(!tally.unknown.is_empty() || tally.other_unknown > 0, tally.annotated + tally.candidates))
        }
        Command::Report {
            input,
            output,
            lang,
            model,
            column,
            encoding,
            since,
            until,
            code,
            user,
            time_column,
            user_column,
            format,
            faq_base,
            per_day,
        } => {
            outfile::remove_on_signal();
            // The filters as given, for the report to say what it left out.
            let mut given = Vec::new();
            for (flag, value) in [("--since", &since), ("--until", &until), ("--user", &user)] {
                if let Some(value) = value {
                    given.push(format!("{flag} {value}"));
                }
            }
            if !code.is_empty() {
                given.push(format!("--code {}", code.join(",")));
            }
            let faq_base = match faq_base {
                Some(base)
                    if catalogue::markup::link_problem(&base).is_none()
                        && (base.starts_with("https://") || base.starts_with("http://")) =>
                {
                    Some(base)
                }
                Some(base) => {
                    return Err(Error::said(
                        Said::new("faq_base_not_an_address").with("value", catalogue::terminal::line(&base)),
                    ));
                }
                None => None,
            };
            let day = |d: Option<String>, flag: &str| -> Result<Option<String>, Error> {
                match d {
                    Some(d) => match report::timestamp(&d) {
                        Some(t) => Ok(Some(t[..10].to_string())),
                        None => Err(Error::said(
                            Said::new("day_format").with("flag", flag).with("value", catalogue::terminal::line(&d)),
                        )),
                    },
                    None => Ok(None),
                }
            };
            let filter = report::Filter {
                since: day(since, "--since")?,
                until: day(until, "--until")?,
                codes: catalogue::codes::code_list(&code.join(",")),
                user,
                time_column,
                user_column,
            };
            let options = annotate::Options {
                input: input.filter(|p| p.as_os_str() != "-"),
                output: None,
                in_place: false,
                lang_given: lang.is_some(),
                lang: language::chosen(&catalogue, lang.as_deref())?,
                model: checked_model(&catalogue, model)?,
                column,
                encoding: encoding.0,
                output_encoding: None,
                line_ends: LineEnds::Keep,
                columns: Vec::new(),
                max_cell: annotate::DEFAULT_MAX_CELL,
                max_record: annotate::DEFAULT_MAX_RECORD,
            };
            let input_name = options.input.as_ref().map_or_else(
                || tell("standard_input", &[]),
                |p| catalogue::terminal::line(&p.display().to_string()).into_owned(),
            );
            // Checked before a row is read: a report is never written over its history, nor
            // into a pipe or a device.
            let output = annotate::output_place(options.input.as_deref(), output, false)?;
            let (counts, run) = report::count(&catalogue, &options, &filter)?;
            let about = report::About { input: input_name, filters: given, faq_base, per_day };
            let lang = run.header_lang.as_ref().map_or(options.lang.clone(), |(l, _)| l.clone());
            // As annotate's: a new file follows the umask, a replaced one keeps its mode.
            let mode = outfile::NewFileMode::Default;
            match output {
                Some(path) if annotate::output::is_workbook(&path) => {
                    // The reasons, then the rows per day and reason, each a sheet.
                    let mut sheets = report::sheets(&catalogue, &counts, &lang, &about).into_iter();
                    let (_, first, numbers) = sheets.next().unwrap_or_default();
                    let mut book =
                        annotate::output::Output::workbook(&path, mode, &annotate::sheet_name(&path), numbers)?;
                    book.write(first.as_bytes())?;
                    for (name, text, numbers) in sheets {
                        book.next_sheet(&name, numbers)?;
                        book.write(text.as_bytes())?;
                    }
                    book.commit()?;
                }
                Some(path) => {
                    // As annotate's output: a file in full or not at all, a device or a pipe written to.
                    let mut out = annotate::output::Output::create(Some(&path), mode)?;
                    out.write(report::render(&catalogue, &counts, &lang, format, &about).as_bytes())?;
                    out.commit()?;
                }
                None => print(&report::render(&catalogue, &counts, &lang, format, &about), Grammar::of_report(format))?,
            }
            eprintln!("{}", report::summary(&counts, &run));
            Ok(status(!counts.unknown.is_empty(), counts.matched()))
        }
    }
}

/// The exit status `annotate` and `report` share: 1 when a code is unknown to the catalogue or
/// no row matched a reason (as grep says 1 for no match), else 0. Errors are 2, elsewhere.
fn status(unknown_codes: bool, matched_rows: usize) -> u8 {
    if unknown_codes || matched_rows == 0 { NO_MATCH } else { SUCCESS }
}

fn explain(catalogue: &Catalogue, query: &str, model: Option<&str>, lang: &str, format: Format) -> Result<u8, Error> {
    let parsed = Query::parse(query);
    // A number the user is shown (283, 291, 293, …) is not a reason code: say what it is and
    // what to do, never which reason codes look like it.
    if let Query::Codes(codes) = &parsed
        && let [code] = codes.as_slice()
        && let Some(entry) = catalogue.reference_code(code)
    {
        print(&show::explain_reference(catalogue, entry, code, lang, format), Grammar::of(format))?;
        return Ok(SUCCESS);
    }
    match matching::find(catalogue, &parsed, model) {
        Ok(found) => {
            if found.how == How::CodeAfterMessage {
                eprintln!("{}", tell("message_not_known", &[]));
            }
            print(&show::explain(catalogue, &found, query, lang, format), Grammar::of(format))?;
            Ok(SUCCESS)
        }
        Err(not_found) => {
            let mut help: Vec<Said> = not_found.elsewhere.into_iter().collect();
            if !not_found.suggestions.is_empty() {
                help.push(Said::new("nearest_known").with("nearest", not_found.suggestions.join(", ")));
            }
            help.push(Said::new("list_shows_every_code"));
            let error = Error::Said { problem: not_found.problem, help };
            eprintln!("{}", tell("error", &[("message", &error)]));
            Ok(NO_MATCH)
        }
    }
}

/// The model key given with `--model`, if the catalogue has it.
fn checked_model(catalogue: &Catalogue, model: Option<String>) -> Result<Option<String>, Error> {
    let Some(model) = model else { return Ok(None) };
    let keys: Vec<&str> = catalogue.models().iter().map(|m| m.key().as_str()).collect();
    if keys.contains(&model.as_str()) {
        return Ok(Some(model));
    }
    let help = catalogue::suggest::did_you_mean(&model, keys.iter().copied())
        .map(|k| Said::new("did_you_mean").with("value", k));
    let problem =
        Said::new("unknown_model").with("model", catalogue::terminal::line(&model)).with("models", keys.join(", "));
    Err(Error::Said { problem, help: help.into_iter().collect() })
}

/// The grammar of a text printed on standard output, which says how it is made safe for a
/// terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grammar {
    /// Text for a terminal (`--format text`, help): shown as [`catalogue::terminal`] shows text,
    /// wherever it goes, keeping only the tool's own allowed hyperlinks.
    Terminal,
    /// A document (Markdown, CSV, HTML) escaped by its own grammar: as is into a pipe or a
    /// file, and text for a terminal when the terminal is where it goes.
    Document,
    /// JSON: every character a terminal must not be sent is a JSON escape, wherever it goes.
    Json,
}

impl Grammar {
    fn of(format: Format) -> Grammar {
        match format {
            Format::Text => Grammar::Terminal,
            Format::Markdown => Grammar::Document,
            Format::Json | Format::Jsonl => Grammar::Json,
        }
    }

    fn of_report(format: report::Format) -> Grammar {
        match format {
            report::Format::Text => Grammar::Terminal,
            report::Format::Jsonl => Grammar::Json,
            report::Format::Markdown | report::Format::Csv | report::Format::Html => Grammar::Document,
        }
    }
}

/// Writes to standard output, made safe for a terminal as its grammar says; a closed pipe
/// (`mcauth list | head`) is not an error.
fn print(text: &str, grammar: Grammar) -> Result<(), Error> {
    use std::io::IsTerminal;
    let mut stdout = std::io::stdout().lock();
    let text = match grammar {
        Grammar::Terminal => catalogue::terminal::text_keeping_links(text),
        Grammar::Document if stdout.is_terminal() => catalogue::terminal::text_keeping_links(text),
        Grammar::Document => std::borrow::Cow::Borrowed(text),
        Grammar::Json => catalogue::terminal::json(text),
    };
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) => match Error::write(&tell("standard_output", &[]), e) {
            Error::Closed => Ok(()),
            error => Err(error),
        },
        _ => Ok(()),
    }
}

/// The summary as one JSON object: the same facts as the text, by name.
fn summary_json(report: &annotate::Report) -> serde_json::Value {
    let tally = &report.tally;
    let evidence: Vec<serde_json::Value> = report
        .evidence
        .iter()
        .map(|e| serde_json::json!({ "model": e.model, "from": e.code, "line": e.line }))
        .collect();
    let model = match (&report.model, report.evidence.as_slice()) {
        (Some(given), _) => serde_json::json!({ "key": given, "how": "given" }),
        (None, [one]) => serde_json::json!({ "key": one.model, "how": "inferred" }),
        (None, []) => serde_json::Value::Null,
        (None, _) => serde_json::json!({ "key": null, "how": "mixed" }),
    };
    serde_json::json!({
        "rows": tally.rows(),
        "annotated": tally.annotated,
        "candidates": tally.candidates,
        "across_models": tally.across_models,
        "no_code": tally.no_code,
        "too_long": tally.too_long,
        "unknown": tally.unknown,
        "other_unknown": tally.other_unknown,
        "contradicting": tally.contradicting,
        "encoding": report.encoding.name(),
        "assumed_utf8": report.assumed_utf8,
        "column": report.column,
        "type_column": report.type_column,
        "lang": report.lang,
        "header_lang": report.header_lang.as_ref().map(|(l, _)| l),
        "model": model,
        "evidence": evidence,
        "read_ahead": report.read_ahead,
        "unwritable": report.unwritable,
        "cut_cells": report.cut_cells,
    })
}

/// `1204 rows: 1100 annotated, 4 with several candidate reasons, 96 without a code, 4 with unknown codes: 999999 (3), 1 (1)`.
fn summary(report: &annotate::Report) -> String {
    use messages::say;
    let tally = &report.tally;
    let lang = report.lang.as_str();
    let side = report.type_column.as_ref().map(|c| say("side_from", lang, &[("column", c)])).unwrap_or_default();
    let mut out = say(
        "rows",
        lang,
        &[
            ("rows", &tally.rows()),
            ("encoding", &report.encoding.name()),
            ("column", &report.column),
            ("side", &side),
            ("annotated", &tally.annotated),
            ("candidates", &tally.candidates),
            ("no_code", &tally.no_code),
            ("unknown", &tally.unknown_rows()),
        ],
    );
    if tally.too_long > 0 {
        out.push_str(&say("too_long", lang, &[("count", &tally.too_long), ("kib", &(report.max_cell >> 10))]));
    }
    if !tally.unknown.is_empty() {
        let mut codes: Vec<String> = tally.unknown.iter().map(|(code, n)| format!("{code} ({n})")).collect();
        if tally.other_unknown > 0 {
            codes.push(say("more_unknown", lang, &[("count", &tally.other_unknown)]));
        }
        out.push_str(&say("unknown_codes", lang, &[("codes", &codes.join(", "))]));
    }
    let mut line = |text: String| {
        out.push('\n');
        out.push_str(&text);
    };
    if let Some((_, name)) = &report.header_lang {
        line(say("header_language", lang, &[("language", name)]));
    }
    let model_name = |key: &str| -> String {
        report.model_names.iter().find(|(k, _)| k == key).map_or_else(|| key.to_string(), |(_, n)| n.clone())
    };
    match report.evidence.as_slice() {
        [] => {}
        [one] => line(say(
            "model_inferred",
            lang,
            &[("model", &model_name(&one.model)), ("code", &one.code), ("line", &one.line)],
        )),
        several => {
            let each: Vec<String> = several
                .iter()
                .map(|e| {
                    say(
                        "model_evidence",
                        lang,
                        &[("code", &e.code), ("line", &e.line), ("model", &model_name(&e.model))],
                    )
                })
                .collect();
            line(say("models_mixed", lang, &[("evidence", &each.join(", "))]));
        }
    }
    if tally.contradicting > 0 {
        line(say("contradicting", lang, &[("count", &tally.contradicting)]));
    }
    if tally.across_models > 0 && report.model.is_none() && !report.read_ahead {
        line(say("pipe_not_read_ahead", lang, &[]));
    }
    if tally.across_models > 0 && report.model.is_none() {
        let flags = report.models.iter().map(|m| format!("--model {m}")).collect::<Vec<_>>().join(", ");
        line(say("several_models_help", lang, &[("count", &tally.across_models), ("flags", &flags)]));
    }
    if report.assumed_utf8 {
        line(say("assumed_utf8", lang, &[]));
    }
    if report.cut_cells > 0 {
        line(say("workbook_cut", lang, &[("count", &report.cut_cells), ("limit", &xlsx::MAX_CELL_CHARS)]));
    }
    if report.unwritable > 0 {
        let key = if report.unwritable == 1 { "unwritable_one" } else { "unwritable" };
        line(say(key, lang, &[("count", &report.unwritable)]));
    }
    out
}
