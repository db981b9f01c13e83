//! Propagation: transcripts in, the propagated command stream out (one command per line,
//! arguments space-separated), checked against what redis-server 7.0.15 writes to its AOF
//! for the same commands. Virtual time starts at 1700000000000.

use expect_test::{expect, Expect};
use redlet_core::testkit::Harness;
use redlet_core::{Config, Server};

/// Renders a RESP command stream as lines.
fn render(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = bytes;
    while let Some(stripped) = rest.strip_prefix(b"*") {
        let (n, r) = line(stripped);
        rest = r;
        let mut parts = Vec::new();
        for _ in 0..n {
            let (len, r) = line(&rest[1..]);
            parts.push(String::from_utf8_lossy(&r[..len]).into_owned());
            rest = &r[len + 2..];
        }
        out.push_str(&parts.join(" "));
        out.push('\n');
    }
    assert!(rest.is_empty(), "unparsed stream: {rest:?}");
    out
}

fn line(b: &[u8]) -> (usize, &[u8]) {
    let end = b.iter().position(|&c| c == b'\r').expect("CRLF");
    let n = std::str::from_utf8(&b[..end])
        .expect("ascii")
        .parse()
        .expect("a length");
    (n, &b[end + 2..])
}

/// Runs `lines` (a transcript) with propagation on; returns the propagated stream.
fn propagated(lines: &[&str]) -> String {
    let mut h = Harness::new(Config::default());
    h.server.set_propagation(true);
    h.run(lines);
    let mut buf = Vec::new();
    h.server.take_propagated(&mut buf);
    render(&buf)
}

fn check(lines: &[&str], expect: Expect) {
    expect.assert_eq(&propagated(lines));
}

