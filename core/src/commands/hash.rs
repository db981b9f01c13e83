//! Hash commands: HSET, HGET, HMSET, HMGET, HDEL, HEXISTS, HLEN, HKEYS, HVALS, HGETALL,
//! HINCRBY, HINCRBYFLOAT, HSETNX, HSTRLEN, HRANDFIELD, HSCAN.
//!
//! Argument checks happen in Redis's order (an increment is parsed before the key's type is
//! checked, a SCAN cursor before the key is looked up), so the same bad command gets the same
//! error. Every write touches its key; a hash left empty is deleted.
//! Also home of the SCAN-family helpers ([`ScanOpts`], [`reply_scan`]) HSCAN, SSCAN and ZSCAN
//! share; the cursor parser is SCAN's (`parse_cursor`, re-exported here).

pub(super) use super::generic::parse_cursor;
use super::{flags::*, typed, typed_mut, Args, CommandSpec, Ctx, Group};
use crate::config::Config;
use crate::error::{self, CmdError, CmdResult};
use crate::glob;
use crate::keyspace::hash::{Hash, HashLimits};
use crate::keyspace::long_double::{LongDouble, Parsed};
use crate::keyspace::{Db, Kind, Value};
use crate::resp::string2ll;
use crate::Millis;

/// Largest reply HRANDFIELD / SRANDMEMBER build for a negative count (elements may repeat).
/// Redis 7.0 has no bound and runs out of memory (it crashes on `HRANDFIELD h
/// -4611686018427387903 WITHVALUES`); redlet refuses with Redis's range error instead.
pub const MAX_RANDOM_REPLY: u64 = 1 << 24;

/// The listpack thresholds currently configured.
fn limits(config: &Config) -> HashLimits {
    HashLimits::from_config(config)
}

fn wrongtype() -> CmdError {
    CmdError::Borrowed(error::WRONGTYPE)
}

/// The hash under `key` for reading.
fn get_hash<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d Hash>> {
    match typed(db, key, now, Kind::Hash)? {
        Some(Value::Hash(h)) => Ok(Some(h)),
        Some(_) => Err(wrongtype()),
        None => Ok(None),
    }
}

/// The hash under `key` for writing, created empty if absent (`hashTypeLookupWriteOrCreate`).
fn hash_or_create<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<&'d mut Hash> {
    if typed_mut(db, key, now, Kind::Hash)?.is_none() {
        db.insert(key, Value::Hash(Box::new(Hash::new())), None);
    }
    match db.value_mut(key, now) {
        Some(Value::Hash(h)) => Ok(h),
        _ => Err(wrongtype()),
    }
}

/// The existing hash under `key` for writing.
fn hash_mut<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d mut Hash>> {
    match typed_mut(db, key, now, Kind::Hash)? {
        Some(Value::Hash(h)) => Ok(Some(h)),
        Some(_) => Err(wrongtype()),
        None => Ok(None),
    }
}

