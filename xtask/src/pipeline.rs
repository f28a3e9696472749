//! The runs `cargo xtask generate` and `check` make: the catalogue loaded, its provenance
//! proved, every artefact rendered into a sink that compares it with the disk, and what to do
//! with the result (write it, say what would change, or report what is stale). The translators'
//! commands regenerate through it after an import, so that the project stays consistent.

use std::path::Path;

use catalogue::{Check, Diagnostic, Severity};

use crate::artefacts::manifest;
use crate::files::{self, OnChange, Reconcile, Reconciled};
use crate::generate;
use crate::project::{Project, display_path};
use crate::report::{self, Format};
use crate::{FAILURE, PROBLEMS};

/// What one run found: the outputs reconciled with the disk when they could be rendered, and
/// every problem.
pub struct Run {
    /// The catalogue, when it loaded.
    pub catalogue: Option<catalogue::Catalogue>,
    /// The document as far as it decoded, when the catalogue did not load.
    pub partial: Option<catalogue::Document>,
    pub outputs: Option<Reconciled>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the provenance check found besides its problems, when the catalogue loaded.
    pub provenance: Option<crate::provenance::Summary>,
    /// The folder the catalogue's files are generated under, relative to the root.
    pub out: std::path::PathBuf,
}

/// How `check` reports: its format, what it denies, and the base it compares with.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The format of the problems; `None` follows the environment (GitHub Actions or a person).
    pub format: Option<Format>,
    /// Every warning is an error.
    pub deny_warnings: bool,
    /// A stale translation is an error.
    pub deny_stale: bool,
    /// A git revision whose reason ids, codes and published anchors must all still be here.
    pub base: Option<String>,
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
pub fn run(project: &Project, reconcile: Reconcile<'_>) -> Result<Run, String> {
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
                out: project.out.clone().unwrap_or_else(|| catalogue::site::DEFAULT_ROOT.into()),
            });
        }
    };
    // The templates are read and parsed on a thread of their own while the catalogue loads.
    let (loaded, templates) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| crate::artefacts::templates(&project.templates));
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
        let (problems, summary) = crate::provenance::verify(catalogue, &project.catalogue, shown_dir);
        diagnostics.extend(problems);
        summary
    });
    // Every `[ui]` label a template prints that the catalogue lacks, all in this one run.
    if let (Some(catalogue), Ok(templates)) = (&catalogue, &templates) {
        diagnostics.extend(missing_labels(&project.root, catalogue, templates));
    }
    let render = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    let out = match &catalogue {
        Some(catalogue) => project.output_root(catalogue)?,
        None => project.out.clone().unwrap_or_else(|| catalogue::site::DEFAULT_ROOT.into()),
    };
    let artefacts = crate::artefacts::for_catalogue(project.builtin);
    let outputs = match (&catalogue, templates) {
        (_, Err(e)) => {
            diagnostics.push(template_diagnostic(&project.root, e));
            None
        }
        (Some(_), Ok(_)) if !render => None,
        (Some(catalogue), Ok(templates)) => {
            match generate::generate_to(&artefacts, catalogue, &templates, &out, &reconcile) {
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
            }
        }
        (None, Ok(_)) => None,
    };
    Ok(Run { catalogue, partial, outputs, diagnostics, provenance, out })
}

/// A C025 for each `[ui]` label the templates print and the catalogue does not have, at the
/// template line that first prints it.
fn missing_labels(
    root: &Path,
    catalogue: &catalogue::Catalogue,
    templates: &crate::templates::Templates,
) -> Vec<Diagnostic> {
    let shown = display_path(root, catalogue.source().path());
    templates
        .ui_labels()
        .iter()
        .filter(|(label, ..)| catalogue.ui(label).is_none())
        .map(|(label, template, line, column)| {
            Diagnostic::in_file(
                display_path(root, template),
                Some(catalogue::Position { line: *line, column: *column }),
                Check::Template,
                format!("the template prints the [ui] label `{label}`, which {} does not have", shown.display()),
            )
            .with_help(format!("add `{label} = {{ … }}` to the catalogue's [ui] table, in every language"))
        })
        .collect()
}

