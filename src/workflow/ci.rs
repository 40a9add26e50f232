//! The CI workflow of a new plan: takes the plan folder `yjplan new` makes and gives the GitHub
//! Actions workflow for it, placed at the root of the git repository the folder is in (GitHub
//! reads workflows only there), with the folder as `PLAN_DIR`. The workflow installs the pinned
//! yjplan release for the runner's OS (download, SHA-256 check against the release's SHA256SUMS,
//! cache), builds the plan once (each problem annotated once; `--pull-request` makes a pull
//! request's check strict when plan.yaml asks), writes a job summary, keeps the outputs, and on a
//! version tag makes the signed-off release (`build --release`, `verify`) and uploads it.

use crate::output::OutputFile;
use crate::util::slug;
use std::path::{Component, Path, PathBuf};

/// The yjplan release the workflow installs: this version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Where releases are downloaded from: Cargo.toml's `repository`, the one place it is set.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where a new plan's workflow goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The repository root (the plan folder itself when it is in no repository).
    pub root: PathBuf,
    /// The plan folder relative to the root, with `/` separators ("." at the root).
    pub plan_dir: String,
}

impl Placement {
    /// Finds the git repository above `plan_dir` (a folder with `.git`); without one, the plan
    /// folder is its own root, as when it becomes a repository of its own.
    pub fn find(plan_dir: &Path) -> Placement {
        let absolute = std::path::absolute(plan_dir).unwrap_or_else(|_| plan_dir.to_path_buf());
        let absolute = normalise(&absolute);
        let root = absolute
            .ancestors()
            .find(|a| a.join(".git").exists())
            .map(Path::to_path_buf);
        match root {
            Some(root) if root != absolute => {
                let rel = absolute.strip_prefix(&root).unwrap_or(&absolute);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                Placement {
                    root,
                    plan_dir: parts.join("/"),
                }
            }
            _ => Placement {
                root: absolute,
                plan_dir: ".".into(),
            },
        }
    }

    /// The workflow file, relative to the root.
    pub fn workflow_path(&self) -> String {
        if self.plan_dir == "." {
            ".github/workflows/yjplan.yml".into()
        } else {
            format!(".github/workflows/yjplan-{}.yml", slug(&self.plan_dir))
        }
    }

    /// The workflow file to write under the root.
    pub fn file(&self) -> OutputFile {
        let path = self.workflow_path();
        OutputFile::new(path.clone(), workflow(&self.plan_dir, &path).into_bytes())
    }
}

/// `a/./b/../c` -> `a/c`, without touching the disk (the folder may not exist yet).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A string as a double-quoted YAML scalar (a folder name may hold any character).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The workflow for the plan folder `plan_dir` (relative to the repository root), written at
/// `workflow_path`.
pub fn workflow(plan_dir: &str, workflow_path: &str) -> String {
    let paths = if plan_dir == "." {
        String::new()
    } else {
        format!(
            "    paths:\n      - {}\n      - {}\n",
            quoted(&format!("{plan_dir}/**")),
            quoted(workflow_path)
        )
    };
    TEMPLATE
        .replace("{INSTALL}", INSTALL.trim_end())
        .replace("{PATHS}", &paths)
        .replace(
            "{NAME}",
            &quoted(&format!("Youth Justice Plan ({plan_dir})")),
        )
        .replace("{PLAN_DIR}", &quoted(plan_dir))
        .replace("{VERSION}", &quoted(VERSION))
        .replace("{REPOSITORY}", &quoted(REPOSITORY))
}

/// The steps that install yjplan, in both jobs.
const INSTALL: &str = r#"      - name: Cache yjplan
        id: cache-yjplan
        uses: actions/cache@v4
        with:
          path: ~/.yjplan/${{ env.YJPLAN_VERSION }}
          key: yjplan-${{ env.YJPLAN_VERSION }}-${{ runner.os }}-${{ runner.arch }}
      - name: Install yjplan
        if: steps.cache-yjplan.outputs.cache-hit != 'true'
        shell: bash
        run: |
          case "$RUNNER_OS-$RUNNER_ARCH" in
            Linux-X64) target=x86_64-unknown-linux-musl; ext=tar.gz ;;
            Windows-X64) target=x86_64-pc-windows-msvc; ext=zip ;;
            macOS-ARM64) target=aarch64-apple-darwin; ext=tar.gz ;;
            macOS-X64) target=x86_64-apple-darwin; ext=tar.gz ;;
            *) echo "::error::yjplan has no release for $RUNNER_OS $RUNNER_ARCH"; exit 1 ;;
          esac
          name="yjplan-$YJPLAN_VERSION-$target"
          base="$YJPLAN_REPOSITORY/releases/download/v$YJPLAN_VERSION"
          work="$(mktemp -d)"
          trap 'rm -rf "$work"' EXIT
          cd "$work"
          curl -fsSL --retry 3 -o "$name.$ext" "$base/$name.$ext"
          curl -fsSL --retry 3 -o SHA256SUMS "$base/SHA256SUMS"
          grep -F "  $name.$ext" SHA256SUMS > expected || { echo "::error::SHA256SUMS does not list $name.$ext"; exit 1; }
          if command -v sha256sum > /dev/null; then sha256sum -c expected; else shasum -a 256 -c expected; fi
          if [ "$ext" = zip ]; then unzip -q "$name.$ext" || 7z x -y "$name.$ext" > /dev/null; else tar -xzf "$name.$ext"; fi
          mkdir -p "$HOME/.yjplan/$YJPLAN_VERSION"
          cp "$name"/yjplan* "$HOME/.yjplan/$YJPLAN_VERSION/"
      - name: Put yjplan on the PATH
        shell: bash
        run: |
          echo "$HOME/.yjplan/$YJPLAN_VERSION" >> "$GITHUB_PATH"
          "$HOME/.yjplan/$YJPLAN_VERSION/yjplan" --version"#;

