//! Lint: takes the parsed sections, the computed tables and the glossary, and gives accessibility
//! and plain-English warnings for authors: alt text that says nothing, vague or bare link text,
//! empty table cells, acronyms the glossary does not define, sentences over 30 words, and text in
//! capitals. A section silences one with `allow: [{ lint: CODE, reason: "…" }]`.

use crate::compute::ComputedTable;
use crate::diag::{Diagnostic, SourceFile};
use crate::model::{plain_text, Block, Inline, Node};
use crate::model::{walk, Section};
use crate::util::OrderedMap;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The marker of text still to be written.
pub const PLACEHOLDER: &str = "[to do";

/// Longest sentence, in words, before a warning (plain English guidance).
pub const MAX_SENTENCE_WORDS: usize = 30;

/// Alt text that names the kind of thing instead of describing it.
const EMPTY_ALT: &[&str] = &[
    "image",
    "picture",
    "photo",
    "photograph",
    "chart",
    "graph",
    "figure",
    "logo",
    "img",
    "diagram",
    "icon",
    "screenshot",
];

/// Link text that makes no sense out of context.
const VAGUE_LINKS: &[&str] = &[
    "click here",
    "here",
    "read more",
    "more",
    "this link",
    "link",
    "this",
    "more information",
    "find out more",
    "click",
    "this page",
];

/// Capitalised words that are not acronyms needing a glossary entry.
const NOT_ACRONYMS: &[&str] = &[
    "UK", "OK", "ID", "TV", "I", "A", "II", "III", "IV", "AM", "PM",
];

/// Runs every lint over the plan.
pub fn lint(
    sections: &[Section],
    tables: &[Arc<ComputedTable>],
    glossary: &OrderedMap<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut acronyms_seen = BTreeSet::new();
    for section in sections {
        let file = &section.file;
        let mut blocks: Vec<&Node> = Vec::new();
        let mut links: Vec<(usize, &str, &[Inline])> = Vec::new();
        walk(
            &section.nodes,
            &mut |node| blocks.push(node),
            &mut |inline, line| {
                if let Inline::Link { href, c } = inline {
                    links.push((line, href, c));
                }
            },
        );
        for node in blocks {
            match &node.block {
                Block::Image { alt, title, .. } => {
                    out.extend(poor_alt(file, node.line, alt));
                    out.extend(title_repeats_alt(file, node.line, alt, title.as_deref()));
                }
                Block::Paragraph(inlines) => {
                    let text = plain_text(inlines);
                    out.extend(placeholder(file, node.line, &text, "the text"));
                    out.extend(long_sentences(file, node.line, &text));
                    out.extend(capitals(file, node.line, &text, false));
                    out.extend(acronyms(
                        file,
                        node.line,
                        &text,
                        glossary,
                        &mut acronyms_seen,
                    ));
                }
                Block::Heading { inlines, .. } => {
                    let text = plain_text(inlines);
                    // Template headings use acronyms the author cannot change ("Links to the YJB …").
                    out.extend(capitals(file, node.line, &text, true));
                }
                Block::Table { head, rows, .. } => {
                    out.push(
                        Diagnostic::warning("markdown-table", "a table written in markdown has no caption")
                            .at_line(file, node.line)
                            .hint("define it in the front matter as a `kind: text` table with a `caption:`, and place it with `{{ table(\"id\") }}`"),
                    );
                    let empty = head
                        .iter()
                        .chain(rows.iter().flatten())
                        .filter(|c| plain_text(c).trim().is_empty())
                        .count();
                    if empty > 0 {
                        out.push(empty_cells(file, node.line, "this table", empty));
                    }
                }
                _ => {}
            }
        }
        for (line, href, text) in links {
            out.extend(link_text(file, line, href, &plain_text(text)));
        }
        for id in &section.tables {
            if let Some(table) = tables.iter().find(|t| &t.id == id) {
                let table_line = file
                    .line_col(file.text.find(&format!("{id}:")).unwrap_or(0))
                    .0;
                for note in table
                    .notes
                    .iter()
                    .chain(&table.source)
                    .chain(std::iter::once(&table.caption))
                {
                    out.extend(placeholder(
                        file,
                        table_line,
                        note,
                        &format!("the table `{id}`"),
                    ));
                }
                let empty = table
                    .rows
                    .iter()
                    .flat_map(|r| &r.cells)
                    .filter(|c| c.text.trim().is_empty() && c.items.is_empty())
                    .count();
                // A budget table prints blank where the author left a cell blank: the YJB
                // template's way of saying "no contribution" (a dash is the other choice).
                if empty > 0 && table.kind != "budget" {
                    let offset = file.text.find(&format!("{id}:")).unwrap_or(0);
                    let line = file.line_col(offset).0;
                    out.push(empty_cells(file, line, &format!("the table `{id}`"), empty));
                }
            }
        }
    }
    out
}

