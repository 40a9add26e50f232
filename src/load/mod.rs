//! Load: takes a plan directory and gives every file the plan is made of, read once: plan.yaml
//! and the section files (sorted by path), as [`SourceFile`]s, plus diagnostics for files that
//! cannot be read (missing directory, no plan.yaml, no sections, text that is not UTF-8).

pub mod assets;
pub mod confine;
pub mod cover;
pub mod data;
pub mod dates;
pub mod front_matter;
pub mod git;
pub mod locate;
pub mod numbering;
pub mod pasted;
pub mod period;
pub mod plan;
pub mod publish;
pub mod raster;
pub mod sections;
pub mod suggest;
pub mod svg;
pub mod svg_css;
pub mod svg_filters;
pub mod svg_images;
pub mod svg_work;

use crate::diag::display_path;
use crate::diag::{Diagnostic, SourceFile};
use confine::{limits, Confined, ReadError};
use std::path::{Path, PathBuf};

pub use sections::{section_paths, NON_SECTION_DIRS};

/// The files of a plan, read into memory.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    /// The plan directory as given.
    pub dir: PathBuf,
    /// plan.yaml.
    pub plan_file: SourceFile,
    /// The section files, in order.
    pub sections: Vec<SourceFile>,
}

/// A failure that stops the build before anything else can be checked.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .0.message)]
pub struct LoadError(pub Diagnostic);

/// Reads a plan directory. Problems with individual section files are returned as diagnostics;
/// a missing directory or plan.yaml is a [`LoadError`].
pub fn load(dir: &Path) -> Result<(LoadedPlan, Vec<Diagnostic>), LoadError> {
    let shown = display_path(dir);
    if !dir.is_dir() {
        return Err(LoadError(
            Diagnostic::error(
                "no-plan-dir",
                format!("there is no plan directory at {shown}"),
            )
            .in_file(shown.clone())
            .hint(locate::near_missing_folder(dir).unwrap_or_else(|| {
                "give the path of a directory holding plan.yaml, e.g. `yjplan check content`, or run yjplan inside it".into()
            })),
        ));
    }
    let mut diagnostics = Vec::new();
    let confined = Confined::new(dir).map_err(|e| {
        LoadError(
            Diagnostic::error(
                "unreadable-file",
                format!("cannot read the plan directory {shown}: {e}"),
            )
            .in_file(shown.clone()),
        )
    })?;
    let plan_path = dir.join("plan.yaml");
    let plan_file = match read_source(&confined, &plan_path, limits::CONFIG) {
        Ok(Some(file)) => file,
        Ok(None) => return Err(LoadError(missing_plan_yaml(dir))),
        Err(d) => return Err(LoadError(d)),
    };
    let mut sections = Vec::new();
    for path in section_paths(dir) {
        match read_source(&confined, &path, limits::SECTION) {
            Ok(Some(file)) => sections.push(file),
            Ok(None) => {}
            Err(d) => diagnostics.push(d),
        }
    }
    if sections.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "no-sections",
                format!("the plan directory {shown} has no section files (*.md)"),
            )
            .in_file(display_path(&plan_path))
            .hint("write the plan's sections as markdown files beside plan.yaml, e.g. 01-introduction.md; `yjplan new` makes a complete starting plan"),
        );
    }
    diagnostics.extend(sections::near_misses(dir));
    diagnostics.extend(sections::note_like(dir));
    Ok((
        LoadedPlan {
            dir: dir.to_path_buf(),
            plan_file,
            sections,
        },
        diagnostics,
    ))
}

fn missing_plan_yaml(dir: &Path) -> Diagnostic {
    let shown = display_path(dir);
    let empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    let (message, hint) = match locate::near_folder_without_plan(dir) {
        Some((more, hint)) => (
            format!("{} has no plan.yaml{more}", locate::describe(dir)),
            hint,
        ),
        None if empty => (
            format!("the plan directory {shown} is empty"),
            NEW_PLAN_YAML.into(),
        ),
        None => (
            format!("the plan directory {shown} has no plan.yaml"),
            NEW_PLAN_YAML.into(),
        ),
    };
    Diagnostic::error("no-plan-yaml", message)
        .in_file(display_path(&dir.join("plan.yaml")))
        .hint(hint)
}

/// The hint for a folder with no plan.yaml and no plan nearby.
const NEW_PLAN_YAML: &str = "every plan needs a plan.yaml naming its service, period and edition; `yjplan new DIR --service NAME --period 2024/25` writes one";

/// Reads a text file of the plan, of at most `limit` bytes. `Ok(None)` when it does not exist;
/// an error diagnostic when it cannot be read (outside the plan, not a regular file, too large)
/// or is not UTF-8 (pointing at the first bad byte). The file's content is never quoted in an
/// error about reading it.
pub fn read_source(
    confined: &Confined,
    path: &Path,
    limit: u64,
) -> Result<Option<SourceFile>, Diagnostic> {
    let shown = display_path(path);
    let bytes = match confined.read(path, limit) {
        Ok(b) => b,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(unreadable(&shown, &e)),
    };
    let bytes = strip_bom(bytes);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(SourceFile::new(shown, text))),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(shown.clone(), lossy);
            let offset = String::from_utf8_lossy(&e.as_bytes()[..at]).len();
            Err(Diagnostic::error(
                "not-utf8",
                format!(
                    "{shown} is not UTF-8 text (byte 0x{:02X} at offset {at})",
                    e.as_bytes()[at]
                ),
            )
            .at(&file, offset..offset + 1)
            .hint("save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"))
        }
    }
}

/// The error for a plan file that may not or cannot be read.
pub fn unreadable(shown: &str, e: &ReadError) -> Diagnostic {
    Diagnostic::error("unreadable-file", format!("cannot read {shown}: {e}"))
        .in_file(shown.to_string())
        .hint(e.hint())
}

/// Text without a leading UTF-8 byte order mark (some Windows editors write one).
fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_dropped_and_a_symlinked_section_is_read() {
        let dir = std::env::temp_dir().join(format!("yjplan-load-bom-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("parts")).unwrap();
        std::fs::write(dir.join("plan.yaml"), b"\xEF\xBB\xBFservice: S\n").unwrap();
        std::fs::write(dir.join("parts/real.txt"), "# Intro\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("parts/real.txt", dir.join("01-intro.md")).unwrap();
        let (loaded, problems) = load(&dir).unwrap();
        assert_eq!(loaded.plan_file.text, "service: S\n");
        #[cfg(unix)]
        {
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(loaded.sections[0].text, "# Intro\n");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
