//! The stream type: an append-only log of entries with strictly increasing IDs `ms-seq`.
//!
//! Knows nothing of RESP or argument parsing. The layout mirrors Redis 7.0's `t_stream.c`
//! closely enough that replies depending on it match byte for byte: entries are grouped into
//! *nodes* (Redis: listpacks hanging off a radix tree, keyed by the node's first ID, the
//! "master ID"). A node accepts entries until it holds `stream-node-max-entries` entries
//! (live + tombstoned) or its listpack would reach `stream-node-max-bytes`; the listpack size
//! is computed exactly from Redis's encoding rules, without building the listpack. Deleting
//! an entry only marks it as a tombstone in its node; a node disappears when its last live
//! entry is deleted by XDEL, or when trimming removes it whole. Approximate trimming (`~`)
//! removes whole nodes only, which is why `XADD ... MAXLEN ~ 10` leaves a Redis-exact length.
//!
//! Invariants:
//! - every node is non-empty, its entries are sorted by ID, and all IDs of a node are smaller
//!   than those of the next node; a node's key is the ID of its first entry (live or not);
//! - `node.live` counts its non-tombstone entries, `node.deleted` its tombstones;
//! - `length` is the sum of `node.live`; every ID is `<= last_id`.
//!
//! Consumer groups (Redis's `streamCG`) live in the stream, by name. A group's pending entries
//! list (PEL) maps an ID to its [`PendingEntry`] (owner, delivery time, delivery count); each
//! consumer keeps the set of IDs it owns. Invariant: an ID is in exactly one consumer's set
//! iff it is in the group PEL with that consumer as owner.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::resp::string2ll;
use crate::Millis;

/// A stream entry ID `ms-seq`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId {
    /// Milliseconds part.
    pub ms: u64,
    /// Sequence part.
    pub seq: u64,
}

impl StreamId {
    /// `0-0`, the smallest ID (never a valid entry ID).
    pub const MIN: StreamId = StreamId { ms: 0, seq: 0 };
    /// The largest ID.
    pub const MAX: StreamId = StreamId {
        ms: u64::MAX,
        seq: u64::MAX,
    };

    /// An ID from its parts.
    pub const fn new(ms: u64, seq: u64) -> Self {
        StreamId { ms, seq }
    }

    /// The next ID (Redis's `streamIncrID`); `None` after [`StreamId::MAX`].
    pub fn incr(self) -> Option<StreamId> {
        if self.seq < u64::MAX {
            Some(StreamId::new(self.ms, self.seq + 1))
        } else if self.ms < u64::MAX {
            Some(StreamId::new(self.ms + 1, 0))
        } else {
            None
        }
    }

    /// The previous ID (Redis's `streamDecrID`); `None` before [`StreamId::MIN`].
    pub fn decr(self) -> Option<StreamId> {
        if self.seq > 0 {
            Some(StreamId::new(self.ms, self.seq - 1))
        } else if self.ms > 0 {
            Some(StreamId::new(self.ms - 1, u64::MAX))
        } else {
            None
        }
    }
}

impl fmt::Display for StreamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.ms, self.seq)
    }
}

/// An entry's field/value pairs, in the order given to XADD.
pub type Fields = Vec<(Vec<u8>, Vec<u8>)>;

/// How XADD chooses the new entry's ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRequest {
    /// `*`: the current time, or the last ID plus one if the clock is behind it.
    Auto,
    /// `ms-*`: this millisecond, with the next free sequence number.
    Ms(u64),
    /// An explicit `ms-seq`.
    Exact(StreamId),
}

/// Why an append failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendError {
    /// The ID is not greater than the stream's last ID.
    IdTooSmall,
    /// Fields and values together exceed the listpack limit (1 GiB).
    TooLarge,
}

/// A trimming strategy (XADD / XTRIM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trim {
    /// Keep at most this many entries.
    MaxLen(u64),
    /// Drop entries with an ID below this one.
    MinId(StreamId),
}

/// Node size limits (`stream-node-max-entries`, `stream-node-max-bytes`; 0 = unlimited).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeLimits {
    /// Entries (live and deleted) per node.
    pub max_entries: i64,
    /// Listpack bytes per node.
    pub max_bytes: i64,
}

impl Default for NodeLimits {
    fn default() -> Self {
        NodeLimits {
            max_entries: 100,
            max_bytes: 4096,
        }
    }
}

/// Largest total of field and value bytes in one entry, and of a listpack
/// (Redis's `STREAM_LISTPACK_MAX_SIZE`).
const LISTPACK_MAX_SIZE: usize = 1 << 30;

