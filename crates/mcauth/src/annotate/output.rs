//! Where the annotated CSV goes: standard output, or a file written in full or not at all (a
//! temporary file beside it, renamed over it only when every row has been written).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Enough to keep write calls few; the whole output never sits in memory.
const BUFFER_BYTES: usize = 1 << 20;

pub struct Output {
    writer: BufWriter<Box<dyn Write>>,
    /// The temporary file and the path it becomes, when writing a file.
    file: Option<(PathBuf, PathBuf)>,
}

impl Output {
    /// Standard output for `None` or `-`, else a temporary file beside `path`.
    pub fn create(path: Option<&Path>) -> Result<Output, String> {
        let path = path.filter(|p| p.as_os_str() != "-");
        let Some(path) = path else {
            return Ok(Output {
                writer: BufWriter::with_capacity(BUFFER_BYTES, Box::new(std::io::stdout().lock())),
                file: None,
            });
        };
        let name = path.file_name().ok_or_else(|| format!("cannot write {}: it names no file", path.display()))?;
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".{}.tmp", std::process::id()));
        let temporary = path.with_file_name(temporary_name);
        let file = File::create(&temporary).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(Output {
            writer: BufWriter::with_capacity(BUFFER_BYTES, Box::new(file)),
            file: Some((temporary, path.to_path_buf())),
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer.write_all(bytes).map_err(|e| self.write_error(e))
    }

    fn write_error(&self, error: std::io::Error) -> String {
        match &self.file {
            Some((_, path)) => format!("cannot write {}: {error}", path.display()),
            None => format!("cannot write to standard output: {error}"),
        }
    }

    /// Flushes and, for a file, puts it in place.
    pub fn commit(mut self) -> Result<(), String> {
        if let Err(error) = self.writer.flush() {
            let message = self.write_error(error);
            self.abandon();
            return Err(message);
        }
        if let Some((temporary, path)) = self.file.take()
            && let Err(error) = std::fs::rename(&temporary, &path)
        {
            let _ = std::fs::remove_file(&temporary);
            return Err(format!("cannot write {}: {error}", path.display()));
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
