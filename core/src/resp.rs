//! RESP codec: incremental request parsing and reply encoding.
//!
//! Parsing follows Redis 7.0's `processMultibulkBuffer` / `processInlineBuffer`
//! (networking.c) step for step, so that protocol errors carry the same text and happen at
//! the same byte. Parsing is incremental and resumable: [`RequestParser::parse`] either
//! yields a complete request, reports that more input is needed, or fails with a protocol
//! error. Feeding the same bytes split at any point yields the same requests.
//!
//! Invariant: nothing here allocates in proportion to a length the peer *announced*; buffers
//! grow only with bytes that actually arrived (an announced 512 MB bulk reserves nothing).
//!
//! Encoding is done by [`Reply`], a writer over the client's output buffer that knows the
//! client's protocol (RESP2 or RESP3) and maps RESP3-only types down to RESP2 as Redis does.

use std::ops::Range;

/// Longest inline request, or multibulk/bulk header line, Redis accepts (PROTO_INLINE_MAX_SIZE).
pub const PROTO_INLINE_MAX_SIZE: usize = 64 * 1024;

/// A protocol error: the text Redis replies with, after which the connection is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError(pub String);

/// What [`RequestParser::parse`] found at the front of the buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A complete request; its arguments are in the parser's `args` as ranges of the buffer
    /// (for multibulk) or in its owned `inline` storage (for inline requests).
    Request,
    /// An empty request (`*0\r\n`, `*-1\r\n`, a blank line): consumed, nothing to run.
    Empty,
    /// More bytes are needed; everything consumed so far is remembered.
    Incomplete,
}

/// Incremental request parser. One per client; it keeps its position across calls.
#[derive(Debug, Default)]
pub struct RequestParser {
    /// Bytes of the buffer already consumed by complete requests.
    pub pos: usize,
    /// Multibulk arguments still expected for the request being parsed (0 = none started).
    multibulk_len: usize,
    /// Length of the bulk being read, once its `$len` header has been parsed.
    bulk_len: Option<usize>,
    /// Where the current request started (so a request's ranges stay valid).
    /// Argument ranges of the current multibulk request, into the buffer.
    pub args: Vec<Range<usize>>,
    /// Arguments of an inline request (they may contain unescaped bytes, so they are owned).
    pub inline: Vec<Vec<u8>>,
    /// Whether the last complete request was inline (arguments in `inline`) or multibulk.
    pub is_inline: bool,
    /// Largest bulk length accepted (proto-max-bulk-len).
    pub max_bulk_len: usize,
}

#[inline]
fn find(buf: &[u8], from: usize, byte: u8) -> Option<usize> {
    buf[from..]
        .iter()
        .position(|&b| b == byte)
        .map(|i| i + from)
}

/// The fast path of a `*<count>\r\n` or `$<len>\r\n` header line starting at `pos` (its
/// prefix byte already checked): its value and the index of its `\r`, when the line is 1 to
/// 18 plain digits (no sign, no leading zero) followed by `\r` and at least one more buffered
/// byte. Anything else — a partial line, a sign, a leading zero, a stray byte, a huge
/// number — is `None`, and the caller takes the exact path (`find` + [`string2ll`]), which
/// then gives the same answer this would have for such lines, errors included.
///
/// One pass over the digits instead of a search for `\r` and then a parse: headers are most
/// of the bytes of a pipelined GET/SET and the parser was the engine's largest cost.
#[inline(always)]
fn quick_header(buf: &[u8], pos: usize) -> Option<(u64, usize)> {
    // One or two digits (every header of a typical GET/SET) without a loop: the digit(s),
    // `\r`, and the byte after it must be buffered.
    if let Some(&[a, b, c]) = buf.get(pos + 1..pos + 4) {
        let (da, db) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
        if da <= 9 && b == b'\r' {
            return Some((u64::from(da), pos + 2));
        }
        if (1..=9).contains(&da) && db <= 9 && c == b'\r' && buf.len() > pos + 4 {
            return Some((u64::from(da * 10 + db), pos + 3));
        }
    }
    let line = buf.get(pos + 1..)?;
    let mut n: u64 = 0;
    let mut digits = 0;
    // 19 digits cannot overflow a u64; more than 18 go the exact way anyway.
    for &b in line.iter().take(19) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        n = n * 10 + u64::from(d);
        digits += 1;
    }
    let cr = pos + 1 + digits;
    let plain = digits > 0 && digits <= 18 && (digits == 1 || line[0] != b'0');
    (plain && cr + 1 < buf.len() && buf[cr] == b'\r').then_some((n, cr))
}

