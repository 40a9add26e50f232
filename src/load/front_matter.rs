//! Front matter: takes a section file and gives its YAML front matter (typed, unknown keys refused)
//! and its body with the line the body starts on. Also turns serde_yaml errors into diagnostics at
//! the right line of the file, and finds the line of a key path for later stages' problems.

use crate::compute::TableSpec;
use crate::diag::{Diagnostic, SourceFile};
use crate::util::{did_you_mean, OrderedMap};
use serde::Deserialize;

mod mistakes;

/// The typed front matter of a section file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    /// Tables defined in this file, by id, in the order written.
    #[serde(default)]
    pub tables: OrderedMap<TableSpec>,
    /// Lints silenced in this file, each with a reason.
    #[serde(default)]
    pub allow: Vec<Allow>,
}

/// A lint silenced in one file: `allow: [{ lint: long-sentence, reason: "..." }]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The diagnostic code to silence (warnings only).
    pub lint: String,
    /// Why it is acceptable here; required so silencing stays deliberate.
    pub reason: String,
}

/// A section file split into its parts.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the fences, and its byte offset in the file.
    pub front: Option<(&'a str, usize)>,
    /// The markdown body and its byte offset in the file.
    pub body: &'a str,
    /// Byte offset of the body (after the closing fence).
    pub body_offset: usize,
}

/// Splits `---` fenced front matter from the body. A file without an opening fence on its first
/// line is all body; an opening fence without a closing one is an error.
pub fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.as_str();
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line = text[text_start..].split('\n').next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Ok(Split {
            front: None,
            body: &text[text_start..],
            body_offset: text_start,
        });
    }
    let front_start = text_start + first_line.len() + 1;
    let mut offset = front_start.min(text.len());
    for line in text[offset..].split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            let body_offset = offset + line.len();
            return Ok(Split {
                front: Some((&text[front_start..offset], front_start)),
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        "the front matter opened by `---` on line 1 is never closed",
    )
    .at_line(file, 1)
    .hint("end the front matter with a line holding only `---`, before the section's text"))
}

/// Parses YAML text that starts at `offset` in `file` into `T`, reporting errors at their line in the file.
pub fn parse_yaml<T: for<'de> Deserialize<'de>>(
    file: &SourceFile,
    yaml: &str,
    offset: usize,
) -> Result<T, Diagnostic> {
    if let Some(odd) = super::pasted::yaml_control(file, yaml, offset)
        .or_else(|| super::pasted::yaml_odd_space(file, yaml, offset))
    {
        return Err(odd);
    }
    if let Some((at, number)) = mistakes::thousands_comma(yaml) {
        return Err(mistakes::thousands_error(file, offset, at, number));
    }
    serde_yaml::from_str(yaml).map_err(|e| {
        match mistakes::indenting_tab(yaml, e.location().map(|l| l.line())) {
            Some(tab) => mistakes::tab_error(file, offset + tab),
            None => yaml_error(file, offset, &e),
        }
    })
}

/// Where in `yaml` a "duplicate field `k`" (the second `k:`) or "the population of A in P"
/// error is about.
fn refine(yaml: &str, message: &str) -> Option<usize> {
    let duplicate = message
        .strip_prefix("duplicate field `")
        .and_then(|r| r.split('`').next())
        .or_else(|| {
            message
                .strip_prefix("duplicate entry with key \"")
                .and_then(|r| r.split('"').next())
        });
    if let Some(key) = duplicate {
        let mut offset = 0;
        let mut seen = 0;
        for line in yaml.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with(&format!("{key}:")) {
                seen += 1;
                if seen == 2 {
                    return Some(offset + line.len() - trimmed.len());
                }
            }
            offset += line.len();
        }
        return None;
    }
    let rest = message.strip_prefix("the population of ")?;
    let (area, rest) = rest.split_once(" in ")?;
    let period = rest.split(' ').next()?;
    let path = ["population".to_string(), area.to_string()];
    let line_start = locate(yaml, &path)?;
    let line = yaml[line_start..].split('\n').next()?;
    Some(line_start + line.find(period).unwrap_or(0))
}

