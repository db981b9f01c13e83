//! Interop of the RDB codec with the real redis-server 7.0.15 (the oracle).
//!
//! - redis → redlet: data of every type and encoding is loaded into a redis-server, SAVEd,
//!   and the dump decoded here must equal what redis itself reports for every key (values,
//!   TTLs, stream metadata, consumer groups, PELs, consumers).
//! - redlet → redis: a snapshot encoded here is given to a fresh redis-server as its
//!   dump.rdb; every key must come back with the same value, TTL, OBJECT ENCODING and stream
//!   groups.
//!
//! Each test starts its own redis-server as a child process on a free 127.0.0.1 port and kills
//! it (by pid, through `Child::kill`) in a Drop guard. A missing redis-server is a failure,
//! not a skip.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use redlet_core::rdb::{
    decode, default_aux, encode, encode_with, object_encoding, object_encoding_with, EncodeOptions,
    RdbConsumer, RdbEntry, RdbGroup, RdbPending, RdbStream, RdbStreamId, RdbValue, Snapshot,
};

/// Databases with their keys, as in [`Snapshot::dbs`].
type Dbs = Vec<(usize, Vec<RdbEntry>)>;

/// A redis-server child process, killed when dropped.
struct Redis {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Redis {
    /// Starts redis-server with `dir` as its working directory and `dump.rdb` as its file
    /// (loaded at start if present).
    fn start(dir: &Path) -> Redis {
        Redis::start_with(dir, &[])
    }

    /// [`Redis::start`] with extra `--name value` configuration arguments.
    fn start_with(dir: &Path, extra: &[&str]) -> Redis {
        // The free port is found by binding port 0 and letting it go, so another test (or
        // process) may take it before redis-server binds it: then our server exits and the
        // port answers for someone else. A server is ours only if it reports our directory;
        // otherwise start again on another port.
        for _ in 0..5 {
            let port = {
                let l = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
                l.local_addr().expect("local addr").port()
            };
            let child = Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--dir", dir.to_str().expect("utf-8 temp path")])
                .args([
                    "--dbfilename",
                    "dump.rdb",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ])
                .args(extra)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("redis-server 7.0.15 must be installed for the RDB interop tests");
            let mut redis = Redis {
                child,
                port,
                dir: dir.to_path_buf(),
            };
            if redis.wait_until_serving() {
                return redis;
            }
            // Not ours: stop it without removing `dir`, which the next attempt uses.
            let _ = redis.child.kill();
            let _ = redis.child.wait();
            std::mem::forget(redis);
        }
        panic!(
            "redis-server did not start in {} (5 attempts)",
            dir.display()
        );
    }

