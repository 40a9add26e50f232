//! Placed tables: takes the sections, their headings and the edition, and gives diagnostics for
//! tables defined but never placed and for template sections that expect a table but hold none.

use super::FoundHeading;
use crate::compute::table_ids::is_valid;
use crate::diag::Diagnostic;
use crate::model::{walk, Block, Section};
use crate::resources::edition::Edition;
use std::collections::HashMap;

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
        // An id that is not a valid id is reported where it is defined (`bad-table-id`).
        for id in section.tables.iter().filter(|id| is_valid(id)) {
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
