//! List commands (Redis's `t_list.c` command layer): LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP,
//! RPOP, LLEN, LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS, LMOVE, RPOPLPUSH, LMPOP and
//! the blocking BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP.
//!
//! Handlers parse and check their arguments in Redis's order (so the same bad command gets the
//! same error), call the [`List`] API and build the reply. Invariants kept here:
//! - an empty list is never stored: the command that removes the last element deletes the key;
//! - every push (LMOVE's destination included) signals the key ready for blocked clients, and
//!   every modification touches the key;
//! - a blocking command re-run because a key became ready (`ctx.ready_key`) serves from that key
//!   only, and parks again (writing nothing) if it is no longer a non-empty list, like Redis
//!   7.0's `serveClientsBlockedOnListKey`.

use super::TimeoutReply;
use super::{flags::*, parse_i64, typed, typed_mut, Args, BlockRequest, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::list::{End, List, Side};
use crate::keyspace::long_double::{LongDouble, Parsed};
use crate::keyspace::{Db, Key, Kind, Value};
use crate::Millis;

/// The list under `key`, `None` if absent, WRONGTYPE if another type.
fn list_mut<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d mut List>> {
    match typed_mut(db, key, now, Kind::List)? {
        Some(Value::List(l)) => Ok(Some(l)),
        _ => Ok(None),
    }
}

/// Read-only counterpart of [`list_mut`].
fn list_ref<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d List>> {
    match typed(db, key, now, Kind::List)? {
        Some(Value::List(l)) => Ok(Some(l)),
        _ => Ok(None),
    }
}

/// Deletes `key` if it holds an empty list (keeps "empty lists are never stored").
fn delete_if_empty(db: &mut Db, key: &[u8], now: Millis) {
    if matches!(db.value(key, now), Some(Value::List(l)) if l.is_empty()) {
        db.remove(key);
    }
}

/// Parses `LEFT` / `RIGHT` (Redis's `getListPositionFromObjectOrReply`).
fn parse_end(arg: &[u8]) -> CmdResult<End> {
    if arg.eq_ignore_ascii_case(b"left") {
        Ok(End::Left)
    } else if arg.eq_ignore_ascii_case(b"right") {
        Ok(End::Right)
    } else {
        Err(CmdError::Borrowed(error::SYNTAX))
    }
}

/// Parses a count that must be `>= 0`, with `msg` as the error for both a non-integer and a
/// negative value (Redis's `getPositiveLongFromObjectOrReply`).
fn parse_non_negative(arg: &[u8], msg: &'static str) -> CmdResult<usize> {
    match crate::resp::string2ll(arg) {
        Some(n) if n >= 0 => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        _ => Err(CmdError::Borrowed(msg)),
    }
}

/// Parses a blocking command's timeout in seconds (fractions allowed) into milliseconds, as
/// Redis 7.0's `getTimeoutFromObjectOrReply(..., UNIT_SECONDS)`: the text must be a C
/// `strtold` number with nothing around it and not NaN; the milliseconds are the product
/// truncated toward zero, and a product that does not fit a `long long` becomes `LLONG_MIN`
/// (what x86-64 yields), hence "timeout is negative" for `inf` or `1e400`. Returns 0 for
/// "forever". Redis 7.0 has no upper bound: a huge timeout simply never fires.
///
/// Shared by every blocking command that takes seconds (BLPOP, BLMOVE, BZPOPMIN, ...).
pub fn parse_timeout(arg: &[u8]) -> CmdResult<u64> {
    let not_float = || CmdError::Borrowed(error::TIMEOUT_NOT_FLOAT);
    // `string2ld`'s acceptance, range checks included, is INCRBYFLOAT's parser's.
    let parsed = LongDouble::parse(arg).ok_or_else(not_float)?;
    let text = std::str::from_utf8(arg).map_err(|_| not_float())?;
    // Plain decimals are scaled exactly (an `f64` would round 9223372036854775 s up past
    // LLONG_MAX ms, where an 80-bit `long double` does not); hex floats go through `f64`.
    let ms = match (decimal_millis(text), parsed) {
        (Some(ms), _) => ms,
        // C's out-of-range conversion of +-inf * 1000.
        (None, Parsed::Infinite) => i64::MIN,
        (None, Parsed::Finite(_)) => {
            let ms = hex_seconds(text).ok_or_else(not_float)? * 1000.0;
            // 2^63 is exact in f64; `as` would saturate instead of yielding C's LLONG_MIN.
            const LIMIT: f64 = 9_223_372_036_854_775_808.0;
            if (-LIMIT..LIMIT).contains(&ms) {
                ms as i64
            } else {
                i64::MIN
            }
        }
    };
    u64::try_from(ms).map_err(|_| CmdError::Borrowed(error::TIMEOUT_NEGATIVE))
}

/// A plain decimal float text (already validated) times 1000, truncated toward zero,
/// computed exactly on the digits; `i64::MIN` when it does not fit (C's out-of-range
/// conversion on x86-64). `None` for other syntaxes (hexadecimal, infinities).
fn decimal_millis(text: &str) -> Option<i64> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let b = body.as_bytes();
    let hex = b.len() > 1 && b[0] == b'0' && (b[1] | 0x20) == b'x';
    if hex || !b.first().is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
        return None;
    }
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => {
            let e = &body[i + 1..];
            // Exponents too long for i64 are far outside the range checked below anyway.
            let exp = e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                -1_000_000
            } else {
                1_000_000
            });
            (&body[..i], exp)
        }
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: Vec<u8> = int
        .bytes()
        .chain(frac.bytes())
        .skip_while(|&c| c == b'0')
        .collect();
    if digits.is_empty() {
        return Some(0);
    }
    // Number of digits left of the point in the result (value * 10^3).
    let whole = digits.len() as i64 + exp.clamp(-1_000_000, 1_000_000) + 3 - frac.len() as i64;
    if whole <= 0 {
        return Some(0);
    }
    if whole > 19 {
        return Some(i64::MIN);
    }
    let mut v: i128 = 0;
    for i in 0..whole as usize {
        v = v * 10 + i128::from(digits.get(i).map_or(0, |d| d - b'0'));
    }
    Some(i64::try_from(if neg { -v } else { v }).unwrap_or(i64::MIN))
}

