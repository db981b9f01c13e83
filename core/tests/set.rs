//! Transcript tests of the set commands. Expected replies are redis-server 7.0's (the same
//! lines run in the differential transcript `native-server/tests/transcripts/set.txt`).
//! Where Redis's order is unspecified (hashtable-encoded sets, random picks) the tests
//! compare sorted replies or sizes; integer sets (intsets) reply in numeric order.

use expect_test::expect;
use redlet_core::testkit::{transcript, Harness};

/// Sorted elements of a rendered array reply (`1) "a"` lines).
fn sorted(reply: &str) -> Vec<String> {
    let mut v: Vec<String> = reply
        .lines()
        .filter_map(|l| l.split_once(") ").map(|(_, e)| e.to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn add_remove_and_intset_order() {
    let got = transcript(&[
        "SADD i 3 1 2 -5 1",
        "SMEMBERS i",
        "SCARD i",
        "SISMEMBER i 02",
        "SMISMEMBER i 1 7 -5 x",
        "SMISMEMBER nosuch a",
        "SREM i 1 7 x",
        "SMEMBERS i",
        "SREM i 3 2 -5",
        "SMEMBERS i",
        "SADD n 9223372036854775807 -9223372036854775808 0",
        "SMEMBERS n",
        "SADD",
    ]);
    expect![[r#"
        1> SADD i 3 1 2 -5 1
        [1] (integer) 4
        1> SMEMBERS i
        [1] 1) "-5"
        2) "1"
        3) "2"
        4) "3"
        1> SCARD i
        [1] (integer) 4
        1> SISMEMBER i 02
        [1] (integer) 0
        1> SMISMEMBER i 1 7 -5 x
        [1] 1) (integer) 1
        2) (integer) 0
        3) (integer) 1
        4) (integer) 0
        1> SMISMEMBER nosuch a
        [1] 1) (integer) 0
        1> SREM i 1 7 x
        [1] (integer) 1
        1> SMEMBERS i
        [1] 1) "-5"
        2) "2"
        3) "3"
        1> SREM i 3 2 -5
        [1] (integer) 3
        1> SMEMBERS i
        [1] (empty array)
        1> SADD n 9223372036854775807 -9223372036854775808 0
        [1] (integer) 3
        1> SMEMBERS n
        [1] 1) "-9223372036854775808"
        2) "0"
        3) "9223372036854775807"
        1> SADD
        [1] (error) ERR wrong number of arguments for 'sadd' command
    "#]]
    .assert_eq(&got);
}

#[test]
fn hashtable_sets_compare_as_sets() {
    let mut h = Harness::default();
    assert_eq!(h.cmd(1, "SADD s a b c a 1 -0 01"), "(integer) 6");
    assert_eq!(
        sorted(&h.cmd(1, "SMEMBERS s")),
        ["\"-0\"", "\"01\"", "\"1\"", "\"a\"", "\"b\"", "\"c\""]
    );
    assert_eq!(h.cmd(1, "SISMEMBER s 1"), "(integer) 1");
    h.send(1, "HELLO 3");
    h.take_raw(1);
    h.send(1, "SMEMBERS nosuch");
    h.send(1, "SADD t z");
    h.send(1, "SMEMBERS t");
    assert_eq!(h.take_raw(1), b"~0\r\n:1\r\n~1\r\n$1\r\nz\r\n");
}

