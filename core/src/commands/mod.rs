//! Commands: the declarative command table, argument parsing and the handler context.
//!
//! Each Redis command group has one file ending with its slice of the table (`COMMANDS`);
//! [`table`] concatenates them. Arity checks, COMMAND / COMMAND INFO / COMMAND DOCS, write
//! detection and the playground's help and autocomplete all read this one table.
//!
//! A handler parses its arguments with an [`Args`] cursor, operates on the keyspace through
//! [`Ctx`], and writes its reply with `ctx.out`. Returning `Err(text)` replies with that error.
//! A handler that cannot be served yet (BLPOP on empty lists) calls [`Ctx::block`] and writes
//! nothing; the server parks the client (see `crate::blocking`).

pub mod bitmap;
pub mod command;
pub mod connection;
#[rustfmt::skip]
pub mod docs;
pub mod docs_model;
pub mod dump;
pub mod generic;
pub mod generic_sort;
pub mod geo;
pub mod hash;
pub mod hyperloglog;
pub mod list;
pub mod persist;
pub mod pubsub;
pub mod server;
pub mod set;
pub mod sorted_set;
pub mod stream;
pub mod string;
pub mod transactions;

use std::sync::OnceLock;

use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::{Db, Key, Kind, Value};
use crate::resp::{string2ll, Reply};
use crate::server::{ClientState, State};
use crate::Millis;

/// A command handler.
pub type Handler = fn(&mut Ctx<'_>, &mut Args<'_>) -> CmdResult;

/// Command flags, as Redis's `CMD_*` (the names COMMAND INFO reports).
pub mod flags {
    /// May modify the keyspace.
    pub const WRITE: u32 = 1 << 0;
    /// Reads only.
    pub const READONLY: u32 = 1 << 1;
    /// May grow memory use (refused when over maxmemory).
    pub const DENYOOM: u32 = 1 << 2;
    /// O(1) or O(log N).
    pub const FAST: u32 = 1 << 3;
    /// May block the client.
    pub const BLOCKING: u32 = 1 << 4;
    /// Pub/sub related.
    pub const PUBSUB: u32 = 1 << 5;
    /// Administrative.
    pub const ADMIN: u32 = 1 << 6;
    /// Not allowed in scripts.
    pub const NOSCRIPT: u32 = 1 << 7;
    /// Allowed while loading.
    pub const LOADING: u32 = 1 << 8;
    /// Allowed on a stale replica.
    pub const STALE: u32 = 1 << 9;
    /// Not queued by MULTI, executed right away.
    pub const NO_MULTI: u32 = 1 << 10;
    /// Allowed before authentication.
    pub const NO_AUTH: u32 = 1 << 11;
    /// Skips the slowlog / monitor.
    pub const SKIP_SLOWLOG: u32 = 1 << 12;
    /// Allowed in RESP2 subscribed mode.
    pub const ALLOW_SUBSCRIBED: u32 = 1 << 13;
    /// Keys are sampled randomly (replies are not deterministic).
    pub const RANDOM: u32 = 1 << 14;
    /// Sent to the client as is (SENTINEL etc.).
    pub const SORT_FOR_SCRIPT: u32 = 1 << 15;

    /// Flag bits with the names COMMAND INFO reports, in Redis's order.
    pub const NAMES: &[(u32, &str)] = &[
        (WRITE, "write"),
        (READONLY, "readonly"),
        (DENYOOM, "denyoom"),
        (ADMIN, "admin"),
        (PUBSUB, "pubsub"),
        (NOSCRIPT, "noscript"),
        (BLOCKING, "blocking"),
        (LOADING, "loading"),
        (STALE, "stale"),
        (SKIP_SLOWLOG, "skip_slowlog"),
        (FAST, "fast"),
        (NO_AUTH, "no_auth"),
        (NO_MULTI, "no_multi"),
        (ALLOW_SUBSCRIBED, "allow_busy"),
    ];
}

