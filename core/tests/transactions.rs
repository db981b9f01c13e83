//! Transcript tests of the transactions group (MULTI, EXEC, DISCARD, WATCH, UNWATCH),
//! checked against redis-server 7.0.15 (each transcript was run on the oracle with redis-cli
//! rendering; expiry cases used `SET k v PX <ms>` and real sleeps where this uses virtual time).

use expect_test::expect;
use redlet_core::keyspace::Value;
use redlet_core::testkit::{transcript, Harness};

/// Queueing, EXEC results, an empty transaction, and the MULTI / EXEC / DISCARD / WATCH misuse errors (nested MULTI and WATCH inside MULTI do not abort; a refused EXEC discards with EXECABORT).
#[test]
fn basic() {
    let got = transcript(&[
        "MULTI", "SET a 1", "GET a", "PING", "ECHO hi", "EXEC", "GET a", "MULTI", "EXEC", "EXEC",
        "DISCARD", "MULTI", "MULTI", "WATCH a", "PING", "EXEC", "MULTI x", "EXEC x", "MULTI",
        "EXEC x", "EXEC",
    ]);
    expect![[r#"
        1> MULTI
        [1] OK
        1> SET a 1
        [1] QUEUED
        1> GET a
        [1] QUEUED
        1> PING
        [1] QUEUED
        1> ECHO hi
        [1] QUEUED
        1> EXEC
        [1] 1) OK
        2) "1"
        3) PONG
        4) "hi"
        1> GET a
        [1] "1"
        1> MULTI
        [1] OK
        1> EXEC
        [1] (empty array)
        1> EXEC
        [1] (error) ERR EXEC without MULTI
        1> DISCARD
        [1] (error) ERR DISCARD without MULTI
        1> MULTI
        [1] OK
        1> MULTI
        [1] (error) ERR MULTI calls can not be nested
        1> WATCH a
        [1] (error) ERR WATCH inside MULTI is not allowed
        1> PING
        [1] QUEUED
        1> EXEC
        [1] 1) PONG
        1> MULTI x
        [1] (error) ERR wrong number of arguments for 'multi' command
        1> EXEC x
        [1] (error) EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command
        1> MULTI
        [1] OK
        1> EXEC x
        [1] (error) EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command
        1> EXEC
        [1] (error) ERR EXEC without MULTI
    "#]].assert_eq(&got);
}

/// Errors at queue time (unknown command, wrong arity, unknown subcommand) abort the transaction; DISCARD drops the queue.
#[test]
fn abort() {
    let got = transcript(&[
        "MULTI",
        "SET b 1",
        "NOSUCH x y",
        "SET a",
        "CLIENT NOSUCH",
        "EXEC",
        "GET b",
        "MULTI",
        "SET b 1",
        "CLIENT SETNAME",
        "DISCARD",
        "GET b",
        "MULTI",
        "SET b 1",
        "DISCARD x",
        "DISCARD",
        "GET b",
    ]);
    expect![[r#"
        1> MULTI
        [1] OK
        1> SET b 1
        [1] QUEUED
        1> NOSUCH x y
        [1] (error) ERR unknown command 'NOSUCH', with args beginning with: 'x' 'y' 
        1> SET a
        [1] (error) ERR wrong number of arguments for 'set' command
        1> CLIENT NOSUCH
        [1] (error) ERR unknown subcommand 'NOSUCH'. Try CLIENT HELP.
        1> EXEC
        [1] (error) EXECABORT Transaction discarded because of previous errors.
        1> GET b
        [1] (nil)
        1> MULTI
        [1] OK
        1> SET b 1
        [1] QUEUED
        1> CLIENT SETNAME
        [1] (error) ERR wrong number of arguments for 'client|setname' command
        1> DISCARD
        [1] OK
        1> GET b
        [1] (nil)
        1> MULTI
        [1] OK
        1> SET b 1
        [1] QUEUED
        1> DISCARD x
        [1] (error) ERR wrong number of arguments for 'discard' command
        1> DISCARD
        [1] OK
        1> GET b
        [1] (nil)
    "#]]
    .assert_eq(&got);
}

/// Errors at run time are elements of the EXEC array; the other commands still run (SELECT inside EXEC sticks).
#[test]
fn runtime() {
    let got = transcript(&[
        "MULTI",
        "SET k v",
        "SELECT 99",
        "SET k v BADOPT",
        "CONFIG SET nosuch 1",
        "SELECT 1",
        "SET k v1",
        "GET k",
        "EXEC",
        "GET k",
        "SELECT 0",
        "GET k",
    ]);
    expect![[r#"
        1> MULTI
        [1] OK
        1> SET k v
        [1] QUEUED
        1> SELECT 99
        [1] QUEUED
        1> SET k v BADOPT
        [1] QUEUED
        1> CONFIG SET nosuch 1
        [1] QUEUED
        1> SELECT 1
        [1] QUEUED
        1> SET k v1
        [1] QUEUED
        1> GET k
        [1] QUEUED
        1> EXEC
        [1] 1) OK
        2) (error) ERR DB index is out of range
        3) (error) ERR syntax error
        4) (error) ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'
        5) OK
        6) OK
        7) "v1"
        1> GET k
        [1] "v1"
        1> SELECT 0
        [1] OK
        1> GET k
        [1] "v"
    "#]]
    .assert_eq(&got);
}