/// One entry inside a node.
#[derive(Debug, Clone)]
struct NodeEntry {
    id: StreamId,
    /// The pairs; emptied when the entry becomes a tombstone (only its size still counts).
    fields: Fields,
    deleted: bool,
}

/// A node: what Redis keeps in one listpack.
#[derive(Debug, Clone)]
struct Node {
    /// Field names of the node's first entry (the listpack's "master entry").
    master_fields: Vec<Vec<u8>>,
    /// Listpack bytes of the master entry's fixed part (num-fields, fields, terminator).
    master_bytes: usize,
    /// Listpack bytes of all entries, tombstones included.
    entries_bytes: usize,
    live: u64,
    deleted: u64,
    entries: Vec<NodeEntry>,
}

impl Node {
    /// Size of the listpack Redis would hold for this node (`lpBytes`).
    fn bytes(&self) -> usize {
        // Header (total bytes + element count) and end byte, then the master entry's
        // count and deleted counters, which are re-encoded as they change.
        6 + 1
            + lp_int_size(self.live as i64)
            + lp_int_size(self.deleted as i64)
            + self.master_bytes
            + self.entries_bytes
    }
}

/// Bytes of a listpack element's back-length field for an element of `l` bytes.
fn lp_backlen_size(l: usize) -> usize {
    match l {
        0..=127 => 1,
        128..=16382 => 2,
        16383..=2097150 => 3,
        2097151..=268435454 => 4,
        _ => 5,
    }
}

/// Bytes of an integer element (encoding + back-length).
fn lp_int_size(v: i64) -> usize {
    let enc = match v {
        0..=127 => 1,
        -4096..=4095 => 2,
        -32768..=32767 => 3,
        -8388608..=8388607 => 4,
        -2147483648..=2147483647 => 5,
        _ => 9,
    };
    enc + 1
}

/// Bytes of a string element; strings that read as integers are stored as integers.
fn lp_str_size(s: &[u8]) -> usize {
    if let Some(v) = string2ll(s) {
        return lp_int_size(v);
    }
    let enc = match s.len() {
        0..=63 => 1 + s.len(),
        64..=4095 => 2 + s.len(),
        _ => 5 + s.len(),
    };
    enc + lp_backlen_size(enc)
}

/// A Redis stream.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// Consumer groups by name (Redis keeps them in a radix tree: byte order).
    groups: BTreeMap<Vec<u8>, ConsumerGroup>,
    /// Nodes by master ID.
    nodes: BTreeMap<StreamId, Node>,
    /// Live entries.
    length: u64,
    /// The last ID ever added (kept after deletions).
    last_id: StreamId,
    /// First live entry, 0-0 when empty (XINFO `recorded-first-entry-id`).
    first_id: StreamId,
    /// Greatest ID deleted by XDEL (XINFO `max-deleted-entry-id`).
    max_deleted_entry_id: StreamId,
    /// Entries ever added (XINFO `entries-added`).
    entries_added: u64,
}

impl Stream {
    /// An empty stream.
    pub fn new() -> Self {
        Stream::default()
    }

    /// Number of live entries (XLEN).
    pub fn len(&self) -> u64 {
        self.length
    }

    /// Whether there are no live entries (an empty stream still exists as a key).
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// The last ID ever generated.
    pub fn last_id(&self) -> StreamId {
        self.last_id
    }

    /// The recorded first entry ID (0-0 when empty).
    pub fn first_id(&self) -> StreamId {
        self.first_id
    }

    /// The greatest ID removed by XDEL.
    pub fn max_deleted_entry_id(&self) -> StreamId {
        self.max_deleted_entry_id
    }

    /// How many entries were ever added.
    pub fn entries_added(&self) -> u64 {
        self.entries_added
    }

    /// Restores the counters a serialized stream carries (RDB): the last ID ever generated,
    /// the greatest deleted ID and the number of entries ever added. Call after appending the
    /// live entries; the first ID is recomputed from them.
    pub fn restore_counters(
        &mut self,
        last_id: StreamId,
        max_deleted_entry_id: StreamId,
        entries_added: u64,
    ) {
        self.last_id = self.last_id.max(last_id);
        self.max_deleted_entry_id = max_deleted_entry_id;
        self.entries_added = entries_added.max(self.length);
        self.first_id = self.first_valid_id().unwrap_or_default();
    }

