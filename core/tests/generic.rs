//! Transcript tests of the generic (keyspace) commands. Every transcript's replies were
//! checked against redis-server 7.0.15 (RESP2). Replies whose order is the hash table's
//! (KEYS, SCAN with several keys) differ from Redis by nature and are checked as sets in
//! plain Rust tests instead, with the SCAN guarantee tested under concurrent changes.

use std::collections::BTreeSet;

use expect_test::{expect, Expect};
use redlet_core::frame::{decode, Frame};
use redlet_core::keyspace::{list::List, Value};
use redlet_core::testkit::Harness;

/// A fresh server holding one list, `mylist` (`RPUSH mylist a` on the oracle).
fn harness() -> Harness {
    let mut h = Harness::default();
    h.server.state_mut().dbs[0].set(b"mylist", Value::List(Box::new(List::new())));
    h
}

fn check(lines: &[&str], want: Expect) {
    want.assert_eq(&harness().run(lines));
}

#[test]
fn del_unlink_exists_touch_type() {
    check(
        &[
            "MSET a 1 b 2 c 3",
            "EXISTS a b missing a",
            "TOUCH a b missing a",
            "DEL a missing a",
            "EXISTS a",
            "UNLINK b c b",
            "DEL b",
            "TYPE mylist",
            "SET s v",
            "TYPE s",
            "TYPE missing",
            "DEL mylist",
            "TYPE mylist",
            "SET e v PX 100",
            "sleep 150",
            "EXISTS e",
            "DEL e",
            "TYPE e",
            "DEL",
            "UNLINK",
            "EXISTS",
            "TOUCH",
            "TYPE a b",
        ],
        expect![[r#"
            1> MSET a 1 b 2 c 3
            [1] OK
            1> EXISTS a b missing a
            [1] (integer) 3
            1> TOUCH a b missing a
            [1] (integer) 3
            1> DEL a missing a
            [1] (integer) 1
            1> EXISTS a
            [1] (integer) 0
            1> UNLINK b c b
            [1] (integer) 2
            1> DEL b
            [1] (integer) 0
            1> TYPE mylist
            [1] list
            1> SET s v
            [1] OK
            1> TYPE s
            [1] string
            1> TYPE missing
            [1] none
            1> DEL mylist
            [1] (integer) 1
            1> TYPE mylist
            [1] none
            1> SET e v PX 100
            [1] OK
            sleep 150
            1> EXISTS e
            [1] (integer) 0
            1> DEL e
            [1] (integer) 0
            1> TYPE e
            [1] none
            1> DEL
            [1] (error) ERR wrong number of arguments for 'del' command
            1> UNLINK
            [1] (error) ERR wrong number of arguments for 'unlink' command
            1> EXISTS
            [1] (error) ERR wrong number of arguments for 'exists' command
            1> TOUCH
            [1] (error) ERR wrong number of arguments for 'touch' command
            1> TYPE a b
            [1] (error) ERR wrong number of arguments for 'type' command
        "#]],
    );
}

#[test]
fn expire_and_ttl() {
    check(
        &[
            "SET k v",
            "TTL k",
            "PTTL k",
            "EXPIRETIME k",
            "PEXPIRETIME k",
            "TTL missing",
            "PTTL missing",
            "EXPIRETIME missing",
            "PEXPIRETIME missing",
            "EXPIRE k 100",
            "TTL k",
            "PEXPIRE k 1500",
            "PTTL k",
            "TTL k",
            "PEXPIRE k 1499",
            "TTL k",
            "EXPIREAT k 4000000000",
            "EXPIRETIME k",
            "PEXPIRETIME k",
            "PEXPIREAT k 4000000000499",
            "EXPIRETIME k",
            "PEXPIREAT k 4000000000500",
            "EXPIRETIME k",
            "PERSIST k",
            "PERSIST k",
            "PERSIST missing",
            "TTL k",
            "EXPIRE missing 100",
            "PEXPIRE k 100",
            "sleep 50",
            "PTTL k",
            "sleep 60",
            "PTTL k",
            "TTL k",
            "EXISTS k",
        ],
        expect![[r#"
            1> SET k v
            [1] OK
            1> TTL k
            [1] (integer) -1
            1> PTTL k
            [1] (integer) -1
            1> EXPIRETIME k
            [1] (integer) -1
            1> PEXPIRETIME k
            [1] (integer) -1
            1> TTL missing
            [1] (integer) -2
            1> PTTL missing
            [1] (integer) -2
            1> EXPIRETIME missing
            [1] (integer) -2
            1> PEXPIRETIME missing
            [1] (integer) -2
            1> EXPIRE k 100
            [1] (integer) 1
            1> TTL k
            [1] (integer) 100
            1> PEXPIRE k 1500
            [1] (integer) 1
            1> PTTL k
            [1] (integer) 1500
            1> TTL k
            [1] (integer) 2
            1> PEXPIRE k 1499
            [1] (integer) 1
            1> TTL k
            [1] (integer) 1
            1> EXPIREAT k 4000000000
            [1] (integer) 1
            1> EXPIRETIME k
            [1] (integer) 4000000000
            1> PEXPIRETIME k
            [1] (integer) 4000000000000
            1> PEXPIREAT k 4000000000499
            [1] (integer) 1
            1> EXPIRETIME k
            [1] (integer) 4000000000
            1> PEXPIREAT k 4000000000500
            [1] (integer) 1
            1> EXPIRETIME k
            [1] (integer) 4000000001
            1> PERSIST k
            [1] (integer) 1
            1> PERSIST k
            [1] (integer) 0
            1> PERSIST missing
            [1] (integer) 0
            1> TTL k
            [1] (integer) -1
            1> EXPIRE missing 100
            [1] (integer) 0
            1> PEXPIRE k 100
            [1] (integer) 1
            sleep 50
            1> PTTL k
            [1] (integer) 50
            sleep 60
            1> PTTL k
            [1] (integer) -2
            1> TTL k
            [1] (integer) -2
            1> EXISTS k
            [1] (integer) 0
        "#]],
    );
}

#[test]
fn expire_in_the_past_deletes() {
    check(
        &[
            "SET k v",
            "EXPIRE k 0",
            "EXISTS k",
            "SET k v",
            "EXPIRE k -10",
            "EXISTS k",
            "SET k v",
            "PEXPIRE k -1",
            "EXISTS k",
            "SET k v",
            "EXPIREAT k 1",
            "EXISTS k",
            "SET k v",
            "PEXPIREAT k 0",
            "EXISTS k",
            "SET k v",
            "EXPIREAT k -9223372036854775",
            "EXISTS k",
        ],
        expect![[r#"
            1> SET k v
            [1] OK
            1> EXPIRE k 0
            [1] (integer) 1
            1> EXISTS k
            [1] (integer) 0
            1> SET k v
            [1] OK
            1> EXPIRE k -10
            [1] (integer) 1
            1> EXISTS k
            [1] (integer) 0
            1> SET k v
            [1] OK
            1> PEXPIRE k -1
            [1] (integer) 1
            1> EXISTS k
            [1] (integer) 0
            1> SET k v
            [1] OK
            1> EXPIREAT k 1
            [1] (integer) 1
            1> EXISTS k
            [1] (integer) 0
            1> SET k v
            [1] OK
            1> PEXPIREAT k 0
            [1] (integer) 1
            1> EXISTS k
            [1] (integer) 0
            1> SET k v
            [1] OK
            1> EXPIREAT k -9223372036854775
            [1] (integer) 1
            1> EXISTS k
            [1] (integer) 0
        "#]],
    );
}

#[test]
fn expire_options() {
    check(
        &[
            "SET k v",
            "EXPIRE k 100 XX",
            "EXPIRE k 100 GT",
            "EXPIRE k 100 LT",
            "TTL k",
            "EXPIRE k 200 NX",
            "TTL k",
            "EXPIRE k 300 NX",
            "EXPIRE k 50 GT",
            "EXPIRE k 100 GT",
            "EXPIRE k 300 GT",
            "TTL k",
            "EXPIRE k 400 LT",
            "EXPIRE k 300 LT",
            "EXPIRE k 200 lt",
            "TTL k",
            "EXPIRE k 150 XX LT",
            "TTL k",
            "EXPIRE k 500 xx gt gt",
            "TTL k",
            "PERSIST k",
            "EXPIRE k -1 LT",
            "EXISTS k",
            "SET k v",
            "EXPIRE k 100 NX XX",
            "EXPIRE k 100 NX GT",
            "EXPIRE k 100 LT NX",
            "EXPIRE k 100 GT LT",
            "EXPIRE k 100 FOO",
            "EXPIRE k 100 NX FOO",
            "EXPIRE k x NX XX",
            "EXPIRE k x FOO",
            "EXPIRE missing 100 FOO",
            "EXPIRE missing x",
            "EXPIRE missing 100 NX XX",
            "PEXPIRE k 100 GT LT",
            "EXPIREAT k 100 bar",
            "PEXPIREAT k 100 XX NX",
            "TTL k",
        ],
        expect![[r#"
            1> SET k v
            [1] OK
            1> EXPIRE k 100 XX
            [1] (integer) 0
            1> EXPIRE k 100 GT
            [1] (integer) 0
            1> EXPIRE k 100 LT
            [1] (integer) 1
            1> TTL k
            [1] (integer) 100
            1> EXPIRE k 200 NX
            [1] (integer) 0
            1> TTL k
            [1] (integer) 100
            1> EXPIRE k 300 NX
            [1] (integer) 0
            1> EXPIRE k 50 GT
            [1] (integer) 0
            1> EXPIRE k 100 GT
            [1] (integer) 0
            1> EXPIRE k 300 GT
            [1] (integer) 1
            1> TTL k
            [1] (integer) 300
            1> EXPIRE k 400 LT
            [1] (integer) 0
            1> EXPIRE k 300 LT
            [1] (integer) 0
            1> EXPIRE k 200 lt
            [1] (integer) 1
            1> TTL k
            [1] (integer) 200
            1> EXPIRE k 150 XX LT
            [1] (integer) 1
            1> TTL k
            [1] (integer) 150
            1> EXPIRE k 500 xx gt gt
            [1] (integer) 1
            1> TTL k
            [1] (integer) 500
            1> PERSIST k
            [1] (integer) 1
            1> EXPIRE k -1 LT
            [1] (integer) 1
            1> EXISTS k
            [1] (integer) 0
            1> SET k v
            [1] OK
            1> EXPIRE k 100 NX XX
            [1] (error) ERR NX and XX, GT or LT options at the same time are not compatible
            1> EXPIRE k 100 NX GT
            [1] (error) ERR NX and XX, GT or LT options at the same time are not compatible
            1> EXPIRE k 100 LT NX
            [1] (error) ERR NX and XX, GT or LT options at the same time are not compatible
            1> EXPIRE k 100 GT LT
            [1] (error) ERR GT and LT options at the same time are not compatible
            1> EXPIRE k 100 FOO
            [1] (error) ERR Unsupported option FOO
            1> EXPIRE k 100 NX FOO
            [1] (error) ERR Unsupported option FOO
            1> EXPIRE k x NX XX
            [1] (error) ERR NX and XX, GT or LT options at the same time are not compatible
            1> EXPIRE k x FOO
            [1] (error) ERR Unsupported option FOO
            1> EXPIRE missing 100 FOO
            [1] (error) ERR Unsupported option FOO
            1> EXPIRE missing x
            [1] (error) ERR value is not an integer or out of range
            1> EXPIRE missing 100 NX XX
            [1] (error) ERR NX and XX, GT or LT options at the same time are not compatible
            1> PEXPIRE k 100 GT LT
            [1] (error) ERR GT and LT options at the same time are not compatible
            1> EXPIREAT k 100 bar
            [1] (error) ERR Unsupported option bar
            1> PEXPIREAT k 100 XX NX
            [1] (error) ERR NX and XX, GT or LT options at the same time are not compatible
            1> TTL k
            [1] (integer) -1
        "#]],
    );
}

#[test]
fn expire_overflow() {
    check(
        &[
            "SET k v",
            "EXPIRE k 9223372036854775807",
            "EXPIRE k 9223372036854776",
            "EXPIRE k -9223372036854776",
            "EXPIRE k 9223372036854775",
            "PEXPIRE k 9223372036854775807",
            "EXPIREAT k 9223372036854776",
            "EXPIREAT k 9223372036854775",
            "PEXPIREAT k 9223372036854775807",
            "PEXPIRETIME k",
            "EXPIRE k x",
            "EXPIRE k 1.5",
            "EXPIRE k",
            "TTL",
            "PERSIST",
        ],
        expect![[r#"
            1> SET k v
            [1] OK
            1> EXPIRE k 9223372036854775807
            [1] (error) ERR invalid expire time in 'expire' command
            1> EXPIRE k 9223372036854776
            [1] (error) ERR invalid expire time in 'expire' command
            1> EXPIRE k -9223372036854776
            [1] (error) ERR invalid expire time in 'expire' command
            1> EXPIRE k 9223372036854775
            [1] (error) ERR invalid expire time in 'expire' command
            1> PEXPIRE k 9223372036854775807
            [1] (error) ERR invalid expire time in 'pexpire' command
            1> EXPIREAT k 9223372036854776
            [1] (error) ERR invalid expire time in 'expireat' command
            1> EXPIREAT k 9223372036854775
            [1] (integer) 1
            1> PEXPIREAT k 9223372036854775807
            [1] (integer) 1
            1> PEXPIRETIME k
            [1] (integer) 9223372036854775807
            1> EXPIRE k x
            [1] (error) ERR value is not an integer or out of range
            1> EXPIRE k 1.5
            [1] (error) ERR value is not an integer or out of range
            1> EXPIRE k
            [1] (error) ERR wrong number of arguments for 'expire' command
            1> TTL
            [1] (error) ERR wrong number of arguments for 'ttl' command
            1> PERSIST
            [1] (error) ERR wrong number of arguments for 'persist' command
        "#]],
    );
}

#[test]
fn rename_renamenx() {
    check(
        &[
            "SET a 1",
            "RENAME a b",
            "GET a",
            "GET b",
            "RENAME a b",
            "RENAMENX a b",
            "RENAME b b",
            "RENAMENX b b",
            "RENAME missing missing",
            "SET c 3",
            "RENAMENX b c",
            "RENAME b c",
            "GET c",
            "EXISTS b",
            "EXPIRE c 100",
            "RENAME c d",
            "TTL d",
            "SET e v EX 500",
            "RENAME d e",
            "TTL e",
            "SET f v EX 500",
            "RENAMENX e g",
            "TTL g",
            "RENAME mylist l2",
            "TYPE l2",
            "SET x v PX 100",
            "sleep 150",
            "RENAME x y",
            "RENAMENX x y",
            "RENAME a",
        ],
        expect![[r#"
            1> SET a 1
            [1] OK
            1> RENAME a b
            [1] OK
            1> GET a
            [1] (nil)
            1> GET b
            [1] "1"
            1> RENAME a b
            [1] (error) ERR no such key
            1> RENAMENX a b
            [1] (error) ERR no such key
            1> RENAME b b
            [1] OK
            1> RENAMENX b b
            [1] (integer) 0
            1> RENAME missing missing
            [1] (error) ERR no such key
            1> SET c 3
            [1] OK
            1> RENAMENX b c
            [1] (integer) 0
            1> RENAME b c
            [1] OK
            1> GET c
            [1] "1"
            1> EXISTS b
            [1] (integer) 0
            1> EXPIRE c 100
            [1] (integer) 1
            1> RENAME c d
            [1] OK
            1> TTL d
            [1] (integer) 100
            1> SET e v EX 500
            [1] OK
            1> RENAME d e
            [1] OK
            1> TTL e
            [1] (integer) 100
            1> SET f v EX 500
            [1] OK
            1> RENAMENX e g
            [1] (integer) 1
            1> TTL g
            [1] (integer) 100
            1> RENAME mylist l2
            [1] OK
            1> TYPE l2
            [1] list
            1> SET x v PX 100
            [1] OK
            sleep 150
            1> RENAME x y
            [1] (error) ERR no such key
            1> RENAMENX x y
            [1] (error) ERR no such key
            1> RENAME a
            [1] (error) ERR wrong number of arguments for 'rename' command
        "#]],
    );
}

#[test]
fn keys_scan_randomkey_single_key() {
    check(
        &[
            "DEL mylist",
            "RANDOMKEY",
            "KEYS *",
            "SCAN 0",
            "SET foo v",
            "RANDOMKEY",
            "SET \"a\\x00b\" v",
            "KEYS f*",
            "KEYS fo?",
            "KEYS f[a-z]o",
            "KEYS bar",
            "KEYS a*",
            "SCAN 0 MATCH f* COUNT 100",
            "SCAN 0 MATCH nothing*",
            "SCAN 0 MATCH foo TYPE string",
            "SCAN 0 MATCH foo TYPE STRING",
            "SCAN 0 MATCH foo TYPE list",
            "SCAN 0 MATCH foo TYPE nosuchtype",
            "SCAN 0 MATCH foo count 1000 match fo*",
            "SET e v PX 100",
            "sleep 150",
            "KEYS e",
            "SCAN 0 MATCH e",
            "DEL foo \"a\\x00b\"",
            "RANDOMKEY",
            "SCAN -1",
            "SCAN 18446744073709551615",
        ],
        expect![[r#"
            1> DEL mylist
            [1] (integer) 1
            1> RANDOMKEY
            [1] (nil)
            1> KEYS *
            [1] (empty array)
            1> SCAN 0
            [1] 1) "0"
            2) (empty array)
            1> SET foo v
            [1] OK
            1> RANDOMKEY
            [1] "foo"
            1> SET "a\x00b" v
            [1] OK
            1> KEYS f*
            [1] 1) "foo"
            1> KEYS fo?
            [1] 1) "foo"
            1> KEYS f[a-z]o
            [1] 1) "foo"
            1> KEYS bar
            [1] (empty array)
            1> KEYS a*
            [1] 1) "a\x00b"
            1> SCAN 0 MATCH f* COUNT 100
            [1] 1) "0"
            2) 1) "foo"
            1> SCAN 0 MATCH nothing*
            [1] 1) "0"
            2) (empty array)
            1> SCAN 0 MATCH foo TYPE string
            [1] 1) "0"
            2) 1) "foo"
            1> SCAN 0 MATCH foo TYPE STRING
            [1] 1) "0"
            2) 1) "foo"
            1> SCAN 0 MATCH foo TYPE list
            [1] 1) "0"
            2) (empty array)
            1> SCAN 0 MATCH foo TYPE nosuchtype
            [1] 1) "0"
            2) (empty array)
            1> SCAN 0 MATCH foo count 1000 match fo*
            [1] 1) "0"
            2) 1) "foo"
            1> SET e v PX 100
            [1] OK
            sleep 150
            1> KEYS e
            [1] (empty array)
            1> SCAN 0 MATCH e
            [1] 1) "0"
            2) (empty array)
            1> DEL foo "a\x00b"
            [1] (integer) 2
            1> RANDOMKEY
            [1] (nil)
            1> SCAN -1
            [1] 1) "0"
            2) (empty array)
            1> SCAN 18446744073709551615
            [1] 1) "0"
            2) (empty array)
        "#]],
    );
}

