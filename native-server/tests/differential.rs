//! Differential tests: the same commands on a real redis-server 7.0 (the oracle) and on the
//! target (redlet-server), replies compared byte for byte, in RESP2 and in RESP3.
//!
//! Two tests:
//! - [`transcripts`] runs every `tests/transcripts/*.txt` twice, once in RESP2 and once with
//!   `HELLO 3` sent first on every client;
//! - [`random_sequences`] runs seeded random command sequences over a small key space so types
//!   collide (WRONGTYPE, empty keys), and shrinks any divergence to a short reproduction,
//!   printed in transcript syntax (paste it into a transcript).
//!
//! # Random runs
//!
//! Every family takes part: strings, lists, generic, streams (explicit IDs), hashes, sets,
//! sorted sets, consumer groups, MULTI/EXEC blocks (with queue-time errors, so EXECABORT),
//! WATCH, pub/sub. Three clients interleave: client 1 runs most commands (and PUBLISH);
//! client 2 WATCHes keys then runs a MULTI block while client 1 writes, and runs blocking
//! commands without timeout (BLPOP, BLMOVE, BZPOPMIN, BZMPOP, XREAD BLOCK, XREADGROUP BLOCK),
//! which client 1 often wakes; client 3 SUBSCRIBEs / PSUBSCRIBEs and its messages are read by
//! a PING drain (`N>>` below). Nothing depends on timing: whether a command blocked is asked
//! of each server (CLIENT LIST `flags=b` on a control connection), and a block still
//! pending when its client's next step comes is ended with CLIENT UNBLOCK, whose `:0`/`:1` is
//! compared too.
//!
//! Exclusions, all narrow (the reason: Redis's own hash order, its RNG, its clock):
//! - order-free replies compared as multisets (`## sort`): KEYS, SMEMBERS, SINTER / SUNION /
//!   SDIFF, PUBSUB CHANNELS, SPOP with a count (only 0 or one covering the whole set, so the
//!   data sets stay equal), SRANDMEMBER / HRANDFIELD / ZRANDMEMBER with a count covering the
//!   collection (100);
//! - compared by shape only (`## type`): SRANDMEMBER / HRANDFIELD / ZRANDMEMBER without a
//!   count or with a smaller or negative one (which members is the server's random pick),
//!   XPENDING's extended form and XINFO CONSUMERS (idle times);
//! - not generated: SPOP without a count (it would make the data sets part ways), SSCAN on
//!   hashtable sets (cursor order), UNSUBSCRIBE / PUNSUBSCRIBE without arguments (replies in
//!   dict order), `*` stream IDs, relative expiries, and lex ranges over members with
//!   different scores (unspecified by Redis; its answer depends on the encoding's walk and a
//!   skiplist's random levels) — lex commands run on keys `lex0`/`lex1`, written only with
//!   score 0;
//! - consecutive `pmessage` frames of one drain are compared sorted: one PUBLISH matching
//!   several patterns of a client delivers them in Redis's pattern-dict order;
//! - hashes stay small, so Redis keeps them listpack-encoded and HGETALL / HKEYS / HVALS /
//!   HSCAN are compared exactly (insertion order).
//!
//! # Transcript format
//!
//! One line per step; blank lines and lines starting with `#` are ignored.
//! - `CMD args…` sends on client 1 and reads its reply. Arguments are split like redis-cli
//!   (`redlet_core::resp::split_args`): `"a b"`, `'x'`, `"\x00"`, `""`.
//! - `N> CMD args…` does the same on client N (clients are created on first use). For a
//!   command that can block (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, XREAD, …): when the oracle
//!   parks the client instead of replying (CLIENT LIST shows `flags=b`) the command counts as
//!   *blocked*, the target must have parked it too, and the reply is read later with `N<`.
//! - `N<` reads the next pending reply of client N (a woken `BLPOP`, a pub/sub message, the
//!   second reply of `SUBSCRIBE a b`).
//! - `N>> CMD args…` sends CMD then PING on client N and compares everything up to PING's
//!   answer as one reply: the command's reply with the pub/sub messages that came before.
//! - `unblock N` sends `CLIENT UNBLOCK <id of client N>` on a control connection of each
//!   server and compares the `:0`/`:1`; the blocked reply is then read with `N<`.
//! - `sleep MS` really sleeps (keep these few and short).
//! - `scanall ARGS…` iterates `SCAN cursor ARGS…` on client 1 until the cursor is 0 on each
//!   server and compares the union of the keys as a set.
//! - A trailing ` ## MARKER` relaxes the comparison of that line:
//!   `## sort` (order-free: the top-level aggregate is compared as a multiset; a map's pairs
//!   too), `## type` (only the RESP types and aggregate lengths, recursively; error texts still
//!   exact — for TIME, INFO, CLIENT ID, `*` stream IDs), `## hello` (exact except the value of
//!   the `id` field, for HELLO replies), `## skip` (sent on both, nothing compared; rare).
//!
//! Each transcript starts with fresh clients after `FLUSHALL`; it must leave no client blocked.
//!
//! After every line, INFO stats' `keyspace_hits` and `keyspace_misses` are read on each server
//! and how much they grew is compared exactly: which lookups count as hits or misses follows
//! Redis command by command (`keyspace_stats.txt` runs every keyed command on a key of its type,
//! a missing key and a key of another type).
//! In the RESP3 run the reply to the implicit `HELLO 3` is compared as with `## hello`.
//!
//! # Environment
//!
//! - `REDLET_DIFF_TARGET`: `redlet` (default: this package's `redlet-server` binary),
//!   `redis` (a second redis-server: validates the harness and the transcripts), or
//!   `HOST:PORT` (an already running server; it gets FLUSHALLed).
//! - `REDLET_DIFF_ONLY=list,string`: only these transcripts.
//! - `REDLET_DIFF_COMMANDS=N`: random commands in total (default 30000, in sequences of
//!   [`SEQ_LEN`]); `REDLET_DIFF_SEED=S`: first seed (default 1).
//! - `REDLET_DIFF_DUMP=1`: print every transcript line with the oracle's reply (for review).
//! - `REDIS_SERVER`: path of the oracle binary (default `redis-server` from `PATH`). A missing
//!   oracle fails the test; it is never skipped.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use redlet_core::frame::{decode, encode_command, quote, Frame};
use redlet_core::resp::split_args;

/// How long a reply that must come may take before the line fails.
const REPLY_TIMEOUT: Duration = Duration::from_secs(3);
/// Commands per random sequence (one seed each).
const SEQ_LEN: usize = 600;

// ---------------------------------------------------------------------------------------------
// Servers

/// A server process killed (by its `Child`, so by pid) when dropped.
struct Proc {
    child: Child,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The oracle and the target, their addresses and the processes to kill at the end.
struct Servers {
    oracle: String,
    target: String,
    target_name: String,
    _procs: Vec<Proc>,
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0 finds a free port");
    l.local_addr()
        .expect("a bound listener has an address")
        .port()
}

/// Waits until the server `proc` accepts on `addr`. `false` when it exited first (its port
/// was taken meanwhile: the caller retries on another one) or when the process answering on
/// `addr` is not `proc` (another test's server got the same free port first), checked with
/// INFO's `process_id`.
fn wait_accepting(proc: &mut Proc, addr: &str, what: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(mut s) = TcpStream::connect(addr) {
            return answers_as(&mut s, proc.child.id());
        }
        if let Ok(Some(_)) = proc.child.try_wait() {
            return false;
        }
        if Instant::now() > deadline {
            panic!("{what} did not accept connections on {addr} within 15 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether the server on `s` reports process id `pid` in INFO server.
fn answers_as(s: &mut TcpStream, pid: u32) -> bool {
    use std::io::{Read, Write};
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    if s.write_all(b"*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n")
        .is_err()
    {
        return false;
    }
    let want = format!("process_id:{pid}\r\n");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = s.read(&mut chunk) {
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.windows(want.len()).any(|w| w == want.as_bytes()) {
            return true;
        }
        if buf.ends_with(b"\r\n\r\n") || buf.len() > 1 << 20 {
            break;
        }
    }
    false
}

fn spawn(program: &Path, args: &[String], what: &str) -> (Proc, String) {
    // A free port can be taken between our check and the server's bind (tests run in
    // parallel): retry on another one.
    for _ in 0..10 {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let mut full = vec!["--port".to_string(), port.to_string()];
        full.extend(args.iter().cloned());
        let child = Command::new(program)
            .args(&full)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {what} ({}): {e}; the differential tests need redis-server \
                     7.0 (Debian package redis-server) and are never skipped",
                    program.display()
                )
            });
        let mut proc = Proc { child };
        if wait_accepting(&mut proc, &addr, what) {
            return (proc, addr);
        }
        // Dropping `proc` kills it if it is still running.
    }
    panic!("{what} could not be started on a free port");
}

fn spawn_redis(what: &str) -> (Proc, String) {
    let program = PathBuf::from(std::env::var("REDIS_SERVER").unwrap_or("redis-server".into()));
    let dir = std::env::temp_dir();
    let args = [
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        "--logfile",
        "",
        "--dir",
        &dir.to_string_lossy(),
    ]
    .map(String::from);
    spawn(&program, &args, what)
}

fn start_servers() -> Servers {
    let (oracle_proc, oracle) = spawn_redis("redis-server (oracle)");
    let mut procs = vec![oracle_proc];
    let choice = std::env::var("REDLET_DIFF_TARGET").unwrap_or_else(|_| "redlet".into());
    let (target, target_name) = match choice.as_str() {
        "redlet" => {
            let bin = PathBuf::from(env!("CARGO_BIN_EXE_redlet-server"));
            let args = ["--bind", "127.0.0.1"].map(String::from);
            let (p, addr) = spawn(&bin, &args, "redlet-server (target)");
            procs.push(p);
            (addr, "redlet-server".to_string())
        }
        "redis" => {
            let (p, addr) = spawn_redis("redis-server (second, as target)");
            procs.push(p);
            (addr, "redis-server (second)".to_string())
        }
        addr => (addr.to_string(), format!("server at {addr}")),
    };
    Servers {
        oracle,
        target,
        target_name,
        _procs: procs,
    }
}

// ---------------------------------------------------------------------------------------------
// A raw RESP client

/// One reply as received, or why there is none.
#[derive(Debug, Clone, PartialEq)]
enum Reply {
    /// The exact bytes of one complete frame.
    Bytes(Vec<u8>),
    /// The server closed the connection.
    Closed,
    /// Nothing complete arrived in time.
    Timeout,
    /// The bytes do not parse as RESP.
    Malformed(String, Vec<u8>),
}

struct Client {
    /// Its CLIENT ID on its server (0 until learnt).
    id: i64,
    stream: TcpStream,
    buf: Vec<u8>,
    pending: VecDeque<Reply>,
    closed: bool,
}

impl Client {
    fn connect(addr: &str) -> Client {
        let stream =
            TcpStream::connect(addr).unwrap_or_else(|e| panic!("connecting to {addr} failed: {e}"));
        stream.set_nodelay(true).expect("TCP_NODELAY can be set");
        Client {
            id: 0,
            stream,
            buf: Vec::new(),
            pending: VecDeque::new(),
            closed: false,
        }
    }

