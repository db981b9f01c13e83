//! String commands: GET, SET, ...

use super::{flags::*, typed, Args, CommandSpec, Ctx, Group};
use crate::error::CmdResult;
use crate::keyspace::{Kind, Value};

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

/// SET key value (options to come)
fn set(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let key = args.next_key()?;
    let value = args.next_arg()?;
    args.finish()?;
    ctx.db().set(key, Value::String(value.to_vec()));
    ctx.touch(key);
    ctx.out.ok();
    Ok(())
}

/// The string group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: READONLY | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Returns the string value of a key.",
        syntax: "key",
        handler: Some(get),
        ..CommandSpec::base("get", 2, Group::String)
    },
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
        syntax: "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]",
        handler: Some(set),
        ..CommandSpec::base("set", -3, Group::String)
    },
];
