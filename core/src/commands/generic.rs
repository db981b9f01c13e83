//! Generic commands: keys of any type — deletion, existence, type, expiry, iteration, renaming.
//!
//! Semantics follow Redis 7.0's `db.c` and `expire.c`, including which error wins when several
//! apply. Expired keys behave as absent everywhere: lookups go through `Db::get`, which expires
//! lazily, and walks (KEYS, SCAN, RANDOMKEY) skip entries whose deadline has passed.
//!
//! SCAN's cursor is the position in the keyspace's hash order (see `keyspace` docs): every key
//! present for a whole iteration is returned at least once, and a full iteration is O(N).

use super::{flags::*, parse_i64, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::glob;
use crate::keyspace::{Key, Kind};
use crate::Millis;

/// DEL key [key ...]
fn del(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    del_generic(ctx, args)
}

/// UNLINK key [key ...] (no background thread here: the same as DEL)
fn unlink(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    del_generic(ctx, args)
}

fn del_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let mut n = 0;
    while let Some(key) = args.peek() {
        args.seek(args.position() + 1);
        let db = ctx.db();
        if db.contains(key, now) {
            db.remove(key);
            ctx.touch(key);
            n += 1;
        }
    }
    ctx.out.int(n);
    Ok(())
}

/// EXISTS key [key ...] (a key named twice counts twice)
fn exists(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    count_existing(ctx, args)
}

/// TOUCH key [key ...] (no LRU clock here: counts the existing keys)
fn touch(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    count_existing(ctx, args)
}

fn count_existing(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let mut n = 0;
    while let Some(key) = args.peek() {
        args.seek(args.position() + 1);
        if ctx.db().contains(key, now) {
            n += 1;
        }
    }
    ctx.out.int(n);
    Ok(())
}

/// TYPE key
fn type_(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    match db.value(key, now) {
        Some(v) => out.simple(v.kind().name()),
        None => out.simple("none"),
    }
    Ok(())
}

/// EXPIRE's NX / XX / GT / LT conditions.
#[derive(Debug, Default, Clone, Copy)]
struct ExpireFlags {
    nx: bool,
    xx: bool,
    gt: bool,
    lt: bool,
}

/// Redis's `parseExtendedExpireArgumentsOrReply`: any order, repeats allowed, then the
/// compatibility checks.
fn parse_expire_flags(args: &mut Args<'_>) -> CmdResult<ExpireFlags> {
    let mut f = ExpireFlags::default();
    while let Some(arg) = args.peek() {
        args.seek(args.position() + 1);
        // strcasecmp sees the argument up to its first NUL.
        let opt = &arg[..arg.iter().position(|&b| b == 0).unwrap_or(arg.len())];
        let is = |w: &str| opt.eq_ignore_ascii_case(w.as_bytes());
        if is("nx") {
            f.nx = true;
        } else if is("xx") {
            f.xx = true;
        } else if is("gt") {
            f.gt = true;
        } else if is("lt") {
            f.lt = true;
        } else {
            return Err(error::unsupported_option(arg));
        }
    }
    if f.nx && (f.xx || f.gt || f.lt) {
        return Err(CmdError::Borrowed(error::EXPIRE_NX_AND_XX_GT_LT));
    }
    if f.gt && f.lt {
        return Err(CmdError::Borrowed(error::EXPIRE_GT_AND_LT));
    }
    Ok(f)
}

