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
use crate::keyspace::long_double::format_fixed;
use crate::keyspace::{Db, ReadCounts, Value};
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

/// Redis's `bytesToHuman`. Dividing by 1024 is exact in binary floating point, so dividing
/// step by step gives the same figures as dividing by the unit's power at once.
fn human(n: u64) -> String {
    if n < 1024 {
        let mut w = Info(String::new());
        w.u(n);
        w.s("B");
        return w.0;
    }
    let mut d = n as f64 / 1024.0;
    let mut unit = 0;
    while d >= 1024.0 && unit < 3 {
        d /= 1024.0;
        unit += 1;
    }
    format_fixed(d, 2) + ["K", "M", "G", "T"][unit]
}

/// A deterministic 40-hex-digit id (run_id, master_replid) from the seed and start time.
#[inline(never)]
fn hex_id(w: &mut Info, seed: u64, started: Millis) {
    let mut rng = crate::server::Rng::new(seed ^ started.rotate_left(17));
    for _ in 0..5 {
        let v = rng.next_u64() as u32;
        for shift in (0..8).rev() {
            w.0.push(char::from(
                b"0123456789abcdef"[(v >> (shift * 4)) as usize & 15],
            ));
        }
    }
}

/// The current value of configuration parameter `name`, as CONFIG GET prints it.
#[inline(never)]
fn param_value(cfg: &crate::Config, name: &str) -> String {
    crate::config::find_param(name)
        .map(|p| cfg.get_param(p))
        .unwrap_or_default()
}

/// INFO's section names in Redis's print order (whatever order they were asked in), with the
/// title each prints.
const SECTIONS: [(&str, &str); 13] = [
    ("server", "Server"),
    ("clients", "Clients"),
    ("memory", "Memory"),
    ("persistence", "Persistence"),
    ("stats", "Stats"),
    ("replication", "Replication"),
    ("cpu", "CPU"),
    ("modules", "Modules"),
    ("commandstats", "Commandstats"),
    ("errorstats", "Errorstats"),
    ("latencystats", "Latencystats"),
    ("cluster", "Cluster"),
    ("keyspace", "Keyspace"),
];

/// The sections `INFO` / `INFO default` prints: all but commandstats and latencystats.
const DEFAULT_MASK: u16 = 0x1fff & !(1 << 8) & !(1 << 10);

/// The INFO text being written: one shared, non-generic writer per kind of field keeps the
/// many fields from each inlining their own formatting.
struct Info(String);

impl Info {
    #[inline(never)]
    fn s(&mut self, t: &str) {
        self.0.push_str(t);
    }

    /// `v` in decimal.
    #[inline(never)]
    fn u(&mut self, v: u64) {
        let mut buf = [0u8; 20];
        let i = crate::resp::digits_at_end(&mut buf, v);
        self.s(std::str::from_utf8(&buf[i..]).unwrap_or_default());
    }

    /// `key` (with its colon), then `v`, then the line end.
    #[inline(never)]
    fn kv(&mut self, key: &str, v: &str) {
        self.s(key);
        self.s(v);
        self.s("\r\n");
    }

    /// `key` (with its colon), then `v` in decimal, then the line end.
    #[inline(never)]
    fn num(&mut self, key: &str, v: u64) {
        self.s(key);
        self.u(v);
        self.s("\r\n");
    }

    /// `key` (with its colon), then `v` in decimal, then the line end.
    #[inline(never)]
    fn int(&mut self, key: &str, v: i64) {
        self.s(key);
        if v < 0 {
            self.s("-");
        }
        self.u(v.unsigned_abs());
        self.s("\r\n");
    }

    /// Seconds since `started`, or -1 when nothing runs.
    #[inline(never)]
    fn elapsed(&mut self, key: &str, now: Millis, started: Option<Millis>) {
        match started {
            Some(t) => self.num(key, now.saturating_sub(t) / 1000),
            None => self.kv(key, "-1"),
        }
    }
}

