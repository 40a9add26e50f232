//! Glyphs: takes the plan's text (sections, tables, plan.yaml) and the fonts the PDF is set in,
//! and gives an error at the line of every character no font can show, and of every control
//! character. The PDF is PDF/A, which may not hold a missing glyph, so without this check such
//! text passes `check` and fails in typesetting with no line.
//!
//! The scripts a plan can use are the scripts of the bundled fonts: the theme's own fonts, then
//! Typst's (Libertinus Serif, New Computer Modern, DejaVu Sans Mono) as fallbacks. Together they
//! cover Latin with every accent Welsh and the other languages of the UK and Europe need (ŵ, ŷ),
//! Greek, Cyrillic and common symbols; not CJK or emoji. See docs/format.md ("Characters").

use crate::compute::ComputedTable;
use crate::diag::{Diagnostic, SourceFile};
use crate::model::Section;
use crate::model::{Block, Inline, MARK_CLOSE, MARK_OPEN};
use std::collections::BTreeMap;
use std::sync::Arc;
use typst::text::{Coverage, FontInfo};

pub(crate) mod strings;

/// Which characters the PDF's fonts can show.
pub struct Glyphs {
    coverage: Vec<Coverage>,
    /// `shows` for each ASCII character, looked up once: nearly every character of a plan.
    ascii: [bool; 128],
}

impl Glyphs {
    /// The coverage of the theme's fonts and Typst's bundled ones (the fonts the PDF uses).
    pub fn for_theme(
        resources: &crate::resources::Resources,
        theme: &crate::resources::theme::Theme,
    ) -> Self {
        let mut coverage = Vec::new();
        for (_, bytes) in theme.font_files(resources) {
            coverage.extend(FontInfo::iter(&bytes).map(|info| info.coverage));
        }
        for bundled in crate::resources::fonts::bundled() {
            coverage.extend(bundled.faces.iter().map(|info| info.coverage.clone()));
        }
        let mut glyphs = Glyphs {
            coverage,
            ascii: [false; 128],
        };
        glyphs.ascii = std::array::from_fn(|i| glyphs.in_fonts(char::from(i as u8)));
        glyphs
    }

    /// Whether some font has a glyph for `c` (characters that take none are fine).
    pub fn shows(&self, c: char) -> bool {
        match self.ascii.get(c as usize) {
            Some(&shown) => shown,
            None => self.in_fonts(c),
        }
    }

    fn in_fonts(&self, c: char) -> bool {
        takes_no_glyph(c) || self.coverage.iter().any(|cov| cov.contains(c as u32))
    }
}

/// Characters of the Unicode private-use areas, which PDF/A forbids (yjplan's own placement
/// marks among them, `MARK_OPEN` and `MARK_CLOSE`, when one is left in text).
fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// Combining marks (accents typed as characters of their own, vowel signs), which sit on the
/// letter before them.
fn is_mark(c: char) -> bool {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    !c.is_ascii() && c.general_category_group() == GeneralCategoryGroup::Mark
}

/// Spaces, joiners, marks for line breaking and variation selectors: Typst needs no glyph.
fn takes_no_glyph(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\t' | '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}')
}

/// Errors for characters the PDF cannot show, one per line (naming up to three characters).
pub fn check(
    glyphs: &Glyphs,
    sections: &[Section],
    tables: &[Arc<ComputedTable>],
    plan_file: &SourceFile,
    plan: Option<&crate::load::plan::PlanConfig>,
) -> Vec<Diagnostic> {
    let mut found = Found::default();
    for section in sections {
        let file = &section.file;
        let mut text_at = |text: &str, line: usize| found.scan(glyphs, file, line, text);
        let mut blocks = Vec::new();
        crate::model::walk(
            &section.nodes,
            &mut |node| blocks.push(node),
            &mut |inline, line| match inline {
                Inline::Text { v } | Inline::Code { v } => text_at(v, line),
                Inline::Abbr { v, title } => {
                    text_at(v, line);
                    text_at(title, line);
                }
                _ => {}
            },
        );
        for node in blocks {
            match &node.block {
                Block::Image { alt, title, .. } => {
                    text_at(alt, node.line);
                    text_at(title.as_deref().unwrap_or(""), node.line);
                }
                Block::Code(code) => {
                    for (i, line) in code.lines().enumerate() {
                        text_at(line, node.line + 1 + i);
                    }
                }
                _ => {}
            }
        }
        for id in &section.tables {
            let Some(table) = tables.iter().find(|t| &t.id == id) else {
                continue;
            };
            // Nearly every table is clean: its line is looked for only when it is not.
            let mut clean_table = true;
            strings::for_each(table.as_ref(), &mut |s| {
                clean_table &= clean(glyphs, file, s)
            });
            if !clean_table {
                let line = crate::load::front_matter::key_line(file, &["tables", id]).unwrap_or(1);
                strings::for_each(table.as_ref(), &mut |s| text_at(s, line));
            }
        }
    }
    for (i, line) in plan_file.text.lines().enumerate() {
        found.scan(glyphs, plan_file, i + 1, line);
    }
    // Escapes in quoted YAML ("\a", "\u0007") only show in the values.
    if let Some(plan) = plan.and_then(|p| serde_json::to_value(p).ok()) {
        keyed_strings(&plan, &mut Vec::new(), &mut |path, s| {
            let keys: Vec<&str> = path.iter().map(String::as_str).collect();
            let line = crate::load::front_matter::key_line(plan_file, &keys).unwrap_or(1);
            found.scan(glyphs, plan_file, line, s);
        });
    }
    found.diagnostics()
}