/// The absolute deadline of a timeout from [`parse_timeout`] (`None` = forever).
pub fn deadline(now: Millis, timeout_ms: u64) -> Option<Millis> {
    (timeout_ms > 0).then(|| now.saturating_add(timeout_ms))
}

/// The value of a hexadecimal float text (`[+-]0x...`, already accepted by
/// `LongDouble::parse`) as an `f64`: an infinity beyond its range, 0 below it.
fn hex_seconds(text: &str) -> Option<f64> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    let v = parse_hex_float(lower.strip_prefix("0x")?)?;
    Some(if neg { -v } else { v })
}

/// A C hexadecimal float after its `0x`: hex digits, an optional fraction, an optional
/// binary exponent `p[+-]n`.
fn parse_hex_float(hex: &str) -> Option<f64> {
    let (mantissa, exp) = match hex.split_once('p') {
        // An exponent beyond i32 only comes with a zero mantissa here (anything else
        // overflowed or underflowed the long double and was refused).
        Some((m, e)) => (
            m,
            e.parse::<i32>().unwrap_or(if e.starts_with('-') {
                -100_000
            } else {
                100_000
            }),
        ),
        None => (hex, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0.0f64;
    for c in int.chars() {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    // A zero mantissa stays 0 whatever the exponent (0 * inf would be NaN).
    Some(if v == 0.0 { 0.0 } else { v * 2f64.powi(exp) })
}

/// LPUSH / RPUSH / LPUSHX / RPUSHX: pushes every element at `end`, creating the list unless
/// `only_existing`; replies with the new length (0 when an X variant finds no list).
fn push_generic(
    ctx: &mut Ctx<'_>,
    args: &mut Args<'_>,
    end: End,
    only_existing: bool,
) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let db = ctx.db();
    let len = match list_mut(db, key, now)? {
        Some(list) => {
            while let Some(e) = args.peek() {
                args.next_arg()?;
                list.push(end, e);
            }
            list.len()
        }
        None if only_existing => {
            ctx.out.int(0);
            return Ok(());
        }
        None => {
            let mut list = List::new();
            while let Some(e) = args.peek() {
                args.next_arg()?;
                list.push(end, e);
            }
            let len = list.len();
            db.set(key, Value::List(Box::new(list)));
            len
        }
    };
    ctx.touch(key);
    ctx.signal_ready(key);
    ctx.out.int(len as i64);
    Ok(())
}

/// LPUSH key element [element ...]
fn lpush(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    push_generic(ctx, args, End::Left, false)
}

/// RPUSH key element [element ...]
fn rpush(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    push_generic(ctx, args, End::Right, false)
}

/// LPUSHX key element [element ...]
fn lpushx(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    push_generic(ctx, args, End::Left, true)
}

/// RPUSHX key element [element ...]
fn rpushx(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    push_generic(ctx, args, End::Right, true)
}

/// LPOP / RPOP key [count]: without a count, one element as a bulk string (nil if no list);
/// with a count, an array of up to `count` elements (nil *array* if no list, empty array for
/// count 0). The count is checked before the key, as in Redis.
fn pop_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, end: End) -> CmdResult {
    let key = args.next_key()?;
    let count = match args.remaining() {
        0 => None,
        1 => Some(parse_non_negative(
            args.next_arg()?,
            error::MUST_BE_POSITIVE,
        )?),
        _ => return Err(error::wrong_args(ctx.spec.name)),
    };
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(list) = list_mut(db, key, now)? else {
        match count {
            Some(_) => out.null_array(),
            None => out.null(),
        }
        return Ok(());
    };
    match count {
        Some(0) => {
            out.array(0);
            return Ok(());
        }
        None => {
            let elem = list.pop(end).expect("stored lists are never empty");
            out.bulk(&elem);
        }
        Some(n) => {
            let elems = list.pop_many(end, n);
            out.array(elems.len());
            for e in &elems {
                out.bulk(e);
            }
        }
    }
    delete_if_empty(db, key, now);
    ctx.touch(key);
    Ok(())
}

/// LPOP key [count]
fn lpop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    pop_generic(ctx, args, End::Left)
}

