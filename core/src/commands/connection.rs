//! Connection commands: PING, ECHO, SELECT, QUIT, HELLO, RESET, AUTH, CLIENT.
//!
//! CLIENT LIST / CLIENT INFO print Redis 7.0.15's line format. Real figures: id, addr, laddr,
//! name, age, idle, flags (`N`, `O` monitor, `P` subscribed, `b` blocked), db, sub, psub,
//! ssub, qbuf (the current command's size for the caller, the unparsed input for others),
//! argv-mem (the current command's argument bytes), cmd, resp, flags `x` (in MULTI) / `d` (a
//! WATCHed key was touched), multi (queued commands, -1 outside MULTI), multi-mem (their
//! size). Plausible constants where redlet has no such thing: fd (id + 7: there are no
//! sockets in core), qbuf-free (20474 minus qbuf, Redis's figure for a fresh 20 KiB buffer),
//! rbs=1024, rbp=0, obl/oll/omem=0, tot-mem (22272 plus qbuf and argv-mem, Redis's figure for
//! an idle client), events=r, user=default, redir=-1.
//!
//! CLIENT KILL closes other clients through the server's `Output::Close`
//! (`State::kill_client`); CLIENT PAUSE postpones commands in the server's input loop until
//! the pause deadline (`Server::poll_timeout`) or CLIENT UNPAUSE; CLIENT REPLY drops replies
//! in the dispatcher; CLIENT UNBLOCK answers a parked client as its timeout would. Client
//! tracking and eviction do not exist: GETREDIR is -1, TRACKINGINFO reports `off`, NO-EVICT
//! is accepted.

use super::{flags::*, pubsub, reply_help, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::resp::Protocol;
use crate::server::{ClientState, ReplyMode};

/// PING [message]
///
/// `+PONG`, or the message as a bulk string; in RESP2 subscribed mode `["pong", message]`
/// (message defaulting to the empty string), as Redis.
fn ping(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.len() > 2 {
        return Err(error::wrong_args("ping"));
    }
    if ctx.client.in_resp2_pubsub() {
        ctx.out.array(2);
        ctx.out.bulk(b"pong");
        ctx.out.bulk(args.peek().unwrap_or(b""));
        return Ok(());
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
            let _password = args.next_arg()?;
            authenticate(user)?;
        } else if opt.eq_ignore_ascii_case(b"SETNAME") && more >= 1 {
            let name = args.next_arg()?;
            validate_client_name(name)?;
            setname = Some(name.to_vec());
        } else {
            return Err(quoted("ERR Syntax error in HELLO option ", opt));
        }
    }
    if let Some(name) = setname {
        ctx.client.name = if name.is_empty() { None } else { Some(name) };
    }
    ctx.client.proto = proto;
    ctx.out.proto = proto;
    let out = &mut ctx.out;
    out.map(7);
    let version = ctx.state.config.redis_version.as_bytes();
    for (k, v) in [(&b"server"[..], &b"redis"[..]), (b"version", version)] {
        out.bulk(k);
        out.bulk(v);
    }
    out.bulk(b"proto");
    out.int(if proto == Protocol::Resp3 { 3 } else { 2 });
    out.bulk(b"id");
    out.int(ctx.client.id.0 as i64);
    for (k, v) in [(&b"mode"[..], &b"standalone"[..]), (b"role", b"master")] {
        out.bulk(k);
        out.bulk(v);
    }
    out.bulk(b"modules");
    out.array(0);
    Ok(())
}

/// `prefix`, then `arg` (as Redis prints a C string, at most 128 bytes) in single quotes.
#[inline(never)]
fn quoted(prefix: &str, arg: &[u8]) -> CmdError {
    CmdError::Owned([prefix, "'", &error::c_str_lossy(arg, 128), "'"].concat())
}

/// The only ACL user is `default`, with `nopass` (Redis's default without `requirepass`):
/// any password is accepted for it, every other user name is refused.
fn authenticate(user: &[u8]) -> CmdResult {
    if user == b"default" {
        Ok(())
    } else {
        Err(CmdError::Borrowed(error::WRONGPASS))
    }
}

