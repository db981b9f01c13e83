//! Stream commands: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XREAD; consumer groups
//! (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM) and XINFO.
//!
//! Argument parsing follows Redis 7.0's `t_stream.c` step by step, because the order of the
//! checks decides which error a malformed command gets (options before arity, arity before
//! the 0-0 check, the key's type before each ID in XREAD...). Option words and the special
//! IDs `-` `+` `$` `*` are compared as C strings (up to the first NUL byte), as Redis does.
//! The data type itself is `crate::keyspace::stream`.

use super::{
    flags::*, parse_i64, typed, typed_mut, typed_write, Args, BlockRequest, CommandSpec, Ctx,
};
use super::{Group, TimeoutReply};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::stream::{
    AppendError, ConsumerGroup, Entry, Fields, IdRequest, NodeLimits, Stream, StreamId, Trim,
    INVALID_ENTRIES_READ,
};
use crate::keyspace::{Key, Kind, Value};
use crate::resp::{string2ll, Reply};

/// An argument as C sees it: up to its first NUL byte.
fn cstr(a: &[u8]) -> &[u8] {
    a.iter().position(|&b| b == 0).map_or(a, |i| &a[..i])
}

/// Whether option argument `a` is `word`, ASCII case-insensitively and up to its first NUL
/// byte (one out-of-line comparison for every option word of this file).
#[inline(never)]
fn opt_is(a: &[u8], word: &[u8]) -> bool {
    cstr(a).eq_ignore_ascii_case(word)
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

/// An inclusive bound from an XRANGE-style argument: the start (`end` false, a missing
/// sequence is 0) or the end (a missing sequence is the maximum). `(id` excludes `id`: the
/// start moves one up, the end one down, refused when there is no such ID.
#[inline(never)]
fn parse_bound(arg: &[u8], end: bool) -> CmdResult<StreamId> {
    let (id, exclusive) = parse_interval_id(arg, if end { u64::MAX } else { 0 })?;
    match (exclusive, end) {
        (false, _) => Ok(id),
        (true, false) => id
            .incr()
            .ok_or(CmdError::Borrowed(error::STREAM_INVALID_START)),
        (true, true) => id
            .decr()
            .ok_or(CmdError::Borrowed(error::STREAM_INVALID_END)),
    }
}

/// Strict IDs from argument `from` on (XDEL, XACK): all are checked before any is used.
fn parse_ids(args: &Args<'_>, from: usize) -> CmdResult<Vec<StreamId>> {
    let mut ids = Vec::with_capacity(args.len().saturating_sub(from));
    for i in from..args.len() {
        ids.push(parse_strict_id(args.get(i))?);
    }
    Ok(ids)
}

/// Writes one entry from copied-out pairs: `[id, [field, value, ...]]`.
fn reply_fields(out: &mut Reply<'_>, id: StreamId, fields: &Fields) {
    out.array(2);
    reply_id(out, id);
    out.array(fields.len() * 2);
    for (f, v) in fields {
        out.bulk(f);
        out.bulk(v);
    }
}

/// Writes one entry read in place from its node.
fn reply_entry(out: &mut Reply<'_>, id: StreamId, entry: Entry<'_>) {
    out.array(2);
    reply_id(out, id);
    out.array(entry.len() * 2);
    entry.for_each(|f, v| {
        out.bulk(f);
        out.bulk(v);
    });
}

/// Writes entries as an array.
fn reply_entries(out: &mut Reply<'_>, entries: &[(StreamId, Entry<'_>)]) {
    out.array(entries.len());
    for &(id, entry) in entries {
        reply_entry(out, id, entry);
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
        } else if (opt_is(opt, b"maxlen") || opt_is(opt, b"minid")) && moreargs > 0 {
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
            parsed.trim.strategy = Some(if opt_is(opt, b"maxlen") {
                let n = parse_i64(threshold)?;
                if n < 0 {
                    return Err(CmdError::Borrowed(error::STREAM_MAXLEN_NEGATIVE));
                }
                Trim::MaxLen(n as u64)
            } else {
                Trim::MinId(parse_strict_id(threshold)?)
            });
            i += 1;
        } else if opt_is(opt, b"limit") && moreargs > 0 {
            limit = parse_i64(args.get(i + 1))?;
            if limit < 0 {
                return Err(CmdError::Borrowed(error::STREAM_LIMIT_NEGATIVE));
            }
            limit_given = true;
            i += 1;
        } else if xadd && opt_is(opt, b"nomkstream") {
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
    if typed_write(db, key, now, Kind::Stream)?.is_none() {
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
    let fields: Vec<(&[u8], &[u8])> = (field_pos..nargs)
        .step_by(2)
        .map(|i| (args.get(i), args.get(i + 1)))
        .collect();
    let id = match s.append_pairs(req, &fields, now, limits) {
        Ok(id) => id,
        Err(AppendError::IdTooSmall) => return Err(CmdError::Borrowed(error::XADD_ID_TOO_SMALL)),
        Err(AppendError::TooLarge) => return Err(CmdError::Borrowed(error::STREAM_TOO_LARGE)),
    };
    if let Some(strategy) = parsed.trim.strategy {
        s.trim(strategy, parsed.trim.approx, parsed.trim.limit);
    }
    reply_id(&mut ctx.out, id);
    ctx.touch(key);
    ctx.signal_ready(key);
    if ctx.propagating() {
        // Replayed with the ID it got (`*` and `ms-*` depend on the clock), as Redis does.
        let mut argv = args.to_vec();
        argv[parsed.idpos] = id_text(id, &mut [0; 41]).to_vec();
        ctx.propagate(argv);
    }
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
    let start = parse_bound(start_arg, false)?;
    let end = parse_bound(end_arg, true)?;
    let mut count: i64 = -1;
    let mut j = 4;
    while j < args.len() {
        let more = args.len() - j - 1;
        if opt_is(args.get(j), b"COUNT") && more >= 1 {
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
        let entries = s.entries(lo, hi, rev, count.max(0) as u64);
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
    if typed_write(ctx.db(), key, now, Kind::Stream)?.is_none() {
        ctx.out.int(0);
        return Ok(());
    }
    let ids = parse_ids(args, 2)?;
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
type Entries<'a> = Vec<(StreamId, Entry<'a>)>;

/// Writes XREAD's reply for the streams `served` (key and entries): an array of
/// `[key, entries]` pairs in RESP2, a map `key => entries` in RESP3.
fn reply_xread(out: &mut Reply<'_>, served: &[(&[u8], Entries<'_>)]) {
    reply_read_header(out, served.len());
    for (key, entries) in served {
        reply_read_key(out, key);
        reply_entries(out, entries);
    }
}

/// The header of an XREAD / XREADGROUP reply serving `n` streams: a map in RESP3, an array
/// of pairs in RESP2.
fn reply_read_header(out: &mut Reply<'_>, n: usize) {
    if out.resp3() {
        out.map(n);
    } else {
        out.array(n);
    }
}

/// The key heading one stream of an XREAD / XREADGROUP reply: a map key in RESP3, the
/// first of a `[key, entries]` pair in RESP2.
fn reply_read_key(out: &mut Reply<'_>, key: &[u8]) {
    if !out.resp3() {
        out.array(2);
    }
    out.bulk(key);
}

/// The options of XREAD / XREADGROUP before their keys.
struct ReadArgs<'a> {
    /// BLOCK's milliseconds.
    timeout: Option<u64>,
    /// COUNT (0: no limit).
    count: u64,
    /// NOACK (XREADGROUP).
    noack: bool,
    /// GROUP's group and consumer names (XREADGROUP).
    group: Option<(&'a [u8], &'a [u8])>,
    /// Index of the first key.
    streams_arg: usize,
}

/// The option loop of Redis's `xreadCommand`, for XREADGROUP when `xreadgroup` (XREAD
/// refuses GROUP and NOACK), up to STREAMS and its balanced keys and IDs.
fn parse_read_args<'a>(args: &Args<'a>, xreadgroup: bool) -> CmdResult<ReadArgs<'a>> {
    let argc = args.len();
    let mut r = ReadArgs {
        timeout: None,
        count: 0,
        noack: false,
        group: None,
        streams_arg: 0,
    };
    let mut i = 1;
    while i < argc {
        let moreargs = argc - i - 1;
        let o = args.get(i);
        if opt_is(o, b"BLOCK") && moreargs > 0 {
            i += 1;
            let t = string2ll(args.get(i)).ok_or(CmdError::Borrowed(error::TIMEOUT_NOT_INTEGER))?;
            if t < 0 {
                return Err(CmdError::Borrowed(error::TIMEOUT_NEGATIVE));
            }
            r.timeout = Some(t as u64);
        } else if opt_is(o, b"COUNT") && moreargs > 0 {
            i += 1;
            r.count = parse_i64(args.get(i))?.max(0) as u64;
        } else if opt_is(o, b"STREAMS") && moreargs > 0 {
            r.streams_arg = i + 1;
            if (argc - r.streams_arg) % 2 != 0 {
                return Err(CmdError::Borrowed(error::XREAD_UNBALANCED));
            }
            break;
        } else if opt_is(o, b"GROUP") && moreargs >= 2 {
            if !xreadgroup {
                return Err(CmdError::Borrowed(error::XREAD_GROUP_OPTION));
            }
            r.group = Some((args.get(i + 1), args.get(i + 2)));
            i += 2;
        } else if opt_is(o, b"NOACK") {
            if !xreadgroup {
                return Err(CmdError::Borrowed(error::XREAD_NOACK_OPTION));
            }
            r.noack = true;
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
        i += 1;
    }
    if r.streams_arg == 0 {
        return Err(CmdError::Borrowed(error::SYNTAX));
    }
    Ok(r)
}

