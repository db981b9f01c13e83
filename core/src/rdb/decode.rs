//! The RDB reader: bytes to [`Snapshot`] (Redis's `rdbLoad` / `rdbLoadObject`).
//!
//! A cursor ([`Reader`]) walks the input; every read checks the remaining length, so a
//! truncated file stops with [`RdbError::UnexpectedEof`] and a corrupt one with
//! [`RdbError::Corrupt`]. Nothing is reserved from a count in the file beyond what the
//! remaining bytes could hold (every element takes at least one byte), and nested blobs
//! (listpacks, ziplists, intsets) are parsed from slices already read.

use super::crc64::crc64;
use super::format::*;
use super::listpack::canonical_i64;
use super::{
    intset, listpack, lzf, ziplist, RdbConsumer, RdbEntry, RdbError, RdbFields, RdbGroup,
    RdbPending, RdbStream, RdbStreamEntry, RdbStreamId, RdbValue, Snapshot, RDB_MAX_READ_VERSION,
};

/// Decodes a whole RDB file.
///
/// Keys appearing before any SELECTDB belong to database 0. A zero CRC64 trailer means the
/// writer disabled checksums (Redis's `rdbchecksum no`) and is not checked.
pub fn decode(bytes: &[u8]) -> Result<Snapshot, RdbError> {
    let mut r = Reader { buf: bytes, pos: 0 };
    let magic = r.take(5)?;
    if magic != b"REDIS" {
        return Err(RdbError::BadMagic);
    }
    let digits = r.take(4)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(RdbError::BadMagic);
    }
    let version = digits
        .iter()
        .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
    if !(1..=RDB_MAX_READ_VERSION).contains(&version) {
        return Err(RdbError::UnsupportedVersion(version));
    }

    let mut snap = Snapshot::default();
    let mut db: Option<usize> = None;
    let mut expire: Option<u64> = None;
    loop {
        let at = r.pos;
        let op = r.u8()?;
        match op {
            OP_EOF => {
                if version >= 5 {
                    let content_end = r.pos;
                    let stored = r.u64_le()?;
                    if stored != 0 {
                        let computed = crc64(0, &bytes[..content_end]);
                        if stored != computed {
                            return Err(RdbError::BadChecksum { stored, computed });
                        }
                    }
                }
                return Ok(snap);
            }
            OP_SELECTDB => {
                let n = r.len()?;
                let n = usize::try_from(n)
                    .ok()
                    .filter(|&n| n <= u32::MAX as usize)
                    .ok_or_else(|| r.corrupt(at, &format!("database index {n} out of range")))?;
                db = Some(n);
            }
            OP_RESIZEDB => {
                r.len()?;
                r.len()?;
            }
            OP_AUX => {
                let k = r.string()?;
                let v = r.string()?;
                snap.aux.push((k, v));
            }
            OP_EXPIRETIME_MS => expire = Some(r.u64_le()?),
            OP_EXPIRETIME => expire = Some(u64::from(r.u32_le()?) * 1000),
            // LRU idle time and LFU counter: eviction hints, harmless to drop.
            OP_IDLE => {
                r.len()?;
            }
            OP_FREQ => {
                r.u8()?;
            }
            OP_MODULE_AUX => return Err(RdbError::ModulesUnsupported),
            OP_FUNCTION | OP_FUNCTION2 => return Err(RdbError::FunctionsUnsupported),
            t => {
                let key = r.string()?;
                let value = read_value(&mut r, t, at)?;
                let index = db.unwrap_or(0);
                let entries = match snap.dbs.iter().position(|(i, _)| *i == index) {
                    Some(p) => &mut snap.dbs[p].1,
                    None => {
                        snap.dbs.push((index, Vec::new()));
                        &mut snap.dbs.last_mut().expect("just pushed").1
                    }
                };
                entries.push(RdbEntry {
                    key,
                    value,
                    expire_ms: expire.take(),
                });
            }
        }
    }
}

/// Decodes one serialized object, its type byte then its value: the body of a DUMP payload
/// (Redis's `rdbLoadObjectType` + `rdbLoadObject`). Bytes after the value are ignored, as
/// RESTORE ignores them.
pub fn decode_object(bytes: &[u8]) -> Result<RdbValue, RdbError> {
    let mut r = Reader { buf: bytes, pos: 0 };
    let t = r.u8()?;
    read_value(&mut r, t, 0)
}