#[test]
fn scan_errors() {
    check(
        &[
            "SCAN x",
            "SCAN \" 0\"",
            "SCAN 0x",
            "SCAN 1.5",
            "SCAN 18446744073709551616",
            "SCAN 0 COUNT 0",
            "SCAN 0 COUNT -1",
            "SCAN 0 COUNT x",
            "SCAN 0 COUNT",
            "SCAN 0 MATCH",
            "SCAN 0 TYPE",
            "SCAN 0 FOO bar",
            "SCAN x COUNT 0",
            "SCAN",
            "KEYS",
            "KEYS a b",
            "RANDOMKEY x",
        ],
        expect![[r#"
            1> SCAN x
            [1] (error) ERR invalid cursor
            1> SCAN " 0"
            [1] (error) ERR invalid cursor
            1> SCAN 0x
            [1] (error) ERR invalid cursor
            1> SCAN 1.5
            [1] (error) ERR invalid cursor
            1> SCAN 18446744073709551616
            [1] (error) ERR invalid cursor
            1> SCAN 0 COUNT 0
            [1] (error) ERR syntax error
            1> SCAN 0 COUNT -1
            [1] (error) ERR syntax error
            1> SCAN 0 COUNT x
            [1] (error) ERR value is not an integer or out of range
            1> SCAN 0 COUNT
            [1] (error) ERR syntax error
            1> SCAN 0 MATCH
            [1] (error) ERR syntax error
            1> SCAN 0 TYPE
            [1] (error) ERR syntax error
            1> SCAN 0 FOO bar
            [1] (error) ERR syntax error
            1> SCAN x COUNT 0
            [1] (error) ERR invalid cursor
            1> SCAN
            [1] (error) ERR wrong number of arguments for 'scan' command
            1> KEYS
            [1] (error) ERR wrong number of arguments for 'keys' command
            1> KEYS a b
            [1] (error) ERR wrong number of arguments for 'keys' command
            1> RANDOMKEY x
            [1] (error) ERR wrong number of arguments for 'randomkey' command
        "#]],
    );
}

/// Sends `line` and decodes its single reply.
fn reply(h: &mut Harness, line: &str) -> Frame {
    h.send(1, line);
    let raw = h.take_raw(1);
    let (f, used) = decode(&raw)
        .expect("the server sends well-formed RESP")
        .expect("one complete reply");
    assert_eq!(used, raw.len());
    f
}

/// One SCAN call: (next cursor, keys).
fn scan_step(h: &mut Harness, cursor: &str, extra: &str) -> (String, Vec<String>) {
    let Frame::Array(parts) = reply(h, &format!("SCAN {cursor} {extra}")) else {
        panic!("SCAN replies with an array")
    };
    let [Frame::Bulk(c), Frame::Array(keys)] = &parts[..] else {
        panic!("SCAN replies with [cursor, keys]")
    };
    let keys = keys
        .iter()
        .map(|k| match k {
            Frame::Bulk(b) => String::from_utf8_lossy(b).into_owned(),
            other => panic!("key as bulk, got {other:?}"),
        })
        .collect();
    (String::from_utf8_lossy(c).into_owned(), keys)
}

#[test]
fn keys_returns_every_live_matching_key() {
    let mut h = Harness::default();
    for i in 0..50 {
        h.send(1, &format!("SET key:{i} v"));
    }
    h.send(1, "SET other v");
    h.send(1, "PEXPIRE key:7 10");
    h.advance(20);
    h.take_raw(1);
    let Frame::Array(keys) = reply(&mut h, "KEYS key:*") else {
        panic!("KEYS replies with an array")
    };
    let got: Vec<Vec<u8>> = keys
        .into_iter()
        .map(|f| match f {
            Frame::Bulk(b) => b,
            other => panic!("key as bulk, got {other:?}"),
        })
        .collect();
    let got_set: BTreeSet<Vec<u8>> = got.iter().cloned().collect();
    assert_eq!(got.len(), got_set.len(), "no duplicates");
    let want: BTreeSet<Vec<u8>> = (0..50)
        .filter(|&i| i != 7)
        .map(|i| format!("key:{i}").into_bytes())
        .collect();
    assert_eq!(got_set, want);
}

#[test]
fn scan_returns_every_key_present_throughout() {
    let mut h = Harness::default();
    for i in 0..1000 {
        h.send(1, &format!("SET k{i} v"));
    }
    h.take_raw(1);
    // Iterate with small counts while deleting and adding keys between calls: every key that
    // stays from start to end must be seen; deleted ones may or may not be.
    let mut seen = BTreeSet::new();
    let mut cursor = "0".to_string();
    let mut calls = 0;
    let mut churn = 0;
    loop {
        let (next, keys) = scan_step(&mut h, &cursor, "COUNT 7");
        calls += 1;
        assert!(keys.len() <= 7 + 3, "a call returns about COUNT keys");
        seen.extend(keys);
        // Churn: drop a key of the even half, add new keys.
        h.send(1, &format!("DEL k{}", churn * 2));
        h.send(1, &format!("SET new{churn} v"));
        h.take_raw(1);
        churn += 1;
        if next == "0" {
            break;
        }
        cursor = next;
        assert!(calls < 1000, "a full iteration ends");
    }
    for i in 0..1000 {
        let deleted = i % 2 == 0 && i / 2 < churn;
        if !deleted {
            assert!(seen.contains(&format!("k{i}")), "k{i} was never returned");
        }
    }
    // About N / COUNT calls: the iteration is linear.
    assert!(calls <= 1000 / 7 + 40, "{calls} calls");
}

#[test]
fn scan_filters_by_pattern_and_type() {
    let mut h = harness();
    for i in 0..30 {
        h.send(1, &format!("SET user:{i} v"));
        h.send(1, &format!("SET item:{i} v"));
    }
    h.take_raw(1);
    let mut cursor = "0".to_string();
    let mut seen = BTreeSet::new();
    loop {
        let (next, keys) = scan_step(&mut h, &cursor, "MATCH user:* TYPE string COUNT 5");
        seen.extend(keys);
        if next == "0" {
            break;
        }
        cursor = next;
    }
    let want: BTreeSet<String> = (0..30).map(|i| format!("user:{i}")).collect();
    assert_eq!(seen, want);
    let (_, keys) = scan_step(&mut h, "0", "TYPE list COUNT 1000");
    assert_eq!(keys, vec!["mylist".to_string()]);
}

#[test]
fn randomkey_is_deterministic_and_skips_expired() {
    let run = || {
        let mut h = Harness::default();
        for i in 0..20 {
            h.send(1, &format!("SET k{i} v"));
        }
        h.take_raw(1);
        (0..10).map(|_| h.cmd(1, "RANDOMKEY")).collect::<Vec<_>>()
    };
    let a = run();
    assert_eq!(a, run());
    assert!(a.iter().collect::<BTreeSet<_>>().len() > 1, "{a:?}");
    let mut h = Harness::default();
    h.send(1, "SET live v");
    for i in 0..20 {
        h.send(1, &format!("SET gone{i} v PX 10"));
    }
    h.take_raw(1);
    // Only the lazy path: no timer ran yet, the expired keys are still stored.
    h.now += 20;
    for _ in 0..5 {
        assert_eq!(h.cmd(1, "RANDOMKEY"), "\"live\"");
    }
}

#[test]
fn resp3_replies() {
    let mut h = Harness::default();
    h.send(1, "HELLO 3");
    h.take_raw(1);
    for line in [
        "SET t v EX 100",
        "TTL t",
        "EXPIRETIME nokey",
        "SCAN 0 MATCH zz*",
        "KEYS zz*",
        "RANDOMKEY",
        "DEL t",
        "RANDOMKEY",
        "TYPE t",
    ] {
        h.send(1, line);
    }
    assert_eq!(
        String::from_utf8_lossy(&h.take_raw(1)),
        "+OK\r\n:100\r\n:-2\r\n*2\r\n$1\r\n0\r\n*0\r\n*0\r\n$1\r\nt\r\n\
:1\r\n_\r\n+none\r\n"
    );
}
