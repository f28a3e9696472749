//! `mcauth`: the account managers' tool. It explains an authentication-error code or
//! message, lists every code, annotates an access-history CSV with each row's reason and
//! remedy, and reports what went wrong in one, for whom and when: all from the catalogue
//! compiled into it.
//!
//! Exit status: 0 success, 1 nothing matched or problems found (an unknown code), 2 a usage,
//! input or output error.

mod annotate;
mod builtin;
mod error;
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

use annotate::encoding::Encoding;
use annotate::{Column, LineEnds};
use catalogue::Catalogue;
use error::Error;
use matching::{How, Query};
use show::Format;

const SUCCESS: u8 = 0;
const NO_MATCH: u8 = 1;
const FAILURE: u8 = 2;

/// Explain authentication-error codes and annotate access-history CSV files.
#[derive(Debug, Parser)]
#[command(
    name = "mcauth",
    version,
    about,
    long_about = None,
    after_help = "Exit status: 0 success, 1 nothing matched or unknown codes found, 2 a usage, input or output error."
)]
struct Cli {
    /// Read this catalogue instead of the one built in.
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Every reason that matches a code or a message, with what to do about it.
    Explain {
        /// A code (110200), several ((170400,180200)), or a message with or without its code.
        #[arg(required = true, num_args = 1.., value_name = "CODE|TEXT")]
        query: Vec<String>,
        #[command(flatten)]
        shown: Shown,
    },
    /// Every code and reason, one per line, in code order.
    List {
        #[command(flatten)]
        shown: Shown,
    },
    /// Add each row's reason, model, message, remedy, notes and FAQ link to an access-history CSV.
    ///
    /// The result column is found by its header (or --column); the code is the number, or the
    /// comma-separated numbers, in parentheses at the end of its text. Every row is written,
    /// in order; a summary goes to standard error. A malformed CSV stops with its line number
    /// and leaves no output file.
    Annotate {
        /// The CSV as downloaded from the admin console; - or nothing for standard input.
        #[arg(value_name = "FILE")]
        input: Option<PathBuf>,
        /// Where to write the result; standard output by default. A file that exists keeps its
        /// permissions; a new one gets the input's (owner-only when reading standard input).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the input file with the result (refused otherwise when -o names the input).
        #[arg(long)]
        in_place: bool,
        /// The language to answer in; the locale's by default.
        #[arg(long)]
        lang: Option<String>,
        /// The column with the authentication result: its header, or its number (1 is the first).
        #[arg(long, value_name = "NAME|NUMBER")]
        column: Option<String>,
        /// The model of every row; by default inferred from the codes at the start of a file.
        #[arg(long)]
        model: Option<String>,
        /// The input's encoding.
        #[arg(long, value_name = "auto|utf-8|shift_jis", default_value = "auto", value_parser = parse_encoding)]
        encoding: EncodingChoice,
        /// The output's encoding; the input's by default.
        #[arg(long, value_enum)]
        output_encoding: Option<Encoding>,
        /// The output's line ends; each row keeps its own by default.
        #[arg(long, value_enum, default_value_t = LineEnds::Keep)]
        line_ends: LineEnds,
        /// The columns to add, in order, comma-separated; all of them by default.
        #[arg(long, value_enum, value_delimiter = ',', value_name = "id,model,message,remedy,notes,faq,why")]
        columns: Vec<Column>,
        /// Result cells longer than this many KiB pass through unread, counted in the summary.
        #[arg(long, value_name = "KIB", default_value_t = annotate::DEFAULT_MAX_CELL >> 10)]
        max_cell: usize,
        /// A record longer than this many MiB stops the run, so memory stays bounded.
        #[arg(long, value_name = "MIB", default_value_t = annotate::DEFAULT_MAX_RECORD >> 20)]
        max_record: usize,
    },
    /// What went wrong in an access history: per model and reason, the rows, distinct users,
    /// first and last time, the rows per day, and what to do; in one pass over the file.
    Report {
        /// The CSV as downloaded from the admin console; - or nothing for standard input.
        #[arg(value_name = "FILE")]
        input: Option<PathBuf>,
        /// The language to answer in; the header row's, else the locale's, by default.
        #[arg(long)]
        lang: Option<String>,
        /// The model of every row; by default inferred from the start of a file.
        #[arg(long)]
        model: Option<String>,
        /// The column with the authentication result: its header, or its number (1 is the first).
        #[arg(long, value_name = "NAME|NUMBER")]
        column: Option<String>,
        /// The input's encoding.
        #[arg(long, value_name = "auto|utf-8|shift_jis", default_value = "auto", value_parser = parse_encoding)]
        encoding: EncodingChoice,
        /// Only rows on or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DAY")]
        since: Option<String>,
        /// Only rows on or before this day (YYYY-MM-DD).
        #[arg(long, value_name = "DAY")]
        until: Option<String>,
        /// Only rows with this code (repeat or separate with commas for several).
        #[arg(long, value_delimiter = ',', value_name = "CODE")]
        code: Vec<String>,
        /// Only this user's rows.
        #[arg(long)]
        user: Option<String>,
        /// The date-and-time column's header, where it is none the catalogue lists.
        #[arg(long, value_name = "NAME")]
        time_column: Option<String>,
        /// The username column's header, where it is none the catalogue lists.
        #[arg(long, value_name = "NAME")]
        user_column: Option<String>,
        #[arg(long, value_enum, default_value_t = report::Format::Text)]
        format: report::Format,
    },
}

