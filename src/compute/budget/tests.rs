//! Unit tests of `src/compute/budget/mod.rs`.

use super::super::testing::{codes, run, run_with, texts};
use super::super::Severity;

const WEST_MERCIA: &str = r#"
kind: budget
caption: Partner contributions to the youth justice pooled budget 2023/24
rows:
  Local authority:   { other: 1179999, label: Local Authorities }
  Police:            { staffing: 247503, other: 63000, total: 310503, label: Police Service }
  Probation:         { staffing: 65580, other: 5000, total: "70,580", label: National Probation Service }
  Health:            { staffing: 135106, other: 36894, total: 172000 }
  Police and Crime Commissioner: { other: 180293 }
  YJB Youth Justice Grant: { other: "£1,457,097", label: YJB – Youth Justice Grant }
stated_total: { staffing: 448189, in_kind: 0, other: 2922283, total: 3370472 }
"#;

#[test]
fn west_mercia_budget_2023_24_adds_up() {
    let (t, problems) = run(WEST_MERCIA);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    let rows = texts(&t);
    assert_eq!(
        rows[1],
        ["Police Service", "247,503", "", "63,000", "310,503"]
    );
    assert_eq!(
        rows[2],
        [
            "National Probation Service",
            "65,580",
            "",
            "5,000",
            "70,580"
        ]
    );
    assert_eq!(rows[3], ["Health", "135,106", "", "36,894", "172,000"]);
    assert_eq!(rows[7], ["Total", "448,189", "", "2,922,283", "3,370,472"]);
    assert_eq!(t.cell("total", "total").unwrap().text, "3,370,472");
    assert_eq!(t.cell("Police", "Total (£)").unwrap().text, "310,503");
    assert_eq!(
        t.cell("police-service", "staffing").unwrap().text,
        "247,503"
    );
    assert_eq!(t.cell("Total", "in_kind").unwrap().text, "");
    assert_eq!(
        t.cell("Total", "Other delegated funds (£)").unwrap().text,
        "2,922,283"
    );
}

#[test]
fn template_rows_in_order_with_footnotes() {
    let t = run(WEST_MERCIA).0.unwrap();
    let keys: Vec<&str> = t.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "local-authority",
            "police",
            "probation",
            "health",
            "police-and-crime-commissioner",
            "yjb-youth-justice-grant",
            "other",
            "total"
        ]
    );
    assert_eq!(texts(&t)[6], ["Other", "", "", "", ""]);
    assert_eq!(t.head[0][0].text, "Agency");
    assert_eq!(t.head[0].len(), 5);
    assert_eq!(t.notes.len(), 3);
    assert!(t.rows[7].is_total);
}

#[test]
fn a_stated_total_that_differs_is_an_error_with_both_values() {
    let (_, problems) = run(&WEST_MERCIA.replace("total: 3370472", "total: 3370473"));
    assert_eq!(codes(&problems), ["stated-mismatch"]);
    assert_eq!(
        problems[0].message,
        "the grand total (the Total row's Total (£)) is printed as 3,370,473, but the amounts add up to 3,370,472"
    );
    assert_eq!(problems[0].path, ["stated_total", "total"]);
}

#[test]
fn a_row_total_that_differs_is_an_error() {
    let (_, problems) = run(&WEST_MERCIA.replace("total: 310503", "total: 310504"));
    assert_eq!(codes(&problems), ["stated-mismatch"]);
    assert_eq!(problems[0].path, ["rows", "Police", "total"]);
    assert!(problems[0].message.contains("310,504") && problems[0].message.contains("310,503"));
}

#[test]
fn welsh_government_money_is_for_welsh_services_only() {
    let yaml = "kind: budget\ncaption: B\nrows:\n  Welsh Government: { other: 100 }\n";
    let (t, problems) = run(yaml);
    assert_eq!(codes(&problems), ["budget-row"]);
    let hint = problems[0].hint.as_deref().unwrap();
    assert!(
        !hint.contains("wales"),
        "never tell an English service to claim Wales: {hint}"
    );
    assert!(problems[0].message.contains("only services in Wales"));
    assert!(t.unwrap().rows.iter().all(|r| r.key != "welsh-government"));
    let (t, problems) = run_with(yaml, &[], true);
    assert!(problems.is_empty());
    let t = t.unwrap();
    assert_eq!(t.rows[5].key, "welsh-government");
    assert_eq!(t.cell("total", "total").unwrap().text, "100");
}

#[test]
fn a_blank_or_zero_welsh_government_row_is_printed_in_an_english_plan() {
    for cells in ["~", "{ other: 0 }", "{ staffing: \"-\", other: \"£0\" }"] {
        let yaml = format!(
            "kind: budget\ncaption: B\nrows:\n  Police: {{ other: 5 }}\n  Welsh Government: {cells}\n"
        );
        let (t, problems) = run(&yaml);
        assert!(problems.is_empty(), "{cells}: {problems:?}");
        let t = t.unwrap();
        assert_eq!(t.rows[5].label, "Welsh Government", "{cells}");
        assert_eq!(t.cell("total", "total").unwrap().text, "5");
    }
}

