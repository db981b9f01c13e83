//! HyperLogLog: a port of Redis 7.0's `hyperloglog.c` over the string bytes it stores.
//!
//! An HLL is a string value: a 16-byte header (`HYLL`, the encoding byte 0 = dense /
//! 1 = sparse, 3 unused bytes, the cached cardinality as 8 little-endian bytes whose top bit
//! marks it stale) followed by 16384 six-bit registers, densely packed (12288 bytes) or
//! run-length coded (sparse: ZERO `00xxxxxx`, XZERO `01xxxxxx yyyyyyyy`, VAL `1vvvvvxx`).
//! The sparse form is not canonical — it depends on the order registers were set — so the
//! in-place update (`hllSparseSet`, with its local merge pass) is ported step by step: GET of
//! an HLL key must return Redis's bytes. Elements are hashed with MurmurHash64A (seed
//! 0xadc83b19); cardinality uses Ertl's estimator as Redis 7.0 does. No RESP here.

/// Header length.
pub const HDR_SIZE: usize = 16;
/// Number of registers.
pub const REGISTERS: usize = 16384;
const P: u32 = 14;
const Q: u32 = 50;
const P_MASK: u64 = (REGISTERS as u64) - 1;
const REGISTER_MAX: u8 = 63;
/// Length of a dense HLL string.
pub const DENSE_SIZE: usize = HDR_SIZE + (REGISTERS * 6).div_ceil(8);
const DENSE: u8 = 0;
const SPARSE: u8 = 1;
const VAL_MAX_VALUE: u8 = 32;
const VAL_MAX_LEN: usize = 4;
const ZERO_MAX_LEN: usize = 64;
const XZERO_MAX_LEN: usize = 16384;
const ALPHA_INF: f64 = 0.721_347_520_444_481_7;

/// A corrupted HLL (bad sparse run lengths): Redis's `invalid_hll_err`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corrupt;

/// A new, empty HLL (sparse: one XZERO opcode covering every register; cache 0, valid).
pub fn new_hll() -> Vec<u8> {
    let mut v = vec![0u8; HDR_SIZE];
    v[..4].copy_from_slice(b"HYLL");
    v[4] = SPARSE;
    let mut aux = REGISTERS;
    while aux > 0 {
        let x = aux.min(XZERO_MAX_LEN);
        push_xzero(&mut v, x);
        aux -= x;
    }
    v
}

/// Whether `s` passes Redis's `isHLLObjectOrReply` checks.
pub fn is_valid(s: &[u8]) -> bool {
    s.len() >= HDR_SIZE
        && &s[..4] == b"HYLL"
        && s[4] <= SPARSE
        && !(s[4] == DENSE && s.len() != DENSE_SIZE)
}

/// Whether the HLL is dense.
pub fn is_dense(s: &[u8]) -> bool {
    s[4] == DENSE
}

/// Marks the cached cardinality stale (`HLL_INVALIDATE_CACHE`).
pub fn invalidate_cache(s: &mut [u8]) {
    s[15] |= 1 << 7;
}

/// The cached cardinality, if valid.
pub fn cached(s: &[u8]) -> Option<u64> {
    if s[15] & (1 << 7) != 0 {
        return None;
    }
    let mut b = [0u8; 8];
    b.copy_from_slice(&s[8..16]);
    Some(u64::from_le_bytes(b))
}

/// Stores `card` as the cached cardinality.
pub fn set_cache(s: &mut [u8], card: u64) {
    s[8..16].copy_from_slice(&card.to_le_bytes());
}

