//! Transcript tests of the list commands, blocking included. Every `transcript(...)` session
//! here was replayed against redis-server 7.0.15 and gives the same replies there; sessions
//! that depend on exact virtual time run on a `Harness` instead (real Redis fires timeouts up
//! to 100 ms late).

use expect_test::expect;
use redlet_core::testkit::{transcript, Harness};

#[test]
fn push_range_len() {
    let got = transcript(&[
        "RPUSH k a b c",
        "LPUSH k z y",
        "LRANGE k 0 -1",
        "LRANGE k 1 2",
        "LRANGE k -2 -1",
        "LRANGE k -100 100",
        "LRANGE k 3 1",
        "LRANGE k 5 10",
        "LRANGE k -9223372036854775808 9223372036854775807",
        "LRANGE k x 1",
        "LRANGE nokey x 1",
        "LRANGE nokey 0 -1",
        "LLEN k",
        "LLEN nokey",
        "LPUSHX nokey a",
        "RPUSHX nokey a",
        "LLEN nokey",
        "LPUSHX k l1 l2",
        "RPUSHX k r1",
        "LRANGE k 0 -1",
        "RPUSH k",
        "LPUSH",
        "LPUSHX k",
        "LLEN k extra",
        "LRANGE k 0",
        "RPUSH bin \"a b\" \"\\x00\\xff\" \"\"",
        "LRANGE bin 0 -1",
    ]);
    expect![[r#"
        1> RPUSH k a b c
        [1] (integer) 3
        1> LPUSH k z y
        [1] (integer) 5
        1> LRANGE k 0 -1
        [1] 1) "y"
        2) "z"
        3) "a"
        4) "b"
        5) "c"
        1> LRANGE k 1 2
        [1] 1) "z"
        2) "a"
        1> LRANGE k -2 -1
        [1] 1) "b"
        2) "c"
        1> LRANGE k -100 100
        [1] 1) "y"
        2) "z"
        3) "a"
        4) "b"
        5) "c"
        1> LRANGE k 3 1
        [1] (empty array)
        1> LRANGE k 5 10
        [1] (empty array)
        1> LRANGE k -9223372036854775808 9223372036854775807
        [1] 1) "y"
        2) "z"
        3) "a"
        4) "b"
        5) "c"
        1> LRANGE k x 1
        [1] (error) ERR value is not an integer or out of range
        1> LRANGE nokey x 1
        [1] (error) ERR value is not an integer or out of range
        1> LRANGE nokey 0 -1
        [1] (empty array)
        1> LLEN k
        [1] (integer) 5
        1> LLEN nokey
        [1] (integer) 0
        1> LPUSHX nokey a
        [1] (integer) 0
        1> RPUSHX nokey a
        [1] (integer) 0
        1> LLEN nokey
        [1] (integer) 0
        1> LPUSHX k l1 l2
        [1] (integer) 7
        1> RPUSHX k r1
        [1] (integer) 8
        1> LRANGE k 0 -1
        [1] 1) "l2"
        2) "l1"
        3) "y"
        4) "z"
        5) "a"
        6) "b"
        7) "c"
        8) "r1"
        1> RPUSH k
        [1] (error) ERR wrong number of arguments for 'rpush' command
        1> LPUSH
        [1] (error) ERR wrong number of arguments for 'lpush' command
        1> LPUSHX k
        [1] (error) ERR wrong number of arguments for 'lpushx' command
        1> LLEN k extra
        [1] (error) ERR wrong number of arguments for 'llen' command
        1> LRANGE k 0
        [1] (error) ERR wrong number of arguments for 'lrange' command
        1> RPUSH bin "a b" "\x00\xff" ""
        [1] (integer) 3
        1> LRANGE bin 0 -1
        [1] 1) "a b"
        2) "\x00\xff"
        3) ""
    "#]]
    .assert_eq(&got);
}

#[test]
fn wrong_type_everywhere() {
    let got = transcript(&[
        "SET s x",
        "LPUSH s a",
        "RPUSH s a",
        "LPUSHX s a",
        "RPUSHX s a",
        "LPOP s",
        "RPOP s 2",
        "LLEN s",
        "LRANGE s 0 -1",
        "LINDEX s 0",
        "LSET s 0 a",
        "LINSERT s BEFORE a b",
        "LREM s 0 a",
        "LTRIM s 0 1",
        "LPOS s a",
        "LMOVE s d LEFT LEFT",
        "RPUSH l a",
        "LMOVE l s LEFT LEFT",
        "RPOPLPUSH l s",
        "LMOVE nokey s LEFT LEFT",
        "BLPOP s 1",
        "BLPOP nokey s l 1",
        "BLPOP l s 1",
        "BLMOVE s d LEFT LEFT 1",
        "RPUSH l a",
        "BLMOVE l s LEFT LEFT 1",
        "BRPOPLPUSH l s 1",
        "GET s",
        "LRANGE l 0 -1",
    ]);
    expect![[r#"
        1> SET s x
        [1] OK
        1> LPUSH s a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> RPUSH s a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LPUSHX s a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> RPUSHX s a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LPOP s
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> RPOP s 2
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LLEN s
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LRANGE s 0 -1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LINDEX s 0
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LSET s 0 a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LINSERT s BEFORE a b
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LREM s 0 a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LTRIM s 0 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LPOS s a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LMOVE s d LEFT LEFT
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> RPUSH l a
        [1] (integer) 1
        1> LMOVE l s LEFT LEFT
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> RPOPLPUSH l s
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LMOVE nokey s LEFT LEFT
        [1] (nil)
        1> BLPOP s 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> BLPOP nokey s l 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> BLPOP l s 1
        [1] 1) "l"
        2) "a"
        1> BLMOVE s d LEFT LEFT 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> RPUSH l a
        [1] (integer) 1
        1> BLMOVE l s LEFT LEFT 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> BRPOPLPUSH l s 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> GET s
        [1] "x"
        1> LRANGE l 0 -1
        [1] 1) "a"
    "#]]
    .assert_eq(&got);
}