#[test]
fn the_authors_order_is_kept_when_asked() {
    let yaml = "kind: budget\ncaption: B\norder: as-written\nrows:\n  Police: { other: 1 }\n  Local Authority: { other: 2 }\n  YJB: { other: 3 }\n  Welsh Government: ~\n";
    let (t, problems) = run(yaml);
    assert!(problems.is_empty(), "{problems:?}");
    let labels: Vec<String> = t.unwrap().rows.iter().map(|r| r.label.clone()).collect();
    assert_eq!(
        labels,
        [
            "Police",
            "Local Authority",
            "YJB",
            "Welsh Government",
            "Total"
        ]
    );
}

#[test]
fn printed_headings_name_the_cells_in_messages() {
    let yaml = "kind: budget\ncaption: Budget 2023/24\ncolumns: [Staffing Costs – Secondees (£), Payments in kind (£), Other Delegated Funds, Total]\nrows:\n  Police Service: { staffing: 10, other: TBC, total: 11 }\nstated_total: { staffing: 12 }\n";
    let (t, problems) = run(yaml);
    assert_eq!(
        codes(&problems),
        [
            "text-in-computed-cell",
            "stated-mismatch",
            "stated-mismatch"
        ]
    );
    assert!(problems[0]
        .message
        .starts_with("Police Service, Other Delegated Funds is \"TBC\""));
    assert_eq!(
        problems[1].message,
        "the Total of Police Service is printed as 11, but the amounts add up to 10"
    );
    assert_eq!(
        problems[2].message,
        "the Total row's Staffing Costs – Secondees (£) is printed as 12, but the amounts add up to 10"
    );
    assert_eq!(t.unwrap().head[0][1].text, "Staffing Costs – Secondees (£)");
    let (_, problems) = run("kind: budget\ncaption: B\ncolumns: [A, B]\nrows: {}\n");
    assert_eq!(codes(&problems), ["row-length"]);
}

#[test]
fn common_wordings_name_template_rows() {
    let yaml = "kind: budget\ncaption: B\nrows:\n  Local authorities: { other: 1 }\n  Police service: { other: 2 }\n  National Probation Service: { other: 3 }\n  YJB – Youth Justice Grant: { other: 4 }\n  PCC: { other: 5 }\n";
    let (t, problems) = run(yaml);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(t.cell("total", "total").unwrap().text, "15");
    assert_eq!(t.rows[1].label, "Police service");
    assert_eq!(t.cell("police", "other").unwrap().text, "2");
}

#[test]
fn unknown_and_repeated_rows_are_errors() {
    let yaml = "kind: budget\ncaption: B\nrows:\n  Polic: { other: 1 }\n  Police: { other: 2 }\n  Police service: { other: 3 }\n";
    let (_, problems) = run(yaml);
    assert_eq!(codes(&problems), ["budget-row", "budget-row"]);
    assert!(problems[0]
        .hint
        .as_deref()
        .unwrap()
        .starts_with("did you mean \"Police\"? to print your own wording, write the template's row with `label:`, as in `Police: { label: \"Polic\", other: 1 }`"));
    assert_eq!(problems[1].path, ["rows", "Police service"]);
}

#[test]
fn pence_show_everywhere_when_any_amount_has_them() {
    let yaml =
        "kind: budget\ncaption: B\nrows:\n  Police: { staffing: 100, other: \"£1,000.50\" }\n";
    let t = run(yaml).0.unwrap();
    assert_eq!(
        texts(&t)[1],
        ["Police", "100.00", "", "1,000.50", "1,100.50"]
    );
}

#[test]
fn blanks_and_dashes_print_as_written_and_text_is_an_error() {
    let yaml = "kind: budget\ncaption: B\nrows:\n  Police: { staffing: \"-\", in_kind: ~, other: \"TBC\" }\n  Health: { staffing: \"85%\" }\n";
    let (t, problems) = run(yaml);
    assert_eq!(codes(&problems), ["text-in-computed-cell", "bad-number"]);
    assert_eq!(problems[0].path, ["rows", "Police", "other"]);
    assert_eq!(texts(&t.unwrap())[1], ["Police", "–", "", "", "–"]);
}

#[test]
fn a_negative_amount_is_a_warning() {
    let (_, problems) = run("kind: budget\ncaption: B\nrows:\n  Other: { other: -500 }\n");
    assert_eq!(codes(&problems), ["negative-amount"]);
    assert_eq!(problems[0].severity, Severity::Warning);
}

#[test]
fn unknown_keys_in_a_row_are_errors() {
    let (_, problems) =
        run("kind: budget\ncaption: B\nrows:\n  Police: { staff: 1 }\nstated_total: { totl: 1 }\n");
    assert_eq!(codes(&problems), ["unknown-key", "unknown-key"]);
    assert!(problems[0].message.contains("`staffing`"));
}

#[test]
fn an_own_total_row_is_one_message_saying_yjplan_adds_it() {
    let (_, problems) =
        run("kind: budget\ncaption: B\nrows:\n  Police: { other: 10 }\n  TOTAL: { other: 10 }\n");
    assert_eq!(codes(&problems), ["own-total-row"]);
    assert!(problems[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("stated_total:"));
}
