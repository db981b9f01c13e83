//! Set commands: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP, SRANDMEMBER, SMOVE,
//! SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE, SSCAN.
//!
//! Multi-key commands first check every key (expiring it, refusing a wrong type: WRONGTYPE
//! wins over a missing key anywhere in the list, as in Redis 7.0), then borrow all the sets at
//! once to compute. Results are built the way Redis builds them (an intset first, converted
//! when needed), so the reply order of all-integer results is numeric like Redis's. Every
//! write touches its key; a set left empty is deleted.

use super::hash::{distinct_sample, parse_count, parse_cursor, reply_scan, ScanOpts};
use super::{flags::*, typed, typed_mut, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::set::{Member, Set};
use crate::keyspace::{Db, Kind, Value};
use crate::resp::Reply;
use crate::Millis;

fn wrongtype() -> CmdError {
    CmdError::Borrowed(error::WRONGTYPE)
}

/// `set-max-intset-entries`.
fn max_intset(ctx: &Ctx<'_>) -> usize {
    ctx.state.config.extra_usize("set-max-intset-entries", 512)
}

/// The set under `key` for reading.
fn get_set<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d Set>> {
    match typed(db, key, now, Kind::Set)? {
        Some(Value::Set(s)) => Ok(Some(s)),
        Some(_) => Err(wrongtype()),
        None => Ok(None),
    }
}

/// The existing set under `key` for writing.
fn set_mut<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d mut Set>> {
    match typed_mut(db, key, now, Kind::Set)? {
        Some(Value::Set(s)) => Ok(Some(s)),
        Some(_) => Err(wrongtype()),
        None => Ok(None),
    }
}

/// Writes one member as a bulk string.
fn bulk_member(out: &mut Reply<'_>, m: Member<'_>) {
    m.with(|b| out.bulk(b));
}

/// Writes a whole set as a RESP3 set (array in RESP2), in iteration order.
fn reply_set(out: &mut Reply<'_>, s: Option<&Set>) {
    out.set(s.map_or(0, |s| s.len()));
    for m in s.into_iter().flat_map(|s| s.iter()) {
        bulk_member(out, m);
    }
}

/// SADD key member [member ...]
fn sadd(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let max = max_intset(ctx);
    let db = ctx.db();
    if set_mut(db, key, now)?.is_none() {
        let first = args.peek().unwrap_or_default();
        db.insert(key, Value::Set(Box::new(Set::for_member(first))), None);
    }
    let Some(s) = set_mut(db, key, now)? else {
        return Err(wrongtype());
    };
    let mut added = 0;
    while let Some(m) = args.peek() {
        args.seek(args.position() + 1);
        added += i64::from(s.add(m, max));
    }
    if added > 0 {
        ctx.touch(key);
    }
    ctx.out.int(added);
    Ok(())
}

/// SREM key member [member ...]
fn srem(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let db = ctx.db();
    let Some(s) = set_mut(db, key, now)? else {
        ctx.out.int(0);
        return Ok(());
    };
    let mut removed = 0;
    while let Some(m) = args.peek() {
        args.seek(args.position() + 1);
        if s.remove(m) {
            removed += 1;
            if s.is_empty() {
                break;
            }
        }
    }
    if s.is_empty() {
        db.remove(key);
    }
    if removed > 0 {
        ctx.touch(key);
    }
    ctx.out.int(removed);
    Ok(())
}

/// SMEMBERS key
fn smembers(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let s = get_set(db, key, now)?;
    reply_set(out, s);
    Ok(())
}

/// SISMEMBER key member
fn sismember(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let m = args.next_arg()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let found = get_set(db, key, now)?.is_some_and(|s| s.contains(m));
    out.int(i64::from(found));
    Ok(())
}

/// SMISMEMBER key member [member ...]
fn smismember(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let s = get_set(db, key, now)?;
    out.array(args.remaining());
    while let Some(m) = args.peek() {
        args.seek(args.position() + 1);
        out.int(i64::from(s.is_some_and(|s| s.contains(m))));
    }
    Ok(())
}

/// SCARD key
fn scard(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let n = get_set(db, key, now)?.map_or(0, |s| s.len());
    out.int(n as i64);
    Ok(())
}

/// SPOP key [count]
fn spop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let count = match args.remaining() {
        0 => None,
        1 => {
            let n = super::parse_i64(args.next_arg()?)
                .ok()
                .filter(|n| *n >= 0)
                .ok_or(CmdError::Borrowed(error::MUST_BE_POSITIVE))?;
            Some(n as u64)
        }
        _ => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    let rng = &mut ctx.state.rng;
    let db = &mut ctx.state.dbs[ctx.client.db];
    let out = &mut ctx.out;
    let Some(s) = set_mut(db, key, now)? else {
        match count {
            None => out.null(),
            Some(_) => out.set(0),
        }
        return Ok(());
    };
    let whole = count.is_some_and(|n| n >= s.len() as u64);
    // What to propagate (AOF): SREM of the members popped, DEL when the set went whole.
    let mut popped: Vec<Vec<u8>> = Vec::new();
    match count {
        None => {
            let m = s
                .random(rng.next_u64())
                .map(Member::to_vec)
                .unwrap_or_default();
            s.remove(&m);
            bulk_member(out, Member::Bytes(&m));
            popped.push(m);
        }
        Some(0) => {
            out.set(0);
            return Ok(());
        }
        Some(n) if n >= s.len() as u64 => {
            // The whole set, in its order, then the key goes.
            out.set(s.len());
            for m in s.iter() {
                bulk_member(out, m);
            }
        }
        Some(n) => {
            let mut v = Vec::with_capacity(n as usize);
            for _ in 0..n {
                let Some(m) = s.random(rng.next_u64()).map(Member::to_vec) else {
                    break;
                };
                s.remove(&m);
                v.push(m);
            }
            out.set(v.len());
            for m in &v {
                out.bulk(m);
            }
            popped = v;
        }
    }
    // When the count covered the whole set, the key goes at once.
    if s.is_empty() || whole {
        db.remove(key);
    }
    if whole {
        // Redis's `spopWithCountCommand` answers a whole set with SUNION's code, whose read
        // lookup counts a keyspace hit (its own lookup is a write one).
        db.reads.count(true);
    }
    ctx.touch(key);
    // Random picks are not replayable: propagate their effect, as Redis 7.0's spopCommand.
    if ctx.propagating() {
        if whole {
            ctx.propagate_parts(&[b"DEL", key]);
        } else {
            for chunk in popped.chunks(1024) {
                let mut argv = vec![b"SREM".to_vec(), key.to_vec()];
                argv.extend(chunk.iter().cloned());
                ctx.propagate(argv);
            }
        }
    }
    Ok(())
}

/// SRANDMEMBER key [count]
fn srandmember(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let count = match args.remaining() {
        0 => None,
        1 => Some(parse_count(args.next_arg()?)?),
        _ => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    let rng = &mut ctx.state.rng;
    let db = &mut ctx.state.dbs[ctx.client.db];
    let out = &mut ctx.out;
    let s = get_set(db, key, now)?;
    let Some(count) = count else {
        match s.and_then(|s| s.random(rng.next_u64())) {
            Some(m) => bulk_member(out, m),
            None => out.null(),
        }
        return Ok(());
    };
    let Some(s) = s else {
        out.array(0);
        return Ok(());
    };
    let len = s.len() as u64;
    let all: Vec<Member<'_>> = s.iter().collect();
    if count >= 0 {
        let picks = if count as u64 >= len {
            all
        } else {
            distinct_sample(rng, all, count as usize)
        };
        out.array(picks.len());
        for m in picks {
            bulk_member(out, m);
        }
    } else {
        let n = count.unsigned_abs();
        if n > super::hash::MAX_RANDOM_REPLY {
            return Err(CmdError::Borrowed(error::OUT_OF_RANGE));
        }
        out.array(n as usize);
        for _ in 0..n {
            bulk_member(out, all[rng.below(len) as usize]);
        }
    }
    Ok(())
}

/// SMOVE source destination member
fn smove(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let src = args.next_key()?;
    let dst = args.next_key()?;
    let m = args.next_arg()?;
    let now = ctx.now;
    let max = max_intset(ctx);
    let db = ctx.db();
    // Redis: a missing source answers 0 before the types are checked.
    if !db.contains(src, now) {
        ctx.out.int(0);
        return Ok(());
    }
    set_mut(db, src, now)?;
    set_mut(db, dst, now)?;
    if src == dst {
        let found = set_mut(db, src, now)?.is_some_and(|s| s.contains(m));
        ctx.out.int(i64::from(found));
        return Ok(());
    }
    let Some(s) = set_mut(db, src, now)? else {
        return Err(wrongtype());
    };
    if !s.remove(m) {
        ctx.out.int(0);
        return Ok(());
    }
    if s.is_empty() {
        db.remove(src);
    }
    if set_mut(db, dst, now)?.is_none() {
        db.insert(dst, Value::Set(Box::new(Set::for_member(m))), None);
    }
    // As Redis's smoveCommand: the destination counts as modified (WATCH) only when the
    // member was new to it.
    let added = match set_mut(db, dst, now)? {
        Some(d) => d.add(m, max),
        None => false,
    };
    ctx.touch(src);
    if added {
        ctx.touch(dst);
    }
    ctx.out.int(1);
    Ok(())
}

/// Looks up every key (expiring it), refusing a wrong type; then the live sets, borrowed
/// together (`None` for a missing key).
fn collect_sets<'d>(
    db: &'d mut Db,
    keys: &[&[u8]],
    now: Millis,
) -> CmdResult<Vec<Option<&'d Set>>> {
    for k in keys {
        get_set(db, k, now)?;
    }
    let db = &*db;
    Ok(keys
        .iter()
        .map(|k| match db.lookup(k).map(|e| &e.value) {
            Some(Value::Set(s)) => Some(&**s),
            _ => None,
        })
        .collect())
}