#[test]
fn pop_with_and_without_count() {
    let got = transcript(&[
        "RPUSH k a b c d e",
        "LPOP k",
        "RPOP k",
        "LPOP k 2",
        "RPOP k 0",
        "RPOP k 5",
        "GET k",
        "LPOP k",
        "LPOP k 1",
        "LPOP k 0",
        "RPUSH k a b c",
        "RPOP k 2",
        "LPOP k -1",
        "LPOP k x",
        "LPOP nokey -1",
        "LPOP k 1 2",
        "RPOP k 1.5",
        "LPOP k 9223372036854775807",
        "GET k",
    ]);
    expect![[r#"
        1> RPUSH k a b c d e
        [1] (integer) 5
        1> LPOP k
        [1] "a"
        1> RPOP k
        [1] "e"
        1> LPOP k 2
        [1] 1) "b"
        2) "c"
        1> RPOP k 0
        [1] (empty array)
        1> RPOP k 5
        [1] 1) "d"
        1> GET k
        [1] (nil)
        1> LPOP k
        [1] (nil)
        1> LPOP k 1
        [1] (nil)
        1> LPOP k 0
        [1] (nil)
        1> RPUSH k a b c
        [1] (integer) 3
        1> RPOP k 2
        [1] 1) "c"
        2) "b"
        1> LPOP k -1
        [1] (error) ERR value is out of range, must be positive
        1> LPOP k x
        [1] (error) ERR value is out of range, must be positive
        1> LPOP nokey -1
        [1] (error) ERR value is out of range, must be positive
        1> LPOP k 1 2
        [1] (error) ERR wrong number of arguments for 'lpop' command
        1> RPOP k 1.5
        [1] (error) ERR value is out of range, must be positive
        1> LPOP k 9223372036854775807
        [1] 1) "a"
        1> GET k
        [1] (nil)
    "#]]
    .assert_eq(&got);
}

/// The nil forms differ: a count asks for a (nil) array, no count for a (nil) bulk string;
/// RESP3 has one null for both.
#[test]
fn pop_nil_forms_resp2_and_resp3() {
    let mut h = Harness::default();
    let raw = |h: &mut Harness, line: &str| {
        h.send(1, line);
        String::from_utf8_lossy(&h.take_raw(1)).into_owned()
    };
    assert_eq!(raw(&mut h, "LPOP nokey"), "$-1\r\n");
    assert_eq!(raw(&mut h, "LPOP nokey 0"), "*-1\r\n");
    assert_eq!(raw(&mut h, "RPOP nokey 2"), "*-1\r\n");
    assert_eq!(raw(&mut h, "LINDEX nokey 0"), "$-1\r\n");
    assert_eq!(raw(&mut h, "LPOS nokey a"), "$-1\r\n");
    assert_eq!(raw(&mut h, "LPOS nokey a COUNT 1"), "*0\r\n");
    assert_eq!(raw(&mut h, "LMOVE nokey d LEFT LEFT"), "$-1\r\n");
    assert_eq!(raw(&mut h, "RPUSH k a"), ":1\r\n");
    assert_eq!(raw(&mut h, "LPOP k 0"), "*0\r\n");
    assert_eq!(raw(&mut h, "LPOS k z"), "$-1\r\n");
    assert_eq!(raw(&mut h, "LPOS k z COUNT 2"), "*0\r\n");
    raw(&mut h, "HELLO 3");
    assert_eq!(raw(&mut h, "LPOP nokey"), "_\r\n");
    assert_eq!(raw(&mut h, "LPOP nokey 0"), "_\r\n");
    assert_eq!(raw(&mut h, "RPOP nokey 2"), "_\r\n");
    assert_eq!(raw(&mut h, "LPOS nokey a"), "_\r\n");
    assert_eq!(raw(&mut h, "LPOS nokey a COUNT 1"), "*0\r\n");
    assert_eq!(raw(&mut h, "LPOP k 0"), "*0\r\n");
    assert_eq!(raw(&mut h, "LRANGE nokey 0 -1"), "*0\r\n");
    assert_eq!(raw(&mut h, "LPOP k 5"), "*1\r\n$1\r\na\r\n");
    assert_eq!(raw(&mut h, "BLPOP nokey 0.01"), "");
    h.advance(10);
    assert_eq!(h.take_raw(1), b"_\r\n");
}

/// Every list waiter times out with a nil *array* (BLMOVE and BRPOPLPUSH too, as
/// `replyToBlockedClientTimedOut` does); when blocking is denied (inside MULTI) BLMOVE and
/// BRPOPLPUSH answer a nil *bulk* instead, BLPOP a nil array.
#[test]
fn blocking_nil_forms() {
    let mut h = Harness::default();
    for cmd in [
        "BLPOP q 0.1",
        "BRPOP q 0.1",
        "BLMOVE q d LEFT LEFT 0.1",
        "BRPOPLPUSH q d 0.1",
    ] {
        h.send(1, cmd);
        assert_eq!(h.take_raw(1), b"");
        h.advance(100);
        assert_eq!(h.take_raw(1), b"*-1\r\n", "{cmd}");
    }
    h.send(1, "HELLO 3");
    h.take_raw(1);
    h.send(1, "BRPOPLPUSH q d 0.1");
    h.advance(100);
    assert_eq!(h.take_raw(1), b"_\r\n");

    let id = redlet_core::ClientId(1);
    let deny = |h: &mut Harness, on: bool| {
        let c = h.server.state_mut().clients.get_mut(&id);
        c.expect("client 1 is connected").state.deny_blocking = on;
    };
    h.send(1, "HELLO 2");
    h.take_raw(1);
    deny(&mut h, true);
    for (cmd, want) in [
        ("BLPOP q 0", "*-1\r\n"),
        ("BRPOP q 0", "*-1\r\n"),
        ("BLMOVE q d LEFT LEFT 0", "$-1\r\n"),
        ("BRPOPLPUSH q d 0", "$-1\r\n"),
    ] {
        h.send(1, cmd);
        assert_eq!(String::from_utf8_lossy(&h.take_raw(1)), want, "{cmd}");
    }
    assert!(h.server.state().waiters.is_empty());
    deny(&mut h, false);
}

