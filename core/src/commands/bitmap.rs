//! Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.
//!
//! Bitmaps are plain `Value::String`s read most significant bit first, as Redis's
//! `bitops.c`. Missing keys read as an infinite run of zero bits; writes grow the string
//! zero-padded up to the highest byte they touch. Every bit offset is checked against
//! `proto-max-bulk-len` (in bytes) before the string grows, so a user-supplied offset can
//! never allocate more than that limit.
//!
//! The order in which arguments and the key are checked follows Redis 7.0 exactly (BITCOUNT
//! and BITPOS look the key up before parsing their range), because clients see which error
//! wins.

use super::{flags::*, parse_i64, typed, typed_write, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::{Kind, StringEncoding, Value};

/// Redis's `getBitOffsetFromArgument`: a bit offset, or with `hash_bits` = `Some(bits)` also
/// the `#N` form (N * bits). Refused when negative or beyond `proto-max-bulk-len` bytes.
fn bit_offset(ctx: &Ctx<'_>, arg: &[u8], hash_bits: Option<u32>) -> CmdResult<u64> {
    let bad = || CmdError::Borrowed(error::BIT_OFFSET);
    let (digits, mult) = match (arg.first(), hash_bits) {
        (Some(b'#'), Some(bits)) => (&arg[1..], i64::from(bits)),
        _ => (arg, 1),
    };
    // Redis multiplies with C's (wrapping) arithmetic, then range-checks the product.
    let off = parse_i64(digits).map_err(|_| bad())?.wrapping_mul(mult);
    let max = ctx.state.config.proto_max_bulk_len as u64;
    if off < 0 || (off as u64 >> 3) >= max {
        return Err(bad());
    }
    Ok(off as u64)
}

/// Redis's `lookupStringForBitCommand`: the string under `key`, created or grown
/// (zero-padded) so that bit `max_bit` exists. WRONGTYPE for other types.
fn string_for_bits<'c>(
    ctx: &'c mut Ctx<'_>,
    key: &[u8],
    max_bit: u64,
) -> CmdResult<&'c mut Vec<u8>> {
    // `max_bit` was checked against proto-max-bulk-len, so this size is bounded.
    let need = (max_bit >> 3) as usize + 1;
    let now = ctx.now;
    let db = ctx.db();
    if typed_write(db, key, now, Kind::String)?.is_none() {
        db.set(key, Value::String(crate::keyspace::Str::from(Vec::new())));
    }
    // Bits are written in place, so Redis holds the value as a `raw` string.
    db.set_string_encoding(key, StringEncoding::Raw);
    match db.value_mut(key, now) {
        Some(Value::String(s)) => {
            let s = s.make_mut();
            if s.len() < need {
                s.resize(need, 0);
            }
            Ok(s)
        }
        _ => unreachable!("a string was just found or stored under the key"),
    }
}

/// Runs `f` on the string under `key` (borrowed in place: no copy of a large bitmap) and
/// replies its integer; replies `missing` when the key is absent. WRONGTYPE for other types.
fn with_string(
    ctx: &mut Ctx<'_>,
    key: &[u8],
    missing: i64,
    f: impl FnOnce(&[u8]) -> CmdResult<i64>,
) -> CmdResult {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let n = match typed(db, key, now, Kind::String)? {
        Some(Value::String(s)) => f(s)?,
        _ => missing,
    };
    out.int(n);
    Ok(())
}

/// SETBIT key offset value
fn setbit(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let offset = bit_offset(ctx, args.next_arg()?, None)?;
    let on = parse_i64(args.next_arg()?).map_err(|_| CmdError::Borrowed(error::BIT_VALUE))?;
    if on & !1 != 0 {
        return Err(CmdError::Borrowed(error::BIT_VALUE));
    }
    let s = string_for_bits(ctx, key, offset)?;
    let byte = (offset >> 3) as usize;
    let mask = 1u8 << (7 - (offset & 7));
    let old = s[byte] & mask != 0;
    if on == 1 {
        s[byte] |= mask;
    } else {
        s[byte] &= !mask;
    }
    ctx.touch(key);
    ctx.out.int(i64::from(old));
    Ok(())
}