/// Builds the INFO text for the sections in `mask` (bits indexing [`SECTIONS`]).
fn info_text(ctx: &Ctx<'_>, mask: u16) -> String {
    let st = &*ctx.state;
    let cfg = &st.config;
    let now = ctx.now;
    let uptime = now.saturating_sub(st.started) / 1000;
    let mut w = Info(String::new());
    for (i, (_, title)) in SECTIONS.iter().enumerate() {
        if mask & (1 << i) == 0 {
            continue;
        }
        if !w.0.is_empty() {
            w.s("\r\n");
        }
        w.s("# ");
        w.s(title);
        w.s("\r\n");
        match i {
            0 => {
                w.kv("redis_version:", &cfg.redis_version);
                w.s(concat!(
                    "redis_git_sha1:00000000\r\n",
                    "redis_git_dirty:0\r\n",
                    "redis_build_id:0\r\n",
                    "redis_mode:standalone\r\n",
                    "os:redlet\r\n",
                ));
                w.num("arch_bits:", u64::from(usize::BITS));
                w.s(concat!(
                    "monotonic_clock:redlet\r\n",
                    "multiplexing_api:redlet\r\n",
                    "atomicvar_api:c11-builtin\r\n",
                    "gcc_version:0.0.0\r\n",
                ));
                w.num("process_id:", u64::from(cfg.process_id));
                w.s("process_supervised:no\r\nrun_id:");
                hex_id(&mut w, cfg.seed, st.started);
                w.s("\r\n");
                w.num("tcp_port:", u64::from(cfg.tcp_port));
                w.num("server_time_usec:", now * 1000);
                w.num("uptime_in_seconds:", uptime);
                w.num("uptime_in_days:", uptime / 86400);
                w.num("hz:", u64::from(cfg.hz));
                w.num("configured_hz:", u64::from(cfg.hz));
                w.num("lru_clock:", (now / 1000) & 0xFF_FFFF);
                w.s("executable:\r\nconfig_file:\r\nio_threads_active:0\r\n");
            }
            1 => {
                w.num("connected_clients:", st.clients.len() as u64 + 1);
                w.s("cluster_connections:0\r\n");
                w.num("maxclients:", cfg.maxclients as u64);
                w.s(concat!(
                    "client_recent_max_input_buffer:0\r\n",
                    "client_recent_max_output_buffer:0\r\n",
                ));
                w.num("blocked_clients:", st.waiters.len() as u64);
                w.s("tracking_clients:0\r\n");
                w.num("clients_in_timeout_table:", st.waiters.len() as u64);
            }
            2 => {
                let param = |name| param_value(cfg, name);
                let used = used_memory(&st.dbs);
                let maxmem: u64 = param("maxmemory").parse().unwrap_or(0);
                let dataset = used - STARTUP_MEMORY;
                let used_human = human(used);
                for key in ["used_memory", "used_memory_rss", "used_memory_peak"] {
                    w.s(key);
                    w.num(":", used);
                    w.s(key);
                    w.kv("_human:", &used_human);
                }
                w.s("used_memory_peak_perc:100.00%\r\n");
                w.num("used_memory_overhead:", STARTUP_MEMORY);
                w.num("used_memory_startup:", STARTUP_MEMORY);
                w.num("used_memory_dataset:", dataset);
                let perc = format_fixed(dataset as f64 * 100.0 / used as f64, 2) + "%";
                w.kv("used_memory_dataset_perc:", &perc);
                w.s("total_system_memory:0\r\ntotal_system_memory_human:0B\r\n");
                w.num("maxmemory:", maxmem);
                w.kv("maxmemory_human:", &human(maxmem));
                w.kv("maxmemory_policy:", &param("maxmemory-policy"));
                w.s(concat!(
                    "mem_fragmentation_ratio:1.00\r\n",
                    "mem_allocator:redlet\r\n",
                    "lazyfree_pending_objects:0\r\n",
                ));
            }
            3 => {
                let ok = |b: bool| if b { "ok" } else { "err" };
                let a = &st.persistence;
                let p = &st.persist;
                w.num("loading:", u64::from(a.loading));
                w.s("async_loading:0\r\n");
                // From `crate::persistence` (SAVE / BGSAVE bookkeeping).
                w.num("rdb_changes_since_last_save:", st.dirty);
                w.num(
                    "rdb_bgsave_in_progress:",
                    u64::from(p.bgsave_started.is_some()),
                );
                w.num("rdb_last_save_time:", p.last_save / 1000);
                w.kv("rdb_last_bgsave_status:", ok(!p.last_bgsave_failed));
                match p.last_bgsave_secs {
                    Some(s) => w.int("rdb_last_bgsave_time_sec:", s as i64),
                    None => w.s("rdb_last_bgsave_time_sec:-1\r\n"),
                }
                w.elapsed("rdb_current_bgsave_time_sec:", now, p.bgsave_started);
                w.num("rdb_saves:", p.saves);
                w.num("rdb_last_load_keys_expired:", p.last_load.1);
                w.num("rdb_last_load_keys_loaded:", p.last_load.0);
                // AOF status, filled in by the runtime, which owns the files.
                w.num("aof_enabled:", u64::from(a.aof_enabled));
                w.num(
                    "aof_rewrite_in_progress:",
                    u64::from(a.aof_rewrite_in_progress),
                );
                w.s("aof_rewrite_scheduled:0\r\n");
                w.int("aof_last_rewrite_time_sec:", a.aof_last_rewrite_time_sec);
                w.elapsed("aof_current_rewrite_time_sec:", now, a.aof_rewrite_started);
                w.kv("aof_last_bgrewrite_status:", ok(a.aof_last_bgrewrite_ok));
                w.num("aof_rewrites:", a.aof_rewrites);
                w.kv("aof_last_write_status:", ok(a.aof_last_write_ok));
                if a.aof_enabled {
                    w.num("aof_current_size:", a.aof_current_size);
                    w.num("aof_base_size:", a.aof_base_size);
                    w.s(concat!(
                        "aof_pending_rewrite:0\r\n",
                        "aof_buffer_length:0\r\n",
                        "aof_pending_bio_fsync:0\r\n",
                        "aof_delayed_fsync:0\r\n",
                    ));
                }
            }
            4 => {
                let s = &st.stats;
                w.num("total_connections_received:", s.connections_received);
                w.num("total_commands_processed:", s.commands_processed);
                w.s("instantaneous_ops_per_sec:0\r\n");
                w.num("total_net_input_bytes:", s.net_input_bytes);
                w.num("total_net_output_bytes:", s.net_output_bytes);
                w.s(concat!(
                    "instantaneous_input_kbps:0.00\r\n",
                    "instantaneous_output_kbps:0.00\r\n",
                ));
                w.num("rejected_connections:", s.rejected_connections);
                w.s("sync_full:0\r\nsync_partial_ok:0\r\nsync_partial_err:0\r\n");
                w.num("expired_keys:", s.expired_keys);
                w.s(concat!(
                    "expired_stale_perc:0.00\r\n",
                    "expired_time_cap_reached_count:0\r\n",
                    "evicted_keys:0\r\n",
                    "evicted_clients:0\r\n",
                ));
                let reads = st.keyspace_reads();
                w.num("keyspace_hits:", reads.hits);
                w.num("keyspace_misses:", reads.misses);
                w.num("pubsub_channels:", st.pubsub.channel_count() as u64);
                w.num("pubsub_patterns:", st.pubsub.numpat() as u64);
                w.s(concat!(
                    "pubsubshard_channels:0\r\n",
                    "latest_fork_usec:0\r\n",
                    "total_forks:0\r\n",
                    "unexpected_error_replies:0\r\n",
                ));
                w.num("total_error_replies:", s.error_replies);
            }
            5 => {
                w.s(concat!(
                    "role:master\r\n",
                    "connected_slaves:0\r\n",
                    "master_failover_state:no-failover\r\n",
                    "master_replid:",
                ));
                hex_id(&mut w, cfg.seed ^ 1, st.started);
                w.s(concat!(
                    "\r\nmaster_replid2:0000000000000000000000000000000000000000\r\n",
                    "master_repl_offset:0\r\n",
                    "second_repl_offset:-1\r\n",
                    "repl_backlog_active:0\r\n",
                    "repl_backlog_size:1048576\r\n",
                    "repl_backlog_first_byte_offset:0\r\n",
                    "repl_backlog_histlen:0\r\n",
                ));
            }
            6 => {
                for k in [
                    "used_cpu_sys",
                    "used_cpu_user",
                    "used_cpu_sys_children",
                    "used_cpu_user_children",
                    "used_cpu_sys_main_thread",
                    "used_cpu_user_main_thread",
                ] {
                    w.kv(k, ":0.000000");
                }
            }
            8 => {
                for (name, calls, failed) in st.stats.per_command.called() {
                    w.s("cmdstat_");
                    w.s(name);
                    w.s(":calls=");
                    w.u(calls);
                    w.num(
                        ",usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=",
                        failed,
                    );
                }
            }
            11 => w.s("cluster_enabled:0\r\n"),
            12 => {
                for (i, db) in st.dbs.iter().enumerate() {
                    if db.is_empty() {
                        continue;
                    }
                    let (mut sum, mut n) = (0u64, 0u64);
                    for (_, e) in db.iter() {
                        if let Some(t) = e.expire() {
                            sum += t.saturating_sub(now);
                            n += 1;
                        }
                    }
                    w.s("db");
                    w.u(i as u64);
                    w.s(":keys=");
                    w.u(db.len() as u64);
                    w.s(",expires=");
                    w.u(db.volatile_len() as u64);
                    w.num(",avg_ttl=", sum.checked_div(n).unwrap_or(0));
                }
            }
            // modules, errorstats, latencystats: titles only.
            _ => {}
        }
    }
    w.0
}

