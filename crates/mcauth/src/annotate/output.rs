//! Where the annotated CSV goes: standard output, or a file written in full or not at all (a
//! temporary file beside it, renamed over it only when every row has been written). A device or
//! a pipe named with `-o` is written to directly.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The error of a write to a pipe whose reader has gone (`mcauth annotate … | head`): not a
/// failure, so the command stops quietly.
pub const CLOSED: &str = "the reader of the output closed it";

/// Enough to keep write calls few; the whole output never sits in memory.
const BUFFER_BYTES: usize = 1 << 20;

pub struct Output {
    writer: BufWriter<Box<dyn Write>>,
    /// The temporary file and the path it becomes, when writing a file.
    file: Option<(PathBuf, PathBuf)>,
    /// What the output is, for messages.
    name: String,
}

impl Output {
    fn new(writer: Box<dyn Write>, file: Option<(PathBuf, PathBuf)>, name: String) -> Output {
        Output { writer: BufWriter::with_capacity(BUFFER_BYTES, writer), file, name }
    }

    /// Standard output for `None` or `-`, else a temporary file beside `path`.
    pub fn create(path: Option<&Path>) -> Result<Output, String> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output::new(Box::new(std::io::stdout().lock()), None, "standard output".to_string()));
        };
        let name = path.display().to_string();
        let cannot = |e: std::io::Error| format!("cannot write to {name}: {e}");
        // A device or a pipe (`-o /dev/null`, a FIFO) cannot be replaced by a rename: write to it.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new().write(true).open(path).map_err(cannot)?;
            return Ok(Output::new(Box::new(file), None, name));
        }
        let Some(file_name) = path.file_name() else {
            return Err(format!("cannot write to {name}: it names no file"));
        };
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(file_name);
        temporary_name.push(format!(".{}.tmp", std::process::id()));
        let temporary = path.with_file_name(temporary_name);
        let file = File::create(&temporary).map_err(cannot)?;
        Ok(Output::new(Box::new(file), Some((temporary, path.to_path_buf())), name))
    }

    /// Is the output a file, written only when complete?
    pub fn is_file(&self) -> bool {
        self.file.is_some()
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer.write_all(bytes).map_err(|e| self.error(e))
    }

    fn error(&self, error: std::io::Error) -> String {
        if self.file.is_none() && error.kind() == std::io::ErrorKind::BrokenPipe {
            return CLOSED.to_string();
        }
        format!("cannot write to {}: {error}", self.name)
    }

    /// Flushes and, for a file, puts it in place.
    pub fn commit(mut self) -> Result<(), String> {
        if let Err(error) = self.writer.flush() {
            let message = self.error(error);
            self.abandon();
            return Err(message);
        }
        if let Some((temporary, path)) = self.file.take()
            && let Err(error) = std::fs::rename(&temporary, &path)
        {
            let _ = std::fs::remove_file(&temporary);
            return Err(format!("cannot write to {}: {error}", self.name));
        }
        Ok(())
    }

    /// Leaves nothing behind: the temporary file is removed, the target never touched.
    pub fn abandon(mut self) {
        if let Some((temporary, _)) = self.file.take() {
            // Whatever is still buffered is dropped with the writer; the file goes with it.
            let _ = std::fs::remove_file(&temporary);
        }
    }
}