/// GETBIT key offset
fn getbit(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let offset = bit_offset(ctx, args.next_arg()?, None)?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let bit = match typed(db, key, now, Kind::String)? {
        Some(Value::String(s)) => s
            .get((offset >> 3) as usize)
            .is_some_and(|b| b & (1 << (7 - (offset & 7))) != 0),
        _ => false,
    };
    out.int(i64::from(bit));
    Ok(())
}

/// Parses BYTE | BIT (case-insensitively); a syntax error otherwise.
fn parse_unit(arg: &[u8]) -> CmdResult<bool> {
    if arg.eq_ignore_ascii_case(b"bit") {
        Ok(true)
    } else if arg.eq_ignore_ascii_case(b"byte") {
        Ok(false)
    } else {
        Err(CmdError::Borrowed(error::SYNTAX))
    }
}

/// A byte range of a bitmap with masks for the bits outside it in its first and last byte
/// (Redis's `first_byte_neg_mask` / `last_byte_neg_mask`; 0 = the whole byte counts).
struct Range {
    start: i64,
    end: i64,
    first_neg: u8,
    last_neg: u8,
}

/// Normalises `start..=end` (negative = from the end) over a string of `len` bytes, in bits
/// when `bit`, into bytes and edge masks, as BITCOUNT and BITPOS do.
fn normalise(len: i64, mut start: i64, mut end: i64, bit: bool) -> Range {
    let total = if bit { len << 3 } else { len };
    if start < 0 {
        start += total;
    }
    if end < 0 {
        end += total;
    }
    start = start.max(0);
    end = end.max(0);
    if end >= total {
        end = total - 1;
    }
    let (mut first_neg, mut last_neg) = (0, 0);
    if bit && start <= end {
        first_neg = !((1u16 << (8 - (start & 7))) - 1) as u8;
        last_neg = ((1u16 << (7 - (end & 7))) - 1) as u8;
        start >>= 3;
        end >>= 3;
    }
    Range {
        start,
        end,
        first_neg,
        last_neg,
    }
}

/// BITCOUNT key [start end [BYTE | BIT]]
fn bitcount(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    // Redis 7.0 answers 0 for a missing key before looking at the range.
    with_string(ctx, key, 0, |s| bitcount_of(s, args))
}