/// Parks an XREAD / XREADGROUP client on its distinct keys (`n` from argument `first` on)
/// for `t` ms (0: forever; huge timeouts saturate, Redis's overflow also never fires).
fn block_on_streams(
    ctx: &mut Ctx<'_>,
    args: &Args<'_>,
    first: usize,
    n: usize,
    t: u64,
    rewrite: Option<Vec<Vec<u8>>>,
) {
    let mut keys: Vec<Key> = Vec::with_capacity(n);
    for j in first..first + n {
        let key = args.get(j);
        if !keys.iter().any(|k| **k == *key) {
            keys.push(key.into());
        }
    }
    let now = ctx.now;
    ctx.block(BlockRequest {
        keys,
        deadline: (t > 0).then(|| now.saturating_add(t)),
        on_timeout: TimeoutReply::NullArray,
        rewrite,
    });
}

/// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
///
/// Entries with IDs greater than the given ones, per stream that has any; null if none.
/// With BLOCK and nothing to serve, the client parks with every `$` replaced by the stream's
/// last ID at that moment, and is served (by a re-run with `ready_key` set) from the first
/// stream that receives an entry past its ID, as Redis's `serveClientsBlockedOnStreamKey`.
fn xread(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let argc = args.len();
    let ReadArgs {
        timeout,
        count,
        streams_arg,
        ..
    } = parse_read_args(args, false)?;
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
                    let entries = s.entries(start, StreamId::MAX, false, count);
                    reply_xread(out, &[(ready, entries)]);
                    return Ok(());
                }
            }
        }
    } else {
        let mut served: Vec<(&[u8], Entries<'_>)> = Vec::new();
        // Collect positions first: `db` is borrowed immutably for the replies below.
        let mut ready: Vec<usize> = Vec::new();
        for (j, id) in ids.iter().enumerate() {
            if let Some(Value::Stream(s)) = db.value_read(key_at(j), now) {
                if s.last_valid_id().is_some_and(|m| m > *id) {
                    ready.push(j);
                }
            }
        }
        for j in ready {
            if let Some(Value::Stream(s)) = db.lookup(key_at(j)).map(|e| &e.value) {
                let start = ids[j].incr().unwrap_or(StreamId::MIN);
                served.push((key_at(j), s.entries(start, StreamId::MAX, false, count)));
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
    let rewrite = dollar.then(|| {
        let mut v = args.to_vec();
        for (j, id) in ids.iter().enumerate() {
            v[streams_arg + n + j] = id_text(*id, &mut [0; 41]).to_vec();
        }
        v
    });
    block_on_streams(ctx, args, streams_arg, n, t, rewrite);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM; and XINFO.

/// An ID's text `ms-seq`, written at the end of `buf` (41 bytes hold two u64s and a dash),
/// without going through `core::fmt`.
fn id_text(id: StreamId, buf: &mut [u8; 41]) -> &[u8] {
    let dash = crate::resp::digits_at_end(buf, id.seq) - 1;
    buf[dash] = b'-';
    let start = crate::resp::digits_at_end(&mut buf[..dash], id.ms);
    &buf[start..]
}

/// Writes an ID as a bulk string, formatted on the stack (replies hold one per entry).
fn reply_id(out: &mut Reply<'_>, id: StreamId) {
    out.bulk(id_text(id, &mut [0; 41]));
}

/// Writes `[id, fields]`, or `[id, nil]` for an entry deleted since it was delivered.
fn reply_maybe_entry(out: &mut Reply<'_>, id: StreamId, fields: Option<&Fields>) {
    match fields {
        Some(f) => reply_fields(out, id, f),
        None => {
            out.array(2);
            reply_id(out, id);
            out.null_array();
        }
    }
}

/// The stream under `key` (WRONGTYPE if another type), mutably.
fn stream_mut<'d>(
    db: &'d mut crate::keyspace::Db,
    key: &[u8],
    now: crate::Millis,
) -> CmdResult<Option<&'d mut Stream>> {
    match typed_mut(db, key, now, Kind::Stream)? {
        Some(Value::Stream(s)) => Ok(Some(s)),
        _ => Ok(None),
    }
}

/// Whether `key` holds a stream with consumer group `group` (WRONGTYPE if another type).
fn has_group(ctx: &mut Ctx<'_>, key: &[u8], group: &[u8]) -> CmdResult<bool> {
    let now = ctx.now;
    Ok(match typed(ctx.db(), key, now, Kind::Stream)? {
        Some(Value::Stream(s)) => s.group(group).is_some(),
        _ => false,
    })
}

/// Options of XGROUP CREATE / SETID after the ID.
struct XgroupOpts {
    mkstream: bool,
    entries_read: i64,
}

/// The part of Redis's `xgroupCommand` shared by its subcommands (`args.get(1)` is the
/// subcommand): options, the key's existence and type, the group's existence for SETID,
/// CREATECONSUMER and DELCONSUMER — in Redis's order, which decides the error reported.
fn xgroup_prologue(ctx: &mut Ctx<'_>, args: &Args<'_>) -> CmdResult<XgroupOpts> {
    let sub = args.get(1);
    let create = sub.eq_ignore_ascii_case(b"create");
    let setid = sub.eq_ignore_ascii_case(b"setid");
    let mut opts = XgroupOpts {
        mkstream: false,
        entries_read: INVALID_ENTRIES_READ,
    };
    let mut i = 5;
    while i < args.len() {
        let o = cstr(args.get(i));
        if create && opt_is(o, b"MKSTREAM") {
            opts.mkstream = true;
            i += 1;
        } else if (create || setid) && opt_is(o, b"ENTRIESREAD") && i + 1 < args.len() {
            let n = parse_i64(args.get(i + 1))?;
            if n < 0 && n != INVALID_ENTRIES_READ {
                return Err(CmdError::Borrowed(error::ENTRIESREAD_INVALID));
            }
            opts.entries_read = n;
            i += 2;
        } else {
            return Err(error::subcommand_syntax(sub, "xgroup"));
        }
    }
    let key = args.get(2);
    let group = args.get(3);
    let now = ctx.now;
    let s = stream_mut(ctx.db(), key, now)?;
    if !opts.mkstream {
        let Some(s) = s else {
            return Err(CmdError::Borrowed(error::XGROUP_KEY_REQUIRED));
        };
        let needs_group = setid
            || sub.eq_ignore_ascii_case(b"createconsumer")
            || sub.eq_ignore_ascii_case(b"delconsumer");
        if needs_group && s.group(group).is_none() {
            return Err(error::nogroup_for_key(group, key));
        }
    }
    Ok(opts)
}

/// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
fn xgroup_create(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let opts = xgroup_prologue(ctx, args)?;
    if args.len() > 8 {
        return Err(error::subcommand_syntax(args.get(1), "xgroup"));
    }
    let (key, group, id_arg) = (args.get(2), args.get(3), args.get(4));
    let now = ctx.now;
    let last = stream_mut(ctx.db(), key, now)?.map(|s| s.last_id());
    let id = if cstr(id_arg) == b"$" {
        last.unwrap_or(StreamId::MIN)
    } else {
        parse_strict_id(id_arg)?
    };
    let db = ctx.db();
    if last.is_none() {
        // Only reached with MKSTREAM (the prologue refuses a missing key otherwise).
        db.set(key, Value::Stream(Box::default()));
    }
    let Some(Value::Stream(s)) = db.value_mut(key, now) else {
        unreachable!("the stream was just found or created");
    };
    if !s.create_group(group, id, opts.entries_read) {
        if last.is_none() {
            ctx.touch(key);
        }
        return Err(CmdError::Borrowed(error::BUSYGROUP));
    }
    if last.is_none() {
        // MKSTREAM created the key: a modification for WATCH.
        ctx.touch(key);
    } else {
        group_changed(ctx, key);
    }
    ctx.out.ok();
    Ok(())
}

/// Accounts a change to consumer group state (groups, consumers, pending entries, delivery
/// counts) of stream `key`. Redis 7.0 counts it as a write but does not signal the key as
/// modified, so it breaks no WATCH (only creating the key with MKSTREAM does).
fn group_changed(ctx: &mut Ctx<'_>, _key: &[u8]) {
    ctx.state.dirty += 1;
}

/// XGROUP SETID key group id|$ [ENTRIESREAD entries-read]
fn xgroup_setid(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let opts = xgroup_prologue(ctx, args)?;
    if args.len() != 5 && args.len() != 7 {
        return Err(error::subcommand_syntax(args.get(1), "xgroup"));
    }
    let (key, group, id_arg) = (args.get(2), args.get(3), args.get(4));
    let now = ctx.now;
    let Some(s) = stream_mut(ctx.db(), key, now)? else {
        unreachable!("the prologue checked the key");
    };
    let id = if cstr(id_arg) == b"$" {
        s.last_id()
    } else {
        parse_id_generic(id_arg, 0, false, false)?.0
    };
    let Some(g) = s.group_mut(group) else {
        unreachable!("the prologue checked the group");
    };
    g.set_id(id, opts.entries_read);
    group_changed(ctx, key);
    ctx.out.ok();
    Ok(())
}

/// XGROUP DESTROY key group
///
/// 1 if the group existed. Clients blocked in XREADGROUP on it get `-NOGROUP` (the key is
/// made ready so their re-run notices).
fn xgroup_destroy(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    xgroup_prologue(ctx, args)?;
    let (key, group) = (args.get(2), args.get(3));
    let now = ctx.now;
    let Some(s) = stream_mut(ctx.db(), key, now)? else {
        unreachable!("the prologue checked the key");
    };
    if s.destroy_group(group) {
        group_changed(ctx, key);
        ctx.signal_ready(key);
        ctx.out.int(1);
    } else {
        ctx.out.int(0);
    }
    Ok(())
}

/// XGROUP CREATECONSUMER key group consumer
fn xgroup_createconsumer(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    xgroup_prologue(ctx, args)?;
    let (key, group, consumer) = (args.get(2), args.get(3), args.get(4));
    let now = ctx.now;
    let created = stream_mut(ctx.db(), key, now)?
        .and_then(|s| s.group_mut(group))
        .is_some_and(|g| g.create_consumer(consumer, now));
    if created {
        group_changed(ctx, key);
    }
    ctx.out.int(i64::from(created));
    Ok(())
}

/// XGROUP DELCONSUMER key group consumer
///
/// The number of pending entries the consumer had (they are dropped from the group PEL).
fn xgroup_delconsumer(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    xgroup_prologue(ctx, args)?;
    let (key, group, consumer) = (args.get(2), args.get(3), args.get(4));
    let now = ctx.now;
    let deleted = stream_mut(ctx.db(), key, now)?
        .and_then(|s| s.group_mut(group))
        .and_then(|g| g.delete_consumer(consumer));
    if deleted.is_some() {
        group_changed(ctx, key);
    }
    ctx.out.int(deleted.unwrap_or(0) as i64);
    Ok(())
}

/// XGROUP HELP
fn xgroup_help(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    super::reply_help(
        &mut ctx.out,
        "XGROUP",
        &[
            "CREATE <key> <groupname> <id|$> [option]",
            "    Create a new consumer group. Options are:",
            "    * MKSTREAM",
            "      Create the empty stream if it does not exist.",
            "    * ENTRIESREAD entries_read",
            "      Set the group's entries_read counter (internal use).",
            "CREATECONSUMER <key> <groupname> <consumer>",
            "    Create a new consumer in the specified group.",
            "DELCONSUMER <key> <groupname> <consumer>",
            "    Remove the specified consumer.",
            "DESTROY <key> <groupname>",
            "    Remove the specified group.",
            "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
            "    Set the current group ID and entries_read counter.",
        ],
    );
    Ok(())
}

/// Entries served to one stream of XREADGROUP: IDs with their fields (`None` = deleted).
type Served = Vec<(StreamId, Option<Fields>)>;

/// Writes XREADGROUP's reply: like XREAD's, with deleted history entries as `[id, nil]`.
fn reply_xreadgroup(out: &mut Reply<'_>, served: &[(&[u8], Served)]) {
    reply_read_header(out, served.len());
    for (key, entries) in served {
        reply_read_key(out, key);
        out.array(entries.len());
        for (id, fields) in entries {
            reply_maybe_entry(out, *id, fields.as_ref());
        }
    }
}

/// Delivers new entries (`>`) of stream `s` to `consumer` and returns them with their fields.
fn serve_new(
    s: &mut Stream,
    group: &[u8],
    consumer: &[u8],
    count: u64,
    noack: bool,
    now: crate::Millis,
) -> Served {
    let ids = s
        .read_group_new(group, consumer, count, noack, now)
        .unwrap_or_default();
    with_fields(s, ids)
}

/// The IDs with their entries' fields copied out (`None` for an entry deleted since).
fn with_fields(s: &Stream, ids: Vec<StreamId>) -> Served {
    ids.into_iter()
        .map(|id| (id, s.entry(id).map(|e| e.to_fields())))
        .collect()
}

/// Redis's `XREAD_BLOCKED_DEFAULT_COUNT`: a woken reader without COUNT gets at most this many.
const XREAD_BLOCKED_DEFAULT_COUNT: u64 = 1000;

/// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key
/// [key ...] id [id ...]
///
/// With `>`, new entries are delivered to the consumer (and enter the PEL unless NOACK);
/// with an ID, the consumer's own pending entries after it are re-delivered, deleted ones as
/// `[id, nil]`. With BLOCK and nothing new, the client parks; a re-run with `ready_key` serves
/// it from that stream once its last ID passes the group's, and errors if the stream or the
/// group disappeared meanwhile (Redis 7.0: `-UNBLOCKED` / `-NOGROUP`).
fn xreadgroup(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let argc = args.len();
    let ReadArgs {
        timeout,
        count,
        noack,
        group: names,
        streams_arg,
    } = parse_read_args(args, true)?;
    let Some((group, consumer)) = names else {
        return Err(CmdError::Borrowed(error::XREADGROUP_MISSING_GROUP));
    };
    let n = (argc - streams_arg) / 2;
    let key_at = |j: usize| args.get(streams_arg + j);
    let now = ctx.now;

    if let Some(ready) = ctx.ready_key {
        // A parked client (all its IDs are `>`): serve it from the stream that got entries.
        if (0..n).any(|j| key_at(j) == ready) {
            let s = match ctx.db().value_mut(ready, now) {
                Some(Value::Stream(s)) => s,
                _ => return Err(CmdError::Borrowed(error::UNBLOCKED_STREAM_DELETED)),
            };
            let Some(g) = s.group(group) else {
                return Err(CmdError::Borrowed(error::NOGROUP_BLOCKED));
            };
            if s.last_id() > g.last_id() {
                let c = if count == 0 {
                    XREAD_BLOCKED_DEFAULT_COUNT
                } else {
                    count
                };
                let entries = serve_new(s, group, consumer, c, noack, now);
                group_changed(ctx, ready);
                reply_xreadgroup(&mut ctx.out, &[(ready, entries)]);
                return Ok(());
            }
        }
        ctx.block(BlockRequest {
            keys: Vec::new(),
            deadline: None,
            on_timeout: TimeoutReply::NullArray,
            rewrite: None,
        });
        return Ok(());
    }

    // Check every key, group and ID before serving anything. `None` stands for `>`.
    let mut ids: Vec<Option<StreamId>> = Vec::with_capacity(n);
    for j in 0..n {
        let key = key_at(j);
        if !has_group(ctx, key, group)? {
            return Err(error::nogroup_key_or_group(key, group, true));
        }
        let id_arg = args.get(streams_arg + n + j);
        match cstr(id_arg) {
            b"$" => return Err(CmdError::Borrowed(error::XREADGROUP_DOLLAR)),
            b">" => ids.push(None),
            _ => ids.push(Some(parse_strict_id(id_arg)?)),
        }
    }

    let mut served: Vec<(&[u8], Served)> = Vec::new();
    for (j, id) in ids.iter().enumerate() {
        let key = key_at(j);
        // Redis looks every key up for reading a second time to serve it (counted in INFO
        // stats, as XREAD's).
        ctx.db().count_read(key, now);
        let Some(s) = stream_mut(ctx.db(), key, now)? else {
            continue;
        };
        match id {
            Some(id) => {
                // History: the consumer's pending entries after `id`.
                let start = id.incr().unwrap_or(*id);
                let Some(g) = s.group_mut(group) else {
                    continue;
                };
                g.touch_consumer(consumer, now);
                let pending = g.history(consumer, start, count as usize);
                let entries = with_fields(s, pending);
                if let Some(g) = s.group_mut(group) {
                    for (id, fields) in &entries {
                        if fields.is_some() {
                            g.redeliver(*id, now);
                        }
                    }
                }
                served.push((key, entries));
            }
            None => {
                let last = s.group(group).map_or(StreamId::MAX, |g| g.last_id());
                if s.is_empty() || s.last_valid_id().is_none_or(|m| m <= last) {
                    continue;
                }
                let entries = serve_new(s, group, consumer, count, noack, now);
                served.push((key, entries));
            }
        }
        group_changed(ctx, key);
    }
    if !served.is_empty() {
        reply_xreadgroup(&mut ctx.out, &served);
        return Ok(());
    }
    let Some(t) = timeout else {
        ctx.out.null_array();
        return Ok(());
    };
    block_on_streams(ctx, args, streams_arg, n, t, None);
    Ok(())
}

/// XACK key group id [id ...]
///
/// How many of the IDs were pending (and are no longer). IDs are checked before any is
/// acknowledged; a missing key or group acknowledges nothing.
fn xack(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let (key, group) = (args.get(1), args.get(2));
    let now = ctx.now;
    let has_group = has_group(ctx, key, group)?;
    if !has_group {
        ctx.out.int(0);
        return Ok(());
    }
    let ids = parse_ids(args, 3)?;
    let Some(g) = stream_mut(ctx.db(), key, now)?.and_then(|s| s.group_mut(group)) else {
        unreachable!("the group was found above");
    };
    let acked = ids.into_iter().filter(|&id| g.ack(id)).count();
    if acked > 0 {
        group_changed(ctx, key);
    }
    ctx.out.int(acked as i64);
    Ok(())
}

/// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
///
/// Without a range: `[count, smallest id, greatest id, [[consumer, count] ...]]`. With one:
/// `[[id, consumer, idle ms, deliveries] ...]`.
fn xpending(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let argc = args.len();
    let (key, group) = (args.get(1), args.get(2));
    if argc != 3 && !(6..=9).contains(&argc) {
        return Err(CmdError::Borrowed(error::SYNTAX));
    }
    let mut range = None;
    if argc >= 6 {
        let mut startidx = 3;
        let mut minidle: i64 = 0;
        if opt_is(args.get(3), b"IDLE") {
            minidle = parse_i64(args.get(4))?;
            if argc < 8 {
                return Err(CmdError::Borrowed(error::SYNTAX));
            }
            startidx += 2;
        }
        let count = parse_i64(args.get(startidx + 2))?.max(0);
        let start = parse_bound(args.get(startidx), false)?;
        let end = parse_bound(args.get(startidx + 1), true)?;
        let consumer = (startidx + 3 < argc).then(|| args.get(startidx + 3));
        range = Some((minidle, start, end, count, consumer));
    }
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let g = match typed(db, key, now, Kind::Stream)? {
        Some(Value::Stream(s)) => s.group(group),
        _ => None,
    };
    let Some(g) = g else {
        return Err(error::nogroup_key_or_group(key, group, false));
    };
    let Some((minidle, start, end, count, consumer)) = range else {
        out.array(4);
        out.int(g.pel().len() as i64);
        match (g.pel().first_key_value(), g.pel().last_key_value()) {
            (Some((first, _)), Some((last, _))) => {
                reply_id(out, *first);
                reply_id(out, *last);
                let owners = g.consumers().values().filter(|c| !c.pel().is_empty());
                out.array(owners.count());
                for (name, c) in g.consumers() {
                    if c.pel().is_empty() {
                        continue;
                    }
                    out.array(2);
                    out.bulk(name);
                    out.bulk_int(c.pel().len() as i64);
                }
            }
            _ => {
                out.null();
                out.null();
                out.null_array();
            }
        }
        return Ok(());
    };
    // Pending IDs from `start` (the consumer's, or the group's), up to `end` and `count`
    // rows; `row` says whether to go on. Both walks are open-ended ranges, as XAUTOCLAIM's
    // and the consumer history's: no B-tree range code of their own.
    let mut rows = Vec::new();
    let mut row = |id: StreamId| {
        if rows.len() as i64 >= count || id > end {
            return false;
        }
        if let Some(p) = g.pel().get(&id) {
            let idle = (now as i64).saturating_sub(p.delivery_time as i64);
            if minidle == 0 || idle >= minidle {
                rows.push((id, p, idle.max(0)));
            }
        }
        true
    };
    match consumer {
        Some(name) => {
            let Some(c) = g.consumer(name) else {
                out.array(0);
                return Ok(());
            };
            for &id in c.pel().range(start..) {
                if !row(id) {
                    break;
                }
            }
        }
        None => {
            for (&id, _) in g.pel().range(start..) {
                if !row(id) {
                    break;
                }
            }
        }
    }
    out.array(rows.len());
    for (id, p, idle) in rows {
        out.array(4);
        reply_id(out, id);
        out.bulk(&p.consumer);
        out.int(idle);
        out.int(p.delivery_count as i64);
    }
    Ok(())
}

/// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds]
/// [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
///
/// The claimed entries (or their IDs with JUSTID). Pending entries whose stream entry was
/// deleted are dropped from the PEL.
fn xclaim(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let argc = args.len();
    let (key, group, consumer) = (args.get(1), args.get(2), args.get(3));
    let now = ctx.now;
    let has_group = has_group(ctx, key, group)?;
    if !has_group {
        return Err(error::nogroup_key_or_group(key, group, false));
    }
    let minidle = string2ll(args.get(4))
        .ok_or(CmdError::Borrowed(error::XCLAIM_MIN_IDLE))?
        .max(0);
    let mut ids = Vec::new();
    let mut j = 5;
    while j < argc {
        match parse_strict_id(args.get(j)) {
            Ok(id) => ids.push(id),
            Err(_) => break,
        }
        j += 1;
    }
    let (mut force, mut justid) = (false, false);
    let mut retrycount: i64 = -1;
    let mut deliverytime: i64 = -1;
    let mut last_id = StreamId::MIN;
    let nowi = now as i64;
    while j < argc {
        let moreargs = argc - 1 - j;
        let opt = cstr(args.get(j));
        if opt_is(opt, b"FORCE") {
            force = true;
        } else if opt_is(opt, b"JUSTID") {
            justid = true;
        } else if opt_is(opt, b"IDLE") && moreargs > 0 {
            j += 1;
            let v = string2ll(args.get(j)).ok_or(CmdError::Borrowed(error::XCLAIM_IDLE))?;
            deliverytime = nowi.wrapping_sub(v);
        } else if opt_is(opt, b"TIME") && moreargs > 0 {
            j += 1;
            deliverytime = string2ll(args.get(j)).ok_or(CmdError::Borrowed(error::XCLAIM_TIME))?;
        } else if opt_is(opt, b"RETRYCOUNT") && moreargs > 0 {
            j += 1;
            retrycount =
                string2ll(args.get(j)).ok_or(CmdError::Borrowed(error::XCLAIM_RETRYCOUNT))?;
        } else if opt_is(opt, b"LASTID") && moreargs > 0 {
            j += 1;
            last_id = parse_strict_id(args.get(j))?;
        } else {
            return Err(error::xclaim_unrecognized(args.get(j)));
        }
        j += 1;
    }
    // A bogus delivery time becomes now rather than an error (clients' clocks differ).
    if deliverytime < 0 || deliverytime > nowi {
        deliverytime = nowi;
    }
    let Some(s) = stream_mut(ctx.db(), key, now)? else {
        unreachable!("the stream was found above");
    };
    let exists: Vec<bool> = ids.iter().map(|&id| s.entry_exists(id)).collect();
    let Some(g) = s.group_mut(group) else {
        unreachable!("the group was found above");
    };
    g.advance_last_id(last_id);
    let mut claimed = Vec::new();
    let mut claim = Claim {
        consumer,
        now,
        delivery_time: deliverytime as u64,
        retrycount,
        justid,
        seen: false,
    };
    for (&id, &exists) in ids.iter().zip(&exists) {
        if !exists {
            // Redis drops a PEL entry whose stream entry is gone.
            g.ack(id);
            continue;
        }
        let mut forced = false;
        if force && !g.pel().contains_key(&id) {
            g.force_pending(id, now);
            forced = true;
        }
        if claim.try_claim(g, id, if forced { 0 } else { minidle }) {
            claimed.push(id);
        }
    }
    group_changed(ctx, key);
    let (db, out) = ctx.db_out();
    let Some(Value::Stream(s)) = db.value(key, now) else {
        unreachable!("the stream was found above");
    };
    reply_claimed(out, s, &claimed, justid);
    Ok(())
}

/// The claiming side of XCLAIM / XAUTOCLAIM: who claims, when, with which delivery count.
struct Claim<'a> {
    consumer: &'a [u8],
    now: crate::Millis,
    /// The claimed entries' new delivery time.
    delivery_time: u64,
    /// The claimed entries' new delivery count if not negative (XCLAIM RETRYCOUNT).
    retrycount: i64,
    /// JUSTID: the delivery count is not incremented.
    justid: bool,
    /// Whether the consumer was looked up (and created) already.
    seen: bool,
}

impl Claim<'_> {
    /// Gives pending entry `id` (whose stream entry exists) to the consumer, unless it is not
    /// pending or idle for less than `minidle` ms (0: any). The consumer is looked up (or
    /// created) and marked seen at the first claim, as Redis does.
    fn try_claim(&mut self, g: &mut ConsumerGroup, id: StreamId, minidle: i64) -> bool {
        let Some(p) = g.pel().get(&id) else {
            return false;
        };
        if minidle != 0 && (self.now as i64).saturating_sub(p.delivery_time as i64) < minidle {
            return false;
        }
        let deliveries = if self.retrycount >= 0 {
            self.retrycount as u64
        } else if self.justid {
            p.delivery_count
        } else {
            p.delivery_count + 1
        };
        if !self.seen {
            g.touch_consumer(self.consumer, self.now);
            self.seen = true;
        }
        g.claim(id, self.consumer, self.delivery_time, deliveries);
        true
    }
}

