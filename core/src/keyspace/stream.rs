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
//! Memory: like Redis, each node is one packed byte buffer (see "Packed nodes" below): IDs as
//! deltas from the master ID, field names written once in the master entry and left out of
//! every entry with the same fields, integers in binary. Reads decode in place ([`Entry`]).
//!
//! Invariants:
//! - every node is non-empty; its entries are in append order, which is ID order (and below
//!   the next node's IDs) unless XSETID lowered the last ID under a tombstone, a case Redis
//!   allows and where both walk entries in stored order; a node's key is the ID of its first
//!   entry (live or not);
//! - `node.live` counts its non-tombstone entries, `node.deleted` its tombstones;
//! - `length` is the sum of `node.live`.
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

// ---------------------------------------------------------------------------------------------
// Packed nodes
//
// A node is one byte buffer, like Redis's listpack but in a denser encoding of our own (the
// listpack's size is still computed exactly, for the node limits: see `Node::lp_bytes`):
//
//   master entry: varint(field count), then elem(field) per field
//   each entry:   flags (1 byte), varint(ms delta), varint(seq part), then either
//                 varint(n) and n × (elem(field), elem(value)), or with FLAG_SAMEFIELDS
//                 elem(value) for each field of the master entry; then the entry's length
//                 so far as a back-length (Redis's listpack `backlen`: a varint read from
//                 its last byte backwards), so that XREVRANGE steps back one entry at a time
//
// The ms delta is `id.ms - master.ms`; the seq part is `id.seq - master.seq` when the ms delta
// is 0, else `id.seq` (wrapping arithmetic, so any ID can be stored: after XSETID lowers the
// last ID, Redis appends IDs smaller than the node's master ID, and so do we). An elem holding
// a canonical decimal integer (Redis's `string2ll`) of magnitude below 2^62 is
// varint(zigzag(v) << 1 | 1); any other string is varint(len << 1) then its bytes. Reading an
// integer back writes its decimal form, which is the original string since `string2ll`
// accepts canonical forms only.

/// Entry flag: a tombstone (Redis's `STREAM_ITEM_FLAG_DELETED`).
const FLAG_DELETED: u8 = 1;
/// Entry flag: the entry has the master entry's fields, whose names are not repeated
/// (Redis's `STREAM_ITEM_FLAG_SAMEFIELDS`).
const FLAG_SAMEFIELDS: u8 = 2;

/// Appends `v` as a LEB128 varint.
fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push(v as u8 | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// Reads a varint written by [`put_varint`] at `*pos` and moves past it.
fn get_varint(buf: &[u8], pos: &mut usize) -> u64 {
    let b = buf[*pos];
    if b < 0x80 {
        *pos += 1;
        return u64::from(b);
    }
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = buf[*pos];
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Bytes of `v` as a varint.
fn varint_size(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// Appends `l` as a back-length: the varint's 7-bit groups from the most significant, every
/// byte but the first flagged, so that reading from the last byte backwards yields the low
/// group first and the flag says whether another byte precedes.
fn put_backlen(buf: &mut Vec<u8>, l: u64) {
    let n = varint_size(l);
    for i in (0..n).rev() {
        let group = (l >> (7 * i)) as u8 & 0x7f;
        buf.push(if i + 1 == n { group } else { group | 0x80 });
    }
}

/// Reads the back-length that ends just before `end`; returns it and where it starts.
fn get_backlen(buf: &[u8], end: usize) -> (u64, usize) {
    let mut v = 0u64;
    let mut p = end;
    let mut shift = 0;
    loop {
        p -= 1;
        let b = buf[p];
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return (v, p);
        }
        shift += 7;
    }
}

/// Appends one element; `parsed` is `string2ll(s)`.
fn put_elem(buf: &mut Vec<u8>, s: &[u8], parsed: Option<i64>) {
    match parsed.filter(|v| (-(1i64 << 62)..1i64 << 62).contains(v)) {
        Some(v) => put_varint(buf, (((v << 1) ^ (v >> 63)) as u64) << 1 | 1),
        None => {
            put_varint(buf, (s.len() as u64) << 1);
            buf.extend_from_slice(s);
        }
    }
}

/// Appends one field or value (an integer when `string2ll` reads it as one) and returns its
/// size as an element of Redis's listpack, which the node limits count.
#[inline(never)]
fn put_counted(buf: &mut Vec<u8>, s: &[u8]) -> usize {
    let parsed = string2ll(s);
    put_elem(buf, s, parsed);
    lp_str_size(s, parsed)
}

/// Moves `*pos` past one element.
fn skip_elem(buf: &[u8], pos: &mut usize) {
    let h = get_varint(buf, pos);
    if h & 1 == 0 {
        *pos += (h >> 1) as usize;
    }
}

/// Reads one element at `*pos` and moves past it.
fn get_elem<'a>(buf: &'a [u8], pos: &mut usize) -> Elem<'a> {
    let h = get_varint(buf, pos);
    if h & 1 == 1 {
        let z = h >> 1;
        return Elem::int((z >> 1) as i64 ^ -((z & 1) as i64));
    }
    let len = (h >> 1) as usize;
    let s = &buf[*pos..*pos + len];
    *pos += len;
    Elem(ElemRepr::Bytes(s))
}

