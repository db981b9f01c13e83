//! Server commands: INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, CONFIG.
//!
//! INFO reports real figures where redlet has them (clients, blocked clients, uptime from
//! `ctx.now - state.started`, commands processed, connections, expired keys, hits/misses,
//! net bytes, keyspace with exact `avg_ttl`, config values, per-command calls) and Redis's
//! idle-server constants elsewhere (CPU, replication offsets, persistence status).
//! `used_memory` is an estimate from the data (see [`used_memory`]); there is no allocator to
//! ask in a sans-IO core that also runs in the browser.

use super::{flags::*, reply_help, Args, CommandSpec, Ctx, Group};
use crate::error::{CmdError, CmdResult};
use crate::keyspace::{Db, Value};
use crate::Millis;

/// Bytes Redis 7.0 reports as `used_memory_startup` on an empty server.
const STARTUP_MEMORY: u64 = 866_000;

/// Estimated bytes held by one value: payload plus per-element overheads similar to
/// Redis's encodings (16 bytes per list element, 64 per small stream entry, 64 for types this
/// estimate does not know yet).
fn value_size(v: &Value) -> u64 {
    #[allow(unreachable_patterns)] // other value types join the enum later
    match v {
        Value::String(s) => s.len() as u64 + 16,
        Value::List(l) => l.iter().map(|e| e.len() as u64 + 16).sum::<u64>() + 32,
        // Streams are packed in listpack nodes; ~64 bytes per small entry is what Redis's
        // used_memory grows by for `XADD s * field value`-sized entries.
        Value::Stream(st) => st.len() * 64 + st.node_count() as u64 * 32 + 64,
        _ => 64,
    }
}

/// `used_memory` estimate: a fixed startup figure plus, per key, the key and value bytes and
/// 56 bytes of dict entry and object headers (24 more with an expiry).
pub fn used_memory(dbs: &[Db]) -> u64 {
    let mut total = STARTUP_MEMORY;
    for db in dbs {
        for (k, e) in db.iter() {
            total += 56 + k.len() as u64 + value_size(&e.value);
            if e.expire().is_some() {
                total += 24;
            }
        }
    }
    total
}

/// Redis's `bytesToHuman`.
fn human(n: u64) -> String {
    let d = n as f64;
    const K: f64 = 1024.0;
    if d < K {
        format!("{n}B")
    } else if d < K * K {
        format!("{:.2}K", d / K)
    } else if d < K * K * K {
        format!("{:.2}M", d / (K * K))
    } else if d < K * K * K * K {
        format!("{:.2}G", d / (K * K * K))
    } else {
        format!("{:.2}T", d / (K * K * K * K))
    }
}

/// A deterministic 40-hex-digit id (run_id, master_replid) from the seed and start time.
fn hex_id(seed: u64, started: Millis) -> String {
    let mut rng = crate::server::Rng::new(seed ^ started.rotate_left(17));
    (0..5)
        .map(|_| format!("{:08x}", rng.next_u64() as u32))
        .collect()
}

const DEFAULT_SECTIONS: &[&str] = &[
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "cpu",
    "modules",
    "errorstats",
    "cluster",
    "keyspace",
];

