//! View: takes the parsed and validated plan (sections, computed tables, settings, theme) and
//! gives the one serialisable view model that both renderers read: the HTML templates through
//! minijinja, the Typst template as JSON. Nothing here knows about HTML or Typst.

use crate::charts;
use crate::compute::{ChartKind as TableChartKind, ComputedTable};
use crate::edition::Edition;
use crate::parse::{plain_text, Block, Inline, Node};
use crate::plan::{long_date, parse_date, PlanConfig};
use crate::theme::Theme;
use crate::util::slug;
use crate::validate::Section;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The whole plan, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub meta: Meta,
    pub theme: BTreeMap<String, String>,
    pub toc: Vec<TocEntry>,
    pub blocks: Vec<ViewBlock>,
}

/// Facts about the document as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub doc_title: String,
    pub service: String,
    pub partnership: Option<String>,
    pub period: String,
    pub edition: String,
    pub language: String,
    pub lang: String,
    pub region: Option<String>,
    pub lead: Option<String>,
    pub draft: bool,
    pub approval: Option<String>,
    pub logo: Option<String>,
    pub logo_alt: String,
    pub font: String,
    pub keywords: Vec<String>,
    pub description: String,
    /// The sign-off date (YYYY-MM-DD), when signed off.
    pub date: Option<String>,
    /// The sign-off date as written in the text ("21 June 2023").
    pub date_text: Option<String>,
    pub strings: BTreeMap<String, String>,
}

/// An entry of the contents list.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    /// The heading's words, after its number when the plan numbers headings.
    pub text: String,
}

/// A block of the rendered document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ViewBlock {
    Heading {
        level: u8,
        id: String,
        text: String,
        inlines: Vec<Inline>,
        /// The heading's number ("2.1") when plan.yaml asks for numbering.
        #[serde(skip_serializing_if = "Option::is_none")]
        number: Option<String>,
    },
    Paragraph {
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<ViewBlock>>,
    },
    Quote {
        blocks: Vec<ViewBlock>,
    },
    Code {
        text: String,
    },
    Rule,
    Table(TableView),
    Figure(FigureView),
    Signoff(SignoffView),
    Footnotes {
        items: Vec<FootnoteView>,
    },
}

/// A table as rendered.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub id: String,
    pub number: usize,
    pub caption: String,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub notes: Vec<String>,
    pub head: Vec<Vec<HeadCellView>>,
    pub rows: Vec<RowView>,
    pub columns: Vec<ColumnView>,
}

/// A header cell; `scope` is "col" or "colgroup".
#[derive(Debug, Clone, Serialize)]
pub struct HeadCellView {
    pub text: String,
    pub colspan: u32,
    pub rowspan: u32,
    pub scope: &'static str,
    pub numeric: bool,
}

/// A body row.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub cells: Vec<CellView>,
    pub total: bool,
}

/// A body cell; `header` marks the row header (the first cell).
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub text: String,
    pub numeric: bool,
    pub header: bool,
    pub items: Vec<String>,
}

/// A column: alignment and relative width.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub numeric: bool,
    pub weight: u32,
}

/// A chart or an image.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub kind: &'static str,
    pub id: String,
    pub number: usize,
    pub caption: String,
    pub alt: String,
    pub description: Option<String>,
    /// The path in the Typst world (and, without the leading '/', beside the HTML page).
    pub src: String,
    /// The table holding the chart's figures, for the "data table" link.
    pub table_id: Option<String>,
    /// That table's number.
    pub table_number: Option<usize>,
    /// Inline SVG for the HTML page (charts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg: Option<String>,
}

/// The sign-off statement.
#[derive(Debug, Clone, Serialize)]
pub struct SignoffView {
    pub statement: String,
    pub chair: Option<String>,
    pub role: Option<String>,
    pub date: Option<String>,
    pub draft: bool,
}

/// A footnote's number and text.
#[derive(Debug, Clone, Serialize)]
pub struct FootnoteView {
    pub id: String,
    pub number: usize,
    pub blocks: Vec<ViewBlock>,
}