/// What `explain` and `list` show, and how.
#[derive(Debug, clap::Args)]
struct Shown {
    /// Only this model's reasons (a model key of the catalogue, as `mcauth list` shows them).
    #[arg(long)]
    model: Option<String>,
    /// The language to answer in; the locale's by default (LANG=ja_JP… gives ja).
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
        .map_err(|_| "expected auto, utf-8 or shift_jis".to_string())
}

fn main() -> ExitCode {
    // Before any thread starts: an interrupted `annotate` removes its temporary file.
    outfile::remove_on_signal();
    let cli = Cli::parse();
    let status = match run(cli) {
        Ok(status) => status,
        // `mcauth annotate … | head`: the reader has what it wanted.
        Err(Error::Closed) => SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            FAILURE
        }
    };
    ExitCode::from(status)
}

fn run(cli: Cli) -> Result<u8, Error> {
    let catalogue = builtin::load(cli.catalogue.as_deref())?;
    match cli.command {
        Command::Explain { query, shown } => {
            let (lang, model) = shown.checked(&catalogue)?;
            explain(&catalogue, &query.join(" "), model.as_deref(), &lang, shown.format)
        }
        Command::List { shown } => {
            let (lang, model) = shown.checked(&catalogue)?;
            print(&show::list(&catalogue, model.as_deref(), &lang, shown.format))?;
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
        } => {
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
            eprintln!("{}", summary(&report));
            Ok(if report.tally.unknown.is_empty() { SUCCESS } else { NO_MATCH })
        }
        Command::Report {
            input,
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
        } => {
            let day = |d: Option<String>, flag: &str| -> Result<Option<String>, Error> {
                match d {
                    Some(d) => match report::timestamp(&d) {
                        Some(t) => Ok(Some(t[..10].to_string())),
                        None => Err(Error::message(format!("{flag} takes a day as YYYY-MM-DD, not “{d}”"))),
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
            let (counts, run) = report::count(&catalogue, &options, &filter)?;
            let lang = run.header_lang.as_ref().map_or(options.lang.clone(), |(l, _)| l.clone());
            print(&report::render(&catalogue, &counts, &lang, format))?;
            eprintln!("{}", report::summary(&counts, &run));
            Ok(SUCCESS)
        }
    }
}

fn explain(catalogue: &Catalogue, query: &str, model: Option<&str>, lang: &str, format: Format) -> Result<u8, Error> {
    match matching::find(catalogue, &Query::parse(query), model) {
        Ok(found) => {
            if found.how == How::CodeAfterMessage {
                eprintln!("note: the message is not one the catalogue knows; these reasons have its code");
            }
            print(&show::explain(catalogue, &found, query, lang, format))?;
            Ok(SUCCESS)
        }
        Err(not_found) => {
            let mut message = format!("error: {}", not_found.message);
            if !not_found.suggestions.is_empty() {
                let nearest = not_found.suggestions.join(", ");
                message.push_str(&format!("\n  = help: the nearest known: {nearest}"));
            }
            message.push_str("\n  = help: `mcauth list` shows every code");
            eprintln!("{message}");
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
    let hint = catalogue::suggest::did_you_mean(&model, keys.iter().copied())
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    Err(Error::message(format!("unknown model `{model}`: the models are {}{hint}", keys.join(", "))))
}

/// Writes to standard output; a closed pipe (`mcauth list | head`) is not an error.
fn print(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) => match Error::write("standard output", e) {
            Error::Closed => Ok(()),
            error => Err(error),
        },
        _ => Ok(()),
    }
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
    if report.unwritable > 0 {
        let key = if report.unwritable == 1 { "unwritable_one" } else { "unwritable" };
        line(say(key, lang, &[("count", &report.unwritable)]));
    }
    out
}