/// Command groups, as COMMAND DOCS reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Keys of any type.
    Generic,
    /// Strings.
    String,
    /// Lists.
    List,
    /// Streams.
    Stream,
    /// Connection management.
    Connection,
    /// Server management.
    Server,
    /// Pub/sub.
    Pubsub,
    /// Transactions.
    Transactions,
    /// Hashes.
    Hash,
    /// Sets.
    Set,
    /// Sorted sets.
    SortedSet,
    /// Bitmaps (bit operations on strings).
    Bitmap,
    /// Geospatial indexes.
    Geo,
    /// HyperLogLogs.
    HyperLogLog,
}

impl Group {
    /// The name COMMAND DOCS uses.
    pub fn name(self) -> &'static str {
        match self {
            Group::Generic => "generic",
            Group::String => "string",
            Group::List => "list",
            Group::Stream => "stream",
            Group::Connection => "connection",
            Group::Server => "server",
            Group::Pubsub => "pubsub",
            Group::Transactions => "transactions",
            Group::Hash => "hash",
            Group::Set => "set",
            Group::SortedSet => "sorted_set",
            Group::Bitmap => "bitmap",
            Group::Geo => "geo",
            Group::HyperLogLog => "hyperloglog",
        }
    }
}

/// One entry of the command table.
#[derive(Debug)]
pub struct CommandSpec {
    /// Lower-case name (`get`; for a subcommand just the subcommand, `id`).
    pub name: &'static str,
    /// Redis's arity: positive = exactly that many arguments, negative = at least `-arity`;
    /// the command name counts (for a subcommand, both names: CONFIG GET is -3).
    pub arity: i32,
    /// Bit set of [`flags`].
    pub flags: u32,
    /// Position of the first key (0 = no keys).
    pub first_key: i32,
    /// Position of the last key (negative counts from the end: -1 = last argument).
    pub last_key: i32,
    /// Step between keys.
    pub step: i32,
    /// Group.
    pub group: Group,
    /// One-line summary (as in the Redis documentation).
    pub summary: &'static str,
    /// Redis version that introduced the command.
    pub since: &'static str,
    /// Argument syntax after the name, for help and hints (`key value [EX seconds|...]`).
    pub syntax: &'static str,
    /// The handler (`None` for a container command, which dispatches to `subcommands`).
    pub handler: Option<Handler>,
    /// Subcommands of a container command (CLIENT, CONFIG, COMMAND, ...).
    pub subcommands: &'static [CommandSpec],
}

impl CommandSpec {
    /// Whether the command has flag `f`.
    pub fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    /// Whether `argc` arguments (name included) satisfy the arity.
    pub fn arity_ok(&self, argc: usize) -> bool {
        let argc = argc as i64;
        let a = i64::from(self.arity);
        if a >= 0 {
            argc == a
        } else {
            argc >= -a
        }
    }

    /// A table entry with no handler and defaults for everything but name, arity and group;
    /// the `const` starting point that family tables override with struct update syntax.
    pub const fn base(name: &'static str, arity: i32, group: Group) -> CommandSpec {
        CommandSpec {
            name,
            arity,
            flags: 0,
            first_key: 0,
            last_key: 0,
            step: 0,
            group,
            summary: "",
            since: "1.0.0",
            syntax: "",
            handler: None,
            subcommands: &[],
        }
    }
}

/// The whole command table, in group order.
pub fn table() -> &'static [&'static CommandSpec] {
    static TABLE: OnceLock<Vec<&'static CommandSpec>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let groups: &[&'static [CommandSpec]] = &[
            connection::COMMANDS,
            server::COMMANDS,
            command::COMMANDS,
            pubsub::COMMANDS,
            generic::COMMANDS,
            string::COMMANDS,
            list::COMMANDS,
            hash::COMMANDS,
            set::COMMANDS,
            stream::COMMANDS,
            transactions::COMMANDS,
            sorted_set::COMMANDS,
            persist::COMMANDS,
            dump::COMMANDS,
            bitmap::COMMANDS,
            generic_sort::COMMANDS,
            geo::COMMANDS,
            hyperloglog::COMMANDS,
        ];
        groups.iter().flat_map(|g| g.iter()).collect()
    })
}

