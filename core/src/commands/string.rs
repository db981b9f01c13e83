//! String commands: GET, SET and its variants, MGET/MSET, counters, APPEND, ranges.
//!
//! Semantics follow Redis 7.0's `t_string.c`, including the order in which errors are found
//! (a syntax error before a bad expire time before a missing key, ...), because clients see
//! which error wins. Values are `Value::String` byte strings; integers and floats are parsed
//! from them on each use, as Redis does for non-shared objects.
//!
//! Every modified key is reported with `ctx.touch`. Sizes are checked against
//! `proto-max-bulk-len` before any allocation (APPEND, SETRANGE).

use super::{flags::*, parse_i64, typed, typed_mut, typed_write, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::long_double::{LongDouble, Parsed};
use crate::keyspace::{Kind, StringEncoding, Value};
use crate::Millis;

/// An argument as C string functions (`strcasecmp`) see it: cut at the first NUL.
fn c_str(arg: &[u8]) -> &[u8] {
    &arg[..arg.iter().position(|&b| b == 0).unwrap_or(arg.len())]
}

/// How SET / GETEX's expire argument is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// EX: relative seconds.
    Ex,
    /// PX: relative milliseconds.
    Px,
    /// EXAT: absolute Unix seconds.
    ExAt,
    /// PXAT: absolute Unix milliseconds.
    PxAt,
}

/// Parsed options of SET (and GETEX, which shares Redis's parser).
#[derive(Debug, Default)]
struct SetOptions<'a> {
    nx: bool,
    xx: bool,
    get: bool,
    keepttl: bool,
    persist: bool,
    expire: Option<(Unit, &'a [u8])>,
}

/// Which command's options are parsed (Redis's `COMMAND_SET` / `COMMAND_GET`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OptionsFor {
    Set,
    Getex,
}

/// Redis's `parseExtendedStringArgumentsOrReply`: each option is accepted only if it does not
/// clash with one already seen (so `EX 1 EX 2` is fine, `EX 1 PX 2` a syntax error).
fn parse_set_options<'a>(args: &mut Args<'a>, for_cmd: OptionsFor) -> CmdResult<SetOptions<'a>> {
    let mut o = SetOptions::default();
    let set = for_cmd == OptionsFor::Set;
    while let Some(arg) = args.peek() {
        args.seek(args.position() + 1);
        let opt = c_str(arg);
        let has_next = args.peek().is_some();
        let (ex, px, exat, pxat) = match o.expire {
            Some((u, _)) => (
                u == Unit::Ex,
                u == Unit::Px,
                u == Unit::ExAt,
                u == Unit::PxAt,
            ),
            None => (false, false, false, false),
        };
        let is = |w: &str| opt.eq_ignore_ascii_case(w.as_bytes());
        let unit = if is("nx") && !o.xx && set {
            o.nx = true;
            None
        } else if is("xx") && !o.nx && set {
            o.xx = true;
            None
        } else if is("get") && set {
            o.get = true;
            None
        } else if is("keepttl") && !o.persist && o.expire.is_none() && set {
            o.keepttl = true;
            None
        } else if is("persist") && !set && o.expire.is_none() && !o.keepttl {
            o.persist = true;
            None
        } else if is("ex") && !o.keepttl && !o.persist && !exat && !px && !pxat && has_next {
            Some(Unit::Ex)
        } else if is("px") && !o.keepttl && !o.persist && !ex && !exat && !pxat && has_next {
            Some(Unit::Px)
        } else if is("exat") && !o.keepttl && !o.persist && !ex && !px && !pxat && has_next {
            Some(Unit::ExAt)
        } else if is("pxat") && !o.keepttl && !o.persist && !ex && !exat && !px && has_next {
            Some(Unit::PxAt)
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        };
        if let Some(u) = unit {
            o.expire = Some((u, args.next_arg()?));
        }
    }
    Ok(o)
}

