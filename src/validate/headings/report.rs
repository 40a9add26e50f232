//! Heading diagnostics: takes a finished matching of plan headings to template headings and gives
//! the messages about it, each at the plan heading it concerns (a missing heading at the place it
//! belongs), with the words to type instead.

use super::{typed_number, FoundHeading, Kind, Matching, Template};
use crate::diag::Diagnostic;
use crate::load::plan::PlanConfig;
use crate::resources::edition::{Edition, Status};
use std::collections::BTreeSet;

fn hashes(level: u8) -> String {
    "#".repeat(usize::from(level.max(1)))
}

pub(super) fn duplicate(heading: &FoundHeading, first: &FoundHeading, text: &str) -> Diagnostic {
    Diagnostic::error(
        "duplicate-heading",
        format!("the template heading \"{text}\" appears more than once"),
    )
    .at_line(heading.file, heading.line)
    .note(format!("it first appears at {}:{}", first.file.path, first.line))
    .hint("each template section is written once: merge the two sections, or give this one a heading of its own")
}

/// Aliases, reworded headings and misspellings.
pub(super) fn wording(
    found: &[FoundHeading],
    edition: &Edition,
    templates: &[Template],
    m: &Matching,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (heading, matched) in found.iter().zip(&m.matched) {
        let Some((t, kind)) = *matched else { continue };
        // An optional heading's words are the plan's own: the structure does not name it.
        if edition.headings[t].status == Status::Optional && kind != Kind::Fuzzy {
            continue;
        }
        let text = &templates[t].text;
        let (code, message) = match kind {
            Kind::Exact | Kind::Cover => continue,
            Kind::Alias => (
                "heading-wording",
                format!(
                    "\"{}\" is not the template's wording for \"{text}\"",
                    heading.text
                ),
            ),
            Kind::Reworded => (
                "heading-wording",
                format!(
                    "\"{}\" is taken to be the template heading \"{text}\", in other words",
                    heading.text
                ),
            ),
            Kind::Fuzzy => (
                "misspelt-heading",
                format!(
                    "\"{}\" looks like a misspelling of the template heading \"{text}\"",
                    heading.text
                ),
            ),
        };
        let level = if edition.headings[t].level.allows(heading.level) {
            heading.level
        } else {
            edition.headings[t].level.preferred()
        };
        out.push(
            Diagnostic::warning(code, message)
                .at_line(heading.file, heading.line)
                .hint(format!(
                    "the {} heading is \"{text}\": write `{} {text}`",
                    edition.edition,
                    hashes(level)
                )),
        );
    }
    out
}

/// One warning for headings with typed numbers, at the first of them.
pub(super) fn numbering(found: &[FoundHeading], plan: &PlanConfig) -> Option<Diagnostic> {
    let numbered: Vec<&FoundHeading> = found
        .iter()
        .filter(|h| typed_number(&h.text).is_some())
        .collect();
    let first = numbered.first()?;
    let number = typed_number(&first.text).unwrap_or_default();
    let mut d = Diagnostic::warning(
        "typed-numbering",
        format!(
            "the heading \"{}\" has a typed number (\"{number}\"), and so do {} more",
            first.text,
            numbered.len() - 1
        ),
    )
    .at_line(first.file, first.line)
    .hint("take the numbers out of the headings and write `numbering: true` in plan.yaml: yjplan numbers the headings in the PDF, the page and the contents, and keeps the numbers right when sections move");
    if numbered.len() == 1 {
        d.message = format!(
            "the heading \"{}\" has a typed number (\"{number}\")",
            first.text
        );
    }
    if plan.numbering.is_some() {
        d = d.note(
            "plan.yaml already asks for numbering, so these headings would be numbered twice",
        );
    }
    Some(d)
}

