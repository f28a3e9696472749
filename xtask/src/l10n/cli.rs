//! `cargo xtask l10n …`: the translators' commands, from their flags to their exit status.

use std::collections::BTreeMap;
use std::path::PathBuf;

use catalogue::terminal::line;
use catalogue::{Check, Diagnostic, Document, Severity, SourceFile};

use super::{history, import, po};
use crate::project::{Project, display_path};
use crate::report::{self, Format};
use crate::{FAILURE, PROBLEMS, files};

#[derive(clap::Subcommand)]
pub enum L10nCommand {
    /// Per language, how many texts are current, stale or missing, then each stale or missing one.
    ///
    /// A translation is stale when the source text has changed since it was translated: its
    /// fingerprint (`en_from`) is not that of the current source text. Where git history has
    /// it, the source text the translation was made from is shown beside the current one.
    Status(StatusArgs),
    /// Record that translations are current, after updating them: sets their fingerprints.
    ///
    /// Name texts by path as `cargo xtask check` and `status` print them (`ui.remedy`,
    /// `page.steps.1`, a reason id for all of its texts), or pass --all.
    Stamp(StampArgs),
    /// Copy one text's translation to every text with the same source text, stamped.
    ///
    /// `check` warns (C042) where a repeated source text is translated two ways: choose the
    /// translation to keep by the path of its text, as `check` names it.
    Propagate(PropagateArgs),
    /// Write a file for translation tools: PO or XLIFF 1.2 for one language, or the glossary as TBX.
    ///
    /// PO: msgctxt names the text, msgid holds the source text, msgstr the translation; stale
    /// translations are marked fuzzy. XLIFF 1.2: a trans-unit per text, its id the path, its
    /// state the translation's, inline code, link addresses and placeholders protected. Both
    /// carry the model, side and codes, the catalogue's notes for translators, the pages a
    /// text is shown on, and a suggestion from an identical source text. TBX (TBX-Basic): every
    /// glossary term in every language, for a tool's termbase.
    Export(ExportArgs),
    /// Write the translations of a PO file back into the catalogue and stamp them.
    ///
    /// A message is imported when its msgid is the current source text and the catalogue stays
    /// free of errors with it; a message the file marks fuzzy, or leaves untranslated, is
    /// skipped as not ready. Every refusal is reported with its line and reason; a malformed file
    /// changes nothing. The generated files are brought up to date afterwards. Exit status: 0
    /// when nothing was refused (skipped messages included), 1 when some were (the rest are
    /// imported) or the file is malformed, 2 for a usage or I/O error.
    Import(ImportArgs),
}

