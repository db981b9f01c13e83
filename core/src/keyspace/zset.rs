//! The sorted-set type: unique binary-safe members, each with a double score, ordered by
//! `(score, member)`.
//!
//! Knows nothing of RESP or argument parsing. Two indexes are kept in step:
//! - `dict`: member → score, for O(1) ZSCORE and membership;
//! - `chunks`: the ordered sequence of `(score, member)` cut into sorted runs of at most
//!   [`CHUNK_MAX`] items (a two-level B-tree-like layout, cache friendly like a listpack).
//!
//! Costs: finding a position by score, member or lex bound is a binary search over the chunks'
//! last items then inside one chunk, O(log n); turning a position into a rank (ZRANK) or a rank
//! into a position adds a walk over chunk lengths, O(n / CHUNK_MAX) — about 4,000 additions of
//! a `usize` for one million members, well under the cost of the reply — instead of Redis's
//! O(log n) skiplist spans. Insert and remove are O(log n + CHUNK_MAX) memmove.
//!
//! Invariants: no NaN score is ever stored (callers check); `-0` is stored as `0` (as Redis
//! shows it); every chunk is non-empty and sorted, and the concatenation of the chunks is
//! sorted by [`cmp_item`]; `dict` and `chunks` hold exactly the same `(member, score)` pairs;
//! `len` is their size.

use std::cmp::Ordering;

use super::{KeyBuf, Table};

/// Largest chunk; a chunk that grows beyond it is split in two.
const CHUNK_MAX: usize = 256;
/// A chunk shorter than this after a removal is merged into its successor when both fit.
const CHUNK_MIN: usize = CHUNK_MAX / 4;

/// One element: its score and member.
pub type Item = (f64, KeyBuf);

/// The encoding thresholds (`zset-max-listpack-entries`, `zset-max-listpack-value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most members a listpack-encoded zset may hold.
    pub max_entries: usize,
    /// Longest member (bytes) a listpack-encoded zset may hold.
    pub max_value: usize,
}

impl Limits {
    /// The thresholds configured (`zset-max-listpack-entries` / `-value`).
    pub fn from_config(config: &crate::Config) -> Self {
        Limits {
            max_entries: config.extra_usize("zset-max-listpack-entries", 128),
            max_value: config.extra_usize("zset-max-listpack-value", 64),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 128,
            max_value: 64,
        }
    }
}

/// Orders by score, then member bytes (Redis's `zslCompare`). Scores are never NaN.
pub fn cmp_item(a: (f64, &[u8]), b: (f64, &[u8])) -> Ordering {
    a.0.partial_cmp(&b.0)
        .unwrap_or(Ordering::Equal)
        .then_with(|| a.1.cmp(b.1))
}

/// One end of a score range (`1.5`, `(1.5`, `-inf`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreBound {
    /// The score.
    pub value: f64,
    /// Whether the end itself is excluded (`(`).
    pub exclusive: bool,
}

/// One end of a lex range (`-`, `+`, `[a`, `(a`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexBound {
    /// `-`: below every member.
    Min,
    /// `+`: above every member.
    Max,
    /// `[x`: `x` included.
    Incl(Vec<u8>),
    /// `(x`: `x` excluded.
    Excl(Vec<u8>),
}

impl LexBound {
    /// Whether `m` is at or above this bound taken as a minimum.
    fn admits_above(&self, m: &[u8]) -> bool {
        match self {
            LexBound::Min => true,
            LexBound::Max => false,
            LexBound::Incl(x) => m >= x.as_slice(),
            LexBound::Excl(x) => m > x.as_slice(),
        }
    }

    /// Whether `m` is at or below this bound taken as a maximum.
    fn admits_below(&self, m: &[u8]) -> bool {
        match self {
            LexBound::Min => false,
            LexBound::Max => true,
            LexBound::Incl(x) => m <= x.as_slice(),
            LexBound::Excl(x) => m < x.as_slice(),
        }
    }
}

/// A Redis sorted set.
#[derive(Debug, Clone, Default)]
pub struct ZSet {
    dict: Table<f64>,
    chunks: Vec<Vec<Item>>,
    len: usize,
    /// Whether Redis would still use the compact listpack encoding (OBJECT ENCODING).
    listpack: bool,
}

impl ZSet {
    /// An empty sorted set, listpack-encoded unless `listpack` is false (Redis creates a
    /// skiplist at once when the first member is too long or the entry limit is 0).
    pub fn new(listpack: bool) -> Self {
        ZSet {
            listpack,
            ..ZSet::default()
        }
    }

    /// An empty set with the encoding Redis's ZADD picks for a first member of `first_len`.
    pub fn for_first_member(first_len: usize, limits: Limits) -> Self {
        ZSet::new(limits.max_entries != 0 && first_len <= limits.max_value)
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set is empty (an empty zset is never stored under a key).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `listpack` or `skiplist`, as OBJECT ENCODING reports.
    pub fn encoding(&self) -> &'static str {
        if self.listpack {
            "listpack"
        } else {
            "skiplist"
        }
    }