#[test]
fn relative_expiries_become_absolute() {
    check(
        &[
            "set a 1",
            "SET b 2 EX 100",
            "SET b 2 PX 100 GET",
            "set c 3 pxat 1900000000000",
            "set d 4 exat 1900000000",
            "SETEX e 100 x",
            "PSETEX f 100000 x",
            "expire a 100",
            "pexpire a 100000 xx",
            "expireat a 2000000000",
            "pexpireat a 2000000000000",
            "persist a",
            "expire a 100 nx",
            "expire nokey 100",
            "set z v",
            "expire z -1",
            "set z v",
            "pexpireat z 5",
        ],
        expect![[r#"
            SELECT 0
            set a 1
            SET b 2 PXAT 1700000100000
            SET b 2 PXAT 1700000000100
            SET c 3 PXAT 1900000000000
            SET d 4 PXAT 1900000000000
            SET e x PXAT 1700000100000
            SET f x PXAT 1700000100000
            PEXPIREAT a 1700000100000
            PEXPIREAT a 1700000100000 xx
            PEXPIREAT a 2000000000000
            pexpireat a 2000000000000
            persist a
            PEXPIREAT a 1700000100000 nx
            set z v
            DEL z
            set z v
            DEL z
        "#]],
    );
}

#[test]
fn string_rewrites_and_no_ops() {
    check(
        &[
            "set k v",
            "getex k ex 50",
            "getex k persist",
            "getex k persist",
            "getex k",
            "getex k pxat 1",
            "set g v get",
            "SET g w NX",
            "getdel g",
            "getdel g",
            "incrbyfloat f 1.5",
            "incrbyfloat f 0.1",
            "set n 1 nx",
            "set n 1 nx",
            "del nokey",
            "append n \"\"",
            "setrange n 0 \"\"",
        ],
        expect![[r#"
            SELECT 0
            set k v
            PEXPIREAT k 1700000050000
            PERSIST k
            DEL k
            set g v
            DEL g
            SET f 1.5 KEEPTTL
            SET f 1.6 KEEPTTL
            set n 1 nx
            append n 
        "#]],
    );
}

/// GEOADD runs, and replicates, as the ZADD it is rewritten into (options kept, scores as
/// integers); one that changes nothing is not propagated.
#[test]
fn geoadd_replicates_as_zadd() {
    check(
        &[
            "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
            "GEOADD g NX CH 13.361389 38.115556 Palermo",
            "GEOADD g XX CH 13.4 38.1 Palermo 1 1 nope",
            "GEOADD g XX 1 1 nope",
            "GEOADD h CH 1 2 a",
        ],
        expect![[r#"
            SELECT 0
            zadd g 3479099956230698 Palermo 3479447370796909 Catania
            zadd g XX CH 3479099937378871 Palermo 3377822707026402 nope
            zadd h CH 3378080408407459 a
        "#]],
    );
}

#[test]
fn expired_keys_are_deleted_before_the_command_that_found_them() {
    check(
        &[
            "set w 1 px 50",
            "set x 1 px 50",
            "sleep 10",
            "get nothing",
            "sleep 100",
        ],
        expect![[r#"
            SELECT 0
            SET w 1 PXAT 1700000000050
            SET x 1 PXAT 1700000000050
            DEL w
            DEL x
        "#]],
    );
    // Lazy expiry inside a writing command: the DEL joins it, wrapped in MULTI/EXEC (what
    // Redis 7.0 writes for `set k v` over an expired k).
    let mut h = Harness::new(Config::default());
    h.server.set_propagation(true);
    h.run(&["set k v px 10"]);
    // Jump past the deadline without running the active cycle.
    h.now += 20;
    h.run(&["set k w"]);
    let mut buf = Vec::new();
    h.server.take_propagated(&mut buf);
    expect![[r#"
        SELECT 0
        SET k v PXAT 1700000000010
        MULTI
        DEL k
        set k w
        EXEC
    "#]]
    .assert_eq(&render(&buf));
}

#[test]
fn blocking_pops_propagate_their_effect() {
    check(
        &[
            "rpush q 1 2",
            "blpop q 0",
            "2> blpop q2 0",
            "rpush q2 a",
            "2> brpop q3 q4 0",
            "lpush q4 b c",
            "2> blmove s d left right 0",
            "rpush s v",
            "2> brpoplpush s2 d 0",
            "lpush s2 v",
            "brpoplpush d d 0",
            "2> select 3",
            "2> blpop l 0",
            "3> select 3",
            "3> lpush l x",
        ],
        expect![[r#"
            SELECT 0
            rpush q 1 2
            LPOP q
            rpush q2 a
            LPOP q2
            lpush q4 b c
            RPOP q4
            rpush s v
            LMOVE s d left right
            lpush s2 v
            RPOPLPUSH s2 d
            RPOPLPUSH d d
            SELECT 3
            lpush l x
            LPOP l
        "#]],
    );
}

#[test]
fn transactions_are_wrapped_when_they_write_more_than_once() {
    check(
        &[
            "MULTI",
            "SET t 1",
            "INCR t",
            "GET t",
            "EXEC",
            "MULTI",
            "GET t",
            "EXEC",
            "MULTI",
            "SELECT 5",
            "SET u 1 EX 10",
            "EXEC",
            "MULTI",
            "SET v 1",
            "DISCARD",
        ],
        expect![[r#"
            SELECT 0
            MULTI
            SET t 1
            INCR t
            EXEC
            SELECT 5
            SET u 1 PXAT 1700000010000
        "#]],
    );
}

#[test]
fn streams_and_flushes() {
    check(
        &[
            "xadd s 5-* f v",
            "xadd s * f v",
            "xadd s maxlen 1 * g w",
            "flushdb",
            "flushdb",
            "flushall",
        ],
        expect![[r#"
            SELECT 0
            xadd s 5-0 f v
            xadd s 1700000000000-0 f v
            xadd s maxlen 1 1700000000000-1 g w
            flushdb
            flushdb
            flushall
        "#]],
    );
}

#[test]
fn nothing_is_recorded_when_propagation_is_off() {
    let mut h = Harness::new(Config::default());
    h.run(&["set a 1", "set b 2 ex 10"]);
    let mut buf = Vec::new();
    h.server.take_propagated(&mut buf);
    assert!(buf.is_empty());
    assert!(!h.server.has_propagated());
}

#[test]
fn a_propagated_stream_replays_to_the_same_data() {
    let lines = [
        "set a 1",
        "incrbyfloat f 2.5",
        "rpush l x y z",
        "lpop l",
        "select 2",
        "set b 2 ex 100",
        "multi",
        "incr c",
        "incr c",
        "exec",
    ];
    let mut h = Harness::new(Config::default());
    h.server.set_propagation(true);
    h.run(&lines);
    let mut aof = Vec::new();
    h.server.take_propagated(&mut aof);
    let mut b = Server::new(Config::default());
    let r = b.replay(&aof, h.now).expect("replays");
    assert_eq!((r.truncated, r.valid_len), (false, aof.len()));
    let mut g = Harness::new(Config::default());
    g.server = b;
    expect![[r#"
        1> get a
        [1] "1"
        1> get f
        [1] "2.5"
        1> lrange l 0 -1
        [1] 1) "y"
        2) "z"
        1> select 2
        [1] OK
        1> pttl b
        [1] (integer) 100000
        1> get c
        [1] "2"
    "#]]
    .assert_eq(&g.run(&[
        "get a",
        "get f",
        "lrange l 0 -1",
        "select 2",
        "pttl b",
        "get c",
    ]));
}

#[test]
fn replay_reports_truncation_and_corruption() {
    let good = b"*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";
    // Cut inside a command.
    let mut cut = good.to_vec();
    cut.extend_from_slice(b"*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1");
    let mut s = Server::new(Config::default());
    let r = s.replay(&cut, 0).expect("a cut tail is not an error");
    assert_eq!(
        (r.commands, r.valid_len, r.truncated),
        (1, good.len(), true)
    );
    // An unfinished MULTI is cut back to before it.
    let mut multi = good.to_vec();
    multi.extend_from_slice(b"*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nc\r\n");
    let mut s = Server::new(Config::default());
    let r = s.replay(&multi, 0).expect("an open MULTI is a cut tail");
    assert_eq!((r.valid_len, r.truncated), (good.len(), true));
    // Garbage in the middle is an error with its offset.
    let mut bad = good.to_vec();
    bad.extend_from_slice(b"garbage\r\n");
    bad.extend_from_slice(good);
    let e = Server::new(Config::default())
        .replay(&bad, 0)
        .expect_err("garbage is refused");
    assert_eq!(e.offset, good.len());
    assert_eq!(e.reason, "Bad file format reading the append only file");
    let e = Server::new(Config::default())
        .replay(b"*1\r\n$4\r\nNOPE\r\n", 0)
        .expect_err("unknown commands are refused");
    assert_eq!(
        e.reason,
        "Unknown command 'NOPE' reading the append only file"
    );
}

#[test]
fn random_pops_propagate_their_effect() {
    check(
        &["SADD s a", "SPOP s", "SADD t x y z", "SPOP t 5", "SPOP u"],
        expect![[r#"
            SELECT 0
            SADD s a
            SREM s a
            SADD t x y z
            DEL t
        "#]],
    );
}
