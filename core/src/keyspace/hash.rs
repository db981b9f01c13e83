//! The hash type.
//!
//! Knows nothing of RESP. A hash has the two encodings Redis 7.0 gives it:
//! - *listpack* (small hashes): fields in insertion order, an update keeps the field's place,
//!   lookups are linear — exactly the order Redis replies with for small hashes;
//! - *hashtable*: a [`Table`]. A hash converts once (never back, like Redis) when it gets more
//!   than `hash-max-listpack-entries` fields or a field or value longer than
//!   `hash-max-listpack-value` bytes.
//!
//! A listpack hash is one packed buffer ([`Packed`]); a hashtable's fields and values up to 22
//! bytes are stored inline in its slots ([`Str`]).

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

/// A small hash's pairs packed into one buffer, like Redis's listpack: a 4-byte count, then
/// for each pair in insertion order the field and the value, each as a LEB128 length and its
/// bytes. Lookups are linear (as in Redis); a hash of 5 short fields is one ~80-byte block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packed {
    /// Empty for no pairs; otherwise the count (u32, little-endian) then the pairs.
    buf: Vec<u8>,
}

/// Reads a LEB128 length at `at`; returns it and the position after it.
fn read_len(buf: &[u8], at: usize) -> (usize, usize) {
    let (mut n, mut shift, mut i) = (0usize, 0, at);
    loop {
        let b = buf[i];
        n |= usize::from(b & 0x7f) << shift;
        i += 1;
        if b & 0x80 == 0 {
            return (n, i);
        }
        shift += 7;
    }
}

/// Appends `bytes` as a LEB128 length and the bytes.
fn write_str(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut n = bytes.len();
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
    out.extend_from_slice(bytes);
}

/// Bytes [`write_str`] writes for `bytes`.
fn str_size(bytes: &[u8]) -> usize {
    let mut n = bytes.len();
    let mut size = 1;
    while n >= 0x80 {
        n >>= 7;
        size += 1;
    }
    size + bytes.len()
}

/// Where one pair sits in a [`Packed`] buffer.
struct PairAt {
    start: usize,
    value_start: usize,
    end: usize,
}

impl Packed {
    /// Number of pairs.
    pub fn len(&self) -> usize {
        match self.buf.get(..4) {
            Some(c) => u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize,
            None => 0,
        }
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    fn set_len(&mut self, n: usize) {
        if n == 0 {
            self.buf = Vec::new();
        } else {
            let n = u32::try_from(n).expect("a listpack hash holds fewer than 2^32 pairs");
            self.buf[..4].copy_from_slice(&n.to_le_bytes());
        }
    }

    /// The pairs with their positions, in order.
    fn pairs(&self) -> impl Iterator<Item = (PairAt, &[u8], &[u8])> + '_ {
        let buf = &self.buf[..];
        let mut at = buf.len().min(4);
        std::iter::from_fn(move || {
            if at >= buf.len() {
                return None;
            }
            let start = at;
            let (flen, f) = read_len(buf, at);
            let value_start = f + flen;
            let (vlen, v) = read_len(buf, value_start);
            at = v + vlen;
            let pos = PairAt {
                start,
                value_start,
                end: at,
            };
            Some((pos, &buf[f..f + flen], &buf[v..v + vlen]))
        })
    }

    fn find(&self, field: &[u8]) -> Option<(PairAt, &[u8])> {
        self.pairs()
            .find(|(_, f, _)| *f == field)
            .map(|(p, _, v)| (p, v))
    }

