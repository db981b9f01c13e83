//! The server state machine: clients, command dispatch, blocking, expiry.
//!
//! Sans-IO: the runtime pushes bytes in with [`Server::feed`], time with
//! [`Server::handle_timeout`], and pulls replies out with [`Server::poll_output`]. Nothing here
//! reads a clock, sleeps, spawns or does I/O; `now` is always an argument (Unix milliseconds).
//!
//! Effects on other clients (a BLPOP served by another client's RPUSH, a pub/sub message) are
//! written to *their* output buffers and come out of `poll_output` addressed to them.
//!
//! CLIENT PAUSE keeps a paused client's next request parsed in its parser (`postponed`) until
//! the pause ends (its deadline is part of `poll_timeout`); MONITOR lines are written after
//! each command runs, as Redis's `call` feeds them.

use std::collections::VecDeque;

use crate::blocking::{Parked, Waiters};
use crate::commands::{self, Args, BlockRequest, Command, CommandSpec, Ctx, TimeoutReply};
use crate::config::Config;
use crate::error::{self, CmdError};
use crate::keyspace::{Db, FastMap, FastSet, Key, ReadCounts, Value};
use crate::multi::{MultiState, Queued, Watches};
use crate::propagate::Propagation;
use crate::pubsub::{PubSub, Subscriptions};
use crate::resp::{Parsed, Protocol, Reply, RequestParser};
use crate::{ClientId, Millis};

/// What the runtime must do for a client.
#[derive(Debug, PartialEq, Eq)]
pub enum Output {
    /// Send these bytes.
    Write(Vec<u8>),
    /// Close the connection (after sending everything written before). The client is gone
    /// from the server already.
    Close,
}

/// Per-client state visible to command handlers.
#[derive(Debug)]
pub struct ClientState {
    /// The client's id (CLIENT ID).
    pub id: ClientId,
    /// Selected database.
    pub db: usize,
    /// Protocol (HELLO).
    pub proto: Protocol,
    /// CLIENT SETNAME.
    pub name: Option<Vec<u8>>,
    /// CLIENT SETINFO lib-name / lib-ver (7.2; kept for CLIENT INFO).
    pub lib: Option<(Vec<u8>, Vec<u8>)>,
    /// Close once the pending output is written (QUIT, protocol error).
    pub close_after_reply: bool,
    /// Blocking commands reply at once instead of blocking (inside MULTI/EXEC).
    pub deny_blocking: bool,
    /// When the client connected.
    pub created: Millis,
    /// Last command time (CLIENT LIST idle).
    pub last_interaction: Millis,
    /// Name of the last command run (CLIENT LIST `cmd=`).
    pub last_cmd: &'static str,
    /// Peer address as the runtime reports it (CLIENT LIST `addr=`).
    pub addr: String,
    /// Local address (CLIENT LIST `laddr=`).
    pub laddr: String,
    /// Query buffer size after the last batch (CLIENT LIST `qbuf=`).
    pub qbuf_len: usize,
    /// Pub/sub channels and patterns (SUBSCRIBE, PSUBSCRIBE).
    pub subs: Subscriptions,
    /// The open transaction, from MULTI to EXEC / DISCARD (`None` outside MULTI).
    pub multi: Option<MultiState>,
    /// CLIENT REPLY: which replies are dropped.
    pub reply_mode: ReplyMode,
}

/// CLIENT REPLY state (Redis's `CLIENT_REPLY_OFF` / `_SKIP_NEXT` / `_SKIP` flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReplyMode {
    /// Replies are sent.
    #[default]
    On,
    /// CLIENT REPLY OFF: no reply is sent until CLIENT REPLY ON.
    Off,
    /// CLIENT REPLY SKIP just ran: the next command's reply is dropped.
    SkipNext,
    /// This command's reply is dropped.
    Skip,
}

/// CLIENT PAUSE in force: until when, and whether every command waits (ALL) or only writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// Unix ms when the pause ends.
    pub until: Millis,
    /// ALL (every command waits) rather than WRITE.
    pub all: bool,
}

impl ClientState {
    /// Whether the client is in RESP2 subscribed mode, where only the pub/sub commands,
    /// PING, QUIT and RESET run.
    pub fn in_resp2_pubsub(&self) -> bool {
        self.proto == Protocol::Resp2 && self.subs.total() > 0
    }
}

/// A connected client.
#[derive(Debug)]
pub struct Client {
    /// State handlers see.
    pub state: ClientState,
    /// Unparsed input.
    qbuf: Vec<u8>,
    /// Parser position and the current request's argument ranges.
    parser: RequestParser,
    /// Output not yet handed to the runtime.
    out: Vec<u8>,
    /// Whether the client is in `pending_output`.
    queued: bool,
    /// A request is parsed in `parser` but waits for CLIENT PAUSE to end.
    postponed: bool,
}

impl Client {
    /// Drops the reply written since `before` under CLIENT REPLY OFF / SKIP, then moves the
    /// SKIP state on (Redis's `resetClient`).
    fn apply_reply_mode(&mut self, before: usize) {
        let m = &mut self.state.reply_mode;
        if matches!(*m, ReplyMode::Off | ReplyMode::Skip) {
            self.out.truncate(before);
        }
        *m = match *m {
            ReplyMode::Skip => ReplyMode::On,
            ReplyMode::SkipNext => ReplyMode::Skip,
            other => other,
        };
    }
}

/// Counters reported by INFO stats.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// `total_connections_received`.
    pub connections_received: u64,
    /// `total_commands_processed`.
    pub commands_processed: u64,
    /// `rejected_connections`.
    pub rejected_connections: u64,
    /// `expired_keys`.
    pub expired_keys: u64,
    /// `keyspace_hits` / `keyspace_misses` of databases since replaced by a load (the live
    /// databases count their own, see [`State::keyspace_reads`]).
    pub keyspace_reads: ReadCounts,
    /// `total_error_replies`.
    pub error_replies: u64,
    /// `total_net_input_bytes`.
    pub net_input_bytes: u64,
    /// `total_net_output_bytes`.
    pub net_output_bytes: u64,
    /// Per command: calls, failed calls (INFO commandstats).
    pub per_command: CommandStats,
}

/// INFO commandstats' counters: calls and failed calls of every command and subcommand,
/// indexed by [`Command::id`] (counting a call is an index, not a hash of the name).
#[derive(Debug, Clone)]
pub struct CommandStats(Vec<(u64, u64)>);

impl Default for CommandStats {
    fn default() -> Self {
        CommandStats(vec![(0, 0); commands::command_count()])
    }
}

