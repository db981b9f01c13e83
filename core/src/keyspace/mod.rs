//! The keyspace: databases of binary-safe keys holding typed values, with expiry.
//!
//! This layer knows nothing of RESP or argument parsing (Redis's "type API" split): command
//! handlers in `crate::commands` parse, call these operations, and build replies.
//!
//! Memory layout (chosen by measurement: 1,000,000 small string keys took 2.15× Redis's
//! resident memory with a `HashMap<Box<[u8]>, Entry>`). A [`Db`] keeps its entries in a slab
//! of 64-byte slots (key and entry side by side; keys and string values up to 22 bytes stored
//! inline by [`bytes`], so a small key costs no heap allocation at all) and finds them through
//! a SwissTable of 4-byte slot numbers. Compared with a map of boxed keys this removes two
//! heap blocks per key and shrinks the table from 64-byte to 4-byte cells.
//!
//! Expiry is kept two ways: the absolute deadline inline in each [`Entry`] (for TTL and lazy
//! expiry on access) and an ordered index of `(deadline, slot)` (for the active cycle, which
//! can then delete exactly the keys that are due, deterministically, instead of sampling).
//!
//! SCAN cursors. Redis walks its chained hash table in reverse-binary bucket order, which
//! survives rehashing. Here a key keeps its slot while it exists, so a cursor is simply a slot
//! number, walked downwards; see [`Db::scan`] for why that guarantee survives compaction. The
//! same cursors come out natively and in wasm.
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

pub mod bytes;
pub mod table;

use std::collections::BTreeSet;
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

pub use bytes::{KeyBuf, Str};
pub use table::Table;

use crate::config::Config;
use crate::Millis;

/// A key or a string value: binary-safe bytes.
pub type Key = Box<[u8]>;

/// Hash map with the fast non-cryptographic hasher used throughout the keyspace.
pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// Hash set counterpart of [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// Deadlines in time order: `(deadline, id)` pairs. The one element type of the engine's
/// time-ordered sets (the keyspace's expiry index, blocked clients' timeouts), so the
/// B-tree code is compiled once for both: each element type of a `BTreeSet` costs ~9 KB of
/// wasm.
pub type DeadlineSet = BTreeSet<(Millis, u64)>;

/// A typed value stored under a key.
#[derive(Debug, Clone)]
pub enum Value {
    /// A string (also integers and floats, which Redis stores as strings): inline up to 22
    /// bytes.
    String(Str),
    /// A list.
    List(Box<list::List>),
    /// A stream.
    Stream(Box<stream::Stream>),
    /// A sorted set.
    ZSet(Box<zset::ZSet>),
    /// A hash.
    Hash(Box<hash::Hash>),
    /// A set.
    Set(Box<set::Set>),
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

/// A key's value and its absolute expiry, if any: 40 bytes (a test pins it), so that a
/// database slot holding it next to its key is 64.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The value.
    pub value: Value,
    /// Absolute deadline in Unix milliseconds, or [`NO_EXPIRE`] for a persistent key (a
    /// sentinel rather than an `Option`, which would take 8 more bytes per key). Read it with
    /// [`Entry::expire`]; change it with [`Db::set_expire`].
    expire: Millis,
    /// Last access, on Redis's 24-bit LRU clock (Unix seconds modulo 2^24): OBJECT IDLETIME.
    lru: u32,
    /// How a string value was produced (OBJECT ENCODING / REFCOUNT).
    enc: StringEncoding,
}

/// [`Entry`]'s stored deadline for "no expiry". Redis deadlines fit in a signed 64-bit
/// millisecond count (`PXAT` takes at most `i64::MAX`), so `u64::MAX` is never a real one.
const NO_EXPIRE: Millis = Millis::MAX;

