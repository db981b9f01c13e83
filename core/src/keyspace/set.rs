//! The set type: unordered, binary-safe, unique members.
//!
//! Knows nothing of RESP. Two encodings, as Redis 7.0 (which has no listpack sets):
//! - *intset*: every member is an integer in canonical decimal form (what Redis's `string2ll`
//!   accepts, so formatting the integer gives the member back byte for byte), kept sorted —
//!   Redis replies with small integer sets in numeric order;
//! - *hashtable*: a [`Table`]. A set converts once (never back) when a non-integer member is
//!   added or it grows beyond `set-max-intset-entries`.

use super::Table;
use crate::resp::{fmt_i64, string2ll};

/// A Redis set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Set {
    /// All members integers: sorted, no duplicates.
    Intset(Vec<i64>),
    /// General members.
    Table(Box<Table<()>>),
}

/// A member borrowed from a set: intset members are formatted on the fly.
#[derive(Debug, Clone, Copy)]
pub enum Member<'a> {
    /// An intset member.
    Int(i64),
    /// A hashtable member.
    Bytes(&'a [u8]),
}

impl Member<'_> {
    /// Calls `f` with the member's bytes (no allocation for integers).
    pub fn with<R>(self, f: impl FnOnce(&[u8]) -> R) -> R {
        match self {
            Member::Int(n) => {
                let mut b = [0u8; 20];
                f(fmt_i64(&mut b, n))
            }
            Member::Bytes(s) => f(s),
        }
    }

    /// The member's bytes, owned.
    pub fn to_vec(self) -> Vec<u8> {
        self.with(|s| s.to_vec())
    }
}

impl Set {
    /// An empty set with the encoding Redis picks for a set created to hold `first`
    /// (`setTypeCreate`): intset for an integer, hashtable otherwise.
    pub fn for_member(first: &[u8]) -> Self {
        if string2ll(first).is_some() {
            Set::Intset(Vec::new())
        } else {
            Set::Table(Box::default())
        }
    }

    /// An empty intset (how SINTERSTORE and friends start their destination).
    pub fn new() -> Self {
        Set::Intset(Vec::new())
    }

    /// The encoding OBJECT ENCODING reports.
    pub fn encoding(&self) -> &'static str {
        match self {
            Set::Intset(_) => "intset",
            Set::Table(_) => "hashtable",
        }
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        match self {
            Set::Intset(v) => v.len(),
            Set::Table(t) => t.len(),
        }
    }

    /// Whether the set is empty (an empty set is never stored under a key).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `m` is a member.
    pub fn contains(&self, m: &[u8]) -> bool {
        match self {
            Set::Intset(v) => string2ll(m).is_some_and(|n| v.binary_search(&n).is_ok()),
            Set::Table(t) => t.contains(m),
        }
    }

    fn convert(&mut self) {
        if let Set::Intset(v) = self {
            let mut t = Table::new();
            let mut b = [0u8; 20];
            for &n in v.iter() {
                t.insert(fmt_i64(&mut b, n), ());
            }
            *self = Set::Table(Box::new(t));
        }
    }

    /// Adds `m` (Redis's `setTypeAdd`, with its conversions); returns true if it is new.
    /// `max_intset` is `set-max-intset-entries`.
    pub fn add(&mut self, m: &[u8], max_intset: usize) -> bool {
        if let Set::Intset(v) = self {
            match string2ll(m) {
                Some(n) => {
                    return match v.binary_search(&n) {
                        Ok(_) => false,
                        Err(i) => {
                            // Grown one element at a time, like an intset: no spare capacity.
                            v.reserve_exact(1);
                            v.insert(i, n);
                            if v.len() > max_intset {
                                self.convert();
                            }
                            true
                        }
                    };
                }
                None => self.convert(),
            }
        }
        match self {
            Set::Table(t) => t.insert(m, ()),
            Set::Intset(_) => unreachable!("converted to a table above"),
        }
    }

    /// Removes `m`; returns true if it was a member.
    pub fn remove(&mut self, m: &[u8]) -> bool {
        match self {
            Set::Intset(v) => match string2ll(m).map(|n| v.binary_search(&n)) {
                Some(Ok(i)) => {
                    v.remove(i);
                    true
                }
                _ => false,
            },
            Set::Table(t) => t.remove(m).is_some(),
        }
    }

    /// Members in Redis's reply order (numeric for intsets, table order otherwise).
    pub fn iter(&self) -> Box<dyn Iterator<Item = Member<'_>> + '_> {
        match self {
            Set::Intset(v) => Box::new(v.iter().map(|&n| Member::Int(n))),
            Set::Table(t) => Box::new(t.iter().map(|(k, _)| Member::Bytes(k))),
        }
    }

    /// One SSCAN step: an intset is returned whole with cursor 0 (as Redis does), a table walks
    /// from `cursor` (see [`Table::scan`]).
    pub fn scan<'s>(&'s self, cursor: u64, count: usize, mut visit: impl FnMut(Member<'s>)) -> u64 {
        match self {
            Set::Intset(v) => {
                for &n in v {
                    visit(Member::Int(n));
                }
                0
            }
            Set::Table(t) => t.scan(cursor, count, |k, _| visit(Member::Bytes(k))),
        }
    }

    /// A random member from random bits `r` (uniform for intsets; see [`Table::random`]).
    pub fn random(&self, r: u64) -> Option<Member<'_>> {
        match self {
            Set::Intset(v) if !v.is_empty() => Some(Member::Int(v[(r % v.len() as u64) as usize])),
            Set::Intset(_) => None,
            Set::Table(t) => t.random(r).map(|(k, _)| Member::Bytes(k)),
        }
    }
}

impl Default for Set {
    fn default() -> Self {
        Set::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intset_sorted_then_converts() {
        let mut s = Set::for_member(b"3");
        assert!(s.add(b"3", 3));
        assert!(s.add(b"-1", 3));
        assert!(!s.add(b"3", 3));
        assert!(s.add(b"2", 3));
        let v: Vec<Vec<u8>> = s.iter().map(|m| m.to_vec()).collect();
        assert_eq!(v, vec![b"-1".to_vec(), b"2".to_vec(), b"3".to_vec()]);
        assert_eq!(s.encoding(), "intset");
        assert!(!s.contains(b"02"));
        s.add(b"4", 3);
        assert_eq!(s.encoding(), "hashtable");
        assert!(s.contains(b"-1"));
        let mut t = Set::for_member(b"x");
        assert_eq!(t.encoding(), "hashtable");
        assert!(t.add(b"1", 512));
        assert!(t.remove(b"1"));
        assert!(t.is_empty());
    }
}