/// Parses a signed decimal integer exactly as Redis's `string2ll`: no leading `+`, no leading
/// zeros (except "0"), no spaces, at most 20 digits, no overflow.
pub fn string2ll(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    if s == b"0" {
        return Some(0);
    }
    let (neg, digits) = match s[0] {
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits[0] == b'0' {
        return None;
    }
    let mut v: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        // Not `checked_mul`: on wasm32 that is a call to the 128-bit `__multi3` per digit
        // (request headers past two digits, every integer argument).
        if v > u64::MAX / 10 {
            return None;
        }
        v = (v * 10).checked_add(u64::from(c - b'0'))?;
    }
    if neg {
        if v > (i64::MAX as u64) + 1 {
            None
        } else {
            Some((v as i64).wrapping_neg())
        }
    } else if v > i64::MAX as u64 {
        None
    } else {
        Some(v as i64)
    }
}

impl RequestParser {
    /// A parser accepting bulks up to `max_bulk_len` bytes.
    pub fn new(max_bulk_len: usize) -> Self {
        RequestParser {
            max_bulk_len,
            ..Default::default()
        }
    }

    /// Parses the next request from `buf[self.pos..]`.
    ///
    /// On [`Parsed::Request`] the arguments are available through [`RequestParser::arg`] and
    /// `self.pos` is just past the request. On an error the connection must be closed after
    /// replying with the error text; the rest of the buffer is to be discarded.
    pub fn parse(&mut self, buf: &[u8]) -> Result<Parsed, ProtocolError> {
        if self.pos >= buf.len() {
            return Ok(Parsed::Incomplete);
        }
        if self.multibulk_len == 0 && self.args.is_empty() && buf[self.pos] != b'*' {
            return self.parse_inline(buf);
        }
        self.parse_multibulk(buf)
    }

    /// Argument `i` of the last complete request.
    pub fn arg<'a>(&'a self, buf: &'a [u8], i: usize) -> &'a [u8] {
        if self.is_inline {
            &self.inline[i]
        } else {
            &buf[self.args[i].clone()]
        }
    }

    /// Number of arguments of the last complete request.
    pub fn argc(&self) -> usize {
        if self.is_inline {
            self.inline.len()
        } else {
            self.args.len()
        }
    }

    /// Forgets the last request's arguments (call after running it).
    pub fn clear_request(&mut self) {
        self.args.clear();
        self.inline.clear();
        self.is_inline = false;
    }

    /// Discards consumed bytes from the front of `buf` and rebases positions. Call between
    /// batches, never while a request's ranges are in use.
    #[inline]
    pub fn compact(&mut self, buf: &mut Vec<u8>) {
        // The arguments already parsed of an incomplete request point into the buffer:
        // keep the bytes from the first of them on.
        let shift = self
            .args
            .first()
            .map_or(self.pos, |r| r.start.min(self.pos));
        if shift == 0 {
            return;
        }
        buf.drain(..shift.min(buf.len()));
        for r in &mut self.args {
            *r = (r.start - shift)..(r.end - shift);
        }
        self.pos -= shift;
    }

    /// Bytes buffered that belong to no complete request yet.
    pub fn pending(&self, buf: &[u8]) -> usize {
        buf.len().saturating_sub(self.pos)
    }