/// The stored form of an optional deadline.
fn expire_repr(expire: Option<Millis>) -> Millis {
    match expire {
        Some(t) => t.min(NO_EXPIRE - 1),
        None => NO_EXPIRE,
    }
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
            expire: expire_repr(expire),
            lru,
            enc: StringEncoding::Auto,
        }
    }

    /// The absolute deadline in Unix milliseconds; `None` for a persistent key.
    pub fn expire(&self) -> Option<Millis> {
        (self.expire != NO_EXPIRE).then_some(self.expire)
    }

    /// Whether the key is live at `now` (no deadline, or a deadline after `now`).
    pub fn is_live(&self, now: Millis) -> bool {
        self.expire > now
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

/// One logical database (SELECT n): a [`Table`] of entries (stable slots, inline short keys;
/// see its module docs for the layout and the SCAN cursors) plus the expiry index.
///
/// Invariant: `(t, i)` is in `expiry_index` iff slot `i` holds an entry with deadline `t`
/// (kept across compactions through [`Table::remove_with`]'s move reports).
#[derive(Debug, Default, Clone)]
pub struct Db {
    table: Table<Entry>,
    /// `(deadline, slot)`, the slot widened to the [`DeadlineSet`]'s `u64`.
    expiry_index: DeadlineSet,
    /// Keys removed by expiry (lazy or active) since the last [`Db::take_expired`]; the server
    /// uses them for stats, propagation and WATCH.
    expired: Vec<Key>,
    /// The LRU clock new entries get (set from the command's time by [`Db::set_clock`]).
    clock: u32,
    /// Read lookups of this database that found their key / did not (INFO stats'
    /// `keyspace_hits` / `keyspace_misses`, summed over databases; see [`Db::get_read`]).
    pub reads: ReadCounts,
}

/// INFO stats' `keyspace_hits` and `keyspace_misses` as counted by one [`Db`]: Redis's
/// `lookupKey` counts every read lookup (`lookupKeyRead*` without `LOOKUP_NOSTATS`), a hit when
/// the key is live, a miss when it is absent or found expired; write lookups count nothing.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReadCounts {
    /// Read lookups that found the key.
    pub hits: u64,
    /// Read lookups that did not.
    pub misses: u64,
}

impl ReadCounts {
    /// Counts one read lookup.
    #[inline]
    pub fn count(&mut self, found: bool) {
        if found {
            self.hits += 1;
        } else {
            self.misses += 1;
        }
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: ReadCounts) {
        self.hits += other.hits;
        self.misses += other.misses;
    }
}

impl Db {
    /// An empty database.
    pub fn new() -> Self {
        Db::default()
    }

    /// Number of keys, including those expired but not yet removed (like DBSIZE).
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the database holds no keys.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Number of keys with an expiry (INFO keyspace `expires=`).
    pub fn volatile_len(&self) -> usize {
        self.expiry_index.len()
    }

    /// The slot of the live `key`, removing it first if its deadline has passed (one table
    /// lookup either way).
    #[inline]
    fn find_live(&mut self, key: &[u8], now: Millis) -> Option<u32> {
        let i = self.table.find(key)?;
        (!self.expire_slot_if_due(i, key, now)).then_some(i)
    }

    /// Removes `key`, in slot `i`, if its deadline has passed; returns true if it did.
    fn expire_slot_if_due(&mut self, i: u32, key: &[u8], now: Millis) -> bool {
        if self.table.at(i).1.is_live(now) {
            return false;
        }
        self.remove(key);
        self.expired.push(key.into());
        true
    }

    /// Sets the time entries stored from now on were last accessed at (handlers' `Ctx::db`
    /// calls it with the command's time).
    #[inline]
    pub fn set_clock(&mut self, now: Millis) {
        self.clock = lru_clock(now);
    }

    /// Removes `key` if its deadline has passed (lazy expiry before a write that does not
    /// need the old value). Returns true if it was removed.
    #[inline]
    pub fn expire_key_if_due(&mut self, key: &[u8], now: Millis) -> bool {
        if self.expiry_index.is_empty() {
            return false;
        }
        self.table
            .find(key)
            .is_some_and(|i| self.expire_slot_if_due(i, key, now))
    }

    /// The live entry under `key` (expiring it first if due). Counts as an access for OBJECT
    /// IDLETIME, as Redis's `lookupKey`.
    pub fn get(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        self.get_mut(key, now).map(|e| &*e)
    }

