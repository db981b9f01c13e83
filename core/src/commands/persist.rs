//! Persistence commands of the server group: SAVE, BGSAVE, LASTSAVE, SHUTDOWN.
//!
//! They do no file work: each one queues a request for the runtime (see
//! `crate::persistence`) and, for SAVE and SHUTDOWN, suspends the client until the runtime
//! reports the outcome. Replies and errors follow Redis 7.0's `rdb.c` / `server.c`.

use super::{flags::*, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdResult};
use crate::persistence::Event;

/// SAVE: a blocking save. The reply (`+OK` or `-ERR`) comes when the runtime completes it.
fn save(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    if !ctx.state.persist.enabled {
        return Err(error::NO_PERSISTENCE.into());
    }
    if ctx.state.persist.bgsave_started.is_some() {
        return Err(error::BGSAVE_IN_PROGRESS.into());
    }
    let client = ctx.client.id;
    ctx.state
        .persist
        .request(Event::Save { client }, Some(client));
    Ok(())
}

/// BGSAVE [SCHEDULE]: starts a background save. Inside MULTI/EXEC the save is scheduled for
/// after the transaction, as Redis does (`server.in_exec`).
fn bgsave(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.len() > 1 && !(args.len() == 2 && args.eat("SCHEDULE")) {
        return Err(error::SYNTAX.into());
    }
    if !ctx.state.persist.enabled {
        return Err(error::NO_PERSISTENCE.into());
    }
    if ctx.state.persist.bgsave_started.is_some() {
        return Err(error::BGSAVE_IN_PROGRESS.into());
    }
    if ctx.client.multi.is_some() || ctx.client.deny_blocking {
        ctx.state.persist.scheduled = true;
        ctx.out.simple("Background saving scheduled");
        return Ok(());
    }
    ctx.state.start_bgsave(ctx.now);
    ctx.out.simple("Background saving started");
    Ok(())
}

/// LASTSAVE: Unix time (seconds) of the last successful save.
fn lastsave(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.out.int((ctx.state.persist.last_save / 1000) as i64);
    Ok(())
}

/// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: saves (if save points are configured and
/// not NOSAVE, or with SAVE) and exits. No replica waits here, so NOW changes nothing and
/// ABORT never finds a shutdown to abort. On success the client gets no reply (the
/// connection closes with the process); a failed save without FORCE answers an error.
fn shutdown(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let (mut nosave, mut save, mut force, mut abort, mut now_flag) =
        (false, false, false, false, false);
    while let Some(a) = args.peek() {
        args.seek(args.position() + 1);
        match a.to_ascii_lowercase().as_slice() {
            b"nosave" => nosave = true,
            b"save" => save = true,
            b"now" => now_flag = true,
            b"force" => force = true,
            b"abort" => abort = true,
            _ => return Err(error::SYNTAX.into()),
        }
    }
    if (abort && (nosave || save || now_flag || force)) || (nosave && save) {
        return Err(error::SYNTAX.into());
    }
    if abort {
        return Err(error::NO_SHUTDOWN_IN_PROGRESS.into());
    }
    if !ctx.state.persist.enabled {
        return Err(error::NO_PERSISTENCE.into());
    }
    let configured = !crate::persistence::save_points(&ctx.state.config).is_empty();
    let client = ctx.client.id;
    ctx.state.persist.shutting_down = true;
    ctx.state.persist.request(
        Event::Shutdown {
            client: Some(client),
            save: save || (configured && !nosave),
            force,
        },
        Some(client),
    );
    Ok(())
}

/// The persistence commands' slice of the command table (server group).
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: ADMIN | NOSCRIPT | NO_MULTI,
        summary: "Synchronously save the dataset to disk",
        handler: Some(save),
        ..CommandSpec::base("save", 1, Group::Server)
    },
    CommandSpec {
        flags: ADMIN | NOSCRIPT,
        summary: "Asynchronously save the dataset to disk",
        syntax: "[SCHEDULE]",
        handler: Some(bgsave),
        ..CommandSpec::base("bgsave", -1, Group::Server)
    },
    CommandSpec {
        flags: LOADING | STALE | FAST,
        summary: "Get the UNIX time stamp of the last successful save to disk",
        handler: Some(lastsave),
        ..CommandSpec::base("lastsave", 1, Group::Server)
    },
    CommandSpec {
        flags: ADMIN | NOSCRIPT | LOADING | STALE | NO_MULTI | ALLOW_SUBSCRIBED,
        summary: "Synchronously save the dataset to disk and then shut down the server",
        syntax: "[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]",
        handler: Some(shutdown),
        ..CommandSpec::base("shutdown", -1, Group::Server)
    },
];
