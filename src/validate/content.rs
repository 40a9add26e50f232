//! Content checks: takes the parsed sections and gives diagnostics for images (through
//! [`crate::load::assets`]), links (to the web or to `#ids` of the plan) and footnotes.

use crate::compute::ComputedTable;
use crate::diag::{Diagnostic, SourceFile};
use crate::load::assets::{check_image, Images, MARKDOWN_ALT_HINT};
use crate::model::{plain_text, walk, Block, Inline, Section};
use crate::util::slug;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Checks images, links and footnotes of every section.
pub fn check_content(
    sections: &[Section],
    image_files: &Images,
    anchors: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for section in sections {
        let file = &section.file;
        // A footnote label belongs to its file: its text is there, and another file may use it
        // for a note of its own. The first definition of each label, by its slug.
        let mut defined = BTreeSet::new();
        let mut notes: BTreeMap<String, usize> = BTreeMap::new();
        let mut referenced = Vec::new();
        let mut images = Vec::new();
        let mut links = Vec::new();
        let mut spaced = Vec::new();
        walk(
            &section.nodes,
            &mut |node| match &node.block {
                Block::Image { src, alt, .. } => images.push((node.line, src, alt)),
                Block::FootnoteDef { label, .. } => {
                    if let Some(&first) = notes.get(&slug(label)) {
                        out.push(duplicate_footnote(label, first, file, node.line));
                    } else {
                        notes.insert(slug(label), node.line);
                    }
                    defined.insert(label.clone());
                }
                _ => {}
            },
            &mut |inline, line| match inline {
                Inline::Link { href, c } => links.push((line, href, c)),
                Inline::Fnref { id, .. } => referenced.push((id.clone(), line)),
                // The parser leaves a reference to an undefined footnote as text: "[^x]".
                Inline::Text { v } => {
                    referenced.extend(undefined_footnotes(v).map(|id| (id, line)));
                    spaced.extend(spaced_targets(v).into_iter().map(|t| (line, t)));
                }
                _ => {}
            },
        );
        for (line, src, alt) in images {
            out.extend(check_image(
                file,
                line,
                (src, alt),
                MARKDOWN_ALT_HINT,
                image_files,
            ));
        }
        for (line, href, c) in links {
            out.extend(check_link(file, line, href, c, anchors));
        }
        for (line, target) in spaced {
            out.push(spaced_target(file, line, &target, image_files));
        }
        for (id, line) in referenced
            .into_iter()
            .filter(|(id, _)| !defined.contains(id))
        {
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

/// "duplicate-footnote": a second text for a footnote label in one file.
fn duplicate_footnote(label: &str, first: usize, file: &SourceFile, at: usize) -> Diagnostic {
    Diagnostic::error(
        "duplicate-footnote",
        format!(
            "the footnote `[^{label}]` is given a second text here; its first is at line {first}"
        ),
    )
    .at_line(file, at)
    .hint(format!("delete one of the two, or give this one a name of its own (`[^{label}-2]: …`) and cite it by that name"))
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

/// An image or link written with a space in its path (`![Chart](assets/org chart.svg)`), which
/// markdown prints as text.
struct Spaced {
    image: bool,
    label: String,
    path: String,
}

fn spaced_targets(text: &str) -> Vec<Spaced> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(mid) = text[from..].find("](").map(|i| from + i) {
        from = mid + 2;
        let Some(open) = text[..mid].rfind('[') else {
            continue;
        };
        let Some(close) = text[from..].find(')').map(|i| from + i) else {
            continue;
        };
        let path = text[from..close].trim();
        if path.contains(' ') && !path.starts_with('<') && !path.contains(['[', '(']) {
            let image = text[..open].ends_with('!');
            let label = text[open + 1..mid].to_string();
            out.push(Spaced {
                image,
                label,
                path: path.to_string(),
            });
        }
    }
    out
}

fn spaced_target(file: &SourceFile, line: usize, t: &Spaced, images: &Images) -> Diagnostic {
    let (what, bang) = if t.image {
        ("image", "!")
    } else {
        ("link", "")
    };
    let (label, path) = (&t.label, &t.path);
    let mut d = Diagnostic::error(
        "path-with-space",
        format!("the {what} path `{path}` has a space in it, so the {what} is printed as text"),
    )
    .at_line(file, line);
    if t.image && images.read_checked(path).is_ok() {
        d = d.note(format!("the file {path} is in the plan folder"));
    }
    let renamed = path.replace(' ', "-");
    d.hint(format!("put the path in angle brackets: `{bang}[{label}](<{path}>)`; or rename the file to {renamed} and write `{bang}[{label}]({renamed})`"))
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

/// Ids that `#…` links may point at: headings, tables and charts.
pub fn anchors(sections: &[Section], tables: &[Arc<ComputedTable>]) -> BTreeSet<String> {
    let mut ids = crate::model::HeadingIds::new(sections, tables.iter().map(|t| t.id.as_str()));
    let mut out = BTreeSet::new();
    for heading in super::headings(sections) {
        out.insert(ids.next(&heading.text));
    }
    for table in tables {
        out.insert(format!("table-{}", table.id));
        out.insert(format!("figure-{}", table.id));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_text_for_a_footnote_label_in_one_file_is_an_error_another_files_is_its_own() {
        let sections = [
            crate::model::tests::parsed_section(
                "a.md",
                "Text[^b].\n\n[^b]: First.\n\n[^b]: Second.\n",
            ),
            crate::model::tests::parsed_section("b.md", "More[^b].\n\n[^b]: Third.\n"),
            crate::model::tests::parsed_section("c.md", "Cited[^b] only.\n"),
        ];
        let images = Images::new(std::path::Path::new("."));
        let found: Vec<String> = check_content(&sections, &images, &BTreeSet::new())
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.location.as_ref().unwrap().file,
                    d.location.as_ref().unwrap().line.unwrap(),
                    d.message
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                "a.md:5 the footnote `[^b]` is given a second text here; its first is at line 3",
                "c.md:1 the footnote `[^b]` has no text",
            ]
        );
    }
}