/// BITCOUNT's count over `s`, the range still to be parsed from `args`.
fn bitcount_of(s: &[u8], args: &mut Args<'_>) -> CmdResult<i64> {
    let argc = args.len();
    let r = match argc {
        4 | 5 => {
            let start = args.next_i64()?;
            let end = args.next_i64()?;
            if start < 0 && end < 0 && start > end {
                return Ok(0);
            }
            let bit = if argc == 5 {
                parse_unit(args.next_arg()?)?
            } else {
                false
            };
            normalise(s.len() as i64, start, end, bit)
        }
        2 => Range {
            start: 0,
            end: s.len() as i64 - 1,
            first_neg: 0,
            last_neg: 0,
        },
        _ => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    if r.start > r.end {
        return Ok(0);
    }
    let (a, b) = (r.start as usize, r.end as usize);
    let mut count: i64 = s[a..=b].iter().map(|x| i64::from(x.count_ones())).sum();
    count -= i64::from((s[a] & r.first_neg).count_ones());
    count -= i64::from((s[b] & r.last_neg).count_ones());
    Ok(count)
}

/// Redis's `redisBitpos`: the first `bit` in `bytes`; not found: -1 for a 1, or the bit just
/// past the end for a 0 (the string reads as zero-padded).
fn first_bit(bytes: &[u8], bit: bool) -> i64 {
    for (i, &b) in bytes.iter().enumerate() {
        let b = if bit { b } else { !b };
        if b != 0 {
            return (i as i64) * 8 + i64::from(b.leading_zeros());
        }
    }
    if bit {
        -1
    } else {
        bytes.len() as i64 * 8
    }
}

/// BITPOS key bit [start [end [BYTE | BIT]]]
fn bitpos(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let bit = args.next_i64()?;
    if bit != 0 && bit != 1 {
        return Err(CmdError::Borrowed(error::BITPOS_BIT));
    }
    let bit = bit == 1;
    // A missing key is an infinite run of zeros.
    with_string(ctx, key, if bit { -1 } else { 0 }, |s| {
        bitpos_of(s, bit, args)
    })
}

/// BITPOS's answer over `s`, the range still to be parsed from `args`.
fn bitpos_of(s: &[u8], bit: bool, args: &mut Args<'_>) -> CmdResult<i64> {
    let argc = args.len();
    let len = s.len() as i64;
    let mut end_given = false;
    let r = match argc {
        4..=6 => {
            let start = args.next_i64()?;
            let unit_bit = if argc == 6 {
                parse_unit(args.get(5))?
            } else {
                false
            };
            let end = if argc >= 5 {
                end_given = true;
                args.next_i64()?
            } else if unit_bit {
                (len << 3) + 7
            } else {
                len - 1
            };
            normalise(len, start, end, unit_bit)
        }
        3 => Range {
            start: 0,
            end: len - 1,
            first_neg: 0,
            last_neg: 0,
        },
        _ => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    if r.start > r.end {
        return Ok(-1);
    }
    // A transcription of Redis's edge handling: the first and last byte are masked so bits
    // outside the range never match, and `bytes` ends as the size of the last piece searched.
    let (mut start, end) = (r.start, r.end);
    let mut bytes = end - start + 1;
    let masked = |b: u8, neg: u8| if bit { b & !neg } else { b | neg };
    let pos = 'search: {
        if r.first_neg != 0 {
            let mut tmp = masked(s[start as usize], r.first_neg);
            if r.last_neg != 0 && bytes == 1 {
                tmp = masked(tmp, r.last_neg);
            }
            let pos = first_bit(&[tmp], bit);
            if bytes == 1 || (pos != -1 && pos != 8) {
                break 'search pos;
            }
            start += 1;
            bytes -= 1;
        }
        let cur = bytes - i64::from(r.last_neg != 0);
        if cur > 0 {
            let from = start as usize;
            let pos = first_bit(&s[from..from + cur as usize], bit);
            if bytes == cur || (pos != -1 && pos != cur << 3) {
                break 'search pos;
            }
            start += cur;
            bytes -= cur;
        }
        first_bit(&[masked(s[end as usize], r.last_neg)], bit)
    };
    let pos = if end_given && !bit && pos == bytes << 3 {
        -1
    } else if pos != -1 {
        pos + (start << 3)
    } else {
        pos
    };
    Ok(pos)
}

/// BITOP AND | OR | XOR | NOT destkey key [key ...]
fn bitop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    #[derive(Clone, Copy, PartialEq)]
    enum Op {
        And,
        Or,
        Xor,
        Not,
    }
    let name = args.next_arg()?;
    let op = match name.to_ascii_lowercase().as_slice() {
        b"and" => Op::And,
        b"or" => Op::Or,
        b"xor" => Op::Xor,
        b"not" => Op::Not,
        _ => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    if op == Op::Not && args.len() != 4 {
        return Err(CmdError::Borrowed(error::BITOP_NOT_ONE_KEY));
    }
    let dest = args.next_key()?;
    let now = ctx.now;
    let keys = args.position()..args.len();
    let db = ctx.db();
    // First pass: expire due keys and check types; then borrow the live strings together.
    for i in keys.clone() {
        typed(db, args.get(i), now, Kind::String)?;
    }
    let mut srcs: Vec<&[u8]> = Vec::with_capacity(keys.len());
    for i in keys {
        srcs.push(match db.lookup(args.get(i)).map(|e| &e.value) {
            Some(Value::String(s)) => s.as_slice(),
            _ => &[],
        });
    }
    let maxlen = srcs.iter().map(|s| s.len()).max().unwrap_or(0);
    if maxlen == 0 {
        if ctx.db().remove(dest).is_some() {
            ctx.touch(dest);
        }
        ctx.out.int(0);
        return Ok(());
    }
    // Shorter strings read as zero-padded, so AND with a shorter (or missing) key clears.
    let mut res = srcs[0].to_vec();
    res.resize(maxlen, 0);
    if op == Op::Not {
        for b in &mut res {
            *b = !*b;
        }
    }
    for s in &srcs[1..] {
        for (i, r) in res.iter_mut().enumerate() {
            let b = s.get(i).copied().unwrap_or(0);
            match op {
                Op::And => *r &= b,
                Op::Or => *r |= b,
                Op::Xor => *r ^= b,
                Op::Not => {}
            }
        }
    }
    let db = ctx.db();
    db.set(dest, Value::String(crate::keyspace::Str::from(res)));
    db.set_string_encoding(dest, StringEncoding::Raw);
    ctx.touch(dest);
    ctx.out.int(maxlen as i64);
    Ok(())
}

/// What BITFIELD does when a SET or INCRBY leaves the type's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overflow {
    Wrap,
    Sat,
    Fail,
}

