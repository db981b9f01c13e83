//! Sorted-set commands: ZADD, ZRANGE and its variants, ZPOP*/BZPOP*, Z*MPOP, the set
//! operations ZUNION / ZINTER / ZDIFF (and *STORE, ZINTERCARD), ZRANDMEMBER, ZSCAN.
//!
//! Parsing and replies follow Redis 7.0's `t_zset.c` closely, including the order in which
//! arguments are validated (a bad range is reported before a missing key or WRONGTYPE, the
//! options of ZUNION after WRONGTYPE), because that order is visible in error replies.
//!
//! Reply shapes with scores: in RESP2 a flat array `member, score, ...` with scores as bulk
//! strings (`%.17g`); in RESP3 an array of `[member, score]` pairs with `,` doubles. ZPOPMIN
//! without a count and BZPOPMIN are flat in both; ZMPOP/BZMPOP are nested in both.
//!
//! Writers delete a zset they empty, call `ctx.touch` for every key they change, and
//! `ctx.signal_ready` when a zset gains members (BZPOPMIN / BZMPOP waiters). Blocked re-runs
//! (`ctx.ready_key`) serve only the ready key, as Redis 7.0.

use super::hash::{parse_cursor, reply_scan, ScanOpts};
use super::list::parse_mpop;
use super::{
    flags::*, parse_f64, parse_i64, typed, typed_mut, typed_write, Args, BlockRequest, CommandSpec,
    Ctx, Group, TimeoutReply,
};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::zset::{LexBound, Limits, ScoreBound, ZSet};
use crate::keyspace::{Db, FastMap, Kind, Value};
use crate::resp::{format_g17, string2ll, Reply};
use crate::Millis;

// ---------------------------------------------------------------------------------------------
// Argument parsing

fn err(text: &'static str) -> CmdError {
    CmdError::Borrowed(text)
}

/// A score argument as Redis's `getDoubleFromObject`: no surrounding spaces, no NaN, and no
/// overflow to infinity or underflow to zero (`strtod` with `ERANGE`) unless spelled `inf`.
fn parse_score(s: &[u8]) -> Option<f64> {
    let v = parse_f64(s)?;
    let spelled_inf = s.iter().any(|b| b.eq_ignore_ascii_case(&b'i'));
    if v.is_infinite() && !spelled_inf {
        return None;
    }
    if v == 0.0 {
        // Underflow: a mantissa with a non-zero digit that still parsed as zero.
        let mantissa = s.split(|b| *b == b'e' || *b == b'E').next().unwrap_or(s);
        if mantissa.iter().any(|b| (b'1'..=b'9').contains(b)) {
            return None;
        }
    }
    Some(v)
}

/// A float parsed like C's `strtod` over a whole argument, as Redis's range parsers use it:
/// leading whitespace skipped, an empty string is 0, trailing garbage or NaN refused.
fn strtod_all(s: &[u8]) -> Option<f64> {
    let start = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    if s.is_empty() {
        return Some(0.0);
    }
    if start == s.len() {
        // Only spaces: strtod converts nothing and stops at the first space.
        return None;
    }
    parse_f64(&s[start..])
}

/// One end of a score range: `1.5`, `(1.5`, `-inf`, `+inf`.
fn parse_score_bound(s: &[u8]) -> Option<ScoreBound> {
    match s.first() {
        Some(b'(') => Some(ScoreBound {
            value: strtod_all(&s[1..])?,
            exclusive: true,
        }),
        _ => Some(ScoreBound {
            value: strtod_all(s)?,
            exclusive: false,
        }),
    }
}

/// A score range `min max` (`ERR min or max is not a float`).
fn parse_score_range(min: &[u8], max: &[u8]) -> CmdResult<(ScoreBound, ScoreBound)> {
    match (parse_score_bound(min), parse_score_bound(max)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(err(error::MIN_MAX_NOT_FLOAT)),
    }
}

/// One end of a lex range: `-`, `+`, `[x`, `(x`.
fn parse_lex_bound(s: &[u8]) -> Option<LexBound> {
    match s {
        b"-" => Some(LexBound::Min),
        b"+" => Some(LexBound::Max),
        [b'[', rest @ ..] => Some(LexBound::Incl(rest.to_vec())),
        [b'(', rest @ ..] => Some(LexBound::Excl(rest.to_vec())),
        _ => None,
    }
}

/// A lex range `min max` (`ERR min or max not valid string range item`).
fn parse_lex_range(min: &[u8], max: &[u8]) -> CmdResult<(LexBound, LexBound)> {
    match (parse_lex_bound(min), parse_lex_bound(max)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(err(error::MIN_MAX_NOT_LEX)),
    }
}

/// A blocking timeout: the absolute deadline, `None` for 0 (block forever). The parsing is
/// the list family's, shared by every blocking command.
fn parse_timeout(s: &[u8], now: Millis) -> CmdResult<Option<Millis>> {
    Ok(super::list::deadline(now, super::list::parse_timeout(s)?))
}

/// A count that must be positive (`ERR value is out of range, must be positive`, also for
/// non-integers, as Redis's `getPositiveLongFromObjectOrReply`).
fn parse_positive(s: &[u8]) -> CmdResult<i64> {
    match string2ll(s) {
        Some(n) if n >= 0 => Ok(n),
        _ => Err(err(error::MUST_BE_POSITIVE)),
    }
}

/// The encoding thresholds from the configuration.
fn limits(ctx: &Ctx<'_>) -> Limits {
    Limits::from_config(&ctx.state.config)
}

// ---------------------------------------------------------------------------------------------
// Keyspace access

/// The zset under `key`; `None` if absent; WRONGTYPE for another type.
fn zset_ref<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d ZSet>> {
    match typed(db, key, now, Kind::ZSet)? {
        Some(Value::ZSet(z)) => Ok(Some(z)),
        _ => Ok(None),
    }
}

/// [`zset_ref`] as a write lookup (not counted in INFO stats' keyspace hits / misses), or a
/// second look at a key already counted.
fn zset_write<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d ZSet>> {
    match typed_write(db, key, now, Kind::ZSet)? {
        Some(Value::ZSet(z)) => Ok(Some(z)),
        _ => Ok(None),
    }
}

