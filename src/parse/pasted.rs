//! Habits from Word and Excel that markdown does not understand: takes a section's body as the
//! author wrote it (with the file line it starts on) and gives one located diagnostic per habit:
//! a table pasted as tab-separated lines (`pasted-table`) or as HTML (`html-table`, which replaces
//! the `raw-html` warning for those lines), pipe-table lines without their line of dashes
//! (`table-no-rule`) or with more cells than the header (`table-shape`), a list typed with `•`
//! or lettered `a)` (`pasted-bullet`), footnote numbers typed as superscripts (`typed-footnote`),
//! and a contents list typed by hand (`typed-contents`).
//! Fenced code and HTML comments are skipped.

use crate::diag::{Diagnostic, SourceFile};

/// Characters Word and web pages use for list bullets.
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '■', '□', '●', '○', '·', '\u{f0b7}', '\u{f0a7}', '➢', '➤', '►', '✓', '✔',
];

/// Superscript digits, as Word's footnote numbers look when pasted as text.
const SUPERSCRIPTS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/// One of [`SUPERSCRIPTS`] (a match, which is quicker than searching the string for every
/// character of a body).
fn is_superscript(c: char) -> bool {
    matches!(
        c,
        '\u{2070}' | '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2074}'..='\u{2079}'
    )
}

/// Adds the diagnostics of Word habits in `body` (whose first line is line `first_line` of
/// `file`) to `found`, the parse stage's diagnostics of the same body.
pub fn check(body: &str, first_line: usize, file: &SourceFile, found: &mut Vec<Diagnostic>) {
    let lines = prose_lines(body);
    let at = |i: usize| first_line + i;
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let run = |test: &dyn Fn(&str) -> bool| {
            lines[i..]
                .iter()
                .take_while(|l| l.is_some_and(test))
                .count()
        };
        let tabbed = run(&|l| has_inner_tab(l));
        let piped = run(&|l| is_pipe_row(l));
        let bulleted = run(&|l| bullet_of(l).is_some());
        let lettered = lines[i]
            .and_then(bullet_of)
            .is_some_and(|b| b.ends_with(')'));
        if bulleted > 0 && (bulleted > 1 || !lettered) {
            let first = lines[i].and_then(bullet_of).unwrap_or_default();
            out.push(pasted_bullets(file, at(i), &first, bulleted));
            i += bulleted;
        } else if tabbed >= 2 {
            out.push(pasted_table(file, at(i), tabbed));
            i += tabbed;
        } else if piped >= 2 {
            let rows: Vec<&str> = lines[i..i + piped].iter().flatten().copied().collect();
            out.extend(pipe_table(file, at(i), &rows));
            i += piped;
        } else {
            if let Some(line) = lines[i] {
                out.extend(line_habits(file, at(i), line));
                if is_html_table(line) {
                    let end = lines[i..]
                        .iter()
                        .position(|l| l.is_some_and(|l| l.to_lowercase().contains("</table")))
                        .map_or(lines.len(), |n| i + n);
                    found.retain(|d| {
                        d.code != "raw-html"
                            || !d
                                .location
                                .as_ref()
                                .and_then(|l| l.line)
                                .is_some_and(|l| (at(i)..=at(end)).contains(&l))
                    });
                }
            }
            i += 1;
        }
    }
    found.extend(one_typed_footnote(out));
}

/// The diagnostics with the "typed-footnote" warnings of a file made one: the first, saying how
/// many there are (each note has its number typed twice, in the text and before the note).
fn one_typed_footnote(mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let count = out.iter().filter(|d| d.code == "typed-footnote").count();
    let mut seen = false;
    out.retain(|d| d.code != "typed-footnote" || !std::mem::replace(&mut seen, true));
    if count > 1 {
        if let Some(first) = out.iter_mut().find(|d| d.code == "typed-footnote") {
            first.notes.push(format!(
                "{count} lines of this file have footnote numbers typed by hand"
            ));
        }
    }
    out
}

