//! Unit tests of `src/compute/spec/mod.rs`.

use super::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn cells(yaml: &str) -> Vec<RawCell> {
    match serde_yaml::from_str::<RawCell>(yaml).unwrap() {
        RawCell::List(items) => items,
        other => vec![other],
    }
}

#[test]
fn yaml_numbers_keep_their_shortest_text() {
    let c = cells(
        "[0.08, 1179999, \"1,179,999\", ~, n/a, -3, 30.0, 340282366920938463463374607431768211455]",
    );
    assert_eq!(c[0], RawCell::Number("0.08".into()));
    assert_eq!(c[1], RawCell::Number("1179999".into()));
    assert_eq!(c[2], RawCell::Text("1,179,999".into()));
    assert_eq!(c[3], RawCell::Blank);
    assert_eq!(c[4], RawCell::Text("n/a".into()));
    match parse_cell(&c[0]).unwrap() {
        Cell::Number(n) => assert_eq!(n.value, Decimal::from_str("0.08").unwrap()),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        parse_cell(&c[6]).unwrap(),
        Cell::Number(Num::plain(Decimal::from(30)))
    );
    assert!(matches!(
        parse_cell(&c[7]),
        Err(CellError::Number(NumberError::TooLarge(_)))
    ));
}

#[test]
fn blanks_and_text() {
    for blank in ["\"\"", "\"-\"", "~", "\"–\""] {
        assert_eq!(
            parse_cell(&cells(blank)[0]).unwrap(),
            Cell::Blank,
            "{blank}"
        );
    }
    assert_eq!(
        parse_cell(&RawCell::Text(">10".into())).unwrap(),
        Cell::Text(">10".into())
    );
}

#[test]
fn bad_numbers_are_reported() {
    let mut problems = Vec::new();
    let cell = read_cell(
        &RawCell::Text("1,17,999".into()),
        &Loc::yaml(&["rows", "x"]),
        "x",
        &mut problems,
    );
    assert_eq!(cell, Cell::Invalid("1,17,999".into()));
    assert_eq!(problems[0].code, "bad-number");
    assert!(problems[0].hint.is_some());
    read_cell(&RawCell::List(vec![]), &Loc::default(), "x", &mut problems);
    assert_eq!(problems[1].code, "bad-value");
}

#[test]
fn negative_counts_are_errors() {
    let mut problems = Vec::new();
    read_count(
        &RawCell::Number("-3".into()),
        &Loc::default(),
        "the count",
        &mut problems,
    );
    assert_eq!(problems[0].code, "negative-count");
}

#[test]
fn unknown_keys_name_the_expected_keys() {
    let err = serde_yaml::from_str::<TableSpec>("kind: sum\ncolums: [a]\n").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("unknown field `colums`"), "{text}");
    assert!(text.contains("`columns`"), "{text}");
    let mut problems = Vec::new();
    let v: Value = serde_yaml::from_str("{populaton: 5}").unwrap();
    let row: Option<IndicatorRowSpec> = from_value(&v, &Loc::default(), &mut problems);
    assert!(row.is_none());
    assert_eq!(problems[0].code, "unknown-key");
    assert!(problems[0].message.contains("`population`"));
}

#[test]
fn rows_keep_their_order() {
    let v: Value = serde_yaml::from_str("{b: 1, a: 2, 2018: 3}").unwrap();
    let labels: Vec<String> = map_entries(&v, &Loc::default(), &mut Vec::new())
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(labels, ["b", "a", "2018"]);
}