/// Mutable counterpart of [`zset_ref`].
fn zset_mut<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d mut ZSet>> {
    match typed_mut(db, key, now, Kind::ZSet)? {
        Some(Value::ZSet(z)) => Ok(Some(z)),
        _ => Ok(None),
    }
}

/// Removes `key` if it holds an empty zset (Redis never keeps empty aggregates).
fn drop_if_empty(db: &mut Db, key: &[u8], now: Millis) {
    if matches!(db.value(key, now), Some(Value::ZSet(z)) if z.is_empty()) {
        db.remove(key);
    }
}

/// Stores a result zset under `dst` (replacing any value and TTL) or deletes `dst` when the
/// result is empty; returns the result size. Z*STORE semantics.
fn store_result(ctx: &mut Ctx<'_>, dst: &[u8], mut z: ZSet) -> usize {
    let n = z.len();
    let now = ctx.now;
    if n > 0 {
        z.settle_encoding(limits(ctx));
        ctx.db().insert(dst, Value::ZSet(Box::new(z)), None);
        ctx.touch(dst);
        ctx.signal_ready(dst);
    } else if ctx.db().get(dst, now).is_some() {
        ctx.db().remove(dst);
        ctx.touch(dst);
    }
    n
}

// ---------------------------------------------------------------------------------------------
// Replies

/// Writes `items` (member, score) as ZRANGE WITHSCORES does (or members only).
fn reply_items(
    out: &mut Reply<'_>,
    n: usize,
    items: &mut dyn Iterator<Item = (&[u8], f64)>,
    withscores: bool,
) {
    let resp3 = out.resp3();
    out.array(if withscores && !resp3 { 2 * n } else { n });
    for (m, s) in items.take(n) {
        if withscores && resp3 {
            out.array(2);
        }
        out.bulk(m);
        if withscores {
            out.double(s);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ZADD / ZINCRBY

/// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
fn zadd(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let mut idx = 2;
    let (mut nx, mut xx, mut gt, mut lt, mut ch, mut incr) =
        (false, false, false, false, false, false);
    while idx < args.len() {
        let opt = args.get(idx);
        let flag = match opt.to_ascii_lowercase().as_slice() {
            b"nx" => &mut nx,
            b"xx" => &mut xx,
            b"gt" => &mut gt,
            b"lt" => &mut lt,
            b"ch" => &mut ch,
            b"incr" => &mut incr,
            _ => break,
        };
        *flag = true;
        idx += 1;
    }
    zadd_generic(ctx, args, idx, nx, xx, gt, lt, ch, incr).map(drop)
}

/// ZINCRBY key increment member
fn zincrby(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zadd_generic(ctx, args, 2, false, false, false, false, false, true).map(drop)
}

/// The body of ZADD, ZINCRBY and GEOADD (`zaddGenericCommand`): pairs start at argument
/// `first`. Returns whether the zset changed (a member added or its score updated).
#[allow(clippy::too_many_arguments)] // the option flags of one command, as Redis's
pub(super) fn zadd_generic(
    ctx: &mut Ctx<'_>,
    args: &mut Args<'_>,
    first: usize,
    nx: bool,
    xx: bool,
    gt: bool,
    lt: bool,
    ch: bool,
    incr: bool,
) -> CmdResult<bool> {
    let key = args.get(1);
    let elements = args.len() - first;
    if elements == 0 || elements % 2 != 0 {
        return Err(err(error::SYNTAX));
    }
    let elements = elements / 2;
    if nx && xx {
        return Err(err(error::ZADD_XX_NX));
    }
    if (nx && (gt || lt)) || (gt && lt) {
        return Err(err(error::ZADD_GT_LT_NX));
    }
    if incr && elements > 1 {
        return Err(err(error::ZADD_INCR_PAIR));
    }
    // All scores are checked before anything changes: the command runs fully or not at all.
    let mut scores = Vec::with_capacity(elements.min(1024));
    for j in 0..elements {
        scores.push(parse_score(args.get(first + 2 * j)).ok_or(err(error::NOT_FLOAT))?);
    }
    let now = ctx.now;
    let lim = limits(ctx);
    let exists = zset_write(ctx.db(), key, now)?.is_some();
    if !exists {
        if xx {
            if incr {
                ctx.out.null();
            } else {
                ctx.out.int(0);
            }
            return Ok(false);
        }
        let z = ZSet::for_first_member(args.get(first + 1).len(), lim);
        ctx.db().insert(key, Value::ZSet(Box::new(z)), None);
    }
    let (mut added, mut updated, mut processed) = (0i64, 0i64, 0i64);
    let mut last_score = 0.0;
    let mut nan = false;
    {
        let Some(z) = zset_mut(ctx.db(), key, now)? else {
            return Err(err(error::WRONGTYPE));
        };
        for (j, &score) in scores.iter().enumerate() {
            let member = args.get(first + 2 * j + 1);
            match z.score(member) {
                Some(cur) => {
                    if nx {
                        continue;
                    }
                    let mut new = score;
                    if incr {
                        new += cur;
                        if new.is_nan() {
                            nan = true;
                            break;
                        }
                    }
                    if (lt && new >= cur) || (gt && new <= cur) {
                        continue;
                    }
                    last_score = new;
                    processed += 1;
                    if new != cur {
                        z.insert(member, new, lim);
                        updated += 1;
                    }
                }
                None => {
                    if xx {
                        continue;
                    }
                    z.insert(member, score, lim);
                    last_score = score;
                    added += 1;
                    processed += 1;
                }
            }
        }
    }
    if added > 0 || updated > 0 {
        ctx.touch(key);
        ctx.signal_ready(key);
    }
    drop_if_empty(ctx.db(), key, now);
    if nan {
        return Err(err(error::ZSCORE_NAN));
    }
    if incr {
        if processed > 0 {
            ctx.out.double(last_score);
        } else {
            ctx.out.null();
        }
    } else {
        ctx.out.int(if ch { added + updated } else { added });
    }
    Ok(added + updated > 0)
}

// ---------------------------------------------------------------------------------------------
// Simple reads and removals

/// ZREM key member [member ...]
fn zrem(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.get(1);
    let now = ctx.now;
    let mut removed = 0;
    if let Some(z) = zset_mut(ctx.db(), key, now)? {
        for i in 2..args.len() {
            if z.remove(args.get(i)).is_some() {
                removed += 1;
            }
        }
    }
    if removed > 0 {
        drop_if_empty(ctx.db(), key, now);
        ctx.touch(key);
    }
    ctx.out.int(removed);
    Ok(())
}

/// ZSCORE key member
fn zscore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    match zset_ref(db, args.get(1), now)?.and_then(|z| z.score(args.get(2))) {
        Some(s) => out.double(s),
        None => out.null(),
    }
    Ok(())
}

/// ZMSCORE key member [member ...]
fn zmscore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let z = zset_ref(db, args.get(1), now)?;
    out.array(args.len() - 2);
    for i in 2..args.len() {
        match z.and_then(|z| z.score(args.get(i))) {
            Some(s) => out.double(s),
            None => out.null(),
        }
    }
    Ok(())
}

/// ZCARD key
fn zcard(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let n = zset_ref(db, args.get(1), now)?.map_or(0, ZSet::len);
    out.int(n as i64);
    Ok(())
}

/// ZCOUNT key min max
fn zcount(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let (min, max) = parse_score_range(args.get(2), args.get(3))?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let n = zset_ref(db, args.get(1), now)?.map_or(0, |z| {
        let (s, e) = z.score_range(min, max);
        e - s
    });
    out.int(n as i64);
    Ok(())
}

/// ZLEXCOUNT key min max
fn zlexcount(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let (min, max) = parse_lex_range(args.get(2), args.get(3))?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let n = zset_ref(db, args.get(1), now)?.map_or(0, |z| {
        let (s, e) = z.lex_range(&min, &max);
        e - s
    });
    out.int(n as i64);
    Ok(())
}

/// ZRANK key member
fn zrank(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrank_generic(ctx, args, false)
}

/// ZREVRANK key member
fn zrevrank(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrank_generic(ctx, args, true)
}

fn zrank_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, rev: bool) -> CmdResult {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let rank = zset_ref(db, args.get(1), now)?.and_then(|z| {
        z.rank(args.get(2))
            .map(|r| if rev { z.len() - 1 - r } else { r })
    });
    match rank {
        Some(r) => out.int(r as i64),
        None => out.null(),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// ZRANGE and its variants

/// How a range is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RangeType {
    Rank,
    Score,
    Lex,
}

/// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
fn zrange(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrange_generic(ctx, args, false, None, None)
}

/// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
fn zrangestore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrange_generic(ctx, args, true, None, None)
}

