//! Values written in YAML: takes a YAML text (plan.yaml, a section's front matter, a plan's own
//! theme, strings or edition file) or the computed tables, and gives every string in it (keys
//! too: a table's row labels are keys) with the line it is written on, and `text-too-long` for
//! each longer than [`MAX_VALUE`]. The PDF stores a run of text that cannot break as one string
//! of at most 32,767 bytes, and repeats these values in longer strings (a caption after "Table
//! 3:", the lead after "Lead:", the sign-off sentence), so they are held well below that.

use super::pdf_string_len;
use crate::compute::ComputedTable;
use crate::diag::{Diagnostic, SourceFile};
use crate::model::Section;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The longest value written in YAML, in bytes as the PDF stores it (one a character in ASCII,
/// else two). Documented in docs/format.md ("Limits").
pub const MAX_VALUE: usize = 4_000;

/// Calls `f` with each string (key or value) of the YAML `yaml`, at byte `offset` of `file`, and
/// a function giving the line it is written on (finding a line searches the text, so it is done
/// only for a string that is reported). Nothing when the YAML cannot be read (that is reported
/// elsewhere).
pub fn yaml_strings(
    file: &SourceFile,
    yaml: &str,
    offset: usize,
    f: &mut dyn FnMut(&dyn Fn() -> usize, &str),
) {
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
        return;
    };
    let mut at = |path: &[String], s: &str| f(&|| line_of(file, yaml, offset, path, s), s);
    walk(&value, &mut Vec::new(), &mut at);
}

fn walk(value: &serde_yaml::Value, path: &mut Vec<String>, f: &mut dyn FnMut(&[String], &str)) {
    use serde_yaml::Value;
    match value {
        Value::String(s) => f(path, s),
        Value::Sequence(items) => items.iter().for_each(|v| walk(v, path, f)),
        Value::Mapping(map) => {
            for (key, v) in map {
                let key = key.as_str().map(str::to_string);
                if let Some(k) = &key {
                    f(path, k);
                }
                path.push(key.unwrap_or_default());
                walk(v, path, f);
                path.pop();
            }
        }
        Value::Tagged(tagged) => walk(&tagged.value, path, f),
        _ => {}
    }
}

/// The line of a string under the keys `path`: the first line from the innermost key that
/// holds the string's start (escapes and folding aside), else the key's own line.
fn line_of(file: &SourceFile, yaml: &str, offset: usize, path: &[String], s: &str) -> usize {
    let mut keys = path.to_vec();
    let mut from = None;
    while from.is_none() && !keys.is_empty() {
        from = crate::load::front_matter::locate(yaml, &keys);
        keys.pop();
    }
    let from = from.unwrap_or(0);
    let start: String = s.chars().take_while(|c| *c != '\n').take(40).collect();
    let found = yaml.get(from..).and_then(|rest| {
        rest.find(start.as_str())
            .filter(|_| !start.trim().is_empty())
    });
    file.line_col(offset + from + found.unwrap_or(0)).0
}

/// `text-too-long` at each line of the YAML that holds a string longer than [`MAX_VALUE`].
pub fn long_values(file: &SourceFile, yaml: &str, offset: usize) -> Vec<Diagnostic> {
    // No string in the text is longer than the text, even were every character of it beyond
    // ASCII (escapes such as "\u00e9" give one): a short text needs no parsing.
    if 2 + 2 * yaml.len() <= MAX_VALUE {
        return Vec::new();
    }
    let mut lines = BTreeSet::new();
    yaml_strings(file, yaml, offset, &mut |line, s| {
        if pdf_string_len(s) > MAX_VALUE {
            lines.insert(line());
        }
    });
    lines.into_iter().map(|line| too_long(file, line)).collect()
}

