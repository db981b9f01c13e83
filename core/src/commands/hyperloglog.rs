//! HyperLogLog commands: PFADD, PFCOUNT, PFMERGE (Redis 7.0's `hyperloglog.c` command layer).
//!
//! HLLs are string values in Redis's exact byte format (`crate::keyspace::hll`), so GET,
//! DUMP and APPEND see what Redis would. A string that is not an HLL is refused with
//! `WRONGTYPE Key is not a valid HyperLogLog string value.`; one whose sparse runs are broken
//! with `INVALIDOBJ Corrupted HLL object detected`. Like Redis's `dbUnshareStringValue`,
//! every command that may write an HLL leaves it `raw`-encoded; PFCOUNT of one key stores the
//! cardinality it computed in the header cache (a write, so it touches the key).

use super::{flags::*, typed, typed_mut, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::hll::{self, REGISTERS};
use crate::keyspace::{Kind, StringEncoding, Value};

fn err(text: &'static str) -> CmdError {
    CmdError::Borrowed(text)
}

/// `hll-sparse-max-bytes` from the configuration (default 3000).
fn sparse_max_bytes(ctx: &Ctx<'_>) -> usize {
    ctx.state.config.extra_usize("hll-sparse-max-bytes", 3000)
}

/// The HLL bytes under `key` (`None` if absent), checked as `isHLLObjectOrReply`.
fn hll_bytes<'d>(ctx: &'d mut Ctx<'_>, key: &[u8]) -> CmdResult<Option<&'d [u8]>> {
    let now = ctx.now;
    match typed(ctx.db(), key, now, Kind::String)? {
        Some(Value::String(s)) if hll::is_valid(s) => Ok(Some(s)),
        Some(_) => Err(err(error::HLL_WRONGTYPE)),
        None => Ok(None),
    }
}

/// Mutable counterpart of [`hll_bytes`].
fn hll_mut<'d>(ctx: &'d mut Ctx<'_>, key: &[u8]) -> CmdResult<Option<&'d mut Vec<u8>>> {
    let now = ctx.now;
    match typed_mut(ctx.db(), key, now, Kind::String)? {
        Some(Value::String(s)) if hll::is_valid(s) => Ok(Some(s.make_mut())),
        Some(_) => Err(err(error::HLL_WRONGTYPE)),
        None => Ok(None),
    }
}

/// PFADD key [element ...]
fn pfadd(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.get(1);
    let max_bytes = sparse_max_bytes(ctx);
    let mut updated = 0;
    if hll_mut(ctx, key)?.is_none() {
        ctx.db().insert(
            key,
            Value::String(crate::keyspace::Str::from(hll::new_hll())),
            None,
        );
        updated += 1;
    }
    ctx.db().set_string_encoding(key, StringEncoding::Raw);
    let s = hll_mut(ctx, key)?.expect("invariant: the HLL was just found or created");
    let mut corrupt = false;
    for i in 2..args.len() {
        match hll::add(s, args.get(i), max_bytes) {
            Ok(true) => updated += 1,
            Ok(false) => {}
            Err(_) => {
                corrupt = true;
                break;
            }
        }
    }
    if corrupt {
        return Err(err(error::HLL_CORRUPT));
    }
    if updated > 0 {
        hll::invalidate_cache(s);
        ctx.touch(key);
    }
    ctx.out.int(i64::from(updated > 0));
    Ok(())
}

/// PFCOUNT key [key ...]
fn pfcount(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.len() > 2 {
        let mut max = Box::new([0u8; REGISTERS]);
        for i in 1..args.len() {
            if let Some(s) = hll_bytes(ctx, args.get(i))? {
                hll::merge_into(&mut max, s).map_err(|_| err(error::HLL_CORRUPT))?;
            }
        }
        let card = hll::count_registers(&max);
        ctx.out.int(card as i64);
        return Ok(());
    }
    let key = args.get(1);
    // A read lookup in Redis (counted in INFO stats), though the cached count may be written.
    let now = ctx.now;
    ctx.db().count_read(key, now);
    if hll_mut(ctx, key)?.is_none() {
        ctx.out.int(0);
        return Ok(());
    }
    ctx.db().set_string_encoding(key, StringEncoding::Raw);
    let s = hll_mut(ctx, key)?.expect("invariant: the HLL was just found");
    let card = match hll::cached(s) {
        Some(c) => c,
        None => {
            let c = hll::count(s).map_err(|_| err(error::HLL_CORRUPT))?;
            hll::set_cache(s, c);
            ctx.touch(key);
            // The refreshed cache changes the value: Redis replicates this PFCOUNT as is.
            if ctx.propagating() {
                ctx.propagate(args.to_vec());
            }
            c
        }
    };
    ctx.out.int(card as i64);
    Ok(())
}

/// PFMERGE destkey [sourcekey ...]
fn pfmerge(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let mut max = Box::new([0u8; REGISTERS]);
    let mut use_dense = false;
    for i in 1..args.len() {
        if let Some(s) = hll_bytes(ctx, args.get(i))? {
            use_dense |= hll::is_dense(s);
            hll::merge_into(&mut max, s).map_err(|_| err(error::HLL_CORRUPT))?;
        }
    }
    let key = args.get(1);
    let max_bytes = sparse_max_bytes(ctx);
    if hll_mut(ctx, key)?.is_none() {
        ctx.db().insert(
            key,
            Value::String(crate::keyspace::Str::from(hll::new_hll())),
            None,
        );
    }
    ctx.db().set_string_encoding(key, StringEncoding::Raw);
    let s = hll_mut(ctx, key)?.expect("invariant: the HLL was just found or created");
    if use_dense {
        hll::sparse_to_dense(s).map_err(|_| err(error::HLL_CORRUPT))?;
    }
    for (j, &m) in max.iter().enumerate() {
        if m != 0 {
            // Redis ignores a failure here (the destination was validated above).
            let _ = hll::set_register(s, j, m, max_bytes);
        }
    }
    hll::invalidate_cache(s);
    ctx.touch(key);
    ctx.out.ok();
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Table

const fn spec(
    name: &'static str,
    flags: u32,
    last_key: i32,
    summary: &'static str,
    syntax: &'static str,
    handler: super::Handler,
) -> CommandSpec {
    CommandSpec {
        flags,
        first_key: 1,
        last_key,
        step: 1,
        summary,
        since: "2.8.9",
        syntax,
        handler: Some(handler),
        ..CommandSpec::base(name, -2, Group::HyperLogLog)
    }
}

/// The HyperLogLog group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    spec(
        "pfadd",
        WRITE | DENYOOM | FAST,
        1,
        "Adds the specified elements to the specified HyperLogLog.",
        "key [element [element ...]]",
        pfadd,
    ),
    spec(
        "pfcount",
        READONLY,
        -1,
        "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
        "key [key ...]",
        pfcount,
    ),
    spec(
        "pfmerge",
        WRITE | DENYOOM,
        -1,
        "Merge N different HyperLogLogs into a single one.",
        "destkey [sourcekey [sourcekey ...]]",
        pfmerge,
    ),
];