/// Keys from the cursor to the end.
fn rest_keys<'a>(args: &mut Args<'a>) -> Vec<&'a [u8]> {
    let mut v = Vec::with_capacity(args.remaining());
    while let Some(k) = args.peek() {
        args.seek(args.position() + 1);
        v.push(k);
    }
    v
}

/// The intersection's members in Redis's order: the smallest set's iteration order, stopping
/// after `limit` members (0 = no limit). Empty if any set is missing.
fn intersect<'s>(sets: &[Option<&'s Set>], limit: usize) -> Vec<Member<'s>> {
    let mut present: Vec<&Set> = Vec::with_capacity(sets.len());
    for s in sets {
        match s {
            Some(s) => present.push(s),
            None => return Vec::new(),
        }
    }
    // Smallest first (a stable sort of the indexes: the engine's one index sort).
    let mut order: Vec<usize> = (0..present.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| present[i].len());
    let Some((&first, others)) = order.split_first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in present[first].iter() {
        if m.with(|b| others.iter().all(|&o| present[o].contains(b))) {
            out.push(m);
            if limit > 0 && out.len() >= limit {
                break;
            }
        }
    }
    out
}

/// Which SUNION/SDIFF operation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Union,
    Diff,
}

/// SUNION / SDIFF result built like Redis (an intset converted as needed).
fn union_diff(sets: &[Option<&Set>], op: Op, max: usize) -> Set {
    let mut dst = Set::new();
    match op {
        Op::Union => {
            for s in sets.iter().flatten() {
                for m in s.iter() {
                    m.with(|b| dst.add(b, max));
                }
            }
        }
        Op::Diff => {
            if let Some(Some(first)) = sets.first() {
                for m in first.iter() {
                    let keep = m.with(|b| sets[1..].iter().flatten().all(|o| !o.contains(b)));
                    if keep {
                        m.with(|b| dst.add(b, max));
                    }
                }
            }
        }
    }
    dst
}

