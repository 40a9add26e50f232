//! Which files are sections: takes a plan directory and gives its section files in order, and a
//! warning for each file that is not read but looks as if it was meant to be a section (a
//! `.txt` or `.markdown` file numbered like one).
//!
//! The rule (docs/format.md): every `.md` file of the plan directory and its sub-folders, except
//! in the folders `data/`, `assets/`, `templates/`, `themes/` and `out/`, and except names that
//! start with `.` (hidden), `_` (the author's notes and drafts) or `~` (editor and Word lock
//! files), and the files that describe a repository (README.md, CHANGELOG.md, CONTRIBUTING.md,
//! LICENSE.md).

use crate::diag::{display_path, Diagnostic};
use std::path::{Path, PathBuf};
use walkdir::{DirEntry, WalkDir};

/// Folders of a plan directory that never hold section files.
pub const NON_SECTION_DIRS: &[&str] = &["data", "assets", "templates", "themes", "out"];

/// Files that describe a repository rather than the plan (matched without case).
const REPOSITORY_FILES: &[&str] = &["readme", "changelog", "contributing", "licence", "license"];

/// Extensions of text files that may have been meant as sections.
const NEAR_MISSES: &[&str] = &["markdown", "mdown", "mkd", "txt", "text"];

/// The section files of a plan directory, sorted by path.
pub fn section_paths(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = files(dir).into_iter().filter(|p| is_section(p)).collect();
    paths.sort();
    paths
}

/// A warning for each file that is not read although its name looks like a section's.
pub fn near_misses(dir: &Path) -> Vec<Diagnostic> {
    files(dir)
        .into_iter()
        .filter(|p| looks_like_section(p))
        .map(|p| {
            let shown = display_path(&p);
            let stem = p.file_stem().unwrap_or_default().to_string_lossy();
            let stem = stem.strip_suffix(".md").unwrap_or(&stem);
            Diagnostic::warning(
                "not-a-section",
                format!("{shown} is not read: section files end in `.md`"),
            )
            .in_file(shown)
            .hint(format!("if it is part of the plan, rename it to {stem}.md; if not, move it out of the plan folder or start its name with `_`"))
        })
        .collect()
}

/// Names of files that are kept beside a plan rather than being part of it.
const NOTE_NAMES: &[&str] = &[
    "notes", "note", "draft", "drafts", "todo", "to-do", "scratch", "backup",
];

/// A warning for each section file whose name looks like notes or a copy (`notes.md`,
/// `03-governance - Copy.md`): it is published, perhaps by mistake.
pub fn note_like(dir: &Path) -> Vec<Diagnostic> {
    section_paths(dir)
        .into_iter()
        .filter(|p| looks_like_notes(&name_parts(p).0))
        .map(|p| {
            let shown = display_path(&p);
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            Diagnostic::warning(
                "notes-as-section",
                format!("{shown} is published as a section of the plan, but its name looks like notes or a copy"),
            )
            .in_file(shown)
            .hint(format!("if it is not part of the plan, rename it to _{name}: files whose names start with `_` are not published"))
        })
        .collect()
}

/// True for a stem like `notes`, `draft-2`, `03-governance - copy`, `03-governance (1)`.
fn looks_like_notes(stem: &str) -> bool {
    let words = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
    let first = words.split(['-', '_', ' ', '.']).next().unwrap_or("");
    NOTE_NAMES.contains(&first)
        || stem.ends_with(" - copy")
        || stem.starts_with("copy of ")
        || stem.ends_with(" (1)")
        || stem.ends_with(" (2)")
}

/// Every file under `dir` outside the skipped folders (hidden ones included in neither).
fn files(dir: &Path) -> Vec<PathBuf> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped(e))
        .filter_map(Result::ok)
        // Symlinks, FIFOs and devices too: the confined reader follows a symlink that stays
        // inside the plan, and says why it will not read the rest.
        .filter(|e| !e.file_type().is_dir())
        .map(DirEntry::into_path)
        .collect()
}

fn is_skipped(entry: &DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.')
        || (entry.file_type().is_dir()
            && entry.depth() == 1
            && NON_SECTION_DIRS.contains(&name.as_ref()))
}

/// The file name's stem in lower case and its extension in lower case.
fn name_parts(path: &Path) -> (String, String) {
    let lower =
        |s: Option<&std::ffi::OsStr>| s.unwrap_or_default().to_string_lossy().to_lowercase();
    (lower(path.file_stem()), lower(path.extension()))
}

fn is_section(path: &Path) -> bool {
    let (stem, extension) = name_parts(path);
    extension == "md" && !is_set_aside(&stem)
}

/// Names that are never sections: notes (`_`), lock and backup files (`~`), repository files.
fn is_set_aside(stem: &str) -> bool {
    stem.starts_with(['_', '~', '.']) || REPOSITORY_FILES.contains(&stem)
}

fn looks_like_section(path: &Path) -> bool {
    let (stem, extension) = name_parts(path);
    NEAR_MISSES.contains(&extension.as_str())
        && stem.starts_with(|c: char| c.is_ascii_digit())
        && !is_set_aside(&stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path, paths: Vec<PathBuf>) -> Vec<String> {
        paths
            .iter()
            .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn sections_skip_data_hidden_notes_lock_and_repository_files() {
        let dir = std::env::temp_dir().join(format!("yjplan-sections-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for p in [
            "b.md",
            "a.md",
            "sub/c.md",
            "data/x.md",
            ".git/y.md",
            "out/z.md",
            "n.txt",
            "README.md",
            "sub/readme.md",
            "_notes.md",
            "~$draft.md",
            ".hidden.md",
            "01-a.md.bak",
            "05-old.MD",
            "03-governance.txt",
            "04-vision.markdown",
            "sub/notes.md",
            "06-priorities - Copy.md",
        ] {
            let path = dir.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        assert_eq!(
            names(&dir, section_paths(&dir)),
            [
                "05-old.MD",
                "06-priorities - Copy.md",
                "a.md",
                "b.md",
                "sub/c.md",
                "sub/notes.md"
            ]
        );
        let notes: Vec<String> = note_like(&dir).iter().map(|d| d.message.clone()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0].contains("06-priorities - Copy.md is published"),
            "{notes:?}"
        );
        assert!(
            notes[1].contains("sub/notes.md is published as a section"),
            "{notes:?}"
        );
        assert!(note_like(&dir)[1].hints[0].contains("rename it to _notes.md"));
        let warned: Vec<String> = near_misses(&dir)
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(warned.len(), 2, "{warned:?}");
        assert!(
            warned[0].contains("03-governance.txt is not read"),
            "{warned:?}"
        );
        assert!(near_misses(&dir)[1].hints[0].contains("rename it to 04-vision.md"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
