//! The population aged 10 to 17 in plan.yaml: `source` plus, under each area, a count per
//! period. Counts are read by the number parser table cells use, so `"50,00"` or `"5,0,0,0,0"` is
//! an error at its line, as in a table, not 5000 or 50000.

use crate::compute::number::parse_number;
use crate::util::OrderedMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Population aged 10 to 17: `source` plus one mapping per area from period label to count.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Population {
    /// Where the population figures come from.
    pub source: Option<String>,
    /// Population aged 10-17 by area, then by period.
    pub areas: OrderedMap<OrderedMap<Decimal>>,
}

impl<'de> Deserialize<'de> for Population {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map: OrderedMap<serde_yaml::Value> = OrderedMap::deserialize(deserializer)?;
        let mut source = None;
        map.0.retain(|(k, v)| {
            if k == "source" {
                source = v.as_str().map(str::to_string);
                false
            } else {
                true
            }
        });
        let mut areas = Vec::new();
        for (area, value) in map.0 {
            let periods: OrderedMap<serde_yaml::Value> = serde_yaml::from_value(value)
                .map_err(|e| serde::de::Error::custom(format!("population of {area}: {e}")))?;
            let mut counts = Vec::new();
            for (period, n) in periods.0 {
                let count = population_count(&n).map_err(|why| {
                    serde::de::Error::custom(format!(
                        "the population of {area} in {period} cannot be read: {why}"
                    ))
                })?;
                counts.push((period, count));
            }
            areas.push((area, OrderedMap(counts)));
        }
        Ok(Population {
            source,
            areas: OrderedMap(areas),
        })
    }
}

/// A population figure read as a table cell is (one number parser for everything an author
/// types): `115388` or `"115,388"`, never `"50,00"`, a percentage, an amount of money or below 0.
fn population_count(value: &serde_yaml::Value) -> Result<Decimal, String> {
    let text = match value {
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::String(s) => s.clone(),
        other => {
            return Err(format!(
                "{other:?} is not a number; write a count such as 115388"
            ))
        }
    };
    match parse_number(&text) {
        Ok(Some(n)) if !n.percent && !n.money && !n.is_negative() => Ok(n.value),
        Err(e) => Err(format!("{e}; {}", e.hint())),
        _ => Err(format!(
            "\"{}\" is not a count of children; write a number such as 115388",
            text.trim()
        )),
    }
}

impl Population {
    /// The population of an area (matched case-insensitively) in a period.
    pub fn get(&self, area: &str, period: &str) -> Option<Decimal> {
        let (_, periods) = self
            .areas
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(area))?;
        periods.get(period).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<Population, serde_yaml::Error> {
        serde_yaml::from_str(yaml)
    }

    #[test]
    fn counts_read_as_table_cells_do() {
        let p = read("source: ONS\nWest Mercia: { 2022: 115388, 2023: \"115,400\" }\n").unwrap();
        assert_eq!(p.get("west mercia", "2022"), Some(Decimal::from(115388)));
        assert_eq!(p.get("West Mercia", "2023"), Some(Decimal::from(115400)));
        assert_eq!(p.source.as_deref(), Some("ONS"));
    }

    #[test]
    fn misplaced_commas_and_other_figures_are_refused() {
        for bad in [
            "\"50,00\"",
            "\"5,0,0,0,0\"",
            "\"12%\"",
            "\"£5\"",
            "-3",
            "\"many\"",
            "[1]",
        ] {
            let e = read(&format!("A: {{ 2022: {bad} }}\n"))
                .unwrap_err()
                .to_string();
            assert!(e.contains("the population of A in 2022"), "{bad}: {e}");
        }
        let e = read("A: { 2022: \"50,00\" }\n").unwrap_err().to_string();
        assert!(e.contains("thousands separators"), "{e}");
    }
}
