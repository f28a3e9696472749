//! Printing diagnostics for people (rustc-style, with the source line and a caret), for GitHub
//! Actions (annotations inline in a pull request), or as JSON lines for other tools.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use catalogue::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style messages with the source line and a caret (the default)
    Human,
    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…::…`
    Github,
    /// One JSON object per problem and line
    Json,
}

impl Format {
    /// The format to use when none is given: GitHub annotations inside GitHub Actions.
    pub fn detect() -> Format {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") { Format::Github } else { Format::Human }
    }
}

/// Should human output be coloured? Only on a terminal, and never when `NO_COLOR` is set.
pub fn use_colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Every diagnostic in the format, sorted by file and position, then the summary line.
pub fn render(diagnostics: &[Diagnostic], format: Format, colour: bool) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| (&a.file, a.position, a.check).cmp(&(&b.file, b.position, b.check)));
    let mut out = String::new();
    for d in sorted {
        match format {
            Format::Human => {
                out.push_str(&human(d, colour));
                out.push_str("\n\n");
            }
            Format::Github => {
                out.push_str(&github(d));
                out.push('\n');
            }
            Format::Json => {
                out.push_str(&json(d));
                out.push('\n');
            }
        }
    }
    out
}

/// `N errors, M warnings`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings))
}

/// One diagnostic as rustc shows one; every text from a file or an argument (the path, the
/// message, the source line, the help, the detail) shown as [`catalogue::terminal`] shows it,
/// the caret kept under its characters.
fn human(d: &Diagnostic, colour: bool) -> String {
    use catalogue::terminal::{line, line_with_span, text};
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = line(&d.file.display().to_string()).into_owned();
    // One line, whatever a value quoted in it holds.
    let message = line(&d.message);
    let title = level.primary_title(message.as_ref()).id(d.code());
    let shown;
    let mut group = if d.whole_file {
        title.element(annotate_snippets::Origin::path(path.as_str()))
    } else if d.line_text.is_empty() {
        title.element(
            annotate_snippets::Origin::path(path.as_str()).line(d.position.line).char_column(d.position.column),
        )
    } else {
        let start = d.line_text.char_indices().nth(d.position.column - 1).map_or(d.line_text.len(), |(i, _)| i);
        let rest = d.span.end.saturating_sub(d.span.start).max(1);
        let end = (start + rest).min(d.line_text.len()).max((start + 1).min(d.line_text.len()));
        let end = (end..=d.line_text.len()).find(|&i| d.line_text.is_char_boundary(i)).unwrap_or(d.line_text.len());
        let (line_shown, span) = line_with_span(&d.line_text, start..end);
        shown = line_shown;
        title.element(
            Snippet::source(shown.as_str())
                .line_start(d.position.line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(span)),
        )
    };
    let help = d.help.as_deref().map(line);
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_ref()));
    }
    let report: [Group<'_>; 1] = [group];
    let renderer = if colour { Renderer::styled() } else { Renderer::plain() };
    let mut out = renderer.render(&report).to_string();
    if let Some(detail) = &d.detail {
        let _ = write!(out, "\n{}", text(detail));
    }
    out
}

/// A GitHub Actions workflow command; see "Workflow commands for GitHub Actions".
fn github(d: &Diagnostic) -> String {
    // GitHub's commands are named as the severities are.
    let command = d.severity.as_str();
    let property = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    // The message and the help one line each, whatever a value quoted in them holds.
    let mut message = catalogue::terminal::line(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&catalogue::terminal::line(help));
    }
    if let Some(detail) = &d.detail {
        message.push('\n');
        message.push_str(detail);
    }
    format!(
        "::{command} file={},line={},col={},title={}::{}",
        property(&catalogue::terminal::line(&d.file.display().to_string())),
        d.position.line,
        d.position.column,
        property(d.code()),
        escape_data(&catalogue::terminal::text(&message))
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn json(d: &Diagnostic) -> String {
    catalogue::terminal::json(&json_value(d).to_string()).into_owned()
}

/// A problem as JSON: its code, severity, file, line, column, message, the source line, help
/// and detail (`check --format json`, and `serve`'s overlay).
pub fn json_value(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "code": d.code(),
        "severity": d.severity.as_str(),
        "file": d.file.display().to_string(),
        "line": d.position.line,
        "column": d.position.column,
        "message": d.message,
        "source": d.line_text,
        "help": d.help,
        "detail": d.detail,
    })
}

/// `cargo xtask check --explain CODE`: the check's code, severity and summary, then its long
/// explanation; an unknown code is a usage error that names the known ones.
pub fn explain(code: &str) -> u8 {
    match catalogue::Check::from_code(code.trim()) {
        Some(check) => {
            crate::emit(&format!(
                "{} ({}): {}\n\n{}",
                check.code(),
                check.severity().as_str(),
                check.summary(),
                check.explanation()
            ));
            0
        }
        None => {
            let (first, last) =
                (catalogue::Check::ALL[0].code(), catalogue::Check::ALL[catalogue::Check::ALL.len() - 1].code());
            crate::say!(
                "error: no check has the code {}\n  = help: codes run from {first} to {last}; docs/checks.md lists them all",
                catalogue::terminal::line(code)
            );
            crate::FAILURE
        }
    }
}