/// Writes the entries XCLAIM / XAUTOCLAIM claimed: `[id, fields]` each, or the ID alone with
/// JUSTID or when the entry is gone.
fn reply_claimed(out: &mut Reply<'_>, s: &Stream, claimed: &[StreamId], justid: bool) {
    out.array(claimed.len());
    for &id in claimed {
        match (justid, s.entry(id)) {
            (false, Some(fields)) => reply_entry(out, id, fields),
            _ => reply_id(out, id),
        }
    }
}

/// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
///
/// `[next start, claimed entries (or IDs), IDs of deleted entries dropped from the PEL]`.
/// At most `count` entries are claimed or dropped, out of at most `10 * count` examined.
fn xautoclaim(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let argc = args.len();
    let (key, group, consumer) = (args.get(1), args.get(2), args.get(3));
    // Redis looks the key up for reading (counted in INFO stats) before parsing the rest.
    let now = ctx.now;
    ctx.db().count_read(key, now);
    let minidle = string2ll(args.get(4))
        .ok_or(CmdError::Borrowed(error::XAUTOCLAIM_MIN_IDLE))?
        .max(0);
    let start = parse_bound(args.get(5), false)?;
    // Redis caps COUNT so that `count * 16` bytes cannot overflow a long.
    const MAX_COUNT: i64 = i64::MAX / 16;
    let mut count: i64 = 100;
    let mut justid = false;
    let mut j = 6;
    while j < argc {
        let moreargs = argc - 1 - j;
        let opt = cstr(args.get(j));
        if opt_is(opt, b"COUNT") && moreargs > 0 {
            count = string2ll(args.get(j + 1))
                .filter(|c| (1..=MAX_COUNT).contains(c))
                .ok_or(CmdError::Borrowed(error::XAUTOCLAIM_COUNT))?;
            j += 1;
        } else if opt_is(opt, b"JUSTID") {
            justid = true;
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
        j += 1;
    }
    let Some(s) = stream_mut(ctx.db(), key, now)?.filter(|s| s.group(group).is_some()) else {
        return Err(error::nogroup_key_or_group(key, group, false));
    };
    let mut attempts = count.saturating_mul(10);
    let mut claimed = Vec::new();
    let mut deleted = Vec::new();
    let mut cursor = StreamId::MIN;
    let mut claim = Claim {
        consumer,
        now,
        delivery_time: now,
        retrycount: -1,
        justid,
        seen: false,
    };
    // Walk the PEL from `start`; each step examines one pending entry.
    let mut next = start;
    while let Some(id) = s
        .group(group)
        .and_then(|g| g.pel().range(next..).next().map(|(id, _)| *id))
    {
        if attempts == 0 || count == 0 {
            cursor = id;
            break;
        }
        attempts -= 1;
        next = match id.incr() {
            Some(n) => n,
            None => StreamId::MAX,
        };
        let exists = s.entry_exists(id);
        let Some(g) = s.group_mut(group) else {
            break;
        };
        if !exists {
            g.ack(id);
            deleted.push(id);
            count -= 1;
        } else {
            // Not claimed: not idle long enough (the ID came from the PEL, so it is pending).
            if !claim.try_claim(g, id, minidle) {
                if id == StreamId::MAX {
                    break;
                }
                continue;
            }
            claimed.push(id);
            count -= 1;
        }
        if id == StreamId::MAX {
            break;
        }
    }
    group_changed(ctx, key);
    let (db, out) = ctx.db_out();
    let Some(Value::Stream(s)) = db.value(key, now) else {
        unreachable!("the stream was found above");
    };
    out.array(3);
    reply_id(out, cursor);
    reply_claimed(out, s, &claimed, justid);
    out.array(deleted.len());
    for id in deleted {
        reply_id(out, id);
    }
    Ok(())
}

/// The stream under `args.get(2)` for XINFO: `ERR no such key` when missing.
fn xinfo_stream_arg<'d>(ctx: &'d mut Ctx<'_>, args: &Args<'_>) -> CmdResult<&'d Stream> {
    let now = ctx.now;
    match typed(ctx.db(), args.get(2), now, Kind::Stream)? {
        Some(Value::Stream(s)) => Ok(s),
        _ => Err(CmdError::Borrowed(error::NO_SUCH_KEY)),
    }
}