impl CommandStats {
    /// Counts one call of `cmd`.
    #[inline]
    fn record(&mut self, cmd: &Command, failed: bool) {
        if let Some(c) = self.0.get_mut(cmd.id) {
            c.0 += 1;
            c.1 += u64::from(failed);
        }
    }

    /// `(full name, calls, failed calls)` of every command called at least once, sorted by
    /// name (INFO commandstats' order).
    pub fn called(&self) -> Vec<(&'static str, u64, u64)> {
        let mut v: Vec<_> = commands::commands()
            .iter()
            .zip(&self.0)
            .filter(|(_, c)| c.0 > 0)
            .map(|(cmd, c)| (cmd.full_name, c.0, c.1))
            .collect();
        crate::sort::sort(&mut v);
        v
    }
}

/// A small deterministic RNG (xorshift64*), seeded from [`Config::seed`].
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (0 is mapped to a fixed non-zero state).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniform integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        self.next_u64() % n
    }
}

/// Everything but the client running the current command: what handlers reach through `Ctx`.
#[derive(Debug)]
pub struct State {
    /// Configuration (CONFIG GET/SET change it).
    pub config: Config,
    /// The databases.
    pub dbs: Vec<Db>,
    /// INFO counters.
    pub stats: Stats,
    /// Deterministic randomness.
    pub rng: Rng,
    /// Parked clients.
    pub waiters: Waiters,
    /// Pub/sub subscriptions of all clients.
    pub pubsub: PubSub,
    /// WATCHed keys of all clients and their dirty marks (see `crate::multi`).
    pub watches: Watches,
    /// Other connected clients (the one running a command is lent to its `Ctx`). Boxed: a
    /// client is taken out and put back around every batch of its commands, and moving a
    /// pointer is cheaper than moving the whole client (its buffers and parser).
    pub clients: FastMap<ClientId, Box<Client>>,
    /// Keys made ready since the last serving round, in order, without duplicates.
    ready: Vec<(usize, Key)>,
    ready_set: FastSet<(usize, Key)>,
    /// Clients unblocked (served or timed out) whose buffered input has not run yet. Like
    /// Redis's `unblocked_clients`, processed after the current batch, not in the middle of
    /// another client's pipeline.
    unblocked: VecDeque<ClientId>,
    /// Clients with output to hand to the runtime, in order.
    pending_output: VecDeque<ClientId>,
    /// Clients to close after their output (their `Output::Close` follows their last write).
    closing: FastSet<ClientId>,
    /// CLIENT PAUSE in force, if any.
    pub pause: Option<Pause>,
    /// Clients whose next command waits for the pause to end, in order.
    postponed: Vec<ClientId>,
    /// MONITOR clients, in the order they started.
    pub monitors: Vec<ClientId>,
    /// Unix ms when the server was created (INFO uptime).
    pub started: Millis,
    /// Writes since the last save (INFO `rdb_changes_since_last_save`).
    pub dirty: u64,
    /// The stream of write commands to replay (AOF), when enabled (see `crate::propagate`).
    pub prop: Propagation,
    /// AOF status the runtime reports (INFO persistence) and requests to it.
    pub persistence: Persistence,
    /// SAVE / BGSAVE / SHUTDOWN bookkeeping and requests to the runtime (`crate::persistence`).
    pub persist: crate::persistence::Persistence,
    next_client_id: u64,
}

/// What [`Server::replay`] applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replayed {
    /// Commands run.
    pub commands: u64,
    /// Bytes from the start that hold complete commands outside any open transaction.
    pub valid_len: usize,
    /// The input ended inside a command or an unfinished MULTI (bytes past `valid_len`).
    pub truncated: bool,
}

/// A malformed append-only file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayError {
    /// Offset of the offending command.
    pub offset: usize,
    /// Redis's wording of the problem.
    pub reason: String,
}

/// Persistence work the engine asks the runtime to do (it has the files); see
/// [`Server::poll_request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeRequest {
    /// BGREWRITEAOF (or CONFIG SET appendonly yes): write a new AOF base from a snapshot.
    RewriteAof,
    /// CONFIG SET appendonly changed it: start (with a rewrite) or stop the AOF.
    AppendOnly(bool),
}

/// Persistence status: set by the runtime, read by INFO persistence and BGREWRITEAOF.
#[derive(Debug, Clone, Default)]
pub struct Persistence {
    /// `aof_enabled`.
    pub aof_enabled: bool,
    /// `aof_rewrite_in_progress`: a rewrite runs (set by BGREWRITEAOF, cleared by the runtime).
    pub aof_rewrite_in_progress: bool,
    /// `aof_rewrites`: completed rewrites.
    pub aof_rewrites: u64,
    /// `aof_last_rewrite_time_sec` (-1: none yet).
    pub aof_last_rewrite_time_sec: i64,
    /// Unix ms when the running rewrite started (`aof_current_rewrite_time_sec`).
    pub aof_rewrite_started: Option<crate::Millis>,
    /// `aof_last_bgrewrite_status` is `ok` (else `err`).
    pub aof_last_bgrewrite_ok: bool,
    /// `aof_last_write_status` is `ok` (else `err`).
    pub aof_last_write_ok: bool,
    /// `aof_current_size` / `aof_base_size` in bytes.
    pub aof_current_size: u64,
    /// Size of the base file after the last rewrite.
    pub aof_base_size: u64,
    /// `loading` is 1 while the runtime replays files.
    pub loading: bool,
    /// Requests waiting for the runtime.
    pub requests: Vec<RuntimeRequest>,
}

impl State {
    /// INFO stats' `keyspace_hits` / `keyspace_misses`: every database's read lookups (each
    /// [`Db`] counts its own, so a lookup costs one increment and no reach into the server).
    pub fn keyspace_reads(&self) -> ReadCounts {
        let mut total = self.stats.keyspace_reads;
        for db in &self.dbs {
            total.add(db.reads);
        }
        total
    }

    /// Marks `key` of `db` ready if a client waits on it.
    pub fn signal_ready(&mut self, db: usize, key: &[u8]) {
        if self.waiters.is_empty() || !self.waiters.has_waiters(db, key) {
            return;
        }
        let slot = (db, Key::from(key));
        if self.ready_set.insert(slot.clone()) {
            self.ready.push(slot);
        }
    }

    /// Records a modification of `key` in `db` (counts toward `dirty`, breaks WATCHes).
    /// A stream deleted or replaced by another type is made ready when XREADGROUP clients
    /// wait on it, so that their re-run answers them with an error, as Redis 7.0's
    /// `unblockDeletedStreamReadgroupClients` does (their group cannot come back).
    #[inline]
    pub fn touch_key(&mut self, db: usize, key: &[u8]) {
        self.dirty += 1;
        // Every write calls this: with no WATCH and no parked client there is nothing else
        // to do, and that check belongs inline in the caller.
        if self.watches.is_empty() && self.waiters.is_empty() {
            return;
        }
        self.touch_key_slow(db, key);
    }

