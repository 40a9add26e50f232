//! Strings: takes any serialisable value (a computed table) and gives each string in it, for the
//! glyph check. The value goes through its JSON text, read by a visitor that keeps nothing: a
//! table of the largest plans is read in a fraction of the time building a `serde_json::Value`
//! of it took, and with no allocation per cell.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Calls `f` with every string value in `value` (not the field names).
pub fn for_each(value: &impl serde::Serialize, f: &mut dyn FnMut(&str)) {
    let Ok(json) = serde_json::to_string(value) else {
        return;
    };
    let mut reader = serde_json::Deserializer::from_str(&json);
    // JSON that serde_json itself wrote always reads back.
    let _ = Strings(f).deserialize(&mut reader);
}

/// The visitor: passes strings to its function and walks into lists and maps.
struct Strings<'f>(&'f mut dyn FnMut(&str));

impl<'de> DeserializeSeed<'de> for Strings<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strings<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, s: &str) -> Result<(), E> {
        (self.0)(s);
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items.next_element_seed(Strings(&mut *self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(Strings(&mut *self.0))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_every_string_value_with_escapes_read() {
        let value = serde_json::json!({
            "caption": "Budget \"2023\"\u{7}",
            "rows": [["Police", 1.5, null, true], ["Gwasanaeth ŵ", -2]],
            "note": {"text": "line\nbreak"},
        });
        let mut seen = Vec::new();
        for_each(&value, &mut |s| seen.push(s.to_string()));
        assert_eq!(
            seen,
            [
                "Budget \"2023\"\u{7}",
                "line\nbreak",
                "Police",
                "Gwasanaeth ŵ"
            ]
        );
    }
}