    /// Sends one command; a failed write shows up as `Closed` on the next read.
    fn send(&mut self, args: &[Vec<u8>]) {
        if self.stream.write_all(&encode_command(args)).is_err() {
            self.closed = true;
        }
    }

    /// Reads exactly one frame from the socket, waiting at most `timeout`.
    fn read_frame(&mut self, timeout: Duration) -> Reply {
        let deadline = Instant::now() + timeout;
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match decode(&self.buf) {
                Ok(Some((_, used))) => return Reply::Bytes(self.buf.drain(..used).collect()),
                Ok(None) => {}
                Err(e) => return Reply::Malformed(e, std::mem::take(&mut self.buf)),
            }
            if self.closed {
                return Reply::Closed;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Reply::Timeout;
            }
            self.stream
                .set_read_timeout(Some(left))
                .expect("a non-zero read timeout is accepted");
            match self.stream.read(&mut chunk) {
                Ok(0) => self.closed = true,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Reply::Timeout
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => self.closed = true,
            }
        }
    }

    /// The next reply: one already set aside, or one from the socket.
    fn read(&mut self, timeout: Duration) -> Reply {
        self.pending
            .pop_front()
            .unwrap_or_else(|| self.read_frame(timeout))
    }
}

/// Escapes bytes so `\r\n` and binary are visible.
fn escape(b: &[u8]) -> String {
    let mut s = String::new();
    for &c in b {
        match c {
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\\' => s.push_str("\\\\"),
            c if c.is_ascii_graphic() || c == b' ' => s.push(c as char),
            c => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s
}

fn show(r: &Reply) -> String {
    match r {
        Reply::Bytes(b) => escape(b),
        Reply::Closed => "<connection closed>".into(),
        Reply::Timeout => "<no reply>".into(),
        Reply::Malformed(e, b) => format!("<malformed: {e}> {}", escape(b)),
    }
}

// ---------------------------------------------------------------------------------------------
// Comparison

/// How one line's replies are compared.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Exact,
    Sort,
    Type,
    Hello,
    Skip,
}

fn parse_frame(b: &[u8]) -> Option<Frame> {
    match decode(b) {
        Ok(Some((f, used))) if used == b.len() => Some(f),
        _ => None,
    }
}

/// Only the RESP types and aggregate lengths; errors keep their text.
fn shape(f: Frame) -> Frame {
    match f {
        Frame::Simple(_) => Frame::Simple(vec![]),
        Frame::Bulk(_) => Frame::Bulk(vec![]),
        Frame::Integer(_) => Frame::Integer(0),
        Frame::Double(_) => Frame::Double(vec![]),
        Frame::BigNumber(_) => Frame::BigNumber(vec![]),
        Frame::Verbatim(fmt, _) => Frame::Verbatim(fmt, vec![]),
        Frame::Array(v) => Frame::Array(v.into_iter().map(shape).collect()),
        Frame::Set(v) => Frame::Set(v.into_iter().map(shape).collect()),
        Frame::Push(v) => Frame::Push(v.into_iter().map(shape).collect()),
        Frame::Map(v) => Frame::Map(v.into_iter().map(|(k, v)| (shape(k), shape(v))).collect()),
        other => other,
    }
}

fn sorted(f: Frame) -> Frame {
    let key = |f: &Frame| format!("{f:?}");
    match f {
        Frame::Array(mut v) => {
            v.sort_by_key(key);
            Frame::Array(v)
        }
        Frame::Set(mut v) => {
            v.sort_by_key(key);
            Frame::Set(v)
        }
        Frame::Push(mut v) => {
            v.sort_by_key(key);
            Frame::Push(v)
        }
        Frame::Map(mut v) => {
            v.sort_by_key(|(k, v)| format!("{k:?}{v:?}"));
            Frame::Map(v)
        }
        other => other,
    }
}

/// Masks the value of the `id` field of a HELLO reply (a RESP3 map or a RESP2 flat array).
fn hello_masked(f: Frame) -> Frame {
    let is_id = |k: &Frame| matches!(k, Frame::Bulk(s) | Frame::Simple(s) if s == b"id");
    match f {
        Frame::Map(pairs) => Frame::Map(
            pairs
                .into_iter()
                .map(|(k, v)| if is_id(&k) { (k, shape(v)) } else { (k, v) })
                .collect(),
        ),
        Frame::Array(items) => {
            let mut out: Vec<Frame> = Vec::with_capacity(items.len());
            for item in items {
                let after_id = out.len() % 2 == 1 && out.last().is_some_and(is_id);
                out.push(if after_id { shape(item) } else { item });
            }
            Frame::Array(out)
        }
        other => other,
    }
}

/// Whether the two replies agree under `mode`.
fn agree(mode: Mode, a: &Reply, b: &Reply) -> bool {
    if mode == Mode::Skip {
        return true;
    }
    if matches!(a, Reply::Timeout) || matches!(b, Reply::Timeout) {
        return false;
    }
    if mode == Mode::Exact || a == b {
        return a == b;
    }
    let (Reply::Bytes(x), Reply::Bytes(y)) = (a, b) else {
        return false;
    };
    let (Some(fx), Some(fy)) = (parse_frame(x), parse_frame(y)) else {
        return false;
    };
    let canon = |f: Frame| match mode {
        Mode::Sort => sorted(f),
        Mode::Type => shape(f),
        Mode::Hello => hello_masked(f),
        Mode::Exact | Mode::Skip => f,
    };
    canon(fx) == canon(fy)
}

// ---------------------------------------------------------------------------------------------
// Sessions: the same clients on both servers

/// One protocol run over both servers, with lazily created numbered clients and, per server,
/// a RESP2 control connection (number 0) that watches and unblocks them.
struct Session<'a> {
    servers: &'a Servers,
    resp3: bool,
    oracle: BTreeMap<u32, Client>,
    target: BTreeMap<u32, Client>,
    /// Clients left blocked on both servers, whose reply is still to be read.
    waiting: BTreeSet<u32>,
    /// The steps run since the last reset, in transcript syntax (the reproduction).
    log: Vec<String>,
    /// INFO stats' `(keyspace_hits, keyspace_misses)` of the oracle and the target when last
    /// read (see [`Session::keyspace_delta`]).
    counters: [(u64, u64); 2],
}

/// What two servers answered to one step.
struct Outcome {
    oracle: Reply,
    target: Reply,
    mode: Mode,
    note: &'static str,
}

/// A sent command once the server has dealt with it: answered, or left its client blocked.
enum Settled {
    Replied(Reply),
    Blocked,
}

/// Whether the reply ends a drain: PING's answer, plain or in RESP2 subscribed mode.
fn is_pong(b: &[u8]) -> bool {
    b == b"+PONG\r\n" || b == b"*2\r\n$4\r\npong\r\n$0\r\n\r\n"
}

/// Sorts each run of consecutive `pmessage` frames: one PUBLISH matching several patterns
/// of a client sends one per pattern in the order of Redis's pattern dict, a hash order.
fn pmessages_sorted(mut frames: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let is_pmessage = |b: &Vec<u8>| match parse_frame(b) {
        Some(Frame::Array(v) | Frame::Push(v)) => {
            matches!(v.first(), Some(Frame::Bulk(t)) if t == b"pmessage")
        }
        _ => false,
    };
    let mut i = 0;
    while i < frames.len() {
        let mut j = i;
        while j < frames.len() && is_pmessage(&frames[j]) {
            j += 1;
        }
        frames[i..j].sort();
        i = j.max(i + 1);
    }
    frames
}

/// Asks `ctrl` (CLIENT LIST ID) whether client `id` is blocked (`flags=` holds `b`).
fn is_blocked(ctrl: &mut Client, id: i64) -> bool {
    ctrl.send(&[
        b"CLIENT".to_vec(),
        b"LIST".to_vec(),
        b"ID".to_vec(),
        id.to_string().into_bytes(),
    ]);
    let Reply::Bytes(b) = ctrl.read(REPLY_TIMEOUT) else {
        return false;
    };
    let text = String::from_utf8_lossy(&b);
    text.split(' ')
        .find_map(|f| f.strip_prefix("flags="))
        .is_some_and(|f| f.contains('b'))
}

