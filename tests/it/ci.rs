//! The workflow `yjplan new` writes, run as shell commands: a plan made in a subfolder of a git
//! repository gets its workflow at the repository's root; the workflow's `run:` steps, run in
//! order with GitHub's variables set, install yjplan from a release (a local copy, checked against
//! its SHA256SUMS), check and build the plan with a job summary, and on a tag build the release
//! and verify it. A release from an uncommitted tree is refused unless `--allow-dirty`.

use crate::scratch;
use std::path::Path;
use std::process::{Command, Output};

const TARGET: &str = "x86_64-unknown-linux-musl";

fn run(cwd: &Path, program: &str, args: &[&str]) -> Output {
    let out = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn git(repo: &Path, args: &[&str]) {
    let mut all = vec!["-c", "user.name=Test", "-c", "user.email=test@example.org"];
    all.extend_from_slice(args);
    run(repo, "git", &all);
}

/// A release folder like GitHub's: releases/download/v<version>/<archive> and SHA256SUMS.
fn fake_release(dir: &Path) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let download = dir.join(format!("releases/download/v{version}"));
    let name = format!("yjplan-{version}-{TARGET}");
    std::fs::create_dir_all(download.join(&name)).unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_yjplan"),
        download.join(&name).join("yjplan"),
    )
    .unwrap();
    let archive = format!("{name}.tar.gz");
    run(&download, "tar", &["-czf", &archive, &name]);
    let digest = yjplan::render::manifest::sha256(&std::fs::read(download.join(&archive)).unwrap());
    std::fs::write(
        download.join("SHA256SUMS"),
        format!("{digest}  {archive}\n"),
    )
    .unwrap();
    format!("file://{}", dir.display())
}

/// Runs a job's `run:` steps in order as GitHub would (bash, the workflow's env, GITHUB_PATH),
/// skipping `uses:` steps. Returns the exit status of each step.
fn run_job(
    repo: &Path,
    workflow: &serde_yaml::Value,
    job: &str,
    env: &[(&str, String)],
) -> Vec<(String, bool)> {
    let home = repo.join("../home");
    std::fs::create_dir_all(&home).unwrap();
    let github_path = repo.join("../github_path");
    let _ = std::fs::remove_file(&github_path);
    let mut results = Vec::new();
    for step in workflow["jobs"][job]["steps"].as_sequence().unwrap() {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let extra = std::fs::read_to_string(&github_path).unwrap_or_default();
        let path: Vec<&str> = extra
            .lines()
            .chain(["/usr/local/bin", "/usr/bin", "/bin"])
            .collect();
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(repo)
            .env_clear()
            .env("PATH", path.join(":"))
            .env("HOME", &home)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("GITHUB_PATH", &github_path);
        for (key, value) in workflow["env"].as_mapping().unwrap() {
            cmd.env(key.as_str().unwrap(), value.as_str().unwrap());
        }
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd.output().unwrap();
        let name = step["name"].as_str().unwrap_or("").to_string();
        let ok = out.status.success();
        if !ok {
            eprintln!(
                "{name}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        results.push((name, ok));
        if !ok {
            break;
        }
    }
    results
}

#[test]
fn the_generated_workflow_checks_builds_and_releases_a_plan_in_a_subfolder() {
    let dir = scratch("ci-workflow");
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    let args = [
        "new",
        "plans/fenmoor",
        "--service",
        "Fenmoor Youth Justice Service",
        "--period",
        "2024/25",
    ];
    run(&repo, env!("CARGO_BIN_EXE_yjplan"), &args);
    let path = repo.join(".github/workflows/yjplan-plans-fenmoor.yml");
    let workflow: serde_yaml::Value =
        serde_yaml::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(workflow["env"]["PLAN_DIR"].as_str(), Some("plans/fenmoor"));
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "new plan"]);
    assert!(
        !repo.join("plans/fenmoor/.github").exists(),
        "GitHub reads workflows only at the root"
    );

    let mut env = vec![("YJPLAN_REPOSITORY", fake_release(&dir.join("release")))];
    let summary = dir.join("summary.md");
    env.push(("GITHUB_STEP_SUMMARY", summary.display().to_string()));
    env.push(("GITHUB_EVENT_NAME", "pull_request".into()));
    let steps = run_job(&repo, &workflow, "plan", &env);
    assert!(steps.iter().all(|(_, ok)| *ok), "{steps:?}");
    assert_eq!(steps.len(), 3, "install, PATH, check-and-build: {steps:?}");
    assert!(repo.join("plans/fenmoor/out/html/index.html").is_file());
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.contains("warning | plans/fenmoor/01-"),
        "problems in the summary: {text}"
    );
    let pdf_row = text
        .lines()
        .find(|l| l.starts_with("| fenmoor-youth-justice-plan-2024-25.pdf |"))
        .unwrap_or_else(|| panic!("outputs in the summary: {text}"));
    let digest = pdf_row.split('`').nth(1).unwrap_or_default();
    assert!(
        digest.len() == 64 && digest.chars().all(|c| c.is_ascii_hexdigit()),
        "the summary gives each output's SHA-256: {pdf_row}"
    );

    // A plan that asks for strict pull requests fails one with warnings, and writes nothing.
    let plan_yaml = repo.join("plans/fenmoor/plan.yaml");
    let yaml = std::fs::read_to_string(&plan_yaml).unwrap();
    std::fs::write(
        &plan_yaml,
        format!("{yaml}publish:\n  strict_pull_requests: true\n"),
    )
    .unwrap();
    std::fs::remove_dir_all(repo.join("plans/fenmoor/out")).unwrap();
    let steps = run_job(&repo, &workflow, "plan", &env);
    assert_eq!(steps.last().map(|(_, ok)| *ok), Some(false), "{steps:?}");
    assert!(!repo.join("plans/fenmoor/out").exists());

    // Signed off and committed, a tag's release job builds the release and verifies it.
    let signed = yaml
        .replace("  board: #", "  board: Fenmoor Management Board #")
        .replace("  date: #", "  date: 2024-06-20 #")
        .replace("  chair: #", "  chair: A Chair #")
        .replace("  role: #", "  role: Chair of the board #");
    std::fs::write(&plan_yaml, &signed).unwrap();
    std::fs::write(repo.join("plans/fenmoor/notes.txt"), "uncommitted").unwrap();
    env.push(("GITHUB_EVENT_NAME", "push".into()));
    let steps = run_job(&repo, &workflow, "release", &env);
    assert_eq!(
        steps.last().map(|(_, ok)| *ok),
        Some(false),
        "an uncommitted tree is refused: {steps:?}"
    );
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "plan"]);
    let steps = run_job(&repo, &workflow, "release", &env);
    assert!(steps.iter().all(|(_, ok)| *ok), "{steps:?}");
    let names: Vec<&str> = steps.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"Verify the release against its manifest"),
        "{names:?}"
    );
    let manifest = std::fs::read_to_string(repo.join("plans/fenmoor/out/manifest.json")).unwrap();
    assert!(manifest.contains("\"allow_dirty\": false"), "{manifest}");
}

