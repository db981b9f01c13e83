//! Ziplist, the compact sequence of Redis before 7.0 (`ziplist.c`), read from old RDB files
//! (LIST_QUICKLIST nodes, HASH_ZIPLIST, ZSET_ZIPLIST). Decode only: Redis 7.0 writes
//! listpacks instead.
//!
//! Layout: `<zlbytes u32 LE> <zltail u32 LE> <zllen u16 LE> <entry>* 0xFF`; an entry is
//! `<prevlen 1|5 bytes> <encoding> <data>`. Every length is checked against the blob.

use super::listpack::itoa_buf;

/// Size of the header.
const HEADER: usize = 10;

/// Why a ziplist blob is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZiplistError(pub &'static str);

/// Decodes every element of a ziplist, integers rendered in decimal.
pub fn decode(zl: &[u8]) -> Result<Vec<Vec<u8>>, ZiplistError> {
    let short = ZiplistError("ziplist entry overflows");
    if zl.len() < HEADER + 1 {
        return Err(ZiplistError("ziplist shorter than its header"));
    }
    let total = u32::from_le_bytes([zl[0], zl[1], zl[2], zl[3]]) as usize;
    if total != zl.len() {
        return Err(ZiplistError(
            "ziplist zlbytes header does not match its size",
        ));
    }
    let declared = u16::from_le_bytes([zl[8], zl[9]]);
    let mut out = Vec::new();
    let mut p = HEADER;
    let mut prev_size = 0usize;
    loop {
        let b = *zl
            .get(p)
            .ok_or(ZiplistError("ziplist without terminator"))?;
        if b == 0xFF {
            break;
        }
        let start = p;
        // prevlen: one byte below 254, else 0xFE and a 4-byte length.
        let prevlen = if b < 254 {
            p += 1;
            b as usize
        } else if b == 254 {
            let d = zl.get(p + 1..p + 5).ok_or(short)?;
            p += 5;
            u32::from_le_bytes([d[0], d[1], d[2], d[3]]) as usize
        } else {
            return Err(ZiplistError("invalid ziplist prevlen"));
        };
        if prevlen != prev_size {
            return Err(ZiplistError("ziplist prevlen mismatch"));
        }
        let enc = *zl.get(p).ok_or(short)?;
        let int = |p: usize, n: usize| -> Result<i64, ZiplistError> {
            let d = zl.get(p..p + n).ok_or(short)?;
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(d);
            let shift = 64 - 8 * n as u32;
            Ok((i64::from_le_bytes(buf) << shift) >> shift)
        };
        let (value, next) = match enc >> 6 {
            0 => {
                let len = (enc & 0x3f) as usize;
                (
                    zl.get(p + 1..p + 1 + len).ok_or(short)?.to_vec(),
                    p + 1 + len,
                )
            }
            1 => {
                let b1 = *zl.get(p + 1).ok_or(short)? as usize;
                let len = (((enc & 0x3f) as usize) << 8) | b1;
                (
                    zl.get(p + 2..p + 2 + len).ok_or(short)?.to_vec(),
                    p + 2 + len,
                )
            }
            2 => {
                if enc != 0x80 {
                    return Err(ZiplistError("invalid ziplist string encoding"));
                }
                let d = zl.get(p + 1..p + 5).ok_or(short)?;
                let len = u32::from_be_bytes([d[0], d[1], d[2], d[3]]) as usize;
                let end = (p + 5).checked_add(len).ok_or(short)?;
                (zl.get(p + 5..end).ok_or(short)?.to_vec(), end)
            }
            _ => match enc {
                0xC0 => (itoa_buf(int(p + 1, 2)?), p + 3),
                0xD0 => (itoa_buf(int(p + 1, 4)?), p + 5),
                0xE0 => (itoa_buf(int(p + 1, 8)?), p + 9),
                0xF0 => (itoa_buf(int(p + 1, 3)?), p + 4),
                0xFE => (itoa_buf(int(p + 1, 1)?), p + 2),
                0xF1..=0xFD => (itoa_buf((enc & 0x0f) as i64 - 1), p + 1),
                _ => return Err(ZiplistError("invalid ziplist integer encoding")),
            },
        };
        out.push(value);
        prev_size = next - start;
        p = next;
    }
    if p + 1 != zl.len() {
        return Err(ZiplistError("ziplist data after terminator"));
    }
    if declared != u16::MAX && declared as usize != out.len() {
        return Err(ZiplistError("ziplist element count mismatch"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ziplist built by hand: "a", 5 (immediate), 300 (int16), "-2" (int8).
    fn sample() -> Vec<u8> {
        let mut body = vec![0x00, 0x01, b'a']; // prevlen 0, 6-bit str len 1
        body.extend_from_slice(&[0x03, 0xF6]); // prevlen 3, immediate 5
        body.extend_from_slice(&[0x02, 0xC0, 0x2C, 0x01]); // prevlen 2, int16 300
        body.extend_from_slice(&[0x04, 0xFE, 0xFE]); // prevlen 4, int8 -2
        let total = HEADER + body.len() + 1;
        let mut zl = (total as u32).to_le_bytes().to_vec();
        zl.extend_from_slice(&0u32.to_le_bytes());
        zl.extend_from_slice(&4u16.to_le_bytes());
        zl.extend_from_slice(&body);
        zl.push(0xFF);
        zl
    }

    #[test]
    fn decodes_each_encoding() {
        let got = decode(&sample()).unwrap();
        assert_eq!(
            got,
            vec![
                b"a".to_vec(),
                b"5".to_vec(),
                b"300".to_vec(),
                b"-2".to_vec()
            ]
        );
    }

    #[test]
    fn truncation_is_an_error() {
        let zl = sample();
        for cut in 0..zl.len() {
            assert!(decode(&zl[..cut]).is_err());
        }
    }
}