/// WATCH broken by another client, by the watcher itself, by creating a missing key, by FLUSHALL / FLUSHDB of a present key; not by reads, other databases, flushes of missing keys, or after UNWATCH / DISCARD.
#[test]
fn watch() {
    let got = transcript(&[
        "SET k 1",
        "WATCH k",
        "2> SET k 2",
        "MULTI",
        "SET k 3",
        "EXEC",
        "GET k",
        "WATCH k",
        "SET k self",
        "MULTI",
        "SET k 4",
        "EXEC",
        "GET k",
        "WATCH k",
        "GET k",
        "2> GET k",
        "MULTI",
        "SET k 5",
        "EXEC",
        "WATCH k",
        "2> SET k 6",
        "UNWATCH",
        "MULTI",
        "SET k 7",
        "EXEC",
        "WATCH fresh",
        "2> SET fresh 1",
        "MULTI",
        "PING",
        "EXEC",
        "WATCH k",
        "2> SELECT 1",
        "2> SET k other-db",
        "MULTI",
        "PING",
        "EXEC",
        "WATCH k missing",
        "FLUSHALL",
        "MULTI",
        "PING",
        "EXEC",
        "WATCH missing",
        "FLUSHALL",
        "MULTI",
        "PING",
        "EXEC",
        "SET k 1",
        "WATCH k",
        "2> FLUSHDB",
        "MULTI",
        "PING",
        "EXEC",
        "SELECT 0",
        "WATCH k",
        "SELECT 1",
        "DISCARD",
        "MULTI",
        "SET k 9",
        "DISCARD",
        "2> SELECT 0",
        "2> SET k 8",
        "MULTI",
        "PING",
        "EXEC",
    ]);
    expect![[r#"
        1> SET k 1
        [1] OK
        1> WATCH k
        [1] OK
        2> SET k 2
        [2] OK
        1> MULTI
        [1] OK
        1> SET k 3
        [1] QUEUED
        1> EXEC
        [1] (nil)
        1> GET k
        [1] "2"
        1> WATCH k
        [1] OK
        1> SET k self
        [1] OK
        1> MULTI
        [1] OK
        1> SET k 4
        [1] QUEUED
        1> EXEC
        [1] (nil)
        1> GET k
        [1] "self"
        1> WATCH k
        [1] OK
        1> GET k
        [1] "self"
        2> GET k
        [2] "self"
        1> MULTI
        [1] OK
        1> SET k 5
        [1] QUEUED
        1> EXEC
        [1] 1) OK
        1> WATCH k
        [1] OK
        2> SET k 6
        [2] OK
        1> UNWATCH
        [1] OK
        1> MULTI
        [1] OK
        1> SET k 7
        [1] QUEUED
        1> EXEC
        [1] 1) OK
        1> WATCH fresh
        [1] OK
        2> SET fresh 1
        [2] OK
        1> MULTI
        [1] OK
        1> PING
        [1] QUEUED
        1> EXEC
        [1] (nil)
        1> WATCH k
        [1] OK
        2> SELECT 1
        [2] OK
        2> SET k other-db
        [2] OK
        1> MULTI
        [1] OK
        1> PING
        [1] QUEUED
        1> EXEC
        [1] 1) PONG
        1> WATCH k missing
        [1] OK
        1> FLUSHALL
        [1] OK
        1> MULTI
        [1] OK
        1> PING
        [1] QUEUED
        1> EXEC
        [1] (nil)
        1> WATCH missing
        [1] OK
        1> FLUSHALL
        [1] OK
        1> MULTI
        [1] OK
        1> PING
        [1] QUEUED
        1> EXEC
        [1] 1) PONG
        1> SET k 1
        [1] OK
        1> WATCH k
        [1] OK
        2> FLUSHDB
        [2] OK
        1> MULTI
        [1] OK
        1> PING
        [1] QUEUED
        1> EXEC
        [1] 1) PONG
        1> SELECT 0
        [1] OK
        1> WATCH k
        [1] OK
        1> SELECT 1
        [1] OK
        1> DISCARD
        [1] (error) ERR DISCARD without MULTI
        1> MULTI
        [1] OK
        1> SET k 9
        [1] QUEUED
        1> DISCARD
        [1] OK
        2> SELECT 0
        [2] OK
        2> SET k 8
        [2] OK
        1> MULTI
        [1] OK
        1> PING
        [1] QUEUED
        1> EXEC
        [1] 1) PONG
    "#]]
    .assert_eq(&got);
}

