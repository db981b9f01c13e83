//! The RDB writer: [`Snapshot`] (or key by key, through [`RdbWriter`]) to the bytes Redis 7.0
//! writes (`rdbSaveRio` / `rdbSaveObject`).
//!
//! Encodings follow Redis 7.0's defaults so a loaded file reports the same OBJECT ENCODING:
//! lists are quicklists of listpack nodes of at most 8 KB (`list-max-listpack-size -2`);
//! hashes (up to 512 entries) and sorted sets (up to 128) are listpacks when every element is at
//! most 64 bytes (`*-max-listpack-entries` / `*-max-listpack-value`); sets of at most 512 integers are
//! intsets (`set-max-intset-entries`); streams are listpack nodes of at most 100 entries or
//! 4 KB. Strings are stored as integers when they are one, LZF-compressed above 20 bytes when
//! that saves space (`rdbcompression yes`), raw otherwise.

use super::crc64::crc64;
use super::format::*;
use super::listpack::{canonical_i64, ListpackWriter};
use super::{intset, lzf, RdbStream, RdbStreamEntry, RdbStreamId, RdbValue, Snapshot, RDB_VERSION};
use crate::config::{find_param, parse_memory};
use crate::Config;

/// Elements at least this large get a PLAIN quicklist node of their own
/// (`packed_threshold`, 1 GB).
const QUICKLIST_PACKED_THRESHOLD: usize = 1 << 30;
/// Byte limits of quicklist nodes for `list-max-listpack-size` -1 .. -5.
const QUICKLIST_SIZE_CLASSES: [usize; 5] = [4096, 8192, 16384, 32768, 65536];
/// Per-element overhead in quicklist's "does it fit" estimate (`SIZE_ESTIMATE_OVERHEAD`).
const QUICKLIST_SIZE_ESTIMATE_OVERHEAD: usize = 8;
/// With a positive `list-max-listpack-size` (an entry count), nodes still stay under 8 KB.
const QUICKLIST_SAFETY_LIMIT: usize = 8192;

/// The writer's tunables: the Redis configuration parameters that shape an RDB file.
/// `Default` is redis-server 7.0's compiled-in defaults (not the sample redis.conf's, which
/// says `hash-max-listpack-entries 128`; the binary's default is 512).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeOptions {
    /// `rdbcompression`: LZF-compress strings longer than 20 bytes.
    pub compression: bool,
    /// `rdbchecksum`: write the CRC64 (otherwise 0, which readers take as "not checked").
    pub checksum: bool,
    /// `hash-max-listpack-entries`.
    pub hash_max_listpack_entries: usize,
    /// `hash-max-listpack-value`.
    pub hash_max_listpack_value: usize,
    /// `zset-max-listpack-entries`.
    pub zset_max_listpack_entries: usize,
    /// `zset-max-listpack-value`.
    pub zset_max_listpack_value: usize,
    /// `set-max-intset-entries`.
    pub set_max_intset_entries: usize,
    /// `list-max-listpack-size`: negative, a node size class (-2 = 8 KB); positive, entries.
    pub list_max_listpack_size: i64,
    /// `stream-node-max-bytes` (0: no limit).
    pub stream_node_max_bytes: usize,
    /// `stream-node-max-entries` (0: no limit).
    pub stream_node_max_entries: usize,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            compression: true,
            checksum: true,
            hash_max_listpack_entries: 512,
            hash_max_listpack_value: 64,
            zset_max_listpack_entries: 128,
            zset_max_listpack_value: 64,
            set_max_intset_entries: 512,
            list_max_listpack_size: -2,
            stream_node_max_bytes: 4096,
            stream_node_max_entries: 100,
        }
    }
}

