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
