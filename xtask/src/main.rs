//! `cargo xtask`: generate every output from the catalogue, or check that nothing is stale.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::FAILURE;
use xtask::l10n::cli::L10nCommand;
use xtask::pipeline::{self, Mode};
use xtask::project::Project;
use xtask::report::Format;

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
    /// The folder, relative to the project root, the catalogue's files are generated into
    /// [default: the one its [site] output declares; docs for the project's own catalogue].
    #[arg(long, global = true, value_name = "DIR")]
    out: Option<PathBuf>,
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
        // Help and version as clap styles them; an error, which echoes the argument given,
        // as a terminal may show it.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprint!("{}", catalogue::terminal::text(&e.render().to_string()));
            return ExitCode::from(FAILURE);
        }
    };
    // An explanation needs no catalogue.
    if let Command::Check(CheckArgs { explain: Some(code), .. }) = &cli.command {
        return ExitCode::from(xtask::report::explain(code));
    }
    let root = cli.root.clone().unwrap_or_else(Project::default_root);
    let project = match Project::new(&root, cli.catalogue.as_deref()) {
        Ok(project) => project.with_out(cli.out.clone()),
        Err(message) => {
            xtask::say!("{message}");
            return ExitCode::from(FAILURE);
        }
    };
    let status = match cli.command {
        Command::Bench => ExitCode::from(xtask::bench::driver::run(&project)),
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
    if let Some(path) = std::env::var_os(xtask::bench::driver::PEAK_MEMORY_FILE) {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap_or_default();
        let _ = std::fs::write(path, peak.trim().trim_end_matches("kB").trim());
    }
    status
}
