//! Pub/sub commands: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, the shard
//! channel commands SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH, and PUBSUB.
//!
//! Subscriptions live in `crate::pubsub` (server-wide registry plus each client's own list).
//! Messages go to other clients through `State::write_to` as push frames (`>` in RESP3,
//! arrays in RESP2); a publisher subscribed to its own channel (possible in RESP3) gets the
//! message in its own reply stream before PUBLISH's integer, as in Redis.
//! RESP2 subscribed mode (only pub/sub commands, PING, QUIT, RESET) is enforced by the
//! dispatcher (`Server::execute`, `commands::allowed_in_pubsub`).

use super::{flags::*, reply_help, Args, CommandSpec, Ctx, Group};
use crate::error::{CmdError, CmdResult};
use crate::pubsub::Kind;
use crate::resp::Reply;
use crate::ClientId;

/// The confirmation Redis pushes for each (un)subscription: `[kind, name, count]`, with a
/// null name when there was nothing to unsubscribe from.
fn confirm(out: &mut Reply<'_>, what: &str, name: Option<&[u8]>, count: usize) {
    out.push(3);
    out.bulk(what.as_bytes());
    match name {
        Some(n) => out.bulk(n),
        None => out.null(),
    }
    out.int(count as i64);
}

/// The count a confirmation carries: shard channels alone for SSUBSCRIBE / SUNSUBSCRIBE,
/// channels plus patterns otherwise (Redis 7.0 counts the two namespaces apart).
fn count_for(subs: &crate::pubsub::Subscriptions, kind: Kind) -> usize {
    match kind {
        Kind::Shard => subs.shard_count(),
        _ => subs.count(),
    }
}

fn subscribe_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, kind: Kind) -> CmdResult {
    let what = match kind {
        Kind::Channel => "subscribe",
        Kind::Pattern => "psubscribe",
        Kind::Shard => "ssubscribe",
    };
    while let Some(name) = args.peek() {
        args.seek(args.position() + 1);
        let id = ctx.client.id;
        ctx.state
            .pubsub
            .subscribe(id, &mut ctx.client.subs, kind, name);
        confirm(
            &mut ctx.out,
            what,
            Some(name),
            count_for(&ctx.client.subs, kind),
        );
    }
    Ok(())
}

fn unsubscribe_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, kind: Kind) -> CmdResult {
    let what = match kind {
        Kind::Channel => "unsubscribe",
        Kind::Pattern => "punsubscribe",
        Kind::Shard => "sunsubscribe",
    };
    let id = ctx.client.id;
    if args.done() {
        // Everything, in subscription order; a lone null confirmation if nothing.
        let names = match kind {
            Kind::Channel => ctx.client.subs.channels().to_vec(),
            Kind::Pattern => ctx.client.subs.patterns().to_vec(),
            Kind::Shard => ctx.client.subs.shards().to_vec(),
        };
        if names.is_empty() {
            confirm(&mut ctx.out, what, None, count_for(&ctx.client.subs, kind));
        }
        for n in names {
            ctx.state
                .pubsub
                .unsubscribe(id, &mut ctx.client.subs, kind, &n);
            confirm(
                &mut ctx.out,
                what,
                Some(&n),
                count_for(&ctx.client.subs, kind),
            );
        }
        return Ok(());
    }
    while let Some(name) = args.peek() {
        args.seek(args.position() + 1);
        ctx.state
            .pubsub
            .unsubscribe(id, &mut ctx.client.subs, kind, name);
        confirm(
            &mut ctx.out,
            what,
            Some(name),
            count_for(&ctx.client.subs, kind),
        );
    }
    Ok(())
}

/// SUBSCRIBE channel [channel ...]
fn subscribe(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    subscribe_generic(ctx, args, Kind::Channel)
}

/// PSUBSCRIBE pattern [pattern ...]
fn psubscribe(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    subscribe_generic(ctx, args, Kind::Pattern)
}

/// UNSUBSCRIBE [channel ...]
fn unsubscribe(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    unsubscribe_generic(ctx, args, Kind::Channel)
}

/// PUNSUBSCRIBE [pattern ...]
fn punsubscribe(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    unsubscribe_generic(ctx, args, Kind::Pattern)
}

/// SSUBSCRIBE shardchannel [shardchannel ...]
fn ssubscribe(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    subscribe_generic(ctx, args, Kind::Shard)
}