#[test]
fn index_set_insert() {
    let got = transcript(&[
        "RPUSH k a b c",
        "LINDEX k 0",
        "LINDEX k -1",
        "LINDEX k 3",
        "LINDEX k -4",
        "LINDEX k x",
        "LINDEX nokey x",
        "LINDEX k -9223372036854775808",
        "LSET k 1 B",
        "LSET k -1 C",
        "LSET k 3 z",
        "LSET k -4 z",
        "LSET k x z",
        "LSET nokey 0 z",
        "LSET nokey x z",
        "LRANGE k 0 -1",
        "LINSERT k BEFORE a x",
        "LINSERT k after C y",
        "LINSERT k AfTeR a z",
        "LINSERT k BEFORE missing q",
        "LINSERT k MIDDLE a q",
        "LINSERT nokey BEFORE a q",
        "LINSERT nokey MIDDLE a q",
        "LRANGE k 0 -1",
        "LINSERT k BEFORE a",
    ]);
    expect![[r#"
        1> RPUSH k a b c
        [1] (integer) 3
        1> LINDEX k 0
        [1] "a"
        1> LINDEX k -1
        [1] "c"
        1> LINDEX k 3
        [1] (nil)
        1> LINDEX k -4
        [1] (nil)
        1> LINDEX k x
        [1] (error) ERR value is not an integer or out of range
        1> LINDEX nokey x
        [1] (nil)
        1> LINDEX k -9223372036854775808
        [1] (nil)
        1> LSET k 1 B
        [1] OK
        1> LSET k -1 C
        [1] OK
        1> LSET k 3 z
        [1] (error) ERR index out of range
        1> LSET k -4 z
        [1] (error) ERR index out of range
        1> LSET k x z
        [1] (error) ERR value is not an integer or out of range
        1> LSET nokey 0 z
        [1] (error) ERR no such key
        1> LSET nokey x z
        [1] (error) ERR no such key
        1> LRANGE k 0 -1
        [1] 1) "a"
        2) "B"
        3) "C"
        1> LINSERT k BEFORE a x
        [1] (integer) 4
        1> LINSERT k after C y
        [1] (integer) 5
        1> LINSERT k AfTeR a z
        [1] (integer) 6
        1> LINSERT k BEFORE missing q
        [1] (integer) -1
        1> LINSERT k MIDDLE a q
        [1] (error) ERR syntax error
        1> LINSERT nokey BEFORE a q
        [1] (integer) 0
        1> LINSERT nokey MIDDLE a q
        [1] (error) ERR syntax error
        1> LRANGE k 0 -1
        [1] 1) "x"
        2) "a"
        3) "z"
        4) "B"
        5) "C"
        6) "y"
        1> LINSERT k BEFORE a
        [1] (error) ERR wrong number of arguments for 'linsert' command
    "#]]
    .assert_eq(&got);
}

#[test]
fn rem_and_trim() {
    let got = transcript(&[
        "RPUSH k a b a c a b a",
        "LREM k 2 a",
        "LRANGE k 0 -1",
        "LREM k -1 b",
        "LRANGE k 0 -1",
        "LREM k 0 a",
        "LRANGE k 0 -1",
        "LREM k 0 zz",
        "LREM k x a",
        "LREM nokey x a",
        "LREM nokey 1 a",
        "LREM k 0 b",
        "LREM k 0 c",
        "GET k",
        "RPUSH k a a a",
        "LREM k -9223372036854775808 a",
        "GET k",
        "RPUSH t 0 1 2 3 4 5 6",
        "LTRIM t 1 -2",
        "LRANGE t 0 -1",
        "LTRIM t -100 100",
        "LRANGE t 0 -1",
        "LTRIM t 1 1",
        "LRANGE t 0 -1",
        "LTRIM t x 1",
        "LTRIM nokey x 1",
        "LTRIM nokey 0 1",
        "LTRIM t 5 1",
        "GET t",
        "RPUSH t a b",
        "LTRIM t 2 10",
        "GET t",
    ]);
    expect![[r#"
        1> RPUSH k a b a c a b a
        [1] (integer) 7
        1> LREM k 2 a
        [1] (integer) 2
        1> LRANGE k 0 -1
        [1] 1) "b"
        2) "c"
        3) "a"
        4) "b"
        5) "a"
        1> LREM k -1 b
        [1] (integer) 1
        1> LRANGE k 0 -1
        [1] 1) "b"
        2) "c"
        3) "a"
        4) "a"
        1> LREM k 0 a
        [1] (integer) 2
        1> LRANGE k 0 -1
        [1] 1) "b"
        2) "c"
        1> LREM k 0 zz
        [1] (integer) 0
        1> LREM k x a
        [1] (error) ERR value is not an integer or out of range
        1> LREM nokey x a
        [1] (error) ERR value is not an integer or out of range
        1> LREM nokey 1 a
        [1] (integer) 0
        1> LREM k 0 b
        [1] (integer) 1
        1> LREM k 0 c
        [1] (integer) 1
        1> GET k
        [1] (nil)
        1> RPUSH k a a a
        [1] (integer) 3
        1> LREM k -9223372036854775808 a
        [1] (integer) 3
        1> GET k
        [1] (nil)
        1> RPUSH t 0 1 2 3 4 5 6
        [1] (integer) 7
        1> LTRIM t 1 -2
        [1] OK
        1> LRANGE t 0 -1
        [1] 1) "1"
        2) "2"
        3) "3"
        4) "4"
        5) "5"
        1> LTRIM t -100 100
        [1] OK
        1> LRANGE t 0 -1
        [1] 1) "1"
        2) "2"
        3) "3"
        4) "4"
        5) "5"
        1> LTRIM t 1 1
        [1] OK
        1> LRANGE t 0 -1
        [1] 1) "2"
        1> LTRIM t x 1
        [1] (error) ERR value is not an integer or out of range
        1> LTRIM nokey x 1
        [1] (error) ERR value is not an integer or out of range
        1> LTRIM nokey 0 1
        [1] OK
        1> LTRIM t 5 1
        [1] OK
        1> GET t
        [1] (nil)
        1> RPUSH t a b
        [1] (integer) 2
        1> LTRIM t 2 10
        [1] OK
        1> GET t
        [1] (nil)
    "#]]
    .assert_eq(&got);
}

