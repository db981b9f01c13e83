//! Transcript tests of the dispatcher and the connection basics.

use expect_test::expect;
use redlet_core::testkit::{transcript, Harness};

#[test]
fn ping_echo_unknown_and_arity() {
    let got = transcript(&[
        "PING",
        "PING hello",
        "ECHO \"a b\"",
        "FOO bar baz",
        "GET",
        "SELECT 16",
        "SELECT x",
        "SET k v",
        "GET k",
        "SELECT 1",
        "GET k",
    ]);
    expect![[r#"
        1> PING
        [1] PONG
        1> PING hello
        [1] "hello"
        1> ECHO "a b"
        [1] "a b"
        1> FOO bar baz
        [1] (error) ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' 
        1> GET
        [1] (error) ERR wrong number of arguments for 'get' command
        1> SELECT 16
        [1] (error) ERR DB index is out of range
        1> SELECT x
        [1] (error) ERR value is not an integer or out of range
        1> SET k v
        [1] OK
        1> GET k
        [1] "v"
        1> SELECT 1
        [1] OK
        1> GET k
        [1] (nil)
    "#]]
    .assert_eq(&got);
}

#[test]
fn protocol_error_replies_then_closes() {
    let mut h = Harness::default();
    h.feed_raw(1, b"PING\r\n*1\r\n$-1\r\nPING\r\n");
    assert_eq!(
        h.read(1),
        vec![
            "PONG",
            "(error) ERR Protocol error: invalid bulk length",
            "<closed>"
        ]
    );
    h.feed_raw(2, b"*0\r\n*-10\r\n\r\nPING\r\n");
    assert_eq!(h.read(2), vec!["PONG"]);
}

#[test]
fn hello_switches_protocol() {
    let mut h = Harness::default();
    assert_eq!(
        h.cmd(1, "HELLO 4"),
        "(error) NOPROTO unsupported protocol version"
    );
    h.send(1, "HELLO 3");
    let raw = h.take_raw(1);
    assert!(
        raw.starts_with(b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n"),
        "{:?}",
        String::from_utf8_lossy(&raw)
    );
    h.send(1, "GET missing");
    assert_eq!(h.take_raw(1), b"_\r\n");
}
