//! Section files in the wrong order: takes the plan's headings and their matching to the
//! template, and, when putting whole files in the template's order fixes the order of their
//! headings, gives one warning naming the files to rename (files are read in name order) and the
//! headings in that order, so that only the headings still out of order within a file are
//! reported one by one.

use super::report::longest_increasing;
use super::FoundHeading;
use crate::diag::Diagnostic;
use std::path::Path;

/// A section file's place in the template: its first template heading.
struct Placed {
    section: usize,
    first_heading: usize,
    key: usize,
}

/// The warning about misordered files, and the indices of `found` with the files in the
/// template's order; None when the files are in order, or reordering them would not help.
pub(super) fn file_order(
    found: &[FoundHeading],
    matched: &[Option<usize>],
) -> Option<(Diagnostic, Vec<usize>)> {
    let mut sections: Vec<usize> = found.iter().map(|h| h.section).collect();
    sections.dedup();
    let placed: Vec<Placed> = sections
        .iter()
        .filter_map(|&s| {
            let (first_heading, key) = (0..found.len())
                .filter(|&i| found[i].section == s)
                .filter_map(|i| matched[i].map(|t| (i, t)))
                .min_by_key(|&(_, t)| t)?;
            Some(Placed {
                section: s,
                first_heading,
                key,
            })
        })
        .collect();
    let mut wanted: Vec<&Placed> = placed.iter().collect();
    wanted.sort_by_key(|p| p.key);
    if placed
        .iter()
        .zip(&wanted)
        .all(|(a, b)| a.section == b.section)
    {
        return None;
    }
    // The sections in the new order: the placed ones take each other's places.
    let mut slots = placed.iter().map(|p| p.section);
    let mut moved_into = std::collections::BTreeMap::new();
    for p in &wanted {
        moved_into.insert(slots.next()?, p.section);
    }
    let new_sections: Vec<usize> = sections
        .iter()
        .map(|s| *moved_into.get(s).unwrap_or(s))
        .collect();
    let order: Vec<usize> = new_sections
        .iter()
        .flat_map(|&s| (0..found.len()).filter(move |&i| found[i].section == s))
        .collect();
    if out_of_order(&order, matched) >= out_of_order(&(0..found.len()).collect::<Vec<_>>(), matched)
    {
        return None;
    }
    let moves: Vec<(&Placed, &Placed)> = placed
        .iter()
        .zip(wanted.iter().copied())
        .filter(|(now, want)| now.section != want.section)
        .collect();
    let (now, want) = moves.first()?;
    let (here, there) = (&found[now.first_heading], &found[want.first_heading]);
    let d = Diagnostic::warning(
        "heading-order",
        format!(
            "the section files are out of the template's order: the template puts \"{}\" (in {}) before \"{}\" (in {})",
            there.text,
            name(there),
            here.text,
            name(here)
        ),
    )
    .at_line(there.file, there.line)
    .note("section files are read in the order of their names")
    .hint(renames(found, &moves));
    Some((d, order))
}

/// How many matched headings are out of the template's order when read in `order`.
fn out_of_order(order: &[usize], matched: &[Option<usize>]) -> usize {
    let keys: Vec<usize> = order.iter().filter_map(|&i| matched[i]).collect();
    keys.len() - longest_increasing(&keys).len()
}

/// The file name of a heading's section file (the folder is in the diagnostic's location).
fn name<'a>(heading: &FoundHeading<'a>) -> &'a str {
    let path = heading.file.path.as_str();
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// "rename 03-a.md to 04-a.md and 04-b.md to 03-b.md": each moved file takes the number of the
/// file whose place it takes; without numbers, the order to give them.
fn renames(found: &[FoundHeading], moves: &[(&Placed, &Placed)]) -> String {
    let mut parts = Vec::new();
    for (now, want) in moves {
        let (slot, file) = (
            name(&found[now.first_heading]),
            name(&found[want.first_heading]),
        );
        let (Some((_, slot_number, _)), Some((dir, _, rest))) = (numbered(slot), numbered(file))
        else {
            let order: Vec<&str> = moves
                .iter()
                .map(|(_, w)| name(&found[w.first_heading]))
                .collect();
            return format!(
                "number the files so that they sort in this order: {}",
                order.join(", ")
            );
        };
        parts.push(format!("{file} to {dir}{slot_number}{rest}"));
    }
    let swap = if parts.len() == 2 {
        "swap their numbers: "
    } else {
        ""
    };
    let last = parts.pop().unwrap_or_default();
    match parts.is_empty() {
        true => format!("{swap}rename {last}"),
        false => format!("{swap}rename {} and {last}", parts.join(", ")),
    }
}

/// A file path split into its folder, the number its name starts with, and the rest of the name.
fn numbered(path: &str) -> Option<(&str, &str, &str)> {
    let name = Path::new(path).file_name()?.to_str()?;
    let dir = &path[..path.len() - name.len()];
    let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0).then(|| (dir, &name[..digits], &name[digits..]))
}