#[test]
fn lpos_options_and_errors() {
    let got = transcript(&[
        "RPUSH k a b a c a",
        "LPOS k a",
        "LPOS k c",
        "LPOS k z",
        "LPOS k a RANK 2",
        "LPOS k a RANK -1",
        "LPOS k a RANK -3",
        "LPOS k a RANK 4",
        "LPOS k a COUNT 0",
        "LPOS k a COUNT 2",
        "LPOS k a COUNT 0 RANK -1",
        "LPOS k a RANK 2 COUNT 5",
        "LPOS k a COUNT 0 MAXLEN 3",
        "LPOS k a RANK -1 MAXLEN 1",
        "LPOS k a RANK -1 MAXLEN 2 COUNT 0",
        "LPOS k a MAXLEN 0",
        "LPOS k z COUNT 2",
        "LPOS k a rank 1 rank 3",
        "LPOS k a RANK -9223372036854775808",
        "LPOS k a RANK -9223372036854775808 COUNT 0",
        "LPOS k a RANK 0",
        "LPOS k a RANK x",
        "LPOS k a RANK 1.5",
        "LPOS k a COUNT -1",
        "LPOS k a COUNT x",
        "LPOS k a MAXLEN -1",
        "LPOS k a MAXLEN x",
        "LPOS k a FOO",
        "LPOS k a RANK",
        "LPOS k a COUNT",
        "LPOS nokey a",
        "LPOS nokey a COUNT 1",
        "LPOS nokey a RANK 0",
        "LPOS k",
    ]);
    expect![[r#"
        1> RPUSH k a b a c a
        [1] (integer) 5
        1> LPOS k a
        [1] (integer) 0
        1> LPOS k c
        [1] (integer) 3
        1> LPOS k z
        [1] (nil)
        1> LPOS k a RANK 2
        [1] (integer) 2
        1> LPOS k a RANK -1
        [1] (integer) 4
        1> LPOS k a RANK -3
        [1] (integer) 0
        1> LPOS k a RANK 4
        [1] (nil)
        1> LPOS k a COUNT 0
        [1] 1) (integer) 0
        2) (integer) 2
        3) (integer) 4
        1> LPOS k a COUNT 2
        [1] 1) (integer) 0
        2) (integer) 2
        1> LPOS k a COUNT 0 RANK -1
        [1] 1) (integer) 4
        2) (integer) 2
        3) (integer) 0
        1> LPOS k a RANK 2 COUNT 5
        [1] 1) (integer) 2
        2) (integer) 4
        1> LPOS k a COUNT 0 MAXLEN 3
        [1] 1) (integer) 0
        2) (integer) 2
        1> LPOS k a RANK -1 MAXLEN 1
        [1] (integer) 4
        1> LPOS k a RANK -1 MAXLEN 2 COUNT 0
        [1] 1) (integer) 4
        1> LPOS k a MAXLEN 0
        [1] (integer) 0
        1> LPOS k z COUNT 2
        [1] (empty array)
        1> LPOS k a rank 1 rank 3
        [1] (integer) 4
        1> LPOS k a RANK -9223372036854775808
        [1] (integer) 4
        1> LPOS k a RANK -9223372036854775808 COUNT 0
        [1] 1) (integer) 4
        2) (integer) 2
        3) (integer) 0
        1> LPOS k a RANK 0
        [1] (error) ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list
        1> LPOS k a RANK x
        [1] (error) ERR value is not an integer or out of range
        1> LPOS k a RANK 1.5
        [1] (error) ERR value is not an integer or out of range
        1> LPOS k a COUNT -1
        [1] (error) ERR COUNT can't be negative
        1> LPOS k a COUNT x
        [1] (error) ERR COUNT can't be negative
        1> LPOS k a MAXLEN -1
        [1] (error) ERR MAXLEN can't be negative
        1> LPOS k a MAXLEN x
        [1] (error) ERR MAXLEN can't be negative
        1> LPOS k a FOO
        [1] (error) ERR syntax error
        1> LPOS k a RANK
        [1] (error) ERR syntax error
        1> LPOS k a COUNT
        [1] (error) ERR syntax error
        1> LPOS nokey a
        [1] (nil)
        1> LPOS nokey a COUNT 1
        [1] (empty array)
        1> LPOS nokey a RANK 0
        [1] (error) ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list
        1> LPOS k
        [1] (error) ERR wrong number of arguments for 'lpos' command
    "#]]
    .assert_eq(&got);
}