/// RPOP key [count]
fn rpop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    pop_generic(ctx, args, End::Right)
}

/// LLEN key: the length, 0 if there is no list.
fn llen(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let len = list_ref(ctx.db(), key, now)?.map_or(0, List::len);
    ctx.out.int(len as i64);
    Ok(())
}

/// LRANGE key start stop: indexes are parsed before the key is looked up.
fn lrange(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let start = args.next_i64()?;
    let stop = args.next_i64()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    match list_ref(db, key, now)? {
        Some(list) => {
            let range = list.range(start, stop);
            out.array(range.len());
            for e in range {
                out.bulk(e);
            }
        }
        None => out.array(0),
    }
    Ok(())
}

/// LINDEX key index: the key is looked up before the index is parsed.
fn lindex(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(list) = list_ref(db, key, now)? else {
        out.null();
        return Ok(());
    };
    let index = args.next_i64()?;
    match list.get(index) {
        Some(e) => out.bulk(e),
        None => out.null(),
    }
    Ok(())
}

/// LSET key index element: "no such key" without a list, "index out of range" past its ends.
fn lset(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let db = ctx.db();
    let list = list_mut(db, key, now)?.ok_or(CmdError::Borrowed(error::NO_SUCH_KEY))?;
    let index = args.next_i64()?;
    let elem = args.next_arg()?;
    if !list.set(index, elem) {
        return Err(CmdError::Borrowed(error::INDEX_OUT_OF_RANGE));
    }
    ctx.touch(key);
    ctx.out.ok();
    Ok(())
}

/// LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot, 0 without
/// a list.
fn linsert(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let side = match args.next_arg()? {
        w if w.eq_ignore_ascii_case(b"after") => Side::After,
        w if w.eq_ignore_ascii_case(b"before") => Side::Before,
        _ => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    let pivot = args.next_arg()?;
    let elem = args.next_arg()?;
    let now = ctx.now;
    let Some(list) = list_mut(ctx.db(), key, now)? else {
        ctx.out.int(0);
        return Ok(());
    };
    if !list.insert(side, pivot, elem) {
        ctx.out.int(-1);
        return Ok(());
    }
    let len = list.len();
    ctx.touch(key);
    ctx.out.int(len as i64);
    Ok(())
}

/// LREM key count element: how many were removed (see [`List::remove`] for `count`).
fn lrem(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let count = args.next_i64()?;
    let elem = args.next_arg()?;
    let now = ctx.now;
    let db = ctx.db();
    let removed = match list_mut(db, key, now)? {
        Some(list) => list.remove(count, elem),
        None => 0,
    };
    if removed > 0 {
        delete_if_empty(db, key, now);
        ctx.touch(key);
    }
    ctx.out.int(removed as i64);
    Ok(())
}

/// LTRIM key start stop: `OK` whether or not the key exists.
fn ltrim(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let start = args.next_i64()?;
    let stop = args.next_i64()?;
    let now = ctx.now;
    let db = ctx.db();
    if let Some(list) = list_mut(db, key, now)? {
        list.trim(start, stop);
        delete_if_empty(db, key, now);
        // Redis signals the key modified even when nothing was trimmed.
        ctx.touch(key);
    }
    ctx.out.ok();
    Ok(())
}

/// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: options are parsed (and
/// rejected) before the key is looked up. Without COUNT, one index or nil; with COUNT, an
/// array (COUNT 0 = every match).
fn lpos(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let elem = args.next_arg()?;
    let (mut rank, mut count, mut maxlen) = (1i64, None, 0usize);
    while let Some(opt) = args.peek() {
        args.next_arg()?;
        let more = args.remaining() > 0;
        if opt.eq_ignore_ascii_case(b"RANK") && more {
            rank = parse_i64(args.next_arg()?)?;
            if rank == 0 {
                return Err(CmdError::Borrowed(error::LPOS_RANK_ZERO));
            }
        } else if opt.eq_ignore_ascii_case(b"COUNT") && more {
            count = Some(parse_non_negative(
                args.next_arg()?,
                error::LPOS_COUNT_NEGATIVE,
            )?);
        } else if opt.eq_ignore_ascii_case(b"MAXLEN") && more {
            maxlen = parse_non_negative(args.next_arg()?, error::LPOS_MAXLEN_NEGATIVE)?;
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
    }
    if rank == i64::MIN {
        // Redis negates the rank to get the direction; LONG_MIN stays negative and then
        // compares below every match count, so it behaves as -1.
        rank = -1;
    }
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(list) = list_ref(db, key, now)? else {
        match count {
            Some(_) => out.array(0),
            None => out.null(),
        }
        return Ok(());
    };
    match count {
        Some(n) => {
            let found = list.positions(elem, rank, n, maxlen);
            out.array(found.len());
            for i in found {
                out.int(i as i64);
            }
        }
        None => match list.positions(elem, rank, 1, maxlen).first() {
            Some(&i) => out.int(i as i64),
            None => out.null(),
        },
    }
    Ok(())
}

/// The body of LMOVE, RPOPLPUSH and a served BLMOVE: moves one element from `src`'s `from`
/// end to `dst`'s `to` end and replies with it. Nil if `src` holds no list (whatever `dst`
/// is); WRONGTYPE if `dst` exists and is not a list.
fn lmove_generic(ctx: &mut Ctx<'_>, src: &[u8], dst: &[u8], from: End, to: End) -> CmdResult {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(list) = list_mut(db, src, now)? else {
        out.null();
        return Ok(());
    };
    if list.is_empty() {
        out.null();
        return Ok(());
    }
    if !matches!(db.value(dst, now), None | Some(Value::List(_))) {
        return Err(CmdError::Borrowed(error::WRONGTYPE));
    }
    let list = list_mut(db, src, now)?.expect("src was checked to hold a list");
    let elem = list.pop(from).expect("src was checked to be non-empty");
    out.bulk(&elem);
    if src == dst {
        list.push(to, elem);
    } else {
        match list_mut(db, dst, now)? {
            Some(dlist) => dlist.push(to, elem),
            None => {
                let mut dlist = List::new();
                dlist.push(to, elem);
                db.set(dst, Value::List(Box::new(dlist)));
            }
        }
        delete_if_empty(db, src, now);
    }
    ctx.touch(src);
    ctx.touch(dst);
    ctx.signal_ready(dst);
    Ok(())
}

/// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
fn lmove(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let src = args.next_key()?;
    let dst = args.next_key()?;
    let from = parse_end(args.next_arg()?)?;
    let to = parse_end(args.next_arg()?)?;
    lmove_generic(ctx, src, dst, from, to)
}

/// RPOPLPUSH source destination (LMOVE source destination RIGHT LEFT).
fn rpoplpush(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let src = args.next_key()?;
    let dst = args.next_key()?;
    lmove_generic(ctx, src, dst, End::Right, End::Left)
}

/// Pops from the list under `key` (if it is a non-empty list) and replies `[key, element]`.
/// Returns whether it served.
fn serve_pop(ctx: &mut Ctx<'_>, key: &[u8], end: End) -> CmdResult<bool> {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(list) = list_mut(db, key, now)? else {
        return Ok(false);
    };
    let Some(elem) = list.pop(end) else {
        return Ok(false);
    };
    out.array(2);
    out.bulk(key);
    out.bulk(&elem);
    delete_if_empty(db, key, now);
    ctx.touch(key);
    // Replayed as its effect: a plain LPOP / RPOP of that key (Redis 7.0 writes no count).
    let pop: &[u8] = match end {
        End::Left => b"LPOP",
        End::Right => b"RPOP",
    };
    ctx.propagate_parts(&[pop, key]);
    Ok(true)
}

