//! PDF safety: takes the parsed sections and gives an error at the line of each thing that would
//! make typesetting fail rather than look wrong: a heading with no text, a text longer than a PDF
//! string may be ([`MAX_TEXT`]), and a footnote that cites itself (directly or through others).
//! Together with the glyph check ([`crate::validate::glyphs`]) this makes `check` fail wherever `build`
//! would, at the markdown line.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::plan::PlanConfig;
use crate::model::{plain_text, Block, Inline, Node};
use crate::model::{walk, Section};
use std::collections::{BTreeMap, BTreeSet};

pub mod values;

/// The longest paragraph, heading, table cell, link or alt text, in characters: PDF/A strings
/// may be at most 32,767 bytes. Documented in docs/format.md ("Limits").
pub const MAX_TEXT: usize = 32_000;

/// The longest run of characters with no space (a "word"), in characters: the PDF holds a line's
/// text as one string of glyph numbers, two bytes each, and a run that cannot break is one line
/// however long (17,000 letters failed).
pub const MAX_WORD: usize = 8_000;

/// Whether `text` holds a run of more than [`MAX_WORD`] characters with no space.
fn has_long_word(text: &str) -> bool {
    text.chars().count() > MAX_WORD
        && text
            .split(char::is_whitespace)
            .any(|w| w.chars().count() > MAX_WORD)
}

/// The longest link address, in bytes: Typst refuses a longer URL.
pub const MAX_URL: usize = 8_000;

/// The bytes a heading or alt text takes as a PDF text string: one a character when all are
/// ASCII, else UTF-16 after a two-byte mark (two a character, four beyond the Basic Multilingual
/// Plane). Counting characters let 20,000 Welsh letters through to a failed PDF.
pub fn pdf_string_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        2 + 2 * text.encode_utf16().count()
    }
}

/// Errors for sections that could not be typeset.
pub fn check(sections: &[Section]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for section in sections {
        let file = &section.file;
        // A footnote label belongs to its file, so chains of citations are followed in it.
        let mut footnotes: Vec<(String, usize, &Section, BTreeSet<String>)> = Vec::new();
        let mut long_lines = BTreeSet::new();
        let mut long_inlines = BTreeSet::new();
        let mut long_links = BTreeSet::new();
        walk(
            &section.nodes,
            &mut |node| {
                if let Some(d) = empty_heading(node, section) {
                    out.push(d);
                }
                if let Block::FootnoteDef { label, blocks } = &node.block {
                    footnotes.push((label.clone(), node.line, section, cited(blocks)));
                }
                let long = match &node.block {
                    Block::Image { alt, src, .. } => {
                        pdf_string_len(alt) > MAX_TEXT || src.len() > MAX_TEXT
                    }
                    Block::Code(code) => code.lines().any(|l| l.chars().count() > MAX_TEXT),
                    Block::Heading { inlines, .. } => {
                        pdf_string_len(&plain_text(inlines)) > MAX_TEXT
                    }
                    Block::Paragraph(inlines) => plain_text(inlines).chars().count() > MAX_TEXT,
                    _ => false,
                };
                if long {
                    long_lines.insert(node.line);
                }
            },
            &mut |inline, line| {
                let long = match inline {
                    Inline::Link { href, .. } if href.len() > MAX_URL => {
                        long_links.insert(line);
                        false
                    }
                    Inline::Text { v } | Inline::Code { v } => {
                        v.chars().count() > MAX_TEXT || has_long_word(v)
                    }
                    _ => false,
                };
                if long {
                    long_inlines.insert(line);
                }
            },
        );
        long_lines.append(&mut long_inlines);
        for &line in long_links.difference(&long_lines) {
            out.push(
                Diagnostic::error("text-too-long", format!("this link address is longer than {MAX_URL} bytes, more than a PDF link may hold"))
                    .at_line(file, line)
                    .hint("link to a shorter address (the page's own address, without its query)"),
            );
        }
        for line in long_lines {
            out.push(
                Diagnostic::error("text-too-long", format!("this text is longer than a PDF can hold in one piece: {MAX_TEXT} characters ({MAX_WORD} without a space), or half as many in a heading or alt text with letters beyond ASCII (such as ŵ)"))
                    .at_line(file, line)
                    .hint("split it into paragraphs (a blank line between them), or shorten the link or alt text"),
            );
        }
        out.extend(footnote_cycles(&footnotes));
    }
    out
}

