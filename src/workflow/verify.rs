//! `yjplan verify`: takes an output folder of a release build and gives the number of files
//! checked and a diagnostic for each file that changed, went missing or was added since its
//! manifest.json.

use crate::diag::{display_path, Diagnostic};
use crate::render::manifest::{sha256, Manifest, MANIFEST};
use std::path::Path;

/// Checks every file of an output folder against its manifest. Returns the number of files
/// checked and a diagnostic for each file that changed, is missing, or is not in the manifest.
pub fn verify(out_dir: &Path) -> (usize, Vec<Diagnostic>) {
    let path = out_dir.join(MANIFEST);
    let shown = display_path(&path);
    let manifest: Manifest = match std::fs::read_to_string(&path) {
        Err(_) => {
            return (
                0,
                vec![Diagnostic::error("bad-manifest", format!("there is no {shown}"))
                .in_file(shown)
                .hint("`yjplan build --release` writes the manifest; verify the folder it wrote")],
            )
        }
        Ok(text) => match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                return (
                    0,
                    vec![Diagnostic::error(
                        "bad-manifest",
                        format!("{shown} is not a yjplan manifest: {e}"),
                    )
                    .in_file(shown)
                    .hint("rebuild with `yjplan build --release`")],
                )
            }
        },
    };
    let mut problems = Vec::new();
    for file in &manifest.files {
        let target = out_dir.join(&file.path);
        let shown = display_path(&target);
        match std::fs::read(&target) {
            Err(_) => problems.push(
                Diagnostic::error("missing-output", format!("{shown} is listed in the manifest but missing"))
                    .in_file(shown)
                    .hint("restore the file from the release build, or rebuild with `yjplan build --release`"),
            ),
            Ok(bytes) => {
                let digest = sha256(&bytes);
                if digest != file.sha256 {
                    problems.push(
                        Diagnostic::error("changed-output", format!("{shown} has changed since the release build"))
                            .in_file(shown)
                            .note(format!("its SHA-256 is {digest}; the manifest says {}", file.sha256))
                            .hint("a published plan must match the signed-off build: restore the file or rebuild with `yjplan build --release`"),
                    );
                }
            }
        }
    }
    for added in added_files(out_dir, &manifest) {
        let shown = display_path(&out_dir.join(&added));
        problems.push(
            Diagnostic::error("added-output", format!("{shown} is not in the manifest: it was added after the release build"))
                .in_file(shown)
                .hint("a published plan must be exactly the signed-off build: remove the file, or rebuild with `yjplan build --release`"),
        );
    }
    (manifest.files.len(), problems)
}

/// Files under the output folder (paths with `/`) that the manifest does not list.
fn added_files(out_dir: &Path, manifest: &Manifest) -> Vec<String> {
    let mut added: Vec<String> = walkdir::WalkDir::new(out_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(out_dir).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        })
        // The marker that says yjplan wrote the folder is not an output of the plan.
        .filter(|p| p != MANIFEST && p != crate::output::publish::MARKER)
        .filter(|p| !manifest.files.iter().any(|f| &f.path == p))
        .collect();
    added.sort();
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::plan::PlanConfig;
    use crate::output::OutputFile;
    use crate::render::manifest::{entry, manifest, manifest_file};

    #[test]
    fn verify_names_changed_and_missing_files() {
        let dir = std::env::temp_dir().join(format!("yjplan-verify-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = vec![
            OutputFile::new("a.pdf", b"pdf".to_vec()),
            OutputFile::new("html/index.html", b"<p>".to_vec()),
        ];
        let plan: PlanConfig =
            serde_yaml::from_str("service: S\nperiod: 2023/24\nedition: yjb-2023\n").unwrap();
        let mut all = files.clone();
        let entries: Vec<_> = files.iter().map(|f| entry(f, None, true)).collect();
        all.push(manifest_file(&manifest(&plan, &dir, &entries, false)));
        crate::output::write_all(&dir, &all).unwrap();
        assert_eq!(verify(&dir), (2, vec![]));
        std::fs::write(dir.join("a.pdf"), b"pdF").unwrap();
        std::fs::remove_file(dir.join("html/index.html")).unwrap();
        std::fs::write(dir.join("html/extra.js"), b"alert(1)").unwrap();
        let (checked, problems) = verify(&dir);
        assert_eq!(checked, 2);
        let codes: Vec<&str> = problems.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["changed-output", "missing-output", "added-output"]);
        assert!(
            problems[2].message.contains("extra.js"),
            "{:?}",
            problems[2]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