/// Writes `entries-read` (null when unknown) or `lag` (null when it cannot be computed).
fn reply_opt_int(out: &mut Reply<'_>, v: Option<i64>) {
    match v {
        Some(v) => out.int(v),
        None => out.null(),
    }
}

/// Writes a group's entries-read counter.
fn reply_entries_read(out: &mut Reply<'_>, g: &ConsumerGroup) {
    let r = g.entries_read();
    reply_opt_int(out, (r != INVALID_ENTRIES_READ).then_some(r));
}

/// Writes a map field with an integer value (XINFO replies are made of these).
#[inline(never)]
fn kv_int(out: &mut Reply<'_>, name: &[u8], v: i64) {
    out.bulk(name);
    out.int(v);
}

/// Writes a map field with an ID value.
#[inline(never)]
fn kv_id(out: &mut Reply<'_>, name: &[u8], id: StreamId) {
    out.bulk(name);
    reply_id(out, id);
}

/// Writes a map field with a bulk string value.
#[inline(never)]
fn kv_bulk(out: &mut Reply<'_>, name: &[u8], v: &[u8]) {
    out.bulk(name);
    out.bulk(v);
}

/// XINFO CONSUMERS key group
fn xinfo_consumers(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    xinfo_stream_arg(ctx, args)?;
    let (key, group) = (args.get(2), args.get(3));
    let (db, out) = ctx.db_out();
    let Some(Value::Stream(s)) = db.value(key, now) else {
        unreachable!("the stream was found above");
    };
    let Some(g) = s.group(group) else {
        return Err(error::nogroup_for_key(group, key));
    };
    out.array(g.consumers().len());
    for (name, c) in g.consumers() {
        out.map(3);
        kv_bulk(out, b"name", name);
        kv_int(out, b"pending", c.pel().len() as i64);
        kv_int(
            out,
            b"idle",
            (now as i64).saturating_sub(c.seen_time() as i64).max(0),
        );
    }
    Ok(())
}