    /// Re-derives the encoding of a freshly built result (Z*STORE): listpack when it fits
    /// the limits, as Redis's `zsetConvertToListpackIfNeeded`.
    pub fn settle_encoding(&mut self, limits: Limits) {
        let longest = self.dict.iter().map(|(m, _)| m.len()).max().unwrap_or(0);
        self.listpack = self.len <= limits.max_entries && longest <= limits.max_value;
    }

    /// The score of `member`.
    pub fn score(&self, member: &[u8]) -> Option<f64> {
        self.dict.get(member).copied()
    }

    /// Sets `member`'s score (adding it if absent). Returns the previous score. A listpack
    /// set turns into a skiplist once it exceeds `limits` (never back).
    pub fn insert(&mut self, member: &[u8], score: f64, limits: Limits) -> Option<f64> {
        // Redis shows a zero score as `0`, never `-0`.
        let score = if score == 0.0 { 0.0 } else { score };
        let old = self.dict.get(member).copied();
        if let Some(o) = old {
            if o == score {
                return old;
            }
            self.remove_item(o, member);
        }
        self.insert_item(score, member);
        if old.is_none() {
            self.dict.insert_new(member, score);
            self.len += 1;
        } else if let Some(s) = self.dict.get_mut(member) {
            *s = score;
        }
        if self.listpack && (self.len > limits.max_entries || member.len() > limits.max_value) {
            self.listpack = false;
        }
        old
    }

    /// Removes `member`, returning its score.
    pub fn remove(&mut self, member: &[u8]) -> Option<f64> {
        let score = self.dict.remove(member)?;
        self.remove_item(score, member);
        self.len -= 1;
        Some(score)
    }

    /// The chunk that holds (or would hold) `(score, member)` and the offset in it.
    fn locate_item(&self, score: f64, member: &[u8]) -> (usize, usize) {
        let key = (score, member);
        let c = self.chunks.partition_point(|ch| {
            ch.last()
                .is_some_and(|l| cmp_item((l.0, &l.1), key).is_lt())
        });
        let c = c.min(self.chunks.len().saturating_sub(1));
        let off = self.chunks.get(c).map_or(0, |ch| {
            ch.partition_point(|i| cmp_item((i.0, &i.1), key).is_lt())
        });
        (c, off)
    }

    fn insert_item(&mut self, score: f64, member: &[u8]) {
        if self.chunks.is_empty() {
            self.chunks.push(Vec::with_capacity(4));
        }
        let (c, off) = self.locate_item(score, member);
        let chunk = &mut self.chunks[c];
        chunk.insert(off, (score, member.into()));
        if chunk.len() > CHUNK_MAX {
            let tail = chunk.split_off(chunk.len() / 2);
            self.chunks.insert(c + 1, tail);
        }
    }

    fn remove_item(&mut self, score: f64, member: &[u8]) {
        let (c, off) = self.locate_item(score, member);
        let Some(chunk) = self.chunks.get_mut(c) else {
            return;
        };
        if chunk
            .get(off)
            .is_some_and(|i| i.0 == score && &*i.1 == member)
        {
            chunk.remove(off);
        }
        self.rebalance(c);
    }

    /// Drops chunk `c` if empty, or merges it into its successor when both are small.
    fn rebalance(&mut self, c: usize) {
        let Some(len) = self.chunks.get(c).map(Vec::len) else {
            return;
        };
        if len == 0 {
            self.chunks.remove(c);
        } else if len < CHUNK_MIN
            && c + 1 < self.chunks.len()
            && len + self.chunks[c + 1].len() <= CHUNK_MAX
        {
            let next = self.chunks.remove(c + 1);
            self.chunks[c].extend(next);
        }
    }

    /// Number of leading items (in order) for which `pred(score, member)` holds; `pred` must
    /// be true on a prefix and false after it.
    pub fn partition_point(&self, pred: impl Fn(f64, &[u8]) -> bool) -> usize {
        self.partition_point_dyn(&pred)
    }

    /// [`ZSet::partition_point`] with the predicate behind a reference: one copy of the two
    /// binary searches for every caller, instead of one inlined per predicate.
    #[inline(never)]
    fn partition_point_dyn(&self, pred: &dyn Fn(f64, &[u8]) -> bool) -> usize {
        let c = self
            .chunks
            .partition_point(|ch| ch.last().is_some_and(|l| pred(l.0, &l.1)));
        let before: usize = self.chunks[..c].iter().map(Vec::len).sum();
        before
            + self
                .chunks
                .get(c)
                .map_or(0, |ch| ch.partition_point(|i| pred(i.0, &i.1)))
    }

