//! `cargo xtask bench`: redis-benchmark against redis-server and redlet-server side by side.
//!
//! Both servers run at once on free loopback ports, pinned to CPU 1 (`taskset`), while
//! redis-benchmark runs pinned to CPU 0. Tests alternate between the two servers (the order
//! flips every round) for `--rounds` rounds (default 3); the table shows medians, the ratio
//! redlet / redis, and server CPU time per operation read from `/proc/<pid>/stat`. Then a
//! memory comparison loads the same data into fresh servers and reads VmRSS. The table is
//! printed and saved under `target/bench/`.
//!
//! Absolute numbers on shared 2-core machines are noise; ratios from one run are the signal.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{setup, Result};

/// One redis-benchmark test.
struct Test {
    name: &'static str,
    args: Vec<String>,
    /// Report latency percentiles instead of throughput.
    latency: bool,
}

fn tests(quick: bool) -> Vec<Test> {
    let n = |full: u64| (if quick { full / 20 } else { full }).to_string();
    let t = |name, args: &[&str], latency| Test {
        name,
        args: args.iter().map(|s| s.to_string()).collect(),
        latency,
    };
    vec![
        t(
            "SET -c 50",
            &["-t", "set", "-c", "50", "-n", &n(200_000)],
            false,
        ),
        t(
            "GET -c 50",
            &["-t", "get", "-c", "50", "-n", &n(200_000)],
            false,
        ),
        t(
            "SET -P 16",
            &["-t", "set", "-P", "16", "-n", &n(2_000_000)],
            false,
        ),
        t(
            "GET -P 16",
            &["-t", "get", "-P", "16", "-n", &n(2_000_000)],
            false,
        ),
        t(
            "LPUSH -P 16",
            &["-t", "lpush", "-P", "16", "-n", &n(2_000_000)],
            false,
        ),
        t(
            "LPOP -P 16",
            &["-t", "lpop", "-P", "16", "-n", &n(2_000_000)],
            false,
        ),
        t(
            "XADD -P 16",
            &[
                "-P",
                "16",
                "-n",
                &n(1_000_000),
                "XADD",
                "bench:stream",
                "*",
                "field",
                "value",
            ],
            false,
        ),
        t(
            "SET -P 64",
            &["-t", "set", "-P", "64", "-n", &n(4_000_000)],
            false,
        ),
        t(
            "GET -P 64",
            &["-t", "get", "-P", "64", "-n", &n(4_000_000)],
            false,
        ),
        t(
            "SET -P 16 -r 1M",
            &[
                "-t",
                "set",
                "-P",
                "16",
                "-r",
                "1000000",
                "-n",
                &n(2_000_000),
            ],
            false,
        ),
        t(
            "GET -c 1 latency",
            &["-t", "get", "-c", "1", "-n", &n(100_000)],
            true,
        ),
    ]
}

/// A server under test.
struct Server {
    name: &'static str,
    port: u16,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(name: &'static str, bin: &str, extra: &[&str]) -> Result<Server> {
        let port = free_port()?;
        let port_s = port.to_string();
        let mut args = vec!["-c", "1", bin, "--port", &port_s, "--bind", "127.0.0.1"];
        args.extend_from_slice(extra);
        let child = Command::new("taskset")
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("start {bin}: {e}"))?;
        let s = Server { name, port, child };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("{name} did not start on port {port}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(s)
    }

    /// utime + stime in clock ticks.
    fn cpu_ticks(&self) -> u64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which is in parentheses and may hold spaces).
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let f: Vec<&str> = rest.split_whitespace().collect();
        let get = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        // After ')': state(0) ppid(1) ... utime is field 14 overall => index 11 here.
        get(11) + get(12)
    }

    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn command(&self, args: &[&str]) -> Result<Vec<u8>> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        s.write_all(&encode(args)).map_err(|e| e.to_string())?;
        let mut buf = [0u8; 4096];
        let n = s.read(&mut buf).map_err(|e| e.to_string())?;
        Ok(buf[..n].to_vec())
    }
}

fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn encode(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n{a}\r\n", a.len()).as_bytes());
    }
    out
}