/// One field name or value of a stored entry: the bytes given to XADD (`Deref` to `[u8]`).
/// Integers are stored in binary and written back in decimal here, so an `Elem` may hold its
/// bytes itself rather than borrow them.
#[derive(Clone, Copy)]
pub struct Elem<'a>(ElemRepr<'a>);

#[derive(Clone, Copy)]
enum ElemRepr<'a> {
    Bytes(&'a [u8]),
    /// Decimal digits right-aligned in `digits`, from `start` on.
    Int {
        start: u8,
        digits: [u8; 20],
    },
}

/// Writes the decimal form of `v` right-aligned in `digits` (at most 20 bytes: `i64::MIN`
/// has 19 digits and a sign); returns where it starts.
fn write_int(v: i64, digits: &mut [u8; 20]) -> usize {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
                                2021222324252627282930313233343536373839\
                                4041424344454647484950515253545556575859\
                                6061626364656667686970717273747576777879\
                                8081828384858687888990919293949596979899";
    let mut i = digits.len();
    let mut u = v.unsigned_abs();
    while u >= 100 {
        let d = (u % 100) as usize * 2;
        u /= 100;
        i -= 2;
        digits[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    }
    if u >= 10 {
        let d = u as usize * 2;
        i -= 2;
        digits[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    } else {
        i -= 1;
        digits[i] = b'0' + u as u8;
    }
    if v < 0 {
        i -= 1;
        digits[i] = b'-';
    }
    i
}

/// Reads one element at `*pos` and moves past it: its bytes in `buf`, or an integer's
/// decimal form written into `digits`.
fn elem_at<'a>(buf: &'a [u8], pos: &mut usize, digits: &'a mut [u8; 20]) -> &'a [u8] {
    let h = get_varint(buf, pos);
    if h & 1 == 1 {
        let z = h >> 1;
        let start = write_int((z >> 1) as i64 ^ -((z & 1) as i64), digits);
        return &digits[start..];
    }
    let len = (h >> 1) as usize;
    let s = &buf[*pos..*pos + len];
    *pos += len;
    s
}

impl Elem<'_> {
    /// The decimal form of `v`.
    fn int(v: i64) -> Self {
        let mut digits = [0u8; 20];
        let start = write_int(v, &mut digits) as u8;
        Elem(ElemRepr::Int { start, digits })
    }
}

impl std::ops::Deref for Elem<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &self.0 {
            ElemRepr::Bytes(b) => b,
            ElemRepr::Int { start, digits } => &digits[usize::from(*start)..],
        }
    }
}

impl AsRef<[u8]> for Elem<'_> {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl fmt::Debug for Elem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self))
    }
}

/// A live entry's field/value pairs, read in place from its node (a view: copying it is
/// cheap, the pairs are decoded while iterating).
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    buf: &'a [u8],
    /// Offset of the first field name in the master entry (same fields), or `None` when the
    /// names are interleaved with the values.
    names: Option<usize>,
    /// Offset of the first value (same fields) or of the first field name.
    pos: usize,
    /// Number of pairs.
    len: usize,
}

impl<'a> Entry<'a> {
    /// Number of field/value pairs.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no pairs (never, for an entry added by XADD).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The pairs, in XADD order.
    pub fn iter(&self) -> EntryIter<'a> {
        EntryIter {
            buf: self.buf,
            names: self.names,
            pos: self.pos,
            left: self.len,
        }
    }

    /// Calls `f(field, value)` for each pair, in order: like [`Entry::iter`], but nothing is
    /// moved around but slices (integers' digits are written on the stack), for replies.
    pub fn for_each(&self, mut f: impl FnMut(&[u8], &[u8])) {
        let (mut names, mut pos) = (self.names, self.pos);
        let (mut fdigits, mut vdigits) = ([0u8; 20], [0u8; 20]);
        for _ in 0..self.len {
            let field = match &mut names {
                Some(at) => elem_at(self.buf, at, &mut fdigits),
                None => elem_at(self.buf, &mut pos, &mut fdigits),
            };
            let value = elem_at(self.buf, &mut pos, &mut vdigits);
            f(field, value);
        }
    }

    /// The pairs, copied out.
    pub fn to_fields(&self) -> Fields {
        self.iter().map(|(f, v)| (f.to_vec(), v.to_vec())).collect()
    }
}

impl<'a> IntoIterator for Entry<'a> {
    type Item = (Elem<'a>, Elem<'a>);
    type IntoIter = EntryIter<'a>;

    fn into_iter(self) -> EntryIter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Entry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over an [`Entry`]'s pairs.
#[derive(Debug, Clone)]
pub struct EntryIter<'a> {
    buf: &'a [u8],
    names: Option<usize>,
    pos: usize,
    left: usize,
}

