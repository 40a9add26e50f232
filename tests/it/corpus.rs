//! The hostile corpus, tests/fixtures/hostile (its README lists the cases): each case is laid over
//! a copy of the images fixture with a secret file beside the plan, its special files (symlinks,
//! FIFOs, huge files) are made, and `check` and `build` run on it under a time bound that kills
//! the run (a safety net against hangs, not a speed assertion). Every case also carries one
//! warning, which no outcome may drop. Asserted for every case: the
//! diagnostics are the case's expected.txt (UPDATE_GOLDEN=1 rewrites it), the exit code is 0 or 1
//! and never a panic or an abort, every error names a file of the plan, the secret and system
//! files never appear in what yjplan prints or writes, nothing is written when the plan fails,
//! and `build` reports exactly what `check` does (what check passes, build builds).

use super::attack::{append, copy_dir, plan, tree, yjplan_with, Run, SECRET};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Kills a run that hangs; generous for debug builds on a busy machine.
const BOUND: Duration = Duration::from_secs(300);

/// The time limit of a plan's own Typst template in these runs (the default is two minutes).
const TYPST_SECONDS: &str = "5";

/// What a system file starts with: /etc/passwd's first line.
const SYSTEM_FILE: &str = "root:x:0";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// The case folders, sorted.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("case.txt").is_file())
        .collect();
    cases.sort();
    cases
}

/// The case as a plan folder (the images fixture, the case's files over it, its special files
/// made), or `None` when the case needs what this platform lacks.
fn materialise(case: &Path) -> Option<PathBuf> {
    let name = case.file_name()?.to_string_lossy().into_owned();
    let plan = plan(&format!("corpus-{name}"));
    // One warning in every case: a build that fails must not drop the plan's warnings.
    append(
        &plan,
        "01-plan.md",
        "\nSee [click here](https://example.org).\n",
    );
    if case.join("plan").is_dir() {
        copy_dir(&case.join("plan"), &plan);
    }
    let script = std::fs::read_to_string(case.join("case.txt")).unwrap();
    for line in script.lines().filter(|l| !l.starts_with('#')) {
        let words: Vec<&str> = line.splitn(4, ' ').collect();
        match words.as_slice() {
            ["unix"] => unix_only()?,
            ["symlink", link, target] => symlink(&plan, link, target)?,
            ["fifo", path] => fifo(&plan.join(path))?,
            ["repeat", path, count, text] => repeat(&plan.join(path), count, text),
            _ => panic!("{name}/case.txt: unknown line {line:?}"),
        }
    }
    Some(plan)
}

fn unix_only() -> Option<()> {
    cfg!(unix).then_some(())
}

/// A symlink in the plan to `target`: absolute, or relative to the folder holding the plan and
/// its secrets.
fn symlink(plan: &Path, link: &str, target: &str) -> Option<()> {
    let link = plan.join(link);
    let target = plan.parent()?.join(target);
    std::fs::create_dir_all(link.parent()?).unwrap();
    let _ = std::fs::remove_file(&link);
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, link).ok();
    #[cfg(not(unix))]
    return None;
}

fn fifo(path: &Path) -> Option<()> {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    made.ok()?.success().then_some(())
}

/// Appends `text` (`\n` a newline, `{n}` the repetition's number) `count` times to a file.
fn repeat(path: &Path, count: &str, text: &str) {
    use std::io::Write as _;
    let text = text.replace("\\n", "\n");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    let mut out = std::io::BufWriter::new(file);
    for n in 0..count.parse::<usize>().unwrap() {
        out.write_all(text.replace("{n}", &n.to_string()).as_bytes())
            .unwrap();
    }
}

/// Runs yjplan from the folder holding the plan.
fn run(plan: &Path, args: &[&str]) -> Run {
    let vars = [("YJPLAN_PDF_SECONDS", TYPST_SECONDS)];
    let run = yjplan_with(plan.parent().unwrap(), args, &vars, BOUND);
    let Run { code, out } = run;
    // The build's closing line says what it wrote; the rest is the diagnostics.
    let out = out
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .map(|l| format!("{l}\n"))
        .collect();
    Run { code, out }
}

/// The assertions that hold for every case; gives the diagnostics `check` printed.
fn attack(case: &Path, plan: &Path) -> String {
    let name = case.file_name().unwrap().to_string_lossy();
    let check = run(plan, &["check", "plan", "--format", "short"]);
    assert!(
        matches!(check.code, Some(0 | 1)),
        "{name}: check exited with {:?}:\n{}",
        check.code,
        check.out
    );
    for line in check.out.lines().filter(|l| l.contains(": error[")) {
        assert!(
            line.starts_with("plan/"),
            "{name}: an error without its file: {line}"
        );
    }
    let out_dir = plan.parent().unwrap().join("out");
    let build = run(
        plan,
        &["build", "plan", "--out", "out", "--format", "short"],
    );
    assert_eq!(
        build.code, check.code,
        "{name}: check and build disagree:\n{}",
        build.out
    );
    assert_eq!(
        build.out, check.out,
        "{name}: build reports what check reports"
    );
    let written = tree(&out_dir);
    if check.code == Some(1) {
        assert!(
            written.is_empty(),
            "{name}: a failed build wrote {}",
            written.len()
        );
    } else {
        assert!(
            written.iter().any(|(p, _)| p.ends_with(".pdf")),
            "{name}: no PDF"
        );
    }
    let printed = std::iter::once((
        "stdout and stderr".to_string(),
        check.out.as_bytes().to_vec(),
    ));
    for (file, bytes) in written.into_iter().chain(printed) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(SECRET), "{name}: the secret is in {file}");
        assert!(
            !text.contains(SYSTEM_FILE),
            "{name}: a system file is in {file}"
        );
    }
    check.out
}

#[test]
fn every_hostile_plan_is_refused_at_its_line_or_built_and_check_agrees_with_build() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    // CORPUS_CASE=deep runs only the cases whose names hold "deep" (while working on one).
    let only = std::env::var("CORPUS_CASE").ok();
    let mut ran = 0;
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if only
            .as_ref()
            .is_some_and(|only| !name.contains(only.as_str()))
        {
            continue;
        }
        let Some(plan) = materialise(&case) else {
            eprintln!("{name}: skipped on this platform");
            continue;
        };
        eprintln!("{name}");
        let out = attack(&case, &plan);
        let expected = case.join("expected.txt");
        if update {
            std::fs::write(&expected, &out).unwrap();
        } else {
            let want = std::fs::read_to_string(&expected).unwrap_or_default();
            assert_eq!(
                out, want,
                "{name}: the diagnostics differ from expected.txt"
            );
        }
        ran += 1;
    }
    assert!(ran >= 40 || only.is_some(), "only {ran} cases ran");
}