/// Waits until the server has answered `c`'s last command or parked `c`: the reply arrives,
/// or the control connection sees the client blocked. Deterministic, unlike a timed wait.
fn settle(c: &mut Client, ctrl: &mut Client) -> Settled {
    let deadline = Instant::now() + REPLY_TIMEOUT;
    loop {
        let r = c.read(Duration::from_micros(500));
        if r != Reply::Timeout {
            return Settled::Replied(r);
        }
        if is_blocked(ctrl, c.id) {
            return Settled::Blocked;
        }
        if Instant::now() > deadline {
            return Settled::Replied(Reply::Timeout);
        }
    }
}

/// Sends `args` then PING on `c` and reads every frame up to PING's answer: the command's
/// reply with the pub/sub messages that arrived before it, as one byte string.
fn drain(c: &mut Client, args: &[Vec<u8>]) -> Reply {
    c.send(args);
    c.send(&[b"PING".to_vec()]);
    let mut all = Vec::new();
    // The command's own reply is a PONG too when it is PING: then the drain ends on the second.
    let mut pongs = 1 + usize::from(args[0].eq_ignore_ascii_case(b"PING"));
    loop {
        match c.read(REPLY_TIMEOUT) {
            Reply::Bytes(b) => {
                pongs -= usize::from(is_pong(&b));
                all.push(b);
                if pongs == 0 {
                    return Reply::Bytes(pmessages_sorted(all).concat());
                }
            }
            other => return other,
        }
    }
}

impl<'a> Session<'a> {
    fn new(servers: &'a Servers, resp3: bool) -> Self {
        Session {
            servers,
            resp3,
            oracle: BTreeMap::new(),
            target: BTreeMap::new(),
            waiting: BTreeSet::new(),
            log: Vec::new(),
            counters: [(0, 0); 2],
        }
    }

    /// Drops every client, FLUSHALLs both servers and lets them notice the disconnects.
    fn reset(&mut self) {
        self.oracle.clear();
        self.target.clear();
        self.waiting.clear();
        self.log.clear();
        for (i, addr) in [&self.servers.oracle, &self.servers.target]
            .into_iter()
            .enumerate()
        {
            let mut c = Client::connect(addr);
            c.send(&[b"FLUSHALL".to_vec()]);
            let r = c.read(REPLY_TIMEOUT);
            assert_eq!(r, Reply::Bytes(b"+OK\r\n".to_vec()), "FLUSHALL on {addr}");
            self.counters[i] = keyspace_counters(&mut c);
        }
        std::thread::sleep(Duration::from_millis(10));
    }

    /// How much INFO stats' `keyspace_hits` and `keyspace_misses` grew on each server since
    /// the last call (or the reset), read on the control connection: compared exactly after
    /// every transcript line, so a read that Redis counts as a hit or a miss must count the
    /// same on the target, command by command.
    fn keyspace_delta(&mut self) -> Outcome {
        let mut replies = Vec::with_capacity(2);
        for (i, side) in [&mut self.oracle, &mut self.target].into_iter().enumerate() {
            let ctrl = side
                .get_mut(&0)
                .expect("ensure() created the control connection");
            let now = keyspace_counters(ctrl);
            let (hits, misses) = (
                now.0.wrapping_sub(self.counters[i].0),
                now.1.wrapping_sub(self.counters[i].1),
            );
            self.counters[i] = now;
            replies.push(Reply::Bytes(
                format!("keyspace_hits +{hits}, keyspace_misses +{misses}").into_bytes(),
            ));
        }
        let target = replies.pop().expect("two sides");
        Outcome {
            oracle: replies.pop().expect("two sides"),
            target,
            mode: Mode::Exact,
            note: "INFO stats keyspace_hits / keyspace_misses counted by this line",
        }
    }

    /// Connects a client to `addr` and learns its id there (CLIENT ID).
    fn connect(addr: &str) -> Client {
        let mut c = Client::connect(addr);
        c.send(&[b"CLIENT".to_vec(), b"ID".to_vec()]);
        if let Reply::Bytes(b) = c.read(REPLY_TIMEOUT) {
            if let Some(Frame::Integer(id)) = parse_frame(&b) {
                c.id = id;
            }
        }
        c
    }

    /// Makes sure client `n` exists on both servers (and the control connections); in RESP3
    /// runs its `HELLO 3` reply is returned for comparison.
    fn ensure(&mut self, n: u32) -> Option<Outcome> {
        if !self.oracle.contains_key(&0) {
            self.oracle.insert(0, Self::connect(&self.servers.oracle));
            self.target.insert(0, Self::connect(&self.servers.target));
        }
        if self.oracle.contains_key(&n) {
            return None;
        }
        let mut o = Self::connect(&self.servers.oracle);
        let mut t = Self::connect(&self.servers.target);
        let out = self.resp3.then(|| {
            let hello = vec![b"HELLO".to_vec(), b"3".to_vec()];
            o.send(&hello);
            t.send(&hello);
            Outcome {
                oracle: o.read(REPLY_TIMEOUT),
                target: t.read(REPLY_TIMEOUT),
                mode: Mode::Hello,
                note: "implicit HELLO 3 of a new client",
            }
        });
        self.oracle.insert(n, o);
        self.target.insert(n, t);
        out
    }

    fn pair(&mut self, n: u32) -> (&mut Client, &mut Client) {
        (
            self.oracle
                .get_mut(&n)
                .expect("ensure() created the client"),
            self.target
                .get_mut(&n)
                .expect("ensure() created the client"),
        )
    }

    /// Runs `f` on client `n` and the control connection of each server.
    fn with_control<R>(
        &mut self,
        n: u32,
        mut f: impl FnMut(&mut Client, &mut Client) -> R,
    ) -> (R, R) {
        let mut out = Vec::with_capacity(2);
        for side in [&mut self.oracle, &mut self.target] {
            let mut c = side.remove(&n).expect("ensure() created the client");
            let ctrl = side
                .get_mut(&0)
                .expect("ensure() created the control connection");
            out.push(f(&mut c, ctrl));
            side.insert(n, c);
        }
        let t = out.pop().expect("two sides");
        (out.pop().expect("two sides"), t)
    }

    /// Sends on client `n` and reads the reply, or, for a command that can block, finds it
    /// blocked on both servers (then it is in `waiting`, its reply read later).
    fn command(&mut self, n: u32, args: &[Vec<u8>], mode: Mode) -> Outcome {
        if self.waiting.contains(&n) {
            // Pipelined behind the blocked command: its reply is read later with `N<`.
            self.log.push(format!("{n}> {}", render_command(args)));
            let (o, t) = self.pair(n);
            o.send(args);
            t.send(args);
            return Outcome {
                oracle: Reply::Timeout,
                target: Reply::Timeout,
                mode: Mode::Skip,
                note: "sent behind a blocked command",
            };
        }
        if !may_block(args) {
            return self.exchange(n, args, mode);
        }
        self.log.push(format!("{n}> {}", render_command(args)));
        let (o, t) = self.with_control(n, |c, ctrl| {
            c.send(args);
            settle(c, ctrl)
        });
        let blocked = || Reply::Bytes(b"<blocked>".to_vec());
        match (o, t) {
            (Settled::Replied(oracle), Settled::Replied(target)) => Outcome {
                oracle,
                target,
                mode,
                note: "",
            },
            (Settled::Blocked, Settled::Blocked) => {
                self.waiting.insert(n);
                Outcome {
                    oracle: Reply::Timeout,
                    target: Reply::Timeout,
                    mode: Mode::Skip,
                    note: "blocked on both",
                }
            }
            (Settled::Blocked, Settled::Replied(target)) => Outcome {
                oracle: blocked(),
                target,
                mode: Mode::Exact,
                note: "the oracle blocked, the target replied",
            },
            (Settled::Replied(oracle), Settled::Blocked) => Outcome {
                oracle,
                target: blocked(),
                mode: Mode::Exact,
                note: "the target blocked, the oracle replied",
            },
        }
    }

    /// CLIENT UNBLOCK of client `n` on both servers: its blocking command gets its timeout
    /// reply unless it was served already (read it next with [`Session::read_pending`]).
    fn unblock(&mut self, n: u32) -> Outcome {
        self.log.push(format!("unblock {n}"));
        let (oracle, target) = self.with_control(n, |c, ctrl| {
            ctrl.send(&[
                b"CLIENT".to_vec(),
                b"UNBLOCK".to_vec(),
                c.id.to_string().into_bytes(),
            ]);
            ctrl.read(REPLY_TIMEOUT)
        });
        Outcome {
            oracle,
            target,
            mode: Mode::Exact,
            note: "CLIENT UNBLOCK: was the client still blocked?",
        }
    }

    /// Sends on client `n` and waits for the reply, however long it takes (up to the timeout).
    fn exchange(&mut self, n: u32, args: &[Vec<u8>], mode: Mode) -> Outcome {
        self.log.push(format!("{n}> {}", render_command(args)));
        let (o, t) = self.pair(n);
        o.send(args);
        t.send(args);
        Outcome {
            oracle: o.read(REPLY_TIMEOUT),
            target: t.read(REPLY_TIMEOUT),
            mode,
            note: "",
        }
    }

    /// [`drain`] on both servers.
    fn drain(&mut self, n: u32, args: &[Vec<u8>], mode: Mode) -> Outcome {
        self.log.push(format!("{n}>> {}", render_command(args)));
        let (o, t) = self.pair(n);
        Outcome {
            oracle: drain(o, args),
            target: drain(t, args),
            mode,
            note: "the reply and the pub/sub messages before PING's",
        }
    }

    fn read_pending(&mut self, n: u32, mode: Mode) -> Outcome {
        self.waiting.remove(&n);
        self.log.push(format!("{n}<"));
        let (o, t) = self.pair(n);
        Outcome {
            oracle: o.read(REPLY_TIMEOUT),
            target: t.read(REPLY_TIMEOUT),
            mode,
            note: "",
        }
    }