/// ZREVRANGE key start stop [WITHSCORES]
fn zrevrange(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrange_generic(ctx, args, false, Some(RangeType::Rank), Some(true))
}

/// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
fn zrangebyscore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrange_generic(ctx, args, false, Some(RangeType::Score), Some(false))
}

/// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
fn zrevrangebyscore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrange_generic(ctx, args, false, Some(RangeType::Score), Some(true))
}

/// ZRANGEBYLEX key min max [LIMIT offset count]
fn zrangebylex(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrange_generic(ctx, args, false, Some(RangeType::Lex), Some(false))
}

/// ZREVRANGEBYLEX key max min [LIMIT offset count]
fn zrevrangebylex(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zrange_generic(ctx, args, false, Some(RangeType::Lex), Some(true))
}

/// The selection of a range: `count` items from rank `start`, upwards or (`rev`) downwards.
#[derive(Debug, Clone, Copy)]
struct Selection {
    start: usize,
    count: usize,
    rev: bool,
}

/// Rank range `start..=end` with Redis's clamping (negative indexes count from the end).
fn rank_selection(len: usize, start: i64, end: i64, rev: bool) -> Selection {
    let llen = len as i64;
    let mut start = if start < 0 {
        llen.saturating_add(start)
    } else {
        start
    };
    let mut end = if end < 0 {
        llen.saturating_add(end)
    } else {
        end
    };
    if start < 0 {
        start = 0;
    }
    if start > end || start >= llen {
        return Selection {
            start: 0,
            count: 0,
            rev,
        };
    }
    if end >= llen {
        end = llen - 1;
    }
    let count = (end - start + 1) as usize;
    let start = if rev { llen - 1 - start } else { start } as usize;
    Selection { start, count, rev }
}

/// Ranks `[s, e)` of a score or lex match, with LIMIT applied in the direction of travel.
fn limited_selection(s: usize, e: usize, offset: i64, limit: i64, rev: bool) -> Selection {
    let matched = e - s;
    if offset < 0 || offset as u64 >= matched as u64 {
        return Selection {
            start: 0,
            count: 0,
            rev,
        };
    }
    let offset = offset as usize;
    let mut count = matched - offset;
    if limit >= 0 {
        count = count.min(limit as usize);
    }
    let start = if rev { e - 1 - offset } else { s + offset };
    Selection { start, count, rev }
}

