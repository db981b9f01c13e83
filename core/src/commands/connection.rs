//! Connection commands: PING, ECHO, SELECT, QUIT, HELLO, ...

use super::{flags::*, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::resp::Protocol;

/// PING [message]
///
/// `+PONG`, or the message as a bulk string.
fn ping(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.len() > 2 {
        return Err(error::wrong_args("ping"));
    }
    match args.peek() {
        Some(msg) => ctx.out.bulk(msg),
        None => ctx.out.simple("PONG"),
    }
    Ok(())
}

/// ECHO message
fn echo(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let msg = args.next_arg()?;
    ctx.out.bulk(msg);
    Ok(())
}

/// SELECT index
fn select(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let idx = args.next_i64()?;
    if idx < 0 || idx as usize >= ctx.state.dbs.len() {
        return Err(CmdError::Borrowed(error::DB_INDEX_OUT_OF_RANGE));
    }
    ctx.client.db = idx as usize;
    ctx.out.ok();
    Ok(())
}

/// QUIT: `+OK`, then the connection closes.
fn quit(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.out.ok();
    ctx.client.close_after_reply = true;
    Ok(())
}

/// HELLO [protover [AUTH username password] [SETNAME clientname]]
///
/// Switches protocol and replies with the server's properties as a map (in the new protocol).
fn hello(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let mut proto = ctx.client.proto;
    if let Some(v) = args.peek() {
        args.next_arg()?;
        let v = crate::resp::string2ll(v)
            .ok_or(CmdError::Borrowed(error::PROTOCOL_VERSION_NOT_INTEGER))?;
        proto = match v {
            2 => Protocol::Resp2,
            3 => Protocol::Resp3,
            _ => return Err(CmdError::Borrowed(error::NOPROTO)),
        };
    }
    let mut setname = None;
    while let Some(opt) = args.peek() {
        args.next_arg()?;
        let more = args.remaining();
        if opt.eq_ignore_ascii_case(b"AUTH") && more >= 2 {
            let user = args.next_arg()?;
            let pass = args.next_arg()?;
            // No ACL users are configured: only `default` with any password... Redis with no
            // requirepass accepts AUTH default <anything>? No: it refuses wrong passwords of
            // users that exist with nopass? It accepts: default user is `nopass`.
            if user != b"default" {
                let _ = pass;
                return Err(CmdError::Borrowed(
                    "WRONGPASS invalid username-password pair or user is disabled.",
                ));
            }
        } else if opt.eq_ignore_ascii_case(b"SETNAME") && more >= 1 {
            let name = args.next_arg()?;
            if name.iter().any(|&b| b <= b' ' || b > b'~') {
                return Err(CmdError::Borrowed(
                    "ERR Client names cannot contain spaces, newlines or special characters.",
                ));
            }
            setname = Some(name.to_vec());
        } else {
            return Err(CmdError::Owned(format!(
                "ERR Syntax error in HELLO option '{}'",
                error::c_str_lossy(opt, 128)
            )));
        }
    }
    if let Some(name) = setname {
        ctx.client.name = if name.is_empty() { None } else { Some(name) };
    }
    ctx.client.proto = proto;
    ctx.out.proto = proto;
    let out = &mut ctx.out;
    out.map(7);
    out.bulk(b"server");
    out.bulk(b"redis");
    out.bulk(b"version");
    out.bulk(ctx.state.config.redis_version.as_bytes());
    out.bulk(b"proto");
    out.int(if proto == Protocol::Resp3 { 3 } else { 2 });
    out.bulk(b"id");
    out.int(ctx.client.id.0 as i64);
    out.bulk(b"mode");
    out.bulk(b"standalone");
    out.bulk(b"role");
    out.bulk(b"master");
    out.bulk(b"modules");
    out.array(0);
    Ok(())
}

/// The connection group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: FAST | STALE | LOADING | ALLOW_SUBSCRIBED,
        summary: "Returns the server's liveliness response.",
        syntax: "[message]",
        handler: Some(ping),
        ..CommandSpec::base("ping", -1, Group::Connection)
    },
    CommandSpec {
        flags: FAST | STALE | LOADING,
        summary: "Returns the given string.",
        syntax: "message",
        handler: Some(echo),
        ..CommandSpec::base("echo", 2, Group::Connection)
    },
    CommandSpec {
        flags: FAST | STALE | LOADING,
        summary: "Changes the selected database.",
        since: "1.0.0",
        syntax: "index",
        handler: Some(select),
        ..CommandSpec::base("select", 2, Group::Connection)
    },
    CommandSpec {
        flags: FAST | STALE | LOADING | NO_AUTH | ALLOW_SUBSCRIBED | NOSCRIPT,
        summary: "Closes the connection.",
        handler: Some(quit),
        ..CommandSpec::base("quit", -1, Group::Connection)
    },
    CommandSpec {
        flags: FAST | STALE | LOADING | NO_AUTH | NOSCRIPT,
        summary: "Handshakes with the Redis server.",
        since: "6.0.0",
        syntax: "[protover [AUTH username password] [SETNAME clientname]]",
        handler: Some(hello),
        ..CommandSpec::base("hello", -1, Group::Connection)
    },
];
