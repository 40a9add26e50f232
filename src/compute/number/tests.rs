//! Unit tests of `src/compute/number/mod.rs`.

use super::*;
use proptest::prelude::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn reads_separators_money_and_percent() {
    assert_eq!(
        parse_number("1,179,999").unwrap().unwrap().value,
        d("1179999")
    );
    let money = parse_number("£1,179,999.50").unwrap().unwrap();
    assert_eq!(money.value, d("1179999.50"));
    assert!(money.money);
    let pct = parse_number("85%").unwrap().unwrap();
    assert!(pct.percent);
    assert_eq!(pct.value, d("85"));
    assert_eq!(parse_number("-£5").unwrap().unwrap().value, d("-5"));
    assert_eq!(parse_number("£-5").unwrap().unwrap().value, d("-5"));
    // Word's AutoCorrect turns the hyphen of a negative number into an en dash.
    assert_eq!(parse_number("–3").unwrap().unwrap().value, d("-3"));
    assert_eq!(parse_number("‒0.5%").unwrap().unwrap().value, d("-0.5"));
    assert_eq!(parse_number("–").unwrap(), None);
}

#[test]
fn keeps_written_decimals() {
    assert_eq!(parse_number("0.50").unwrap().unwrap().value.scale(), 2);
    assert_eq!(parse_plain("0.08").unwrap(), d("0.08"));
}

#[test]
fn rejects_misplaced_separators() {
    for bad in [
        "1,17,999",
        "11,79,999",
        ",5",
        "1,0000",
        "1.2.3",
        "1 179 999",
        "5.",
    ] {
        assert!(parse_number(bad).is_err(), "{bad}");
    }
    assert!(matches!(
        parse_number("1,17,999"),
        Err(NumberError::Separators(_))
    ));
}

#[test]
fn text_is_not_a_number() {
    for text in [">10", "<5", "n/a", "10-17", "£", "Q1 2022"] {
        assert_eq!(parse_number(text).unwrap(), None, "{text}");
    }
}

#[test]
fn too_many_digits_is_an_error() {
    assert!(matches!(
        parse_number("123456789012345678901234567890"),
        Err(NumberError::TooLarge(_))
    ));
    assert!(parse_plain("NaN").is_err());
    assert!(parse_plain("inf").is_err());
}

#[test]
fn formats_with_separators_and_fixed_places() {
    assert_eq!(format_fixed(d("1179999"), 0), "1,179,999");
    assert_eq!(format_fixed(d("999"), 0), "999");
    assert_eq!(format_fixed(d("30"), 1), "30.0");
    assert_eq!(format_fixed(d("0.08"), 2), "0.08");
    assert_eq!(format_fixed(d("-1234.5"), 0), "-1,235");
    assert_eq!(format_fixed(d("-0.001"), 2), "0.00");
    assert_eq!(format_money(d("1179999.5"), true), "1,179,999.50");
}

#[test]
fn rounds_half_up() {
    assert_eq!(format_fixed(d("0.125"), 2), "0.13");
    assert_eq!(format_fixed(d("2.5"), 0), "3");
    assert_eq!(format_fixed(d("-2.5"), 0), "-3");
    assert_eq!(format_percent(d("6.5420560747663551401869158879"), 0), "7%");
}

#[test]
fn signs_changes() {
    assert_eq!(format_signed(d("1.24"), 1), "+1.2");
    assert_eq!(format_signed(d("-3"), 1), "-3.0");
    assert_eq!(format_signed(d("0.01"), 1), "0.0");
}

#[test]
fn ratio_never_panics() {
    assert_eq!(
        ratio(d("9"), Decimal::ZERO, d("1000")),
        Err(ArithError::DivisionByZero)
    );
    assert_eq!(
        ratio(Decimal::MAX, d("0.0001"), d("100000")),
        Err(ArithError::Overflow)
    );
    let custody = ratio(d("9"), d("115388"), d("1000")).unwrap();
    assert_eq!(format_fixed(custody, 2), "0.08");
}

#[test]
fn sum_reports_overflow() {
    assert_eq!(sum([Decimal::MAX, Decimal::MAX]), Err(ArithError::Overflow));
    assert_eq!(sum([d("0.5"), d("1"), d("1.3")]).unwrap(), d("2.8"));
}

proptest! {
    #[test]
    fn format_then_parse_round_trips(units in -10_000_000_000_000i64..10_000_000_000_000i64, scale in 0u32..6) {
        let value = Decimal::new(units, scale);
        let text = format_fixed(value, scale);
        let back = parse_number(&text).unwrap().unwrap().value;
        prop_assert_eq!(back, value);
        let signed = format_signed(value, scale);
        prop_assert_eq!(parse_number(&signed).unwrap().unwrap().value, value);
    }

    #[test]
    fn ratio_never_panics_on_any_input(a in any::<i64>(), b in any::<i64>(), s in 0u32..28, m in prop::sample::select(vec![100u32, 1000, 10000, 100000])) {
        let _ = ratio(Decimal::new(a, s), Decimal::new(b, 0), Decimal::from(m));
        let _ = ratio(Decimal::MAX, Decimal::new(b, s), Decimal::from(m));
        let _ = ratio(Decimal::new(a, 0), Decimal::new(b, s), Decimal::MAX);
    }

    #[test]
    fn any_text_parses_without_panic(text in ".{0,20}") {
        let _ = parse_number(&text);
    }
}
