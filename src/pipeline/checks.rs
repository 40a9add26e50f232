//! Checks that keep `check` and `build` in step: takes what compile has read and gives the errors
//! that would otherwise surface only while rendering (characters no font has, texts too long
//! for a PDF, footnote cycles, template overrides that break the rules or cannot be read), and
//! turns a render failure the plan caused into a diagnostic at its line. Also the web page's
//! rendering as one call, for the thread it runs on beside the PDF.

use crate::compute::ComputedTable;
use crate::diag::{Diagnostic, SourceFile};
use crate::load::plan::PlanConfig;
use crate::model::Section;
use crate::render::{self, pdf, RenderContext};
use crate::resources::theme::Theme;
use crate::resources::Resources;
use crate::validate::{glyphs, pdf_safety};
use std::path::Path;
use std::sync::Arc;

/// What compile has read, for the checks before rendering.
pub struct Read<'a> {
    pub dir: &'a Path,
    pub resources: &'a Resources,
    pub theme: Option<&'a Theme>,
    pub plan: Option<&'a PlanConfig>,
    pub plan_file: &'a SourceFile,
    pub sections: &'a [Section],
    pub tables: &'a [Arc<ComputedTable>],
}

/// The errors rendering would otherwise meet, at their lines. Call it after everything that
/// reads resources, so that every refused override is reported.
pub fn before_rendering(r: &Read) -> Vec<Diagnostic> {
    let mut out = pdf_safety::check(r.sections);
    if let Some(theme) = r.theme {
        let found = glyphs::Glyphs::for_theme(r.resources, theme);
        out.extend(glyphs::check(
            &found,
            r.sections,
            r.tables,
            r.plan_file,
            r.plan,
        ));
    }
    out.extend(render::templates::check_overrides(r.resources, r.dir));
    out.extend(r.resources.refusals());
    out
}

/// A render failure the plan caused (its own HTML or Typst template failed) as a diagnostic at
/// the template's line; `None` for a failure of the built-in templates (an internal error).
pub fn plan_failure(
    e: &super::BuildError,
    rendered: &RenderContext,
    dir: &Path,
) -> Option<Diagnostic> {
    match e {
        super::BuildError::Template(t) => Some(t.diagnostic(&rendered.resources)),
        super::BuildError::Pdf(p) if dir.join(pdf::TEMPLATE).exists() => {
            let resources = &rendered.resources;
            let file = SourceFile::new(
                resources.shown_path(pdf::TEMPLATE),
                resources.text(pdf::TEMPLATE).unwrap_or_default(),
            );
            let d = Diagnostic::error("pdf-failed", p.to_string()).hint(
                "fix the plan's templates/typst/plan.typ, or delete it to use the built-in one",
            );
            Some(match p.line().filter(|&l| l <= file.line_count()) {
                Some(line) => d.at_line(&file, line),
                None => d.in_file(file.path.clone()),
            })
        }
        _ => None,
    }
}