    /// Iterates `SCAN cursor args…` to cursor 0 on each server; the key sets as text replies.
    fn scan_all(&mut self, args: &[Vec<u8>]) -> Outcome {
        let (o, t) = self.pair(1);
        Outcome {
            oracle: scan_union(o, args),
            target: scan_union(t, args),
            mode: Mode::Exact,
            note: "scanall: union of keys",
        }
    }
}

/// INFO stats' `(keyspace_hits, keyspace_misses)` as read on `c` (a RESP2 connection).
fn keyspace_counters(c: &mut Client) -> (u64, u64) {
    c.send(&[b"INFO".to_vec(), b"stats".to_vec()]);
    let r = c.read(REPLY_TIMEOUT);
    let Reply::Bytes(b) = &r else {
        panic!("INFO stats: {}", show(&r));
    };
    let text = String::from_utf8_lossy(b);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or_else(|| panic!("INFO stats has no {name}: {text}"))
    };
    (field("keyspace_hits:"), field("keyspace_misses:"))
}

/// Whether a command can leave its client waiting: only these get the blocked-detection
/// window, so a slow but non-blocking command is never mistaken for a blocked one.
fn may_block(args: &[Vec<u8>]) -> bool {
    let name = args
        .first()
        .map(|a| a.to_ascii_uppercase())
        .unwrap_or_default();
    matches!(
        name.as_slice(),
        b"BLPOP"
            | b"BRPOP"
            | b"BLMOVE"
            | b"BRPOPLPUSH"
            | b"BLMPOP"
            | b"BZPOPMIN"
            | b"BZPOPMAX"
            | b"BZMPOP"
            | b"XREAD"
            | b"XREADGROUP"
            | b"WAIT"
    )
}

fn scan_union(c: &mut Client, args: &[Vec<u8>]) -> Reply {
    let mut keys = BTreeSet::new();
    let mut cursor = b"0".to_vec();
    for _ in 0..100_000 {
        let mut cmd = vec![b"SCAN".to_vec(), cursor.clone()];
        cmd.extend(args.iter().cloned());
        c.send(&cmd);
        let r = c.read(REPLY_TIMEOUT);
        let Reply::Bytes(b) = &r else { return r };
        match parse_frame(b) {
            Some(Frame::Array(items)) if items.len() == 2 => {
                let (Frame::Bulk(next), Frame::Array(batch)) = (&items[0], &items[1]) else {
                    return r;
                };
                for k in batch {
                    keys.insert(format!("{k:?}"));
                }
                if next == b"0" {
                    let list: Vec<String> = keys.into_iter().collect();
                    return Reply::Bytes(format!("{{{}}}", list.join(", ")).into_bytes());
                }
                cursor = next.clone();
            }
            _ => return r,
        }
    }
    Reply::Bytes(b"<SCAN never returned cursor 0>".to_vec())
}

// ---------------------------------------------------------------------------------------------
// Transcripts

enum Step {
    Command(u32, Vec<Vec<u8>>),
    Drain(u32, Vec<Vec<u8>>),
    Unblock(u32),
    Read(u32),
    Sleep(u64),
    ScanAll(Vec<Vec<u8>>),
}

struct Line {
    number: usize,
    text: String,
    step: Step,
    mode: Mode,
}

fn parse_transcript(file: &str, src: &str) -> Vec<Line> {
    let mut out = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        let number = i + 1;
        let text = raw.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let bad = |why: &str| -> ! { panic!("{file}:{number}: {why}: {text}") };
        let (body, mode) = match text.rsplit_once(" ## ") {
            Some((body, marker)) => (
                body.trim(),
                match marker.trim() {
                    "sort" => Mode::Sort,
                    "type" => Mode::Type,
                    "hello" => Mode::Hello,
                    "skip" => Mode::Skip,
                    _ => bad("unknown marker"),
                },
            ),
            None => (text, Mode::Exact),
        };
        let args = |s: &str| split_args(s.as_bytes()).unwrap_or_else(|| bad("unbalanced quotes"));
        let digits = body
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len());
        let (client, rest) = body.split_at(digits);
        let step = if let Some(ms) = body.strip_prefix("sleep ") {
            Step::Sleep(ms.trim().parse().unwrap_or_else(|_| bad("sleep takes ms")))
        } else if let Some(rest) = body.strip_prefix("scanall") {
            Step::ScanAll(args(rest))
        } else if let Some(n) = body.strip_prefix("unblock ") {
            Step::Unblock(n.trim().parse().unwrap_or_else(|_| bad("client number")))
        } else if !client.is_empty() && rest.starts_with(">> ") {
            let n = client.parse().unwrap_or_else(|_| bad("client number"));
            Step::Drain(n, args(&rest[3..]))
        } else if !client.is_empty() && rest.trim() == "<" {
            Step::Read(client.parse().unwrap_or_else(|_| bad("client number")))
        } else if !client.is_empty() && rest.starts_with("> ") {
            let n = client.parse().unwrap_or_else(|_| bad("client number"));
            Step::Command(n, args(&rest[2..]))
        } else {
            Step::Command(1, args(body))
        };
        if let Step::Command(_, a) | Step::Drain(_, a) | Step::ScanAll(a) = &step {
            if a.is_empty() && !matches!(step, Step::ScanAll(_)) {
                bad("empty command");
            }
        }
        out.push(Line {
            number,
            text: text.to_string(),
            step,
            mode,
        });
    }
    out
}

/// One disagreement, with what is needed to reproduce it.
struct Divergence {
    place: String,
    command: String,
    note: &'static str,
    oracle: Reply,
    target: Reply,
    repro: Vec<String>,
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "DIVERGENCE at {}", self.place)?;
        writeln!(f, "  command: {}", self.command)?;
        if !self.note.is_empty() {
            writeln!(f, "  note:    {}", self.note)?;
        }
        writeln!(f, "  oracle:  {}", show(&self.oracle))?;
        writeln!(f, "  target:  {}", show(&self.target))?;
        writeln!(f, "  reproduce with:")?;
        for l in &self.repro {
            writeln!(f, "    {l}")?;
        }
        Ok(())
    }
}

fn run_transcript(
    s: &mut Session<'_>,
    file: &str,
    lines: &[Line],
    divergences: &mut Vec<Divergence>,
) {
    s.reset();
    let proto = if s.resp3 { "RESP3" } else { "RESP2" };
    let dump = std::env::var_os("REDLET_DIFF_DUMP").is_some();
    let mut repro: Vec<String> = Vec::new();
    if s.resp3 {
        repro.push("# RESP3: every client sends HELLO 3 first".into());
    }
    for line in lines {
        repro.push(line.text.clone());
        let mut outcomes = Vec::new();
        match &line.step {
            Step::Sleep(ms) => std::thread::sleep(Duration::from_millis(*ms)),
            Step::Command(n, args) => {
                outcomes.extend(s.ensure(*n));
                outcomes.push(s.command(*n, args, line.mode));
            }
            Step::Drain(n, args) => {
                outcomes.extend(s.ensure(*n));
                outcomes.push(s.drain(*n, args, line.mode));
            }
            Step::Unblock(n) => {
                outcomes.extend(s.ensure(*n));
                outcomes.push(s.unblock(*n));
            }
            Step::Read(n) => {
                outcomes.extend(s.ensure(*n));
                outcomes.push(s.read_pending(*n, line.mode));
            }
            Step::ScanAll(args) => {
                outcomes.extend(s.ensure(1));
                outcomes.push(s.scan_all(args));
            }
        }
        outcomes.push(s.keyspace_delta());
        for o in outcomes {
            if dump {
                eprintln!(
                    "{file}:{} {proto} {} -> {}",
                    line.number,
                    line.text,
                    show(&o.oracle)
                );
            }
            if !agree(o.mode, &o.oracle, &o.target) {
                divergences.push(Divergence {
                    place: format!("{file}:{} ({proto})", line.number),
                    command: line.text.clone(),
                    note: o.note,
                    oracle: o.oracle,
                    target: o.target,
                    repro: repro.clone(),
                });
            }
        }
    }
}

fn transcript_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let only: Option<Vec<String>> = std::env::var("REDLET_DIFF_ONLY")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entries are readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
            only.as_ref()
                .is_none_or(|o| stem.is_some_and(|s| o.contains(&s)))
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no transcripts selected in {}",
        dir.display()
    );
    files
}

fn fail_with(what: &str, target: &str, divergences: &[Divergence], runs: usize) {
    if divergences.is_empty() {
        return;
    }
    for d in divergences {
        eprintln!("{d}");
    }
    panic!(
        "{} divergence(s) between redis-server and {target} in {runs} {what} run(s)",
        divergences.len()
    );
}

#[test]
fn transcripts() {
    let servers = start_servers();
    let mut divergences = Vec::new();
    let mut runs = 0;
    for path in transcript_files() {
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&path)
            .display()
            .to_string();
        let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let lines = parse_transcript(&name, &src);
        for resp3 in [false, true] {
            let mut s = Session::new(&servers, resp3);
            run_transcript(&mut s, &name, &lines, &mut divergences);
            runs += 1;
        }
    }
    fail_with("transcript", &servers.target_name, &divergences, runs);
}

// ---------------------------------------------------------------------------------------------
// Random sequences

