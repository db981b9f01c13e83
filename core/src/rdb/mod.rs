//! RDB, Redis's snapshot file format, as a pure codec: bytes to [`Snapshot`] and back.
//!
//! The writer produces what Redis 7.0.15 writes (RDB version 10, header `REDIS0010`): the same
//! opcodes, aux fields and, for each value, the encoding Redis 7.0 would have chosen with its
//! default thresholds (listpack for small hashes and sorted sets, intset for small all-integer
//! sets, quicklist of listpacks for every list), so `redis-server` loads the file and reports the
//! same `OBJECT ENCODING`. Given the same data (and aux fields), the file is byte for byte
//! the one Redis writes: same quicklist and stream node boundaries, same score text, liblzf's
//! exact compression (tested against redis-server in `tests/rdb_interop.rs`). The one
//! representational difference: XDELeted stream entries, which Redis keeps flagged inside
//! their node, are not part of a [`RdbStream`].
//!
//! The reader accepts the files of Redis 7.0 and older (ziplists, zipmaps, the old list, zset
//! and stream encodings) and of Redis 7.2 (version 11: set listpacks, streams with consumer
//! active-time). Redis 7.0 itself writes streams as `STREAM_LISTPACKS_2` (type 19); type 21
//! only appears in 7.2's version-11 files, which 7.0 refuses, so the writer never uses it.
//!
//! *Architecture invariant*: no I/O and no clock. [`decode`] takes a byte slice and
//! [`encode`] returns a `Vec<u8>`; `ctime` in the aux fields is passed in by the caller.
//! Corrupt or truncated input yields an [`RdbError`], never a panic, and nothing is allocated
//! from a length read in the file before checking it against the bytes that remain.
//!
//! Module layout: `decode.rs` / `encode.rs` for the file structure and value types;
//! `format.rs` for opcodes and type bytes; `crc64.rs`, `lzf.rs`, `listpack.rs`, `ziplist.rs`
//! and `intset.rs` for the building blocks.

pub mod crc64;
mod decode;
mod encode;
pub mod format;
pub mod intset;
pub mod listpack;
pub mod lzf;
pub mod ziplist;

use std::fmt;

pub use decode::{decode, decode_object};
pub use encode::{
    default_aux, encode, encode_with, object_encoding, object_encoding_with, EncodeOptions,
    RdbWriter,
};

use crate::keyspace::{Db, Value};
use crate::Millis;

/// The RDB version this codec writes (Redis 7.0).
pub const RDB_VERSION: u32 = 10;
/// The newest RDB version the reader accepts (Redis 7.2).
pub const RDB_MAX_READ_VERSION: u32 = 11;

/// A whole RDB file: aux fields and the keys of each non-empty database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Aux fields (`redis-ver`, `ctime`, ...) in file order.
    pub aux: Vec<(Vec<u8>, Vec<u8>)>,
    /// Databases in file order, each with its index (SELECT n) and entries.
    pub dbs: Vec<(usize, Vec<RdbEntry>)>,
}

/// One key of a database.
#[derive(Debug, Clone, PartialEq)]
pub struct RdbEntry {
    /// The key.
    pub key: Vec<u8>,
    /// Its value.
    pub value: RdbValue,
    /// Absolute expiry in Unix milliseconds, if volatile.
    pub expire_ms: Option<u64>,
}

/// A value of any type, independent of its encoding in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum RdbValue {
    /// A string.
    String(Vec<u8>),
    /// A list, head first.
    List(Vec<Vec<u8>>),
    /// A set's members, in no particular order.
    Set(Vec<Vec<u8>>),
    /// A sorted set's members and scores, in no particular order.
    ZSet(Vec<(Vec<u8>, f64)>),
    /// A hash's field/value pairs, in no particular order.
    Hash(RdbFields),
    /// A stream.
    Stream(Box<RdbStream>),
}

/// A stream entry ID `ms-seq`: the keyspace's own ID type, so that converting a stream to
/// and from its RDB form copies no IDs and instantiates no extra collections.
pub type RdbStreamId = crate::keyspace::stream::StreamId;

/// Field/value pairs (a hash's contents, a stream entry's fields), in order.
pub type RdbFields = Vec<(Vec<u8>, Vec<u8>)>;

/// A stream entry: its ID and fields.
pub type RdbStreamEntry = (RdbStreamId, RdbFields);