/// Turns a serde_yaml error into a diagnostic at its position in the file.
pub fn yaml_error(file: &SourceFile, offset: usize, error: &serde_yaml::Error) -> Diagnostic {
    let full = error.to_string();
    let message = strip_location(&full);
    let (code, mut diagnostic) =
        if message.starts_with("unknown field") || message.contains(": unknown field") {
            (
                "unknown-key",
                Diagnostic::error("unknown-key", unknown_key_message(message)),
            )
        } else if mistakes::is_syntax_error(message) {
            (
                "yaml-syntax",
                Diagnostic::error("yaml-syntax", format!("the YAML is not valid: {message}")),
            )
        } else {
            (
                "yaml-value",
                Diagnostic::error("yaml-value", message.to_string()),
            )
        };
    // Errors raised for a whole mapping (a repeated key, a value checked by hand) come from
    // serde_yaml at the mapping's start: find the key they are about.
    let refined = refine(&file.text[offset.min(file.text.len())..], message);
    let key_at = refined
        .map(|r| offset + r)
        .or_else(|| error.location().map(|l| offset + l.index()));
    if let Some(at) = refined.map(|r| offset + r) {
        let end = file.text[at..]
            .find('\n')
            .map_or(file.text.len(), |n| at + n);
        diagnostic = diagnostic.at(file, at..end.max(at + 1));
    } else if let Some(loc) = error.location() {
        let at = (offset + loc.index()).min(file.text.len());
        let end = file.text[at..]
            .find('\n')
            .map_or(file.text.len(), |n| at + n);
        diagnostic = diagnostic.at(file, at..end.max(at + 1));
    } else {
        diagnostic = diagnostic.at(file, offset..offset);
    }
    match code {
        "unknown-key" => {
            let yaml = &file.text[offset..];
            let in_table = key_at.and_then(|at| table_keys::hint_at(yaml, at - offset, message));
            if let Some(hint) = in_table.or_else(|| unknown_key_hint(message)) {
                diagnostic = diagnostic.hint(hint);
            }
        }
        "yaml-syntax" => {
            diagnostic = diagnostic.hint(
                "check the indentation (spaces, not tabs), the colons after keys, and that text with `: ` or `#` in it is in quotes",
            )
        }
        _ => {}
    }
    diagnostic
}

fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// The words between backticks in a serde message: the unknown key, then the expected ones.
pub(super) fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// "unknown key `x`", with where it is when serde names a path ("headings[2]: unknown field …").
fn unknown_key_message(message: &str) -> String {
    let place = message
        .split_once(": unknown field")
        .map(|(path, _)| format!(" in {path}"))
        .unwrap_or_default();
    match backticked(message).first() {
        Some(key) => format!("unknown key `{key}`{place}"),
        None => message.to_string(),
    }
}

fn unknown_key_hint(message: &str) -> Option<String> {
    let words = backticked(message);
    let (key, expected) = words.split_first()?;
    let list = expected
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(match did_you_mean(key, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? The keys allowed here are {list}"),
        None => format!("the keys allowed here are {list}"),
    })
}

/// Finds the byte offset (in the YAML text) of the line that holds a key path such as
/// `["tables", "budget", "rows", "Police", "total"]`, following indentation. Falls back to the
/// deepest part of the path that was found. Flow mappings (`{ a: 1 }`) are searched on their line.
pub fn locate(yaml: &str, path: &[String]) -> Option<usize> {
    let lines: Vec<(usize, &str)> = {
        let mut offset = 0;
        yaml.split_inclusive('\n')
            .map(|l| {
                let start = offset;
                offset += l.len();
                (start, l.trim_end())
            })
            .collect()
    };
    let mut found = None;
    let (mut from, mut to, mut parent_indent) = (0usize, lines.len(), -1i64);
    for key in path {
        let Some(i) = (from..to).find(|&i| line_has_key(lines[i].1, key, parent_indent)) else {
            // The key may sit inside a flow mapping on the parent's line.
            if let Some(f) = found {
                return Some(flow_key_offset(yaml, f, key).unwrap_or(f));
            }
            return None;
        };
        found = Some(lines[i].0);
        let indent = indent_of(lines[i].1);
        parent_indent = indent as i64;
        from = i + 1;
        let is_item = lines[i].1.trim_start().starts_with("- ");
        to = (from..to)
            .find(|&j| ends_block(lines[j].1, indent, is_item))
            .unwrap_or(to);
    }
    found
}

