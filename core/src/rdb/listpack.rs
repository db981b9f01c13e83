//! Listpack, the compact serialized sequence Redis 7.0 uses for small hashes and sorted sets,
//! quicklist nodes and stream nodes (`listpack.c`). Elements are strings or integers; as in
//! Redis, a string that is the canonical decimal form of an `i64` is stored as an integer.
//!
//! Layout: `<total-bytes u32 LE> <count u16 LE> <entry>* 0xFF`; an entry is
//! `<encoding+data> <backlen>` where backlen (1..5 bytes) is the size of encoding+data so the
//! list can be walked backwards. Decoding checks every length against the blob and never
//! panics.

/// The listpack terminator byte.
const EOF: u8 = 0xFF;
/// Size of the header (total bytes + element count).
const HEADER: usize = 6;

/// Why a listpack blob is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListpackError(pub &'static str);

/// Parses `s` as Redis's `string2ll` would: the canonical decimal form of an `i64` (no sign
/// `+`, no leading zeros, no `-0`, no spaces).
pub fn canonical_i64(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let v: i64 = std::str::from_utf8(s).ok()?.parse().ok()?;
    (itoa_buf(v) == s).then_some(v)
}

/// Decimal text of `v`.
pub fn itoa_buf(v: i64) -> Vec<u8> {
    v.to_string().into_bytes()
}

/// Decodes every element of a listpack, integers rendered in decimal.
pub fn decode(lp: &[u8]) -> Result<Vec<Vec<u8>>, ListpackError> {
    if lp.len() < HEADER + 1 {
        return Err(ListpackError("listpack shorter than its header"));
    }
    let total = u32::from_le_bytes([lp[0], lp[1], lp[2], lp[3]]) as usize;
    if total != lp.len() {
        return Err(ListpackError(
            "listpack total-bytes header does not match its size",
        ));
    }
    let declared = u16::from_le_bytes([lp[4], lp[5]]);
    let mut out = Vec::new();
    let mut p = HEADER;
    loop {
        let Some(&b) = lp.get(p) else {
            return Err(ListpackError("listpack without terminator"));
        };
        if b == EOF {
            break;
        }
        let (value, size) = decode_entry(&lp[p..])?;
        let backlen = backlen_size(size);
        let bl = lp
            .get(p + size..p + size + backlen)
            .ok_or(ListpackError("listpack entry overflows"))?;
        if decode_backlen(bl) != Some(size) {
            return Err(ListpackError("listpack entry back-length mismatch"));
        }
        out.push(value);
        p += size + backlen;
    }
    if p + 1 != lp.len() {
        return Err(ListpackError("listpack data after terminator"));
    }
    if declared != u16::MAX && declared as usize != out.len() {
        return Err(ListpackError("listpack element count mismatch"));
    }
    Ok(out)
}

/// Decodes the entry at the start of `e`: its value and the size of encoding+data.
fn decode_entry(e: &[u8]) -> Result<(Vec<u8>, usize), ListpackError> {
    let short = ListpackError("listpack entry overflows");
    let b0 = e[0];
    let int = |n: usize| -> Result<i64, ListpackError> {
        let d = e.get(1..1 + n).ok_or(short)?;
        let mut buf = [0u8; 8];
        buf[..n].copy_from_slice(d);
        // Sign-extend from n bytes.
        let shift = 64 - 8 * n as u32;
        Ok((i64::from_le_bytes(buf) << shift) >> shift)
    };
    let string = |hdr: usize, len: usize| -> Result<(Vec<u8>, usize), ListpackError> {
        let d = e
            .get(hdr..hdr.checked_add(len).ok_or(short)?)
            .ok_or(short)?;
        Ok((d.to_vec(), hdr + len))
    };
    if b0 & 0x80 == 0 {
        return Ok((itoa_buf((b0 & 0x7f) as i64), 1));
    }
    if b0 & 0xC0 == 0x80 {
        return string(1, (b0 & 0x3f) as usize);
    }
    if b0 & 0xE0 == 0xC0 {
        let b1 = *e.get(1).ok_or(short)?;
        let uv = (((b0 & 0x1f) as i64) << 8) | b1 as i64;
        let v = if uv >= 1 << 12 { uv - (1 << 13) } else { uv };
        return Ok((itoa_buf(v), 2));
    }
    if b0 & 0xF0 == 0xE0 {
        let b1 = *e.get(1).ok_or(short)?;
        return string(2, (((b0 & 0x0f) as usize) << 8) | b1 as usize);
    }
    match b0 {
        0xF0 => {
            let d = e.get(1..5).ok_or(short)?;
            let len = u32::from_le_bytes([d[0], d[1], d[2], d[3]]) as usize;
            string(5, len)
        }
        0xF1 => Ok((itoa_buf(int(2)?), 3)),
        0xF2 => Ok((itoa_buf(int(3)?), 4)),
        0xF3 => Ok((itoa_buf(int(4)?), 5)),
        0xF4 => Ok((itoa_buf(int(8)?), 9)),
        _ => Err(ListpackError("invalid listpack entry encoding")),
    }
}