/// Builds the INFO text for the requested section names (lower-case).
fn info_text(ctx: &Ctx<'_>, wanted: &[String]) -> String {
    let mut sections: Vec<&str> = Vec::new();
    let mut add = |s: &'static str| {
        if !sections.contains(&s) {
            sections.push(s);
        }
    };
    for w in wanted {
        match w.as_str() {
            "default" => DEFAULT_SECTIONS.iter().for_each(|s| add(s)),
            "all" | "everything" => {
                for s in DEFAULT_SECTIONS {
                    if *s == "keyspace" {
                        add("commandstats");
                        add("latencystats");
                    }
                    add(s);
                }
            }
            other => {
                let all = [
                    "server",
                    "clients",
                    "memory",
                    "persistence",
                    "stats",
                    "replication",
                    "cpu",
                    "modules",
                    "commandstats",
                    "errorstats",
                    "latencystats",
                    "cluster",
                    "keyspace",
                ];
                if let Some(s) = all.iter().find(|s| **s == other) {
                    add(s);
                }
            }
        }
    }
    // Redis prints sections in its own order whatever order they were asked in.
    let order = [
        "server",
        "clients",
        "memory",
        "persistence",
        "stats",
        "replication",
        "cpu",
        "modules",
        "commandstats",
        "errorstats",
        "latencystats",
        "cluster",
        "keyspace",
    ];
    let st = &*ctx.state;
    let cfg = &st.config;
    let uptime = ctx.now.saturating_sub(st.started) / 1000;
    let mut out = String::new();
    for name in order.iter().filter(|n| sections.contains(n)) {
        if !out.is_empty() {
            out.push_str("\r\n");
        }
        let mut lines: Vec<String> = Vec::new();
        let mut kv = |k: &str, v: String| lines.push(format!("{k}:{v}"));
        let title = match *name {
            "server" => {
                kv("redis_version", cfg.redis_version.clone());
                kv("redis_git_sha1", "00000000".into());
                kv("redis_git_dirty", "0".into());
                kv("redis_build_id", "0".into());
                kv("redis_mode", "standalone".into());
                kv("os", "redlet".into());
                kv("arch_bits", (usize::BITS).to_string());
                kv("monotonic_clock", "redlet".into());
                kv("multiplexing_api", "redlet".into());
                kv("atomicvar_api", "c11-builtin".into());
                kv("gcc_version", "0.0.0".into());
                kv("process_id", cfg.process_id.to_string());
                kv("process_supervised", "no".into());
                kv("run_id", hex_id(cfg.seed, st.started));
                kv("tcp_port", cfg.tcp_port.to_string());
                kv("server_time_usec", (ctx.now * 1000).to_string());
                kv("uptime_in_seconds", uptime.to_string());
                kv("uptime_in_days", (uptime / 86400).to_string());
                kv("hz", cfg.hz.to_string());
                kv("configured_hz", cfg.hz.to_string());
                kv("lru_clock", ((ctx.now / 1000) & 0xFF_FFFF).to_string());
                kv("executable", String::new());
                kv("config_file", String::new());
                kv("io_threads_active", "0".into());
                "Server"
            }
            "clients" => {
                kv("connected_clients", (st.clients.len() + 1).to_string());
                kv("cluster_connections", "0".into());
                kv("maxclients", cfg.maxclients.to_string());
                kv("client_recent_max_input_buffer", "0".into());
                kv("client_recent_max_output_buffer", "0".into());
                kv("blocked_clients", st.waiters.len().to_string());
                kv("tracking_clients", "0".into());
                kv("clients_in_timeout_table", st.waiters.len().to_string());
                "Clients"
            }
            "memory" => {
                let used = used_memory(&st.dbs);
                let maxmemory = crate::config::find_param("maxmemory")
                    .map(|p| cfg.get_param(p))
                    .unwrap_or_default();
                let policy = crate::config::find_param("maxmemory-policy")
                    .map(|p| cfg.get_param(p))
                    .unwrap_or_default();
                let maxmem: u64 = maxmemory.parse().unwrap_or(0);
                let dataset = used - STARTUP_MEMORY;
                kv("used_memory", used.to_string());
                kv("used_memory_human", human(used));
                kv("used_memory_rss", used.to_string());
                kv("used_memory_rss_human", human(used));
                kv("used_memory_peak", used.to_string());
                kv("used_memory_peak_human", human(used));
                kv("used_memory_peak_perc", "100.00%".into());
                kv("used_memory_overhead", STARTUP_MEMORY.to_string());
                kv("used_memory_startup", STARTUP_MEMORY.to_string());
                kv("used_memory_dataset", dataset.to_string());
                kv(
                    "used_memory_dataset_perc",
                    format!("{:.2}%", dataset as f64 * 100.0 / used as f64),
                );
                kv("total_system_memory", "0".into());
                kv("total_system_memory_human", "0B".into());
                kv("maxmemory", maxmem.to_string());
                kv("maxmemory_human", human(maxmem));
                kv("maxmemory_policy", policy);
                kv("mem_fragmentation_ratio", "1.00".into());
                kv("mem_allocator", "redlet".into());
                kv("lazyfree_pending_objects", "0".into());
                "Memory"
            }
            "persistence" => {
                kv(
                    "loading",
                    if st.persistence.loading { "1" } else { "0" }.into(),
                );
                kv("async_loading", "0".into());
                // From `crate::persistence` (SAVE / BGSAVE bookkeeping).
                let p = &st.persist;
                kv("rdb_changes_since_last_save", st.dirty.to_string());
                let running = p.bgsave_started.is_some();
                kv("rdb_bgsave_in_progress", u8::from(running).to_string());
                kv("rdb_last_save_time", (p.last_save / 1000).to_string());
                let rdb_status = if p.last_bgsave_failed { "err" } else { "ok" };
                kv("rdb_last_bgsave_status", rdb_status.into());
                let last = p.last_bgsave_secs.map_or(-1, |s| s as i64);
                kv("rdb_last_bgsave_time_sec", last.to_string());
                let current = p
                    .bgsave_started
                    .map_or(-1, |t| (ctx.now.saturating_sub(t) / 1000) as i64);
                kv("rdb_current_bgsave_time_sec", current.to_string());
                kv("rdb_saves", p.saves.to_string());
                kv("rdb_last_load_keys_expired", p.last_load.1.to_string());
                kv("rdb_last_load_keys_loaded", p.last_load.0.to_string());
                // AOF status, filled in by the runtime, which owns the files.
                let p = &st.persistence;
                let flag = |b: bool| if b { "1" } else { "0" }.to_string();
                let status = |ok: bool| if ok { "ok" } else { "err" }.to_string();
                kv("aof_enabled", flag(p.aof_enabled));
                kv("aof_rewrite_in_progress", flag(p.aof_rewrite_in_progress));
                kv("aof_rewrite_scheduled", "0".into());
                kv(
                    "aof_last_rewrite_time_sec",
                    p.aof_last_rewrite_time_sec.to_string(),
                );
                let current = p
                    .aof_rewrite_started
                    .map_or(-1, |t| (ctx.now.saturating_sub(t) / 1000) as i64);
                kv("aof_current_rewrite_time_sec", current.to_string());
                kv("aof_last_bgrewrite_status", status(p.aof_last_bgrewrite_ok));
                kv("aof_rewrites", p.aof_rewrites.to_string());
                kv("aof_last_write_status", status(p.aof_last_write_ok));
                if p.aof_enabled {
                    kv("aof_current_size", p.aof_current_size.to_string());
                    kv("aof_base_size", p.aof_base_size.to_string());
                    kv("aof_pending_rewrite", "0".into());
                    kv("aof_buffer_length", "0".into());
                    kv("aof_pending_bio_fsync", "0".into());
                    kv("aof_delayed_fsync", "0".into());
                }
                "Persistence"
            }
            "stats" => {
                let s = &st.stats;
                kv(
                    "total_connections_received",
                    s.connections_received.to_string(),
                );
                kv("total_commands_processed", s.commands_processed.to_string());
                kv("instantaneous_ops_per_sec", "0".into());
                kv("total_net_input_bytes", s.net_input_bytes.to_string());
                kv("total_net_output_bytes", s.net_output_bytes.to_string());
                kv("instantaneous_input_kbps", "0.00".into());
                kv("instantaneous_output_kbps", "0.00".into());
                kv("rejected_connections", s.rejected_connections.to_string());
                kv("sync_full", "0".into());
                kv("sync_partial_ok", "0".into());
                kv("sync_partial_err", "0".into());
                kv("expired_keys", s.expired_keys.to_string());
                kv("expired_stale_perc", "0.00".into());
                kv("expired_time_cap_reached_count", "0".into());
                kv("evicted_keys", "0".into());
                kv("evicted_clients", "0".into());
                kv("keyspace_hits", s.keyspace_hits.to_string());
                kv("keyspace_misses", s.keyspace_misses.to_string());
                kv("pubsub_channels", st.pubsub.channel_count().to_string());
                kv("pubsub_patterns", st.pubsub.numpat().to_string());
                kv("pubsubshard_channels", "0".into());
                kv("latest_fork_usec", "0".into());
                kv("total_forks", "0".into());
                kv("unexpected_error_replies", "0".into());
                kv("total_error_replies", s.error_replies.to_string());
                "Stats"
            }
            "replication" => {
                kv("role", "master".into());
                kv("connected_slaves", "0".into());
                kv("master_failover_state", "no-failover".into());
                kv("master_replid", hex_id(cfg.seed ^ 1, st.started));
                kv("master_replid2", "0".repeat(40));
                kv("master_repl_offset", "0".into());
                kv("second_repl_offset", "-1".into());
                kv("repl_backlog_active", "0".into());
                kv("repl_backlog_size", "1048576".into());
                kv("repl_backlog_first_byte_offset", "0".into());
                kv("repl_backlog_histlen", "0".into());
                "Replication"
            }
            "cpu" => {
                for k in [
                    "used_cpu_sys",
                    "used_cpu_user",
                    "used_cpu_sys_children",
                    "used_cpu_user_children",
                    "used_cpu_sys_main_thread",
                    "used_cpu_user_main_thread",
                ] {
                    kv(k, "0.000000".into());
                }
                "CPU"
            }
            "modules" => "Modules",
            "commandstats" => {
                for (name, calls, failed) in st.stats.per_command.called() {
                    kv(
                        &format!("cmdstat_{name}"),
                        format!(
                            "calls={calls},usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls={failed}"
                        ),
                    );
                }
                "Commandstats"
            }
            "errorstats" => "Errorstats",
            "latencystats" => "Latencystats",
            "cluster" => {
                kv("cluster_enabled", "0".into());
                "Cluster"
            }
            _ => {
                for (i, db) in st.dbs.iter().enumerate() {
                    if db.is_empty() {
                        continue;
                    }
                    let (mut sum, mut n) = (0u64, 0u64);
                    for (_, e) in db.iter() {
                        if let Some(t) = e.expire() {
                            sum += t.saturating_sub(ctx.now);
                            n += 1;
                        }
                    }
                    let avg = sum.checked_div(n).unwrap_or(0);
                    kv(
                        &format!("db{i}"),
                        format!(
                            "keys={},expires={},avg_ttl={avg}",
                            db.len(),
                            db.volatile_len()
                        ),
                    );
                }
                "Keyspace"
            }
        };
        out.push_str(&format!("# {title}\r\n"));
        for l in lines {
            out.push_str(&l);
            out.push_str("\r\n");
        }
    }
    out
}

