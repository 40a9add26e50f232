//! PDF renderer: takes the view model and gives a tagged PDF/UA-1 (and PDF/A-2a) document,
//! laid out in-process by the Typst library from templates/typst/plan.typ. The template reads the
//! view model as JSON from the virtual file `/data.json`, so author text is data, never Typst
//! code. The world serves only that template, the JSON, charts, plan images and embedded fonts:
//! no packages, no network, no system fonts, and a fixed date, so the bytes are reproducible
//! ([`world`]). A one-shot build keeps its peak memory low as the PDF is written ([`cache`]).
//! A plan's own template is a program, typeset in a child with time and memory bounds
//! ([`sandbox`]); a failure of the built-in one is placed at the block causing it ([`locate`]).

use crate::load::plan::PlanConfig;
use crate::output::OutputFile;
use crate::render::manifest::sha256;
use crate::render::RenderContext;
use std::sync::Arc;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::World;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

mod cache;
pub mod child;
pub mod locate;
pub mod sandbox;
mod wire;
mod world;

use cache::After;
pub use world::{document_date, warm_up, FontSet, PlanWorld};

/// The template's path among the resources.
pub const TEMPLATE: &str = "templates/typst/plan.typ";

/// A finished PDF.
pub struct PdfDocument {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// The number of pages.
    pub pages: usize,
}

/// Why the PDF could not be made. Problems in the plan (images included) are found before
/// typesetting, so a failure here is in the Typst template: a bug in yjplan, or in a plan's own
/// template override.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A Typst error in the template (yjplan's own, or a plan's override), with its line.
    #[error("internal error in the PDF template: {0}")]
    Template(String),
    /// The built-in template was still typesetting after the time limit (the one a plan's own
    /// template has: `YJPLAN_PDF_SECONDS`, 120 by default), a net under the checks of what can
    /// make typesetting slow.
    #[error("typesetting the PDF took more than {0} seconds")]
    TooSlow(u64),
}

impl PdfError {
    /// The line of the Typst template the failure is at, when Typst gave one.
    pub fn line(&self) -> Option<usize> {
        let PdfError::Template(message) = self else {
            return None;
        };
        let rest = message.strip_prefix(TEMPLATE)?.strip_prefix(':')?;
        rest.split(':').next()?.parse().ok()
    }
}

/// Typesets the plan and exports the PDF (a one-off: see [`Renderer`] to keep Typst warm).
pub fn render(r: &RenderContext) -> Result<PdfDocument, PdfError> {
    Renderer::one_shot().render(r)
}

/// Typesets plans: either one build at a time, keeping the peak memory low (`build`), or
/// keeping one Typst world and its caches between builds (`watch` and `serve`), so a
/// one-paragraph edit is laid out again in milliseconds.
pub struct Renderer {
    /// The world and the theme folder its fonts came from (a warm renderer's).
    world: Option<(String, PlanWorld)>,
    /// Keep Typst's caches after a build (a warm renderer).
    warm: bool,
    /// A one-shot typesetting begun by [`Renderer::start`], for the next [`Renderer::render`].
    started: Option<Typesetting<Result<PdfDocument, PdfError>>>,
    /// How many seconds a typesetting may take (`YJPLAN_PDF_SECONDS`).
    seconds: u64,
}

/// A typesetting on a thread of its own, collected within the time limit; `T` is what the
/// thread gives back (the PDF, and for a warm renderer its world too).
struct Typesetting<T> {
    thread: std::thread::JoinHandle<()>,
    result: std::sync::mpsc::Receiver<T>,
}

impl<T: Send + 'static> Typesetting<T> {
    /// Runs `job`, a typesetting, on a new thread.
    fn begin(job: impl FnOnce() -> T + Send + 'static) -> Option<Self> {
        let (send, result) = std::sync::mpsc::sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("typeset".into())
            .stack_size(8 << 20) // as the main thread has
            .spawn(move || {
                let _ = send.send(job());
            })
            .ok()?;
        Some(Typesetting { thread, result })
    }

    /// What the job gave, or [`PdfError::TooSlow`] when `seconds` pass first: the thread is then
    /// left to run out unread (Typst cannot be stopped midway; a one-shot build exits over it).
    fn collect(self, seconds: u64) -> Result<T, PdfError> {
        match self
            .result
            .recv_timeout(std::time::Duration::from_secs(seconds))
        {
            Ok(done) => Ok(done),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(PdfError::TooSlow(seconds)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                let panic = self.thread.join().err();
                std::panic::resume_unwind(panic.unwrap_or_else(|| Box::new("typesetting ended")))
            }
        }
    }
}