    /// Waits until this child serves its port (`CONFIG GET dir` names our directory); false
    /// if the child exited or another server holds the port.
    fn wait_until_serving(&mut self) -> bool {
        let want = std::fs::canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            if let Some(dir) = config_dir(self.port) {
                return Path::new(&dir) == want;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn client(&self) -> Client {
        Client::connect(self.port).expect("connect to redis-server")
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `CONFIG GET dir` of the server on `port`, or `None` if it does not answer (yet) — without
/// the panicking [`Client`], since a server that is still starting may reset the connection.
fn config_dir(port: u16) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.write_all(b"*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$3\r\ndir\r\n")
        .ok()?;
    let mut r = BufReader::new(s);
    let mut lines = Vec::new();
    for _ in 0..5 {
        let mut l = String::new();
        r.read_line(&mut l).ok()?;
        let l = l.trim_end_matches("\r\n").to_string();
        if l.starts_with('-') {
            return None; // e.g. -LOADING
        }
        lines.push(l);
    }
    // *2 / $3 / dir / $N / <path>
    (lines[0] == "*2" && lines[2] == "dir").then(|| lines[4].clone())
}

/// A fresh temporary directory (removed by the [`Redis`] guard that runs in it).
fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("redlet-rdb-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create temp dir");
    d
}

/// A RESP2 reply.
#[derive(Debug, Clone, PartialEq)]
enum Resp {
    Simple(String),
    Error(String),
    Int(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Resp>>),
}

impl Resp {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Resp::Bulk(Some(b)) => b.clone(),
            Resp::Simple(s) => s.as_bytes().to_vec(),
            Resp::Int(i) => i.to_string().into_bytes(),
            other => panic!("expected a string reply, got {other:?}"),
        }
    }
    fn text(&self) -> String {
        String::from_utf8(self.bytes()).expect("utf-8 reply")
    }
    fn int(&self) -> i64 {
        match self {
            Resp::Int(i) => *i,
            other => other.text().parse().expect("integer reply"),
        }
    }
    fn array(&self) -> &[Resp] {
        match self {
            Resp::Array(Some(a)) => a,
            other => panic!("expected an array reply, got {other:?}"),
        }
    }
    /// The value after `name` in a flat key/value array (XINFO replies).
    fn field(&self, name: &str) -> &Resp {
        let a = self.array();
        let i = a
            .iter()
            .step_by(2)
            .position(|k| k.bytes() == name.as_bytes())
            .unwrap_or_else(|| panic!("no field {name} in {self:?}"));
        &a[2 * i + 1]
    }
}

/// A blocking RESP2 client, just enough for the tests.
struct Client {
    r: BufReader<TcpStream>,
}

impl Client {
    fn connect(port: u16) -> std::io::Result<Client> {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        Ok(Client {
            r: BufReader::new(s),
        })
    }

    fn cmd<A: AsRef<[u8]>>(&mut self, args: &[A]) -> Resp {
        let mut out = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            let a = a.as_ref();
            out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
            out.extend_from_slice(a);
            out.extend_from_slice(b"\r\n");
        }
        self.r.get_mut().write_all(&out).expect("write to redis");
        self.read()
    }

    /// Runs a command given as one whitespace-separated line; panics on an error reply.
    fn ok(&mut self, line: &str) -> Resp {
        let args: Vec<&str> = line.split_whitespace().collect();
        let r = self.cmd(&args);
        if let Resp::Error(e) = &r {
            panic!("{line}: {e}");
        }
        r
    }

    fn line(&mut self) -> String {
        let mut l = String::new();
        self.r.read_line(&mut l).expect("read from redis");
        l.trim_end_matches("\r\n").to_string()
    }

    fn read(&mut self) -> Resp {
        let l = self.line();
        let (t, rest) = l.split_at(1);
        match t {
            "+" => Resp::Simple(rest.into()),
            "-" => Resp::Error(rest.into()),
            ":" => Resp::Int(rest.parse().expect("integer")),
            "$" => {
                let n: i64 = rest.parse().expect("bulk length");
                if n < 0 {
                    return Resp::Bulk(None);
                }
                let mut buf = vec![0; n as usize + 2];
                std::io::Read::read_exact(&mut self.r, &mut buf).expect("bulk body");
                buf.truncate(n as usize);
                Resp::Bulk(Some(buf))
            }
            "*" => {
                let n: i64 = rest.parse().expect("array length");
                if n < 0 {
                    return Resp::Array(None);
                }
                Resp::Array(Some((0..n).map(|_| self.read()).collect()))
            }
            _ => panic!("bad reply line {l:?}"),
        }
    }
}

fn sid(r: &Resp) -> RdbStreamId {
    let t = r.text();
    let (ms, seq) = t.split_once('-').expect("stream ID");
    RdbStreamId {
        ms: ms.parse().expect("ms"),
        seq: seq.parse().expect("seq"),
    }
}

fn pairs(a: &[Resp]) -> Vec<(Vec<u8>, Vec<u8>)> {
    a.chunks(2).map(|c| (c[0].bytes(), c[1].bytes())).collect()
}