/// Redis's `MurmurHash64A`.
pub fn murmur64a(key: &[u8], seed: u32) -> u64 {
    const M: u64 = 0xc6a4a7935bd1e995;
    const R: u32 = 47;
    let mut h: u64 = u64::from(seed) ^ (key.len() as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        let mut k = u64::from_le_bytes(b);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate().rev() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// `hllPatLen`: the register index of an element and its run length of zeros plus one.
pub fn pat_len(ele: &[u8]) -> (usize, u8) {
    let mut hash = murmur64a(ele, 0xadc83b19);
    let index = (hash & P_MASK) as usize;
    hash >>= P;
    hash |= 1u64 << Q;
    let count = hash.trailing_zeros() + 1;
    (index, count as u8)
}

fn dense_get(regs: &[u8], i: usize) -> u8 {
    let byte = i * 6 / 8;
    let fb = (i * 6) & 7;
    let b0 = u16::from(regs[byte]);
    let b1 = u16::from(regs.get(byte + 1).copied().unwrap_or(0));
    (((b0 >> fb) | (b1 << (8 - fb))) & u16::from(REGISTER_MAX)) as u8
}

fn dense_set(regs: &mut [u8], i: usize, val: u8) {
    let byte = i * 6 / 8;
    let fb = (i * 6) & 7;
    let v = u16::from(val);
    let max = u16::from(REGISTER_MAX);
    regs[byte] &= !((max << fb) as u8);
    regs[byte] |= (v << fb) as u8;
    if let Some(b) = regs.get_mut(byte + 1) {
        *b &= !((max >> (8 - fb)) as u8);
        *b |= (v >> (8 - fb)) as u8;
    }
}

fn is_zero_op(b: u8) -> bool {
    b & 0xc0 == 0
}

fn is_xzero_op(b: u8) -> bool {
    b & 0xc0 == 0x40
}

fn zero_len(b: u8) -> usize {
    usize::from(b & 0x3f) + 1
}

fn xzero_len(b0: u8, b1: u8) -> usize {
    ((usize::from(b0 & 0x3f) << 8) | usize::from(b1)) + 1
}

fn val_value(b: u8) -> u8 {
    ((b >> 2) & 0x1f) + 1
}

fn val_len(b: u8) -> usize {
    usize::from(b & 0x3) + 1
}

fn val_op(value: u8, len: usize) -> u8 {
    0x80 | ((value - 1) << 2) | (len - 1) as u8
}

fn push_xzero(v: &mut Vec<u8>, len: usize) {
    let l = len - 1;
    v.push((l >> 8) as u8 | 0x40);
    v.push((l & 0xff) as u8);
}

fn push_zero_run(v: &mut Vec<u8>, len: usize) {
    if len > ZERO_MAX_LEN {
        push_xzero(v, len);
    } else {
        v.push((len - 1) as u8);
    }
}

/// Calls `f(first_register, run_length, value)` for every run of a sparse body (value 0 for
/// ZERO / XZERO) that lies within the registers; `Err` when the runs do not cover exactly all
/// registers. A run past the last register is corrupt whichever walk meets it (Redis 7.0.15
/// has the CVE-2025-32023 checks; since the index only grows, "overflowed at some point" and
/// "did not end exactly at 16384" are the same condition).
fn sparse_runs(body: &[u8], mut f: impl FnMut(usize, usize, u8)) -> Result<(), Corrupt> {
    let mut idx = 0usize;
    let mut p = 0usize;
    while p < body.len() {
        let b = body[p];
        let (n, v, oplen) = if is_zero_op(b) {
            (zero_len(b), 0, 1)
        } else if is_xzero_op(b) {
            (xzero_len(b, body.get(p + 1).copied().unwrap_or(0)), 0, 2)
        } else {
            (val_len(b), val_value(b), 1)
        };
        if idx + n > REGISTERS {
            return Err(Corrupt);
        }
        f(idx, n, v);
        idx += n;
        p += oplen;
    }
    if idx == REGISTERS {
        Ok(())
    } else {
        Err(Corrupt)
    }
}

/// `hllSparseToDense`: converts in place (the header, cache included, is kept).
pub fn sparse_to_dense(s: &mut Vec<u8>) -> Result<(), Corrupt> {
    if s[4] == DENSE {
        return Ok(());
    }
    let mut dense = vec![0u8; DENSE_SIZE];
    dense[..HDR_SIZE].copy_from_slice(&s[..HDR_SIZE]);
    dense[4] = DENSE;
    sparse_runs(&s[HDR_SIZE..], |first, n, v| {
        if v != 0 {
            for i in first..first + n {
                dense_set(&mut dense[HDR_SIZE..], i, v);
            }
        }
    })?;
    *s = dense;
    Ok(())
}

fn dense_set_max(regs: &mut [u8], index: usize, count: u8) -> bool {
    if count > dense_get(regs, index) {
        dense_set(regs, index, count);
        true
    } else {
        false
    }
}

/// `hllSparseSet`: raises register `index` to `count` in a sparse HLL, promoting it to dense
/// when the value does not fit a VAL opcode or the string would exceed `max_bytes`.
/// Returns whether a register changed.
pub fn sparse_set(
    s: &mut Vec<u8>,
    index: usize,
    count: u8,
    max_bytes: usize,
) -> Result<bool, Corrupt> {
    if count > VAL_MAX_VALUE {
        return promote(s, index, count);
    }
    // Step 1: the opcode covering `index`.
    let mut p = HDR_SIZE;
    let end = s.len();
    let mut first = 0usize;
    let mut prev: Option<usize> = None;
    let mut span = 0usize;
    while p < end {
        let b = s[p];
        let mut oplen = 1;
        if is_zero_op(b) {
            span = zero_len(b);
        } else if b & 0x80 != 0 {
            span = val_len(b);
        } else {
            span = xzero_len(b, s.get(p + 1).copied().unwrap_or(0));
            oplen = 2;
        }
        if index < first + span {
            break;
        }
        prev = Some(p);
        p += oplen;
        first += span;
    }
    if span == 0 || p >= end {
        return Err(Corrupt);
    }
    let b = s[p];
    let (is_zero, is_xzero, is_val) = (is_zero_op(b), is_xzero_op(b), b & 0x80 != 0);
    let runlen = span;
    let mut done = false;
    if is_val {
        let old = val_value(b);
        if old >= count {
            return Ok(false);
        }
        if runlen == 1 {
            s[p] = val_op(count, 1);
            done = true;
        }
    }
    if !done && is_zero && runlen == 1 {
        s[p] = val_op(count, 1);
        done = true;
    }
    if !done {
        // General case: split the opcode into up to three.
        let last = first + span - 1;
        let mut seq = Vec::with_capacity(5);
        if is_zero || is_xzero {
            if index != first {
                push_zero_run(&mut seq, index - first);
            }
            seq.push(val_op(count, 1));
            if index != last {
                push_zero_run(&mut seq, last - index);
            }
        } else {
            let cur = val_value(b);
            if index != first {
                seq.push(val_op(cur, index - first));
            }
            seq.push(val_op(count, 1));
            if index != last {
                seq.push(val_op(cur, last - index));
            }
        }
        let oldlen = if is_xzero { 2 } else { 1 };
        if seq.len() > oldlen && s.len() + seq.len() - oldlen > max_bytes {
            return promote(s, index, count);
        }
        s.splice(p..p + oldlen, seq);
    }
    // Step 4: merge adjacent VAL opcodes with equal values, up to 5 opcodes from `prev`.
    let mut p = prev.unwrap_or(HDR_SIZE);
    let mut scanlen = 5;
    while p < s.len() {
        if scanlen == 0 {
            break;
        }
        scanlen -= 1;
        let b = s[p];
        if is_xzero_op(b) {
            p += 2;
            continue;
        } else if is_zero_op(b) {
            p += 1;
            continue;
        }
        if p + 1 < s.len() && s[p + 1] & 0x80 != 0 {
            let (v1, v2) = (val_value(b), val_value(s[p + 1]));
            if v1 == v2 {
                let len = val_len(b) + val_len(s[p + 1]);
                if len <= VAL_MAX_LEN {
                    s[p + 1] = val_op(v1, len);
                    s.remove(p);
                    continue;
                }
            }
        }
        p += 1;
    }
    invalidate_cache(s);
    Ok(true)
}

fn promote(s: &mut Vec<u8>, index: usize, count: u8) -> Result<bool, Corrupt> {
    sparse_to_dense(s)?;
    Ok(dense_set_max(&mut s[HDR_SIZE..], index, count))
}

/// `hllAdd`: adds an element; whether a register changed.
pub fn add(s: &mut Vec<u8>, ele: &[u8], max_bytes: usize) -> Result<bool, Corrupt> {
    let (index, count) = pat_len(ele);
    set_register(s, index, count, max_bytes)
}

/// Raises register `index` to `count` in either encoding.
pub fn set_register(
    s: &mut Vec<u8>,
    index: usize,
    count: u8,
    max_bytes: usize,
) -> Result<bool, Corrupt> {
    if s[4] == DENSE {
        Ok(dense_set_max(&mut s[HDR_SIZE..], index, count))
    } else {
        sparse_set(s, index, count, max_bytes)
    }
}

/// `hllMerge`: `max[i] = max(max[i], hll[i])`.
pub fn merge_into(max: &mut [u8; REGISTERS], s: &[u8]) -> Result<(), Corrupt> {
    if s[4] == DENSE {
        for (i, m) in max.iter_mut().enumerate() {
            let v = dense_get(&s[HDR_SIZE..], i);
            if v > *m {
                *m = v;
            }
        }
        Ok(())
    } else {
        sparse_runs(&s[HDR_SIZE..], |first, n, v| {
            if v != 0 {
                for m in &mut max[first..first + n] {
                    if v > *m {
                        *m = v;
                    }
                }
            }
        })
    }
}

fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let mut y = 1.0;
    let mut z = x;
    loop {
        x *= x;
        let zp = z;
        z += x * y;
        y += y;
        if zp == z {
            return z;
        }
    }
}

fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let mut y = 1.0;
    let mut z = 1.0 - x;
    loop {
        x = x.sqrt();
        let zp = z;
        y *= 0.5;
        z -= (1.0 - x).powi(2) * y;
        if zp == z {
            return z / 3.0;
        }
    }
}