/// Items of `z` selected by `sel`.
fn select<'z>(z: &'z ZSet, sel: Selection) -> Box<dyn Iterator<Item = (&'z [u8], f64)> + 'z> {
    if sel.count == 0 {
        return Box::new(std::iter::empty());
    }
    if sel.rev {
        Box::new(z.iter_rev_from(sel.start).take(sel.count))
    } else {
        Box::new(z.iter_from(sel.start).take(sel.count))
    }
}

/// The body of ZRANGE and all its variants (`zrangeGenericCommand`). `kind` / `rev` are
/// preset by the legacy commands, which then refuse BYSCORE / BYLEX / REV as syntax errors.
fn zrange_generic(
    ctx: &mut Ctx<'_>,
    args: &mut Args<'_>,
    store: bool,
    kind: Option<RangeType>,
    rev: Option<bool>,
) -> CmdResult {
    let base = if store { 2 } else { 1 };
    let (mut kind, mut rev) = (kind, rev);
    let (mut withscores, mut offset, mut limit) = (false, 0i64, -1i64);
    let mut j = base + 3;
    while j < args.len() {
        let left = args.len() - j - 1;
        let a = args.get(j).to_ascii_lowercase();
        match a.as_slice() {
            b"withscores" if !store => withscores = true,
            b"limit" if left >= 2 => {
                offset = parse_i64(args.get(j + 1))?;
                limit = parse_i64(args.get(j + 2))?;
                j += 2;
            }
            b"rev" if rev.is_none() => rev = Some(true),
            b"bylex" if kind.is_none() => kind = Some(RangeType::Lex),
            b"byscore" if kind.is_none() => kind = Some(RangeType::Score),
            _ => return Err(err(error::SYNTAX)),
        }
        j += 1;
    }
    let rev = rev.unwrap_or(false);
    let kind = kind.unwrap_or(RangeType::Rank);
    if limit != -1 && kind == RangeType::Rank {
        return Err(err(error::ZRANGE_LIMIT_NEEDS_BY));
    }
    if withscores && kind == RangeType::Lex {
        return Err(err(error::ZRANGE_BYLEX_WITHSCORES));
    }
    let (mut lo, mut hi) = (args.get(base + 1), args.get(base + 2));
    if rev && kind != RangeType::Rank {
        // Given as max, min.
        std::mem::swap(&mut lo, &mut hi);
    }
    enum Parsed {
        Rank(i64, i64),
        Score(ScoreBound, ScoreBound),
        Lex(LexBound, LexBound),
    }
    let range = match kind {
        RangeType::Rank => Parsed::Rank(parse_i64(lo)?, parse_i64(hi)?),
        RangeType::Score => {
            let (a, b) = parse_score_range(lo, hi)?;
            Parsed::Score(a, b)
        }
        RangeType::Lex => {
            let (a, b) = parse_lex_range(lo, hi)?;
            Parsed::Lex(a, b)
        }
    };
    let src = args.get(base);
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(z) = zset_ref(db, src, now)? else {
        if store {
            store_result(ctx, args.get(1), ZSet::new(true));
            ctx.out.int(0);
        } else {
            out.array(0);
        }
        return Ok(());
    };
    let sel = match range {
        Parsed::Rank(a, b) => rank_selection(z.len(), a, b, rev),
        Parsed::Score(a, b) => {
            let (s, e) = z.score_range(a, b);
            limited_selection(s, e, offset, limit, rev)
        }
        Parsed::Lex(a, b) => {
            let (s, e) = z.lex_range(&a, &b);
            limited_selection(s, e, offset, limit, rev)
        }
    };
    if store {
        let lim = limits(ctx);
        let mut result = ZSet::new(true);
        let Some(z) = zset_write(ctx.db(), src, now)? else {
            return Err(err(error::WRONGTYPE));
        };
        for (m, s) in select(z, sel) {
            result.insert(m, s, lim);
        }
        let n = store_result(ctx, args.get(1), result);
        ctx.out.int(n as i64);
    } else {
        reply_items(out, sel.count, &mut select(z, sel), withscores);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// ZREMRANGEBY*

/// ZREMRANGEBYRANK key start stop
fn zremrangebyrank(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zremrange_generic(ctx, args, RangeType::Rank)
}

/// ZREMRANGEBYSCORE key min max
fn zremrangebyscore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zremrange_generic(ctx, args, RangeType::Score)
}

/// ZREMRANGEBYLEX key min max
fn zremrangebylex(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zremrange_generic(ctx, args, RangeType::Lex)
}

fn zremrange_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, kind: RangeType) -> CmdResult {
    let (a, b) = (args.get(2), args.get(3));
    // Parse first: a bad range is reported even for a missing key.
    let ranks = match kind {
        RangeType::Rank => Some((parse_i64(a)?, parse_i64(b)?)),
        _ => None,
    };
    let score = match kind {
        RangeType::Score => Some(parse_score_range(a, b)?),
        _ => None,
    };
    let lex = match kind {
        RangeType::Lex => Some(parse_lex_range(a, b)?),
        _ => None,
    };
    let key = args.get(1);
    let now = ctx.now;
    let removed = match zset_mut(ctx.db(), key, now)? {
        None => 0,
        Some(z) => {
            let (s, e) = if let Some((a, b)) = ranks {
                let sel = rank_selection(z.len(), a, b, false);
                (sel.start, sel.start + sel.count)
            } else if let Some((a, b)) = score {
                z.score_range(a, b)
            } else if let Some((a, b)) = &lex {
                z.lex_range(a, b)
            } else {
                (0, 0)
            };
            z.remove_ranks(s, e)
        }
    };
    if removed > 0 {
        drop_if_empty(ctx.db(), key, now);
        ctx.touch(key);
    }
    ctx.out.int(removed as i64);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// ZPOP*, BZPOP*, ZMPOP, BZMPOP

/// How popped items are framed (Redis's `emitkey` / `use_nested_array`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PopShape {
    /// ZPOPMIN/ZPOPMAX: flat `m, s, ...` (RESP3 with a count: `[m, s]` pairs).
    Plain { nested: bool },
    /// BZPOPMIN/BZPOPMAX: flat `key, m, s`.
    Keyed,
    /// ZMPOP/BZMPOP: `key, [[m, s], ...]`.
    KeyedNested,
}

/// Pops up to `count` items from the zset under `key` (which must exist and be non-empty)
/// and writes the reply. Deletes the key when emptied.
fn pop_and_reply(ctx: &mut Ctx<'_>, key: &[u8], max: bool, count: usize, shape: PopShape) {
    let now = ctx.now;
    let mut popped = Vec::new();
    if let Ok(Some(z)) = zset_mut(ctx.db(), key, now) {
        while popped.len() < count {
            match z.pop(max) {
                Some(it) => popped.push(it),
                None => break,
            }
        }
    }
    drop_if_empty(ctx.db(), key, now);
    if !popped.is_empty() {
        ctx.touch(key);
    }
    let out = &mut ctx.out;
    let n = popped.len();
    let nested = match shape {
        PopShape::Plain { nested } => {
            out.array(if nested { n } else { 2 * n });
            nested
        }
        PopShape::Keyed => {
            out.array(2 * n + 1);
            out.bulk(key);
            false
        }
        PopShape::KeyedNested => {
            out.array(2);
            out.bulk(key);
            out.array(n);
            true
        }
    };
    for (m, s) in &popped {
        if nested {
            out.array(2);
        }
        out.bulk(m);
        out.double(*s);
    }
}

/// ZPOPMIN key [count]
fn zpopmin(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zpop_generic(ctx, args, false)
}

/// ZPOPMAX key [count]
fn zpopmax(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    zpop_generic(ctx, args, true)
}

fn zpop_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, max: bool) -> CmdResult {
    if args.len() > 3 {
        return Err(err(error::SYNTAX));
    }
    let count = if args.len() == 3 {
        Some(parse_positive(args.get(2))?)
    } else {
        None
    };
    let key = args.get(1);
    let now = ctx.now;
    if zset_write(ctx.db(), key, now)?.is_none() || count == Some(0) {
        ctx.out.array(0);
        return Ok(());
    }
    let nested = ctx.out.resp3() && count.is_some();
    let n = count.map_or(1, |c| c as usize);
    pop_and_reply(ctx, key, max, n, PopShape::Plain { nested });
    Ok(())
}