/// Redis's `validateClientName`: printable ASCII without spaces.
fn validate_client_name(name: &[u8]) -> CmdResult {
    if name.iter().any(|&b| !(b'!'..=b'~').contains(&b)) {
        return Err(CmdError::Borrowed(error::BAD_CLIENT_NAME));
    }
    Ok(())
}

/// AUTH [username] password
fn auth(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.remaining() > 2 {
        return Err(CmdError::Borrowed(error::SYNTAX));
    }
    if args.remaining() == 1 {
        return Err(CmdError::Borrowed(error::AUTH_NO_PASSWORD));
    }
    authenticate(args.next_arg()?)?;
    ctx.out.ok();
    Ok(())
}

/// RESET: back to a fresh connection's state (RESP2, database 0, no name, no
/// subscriptions, no transaction nor WATCH); replies `+RESET`.
fn reset(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    super::transactions::discard_transaction(ctx);
    pubsub::unsubscribe_all_silently(ctx);
    let id = ctx.client.id;
    ctx.state.monitors.retain(|&c| c != id);
    ctx.client.db = 0;
    ctx.client.name = None;
    ctx.client.proto = Protocol::Resp2;
    ctx.client.deny_blocking = false;
    ctx.out.proto = Protocol::Resp2;
    ctx.out.simple("RESET");
    Ok(())
}

/// CLIENT ID
fn client_id(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.out.int(ctx.client.id.0 as i64);
    Ok(())
}

/// CLIENT SETNAME connection-name (empty removes the name)
fn client_setname(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let name = args.next_arg()?;
    validate_client_name(name)?;
    ctx.client.name = (!name.is_empty()).then(|| name.to_vec());
    ctx.out.ok();
    Ok(())
}

/// CLIENT GETNAME
fn client_getname(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    match &ctx.client.name {
        Some(n) => ctx.out.bulk(n),
        None => ctx.out.null(),
    }
    Ok(())
}

/// Size of `args` as a RESP request (what the query buffer holds while it runs).
fn request_len(args: &Args<'_>) -> usize {
    let digits = |n: usize| n.to_string().len();
    let mut n = 3 + digits(args.len());
    for i in 0..args.len() {
        let l = args.get(i).len();
        n += 5 + digits(l) + l;
    }
    n
}

/// One CLIENT LIST line (with its trailing newline). `current` holds the request size and
/// argument bytes when `c` is the client running the command.
fn client_line(
    out: &mut String,
    c: &ClientState,
    (blocked, dirty_cas, monitor): (bool, bool, bool),
    now: crate::Millis,
    current: Option<(usize, usize)>,
) {
    use std::fmt::Write;
    let mut flags = String::new();
    if monitor {
        flags.push('O');
    }
    if c.subs.total() > 0 {
        flags.push('P');
    }
    if c.multi.is_some() {
        flags.push('x');
    }
    if blocked {
        flags.push('b');
    }
    if dirty_cas {
        flags.push('d');
    }
    if c.close_after_reply {
        flags.push('c');
    }
    if flags.is_empty() {
        flags.push('N');
    }
    let (qbuf, argv_mem) = current.unwrap_or((c.qbuf_len, 0));
    let multi_mem = c.multi.as_ref().map_or(0, |m| m.mem);
    let name = c
        .name
        .as_deref()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db={} sub={} psub={} \
         ssub={} multi={} qbuf={} qbuf-free={} argv-mem={} multi-mem={} rbs=1024 rbp=0 obl=0 \
         oll=0 omem=0 tot-mem={} events=r cmd={} user=default redir=-1 resp={}",
        c.id.0,
        c.addr,
        c.laddr,
        c.id.0 + 7,
        name,
        now.saturating_sub(c.created) / 1000,
        // The running command counts as an interaction.
        if current.is_some() {
            0
        } else {
            now.saturating_sub(c.last_interaction) / 1000
        },
        flags,
        c.db,
        c.subs.channel_count(),
        c.subs.pattern_count(),
        c.subs.shard_count(),
        c.multi.as_ref().map_or(-1, |m| m.count as i64),
        qbuf,
        20474usize.saturating_sub(qbuf),
        argv_mem,
        multi_mem,
        22272 + qbuf + argv_mem + multi_mem,
        c.last_cmd,
        if c.proto == Protocol::Resp3 { 3 } else { 2 },
    );
}