/// Text still marked "[to do: …]" (as `yjplan new` writes it).
fn placeholder(file: &SourceFile, line: usize, text: &str, what: &str) -> Option<Diagnostic> {
    let found = text.to_ascii_lowercase().find(PLACEHOLDER)?;
    let marker: String = text[found..]
        .chars()
        .take_while(|&c| c != ']')
        .chain(std::iter::once(']'))
        .collect();
    Some(
        Diagnostic::warning(
            "placeholder",
            format!("{what} still has a placeholder: {marker}"),
        )
        .at_line(file, line)
        .hint("write the text or figures the placeholder asks for, then delete the marker"),
    )
}

fn poor_alt(file: &SourceFile, line: usize, alt: &str) -> Option<Diagnostic> {
    let lower = alt.trim().trim_end_matches('.').to_lowercase();
    let file_name = [".png", ".jpg", ".jpeg", ".svg", ".gif"]
        .iter()
        .any(|x| lower.ends_with(x));
    let generic = EMPTY_ALT.iter().any(|w| {
        lower == *w
            || lower == format!("an {w}")
            || lower == format!("a {w}")
            || lower == format!("the {w}")
    });
    (!alt.trim().is_empty() && (generic || file_name)).then(|| {
        Diagnostic::warning("poor-alt", format!("the alt text \"{alt}\" does not say what the image shows"))
            .at_line(file, line)
            .hint("describe what a reader should learn from the image, e.g. \"Organisation chart: the head of service reports to the management board\"")
    })
}

/// "caption-repeats-alt": a title (the caption) that repeats the alt text is read twice by a
/// screen reader.
fn title_repeats_alt(
    file: &SourceFile,
    line: usize,
    alt: &str,
    title: Option<&str>,
) -> Option<Diagnostic> {
    let same = |a: &str, b: &str| {
        a.trim()
            .trim_end_matches('.')
            .eq_ignore_ascii_case(b.trim().trim_end_matches('.'))
    };
    let title = title.filter(|t| !t.trim().is_empty() && same(t, alt))?;
    Some(
        Diagnostic::warning("caption-repeats-alt", format!("the image's caption \"{}\" repeats its alt text, so a screen reader reads it twice", title.trim()))
            .at_line(file, line)
            .hint("keep the alt text saying what the image shows, and make the title in quotes a short caption, as in ![Organisation chart: the head of service reports to the board](assets/structure.svg \"How the service is organised\")"),
    )
}

fn link_text(file: &SourceFile, line: usize, href: &str, text: &str) -> Option<Diagnostic> {
    let lower = text.trim().trim_end_matches(['.', ':']).to_lowercase();
    if VAGUE_LINKS.contains(&lower.as_str()) {
        return Some(
            Diagnostic::warning("vague-link", format!("the link text \"{}\" does not say where the link goes", text.trim()))
                .at_line(file, line)
                .hint("make the link text name its destination, e.g. [the YJB's case management guidance](…)"),
        );
    }
    let bare = lower == href.to_lowercase()
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.");
    bare.then(|| {
        Diagnostic::warning(
            "bare-url",
            format!("the link text is a web address: {}", text.trim()),
        )
        .at_line(file, line)
        .hint("screen readers spell addresses out: write [what the page is](address) instead")
    })
}