/// INFO [section ...]: the report as a bulk string (RESP2) or a `txt` verbatim string (RESP3).
fn info(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let mut wanted: Vec<String> = Vec::new();
    while let Some(a) = args.peek() {
        args.seek(args.position() + 1);
        wanted.push(String::from_utf8_lossy(a).to_ascii_lowercase());
    }
    if wanted.is_empty() {
        wanted.push("default".into());
    }
    let text = info_text(ctx, &wanted);
    ctx.out.verbatim(text.as_bytes(), "txt");
    Ok(())
}

/// DBSIZE
fn dbsize(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    let n = ctx.db().len();
    ctx.out.int(n as i64);
    Ok(())
}

/// The optional ASYNC | SYNC of FLUSHDB / FLUSHALL (both flush at once here).
fn flush_mode(args: &mut Args<'_>) -> CmdResult {
    if args.remaining() > 1 || (!args.done() && !args.eat("ASYNC") && !args.eat("SYNC")) {
        return Err(CmdError::Borrowed(crate::error::SYNTAX));
    }
    Ok(())
}

/// Empties database `db`, counting its keys as changes.
fn flush_db(ctx: &mut Ctx<'_>, db: usize) {
    // WATCHes of keys present in the flushed database break (Redis's `signalFlushedDb`).
    ctx.state.touch_all_watched_in_db(db, None, ctx.now);
    let n = ctx.state.dbs[db].len() as u64;
    ctx.state.dbs[db].clear();
    ctx.state.dirty += n;
}