fn template_diagnostic(root: &Path, error: crate::templates::TemplateError) -> Diagnostic {
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
pub enum Mode {
    Write,
    DryRun,
}

pub fn generate(project: &Project, mode: Mode) -> u8 {
    let on_change = match mode {
        Mode::Write => OnChange::Stage,
        Mode::DryRun => OnChange::Note,
    };
    let run = match run(project, Reconcile::new(&project.root, on_change)) {
        Ok(run) => run,
        Err(message) => {
            crate::say!("{message}");
            return FAILURE;
        }
    };
    if !run.diagnostics.is_empty() {
        eprint!("{}", report::render(&run.diagnostics, Format::Human, report::use_colour()));
    }
    let Some(outputs) = run.outputs else {
        crate::say!("{}; nothing was written", report::summary(&run.diagnostics));
        return PROBLEMS;
    };
    // The process ends with this command, and the system takes back its memory at once: freeing
    // a large catalogue entry by entry would cost a quarter of a second at 100,000 reasons.
    std::mem::forget(run.catalogue);
    let orphans = manifest::orphans(&project.root, &run.out, &outputs.paths);
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
        crate::emit(&listing);
        crate::say!(
            "dry run: {} of {} generated files would change, {} would be removed; nothing was written",
            stale.len(),
            generated,
            orphans.len()
        );
        return 0;
    }
    let dirs = files::written_dirs(&project.root, &outputs.paths, &project.catalogue);
    for path in files::remove_dead_leftovers(&dirs) {
        crate::say!(
            "removed {}, left by an interrupted run",
            catalogue::terminal::line(&display_path(&project.root, &path).display().to_string())
        );
    }
    match outputs.commit() {
        Ok(changed) => {
            let listing: String = changed.iter().map(|path| format!("wrote {}\n", path.display())).collect();
            crate::emit(&listing);
            for path in &orphans {
                match std::fs::remove_file(project.root.join(path)) {
                    Ok(()) => crate::emit(&format!("removed {}, no longer generated\n", path.display())),
                    Err(e) => crate::say!(
                        "warning: cannot remove {}, no longer generated: {e}",
                        catalogue::terminal::line(&path.display().to_string())
                    ),
                }
            }
            if changed.is_empty() {
                crate::say!("{generated} generated files, all up to date");
            } else {
                crate::say!("{} of {generated} generated files changed", changed.len());
            }
            0
        }
        Err(e) => {
            crate::say!("error: cannot write the outputs: {e}");
            FAILURE
        }
    }
}

/// The site's files rendered in memory, by path, for `serve`: the catalogue loaded and its
/// provenance proved as `generate` does, the templates the site needs parsed, nothing written.
/// `Err` holds every problem that stops a render, as `check` would report it.
pub fn render_site(project: &Project) -> Result<(std::path::PathBuf, Vec<crate::generate::Output>), Vec<Diagnostic>> {
    let shown = display_path(&project.root, &project.catalogue);
    let source = catalogue::read(&project.catalogue, &shown).map_err(|p| p.0)?;
    let (loaded, templates) = std::thread::scope(|scope| {
        let templates = scope.spawn(|| crate::artefacts::templates_for(&project.templates, crate::artefacts::SITE));
        (catalogue::load_checked(source), templates.join().expect("the template thread panicked"))
    });
    let catalogue = loaded.map_err(|unloaded| unloaded.problems.0)?;
    let shown_dir = shown.parent().unwrap_or(Path::new(""));
    let (problems, _) = crate::provenance::verify(&catalogue, &project.catalogue, shown_dir);
    if problems.iter().any(|d| d.severity == Severity::Error) {
        return Err(problems);
    }
    let templates = templates.map_err(|e| vec![template_diagnostic(&project.root, e)])?;
    let out = project.output_root(&catalogue).map_err(|why| vec![Diagnostic::in_file(&shown, None, Check::Io, why)])?;
    let sink = generate::Collect::default();
    generate::generate_to(crate::artefacts::SITE, &catalogue, &templates, &out, &sink).map_err(|e| match e {
        generate::GenerateError::Template(e) => vec![template_diagnostic(&project.root, e)],
        other => vec![Diagnostic::in_file(&shown, None, Check::Io, other.to_string())],
    })?;
    Ok((out, sink.into_outputs()))
}

/// Brings every output up to date after a command edited the catalogue (an import, a stamp, a
/// propagation), as `generate` does, saying only how many files changed. `Err` says why nothing
/// was written: a problem of the catalogue, which `check` details.
pub fn regenerate(project: &Project) -> Result<usize, String> {
    let run = run(project, Reconcile::new(&project.root, OnChange::Stage))?;
    let Some(outputs) = run.outputs else {
        return Err(report::summary(&run.diagnostics));
    };
    let orphans = manifest::orphans(&project.root, &run.out, &outputs.paths);
    let dirs = files::written_dirs(&project.root, &outputs.paths, &project.catalogue);
    files::remove_dead_leftovers(&dirs);
    let changed = outputs.commit().map_err(|e| format!("cannot write the outputs: {e}"))?;
    let removed = orphans.iter().filter(|path| std::fs::remove_file(project.root.join(path)).is_ok()).count();
    Ok(changed.len() + removed)
}

