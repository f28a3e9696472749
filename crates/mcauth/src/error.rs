//! The ways an `mcauth` run can fail, typed: what the user gave, reading or writing a file, a
//! place in the input that cannot be read, and the reader of the output going away (which is
//! no failure). `Display` is the message the user sees.

use std::fmt;
use std::io;

/// A failed run; every one exits with status 2 except [`Error::Closed`], which exits 0.
#[derive(Debug)]
pub enum Error {
    /// A flag, value or file that cannot be used, said whole (with its `= help:` lines).
    Message(String),
    /// Reading or writing failed: what was being done (`cannot read history.csv`), and why.
    Io { doing: String, error: io::Error },
    /// The reader of standard output went away (`mcauth … | head`): the run ends quietly.
    Closed,
    /// A place in the input that cannot be read as an access history.
    Input {
        /// The input as the user named it (`history.csv`, `standard input`).
        name: String,
        line: usize,
        /// In characters, where the problem is at one character.
        column: Option<usize>,
        problem: String,
        help: String,
    },
    /// The run failed and so did not write the output file it was asked for.
    NotWritten { error: Box<Error>, path: String },
}

impl Error {
    /// A whole message.
    pub fn message(text: impl Into<String>) -> Error {
        Error::Message(text.into())
    }

    /// A write that failed: a broken pipe is [`Error::Closed`], anything else an I/O error.
    pub fn write(name: &str, error: io::Error) -> Error {
        if error.kind() == io::ErrorKind::BrokenPipe {
            return Error::Closed;
        }
        Error::Io { doing: format!("cannot write to {name}"), error }
    }

    /// A read that failed.
    pub fn read(name: &str, error: io::Error) -> Error {
        Error::Io { doing: format!("cannot read {name}"), error }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Message(text) => f.write_str(text),
            Error::Io { doing, error } => write!(f, "{doing}: {error}"),
            Error::Closed => f.write_str("the reader of the output closed it"),
            Error::Input { name, line, column, problem, help } => {
                write!(f, "{name}:{line}")?;
                if let Some(column) = column {
                    write!(f, ":{column}")?;
                }
                write!(f, ": {problem}\n  = help: {help}")
            }
            Error::NotWritten { error, path } => write!(f, "{error}\n  = note: {path} was not written"),
        }
    }
}

impl std::error::Error for Error {}

impl From<String> for Error {
    fn from(text: String) -> Error {
        Error::Message(text)
    }
}
