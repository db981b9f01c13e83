//! The process: signals end it cleanly (exit 0, in-flight replies delivered), configuration
//! errors end it like redis-server's (the FATAL block on stderr, exit 1), --version/--help.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{read_n, start};

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .expect("kill(1) runs")
        .success();
    assert!(ok, "kill {sig} {pid}");
}

fn wait_exit(srv: &mut common::ServerProc) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(st) = srv.child.try_wait().expect("waiting works") {
            return st.code().expect("exited normally, not by a signal");
        }
        assert!(Instant::now() < deadline, "server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_exits_zero_after_flushing() {
    let mut srv = start(&[]);
    let mut s = srv.raw();
    // A large pipelined batch is in flight when the signal arrives; every reply still arrives.
    let mut batch = Vec::new();
    for i in 0..2000 {
        batch.extend_from_slice(format!("SET k{i} {i}\r\n").as_bytes());
    }
    batch.extend_from_slice(b"PING\r\n");
    s.write_all(&batch).unwrap();
    let total = 2000 * 5 + 7;
    let mut got = read_n(&mut s, 5);
    signal(srv.child.id(), "-TERM");
    got.extend(read_n(&mut s, total - got.len()));
    assert_eq!(got.len(), total, "every reply arrives");
    assert!(got.ends_with(b"+OK\r\n+PONG\r\n"));
    assert_eq!(wait_exit(&mut srv), 0);
}

#[test]
fn sigint_exits_zero_and_stops_accepting() {
    let mut srv = start(&[]);
    let port = srv.port;
    signal(srv.child.id(), "-INT");
    assert_eq!(wait_exit(&mut srv), 0);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_redlet-server"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the server binary runs");
    (
        out.status.code().expect("exited normally"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn config_errors_are_fatal_like_redis() {
    // Byte for byte what redis-server 7.0.15 writes to stderr.
    let (code, _, err) = run(&["--foo", "bar"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n\
         Reading the configuration file, at line 2\n\
         >>> 'foo \"bar\"'\n\
         Bad directive or wrong number of arguments\n"
    );
    let (code, _, err) = run(&["--port", "70000"]);
    assert_eq!(code, 1);
    assert!(err.ends_with(">>> 'port \"70000\"'\nargument must be between 0 and 65535 inclusive\n"));

    // A config file: line numbers count the file's lines, options come after it.
    let dir = std::env::temp_dir().join(format!("redlet-conf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("redlet.conf");
    std::fs::write(
        &file,
        "# comment\nport 6390\n\nbind \"127.0.0.1\"\nfoo bar\n",
    )
    .unwrap();
    let (code, _, err) = run(&[file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("at line 5\n>>> 'foo bar'\nBad directive"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_file_is_applied_and_known_redis_params_accepted() {
    let port = common::free_port();
    let dir = std::env::temp_dir().join(format!("redlet-conf2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("redlet.conf");
    std::fs::write(
        &file,
        format!("port {port}\nbind 127.0.0.1\ndatabases 3\nmaxmemory 100mb\nsave \"\"\n"),
    )
    .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_redlet-server"))
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed on drop if the test fails half-way.
    let mut srv = common::ServerProc { child, port };
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut s = loop {
        if let Ok(s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            break s;
        }
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    };
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"SELECT 2\r\nSELECT 3\r\n").unwrap();
    let got = read_n(&mut s, 5 + 31);
    assert_eq!(got, b"+OK\r\n-ERR DB index is out of range\r\n");
    // CONFIG REWRITE writes the changed values back into the file it was started with.
    s.write_all(b"CONFIG SET maxmemory 200mb hz 25\r\nCONFIG REWRITE\r\n")
        .unwrap();
    assert_eq!(read_n(&mut s, 10), b"+OK\r\n+OK\r\n");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("maxmemory 200mb\n"), "{text}");
    assert!(
        text.contains("# Generated by CONFIG REWRITE\nhz 25\n"),
        "{text}"
    );
    assert!(
        text.starts_with(&format!("port {port}\nbind 127.0.0.1\ndatabases 3\n")),
        "{text}"
    );
    signal(srv.child.id(), "-TERM");
    assert_eq!(wait_exit(&mut srv), 0);
    let mut log = String::new();
    srv.child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_string(&mut log)
        .unwrap();
    assert!(log.contains("'maxmemory' is a Redis parameter redlet does not implement"));
    assert!(log.contains(&format!("Running mode=standalone, port={port}.")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_and_help() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("redlet-server v="), "{out}");
    let (code, out, _) = run(&["-h"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Usage: redlet-server [/path/to/redis.conf] [options]"));
}
