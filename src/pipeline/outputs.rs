//! The render and output stages, shared by `build` and `watch`: takes a compiled plan without
//! errors and the chosen outputs, renders them in memory (the PDF, and meanwhile on a second
//! thread the web page, the site, the open data and the statement, whose link to the PDF gets
//! the PDF's size once it is made; then the release manifest) and writes them: the whole set at
//! once for `build`, file by file for `watch`.

use super::{BuildError, BuildOptions};
use crate::diag::Diagnostic;
use crate::output::publish::Staging;
use crate::output::{self, OutputFile};
use crate::render::html::{Blanks, PdfLink, PendingPdfLink};
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
    let pending = options.pdf.then(|| PendingPdfLink::new(&name));
    let (pdf, web) = std::thread::scope(|scope| {
        let web = options.html.then(|| {
            let pending = pending.as_ref();
            scope.spawn(move || {
                let files = web_files(rendered, diagnostics, pending.map(PendingPdfLink::link))?;
                // Its garbage would otherwise sit beside the PDF's layout at the build's peak.
                crate::util::release_free_memory();
                WebSet::ready(files, pending, target, digests(options))
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
    let (pdf, web) = (pdf?, web?.unwrap_or_default());
    let pages = pdf.as_ref().map(|doc| doc.pages);
    let mut files = Vec::new();
    let mut web_out = web.files;
    if let (Some(doc), Some(pending)) = (pdf, &pending) {
        match web.blanks {
            Some(blanks) => {
                for b in &blanks {
                    pending.fill(&mut web_out[b.file].file, b, doc.bytes.len(), doc.pages);
                }
            }
            None if options.html => {
                let link = PdfLink::new(&name, doc.bytes.len(), doc.pages);
                let again = web_files(rendered, diagnostics, Some(link))?;
                web_out = again.into_iter().map(Outgoing::new).collect();
            }
            None => {}
        }
        let copy = format!("html/{name}");
        files.push(Outgoing::new(OutputFile::new(name, doc.bytes)));
        if options.html {
            // A copy in the web folder, so everything the web team publishes is in one place.
            files.push(Outgoing::copy(copy, 0));
        }
    }
    files.append(&mut web_out);
    let sent = send(files, web.staging, rendered, options, target, pages)?;
    let (written, entries) = sent.into_iter().unzip();
    Ok(Outputs {
        written,
        pages,
        entries,
    })
}

/// One output on its way out: its bytes, its path in the output folder once written, and its
/// entry (size and digest) once digested.
struct Outgoing {
    file: OutputFile,
    /// The index of the output this one is a copy of (the web folder's PDF), which comes
    /// before it; `file` then has no bytes of its own.
    copy_of: Option<usize>,
    written: Option<PathBuf>,
    entry: Option<OutputEntry>,
}

impl Outgoing {
    fn new(file: OutputFile) -> Self {
        Outgoing {
            file,
            copy_of: None,
            written: None,
            entry: None,
        }
    }

    /// A copy at `path` of the output at index `of`.
    fn copy(path: String, of: usize) -> Self {
        Outgoing {
            copy_of: Some(of),
            ..Outgoing::new(OutputFile::new(path, Vec::new()))
        }
    }
}

/// The web files, as the web thread hands them over: where the pages await the PDF's link, and
/// for a whole-set build the staging folder, into which the files that are final already went.
#[derive(Default)]
struct WebSet {
    files: Vec<Outgoing>,
    /// The pages' blanks for the PDF's link; `None` when the pages must be rendered again.
    blanks: Option<Vec<Blanks>>,
    staging: Option<Staging>,
}

impl WebSet {
    /// Runs while the PDF is typeset (one core is idle for most of it): finds the pages' blanks,
    /// then writes and digests every file that is final, so that little is left to do once
    /// the PDF is made.
    fn ready(
        files: Vec<OutputFile>,
        pending: Option<&PendingPdfLink>,
        target: &Target,
        digest: bool,
    ) -> Result<WebSet, BuildError> {
        let blanks = match pending {
            Some(p) => p.find(&files),
            None => Some(Vec::new()),
        };
        let is_final = |i: usize| {
            blanks
                .as_ref()
                .is_some_and(|b| b.iter().all(|b| b.file != i))
        };
        let mut staging = match target.whole_set {
            true => Some(Staging::begin(target.out_dir)?),
            false => None,
        };
        let mut out: Vec<Outgoing> = files.into_iter().map(Outgoing::new).collect();
        for (i, o) in out.iter_mut().enumerate() {
            if !is_final(i) {
                continue;
            }
            o.entry = Some(render::manifest::entry(&o.file, None, digest));
            if let Some(staging) = &mut staging {
                o.written = Some(staging.add(&o.file)?);
            }
        }
        Ok(WebSet {
            files: out,
            blanks,
            staging,
        })
    }
}

/// Writes and digests the files not yet written and digested (the digests on a second thread),
/// adds the release manifest, and puts the set in place: the staging folder swapped in for a
/// whole-set build, file by file otherwise. Gives each output's path and entry, in order.
fn send(
    files: Vec<Outgoing>,
    staging: Option<Staging>,
    rendered: &RenderContext,
    options: &BuildOptions,
    target: &Target,
    pages: Option<usize>,
) -> Result<Vec<(PathBuf, OutputEntry)>, BuildError> {
    let mut staging = match (target.whole_set, staging) {
        (true, None) => Some(Staging::begin(target.out_dir)?),
        (_, staging) => staging,
    };
    let (entries, written) = std::thread::scope(|scope| {
        let entries = scope.spawn(|| entries(&files, pages, digests(options)));
        let written: std::io::Result<Vec<PathBuf>> = files
            .iter()
            .map(|o| match (&o.written, &mut staging, o.copy_of) {
                (Some(path), _, _) => Ok(path.clone()),
                (None, Some(staging), Some(of)) => staging.add_copy(&o.file.path, &files[of].file),
                (None, Some(staging), None) => staging.add(&o.file),
                (None, None, of) => {
                    let bytes = &of.map_or(o, |i| &files[i]).file.bytes;
                    write_one(target.out_dir, &o.file.path, bytes)
                }
            })
            .collect();
        let entries = entries
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (entries, written)
    });
    let mut sent: Vec<(PathBuf, OutputEntry)> = written?.into_iter().zip(entries).collect();
    if options.release {
        let entries: Vec<OutputEntry> = sent.iter().map(|s| s.1.clone()).collect();
        let manifest = render::manifest::manifest(
            &rendered.plan,
            target.plan_dir,
            &entries,
            options.allow_dirty,
        );
        let file = render::manifest::manifest_file(&manifest);
        let path = match &mut staging {
            Some(staging) => staging.add(&file)?,
            None => write_one(target.out_dir, &file.path, &file.bytes)?,
        };
        sent.push((path, render::manifest::entry(&file, pages, true)));
    }
    if let Some(staging) = staging {
        staging.finish()?;
    }
    Ok(sent)
}

/// Whether the outputs' digests are wanted: when asked, and always for a release's manifest.
fn digests(options: &BuildOptions) -> bool {
    options.digests || options.release
}

/// Each output's entry, in order: the one it has, or its size and digest (a copy's are those of
/// the output it copies).
fn entries(files: &[Outgoing], pages: Option<usize>, digest: bool) -> Vec<OutputEntry> {
    let mut entries: Vec<OutputEntry> = Vec::with_capacity(files.len());
    for o in files {
        let entry = match (&o.entry, o.copy_of) {
            (Some(entry), _) => entry.clone(),
            (None, Some(of)) => OutputEntry {
                path: o.file.path.clone(),
                ..entries[of].clone()
            },
            (None, None) => render::manifest::entry(&o.file, pages, digest),
        };
        entries.push(entry);
    }
    entries
}

/// Writes one file under `out_dir` on its own (see [`output::write_atomic`]).
fn write_one(out_dir: &Path, path: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let path = out_dir.join(path);
    output::write_atomic(&path, bytes)?;
    Ok(path)
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