/// A file the outputs need beside them: chart SVGs and plan images.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The path relative to the output (and in the Typst world after a leading '/').
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything the view needs.
pub struct Inputs<'a> {
    pub plan: &'a PlanConfig,
    pub edition: &'a Edition,
    pub theme: &'a Theme,
    pub strings: &'a BTreeMap<String, String>,
    pub sections: &'a [Section],
    /// For each heading in document order, the template heading it fills.
    pub matched: &'a [Option<usize>],
    pub tables: &'a [Arc<ComputedTable>],
    pub plan_dir: &'a std::path::Path,
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

fn footnote_defs(nodes: &[Node]) -> Vec<&Node> {
    nodes
        .iter()
        .filter(|n| matches!(n.block, Block::FootnoteDef { .. }))
        .collect()
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
    numbers: Option<crate::numbering::Counter>,
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
            numbers: crate::numbering::Counter::new(inputs.plan.numbering.as_ref()),
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

    fn block(&mut self, node: &Node) -> Option<ViewBlock> {
        Some(match &node.block {
            Block::Heading { level, inlines } => {
                let text = plain_text(inlines).trim().to_string();
                let id = crate::util::unique_id(&text, &mut self.ids);
                let number = self.numbers.as_mut().and_then(|c| c.next(*level));
                if *level <= 3 {
                    self.toc.push(TocEntry {
                        level: *level,
                        id: id.clone(),
                        text: match &number {
                            Some(n) => format!("{n} {text}"),
                            None => text.clone(),
                        },
                    });
                }
                ViewBlock::Heading {
                    level: *level,
                    id,
                    text,
                    inlines: inlines.clone(),
                    number,
                }
            }
            Block::Paragraph(inlines) => ViewBlock::Paragraph {
                inlines: self.inlines(inlines),
            },
            Block::List {
                ordered,
                start,
                items,
            } => ViewBlock::List {
                ordered: *ordered,
                start: *start,
                items: items.iter().map(|item| self.blocks(item)).collect(),
            },
            Block::Quote(children) => ViewBlock::Quote {
                blocks: self.blocks(children),
            },
            Block::Code(text) => ViewBlock::Code { text: text.clone() },
            Block::Rule => ViewBlock::Rule,
            Block::Table { head, rows, .. } => ViewBlock::Table(self.markdown_table(head, rows)),
            Block::TableRef(id) => {
                ViewBlock::Table(self.table(self.tables.get(id.as_str()).copied()?))
            }
            Block::ChartRef(id) => {
                ViewBlock::Figure(self.chart(self.tables.get(id.as_str()).copied()?)?)
            }
            Block::Image { src, alt, title } => {
                ViewBlock::Figure(self.image(src, alt, title.as_deref()))
            }
            Block::FootnoteDef { .. } => return None,
        })
    }

    /// Numbers footnote references in order and marks the first use of each acronym.
    fn inlines(&mut self, inlines: &[Inline]) -> Vec<Inline> {
        let mut out = Vec::with_capacity(inlines.len());
        for inline in inlines {
            match inline {
                Inline::Text { v } => out.extend(self.abbreviate(v)),
                Inline::Fnref { id, .. } => {
                    let next = self.footnote_numbers.len() + 1;
                    let n = *self.footnote_numbers.entry(id.clone()).or_insert(next);
                    out.push(Inline::Fnref {
                        id: format!("fn-{}", slug(id)),
                        n,
                    });
                }
                Inline::Strong { c } => out.push(Inline::Strong { c: self.inlines(c) }),
                Inline::Emph { c } => out.push(Inline::Emph { c: self.inlines(c) }),
                Inline::Strike { c } => out.push(Inline::Strike { c: self.inlines(c) }),
                Inline::Link { href, c } => out.push(Inline::Link {
                    href: href.clone(),
                    c: c.clone(),
                }),
                other => out.push(other.clone()),
            }
        }
        out
    }

    /// Splits text so the first use of each glossary acronym becomes an abbreviation.
    fn abbreviate(&mut self, text: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        let mut rest = text;
        'outer: loop {
            for (acronym, expansion) in self.inputs.plan.glossary.iter() {
                if self.glossary_seen.contains(acronym) {
                    continue;
                }
                if let Some(at) = find_word(rest, acronym) {
                    self.glossary_seen.insert(acronym.clone());
                    if at > 0 {
                        out.push(Inline::Text {
                            v: rest[..at].to_string(),
                        });
                    }
                    out.push(Inline::Abbr {
                        v: acronym.clone(),
                        title: expansion.clone(),
                    });
                    rest = &rest[at + acronym.len()..];
                    continue 'outer;
                }
            }
            break;
        }
        if !rest.is_empty() {
            out.push(Inline::Text {
                v: rest.to_string(),
            });
        }
        out
    }

    fn footnotes(&mut self, defs: &[&Node]) -> Vec<FootnoteView> {
        let mut items: Vec<FootnoteView> = defs
            .iter()
            .filter_map(|node| match &node.block {
                Block::FootnoteDef { label, blocks } => {
                    let number = *self.footnote_numbers.get(label)?;
                    Some(FootnoteView {
                        id: format!("fn-{}", slug(label)),
                        number,
                        blocks: self.blocks(blocks),
                    })
                }
                _ => None,
            })
            .collect();
        items.sort_by_key(|f| f.number);
        items
    }

    fn table(&mut self, table: &ComputedTable) -> TableView {
        self.table_number += 1;
        let head = header_rows(table);
        let rows: Vec<RowView> = table
            .rows
            .iter()
            .map(|row| RowView {
                total: row.is_total,
                cells: row
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| CellView {
                        text: cell.text.clone(),
                        // Alignment follows the column: "n/a" in a column of rates still sits right.
                        numeric: table.columns.get(i).map_or(cell.numeric, |c| c.numeric),
                        header: i == 0,
                        items: cell.items.clone(),
                    })
                    .collect(),
            })
            .collect();
        let columns = column_weights(&rows, table.columns.iter().map(|c| c.numeric).collect());
        TableView {
            id: format!("table-{}", table.id),
            number: self.table_number,
            caption: table.caption.clone(),
            unit: table.unit.clone(),
            source: table.source.clone(),
            notes: table.notes.clone(),
            head,
            rows,
            columns,
        }
    }

    fn markdown_table(&mut self, head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> TableView {
        self.table_number += 1;
        let number = self.table_number;
        let row_views: Vec<RowView> = rows
            .iter()
            .map(|row| RowView {
                total: false,
                cells: row
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| {
                        let text = plain_text(cell);
                        CellView {
                            numeric: looks_numeric(&text),
                            text,
                            header: i == 0,
                            items: Vec::new(),
                        }
                    })
                    .collect(),
            })
            .collect();
        let numeric: Vec<bool> = (0..head.len())
            .map(|c| {
                c > 0
                    && row_views
                        .iter()
                        .all(|r| r.cells.get(c).is_none_or(|cell| cell.numeric))
            })
            .collect();
        TableView {
            id: format!("table-{number}"),
            number,
            // A markdown table has no caption (the markdown-table lint says so); its column
            // headings are the best name it has.
            caption: head
                .iter()
                .map(|c| plain_text(c))
                .collect::<Vec<_>>()
                .join(", "),
            unit: None,
            source: None,
            notes: Vec::new(),
            head: vec![head
                .iter()
                .zip(&numeric)
                .map(|(cell, &numeric)| HeadCellView {
                    text: plain_text(cell),
                    colspan: 1,
                    rowspan: 1,
                    scope: "col",
                    numeric,
                })
                .collect()],
            columns: column_weights(&row_views, numeric),
            rows: row_views,
        }
    }

    fn chart(&mut self, table: &ComputedTable) -> Option<FigureView> {
        let data = table.chart.as_ref()?;
        let theme = self.inputs.theme;
        let spec = charts::ChartSpec {
            kind: match data.kind {
                TableChartKind::Line => charts::ChartKind::Line,
                TableChartKind::Bar => charts::ChartKind::Bar,
            },
            id: format!("chart-{}", table.id),
            title: data.title.clone(),
            unit: data.unit.clone(),
            x_labels: data.x_labels.clone(),
            series: data
                .series
                .iter()
                .map(|s| charts::Series {
                    name: s.name.clone(),
                    values: s.values.clone(),
                    home: s.home,
                })
                .collect(),
            palette: theme.palette(),
        };
        let chart = charts::render(&spec);
        self.figure_number += 1;
        let src = format!("/charts/{}.svg", table.id);
        self.assets.push(Asset {
            path: src[1..].to_string(),
            bytes: chart.svg.clone().into_bytes(),
        });
        Some(FigureView {
            kind: "chart",
            id: format!("figure-{}", table.id),
            number: self.figure_number,
            caption: data.title.clone(),
            alt: chart.alt,
            description: Some(chart.description),
            src,
            table_id: Some(format!("table-{}", table.id)),
            table_number: self.table_numbers.get(&table.id).copied(),
            svg: Some(chart.svg),
        })
    }

    fn image(&mut self, src: &str, alt: &str, title: Option<&str>) -> FigureView {
        self.figure_number += 1;
        if let Ok(bytes) = std::fs::read(self.inputs.plan_dir.join(src)) {
            if !self.assets.iter().any(|a| a.path == src) {
                self.assets.push(Asset {
                    path: src.to_string(),
                    bytes,
                });
            }
        }
        FigureView {
            kind: "image",
            id: format!("figure-{}", self.figure_number),
            number: self.figure_number,
            caption: title.unwrap_or(alt).to_string(),
            alt: alt.to_string(),
            description: None,
            src: format!("/{src}"),
            table_id: None,
            table_number: None,
            svg: None,
        }
    }

    fn signoff(&self) -> SignoffView {
        let plan = self.inputs.plan;
        let signed = plan.is_signed_off();
        let s = plan.sign_off.clone().unwrap_or_default();
        let date = s.date.as_deref().and_then(parse_date).map(long_date);
        let statement = if signed {
            self.string("signoff_statement")
                .replace("{board}", s.board.as_deref().unwrap_or(""))
                .replace("{date}", date.as_deref().unwrap_or(""))
        } else {
            self.string("signoff_draft")
        };
        SignoffView {
            statement,
            chair: s.chair,
            role: s.role,
            date,
            draft: !signed,
        }
    }

    fn meta(&mut self) -> Meta {
        let plan = self.inputs.plan;
        let theme = self.inputs.theme;
        let doc_title = self.string("doc_title");
        let (lang, region) = plan.lang_region();
        let signed = plan.is_signed_off();
        let approval = signed.then(|| {
            let s = plan.sign_off.clone().unwrap_or_default();
            let date = s
                .date
                .as_deref()
                .and_then(parse_date)
                .map(long_date)
                .unwrap_or_default();
            self.string("approved")
                .replace("{board}", s.board.as_deref().unwrap_or(""))
                .replace("{date}", &date)
        });
        let logo = match &plan.logo {
            Some(path) => {
                if let Ok(bytes) = std::fs::read(self.inputs.plan_dir.join(path)) {
                    self.assets.push(Asset {
                        path: path.clone(),
                        bytes,
                    });
                }
                Some(format!("/{path}"))
            }
            None => theme.logo.as_ref().map(|(name, bytes)| {
                let path = format!("theme/{name}");
                self.assets.push(Asset {
                    path: path.clone(),
                    bytes: bytes.clone(),
                });
                format!("/{path}")
            }),
        };
        Meta {
            title: format!("{}: {doc_title} {}", plan.service, plan.period),
            doc_title: doc_title.clone(),
            service: plan.service.clone(),
            partnership: plan.partnership.clone(),
            period: plan.period.clone(),
            edition: plan.edition.clone(),
            language: plan.language.clone(),
            lang,
            region,
            lead: plan.lead.clone(),
            draft: !signed,
            approval,
            logo,
            logo_alt: theme.logo_alt.clone(),
            font: theme.font.clone(),
            keywords: vec!["youth justice".into(), "youth justice plan".into(), plan.service.clone(), plan.period.clone()],
            description: format!(
                "The {} {doc_title} for {}: how youth justice services are provided, funded and governed, with performance and priorities.",
                plan.service, plan.period
            ),
            date: signed.then(|| plan.sign_off.as_ref().and_then(|s| s.date.clone())).flatten(),
            date_text: signed
                .then(|| plan.sign_off.as_ref().and_then(|s| s.date.as_deref()).and_then(parse_date).map(long_date))
                .flatten(),
            strings: self.inputs.strings.clone(),
        }
    }
}