/// A stream with its metadata and consumer groups.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RdbStream {
    /// Entries in increasing ID order, each with its field/value pairs.
    pub entries: Vec<RdbStreamEntry>,
    /// The last ID ever generated (XINFO `last-generated-id`).
    pub last_id: RdbStreamId,
    /// The first entry's ID, 0-0 when empty (XINFO `recorded-first-entry-id`).
    pub first_id: RdbStreamId,
    /// The greatest ID ever deleted (XINFO `max-deleted-entry-id`).
    pub max_deleted_id: RdbStreamId,
    /// How many entries were ever added (XINFO `entries-added`).
    pub entries_added: u64,
    /// Consumer groups.
    pub groups: Vec<RdbGroup>,
}

/// A consumer group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RdbGroup {
    /// Group name.
    pub name: Vec<u8>,
    /// Last delivered ID.
    pub last_id: RdbStreamId,
    /// Logical read counter (XINFO `entries-read`); -1 when unknown, as in Redis.
    pub entries_read: i64,
    /// Pending entries list, in ID order.
    pub pel: Vec<RdbPending>,
    /// Consumers; each one's pending IDs are a subset of `pel`.
    pub consumers: Vec<RdbConsumer>,
}

/// One pending (delivered, not acknowledged) entry of a group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RdbPending {
    /// The entry ID.
    pub id: RdbStreamId,
    /// Last delivery time, Unix milliseconds.
    pub delivery_time: u64,
    /// Number of deliveries.
    pub delivery_count: u64,
}

/// A consumer of a group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RdbConsumer {
    /// Consumer name.
    pub name: Vec<u8>,
    /// Last time it was seen (any interaction), Unix milliseconds.
    pub seen_time: u64,
    /// Last time it read or claimed (Redis 7.2); files of 7.0 do not have it and the reader
    /// sets it to `seen_time`, as Redis 7.2 does.
    pub active_time: u64,
    /// IDs of the entries pending for this consumer, in ID order.
    pub pel: Vec<RdbStreamId>,
}

/// Why an RDB file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RdbError {
    /// The input ended in the middle of something.
    UnexpectedEof {
        /// Offset where more bytes were needed.
        offset: usize,
    },
    /// The file does not start with `REDIS`.
    BadMagic,
    /// The version in the header is not one this reader knows.
    UnsupportedVersion(u32),
    /// The CRC64 trailer does not match the content.
    BadChecksum {
        /// Checksum stored in the file.
        stored: u64,
        /// Checksum computed over the content.
        computed: u64,
    },
    /// An object type or opcode this reader does not know.
    UnknownType {
        /// The type byte.
        kind: u8,
        /// Its offset.
        offset: usize,
    },
    /// The file holds Redis functions (FUNCTION LOAD libraries), which redlet cannot run.
    FunctionsUnsupported,
    /// The file holds module data, which redlet cannot load.
    ModulesUnsupported,
    /// Loading: the file uses a database index the server does not have.
    DbIndexOutOfRange {
        /// The index in the file.
        index: usize,
        /// The server's `databases`.
        databases: usize,
    },
    /// Loading: a key appears twice in one database.
    DuplicateKey {
        /// Database index.
        db: usize,
        /// The key.
        key: Vec<u8>,
    },
    /// Loading: a value of a type this build's keyspace cannot hold.
    UnsupportedValue {
        /// The key.
        key: Vec<u8>,
        /// The value's type name (as TYPE reports it).
        kind: &'static str,
    },
    /// Some structure is invalid.
    Corrupt {
        /// Offset of the object or field being read.
        offset: usize,
        /// What is wrong.
        what: String,
    },
}

impl fmt::Display for RdbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RdbError::UnexpectedEof { offset } => {
                write!(f, "unexpected end of file at byte {offset}")
            }
            RdbError::BadMagic => write!(f, "wrong signature trying to load DB from file"),
            RdbError::UnsupportedVersion(v) => write!(f, "unsupported RDB version {v}"),
            RdbError::BadChecksum { stored, computed } => write!(
                f,
                "bad CRC64 checksum (file says {stored:#018x}, content is {computed:#018x})"
            ),
            RdbError::UnknownType { kind, offset } => {
                write!(f, "unknown RDB object type {kind} at byte {offset}")
            }
            RdbError::FunctionsUnsupported => {
                write!(
                    f,
                    "the RDB file contains functions, which are not supported"
                )
            }
            RdbError::ModulesUnsupported => {
                write!(
                    f,
                    "the RDB file contains module data, which is not supported"
                )
            }
            RdbError::DbIndexOutOfRange { index, databases } => write!(
                f,
                "the RDB file uses database {index}, but the server is configured with \
                 {databases} databases"
            ),
            RdbError::DuplicateKey { db, key } => write!(
                f,
                "duplicate key '{}' in database {db}",
                String::from_utf8_lossy(key)
            ),
            RdbError::UnsupportedValue { key, kind } => write!(
                f,
                "key '{}' holds a {kind}, which this build cannot load",
                String::from_utf8_lossy(key)
            ),
            RdbError::Corrupt { offset, what } => {
                write!(f, "corrupt RDB file at byte {offset}: {what}")
            }
        }
    }
}

