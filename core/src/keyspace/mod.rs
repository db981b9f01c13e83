//! The keyspace: databases of binary-safe keys holding typed values, with expiry.
//!
//! This layer knows nothing of RESP or argument parsing (Redis's "type API" split): command
//! handlers in `crate::commands` parse, call these operations, and build replies.
//!
//! Expiry is kept two ways: the absolute deadline inline in each [`Entry`] (for TTL and lazy
//! expiry on access) and an ordered index of `(deadline, key)` (for the active cycle, which can
//! then delete exactly the keys that are due, deterministically, instead of sampling).
//!
//! Invariant: a key is in `expiry_index` iff its entry has `expire = Some(t)`, with that `t`.
//!
//! SCAN cursors. Redis walks its chained hash table in reverse-binary bucket order, which
//! survives rehashing; std's `HashMap` exposes no bucket positions, and an open-addressing
//! table (hashbrown) moves entries on resize, so neither can give a stable cursor. Instead every
//! key also sits in `scan_index`, ordered by a fixed, platform-independent 64-bit hash of its
//! bytes ([`scan_hash`]). A cursor is "the next hash value to visit": a call returns the keys
//! whose hash is in `[cursor, next)` and replies `next`. A key present for the whole iteration
//! has one hash, and the visited ranges cover `0..=u64::MAX` in increasing order, so it is
//! returned; keys added or removed meanwhile may or may not be. Keys sharing a hash are always
//! returned in the same call, so a collision cannot split them. One call costs
//! O(log N + COUNT), a full iteration O(N). The hash is ours (not `FxHasher`, whose output
//! depends on `usize`), so native and wasm hand out the same cursors.
//!
//! Invariant: a key is in `scan_index` (with its [`scan_hash`]) iff it is in `map`.

pub mod list;
pub mod long_double;
pub mod stream;

use std::collections::BTreeSet;
use std::hash::BuildHasherDefault;
use std::ops::Bound;

use rustc_hash::FxHasher;

use crate::Millis;

/// A key or a string value: binary-safe bytes.
pub type Key = Box<[u8]>;

/// Hash map with the fast non-cryptographic hasher used throughout the keyspace.
pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// Hash set counterpart of [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// A typed value stored under a key.
#[derive(Debug, Clone)]
pub enum Value {
    /// A string (also integers and floats, which Redis stores as strings).
    String(Vec<u8>),
    /// A list.
    List(list::List),
    /// A stream.
    Stream(Box<stream::Stream>),
}

/// Type names as TYPE reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `string`
    String,
    /// `list`
    List,
    /// `stream`
    Stream,
}

impl Kind {
    /// The name TYPE replies with.
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::List => "list",
            Kind::Stream => "stream",
        }
    }

    /// Parses a TYPE name (as SCAN's TYPE option takes it), case-insensitively.
    pub fn from_name(name: &[u8]) -> Option<Kind> {
        [Kind::String, Kind::List, Kind::Stream]
            .into_iter()
            .find(|k| k.name().as_bytes().eq_ignore_ascii_case(name))
    }
}

impl Value {
    /// This value's type.
    pub fn kind(&self) -> Kind {
        match self {
            Value::String(_) => Kind::String,
            Value::List(_) => Kind::List,
            Value::Stream(_) => Kind::Stream,
        }
    }
}

/// A key's value and its absolute expiry, if any.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The value.
    pub value: Value,
    /// Absolute deadline in Unix milliseconds; `None` for a persistent key.
    pub expire: Option<Millis>,
}

/// One logical database (SELECT n).
#[derive(Debug, Default, Clone)]
pub struct Db {
    map: FastMap<Key, Entry>,
    expiry_index: BTreeSet<(Millis, Key)>,
    /// Every key, ordered by [`scan_hash`]: stable SCAN cursors and RANDOMKEY.
    scan_index: BTreeSet<(u64, Key)>,
    /// Keys removed by expiry (lazy or active) since the last [`Db::take_expired`]; the server
    /// uses them for stats and, later, propagation and WATCH.
    expired: Vec<Key>,
}

impl Db {
    /// An empty database.
    pub fn new() -> Self {
        Db::default()
    }

    /// Number of keys, including those expired but not yet removed (like DBSIZE).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the database holds no keys.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Number of keys with an expiry (INFO keyspace `expires=`).
    pub fn volatile_len(&self) -> usize {
        self.expiry_index.len()
    }

