//! Compact byte strings for keys and string values: up to [`INLINE`] bytes are stored inside
//! the 24-byte value itself, longer ones on the heap.
//!
//! Why: most keys and many values are short (`user:1000`, `42`, a 16-byte session token). A
//! `Vec<u8>` is 24 bytes *plus* a heap block (32 bytes with glibc for anything up to 24 bytes),
//! and a `Box<[u8]>` 16 plus the block; storing short strings inline removes one allocation
//! per key and one per value, which is most of the resident memory of a keyspace of small
//! strings (Redis gets the same effect with `embstr` objects and sds headers sized by length).
//!
//! Both types are 24 bytes and leave spare values in their length byte, so `Option<Str>` and
//! an enum holding a [`Str`] next to boxed variants (the keyspace's `Value`) stay 24 bytes:
//! the tests below pin those sizes. No `unsafe`: the layout is the compiler's niche filling.

use std::fmt;
use std::ops::Deref;

/// Longest string stored inline.
pub const INLINE: usize = 22;

/// Length of an inline string: only `0..=22` are valid, so the compiler can use the other
/// values of the byte to tell the variants of [`Str`] (and of enums holding it) apart.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
#[rustfmt::skip]
enum Len {
    L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19,
    L20, L21, L22,
}

#[rustfmt::skip]
const LENS: [Len; INLINE + 1] = [
    Len::L0, Len::L1, Len::L2, Len::L3, Len::L4, Len::L5, Len::L6, Len::L7, Len::L8, Len::L9,
    Len::L10, Len::L11, Len::L12, Len::L13, Len::L14, Len::L15, Len::L16, Len::L17, Len::L18,
    Len::L19, Len::L20, Len::L21, Len::L22,
];

/// Inline storage shared by both types.
#[derive(Clone, Copy)]
struct Inline {
    len: Len,
    buf: [u8; INLINE],
}

impl Inline {
    /// `bytes` inline, if short enough.
    #[inline]
    fn new(bytes: &[u8]) -> Option<Inline> {
        let len = *LENS.get(bytes.len())?;
        let mut buf = [0; INLINE];
        buf[..bytes.len()].copy_from_slice(bytes);
        Some(Inline { len, buf })
    }

    #[inline]
    fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

/// A string value: inline up to [`INLINE`] bytes, else a growable heap buffer (APPEND and
/// SETRANGE grow it in place with amortised doubling, like an sds).
#[derive(Clone)]
pub struct Str(StrRepr);

#[derive(Clone)]
enum StrRepr {
    Inline(Inline),
    // Boxed on purpose: a bare `Vec` (24 bytes, its niche in the capacity word) would make
    // `Str` 32 bytes; the box keeps it 24 at the cost of one 24-byte block for long values.
    #[allow(clippy::box_collection)]
    Heap(Box<Vec<u8>>),
}

impl Str {
    /// The empty string.
    pub const fn new() -> Str {
        Str(StrRepr::Inline(Inline {
            len: Len::L0,
            buf: [0; INLINE],
        }))
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match &self.0 {
            StrRepr::Inline(i) => i.as_slice(),
            StrRepr::Heap(v) => v,
        }
    }

    /// Whether the bytes live on the heap (longer than [`INLINE`], or grown in place): what
    /// the tests check the layout with.
    #[cfg(test)]
    fn is_heap(&self) -> bool {
        matches!(self.0, StrRepr::Heap(_))
    }

    /// Heap bytes held (0 when inline), for the tests.
    #[cfg(test)]
    fn heap_size(&self) -> usize {
        match &self.0 {
            StrRepr::Inline(_) => 0,
            StrRepr::Heap(v) => v.capacity() + std::mem::size_of::<Vec<u8>>(),
        }
    }

    /// The bytes as a growable buffer, moving them to the heap first if they are inline: for
    /// in-place edits (APPEND, SETRANGE, SETBIT, BITFIELD, PFADD).
    pub fn make_mut(&mut self) -> &mut Vec<u8> {
        if let StrRepr::Inline(i) = &self.0 {
            let mut v = Vec::with_capacity(2 * INLINE);
            v.extend_from_slice(i.as_slice());
            self.0 = StrRepr::Heap(Box::new(v));
        }
        match &mut self.0 {
            StrRepr::Heap(v) => v,
            StrRepr::Inline(_) => unreachable!("moved to the heap above"),
        }
    }

    /// Replaces the bytes, reusing the heap buffer when it fits without wasting much (an
    /// overwriting SET of a short value then allocates nothing).
    #[inline]
    pub fn assign(&mut self, bytes: &[u8]) {
        if let StrRepr::Heap(v) = &mut self.0 {
            if v.capacity() >= bytes.len() && v.capacity() <= 2 * bytes.len() + 16 {
                v.clear();
                v.extend_from_slice(bytes);
                return;
            }
        }
        *self = Str::from(bytes);
    }