/// Reads one value of object type `t` (the type byte was at offset `at`).
fn read_value(r: &mut Reader<'_>, t: u8, at: usize) -> Result<RdbValue, RdbError> {
    let value = match t {
        T_STRING => RdbValue::String(r.string()?),
        T_LIST => {
            let n = r.len()?;
            let mut items = Vec::with_capacity(r.cap(n));
            for _ in 0..n {
                items.push(r.string()?);
            }
            RdbValue::List(items)
        }
        T_SET => {
            let n = r.len()?;
            let mut items = Vec::with_capacity(r.cap(n));
            for _ in 0..n {
                items.push(r.string()?);
            }
            RdbValue::Set(items)
        }
        T_ZSET | T_ZSET_2 => {
            let n = r.len()?;
            let mut items = Vec::with_capacity(r.cap(n));
            for _ in 0..n {
                let member = r.string()?;
                let score = if t == T_ZSET_2 {
                    f64::from_bits(r.u64_le()?)
                } else {
                    r.double_str()?
                };
                if score.is_nan() {
                    return Err(r.corrupt(at, "sorted set with a NaN score"));
                }
                items.push((member, score));
            }
            RdbValue::ZSet(items)
        }
        T_HASH => {
            let n = r.len()?;
            let mut items = Vec::with_capacity(r.cap(n));
            for _ in 0..n {
                let f = r.string()?;
                let v = r.string()?;
                items.push((f, v));
            }
            RdbValue::Hash(items)
        }
        T_HASH_ZIPMAP => {
            let blob = r.string()?;
            RdbValue::Hash(zipmap(&blob).map_err(|w| r.corrupt(at, w))?)
        }
        T_LIST_ZIPLIST => RdbValue::List(r.ziplist(at)?),
        T_SET_INTSET => {
            let blob = r.string()?;
            let ints = intset::decode(&blob).map_err(|e| r.corrupt(at, e.0))?;
            RdbValue::Set(ints.into_iter().map(listpack::itoa_buf).collect())
        }
        T_SET_LISTPACK => RdbValue::Set(r.listpack(at)?),
        T_ZSET_ZIPLIST | T_ZSET_LISTPACK => {
            let flat = if t == T_ZSET_ZIPLIST {
                r.ziplist(at)?
            } else {
                r.listpack(at)?
            };
            let pairs = pairs(flat).ok_or_else(|| r.corrupt(at, "odd sorted set length"))?;
            let mut items = Vec::with_capacity(pairs.len());
            for (m, s) in pairs {
                let score =
                    parse_score(&s).ok_or_else(|| r.corrupt(at, "invalid sorted set score"))?;
                items.push((m, score));
            }
            RdbValue::ZSet(items)
        }
        T_HASH_ZIPLIST | T_HASH_LISTPACK => {
            let flat = if t == T_HASH_ZIPLIST {
                r.ziplist(at)?
            } else {
                r.listpack(at)?
            };
            RdbValue::Hash(pairs(flat).ok_or_else(|| r.corrupt(at, "odd hash length"))?)
        }
        T_LIST_QUICKLIST | T_LIST_QUICKLIST_2 => {
            let nodes = r.len()?;
            let mut items = Vec::new();
            for _ in 0..nodes {
                if t == T_LIST_QUICKLIST {
                    items.extend(r.ziplist(at)?);
                    continue;
                }
                match r.len()? {
                    QUICKLIST_PLAIN => items.push(r.string()?),
                    QUICKLIST_PACKED => items.extend(r.listpack(at)?),
                    c => return Err(r.corrupt(at, &format!("unknown quicklist container {c}"))),
                }
            }
            RdbValue::List(items)
        }
        T_STREAM_LISTPACKS | T_STREAM_LISTPACKS_2 | T_STREAM_LISTPACKS_3 => {
            RdbValue::Stream(Box::new(read_stream(r, t, at)?))
        }
        T_MODULE | T_MODULE_2 => return Err(RdbError::ModulesUnsupported),
        kind => return Err(RdbError::UnknownType { kind, offset: at }),
    };
    Ok(value)
}