/// The number of each table placed with `table("id")`, counting every table in document order.
fn number_tables(sections: &[Section]) -> HashMap<String, usize> {
    let mut numbers = HashMap::new();
    let mut count = 0;
    for section in sections {
        crate::validate::walk(
            &section.nodes,
            &mut |node| match &node.block {
                Block::TableRef(id) => {
                    count += 1;
                    numbers.entry(id.clone()).or_insert(count);
                }
                Block::Table { .. } => count += 1,
                _ => {}
            },
            &mut |_, _| {},
        );
    }
    numbers
}

/// The header rows, with each cell's column found past the cells spanning down from rows above.
fn header_rows(table: &ComputedTable) -> Vec<Vec<HeadCellView>> {
    let mut spanning = vec![0u32; table.columns.len()];
    let mut rows = Vec::new();
    for row in &table.head {
        let mut column = 0;
        let mut cells = Vec::new();
        for cell in row {
            while spanning.get(column).is_some_and(|&n| n > 0) {
                column += 1;
            }
            let colspan = cell.colspan.max(1) as usize;
            let rowspan = cell.rowspan.max(1);
            for slot in spanning.iter_mut().skip(column).take(colspan) {
                *slot = rowspan;
            }
            cells.push(HeadCellView {
                text: cell.text.clone(),
                colspan: colspan as u32,
                rowspan,
                scope: if colspan > 1 { "colgroup" } else { "col" },
                numeric: colspan == 1 && table.columns.get(column).is_some_and(|c| c.numeric),
            });
            column += colspan;
        }
        spanning.iter_mut().for_each(|n| *n = n.saturating_sub(1));
        rows.push(cells);
    }
    rows
}