#[derive(clap::Args)]
pub struct StatusArgs {
    /// How to print the status.
    #[arg(long, value_enum, default_value = "text")]
    format: StatusFormat,
    /// Only this language.
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatusFormat {
    /// For people
    Text,
    /// One JSON document, for dashboards
    Json,
}

#[derive(clap::Args)]
pub struct StampArgs {
    /// The texts to stamp, by path or path prefix.
    #[arg(value_name = "PATH", required_unless_present = "all", conflicts_with = "all")]
    paths: Vec<String>,
    /// Stamp every translation.
    #[arg(long)]
    all: bool,
    /// The source texts had a cosmetic edit: keep the translations that were current before it
    /// current, and leave stale ones stale.
    #[arg(long)]
    editorial: bool,
    /// With --editorial: the git revision that has the source texts before the edit.
    #[arg(long, value_name = "REV", default_value = "HEAD", requires = "editorial")]
    since: String,
}

#[derive(clap::Args)]
pub struct PropagateArgs {
    /// The text whose translation to copy, by its path.
    #[arg(value_name = "PATH")]
    path: String,
    /// Only this language [default: every translated language].
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The language to translate into (PO and XLIFF).
    #[arg(long, value_name = "LANG", required_unless_present = "format")]
    lang: Option<String>,
    /// The file's format [default: from the output's extension (.po, .xlf or .xliff, .tbx),
    /// else PO].
    #[arg(long, value_enum)]
    format: Option<ExchangeFormat>,
    /// Where to write the file [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The formats translators' tools exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExchangeFormat {
    /// gettext PO, bilingual
    Po,
    /// XLIFF 1.2
    Xliff,
    /// TBX-Basic: the glossary
    Tbx,
}

impl ExchangeFormat {
    /// The format a file's extension names.
    fn of_path(path: &std::path::Path) -> Option<ExchangeFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "po" | "pot" => Some(ExchangeFormat::Po),
            "xlf" | "xliff" => Some(ExchangeFormat::Xliff),
            "tbx" => Some(ExchangeFormat::Tbx),
            _ => None,
        }
    }
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The PO or XLIFF file (read by its extension: .xlf or .xliff is XLIFF, anything else PO).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The language of the translations [default: the file's `Language` header].
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Report what would be imported, and write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// The catalogue, loaded without errors.
struct Loaded {
    source: SourceFile,
    document: Document,
}

/// Does a problem stop the translators' commands? Missing and empty texts do not: they are
/// the work `status` counts, `export` hands out and `import` fills in; nor does a translation
/// that lost what its source carries, which a translator mends through the same commands.
fn blocks(problem: &Diagnostic) -> bool {
    problem.severity == Severity::Error
        && !matches!(
            problem.check,
            Check::MissingTranslation | Check::EmptyText | Check::TranslationMismatch | Check::PlaceholderMismatch
        )
}

/// Loads the catalogue; on an error prints every error and returns the exit status.
fn load(project: &Project) -> Result<Loaded, u8> {
    let shown = display_path(&project.root, &project.catalogue);
    let source = catalogue::read(&project.catalogue, &shown).map_err(|problems| {
        eprint!("{}", report::render(&problems.0, Format::Human, report::use_colour()));
        FAILURE
    })?;
    let (document, problems) = catalogue::load_document(&source);
    let errors: Vec<_> = problems.iter().filter(|d| blocks(d)).cloned().collect();
    match document {
        Some(document) if errors.is_empty() => Ok(Loaded { source, document }),
        _ => {
            eprint!("{}", report::render(&errors, Format::Human, report::use_colour()));
            crate::say!("the catalogue has errors; fix them first (`cargo xtask check` lists every problem)");
            Err(PROBLEMS)
        }
    }
}

/// Runs one `l10n` command; returns the exit status.
pub fn run(project: &Project, command: L10nCommand) -> u8 {
    let loaded = match load(project) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    match command {
        L10nCommand::Status(args) => status(project, &loaded, &args),
        L10nCommand::Stamp(args) => stamp(project, &loaded, &args),
        L10nCommand::Propagate(args) => propagate(project, &loaded, &args),
        L10nCommand::Export(args) => export(project, &loaded, &args),
        L10nCommand::Import(args) => import(project, &loaded, &args),
    }
}

/// Is `lang` a language translations are made into? Prints why not.
fn check_language(document: &Document, lang: &str) -> bool {
    let source_language = document.meta.source_language.get_ref();
    let targets: Vec<&str> =
        document.languages.iter().map(|l| l.key()).filter(|&l| l != source_language).map(|l| l.as_str()).collect();
    if targets.contains(&lang) {
        return true;
    }
    if lang == source_language {
        crate::say!(
            "error: `{}` is the source language; translations are made into {}",
            line(lang),
            targets.join(", ")
        );
    } else {
        crate::say!(
            "error: the catalogue declares no language `{}`; its translations are in {}",
            line(lang),
            targets.join(", ")
        );
    }
    false
}

fn status(project: &Project, loaded: &Loaded, args: &StatusArgs) -> u8 {
    if let Some(lang) = &args.lang
        && !check_language(&loaded.document, lang)
    {
        return FAILURE;
    }
    let mut entries = super::entries(&loaded.document);
    entries.retain(|e| args.lang.as_ref().is_none_or(|l| &e.lang == l));
    history::fill_translated_from(&project.catalogue, &loaded.document, &mut entries);
    let source_language = loaded.document.meta.source_language.get_ref();
    let status = super::status(source_language.as_str(), entries);
    match args.format {
        StatusFormat::Text => crate::emit(&super::status_text(&status)),
        StatusFormat::Json => match serde_json::to_string_pretty(&status) {
            Ok(json) => crate::emit(&format!("{json}\n")),
            Err(e) => {
                crate::say!("error: {e}");
                return FAILURE;
            }
        },
    }
    0
}

fn stamp(project: &Project, loaded: &Loaded, args: &StampArgs) -> u8 {
    let mut texts = Vec::new();
    catalogue::collect_texts(&loaded.document, &mut texts);
    let unknown: Vec<&String> = args
        .paths
        .iter()
        .filter(|w| !texts.iter().any(|(path, _)| super::selected(path, std::slice::from_ref(w))))
        .collect();
    if !unknown.is_empty() {
        for path in unknown {
            let hint = catalogue::suggest::did_you_mean(path, texts.iter().map(|(p, _)| p.as_str()))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            crate::say!("error: no text `{}` in the catalogue{hint}", line(path));
        }
        crate::say!("  = help: `cargo xtask l10n status` and `cargo xtask check` name texts by these paths");
        return FAILURE;
    }
    let before = if args.editorial {
        match crate::base::catalogue_at(&args.since, &project.catalogue) {
            Ok(Some(text)) => match catalogue::load_document(&SourceFile::new("before", text)) {
                (Some(document), _) => Some(super::source_texts(&document)),
                (None, _) => {
                    crate::say!("error: the catalogue at {} does not load; pass --since REV", line(&args.since));
                    return FAILURE;
                }
            },
            Ok(None) => {
                crate::say!("error: the catalogue did not exist at {}; pass --since REV", line(&args.since));
                return FAILURE;
            }
            Err(message) => {
                crate::say!("{message}\n  = help: --editorial compares with the catalogue at a git revision");
                return FAILURE;
            }
        }
    } else {
        None
    };
    let wanted = (!args.all).then_some(args.paths.as_slice());
    let stamped = super::stamp(&loaded.source, &loaded.document, wanted, before.as_ref());
    for path in &stamped.stamped {
        crate::emit(&format!("stamped {path}\n"));
    }
    for (path, why) in &stamped.left {
        crate::say!("left {} as it was: {why}", line(path));
    }
    if stamped.stamped.is_empty() {
        crate::say!("nothing to stamp: the selected translations are current");
        return 0;
    }
    write_catalogue(project, &loaded.source, &stamped.text)
}

/// Writes a new catalogue text atomically, after making sure it loads without errors, then
/// brings every generated file up to date, so that the project is consistent (`check` passes)
/// when the command is done; where the catalogue still has errors (a translation missing), says
/// in one line what to run once they are fixed.
fn write_catalogue(project: &Project, original: &SourceFile, text: &str) -> u8 {
    let loaded = catalogue::load_checked(SourceFile::new(original.path(), text));
    // Missing translations keep a catalogue from loading, not the translators' commands.
    let usable = match &loaded {
        Ok(_) => true,
        Err(unloaded) => unloaded.document.is_some() && !unloaded.problems.iter().any(blocks),
    };
    if !usable {
        crate::say!("error: the edited catalogue would not load; nothing was written (this is a bug in xtask)");
        return FAILURE;
    }
    if let Err(e) = files::write_atomically(&project.catalogue, text.as_bytes()) {
        crate::say!("error: cannot write {}: {e}", line(&original.path().display().to_string()));
        return FAILURE;
    }
    match crate::pipeline::regenerate(project) {
        Ok(changed) => {
            crate::say!(
                "wrote {}; {changed} generated files brought up to date",
                line(&original.path().display().to_string())
            );
            0
        }
        Err(why) => {
            crate::say!(
                "wrote {}; the generated files are not brought up to date ({why}): run `{}` once `cargo xtask check` is clean",
                line(&original.path().display().to_string()),
                crate::GENERATE_COMMAND
            );
            0
        }
    }
}

fn propagate(project: &Project, loaded: &Loaded, args: &PropagateArgs) -> u8 {
    let document = &loaded.document;
    let langs: Vec<String> = match &args.lang {
        Some(lang) if !check_language(document, lang) => return FAILURE,
        Some(lang) => vec![lang.clone()],
        None => {
            let source_language = document.meta.source_language.get_ref();
            document
                .languages
                .iter()
                .map(|l| l.key())
                .filter(|&l| l != source_language)
                .map(|l| l.to_string())
                .collect()
        }
    };
    match super::propagate(&loaded.source, document, &args.path, &langs) {
        Err(why) => {
            crate::say!("error: {why}");
            FAILURE
        }
        Ok(done) if done.copied.is_empty() => {
            crate::say!("nothing to copy: every text with the same source text has this translation already");
            0
        }
        Ok(done) => {
            for copied in &done.copied {
                crate::emit(&format!("copied to {copied}\n"));
            }
            write_catalogue(project, &loaded.source, &done.text)
        }
    }
}

fn export(project: &Project, loaded: &Loaded, args: &ExportArgs) -> u8 {
    let format =
        args.format.or_else(|| args.output.as_deref().and_then(ExchangeFormat::of_path)).unwrap_or(ExchangeFormat::Po);
    let (text, summary) = if format == ExchangeFormat::Tbx {
        let file = loaded.source.path().display().to_string();
        let terms = loaded.document.glossary.len();
        (super::tbx::export(&loaded.document, &file), format!("{terms} glossary terms"))
    } else {
        let Some(lang) = &args.lang else {
            crate::say!("error: --lang LANG names the language to translate into");
            return FAILURE;
        };
        if !check_language(&loaded.document, lang) {
            return FAILURE;
        }
        let mut entries = super::entries(&loaded.document);
        entries.retain(|e| &e.lang == lang);
        history::fill_translated_from(&project.catalogue, &loaded.document, &mut entries);
        let cx = po::ExportContext {
            source: &loaded.source,
            document: &loaded.document,
            lang,
            import_command: "cargo xtask l10n import FILE",
        };
        let text = match format {
            ExchangeFormat::Xliff => super::xliff::export(&cx, &entries),
            _ => po::export(&cx, &entries),
        };
        let counts = entries.iter().fold(BTreeMap::new(), |mut m: BTreeMap<_, usize>, e| {
            *m.entry(e.state).or_default() += 1;
            m
        });
        let count = |s| counts.get(&s).copied().unwrap_or(0);
        let suggested = entries.iter().filter(|e| e.state != super::State::Current && e.suggestion.is_some()).count();
        let summary = format!(
            "{} texts: {} translated, {} stale, {} untranslated; {suggested} offered a suggestion from the same source text",
            entries.len(),
            count(super::State::Current),
            count(super::State::Stale),
            count(super::State::Missing)
        );
        (text, summary)
    };
    match &args.output {
        None => {
            crate::emit(&text);
            crate::say!("{summary}");
            0
        }
        Some(path) => match files::write_atomically(path, text.as_bytes()) {
            Ok(()) => {
                crate::say!("wrote {}: {summary}", line(&path.display().to_string()));
                0
            }
            Err(e) => {
                crate::say!("error: cannot write {}: {e}", line(&path.display().to_string()));
                FAILURE
            }
        },
    }
}

fn import(project: &Project, loaded: &Loaded, args: &ImportArgs) -> u8 {
    let shown = display_path(&project.root, &args.file);
    let shown = line(&shown.display().to_string()).into_owned();
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(e) => {
            crate::say!("error: cannot read {}: {e}", shown);
            return FAILURE;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        crate::say!("error: {} is not UTF-8; nothing was imported\n  = help: save the PO file as UTF-8", shown);
        return PROBLEMS;
    };
    let xliff = ExchangeFormat::of_path(&args.file) == Some(ExchangeFormat::Xliff);
    let (messages, header_lang, mut refused) = if xliff {
        match super::xliff::parse(&text) {
            Ok(file) => {
                let refused: Vec<import::Refused> = file
                    .refused
                    .into_iter()
                    .map(|(problem, path)| import::Refused { line: problem.line, path, reason: problem.message })
                    .collect();
                (file.messages, file.target_language.filter(|l| !l.is_empty()), refused)
            }
            Err(e) => {
                crate::say!("error: {}:{}:{}: {}; nothing was imported", shown, e.line, e.column, e.message);
                crate::say!(
                    "  = help: fix the XLIFF file, or export it again with `cargo xtask l10n export --format xliff`"
                );
                return PROBLEMS;
            }
        }
    } else {
        let file = match po::parse(&text) {
            Ok(file) => file,
            Err(e) => {
                crate::say!("error: {}:{}:{}: {}; nothing was imported", shown, e.line, e.column, e.message);
                crate::say!("  = help: fix the PO file, or export it again with `cargo xtask l10n export`");
                return PROBLEMS;
            }
        };
        if let Some(charset) = file.header.get("Content-Type").and_then(|c| c.split("charset=").nth(1))
            && !charset.trim().eq_ignore_ascii_case("utf-8")
        {
            crate::say!(
                "error: {shown} declares charset {}; nothing was imported\n  = help: save it as UTF-8",
                line(charset)
            );
            return PROBLEMS;
        }
        let lang = file.header.get("Language").filter(|l| !l.is_empty()).cloned();
        (file.messages, lang, Vec::new())
    };
    let header_lang = header_lang.as_ref();
    let lang = match (&args.lang, header_lang) {
        (Some(flag), Some(header)) if flag != header => {
            crate::say!(
                "error: {shown} is in `{}` by its own language, not `{}`; nothing was imported",
                line(header),
                line(flag)
            );
            return PROBLEMS;
        }
        (Some(lang), _) | (None, Some(lang)) => lang.clone(),
        (None, None) => {
            crate::say!("error: {} does not say its language; pass --lang LANG", shown);
            return FAILURE;
        }
    };
    if !check_language(&loaded.document, &lang) {
        return FAILURE;
    }
    let mut imported = match import::import(&loaded.source, &loaded.document, &lang, &messages) {
        Ok(imported) => imported,
        Err(problem) => {
            crate::say!(
                "error: the imported catalogue would have an error no text owns: {problem}; nothing was imported"
            );
            return PROBLEMS;
        }
    };
    imported.refused.append(&mut refused);
    imported.refused.sort_by_key(|r| r.line);
    for refused in &imported.refused {
        crate::say!("refused {shown}:{}: `{}`: {}", refused.line, line(&refused.path), refused.reason);
    }
    for (path, warning) in &imported.warnings {
        crate::say!("`{}`: {warning}", line(path));
    }
    for path in &imported.changed {
        crate::emit(&format!("{} {path}\n", if args.dry_run { "would import" } else { "imported" }));
    }
    crate::say!(
        "{} imported, {} unchanged, {} untranslated and {} marked fuzzy (skipped: not ready), {} refused",
        imported.changed.len(),
        imported.unchanged,
        imported.untranslated,
        imported.fuzzy,
        imported.refused.len()
    );
    let status = if imported.refused.is_empty() { 0 } else { PROBLEMS };
    if args.dry_run || imported.changed.is_empty() {
        return status;
    }
    match write_catalogue(project, &loaded.source, &imported.text) {
        0 => status,
        failed => failed,
    }
}