    /// XSETID: sets the last generated ID and, when given, the entries-added counter and the
    /// greatest deleted ID. The caller checks them against the stream first (the last ID not
    /// below the last entry, entries-added not below the length).
    pub fn set_id(
        &mut self,
        last_id: StreamId,
        entries_added: Option<u64>,
        max_deleted: Option<StreamId>,
    ) {
        self.last_id = last_id;
        if let Some(n) = entries_added {
            self.entries_added = n;
        }
        if let Some(id) = max_deleted {
            self.max_deleted_entry_id = id;
        }
    }

    /// Number of nodes (XINFO `radix-tree-keys`).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The ID of the last live entry (Redis's `streamLastValidID`).
    pub fn last_valid_id(&self) -> Option<StreamId> {
        self.nodes
            .values()
            .rev()
            .flat_map(|n| n.entries.iter().rev())
            .find(|e| !e.deleted)
            .map(|e| e.id)
    }

    /// The ID of the first live entry.
    fn first_valid_id(&self) -> Option<StreamId> {
        self.nodes
            .values()
            .flat_map(|n| n.entries.iter())
            .find(|e| !e.deleted)
            .map(|e| e.id)
    }

    /// Appends an entry (Redis's `streamAppendItem`) and returns its ID. `now` serves `*`.
    /// The caller checks beforehand that the last ID is not [`StreamId::MAX`].
    pub fn append(
        &mut self,
        req: IdRequest,
        fields: Fields,
        now: Millis,
        limits: NodeLimits,
    ) -> Result<StreamId, AppendError> {
        let last = self.last_id;
        let id = match req {
            IdRequest::Exact(id) => id,
            IdRequest::Ms(ms) if ms == last.ms => {
                if last.seq == u64::MAX {
                    return Err(AppendError::IdTooSmall);
                }
                StreamId::new(ms, last.seq + 1)
            }
            IdRequest::Ms(ms) => StreamId::new(ms, 0),
            IdRequest::Auto if now > last.ms => StreamId::new(now, 0),
            // At the last possible ID this yields 0-0, refused below like Redis does.
            IdRequest::Auto => last.incr().unwrap_or(StreamId::MIN),
        };
        if id <= last {
            return Err(AppendError::IdTooSmall);
        }
        let total: usize = fields.iter().map(|(f, v)| f.len() + v.len()).sum();
        if total > LISTPACK_MAX_SIZE {
            return Err(AppendError::TooLarge);
        }

        let max_bytes = match usize::try_from(limits.max_bytes) {
            Ok(b) if b > 0 && b <= LISTPACK_MAX_SIZE => b,
            _ => LISTPACK_MAX_SIZE,
        };
        // Does the tail node take one more entry? Redis counts tombstones too.
        let use_tail = match self.nodes.last_key_value() {
            None => false,
            Some((_, tail)) => {
                if tail.bytes() + total >= max_bytes {
                    false
                } else {
                    limits.max_entries <= 0
                        || ((tail.live + tail.deleted) as i64) < limits.max_entries
                }
            }
        };
        if !use_tail {
            let names: Vec<Vec<u8>> = fields.iter().map(|(f, _)| f.clone()).collect();
            let master_bytes = lp_int_size(names.len() as i64)
                + names.iter().map(|f| lp_str_size(f)).sum::<usize>()
                + lp_int_size(0);
            self.nodes.insert(
                id,
                Node {
                    master_fields: names,
                    master_bytes,
                    entries_bytes: 0,
                    live: 0,
                    deleted: 0,
                    entries: Vec::new(),
                },
            );
        }
        let tail = self
            .nodes
            .last_entry()
            .expect("a tail node exists: it was just found or inserted");
        let master = *tail.key();
        let node = tail.into_mut();
        let same_fields = fields.len() == node.master_fields.len()
            && fields
                .iter()
                .zip(&node.master_fields)
                .all(|((f, _), m)| f == m);
        let n = fields.len() as i64;
        // flags, ms delta, seq delta, [num-fields, field...] value..., lp-count. The deltas are
        // stored as int64, wrapping as C's unsigned subtraction does.
        let mut size = lp_int_size(if same_fields { 2 } else { 0 })
            + lp_int_size(id.ms.wrapping_sub(master.ms) as i64)
            + lp_int_size(id.seq.wrapping_sub(master.seq) as i64);
        let lp_count = if same_fields { n + 3 } else { 2 * n + 4 };
        if !same_fields {
            size += lp_int_size(n) + fields.iter().map(|(f, _)| lp_str_size(f)).sum::<usize>();
        }
        size += fields.iter().map(|(_, v)| lp_str_size(v)).sum::<usize>();
        size += lp_int_size(lp_count);
        node.entries_bytes += size;
        node.live += 1;
        node.entries.push(NodeEntry {
            id,
            fields,
            deleted: false,
        });

        self.length += 1;
        self.entries_added += 1;
        self.last_id = id;
        if self.length == 1 {
            self.first_id = id;
        }
        Ok(id)
    }