/// The caller's request size and argument bytes (CLIENT LIST `qbuf=` / `argv-mem=`).
fn current_usage(args: &Args<'_>) -> (usize, usize) {
    let argv: usize = (0..args.len()).map(|i| args.get(i).len()).sum();
    (request_len(args), argv)
}

/// CLIENT INFO: the caller's CLIENT LIST line (a verbatim string in RESP3).
fn client_info(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let mut text = String::new();
    let blocked = ctx.state.waiters.is_parked(ctx.client.id);
    let dirty = ctx.state.watches.is_dirty(ctx.client.id);
    client_line(
        &mut text,
        ctx.client,
        (blocked, dirty, ctx.state.monitors.contains(&ctx.client.id)),
        ctx.now,
        Some(current_usage(args)),
    );
    ctx.out.verbatim(text.as_bytes(), "txt");
    Ok(())
}

/// Which clients CLIENT LIST shows.
enum ListFilter {
    All,
    Normal,
    Pubsub,
    Nobody,
    Ids(Vec<i64>),
}

/// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id ...]: one line per client,
/// in connection order (a verbatim string in RESP3).
fn client_list(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let filter = match args.remaining() {
        0 => ListFilter::All,
        2 if args.eat("TYPE") => {
            let t = args.next_arg()?;
            let is = |n: &str| t.eq_ignore_ascii_case(n.as_bytes());
            if is("normal") {
                ListFilter::Normal
            } else if is("pubsub") {
                ListFilter::Pubsub
            } else if is("master") || is("replica") || is("slave") {
                ListFilter::Nobody
            } else {
                return Err(quoted("ERR Unknown client type ", t));
            }
        }
        n if n >= 2 && args.eat("ID") => {
            let mut ids = Vec::new();
            while let Some(a) = args.peek() {
                args.seek(args.position() + 1);
                let id = crate::resp::string2ll(a)
                    .ok_or(CmdError::Borrowed(error::INVALID_CLIENT_ID))?;
                ids.push(id);
            }
            ListFilter::Ids(ids)
        }
        _ => return Err(CmdError::Borrowed(error::SYNTAX)),
    };
    let keep = |c: &ClientState| match &filter {
        ListFilter::All => true,
        ListFilter::Normal => c.subs.total() == 0,
        ListFilter::Pubsub => c.subs.total() > 0,
        ListFilter::Nobody => false,
        ListFilter::Ids(ids) => ids.contains(&(c.id.0 as i64)),
    };
    let mut clients: Vec<&ClientState> = ctx
        .state
        .clients
        .values()
        .map(|c| &c.state)
        .chain(std::iter::once(&*ctx.client))
        .filter(|c| keep(c))
        .collect();
    crate::sort::sort_by_key(&mut clients, |c| c.id);
    let me = ctx.client.id;
    let usage = current_usage(args);
    let mut text = String::new();
    for c in clients {
        let blocked = ctx.state.waiters.is_parked(c.id);
        let dirty = ctx.state.watches.is_dirty(c.id);
        let current = (c.id == me).then_some(usage);
        let monitor = ctx.state.monitors.contains(&c.id);
        client_line(&mut text, c, (blocked, dirty, monitor), ctx.now, current);
    }
    ctx.out.verbatim(text.as_bytes(), "txt");
    Ok(())
}

/// Redis's `getClientType`: `normal`, `pubsub` (subscribed), never `master` / `replica`.
fn client_type_matches(c: &ClientState, t: &[u8]) -> bool {
    if t.eq_ignore_ascii_case(b"pubsub") {
        c.subs.total() > 0
    } else if t.eq_ignore_ascii_case(b"normal") {
        c.subs.total() == 0
    } else {
        false
    }
}

