//! [`Table`]: the hash table behind databases, hashtable-encoded hashes and sets.
//!
//! Entries live in a slab of slots (key and value side by side, keys up to 22 bytes inline
//! via [`KeyBuf`]); a SwissTable (hashbrown's `HashTable`) of 4-byte slot numbers finds them.
//! Against a `HashMap<Box<[u8]>, V>` this saves the table cell's key pointer and the key's
//! heap block, and the slab is dense: a set member costs 24 bytes plus ~5–10 bytes of index.
//!
//! A key keeps its slot while it is present (freed slots are reused by later inserts), which
//! gives SCAN its guarantee with plain slot numbers as cursors, walked downwards: see
//! [`Table::scan`]. When a removal leaves at most a quarter of the slots used, the table
//! compacts by moving keys from the highest slots into the lowest free ones, so memory comes
//! back after mass deletion; keys only move *down*, which is what keeps SCAN's guarantee
//! across a compaction. Owners that keep slot numbers elsewhere (the database's expiry index)
//! learn of every move through [`Table::remove_with`].
//!
//! Iteration order is slot order: deterministic, and the same natively and in wasm.
//!
//! Invariants: `index` holds `i` iff `slots[i]` is used, filed under the [`key_hash`] of its
//! key (so the index's length is the number of used slots); the free slots form one list
//! from `free` (ending in [`NO_SLOT`]).

use std::hash::Hasher;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use super::KeyBuf;

/// Slot number meaning "none" (end of the free list).
const NO_SLOT: u32 = u32::MAX;

/// A table at most this many slots long is never compacted.
const COMPACT_MIN_SLOTS: usize = 64;

/// One place in the slab: a key with its value, or a free place linking to the next.
#[derive(Debug, Clone)]
enum Slot<V> {
    Used { key: KeyBuf, value: V },
    Free(u32),
}

/// The hash a key is filed under (internal only: nothing observable depends on it, so it may
/// differ between 32- and 64-bit builds).
#[inline]
fn key_hash(key: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(key);
    h.finish()
}

/// The key in used slot `i`.
#[inline]
fn slot_key<V>(slots: &[Slot<V>], i: u32) -> &[u8] {
    match &slots[i as usize] {
        Slot::Used { key, .. } => key,
        Slot::Free(_) => unreachable!("the index points at used slots only"),
    }
}

/// Files slot `i` under `hash` in `index`; `key_of` gives the key of any indexed slot, to
/// rehash when the index grows. Not generic over the value type, so hashbrown's growth code
/// (and the hashing inlined in it) exists once for every [`Table`] instead of once per value
/// type.
#[inline]
fn index_insert<'s>(
    index: &mut HashTable<u32>,
    hash: u64,
    i: u32,
    key_of: &dyn Fn(u32) -> &'s [u8],
) {
    index.insert_unique(hash, i, |&j| key_hash(key_of(j)));
}

/// What [`compact`] needs of a slab, whatever its value type.
trait Slab {
    /// Number of slots, used or free.
    fn len(&self) -> usize;
    /// Whether slot `i` is used.
    fn used(&self, i: usize) -> bool;
    /// The key in used slot `i`.
    fn key(&self, i: u32) -> &[u8];
    /// Moves used slot `from` into free slot `to` and reports the move.
    fn move_down(&mut self, from: u32, to: u32);
    /// Drops the (free) slots from `n` on and gives their memory back.
    fn truncate(&mut self, n: usize);
}

/// A slab being compacted, with the owner's move callback.
struct Compacting<'a, V, F> {
    slots: &'a mut Vec<Slot<V>>,
    moved: F,
}

impl<V, F: FnMut(u32, u32, &V)> Slab for Compacting<'_, V, F> {
    fn len(&self) -> usize {
        self.slots.len()
    }

    fn used(&self, i: usize) -> bool {
        matches!(self.slots[i], Slot::Used { .. })
    }

    fn key(&self, i: u32) -> &[u8] {
        slot_key(self.slots, i)
    }

    fn move_down(&mut self, from: u32, to: u32) {
        self.slots.swap(from as usize, to as usize);
        if let Slot::Used { value, .. } = &self.slots[to as usize] {
            (self.moved)(from, to, value);
        }
    }

    fn truncate(&mut self, n: usize) {
        self.slots.truncate(n);
        self.slots.shrink_to_fit();
    }
}