/// RESET discards the transaction and unwatches; QUIT inside MULTI runs at once.
#[test]
fn reset() {
    let got = transcript(&[
        "SET k 1",
        "WATCH k",
        "MULTI",
        "SET z 1",
        "RESET",
        "2> SET k 2",
        "MULTI",
        "PING",
        "EXEC",
        "GET z",
        "WATCH k",
        "2> SET k 3",
        "RESET",
        "MULTI",
        "EXEC",
        "MULTI",
        "SET z 1",
        "QUIT",
        "2> GET z",
    ]);
    expect![[r#"
        1> SET k 1
        [1] OK
        1> WATCH k
        [1] OK
        1> MULTI
        [1] OK
        1> SET z 1
        [1] QUEUED
        1> RESET
        [1] RESET
        2> SET k 2
        [2] OK
        1> MULTI
        [1] OK
        1> PING
        [1] QUEUED
        1> EXEC
        [1] 1) PONG
        1> GET z
        [1] (nil)
        1> WATCH k
        [1] OK
        2> SET k 3
        [2] OK
        1> RESET
        [1] RESET
        1> MULTI
        [1] OK
        1> EXEC
        [1] (empty array)
        1> MULTI
        [1] OK
        1> SET z 1
        [1] QUEUED
        1> QUIT
        [1] OK
        [1] <closed>
        2> GET z
        [2] (nil)
    "#]]
    .assert_eq(&got);
}

/// RESP2 subscribed mode refuses MULTI and EXEC (EXEC with EXECABORT); SUBSCRIBE queued in a transaction.
#[test]
fn pubsub() {
    let got = transcript(&[
        "SUBSCRIBE ch",
        "MULTI",
        "EXEC",
        "PING",
        "EXEC x",
        "RESET",
        "MULTI",
        "SUBSCRIBE ch",
        "PING",
        "EXEC",
        "PING",
        "2> PUBLISH ch hello",
    ]);
    expect![[r#"
        1> SUBSCRIBE ch
        [1] 1) "subscribe"
        2) "ch"
        3) (integer) 1
        1> MULTI
        [1] (error) ERR Can't execute 'multi': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context
        1> EXEC
        [1] (error) EXECABORT Transaction discarded because of: Can't execute 'exec': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context
        1> PING
        [1] 1) "pong"
        2) ""
        1> EXEC x
        [1] (error) EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command
        1> RESET
        [1] RESET
        1> MULTI
        [1] OK
        1> SUBSCRIBE ch
        [1] QUEUED
        1> PING
        [1] QUEUED
        1> EXEC
        [1] 1) 1) "subscribe"
           2) "ch"
           3) (integer) 1
        2) 1) "pong"
           2) ""
        1> PING
        [1] 1) "pong"
        2) ""
        2> PUBLISH ch hello
        [1] 1) "message"
        2) "ch"
        3) "hello"
        [2] (integer) 1
    "#]].assert_eq(&got);
}

