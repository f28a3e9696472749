//! Problems found in a catalogue, each with its file, position, message and a hint to fix it.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use crate::checks::Check;
pub use crate::checks::Severity;
use crate::source::{Position, SourceFile};

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The kind of problem.
    pub check: Check,
    /// Its severity (the check's, unless `--deny` raised it).
    pub severity: Severity,
    /// The file the problem is in, as shown to the user.
    pub file: PathBuf,
    /// Byte range in the file; empty where no precise place exists.
    pub span: Range<usize>,
    /// Where in the file: 1-based line and character column.
    pub position: Position,
    /// The source line the position is on, for display under the message.
    pub line_text: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// More lines for people (a diff, a report), shown in the human format only.
    pub detail: Option<String>,
    /// The problem is about the whole file (missing, stale), not a place in it.
    pub whole_file: bool,
}

impl Diagnostic {
    /// A problem at a span of a source file, with the check's own severity.
    pub fn new(source: &SourceFile, check: Check, span: Range<usize>, message: impl Into<String>) -> Self {
        let position = source.position(span.start);
        Self {
            check,
            severity: check.severity(),
            file: source.path().to_path_buf(),
            line_text: source.line_text(position.line).to_string(),
            span,
            position,
            message: message.into(),
            help: None,
            detail: None,
            whole_file: false,
        }
    }

    /// A problem about a whole file, or at a position in a file that is not loaded here.
    pub fn in_file(
        file: impl Into<PathBuf>,
        position: Option<Position>,
        check: Check,
        message: impl Into<String>,
    ) -> Self {
        Self {
            check,
            severity: check.severity(),
            file: file.into(),
            span: 0..0,
            position: position.unwrap_or(Position { line: 1, column: 1 }),
            line_text: String::new(),
            message: message.into(),
            help: None,
            detail: None,
            whole_file: position.is_none(),
        }
    }

    /// Adds what to do about the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds detail shown under the problem (a diff, a template report).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The check's stable code (`C014`).
    pub fn code(&self) -> &'static str {
        self.check.code()
    }
}

impl fmt::Display for Diagnostic {
    /// rustc's short form with the source line and a caret; every text from the file (the
    /// path, the message, the line) shown as [`crate::terminal`] shows it, the message and the
    /// line on one line each.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::terminal::line;
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            line(&self.file.display().to_string()),
            self.position.line,
            self.position.column,
            self.severity.as_str(),
            self.code(),
            line(&self.message)
        )?;
        if !self.line_text.is_empty() {
            let gutter = self.position.line.to_string().len();
            let start =
                self.line_text.char_indices().nth(self.position.column - 1).map_or(self.line_text.len(), |(i, _)| i);
            let (shown, span) = crate::terminal::line_with_span(&self.line_text, start..start);
            let caret_pad = " ".repeat(shown[..span.start].chars().count());
            write!(f, "\n{:gutter$} |\n{} | {}\n{:gutter$} | {}^", "", self.position.line, shown, "", caret_pad)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", line(help))?;
        }
        Ok(())
    }
}

/// Every problem of one load, sorted by file and position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Diagnostic>);

impl Problems {
    /// Sorts by file and position, and drops duplicates.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.position, a.check, &a.message).cmp(&(&b.file, b.position, b.check, &b.message))
        });
        self.0.dedup();
    }

    /// How many problems are errors.
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// How many problems are warnings.
    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }

    /// Every problem, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Are there no problems?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let errors = self.errors();
        let warnings = self.0.len() - errors;
        write!(f, "{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl std::error::Error for Problems {}
