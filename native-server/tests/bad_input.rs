//! Malformed requests over real TCP: each gets Redis 7.0.15's exact reply, and then the
//! connection is closed (protocol errors) or stays usable (command errors, empty requests).
//! Expected bytes were checked against redis-server 7.0.15.

mod common;

use std::io::{ErrorKind, Read, Write};

use common::{read_to_close, roundtrip, start, ServerProc};

/// Sends `input`, expects exactly `reply`, then the server closes the connection.
fn closes(srv: &ServerProc, input: &[u8], reply: &str) {
    let mut s = srv.raw();
    s.write_all(input).expect("write works");
    let got = read_to_close(&mut s);
    assert_eq!(String::from_utf8_lossy(&got), reply, "input {input:.40?}");
}

/// Sends `input`, expects exactly `reply`, then the connection still answers PING.
fn stays_open(srv: &ServerProc, input: &[u8], reply: &str) {
    let mut s = srv.raw();
    let mut bytes = input.to_vec();
    bytes.extend_from_slice(b"PING\r\n");
    let want = format!("{reply}+PONG\r\n");
    let got = roundtrip(&mut s, &bytes, want.len());
    assert_eq!(String::from_utf8_lossy(&got), want, "input {input:.40?}");
}

#[test]
fn protocol_errors_reply_then_close() {
    let srv = start(&[]);
    closes(
        &srv,
        b"*3000000000\r\n",
        "-ERR Protocol error: invalid multibulk length\r\n",
    );
    closes(
        &srv,
        b"*1\r\n$-1\r\n",
        "-ERR Protocol error: invalid bulk length\r\n",
    );
    closes(
        &srv,
        b"*1\r\n$536870913\r\n",
        "-ERR Protocol error: invalid bulk length\r\n",
    );
    closes(
        &srv,
        b"*2\r\n$3\r\nGET\r\n:1\r\n",
        "-ERR Protocol error: expected '$', got ':'\r\n",
    );
    closes(
        &srv,
        &vec![b'a'; 65 * 1024],
        "-ERR Protocol error: too big inline request\r\n",
    );
    let mut count = b"*".to_vec();
    count.extend(std::iter::repeat_n(b'1', 65 * 1024));
    closes(
        &srv,
        &count,
        "-ERR Protocol error: too big mbulk count string\r\n",
    );
    closes(
        &srv,
        b"set \"a b\r\n",
        "-ERR Protocol error: unbalanced quotes in request\r\n",
    );
    // Commands before the bad one in the same read are answered first.
    closes(
        &srv,
        b"PING\r\n*1\r\n$-1\r\n",
        "+PONG\r\n-ERR Protocol error: invalid bulk length\r\n",
    );
}

#[test]
fn command_errors_and_empty_requests_keep_the_connection() {
    let srv = start(&[]);
    stays_open(&srv, b"*0\r\n", "");
    stays_open(&srv, b"*-10\r\n", "");
    stays_open(&srv, b"\r\n\r\n\n", "");
    stays_open(
        &srv,
        b"FOO bar\r\n",
        "-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n",
    );
    stays_open(
        &srv,
        b"GET\r\n",
        "-ERR wrong number of arguments for 'get' command\r\n",
    );
    stays_open(
        &srv,
        b"HELLO 4\r\n",
        "-NOPROTO unsupported protocol version\r\n",
    );
}

#[test]
fn announced_huge_bulk_reserves_no_memory() {
    let srv = start(&[]);
    let before = srv.rss_kb();
    let mut hogs = Vec::new();
    for _ in 0..4 {
        let mut s = srv.raw();
        s.write_all(b"*1\r\n$536870912\r\n").expect("write works");
        // A few real bytes of the announced bulk.
        s.write_all(&[b'x'; 1000]).expect("write works");
        hogs.push(s);
    }
    // Other clients are served meanwhile.
    let mut other = srv.raw();
    let got = roundtrip(&mut other, b"PING\r\n", 7);
    assert_eq!(got, b"+PONG\r\n");
    let after = srv.rss_kb();
    assert!(
        after < before + 64 * 1024,
        "RSS grew from {before} kB to {after} kB"
    );
    // The connection with the announced bulk is still open, waiting for the rest.
    hogs[0]
        .set_read_timeout(Some(std::time::Duration::from_millis(200)))
        .expect("setting a timeout works");
    let mut b = [0u8; 1];
    match hogs[0].read(&mut b) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!("expected the connection to wait, got {other:?}"),
    }
}
