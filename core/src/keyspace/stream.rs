//! The stream type: an append-only log of entries with monotonically increasing IDs.
//!
//! Knows nothing of RESP.

use std::collections::BTreeMap;

/// A stream entry ID `ms-seq`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId {
    /// Milliseconds part.
    pub ms: u64,
    /// Sequence part.
    pub seq: u64,
}

/// An entry's field/value pairs.
pub type Fields = Vec<(Vec<u8>, Vec<u8>)>;

/// A Redis stream.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// Entries by ID; each is a list of field/value pairs.
    pub entries: BTreeMap<StreamId, Fields>,
    /// The last ID ever added (kept after deletions).
    pub last_id: StreamId,
}

impl Stream {
    /// Number of live entries (XLEN).
    pub fn len(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Whether there are no live entries (an empty stream still exists as a key).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Live entries with `start <= id <= end`, ascending (or descending if `rev`), at most
    /// `count` of them (0 = all).
    pub fn range(
        &self,
        start: StreamId,
        end: StreamId,
        rev: bool,
        count: u64,
    ) -> Vec<(StreamId, &Fields)> {
        if start > end {
            return Vec::new();
        }
        let limit = if count == 0 {
            usize::MAX
        } else {
            count as usize
        };
        let r = self.entries.range(start..=end).map(|(id, f)| (*id, f));
        if rev {
            r.rev().take(limit).collect()
        } else {
            r.take(limit).collect()
        }
    }
}