/// Stores `result` under `dst` (replacing any value and its TTL), or deletes `dst` when the
/// result is empty; replies with the result's size.
fn store(ctx: &mut Ctx<'_>, dst: &[u8], result: Set) {
    let n = result.len();
    let db = ctx.db();
    if n == 0 {
        if db.remove(dst).is_some() {
            ctx.touch(dst);
        }
    } else {
        db.insert(dst, Value::Set(Box::new(result)), None);
        ctx.touch(dst);
    }
    ctx.out.int(n as i64);
}

/// SINTER key [key ...]
fn sinter(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let keys = rest_keys(args);
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let sets = collect_sets(db, &keys, now)?;
    let members = intersect(&sets, 0);
    out.set(members.len());
    for m in members {
        bulk_member(out, m);
    }
    Ok(())
}

/// SINTERSTORE destination key [key ...]
fn sinterstore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let dst = args.next_key()?;
    let keys = rest_keys(args);
    let now = ctx.now;
    let max = max_intset(ctx);
    let sets = collect_sets(ctx.db(), &keys, now)?;
    let mut result = Set::new();
    for m in intersect(&sets, 0) {
        m.with(|b| result.add(b, max));
    }
    store(ctx, dst, result);
    Ok(())
}

/// SINTERCARD numkeys key [key ...] [LIMIT limit]
fn sintercard(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let numkeys = super::parse_i64(args.next_arg()?)
        .ok()
        .filter(|n| *n >= 1)
        .ok_or(CmdError::Borrowed(error::NUMKEYS_NOT_POSITIVE))?;
    if numkeys as u64 > args.remaining() as u64 {
        return Err(CmdError::Borrowed(error::NUMKEYS_TOO_MANY));
    }
    let mut keys = Vec::with_capacity(numkeys as usize);
    for _ in 0..numkeys {
        keys.push(args.next_key()?);
    }
    let mut limit = 0usize;
    while !args.done() {
        if args.remaining() >= 2 && args.eat("limit") {
            let l = super::parse_i64(args.next_arg()?)
                .ok()
                .filter(|n| *n >= 0)
                .ok_or(CmdError::Borrowed(error::LIMIT_NEGATIVE))?;
            limit = usize::try_from(l).unwrap_or(usize::MAX);
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
    }
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let sets = collect_sets(db, &keys, now)?;
    out.int(intersect(&sets, limit).len() as i64);
    Ok(())
}

/// SUNION / SDIFF (and their STORE forms when `store_dst`).
fn union_diff_generic(
    ctx: &mut Ctx<'_>,
    args: &mut Args<'_>,
    op: Op,
    store_dst: bool,
) -> CmdResult {
    let dst = if store_dst {
        Some(args.next_key()?)
    } else {
        None
    };
    let keys = rest_keys(args);
    let now = ctx.now;
    let max = max_intset(ctx);
    let sets = collect_sets(ctx.db(), &keys, now)?;
    let result = union_diff(&sets, op, max);
    match dst {
        Some(dst) => store(ctx, dst, result),
        None => reply_set(&mut ctx.out, Some(&result)),
    }
    Ok(())
}

/// SUNION key [key ...]
fn sunion(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    union_diff_generic(ctx, args, Op::Union, false)
}

/// SUNIONSTORE destination key [key ...]
fn sunionstore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    union_diff_generic(ctx, args, Op::Union, true)
}