/// BLPOP / BRPOP key [key ...] timeout: pops from the first key holding a non-empty list
/// (WRONGTYPE if a key met before it holds another type), else blocks on all the keys.
fn blocking_pop_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, end: End) -> CmdResult {
    let last = args.len() - 1;
    let timeout = parse_timeout(args.get(last))?;
    let keys: Vec<&[u8]> = (1..last).map(|i| args.get(i)).collect();
    if let Some(ready) = ctx.ready_key {
        // A re-run for a ready key: serve from it alone; anything else (gone again, another
        // type) leaves the client parked.
        if serve_pop(ctx, ready, end).unwrap_or(false) {
            return Ok(());
        }
    } else {
        for key in &keys {
            if serve_pop(ctx, key, end)? {
                return Ok(());
            }
        }
    }
    ctx.block(BlockRequest {
        keys: keys.iter().map(|k| Key::from(*k)).collect(),
        deadline: deadline(ctx.now, timeout),
        on_timeout: TimeoutReply::NullArray,
        rewrite: None,
    });
    Ok(())
}

/// BLPOP key [key ...] timeout
fn blpop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    blocking_pop_generic(ctx, args, End::Left)
}

/// BRPOP key [key ...] timeout
fn brpop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    blocking_pop_generic(ctx, args, End::Right)
}

/// BLMOVE / BRPOPLPUSH body: LMOVE if `src` holds a list (WRONGTYPE if another type), else
/// blocks on `src`. The destination's type is only checked when an element is moved, so a
/// waiter whose destination turned into another type is answered with WRONGTYPE when served.
fn blmove_generic(
    ctx: &mut Ctx<'_>,
    src: &[u8],
    dst: &[u8],
    from: End,
    to: End,
    timeout: u64,
) -> CmdResult {
    let now = ctx.now;
    let rerun = ctx.ready_key.is_some();
    // A write lookup, as Redis's (not counted in INFO stats' keyspace hits / misses).
    let has_list = match list_mut(ctx.db(), src, now) {
        Ok(l) => l.is_some_and(|l| !l.is_empty()),
        // A re-run finding another type stays parked, as Redis serves list keys only.
        Err(_) if rerun => false,
        Err(e) => return Err(e),
    };
    if has_list {
        return lmove_generic(ctx, src, dst, from, to);
    }
    if !ctx.may_block() {
        // Inside MULTI Redis answers a nil *bulk* here, while a real timeout is answered
        // with a nil *array* (`replyToBlockedClientTimedOut`), so this case is handled here
        // rather than by the server's generic "cannot block" reply.
        ctx.out.null();
        return Ok(());
    }
    ctx.block(BlockRequest {
        keys: vec![Key::from(src)],
        deadline: deadline(now, timeout),
        // Redis 7.0 times every list waiter out with `*-1`, BLMOVE included.
        on_timeout: TimeoutReply::NullArray,
        rewrite: None,
    });
    Ok(())
}

/// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
fn blmove(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let src = args.next_key()?;
    let dst = args.next_key()?;
    let from = parse_end(args.next_arg()?)?;
    let to = parse_end(args.next_arg()?)?;
    let timeout = parse_timeout(args.next_arg()?)?;
    let dirty = ctx.state.dirty;
    blmove_generic(ctx, src, dst, from, to, timeout)?;
    if ctx.state.dirty != dirty {
        // Served (now or on a re-run): replayed as the LMOVE it did, directions as typed.
        ctx.propagate_parts(&[b"LMOVE", src, dst, args.get(3), args.get(4)]);
    }
    Ok(())
}