/// BZPOPMIN key [key ...] timeout
fn bzpopmin(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    bzpop_generic(ctx, args, false)
}

/// BZPOPMAX key [key ...] timeout
fn bzpopmax(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    bzpop_generic(ctx, args, true)
}

fn bzpop_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, max: bool) -> CmdResult {
    let last = args.len() - 1;
    let deadline = parse_timeout(args.get(last), ctx.now)?;
    let keys: Vec<&[u8]> = (1..last).map(|i| args.get(i)).collect();
    blocking_pop(ctx, &keys, max, 1, PopShape::Keyed, deadline)
}

/// Serves a blocking pop from the first non-empty zset among `keys` (only the ready key on
/// a re-run), or blocks (`blockingGenericZpopCommand`).
fn blocking_pop(
    ctx: &mut Ctx<'_>,
    keys: &[&[u8]],
    max: bool,
    count: usize,
    shape: PopShape,
    deadline: Option<Millis>,
) -> CmdResult {
    let now = ctx.now;
    if let Some(ready) = ctx.ready_key {
        // A re-run serves only the key that became ready; anything else keeps waiting.
        let ready = ready.to_vec();
        let serve = matches!(ctx.db().value(&ready, now), Some(Value::ZSet(z)) if !z.is_empty());
        if serve {
            pop_and_reply(ctx, &ready, max, count, shape);
        } else {
            block_on(ctx, keys, deadline);
        }
        return Ok(());
    }
    for &key in keys {
        let nonempty = match zset_write(ctx.db(), key, now)? {
            Some(z) => !z.is_empty(),
            None => false,
        };
        if nonempty {
            pop_and_reply(ctx, key, max, count, shape);
            return Ok(());
        }
    }
    if !ctx.may_block() {
        ctx.out.null_array();
        return Ok(());
    }
    block_on(ctx, keys, deadline);
    Ok(())
}

fn block_on(ctx: &mut Ctx<'_>, keys: &[&[u8]], deadline: Option<Millis>) {
    ctx.block(BlockRequest {
        keys: keys.iter().map(|k| (*k).into()).collect(),
        deadline,
        on_timeout: TimeoutReply::NullArray,
        rewrite: None,
    });
}

/// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
fn zmpop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let p = parse_mpop(args, 1, ["min", "max"])?;
    let now = ctx.now;
    for &key in &p.keys {
        if zset_write(ctx.db(), key, now)?.is_some() {
            pop_and_reply(ctx, key, p.second, p.count, PopShape::KeyedNested);
            return Ok(());
        }
    }
    ctx.out.null_array();
    Ok(())
}

/// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
fn bzmpop(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let p = parse_mpop(args, 2, ["min", "max"])?;
    let deadline = parse_timeout(args.get(1), ctx.now)?;
    blocking_pop(
        ctx,
        &p.keys,
        p.second,
        p.count,
        PopShape::KeyedNested,
        deadline,
    )
}

// ---------------------------------------------------------------------------------------------
// ZUNION, ZINTER, ZDIFF, *STORE, ZINTERCARD

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetOp {
    Union,
    Inter,
    Diff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aggregate {
    Sum,
    Min,
    Max,
}

impl Aggregate {
    /// Folds `v` into `acc` as Redis's `zunionInterAggregate` (a NaN sum becomes 0).
    fn apply(self, acc: &mut f64, v: f64) {
        match self {
            Aggregate::Sum => {
                *acc += v;
                if acc.is_nan() {
                    *acc = 0.0;
                }
            }
            Aggregate::Min => *acc = acc.min(v),
            Aggregate::Max => *acc = acc.max(v),
        }
    }
}

/// One input of a set operation: its members and scores (a plain set counts with score 1).
type Source = Option<Vec<(Vec<u8>, f64)>>;

/// The members and scores of an input value, or WRONGTYPE. Sets (when the set type exists)
/// join here with score 1.
fn source_of(v: &Value) -> CmdResult<Vec<(Vec<u8>, f64)>> {
    match v {
        Value::ZSet(z) => Ok(z.iter().map(|(m, s)| (m.to_vec(), s)).collect()),
        // A plain set takes part with every member scored 1, as in Redis.
        Value::Set(set) => Ok(set.iter().map(|m| (m.with(<[u8]>::to_vec), 1.0)).collect()),
        _ => Err(err(error::WRONGTYPE)),
    }
}

/// ZUNION numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
fn zunion(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    setop_generic(ctx, args, SetOp::Union, None, false)
}

/// ZINTER numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
fn zinter(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    setop_generic(ctx, args, SetOp::Inter, None, false)
}

/// ZDIFF numkeys key [key ...] [WITHSCORES]
fn zdiff(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    setop_generic(ctx, args, SetOp::Diff, None, false)
}

/// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX]
fn zunionstore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let dst = args.get(1);
    setop_generic(ctx, args, SetOp::Union, Some(dst), false)
}

/// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX]
fn zinterstore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let dst = args.get(1);
    setop_generic(ctx, args, SetOp::Inter, Some(dst), false)
}

/// ZDIFFSTORE destination numkeys key [key ...]
fn zdiffstore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let dst = args.get(1);
    setop_generic(ctx, args, SetOp::Diff, Some(dst), false)
}

/// ZINTERCARD numkeys key [key ...] [LIMIT limit]
fn zintercard(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    setop_generic(ctx, args, SetOp::Inter, None, true)
}

/// The body of the set operations (`zunionInterDiffGenericCommand`).
fn setop_generic(
    ctx: &mut Ctx<'_>,
    args: &mut Args<'_>,
    op: SetOp,
    dst: Option<&[u8]>,
    card_only: bool,
) -> CmdResult {
    let numkeys_idx = if dst.is_some() { 2 } else { 1 };
    let setnum = parse_i64(args.get(numkeys_idx))?;
    if setnum < 1 {
        return Err(error::at_least_one_key(ctx.spec.name));
    }
    if setnum as u64 > (args.len() - numkeys_idx - 1) as u64 {
        return Err(err(error::SYNTAX));
    }
    let setnum = setnum as usize;
    let now = ctx.now;
    let mut sources: Vec<Source> = Vec::with_capacity(setnum);
    for i in 0..setnum {
        let key = args.get(numkeys_idx + 1 + i);
        // Read lookups (counted in INFO stats), with a destination too.
        sources.push(match ctx.db().value_read(key, now) {
            None => None,
            Some(v) => Some(source_of(v)?),
        });
    }
    let mut weights = vec![1.0f64; setnum];
    let mut aggregate = Aggregate::Sum;
    let mut withscores = false;
    let mut limit = 0i64;
    let mut j = numkeys_idx + 1 + setnum;
    while j < args.len() {
        let remaining = args.len() - j;
        let a = args.get(j);
        if op != SetOp::Diff
            && !card_only
            && remaining > setnum
            && a.eq_ignore_ascii_case(b"weights")
        {
            j += 1;
            for w in weights.iter_mut() {
                *w = parse_score(args.get(j)).ok_or(err(error::WEIGHT_NOT_FLOAT))?;
                j += 1;
            }
        } else if op != SetOp::Diff
            && !card_only
            && remaining >= 2
            && a.eq_ignore_ascii_case(b"aggregate")
        {
            aggregate = match args.get(j + 1).to_ascii_lowercase().as_slice() {
                b"sum" => Aggregate::Sum,
                b"min" => Aggregate::Min,
                b"max" => Aggregate::Max,
                _ => return Err(err(error::SYNTAX)),
            };
            j += 2;
        } else if dst.is_none() && !card_only && a.eq_ignore_ascii_case(b"withscores") {
            withscores = true;
            j += 1;
        } else if card_only && remaining >= 2 && a.eq_ignore_ascii_case(b"limit") {
            limit = parse_positive(args.get(j + 1)).map_err(|_| err(error::LIMIT_NEGATIVE))?;
            j += 2;
        } else {
            return Err(err(error::SYNTAX));
        }
    }

    let lim = limits(ctx);
    // Members borrow from `sources`; every map here has this one type.
    let mut result: FastMap<&[u8], f64> = FastMap::default();
    let weighted = |s: f64, w: f64| {
        let v = s * w;
        if v.is_nan() {
            0.0
        } else {
            v
        }
    };
    match op {
        SetOp::Union => {
            for (src, &w) in sources.iter().zip(&weights) {
                for (m, s) in src.iter().flatten() {
                    let v = weighted(*s, w);
                    match result.get_mut(m.as_slice()) {
                        Some(acc) => aggregate.apply(acc, v),
                        None => {
                            result.insert(m, v);
                        }
                    }
                }
            }
        }
        SetOp::Inter => {
            if sources.iter().all(Option::is_some) {
                // Walk the smallest input; look members up in the others.
                let mut order: Vec<usize> = (0..setnum).collect();
                crate::sort::sort_by_key(&mut order, |&i| sources[i].as_ref().map_or(0, Vec::len));
                let maps: Vec<FastMap<&[u8], f64>> = sources.iter().map(member_map).collect();
                let first = order[0];
                'members: for (m, s) in sources[first].iter().flatten() {
                    let mut acc = weighted(*s, weights[first]);
                    for &i in &order[1..] {
                        // As Redis: only the first weighted score has a NaN (inf × 0) turned
                        // into 0; later ones go into the aggregate as they are, where a NaN
                        // sum becomes 0 and MIN/MAX keep the accumulated value.
                        match score_in(&maps[i], m) {
                            Some(o) => aggregate.apply(&mut acc, o * weights[i]),
                            None => continue 'members,
                        }
                    }
                    result.insert(m, acc);
                    if card_only && limit > 0 && result.len() as i64 >= limit {
                        break;
                    }
                }
            }
        }
        SetOp::Diff => {
            if let Some(Some(first)) = sources.first() {
                let others: Vec<FastMap<&[u8], f64>> =
                    sources[1..].iter().map(member_map).collect();
                for (m, s) in first {
                    if !others.iter().any(|o| score_in(o, m).is_some()) {
                        result.insert(m, *s);
                    }
                }
            }
        }
    }

    if card_only {
        ctx.out.int(result.len() as i64);
        return Ok(());
    }
    match dst {
        Some(dst) => {
            let mut z = ZSet::new(true);
            for (m, s) in &result {
                z.insert(m, *s, lim);
            }
            let n = store_result(ctx, dst, z);
            ctx.out.int(n as i64);
        }
        None => {
            // Replied from the computed scores as they are: Redis shows a `-0` here (a 0 score
            // weighted by a negative weight), though a stored zset reads it back as `0`.
            let items: Vec<(&[u8], f64)> = result.into_iter().collect();
            // Sorted through their indexes (the engine's one index sort).
            let mut order: Vec<usize> = (0..items.len()).collect();
            // Not total_cmp, which puts -0 before 0: Redis compares them equal, then by member.
            crate::sort::sort_by(&mut order, |&a, &b| {
                let (a, b) = (items[a], items[b]);
                a.1.partial_cmp(&b.1)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then_with(|| a.0.cmp(b.0))
            });
            let mut sorted = order.iter().map(|&i| items[i]);
            reply_items(&mut ctx.out, items.len(), &mut sorted, withscores);
        }
    }
    Ok(())
}