/// XINFO GROUPS key
fn xinfo_groups(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    xinfo_stream_arg(ctx, args)?;
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(Value::Stream(s)) = db.value(args.get(2), now) else {
        unreachable!("the stream was found above");
    };
    out.array(s.groups().len());
    for (name, g) in s.groups() {
        out.map(6);
        kv_bulk(out, b"name", name);
        kv_int(out, b"consumers", g.consumers().len() as i64);
        kv_int(out, b"pending", g.pel().len() as i64);
        kv_id(out, b"last-delivered-id", g.last_id());
        out.bulk(b"entries-read");
        reply_entries_read(out, g);
        out.bulk(b"lag");
        reply_opt_int(out, s.group_lag(g));
    }
    Ok(())
}

/// XINFO STREAM key [FULL [COUNT count]]
fn xinfo_stream(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    xinfo_stream_arg(ctx, args)?;
    let optc = args.len() - 3;
    let mut full = false;
    let mut count: i64 = 10;
    if optc > 0 {
        let syntax = || error::subcommand_syntax(args.get(1), "xinfo");
        if optc != 1 && optc != 3 {
            return Err(syntax());
        }
        if !opt_is(args.get(3), b"full") {
            return Err(syntax());
        }
        if optc == 3 {
            if !opt_is(args.get(4), b"count") {
                return Err(syntax());
            }
            count = parse_i64(args.get(5))?;
            if count < 0 {
                count = 10;
            }
        }
        full = true;
    }
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(Value::Stream(s)) = db.value(args.get(2), now) else {
        unreachable!("the stream was found above");
    };
    out.map(if full { 9 } else { 10 });
    kv_int(out, b"length", s.len() as i64);
    kv_int(out, b"radix-tree-keys", s.node_count() as i64);
    kv_int(out, b"radix-tree-nodes", s.radix_tree_nodes() as i64);
    kv_id(out, b"last-generated-id", s.last_id());
    kv_id(out, b"max-deleted-entry-id", s.max_deleted_entry_id());
    kv_int(out, b"entries-added", s.entries_added() as i64);
    kv_id(out, b"recorded-first-entry-id", s.first_id());
    if !full {
        kv_int(out, b"groups", s.groups().len() as i64);
        for (name, rev) in [(&b"first-entry"[..], false), (&b"last-entry"[..], true)] {
            out.bulk(name);
            match s.entries(StreamId::MIN, StreamId::MAX, rev, 1).first() {
                Some(&(id, entry)) => reply_entry(out, id, entry),
                None => out.null(),
            }
        }
        return Ok(());
    }
    let limit = count as usize;
    let take = |n: usize| if limit == 0 { n } else { n.min(limit) };
    out.bulk(b"entries");
    reply_entries(
        out,
        &s.entries(StreamId::MIN, StreamId::MAX, false, count as u64),
    );
    out.bulk(b"groups");
    out.array(s.groups().len());
    for (name, g) in s.groups() {
        out.map(7);
        kv_bulk(out, b"name", name);
        kv_id(out, b"last-delivered-id", g.last_id());
        out.bulk(b"entries-read");
        reply_entries_read(out, g);
        out.bulk(b"lag");
        reply_opt_int(out, s.group_lag(g));
        kv_int(out, b"pel-count", g.pel().len() as i64);
        out.bulk(b"pending");
        out.array(take(g.pel().len()));
        for (id, p) in g.pel().iter().take(take(g.pel().len())) {
            out.array(4);
            reply_id(out, *id);
            out.bulk(&p.consumer);
            out.int(p.delivery_time as i64);
            out.int(p.delivery_count as i64);
        }
        out.bulk(b"consumers");
        out.array(g.consumers().len());
        for (cname, c) in g.consumers() {
            out.map(4);
            kv_bulk(out, b"name", cname);
            kv_int(out, b"seen-time", c.seen_time() as i64);
            kv_int(out, b"pel-count", c.pel().len() as i64);
            out.bulk(b"pending");
            out.array(take(c.pel().len()));
            for id in c.pel().iter().take(take(c.pel().len())) {
                out.array(3);
                reply_id(out, *id);
                let (t, n) = g
                    .pel()
                    .get(id)
                    .map_or((0, 0), |p| (p.delivery_time, p.delivery_count));
                out.int(t as i64);
                out.int(n as i64);
            }
        }
    }
    Ok(())
}

