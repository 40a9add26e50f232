//! Reading figures typed in prose: takes a section body as written and gives its sentences, each
//! with the indicators it names and the numbers that carry a unit ("93 per 100,000", "27.3%",
//! "1.43 reoffences per reoffender", "a rate of 0.08"). Numbers without a unit (years, counts of
//! meetings, ages "10 to 17") are not figures of an indicator and are left out. Inline figures
//! (`{{ … }}`), code, tables and headings are not prose.

use crate::compute::number::parse_number;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The unit typed after (or the phrase before) a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// "per 100,000", "per 1,000", "per 10,000".
    PerPopulation(u32),
    /// "%", "per cent", "percent".
    Percent,
    /// "per reoffender".
    PerReoffender,
    /// "per offender", "per child in the cohort".
    PerChild,
    /// No unit, but stated as a rate: "a rate of 0.08", "the rate was 0.08".
    Rate,
}

/// A number with its unit in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The number as typed ("0.08", "1,179").
    pub written: String,
    /// Its value.
    pub value: Decimal,
    /// Decimal places typed.
    pub decimals: u32,
    /// The unit.
    pub unit: Typed,
    /// The 1-based line of the file.
    pub line: usize,
    /// The last few words before the number in its sentence (lower case), to tell a change from
    /// a level.
    pub before: String,
    /// True when the word "rate" comes before the number in its sentence.
    pub after_rate: bool,
    /// The words just after the unit (lower case).
    pub after: String,
}

/// A sentence: its text in lower case and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// The sentence in lower case, inline figures as "figure".
    pub text: String,
    /// The numbers with units.
    pub figures: Vec<Figure>,
}

/// The sentences of a body that starts at line `first_line` of its file.
pub fn sentences(body: &str, first_line: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para: Vec<(char, usize)> = Vec::new();
    let (mut fence, mut comment) = (false, false);
    for (i, raw) in body.lines().enumerate() {
        let line = first_line + i;
        let t = raw.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        // An HTML comment is a note to the authors, not prose: skip it to its closing line.
        if t.starts_with("<!--") || comment {
            comment = !raw.contains("-->");
            out.extend(split(&para));
            para.clear();
            continue;
        }
        let skip = fence || t.starts_with('|') || t.starts_with('#');
        if skip || t.is_empty() {
            out.extend(split(&para));
            para.clear();
            continue;
        }
        let t = t.trim_start_matches(['>', '-', '*', '+']).trim_start();
        for c in without_templates(t).chars().chain([' ']) {
            para.push((c, line));
        }
    }
    out.extend(split(&para));
    out
}