/// `text-too-long` at the front-matter line of each table that holds a text (a label, caption,
/// source, note or cell, from YAML or a CSV file) longer than [`MAX_VALUE`].
pub fn long_table_texts(sections: &[Section], tables: &[Arc<ComputedTable>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for section in sections {
        for id in &section.tables {
            let Some(table) = tables.iter().find(|t| &t.id == id) else {
                continue;
            };
            let mut long = false;
            crate::validate::glyphs::strings::for_each(table.as_ref(), &mut |s| {
                long |= pdf_string_len(s) > MAX_VALUE;
            });
            if long {
                let keys = ["tables", id.as_str()];
                let line = crate::load::front_matter::key_line(&section.file, &keys).unwrap_or(1);
                out.push(too_long(&section.file, line));
            }
        }
    }
    out
}

/// The long values of plan.yaml and every section's front matter, and the long texts of tables
/// whose front matter has none (a table from a CSV file, or a long value the line of which was
/// already given).
pub fn plan_values(
    plan_file: &SourceFile,
    files: &[(&SourceFile, &str, usize)],
    sections: &[Section],
    tables: &[Arc<ComputedTable>],
) -> Vec<Diagnostic> {
    let mut out = long_values(plan_file, &plan_file.text, 0);
    let mut reported = BTreeSet::new();
    for (file, yaml, offset) in files {
        let found = long_values(file, yaml, *offset);
        if !found.is_empty() {
            reported.insert(file.path.clone());
        }
        out.extend(found);
    }
    let rest: Vec<Section> = sections
        .iter()
        .filter(|s| !reported.contains(&s.file.path))
        .cloned()
        .collect();
    out.extend(long_table_texts(&rest, tables));
    out
}

/// A plan's own strings, theme and edition files, which the PDF takes words from: a control
/// character, a strings file that is not a list of `key: text`, a value longer than
/// [`MAX_VALUE`], and characters the PDF's fonts cannot show (in the text as written and in each
/// value, where escapes such as `"\u0007"` show), each at its line.
pub fn own_files(
    resources: &crate::resources::Resources,
    plan: &crate::load::plan::PlanConfig,
    glyphs: Option<&crate::validate::glyphs::Glyphs>,
) -> Vec<Diagnostic> {
    let strings = [
        format!("templates/strings/{}.yaml", plan.language),
        "templates/strings/en-GB.yaml".to_string(),
    ];
    let others = [
        format!("templates/editions/{}.yaml", plan.edition),
        format!("themes/{}/theme.yaml", plan.theme),
    ];
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (path, is_strings) in strings
        .iter()
        .map(|p| (p, true))
        .chain(others.iter().map(|p| (p, false)))
    {
        if !seen.insert(path.clone()) || !resources.overrides(path) {
            continue;
        }
        let Some(text) = resources.text(path) else {
            continue; // refused or not UTF-8: reported with the refusals
        };
        let file = SourceFile::new(resources.shown_path(path), text);
        if let Some(control) = crate::load::pasted::yaml_control(&file, &file.text, 0) {
            // The edition and theme readers report it themselves.
            out.extend(is_strings.then_some(control));
            continue;
        }
        if is_strings {
            let read = crate::load::front_matter::parse_yaml::<
                std::collections::BTreeMap<String, String>,
            >(&file, &file.text, 0);
            if let Err(d) = read {
                out.push(d);
                continue;
            }
        }
        out.extend(long_values(&file, &file.text, 0));
        if let Some(glyphs) = glyphs {
            out.extend(crate::validate::glyphs::check_yaml_file(glyphs, &file));
        }
    }
    out
}

fn too_long(file: &SourceFile, line: usize) -> Diagnostic {
    Diagnostic::error(
        "text-too-long",
        format!("this value is longer than {MAX_VALUE} bytes as the PDF stores it (one a character in ASCII, else two), more than a name, label, caption or note may be"),
    )
    .at_line(file, line)
    .hint("shorten it; text of that length belongs in a section's paragraphs")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, String)> {
        let file = SourceFile::new("plan.yaml", text);
        let mut out = Vec::new();
        yaml_strings(&file, text, 0, &mut |line, s| {
            out.push((line(), s.to_string()))
        });
        out
    }

    #[test]
    fn every_string_comes_with_its_line() {
        let text = "service: S\nsign_off:\n  board: B\n  chair: C\nareas:\n  - One\n  - Two\nrows:\n  White: [2, 10]\n  \"Not known\": {count: [1]}\n";
        let found = lines(text);
        let at = |s: &str| found.iter().find(|(_, v)| v == s).map(|f| f.0);
        assert_eq!(at("S"), Some(1));
        assert_eq!(at("C"), Some(4));
        assert_eq!(at("Two"), Some(7));
        assert_eq!(at("White"), Some(9));
        assert_eq!(at("Not known"), Some(10));
    }

    #[test]
    fn long_values_are_errors_at_their_line() {
        let long = "a".repeat(MAX_VALUE + 1);
        // A key longer than 1,024 characters must be written explicitly (`? key`) in YAML.
        let text = format!(
            "service: S\nsign_off:\n  board: B\n  chair: {long}\nrows:\n  ? \"{long}\"\n  : [1]\n"
        );
        let file = SourceFile::new("plan.yaml", text.as_str());
        let found: Vec<usize> = long_values(&file, &text, 0)
            .iter()
            .map(|d| d.location.as_ref().unwrap().line.unwrap())
            .collect();
        assert_eq!(found, [4, 6]);
        // 2,001 Welsh letters are 4,004 bytes as the PDF stores them; 1,999 fit.
        let welsh = |n: usize| format!("lead: {}\n", "ŵ".repeat(n));
        for (n, errors) in [(2_001, 1), (1_999, 0)] {
            let text = welsh(n);
            let file = SourceFile::new("plan.yaml", text.as_str());
            assert_eq!(long_values(&file, &text, 0).len(), errors, "{n}");
        }
    }
}
