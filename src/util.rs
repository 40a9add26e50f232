//! Small helpers shared by the stages: slugs for ids, "did you mean" suggestions, an
//! order-keeping map for YAML mappings whose order is meaningful (rows, glossary, tables), and
//! handing freed memory back to the system.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Hands memory freed by other threads back to the system. glibc keeps a heap per thread that
/// allocated, and what one thread freed cannot serve another's allocations: without this, a
/// build's peak counts the web page's garbage during the PDF's layout and Typst's freed caches
/// during the PDF's writing. Elsewhere, nothing to do.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused pages of the allocator's heaps to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// From now on, has the allocator give every block of 128 KiB or more a mapping of its own,
/// handed back to the system as soon as it is freed. glibc otherwise raises that threshold as
/// large blocks are freed (up to 32 MiB) and serves them from its heaps, where growing,
/// short-lived buffers leave holes that stay resident. Elsewhere, nothing to do.
pub fn map_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter of the allocator.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Lets go of `value`, a large structure of many small allocations (a laid-out document, a view
/// model) that takes tens of milliseconds to free. When the process ends next, it is not freed
/// at all: the system takes the memory back whole, and freeing would only contest the cores
/// with the build's last steps. Otherwise it is dropped on a thread of its own, which the caller
/// need not wait for.
pub fn let_go<T: Send + 'static>(value: T, process_ends: bool) {
    if process_ends {
        std::mem::forget(value);
        return;
    }
    // When no thread can be made, the closure, and `value` with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

/// `f` over `items` on every core, giving the results in the order of `items`. Thread `t` takes
/// items `t`, `t + n`, `t + 2n`…, so that the long ones do not all fall to one thread.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let n = cores.min(items.len());
    if n <= 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    let every_nth = move |t: usize| items.iter().skip(t).step_by(n).map(f).collect::<Vec<R>>();
    let parts: Vec<Vec<R>> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..n).map(|t| scope.spawn(move || every_nth(t))).collect();
        let mut parts = vec![every_nth(0)];
        for other in others {
            parts.push(
                other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        parts
    });
    let mut parts: Vec<_> = parts.into_iter().map(Vec::into_iter).collect();
    (0..items.len())
        .filter_map(|i| parts[i % n].next())
        .collect()
}

/// An id made from a label: lower case, runs of other characters become one hyphen.
pub fn slug(text: &str) -> String {
    slug_chars(text).collect()
}

/// The characters of [`slug`]`(text)`, made as they are read: a label can be compared with a
/// slug without building its own.
pub fn slug_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    // A run of other characters is one hyphen, written only once a letter or digit follows it.
    let (mut started, mut hyphen) = (false, false);
    text.chars()
        .flat_map(char::to_lowercase)
        .flat_map(move |c| {
            let kept = c.is_alphanumeric();
            let before = (kept && std::mem::take(&mut hyphen)).then_some('-');
            hyphen |= !kept && started;
            started |= kept;
            before.into_iter().chain(kept.then_some(c))
        })
}

/// How alike two strings are, from 0 (nothing alike) to 1 (equal), ignoring case: one minus the
/// edit distance in characters over the longer length.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&a.to_lowercase(), &b.to_lowercase())
}

/// The candidate most like `word`, if it is alike enough to be a likely misspelling.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (c, similarity(word, c)))
        .filter(|(_, s)| *s >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// A YAML mapping read in document order, refusing duplicate keys.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<V> OrderedMap<V> {
    /// The value under a key.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The entries in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of names to values")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                while let Some(key) = map.next_key::<KeyString>()? {
                    if entries.iter().any(|(k, _)| *k == key.0) {
                        return Err(serde::de::Error::custom(format!(
                            "`{}` is given twice",
                            key.0
                        )));
                    }
                    let value = map.next_value()?;
                    entries.push((key.0, value));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<V: serde::Serialize> serde::Serialize for OrderedMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A mapping key that may be written as a number in YAML (`2022:`), kept as text.
struct KeyString(String);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_map_keeps_the_order_of_the_items() {
        let items: Vec<usize> = (0..101).collect();
        assert_eq!(
            par_map(&items, |i| i * 2),
            (0..101).map(|i| i * 2).collect::<Vec<_>>()
        );
        assert!(par_map(&[] as &[usize], |i| *i).is_empty());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Telford and Wrekin"), "telford-and-wrekin");
        assert_eq!(slug("Sep-22"), "sep-22");
        assert_eq!(slug("  Use of Custody! "), "use-of-custody");
        assert_eq!(slug("  Practitioners  Female "), "practitioners-female");
        assert_eq!(slug("YJB – Youth Justice Grant"), "yjb-youth-justice-grant");
        assert_eq!(slug("Total (£)"), "total");
        assert_eq!(slug("in_kind"), "in-kind");
        assert_eq!(slug("--a--b--"), "a-b");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("tabels", ["tables", "allow"]), Some("tables"));
        assert_eq!(did_you_mean("zzz", ["tables", "allow"]), None);
        let known = ["fte", "custody", "serious-violence"];
        assert_eq!(did_you_mean("custdy", known), Some("custody"));
        assert_eq!(did_you_mean("FTEs", known), Some("fte"));
        assert_eq!(did_you_mean("budget", known), None);
    }

    #[test]
    fn ordered_map_keeps_order_and_refuses_duplicates() {
        let m: OrderedMap<i32> = serde_yaml::from_str("b: 1\na: 2\n2022: 3\n").unwrap();
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "2022"]);
        let err = serde_yaml::from_str::<OrderedMap<i32>>("a: 1\na: 2\n").unwrap_err();
        assert!(err.to_string().contains("given twice"), "{err}");
    }
}
