//! LZF, the compression Redis applies to RDB strings longer than 20 bytes (`lzf_c.c`,
//! `lzf_d.c`). Decompression is exact and bounds-checked (corrupt input is an error, never a
//! panic); compression produces valid LZF, not necessarily byte-identical to liblzf's.

/// Longest back reference offset LZF can express (13 bits, plus one).
const MAX_OFF: usize = 1 << 13;
/// Longest match: 7 + 255 in the length fields, plus the implicit 2.
const MAX_REF: usize = 264;
/// Longest literal run one control byte covers.
const MAX_LIT: usize = 32;
/// log2 of the compressor's hash table size (Redis's `HLOG`).
const HLOG: u32 = 16;
/// Slots in the compressor's hash table of 3-byte prefixes.
const HASH_SLOTS: usize = 1 << HLOG;

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
    // Reserve for a typical ratio only: a lying length must not reserve 88 times the input.
    let mut out: Vec<u8> = Vec::with_capacity(expected_len.min(input.len().saturating_mul(4)));
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

/// Compresses `input` exactly as Redis's liblzf 3.6 does (`lzf_compress` with Redis's
/// settings: `HLOG 16`, `VERY_FAST`, offsets in the hash table), so files match Redis's byte
/// for byte. Returns `None` when the result would not fit in `out_len` bytes (Redis then
/// stores the string uncompressed), like `lzf_compress` returning 0.
///
/// liblzf leaves its hash table uninitialised; a zeroed one behaves the same except that
/// stale slots from an earlier call can, rarely, give Redis a different (equally valid)
/// encoding.
pub fn compress(input: &[u8], out_len: usize) -> Option<Vec<u8>> {
    Compressor::new().compress(input, out_len)
}

/// liblzf's hash table, reusable across calls: a writer compressing a million strings must
/// not clear 512 KB for each. Slots carry the generation (call number) that wrote them, so a
/// new call sees an empty table in O(1).
#[derive(Debug, Clone)]
pub struct Compressor {
    /// `generation << 32 | position` per slot.
    slots: Vec<u64>,
    generation: u32,
}

impl Default for Compressor {
    fn default() -> Self {
        Self::new()
    }
}

impl Compressor {
    /// A compressor with an empty table.
    pub fn new() -> Self {
        Compressor {
            slots: Vec::new(),
            generation: 0,
        }
    }

    /// [`compress`], reusing this table.
    pub fn compress(&mut self, input: &[u8], out_len: usize) -> Option<Vec<u8>> {
        if self.slots.is_empty() {
            self.slots = vec![0; HASH_SLOTS];
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Wrapped: stale stamps could now look current.
            self.slots.fill(0);
            self.generation = 1;
        }
        let generation = u64::from(self.generation);
        let slots = &mut self.slots;
        let mut htab = Table { slots, generation };
        compress_with(&mut htab, input, out_len)
    }
}

/// One call's view of the table: slots from other calls read as empty (position 0, which
/// never matches).
struct Table<'a> {
    slots: &'a mut [u64],
    generation: u64,
}

impl Table<'_> {
    fn get(&self, i: usize) -> usize {
        let e = self.slots[i];
        if e >> 32 == self.generation {
            (e & 0xffff_ffff) as usize
        } else {
            0
        }
    }

    fn set(&mut self, i: usize, pos: usize) {
        self.slots[i] = self.generation << 32 | pos as u64;
    }
}