    fn parse_inline(&mut self, buf: &[u8]) -> Result<Parsed, ProtocolError> {
        let Some(nl) = find(buf, self.pos, b'\n') else {
            if buf.len() - self.pos > PROTO_INLINE_MAX_SIZE {
                return Err(ProtocolError(
                    "ERR Protocol error: too big inline request".into(),
                ));
            }
            return Ok(Parsed::Incomplete);
        };
        let mut end = nl;
        if end > self.pos && buf[end - 1] == b'\r' {
            end -= 1;
        }
        let line = &buf[self.pos..end];
        let args = split_args(line).ok_or_else(|| {
            ProtocolError("ERR Protocol error: unbalanced quotes in request".into())
        })?;
        self.pos = nl + 1;
        if args.is_empty() {
            return Ok(Parsed::Empty);
        }
        self.inline = args;
        self.is_inline = true;
        Ok(Parsed::Request)
    }

    fn parse_multibulk(&mut self, buf: &[u8]) -> Result<Parsed, ProtocolError> {
        if self.multibulk_len == 0 {
            // Array header `*<count>\r\n`.
            let (n, cr) = match quick_header(buf, self.pos) {
                // At most 18 digits: the value fits an i64.
                Some((n, cr)) => (Some(n as i64), cr),
                None => {
                    let Some(cr) = find(buf, self.pos, b'\r') else {
                        if buf.len() - self.pos > PROTO_INLINE_MAX_SIZE {
                            return Err(ProtocolError(
                                "ERR Protocol error: too big mbulk count string".into(),
                            ));
                        }
                        return Ok(Parsed::Incomplete);
                    };
                    // Redis requires the byte after '\r' to be buffered too.
                    if cr + 1 >= buf.len() {
                        return Ok(Parsed::Incomplete);
                    }
                    (string2ll(&buf[self.pos + 1..cr]), cr)
                }
            };
            let n = match n {
                Some(n) if n <= i64::from(i32::MAX) => n,
                _ => {
                    return Err(ProtocolError(
                        "ERR Protocol error: invalid multibulk length".into(),
                    ))
                }
            };
            self.pos = cr + 2;
            if n <= 0 {
                return Ok(Parsed::Empty);
            }
            self.multibulk_len = n as usize;
            self.args.clear();
            // Like Redis, never reserve more than 1024 slots on the peer's word alone.
            self.args.reserve(self.multibulk_len.min(1024));
        }
        self.parse_bulks(buf)
    }

    /// The bulk strings of the multibulk request whose header was read.
    fn parse_bulks(&mut self, buf: &[u8]) -> Result<Parsed, ProtocolError> {
        // Fast path: complete bulks with plain-digit headers, the position kept in locals.
        // It stops at anything else (a partial bulk, an odd header) and leaves that to the
        // exact loop below, which resumes from the state written back here.
        if self.bulk_len.is_none() {
            let max = self.max_bulk_len as u64;
            let (mut pos, mut left) = (self.pos, self.multibulk_len);
            while left > 0 && buf.get(pos) == Some(&b'$') {
                let Some((n, cr)) = quick_header(buf, pos).filter(|&(n, _)| n <= max) else {
                    break;
                };
                let (start, n) = (cr + 2, n as usize);
                if buf.len() - start < n + 2 {
                    break;
                }
                self.args.push(start..start + n);
                pos = start + n + 2;
                left -= 1;
            }
            self.pos = pos;
            self.multibulk_len = left;
        }
        while self.multibulk_len > 0 {
            let len = match self.bulk_len {
                Some(len) => len,
                None => {
                    let quick = match buf.get(self.pos) {
                        Some(b'$') => quick_header(buf, self.pos)
                            .filter(|&(n, _)| n <= self.max_bulk_len as u64),
                        _ => None,
                    };
                    let (len, cr) = match quick {
                        Some((n, cr)) => (n as usize, cr),
                        None => match self.bulk_header(buf)? {
                            Some(found) => found,
                            None => return Ok(Parsed::Incomplete),
                        },
                    };
                    self.pos = cr + 2;
                    self.bulk_len = Some(len);
                    len
                }
            };
            // The payload and its trailing CRLF (Redis skips two bytes without checking them).
            if buf.len() - self.pos < len + 2 {
                return Ok(Parsed::Incomplete);
            }
            self.args.push(self.pos..self.pos + len);
            self.pos += len + 2;
            self.bulk_len = None;
            self.multibulk_len -= 1;
        }
        self.is_inline = false;
        Ok(Parsed::Request)
    }

