//! Unit tests of `src/view/mod.rs`.

use super::*;

#[test]
fn whole_words_only() {
    assert_eq!(find_word("the YJS and YJSS", "YJS"), Some(4));
    assert_eq!(find_word("YJSS", "YJS"), None);
    assert_eq!(find_word("(YJB)", "YJB"), Some(1));
}

#[test]
fn numeric_cells() {
    assert!(looks_numeric("1,179,999"));
    assert!(looks_numeric("85%"));
    assert!(!looks_numeric("n/a"));
}