/// HSET / HMSET body: pairs from argument 2 on; returns how many fields were new.
fn set_pairs(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult<i64> {
    if args.len() % 2 == 1 {
        return Err(error::wrong_args(ctx.spec.name));
    }
    let key = args.next_key()?;
    let now = ctx.now;
    let lim = limits(&ctx.state.config);
    let h = hash_or_create(ctx.db(), key, now)?;
    let mut created = 0;
    while !args.done() {
        let f = args.next_arg()?;
        let v = args.next_arg()?;
        created += i64::from(h.set(f, v, lim));
    }
    ctx.touch(key);
    Ok(created)
}

/// HSET key field value [field value ...]
fn hset(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let n = set_pairs(ctx, args)?;
    ctx.out.int(n);
    Ok(())
}

/// HMSET key field value [field value ...]
fn hmset(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    set_pairs(ctx, args)?;
    ctx.out.ok();
    Ok(())
}

/// HSETNX key field value
fn hsetnx(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let field = args.next_arg()?;
    let value = args.next_arg()?;
    let now = ctx.now;
    let lim = limits(&ctx.state.config);
    let h = hash_or_create(ctx.db(), key, now)?;
    if h.contains(field) {
        ctx.out.int(0);
    } else {
        h.set(field, value, lim);
        ctx.touch(key);
        ctx.out.int(1);
    }
    Ok(())
}

/// HGET key field
fn hget(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let field = args.next_arg()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    match get_hash(db, key, now)?.and_then(|h| h.get(field)) {
        Some(v) => out.bulk(v),
        None => out.null(),
    }
    Ok(())
}

/// HMGET key field [field ...]
fn hmget(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let h = get_hash(db, key, now)?;
    out.array(args.remaining());
    while let Some(f) = args.peek() {
        args.seek(args.position() + 1);
        match h.and_then(|h| h.get(f)) {
            Some(v) => out.bulk(v),
            None => out.null(),
        }
    }
    Ok(())
}

/// HDEL key field [field ...]
fn hdel(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let db = ctx.db();
    let Some(h) = hash_mut(db, key, now)? else {
        ctx.out.int(0);
        return Ok(());
    };
    let mut deleted = 0;
    while let Some(f) = args.peek() {
        args.seek(args.position() + 1);
        if h.remove(f) {
            deleted += 1;
            if h.is_empty() {
                break;
            }
        }
    }
    if h.is_empty() {
        db.remove(key);
    }
    if deleted > 0 {
        ctx.touch(key);
    }
    ctx.out.int(deleted);
    Ok(())
}

/// HEXISTS key field
fn hexists(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let field = args.next_arg()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let found = get_hash(db, key, now)?.is_some_and(|h| h.contains(field));
    out.int(i64::from(found));
    Ok(())
}

/// HLEN key
fn hlen(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let n = get_hash(db, key, now)?.map_or(0, |h| h.len());
    out.int(n as i64);
    Ok(())
}

/// HSTRLEN key field
fn hstrlen(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let field = args.next_arg()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let n = get_hash(db, key, now)?
        .and_then(|h| h.get(field))
        .map_or(0, |v| v.len());
    out.int(n as i64);
    Ok(())
}

/// Which parts of each pair HKEYS / HVALS / HGETALL reply with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parts {
    Keys,
    Values,
    Both,
}

/// HKEYS / HVALS / HGETALL body (Redis's `genericHgetallCommand`).
fn getall_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, parts: Parts) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let h = get_hash(db, key, now)?;
    let n = h.map_or(0, |h| h.len());
    if parts == Parts::Both {
        out.map(n);
    } else {
        out.array(n);
    }
    for (f, v) in h.into_iter().flat_map(|h| h.iter()) {
        if parts != Parts::Values {
            out.bulk(f);
        }
        if parts != Parts::Keys {
            out.bulk(v);
        }
    }
    Ok(())
}

/// HKEYS key
fn hkeys(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    getall_generic(ctx, args, Parts::Keys)
}

/// HVALS key
fn hvals(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    getall_generic(ctx, args, Parts::Values)
}

/// HGETALL key
fn hgetall(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    getall_generic(ctx, args, Parts::Both)
}

/// HINCRBY key field increment
fn hincrby(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let field = args.next_arg()?;
    let incr = args.next_i64()?;
    let now = ctx.now;
    let lim = limits(&ctx.state.config);
    let h = hash_or_create(ctx.db(), key, now)?;
    let old = match h.get(field) {
        Some(v) => string2ll(v).ok_or(CmdError::Borrowed(error::HASH_NOT_INTEGER))?,
        None => 0,
    };
    let new = old
        .checked_add(incr)
        .ok_or(CmdError::Borrowed(error::OVERFLOW))?;
    let mut buf = [0u8; 20];
    h.set(field, crate::resp::fmt_i64(&mut buf, new), lim);
    ctx.touch(key);
    ctx.out.int(new);
    Ok(())
}

/// HINCRBYFLOAT key field increment — in 80-bit `long double` like Redis (see
/// [`LongDouble`]).
fn hincrbyfloat(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let field = args.next_arg()?;
    let incr = match LongDouble::parse(args.next_arg()?) {
        Some(Parsed::Finite(v)) => v,
        Some(Parsed::Infinite) => return Err(CmdError::Borrowed(error::NAN_OR_INFINITY)),
        None => return Err(CmdError::Borrowed(error::NOT_FLOAT)),
    };
    let now = ctx.now;
    let lim = limits(&ctx.state.config);
    let db = ctx.db();
    let h = hash_or_create(db, key, now)?;
    let old = match h.get(field).map(LongDouble::parse) {
        None => Some(LongDouble::ZERO),
        Some(Some(Parsed::Finite(v))) => Some(v),
        // An infinite value parses (Redis checks the sum, not the operand).
        Some(Some(Parsed::Infinite)) => None,
        Some(None) => return Err(CmdError::Borrowed(error::HASH_NOT_FLOAT)),
    };
    let Some(new) = old.and_then(|old| old.checked_add(incr)) else {
        // Redis created the (empty) hash before failing here; never leave it empty.
        if h.is_empty() {
            db.remove(key);
        }
        return Err(CmdError::Borrowed(error::INCR_NAN_OR_INF));
    };
    let text = new.to_human_string();
    h.set(field, text.as_bytes(), lim);
    ctx.touch(key);
    ctx.out.bulk(text.as_bytes());
    Ok(())
}