/// The score of `m` in a map of [`member_map`] (one copy of the probing code for ZINTER and
/// ZDIFF).
#[inline(never)]
fn score_in(map: &FastMap<&[u8], f64>, m: &[u8]) -> Option<f64> {
    map.get(m).copied()
}

/// The members of a set-operation input with their scores, for lookups.
fn member_map(src: &Source) -> FastMap<&[u8], f64> {
    let mut map = FastMap::default();
    for (m, s) in src.iter().flatten() {
        map.insert(m.as_slice(), *s);
    }
    map
}

// ---------------------------------------------------------------------------------------------
// ZRANDMEMBER, ZSCAN

/// ZRANDMEMBER key [count [WITHSCORES]]
fn zrandmember(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.get(1);
    let now = ctx.now;
    if args.len() == 2 {
        let pick = zset_ref(ctx.db(), key, now)?.map(ZSet::len);
        match pick {
            None => ctx.out.null(),
            Some(len) => {
                let i = ctx.state.rng.below(len as u64) as usize;
                let (db, out) = ctx.db_out();
                if let Some((m, _)) = zset_write(db, key, now)?.and_then(|z| z.get(i)) {
                    out.bulk(m);
                }
            }
        }
        return Ok(());
    }
    let l = parse_i64(args.get(2))?;
    if l == i64::MIN {
        return Err(err(error::ZRANDMEMBER_COUNT_RANGE));
    }
    let withscores = match args.len() {
        3 => false,
        4 if args.get(3).eq_ignore_ascii_case(b"withscores") => true,
        _ => return Err(err(error::SYNTAX)),
    };
    if withscores && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&l) {
        return Err(err(error::VALUE_OUT_OF_RANGE));
    }
    let Some(len) = zset_ref(ctx.db(), key, now)?.map(ZSet::len) else {
        ctx.out.array(0);
        return Ok(());
    };
    let count = l.unsigned_abs() as usize;
    let uniq = l >= 0;
    if count == 0 {
        ctx.out.array(0);
        return Ok(());
    }
    // Case 1 (repeats allowed, or a single pick) and case 2 (the whole set) as Redis; else
    // `count` distinct ranks drawn at random, listed in the order drawn.
    let ranks: Vec<usize> = if !uniq || count == 1 {
        // Streamed below without materializing `count` ranks (it can be huge).
        Vec::new()
    } else if count >= len {
        (0..len).collect()
    } else {
        let mut picked = crate::keyspace::FastSet::default();
        let mut ranks = Vec::with_capacity(count);
        while ranks.len() < count {
            let r = ctx.state.rng.below(len as u64) as usize;
            if picked.insert(r) {
                ranks.push(r);
            }
        }
        ranks
    };
    let n = if ranks.is_empty() { count } else { ranks.len() };
    let resp3 = ctx.out.resp3();
    ctx.out.array(if withscores && !resp3 { 2 * n } else { n });
    for i in 0..n {
        let r = match ranks.get(i) {
            Some(&r) => r,
            None => ctx.state.rng.below(len as u64) as usize,
        };
        let (db, out) = ctx.db_out();
        if let Some((m, s)) = zset_write(db, key, now)?.and_then(|z| z.get(r)) {
            if withscores && resp3 {
                out.array(2);
            }
            out.bulk(m);
            if withscores {
                out.double(s);
            }
        }
    }
    Ok(())
}

