//! View: takes the parsed and validated plan (sections, computed tables, settings, theme) and
//! gives the one serialisable view model that both renderers read: the HTML templates through
//! minijinja, the Typst template as JSON. Nothing here knows about HTML or Typst.

use crate::charts;
use crate::compute::{ChartKind as TableChartKind, ComputedTable};
use crate::load::assets::{Asset, Images};
use crate::load::plan::{long_date, parse_date, PlanConfig};
use crate::model::Section;
use crate::model::{plain_text, Block, Inline, Node};
use crate::resources::edition::Edition;
use crate::resources::theme::Theme;
use crate::util::slug;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

mod blocks;
mod figures;
mod meta;
mod tables;
use blocks::*;
use tables::*;

/// The whole plan, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Facts about the whole document (title, language, sign-off, logo).
    pub meta: Meta,
    /// The theme's colours and settings by name, for CSS variables and the Typst page.
    pub theme: BTreeMap<String, String>,
    /// The contents list: every heading of the plan in order.
    pub toc: Vec<TocEntry>,
    /// The document body, section after section.
    pub blocks: Vec<ViewBlock>,
}

impl View {
    /// The view model as pretty-printed JSON with a final newline: what the Typst template reads
    /// (there compact), and the form of the checked-in view snapshots.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// Facts about the document as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// The page and PDF title: "{service}: {doc_title} {period}".
    pub title: String,
    /// The document's kind in the plan's language ("Youth Justice Plan").
    pub doc_title: String,
    /// The youth justice service's name.
    pub service: String,
    /// The partnership the service belongs to, when plan.yaml names one.
    pub partnership: Option<String>,
    /// The plan year, e.g. "2024/25".
    pub period: String,
    /// The YJB template edition the plan follows.
    pub edition: String,
    /// The plan's language tag as written in plan.yaml, e.g. "en-GB".
    pub language: String,
    /// The language part of the tag ("en"), for `lang` attributes.
    pub lang: String,
    /// The region part of the tag ("GB"), when there is one.
    pub region: Option<String>,
    /// The lead officer, when plan.yaml names one.
    pub lead: Option<String>,
    /// True until the plan is signed off (the outputs are marked DRAFT).
    pub draft: bool,
    /// The approval line ("Approved by … on …"), when signed off.
    pub approval: Option<String>,
    /// The logo's path in the outputs (plan logo, else the theme's), with a leading '/'.
    pub logo: Option<String>,
    /// The logo's alt text, from the theme.
    pub logo_alt: String,
    /// The theme's body font family.
    pub font: String,
    /// Document keywords (PDF metadata and the page's meta tag).
    pub keywords: Vec<String>,
    /// A one-sentence description of the document (PDF subject, page meta).
    pub description: String,
    /// The sign-off date (YYYY-MM-DD), when signed off.
    pub date: Option<String>,
    /// The sign-off date as written in the text ("21 June 2023").
    pub date_text: Option<String>,
    /// The fixed words in the plan's language, by key.
    pub strings: BTreeMap<String, String>,
}

/// An entry of the contents list.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// The heading level (1 to 6).
    pub level: u8,
    /// The heading's id, the link target.
    pub id: String,
    /// The heading's plain text, after its number when the plan numbers headings.
    pub text: String,
}

/// A block of the rendered document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ViewBlock {
    /// A heading (`type: "heading"`).
    Heading {
        /// The heading level (1 to 6).
        level: u8,
        /// The heading's id, the link target.
        id: String,
        /// The heading's plain text.
        text: String,
        /// The heading's inline content.
        inlines: Vec<Inline>,
        /// The heading's number ("2.1") when plan.yaml asks for numbering.
        #[serde(skip_serializing_if = "Option::is_none")]
        number: Option<String>,
    },
    /// A paragraph.
    Paragraph {
        /// The paragraph's inline content.
        inlines: Vec<Inline>,
    },
    /// A bulleted or numbered list.
    List {
        /// True for a numbered list.
        ordered: bool,
        /// The first number of a numbered list.
        start: u64,
        /// The items, each a list of blocks.
        items: Vec<Vec<ViewBlock>>,
    },
    /// A block quotation.
    Quote {
        /// The quoted blocks.
        blocks: Vec<ViewBlock>,
    },
    /// A code block.
    Code {
        /// The code, as written.
        text: String,
    },
    /// A thematic break.
    Rule,
    /// A table (computed or written in markdown).
    Table(TableView),
    /// A chart or an image.
    Figure(FigureView),
    /// The sign-off statement.
    Signoff(SignoffView),
    /// The footnotes of a section, at its end.
    Footnotes {
        /// The footnotes in number order.
        items: Vec<FootnoteView>,
    },
}