/// True when `line` ends the block of a key at `indent` (a list item's block when `is_item`).
fn ends_block(line: &str, indent: usize, is_item: bool) -> bool {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return false;
    }
    let here = indent_of(line);
    here < indent || (here == indent && (is_item || !trimmed.starts_with("- ")))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// True when the line holds `key:` (possibly quoted, possibly after `- `) deeper than the parent.
fn line_has_key(line: &str, key: &str, parent_indent: i64) -> bool {
    if (indent_of(line) as i64) <= parent_indent {
        return false;
    }
    let content = line.trim_start().trim_start_matches("- ");
    let escaped = key.replace('\\', "\\\\").replace('"', "\\\"");
    let candidates = [
        format!("{key}:"),
        format!("\"{escaped}\":"),
        format!("'{}':", key.replace('\'', "''")),
    ];
    candidates.iter().any(|c| content.starts_with(c.as_str()))
        || content.starts_with(&format!("name: {key}"))
}

fn flow_key_offset(yaml: &str, line_start: usize, key: &str) -> Option<usize> {
    let line_end = yaml[line_start..]
        .find('\n')
        .map_or(yaml.len(), |n| line_start + n);
    let line = &yaml[line_start..line_end];
    line.find(&format!("{key}:")).map(|i| line_start + i)
}

/// The 1-based line of a key path in a file that is all YAML (plan.yaml, theme.yaml).
pub fn key_line(file: &SourceFile, path: &[&str]) -> Option<usize> {
    let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
    locate(&file.text, &path).map(|offset| file.line_col(offset).0)
}

/// Places a diagnostic at the line of a key path in a YAML file, or names the file when the key
/// is not written there.
pub fn at_key(file: &SourceFile, path: &[&str], d: Diagnostic) -> Diagnostic {
    match key_line(file, path) {
        Some(line) => d.at_line(file, line),
        None => d.in_file(file.path.clone()),
    }
}

/// Parses a section's front matter, if any.
pub fn parse_front(file: &SourceFile, split: &Split) -> Result<SectionFront, Diagnostic> {
    match split.front {
        None => Ok(SectionFront::default()),
        Some((yaml, _)) if yaml.trim().is_empty() => Ok(SectionFront::default()),
        Some((yaml, offset)) => parse_yaml(file, yaml, offset),
    }
}

/// A section's front matter with where it sits in the file.
pub struct Front {
    /// The parsed front matter (empty when it could not be read).
    pub front: SectionFront,
    /// The YAML text between the fences.
    pub yaml: String,
    /// Byte offset of the YAML in the file.
    pub offset: usize,
    /// Byte offset of the body (after the closing fence).
    pub body_offset: usize,
    /// False when the front matter could not be read.
    pub ok: bool,
}

/// Splits and parses every section's front matter; a broken one gives a diagnostic and an
/// empty [`Front`] with `ok: false`.
pub fn read_fronts(sections: &[SourceFile], diagnostics: &mut Vec<Diagnostic>) -> Vec<Front> {
    let read = crate::util::par_map(sections, read_front);
    read.into_iter()
        .map(|(front, found)| {
            diagnostics.extend(found);
            front
        })
        .collect()
}

/// One section's front matter, and the diagnostic when it could not be read.
fn read_front(file: &SourceFile) -> (Front, Option<Diagnostic>) {
    if let Some((d, body_offset)) = mistakes::unopened_front_matter(file) {
        return (Front::broken(body_offset), Some(d));
    }
    let split = match split(file) {
        Ok(s) => s,
        Err(d) => return (Front::broken(file.text.len()), Some(d)),
    };
    let (yaml, offset) = split
        .front
        .map_or((String::new(), 0), |(y, o)| (y.to_string(), o));
    let (front, ok, found) = match parse_front(file, &split) {
        Ok(f) => (f, true, None),
        Err(d) => (SectionFront::default(), false, Some(d)),
    };
    let front = Front {
        front,
        yaml,
        offset,
        body_offset: split.body_offset,
        ok,
    };
    (front, found)
}

impl Front {
    /// Front matter that could not be read, with the body starting at `body_offset`.
    fn broken(body_offset: usize) -> Front {
        Front {
            front: SectionFront::default(),
            yaml: String::new(),
            offset: 0,
            body_offset,
            ok: false,
        }
    }
}

mod table_keys;

#[cfg(test)]
mod tests;