/// SUNSUBSCRIBE [shardchannel ...]
fn sunsubscribe(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    unsubscribe_generic(ctx, args, Kind::Shard)
}

/// Sends the push message `parts` (bulk strings) to client `id`: into the caller's own reply
/// when it is the caller, else into that client's output. One copy for every kind of message.
#[inline(never)]
fn deliver(ctx: &mut Ctx<'_>, id: ClientId, parts: &[&[u8]]) {
    let write = |r: &mut Reply<'_>| {
        r.push(parts.len());
        for p in parts {
            r.bulk(p);
        }
    };
    if id == ctx.client.id {
        write(&mut ctx.out);
    } else {
        ctx.state.write_to(id, write);
    }
}

/// SPUBLISH shardchannel message: delivers `smessage` to the shard channel's subscribers;
/// replies with their number.
fn spublish(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let channel = args.next_arg()?;
    let message = args.next_arg()?;
    let ids = ctx.state.pubsub.shard_receivers(channel);
    for &id in &ids {
        deliver(ctx, id, &[b"smessage", channel, message]);
    }
    ctx.out.int(ids.len() as i64);
    Ok(())
}

/// PUBSUB SHARDCHANNELS [pattern]
fn pubsub_shardchannels(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.remaining() > 1 {
        return Err(crate::error::subcommand_syntax(args.get(1), "pubsub"));
    }
    let channels = ctx.state.pubsub.active_shard_channels(args.peek());
    ctx.out.array(channels.len());
    for c in channels {
        ctx.out.bulk(&c);
    }
    Ok(())
}

/// PUBSUB SHARDNUMSUB [shardchannel ...]: channel, count pairs.
fn pubsub_shardnumsub(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    ctx.out.array(2 * args.remaining());
    while let Some(c) = args.peek() {
        args.seek(args.position() + 1);
        ctx.out.bulk(c);
        ctx.out.int(ctx.state.pubsub.shard_numsub(c) as i64);
    }
    Ok(())
}

/// Unsubscribes the client from everything without replying (RESET).
pub fn unsubscribe_all_silently(ctx: &mut Ctx<'_>) {
    let id = ctx.client.id;
    ctx.state.pubsub.remove_client(id, &mut ctx.client.subs);
}

/// PUBLISH channel message: delivers to channel subscribers, then pattern subscribers;
/// replies with the number of deliveries.
fn publish(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let channel = args.next_arg()?;
    let message = args.next_arg()?;
    let (direct, by_pattern) = ctx.state.pubsub.receivers(channel);
    let mut n = 0i64;
    for id in direct {
        deliver(ctx, id, &[b"message", channel, message]);
        n += 1;
    }
    for (pattern, id) in by_pattern {
        deliver(ctx, id, &[b"pmessage", &pattern, channel, message]);
        n += 1;
    }
    ctx.out.int(n);
    Ok(())
}

/// PUBSUB CHANNELS [pattern]
fn pubsub_channels(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.remaining() > 1 {
        return Err(CmdError::Borrowed(
            "ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.",
        ));
    }
    let pattern = args.peek();
    let channels = ctx.state.pubsub.active_channels(pattern);
    ctx.out.array(channels.len());
    for c in channels {
        ctx.out.bulk(&c);
    }
    Ok(())
}

/// PUBSUB NUMSUB [channel ...]: channel, count pairs (a flat array in RESP3 too, as Redis
/// 7.0 replies).
fn pubsub_numsub(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    ctx.out.array(2 * args.remaining());
    while let Some(c) = args.peek() {
        args.seek(args.position() + 1);
        ctx.out.bulk(c);
        ctx.out.int(ctx.state.pubsub.numsub(c) as i64);
    }
    Ok(())
}

/// PUBSUB NUMPAT
fn pubsub_numpat(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.out.int(ctx.state.pubsub.numpat() as i64);
    Ok(())
}

/// PUBSUB HELP
fn pubsub_help(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    reply_help(
        &mut ctx.out,
        "PUBSUB",
        &[
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
        ],
    );
    Ok(())
}

const SUB_FLAGS: u32 = PUBSUB | NOSCRIPT | LOADING | STALE;
const INTROSPECT: u32 = PUBSUB | LOADING | STALE;

