//! `cargo xtask`: generate every output from the catalogue, or check that nothing is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use catalogue::{Check, Diagnostic, Severity};
use clap::{Parser, Subcommand};
use xtask::artefacts::ALL;
use xtask::artefacts::manifest;
use xtask::files::{OnChange, Reconcile, Reconciled};
use xtask::generate;
use xtask::l10n::cli::L10nCommand;
use xtask::project::Project;
use xtask::project::display_path;
use xtask::report::{self, Format};
use xtask::templates::Templates;
use xtask::{FAILURE, PROBLEMS, files};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Generate and check the catalogue's published outputs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The project root (default: this workspace).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The catalogue file (default: the one *.toml file in catalogue/).
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Render every output from the catalogue and templates/, writing only the files that changed.
    ///
    /// Writes nothing when the catalogue or a template has an error. Removes the files an
    /// earlier run wrote that are no longer generated (docs/generated-files.txt lists them).
    Generate {
        /// Say what would be written and removed, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Validate the catalogue and verify that every generated file is fresh. Writes nothing.
    ///
    /// Every problem is reported with its code (see docs/checks.md), file, line and column.
    /// Exit status: 0 clean, 1 problems found, 2 usage or I/O error.
    Check(CheckArgs),
    /// Print how long loading, validating and rendering take (always a release build).
    ///
    /// Measures the real catalogue, synthetic catalogues of 1,000 and 10,000 reasons, and the
    /// whole `generate` and `check` processes.
    Bench,
    /// The translators' workflow: status of every translation, stamps, PO export and import.
    ///
    /// See docs/TRANSLATING.md.
    #[command(subcommand)]
    L10n(L10nCommand),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// How to print problems [default: github inside GitHub Actions, else human]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Make warnings fail the run too.
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Vec<Deny>,
    /// A git revision (CI passes the merge base): no reason id or code it had may be gone.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Deny {
    /// every warning is an error
    Warnings,
    /// a stale translation is an error (for release branches)
    Stale,
}

fn main() -> ExitCode {
    // Before any thread starts: an interrupted run removes its temporary files.
    outfile::remove_on_signal();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { FAILURE } else { 0 });
        }
    };
    let root = cli.root.clone().unwrap_or_else(Project::default_root);
    let project = match Project::new(&root, cli.catalogue.as_deref()) {
        Ok(project) => project,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(FAILURE);
        }
    };
    let status = match cli.command {
        Command::Bench => bench(&project),
        Command::Generate { dry_run: false } => generate(&project, Mode::Write),
        Command::Generate { dry_run: true } => generate(&project, Mode::DryRun),
        Command::Check(args) => check(&project, &args),
        Command::L10n(command) => ExitCode::from(xtask::l10n::cli::run(&project, command)),
    };
    // The benchmark's measure of a whole process's memory: the kernel's high-water mark of this
    // program's own address space (a parent's `wait4` would count the parent's too).
    if let Some(path) = std::env::var_os(PEAK_MEMORY_FILE) {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap_or_default();
        let _ = std::fs::write(path, peak.trim().trim_end_matches("kB").trim());
    }
    status
}

/// Names a file to write the process's peak memory (KiB) to at exit; set by `bench` only.
const PEAK_MEMORY_FILE: &str = "XTASK_BENCH_PEAK_MEMORY_FILE";

/// What one run found: the outputs reconciled with the disk when they could be rendered, and
/// every problem.
struct Run {
    /// The catalogue, when it loaded.
    catalogue: Option<catalogue::Catalogue>,
    /// The document as far as it decoded, when the catalogue did not load.
    partial: Option<catalogue::Document>,
    outputs: Option<Reconciled>,
    diagnostics: Vec<Diagnostic>,
    /// What the provenance check found besides its problems, when the catalogue loaded.
    provenance: Option<xtask::provenance::Summary>,
}