/// INFO [section ...]: the report as a bulk string (RESP2) or a `txt` verbatim string (RESP3).
fn info(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let mut mask = 0u16;
    if args.done() {
        mask = DEFAULT_MASK;
    }
    while let Some(a) = args.peek() {
        args.seek(args.position() + 1);
        if a.eq_ignore_ascii_case(b"default") {
            mask |= DEFAULT_MASK;
        } else if a.eq_ignore_ascii_case(b"all") || a.eq_ignore_ascii_case(b"everything") {
            mask = 0x1fff;
        } else if let Some(i) = SECTIONS
            .iter()
            .position(|(name, _)| a.eq_ignore_ascii_case(name.as_bytes()))
        {
            mask |= 1 << i;
        }
    }
    let text = info_text(ctx, mask);
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
    for db in &mut ctx.state.dbs {
        db.reads = ReadCounts::default();
    }
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

#[cfg(test)]
mod tests {
    use super::human;

    /// Redis's `bytesToHuman` as written in C: divide by the unit's power at once.
    fn by_powers(n: u64) -> String {
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

    #[test]
    fn human_matches_redis_units_and_rounding() {
        assert_eq!(human(0), "0B");
        assert_eq!(human(1023), "1023B");
        assert_eq!(human(1024), "1.00K");
        assert_eq!(human(868_659), "848.30K");
        assert_eq!(human(1 << 40), "1.00T");
        let mut n = 1u64;
        while n < u64::MAX / 3 {
            for m in [n - 1, n, n + 1, n * 3 / 2, n + n / 1000 * 5] {
                assert_eq!(human(m), by_powers(m), "{m}");
            }
            n *= 2;
        }
        assert_eq!(human(u64::MAX), by_powers(u64::MAX));
    }
}