/// Redis's `getExpireMillisecondsOrReply`: the absolute deadline for an expire argument, or
/// `ERR invalid expire time in '<cmd>' command` for values <= 0 or overflowing ones.
fn expire_deadline(arg: &[u8], unit: Unit, now: Millis, cmd: &str) -> CmdResult<Millis> {
    let mut ms = parse_i64(arg)?;
    let seconds = matches!(unit, Unit::Ex | Unit::ExAt);
    if ms <= 0 || (seconds && ms > i64::MAX / 1000) {
        return Err(error::invalid_expire(cmd));
    }
    if seconds {
        ms *= 1000;
    }
    if matches!(unit, Unit::Ex | Unit::Px) {
        // Redis adds with C's wrapping arithmetic and then refuses the negative result.
        ms = ms.wrapping_add(now as i64);
    }
    if ms <= 0 {
        return Err(error::invalid_expire(cmd));
    }
    Ok(ms as Millis)
}

/// What SET-like commands reply when they set / do not set the key.
#[derive(Debug, Clone, Copy)]
enum SetReply {
    /// `+OK` / null (SET, SETEX, PSETEX).
    OkOrNull,
    /// `:1` / `:0` (SETNX).
    OneOrZero,
}

/// Redis's `setGenericCommand`: the body shared by SET, SETNX, SETEX and PSETEX.
fn set_generic(
    ctx: &mut Ctx<'_>,
    key: &[u8],
    value: &[u8],
    o: &SetOptions<'_>,
    reply: SetReply,
) -> CmdResult {
    let now = ctx.now;
    let deadline = match o.expire {
        Some((unit, arg)) => Some(expire_deadline(arg, unit, now, ctx.spec.name)?),
        None => None,
    };
    let (db, out) = ctx.db_out();
    if o.get {
        match typed(db, key, now, Kind::String)? {
            Some(Value::String(s)) => out.bulk(s),
            _ => out.null(),
        }
    }
    // Only NX / XX need to know whether the key exists; otherwise just expire it if due (so
    // that `expired_keys` counts it, as Redis's lookupKeyWrite does).
    let found = if o.nx || o.xx {
        db.contains(key, now)
    } else {
        db.expire_key_if_due(key, now);
        false
    };
    if (o.nx && found) || (o.xx && !found) {
        if !o.get {
            match reply {
                SetReply::OkOrNull => out.null(),
                SetReply::OneOrZero => out.int(0),
            }
        }
        return Ok(());
    }
    db.set_string(key, value, deadline, o.keepttl);
    ctx.touch(key);
    if let Some(t) = deadline.filter(|_| ctx.propagating()) {
        // Any expire (even PXAT) is replayed as `SET key value PXAT ms`, as Redis 7.0 writes.
        let ms = t.to_string();
        ctx.propagate_parts(&[b"SET", key, value, b"PXAT", ms.as_bytes()]);
    }
    if !o.get {
        match reply {
            SetReply::OkOrNull => ctx.out.ok(),
            SetReply::OneOrZero => ctx.out.int(1),
        }
    }
    Ok(())
}

/// GET key
fn get(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    match typed(db, key, now, Kind::String)? {
        Some(Value::String(s)) => out.bulk(s),
        _ => out.null(),
    }
    Ok(())
}

/// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
/// PXAT unix-time-milliseconds | KEEPTTL]
fn set(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let value = args.next_arg()?;
    let o = parse_set_options(args, OptionsFor::Set)?;
    let dirty = ctx.state.dirty;
    set_generic(ctx, key, value, &o, SetReply::OkOrNull)?;
    if o.get && o.expire.is_none() && ctx.propagating() && ctx.state.dirty != dirty {
        // Replayed without its GET argument (the rest as typed), as Redis 7.0 does.
        let argv = (0..args.len())
            .filter(|&i| i < 3 || !c_str(args.get(i)).eq_ignore_ascii_case(b"get"))
            .map(|i| args.get(i).to_vec())
            .collect();
        ctx.propagate(argv);
    }
    Ok(())
}

