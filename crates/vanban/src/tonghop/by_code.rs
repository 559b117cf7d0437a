//! [`ByCode`]: a unit's figures (or their cells) by indicator code, kept small.
//!
//! A tổng hợp holds a map by indicator code per unit, twice (figures and cells),
//! for every unit of the roster: at 20,000 units a `BTreeMap` per map (two leaves
//! and an internal node once it has more than eleven entries) was most of the
//! merge's memory. A sorted vector holds the same entries in about a third of the
//! space, finds one by binary search, and is read and written as the same JSON
//! object, keys in the same order, so `tong-hop.json` keeps its bytes.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A map by indicator code, in code order (byte order, as a `BTreeMap<String, _>`).
#[derive(Clone, PartialEq)]
pub struct ByCode<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for ByCode<V> {
    fn default() -> Self {
        ByCode {
            entries: Vec::new(),
        }
    }
}

impl<V: fmt::Debug> fmt::Debug for ByCode<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> ByCode<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        ByCode {
            entries: Vec::with_capacity(n),
        }
    }

    fn find<Q>(&self, code: &Q) -> Result<usize, usize>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries
            .binary_search_by(|(k, _)| <String as Borrow<Q>>::borrow(k).cmp(code))
    }

    /// The entry of `code`.
    pub fn get<Q>(&self, code: &Q) -> Option<&V>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(code).ok().map(|i| &self.entries[i].1)
    }

    /// The entry of `code`, to change.
    pub fn get_mut<Q>(&mut self, code: &Q) -> Option<&mut V>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(code).ok().map(|i| &mut self.entries[i].1)
    }

    /// Whether `code` has an entry.
    pub fn contains_key<Q>(&self, code: &Q) -> bool
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(code).is_ok()
    }

    /// Sets the entry of `code`, giving back the one it replaces. Entries added in
    /// code order are appended.
    pub fn insert(&mut self, code: String, value: V) -> Option<V> {
        if self.entries.last().is_none_or(|(last, _)| *last < code) {
            self.entries.push((code, value));
            return None;
        }
        match self.find(code.as_str()) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (code, value));
                None
            }
        }
    }

    /// Takes the entry of `code` out.
    pub fn remove<Q>(&mut self, code: &Q) -> Option<V>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(code).ok().map(|i| self.entries.remove(i).1)
    }

    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in code order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The codes, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The entries' values, in code order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The entries' values, to change.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// Gives back the room no entry uses.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }
}

impl<V, Q> std::ops::Index<&Q> for ByCode<V>
where
    String: Borrow<Q>,
    Q: Ord + ?Sized,
{
    type Output = V;

    fn index(&self, code: &Q) -> &V {
        self.get(code).expect("no entry for this code")
    }
}

impl<V> FromIterator<(String, V)> for ByCode<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut map = ByCode::with_capacity(iter.size_hint().0);
        map.extend(iter);
        map
    }
}

impl<V> Extend<(String, V)> for ByCode<V> {
    fn extend<I: IntoIterator<Item = (String, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<V> IntoIterator for ByCode<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, V> IntoIterator for &'a ByCode<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<V: Serialize> Serialize for ByCode<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for ByCode<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = ByCode<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map by indicator code")
            }

            // As a `BTreeMap`: a code given twice keeps its last entry.
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = ByCode::with_capacity(access.size_hint().unwrap_or(0).min(64));
                while let Some((k, v)) = access.next_entry::<String, V>()? {
                    map.insert(k, v);
                }
                map.shrink_to_fit();
                Ok(map)
            }
        }
        d.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn it_keeps_the_order_lookups_and_json_of_a_btreemap() {
        // Codes given out of order, one twice, one a prefix of another.
        let pairs = [
            ("tien_qua", 3.0),
            ("cay_xanh", 1.0),
            ("a", 9.0),
            ("tien", 2.0),
            ("cay_xanh", 5.0),
        ];
        let mut ours = ByCode::new();
        let mut theirs = BTreeMap::new();
        for (k, v) in pairs {
            assert_eq!(
                ours.insert(k.to_string(), v),
                theirs.insert(k.to_string(), v)
            );
        }
        assert_eq!(ours.len(), theirs.len());
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            theirs.iter().collect::<Vec<_>>()
        );
        assert_eq!(ours.get("cay_xanh"), Some(&5.0));
        assert_eq!(ours.get("cay"), None);
        assert!(ours.contains_key("tien") && !ours.contains_key("zz"));
        let json = serde_json::to_string(&ours).unwrap();
        assert_eq!(json, serde_json::to_string(&theirs).unwrap());
        let back: ByCode<f64> = serde_json::from_str(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        assert_eq!(
            back.iter().collect::<Vec<_>>(),
            vec![(&"a".to_string(), &2.0), (&"b".to_string(), &3.0)]
        );
        assert_eq!(ours.remove("a"), Some(9.0));
        ours.retain(|k, _| k != "tien");
        assert_eq!(
            ours.keys().map(String::as_str).collect::<Vec<_>>(),
            ["cay_xanh", "tien_qua"]
        );
    }
}