/// One measurement: requests/s, or p50/p99 latency in ms; plus server CPU µs per op.
#[derive(Clone, Copy, Default)]
struct Sample {
    rps: f64,
    p50: f64,
    p99: f64,
    cpu_us_per_op: f64,
}

fn requests_of(args: &[String]) -> f64 {
    args.iter()
        .position(|a| a == "-n")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000.0)
}

fn bench_one(server: &Server, test: &Test) -> Result<Sample> {
    let before = server.cpu_ticks();
    let port = server.port.to_string();
    let mut args: Vec<String> = vec![
        "-c".into(),
        "0".into(),
        "redis-benchmark".into(),
        "-p".into(),
        port,
        "--csv".into(),
    ];
    // Options first, then the test's own (a custom command must come last).
    if !test.args.iter().any(|a| a == "-c") {
        args.extend(["-c".into(), "50".into()]);
    }
    args.extend(test.args.iter().cloned());
    let out = Command::new("taskset")
        .args(&args)
        .output()
        .map_err(|e| format!("redis-benchmark: {e}"))?;
    let after = server.cpu_ticks();
    let text = String::from_utf8_lossy(&out.stdout);
    // CSV: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms",
    //      "p99_latency_ms","max_latency_ms"
    let row = text
        .lines()
        .filter(|l| !l.starts_with("\"test\""))
        .find(|l| l.starts_with('"'))
        .ok_or_else(|| {
            format!(
                "no result from redis-benchmark for {} on {}: {}{}",
                test.name,
                server.name,
                text,
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
    let cols: Vec<f64> = row
        .split(',')
        .skip(1)
        .map(|c| c.trim_matches('"').parse().unwrap_or(0.0))
        .collect();
    let ticks_per_sec = 100.0;
    let cpu_us = (after.saturating_sub(before)) as f64 / ticks_per_sec * 1e6;
    Ok(Sample {
        rps: cols.first().copied().unwrap_or(0.0),
        p50: cols.get(3).copied().unwrap_or(0.0),
        p99: cols.get(5).copied().unwrap_or(0.0),
        cpu_us_per_op: cpu_us / requests_of(&test.args),
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Loads data over one pipelined connection: `make(i)` gives command i of `n`.
fn load(server: &Server, n: usize, make: impl Fn(usize) -> Vec<String>) -> Result {
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(s.try_clone().map_err(|e| e.to_string())?);
    let batch = 10_000;
    let mut i = 0;
    while i < n {
        let end = (i + batch).min(n);
        let mut buf = Vec::new();
        for j in i..end {
            let cmd = make(j);
            let refs: Vec<&str> = cmd.iter().map(String::as_str).collect();
            buf.extend_from_slice(&encode(&refs));
        }
        s.write_all(&buf).map_err(|e| e.to_string())?;
        let mut line = String::new();
        for _ in i..end {
            line.clear();
            reader.read_line(&mut line).map_err(|e| e.to_string())?;
            if line.starts_with('-') {
                return Err(format!("load failed on {}: {line}", server.name));
            }
            if line.starts_with('$') {
                // A bulk reply (XADD's ID): skip its payload line.
                let mut payload = String::new();
                reader.read_line(&mut payload).map_err(|e| e.to_string())?;
            }
        }
        i = end;
    }
    Ok(())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    format!("{cores} cores, {cpu}")
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Entry point of `cargo xtask bench`.
///
/// Options: `--rounds N` (default 3); `--quick` (a twentieth of the requests); `--only
/// NAME,NAME` (just these tests, by their table name, e.g. `SET -P 16,GET -c 50`);
/// `--no-memory` (skip the memory comparison); `--memory-only` (just the memory comparison);
/// `--redlet-bin PATH` (measure that binary
/// instead of building one, e.g. an older build kept for a before/after comparison).
pub fn run(root: &Path, args: &[String]) -> Result {
    let quick = args.iter().any(|a| a == "--quick");
    let rounds: usize = crate::flag_value(args, "--rounds")
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let only: Option<Vec<String>> = crate::flag_value(args, "--only")
        .map(|v| v.split(',').map(|t| t.trim().to_string()).collect());
    let memory = !args.iter().any(|a| a == "--no-memory");
    let memory_only = args.iter().any(|a| a == "--memory-only");
    setup::apt(&[
        ("redis-server", "redis-server"),
        ("redis-benchmark", "redis-tools"),
        ("taskset", "util-linux"),
    ])?;
    let redlet_bin = match crate::flag_value(args, "--redlet-bin") {
        Some(bin) => bin,
        None => {
            crate::run(
                Command::new("cargo")
                    .args(["build", "--release", "-p", "redlet-server"])
                    .current_dir(root),
            )?;
            // Where that build went: CARGO_TARGET_DIR if set (cargo honours it), else target/.
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| root.join("target"), std::path::PathBuf::from);
            target
                .join("release/redlet-server")
                .to_string_lossy()
                .to_string()
        }
    };
    // The same settings for both: no save points (redlet would otherwise snapshot the
    // keyspace every minute of a long run, as redis-server would with its defaults) and no
    // AOF.
    let redis_extra = ["--save", "", "--appendonly", "no"];

    let mut report = String::new();
    report.push_str(&format!(
        "redlet vs redis-server — {} — {} — {} round(s), medians{}\n\n",
        today(),
        machine(),
        rounds,
        if quick { " (quick)" } else { "" }
    ));
    report.push_str("| test | redis-server | redlet | ratio | redis CPU µs/op | redlet CPU µs/op | CPU ratio |\n");
    report.push_str("|---|---:|---:|---:|---:|---:|---:|\n");

    let mut tests = tests(quick);
    if let Some(only) = &only {
        let unknown: Vec<&String> = only
            .iter()
            .filter(|n| !tests.iter().any(|t| t.name == n.as_str()))
            .collect();
        if !unknown.is_empty() {
            let names: Vec<&str> = tests.iter().map(|t| t.name).collect();
            return Err(format!(
                "--only: unknown test(s) {unknown:?}; tests: {names:?}"
            ));
        }
        tests.retain(|t| only.iter().any(|n| n == t.name));
    }
    if memory_only {
        tests.clear();
    }
    let redis = Server::start("redis-server", "redis-server", &redis_extra)?;
    let redlet = Server::start("redlet", &redlet_bin, &redis_extra)?;
    let mut samples: Vec<[Vec<Sample>; 2]> =
        tests.iter().map(|_| [Vec::new(), Vec::new()]).collect();
    for round in 0..rounds {
        for (ti, test) in tests.iter().enumerate() {
            let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for which in order {
                let server = if which == 0 { &redis } else { &redlet };
                let s = bench_one(server, test)?;
                eprintln!(
                    "round {} {:<18} {:<12} {:>12.0} rps  p50 {:.3} ms  p99 {:.3} ms  cpu {:.2} µs/op",
                    round + 1,
                    test.name,
                    server.name,
                    s.rps,
                    s.p50,
                    s.p99,
                    s.cpu_us_per_op
                );
                samples[ti][which].push(s);
            }
        }
    }
    for (ti, test) in tests.iter().enumerate() {
        let m = |w: usize, f: fn(&Sample) -> f64| median(samples[ti][w].iter().map(f).collect());
        let (cpu_a, cpu_b) = (m(0, |s| s.cpu_us_per_op), m(1, |s| s.cpu_us_per_op));
        let cpu_ratio = if cpu_a > 0.0 { cpu_b / cpu_a } else { 0.0 };
        if test.latency {
            let (a50, b50) = (m(0, |s| s.p50), m(1, |s| s.p50));
            let (a99, b99) = (m(0, |s| s.p99), m(1, |s| s.p99));
            report.push_str(&format!(
                "| {} p50 | {:.0} µs | {:.0} µs | {:+.0} µs | {:.2} | {:.2} | {:.2} |\n",
                test.name,
                a50 * 1000.0,
                b50 * 1000.0,
                (b50 - a50) * 1000.0,
                cpu_a,
                cpu_b,
                cpu_ratio
            ));
            report.push_str(&format!(
                "| {} p99 | {:.0} µs | {:.0} µs | {:+.0} µs | | | |\n",
                test.name,
                a99 * 1000.0,
                b99 * 1000.0,
                (b99 - a99) * 1000.0
            ));
        } else {
            let (a, b) = (m(0, |s| s.rps), m(1, |s| s.rps));
            report.push_str(&format!(
                "| {} | {:.0} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} |\n",
                test.name,
                a,
                b,
                if a > 0.0 { b / a } else { 0.0 },
                cpu_a,
                cpu_b,
                cpu_ratio
            ));
        }
    }
    drop(redis);
    drop(redlet);

    // Memory: the same data into fresh servers, resident set size after loading.
    if !memory {
        return finish(root, &report);
    }
    report.push_str("\n| memory (VmRSS) | redis-server | redlet | ratio |\n|---|---:|---:|---:|\n");
    let scale = if quick { 10 } else { 1 };
    type Loader = Box<dyn Fn(&Server) -> Result>;
    let scenarios: Vec<(String, Loader)> = vec![
        (
            format!("{} small strings", 1_000_000 / scale),
            Box::new(move |s: &Server| {
                load(s, 1_000_000 / scale, |i| {
                    vec!["SET".into(), format!("key:{i:012}"), format!("value:{i}")]
                })
            }),
        ),
        (
            format!("100 lists × {} items", 10_000 / scale),
            Box::new(move |s: &Server| {
                load(s, 100 * 10_000 / scale, |i| {
                    vec![
                        "RPUSH".into(),
                        format!("list:{}", i % 100),
                        format!("item:{i}"),
                    ]
                })
            }),
        ),
        (
            format!("{}-entry stream", 1_000_000 / scale),
            Box::new(move |s: &Server| {
                load(s, 1_000_000 / scale, |i| {
                    vec![
                        "XADD".into(),
                        "stream".into(),
                        format!("{}-1", i + 1),
                        "field".into(),
                        format!("{i}"),
                    ]
                })
            }),
        ),
        // Beyond the issue's three: the other types, in their usual shapes.
        (
            format!("{} hashes × 5 fields", 200_000 / scale),
            Box::new(move |s: &Server| {
                load(s, 200_000 / scale, |i| {
                    let mut c: Vec<String> = vec!["HSET".into(), format!("user:{i}")];
                    for (f, v) in [
                        ("name", format!("name{i}")),
                        ("email", format!("u{i}@example.com")),
                        ("age", format!("{}", i % 90)),
                        ("city", "Paris".into()),
                        ("visits", format!("{i}")),
                    ] {
                        c.push(f.into());
                        c.push(v);
                    }
                    c
                })
            }),
        ),
        (
            format!("1,000 sets × {} members", 1_000 / scale),
            Box::new(move |s: &Server| {
                load(s, 1_000_000 / scale, |i| {
                    vec![
                        "SADD".into(),
                        format!("set:{}", i % 1000),
                        format!("member:{i}"),
                    ]
                })
            }),
        ),
        (
            format!("1,000 sorted sets × {} members", 1_000 / scale),
            Box::new(move |s: &Server| {
                load(s, 1_000_000 / scale, |i| {
                    vec![
                        "ZADD".into(),
                        format!("z:{}", i % 1000),
                        format!("{i}"),
                        format!("member:{i}"),
                    ]
                })
            }),
        ),
    ];
    for (name, loader) in &scenarios {
        let mut rss = [0u64; 2];
        for (w, rss_slot) in rss.iter_mut().enumerate() {
            let server = if w == 0 {
                Server::start("redis-server", "redis-server", &redis_extra)?
            } else {
                Server::start("redlet", &redlet_bin, &redis_extra)?
            };
            loader(&server)?;
            // Let the allocator settle; then read the resident set.
            let _ = server.command(&["PING"]);
            std::thread::sleep(Duration::from_millis(200));
            *rss_slot = server.rss_kb();
        }
        report.push_str(&format!(
            "| {name} | {:.1} MB | {:.1} MB | {:.2} |\n",
            rss[0] as f64 / 1024.0,
            rss[1] as f64 / 1024.0,
            if rss[0] > 0 {
                rss[1] as f64 / rss[0] as f64
            } else {
                0.0
            }
        ));
    }

    finish(root, &report)
}

/// Prints the report and saves it under `target/bench/`.
fn finish(root: &Path, report: &str) -> Result {
    println!("\n{report}");
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("latest.md");
    std::fs::write(&file, report).map_err(|e| e.to_string())?;
    println!("saved to {}", file.display());
    Ok(())
}