    /// A `$<len>\r\n` bulk header at `self.pos`, the exact way (Redis's checks in its order):
    /// its length and the index of its `\r`, `None` if the line is not complete yet.
    fn bulk_header(&self, buf: &[u8]) -> Result<Option<(usize, usize)>, ProtocolError> {
        let Some(cr) = find(buf, self.pos, b'\r') else {
            if buf.len() - self.pos > PROTO_INLINE_MAX_SIZE {
                return Err(ProtocolError(
                    "ERR Protocol error: too big bulk count string".into(),
                ));
            }
            return Ok(None);
        };
        if cr + 1 >= buf.len() {
            return Ok(None);
        }
        if buf[self.pos] != b'$' {
            let got = match buf[self.pos] {
                b'\r' | b'\n' => ' ',
                c => c as char,
            };
            return Err(ProtocolError(format!(
                "ERR Protocol error: expected '$', got '{got}'"
            )));
        }
        match string2ll(&buf[self.pos + 1..cr]) {
            Some(n) if n >= 0 && (n as u64) <= self.max_bulk_len as u64 => {
                Ok(Some((n as usize, cr)))
            }
            _ => Err(ProtocolError(
                "ERR Protocol error: invalid bulk length".into(),
            )),
        }
    }
}

/// Splits an inline request line into arguments like Redis's `sdssplitargs`: spaces separate,
/// `"..."` accepts `\n \r \t \b \a \\ \"` and `\xHH`, `'...'` accepts `\'`; a closing quote must
/// be followed by a space or the end. `None` means unbalanced quotes.
pub fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut i = 0;
    let is_space = |c: u8| matches!(c, b' ' | b'\n' | b'\r' | b'\t' | 0x0b | 0x0c);
    loop {
        while i < line.len() && is_space(line[i]) {
            i += 1;
        }
        if i >= line.len() {
            return Some(out);
        }
        let mut cur = Vec::new();
        let mut in_dq = false;
        let mut in_sq = false;
        loop {
            if in_dq {
                if i >= line.len() {
                    return None;
                }
                let c = line[i];
                if c == b'\\'
                    && i + 3 < line.len()
                    && line[i + 1] == b'x'
                    && line[i + 2].is_ascii_hexdigit()
                    && line[i + 3].is_ascii_hexdigit()
                {
                    let hex = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
                    cur.push(hex(line[i + 2]) * 16 + hex(line[i + 3]));
                    i += 3;
                } else if c == b'\\' && i + 1 < line.len() {
                    i += 1;
                    cur.push(match line[i] {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 0x08,
                        b'a' => 0x07,
                        other => other,
                    });
                } else if c == b'"' {
                    if i + 1 < line.len() && !is_space(line[i + 1]) {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    cur.push(c);
                }
            } else if in_sq {
                if i >= line.len() {
                    return None;
                }
                let c = line[i];
                if c == b'\\' && i + 1 < line.len() && line[i + 1] == b'\'' {
                    i += 1;
                    cur.push(b'\'');
                } else if c == b'\'' {
                    if i + 1 < line.len() && !is_space(line[i + 1]) {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    cur.push(c);
                }
            } else {
                if i >= line.len() {
                    break;
                }
                match line[i] {
                    c if is_space(c) => break,
                    b'"' => in_dq = true,
                    b'\'' => in_sq = true,
                    c => cur.push(c),
                }
            }
            i += 1;
        }
        out.push(cur);
    }
}

/// Which protocol a client speaks: RESP2 until `HELLO 3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    /// RESP2: maps become flat arrays, doubles bulk strings, nulls `$-1` / `*-1`.
    #[default]
    Resp2,
    /// RESP3: maps, sets, doubles, booleans, `_` null, push frames.
    Resp3,
}

