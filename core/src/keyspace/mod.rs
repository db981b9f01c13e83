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
//!
//! Object metadata (OBJECT ENCODING / REFCOUNT / IDLETIME). Redis's `robj` carries an
//! encoding, a refcount and a 24-bit LRU clock; we keep what OBJECT reports in 5 bytes of each
//! [`Entry`] (which fit in its padding up to 56 bytes): the access clock in seconds, and for
//! strings a [`StringEncoding`] saying how the value was made, from which the encoding Redis
//! would have chosen follows (`int` / `embstr` / `raw`, see [`Entry::encoding`]).

pub mod geohash;
pub mod hll;
pub mod list;
pub mod long_double;
pub mod stream;
pub mod zset;

// Hash and set types (kept apart from the line above so branches adding modules merge cleanly).
pub mod hash;
pub mod set;

use std::collections::BTreeSet;
use std::hash::BuildHasherDefault;
use std::ops::Bound;

use rustc_hash::FxHasher;

use crate::config::Config;
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
    /// A sorted set.
    ZSet(Box<zset::ZSet>),
    /// A hash.
    Hash(hash::Hash),
    /// A set.
    Set(set::Set),
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
    /// `zset`
    ZSet,
    /// `hash`
    Hash,
    /// `set`
    Set,
}

impl Kind {
    /// The name TYPE replies with.
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::List => "list",
            Kind::Stream => "stream",
            Kind::ZSet => "zset",
            Kind::Hash => "hash",
            Kind::Set => "set",
        }
    }

    /// Parses a TYPE name (as SCAN's TYPE option takes it), case-insensitively.
    pub fn from_name(name: &[u8]) -> Option<Kind> {
        [
            Kind::String,
            Kind::List,
            Kind::Set,
            Kind::ZSet,
            Kind::Hash,
            Kind::Stream,
        ]
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
            Value::ZSet(_) => Kind::ZSet,
            Value::Hash(_) => Kind::Hash,
            Value::Set(_) => Kind::Set,
        }
    }

    /// The encoding OBJECT ENCODING reports for this value as Redis 7.0 would store it. For
    /// a string it is the one `tryObjectEncoding` picks for these bytes; [`Entry::encoding`]
    /// corrects it for strings built in place (APPEND, SETRANGE, INCRBYFLOAT).
    pub fn encoding(&self, _config: &Config) -> &'static str {
        match self {
            Value::String(s) => string_encoding(s),
            // Redis 7.0 stores every list as a quicklist (the listpack encoding of small
            // lists came with 7.2).
            Value::List(_) => "quicklist",
            Value::Stream(_) => "stream",
            // Hashes, sets and sorted sets track the encoding Redis would have converted them
            // to (listpack/hashtable, intset/hashtable, listpack/skiplist) as they change.
            Value::Hash(h) => h.encoding(),
            Value::Set(s) => s.encoding(),
            Value::ZSet(z) => z.encoding(),
        }
    }
}

/// Longest string Redis 7.0 stores as `embstr` (`OBJ_ENCODING_EMBSTR_SIZE_LIMIT`).
const EMBSTR_SIZE_LIMIT: usize = 44;

/// Integers `0..OBJ_SHARED_INTEGERS` are shared objects in Redis, reported with refcount
/// [`OBJ_SHARED_REFCOUNT`].
const OBJ_SHARED_INTEGERS: i64 = 10_000;

/// The refcount Redis reports for a shared object (`INT_MAX`).
pub const OBJ_SHARED_REFCOUNT: i64 = 2_147_483_647;

/// `tryObjectEncoding` on a fresh string: `int` for a canonical 64-bit integer (at most 20
/// bytes, no leading zero or `+`, as `string2l`), else `embstr` up to 44 bytes, else `raw`.
fn string_encoding(s: &[u8]) -> &'static str {
    if string_int(s).is_some() {
        "int"
    } else if s.len() <= EMBSTR_SIZE_LIMIT {
        "embstr"
    } else {
        "raw"
    }
}

/// The integer an `int`-encoded string holds.
fn string_int(s: &[u8]) -> Option<i64> {
    crate::resp::string2ll(s)
}