    /// Live entries with `start <= id <= end`, ascending (or descending if `rev`), at most
    /// `count` of them (0 = all).
    pub fn range(
        &self,
        start: StreamId,
        end: StreamId,
        rev: bool,
        count: u64,
    ) -> Vec<(StreamId, &Fields)> {
        let mut out = Vec::new();
        if start > end {
            return out;
        }
        let full = |out: &Vec<_>| count != 0 && out.len() as u64 >= count;
        if !rev {
            // The node holding `start` is the last one whose master ID is <= start.
            let from = self
                .nodes
                .range(..=start)
                .next_back()
                .map_or(start, |(k, _)| *k);
            for node in self.nodes.range(from..).map(|(_, n)| n) {
                let i = node.entries.partition_point(|e| e.id < start);
                for e in &node.entries[i..] {
                    if e.id > end || full(&out) {
                        return out;
                    }
                    if !e.deleted {
                        out.push((e.id, &e.fields));
                    }
                }
            }
        } else {
            for node in self.nodes.range(..=end).rev().map(|(_, n)| n) {
                let j = node.entries.partition_point(|e| e.id <= end);
                for e in node.entries[..j].iter().rev() {
                    if e.id < start || full(&out) {
                        return out;
                    }
                    if !e.deleted {
                        out.push((e.id, &e.fields));
                    }
                }
            }
        }
        out
    }

    /// Deletes one live entry (Redis's `streamDeleteItem`); false if there is none with `id`.
    fn delete_one(&mut self, id: StreamId) -> bool {
        let Some((&key, node)) = self.nodes.range_mut(..=id).next_back() else {
            return false;
        };
        let Ok(i) = node.entries.binary_search_by(|e| e.id.cmp(&id)) else {
            return false;
        };
        if node.entries[i].deleted {
            return false;
        }
        if node.live == 1 {
            // Its last live entry: Redis frees the whole listpack.
            self.nodes.remove(&key);
        } else {
            let e = &mut node.entries[i];
            e.deleted = true;
            e.fields = Vec::new();
            node.live -= 1;
            node.deleted += 1;
        }
        self.length -= 1;
        true
    }

    /// XDEL: deletes the entries with these IDs, keeping the first-ID and max-deleted-ID
    /// bookkeeping. Returns how many existed.
    pub fn delete(&mut self, ids: &[StreamId]) -> u64 {
        let mut deleted = 0;
        let mut first_entry = false;
        for &id in ids {
            if self.delete_one(id) {
                if id == self.first_id {
                    first_entry = true;
                }
                if id > self.max_deleted_entry_id {
                    self.max_deleted_entry_id = id;
                }
                deleted += 1;
            }
        }
        if deleted > 0 {
            if self.length == 0 {
                self.first_id = StreamId::MIN;
            } else if first_entry {
                self.first_id = self.first_valid_id().unwrap_or(StreamId::MIN);
            }
        }
        deleted
    }

    /// Trims the stream (Redis's `streamTrim`) and returns how many entries were removed.
    /// With `approx`, only whole nodes go. `limit` (0 = none) caps the entries removed, in
    /// whole nodes.
    pub fn trim(&mut self, strategy: Trim, approx: bool, limit: u64) -> u64 {
        let mut deleted: u64 = 0;
        loop {
            if let Trim::MaxLen(max) = strategy {
                if self.length <= max {
                    break;
                }
            }
            let Some(mut first) = self.nodes.first_entry() else {
                break;
            };
            let node = first.get_mut();
            let entries = node.live;
            if limit != 0 && deleted + entries > limit {
                break;
            }
            let remove_node = match strategy {
                Trim::MaxLen(max) => self.length - entries >= max,
                // The node's last entry, tombstone or not, decides.
                Trim::MinId(min) => node.entries.last().is_some_and(|e| e.id < min),
            };
            if remove_node {
                first.remove();
                self.length -= entries;
                deleted += entries;
                continue;
            }
            if approx {
                break;
            }
            // Mark entries of this node as deleted until the condition holds.
            let mut marked = 0;
            for e in node.entries.iter_mut() {
                let stop = match strategy {
                    Trim::MaxLen(max) => self.length <= max,
                    Trim::MinId(min) => e.id >= min,
                };
                if stop {
                    break;
                }
                if !e.deleted {
                    e.deleted = true;
                    e.fields = Vec::new();
                    marked += 1;
                    self.length -= 1;
                }
            }
            // A node left with no live entry stays, as in Redis (only XDEL frees it).
            node.live -= marked;
            node.deleted += marked;
            deleted += marked;
            break;
        }
        self.first_id = if self.length == 0 {
            StreamId::MIN
        } else {
            self.first_valid_id().unwrap_or(StreamId::MIN)
        };
        deleted
    }
}