/// Moves the keys of the highest slots of `slab` into the lowest free ones, then truncates
/// the slab to its `used` slots and shrinks `index` (the caller resets its free list: every
/// slot left is used). O(slots); amortised O(1) per removal, since after a compaction the
/// slab is full and the next one needs three quarters of it deleted. Rare, so it works through
/// `dyn Slab`: one copy for every value type.
#[inline(never)]
fn compact(slab: &mut dyn Slab, used: usize, index: &mut HashTable<u32>) {
    let mut lo = 0usize;
    let mut hi = slab.len();
    loop {
        while lo < hi && slab.used(lo) {
            lo += 1;
        }
        while hi > lo && !slab.used(hi - 1) {
            hi -= 1;
        }
        // Here either lo == hi, or slots[lo] is free and slots[hi - 1] used (so lo < hi - 1).
        if lo == hi {
            break;
        }
        let (from, to) = ((hi - 1) as u32, lo as u32);
        let h = key_hash(slab.key(from));
        *index
            .find_mut(h, |&j| j == from)
            .expect("a used slot is indexed") = to;
        slab.move_down(from, to);
        lo += 1;
        hi -= 1;
    }
    slab.truncate(used);
    let slab = &*slab;
    index.shrink_to(0, |&j| key_hash(slab.key(j)));
}

/// A hash table of binary-safe keys with stable slots (see the module docs).
#[derive(Debug, Clone)]
pub struct Table<V> {
    slots: Vec<Slot<V>>,
    free: u32,
    /// Slot numbers by key; its length is the table's.
    index: HashTable<u32>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table {
            slots: Vec::new(),
            free: NO_SLOT,
            index: HashTable::new(),
        }
    }
}

/// Equal when they hold the same keys with equal values, whatever the slots.
impl<V: PartialEq> PartialEq for Table<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<V: Eq> Eq for Table<V> {}