#[test]
fn wrongtype_and_errors() {
    let got = transcript(&[
        "SET str v",
        "SADD str a",
        "SMEMBERS str",
        "SINTER nosuch str",
        "SDIFF nosuch str",
        "SMOVE nosuch str a",
        "SMOVE str i a",
        "SPOP str 2",
        "SPOP p -1",
        "SPOP p x",
        "SPOP p 1 2",
        "SRANDMEMBER p -9223372036854775808",
        "SRANDMEMBER p 1 2",
        "SINTERCARD 0 k1",
        "SINTERCARD x k1",
        "SINTERCARD 3 k1 k2",
        "SINTERCARD 1 k1 LIMIT -1",
        "SINTERCARD 1 k1 LIMIT",
        "SSCAN sc x",
        "SSCAN nosuch 0 COUNT 0",
    ]);
    expect![[r#"
        1> SET str v
        [1] OK
        1> SADD str a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SMEMBERS str
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SINTER nosuch str
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SDIFF nosuch str
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SMOVE nosuch str a
        [1] (integer) 0
        1> SMOVE str i a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SPOP str 2
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SPOP p -1
        [1] (error) ERR value is out of range, must be positive
        1> SPOP p x
        [1] (error) ERR value is out of range, must be positive
        1> SPOP p 1 2
        [1] (error) ERR syntax error
        1> SRANDMEMBER p -9223372036854775808
        [1] (error) ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807
        1> SRANDMEMBER p 1 2
        [1] (error) ERR syntax error
        1> SINTERCARD 0 k1
        [1] (error) ERR numkeys should be greater than 0
        1> SINTERCARD x k1
        [1] (error) ERR numkeys should be greater than 0
        1> SINTERCARD 3 k1 k2
        [1] (error) ERR Number of keys can't be greater than number of args
        1> SINTERCARD 1 k1 LIMIT -1
        [1] (error) ERR LIMIT can't be negative
        1> SINTERCARD 1 k1 LIMIT
        [1] (error) ERR syntax error
        1> SSCAN sc x
        [1] (error) ERR invalid cursor
        1> SSCAN nosuch 0 COUNT 0
        [1] 1) "0"
        2) (empty array)
    "#]]
    .assert_eq(&got);
}

#[test]
fn algebra_and_store() {
    let got = transcript(&[
        "SADD k1 1 2 3 4 5",
        "SADD k2 2 3 4 6",
        "SINTER k1 k2",
        "SINTER k1 nosuch",
        "SINTERCARD 2 k1 k2",
        "SINTERCARD 2 k1 k2 LIMIT 2",
        "SINTERCARD 2 k1 k2 LIMIT 1 LIMIT 2",
        "SINTERSTORE d k1 k2",
        "SMEMBERS d",
        "SINTERSTORE d k1 nosuch",
        "SCARD d",
        "SUNION k1 nosuch k2",
        "SUNIONSTORE ud k1 k2",
        "SDIFF k1 k2",
        "SDIFF nosuch k1",
        "SDIFFSTORE k1 k1 k2",
        "SMEMBERS k1",
        "SMOVE k1 k2 1",
        "SMOVE k1 k2 1",
        "SMOVE k1 k1 5",
        "SMOVE k1 fresh 5",
        "SMEMBERS k1",
        "SMEMBERS fresh",
    ]);
    expect![[r#"
        1> SADD k1 1 2 3 4 5
        [1] (integer) 5
        1> SADD k2 2 3 4 6
        [1] (integer) 4
        1> SINTER k1 k2
        [1] 1) "2"
        2) "3"
        3) "4"
        1> SINTER k1 nosuch
        [1] (empty array)
        1> SINTERCARD 2 k1 k2
        [1] (integer) 3
        1> SINTERCARD 2 k1 k2 LIMIT 2
        [1] (integer) 2
        1> SINTERCARD 2 k1 k2 LIMIT 1 LIMIT 2
        [1] (integer) 2
        1> SINTERSTORE d k1 k2
        [1] (integer) 3
        1> SMEMBERS d
        [1] 1) "2"
        2) "3"
        3) "4"
        1> SINTERSTORE d k1 nosuch
        [1] (integer) 0
        1> SCARD d
        [1] (integer) 0
        1> SUNION k1 nosuch k2
        [1] 1) "1"
        2) "2"
        3) "3"
        4) "4"
        5) "5"
        6) "6"
        1> SUNIONSTORE ud k1 k2
        [1] (integer) 6
        1> SDIFF k1 k2
        [1] 1) "1"
        2) "5"
        1> SDIFF nosuch k1
        [1] (empty array)
        1> SDIFFSTORE k1 k1 k2
        [1] (integer) 2
        1> SMEMBERS k1
        [1] 1) "1"
        2) "5"
        1> SMOVE k1 k2 1
        [1] (integer) 1
        1> SMOVE k1 k2 1
        [1] (integer) 0
        1> SMOVE k1 k1 5
        [1] (integer) 1
        1> SMOVE k1 fresh 5
        [1] (integer) 1
        1> SMEMBERS k1
        [1] (empty array)
        1> SMEMBERS fresh
        [1] 1) "5"
    "#]]
    .assert_eq(&got);
}