// ---------------------------------------------------------------------------------------------
// Consumer groups

/// `entries_read` value meaning "unknown" (Redis's `SCG_INVALID_ENTRIES_READ`).
pub const INVALID_ENTRIES_READ: i64 = -1;

/// One entry of a group's pending entries list (Redis's `streamNACK`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEntry {
    /// Name of the consumer that owns it.
    pub consumer: Vec<u8>,
    /// Unix ms of the last delivery.
    pub delivery_time: Millis,
    /// How many times it was delivered.
    pub delivery_count: u64,
}

/// A consumer of a group (Redis's `streamConsumer`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consumer {
    /// Unix ms of the consumer's last attempted interaction (XINFO `seen-time`).
    seen_time: Millis,
    /// IDs of the pending entries it owns.
    pel: BTreeSet<StreamId>,
}

impl Consumer {
    /// When the consumer was last seen (read, claimed, created).
    pub fn seen_time(&self) -> Millis {
        self.seen_time
    }

    /// The IDs it owns in the group PEL.
    pub fn pel(&self) -> &BTreeSet<StreamId> {
        &self.pel
    }
}

/// A consumer group (Redis's `streamCG`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerGroup {
    /// Last ID delivered with `>`.
    last_id: StreamId,
    /// Logical count of entries read, or [`INVALID_ENTRIES_READ`].
    entries_read: i64,
    /// Pending entries by ID.
    pel: BTreeMap<StreamId, PendingEntry>,
    /// Consumers by name.
    consumers: BTreeMap<Vec<u8>, Consumer>,
}

/// Why [`ConsumerGroup::from_parts`] refused its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupPartsError {
    /// A consumer lists an ID absent from the group PEL, or one another consumer owns.
    UnknownPending(StreamId),
    /// A group PEL entry no consumer owns.
    Orphan(StreamId),
}

impl ConsumerGroup {
    /// An empty group at `last_id`.
    pub fn new(last_id: StreamId, entries_read: i64) -> Self {
        ConsumerGroup {
            last_id,
            entries_read,
            pel: BTreeMap::new(),
            consumers: BTreeMap::new(),
        }
    }

    /// Builds a group from its serialized parts (RDB): the PEL as `(id, delivery_time,
    /// delivery_count)` and the consumers as `(name, seen_time, owned ids)`. Every PEL entry
    /// must be owned by exactly one consumer.
    pub fn from_parts(
        last_id: StreamId,
        entries_read: i64,
        pel: Vec<(StreamId, Millis, u64)>,
        consumers: Vec<(Vec<u8>, Millis, Vec<StreamId>)>,
    ) -> Result<Self, GroupPartsError> {
        let mut times: BTreeMap<StreamId, (Millis, u64)> = BTreeMap::new();
        for (id, t, n) in pel {
            times.insert(id, (t, n));
        }
        let mut g = ConsumerGroup::new(last_id, entries_read);
        for (name, seen_time, ids) in consumers {
            let mut owned = BTreeSet::new();
            for id in ids {
                let Some((t, n)) = times.remove(&id) else {
                    return Err(GroupPartsError::UnknownPending(id));
                };
                g.pel.insert(
                    id,
                    PendingEntry {
                        consumer: name.clone(),
                        delivery_time: t,
                        delivery_count: n,
                    },
                );
                owned.insert(id);
            }
            g.consumers.insert(
                name,
                Consumer {
                    seen_time,
                    pel: owned,
                },
            );
        }
        if let Some((&id, _)) = times.first_key_value() {
            return Err(GroupPartsError::Orphan(id));
        }
        Ok(g)
    }

    /// The last ID delivered to the group.
    pub fn last_id(&self) -> StreamId {
        self.last_id
    }