/// Redis's `expireGenericCommand`: `basetime` is added to the (unit-converted) argument —
/// `now` for EXPIRE/PEXPIRE, 0 for the *AT forms. A deadline in the past deletes the key.
fn expire_generic(
    ctx: &mut Ctx<'_>,
    args: &mut Args<'_>,
    basetime: Millis,
    seconds: bool,
) -> CmdResult {
    let key = args.next_key()?;
    let param = args.next_arg()?;
    let f = parse_expire_flags(args)?;
    let mut when = parse_i64(param)?;
    let name = ctx.spec.name;
    if seconds {
        when = when
            .checked_mul(1000)
            .ok_or_else(|| error::invalid_expire(name))?;
    }
    let basetime = basetime as i64;
    if when > i64::MAX - basetime {
        return Err(error::invalid_expire(name));
    }
    when += basetime;
    let now = ctx.now;
    let db = ctx.db();
    let Some(entry) = db.get(key, now) else {
        ctx.out.int(0);
        return Ok(());
    };
    // No expiry counts as an infinite TTL for GT and LT.
    let current = entry.expire.map(|t| t as i64);
    let refused = (f.nx && current.is_some())
        || (f.xx && current.is_none())
        || (f.gt && current.is_none_or(|c| when <= c))
        || (f.lt && current.is_some_and(|c| when >= c));
    if refused {
        ctx.out.int(0);
        return Ok(());
    }
    let deleted = when <= now as i64;
    if deleted {
        db.remove(key);
    } else {
        db.set_expire(key, Some(when as Millis));
    }
    ctx.touch(key);
    ctx.out.int(1);
    if ctx.propagating() {
        // Replayed as an absolute PEXPIREAT with the options as typed, or as the deletion it
        // was (Redis's `expireGenericCommand`); PEXPIREAT itself goes out verbatim.
        if deleted {
            let name: &[u8] = if lazyfree_lazy_expire(ctx) {
                b"UNLINK"
            } else {
                b"DEL"
            };
            ctx.propagate_parts(&[name, key]);
        } else if ctx.spec.name != "pexpireat" {
            let mut argv = vec![b"PEXPIREAT".to_vec(), key.to_vec(), when.to_string().into()];
            argv.extend((3..args.len()).map(|i| args.get(i).to_vec()));
            ctx.propagate(argv);
        }
    }
    Ok(())
}

/// Whether `lazyfree-lazy-expire` is `yes` (expiry deletions propagate as UNLINK).
pub fn lazyfree_lazy_expire(ctx: &Ctx<'_>) -> bool {
    ctx.state
        .config
        .extra
        .get("lazyfree-lazy-expire")
        .is_some_and(|v| v == "yes")
}

/// EXPIRE key seconds [NX | XX | GT | LT]
fn expire(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    expire_generic(ctx, args, now, true)
}

/// PEXPIRE key milliseconds [NX | XX | GT | LT]
fn pexpire(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    expire_generic(ctx, args, now, false)
}

/// EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
fn expireat(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    expire_generic(ctx, args, 0, true)
}

/// PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
fn pexpireat(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    expire_generic(ctx, args, 0, false)
}

/// Redis's `ttlGenericCommand`: -2 for a missing key, -1 for a persistent one, else the
/// remaining time (or the deadline, `absolute`), in ms or rounded to seconds.
fn ttl_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, ms: bool, absolute: bool) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(entry) = db.get(key, now) else {
        out.int(-2);
        return Ok(());
    };
    let Some(t) = entry.expire else {
        out.int(-1);
        return Ok(());
    };
    let t = t as i64;
    let ttl = if absolute { t } else { (t - now as i64).max(0) };
    out.int(if ms { ttl } else { (ttl + 500) / 1000 });
    Ok(())
}

/// TTL key
fn ttl(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    ttl_generic(ctx, args, false, false)
}

/// PTTL key
fn pttl(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    ttl_generic(ctx, args, true, false)
}

/// EXPIRETIME key
fn expiretime(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    ttl_generic(ctx, args, false, true)
}

/// PEXPIRETIME key
fn pexpiretime(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    ttl_generic(ctx, args, true, true)
}

/// PERSIST key
fn persist(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let db = ctx.db();
    let had = db.get(key, now).is_some_and(|e| e.expire.is_some());
    if had {
        db.set_expire(key, None);
        ctx.touch(key);
    }
    ctx.out.int(i64::from(had));
    Ok(())
}

/// Whether an entry with deadline `expire` is live at `now`.
fn live(expire: Option<Millis>, now: Millis) -> bool {
    expire.is_none_or(|t| t > now)
}

/// KEYS pattern (in the keyspace's hash order, the same on every platform)
fn keys(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let pattern = args.next_arg()?;
    let now = ctx.now;
    let all = pattern == b"*";
    let (db, out) = ctx.db_out();
    let mut found: Vec<Key> = Vec::new();
    db.scan(0, usize::MAX, |k, e| {
        if live(e.expire, now) && (all || glob::matches(pattern, k, false)) {
            found.push(k.clone());
        }
    });
    out.array(found.len());
    for k in &found {
        out.bulk(k);
    }
    Ok(())
}

