//! Generation as a pure function: the catalogue and the templates in, every output file out.
//! What the outputs are is the table in [`crate::artefacts`].

use std::path::PathBuf;

use catalogue::Catalogue;

use crate::artefacts::{self, Artefact, Input, manifest};
use crate::templates::Templates;

pub use crate::output::{Collect, Gathered, GenerateError, Output, Piecewise, Sink};

pub use crate::artefacts::{FAQ, RUST_TABLES, SCHEMA};

/// A sink that notes each path before passing the file on: the manifest's list.
struct Recording<'a> {
    inner: &'a dyn Sink,
    paths: std::sync::Mutex<Vec<PathBuf>>,
}

impl Sink for Recording<'_> {
    fn put(&self, output: Output) -> Result<(), GenerateError> {
        self.paths.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(output.path.clone());
        self.inner.put(output)
    }

    fn open(&self, path: PathBuf) -> Result<Box<dyn Piecewise + '_>, GenerateError> {
        self.paths.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(path.clone());
        self.inner.open(path)
    }
}

/// The artefacts that place no reasons, each rendered once by whichever thread takes it next,
/// its result kept in its place.
struct Others<'a> {
    artefacts: Vec<&'a dyn Artefact>,
    next: std::sync::atomic::AtomicUsize,
    results: Vec<std::sync::OnceLock<Result<(), GenerateError>>>,
}

impl<'a> Others<'a> {
    fn new(artefacts: Vec<&'a dyn Artefact>) -> Self {
        let results = artefacts.iter().map(|_| std::sync::OnceLock::new()).collect();
        Others { artefacts, next: std::sync::atomic::AtomicUsize::new(0), results }
    }

    /// Renders the artefacts no thread has taken yet, one by one.
    fn drain(&self, input: &Input<'_>, sink: &dyn Sink) {
        loop {
            let at = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(artefact) = self.artefacts.get(at) else { return };
            let _ = self.results[at].set(artefact.render(input, sink));
        }
    }

    /// Each artefact's result, in their order; called after a last [`Others::drain`], so that
    /// every one was taken (an artefact left out would be a file silently missing).
    fn results(self) -> impl Iterator<Item = Result<(), GenerateError>> {
        self.results.into_iter().map(|result| result.into_inner().expect("every artefact was drained"))
    }
}

/// From this many reasons on, the other artefacts wait for a language's thread to be done.
const PARALLEL_FROM: usize = 500;

/// Renders every output of every artefact, and the manifest that lists them, by path. Nothing
/// is written here.
pub fn generate(catalogue: &Catalogue, templates: &Templates) -> Result<Vec<Output>, GenerateError> {
    generate_with(artefacts::ALL, catalogue, templates)
}

/// Renders the outputs of these artefacts under the catalogue's output root, and the manifest,
/// by path.
pub fn generate_with(
    artefacts: &[&dyn Artefact],
    catalogue: &Catalogue,
    templates: &Templates,
) -> Result<Vec<Output>, GenerateError> {
    let sink = Collect::default();
    generate_to(artefacts, catalogue, templates, std::path::Path::new(catalogue.output_root()), &sink)?;
    Ok(sink.into_outputs())
}

/// Renders the outputs of these artefacts (for a large catalogue each on a thread of its own)
/// under `out` into a sink as each is made, then the manifest that lists them; returns how many
/// files there are, the manifest included. On an error the sink has been given only part of
/// them.
pub fn generate_to(
    artefacts: &[&dyn Artefact],
    catalogue: &Catalogue,
    templates: &Templates,
    out: &std::path::Path,
    sink: &dyn Sink,
) -> Result<usize, GenerateError> {
    let input = Input::new(catalogue, templates, artefacts, out);
    let recording = Recording { inner: sink, paths: std::sync::Mutex::new(Vec::new()) };
    // The artefacts that place reasons are rendered side by side, a language at a time.
    let placing: Vec<&dyn artefacts::placing::PlacesReasons> =
        artefacts.iter().filter_map(|a| a.places_reasons()).collect();
    let others = Others::new(artefacts.iter().filter(|a| a.places_reasons().is_none()).copied().collect());
    // The others are taken one by one by whichever language's thread is done first, so that
    // the languages' difference in cost is not time one core sits idle. A small catalogue's are
    // rendered here at once instead, while the languages' threads run (then the languages take
    // longer than the thread they would wait for).
    let drain = || others.drain(&input, &recording);
    let placed = std::thread::scope(|scope| {
        let languages = artefacts::placing::spawn(scope, &input, &recording, &placing, &drain);
        if catalogue.reasons().len() < PARALLEL_FROM {
            drain();
        }
        let placed = languages.join();
        // Whatever no language's thread took (when no artefact places reasons).
        drain();
        placed
    });
    // The first error of those that place reasons, then in the order of the others, whichever
    // thread met it first.
    placed?;
    others.results().collect::<Result<(), GenerateError>>()?;
    let paths = recording.paths.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    sink.put(manifest::output(out, &paths))?;
    Ok(paths.len() + 1)
}