impl EncodeOptions {
    /// The options a server with configuration `config` saves with (CONFIG SET values
    /// included); a parameter that does not parse keeps its default.
    pub fn from_config(config: &Config) -> Self {
        let d = EncodeOptions::default();
        let text = |name: &str| find_param(name).map(|p| config.get_param(p));
        let flag = |name: &str, dflt: bool| match text(name).as_deref() {
            Some("yes") => true,
            Some("no") => false,
            _ => dflt,
        };
        let num = |name: &str, dflt: usize| {
            text(name)
                .and_then(|t| parse_memory(&t))
                .and_then(|v| usize::try_from(v).ok())
                .unwrap_or(dflt)
        };
        EncodeOptions {
            compression: flag("rdbcompression", d.compression),
            checksum: flag("rdbchecksum", d.checksum),
            hash_max_listpack_entries: num(
                "hash-max-listpack-entries",
                d.hash_max_listpack_entries,
            ),
            hash_max_listpack_value: num("hash-max-listpack-value", d.hash_max_listpack_value),
            zset_max_listpack_entries: num(
                "zset-max-listpack-entries",
                d.zset_max_listpack_entries,
            ),
            zset_max_listpack_value: num("zset-max-listpack-value", d.zset_max_listpack_value),
            set_max_intset_entries: num("set-max-intset-entries", d.set_max_intset_entries),
            list_max_listpack_size: config.list_max_listpack_size,
            stream_node_max_bytes: num("stream-node-max-bytes", d.stream_node_max_bytes),
            stream_node_max_entries: num("stream-node-max-entries", d.stream_node_max_entries),
        }
    }

    /// The set's members as integers if Redis would keep it as an intset.
    fn set_as_intset(&self, members: &[Vec<u8>]) -> Option<Vec<i64>> {
        if members.len() > self.set_max_intset_entries {
            return None;
        }
        members.iter().map(|m| canonical_i64(m)).collect()
    }

    fn zset_as_listpack(&self, members: &[(Vec<u8>, f64)]) -> bool {
        members.len() <= self.zset_max_listpack_entries
            && members
                .iter()
                .all(|(m, _)| m.len() <= self.zset_max_listpack_value)
    }

    fn hash_as_listpack(&self, fields: &[(Vec<u8>, Vec<u8>)]) -> bool {
        fields.len() <= self.hash_max_listpack_entries
            && fields.iter().all(|(f, v)| {
                f.len() <= self.hash_max_listpack_value && v.len() <= self.hash_max_listpack_value
            })
    }

    /// Whether a quicklist node of `node_bytes` bytes and `count` elements may take one more
    /// element of `len` bytes (`_quicklistNodeAllowInsert` of Redis 7.0.15, whose size
    /// estimate adds a fixed 8 bytes per element; following it exactly gives the same node
    /// boundaries, hence byte-identical files).
    fn quicklist_allows(&self, node_bytes: usize, count: usize, len: usize) -> bool {
        let new_size = node_bytes + len + QUICKLIST_SIZE_ESTIMATE_OVERHEAD;
        let fill = self.list_max_listpack_size;
        if fill < 0 {
            let class = usize::try_from(-fill - 1).unwrap_or(usize::MAX).min(4);
            return new_size <= QUICKLIST_SIZE_CLASSES[class];
        }
        new_size <= QUICKLIST_SAFETY_LIMIT && (count as i64) < fill.min(1 << 15)
    }
}

/// The aux fields Redis 7.0.15 writes, for a save at `ctime` (Unix seconds) with `used_mem`
/// bytes in use.
pub fn default_aux(ctime: u64, used_mem: u64) -> Vec<(Vec<u8>, Vec<u8>)> {
    vec![
        (b"redis-ver".to_vec(), b"7.0.15".to_vec()),
        (b"redis-bits".to_vec(), b"64".to_vec()),
        (b"ctime".to_vec(), ctime.to_string().into_bytes()),
        (b"used-mem".to_vec(), used_mem.to_string().into_bytes()),
        (b"aof-base".to_vec(), b"0".to_vec()),
    ]
}

/// Encodes a whole snapshot with Redis's default options. Databases are written in the order
/// given, empty ones skipped.
pub fn encode(snapshot: &Snapshot) -> Vec<u8> {
    encode_with(snapshot, &EncodeOptions::default())
}