/// HRANDFIELD key [count [WITHVALUES]]
fn hrandfield(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    if args.done() {
        let r = ctx.state.rng.next_u64();
        let (db, out) = ctx.db_out();
        match get_hash(db, key, now)?.and_then(|h| h.random(r)) {
            Some((f, _)) => out.bulk(f),
            None => out.null(),
        }
        return Ok(());
    }
    let count = parse_count(args.next_arg()?)?;
    let withvalues = match args.peek() {
        None => false,
        Some(w) if args.remaining() == 1 && w.eq_ignore_ascii_case(b"withvalues") => true,
        Some(_) => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    if withvalues && count < -(i64::MAX / 2) {
        return Err(CmdError::Borrowed(error::OUT_OF_RANGE));
    }
    let rng = &mut ctx.state.rng;
    let db = &mut ctx.state.dbs[ctx.client.db];
    let out = &mut ctx.out;
    let Some(h) = get_hash(db, key, now)? else {
        out.array(0);
        return Ok(());
    };
    let len = h.len() as u64;
    let all: Vec<(&[u8], &[u8])> = h.iter().collect();
    let resp3 = out.resp3();
    let reply = |out: &mut crate::resp::Reply<'_>, (f, v): (&[u8], &[u8])| {
        if withvalues {
            if resp3 {
                out.array(2);
            }
            out.bulk(f);
            out.bulk(v);
        } else {
            out.bulk(f);
        }
    };
    let header = |out: &mut crate::resp::Reply<'_>, n: usize| {
        out.array(if withvalues && !resp3 { n * 2 } else { n });
    };
    if count >= 0 {
        let picks = if count as u64 >= len {
            all
        } else {
            distinct_sample(rng, all, count as usize)
        };
        header(out, picks.len());
        for p in picks {
            reply(out, p);
        }
    } else {
        let n = count.unsigned_abs();
        if n > MAX_RANDOM_REPLY {
            return Err(CmdError::Borrowed(error::OUT_OF_RANGE));
        }
        header(out, n as usize);
        for _ in 0..n {
            reply(out, all[rng.below(len) as usize]);
        }
    }
    Ok(())
}

/// A count argument of HRANDFIELD / SRANDMEMBER: any integer but `i64::MIN`.
pub fn parse_count(arg: &[u8]) -> CmdResult<i64> {
    match super::parse_i64(arg)? {
        i64::MIN => Err(CmdError::Borrowed(error::OUT_OF_RANGE_COUNT)),
        n => Ok(n),
    }
}

/// `count` distinct elements of `all` in random order (`count < all.len()`): a partial
/// Fisher-Yates shuffle driven by the server's deterministic RNG.
pub fn distinct_sample<T>(rng: &mut crate::server::Rng, mut all: Vec<T>, count: usize) -> Vec<T> {
    let n = all.len();
    for i in 0..count.min(n) {
        let j = i + rng.below((n - i) as u64) as usize;
        all.swap(i, j);
    }
    all.truncate(count);
    all
}

/// MATCH / COUNT options of HSCAN, SSCAN (and ZSCAN).
#[derive(Debug)]
pub struct ScanOpts<'a> {
    /// MATCH pattern (`None` also for `*`, which matches everything).
    pub pattern: Option<&'a [u8]>,
    /// COUNT hint (at least 1).
    pub count: usize,
}

