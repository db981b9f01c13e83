//! Reply decoding: RESP2/RESP3 reply bytes to a [`Frame`] tree, and redis-cli-style rendering.
//!
//! Used by tests (transcripts), the differential harness and the playground; the engine
//! itself never decodes replies.

/// A decoded RESP value.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// `+text`
    Simple(Vec<u8>),
    /// `-text`
    Error(Vec<u8>),
    /// `:n`
    Integer(i64),
    /// `$len` payload
    Bulk(Vec<u8>),
    /// `$-1`, `*-1` or `_`
    Null,
    /// `*n`
    Array(Vec<Frame>),
    /// `%n` (pairs)
    Map(Vec<(Frame, Frame)>),
    /// `~n`
    Set(Vec<Frame>),
    /// `>n`
    Push(Vec<Frame>),
    /// `,d` (kept as text to render exactly)
    Double(Vec<u8>),
    /// `#t` / `#f`
    Boolean(bool),
    /// `=len` format:payload
    Verbatim(Vec<u8>, Vec<u8>),
    /// `(n`
    BigNumber(Vec<u8>),
}

/// Decodes one frame from the front of `buf`: `Ok(Some((frame, used)))`, `Ok(None)` if
/// incomplete, `Err` if malformed.
pub fn decode(buf: &[u8]) -> Result<Option<(Frame, usize)>, String> {
    decode_at(buf, 0, 0)
}

fn line(buf: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let rel = buf.get(at..)?.windows(2).position(|w| w == b"\r\n")?;
    Some((&buf[at..at + rel], at + rel + 2))
}

fn int(s: &[u8]) -> Result<i64, String> {
    std::str::from_utf8(s)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad integer {:?}", String::from_utf8_lossy(s)))
}

fn decode_at(buf: &[u8], at: usize, depth: usize) -> Result<Option<(Frame, usize)>, String> {
    if depth > 64 {
        return Err("nesting too deep".into());
    }
    let Some(&t) = buf.get(at) else {
        return Ok(None);
    };
    let Some((l, next)) = line(buf, at + 1) else {
        return Ok(None);
    };
    let agg = |n: i64, mut pos: usize| -> Result<Option<(Vec<Frame>, usize)>, String> {
        let mut items = Vec::new();
        for _ in 0..n.max(0) {
            match decode_at(buf, pos, depth + 1)? {
                Some((f, p)) => {
                    items.push(f);
                    pos = p;
                }
                None => return Ok(None),
            }
        }
        Ok(Some((items, pos)))
    };
    Ok(Some(match t {
        b'+' => (Frame::Simple(l.to_vec()), next),
        b'-' => (Frame::Error(l.to_vec()), next),
        b':' => (Frame::Integer(int(l)?), next),
        b',' => (Frame::Double(l.to_vec()), next),
        b'(' => (Frame::BigNumber(l.to_vec()), next),
        b'_' => (Frame::Null, next),
        b'#' => (Frame::Boolean(l == b"t"), next),
        b'$' | b'=' => {
            let n = int(l)?;
            if n < 0 {
                return Ok(Some((Frame::Null, next)));
            }
            let n = n as usize;
            if buf.len() < next + n + 2 {
                return Ok(None);
            }
            let payload = buf[next..next + n].to_vec();
            let f = if t == b'=' && n >= 4 {
                Frame::Verbatim(payload[..3].to_vec(), payload[4..].to_vec())
            } else {
                Frame::Bulk(payload)
            };
            (f, next + n + 2)
        }
        b'*' | b'~' | b'>' | b'%' => {
            let n = int(l)?;
            if n < 0 {
                return Ok(Some((Frame::Null, next)));
            }
            let count = if t == b'%' { n * 2 } else { n };
            let Some((items, end)) = agg(count, next)? else {
                return Ok(None);
            };
            let f = match t {
                b'*' => Frame::Array(items),
                b'~' => Frame::Set(items),
                b'>' => Frame::Push(items),
                _ => {
                    let mut it = items.into_iter();
                    let mut pairs = Vec::new();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        pairs.push((k, v));
                    }
                    Frame::Map(pairs)
                }
            };
            (f, end)
        }
        other => return Err(format!("unknown type byte {:?}", other as char)),
    }))
}

/// Quotes bytes as redis-cli does (`"a\x00b\n"`).
pub fn quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in s {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            b if b.is_ascii_graphic() || b == b' ' => out.push(b as char),
            b => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

/// Renders a frame as interactive redis-cli does (`(integer) 1`, `1) "a"`, `(nil)`).
pub fn render(f: &Frame) -> String {
    let mut out = String::new();
    render_into(f, 0, &mut out);
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

fn render_into(f: &Frame, indent: usize, out: &mut String) {
    match f {
        Frame::Simple(s) => out.push_str(&String::from_utf8_lossy(s)),
        Frame::Error(s) => {
            out.push_str("(error) ");
            out.push_str(&String::from_utf8_lossy(s));
        }
        Frame::Integer(n) => out.push_str(&format!("(integer) {n}")),
        Frame::Bulk(s) => out.push_str(&quote(s)),
        Frame::Null => out.push_str("(nil)"),
        Frame::Double(d) => out.push_str(&format!("(double) {}", String::from_utf8_lossy(d))),
        Frame::Boolean(b) => out.push_str(if *b { "(true)" } else { "(false)" }),
        Frame::BigNumber(n) => {
            out.push_str(&format!("(big number) {}", String::from_utf8_lossy(n)))
        }
        Frame::Verbatim(_, s) => out.push_str(&quote(s)),
        Frame::Array(items) | Frame::Set(items) | Frame::Push(items) => {
            if items.is_empty() {
                out.push_str(if matches!(f, Frame::Set(_)) {
                    "(empty set)"
                } else {
                    "(empty array)"
                });
                return;
            }
            let w = items.len().to_string().len();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                }
                let label = format!("{:>w$}) ", i + 1);
                out.push_str(&label);
                render_into(item, indent + label.len(), out);
            }
        }
        Frame::Map(pairs) => {
            if pairs.is_empty() {
                out.push_str("(empty hash)");
                return;
            }
            let w = pairs.len().to_string().len();
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                }
                let label = format!("{:>w$}# ", i + 1);
                out.push_str(&label);
                render_into(k, indent + label.len(), out);
                out.push_str(" => ");
                render_into(v, indent + label.len() + 4, out);
            }
        }
    }
}

/// Encodes a command as a RESP array of bulk strings.
pub fn encode_command<A: AsRef<[u8]>>(args: &[A]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        let a = a.as_ref();
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}