/// Reads a stream: its listpack nodes, metadata, and consumer groups.
fn read_stream(r: &mut Reader<'_>, t: u8, at: usize) -> Result<RdbStream, RdbError> {
    let mut s = RdbStream::default();
    let nodes = r.len()?;
    for _ in 0..nodes {
        let node_key = r.string()?;
        let master = id_from_be(&node_key)
            .ok_or_else(|| r.corrupt(at, "stream node key is not a 128 bit ID"))?;
        let items = r.listpack(at)?;
        if items.is_empty() {
            return Err(r.corrupt(at, "empty listpack inside stream"));
        }
        stream_node(master, &items, &mut s.entries).map_err(|w| r.corrupt(at, w))?;
    }
    let length = r.len()?;
    if length != s.entries.len() as u64 {
        return Err(r.corrupt(at, "stream length does not match its entries"));
    }
    s.last_id = r.stream_id()?;
    if t >= T_STREAM_LISTPACKS_2 {
        s.first_id = r.stream_id()?;
        s.max_deleted_id = r.stream_id()?;
        s.entries_added = r.len()?;
    } else {
        // What Redis 7.0 reconstructs for files of older versions.
        s.first_id = s.entries.first().map(|(id, _)| *id).unwrap_or_default();
        s.entries_added = length;
    }
    let ngroups = r.len()?;
    for _ in 0..ngroups {
        let mut g = RdbGroup {
            name: r.string()?,
            last_id: r.stream_id()?,
            entries_read: -1,
            ..RdbGroup::default()
        };
        if t >= T_STREAM_LISTPACKS_2 {
            // Saved as a length; Redis's -1 ("unknown") round-trips through u64.
            g.entries_read = r.len()? as i64;
        }
        let npel = r.len()?;
        // The same B-tree type as consumer PELs (RdbStreamId is the keyspace's StreamId).
        let mut ids = crate::keyspace::DeadlineSet::new();
        for _ in 0..npel {
            let id = r.raw_id()?;
            let delivery_time = r.u64_le()?;
            let delivery_count = r.len()?;
            if !ids.insert((id.ms, id.seq)) {
                return Err(r.corrupt(at, "duplicated stream PEL entry"));
            }
            g.pel.push(RdbPending {
                id,
                delivery_time,
                delivery_count,
            });
        }
        let nconsumers = r.len()?;
        for _ in 0..nconsumers {
            let name = r.string()?;
            let seen_time = r.u64_le()?;
            let active_time = if t >= T_STREAM_LISTPACKS_3 {
                r.u64_le()?
            } else {
                seen_time
            };
            let n = r.len()?;
            let mut pel = Vec::with_capacity(r.cap(n));
            for _ in 0..n {
                let id = r.raw_id()?;
                if !ids.remove(&(id.ms, id.seq)) {
                    return Err(r.corrupt(
                        at,
                        "consumer PEL entry not found in group PEL (or owned twice)",
                    ));
                }
                pel.push(id);
            }
            g.consumers.push(RdbConsumer {
                name,
                seen_time,
                active_time,
                pel,
            });
        }
        if !ids.is_empty() {
            return Err(r.corrupt(at, "group PEL entry without a consumer"));
        }
        s.groups.push(g);
    }
    Ok(s)
}

/// Walks one stream listpack node (see `t_stream.c`): the master entry
/// `count deleted nfields field... 0`, then per entry
/// `flags ms-diff seq-diff [nfields field value ... | value ...] lp-count`.
fn stream_node(
    master: RdbStreamId,
    items: &[Vec<u8>],
    out: &mut Vec<RdbStreamEntry>,
) -> Result<(), &'static str> {
    let mut it = items.iter();
    let count = next_int(&mut it)?;
    let deleted = next_int(&mut it)?;
    let nfields = next_int(&mut it)?;
    if count < 0 || deleted < 0 || nfields < 0 {
        return Err("negative count in stream listpack");
    }
    let mut master_fields = Vec::new();
    for _ in 0..nfields {
        master_fields.push(it.next().ok_or("stream listpack ends early")?);
    }
    if next_int(&mut it)? != 0 {
        return Err("stream master entry not terminated");
    }
    let mut valid = 0;
    while it.len() > 0 {
        let flags = next_int(&mut it)?;
        let ms = master.ms.wrapping_add(next_int(&mut it)? as u64);
        let seq = master.seq.wrapping_add(next_int(&mut it)? as u64);
        let mut fields = Vec::new();
        if flags & STREAM_ITEM_FLAG_SAMEFIELDS != 0 {
            for f in &master_fields {
                let v = it.next().ok_or("stream listpack ends early")?;
                fields.push(((*f).clone(), v.clone()));
            }
        } else {
            let n = next_int(&mut it)?;
            if n < 0 {
                return Err("negative field count in stream entry");
            }
            for _ in 0..n {
                let f = it.next().ok_or("stream listpack ends early")?;
                let v = it.next().ok_or("stream listpack ends early")?;
                fields.push((f.clone(), v.clone()));
            }
        }
        next_int(&mut it)?; // lp-count, for backward walks
        if flags & STREAM_ITEM_FLAG_DELETED == 0 {
            let id = RdbStreamId { ms, seq };
            if out.last().is_some_and(|(last, _)| *last >= id) {
                return Err("stream IDs not increasing");
            }
            out.push((id, fields));
            valid += 1;
        }
    }
    if valid != count {
        return Err("stream node count does not match its entries");
    }
    Ok(())
}

