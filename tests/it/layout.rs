//! The tree keeps its shape (issue 9): no source file over 400 lines, nothing imports the crate
//! root (lib.rs holds modules and re-exports only), and no import cycle between the top-level
//! modules of `src/`, so the pipeline order stays the order of the imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every .rs file under src/, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// The modules lib.rs declares.
fn top_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// The names a file's code (not its comments or unit tests) reaches with `crate::`.
fn crate_paths(text: &str) -> Vec<String> {
    let code: String = text
        .split("#[cfg(test)]\nmod tests {")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for piece in code.split("crate::").skip(1) {
        if let Some(group) = piece.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            out.extend(
                inner
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or("").to_string()),
            );
        } else {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

#[test]
fn no_source_file_is_over_400_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > 400)
        .map(|(path, text)| format!("{} ({} lines)", path.display(), text.lines().count()))
        .collect();
    assert!(
        long.is_empty(),
        "split these files (unit tests may go to a sibling tests.rs): {long:?}"
    );
}

#[test]
fn nothing_imports_the_crate_root_and_modules_form_no_cycle() {
    let modules = top_modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut root = Vec::new();
    for (path, text) in sources() {
        let rel = path.strip_prefix(src()).unwrap();
        let first = rel.iter().next().unwrap().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let test_only = rel.iter().any(|p| p == "tests" || p == "tests.rs");
        if ["main", "cli", "lib"].contains(&module.as_str()) || test_only {
            continue;
        }
        for name in crate_paths(&text) {
            if !modules.contains(&name) {
                root.push(format!("{}: crate::{name}", rel.display()));
            } else if name != module {
                edges.entry(module.clone()).or_default().insert(name);
            }
        }
    }
    assert!(
        root.is_empty(),
        "these import the crate root; import the defining module instead: {root:?}"
    );
    for start in edges.keys() {
        let mut stack: Vec<Vec<&String>> = vec![vec![start]];
        while let Some(path) = stack.pop() {
            for next in edges.get(*path.last().unwrap()).into_iter().flatten() {
                assert!(next != start, "import cycle: {path:?} -> {next}");
                if !path.contains(&next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
}

#[test]
fn crate_paths_are_read_from_code_only() {
    let text = "use crate::diag::{Diagnostic};\nuse crate::{a, b::c};\n// crate::comment\n#[cfg(test)]\nmod tests {\n use crate::test_only;\n}\n";
    assert_eq!(crate_paths(text), ["diag", "a", "b"]);
}