/// Reply encoder over an output buffer, for one client's protocol.
///
/// Every method appends one complete RESP value (or an aggregate header whose elements the
/// caller appends next).
#[derive(Debug)]
pub struct Reply<'a> {
    /// The output buffer.
    pub buf: &'a mut Vec<u8>,
    /// The protocol of the client the reply is for.
    pub proto: Protocol,
}

impl<'a> Reply<'a> {
    /// A writer appending to `buf` in protocol `proto`.
    pub fn new(buf: &'a mut Vec<u8>, proto: Protocol) -> Self {
        Reply { buf, proto }
    }

    /// Whether the client speaks RESP3.
    pub fn resp3(&self) -> bool {
        self.proto == Protocol::Resp3
    }

    fn line(&mut self, prefix: u8, n: i64) {
        // Most headers carry a number below 100 (array sizes, short bulks): written as one
        // fixed-size append, without the digit loop or a variable-length copy.
        match n {
            0..=9 => {
                self.buf
                    .extend_from_slice(&[prefix, b'0' + n as u8, b'\r', b'\n']);
            }
            10..=99 => {
                let (tens, ones) = (n as u8 / 10, n as u8 % 10);
                self.buf
                    .extend_from_slice(&[prefix, b'0' + tens, b'0' + ones, b'\r', b'\n']);
            }
            _ => {
                self.buf.push(prefix);
                let mut b = itoa_buf();
                self.buf.extend_from_slice(fmt_i64(&mut b, n));
                self.buf.extend_from_slice(b"\r\n");
            }
        }
    }

    /// `+OK`.
    pub fn ok(&mut self) {
        self.buf.extend_from_slice(b"+OK\r\n");
    }

    /// A simple string `+s`. `s` must not contain CR or LF.
    pub fn simple(&mut self, s: &str) {
        self.buf.push(b'+');
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.extend_from_slice(b"\r\n");
    }

