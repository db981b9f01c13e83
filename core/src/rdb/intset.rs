//! Intset, Redis's sorted array of integers for small all-integer sets (`intset.c`).
//!
//! Layout: `<encoding u32 LE: 2|4|8> <length u32 LE> <length values of that width, LE,
//! strictly increasing>`.

/// Why an intset blob is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntsetError(pub &'static str);

/// Decodes an intset into its integers, checking the layout and the strict ordering (Redis's
/// `intsetValidateIntegrity`).
pub fn decode(blob: &[u8]) -> Result<Vec<i64>, IntsetError> {
    if blob.len() < 8 {
        return Err(IntsetError("intset shorter than its header"));
    }
    let width = u32::from_le_bytes([blob[0], blob[1], blob[2], blob[3]]) as usize;
    if !matches!(width, 2 | 4 | 8) {
        return Err(IntsetError("invalid intset encoding"));
    }
    let len = u32::from_le_bytes([blob[4], blob[5], blob[6], blob[7]]) as usize;
    let body = &blob[8..];
    if len.checked_mul(width) != Some(body.len()) {
        return Err(IntsetError("intset length does not match its size"));
    }
    let mut out: Vec<i64> = Vec::with_capacity(len);
    for c in body.chunks_exact(width) {
        let v = match width {
            2 => i16::from_le_bytes([c[0], c[1]]) as i64,
            4 => i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as i64,
            _ => i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        };
        if out.last().is_some_and(|&last| last >= v) {
            return Err(IntsetError("intset not sorted or has duplicates"));
        }
        out.push(v);
    }
    Ok(out)
}

/// Encodes integers as an intset (sorted, deduplicated, in the narrowest width that fits
/// them all, as Redis's upgrades would leave it).
pub fn encode(values: &[i64]) -> Vec<u8> {
    let mut v = values.to_vec();
    crate::sort::sort(&mut v);
    v.dedup();
    let fits = |lo: i64, hi: i64| v.iter().all(|x| (lo..=hi).contains(x));
    let width: usize = if fits(i16::MIN.into(), i16::MAX.into()) {
        2
    } else if fits(i32::MIN.into(), i32::MAX.into()) {
        4
    } else {
        8
    };
    let mut out = Vec::with_capacity(8 + width * v.len());
    out.extend_from_slice(&(width as u32).to_le_bytes());
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for x in v {
        out.extend_from_slice(&x.to_le_bytes()[..width]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_each_width() {
        for vals in [vec![3, -1, 2], vec![70_000, 1], vec![i64::MIN, 0, i64::MAX]] {
            let mut sorted = vals.clone();
            sorted.sort_unstable();
            assert_eq!(decode(&encode(&vals)).unwrap(), sorted);
        }
    }

    #[test]
    fn unsorted_is_refused() {
        let mut b = encode(&[1, 2]);
        b[8..10].copy_from_slice(&5i16.to_le_bytes());
        assert!(decode(&b).is_err());
    }
}
