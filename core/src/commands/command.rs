//! COMMAND and its subcommands: introspection of the command table.
//!
//! Replies come from the Redis 7.0 metadata recorded in `docs.rs` (see `docs_model`),
//! restricted to the commands and subcommands present in redlet's table, so a client sees
//! exactly Redis's description of every command redlet runs and nothing it does not run.

use super::docs_model::{self, CommandDoc, Val};
use super::{flags::*, reply_help, table, Args, CommandSpec, Ctx, Group};
use crate::error::{CmdError, CmdResult};
use crate::glob;
use crate::resp::Reply;

/// Whether redlet's table has the (sub)command `doc` describes (`get`, `client|id`).
pub fn implemented(doc: &CommandDoc) -> bool {
    spec_for(doc.name).is_some()
}

/// The table entry for a full name (`get`, `client|id`).
pub fn spec_for(full: &str) -> Option<&'static CommandSpec> {
    match full.split_once('|') {
        None => table().iter().copied().find(|c| c.name == full),
        Some((parent, sub)) => {
            let p = table().iter().copied().find(|c| c.name == parent)?;
            p.subcommands.iter().find(|s| s.name == sub)
        }
    }
}

/// The recorded metadata of every command in the table, in table order.
fn implemented_docs() -> impl Iterator<Item = &'static CommandDoc> {
    table().iter().filter_map(|c| docs_model::find(c.name))
}

/// Metadata for a name a client typed, if redlet implements it.
fn find_implemented(name: &[u8]) -> Option<&'static CommandDoc> {
    let name = std::str::from_utf8(name).ok()?.to_ascii_lowercase();
    let d = docs_model::find(&name)?;
    implemented(d).then_some(d)
}

fn write_info(out: &mut Reply<'_>, d: &'static CommandDoc) {
    d.write_info(out, &implemented);
}

/// COMMAND: every command's COMMAND INFO entry.
fn command(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    let docs: Vec<_> = implemented_docs().collect();
    ctx.out.array(docs.len());
    for d in docs {
        write_info(&mut ctx.out, d);
    }
    Ok(())
}

/// COMMAND COUNT
fn command_count(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.out.int(implemented_docs().count() as i64);
    Ok(())
}

/// COMMAND INFO [command-name ...]: an entry per name, null for unknown names; all
/// commands when no name is given.
fn command_info(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.done() {
        return command(ctx, args);
    }
    ctx.out.array(args.remaining());
    while let Some(name) = args.peek() {
        args.seek(args.position() + 1);
        match find_implemented(name) {
            Some(d) => write_info(&mut ctx.out, d),
            None => ctx.out.null(),
        }
    }
    Ok(())
}

/// COMMAND DOCS [command-name ...]: a map from name to documentation; unknown names are
/// left out; all commands when no name is given.
fn command_docs(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let docs: Vec<&'static CommandDoc> = if args.done() {
        implemented_docs().collect()
    } else {
        let mut v = Vec::new();
        while let Some(name) = args.peek() {
            args.seek(args.position() + 1);
            v.extend(find_implemented(name));
        }
        v
    };
    ctx.out.map(docs.len());
    for d in docs {
        ctx.out.bulk(d.name.as_bytes());
        d.write_docs(&mut ctx.out, &implemented);
    }
    Ok(())
}

