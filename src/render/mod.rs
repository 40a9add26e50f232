//! Renderers: take a [`RenderContext`] (the view model plus what the templates need) and give
//! output files in memory, never writing them: `html` (the web page), `statement` (the
//! accessibility statement fragment), `pdf` (the tagged PDF, by Typst in-process) and `manifest`
//! (the release manifest), `data` (each table as CSV and JSON). [`crate::pipeline::build_outputs`] runs them and hands the files to
//! [`crate::output`].

pub mod data;
pub mod html;
pub mod manifest;
pub mod pdf;
pub mod site;
pub mod statement;
pub mod templates;

use crate::load::assets::Asset;
use crate::load::plan::PlanConfig;
use crate::resources::theme::Theme;
use crate::resources::Resources;
use crate::view::View;

/// What every renderer reads: one plan, checked and turned into the view model.
pub struct RenderContext {
    /// The view model, the templates' only source of plan content.
    pub view: View,
    /// Plan images, the logo and the theme's logo, by the path the view names them with.
    pub assets: Vec<Asset>,
    /// plan.yaml's settings (file name of the PDF, document date, manifest fields).
    pub plan: PlanConfig,
    /// The theme: colours, fonts and logo.
    pub theme: Theme,
    /// Embedded templates and the plan's own overrides.
    pub resources: Resources,
    /// The computed tables, for the open-data files.
    pub tables: Vec<std::sync::Arc<crate::compute::ComputedTable>>,
}