/// How a string value was produced, which decides the encoding Redis would report for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StringEncoding {
    /// Stored whole by SET, MSET, APPEND on a new key, INCR...: what `tryObjectEncoding`
    /// makes of the bytes (also the value of every non-string entry).
    #[default]
    Auto,
    /// Modified in place (APPEND to an existing string, SETRANGE): always `raw`.
    Raw,
    /// Made by `createStringObject` without trying the integer encoding (INCRBYFLOAT):
    /// `embstr` up to 44 bytes, else `raw`.
    NoInt,
    /// An integer that is not a shared object even in the shared range (COPY duplicates it).
    IntUnshared,
}

/// A key's value and its absolute expiry, if any.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The value.
    pub value: Value,
    /// Absolute deadline in Unix milliseconds; `None` for a persistent key.
    pub expire: Option<Millis>,
    /// Last access, on Redis's 24-bit LRU clock (Unix seconds modulo 2^24): OBJECT IDLETIME.
    lru: u32,
    /// How a string value was produced (OBJECT ENCODING / REFCOUNT).
    enc: StringEncoding,
}

/// Mask of Redis's LRU clock (`LRU_CLOCK_MAX`, 24 bits of seconds).
const LRU_CLOCK_MAX: u32 = (1 << 24) - 1;

/// Redis's `LRU_CLOCK()` at `now`: Unix seconds, 24 bits.
fn lru_clock(now: Millis) -> u32 {
    ((now / 1000) as u32) & LRU_CLOCK_MAX
}

impl Entry {
    /// A fresh entry, accessed at LRU clock `lru`.
    fn new(value: Value, expire: Option<Millis>, lru: u32) -> Self {
        Entry {
            value,
            expire,
            lru,
            enc: StringEncoding::Auto,
        }
    }

    /// How the string value was produced ([`StringEncoding::Auto`] for other types).
    pub fn string_encoding(&self) -> StringEncoding {
        self.enc
    }

    /// OBJECT ENCODING: the encoding Redis 7.0 would report for this value.
    pub fn encoding(&self, config: &Config) -> &'static str {
        match (&self.value, self.enc) {
            (Value::String(_), StringEncoding::Raw) => "raw",
            (Value::String(s), StringEncoding::NoInt) if s.len() > EMBSTR_SIZE_LIMIT => "raw",
            (Value::String(_), StringEncoding::NoInt) => "embstr",
            (v, _) => v.encoding(config),
        }
    }

    /// OBJECT REFCOUNT: [`OBJ_SHARED_REFCOUNT`] for an integer in `0..10000` that Redis
    /// would have made a shared object (unless the maxmemory policy is LRU/LFU, which needs
    /// one clock per key), else 1.
    pub fn refcount(&self, config: &Config) -> i64 {
        let shared = match (&self.value, self.enc) {
            (Value::String(s), StringEncoding::Auto) => {
                string_int(s).is_some_and(|n| (0..OBJ_SHARED_INTEGERS).contains(&n))
                    && shared_integers_allowed(config)
            }
            _ => false,
        };
        if shared {
            OBJ_SHARED_REFCOUNT
        } else {
            1
        }
    }

    /// OBJECT IDLETIME: seconds since the last access (Redis's `estimateObjectIdleTime`,
    /// wrapping with the 24-bit clock).
    pub fn idle_seconds(&self, now: Millis) -> u64 {
        let clock = lru_clock(now);
        let idle = if clock >= self.lru {
            clock - self.lru
        } else {
            clock + (LRU_CLOCK_MAX - self.lru)
        };
        u64::from(idle)
    }

    /// A copy for COPY: the same value and string encoding, accessed now; an integer loses
    /// its sharing (Redis's `dupStringObject` makes a private object).
    pub fn duplicate(&self, now: Millis) -> Entry {
        let enc = match (&self.value, self.enc) {
            (Value::String(s), StringEncoding::Auto) if string_int(s).is_some() => {
                StringEncoding::IntUnshared
            }
            (_, e) => e,
        };
        Entry {
            value: self.value.clone(),
            expire: self.expire,
            lru: lru_clock(now),
            enc,
        }
    }
}

