//! The list type: a double-ended sequence of binary-safe elements ("List API" of Redis's
//! `t_list.c`, without the command layer).
//!
//! Knows nothing of RESP or argument parsing. Index arithmetic follows Redis: negative
//! indexes count from the tail (-1 is the last element), ranges are inclusive at both ends
//! and clamped the way `LRANGE` / `LTRIM` clamp them.
//!
//! Invariant kept by the *callers*: an empty list is never stored under a key (the command
//! that removes the last element deletes the key). The type itself allows being empty so a
//! command can build one up before storing it.

use super::Str;
use std::collections::VecDeque;

/// Which end of a list an operation works on (Redis's `LIST_HEAD` / `LIST_TAIL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The head (index 0): LPUSH, LPOP, `LEFT`.
    Left,
    /// The tail (index -1): RPUSH, RPOP, `RIGHT`.
    Right,
}

/// Where LINSERT puts the new element relative to the pivot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `BEFORE` the pivot (towards the head).
    Before,
    /// `AFTER` the pivot (towards the tail).
    After,
}

/// A Redis list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List {
    items: VecDeque<Str>,
}

impl List {
    /// An empty list.
    pub fn new() -> Self {
        List::default()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the list is empty (an empty list is never stored under a key).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Iterates over the elements, head first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &[u8]> + ExactSizeIterator + '_ {
        self.items.iter().map(Str::as_slice)
    }

    /// Adds `elem` at `end`.
    pub fn push(&mut self, end: End, elem: impl Into<Str>) {
        let elem = elem.into();
        match end {
            End::Left => self.items.push_front(elem),
            End::Right => self.items.push_back(elem),
        }
    }

    /// Removes and returns the element at `end`.
    pub fn pop(&mut self, end: End) -> Option<Str> {
        match end {
            End::Left => self.items.pop_front(),
            End::Right => self.items.pop_back(),
        }
    }