#[test]
fn lmove_and_rpoplpush() {
    let got = transcript(&[
        "RPUSH src a b c",
        "LMOVE src dst LEFT RIGHT",
        "LMOVE src dst RIGHT LEFT",
        "LMOVE src dst left left",
        "LMOVE src dst LEFT LEFT",
        "GET src",
        "LRANGE dst 0 -1",
        "RPOPLPUSH dst dst",
        "LRANGE dst 0 -1",
        "LMOVE dst dst LEFT RIGHT",
        "LRANGE dst 0 -1",
        "RPUSH one x",
        "LMOVE one one LEFT RIGHT",
        "LRANGE one 0 -1",
        "RPOPLPUSH dst other",
        "LRANGE other 0 -1",
        "RPOPLPUSH nokey other",
        "LMOVE dst other UP LEFT",
        "LMOVE dst other LEFT DOWN",
        "LMOVE nokey other UP LEFT",
        "LMOVE dst other LEFT",
        "RPOPLPUSH dst",
    ]);
    expect![[r#"
        1> RPUSH src a b c
        [1] (integer) 3
        1> LMOVE src dst LEFT RIGHT
        [1] "a"
        1> LMOVE src dst RIGHT LEFT
        [1] "c"
        1> LMOVE src dst left left
        [1] "b"
        1> LMOVE src dst LEFT LEFT
        [1] (nil)
        1> GET src
        [1] (nil)
        1> LRANGE dst 0 -1
        [1] 1) "b"
        2) "c"
        3) "a"
        1> RPOPLPUSH dst dst
        [1] "a"
        1> LRANGE dst 0 -1
        [1] 1) "a"
        2) "b"
        3) "c"
        1> LMOVE dst dst LEFT RIGHT
        [1] "a"
        1> LRANGE dst 0 -1
        [1] 1) "b"
        2) "c"
        3) "a"
        1> RPUSH one x
        [1] (integer) 1
        1> LMOVE one one LEFT RIGHT
        [1] "x"
        1> LRANGE one 0 -1
        [1] 1) "x"
        1> RPOPLPUSH dst other
        [1] "a"
        1> LRANGE other 0 -1
        [1] 1) "a"
        1> RPOPLPUSH nokey other
        [1] (nil)
        1> LMOVE dst other UP LEFT
        [1] (error) ERR syntax error
        1> LMOVE dst other LEFT DOWN
        [1] (error) ERR syntax error
        1> LMOVE nokey other UP LEFT
        [1] (error) ERR syntax error
        1> LMOVE dst other LEFT
        [1] (error) ERR wrong number of arguments for 'lmove' command
        1> RPOPLPUSH dst
        [1] (error) ERR wrong number of arguments for 'rpoplpush' command
    "#]]
    .assert_eq(&got);
}

#[test]
fn blocking_commands_that_do_not_block() {
    let got = transcript(&[
        "RPUSH a 1 2",
        "RPUSH b 3",
        "BLPOP nokey a b 0",
        "BRPOP nokey a b 0",
        "BRPOP a b 0",
        "RPUSH a x y",
        "BLMOVE a d LEFT RIGHT 0",
        "BRPOPLPUSH a d 0",
        "LRANGE d 0 -1",
        "BLPOP a",
        "BLMOVE a d LEFT RIGHT",
        "BRPOPLPUSH a d",
        "BLMOVE a d UP RIGHT 0",
        "BLMOVE a d LEFT RIGHT x",
    ]);
    expect![[r#"
        1> RPUSH a 1 2
        [1] (integer) 2
        1> RPUSH b 3
        [1] (integer) 1
        1> BLPOP nokey a b 0
        [1] 1) "a"
        2) "1"
        1> BRPOP nokey a b 0
        [1] 1) "a"
        2) "2"
        1> BRPOP a b 0
        [1] 1) "b"
        2) "3"
        1> RPUSH a x y
        [1] (integer) 2
        1> BLMOVE a d LEFT RIGHT 0
        [1] "x"
        1> BRPOPLPUSH a d 0
        [1] "y"
        1> LRANGE d 0 -1
        [1] 1) "y"
        2) "x"
        1> BLPOP a
        [1] (error) ERR wrong number of arguments for 'blpop' command
        1> BLMOVE a d LEFT RIGHT
        [1] (error) ERR wrong number of arguments for 'blmove' command
        1> BRPOPLPUSH a d
        [1] (error) ERR wrong number of arguments for 'brpoplpush' command
        1> BLMOVE a d UP RIGHT 0
        [1] (error) ERR syntax error
        1> BLMOVE a d LEFT RIGHT x
        [1] (error) ERR timeout is not a float or out of range
    "#]]
    .assert_eq(&got);
}

#[test]
fn timeout_parsing() {
    // Each valid timeout pops at once from the non-empty list; each invalid one is refused
    // before any key is looked at.
    let mut lines = vec!["RPUSH k a b c d e f g h i j k l m n o p"];
    let timeouts = [
        "0.1",
        "-1",
        "-0.0001",
        "abc",
        "1e400",
        "inf",
        "-inf",
        "nan",
        "9223372036854775",
        "' 1'",
        "'1 '",
        "0x10",
        "1e-5000",
        "1e-400",
        "''",
        "+1",
        "1.",
        ".5",
        "1e308",
        "1e5000",
        "9.3e15",
        "9e15",
        "0x1p3",
        "infinity",
        "--1",
        "1e",
    ];
    let cmds: Vec<String> = timeouts.iter().map(|t| format!("BLPOP k {t}")).collect();
    lines.extend(cmds.iter().map(String::as_str));
    lines.push("BRPOPLPUSH k d -1");
    lines.push("BLMOVE k d LEFT LEFT nan");
    let got = transcript(&lines);
    expect![[r#"
        1> RPUSH k a b c d e f g h i j k l m n o p
        [1] (integer) 16
        1> BLPOP k 0.1
        [1] 1) "k"
        2) "a"
        1> BLPOP k -1
        [1] (error) ERR timeout is negative
        1> BLPOP k -0.0001
        [1] 1) "k"
        2) "b"
        1> BLPOP k abc
        [1] (error) ERR timeout is not a float or out of range
        1> BLPOP k 1e400
        [1] (error) ERR timeout is negative
        1> BLPOP k inf
        [1] (error) ERR timeout is negative
        1> BLPOP k -inf
        [1] (error) ERR timeout is negative
        1> BLPOP k nan
        [1] (error) ERR timeout is not a float or out of range
        1> BLPOP k 9223372036854775
        [1] 1) "k"
        2) "c"
        1> BLPOP k ' 1'
        [1] (error) ERR timeout is not a float or out of range
        1> BLPOP k '1 '
        [1] (error) ERR timeout is not a float or out of range
        1> BLPOP k 0x10
        [1] 1) "k"
        2) "d"
        1> BLPOP k 1e-5000
        [1] (error) ERR timeout is not a float or out of range
        1> BLPOP k 1e-400
        [1] 1) "k"
        2) "e"
        1> BLPOP k ''
        [1] (error) ERR timeout is not a float or out of range
        1> BLPOP k +1
        [1] 1) "k"
        2) "f"
        1> BLPOP k 1.
        [1] 1) "k"
        2) "g"
        1> BLPOP k .5
        [1] 1) "k"
        2) "h"
        1> BLPOP k 1e308
        [1] (error) ERR timeout is negative
        1> BLPOP k 1e5000
        [1] (error) ERR timeout is not a float or out of range
        1> BLPOP k 9.3e15
        [1] (error) ERR timeout is negative
        1> BLPOP k 9e15
        [1] 1) "k"
        2) "i"
        1> BLPOP k 0x1p3
        [1] 1) "k"
        2) "j"
        1> BLPOP k infinity
        [1] (error) ERR timeout is negative
        1> BLPOP k --1
        [1] (error) ERR timeout is not a float or out of range
        1> BLPOP k 1e
        [1] (error) ERR timeout is not a float or out of range
        1> BRPOPLPUSH k d -1
        [1] (error) ERR timeout is negative
        1> BLMOVE k d LEFT LEFT nan
        [1] (error) ERR timeout is not a float or out of range
    "#]]
    .assert_eq(&got);
}

