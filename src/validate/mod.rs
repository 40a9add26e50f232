//! Validate: takes the parsed sections, the edition and the plan settings, and gives diagnostics:
//! template headings (missing, misordered, misspelt, wrongly levelled, repeated), skipped heading
//! levels, images, links, footnotes, tables placed or not, and the sign-off. It also gives, for
//! each heading, the template heading it fills, which the view stage uses.

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::edition::Edition;
use crate::parse::{plain_text, Block, Inline, Node};
use crate::plan::PlanConfig;
use crate::util::similarity;
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

/// How a plan heading matched a template heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MatchKind {
    /// The template's words (ignoring case and spacing).
    Exact,
    /// A known variant wording.
    Alias,
    /// Close enough to be a misspelling.
    Fuzzy,
}

/// Words compared without case, spacing, dash style or trailing punctuation.
fn normalise(text: &str) -> String {
    let text = text.replace(['–', '—'], "-").to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").trim_end_matches([':', '.']).to_string()
}

const FUZZY_THRESHOLD: f64 = 0.8;

fn match_kind(heading: &str, text: &str, aliases: &[String]) -> Option<MatchKind> {
    let h = normalise(heading);
    if h == normalise(text) {
        return Some(MatchKind::Exact);
    }
    if aliases.iter().any(|a| normalise(a) == h) {
        return Some(MatchKind::Alias);
    }
    let best = std::iter::once(text)
        .chain(aliases.iter().map(String::as_str))
        .map(|t| similarity(&h, &normalise(t)))
        .fold(0.0, f64::max);
    (best >= FUZZY_THRESHOLD).then_some(MatchKind::Fuzzy)
}

/// Checks the plan's headings against the edition. Returns, for each found heading, the index of
/// the template heading it fills (None for local headings), and the diagnostics.
pub fn check_headings(
    found: &[FoundHeading],
    edition: &Edition,
    plan: &PlanConfig,
) -> (Vec<Option<usize>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let texts: Vec<String> = edition
        .headings
        .iter()
        .map(|h| h.text_for(&plan.period))
        .collect();
    let mut matched: Vec<Option<usize>> = vec![None; found.len()];
    let mut taken: HashMap<usize, usize> = HashMap::new();
    let mut next = 0;
    for (i, heading) in found.iter().enumerate() {
        let candidates: Vec<(MatchKind, usize)> = texts
            .iter()
            .enumerate()
            .filter_map(|(t, text)| {
                match_kind(&heading.text, text, &edition.headings[t].aliases).map(|k| (k, t))
            })
            .collect();
        let free = candidates.iter().filter(|(_, t)| !taken.contains_key(t));
        let best = free.min_by_key(|(kind, t)| {
            let level_differs = edition.headings[*t].level != heading.level;
            (*kind, level_differs, *t < next, t.abs_diff(next))
        });
        match best {
            Some(&(kind, t)) => {
                if let Some(d) = wording(heading, kind, &texts[t]) {
                    diagnostics.push(d);
                }
                matched[i] = Some(t);
                taken.insert(t, i);
                next = t + 1;
            }
            None => {
                let repeat = candidates.iter().find(|(k, _)| *k != MatchKind::Fuzzy);
                if let Some(&(_, t)) = repeat {
                    diagnostics.push(duplicate(heading, &found[taken[&t]], &texts[t]));
                }
            }
        }
    }
    diagnostics.extend(check_levels(found, &matched, edition));
    diagnostics.extend(check_order(found, &matched, &texts));
    diagnostics.extend(check_missing(found, &matched, edition, &texts));
    (matched, diagnostics)
}

fn wording(heading: &FoundHeading, kind: MatchKind, text: &str) -> Option<Diagnostic> {
    let (code, message) = match kind {
        MatchKind::Exact => return None,
        MatchKind::Alias => (
            "heading-wording",
            format!(
                "\"{}\" is not the template's wording for this heading",
                heading.text
            ),
        ),
        MatchKind::Fuzzy => (
            "misspelt-heading",
            format!(
                "\"{}\" looks like a misspelling of the template heading \"{text}\"",
                heading.text
            ),
        ),
    };
    Some(
        Diagnostic::error(code, message)
            .at_line(heading.file, heading.line)
            .hint(format!(
                "the YJB template's heading is \"{text}\": write `{} {text}`",
                hashes(heading.level)
            )),
    )
}

fn duplicate(heading: &FoundHeading, first: &FoundHeading, text: &str) -> Diagnostic {
    Diagnostic::error(
        "duplicate-heading",
        format!("the template heading \"{text}\" appears more than once"),
    )
    .at_line(heading.file, heading.line)
    .note(format!("it first appears at {}:{}", first.file.path, first.line))
    .hint("each template section is written once: merge the two sections, or give this one a heading of its own")
}

fn hashes(level: u8) -> String {
    "#".repeat(usize::from(level.max(1)))
}