    /// The live entry under `key` without counting an access (Redis's `LOOKUP_NOTOUCH`:
    /// TYPE, EXISTS, the TTL family, OBJECT).
    pub fn peek(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        let i = self.find_live(key, now)?;
        Some(self.table.at(i).1)
    }

    /// [`Db::get`] counted as a read lookup (Redis's `lookupKeyRead`): INFO stats'
    /// `keyspace_hits` if the key is live, `keyspace_misses` otherwise.
    #[inline]
    pub fn get_read(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        let i = self.find_live(key, now);
        self.reads.count(i.is_some());
        let e = self.table.at_mut(i?);
        e.lru = lru_clock(now);
        Some(e)
    }

    /// [`Db::peek`] counted as a read lookup (`lookupKeyReadWithFlags(LOOKUP_NOTOUCH)`: TYPE,
    /// EXISTS, the TTL family, OBJECT).
    pub fn peek_read(&mut self, key: &[u8], now: Millis) -> Option<&Entry> {
        let i = self.find_live(key, now);
        self.reads.count(i.is_some());
        Some(self.table.at(i?).1)
    }

    /// Counts a read lookup of `key` (expiring it if due) for a command that then reaches it
    /// some other way: SPOP with a count reads the key, then pops from it.
    pub fn count_read(&mut self, key: &[u8], now: Millis) {
        let found = self.find_live(key, now).is_some();
        self.reads.count(found);
    }

    /// [`Db::value`] counted as a read lookup (see [`Db::get_read`]).
    #[inline]
    pub fn value_read(&mut self, key: &[u8], now: Millis) -> Option<&Value> {
        self.get_read(key, now).map(|e| &e.value)
    }

    /// The entry under `key` as stored, expired or not, without side effects: for code that
    /// must not change the keyspace (WATCH checks, reading keys another client blocks on).
    pub fn lookup(&self, key: &[u8]) -> Option<&Entry> {
        self.table.get(key)
    }

    /// The live entry under `key`, mutably (an access, like [`Db::get`]). Its deadline can only
    /// be changed through [`Db::set_expire`], which keeps the expiry index consistent.
    #[inline]
    pub fn get_mut(&mut self, key: &[u8], now: Millis) -> Option<&mut Entry> {
        let i = self.find_live(key, now)?;
        let e = self.table.at_mut(i);
        e.lru = lru_clock(now);
        Some(e)
    }