/// splitmix64: a tiny seeded generator, so a seed names the same sequence forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'b>(&mut self, xs: &[&'b str]) -> &'b str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const KEYS: &[&str] = &["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"];
const VALUES: &[&str] = &["a", "1", "-7", "x\0y"];
const INTS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "-3",
    "5",
    "100",
    "x",
    "9223372036854775807",
];
const IDS: &[&str] = &["0-1", "1-1", "1-2", "2", "2-*", "3-0", "5-5", "0-0", "x"];
const RANGE_IDS: &[&str] = &["-", "+", "1", "1-2", "(1-1", "3", "(2-0", "bad"];
/// Absolute expiry times far in the future, so only these ever matter (never a clock reading).
const AT_SECS: &[&str] = &["4102444800", "4102444900", "1"];

/// A random deterministic command: no clock-dependent replies (only absolute or already-past
/// expiries, explicit stream IDs), and order-free replies are compared as multisets.
fn random_command(r: &mut Rng) -> (Vec<String>, Mode) {
    let k = |r: &mut Rng| r.pick(KEYS).to_string();
    let v = |r: &mut Rng| r.pick(VALUES).to_string();
    let i = |r: &mut Rng| r.pick(INTS).to_string();
    let s = |x: &str| x.to_string();
    let mut mode = Mode::Exact;
    let cmd: Vec<String> = match r.below(150) {
        // strings
        0..=3 => {
            let mut c = vec![s("SET"), k(r), v(r)];
            match r.below(8) {
                // Future deadlines only: SET with a past EXAT stores a key that is already
                // expired, and when it is removed (Redis: the next active-expiry cycle, ~100 ms;
                // redlet: at its deadline) is timing, not semantics. GETEX and EXPIREAT delete
                // at once on a past deadline, so they keep the past value.
                0 => c.extend([s("EXAT"), r.pick(&AT_SECS[..2]).into()]),
                1 => c.push(s("NX")),
                2 => c.push(s("XX")),
                3 => c.push(s("GET")),
                4 => c.push(s("KEEPTTL")),
                5 => c.extend([s("PXAT"), s("4102444800123"), s("GET")]),
                _ => {}
            }
            c
        }
        4 | 5 => vec![s("GET"), k(r)],
        6 => vec![s("GETDEL"), k(r)],
        7 => match r.below(3) {
            0 => vec![s("GETEX"), k(r), s("PERSIST")],
            1 => vec![s("GETEX"), k(r), s("EXAT"), r.pick(AT_SECS).into()],
            _ => vec![s("GETEX"), k(r)],
        },
        8 => vec![s("SETNX"), k(r), v(r)],
        9 => vec![s("MGET"), k(r), k(r), k(r)],
        10 => vec![s("MSET"), k(r), v(r), k(r), v(r)],
        11 => vec![s("MSETNX"), k(r), v(r), k(r), v(r)],
        12 => vec![s(r.pick(&["INCR", "DECR"])), k(r)],
        13 => vec![s(r.pick(&["INCRBY", "DECRBY"])), k(r), i(r)],
        14 => vec![
            s("INCRBYFLOAT"),
            k(r),
            s(r.pick(&["1.5", "-2", "0.1", "1e3", "x", "inf"])),
        ],
        15 => vec![s("APPEND"), k(r), v(r)],
        16 => vec![s("STRLEN"), k(r)],
        17 => vec![s("GETRANGE"), k(r), i(r), i(r)],
        18 => vec![s("SETRANGE"), k(r), s(r.pick(&["0", "1", "3", "-1"])), v(r)],
        // lists
        19..=22 => {
            let mut c = vec![
                s(r.pick(&["LPUSH", "RPUSH", "LPUSHX", "RPUSHX"])),
                k(r),
                v(r),
            ];
            if r.chance(40) {
                c.push(v(r));
            }
            c
        }
        23 | 24 => {
            let mut c = vec![s(r.pick(&["LPOP", "RPOP"])), k(r)];
            if r.chance(40) {
                c.push(s(r.pick(&["0", "1", "3", "-1"])));
            }
            c
        }
        25 => vec![s("LLEN"), k(r)],
        26 | 27 => vec![s("LRANGE"), k(r), i(r), i(r)],
        28 => vec![s("LINDEX"), k(r), i(r)],
        29 => vec![s("LSET"), k(r), i(r), v(r)],
        30 => vec![
            s("LINSERT"),
            k(r),
            s(r.pick(&["BEFORE", "AFTER"])),
            v(r),
            v(r),
        ],
        31 => vec![s("LREM"), k(r), i(r), v(r)],
        32 => vec![s("LTRIM"), k(r), i(r), i(r)],
        33 => {
            let mut c = vec![s("LPOS"), k(r), v(r)];
            if r.chance(50) {
                c.extend([s("RANK"), s(r.pick(&["1", "-1", "2", "0"]))]);
            }
            if r.chance(50) {
                c.extend([s("COUNT"), s(r.pick(&["0", "1", "2"]))]);
            }
            if r.chance(30) {
                c.extend([s("MAXLEN"), s(r.pick(&["0", "1", "3"]))]);
            }
            c
        }
        34 | 35 => vec![
            s("LMOVE"),
            k(r),
            k(r),
            s(r.pick(&["LEFT", "RIGHT"])),
            s(r.pick(&["LEFT", "RIGHT"])),
        ],
        36 => vec![s("RPOPLPUSH"), k(r), k(r)],
        // Only served immediately or timing out quickly: the reply does not depend on timing.
        37 => vec![s(r.pick(&["BLPOP", "BRPOP"])), k(r), k(r), s("0.01")],
        // generic
        38 | 39 => {
            let mut c = vec![s(r.pick(&["DEL", "UNLINK", "EXISTS", "TOUCH"])), k(r)];
            if r.chance(50) {
                c.push(k(r));
            }
            c
        }
        40 | 41 => vec![s("TYPE"), k(r)],
        42 | 43 => {
            let mut c = vec![s(r.pick(&["EXPIREAT", "PEXPIREAT"])), k(r)];
            let at = r.pick(AT_SECS);
            c.push(if c[0] == "PEXPIREAT" {
                format!("{at}000")
            } else {
                at.into()
            });
            if r.chance(50) {
                c.push(s(r.pick(&["NX", "XX", "GT", "LT"])));
            }
            c
        }
        44 => vec![
            s(r.pick(&["EXPIRE", "PEXPIRE"])),
            k(r),
            s(r.pick(&["0", "-5", "x"])),
        ],
        45 => vec![s(r.pick(&["EXPIRETIME", "PEXPIRETIME"])), k(r)],
        46 => vec![s("PERSIST"), k(r)],
        47 => vec![s(r.pick(&["RENAME", "RENAMENX"])), k(r), k(r)],
        48 => {
            mode = Mode::Sort;
            vec![s("KEYS"), s(r.pick(&["*", "k[0-3]", "k?", "x*"]))]
        }
        49 => vec![s("DBSIZE")],
        // streams
        50..=53 => {
            let mut c = vec![s("XADD"), k(r)];
            if r.chance(15) {
                c.push(s("NOMKSTREAM"));
            }
            if r.chance(20) {
                c.extend([s("MAXLEN"), s(r.pick(&["0", "1", "2", "5"]))]);
            } else if r.chance(10) {
                c.extend([s("MINID"), s(r.pick(&["1-2", "3"]))]);
            }
            c.push(s(r.pick(IDS)));
            c.extend([s("f"), v(r)]);
            c
        }
        54 => vec![s("XLEN"), k(r)],
        55 | 56 => {
            let rev = r.chance(40);
            let (a, b) = (s(r.pick(RANGE_IDS)), s(r.pick(RANGE_IDS)));
            let mut c = vec![s(if rev { "XREVRANGE" } else { "XRANGE" }), k(r), a, b];
            if r.chance(40) {
                c.extend([s("COUNT"), s(r.pick(&["0", "1", "2", "-1"]))]);
            }
            c
        }
        57 => vec![s("XDEL"), k(r), s(r.pick(IDS))],
        58 => vec![
            s("XTRIM"),
            k(r),
            s(r.pick(&["MAXLEN", "MINID"])),
            s(r.pick(&["0", "1", "2-0", "3"])),
        ],
        59 | 60 => {
            let mut c = vec![s("XREAD")];
            if r.chance(50) {
                c.extend([s("COUNT"), s(r.pick(&["1", "2"]))]);
            }
            c.push(s("STREAMS"));
            let n = 1 + r.below(2);
            let keys: Vec<String> = (0..n).map(|_| k(r)).collect();
            c.extend(keys);
            for _ in 0..n {
                c.push(s(r.pick(&["0", "1-1", "2", "$"])));
            }
            c
        }
        61 => vec![s("EXISTS"), k(r), k(r), k(r)],
        _ => family_command(r, &mut mode),
    };
    (cmd, mode)
}

const FIELDS: &[&str] = &["f1", "f2", "f3", "f4"];
const MEMBERS: &[&str] = &["a", "b", "c", "1", "2", "-7", "x\0y"];
const SCORES: &[&str] = &["0", "1", "2", "-1", "1.5", "inf", "-inf", "x", "3e0"];
const SCORE_MIN: &[&str] = &["-inf", "(1", "1", "2", "(2", "+inf", "x", "0"];
/// Sorted sets for lex ranges: only ZADD with score 0 writes them.
const LEX_KEYS: &[&str] = &["lex0", "lex1"];
const LEX: &[&str] = &["-", "+", "[a", "(b", "[1", "(c", "x"];
const COUNTS: &[&str] = &["0", "1", "2", "3", "-1", "x"];
const GROUPS: &[&str] = &["g1", "g2"];
const CONSUMERS: &[&str] = &["c1", "c2", "c3"];
const GROUP_IDS: &[&str] = &["0", "$", "1-1", "2-0", "0-0", "x"];
const CHANNELS: &[&str] = &["ch1", "ch2", "news"];
const PATTERNS: &[&str] = &["ch*", "c?2", "*", "n[a-z]ws"];

