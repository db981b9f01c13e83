//! The hash type.
//!
//! Knows nothing of RESP. A hash has the two encodings Redis 7.0 gives it:
//! - *listpack* (small hashes): fields in insertion order, an update keeps the field's place,
//!   lookups are linear — exactly the order Redis replies with for small hashes;
//! - *hashtable*: a [`Table`]. A hash converts once (never back, like Redis) when it gets more
//!   than `hash-max-listpack-entries` fields or a field or value longer than
//!   `hash-max-listpack-value` bytes.
//!
//! Fields and values up to 22 bytes are stored inline ([`Str`]): a small hash is one vector of
//! 48-byte pairs with no other heap block.

use super::{Str, Table};

/// Encoding thresholds of hashes (`hash-max-listpack-entries`, `hash-max-listpack-value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashLimits {
    /// Most fields a listpack hash holds.
    pub max_entries: usize,
    /// Longest field or value (bytes) a listpack hash holds.
    pub max_value: usize,
}

impl HashLimits {
    /// The thresholds configured (`hash-max-listpack-entries` / `-value`).
    pub fn from_config(config: &crate::Config) -> Self {
        HashLimits {
            max_entries: config.extra_usize("hash-max-listpack-entries", 512),
            max_value: config.extra_usize("hash-max-listpack-value", 64),
        }
    }
}

impl Default for HashLimits {
    fn default() -> Self {
        HashLimits {
            max_entries: 512,
            max_value: 64,
        }
    }
}

/// A Redis hash: field → value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hash {
    /// Small hash: pairs in insertion order.
    Listpack(Vec<(Str, Str)>),
    /// Large hash.
    Table(Box<Table<Str>>),
}

impl Default for Hash {
    fn default() -> Self {
        Hash::Listpack(Vec::new())
    }
}

impl Hash {
    /// An empty (listpack) hash, as Redis creates one.
    pub fn new() -> Self {
        Hash::default()
    }

