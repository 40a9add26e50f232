//! The file an author meant: takes the plan folder and a path (of an image or a CSV file) that
//! names no file, and gives the path of the file that is there, as the author should write it:
//! forward slashes for a Windows `\`, the exact capitals, or a near spelling; else what the folder
//! holds. Only folders inside the plan folder are listed.

use crate::load::confine::Confined;
use crate::util::did_you_mean;
use std::path::Path;

/// What to tell an author whose path names no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// The same file written another way (backslashes, other capitals): the path to write.
    Same(String),
    /// A file with a near name: its path.
    Near(String),
    /// Nothing is close: the folder (as written, with a trailing `/`) and the files in it.
    Listing(String, Vec<String>),
    /// The folder itself is not there.
    NoFolder(String),
    /// The path leaves the plan folder (`..`, or from the root of a disk), which yjplan never
    /// reads.
    Outside,
}

impl Suggestion {
    /// The hint for a path `written` that names no file.
    pub fn hint(&self, written: &str) -> String {
        match self {
            Suggestion::Same(path) if written.contains('\\') => {
                format!("write the path with forward slashes (/): `{path}`")
            }
            Suggestion::Same(path) => format!(
                "write `{path}`: the name must match the file's exactly, capital letters too, or the web page will not find it"
            ),
            Suggestion::Near(path) => format!("did you mean `{path}`?"),
            Suggestion::Listing(folder, files) if files.is_empty() => {
                format!("the folder `{folder}` is empty: put the file there")
            }
            Suggestion::Listing(folder, files) => {
                let shown: Vec<String> = files.iter().take(12).map(|f| format!("`{f}`")).collect();
                let more = files.len().saturating_sub(shown.len());
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                format!("the folder `{folder}` holds {}{more}; write one of those names, or put the file there", shown.join(", "))
            }
            Suggestion::NoFolder(folder) => {
                format!("there is no folder `{folder}` in the plan folder: create it and put the file there")
            }
            Suggestion::Outside => "yjplan reads only files inside the plan folder: copy the file into it (into data/ or assets/, say) and write its path from the plan folder, such as `data/figures.csv`".to_string(),
        }
    }
}

/// True when a path (with forward slashes) starts at the root of a disk, or climbs with `..`
/// above the folder it starts in.
fn leaves_the_plan(path: &str) -> bool {
    let mut depth = 0i32;
    for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        depth += if part == ".." { -1 } else { 1 };
        if depth < 0 {
            return true;
        }
    }
    path.starts_with('/') || path.get(1..2) == Some(":")
}

/// What the author of `written` (a path relative to the plan folder `plan`) probably meant.
pub fn suggest(plan: &Path, written: &str) -> Suggestion {
    let normal = written.replace('\\', "/");
    if leaves_the_plan(&normal) {
        return Suggestion::Outside;
    }
    let mut parts: Vec<&str> = normal
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let name = parts.pop().unwrap_or("");
    let mut folder = String::new();
    for part in parts {
        let entries = list(plan, &folder, true);
        match entries.iter().find(|e| e.eq_ignore_ascii_case(part)) {
            Some(real) => folder.push_str(&format!("{real}/")),
            None => return Suggestion::NoFolder(format!("{folder}{part}/")),
        }
    }
    let files = list(plan, &folder, false);
    if let Some(real) = files.iter().find(|f| f.eq_ignore_ascii_case(name)) {
        return Suggestion::Same(format!("{folder}{real}"));
    }
    match did_you_mean(name, files.iter().map(String::as_str)) {
        Some(near) => Suggestion::Near(format!("{folder}{near}")),
        None => Suggestion::Listing(
            if folder.is_empty() {
                "./".into()
            } else {
                folder
            },
            files,
        ),
    }
}

/// The names of the folders (`dirs`) or files in `folder` of the plan, sorted; nothing when the
/// folder is not inside the plan folder.
fn list(plan: &Path, folder: &str, dirs: bool) -> Vec<String> {
    let Ok(confined) = Confined::new(plan) else {
        return Vec::new();
    };
    let Ok(real) = confined.resolve(Path::new(if folder.is_empty() { "." } else { folder })) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(real) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() == dirs))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_out_of_the_plan_is_told_to_come_in() {
        let plan = Path::new("/nonexistent-plan");
        for outside in [
            "../secret.csv",
            "/etc/passwd",
            "C:/Users/x.csv",
            "data/../../x.csv",
        ] {
            assert_eq!(suggest(plan, outside), Suggestion::Outside, "{outside}");
        }
        assert!(Suggestion::Outside
            .hint("../x.csv")
            .contains("inside the plan folder"));
        assert_ne!(suggest(plan, "data/../data/x.csv"), Suggestion::Outside);
    }

    #[test]
    fn finds_the_file_written_another_way() {
        let dir = std::env::temp_dir().join(format!("yjplan-suggest-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        for f in ["structure.svg", "chart.png", "map.png"] {
            std::fs::write(dir.join("assets").join(f), "x").unwrap();
        }
        let at = dir.as_path();
        assert_eq!(
            suggest(at, "assets\\chart.png"),
            Suggestion::Same("assets/chart.png".into())
        );
        assert_eq!(
            suggest(at, "Assets/Structure.svg"),
            Suggestion::Same("assets/structure.svg".into())
        );
        assert_eq!(
            suggest(at, "assets/strcture.svg"),
            Suggestion::Near("assets/structure.svg".into())
        );
        let listing = suggest(at, "assets/organisation.svg");
        assert_eq!(
            listing.hint("assets/organisation.svg"),
            "the folder `assets/` holds `chart.png`, `map.png`, `structure.svg`; write one of those names, or put the file there"
        );
        assert_eq!(
            suggest(at, "pictures/a.png"),
            Suggestion::NoFolder("pictures/".into())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