/// [`encode`] with the given options.
pub fn encode_with(snapshot: &Snapshot, opts: &EncodeOptions) -> Vec<u8> {
    let mut w = RdbWriter::with_options(&snapshot.aux, opts.clone());
    for (db, entries) in &snapshot.dbs {
        if entries.is_empty() {
            continue;
        }
        let expires = entries.iter().filter(|e| e.expire_ms.is_some()).count();
        w.select_db(*db, entries.len() as u64, expires as u64);
        for e in entries {
            w.entry(&e.key, &e.value, e.expire_ms);
        }
    }
    w.finish()
}

/// The OBJECT ENCODING Redis 7.0 (default configuration) reports for `value` after loading
/// what [`encode`] writes.
pub fn object_encoding(value: &RdbValue) -> &'static str {
    object_encoding_with(value, &EncodeOptions::default())
}

/// [`object_encoding`] under the given options.
pub fn object_encoding_with(value: &RdbValue, opts: &EncodeOptions) -> &'static str {
    match value {
        RdbValue::String(s) if s.len() <= 20 && canonical_i64(s).is_some() => "int",
        RdbValue::String(s) if s.len() <= 44 => "embstr",
        RdbValue::String(_) => "raw",
        RdbValue::List(_) => "quicklist",
        RdbValue::Set(m) if opts.set_as_intset(m).is_some() => "intset",
        RdbValue::Set(_) => "hashtable",
        RdbValue::ZSet(m) if opts.zset_as_listpack(m) => "listpack",
        RdbValue::ZSet(_) => "skiplist",
        RdbValue::Hash(f) if opts.hash_as_listpack(f) => "listpack",
        RdbValue::Hash(_) => "hashtable",
        RdbValue::Stream(_) => "stream",
    }
}

/// Writes an RDB file incrementally: header and aux fields at creation, then databases and
/// keys, then [`RdbWriter::finish`] for the EOF opcode and CRC64.
///
/// For large keyspaces the caller can move bytes out as it goes with
/// [`RdbWriter::take_bytes`] (to a file, a socket) instead of holding the whole file; the
/// CRC64 is kept running over what was taken.
#[derive(Debug, Clone)]
pub struct RdbWriter {
    buf: Vec<u8>,
    /// CRC64 of the bytes already handed out by `take_bytes`.
    crc: u64,
    /// LZF state reused across strings.
    lzf: lzf::Compressor,
    opts: EncodeOptions,
}

impl RdbWriter {
    /// Starts a file with Redis's default options: the `REDIS0010` header and the given aux
    /// fields.
    pub fn new(aux: &[(Vec<u8>, Vec<u8>)]) -> Self {
        Self::with_options(aux, EncodeOptions::default())
    }

    /// [`RdbWriter::new`] with the given options.
    pub fn with_options(aux: &[(Vec<u8>, Vec<u8>)], opts: EncodeOptions) -> Self {
        let mut w = RdbWriter {
            buf: format!("REDIS{RDB_VERSION:04}").into_bytes(),
            crc: 0,
            lzf: lzf::Compressor::new(),
            opts,
        };
        for (k, v) in aux {
            w.buf.push(OP_AUX);
            w.string(k);
            w.string(v);
        }
        w
    }

    /// Starts database `db`, with its key count and volatile key count as size hints.
    pub fn select_db(&mut self, db: usize, size: u64, expires: u64) {
        self.buf.push(OP_SELECTDB);
        self.len(db as u64);
        self.buf.push(OP_RESIZEDB);
        self.len(size);
        self.len(expires);
    }