/// FLUSHDB [ASYNC | SYNC]
fn flushdb(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    flush_mode(args)?;
    flush_db(ctx, ctx.client.db);
    ctx.out.ok();
    if ctx.propagating() {
        // Propagated even when the database was already empty (Redis forces it).
        ctx.propagate(args.to_vec());
    }
    Ok(())
}

/// FLUSHALL [ASYNC | SYNC]
fn flushall(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    flush_mode(args)?;
    for i in 0..ctx.state.dbs.len() {
        flush_db(ctx, i);
    }
    // Redis counts FLUSHALL itself as a change (it triggers a save).
    ctx.state.dirty += 1;
    ctx.out.ok();
    Ok(())
}

/// TIME: seconds and microseconds of `ctx.now`, as bulk strings.
fn time(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.out.array(2);
    ctx.out.bulk_int((ctx.now / 1000) as i64);
    ctx.out.bulk_int(((ctx.now % 1000) * 1000) as i64);
    Ok(())
}

/// CONFIG GET parameter [parameter ...]: name/value pairs (a map in RESP3).
fn config_get(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let patterns: Vec<&[u8]> = (args.position()..args.len()).map(|i| args.get(i)).collect();
    let found = ctx.state.config.get_params(&patterns);
    ctx.out.map(found.len());
    for (k, v) in found {
        ctx.out.bulk(k.as_bytes());
        ctx.out.bulk(v.as_bytes());
    }
    Ok(())
}

