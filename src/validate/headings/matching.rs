//! Heading matching: takes the words of a plan heading and of a template heading and says whether
//! they are the same heading as the YJB would read them. Both are reduced to a key that ignores
//! case, "&" for "and", hyphens, dashes and colons, leading numbering ("1.", "3.1", "Section 2:",
//! "Part 3 -", "Appendix 1 -"), parenthetical notes ("(FTE)"), short words ("on", "the"), and
//! years in any form; a heading may also be split into its parts ("Prevention and Diversion").

/// Words that carry no meaning in a heading.
const SHORT_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "in", "its", "of", "on", "our", "s", "the", "to",
    "with",
];

/// Words that begin a typed section number ("Section 2:", "Part 3 -").
const NUMBER_WORDS: &[&str] = &["section", "part", "chapter"];

/// Words that begin an appendix label ("Appendix 1 -", "Annex B:").
const APPENDIX_WORDS: &[&str] = &["appendix", "annex", "annexe"];

/// A heading's text with its leading label taken off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped<'a> {
    /// The typed section number, e.g. "3.1" or "Section 2", when the author numbered the heading.
    pub number: Option<&'a str>,
    /// The rest of the heading.
    pub rest: &'a str,
}

/// Takes a typed section number or an appendix label off the front of a heading.
pub fn strip_label(text: &str) -> Stripped<'_> {
    let text = text.trim();
    if let Some(rest) = after_numeral(text) {
        let number = text[..text.len() - rest.len()]
            .trim_end()
            .trim_end_matches(['.', ')']);
        return Stripped {
            number: Some(number),
            rest,
        };
    }
    let first = text.split_whitespace().next().unwrap_or("");
    let word = first.trim_end_matches([':', '.']).to_lowercase();
    let after_word = text[first.len()..].trim_start();
    if NUMBER_WORDS.contains(&word.as_str()) {
        if let Some(rest) = after_label(after_word) {
            let number = text[..text.len() - rest.len()].trim_end();
            let number = number
                .trim_end_matches([':', '.', '-', '–', '—'])
                .trim_end();
            return Stripped {
                number: Some(number),
                rest,
            };
        }
    }
    if APPENDIX_WORDS.contains(&word.as_str()) {
        let rest = after_label(after_word).unwrap_or_else(|| separator(after_word));
        return Stripped { number: None, rest };
    }
    Stripped {
        number: None,
        rest: text,
    }
}

/// After "1.", "3.1", "4.10.1" or "2)" and a space, the rest; None when the heading does not start so.
fn after_numeral(text: &str) -> Option<&str> {
    let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let numeral = &text[..digits_end];
    let rest = text[digits_end..]
        .strip_prefix(')')
        .unwrap_or(&text[digits_end..]);
    let parts_ok = !numeral.is_empty()
        && numeral
            .trim_end_matches('.')
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 2);
    let spaced = rest.starts_with(char::is_whitespace);
    (parts_ok && spaced).then(|| rest.trim_start())
}

/// After a label ("2", "B", "IV") and its separator, the rest.
fn after_label(text: &str) -> Option<&str> {
    let label = text.split_whitespace().next()?;
    let bare = label.trim_end_matches([':', '.', '-', '–', '—', ')']);
    let is_label = bare.chars().all(|c| c.is_ascii_digit() || c == '.')
        || (bare.len() == 1 && bare.chars().all(|c| c.is_ascii_uppercase()))
        || (!bare.is_empty() && bare.chars().all(|c| "IVX".contains(c)));
    (!bare.is_empty() && is_label).then(|| separator(text[label.len()..].trim_start()))
}

/// Skips a separator (":", "-", "–", "—", ".") and the spaces after it.
fn separator(text: &str) -> &str {
    text.trim_start_matches([':', '-', '–', '—', '.'])
        .trim_start()
}

/// The words that carry a heading's meaning, in order, lower case, without years or notes.
pub fn words(text: &str) -> Vec<String> {
    let rest = strip_label(text).rest.to_lowercase().replace('&', " and ");
    let rest = without_parentheses(&rest);
    let mut out = Vec::new();
    let tokens: Vec<&str> = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '/'))
        .filter(|t| !t.is_empty())
        .collect();
    for token in tokens {
        // "2023/24", "2023", "24": years in any form are the period, which the heading may word freely.
        if token.chars().all(|c| c.is_ascii_digit() || c == '/') && token.len() >= 2 {
            continue;
        }
        for word in token.split('/').filter(|w| !w.is_empty()) {
            if !SHORT_WORDS.contains(&word) {
                out.push(word.to_string());
            }
        }
    }
    out
}

fn without_parentheses(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The key two headings are compared by: their meaningful words run together, so that
/// "Evidence-based" and "Evidence Based", "Re-offending" and "Reoffending" are one.
pub fn key(text: &str) -> String {
    words(text).concat()
}

/// The keys of a heading's parts: "Introduction, Vision and Strategy" gives introduction, vision
/// and strategy; "Prevention & Diversion" gives prevention and diversion.
pub fn parts(text: &str) -> Vec<String> {
    let rest = strip_label(text).rest.to_lowercase().replace('&', " and ");
    let rest = without_parentheses(&rest);
    rest.split([',', '/', ';', '+'])
        .flat_map(|p| p.split(" and "))
        .map(key)
        .filter(|k| !k.is_empty())
        .collect()
}

/// True when `found` is a near-misspelling of `wanted` (both keys): a letter or two wrong, never
/// a different heading that merely shares words.
pub fn near_misspelling(found: &str, wanted: &str) -> bool {
    if found == wanted {
        return false;
    }
    let (a, b) = (found.chars().count(), wanted.chars().count());
    let (longest, shortest) = (a.max(b), a.min(b));
    let allowed = match longest {
        0..=4 => 0,
        5..=10 => 1,
        11..=20 => 2,
        _ => 3,
    };
    // The edit distance is at least the difference in length: a cheap test first, as a large
    // plan's headings are each compared with every template heading.
    allowed > 0
        && longest - shortest <= allowed
        && letters_apart(found, wanted) <= allowed
        // Letters inserted, deleted, changed or swapped with a neighbour.
        && strsim::osa_distance(found, wanted) <= allowed
}

/// A lower bound of the edit distance in linear time, so that most pairs skip the quadratic
/// one: an edit changes the counts of the letters by two at most (a swap by none).
fn letters_apart(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 64];
    for c in a.chars() {
        counts[c as usize % 64] += 1;
    }
    for c in b.chars() {
        counts[c as usize % 64] -= 1;
    }
    let apart: u32 = counts.iter().map(|n| n.unsigned_abs()).sum();
    apart.div_ceil(2) as usize
}

/// How many of the template heading's words the plan heading shares (plural "s" ignored).
pub fn shared_words(found: &str, wanted: &str) -> (usize, usize) {
    let stem = |w: &String| match w.strip_suffix("ies") {
        Some(base) => format!("{base}y"),
        None => w.trim_end_matches('s').to_string(),
    };
    let found: Vec<String> = words(found).iter().map(stem).collect();
    let wanted: Vec<String> = words(wanted).iter().map(stem).collect();
    let shared = wanted.iter().filter(|w| found.contains(w)).count();
    (shared, wanted.len())
}

#[cfg(test)]
mod tests;
