//! The append-only file end to end: the real binary on a free port with a temporary `dir`,
//! killed with SIGKILL (`Child::kill`) to simulate crashes; redis-server 7.0 loading what
//! redlet writes and the reverse.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::free_port;

/// A redlet-server whose log goes to `<dir>/log`; SIGKILLed on drop.
struct Proc {
    child: Child,
    port: u16,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proc {
    fn client(&self) -> redis::Connection {
        redis::Client::open(format!("redis://127.0.0.1:{}/", self.port))
            .expect("valid url")
            .get_connection()
            .expect("connects")
    }

    /// SIGKILL, as a crash.
    fn crash(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("redlet-aof-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).expect("temp dir");
    d
}

fn spawn(dir: &Path, extra: &[&str]) -> Command {
    let port = free_port();
    let log = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("log"))
        .expect("log file");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_redlet-server"));
    cmd.args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--dir", dir.to_str().expect("utf-8 temp path")])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("dup"))
        .stderr(log);
    cmd
}

/// Starts redlet on `dir` and waits until it accepts connections.
fn start(dir: &Path, extra: &[&str]) -> Proc {
    let mut cmd = spawn(dir, extra);
    let port: u16 = cmd
        .get_args()
        .nth(1)
        .and_then(|p| p.to_str())
        .and_then(|p| p.parse().ok())
        .expect("port argument");
    let mut child = cmd.spawn().expect("the server binary starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut exited = None;
    while Instant::now() < deadline {
        if let Ok(Some(st)) = child.try_wait() {
            exited = Some(st);
            break;
        }
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Proc { child, port };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!(
        "redlet-server did not start ({exited:?}); log:\n{}",
        log(dir)
    );
}

/// Runs redlet on `dir` expecting it to refuse to start; returns its exit code.
fn refused(dir: &Path, extra: &[&str]) -> i32 {
    let mut child = spawn(dir, extra).spawn().expect("starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(st) = child.try_wait().expect("wait") {
            return st.code().unwrap_or(-1);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("redlet-server started on a corrupt AOF");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn log(dir: &Path) -> String {
    fs::read_to_string(dir.join("log")).unwrap_or_default()
}

fn aof_dir(dir: &Path) -> PathBuf {
    dir.join("appendonlydir")
}

fn incr_file(dir: &Path) -> PathBuf {
    let manifest = fs::read_to_string(aof_dir(dir).join("appendonly.aof.manifest"))
        .expect("a manifest exists");
    let name = manifest
        .lines()
        .rfind(|l| l.ends_with("type i"))
        .and_then(|l| l.split_whitespace().nth(1))
        .expect("an incremental file is listed")
        .to_string();
    aof_dir(dir).join(name)
}

fn dir_size(dir: &Path) -> u64 {
    fs::read_dir(aof_dir(dir))
        .expect("aof dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// INCRs `ctr` as fast as possible until the server dies; returns (last acknowledged value,
/// commands sent) through the shared counters.
fn incr_until_crash(p: &Proc, run_for: Duration) -> (i64, i64) {
    let acked = Arc::new(AtomicI64::new(0));
    let sent = Arc::new(AtomicI64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut con = p.client();
    let writer = {
        let (acked, sent, stop) = (acked.clone(), sent.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                sent.fetch_add(1, Ordering::SeqCst);
                match redis::cmd("INCR").arg("ctr").query::<i64>(&mut con) {
                    Ok(v) => acked.store(v, Ordering::SeqCst),
                    Err(_) => return,
                }
            }
        })
    };
    std::thread::sleep(run_for);
    // Kill while the writer is mid-stream.
    let pid = p.child.id();
    let ok = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("kill runs")
        .success();
    assert!(ok);
    writer.join().expect("writer thread");
    stop.store(true, Ordering::SeqCst);
    (acked.load(Ordering::SeqCst), sent.load(Ordering::SeqCst))
}

fn get_i64(p: &Proc, key: &str) -> i64 {
    let v: Option<i64> = redis::cmd("GET")
        .arg(key)
        .query(&mut p.client())
        .expect("GET works");
    v.unwrap_or(0)
}

#[test]
fn crash_with_appendfsync_always_loses_no_acknowledged_write() {
    let dir = temp_dir("always");
    let args = ["--appendonly", "yes", "--appendfsync", "always"];
    let p = start(&dir, &args);
    let (acked, sent) = incr_until_crash(&p, Duration::from_millis(700));
    drop(p);
    assert!(acked > 0, "the writer made progress");
    let p = start(&dir, &args);
    let got = get_i64(&p, "ctr");
    eprintln!("appendfsync always: acknowledged {acked}, sent {sent}, recovered {got}");
    assert!(got >= acked, "recovered {got} < acknowledged {acked}");
    assert!(got <= sent, "recovered {got} > sent {sent}");
    p.crash();
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn crash_with_appendfsync_everysec_reports_losses() {
    let dir = temp_dir("everysec");
    let args = ["--appendonly", "yes", "--appendfsync", "everysec"];
    let p = start(&dir, &args);
    let started = Instant::now();
    let (acked, sent) = incr_until_crash(&p, Duration::from_millis(1500));
    let secs = started.elapsed().as_secs_f64();
    drop(p);
    let p = start(&dir, &args);
    let got = get_i64(&p, "ctr");
    let lost = (acked - got).max(0);
    let per_sec = acked as f64 / secs;
    // A process crash keeps what reached the kernel (every write is issued before the
    // reply); only a machine crash could lose the up to ~1 s not yet fsynced.
    eprintln!(
        "appendfsync everysec: acknowledged {acked}, recovered {got}, lost {lost} \
         (~{per_sec:.0} writes/s)"
    );
    assert!(got <= sent);
    assert!(
        (lost as f64) <= per_sec * 1.5 + 1.0,
        "lost more than ~1 s of writes"
    );
    p.crash();
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_truncated_tail_is_cut_and_loaded_with_a_warning() {
    let dir = temp_dir("truncated");
    let args = ["--appendonly", "yes", "--appendfsync", "always"];
    let p = start(&dir, &args);
    let mut c = p.client();
    for i in 0..10 {
        let _: () = redis::cmd("SET")
            .arg(format!("k{i}"))
            .arg(i)
            .query(&mut c)
            .expect("SET");
    }
    p.crash();
    let incr = incr_file(&dir);
    let good = fs::read(&incr).expect("incr file");
    let mut cut = good.clone();
    cut.extend_from_slice(b"*3\r\n$3\r\nSET\r\n$2\r\nzz\r\n$5\r\nhel");
    fs::write(&incr, &cut).expect("write");
    let p = start(&dir, &args);
    assert_eq!(get_i64(&p, "k9"), 9);
    let zz: Option<String> = redis::cmd("GET")
        .arg("zz")
        .query(&mut p.client())
        .expect("GET");
    assert_eq!(zz, None);
    assert_eq!(
        fs::read(&incr).expect("incr"),
        good,
        "cut back to the last command"
    );
    let text = log(&dir);
    assert!(
        text.contains("short read while loading the AOF file"),
        "{text}"
    );
    assert!(text.contains("bytes dropped"), "{text}");
    p.crash();
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_aof_refuses_to_start_and_is_left_untouched() {
    let dir = temp_dir("corrupt");
    let args = ["--appendonly", "yes"];
    let p = start(&dir, &args);
    let mut c = p.client();
    let _: () = redis::cmd("SET")
        .arg("a")
        .arg(1)
        .query(&mut c)
        .expect("SET");
    let _: () = redis::cmd("SET")
        .arg("b")
        .arg(2)
        .query(&mut c)
        .expect("SET");
    p.crash();
    let incr = incr_file(&dir);
    let mut bytes = fs::read(&incr).expect("incr");
    // Overwrite the start of the second command with garbage.
    let second = bytes
        .windows(2)
        .enumerate()
        .filter(|(_, w)| *w == b"\n*")
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("a second command");
    bytes[second] = b'!';
    fs::write(&incr, &bytes).expect("write");
    let before: Vec<(String, Vec<u8>)> = fs::read_dir(aof_dir(&dir))
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| {
            let path = e.path();
            (path.display().to_string(), fs::read(&path).expect("read"))
        })
        .collect();
    let code = refused(&dir, &args);
    assert_ne!(code, 0);
    let text = log(&dir);
    assert!(
        text.contains("Bad file format reading the append only file"),
        "{text}"
    );
    for (path, content) in before {
        assert_eq!(
            fs::read(&path).expect("still there"),
            content,
            "{path} changed"
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn bgrewriteaof_compacts_and_keeps_the_data() {
    let dir = temp_dir("rewrite");
    let args = ["--appendonly", "yes"];
    let p = start(&dir, &args);
    let mut c = p.client();
    for _ in 0..2000 {
        let _: i64 = redis::cmd("INCR").arg("n").query(&mut c).expect("INCR");
    }
    let _: () = redis::cmd("RPUSH")
        .arg("l")
        .arg(&["a", "b", "c"])
        .query(&mut c)
        .expect("RPUSH");
    let _: () = redis::cmd("SET")
        .arg("t")
        .arg("v")
        .arg("EX")
        .arg(1000)
        .query(&mut c)
        .expect("SET");
    let before = dir_size(&dir);
    let r: String = redis::cmd("BGREWRITEAOF")
        .query(&mut c)
        .expect("BGREWRITEAOF");
    assert_eq!(r, "Background append only file rewriting started");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let info: String = redis::cmd("INFO")
            .arg("persistence")
            .query(&mut c)
            .expect("INFO");
        if info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrites:1") {
            break;
        }
        assert!(Instant::now() < deadline, "rewrite did not finish: {info}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A write after the rewrite lands in the new incremental file.
    let _: i64 = redis::cmd("INCR").arg("n").query(&mut c).expect("INCR");
    let after = dir_size(&dir);
    assert!(
        after * 10 < before,
        "not compacted: {before} -> {after} bytes"
    );
    let manifest = fs::read_to_string(aof_dir(&dir).join("appendonly.aof.manifest")).expect("m");
    assert_eq!(
        manifest,
        "file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n"
    );
    p.crash();
    let p = start(&dir, &args);
    assert_eq!(get_i64(&p, "n"), 2001);
    let l: Vec<String> = redis::cmd("LRANGE")
        .arg("l")
        .arg(0)
        .arg(-1)
        .query(&mut p.client())
        .expect("LRANGE");
    assert_eq!(l, ["a", "b", "c"]);
    let ttl: i64 = redis::cmd("TTL")
        .arg("t")
        .query(&mut p.client())
        .expect("TTL");
    assert!((990..=1000).contains(&ttl), "ttl {ttl}");
    p.crash();
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn config_set_appendonly_starts_the_aof_with_a_rewrite() {
    let dir = temp_dir("configset");
    let p = start(&dir, &[]);
    let mut c = p.client();
    let _: () = redis::cmd("SET")
        .arg("before")
        .arg(1)
        .query(&mut c)
        .expect("SET");
    let _: () = redis::cmd("CONFIG")
        .arg("SET")
        .arg("appendonly")
        .arg("yes")
        .query(&mut c)
        .expect("CONFIG SET");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let info: String = redis::cmd("INFO")
            .arg("persistence")
            .query(&mut c)
            .expect("INFO");
        if info.contains("aof_enabled:1") && info.contains("aof_rewrite_in_progress:0") {
            break;
        }
        assert!(Instant::now() < deadline, "AOF did not start: {info}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let _: () = redis::cmd("SET")
        .arg("after")
        .arg(2)
        .query(&mut c)
        .expect("SET");
    p.crash();
    let p = start(&dir, &["--appendonly", "yes"]);
    assert_eq!(get_i64(&p, "before"), 1);
    assert_eq!(get_i64(&p, "after"), 2);
    p.crash();
    let _ = fs::remove_dir_all(&dir);
}

/// Starts redis-server 7.0 on `dir` (AOF on, with its default RDB preamble, so its rewrites
/// write an RDB base); returns its port, pid file and the guard that stops it.
fn start_redis(dir: &Path) -> (u16, PathBuf, RedisGuard) {
    let port = free_port();
    let pidfile = dir.join("redis.pid");
    let ok = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
        ])
        .args([
            "--appendonly",
            "yes",
            "--aof-use-rdb-preamble",
            "yes",
            "--daemonize",
            "yes",
        ])
        .args(["--dir", dir.to_str().expect("utf-8")])
        .args(["--pidfile", pidfile.to_str().expect("utf-8")])
        .args(["--logfile", dir.join("redis.log").to_str().expect("utf-8")])
        .status()
        .expect("redis-server is installed")
        .success();
    assert!(ok);
    let guard = RedisGuard(pidfile.clone());
    // Redis accepts connections while it loads (answering -LOADING): wait for a PONG.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let pong = redis::Client::open(format!("redis://127.0.0.1:{port}/"))
            .and_then(|c| c.get_connection())
            .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c));
        if pong.is_ok() {
            break;
        }
        assert!(Instant::now() < deadline, "redis-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    (port, pidfile, guard)
}

/// Stops the daemonized redis-server of `pidfile` when dropped, so a failing assertion does
/// not leave it running (it is not our child: its pid comes from its pid file).
struct RedisGuard(PathBuf);

impl Drop for RedisGuard {
    fn drop(&mut self) {
        if let Ok(pid) = fs::read_to_string(&self.0) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
    }
}

fn stop_redis(pidfile: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !pidfile.exists() {
        assert!(Instant::now() < deadline, "no pid file");
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = fs::read_to_string(pidfile).expect("pid file");
    let _ = Command::new("kill").arg(pid.trim()).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while pidfile.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn redis_server_and_redlet_load_each_others_aof() {
    let dir = temp_dir("interop");
    // redlet writes (incremental file, then a rewritten base plus more writes).
    let p = start(&dir, &["--appendonly", "yes"]);
    let mut c = p.client();
    let _: () = redis::cmd("SET")
        .arg("s")
        .arg("v")
        .arg("PX")
        .arg(500_000)
        .query(&mut c)
        .expect("SET");
    let _: () = redis::cmd("RPUSH")
        .arg("l")
        .arg(&["x", "y"])
        .query(&mut c)
        .expect("RPUSH");
    let _: String = redis::cmd("BGREWRITEAOF")
        .query(&mut c)
        .expect("BGREWRITEAOF");
    std::thread::sleep(Duration::from_millis(300));
    let _: () = redis::cmd("SELECT").arg(3).query(&mut c).expect("SELECT");
    let _: String = redis::cmd("XADD")
        .arg("st")
        .arg("*")
        .arg("f")
        .arg("v")
        .query(&mut c)
        .expect("XADD");
    let _: f64 = redis::cmd("INCRBYFLOAT")
        .arg("fl")
        .arg("1.25")
        .query(&mut c)
        .expect("INCRBYFLOAT");
    drop(c);
    p.crash();
    // redis-server reads it.
    let (port, pidfile, guard) = start_redis(&dir);
    let mut r = redis::Client::open(format!("redis://127.0.0.1:{port}/"))
        .expect("url")
        .get_connection()
        .expect("connects");
    let s: String = redis::cmd("GET").arg("s").query(&mut r).expect("GET");
    assert_eq!(s, "v");
    let pttl: i64 = redis::cmd("PTTL").arg("s").query(&mut r).expect("PTTL");
    assert!(pttl > 400_000, "pttl {pttl}");
    let l: Vec<String> = redis::cmd("LRANGE")
        .arg("l")
        .arg(0)
        .arg(-1)
        .query(&mut r)
        .expect("LRANGE");
    assert_eq!(l, ["x", "y"]);
    let _: () = redis::cmd("SELECT").arg(3).query(&mut r).expect("SELECT");
    let n: i64 = redis::cmd("XLEN").arg("st").query(&mut r).expect("XLEN");
    assert_eq!(n, 1);
    let fl: String = redis::cmd("GET").arg("fl").query(&mut r).expect("GET");
    assert_eq!(fl, "1.25");
    // redis-server writes more (its own incremental file), then rewrites (an RDB base, with
    // XSETID-equivalent stream metadata), writes again; redlet reads it all back.
    let _: i64 = redis::cmd("INCR")
        .arg("from-redis")
        .query(&mut r)
        .expect("INCR");
    let _: String = redis::cmd("BGREWRITEAOF")
        .query(&mut r)
        .expect("BGREWRITEAOF");
    std::thread::sleep(Duration::from_millis(500));
    let _: () = redis::cmd("SET")
        .arg("late")
        .arg("1")
        .arg("EX")
        .arg(100)
        .query(&mut r)
        .expect("SET");
    drop(r);
    stop_redis(&pidfile);
    drop(guard);
    let p = start(&dir, &["--appendonly", "yes"]);
    let mut c = p.client();
    let _: () = redis::cmd("SELECT").arg(3).query(&mut c).expect("SELECT");
    assert_eq!(get_i64_on(&mut c, "from-redis"), 1);
    let n: i64 = redis::cmd("XLEN").arg("st").query(&mut c).expect("XLEN");
    assert_eq!(n, 1, "the stream comes back from Redis's RDB base");
    let fl: String = redis::cmd("GET").arg("fl").query(&mut c).expect("GET");
    assert_eq!(fl, "1.25");
    let ttl: i64 = redis::cmd("TTL").arg("late").query(&mut c).expect("TTL");
    assert!((90..=100).contains(&ttl), "ttl {ttl}");
    let _: () = redis::cmd("SELECT").arg(0).query(&mut c).expect("SELECT");
    let l: Vec<String> = redis::cmd("LRANGE")
        .arg("l")
        .arg(0)
        .arg(-1)
        .query(&mut c)
        .expect("LRANGE");
    assert_eq!(l, ["x", "y"]);
    p.crash();
    let _ = fs::remove_dir_all(&dir);
}

fn get_i64_on(c: &mut redis::Connection, key: &str) -> i64 {
    let v: Option<i64> = redis::cmd("GET").arg(key).query(c).expect("GET");
    v.unwrap_or(0)
}
