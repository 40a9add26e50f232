//! The Typst world of one plan: takes the template, the view model as JSON, the assets and the
//! theme's fonts, and serves them to Typst as virtual files (`/main.typ`, `/data.json`, charts,
//! images) with no packages, no system fonts and a fixed date, so the PDF is reproducible.

use crate::load::assets::Asset;
use crate::load::plan::PlanConfig;
use crate::resources::theme::Theme;
use crate::resources::Resources;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock};
use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

/// The fonts the world offers: the theme's font files, then Typst's own as fallbacks. A face is
/// parsed when Typst first asks for it, and the bundled fonts' descriptions are recorded
/// ([`crate::resources::fonts`]), so the fallbacks a plan never uses cost neither time nor
/// memory (about 10 MB).
pub struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<FontSlot>,
}

/// One face of a font file, parsed on first use.
struct FontSlot {
    data: Bytes,
    index: u32,
    font: OnceLock<Option<Font>>,
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
        let mut set = FontSet {
            book: LazyHash::new(FontBook::new()),
            fonts: Vec::new(),
        };
        for data in files {
            let faces: Vec<FontInfo> = FontInfo::iter(data.as_slice()).collect();
            set.add(data, faces);
        }
        for bundled in crate::resources::fonts::bundled() {
            set.add(Bytes::new(bundled.data), bundled.faces.clone());
        }
        set
    }

    fn add(&mut self, data: Bytes, faces: Vec<FontInfo>) {
        for (index, info) in (0..).zip(faces) {
            self.book.push(info);
            self.fonts.push(FontSlot {
                data: data.clone(),
                index,
                font: OnceLock::new(),
            });
        }
    }

    /// The font at `index` in the book, parsed on first use.
    fn get(&self, index: usize) -> Option<Font> {
        let slot = self.fonts.get(index)?;
        slot.font
            .get_or_init(|| Font::new(slot.data.clone(), slot.index))
            .clone()
    }
}

/// Typst's standard library, as every world has it: built once per process (2 ms), on a thread
/// of its own while the plan is read when a build asks for it early ([`warm_up`]).
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    LazyHash::new(
        Library::builder()
            .with_features([Feature::A11yExtras].into_iter().collect())
            .build(),
    )
});

/// The built-in template, parsed once per process (1.5 ms), on the warm-up thread when a build
/// asks for it early.
static BUILT_IN_MAIN: LazyLock<Option<Source>> = LazyLock::new(|| {
    let text = std::str::from_utf8(crate::resources::embedded(super::TEMPLATE)?).ok()?;
    Some(Source::new(file_id("/main.typ")?, text.to_string()))
});

/// Builds Typst's standard library and parses the built-in template on a thread of their own,
/// so that they are ready when the view model is (a build that typesets as soon as it can).
pub fn warm_up() {
    let _ = std::thread::Builder::new()
        .name("typst-library".into())
        .spawn(|| {
            LazyLock::force(&LIBRARY);
            LazyLock::force(&BUILT_IN_MAIN);
        });
}

/// The Typst world of one plan.
pub struct PlanWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontSet>,
    /// The template, as `/main.typ`.
    pub(super) main: Source,
    /// The other files: the JSON and the assets.
    pub(super) files: HashMap<FileId, Bytes>,
    /// The document date.
    pub(super) today: Datetime,
}

fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl PlanWorld {
    /// A world with the template and fonts; the data comes with [`PlanWorld::set_data`].
    pub fn new(template: &str, fonts: Arc<FontSet>, today: Datetime) -> Option<Self> {
        let main = match &*BUILT_IN_MAIN {
            Some(built_in) if built_in.text() == template => built_in.clone(),
            _ => Source::new(file_id("/main.typ")?, template.to_string()),
        };
        Some(PlanWorld {
            library: LIBRARY.clone(),
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

    /// The view model's JSON, as served to Typst (empty before [`PlanWorld::set_data`]).
    pub fn data(&self) -> Bytes {
        file_id("/data.json")
            .and_then(|id| self.files.get(&id).cloned())
            .unwrap_or_else(|| Bytes::new(Vec::new()))
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
        self.fonts.get(index)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_template_is_parsed_once_and_any_other_as_given() {
        let built_in =
            std::str::from_utf8(crate::resources::embedded(super::super::TEMPLATE).unwrap())
                .unwrap();
        let fonts = Arc::new(FontSet::from_files([]));
        let date = epoch_to_datetime(0).unwrap();
        let world = PlanWorld::new(built_in, fonts.clone(), date).unwrap();
        let again = PlanWorld::new(built_in, fonts.clone(), date).unwrap();
        assert_eq!(world.main.text(), built_in);
        assert!(
            std::ptr::eq(world.main.root(), again.main.root()),
            "one parse, shared"
        );
        let own = PlanWorld::new("= Our own", fonts, date).unwrap();
        assert_eq!(own.main.text(), "= Our own");
    }

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
