//! Loading the Tera templates of `templates/` and rendering them, with errors that name the
//! template file, line and column.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Tera;

use crate::markup;

pub use crate::output::TemplateError;

/// Templates whose output is HTML: everything they print is HTML-escaped unless marked `safe`.
const HTML_SUFFIX: &str = ".html.tera";
/// Templates whose output is Markdown: everything they print is escaped as inline Markdown text
/// ([`markup::md_text`]) unless marked `safe` or passed through one of the Markdown filters.
const MD_SUFFIX: &str = ".md.tera";

/// The templates, each in a Tera instance whose autoescape fits its output's grammar.
pub struct Templates {
    html: Tera,
    md: Tera,
    dir: PathBuf,
    /// Each `[ui]` label a template prints, with where it first does: (label, template, line,
    /// column), in the order of the templates.
    labels: Vec<(String, PathBuf, usize, usize)>,
}

/// The `ui.<label>` a template's source uses, each with its line and column (1-based).
fn ui_labels(source: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(at) = rest.find("ui.") {
            let before = rest[..at].chars().next_back();
            let name: String = rest[at + 3..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') && !name.is_empty() {
                out.push((name.clone(), n + 1, line[..offset + at].chars().count() + 1));
            }
            offset += at + 3 + name.len();
            rest = &rest[at + 3 + name.len()..];
        }
    }
    out
}

/// A Tera instance for Markdown: autoescape by [`markup::md_text`], and the filters that make
/// a value safe for one place in a Markdown document.
fn markdown_tera() -> Tera {
    fn filter(tera: &mut Tera, name: &'static str, f: fn(&str) -> String) {
        tera.register_filter(name, move |value: std::borrow::Cow<'_, str>, _: tera::Kwargs, _: &tera::State| {
            tera::Value::safe_string(&f(&value))
        });
    }
    let mut tera = Tera::new();
    tera.set_escape_fn(|input, out| out.write_all(markup::md_text(input).as_bytes()));
    tera.autoescape_on([MD_SUFFIX]);
    // `{{ text.md | md_link_text }}` inside `[…]`, `{{ url | md_destination }}` inside `(…)`,
    // `{{ text.md | md_cell }}` inside a table row.
    filter(&mut tera, "md_link_text", markup::md_link_text);
    filter(&mut tera, "md_destination", markup::md_destination);
    filter(&mut tera, "md_cell", markup::table_cell);
    // `{{ id | md_code }}`: a whole code span, backticks included.
    filter(&mut tera, "md_code", markup::md_code);
    tera
}