/// The line with template code replaced: `{{ … }}` by "figure", `{# … #}` and `{% … %}` by nothing.
fn without_templates(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find(['{']) {
        let (open, close, with) = match rest.get(start..start + 2) {
            Some("{{") => ("{{", "}}", "figure"),
            Some("{#") => ("{#", "#}", ""),
            Some("{%") => ("{%", "%}", ""),
            _ => {
                out.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
                continue;
            }
        };
        out.push_str(&rest[..start]);
        match rest[start + open.len()..].find(close) {
            Some(end) => {
                out.push_str(with);
                rest = &rest[start + open.len() + end + close.len()..];
            }
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Splits a paragraph (characters with their lines) into sentences at ". ", "? ", "! ".
fn split(para: &[(char, usize)]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..para.len() {
        let end = matches!(para[i].0, '.' | '?' | '!')
            && para.get(i + 1).is_none_or(|(c, _)| c.is_whitespace());
        if end || i + 1 == para.len() {
            let part = &para[start..=i];
            if part.iter().any(|(c, _)| !c.is_whitespace()) {
                out.push(sentence(part));
            }
            start = i + 1;
        }
    }
    out
}

/// One sentence: its figures with units. Linear in its length: a sentence may be a whole
/// paragraph of 50,000 lines (a list of link definitions has no full stop).
fn sentence(chars: &[(char, usize)]) -> Sentence {
    let text: String = chars.iter().map(|(c, _)| c.to_ascii_lowercase()).collect();
    // Where each character starts in `text` (lower-casing ASCII keeps every character's length).
    let starts: Vec<usize> = chars
        .iter()
        .scan(0, |next, (c, _)| {
            let start = *next;
            *next += c.len_utf8();
            Some(start)
        })
        .collect();
    let line_at = |b: usize| {
        let k = starts.partition_point(|&s| s <= b);
        k.checked_sub(1).map_or(0, |k| chars[k].1)
    };
    let rate_at = first_word(&text, "rate");
    let mut figures = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'));
        if !starts {
            i += 1;
            continue;
        }
        let end = number_end(&text, i);
        if let Some(mut f) = figure(&text, i, end, line_at(i)) {
            f.after_rate = rate_at.is_some_and(|r| r + "rate".len() <= i);
            figures.push(f);
        }
        i = end.max(i + 1);
    }
    Sentence { text, figures }
}

/// Where `word` first starts a word of `text` ("rate" not in "separate").
fn first_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
}

/// The last `n` words of `text` as typed (from the start of the `n`th word from the end).
fn last_words(text: &str, n: usize) -> &str {
    let mut start = text.len();
    for _ in 0..n {
        let trimmed = text[..start].trim_end();
        start = trimmed.rfind(char::is_whitespace).map_or(0, |k| {
            k + trimmed[k..].chars().next().map_or(1, char::len_utf8)
        });
        if start == 0 {
            break;
        }
    }
    &text[start..]
}

/// The end of the number starting at `i`: digits, thousands commas and one decimal point.
fn number_end(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    while j < b.len() {
        let digit_after = b.get(j + 1).is_some_and(|c| c.is_ascii_digit());
        match b[j] {
            c if c.is_ascii_digit() => j += 1,
            b',' | b'.' if digit_after => j += 1,
            _ => break,
        }
    }
    j
}

/// The figure at `text[i..end]` when a unit follows it or "rate" precedes it.
fn figure(text: &str, i: usize, end: usize, line: usize) -> Option<Figure> {
    let written = text[i..end].to_string();
    // Read as a table cell is: "50,00" or "5,0,0" is not a figure to check, never 5000 or 500.
    let value = typed_number(&written)?;
    let decimals = written.split('.').nth(1).map_or(0, |d| d.len() as u32);
    let rest = &text[end..];
    let (unit, used) = unit_after(rest).or_else(|| rate_before(&text[..i]).map(|u| (u, 0)))?;
    Some(Figure {
        written,
        value,
        decimals,
        unit,
        line,
        before: last_words(&text[..i], 3).to_string(),
        after_rate: false,
        after: rest
            .get(used..)
            .unwrap_or("")
            .trim_start()
            .chars()
            .take(24)
            .collect(),
    })
}

/// A plain number typed in prose, read by the parser of table cells; None when it is not one.
fn typed_number(written: &str) -> Option<Decimal> {
    match parse_number(written) {
        Ok(Some(n)) if !n.percent && !n.money => Some(n.value),
        _ => None,
    }
}

/// The unit right after a number, and how many bytes it takes.
fn unit_after(rest: &str) -> Option<(Typed, usize)> {
    if rest.starts_with('%') {
        return Some((Typed::Percent, 1));
    }
    let trimmed = rest.trim_start();
    let gap = rest.len() - trimmed.len();
    for word in ["per cent", "percent"] {
        if trimmed.starts_with(word) {
            return Some((Typed::Percent, gap + word.len()));
        }
    }
    // "1.43 reoffences per reoffender", "93 first time entrants per 100,000": up to 4 words.
    let words: Vec<&str> = trimmed.split_whitespace().take(6).collect();
    let per = words.iter().take(5).position(|w| *w == "per")?;
    // "September 22 is at 93 per 100,000": the unit belongs to the nearer number.
    if words[..per]
        .iter()
        .any(|w| w.contains(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let next = words.get(per + 1)?;
    let unit = if next.starts_with(|c: char| c.is_ascii_digit()) {
        let digits: String = next
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        Typed::PerPopulation(typed_number(digits.trim_end_matches(','))?.to_u32()?)
    } else if next.starts_with("reoffender") || next.starts_with("re-offender") {
        Typed::PerReoffender
    } else if next.starts_with("offender") || next.starts_with("child") {
        Typed::PerChild
    } else if *next == "cent" {
        Typed::Percent
    } else {
        return None;
    };
    let used = words[..=per + 1].iter().map(|w| w.len() + 1).sum::<usize>();
    Some((unit, gap + used.min(trimmed.len())))
}

/// "rate of", "rate was", "rate is", "the rate fell from 126 to 98": the number is stated as a
/// rate when the word before it ties it to the word "rate" just before, or a few words back across
/// a verb of change. "Rates range from 38 to 486" (several services) is not one rate.
fn rate_before(before: &str) -> Option<Typed> {
    let words: Vec<&str> = before.split_whitespace().rev().take(5).collect();
    let tied = matches!(
        words.first(),
        Some(&("of" | "was" | "is" | "to" | "at" | "stood" | "from"))
    );
    let rate_at = words
        .iter()
        .position(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == "rate")?;
    let verbs = [
        "fell",
        "rose",
        "dropped",
        "increased",
        "decreased",
        "went",
        "moved",
    ];
    let across = words[..rate_at].iter().any(|w| verbs.contains(w));
    (tied && (rate_at <= 2 || across)).then_some(Typed::Rate)
}