impl Run {
    /// The catalogue as far as it decoded, for the `--base` comparison.
    fn document(&self) -> Option<&catalogue::Document> {
        self.catalogue.as_ref().map(catalogue::Catalogue::document).or(self.partial.as_ref())
    }
}

/// Loads the catalogue and templates and renders every output into `reconcile`, collecting
/// every problem. `Err` is an I/O failure (exit status 2); on any error, the files it staged
/// are removed.
fn run(project: &Project, reconcile: Reconcile<'_>) -> Result<Run, String> {
    let shown = display_path(&project.root, &project.catalogue);
    let source = match catalogue::read(&project.catalogue, &shown) {
        Ok(source) => source,
        Err(problems) if problems.iter().any(|d| d.check == Check::Io) => {
            return Err(format!("error: cannot read {}: {}", shown.display(), problems.0[0].message));
        }
        // Not UTF-8: a problem in the file, at its position.
        Err(problems) => {
            return Ok(Run {
                catalogue: None,
                partial: None,
                outputs: None,
                diagnostics: problems.0,
                provenance: None,
            });
        }
    };
    // The templates are read and parsed on a thread of their own while the catalogue loads.
    let (loaded, templates) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| Templates::load(&project.templates));
        (catalogue::load_checked(source), templates.join().expect("the template thread panicked"))
    });
    // The document is kept apart only when it is no catalogue: never two copies of it.
    let (catalogue, partial, mut diagnostics) = match loaded {
        Ok(catalogue) => {
            let warnings = catalogue.warnings().0.clone();
            (Some(catalogue), None, warnings)
        }
        Err(unloaded) => (None, unloaded.document.map(|document| *document), unloaded.problems.0),
    };
    // Every text shown as a source's words is in our copy of that source; a text that is not
    // stops the run as a catalogue error would, before anything is rendered.
    let provenance = catalogue.as_ref().map(|catalogue| {
        let shown_dir = shown.parent().unwrap_or(Path::new(""));
        let (problems, summary) = xtask::provenance::verify(catalogue, &project.catalogue, shown_dir);
        diagnostics.extend(problems);
        summary
    });
    let render = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    let outputs = match (&catalogue, templates) {
        (_, Err(e)) => {
            diagnostics.push(template_diagnostic(&project.root, e));
            None
        }
        (Some(_), Ok(_)) if !render => None,
        (Some(catalogue), Ok(templates)) => match generate::generate_to(ALL, catalogue, &templates, &reconcile) {
            Ok(_) => {
                // Not freed piece by piece: the process ends with this command (`generate` and
                // `check` both), and a large set of parsed templates takes a while to drop.
                std::mem::forget(templates);
                Some(reconcile.finish())
            }
            Err(generate::GenerateError::Template(e)) => {
                diagnostics.push(template_diagnostic(&project.root, e));
                None
            }
            Err(other) => return Err(other.to_string()),
        },
        (None, Ok(_)) => None,
    };
    Ok(Run { catalogue, partial, outputs, diagnostics, provenance })
}

fn template_diagnostic(root: &Path, error: xtask::templates::TemplateError) -> Diagnostic {
    let position = error.line.map(|line| catalogue::Position { line, column: error.column.unwrap_or(1) });
    let diagnostic =
        Diagnostic::in_file(display_path(root, &error.file), position, Check::Template, error.message.clone())
            .with_help("fix the template; templates hold structure only, words come from the catalogue's [ui] table");
    if error.report.is_empty() || error.report == error.message {
        diagnostic
    } else {
        diagnostic.with_detail(error.report)
    }
}

/// What `generate` does with what it rendered (ruff's `Mode`; `check` is the third).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Write,
    DryRun,
}

