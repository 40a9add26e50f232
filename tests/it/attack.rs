//! Helpers for the tests that attack a plan: a fresh copy of a good fixture plan with a secret
//! file beside it, and a way to run the binary with a bound on how long it may take (a hang is a
//! failure, not a stuck test run).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What yjplan printed and how it exited.
pub struct Run {
    pub code: Option<i32>,
    pub out: String,
}

/// The secret written beside every hostile plan: it must never appear in any output.
pub const SECRET: &str = "TOPSECRET-d41d8cd98f00";

/// A copy of tests/fixtures/good/images (a complete plan with a PNG and an SVG) at
/// `<tmp>/hostile/<name>/plan`, with `<tmp>/hostile/<name>/secret.csv` beside it.
pub fn plan(name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&base);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/images");
    copy_dir(&src, &base.join("plan"));
    std::fs::write(base.join("secret.csv"), format!("Area,Count\n{SECRET},1\n")).unwrap();
    std::fs::write(base.join("secret.md"), format!("# {SECRET}\n")).unwrap();
    base.join("plan")
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Appends text to a file of the plan.
pub fn append(plan: &Path, file: &str, text: &str) {
    let path = plan.join(file);
    let mut old = std::fs::read_to_string(&path).unwrap_or_default();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
}

/// Writes a file of the plan, making its folder.
pub fn write(plan: &Path, file: &str, text: impl AsRef<[u8]>) {
    let path = plan.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs yjplan in `cwd`; a run that has not finished after `limit` is killed and fails the test.
pub fn yjplan_within(cwd: &Path, args: &[&str], limit: Duration) -> Run {
    let log = cwd.join(format!(".yjplan-test-{}.log", std::process::id()));
    let file = std::fs::File::create(&log).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_yjplan"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("yjplan {args:?} did not finish within {limit:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    let _ = std::fs::remove_file(&log);
    assert!(
        !out.contains("panicked"),
        "yjplan {args:?} panicked:\n{out}"
    );
    Run {
        code: status.code(),
        out,
    }
}

/// Runs yjplan with a generous bound (two minutes: debug builds on a busy machine).
pub fn yjplan(cwd: &Path, args: &[&str]) -> Run {
    yjplan_within(cwd, args, Duration::from_secs(120))
}

/// `check` on the plan (run from its parent), asserting exit 1 and that the secret never shows.
pub fn check_fails(plan: &Path) -> String {
    let run = yjplan(
        plan.parent().unwrap(),
        &["check", "plan", "--format", "short"],
    );
    assert_eq!(run.code, Some(1), "check should fail:\n{}", run.out);
    assert!(!run.out.contains(SECRET), "the secret leaked:\n{}", run.out);
    run.out
}

/// Every file under a folder, as (relative path, bytes), sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((rel, std::fs::read(&path).unwrap_or_default()));
        }
    }
}