/// Redis's `parseScanCursorOrReply`: C's `strtoul` — no leading space, nothing left over, no
/// overflow; an optional sign (a negative number wraps, as `strtoul` does) and the empty
/// string (0) are accepted.
fn parse_cursor(s: &[u8]) -> CmdResult<u64> {
    let bad = || CmdError::Borrowed(error::INVALID_CURSOR);
    // strtoul stops at a NUL like any C string function.
    let s = &s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())];
    if s.is_empty() {
        return Ok(0);
    }
    if s[0].is_ascii_whitespace() || s[0] == 0x0b {
        return Err(bad());
    }
    let (neg, digits) = match s[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let mut v: u64 = 0;
    for &d in digits {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(d - b'0')))
            .ok_or_else(bad)?;
    }
    Ok(if neg { v.wrapping_neg() } else { v })
}

/// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
fn scan(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let cursor = parse_cursor(args.next_arg()?)?;
    let mut count: i64 = 10;
    let mut pattern: Option<&[u8]> = None;
    let mut type_name: Option<&[u8]> = None;
    while let Some(opt) = args.peek() {
        let has_value = args.remaining() >= 2;
        let c = &opt[..opt.iter().position(|&b| b == 0).unwrap_or(opt.len())];
        args.seek(args.position() + 1);
        if c.eq_ignore_ascii_case(b"count") && has_value {
            count = args.next_i64()?;
            if count < 1 {
                return Err(CmdError::Borrowed(error::SYNTAX));
            }
        } else if c.eq_ignore_ascii_case(b"match") && has_value {
            let p = args.next_arg()?;
            pattern = (p != b"*").then_some(p);
        } else if c.eq_ignore_ascii_case(b"type") && has_value {
            type_name = Some(args.next_arg()?);
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
    }
    let now = ctx.now;
    // An unknown TYPE matches nothing (Redis 7.0 compares names, it does not validate them).
    let kind = type_name.map(Kind::from_name);
    let (db, out) = ctx.db_out();
    let mut found: Vec<Key> = Vec::new();
    let mut expired: Vec<Key> = Vec::new();
    let next = db.scan(cursor, count as usize, |k, e| {
        if pattern.is_some_and(|p| !glob::matches(p, k, false)) {
            return;
        }
        if !live(e.expire, now) {
            expired.push(k.clone());
            return;
        }
        if kind.is_some_and(|want| want != Some(e.value.kind())) {
            return;
        }
        found.push(k.clone());
    });
    // Like Redis, keys found expired on the way are deleted.
    for k in &expired {
        db.get(k, now);
    }
    out.array(2);
    let mut buf = [0u8; 20];
    let text = if next <= i64::MAX as u64 {
        crate::resp::fmt_i64(&mut buf, next as i64).to_vec()
    } else {
        next.to_string().into_bytes()
    };
    out.bulk(&text);
    out.array(found.len());
    for k in &found {
        out.bulk(k);
    }
    Ok(())
}

/// RENAME key newkey
fn rename(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    rename_generic(ctx, args, false)
}

/// RENAMENX key newkey
fn renamenx(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    rename_generic(ctx, args, true)
}

/// Redis's `renameGenericCommand`: the value and its TTL move to `newkey`, replacing it.
fn rename_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, nx: bool) -> CmdResult {
    let src = args.next_key()?;
    let dst = args.next_key()?;
    let now = ctx.now;
    let db = ctx.db();
    if !db.contains(src, now) {
        return Err(CmdError::Borrowed(error::NO_SUCH_KEY));
    }
    if src == dst {
        if nx {
            ctx.out.int(0);
        } else {
            ctx.out.ok();
        }
        return Ok(());
    }
    if nx && db.contains(dst, now) {
        ctx.out.int(0);
        return Ok(());
    }
    let entry = db
        .remove(src)
        .expect("src was checked live just above, in the same db");
    let kind = entry.value.kind();
    db.insert(dst, entry.value, entry.expire);
    ctx.touch(src);
    ctx.touch(dst);
    if matches!(kind, Kind::List | Kind::Stream) {
        // A client may be blocked on `dst` (BLPOP, XREAD): it can now be served.
        ctx.signal_ready(dst);
    }
    if nx {
        ctx.out.int(1);
    } else {
        ctx.out.ok();
    }
    Ok(())
}