    /// The bytes as a `Vec`.
    pub fn into_vec(self) -> Vec<u8> {
        match self.0 {
            StrRepr::Inline(i) => i.as_slice().to_vec(),
            StrRepr::Heap(v) => *v,
        }
    }
}

impl Default for Str {
    fn default() -> Self {
        Str::new()
    }
}

impl From<&[u8]> for Str {
    #[inline]
    fn from(bytes: &[u8]) -> Self {
        match Inline::new(bytes) {
            Some(i) => Str(StrRepr::Inline(i)),
            None => Str(StrRepr::Heap(Box::new(bytes.to_vec()))),
        }
    }
}

impl<const N: usize> From<&[u8; N]> for Str {
    fn from(bytes: &[u8; N]) -> Self {
        Str::from(&bytes[..])
    }
}

impl From<Vec<u8>> for Str {
    fn from(v: Vec<u8>) -> Self {
        match Inline::new(&v) {
            Some(i) => Str(StrRepr::Inline(i)),
            None => Str(StrRepr::Heap(Box::new(v))),
        }
    }
}

impl From<Str> for Vec<u8> {
    fn from(s: Str) -> Self {
        s.into_vec()
    }
}

impl Deref for Str {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for Str {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Str {}

impl PartialEq<[u8]> for Str {
    fn eq(&self, other: &[u8]) -> bool {
        self.as_slice() == other
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&String::from_utf8_lossy(self.as_slice()), f)
    }
}

/// An immutable key: inline up to [`INLINE`] bytes, else an exactly sized heap block.
#[derive(Clone)]
pub struct KeyBuf(KeyRepr);

#[derive(Clone)]
enum KeyRepr {
    Inline(Inline),
    Heap(Box<[u8]>),
}

impl KeyBuf {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match &self.0 {
            KeyRepr::Inline(i) => i.as_slice(),
            KeyRepr::Heap(b) => b,
        }
    }

    /// Heap bytes held (0 when inline), for the tests.
    #[cfg(test)]
    fn heap_size(&self) -> usize {
        match &self.0 {
            KeyRepr::Inline(_) => 0,
            KeyRepr::Heap(b) => b.len(),
        }
    }
}

impl From<&[u8]> for KeyBuf {
    #[inline]
    fn from(bytes: &[u8]) -> Self {
        match Inline::new(bytes) {
            Some(i) => KeyBuf(KeyRepr::Inline(i)),
            None => KeyBuf(KeyRepr::Heap(bytes.into())),
        }
    }
}

impl Deref for KeyBuf {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl fmt::Debug for KeyBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&String::from_utf8_lossy(self.as_slice()), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_leave_niches_for_enclosing_enums() {
        assert_eq!(std::mem::size_of::<Str>(), 24);
        assert_eq!(std::mem::size_of::<Option<Str>>(), 24);
        assert_eq!(std::mem::size_of::<KeyBuf>(), 24);
        assert_eq!(std::mem::size_of::<Option<KeyBuf>>(), 24);
    }

    #[test]
    fn every_length_round_trips_inline_and_on_the_heap() {
        let data: Vec<u8> = (0..=255).collect();
        for n in [0, 1, 5, 21, 22, 23, 24, 100, 256] {
            let b = &data[..n];
            let s = Str::from(b);
            assert_eq!(s.as_slice(), b);
            assert_eq!(s.is_heap(), n > INLINE, "length {n}");
            assert_eq!(Str::from(b.to_vec()).as_slice(), b);
            assert_eq!(s.clone().into_vec(), b);
            let k = KeyBuf::from(b);
            assert_eq!(k.as_slice(), b);
            assert_eq!(k.heap_size(), if n > INLINE { n } else { 0 });
        }
    }

    #[test]
    fn make_mut_moves_to_the_heap_and_keeps_bytes() {
        let mut s = Str::from(&b"abc"[..]);
        s.make_mut().extend_from_slice(b"def");
        assert!(s.is_heap());
        assert_eq!(&*s, b"abcdef");
    }

    #[test]
    fn assign_reuses_a_fitting_heap_buffer_and_inlines_short_values() {
        let mut s = Str::from(vec![7u8; 40]);
        let cap = s.heap_size();
        s.assign(&[1u8; 30]);
        assert_eq!(s.heap_size(), cap, "40-byte buffer reused for 30 bytes");
        assert_eq!(&*s, &[1u8; 30][..]);
        s.assign(b"hi");
        assert!(
            !s.is_heap(),
            "2 bytes do not fit 2*2+16 < 40: stored inline"
        );
        assert_eq!(&*s, b"hi");
        s.assign(&[2u8; 100]);
        assert!(s.is_heap());
        assert_eq!(&*s, &[2u8; 100][..]);
    }
}