/// Whether new integers in `0..10000` are shared objects: not when maxmemory is set with an
/// LRU or LFU policy (Redis's `MAXMEMORY_FLAG_NO_SHARED_INTEGERS`).
fn shared_integers_allowed(config: &Config) -> bool {
    let maxmemory = config
        .extra
        .get("maxmemory")
        .and_then(|m| crate::config::parse_memory(m))
        .unwrap_or(0);
    let policy = config
        .extra
        .get("maxmemory-policy")
        .map_or("", String::as_str);
    maxmemory == 0 || !(policy.ends_with("-lru") || policy.ends_with("-lfu"))
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
    /// The LRU clock new entries get (set from the command's time by [`Db::set_clock`]).
    clock: u32,
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

    /// Sets the time entries stored from now on were last accessed at (handlers' `Ctx::db`
    /// calls it with the command's time).
    pub fn set_clock(&mut self, now: Millis) {
        self.clock = lru_clock(now);
    }

    /// Removes `key` if its deadline has passed (lazy expiry before a write that does not
    /// need the old value). Returns true if it was removed.
    pub fn expire_key_if_due(&mut self, key: &[u8], now: Millis) -> bool {
        self.expire_if_needed(key, now)
    }

    /// The live entry under `key` (expiring it first if due). Counts as an access for OBJECT
    /// IDLETIME, as Redis's `lookupKey`.
    pub fn get(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        self.get_mut(key, now).map(|e| &*e)
    }

    /// The live entry under `key` without counting an access (Redis's `LOOKUP_NOTOUCH`:
    /// TYPE, EXISTS, the TTL family, OBJECT).
    pub fn peek(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        self.expire_if_needed(key, now);
        self.map.get(key)
    }

    /// The live entry under `key`, mutably (an access, like [`Db::get`]). Changing `expire`
    /// through it is not allowed: use [`Db::set_expire`] so the index stays consistent.
    pub fn get_mut(&mut self, key: &[u8], now: Millis) -> Option<&mut Entry> {
        self.expire_if_needed(key, now);
        let e = self.map.get_mut(key)?;
        e.lru = lru_clock(now);
        Some(e)
    }

    /// Records how the string under `key` was produced (APPEND, SETRANGE, INCRBYFLOAT), for
    /// OBJECT ENCODING. No-op if the key is absent.
    pub fn set_string_encoding(&mut self, key: &[u8], enc: StringEncoding) {
        if let Some(e) = self.map.get_mut(key) {
            e.enc = enc;
        }
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
                e.lru = self.clock;
                e.enc = StringEncoding::Auto;
                self.reindex_expire(key, old_expire, expire);
            }
            None => self.insert_new(key, Entry::new(value, expire, self.clock)),
        }
    }

    /// Stores a whole entry (value, expiry, metadata) under `key`, replacing any previous one:
    /// RENAME and MOVE carry the object itself, as Redis does.
    pub fn insert_entry(&mut self, key: &[u8], entry: Entry) {
        match self.map.get_mut(key) {
            Some(e) => {
                let old_expire = e.expire;
                let new_expire = entry.expire;
                *e = entry;
                self.reindex_expire(key, old_expire, new_expire);
            }
            None => self.insert_new(key, entry),
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
                e.lru = self.clock;
                e.enc = StringEncoding::Auto;
                if !keep_ttl {
                    let old_expire = std::mem::replace(&mut e.expire, expire);
                    self.reindex_expire(key, old_expire, expire);
                }
            }
            None => {
                let expire = if keep_ttl { None } else { expire };
                let entry = Entry::new(Value::String(value.to_vec()), expire, self.clock);
                self.insert_new(key, entry);
            }
        }
    }

    /// Inserts an entry for a key known to be absent from `map`.
    fn insert_new(&mut self, key: &[u8], entry: Entry) {
        let expire = entry.expire;
        self.map.insert(key.into(), entry);
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
            Some(e) => {
                e.value = value;
                e.lru = self.clock;
                e.enc = StringEncoding::Auto;
            }
            None => self.insert_new(key, Entry::new(value, None, self.clock)),
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