    /// [`State::touch_key`] when some client watches a key or waits on one.
    fn touch_key_slow(&mut self, db: usize, key: &[u8]) {
        self.touch_watched(db, key);
        if self.waiters.is_empty() || !self.waiters.has_waiters(db, key) {
            return;
        }
        let is_stream = matches!(
            self.dbs
                .get(db)
                .and_then(|d| d.lookup(key))
                .map(|e| &e.value),
            Some(Value::Stream(_))
        );
        let readgroup = self.waiters.waiting_on(db, key).into_iter().any(|id| {
            self.waiters
                .get(id)
                .is_some_and(|p| p.cmd.spec.name == "xreadgroup")
        });
        if !is_stream && readgroup {
            self.signal_ready(db, key);
        }
    }

    /// Marks the clients WATCHing `key` of `db` dirty (Redis's `touchWatchedKey`).
    fn touch_watched(&mut self, db: usize, key: &[u8]) {
        if self.watches.is_empty() {
            return;
        }
        let exists = self.dbs.get(db).is_some_and(|d| d.lookup(key).is_some());
        self.watches.touch(db, key, exists);
    }

    /// Database `db` is about to be emptied (FLUSHDB, FLUSHALL) or, with `replaced_with`,
    /// swapped (SWAPDB): breaks the WATCHes of keys present in either. Call it before the
    /// change.
    pub fn touch_all_watched_in_db(
        &mut self,
        db: usize,
        replaced_with: Option<usize>,
        now: Millis,
    ) {
        if !self.watches.is_empty() {
            self.watches
                .touch_all_in_db(db, &self.dbs, replaced_with, now);
        }
    }

    /// SWAPDB: exchanges the contents of databases `a` and `b` (Redis's `dbSwapDatabases`).
    /// Clients stay on their database *index*: WATCHes of keys that change are broken,
    /// XREADGROUP waiters whose stream disappears are made ready (their re-run fails), and
    /// after the swap every waited-on key that now exists is made ready
    /// (`scanDatabaseForReadyKeys`), so a BLPOP in `b` is served by a list that came from `a`.
    pub fn swap_dbs(&mut self, a: usize, b: usize, now: Millis) {
        if a == b || a >= self.dbs.len() || b >= self.dbs.len() {
            return;
        }
        self.touch_all_watched_in_db(a, Some(b), now);
        self.touch_all_watched_in_db(b, Some(a), now);
        let is_stream = |db: &Db, key: &[u8]| {
            matches!(db.lookup(key).map(|e| &e.value), Some(Value::Stream(_)))
        };
        if !self.waiters.is_empty() {
            for (from, to) in [(a, b), (b, a)] {
                for key in self.waiters.keys_in_db(from) {
                    if is_stream(&self.dbs[from], &key) && !is_stream(&self.dbs[to], &key) {
                        self.signal_ready(from, &key);
                    }
                }
            }
        }
        self.dbs.swap(a, b);
        if !self.waiters.is_empty() {
            for db in [a, b] {
                for key in self.waiters.keys_in_db(db) {
                    // A string serves no waiter (`signalKeyAsReady` ignores it); for other types
                    // the waiter's re-run decides.
                    let blockable = self.dbs[db]
                        .lookup(&key)
                        .is_some_and(|e| !matches!(e.value, Value::String(_)));
                    if blockable {
                        self.signal_ready(db, &key);
                    }
                }
            }
        }
    }

    /// Accounts keys removed by lazy or active expiry since the last call: stats, `dirty`,
    /// and their watchers (an expiry deletion is a modification for WATCH, as in Redis 7.0).
    pub fn collect_expired(&mut self) {
        self.collect_expired_as(false);
    }

    /// [`State::collect_expired`]; `standalone`: the deletions are propagated on their own
    /// (active expiry), not as part of a running command.
    fn collect_expired_as(&mut self, standalone: bool) {
        // Runs after commands: the common case (nothing expired) is one tight pass.
        if !self.dbs.iter().any(Db::has_expired) {
            return;
        }
        for i in 0..self.dbs.len() {
            if self.dbs[i].has_expired() {
                let keys = self.dbs[i].take_expired();
                self.stats.expired_keys += keys.len() as u64;
                self.dirty += keys.len() as u64;
                let unlink = self.prop.is_enabled()
                    && self
                        .config
                        .extra
                        .get("lazyfree-lazy-expire")
                        .is_some_and(|v| v == "yes");
                for k in &keys {
                    self.touch_watched(i, k);
                    if self.prop.is_enabled() {
                        self.prop.expired(i, k, unlink, standalone);
                    }
                }
            }
        }
    }

    /// [`State::collect_expired`] for database `db` only.
    fn collect_expired_in(&mut self, db: usize) {
        if self.dbs.get(db).is_some_and(Db::has_expired) {
            self.collect_expired();
        }
    }

    /// Counts one executed command in INFO stats / commandstats.
    #[inline]
    fn record_call(&mut self, cmd: &Command, failed: bool) {
        let st = &mut self.stats;
        st.commands_processed += 1;
        st.per_command.record(cmd, failed);
        st.error_replies += u64::from(failed);
    }

    /// Forgets client `id`, its pub/sub subscriptions and its WATCHed keys.
    fn remove_client(&mut self, id: ClientId) {
        if let Some(mut c) = self.clients.remove(&id) {
            self.pubsub.remove_client(id, &mut c.state.subs);
        }
        self.watches.forget(id);
    }

    /// CLIENT KILL of another client: it is forgotten at once (unparked, unsubscribed, its
    /// pending output dropped, as Redis's `freeClient`) and the runtime gets its
    /// `Output::Close`.
    pub fn kill_client(&mut self, id: ClientId) {
        if !self.clients.contains_key(&id) {
            return;
        }
        self.waiters.unpark(id);
        self.remove_client(id);
        self.persist.forget(id);
        self.postponed.retain(|&c| c != id);
        self.monitors.retain(|&c| c != id);
        self.closing.insert(id);
        self.pending_output.push_back(id);
    }

    /// CLIENT UNBLOCK: answers a client parked in a blocking command as if it timed out, or
    /// with `-UNBLOCKED ...`; its buffered input runs after the current batch. Returns
    /// whether the client was blocked.
    pub fn unblock_client(&mut self, id: ClientId, with_error: bool) -> bool {
        let Some(p) = self.waiters.unpark(id) else {
            return false;
        };
        if with_error {
            self.stats.error_replies += 1;
        }
        self.write_to(id, |r| match (with_error, p.on_timeout) {
            (true, _) => r.error(error::UNBLOCKED),
            (false, TimeoutReply::NullArray) => r.null_array(),
            (false, TimeoutReply::NullBulk) => r.null(),
        });
        self.unblocked.push_back(id);
        true
    }