/// What COMMAND LIST FILTERBY keeps.
enum Filter<'a> {
    All,
    Module,
    AclCat(&'a [u8]),
    Pattern(&'a [u8]),
}

/// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]: names of
/// commands and subcommands (`client|id`).
fn command_list(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let syntax = || CmdError::Borrowed(crate::error::SYNTAX);
    let filter = if args.done() {
        Filter::All
    } else {
        if !args.eat("FILTERBY") || args.remaining() != 2 {
            return Err(syntax());
        }
        let kind = args.next_arg()?;
        let value = args.next_arg()?;
        if kind.eq_ignore_ascii_case(b"MODULE") {
            Filter::Module
        } else if kind.eq_ignore_ascii_case(b"ACLCAT") {
            Filter::AclCat(value)
        } else if kind.eq_ignore_ascii_case(b"PATTERN") {
            Filter::Pattern(value)
        } else {
            return Err(syntax());
        }
    };
    let keep = |d: &CommandDoc| match filter {
        Filter::All => true,
        Filter::Module => false,
        Filter::AclCat(cat) => d
            .acl_categories()
            .any(|c| c.as_bytes().eq_ignore_ascii_case(cat)),
        Filter::Pattern(p) => glob::matches(p, d.name.as_bytes(), true),
    };
    let mut names = Vec::new();
    for d in implemented_docs() {
        if keep(d) {
            names.push(d.name);
        }
        for s in d.subcommands.iter().filter(|s| implemented(s)) {
            if keep(s) {
                names.push(s.name);
            }
        }
    }
    ctx.out.array(names.len());
    for n in names {
        ctx.out.bulk(n.as_bytes());
    }
    Ok(())
}

/// The keys of a full command line `argv` (name first) as Redis 7.0's
/// `getKeysUsingKeySpecs` finds them from `d`'s key specs: each spec's begin-search (an
/// index, or the argument after a keyword) and find-keys (a range, or a count argument).
/// `None` when a spec does not fit the arguments (Redis then finds no keys).
fn keys_from_specs(d: &CommandDoc, argv: &[&[u8]]) -> Option<Vec<(usize, Val)>> {
    let argc = argv.len() as i64;
    // The integer at `spec.<name>` of a begin-search or find-keys map.
    let int = |v: Val, name: &str| v.get("spec")?.get(name)?.as_int();
    let mut keys = Vec::new();
    for spec in d.info_items(7) {
        let flags = spec.get("flags")?;
        let bs = spec.get("begin_search")?;
        let first = match bs.get_str("type") {
            Some("index") => int(bs, "index")?,
            Some("keyword") => {
                let kw = bs.get("spec")?.get_str("keyword")?;
                let from = int(bs, "startfrom")?;
                let found = if from > 0 {
                    (from..argc).find(|&i| argv[i as usize].eq_ignore_ascii_case(kw.as_bytes()))
                } else {
                    (1..=argc + from)
                        .rev()
                        .find(|&i| argv[i as usize].eq_ignore_ascii_case(kw.as_bytes()))
                };
                match found {
                    Some(i) => i + 1,
                    None => continue,
                }
            }
            _ => continue,
        };
        let fk = spec.get("find_keys")?;
        let (first, last, step) = match fk.get_str("type") {
            Some("range") => {
                let lastkey = int(fk, "lastkey")?;
                let limit = int(fk, "limit")?;
                let last = if lastkey >= 0 {
                    first + lastkey
                } else if limit == 0 {
                    argc + lastkey
                } else {
                    first + ((argc - first) / limit + lastkey)
                };
                (first, last, int(fk, "keystep")?)
            }
            Some("keynum") => {
                let idx = first + int(fk, "keynumidx")?;
                let n = argv
                    .get(usize::try_from(idx).ok()?)
                    .and_then(|a| crate::resp::string2ll(a))
                    .filter(|&n| n >= 0)?;
                let first = first + int(fk, "firstkey")?;
                (first, first + n - 1, int(fk, "keystep")?)
            }
            _ => continue,
        };
        if last >= argc || last < first || first >= argc || step < 1 {
            return None;
        }
        let mut i = first;
        while i <= last {
            keys.push((i as usize, flags));
            i += step;
        }
    }
    Some(keys)
}

/// COMMAND GETKEYS / GETKEYSANDFLAGS command [arg ...]
fn getkeys_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, with_flags: bool) -> CmdResult {
    let argv: Vec<&[u8]> = (args.position()..args.len()).map(|i| args.get(i)).collect();
    let name = String::from_utf8_lossy(argv[0]).to_ascii_lowercase();
    let top = find_implemented(name.as_bytes())
        .ok_or(CmdError::Borrowed(crate::error::GETKEYS_INVALID_COMMAND))?;
    let d = match argv.get(1) {
        Some(sub) if !top.subcommands.is_empty() => {
            let full = format!(
                "{}|{}",
                name,
                String::from_utf8_lossy(sub).to_ascii_lowercase()
            );
            docs_model::find(&full)
                .filter(|d| implemented(d))
                .ok_or(CmdError::Borrowed(crate::error::GETKEYS_INVALID_COMMAND))?
        }
        _ => top,
    };
    if d.info_items(7).next().is_none() {
        return Err(CmdError::Borrowed(crate::error::GETKEYS_NO_KEYS));
    }
    let arity = d.arity();
    let argc = argv.len() as i64;
    if (arity > 0 && arity != argc) || argc < -arity {
        return Err(CmdError::Borrowed(crate::error::GETKEYS_BAD_ARITY));
    }
    let keys = keys_from_specs(d, &argv).unwrap_or_default();
    if keys.is_empty() {
        let no_mandatory = d
            .info_items(1)
            .any(|f| f.as_str() == Some("no_mandatory_keys"));
        if !no_mandatory {
            return Err(CmdError::Borrowed(crate::error::GETKEYS_BAD_ARGS));
        }
    }
    ctx.out.array(keys.len());
    for (i, flags) in keys {
        if with_flags {
            let mut names: Vec<&str> = flags.items().filter_map(|v| v.as_str()).collect();
            if names.contains(&"variable_flags") && d.name == "set" {
                // Redis's `setGetKeys`: the flags depend on the GET option.
                let get = argv[3..].iter().any(|a| a.eq_ignore_ascii_case(b"get"));
                names = if get {
                    vec!["RW", "access", "update"]
                } else {
                    vec!["OW", "update"]
                };
            }
            ctx.out.array(2);
            ctx.out.bulk(argv[i]);
            ctx.out.set(names.len());
            for n in names {
                ctx.out.simple(n);
            }
        } else {
            ctx.out.bulk(argv[i]);
        }
    }
    Ok(())
}