/// Stores `key` (value `v`) in database 0 expiring at `at` (Unix ms), as `SET key v PXAT at`
/// would: this branch's SET has no expiry options yet.
fn expiring(h: &mut Harness, key: &str, at: u64) {
    h.server.state_mut().dbs[0].insert(key.as_bytes(), Value::String(b"v".into()), Some(at));
}

/// A key watched while live that expires breaks the WATCH, whether the active cycle deletes
/// it, another client's read deletes it lazily, or nothing has deleted it yet at EXEC
/// (oracle: `SET k v PX 100`, `WATCH k`, sleep, ... → nil in all three cases).
#[test]
fn watched_key_expiring_breaks_watch() {
    // Active expiry (virtual time runs the cycle at the deadline).
    let mut h = Harness::default();
    let at = h.now + 100;
    expiring(&mut h, "k", at);
    let got = h.run(&[
        "WATCH k",
        "sleep 200",
        "MULTI",
        "SET other 1",
        "EXEC",
        "GET other",
    ]);
    expect![[r#"
        1> WATCH k
        [1] OK
        sleep 200
        1> MULTI
        [1] OK
        1> SET other 1
        [1] QUEUED
        1> EXEC
        [1] (nil)
        1> GET other
        [1] (nil)
    "#]]
    .assert_eq(&got);

    // Lazy expiry by another client's read.
    let mut h = Harness::default();
    let at = h.now + 100;
    expiring(&mut h, "k", at);
    h.cmd(1, "WATCH k");
    h.now += 200;
    let got = h.run(&["2> GET k", "MULTI", "EXEC"]);
    expect![[r#"
        2> GET k
        [2] (nil)
        1> MULTI
        [1] OK
        1> EXEC
        [1] (nil)
    "#]]
    .assert_eq(&got);

    // Still present but past its deadline at EXEC.
    let mut h = Harness::default();
    let at = h.now + 100;
    expiring(&mut h, "k", at);
    h.cmd(1, "WATCH k");
    h.now += 200;
    let got = h.run(&["MULTI", "EXEC"]);
    expect![[r#"
        1> MULTI
        [1] OK
        1> EXEC
        [1] (nil)
    "#]]
    .assert_eq(&got);
}

/// A key already expired (but not yet deleted) when watched: its deletion is no change, a
/// write over it is (oracle: `DEBUG SET-ACTIVE-EXPIRE 0`, `SET k v PX 50`, sleep 100, ...).
#[test]
fn watching_an_expired_key() {
    let cases: [&[&str]; 4] = [
        &["WATCH k", "2> GET k", "MULTI", "EXEC"],
        &["WATCH k", "2> SET k new", "MULTI", "EXEC"],
        &["WATCH k", "FLUSHALL", "MULTI", "EXEC"],
        &["WATCH k", "MULTI", "EXEC"],
    ];
    let mut got = String::new();
    for lines in cases {
        let mut h = Harness::default();
        let at = h.now - 1;
        expiring(&mut h, "k", at);
        got.push_str(&h.run(lines));
        got.push_str("--\n");
    }
    expect![[r#"
        1> WATCH k
        [1] OK
        2> GET k
        [2] (nil)
        1> MULTI
        [1] OK
        1> EXEC
        [1] (empty array)
        --
        1> WATCH k
        [1] OK
        2> SET k new
        [2] OK
        1> MULTI
        [1] OK
        1> EXEC
        [1] (nil)
        --
        1> WATCH k
        [1] OK
        1> FLUSHALL
        [1] OK
        1> MULTI
        [1] OK
        1> EXEC
        [1] (empty array)
        --
        1> WATCH k
        [1] OK
        1> MULTI
        [1] OK
        1> EXEC
        [1] (empty array)
        --
    "#]]
    .assert_eq(&got);
}

/// The null reply of a broken EXEC is `*-1` in RESP2 and `_` in RESP3; HELLO inside a
/// transaction switches the protocol of the replies that follow it in the EXEC array.
#[test]
fn exec_replies_in_resp2_and_resp3() {
    let mut h = Harness::default();
    h.send(1, "WATCH k");
    h.send(2, "SET k x");
    h.send(1, "MULTI");
    h.take_raw(1);
    h.send(1, "EXEC");
    assert_eq!(h.take_raw(1), b"*-1\r\n");

    h.send(1, "HELLO 3");
    h.send(1, "WATCH k");
    h.send(2, "SET k x");
    h.send(1, "MULTI");
    h.take_raw(1);
    h.send(1, "EXEC");
    assert_eq!(h.take_raw(1), b"_\r\n");

    // RESP3 client: a null bulk inside EXEC is `_`; after HELLO 2, `$-1`.
    for line in ["MULTI", "GET nope", "HELLO 2", "GET nope", "EXEC"] {
        h.send(1, line);
    }
    let raw = String::from_utf8(h.take_raw(1)).expect("replies are ASCII");
    let exec = &raw[raw.find("*3\r\n").expect("the EXEC array")..];
    assert!(
        exec.starts_with("*3\r\n_\r\n*14\r\n$6\r\nserver\r\n"),
        "{exec:?}"
    );
    assert!(exec.ends_with("*0\r\n$-1\r\n"), "{exec:?}");

    // And back: HELLO 3 inside a RESP2 transaction.
    for line in ["MULTI", "GET nope", "HELLO 3", "GET nope", "EXEC"] {
        h.send(1, line);
    }
    let raw = String::from_utf8(h.take_raw(1)).expect("replies are ASCII");
    let exec = &raw[raw.find("*3\r\n").expect("the EXEC array")..];
    assert!(
        exec.starts_with("*3\r\n$-1\r\n%7\r\n$6\r\nserver\r\n"),
        "{exec:?}"
    );
    assert!(exec.ends_with("*0\r\n_\r\n"), "{exec:?}");
}

/// CLIENT LIST shows `flags=x` and the queue (`multi=`, `multi-mem=` as Redis 7.0 counts:
/// argument bytes + 8 per argument), `d` once a watched key is touched, and the queued
/// command as `cmd=`; EXEC ends it all.
#[test]
fn client_list_shows_transaction_state() {
    let mut h = Harness::default();
    let fields = |h: &mut Harness| {
        let list = h.cmd(2, "CLIENT LIST");
        let line = list
            .split("\\n")
            .find(|l| l.contains("id=1 "))
            .expect("client 1 is listed")
            .to_string();
        line.split(' ')
            .filter(|f| {
                ["flags=", "multi=", "multi-mem=", "cmd="]
                    .iter()
                    .any(|p| f.starts_with(p))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    h.cmd(1, "WATCH k");
    let mut got = vec![fields(&mut h)];
    h.cmd(1, "MULTI");
    h.cmd(1, "SET a 1");
    h.cmd(1, "GET a");
    got.push(fields(&mut h));
    h.cmd(2, "SET k 2");
    got.push(fields(&mut h));
    h.cmd(1, "EXEC");
    got.push(fields(&mut h));
    expect![[r#"
        flags=N multi=-1 multi-mem=0 cmd=watch
        flags=x multi=2 multi-mem=49 cmd=get
        flags=xd multi=2 multi-mem=49 cmd=get
        flags=N multi=-1 multi-mem=0 cmd=exec"#]]
    .assert_eq(&got.join("\n"));
}