#[test]
fn blpop_woken_by_push() {
    let got = transcript(&[
        "BLPOP q 0",
        "2> RPUSH q x",
        "2> LLEN q",
        "BRPOP q 0",
        "2> LPUSH q a b c",
        "LRANGE q 0 -1",
    ]);
    expect![[r#"
        1> BLPOP q 0
        2> RPUSH q x
        [1] 1) "q"
        2) "x"
        [2] (integer) 1
        2> LLEN q
        [2] (integer) 0
        1> BRPOP q 0
        2> LPUSH q a b c
        [1] 1) "q"
        2) "a"
        [2] (integer) 3
        1> LRANGE q 0 -1
        [1] 1) "c"
        2) "b"
    "#]]
    .assert_eq(&got);
}

#[test]
fn waiters_served_in_arrival_order() {
    let got = transcript(&[
        "BLPOP q 0",
        "2> BLPOP other q 0",
        "3> BRPOP q 0",
        "4> RPUSH q a",
        "4> RPUSH q b c",
        "4> RPUSH other o",
        "4> LRANGE q 0 -1",
    ]);
    expect![[r#"
        1> BLPOP q 0
        2> BLPOP other q 0
        3> BRPOP q 0
        4> RPUSH q a
        [1] 1) "q"
        2) "a"
        [4] (integer) 1
        4> RPUSH q b c
        [2] 1) "q"
        2) "b"
        [3] 1) "q"
        2) "c"
        [4] (integer) 2
        4> RPUSH other o
        [4] (integer) 1
        4> LRANGE q 0 -1
        [4] (empty array)
    "#]]
    .assert_eq(&got);
}

#[test]
fn blocked_on_several_keys() {
    let got = transcript(&[
        "BLPOP a b c 0",
        "2> RPUSH c z",
        "BRPOP a b c 0",
        "2> SET a string",
        "2> RPUSH b y1 y2",
        "2> LRANGE b 0 -1",
    ]);
    expect![[r#"
        1> BLPOP a b c 0
        2> RPUSH c z
        [1] 1) "c"
        2) "z"
        [2] (integer) 1
        1> BRPOP a b c 0
        2> SET a string
        [2] OK
        2> RPUSH b y1 y2
        [1] 1) "b"
        2) "y2"
        [2] (integer) 2
        2> LRANGE b 0 -1
        [2] 1) "y1"
    "#]]
    .assert_eq(&got);
}

#[test]
fn every_push_wakes_waiters() {
    let got = transcript(&[
        "BLPOP q q 0",
        "2> BRPOP r 0",
        "3> RPUSH src a b",
        "3> LMOVE src q LEFT LEFT",
        "3> RPOPLPUSH src r",
        "BLPOP x 0",
        "3> RPUSHX x nope",
        "3> LPUSH x y",
        "3> GET src",
    ]);
    expect![[r#"
        1> BLPOP q q 0
        2> BRPOP r 0
        3> RPUSH src a b
        [3] (integer) 2
        3> LMOVE src q LEFT LEFT
        [1] 1) "q"
        2) "a"
        [3] "a"
        3> RPOPLPUSH src r
        [2] 1) "r"
        2) "b"
        [3] "b"
        1> BLPOP x 0
        3> RPUSHX x nope
        [3] (integer) 0
        3> LPUSH x y
        [1] 1) "x"
        2) "y"
        [3] (integer) 1
        3> GET src
        [3] (nil)
    "#]]
    .assert_eq(&got);
}

#[test]
fn blmove_chains_serve_the_destination_in_the_same_round() {
    let got = transcript(&[
        "BLMOVE a b LEFT RIGHT 0",
        "2> BRPOPLPUSH b c 0",
        "3> BLPOP c 0",
        "4> RPUSH a x",
        "4> LRANGE a 0 -1",
        "4> LRANGE b 0 -1",
        "4> LRANGE c 0 -1",
    ]);
    expect![[r#"
        1> BLMOVE a b LEFT RIGHT 0
        2> BRPOPLPUSH b c 0
        3> BLPOP c 0
        4> RPUSH a x
        [1] "x"
        [2] "x"
        [3] 1) "c"
        2) "x"
        [4] (integer) 1
        4> LRANGE a 0 -1
        [4] (empty array)
        4> LRANGE b 0 -1
        [4] (empty array)
        4> LRANGE c 0 -1
        [4] (empty array)
    "#]]
    .assert_eq(&got);
}

#[test]
fn blmove_waiter_with_wrong_type_destination_gets_the_error() {
    let got = transcript(&[
        "BLMOVE src dst LEFT LEFT 0",
        "2> SET dst s",
        "2> RPUSH src x",
        "2> LRANGE src 0 -1",
        "BRPOPLPUSH src2 src2 0",
        "2> RPUSH src2 a b",
        "2> LRANGE src2 0 -1",
    ]);
    expect![[r#"
        1> BLMOVE src dst LEFT LEFT 0
        2> SET dst s
        [2] OK
        2> RPUSH src x
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        [2] (integer) 1
        2> LRANGE src 0 -1
        [2] 1) "x"
        1> BRPOPLPUSH src2 src2 0
        2> RPUSH src2 a b
        [1] "b"
        [2] (integer) 2
        2> LRANGE src2 0 -1
        [2] 1) "b"
        2) "a"
    "#]]
    .assert_eq(&got);
}

