//! Resources: takes a path under templates/ or themes/ and gives its bytes, from the plan
//! directory when the plan overrides it, else from the copy embedded in the binary by build.rs.

pub mod edition;
pub mod strings;
pub mod theme;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Looks up templates, editions and themes: plan overrides first, then the embedded defaults.
#[derive(Debug, Clone)]
pub struct Resources {
    plan_dir: Option<PathBuf>,
}

impl Resources {
    /// Resources with overrides from a plan directory.
    pub fn for_plan(plan_dir: &Path) -> Self {
        Resources {
            plan_dir: Some(plan_dir.to_path_buf()),
        }
    }

    /// Only the embedded resources.
    pub fn embedded() -> Self {
        Resources { plan_dir: None }
    }

    /// The bytes of a resource such as `templates/html/page.html`, if it exists.
    pub fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        if let Some(dir) = &self.plan_dir {
            if let Ok(bytes) = std::fs::read(dir.join(path)) {
                return Some(Cow::Owned(bytes));
            }
        }
        embedded(path).map(Cow::Borrowed)
    }

    /// The text of a resource, if it exists and is UTF-8.
    pub fn text(&self, path: &str) -> Option<String> {
        let bytes = self.get(path)?;
        String::from_utf8(bytes.into_owned()).ok()
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

/// The embedded copy of a resource.
pub fn embedded(path: &str) -> Option<&'static [u8]> {
    EMBEDDED
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| *bytes)
}