/// One parsed BITFIELD operation.
#[derive(Debug, Clone, Copy)]
struct FieldOp {
    /// `None` = GET; `Some(false)` = SET; `Some(true)` = INCRBY.
    write: Option<bool>,
    signed: bool,
    bits: u32,
    offset: u64,
    value: i64,
    overflow: Overflow,
}

/// Redis's `getBitfieldTypeFromArgument`: `i1`..`i64` or `u1`..`u63`.
fn field_type(arg: &[u8]) -> CmdResult<(bool, u32)> {
    let bad = || CmdError::Borrowed(error::BITFIELD_TYPE);
    let signed = match arg.first() {
        Some(b'i') => true,
        Some(b'u') => false,
        _ => return Err(bad()),
    };
    let bits = parse_i64(&arg[1..]).map_err(|_| bad())?;
    if bits < 1 || (signed && bits > 64) || (!signed && bits > 63) {
        return Err(bad());
    }
    Ok((signed, bits as u32))
}

/// Reads `bits` bits at bit `offset` of `p` (zero past its end), most significant first.
fn get_unsigned(p: &[u8], offset: u64, bits: u32) -> u64 {
    let mut v = 0u64;
    for i in 0..u64::from(bits) {
        let o = offset + i;
        let byte = p.get((o >> 3) as usize).copied().unwrap_or(0);
        let b = (byte >> (7 - (o & 7))) & 1;
        v = (v << 1) | u64::from(b);
    }
    v
}

/// [`get_unsigned`] sign-extended from bit `bits - 1`.
fn get_signed(p: &[u8], offset: u64, bits: u32) -> i64 {
    let v = get_unsigned(p, offset, bits) as i64;
    if bits < 64 && v & (1i64 << (bits - 1)) != 0 {
        v | (-1i64 << bits)
    } else {
        v
    }
}

/// The value of a BITFIELD GET: the field `op` names, signed or not as its type says.
#[inline(never)]
fn read_field(s: &[u8], op: &FieldOp) -> i64 {
    if op.signed {
        get_signed(s, op.offset, op.bits)
    } else {
        get_unsigned(s, op.offset, op.bits) as i64
    }
}

/// Writes the low `bits` bits of `v` at bit `offset` of `p` (which is long enough).
fn set_bits(p: &mut [u8], offset: u64, bits: u32, v: u64) {
    for i in 0..u64::from(bits) {
        let b = (v >> (u64::from(bits) - 1 - i)) & 1;
        let o = offset + i;
        let mask = 1u8 << (7 - (o & 7));
        let byte = &mut p[(o >> 3) as usize];
        if b == 1 {
            *byte |= mask;
        } else {
            *byte &= !mask;
        }
    }
}