fn compress_with(htab: &mut Table<'_>, input: &[u8], out_len: usize) -> Option<Vec<u8>> {
    let in_len = input.len();
    // Positions are 32-bit in the table, as liblzf's offsets are.
    if in_len == 0 || out_len == 0 || in_len > u32::MAX as usize {
        return None;
    }
    let mut out = vec![0u8; out_len];
    let frst = |p: usize| (u32::from(input[p]) << 8) | u32::from(input[p + 1]);
    let next = |v: u32, p: usize| (v << 8) | u32::from(input[p + 2]);
    let idx =
        |h: u32| ((h >> (24 - HLOG)).wrapping_sub(h.wrapping_mul(5)) as usize) & (HASH_SLOTS - 1);
    let (mut ip, mut op, mut lit) = (0usize, 1usize, 0usize); // op 1: room for the run header
    if in_len >= 3 {
        let mut hval = frst(0);
        while ip + 2 < in_len {
            hval = next(hval, ip);
            let slot = idx(hval);
            let r = htab.get(slot);
            htab.set(slot, ip);
            let is_match = r > 0
                && r < ip
                && ip - r - 1 < MAX_OFF
                && input[r + 2] == input[ip + 2]
                && input[r] == input[ip]
                && input[r + 1] == input[ip + 1];
            if is_match {
                let off = ip - r - 1;
                let mut len = 2;
                let maxlen = (in_len - ip - len).min(MAX_REF);
                if op + 4 >= out_len && op - usize::from(lit == 0) + 4 >= out_len {
                    return None;
                }
                out[op - lit - 1] = (lit as u8).wrapping_sub(1); // close the literal run
                op -= usize::from(lit == 0); // or drop its header if empty
                                             // liblzf's unrolled first 16 steps may run up to 2 past `maxlen`.
                'extend: {
                    if maxlen > 16 {
                        for _ in 0..16 {
                            len += 1;
                            if input[r + len] != input[ip + len] {
                                break 'extend;
                            }
                        }
                    }
                    loop {
                        len += 1;
                        if !(len < maxlen && input[r + len] == input[ip + len]) {
                            break;
                        }
                    }
                }
                len -= 2; // the encoded length: octets matched - 2
                ip += 1;
                if len < 7 {
                    out[op] = ((off >> 8) + (len << 5)) as u8;
                    op += 1;
                } else {
                    out[op] = ((off >> 8) + (7 << 5)) as u8;
                    out[op + 1] = (len - 7) as u8;
                    op += 2;
                }
                out[op] = off as u8;
                op += 2; // the back reference's last byte, then a new run header
                lit = 0;
                ip += len + 1;
                if ip + 2 >= in_len {
                    break;
                }
                // VERY_FAST: re-hash the last two positions of the match.
                ip -= 2;
                hval = frst(ip);
                hval = next(hval, ip);
                htab.set(idx(hval), ip);
                ip += 1;
                hval = next(hval, ip);
                htab.set(idx(hval), ip);
                ip += 1;
            } else {
                if op >= out_len {
                    return None;
                }
                lit += 1;
                out[op] = input[ip];
                op += 1;
                ip += 1;
                if lit == MAX_LIT {
                    out[op - lit - 1] = (lit - 1) as u8;
                    lit = 0;
                    op += 1;
                }
            }
        }
    }
    // At most two input bytes remain here (or the whole input when it is under 3 bytes).
    if op + 3 > out_len {
        return None;
    }
    while ip < in_len {
        if op >= out_len {
            return None;
        }
        lit += 1;
        out[op] = input[ip];
        op += 1;
        ip += 1;
        if lit == MAX_LIT {
            out[op - lit - 1] = (lit - 1) as u8;
            lit = 0;
            op += 1;
        }
    }
    out[op - lit - 1] = (lit as u8).wrapping_sub(1);
    op -= usize::from(lit == 0);
    out.truncate(op);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_repetitive_and_random() {
        let rep: Vec<u8> = b"abcabcabcabcabcabcabcabcabcabcabcabc".repeat(40);
        let c = compress(&rep, rep.len()).expect("repetitive data compresses");
        // What Redis writes for 84 'a's (from a dump of redis-server 7.0.15).
        let a84 = vec![b'a'; 84];
        assert_eq!(
            compress(&a84, 80).unwrap(),
            [0x01, 0x61, 0x61, 0xe0, 0x47, 0x00, 0x01, 0x61, 0x61]
        );
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
        let c = compress(&rnd, rnd.len() * 2).expect("room for the literal headers");
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