    /// Writes one key with its value and optional absolute expiry (Unix ms).
    pub fn entry(&mut self, key: &[u8], value: &RdbValue, expire_ms: Option<u64>) {
        if let Some(t) = expire_ms {
            self.buf.push(OP_EXPIRETIME_MS);
            self.buf.extend_from_slice(&t.to_le_bytes());
        }
        match value {
            RdbValue::String(s) => {
                self.buf.push(T_STRING);
                self.string(key);
                self.string(s);
            }
            RdbValue::List(items) => {
                self.buf.push(T_LIST_QUICKLIST_2);
                self.string(key);
                self.quicklist(items);
            }
            RdbValue::Set(members) => match self.opts.set_as_intset(members) {
                Some(ints) => {
                    self.buf.push(T_SET_INTSET);
                    self.string(key);
                    self.string(&intset::encode(&ints));
                }
                None => {
                    self.buf.push(T_SET);
                    self.string(key);
                    self.len(members.len() as u64);
                    for m in members {
                        self.string(m);
                    }
                }
            },
            RdbValue::ZSet(members) => {
                let mut sorted: Vec<&(Vec<u8>, f64)> = members.iter().collect();
                // Redis's order: by score, then member bytes.
                crate::sort::sort_by(&mut sorted, |a, b| {
                    a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0))
                });
                if self.opts.zset_as_listpack(members) {
                    self.buf.push(T_ZSET_LISTPACK);
                    self.string(key);
                    let mut lp = ListpackWriter::new();
                    for (m, score) in sorted {
                        lp.push(m);
                        push_score(&mut lp, *score);
                    }
                    self.string(&lp.finish());
                } else {
                    self.buf.push(T_ZSET_2);
                    self.string(key);
                    self.len(members.len() as u64);
                    // Greatest first, as Redis saves its skiplist (cheap inserts on load).
                    for (m, score) in sorted.into_iter().rev() {
                        self.string(m);
                        self.buf.extend_from_slice(&score.to_bits().to_le_bytes());
                    }
                }
            }
            RdbValue::Hash(fields) => {
                if self.opts.hash_as_listpack(fields) {
                    self.buf.push(T_HASH_LISTPACK);
                    self.string(key);
                    let mut lp = ListpackWriter::new();
                    for (f, v) in fields {
                        lp.push(f);
                        lp.push(v);
                    }
                    self.string(&lp.finish());
                } else {
                    self.buf.push(T_HASH);
                    self.string(key);
                    self.len(fields.len() as u64);
                    for (f, v) in fields {
                        self.string(f);
                        self.string(v);
                    }
                }
            }
            RdbValue::Stream(s) => {
                self.buf.push(T_STREAM_LISTPACKS_2);
                self.string(key);
                self.stream(s);
            }
        }
    }

    /// One value as DUMP serializes it: its type byte and its encoding, without key, header
    /// or checksum (Redis's `rdbSaveObjectType` + `rdbSaveObject`).
    pub fn object(value: &RdbValue, opts: &EncodeOptions) -> Vec<u8> {
        let mut w = RdbWriter::with_options(&[], opts.clone());
        w.buf.clear();
        w.entry(b"", value, None);
        let mut out = std::mem::take(&mut w.buf);
        // `entry` wrote the type byte, then the empty key (one length byte, 0), then the value.
        out.remove(1);
        out
    }

    /// The bytes written since the last call (the start of the file on the first call).
    pub fn take_bytes(&mut self) -> Vec<u8> {
        if self.opts.checksum {
            self.crc = crc64(self.crc, &self.buf);
        }
        std::mem::take(&mut self.buf)
    }

    /// Number of bytes buffered (not yet taken).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Appends the EOF opcode and the CRC64 of the whole file before it; returns the bytes
    /// not yet taken (the whole file if [`RdbWriter::take_bytes`] was never called).
    pub fn finish(mut self) -> Vec<u8> {
        self.buf.push(OP_EOF);
        let crc = if self.opts.checksum {
            crc64(self.crc, &self.buf)
        } else {
            0
        };
        self.buf.extend_from_slice(&crc.to_le_bytes());
        self.buf
    }

    /// A length in the 6/14/32/64-bit encoding.
    fn len(&mut self, n: u64) {
        if n < 1 << 6 {
            self.buf.push(n as u8);
        } else if n < 1 << 14 {
            self.buf.push(0x40 | (n >> 8) as u8);
            self.buf.push((n & 0xff) as u8);
        } else if n <= u64::from(u32::MAX) {
            self.buf.push(0x80);
            self.buf.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            self.buf.push(0x81);
            self.buf.extend_from_slice(&n.to_be_bytes());
        }
    }

    /// A string: as an 8/16/32-bit integer when it is the canonical form of one (and at most
    /// 11 bytes, as `rdbTryIntegerEncoding`), LZF when longer than 20 bytes and it compresses
    /// to at most length - 4 bytes (`rdbSaveLzfStringObject`), raw otherwise.
    fn string(&mut self, s: &[u8]) {
        if s.len() <= 11 {
            if let Some(v) = canonical_i64(s) {
                if let Ok(v) = i8::try_from(v) {
                    self.buf.push(0xC0);
                    self.buf.push(v as u8);
                    return;
                }
                if let Ok(v) = i16::try_from(v) {
                    self.buf.push(0xC1);
                    self.buf.extend_from_slice(&v.to_le_bytes());
                    return;
                }
                if let Ok(v) = i32::try_from(v) {
                    self.buf.push(0xC2);
                    self.buf.extend_from_slice(&v.to_le_bytes());
                    return;
                }
            }
        }
        if self.opts.compression && s.len() > 20 {
            if let Some(c) = self.lzf.compress(s, s.len() - 4) {
                self.buf.push(0xC3);
                self.len(c.len() as u64);
                self.len(s.len() as u64);
                self.buf.extend_from_slice(&c);
                return;
            }
        }
        self.len(s.len() as u64);
        self.buf.extend_from_slice(s);
    }

    /// A quicklist (LIST_QUICKLIST_2): listpack nodes up to 8 KB, PLAIN nodes for huge items.
    fn quicklist(&mut self, items: &[Vec<u8>]) {
        enum Node {
            Packed(Vec<u8>),
            Plain(usize),
        }
        let mut nodes = Vec::new();
        let mut lp = ListpackWriter::new();
        for (i, item) in items.iter().enumerate() {
            if item.len() >= QUICKLIST_PACKED_THRESHOLD {
                if !lp.is_empty() {
                    nodes.push(Node::Packed(std::mem::take(&mut lp).finish()));
                }
                nodes.push(Node::Plain(i));
                continue;
            }
            if !lp.is_empty() && !self.opts.quicklist_allows(lp.bytes(), lp.len(), item.len()) {
                nodes.push(Node::Packed(std::mem::take(&mut lp).finish()));
            }
            lp.push(item);
        }
        if !lp.is_empty() {
            nodes.push(Node::Packed(lp.finish()));
        }
        self.len(nodes.len() as u64);
        for n in nodes {
            match n {
                Node::Packed(blob) => {
                    self.len(QUICKLIST_PACKED);
                    self.string(&blob);
                }
                Node::Plain(i) => {
                    self.len(QUICKLIST_PLAIN);
                    self.string(&items[i]);
                }
            }
        }
    }

    /// A stream (STREAM_LISTPACKS_2): listpack nodes, metadata, consumer groups.
    fn stream(&mut self, s: &RdbStream) {
        // Split entries into nodes the way streamAppendItem would have.
        let mut nodes: Vec<&[RdbStreamEntry]> = Vec::new();
        let mut start = 0;
        let mut bytes = 0;
        for (i, (_, fields)) in s.entries.iter().enumerate() {
            let size: usize = fields.iter().map(|(f, v)| f.len() + v.len() + 4).sum();
            let count = i - start;
            let (max_bytes, max_entries) = (
                self.opts.stream_node_max_bytes,
                self.opts.stream_node_max_entries,
            );
            if count > 0
                && ((max_bytes > 0 && bytes + size >= max_bytes)
                    || (max_entries > 0 && count >= max_entries))
            {
                nodes.push(&s.entries[start..i]);
                start = i;
                bytes = 0;
            }
            bytes += size + 8;
        }
        if start < s.entries.len() {
            nodes.push(&s.entries[start..]);
        }
        self.len(nodes.len() as u64);
        for node in nodes {
            let (master, master_fields) = (&node[0].0, &node[0].1);
            let mut key = [0u8; 16];
            key[..8].copy_from_slice(&master.ms.to_be_bytes());
            key[8..].copy_from_slice(&master.seq.to_be_bytes());
            self.string(&key);
            let mut lp = ListpackWriter::new();
            lp.push_int(node.len() as i64);
            lp.push_int(0);
            lp.push_int(master_fields.len() as i64);
            for (f, _) in master_fields {
                lp.push(f);
            }
            lp.push_int(0);
            for (id, fields) in node {
                let same = fields.len() == master_fields.len()
                    && fields.iter().zip(master_fields).all(|(a, b)| a.0 == b.0);
                lp.push_int(if same { STREAM_ITEM_FLAG_SAMEFIELDS } else { 0 });
                lp.push_int(id.ms.wrapping_sub(master.ms) as i64);
                lp.push_int(id.seq.wrapping_sub(master.seq) as i64);
                if same {
                    for (_, v) in fields {
                        lp.push(v);
                    }
                    lp.push_int(fields.len() as i64 + 3);
                } else {
                    lp.push_int(fields.len() as i64);
                    for (f, v) in fields {
                        lp.push(f);
                        lp.push(v);
                    }
                    lp.push_int(2 * fields.len() as i64 + 4);
                }
            }
            self.string(&lp.finish());
        }
        self.len(s.entries.len() as u64);
        self.stream_id(s.last_id);
        self.stream_id(s.first_id);
        self.stream_id(s.max_deleted_id);
        self.len(s.entries_added);
        self.len(s.groups.len() as u64);
        for g in &s.groups {
            self.string(&g.name);
            self.stream_id(g.last_id);
            self.len(g.entries_read as u64);
            self.len(g.pel.len() as u64);
            for p in &g.pel {
                self.raw_id(p.id);
                self.buf.extend_from_slice(&p.delivery_time.to_le_bytes());
                self.len(p.delivery_count);
            }
            self.len(g.consumers.len() as u64);
            for c in &g.consumers {
                self.string(&c.name);
                self.buf.extend_from_slice(&c.seen_time.to_le_bytes());
                self.len(c.pel.len() as u64);
                for id in &c.pel {
                    self.raw_id(*id);
                }
            }
        }
    }

    fn stream_id(&mut self, id: RdbStreamId) {
        self.len(id.ms);
        self.len(id.seq);
    }

    fn raw_id(&mut self, id: RdbStreamId) {
        self.buf.extend_from_slice(&id.ms.to_be_bytes());
        self.buf.extend_from_slice(&id.seq.to_be_bytes());
    }
}