/// SETNX key value
fn setnx(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let value = args.next_arg()?;
    let o = SetOptions {
        nx: true,
        ..SetOptions::default()
    };
    set_generic(ctx, key, value, &o, SetReply::OneOrZero)
}

/// SETEX key seconds value
fn setex(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    setex_generic(ctx, args, Unit::Ex)
}

/// PSETEX key milliseconds value
fn psetex(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    setex_generic(ctx, args, Unit::Px)
}

fn setex_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, unit: Unit) -> CmdResult {
    let key = args.next_key()?;
    let time = args.next_arg()?;
    let value = args.next_arg()?;
    let o = SetOptions {
        expire: Some((unit, time)),
        ..SetOptions::default()
    };
    set_generic(ctx, key, value, &o, SetReply::OkOrNull)
}

/// GETDEL key
fn getdel(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    match typed(db, key, now, Kind::String)? {
        Some(Value::String(s)) => out.bulk(s),
        _ => {
            out.null();
            return Ok(());
        }
    }
    db.remove(key);
    ctx.touch(key);
    ctx.propagate_parts(&[b"DEL", key]);
    Ok(())
}

/// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |
/// PXAT unix-time-milliseconds | PERSIST]
fn getex(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let o = parse_set_options(args, OptionsFor::Getex)?;
    let now = ctx.now;
    let name = ctx.spec.name;
    let (db, out) = ctx.db_out();
    let Some(Value::String(s)) = typed(db, key, now, Kind::String)? else {
        out.null();
        return Ok(());
    };
    // The expire time is validated only once the key is known to exist, as in Redis.
    let deadline = match o.expire {
        Some((unit, arg)) => Some((unit, expire_deadline(arg, unit, now, name)?)),
        None => None,
    };
    out.bulk(s);
    match deadline {
        Some((Unit::ExAt | Unit::PxAt, t)) if t <= now => {
            db.remove(key);
            ctx.touch(key);
            ctx.propagate_parts(&[b"DEL", key]);
        }
        Some((_, t)) => {
            db.set_expire(key, Some(t));
            ctx.touch(key);
            if ctx.propagating() {
                ctx.propagate_parts(&[b"PEXPIREAT", key, t.to_string().as_bytes()]);
            }
        }
        None if o.persist => {
            let had = db.get(key, now).is_some_and(|e| e.expire().is_some());
            if had {
                db.set_expire(key, None);
                ctx.touch(key);
                ctx.propagate_parts(&[b"PERSIST", key]);
            }
        }
        None => {}
    }
    Ok(())
}

/// MGET key [key ...]
fn mget(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let n = args.remaining();
    let (db, out) = ctx.db_out();
    out.array(n);
    while let Some(key) = args.peek() {
        args.seek(args.position() + 1);
        match db.value_read(key, now) {
            Some(Value::String(s)) => out.bulk(s),
            _ => out.null(),
        }
    }
    Ok(())
}

/// MSET key value [key value ...]
fn mset(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    mset_generic(ctx, args, false)
}

/// MSETNX key value [key value ...]
fn msetnx(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    mset_generic(ctx, args, true)
}

fn mset_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, nx: bool) -> CmdResult {
    if args.len() % 2 == 0 {
        return Err(error::wrong_args(ctx.spec.name));
    }
    let now = ctx.now;
    let start = args.position();
    if nx {
        let db = ctx.db();
        let mut i = start;
        while i < args.len() {
            if db.contains(args.get(i), now) {
                ctx.out.int(0);
                return Ok(());
            }
            i += 2;
        }
    }
    let mut i = start;
    while i + 1 < args.len() {
        let (key, value) = (args.get(i), args.get(i + 1));
        ctx.db().set(
            key,
            Value::String(crate::keyspace::Str::from(value.to_vec())),
        );
        ctx.touch(key);
        i += 2;
    }
    if nx {
        ctx.out.int(1);
    } else {
        ctx.out.ok();
    }
    Ok(())
}

