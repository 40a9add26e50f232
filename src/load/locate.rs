//! Locate: takes the folder yjplan runs in, or a folder given as the plan that is not one, and
//! gives the plan folder to use: the current folder when it holds plan.yaml (so `yjplan check`
//! works typed inside a plan), and, for a folder without plan.yaml, the plan folder nearby (its
//! parent, its subfolders, its siblings) to name in the message. Only whether a plan.yaml
//! exists is looked at: nothing is read.

use crate::diag::display_path;
use crate::util::did_you_mean;
use std::path::{Path, PathBuf};

/// The plan folder used when none is given.
pub const DEFAULT_PLAN_DIR: &str = "content";

/// The plan folder when none is given: the current folder (`.`) when it holds plan.yaml, else
/// [`DEFAULT_PLAN_DIR`].
pub fn default_plan_dir(cwd: &Path) -> PathBuf {
    if is_plan(cwd) {
        PathBuf::from(".")
    } else {
        PathBuf::from(DEFAULT_PLAN_DIR)
    }
}

/// True when the folder holds a plan.yaml.
pub fn is_plan(dir: &Path) -> bool {
    dir.join("plan.yaml").is_file()
}

/// The folder above `dir`, written as the author would type it (`content` for
/// `content/data`, `.` for `data`, `..` for `.`).
fn parent_of(dir: &Path) -> PathBuf {
    match (dir.file_name(), dir.parent()) {
        (Some(_), Some(parent)) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        (Some(_), _) => PathBuf::from("."),
        (None, _) => dir.join(".."),
    }
}

/// The subfolders of `dir` holding plan.yaml, sorted, hidden ones left out.
fn plans_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut plans: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .filter(|p| p.is_dir() && is_plan(p))
        .collect();
    plans.sort();
    plans
}

/// What to say about a folder given as a plan that holds no plan.yaml: a message to add to
/// "{dir} has no plan.yaml", and a hint naming the folder to give instead. None when no plan
/// is nearby.
pub fn near_folder_without_plan(dir: &Path) -> Option<(String, String)> {
    let parent = parent_of(dir);
    if is_plan(&parent) {
        let p = display_path(&parent);
        return Some((
            format!("; it is inside {}", describe_plan(&parent)),
            format!(
                "give the plan folder itself, the one holding plan.yaml, e.g. `yjplan check {p}`"
            ),
        ));
    }
    match plans_in(dir).as_slice() {
        [] => None,
        [only] => {
            let c = display_path(only);
            Some((
                format!(", but its subfolder {c} does"),
                format!("give the plan folder itself, e.g. `yjplan check {c}`"),
            ))
        }
        several => Some((
            format!("; it holds {} plan folders: {}", several.len(), list(several)),
            format!(
                "give one of them, e.g. `yjplan check {}`, or build them all with `yjplan build {}`",
                display_path(&several[0]),
                several.iter().map(|p| display_path(p)).collect::<Vec<_>>().join(" ")
            ),
        )),
    }
}

/// A hint for a plan folder that does not exist: the plan folder beside it with the closest
/// name, the folder above it when that is a plan, or the plan folders beside it. None when no
/// plan is nearby.
pub fn near_missing_folder(dir: &Path) -> Option<String> {
    let base = parent_of(dir);
    if is_plan(&base) {
        let b = display_path(&base);
        return Some(format!(
            "{b} is a plan folder: give it, e.g. `yjplan check {b}`, or run yjplan in it with no folder"
        ));
    }
    let siblings = plans_in(&base);
    let names: Vec<String> = siblings.iter().map(|p| display_path(p)).collect();
    let asked = display_path(dir);
    if let Some(best) = did_you_mean(&asked, names.iter().map(String::as_str)) {
        return Some(format!("did you mean `yjplan check {best}`?"));
    }
    if !siblings.is_empty() {
        return Some(format!(
            "the plan folders here are {}: give one of them, e.g. `yjplan check {}`",
            list(&siblings),
            names[0]
        ));
    }
    let above = parent_of(&base);
    is_plan(&above).then(|| {
        let a = display_path(&above);
        format!("you are inside a plan: {} holds plan.yaml; give it, e.g. `yjplan check {a}`, or run yjplan there with no folder", describe_plan(&above))
    })
}

/// A folder as a message names it: "the current folder" for `.`, else "the folder NAME".
pub fn describe(dir: &Path) -> String {
    match display_path(dir).as_str() {
        "." | "" => "the current folder".to_string(),
        shown => format!("the folder {shown}"),
    }
}

/// A plan folder as a message names it: "the folder above (..)" for `..`.
fn describe_plan(dir: &Path) -> String {
    match display_path(dir).as_str() {
        ".." => "the folder above (..)".to_string(),
        shown => format!("the plan folder {shown}"),
    }
}

/// Up to five folders, comma-separated, with a count of the rest.
fn list(paths: &[PathBuf]) -> String {
    let mut shown: Vec<String> = paths.iter().take(5).map(|p| display_path(p)).collect();
    if paths.len() > 5 {
        shown.push(format!("and {} more", paths.len() - 5));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_above_is_written_as_typed() {
        assert_eq!(parent_of(Path::new("content/data")), Path::new("content"));
        assert_eq!(parent_of(Path::new("data")), Path::new("."));
        assert_eq!(display_path(&parent_of(Path::new("."))), "..");
    }

    #[test]
    fn a_folder_holding_one_plan_names_it() {
        let dir = std::env::temp_dir().join(format!("yjplan-locate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("plans/a")).unwrap();
        std::fs::write(dir.join("plans/a/plan.yaml"), "").unwrap();
        let (message, hint) = near_folder_without_plan(&dir.join("plans")).unwrap();
        assert!(message.ends_with("plans/a does"), "{message}");
        assert!(hint.contains("plans/a`"), "{hint}");
        std::fs::create_dir_all(dir.join("plans/a/data")).unwrap();
        let (message, _) = near_folder_without_plan(&dir.join("plans/a/data")).unwrap();
        assert!(message.contains("inside the plan folder"), "{message}");
        assert!(near_missing_folder(&dir.join("plans/b"))
            .unwrap()
            .contains("did you mean"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
