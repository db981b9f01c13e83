//! The hash type, and [`Table`], the hash table shared by hashes and sets.
//!
//! Knows nothing of RESP. A hash has the two encodings Redis 7.0 gives it:
//! - *listpack* (small hashes): fields in insertion order, an update keeps the field's place,
//!   lookups are linear — exactly the order Redis replies with for small hashes;
//! - *hashtable*: a [`Table`]. A hash converts once (never back, like Redis) when it gets more
//!   than `hash-max-listpack-entries` fields or a field or value longer than
//!   `hash-max-listpack-value` bytes.
//!
//! [`Table`] orders entries by a fixed 64-bit hash of the key (a `BTreeMap` of buckets). That
//! gives what Redis's dict cursor gives SCAN — an element present for the whole iteration is
//! returned, whatever is added or removed meanwhile — with cursors that are plain hash values,
//! and an order that is deterministic on every platform (native and wasm32 alike).

use std::collections::BTreeMap;

/// A fixed, platform-independent 64-bit hash (FxHash-style mixing plus the MurmurHash3
/// finaliser, so the high bits that order a [`Table`] are well spread).
pub fn hash64(key: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0x243f_6a88_85a3_08d3;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^= key.len() as u64;
    // fmix64
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Keys sharing one hash, with their values (almost always exactly one; never empty).
type Bucket<V> = Vec<(Box<[u8]>, V)>;

/// A hash table of binary-safe keys ordered by [`hash64`]: the "hashtable" encoding of hashes
/// (`V` = the value) and sets (`V` = `()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<V> {
    /// Buckets by hash; a bucket holds the (rare) keys sharing a hash, never empty.
    buckets: BTreeMap<u64, Bucket<V>>,
    len: usize,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table {
            buckets: BTreeMap::new(),
            len: 0,
        }
    }
}

impl<V> Table<V> {
    /// An empty table.
    pub fn new() -> Self {
        Table::default()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value under `key`.
    pub fn get(&self, key: &[u8]) -> Option<&V> {
        let b = self.buckets.get(&hash64(key))?;
        b.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    /// The value under `key`, mutably.
    pub fn get_mut(&mut self, key: &[u8]) -> Option<&mut V> {
        let b = self.buckets.get_mut(&hash64(key))?;
        b.iter_mut().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &[u8]) -> bool {
        self.get(key).is_some()
    }

    /// Inserts or replaces; returns true if `key` is new.
    pub fn insert(&mut self, key: &[u8], value: V) -> bool {
        let b = self.buckets.entry(hash64(key)).or_default();
        if let Some(slot) = b.iter_mut().find(|(k, _)| &**k == key) {
            slot.1 = value;
            return false;
        }
        b.push((key.into(), value));
        self.len += 1;
        true
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &[u8]) -> Option<V> {
        let h = hash64(key);
        let b = self.buckets.get_mut(&h)?;
        let i = b.iter().position(|(k, _)| &**k == key)?;
        let (_, v) = b.swap_remove(i);
        if b.is_empty() {
            self.buckets.remove(&h);
        }
        self.len -= 1;
        Some(v)
    }

    /// Entries in table (hash) order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &V)> {
        self.buckets
            .values()
            .flat_map(|b| b.iter().map(|(k, v)| (&**k, v)))
    }

    /// One SCAN step: visits whole buckets from hash `cursor` on until at least `count` entries
    /// were visited; returns the next cursor (0 when the walk is complete).
    pub fn scan<'s>(
        &'s self,
        cursor: u64,
        count: usize,
        mut visit: impl FnMut(&'s [u8], &'s V),
    ) -> u64 {
        let mut seen = 0;
        for (&h, b) in self.buckets.range(cursor..) {
            if seen >= count {
                return h;
            }
            for (k, v) in b {
                visit(k, v);
                seen += 1;
            }
        }
        0
    }

    /// A random entry: the first bucket at or after hash `r` (wrapping), then `pick` chooses
    /// within the bucket. O(log n); about as fair as Redis's `dictGetFairRandomKey`.
    pub fn random(&self, r: u64, pick: u64) -> Option<(&[u8], &V)> {
        let (_, b) = self
            .buckets
            .range(r..)
            .next()
            .or_else(|| self.buckets.iter().next())?;
        let (k, v) = &b[(pick % b.len() as u64) as usize];
        Some((k, v))
    }
}

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
    Listpack(Vec<(Vec<u8>, Vec<u8>)>),
    /// Large hash.
    Table(Table<Vec<u8>>),
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
            Hash::Listpack(v) => v.iter().find(|(f, _)| f == field).map(|(_, v)| &v[..]),
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
            *self = Hash::Table(t);
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
            Hash::Listpack(v) => match v.iter_mut().find(|(f, _)| f == field) {
                Some(slot) => {
                    slot.1 = value.to_vec();
                    false
                }
                None => {
                    v.push((field.to_vec(), value.to_vec()));
                    true
                }
            },
            Hash::Table(t) => t.insert(field, value.to_vec()),
        };
        if self.len() > limits.max_entries {
            self.convert();
        }
        new
    }

    /// Removes `field`; returns true if it existed. Listpack order of the others is kept.
    pub fn remove(&mut self, field: &[u8]) -> bool {
        match self {
            Hash::Listpack(v) => match v.iter().position(|(f, _)| f == field) {
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

    /// A random field/value pair, from two random numbers (see [`Table::random`]).
    pub fn random(&self, r: u64, pick: u64) -> Option<(&[u8], &[u8])> {
        match self {
            Hash::Listpack(v) if !v.is_empty() => {
                let (f, val) = &v[(r % v.len() as u64) as usize];
                Some((f, val))
            }
            Hash::Listpack(_) => None,
            Hash::Table(t) => t.random(r, pick).map(|(f, v)| (f, &v[..])),
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
