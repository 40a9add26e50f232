//! Template headings: takes the plan's headings in order and the edition, and gives, for each
//! heading, the template heading it fills (None for the plan's own headings) with the diagnostics:
//! wording, misspelling, typed numbering, duplicates, level, order and missing headings. Wording,
//! level, order and unconfirmed headings are warnings; a missing required heading is an error.

use crate::diag::Diagnostic;
use crate::diag::SourceFile;
use crate::load::plan::PlanConfig;
use crate::model::{plain_text, Block, Section};
use crate::resources::edition::Edition;
use matching::{key, near_misspelling, parts, shared_words, strip_label};
use std::collections::BTreeMap;

mod files;
pub mod matching;
mod report;

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

/// How a plan heading matched a template heading, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// The template's words, as the YJB reads them.
    Exact,
    /// A wording the edition lists as an alias.
    Alias,
    /// A topic the heading covers, or parts of it ("Introduction" then "Vision and Strategy").
    Cover,
    /// A near-misspelling.
    Fuzzy,
    /// Different words in the template heading's place, sharing most of its words.
    Reworded,
}

/// A template heading prepared for matching.
pub(crate) struct Template {
    pub text: String,
    key: String,
    aliases: Vec<String>,
    components: Vec<String>,
}

fn prepare(edition: &Edition, period: &str) -> Vec<Template> {
    edition
        .headings
        .iter()
        .map(|h| {
            let text = h.text_for(period);
            let mut components = parts(&text);
            for cover in &h.covers {
                components.push(key(cover));
                components.extend(parts(cover));
            }
            Template {
                key: key(&text),
                aliases: h
                    .aliases
                    .iter()
                    .map(|a| key(&a.replace("{period}", period)))
                    .collect(),
                components,
                text,
            }
        })
        .collect()
}

fn kind_of(found: &str, found_parts: &[String], t: &Template) -> Option<Kind> {
    if found.is_empty() {
        return None;
    }
    if *found == t.key {
        Some(Kind::Exact)
    } else if t.aliases.iter().any(|a| a == found) {
        Some(Kind::Alias)
    } else if t.components.iter().any(|c| c == found)
        || (!found_parts.is_empty() && found_parts.iter().all(|p| t.components.contains(p)))
    {
        Some(Kind::Cover)
    } else if near_misspelling(found, &t.key)
        || t.aliases.iter().any(|a| near_misspelling(found, a))
    {
        Some(Kind::Fuzzy)
    } else {
        None
    }
}

/// Exact words at the right level first; a weak match never beats a strong one at its level.
fn rank(kind: Kind, level_ok: bool) -> u8 {
    match (kind, level_ok) {
        (Kind::Fuzzy, ok) => 6 + u8::from(!ok),
        (k, true) => k as u8,
        (k, false) => 3 + k as u8,
    }
}