impl<'a> Iterator for EntryIter<'a> {
    type Item = (Elem<'a>, Elem<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let field = match &mut self.names {
            Some(at) => get_elem(self.buf, at),
            None => get_elem(self.buf, &mut self.pos),
        };
        let value = get_elem(self.buf, &mut self.pos);
        Some((field, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for EntryIter<'_> {}

/// A node: what Redis keeps in one listpack, packed as described above.
///
/// Its counters are 32-bit halves of two `u64`s so that `Node` has the layout of
/// [`PendingEntry`] (a `Vec<u8>` and two `u64`s) on every target: the node map and the group
/// PELs are then B-trees with identical key and value layouts, whose code the compiler merges.
/// 32 bits hold every counter: a node takes entries while it is under `LISTPACK_MAX_SIZE`
/// (2^30) bytes and an entry holds at most 2^30 bytes of fields and values, so its offsets,
/// listpack size and entry counts stay below 2^32.
#[derive(Debug, Clone)]
struct Node {
    /// The master entry's field names, then the entries.
    buf: Vec<u8>,
    /// Low half: offset of the first entry. High half: listpack bytes of the master entry's
    /// fixed part (num-fields, fields, terminator) and of all entries, tombstones included.
    sizes: u64,
    /// Low half: live entries. High half: tombstones.
    counts: u64,
}

/// An entry's header, decoded.
#[derive(Debug, Clone, Copy)]
struct Raw {
    id: StreamId,
    flags: u8,
    /// Offset of the flags byte.
    off: usize,
    /// Offset just past the header.
    body: usize,
}

impl Raw {
    fn deleted(&self) -> bool {
        self.flags & FLAG_DELETED != 0
    }
}

impl Node {
    /// A node whose first entry starts at `head`, with `lp_bytes` for its master entry.
    fn new(buf: Vec<u8>, head: usize, lp_bytes: usize) -> Self {
        Node {
            buf,
            sizes: head as u64 | (lp_bytes as u64) << 32,
            counts: 0,
        }
    }

    /// Offset of the first entry.
    fn head(&self) -> usize {
        self.sizes as u32 as usize
    }

    /// Listpack bytes of the master entry's fixed part and of all entries.
    fn lp_bytes(&self) -> usize {
        (self.sizes >> 32) as usize
    }

    /// Live entries.
    fn live(&self) -> u64 {
        self.counts & u64::from(u32::MAX)
    }

    /// Tombstones.
    fn deleted(&self) -> u64 {
        self.counts >> 32
    }

    /// Counts one more entry of `size` listpack bytes.
    fn add_entry(&mut self, size: usize) {
        self.sizes += (size as u64) << 32;
        self.counts += 1;
    }

    /// Turns `n` live entries into tombstones.
    fn mark_deleted(&mut self, n: u64) {
        self.counts = (self.live() - n) | (self.deleted() + n) << 32;
    }

    /// Size of the listpack Redis would hold for this node (`lpBytes`).
    fn bytes(&self) -> usize {
        // Header (total bytes + element count) and end byte, then the master entry's
        // count and deleted counters, which are re-encoded as they change.
        6 + 1
            + lp_int_size(self.live() as i64)
            + lp_int_size(self.deleted() as i64)
            + self.lp_bytes()
    }

    /// Number of fields of the master entry.
    fn master_len(&self) -> usize {
        get_varint(&self.buf, &mut 0) as usize
    }

    /// The header of the entry at `off`, in the node keyed by `master`.
    fn raw(&self, master: StreamId, off: usize) -> Raw {
        let mut p = off;
        let flags = self.buf[p];
        p += 1;
        let ms_delta = get_varint(&self.buf, &mut p);
        let seq = get_varint(&self.buf, &mut p);
        let id = if ms_delta == 0 {
            StreamId::new(master.ms, master.seq.wrapping_add(seq))
        } else {
            StreamId::new(master.ms.wrapping_add(ms_delta), seq)
        };
        Raw {
            id,
            flags,
            off,
            body: p,
        }
    }

    /// Offset just past the entry whose header is `r`; `master_len` is
    /// [`Node::master_len`].
    fn skip(&self, r: &Raw, master_len: usize) -> usize {
        let mut p = r.body;
        let elems = if r.flags & FLAG_SAMEFIELDS != 0 {
            master_len
        } else {
            2 * get_varint(&self.buf, &mut p) as usize
        };
        for _ in 0..elems {
            skip_elem(&self.buf, &mut p);
        }
        p + varint_size((p - r.off) as u64)
    }

    /// The header of the entry that ends at `end`.
    fn before(&self, master: StreamId, end: usize) -> Raw {
        let (len, at) = get_backlen(&self.buf, end);
        self.raw(master, at - len as usize)
    }

    /// The header of the last entry (a node is never empty).
    fn last(&self, master: StreamId) -> Raw {
        self.before(master, self.buf.len())
    }

    /// The pairs of the entry whose header is `r`.
    fn entry(&self, r: &Raw) -> Entry<'_> {
        let mut pos = r.body;
        if r.flags & FLAG_SAMEFIELDS != 0 {
            let mut names = 0;
            let len = get_varint(&self.buf, &mut names) as usize;
            Entry {
                buf: &self.buf,
                names: Some(names),
                pos,
                len,
            }
        } else {
            let len = get_varint(&self.buf, &mut pos) as usize;
            Entry {
                buf: &self.buf,
                names: None,
                pos,
                len,
            }
        }
    }

    /// The entries' headers in stored order.
    fn iter(&self, master: StreamId) -> NodeIter<'_> {
        NodeIter {
            node: self,
            master,
            master_len: self.master_len(),
            pos: self.head(),
        }
    }
}

/// Iterator over a node's entry headers, in stored order.
struct NodeIter<'a> {
    node: &'a Node,
    master: StreamId,
    master_len: usize,
    pos: usize,
}