impl Templates {
    /// The templates of these names under `dir`, parsed.
    pub fn load_named(dir: &Path, names: &[&str]) -> Result<Self, TemplateError> {
        let mut html = Tera::new();
        html.autoescape_on([HTML_SUFFIX]);
        let mut md = markdown_tera();
        let (mut html_sources, mut md_sources) = (Vec::new(), Vec::new());
        for &name in names {
            let path = dir.join(name);
            let source = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                file: path.clone(),
                line: None,
                column: None,
                message: format!("cannot read the template: {e}"),
                report: String::new(),
            })?;
            if name.ends_with(MD_SUFFIX) { &mut md_sources } else { &mut html_sources }.push((name, source));
        }
        let mut labels: Vec<(String, PathBuf, usize, usize)> = Vec::new();
        for (name, source) in html_sources.iter().chain(&md_sources) {
            for (label, line, column) in ui_labels(source) {
                if !labels.iter().any(|(l, ..)| *l == label) {
                    labels.push((label, dir.join(name), line, column));
                }
            }
        }
        // All at once, so that a template may include one listed after it.
        for (tera, sources) in [(&mut html, html_sources), (&mut md, md_sources)] {
            let first = sources.first().map_or("", |(name, _)| *name);
            tera.add_raw_templates(sources.iter().map(|(n, s)| (*n, s.as_str())))
                .map_err(|e| convert(dir, first, e))?;
        }
        Ok(Self { html, md, dir: dir.to_path_buf(), labels })
    }

    /// Every `[ui]` label the templates print (`ui.<label>`), with the template, line and
    /// column where it is first used: what the catalogue must give, checked before a render so
    /// that every missing label is reported at once.
    pub fn ui_labels(&self) -> &[(String, PathBuf, usize, usize)] {
        &self.labels
    }

    /// A problem with how a template uses what it is given, found after it rendered.
    pub fn misuse(&self, name: &str, message: String) -> TemplateError {
        TemplateError { file: self.dir.join(name), line: None, column: None, message, report: String::new() }
    }

    /// Renders one template with a serialisable context.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String, TemplateError> {
        self.render_all(&[name], context).map(|mut out| out.remove(0))
    }

    /// Renders several templates with one context, converting the context only once.
    pub fn render_all(&self, names: &[&str], context: &impl Serialize) -> Result<Vec<String>, TemplateError> {
        self.render_all_with(names, context, &[])
    }

    /// Renders several templates with one context and values already converted for Tera (shared
    /// by many pages, they are converted once and cloned cheaply).
    pub fn render_all_with(
        &self,
        names: &[&str],
        context: &impl Serialize,
        shared: &[(&'static str, &tera::Value)],
    ) -> Result<Vec<String>, TemplateError> {
        let context = self.context(names, context, shared)?;
        names
            .iter()
            .map(|name| self.tera(name).render(name, &context).map_err(|e| convert(&self.dir, name, e)))
            .collect()
    }

    /// As [`Templates::render_all_with`], each output as bytes, for outputs written as they
    /// are: Tera writes UTF-8 (its templates and values are text), which is not checked again.
    pub fn render_all_bytes_with(
        &self,
        names: &[&str],
        context: &impl Serialize,
        shared: &[(&'static str, &tera::Value)],
    ) -> Result<Vec<Vec<u8>>, TemplateError> {
        let context = self.context(names, context, shared)?;
        self.render_context_bytes(names, &context)
    }

    /// Renders several templates, each output as bytes, from values already converted for
    /// Tera alone (a reason's view made once for every page that places it, [`crate::presented`]).
    pub fn render_values_bytes(
        &self,
        names: &[&str],
        values: &[(&'static str, &tera::Value)],
    ) -> Result<Vec<Vec<u8>>, TemplateError> {
        self.render_context_bytes(names, &context_of(values))
    }

    fn render_context_bytes(&self, names: &[&str], context: &tera::Context) -> Result<Vec<Vec<u8>>, TemplateError> {
        names
            .iter()
            .map(|name| {
                let mut out = Vec::with_capacity(4096);
                self.tera(name).render_to(name, context, &mut out).map_err(|e| convert(&self.dir, name, e))?;
                Ok(out)
            })
            .collect()
    }

    fn context(
        &self,
        names: &[&str],
        context: &impl Serialize,
        shared: &[(&'static str, &tera::Value)],
    ) -> Result<tera::Context, TemplateError> {
        let first = names.first().copied().unwrap_or_default();
        let mut context = tera::Context::from_serialize(context).map_err(|e| convert(&self.dir, first, e))?;
        for (name, value) in shared {
            context.insert_value(*name, (*value).clone());
        }
        Ok(context)
    }

    /// The Tera instance of a template: Markdown's escapes Markdown, the other HTML.
    fn tera(&self, name: &str) -> &tera::Tera {
        if name.ends_with(MD_SUFFIX) { &self.md } else { &self.html }
    }
}

/// A context of values already converted for Tera.
fn context_of(values: &[(&'static str, &tera::Value)]) -> tera::Context {
    let mut context = tera::Context::new();
    for (name, value) in values {
        context.insert_value(*name, (*value).clone());
    }
    context
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
        // What Tera finds across the templates once all are parsed (an unknown filter, test or
        // function, a missing include) comes as its reports' text alone: the first one's
        // `--> file:line:column` says where.
        _ => {
            let text = error.to_string();
            let found = first_reported(&text)
                .map(|(file, line, column, message)| (dir.join(file), line, column, message.to_string()));
            match found {
                Some((file, line, column, message)) => {
                    TemplateError { file, line: Some(line), column: Some(column), message, report: text }
                }
                None => TemplateError {
                    file: dir.join(name),
                    line: None,
                    column: None,
                    message: text,
                    report: String::new(),
                },
            }
        }
    }
}

/// The template, line, column and message of the first report in Tera's text of several: its
/// `error: …` line, then the `--> file:line:column` line after it.
fn first_reported(text: &str) -> Option<(&str, usize, usize, &str)> {
    let mut lines = text.lines();
    let message = lines.find_map(|line| line.strip_prefix("error: "))?;
    let at = lines.next()?.trim_start().strip_prefix("--> ")?;
    let (rest, column) = at.rsplit_once(':')?;
    let (file, line) = rest.rsplit_once(':')?;
    Some((file, line.parse().ok()?, column.parse().ok()?, message))
}