    /// The 0-based rank of `member` in ascending order.
    pub fn rank(&self, member: &[u8]) -> Option<usize> {
        let score = self.score(member)?;
        Some(self.partition_point(|s, m| cmp_item((s, m), (score, member)).is_lt()))
    }

    /// Chunk and offset of rank `i` (`i < len`).
    fn locate_rank(&self, mut i: usize) -> Option<(usize, usize)> {
        for (c, ch) in self.chunks.iter().enumerate() {
            if i < ch.len() {
                return Some((c, i));
            }
            i -= ch.len();
        }
        None
    }

    /// The item of rank `i`.
    pub fn get(&self, i: usize) -> Option<(&[u8], f64)> {
        let (c, o) = self.locate_rank(i)?;
        let it = &self.chunks[c][o];
        Some((&it.1, it.0))
    }

    /// Items from rank `start` upwards, in ascending order.
    pub fn iter_from(&self, start: usize) -> impl Iterator<Item = (&[u8], f64)> + '_ {
        let (c, o) = self.locate_rank(start).unwrap_or((self.chunks.len(), 0));
        let first = self.chunks.get(c).map_or(&[][..], |ch| &ch[o..]);
        let rest = self.chunks.get(c + 1..).unwrap_or(&[]);
        first
            .iter()
            .chain(rest.iter().flatten())
            .map(|i| (&*i.1, i.0))
    }

    /// Items from rank `start` downwards, in descending order.
    pub fn iter_rev_from(&self, start: usize) -> impl Iterator<Item = (&[u8], f64)> + '_ {
        let (c, o, ok) = match self.locate_rank(start) {
            Some((c, o)) => (c, o, true),
            None => (0, 0, false),
        };
        let first = if ok { &self.chunks[c][..=o] } else { &[][..] };
        let rest = if ok { &self.chunks[..c] } else { &[][..] };
        first
            .iter()
            .rev()
            .chain(rest.iter().rev().flat_map(|ch| ch.iter().rev()))
            .map(|i| (&*i.1, i.0))
    }

    /// All items in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], f64)> + '_ {
        self.chunks.iter().flatten().map(|i| (&*i.1, i.0))
    }

    /// Ranks `[start, end)` of the items within the score range `min..max`.
    pub fn score_range(&self, min: ScoreBound, max: ScoreBound) -> (usize, usize) {
        let start = self.partition_point(|s, _| {
            if min.exclusive {
                s <= min.value
            } else {
                s < min.value
            }
        });
        let end = self.partition_point(|s, _| {
            if max.exclusive {
                s < max.value
            } else {
                s <= max.value
            }
        });
        (start, end.max(start))
    }

    /// Ranks `[start, end)` of the items within the lex range `min..max` (meaningful when all
    /// scores are equal, as Redis documents).
    pub fn lex_range(&self, min: &LexBound, max: &LexBound) -> (usize, usize) {
        let start = self.partition_point(|_, m| !min.admits_above(m));
        let end = self.partition_point(|_, m| max.admits_below(m));
        (start, end.max(start))
    }

    /// Removes the items of ranks `[start, end)`, returning how many were removed.
    pub fn remove_ranks(&mut self, start: usize, end: usize) -> usize {
        let end = end.min(self.len);
        if start >= end {
            return 0;
        }
        let doomed: Vec<KeyBuf> = self
            .iter_from(start)
            .take(end - start)
            .map(|(m, _)| m.into())
            .collect();
        for m in &doomed {
            self.remove(m);
        }
        doomed.len()
    }

    /// Removes and returns the lowest (or, with `max`, highest) item.
    pub fn pop(&mut self, max: bool) -> Option<(KeyBuf, f64)> {
        let chunk = if max {
            self.chunks.last_mut()?
        } else {
            self.chunks.first_mut()?
        };
        let (score, member) = if max { chunk.pop()? } else { chunk.remove(0) };
        let c = if max { self.chunks.len() - 1 } else { 0 };
        self.rebalance(c);
        self.dict.remove(&member);
        self.len -= 1;
        Some((member, score))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_split_and_merge() {
        let lim = Limits::default();
        let mut z = ZSet::new(true);
        for i in 0..2000u32 {
            z.insert(format!("m{i:05}").as_bytes(), f64::from(i % 7), lim);
        }
        assert_eq!(z.len(), 2000);
        assert_eq!(z.encoding(), "skiplist");
        let all: Vec<_> = z.iter().map(|(m, s)| (m.to_vec(), s)).collect();
        for w in all.windows(2) {
            assert!(cmp_item((w[0].1, &w[0].0), (w[1].1, &w[1].0)).is_lt());
        }
        for (r, (m, _)) in all.iter().enumerate() {
            assert_eq!(z.rank(m), Some(r));
        }
        assert_eq!(z.remove_ranks(10, 1990), 1980);
        assert_eq!(z.len(), 20);
        assert_eq!(z.iter().count(), 20);
        assert_eq!(z.iter_rev_from(19).count(), 20);
    }
}
