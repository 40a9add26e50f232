//! The output folder holds one whole build: killing a build at any point leaves the previous
//! output set or the new one, never a mix, and the next build cleans up after it. (That what
//! `check` passes `build` builds, and what `build` refuses `check` reports at the same line, is
//! asserted on every case of the hostile corpus, tests/it/corpus.rs, among them the 13 inputs of
//! issue 11 that used to pass `check` and fail `build`.)

use super::attack::{plan, tree, yjplan};
use std::time::{Duration, Instant};

/// A fixed sequence of delays (a linear congruential generator), so a failure can be replayed.
fn delays(n: usize, up_to: Duration) -> Vec<Duration> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            up_to.mul_f64((x >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}

/// The files that are in only one of two trees, or in both with different bytes.
fn differing(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let a: BTreeMap<_, _> = a.iter().map(|(path, bytes)| (path, bytes)).collect();
    let b: BTreeMap<_, _> = b.iter().map(|(path, bytes)| (path, bytes)).collect();
    let paths: BTreeSet<_> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter(|path| a.get(*path) != b.get(*path))
        .map(|path| path.to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_point_leaves_a_whole_output_set() {
    let plan = plan("killed");
    let parent = plan.parent().unwrap().to_path_buf();
    let section = plan.join("02-pictures.md");
    let text_a = std::fs::read_to_string(&section).unwrap();
    let text_b = format!("{text_a}\nA paragraph that only the second version has.\n");
    let build = |text: &str| {
        std::fs::write(&section, text).unwrap();
        let start = Instant::now();
        let run = yjplan(&parent, &["build", "plan", "--out", "out"]);
        assert_eq!(run.code, Some(0), "{}", run.out);
        (tree(&parent.join("out")), start.elapsed())
    };
    let (tree_b, _) = build(&text_b);
    let (tree_a, took) = build(&text_a);
    assert_ne!(tree_a, tree_b);
    for (i, delay) in delays(12, took + took / 2).into_iter().enumerate() {
        std::fs::write(&section, if i % 2 == 0 { &text_b } else { &text_a }).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yjplan"))
            .args(["build", "plan", "--out", "out"])
            .current_dir(&parent)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let signal = if i % 3 == 0 {
            libc::SIGINT
        } else {
            libc::SIGKILL
        };
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        child.wait().unwrap();
        let now = tree(&parent.join("out"));
        assert!(
            now == tree_a || now == tree_b,
            "try {i} (after {delay:?}, signal {signal}): a mixed output set; it differs from one \
             whole set in {:?} and from the other in {:?}",
            differing(&now, &tree_a),
            differing(&now, &tree_b)
        );
    }
    build(&text_a);
    let mut names: Vec<String> = std::fs::read_dir(&parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["out", "plan", "secret.csv", "secret.md"],
        "leftovers of killed builds are cleaned"
    );
}

#[test]
fn out_errors_name_the_path() {
    let plan = plan("out-error");
    let parent = plan.parent().unwrap();
    std::fs::write(parent.join("file"), "x").unwrap();
    let run = yjplan(parent, &["build", "plan", "--out", "file/out"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(run.out.contains("file"), "{}", run.out);
    let mine = parent.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("thesis.docx"), "mine").unwrap();
    let run = yjplan(parent, &["build", "plan", "--out", "mine"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(
        run.out
            .contains("mine holds `thesis.docx`, which yjplan did not write"),
        "{}",
        run.out
    );
    assert_eq!(std::fs::read(mine.join("thesis.docx")).unwrap(), b"mine");
}