impl Iterator for NodeIter<'_> {
    type Item = Raw;

    fn next(&mut self) -> Option<Raw> {
        if self.pos >= self.node.buf.len() {
            return None;
        }
        let r = self.node.raw(self.master, self.pos);
        self.pos = self.node.skip(&r, self.master_len);
        Some(r)
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

/// Bytes of a string element; strings that read as integers (`parsed`, from `string2ll`) are
/// stored as integers.
fn lp_str_size(s: &[u8], parsed: Option<i64>) -> usize {
    if let Some(v) = parsed {
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
    /// Consumer groups by name (Redis keeps them in a radix tree: byte order). Boxed, like
    /// a group's consumers: both maps then have the same key and value layout, and the
    /// compiler merges their identical B-tree code (insert, remove, rebalancing).
    groups: BTreeMap<Vec<u8>, Box<ConsumerGroup>>,
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
        let mut found = None;
        self.walk(StreamId::MIN, StreamId::MAX, true, &mut |_, _, r| {
            found = Some(r.id);
            false
        });
        found
    }

    /// The ID of the first live entry.
    fn first_valid_id(&self) -> Option<StreamId> {
        let mut found = None;
        self.walk(StreamId::MIN, StreamId::MAX, false, &mut |_, _, r| {
            found = Some(r.id);
            false
        });
        found
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
        let pairs: Vec<(&[u8], &[u8])> = fields.iter().map(|(f, v)| (&f[..], &v[..])).collect();
        self.append_pairs(req, &pairs, now, limits)
    }

    /// [`Stream::append`] from borrowed pairs (XADD's arguments, without copying them first).
    /// One non-generic body serves both (RDB loading borrows its owned pairs).
    pub fn append_pairs(
        &mut self,
        req: IdRequest,
        fields: &[(&[u8], &[u8])],
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
                        || ((tail.live() + tail.deleted()) as i64) < limits.max_entries
                }
            }
        };
        let n = fields.len();
        if !use_tail {
            // The old tail is complete: give its spare capacity back (Redis's
            // `lpShrinkToFit`).
            if let Some(mut old) = self.nodes.last_entry() {
                old.get_mut().buf.shrink_to_fit();
            }
            let mut buf = Vec::new();
            put_varint(&mut buf, n as u64);
            let mut lp_bytes = lp_int_size(n as i64) + lp_int_size(0);
            for &(f, _) in fields {
                lp_bytes += put_counted(&mut buf, f);
            }
            let head = buf.len();
            self.nodes.insert(id, Node::new(buf, head, lp_bytes));
        }
        let tail = self
            .nodes
            .last_entry()
            .expect("a tail node exists: it was just found or inserted");
        let master = *tail.key();
        let node = tail.into_mut();
        let same_fields = {
            let mut p = 0;
            get_varint(&node.buf, &mut p) as usize == n
                && fields
                    .iter()
                    .all(|&(f, _)| *get_elem(&node.buf, &mut p) == *f)
        };
        // Redis's listpack entry: flags, ms delta, seq delta, [num-fields, field...] value...,
        // lp-count. The deltas are stored as int64, wrapping as C's unsigned subtraction does.
        let ms_delta = id.ms.wrapping_sub(master.ms);
        let seq_delta = id.seq.wrapping_sub(master.seq);
        let mut size = lp_int_size(if same_fields { 2 } else { 0 })
            + lp_int_size(ms_delta as i64)
            + lp_int_size(seq_delta as i64);
        let lp_count = if same_fields { n + 3 } else { 2 * n + 4 };
        let off = node.buf.len();
        let buf = &mut node.buf;
        buf.push(if same_fields { FLAG_SAMEFIELDS } else { 0 });
        put_varint(buf, ms_delta);
        put_varint(buf, if ms_delta == 0 { seq_delta } else { id.seq });
        if !same_fields {
            size += lp_int_size(n as i64);
            put_varint(buf, n as u64);
        }
        for &(f, v) in fields {
            if !same_fields {
                size += put_counted(buf, f);
            }
            size += put_counted(buf, v);
        }
        size += lp_int_size(lp_count as i64);
        put_backlen(buf, (buf.len() - off) as u64);
        node.add_entry(size);

        self.length += 1;
        self.entries_added += 1;
        self.last_id = id;
        if self.length == 1 {
            self.first_id = id;
        }
        Ok(id)
    }

    /// Walks the live entries from `start` to `end` as Redis's stream iterator does, calling
    /// `f(master, node, header)` for each until it returns false. Forward, it starts at the
    /// node holding `start` (the last whose master ID is `<= start`, else the first) and stops
    /// at the first live entry past `end`; backward, symmetrically. Entries are taken in
    /// stored order, which is ID order unless XSETID lowered the last ID below a tombstone.
    /// `f` is a `dyn` closure: one copy of the walk serves every caller.
    fn walk<'a>(
        &'a self,
        start: StreamId,
        end: StreamId,
        rev: bool,
        f: &mut dyn FnMut(StreamId, &'a Node, Raw) -> bool,
    ) {
        if !rev {
            let from = self.nodes.range(..=start).next_back().map(|(k, _)| *k);
            let nodes = match from {
                Some(k) => self.nodes.range(k..),
                None => self.nodes.range(..),
            };
            for (&master, node) in nodes {
                for r in node.iter(master) {
                    if r.id >= start && !r.deleted() && (r.id > end || !f(master, node, r)) {
                        return;
                    }
                }
            }
        } else {
            let from = self.nodes.range(..=end).next_back().map(|(k, _)| *k);
            let nodes = match from {
                Some(k) => self.nodes.range(..=k),
                None => self.nodes.range(..),
            };
            for (&master, node) in nodes.rev() {
                // Back-lengths step from the node's end to its first entry.
                let mut at = node.buf.len();
                while at > node.head() {
                    let r = node.before(master, at);
                    at = r.off;
                    if r.id <= end && !r.deleted() && (r.id < start || !f(master, node, r)) {
                        return;
                    }
                }
            }
        }
    }

    /// Live entries with `start <= id <= end`, ascending (or descending if `rev`), at most
    /// `count` of them (0 = all), read in place.
    pub fn entries(
        &self,
        start: StreamId,
        end: StreamId,
        rev: bool,
        count: u64,
    ) -> Vec<(StreamId, Entry<'_>)> {
        let mut out = Vec::new();
        if start > end {
            return out;
        }
        self.walk(start, end, rev, &mut |_, node, r| {
            out.push((r.id, node.entry(&r)));
            count == 0 || (out.len() as u64) < count
        });
        out
    }

    /// [`Stream::entries`] with the pairs copied out.
    pub fn range(
        &self,
        start: StreamId,
        end: StreamId,
        rev: bool,
        count: u64,
    ) -> Vec<(StreamId, Fields)> {
        self.entries(start, end, rev, count)
            .into_iter()
            .map(|(id, e)| (id, e.to_fields()))
            .collect()
    }

    /// The IDs [`Stream::entries`] would return.
    fn ids(&self, start: StreamId, end: StreamId, count: u64) -> Vec<StreamId> {
        let mut out = Vec::new();
        if start > end {
            return out;
        }
        self.walk(start, end, false, &mut |_, _, r| {
            out.push(r.id);
            count == 0 || (out.len() as u64) < count
        });
        out
    }

    /// Finds the live entry `id` as Redis does (an iterator from `id` to `id`): its node's
    /// master ID and its header.
    fn find(&self, id: StreamId) -> Option<(StreamId, &Node, Raw)> {
        let mut found = None;
        self.walk(id, id, false, &mut |master, node, r| {
            found = Some((master, node, r));
            false
        });
        found
    }

    /// Deletes one live entry (Redis's `streamDeleteItem`); false if there is none with `id`.
    fn delete_one(&mut self, id: StreamId) -> bool {
        let Some((master, _, r)) = self.find(id) else {
            return false;
        };
        let node = self
            .nodes
            .get_mut(&master)
            .expect("find returned an existing node");
        if node.live() == 1 {
            // Its last live entry: Redis frees the whole listpack.
            self.nodes.remove(&master);
        } else {
            node.buf[r.off] |= FLAG_DELETED;
            node.mark_deleted(1);
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
            let master = *first.key();
            let node = first.get_mut();
            let entries = node.live();
            if limit != 0 && deleted + entries > limit {
                break;
            }
            let remove_node = match strategy {
                Trim::MaxLen(max) => self.length - entries >= max,
                // The node's last entry, tombstone or not, decides.
                Trim::MinId(min) => node.last(master).id < min,
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
            let master_len = node.master_len();
            let mut marked = 0;
            let mut pos = node.head();
            while pos < node.buf.len() {
                let r = node.raw(master, pos);
                let stop = match strategy {
                    Trim::MaxLen(max) => self.length <= max,
                    Trim::MinId(min) => r.id >= min,
                };
                if stop {
                    break;
                }
                pos = node.skip(&r, master_len);
                if !r.deleted() {
                    node.buf[r.off] |= FLAG_DELETED;
                    marked += 1;
                    self.length -= 1;
                }
            }
            // A node left with no live entry stays, as in Redis (only XDEL frees it).
            node.mark_deleted(marked);
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
    /// Consumers by name (boxed: see [`Stream`]'s `groups`).
    consumers: BTreeMap<Vec<u8>, Box<Consumer>>,
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
        // The group PEL is filled first, unowned (a later duplicate ID replaces an earlier
        // one), then each consumer claims its IDs; `claimed` refuses an ID owned twice. Only
        // the map and set types the group already uses are involved (no extra B-tree copy).
        let mut g = ConsumerGroup::new(last_id, entries_read);
        for (id, delivery_time, delivery_count) in pel {
            g.pel.insert(
                id,
                PendingEntry {
                    consumer: Vec::new(),
                    delivery_time,
                    delivery_count,
                },
            );
        }
        let mut claimed = BTreeSet::new();
        for (name, seen_time, ids) in consumers {
            let mut owned = BTreeSet::new();
            for id in ids {
                let p = match g.pel.get_mut(&id) {
                    Some(p) if claimed.insert(id) => p,
                    _ => return Err(GroupPartsError::UnknownPending(id)),
                };
                p.consumer.clone_from(&name);
                owned.insert(id);
            }
            g.consumers.insert(
                name,
                Box::new(Consumer {
                    seen_time,
                    pel: owned,
                }),
            );
        }
        if claimed.len() != g.pel.len() {
            if let Some(&id) = g.pel.keys().find(|id| !claimed.contains(*id)) {
                return Err(GroupPartsError::Orphan(id));
            }
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
    pub fn consumers(&self) -> &BTreeMap<Vec<u8>, Box<Consumer>> {
        &self.consumers
    }

    /// A consumer by name.
    pub fn consumer(&self, name: &[u8]) -> Option<&Consumer> {
        self.consumers.get(name).map(|c| &**c)
    }

    /// Creates a consumer seen at `now`; false if it exists (XGROUP CREATECONSUMER).
    pub fn create_consumer(&mut self, name: &[u8], now: Millis) -> bool {
        if self.consumers.contains_key(name) {
            return false;
        }
        self.consumers.insert(
            name.to_vec(),
            Box::new(Consumer {
                seen_time: now,
                pel: BTreeSet::new(),
            }),
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
        // One iterator type (one collect) for both cases.
        let limit = if count == 0 { usize::MAX } else { count };
        c.pel.range(start..).copied().take(limit).collect()
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
    pub fn groups(&self) -> &BTreeMap<Vec<u8>, Box<ConsumerGroup>> {
        &self.groups
    }

    /// A group by name.
    pub fn group(&self, name: &[u8]) -> Option<&ConsumerGroup> {
        self.groups.get(name).map(|g| &**g)
    }

    /// A group by name, mutably.
    pub fn group_mut(&mut self, name: &[u8]) -> Option<&mut ConsumerGroup> {
        self.groups.get_mut(name).map(|g| &mut **g)
    }

    /// Creates a group; false if one with this name exists (XGROUP CREATE).
    pub fn create_group(&mut self, name: &[u8], last_id: StreamId, entries_read: i64) -> bool {
        if self.groups.contains_key(name) {
            return false;
        }
        self.groups.insert(
            name.to_vec(),
            Box::new(ConsumerGroup::new(last_id, entries_read)),
        );
        true
    }

    /// Adds (or replaces) a group built elsewhere (RDB loading).
    pub fn insert_group(&mut self, name: Vec<u8>, group: ConsumerGroup) {
        self.groups.insert(name, Box::new(group));
    }

    /// Destroys a group; false if there is none (XGROUP DESTROY).
    pub fn destroy_group(&mut self, name: &[u8]) -> bool {
        self.groups.remove(name).is_some()
    }

    /// Whether a live entry with this ID exists.
    pub fn entry_exists(&self, id: StreamId) -> bool {
        self.find(id).is_some()
    }

    /// The entry with this ID, if live.
    pub fn entry(&self, id: StreamId) -> Option<Entry<'_>> {
        self.find(id).map(|(_, node, r)| node.entry(&r))
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
        let ids = self.ids(start, StreamId::MAX, count);
        // Counter updates depend on the stream only, computed before borrowing the group.
        let mut counters = Vec::with_capacity(ids.len());
        for &id in &ids {
            counters.push((self.range_has_tombstones(id), self.estimate_distance(id)));
        }
        let added = self.entries_added;
        let g = self.groups.get_mut(group)?;
        for (&id, &(tombstones, estimate)) in ids.iter().zip(&counters) {
            if id > g.last_id {
                if g.entries_read != INVALID_ENTRIES_READ && !tombstones {
                    g.entries_read += 1;
                } else if added > 0 {
                    g.entries_read = estimate;
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

    /// Strings whose stored form differs: integers of each varint and listpack width, at
    /// the edges of the integer encoding (|v| < 2^62), non-canonical numbers, binary, long.
    const ELEMS: &[&[u8]] = &[
        b"0",
        b"-1",
        b"127",
        b"128",
        b"-4096",
        b"8388608",
        b"4611686018427387903",
        b"4611686018427387904",
        b"-4611686018427387904",
        b"-4611686018427387905",
        b"9223372036854775807",
        b"-9223372036854775808",
        b"9223372036854775808",
        b"007",
        b"-0",
        b"+1",
        b" 1",
        b"1.5",
        b"",
        b"f",
        b"x\0y",
        &[b'a'; 64],
        &[b'b'; 9000],
        // Entries past 16 KiB: three-byte back-lengths.
        &[b'c'; 20000],
    ];

    fn fields(pairs: &[(&[u8], &[u8])]) -> Fields {
        pairs
            .iter()
            .map(|(f, v)| (f.to_vec(), v.to_vec()))
            .collect()
    }

    #[test]
    fn entries_read_back_exactly() {
        let mut s = Stream::new();
        let limits = NodeLimits {
            max_entries: 4,
            max_bytes: 0,
        };
        let mut added = Vec::new();
        for (i, e) in ELEMS.iter().enumerate() {
            // The master's fields, fields of its own, the element as a field name too.
            let f = match i % 3 {
                0 => fields(&[(b"f", e), (b"g", b"1")]),
                1 => fields(&[(e, b"v"), (b"g", e)]),
                _ => fields(&[(b"f", e)]),
            };
            let id = StreamId::new(i as u64 + 1, 0);
            s.append(IdRequest::Exact(id), f.clone(), 0, limits)
                .expect("increasing IDs");
            added.push((id, f));
        }
        assert_eq!(s.range(StreamId::MIN, StreamId::MAX, false, 0), added);
        let mut rev = added.clone();
        rev.reverse();
        assert_eq!(s.range(StreamId::MIN, StreamId::MAX, true, 0), rev);
        for (id, f) in &added {
            let e = s.entry(*id).expect("the entry is live");
            assert_eq!(&e.to_fields(), f);
            assert_eq!(e.len(), f.len());
            let pairs: Vec<(Vec<u8>, Vec<u8>)> = e
                .into_iter()
                .map(|(f, v)| (f.to_vec(), v.to_vec()))
                .collect();
            assert_eq!(&pairs, f);
            let mut visited = Vec::new();
            e.for_each(|f, v| visited.push((f.to_vec(), v.to_vec())));
            assert_eq!(&visited, f);
        }
    }

    #[test]
    fn nodes_are_packed() {
        // The bench's shape: one field, integer values, consecutive milliseconds.
        let mut s = Stream::new();
        for i in 0..10_000u64 {
            let v = i.to_string().into_bytes();
            s.append_pairs(
                IdRequest::Exact(StreamId::new(i + 1, 1)),
                &[(&b"field"[..], &v[..])],
                0,
                NodeLimits::default(),
            )
            .expect("increasing IDs");
        }
        let bytes: usize = s.nodes.values().map(|n| n.buf.len()).sum();
        // flags, ms delta, seq delta, value (a varint of at most 3 bytes here), back-length.
        assert!(bytes <= 10_000 * 7 + 100 * 8, "{bytes} bytes");
        // Completed nodes hold no spare capacity.
        let (_, tail) = s.nodes.last_key_value().expect("non-empty");
        for n in s.nodes.values().filter(|n| !std::ptr::eq(*n, tail)) {
            assert_eq!(n.buf.capacity(), n.buf.len());
        }
    }

    #[test]
    fn xsetid_below_a_tombstone_keeps_stored_order() {
        // As Redis: 3-0 and 4-0 go after the 5-0 / 6-0 tombstones of the same node.
        let mut s = Stream::new();
        for ms in [1, 5, 6] {
            add(&mut s, ms, b"v");
        }
        s.delete(&[StreamId::new(6, 0), StreamId::new(5, 0)]);
        s.set_id(StreamId::new(2, 0), None, None);
        add(&mut s, 3, b"w");
        add(&mut s, 4, b"x");
        let ids =
            |v: Vec<(StreamId, Fields)>| v.into_iter().map(|(id, _)| id.ms).collect::<Vec<_>>();
        assert_eq!(
            ids(s.range(StreamId::MIN, StreamId::MAX, false, 0)),
            [1, 3, 4]
        );
        assert_eq!(
            ids(s.range(StreamId::MIN, StreamId::MAX, true, 0)),
            [4, 3, 1]
        );
        assert!(s.entry_exists(StreamId::new(3, 0)));
        assert_eq!(s.last_valid_id(), Some(StreamId::new(4, 0)));
        // MINID: the node's last entry (4-0) decides, then entries are marked in stored order.
        assert_eq!(s.trim(Trim::MinId(StreamId::new(4, 0)), false, 0), 1);
        assert_eq!(ids(s.range(StreamId::MIN, StreamId::MAX, false, 0)), [3, 4]);
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

    mod model {
        //! The stream against a sorted map of its live entries, under random node limits.
        use super::super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone)]
        enum Op {
            /// Append at last ID + (ms step, seq), with the master's two fields or one other,
            /// values from [`super::ELEMS`].
            Add(u64, u64, bool, usize, usize),
            /// Delete the live entry at this position (mod length), or a missing ID.
            Del(usize, bool),
            /// Exact trim to this length, or MINID at this position.
            Trim(u64, bool),
            /// Approximate MAXLEN trim, with a limit.
            TrimApprox(u64, u64),
            /// Range from position a to b, reversed or not, with a count.
            Range(usize, usize, bool, u64),
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                6 => (0..3u64, 0..3u64, any::<bool>(), 0..24usize, 0..24usize)
                    .prop_map(|(a, b, c, d, e)| Op::Add(a, b, c, d, e)),
                2 => (any::<usize>(), any::<bool>()).prop_map(|(a, b)| Op::Del(a, b)),
                1 => (0..20u64, any::<bool>()).prop_map(|(a, b)| Op::Trim(a, b)),
                1 => (0..20u64, 0..8u64).prop_map(|(a, b)| Op::TrimApprox(a, b)),
                2 => (any::<usize>(), any::<usize>(), any::<bool>(), 0..4u64)
                    .prop_map(|(a, b, c, d)| Op::Range(a, b, c, d)),
            ]
        }

        /// Everything readable from the stream agrees with the model, and the nodes with
        /// their counters.
        fn check(s: &Stream, m: &BTreeMap<StreamId, Fields>) {
            let all: Vec<(StreamId, Fields)> = m.iter().map(|(id, f)| (*id, f.clone())).collect();
            assert_eq!(s.range(StreamId::MIN, StreamId::MAX, false, 0), all);
            let mut rev = all.clone();
            rev.reverse();
            assert_eq!(s.range(StreamId::MIN, StreamId::MAX, true, 0), rev);
            assert_eq!(s.len(), m.len() as u64);
            assert_eq!(s.first_id(), m.keys().next().copied().unwrap_or_default());
            assert_eq!(s.last_valid_id(), m.keys().next_back().copied());
            let counted: u64 = s.nodes.values().map(|n| n.live()).sum();
            assert_eq!(counted, s.len());
            for (master, n) in &s.nodes {
                let raws: Vec<Raw> = n.iter(*master).collect();
                assert_eq!(raws.first().map(|r| r.id), Some(*master));
                assert_eq!(raws.last().map(|r| r.off), Some(n.last(*master).off));
                // Back-lengths lead through the same entries in reverse.
                let mut back = Vec::new();
                let mut at = n.buf.len();
                while at > n.head() {
                    let r = n.before(*master, at);
                    at = r.off;
                    back.push(r.off);
                }
                back.reverse();
                assert_eq!(back, raws.iter().map(|r| r.off).collect::<Vec<_>>());
                assert_eq!(raws.len() as u64, n.live() + n.deleted());
                let tombstones = raws.iter().filter(|r| r.deleted()).count() as u64;
                assert_eq!(tombstones, n.deleted());
            }
        }

        proptest! {
            #[test]
            fn matches_a_sorted_map(
                max_entries in 0..6i64,
                max_bytes in prop_oneof![Just(0i64), 20..300i64],
                ops in proptest::collection::vec(op(), 1..120),
            ) {
                let limits = NodeLimits { max_entries, max_bytes };
                let mut s = Stream::new();
                let mut m: BTreeMap<StreamId, Fields> = BTreeMap::new();
                for op in ops {
                    match op {
                        Op::Add(step, seq, same, a, b) => {
                            let last = s.last_id();
                            let id = if step == 0 {
                                StreamId::new(last.ms, last.seq + 1 + seq)
                            } else {
                                StreamId::new(last.ms + step, seq)
                            };
                            let (ea, eb) = (super::ELEMS[a], super::ELEMS[b]);
                            let f = if same {
                                super::fields(&[(b"f", ea), (b"g", eb)])
                            } else {
                                super::fields(&[(eb, ea)])
                            };
                            prop_assert_eq!(s.append(IdRequest::Exact(id), f.clone(), 0, limits), Ok(id));
                            m.insert(id, f);
                        }
                        Op::Del(i, missing) => {
                            let id = if missing || m.is_empty() {
                                StreamId::new(s.last_id().ms + 1, 0)
                            } else {
                                *m.keys().nth(i % m.len()).expect("in range")
                            };
                            let n = s.delete(&[id]);
                            prop_assert_eq!(n, u64::from(m.remove(&id).is_some()));
                        }
                        Op::Trim(n, minid) => {
                            if minid {
                                let min = m.keys().nth(n as usize).copied().unwrap_or(StreamId::MAX);
                                s.trim(Trim::MinId(min), false, 0);
                                m.retain(|id, _| *id >= min);
                            } else {
                                s.trim(Trim::MaxLen(n), false, 0);
                                while m.len() as u64 > n {
                                    m.pop_first();
                                }
                            }
                        }
                        Op::TrimApprox(n, limit) => {
                            let removed = s.trim(Trim::MaxLen(n), true, limit);
                            prop_assert!(m.len() as u64 - removed >= n.min(m.len() as u64));
                            for _ in 0..removed {
                                m.pop_first();
                            }
                        }
                        Op::Range(a, b, rev, count) => {
                            let ids: Vec<StreamId> = m.keys().copied().collect();
                            if ids.is_empty() {
                                continue;
                            }
                            let (lo, hi) = (ids[a % ids.len()], ids[b % ids.len()]);
                            let mut want: Vec<StreamId> =
                                ids.iter().copied().filter(|id| lo <= *id && *id <= hi).collect();
                            if rev {
                                want.reverse();
                            }
                            if count > 0 {
                                want.truncate(count as usize);
                            }
                            let got: Vec<StreamId> =
                                s.entries(lo, hi, rev, count).into_iter().map(|(id, _)| id).collect();
                            prop_assert_eq!(got, want);
                        }
                    }
                    check(&s, &m);
                }
            }
        }
    }
}