/// CLIENT KILL ip:port | CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR ip:port]
/// [LADDR ip:port] [SKIPME yes|no] ...
///
/// The old form may kill the caller and answers `+OK` or `-ERR No such client`; the filter
/// form skips the caller unless `SKIPME no` and answers the number killed. Killed clients
/// are closed through `Output::Close`; the caller, after its reply.
fn client_kill(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let old_form = args.remaining() == 1;
    let (mut addr, mut laddr, mut ctype, mut id, mut skipme) = (None, None, None, None, true);
    if old_form {
        addr = Some(args.next_arg()?);
        skipme = false;
    } else {
        while let Some(opt) = args.peek() {
            args.seek(args.position() + 1);
            let Some(val) = args.peek() else {
                return Err(CmdError::Borrowed(error::SYNTAX));
            };
            args.seek(args.position() + 1);
            let is = |n: &str| opt.eq_ignore_ascii_case(n.as_bytes());
            if is("id") {
                let n = crate::resp::string2ll(val)
                    .filter(|&n| n > 0)
                    .ok_or(CmdError::Borrowed(error::CLIENT_ID_NOT_POSITIVE))?;
                id = Some(n as u64);
            } else if is("type") {
                let known = ["normal", "slave", "replica", "pubsub", "master"];
                if !known.iter().any(|k| val.eq_ignore_ascii_case(k.as_bytes())) {
                    return Err(quoted("ERR Unknown client type ", val));
                }
                ctype = Some(val);
            } else if is("addr") {
                addr = Some(val);
            } else if is("laddr") {
                laddr = Some(val);
            } else if is("user") {
                if val != b"default" {
                    return Err(quoted("ERR No such user ", val));
                }
            } else if is("skipme") {
                if val.eq_ignore_ascii_case(b"yes") {
                    skipme = true;
                } else if val.eq_ignore_ascii_case(b"no") {
                    skipme = false;
                } else {
                    return Err(CmdError::Borrowed(error::SYNTAX));
                }
            } else {
                return Err(CmdError::Borrowed(error::SYNTAX));
            }
        }
    }
    let matches = |c: &ClientState| {
        addr.is_none_or(|a| a == c.addr.as_bytes())
            && laddr.is_none_or(|a| a == c.laddr.as_bytes())
            && ctype.is_none_or(|t| client_type_matches(c, t))
            && id.is_none_or(|i| i == c.id.0)
    };
    let mut victims: Vec<_> = ctx
        .state
        .clients
        .values()
        .filter(|c| matches(&c.state))
        .map(|c| c.state.id)
        .collect();
    crate::sort::sort(&mut victims);
    let me = !skipme && matches(ctx.client);
    for v in &victims {
        ctx.state.kill_client(*v);
    }
    let killed = victims.len() + usize::from(me);
    if old_form {
        if killed == 0 {
            return Err(CmdError::Borrowed(error::NO_SUCH_CLIENT));
        }
        ctx.out.ok();
    } else {
        ctx.out.int(killed as i64);
    }
    if me {
        ctx.client.close_after_reply = true;
    }
    Ok(())
}

/// CLIENT PAUSE timeout [WRITE | ALL]: commands of every client (under WRITE only those
/// that may write) wait until `timeout` ms from now or CLIENT UNPAUSE. A pause only
/// extends the one in force, and WRITE does not weaken ALL (Redis's `pauseClients`).
fn client_pause(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.len() > 4 {
        return Err(error::subcommand_syntax(args.get(1), "client"));
    }
    let ms = crate::resp::string2ll(args.next_arg()?)
        .ok_or(CmdError::Borrowed(error::TIMEOUT_NOT_INTEGER))?;
    if ms < 0 {
        return Err(CmdError::Borrowed(error::TIMEOUT_NEGATIVE));
    }
    let all = match args.peek() {
        None => true,
        Some(m) if m.eq_ignore_ascii_case(b"all") && args.remaining() == 1 => true,
        Some(m) if m.eq_ignore_ascii_case(b"write") && args.remaining() == 1 => false,
        Some(_) => return Err(CmdError::Borrowed(error::PAUSE_MODE)),
    };
    let until = ctx.now.saturating_add(ms as u64);
    let p = ctx
        .state
        .pause
        .get_or_insert(crate::server::Pause { until, all });
    p.until = p.until.max(until);
    p.all |= all;
    ctx.out.ok();
    Ok(())
}

