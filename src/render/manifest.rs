//! Release: takes the files of a finished build and gives out/manifest.json (the SHA-256 of every
//! output, the yjplan version, the edition, the plan's period and sign-off, and the git commit of
//! the plan when it is in a repository); and checks an output folder against its manifest
//! (`yjplan verify`), naming every file that changed or went missing.

use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::plan::{PlanConfig, SignOff};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// What a release build records about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub yjplan: String,
    pub service: String,
    pub period: String,
    pub edition: String,
    pub sign_off: SignOff,
    /// The plan's git commit, when the plan is in a git repository.
    pub git: Option<GitState>,
    pub files: Vec<ManifestFile>,
}

/// The commit a plan was built from, and whether it had uncommitted changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GitState {
    pub commit: String,
    pub dirty: bool,
}

/// One output and its digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub bytes: usize,
    pub sha256: String,
}

/// The hex SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reasons a plan may not be released: missing sign-off fields, as an error at plan.yaml.
pub fn refusal(
    plan: &PlanConfig,
    plan_file: &crate::diagnostic::SourceFile,
    errors: usize,
) -> Option<Diagnostic> {
    let missing = plan.missing_sign_off();
    let mut reasons = Vec::new();
    if errors > 0 {
        reasons.push(format!(
            "the plan has {errors} error{}",
            if errors == 1 { "" } else { "s" }
        ));
    }
    if !missing.is_empty() {
        reasons.push(format!("the sign-off has no {}", missing.join(", ")));
    }
    if reasons.is_empty() {
        return None;
    }
    let line = crate::plan::sign_off_line(plan_file);
    Some(
        Diagnostic::error("release-refused", format!("a release build needs a finished, approved plan: {}", reasons.join("; ")))
            .at_line(plan_file, line)
            .hint("fix the errors, and fill in sign_off (board, date, chair, role) once the management board has approved the plan; a build without --release makes a draft"),
    )
}

/// Builds the manifest of the files a release build wrote.
pub fn manifest(plan: &PlanConfig, plan_dir: &Path, files: &[OutputFile]) -> Manifest {
    let mut files: Vec<ManifestFile> = files
        .iter()
        .map(|f| ManifestFile {
            path: f.path.clone(),
            bytes: f.bytes.len(),
            sha256: sha256(&f.bytes),
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Manifest {
        yjplan: env!("CARGO_PKG_VERSION").to_string(),
        service: plan.service.clone(),
        period: plan.period.clone(),
        edition: plan.edition.clone(),
        sign_off: plan.sign_off.clone().unwrap_or_default(),
        git: git_state(plan_dir),
        files,
    }
}

/// The manifest as the file to write.
pub fn manifest_file(manifest: &Manifest) -> OutputFile {
    let json = serde_json::to_string_pretty(manifest).unwrap_or_default() + "\n";
    OutputFile::new(MANIFEST, json.into_bytes())
}

fn git(plan_dir: &Path, args: &[&str]) -> Option<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(plan_dir)
        .args(args)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn git_state(plan_dir: &Path) -> Option<GitState> {
    let commit = git(plan_dir, &["rev-parse", "HEAD"])?;
    let dirty = git(plan_dir, &["status", "--porcelain", "--", "."]).is_some_and(|s| !s.is_empty());
    Some(GitState { commit, dirty })
}

/// Checks every file of an output folder against its manifest. Returns the number of files
/// checked and a diagnostic for each file that changed or is missing.
pub fn verify(out_dir: &Path) -> (usize, Vec<Diagnostic>) {
    let path = out_dir.join(MANIFEST);
    let shown = crate::load::display_path(&path);
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
        let shown = crate::load::display_path(&target);
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
    (manifest.files.len(), problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_hex_sha256() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

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
        all.push(manifest_file(&manifest(&plan, &dir, &files)));
        crate::output::write_all(&dir, &all).unwrap();
        assert_eq!(verify(&dir), (2, vec![]));
        std::fs::write(dir.join("a.pdf"), b"pdF").unwrap();
        std::fs::remove_file(dir.join("html/index.html")).unwrap();
        let (checked, problems) = verify(&dir);
        assert_eq!(checked, 2);
        let codes: Vec<&str> = problems.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["changed-output", "missing-output"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