/// CONFIG SET parameter value [parameter value ...]: all or nothing.
fn config_set(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    if args.remaining() % 2 != 0 {
        return Err(CmdError::Borrowed(crate::error::SYNTAX));
    }
    let mut pairs = Vec::new();
    while !args.done() {
        let name = args.next_arg()?;
        let value = args.next_arg()?;
        pairs.push((name, value));
    }
    let aof_on = |c: &crate::Config| c.extra.get("appendonly").is_some_and(|v| v == "yes");
    let was_on = aof_on(&ctx.state.config);
    ctx.state
        .config
        .config_set(&pairs)
        .map_err(CmdError::Owned)?;
    let is_on = aof_on(&ctx.state.config);
    if was_on != is_on {
        // The runtime owns the files: it starts the AOF (with a rewrite) or stops it.
        let reqs = &mut ctx.state.persistence.requests;
        reqs.push(crate::server::RuntimeRequest::AppendOnly(is_on));
        if is_on {
            ctx.state.persistence.aof_rewrite_in_progress = true;
            ctx.state.persistence.aof_rewrite_started = Some(ctx.now);
        }
    }
    ctx.out.ok();
    Ok(())
}

/// BGREWRITEAOF: asks the runtime to write a new, compact AOF base (see `crate::aof`).
fn bgrewriteaof(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    let p = &mut ctx.state.persistence;
    if p.aof_rewrite_in_progress {
        return Err(CmdError::Borrowed(crate::error::AOF_REWRITE_IN_PROGRESS));
    }
    p.aof_rewrite_in_progress = true;
    p.aof_rewrite_started = Some(ctx.now);
    p.requests.push(crate::server::RuntimeRequest::RewriteAof);
    ctx.out
        .simple("Background append only file rewriting started");
    Ok(())
}

/// CONFIG RESETSTAT: zeroes INFO's counters.
fn config_resetstat(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    ctx.state.stats = crate::server::Stats::default();
    ctx.out.ok();
    Ok(())
}

/// CONFIG REWRITE: asks the runtime to rewrite the configuration file it loaded (see
/// `Config::rewrite_file`); the client's reply waits for it, as for SAVE.
fn config_rewrite(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    if ctx.state.config.config_file.is_none() {
        return Err(CmdError::Borrowed(
            "ERR The server is running without a config file",
        ));
    }
    if !ctx.state.persist.enabled {
        return Err(crate::error::NO_PERSISTENCE.into());
    }
    let client = ctx.client.id;
    ctx.state.persist.request(
        crate::persistence::Event::ConfigRewrite { client },
        Some(client),
    );
    Ok(())
}