    /// Removes `key` if its deadline has passed. Returns true if it was removed.
    fn expire_if_needed(&mut self, key: &[u8], now: Millis) -> bool {
        // No key has a deadline (the common case): skip the extra hash lookup.
        if self.expiry_index.is_empty() {
            return false;
        }
        let due = matches!(self.map.get(key), Some(Entry { expire: Some(t), .. }) if *t <= now);
        if due {
            self.remove(key);
            self.expired.push(key.into());
        }
        due
    }

    /// Removes `key` if its deadline has passed (lazy expiry before a write that does not
    /// need the old value). Returns true if it was removed.
    pub fn expire_key_if_due(&mut self, key: &[u8], now: Millis) -> bool {
        self.expire_if_needed(key, now)
    }

    /// The live entry under `key` (expiring it first if due).
    pub fn get(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        self.expire_if_needed(key, now);
        self.map.get(key)
    }

    /// The live entry under `key`, mutably. Changing `expire` through it is not allowed: use
    /// [`Db::set_expire`] so the index stays consistent.
    pub fn get_mut(&mut self, key: &[u8], now: Millis) -> Option<&mut Entry> {
        self.expire_if_needed(key, now);
        self.map.get_mut(key)
    }

    /// The live value under `key`.
    pub fn value(&mut self, key: &[u8], now: Millis) -> Option<&Value> {
        self.get(key, now).map(|e| &e.value)
    }

    /// The live value under `key`, mutably.
    pub fn value_mut(&mut self, key: &[u8], now: Millis) -> Option<&mut Value> {
        self.get_mut(key, now).map(|e| &mut e.value)
    }

    /// Whether a live key exists.
    pub fn contains(&mut self, key: &[u8], now: Millis) -> bool {
        self.get(key, now).is_some()
    }

    /// Stores `value` under `key`, dropping any previous value and its expiry (like SET).
    pub fn set(&mut self, key: &[u8], value: Value) {
        self.insert(key, value, None);
    }

    /// Stores `value` under `key` with the given expiry, replacing any previous entry.
    pub fn insert(&mut self, key: &[u8], value: Value, expire: Option<Millis>) {
        match self.map.get_mut(key) {
            // Overwrite in place: one lookup, and no key allocation (the map keeps its key).
            Some(e) => {
                let old_expire = std::mem::replace(&mut e.expire, expire);
                e.value = value;
                self.reindex_expire(key, old_expire, expire);
            }
            None => self.insert_new(key, value, expire),
        }
    }

    /// Stores a string value under `key` with the given expiry (or, with `keep_ttl`, the
    /// existing one), replacing any previous entry — SET's fast path. When the old value is a
    /// string whose buffer fits, the bytes are copied into it: an overwriting SET then does
    /// no heap allocation at all.
    pub fn set_string(&mut self, key: &[u8], value: &[u8], expire: Option<Millis>, keep_ttl: bool) {
        match self.map.get_mut(key) {
            Some(e) => {
                match &mut e.value {
                    // Reuse only a buffer that is not much larger than needed, so that a big
                    // value overwritten by a small one gives its memory back.
                    Value::String(v)
                        if v.capacity() >= value.len() && v.capacity() <= 2 * value.len() + 16 =>
                    {
                        v.clear();
                        v.extend_from_slice(value);
                    }
                    other => *other = Value::String(value.to_vec()),
                }
                if !keep_ttl {
                    let old_expire = std::mem::replace(&mut e.expire, expire);
                    self.reindex_expire(key, old_expire, expire);
                }
            }
            None => {
                let expire = if keep_ttl { None } else { expire };
                self.insert_new(key, Value::String(value.to_vec()), expire);
            }
        }
    }

    /// Inserts an entry for a key known to be absent from `map`.
    fn insert_new(&mut self, key: &[u8], value: Value, expire: Option<Millis>) {
        self.map.insert(key.into(), Entry { value, expire });
        self.scan_index.insert((scan_hash(key), key.into()));
        if let Some(t) = expire {
            self.expiry_index.insert((t, key.into()));
        }
    }

    /// Moves `key` in `expiry_index` from `old` to `new` (either may be `None`).
    fn reindex_expire(&mut self, key: &[u8], old: Option<Millis>, new: Option<Millis>) {
        if old == new {
            return;
        }
        if let Some(t) = old {
            self.expiry_index.remove(&(t, Key::from(key)));
        }
        if let Some(t) = new {
            self.expiry_index.insert((t, key.into()));
        }
    }