/// A command as dispatch sees it: a table entry or one of its subcommands, with the full
/// name Redis reports (`get`, `client|list`) and its position in the dispatch table.
///
/// Every command and every subcommand has its own [`Command`], numbered in table order
/// (a container's subcommands follow it), so per-command state — INFO commandstats'
/// counters, which Redis 7.0 keeps apart for `client|list` and `client|kill` — is a `Vec`
/// indexed by [`Command::id`] and the dispatch path never hashes a name to reach it.
#[derive(Debug)]
pub struct Command {
    /// The table entry (a subcommand's own entry for `CLIENT LIST`).
    pub spec: &'static CommandSpec,
    /// The name Redis reports: CLIENT LIST `cmd=`, INFO commandstats, MONITOR.
    pub full_name: &'static str,
    /// Position in the dispatch table, below [`command_count`].
    pub id: usize,
    /// Index of its first argument: 1, or 2 for a subcommand (`CLIENT LIST ...`).
    pub start: usize,
    /// Id of the first subcommand (they follow in `spec.subcommands` order).
    first_sub: usize,
}

/// Every command and subcommand, and an index of the top-level names.
struct Dispatch {
    commands: Vec<Command>,
    /// Open-addressed hash table of the top-level commands by [`NameKey`]; `None` is free.
    by_name: Vec<Option<(NameKey, u16)>>,
    /// `by_name.len() - 1` (the length is a power of two).
    mask: usize,
}

/// A command name as the lookup compares it: its length and its bytes lower-cased (ASCII
/// only, as `eq_ignore_ascii_case`), packed in three words — the first 8 bytes, the next 8
/// and the last 8, overlapping for shorter names so that every byte is in one of them. Two
/// names of one length are equal ignoring ASCII case exactly when their keys are equal.
///
/// Comparing three words instead of hashing and comparing bytes one at a time: the name of
/// every request is looked up, and this was among the largest costs of a pipelined GET/SET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NameKey {
    len: usize,
    words: [u64; 3],
}

/// Longest name a [`NameKey`] holds (the longest command, `georadiusbymember_ro`, has 20).
const MAX_NAME: usize = 24;

impl NameKey {
    /// The key of `name`, or `None` if it is too long to be a command.
    #[inline]
    fn of(name: &[u8]) -> Option<NameKey> {
        let len = name.len();
        let word = |at: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&name[at..at + 8]);
            u64::from_le_bytes(w)
        };
        let lower = |at: usize| ascii_lowercase_word(word(at));
        // Only the words a name of this length uses are folded (most names are short).
        let words = match len {
            0..=7 => {
                let mut w = 0u64;
                for (i, &b) in name.iter().enumerate() {
                    w |= u64::from(b) << (8 * i);
                }
                [ascii_lowercase_word(w), 0, 0]
            }
            8..=16 => [lower(0), 0, lower(len - 8)],
            17..=MAX_NAME => [lower(0), lower(8), lower(len - 8)],
            _ => return None,
        };
        Some(NameKey { len, words })
    }

    /// A hash of the key, for the table's first probe.
    #[inline]
    fn hash(&self) -> usize {
        let [a, b, c] = self.words;
        let h = (a ^ b.rotate_left(21) ^ c.rotate_left(42) ^ self.len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 32) as usize
    }
}

/// The eight bytes of `x` with ASCII upper-case letters lower-cased (bytes >= 0x80 kept):
/// a byte gets bit 5 set where it is in `A..=Z`, computed for all eight at once. Each byte's
/// sums stay below 0x100, so no carry crosses into its neighbour.
#[inline]
fn ascii_lowercase_word(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let ascii = !x & HIGH;
    let low7 = x & (ONES * 0x7f);
    let at_least_a = low7 + ONES * u64::from(0x80 - b'A');
    let above_z = low7 + ONES * u64::from(0x7f - b'Z');
    let upper = ascii & at_least_a & !above_z & HIGH;
    x | (upper >> 2)
}

