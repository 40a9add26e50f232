//! PDF renderer: takes the view model and gives a tagged PDF/UA-1 (and PDF/A-2a) document,
//! laid out in-process by the Typst library from templates/typst/plan.typ. The template reads the
//! view model as JSON from the virtual file `/data.json`, so author text is data, never Typst
//! code. The world serves only that template, the JSON, charts, plan images and embedded fonts:
//! no packages, no network, no system fonts, and a fixed date, so the bytes are reproducible.
//! A plan's own template is a program, typeset in a child with time and memory bounds
//! ([`sandbox`]); a failure of the built-in one is placed at the block causing it ([`locate`]).

use crate::load::assets::Asset;
use crate::load::plan::PlanConfig;
use crate::output::OutputFile;
use crate::render::manifest::sha256;
use crate::render::RenderContext;
use crate::resources::theme::Theme;
use crate::resources::Resources;
use std::collections::HashMap;
use std::sync::Arc;
use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub mod child;
pub mod locate;
pub mod sandbox;
mod wire;

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
}

impl PdfError {
    /// The line of the Typst template the failure is at, when Typst gave one.
    pub fn line(&self) -> Option<usize> {
        let PdfError::Template(message) = self;
        let rest = message.strip_prefix(TEMPLATE)?.strip_prefix(':')?;
        rest.split(':').next()?.parse().ok()
    }
}

/// The fonts the world offers: the theme's font files, then Typst's own as fallbacks.
pub struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl FontSet {
    /// Loads the theme's fonts and Typst's embedded fonts.
    pub fn new(resources: &Resources, theme: &Theme) -> Self {
        Self::from_files(
            theme
                .font_files(resources)
                .into_iter()
                .map(|(_, bytes)| match bytes {
                    std::borrow::Cow::Borrowed(b) => Bytes::new(b),
                    std::borrow::Cow::Owned(v) => Bytes::new(v),
                }),
        )
    }

    /// The given font files, then Typst's embedded fonts.
    pub fn from_files(files: impl IntoIterator<Item = Bytes>) -> Self {
        let mut fonts = Vec::new();
        for bytes in files {
            fonts.extend(Font::iter(bytes));
        }
        for data in typst_assets::fonts() {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        FontSet { book, fonts }
    }
}

/// The Typst world of one plan.
pub struct PlanWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontSet>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl PlanWorld {
    /// A world with the template and fonts; the data comes with [`PlanWorld::set_data`].
    pub fn new(template: &str, fonts: Arc<FontSet>, today: Datetime) -> Option<Self> {
        let main = Source::new(file_id("/main.typ")?, template.to_string());
        Some(PlanWorld {
            library: LazyHash::new(
                Library::builder()
                    .with_features([Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            fonts,
            main,
            files: HashMap::new(),
            today,
        })
    }

    /// Serves the view model JSON and the assets (charts, images, logo).
    pub fn set_data(&mut self, json: String, assets: &[Asset]) {
        self.files.clear();
        if let Some(id) = file_id("/data.json") {
            self.files.insert(id, Bytes::from_string(json));
        }
        for asset in assets {
            if let Some(id) = file_id(&format!("/{}", asset.path)) {
                self.files.insert(id, Bytes::new(asset.bytes.clone()));
            }
        }
    }

    /// Replaces the template text (incremental reparse).
    pub fn set_template(&mut self, template: &str) {
        self.main.replace(template);
    }
}

impl World for PlanWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    match id.root() {
        VirtualRoot::Package(spec) => FileError::Package(PackageError::NotFound(spec.clone())),
        _ => FileError::NotFound(id.vpath().get_without_slash().into()),
    }
}

/// The document date: SOURCE_DATE_EPOCH when set, else the sign-off date, else 1 April of the
/// plan year (a fixed date keeps drafts reproducible).
pub fn document_date(plan: &PlanConfig) -> Datetime {
    if let Some(dt) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(epoch_to_datetime)
    {
        return dt;
    }
    let signed = plan
        .sign_off
        .as_ref()
        .and_then(|s| s.date.as_deref())
        .and_then(crate::load::plan::parse_date);
    let (y, m, d) = signed.unwrap_or_else(|| {
        let year = plan
            .period
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(2000);
        (year, 4, 1)
    });
    Datetime::from_ymd_hms(y, m, d, 0, 0, 0)
        .unwrap_or_else(|| Datetime::from_ymd_hms(2000, 1, 1, 0, 0, 0).expect("a valid date"))
}

/// Converts seconds since 1970 (UTC) to a date and time.
fn epoch_to_datetime(seconds: i64) -> Option<Datetime> {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Datetime::from_ymd_hms(
        year,
        month,
        day,
        (secs / 3600) as u8,
        (secs % 3600 / 60) as u8,
        (secs % 60) as u8,
    )
}

/// Typesets the plan and exports the PDF (a one-off: see [`Renderer`] to keep Typst warm).
pub fn render(r: &RenderContext) -> Result<PdfDocument, PdfError> {
    Renderer::default().render(r)
}

/// Keeps one Typst world between builds (watch and serve), so Typst reuses its caches and a
/// one-paragraph edit is laid out again in milliseconds.
#[derive(Default)]
pub struct Renderer {
    /// The world and the theme folder its fonts came from.
    world: Option<(String, PlanWorld)>,
}

impl Renderer {
    /// Typesets the plan, reusing the world when the theme is the same.
    pub fn render(&mut self, r: &RenderContext) -> Result<PdfDocument, PdfError> {
        // A plan's own template is a program: typeset it in a child with time and memory bounds.
        if let Some(done) = sandbox::render_override(r) {
            return done;
        }
        let template = r
            .resources
            .text(TEMPLATE)
            .ok_or_else(|| PdfError::Template(format!("{TEMPLATE} is missing")))?;
        let date = document_date(&r.plan);
        let world = match &mut self.world {
            Some((theme, world)) if *theme == r.theme.dir => {
                if world.main.text() != template {
                    world.set_template(&template);
                }
                world.today = date;
                world
            }
            slot => {
                let fonts = Arc::new(FontSet::new(&r.resources, &r.theme));
                let world = PlanWorld::new(&template, fonts, date)
                    .ok_or_else(|| PdfError::Template("bad virtual path".into()))?;
                &mut slot.insert((r.theme.dir.clone(), world)).1
            }
        };
        let json = serde_json::to_string(&r.view).map_err(|e| PdfError::Template(e.to_string()))?;
        let ident = sha256(json.as_bytes());
        world.set_data(json, &r.assets);
        export(world, date, ident)
    }
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

/// Compiles a prepared world and writes the PDF.
pub fn export(world: &PlanWorld, date: Datetime, ident: String) -> Result<PdfDocument, PdfError> {
    let warned = typst::compile::<PagedDocument>(world);
    let document = warned
        .output
        .map_err(|errors| template_error(world, &errors))?;
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
        typst_pdf::pdf(&document, &options).map_err(|errors| template_error(world, &errors))?;
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
mod tests {
    use super::*;

    #[test]
    fn epoch_dates() {
        assert_eq!(
            epoch_to_datetime(0),
            Datetime::from_ymd_hms(1970, 1, 1, 0, 0, 0)
        );
        assert_eq!(
            epoch_to_datetime(1_687_305_600),
            Datetime::from_ymd_hms(2023, 6, 21, 0, 0, 0)
        );
        assert_eq!(
            epoch_to_datetime(951_782_400),
            Datetime::from_ymd_hms(2000, 2, 29, 0, 0, 0)
        );
    }
}