/// The next listpack element of a stream node, as an integer.
fn next_int(it: &mut std::slice::Iter<'_, Vec<u8>>) -> Result<i64, &'static str> {
    let s = it.next().ok_or("stream listpack ends early")?;
    canonical_i64(s).ok_or("stream listpack integer expected")
}

/// A 128-bit big-endian stream ID (node keys, PEL entries).
fn id_from_be(b: &[u8]) -> Option<RdbStreamId> {
    let b: &[u8; 16] = b.try_into().ok()?;
    let (ms, seq) = b.split_at(8);
    Some(RdbStreamId {
        ms: u64::from_be_bytes(ms.try_into().ok()?),
        seq: u64::from_be_bytes(seq.try_into().ok()?),
    })
}

/// Pairs up a flat `[k1, v1, k2, v2, ...]` sequence; `None` if its length is odd.
fn pairs(flat: Vec<Vec<u8>>) -> Option<RdbFields> {
    if flat.len() % 2 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(flat.len() / 2);
    let mut it = flat.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        out.push((k, v));
    }
    Some(out)
}

/// Parses a score as Redis's `strtod` would accept it from a listpack or old ZSET: decimal,
/// exponent, `inf`/`-inf`; NaN is refused.
fn parse_score(s: &[u8]) -> Option<f64> {
    let t = std::str::from_utf8(s).ok()?;
    let v: f64 = match t.to_ascii_lowercase().as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => f64::INFINITY,
        "-inf" | "-infinity" => f64::NEG_INFINITY,
        _ => crate::keyspace::long_double::parse_f64(t)?,
    };
    (!v.is_nan()).then_some(v)
}

/// Decodes a zipmap (Redis 2.x small hashes): `zmlen (len key len free value)* 0xFF`.
fn zipmap(zm: &[u8]) -> Result<RdbFields, &'static str> {
    let short = "zipmap entry overflows";
    let mut p = 1;
    let len_at = |p: &mut usize| -> Result<usize, &'static str> {
        let b = *zm.get(*p).ok_or(short)?;
        if b < 254 {
            *p += 1;
            Ok(b as usize)
        } else if b == 254 {
            let d = zm.get(*p + 1..*p + 5).ok_or(short)?;
            *p += 5;
            Ok(u32::from_le_bytes([d[0], d[1], d[2], d[3]]) as usize)
        } else {
            Err("unexpected zipmap end")
        }
    };
    let mut out = Vec::new();
    loop {
        if *zm.get(p).ok_or(short)? == 0xFF {
            return Ok(out);
        }
        let klen = len_at(&mut p)?;
        let k = zm
            .get(p..p.checked_add(klen).ok_or(short)?)
            .ok_or(short)?
            .to_vec();
        p += klen;
        let vlen = len_at(&mut p)?;
        let free = *zm.get(p).ok_or(short)? as usize;
        p += 1;
        let v = zm
            .get(p..p.checked_add(vlen).ok_or(short)?)
            .ok_or(short)?
            .to_vec();
        p += vlen + free;
        out.push((k, v));
    }
}

