//! `cargo xtask`: generate every output from the catalogue, or check that nothing is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::l10n::cli::L10nCommand;
use xtask::pipeline::{self, Mode};
use xtask::project::Project;
use xtask::report::Format;
use xtask::{FAILURE, PROBLEMS};

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
    /// Release notes between two revisions of the catalogue, in every language.
    ///
    /// Reasons and codes added, retired, removed and renamed; per reason, the fields that
    /// changed; per translated language, the translations that became stale, current or
    /// missing. Deterministic: the same revisions give the same notes.
    Changelog {
        /// The earlier revision (a tag, a branch, a commit).
        #[arg(value_name = "FROM")]
        from: String,
        /// The later revision [default: the working tree].
        #[arg(value_name = "TO")]
        to: Option<String>,
        /// markdown (a section per language) or json.
        #[arg(long, value_enum, default_value = "markdown")]
        format: xtask::changelog::Format,
        /// Only this language's section (Markdown).
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
    /// Serve the site on 127.0.0.1, render it again on every save and reload open pages.
    ///
    /// Pages keep their scroll position and open reasons across a reload; a catalogue with errors
    /// shows them over the last good page. Nothing is written to docs/ unless --write.
    /// Ctrl-C stops it.
    Serve {
        /// The port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Open the site in the desktop's browser.
        #[arg(long)]
        open: bool,
        /// Also write every good render to docs/, as `generate` does.
        #[arg(long)]
        write: bool,
    },
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
    /// Print the long explanation of a check (what it protects, an example, how to fix it).
    #[arg(long, value_name = "CODE", conflicts_with_all = ["format", "deny", "base"])]
    explain: Option<String>,
}

impl CheckArgs {
    fn options(&self) -> pipeline::CheckOptions {
        pipeline::CheckOptions {
            format: self.format,
            deny_warnings: self.deny.contains(&Deny::Warnings),
            deny_stale: self.deny.contains(&Deny::Stale),
            base: self.base.clone(),
        }
    }
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
    // An explanation needs no catalogue.
    if let Command::Check(CheckArgs { explain: Some(code), .. }) = &cli.command {
        return ExitCode::from(xtask::report::explain(code));
    }
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
        Command::Generate { dry_run: false } => ExitCode::from(pipeline::generate(&project, Mode::Write)),
        Command::Generate { dry_run: true } => ExitCode::from(pipeline::generate(&project, Mode::DryRun)),
        Command::Check(args) => ExitCode::from(pipeline::check(&project, &args.options())),
        Command::Changelog { from, to, format, lang } => {
            ExitCode::from(xtask::changelog::run(&project, &from, to.as_deref(), format, lang.as_deref()))
        }
        Command::Serve { port, open, write } => {
            ExitCode::from(xtask::serve::run(&project, &xtask::serve::Options { port, open, write }))
        }
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
            xtask::emit(&xtask::bench::serve_render(project));
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
            .and_then(|()| copy_sources(project, &scratch))
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
            .and_then(|()| copy_sources(project, &scratch))
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

/// The catalogue's copies of its sources, which generation proves quotations against, into a
/// scratch project's `catalogue/` (created).
fn copy_sources(project: &Project, scratch: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(scratch.join("catalogue"))?;
    match project.catalogue.parent().map(|dir| dir.join("sources")) {
        Some(sources) if sources.is_dir() => copy_tree(&sources, &scratch.join("catalogue/sources")),
        _ => Ok(()),
    }
}