/// A command of the families added after the first generator: hashes, sets, sorted sets,
/// stream consumer groups, pub/sub publishing. Replies that depend on the server's random
/// picks or the clock are compared by shape or as multisets only (see the file's doc).
fn family_command(r: &mut Rng, mode: &mut Mode) -> Vec<String> {
    let k = |r: &mut Rng| r.pick(KEYS).to_string();
    let v = |r: &mut Rng| r.pick(VALUES).to_string();
    let f = |r: &mut Rng| r.pick(FIELDS).to_string();
    let m = |r: &mut Rng| r.pick(MEMBERS).to_string();
    let sc = |r: &mut Rng| r.pick(SCORES).to_string();
    let n = |r: &mut Rng| r.pick(COUNTS).to_string();
    let g = |r: &mut Rng| r.pick(GROUPS).to_string();
    let c = |r: &mut Rng| r.pick(CONSUMERS).to_string();
    let s = |x: &str| x.to_string();
    match r.below(64) {
        // hashes: few short fields, so Redis keeps them listpack-encoded and ordered
        0..=2 => {
            let mut c = vec![s(r.pick(&["HSET", "HMSET"])), k(r), f(r), v(r)];
            if r.chance(40) {
                c.extend([f(r), v(r)]);
            }
            c
        }
        3 => vec![s("HSETNX"), k(r), f(r), v(r)],
        4 => vec![s(r.pick(&["HGET", "HEXISTS", "HSTRLEN"])), k(r), f(r)],
        5 => vec![s("HMGET"), k(r), f(r), f(r)],
        6 => {
            let mut c = vec![s("HDEL"), k(r), f(r)];
            if r.chance(40) {
                c.push(f(r));
            }
            c
        }
        7 => vec![s(r.pick(&["HLEN", "HKEYS", "HVALS", "HGETALL"])), k(r)],
        8 => vec![s("HINCRBY"), k(r), f(r), r.pick(INTS).into()],
        9 => vec![
            s("HINCRBYFLOAT"),
            k(r),
            f(r),
            s(r.pick(&["1.5", "-2", "0.1", "1e3", "x", "inf"])),
        ],
        10 => {
            let mut c = vec![s("HRANDFIELD"), k(r)];
            random_pick_args(r, &mut c, "WITHVALUES", mode);
            c
        }
        11 => vec![s("HSCAN"), k(r), s("0")],
        // sets
        12..=14 => {
            let mut c = vec![s("SADD"), k(r), m(r)];
            if r.chance(40) {
                c.push(m(r));
            }
            c
        }
        15 => vec![s("SREM"), k(r), m(r), m(r)],
        16 => vec![s("SISMEMBER"), k(r), m(r)],
        17 => vec![s("SMISMEMBER"), k(r), m(r), m(r)],
        18 => vec![s("SCARD"), k(r)],
        19 => {
            *mode = Mode::Sort;
            vec![s("SMEMBERS"), k(r)]
        }
        20 => {
            // Without a count (or with a smaller one) the popped members are the server's
            // random pick and the two data sets would part ways: only all-or-nothing counts.
            *mode = Mode::Sort;
            vec![s("SPOP"), k(r), s(r.pick(&["0", "100", "-1", "x"]))]
        }
        21 => {
            let mut c = vec![s("SRANDMEMBER"), k(r)];
            random_pick_args(r, &mut c, "", mode);
            c
        }
        22 => vec![s("SMOVE"), k(r), k(r), m(r)],
        23 => {
            *mode = Mode::Sort;
            vec![s(r.pick(&["SINTER", "SUNION", "SDIFF"])), k(r), k(r)]
        }
        24 => {
            let mut c = vec![s("SINTERCARD"), s(r.pick(&["2", "1", "0"])), k(r), k(r)];
            if r.chance(40) {
                c.extend([s("LIMIT"), n(r)]);
            }
            c
        }
        25 => vec![
            s(r.pick(&["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"])),
            k(r),
            k(r),
            k(r),
        ],
        // sorted sets
        26..=28 => {
            let mut c = vec![s("ZADD"), k(r)];
            for opt in ["NX", "XX", "GT", "LT", "CH", "INCR"] {
                if r.chance(10) {
                    c.push(s(opt));
                }
            }
            c.extend([sc(r), m(r)]);
            if r.chance(30) {
                c.extend([sc(r), m(r)]);
            }
            c
        }
        29 => vec![s("ZREM"), k(r), m(r), m(r)],
        30 => vec![s(r.pick(&["ZSCORE", "ZRANK", "ZREVRANK"])), k(r), m(r)],
        31 => vec![s("ZMSCORE"), k(r), m(r), m(r)],
        32 => vec![s("ZINCRBY"), k(r), sc(r), m(r)],
        33 => vec![s("ZCARD"), k(r)],
        34 => vec![
            s("ZCOUNT"),
            k(r),
            r.pick(SCORE_MIN).into(),
            r.pick(SCORE_MIN).into(),
        ],
        // Lex ranges are only specified when all scores are equal (Redis's answer otherwise
        // depends on its encoding's walk, and on a skiplist's random levels): they run on
        // keys of their own that only ever hold score-0 members.
        35 => match r.below(4) {
            0 => vec![s("ZADD"), s(r.pick(LEX_KEYS)), s("0"), m(r), s("0"), m(r)],
            1 => vec![s("ZREM"), s(r.pick(LEX_KEYS)), m(r)],
            _ => vec![
                s(r.pick(&[
                    "ZLEXCOUNT",
                    "ZRANGEBYLEX",
                    "ZREVRANGEBYLEX",
                    "ZREMRANGEBYLEX",
                ])),
                s(r.pick(LEX_KEYS)),
                r.pick(LEX).into(),
                r.pick(LEX).into(),
            ],
        },
        36 | 37 => {
            let mut c = vec![s("ZRANGE"), k(r)];
            match r.below(3) {
                0 => c.extend([r.pick(INTS).into(), r.pick(INTS).into()]),
                1 => c.extend([
                    r.pick(SCORE_MIN).into(),
                    r.pick(SCORE_MIN).into(),
                    s("BYSCORE"),
                ]),
                _ => {
                    c[1] = s(r.pick(LEX_KEYS));
                    c.extend([r.pick(LEX).into(), r.pick(LEX).into(), s("BYLEX")]);
                }
            }
            if r.chance(30) {
                c.push(s("REV"));
            }
            if r.chance(30) {
                c.extend([s("LIMIT"), s(r.pick(&["0", "1", "-1"])), n(r)]);
            }
            if r.chance(40) {
                c.push(s("WITHSCORES"));
            }
            c
        }
        38 => vec![s("ZRANGESTORE"), k(r), k(r), s("0"), s("-1")],
        39 => {
            let mut c = vec![s(r.pick(&["ZREVRANGE", "ZREMRANGEBYRANK"])), k(r)];
            c.extend([r.pick(INTS).into(), r.pick(INTS).into()]);
            if c[0] == "ZREVRANGE" && r.chance(40) {
                c.push(s("WITHSCORES"));
            }
            c
        }
        40 => {
            let name = r.pick(&["ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZREMRANGEBYSCORE"]);
            let mut c = vec![
                s(name),
                k(r),
                r.pick(SCORE_MIN).into(),
                r.pick(SCORE_MIN).into(),
            ];
            if name != "ZREMRANGEBYSCORE" && r.chance(40) {
                c.push(s("WITHSCORES"));
            }
            c
        }
        41 => {
            let mut c = vec![s(r.pick(&["ZPOPMIN", "ZPOPMAX"])), k(r)];
            if r.chance(50) {
                c.push(n(r));
            }
            c
        }
        42 => {
            let mut c = vec![s("ZMPOP"), s("2"), k(r), k(r), s(r.pick(&["MIN", "MAX"]))];
            if r.chance(50) {
                c.extend([s("COUNT"), n(r)]);
            }
            c
        }
        43 => vec![s(r.pick(&["BZPOPMIN", "BZPOPMAX"])), k(r), k(r), s("0.01")],
        44 | 45 => {
            let op = r.pick(&[
                "ZUNION",
                "ZINTER",
                "ZDIFF",
                "ZUNIONSTORE",
                "ZINTERSTORE",
                "ZDIFFSTORE",
            ]);
            let mut c = vec![s(op)];
            if op.ends_with("STORE") {
                c.push(k(r));
            }
            c.extend([s("2"), k(r), k(r)]);
            if op != "ZDIFF" && op != "ZDIFFSTORE" {
                if r.chance(30) {
                    c.extend([s("WEIGHTS"), s(r.pick(&["2", "-1", "0"])), s("1")]);
                }
                if r.chance(30) {
                    c.extend([s("AGGREGATE"), s(r.pick(&["SUM", "MIN", "MAX"]))]);
                }
            }
            if !op.ends_with("STORE") && r.chance(40) {
                c.push(s("WITHSCORES"));
            }
            c
        }
        46 => {
            let mut c = vec![s("ZRANDMEMBER"), k(r)];
            random_pick_args(r, &mut c, "WITHSCORES", mode);
            c
        }
        47 => vec![s("ZSCAN"), k(r), s("0")],
        // stream consumer groups (explicit IDs only; idle times compared by shape)
        48 | 49 => {
            let mut c = vec![
                s("XGROUP"),
                s("CREATE"),
                k(r),
                g(r),
                r.pick(GROUP_IDS).into(),
            ];
            if r.chance(50) {
                c.push(s("MKSTREAM"));
            }
            c
        }
        50 => match r.below(4) {
            0 => vec![s("XGROUP"), s("DESTROY"), k(r), g(r)],
            1 => vec![s("XGROUP"), s("CREATECONSUMER"), k(r), g(r), c(r)],
            2 => vec![s("XGROUP"), s("DELCONSUMER"), k(r), g(r), c(r)],
            _ => vec![
                s("XGROUP"),
                s("SETID"),
                k(r),
                g(r),
                r.pick(GROUP_IDS).into(),
            ],
        },
        51..=53 => {
            let mut cmd = vec![s("XREADGROUP"), s("GROUP"), g(r), c(r)];
            if r.chance(50) {
                cmd.extend([s("COUNT"), s(r.pick(&["1", "2"]))]);
            }
            if r.chance(15) {
                cmd.push(s("NOACK"));
            }
            cmd.extend([s("STREAMS"), k(r), s(r.pick(&[">", ">", "0", "1-1"]))]);
            cmd
        }
        54 => vec![
            s("XACK"),
            k(r),
            g(r),
            r.pick(IDS).into(),
            r.pick(IDS).into(),
        ],
        55 => vec![s("XPENDING"), k(r), g(r)],
        56 => {
            // Entries carry their idle time: compared by shape.
            *mode = Mode::Type;
            let mut cmd = vec![s("XPENDING"), k(r), g(r), s("-"), s("+"), s("10")];
            if r.chance(40) {
                cmd.push(c(r));
            }
            cmd
        }
        57 => {
            let mut cmd = vec![s("XCLAIM"), k(r), g(r), c(r), s("0"), r.pick(IDS).into()];
            if r.chance(30) {
                cmd.push(r.pick(IDS).into());
            }
            if r.chance(40) {
                cmd.push(s("JUSTID"));
            }
            cmd
        }
        58 => {
            let mut cmd = vec![s("XAUTOCLAIM"), k(r), g(r), c(r), s("0"), s("0-0")];
            if r.chance(40) {
                cmd.extend([s("COUNT"), s(r.pick(&["1", "2", "0"]))]);
            }
            if r.chance(30) {
                cmd.push(s("JUSTID"));
            }
            cmd
        }
        59 => vec![s("XINFO"), s("GROUPS"), k(r)],
        60 => {
            // Consumers carry their idle time: compared by shape.
            *mode = Mode::Type;
            vec![s("XINFO"), s("CONSUMERS"), k(r), g(r)]
        }
        61 => vec![s("XINFO"), s("STREAM"), k(r)],
        // pub/sub, seen by the subscriber client
        62 => vec![s("PUBLISH"), s(r.pick(CHANNELS)), v(r)],
        _ => match r.below(3) {
            0 => {
                *mode = Mode::Sort;
                let mut c = vec![s("PUBSUB"), s("CHANNELS")];
                if r.chance(50) {
                    c.push(s(r.pick(PATTERNS)));
                }
                c
            }
            1 => vec![
                s("PUBSUB"),
                s("NUMSUB"),
                s(r.pick(CHANNELS)),
                s(r.pick(CHANNELS)),
            ],
            _ => vec![s("PUBSUB"), s("NUMPAT")],
        },
    }
}

