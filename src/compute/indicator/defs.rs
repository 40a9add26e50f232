//! The national indicators and their definitions.
//!
//! Takes an indicator id (`fte`, `custody`, …) and gives its definition: numerator, denominator,
//! multiplier, decimal places, unit and default caption. Also reads the units a caption names, so a
//! caption stating another unit ("per 100,000" on a per-1,000 table, "%" on a rate) is caught, and
//! a caption stating the right one has it taken out (the unit is printed separately).

use rust_decimal::Decimal;

mod kpi;
pub use kpi::KPIS;

/// A figure a row of an indicator table can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The numerator of a rate (first time entrants, custodial sentences, children).
    Count,
    /// Children aged 10 to 17.
    Population,
    /// Children in the reoffending cohort.
    Cohort,
    /// Children in the cohort who reoffended.
    Reoffenders,
    /// Reoffences committed by the cohort.
    Reoffences,
    /// The published figure.
    Value,
    /// The whole a KPI's count is a percentage of (children whose order ended, expected
    /// attendances, victims).
    OutOf,
}

impl Measure {
    /// Every measure, in the order rows usually give them.
    pub const ALL: [Measure; 7] = [
        Measure::Count,
        Measure::Population,
        Measure::OutOf,
        Measure::Cohort,
        Measure::Reoffenders,
        Measure::Reoffences,
        Measure::Value,
    ];

    /// The key written in YAML and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::Population => "population",
            Measure::Cohort => "cohort",
            Measure::Reoffenders => "reoffenders",
            Measure::Reoffences => "reoffences",
            Measure::Value => "value",
            Measure::OutOf => "out_of",
        }
    }

    /// The measure with this key.
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL
            .into_iter()
            .find(|m| m.key().eq_ignore_ascii_case(key.trim()))
    }
}

/// The kind of unit, as a caption may state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Per N children ("per 1,000").
    PerPopulation(u32),
    /// A percentage.
    Percent,
    /// Per reoffender.
    PerReoffender,
    /// Per child in the cohort (per offender).
    PerChild,
}

/// The definition of a national indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    /// The id written in `indicator:`.
    pub id: &'static str,
    /// Its name, for messages.
    pub name: &'static str,
    /// The default caption.
    pub caption: &'static str,
    /// The unit printed with the caption and header.
    pub unit: &'static str,
    /// The unit's kind, for the caption check.
    pub unit_kind: UnitKind,
    /// What is divided.
    pub numerator: Measure,
    /// What it is divided by.
    pub denominator: Measure,
    /// The ratio is multiplied by this.
    pub multiplier: u32,
    /// Decimal places shown.
    pub decimals: u32,
}

impl Indicator {
    /// The multiplier as a decimal.
    pub fn multiplier(&self) -> Decimal {
        Decimal::from(self.multiplier)
    }

    /// True when rows may give `measure` (its own numerator, denominator and published value; the
    /// reoffending indicators also accept the other reoffending counts, so one CSV can serve all three).
    pub fn accepts(&self, measure: Measure) -> bool {
        let reoffending = [Measure::Cohort, Measure::Reoffenders, Measure::Reoffences];
        measure == Measure::Value
            || measure == self.numerator
            || measure == self.denominator
            || (reoffending.contains(&self.denominator) && reoffending.contains(&measure))
    }

    /// The keys rows may give, for hints.
    pub fn accepted_keys(&self) -> Vec<&'static str> {
        Measure::ALL
            .into_iter()
            .filter(|m| self.accepts(*m))
            .map(Measure::key)
            .collect()
    }
}

