//! The documentation keeps up with the code: every diagnostic code the source can emit has an
//! entry in docs/diagnostics.md (which `yjplan explain` prints), and every documented code is one
//! the source can emit.

use std::collections::BTreeSet;
use std::path::Path;

/// Codes chosen at run time rather than written at the call (`(code, message)` tuples).
const INDIRECT: &[&str] = &[
    "heading-wording",
    "misspelt-heading",
    "unknown-key",
    "yaml-syntax",
    "yaml-value",
    "unknown-figure",
    "unknown-name",
    "template-syntax",
    "unknown-table",
    "template-error",
];

fn source_codes() -> BTreeSet<String> {
    let mut codes: BTreeSet<String> = INDIRECT.iter().map(|s| s.to_string()).collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
                for call in [
                    "Diagnostic::error(",
                    "Diagnostic::warning(",
                    "Problem::error(",
                    "Problem::warning(",
                ] {
                    for piece in text.split(call).skip(1) {
                        let rest = piece.trim_start();
                        if let Some(literal) =
                            rest.strip_prefix('"').and_then(|r| r.split('"').next())
                        {
                            codes.insert(literal.to_string());
                        }
                    }
                }
            }
        }
    }
    codes
}

fn documented_codes() -> BTreeSet<String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
            .unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(|c| c.trim().to_string())
        .collect()
}

#[test]
fn every_code_in_the_source_is_documented() {
    let missing: Vec<String> = source_codes()
        .difference(&documented_codes())
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "codes without an entry in docs/diagnostics.md: {missing:?}"
    );
}

#[test]
fn every_documented_code_exists() {
    let stale: Vec<String> = documented_codes()
        .difference(&source_codes())
        .cloned()
        .collect();
    assert!(
        stale.is_empty(),
        "docs/diagnostics.md documents codes the source never emits: {stale:?}"
    );
}