fn dispatch() -> &'static Dispatch {
    static DISPATCH: OnceLock<Dispatch> = OnceLock::new();
    DISPATCH.get_or_init(|| {
        let mut commands = Vec::new();
        let mut tops = Vec::new();
        for c in table() {
            let id = commands.len();
            tops.push(id);
            commands.push(Command {
                spec: c,
                full_name: c.name,
                id,
                start: 1,
                first_sub: id + 1,
            });
            for s in c.subcommands {
                let full = format!("{}|{}", c.name, s.name);
                // The recorded metadata holds every subcommand's name as a `'static` string
                // (a unit test checks it); an unknown one reports its own name, as before.
                let full_name = docs_model::find(&full).map_or(s.name, |d| d.name);
                commands.push(Command {
                    spec: s,
                    full_name,
                    id: commands.len(),
                    start: 2,
                    first_sub: commands.len(),
                });
            }
        }
        assert!(
            commands.len() < usize::from(u16::MAX),
            "command ids fit in u16: the table holds a few hundred commands"
        );
        let size = (tops.len() * 4).next_power_of_two();
        let mask = size - 1;
        let mut by_name: Vec<Option<(NameKey, u16)>> = vec![None; size];
        for id in tops {
            let key = NameKey::of(commands[id].spec.name.as_bytes())
                .expect("command names are at most MAX_NAME bytes (table_is_consistent checks)");
            let mut i = key.hash() & mask;
            loop {
                match by_name[i] {
                    None => {
                        by_name[i] = Some((key, id as u16));
                        break;
                    }
                    // The first entry of a name wins (the table test forbids duplicates).
                    Some((k, _)) if k == key => break,
                    Some(_) => i = (i + 1) & mask,
                }
            }
        }
        Dispatch {
            commands,
            by_name,
            mask,
        }
    })
}

/// Number of commands and subcommands: the bound of [`Command::id`].
pub fn command_count() -> usize {
    dispatch().commands.len()
}

/// Every command and subcommand, indexed by [`Command::id`].
pub fn commands() -> &'static [Command] {
    &dispatch().commands
}

/// Finds a top-level command by name, case-insensitively.
///
/// This runs once per request: the name's [`NameKey`] probes a small open-addressed table
/// (no lower-cased copy, no `HashMap`, no byte-by-byte comparison).
pub fn resolve(name: &[u8]) -> Option<&'static Command> {
    let d = dispatch();
    let key = NameKey::of(name)?;
    let mut i = key.hash() & d.mask;
    loop {
        let (k, id) = d.by_name[i]?;
        if k == key {
            return d.commands.get(usize::from(id));
        }
        i = (i + 1) & d.mask;
    }
}

/// Finds subcommand `name` of `parent`, case-insensitively.
pub fn resolve_sub(parent: &'static Command, name: &[u8]) -> Option<&'static Command> {
    let i = parent
        .spec
        .subcommands
        .iter()
        .position(|c| c.name.as_bytes().eq_ignore_ascii_case(name))?;
    dispatch().commands.get(parent.first_sub + i)
}

/// Looks a command up by name, case-insensitively (see [`resolve`]).
pub fn lookup(name: &[u8]) -> Option<&'static CommandSpec> {
    resolve(name).map(|c| c.spec)
}

/// Whether a resolved command (`start` = 2 for a subcommand) may run in RESP2 subscribed
/// mode: only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET, as Redis 7.0.
pub fn allowed_in_pubsub(spec: &CommandSpec, start: usize) -> bool {
    start == 1
        && matches!(
            spec.name,
            "subscribe"
                | "unsubscribe"
                | "psubscribe"
                | "punsubscribe"
                | "ssubscribe"
                | "sunsubscribe"
                | "ping"
                | "quit"
                | "reset"
        )
}

