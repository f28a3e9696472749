//! What generation produces and where it goes: a generated file ([`Output`]), the sinks that
//! take files as they are rendered ([`Sink`], [`Piecewise`]), and why a file could not be made
//! ([`GenerateError`], [`TemplateError`]). A leaf: every artefact, the generator and the
//! templates use it, and it uses none of them.

use std::fmt;
use std::path::PathBuf;

/// One generated file: its path relative to the project root, and its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Why an output could not be rendered.
#[derive(Debug)]
pub enum GenerateError {
    /// A template failed to render.
    Template(TemplateError),
    /// An artefact could not build one of its files.
    Artefact { path: PathBuf, message: String },
    /// A rendered file could not be read back, compared or staged on disk.
    Write { path: PathBuf, error: std::io::Error },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Template(e) => write!(f, "{e}"),
            GenerateError::Artefact { path, message } => write!(f, "error: cannot write {}: {message}", path.display()),
            GenerateError::Write { path, error } => write!(f, "error: cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<TemplateError> for GenerateError {
    fn from(e: TemplateError) -> Self {
        GenerateError::Template(e)
    }
}

/// Where rendered files go, each as soon as it is rendered, so that no run holds every output
/// at once: [`Collect`] keeps them (tests, the benchmark); `files::Reconcile` compares each with
/// the disk and stages the changed ones.
///
/// Artefacts put files from several threads at once; a sink orders what it keeps by path, so
/// its result never depends on which thread was first.
pub trait Sink: Sync {
    /// Takes a whole file.
    fn put(&self, output: Output) -> Result<(), GenerateError>;

    /// Opens a file to be given in pieces, for a page too large to hold whole (the FAQ of a
    /// large catalogue). It counts only once finished; dropped before, it is abandoned.
    fn open(&self, path: PathBuf) -> Result<Box<dyn Piecewise + '_>, GenerateError>;
}

/// A file being given to a sink piece by piece ([`Sink::open`]).
pub trait Piecewise {
    fn write(&mut self, piece: &[u8]) -> Result<(), GenerateError>;

    /// The file is whole.
    fn finish(self: Box<Self>) -> Result<(), GenerateError>;
}

/// A file gathered in memory and put whole when finished: the pieces of a sink that keeps or
/// compares whole files.
pub struct Gathered<'a, S: Sink> {
    sink: &'a S,
    output: Output,
}

impl<'a, S: Sink> Gathered<'a, S> {
    pub fn new(sink: &'a S, path: PathBuf) -> Self {
        Gathered { sink, output: Output { path, bytes: Vec::new() } }
    }
}

impl<S: Sink> Piecewise for Gathered<'_, S> {
    fn write(&mut self, piece: &[u8]) -> Result<(), GenerateError> {
        self.output.bytes.extend_from_slice(piece);
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), GenerateError> {
        self.sink.put(self.output)
    }
}

/// A sink that keeps every output.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<Output>>);

impl Sink for Collect {
    fn put(&self, output: Output) -> Result<(), GenerateError> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(output);
        Ok(())
    }

    fn open(&self, path: PathBuf) -> Result<Box<dyn Piecewise + '_>, GenerateError> {
        Ok(Box::new(Gathered::new(self, path)))
    }
}

impl Collect {
    /// The outputs, by path.
    pub fn into_outputs(self) -> Vec<Output> {
        let mut outputs = self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        outputs
    }
}

/// A template that could not be read, parsed or rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// Tera's own report, with the template line and a marker under the span.
    pub report: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}:{}", self.column.unwrap_or(1))?;
        }
        write!(f, ": error: template: {}", self.message)?;
        if !self.report.is_empty() && self.report != self.message {
            write!(f, "\n{}", self.report.trim_end())?;
        }
        write!(f, "\n  = help: fix the template; templates hold structure only, words come from the catalogue")
    }
}

impl std::error::Error for TemplateError {}