/// Errors for characters the PDF cannot show in a YAML file of the plan's own (strings, theme,
/// edition): in each line as written, and in each value (where escapes such as `"\u0007"` show)
/// at its line.
pub fn check_yaml_file(glyphs: &Glyphs, file: &SourceFile) -> Vec<Diagnostic> {
    let mut found = Found::default();
    for (i, line) in file.text.lines().enumerate() {
        found.scan(glyphs, file, i + 1, line);
    }
    crate::validate::pdf_safety::values::yaml_strings(file, &file.text, 0, &mut |line, s| {
        if !clean(glyphs, file, s) {
            found.scan(glyphs, file, line(), s)
        }
    });
    found.diagnostics()
}

/// Whether every character of `text` can be shown. Finding a string's line searches its file,
/// so the line is looked for only for a string that is not clean.
fn clean(glyphs: &Glyphs, file: &SourceFile, text: &str) -> bool {
    let mut probe = Found::default();
    probe.scan(glyphs, file, 1, text);
    probe.lines.is_empty()
}

/// Calls `f` with every string in a JSON value and the keys leading to it.
fn keyed_strings(
    value: &serde_json::Value,
    path: &mut Vec<String>,
    f: &mut dyn FnMut(&[String], &str),
) {
    match value {
        serde_json::Value::String(s) => f(path, s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| keyed_strings(v, path, f)),
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                path.push(key.clone());
                keyed_strings(v, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Characters found per file and line.
#[derive(Default)]
struct Found {
    /// Per file and line: the characters, and whether one of them is a stray mark.
    lines: BTreeMap<(String, usize), (SourceFile, Vec<char>, bool)>,
}

impl Found {
    /// Records the characters of `text` (which starts at `line`; raw HTML shown as typed spans
    /// lines) that the PDF cannot hold.
    fn scan(&mut self, glyphs: &Glyphs, file: &SourceFile, line: usize, text: &str) {
        let mut line = line;
        let mut after_letter = false;
        for c in text.chars() {
            if c == '\n' {
                line += 1;
            }
            // A combining mark is shaped with the letter before it; with none, Typst may find no
            // font for the pair (a quote mark and a Lao vowel sign, say) and refuse the PDF.
            let mark = is_mark(c);
            let stray = mark && !after_letter && !takes_no_glyph(c);
            if !mark {
                after_letter = c.is_alphabetic();
            }
            let refused = (c.is_control() && c != '\n' && c != '\t') || is_private_use(c);
            if refused || stray || !glyphs.shows(c) {
                let entry = self
                    .lines
                    .entry((file.path.clone(), line))
                    .or_insert_with(|| (file.clone(), Vec::new(), false));
                if !entry.1.contains(&c) {
                    entry.1.push(c);
                }
                entry.2 |= stray;
            }
        }
    }

    fn diagnostics(self) -> Vec<Diagnostic> {
        self.lines
            .into_iter()
            .map(|((_, line), (file, chars, stray))| {
                let named: Vec<String> = chars.iter().take(3).map(|&c| describe(c)).collect();
                let more = if chars.len() > 3 { format!(" and {} more", chars.len() - 3) } else { String::new() };
                let (message, hint) = if chars.iter().all(|c| c.is_control()) {
                    (
                        format!("this line holds the control character {}{more}", named.join(", ")),
                        "delete it: control characters are invisible, and a PDF cannot hold them",
                    )
                } else if chars.iter().all(|&c| c == MARK_OPEN || c == MARK_CLOSE) {
                    (
                        "a `table()` or `chart()` here cannot be placed: the line is inside raw HTML (an unclosed `<!--`?)".to_string(),
                        "put `{{ table(\"…\") }}` on a line of its own, outside any HTML, and close every `<!--` with `-->`",
                    )
                } else if stray && chars.iter().all(|&c| is_mark(c)) {
                    (
                        format!("this line holds the combining mark {}{more} with no letter before it, which the PDF cannot set", named.join(", ")),
                        "delete it, or type the letter it belongs to before it (better still, the accented letter itself, such as ŵ)",
                    )
                } else if chars.iter().all(|&c| is_private_use(c)) {
                    (
                        format!("this line holds the private-use character {}{more}, which a PDF/A file may not hold", named.join(", ")),
                        "delete it: private-use characters have no agreed meaning (they come from symbol fonts and icons pasted from other documents)",
                    )
                } else {
                    (
                        format!("the PDF's fonts cannot show {}{more}", named.join(", ")),
                        "write it in words or with Latin, Greek or Cyrillic letters; the fonts cover those scripts (Welsh included) but not CJK or emoji (see docs/format.md, \"Characters\")",
                    )
                };
                Diagnostic::error("unsupported-character", message)
                    .at_line(&file, line)
                    .hint(hint)
            })
            .collect()
    }
}

/// `“😀” (U+1F600)`, or just the code for a control, private-use or combining character (which
/// show as nothing, as a box, or on the character before them).
fn describe(c: char) -> String {
    if c.is_control() || is_private_use(c) || is_mark(c) {
        format!("U+{:04X}", c as u32)
    } else {
        format!("“{c}” (U+{:04X})", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    fn glyphs() -> Glyphs {
        let resources = Resources::embedded();
        Glyphs::for_theme(
            &resources,
            &crate::resources::theme::load(&resources, "default").unwrap(),
        )
    }

    #[test]
    fn welsh_greek_and_cyrillic_are_shown_cjk_and_emoji_are_not() {
        let g = glyphs();
        for c in "Ŵŵ Ŷŷ âêîôû äëïöü £€ “”–— αβγ Жж ½ ≥".chars() {
            assert!(g.shows(c), "{c} U+{:04X}", c as u32);
        }
        for c in ['中', '日', '😀', '한'] {
            assert!(!g.shows(c), "{c}");
        }
    }

    /// The line and message of each diagnostic for a section `text` and a plan.yaml `plan`.
    fn reported(text: &str, plan: &str) -> Vec<(usize, String)> {
        let file = SourceFile::new("content/01.md", text);
        let (nodes, _) = crate::parse::parse(&file.text, 1, &file);
        let section = Section {
            file: file.clone(),
            nodes,
            tables: vec![],
            front_ok: true,
        };
        let plan = SourceFile::new("plan.yaml", plan);
        check(&glyphs(), &[section], &[], &plan, None)
            .into_iter()
            .map(|d| (d.location.unwrap().line.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn unsupported_characters_are_reported_once_per_line() {
        let text = "# Plan\n\nHello 😀 中 😀\n\nBell \u{7}\n";
        assert_eq!(
            reported(text, "service: Caerdydd ŵ\n"),
            [
                (
                    3,
                    "the PDF's fonts cannot show “😀” (U+1F600), “中” (U+4E2D)".to_string()
                ),
                (
                    5,
                    "this line holds the control character U+0007".to_string()
                ),
            ]
        );
    }

    #[test]
    fn private_use_characters_and_stray_placement_marks_are_reported_at_their_line() {
        // A Word bullet pasted from the Symbol font, and a table placed inside a comment that
        // is never closed (raw HTML shown as typed, over several lines).
        let text = "# Plan\n\n\u{F0B7} First point\n\n<!-- a note\n\n\u{E000}table:t\u{E001}\n";
        let lines = reported(text, "service: S\n");
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].0, 3);
        assert!(
            lines[0].1.contains("private-use character U+F0B7"),
            "{}",
            lines[0].1
        );
        assert_eq!(lines[1].0, 7);
        assert!(lines[1].1.contains("cannot be placed"), "{}", lines[1].1);
    }

    #[test]
    fn a_combining_mark_needs_a_letter_before_it() {
        // A Lao vowel sign on a quote mark made Typst refuse the PDF; on a Lao letter, or a
        // circumflex typed after its w (Welsh), a mark is fine.
        let text = "# Plan\n\n\u{2018}\u{EB1}\u{2019}\n\nLao \u{E81}\u{EB1}, Welsh w\u{302}.\n\n\u{301} alone\n";
        let stray: Vec<usize> = reported(text, "service: S\n")
            .into_iter()
            .filter(|(_, message)| message.contains("with no letter before it"))
            .map(|(line, _)| line)
            .collect();
        assert_eq!(stray, [3, 7]);
    }
}