/// Writes a `<CMD> HELP` reply as Redis's `addReplyHelp`: a header, `lines`, then HELP.
pub fn reply_help(out: &mut Reply<'_>, cmd: &str, lines: &[&str]) {
    out.array(lines.len() + 3);
    out.simple(&format!(
        "{cmd} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    ));
    for l in lines {
        out.simple(l);
    }
    out.simple("HELP");
    out.simple("    Prints this help.");
}

/// What a handler sees of the server: shared state, its client, its reply writer, and time.
pub struct Ctx<'a> {
    /// Everything but the clients: databases, config, stats, blocking registry.
    pub state: &'a mut State,
    /// The client running the command.
    pub client: &'a mut ClientState,
    /// The reply writer for that client.
    pub out: Reply<'a>,
    /// Current time, Unix milliseconds.
    pub now: Millis,
    /// The command being run.
    pub spec: &'static CommandSpec,
    /// When a blocked command is re-run because a key became ready: that key. Handlers that
    /// serve one key (BLPOP) serve only this one, as Redis 7.0 does.
    pub ready_key: Option<&'a [u8]>,
    /// Set by [`Ctx::block`].
    /// Boxed: blocking is rare, and a small field keeps every call's context cheap to build
    /// and to take apart.
    pub block: Option<Box<BlockRequest>>,
}

/// How a blocked client is answered when its deadline passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutReply {
    /// `*-1` (RESP2) / `_` (RESP3): BLPOP, BRPOP, XREAD, BZPOPMIN...
    NullArray,
    /// `$-1` (RESP2) / `_` (RESP3): BLMOVE, BRPOPLPUSH.
    NullBulk,
}

/// A handler's request to park its client until one of `keys` is ready or `deadline` passes.
#[derive(Debug, Clone)]
pub struct BlockRequest {
    /// Keys (in the client's current database) to wait on.
    pub keys: Vec<Key>,
    /// Absolute deadline, `None` = forever.
    pub deadline: Option<Millis>,
    /// Reply on timeout.
    pub on_timeout: TimeoutReply,
    /// Arguments to re-run the command with when a key is ready, if they differ from the
    /// original ones (XREAD BLOCK with `$` resolved to the ID at block time).
    pub rewrite: Option<Vec<Vec<u8>>>,
}

impl<'a> Ctx<'a> {
    /// The client's selected database (its clock set to the command's time, so entries
    /// stored now record it as their last access).
    pub fn db(&mut self) -> &mut Db {
        let db = &mut self.state.dbs[self.client.db];
        db.set_clock(self.now);
        db
    }

    /// The selected database and the reply writer, borrowed together.
    pub fn db_out(&mut self) -> (&mut Db, &mut Reply<'a>) {
        let db = &mut self.state.dbs[self.client.db];
        db.set_clock(self.now);
        (db, &mut self.out)
    }

    /// Database `index` (another than the selected one: COPY ... DB, MOVE), its clock set to
    /// the command's time like [`Ctx::db`]'s.
    pub fn db_at(&mut self, index: usize) -> &mut Db {
        let db = &mut self.state.dbs[index];
        db.set_clock(self.now);
        db
    }

    /// Parks the client (see [`BlockRequest`]). The handler must write no reply.
    pub fn block(&mut self, req: BlockRequest) {
        self.block = Some(Box::new(req));
    }

    /// Marks `key` in the selected database as ready for blocked clients (after a push).
    pub fn signal_ready(&mut self, key: &[u8]) {
        let db = self.client.db;
        self.state.signal_ready(db, key);
    }

    /// Records that `key` in the selected database was modified (for WATCH, and later
    /// keyspace notifications).
    pub fn touch(&mut self, key: &[u8]) {
        let db = self.client.db;
        self.state.touch_key(db, key);
    }

    /// Whether propagation is on: handlers build rewritten commands only then.
    pub fn propagating(&self) -> bool {
        self.state.prop.is_enabled()
    }

    /// Propagates `argv` (in the selected database) in place of this command's own
    /// arguments; call it once per command to replay, in order (see `crate::propagate`).
    /// Does nothing when propagation is off.
    pub fn propagate(&mut self, argv: Vec<Vec<u8>>) {
        let db = self.client.db;
        self.state.prop.also(db, argv);
    }

    /// [`Ctx::propagate`] from byte-string slices.
    pub fn propagate_parts(&mut self, argv: &[&[u8]]) {
        if self.propagating() {
            self.propagate(argv.iter().map(|a| a.to_vec()).collect());
        }
    }

    /// Whether this client may block (false inside MULTI/EXEC and scripts).
    pub fn may_block(&self) -> bool {
        !self.client.deny_blocking
    }
}

/// A cursor over a command's arguments (`args[0]` is the command name).
#[derive(Debug)]
pub struct Args<'a> {
    src: ArgSource<'a>,
    pos: usize,
}

#[derive(Debug, Clone, Copy)]
enum ArgSource<'a> {
    Ranges(&'a [u8], &'a [std::ops::Range<usize>]),
    Owned(&'a [Vec<u8>]),
}