/// Everything redis reports about one stream key, as an [`RdbStream`].
fn observe_stream(c: &mut Client, key: &[u8]) -> RdbStream {
    let info = c.cmd(&[b"XINFO".as_slice(), b"STREAM", key, b"FULL", b"COUNT", b"0"]);
    let entries = info
        .field("entries")
        .array()
        .iter()
        .map(|e| (sid(&e.array()[0]), pairs(e.array()[1].array())))
        .collect();
    let groups = info
        .field("groups")
        .array()
        .iter()
        .map(|g| {
            let pel = g
                .field("pending")
                .array()
                .iter()
                .map(|p| {
                    let p = p.array();
                    RdbPending {
                        id: sid(&p[0]),
                        delivery_time: p[2].int() as u64,
                        delivery_count: p[3].int() as u64,
                    }
                })
                .collect();
            let consumers = g
                .field("consumers")
                .array()
                .iter()
                .map(|cn| {
                    let seen = cn.field("seen-time").int() as u64;
                    RdbConsumer {
                        name: cn.field("name").bytes(),
                        seen_time: seen,
                        active_time: seen,
                        pel: cn
                            .field("pending")
                            .array()
                            .iter()
                            .map(|p| sid(&p.array()[0]))
                            .collect(),
                    }
                })
                .collect();
            RdbGroup {
                name: g.field("name").bytes(),
                last_id: sid(g.field("last-delivered-id")),
                entries_read: match g.field("entries-read") {
                    Resp::Bulk(None) => -1,
                    r => r.int(),
                },
                pel,
                consumers,
            }
        })
        .collect();
    RdbStream {
        entries,
        last_id: sid(info.field("last-generated-id")),
        first_id: sid(info.field("recorded-first-entry-id")),
        max_deleted_id: sid(info.field("max-deleted-entry-id")),
        entries_added: info.field("entries-added").int() as u64,
        groups,
    }
}

/// Everything redis reports about every key of every database, with each key's
/// OBJECT ENCODING.
fn observe(c: &mut Client) -> (Dbs, Vec<(Vec<u8>, String)>) {
    let mut dbs = Vec::new();
    let mut encodings = Vec::new();
    for db in 0..16 {
        c.ok(&format!("SELECT {db}"));
        let mut entries = Vec::new();
        for k in c.ok("KEYS *").array().to_vec() {
            let key = k.bytes();
            let ty = c.cmd(&[b"TYPE".as_slice(), &key]).text();
            let value = match ty.as_str() {
                "string" => RdbValue::String(c.cmd(&[b"GET".as_slice(), &key]).bytes()),
                "list" => RdbValue::List(
                    c.cmd(&[b"LRANGE".as_slice(), &key, b"0", b"-1"])
                        .array()
                        .iter()
                        .map(Resp::bytes)
                        .collect(),
                ),
                "set" => RdbValue::Set(
                    c.cmd(&[b"SMEMBERS".as_slice(), &key])
                        .array()
                        .iter()
                        .map(Resp::bytes)
                        .collect(),
                ),
                "zset" => RdbValue::ZSet(
                    pairs(
                        c.cmd(&[b"ZRANGE".as_slice(), &key, b"0", b"-1", b"WITHSCORES"])
                            .array(),
                    )
                    .into_iter()
                    .map(|(m, s)| {
                        let s = String::from_utf8(s).expect("score text");
                        let score = match s.as_str() {
                            "inf" => f64::INFINITY,
                            "-inf" => f64::NEG_INFINITY,
                            _ => s.parse().expect("score"),
                        };
                        (m, score)
                    })
                    .collect(),
                ),
                "hash" => RdbValue::Hash(pairs(c.cmd(&[b"HGETALL".as_slice(), &key]).array())),
                "stream" => RdbValue::Stream(Box::new(observe_stream(c, &key))),
                other => panic!("unexpected type {other}"),
            };
            let expire_ms = match c.cmd(&[b"PEXPIRETIME".as_slice(), &key]).int() {
                -1 => None,
                t => Some(t as u64),
            };
            let enc = c.cmd(&[b"OBJECT".as_slice(), b"ENCODING", &key]).text();
            encodings.push((key.clone(), enc));
            entries.push(RdbEntry {
                key,
                value,
                expire_ms,
            });
        }
        if !entries.is_empty() {
            dbs.push((db, entries));
        }
    }
    c.ok("SELECT 0");
    (dbs, encodings)
}