/// Redis's `checkUnsignedBitfieldOverflow`: whether `value + incr` leaves `bits` unsigned
/// bits, and the wrapped or saturated result.
fn unsigned_overflow(value: u64, incr: i64, bits: u32, ow: Overflow) -> (bool, u64) {
    let max = (1u64 << bits) - 1;
    let maxincr = max.wrapping_sub(value) as i64;
    let minincr = value.wrapping_neg() as i64;
    let wrap = || value.wrapping_add(incr as u64) & max;
    if value > max || (incr > 0 && incr > maxincr) {
        (true, if ow == Overflow::Sat { max } else { wrap() })
    } else if incr < 0 && incr < minincr {
        (true, if ow == Overflow::Sat { 0 } else { wrap() })
    } else {
        (false, 0)
    }
}

/// Redis's `checkSignedBitfieldOverflow`, the signed counterpart.
fn signed_overflow(value: i64, incr: i64, bits: u32, ow: Overflow) -> (bool, i64) {
    let max = if bits == 64 {
        i64::MAX
    } else {
        (1i64 << (bits - 1)) - 1
    };
    let min = -max - 1;
    let maxincr = (max as u64).wrapping_sub(value as u64) as i64;
    let minincr = min.wrapping_sub(value);
    let wrap = || {
        let mut c = (value as u64).wrapping_add(incr as u64);
        if bits < 64 {
            let mask = u64::MAX << bits;
            if c & (1u64 << (bits - 1)) != 0 {
                c |= mask;
            } else {
                c &= !mask;
            }
        }
        c as i64
    };
    if value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr) {
        (true, if ow == Overflow::Sat { max } else { wrap() })
    } else if value < min
        || (bits != 64 && incr < minincr)
        || (value < 0 && incr < 0 && incr < minincr)
    {
        (true, if ow == Overflow::Sat { min } else { wrap() })
    } else {
        (false, 0)
    }
}

/// BITFIELD key [GET type offset | [OVERFLOW WRAP | SAT | FAIL] SET type offset value |
/// INCRBY type offset increment ...]
fn bitfield(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    bitfield_generic(ctx, args, false)
}

/// BITFIELD_RO key [GET type offset ...]
fn bitfield_ro(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    bitfield_generic(ctx, args, true)
}