/// A table as rendered.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// The table's id (`table-…`), the link target.
    pub id: String,
    /// The table's number in document order ("Table 3").
    pub number: usize,
    /// The caption, without its unit.
    pub caption: String,
    /// The unit shown after the caption ("per 100,000"), when there is one.
    pub unit: Option<String>,
    /// Where the figures come from, when given.
    pub source: Option<String>,
    /// Notes printed under the table (suppression, pooling, the spec's own).
    pub notes: Vec<String>,
    /// Header rows, each a list of cells with their spans.
    pub head: Vec<Vec<HeadCellView>>,
    /// Body rows.
    pub rows: Vec<RowView>,
    /// One entry per column: alignment and relative width.
    pub columns: Vec<ColumnView>,
    /// The table's CSV, relative to the web page (`data/<id>.csv`), for a computed table.
    pub data: Option<String>,
}

/// A header cell; `scope` is "col" or "colgroup".
#[derive(Debug, Clone, Serialize)]
pub struct HeadCellView {
    /// The cell's text.
    pub text: String,
    /// Columns the cell spans.
    pub colspan: u32,
    /// Rows the cell spans.
    pub rowspan: u32,
    /// "col" for a column header, "colgroup" for a group header.
    pub scope: &'static str,
    /// True when the column holds numbers (right-aligned).
    pub numeric: bool,
}

/// A body row.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// The row's cells, the row header first.
    pub cells: Vec<CellView>,
    /// True for a total row (shown in bold).
    pub total: bool,
}

/// A body cell; `header` marks the row header (the first cell).
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// The cell's text, already formatted ("1,234", "12.5%", "n/a").
    pub text: String,
    /// True when the cell is a number (right-aligned).
    pub numeric: bool,
    /// True for the row header (the first cell).
    pub header: bool,
    /// Bullet items when the cell holds a list (text tables); else empty.
    pub items: Vec<String>,
}

/// A column: alignment and relative width.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    /// True when the column holds numbers (right-aligned).
    pub numeric: bool,
    /// The column's relative width (the PDF template's column sizes).
    pub weight: u32,
}

/// A chart or an image.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// "chart" or "image".
    pub kind: &'static str,
    /// The figure's id (`figure-…`), the link target.
    pub id: String,
    /// The figure's number in document order ("Figure 2").
    pub number: usize,
    /// The caption (a chart's table caption, an image's title or alt text).
    pub caption: String,
    /// The alt text.
    pub alt: String,
    /// A chart's long description in words (its trend and extremes); None for images.
    pub description: Option<String>,
    /// The path in the Typst world (and, without the leading '/', beside the HTML page).
    pub src: String,
    /// The table holding the chart's figures, for the "data table" link.
    pub table_id: Option<String>,
    /// That table's number.
    pub table_number: Option<usize>,
    /// Inline SVG for the HTML page (charts only): the wide chart, also the PDF's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg: Option<String>,
    /// The chart drawn for narrow screens (charts only), inline beside `svg`: the page's
    /// style shows one or the other by the width of the column, so chart text stays at 12 px
    /// or more at every width.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg_narrow: Option<String>,
}

/// The sign-off statement.
#[derive(Debug, Clone, Serialize)]
pub struct SignoffView {
    /// The sign-off sentence, or the draft notice when not signed off.
    pub statement: String,
    /// The chair who signed, when given.
    pub chair: Option<String>,
    /// The chair's role, when given.
    pub role: Option<String>,
    /// The sign-off date as written in the text ("21 June 2023").
    pub date: Option<String>,
    /// True when the plan is not signed off.
    pub draft: bool,
}