/// ZSCAN key cursor [MATCH pattern] [COUNT count]
fn zscan(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let cursor = parse_cursor(args.next_arg()?)?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(z) = zset_ref(db, key, now)? else {
        reply_scan(out, 0, &[]);
        return Ok(());
    };
    let opts = ScanOpts::parse(args)?;
    let len = z.len();
    // A listpack zset is returned whole in one call, as Redis does; a big one is walked in
    // rank order, `count` members per call, the cursor being the next rank.
    let (start, take) = if z.encoding() == "listpack" {
        (0, len)
    } else {
        (cursor.min(len as u64) as usize, opts.count)
    };
    let end = start.saturating_add(take).min(len);
    let next = if end >= len { 0 } else { end as u64 };
    // Member, score text, member, score text...
    let mut owned: Vec<Vec<u8>> = Vec::new();
    for (m, s) in z.iter_from(start).take(end - start) {
        if opts.keep(m) {
            owned.push(m.to_vec());
            owned.push(if s.is_infinite() {
                if s > 0.0 { &b"inf"[..] } else { b"-inf" }.to_vec()
            } else {
                format_g17(s).into_bytes()
            });
        }
    }
    let items: Vec<&[u8]> = owned.iter().map(|v| &v[..]).collect();
    reply_scan(out, next, &items);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Table

/// A sorted-set command's table entry with one key at `first..=last` (step 1).
const fn spec(
    name: &'static str,
    arity: i32,
    flags: u32,
    keys: (i32, i32),
    summary: &'static str,
    since: &'static str,
    syntax: &'static str,
    handler: super::Handler,
) -> CommandSpec {
    CommandSpec {
        flags,
        first_key: keys.0,
        last_key: keys.1,
        step: if keys.0 == 0 { 0 } else { 1 },
        summary,
        since,
        syntax,
        handler: Some(handler),
        ..CommandSpec::base(name, arity, Group::SortedSet)
    }
}

/// The sorted-set group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    spec("zadd", -4, WRITE | DENYOOM | FAST, (1, 1), "Add one or more members to a sorted set, or update its score if it already exists", "1.2.0", "key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]", zadd),
    spec("zrem", -3, WRITE | FAST, (1, 1), "Remove one or more members from a sorted set", "1.2.0", "key member [member ...]", zrem),
    spec("zscore", 3, READONLY | FAST, (1, 1), "Get the score associated with the given member in a sorted set", "1.2.0", "key member", zscore),
    spec("zmscore", -3, READONLY | FAST, (1, 1), "Get the score associated with the given members in a sorted set", "6.2.0", "key member [member ...]", zmscore),
    spec("zincrby", 4, WRITE | DENYOOM | FAST, (1, 1), "Increment the score of a member in a sorted set", "1.2.0", "key increment member", zincrby),
    spec("zcard", 2, READONLY | FAST, (1, 1), "Get the number of members in a sorted set", "1.2.0", "key", zcard),
    spec("zcount", 4, READONLY | FAST, (1, 1), "Count the members in a sorted set with scores within the given values", "2.0.0", "key min max", zcount),
    spec("zrank", 3, READONLY | FAST, (1, 1), "Determine the index of a member in a sorted set", "2.0.0", "key member", zrank),
    spec("zrevrank", 3, READONLY | FAST, (1, 1), "Determine the index of a member in a sorted set, with scores ordered from high to low", "2.0.0", "key member", zrevrank),
    spec("zrange", -4, READONLY, (1, 1), "Return a range of members in a sorted set", "1.2.0", "key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]", zrange),
    spec("zrangestore", -5, WRITE | DENYOOM, (1, 2), "Store a range of members from sorted set into another key", "6.2.0", "dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]", zrangestore),
    spec("zrevrange", -4, READONLY, (1, 1), "Return a range of members in a sorted set, by index, with scores ordered from high to low", "1.2.0", "key start stop [WITHSCORES]", zrevrange),
    spec("zrangebyscore", -4, READONLY, (1, 1), "Return a range of members in a sorted set, by score", "1.0.5", "key min max [WITHSCORES] [LIMIT offset count]", zrangebyscore),
    spec("zrevrangebyscore", -4, READONLY, (1, 1), "Return a range of members in a sorted set, by score, with scores ordered from high to low", "2.2.0", "key max min [WITHSCORES] [LIMIT offset count]", zrevrangebyscore),
    spec("zrangebylex", -4, READONLY, (1, 1), "Return a range of members in a sorted set, by lexicographical range", "2.8.9", "key min max [LIMIT offset count]", zrangebylex),
    spec("zrevrangebylex", -4, READONLY, (1, 1), "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", "2.8.9", "key max min [LIMIT offset count]", zrevrangebylex),
    spec("zlexcount", 4, READONLY | FAST, (1, 1), "Count the number of members in a sorted set between a given lexicographical range", "2.8.9", "key min max", zlexcount),
    spec("zpopmin", -2, WRITE | FAST, (1, 1), "Remove and return members with the lowest scores in a sorted set", "5.0.0", "key [count]", zpopmin),
    spec("zpopmax", -2, WRITE | FAST, (1, 1), "Remove and return members with the highest scores in a sorted set", "5.0.0", "key [count]", zpopmax),
    spec("bzpopmin", -3, WRITE | NOSCRIPT | BLOCKING | FAST, (1, -2), "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", "5.0.0", "key [key ...] timeout", bzpopmin),
    spec("bzpopmax", -3, WRITE | NOSCRIPT | BLOCKING | FAST, (1, -2), "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", "5.0.0", "key [key ...] timeout", bzpopmax),
    spec("zmpop", -4, WRITE, (0, 0), "Remove and return members with scores in a sorted set", "7.0.0", "numkeys key [key ...] <MIN | MAX> [COUNT count]", zmpop),
    spec("bzmpop", -5, WRITE | BLOCKING, (0, 0), "Remove and return members with scores in a sorted set or block until one is available", "7.0.0", "timeout numkeys key [key ...] <MIN | MAX> [COUNT count]", bzmpop),
    spec("zremrangebyrank", 4, WRITE, (1, 1), "Remove all members in a sorted set within the given indexes", "2.0.0", "key start stop", zremrangebyrank),
    spec("zremrangebyscore", 4, WRITE, (1, 1), "Remove all members in a sorted set within the given scores", "1.2.0", "key min max", zremrangebyscore),
    spec("zremrangebylex", 4, WRITE, (1, 1), "Remove all members in a sorted set between the given lexicographical range", "2.8.9", "key min max", zremrangebylex),
    spec("zunion", -3, READONLY, (0, 0), "Add multiple sorted sets", "6.2.0", "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]", zunion),
    spec("zinter", -3, READONLY, (0, 0), "Intersect multiple sorted sets", "6.2.0", "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]", zinter),
    spec("zdiff", -3, READONLY, (0, 0), "Subtract multiple sorted sets", "6.2.0", "numkeys key [key ...] [WITHSCORES]", zdiff),
    spec("zunionstore", -4, WRITE | DENYOOM, (1, 1), "Add multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]", zunionstore),
    spec("zinterstore", -4, WRITE | DENYOOM, (1, 1), "Intersect multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]", zinterstore),
    spec("zdiffstore", -4, WRITE | DENYOOM, (1, 1), "Subtract multiple sorted sets and store the resulting sorted set in a new key", "6.2.0", "destination numkeys key [key ...]", zdiffstore),
    spec("zintercard", -3, READONLY, (0, 0), "Intersect multiple sorted sets and return the cardinality of the result", "7.0.0", "numkeys key [key ...] [LIMIT limit]", zintercard),
    spec("zrandmember", -2, READONLY | RANDOM, (1, 1), "Get one or multiple random elements from a sorted set", "6.2.0", "key [count [WITHSCORES]]", zrandmember),
    spec("zscan", -3, READONLY | RANDOM, (1, 1), "Incrementally iterate sorted sets elements and associated scores", "2.8.0", "key cursor [MATCH pattern] [COUNT count]", zscan),
];
