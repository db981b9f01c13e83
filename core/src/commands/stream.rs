//! Stream commands: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XREAD (consumer groups come
//! later).
//!
//! Argument parsing follows Redis 7.0's `t_stream.c` step by step, because the order of the
//! checks decides which error a malformed command gets (options before arity, arity before
//! the 0-0 check, the key's type before each ID in XREAD...). Option words and the special
//! IDs `-` `+` `$` `*` are compared as C strings (up to the first NUL byte), as Redis does.
//! The data type itself is `crate::keyspace::stream`.

use super::{flags::*, parse_i64, typed, typed_mut, Args, BlockRequest, CommandSpec, Ctx};
use super::{Group, TimeoutReply};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::stream::{AppendError, Fields, IdRequest, NodeLimits, StreamId, Trim};
use crate::keyspace::{Key, Kind, Value};
use crate::resp::{string2ll, Reply};

/// An argument as C sees it: up to its first NUL byte.
fn cstr(a: &[u8]) -> &[u8] {
    a.iter().position(|&b| b == 0).map_or(a, |i| &a[..i])
}

/// Redis's `string2ull`: `string2ll` (refusing negatives), else `strtoull` in base 10, which
/// also takes leading spaces, a sign (`-` negates modulo 2^64) and values above `i64::MAX`.
fn string2ull(s: &[u8]) -> Option<u64> {
    if let Some(v) = string2ll(s) {
        return u64::try_from(v).ok();
    }
    let mut i = s
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))?;
    let neg = match s[i] {
        b'-' => {
            i += 1;
            true
        }
        b'+' => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits = &s[i..];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v: u64 = 0;
    for &d in digits {
        v = v.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    Some(if neg { v.wrapping_neg() } else { v })
}

/// Redis's `streamGenericParseIDOrReply`: `-`, `+` (unless `strict`), `ms`, `ms-seq`, and
/// with `seq_star` also `ms-*`. Returns the ID and whether the sequence was given.
fn parse_id_generic(
    arg: &[u8],
    missing_seq: u64,
    strict: bool,
    seq_star: bool,
) -> CmdResult<(StreamId, bool)> {
    let invalid = || CmdError::Borrowed(error::STREAM_INVALID_ID);
    // Redis copies the argument into a 128-byte buffer first.
    if arg.len() > 127 {
        return Err(invalid());
    }
    let buf = cstr(arg);
    match buf {
        b"-" | b"+" if strict => return Err(invalid()),
        b"-" => return Ok((StreamId::MIN, true)),
        b"+" => return Ok((StreamId::MAX, true)),
        _ => {}
    }
    let (ms, seq) = match buf.iter().position(|&b| b == b'-') {
        Some(i) => (&buf[..i], Some(&buf[i + 1..])),
        None => (buf, None),
    };
    let ms = string2ull(ms).ok_or_else(invalid)?;
    match seq {
        Some(b"*") if seq_star => Ok((StreamId::new(ms, 0), false)),
        Some(seq) => Ok((
            StreamId::new(ms, string2ull(seq).ok_or_else(invalid)?),
            true,
        )),
        None => Ok((StreamId::new(ms, missing_seq), true)),
    }
}

/// A strict ID (`-` and `+` refused), missing sequence = 0.
fn parse_strict_id(arg: &[u8]) -> CmdResult<StreamId> {
    parse_id_generic(arg, 0, true, false).map(|(id, _)| id)
}

/// An XRANGE bound: `(id` is exclusive (and strict), else `-`, `+` or an ID whose missing
/// sequence is `missing_seq`. Returns the ID and whether it is exclusive.
fn parse_interval_id(arg: &[u8], missing_seq: u64) -> CmdResult<(StreamId, bool)> {
    if arg.len() > 1 && arg[0] == b'(' {
        let (id, _) = parse_id_generic(&arg[1..], missing_seq, true, false)?;
        Ok((id, true))
    } else {
        let (id, _) = parse_id_generic(arg, missing_seq, false, false)?;
        Ok((id, false))
    }
}

/// Writes one entry: `[id, [field, value, ...]]`.
fn reply_entry(out: &mut Reply<'_>, id: StreamId, fields: &Fields) {
    out.array(2);
    out.bulk(id.to_string().as_bytes());
    out.array(fields.len() * 2);
    for (f, v) in fields {
        out.bulk(f);
        out.bulk(v);
    }
}

/// Writes entries as an array.
fn reply_entries(out: &mut Reply<'_>, entries: &[(StreamId, &Fields)]) {
    out.array(entries.len());
    for (id, fields) in entries {
        reply_entry(out, *id, fields);
    }
}

/// Parsed trimming options of XADD / XTRIM.
#[derive(Debug, Default)]
struct TrimArgs {
    strategy: Option<Trim>,
    approx: bool,
    /// Most entries to remove (whole nodes); 0 = no limit.
    limit: u64,
}

/// What [`parse_add_or_trim`] found besides the trimming options.
#[derive(Debug, Default)]
struct AddArgs {
    trim: TrimArgs,
    nomkstream: bool,
    /// The explicit ID and whether its sequence was given (`None` for `*`).
    id: Option<(StreamId, bool)>,
    /// Index of the ID argument (XADD) or the argument count (XTRIM).
    idpos: usize,
}

/// Redis's `streamParseAddOrTrimArgsOrReply`.
fn parse_add_or_trim(args: &Args<'_>, xadd: bool, node_max_entries: i64) -> CmdResult<AddArgs> {
    let argc = args.len();
    let mut parsed = AddArgs::default();
    let mut limit: i64 = 0;
    let mut limit_given = false;
    let mut i = 2;
    while i < argc {
        let moreargs = argc - 1 - i;
        let opt = cstr(args.get(i));
        if xadd && opt == b"*" {
            break;
        } else if (opt.eq_ignore_ascii_case(b"maxlen") || opt.eq_ignore_ascii_case(b"minid"))
            && moreargs > 0
        {
            if parsed.trim.strategy.is_some() {
                return Err(CmdError::Borrowed(error::STREAM_MAXLEN_AND_MINID));
            }
            parsed.trim.approx = false;
            let next = cstr(args.get(i + 1));
            if moreargs >= 2 && next == b"~" {
                parsed.trim.approx = true;
                i += 1;
            } else if moreargs >= 2 && next == b"=" {
                i += 1;
            }
            let threshold = args.get(i + 1);
            parsed.trim.strategy = Some(if opt.eq_ignore_ascii_case(b"maxlen") {
                let n = parse_i64(threshold)?;
                if n < 0 {
                    return Err(CmdError::Borrowed(error::STREAM_MAXLEN_NEGATIVE));
                }
                Trim::MaxLen(n as u64)
            } else {
                Trim::MinId(parse_strict_id(threshold)?)
            });
            i += 1;
        } else if opt.eq_ignore_ascii_case(b"limit") && moreargs > 0 {
            limit = parse_i64(args.get(i + 1))?;
            if limit < 0 {
                return Err(CmdError::Borrowed(error::STREAM_LIMIT_NEGATIVE));
            }
            limit_given = true;
            i += 1;
        } else if xadd && opt.eq_ignore_ascii_case(b"nomkstream") {
            parsed.nomkstream = true;
        } else if xadd {
            // Not an option: it must be the ID.
            parsed.id = Some(parse_id_generic(args.get(i), 0, true, true)?);
            break;
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
        i += 1;
    }
    parsed.idpos = i;
    if limit != 0 && parsed.trim.strategy.is_none() {
        return Err(CmdError::Borrowed(error::STREAM_LIMIT_WITHOUT_STRATEGY));
    }
    if !xadd && parsed.trim.strategy.is_none() {
        return Err(CmdError::Borrowed(error::XTRIM_NO_STRATEGY));
    }
    parsed.trim.limit = if limit_given {
        if !parsed.trim.approx {
            return Err(CmdError::Borrowed(error::STREAM_LIMIT_WITHOUT_APPROX));
        }
        limit as u64
    } else if parsed.trim.approx {
        // Redis bounds the work of an approximate trim by default.
        let l = node_max_entries.saturating_mul(100);
        if l <= 0 {
            10_000
        } else {
            l.min(1_000_000) as u64
        }
    } else {
        0
    };
    Ok(parsed)
}

/// The node limits from the configuration.
fn node_limits(ctx: &Ctx<'_>) -> NodeLimits {
    NodeLimits {
        max_entries: ctx.state.config.stream_node_max_entries,
        max_bytes: ctx.state.config.stream_node_max_bytes,
    }
}

/// XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value
/// [field value ...]
///
/// The new entry's ID as a bulk string; null with NOMKSTREAM on a missing key.
fn xadd(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let limits = node_limits(ctx);
    let parsed = parse_add_or_trim(args, true, limits.max_entries)?;
    let field_pos = parsed.idpos + 1;
    let nargs = args.len();
    if field_pos > nargs || nargs - field_pos < 2 || (nargs - field_pos) % 2 == 1 {
        return Err(error::wrong_args("xadd"));
    }
    if parsed.id == Some((StreamId::MIN, true)) {
        return Err(CmdError::Borrowed(error::XADD_ID_ZERO));
    }
    let key = args.get(1);
    let now = ctx.now;
    let db = ctx.db();
    if typed(db, key, now, Kind::Stream)?.is_none() {
        if parsed.nomkstream {
            ctx.out.null();
            return Ok(());
        }
        db.set(key, Value::Stream(Box::default()));
    }
    let Some(Value::Stream(s)) = db.value_mut(key, now) else {
        unreachable!("the stream was just found or created");
    };
    if s.last_id() == StreamId::MAX {
        return Err(CmdError::Borrowed(error::STREAM_EXHAUSTED));
    }
    let req = match parsed.id {
        None => IdRequest::Auto,
        Some((id, true)) => IdRequest::Exact(id),
        Some((id, false)) => IdRequest::Ms(id.ms),
    };
    let fields: Fields = (field_pos..nargs)
        .step_by(2)
        .map(|i| (args.get(i).to_vec(), args.get(i + 1).to_vec()))
        .collect();
    let id = match s.append(req, fields, now, limits) {
        Ok(id) => id,
        Err(AppendError::IdTooSmall) => return Err(CmdError::Borrowed(error::XADD_ID_TOO_SMALL)),
        Err(AppendError::TooLarge) => return Err(CmdError::Borrowed(error::STREAM_TOO_LARGE)),
    };
    if let Some(strategy) = parsed.trim.strategy {
        s.trim(strategy, parsed.trim.approx, parsed.trim.limit);
    }
    ctx.out.bulk(id.to_string().as_bytes());
    ctx.touch(key);
    ctx.signal_ready(key);
    Ok(())
}

/// XLEN key
fn xlen(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let len = match typed(ctx.db(), key, now, Kind::Stream)? {
        Some(Value::Stream(s)) => s.len(),
        _ => 0,
    };
    ctx.out.int(len as i64);
    Ok(())
}

/// Shared body of XRANGE (`rev = false`: key start end) and XREVRANGE (key end start).
fn xrange_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, rev: bool) -> CmdResult {
    let key = args.get(1);
    let (start_arg, end_arg) = if rev {
        (args.get(3), args.get(2))
    } else {
        (args.get(2), args.get(3))
    };
    let (mut start, start_ex) = parse_interval_id(start_arg, 0)?;
    if start_ex {
        start = start
            .incr()
            .ok_or(CmdError::Borrowed(error::STREAM_INVALID_START))?;
    }
    let (mut end, end_ex) = parse_interval_id(end_arg, u64::MAX)?;
    if end_ex {
        end = end
            .decr()
            .ok_or(CmdError::Borrowed(error::STREAM_INVALID_END))?;
    }
    let mut count: i64 = -1;
    let mut j = 4;
    while j < args.len() {
        let more = args.len() - j - 1;
        if cstr(args.get(j)).eq_ignore_ascii_case(b"COUNT") && more >= 1 {
            count = parse_i64(args.get(j + 1))?.max(0);
            j += 2;
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
    }
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(Value::Stream(s)) = typed(db, key, now, Kind::Stream)? else {
        out.array(0);
        return Ok(());
    };
    if count == 0 {
        out.null_array();
    } else {
        let (lo, hi) = (start, end);
        let entries = s.range(lo, hi, rev, count.max(0) as u64);
        reply_entries(out, &entries);
    }
    Ok(())
}

/// XRANGE key start end [COUNT count]
fn xrange(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    xrange_generic(ctx, args, false)
}

/// XREVRANGE key end start [COUNT count]
fn xrevrange(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    xrange_generic(ctx, args, true)
}

/// XDEL key id [id ...]
///
/// The number of entries deleted. IDs are all checked before anything is deleted.
fn xdel(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.get(1);
    let now = ctx.now;
    if typed(ctx.db(), key, now, Kind::Stream)?.is_none() {
        ctx.out.int(0);
        return Ok(());
    }
    let ids = (2..args.len())
        .map(|i| parse_strict_id(args.get(i)))
        .collect::<CmdResult<Vec<_>>>()?;
    let Some(Value::Stream(s)) = typed_mut(ctx.db(), key, now, Kind::Stream)? else {
        unreachable!("the stream was found above");
    };
    let deleted = s.delete(&ids);
    if deleted > 0 {
        ctx.touch(key);
    }
    ctx.out.int(deleted as i64);
    Ok(())
}

/// XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
///
/// The number of entries removed.
fn xtrim(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let limits = node_limits(ctx);
    let parsed = parse_add_or_trim(args, false, limits.max_entries)?;
    let Some(strategy) = parsed.trim.strategy else {
        unreachable!("parse_add_or_trim requires a strategy for XTRIM");
    };
    let key = args.get(1);
    let now = ctx.now;
    let deleted = match typed_mut(ctx.db(), key, now, Kind::Stream)? {
        Some(Value::Stream(s)) => s.trim(strategy, parsed.trim.approx, parsed.trim.limit),
        _ => 0,
    };
    if deleted > 0 {
        ctx.touch(key);
    }
    ctx.out.int(deleted as i64);
    Ok(())
}

/// Entries of one stream, borrowed from the keyspace.
type Entries<'a> = Vec<(StreamId, &'a Fields)>;

/// Writes XREAD's reply for the streams `served` (key and entries): an array of
/// `[key, entries]` pairs in RESP2, a map `key => entries` in RESP3.
fn reply_xread(out: &mut Reply<'_>, served: &[(&[u8], Entries<'_>)]) {
    if out.resp3() {
        out.map(served.len());
    } else {
        out.array(served.len());
    }
    for (key, entries) in served {
        if !out.resp3() {
            out.array(2);
        }
        out.bulk(key);
        reply_entries(out, entries);
    }
}

/// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
///
/// Entries with IDs greater than the given ones, per stream that has any; null if none.
/// With BLOCK and nothing to serve, the client parks with every `$` replaced by the stream's
/// last ID at that moment, and is served (by a re-run with `ready_key` set) from the first
/// stream that receives an entry past its ID, as Redis's `serveClientsBlockedOnStreamKey`.
fn xread(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let argc = args.len();
    let mut timeout: Option<u64> = None;
    let mut count: u64 = 0;
    let mut streams_arg = 0;
    let mut i = 1;
    while i < argc {
        let moreargs = argc - i - 1;
        let o = cstr(args.get(i));
        if o.eq_ignore_ascii_case(b"BLOCK") && moreargs > 0 {
            i += 1;
            let t = string2ll(args.get(i)).ok_or(CmdError::Borrowed(error::TIMEOUT_NOT_INTEGER))?;
            if t < 0 {
                return Err(CmdError::Borrowed(error::TIMEOUT_NEGATIVE));
            }
            timeout = Some(t as u64);
        } else if o.eq_ignore_ascii_case(b"COUNT") && moreargs > 0 {
            i += 1;
            count = parse_i64(args.get(i))?.max(0) as u64;
        } else if o.eq_ignore_ascii_case(b"STREAMS") && moreargs > 0 {
            streams_arg = i + 1;
            if (argc - streams_arg) % 2 != 0 {
                return Err(CmdError::Borrowed(error::XREAD_UNBALANCED));
            }
            break;
        } else if o.eq_ignore_ascii_case(b"GROUP") && moreargs >= 2 {
            return Err(CmdError::Borrowed(error::XREAD_GROUP_OPTION));
        } else if o.eq_ignore_ascii_case(b"NOACK") {
            return Err(CmdError::Borrowed(error::XREAD_NOACK_OPTION));
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
        i += 1;
    }
    if streams_arg == 0 {
        return Err(CmdError::Borrowed(error::SYNTAX));
    }
    let n = (argc - streams_arg) / 2;
    let key_at = |j: usize| args.get(streams_arg + j);
    let now = ctx.now;
    let ready_key = ctx.ready_key;
    let rerun = ready_key.is_some();

    // Resolve the IDs; each key's type is checked before its ID is parsed.
    let mut ids = Vec::with_capacity(n);
    let mut dollar = false;
    for j in 0..n {
        let id_arg = cstr(args.get(streams_arg + n + j));
        let stream = if rerun {
            // A woken client's IDs are concrete; other keys are not looked at.
            None
        } else {
            match typed(ctx.db(), key_at(j), now, Kind::Stream)? {
                Some(Value::Stream(s)) => Some(s.last_id()),
                _ => None,
            }
        };
        if id_arg == b"$" {
            dollar = true;
            ids.push(stream.unwrap_or(StreamId::MIN));
        } else if id_arg == b">" {
            return Err(CmdError::Borrowed(error::XREAD_GT_ID));
        } else {
            ids.push(parse_strict_id(args.get(streams_arg + n + j))?);
        }
    }

    let (db, out) = ctx.db_out();
    if let Some(ready) = ready_key {
        // Woken because `ready` got entries: serve that stream alone, if it moved past the
        // ID we wait for (the first occurrence of the key decides, as in Redis).
        if let Some(j) = (0..n).find(|&j| key_at(j) == ready) {
            if let Some(Value::Stream(s)) = db.value(ready, now) {
                if s.last_id() > ids[j] {
                    let start = ids[j].incr().unwrap_or(StreamId::MIN);
                    let entries = s.range(start, StreamId::MAX, false, count);
                    reply_xread(out, &[(ready, entries)]);
                    return Ok(());
                }
            }
        }
    } else {
        let mut served: Vec<(&[u8], Entries<'_>)> = Vec::new();
        // Collect positions first: `db` is borrowed immutably for the replies below.
        let ready: Vec<usize> = (0..n)
            .filter(|&j| match db.value(key_at(j), now) {
                Some(Value::Stream(s)) => s.last_valid_id().is_some_and(|m| m > ids[j]),
                _ => false,
            })
            .collect();
        for j in ready {
            if let Some(Value::Stream(s)) = db.map().get(key_at(j)).map(|e| &e.value) {
                let start = ids[j].incr().unwrap_or(StreamId::MIN);
                served.push((key_at(j), s.range(start, StreamId::MAX, false, count)));
            }
        }
        if !served.is_empty() {
            reply_xread(out, &served);
            return Ok(());
        }
    }

    let Some(t) = timeout else {
        ctx.out.null_array();
        return Ok(());
    };
    let mut keys: Vec<Key> = Vec::with_capacity(n);
    for j in 0..n {
        if !keys.iter().any(|k| **k == *key_at(j)) {
            keys.push(key_at(j).into());
        }
    }
    let rewrite = dollar.then(|| {
        let mut v = args.to_vec();
        for (j, id) in ids.iter().enumerate() {
            v[streams_arg + n + j] = id.to_string().into_bytes();
        }
        v
    });
    ctx.block(BlockRequest {
        keys,
        // BLOCK 0 waits forever; huge timeouts saturate (Redis's overflow also never fires).
        deadline: (t > 0).then(|| now.saturating_add(t)),
        on_timeout: TimeoutReply::NullArray,
        rewrite,
    });
    Ok(())
}

/// The stream group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Appends a new entry to a stream",
        since: "5.0.0",
        syntax: "key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] <* | id> field value [field value ...]",
        handler: Some(xadd),
        ..CommandSpec::base("xadd", -5, Group::Stream)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.",
        since: "5.0.0",
        syntax: "key id [id ...]",
        handler: Some(xdel),
        ..CommandSpec::base("xdel", -3, Group::Stream)
    },
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Return the number of entries in a stream",
        since: "5.0.0",
        syntax: "key",
        handler: Some(xlen),
        ..CommandSpec::base("xlen", 2, Group::Stream)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval",
        since: "5.0.0",
        syntax: "key start end [COUNT count]",
        handler: Some(xrange),
        ..CommandSpec::base("xrange", -4, Group::Stream)
    },
    CommandSpec {
        flags: READONLY | BLOCKING,
        summary: "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.",
        since: "5.0.0",
        syntax: "[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]",
        handler: Some(xread),
        ..CommandSpec::base("xread", -4, Group::Stream)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE",
        since: "5.0.0",
        syntax: "key end start [COUNT count]",
        handler: Some(xrevrange),
        ..CommandSpec::base("xrevrange", -4, Group::Stream)
    },
    CommandSpec {
        flags: WRITE,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Trims the stream to (approximately if '~' is passed) a certain size",
        since: "5.0.0",
        syntax: "key <MAXLEN | MINID> [= | ~] threshold [LIMIT count]",
        handler: Some(xtrim),
        ..CommandSpec::base("xtrim", -4, Group::Stream)
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_like_redis() {
        let p = |s: &str| parse_id_generic(s.as_bytes(), 7, false, true).ok();
        assert_eq!(p("5"), Some((StreamId::new(5, 7), true)));
        assert_eq!(p("5-*"), Some((StreamId::new(5, 0), false)));
        assert_eq!(p(" 5-+1"), Some((StreamId::new(5, 1), true)));
        assert_eq!(p("-0"), None);
        assert_eq!(p("5-"), None);
        assert_eq!(p("18446744073709551616"), None);
        assert_eq!(
            p("18446744073709551615"),
            Some((StreamId::new(u64::MAX, 7), true))
        );
        assert_eq!(p("5\0zz"), Some((StreamId::new(5, 7), true)));
        assert_eq!(p("-"), Some((StreamId::MIN, true)));
        // The ID splits at the first '-'; strtoull's negation only shows in the sequence.
        assert_eq!(p(" -1"), None);
        assert_eq!(p("5- -1"), Some((StreamId::new(5, u64::MAX), true)));
    }
}
