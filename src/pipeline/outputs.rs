//! The render and output stages, shared by `build` and `watch`: takes a compiled plan without
//! errors and the chosen outputs, renders them in memory (the PDF, and meanwhile on a second
//! thread the web page, the site, the open data and the statement, whose link to the PDF gets
//! the PDF's size once it is made; then the release manifest) and writes them: the whole set at
//! once for `build`, file by file for `watch`.

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
    if let Some(dir) = &options.emit_typst {
        output::write_all(dir, &pdf::typst_sources(rendered)?)?;
    }
    let name = pdf::file_name(&rendered.plan);
    // The web page links to the PDF with its size, known only once the PDF is made: the page is
    // rendered meanwhile on another thread with a placeholder, filled in afterwards.
    let pending = options
        .pdf
        .then(|| render::html::PendingPdfLink::new(&name));
    let (pdf, web) = std::thread::scope(|scope| {
        let web = options.html.then(|| {
            let link = pending.as_ref().map(render::html::PendingPdfLink::link);
            scope.spawn(move || {
                let files = web_files(rendered, diagnostics, link);
                // Its garbage would otherwise sit beside the PDF's layout at the build's peak.
                crate::util::release_free_memory();
                files
            })
        });
        let pdf = options.pdf.then(|| renderer.render(rendered)).transpose();
        let web = web.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        });
        (pdf, web.transpose())
    });
    let (pdf, mut web) = (pdf?, web?.unwrap_or_default());
    let mut files: Vec<OutputFile> = Vec::new();
    let pages = pdf.as_ref().map(|doc| doc.pages);
    if let (Some(doc), Some(pending)) = (pdf, pending) {
        if !pending.fill_in(&mut web, doc.bytes.len(), doc.pages) {
            let link = render::html::PdfLink::new(&name, doc.bytes.len(), doc.pages);
            web = web_files(rendered, diagnostics, Some(link))?;
        }
        if options.html {
            // A copy in the web folder, so everything the web team publishes is in one place.
            files.push(OutputFile::new(format!("html/{name}"), doc.bytes.clone()));
        }
        files.push(OutputFile::new(name, doc.bytes));
    }
    files.append(&mut web);
    if options.release {
        let manifest = render::manifest::manifest(
            &rendered.plan,
            target.plan_dir,
            &files,
            options.allow_dirty,
        );
        files.push(render::manifest::manifest_file(&manifest));
    }
    // The files' digests are computed while they are written.
    let (written, entries) = std::thread::scope(|scope| {
        let entries = scope.spawn(|| render::manifest::entries(&files, pages));
        let written = if target.whole_set {
            output::publish::publish(target.out_dir, &files)
        } else {
            output::write_all(target.out_dir, &files)
        };
        let entries = entries
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (written, entries)
    });
    let written = written?;
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