/// BRPOPLPUSH source destination timeout
fn brpoplpush(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let src = args.next_key()?;
    let dst = args.next_key()?;
    let timeout = parse_timeout(args.next_arg()?)?;
    let dirty = ctx.state.dirty;
    blmove_generic(ctx, src, dst, End::Right, End::Left, timeout)?;
    if ctx.state.dirty != dirty {
        ctx.propagate_parts(&[b"RPOPLPUSH", src, dst]);
    }
    Ok(())
}

/// The arguments of LMPOP / BLMPOP / ZMPOP / BZMPOP.
pub(super) struct MpopArgs<'a> {
    pub keys: Vec<&'a [u8]>,
    /// Whether the direction is the second of the two words (RIGHT, MAX).
    pub second: bool,
    pub count: usize,
}

/// Parses `numkeys key [key ...] <words[0]|words[1]> [COUNT count]` (LEFT|RIGHT, MIN|MAX)
/// starting at argument `numkeys_idx`, in Redis's order: numkeys (1..=LONG_MAX), the
/// position of the direction (a syntax error past the end), then options (COUNT once, >= 1).
pub(super) fn parse_mpop<'a>(
    args: &Args<'a>,
    numkeys_idx: usize,
    words: [&str; 2],
) -> CmdResult<MpopArgs<'a>> {
    let numkeys = match crate::resp::string2ll(args.get(numkeys_idx)) {
        Some(n) if n >= 1 => n as u64,
        _ => return Err(CmdError::Borrowed(error::NUMKEYS_NOT_POSITIVE)),
    };
    let argc = args.len() as u64;
    // Checked before collecting keys: numkeys is user-supplied, argc bounds it.
    let where_idx = match numkeys.checked_add(numkeys_idx as u64 + 1) {
        Some(i) if i < argc => i as usize,
        _ => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    let w = args.get(where_idx);
    let second = if w.eq_ignore_ascii_case(words[0].as_bytes()) {
        false
    } else if w.eq_ignore_ascii_case(words[1].as_bytes()) {
        true
    } else {
        return Err(CmdError::Borrowed(error::SYNTAX));
    };
    let mut count = None;
    let mut j = where_idx + 1;
    while j < args.len() {
        let more = j + 1 < args.len();
        if count.is_none() && args.get(j).eq_ignore_ascii_case(b"count") && more {
            j += 1;
            count = match crate::resp::string2ll(args.get(j)) {
                Some(n) if n >= 1 => Some(usize::try_from(n).unwrap_or(usize::MAX)),
                _ => return Err(CmdError::Borrowed(error::COUNT_NOT_POSITIVE)),
            };
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
        j += 1;
    }
    Ok(MpopArgs {
        keys: (numkeys_idx + 1..where_idx).map(|i| args.get(i)).collect(),
        second,
        count: count.unwrap_or(1),
    })
}

/// The list end an LMPOP direction names.
fn mpop_end(m: &MpopArgs<'_>) -> End {
    if m.second {
        End::Right
    } else {
        End::Left
    }
}

/// Pops up to `count` elements from the list under `key` (if it is a non-empty list) and
/// replies `[key, [element, ...]]` (Redis's `listPopRangeAndReplyWithKey`). Returns whether
/// it served; WRONGTYPE if `key` holds another type.
fn serve_mpop(ctx: &mut Ctx<'_>, key: &[u8], end: End, count: usize) -> CmdResult<bool> {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(list) = list_mut(db, key, now)? else {
        return Ok(false);
    };
    if list.is_empty() {
        return Ok(false);
    }
    let elems = list.pop_many(end, count);
    out.array(2);
    out.bulk(key);
    out.array(elems.len());
    for e in &elems {
        out.bulk(e);
    }
    delete_if_empty(db, key, now);
    ctx.touch(key);
    Ok(true)
}

/// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: pops from the first key holding a
/// non-empty list (WRONGTYPE if a key met before it holds another type); nil array if none.
fn lmpop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let m = parse_mpop(args, 1, ["left", "right"])?;
    for key in &m.keys {
        if serve_mpop(ctx, key, mpop_end(&m), m.count)? {
            return Ok(());
        }
    }
    ctx.out.null_array();
    Ok(())
}

/// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: LMPOP, or blocks on all
/// the keys. The timeout is checked after the other arguments, as in Redis. A re-run for a
/// ready key serves from that key only.
fn blmpop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let m = parse_mpop(args, 2, ["left", "right"])?;
    let timeout = parse_timeout(args.get(1))?;
    if let Some(ready) = ctx.ready_key {
        if serve_mpop(ctx, ready, mpop_end(&m), m.count).unwrap_or(false) {
            return Ok(());
        }
    } else {
        for key in &m.keys {
            if serve_mpop(ctx, key, mpop_end(&m), m.count)? {
                return Ok(());
            }
        }
    }
    ctx.block(BlockRequest {
        keys: m.keys.iter().map(|k| Key::from(*k)).collect(),
        deadline: deadline(ctx.now, timeout),
        on_timeout: TimeoutReply::NullArray,
        rewrite: None,
    });
    Ok(())
}

/// The list group's slice of the command table (arity, flags and key positions as Redis
/// 7.0's COMMAND INFO reports them).
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: WRITE | DENYOOM | NOSCRIPT | BLOCKING,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
        since: "6.2.0",
        syntax: "source destination LEFT|RIGHT LEFT|RIGHT timeout",
        handler: Some(blmove),
        ..CommandSpec::base("blmove", 6, Group::List)
    },
    CommandSpec {
        flags: WRITE | BLOCKING,
        summary: "Pop elements from a list, or block until one is available",
        since: "7.0.0",
        syntax: "timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]",
        handler: Some(blmpop),
        ..CommandSpec::base("blmpop", -5, Group::List)
    },
    CommandSpec {
        flags: WRITE,
        summary: "Pop elements from a list",
        since: "7.0.0",
        syntax: "numkeys key [key ...] LEFT|RIGHT [COUNT count]",
        handler: Some(lmpop),
        ..CommandSpec::base("lmpop", -4, Group::List)
    },
    CommandSpec {
        flags: WRITE | NOSCRIPT | BLOCKING,
        first_key: 1,
        last_key: -2,
        step: 1,
        summary: "Remove and get the first element in a list, or block until one is available",
        since: "2.0.0",
        syntax: "key [key ...] timeout",
        handler: Some(blpop),
        ..CommandSpec::base("blpop", -3, Group::List)
    },
    CommandSpec {
        flags: WRITE | NOSCRIPT | BLOCKING,
        first_key: 1,
        last_key: -2,
        step: 1,
        summary: "Remove and get the last element in a list, or block until one is available",
        since: "2.0.0",
        syntax: "key [key ...] timeout",
        handler: Some(brpop),
        ..CommandSpec::base("brpop", -3, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | NOSCRIPT | BLOCKING,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
        since: "2.2.0",
        syntax: "source destination timeout",
        handler: Some(brpoplpush),
        ..CommandSpec::base("brpoplpush", 4, Group::List)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get an element from a list by its index",
        since: "1.0.0",
        syntax: "key index",
        handler: Some(lindex),
        ..CommandSpec::base("lindex", 3, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Insert an element before or after another element in a list",
        since: "2.2.0",
        syntax: "key BEFORE|AFTER pivot element",
        handler: Some(linsert),
        ..CommandSpec::base("linsert", 5, Group::List)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the length of a list",
        since: "1.0.0",
        syntax: "key",
        handler: Some(llen),
        ..CommandSpec::base("llen", 2, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Pop an element from a list, push it to another list and return it",
        since: "6.2.0",
        syntax: "source destination LEFT|RIGHT LEFT|RIGHT",
        handler: Some(lmove),
        ..CommandSpec::base("lmove", 5, Group::List)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Remove and get the first elements in a list",
        since: "1.0.0",
        syntax: "key [count]",
        handler: Some(lpop),
        ..CommandSpec::base("lpop", -2, Group::List)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Return the index of matching elements on a list",
        since: "6.0.6",
        syntax: "key element [RANK rank] [COUNT num-matches] [MAXLEN len]",
        handler: Some(lpos),
        ..CommandSpec::base("lpos", -3, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Prepend one or multiple elements to a list",
        since: "1.0.0",
        syntax: "key element [element ...]",
        handler: Some(lpush),
        ..CommandSpec::base("lpush", -3, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Prepend an element to a list, only if the list exists",
        since: "2.2.0",
        syntax: "key element [element ...]",
        handler: Some(lpushx),
        ..CommandSpec::base("lpushx", -3, Group::List)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get a range of elements from a list",
        since: "1.0.0",
        syntax: "key start stop",
        handler: Some(lrange),
        ..CommandSpec::base("lrange", 4, Group::List)
    },
    CommandSpec {
        flags: WRITE,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Remove elements from a list",
        since: "1.0.0",
        syntax: "key count element",
        handler: Some(lrem),
        ..CommandSpec::base("lrem", 4, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the value of an element in a list by its index",
        since: "1.0.0",
        syntax: "key index element",
        handler: Some(lset),
        ..CommandSpec::base("lset", 4, Group::List)
    },
    CommandSpec {
        flags: WRITE,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Trim a list to the specified range",
        since: "1.0.0",
        syntax: "key start stop",
        handler: Some(ltrim),
        ..CommandSpec::base("ltrim", 4, Group::List)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Remove and get the last elements in a list",
        since: "1.0.0",
        syntax: "key [count]",
        handler: Some(rpop),
        ..CommandSpec::base("rpop", -2, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Remove the last element in a list, prepend it to another list and return it",
        since: "1.2.0",
        syntax: "source destination",
        handler: Some(rpoplpush),
        ..CommandSpec::base("rpoplpush", 3, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Append one or multiple elements to a list",
        since: "1.0.0",
        syntax: "key element [element ...]",
        handler: Some(rpush),
        ..CommandSpec::base("rpush", -3, Group::List)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Append an element to a list, only if the list exists",
        since: "2.2.0",
        syntax: "key element [element ...]",
        handler: Some(rpushx),
        ..CommandSpec::base("rpushx", -3, Group::List)
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_scale_like_redis() {
        let ok = |s: &str| parse_timeout(s.as_bytes()).map_err(|e| e.into_owned());
        assert_eq!(ok("0.3"), Ok(300));
        assert_eq!(ok("1.5"), Ok(1500));
        assert_eq!(ok("1e+2"), Ok(100_000));
        assert_eq!(ok("0x10"), Ok(16_000));
        assert_eq!(ok("0x.8"), Ok(500));
        assert_eq!(ok("-0"), Ok(0));
        assert_eq!(ok("0.0005"), Ok(0));
        assert_eq!(ok("-0.0009"), Ok(0));
        assert_eq!(ok("9223372036854775.807"), Ok(i64::MAX as u64));
        assert_eq!(
            ok("9223372036854775.808"),
            Err(error::TIMEOUT_NEGATIVE.into())
        );
        assert_eq!(ok("-0.001"), Err(error::TIMEOUT_NEGATIVE.into()));
        for bad in [
            "0x", "1e", "--1", "+-1", "1.2.3", "nan", "-nan", " 1", "1 ", "", "1e-5000",
        ] {
            assert_eq!(ok(bad), Err(error::TIMEOUT_NOT_FLOAT.into()), "{bad:?}");
        }
        // The edges of the x87 range, as redis-server 7.0.15 answers (BLPOP in MULTI).
        for (t, want) in [
            ("1.2e4932", Err(error::TIMEOUT_NOT_FLOAT)),
            ("1.18e4932", Err(error::TIMEOUT_NEGATIVE)),
            ("1e4933", Err(error::TIMEOUT_NOT_FLOAT)),
            ("1e400", Err(error::TIMEOUT_NEGATIVE)),
            ("inf", Err(error::TIMEOUT_NEGATIVE)),
            ("0x1p20000", Err(error::TIMEOUT_NOT_FLOAT)),
            ("0x1p16384", Err(error::TIMEOUT_NOT_FLOAT)),
            ("0x1p16383", Err(error::TIMEOUT_NEGATIVE)),
            ("0x1p2000", Err(error::TIMEOUT_NEGATIVE)),
            ("0x1p-16446", Err(error::TIMEOUT_NOT_FLOAT)),
            ("0x1p-16445", Ok(0)),
            ("0x0p-99999999999", Ok(0)),
            ("0x1p-1100", Ok(0)),
            ("1e-4951", Err(error::TIMEOUT_NOT_FLOAT)),
            ("3.6e-4951", Ok(0)),
            ("1e-4940", Ok(0)),
            ("0xp1", Err(error::TIMEOUT_NOT_FLOAT)),
            ("0x1p", Err(error::TIMEOUT_NOT_FLOAT)),
            ("0x1.p1", Ok(2000)),
            ("0x1P3", Ok(8000)),
            ("0x1p+3", Ok(8000)),
        ] {
            assert_eq!(ok(t), want.map_err(String::from), "{t:?}");
        }
    }
}