fn generate(project: &Project, mode: Mode) -> ExitCode {
    let on_change = match mode {
        Mode::Write => OnChange::Stage,
        Mode::DryRun => OnChange::Note,
    };
    let run = match run(project, Reconcile::new(&project.root, on_change)) {
        Ok(run) => run,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(FAILURE);
        }
    };
    if !run.diagnostics.is_empty() {
        eprint!("{}", report::render(&run.diagnostics, Format::Human, report::use_colour()));
    }
    let Some(outputs) = run.outputs else {
        eprintln!("{}; nothing was written", report::summary(&run.diagnostics));
        return ExitCode::from(PROBLEMS);
    };
    // The process ends with this command, and the system takes back its memory at once: freeing
    // a large catalogue entry by entry would cost a quarter of a second at 100,000 reasons.
    std::mem::forget(run.catalogue);
    let orphans = manifest::orphans(&project.root, &outputs.paths);
    let generated = outputs.paths.len();
    if mode == Mode::DryRun {
        let stale = &outputs.stale;
        // One write for the whole list: tens of thousands of lines for a large catalogue.
        let mut listing = String::new();
        for file in stale {
            listing.push_str(&format!("would write {}\n", file.path.display()));
        }
        for path in &orphans {
            listing.push_str(&format!("would remove {}, no longer generated\n", path.display()));
        }
        xtask::emit(&listing);
        eprintln!(
            "dry run: {} of {} generated files would change, {} would be removed; nothing was written",
            stale.len(),
            generated,
            orphans.len()
        );
        return ExitCode::SUCCESS;
    }
    let dirs = files::written_dirs(&project.root, &outputs.paths, &project.catalogue);
    for path in files::remove_dead_leftovers(&dirs) {
        eprintln!("removed {}, left by an interrupted run", display_path(&project.root, &path).display());
    }
    match outputs.commit() {
        Ok(changed) => {
            let listing: String = changed.iter().map(|path| format!("wrote {}\n", path.display())).collect();
            xtask::emit(&listing);
            for path in &orphans {
                match std::fs::remove_file(project.root.join(path)) {
                    Ok(()) => xtask::emit(&format!("removed {}, no longer generated\n", path.display())),
                    Err(e) => eprintln!("warning: cannot remove {}, no longer generated: {e}", path.display()),
                }
            }
            if changed.is_empty() {
                eprintln!("{generated} generated files, all up to date");
            } else {
                eprintln!("{} of {generated} generated files changed", changed.len());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the outputs: {e}");
            ExitCode::from(FAILURE)
        }
    }
}