/// Count arguments of SRANDMEMBER / HRANDFIELD / ZRANDMEMBER and how to compare the pick:
/// a count covering the whole collection returns all of it (a multiset); otherwise which
/// members come back is the server's random choice, so only the shape is compared.
fn random_pick_args(r: &mut Rng, c: &mut Vec<String>, with: &str, mode: &mut Mode) {
    match r.below(5) {
        0 => *mode = Mode::Type,
        1 => {
            c.push("100".into());
            *mode = Mode::Sort;
        }
        2 => {
            c.push(r.pick(&["-3", "2"]).into());
            *mode = Mode::Type;
        }
        3 => c.push(r.pick(&["0", "x"]).into()),
        _ => {
            c.push(r.pick(&["100", "-2"]).into());
            *mode = Mode::Type;
            if !with.is_empty() {
                c.push(with.into());
            }
        }
    }
}

/// How the harness runs one random step.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Send, read one reply.
    Plain,
    /// A blocking command with no timeout: it may block, then another client's write wakes it
    /// or the harness ends it with CLIENT UNBLOCK before the client's next step.
    Block,
    /// Send, then PING, and read up to PING's answer (the subscriber's pub/sub messages).
    Drain,
}

/// One random step: which client, what, how it is compared and run.
#[derive(Debug, Clone)]
struct RStep {
    client: u32,
    args: Vec<Vec<u8>>,
    mode: Mode,
    kind: Kind,
}

/// A command whose reply is compared exactly (inside MULTI, where EXEC's array is compared as
/// a whole, and on the subscriber, whose replies are compared together with its messages).
fn exact_command(r: &mut Rng) -> Vec<String> {
    loop {
        let (c, mode) = random_command(r);
        if mode == Mode::Exact && !may_block_str(&c) {
            return c;
        }
    }
}

fn may_block_str(c: &[String]) -> bool {
    let args: Vec<Vec<u8>> = c.iter().map(|a| a.clone().into_bytes()).collect();
    may_block(&args)
}

/// A MULTI block: queued commands (sometimes a queue-time error, so EXEC aborts), then EXEC
/// or DISCARD.
fn multi_block(r: &mut Rng) -> Vec<Vec<String>> {
    let s = |x: &str| x.to_string();
    let mut out = vec![vec![s("MULTI")]];
    for _ in 0..1 + r.below(4) {
        out.push(match r.below(20) {
            0 => vec![s("GET")],
            1 => vec![s("NOSUCHCMD"), s("x")],
            2 => vec![s("WATCH"), r.pick(KEYS).into()],
            3 => vec![s("MULTI")],
            _ => exact_command(r),
        });
    }
    out.push(vec![s(if r.chance(85) { "EXEC" } else { "DISCARD" })]);
    out
}

/// A blocking command with no timeout for client 2, and a write that would wake it (which
/// client 1 is then likely to run soon).
fn blocking_command(r: &mut Rng) -> (Vec<String>, Vec<String>) {
    let k = |r: &mut Rng| r.pick(KEYS).to_string();
    let s = |x: &str| x.to_string();
    let key = k(r);
    let (cmd, wake) = match r.below(7) {
        0 => (
            vec![s(r.pick(&["BLPOP", "BRPOP"])), key.clone(), k(r), s("0")],
            vec![s("RPUSH"), key, s("a"), s("b")],
        ),
        1 => (
            vec![
                s("BLMOVE"),
                key.clone(),
                k(r),
                s("LEFT"),
                s("RIGHT"),
                s("0"),
            ],
            vec![s("LPUSH"), key, s("1")],
        ),
        2 => (
            vec![s(r.pick(&["BZPOPMIN", "BZPOPMAX"])), key.clone(), s("0")],
            vec![s("ZADD"), key, s("1"), s("a"), s("2"), s("b")],
        ),
        3 => (
            vec![
                s("BZMPOP"),
                s("0"),
                s("1"),
                key.clone(),
                s("MIN"),
                s("COUNT"),
                s("2"),
            ],
            vec![s("ZADD"), key, s("3"), s("c")],
        ),
        4 => (
            vec![
                s("XREAD"),
                s("BLOCK"),
                s("0"),
                s("STREAMS"),
                key.clone(),
                s(r.pick(&["$", "0"])),
            ],
            vec![s("XADD"), key, s("9-*"), s("f"), s("w")],
        ),
        5 => (
            vec![
                s("BLMPOP"),
                s("0"),
                s("2"),
                key.clone(),
                k(r),
                s(r.pick(&["LEFT", "RIGHT"])),
                s("COUNT"),
                s("2"),
            ],
            vec![s("RPUSH"), key, s("x"), s("y"), s("z")],
        ),
        _ => (
            vec![
                s("XREADGROUP"),
                s("GROUP"),
                r.pick(GROUPS).into(),
                r.pick(CONSUMERS).into(),
                s("BLOCK"),
                s("0"),
                s("STREAMS"),
                key.clone(),
                s(">"),
            ],
            vec![s("XADD"), key, s("8-*"), s("f"), s("w")],
        ),
    };
    (cmd, wake)
}

/// What the subscriber client (3) does: (un)subscriptions, PING, sometimes a data command
/// (an error in RESP2 subscribed mode, served in RESP3).
fn subscriber_command(r: &mut Rng) -> Vec<String> {
    let s = |x: &str| x.to_string();
    match r.below(10) {
        0..=2 => {
            let mut c = vec![s("SUBSCRIBE"), s(r.pick(CHANNELS))];
            if r.chance(30) {
                c.push(s(r.pick(CHANNELS)));
            }
            c
        }
        3 | 4 => vec![s("PSUBSCRIBE"), s(r.pick(PATTERNS))],
        // With explicit names only: without, the order of the replies is Redis's dict order.
        5 => vec![s("UNSUBSCRIBE"), s(r.pick(CHANNELS))],
        6 => vec![s("PUNSUBSCRIBE"), s(r.pick(PATTERNS))],
        7 => vec![s("PING")],
        _ => exact_command(r),
    }
}