/// SDIFF key [key ...]
fn sdiff(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    union_diff_generic(ctx, args, Op::Diff, false)
}

/// SDIFFSTORE destination key [key ...]
fn sdiffstore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    union_diff_generic(ctx, args, Op::Diff, true)
}

/// SSCAN key cursor [MATCH pattern] [COUNT count]
fn sscan(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let cursor = parse_cursor(args.next_arg()?)?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(s) = get_set(db, key, now)? else {
        reply_scan(out, 0, &[]);
        return Ok(());
    };
    let opts = ScanOpts::parse(args)?;
    let mut owned: Vec<Vec<u8>> = Vec::new();
    let next = s.scan(cursor, opts.count, |m| {
        m.with(|b| {
            if opts.keep(b) {
                owned.push(b.to_vec());
            }
        })
    });
    let items: Vec<&[u8]> = owned.iter().map(|v| &v[..]).collect();
    reply_scan(out, next, &items);
    Ok(())
}

/// The set group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Add one or more members to a set",
        since: "1.0.0",
        syntax: "key member [member ...]",
        handler: Some(sadd),
        ..CommandSpec::base("sadd", -3, Group::Set)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the number of members in a set",
        since: "1.0.0",
        syntax: "key",
        handler: Some(scard),
        ..CommandSpec::base("scard", 2, Group::Set)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Subtract multiple sets",
        since: "1.0.0",
        syntax: "key [key ...]",
        handler: Some(sdiff),
        ..CommandSpec::base("sdiff", -2, Group::Set)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Subtract multiple sets and store the resulting set in a key",
        since: "1.0.0",
        syntax: "destination key [key ...]",
        handler: Some(sdiffstore),
        ..CommandSpec::base("sdiffstore", -3, Group::Set)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Intersect multiple sets",
        since: "1.0.0",
        syntax: "key [key ...]",
        handler: Some(sinter),
        ..CommandSpec::base("sinter", -2, Group::Set)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 0,
        last_key: 0,
        step: 0,
        summary: "Intersect multiple sets and return the cardinality of the result",
        since: "7.0.0",
        syntax: "numkeys key [key ...] [LIMIT limit]",
        handler: Some(sintercard),
        ..CommandSpec::base("sintercard", -3, Group::Set)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Intersect multiple sets and store the resulting set in a key",
        since: "1.0.0",
        syntax: "destination key [key ...]",
        handler: Some(sinterstore),
        ..CommandSpec::base("sinterstore", -3, Group::Set)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Determine if a given value is a member of a set",
        since: "1.0.0",
        syntax: "key member",
        handler: Some(sismember),
        ..CommandSpec::base("sismember", 3, Group::Set)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get all the members in a set",
        since: "1.0.0",
        syntax: "key",
        handler: Some(smembers),
        ..CommandSpec::base("smembers", 2, Group::Set)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Returns the membership associated with the given elements for a set",
        since: "6.2.0",
        syntax: "key member [member ...]",
        handler: Some(smismember),
        ..CommandSpec::base("smismember", -3, Group::Set)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Move a member from one set to another",
        since: "1.0.0",
        syntax: "source destination member",
        handler: Some(smove),
        ..CommandSpec::base("smove", 4, Group::Set)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Remove and return one or multiple random members from a set",
        since: "1.0.0",
        syntax: "key [count]",
        handler: Some(spop),
        ..CommandSpec::base("spop", -2, Group::Set)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get one or multiple random members from a set",
        since: "1.0.0",
        syntax: "key [count]",
        handler: Some(srandmember),
        ..CommandSpec::base("srandmember", -2, Group::Set)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Remove one or more members from a set",
        since: "1.0.0",
        syntax: "key member [member ...]",
        handler: Some(srem),
        ..CommandSpec::base("srem", -3, Group::Set)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Incrementally iterate Set elements",
        since: "2.8.0",
        syntax: "key cursor [MATCH pattern] [COUNT count]",
        handler: Some(sscan),
        ..CommandSpec::base("sscan", -3, Group::Set)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Add multiple sets",
        since: "1.0.0",
        syntax: "key [key ...]",
        handler: Some(sunion),
        ..CommandSpec::base("sunion", -2, Group::Set)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Add multiple sets and store the resulting set in a key",
        since: "1.0.0",
        syntax: "destination key [key ...]",
        handler: Some(sunionstore),
        ..CommandSpec::base("sunionstore", -3, Group::Set)
    },
];
