//! Diagnostics as text: takes diagnostics and a [`Format`] and gives what is printed: the
//! human form with an excerpt of the line and an underline, one line each, JSON for tools, or
//! GitHub workflow commands. Plan text in them is escaped for a terminal ([`super::termsafe`]).

use super::termsafe::{self, escape as esc};
use super::{counts, Diagnostic, Format, Location, Severity};
use std::fmt::Write as _;

/// Prints diagnostics in the chosen format, with a closing count line for people.
pub fn render(diagnostics: &[Diagnostic], format: Format) -> String {
    match format {
        Format::Human => render_human(diagnostics),
        Format::Short => diagnostics.iter().map(|d| short_line(d) + "\n").collect(),
        Format::Json => render_json(diagnostics),
        Format::Github => diagnostics.iter().map(|d| github_line(d) + "\n").collect(),
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn position(loc: &Location) -> String {
    let file = esc(&loc.file);
    match (loc.line, loc.column) {
        (Some(line), Some(col)) => format!("{file}:{line}:{col}"),
        (Some(line), None) => format!("{file}:{line}"),
        _ => file.into_owned(),
    }
}

fn short_line(d: &Diagnostic) -> String {
    let head = format!(
        "{}[{}]: {}",
        severity_word(d.severity),
        d.code,
        esc(&d.message)
    );
    match &d.location {
        Some(loc) => format!("{}: {}", position(loc), head),
        None => head,
    }
}

fn render_human(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            severity_word(d.severity),
            d.code,
            esc(&d.message)
        );
        let mut gutter = "  ".to_string();
        if let Some(loc) = &d.location {
            let _ = writeln!(out, "  --> {}", position(loc));
            if let (Some(line), Some(col), Some((text, width))) =
                (loc.line, loc.column, &loc.excerpt)
            {
                gutter = " ".repeat(line.to_string().len());
                let plain = text.replace('\t', " ");
                let (shown, col, width) = excerpt_window(&plain, col, *width);
                let indent = termsafe::escaped_width(&shown, col - 1);
                let _ = writeln!(out, "{gutter} |");
                let _ = writeln!(out, "{line} | {}", esc(&shown));
                let _ = writeln!(
                    out,
                    "{gutter} | {}{}",
                    " ".repeat(indent),
                    "^".repeat(width)
                );
            }
        }
        for note in &d.notes {
            let _ = writeln!(out, "{gutter} = note: {}", esc(note));
        }
        for hint in &d.hints {
            let _ = writeln!(out, "{gutter} = hint: {}", esc(hint));
        }
        out.push('\n');
    }
    out
}

/// The most characters of a source line a message shows.
const EXCERPT_CHARS: usize = 160;

/// The part of a long line a message shows: about [`EXCERPT_CHARS`] characters from a little
/// before the column, with "…" where the line goes on, and the column and underline width in it
/// (a 500 KB line of one paragraph would otherwise be printed whole, and underlined whole).
fn excerpt_window(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let count = line.chars().count();
    if count <= EXCERPT_CHARS {
        return (line.to_string(), col, width);
    }
    let start = col.saturating_sub(1).saturating_sub(EXCERPT_CHARS / 4);
    let start = start.min(count - EXCERPT_CHARS);
    let mut shown: String = line.chars().skip(start).take(EXCERPT_CHARS).collect();
    let lead = usize::from(start > 0);
    if start > 0 {
        shown.insert(0, '…');
    }
    if start + EXCERPT_CHARS < count {
        shown.push('…');
    }
    let col = col - start + lead;
    let width = width.clamp(1, (EXCERPT_CHARS + lead + 1).saturating_sub(col).max(1));
    (shown, col, width)
}

fn render_json(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diagnostics);
    let doc = serde_json::json!({
        "errors": errors,
        "warnings": warnings,
        "diagnostics": diagnostics,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// Escapes text for a GitHub workflow command (data or property).
fn github_escape(text: &str, property: bool) -> String {
    let mut s = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    s = esc(&s).into_owned();
    if property {
        s = s.replace(':', "%3A").replace(',', "%2C");
    }
    s
}

pub(super) fn github_line(d: &Diagnostic) -> String {
    let kind = severity_word(d.severity);
    let mut props = vec![format!("title={}", github_escape(d.code, true))];
    if let Some(loc) = &d.location {
        props.insert(0, format!("file={}", github_escape(&loc.file, true)));
        if let Some(line) = loc.line {
            props.insert(1, format!("line={line}"));
        }
        if let Some(col) = loc.column {
            props.insert(2, format!("col={col}"));
        }
    }
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    for hint in &d.hints {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!(
        "::{kind} {}::{}",
        props.join(","),
        github_escape(&message, false)
    )
}