impl<V> Table<V> {
    /// An empty table.
    pub fn new() -> Self {
        Table::default()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The slot holding `key`.
    #[inline]
    pub fn find(&self, key: &[u8]) -> Option<u32> {
        let slots = &self.slots;
        self.index
            .find(key_hash(key), |&i| slot_key(slots, i) == key)
            .copied()
    }

    /// The key and value in used slot `i` (from [`Table::find`] or an iteration).
    #[inline]
    pub fn at(&self, i: u32) -> (&[u8], &V) {
        match &self.slots[i as usize] {
            Slot::Used { key, value } => (key, value),
            Slot::Free(_) => unreachable!("callers pass used slots"),
        }
    }

    /// The value in used slot `i`, mutably.
    #[inline]
    pub fn at_mut(&mut self, i: u32) -> &mut V {
        match &mut self.slots[i as usize] {
            Slot::Used { value, .. } => value,
            Slot::Free(_) => unreachable!("callers pass used slots"),
        }
    }

    /// The value under `key`.
    #[inline]
    pub fn get(&self, key: &[u8]) -> Option<&V> {
        self.find(key).map(|i| self.at(i).1)
    }

    /// The value under `key`, mutably.
    #[inline]
    pub fn get_mut(&mut self, key: &[u8]) -> Option<&mut V> {
        let i = self.find(key)?;
        Some(self.at_mut(i))
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &[u8]) -> bool {
        self.find(key).is_some()
    }

    /// Inserts or replaces; returns true if `key` is new.
    pub fn insert(&mut self, key: &[u8], value: V) -> bool {
        match self.find(key) {
            Some(i) => {
                *self.at_mut(i) = value;
                false
            }
            None => {
                self.insert_new(key, value);
                true
            }
        }
    }

    /// Inserts `key`, known to be absent; returns its slot.
    pub fn insert_new(&mut self, key: &[u8], value: V) -> u32 {
        let slot = Slot::Used {
            key: KeyBuf::from(key),
            value,
        };
        let i = if self.free != NO_SLOT {
            let i = self.free;
            match std::mem::replace(&mut self.slots[i as usize], slot) {
                Slot::Free(next) => self.free = next,
                Slot::Used { .. } => unreachable!("the free list holds free slots"),
            }
            i
        } else {
            let i = u32::try_from(self.slots.len())
                .ok()
                .filter(|&i| i != NO_SLOT)
                .expect("a table holds fewer than 2^32 - 1 keys");
            self.slots.push(slot);
            i
        };
        let slots = &self.slots;
        index_insert(&mut self.index, key_hash(key), i, &|j| slot_key(slots, j));
        i
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &[u8]) -> Option<V> {
        self.remove_with(key, |_, _, _| {}).map(|(_, v)| v)
    }

    /// Removes `key`, returning the slot it had and its value. If the removal compacts the
    /// table, `moved(from, to, value)` is called for every key moved (always `to < from`).
    pub fn remove_with(&mut self, key: &[u8], moved: impl FnMut(u32, u32, &V)) -> Option<(u32, V)> {
        let slots = &self.slots;
        let i = match self
            .index
            .find_entry(key_hash(key), |&i| slot_key(slots, i) == key)
        {
            Ok(found) => found.remove().0,
            Err(_) => return None,
        };
        let Slot::Used { value, .. } =
            std::mem::replace(&mut self.slots[i as usize], Slot::Free(self.free))
        else {
            unreachable!("the index points at used slots only")
        };
        self.free = i;
        if self.is_empty() {
            *self = Table::default();
        } else if self.slots.len() > COMPACT_MIN_SLOTS && self.len() <= self.slots.len() / 4 {
            let used = self.len();
            compact(
                &mut Compacting {
                    slots: &mut self.slots,
                    moved,
                },
                used,
                &mut self.index,
            );
            self.free = NO_SLOT;
        }
        Some((i, value))
    }

    /// Entries in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &V)> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Used { key, value } => Some((key.as_slice(), value)),
            Slot::Free(_) => None,
        })
    }

    /// One SCAN step. A cursor is a slot number: 0 starts at the top of the slab, and a
    /// cursor `c > 0` continues with the slots below `c`. Visits slots downwards until
    /// `count` keys were seen or `10 * count` free slots skipped (Redis bounds empty buckets
    /// the same way), and returns the next cursor, or 0 when slot 0 was reached.
    ///
    /// The guarantee — a key present for the whole iteration is returned at least once —
    /// holds because a key never moves while present, except downwards in a compaction: a
    /// moved key is then either still below the cursor or was already returned (at worst it
    /// is returned twice, which SCAN allows). Keys added meanwhile may or may not be returned.
    pub fn scan<'s>(
        &'s self,
        cursor: u64,
        count: usize,
        mut visit: impl FnMut(&'s [u8], &'s V),
    ) -> u64 {
        let top = self.slots.len() as u64;
        // A cursor above the slab (from before a compaction, or made up) continues from the
        // top: every slot it still has to visit is below it.
        let mut next = if cursor == 0 || cursor > top {
            top
        } else {
            cursor
        };
        let (mut seen, mut skipped) = (0usize, 0usize);
        let max_skipped = count.saturating_mul(10);
        while next > 0 && seen < count && skipped < max_skipped {
            next -= 1;
            match &self.slots[next as usize] {
                Slot::Used { key, value } => {
                    visit(key, value);
                    seen += 1;
                }
                Slot::Free(_) => skipped += 1,
            }
        }
        next
    }

    /// An entry picked from `r` (uniform random bits): the used slot at or after `r` modulo
    /// the slab's length, wrapping around. Deterministic given `r`; the slab is at least a
    /// quarter full once it is larger than 64 slots, so the walk is short.
    pub fn random(&self, r: u64) -> Option<(&[u8], &V)> {
        if self.is_empty() {
            return None;
        }
        let n = self.slots.len();
        let start = (r % n as u64) as usize;
        (start..n)
            .chain(0..start)
            .find_map(|i| match &self.slots[i] {
                Slot::Used { key, value } => Some((key.as_slice(), value)),
                Slot::Free(_) => None,
            })
    }

    /// Slots in the slab, used or free (for tests of compaction).
    #[cfg(test)]
    pub(crate) fn slab_len(&self) -> usize {
        self.slots.len()
    }

    /// Checks every invariant listed in the module docs.
    #[cfg(test)]
    pub(crate) fn check(&self) {
        let used = self
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Used { .. }))
            .count();
        assert_eq!(used, self.len());
        for (i, s) in self.slots.iter().enumerate() {
            if let Slot::Used { key, .. } = s {
                assert_eq!(self.find(key), Some(i as u32));
            }
        }
        let (mut free, mut at) = (0, self.free);
        while at != NO_SLOT {
            match self.slots[at as usize] {
                Slot::Free(next) => at = next,
                Slot::Used { .. } => panic!("the free list reaches a used slot"),
            }
            free += 1;
        }
        assert_eq!(free + self.len(), self.slots.len());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::server::Rng;
    use std::collections::HashSet;

    #[test]
    fn slots_are_compact() {
        assert_eq!(std::mem::size_of::<Slot<()>>(), 24);
        assert_eq!(std::mem::size_of::<Slot<super::super::Str>>(), 48);
        assert_eq!(std::mem::size_of::<Slot<super::super::Entry>>(), 64);
    }

    /// Keys for the keyspace tests: short and long ones, so both inline and heap keys are
    /// exercised.
    pub(crate) fn key(n: u64) -> Vec<u8> {
        if n % 3 == 0 {
            format!("a-long-key-that-does-not-fit-inline:{n}").into_bytes()
        } else {
            format!("k{n}").into_bytes()
        }
    }

    #[test]
    fn compaction_reports_downward_moves_and_gives_memory_back() {
        let mut t = Table::new();
        for n in 0..10_000 {
            t.insert(&key(n), n);
        }
        let mut moves = 0;
        for n in 0..10_000 {
            if n % 10 != 0 {
                t.remove_with(&key(n), |from, to, _| {
                    assert!(to < from, "keys only move down");
                    moves += 1;
                });
            }
        }
        t.check();
        assert!(moves > 0, "a compaction happened");
        assert_eq!(t.len(), 1_000);
        assert!(t.slab_len() < 4_000, "slab compacted: {}", t.slab_len());
        for n in (0..10_000).step_by(10) {
            assert_eq!(t.get(&key(n)), Some(&n));
        }
        while let Some((k, _)) = t.random(3) {
            let k = k.to_vec();
            t.remove(&k);
        }
        t.check();
        assert!(t.is_empty() && t.slab_len() == 0);
    }

    /// SCAN's guarantee under heavy churn with compactions in between: every key present
    /// from the start to the end of an iteration is returned.
    #[test]
    fn scan_returns_every_key_present_throughout_despite_compaction() {
        let mut rng = Rng::new(11);
        for round in 0..20 {
            let mut t = Table::new();
            for n in 0..2_000 {
                t.insert(&key(n), ());
            }
            // Keys 0..200 stay for the whole iteration; the others churn.
            let stable: HashSet<Vec<u8>> = (0..200).map(key).collect();
            let mut seen = HashSet::new();
            let (mut cursor, mut calls) = (0, 0);
            loop {
                cursor = t.scan(cursor, 1 + (rng.next_u64() % 20) as usize, |k, _| {
                    seen.insert(k.to_vec());
                });
                calls += 1;
                for _ in 0..(50 + round * 10) {
                    let n = 200 + rng.next_u64() % 1_800;
                    if rng.next_u64() % 5 == 0 {
                        t.insert(&key(n + 10_000), ());
                    } else {
                        t.remove(&key(n));
                    }
                }
                if cursor == 0 {
                    break;
                }
                assert!(calls < 100_000, "the iteration ends");
            }
            t.check();
            let missing: Vec<_> = stable.difference(&seen).collect();
            assert!(missing.is_empty(), "round {round}: missing {missing:?}");
        }
    }

    #[test]
    fn equality_ignores_slots() {
        let mut a = Table::new();
        let mut b = Table::new();
        for n in 0..100 {
            a.insert(&key(n), n);
        }
        for n in (0..100).rev() {
            b.insert(&key(n), n);
        }
        assert_eq!(a, b);
        b.insert(&key(5), 6);
        assert_ne!(a, b);
    }
}
