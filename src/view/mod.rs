//! View: takes the parsed and validated plan (sections, computed tables, settings, theme) and
//! gives the one serialisable view model that both renderers read: the HTML templates through
//! minijinja, the Typst template as JSON. Nothing here knows about HTML or Typst.

use crate::charts;
use crate::compute::{ChartKind as TableChartKind, ComputedTable};
use crate::load::assets::{Asset, Images};
use crate::load::plan::{long_date, parse_date, PlanConfig};
use crate::model::{plain_text, Block, Inline, Node, Section};
use crate::resources::edition::Edition;
use crate::resources::theme::Theme;
use crate::util::slug;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

mod blocks;
mod cited;
mod figures;
mod meta;
mod tables;
use blocks::*;
pub use figures::chart_spec;
use tables::*;
pub use tables::{CellView, ColumnView, HeadCellView, RowView, TableView};

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
    /// For each of `blocks`, the section file and line it comes from. Not part of the templates'
    /// contract (never serialised): yjplan names this line when the PDF cannot be typeset from
    /// the block (see `render::pdf::locate`).
    #[serde(skip)]
    pub sources: Vec<crate::diag::Location>,
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
    /// The logo's alt text: plan.yaml's `logo_alt` for the plan's logo, else the theme's.
    pub logo_alt: String,
    /// The logo's width in CSS pixels when it is shown 64 px high, as the web page's masthead
    /// shows it: a wide logo stays wide (at most 256 px). 64 when there is no logo.
    pub logo_width: u32,
    /// The cover's logos in a row: the service's (`logo`, first) then the partners', each with
    /// its alt text and shape.
    pub logos: Vec<ImageView>,
    /// A picture for the cover, when plan.yaml gives one.
    pub cover_image: Option<ImageView>,
    /// The theme's body font family.
    pub font: String,
    /// The theme's font family for the digits 0-9 (the PDF sets figures in it), when it has one.
    pub figures_font: Option<String>,
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

/// An image named in plan.yaml or the theme (a logo, the cover picture).
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// The path in the outputs, with a leading '/' (as `logo`).
    pub src: String,
    /// What the image shows.
    pub alt: String,
    /// Its width in its own units (pixels, or an SVG's user units): with `height`, its shape, so
    /// that a wide logo is shown wide. 1 when the size cannot be read.
    pub width: f64,
    /// Its height in the same units.
    pub height: f64,
}

impl ImageView {
    fn new(path: &str, alt: &str, size: Option<(f64, f64)>) -> Self {
        let (width, height) = size.unwrap_or((1.0, 1.0));
        ImageView {
            src: format!("/{path}"),
            alt: alt.to_string(),
            width,
            height,
        }
    }
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

/// A chart or an image.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// "chart" or "image".
    pub kind: &'static str,
    /// The figure's id (`figure-…`), the link target.
    pub id: String,
    /// The figure's number in document order ("Figure 2"); None for an image without a title,
    /// which is shown without a number or caption.
    pub number: Option<usize>,
    /// The caption: a chart's table caption, or an image's markdown title (`"…"` after the
    /// path); empty for an image without one. Never the alt text, which screen readers already
    /// read.
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
    /// Whether the plan's text (not only another footnote) refers to it: a renderer makes the
    /// others a list at the section's end, so that none is lost.
    pub cited: bool,
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
    let mut sources = Vec::new();
    let mut heading_index = 0;
    for (index, section) in inputs.sections.iter().enumerate() {
        builder.notes.section = index;
        let footnotes = footnote_defs(&section.nodes);
        let from = |line: usize| source_line(&section.file, line);
        // The sign-off statement closes the sign-off section: it follows the author's text there
        // ("the board's approval is recorded below"), before the next heading of the same or a
        // higher level. The level and line of the open sign-off heading, while there is one.
        let mut signoff_open: Option<(u8, usize)> = None;
        for node in &section.nodes {
            if let Block::Heading { level, .. } = node.block {
                if let Some((_, line)) = signoff_open.filter(|(open, _)| level <= *open) {
                    blocks.push(ViewBlock::Signoff(builder.signoff()));
                    sources.push(from(line));
                    signoff_open = None;
                }
                let template = inputs.matched.get(heading_index).copied().flatten();
                heading_index += 1;
                if template.is_some_and(|t| inputs.edition.headings[t].id == "sign-off") {
                    signoff_open = Some((level, node.line));
                }
            }
            let block = builder.block(node);
            sources.extend(block.as_ref().map(|_| from(node.line)));
            blocks.extend(block);
        }
        if let Some((_, line)) = signoff_open {
            blocks.push(ViewBlock::Signoff(builder.signoff()));
            sources.push(from(line));
        }
        let notes = builder.footnotes(&footnotes);
        if !notes.is_empty() {
            blocks.push(ViewBlock::Footnotes { items: notes });
            sources.push(from(footnotes.first().map_or(1, |n| n.line)));
        }
    }
    cited::mark(&mut blocks);
    let meta = builder.meta();
    let theme = inputs.theme.colour_map();
    (
        View {
            meta,
            theme,
            toc: builder.toc,
            blocks,
            sources,
        },
        builder.assets,
    )
}

struct Builder<'a> {
    inputs: &'a Inputs<'a>,
    tables: HashMap<&'a str, &'a ComputedTable>,
    ids: crate::model::HeadingIds,
    toc: Vec<TocEntry>,
    assets: Vec<Asset>,
    table_number: usize,
    figure_number: usize,
    /// Images without a title (not numbered), for their ids.
    image_number: usize,
    notes: blocks::Footnotes,
    glossary_seen: BTreeSet<String>,
    /// The number each placed table will get, known before any chart refers to it.
    table_numbers: HashMap<String, usize>,
    /// Heading numbers, when the plan asks for them.
    numbers: Option<crate::load::numbering::Counter>,
    /// The placed charts, drawn beforehand ([`figures::draw_charts`]), until the view takes them.
    charts: HashMap<String, charts::Chart>,
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
            ids: crate::model::HeadingIds::new(
                inputs.sections,
                inputs.tables.iter().map(|t| t.id.as_str()),
            ),
            toc: Vec::new(),
            assets: Vec::new(),
            table_number: 0,
            figure_number: 0,
            image_number: 0,
            notes: blocks::Footnotes::default(),
            glossary_seen: BTreeSet::new(),
            table_numbers: number_tables(inputs.sections),
            numbers: crate::load::numbering::Counter::new(inputs.plan.numbering.as_ref()),
            charts: figures::draw_charts(inputs),
        }
    }

    fn string(&self, key: &str) -> String {
        let found = self.inputs.strings.get(key).cloned();
        found.unwrap_or_else(|| key.to_string())
    }

    fn blocks(&mut self, nodes: &[Node]) -> Vec<ViewBlock> {
        nodes.iter().flat_map(|n| self.block(n)).collect()
    }
}

#[cfg(test)]
mod tests;