    /// The pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &[u8])> + '_ {
        self.pairs().map(|(_, f, v)| (f, v))
    }

    /// The value of `field`.
    pub fn get(&self, field: &[u8]) -> Option<&[u8]> {
        self.find(field).map(|(_, v)| v)
    }

    /// Sets `field` to `value` in place (a new field goes last); returns true if it is new.
    pub fn set(&mut self, field: &[u8], value: &[u8]) -> bool {
        if let Some((at, _)) = self.find(field) {
            let mut enc = Vec::with_capacity(str_size(value));
            write_str(&mut enc, value);
            self.buf.splice(at.value_start..at.end, enc);
            return false;
        }
        let n = self.len();
        if self.buf.is_empty() {
            self.buf
                .reserve_exact(4 + str_size(field) + str_size(value));
            self.buf.extend_from_slice(&[0; 4]);
        } else {
            // Grown by exactly one pair, like a listpack: no spare capacity.
            self.buf.reserve_exact(str_size(field) + str_size(value));
        }
        write_str(&mut self.buf, field);
        write_str(&mut self.buf, value);
        self.set_len(n + 1);
        true
    }

    /// Removes `field`; returns true if it existed. The order of the others is kept.
    pub fn remove(&mut self, field: &[u8]) -> bool {
        let Some((at, _)) = self.find(field) else {
            return false;
        };
        let n = self.len();
        self.buf.drain(at.start..at.end);
        self.set_len(n - 1);
        true
    }

    /// The `i`-th pair.
    pub fn nth(&self, i: usize) -> Option<(&[u8], &[u8])> {
        self.iter().nth(i)
    }
}

/// A Redis hash: field → value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hash {
    /// Small hash: pairs in insertion order, packed.
    Listpack(Packed),
    /// Large hash.
    Table(Box<Table<Str>>),
}

impl Default for Hash {
    fn default() -> Self {
        Hash::Listpack(Packed::default())
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
            Hash::Listpack(p) => p.len(),
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
            Hash::Listpack(p) => p.get(field),
            Hash::Table(t) => t.get(field).map(|v| &v[..]),
        }
    }

    /// Whether `field` exists.
    pub fn contains(&self, field: &[u8]) -> bool {
        self.get(field).is_some()
    }

    /// Converts a listpack hash to a table (Redis's `hashTypeConvert`).
    fn convert(&mut self) {
        if let Hash::Listpack(p) = self {
            let mut t = Table::new();
            for (f, val) in p.iter() {
                t.insert_new(f, Str::from(val));
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
            Hash::Listpack(p) => p.set(field, value),
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
            Hash::Listpack(p) => p.remove(field),
            Hash::Table(t) => t.remove(field).is_some(),
        }
    }

    /// Field/value pairs in Redis's reply order (insertion order for listpacks).
    pub fn iter(&self) -> Box<dyn Iterator<Item = (&[u8], &[u8])> + '_> {
        match self {
            Hash::Listpack(p) => Box::new(p.iter()),
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
            Hash::Listpack(p) => {
                for (f, val) in p.iter() {
                    visit(f, val);
                }
                0
            }
            Hash::Table(t) => t.scan(cursor, count, |f, v| visit(f, v)),
        }
    }

    /// A random field/value pair from random bits `r` (see [`Table::random`]).
    pub fn random(&self, r: u64) -> Option<(&[u8], &[u8])> {
        match self {
            Hash::Listpack(p) if !p.is_empty() => p.nth((r % p.len() as u64) as usize),
            Hash::Listpack(_) => None,
            Hash::Table(t) => t.random(r).map(|(f, v)| (f, &v[..])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The packed listpack against a plain vector of pairs, with lengths on both sides of the
    /// one-byte LEB128 limit (127).
    #[test]
    fn packed_pairs_match_a_model() {
        let mut p = Packed::default();
        let mut model: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        let mut r: u64 = 5;
        for step in 0..5_000u64 {
            r = r
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let f = format!("f{}", (r >> 33) % 40).into_bytes();
            let vlen = [0, 1, 5, 127, 128, 300][((r >> 20) % 6) as usize];
            let v = vec![b'a' + (step % 26) as u8; vlen];
            if (r >> 40) % 3 == 0 {
                let had = model.iter().position(|(mf, _)| *mf == f);
                if let Some(i) = had {
                    model.remove(i);
                }
                assert_eq!(p.remove(&f), had.is_some());
            } else {
                let new = match model.iter_mut().find(|(mf, _)| *mf == f) {
                    Some(pair) => {
                        pair.1 = v.clone();
                        false
                    }
                    None => {
                        model.push((f.clone(), v.clone()));
                        true
                    }
                };
                assert_eq!(p.set(&f, &v), new);
            }
            assert_eq!(p.len(), model.len());
            let got: Vec<(Vec<u8>, Vec<u8>)> =
                p.iter().map(|(f, v)| (f.to_vec(), v.to_vec())).collect();
            assert_eq!(got, model);
        }
    }

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