#[test]
fn allow_dirty_releases_an_uncommitted_tree_and_says_so() {
    let dir = scratch("allow-dirty");
    git(&dir, &["init", "-q"]);
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/minimal");
    std::fs::create_dir_all(dir.join("plan")).unwrap();
    for entry in std::fs::read_dir(&plan).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.join("plan").join(entry.file_name())).unwrap();
        }
    }
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "plan"]);
    std::fs::write(
        dir.join("plan/plan.yaml"),
        std::fs::read_to_string(plan.join("plan.yaml")).unwrap() + "# changed\n",
    )
    .unwrap();
    let yjplan = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_yjplan"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let refused = yjplan(&[
        "build",
        "plan",
        "--release",
        "--out",
        "out",
        "--format",
        "short",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("error[release-dirty]"));
    assert!(
        !dir.join("out").exists(),
        "a refused release writes nothing"
    );
    let allowed = yjplan(&[
        "build",
        "plan",
        "--release",
        "--allow-dirty",
        "--out",
        "out",
        "--format",
        "json",
    ]);
    assert_eq!(
        allowed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&allowed.stdout).unwrap();
    let outputs = json["outputs"].as_array().unwrap();
    for o in outputs {
        let bytes = std::fs::read(dir.join("out").join(o["path"].as_str().unwrap())).unwrap();
        assert_eq!(o["bytes"].as_u64(), Some(bytes.len() as u64));
        assert_eq!(
            o["sha256"].as_str(),
            Some(yjplan::render::manifest::sha256(&bytes).as_str())
        );
    }
    let pdf = outputs
        .iter()
        .find(|o| o["path"].as_str().unwrap().ends_with(".pdf"))
        .unwrap();
    assert!(pdf["pages"].as_u64().is_some_and(|p| p > 0));
    assert!(outputs.iter().any(|o| o["path"] == "manifest.json"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["allow_dirty"], true);
    assert_eq!(manifest["git"]["dirty"], true);
}
