//! YAML mistakes authors make, named in their words: takes YAML text (front matter, plan.yaml)
//! and gives a diagnostic for a number written with a thousands comma inside `[ ]` or `{ }`
//! (YAML reads `[500,000]` as two numbers and `{ other: 500,000 }` as a key `000`), and for a
//! tab used to indent a line (YAML refuses tabs, and the terminal draws them as spaces).

use crate::diag::{Diagnostic, SourceFile};

/// The first number written with a thousands comma inside a flow collection (`[ ]`, `{ }`),
/// outside quotes and comments: its byte offset in `yaml` and its text ("500,000").
pub fn thousands_comma(yaml: &str) -> Option<(usize, &str)> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' if starts_scalar(bytes, i) => i = skip_quoted(bytes, i),
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                i = yaml[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'[' | b'{' if depth > 0 || opens_flow(bytes, i) => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'0'..=b'9' if depth > 0 && starts_scalar(bytes, i) => {
                let end = number_end(bytes, i);
                let text = &yaml[i..end];
                if text.contains(',') {
                    return Some((i, text));
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// True when a scalar may start at `i`: after a space, a flow indicator or a colon.
fn starts_scalar(bytes: &[u8], i: usize) -> bool {
    i == 0
        || matches!(
            bytes[i - 1],
            b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':'
        )
}

/// True when a `[` or `{` at `i` starts a value (after `key:`, `- ` or at the start of a line),
/// not when it is a bracket inside plain text ("per [100,000]").
fn opens_flow(bytes: &[u8], i: usize) -> bool {
    let before = bytes[..i].iter().rev().find(|b| !matches!(b, b' ' | b'\t'));
    matches!(before, None | Some(b'\n' | b':' | b'-'))
}

/// The end of a quoted scalar starting at `i` (past its closing quote).
fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        if bytes[j] == b'\\' && quote == b'"' {
            j += 2;
            continue;
        }
        if bytes[j] == quote {
            if quote == b'\'' && bytes.get(j + 1) == Some(&b'\'') {
                j += 2;
                continue;
            }
            return j;
        }
        j += 1;
    }
    j
}

/// The end of digits with thousands groups (`1,250,000`, `12.5`): a comma counts only when three
/// digits and no fourth follow it.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let digit = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
    let mut j = start;
    loop {
        while digit(j) || (bytes.get(j) == Some(&b'.') && digit(j + 1)) {
            j += 1;
        }
        let group = bytes.get(j) == Some(&b',') && (1..=3).all(|k| digit(j + k)) && !digit(j + 4);
        if !group {
            return j;
        }
        j += 4;
    }
}

/// The error for a number with a thousands comma at `offset` of `yaml`, which starts at
/// `base` in `file`.
pub fn thousands_error(file: &SourceFile, base: usize, offset: usize, number: &str) -> Diagnostic {
    let plain = number.replace(',', "");
    let at = base + offset;
    Diagnostic::error(
        "thousands-comma",
        format!("the number {number} has a comma, which YAML reads as the end of the number"),
    )
    .at(file, at..at + number.len())
    .note(format!("inside `[ ]` or `{{ }}` a comma separates values, so `{number}` would be read as more than one value"))
    .hint(format!(
        "write `{plain}` without the comma (yjplan prints it as {number}); if these are separate values, put a space after each comma: `{}`",
        number.replace(',', ", ")
    ))
}

/// The first tab in the indentation of a line of `yaml`, on or before the 1-based line
/// `error_line` when there is one: the tab's byte offset.
pub fn indenting_tab(yaml: &str, error_line: Option<usize>) -> Option<usize> {
    let mut offset = 0;
    for (n, line) in yaml.split_inclusive('\n').enumerate() {
        if error_line.is_some_and(|e| n + 1 > e) {
            return None;
        }
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indent].find('\t') {
            return Some(offset + tab);
        }
        offset += line.len();
    }
    None
}

/// The error for a tab at byte `at` of `file`, with the line as it should be typed: indented
/// like the line above, or one level deeper when that line opens a block (ends with `:`).
pub fn tab_error(file: &SourceFile, at: usize) -> Diagnostic {
    let (line, column) = file.line_col(at);
    let text = file.line_text(line);
    let above = (1..line)
        .rev()
        .map(|l| file.line_text(l))
        .find(|l| !l.trim().is_empty());
    let indent = above.map_or(0, |a| {
        let own = a.len() - a.trim_start().len();
        own + if a.trim_end().ends_with(':') { 2 } else { 0 }
    });
    let fixed = format!(
        "{}{}",
        " ".repeat(indent),
        text.trim_start_matches([' ', '\t'])
    );
    Diagnostic::error(
        "yaml-tab",
        format!("line {line} is indented with a tab (column {column}); YAML indentation must be spaces"),
    )
    .at(file, at..at + 1)
    .hint(format!("indent with spaces, not a tab, e.g. `{fixed}` ({indent} spaces, lined up with the lines around it)"))
}