/// Bytes needed for the back-length of an entry of `size` bytes.
fn backlen_size(size: usize) -> usize {
    match size {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        2_097_152..=268_435_455 => 4,
        _ => 5,
    }
}

/// Reads a forward-laid back-length: the first byte holds the high bits, every following byte
/// has bit 7 set.
fn decode_backlen(b: &[u8]) -> Option<usize> {
    let mut v = 0usize;
    for (i, &x) in b.iter().enumerate() {
        if (i > 0) != (x & 0x80 != 0) {
            return None;
        }
        v = (v << 7) | (x & 0x7f) as usize;
    }
    Some(v)
}

/// Builds a listpack element by element.
#[derive(Debug, Clone)]
pub struct ListpackWriter {
    buf: Vec<u8>,
    count: usize,
}

impl Default for ListpackWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ListpackWriter {
    /// An empty listpack.
    pub fn new() -> Self {
        ListpackWriter {
            buf: vec![0; HEADER],
            count: 0,
        }
    }

    /// Appends a string element, stored as an integer when it is one (as `lpAppend` does).
    pub fn push(&mut self, s: &[u8]) {
        match canonical_i64(s) {
            Some(v) => self.push_int(v),
            None => {
                let start = self.buf.len();
                let len = s.len();
                if len < 64 {
                    self.buf.push(0x80 | len as u8);
                } else if len < 4096 {
                    self.buf.push(0xE0 | (len >> 8) as u8);
                    self.buf.push((len & 0xff) as u8);
                } else {
                    self.buf.push(0xF0);
                    self.buf.extend_from_slice(&(len as u32).to_le_bytes());
                }
                self.buf.extend_from_slice(s);
                self.finish_entry(start);
            }
        }
    }

    /// Appends an integer element in the smallest encoding.
    pub fn push_int(&mut self, v: i64) {
        let start = self.buf.len();
        if (0..=127).contains(&v) {
            self.buf.push(v as u8);
        } else if (-4096..=4095).contains(&v) {
            let u = if v < 0 { (1 << 13) + v } else { v } as u16;
            self.buf.push(0xC0 | (u >> 8) as u8);
            self.buf.push((u & 0xff) as u8);
        } else if (i16::MIN as i64..=i16::MAX as i64).contains(&v) {
            self.buf.push(0xF1);
            self.buf.extend_from_slice(&(v as i16).to_le_bytes());
        } else if (-(1 << 23)..(1 << 23)).contains(&v) {
            self.buf.push(0xF2);
            self.buf.extend_from_slice(&(v as i32).to_le_bytes()[..3]);
        } else if (i32::MIN as i64..=i32::MAX as i64).contains(&v) {
            self.buf.push(0xF3);
            self.buf.extend_from_slice(&(v as i32).to_le_bytes());
        } else {
            self.buf.push(0xF4);
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        self.finish_entry(start);
    }

    /// Writes the back-length of the entry that began at `start`.
    fn finish_entry(&mut self, start: usize) {
        let size = self.buf.len() - start;
        let n = backlen_size(size);
        for i in (0..n).rev() {
            let part = ((size >> (7 * i)) & 0x7f) as u8;
            self.buf.push(if i == n - 1 { part } else { part | 0x80 });
        }
        self.count += 1;
    }

    /// Number of elements so far.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no element was pushed.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Size in bytes the finished listpack will have.
    pub fn bytes(&self) -> usize {
        self.buf.len() + 1
    }

    /// The finished listpack.
    pub fn finish(mut self) -> Vec<u8> {
        self.buf.push(EOF);
        let total = self.buf.len() as u32;
        self.buf[0..4].copy_from_slice(&total.to_le_bytes());
        let count = u16::try_from(self.count).unwrap_or(u16::MAX);
        self.buf[4..6].copy_from_slice(&count.to_le_bytes());
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_encoding() {
        let long = vec![b'x'; 5000];
        let mid = vec![b'y'; 300];
        let items: Vec<Vec<u8>> = vec![
            b"0".to_vec(),
            b"127".to_vec(),
            b"128".to_vec(),
            b"-1".to_vec(),
            b"-4096".to_vec(),
            b"4095".to_vec(),
            b"-32768".to_vec(),
            b"32767".to_vec(),
            b"8388607".to_vec(),
            b"-8388608".to_vec(),
            b"2147483647".to_vec(),
            b"-2147483648".to_vec(),
            b"9223372036854775807".to_vec(),
            b"-9223372036854775808".to_vec(),
            b"007".to_vec(),
            b"-0".to_vec(),
            b"+1".to_vec(),
            b"".to_vec(),
            b"hello".to_vec(),
            mid,
            long,
        ];
        let mut w = ListpackWriter::new();
        for i in &items {
            w.push(i);
        }
        let lp = w.finish();
        assert_eq!(decode(&lp).unwrap(), items);
    }

    #[test]
    fn corruption_is_reported() {
        let mut w = ListpackWriter::new();
        w.push(b"hello");
        let lp = w.finish();
        for cut in 0..lp.len() {
            assert!(decode(&lp[..cut]).is_err());
        }
        for i in 0..lp.len() {
            for bit in 0..8 {
                let mut c = lp.clone();
                c[i] ^= 1 << bit;
                let _ = decode(&c);
            }
        }
    }
}