/// The pub/sub group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: SUB_FLAGS,
        summary: "Listens for messages published to channels.",
        since: "2.0.0",
        syntax: "channel [channel ...]",
        handler: Some(subscribe),
        ..CommandSpec::base("subscribe", -2, Group::Pubsub)
    },
    CommandSpec {
        flags: SUB_FLAGS,
        summary: "Stops listening to messages posted to channels.",
        since: "2.0.0",
        syntax: "[channel [channel ...]]",
        handler: Some(unsubscribe),
        ..CommandSpec::base("unsubscribe", -1, Group::Pubsub)
    },
    CommandSpec {
        flags: SUB_FLAGS,
        summary: "Listens for messages published to channels that match one or more patterns.",
        since: "2.0.0",
        syntax: "pattern [pattern ...]",
        handler: Some(psubscribe),
        ..CommandSpec::base("psubscribe", -2, Group::Pubsub)
    },
    CommandSpec {
        flags: SUB_FLAGS,
        summary:
            "Stops listening to messages published to channels that match one or more patterns.",
        since: "2.0.0",
        syntax: "[pattern [pattern ...]]",
        handler: Some(punsubscribe),
        ..CommandSpec::base("punsubscribe", -1, Group::Pubsub)
    },
    CommandSpec {
        flags: PUBSUB | LOADING | STALE | FAST,
        summary: "Posts a message to a channel.",
        since: "2.0.0",
        syntax: "channel message",
        handler: Some(publish),
        ..CommandSpec::base("publish", 3, Group::Pubsub)
    },
    CommandSpec {
        flags: SUB_FLAGS,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Listen for messages published to the given shard channels",
        since: "7.0.0",
        syntax: "shardchannel [shardchannel ...]",
        handler: Some(ssubscribe),
        ..CommandSpec::base("ssubscribe", -2, Group::Pubsub)
    },
    CommandSpec {
        flags: SUB_FLAGS,
        first_key: 1,
        last_key: -1,
        step: 1,
        summary: "Stop listening for messages posted to the given shard channels",
        since: "7.0.0",
        syntax: "[shardchannel [shardchannel ...]]",
        handler: Some(sunsubscribe),
        ..CommandSpec::base("sunsubscribe", -1, Group::Pubsub)
    },
    CommandSpec {
        flags: PUBSUB | LOADING | STALE | FAST,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Post a message to a shard channel",
        since: "7.0.0",
        syntax: "shardchannel message",
        handler: Some(spublish),
        ..CommandSpec::base("spublish", 3, Group::Pubsub)
    },
    CommandSpec {
        summary: "A container for Pub/Sub commands.",
        since: "2.8.0",
        subcommands: &[
            CommandSpec {
                flags: INTROSPECT,
                summary: "Returns the active channels.",
                since: "2.8.0",
                syntax: "[pattern]",
                handler: Some(pubsub_channels),
                ..CommandSpec::base("channels", -2, Group::Pubsub)
            },
            CommandSpec {
                flags: LOADING | STALE,
                summary: "Returns helpful text about the different subcommands.",
                since: "6.2.0",
                handler: Some(pubsub_help),
                ..CommandSpec::base("help", 2, Group::Pubsub)
            },
            CommandSpec {
                flags: INTROSPECT,
                summary: "Returns a count of unique pattern subscriptions.",
                since: "2.8.0",
                handler: Some(pubsub_numpat),
                ..CommandSpec::base("numpat", 2, Group::Pubsub)
            },
            CommandSpec {
                flags: INTROSPECT,
                summary: "Returns a count of subscribers to channels.",
                since: "2.8.0",
                syntax: "[channel [channel ...]]",
                handler: Some(pubsub_numsub),
                ..CommandSpec::base("numsub", -2, Group::Pubsub)
            },
            CommandSpec {
                flags: INTROSPECT,
                summary: "List active shard channels",
                since: "7.0.0",
                syntax: "[pattern]",
                handler: Some(pubsub_shardchannels),
                ..CommandSpec::base("shardchannels", -2, Group::Pubsub)
            },
            CommandSpec {
                flags: INTROSPECT,
                summary: "Get the count of subscribers for shard channels",
                since: "7.0.0",
                syntax: "[shardchannel [shardchannel ...]]",
                handler: Some(pubsub_shardnumsub),
                ..CommandSpec::base("shardnumsub", -2, Group::Pubsub)
            },
        ],
        ..CommandSpec::base("pubsub", -2, Group::Pubsub)
    },
];