/// Stores `s` under `key`, keeping its TTL if it exists (Redis's `dbOverwrite` / `dbAdd`);
/// `enc` tells how Redis would have built the new object (OBJECT ENCODING).
fn overwrite_string(ctx: &mut Ctx<'_>, key: &[u8], s: Vec<u8>, enc: StringEncoding) {
    let now = ctx.now;
    let db = ctx.db();
    match db.value_mut(key, now) {
        Some(v) => *v = Value::String(crate::keyspace::Str::from(s)),
        None => db.set(key, Value::String(crate::keyspace::Str::from(s))),
    }
    db.set_string_encoding(key, enc);
    ctx.touch(key);
}

/// Redis's `incrDecrCommand`: adds `incr` to the integer under `key` (0 if absent).
fn incr_generic(ctx: &mut Ctx<'_>, key: &[u8], incr: i64) -> CmdResult {
    let now = ctx.now;
    let old = match typed_write(ctx.db(), key, now, Kind::String)? {
        Some(Value::String(s)) => parse_i64(s)?,
        _ => 0,
    };
    let new = old
        .checked_add(incr)
        .ok_or(CmdError::Borrowed(error::OVERFLOW))?;
    let mut buf = [0u8; 20];
    let digits = crate::resp::fmt_i64(&mut buf, new).to_vec();
    overwrite_string(ctx, key, digits, StringEncoding::Auto);
    ctx.out.int(new);
    Ok(())
}

/// INCR key
fn incr(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    incr_generic(ctx, key, 1)
}

/// DECR key
fn decr(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    incr_generic(ctx, key, -1)
}

/// INCRBY key increment
fn incrby(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let by = args.next_i64()?;
    incr_generic(ctx, key, by)
}

/// DECRBY key decrement
fn decrby(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let by = args.next_i64()?;
    if by == i64::MIN {
        return Err(CmdError::Borrowed(error::DECREMENT_OVERFLOW));
    }
    incr_generic(ctx, key, -by)
}

/// INCRBYFLOAT key increment — in emulated x87 `long double`, as Redis computes it (see
/// `keyspace::long_double`).
fn incrbyfloat(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let incr = args.next_arg()?;
    let now = ctx.now;
    let not_float = || CmdError::Borrowed(error::NOT_FLOAT);
    let old = match typed_write(ctx.db(), key, now, Kind::String)? {
        Some(Value::String(s)) => LongDouble::parse(s).ok_or_else(not_float)?,
        _ => Parsed::Finite(LongDouble::ZERO),
    };
    let incr = LongDouble::parse(incr).ok_or_else(not_float)?;
    let nan_or_inf = || CmdError::Borrowed(error::INCR_NAN_OR_INF);
    let (Parsed::Finite(old), Parsed::Finite(incr)) = (old, incr) else {
        return Err(nan_or_inf());
    };
    let sum = old.checked_add(incr).ok_or_else(nan_or_inf)?;
    let text = sum.to_human_string().into_bytes();
    ctx.out.bulk(&text);
    if ctx.propagating() {
        // The float result, not the increment: replay must not depend on rounding.
        ctx.propagate_parts(&[b"SET", key, &text, b"KEEPTTL"]);
    }
    // `createStringObjectFromLongDouble`: no integer encoding, even for "3".
    overwrite_string(ctx, key, text, StringEncoding::NoInt);
    Ok(())
}

/// Redis's `checkStringLength`: whether a string of `size + append` bytes is allowed.
fn check_string_length(ctx: &Ctx<'_>, size: u64, append: u64) -> CmdResult {
    let max = ctx.state.config.proto_max_bulk_len as u64;
    match size.checked_add(append) {
        Some(total) if total <= max => Ok(()),
        _ => Err(CmdError::Borrowed(error::STRING_TOO_LONG)),
    }
}

