//! Diagnostics: takes problems found by any stage (with the source file and byte offset they are
//! about) and gives one printable, serialisable record per problem, plus the printers for the
//! `human`, `short`, `json` and `github` formats.
//!
//! A diagnostic resolves its position (line, column, source line) when it is created, so it is
//! plain data afterwards: stages return it, the CLI prints it, tests compare it.

pub mod explain;
pub mod render;
pub mod termsafe;

// Plan text as it may be printed to a terminal (control characters escaped).
pub use render::render;

use serde::Serialize;
use std::path::Path;

/// How bad a problem is: errors fail the build, warnings never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A problem that stops the build (exit code 1).
    Error,
    /// A problem worth fixing that does not stop the build.
    Warning,
}

/// A file the plan is made of, kept in memory so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user (relative to where yjplan was run, when possible).
    pub path: String,
    /// The file's text (invalid UTF-8 replaced, so positions can still be shown).
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps a file's text for position lookups.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line + 1, col)
    }

    /// The byte offset where a 1-based line starts (the end of the file past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        match line.checked_sub(1).and_then(|i| self.line_starts.get(i)) {
            Some(&s) => s,
            None => self.text.len(),
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let rest = &self.text[start..];
        rest.split('\n').next().unwrap_or("").trim_end_matches('\r')
    }

    /// The number of lines in the file.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Where a problem is: a file, and optionally a line and column in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, as shown to the user (relative to the working folder).
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The 1-based line, when known.
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The 1-based column, when known.
    pub column: Option<usize>,
    /// The quoted source line and how many characters of it to underline.
    #[serde(skip)]
    pub excerpt: Option<(String, usize)>,
}

/// One problem in a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, documented in docs/diagnostics.md.
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// Boxed: diagnostics travel in `Result`s, and most of their size is the location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Box<Location>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// Extra facts about the problem (printed as `note:`).
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// What to do about it (printed as `help:`).
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error with no position yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning with no position yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: None,
            notes: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// Places the problem at a byte range of a file (the range is underlined).
    pub fn at(mut self, file: &SourceFile, range: std::ops::Range<usize>) -> Self {
        let (line, column) = file.line_col(range.start);
        let line_text = file.line_text(line).to_string();
        let end = range.end.max(range.start + 1);
        let (end_line, end_col) = file.line_col(end.min(file.text.len()));
        let width = if end_line == line {
            end_col.saturating_sub(column).max(1)
        } else {
            line_text.chars().count().saturating_sub(column - 1).max(1)
        };
        self.location = Some(Box::new(Location {
            file: file.path.clone(),
            line: Some(line),
            column: Some(column),
            excerpt: Some((line_text, width)),
        }));
        self
    }

    /// Places the problem at the start of a 1-based line of a file, underlining the line.
    pub fn at_line(self, file: &SourceFile, line: usize) -> Self {
        let line = line.clamp(1, file.line_count());
        let start = file.line_start(line);
        let len = file.line_text(line).len();
        self.at(file, start..start + len)
    }

    /// Names the file the problem is about, without a position.
    pub fn in_file(mut self, path: impl Into<String>) -> Self {
        self.location = Some(Box::new(Location {
            file: path.into(),
            line: None,
            column: None,
            excerpt: None,
        }));
        self
    }

    /// Adds a hint: how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds a note: more context about the problem.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The source line with the problem underlined, and a hint.
    Human,
    /// One line each: `file:line:col: error[code]: message`.
    Short,
    /// A JSON document, for tools.
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request diff.
    Github,
}

/// The counts of errors and warnings.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// "2 errors, 1 warning" style summary.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diagnostics);
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Writes `text` to `to` (standard output or error) as it is. A reader that has gone (`yjplan
/// explain … | head`) is not a failure of the command, and the printing macros would panic on
/// it: the rest is dropped. Other errors (a full disk behind a redirect) are given back.
pub fn write_to(mut to: impl std::io::Write, text: &str) -> std::io::Result<()> {
    match to.write_all(text.as_bytes()).and_then(|()| to.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        done => done,
    }
}

/// Writes `text` to standard error ([`write_to`]), where a failure has nowhere to be told.
pub fn write_stderr(text: &str) {
    let _ = write_to(std::io::stderr().lock(), text);
}

/// Writes `text` to standard output, as [`write_stderr`] does to standard error.
pub fn write_stdout(text: &str) {
    let _ = write_to(std::io::stdout().lock(), text);
}

/// A path as shown to the user: relative to the working directory when it is inside it.
pub fn display_path(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let text = rel.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

/// Orders diagnostics by file (plan.yaml, then sections in order) and position.
pub fn sort(diagnostics: &mut [Diagnostic], plan_file: &SourceFile, sections: &[SourceFile]) {
    let rank = |d: &Diagnostic| {
        let Some(loc) = &d.location else {
            return (0, 0, 0);
        };
        let file = std::iter::once(plan_file)
            .chain(sections)
            .position(|f| f.path == loc.file)
            .map_or(usize::MAX, |p| p + 1);
        (file, loc.line.unwrap_or(0), loc.column.unwrap_or(0))
    };
    diagnostics.sort_by_key(rank);
}

/// Makes every warning an error (for `--strict`).
pub fn promote_warnings(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.severity = Severity::Error;
    }
}

#[cfg(test)]
mod tests;
