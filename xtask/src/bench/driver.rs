//! `cargo xtask bench` as a command: a debug build re-runs itself in release; the whole
//! processes are timed on scratch copies of the project; synthetic catalogues of up to 100,000
//! reasons measure growth; `mdbook build` is run beside `generate` when it is installed.

use std::path::Path;

use crate::project::Project;
use crate::{FAILURE, PROBLEMS};

/// Names a file to write the process's peak memory (KiB) to at exit; set by `bench` only.
pub const PEAK_MEMORY_FILE: &str = "XTASK_BENCH_PEAK_MEMORY_FILE";

/// Runs the benchmark in a release build: a debug build re-runs itself with `--release`.
/// Returns the exit status.
pub fn run(project: &Project) -> u8 {
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
            Ok(status) => status.code().unwrap_or(2) as u8,
            Err(e) => {
                eprintln!("error: cannot run cargo: {e}");
                FAILURE
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
        let generate = super::median(21, || {
            let _ = run(&["generate"]);
        });
        let check = super::median(21, || {
            let _ = run(&["check"]);
        });
        let _ = std::fs::remove_dir_all(&scratch);
        Some((generate, check))
    });
    match super::run(&project.catalogue, &project.templates, processes) {
        Ok(report) => {
            crate::emit(&report.to_string());
            crate::emit(&super::serve_render(project));
            crate::emit(&whole_runs(project));
            crate::emit(&beside_mdbook(project));
            0
        }
        Err(e) => {
            eprintln!("{e}");
            PROBLEMS
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
        let synthetic = super::synthetic(&text, &real, size - real.reasons().len().min(size));
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
            if size == 0 { text.clone() } else { super::synthetic(&text, &real, size - real.reasons().len()) };
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