/// Redis's `bitfieldGeneric`: parses every operation first (so a bad one runs none), then
/// runs them in order on one string.
fn bitfield_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, readonly_cmd: bool) -> CmdResult {
    let key = args.next_key()?;
    let mut ops = Vec::new();
    let mut overflow = Overflow::Wrap;
    let mut highest_write: u64 = 0;
    let mut writes = false;
    while let Some(sub) = args.peek() {
        args.seek(args.position() + 1);
        let rem = args.remaining();
        let is = |w: &[u8]| sub.eq_ignore_ascii_case(w);
        let write = if is(b"get") && rem >= 2 {
            None
        } else if is(b"set") && rem >= 3 {
            Some(false)
        } else if is(b"incrby") && rem >= 3 {
            Some(true)
        } else if is(b"overflow") && rem >= 1 {
            let t = args.next_arg()?;
            overflow = if t.eq_ignore_ascii_case(b"wrap") {
                Overflow::Wrap
            } else if t.eq_ignore_ascii_case(b"sat") {
                Overflow::Sat
            } else if t.eq_ignore_ascii_case(b"fail") {
                Overflow::Fail
            } else {
                return Err(CmdError::Borrowed(error::BITFIELD_OVERFLOW));
            };
            continue;
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        };
        let (signed, bits) = field_type(args.next_arg()?)?;
        let offset = bit_offset(ctx, args.next_arg()?, Some(bits))?;
        let mut value = 0;
        if write.is_some() {
            writes = true;
            highest_write = highest_write.max(offset + u64::from(bits) - 1);
            value = args.next_i64()?;
        }
        ops.push(FieldOp {
            write,
            signed,
            bits,
            offset,
            value,
            overflow,
        });
    }
    if !writes {
        let now = ctx.now;
        let (db, out) = ctx.db_out();
        let s: &[u8] = match typed(db, key, now, Kind::String)? {
            Some(Value::String(s)) => s,
            _ => &[],
        };
        out.array(ops.len());
        for op in &ops {
            out.int(read_field(s, op));
        }
        return Ok(());
    }
    if readonly_cmd {
        return Err(CmdError::Borrowed(error::BITFIELD_RO_GET_ONLY));
    }
    let s = string_for_bits(ctx, key, highest_write)?;
    // Each reply: Some(n) or None for a FAIL overflow.
    let mut replies: Vec<Option<i64>> = Vec::with_capacity(ops.len());
    for op in &ops {
        let Some(incr) = op.write else {
            replies.push(Some(read_field(s, op)));
            continue;
        };
        let (over, new, ret) = if op.signed {
            let old = get_signed(s, op.offset, op.bits);
            if incr {
                let (over, w) = signed_overflow(old, op.value, op.bits, op.overflow);
                let new = if over { w } else { old.wrapping_add(op.value) };
                (over, new as u64, new)
            } else {
                let (over, w) = signed_overflow(op.value, 0, op.bits, op.overflow);
                (over, (if over { w } else { op.value }) as u64, old)
            }
        } else {
            let old = get_unsigned(s, op.offset, op.bits);
            if incr {
                let (over, w) = unsigned_overflow(old, op.value, op.bits, op.overflow);
                let new = if over {
                    w
                } else {
                    old.wrapping_add(op.value as u64)
                };
                (over, new, new as i64)
            } else {
                let v = op.value as u64;
                let (over, w) = unsigned_overflow(v, 0, op.bits, op.overflow);
                (over, if over { w } else { v }, old as i64)
            }
        };
        if over && op.overflow == Overflow::Fail {
            replies.push(None);
        } else {
            set_bits(s, op.offset, op.bits, new);
            replies.push(Some(ret));
        }
    }
    ctx.touch(key);
    ctx.out.array(replies.len());
    for r in replies {
        match r {
            Some(n) => ctx.out.int(n),
            None => ctx.out.null(),
        }
    }
    Ok(())
}

/// The bitmap group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Sets or clears the bit at offset in the string value stored at key",
        since: "2.2.0",
        syntax: "key offset value",
        handler: Some(setbit),
        ..CommandSpec::base("setbit", 4, Group::Bitmap)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Returns the bit value at offset in the string value stored at key",
        since: "2.2.0",
        syntax: "key offset",
        handler: Some(getbit),
        ..CommandSpec::base("getbit", 3, Group::Bitmap)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Count set bits in a string",
        since: "2.6.0",
        syntax: "key [start end [BYTE | BIT]]",
        handler: Some(bitcount),
        ..CommandSpec::base("bitcount", -2, Group::Bitmap)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Find first bit set or clear in a string",
        since: "2.8.7",
        syntax: "key bit [start [end [BYTE | BIT]]]",
        handler: Some(bitpos),
        ..CommandSpec::base("bitpos", -3, Group::Bitmap)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 2,
        last_key: -1,
        step: 1,
        summary: "Perform bitwise operations between strings",
        since: "2.6.0",
        syntax: "AND | OR | XOR | NOT destkey key [key ...]",
        handler: Some(bitop),
        ..CommandSpec::base("bitop", -4, Group::Bitmap)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Perform arbitrary bitfield integer operations on strings",
        since: "3.2.0",
        syntax: "key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] SET encoding offset value | INCRBY encoding offset increment ...]",
        handler: Some(bitfield),
        ..CommandSpec::base("bitfield", -2, Group::Bitmap)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
        since: "6.0.0",
        syntax: "key [GET encoding offset ...]",
        handler: Some(bitfield_ro),
        ..CommandSpec::base("bitfield_ro", -2, Group::Bitmap)
    },
];
