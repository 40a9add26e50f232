//! PDF safety: takes the parsed sections and gives an error at the line of each thing that would
//! make typesetting fail rather than look wrong: a heading with no text, a text longer than a PDF
//! string may be ([`MAX_TEXT`]), and a footnote that cites itself (directly or through others).
//! Together with the glyph check ([`crate::validate::glyphs`]) this makes `check` fail wherever `build`
//! would, at the markdown line.

use crate::diag::Diagnostic;
use crate::model::{plain_text, Block, Inline, Node};
use crate::model::{walk, Section};
use std::collections::{BTreeMap, BTreeSet};

/// The longest paragraph, heading, table cell, link or alt text, in characters: PDF/A strings
/// may be at most 32,767 bytes. Documented in docs/format.md ("Limits").
pub const MAX_TEXT: usize = 32_000;

/// Errors for sections that could not be typeset.
pub fn check(sections: &[Section]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut footnotes: Vec<(String, usize, &Section, BTreeSet<String>)> = Vec::new();
    for section in sections {
        let file = &section.file;
        let mut long_lines = BTreeSet::new();
        let mut long_inlines = BTreeSet::new();
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
                        alt.chars().count() > MAX_TEXT || src.len() > MAX_TEXT
                    }
                    Block::Code(code) => code.lines().any(|l| l.chars().count() > MAX_TEXT),
                    Block::Heading { inlines, .. } | Block::Paragraph(inlines) => {
                        plain_text(inlines).chars().count() > MAX_TEXT
                    }
                    _ => false,
                };
                if long {
                    long_lines.insert(node.line);
                }
            },
            &mut |inline, line| {
                let long = match inline {
                    Inline::Link { href, .. } => href.chars().count() > MAX_TEXT,
                    Inline::Text { v } | Inline::Code { v } => v.chars().count() > MAX_TEXT,
                    _ => false,
                };
                if long {
                    long_inlines.insert(line);
                }
            },
        );
        long_lines.append(&mut long_inlines);
        for line in long_lines {
            out.push(
                Diagnostic::error("text-too-long", format!("this text is longer than {MAX_TEXT} characters, more than a PDF can hold in one piece"))
                    .at_line(file, line)
                    .hint("split it into paragraphs (a blank line between them), or shorten the link or alt text"),
            );
        }
    }
    out.extend(footnote_cycles(&footnotes));
    out
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
    use crate::diag::SourceFile;

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
    }

    #[test]
    fn texts_longer_than_a_pdf_string_are_errors() {
        let long = "word ".repeat(MAX_TEXT / 5 + 1);
        let found = run(&format!("# Plan\n\n{long}\n\nShort.\n"));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0.as_str(), found[0].1), ("text-too-long", 3));
        assert!(run(&format!("# Plan\n\n{}\n", "word ".repeat(MAX_TEXT / 5 - 1))).is_empty());
    }
}