pub fn check(project: &Project, args: &CheckOptions) -> u8 {
    // The pages published at the base revision, read first: their generated copies are kept
    // to compare anchors; every other output is dropped once compared with the disk.
    let published = match &args.base {
        Some(rev) => match crate::base::published_anchors(rev, &project.root) {
            Ok(published) => Some((rev, published)),
            Err(message) => {
                crate::say!("{message}");
                return FAILURE;
            }
        },
        None => None,
    };
    let keep = published.iter().flat_map(|(_, pages)| pages.iter().map(|(path, _)| path.clone()));
    let reconcile = Reconcile::new(&project.root, OnChange::Diff).keeping(keep);
    let mut run = match run(project, reconcile) {
        Ok(run) => run,
        Err(message) => {
            crate::say!("{message}");
            return FAILURE;
        }
    };
    let mut diagnostics = std::mem::take(&mut run.diagnostics);
    let outputs = run.outputs.take();
    if let (Some(rev), Some(document)) = (&args.base, run.document()) {
        match crate::base::catalogue_at(rev, &project.catalogue) {
            Ok(Some(before)) => {
                let shown = display_path(&project.root, &project.catalogue);
                diagnostics.extend(crate::base::compare(rev, &shown, &before, document))
            }
            Ok(None) => crate::say!("note: the catalogue did not exist at {rev}; nothing to compare"),
            Err(message) => {
                crate::say!("{message}");
                return FAILURE;
            }
        }
    }
    if let (Some((rev, published)), Some(outputs)) = (&published, &outputs) {
        diagnostics.extend(crate::base::lost_anchors(rev, published, &outputs.kept));
    }
    let paths = outputs.as_ref().map(|o| o.paths.as_slice()).unwrap_or_default();
    let stale = outputs.as_ref().map(|o| o.stale.as_slice()).unwrap_or_default();
    for path in manifest::orphans(&project.root, &run.out, paths) {
        diagnostics.push(
            Diagnostic::in_file(&path, None, Check::StaleOutput, format!("{} is no longer generated", path.display()))
                .with_help(format!("delete it, or run `{}`, which removes it", crate::GENERATE_COMMAND)),
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
                crate::GENERATE_COMMAND
            )),
        );
    }
    for file in stale {
        let (message, detail) = match &file.diff {
            None => (format!("{} is missing", file.path.display()), None),
            Some(diff) => (format!("{} is stale", file.path.display()), Some(diff.clone())),
        };
        let diagnostic = Diagnostic::in_file(&file.path, None, Check::StaleOutput, message)
            .with_help(format!("run `{}` and commit the result", crate::GENERATE_COMMAND));
        diagnostics.push(match detail {
            Some(detail) => diagnostic.with_detail(detail),
            None => diagnostic,
        });
    }
    for diagnostic in &mut diagnostics {
        let denied = args.deny_warnings || (args.deny_stale && diagnostic.check == Check::StaleTranslation);
        if denied {
            diagnostic.severity = Severity::Error;
        }
    }
    let format = args.format.unwrap_or_else(Format::detect);
    let rendered = report::render(&diagnostics, format, report::use_colour());
    match format {
        Format::Human => eprint!("{rendered}"),
        Format::Github | Format::Json => crate::emit(&rendered),
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let failed = errors > 0;
    if !stale.is_empty() {
        crate::say!(
            "{} generated file{} out of date; run `{}` and commit the result",
            stale.len(),
            if stale.len() == 1 { " is" } else { "s are" },
            crate::GENERATE_COMMAND
        );
    }
    if let Some(summary) = &run.provenance {
        crate::say!("{}", summary.line());
    }
    match (&outputs, failed) {
        (Some(outputs), false) => {
            crate::say!(
                "catalogue ok; {} generated files fresh; {}",
                outputs.paths.len(),
                report::summary(&diagnostics)
            )
        }
        _ => crate::say!("{}", report::summary(&diagnostics)),
    }
    if failed { PROBLEMS } else { 0 }
}
