//! LZF, the compression Redis applies to RDB strings longer than 20 bytes (`lzf_c.c`,
//! `lzf_d.c`). Decompression is exact and bounds-checked (corrupt input is an error, never a
//! panic); compression produces valid LZF, not necessarily byte-identical to liblzf's.

/// Longest back reference offset LZF can express (13 bits, plus one).
const MAX_OFF: usize = 1 << 13;
/// Longest match: 7 + 255 in the length fields, plus the implicit 2.
const MAX_REF: usize = 264;
/// Longest literal run one control byte covers.
const MAX_LIT: usize = 32;
/// Slots in the compressor's hash table of 3-byte prefixes.
const HASH_SLOTS: usize = 1 << 14;

/// Why LZF data could not be decompressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LzfError {
    /// The compressed data ends inside an instruction.
    Truncated,
    /// A back reference points before the start of the output.
    BadReference,
    /// The output would be longer or shorter than the length the file declares.
    WrongLength,
}

/// Decompresses `input`, which must expand to exactly `expected_len` bytes.
///
/// The output never grows past `expected_len`, so a lying length cannot make this allocate
/// more than the caller already bounded (callers check `expected_len` against `input.len()`
/// times LZF's maximum expansion before calling).
pub fn decompress(input: &[u8], expected_len: usize) -> Result<Vec<u8>, LzfError> {
    let mut out: Vec<u8> = Vec::with_capacity(expected_len);
    let mut ip = 0;
    while ip < input.len() {
        let ctrl = input[ip] as usize;
        ip += 1;
        if ctrl < 32 {
            // Literal run of ctrl + 1 bytes.
            let n = ctrl + 1;
            let lit = input.get(ip..ip + n).ok_or(LzfError::Truncated)?;
            if out.len() + n > expected_len {
                return Err(LzfError::WrongLength);
            }
            out.extend_from_slice(lit);
            ip += n;
        } else {
            let mut len = ctrl >> 5;
            if len == 7 {
                len += *input.get(ip).ok_or(LzfError::Truncated)? as usize;
                ip += 1;
            }
            let low = *input.get(ip).ok_or(LzfError::Truncated)? as usize;
            ip += 1;
            let back = ((ctrl & 0x1f) << 8) + low + 1;
            if back > out.len() {
                return Err(LzfError::BadReference);
            }
            let n = len + 2;
            if out.len() + n > expected_len {
                return Err(LzfError::WrongLength);
            }
            // Byte by byte: the source may overlap what is being written (run-length style).
            let start = out.len() - back;
            for i in 0..n {
                let b = out[start + i];
                out.push(b);
            }
        }
    }
    if out.len() != expected_len {
        return Err(LzfError::WrongLength);
    }
    Ok(out)
}

/// Largest output a valid LZF stream of `compressed_len` bytes can produce: a 3-byte back
/// reference yields at most 264 bytes. Used to refuse absurd declared lengths before
/// allocating.
pub fn max_expansion(compressed_len: usize) -> usize {
    compressed_len.saturating_mul(MAX_REF.div_ceil(3) + 1)
}

/// Compresses `input`; returns `None` unless the result is shorter than `limit` bytes (Redis
/// stores the string uncompressed when LZF does not save at least 4 bytes).
pub fn compress(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    let n = input.len();
    let mut out = Vec::with_capacity(limit.min(n + n / 32 + 1));
    let mut table = vec![usize::MAX; HASH_SLOTS];
    let mut lit_start = 0;
    let mut i = 0;
    while i + 2 < n {
        let h = hash3(&input[i..i + 3]);
        let cand = table[h];
        table[h] = i;
        if cand != usize::MAX && i - cand <= MAX_OFF && input[cand..cand + 3] == input[i..i + 3] {
            let max_len = MAX_REF.min(n - i);
            let mut len = 3;
            while len < max_len && input[cand + len] == input[i + len] {
                len += 1;
            }
            flush_literals(&mut out, &input[lit_start..i]);
            let off = i - cand - 1;
            let l = len - 2;
            if l < 7 {
                out.push(((l << 5) | (off >> 8)) as u8);
            } else {
                out.push(((7 << 5) | (off >> 8)) as u8);
                out.push((l - 7) as u8);
            }
            out.push((off & 0xff) as u8);
            i += len;
            lit_start = i;
            if out.len() >= limit {
                return None;
            }
        } else {
            i += 1;
        }
    }
    flush_literals(&mut out, &input[lit_start..]);
    (out.len() < limit).then_some(out)
}

/// Writes `lit` as literal runs of at most 32 bytes each.
fn flush_literals(out: &mut Vec<u8>, lit: &[u8]) {
    for chunk in lit.chunks(MAX_LIT) {
        out.push((chunk.len() - 1) as u8);
        out.extend_from_slice(chunk);
    }
}

/// Hash of a 3-byte prefix into the table.
fn hash3(p: &[u8]) -> usize {
    let v = ((p[0] as u32) << 16) | ((p[1] as u32) << 8) | p[2] as u32;
    (v.wrapping_mul(2_654_435_761) >> (32 - 14)) as usize & (HASH_SLOTS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_repetitive_and_random() {
        let rep: Vec<u8> = b"abcabcabcabcabcabcabcabcabcabcabcabc".repeat(40);
        let c = compress(&rep, rep.len()).expect("repetitive data compresses");
        assert!(c.len() < rep.len() / 4);
        assert_eq!(decompress(&c, rep.len()).unwrap(), rep);

        let mut x: u32 = 12345;
        let rnd: Vec<u8> = (0..500)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        assert_eq!(compress(&rnd, rnd.len() - 4), None);
        let c = compress(&rnd, usize::MAX).expect("no limit");
        assert_eq!(decompress(&c, rnd.len()).unwrap(), rnd);
    }

    #[test]
    fn corrupt_input_is_an_error() {
        assert_eq!(decompress(&[5, b'a'], 6), Err(LzfError::Truncated));
        assert_eq!(decompress(&[0x20, 0x05], 3), Err(LzfError::BadReference));
        assert_eq!(decompress(&[0, b'a'], 2), Err(LzfError::WrongLength));
        assert_eq!(decompress(&[0, b'a', 0xe0], 300), Err(LzfError::Truncated));
    }
}