    /// Entries read (XINFO `entries-read`), or [`INVALID_ENTRIES_READ`].
    pub fn entries_read(&self) -> i64 {
        self.entries_read
    }

    /// Sets the last delivered ID and the entries-read counter (XGROUP SETID).
    pub fn set_id(&mut self, last_id: StreamId, entries_read: i64) {
        self.last_id = last_id;
        self.entries_read = entries_read;
    }

    /// Moves the last delivered ID forward to `id` if it is greater (XCLAIM LASTID).
    pub fn advance_last_id(&mut self, id: StreamId) {
        if id > self.last_id {
            self.last_id = id;
        }
    }

    /// The pending entries list.
    pub fn pel(&self) -> &BTreeMap<StreamId, PendingEntry> {
        &self.pel
    }

    /// The consumers, by name.
    pub fn consumers(&self) -> &BTreeMap<Vec<u8>, Consumer> {
        &self.consumers
    }

    /// A consumer by name.
    pub fn consumer(&self, name: &[u8]) -> Option<&Consumer> {
        self.consumers.get(name)
    }

    /// Creates a consumer seen at `now`; false if it exists (XGROUP CREATECONSUMER).
    pub fn create_consumer(&mut self, name: &[u8], now: Millis) -> bool {
        if self.consumers.contains_key(name) {
            return false;
        }
        self.consumers.insert(
            name.to_vec(),
            Consumer {
                seen_time: now,
                pel: BTreeSet::new(),
            },
        );
        true
    }

    /// Looks a consumer up, creating it if needed, and marks it seen at `now` (Redis's
    /// `streamLookupConsumer` with `SLC_DEFAULT`, then `streamCreateConsumer`).
    pub fn touch_consumer(&mut self, name: &[u8], now: Millis) {
        match self.consumers.get_mut(name) {
            Some(c) => c.seen_time = now,
            None => {
                self.create_consumer(name, now);
            }
        }
    }

    /// Deletes a consumer and its pending entries; returns how many it had, or `None` if
    /// there is no such consumer (XGROUP DELCONSUMER).
    pub fn delete_consumer(&mut self, name: &[u8]) -> Option<usize> {
        let c = self.consumers.remove(name)?;
        for id in &c.pel {
            self.pel.remove(id);
        }
        Some(c.pel.len())
    }

    /// Acknowledges `id`: removes it from the PEL; false if it was not pending (XACK).
    pub fn ack(&mut self, id: StreamId) -> bool {
        let Some(nack) = self.pel.remove(&id) else {
            return false;
        };
        if let Some(c) = self.consumers.get_mut(&nack.consumer) {
            c.pel.remove(&id);
        }
        true
    }

    /// Records the delivery of `id` to `consumer` (which must exist) with `>`: a new PEL
    /// entry, or an existing one (after XGROUP SETID) moved to `consumer` with its count
    /// reset to 1.
    fn deliver(&mut self, id: StreamId, consumer: &[u8], now: Millis) {
        if let Some(old) = self.pel.get(&id).map(|p| p.consumer.clone()) {
            if let Some(c) = self.consumers.get_mut(&old) {
                c.pel.remove(&id);
            }
        }
        self.pel.insert(
            id,
            PendingEntry {
                consumer: consumer.to_vec(),
                delivery_time: now,
                delivery_count: 1,
            },
        );
        if let Some(c) = self.consumers.get_mut(consumer) {
            c.pel.insert(id);
        }
    }

    /// Marks `id` re-delivered at `now` from the consumer's history (XREADGROUP with an ID).
    pub fn redeliver(&mut self, id: StreamId, now: Millis) {
        if let Some(p) = self.pel.get_mut(&id) {
            p.delivery_time = now;
            p.delivery_count += 1;
        }
    }

    /// The consumer's pending IDs from `start`, at most `count` (0 = all).
    pub fn history(&self, consumer: &[u8], start: StreamId, count: usize) -> Vec<StreamId> {
        let Some(c) = self.consumers.get(consumer) else {
            return Vec::new();
        };
        let it = c.pel.range(start..).copied();
        if count == 0 {
            it.collect()
        } else {
            it.take(count).collect()
        }
    }

    /// Creates a PEL entry for `id` owned by nobody yet (XCLAIM FORCE), delivered once at
    /// `now`; [`ConsumerGroup::claim`] gives it an owner right after.
    pub fn force_pending(&mut self, id: StreamId, now: Millis) {
        self.pel.entry(id).or_insert(PendingEntry {
            consumer: Vec::new(),
            delivery_time: now,
            delivery_count: 1,
        });
    }