    /// CLIENT UNPAUSE (or the pause deadline passing): postponed clients run their input
    /// after the current batch, in the order they were postponed.
    pub fn unpause(&mut self) {
        self.pause = None;
        let ids = std::mem::take(&mut self.postponed);
        self.unblocked.extend(ids);
    }

    /// Whether a command `args` must wait for the pause to end (Redis's `processCommand`:
    /// every command under ALL; under WRITE the commands that may replicate: writes, PUBLISH,
    /// scripts, and EXEC of a transaction holding one).
    fn is_postponed(&self, client: &ClientState, args: &Args<'_>) -> bool {
        let Some(p) = self.pause else {
            return false;
        };
        if p.all {
            return true;
        }
        let Some(spec) = commands::lookup(args.get(0)) else {
            return false;
        };
        let may_replicate = |s: &CommandSpec| {
            s.has(commands::flags::WRITE)
                || matches!(
                    s.name,
                    "publish" | "spublish" | "eval" | "evalsha" | "fcall" | "script"
                )
        };
        if spec.name == "exec" {
            return client
                .multi
                .as_ref()
                .is_some_and(|m| m.commands.iter().any(|q| may_replicate(q.cmd.spec)));
        }
        may_replicate(spec)
    }

    /// Feeds a command that just ran to the MONITOR clients (Redis's
    /// `replicationFeedMonitors`): `+<sec>.<usec> [<db> <addr>] "arg" ...`, arguments quoted
    /// as `sdscatrepr` does, passwords (AUTH, HELLO ... AUTH) as `"(redacted)"`. Commands
    /// Redis flags `admin` or `skip_monitor` are not shown. Returns the line if `from` is a
    /// monitor itself (it is lent out: the caller appends the line to its output).
    pub fn feed_monitors(
        &mut self,
        from: &ClientState,
        cmd: &'static Command,
        args: &Args<'_>,
        now: Millis,
    ) -> Option<String> {
        if self.monitors.is_empty() {
            return None;
        }
        let full = cmd.full_name;
        let hidden = commands::docs_model::find(full).is_some_and(|d| {
            d.info_item(1)
                .into_iter()
                .flat_map(|v| v.items())
                .any(|f| matches!(f.as_str(), Some("admin" | "skip_monitor")))
        });
        if hidden {
            return None;
        }
        let mut line = format!(
            "{}.{:06} [{} {}]",
            now / 1000,
            (now % 1000) * 1000,
            from.db,
            from.addr
        );
        let mut redact_until = 0;
        if full == "auth" {
            redact_until = args.len();
        }
        for i in 0..args.len() {
            line.push(' ');
            if i > 0 && i < redact_until {
                line.push_str("\"(redacted)\"");
                continue;
            }
            push_repr(&mut line, args.get(i));
            if full == "hello" && i >= 2 && args.get(i).eq_ignore_ascii_case(b"auth") {
                redact_until = i + 3;
            }
        }
        let mut own = None;
        for id in self.monitors.clone() {
            if id == from.id {
                own = Some(line.clone());
            } else {
                self.write_to(id, |r| r.simple(&line));
            }
        }
        own
    }

    /// Appends `bytes` to another client's output (pub/sub, wake-ups).
    pub fn write_to(&mut self, id: ClientId, f: impl FnOnce(&mut Reply<'_>)) {
        if let Some(c) = self.clients.get_mut(&id) {
            let mut r = Reply::new(&mut c.out, c.state.proto);
            f(&mut r);
            if !c.queued {
                c.queued = true;
                self.pending_output.push_back(id);
            }
        }
    }
}

/// The engine. See the crate documentation for the calling contract.
#[derive(Debug)]
pub struct Server {
    /// Crate-visible so `crate::persistence` can add its `impl Server` block.
    pub(crate) state: State,
}

impl Server {
    /// A server with `config`, empty databases, no clients.
    pub fn new(config: Config) -> Self {
        let dbs = (0..config.databases.max(1)).map(|_| Db::new()).collect();
        let rng = Rng::new(config.seed);
        Server {
            state: State {
                config,
                dbs,
                stats: Stats::default(),
                rng,
                waiters: Waiters::default(),
                pubsub: PubSub::default(),
                watches: Watches::default(),
                clients: FastMap::default(),
                ready: Vec::new(),
                ready_set: FastSet::default(),
                unblocked: VecDeque::new(),
                pending_output: VecDeque::new(),
                closing: FastSet::default(),
                pause: None,
                postponed: Vec::new(),
                monitors: Vec::new(),
                started: 0,
                dirty: 0,
                prop: Propagation::default(),
                persistence: Persistence {
                    aof_last_rewrite_time_sec: -1,
                    aof_last_bgrewrite_ok: true,
                    aof_last_write_ok: true,
                    ..Persistence::default()
                },
                persist: crate::persistence::Persistence::default(),
                next_client_id: 1,
            },
        }
    }

    /// Sets the server's start time (INFO uptime); runtimes call it once with the clock.
    pub fn set_start_time(&mut self, now: Millis) {
        self.state.started = now;
        // LASTSAVE before any save is the start time, as in Redis.
        self.state.persist.last_save = now;
    }

    /// Shared state, for runtimes and tests that inspect the keyspace.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Shared state, mutably (loading a dataset, tests).
    pub fn state_mut(&mut self) -> &mut State {
        &mut self.state
    }

    /// Turns propagation on or off (off by default, and then free): with it on, every
    /// command that changed the dataset is recorded, rewritten to replay exactly (see
    /// `crate::propagate`). Turning it on makes the next recorded command start with SELECT.
    pub fn set_propagation(&mut self, on: bool) {
        self.state.prop.set_enabled(on);
    }

    /// Moves the propagated commands recorded so far (RESP, `SELECT`s interleaved) to the end
    /// of `buf`. Call after every `feed` and `handle_timeout`, before sending the replies
    /// they produced, so that a write reaches the AOF before its client hears of it.
    pub fn take_propagated(&mut self, buf: &mut Vec<u8>) {
        self.state.prop.take(buf);
    }

    /// Whether propagated bytes wait for [`Server::take_propagated`].
    pub fn has_propagated(&self) -> bool {
        self.state.prop.has_output()
    }

    /// The next persistence request (BGREWRITEAOF, CONFIG SET appendonly) for the runtime.
    /// Call after every `feed`; the runtime reports progress in `state_mut().persistence`.
    pub fn poll_request(&mut self) -> Option<RuntimeRequest> {
        let r = &mut self.state.persistence.requests;
        (!r.is_empty()).then(|| r.remove(0))
    }

