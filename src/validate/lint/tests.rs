//! Unit tests of `src/validate/lint.rs`.

use super::*;

fn file() -> SourceFile {
    SourceFile::new("s.md", "line\n")
}

#[test]
fn sentences_split_at_full_stops_before_capitals() {
    assert_eq!(
        sentences("One two. Three four! e.g. five"),
        ["One two.", " Three four! e.g. five"]
    );
    assert_eq!(
        sentences("It cost £1.5m. Then 3 more."),
        ["It cost £1.5m.", " Then 3 more."]
    );
}

#[test]
fn long_sentences_are_counted_in_words() {
    let long = vec!["word"; 31].join(" ") + ".";
    assert_eq!(long_sentences(&file(), 1, &long).len(), 1);
    let ok = vec!["word"; 30].join(" ") + ".";
    assert!(long_sentences(&file(), 1, &ok).is_empty());
}

#[test]
fn capitals_need_a_run_of_words() {
    assert!(capitals(&file(), 1, "THIS IS VERY IMPORTANT indeed", false).is_some());
    assert!(capitals(&file(), 1, "The YJB and HMIP and the YJS", false).is_none());
    assert!(capitals(&file(), 1, "LOCAL CONTEXT", true).is_some());
}

#[test]
fn acronyms_need_a_glossary_entry_once() {
    let glossary: OrderedMap<String> = serde_yaml::from_str("YJS: Youth Justice Service").unwrap();
    let mut seen = BTreeSet::new();
    let found = acronyms(
        &file(),
        1,
        "The YJS and the YJB and the YJB and OoCDs in the UK.",
        &glossary,
        &mut seen,
    );
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("YJB"));
    assert!(acronyms(&file(), 1, "The EHCPs.", &glossary, &mut seen)[0]
        .message
        .contains("EHCP "));
}

#[test]
fn link_text_lints() {
    assert_eq!(
        link_text(&file(), 1, "https://x.org", "click here")
            .unwrap()
            .code,
        "vague-link"
    );
    assert_eq!(
        link_text(&file(), 1, "https://x.org", "https://x.org")
            .unwrap()
            .code,
        "bare-url"
    );
    assert!(link_text(&file(), 1, "https://x.org", "the YJB's guidance").is_none());
}

#[test]
fn generic_alt_text() {
    assert!(poor_alt(&file(), 1, "image").is_some());
    assert!(poor_alt(&file(), 1, "chart.png").is_some());
    assert!(poor_alt(&file(), 1, "Rates fell from 408 to 93").is_none());
}
