//! `cargo xtask`: generate every output from the catalogue, or check that nothing is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::files;
use xtask::generate::{self, Output};
use xtask::project::Project;
use xtask::templates::Templates;

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
    /// Writes nothing when the catalogue or a template has a problem.
    Generate,
    /// Validate the catalogue and verify that every generated file is fresh. Writes nothing.
    ///
    /// Exit status: 0 clean, 1 problems found, 2 usage or I/O error.
    Check,
    /// Print how long loading, validating and rendering take (always a release build).
    ///
    /// Measures the real catalogue, synthetic catalogues of 1,000 and 10,000 reasons, and the
    /// whole `generate` process.
    Bench,
}

/// Exit status for problems found in the catalogue, a template or a generated file.
const PROBLEMS: u8 = 1;
/// Exit status for a wrong flag or an I/O failure.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
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
    if let Command::Bench = cli.command {
        return bench(&project);
    }
    let outputs = match render(&project) {
        Ok(outputs) => outputs,
        Err(code) => return code,
    };
    match cli.command {
        Command::Generate => match files::write_changed(&project.root, &outputs) {
            Ok(changed) if changed.is_empty() => {
                eprintln!("{} generated files, all up to date", outputs.len());
                ExitCode::SUCCESS
            }
            Ok(changed) => {
                for path in &changed {
                    println!("wrote {}", path.display());
                }
                eprintln!("{} of {} generated files changed", changed.len(), outputs.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write the outputs: {e}");
                ExitCode::from(FAILURE)
            }
        },
        Command::Bench => unreachable!("handled above"),
        Command::Check => {
            let stale = files::stale(&project.root, &outputs);
            for file in &stale {
                match &file.diff {
                    None => eprintln!("error: {} is missing", file.path.display()),
                    Some(diff) => eprintln!("error: {} is stale\n{diff}", file.path.display()),
                }
            }
            if stale.is_empty() {
                eprintln!("catalogue ok; {} generated files fresh", outputs.len());
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "{} generated file{} out of date; run `{}` and commit the result",
                    stale.len(),
                    if stale.len() == 1 { " is" } else { "s are" },
                    xtask::GENERATE_COMMAND
                );
                ExitCode::from(PROBLEMS)
            }
        }
    }
}

/// Loads the catalogue and templates and renders every output, or reports why it cannot.
fn render(project: &Project) -> Result<Vec<Output>, ExitCode> {
    let shown = display_path(&project.root, &project.catalogue);
    let text = std::fs::read_to_string(&project.catalogue).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", shown.display());
        ExitCode::from(FAILURE)
    })?;
    let catalogue = catalogue::load_source(catalogue::SourceFile::new(shown, text)).map_err(|problems| {
        eprintln!("{problems}");
        ExitCode::from(PROBLEMS)
    })?;
    let templates = Templates::load(&project.templates).map_err(|e| {
        eprintln!("{}", relative_error(&project.root, e));
        ExitCode::from(PROBLEMS)
    })?;
    generate::generate(&catalogue, &templates).map_err(|e| {
        match e {
            generate::GenerateError::Template(t) => eprintln!("{}", relative_error(&project.root, t)),
            other => eprintln!("{other}"),
        }
        ExitCode::from(PROBLEMS)
    })
}

fn relative_error(root: &Path, mut error: xtask::templates::TemplateError) -> xtask::templates::TemplateError {
    error.file = display_path(root, &error.file);
    error
}

/// A path as users should see it: relative to the current directory or the project root.
fn display_path(root: &Path, path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let cwd = std::env::current_dir().ok();
    cwd.iter()
        .chain(std::iter::once(&root.to_path_buf()))
        .find_map(|base| absolute.strip_prefix(std::path::absolute(base).ok()?).ok().map(Path::to_path_buf))
        .unwrap_or(absolute)
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
    // The whole process, as a writer runs it: a fresh copy of the project, nothing to write.
    let process = std::env::current_exe().ok().and_then(|exe| {
        let scratch = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        let run = |args: &[&str]| std::process::Command::new(&exe).args(args).arg("--root").arg(&scratch).output().ok();
        for dir in ["catalogue", "templates"] {
            copy_tree(&project.root.join(dir), &scratch.join(dir)).ok()?;
        }
        run(&["generate"])?;
        let time = xtask::bench::median(21, || {
            let _ = run(&["generate"]);
        });
        let _ = std::fs::remove_dir_all(&scratch);
        Some(time)
    });
    match xtask::bench::run(&project.catalogue, &project.templates, process) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(PROBLEMS)
        }
    }
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