/// CLIENT UNPAUSE
fn client_unpause(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.state.unpause();
    ctx.out.ok();
    Ok(())
}

/// CLIENT REPLY ON | OFF | SKIP (OFF and SKIP themselves are not answered).
fn client_reply(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let m = args.next_arg()?;
    if m.eq_ignore_ascii_case(b"on") {
        ctx.client.reply_mode = ReplyMode::On;
        ctx.out.ok();
    } else if m.eq_ignore_ascii_case(b"off") {
        ctx.client.reply_mode = ReplyMode::Off;
    } else if m.eq_ignore_ascii_case(b"skip") {
        if ctx.client.reply_mode != ReplyMode::Off {
            ctx.client.reply_mode = ReplyMode::SkipNext;
        }
    } else {
        return Err(CmdError::Borrowed(error::SYNTAX));
    }
    Ok(())
}

/// CLIENT NO-EVICT ON | OFF (redlet evicts no clients: accepted, no effect).
fn client_no_evict(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let m = args.next_arg()?;
    if !m.eq_ignore_ascii_case(b"on") && !m.eq_ignore_ascii_case(b"off") {
        return Err(CmdError::Borrowed(error::SYNTAX));
    }
    ctx.out.ok();
    Ok(())
}

/// CLIENT UNBLOCK client-id [TIMEOUT | ERROR]: `:1` if the client was blocked.
fn client_unblock(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.len() > 4 {
        return Err(error::subcommand_syntax(args.get(1), "client"));
    }
    // Redis checks the reason before the id (`clientCommand`'s unblock branch).
    let with_error = match args.len() {
        4 => match args.get(3) {
            r if r.eq_ignore_ascii_case(b"timeout") => false,
            r if r.eq_ignore_ascii_case(b"error") => true,
            _ => return Err(CmdError::Borrowed(error::UNBLOCK_REASON)),
        },
        _ => false,
    };
    let id = args.next_i64()?;
    let target = crate::ClientId(id as u64);
    let done = id > 0 && target != ctx.client.id && ctx.state.unblock_client(target, with_error);
    ctx.out.int(i64::from(done));
    Ok(())
}

/// CLIENT GETREDIR: -1, tracking is never on.
fn client_getredir(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.out.int(-1);
    Ok(())
}

/// CLIENT TRACKINGINFO: tracking is off.
fn client_trackinginfo(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    let out = &mut ctx.out;
    out.map(3);
    out.bulk(b"flags");
    out.set(1);
    out.bulk(b"off");
    out.bulk(b"redirect");
    out.int(-1);
    out.bulk(b"prefixes");
    out.array(0);
    Ok(())
}

/// CLIENT HELP
fn client_help(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    reply_help(
        &mut ctx.out,
        "CLIENT",
        &[
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
        ],
    );
    Ok(())
}