/// COMMAND GETKEYS command [arg ...]
fn command_getkeys(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    getkeys_generic(ctx, args, false)
}

/// COMMAND GETKEYSANDFLAGS command [arg ...]
fn command_getkeysandflags(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    getkeys_generic(ctx, args, true)
}

/// COMMAND HELP
fn command_help(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    reply_help(
        &mut ctx.out,
        "COMMAND",
        &[
            "(no subcommand)",
            "    Return details about all Redis commands.",
            "COUNT",
            "    Return the total number of commands in this Redis server.",
            "LIST",
            "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]",
            "    Return details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "DOCS [<command-name> ...]",
            "    Return documentation details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "GETKEYS <full-command>",
            "    Return the keys from a full Redis command.",
            "GETKEYSANDFLAGS <full-command>",
            "    Return the keys and the access flags from a full Redis command.",
        ],
    );
    Ok(())
}

const SUB: u32 = LOADING | STALE;

/// The COMMAND container's slice of the command table (group server).
pub const COMMANDS: &[CommandSpec] = &[CommandSpec {
    flags: LOADING | STALE,
    summary: "Returns detailed information about all commands.",
    since: "2.8.13",
    handler: Some(command),
    subcommands: &[
        CommandSpec {
            flags: SUB,
            summary: "Returns a count of commands.",
            since: "2.8.13",
            handler: Some(command_count),
            ..CommandSpec::base("count", 2, Group::Server)
        },
        CommandSpec {
            flags: SUB,
            summary: "Returns documentary information about one, multiple or all commands.",
            since: "7.0.0",
            syntax: "[command-name [command-name ...]]",
            handler: Some(command_docs),
            ..CommandSpec::base("docs", -2, Group::Server)
        },
        CommandSpec {
            flags: SUB,
            summary: "Extract keys given a full Redis command",
            since: "2.8.13",
            syntax: "command [arg [arg ...]]",
            handler: Some(command_getkeys),
            ..CommandSpec::base("getkeys", -4, Group::Server)
        },
        CommandSpec {
            flags: SUB,
            summary: "Extract keys and access flags given a full Redis command",
            since: "7.0.0",
            syntax: "command [arg [arg ...]]",
            handler: Some(command_getkeysandflags),
            ..CommandSpec::base("getkeysandflags", -4, Group::Server)
        },
        CommandSpec {
            flags: SUB,
            summary: "Returns helpful text about the different subcommands.",
            since: "5.0.0",
            handler: Some(command_help),
            ..CommandSpec::base("help", 2, Group::Server)
        },
        CommandSpec {
            flags: SUB,
            summary: "Returns information about one, multiple or all commands.",
            since: "2.8.13",
            syntax: "[command-name [command-name ...]]",
            handler: Some(command_info),
            ..CommandSpec::base("info", -2, Group::Server)
        },
        CommandSpec {
            flags: SUB,
            summary: "Returns a list of command names.",
            since: "7.0.0",
            syntax: "[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]",
            handler: Some(command_list),
            ..CommandSpec::base("list", -2, Group::Server)
        },
    ],
    ..CommandSpec::base("command", -1, Group::Server)
}];