    /// An error `-TEXT`; `text` includes its code (`ERR ...`, `WRONGTYPE ...`). CR and LF are
    /// replaced by spaces, as Redis's `addReplyErrorLength` callers do.
    pub fn error(&mut self, text: &str) {
        self.buf.push(b'-');
        self.buf.extend(
            text.bytes()
                .map(|b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
        );
        self.buf.extend_from_slice(b"\r\n");
    }

    /// An integer `:n`.
    pub fn int(&mut self, n: i64) {
        self.line(b':', n);
    }

    /// A bulk string `$len\r\n...\r\n`.
    pub fn bulk(&mut self, s: &[u8]) {
        self.line(b'$', s.len() as i64);
        self.buf.extend_from_slice(s);
        self.buf.extend_from_slice(b"\r\n");
    }

    /// An integer sent as a bulk string (Redis's `addReplyBulkLongLong`).
    pub fn bulk_int(&mut self, n: i64) {
        let mut b = itoa_buf();
        let s = fmt_i64(&mut b, n);
        let len = s.len();
        self.line(b'$', len as i64);
        let mut b2 = itoa_buf();
        self.buf.extend_from_slice(fmt_i64(&mut b2, n));
        self.buf.extend_from_slice(b"\r\n");
    }

    /// The null bulk string: `$-1` in RESP2, `_` in RESP3.
    pub fn null(&mut self) {
        match self.proto {
            Protocol::Resp2 => self.buf.extend_from_slice(b"$-1\r\n"),
            Protocol::Resp3 => self.buf.extend_from_slice(b"_\r\n"),
        }
    }

    /// The null array: `*-1` in RESP2, `_` in RESP3.
    pub fn null_array(&mut self) {
        match self.proto {
            Protocol::Resp2 => self.buf.extend_from_slice(b"*-1\r\n"),
            Protocol::Resp3 => self.buf.extend_from_slice(b"_\r\n"),
        }
    }

    /// An array header of `n` elements.
    pub fn array(&mut self, n: usize) {
        self.line(b'*', n as i64);
    }

    /// A map header of `n` key/value pairs (`%n`; in RESP2 an array of `2n`).
    pub fn map(&mut self, n: usize) {
        match self.proto {
            Protocol::Resp2 => self.line(b'*', 2 * n as i64),
            Protocol::Resp3 => self.line(b'%', n as i64),
        }
    }

    /// A set header of `n` elements (`~n`; in RESP2 an array).
    pub fn set(&mut self, n: usize) {
        match self.proto {
            Protocol::Resp2 => self.line(b'*', n as i64),
            Protocol::Resp3 => self.line(b'~', n as i64),
        }
    }

    /// A push header of `n` elements (`>n`; in RESP2 an array).
    pub fn push(&mut self, n: usize) {
        match self.proto {
            Protocol::Resp2 => self.line(b'*', n as i64),
            Protocol::Resp3 => self.line(b'>', n as i64),
        }
    }

    /// A boolean: `#t` / `#f` in RESP3, `:1` / `:0` in RESP2.
    pub fn bool(&mut self, b: bool) {
        match (self.proto, b) {
            (Protocol::Resp2, true) => self.buf.extend_from_slice(b":1\r\n"),
            (Protocol::Resp2, false) => self.buf.extend_from_slice(b":0\r\n"),
            (Protocol::Resp3, true) => self.buf.extend_from_slice(b"#t\r\n"),
            (Protocol::Resp3, false) => self.buf.extend_from_slice(b"#f\r\n"),
        }
    }

    /// A double as Redis 7.0's `addReplyDouble`: `%.17g`, as a bulk string in RESP2 and a
    /// `,` double in RESP3; infinities as `inf` / `-inf`.
    pub fn double(&mut self, d: f64) {
        let s = if d.is_infinite() {
            if d > 0.0 { "inf" } else { "-inf" }.to_string()
        } else {
            format_g17(d)
        };
        match self.proto {
            Protocol::Resp2 => self.bulk(s.as_bytes()),
            Protocol::Resp3 => {
                self.buf.push(b',');
                self.buf.extend_from_slice(s.as_bytes());
                self.buf.extend_from_slice(b"\r\n");
            }
        }
    }

    /// A verbatim string (`=len\r\ntxt:...`); in RESP2 a bulk string. `format` is 3 bytes.
    pub fn verbatim(&mut self, s: &[u8], format: &str) {
        match self.proto {
            Protocol::Resp2 => self.bulk(s),
            Protocol::Resp3 => {
                self.line(b'=', (s.len() + 4) as i64);
                self.buf.extend_from_slice(format.as_bytes());
                self.buf.push(b':');
                self.buf.extend_from_slice(s);
                self.buf.extend_from_slice(b"\r\n");
            }
        }
    }

    /// Appends bytes that are already RESP.
    pub fn raw(&mut self, s: &[u8]) {
        self.buf.extend_from_slice(s);
    }
}

type ItoaBuf = [u8; 20];

fn itoa_buf() -> ItoaBuf {
    [0u8; 20]
}

/// Writes `v` in decimal at the end of `buf` and returns where its digits start; `buf` must
/// have room (20 bytes hold any `u64`). The engine's one integer-to-text loop, without
/// `core::fmt`.
#[inline]
pub fn digits_at_end(buf: &mut [u8], mut v: u64) -> usize {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    i
}

/// Formats `n` in decimal into `buf`, returning the digits.
pub fn fmt_i64(buf: &mut [u8; 20], n: i64) -> &[u8] {
    // i64::MIN is 19 digits and a sign.
    let mut i = digits_at_end(buf, n.unsigned_abs());
    if n < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

/// Formats a finite double like C's `printf("%.17g")`.
pub fn format_g17(d: f64) -> String {
    // Integral values (most scores) print as integers: below 1e17, `%.17g` shows every digit.
    if d != 0.0 && d.fract() == 0.0 && d.abs() < 1e17 {
        return (d as i64).to_string();
    }
    crate::keyspace::long_double::format_g(d, 17)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(input: &[u8]) -> (Vec<Vec<Vec<u8>>>, Option<String>) {
        let mut p = RequestParser::new(512 * 1024 * 1024);
        let mut out = Vec::new();
        loop {
            match p.parse(input) {
                Ok(Parsed::Request) => {
                    out.push((0..p.argc()).map(|i| p.arg(input, i).to_vec()).collect());
                    p.clear_request();
                }
                Ok(Parsed::Empty) => {}
                Ok(Parsed::Incomplete) => return (out, None),
                Err(e) => return (out, Some(e.0)),
            }
        }
    }

    #[test]
    fn multibulk_and_inline() {
        let (reqs, err) =
            parse_all(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\nset a \"b\\x41\\n\" 'c\\'d'\r\n");
        assert_eq!(err, None);
        assert_eq!(
            reqs,
            vec![
                vec![b"GET".to_vec(), b"k".to_vec()],
                vec![
                    b"set".to_vec(),
                    b"a".to_vec(),
                    b"bA\n".to_vec(),
                    b"c'd".to_vec()
                ],
            ]
        );
    }

    #[test]
    fn protocol_errors() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"*3000000000\r\n",
                "ERR Protocol error: invalid multibulk length",
            ),
            (b"*1\r\n$-1\r\n", "ERR Protocol error: invalid bulk length"),
            (
                b"*1\r\n$536870913\r\n",
                "ERR Protocol error: invalid bulk length",
            ),
            (
                b"*2\r\n$3\r\nGET\r\n:1\r\n",
                "ERR Protocol error: expected '$', got ':'",
            ),
            (
                b"set \"a b\r\n",
                "ERR Protocol error: unbalanced quotes in request",
            ),
            (b"*x\r\n", "ERR Protocol error: invalid multibulk length"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_all(input).1.as_deref(), Some(*want), "{:?}", input);
        }
        let big = vec![b'a'; PROTO_INLINE_MAX_SIZE + 1];
        assert_eq!(
            parse_all(&big).1.as_deref(),
            Some("ERR Protocol error: too big inline request")
        );
        let mut big = b"*".to_vec();
        big.extend(std::iter::repeat_n(b'1', PROTO_INLINE_MAX_SIZE + 1));
        assert_eq!(
            parse_all(&big).1.as_deref(),
            Some("ERR Protocol error: too big mbulk count string")
        );
    }

    /// Header lines take a fast path for plain digits; every other line must get exactly the
    /// answer `string2ll` gives (leading zeros, signs, spaces, 18/19/20 digits, overflow).
    #[test]
    fn header_numbers_parse_like_string2ll() {
        let bodies: &[&str] = &[
            "",
            "0",
            "00",
            "01",
            "09",
            "3",
            "10",
            "42",
            "99",
            "100",
            "4\n",
            "42\n",
            "-1",
            "-0",
            "+3",
            "3 ",
            " 3",
            "3a",
            "2147483647",
            "2147483648",
            "536870912",
            "536870913",
            "999999999999999999",
            "1000000000000000000",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999",
            "123456789012345678901",
        ];
        let max_bulk = 536_870_912;
        for body in bodies {
            let n = string2ll(body.as_bytes());
            let count = format!("*{body}\r\n");
            let want = match n {
                Some(n) if n <= i64::from(i32::MAX) && n <= 0 => Ok(Parsed::Empty),
                Some(n) if n <= i64::from(i32::MAX) => Ok(Parsed::Incomplete),
                _ => Err("ERR Protocol error: invalid multibulk length"),
            };
            let mut p = RequestParser::new(max_bulk);
            let got = p.parse(count.as_bytes()).map_err(|e| e.0);
            assert_eq!(got, want.map_err(String::from), "{count:?}");
            let bulk = format!("*1\r\n${body}\r\n");
            let want = match n {
                Some(n) if n >= 0 && n <= max_bulk as i64 => Ok(Parsed::Incomplete),
                _ => Err("ERR Protocol error: invalid bulk length".to_string()),
            };
            let mut p = RequestParser::new(max_bulk);
            assert_eq!(p.parse(bulk.as_bytes()).map_err(|e| e.0), want, "{bulk:?}");
        }
        // The byte after `\r` must be buffered before a header counts (Redis's rule).
        let mut p = RequestParser::new(max_bulk);
        assert_eq!(p.parse(b"*1\r"), Ok(Parsed::Incomplete));
        assert_eq!(p.parse(b"*1\r\n$3\r"), Ok(Parsed::Incomplete));
        assert_eq!(p.parse(b"*1\r\n$3\r\nGE"), Ok(Parsed::Incomplete));
        assert_eq!(p.parse(b"*1\r\n$3\r\nGET\r\n"), Ok(Parsed::Request));
        assert_eq!(p.arg(b"*1\r\n$3\r\nGET\r\n", 0), b"GET");
    }

    #[test]
    fn empty_requests_are_consumed() {
        let (reqs, err) = parse_all(b"*0\r\n*-10\r\n\r\n\n   \r\n*1\r\n$4\r\nPING\r\n");
        assert_eq!(err, None);
        assert_eq!(reqs, vec![vec![b"PING".to_vec()]]);
    }

    #[test]
    fn announced_bulk_reserves_nothing() {
        let mut p = RequestParser::new(512 * 1024 * 1024);
        let input = b"*1\r\n$536870912\r\n";
        assert_eq!(p.parse(input), Ok(Parsed::Incomplete));
        assert!(p.args.capacity() <= 1024);
    }

    /// Header lines (`:n`, `$len`, `*n`) read the same on every path of `Reply::line`.
    #[test]
    fn header_lines_match_decimal_formatting() {
        for n in [
            i64::MIN,
            -100,
            -10,
            -1,
            0,
            1,
            9,
            10,
            42,
            99,
            100,
            12345,
            i64::MAX,
        ] {
            let mut buf = Vec::new();
            let mut r = Reply::new(&mut buf, Protocol::Resp2);
            r.int(n);
            assert_eq!(buf, format!(":{n}\r\n").into_bytes());
        }
        for len in [0usize, 1, 9, 10, 99, 100, 1000] {
            let payload = vec![b'x'; len];
            let mut buf = Vec::new();
            Reply::new(&mut buf, Protocol::Resp2).bulk(&payload);
            let mut want = format!("${len}\r\n").into_bytes();
            want.extend_from_slice(&payload);
            want.extend_from_slice(b"\r\n");
            assert_eq!(buf, want);
            let mut buf = Vec::new();
            Reply::new(&mut buf, Protocol::Resp2).array(len);
            assert_eq!(buf, format!("*{len}\r\n").into_bytes());
        }
    }

    #[test]
    fn g17() {
        assert_eq!(format_g17(1.5), "1.5");
        assert_eq!(format_g17(0.1), "0.10000000000000001");
        assert_eq!(format_g17(1e20), "1e+20");
        assert_eq!(format_g17(123456789.0), "123456789");
        assert_eq!(format_g17(1e-5), "1.0000000000000001e-05");
        assert_eq!(format_g17(-3.0), "-3");
    }

    proptest::proptest! {
        #[test]
        fn split_at_any_byte(cut in 0usize..60) {
            let input: &[u8] = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\nPING\r\n*1\r\n$4\r\nPING\r\n";
            let cut = cut.min(input.len());
            let whole = parse_all(input);
            // Feed the first part, then the whole buffer, as a client buffer grows.
            let mut p = RequestParser::new(1 << 29);
            let mut reqs = Vec::new();
            for buf in [&input[..cut], input] {
                loop {
                    match p.parse(buf) {
                        Ok(Parsed::Request) => {
                            reqs.push((0..p.argc()).map(|i| p.arg(buf, i).to_vec()).collect::<Vec<_>>());
                            p.clear_request();
                        }
                        Ok(Parsed::Empty) => {}
                        Ok(Parsed::Incomplete) => break,
                        Err(_) => break,
                    }
                }
            }
            proptest::prop_assert_eq!(reqs, whole.0);
        }
    }
}