    /// Gives pending entry `id` to `consumer` (which must exist) with this delivery time and
    /// count (XCLAIM, XAUTOCLAIM).
    pub fn claim(&mut self, id: StreamId, consumer: &[u8], delivery_time: Millis, count: u64) {
        let Some(p) = self.pel.get_mut(&id) else {
            return;
        };
        if p.consumer != consumer {
            if let Some(c) = self.consumers.get_mut(&p.consumer) {
                c.pel.remove(&id);
            }
            p.consumer = consumer.to_vec();
            if let Some(c) = self.consumers.get_mut(consumer) {
                c.pel.insert(id);
            }
        }
        p.delivery_time = delivery_time;
        p.delivery_count = count;
    }
}

impl Stream {
    /// The consumer groups, by name.
    pub fn groups(&self) -> &BTreeMap<Vec<u8>, ConsumerGroup> {
        &self.groups
    }

    /// A group by name.
    pub fn group(&self, name: &[u8]) -> Option<&ConsumerGroup> {
        self.groups.get(name)
    }

    /// A group by name, mutably.
    pub fn group_mut(&mut self, name: &[u8]) -> Option<&mut ConsumerGroup> {
        self.groups.get_mut(name)
    }

    /// Creates a group; false if one with this name exists (XGROUP CREATE).
    pub fn create_group(&mut self, name: &[u8], last_id: StreamId, entries_read: i64) -> bool {
        if self.groups.contains_key(name) {
            return false;
        }
        self.groups
            .insert(name.to_vec(), ConsumerGroup::new(last_id, entries_read));
        true
    }

    /// Adds (or replaces) a group built elsewhere (RDB loading).
    pub fn insert_group(&mut self, name: Vec<u8>, group: ConsumerGroup) {
        self.groups.insert(name, group);
    }

    /// Destroys a group; false if there is none (XGROUP DESTROY).
    pub fn destroy_group(&mut self, name: &[u8]) -> bool {
        self.groups.remove(name).is_some()
    }

    /// Whether a live entry with this ID exists.
    pub fn entry_exists(&self, id: StreamId) -> bool {
        let Some((_, node)) = self.nodes.range(..=id).next_back() else {
            return false;
        };
        node.entries
            .binary_search_by(|e| e.id.cmp(&id))
            .is_ok_and(|i| !node.entries[i].deleted)
    }

    /// The entry with this ID, if live.
    pub fn entry(&self, id: StreamId) -> Option<&Fields> {
        let (_, node) = self.nodes.range(..=id).next_back()?;
        let i = node.entries.binary_search_by(|e| e.id.cmp(&id)).ok()?;
        let e = &node.entries[i];
        (!e.deleted).then_some(&e.fields)
    }

    /// Whether a deleted entry may lie at or after `start` (Redis's
    /// `streamRangeHasTombstones` with an open end).
    fn range_has_tombstones(&self, start: StreamId) -> bool {
        if self.length == 0 || self.max_deleted_entry_id == StreamId::MIN {
            return false;
        }
        if self.first_id > self.max_deleted_entry_id {
            return false;
        }
        start <= self.max_deleted_entry_id
    }

    /// The logical position of `id` counted from the first entry ever added, or
    /// [`INVALID_ENTRIES_READ`] when it cannot be known (Redis's
    /// `streamEstimateDistanceFromFirstEverEntry`).
    pub fn estimate_distance(&self, id: StreamId) -> i64 {
        let added = self.entries_added as i64;
        if self.entries_added == 0 {
            return 0;
        }
        if self.length == 0 && id <= self.last_id {
            return added;
        }
        if id == self.last_id {
            return added;
        } else if id > self.last_id {
            return INVALID_ENTRIES_READ;
        }
        if self.max_deleted_entry_id == StreamId::MIN || self.max_deleted_entry_id < self.first_id {
            if id < self.first_id {
                return added - self.length as i64;
            } else if id == self.first_id {
                return added - self.length as i64 + 1;
            }
        }
        INVALID_ENTRIES_READ
    }

    /// The group's lag (XINFO `lag`), `None` when it cannot be computed.
    pub fn group_lag(&self, g: &ConsumerGroup) -> Option<i64> {
        let added = self.entries_added as i64;
        if self.entries_added == 0 {
            return Some(0);
        }
        if g.entries_read != INVALID_ENTRIES_READ && !self.range_has_tombstones(g.last_id) {
            return Some(added - g.entries_read);
        }
        match self.estimate_distance(g.last_id) {
            INVALID_ENTRIES_READ => None,
            read => Some(added - read),
        }
    }

