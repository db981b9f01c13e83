//! Stable sorting through one shared instantiation of the standard library's sort.
//!
//! `slice::sort_by` is compiled anew for every element type and comparator, and its
//! driftsort is large: the ~15 sort call sites of the engine cost ~50 KB of the playground's
//! wasm. On wasm32, [`sort_by`] therefore sorts a permutation of indices with a `dyn`
//! comparator — one instantiation of the standard sort for the whole engine — and then
//! applies it with swaps. Natively it is `slice::sort_by` itself: speed first there.
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

/// The one instantiation of the standard sort (indices, `dyn` comparator).
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
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
        for len in [0usize, 1, 2, 3, 7, 20, 33, 100, 1000] {
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

    #[test]
    fn descending_input() {
        let mut v: Vec<i64> = (0..50).rev().collect();
        by_index(&mut v, &mut |a, b| a.cmp(b));
        assert_eq!(v, (0..50).collect::<Vec<_>>());
    }
}