/// Every indicator yjplan knows.
pub const INDICATORS: [Indicator; 6] = [
    Indicator {
        id: "fte",
        name: "first time entrants",
        caption: "First time entrants to the youth justice system",
        unit: "per 100,000 children aged 10 to 17",
        unit_kind: UnitKind::PerPopulation(100_000),
        numerator: Measure::Count,
        denominator: Measure::Population,
        multiplier: 100_000,
        decimals: 0,
    },
    Indicator {
        id: "custody",
        name: "use of custody",
        caption: "Use of custody",
        unit: "per 1,000 children aged 10 to 17",
        unit_kind: UnitKind::PerPopulation(1_000),
        numerator: Measure::Count,
        denominator: Measure::Population,
        multiplier: 1_000,
        decimals: 2,
    },
    Indicator {
        id: "reoffending-binary",
        name: "reoffending (binary rate)",
        caption: "Children who reoffended",
        unit: "% of the cohort who reoffended",
        unit_kind: UnitKind::Percent,
        numerator: Measure::Reoffenders,
        denominator: Measure::Cohort,
        multiplier: 100,
        decimals: 1,
    },
    Indicator {
        id: "reoffences-per-reoffender",
        name: "reoffences per reoffender",
        caption: "Frequency of reoffending",
        unit: "reoffences per reoffender",
        unit_kind: UnitKind::PerReoffender,
        numerator: Measure::Reoffences,
        denominator: Measure::Reoffenders,
        multiplier: 1,
        decimals: 2,
    },
    Indicator {
        id: "reoffences-per-offender",
        name: "reoffences per child in the cohort",
        caption: "Frequency of reoffending",
        unit: "reoffences per child in the cohort",
        unit_kind: UnitKind::PerChild,
        numerator: Measure::Reoffences,
        denominator: Measure::Cohort,
        multiplier: 1,
        decimals: 2,
    },
    Indicator {
        id: "serious-violence",
        name: "serious violence",
        caption: "Children with a serious violence offence",
        unit: "per 10,000 children aged 10 to 17",
        unit_kind: UnitKind::PerPopulation(10_000),
        numerator: Measure::Count,
        denominator: Measure::Population,
        multiplier: 10_000,
        decimals: 1,
    },
];

/// Every indicator: the national ones, then the KPIs.
pub fn all() -> impl Iterator<Item = &'static Indicator> {
    INDICATORS.iter().chain(kpi::KPIS.iter())
}

/// The indicator with this id.
pub fn find(id: &str) -> Option<&'static Indicator> {
    all().find(|i| i.id == id.trim())
}

/// The ids of every indicator.
pub fn ids() -> Vec<&'static str> {
    all().map(|i| i.id).collect()
}

/// A unit named in a caption: its kind, the words, and where they start (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMention {
    /// What the words mean.
    pub kind: UnitKind,
    /// The words as written.
    pub words: String,
    /// Byte offset of the mention in the caption.
    pub start: usize,
}

/// The units a caption names ("per 100,000", "%", "per cent", "per reoffender").
pub fn units_in(caption: &str) -> Vec<UnitMention> {
    let lower = caption.to_ascii_lowercase();
    let mut found = Vec::new();
    for (i, _) in lower.match_indices('%') {
        found.push(mention(UnitKind::Percent, "%", i));
    }
    for word in ["percentage", "percent"] {
        if let Some(i) = find_word(&lower, word) {
            found.push(mention(UnitKind::Percent, word, i));
        }
    }
    for i in word_starts(&lower, "per") {
        if let Some(m) = per_mention(&lower, i) {
            found.push(m);
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

/// A mention of a unit.
fn mention(kind: UnitKind, words: &str, start: usize) -> UnitMention {
    UnitMention {
        kind,
        words: words.to_string(),
        start,
    }
}

/// Reads the unit after the word "per" at `i`: a number, "cent", "reoffender", "offender", "child".
fn per_mention(lower: &str, i: usize) -> Option<UnitMention> {
    let rest = lower.get(i + 3..)?.trim_start();
    let written: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ',' || *c == '-')
        .collect();
    let written = written.trim_end_matches([',', '-']);
    let token = written.replace('-', "");
    let kind = if token.starts_with(|c: char| c.is_ascii_digit()) {
        let digits: String = token.chars().filter(char::is_ascii_digit).collect();
        let thousands = if token.ends_with('k') { 1000 } else { 1 };
        UnitKind::PerPopulation(digits.parse::<u32>().ok()?.checked_mul(thousands)?)
    } else if token == "cent" {
        UnitKind::Percent
    } else if token.starts_with("reoffender") {
        UnitKind::PerReoffender
    } else if token.starts_with("offender") || token.starts_with("child") {
        UnitKind::PerChild
    } else {
        return None;
    };
    Some(mention(kind, &format!("per {written}"), i))
}

/// The byte offsets where `word` starts as a whole word.
fn word_starts(text: &str, word: &str) -> Vec<usize> {
    text.match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| is_boundary(text, i, word.len()))
        .collect()
}

/// The first offset of `word` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    word_starts(text, word).into_iter().next()
}