impl<'a> ScanOpts<'a> {
    /// Parses the options after the cursor, as Redis's `scanGenericCommand`.
    pub fn parse(args: &mut Args<'a>) -> CmdResult<ScanOpts<'a>> {
        let mut opts = ScanOpts {
            pattern: None,
            count: 10,
        };
        while !args.done() {
            if args.remaining() >= 2 && args.eat("count") {
                let n = args.next_i64()?;
                if n < 1 {
                    return Err(CmdError::Borrowed(error::SYNTAX));
                }
                opts.count = usize::try_from(n).unwrap_or(usize::MAX);
            } else if args.remaining() >= 2 && args.eat("match") {
                let p = args.next_arg()?;
                opts.pattern = (p != b"*").then_some(p);
            } else {
                return Err(CmdError::Borrowed(error::SYNTAX));
            }
        }
        Ok(opts)
    }

    /// Whether an element passes the MATCH filter.
    pub fn keep(&self, s: &[u8]) -> bool {
        self.pattern.is_none_or(|p| glob::matches(p, s, false))
    }
}

/// Writes a SCAN-family reply: the cursor, then `items` (already filtered).
pub fn reply_scan(out: &mut crate::resp::Reply<'_>, cursor: u64, items: &[&[u8]]) {
    out.array(2);
    let c = cursor.to_string();
    out.bulk(c.as_bytes());
    out.array(items.len());
    for i in items {
        out.bulk(i);
    }
}

/// HSCAN key cursor [MATCH pattern] [COUNT count]
fn hscan(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let cursor = parse_cursor(args.next_arg()?)?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(h) = get_hash(db, key, now)? else {
        reply_scan(out, 0, &[]);
        return Ok(());
    };
    let opts = ScanOpts::parse(args)?;
    let mut items: Vec<&[u8]> = Vec::new();
    let next = h.scan(cursor, opts.count, |f, v| {
        if opts.keep(f) {
            items.push(f);
            items.push(v);
        }
    });
    // The closure borrowed from `h`; the slices stay valid as `h` is not modified.
    reply_scan(out, next, &items);
    Ok(())
}

/// The hash group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Delete one or more hash fields",
        since: "2.0.0",
        syntax: "key field [field ...]",
        handler: Some(hdel),
        ..CommandSpec::base("hdel", -3, Group::Hash)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Determine if a hash field exists",
        since: "2.0.0",
        syntax: "key field",
        handler: Some(hexists),
        ..CommandSpec::base("hexists", 3, Group::Hash)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the value of a hash field",
        since: "2.0.0",
        syntax: "key field",
        handler: Some(hget),
        ..CommandSpec::base("hget", 3, Group::Hash)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get all the fields and values in a hash",
        since: "2.0.0",
        syntax: "key",
        handler: Some(hgetall),
        ..CommandSpec::base("hgetall", 2, Group::Hash)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Increment the integer value of a hash field by the given number",
        since: "2.0.0",
        syntax: "key field increment",
        handler: Some(hincrby),
        ..CommandSpec::base("hincrby", 4, Group::Hash)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Increment the float value of a hash field by the given amount",
        since: "2.6.0",
        syntax: "key field increment",
        handler: Some(hincrbyfloat),
        ..CommandSpec::base("hincrbyfloat", 4, Group::Hash)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get all the fields in a hash",
        since: "2.0.0",
        syntax: "key",
        handler: Some(hkeys),
        ..CommandSpec::base("hkeys", 2, Group::Hash)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the number of fields in a hash",
        since: "2.0.0",
        syntax: "key",
        handler: Some(hlen),
        ..CommandSpec::base("hlen", 2, Group::Hash)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the values of all the given hash fields",
        since: "2.0.0",
        syntax: "key field [field ...]",
        handler: Some(hmget),
        ..CommandSpec::base("hmget", -3, Group::Hash)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set multiple hash fields to multiple values",
        since: "2.0.0",
        syntax: "key field value [field value ...]",
        handler: Some(hmset),
        ..CommandSpec::base("hmset", -4, Group::Hash)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get one or multiple random fields from a hash",
        since: "6.2.0",
        syntax: "key [count [WITHVALUES]]",
        handler: Some(hrandfield),
        ..CommandSpec::base("hrandfield", -2, Group::Hash)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Incrementally iterate hash fields and associated values",
        since: "2.8.0",
        syntax: "key cursor [MATCH pattern] [COUNT count]",
        handler: Some(hscan),
        ..CommandSpec::base("hscan", -3, Group::Hash)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the string value of a hash field",
        since: "2.0.0",
        syntax: "key field value [field value ...]",
        handler: Some(hset),
        ..CommandSpec::base("hset", -4, Group::Hash)
    },
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the value of a hash field, only if the field does not exist",
        since: "2.0.0",
        syntax: "key field value",
        handler: Some(hsetnx),
        ..CommandSpec::base("hsetnx", 4, Group::Hash)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the length of the value of a hash field",
        since: "3.2.0",
        syntax: "key field",
        handler: Some(hstrlen),
        ..CommandSpec::base("hstrlen", 3, Group::Hash)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get all the values in a hash",
        since: "2.0.0",
        syntax: "key",
        handler: Some(hvals),
        ..CommandSpec::base("hvals", 2, Group::Hash)
    },
];
