//! RESP explainer: splits request or reply bytes into annotated parts (type marker, length,
//! payload, CRLF) for teaching — the playground's wire view, and any runtime that wants to show
//! what crossed the wire.
//!
//! Pure and total: any byte string is covered exactly once by the returned parts, in order
//! (incomplete or malformed tails become one `Incomplete` / `Invalid` part), and nothing is
//! allocated in proportion to an announced length. The engine never calls it.

use std::ops::Range;

/// What a part of the wire bytes is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// The type byte that starts a value (`*`, `$`, `+`, ...).
    Type,
    /// A decimal length or element count after the type byte.
    Length,
    /// Content: a bulk payload, a simple string's text, an integer's digits.
    Payload,
    /// The `\r\n` terminator.
    Crlf,
    /// An inline command line (`SET a b` typed without RESP framing).
    Inline,
    /// Bytes that do not yet form a complete value (more must arrive).
    Incomplete,
    /// Bytes that cannot be RESP (the server would answer with a protocol error).
    Invalid,
}

impl PartKind {
    /// A short lower-case name for styling (`type`, `length`, ...).
    pub fn name(self) -> &'static str {
        match self {
            PartKind::Type => "type",
            PartKind::Length => "length",
            PartKind::Payload => "payload",
            PartKind::Crlf => "crlf",
            PartKind::Inline => "inline",
            PartKind::Incomplete => "incomplete",
            PartKind::Invalid => "invalid",
        }
    }
}

/// One annotated slice of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Byte range in the input.
    pub range: Range<usize>,
    /// What the bytes are.
    pub kind: PartKind,
    /// The RESP type of the value the part belongs to (`bulk string`, `array`, ...).
    pub resp: &'static str,
    /// Nesting depth (0 = top-level value).
    pub depth: usize,
    /// A sentence for a learner.
    pub note: String,
}

/// Nesting deeper than this is reported as invalid (mirrors the decoder's limit).
const MAX_DEPTH: usize = 64;

/// The RESP type a marker byte introduces, if it is one.
pub fn type_name(marker: u8) -> Option<&'static str> {
    Some(match marker {
        b'+' => "simple string",
        b'-' => "error",
        b':' => "integer",
        b'$' => "bulk string",
        b'*' => "array",
        b'%' => "map",
        b'~' => "set",
        b'>' => "push",
        b',' => "double",
        b'#' => "boolean",
        b'_' => "null",
        b'=' => "verbatim string",
        b'(' => "big number",
        b'!' => "bulk error",
        b'|' => "attribute",
        _ => return None,
    })
}

/// Splits `buf` into annotated parts covering every byte, in order.
pub fn explain(buf: &[u8]) -> Vec<Part> {
    let mut ex = Explainer {
        buf,
        parts: Vec::new(),
    };
    let mut pos = 0;
    while pos < buf.len() {
        let next = if type_name(buf[pos]).is_some() {
            ex.value(pos, 0)
        } else {
            ex.inline(pos)
        };
        match next {
            Some(p) => pos = p,
            None => break,
        }
    }
    ex.parts
}

struct Explainer<'a> {
    buf: &'a [u8],
    parts: Vec<Part>,
}