impl<'a> Args<'a> {
    /// Arguments given as ranges of a buffer (the zero-copy path for parsed requests).
    pub fn from_ranges(buf: &'a [u8], ranges: &'a [std::ops::Range<usize>]) -> Self {
        Args {
            src: ArgSource::Ranges(buf, ranges),
            pos: 1,
        }
    }

    /// Arguments given as owned byte strings.
    pub fn from_owned(args: &'a [Vec<u8>]) -> Self {
        Args {
            src: ArgSource::Owned(args),
            pos: 1,
        }
    }

    /// Number of arguments, name included.
    pub fn len(&self) -> usize {
        match self.src {
            ArgSource::Ranges(_, r) => r.len(),
            ArgSource::Owned(a) => a.len(),
        }
    }

    /// Whether there are no arguments at all (never true for a dispatched command).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Argument `i` (0 = command name).
    pub fn get(&self, i: usize) -> &'a [u8] {
        match self.src {
            ArgSource::Ranges(buf, r) => &buf[r[i].clone()],
            ArgSource::Owned(a) => &a[i],
        }
    }

    /// All arguments as owned vectors (to park a blocked command).
    pub fn to_vec(&self) -> Vec<Vec<u8>> {
        (0..self.len()).map(|i| self.get(i).to_vec()).collect()
    }

    /// Index of the next argument the cursor will return.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Moves the cursor to argument `i`.
    pub fn seek(&mut self, i: usize) {
        self.pos = i;
    }

    /// Arguments not consumed yet.
    pub fn remaining(&self) -> usize {
        self.len().saturating_sub(self.pos)
    }

    /// Whether all arguments were consumed.
    pub fn done(&self) -> bool {
        self.remaining() == 0
    }

    /// The next argument without consuming it.
    #[inline]
    pub fn peek(&self) -> Option<&'a [u8]> {
        // One match, no calls: every handler reads its arguments through here.
        match self.src {
            ArgSource::Ranges(buf, r) => r.get(self.pos).map(|r| &buf[r.clone()]),
            ArgSource::Owned(a) => a.get(self.pos).map(Vec::as_slice),
        }
    }

    /// The next argument; a syntax error if there is none.
    pub fn next_arg(&mut self) -> CmdResult<&'a [u8]> {
        let a = self.peek().ok_or(CmdError::Borrowed(error::SYNTAX))?;
        self.pos += 1;
        Ok(a)
    }

    /// The next argument as a key.
    pub fn next_key(&mut self) -> CmdResult<&'a [u8]> {
        self.next_arg()
    }

    /// Consumes the next argument if it equals `word` case-insensitively.
    pub fn eat(&mut self, word: &str) -> bool {
        match self.peek() {
            Some(a) if a.eq_ignore_ascii_case(word.as_bytes()) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    /// The next argument as an integer (`ERR value is not an integer or out of range`).
    pub fn next_i64(&mut self) -> CmdResult<i64> {
        parse_i64(self.next_arg()?)
    }

    /// The next argument as a float (`ERR value is not a valid float`).
    pub fn next_f64(&mut self) -> CmdResult<f64> {
        parse_f64(self.next_arg()?).ok_or(CmdError::Borrowed(error::NOT_FLOAT))
    }

    /// A syntax error unless every argument was consumed.
    pub fn finish(&self) -> CmdResult {
        if self.done() {
            Ok(())
        } else {
            Err(CmdError::Borrowed(error::SYNTAX))
        }
    }
}

/// Parses an integer argument as Redis's `getLongLongFromObject`.
pub fn parse_i64(s: &[u8]) -> CmdResult<i64> {
    string2ll(s).ok_or(CmdError::Borrowed(error::NOT_INTEGER))
}

/// Parses a float argument as Redis's `getDoubleFromObject` / `strtod`: no spaces around it,
/// `inf`/`-inf` accepted, NaN refused.
pub fn parse_f64(s: &[u8]) -> Option<f64> {
    if s.is_empty() || s.len() > 5000 {
        return None;
    }
    if s[0].is_ascii_whitespace() || s[s.len() - 1].is_ascii_whitespace() {
        return None;
    }
    let text = std::str::from_utf8(s).ok()?;
    let lower = text.to_ascii_lowercase();
    let v = match lower.trim_start_matches(['+', '-']) {
        "inf" | "infinity" => {
            if lower.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }
        }
        _ => parse_c_double(text)?,
    };
    if v.is_nan() {
        None
    } else {
        Some(v)
    }
}