#[test]
fn blocking_timeouts_in_virtual_time() {
    let mut h = Harness::default();
    let got = h.run(&[
        "BLPOP q 0.3",
        "sleep 299",
        "sleep 1",
        "2> BRPOPLPUSH q d 1.5",
        "3> BLMOVE q d LEFT LEFT 1",
        "sleep 1000",
        "sleep 499",
        "sleep 1",
        "BLPOP q 0",
        "sleep 100000",
        "2> RPUSH q late",
    ]);
    expect![[r#"
        1> BLPOP q 0.3
        sleep 299
        sleep 1
        [1] (nil)
        2> BRPOPLPUSH q d 1.5
        3> BLMOVE q d LEFT LEFT 1
        sleep 1000
        [3] (nil)
        sleep 499
        sleep 1
        [2] (nil)
        1> BLPOP q 0
        sleep 100000
        2> RPUSH q late
        [1] 1) "q"
        2) "late"
        [2] (integer) 1
    "#]]
    .assert_eq(&got);
    assert_eq!(h.server.poll_timeout(), None);
}

#[test]
fn a_waiter_that_disconnects_is_forgotten() {
    let mut h = Harness::default();
    let got = h.run(&["BLPOP q 0", "2> BLPOP q 5", "3> BLPOP q 0"]);
    assert_eq!(got, "1> BLPOP q 0\n2> BLPOP q 5\n3> BLPOP q 0\n");
    assert_eq!(h.server.state().waiters.len(), 3);
    h.disconnect(1);
    h.disconnect(2);
    assert_eq!(h.server.state().waiters.len(), 1);
    assert_eq!(h.server.poll_timeout(), None);
    let got = h.run(&["4> RPUSH q a b", "4> LRANGE q 0 -1"]);
    expect![[r#"
        4> RPUSH q a b
        [3] 1) "q"
        2) "a"
        [4] (integer) 2
        4> LRANGE q 0 -1
        [4] 1) "b"
    "#]]
    .assert_eq(&got);
    assert!(h.server.state().waiters.is_empty());
}

#[test]
fn pipelined_commands_of_a_blocked_client_run_after_it_is_served() {
    let mut h = Harness::default();
    h.feed_raw(
        1,
        b"*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n*2\r\n$4\r\nLPOP\r\n$1\r\nq\r\nPING\r\n",
    );
    assert!(h.read(1).is_empty());
    // Client 2 pipelines three commands: client 1 is served by the first, and (as in Redis,
    // which runs unblocked clients in beforeSleep) its own pipeline runs after client 2's.
    h.feed_raw(
        2,
        b"*3\r\n$5\r\nRPUSH\r\n$1\r\nq\r\n$1\r\nx\r\n*3\r\n$5\r\nRPUSH\r\n$1\r\nq\r\n$1\r\ny\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nq\r\n",
    );
    assert_eq!(h.read(1), ["1) \"q\"\n2) \"x\"", "\"y\"", "PONG"]);
    assert_eq!(h.read(2), ["(integer) 1", "(integer) 1", "(integer) 1"]);
    // After a timeout too.
    h.feed_raw(3, b"BLPOP q 0.1\r\nPING\r\n");
    assert!(h.read(3).is_empty());
    h.advance(100);
    assert_eq!(h.read(3), ["(nil)", "PONG"]);
}

#[test]
fn blocked_client_runs_in_its_database() {
    let got = transcript(&[
        "SELECT 1",
        "BLPOP q 0",
        "2> RPUSH q db0",
        "2> SELECT 1",
        "2> RPUSH q db1",
    ]);
    expect![[r#"
        1> SELECT 1
        [1] OK
        1> BLPOP q 0
        2> RPUSH q db0
        [2] (integer) 1
        2> SELECT 1
        [2] OK
        2> RPUSH q db1
        [1] 1) "q"
        2) "db1"
        [2] (integer) 1
    "#]]
    .assert_eq(&got);
}

#[test]
fn empty_lists_are_never_stored() {
    let mut h = Harness::default();
    h.run(&[
        "RPUSH a x",
        "LPOP a",
        "RPUSH b x y",
        "RPOP b 5",
        "RPUSH c x",
        "LREM c 0 x",
        "RPUSH d x",
        "LTRIM d 1 0",
        "RPUSH e x",
        "LMOVE e f LEFT LEFT",
        "RPUSH g x",
        "BLPOP g 0",
        "RPUSH h x",
        "BLMOVE h h2 LEFT LEFT 0",
    ]);
    let db = &h.server.state().dbs[0];
    let mut keys: Vec<String> = db
        .iter()
        .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
        .collect();
    keys.sort();
    assert_eq!(keys, ["f", "h2"]);
}

/// Model-based test: random sequences of List API operations agree with a plain `VecDeque`
/// and a naive reading of Redis's index rules.
mod model {
    use std::collections::VecDeque;

    use proptest::prelude::*;
    use redlet_core::keyspace::list::{End, List, Side};

    #[derive(Debug, Clone)]
    enum Op {
        Push(End, u8),
        Pop(End),
        PopMany(End, usize),
        Range(i64, i64),
        Get(i64),
        Set(i64, u8),
        Insert(Side, u8, u8),
        Remove(i64, u8),
        Trim(i64, i64),
        Positions(u8, i64, usize, usize),
    }

    fn end() -> impl Strategy<Value = End> {
        prop_oneof![Just(End::Left), Just(End::Right)]
    }

    fn index() -> impl Strategy<Value = i64> {
        prop_oneof![8 => -10i64..10, 1 => Just(i64::MIN), 1 => Just(i64::MAX)]
    }