    /// Replaces the value under an existing `key`, keeping its expiry (like SET KEEPTTL or
    /// an in-place update). Inserts a persistent key if absent.
    pub fn set_keep_ttl(&mut self, key: &[u8], value: Value) {
        match self.map.get_mut(key) {
            Some(e) => e.value = value,
            None => self.insert_new(key, value, None),
        }
    }

    /// Removes `key`, returning its entry.
    pub fn remove(&mut self, key: &[u8]) -> Option<Entry> {
        let e = self.map.remove(key)?;
        self.scan_index.remove(&(scan_hash(key), Key::from(key)));
        if let Some(t) = e.expire {
            self.expiry_index.remove(&(t, Key::from(key)));
        }
        Some(e)
    }

    /// Sets or clears the expiry of an existing key. Returns false if the key does not exist.
    pub fn set_expire(&mut self, key: &[u8], expire: Option<Millis>) -> bool {
        let Some(e) = self.map.get_mut(key) else {
            return false;
        };
        if let Some(t) = e.expire {
            self.expiry_index.remove(&(t, Key::from(key)));
        }
        e.expire = expire;
        if let Some(t) = expire {
            self.expiry_index.insert((t, key.into()));
        }
        true
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.map.clear();
        self.expiry_index.clear();
        self.scan_index.clear();
    }

    /// Earliest expiry deadline in this database.
    pub fn next_expiry(&self) -> Option<Millis> {
        self.expiry_index.first().map(|(t, _)| *t)
    }

    /// Active expiry: removes up to `limit` keys whose deadline is `<= now`. Returns how many
    /// were removed.
    pub fn expire_due(&mut self, now: Millis, limit: usize) -> usize {
        let mut n = 0;
        while n < limit {
            match self.expiry_index.first() {
                Some((t, _)) if *t <= now => {}
                _ => break,
            }
            let Some((_, key)) = self.expiry_index.pop_first() else {
                break;
            };
            self.map.remove(&key);
            self.scan_index.remove(&(scan_hash(&key), key.clone()));
            self.expired.push(key);
            n += 1;
        }
        n
    }

    /// Keys removed by expiry since the last call.
    pub fn take_expired(&mut self) -> Vec<Key> {
        std::mem::take(&mut self.expired)
    }

    /// Whether keys were expired since the last [`Db::take_expired`].
    pub fn has_expired(&self) -> bool {
        !self.expired.is_empty()
    }

    /// Iterates over all entries (expired ones included: callers filter with `now`).
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Entry)> {
        self.map.iter()
    }

    /// The underlying map, for commands that walk the keyspace (SCAN, KEYS, RANDOMKEY).
    pub fn map(&self) -> &FastMap<Key, Entry> {
        &self.map
    }

    /// One SCAN step: calls `f` with every key (live or not: callers filter with `now`) whose
    /// [`scan_hash`] is in `[cursor, next)`, where `next` is chosen so that at least `count`
    /// keys are visited (fewer at the end) and keys sharing a hash are never split. Returns
    /// `next`, or 0 when the iteration is complete.
    pub fn scan(&self, cursor: u64, count: usize, mut f: impl FnMut(&Key, &Entry)) -> u64 {
        let mut last: Option<u64> = None;
        let from = (Bound::Included((cursor, Key::default())), Bound::Unbounded);
        let range = self.scan_index.range::<(u64, Key), _>(from);
        for (visited, (h, key)) in range.enumerate() {
            if visited >= count && last != Some(*h) {
                return *h;
            }
            if let Some(e) = self.map.get(key) {
                f(key, e);
            }
            last = Some(*h);
        }
        0
    }

    /// A key picked from `r` (uniform random bits): the first key whose hash is at or after
    /// `r`, wrapping around; `None` if the database is empty. Deterministic given `r`.
    pub fn key_at_hash(&self, r: u64) -> Option<&Key> {
        let from = (Bound::Included((r, Key::default())), Bound::Unbounded);
        self.scan_index
            .range::<(u64, Key), _>(from)
            .next()
            .or_else(|| self.scan_index.first())
            .map(|(_, k)| k)
    }
}

/// The hash ordering [`Db::scan`]'s cursor space: a fixed 64-bit mix of the key bytes (the
/// same on every platform and run, so cursors are reproducible).
pub fn scan_hash(key: &[u8]) -> u64 {
    const M: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = (key.len() as u64).wrapping_mul(M) ^ 0x2545_F491_4F6C_DD1D;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("chunks_exact yields 8 bytes"));
        h = (h ^ w).wrapping_mul(M).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(M);
    // Final avalanche (splitmix64's), so nearby keys spread over the whole cursor space.
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}
