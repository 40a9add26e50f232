//! Resources: takes a path under templates/ or themes/ and gives its bytes, from the plan
//! directory when the plan overrides it, else from the copy embedded in the binary by build.rs.

pub mod edition;
pub mod fonts;
pub mod guard;
pub mod strings;
pub mod theme;
pub mod theme_values;

use crate::diag::Diagnostic;
use crate::load::confine::Confined;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Looks up templates, editions and themes: plan overrides first, then the embedded defaults.
/// Overrides are read through the confined reader; one that may not be read (outside the plan,
/// not a regular file, too large) is not used, and is remembered for [`Resources::refusals`].
#[derive(Debug, Clone)]
pub struct Resources {
    plan_dir: Option<PathBuf>,
    confined: Option<Confined>,
    refused: Arc<Mutex<Vec<Diagnostic>>>,
}

impl Resources {
    /// Resources with overrides from a plan directory.
    pub fn for_plan(plan_dir: &Path) -> Self {
        Resources {
            plan_dir: Some(plan_dir.to_path_buf()),
            confined: Confined::new(plan_dir).ok(),
            refused: Arc::default(),
        }
    }

    /// Only the embedded resources.
    pub fn embedded() -> Self {
        Resources {
            plan_dir: None,
            confined: None,
            refused: Arc::default(),
        }
    }

    /// The bytes of a resource such as `templates/html/page.html`, if it exists.
    pub fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        match self.read_override(path) {
            Ok(Some(bytes)) => Some(Cow::Owned(bytes)),
            Ok(None) => embedded(path).map(Cow::Borrowed),
            Err(()) => None,
        }
    }

    /// The plan's own copy of a resource: `Ok(None)` when it has none, `Err` (recorded) when it
    /// has one that may not be read.
    fn read_override(&self, path: &str) -> Result<Option<Vec<u8>>, ()> {
        let (Some(dir), Some(confined)) = (&self.plan_dir, &self.confined) else {
            return Ok(None);
        };
        match confined.read(Path::new(path), limit_for(path)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => {
                let shown = crate::diag::display_path(&dir.join(path));
                if let Ok(mut refused) = self.refused.lock() {
                    let known = refused
                        .iter()
                        .any(|d| d.location.as_ref().is_some_and(|l| l.file == shown));
                    if !known {
                        refused.push(crate::load::unreadable(&shown, &e));
                    }
                }
                Err(())
            }
        }
    }

    /// Why the plan's copy of a resource was not used, when it was refused.
    pub fn refusal(&self, path: &str) -> Option<String> {
        let shown = crate::diag::display_path(&self.plan_dir.as_ref()?.join(path));
        let refused = self.refused.lock().ok()?;
        let d = refused
            .iter()
            .find(|d| d.location.as_ref().is_some_and(|l| l.file == shown))?;
        Some(d.message.clone())
    }

    /// An error for each override that was asked for but may not be read.
    pub fn refusals(&self) -> Vec<Diagnostic> {
        self.refused.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The text of a resource, if it exists and is UTF-8.
    pub fn text(&self, path: &str) -> Option<String> {
        let bytes = self.get(path)?;
        String::from_utf8(bytes.into_owned()).ok()
    }

    /// True when the plan has its own copy of a resource (usable or not).
    pub fn overrides(&self, path: &str) -> bool {
        self.plan_dir
            .as_ref()
            .is_some_and(|dir| std::fs::symlink_metadata(dir.join(path)).is_ok())
    }

    /// The path to show for a resource: the plan's file when it overrides one, else the
    /// resource path marked as built in.
    pub fn shown_path(&self, path: &str) -> String {
        match &self.plan_dir {
            Some(dir) if dir.join(path).is_file() => crate::diag::display_path(&dir.join(path)),
            _ => format!("{path} (built into yjplan)"),
        }
    }

    /// Names of the files directly under a folder, from the plan's override folder and the
    /// embedded copy together, sorted.
    pub fn names(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = Self::embedded_names(folder)
            .into_iter()
            .map(str::to_string)
            .collect();
        if let Some(entries) = self
            .plan_dir
            .as_ref()
            .and_then(|d| std::fs::read_dir(d.join(folder)).ok())
        {
            names.extend(
                entries
                    .flatten()
                    .filter(|e| e.path().is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned()),
            );
        }
        names.sort();
        names.dedup();
        names
    }

    /// Names of the embedded resources directly under a folder (e.g. the editions).
    pub fn embedded_names(folder: &str) -> Vec<&'static str> {
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        EMBEDDED
            .iter()
            .filter_map(|(p, _)| p.strip_prefix(prefix.as_str()))
            .filter(|rest| !rest.contains('/'))
            .collect()
    }
}

/// The size limit for a resource by its kind.
fn limit_for(path: &str) -> u64 {
    use crate::load::confine::limits;
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "ttf" | "otf" => limits::FONT,
        "png" | "jpg" | "jpeg" | "svg" => limits::IMAGE,
        "yaml" => limits::CONFIG,
        _ => limits::TEMPLATE,
    }
}

/// The embedded copy of a resource.
pub fn embedded(path: &str) -> Option<&'static [u8]> {
    EMBEDDED
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| *bytes)
}