    /// XREADGROUP with `>`: delivers to `consumer` (created if needed, marked seen) up to
    /// `count` (0 = all) live entries after the group's last ID, moving the last ID and the
    /// entries-read counter as Redis's `streamReplyWithRange` does; without `noack` they enter
    /// the PEL. Returns the delivered IDs; `None` if there is no such group.
    pub fn read_group_new(
        &mut self,
        group: &[u8],
        consumer: &[u8],
        count: u64,
        noack: bool,
        now: Millis,
    ) -> Option<Vec<StreamId>> {
        let g = self.groups.get_mut(group)?;
        g.touch_consumer(consumer, now);
        let Some(start) = g.last_id.incr() else {
            return Some(Vec::new());
        };
        let ids: Vec<StreamId> = self
            .range(start, StreamId::MAX, false, count)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        // Counter updates depend on the stream only, computed before borrowing the group.
        let tombstones: Vec<bool> = ids
            .iter()
            .map(|&id| self.range_has_tombstones(id))
            .collect();
        let estimates: Vec<i64> = ids.iter().map(|&id| self.estimate_distance(id)).collect();
        let added = self.entries_added;
        let g = self.groups.get_mut(group)?;
        for (i, &id) in ids.iter().enumerate() {
            if id > g.last_id {
                if g.entries_read != INVALID_ENTRIES_READ && !tombstones[i] {
                    g.entries_read += 1;
                } else if added > 0 {
                    g.entries_read = estimates[i];
                }
                g.last_id = id;
            }
            if !noack {
                g.deliver(id, consumer, now);
            }
        }
        Some(ids)
    }

    /// Number of nodes of the radix tree Redis would hold for this stream's node keys
    /// (XINFO `radix-tree-nodes`): a compressed trie over the 16-byte big-endian master IDs.
    pub fn radix_tree_nodes(&self) -> usize {
        let keys: Vec<[u8; 16]> = self
            .nodes
            .keys()
            .map(|id| {
                let mut k = [0u8; 16];
                k[..8].copy_from_slice(&id.ms.to_be_bytes());
                k[8..].copy_from_slice(&id.seq.to_be_bytes());
                k
            })
            .collect();
        rax_nodes(&keys, 0)
    }
}

/// Nodes of a Redis rax holding `keys` (sorted, distinct, 16 bytes) from byte `depth` on: a
/// run shared by all keys is one compressed node, a fork is one node with a child per byte,
/// and each key ends in an empty leaf. An empty rax is its root alone.
fn rax_nodes(keys: &[[u8; 16]], depth: usize) -> usize {
    let (Some(first), Some(last)) = (keys.first(), keys.last()) else {
        return 1;
    };
    if depth == 16 {
        return 1;
    }
    let mut p = depth;
    while p < 16 && first[p] == last[p] {
        p += 1;
    }
    if p > depth {
        return 1 + rax_nodes(keys, p);
    }
    let mut n = 1;
    let mut i = 0;
    while i < keys.len() {
        let b = keys[i][depth];
        let j = i + keys[i..].partition_point(|k| k[depth] == b);
        n += rax_nodes(&keys[i..j], depth + 1);
        i = j;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(s: &mut Stream, ms: u64, value: &[u8]) {
        let fields = vec![(b"f".to_vec(), value.to_vec())];
        s.append(
            IdRequest::Exact(StreamId::new(ms, 0)),
            fields,
            0,
            NodeLimits::default(),
        )
        .expect("increasing IDs");
    }

    #[test]
    fn nodes_split_by_entries_and_bytes() {
        let mut s = Stream::new();
        for ms in 1..=250 {
            add(&mut s, ms, b"v");
        }
        assert_eq!(s.node_count(), 3);
        // 500-byte values: 7 entries per node (see Redis's `lp_bytes + totelelen >= max`).
        let mut b = Stream::new();
        for ms in 1..=30 {
            add(&mut b, ms, &[b'a'; 500]);
        }
        assert_eq!(b.node_count(), 5);
    }

    #[test]
    fn approx_trim_removes_whole_nodes() {
        let mut s = Stream::new();
        for ms in 1..=251 {
            add(&mut s, ms, b"v");
        }
        assert_eq!(s.trim(Trim::MaxLen(10), true, 10_000), 200);
        assert_eq!(s.len(), 51);
        assert_eq!(s.first_id(), StreamId::new(201, 0));
    }
}