/// CONFIG HELP
fn config_help(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    reply_help(
        &mut ctx.out,
        "CONFIG",
        &[
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.",
        ],
    );
    Ok(())
}

const CONFIG_SUB: u32 = ADMIN | NOSCRIPT | LOADING | STALE;

/// MONITOR: from now on the client receives a line for every command the server runs
/// (see `State::feed_monitors`). A second MONITOR is ignored without a reply, as in Redis.
fn monitor(ctx: &mut Ctx<'_>, _args: &mut Args<'_>) -> CmdResult {
    if ctx.client.deny_blocking {
        return Err(CmdError::Borrowed(crate::error::MONITOR_DENY_BLOCKING));
    }
    let id = ctx.client.id;
    if !ctx.state.monitors.contains(&id) {
        ctx.state.monitors.push(id);
        ctx.out.ok();
    }
    Ok(())
}

/// The server group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: ADMIN | NOSCRIPT | LOADING | STALE,
        summary: "Listen for all requests received by the server in real time",
        handler: Some(monitor),
        ..CommandSpec::base("monitor", 1, Group::Server)
    },
    CommandSpec {
        flags: LOADING | STALE,
        summary: "Returns information and statistics about the server.",
        syntax: "[section [section ...]]",
        handler: Some(info),
        ..CommandSpec::base("info", -1, Group::Server)
    },
    CommandSpec {
        flags: READONLY | FAST,
        summary: "Returns the number of keys in the database.",
        handler: Some(dbsize),
        ..CommandSpec::base("dbsize", 1, Group::Server)
    },
    CommandSpec {
        flags: ADMIN | NOSCRIPT,
        summary: "Asynchronously rewrite the append-only file",
        handler: Some(bgrewriteaof),
        ..CommandSpec::base("bgrewriteaof", 1, Group::Server)
    },
    CommandSpec {
        flags: WRITE,
        summary: "Removes all keys from the current database.",
        syntax: "[ASYNC | SYNC]",
        handler: Some(flushdb),
        ..CommandSpec::base("flushdb", -1, Group::Server)
    },
    CommandSpec {
        flags: WRITE,
        summary: "Removes all keys from all databases.",
        syntax: "[ASYNC | SYNC]",
        handler: Some(flushall),
        ..CommandSpec::base("flushall", -1, Group::Server)
    },
    CommandSpec {
        flags: LOADING | STALE | FAST,
        summary: "Returns the server time.",
        since: "2.6.0",
        handler: Some(time),
        ..CommandSpec::base("time", 1, Group::Server)
    },
    CommandSpec {
        summary: "A container for server configuration commands.",
        since: "2.0.0",
        subcommands: &[
            CommandSpec {
                flags: CONFIG_SUB,
                summary: "Returns the effective values of configuration parameters.",
                since: "2.0.0",
                syntax: "parameter [parameter ...]",
                handler: Some(config_get),
                ..CommandSpec::base("get", -3, Group::Server)
            },
            CommandSpec {
                flags: LOADING | STALE,
                summary: "Returns helpful text about the different subcommands.",
                since: "5.0.0",
                handler: Some(config_help),
                ..CommandSpec::base("help", 2, Group::Server)
            },
            CommandSpec {
                flags: CONFIG_SUB,
                summary: "Resets the server's statistics.",
                since: "2.0.0",
                handler: Some(config_resetstat),
                ..CommandSpec::base("resetstat", 2, Group::Server)
            },
            CommandSpec {
                flags: CONFIG_SUB,
                summary: "Persists the effective configuration to file.",
                since: "2.8.0",
                handler: Some(config_rewrite),
                ..CommandSpec::base("rewrite", 2, Group::Server)
            },
            CommandSpec {
                flags: CONFIG_SUB,
                summary: "Sets configuration parameters in-flight.",
                since: "2.0.0",
                syntax: "parameter value [parameter value ...]",
                handler: Some(config_set),
                ..CommandSpec::base("set", -4, Group::Server)
            },
        ],
        ..CommandSpec::base("config", -2, Group::Server)
    },
];