fn empty_cells(file: &SourceFile, line: usize, what: &str, count: usize) -> Diagnostic {
    let cells = if count == 1 {
        "an empty cell".to_string()
    } else {
        format!("{count} empty cells")
    };
    Diagnostic::warning("empty-cell", format!("{what} has {cells}"))
        .at_line(file, line)
        .hint("say why a cell has no figure: write \"no data\", \"not applicable\" or \"0\"")
}

/// The sentences of a text (split after . ! ? followed by a space and a capital, or the end).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut rest = text[at + 1..].chars();
        let (next, after) = (rest.next(), rest.next());
        if next.is_none()
            || (next == Some(' ') && after.is_some_and(|a| a.is_uppercase() || a.is_numeric()))
        {
            out.push(&text[start..at + 1]);
            start = at + 1;
        }
    }
    if text[start..].trim().len() > 1 {
        out.push(&text[start..]);
    }
    out
}

fn long_sentences(file: &SourceFile, line: usize, text: &str) -> Vec<Diagnostic> {
    sentences(text)
        .into_iter()
        .filter_map(|s| {
            let words = s.split_whitespace().count();
            (words > MAX_SENTENCE_WORDS).then(|| {
                let start: String = s.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
                Diagnostic::warning("long-sentence", format!("a sentence of {words} words (\"{start} …\"); aim for {MAX_SENTENCE_WORDS} or fewer"))
                    .at_line(file, line)
                    .hint("split it into two sentences; long sentences are hard to follow, especially for readers with cognitive impairments")
            })
        })
        .collect()
}

/// True for a word of two or more letters, all capitals ("YJB", "NHS's" is not).
fn is_capital_word(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

fn capitals(file: &SourceFile, line: usize, text: &str, heading: bool) -> Option<Diagnostic> {
    let (mut words, mut run, mut longest) = (0, 0, 0);
    for word in text.split_whitespace() {
        words += 1;
        run = if is_capital_word(word) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let shouting = longest >= 4 || (heading && words >= 2 && longest == words);
    shouting.then(|| {
        Diagnostic::warning(
            "all-caps",
            "text written in capital letters is hard to read",
        )
        .at_line(file, line)
        .hint("write it in sentence case; use **bold** for emphasis")
    })
}

/// Words inside a run of three or more words in capitals: shouting (reported as all-caps), not acronyms.
fn shouted_words(text: &str) -> BTreeSet<&str> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = BTreeSet::new();
    let mut start = 0;
    for end in 0..=words.len() {
        if end < words.len() && is_capital_word(words[end]) {
            continue;
        }
        if end - start >= 3 {
            out.extend(
                words[start..end]
                    .iter()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())),
            );
        }
        start = end + 1;
    }
    out
}

/// True when the glossary has the acronym, alone or as the first word of a term ("HMI Probation").
fn defined(glossary: &OrderedMap<String>, acronym: &str) -> bool {
    glossary
        .iter()
        .any(|(term, _)| term == acronym || term.split_whitespace().next() == Some(acronym))
}

/// Warns once per acronym that the glossary does not define.
fn acronyms(
    file: &SourceFile,
    line: usize,
    text: &str,
    glossary: &OrderedMap<String>,
    seen: &mut BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let text = &*tags::without_tags(text);
    // Most paragraphs have no acronym: the runs of capitals are found only when one does.
    let mut shouted = None;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if !word.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let stem = word
            .strip_suffix('s')
            .filter(|s| s.len() >= 2 && is_capital_word(s))
            .unwrap_or(word);
        let is_acronym = stem.len() >= 2
            && stem.chars().next().is_some_and(char::is_uppercase)
            && is_capital_word(stem)
            && stem.chars().all(|c| c.is_ascii_alphanumeric());
        if !is_acronym
            || shouted
                .get_or_insert_with(|| shouted_words(text))
                .contains(word)
            || NOT_ACRONYMS.contains(&stem)
            || defined(glossary, stem)
            || !seen.insert(stem.to_string())
        {
            continue;
        }
        out.push(
            Diagnostic::warning("undefined-acronym", format!("the acronym {stem} is not in the glossary"))
                .at_line(file, line)
                .hint(format!("add it to plan.yaml: `glossary: {{ {stem}: what it stands for }}`; the web page then explains it where it is first used")),
        );
    }
    out
}

mod tags;
#[cfg(test)]
mod tests;