fn count_histo(reghisto: &[u32; 64]) -> u64 {
    let m = REGISTERS as f64;
    let q = Q as usize;
    let mut z = m * tau((m - f64::from(reghisto[q + 1])) / m);
    for j in (1..=q).rev() {
        z += f64::from(reghisto[j]);
        z *= 0.5;
    }
    z += m * sigma(f64::from(reghisto[0]) / m);
    let e = (ALPHA_INF * m * m / z).round();
    e as u64
}

/// `hllCount` of a stored HLL.
pub fn count(s: &[u8]) -> Result<u64, Corrupt> {
    let mut h = [0u32; 64];
    if s[4] == DENSE {
        for i in 0..REGISTERS {
            h[usize::from(dense_get(&s[HDR_SIZE..], i))] += 1;
        }
    } else {
        sparse_runs(&s[HDR_SIZE..], |_, n, v| {
            h[usize::from(v)] += n as u32;
        })?;
    }
    Ok(count_histo(&h))
}

/// `hllCount` of raw registers (the union PFCOUNT computes).
pub fn count_registers(regs: &[u8; REGISTERS]) -> u64 {
    let mut h = [0u32; 64];
    for &r in regs.iter() {
        h[usize::from(r & 63)] += 1;
    }
    count_histo(&h)
}