/// A sorted set score in a listpack, as Redis's `d2string` renders it (then stored as an
/// integer when that text is one, as `lpAppend` does).
fn push_score(lp: &mut ListpackWriter, score: f64) {
    lp.push(d2string(score).as_bytes());
}

/// Redis 7.0's `d2string`: `inf`/`-inf`, `0`/`-0`, integers below 2^52 in decimal, anything
/// else as C's `%.17g`.
pub fn d2string(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v < 0.0 { "-inf" } else { "inf" }.into()
    } else if v == 0.0 {
        if v.is_sign_negative() { "-0" } else { "0" }.into()
    } else if v > -4_503_599_627_370_495.0 && v < 4_503_599_627_370_496.0 && v == (v as i64) as f64
    {
        (v as i64).to_string()
    } else {
        crate::resp::format_g17(v)
    }
}

#[cfg(test)]
mod tests {
    use super::d2string;

    #[test]
    fn scores_render_like_redis() {
        // Checked against redis-server 7.0.15 (ZADD then the listpack in its dump).
        for (v, s) in [
            (0.1, "0.10000000000000001"),
            (2.5, "2.5"),
            (1e300, "1.0000000000000001e+300"),
            (-3.0, "-3"),
            (-0.0, "-0"),
            (1e-5, "1.0000000000000001e-05"),
            (0.0001, "0.0001"),
            (4_503_599_627_370_496.0, "4503599627370496"),
            (1e17, "1e+17"),
            (123_456.789, "123456.789"),
            (f64::INFINITY, "inf"),
            // From Python's (correctly rounded, like glibc's) "%.17g".
            (1.0 / 3.0, "0.33333333333333331"),
            (2.0 / 3.0 * 1e-7, "6.6666666666666655e-08"),
            (5e-324, "4.9406564584124654e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (12_345_678_901_234_568.0, "12345678901234568"),
        ] {
            assert_eq!(d2string(v), s, "{v}");
        }
    }
}