/// True when the text at `i..i+len` is not inside a longer word.
fn is_boundary(text: &str, i: usize, len: usize) -> bool {
    let before = text[..i].chars().next_back();
    let after = text.get(i + len..).and_then(|s| s.chars().next());
    !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Why a caption does not fit its indicator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the caption says \"{words}\", but {name} is {unit}")]
pub struct CaptionUnitError {
    /// The words naming the wrong unit.
    pub words: String,
    /// The indicator's name.
    pub name: &'static str,
    /// The indicator's unit.
    pub unit: &'static str,
}

/// The caption without its unit; an error when it names a unit other than the indicator's.
pub fn caption_without_unit(caption: &str, ind: &Indicator) -> Result<String, CaptionUnitError> {
    let mentions = units_in(caption);
    if let Some(wrong) = mentions.iter().find(|m| m.kind != ind.unit_kind) {
        return Err(CaptionUnitError {
            words: wrong.words.clone(),
            name: ind.name,
            unit: ind.unit,
        });
    }
    let stripped = match mentions.first() {
        Some(m) => strip_from(caption, m.start),
        None => caption.trim().to_string(),
    };
    Ok(if stripped.is_empty() {
        ind.caption.to_string()
    } else {
        stripped
    })
}

/// What follows a unit phrase such as "per 100,000 children aged 10 to 17, Sep-17 to Sep-22":
/// the text after the first ", " or "; " past the number (whose own commas have no space).
fn unit_phrase_rest(tail: &str) -> Option<&str> {
    let number_end = tail
        .char_indices()
        .skip_while(|&(_, c)| c.is_alphabetic() || c == '%')
        .skip_while(|&(_, c)| c == ' ' || c.is_ascii_digit() || c == ',' || c == '.')
        .map(|(i, _)| i)
        .next()?;
    let rest = &tail[number_end..];
    let cut = [", ", "; "]
        .iter()
        .filter_map(|d| rest.find(d).map(|i| i + d.len()))
        .min()?;
    Some(&rest[cut..])
}

/// The caption with the unit at `start` taken out: a bracketed unit goes; else the unit phrase
/// up to the next ", " or "; " (what follows, such as the period, is kept).
fn strip_from(caption: &str, start: usize) -> String {
    let head = caption.get(..start).unwrap_or(caption);
    let open = head.trim_end().ends_with('(');
    let tail = caption.get(start..).unwrap_or("");
    let (after, phrase) = match (open, tail.find(')')) {
        (true, Some(close)) => (tail.get(close + 1..).unwrap_or(""), false),
        _ => (unit_phrase_rest(tail).unwrap_or(""), true),
    };
    let head = head.trim_end().trim_end_matches('(').trim_end();
    let after = after.trim_start();
    let gap = match after.chars().next() {
        Some(_) if phrase => ", ",
        Some(c) if c.is_alphanumeric() => " ",
        _ => "",
    };
    let joined = format!("{head}{gap}{after}");
    joined
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:–-(".contains(c))
        .to_string()
}

#[cfg(test)]
mod tests;