    fn elem() -> impl Strategy<Value = u8> {
        0u8..4
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (end(), elem()).prop_map(|(e, v)| Op::Push(e, v)),
            1 => end().prop_map(Op::Pop),
            1 => (end(), 0usize..5).prop_map(|(e, n)| Op::PopMany(e, n)),
            1 => (index(), index()).prop_map(|(a, b)| Op::Range(a, b)),
            1 => index().prop_map(Op::Get),
            1 => (index(), elem()).prop_map(|(i, v)| Op::Set(i, v)),
            1 => (prop_oneof![Just(Side::Before), Just(Side::After)], elem(), elem())
                .prop_map(|(s, p, v)| Op::Insert(s, p, v)),
            1 => (index(), elem()).prop_map(|(n, v)| Op::Remove(n, v)),
            1 => (index(), index()).prop_map(|(a, b)| Op::Trim(a, b)),
            1 => (elem(), prop_oneof![-4i64..0, 1i64..5], 0usize..4, 0usize..6)
                .prop_map(|(v, r, c, m)| Op::Positions(v, r, c, m)),
        ]
    }

    /// Whether position `i` lies in Redis's inclusive range `start..=stop` of a list of `len`.
    fn in_range(i: usize, start: i64, stop: i64, len: usize) -> bool {
        let norm = |x: i64| {
            if x < 0 {
                i128::from(x) + len as i128
            } else {
                i128::from(x)
            }
        };
        norm(start) <= i as i128 && i as i128 <= norm(stop)
    }

    fn resolve(i: i64, len: usize) -> Option<usize> {
        let i = if i < 0 {
            i128::from(i) + len as i128
        } else {
            i128::from(i)
        };
        (0..len as i128).contains(&i).then_some(i as usize)
    }

    fn e(v: u8) -> Vec<u8> {
        vec![b'a' + v]
    }

    proptest! {
        #[test]
        fn list_agrees_with_vecdeque(ops in proptest::collection::vec(op(), 0..60)) {
            let mut list = List::new();
            let mut model: VecDeque<Vec<u8>> = VecDeque::new();
            for op in ops {
                match op {
                    Op::Push(end, v) => {
                        list.push(end, e(v));
                        match end {
                            End::Left => model.push_front(e(v)),
                            End::Right => model.push_back(e(v)),
                        }
                    }
                    Op::Pop(end) => {
                        let want = match end {
                            End::Left => model.pop_front(),
                            End::Right => model.pop_back(),
                        };
                        prop_assert_eq!(list.pop(end).map(Vec::from), want);
                    }
                    Op::PopMany(end, n) => {
                        let mut want = Vec::new();
                        for _ in 0..n {
                            let x = match end {
                                End::Left => model.pop_front(),
                                End::Right => model.pop_back(),
                            };
                            want.extend(x);
                        }
                        prop_assert_eq!(list.pop_many(end, n).into_iter().map(Vec::from).collect::<Vec<_>>(), want);
                    }
                    Op::Range(a, b) => {
                        let len = model.len();
                        let want: Vec<&[u8]> = model
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| in_range(*i, a, b, len))
                            .map(|(_, x)| x.as_slice())
                            .collect();
                        let got: Vec<&[u8]> = list.range(a, b).collect();
                        prop_assert_eq!(got, want);
                    }
                    Op::Get(i) => {
                        let want = resolve(i, model.len()).map(|i| model[i].as_slice());
                        prop_assert_eq!(list.get(i), want);
                    }
                    Op::Set(i, v) => {
                        let want = match resolve(i, model.len()) {
                            Some(i) => {
                                model[i] = e(v);
                                true
                            }
                            None => false,
                        };
                        prop_assert_eq!(list.set(i, e(v)), want);
                    }
                    Op::Insert(side, pivot, v) => {
                        let want = match model.iter().position(|x| *x == e(pivot)) {
                            Some(i) => {
                                let at = if side == Side::Before { i } else { i + 1 };
                                model.insert(at, e(v));
                                true
                            }
                            None => false,
                        };
                        prop_assert_eq!(list.insert(side, &e(pivot), e(v)), want);
                    }
                    Op::Remove(count, v) => {
                        let target = e(v);
                        let limit = if count == 0 { usize::MAX } else { count.unsigned_abs() as usize };
                        let mut removed = 0;
                        let mut kept = VecDeque::new();
                        if count >= 0 {
                            for x in model.drain(..) {
                                if x == target && removed < limit {
                                    removed += 1;
                                } else {
                                    kept.push_back(x);
                                }
                            }
                        } else {
                            for x in model.drain(..).rev() {
                                if x == target && removed < limit {
                                    removed += 1;
                                } else {
                                    kept.push_front(x);
                                }
                            }
                        }
                        model = kept;
                        prop_assert_eq!(list.remove(count, &target), removed);
                    }
                    Op::Trim(a, b) => {
                        let len = model.len();
                        model = model
                            .into_iter()
                            .enumerate()
                            .filter(|(i, _)| in_range(*i, a, b, len))
                            .map(|(_, x)| x)
                            .collect();
                        list.trim(a, b);
                    }
                    Op::Positions(v, rank, count, maxlen) => {
                        let target = e(v);
                        let len = model.len();
                        let window = if maxlen == 0 { len } else { maxlen.min(len) };
                        let scan: Vec<usize> = if rank > 0 {
                            (0..window).collect()
                        } else {
                            (len - window..len).rev().collect()
                        };
                        let matches = scan.into_iter().filter(|&i| model[i] == target);
                        let skipped = matches.skip(rank.unsigned_abs() as usize - 1);
                        let want: Vec<usize> = if count == 0 {
                            skipped.collect()
                        } else {
                            skipped.take(count).collect()
                        };
                        prop_assert_eq!(list.positions(&target, rank, count, maxlen), want);
                    }
                }
                prop_assert_eq!(list.len(), model.len());
                prop_assert_eq!(list.is_empty(), model.is_empty());
                let got: Vec<&[u8]> = list.iter().collect();
                let want: Vec<&[u8]> = model.iter().map(Vec::as_slice).collect();
                prop_assert_eq!(got, want);
            }
        }
    }
}