/// A bounds-checked cursor over the file.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// The error for running out of input.
    fn eof(&self) -> RdbError {
        RdbError::UnexpectedEof {
            offset: self.buf.len(),
        }
    }

    /// A corruption error about the object at `at` (one out-of-line copy for every site).
    #[inline(never)]
    fn corrupt(&self, at: usize, what: &str) -> RdbError {
        RdbError::Corrupt {
            offset: at,
            what: what.to_owned(),
        }
    }

    /// How many elements to reserve for a count read from the file: never more than the
    /// bytes left, since every element takes at least one.
    fn cap(&self, n: u64) -> usize {
        usize::try_from(n)
            .unwrap_or(usize::MAX)
            .min(self.buf.len() - self.pos)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], RdbError> {
        let end = self.pos.checked_add(n).ok_or_else(|| self.eof())?;
        let s = self.buf.get(self.pos..end).ok_or_else(|| self.eof())?;
        self.pos = end;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, RdbError> {
        Ok(self.take(1)?[0])
    }

    fn u32_le(&mut self) -> Result<u32, RdbError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes(b.try_into().expect("took 4 bytes")))
    }

    fn u64_le(&mut self) -> Result<u64, RdbError> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes(b.try_into().expect("took 8 bytes")))
    }

    /// A length or, when the top two bits are 11, a special string encoding (returned with
    /// `true`).
    fn len_or_enc(&mut self) -> Result<(u64, bool), RdbError> {
        let b = self.u8()?;
        Ok(match b >> 6 {
            0 => (u64::from(b & 0x3f), false),
            1 => (u64::from(b & 0x3f) << 8 | u64::from(self.u8()?), false),
            3 => (u64::from(b & 0x3f), true),
            _ => match b {
                0x80 => {
                    let d = self.take(4)?;
                    (
                        u64::from(u32::from_be_bytes(d.try_into().expect("4 bytes"))),
                        false,
                    )
                }
                0x81 => {
                    let d = self.take(8)?;
                    (u64::from_be_bytes(d.try_into().expect("8 bytes")), false)
                }
                _ => {
                    return Err(
                        self.corrupt(self.pos - 1, &format!("unknown length encoding {b:#x}"))
                    )
                }
            },
        })
    }

    /// A plain length.
    fn len(&mut self) -> Result<u64, RdbError> {
        let at = self.pos;
        match self.len_or_enc()? {
            (n, false) => Ok(n),
            (_, true) => Err(self.corrupt(at, "string encoding where a length was expected")),
        }
    }

    /// A string in any of its encodings (raw, integer, LZF).
    fn string(&mut self) -> Result<Vec<u8>, RdbError> {
        let at = self.pos;
        let (n, encoded) = self.len_or_enc()?;
        if !encoded {
            let n = usize::try_from(n).map_err(|_| self.eof())?;
            return Ok(self.take(n)?.to_vec());
        }
        match n {
            0 => Ok(listpack::itoa_buf(i64::from(self.u8()? as i8))),
            1 => {
                let d = self.take(2)?;
                Ok(listpack::itoa_buf(i64::from(i16::from_le_bytes([
                    d[0], d[1],
                ]))))
            }
            2 => Ok(listpack::itoa_buf(i64::from(self.u32_le()? as i32))),
            3 => {
                let clen = self.len()?;
                let ulen = self.len()?;
                let clen = usize::try_from(clen).map_err(|_| self.eof())?;
                let data = self.take(clen)?;
                let ulen = usize::try_from(ulen)
                    .ok()
                    .filter(|&u| u <= lzf::max_expansion(clen))
                    .ok_or_else(|| self.corrupt(at, "LZF length larger than possible"))?;
                lzf::decompress(data, ulen).map_err(|e| {
                    self.corrupt(
                        at,
                        match e {
                            lzf::LzfError::Truncated => "invalid LZF data (Truncated)",
                            lzf::LzfError::BadReference => "invalid LZF data (BadReference)",
                            lzf::LzfError::WrongLength => "invalid LZF data (WrongLength)",
                        },
                    )
                })
            }
            e => Err(self.corrupt(at, &format!("unknown string encoding {e}"))),
        }
    }

    /// A stream ID as two lengths (ms, seq).
    fn stream_id(&mut self) -> Result<RdbStreamId, RdbError> {
        Ok(RdbStreamId {
            ms: self.len()?,
            seq: self.len()?,
        })
    }

    /// A stream ID as 16 raw big-endian bytes (PEL entries).
    fn raw_id(&mut self) -> Result<RdbStreamId, RdbError> {
        let b = self.take(16)?;
        Ok(id_from_be(b).expect("took 16 bytes"))
    }

    /// A double in the old ZSET text form: a length byte (253 NaN, 254 +inf, 255 -inf) then
    /// that many ASCII bytes.
    fn double_str(&mut self) -> Result<f64, RdbError> {
        let at = self.pos;
        match self.u8()? {
            253 => Ok(f64::NAN),
            254 => Ok(f64::INFINITY),
            255 => Ok(f64::NEG_INFINITY),
            n => {
                let s = self.take(n as usize)?;
                parse_score(s).ok_or_else(|| self.corrupt(at, "invalid double"))
            }
        }
    }

    /// A string holding a listpack, decoded.
    fn listpack(&mut self, at: usize) -> Result<Vec<Vec<u8>>, RdbError> {
        let blob = self.string()?;
        listpack::decode(&blob).map_err(|e| self.corrupt(at, e.0))
    }

    /// A string holding a ziplist, decoded.
    fn ziplist(&mut self, at: usize) -> Result<Vec<Vec<u8>>, RdbError> {
        let blob = self.string()?;
        ziplist::decode(&blob).map_err(|e| self.corrupt(at, e.0))
    }
}