fn check(project: &Project, args: &CheckArgs) -> ExitCode {
    // The pages published at the base revision, read first: their generated copies are kept
    // to compare anchors; every other output is dropped once compared with the disk.
    let published = match &args.base {
        Some(rev) => match xtask::base::published_anchors(rev, &project.root) {
            Ok(published) => Some((rev, published)),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(FAILURE);
            }
        },
        None => None,
    };
    let keep = published.iter().flat_map(|(_, pages)| pages.iter().map(|(path, _)| path.clone()));
    let reconcile = Reconcile::new(&project.root, OnChange::Diff).keeping(keep);
    let mut run = match run(project, reconcile) {
        Ok(run) => run,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(FAILURE);
        }
    };
    let mut diagnostics = std::mem::take(&mut run.diagnostics);
    let outputs = run.outputs.take();
    if let (Some(rev), Some(document)) = (&args.base, run.document()) {
        match xtask::base::catalogue_at(rev, &project.catalogue) {
            Ok(Some(before)) => {
                let shown = display_path(&project.root, &project.catalogue);
                diagnostics.extend(xtask::base::compare(rev, &shown, &before, document))
            }
            Ok(None) => eprintln!("note: the catalogue did not exist at {rev}; nothing to compare"),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(FAILURE);
            }
        }
    }
    if let (Some((rev, published)), Some(outputs)) = (&published, &outputs) {
        diagnostics.extend(xtask::base::lost_anchors(rev, published, &outputs.kept));
    }
    let paths = outputs.as_ref().map(|o| o.paths.as_slice()).unwrap_or_default();
    let stale = outputs.as_ref().map(|o| o.stale.as_slice()).unwrap_or_default();
    for path in manifest::orphans(&project.root, paths) {
        diagnostics.push(
            Diagnostic::in_file(&path, None, Check::StaleOutput, format!("{} is no longer generated", path.display()))
                .with_help(format!("delete it, or run `{}`, which removes it", xtask::GENERATE_COMMAND)),
        );
    }
    let dirs = files::written_dirs(&project.root, paths, &project.catalogue);
    for path in files::leftovers(&dirs) {
        let shown = display_path(&project.root, &path);
        diagnostics.push(
            Diagnostic::in_file(
                &shown,
                None,
                Check::LeftoverTemporary,
                format!("{} was left by an interrupted run", shown.display()),
            )
            .with_help(format!(
                "delete it, or run `{}`, which removes it when its run is over",
                xtask::GENERATE_COMMAND
            )),
        );
    }
    for file in stale {
        let (message, detail) = match &file.diff {
            None => (format!("{} is missing", file.path.display()), None),
            Some(diff) => (format!("{} is stale", file.path.display()), Some(diff.clone())),
        };
        let diagnostic = Diagnostic::in_file(&file.path, None, Check::StaleOutput, message)
            .with_help(format!("run `{}` and commit the result", xtask::GENERATE_COMMAND));
        diagnostics.push(match detail {
            Some(detail) => diagnostic.with_detail(detail),
            None => diagnostic,
        });
    }
    for diagnostic in &mut diagnostics {
        let denied = args.deny.contains(&Deny::Warnings)
            || (args.deny.contains(&Deny::Stale) && diagnostic.check == Check::StaleTranslation);
        if denied {
            diagnostic.severity = Severity::Error;
        }
    }
    let format = args.format.unwrap_or_else(Format::detect);
    let rendered = report::render(&diagnostics, format, report::use_colour());
    match format {
        Format::Human => eprint!("{rendered}"),
        Format::Github | Format::Json => xtask::emit(&rendered),
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let failed = errors > 0;
    if !stale.is_empty() {
        eprintln!(
            "{} generated file{} out of date; run `{}` and commit the result",
            stale.len(),
            if stale.len() == 1 { " is" } else { "s are" },
            xtask::GENERATE_COMMAND
        );
    }
    if let Some(summary) = &run.provenance {
        eprintln!("{}", summary.line());
    }
    match (&outputs, failed) {
        (Some(outputs), false) => {
            eprintln!("catalogue ok; {} generated files fresh; {}", outputs.paths.len(), report::summary(&diagnostics))
        }
        _ => eprintln!("{}", report::summary(&diagnostics)),
    }
    if failed { ExitCode::from(PROBLEMS) } else { ExitCode::SUCCESS }
}

/// Runs the benchmark in a release build: a debug build re-runs itself with `--release`.
fn bench(project: &Project) -> ExitCode {
    if cfg!(debug_assertions) {
        eprintln!("building the release xtask to measure…");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = std::process::Command::new(cargo)
            .args(["run", "--release", "--quiet", "--package", "xtask", "--", "bench", "--root"])
            .arg(&project.root)
            .arg("--catalogue")
            .arg(&project.catalogue)
            .status();
        return match status {
            Ok(status) => ExitCode::from(status.code().unwrap_or(2) as u8),
            Err(e) => {
                eprintln!("error: cannot run cargo: {e}");
                ExitCode::from(FAILURE)
            }
        };
    }
    // The whole processes, as a writer and CI run them: a fresh copy of the project, nothing to write.
    let processes = std::env::current_exe().ok().and_then(|exe| {
        let scratch = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        let run = |args: &[&str]| std::process::Command::new(&exe).args(args).arg("--root").arg(&scratch).output().ok();
        for dir in ["catalogue", "templates"] {
            copy_tree(&project.root.join(dir), &scratch.join(dir)).ok()?;
        }
        run(&["generate"])?;
        let generate = xtask::bench::median(21, || {
            let _ = run(&["generate"]);
        });
        let check = xtask::bench::median(21, || {
            let _ = run(&["check"]);
        });
        let _ = std::fs::remove_dir_all(&scratch);
        Some((generate, check))
    });
    match xtask::bench::run(&project.catalogue, &project.templates, processes) {
        Ok(report) => {
            xtask::emit(&report.to_string());
            xtask::emit(&whole_runs(project));
            xtask::emit(&beside_mdbook(project));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(PROBLEMS)
        }
    }
}