    /// Replays an append-only file (or one part of a multi-part AOF) through the engine, as
    /// Redis's `loadSingleAppendOnlyFile`: a pseudo client runs every command (replies are
    /// discarded, blocking commands answer at once); nothing is propagated meanwhile.
    ///
    /// A file cut short inside a command, or inside an unfinished MULTI, is *truncated*: the
    /// commands before it are applied and [`Replayed::valid_len`] says where the valid part
    /// ends, so the runtime can apply `aof-load-truncated`. Anything else malformed is an
    /// error, reported with its offset; the commands before it have then been applied.
    pub fn replay(&mut self, bytes: &[u8], now: Millis) -> Result<Replayed, ReplayError> {
        let was_on = self.state.prop.is_enabled();
        self.state.prop.set_enabled(false);
        let r = self.replay_inner(bytes, now);
        self.state.prop.set_enabled(was_on);
        r
    }

    fn replay_inner(&mut self, bytes: &[u8], now: Millis) -> Result<Replayed, ReplayError> {
        let s = &self.state;
        let mut client = Client {
            state: ClientState {
                id: ClientId(u64::MAX),
                db: 0,
                proto: Protocol::Resp2,
                name: None,
                lib: None,
                close_after_reply: false,
                deny_blocking: true,
                created: now,
                last_interaction: now,
                last_cmd: "NULL",
                addr: String::new(),
                laddr: String::new(),
                qbuf_len: 0,
                subs: Subscriptions::default(),
                multi: None,
                reply_mode: ReplyMode::On,
            },
            qbuf: Vec::new(),
            parser: RequestParser::new(s.config.proto_max_bulk_len),
            out: Vec::new(),
            queued: false,
            postponed: false,
        };
        let mut parser = RequestParser::new(usize::MAX);
        let mut done = Replayed::default();
        // End of the last command outside a transaction (where a cut tail is cut back to).
        let mut valid = 0;
        loop {
            let start = parser.pos;
            match bytes.get(start) {
                None => break,
                Some(b'*') => {}
                Some(b'#') => {
                    // An annotation line (`#TS:...`, aof-timestamp-enabled): skipped.
                    match bytes[start..].iter().position(|&b| b == b'\n') {
                        Some(nl) => {
                            parser.pos = start + nl + 1;
                            if client.state.multi.is_none() {
                                valid = parser.pos;
                            }
                            continue;
                        }
                        None => {
                            done.truncated = true;
                            break;
                        }
                    }
                }
                Some(_) => {
                    return Err(ReplayError {
                        offset: start,
                        reason: "Bad file format reading the append only file".into(),
                    })
                }
            }
            match parser.parse(bytes) {
                Ok(Parsed::Request) => {
                    let args = Args::from_ranges(bytes, &parser.args);
                    if commands::lookup(args.get(0)).is_none() {
                        return Err(ReplayError {
                            offset: start,
                            reason: format!(
                                "Unknown command '{}' reading the append only file",
                                String::from_utf8_lossy(args.get(0))
                            ),
                        });
                    }
                    self.execute(&mut client, args, now);
                    client.out.clear();
                    parser.clear_request();
                    done.commands += 1;
                    if client.state.multi.is_none() {
                        valid = parser.pos;
                    }
                }
                Ok(Parsed::Empty) => {}
                Ok(Parsed::Incomplete) => {
                    done.truncated = true;
                    break;
                }
                Err(e) => {
                    return Err(ReplayError {
                        offset: start,
                        reason: format!(
                            "Bad file format reading the append only file: {}",
                            e.0.trim_start_matches("ERR ")
                        ),
                    })
                }
            }
        }
        if client.state.multi.is_some() {
            // An unfinished MULTI: its queued commands never ran; cut before it, as Redis's
            // "Revert incomplete MULTI/EXEC transaction".
            done.truncated = true;
        }
        done.valid_len = valid;
        self.serve_ready_keys(now);
        Ok(done)
    }

    /// Registers a new client (RESP2, database 0) and returns its id. Over `maxclients` the
    /// client gets `-ERR max number of clients reached` followed by `Output::Close`.
    pub fn connect(&mut self, now: Millis) -> ClientId {
        self.connect_from(now, "", "")
    }

    /// [`Server::connect`] with the peer and local addresses CLIENT LIST shows.
    pub fn connect_from(&mut self, now: Millis, addr: &str, laddr: &str) -> ClientId {
        let s = &mut self.state;
        let id = ClientId(s.next_client_id);
        s.next_client_id += 1;
        s.stats.connections_received += 1;
        let mut client = Client {
            state: ClientState {
                id,
                db: 0,
                proto: Protocol::Resp2,
                name: None,
                lib: None,
                close_after_reply: false,
                deny_blocking: false,
                created: now,
                last_interaction: now,
                last_cmd: "NULL",
                addr: addr.to_string(),
                laddr: laddr.to_string(),
                qbuf_len: 0,
                subs: Subscriptions::default(),
                multi: None,
                reply_mode: ReplyMode::On,
            },
            qbuf: Vec::new(),
            parser: RequestParser::new(s.config.proto_max_bulk_len),
            out: Vec::new(),
            queued: false,
            postponed: false,
        };
        if s.clients.len() >= s.config.maxclients {
            s.stats.rejected_connections += 1;
            Reply::new(&mut client.out, Protocol::Resp2).error(error::MAX_CLIENTS);
            client.state.close_after_reply = true;
        }
        s.clients.insert(id, Box::new(client));
        self.finish_client(id);
        id
    }

    /// Number of connected clients.
    pub fn client_count(&self) -> usize {
        self.state.clients.len()
    }

    /// Forgets a client: unparks it, drops its buffers. Unknown ids are ignored.
    pub fn disconnect(&mut self, id: ClientId, _now: Millis) {
        self.state.waiters.unpark(id);
        self.state.remove_client(id);
        self.state.closing.remove(&id);
        self.state.persist.forget(id);
        self.state.postponed.retain(|&c| c != id);
        self.state.monitors.retain(|&c| c != id);
    }

    /// Appends input from client `id` and runs every complete command in it (unless the client
    /// is blocked, in which case the input waits). Replies and effects on other clients are
    /// then available from [`Server::poll_output`].
    pub fn feed(&mut self, id: ClientId, bytes: &[u8], now: Millis) {
        let Some(mut client) = self.state.clients.remove(&id) else {
            return;
        };
        if client.state.close_after_reply {
            self.state.clients.insert(id, client);
            return;
        }
        client.qbuf.extend_from_slice(bytes);
        self.state.stats.net_input_bytes += bytes.len() as u64;
        self.run_input(id, client, now);
        self.serve_ready_keys(now);
        self.process_unblocked(now);
    }

