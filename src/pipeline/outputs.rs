//! The render and output stages, shared by `build` and `watch`: takes a compiled plan without
//! errors and the chosen outputs, renders them in memory (PDF first, so the page can give its
//! size; then the web page, the site, the open data, the statement and the release manifest) and
//! writes them: the whole set at once for `build`, file by file for `watch`.

use super::{BuildError, BuildOptions};
use crate::diag::Diagnostic;
use crate::output::{self, OutputFile};
use crate::render::manifest::OutputEntry;
use crate::render::{self, pdf, RenderContext};
use std::path::{Path, PathBuf};

/// Where a build reads its plan from (for the release manifest's git state) and writes to.
pub struct Target<'a> {
    /// The plan folder.
    pub plan_dir: &'a Path,
    /// The output folder.
    pub out_dir: &'a Path,
    /// Replace the output folder's contents as a whole (`build`), rather than file by file
    /// (`watch`, which writes the web page and the PDF in two steps).
    pub whole_set: bool,
}

/// What [`build_outputs`] wrote.
pub struct Outputs {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// Pages in the PDF, when one was made.
    pub pages: Option<usize>,
    /// Each written file's path, size, digest and pages.
    pub entries: Vec<OutputEntry>,
}

/// Renders the outputs `options` asks for (web page and statement, Typst sources, PDF, release
/// manifest) from a plan without errors, and writes them: all of them or, on failure, none.
/// `build` runs it once; `watch` runs it for the web page, then again for the PDF with a warm
/// `renderer`.
pub fn build_outputs(
    rendered: &RenderContext,
    diagnostics: &[Diagnostic],
    options: &BuildOptions,
    target: &Target,
    renderer: &mut pdf::Renderer,
) -> Result<Outputs, BuildError> {
    let mut files: Vec<OutputFile> = Vec::new();
    let mut pages = None;
    let mut pdf_link = None;
    if let Some(dir) = &options.emit_typst {
        output::write_all(dir, &pdf::typst_sources(rendered)?)?;
    }
    // The PDF first, so the page can say its size and pages.
    if options.pdf {
        let doc = renderer.render(rendered)?;
        let name = pdf::file_name(&rendered.plan);
        pdf_link = Some(render::html::PdfLink::new(
            &name,
            doc.bytes.len(),
            doc.pages,
        ));
        pages = Some(doc.pages);
        if options.html {
            // A copy in the web folder, so everything the web team publishes is in one place.
            files.push(OutputFile::new(format!("html/{name}"), doc.bytes.clone()));
        }
        files.push(OutputFile::new(name, doc.bytes));
    }
    if options.html {
        files.extend(web_files(rendered, diagnostics, pdf_link)?);
    }
    if options.release {
        let manifest = render::manifest::manifest(
            &rendered.plan,
            target.plan_dir,
            &files,
            options.allow_dirty,
        );
        files.push(render::manifest::manifest_file(&manifest));
    }
    let written = if target.whole_set {
        output::publish::publish(target.out_dir, &files)?
    } else {
        output::write_all(target.out_dir, &files)?
    };
    let entries = render::manifest::entries(&files, pages);
    Ok(Outputs {
        written,
        pages,
        entries,
    })
}

/// The web page, the site, the open data and the accessibility statement, in memory.
pub(super) fn web_files(
    rendered: &RenderContext,
    diagnostics: &[Diagnostic],
    pdf_link: Option<render::html::PdfLink>,
) -> Result<Vec<OutputFile>, BuildError> {
    let publication = render::html::Publication::new(rendered, pdf_link);
    let mut files = render::html::render(rendered, &publication)?;
    if rendered.plan.publish.site {
        files.extend(render::site::render(rendered, &publication)?);
    }
    files.extend(render::data::files(&rendered.plan, &rendered.tables));
    files.push(render::statement::render(rendered, diagnostics)?);
    Ok(files)
}