/// Generates `len` steps of seed `seed`: client 1 runs most commands; client 2 WATCHes, runs
/// MULTI blocks and blocking commands; client 3 subscribes. Multi-step scripts (a MULTI block,
/// WATCH then MULTI) are queued per client, so other clients' steps interleave with them.
fn random_steps(seed: u64, len: usize) -> Seq {
    let mut r = Rng(seed);
    let mut queues: [VecDeque<Vec<String>>; 4] = Default::default();
    let mut out = Vec::with_capacity(len);
    let bytes = |c: Vec<String>| c.into_iter().map(String::into_bytes).collect::<Vec<_>>();
    while out.len() < len {
        let client: u32 = match r.below(100) {
            0..=64 => 1,
            65..=87 => 2,
            _ => 3,
        };
        let q = &mut queues[client as usize];
        if let Some(c) = q.pop_front() {
            out.push(RStep {
                client,
                args: bytes(c),
                mode: Mode::Exact,
                kind: Kind::Plain,
            });
            continue;
        }
        let (cmd, mode, kind) = match client {
            3 => (subscriber_command(&mut r), Mode::Exact, Kind::Drain),
            2 if r.chance(15) => {
                let (cmd, wake) = blocking_command(&mut r);
                if r.chance(60) {
                    queues[1].push_back(wake);
                }
                (cmd, Mode::Exact, Kind::Block)
            }
            2 if r.chance(10) => {
                let keys: Vec<String> = (0..1 + r.below(2)).map(|_| r.pick(KEYS).into()).collect();
                let mut w = vec!["WATCH".to_string()];
                w.extend(keys);
                queues[2].extend(multi_block(&mut r));
                (w, Mode::Exact, Kind::Plain)
            }
            _ if r.chance(6) => {
                let mut block = multi_block(&mut r);
                let first = block.remove(0);
                queues[client as usize].extend(block);
                (first, Mode::Exact, Kind::Plain)
            }
            _ if r.chance(2) => (vec!["UNWATCH".into()], Mode::Exact, Kind::Plain),
            _ => {
                let (c, mode) = random_command(&mut r);
                (c, mode, Kind::Plain)
            }
        };
        out.push(RStep {
            client,
            args: bytes(cmd),
            mode,
            kind,
        });
    }
    out
}

fn render_command(args: &[Vec<u8>]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.iter()
                    .all(|&c| c.is_ascii_graphic() && c != b'"' && c != b'\'' && c != b'\\');
            if plain {
                String::from_utf8_lossy(a).into_owned()
            } else {
                quote(a)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

type Seq = Vec<RStep>;

/// Replays `seq` on freshly FLUSHALLed servers; the index and outcome of the first divergence.
/// A step for a client left blocked first ends that block (CLIENT UNBLOCK, then its reply);
/// at the end every block is ended and the subscriber drained, so nothing goes unchecked.
fn replay(s: &mut Session<'_>, seq: &Seq) -> Option<(usize, Outcome)> {
    s.reset();
    let mut check = |o: Outcome| (!agree(o.mode, &o.oracle, &o.target)).then_some(o);
    for (i, step) in seq.iter().enumerate() {
        let n = step.client;
        if let Some(o) = s.ensure(n).and_then(&mut check) {
            return Some((i, o));
        }
        if s.waiting.contains(&n) {
            let o = s.unblock(n);
            if let Some(o) = check(o) {
                return Some((i, o));
            }
            if let Some(o) = check(s.read_pending(n, Mode::Exact)) {
                return Some((i, o));
            }
        }
        let o = match step.kind {
            Kind::Plain => s.exchange(n, &step.args, step.mode),
            Kind::Block => s.command(n, &step.args, step.mode),
            Kind::Drain => s.drain(n, &step.args, step.mode),
        };
        if let Some(o) = check(o) {
            return Some((i, o));
        }
        if let Some(o) = check(s.keyspace_delta()) {
            return Some((i, o));
        }
    }
    let last = seq.len().saturating_sub(1);
    for n in s.waiting.clone() {
        if let Some(o) = check(s.unblock(n)) {
            return Some((last, o));
        }
        if let Some(o) = check(s.read_pending(n, Mode::Exact)) {
            return Some((last, o));
        }
    }
    if s.oracle.contains_key(&3) {
        if let Some(o) = check(s.drain(3, &[b"PING".to_vec()], Mode::Exact)) {
            return Some((last, o));
        }
    }
    None
}

/// Delta debugging: drop chunks of commands while some divergence remains, halving the chunk
/// size down to single commands; the sequence is cut after its first divergence each time.
fn shrink(s: &mut Session<'_>, mut seq: Seq, at: usize, mut last: Outcome) -> (Seq, Outcome) {
    seq.truncate(at + 1);
    let mut chunk = (seq.len() / 2).max(1);
    loop {
        let mut removed = false;
        let mut start = 0;
        while start < seq.len() && seq.len() > 1 {
            let end = (start + chunk).min(seq.len());
            let mut cand = seq.clone();
            cand.drain(start..end);
            match replay(s, &cand) {
                Some((i, o)) => {
                    cand.truncate(i + 1);
                    seq = cand;
                    last = o;
                    removed = true;
                }
                None => start = end,
            }
        }
        if chunk == 1 && !removed {
            return (seq, last);
        }
        chunk = (chunk / 2).max(1);
    }
}

#[test]
fn random_sequences() {
    let servers = start_servers();
    let total: usize = std::env::var("REDLET_DIFF_COMMANDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30_000);
    let first: u64 = std::env::var("REDLET_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let seeds = total.div_ceil(SEQ_LEN) as u64;
    let started = Instant::now();
    let mut divergences = Vec::new();
    for seed in first..first + seeds {
        let resp3 = seed % 2 == 0;
        let seq = random_steps(seed, SEQ_LEN.min(total));
        let mut s = Session::new(&servers, resp3);
        let outcome = replay(&mut s, &seq);
        if std::env::var_os("REDLET_DIFF_DUMP").is_some() {
            for l in &s.log {
                eprintln!("seed {seed}: {l}");
            }
        }
        let Some((at, first)) = outcome else {
            continue;
        };
        let o = match replay(&mut s, &seq) {
            Some((at, o)) => {
                let (small, o) = shrink(&mut s, seq, at, o);
                // Once more, for the log of exactly the steps that were run.
                replay(&mut s, &small);
                o
            }
            None => {
                let mut o = first;
                o.note = "did not happen again on replay: timing-dependent";
                replay(&mut s, &seq[..=at].to_vec());
                o
            }
        };
        let mut repro: Vec<String> = Vec::new();
        if resp3 {
            repro.push("# RESP3: every client sends HELLO 3 first".into());
        }
        repro.extend(s.log.iter().cloned());
        divergences.push(Divergence {
            place: format!(
                "random seed {seed} ({}; REDLET_DIFF_SEED={seed} REDLET_DIFF_COMMANDS={SEQ_LEN})",
                if resp3 { "RESP3" } else { "RESP2" }
            ),
            command: repro.last().cloned().unwrap_or_default(),
            note: o.note,
            oracle: o.oracle,
            target: o.target,
            repro,
        });
        if divergences.len() >= 20 {
            break;
        }
    }
    if std::env::var_os("REDLET_DIFF_DUMP").is_some() || total > 100_000 {
        eprintln!(
            "random: {} commands, seeds {first}..{}, {:.1} s",
            seeds as usize * SEQ_LEN.min(total),
            first + seeds - 1,
            started.elapsed().as_secs_f64()
        );
    }
    fail_with("random", &servers.target_name, &divergences, seeds as usize);
}

// ---------------------------------------------------------------------------------------------
// The harness's own comparison rules

#[test]
fn comparison_modes_behave_as_documented() {
    let b = |s: &str| Reply::Bytes(s.as_bytes().to_vec());
    assert!(agree(Mode::Exact, &b("+OK\r\n"), &b("+OK\r\n")));
    assert!(!agree(Mode::Exact, &b("$1\r\na\r\n"), &b("+a\r\n")));
    let ab = b("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    let ba = b("*2\r\n$1\r\nb\r\n$1\r\na\r\n");
    assert!(!agree(Mode::Exact, &ab, &ba));
    assert!(agree(Mode::Sort, &ab, &ba));
    assert!(!agree(Mode::Sort, &ab, &b("*2\r\n$1\r\na\r\n$1\r\na\r\n")));
    assert!(agree(Mode::Type, &b(":1\r\n"), &b(":7\r\n")));
    assert!(!agree(Mode::Type, &b(":1\r\n"), &b("$1\r\n1\r\n")));
    assert!(!agree(Mode::Type, &ab, &b("*1\r\n$1\r\na\r\n")));
    assert!(!agree(Mode::Type, &b("-ERR a\r\n"), &b("-ERR b\r\n")));
    let h1 = b("*4\r\n$2\r\nid\r\n:3\r\n$5\r\nproto\r\n:2\r\n");
    let h2 = b("*4\r\n$2\r\nid\r\n:9\r\n$5\r\nproto\r\n:2\r\n");
    let h3 = b("*4\r\n$2\r\nid\r\n:9\r\n$5\r\nproto\r\n:3\r\n");
    assert!(agree(Mode::Hello, &h1, &h2));
    assert!(!agree(Mode::Hello, &h1, &h3));
    assert!(agree(Mode::Skip, &b(":1\r\n"), &Reply::Closed));
    assert!(!agree(Mode::Exact, &Reply::Timeout, &Reply::Timeout));
    assert_eq!(escape(b"+OK\r\n\x00"), "+OK\\r\\n\\x00");
}

#[test]
fn transcript_lines_parse() {
    let lines = parse_transcript(
        "t",
        "# c\n\nGET k\n2> BLPOP q 0\n2<\nsleep 5\nscanall MATCH x* ## sort\nKEYS * ## sort\n\
         3>> SUBSCRIBE a\nunblock 2\n",
    );
    let kinds: Vec<String> = lines
        .iter()
        .map(|l| match &l.step {
            Step::Command(n, a) => format!("{n}:{}", render_command(a)),
            Step::Read(n) => format!("{n}<"),
            Step::Drain(n, a) => format!("{n}>>{}", render_command(a)),
            Step::Unblock(n) => format!("unblock {n}"),
            Step::Sleep(ms) => format!("sleep {ms}"),
            Step::ScanAll(a) => format!("scanall {}", render_command(a)),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "1:GET k",
            "2:BLPOP q 0",
            "2<",
            "sleep 5",
            "scanall MATCH x*",
            "1:KEYS *",
            "3>>SUBSCRIBE a",
            "unblock 2"
        ]
    );
    assert_eq!(lines[4].mode, Mode::Sort);
    assert_eq!(lines[0].number, 3);
}
