//! Heading ids: takes the parsed sections and the ids of the computed tables, and gives each
//! heading an id of its own that no other element of the page or the PDF has. A heading "Table
//! fte" must not take `table-fte` (the table's), nor "Main" `main` (the page's main region), nor
//! "Fn 1" `fn-1` (a footnote's): the page would hold one id twice and Typst would refuse a label
//! used twice. The view and the link check both take heading ids from here, so links are
//! checked against the ids the page gets.

use super::{walk, Block, Section};
use crate::util::slug;
use std::collections::BTreeSet;

/// Ids the page template and the Typst template give to fixed elements and markers.
const FIXED: [&str; 5] = [
    "main",
    "contents-title",
    "sections-title",
    "yj-end",
    "yj-laid-out",
];

/// The ids already given, and those the page and the PDF give to elements other than headings.
#[derive(Debug, Clone, Default)]
pub struct HeadingIds {
    taken: BTreeSet<String>,
    /// Prefixes of ids generated in numbers: a chart's inner SVG ids, footnotes and the PDF's
    /// footnote labels.
    prefixes: Vec<String>,
}

impl HeadingIds {
    /// The ids that the elements of `sections` other than headings get, with `tables` the ids of
    /// the plan's computed tables (a table `fte` is `table-fte`, its chart `figure-fte`).
    pub fn new<'t>(sections: &[Section], tables: impl IntoIterator<Item = &'t str>) -> Self {
        let mut taken: BTreeSet<String> = FIXED.iter().map(|s| s.to_string()).collect();
        // Footnotes are `fn-<label>`, with `-2`, `-3`… when two files use one label.
        let mut prefixes = vec!["yjfn-".to_string(), "fn-".to_string()];
        for t in tables {
            taken.extend([
                format!("table-{t}"),
                format!("table-{t}-caption"),
                format!("figure-{t}"),
            ]);
            prefixes.push(format!("chart-{t}-"));
        }
        let count = Counts::of(sections);
        for n in 1..=count.tables {
            taken.extend([format!("table-{n}"), format!("table-{n}-caption")]);
        }
        taken.extend((1..=count.figures).map(|n| format!("figure-{n}")));
        taken.extend((1..=count.images).map(|n| format!("image-{n}")));
        HeadingIds { taken, prefixes }
    }

    /// The id of a heading with text `text`: its slug ("section" when it has none), with "-2",
    /// "-3"… when another heading or another element already has it ("section-" before it when
    /// it starts as a chart's inner ids or the PDF's footnote labels do).
    pub fn next(&mut self, text: &str) -> String {
        let base = match slug(text) {
            s if s.is_empty() => "section".to_string(),
            // Every id with a generated prefix may be taken: no suffix would make it safe.
            s if self.prefixes.iter().any(|p| s.starts_with(p.as_str())) => format!("section-{s}"),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 2;
        while !self.taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// How many tables, numbered figures and other images the sections hold (an upper bound on the
/// numbers their ids take).
#[derive(Default)]
struct Counts {
    tables: usize,
    figures: usize,
    images: usize,
}

impl Counts {
    fn of(sections: &[Section]) -> Self {
        let mut count = Counts::default();
        for section in sections {
            walk(
                &section.nodes,
                &mut |node| match &node.block {
                    Block::Table { .. } | Block::TableRef(_) => count.tables += 1,
                    Block::ChartRef(_) => count.figures += 1,
                    Block::Image { title, .. }
                        if title.as_deref().is_some_and(|t| !t.trim().is_empty()) =>
                    {
                        count.figures += 1
                    }
                    Block::Image { .. } => count.images += 1,
                    _ => {}
                },
                &mut |_, _| {},
            );
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(md: &str) -> Section {
        crate::model::tests::parsed_section("s.md", md)
    }

    #[test]
    fn a_heading_never_takes_an_id_the_page_gives_to_something_else() {
        let s = section(
            "| a |\n|---|\n| 1 |\n\nText.[^1]\n\n[^1]: Note.\n\n![A](a.png \"T\")\n\n![B](b.png)\n",
        );
        let mut ids = HeadingIds::new(&[s], ["fte"]);
        let got: Vec<String> = [
            "Table fte",
            "Main",
            "Contents title",
            "Figure 1",
            "Figure fte",
            "Fn 1",
            "Image 1",
            "Table 1",
            "Chart fte title",
            "Yjfn fn 1",
            "Sections title",
            "Yj end",
            "Table fte",
        ]
        .iter()
        .map(|t| ids.next(t))
        .collect();
        assert_eq!(
            got,
            [
                "table-fte-2",
                "main-2",
                "contents-title-2",
                "figure-1-2",
                "figure-fte-2",
                "section-fn-1",
                "image-1-2",
                "table-1-2",
                "section-chart-fte-title",
                "section-yjfn-fn-1",
                "sections-title-2",
                "yj-end-2",
                "table-fte-3",
            ]
        );
    }

    #[test]
    fn ordinary_headings_keep_their_slugs() {
        let mut ids = HeadingIds::new(&[section("Text.\n")], ["fte"]);
        for (text, id) in [
            ("Figure 2", "figure-2"),
            ("YJ priorities", "yj-priorities"),
            ("Vision", "vision"),
            ("Vision", "vision-2"),
            ("", "section"),
        ] {
            assert_eq!(ids.next(text), id);
        }
    }
}