    /// Runs expiry and blocked-client timeouts due at `now`. Call it when `now` reaches
    /// [`Server::poll_timeout`] (calling it earlier or more often is harmless).
    pub fn handle_timeout(&mut self, now: Millis) {
        // Active expiry, bounded per call so one call cannot stall the runtime; a backlog
        // leaves `poll_timeout` in the past, so the runtime calls again at once.
        let mut budget = 20_000;
        for db in &mut self.state.dbs {
            budget -= db.expire_due(now, budget).min(budget);
            if budget == 0 {
                break;
            }
        }
        self.state.collect_expired_as(true);
        if self.state.pause.is_some_and(|p| p.until <= now) {
            self.state.unpause();
        }
        for id in self.state.waiters.expired(now) {
            let Some(p) = self.state.waiters.unpark(id) else {
                continue;
            };
            self.state.write_to(id, |r| match p.on_timeout {
                TimeoutReply::NullArray => r.null_array(),
                TimeoutReply::NullBulk => r.null(),
            });
            self.state.unblocked.push_back(id);
        }
        self.serve_ready_keys(now);
        self.process_unblocked(now);
        // The `save` schedule (may queue an event for `poll_event`).
        self.state.check_save_points(now);
    }

    /// The next time [`Server::handle_timeout`] must run: the earliest key expiry, blocked
    /// client deadline or `save` point. `None` when nothing is scheduled. Check again after
    /// every `feed`.
    pub fn poll_timeout(&self) -> Option<Millis> {
        let keys = self.state.dbs.iter().filter_map(Db::next_expiry).min();
        let t = match (keys, self.state.waiters.next_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let t = match (t, self.state.next_save_point()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (t, self.state.pause.map(|p| p.until)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs the buffered input of client `id`, whose suspension (SAVE) just ended.
    pub(crate) fn resume_input(&mut self, id: ClientId, now: Millis) {
        self.state.unblocked.push_back(id);
        self.process_unblocked(now);
    }

    /// The next output for the runtime: bytes to write to a client, or a close. Call until
    /// `None` after every `feed`, `handle_timeout` and `connect`.
    pub fn poll_output(&mut self) -> Option<(ClientId, Output)> {
        while let Some(id) = self.state.pending_output.pop_front() {
            if !self.state.closing.is_empty() && self.state.closing.remove(&id) {
                self.state.remove_client(id);
                self.state.waiters.unpark(id);
                return Some((id, Output::Close));
            }
            let Some(c) = self.state.clients.get_mut(&id) else {
                continue;
            };
            c.queued = false;
            if c.state.close_after_reply {
                self.state.closing.insert(id);
                self.state.pending_output.push_back(id);
            }
            // An empty buffer (already collected by `take_output_into`) keeps its capacity:
            // taking it would make the next batch grow a fresh buffer from zero.
            if !c.out.is_empty() {
                let bytes = std::mem::take(&mut c.out);
                self.state.stats.net_output_bytes += bytes.len() as u64;
                return Some((id, Output::Write(bytes)));
            }
        }
        None
    }

    /// Appends client `id`'s pending output to `buf` without allocating, for runtimes that
    /// write a client's replies right after feeding it. Returns whether the client must be
    /// closed after `buf` is written (it is then forgotten). Output for *other* clients is
    /// still delivered by [`Server::poll_output`].
    pub fn take_output_into(&mut self, id: ClientId, buf: &mut Vec<u8>) -> bool {
        let Some(c) = self.state.clients.get_mut(&id) else {
            return false;
        };
        self.state.stats.net_output_bytes += c.out.len() as u64;
        if buf.is_empty() {
            // Hand the filled buffer over instead of copying it; the client keeps `buf`'s
            // (empty) allocation for its next replies.
            std::mem::swap(buf, &mut c.out);
        } else {
            buf.extend_from_slice(&c.out);
            c.out.clear();
        }
        if c.state.close_after_reply {
            self.disconnect(id, 0);
            return true;
        }
        // Nothing is left for `poll_output` to do for this client: take it off the queue when
        // it is the last entry (the usual case: it was queued by the batch just run), saving
        // the runtime's next `poll_output` a lookup.
        if c.queued && self.state.pending_output.back() == Some(&id) {
            self.state.pending_output.pop_back();
            c.queued = false;
        }
        false
    }

    /// Queues client `id` for `poll_output` if it has output or must be closed.
    fn finish_client(&mut self, id: ClientId) {
        let s = &mut self.state;
        if let Some(c) = s.clients.get_mut(&id) {
            queue_output(&mut s.pending_output, id, c);
        }
    }

    /// Runs the complete commands in client `id`'s buffer until it blocks, is closing, or the
    /// buffer holds no complete request.
    fn process_input(&mut self, id: ClientId, now: Millis) {
        if let Some(client) = self.state.clients.remove(&id) {
            self.run_input(id, client, now);
        }
    }

    /// [`Server::process_input`] for a client already taken out of `clients`; puts it back
    /// (queued for `poll_output` if it has output), so a batch costs two map operations.
    fn run_input(&mut self, id: ClientId, mut client: Box<Client>, now: Millis) {
        let mut qbuf = std::mem::take(&mut client.qbuf);
        let mut parser = std::mem::take(&mut client.parser);
        loop {
            if client.state.close_after_reply
                || self.state.waiters.is_parked(id)
                || self.state.persist.is_suspended(id)
            {
                break;
            }
            let parsed = if std::mem::take(&mut client.postponed) {
                Ok(Parsed::Request)
            } else {
                parser.parse(&qbuf)
            };
            match parsed {
                Ok(Parsed::Request) => {
                    let args = if parser.is_inline {
                        Args::from_owned(&parser.inline)
                    } else {
                        Args::from_ranges(&qbuf, &parser.args)
                    };
                    if self.state.pause.is_some() && self.state.is_postponed(&client.state, &args) {
                        // The request stays parsed in `parser` and runs when the pause ends.
                        client.postponed = true;
                        if !self.state.postponed.contains(&id) {
                            self.state.postponed.push(id);
                        }
                        break;
                    }
                    let before = client.out.len();
                    self.execute(&mut client, args, now);
                    client.apply_reply_mode(before);
                    parser.clear_request();
                    if !self.state.ready.is_empty() {
                        // Serve blocked clients before this client's next command, as Redis
                        // does after each call.
                        client.qbuf = std::mem::take(&mut qbuf);
                        client.parser = std::mem::take(&mut parser);
                        self.state.clients.insert(id, client);
                        self.serve_ready_keys(now);
                        let Some(c) = self.state.clients.remove(&id) else {
                            return;
                        };
                        client = c;
                        qbuf = std::mem::take(&mut client.qbuf);
                        parser = std::mem::take(&mut client.parser);
                    }
                }
                Ok(Parsed::Empty) => {}
                Ok(Parsed::Incomplete) => break,
                Err(e) => {
                    Reply::new(&mut client.out, client.state.proto).error(&e.0);
                    self.state.stats.error_replies += 1;
                    client.state.close_after_reply = true;
                    break;
                }
            }
        }
        if client.state.close_after_reply {
            qbuf.clear();
            parser = RequestParser::new(self.state.config.proto_max_bulk_len);
        } else {
            parser.compact(&mut qbuf);
            if qbuf.len() > self.state.config.client_query_buffer_limit {
                // Redis closes such a client without a reply.
                client.out.clear();
                client.state.close_after_reply = true;
                qbuf.clear();
            }
        }
        client.state.qbuf_len = qbuf.len();
        client.qbuf = qbuf;
        client.parser = parser;
        // `finish_client`, before the client goes back.
        queue_output(&mut self.state.pending_output, id, &mut client);
        self.state.clients.insert(id, client);
    }

    /// Runs one command for `client` (which is lent out of `clients`).
    fn execute(&mut self, client: &mut Client, args: Args<'_>, now: Millis) {
        let cmd = match self.resolve(&args) {
            Ok(found) => found,
            Err((spec, e)) => return self.reject(client, spec, &e),
        };
        let (spec, start) = (cmd.spec, cmd.start);
        // Redis records the command before refusing or queueing it (CLIENT LIST `cmd=`).
        let full = cmd.full_name;
        // Checks in Redis 7.0's `processCommand` order: no-multi flag, subscribed mode, queue.
        if client.state.multi.is_some() && spec.has(commands::flags::NO_MULTI) {
            client.state.last_cmd = full;
            return self.reject(client, Some(spec), error::NOT_ALLOWED_IN_MULTI);
        }
        if client.state.in_resp2_pubsub() && !commands::allowed_in_pubsub(spec, start) {
            client.state.last_cmd = full;
            return self.reject(client, Some(spec), &error::only_pubsub_allowed(full));
        }
        let runs_in_multi = || {
            start == 1
                && matches!(
                    spec.name,
                    "exec" | "discard" | "multi" | "watch" | "quit" | "reset"
                )
        };
        if let Some(m) = client.state.multi.as_mut().filter(|_| !runs_in_multi()) {
            // MULTI: queue instead of running. An aborted transaction keeps nothing (EXEC
            // will fail anyway), but still answers QUEUED, as Redis's `queueMultiCommand`.
            if !m.dirty_exec && !self.state.watches.is_dirty(client.state.id) {
                m.push(Queued {
                    cmd,
                    args: args.to_vec(),
                });
            }
            client.state.last_cmd = full;
            client.state.last_interaction = now;
            Reply::new(&mut client.out, client.state.proto).simple("QUEUED");
            return;
        }
        self.call(client, cmd, args, now, None);
    }

    /// Refuses a command before running it (Redis's `rejectCommand`): flags an open
    /// transaction so EXEC aborts; a refused EXEC itself discards the transaction and
    /// answers `-EXECABORT Transaction discarded because of: <reason>`.
    fn reject(&mut self, client: &mut Client, spec: Option<&'static CommandSpec>, e: &str) {
        if let Some(m) = client.state.multi.as_mut() {
            m.dirty_exec = true;
        }
        let mut out = Reply::new(&mut client.out, client.state.proto);
        if spec.is_some_and(|s| s.name == "exec" && s.subcommands.is_empty()) {
            client.state.multi = None;
            self.state.watches.forget(client.state.id);
            // Redis formats the reason without its `ERR ` code.
            let reason = e.strip_prefix("ERR ").unwrap_or(e);
            out.error(&format!(
                "EXECABORT Transaction discarded because of: {reason}"
            ));
        } else {
            out.error(e);
        }
        self.state.stats.error_replies += 1;
    }

    /// Finds the command (or subcommand) to run and checks arity. Returns it, or the error to
    /// reply with and the command it concerns, if known.
    fn resolve(
        &mut self,
        args: &Args<'_>,
    ) -> Result<&'static Command, (Option<&'static CommandSpec>, CmdError)> {
        let name = args.get(0);
        let Some(cmd) = commands::resolve(name) else {
            let mut rest = String::new();
            let mut i = 1;
            while i < args.len() && rest.len() < 128 {
                let room = 128 - rest.len();
                rest.push_str(&format!("'{}' ", error::c_str_lossy(args.get(i), room)));
                i += 1;
            }
            return Err((
                None,
                CmdError::Owned(format!(
                    "ERR unknown command '{}', with args beginning with: {}",
                    error::c_str_lossy(name, 128),
                    rest
                )),
            ));
        };
        let spec = cmd.spec;
        if !spec.subcommands.is_empty() && args.len() >= 2 {
            match commands::resolve_sub(cmd, args.get(1)) {
                Some(sub) => {
                    if !sub.spec.arity_ok(args.len()) {
                        let full = format!("{}|{}", spec.name, sub.spec.name);
                        return Err((Some(sub.spec), error::wrong_args(&full)));
                    }
                    return Ok(sub);
                }
                None => {
                    return Err((
                        Some(spec),
                        error::unknown_subcommand(args.get(1), spec.name),
                    ));
                }
            }
        } else if !spec.arity_ok(args.len()) {
            return Err((Some(spec), error::wrong_args(spec.name)));
        }
        Ok(cmd)
    }

    /// Calls a resolved command's handler and handles its outcome (error reply, blocking).
    fn call(
        &mut self,
        client: &mut Client,
        cmd: &'static Command,
        mut args: Args<'_>,
        now: Millis,
        ready_key: Option<&[u8]>,
    ) -> bool {
        let spec = cmd.spec;
        let Some(handler) = spec.handler else {
            return true;
        };
        args.seek(cmd.start);
        // Set before running, as Redis does: CLIENT LIST shows the running command.
        client.state.last_cmd = cmd.full_name;
        let proto = client.state.proto;
        let db_before = client.state.db;
        let db = client.state.db;
        let dirty_before = self.state.dirty;
        let saved = self.state.prop.begin_command();
        let (result, block) = {
            let mut ctx = Ctx {
                state: &mut self.state,
                client: &mut client.state,
                out: Reply::new(&mut client.out, proto),
                now,
                spec,
                ready_key,
                block: None,
            };
            let r = handler(&mut ctx, &mut args);
            if let Err(e) = &r {
                ctx.out.error(e);
            }
            (r, ctx.block)
        };
        client.state.last_interaction = now;
        if ready_key.is_none() && !self.state.monitors.is_empty() {
            if let Some(line) = self.state.feed_monitors(&client.state, cmd, &args, now) {
                Reply::new(&mut client.out, client.state.proto).simple(&line);
            }
        }
        if self.state.prop.is_enabled() {
            let changed = self.state.dirty != dirty_before;
            let write = spec.has(commands::flags::WRITE);
            self.state
                .prop
                .end_command(saved, db, changed, write, || args.to_vec());
        }
        self.state.record_call(cmd, result.is_err());
        // Lazy expiry can only have happened in the databases the command reached: the
        // client's (checked alone, it is the common case and the full pass over every
        // database cost 7% of a pipelined GET/SET) unless the command reaches others.
        if client.state.db == db_before && !reaches_other_dbs(spec) {
            self.state.collect_expired_in(db_before);
        } else {
            self.state.collect_expired();
        }
        self.state.prop.flush();
        match block {
            None => true,
            Some(req) if ready_key.is_some() => {
                // A re-run that still cannot serve: the client stays parked where it is.
                let _ = req;
                false
            }
            Some(req) if client.state.deny_blocking => {
                let mut r = Reply::new(&mut client.out, client.state.proto);
                match req.on_timeout {
                    TimeoutReply::NullArray => r.null_array(),
                    TimeoutReply::NullBulk => r.null(),
                }
                true
            }
            Some(req) => {
                self.park(client, cmd, &args, *req, now);
                false
            }
        }
    }

    fn park(
        &mut self,
        client: &Client,
        cmd: &'static Command,
        args: &Args<'_>,
        req: BlockRequest,
        now: Millis,
    ) {
        let BlockRequest {
            keys,
            deadline,
            on_timeout,
            rewrite,
        } = req;
        let parked = Parked {
            cmd,
            args: rewrite.unwrap_or_else(|| args.to_vec()),
            db: client.state.db,
            keys,
            deadline,
            on_timeout,
            since: now,
        };
        self.state.waiters.park(client.state.id, parked);
    }

    /// Serves clients blocked on ready keys, in the order keys became ready and, per key,
    /// in the order clients blocked; loops while serving makes more keys ready.
    fn serve_ready_keys(&mut self, now: Millis) {
        while !self.state.ready.is_empty() {
            let ready = std::mem::take(&mut self.state.ready);
            self.state.ready_set.clear();
            for (db, key) in ready {
                for id in self.state.waiters.waiting_on(db, &key) {
                    let Some(p) = self.state.waiters.get(id) else {
                        continue;
                    };
                    let (cmd, pargs, pdb) = (p.cmd, p.args.clone(), p.db);
                    let Some(mut client) = self.state.clients.remove(&id) else {
                        continue;
                    };
                    // The parked command runs in the database it blocked in.
                    let saved_db = client.state.db;
                    client.state.db = pdb;
                    let served =
                        self.call(&mut client, cmd, Args::from_owned(&pargs), now, Some(&key));
                    client.state.db = saved_db;
                    self.state.clients.insert(id, client);
                    if served {
                        self.state.waiters.unpark(id);
                        self.finish_client(id);
                        // Its pipelined input runs once the current batch is done.
                        self.state.unblocked.push_back(id);
                    }
                }
            }
        }
    }

    /// Runs the buffered input of unblocked clients, in the order they were unblocked (Redis's
    /// `processUnblockedClients` in `beforeSleep`). Their commands may serve and unblock more
    /// clients, which are processed in the same loop.
    #[inline]
    fn process_unblocked(&mut self, now: Millis) {
        while let Some(id) = self.state.unblocked.pop_front() {
            self.process_input(id, now);
            self.serve_ready_keys(now);
        }
    }
}

/// Appends `arg` quoted as Redis's `sdscatrepr` (MONITOR lines).
fn push_repr(out: &mut String, arg: &[u8]) {
    out.push('"');
    for &b in arg {
        match b {
            b'\\' | b'"' => {
                out.push('\\');
                out.push(b as char);
            }
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
}

/// Whether a command may look keys up in a database other than its client's selected one
/// (and so lazily expire keys there). EXEC runs its queued commands through [`call_queued`],
/// which collects expired keys of every database itself.
fn reaches_other_dbs(spec: &CommandSpec) -> bool {
    matches!(spec.name, "move" | "copy" | "swapdb")
}

/// Runs one command queued by MULTI, inside EXEC's handler (`ctx` is EXEC's context: same
/// client, same output). Like `Server::call` but nested: the reply goes into EXEC's array;
/// a command that would block answers its null reply at once (EXEC sets `deny_blocking`);
/// the client's `cmd=` stays `exec`, as in Redis.
pub fn call_queued(ctx: &mut Ctx<'_>, q: &Queued) {
    let spec = q.cmd.spec;
    let Some(handler) = spec.handler else {
        return;
    };
    let mut args = Args::from_owned(&q.args);
    args.seek(q.cmd.start);
    let db = ctx.client.db;
    let dirty_before = ctx.state.dirty;
    let saved = ctx.state.prop.begin_command();
    let (result, block, proto) = {
        let mut sub = Ctx {
            state: &mut *ctx.state,
            client: &mut *ctx.client,
            out: Reply::new(&mut *ctx.out.buf, ctx.out.proto),
            now: ctx.now,
            spec,
            ready_key: None,
            block: None,
        };
        let r = handler(&mut sub, &mut args);
        if let Err(e) = &r {
            sub.out.error(e);
        }
        (r, sub.block, sub.out.proto)
    };
    if ctx.state.prop.is_enabled() {
        let changed = ctx.state.dirty != dirty_before;
        let write = spec.has(commands::flags::WRITE);
        ctx.state
            .prop
            .end_command(saved, db, changed, write, || q.args.clone());
    }
    if !ctx.state.monitors.is_empty() {
        let args = Args::from_owned(&q.args);
        // A monitor running EXEC does not see its own queued commands: the line would land
        // inside EXEC's array.
        let _ = ctx.state.feed_monitors(ctx.client, q.cmd, &args, ctx.now);
    }
    // HELLO inside the transaction switches the protocol of the following replies.
    ctx.out.proto = proto;
    if let Some(req) = block {
        match req.on_timeout {
            TimeoutReply::NullArray => ctx.out.null_array(),
            TimeoutReply::NullBulk => ctx.out.null(),
        }
    }
    ctx.state.record_call(q.cmd, result.is_err());
    ctx.state.collect_expired();
}

/// Queues client `id` for [`Server::poll_output`] if it has output or is closing and is not
/// queued yet.
#[inline]
fn queue_output(pending: &mut VecDeque<ClientId>, id: ClientId, c: &mut Client) {
    if (!c.out.is_empty() || c.state.close_after_reply) && !c.queued {
        c.queued = true;
        pending.push_back(id);
    }
}