/// Template headings at a level they may not take, and skipped levels.
pub(super) fn levels(found: &[FoundHeading], edition: &Edition, m: &Matching) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut previous = 0u8;
    for (heading, matched) in found.iter().zip(&m.matched) {
        if let Some((t, _)) = matched {
            let levels = &edition.headings[*t].level;
            if !levels.allows(heading.level) {
                let want = levels.preferred();
                out.push(
                    Diagnostic::warning(
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
/// template headings already in order. A section moved with its sub-headings is one message.
pub(super) fn order(
    found: &[FoundHeading],
    templates: &[Template],
    m: &Matching,
) -> Vec<Diagnostic> {
    let present: Vec<(usize, usize)> = m
        .matched
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.map(|(t, _)| (i, t)))
        .collect();
    let keep = longest_increasing(&present.iter().map(|p| p.1).collect::<Vec<_>>());
    let out_of_order: BTreeSet<usize> = present
        .iter()
        .enumerate()
        .filter(|(k, _)| !keep.contains(k))
        .map(|(_, &(i, _))| i)
        .collect();
    let mut out: Vec<(Diagnostic, usize)> = Vec::new();
    // The reported section a heading lies in: its diagnostic and level.
    let mut open: Option<(usize, u8)> = None;
    for (i, heading) in found.iter().enumerate() {
        if open.is_some_and(|(_, level)| heading.level <= level) {
            open = None;
        }
        if !out_of_order.contains(&i) {
            continue;
        }
        if let Some((d, _)) = open {
            out[d].1 += 1;
            continue;
        }
        let Some((t, _)) = m.matched[i] else { continue };
        // The first heading in order that this one should precede, outside its own section
        // (never one of its own sub-headings).
        let end = (i + 1..found.len())
            .find(|&j| found[j].level <= heading.level)
            .unwrap_or(found.len());
        let before = present
            .iter()
            .enumerate()
            .filter(|(j, (at, other))| keep.contains(j) && *other > t && !(i..end).contains(at))
            .map(|(_, p)| p)
            .min_by_key(|(_, other)| *other)
            .map(|&(at, other)| (templates[other].text.clone(), &found[at]));
        let mut d = Diagnostic::warning(
            "heading-order",
            format!("\"{}\" is out of the template's order", heading.text),
        )
        .at_line(heading.file, heading.line);
        if let Some((before, at)) = before {
            d = d.hint(format!(
                "the template puts \"{}\" before \"{before}\" ({}:{}): move the section",
                templates[t].text, at.file.path, at.line
            ));
        }
        open = Some((out.len(), heading.level));
        out.push((d, 0));
    }
    out.into_iter()
        .map(|(d, moved)| match moved {
            0 => d,
            n => d.note(format!("its {n} sub-headings of the template move with it")),
        })
        .collect()
}

/// Positions of one longest strictly increasing subsequence.
pub(super) fn longest_increasing(values: &[usize]) -> BTreeSet<usize> {
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

/// The template heading a heading sits under (the nearest before it at a higher level).
fn parent(edition: &Edition, t: usize) -> Option<usize> {
    let level = edition.headings[t].level.preferred();
    (0..t)
        .rev()
        .find(|&p| edition.headings[p].level.preferred() < level)
}

/// Missing template headings, each at the place it belongs; a missing heading's missing
/// sub-headings are named in its own message rather than each in one of their own.
pub(super) fn missing(
    found: &[FoundHeading],
    edition: &Edition,
    templates: &[Template],
    m: &Matching,
) -> Vec<Diagnostic> {
    let absent = |t: usize| !m.filled.contains_key(&t);
    let mut out = Vec::new();
    for (t, heading) in edition.headings.iter().enumerate() {
        if !absent(t) || heading.status == Status::Optional {
            continue;
        }
        if parent(edition, t)
            .is_some_and(|p| absent(p) && edition.headings[p].status != Status::Optional)
        {
            continue;
        }
        let text = &templates[t].text;
        let after = m.filled.range(..t).next_back().map(|(&p, &i)| (p, i));
        let next = m.filled.range(t + 1..).next().map(|(&n, &i)| (n, i));
        let message = format!("the template heading \"{text}\" is missing");
        let mut d = match heading.status {
            Status::Required => Diagnostic::error("missing-heading", message),
            _ => Diagnostic::warning("missing-heading", message),
        };
        let line = format!("`{} {text}`", hashes(heading.level.preferred()));
        d = match (next, after, found.last()) {
            (Some((_, i)), _, _) | (None, Some((_, i)), _) => {
                d.at_line(found[i].file, found[i].line)
            }
            (None, None, Some(last)) => d.at_line(last.file, last.line),
            (None, None, None) => d,
        };
        d = match (after, next) {
            (Some((p, _)), _) => d.hint(format!(
                "add {line} after the section \"{}\"",
                templates[p].text
            )),
            (None, Some((n, _))) => d.hint(format!("add {line} before \"{}\"", templates[n].text)),
            (None, None) => d.hint(format!(
                "add {line}; `yjplan headings` lists the template's headings"
            )),
        };
        let children: Vec<&str> = (t + 1..edition.headings.len())
            .take_while(|&c| edition.headings[c].level.preferred() > heading.level.preferred())
            .filter(|&c| absent(c) && edition.headings[c].status != Status::Optional)
            .map(|c| templates[c].text.as_str())
            .collect();
        if !children.is_empty() {
            d = d.note(format!(
                "its sub-headings are missing with it: {}",
                children.join("; ")
            ));
        }
        if let Some(guidance) = &heading.guidance {
            d = d.note(format!("the section covers: {guidance}"));
        }
        if heading.status == Status::Expected {
            d = d.note(format!(
                "{} expects this heading but its wording is not confirmed, so this is a warning",
                edition.edition
            ));
        }
        out.push(d);
    }
    out
}
