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

use std::collections::BTreeMap;
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

/// A Redis stream (without consumer groups).
#[derive(Debug, Clone, Default)]
pub struct Stream {
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
