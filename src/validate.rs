//! Validate: takes the parsed sections, the edition and the plan settings, and gives diagnostics:
//! template headings (missing, misordered, misspelt, wrongly levelled, repeated), skipped heading
//! levels, images, links, footnotes, tables placed or not, and the sign-off. It also gives, for
//! each heading, the template heading it fills, which the view stage uses.

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::edition::Edition;
use crate::parse::{plain_text, Block, Inline, Node};
use crate::plan::PlanConfig;
use std::collections::{BTreeSet, HashMap};

/// A parsed section file.
#[derive(Debug, Clone)]
pub struct Section {
    pub file: SourceFile,
    pub nodes: Vec<Node>,
    /// Ids of the tables its front matter defines.
    pub tables: Vec<String>,
    /// False when its front matter could not be read (its tables are then unknown).
    pub front_ok: bool,
}

/// A heading found in the plan, in document order.
#[derive(Debug, Clone)]
pub struct FoundHeading<'a> {
    pub section: usize,
    pub line: usize,
    pub level: u8,
    pub text: String,
    pub file: &'a SourceFile,
}

/// Every heading of the plan in order.
pub fn headings(sections: &[Section]) -> Vec<FoundHeading<'_>> {
    let mut out = Vec::new();
    for (index, section) in sections.iter().enumerate() {
        for node in &section.nodes {
            if let Block::Heading { level, inlines } = &node.block {
                out.push(FoundHeading {
                    section: index,
                    line: node.line,
                    level: *level,
                    text: plain_text(inlines).trim().to_string(),
                    file: &section.file,
                });
            }
        }
    }
    out
}

pub use crate::heading_check::check_headings;

/// Checks images, links and footnotes of every section.
pub fn check_content(
    sections: &[Section],
    plan_dir: &std::path::Path,
    anchors: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut defined = BTreeSet::new();
    let mut referenced = Vec::new();
    for section in sections {
        let file = &section.file;
        let mut images = Vec::new();
        let mut links = Vec::new();
        walk(
            &section.nodes,
            &mut |node| match &node.block {
                Block::Image { src, alt, .. } => images.push((node.line, src, alt)),
                Block::FootnoteDef { label, .. } => {
                    defined.insert(label.clone());
                }
                _ => {}
            },
            &mut |inline, line| match inline {
                Inline::Link { href, c } => links.push((line, href, c)),
                Inline::Fnref { id, .. } => referenced.push((id.clone(), file, line)),
                // The parser leaves a reference to an undefined footnote as text: "[^x]".
                Inline::Text { v } => {
                    referenced.extend(undefined_footnotes(v).map(|id| (id, file, line)))
                }
                _ => {}
            },
        );
        for (line, src, alt) in images {
            out.extend(check_image(file, line, src, alt, plan_dir));
        }
        for (line, href, c) in links {
            out.extend(check_link(file, line, href, c, anchors));
        }
    }
    for (id, file, line) in referenced {
        if !defined.contains(&id) {
            out.push(
                Diagnostic::error(
                    "missing-footnote",
                    format!("the footnote `[^{id}]` has no text"),
                )
                .at_line(file, line)
                .hint(format!(
                    "add a line `[^{id}]: the footnote's text` at the end of the section"
                )),
            );
        }
    }
    out
}

/// The labels of `[^label]` references left in text.
fn undefined_footnotes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("[^").skip(1).filter_map(|rest| {
        let label = rest.split(']').next()?;
        let valid =
            !label.is_empty() && rest.len() > label.len() && !label.contains(char::is_whitespace);
        valid.then(|| label.to_string())
    })
}

/// Visits every node and inline (with the line of its block).
pub fn walk<'n>(
    nodes: &'n [Node],
    on_block: &mut dyn FnMut(&'n Node),
    on_inline: &mut dyn FnMut(&'n Inline, usize),
) {
    for node in nodes {
        on_block(node);
        match &node.block {
            Block::Heading { inlines, .. } | Block::Paragraph(inlines) => {
                walk_inlines(inlines, node.line, on_inline)
            }
            Block::List { items, .. } => items
                .iter()
                .for_each(|item| walk(item, on_block, on_inline)),
            Block::Quote(children)
            | Block::FootnoteDef {
                blocks: children, ..
            } => walk(children, on_block, on_inline),
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    walk_inlines(cell, node.line, on_inline);
                }
            }
            _ => {}
        }
    }
}

fn walk_inlines<'n>(
    inlines: &'n [Inline],
    line: usize,
    on_inline: &mut dyn FnMut(&'n Inline, usize),
) {
    for inline in inlines {
        on_inline(inline, line);
        if let Inline::Strong { c }
        | Inline::Emph { c }
        | Inline::Strike { c }
        | Inline::Link { c, .. } = inline
        {
            walk_inlines(c, line, on_inline);
        }
    }
}

/// Image formats the PDF and the HTML both show.
pub const IMAGE_FORMATS: &[&str] = &["png", "jpg", "jpeg", "svg"];