impl Explainer<'_> {
    fn push(
        &mut self,
        range: Range<usize>,
        kind: PartKind,
        resp: &'static str,
        depth: usize,
        note: String,
    ) {
        if !range.is_empty() {
            self.parts.push(Part {
                range,
                kind,
                resp,
                depth,
                note,
            });
        }
    }

    /// Marks everything from `at` as incomplete or invalid and stops.
    fn rest(
        &mut self,
        at: usize,
        kind: PartKind,
        resp: &'static str,
        depth: usize,
        note: &str,
    ) -> Option<usize> {
        self.push(at..self.buf.len(), kind, resp, depth, note.to_string());
        None
    }

    /// The end of the line starting at `at` (index of its `\r`), if the `\r\n` has arrived.
    fn line_end(&self, at: usize) -> Option<usize> {
        self.buf
            .get(at..)?
            .windows(2)
            .position(|w| w == b"\r\n")
            .map(|i| at + i)
    }

    fn crlf(&mut self, at: usize, resp: &'static str, depth: usize) -> usize {
        self.push(
            at..at + 2,
            PartKind::Crlf,
            resp,
            depth,
            "\\r\\n ends the line".into(),
        );
        at + 2
    }

    /// An inline command: a line of space-separated words ending in `\n` or `\r\n`.
    fn inline(&mut self, at: usize) -> Option<usize> {
        let Some(nl) = self.buf[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|i| at + i)
        else {
            return self.rest(
                at,
                PartKind::Incomplete,
                "inline command",
                0,
                "an inline command waits for its \\n",
            );
        };
        let end = if nl > at && self.buf[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        self.push(
            at..end,
            PartKind::Inline,
            "inline command",
            0,
            "inline command: no type byte, words separated by spaces (as telnet would send)".into(),
        );
        let note = if end < nl {
            "\\r\\n ends the line"
        } else {
            "\\n ends the line"
        };
        self.push(
            end..nl + 1,
            PartKind::Crlf,
            "inline command",
            0,
            note.into(),
        );
        Some(nl + 1)
    }

    /// One RESP value at `at`; returns the position after it, or `None` if the input ends or
    /// breaks inside it (the rest is already covered).
    fn value(&mut self, at: usize, depth: usize) -> Option<usize> {
        let Some(&marker) = self.buf.get(at) else {
            return self.rest(
                at,
                PartKind::Incomplete,
                "value",
                depth,
                "more bytes are expected",
            );
        };
        let Some(resp) = type_name(marker) else {
            return self.rest(
                at,
                PartKind::Invalid,
                "value",
                depth,
                "not a RESP type byte",
            );
        };
        if depth > MAX_DEPTH {
            return self.rest(at, PartKind::Invalid, resp, depth, "nesting too deep");
        }
        self.push(
            at..at + 1,
            PartKind::Type,
            resp,
            depth,
            format!("'{}' starts {} {}", marker as char, article(resp), resp),
        );
        let Some(cr) = self.line_end(at + 1) else {
            return self.rest(
                at + 1,
                PartKind::Incomplete,
                resp,
                depth,
                "the line is not finished (no \\r\\n yet)",
            );
        };
        let text = &self.buf[at + 1..cr];
        let shown = String::from_utf8_lossy(text);
        match marker {
            b'+' | b'-' | b':' | b',' | b'(' | b'#' | b'_' => {
                let note = match marker {
                    b'+' => format!("the text \"{shown}\""),
                    b'-' => format!("the error message \"{shown}\" (first word is its code)"),
                    b':' => format!("the integer {shown}"),
                    b',' => format!("the double {shown}"),
                    b'(' => format!("the big number {shown}"),
                    b'#' => format!("{} (t = true, f = false)", shown),
                    _ => "null has no payload".into(),
                };
                self.push(at + 1..cr, PartKind::Payload, resp, depth, note);
                Some(self.crlf(cr, resp, depth))
            }
            _ => {
                let Some(n) = std::str::from_utf8(text)
                    .ok()
                    .and_then(|s| s.parse::<i64>().ok())
                else {
                    return self.rest(
                        at + 1,
                        PartKind::Invalid,
                        resp,
                        depth,
                        "the length is not a number",
                    );
                };
                let aggregate = matches!(marker, b'*' | b'%' | b'~' | b'>' | b'|');
                let note = if n < 0 {
                    format!("{n}: a null {resp} (RESP2's nil)")
                } else if aggregate {
                    let unit = if matches!(marker, b'%' | b'|') {
                        "key/value pairs"
                    } else {
                        "elements"
                    };
                    format!("{n} {unit} follow")
                } else {
                    format!("{n} bytes of payload follow")
                };
                self.push(at + 1..cr, PartKind::Length, resp, depth, note);
                let mut pos = self.crlf(cr, resp, depth);
                if n < 0 {
                    return Some(pos);
                }
                let n = n as u64;
                if aggregate {
                    let count = if matches!(marker, b'%' | b'|') {
                        n.saturating_mul(2)
                    } else {
                        n
                    };
                    for _ in 0..count {
                        pos = self.value(pos, depth + 1)?;
                    }
                    Some(pos)
                } else {
                    let avail = (self.buf.len() - pos) as u64;
                    if avail < n {
                        return self.rest(
                            pos,
                            PartKind::Incomplete,
                            resp,
                            depth,
                            "the payload is not complete yet",
                        );
                    }
                    let end = pos + n as usize;
                    let payload = &self.buf[pos..end];
                    let note = if marker == b'=' && payload.len() >= 4 {
                        format!(
                            "format \"{}\" then the text",
                            String::from_utf8_lossy(&payload[..3])
                        )
                    } else {
                        format!("the {n} bytes: {}", crate::frame::quote(payload))
                    };
                    self.push(pos..end, PartKind::Payload, resp, depth, note);
                    match self.buf.get(end..end + 2) {
                        Some(b"\r\n") => Some(self.crlf(end, resp, depth)),
                        Some(_) => self.rest(
                            end,
                            PartKind::Invalid,
                            resp,
                            depth,
                            "the payload must be followed by \\r\\n",
                        ),
                        None => self.rest(
                            end,
                            PartKind::Incomplete,
                            resp,
                            depth,
                            "the closing \\r\\n has not arrived",
                        ),
                    }
                }
            }
        }
    }
}

fn article(word: &str) -> &'static str {
    match word.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => "an",
        _ => "a",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(buf: &[u8]) -> Vec<(String, &'static str)> {
        explain(buf)
            .into_iter()
            .map(|p| {
                (
                    String::from_utf8_lossy(&buf[p.range]).into_owned(),
                    p.kind.name(),
                )
            })
            .collect()
    }

    fn covers(buf: &[u8]) {
        let parts = explain(buf);
        let mut pos = 0;
        for p in &parts {
            assert_eq!(p.range.start, pos, "{buf:?}");
            pos = p.range.end;
        }
        assert_eq!(pos, buf.len(), "{buf:?}");
    }

    #[test]
    fn request_parts() {
        let k = kinds(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        let shown: Vec<String> = k.iter().map(|(s, k)| format!("{k}:{s:?}")).collect();
        assert_eq!(
            shown.join(" "),
            "type:\"*\" length:\"2\" crlf:\"\\r\\n\" type:\"$\" length:\"3\" crlf:\"\\r\\n\" payload:\"GET\" crlf:\"\\r\\n\" type:\"$\" length:\"1\" crlf:\"\\r\\n\" payload:\"k\" crlf:\"\\r\\n\""
        );
    }

    #[test]
    fn replies_inline_and_broken_input_are_covered() {
        for input in [
            &b"+OK\r\n:12\r\n$-1\r\n_\r\n%1\r\n$1\r\na\r\n,1.5\r\n"[..],
            b"set a b\r\nPING\n",
            b"*2\r\n$3\r\nGE",
            b"*1\r\n$3\r\nGETxx",
            b"*x\r\n",
            b"$99999999999\r\nab",
            b"",
        ] {
            covers(input);
        }
        assert_eq!(
            kinds(b"*1\r\n$3\r\nGETxx").last().map(|p| p.1),
            Some("invalid")
        );
        assert_eq!(kinds(b"PING\n")[0].1, "inline");
    }
}
