//! Bad input never panics: random section files built from the characters that matter to YAML,
//! markdown and the template language go through the whole pipeline, which must return
//! diagnostics (or nothing), never crash; every diagnostic about the section file names its line.

use proptest::prelude::*;
use std::path::PathBuf;

const PLAN: &str =
    "service: S\nperiod: 2023/24\nedition: yjb-2023\npopulation:\n  S: { \"2022\": 100 }\n";

fn pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("tables:\n".to_string()),
        Just("  t:\n    kind: sum\n    columns: [A]\n    rows: { x: [1] }\n".to_string()),
        Just("    kind: indicator\n".to_string()),
        Just("# Heading\n".to_string()),
        Just("## Vision\n".to_string()),
        Just("#### Deep\n".to_string()),
        Just("{{ table(\"t\") }}\n".to_string()),
        Just("{{ t[\"x\"][\"A\"] }}".to_string()),
        Just("{% if %}".to_string()),
        Just("{{".to_string()),
        Just("<b>".to_string()),
        Just("<!--".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: note\n".to_string()),
        Just("![](x.png)".to_string()),
        Just("[link](#nowhere)".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | |\n".to_string()),
        Just("\u{e000}table:t\u{e001}".to_string()),
        Just("\n".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn compiling_any_section_never_panics(body in pieces(), plan_extra in "[ -~]{0,20}") {
        let dir: PathBuf = std::env::temp_dir().join(format!("yjplan-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("plan.yaml"), format!("{PLAN}{plan_extra}\n")).unwrap();
        std::fs::write(dir.join("01-section.md"), &body).unwrap();
        let compiled = yjplan::compile(&dir);
        for d in &compiled.diagnostics {
            prop_assert!(!d.message.is_empty());
            // Every problem in the section file names its line (file:line for every error).
            if let Some(loc) = d.location.as_ref().filter(|l| l.file.ends_with("01-section.md")) {
                prop_assert!(loc.line.is_some(), "{} has no line: {}", d.code, d.message);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
