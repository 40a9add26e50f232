//! Explain: takes a diagnostic code and gives its entry from docs/diagnostics.md (embedded in the
//! binary): what it means, an example and the fix. The document is the single source: the
//! `explain` command and the reference page cannot disagree.

pub mod terminal;

use crate::util::did_you_mean;

/// The diagnostics reference, as written in docs/diagnostics.md.
const REFERENCE: &str = include_str!("../../docs/diagnostics.md");

/// Every code the reference documents, in its order.
pub fn codes() -> Vec<&'static str> {
    REFERENCE
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(str::trim)
        .collect()
}

/// The reference entry for a code as markdown (its `### code` heading first), or a message
/// naming close codes. [`terminal::render`] shows it in a terminal.
pub fn explain(code: &str) -> Result<String, String> {
    let code = code
        .trim()
        .trim_start_matches("error[")
        .trim_start_matches("warning[")
        .trim_end_matches(']');
    let heading = format!("### {code}");
    let Some(start) = REFERENCE.lines().position(|l| l.trim() == heading) else {
        let mut message = format!("there is no diagnostic code `{code}`");
        if let Some(best) = did_you_mean(code, codes()) {
            message.push_str(&format!("; did you mean `{best}`?"));
        }
        return Err(message + " (docs/diagnostics.md lists them all)");
    };
    let body: Vec<&str> = REFERENCE
        .lines()
        .skip(start + 1)
        .take_while(|l| !l.starts_with("### ") && !l.starts_with("## "))
        .collect();
    Ok(format!("### {code}\n{}\n", body.join("\n").trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_have_an_example_and_a_fix() {
        for code in codes() {
            let text = explain(code).unwrap();
            assert!(text.contains("Fix:"), "{code} has no fix:\n{text}");
            assert!(
                text.contains(&format!("[{code}]")),
                "{code} has no example:\n{text}"
            );
        }
    }

    #[test]
    fn unknown_codes_get_a_suggestion() {
        assert!(explain("heading-ordr")
            .unwrap_err()
            .contains("did you mean `heading-order`?"));
        assert!(explain("error[heading-order]").is_ok());
    }
}