/// The longest service name, in bytes as a PDF string: the PDF's title, subject and keywords
/// repeat it, and each of those is one PDF string.
pub const MAX_NAME: usize = 1_000;

/// An error at plan.yaml's `service:` line when the name is too long for the PDF's metadata.
pub fn settings(plan_file: &SourceFile, plan: &PlanConfig) -> Option<Diagnostic> {
    (pdf_string_len(&plan.service) > MAX_NAME).then(|| {
        let line = crate::load::front_matter::key_line(plan_file, &["service"]).unwrap_or(1);
        Diagnostic::error(
            "text-too-long",
            format!("the service's name is longer than {MAX_NAME} bytes, more than the PDF's title and description can hold"),
        )
        .at_line(plan_file, line)
        .hint("shorten it to the name people know")
    })
}

fn empty_heading(node: &Node, section: &Section) -> Option<Diagnostic> {
    let Block::Heading { inlines, .. } = &node.block else {
        return None;
    };
    plain_text(inlines).trim().is_empty().then(|| {
        Diagnostic::error("empty-heading", "this heading has no text")
            .at_line(&section.file, node.line)
            .hint("write the heading after the `#` marks, or delete the line")
    })
}

/// The footnote labels cited inside some blocks.
fn cited(blocks: &[Node]) -> BTreeSet<String> {
    let mut labels = BTreeSet::new();
    walk(blocks, &mut |_| {}, &mut |inline, _| {
        if let Inline::Fnref { id, .. } = inline {
            labels.insert(id.clone());
        }
    });
    labels
}