impl Renderer {
    /// A renderer for one build: after the layout it drops the view model's JSON and writes
    /// the PDF keeping the peak memory low (see [`cache`]).
    pub fn one_shot() -> Self {
        Renderer {
            world: None,
            warm: false,
            started: None,
            seconds: sandbox::Limits::from_env().seconds,
        }
    }

    /// A renderer that keeps its world and Typst's caches between builds (watch and serve).
    pub fn warm() -> Self {
        Renderer {
            world: None,
            warm: true,
            ..Renderer::one_shot()
        }
    }

    /// Begins typesetting `r` on a thread of its own, for the next [`Renderer::render`] of the
    /// same plan to collect (a build that starts while the plan's other checks run). Dropping
    /// the renderer instead leaves the thread to run out unread. Does nothing for a warm
    /// renderer or a plan with its own template.
    pub fn start(&mut self, r: &RenderContext) {
        if self.warm || r.resources.overrides(TEMPLATE) {
            return;
        }
        let Ok(world) = new_world(r) else {
            return; // render reports the failure
        };
        self.started = Typesetting::begin(move || one_shot(world, After::Exit));
    }

    /// Typesets the plan, or collects the typesetting [`Renderer::start`] began; a warm renderer
    /// reuses its world when the theme is the same.
    pub fn render(&mut self, r: &RenderContext) -> Result<PdfDocument, PdfError> {
        if let Some(started) = self.started.take() {
            return started.collect(self.seconds)?;
        }
        // A plan's own template is a program: typeset it in a child with time and memory bounds.
        if let Some(done) = sandbox::render_override(r) {
            return done;
        }
        if !self.warm {
            let world = new_world(r)?;
            return bounded(self.seconds, move || one_shot(world, After::MoreBuilds))?;
        }
        let template = template(r)?;
        let date = document_date(&r.plan);
        let (theme, mut world) = match self.world.take() {
            Some((theme, mut world)) if theme == r.theme.dir => {
                if world.main.text() != template {
                    world.set_template(&template);
                }
                world.today = date;
                (theme, world)
            }
            _ => {
                let fonts = Arc::new(FontSet::new(&r.resources, &r.theme));
                let world = PlanWorld::new(&template, fonts, date)
                    .ok_or_else(|| PdfError::Template("bad virtual path".into()))?;
                (r.theme.dir.clone(), world)
            }
        };
        world_data(&mut world, r)?;
        let ident = sha256(world.data().as_slice());
        // Bounded as a build is: past the limit the world stays with the runaway thread, and the
        // next edit starts a new one (Typst's cache is shared, so it is still warm).
        let (world, pdf) = bounded(self.seconds, move || {
            let pdf = typeset(&world).and_then(|doc| write_pdf(&world, &doc, date, ident));
            (world, pdf)
        })?;
        self.world = Some((theme, world));
        pdf
    }
}

/// Runs `job`, a typesetting, on a thread of its own for at most `seconds` (the built-in
/// template has as long as a plan's own).
fn bounded<T: Send + 'static>(
    seconds: u64,
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PdfError> {
    Typesetting::begin(job)
        .ok_or_else(|| PdfError::Template("no thread to typeset on".into()))?
        .collect(seconds)
}

fn template(r: &RenderContext) -> Result<String, PdfError> {
    r.resources
        .text(TEMPLATE)
        .ok_or_else(|| PdfError::Template(format!("{TEMPLATE} is missing")))
}

/// A world of its own for one build, with the plan's data.
fn new_world(r: &RenderContext) -> Result<PlanWorld, PdfError> {
    let fonts = Arc::new(FontSet::new(&r.resources, &r.theme));
    let mut world = PlanWorld::new(&template(r)?, fonts, document_date(&r.plan))
        .ok_or_else(|| PdfError::Template("bad virtual path".into()))?;
    world_data(&mut world, r)?;
    Ok(world)
}

