//! The ways an `mcauth` run can fail, typed: what the user gave, reading or writing a file, a
//! place in the input that cannot be read, and the reader of the output going away (which is
//! no failure). `Display` is the message the user sees, in the language the tool speaks when it
//! is shown (`messages`).

use std::fmt;
use std::io;

use crate::messages::{Said, tell};

/// A failed run; every one exits with status 2 except [`Error::Closed`], which exits 0.
#[derive(Debug)]
pub enum Error {
    /// A flag, value or file that cannot be used, with what to do about it.
    Said { problem: Said, help: Vec<Said> },
    /// The catalogue given with `--catalogue` does not load: its problems, as the catalogue's
    /// checks word them, and what to do.
    Catalogue { problems: Vec<String>, help: Said },
    /// Reading or writing failed: what was being done (`cannot read history.csv`), and why.
    Io { doing: Said, error: io::Error },
    /// The reader of standard output went away (`mcauth … | head`): the run ends quietly.
    Closed,
    /// A place in the input that cannot be read as an access history.
    Input(Box<AtPlace>),
    /// The input is not text at all (an image, a workbook, a UTF-16 file): one line that says
    /// what it seems to be and what the command reads instead.
    NotText(Said),
    /// The run failed and so did not write the output file it was asked for.
    NotWritten { error: Box<Error>, path: String },
}

/// A problem at a place in the input.
#[derive(Debug)]
pub struct AtPlace {
    /// The input as the user named it (`history.csv`, `standard input`).
    pub name: String,
    pub line: usize,
    /// In characters, where the problem is at one character.
    pub column: Option<usize>,
    pub problem: Said,
    pub help: Said,
}

impl Error {
    /// A problem with nothing more to say.
    pub fn said(problem: Said) -> Error {
        Error::Said { problem, help: Vec::new() }
    }

    /// A problem and what to do about it.
    pub fn helped(problem: Said, help: Said) -> Error {
        Error::Said { problem, help: vec![help] }
    }

    /// A problem at a place in the input named `name`.
    pub fn at(name: &str, line: usize, column: Option<usize>, problem: Said, help: Said) -> Error {
        Error::Input(Box::new(AtPlace { name: name.to_string(), line, column, problem, help }))
    }

    /// A write that failed: a broken pipe is [`Error::Closed`], anything else an I/O error.
    pub fn write(name: &str, error: io::Error) -> Error {
        if error.kind() == io::ErrorKind::BrokenPipe {
            return Error::Closed;
        }
        Error::Io { doing: Said::new("cannot_write").with("name", catalogue::terminal::line(name)), error }
    }

    /// A read that failed.
    pub fn read(name: &str, error: io::Error) -> Error {
        Error::Io { doing: Said::new("cannot_read").with("name", catalogue::terminal::line(name)), error }
    }
}

/// `  = help: …` under a message.
fn help_line(f: &mut fmt::Formatter<'_>, help: &Said) -> fmt::Result {
    write!(f, "\n{}", tell("help_line", &[("text", help)]))
}

/// Why an I/O operation failed: the common reasons in the tool's words, others as the system
/// says them.
pub fn why(error: &io::Error) -> String {
    let key = match error.kind() {
        io::ErrorKind::NotFound => "io_not_found",
        io::ErrorKind::PermissionDenied => "io_permission_denied",
        io::ErrorKind::IsADirectory => "io_is_a_directory",
        io::ErrorKind::StorageFull => "io_storage_full",
        _ => return error.to_string(),
    };
    tell(key, &[])
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Said { problem, help } => {
                write!(f, "{problem}")?;
                help.iter().try_for_each(|h| help_line(f, h))
            }
            Error::Catalogue { problems, help } => {
                f.write_str(&tell("catalogue_does_not_load", &[]))?;
                for problem in problems {
                    write!(f, "\n{problem}")?;
                }
                help_line(f, help)
            }
            Error::Io { doing, error } => write!(f, "{doing}: {}", why(error)),
            Error::Closed => f.write_str(&tell("closed", &[])),
            Error::Input(place) => {
                let AtPlace { name, line, column, problem, help } = place.as_ref();
                write!(f, "{name}:{line}")?;
                if let Some(column) = column {
                    write!(f, ":{column}")?;
                }
                write!(f, ": {problem}")?;
                help_line(f, help)
            }
            Error::NotText(said) => write!(f, "{said}"),
            Error::NotWritten { error, path } => {
                write!(f, "{error}\n{}", tell("not_written", &[("path", path)]))
            }
        }
    }
}

impl std::error::Error for Error {}