/// The body's lines, None for lines inside fenced code or an HTML comment.
fn prose_lines(body: &str) -> Vec<Option<&str>> {
    let mut fence: Option<&str> = None;
    let mut comment = false;
    body.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(f) = fence {
                if trimmed.starts_with(f) {
                    fence = None;
                }
                return None;
            }
            if comment {
                comment = !line.contains("-->");
                return None;
            }
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fence = Some(&trimmed[..3]);
                return None;
            }
            if trimmed.starts_with("<!--") {
                comment = !line.contains("-->");
                return None;
            }
            Some(line)
        })
        .collect()
}

/// A tab between two pieces of text (a tab at the start is indentation).
fn has_inner_tab(line: &str) -> bool {
    line.trim().contains('\t')
}

/// A line that starts and ends with `|`.
fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.len() > 1 && t.starts_with('|') && t.ends_with('|')
}

/// The line of dashes under a pipe table's header.
fn is_rule(line: &str) -> bool {
    let t = line.trim().trim_matches('|');
    !t.is_empty() && t.contains('-') && t.chars().all(|c| matches!(c, '-' | ':' | '|' | ' '))
}

/// The cells of a pipe-table row (`\|` is a pipe inside a cell).
fn cells(line: &str) -> usize {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.replace("\\|", "").split('|').count()
}

fn is_html_table(line: &str) -> bool {
    starts_with_ignoring_case(line.trim_start(), "<table")
}

/// `text` starts with `prefix` (ASCII), in any case.
fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn pasted_table(file: &SourceFile, line: usize, count: usize) -> Diagnostic {
    Diagnostic::error(
        "pasted-table",
        format!("these {count} lines look like a table pasted from Word or Excel: their cells are separated by tabs, which the page and the PDF do not show"),
    )
    .at_line(file, line)
    .hint("put the table in the front matter under `tables:` (save the cells from Excel as CSV in data/ and write `csv: data/NAME.csv`), or write a markdown table with `|` between cells")
}

/// `table-no-rule` for pipe rows without a line of dashes under the first; `table-shape` for each
/// row with more cells than the header.
fn pipe_table(file: &SourceFile, line: usize, rows: &[&str]) -> Vec<Diagnostic> {
    if !is_rule(rows[1]) {
        let columns = cells(rows[0]);
        let rule = vec!["---"; columns].join(" | ");
        return vec![Diagnostic::error(
            "table-no-rule",
            "these lines look like a table, but the line under the first is not a line of dashes, so they print as text",
        )
        .at_line(file, line)
        .hint(format!("add this line under the header line: `| {rule} |`"))];
    }
    let header = cells(rows[0]);
    rows.iter()
        .enumerate()
        .skip(2)
        .filter(|(_, r)| cells(r) > header)
        .map(|(n, r)| {
            Diagnostic::error(
                "table-shape",
                format!("this row of the table has {} cells, but its header has {header}: the cells past the last column are not shown", cells(r)),
            )
            .at_line(file, line + n)
            .hint("give the header a cell for every column, or move the extra cells into the row's columns")
        })
        .collect()
}

/// The bullet a line starts with, when it is followed by a space: a bullet character, or a
/// letter in brackets ("a)", "(b)") as Word's lettered lists paste.
fn bullet_of(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let spaced = |rest: &str| rest.starts_with([' ', '\t']);
    if let Some(bullet) = trimmed.chars().next().filter(|c| BULLETS.contains(c)) {
        return spaced(&trimmed[bullet.len_utf8()..]).then(|| bullet.to_string());
    }
    let open = trimmed.starts_with('(');
    let rest = trimmed.strip_prefix('(').unwrap_or(trimmed);
    let mut chars = rest.chars();
    let letter = chars.next().filter(char::is_ascii_lowercase)?;
    let after = chars.as_str().strip_prefix(')')?;
    spaced(after).then(|| format!("{}{letter})", if open { "(" } else { "" }))
}

