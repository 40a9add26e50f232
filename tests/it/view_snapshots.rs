//! The view model is the templates' contract, so a change to it must be seen and reviewed: the
//! view of the two sample plans (content/, content-2025/) and of every plan under
//! tests/fixtures/good/ is compared with its checked-in JSON snapshot in
//! tests/snapshots/view/<name>.json.
//!
//! A changed view fails with a summary of the first lines that differ. After a deliberate change,
//! rewrite the snapshots with `UPDATE_SNAPSHOTS=1 cargo test view_snapshots` and review the diff
//! (`git diff tests/snapshots`) before committing it; nothing rewrites them otherwise.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every plan with a snapshot: the two sample plans and each good fixture, by snapshot name.
fn plans() -> Vec<(String, PathBuf)> {
    let mut plans = vec![
        ("sample".to_string(), root().join("content")),
        ("sample-2025".to_string(), root().join("content-2025")),
    ];
    let good = root().join("tests/fixtures/good");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&good)
        .expect("tests/fixtures/good")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| p.join("plan.yaml").is_file())
        .collect();
    fixtures.sort();
    for dir in fixtures {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        plans.push((name, dir));
    }
    plans
}

/// The lines that differ between the snapshot and the view, at most `limit` of them.
fn summary(expected: &str, actual: &str, limit: usize) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = format!("{} lines in the snapshot, {} now\n", e.len(), a.len());
    let differing = (0..e.len().max(a.len())).filter(|&i| e.get(i) != a.get(i));
    for i in differing.take(limit) {
        out.push_str(&format!(
            "line {}:\n  - {}\n  + {}\n",
            i + 1,
            e.get(i).unwrap_or(&"<none>"),
            a.get(i).unwrap_or(&"<none>")
        ));
    }
    out
}

#[test]
fn the_view_model_matches_its_snapshot() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let dir = root().join("tests/snapshots/view");
    let mut failures = Vec::new();
    for (name, plan) in plans() {
        let compiled = yjplan::compile(&plan);
        let rendered = compiled
            .rendered
            .unwrap_or_else(|| panic!("{name}: no view model"));
        let actual = rendered.view.to_json();
        let path = dir.join(format!("{name}.json"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "no snapshot {}: run with UPDATE_SNAPSHOTS=1 and review it",
                path.display()
            )
        });
        if expected != actual {
            failures.push(format!(
                "{name}: the view differs from {}\n{}",
                path.display(),
                summary(&expected, &actual, 8)
            ));
        }
    }
    assert!(failures.is_empty(), "{}\nif the change is meant, run UPDATE_SNAPSHOTS=1 cargo test view_snapshots and review git diff", failures.join("\n"));
}

#[test]
fn a_changed_view_is_summarised_line_by_line() {
    let s = summary("{\n  \"a\": 1\n}\n", "{\n  \"a\": 2\n}\n", 8);
    assert_eq!(
        s,
        "3 lines in the snapshot, 3 now\nline 2:\n  -   \"a\": 1\n  +   \"a\": 2\n"
    );
}
