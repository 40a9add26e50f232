//! Fuzzing for a bounded time: random plans, built from the pieces that matter to YAML, markdown,
//! the template language, tables and edition files, go through the whole pipeline. Nothing may
//! panic, abort or hang, and a plan that `check` passes must typeset (the PDF is the stage that
//! used to fail after a clean check).
//!
//! It runs for `YJPLAN_FUZZ_SECONDS` seconds (default 40) as part of `cargo test`; run it longer
//! on demand with e.g. `YJPLAN_FUZZ_SECONDS=1800 cargo test --release --test it fuzz -- --nocapture`.
//! `YJPLAN_FUZZ_SEED` replays a run. It prints how many plans it tried and the slowest one.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PLAN: &str = "service: S\nperiod: 2023/24\nedition: yjb-2023\nareas: [S]\npopulation:\n  S: { \"2022\": 100, \"Sep-22\": 100 }\n";

fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Introduction\n".to_string()),
        Just("## Vision\n".to_string()),
        Just("## \n".to_string()),
        Just("#### Deep\n".to_string()),
        Just("{{ table(\"t\") }}\n".to_string()),
        Just("{{ chart(\"t\") }}\n".to_string()),
        Just("{{ t[\"x\"][\"A\"] }}".to_string()),
        Just("{% for r in t %}{{ r }}{% endfor %}".to_string()),
        Just("{% if plan.service %}yes{% endif %}".to_string()),
        Just("{% set x = 1 %}".to_string()),
        Just("{{ range(10) | join(\",\") }}".to_string()),
        Just("{{".to_string()),
        Just("<b>".to_string()),
        Just("<!--".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: note[^1]\n".to_string()),
        Just("![alt](assets/x.svg)".to_string()),
        Just("![](../x.png)".to_string()),
        Just("[link](#nowhere)".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("  ".to_string()),
        Just("**".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | |\n".to_string()),
        Just("\u{e000}table:t\u{e001}".to_string()),
        Just("ŵŷ “quoted” — 中 😀 \u{7}".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    // Mostly plain sentences, so that some plans check clean and are typeset.
    let piece = prop_oneof![
        4 => "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,8}[.]\n\n",
        1 => text_piece(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1".to_string()),
        Just("-3".to_string()),
        Just("1e400".to_string()),
        Just("0.000000000000000000000000000001".to_string()),
        Just("99999999999999999999999999999".to_string()),
        Just("\"*\"".to_string()),
        Just("null".to_string()),
        Just("\"x\"".to_string()),
        Just("[1, 2]".to_string()),
        "[0-9]{1,4}",
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    let kind = prop_oneof![
        Just("sum"),
        Just("indicator"),
        Just("budget"),
        Just("share"),
        Just("text"),
        Just("nope")
    ];
    let extra = prop_oneof![
        Just(String::new()),
        Just("    indicator: fte\n    periods: [Sep-22]\n".to_string()),
        Just("    csv: data/t.csv\n".to_string()),
        Just("    csv: ../../etc/passwd\n".to_string()),
        Just("    chart: line\n".to_string()),
        Just("    totals: both\n".to_string()),
        Just("allow:\n  - { lint: long-sentence, reason: x }\n".to_string()),
        Just("unknown: 1\n".to_string()),
        Just("  &a [*a, *a]\n".to_string()),
    ];
    (kind, prop::collection::vec(cell(), 0..4), prop::collection::vec(extra, 0..3), any::<bool>()).prop_map(
        |(kind, cells, extras, close)| {
            let rows = format!("    rows:\n      x: [{}]\n      S: {{ count: [{}] }}\n", cells.join(", "), cells.join(", "));
            let end = if close { "---\n" } else { "" };
            format!("---\ntables:\n  t:\n    kind: {kind}\n    caption: T\n    columns: [A]\n{rows}{}{end}", extras.concat())
        },
    )
}

fn csv() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just(",".to_string()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just("A".to_string()),
            Just("x".to_string()),
            Just("1".to_string()),
            "[ -~]{0,5}"
        ],
        0..40,
    )
    .prop_map(|p| format!("A,B\n{}", p.concat()))
}

fn edition() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        1 => prop::collection::vec(prop_oneof![
            Just("id: yjb-2023\n".to_string()),
            Just("headings:\n".to_string()),
            Just("  - { level: 1, text: Introduction }\n".to_string()),
            Just("  - { level: 9, text: \"\" }\n".to_string()),
            Just("  - &a [*a]\n".to_string()),
            "[ -~]{0,16}\n",
        ], 0..8).prop_map(|p| Some(p.concat())),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    on_its_own: bool,
    with_front: bool,
    plan_extra: String,
    front: String,
    body: String,
    csv: String,
    edition: Option<String>,
}

fn case() -> impl Strategy<Value = Case> {
    let shape = (prop::bool::weighted(0.25), prop::bool::weighted(0.3));
    (
        shape,
        "[ -~]{0,20}",
        front_matter(),
        body(),
        csv(),
        edition(),
    )
        .prop_map(
            |((on_its_own, with_front), plan_extra, front, body, csv, edition)| Case {
                on_its_own,
                with_front,
                plan_extra,
                front,
                body,
                csv,
                edition,
            },
        )
}

/// A case is a complete plan (the minimal fixture, every template heading) plus a random
/// section after it, so that some cases check clean and go on to be typeset; and, one time in
/// four, a random section on its own with random plan settings.
fn write_case(dir: &Path, c: &Case) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/minimal");
    if c.on_its_own {
        std::fs::write(dir.join("plan.yaml"), format!("{PLAN}{}\n", c.plan_extra)).unwrap();
        std::fs::write(dir.join("99-section.md"), format!("{}{}", c.front, c.body)).unwrap();
    } else {
        for name in ["plan.yaml", "01-plan.md"] {
            std::fs::copy(minimal.join(name), dir.join(name)).unwrap();
        }
        let front = if c.with_front { c.front.as_str() } else { "" };
        std::fs::write(
            dir.join("99-section.md"),
            format!("{front}## Local notes\n\n{}", c.body),
        )
        .unwrap();
    }
    std::fs::write(dir.join("data/t.csv"), &c.csv).unwrap();
    std::fs::write(
        dir.join("assets/x.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
    )
    .unwrap();
    if let Some(edition) = &c.edition {
        std::fs::create_dir_all(dir.join("templates/editions")).unwrap();
        std::fs::write(dir.join("templates/editions/yjb-2023.yaml"), edition).unwrap();
    }
}

/// Compiles a case; when it has no errors, typesets it too. Gives what went wrong, if anything.
fn run_case(dir: &Path, c: &Case, typeset: bool) -> Result<bool, String> {
    write_case(dir, c);
    let compiled = yjplan::compile(dir);
    if compiled.diagnostics.iter().any(|d| d.message.is_empty()) {
        return Err("a diagnostic with no message".into());
    }
    let clean = !compiled.diagnostics.iter().any(|d| d.is_error());
    if let (true, true, Some(r)) = (clean, typeset, &compiled.rendered) {
        yjplan::render::pdf::render(r)
            .map_err(|e| format!("check passed but the PDF failed: {e}"))?;
        let publication = yjplan::render::html::Publication::new(r, None);
        yjplan::render::html::render(r, &publication)
            .map_err(|e| format!("check passed but the page failed: {e}"))?;
    }
    Ok(clean)
}

#[test]
fn random_plans_never_panic_and_what_checks_clean_typesets() {
    let seconds: u64 = std::env::var("YJPLAN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let seed: u64 = std::env::var("YJPLAN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(11);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    );
    let dir: PathBuf =
        std::env::temp_dir().join(format!("yjplan-fuzz-plans-{}", std::process::id()));
    let strategy = case();
    let start = Instant::now();
    let (mut tried, mut clean, mut typeset) = (0u64, 0u64, 0u64);
    let mut slowest = (Duration::ZERO, None::<Case>);
    while start.elapsed() < Duration::from_secs(seconds) {
        let c = strategy.new_tree(&mut runner).expect("a case").current();
        // Typesetting is slow in debug builds: one clean plan in eight goes through Typst.
        let typeset_this = tried % 8 == 0;
        let began = Instant::now();
        let result = std::panic::catch_unwind(|| run_case(&dir, &c, typeset_this));
        let took = began.elapsed();
        match result {
            Ok(Ok(was_clean)) => {
                clean += u64::from(was_clean);
                typeset += u64::from(was_clean && typeset_this);
            }
            Ok(Err(problem)) => panic!("case {tried} (seed {seed}): {problem}\n{c:#?}"),
            Err(_) => panic!("case {tried} (seed {seed}) panicked:\n{c:#?}"),
        }
        if took > slowest.0 {
            slowest = (took, Some(c));
        }
        tried += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "fuzz: {tried} plans in {:.1} s (seed {seed}): {clean} checked clean, {typeset} typeset; slowest {:?}",
        start.elapsed().as_secs_f64(),
        slowest.0
    );
    assert!(tried > 0);
}