fn pasted_bullets(file: &SourceFile, line: usize, bullet: &str, count: usize) -> Diagnostic {
    let what = if count == 1 {
        format!("a line starting with \"{bullet}\" is")
    } else {
        format!("these {count} lines starting with \"{bullet}\" are")
    };
    Diagnostic::error(
        "pasted-bullet",
        format!("{what} not a list: the page and the PDF print the bullets as text, and the lines run together"),
    )
    .at_line(file, line)
    .hint("start each item with `- ` (a hyphen and a space) instead, on a line of its own")
}

/// The habits of one line: a typed contents heading, an HTML table, a typed footnote number.
fn line_habits(file: &SourceFile, line: usize, text: &str) -> Option<Diagnostic> {
    let heading = text.trim_start_matches('#');
    let is_contents = || {
        let words = heading.trim().trim_end_matches(':');
        ["contents", "table of contents"]
            .iter()
            .any(|c| words.eq_ignore_ascii_case(c))
    };
    if heading.len() < text.len() && is_contents() {
        return Some(
            Diagnostic::warning(
                "typed-contents",
                "a contents list typed by hand: yjplan makes the contents of the PDF and the page itself, with the right page numbers",
            )
            .at_line(file, line)
            .hint("delete this heading and the list under it"),
        );
    }
    if is_html_table(text) {
        return Some(
            Diagnostic::error(
                "html-table",
                "a table written in HTML (pasted from Word or a web page) is shown as typed",
            )
            .at_line(file, line)
            .hint("put the table in the front matter under `tables:` (`kind: text` for words, `kind: sum` for numbers) and place it with `{{ table(\"id\") }}`"),
        );
    }
    typed_footnote(file, line, text)
}

/// "typed-footnote" for a superscript number after a word or at the start of a line (a footnote
/// pasted from Word), or pandoc's `^1^`. A superscript after a short unit (m², km²) is a power.
fn typed_footnote(file: &SourceFile, line: usize, text: &str) -> Option<Diagnostic> {
    // Most lines have neither: skip them before collecting their characters.
    if !text.contains(|c: char| c == '^' || is_superscript(c)) {
        return None;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let found = chars.iter().enumerate().find_map(|(n, &(at, c))| {
        if !is_superscript(c) || n > 0 && is_superscript(chars[n - 1].1) {
            return None;
        }
        let word = chars[..n]
            .iter()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .count();
        let after_mark = n > 0 && ".,;:)\"”’'".contains(chars[n - 1].1);
        let at_start = text[..at].trim().is_empty();
        let number: String = text[at..]
            .chars()
            .take_while(|&c| is_superscript(c))
            .collect();
        (word >= 3 || after_mark || at_start).then_some((at, number))
    });
    let (at, typed) = match found {
        Some(found) => found,
        None => {
            let at = text.find('^').filter(|&at| {
                let rest = &text[at + 1..];
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                digits > 0 && rest[digits..].starts_with('^')
            })?;
            let digits = text[at + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            (at, text[at..at + digits + 2].to_string())
        }
    };
    let number: String = typed
        .chars()
        .filter_map(|c| match SUPERSCRIPTS.chars().position(|s| s == c) {
            Some(digit) => char::from_digit(digit as u32, 10),
            None => c.is_ascii_digit().then_some(c),
        })
        .collect();
    let start = file.line_start(line);
    Some(
        Diagnostic::warning(
            "typed-footnote",
            format!("\"{typed}\" looks like a footnote number typed by hand: it is not linked to its note, and a screen reader reads it as part of the word"),
        )
        .at(file, start + at..start + at + typed.len())
        .hint(format!("write a footnote: `[^{number}]` here, and `[^{number}]: the note's text` at the end of the file")),
    )
}

#[cfg(test)]
mod tests;