impl std::error::Error for RdbError {}

/// A DUMP payload: the value's serialization, then the RDB version (2 bytes, little endian)
/// and the CRC64 of everything before (8 bytes, little endian), as Redis's
/// `createDumpPayload`.
pub fn dump_payload(value: &RdbValue, opts: &EncodeOptions) -> Vec<u8> {
    let mut p = RdbWriter::object(value, opts);
    p.extend_from_slice(&(RDB_VERSION as u16).to_le_bytes());
    let crc = crc64::crc64(0, &p);
    p.extend_from_slice(&crc.to_le_bytes());
    p
}

/// Checks a DUMP payload's footer (Redis's `verifyDumpPayload`): at least 10 bytes, an RDB
/// version this server writes or older, a matching CRC64. Returns the body before the footer.
pub fn verify_dump_payload(p: &[u8]) -> Option<&[u8]> {
    let body_len = p.len().checked_sub(10)?;
    let (body, footer) = p.split_at(body_len);
    let version = u16::from_le_bytes([footer[0], footer[1]]);
    if u32::from(version) > RDB_VERSION {
        return None;
    }
    let stored = u64::from_le_bytes(footer[2..10].try_into().expect("footer is 10 bytes"));
    (crc64::crc64(0, &p[..body_len + 2]) == stored).then_some(body)
}

/// Converts a keyspace value to its RDB representation.
pub fn to_rdb_value(value: &Value) -> RdbValue {
    use crate::keyspace::stream::StreamId;
    match value {
        Value::String(s) => RdbValue::String(s.to_vec()),
        Value::List(l) => RdbValue::List(l.iter().map(<[u8]>::to_vec).collect()),
        Value::Stream(s) => {
            let entries = s.range(StreamId::MIN, StreamId::MAX, false, u64::MAX);
            let groups = s
                .groups()
                .iter()
                .map(|(name, g)| RdbGroup {
                    name: name.clone(),
                    last_id: g.last_id(),
                    entries_read: g.entries_read(),
                    pel: g
                        .pel()
                        .iter()
                        .map(|(id, p)| RdbPending {
                            id: *id,
                            delivery_time: p.delivery_time,
                            delivery_count: p.delivery_count,
                        })
                        .collect(),
                    consumers: g
                        .consumers()
                        .iter()
                        .map(|(cname, c)| RdbConsumer {
                            name: cname.clone(),
                            seen_time: c.seen_time(),
                            active_time: c.seen_time(),
                            pel: c.pel().iter().copied().collect(),
                        })
                        .collect(),
                })
                .collect();
            RdbValue::Stream(Box::new(RdbStream {
                entries_added: s.entries_added(),
                first_id: s.first_id(),
                last_id: s.last_id(),
                max_deleted_id: s.max_deleted_entry_id(),
                entries,
                groups,
            }))
        }
        Value::Hash(h) => RdbValue::Hash(h.iter().map(|(f, v)| (f.to_vec(), v.to_vec())).collect()),
        Value::Set(set) => RdbValue::Set(set.iter().map(|m| m.with(<[u8]>::to_vec)).collect()),
        Value::ZSet(z) => RdbValue::ZSet(z.iter().map(|(m, sc)| (m.to_vec(), sc)).collect()),
    }
}

