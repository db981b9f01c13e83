//! Generic commands: keys of any type — deletion, existence, type, expiry, iteration, renaming.
//!
//! Semantics follow Redis 7.0's `db.c` and `expire.c`, including which error wins when several
//! apply. Expired keys behave as absent everywhere: lookups go through `Db::get`, which expires
//! lazily, and walks (KEYS, SCAN, RANDOMKEY) skip entries whose deadline has passed.
//!
//! COPY, MOVE and SWAPDB reach other databases: they keep the invariants of every write there
//! too (WATCH touched, blocked clients signalled, in the database written), and clients stay
//! on their database *index* across SWAPDB, as in Redis 7.0. OBJECT reports the metadata
//! the keyspace keeps per entry (see `keyspace` docs).
//!
//! SCAN's cursor is the position in the keyspace's hash order (see `keyspace` docs): every key
//! present for a whole iteration is returned at least once, and a full iteration is O(N).

use super::{flags::*, parse_i64, reply_help, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::glob;
use crate::keyspace::{Entry, Key, Kind};
use crate::resp::fmt_i64;
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

/// EXISTS key [key ...] (a key named twice counts twice; not an access for IDLETIME)
fn exists(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    count_existing(ctx, args, false)
}

/// TOUCH key [key ...]: counts the existing keys, resetting their idle time.
fn touch(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    count_existing(ctx, args, true)
}

/// EXISTS / TOUCH: how many of the keys exist; `access` counts as an access (IDLETIME).
fn count_existing(ctx: &mut Ctx<'_>, args: &mut Args<'_>, access: bool) -> CmdResult {
    let now = ctx.now;
    let mut n = 0;
    while let Some(key) = args.peek() {
        args.seek(args.position() + 1);
        let db = ctx.db();
        let found = if access {
            db.get_read(key, now).is_some()
        } else {
            db.peek_read(key, now).is_some()
        };
        if found {
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
    match db.peek_read(key, now) {
        Some(e) => out.simple(e.value.kind().name()),
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
    let current = entry.expire().map(|t| t as i64);
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
            let mut buf = [0u8; 20];
            let mut argv: Vec<&[u8]> = vec![b"PEXPIREAT", key, fmt_i64(&mut buf, when)];
            for i in 3..args.len() {
                argv.push(args.get(i));
            }
            ctx.propagate_parts(&argv);
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
    let Some(entry) = db.peek_read(key, now) else {
        out.int(-2);
        return Ok(());
    };
    let Some(t) = entry.expire() else {
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
    let had = db.get(key, now).is_some_and(|e| e.expire().is_some());
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
        if live(e.expire(), now) && (all || glob::matches(pattern, k, false)) {
            found.push(k.into());
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
/// string (0) are accepted. Shared by the whole SCAN family.
pub(super) fn parse_cursor(s: &[u8]) -> CmdResult<u64> {
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
    // With TYPE, Redis checks each key matching the pattern with a read lookup, counted in
    // INFO stats: a hit when live, a miss when found expired.
    let mut reads = crate::keyspace::ReadCounts::default();
    let next = db.scan(cursor, count as usize, |k, e| {
        if pattern.is_some_and(|p| !glob::matches(p, k, false)) {
            return;
        }
        let is_live = live(e.expire(), now);
        if type_name.is_some() {
            reads.count(is_live);
        }
        if !is_live {
            expired.push(k.into());
            return;
        }
        if kind.is_some_and(|want| want != Some(e.value.kind())) {
            return;
        }
        found.push(k.into());
    });
    // Like Redis, keys found expired on the way are deleted.
    for k in &expired {
        db.get(k, now);
    }
    db.reads.add(reads);
    out.array(2);
    let mut buf = [0u8; 20];
    let text = if next <= i64::MAX as u64 {
        fmt_i64(&mut buf, next as i64).to_vec()
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
    // The object itself moves: expiry, encoding and access time go with it.
    db.insert_entry(dst, entry);
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
        let Some(key) = db.random_key(r).map(Key::from) else {
            ctx.out.null();
            return Ok(());
        };
        // An expired pick is deleted and another drawn, as in Redis's dbRandomKey (which
        // does not count as an access to the key returned); each
        // round removes a key, so this ends.
        if db.peek(&key, now).is_some() {
            ctx.out.bulk(&key);
            return Ok(());
        }
    }
}

/// An option word as C's `strcasecmp` sees it: up to its first NUL byte.
fn c_word(arg: &[u8]) -> &[u8] {
    &arg[..arg.iter().position(|&b| b == 0).unwrap_or(arg.len())]
}

/// Redis's `getIntFromObjectOrReply`: an integer that fits a C `int`. With `msg`, any
/// failure replies it; without, "not an integer" or "out of range" as the case may be.
fn parse_int32(arg: &[u8], msg: Option<&'static str>) -> CmdResult<i64> {
    let fail = |default: &'static str| CmdError::Borrowed(msg.unwrap_or(default));
    let n = crate::resp::string2ll(arg).ok_or_else(|| fail(error::NOT_INTEGER))?;
    if i32::try_from(n).is_err() {
        return Err(fail(error::INT_OUT_OF_RANGE));
    }
    Ok(n)
}

/// A database index argument of COPY and MOVE: an `int` (else "not an integer"), then
/// within `0..databases` (else "DB index is out of range", as `selectDb` fails).
fn parse_db_index(ctx: &Ctx<'_>, arg: &[u8]) -> CmdResult<usize> {
    let n = parse_int32(arg, None)?;
    match usize::try_from(n) {
        Ok(i) if i < ctx.state.dbs.len() => Ok(i),
        _ => Err(CmdError::Borrowed(error::DB_INDEX_OUT_OF_RANGE)),
    }
}

/// After a key was written in database `db` (not necessarily the selected one): WATCH and
/// dirty accounting, and blocked clients when it now holds a type they wait for (Redis's
/// `dbAdd` signals lists, sorted sets and streams).
fn written_in(ctx: &mut Ctx<'_>, db: usize, key: &[u8], kind: Kind) {
    ctx.state.touch_key(db, key);
    if matches!(kind, Kind::List | Kind::Stream) {
        ctx.state.signal_ready(db, key);
    }
}

/// COPY source destination [DB destination-db] [REPLACE]
///
/// Redis's `copyCommand`: options first (repeats allowed, the last DB wins), then "same
/// object" when source and destination are one key of one database; 0 if the source is
/// missing or the destination exists without REPLACE. The copy keeps the TTL.
fn copy(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let src = args.next_key()?;
    let dst = args.next_key()?;
    let src_db = ctx.client.db;
    let mut dst_db = src_db;
    let mut replace = false;
    while let Some(opt) = args.peek() {
        args.next_arg()?;
        let opt = c_word(opt);
        if opt.eq_ignore_ascii_case(b"replace") {
            replace = true;
        } else if opt.eq_ignore_ascii_case(b"db") && !args.done() {
            dst_db = parse_db_index(ctx, args.next_arg()?)?;
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
    }
    if src_db == dst_db && src == dst {
        return Err(CmdError::Borrowed(error::SAME_OBJECT));
    }
    let now = ctx.now;
    let Some(copy) = ctx.db().get_read(src, now).map(|e| e.duplicate(now)) else {
        ctx.out.int(0);
        return Ok(());
    };
    let target = ctx.db_at(dst_db);
    if target.get(dst, now).is_some() {
        if !replace {
            ctx.out.int(0);
            return Ok(());
        }
        target.remove(dst);
    }
    let kind = copy.value.kind();
    target.insert_entry(dst, copy);
    written_in(ctx, dst_db, dst, kind);
    ctx.out.int(1);
    Ok(())
}

/// MOVE key db
///
/// Redis's `moveCommand`: the index is checked first, then "same object" for the selected
/// database; 0 if the key is missing here or exists there. The key keeps its TTL.
fn move_(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let dst_db = parse_db_index(ctx, args.next_arg()?)?;
    let src_db = ctx.client.db;
    if dst_db == src_db {
        return Err(CmdError::Borrowed(error::SAME_OBJECT));
    }
    let now = ctx.now;
    if ctx.db().get(key, now).is_none() || ctx.db_at(dst_db).get(key, now).is_some() {
        ctx.out.int(0);
        return Ok(());
    }
    let entry: Entry = ctx
        .db()
        .remove(key)
        .expect("the key was found live just above");
    let kind = entry.value.kind();
    ctx.db_at(dst_db).insert_entry(key, entry);
    ctx.state.touch_key(src_db, key);
    written_in(ctx, dst_db, key, kind);
    ctx.out.int(1);
    Ok(())
}

/// SWAPDB index1 index2: see `State::swap_dbs` for WATCH and blocked clients.
fn swapdb(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let a = parse_int32(args.next_arg()?, Some(error::INVALID_FIRST_DB_INDEX))?;
    let b = parse_int32(args.next_arg()?, Some(error::INVALID_SECOND_DB_INDEX))?;
    let n = ctx.state.dbs.len();
    let (Ok(a), Ok(b)) = (usize::try_from(a), usize::try_from(b)) else {
        return Err(CmdError::Borrowed(error::DB_INDEX_OUT_OF_RANGE));
    };
    if a >= n || b >= n {
        return Err(CmdError::Borrowed(error::DB_INDEX_OUT_OF_RANGE));
    }
    let now = ctx.now;
    ctx.state.swap_dbs(a, b, now);
    ctx.state.dirty += 1;
    ctx.out.ok();
    Ok(())
}

/// Whether the maxmemory policy is an LFU one (OBJECT FREQ tracks, IDLETIME does not).
fn lfu_policy(ctx: &Ctx<'_>) -> bool {
    ctx.state
        .config
        .extra
        .get("maxmemory-policy")
        .is_some_and(|p| p.ends_with("-lfu"))
}

/// The entry OBJECT inspects (no access recorded, as Redis's `objectCommandLookup`); nil
/// reply and `None` if the key is missing.
fn object_lookup<'c>(ctx: &'c mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult<Option<&'c Entry>> {
    let key = args.next_key()?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let entry = db.peek_read(key, now);
    if entry.is_none() {
        out.null();
    }
    Ok(entry)
}

/// OBJECT ENCODING key
fn object_encoding(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let st = &mut *ctx.state;
    let db = &mut st.dbs[ctx.client.db];
    match db.peek_read(key, now) {
        Some(e) => ctx.out.bulk(e.encoding(&st.config).as_bytes()),
        None => ctx.out.null(),
    }
    Ok(())
}

/// OBJECT REFCOUNT key: 2147483647 for a shared integer, else 1.
fn object_refcount(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let st = &mut *ctx.state;
    let db = &mut st.dbs[ctx.client.db];
    match db.peek_read(key, now) {
        Some(e) => ctx.out.int(e.refcount(&st.config)),
        None => ctx.out.null(),
    }
    Ok(())
}

/// OBJECT IDLETIME key: seconds since the last access (an error under an LFU policy).
fn object_idletime(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let lfu = lfu_policy(ctx);
    let now = ctx.now;
    let Some(e) = object_lookup(ctx, args)? else {
        return Ok(());
    };
    if lfu {
        return Err(CmdError::Borrowed(error::OBJECT_IDLETIME_LFU));
    }
    let idle = e.idle_seconds(now);
    ctx.out.int(idle as i64);
    Ok(())
}

/// OBJECT FREQ key: an error unless the maxmemory policy is LFU. Access frequencies are not
/// counted here: under LFU the reply is Redis's initial counter (5), decayed by one per
/// `lfu-decay-time` minutes (default 1) of idleness, as `LFUDecrAndReturn` would.
fn object_freq(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let lfu = lfu_policy(ctx);
    let decay_minutes = ctx
        .state
        .config
        .extra
        .get("lfu-decay-time")
        .and_then(|d| d.parse::<u64>().ok())
        .unwrap_or(1);
    let now = ctx.now;
    let Some(e) = object_lookup(ctx, args)? else {
        return Ok(());
    };
    if !lfu {
        return Err(CmdError::Borrowed(error::OBJECT_FREQ_NOT_LFU));
    }
    const LFU_INIT_VAL: u64 = 5;
    let periods = match decay_minutes {
        0 => 0,
        d => e.idle_seconds(now) / 60 / d,
    };
    let freq = LFU_INIT_VAL.saturating_sub(periods);
    ctx.out.int(freq as i64);
    Ok(())
}

/// OBJECT HELP
fn object_help(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    reply_help(
        &mut ctx.out,
        "OBJECT",
        &[
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
        ],
    );
    Ok(())
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
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 2,
        step: 1,
        summary: "Copy a key",
        since: "6.2.0",
        syntax: "source destination [DB destination-db] [REPLACE]",
        handler: Some(copy),
        ..CommandSpec::base("copy", -3, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Move a key to another database",
        syntax: "key db",
        handler: Some(move_),
        ..CommandSpec::base("move", 3, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | FAST,
        summary: "Swaps two Redis databases",
        since: "4.0.0",
        syntax: "index1 index2",
        handler: Some(swapdb),
        ..CommandSpec::base("swapdb", 3, Group::Generic)
    },
    CommandSpec {
        summary: "A container for object introspection commands",
        since: "2.2.3",
        subcommands: &[
            CommandSpec {
                flags: READONLY,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Inspect the internal encoding of a Redis object",
                since: "2.2.3",
                syntax: "key",
                handler: Some(object_encoding),
                ..CommandSpec::base("encoding", 3, Group::Generic)
            },
            CommandSpec {
                flags: READONLY,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Get the logarithmic access frequency counter of a Redis object",
                since: "4.0.0",
                syntax: "key",
                handler: Some(object_freq),
                ..CommandSpec::base("freq", 3, Group::Generic)
            },
            CommandSpec {
                flags: LOADING | STALE,
                summary: "Show helpful text about the different subcommands",
                since: "6.2.0",
                handler: Some(object_help),
                ..CommandSpec::base("help", 2, Group::Generic)
            },
            CommandSpec {
                flags: READONLY,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Get the time since a Redis object was last accessed",
                since: "2.2.3",
                syntax: "key",
                handler: Some(object_idletime),
                ..CommandSpec::base("idletime", 3, Group::Generic)
            },
            CommandSpec {
                flags: READONLY,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Get the number of references to the value of the key",
                since: "2.2.3",
                syntax: "key",
                handler: Some(object_refcount),
                ..CommandSpec::base("refcount", 3, Group::Generic)
            },
        ],
        ..CommandSpec::base("object", -2, Group::Generic)
    },
];