/// Orders everything that has no meaningful order, so equal data compares equal.
fn normalize(mut dbs: Dbs) -> Dbs {
    dbs.sort_by_key(|(i, _)| *i);
    for (_, entries) in &mut dbs {
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        for e in entries.iter_mut() {
            match &mut e.value {
                RdbValue::Set(m) => m.sort(),
                RdbValue::Hash(f) => f.sort(),
                RdbValue::ZSet(m) => m.sort_by(|a, b| a.0.cmp(&b.0)),
                RdbValue::Stream(s) => {
                    s.groups.sort_by(|a, b| a.name.cmp(&b.name));
                    for g in &mut s.groups {
                        g.consumers.sort_by(|a, b| a.name.cmp(&b.name));
                    }
                }
                _ => {}
            }
        }
    }
    dbs
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as u64
}

/// Fills a redis with every type in every encoding Redis 7.0 uses, TTLs, several databases and
/// streams with consumer groups, pending entries and consumers.
fn populate(c: &mut Client, with_deletions: bool) {
    let far = now_ms() + 3_600_000;
    // Strings: int, embstr, raw, LZF-compressible, binary.
    c.ok("SET s:int 12345");
    c.ok("SET s:neg -9223372036854775808");
    c.ok("SET s:small hello");
    c.cmd(&["SET", "s:lzf", &"abcdefgh".repeat(50)]);
    c.cmd(&[
        b"SET".as_slice(),
        b"s:bin",
        &(0..=255u8).collect::<Vec<u8>>(),
    ]);
    c.ok(&format!("SET s:ttl v PXAT {far}"));
    // Lists: one node, and many 8 KB nodes.
    c.ok("RPUSH l:small a b 1 -2 300 70000 x");
    for chunk in 0..20 {
        let mut args = vec!["RPUSH".to_string(), "l:big".to_string()];
        args.extend((0..500).map(|i| format!("item-{chunk}-{i}")));
        c.cmd(&args);
    }
    c.cmd(&[
        "RPUSH",
        "l:huge-items",
        &"x".repeat(10_000),
        "small",
        &"y".repeat(9000),
    ]);
    c.ok(&format!("PEXPIREAT l:small {}", far + 1));
    // Sets: intset (16/32/64-bit), hashtable (strings, and too many integers).
    c.ok("SADD set:i16 1 2 3 -5");
    c.ok("SADD set:i64 1 9223372036854775807 -9223372036854775808");
    c.ok("SADD set:str a b c 1");
    let many: Vec<String> = (0..600).map(|i| i.to_string()).collect();
    c.cmd(&[vec!["SADD".to_string(), "set:bigint".to_string()], many].concat());
    // Sorted sets: listpack and skiplist.
    c.ok("ZADD z:small 1 a 2.5 b -3 c inf d -inf e 0.1 f 1e300 g");
    let mut args = vec!["ZADD".to_string(), "z:big".to_string()];
    for i in 0..300 {
        args.push(format!("{}", i as f64 / 7.0));
        args.push(format!("member-{i}"));
    }
    c.cmd(&args);
    c.cmd(&["ZADD", "z:longmember", "1", &"m".repeat(100)]);
    // Hashes: listpack and hashtable.
    c.ok("HSET h:small f1 v1 f2 2 f3 -300");
    let mut args = vec!["HSET".to_string(), "h:big".to_string()];
    for i in 0..600 {
        args.push(format!("field-{i}"));
        args.push(format!("value-{i}"));
    }
    c.cmd(&args);
    c.cmd(&["HSET", "h:longval", "f", &"v".repeat(100)]);
    // Streams: several nodes, different field sets, deletions, groups, PELs, consumers.
    for i in 1..=250 {
        if i % 50 == 0 {
            c.ok(&format!("XADD x:s {i}-0 other {i}"));
        } else {
            c.ok(&format!("XADD x:s {i}-0 a {i} b text-{i}"));
        }
    }
    if with_deletions {
        // Redis keeps deleted entries in their node, flagged; a snapshot holds only live ones.
        c.ok("XDEL x:s 3-0 4-0");
    }
    c.ok("XGROUP CREATE x:s g1 0");
    c.ok("XGROUP CREATE x:s g2 $");
    c.ok("XGROUP CREATE x:s g3 100-0 ENTRIESREAD 90");
    c.ok("XREADGROUP GROUP g1 alice COUNT 5 STREAMS x:s >");
    c.ok("XREADGROUP GROUP g1 bob COUNT 3 STREAMS x:s >");
    c.ok("XACK x:s g1 1-0 6-0");
    c.ok("XCLAIM x:s g1 carol 0 2-0 5-0");
    c.ok("XGROUP CREATECONSUMER x:s g1 dave");
    c.ok("XREADGROUP GROUP g3 erin COUNT 2 STREAMS x:s >");
    c.ok("XADD x:empty MAXLEN 0 1-1 f v");
    c.ok("XGROUP CREATE x:mk g $ MKSTREAM");
    // Other databases, with TTLs.
    c.ok("SELECT 1");
    c.ok(&format!("SET db1:k v PXAT {}", far + 5));
    c.ok("HSET db1:h a 1");
    c.ok("SELECT 15");
    c.ok("RPUSH db15:l only");
    c.ok(&format!("PEXPIREAT db15:l {}", far + 9));
    c.ok("SELECT 0");
}

