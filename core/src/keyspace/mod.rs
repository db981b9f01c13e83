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

use std::collections::BTreeSet;
use std::hash::{BuildHasherDefault, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxHasher;

pub use bytes::{KeyBuf, Str};

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

/// Slot index meaning "none" (end of the free list).
const NO_SLOT: u32 = u32::MAX;

/// One place in a database's slab: a key with its entry, or a free place linking to the next.
#[derive(Debug, Clone)]
enum Slot {
    Used { key: KeyBuf, entry: Entry },
    Free(u32),
}

/// The hash a key is filed under in [`Db`]'s index (internal only: nothing observable depends
/// on it, so it may differ between 32- and 64-bit builds).
fn key_hash(key: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(key);
    h.finish()
}

/// One logical database (SELECT n).
///
/// Layout, chosen for resident memory (see the module docs): entries live in a slab
/// (`slots`, 64 bytes per key with short keys and values stored inline); `index` is an
/// open-addressing table of 4-byte slot numbers (hashbrown's SwissTable), so a key costs 64
/// bytes plus ~5–10 bytes of table instead of a 64-byte table slot plus two heap blocks. A
/// key keeps its slot while it exists (freed slots are reused for new keys), which is what
/// makes SCAN cursors stable: see [`Db::scan`].
///
/// Invariants: `index` holds `i` iff `slots[i]` is `Used`, under the [`key_hash`] of its
/// key; the `Free` slots form one list from `free` (ending in [`NO_SLOT`]); `len` counts the
/// `Used` slots; `(t, i)` is in `expiry_index` iff `slots[i]` is used with deadline `t`.
#[derive(Debug, Default, Clone)]
pub struct Db {
    slots: Vec<Slot>,
    free: FreeHead,
    len: usize,
    index: HashTable<u32>,
    expiry_index: BTreeSet<(Millis, u32)>,
    /// Keys removed by expiry (lazy or active) since the last [`Db::take_expired`]; the server
    /// uses them for stats, propagation and WATCH.
    expired: Vec<Key>,
    /// The LRU clock new entries get (set from the command's time by [`Db::set_clock`]).
    clock: u32,
}

/// Head of the free-slot list ([`NO_SLOT`] when empty; a newtype so `Default` is right).
#[derive(Debug, Clone, Copy)]
struct FreeHead(u32);

impl Default for FreeHead {
    fn default() -> Self {
        FreeHead(NO_SLOT)
    }
}

/// A database at most this many slots long is never compacted (see [`Db::maybe_compact`]).
const COMPACT_MIN_SLOTS: usize = 64;

impl Db {
    /// An empty database.
    pub fn new() -> Self {
        Db::default()
    }

    /// Number of keys, including those expired but not yet removed (like DBSIZE).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the database holds no keys.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of keys with an expiry (INFO keyspace `expires=`).
    pub fn volatile_len(&self) -> usize {
        self.expiry_index.len()
    }

    /// The slot holding `key`, if any (expired or not).
    fn find(&self, key: &[u8]) -> Option<u32> {
        let slots = &self.slots;
        self.index
            .find(key_hash(key), |&i| slot_key(slots, i) == key)
            .copied()
    }

    fn entry_at(&self, i: u32) -> &Entry {
        match &self.slots[i as usize] {
            Slot::Used { entry, .. } => entry,
            Slot::Free(_) => unreachable!("index points at a used slot"),
        }
    }

    fn entry_at_mut(&mut self, i: u32) -> &mut Entry {
        match &mut self.slots[i as usize] {
            Slot::Used { entry, .. } => entry,
            Slot::Free(_) => unreachable!("index points at a used slot"),
        }
    }

    /// The slot of the live `key`, removing it first if its deadline has passed (one table
    /// lookup either way).
    fn find_live(&mut self, key: &[u8], now: Millis) -> Option<u32> {
        let i = self.find(key)?;
        if self.entry_at(i).is_live(now) {
            return Some(i);
        }
        self.remove(key);
        self.expired.push(key.into());
        None
    }

    /// Sets the time entries stored from now on were last accessed at (handlers' `Ctx::db`
    /// calls it with the command's time).
    pub fn set_clock(&mut self, now: Millis) {
        self.clock = lru_clock(now);
    }

    /// Removes `key` if its deadline has passed (lazy expiry before a write that does not
    /// need the old value). Returns true if it was removed.
    pub fn expire_key_if_due(&mut self, key: &[u8], now: Millis) -> bool {
        if self.expiry_index.is_empty() {
            return false;
        }
        self.find(key).is_some() && self.find_live(key, now).is_none()
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
        Some(self.entry_at(i))
    }

    /// The entry under `key` as stored, expired or not, without side effects: for code that
    /// must not change the keyspace (WATCH checks, reading keys another client blocks on).
    pub fn lookup(&self, key: &[u8]) -> Option<&Entry> {
        self.find(key).map(|i| self.entry_at(i))
    }

    /// The live entry under `key`, mutably (an access, like [`Db::get`]). Its deadline can only
    /// be changed through [`Db::set_expire`], which keeps the expiry index consistent.
    pub fn get_mut(&mut self, key: &[u8], now: Millis) -> Option<&mut Entry> {
        let i = self.find_live(key, now)?;
        let e = self.entry_at_mut(i);
        e.lru = lru_clock(now);
        Some(e)
    }

    /// Records how the string under `key` was produced (APPEND, SETRANGE, INCRBYFLOAT), for
    /// OBJECT ENCODING. No-op if the key is absent.
    pub fn set_string_encoding(&mut self, key: &[u8], enc: StringEncoding) {
        if let Some(i) = self.find(key) {
            self.entry_at_mut(i).enc = enc;
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
        match self.find(key) {
            // Overwrite in place: one lookup, and the slot keeps its key.
            Some(i) => {
                let new = entry.expire;
                let old = std::mem::replace(self.entry_at_mut(i), entry).expire;
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
        match self.find(key) {
            Some(i) => {
                let e = self.entry_at_mut(i);
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
    fn insert_new(&mut self, key: &[u8], entry: Entry) {
        let expire = entry.expire;
        let slot = Slot::Used {
            key: KeyBuf::from(key),
            entry,
        };
        let i = if self.free.0 != NO_SLOT {
            let i = self.free.0;
            match std::mem::replace(&mut self.slots[i as usize], slot) {
                Slot::Free(next) => self.free.0 = next,
                Slot::Used { .. } => unreachable!("free list holds free slots"),
            }
            i
        } else {
            let i = u32::try_from(self.slots.len())
                .ok()
                .filter(|&i| i != NO_SLOT)
                .expect("a database holds fewer than 2^32 - 1 keys");
            self.slots.push(slot);
            i
        };
        let slots = &self.slots;
        self.index
            .insert_unique(key_hash(key), i, |&j| key_hash(slot_key(slots, j)));
        self.len += 1;
        if expire != NO_EXPIRE {
            self.expiry_index.insert((expire, i));
        }
    }

    /// Moves slot `i` in `expiry_index` from deadline `old` to `new` (stored forms).
    fn reindex_expire(&mut self, i: u32, old: Millis, new: Millis) {
        if old == new {
            return;
        }
        if old != NO_EXPIRE {
            self.expiry_index.remove(&(old, i));
        }
        if new != NO_EXPIRE {
            self.expiry_index.insert((new, i));
        }
    }

    /// Replaces the value under an existing `key`, keeping its expiry (like SET KEEPTTL or
    /// an in-place update). Inserts a persistent key if absent.
    pub fn set_keep_ttl(&mut self, key: &[u8], value: Value) {
        let clock = self.clock;
        match self.find(key) {
            Some(i) => {
                let e = self.entry_at_mut(i);
                e.value = value;
                e.lru = clock;
                e.enc = StringEncoding::Auto;
            }
            None => self.insert_new(key, Entry::new(value, None, clock)),
        }
    }

    /// Removes `key`, returning its entry.
    pub fn remove(&mut self, key: &[u8]) -> Option<Entry> {
        let slots = &self.slots;
        let i = match self
            .index
            .find_entry(key_hash(key), |&i| slot_key(slots, i) == key)
        {
            Ok(found) => found.remove().0,
            Err(_) => return None,
        };
        let Slot::Used { entry, .. } =
            std::mem::replace(&mut self.slots[i as usize], Slot::Free(self.free.0))
        else {
            unreachable!("index points at a used slot")
        };
        self.free.0 = i;
        self.len -= 1;
        if entry.expire != NO_EXPIRE {
            self.expiry_index.remove(&(entry.expire, i));
        }
        self.maybe_compact();
        Some(entry)
    }

    /// Gives memory back after mass deletion: when at most a quarter of the slots are used,
    /// moves the keys of the highest slots into the lowest free ones and truncates the slab.
    /// Keys only ever move *down*, and [`Db::scan`] walks slots downwards, which keeps its
    /// guarantee across a compaction (a moved key is either still ahead of the cursor or was
    /// already returned; at worst it is returned twice, which SCAN allows). Amortised O(1) per
    /// removal: after a compaction the slab is full, so the next one needs 3/4 of it deleted.
    fn maybe_compact(&mut self) {
        if self.len == 0 {
            *self = Db {
                expired: std::mem::take(&mut self.expired),
                clock: self.clock,
                ..Db::default()
            };
            return;
        }
        if self.slots.len() <= COMPACT_MIN_SLOTS || self.len > self.slots.len() / 4 {
            return;
        }
        let mut lo = 0usize;
        let mut hi = self.slots.len();
        loop {
            while lo < hi && matches!(self.slots[lo], Slot::Used { .. }) {
                lo += 1;
            }
            while hi > lo && matches!(self.slots[hi - 1], Slot::Free(_)) {
                hi -= 1;
            }
            if lo + 1 >= hi {
                break;
            }
            // Move the key in slot hi-1 down to the free slot lo.
            let from = (hi - 1) as u32;
            let to = lo as u32;
            self.slots.swap(lo, hi - 1);
            let key_h = key_hash(slot_key(&self.slots, to));
            let cell = self
                .index
                .find_mut(key_h, |&j| j == from)
                .expect("a used slot is indexed");
            *cell = to;
            let t = self.entry_at(to).expire;
            if t != NO_EXPIRE {
                self.expiry_index.remove(&(t, from));
                self.expiry_index.insert((t, to));
            }
            lo += 1;
            hi -= 1;
        }
        self.slots.truncate(self.len);
        self.slots.shrink_to_fit();
        self.free = FreeHead::default();
        let slots = &self.slots;
        self.index
            .shrink_to(self.len, |&j| key_hash(slot_key(slots, j)));
    }

    /// Sets or clears the expiry of an existing key. Returns false if the key does not exist.
    pub fn set_expire(&mut self, key: &[u8], expire: Option<Millis>) -> bool {
        let Some(i) = self.find(key) else {
            return false;
        };
        let new = expire_repr(expire);
        let old = std::mem::replace(&mut self.entry_at_mut(i).expire, new);
        self.reindex_expire(i, old, new);
        true
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        *self = Db {
            expired: std::mem::take(&mut self.expired),
            clock: self.clock,
            ..Db::default()
        };
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
                Some(&(t, i)) if t <= now => i,
                _ => break,
            };
            let key: Key = slot_key(&self.slots, i).into();
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
        self.slots.iter().filter_map(|s| match s {
            Slot::Used { key, entry } => Some((key.as_slice(), entry)),
            Slot::Free(_) => None,
        })
    }

    /// One SCAN step. A cursor is a slot number: 0 starts at the top of the slab, and a
    /// cursor `c > 0` continues with the slots below `c`. Calls `f` with every key (live or
    /// not: callers filter with `now`) in the slots visited, walking down until `count` keys
    /// were seen or `10 * count` free slots were skipped (Redis bounds empty buckets the same
    /// way), and returns the next cursor, or 0 when the walk reached slot 0.
    ///
    /// The guarantee (a key present for the whole iteration is returned at least once) holds
    /// because a key never moves while it exists, except downwards in [`Db::maybe_compact`]:
    /// the walk is downwards too, so a moved key is either still below the cursor or was
    /// already returned. Keys added meanwhile may or may not be returned. One call costs
    /// O(COUNT), a full iteration O(N).
    pub fn scan(&self, cursor: u64, count: usize, mut f: impl FnMut(&[u8], &Entry)) -> u64 {
        let top = self.slots.len() as u64;
        // A cursor above the slab (from before a compaction, or made up) continues from the
        // top: every slot it still has to visit is below it.
        let mut next = if cursor == 0 || cursor > top {
            top
        } else {
            cursor
        };
        let mut seen = 0usize;
        let mut skipped = 0usize;
        let max_skipped = count.saturating_mul(10);
        while next > 0 && seen < count && skipped < max_skipped {
            next -= 1;
            match &self.slots[next as usize] {
                Slot::Used { key, entry } => {
                    f(key, entry);
                    seen += 1;
                }
                Slot::Free(_) => skipped += 1,
            }
        }
        next
    }

    /// A key picked from `r` (uniform random bits): the used slot at or after `r` modulo the
    /// slab's length, wrapping around; `None` if the database is empty. Deterministic given
    /// `r`. The slab is at least a quarter full (see [`Db::maybe_compact`]), so the walk is
    /// short on average.
    pub fn random_key(&self, r: u64) -> Option<&[u8]> {
        if self.len == 0 {
            return None;
        }
        let n = self.slots.len();
        let start = (r % n as u64) as usize;
        (start..n)
            .chain(0..start)
            .find_map(|i| match &self.slots[i] {
                Slot::Used { key, .. } => Some(key.as_slice()),
                Slot::Free(_) => None,
            })
    }
}

/// The key in used slot `i`.
fn slot_key(slots: &[Slot], i: u32) -> &[u8] {
    match &slots[i as usize] {
        Slot::Used { key, .. } => key,
        Slot::Free(_) => unreachable!("index points at a used slot"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashSet};

    impl Db {
        /// Checks every invariant listed on [`Db`].
        fn check(&self) {
            let used: Vec<u32> = (0..self.slots.len() as u32)
                .filter(|&i| matches!(self.slots[i as usize], Slot::Used { .. }))
                .collect();
            assert_eq!(used.len(), self.len);
            assert_eq!(self.index.len(), self.len);
            for &i in &used {
                let key = slot_key(&self.slots, i);
                assert_eq!(self.find(key), Some(i));
                let t = self.entry_at(i).expire;
                assert_eq!(t != NO_EXPIRE, self.expiry_index.contains(&(t, i)));
            }
            assert!(self.expiry_index.iter().all(|&(_, i)| used.contains(&i)));
            let mut free = 0;
            let mut at = self.free.0;
            while at != NO_SLOT {
                match self.slots[at as usize] {
                    Slot::Free(next) => at = next,
                    Slot::Used { .. } => panic!("free list reaches a used slot"),
                }
                free += 1;
            }
            assert_eq!(free + self.len, self.slots.len());
        }
    }

    /// splitmix64: a small deterministic generator for the tests.
    fn rng(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn key(n: u64) -> Vec<u8> {
        // Short and long keys, so both inline and heap keys are exercised.
        if n % 3 == 0 {
            format!("a-long-key-that-does-not-fit-inline:{n}").into_bytes()
        } else {
            format!("k{n}").into_bytes()
        }
    }

    #[test]
    fn slots_stay_64_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
        assert_eq!(std::mem::size_of::<Entry>(), 40);
        assert_eq!(std::mem::size_of::<Slot>(), 64);
    }

    #[test]
    fn random_operations_keep_invariants_and_match_a_model() {
        let mut db = Db::new();
        let mut model: BTreeMap<Vec<u8>, (Vec<u8>, Option<Millis>)> = BTreeMap::new();
        let mut s = 7;
        for step in 0..20_000u64 {
            // Phases of growth and of mass deletion, so compaction happens many times.
            let grow = (step / 2_000) % 2 == 0;
            let k = key(rng(&mut s) % 3_000);
            match rng(&mut s) % 10 {
                0..=4 if grow => {
                    let v = format!("v{step}").into_bytes();
                    let t = (rng(&mut s) % 4 == 0).then_some(1_000 + rng(&mut s) % 100);
                    db.set_string(&k, &v, t, false);
                    model.insert(k, (v, t));
                }
                0..=6 => {
                    assert_eq!(db.remove(&k).is_some(), model.remove(&k).is_some());
                }
                7 => {
                    let t = (rng(&mut s) % 2 == 0).then_some(1_000 + rng(&mut s) % 100);
                    assert_eq!(db.set_expire(&k, t), model.contains_key(&k));
                    if let Some(m) = model.get_mut(&k) {
                        m.1 = t;
                    }
                }
                8 => {
                    let n = db.expire_due(1_000 + rng(&mut s) % 100, 5);
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
        assert!(db.slots.len() < 4_000, "slab compacted: {}", db.slots.len());
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
        assert!(db.slots.is_empty() && db.random_key(0).is_none());
    }

    /// SCAN's guarantee, under heavy churn with compactions in between: every key present
    /// from the start to the end of an iteration is returned.
    #[test]
    fn scan_returns_every_key_present_throughout_despite_compaction() {
        let mut s = 11;
        for round in 0..20 {
            let mut db = Db::new();
            for n in 0..2_000 {
                db.set_string(&key(n), b"v", None, false);
            }
            // Keys 0..200 stay for the whole iteration; the others churn.
            let stable: HashSet<Vec<u8>> = (0..200).map(key).collect();
            let mut seen = HashSet::new();
            let mut cursor = 0;
            let mut calls = 0;
            loop {
                cursor = db.scan(cursor, 1 + (rng(&mut s) % 20) as usize, |k, _| {
                    seen.insert(k.to_vec());
                });
                calls += 1;
                // Delete most churning keys, sometimes add new ones: compactions happen.
                for _ in 0..(50 + round * 10) {
                    let n = 200 + rng(&mut s) % 1_800;
                    if rng(&mut s) % 5 == 0 {
                        db.set_string(&key(n + 10_000), b"n", None, false);
                    } else {
                        db.remove(&key(n));
                    }
                }
                if cursor == 0 {
                    break;
                }
                assert!(calls < 100_000, "iteration ends");
            }
            db.check();
            let missing: Vec<_> = stable.difference(&seen).collect();
            assert!(missing.is_empty(), "round {round}: missing {missing:?}");
        }
    }
}
