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
        let mut defined = BTreeMap::new();
        let mut notes: BTreeMap<String, usize> = BTreeMap::new();
        let mut referenced = Vec::new();
        let mut images = Vec::new();
        let mut links = Vec::new();
        let mut spaced = Vec::new();
        // Whether the inlines walked now are a table's cells, which show no footnote marks.
        let in_table = std::cell::Cell::new(false);
        walk(
            &section.nodes,
            &mut |node| {
                in_table.set(matches!(node.block, Block::Table { .. }));
                match &node.block {
                    Block::Image { src, alt, .. } => images.push((node.line, src, alt)),
                    Block::FootnoteDef { label, .. } => {
                        if let Some(&first) = notes.get(&slug(label)) {
                            out.push(duplicate_footnote(label, first, file, node.line));
                        } else {
                            notes.insert(slug(label), node.line);
                        }
                        defined.entry(label.clone()).or_insert(node.line);
                    }
                    _ => {}
                }
            },
            &mut |inline, line| match inline {
                Inline::Link { href, c } => links.push((line, href, c)),
                Inline::Fnref { id, .. } => referenced.push((id.clone(), line, in_table.get())),
                // The parser leaves a reference to an undefined footnote as text: "[^x]".
                Inline::Text { v } => {
                    referenced.extend(undefined_footnotes(v).map(|id| (id, line, in_table.get())));
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
        out.extend(footnote_problems(file, &defined, &referenced));
    }
    out
}

/// "unused-footnote" for a footnote text that no mark of its file cites in the text (a mark in
/// a table cell is not shown), "missing-footnote" for a mark with no text. `defined` gives each
/// label's line; `referenced`, each mark's label, line and whether it is in a table.
fn footnote_problems(
    file: &SourceFile,
    defined: &BTreeMap<String, usize>,
    referenced: &[(String, usize, bool)],
) -> Vec<Diagnostic> {
    let marks = |in_table: bool| -> BTreeSet<&str> {
        let found = referenced.iter().filter(|(.., t)| *t == in_table);
        found.map(|(id, ..)| id.as_str()).collect()
    };
    let (in_text, in_tables) = (marks(false), marks(true));
    let mut out = Vec::new();
    for (label, &line) in defined
        .iter()
        .filter(|(l, _)| !in_text.contains(l.as_str()))
    {
        out.push(unused_footnote(
            label,
            file,
            line,
            in_tables.contains(label.as_str()),
        ));
    }
    for (id, line, _) in referenced
        .iter()
        .filter(|(id, ..)| !defined.contains_key(id))
    {
        out.push(
            Diagnostic::error(
                "missing-footnote",
                format!("the footnote `[^{id}]` has no text"),
            )
            .at_line(file, *line)
            .hint(format!(
                "add a line `[^{id}]: the footnote's text` at the end of the section"
            )),
        );
    }
    out
}

/// "bad-link" for an address without a scheme (`www.example.org`, `//example.org`, `../notes.txt`,
/// `/contact`): the web page would read it against its own address, and the PDF, which has none,
/// leads nowhere. The hint gives the whole address when the link names a site.
fn not_whole_address(href: &str) -> Diagnostic {
    let site = href.strip_prefix("//").unwrap_or(href);
    let names_site = site.split('/').next().is_some_and(|host| {
        host.contains('.') && !host.starts_with('.') && !host.contains(char::is_whitespace)
    });
    let hint = if names_site {
        format!("write the whole address: `https://{site}`")
    } else {
        "write the whole address of the page, starting https://, or link to a heading of the plan (#…); a document of the plan is published on the web and linked there".to_string()
    };
    Diagnostic::error(
        "bad-link",
        format!("the link `{href}` is not a whole web address, so it leads nowhere in the PDF"),
    )
    .hint(hint)
}

/// "unused-footnote": a footnote text no mark of its file's text cites (perhaps one in a table
/// cell, which shows no marks), which neither the page nor the PDF shows (a note is placed where
/// it is first cited).
fn unused_footnote(label: &str, file: &SourceFile, at: usize, in_table: bool) -> Diagnostic {
    let (how, hint) = if in_table {
        (
            "is cited only in a table, whose cells show no footnote marks",
            format!("cite `[^{label}]` in a sentence before or after the table instead"),
        )
    } else {
        (
            "is never cited",
            format!("cite it with `[^{label}]` after the words it is about, or delete its text"),
        )
    };
    Diagnostic::warning(
        "unused-footnote",
        format!("the footnote `[^{label}]` {how}, so neither the page nor the PDF shows it"),
    )
    .at_line(file, at)
    .hint(hint)
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
    } else if !href.contains(':') {
        out.push(not_whole_address(href).at_line(file, line));
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
    fn links_without_a_scheme_are_refused_with_the_whole_address() {
        let section = crate::model::tests::parsed_section(
            "a.md",
            "[a](www.example.gov.uk/yj) [b](//evil.example/x) [c](../secret.txt) [d](/etc/passwd) [e](https://ok.example) [f](mailto:a@b.example)\n",
        );
        let images = Images::new(std::path::Path::new("."));
        let found: Vec<(String, String)> = check_content(&[section], &images, &BTreeSet::new())
            .into_iter()
            .map(|d| (d.message, d.hints.join(" ")))
            .collect();
        let links: Vec<&str> = found
            .iter()
            .map(|(m, _)| m.split('`').nth(1).unwrap())
            .collect();
        assert_eq!(
            links,
            [
                "www.example.gov.uk/yj",
                "//evil.example/x",
                "../secret.txt",
                "/etc/passwd"
            ]
        );
        assert!(
            found[0].1.contains("`https://www.example.gov.uk/yj`"),
            "{}",
            found[0].1
        );
        assert!(
            found[1].1.contains("`https://evil.example/x`"),
            "{}",
            found[1].1
        );
        assert!(found[2].1.contains("starting https://"), "{}", found[2].1);
    }

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