#[test]
fn redis_dump_decodes_to_what_redis_reports() {
    let dir = temp_dir("from-redis");
    let redis = Redis::start(&dir);
    let mut c = redis.client();
    populate(&mut c, true);
    c.ok("SAVE");
    let (observed, _) = observe(&mut c);
    let bytes = std::fs::read(redis.dir.join("dump.rdb")).expect("dump.rdb written by SAVE");
    let snap = decode(&bytes).expect("redis's own dump decodes");
    assert!(snap
        .aux
        .contains(&(b"redis-ver".to_vec(), b"7.0.15".to_vec())));
    let decoded = normalize(snap.dbs);
    let observed = normalize(observed);
    assert_eq!(decoded.len(), observed.len());
    for ((da, ea), (db, eb)) in decoded.iter().zip(&observed) {
        assert_eq!(da, db);
        assert_eq!(ea.len(), eb.len(), "key count in db {da}");
        for (a, b) in ea.iter().zip(eb) {
            assert_eq!(a, b, "key {:?}", String::from_utf8_lossy(&a.key));
        }
    }
}

fn id(ms: u64, seq: u64) -> RdbStreamId {
    RdbStreamId { ms, seq }
}

fn b(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// A snapshot covering every kind and encoding, built directly.
fn sample(now: u64) -> Snapshot {
    let e = |k: &str, value: RdbValue, expire_ms: Option<u64>| RdbEntry {
        key: b(k),
        value,
        expire_ms,
    };
    let t0 = now - 10_000;
    let mut entries = Vec::new();
    for i in 1..=230u64 {
        let fields = if i % 40 == 0 {
            vec![(b("different"), format!("{i}").into_bytes())]
        } else {
            vec![
                (b("a"), format!("{i}").into_bytes()),
                (b("b"), format!("v{i}").into_bytes()),
            ]
        };
        entries.push((id(1000 + i, i % 3), fields));
    }
    let pel_ids = [entries[0].0, entries[5].0, entries[7].0];
    let stream = RdbStream {
        last_id: entries.last().expect("entries").0,
        first_id: entries[0].0,
        max_deleted_id: id(900, 0),
        entries_added: 240,
        groups: vec![
            RdbGroup {
                name: b("g1"),
                last_id: entries[9].0,
                entries_read: 10,
                pel: pel_ids
                    .iter()
                    .enumerate()
                    .map(|(i, id)| RdbPending {
                        id: *id,
                        delivery_time: t0 + i as u64,
                        delivery_count: 1 + i as u64,
                    })
                    .collect(),
                consumers: vec![
                    RdbConsumer {
                        name: b("alice"),
                        seen_time: t0 + 100,
                        active_time: t0 + 100,
                        pel: vec![pel_ids[0], pel_ids[2]],
                    },
                    RdbConsumer {
                        name: b("bob"),
                        seen_time: t0 + 200,
                        active_time: t0 + 200,
                        pel: vec![pel_ids[1]],
                    },
                    RdbConsumer {
                        name: b("carol"),
                        seen_time: t0 + 300,
                        active_time: t0 + 300,
                        pel: vec![],
                    },
                ],
            },
            RdbGroup {
                name: b("g2"),
                last_id: id(0, 0),
                entries_read: -1,
                ..RdbGroup::default()
            },
        ],
        entries,
    };
    let list_big: Vec<Vec<u8>> = (0..5000).map(|i| format!("e{i}").into_bytes()).collect();
    Snapshot {
        aux: default_aux(now / 1000, 1 << 20),
        dbs: vec![
            (
                0,
                vec![
                    e("s:int", RdbValue::String(b("-42")), None),
                    e("s:i64", RdbValue::String(b("9223372036854775807")), None),
                    e(
                        "s:embstr",
                        RdbValue::String(b("hello world")),
                        Some(now + 3_600_000),
                    ),
                    e("s:raw", RdbValue::String(b("xyz").repeat(40)), None),
                    e("s:bin", RdbValue::String((0..=255).rev().collect()), None),
                    e(
                        "l:small",
                        RdbValue::List(vec![b("1"), b("a"), b("-70000")]),
                        None,
                    ),
                    e("l:big", RdbValue::List(list_big), Some(now + 7_200_000)),
                    e(
                        "set:int",
                        RdbValue::Set(vec![b("5"), b("-100000"), b("1")]),
                        None,
                    ),
                    e("set:str", RdbValue::Set(vec![b("a"), b("b"), b("7")]), None),
                    e(
                        "set:bigint",
                        RdbValue::Set((0..513).map(|i| i.to_string().into_bytes()).collect()),
                        None,
                    ),
                    e(
                        "z:small",
                        RdbValue::ZSet(vec![
                            (b("a"), 1.0),
                            (b("b"), -2.5),
                            (b("c"), 0.1),
                            (b("d"), f64::INFINITY),
                            (b("e"), f64::NEG_INFINITY),
                            (b("f"), 1e300),
                        ]),
                        None,
                    ),
                    e(
                        "z:big",
                        RdbValue::ZSet(
                            (0..129)
                                .map(|i| (format!("m{i}").into_bytes(), i as f64 * 1.5))
                                .collect(),
                        ),
                        None,
                    ),
                    e(
                        "z:longmember",
                        RdbValue::ZSet(vec![(vec![b'm'; 65], 1.0)]),
                        None,
                    ),
                    e(
                        "h:small",
                        RdbValue::Hash(vec![(b("f"), b("v")), (b("n"), b("12"))]),
                        None,
                    ),
                    e(
                        "h:big",
                        RdbValue::Hash(
                            (0..513)
                                .map(|i| (format!("f{i}").into_bytes(), b("v")))
                                .collect(),
                        ),
                        None,
                    ),
                    e(
                        "h:longval",
                        RdbValue::Hash(vec![(b("f"), vec![b'v'; 65])]),
                        None,
                    ),
                    e("x:s", RdbValue::Stream(Box::new(stream)), None),
                    e(
                        "x:empty",
                        RdbValue::Stream(Box::new(RdbStream {
                            last_id: id(7, 7),
                            max_deleted_id: id(7, 7),
                            entries_added: 3,
                            ..RdbStream::default()
                        })),
                        None,
                    ),
                ],
            ),
            (
                2,
                vec![e("db2:k", RdbValue::String(b("two")), Some(now + 60_000))],
            ),
            (
                15,
                vec![e("db15:h", RdbValue::Hash(vec![(b("x"), b("y"))]), None)],
            ),
        ],
    }
}

#[test]
fn redlet_dump_loads_in_redis_with_same_contents_and_encodings() {
    let dir = temp_dir("to-redis");
    let now = now_ms();
    let snap = sample(now);
    std::fs::write(dir.join("dump.rdb"), encode(&snap)).expect("write dump.rdb");
    let redis = Redis::start(&dir);
    let mut c = redis.client();
    let (observed, encodings) = observe(&mut c);
    let want = normalize(snap.dbs.clone());
    let observed = normalize(observed);
    assert_eq!(want.len(), observed.len(), "databases");
    for ((da, ea), (db, eb)) in want.iter().zip(&observed) {
        assert_eq!(da, db);
        assert_eq!(ea.len(), eb.len(), "key count in db {da}");
        for (a, b) in ea.iter().zip(eb) {
            assert_eq!(a, b, "key {:?}", String::from_utf8_lossy(&a.key));
        }
    }
    for (_, entries) in &snap.dbs {
        for e in entries {
            let got = &encodings
                .iter()
                .find(|(k, _)| *k == e.key)
                .expect("key loaded")
                .1;
            assert_eq!(
                got,
                object_encoding(&e.value),
                "OBJECT ENCODING of {:?}",
                String::from_utf8_lossy(&e.key)
            );
        }
    }
    // Redis can save it back, and that file decodes to the same data again.
    c.ok("SAVE");
    let again = decode(&std::fs::read(dir.join("dump.rdb")).expect("dump.rdb")).expect("decode");
    assert_eq!(normalize(again.dbs), want);
}

#[test]
fn encoder_options_follow_the_configuration_redis_runs_with() {
    let args = [
        "--hash-max-listpack-entries",
        "1",
        "--zset-max-listpack-entries",
        "3",
        "--set-max-intset-entries",
        "2",
        "--list-max-listpack-size",
        "3",
        "--stream-node-max-entries",
        "7",
        "--rdbcompression",
        "no",
    ];
    let mut config = redlet_core::Config::default();
    for pair in args.chunks(2) {
        config
            .set_param(pair[0].trim_start_matches("--"), pair[1])
            .expect("valid parameter");
    }
    let opts = EncodeOptions::from_config(&config);
    assert_eq!(opts.hash_max_listpack_entries, 1);
    assert_eq!(opts.list_max_listpack_size, 3);
    assert!(!opts.compression);

    let dir = temp_dir("options");
    let now = now_ms();
    let snap = sample(now);
    let bytes = encode_with(&snap, &opts);
    // No compression: the 120-byte repetitive string is stored verbatim.
    let raw = b"xyz".repeat(40);
    assert!(bytes.windows(raw.len()).any(|w| w == raw));
    assert!(bytes.len() > encode(&snap).len());
    std::fs::write(dir.join("dump.rdb"), &bytes).expect("write dump.rdb");
    let redis = Redis::start_with(&dir, &args);
    let mut c = redis.client();
    let (observed, encodings) = observe(&mut c);
    assert_eq!(normalize(observed), normalize(snap.dbs.clone()));
    for (_, entries) in &snap.dbs {
        for e in entries {
            let got = &encodings
                .iter()
                .find(|(k, _)| *k == e.key)
                .expect("key loaded")
                .1;
            assert_eq!(
                got,
                object_encoding_with(&e.value, &opts),
                "OBJECT ENCODING of {:?}",
                String::from_utf8_lossy(&e.key)
            );
        }
    }
    // The options changed some encodings (otherwise this test would prove nothing).
    let changed = snap.dbs[0]
        .1
        .iter()
        .filter(|e| object_encoding(&e.value) != object_encoding_with(&e.value, &opts))
        .count();
    assert!(changed >= 3, "only {changed} encodings changed");
}

/// Re-encodes redis's own dump (with its aux fields) and compares the bytes: with the same
/// data, redlet writes exactly the file Redis writes. `compression` selects rdbcompression.
fn check_byte_identical(compression: bool) {
    let name = if compression {
        "identical-lzf"
    } else {
        "identical"
    };
    let dir = temp_dir(name);
    let flag = if compression { "yes" } else { "no" };
    let redis = Redis::start_with(&dir, &["--rdbcompression", flag]);
    let mut c = redis.client();
    populate(&mut c, false);
    c.ok("SAVE");
    let theirs = std::fs::read(dir.join("dump.rdb")).expect("dump.rdb");
    let snap = decode(&theirs).expect("decode");
    let opts = EncodeOptions {
        compression,
        ..EncodeOptions::default()
    };
    let ours = encode_with(&snap, &opts);
    if compression {
        let plain = encode_with(
            &snap,
            &EncodeOptions {
                compression: false,
                ..opts
            },
        );
        assert!(
            plain.len() > ours.len(),
            "the dataset has LZF-compressed strings"
        );
    }
    let first_diff = theirs.iter().zip(&ours).position(|(a, b)| a != b);
    assert_eq!(
        (first_diff, ours.len()),
        (None, theirs.len()),
        "redlet's file differs from redis's"
    );
}

#[test]
fn same_data_gives_the_same_bytes_as_redis() {
    check_byte_identical(false);
}

#[test]
fn same_data_gives_the_same_bytes_as_redis_with_lzf() {
    check_byte_identical(true);
}

#[test]
fn checksum_disabled_files_are_read_both_ways() {
    // redis with rdbchecksum no writes a zero CRC, which we accept unchecked.
    let dir = temp_dir("nocrc-from");
    let redis = Redis::start_with(&dir, &["--rdbchecksum", "no"]);
    let mut c = redis.client();
    c.ok("SET k v");
    c.ok("SAVE");
    let bytes = std::fs::read(dir.join("dump.rdb")).expect("dump.rdb");
    assert_eq!(&bytes[bytes.len() - 8..], &[0; 8]);
    let snap = decode(&bytes).expect("zero checksum accepted");
    assert_eq!(snap.dbs[0].1[0].value, RdbValue::String(b"v".to_vec()));
    drop(redis);

    // Ours without a checksum loads in a redis that checks checksums (0 means "disabled").
    let dir = temp_dir("nocrc-to");
    let opts = EncodeOptions {
        checksum: false,
        ..EncodeOptions::default()
    };
    let ours = encode_with(&snap, &opts);
    assert_eq!(&ours[ours.len() - 8..], &[0; 8]);
    std::fs::write(dir.join("dump.rdb"), &ours).expect("write dump.rdb");
    let redis = Redis::start(&dir);
    assert_eq!(redis.client().ok("GET k"), Resp::Bulk(Some(b"v".to_vec())));
}

#[test]
fn dump_with_functions_is_refused_clearly() {
    let dir = temp_dir("functions");
    let redis = Redis::start(&dir);
    let mut c = redis.client();
    let lib = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)";
    assert_eq!(
        c.cmd(&["FUNCTION", "LOAD", lib]),
        Resp::Bulk(Some(b"mylib".to_vec()))
    );
    c.ok("SET k v");
    c.ok("SAVE");
    let bytes = std::fs::read(dir.join("dump.rdb")).expect("dump.rdb");
    let err = decode(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the RDB file contains functions, which are not supported"
    );
}
