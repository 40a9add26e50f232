//! Tests of the PDF renderer: its time limit, one-shot and warm.

use super::*;

/// A template that runs for a few seconds (30 million rounds of a loop).
const SLOW: &str = "#let n = 0\n#for i in range(30000000) { n += 1 }\n#n";

#[test]
fn a_warm_renderer_past_its_time_limit_reports_it_and_renders_again() {
    let dir = std::env::temp_dir().join(format!("yjplan-warm-limit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let minimal =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/minimal");
    for entry in std::fs::read_dir(&minimal).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    // The plan's own template, typeset here by the warm path (tests enable no child).
    std::fs::create_dir_all(dir.join("templates/typst")).unwrap();
    std::fs::write(dir.join(TEMPLATE), SLOW).unwrap();
    let slow = crate::pipeline::compile(&dir).rendered.unwrap();
    let mut renderer = Renderer::warm();
    renderer.seconds = 1;
    let outcome = renderer.render(&slow);
    assert!(
        matches!(outcome, Err(PdfError::TooSlow(1))),
        "{:?}",
        outcome.err()
    );
    // The next edit gets a world of its own and is typeset as usual.
    std::fs::write(dir.join(TEMPLATE), "#set document(title: \"T\")\nTypeset.").unwrap();
    let quick = crate::pipeline::compile(&dir).rendered.unwrap();
    let again = renderer.render(&quick);
    assert_eq!(
        again.as_ref().map(|pdf| pdf.pages).ok(),
        Some(1),
        "{:?}",
        again.err()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_typesetting_past_its_time_limit_is_reported_not_waited_for() {
    // A template that runs for many seconds: collected with a one-second limit.
    let slow = SLOW;
    let fonts = Arc::new(FontSet::from_files(std::iter::empty()));
    let world = PlanWorld::new(slow, fonts, Datetime::from_ymd(2023, 6, 21).unwrap()).unwrap();
    let typesetting = Typesetting::begin(move || one_shot(world, After::MoreBuilds)).unwrap();
    let outcome = typesetting.collect(1).and_then(|pdf| pdf);
    assert!(
        matches!(outcome, Err(PdfError::TooSlow(1))),
        "{:?}",
        outcome.err()
    );
}