/// An error at each footnote that cites itself, directly or through a chain of footnotes.
fn footnote_cycles(footnotes: &[(String, usize, &Section, BTreeSet<String>)]) -> Vec<Diagnostic> {
    let cites: BTreeMap<&str, &BTreeSet<String>> = footnotes
        .iter()
        .map(|(label, _, _, c)| (label.as_str(), c))
        .collect();
    let mut out = Vec::new();
    for (label, line, section, _) in footnotes {
        if let Some(path) = path_back(label, &cites) {
            let through = if path.len() > 1 {
                format!(
                    " (through {})",
                    path[..path.len() - 1]
                        .iter()
                        .map(|l| format!("[^{l}]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            };
            out.push(
                Diagnostic::error(
                    "footnote-cycle",
                    format!("the footnote [^{label}] cites itself{through}"),
                )
                .at_line(&section.file, *line)
                .hint("a footnote may cite other footnotes, but not itself: remove the reference"),
            );
        }
    }
    out
}

/// The labels on a path of citations from `start` back to itself, if there is one
/// (breadth first, so the shortest).
fn path_back(start: &str, cites: &BTreeMap<&str, &BTreeSet<String>>) -> Option<Vec<String>> {
    let mut queue: std::collections::VecDeque<Vec<String>> = std::collections::VecDeque::new();
    let mut seen = BTreeSet::new();
    queue.push_back(Vec::new());
    while let Some(path) = queue.pop_front() {
        let at = path.last().map_or(start, String::as_str);
        for next in cites.get(at).into_iter().flat_map(|c| c.iter()) {
            let mut longer = path.clone();
            longer.push(next.clone());
            if next == start {
                return Some(longer);
            }
            if seen.insert(next.clone()) {
                queue.push_back(longer);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, usize, String)> {
        let file = SourceFile::new("content/01.md", text);
        let (nodes, _) = crate::parse::parse(text, 1, &file);
        let section = Section {
            file,
            nodes,
            tables: vec![],
            front_ok: true,
        };
        check(&[section])
            .into_iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    d.location.unwrap().line.unwrap(),
                    d.message,
                )
            })
            .collect()
    }

    #[test]
    fn empty_headings_are_errors() {
        let found = run("# Plan\n\n## \n\nText\n");
        assert_eq!(
            found,
            [("empty-heading".into(), 3, "this heading has no text".into())]
        );
    }

    #[test]
    fn footnotes_citing_themselves_are_errors() {
        let found =
            run("Text[^a] and[^c].\n\n[^a]: See [^a].\n\n[^b]: See [^c].\n\n[^c]: See [^b].\n");
        let codes: Vec<(usize, &str)> = found.iter().map(|(_, l, m)| (*l, m.as_str())).collect();
        assert_eq!(
            codes,
            [
                (3, "the footnote [^a] cites itself"),
                (5, "the footnote [^b] cites itself (through [^c])"),
                (7, "the footnote [^c] cites itself (through [^b])"),
            ]
        );
        assert!(run("Text[^a].\n\n[^a]: See [^b].\n\n[^b]: Plain.\n").is_empty());
        // Labels belong to their file: two files citing each other's labels make no cycle.
        let section = |name: &str, text: &str| {
            let file = SourceFile::new(name, text);
            let (nodes, _) = crate::parse::parse(text, 1, &file);
            Section {
                file,
                nodes,
                tables: vec![],
                front_ok: true,
            }
        };
        let two = [
            section("a.md", "A[^1].\n\n[^1]: See [^2].\n\n[^2]: Plain.\n"),
            section("b.md", "B[^2].\n\n[^2]: See [^1].\n\n[^1]: Plain.\n"),
        ];
        assert!(check(&two).is_empty());
    }

    #[test]
    fn texts_longer_than_a_pdf_string_are_errors() {
        let long = "word ".repeat(MAX_TEXT / 5 + 1);
        let found = run(&format!("# Plan\n\n{long}\n\nShort.\n"));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0.as_str(), found[0].1), ("text-too-long", 3));
        assert!(run(&format!("# Plan\n\n{}\n", "word ".repeat(MAX_TEXT / 5 - 1))).is_empty());
        // One run with no space breaks nowhere: the PDF holds it as one string.
        let found = run(&format!(
            "# Plan\n\nSee {} here.\n",
            "a".repeat(MAX_WORD + 1)
        ));
        assert_eq!((found.len(), found[0].1), (1, 3));
        assert!(run(&format!("# Plan\n\nSee {}.\n", "a".repeat(MAX_WORD - 1))).is_empty());
    }

    #[test]
    fn headings_alt_texts_and_links_are_measured_as_the_pdf_stores_them() {
        // 20,000 Welsh letters and spaces are 40,002 bytes of UTF-16: too long for a PDF
        // string, but not for a paragraph (whose lines are strings of their own).
        let welsh = "ŵŵŵŵ ".repeat(4_000);
        let found = run(&format!(
            "# Plan\n\n## {welsh}\n\n![{welsh}](a.png)\n\n{welsh}\n"
        ));
        let lines: Vec<usize> = found.iter().map(|f| f.1).collect();
        assert_eq!(
            lines,
            [3, 5],
            "the heading and the alt text, not the paragraph"
        );
        let link = format!(
            "# Plan\n\n[here](https://example.org/{})\n",
            "a".repeat(MAX_URL)
        );
        let found = run(&link);
        assert_eq!((found[0].1, found.len()), (3, 1));
        assert!(found[0]
            .2
            .contains("link address is longer than 8000 bytes"));
        assert_eq!(pdf_string_len("abc"), 3);
        assert_eq!(pdf_string_len("ŵ😀"), 2 + 2 + 4);
    }
}
