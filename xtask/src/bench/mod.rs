//! `cargo xtask bench`: how long loading, validating and rendering every output takes, for the
//! real catalogue and for synthetic catalogues of 1,000 and 10,000 reasons made from it.

pub mod driver;

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use catalogue::{Catalogue, SourceFile};

use crate::artefacts;
use crate::generate;
use crate::templates::Templates;

/// One measured catalogue size.
pub struct Figure {
    pub label: String,
    pub reasons: usize,
    pub load: Duration,
    pub render: Duration,
    /// Each artefact's render alone, in the order of the artefact table: where
    /// the time goes.
    pub artefacts: Vec<(&'static str, usize, Duration)>,
}

impl Figure {
    pub fn total(&self) -> Duration {
        self.load + self.render
    }
}

/// The median of `runs` timings of `f`.
pub fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Measures load-and-validate and render for catalogue text.
pub fn measure(label: &str, text: &str, templates: &Templates, runs: usize) -> Result<Figure, String> {
    let parse = || catalogue::load_source(SourceFile::new("catalogue/bench.toml", text)).map_err(|p| p.to_string());
    let catalogue: Catalogue = parse()?;
    generate::generate(&catalogue, templates).map_err(|e| e.to_string())?;
    let load = median(runs, || {
        let _ = parse();
    });
    let render = median(runs, || {
        let _ = generate::generate(&catalogue, templates);
    });
    let artefacts = artefacts::ALL
        .iter()
        .map(|artefact| {
            let mut files = 0;
            let time = median(runs, || {
                // Alone: the reasons' views it places are made for it.
                let input = artefacts::Input::new(
                    &catalogue,
                    templates,
                    &[*artefact],
                    std::path::Path::new(catalogue.output_root()),
                );
                let counted = Count::default();
                files = artefact.render(&input, &counted).map_or(0, |()| counted.0.into_inner());
            });
            (artefact.name(), files, time)
        })
        .collect();
    Ok(Figure { label: label.to_string(), reasons: catalogue.reasons().len(), load, render, artefacts })
}

/// A sink that counts the files and drops them: an artefact's own time.
#[derive(Default)]
struct Count(std::sync::atomic::AtomicUsize);

impl generate::Sink for Count {
    fn put(&self, _: generate::Output) -> Result<(), generate::GenerateError> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    fn open(&self, _: std::path::PathBuf) -> Result<Box<dyn generate::Piecewise + '_>, generate::GenerateError> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Box::new(Dropped))
    }
}

/// Pieces dropped as they come.
struct Dropped;

impl generate::Piecewise for Dropped {
    fn write(&mut self, _: &[u8]) -> Result<(), generate::GenerateError> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), generate::GenerateError> {
        Ok(())
    }
}

/// Catalogue text with `extra` synthetic reasons appended, each a copy of the catalogue's own
/// reasons in turn under a new id and a new code, so the texts are as long as real ones.
pub fn synthetic(text: &str, catalogue: &Catalogue, extra: usize) -> String {
    let source = catalogue.source();
    let reasons = catalogue.reasons();
    let mut out = String::with_capacity(text.len() * (extra / reasons.len().max(1) + 2));
    out.push_str(text);
    for i in 0..extra {
        let reason = &reasons[i % reasons.len()];
        // The reason's own TOML, from its `[[reasons]]` header to the next one.
        let start = source.text()[..reason.id.span().start].rfind("[[reasons]]").unwrap_or(0);
        let end = source.text()[reason.id.span().end..]
            .find("\n[[reasons]]")
            .map_or(source.text().len(), |n| reason.id.span().end + n + 1);
        let mut entry = source.slice(start..end).to_string();
        entry = entry.replacen(&format!("\"{}\"", reason.id()), &format!("\"synthetic-{i}\""), 1);
        let codes = source.slice(reason.codes.span()).to_string();
        entry = entry.replacen(&codes, &format!("[\"{}\"]", 900_000_000 + i), 1);
        // The copy's new code is its own: its shared-code notes become plain notes.
        entry = entry
            .lines()
            .map(|line| if line.starts_with("[reasons.shared_codes.") { "[[reasons.notes]]" } else { line })
            .collect::<Vec<_>>()
            .join("\n");
        out.push('\n');
        out.push_str(&entry);
    }
    out
}

/// Runs the benchmark and returns the report.
pub fn run(
    catalogue_path: &Path,
    templates_dir: &Path,
    processes: Option<(Duration, Duration)>,
) -> Result<String, String> {
    let text = std::fs::read_to_string(catalogue_path)
        .map_err(|e| format!("cannot read {}: {e}", catalogue_path.display()))?;
    let templates = crate::artefacts::templates(templates_dir).map_err(|e| e.to_string())?;
    let real =
        catalogue::load_source(SourceFile::new("catalogue/bench.toml", text.as_str())).map_err(|p| p.to_string())?;
    let mut figures = vec![measure("real catalogue", &text, &templates, 50)?];
    for (size, runs) in [(1_000, 10), (10_000, 3)] {
        let extra = size - real.reasons().len().min(size);
        figures.push(measure(&format!("synthetic {size}"), &synthetic(&text, &real, extra), &templates, runs)?);
    }
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{:<16} {:>8} {:>14} {:>12} {:>12} {:>14}",
        "catalogue", "reasons", "load+validate", "render", "total", "per reason"
    );
    for f in &figures {
        let _ = writeln!(
            report,
            "{:<16} {:>8} {:>11.2} ms {:>9.2} ms {:>9.2} ms {:>11.1} µs",
            f.label,
            f.reasons,
            ms(f.load),
            ms(f.render),
            ms(f.total()),
            f.total().as_secs_f64() * 1e6 / f.reasons as f64
        );
    }
    if let Some(largest) = figures.last() {
        let _ = writeln!(
            report,
            "\neach artefact alone (a language a thread for those that place reasons), {}:",
            largest.label
        );
        for (name, files, time) in &largest.artefacts {
            let _ = writeln!(report, "  {name:<30} {files:>6} files {:>9.2} ms", ms(*time));
        }
    }
    if let Some((generate, check)) = processes {
        let _ = writeln!(report, "\nwhole processes on the real catalogue (median of 21 runs):");
        let _ = writeln!(report, "  cargo xtask generate (nothing to write): {:.2} ms", ms(generate));
        let _ = writeln!(report, "  cargo xtask check:                      {:.2} ms", ms(check));
    }
    Ok(report)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// What `serve` pays on each save, median of 21 runs: the site rendered in memory from the
/// files on disk (catalogue read, loaded, checked and proved against its sources; templates
/// parsed; every page rendered), nothing written.
pub fn serve_render(project: &crate::project::Project) -> String {
    let time = median(21, || {
        let _ = crate::pipeline::render_site(project);
    });
    format!("\n`serve`, one render of the site on a save (median of 21): {:.2} ms\n", ms(time))
}