/// Whole `generate --dry-run` processes (every output rendered and compared, nothing written)
/// on synthetic catalogues of 1,000 to 100,000 reasons: wall time and peak memory, from
/// `wait4`, so that growth per reason shows.
fn whole_runs(project: &Project) -> String {
    use std::fmt::Write as _;
    let mut report = String::from("\nwhole `generate --dry-run` processes, one run each (wall time, peak memory):\n");
    let Ok(exe) = std::env::current_exe() else { return report };
    let Ok(text) = std::fs::read_to_string(&project.catalogue) else { return report };
    let Ok(real) = catalogue::load_source(catalogue::SourceFile::new("catalogue/bench.toml", text.as_str())) else {
        return report;
    };
    let _ = writeln!(
        report,
        "{:<16} {:>10} {:>12} {:>14} {:>16}",
        "catalogue", "TOML MiB", "time", "peak memory", "per reason"
    );
    for size in [1_000usize, 10_000, 100_000] {
        let scratch = std::env::temp_dir().join(format!("xtask-bench-{}-{size}", std::process::id()));
        let synthetic = xtask::bench::synthetic(&text, &real, size - real.reasons().len().min(size));
        let written = copy_tree(&project.root.join("templates"), &scratch.join("templates"))
            .and_then(|()| std::fs::create_dir_all(scratch.join("catalogue")))
            .and_then(|()| std::fs::write(scratch.join("catalogue/bench.toml"), &synthetic));
        let peak_file = scratch.join("peak-memory");
        let mut command = std::process::Command::new(&exe);
        command.args(["generate", "--dry-run", "--root"]).arg(&scratch).env(PEAK_MEMORY_FILE, &peak_file);
        if written.is_ok()
            && let Some(time) = measured(&mut command)
            && let Some(peak_kib) = std::fs::read_to_string(&peak_file).ok().and_then(|k| k.parse::<u64>().ok())
        {
            let _ = writeln!(
                report,
                "{:<16} {:>10.1} {:>9.2} s {:>10.0} MiB {:>9.1} µs {:>5.1} KiB",
                format!("synthetic {size}"),
                synthetic.len() as f64 / f64::from(1 << 20),
                time.as_secs_f64(),
                peak_kib as f64 / 1024.0,
                time.as_secs_f64() * 1e6 / size as f64,
                peak_kib as f64 / size as f64,
            );
        }
        if std::env::var_os("XTASK_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&scratch);
        } else {
            let _ = writeln!(report, "  kept: {}", scratch.display());
        }
    }
    report
}