/// A footnote's number and text.
#[derive(Debug, Clone, Serialize)]
pub struct FootnoteView {
    /// The footnote's id (`fn-…`), the link target of its references.
    pub id: String,
    /// The footnote's number in document order.
    pub number: usize,
    /// The footnote's text.
    pub blocks: Vec<ViewBlock>,
}

/// Everything the view needs.
pub struct Inputs<'a> {
    /// plan.yaml's settings.
    pub plan: &'a PlanConfig,
    /// The YJB template edition (its headings).
    pub edition: &'a Edition,
    /// The theme (colours, fonts, logo).
    pub theme: &'a Theme,
    /// The fixed words in the plan's language.
    pub strings: &'a BTreeMap<String, String>,
    /// The parsed sections, in order.
    pub sections: &'a [Section],
    /// For each heading in document order, the template heading it fills.
    pub matched: &'a [Option<usize>],
    /// Every computed table.
    pub tables: &'a [Arc<ComputedTable>],
    /// The plan's images, read once.
    pub images: &'a Images,
}

/// Builds the view model and the assets it refers to.
pub fn build(inputs: &Inputs) -> (View, Vec<Asset>) {
    let mut builder = Builder::new(inputs);
    let mut blocks = Vec::new();
    let mut heading_index = 0;
    for section in inputs.sections {
        let footnotes = footnote_defs(&section.nodes);
        let mut section_blocks = Vec::new();
        for node in &section.nodes {
            if let Block::Heading { .. } = node.block {
                let template = inputs.matched.get(heading_index).copied().flatten();
                heading_index += 1;
                section_blocks.extend(builder.block(node));
                if template.is_some_and(|t| inputs.edition.headings[t].id == "sign-off") {
                    section_blocks.push(ViewBlock::Signoff(builder.signoff()));
                }
                continue;
            }
            section_blocks.extend(builder.block(node));
        }
        let notes = builder.footnotes(&footnotes);
        blocks.extend(section_blocks);
        if !notes.is_empty() {
            blocks.push(ViewBlock::Footnotes { items: notes });
        }
    }
    let meta = builder.meta();
    let theme = inputs.theme.colour_map();
    (
        View {
            meta,
            theme,
            toc: builder.toc,
            blocks,
        },
        builder.assets,
    )
}

struct Builder<'a> {
    inputs: &'a Inputs<'a>,
    tables: HashMap<&'a str, &'a ComputedTable>,
    ids: BTreeSet<String>,
    toc: Vec<TocEntry>,
    assets: Vec<Asset>,
    table_number: usize,
    figure_number: usize,
    footnote_numbers: HashMap<String, usize>,
    glossary_seen: BTreeSet<String>,
    /// The number each placed table will get, known before any chart refers to it.
    table_numbers: HashMap<String, usize>,
    /// Heading numbers, when the plan asks for them.
    numbers: Option<crate::load::numbering::Counter>,
}

impl<'a> Builder<'a> {
    fn new(inputs: &'a Inputs<'a>) -> Self {
        Builder {
            inputs,
            tables: inputs
                .tables
                .iter()
                .map(|t| (t.id.as_str(), t.as_ref()))
                .collect(),
            ids: BTreeSet::new(),
            toc: Vec::new(),
            assets: Vec::new(),
            table_number: 0,
            figure_number: 0,
            footnote_numbers: HashMap::new(),
            glossary_seen: BTreeSet::new(),
            table_numbers: number_tables(inputs.sections),
            numbers: crate::load::numbering::Counter::new(inputs.plan.numbering.as_ref()),
        }
    }

    fn string(&self, key: &str) -> String {
        self.inputs
            .strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn blocks(&mut self, nodes: &[Node]) -> Vec<ViewBlock> {
        nodes.iter().flat_map(|n| self.block(n)).collect()
    }
}

#[cfg(test)]
mod tests;
