//! Build script: takes the files under templates/ and themes/ and gives the compiler an index of
//! them embedded in the binary (`$OUT_DIR/embedded.rs`), so an installed yjplan needs no files
//! beside it. A plan directory may still override any of them on disk (see src/resources/mod.rs).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["templates", "themes"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root, &root.join(dir), &mut files);
    }
    files.sort();
    let mut code = String::from("/// Files under templates/ and themes/, by their path from the project root.\npub static EMBEDDED: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(out, code).expect("write embedded.rs");
    test_tool_versions(&root);
}

/// The versions of the checkers the test suite runs (tests/browser/package.json), for the
/// accessibility statement each build writes.
fn test_tool_versions(root: &Path) {
    let manifest = root.join("tests/browser/package.json");
    println!("cargo:rerun-if-changed={}", manifest.display());
    let text = std::fs::read_to_string(&manifest).unwrap_or_default();
    let packages = [
        ("axe-core", "YJPLAN_AXE_VERSION"),
        ("vnu-jar", "YJPLAN_VNU_VERSION"),
    ];
    for (package, var) in packages {
        let version = text
            .split(&format!("\"{package}\""))
            .nth(1)
            .and_then(|rest| rest.split('"').nth(1))
            .map(|v| v.trim_start_matches(['^', '~', '=']).to_string())
            .unwrap_or_else(|| "unknown".into());
        println!("cargo:rustc-env={var}={version}");
    }
}

/// Adds every regular file under `dir` (recursively) as (path relative to root with '/', absolute path).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, path));
        }
    }
}