/// `strtod` for the decimal and hexadecimal float syntaxes Rust does not take directly.
fn parse_c_double(text: &str) -> Option<f64> {
    // Rust's parser accepts "1e5", ".5", "5.", "+1"; it refuses C's hex floats, which Redis
    // accepts but no client sends in practice.
    let t = text.strip_prefix('+').unwrap_or(text);
    if t.starts_with(['+', '-']) && text.starts_with('+') {
        return None;
    }
    if t.contains(['n', 'N']) {
        return None;
    }
    crate::keyspace::long_double::parse_f64(t)
}

/// The value under `key` if it is of `kind`; `Ok(None)` if absent; WRONGTYPE otherwise. A read
/// lookup (Redis's `lookupKeyRead`): counted in INFO stats' `keyspace_hits` / `keyspace_misses`.
pub fn typed<'d>(
    db: &'d mut Db,
    key: &[u8],
    now: Millis,
    kind: Kind,
) -> CmdResult<Option<&'d Value>> {
    of_kind(db.value_read(key, now), kind)
}

/// [`typed`] as a write lookup (`lookupKeyWrite`: not counted in INFO stats).
pub fn typed_write<'d>(
    db: &'d mut Db,
    key: &[u8],
    now: Millis,
    kind: Kind,
) -> CmdResult<Option<&'d Value>> {
    of_kind(db.value(key, now), kind)
}

/// `v` if it is of `kind`; WRONGTYPE otherwise.
#[inline]
fn of_kind(v: Option<&Value>, kind: Kind) -> CmdResult<Option<&Value>> {
    match v {
        None => Ok(None),
        Some(v) if v.kind() == kind => Ok(Some(v)),
        Some(_) => Err(CmdError::Borrowed(error::WRONGTYPE)),
    }
}