    /// Removes up to `count` elements from `end`, returned in the order they were popped
    /// (so `RPOP key 2` on `a b c` gives `c b`).
    pub fn pop_many(&mut self, end: End, count: usize) -> Vec<Str> {
        let n = count.min(self.len());
        // One loop for both ends (two `drain().collect()` chains were two copies of the
        // collecting code).
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let item = match end {
                End::Left => self.items.pop_front(),
                End::Right => self.items.pop_back(),
            };
            match item {
                Some(item) => out.push(item),
                None => break,
            }
        }
        out
    }

    /// Resolves a Redis index (negative counts from the tail) to a position, if in range.
    fn resolve(&self, index: i64) -> Option<usize> {
        let len = self.len() as i64;
        let i = if index < 0 { len + index } else { index };
        (0..len).contains(&i).then_some(i as usize)
    }

    /// The element at `index` (LINDEX).
    pub fn get(&self, index: i64) -> Option<&[u8]> {
        self.resolve(index).map(|i| self.items[i].as_slice())
    }

    /// Replaces the element at `index` (LSET). Returns false if `index` is out of range.
    pub fn set(&mut self, index: i64, elem: impl Into<Str>) -> bool {
        match self.resolve(index) {
            Some(i) => {
                self.items[i] = elem.into();
                true
            }
            None => false,
        }
    }

    /// The positions `start..=stop` select, clamped as LRANGE clamps them; `None` when the
    /// range is empty.
    pub fn range_bounds(&self, start: i64, stop: i64) -> Option<(usize, usize)> {
        let len = self.len() as i64;
        let mut start = if start < 0 { len + start } else { start };
        let mut stop = if stop < 0 { len + stop } else { stop };
        if start < 0 {
            start = 0;
        }
        // start >= 0 now, so this is also true when stop < 0.
        if start > stop || start >= len {
            return None;
        }
        if stop >= len {
            stop = len - 1;
        }
        Some((start as usize, stop as usize))
    }

    /// The elements `start..=stop` (LRANGE index rules), head first.
    pub fn range(&self, start: i64, stop: i64) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        let r = match self.range_bounds(start, stop) {
            Some((a, b)) => a..b + 1,
            None => 0..0,
        };
        self.items.range(r).map(Str::as_slice)
    }

    /// Keeps only the elements `start..=stop` (LTRIM index rules); an empty range empties the
    /// list.
    pub fn trim(&mut self, start: i64, stop: i64) {
        match self.range_bounds(start, stop) {
            Some((a, b)) => {
                self.items.truncate(b + 1);
                self.items.drain(..a);
            }
            None => self.items.clear(),
        }
    }

    /// Inserts `elem` next to the first element equal to `pivot` (LINSERT). Returns false if
    /// there is no such element.
    pub fn insert(&mut self, side: Side, pivot: &[u8], elem: impl Into<Str>) -> bool {
        let Some(i) = self.items.iter().position(|e| e.as_slice() == pivot) else {
            return false;
        };
        let at = match side {
            Side::Before => i,
            Side::After => i + 1,
        };
        self.items.insert(at, elem.into());
        true
    }

    /// Removes elements equal to `elem` (LREM): the first `count` from the head if
    /// `count > 0`, the last `-count` from the tail if `count < 0`, all of them if 0. Returns
    /// how many were removed.
    pub fn remove(&mut self, count: i64, elem: &[u8]) -> usize {
        let limit = if count == 0 {
            usize::MAX
        } else {
            usize::try_from(count.unsigned_abs()).unwrap_or(usize::MAX)
        };
        // One linear pass either way (removing one by one would be quadratic). From the tail,
        // find first the position of the `limit`-th match counted from the end: matches at
        // or after it go.
        let first = if count < 0 {
            let mut seen = 0;
            let mut first = self.items.len();
            for (i, e) in self.items.iter().enumerate().rev() {
                if seen == limit {
                    break;
                }
                if e.as_slice() == elem {
                    seen += 1;
                    first = i;
                }
            }
            first
        } else {
            0
        };
        let mut removed = 0;
        let mut i = 0;
        self.items.retain(|e| {
            let here = i;
            i += 1;
            if here >= first && removed < limit && e.as_slice() == elem {
                removed += 1;
                false
            } else {
                true
            }
        });
        removed
    }

    /// Positions of elements equal to `elem` (LPOS). Scans from the head, or from the tail
    /// when `rank < 0`; skips the first `|rank| - 1` matches; stops after `count` matches
    /// (0 = no limit) or after looking at `maxlen` elements (0 = no limit). Positions are
    /// always counted from the head. `rank` must not be 0.
    pub fn positions(&self, elem: &[u8], rank: i64, count: usize, maxlen: usize) -> Vec<usize> {
        let len = self.len();
        let window = if maxlen == 0 { len } else { maxlen.min(len) };
        let mut skip = rank.unsigned_abs().saturating_sub(1);
        let want = if count == 0 { usize::MAX } else { count };
        let mut found = Vec::new();
        // Returns false once enough matches were found.
        let mut visit = |i: usize| {
            if *self.items[i] == *elem {
                if skip > 0 {
                    skip -= 1;
                } else {
                    found.push(i);
                    return found.len() < want;
                }
            }
            true
        };
        if rank < 0 {
            for i in (len - window..len).rev() {
                if !visit(i) {
                    break;
                }
            }
        } else {
            for i in 0..window {
                if !visit(i) {
                    break;
                }
            }
        }
        found
    }
}

impl FromIterator<Vec<u8>> for List {
    fn from_iter<T: IntoIterator<Item = Vec<u8>>>(iter: T) -> Self {
        List {
            items: iter.into_iter().map(Str::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> List {
        items.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    fn strs<'a>(it: impl Iterator<Item = &'a [u8]>) -> Vec<String> {
        it.map(|e| String::from_utf8_lossy(e).into_owned())
            .collect()
    }

    #[test]
    fn range_clamps_like_lrange() {
        let l = list(&["a", "b", "c"]);
        assert_eq!(strs(l.range(0, -1)), ["a", "b", "c"]);
        assert_eq!(strs(l.range(-100, 1)), ["a", "b"]);
        assert_eq!(strs(l.range(1, 100)), ["b", "c"]);
        assert!(strs(l.range(2, 1)).is_empty());
        assert!(strs(l.range(3, 5)).is_empty());
        assert!(strs(l.range(i64::MIN, i64::MIN)).is_empty());
        assert_eq!(strs(l.range(i64::MIN, i64::MAX)), ["a", "b", "c"]);
    }

    #[test]
    fn positions_follow_lpos() {
        let l = list(&["a", "b", "a", "c", "a"]);
        assert_eq!(l.positions(b"a", 1, 1, 0), [0]);
        assert_eq!(l.positions(b"a", 2, 0, 0), [2, 4]);
        assert_eq!(l.positions(b"a", -1, 0, 0), [4, 2, 0]);
        assert_eq!(l.positions(b"a", -2, 1, 0), [2]);
        assert_eq!(l.positions(b"a", 1, 0, 2), [0]);
        assert_eq!(l.positions(b"a", -1, 0, 2), [4]);
        assert_eq!(l.positions(b"a", i64::MIN + 1, 0, 0), Vec::<usize>::new());
    }
}
