//! Stable sorting through one shared instantiation of the standard library's sort.
//!
//! `slice::sort_by` is compiled anew for every element type and comparator, and its
//! driftsort is large: the ~15 sort call sites of the engine cost ~50 KB of the playground's
//! wasm. On wasm32, [`sort_by`] therefore sorts a permutation of indices with a `dyn`
//! comparator — one small merge sort for the whole engine — and then applies it with swaps.
//! Natively it is `slice::sort_by` itself: speed first there.
//!
//! Both are stable sorts, so the result is the same on every target.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp` (as `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    by_index(v, &mut cmp);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(&mut cmp);
}

/// Sorts `v` stably by the key `f` extracts (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` in ascending order (as `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The wasm32 implementation of [`sort_by`] (public so native tests check it): a stable sort
/// of the indices `0..len` by `cmp` on the elements they name, then the permutation applied
/// in place.
pub fn by_index<T>(v: &mut [T], cmp: &mut dyn FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, &mut order);
}

/// The one sort of the wasm build: a stable bottom-up merge sort of indices with a `dyn`
/// comparator, O(n log n) comparisons and an n-index buffer. The standard library's driftsort
/// would be ~6 KB of wasm even as a single instantiation; this is a tenth of that.
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    let n = order.len();
    // Runs of RUN by insertion sort (stable: an element moves left past strictly greater ones).
    for start in (0..n).step_by(RUN) {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let x = order[i];
            let mut j = i;
            while j > start && cmp(order[j - 1], x) == Ordering::Greater {
                order[j] = order[j - 1];
                j -= 1;
            }
            order[j] = x;
        }
    }
    if n <= RUN {
        return;
    }
    // Then merge runs of doubling width, back and forth between `order` and `buf`.
    let mut buf = vec![0usize; n];
    let mut in_buf = false;
    let mut width = RUN;
    while width < n {
        if in_buf {
            merge_pass(&buf, order, width, cmp);
        } else {
            merge_pass(order, &mut buf, width, cmp);
        }
        in_buf = !in_buf;
        width *= 2;
    }
    if in_buf {
        order.copy_from_slice(&buf);
    }
}

/// Length of the runs [`sort_indices`] sorts by insertion before merging.
const RUN: usize = 8;

/// Merges each pair of adjacent sorted runs of `width` in `src` into `dst`; on ties the left
/// run's element comes first (stability).
fn merge_pass(
    src: &[usize],
    dst: &mut [usize],
    width: usize,
    cmp: &mut dyn FnMut(usize, usize) -> Ordering,
) {
    let n = src.len();
    let mut start = 0;
    while start < n {
        let mid = (start + width).min(n);
        let end = (start + 2 * width).min(n);
        if mid == end || cmp(src[mid - 1], src[mid]) != Ordering::Greater {
            // One run, or two already in order.
            dst[start..end].copy_from_slice(&src[start..end]);
        } else {
            let (mut i, mut j) = (start, mid);
            for slot in &mut dst[start..end] {
                if j < end && (i == mid || cmp(src[i], src[j]) == Ordering::Greater) {
                    *slot = src[j];
                    j += 1;
                } else {
                    *slot = src[i];
                    i += 1;
                }
            }
        }
        start = end;
    }
}

/// Rearranges `v` so that position `i` holds the element that was at `order[i]`, following
/// each cycle of the permutation with swaps. `order` is consumed (left as the identity).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut j = start;
        loop {
            // Position `j` must receive the element now at `order[j]` (not yet moved: the
            // cycle visits it next); the element first at `start` travels along the cycle.
            let k = order[j];
            order[j] = j;
            if k == start {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wasm32 path sorts exactly as the standard stable sort, ties included.
    #[test]
    fn by_index_is_the_standard_stable_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in [
            0usize, 1, 2, 3, 7, 8, 9, 16, 17, 20, 33, 64, 65, 100, 257, 1000,
        ] {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 5) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|a| a.0);
            let mut got = v.clone();
            by_index(&mut got, &mut |a, b| a.0.cmp(&b.0));
            assert_eq!(got, want, "len {len}");
            let mut got = v;
            sort_by_key(&mut got, |x| x.0);
            assert_eq!(got, want, "len {len}");
        }
    }

    /// Runs already in order (merged by copying) and runs that interleave, with ties.
    #[test]
    fn partly_sorted_input_with_ties() {
        for len in [9usize, 24, 100, 1000] {
            let v: Vec<(usize, usize)> = (0..len).map(|i| ((i % 37) / 3, i)).collect();
            let mut want = v.clone();
            want.sort_by_key(|a| a.0);
            let mut got = v;
            by_index(&mut got, &mut |a, b| a.0.cmp(&b.0));
            assert_eq!(got, want, "len {len}");
        }
    }

    #[test]
    fn descending_input() {
        let mut v: Vec<i64> = (0..50).rev().collect();
        by_index(&mut v, &mut |a, b| a.cmp(b));
        assert_eq!(v, (0..50).collect::<Vec<_>>());
    }
}