const TEMPLATE: &str = r#"# Made by `yjplan new`. Checks and builds the Youth Justice Plan in PLAN_DIR on every push to main
# and on every pull request that changes it: each problem is shown once on the diff, a summary of
# problems and outputs is on the run's page, and the PDF and web page are kept as an artifact.
# A version tag (git tag v2024.1 && git push --tags) makes the signed-off release: build --release,
# verify against manifest.json, and upload. To move to a newer yjplan, change YJPLAN_VERSION.
name: {NAME}
on:
  push:
    branches: [main]
    tags: ["v*"]
{PATHS}  pull_request:
{PATHS}permissions:
  contents: read
concurrency:
  group: ${{ github.workflow }}-${{ github.ref }}
  cancel-in-progress: true
env:
  YJPLAN_VERSION: {VERSION}
  YJPLAN_REPOSITORY: {REPOSITORY}
  PLAN_DIR: {PLAN_DIR}
jobs:
  plan:
    name: Check and build the plan
    if: github.ref_type != 'tag'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
{INSTALL}
      - name: Check and build
        shell: bash
        run: |
          pull_request=""
          if [ "$GITHUB_EVENT_NAME" = pull_request ]; then pull_request=--pull-request; fi
          yjplan build "$PLAN_DIR" --out "$PLAN_DIR/out" --format github --summary "$GITHUB_STEP_SUMMARY" $pull_request
      - name: Keep the outputs
        uses: actions/upload-artifact@v4
        with:
          name: youth-justice-plan
          path: ${{ env.PLAN_DIR }}/out/
          if-no-files-found: error
  release:
    name: Release the signed-off plan
    if: github.ref_type == 'tag'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
{INSTALL}
      - name: Build the release
        shell: bash
        run: yjplan build "$PLAN_DIR" --release --out "$PLAN_DIR/out" --format github --summary "$GITHUB_STEP_SUMMARY"
      - name: Verify the release against its manifest
        shell: bash
        run: yjplan verify "$PLAN_DIR/out" --format github
      - name: Upload the release
        uses: actions/upload-artifact@v4
        with:
          name: youth-justice-plan-${{ github.ref_name }}
          path: ${{ env.PLAN_DIR }}/out/
          if-no-files-found: error
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_in_a_subfolder_gets_its_workflow_at_the_root() {
        let root = std::env::temp_dir().join(format!("yjplan-ci-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join(".git")).unwrap();
        let found = Placement::find(&root.join("plans/./fenmoor 2025"));
        assert_eq!(found.plan_dir, "plans/fenmoor 2025");
        assert_eq!(
            found.workflow_path(),
            ".github/workflows/yjplan-plans-fenmoor-2025.yml"
        );
        let text = workflow(&found.plan_dir, &found.workflow_path());
        assert!(
            text.contains("PLAN_DIR: \"plans/fenmoor 2025\"\n"),
            "{text}"
        );
        assert!(text.contains("- \"plans/fenmoor 2025/**\"\n"), "{text}");
        assert_eq!(Placement::find(&root).plan_dir, ".");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn version_and_repository_come_from_cargo_toml() {
        let text = workflow(".", ".github/workflows/yjplan.yml");
        assert!(text.contains(&format!("YJPLAN_VERSION: \"{VERSION}\"\n")));
        assert!(text.contains(&format!("YJPLAN_REPOSITORY: \"{REPOSITORY}\"\n")));
        assert!(REPOSITORY.starts_with("https://github.com/"));
        // one build step annotates; check is not run separately
        assert_eq!(text.matches("--format github --summary").count(), 2);
        assert!(!text.contains("paths:"));
    }
}
