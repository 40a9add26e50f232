//! Integration tests of the authoring and CI workflow: `yjplan new`, release builds with their
//! manifest and `yjplan verify`, batch builds, GitHub annotations and `yjplan explain` (its
//! terminal text against golden files). The live preview's tests are in `preview`.

use crate::{repo_scratch, scratch, stderr, yjplan};
use std::path::{Path, PathBuf};

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// Copies a fixture plan (files only, one level deep plus assets) into a scratch folder.
pub fn copy_plan(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_new_plan_checks_with_warnings_only_and_builds() {
    let dir = repo_scratch("new-plan");
    let made = yjplan(
        &dir,
        &[
            "new",
            "plan",
            "--service",
            "Exampleshire Youth Justice Service",
            "--period",
            "2024/25",
        ],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    assert!(dir.join(".github/workflows/yjplan-plan.yml").is_file());
    assert!(dir.join("plan/.gitignore").is_file());
    let check = yjplan(&dir, &["check", "plan", "--format", "short"]);
    let text = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{text}");
    assert!(!text.contains("error["), "{text}");
    assert!(
        text.contains("warning[placeholder]"),
        "placeholders are flagged: {text}"
    );
    let build = yjplan(&dir, &["build", "plan", "--out", "out"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let again = yjplan(
        &dir,
        &["new", "plan", "--service", "X", "--period", "2024/25"],
    );
    assert_eq!(
        again.status.code(),
        Some(2),
        "a folder with files is not overwritten"
    );
}

#[test]
fn release_writes_a_manifest_that_verify_accepts_until_a_byte_changes() {
    let dir = scratch("release");
    let plan = fixture("good/minimal");
    let built = yjplan(
        &dir,
        &["build", plan.to_str().unwrap(), "--out", "out", "--release"],
    );
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["period"], "2023/24");
    assert_eq!(manifest["edition"], "yjb-2023");
    assert_eq!(manifest["yjplan"], env!("CARGO_PKG_VERSION"));
    let files = manifest["files"].as_array().unwrap();
    let pdf = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(".pdf"))
        .unwrap();
    assert_eq!(pdf["sha256"].as_str().unwrap().len(), 64);
    assert!(
        manifest["git"]["commit"]
            .as_str()
            .is_some_and(|c| c.len() == 40),
        "the plan is in this repository"
    );

    let verified = yjplan(&dir, &["verify", "out"]);
    assert_eq!(verified.status.code(), Some(0), "{}", stderr(&verified));
    assert!(stderr(&verified).starts_with(&format!("verified {} files", files.len())));

    let pdf_path = dir.join("out").join(pdf["path"].as_str().unwrap());
    let mut bytes = std::fs::read(&pdf_path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&pdf_path, bytes).unwrap();
    let changed = yjplan(&dir, &["verify", "out", "--format", "short"]);
    assert_eq!(changed.status.code(), Some(1));
    let text = stderr(&changed);
    assert!(
        text.starts_with("out/exampleshire-youth-justice-plan-2023-24.pdf: error[changed-output]"),
        "{text}"
    );
}

#[test]
fn release_is_refused_for_a_draft() {
    let dir = scratch("release-draft");
    copy_plan(&fixture("good/minimal"), &dir.join("plan"));
    let yaml = std::fs::read_to_string(dir.join("plan/plan.yaml")).unwrap();
    std::fs::write(
        dir.join("plan/plan.yaml"),
        yaml.replace("  date: 2023-06-28\n", ""),
    )
    .unwrap();
    let refused = yjplan(&dir, &["build", "plan", "--release", "--format", "short"]);
    assert_eq!(refused.status.code(), Some(1));
    let text = stderr(&refused);
    assert!(text.contains("error[release-refused]: a release build needs a finished, approved plan: the sign-off has no date"), "{text}");
    assert!(!dir.join("out").exists(), "nothing is written");
    let draft = yjplan(&dir, &["build", "plan", "--html"]);
    assert_eq!(
        draft.status.code(),
        Some(0),
        "a draft still builds without --release"
    );
}

#[test]
fn batch_builds_every_plan_and_reports_the_worst_result() {
    let dir = scratch("batch");
    let good = fixture("good/minimal");
    let other = fixture("good/high-contrast");
    let bad = fixture("bad/missing-heading");
    let output = yjplan(
        &dir,
        &[
            "build",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
            other.to_str().unwrap(),
            "--out",
            "out",
            "--html",
            "--format",
            "short",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(dir.join("out/minimal/html/index.html").is_file());
    assert!(
        dir.join("out/high-contrast/html/index.html").is_file(),
        "a failing plan does not stop the others"
    );
    assert!(!dir.join("out/missing-heading").exists());
    let table = String::from_utf8_lossy(&output.stdout).into_owned();
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0]
            .split_whitespace()
            .eq(["plan", "pages", "errors", "warnings", "time"]),
        "{table}"
    );
    assert_eq!(lines.len(), 4, "{table}");
    assert!(
        lines[2].contains("missing-heading") && lines[2].split_whitespace().nth(2) == Some("1"),
        "{table}"
    );
    assert!(stderr(&output).contains("error[missing-heading]"));
}

#[test]
fn github_format_annotates_the_diff() {
    let output = yjplan(
        &fixture("bad"),
        &["check", "misspelt-heading", "--format", "github"],
    );
    let text = stderr(&output);
    assert!(
        text.starts_with(
            "::warning file=misspelt-heading/01-plan.md,line=42,col=1,title=heading-wording::"
        ),
        "{text}"
    );
}

#[test]
fn explain_prints_the_reference_entry_as_terminal_text() {
    for code in ["heading-order", "raw-html", "no-plan-dir"] {
        let output = yjplan(&fixture("bad"), &["explain", code]);
        assert_eq!(output.status.code(), Some(0));
        let text = String::from_utf8_lossy(&output.stdout);
        // Piped: plain text wrapped at 80 columns, with no markdown syntax and no ANSI codes.
        let golden = fixture("explain").join(format!("{code}.txt"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, text.as_bytes()).unwrap();
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        assert_eq!(
            text,
            expected,
            "`yjplan explain {code}` differs from {}",
            golden.display()
        );
        assert!(text.starts_with(&format!("{code}\n\n")), "{text}");
        // Code blocks (the example diagnostics) and code spans (in ‘ ’) are printed as written.
        let prose: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with("    "))
            .map(|l| {
                l.split('‘')
                    .map(|piece| piece.split_once('’').map_or(piece, |(_, after)| after))
                    .collect()
            })
            .collect();
        for syntax in ["**", "`", "](", "\x1b", "###"] {
            assert!(
                !prose.iter().any(|l| l.contains(syntax)),
                "{syntax:?} left in:\n{text}"
            );
        }
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= 80 || l.starts_with("    ")),
            "{text}"
        );
    }
    let unknown = yjplan(&fixture("bad"), &["explain", "heading-ordr"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `heading-order`?"));
}