/// Mutable counterpart of [`typed`].
pub fn typed_mut<'d>(
    db: &'d mut Db,
    key: &[u8],
    now: Millis,
    kind: Kind,
) -> CmdResult<Option<&'d mut Value>> {
    match db.value_mut(key, now) {
        None => Ok(None),
        Some(v) if v.kind() == kind => Ok(Some(v)),
        Some(_) => Err(CmdError::Borrowed(error::WRONGTYPE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let mut names = std::collections::HashSet::new();
        for c in table() {
            assert!(names.insert(c.name), "duplicate command {}", c.name);
            assert_eq!(c.name, c.name.to_ascii_lowercase());
            assert!(
                c.name.len() <= MAX_NAME,
                "{}: name too long for NameKey",
                c.name
            );
            assert!(c.arity != 0, "{}: arity 0", c.name);
            if c.first_key > 0 && c.arity > 0 {
                assert!(c.first_key < c.arity, "{}: first key beyond arity", c.name);
                assert!(c.last_key < c.arity, "{}: last key beyond arity", c.name);
            }
            // A container has subcommands; it has a handler only if it also runs alone
            // (COMMAND).
            if c.handler.is_none() {
                assert!(!c.subcommands.is_empty(), "{}: no handler", c.name);
            }
            assert!(!c.summary.is_empty(), "{}: summary missing", c.name);
            for s in c.subcommands {
                assert!(s.handler.is_some(), "{}|{}: no handler", c.name, s.name);
            }
        }
    }

    #[test]
    fn lowercase_word_matches_std_for_every_byte() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let x = 0x4161_7a5a_405b_60c1u64 & !(0xff << (8 * pos)) | u64::from(b) << (8 * pos);
                let mut want = x.to_le_bytes();
                want.make_ascii_lowercase();
                assert_eq!(
                    ascii_lowercase_word(x),
                    u64::from_le_bytes(want),
                    "byte {b:#x}"
                );
            }
        }
    }

    #[test]
    fn resolve_finds_every_command_in_any_case_and_nothing_else() {
        for c in table() {
            let upper = c.name.to_ascii_uppercase();
            let mixed: String = c
                .name
                .chars()
                .enumerate()
                .map(|(i, ch)| {
                    if i % 2 == 0 {
                        ch.to_ascii_uppercase()
                    } else {
                        ch
                    }
                })
                .collect();
            for name in [c.name, &upper, &mixed] {
                let found = resolve(name.as_bytes()).map(|r| r.spec.name);
                assert_eq!(found, Some(c.name), "{name}");
            }
            // One byte changed anywhere (bit 5 flipped on a non-letter, a letter replaced by
            // a non-ASCII byte), one byte more or less: no longer this command.
            for i in 0..c.name.len() {
                let mut b = c.name.as_bytes().to_vec();
                b[i] = if b[i].is_ascii_alphabetic() {
                    0xC0 | b[i]
                } else {
                    b[i] ^ 0x20
                };
                assert!(resolve(&b).is_none_or(|r| r.spec.name != c.name), "{b:?}");
            }
            let mut longer = c.name.as_bytes().to_vec();
            longer.push(b'x');
            assert!(resolve(&longer).is_none_or(|r| r.spec.name != c.name));
            let shorter = &c.name.as_bytes()[..c.name.len() - 1];
            assert!(resolve(shorter).is_none_or(|r| r.spec.name != c.name));
        }
        for name in [
            &b""[..],
            b"nosuchcommand",
            b"georadiusbymember_ro_and_more",
            b"\0\0\0",
        ] {
            assert!(resolve(name).is_none(), "{name:?}");
        }
        assert_eq!(resolve(b"GeoRadius\x7fRo").map(|c| c.spec.name), None);
        assert_eq!(
            resolve(b"GEORADIUS_RO").map(|c| c.full_name),
            Some("georadius_ro")
        );
    }

    /// Ids are positions in [`commands`], subcommands follow their container, and a
    /// subcommand resolves to its own id and full name.
    #[test]
    fn command_ids_and_full_names() {
        for (i, c) in commands().iter().enumerate() {
            assert_eq!(c.id, i);
        }
        let client = resolve(b"client").expect("CLIENT is in the table");
        let list = resolve_sub(client, b"LiSt").expect("CLIENT LIST is in the table");
        assert_eq!((list.full_name, list.start), ("client|list", 2));
        assert!(list.id > client.id);
        let kill = resolve_sub(client, b"kill").expect("CLIENT KILL is in the table");
        assert_ne!(kill.id, list.id);
        assert!(resolve_sub(client, b"nosuch").is_none());
        assert_eq!(
            resolve(b"get").map(|c| (c.full_name, c.start)),
            Some(("get", 1))
        );
    }

    /// The recorded metadata holds the table's commands and nothing else: the generator
    /// keeps only those (anything more is dead weight in the playground's download).
    #[test]
    fn recorded_docs_are_only_the_tables_commands() {
        fn walk(d: &'static docs_model::CommandDoc) {
            assert!(
                command::implemented(d),
                "{}: recorded but not in the table",
                d.name
            );
            d.subcommands.iter().for_each(walk);
        }
        docs::DOCS.iter().for_each(walk);
    }

    /// Every command and subcommand of the table has Redis's recorded metadata (so COMMAND
    /// INFO / DOCS describe it), and the table's arity and key positions agree with it.
    #[test]
    fn table_matches_recorded_docs() {
        let check = |full: &str, c: &CommandSpec| {
            let d = docs_model::find(full)
                .unwrap_or_else(|| panic!("{full}: no docs data (regenerate docs.rs?)"));
            assert_eq!(d.arity(), i64::from(c.arity), "{full}: arity");
            let (first, last, step) = d.key_range();
            assert_eq!(
                (first, last, step),
                (
                    i64::from(c.first_key),
                    i64::from(c.last_key),
                    i64::from(c.step)
                ),
                "{full}: first/last/step"
            );
        };
        for c in table() {
            check(c.name, c);
            for s in c.subcommands {
                check(&format!("{}|{}", c.name, s.name), s);
            }
        }
    }
}