/// `generate` beside `mdbook build` of a book whose chapters are the same FAQ in each language,
/// as whole processes, with nothing to write and with every file new, each paired with mdBook
/// run by run, on the real catalogue and on 10,000 reasons; skipped, and said so, when
/// `mdbook` is not on PATH.
fn beside_mdbook(project: &Project) -> String {
    use std::fmt::Write as _;
    let mut report = String::from("\nbeside mdBook (whole processes, alternating run by run, median):\n");
    let version = std::process::Command::new("mdbook").arg("--version").output();
    let Ok(version) = version.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()) else {
        report.push_str("  skipped: mdbook is not on PATH (cargo install mdbook to compare)\n");
        return report;
    };
    let _ = writeln!(report, "  {version}");
    let Ok(exe) = std::env::current_exe() else { return report };
    let Ok(text) = std::fs::read_to_string(&project.catalogue) else { return report };
    let Ok(real) = catalogue::load_source(catalogue::SourceFile::new("catalogue/bench.toml", text.as_str())) else {
        return report;
    };
    let languages: Vec<String> = real.languages().iter().map(|l| l.to_string()).collect();
    for (label, size, runs) in [("real catalogue", 0, 41), ("synthetic 10000", 10_000, 3)] {
        let scratch = std::env::temp_dir().join(format!("xtask-mdbook-{}-{size}", std::process::id()));
        let catalogue =
            if size == 0 { text.clone() } else { xtask::bench::synthetic(&text, &real, size - real.reasons().len()) };
        let ready = copy_tree(&project.root.join("templates"), &scratch.join("templates"))
            .and_then(|()| std::fs::create_dir_all(scratch.join("catalogue")))
            .and_then(|()| std::fs::write(scratch.join("catalogue/bench.toml"), &catalogue));
        let run_generate = || {
            let mut command = std::process::Command::new(&exe);
            command.args(["generate", "--root"]).arg(&scratch);
            measured(&mut command)
        };
        // Every file written anew, and then what a writer's run after a small edit costs.
        let generate = || {
            let _ = std::fs::remove_dir_all(scratch.join("docs"));
            run_generate()
        };
        let unchanged = run_generate;
        if ready.is_err() || generate().is_none() {
            let _ = writeln!(report, "  {label}: could not generate");
            continue;
        }
        // The book: one chapter per language, the FAQ's Markdown as generate wrote it.
        let book = scratch.join("book");
        let mut summary = String::from("# Summary\n\n");
        let written = std::fs::create_dir_all(book.join("src")).and_then(|()| {
            std::fs::write(book.join("book.toml"), "[book]\ntitle = \"FAQ\"\n")?;
            for lang in &languages {
                let faq = std::fs::read(scratch.join("docs").join(lang).join("faq.md"))?;
                std::fs::write(book.join("src").join(format!("faq-{lang}.md")), faq)?;
                let _ = writeln!(summary, "- [{lang}](faq-{lang}.md)");
            }
            std::fs::write(book.join("src/SUMMARY.md"), &summary)
        });
        if written.is_err() {
            let _ = writeln!(report, "  {label}: could not write the book");
            continue;
        }
        let mdbook = || measured(std::process::Command::new("mdbook").arg("build").arg(&book));
        // Each way of running generate alternates with mdBook, run by run: this machine's speed
        // drifts within a minute, and what the disk still has to write after a run that
        // created every file slows the run after it, so each pairing has its own mdBook figure.
        let median = |mut times: Vec<std::time::Duration>| {
            times.sort();
            times.get(times.len() / 2).copied()
        };
        let paired = |ours: &dyn Fn() -> Option<std::time::Duration>| {
            let (mut mine, mut theirs) = (Vec::new(), Vec::new());
            for _ in 0..runs {
                mine.extend(ours());
                theirs.extend(mdbook());
            }
            median(mine).zip(median(theirs))
        };
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        for (what, ours) in [("nothing to write", &unchanged as &dyn Fn() -> _), ("every file new", &generate)] {
            match paired(ours) {
                Some((mine, theirs)) => {
                    let _ = writeln!(
                        report,
                        "  {label:<16} {what:<16} generate {:>9.2} ms, mdbook build {:>9.2} ms: {:.2}× mdBook's speed",
                        ms(mine),
                        ms(theirs),
                        theirs.as_secs_f64() / mine.as_secs_f64()
                    );
                }
                None => {
                    let _ = writeln!(report, "  {label}: a run failed");
                }
            }
        }
        let _ = std::fs::remove_dir_all(&scratch);
    }
    report
}

/// Runs `command` with its output discarded: its wall time, when it succeeds.
fn measured(command: &mut std::process::Command) -> Option<std::time::Duration> {
    use std::process::Stdio;
    let start = std::time::Instant::now();
    let status = command.stdout(Stdio::null()).stderr(Stdio::null()).status().ok()?;
    status.success().then(|| start.elapsed())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}