    /// The encoding OBJECT ENCODING reports.
    pub fn encoding(&self) -> &'static str {
        match self {
            Hash::Listpack(_) => "listpack",
            Hash::Table(_) => "hashtable",
        }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        match self {
            Hash::Listpack(v) => v.len(),
            Hash::Table(t) => t.len(),
        }
    }

    /// Whether the hash is empty (an empty hash is never stored under a key).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of `field`.
    pub fn get(&self, field: &[u8]) -> Option<&[u8]> {
        match self {
            Hash::Listpack(v) => v.iter().find(|(f, _)| **f == *field).map(|(_, v)| &v[..]),
            Hash::Table(t) => t.get(field).map(|v| &v[..]),
        }
    }

    /// Whether `field` exists.
    pub fn contains(&self, field: &[u8]) -> bool {
        self.get(field).is_some()
    }

    /// Converts a listpack hash to a table (Redis's `hashTypeConvert`).
    fn convert(&mut self) {
        if let Hash::Listpack(v) = self {
            let mut t = Table::new();
            for (f, val) in std::mem::take(v) {
                t.insert(&f, val);
            }
            *self = Hash::Table(Box::new(t));
        }
    }

    /// Sets `field` to `value` (Redis's `hashTypeSet`, with the conversions it makes); returns
    /// true if the field is new.
    pub fn set(&mut self, field: &[u8], value: &[u8], limits: HashLimits) -> bool {
        if matches!(self, Hash::Listpack(_))
            && (field.len() > limits.max_value || value.len() > limits.max_value)
        {
            self.convert();
        }
        let new = match self {
            Hash::Listpack(v) => match v.iter_mut().find(|(f, _)| **f == *field) {
                Some(slot) => {
                    slot.1.assign(value);
                    false
                }
                None => {
                    // Grown one pair at a time, like a listpack: no spare capacity.
                    v.reserve_exact(1);
                    v.push((field.into(), value.into()));
                    true
                }
            },
            Hash::Table(t) => match t.get_mut(field) {
                Some(v) => {
                    v.assign(value);
                    false
                }
                None => {
                    t.insert_new(field, value.into());
                    true
                }
            },
        };
        if self.len() > limits.max_entries {
            self.convert();
        }
        new
    }

    /// Removes `field`; returns true if it existed. Listpack order of the others is kept.
    pub fn remove(&mut self, field: &[u8]) -> bool {
        match self {
            Hash::Listpack(v) => match v.iter().position(|(f, _)| **f == *field) {
                Some(i) => {
                    v.remove(i);
                    true
                }
                None => false,
            },
            Hash::Table(t) => t.remove(field).is_some(),
        }
    }

    /// Field/value pairs in Redis's reply order (insertion order for listpacks).
    pub fn iter(&self) -> Box<dyn Iterator<Item = (&[u8], &[u8])> + '_> {
        match self {
            Hash::Listpack(v) => Box::new(v.iter().map(|(f, v)| (&f[..], &v[..]))),
            Hash::Table(t) => Box::new(t.iter().map(|(f, v)| (f, &v[..]))),
        }
    }

    /// One HSCAN step (see [`Table::scan`]). A listpack hash is returned whole with cursor 0,
    /// whatever the cursor and count, as Redis does.
    pub fn scan<'s>(
        &'s self,
        cursor: u64,
        count: usize,
        mut visit: impl FnMut(&'s [u8], &'s [u8]),
    ) -> u64 {
        match self {
            Hash::Listpack(v) => {
                for (f, val) in v {
                    visit(f, val);
                }
                0
            }
            Hash::Table(t) => t.scan(cursor, count, |f, v| visit(f, v)),
        }
    }

    /// A random field/value pair, from two random numbers (the second is unused by the table
    /// encoding; see [`Table::random`]).
    pub fn random(&self, r: u64, pick: u64) -> Option<(&[u8], &[u8])> {
        match self {
            Hash::Listpack(v) if !v.is_empty() => {
                let (f, val) = &v[(r % v.len() as u64) as usize];
                Some((f, val))
            }
            Hash::Listpack(_) => None,
            Hash::Table(t) => t.random(r ^ pick.rotate_left(32)).map(|(f, v)| (f, &v[..])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listpack_keeps_insertion_order_and_converts() {
        let limits = HashLimits {
            max_entries: 2,
            max_value: 4,
        };
        let mut h = Hash::new();
        assert!(h.set(b"b", b"1", limits));
        assert!(h.set(b"a", b"2", limits));
        assert!(!h.set(b"b", b"3", limits));
        let order: Vec<&[u8]> = h.iter().map(|(f, _)| f).collect();
        assert_eq!(order, vec![&b"b"[..], b"a"]);
        assert_eq!(h.encoding(), "listpack");
        h.set(b"c", b"1", limits);
        assert_eq!(h.encoding(), "hashtable");
        assert_eq!(h.get(b"b"), Some(&b"3"[..]));
        let mut h2 = Hash::new();
        h2.set(b"f", b"12345", limits);
        assert_eq!(h2.encoding(), "hashtable");
    }

    #[test]
    fn table_scan_returns_everything_present_throughout() {
        let mut t = Table::new();
        for i in 0..1000u32 {
            t.insert(i.to_string().as_bytes(), ());
        }
        let mut cursor = 0;
        let mut seen = std::collections::HashSet::new();
        let mut step = 0u32;
        loop {
            cursor = t.scan(cursor, 10, |k, _| {
                seen.insert(k.to_vec());
            });
            // Churn: add and remove keys outside the stable 0..1000 range.
            t.insert(format!("x{step}").as_bytes(), ());
            t.remove(format!("x{}", step / 2).as_bytes());
            step += 1;
            if cursor == 0 {
                break;
            }
        }
        for i in 0..1000u32 {
            assert!(seen.contains(i.to_string().as_bytes()), "{i} missed");
        }
    }
}
