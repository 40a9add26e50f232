//! Placed tables: takes the sections, their headings and the edition, and gives diagnostics for
//! tables defined but never placed, for tables and charts placed twice (the page would repeat
//! their ids) and for template sections that expect a table but hold none.

use super::FoundHeading;
use crate::compute::table_ids::is_valid;
use crate::diag::Diagnostic;
use crate::model::{walk, Block, Section};
use crate::resources::edition::Edition;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Tables defined but never placed, and template sections that expect a table but hold none.
pub fn check_tables(
    sections: &[Section],
    found: &[FoundHeading],
    matched: &[Option<usize>],
    edition: &Edition,
) -> Vec<Diagnostic> {
    let (placed, mut out) = placements(sections);
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

/// Where each table is placed (its first placement), and a `placed-twice` error at every
/// later placement of a table or of a chart.
fn placements(sections: &[Section]) -> (HashMap<&str, (&str, usize)>, Vec<Diagnostic>) {
    let mut tables = HashMap::new();
    let mut charts = HashMap::new();
    let mut out = Vec::new();
    for section in sections {
        let path = section.file.path.as_str();
        walk(
            &section.nodes,
            &mut |node| {
                let (seen, id, what, anchor) = match &node.block {
                    Block::TableRef(id) => (&mut tables, id, "table", "table"),
                    Block::ChartRef(id) => (&mut charts, id, "chart", "figure"),
                    _ => return,
                };
                match seen.entry(id.as_str()) {
                    Entry::Vacant(e) => {
                        e.insert((path, node.line));
                    }
                    Entry::Occupied(e) => {
                        let (file, line) = e.get();
                        out.push(
                            Diagnostic::error("placed-twice", format!("the {what} `{id}` is placed a second time here; it is placed first at {file}:{line}"))
                                .at_line(&section.file, node.line)
                                .hint(format!("place each {what} once; to point to it from here, link to it: [the {what}](#{anchor}-{id})")),
                        );
                    }
                }
            },
            &mut |_, _| {},
        );
    }
    (tables, out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MARK_CLOSE, MARK_OPEN};

    #[test]
    fn a_table_or_chart_placed_again_is_an_error_at_the_second_placement() {
        let mark = |kind: &str| format!("{MARK_OPEN}{kind}:fte{MARK_CLOSE}");
        let md = format!(
            "{}\n\n{}\n\n> {}\n\nText.[^n]\n\n[^n]: {}\n",
            mark("table"),
            mark("chart"),
            mark("table"),
            mark("chart")
        );
        let sections = [crate::model::tests::parsed_section("a.md", &md)];
        let (placed, found) = placements(&sections);
        assert_eq!(placed.get("fte"), Some(&("a.md", 1)));
        let found: Vec<(usize, &str)> = found
            .iter()
            .map(|d| {
                (
                    d.location.as_ref().unwrap().line.unwrap(),
                    d.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    5,
                    "the table `fte` is placed a second time here; it is placed first at a.md:1"
                ),
                (
                    9,
                    "the chart `fte` is placed a second time here; it is placed first at a.md:3"
                ),
            ]
        );
    }
}
