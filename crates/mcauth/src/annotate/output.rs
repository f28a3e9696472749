//! Where the annotated CSV goes: standard output, or a file written in full or not at all (an
//! [`outfile::AtomicFile`]: a temporary file beside it, renamed over it only when every row has
//! been written, removed on any error and on SIGINT, SIGTERM or SIGHUP). A device or a pipe
//! named with `-o` is written to directly; a symlink is written through.

use std::io::{BufWriter, Write};
use std::path::Path;

use outfile::{AtomicFile, NewFileMode};

use crate::error::Error;

/// Enough to keep write calls few; the whole output never sits in memory.
const BUFFER_BYTES: usize = 1 << 20;

enum Sink {
    Stream(Box<dyn Write>),
    File(AtomicFile),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stream(w) => w.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stream(w) => w.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

pub struct Output {
    writer: Option<BufWriter<Sink>>,
    /// What the output is, for messages.
    name: String,
}

impl Output {
    fn new(sink: Sink, name: String) -> Output {
        Output { writer: Some(BufWriter::with_capacity(BUFFER_BYTES, sink)), name }
    }

    /// Standard output for `None` or `-`, else a temporary file beside `path` that becomes it.
    /// A file that exists keeps its mode; a new one gets `new_file_mode`.
    pub fn create(path: Option<&Path>, new_file_mode: NewFileMode) -> Result<Output, Error> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output::new(
                Sink::Stream(Box::new(std::io::stdout().lock())),
                crate::messages::tell("standard_output", &[]),
            ));
        };
        let name = path.display().to_string();
        let cannot = |e: std::io::Error| Error::write(&name, e);
        // A device or a pipe (`-o /dev/null`, a FIFO) cannot be replaced by a rename: write to it.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new().write(true).open(path).map_err(cannot)?;
            return Ok(Output::new(Sink::Stream(Box::new(file)), name));
        }
        let file = AtomicFile::create(path, new_file_mode).map_err(cannot)?;
        Ok(Output::new(Sink::File(file), name))
    }

    /// An output that keeps nothing: for a pass that only reads the rows (`report`).
    pub fn discard() -> Output {
        Output::new(Sink::Stream(Box::new(std::io::sink())), "nowhere".to_string())
    }

    /// Is the output a file, written only when complete?
    pub fn is_file(&self) -> bool {
        matches!(self.writer.as_ref().map(BufWriter::get_ref), Some(Sink::File(_)))
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let writer = self.writer.as_mut().expect("written only before commit");
        writer.write_all(bytes).map_err(|e| Error::write(&self.name, e))
    }

    /// Flushes and, for a file, puts it in place.
    pub fn commit(mut self) -> Result<(), Error> {
        let writer = self.writer.take().expect("committed once");
        let sink = writer.into_inner().map_err(|e| Error::write(&self.name, e.into_error()))?;
        match sink {
            Sink::Stream(mut stream) => stream.flush().map_err(|e| Error::write(&self.name, e)),
            Sink::File(file) => file.commit().map_err(|e| Error::write(&self.name, e)),
        }
    }

    /// Leaves nothing behind: the temporary file is removed, the target never touched.
    pub fn abandon(mut self) {
        // Whatever is still buffered is dropped with the writer; the temporary file goes with it.
        if let Some(writer) = self.writer.take() {
            let (sink, _) = writer.into_parts();
            drop(sink);
        }
    }
}