/// The matching of a plan's headings to an edition's.
pub(crate) struct Matching {
    /// For each plan heading, the template heading it fills and how.
    pub matched: Vec<Option<(usize, Kind)>>,
    /// Each filled template heading and the plan heading that fills it.
    pub filled: BTreeMap<usize, usize>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the plan's headings against the edition. Returns, for each found heading, the index of
/// the template heading it fills (None for the plan's own headings), and the diagnostics.
pub fn check_headings(
    found: &[FoundHeading],
    edition: &Edition,
    plan: &PlanConfig,
) -> (Vec<Option<usize>>, Vec<Diagnostic>) {
    let templates = prepare(edition, &plan.period);
    let mut m = Matching {
        matched: vec![None; found.len()],
        filled: BTreeMap::new(),
        diagnostics: Vec::new(),
    };
    let mut next = 0;
    for (i, heading) in found.iter().enumerate() {
        let found_key = key(&heading.text);
        let found_parts = parts(&heading.text);
        let candidates: Vec<(Kind, usize)> = templates
            .iter()
            .enumerate()
            .filter_map(|(t, tmpl)| kind_of(&found_key, &found_parts, tmpl).map(|k| (k, t)))
            .collect();
        let best = candidates
            .iter()
            .filter(|(_, t)| !m.filled.contains_key(t))
            .min_by_key(|(kind, t)| {
                let level_ok = edition.headings[*t].level.allows(heading.level);
                (rank(*kind, level_ok), *t < next, t.abs_diff(next))
            })
            .copied();
        let combined = combined(&found_parts, &templates, &m.filled, next);
        match (best, combined) {
            (Some((kind, t)), _) if kind != Kind::Fuzzy => m.take(i, t, kind, &mut next),
            (_, Some(ts)) => {
                for &t in &ts {
                    m.filled.insert(t, i);
                }
                m.matched[i] = Some((ts[0], Kind::Cover));
                next = ts.iter().max().map_or(next, |t| t + 1);
            }
            (Some((kind, t)), None) => m.take(i, t, kind, &mut next),
            (None, None) => {
                let strong = candidates.iter().find(|(k, _)| *k <= Kind::Alias);
                if let Some(&(kind, t)) = strong {
                    let holder = m.filled[&t];
                    if m.matched[holder].is_some_and(|(_, k)| k > Kind::Alias) {
                        // The template's own words win over a looser match made earlier.
                        m.matched[holder] = None;
                        m.take(i, t, kind, &mut next);
                    } else {
                        let first = &found[holder];
                        m.diagnostics
                            .push(report::duplicate(heading, first, &templates[t].text));
                    }
                }
            }
        }
    }
    reworded(found, edition, &templates, &mut m);
    let mut diagnostics = std::mem::take(&mut m.diagnostics);
    diagnostics.extend(report::wording(found, edition, &templates, &m));
    diagnostics.extend(report::numbering(found, plan));
    diagnostics.extend(report::levels(found, edition, &m));
    if edition.ordered {
        diagnostics.extend(order(found, &templates, &m));
    }
    diagnostics.extend(report::missing(found, edition, &templates, &m));
    let matched = m.matched.iter().map(|x| x.map(|(t, _)| t)).collect();
    (matched, diagnostics)
}

/// Headings out of the template's order: one warning for section files in the wrong order, then
/// the headings still out of order with the files in the right one.
fn order(found: &[FoundHeading], templates: &[Template], m: &Matching) -> Vec<Diagnostic> {
    let matched: Vec<Option<usize>> = m.matched.iter().map(|x| x.map(|(t, _)| t)).collect();
    let Some((files, order)) = files::file_order(found, &matched) else {
        return report::order(found, templates, m);
    };
    let reordered: Vec<FoundHeading> = order.iter().map(|&i| found[i].clone()).collect();
    let moved = Matching {
        matched: order.iter().map(|&i| m.matched[i]).collect(),
        filled: BTreeMap::new(),
        diagnostics: Vec::new(),
    };
    std::iter::once(files)
        .chain(report::order(&reordered, templates, &moved))
        .collect()
}

impl Matching {
    fn take(&mut self, i: usize, t: usize, kind: Kind, next: &mut usize) {
        self.matched[i] = Some((t, kind));
        self.filled.insert(t, i);
        *next = t + 1;
    }
}

/// A heading made of two or more template headings ("Prevention and Diversion", "Remands and use
/// of custody") fills each of them, when each part is one's exact words or alias.
fn combined(
    found_parts: &[String],
    templates: &[Template],
    filled: &BTreeMap<usize, usize>,
    next: usize,
) -> Option<Vec<usize>> {
    if found_parts.len() < 2 {
        return None;
    }
    let mut chosen: Vec<usize> = Vec::new();
    for part in found_parts {
        let t = (0..templates.len())
            .filter(|t| !filled.contains_key(t) && !chosen.contains(t))
            .filter(|&t| templates[t].key == *part || templates[t].aliases.contains(part))
            .min_by_key(|&t| (t < next, t.abs_diff(next)))?;
        chosen.push(t);
    }
    Some(chosen)
}

/// A template heading that is still unfilled, with a plan heading of its own words' kind in its
/// place (between the template headings around it, at a level it may take, sharing more than half
/// its words), is that heading reworded: report it there, never as missing further on.
fn reworded(found: &[FoundHeading], edition: &Edition, templates: &[Template], m: &mut Matching) {
    for (t, heading) in edition.headings.iter().enumerate() {
        if m.filled.contains_key(&t) {
            continue;
        }
        let after = m.filled.range(..t).next_back().map(|(_, &i)| i);
        let before = m.filled.range(t + 1..).next().map(|(_, &i)| i);
        let from = after.map_or(0, |i| i + 1);
        let to = before.unwrap_or(found.len());
        let wordings: Vec<String> = std::iter::once(templates[t].text.clone())
            .chain(heading.aliases.iter().cloned())
            .collect();
        let best = (from..to.max(from))
            .filter(|&i| m.matched[i].is_none() && heading.level.allows(found[i].level))
            .filter_map(|i| {
                let (shared, of) = wordings
                    .iter()
                    .map(|w| shared_words(&found[i].text, w))
                    .max_by(|a, b| (a.0 * b.1).cmp(&(b.0 * a.1)))?;
                (shared * 2 > of).then_some((i, shared, of))
            })
            .max_by(|a, b| (a.1 * b.2).cmp(&(b.1 * a.2)).then(b.0.cmp(&a.0)));
        if let Some((i, _, _)) = best {
            m.matched[i] = Some((t, Kind::Reworded));
            m.filled.insert(t, i);
        }
    }
}

/// True when a heading's text starts with a typed section number.
pub(crate) fn typed_number(text: &str) -> Option<&str> {
    strip_label(text).number
}

#[cfg(test)]
mod tests;