fn check_levels(
    found: &[FoundHeading],
    matched: &[Option<usize>],
    edition: &Edition,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut previous = 0u8;
    for (heading, m) in found.iter().zip(matched) {
        if let Some(t) = m {
            let want = edition.headings[*t].level;
            if want != heading.level {
                out.push(
                    Diagnostic::error(
                        "heading-level",
                        format!(
                            "\"{}\" is a level {want} heading in the template, not level {}",
                            heading.text, heading.level
                        ),
                    )
                    .at_line(heading.file, heading.line)
                    .hint(format!(
                        "write it as `{} {}`",
                        hashes(want),
                        heading.text
                    )),
                );
            }
        }
        if heading.level > previous + 1 {
            let message = if previous == 0 {
                format!(
                    "the plan's first heading \"{}\" must be a level 1 heading (`# `)",
                    heading.text
                )
            } else {
                format!(
                    "heading level skips from {previous} to {}: \"{}\"",
                    heading.level, heading.text
                )
            };
            out.push(
                Diagnostic::error("heading-skip", message)
                    .at_line(heading.file, heading.line)
                    .hint(format!(
                        "headings go down one level at a time; write `{} {}` or add the missing level above it",
                        hashes(previous + 1),
                        heading.text
                    )),
            );
        }
        previous = heading.level;
    }
    out
}

/// Flags the fewest headings that break the template order: those outside the longest run of
/// template headings already in order.
fn check_order(
    found: &[FoundHeading],
    matched: &[Option<usize>],
    texts: &[String],
) -> Vec<Diagnostic> {
    let present: Vec<(usize, usize)> = matched
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|t| (i, t)))
        .collect();
    let keep = longest_increasing(&present.iter().map(|p| p.1).collect::<Vec<_>>());
    let mut out = Vec::new();
    for (k, &(i, t)) in present.iter().enumerate() {
        if keep.contains(&k) {
            continue;
        }
        let heading = &found[i];
        let before = present
            .iter()
            .filter(|(_, other)| *other > t)
            .min_by_key(|(_, other)| *other)
            .map(|&(_, other)| texts[other].clone());
        let mut d = Diagnostic::error(
            "heading-order",
            format!("\"{}\" is out of the template's order", heading.text),
        )
        .at_line(heading.file, heading.line);
        if let Some(before) = before {
            d = d.hint(format!(
                "the template puts \"{}\" before \"{before}\": move the section",
                texts[t]
            ));
        }
        out.push(d);
    }
    out
}

/// Positions of one longest strictly increasing subsequence.
fn longest_increasing(values: &[usize]) -> BTreeSet<usize> {
    let n = values.len();
    let mut length = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if values[j] < values[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut keep = BTreeSet::new();
    let mut at = (0..n).max_by_key(|&i| (length[i], std::cmp::Reverse(i)));
    while let Some(i) = at {
        keep.insert(i);
        at = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    keep
}

fn check_missing(
    found: &[FoundHeading],
    matched: &[Option<usize>],
    edition: &Edition,
    texts: &[String],
) -> Vec<Diagnostic> {
    let position_of: HashMap<usize, usize> = matched
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|t| (t, i)))
        .collect();
    let mut out = Vec::new();
    for (t, heading) in edition.headings.iter().enumerate() {
        if position_of.contains_key(&t) {
            continue;
        }
        let after = (0..t)
            .rev()
            .find_map(|p| position_of.get(&p).map(|&i| (p, i)));
        let next = (t + 1..texts.len()).find_map(|n| position_of.get(&n).map(|&i| (n, i)));
        let mut d = Diagnostic::error(
            "missing-heading",
            format!("the template heading \"{}\" is missing", texts[t]),
        );
        let line = format!("`{} {}`", hashes(heading.level), texts[t]);
        d = match (next, after, found.last()) {
            (Some((_, i)), _, _) => d.at_line(found[i].file, found[i].line),
            (None, Some((_, i)), _) => d.at_line(found[i].file, found[i].line),
            (None, None, Some(last)) => d.at_line(last.file, last.line),
            (None, None, None) => d,
        };
        d = match (after, next) {
            (Some((p, _)), _) => d.hint(format!("add {line} after the section \"{}\"", texts[p])),
            (None, Some((n, _))) => d.hint(format!("add {line} before \"{}\"", texts[n])),
            (None, None) => d.hint(format!(
                "add {line}; `yjplan headings` lists the template's headings"
            )),
        };
        if let Some(guidance) = &heading.guidance {
            d = d.note(format!("the section covers: {guidance}"));
        }
        out.push(d);
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_ignores_case_dashes_and_spacing() {
        assert_eq!(
            normalise("Appendix 1 –  Staffing structure:"),
            "appendix 1 - staffing structure"
        );
    }

    #[test]
    fn kinds_of_match() {
        let aliases = vec!["Forward by the Chair of the Management Board".to_string()];
        let text = "Foreword by the Chair of the Management Board";
        assert_eq!(match_kind(text, text, &aliases), Some(MatchKind::Exact));
        assert_eq!(
            match_kind(&aliases[0], text, &aliases),
            Some(MatchKind::Alias)
        );
        assert_eq!(match_kind("Vison", "Vision", &[]), Some(MatchKind::Fuzzy));
        assert_eq!(match_kind("Preface", "Vision", &[]), None);
    }

    #[test]
    fn longest_increasing_run() {
        assert_eq!(
            longest_increasing(&[0, 1, 5, 2, 3, 4]),
            BTreeSet::from([0, 1, 3, 4, 5])
        );
        assert_eq!(longest_increasing(&[]), BTreeSet::new());
    }
}