/// Gives `world` the view model as JSON and the assets.
fn world_data(world: &mut PlanWorld, r: &RenderContext) -> Result<(), PdfError> {
    let json = serde_json::to_string(&r.view).map_err(|e| PdfError::Template(e.to_string()))?;
    world.set_data(json, &r.assets);
    Ok(())
}

/// Typesets and writes the PDF of one build, dropping the JSON and the assets once the
/// document is laid out. The PDF's identifier, the SHA-256 of the JSON, is worked out on a
/// thread beside the layout (1 ms at 8x that would hold the typesetting back).
fn one_shot(mut world: PlanWorld, after: After) -> Result<PdfDocument, PdfError> {
    let date = world.today;
    let json = world.data();
    let digest = std::thread::Builder::new().spawn({
        let json = json.clone();
        move || sha256(json.as_slice())
    });
    cache::layout_begins();
    let document = typeset(&world);
    // The layout is done: the document holds what the PDF needs, not the JSON and the assets.
    world.files.clear();
    let last = cache::layout_ends();
    let document = document?;
    // A system out of threads gets the digest here instead.
    let ident = match digest {
        Ok(thread) => thread
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        Err(_) => sha256(json.as_slice()),
    };
    drop(json);
    let pdf = cache::write_lean(&document, last, after, || {
        write_pdf(&world, &document, date, ident)
    });
    crate::util::let_go(document, after == After::Exit);
    pdf
}

/// The PDF's file name in the output folder, from the plan's service and period.
pub fn file_name(plan: &PlanConfig) -> String {
    format!("{}.pdf", plan.slug())
}

/// The exact Typst document the PDF is made from (main.typ, data.json, charts, images and the
/// theme's fonts), for `--emit-typst`, so another Typst can compile the same document.
pub fn typst_sources(r: &RenderContext) -> std::io::Result<Vec<OutputFile>> {
    let template = r.resources.text(TEMPLATE).unwrap_or_default();
    let json = serde_json::to_string(&r.view).map_err(std::io::Error::other)?;
    let mut files = vec![
        OutputFile::new("main.typ", template.into_bytes()),
        OutputFile::new("data.json", json.into_bytes()),
    ];
    for asset in &r.assets {
        files.push(OutputFile::new(asset.path.clone(), asset.bytes.clone()));
    }
    for (name, bytes) in r.theme.font_files(&r.resources) {
        files.push(OutputFile::new(format!("fonts/{name}"), bytes.into_owned()));
    }
    Ok(files)
}

/// Typesets `world` and writes its PDF (the child typesetter and the failure locator, which
/// keep no caches of their own between runs).
pub fn export(world: &PlanWorld, date: Datetime, ident: String) -> Result<PdfDocument, PdfError> {
    let document = typeset(world)?;
    write_pdf(world, &document, date, ident)
}

fn typeset(world: &PlanWorld) -> Result<PagedDocument, PdfError> {
    let warned = typst::compile::<PagedDocument>(world);
    warned
        .output
        .map_err(|errors| template_error(world, &errors))
}

/// Writes a laid-out document as a tagged PDF/UA-1 and PDF/A-2a file.
fn write_pdf(
    world: &PlanWorld,
    document: &PagedDocument,
    date: Datetime,
    ident: String,
) -> Result<PdfDocument, PdfError> {
    let standards = PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2a])
        .map_err(|e| PdfError::Template(format!("{e:?}")))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some(format!("yjplan {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(date)),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let bytes =
        typst_pdf::pdf(document, &options).map_err(|errors| template_error(world, &errors))?;
    Ok(PdfDocument {
        bytes,
        pages: document.pages().len(),
    })
}

fn template_error(world: &PlanWorld, errors: &[SourceDiagnostic]) -> PdfError {
    let lines: Vec<String> = errors
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let at = world_position(world, d)
                .map(|l| format!("{TEMPLATE}:{l}: "))
                .unwrap_or_default();
            let hints: String = d
                .hints
                .iter()
                .map(|h| format!(" (hint: {})", h.v))
                .collect();
            format!("{at}{}{hints}", d.message)
        })
        .collect();
    PdfError::Template(lines.join("; "))
}

fn world_position(world: &PlanWorld, d: &SourceDiagnostic) -> Option<usize> {
    use typst::WorldExt;
    let range = world.range(d.span)?;
    let source = world.source(world.main()).ok()?;
    source.lines().byte_to_line(range.start).map(|l| l + 1)
}

#[cfg(test)]
mod tests;
