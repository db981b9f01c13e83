//! DUMP and RESTORE (generic group): a key's value in Redis's serialization format, so a key
//! moves between redlet and redis-server.
//!
//! The payload is the value as an RDB file stores it (type byte, then the encoding Redis 7.0
//! would choose, see `crate::rdb`), followed by the RDB version (2 bytes, little endian) and
//! the CRC64 of everything before it (8 bytes, little endian). RESTORE checks the footer
//! before decoding, then decodes with the RDB reader, which never panics or over-allocates on
//! corrupt input. Argument checks run in Redis 7.0's `restoreCommand` order.

use super::{flags::*, parse_i64, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdResult};
use crate::rdb::{self, EncodeOptions, RdbValue};

/// DUMP key: the serialized value, or a null reply when the key does not exist.
fn dump(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let now = ctx.now;
    let opts = EncodeOptions::from_config(&ctx.state.config);
    let (db, out) = ctx.db_out();
    match db.value_read(key, now) {
        Some(v) => out.bulk(&rdb::dump_payload(&rdb::to_rdb_value(v), &opts)),
        None => out.null(),
    }
    Ok(())
}

/// Whether a decoded value is an empty collection, which Redis refuses to restore
/// (`RDB_LOAD_ERR_EMPTY_KEY`: such a key cannot exist).
fn is_empty_collection(v: &RdbValue) -> bool {
    match v {
        RdbValue::String(_) | RdbValue::Stream(_) => false,
        RdbValue::List(l) | RdbValue::Set(l) => l.is_empty(),
        RdbValue::ZSet(z) => z.is_empty(),
        RdbValue::Hash(h) => h.is_empty(),
    }
}

/// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency].
/// IDLETIME and FREQ are checked and otherwise ignored (no eviction clock here).
fn restore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.get(1);
    let (ttl_arg, payload) = (args.get(2), args.get(3));
    let (mut replace, mut absttl) = (false, false);
    let (mut idle, mut freq) = (None::<i64>, None::<i64>);
    let mut j = 4;
    while j < args.len() {
        let a = args.get(j);
        let more = j + 1 < args.len();
        if a.eq_ignore_ascii_case(b"replace") {
            replace = true;
        } else if a.eq_ignore_ascii_case(b"absttl") {
            absttl = true;
        } else if a.eq_ignore_ascii_case(b"idletime") && more && freq.is_none() {
            let v = parse_i64(args.get(j + 1))?;
            if v < 0 {
                return Err(error::RESTORE_BAD_IDLETIME.into());
            }
            idle = Some(v);
            j += 1;
        } else if a.eq_ignore_ascii_case(b"freq") && more && idle.is_none() {
            let v = parse_i64(args.get(j + 1))?;
            if !(0..=255).contains(&v) {
                return Err(error::RESTORE_BAD_FREQ.into());
            }
            freq = Some(v);
            j += 1;
        } else {
            return Err(error::SYNTAX.into());
        }
        j += 1;
    }
    let now = ctx.now;
    if !replace && ctx.db().contains(key, now) {
        return Err(error::BUSYKEY.into());
    }
    let ttl = parse_i64(ttl_arg)?;
    if ttl < 0 {
        return Err(error::RESTORE_BAD_TTL.into());
    }
    let body = rdb::verify_dump_payload(payload).ok_or(error::DUMP_PAYLOAD_INVALID)?;
    let value = rdb::decode_object(body)
        .ok()
        .filter(|v| !is_empty_collection(v))
        .and_then(|v| rdb::from_rdb_value(v, &ctx.state.config))
        .ok_or(error::BAD_DATA_FORMAT)?;
    let deleted = replace && ctx.db().remove(key).is_some();
    let expire = match ttl {
        0 => None,
        t if absttl => Some(t as u64),
        t => Some(now.saturating_add(t as u64)),
    };
    if expire.is_some_and(|t| t <= now) {
        // Already expired: the key is not created (a replaced key stays deleted).
        if deleted {
            ctx.touch(key);
        }
        ctx.out.ok();
        return Ok(());
    }
    ctx.db().insert(key, value, expire);
    ctx.touch(key);
    ctx.signal_ready(key);
    ctx.out.ok();
    Ok(())
}

/// DUMP and RESTORE's slice of the command table (generic group).
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Return a serialized version of the value stored at the specified key.",
        since: "2.6.0",
        syntax: "key",
        handler: Some(dump),
        ..CommandSpec::base("dump", 2, Group::Generic)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary:
            "Create a key using the provided serialized value, previously obtained using DUMP.",
        since: "2.6.0",
        syntax: "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
        handler: Some(restore),
        ..CommandSpec::base("restore", -4, Group::Generic)
    },
];
