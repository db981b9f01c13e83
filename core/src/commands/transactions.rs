//! Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis: `multi.c`).
//!
//! Queueing is the dispatcher's job (`Server::execute` queues every command but EXEC, DISCARD,
//! MULTI, WATCH, QUIT and RESET while a transaction is open, and flags the transaction on
//! errors found at queue time); EXEC runs the queue through `server::call_queued`. The WATCH
//! registry and the rules for what breaks a watch live in `crate::multi`.

use super::{flags::*, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::multi::{key_is_expired, MultiState};

/// MULTI: opens a transaction.
fn multi(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    if ctx.client.multi.is_some() {
        return Err(CmdError::Borrowed(error::MULTI_NESTED));
    }
    ctx.client.multi = Some(MultiState::default());
    ctx.out.ok();
    Ok(())
}

/// Ends the client's transaction, if any, and forgets its WATCHes and dirty mark (Redis's
/// `discardTransaction`; also used by RESET).
pub fn discard_transaction(ctx: &mut Ctx<'_>) {
    ctx.client.multi = None;
    ctx.state.watches.forget(ctx.client.id);
}

/// DISCARD
fn discard(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    if ctx.client.multi.is_none() {
        return Err(CmdError::Borrowed(error::DISCARD_WITHOUT_MULTI));
    }
    discard_transaction(ctx);
    ctx.out.ok();
    Ok(())
}

/// EXEC: `-EXECABORT` if queueing failed, the null array if a watched key was touched (or
/// has expired), otherwise the array of the queued commands' replies. Commands that fail at
/// run time (WRONGTYPE...) leave an error element; the others still run.
fn exec(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    let id = ctx.client.id;
    let Some(m) = ctx.client.multi.as_mut() else {
        return Err(CmdError::Borrowed(error::EXEC_WITHOUT_MULTI));
    };
    let dirty_exec = m.dirty_exec;
    let queue = std::mem::take(&mut m.commands);
    let watches = &mut ctx.state.watches;
    if watches.watched_key_expired(id, &ctx.state.dbs, ctx.now) {
        watches.mark_dirty(id);
    }
    let dirty_cas = watches.is_dirty(id);
    // Unwatch before running: the queue's own writes must not matter.
    watches.forget(id);
    if dirty_exec {
        ctx.client.multi = None;
        return Err(CmdError::Borrowed(error::EXECABORT));
    }
    if dirty_cas {
        ctx.client.multi = None;
        ctx.out.null_array();
        return Ok(());
    }
    // The client stays in MULTI while the queue runs (CLIENT INFO inside shows `x`).
    let deny_blocking = ctx.client.deny_blocking;
    ctx.client.deny_blocking = true;
    ctx.out.array(queue.len());
    for q in &queue {
        crate::server::call_queued(ctx, q);
    }
    ctx.client.deny_blocking = deny_blocking;
    ctx.client.multi = None;
    Ok(())
}

/// WATCH key [key ...]
fn watch(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if ctx.client.multi.is_some() {
        return Err(CmdError::Borrowed(error::WATCH_INSIDE_MULTI));
    }
    let id = ctx.client.id;
    // A dirty client's EXEC fails anyway: no point in watching more.
    if !ctx.state.watches.is_dirty(id) {
        let db = ctx.client.db;
        while let Some(key) = args.peek() {
            args.next_key()?;
            let expired = key_is_expired(&ctx.state.dbs[db], key, ctx.now);
            ctx.state.watches.watch(id, db, key, expired);
        }
    }
    ctx.out.ok();
    Ok(())
}

/// UNWATCH: forgets all watched keys (and a touched watch's dirty mark).
fn unwatch(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.state.watches.forget(ctx.client.id);
    ctx.out.ok();
    Ok(())
}

/// The transactions group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: NOSCRIPT | LOADING | STALE | FAST | ALLOW_SUBSCRIBED,
        summary: "Mark the start of a transaction block",
        since: "1.2.0",
        handler: Some(multi),
        ..CommandSpec::base("multi", 1, Group::Transactions)
    },
    CommandSpec {
        flags: NOSCRIPT | LOADING | STALE | SKIP_SLOWLOG,
        summary: "Execute all commands issued after MULTI",
        since: "1.2.0",
        handler: Some(exec),
        ..CommandSpec::base("exec", 1, Group::Transactions)
    },
    CommandSpec {
        flags: NOSCRIPT | LOADING | STALE | FAST | ALLOW_SUBSCRIBED,
        summary: "Discard all commands issued after MULTI",
        since: "2.0.0",
        handler: Some(discard),
        ..CommandSpec::base("discard", 1, Group::Transactions)
    },
    CommandSpec {
        flags: NOSCRIPT | LOADING | STALE | FAST | ALLOW_SUBSCRIBED,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Watch the given keys to determine execution of the MULTI/EXEC block",
        since: "2.2.0",
        syntax: "key [key ...]",
        handler: Some(watch),
        ..CommandSpec::base("watch", -2, Group::Transactions)
    },
    CommandSpec {
        flags: NOSCRIPT | LOADING | STALE | FAST | ALLOW_SUBSCRIBED,
        summary: "Forget about all watched keys",
        since: "2.2.0",
        handler: Some(unwatch),
        ..CommandSpec::base("unwatch", 1, Group::Transactions)
    },
];