/// Random picks come from the server's seeded RNG: sizes and membership are checked, not
/// which members (Redis's picks are random too).
#[test]
fn spop_and_srandmember() {
    let mut h = Harness::default();
    h.cmd(1, "SADD p 1 2 3 4 5");
    let one = h.cmd(1, "SPOP p");
    assert!(
        ["\"1\"", "\"2\"", "\"3\"", "\"4\"", "\"5\""].contains(&one.as_str()),
        "{one}"
    );
    assert_eq!(h.cmd(1, "SCARD p"), "(integer) 4");
    assert_eq!(sorted(&h.cmd(1, "SPOP p 2")).len(), 2);
    assert_eq!(h.cmd(1, "SCARD p"), "(integer) 2");
    assert_eq!(h.cmd(1, "SPOP p 0"), "(empty array)");
    assert_eq!(sorted(&h.cmd(1, "SPOP p 10")).len(), 2);
    assert_eq!(h.cmd(1, "SCARD p"), "(integer) 0");
    assert_eq!(h.cmd(1, "SPOP p"), "(nil)");
    h.cmd(1, "SADD r 1 2 3 x");
    assert_eq!(
        sorted(&h.cmd(1, "SRANDMEMBER r 10")),
        ["\"1\"", "\"2\"", "\"3\"", "\"x\""]
    );
    let two = sorted(&h.cmd(1, "SRANDMEMBER r 2"));
    assert!(two.len() == 2 && two[0] != two[1], "{two:?}");
    assert_eq!(sorted(&h.cmd(1, "SRANDMEMBER r -10")).len(), 10);
    assert_eq!(h.cmd(1, "SRANDMEMBER r 0"), "(empty array)");
    assert_eq!(h.cmd(1, "SRANDMEMBER nosuch -5"), "(empty array)");
    h.cmd(1, "SADD one z");
    assert_eq!(
        h.cmd(1, "SRANDMEMBER one -3"),
        "1) \"z\"\n2) \"z\"\n3) \"z\""
    );
}

#[test]
fn sscan_and_intset_conversion() {
    let got = transcript(&[
        "SADD sc 3 1 2",
        "SSCAN sc 99 COUNT 1",
        "SSCAN sc 0 MATCH 1*",
        "CONFIG SET set-max-intset-entries 3",
        "SADD big 3 1 2",
        "SMEMBERS big",
    ]);
    expect![[r#"
        1> SADD sc 3 1 2
        [1] (integer) 3
        1> SSCAN sc 99 COUNT 1
        [1] 1) "0"
        2) 1) "1"
           2) "2"
           3) "3"
        1> SSCAN sc 0 MATCH 1*
        [1] 1) "0"
        2) 1) "1"
        1> CONFIG SET set-max-intset-entries 3
        [1] OK
        1> SADD big 3 1 2
        [1] (integer) 3
        1> SMEMBERS big
        [1] 1) "1"
        2) "2"
        3) "3"
    "#]]
    .assert_eq(&got);
    // A fourth member makes it a hashtable: a full SSCAN walk still returns every member.
    let mut h = Harness::default();
    h.cmd(1, "CONFIG SET set-max-intset-entries 3");
    let members: Vec<String> = (0..300).map(|i| format!("m{i}")).collect();
    h.cmd(1, &format!("SADD big {}", members.join(" ")));
    let mut cursor = "0".to_string();
    let mut seen = std::collections::BTreeSet::new();
    let mut calls = 0;
    loop {
        let r = h.cmd(1, &format!("SSCAN big {cursor} COUNT 7"));
        let mut lines = r.lines();
        cursor = lines
            .next()
            .and_then(|l| l.split('"').nth(1))
            .expect("SSCAN replies with a cursor first")
            .to_string();
        for l in lines {
            if let Some(m) = l.split('"').nth(1) {
                seen.insert(m.to_string());
            }
        }
        calls += 1;
        if cursor == "0" {
            break;
        }
    }
    assert_eq!(seen.len(), 300);
    assert!(
        calls > 10,
        "COUNT is honoured on hashtables ({calls} calls)"
    );
}