pub(crate) fn check_image(
    file: &SourceFile,
    line: usize,
    src: &str,
    alt: &str,
    plan_dir: &std::path::Path,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if alt.trim().is_empty() {
        out.push(
            Diagnostic::error("missing-alt", format!("the image `{src}` has no alt text"))
                .at_line(file, line)
                .hint("describe what the image shows in the brackets: `![Bar chart of outcomes by area: …](…)`"),
        );
    }
    let extension = src.rsplit('.').next().unwrap_or("").to_lowercase();
    if src.contains("://") || src.starts_with('/') || src.split('/').any(|p| p == "..") {
        out.push(
            Diagnostic::error("bad-image-path", format!("the image `{src}` is not a file in the plan directory"))
                .at_line(file, line)
                .hint("put the image in the plan's assets/ folder and write its path from the plan directory, e.g. `assets/chart.png`"),
        );
    } else if !IMAGE_FORMATS.contains(&extension.as_str()) {
        out.push(
            Diagnostic::error(
                "image-format",
                format!("the image `{src}` is not PNG, JPEG or SVG"),
            )
            .at_line(file, line)
            .hint("save the image as PNG, JPEG or SVG"),
        );
    } else {
        match std::fs::read(plan_dir.join(src)) {
            Err(_) => out.push(
                Diagnostic::error("missing-image", format!("the image `{src}` does not exist"))
                    .at_line(file, line)
                    .hint(format!("put the file at {}", plan_dir.join(src).display())),
            ),
            Ok(bytes) => {
                if let Err(reason) = crate::pdf::check_image_bytes(&bytes, &extension) {
                    out.push(
                        Diagnostic::error("bad-image", format!("the image `{src}` cannot be read: {reason}"))
                            .at_line(file, line)
                            .hint("open the image in an image editor and save it again as PNG, JPEG or SVG"),
                    );
                }
            }
        }
    }
    out
}

fn check_link(
    file: &SourceFile,
    line: usize,
    href: &str,
    text: &[Inline],
    anchors: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let scheme = href.split(':').next().unwrap_or("").to_lowercase();
    if href.trim().is_empty() {
        out.push(
            Diagnostic::error("empty-link", "a link has no address")
                .at_line(file, line)
                .hint("write the address in the brackets: `[link text](https://…)`"),
        );
    } else if let Some(anchor) = href.strip_prefix('#') {
        if !anchors.contains(anchor) {
            out.push(
                Diagnostic::error("broken-link", format!("the link `{href}` points at no heading or table in the plan"))
                    .at_line(file, line)
                    .hint("link to a heading by its id: the heading's words in lower case with hyphens, e.g. `#local-context`"),
            );
        }
    } else if href.contains(':') && !["http", "https", "mailto", "tel"].contains(&scheme.as_str()) {
        out.push(
            Diagnostic::error(
                "bad-link",
                format!("links of the kind `{scheme}:` are not allowed"),
            )
            .at_line(file, line)
            .hint("link to web pages (https://…), email addresses (mailto:…) or headings (#…)"),
        );
    }
    if plain_text(text).trim().is_empty() {
        out.push(
            Diagnostic::error(
                "empty-link-text",
                format!("the link to `{href}` has no text"),
            )
            .at_line(file, line)
            .hint("write what the link leads to in the brackets: `[the YJB's guidance](…)`"),
        );
    }
    out
}

/// Tables defined but never placed, and template sections that expect a table but hold none.
pub fn check_tables(
    sections: &[Section],
    found: &[FoundHeading],
    matched: &[Option<usize>],
    edition: &Edition,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut placed: HashMap<&str, usize> = HashMap::new();
    for section in sections {
        walk(
            &section.nodes,
            &mut |node| {
                if let Block::TableRef(id) = &node.block {
                    *placed.entry(id.as_str()).or_default() += 1;
                }
            },
            &mut |_, _| {},
        );
    }
    for section in sections {
        for id in &section.tables {
            if !placed.contains_key(id.as_str()) {
                let offset = section.file.text.find(&format!("{id}:")).unwrap_or(0);
                out.push(
                    Diagnostic::warning(
                        "unused-table",
                        format!("the table `{id}` is defined but not placed in the text"),
                    )
                    .at(&section.file, offset..offset + id.len())
                    .hint(format!(
                        "write `{{{{ table(\"{id}\") }}}}` on its own line where the table belongs"
                    )),
                );
            }
        }
    }
    for (i, (heading, m)) in found.iter().zip(matched).enumerate() {
        let Some(t) = m else { continue };
        let Some(expected) = &edition.headings[*t].expects_table else {
            continue;
        };
        let end = found[i + 1..]
            .iter()
            .position(|h| h.level <= heading.level)
            .map(|p| i + 1 + p);
        // A file whose front matter is broken has already been reported; its tables are unknown.
        if sections[heading.section].front_ok && !section_has_table(sections, found, i, end) {
            out.push(
                Diagnostic::warning("missing-table", format!("the section \"{}\" has no table", heading.text))
                    .at_line(heading.file, heading.line)
                    .hint(format!("the template expects the {expected} table here: define it under `tables:` and place it with `{{{{ table(\"…\") }}}}`")),
            );
        }
    }
    out
}

/// True when a table is placed between heading `start` and heading `end` (exclusive).
fn section_has_table(
    sections: &[Section],
    found: &[FoundHeading],
    start: usize,
    end: Option<usize>,
) -> bool {
    let from = (found[start].section, found[start].line);
    let to = end.map(|e| (found[e].section, found[e].line));
    sections.iter().enumerate().any(|(s, section)| {
        section.nodes.iter().any(|node| {
            let at = (s, node.line);
            matches!(node.block, Block::TableRef(_) | Block::Table { .. })
                && at > from
                && to.is_none_or(|to| at < to)
        })
    })
}

/// A warning when the plan is not signed off (it builds as a draft).
pub fn check_sign_off(plan: &PlanConfig, plan_file: &SourceFile) -> Option<Diagnostic> {
    let missing = plan.missing_sign_off();
    if missing.is_empty() {
        return None;
    }
    let line = crate::plan::sign_off_line(plan_file);
    Some(
        Diagnostic::warning(
            "not-signed-off",
            format!("the plan is not signed off (sign_off has no {}), so it builds as a DRAFT", missing.join(", ")),
        )
        .at_line(plan_file, line)
        .hint("after the management board approves the plan, fill in sign_off: board, date (YYYY-MM-DD), chair and role"),
    )
}