/// APPEND key value
fn append(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let value = args.next_arg()?;
    let now = ctx.now;
    let max = ctx.state.config.proto_max_bulk_len as u64;
    let len = match typed_mut(ctx.db(), key, now, Kind::String)? {
        Some(Value::String(s)) => {
            if s.len() as u64 + value.len() as u64 > max {
                return Err(CmdError::Borrowed(error::STRING_TOO_LONG));
            }
            s.make_mut().extend_from_slice(value);
            let len = s.len();
            // Redis appends to a private (`raw`) copy of the object.
            ctx.db().set_string_encoding(key, StringEncoding::Raw);
            len
        }
        _ => {
            ctx.db().set(
                key,
                Value::String(crate::keyspace::Str::from(value.to_vec())),
            );
            value.len()
        }
    };
    ctx.touch(key);
    ctx.out.int(len as i64);
    Ok(())
}

/// STRLEN key
fn strlen(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    match typed(db, key, now, Kind::String)? {
        Some(Value::String(s)) => out.int(s.len() as i64),
        _ => out.int(0),
    }
    Ok(())
}

/// GETRANGE key start end
fn getrange(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let mut start = args.next_i64()?;
    let mut end = args.next_i64()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(Value::String(s)) = typed(db, key, now, Kind::String)? else {
        out.bulk(b"");
        return Ok(());
    };
    let len = s.len() as i64;
    if start < 0 && end < 0 && start > end {
        out.bulk(b"");
        return Ok(());
    }
    if start < 0 {
        start += len;
    }
    if end < 0 {
        end += len;
    }
    start = start.max(0);
    end = end.max(0);
    if end >= len {
        end = len - 1;
    }
    if start > end || len == 0 {
        out.bulk(b"");
    } else {
        out.bulk(&s[start as usize..=end as usize]);
    }
    Ok(())
}

/// SETRANGE key offset value
fn setrange(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let offset = args.next_i64()?;
    let value = args.next_arg()?;
    if offset < 0 {
        return Err(CmdError::Borrowed(error::OFFSET_OUT_OF_RANGE));
    }
    let offset = offset as u64;
    let now = ctx.now;
    let existing = match typed_write(ctx.db(), key, now, Kind::String)? {
        Some(Value::String(s)) => Some(s.len()),
        _ => None,
    };
    if value.is_empty() {
        // Setting nothing: reply the current length, create nothing.
        ctx.out.int(existing.unwrap_or(0) as i64);
        return Ok(());
    }
    // Checked before growing the string: the offset is user-supplied.
    check_string_length(ctx, offset, value.len() as u64)?;
    let offset = offset as usize;
    let end = offset + value.len();
    let db = ctx.db();
    if existing.is_none() {
        db.set(key, Value::String(crate::keyspace::Str::from(Vec::new())));
    }
    let len = match db.value_mut(key, now) {
        Some(Value::String(s)) => {
            let s = s.make_mut();
            if s.len() < end {
                s.resize(end, 0);
            }
            s[offset..end].copy_from_slice(value);
            s.len()
        }
        _ => 0,
    };
    // Whether new or existing, Redis writes into a `raw` object.
    db.set_string_encoding(key, StringEncoding::Raw);
    ctx.touch(key);
    ctx.out.int(len as i64);
    Ok(())
}

/// GETSET key value: SET key value GET, replayed as a plain SET (as Redis 7.0 rewrites it).
fn getset(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let value = args.next_arg()?;
    let o = SetOptions {
        get: true,
        ..SetOptions::default()
    };
    set_generic(ctx, key, value, &o, SetReply::OkOrNull)?;
    ctx.propagate_parts(&[b"SET", key, value]);
    Ok(())
}

/// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]
///
/// Redis 7.0's `lcsCommand`: the keys are checked first (missing keys are empty strings),
/// then the options; the dynamic-programming table is refused when it would exceed
/// `proto-max-bulk-len` bytes (before allocating it), and the ranges are walked back from
/// the end with Redis's exact range-emitting rules.
fn lcs(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let mut strs: [Vec<u8>; 2] = [Vec::new(), Vec::new()];
    // Both keys are looked up (and counted in INFO stats) before either's type is checked.
    let mut wrongtype = false;
    for s in &mut strs {
        let key = args.next_key()?;
        match ctx.db().value_read(key, now) {
            None => {}
            Some(Value::String(v)) => *s = v.to_vec(),
            Some(_) => wrongtype = true,
        }
    }
    if wrongtype {
        return Err(CmdError::Borrowed(error::LCS_NOT_STRINGS));
    }
    let (mut getlen, mut getidx, mut withmatchlen, mut minmatchlen) = (false, false, false, 0i64);
    while let Some(opt) = args.peek() {
        args.seek(args.position() + 1);
        let opt = c_str(opt);
        if opt.eq_ignore_ascii_case(b"IDX") {
            getidx = true;
        } else if opt.eq_ignore_ascii_case(b"LEN") {
            getlen = true;
        } else if opt.eq_ignore_ascii_case(b"WITHMATCHLEN") {
            withmatchlen = true;
        } else if opt.eq_ignore_ascii_case(b"MINMATCHLEN") && args.remaining() > 0 {
            minmatchlen = args.next_i64()?.max(0);
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
    }
    if getidx && getlen {
        return Err(CmdError::Borrowed(error::LCS_LEN_AND_IDX));
    }
    let [a, b] = &strs;
    let (alen, blen) = (a.len(), b.len());
    let cells = (alen as u64 + 1) * (blen as u64 + 1);
    if cells.saturating_mul(4) > ctx.state.config.proto_max_bulk_len as u64 {
        return Err(CmdError::Borrowed(error::LCS_TOO_BIG));
    }
    let w = blen + 1;
    let mut t = vec![0u32; cells as usize];
    for i in 1..=alen {
        for j in 1..=blen {
            t[i * w + j] = if a[i - 1] == b[j - 1] {
                t[(i - 1) * w + j - 1] + 1
            } else {
                t[(i - 1) * w + j].max(t[i * w + j - 1])
            };
        }
    }
    let total = t[alen * w + blen];
    let out = &mut ctx.out;
    if getlen {
        out.int(i64::from(total));
        return Ok(());
    }
    // Matched ranges, from the end: ((a_start, a_end), (b_start, b_end), len).
    let mut ranges: Vec<[usize; 5]> = Vec::new();
    let mut result = vec![0u8; total as usize];
    let mut idx = total as usize;
    let (mut i, mut j) = (alen, blen);
    // `alen` in `ar.0` means "no range open", as in Redis.
    let (mut a_start, mut a_end, mut b_start, mut b_end) = (alen, 0, 0, 0);
    while i > 0 && j > 0 {
        let mut emit = false;
        if a[i - 1] == b[j - 1] {
            result[idx - 1] = a[i - 1];
            if a_start == alen {
                (a_start, a_end, b_start, b_end) = (i - 1, i - 1, j - 1, j - 1);
            } else if a_start == i && b_start == j {
                a_start -= 1;
                b_start -= 1;
            } else {
                emit = true;
            }
            if a_start == 0 || b_start == 0 {
                emit = true;
            }
            idx -= 1;
            i -= 1;
            j -= 1;
        } else {
            if t[(i - 1) * w + j] > t[i * w + j - 1] {
                i -= 1;
            } else {
                j -= 1;
            }
            if a_start != alen {
                emit = true;
            }
        }
        let match_len = a_end.wrapping_sub(a_start).wrapping_add(1);
        if emit {
            if minmatchlen == 0 || match_len as i64 >= minmatchlen {
                ranges.push([a_start, a_end, b_start, b_end, match_len]);
            }
            a_start = alen;
        }
    }
    if !getidx {
        out.bulk(&result);
        return Ok(());
    }
    out.map(2);
    out.bulk(b"matches");
    out.array(ranges.len());
    for r in &ranges {
        out.array(2 + usize::from(withmatchlen));
        out.array(2);
        out.int(r[0] as i64);
        out.int(r[1] as i64);
        out.array(2);
        out.int(r[2] as i64);
        out.int(r[3] as i64);
        if withmatchlen {
            out.int(r[4] as i64);
        }
    }
    out.bulk(b"len");
    out.int(i64::from(total));
    Ok(())
}

/// The string group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the value of a key",
        syntax: "key",
        handler: Some(get),
        ..CommandSpec::base("get", 2, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the string value of a key",
        syntax: "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]",
        handler: Some(set),
        ..CommandSpec::base("set", -3, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the value of a key, only if the key does not exist",
        syntax: "key value",
        handler: Some(setnx),
        ..CommandSpec::base("setnx", 3, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the value and expiration of a key",
        since: "2.0.0",
        syntax: "key seconds value",
        handler: Some(setex),
        ..CommandSpec::base("setex", 4, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the value and expiration in milliseconds of a key",
        since: "2.6.0",
        syntax: "key milliseconds value",
        handler: Some(psetex),
        ..CommandSpec::base("psetex", 4, Group::String)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the value of a key and delete the key",
        since: "6.2.0",
        syntax: "key",
        handler: Some(getdel),
        ..CommandSpec::base("getdel", 2, Group::String)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the value of a key and optionally set its expiration",
        since: "6.2.0",
        syntax: "key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]",
        handler: Some(getex),
        ..CommandSpec::base("getex", -2, Group::String)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Get the values of all the given keys",
        syntax: "key [key ...]",
        handler: Some(mget),
        ..CommandSpec::base("mget", -2, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: -1,
        step: 2,
        summary: "Set multiple keys to multiple values",
        since: "1.0.1",
        syntax: "key value [key value ...]",
        handler: Some(mset),
        ..CommandSpec::base("mset", -3, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: -1,
        step: 2,
        summary: "Set multiple keys to multiple values, only if none of the keys exist",
        since: "1.0.1",
        syntax: "key value [key value ...]",
        handler: Some(msetnx),
        ..CommandSpec::base("msetnx", -3, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Increment the integer value of a key by one",
        syntax: "key",
        handler: Some(incr),
        ..CommandSpec::base("incr", 2, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Decrement the integer value of a key by one",
        syntax: "key",
        handler: Some(decr),
        ..CommandSpec::base("decr", 2, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Increment the integer value of a key by the given amount",
        syntax: "key increment",
        handler: Some(incrby),
        ..CommandSpec::base("incrby", 3, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Decrement the integer value of a key by the given number",
        syntax: "key decrement",
        handler: Some(decrby),
        ..CommandSpec::base("decrby", 3, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Increment the float value of a key by the given amount",
        since: "2.6.0",
        syntax: "key increment",
        handler: Some(incrbyfloat),
        ..CommandSpec::base("incrbyfloat", 3, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Append a value to a key",
        since: "2.0.0",
        syntax: "key value",
        handler: Some(append),
        ..CommandSpec::base("append", 3, Group::String)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the length of the value stored in a key",
        since: "2.2.0",
        syntax: "key",
        handler: Some(strlen),
        ..CommandSpec::base("strlen", 2, Group::String)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get a substring of the string stored at a key",
        since: "2.4.0",
        syntax: "key start end",
        handler: Some(getrange),
        ..CommandSpec::base("getrange", 4, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Overwrite part of a string at key starting at the specified offset",
        since: "2.2.0",
        syntax: "key offset value",
        handler: Some(setrange),
        ..CommandSpec::base("setrange", 4, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the string value of a key and return its old value",
        syntax: "key value",
        handler: Some(getset),
        ..CommandSpec::base("getset", 3, Group::String)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get a substring of the string stored at a key",
        syntax: "key start end",
        handler: Some(getrange),
        ..CommandSpec::base("substr", 4, Group::String)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Find longest common substring",
        since: "7.0.0",
        syntax: "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]",
        handler: Some(lcs),
        ..CommandSpec::base("lcs", -3, Group::String)
    },
];
