//! Template headings: takes the parsed sections, the edition and the plan settings, and gives, for
//! each heading, the template heading it fills, plus diagnostics for headings that are missing,
//! out of order, misspelt, wrongly levelled or repeated, and for skipped heading levels.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::plan::PlanConfig;
use crate::model::{plain_text, Block, Section};
use crate::resources::edition::Edition;
use crate::util::similarity;
use std::collections::{BTreeSet, HashMap};

/// A heading found in the plan, in document order.
#[derive(Debug, Clone)]
pub struct FoundHeading<'a> {
    /// The index of the section file.
    pub section: usize,
    /// The heading's line in that file.
    pub line: usize,
    /// The heading level (1 to 6).
    pub level: u8,
    /// The heading's plain text.
    pub text: String,
    /// The section file.
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
