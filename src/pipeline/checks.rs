//! A render failure the plan caused: takes a build error and gives a diagnostic at the line of
//! the plan's own template, so that a broken override is the author's error, not ours. (The
//! checks that keep `check` and `build` in step run earlier, in `stages::validate`.)

use crate::diag::{Diagnostic, SourceFile};
use crate::render::{pdf, RenderContext};
use std::path::Path;

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