/// Converts an RDB value to a keyspace value, with the encodings `config` implies. `None`
/// when the serialized value is inconsistent (a stream PEL entry no consumer owns).
pub fn from_rdb_value(value: RdbValue, config: &crate::Config) -> Option<Value> {
    use crate::keyspace::stream::{ConsumerGroup, IdRequest, NodeLimits, Stream};
    Some(match value {
        RdbValue::String(s) => Value::String(crate::keyspace::Str::from(s)),
        RdbValue::List(items) => {
            let mut l = crate::keyspace::list::List::new();
            for item in items {
                l.push(crate::keyspace::list::End::Right, item);
            }
            Value::List(Box::new(l))
        }
        RdbValue::Stream(s) => {
            let mut st = Stream::new();
            let limits = NodeLimits {
                max_entries: config.stream_node_max_entries,
                max_bytes: config.stream_node_max_bytes,
            };
            for (id, fields) in s.entries {
                st.append(IdRequest::Exact(id), fields, 0, limits).ok()?;
            }
            st.restore_counters(s.last_id, s.max_deleted_id, s.entries_added);
            for g in s.groups {
                let group = ConsumerGroup::from_parts(
                    g.last_id,
                    g.entries_read,
                    g.pel
                        .into_iter()
                        .map(|p| (p.id, p.delivery_time, p.delivery_count))
                        .collect(),
                    g.consumers
                        .into_iter()
                        .map(|c| (c.name, c.seen_time, c.pel))
                        .collect(),
                )
                .ok()?;
                st.insert_group(g.name, group);
            }
            Value::Stream(Box::new(st))
        }
        RdbValue::Hash(pairs) => {
            let limits = crate::keyspace::hash::HashLimits::from_config(config);
            let mut h = crate::keyspace::hash::Hash::new();
            for (f, v) in pairs {
                h.set(&f, &v, limits);
            }
            Value::Hash(Box::new(h))
        }
        RdbValue::Set(members) => {
            let max_intset = config.extra_usize("set-max-intset-entries", 512);
            let mut set = crate::keyspace::set::Set::new();
            for m in members {
                set.add(&m, max_intset);
            }
            Value::Set(Box::new(set))
        }
        RdbValue::ZSet(pairs) => {
            let limits = crate::keyspace::zset::Limits::from_config(config);
            let mut z = crate::keyspace::zset::ZSet::new(true);
            for (m, score) in pairs {
                z.insert(&m, score, limits);
            }
            z.settle_encoding(limits);
            Value::ZSet(Box::new(z))
        }
    })
}

impl RdbValue {
    /// The type name TYPE reports for this value.
    pub fn kind_name(&self) -> &'static str {
        match self {
            RdbValue::String(_) => "string",
            RdbValue::List(_) => "list",
            RdbValue::Set(_) => "set",
            RdbValue::ZSet(_) => "zset",
            RdbValue::Hash(_) => "hash",
            RdbValue::Stream(_) => "stream",
        }
    }
}

/// A snapshot of databases as SAVE writes them: every non-empty database in index order, the
/// keys not yet expired at `now` (Redis writes expired keys too, and drops them on load; not
/// writing them gives the same result with a smaller file).
pub fn snapshot_of(dbs: &[Db], now: Millis, aux: Vec<(Vec<u8>, Vec<u8>)>) -> Snapshot {
    let mut snap = Snapshot {
        aux,
        dbs: Vec::new(),
    };
    for (i, db) in dbs.iter().enumerate() {
        let entries: Vec<RdbEntry> = db
            .iter()
            .filter(|(_, e)| e.expire().is_none_or(|t| t > now))
            .map(|(k, e)| RdbEntry {
                key: k.to_vec(),
                value: to_rdb_value(&e.value),
                expire_ms: e.expire(),
            })
            .collect();
        if !entries.is_empty() {
            snap.dbs.push((i, entries));
        }
    }
    snap
}

/// Loads a decoded snapshot into `dbs` (which should be empty), as a master loads its RDB at
/// start: keys already expired at `now` are skipped. Returns how many keys were loaded and how
/// many skipped as expired.
///
/// Refused, leaving `dbs` partly filled (callers load into fresh databases and discard them
/// on error): a database index beyond `dbs.len()`, a key twice in one database, a value the
/// keyspace cannot hold (an inconsistent stream PEL).
pub fn load_into(
    snapshot: Snapshot,
    dbs: &mut [Db],
    now: Millis,
    config: &crate::Config,
) -> Result<(usize, usize), RdbError> {
    let (mut loaded, mut expired) = (0, 0);
    let databases = dbs.len();
    for (index, entries) in snapshot.dbs {
        let db = dbs
            .get_mut(index)
            .ok_or(RdbError::DbIndexOutOfRange { index, databases })?;
        for e in entries {
            if db.lookup(e.key.as_slice()).is_some() {
                return Err(RdbError::DuplicateKey {
                    db: index,
                    key: e.key,
                });
            }
            if e.expire_ms.is_some_and(|t| t <= now) {
                expired += 1;
                continue;
            }
            let kind = e.value.kind_name();
            let Some(value) = from_rdb_value(e.value, config) else {
                return Err(RdbError::UnsupportedValue { key: e.key, kind });
            };
            db.insert(&e.key, value, e.expire_ms);
            loaded += 1;
        }
    }
    Ok((loaded, expired))
}