const CLIENT_SUB: u32 = NOSCRIPT | LOADING | STALE;

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
    CommandSpec {
        flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_SUBSCRIBED,
        summary: "Resets the connection.",
        since: "6.2.0",
        handler: Some(reset),
        ..CommandSpec::base("reset", 1, Group::Connection)
    },
    CommandSpec {
        flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH,
        summary: "Authenticates the connection.",
        syntax: "[username] password",
        handler: Some(auth),
        ..CommandSpec::base("auth", -2, Group::Connection)
    },
    CommandSpec {
        summary: "A container for client connection commands.",
        since: "2.4.0",
        subcommands: &[
            CommandSpec {
                flags: CLIENT_SUB,
                summary: "Returns the name of the connection.",
                since: "2.6.9",
                handler: Some(client_getname),
                ..CommandSpec::base("getname", 2, Group::Connection)
            },
            CommandSpec {
                flags: LOADING | STALE,
                summary: "Returns helpful text about the different subcommands.",
                since: "5.0.0",
                handler: Some(client_help),
                ..CommandSpec::base("help", 2, Group::Connection)
            },
            CommandSpec {
                flags: CLIENT_SUB,
                summary: "Returns the unique client ID of the connection.",
                since: "5.0.0",
                handler: Some(client_id),
                ..CommandSpec::base("id", 2, Group::Connection)
            },
            CommandSpec {
                flags: CLIENT_SUB,
                summary: "Returns information about the connection.",
                since: "6.2.0",
                handler: Some(client_info),
                ..CommandSpec::base("info", 2, Group::Connection)
            },
            CommandSpec {
                flags: ADMIN | CLIENT_SUB,
                summary: "Lists open connections.",
                since: "2.4.0",
                syntax:
                    "[TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]]",
                handler: Some(client_list),
                ..CommandSpec::base("list", -2, Group::Connection)
            },
            CommandSpec {
                flags: CLIENT_SUB,
                summary: "Sets the connection name.",
                since: "2.6.9",
                syntax: "connection-name",
                handler: Some(client_setname),
                ..CommandSpec::base("setname", 3, Group::Connection)
            },
            CommandSpec {
                flags: ADMIN | CLIENT_SUB,
                summary: "Kill the connection of a client",
                since: "2.4.0",
                syntax: "<ip:port | <[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME <YES | NO>] [[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME <YES | NO>] ...]>>",
                handler: Some(client_kill),
                ..CommandSpec::base("kill", -3, Group::Connection)
            },
            CommandSpec {
                flags: ADMIN | CLIENT_SUB,
                summary: "Stop processing commands from clients for some time",
                since: "2.9.50",
                syntax: "timeout [WRITE | ALL]",
                handler: Some(client_pause),
                ..CommandSpec::base("pause", -3, Group::Connection)
            },
            CommandSpec {
                flags: ADMIN | CLIENT_SUB,
                summary: "Resume processing of clients that were paused",
                since: "6.2.0",
                handler: Some(client_unpause),
                ..CommandSpec::base("unpause", 2, Group::Connection)
            },
            CommandSpec {
                flags: CLIENT_SUB,
                summary: "Instruct the server whether to reply to commands",
                since: "3.2.0",
                syntax: "<ON | OFF | SKIP>",
                handler: Some(client_reply),
                ..CommandSpec::base("reply", 3, Group::Connection)
            },
            CommandSpec {
                flags: ADMIN | CLIENT_SUB,
                summary: "Set client eviction mode for the current connection",
                since: "7.0.0",
                syntax: "<ON | OFF>",
                handler: Some(client_no_evict),
                ..CommandSpec::base("no-evict", 3, Group::Connection)
            },
            CommandSpec {
                flags: ADMIN | CLIENT_SUB,
                summary: "Unblock a client blocked in a blocking command from a different connection",
                since: "5.0.0",
                syntax: "client-id [TIMEOUT | ERROR]",
                handler: Some(client_unblock),
                ..CommandSpec::base("unblock", -3, Group::Connection)
            },
            CommandSpec {
                flags: CLIENT_SUB,
                summary: "Get tracking notifications redirection client ID if any",
                since: "6.0.0",
                handler: Some(client_getredir),
                ..CommandSpec::base("getredir", 2, Group::Connection)
            },
            CommandSpec {
                flags: CLIENT_SUB,
                summary: "Return information about server assisted client side caching for the current connection",
                since: "6.2.0",
                handler: Some(client_trackinginfo),
                ..CommandSpec::base("trackinginfo", 2, Group::Connection)
            },
        ],
        ..CommandSpec::base("client", -2, Group::Connection)
    },
];
