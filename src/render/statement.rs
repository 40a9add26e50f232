//! Accessibility statement: takes the rendered plan and the build's diagnostics and gives an HTML
//! fragment (out/html/accessibility-statement.html) in the structure of the GOV.UK model
//! accessibility statement (compliance status from the build's warnings, non-accessible content,
//! feedback and enforcement, how it was tested, preparation date), filled with what yjplan
//! checked in this plan, with counts, and how yjplan itself is tested (tools and versions),
//! rendered by templates/html/accessibility-statement.html.

use crate::output::OutputFile;
use crate::render::html::TemplateError;
use crate::render::RenderContext;
use crate::view::ViewBlock;
use minijinja::context;
use serde::Serialize;

/// What the statement reports.
#[derive(Debug, Default, Serialize)]
struct Facts {
    headings: usize,
    tables: usize,
    header_cells: usize,
    charts: usize,
    images: usize,
    links: usize,
    warnings: usize,
    /// Headings whose wording, order, level or numbering differ from the edition's (warnings).
    template_departures: usize,
    min_text_contrast: String,
    min_graphic_contrast: String,
}

fn count(blocks: &[ViewBlock], facts: &mut Facts) {
    for block in blocks {
        match block {
            ViewBlock::Heading { .. } => facts.headings += 1,
            ViewBlock::Table(t) => {
                facts.tables += 1;
                facts.header_cells += t.head.iter().map(Vec::len).sum::<usize>() + t.rows.len();
            }
            ViewBlock::Figure(f) if f.kind == "chart" => facts.charts += 1,
            ViewBlock::Figure(_) => facts.images += 1,
            ViewBlock::Paragraph { inlines } => facts.links += links(inlines),
            ViewBlock::List { items, .. } => items.iter().for_each(|item| count(item, facts)),
            ViewBlock::Quote { blocks } => count(blocks, facts),
            _ => {}
        }
    }
}

fn links(inlines: &[crate::model::Inline]) -> usize {
    use crate::model::Inline;
    inlines
        .iter()
        .map(|i| match i {
            Inline::Link { .. } => 1,
            Inline::Strong { c } | Inline::Emph { c } | Inline::Strike { c } => links(c),
            _ => 0,
        })
        .sum()
}

/// The codes of headings that differ from the edition without being errors.
const DEPARTURES: &[&str] = &[
    "heading-wording",
    "misspelt-heading",
    "heading-order",
    "heading-level",
];

/// Renders the statement fragment.
pub fn render(
    r: &RenderContext,
    diagnostics: &[crate::diag::Diagnostic],
) -> Result<OutputFile, TemplateError> {
    let mut facts = Facts::default();
    count(&r.view.blocks, &mut facts);
    facts.warnings = diagnostics.len();
    facts.template_departures = diagnostics
        .iter()
        .filter(|d| DEPARTURES.contains(&d.code))
        .count();
    let (text, graphic) = r.theme.minimum_contrast();
    facts.min_text_contrast = format!("{text:.1}");
    facts.min_graphic_contrast = format!("{graphic:.1}");
    let name = "accessibility-statement.html";
    let env = super::templates::environment(&r.resources);
    let prepared = r
        .plan
        .publish
        .updated
        .as_deref()
        .or(r.view.meta.date.as_deref());
    let html = super::templates::render_template(
        &env,
        name,
        context! {
            meta => r.view.meta,
            facts => facts,
            version => env!("CARGO_PKG_VERSION"),
            axe => env!("YJPLAN_AXE_VERSION"),
            vnu => env!("YJPLAN_VNU_VERSION"),
            edition => r.plan.edition,
            problems => diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>(),
            contact => r.plan.publish.contact,
            prepared => prepared.and_then(crate::load::plan::parse_date).map(crate::load::plan::long_date),
        },
    )?;
    Ok(OutputFile::new(format!("html/{name}"), html.into_bytes()))
}