/// XINFO HELP
fn xinfo_help(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    super::reply_help(
        &mut ctx.out,
        "XINFO",
        &[
            "CONSUMERS <key> <groupname>",
            "    Show consumers of <groupname>.",
            "GROUPS <key>",
            "    Show the stream consumer groups.",
            "STREAM <key> [FULL [COUNT <count>]",
            "    Show information about the stream.",
        ],
    );
    Ok(())
}

/// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
///
/// Redis 7.0's `xsetidCommand`: the ID and options are checked before the key ("no such key"
/// if missing); a non-empty stream refuses a last ID below its last entry and an
/// entries-added below its length. A zero MAXDELETEDID leaves the recorded one unchanged.
fn xsetid(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let id = parse_strict_id(args.next_arg()?)?;
    let mut entries_added = None;
    let mut max_deleted = StreamId::MIN;
    while let Some(opt) = args.peek() {
        args.next_arg()?;
        let opt = cstr(opt);
        let more = !args.done();
        if opt_is(opt, b"entriesadded") && more {
            let n = parse_i64(args.next_arg()?)?;
            let n = u64::try_from(n)
                .map_err(|_| CmdError::Borrowed(error::XSETID_ENTRIES_ADDED_NEGATIVE))?;
            entries_added = Some(n);
        } else if opt_is(opt, b"maxdeletedid") && more {
            max_deleted = parse_strict_id(args.next_arg()?)?;
            if id < max_deleted {
                return Err(CmdError::Borrowed(error::XSETID_MAX_DELETED_TOO_LARGE));
            }
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
    }
    let now = ctx.now;
    let Some(s) = stream_mut(ctx.db(), key, now)? else {
        return Err(CmdError::Borrowed(error::NO_SUCH_KEY));
    };
    if !s.is_empty() {
        if s.last_valid_id().is_some_and(|top| id < top) {
            return Err(CmdError::Borrowed(error::XSETID_TOO_SMALL));
        }
        if entries_added.is_some_and(|n| n < s.len()) {
            return Err(CmdError::Borrowed(error::XSETID_ENTRIES_ADDED_TOO_SMALL));
        }
    }
    let max_deleted = (max_deleted != StreamId::MIN).then_some(max_deleted);
    s.set_id(id, entries_added, max_deleted);
    ctx.touch(key);
    ctx.out.ok();
    Ok(())
}

/// The stream group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.",
        since: "5.0.0",
        syntax: "key group id [id ...]",
        handler: Some(xack),
        ..CommandSpec::base("xack", -4, Group::Stream)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.",
        since: "6.2.0",
        syntax: "key group consumer min-idle-time start [COUNT count] [JUSTID]",
        handler: Some(xautoclaim),
        ..CommandSpec::base("xautoclaim", -6, Group::Stream)
    },
    CommandSpec {
        flags: WRITE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.",
        since: "5.0.0",
        syntax: "key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]",
        handler: Some(xclaim),
        ..CommandSpec::base("xclaim", -6, Group::Stream)
    },
    CommandSpec {
        summary: "A container for consumer groups commands",
        since: "5.0.0",
        subcommands: &[
            CommandSpec {
                flags: WRITE | DENYOOM,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Create a consumer group.",
                since: "5.0.0",
                syntax: "key groupname <id | $> [MKSTREAM] [ENTRIESREAD entries_read]",
                handler: Some(xgroup_create),
                ..CommandSpec::base("create", -5, Group::Stream)
            },
            CommandSpec {
                flags: WRITE | DENYOOM,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Create a consumer in a consumer group.",
                since: "6.2.0",
                syntax: "key groupname consumername",
                handler: Some(xgroup_createconsumer),
                ..CommandSpec::base("createconsumer", 5, Group::Stream)
            },
            CommandSpec {
                flags: WRITE,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Delete a consumer from a consumer group.",
                since: "5.0.0",
                syntax: "key groupname consumername",
                handler: Some(xgroup_delconsumer),
                ..CommandSpec::base("delconsumer", 5, Group::Stream)
            },
            CommandSpec {
                flags: WRITE,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Destroy a consumer group.",
                since: "5.0.0",
                syntax: "key groupname",
                handler: Some(xgroup_destroy),
                ..CommandSpec::base("destroy", 4, Group::Stream)
            },
            CommandSpec {
                flags: LOADING | STALE,
                summary: "Show helpful text about the different subcommands",
                since: "5.0.0",
                handler: Some(xgroup_help),
                ..CommandSpec::base("help", 2, Group::Stream)
            },
            CommandSpec {
                flags: WRITE,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Set a consumer group to an arbitrary last delivered ID value.",
                since: "5.0.0",
                syntax: "key groupname <id | $> [ENTRIESREAD entries_read]",
                handler: Some(xgroup_setid),
                ..CommandSpec::base("setid", -5, Group::Stream)
            },
        ],
        ..CommandSpec::base("xgroup", -2, Group::Stream)
    },
    CommandSpec {
        summary: "A container for stream introspection commands",
        since: "5.0.0",
        subcommands: &[
            CommandSpec {
                flags: READONLY,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "List the consumers in a consumer group",
                since: "5.0.0",
                syntax: "key groupname",
                handler: Some(xinfo_consumers),
                ..CommandSpec::base("consumers", 4, Group::Stream)
            },
            CommandSpec {
                flags: READONLY,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "List the consumer groups of a stream",
                since: "5.0.0",
                syntax: "key",
                handler: Some(xinfo_groups),
                ..CommandSpec::base("groups", 3, Group::Stream)
            },
            CommandSpec {
                flags: LOADING | STALE,
                summary: "Show helpful text about the different subcommands",
                since: "5.0.0",
                handler: Some(xinfo_help),
                ..CommandSpec::base("help", 2, Group::Stream)
            },
            CommandSpec {
                flags: READONLY,
                first_key: 2,
                last_key: 2,
                step: 1,
                summary: "Get information about a stream",
                since: "5.0.0",
                syntax: "key [FULL [COUNT count]]",
                handler: Some(xinfo_stream),
                ..CommandSpec::base("stream", -3, Group::Stream)
            },
        ],
        ..CommandSpec::base("xinfo", -2, Group::Stream)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.",
        since: "5.0.0",
        syntax: "key group [[IDLE min-idle-time] start end count [consumer]]",
        handler: Some(xpending),
        ..CommandSpec::base("xpending", -3, Group::Stream)
    },
    CommandSpec {
        flags: WRITE | BLOCKING,
        summary: "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.",
        since: "5.0.0",
        syntax: "GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]",
        handler: Some(xreadgroup),
        ..CommandSpec::base("xreadgroup", -7, Group::Stream)
    },
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
    CommandSpec {
        flags: WRITE | DENYOOM | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "An internal command for replicating stream values",
        since: "5.0.0",
        syntax: "key last-id [ENTRIESADDED entries_added] [MAXDELETEDID max_deleted_entry_id]",
        handler: Some(xsetid),
        ..CommandSpec::base("xsetid", -3, Group::Stream)
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