/// RANDOMKEY (drawn with the server's seeded RNG: deterministic for a given history)
fn randomkey(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    loop {
        let r = ctx.state.rng.next_u64();
        let db = ctx.db();
        let Some(key) = db.key_at_hash(r).cloned() else {
            ctx.out.null();
            return Ok(());
        };
        // An expired pick is deleted and another drawn, as in Redis's dbRandomKey; each
        // round removes a key, so this ends.
        if db.get(&key, now).is_some() {
            ctx.out.bulk(&key);
            return Ok(());
        }
    }
}

/// The generic group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: WRITE,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Delete a key",
        syntax: "key [key ...]",
        handler: Some(del),
        ..CommandSpec::base("del", -2, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
        since: "4.0.0",
        syntax: "key [key ...]",
        handler: Some(unlink),
        ..CommandSpec::base("unlink", -2, Group::Generic)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Determine if a key exists",
        syntax: "key [key ...]",
        handler: Some(exists),
        ..CommandSpec::base("exists", -2, Group::Generic)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Determine the type stored at key",
        syntax: "key",
        handler: Some(type_),
        ..CommandSpec::base("type", 2, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set a key's time to live in seconds",
        syntax: "key seconds [NX | XX | GT | LT]",
        handler: Some(expire),
        ..CommandSpec::base("expire", -3, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set a key's time to live in milliseconds",
        since: "2.6.0",
        syntax: "key milliseconds [NX | XX | GT | LT]",
        handler: Some(pexpire),
        ..CommandSpec::base("pexpire", -3, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the expiration for a key as a UNIX timestamp",
        since: "1.2.0",
        syntax: "key unix-time-seconds [NX | XX | GT | LT]",
        handler: Some(expireat),
        ..CommandSpec::base("expireat", -3, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
        since: "2.6.0",
        syntax: "key unix-time-milliseconds [NX | XX | GT | LT]",
        handler: Some(pexpireat),
        ..CommandSpec::base("pexpireat", -3, Group::Generic)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the time to live for a key in seconds",
        syntax: "key",
        handler: Some(ttl),
        ..CommandSpec::base("ttl", 2, Group::Generic)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the time to live for a key in milliseconds",
        since: "2.6.0",
        syntax: "key",
        handler: Some(pttl),
        ..CommandSpec::base("pttl", 2, Group::Generic)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the expiration Unix timestamp for a key",
        since: "7.0.0",
        syntax: "key",
        handler: Some(expiretime),
        ..CommandSpec::base("expiretime", 2, Group::Generic)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Get the expiration Unix timestamp for a key in milliseconds",
        since: "7.0.0",
        syntax: "key",
        handler: Some(pexpiretime),
        ..CommandSpec::base("pexpiretime", 2, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Remove the expiration from a key",
        since: "2.2.0",
        syntax: "key",
        handler: Some(persist),
        ..CommandSpec::base("persist", 2, Group::Generic)
    },
    CommandSpec {
        flags: READONLY,
        summary: "Find all keys matching the given pattern",
        syntax: "pattern",
        handler: Some(keys),
        ..CommandSpec::base("keys", 2, Group::Generic)
    },
    CommandSpec {
        flags: READONLY,
        summary: "Incrementally iterate the keys space",
        since: "2.8.0",
        syntax: "cursor [MATCH pattern] [COUNT count] [TYPE type]",
        handler: Some(scan),
        ..CommandSpec::base("scan", -2, Group::Generic)
    },
    CommandSpec {
        flags: WRITE,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Rename a key",
        syntax: "key newkey",
        handler: Some(rename),
        ..CommandSpec::base("rename", 3, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Rename a key, only if the new key does not exist",
        syntax: "key newkey",
        handler: Some(renamenx),
        ..CommandSpec::base("renamenx", 3, Group::Generic)
    },
    CommandSpec {
        flags: READONLY,
        summary: "Return a random key from the keyspace",
        syntax: "",
        handler: Some(randomkey),
        ..CommandSpec::base("randomkey", 1, Group::Generic)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.",
        since: "3.2.1",
        syntax: "key [key ...]",
        handler: Some(touch),
        ..CommandSpec::base("touch", -2, Group::Generic)
    },
];
