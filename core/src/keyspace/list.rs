//! The list type: a double-ended sequence of binary-safe elements.
//!
//! Knows nothing of RESP. Index arithmetic follows Redis (negative indexes count from the
//! tail).

use std::collections::VecDeque;

/// A Redis list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List {
    /// The elements, head first.
    pub items: VecDeque<Vec<u8>>,
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
        self.items.iter().map(Vec::as_slice)
    }
}