    /// Records how the string under `key` was produced (APPEND, SETRANGE, INCRBYFLOAT), for
    /// OBJECT ENCODING. No-op if the key is absent.
    pub fn set_string_encoding(&mut self, key: &[u8], enc: StringEncoding) {
        if let Some(e) = self.table.get_mut(key) {
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
        let clock = self.clock;
        self.insert_entry(key, Entry::new(value, expire, clock));
    }

    /// Stores a whole entry (value, expiry, metadata) under `key`, replacing any previous one:
    /// RENAME and MOVE carry the object itself, as Redis does.
    pub fn insert_entry(&mut self, key: &[u8], entry: Entry) {
        match self.table.find(key) {
            // Overwrite in place: one lookup, and the slot keeps its key.
            Some(i) => {
                let new = entry.expire;
                let old = std::mem::replace(self.table.at_mut(i), entry).expire;
                self.reindex_expire(i, old, new);
            }
            None => self.insert_new(key, entry),
        }
    }

    /// Stores a string value under `key` with the given expiry (or, with `keep_ttl`, the
    /// existing one), replacing any previous entry — SET's fast path. A short value is stored
    /// inline, and a longer one reuses the old value's buffer when it fits: an overwriting SET
    /// then does no heap allocation at all.
    pub fn set_string(&mut self, key: &[u8], value: &[u8], expire: Option<Millis>, keep_ttl: bool) {
        let clock = self.clock;
        match self.table.find(key) {
            Some(i) => {
                let e = self.table.at_mut(i);
                match &mut e.value {
                    Value::String(s) => s.assign(value),
                    other => *other = Value::String(Str::from(value)),
                }
                e.lru = clock;
                e.enc = StringEncoding::Auto;
                if !keep_ttl {
                    let new = expire_repr(expire);
                    let old = std::mem::replace(&mut e.expire, new);
                    self.reindex_expire(i, old, new);
                }
            }
            None => {
                let expire = if keep_ttl { None } else { expire };
                let entry = Entry::new(Value::String(Str::from(value)), expire, clock);
                self.insert_new(key, entry);
            }
        }
    }

    /// Inserts an entry for a key known to be absent.
    #[inline]
    fn insert_new(&mut self, key: &[u8], entry: Entry) {
        let expire = entry.expire;
        let i = self.table.insert_new(key, entry);
        if expire != NO_EXPIRE {
            self.expiry_index.insert((expire, u64::from(i)));
        }
    }

    /// Moves slot `i` in `expiry_index` from deadline `old` to `new` (stored forms).
    #[inline]
    fn reindex_expire(&mut self, i: u32, old: Millis, new: Millis) {
        if old == new {
            return;
        }
        if old != NO_EXPIRE {
            self.expiry_index.remove(&(old, u64::from(i)));
        }
        if new != NO_EXPIRE {
            self.expiry_index.insert((new, u64::from(i)));
        }
    }

    /// Replaces the value under an existing `key`, keeping its expiry (like SET KEEPTTL or
    /// an in-place update). Inserts a persistent key if absent.
    pub fn set_keep_ttl(&mut self, key: &[u8], value: Value) {
        let clock = self.clock;
        match self.table.get_mut(key) {
            Some(e) => {
                e.value = value;
                e.lru = clock;
                e.enc = StringEncoding::Auto;
            }
            None => self.insert_new(key, Entry::new(value, None, clock)),
        }
    }

    /// Removes `key`, returning its entry.
    pub fn remove(&mut self, key: &[u8]) -> Option<Entry> {
        let index = &mut self.expiry_index;
        let (i, entry) = self.table.remove_with(key, |from, to, e| {
            if e.expire != NO_EXPIRE {
                index.remove(&(e.expire, u64::from(from)));
                index.insert((e.expire, u64::from(to)));
            }
        })?;
        if entry.expire != NO_EXPIRE {
            // The removed key's own slot is free, so no move above can have touched it.
            self.expiry_index.remove(&(entry.expire, u64::from(i)));
        }
        Some(entry)
    }

    /// Sets or clears the expiry of an existing key. Returns false if the key does not exist.
    pub fn set_expire(&mut self, key: &[u8], expire: Option<Millis>) -> bool {
        let Some(i) = self.table.find(key) else {
            return false;
        };
        let new = expire_repr(expire);
        let old = std::mem::replace(&mut self.table.at_mut(i).expire, new);
        self.reindex_expire(i, old, new);
        true
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.table = Table::new();
        self.expiry_index.clear();
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
            let i = match self.expiry_index.first() {
                Some(&(t, i)) if t <= now => i as u32, // a slot: widened from u32
                _ => break,
            };
            let key: Key = self.table.at(i).0.into();
            self.remove(&key);
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

    /// Iterates over all entries (expired ones included: callers filter with `now`), in slot
    /// order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &Entry)> {
        self.table.iter()
    }

    /// One SCAN step over the keys (live or not: callers filter with `now`); see
    /// [`Table::scan`] for the cursors and the guarantee.
    pub fn scan(&self, cursor: u64, count: usize, f: impl FnMut(&[u8], &Entry)) -> u64 {
        self.table.scan(cursor, count, f)
    }

    /// A key picked from `r` (uniform random bits), deterministic given `r`; `None` if the
    /// database is empty (see [`Table::random`]).
    pub fn random_key(&self, r: u64) -> Option<&[u8]> {
        self.table.random(r).map(|(k, _)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::table::tests::key;
    use super::*;
    use crate::server::Rng;
    use std::collections::BTreeMap;

    impl Db {
        /// Checks the table's invariants and the expiry index's.
        fn check(&self) {
            self.table.check();
            let volatile: DeadlineSet = self
                .iter()
                .filter(|(_, e)| e.expire != NO_EXPIRE)
                .map(|(k, e)| {
                    let i = self.table.find(k).expect("iterated keys exist");
                    (e.expire, u64::from(i))
                })
                .collect();
            assert_eq!(volatile, self.expiry_index);
        }
    }

    #[test]
    fn entries_stay_40_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
        assert_eq!(std::mem::size_of::<Entry>(), 40);
        // Boxed under `Value`: the box is one 32-byte block for a small hash or set.
        assert_eq!(std::mem::size_of::<hash::Hash>(), 24);
        assert_eq!(std::mem::size_of::<set::Set>(), 24);
    }

    #[test]
    fn random_operations_keep_invariants_and_match_a_model() {
        let mut db = Db::new();
        let mut model: BTreeMap<Vec<u8>, (Vec<u8>, Option<Millis>)> = BTreeMap::new();
        let mut rng = Rng::new(7);
        for step in 0..20_000u64 {
            // Phases of growth and of mass deletion, so compaction happens many times.
            let grow = (step / 2_000) % 2 == 0;
            let k = key(rng.next_u64() % 3_000);
            match rng.next_u64() % 10 {
                0..=4 if grow => {
                    let v = format!("v{step}").into_bytes();
                    let t = (rng.next_u64() % 4 == 0).then_some(1_000 + rng.next_u64() % 100);
                    db.set_string(&k, &v, t, false);
                    model.insert(k, (v, t));
                }
                0..=6 => {
                    assert_eq!(db.remove(&k).is_some(), model.remove(&k).is_some());
                }
                7 => {
                    let t = (rng.next_u64() % 2 == 0).then_some(1_000 + rng.next_u64() % 100);
                    assert_eq!(db.set_expire(&k, t), model.contains_key(&k));
                    if let Some(m) = model.get_mut(&k) {
                        m.1 = t;
                    }
                }
                8 => {
                    let n = db.expire_due(1_000 + rng.next_u64() % 100, 5);
                    let due: Vec<Vec<u8>> = db.take_expired().into_iter().map(Vec::from).collect();
                    assert_eq!(due.len(), n);
                    for k in due {
                        assert!(model.remove(&k).is_some_and(|(_, t)| t.is_some()));
                    }
                }
                _ => {
                    let got = db.lookup(&k).map(|e| {
                        let Value::String(v) = &e.value else { panic!() };
                        (v.to_vec(), e.expire())
                    });
                    assert_eq!(got.as_ref(), model.get(&k));
                }
            }
            if step % 97 == 0 {
                db.check();
            }
        }
        db.check();
        let all: BTreeMap<Vec<u8>, Vec<u8>> = db
            .iter()
            .map(|(k, e)| {
                let Value::String(v) = &e.value else { panic!() };
                (k.to_vec(), v.to_vec())
            })
            .collect();
        let want: BTreeMap<Vec<u8>, Vec<u8>> =
            model.into_iter().map(|(k, (v, _))| (k, v)).collect();
        assert_eq!(all, want);
    }

    #[test]
    fn compaction_gives_memory_back_and_keeps_every_key() {
        let mut db = Db::new();
        for n in 0..10_000 {
            db.set_string(&key(n), b"v", (n % 2 == 0).then_some(5_000 + n), false);
        }
        for n in 0..10_000 {
            if n % 10 != 0 {
                db.remove(&key(n));
            }
        }
        db.check();
        assert_eq!(db.len(), 1_000);
        assert!(
            db.table.slab_len() < 4_000,
            "slab compacted: {}",
            db.table.slab_len()
        );
        for n in (0..10_000).step_by(10) {
            let e = db.lookup(&key(n)).expect("kept");
            assert_eq!(e.expire(), (n % 2 == 0).then_some(5_000 + n));
        }
        assert_eq!(db.next_expiry(), Some(5_000));
        while !db.is_empty() {
            let k = db.random_key(3).expect("not empty").to_vec();
            db.remove(&k);
        }
        db.check();
        assert!(db.table.slab_len() == 0 && db.random_key(0).is_none());
    }
}
