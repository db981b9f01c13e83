//! Shared helpers for the TCP tests: start the built `redlet-server` on a free loopback port,
//! wait until it accepts, kill it when the test ends; raw-socket helpers.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `redlet-server`, killed (by its pid, through `Child`) when dropped.
pub struct ServerProc {
    /// The child process.
    pub child: Child,
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago (bind :0, read the port, release it).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("binding an ephemeral port works");
    l.local_addr()
        .expect("a bound listener has an address")
        .port()
}

/// Starts the server with `extra` arguments on a free port and waits until it accepts.
pub fn start(extra: &[&str]) -> ServerProc {
    for _ in 0..5 {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_redlet-server"))
            // No save points: a SIGTERM must not leave a dump.rdb in the test's directory.
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
            ])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                break; // exited (port taken meanwhile?): try another port
            }
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                // Another test's server may have taken the same free port first: make sure
                // the one answering is ours.
                if is_process(&mut s, child.id()) {
                    return ServerProc { child, port };
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("redlet-server did not start");
}

/// Whether the server on `s` reports process id `pid` in INFO server.
fn is_process(s: &mut TcpStream, pid: u32) -> bool {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    if s.write_all(b"INFO server\r\n").is_err() {
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

impl ServerProc {
    /// A raw connection with a read timeout.
    pub fn raw(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).expect("server accepts");
        s.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("setting a timeout works");
        s
    }

    /// A `redis` crate connection.
    pub fn client(&self) -> redis::Connection {
        redis::Client::open(format!("redis://127.0.0.1:{}/", self.port))
            .expect("valid url")
            .get_connection()
            .expect("server accepts")
    }

    /// The server's resident memory in KiB (VmRSS).
    pub fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/<pid>/status is readable");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS is present")
    }
}

/// Reads until `want` bytes arrived (or EOF / timeout); returns what was read.
pub fn read_n(s: &mut TcpStream, want: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while out.len() < want {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}

/// Reads until the peer closes (or a timeout, which fails the test).
pub fn read_to_close(s: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => panic!(
                "connection not closed ({e}); got {:?}",
                String::from_utf8_lossy(&out)
            ),
        }
    }
}

/// Sends `bytes` and returns the reply bytes (`want` of them).
pub fn roundtrip(s: &mut TcpStream, bytes: &[u8], want: usize) -> Vec<u8> {
    s.write_all(bytes).expect("write works");
    read_n(s, want)
}