/// The byte offset of `word` in `text` where it stands as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

fn looks_numeric(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches('£')
        .trim_end_matches('%')
        .replace(',', "");
    !t.is_empty() && t.parse::<f64>().is_ok()
}

/// Relative column widths: text columns by the length of their longest words, numbers narrow.
fn column_weights(rows: &[RowView], numeric: Vec<bool>) -> Vec<ColumnView> {
    numeric
        .iter()
        .enumerate()
        .map(|(c, &numeric)| {
            let longest = rows
                .iter()
                .filter_map(|r| r.cells.get(c))
                .map(|cell| {
                    let items: usize = cell.items.iter().map(|i| i.chars().count()).sum();
                    cell.text.chars().count().max(items / 2)
                })
                .max()
                .unwrap_or(0);
            let weight = if numeric {
                2
            } else {
                (longest / 6).clamp(3, 12) as u32
            };
            ColumnView { numeric, weight }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert_eq!(find_word("the YJS and YJSS", "YJS"), Some(4));
        assert_eq!(find_word("YJSS", "YJS"), None);
        assert_eq!(find_word("(YJB)", "YJB"), Some(1));
    }

    #[test]
    fn numeric_cells() {
        assert!(looks_numeric("1,179,999"));
        assert!(looks_numeric("85%"));
        assert!(!looks_numeric("n/a"));
    }
}
