//! redis-cli (from Debian's redis-tools, the same build as the redis-server 7.0.15 oracle)
//! against redlet: commands as arguments, commands on stdin, and an interactive session in
//! tmux. Expected outputs are what redis-cli prints against redis-server 7.0.15.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::start;

fn redis_cli(port: u16, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new("redis-cli")
        .args(["-p", &port.to_string()])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("redis-cli is installed (Debian package redis-tools)");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("redis-cli reads stdin");
    let out = child.wait_with_output().expect("redis-cli runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn commands_as_arguments() {
    let srv = start(&[]);
    assert_eq!(redis_cli(srv.port, &["PING"], ""), "PONG\n");
    assert_eq!(
        redis_cli(srv.port, &["SET", "k", "hello world"], ""),
        "OK\n"
    );
    assert_eq!(redis_cli(srv.port, &["GET", "k"], ""), "hello world\n");
    assert_eq!(redis_cli(srv.port, &["GET", "nosuch"], ""), "\n");
    assert_eq!(
        redis_cli(srv.port, &["GET"], ""),
        "ERR wrong number of arguments for 'get' command\n\n"
    );
    // -n selects the database before the command.
    assert_eq!(
        redis_cli(srv.port, &["-n", "2", "SET", "k", "two"], ""),
        "OK\n"
    );
    assert_eq!(redis_cli(srv.port, &["-n", "2", "GET", "k"], ""), "two\n");
    assert_eq!(
        redis_cli(srv.port, &["-3", "HELLO", "3"], "")
            .lines()
            .take(3)
            .collect::<Vec<_>>(),
        ["server redis", "version 7.0.15", "proto 3"]
    );
}

#[test]
fn commands_on_stdin() {
    let srv = start(&[]);
    let out = redis_cli(
        srv.port,
        &[],
        "SET a 1\nGET a\nECHO \"x y\"\nGET nosuch\nFOO\n",
    );
    assert_eq!(
        out,
        "OK\n1\nx y\n\nERR unknown command 'FOO', with args beginning with: \n\n"
    );
}

/// Runs tmux with `args`, returning its stdout.
fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(args)
        .output()
        .expect("tmux is installed (Debian package tmux)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn interactive_session_in_tmux() {
    let srv = start(&[]);
    let session = format!("redlet-cli-{}", srv.port);
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "100",
        "-y",
        "20",
        &format!("redis-cli -p {}", srv.port),
    ]);
    struct Kill(String);
    impl Drop for Kill {
        fn drop(&mut self) {
            tmux(&["kill-session", "-t", &self.0]);
        }
    }
    let _guard = Kill(session.clone());
    let prompt = format!("127.0.0.1:{}>", srv.port);
    let wait_for = |text: &str| {
        for _ in 0..100 {
            let screen = tmux(&["capture-pane", "-p", "-t", &session]);
            if screen.contains(text) {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "{text:?} never appeared:\n{}",
            tmux(&["capture-pane", "-p", "-t", &session])
        );
    };
    wait_for(&prompt);
    for line in ["SET greeting hi", "GET greeting", "SELECT 3"] {
        tmux(&["send-keys", "-t", &session, line, "Enter"]);
        std::thread::sleep(Duration::from_millis(100));
    }
    let screen = wait_for(&format!("127.0.0.1:{}[3]>", srv.port));
    let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        [
            format!("{prompt} SET greeting hi"),
            "OK".to_string(),
            format!("{prompt} GET greeting"),
            "\"hi\"".to_string(),
            format!("{prompt} SELECT 3"),
            "OK".to_string(),
            format!("127.0.0.1:{}[3]>", srv.port),
        ]
    );
}