/// Front matter written without its opening `---`: the file starts with a key of the front
/// matter (`tables:`, `allow:`) and a line `---` follows before any heading. Gives the error at
/// line 1 and the byte offset of the body after that `---`, so the headings are still checked.
pub fn unopened_front_matter(file: &SourceFile) -> Option<(Diagnostic, usize)> {
    let text = file.text.trim_start_matches('\u{feff}');
    let skipped = file.text.len() - text.len();
    let first = text.lines().find(|l| !l.trim().is_empty())?.trim_end();
    let key = first.split(':').next()?.trim();
    let is_key = first.contains(':')
        && (FRONT_KEYS.contains(&key) || (first.ends_with(':') && !key.contains(' ')));
    if !is_key || first.starts_with('#') {
        return None;
    }
    let mut offset = skipped;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        match line.trim_end() {
            "---" => break,
            l if l.starts_with('#') && l.trim_start_matches('#').starts_with(' ') => return None,
            _ => {}
        }
        if offset >= file.text.len() {
            return None;
        }
    }
    let d = Diagnostic::error(
        "unopened-front-matter",
        format!("the front matter has no opening `---`: the file starts with `{first}`"),
    )
    .at_line(file, 1)
    .note("without the opening line, the front matter is read as the section's text and its tables do not exist")
    .hint(format!("add a line holding only `---` at the top of the file, above `{first}`; the front matter goes between two `---` lines"));
    Some((d, offset))
}

/// The keys of a section's front matter.
const FRONT_KEYS: &[&str] = &["tables", "allow"];

/// True for serde_yaml's messages about YAML that cannot be read at all.
pub fn is_syntax_error(message: &str) -> bool {
    [
        "did not find expected",
        "mapping values are not allowed",
        "found character that cannot start",
        "while parsing",
        "while scanning",
        "found unexpected end of stream",
        "found undefined tag",
        "could not find expected",
        "control characters are not allowed",
    ]
    .iter()
    .any(|p| message.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thousands_comma_is_found_in_flow_collections_only() {
        assert_eq!(
            thousands_comma("a: { other: 500,000 }\n"),
            Some((12, "500,000"))
        );
        assert_eq!(
            thousands_comma("a: [1,250,000, 3]\n"),
            Some((4, "1,250,000"))
        );
        assert_eq!(thousands_comma("a: 500,000\n"), None);
        assert_eq!(thousands_comma("a: [98, 93, 90]\n"), None);
        assert_eq!(thousands_comma("a: [2021,2022]\n"), None);
        assert_eq!(thousands_comma("a: [\"1,000\", '2,000']\n"), None);
        assert_eq!(thousands_comma("a: [1] # [1,000]\n"), None);
        assert_eq!(thousands_comma("a: [x1,000]\n"), None);
        assert_eq!(thousands_comma("a: per [100,000]\n"), None);
        assert_eq!(thousands_comma("a:\n  - [1,000]\n"), Some((8, "1,000")));
    }

    #[test]
    fn front_matter_without_its_opening_fence() {
        let file = SourceFile::new("s.md", "tables:\n  t:\n    kind: text\n---\n# Head\n");
        let (d, body) = unopened_front_matter(&file).unwrap();
        assert_eq!(d.code, "unopened-front-matter");
        assert_eq!(&file.text[body..], "# Head\n");
        for fine in [
            "# Head\n\n---\n",
            "Note: this\n---\n",
            "tables:\n# Head\n---\n",
            "tables: x\n",
        ] {
            assert!(
                unopened_front_matter(&SourceFile::new("s.md", fine)).is_none(),
                "{fine}"
            );
        }
    }

    #[test]
    fn a_tab_in_the_indentation_is_found_up_to_the_error() {
        assert_eq!(indenting_tab("a:\n\tb: 1\n", None), Some(3));
        assert_eq!(indenting_tab("a:\n  \tb: 1\n", Some(2)), Some(5));
        assert_eq!(indenting_tab("a:\n  b: 1\n\tc: 2\n", Some(2)), None);
        assert_eq!(indenting_tab("a:\tb\n", None), None);
    }
}
