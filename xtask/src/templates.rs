//! Loading the Tera templates of `templates/` and rendering them, with errors that name the
//! template file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

/// The templates every generation needs, by file name.
pub const REQUIRED: &[&str] = &["faq.md.tera", "faq.html.tera"];

/// Templates whose output is HTML: everything they print is escaped unless marked `safe`.
const HTML_SUFFIX: &str = ".html.tera";

pub struct Templates {
    tera: Tera,
    dir: PathBuf,
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

impl Templates {
    /// Reads and parses the required templates from a directory.
    pub fn load(dir: &Path) -> Result<Self, TemplateError> {
        let mut tera = Tera::new();
        tera.autoescape_on([HTML_SUFFIX]);
        for name in REQUIRED {
            let path = dir.join(name);
            let source = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                file: path.clone(),
                line: None,
                column: None,
                message: format!("cannot read the template: {e}"),
                report: String::new(),
            })?;
            tera.add_raw_template(name, &source).map_err(|e| convert(dir, name, e))?;
        }
        Ok(Self { tera, dir: dir.to_path_buf() })
    }

    /// Renders one template with a serialisable context.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String, TemplateError> {
        self.render_all(&[name], context).map(|mut out| out.remove(0))
    }

    /// Renders several templates with one context, converting the context only once.
    pub fn render_all(&self, names: &[&str], context: &impl Serialize) -> Result<Vec<String>, TemplateError> {
        let first = names.first().copied().unwrap_or_default();
        let context = tera::Context::from_serialize(context).map_err(|e| convert(&self.dir, first, e))?;
        names.iter().map(|name| self.tera.render(name, &context).map_err(|e| convert(&self.dir, name, e))).collect()
    }
}

fn convert(dir: &Path, name: &str, error: tera::Error) -> TemplateError {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = if report.filename().is_empty() { name } else { report.filename() };
            TemplateError {
                file: dir.join(file),
                line: Some(report.span().start_line),
                column: Some(report.span().start_col + 1),
                message: report.message().to_string(),
                report: error.to_string(),
            }
        }
        _ => TemplateError {
            file: dir.join(name),
            line: None,
            column: None,
            message: error.to_string(),
            report: String::new(),
        },
    }
}
