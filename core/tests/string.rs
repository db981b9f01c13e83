//! Transcript tests of the string commands. Every expected reply was checked against
//! redis-server 7.0.15 (RESP2), except the RESP3 byte checks at the end, checked with raw
//! sockets. Time is virtual (`sleep` lines); absolute deadlines are far past or far future so
//! the same transcripts hold against a real server.

use expect_test::{expect, Expect};
use redlet_core::keyspace::{list::List, Value};
use redlet_core::testkit::{transcript, Harness};

/// Runs `lines` on a fresh server holding one non-string key, `mylist` (a list; made with
/// `RPUSH mylist a` on the oracle), for the WRONGTYPE paths.
fn check(lines: &[&str], want: Expect) {
    let mut h = Harness::default();
    h.server.state_mut().dbs[0].set(b"mylist", Value::List(Box::new(List::new())));
    want.assert_eq(&h.run(lines));
}

#[test]
fn set_and_get() {
    check(
        &[
            "SET k v",
            "GET k",
            "GET missing",
            "SET \"bin\\x00key\" \"a\\x00b\\r\\n\"",
            "GET \"bin\\x00key\"",
            "SET k v extra",
            "SET k",
            "GET k x",
        ],
        expect![[r#"
            1> SET k v
            [1] OK
            1> GET k
            [1] "v"
            1> GET missing
            [1] (nil)
            1> SET "bin\x00key" "a\x00b\r\n"
            [1] OK
            1> GET "bin\x00key"
            [1] "a\x00b\r\n"
            1> SET k v extra
            [1] (error) ERR syntax error
            1> SET k
            [1] (error) ERR wrong number of arguments for 'set' command
            1> GET k x
            [1] (error) ERR wrong number of arguments for 'get' command
        "#]],
    );
}

#[test]
fn set_options() {
    check(
        &[
            "SET k v NX",
            "SET k v2 NX",
            "GET k",
            "SET k v3 XX",
            "SET nx v XX",
            "EXISTS nx",
            "SET k v4 nx xx",
            "SET k v4 xx nx",
            "SET k v4 NX NX",
            "SET k v5 GET",
            "SET fresh v GET",
            "SET fresh v2 NX GET",
            "SET other v NX GET",
            "GET other",
            "SET k v6 XX GET",
            "SET none v XX GET",
            "EXISTS none",
            "SET k v PERSIST",
            "SET k v FOO",
            "SET k v EX",
            "GET k",
        ],
        expect![[r#"
            1> SET k v NX
            [1] OK
            1> SET k v2 NX
            [1] (nil)
            1> GET k
            [1] "v"
            1> SET k v3 XX
            [1] OK
            1> SET nx v XX
            [1] (nil)
            1> EXISTS nx
            [1] (integer) 0
            1> SET k v4 nx xx
            [1] (error) ERR syntax error
            1> SET k v4 xx nx
            [1] (error) ERR syntax error
            1> SET k v4 NX NX
            [1] (nil)
            1> SET k v5 GET
            [1] "v3"
            1> SET fresh v GET
            [1] (nil)
            1> SET fresh v2 NX GET
            [1] "v"
            1> SET other v NX GET
            [1] (nil)
            1> GET other
            [1] "v"
            1> SET k v6 XX GET
            [1] "v5"
            1> SET none v XX GET
            [1] (nil)
            1> EXISTS none
            [1] (integer) 0
            1> SET k v PERSIST
            [1] (error) ERR syntax error
            1> SET k v FOO
            [1] (error) ERR syntax error
            1> SET k v EX
            [1] (error) ERR syntax error
            1> GET k
            [1] "v6"
        "#]],
    );
}

#[test]
fn set_expire_options() {
    check(
        &[
            "SET k v EX 100",
            "TTL k",
            "SET k v PX 1500",
            "PTTL k",
            "SET k v EX 10 EX 20",
            "TTL k",
            "SET k v EXAT 4000000000",
            "EXPIRETIME k",
            "SET k v PXAT 4000000000123",
            "PEXPIRETIME k",
            "SET k v EXAT 1",
            "GET k",
            "SET k v EX 100",
            "SET k v2 KEEPTTL",
            "TTL k",
            "SET k v3",
            "TTL k",
            "SET k v EX 0",
            "SET k v EX -1",
            "SET k v PX 0",
            "SET k v EXAT 0",
            "SET k v PXAT -5",
            "SET k v EX x",
            "SET k v EX 9223372036854775",
            "SET k v PX 9223372036854775807",
            "SET k v EXAT 9223372036854776",
            "SET k v EX 10 PX 10",
            "SET k v PX 10 EXAT 10",
            "SET k v EXAT 10 PXAT 10",
            "SET k v KEEPTTL EX 10",
            "SET k v EX 10 KEEPTTL",
            "SET k v PXAT 10 KEEPTTL",
            "SET k v EX 100 GET NX",
            "TTL k",
        ],
        expect![[r#"
            1> SET k v EX 100
            [1] OK
            1> TTL k
            [1] (integer) 100
            1> SET k v PX 1500
            [1] OK
            1> PTTL k
            [1] (integer) 1500
            1> SET k v EX 10 EX 20
            [1] OK
            1> TTL k
            [1] (integer) 20
            1> SET k v EXAT 4000000000
            [1] OK
            1> EXPIRETIME k
            [1] (integer) 4000000000
            1> SET k v PXAT 4000000000123
            [1] OK
            1> PEXPIRETIME k
            [1] (integer) 4000000000123
            1> SET k v EXAT 1
            [1] OK
            1> GET k
            [1] (nil)
            1> SET k v EX 100
            [1] OK
            1> SET k v2 KEEPTTL
            [1] OK
            1> TTL k
            [1] (integer) 100
            1> SET k v3
            [1] OK
            1> TTL k
            [1] (integer) -1
            1> SET k v EX 0
            [1] (error) ERR invalid expire time in 'set' command
            1> SET k v EX -1
            [1] (error) ERR invalid expire time in 'set' command
            1> SET k v PX 0
            [1] (error) ERR invalid expire time in 'set' command
            1> SET k v EXAT 0
            [1] (error) ERR invalid expire time in 'set' command
            1> SET k v PXAT -5
            [1] (error) ERR invalid expire time in 'set' command
            1> SET k v EX x
            [1] (error) ERR value is not an integer or out of range
            1> SET k v EX 9223372036854775
            [1] (error) ERR invalid expire time in 'set' command
            1> SET k v PX 9223372036854775807
            [1] (error) ERR invalid expire time in 'set' command
            1> SET k v EXAT 9223372036854776
            [1] (error) ERR invalid expire time in 'set' command
            1> SET k v EX 10 PX 10
            [1] (error) ERR syntax error
            1> SET k v PX 10 EXAT 10
            [1] (error) ERR syntax error
            1> SET k v EXAT 10 PXAT 10
            [1] (error) ERR syntax error
            1> SET k v KEEPTTL EX 10
            [1] (error) ERR syntax error
            1> SET k v EX 10 KEEPTTL
            [1] (error) ERR syntax error
            1> SET k v PXAT 10 KEEPTTL
            [1] (error) ERR syntax error
            1> SET k v EX 100 GET NX
            [1] "v3"
            1> TTL k
            [1] (integer) -1
        "#]],
    );
}

#[test]
fn set_expiry_with_time() {
    check(
        &[
            "SET k v PX 100",
            "sleep 50",
            "GET k",
            "sleep 100",
            "GET k",
            "EXISTS k",
            "SET k v EX 1",
            "SET k v2 KEEPTTL GET",
            "sleep 1100",
            "GET k",
            "SET k v PX 100",
            "SET k v NX",
            "sleep 150",
            "SET k v NX",
        ],
        expect![[r#"
            1> SET k v PX 100
            [1] OK
            sleep 50
            1> GET k
            [1] "v"
            sleep 100
            1> GET k
            [1] (nil)
            1> EXISTS k
            [1] (integer) 0
            1> SET k v EX 1
            [1] OK
            1> SET k v2 KEEPTTL GET
            [1] "v"
            sleep 1100
            1> GET k
            [1] (nil)
            1> SET k v PX 100
            [1] OK
            1> SET k v NX
            [1] (nil)
            sleep 150
            1> SET k v NX
            [1] OK
        "#]],
    );
}

#[test]
fn setnx_setex_psetex() {
    check(
        &[
            "SETNX k v",
            "SETNX k v2",
            "GET k",
            "SETEX k 100 v3",
            "TTL k",
            "GET k",
            "PSETEX k 2500 v4",
            "PTTL k",
            "SETEX k 0 v",
            "SETEX k -1 v",
            "SETEX k x v",
            "PSETEX k 0 v",
            "PSETEX k 9223372036854775807 v",
            "SETEX k 9223372036854775 v",
            "SETEX k 10",
            "SETNX k",
            "SETNX mylist v",
        ],
        expect![[r#"
            1> SETNX k v
            [1] (integer) 1
            1> SETNX k v2
            [1] (integer) 0
            1> GET k
            [1] "v"
            1> SETEX k 100 v3
            [1] OK
            1> TTL k
            [1] (integer) 100
            1> GET k
            [1] "v3"
            1> PSETEX k 2500 v4
            [1] OK
            1> PTTL k
            [1] (integer) 2500
            1> SETEX k 0 v
            [1] (error) ERR invalid expire time in 'setex' command
            1> SETEX k -1 v
            [1] (error) ERR invalid expire time in 'setex' command
            1> SETEX k x v
            [1] (error) ERR value is not an integer or out of range
            1> PSETEX k 0 v
            [1] (error) ERR invalid expire time in 'psetex' command
            1> PSETEX k 9223372036854775807 v
            [1] (error) ERR invalid expire time in 'psetex' command
            1> SETEX k 9223372036854775 v
            [1] (error) ERR invalid expire time in 'setex' command
            1> SETEX k 10
            [1] (error) ERR wrong number of arguments for 'setex' command
            1> SETNX k
            [1] (error) ERR wrong number of arguments for 'setnx' command
            1> SETNX mylist v
            [1] (integer) 0
        "#]],
    );
}

#[test]
fn getdel_getex() {
    check(
        &[
            "SET k v",
            "GETDEL k",
            "GETDEL k",
            "EXISTS k",
            "SET k v",
            "GETEX k",
            "GETEX k EX 100",
            "TTL k",
            "GETEX k PX 5000",
            "PTTL k",
            "GETEX k EXAT 4000000000",
            "EXPIRETIME k",
            "GETEX k PXAT 4000000000500",
            "PEXPIRETIME k",
            "GETEX k PERSIST",
            "TTL k",
            "GETEX k PERSIST",
            "GETEX k EX 0",
            "GETEX k PX -1",
            "GETEX k EX x",
            "GETEX k EX 9223372036854775807",
            "GETEX missing EX 0",
            "GETEX missing FOO",
            "GETEX k EX 10 PX 10",
            "GETEX k PERSIST EX 10",
            "GETEX k EX 10 PERSIST",
            "GETEX k KEEPTTL",
            "GETEX k NX",
            "GETEX k GET",
            "GETEX k EX",
            "GETEX k EX 10 EX 20",
            "TTL k",
            "GETEX k EXAT 1",
            "EXISTS k",
            "SET k v",
            "GETEX k PXAT 1",
            "EXISTS k",
        ],
        expect![[r#"
            1> SET k v
            [1] OK
            1> GETDEL k
            [1] "v"
            1> GETDEL k
            [1] (nil)
            1> EXISTS k
            [1] (integer) 0
            1> SET k v
            [1] OK
            1> GETEX k
            [1] "v"
            1> GETEX k EX 100
            [1] "v"
            1> TTL k
            [1] (integer) 100
            1> GETEX k PX 5000
            [1] "v"
            1> PTTL k
            [1] (integer) 5000
            1> GETEX k EXAT 4000000000
            [1] "v"
            1> EXPIRETIME k
            [1] (integer) 4000000000
            1> GETEX k PXAT 4000000000500
            [1] "v"
            1> PEXPIRETIME k
            [1] (integer) 4000000000500
            1> GETEX k PERSIST
            [1] "v"
            1> TTL k
            [1] (integer) -1
            1> GETEX k PERSIST
            [1] "v"
            1> GETEX k EX 0
            [1] (error) ERR invalid expire time in 'getex' command
            1> GETEX k PX -1
            [1] (error) ERR invalid expire time in 'getex' command
            1> GETEX k EX x
            [1] (error) ERR value is not an integer or out of range
            1> GETEX k EX 9223372036854775807
            [1] (error) ERR invalid expire time in 'getex' command
            1> GETEX missing EX 0
            [1] (nil)
            1> GETEX missing FOO
            [1] (error) ERR syntax error
            1> GETEX k EX 10 PX 10
            [1] (error) ERR syntax error
            1> GETEX k PERSIST EX 10
            [1] (error) ERR syntax error
            1> GETEX k EX 10 PERSIST
            [1] (error) ERR syntax error
            1> GETEX k KEEPTTL
            [1] (error) ERR syntax error
            1> GETEX k NX
            [1] (error) ERR syntax error
            1> GETEX k GET
            [1] (error) ERR syntax error
            1> GETEX k EX
            [1] (error) ERR syntax error
            1> GETEX k EX 10 EX 20
            [1] "v"
            1> TTL k
            [1] (integer) 20
            1> GETEX k EXAT 1
            [1] "v"
            1> EXISTS k
            [1] (integer) 0
            1> SET k v
            [1] OK
            1> GETEX k PXAT 1
            [1] "v"
            1> EXISTS k
            [1] (integer) 0
        "#]],
    );
}

#[test]
fn mget_mset_msetnx() {
    check(
        &[
            "MSET a 1 b 2 c 3",
            "MGET a b c missing",
            "MSET a",
            "MSET a 1 b",
            "MSETNX a 1 b",
            "MSETNX x 1 a 2",
            "MGET x a",
            "MSETNX x 1 y 2",
            "MGET x y",
            "MSETNX z 1 z 2",
            "GET z",
            "SET t v EX 100",
            "MSET t w",
            "TTL t",
            "MGET",
        ],
        expect![[r#"
            1> MSET a 1 b 2 c 3
            [1] OK
            1> MGET a b c missing
            [1] 1) "1"
            2) "2"
            3) "3"
            4) (nil)
            1> MSET a
            [1] (error) ERR wrong number of arguments for 'mset' command
            1> MSET a 1 b
            [1] (error) ERR wrong number of arguments for 'mset' command
            1> MSETNX a 1 b
            [1] (error) ERR wrong number of arguments for 'msetnx' command
            1> MSETNX x 1 a 2
            [1] (integer) 0
            1> MGET x a
            [1] 1) (nil)
            2) "1"
            1> MSETNX x 1 y 2
            [1] (integer) 1
            1> MGET x y
            [1] 1) "1"
            2) "2"
            1> MSETNX z 1 z 2
            [1] (integer) 1
            1> GET z
            [1] "2"
            1> SET t v EX 100
            [1] OK
            1> MSET t w
            [1] OK
            1> TTL t
            [1] (integer) -1
            1> MGET
            [1] (error) ERR wrong number of arguments for 'mget' command
        "#]],
    );
}

#[test]
fn incr_decr() {
    check(
        &[
            "INCR n",
            "INCR n",
            "DECR n",
            "DECR m",
            "INCRBY n 10",
            "INCRBY n -20",
            "DECRBY n 5",
            "DECRBY n -5",
            "INCRBY n x",
            "DECRBY n 1.5",
            "DECRBY n -9223372036854775808",
            "SET big 9223372036854775807",
            "INCR big",
            "INCRBY big 0",
            "SET small -9223372036854775808",
            "DECR small",
            "INCRBY small -1",
            "SET s abc",
            "INCR s",
            "SET s \" 1\"",
            "INCR s",
            "SET s 01",
            "INCR s",
            "SET s +1",
            "INCR s",
            "SET s 12345678901234567890",
            "INCR s",
            "SET t 5 EX 100",
            "INCR t",
            "TTL t",
            "INCR mylist",
            "DECRBY mylist x",
        ],
        expect![[r#"
            1> INCR n
            [1] (integer) 1
            1> INCR n
            [1] (integer) 2
            1> DECR n
            [1] (integer) 1
            1> DECR m
            [1] (integer) -1
            1> INCRBY n 10
            [1] (integer) 11
            1> INCRBY n -20
            [1] (integer) -9
            1> DECRBY n 5
            [1] (integer) -14
            1> DECRBY n -5
            [1] (integer) -9
            1> INCRBY n x
            [1] (error) ERR value is not an integer or out of range
            1> DECRBY n 1.5
            [1] (error) ERR value is not an integer or out of range
            1> DECRBY n -9223372036854775808
            [1] (error) ERR decrement would overflow
            1> SET big 9223372036854775807
            [1] OK
            1> INCR big
            [1] (error) ERR increment or decrement would overflow
            1> INCRBY big 0
            [1] (integer) 9223372036854775807
            1> SET small -9223372036854775808
            [1] OK
            1> DECR small
            [1] (error) ERR increment or decrement would overflow
            1> INCRBY small -1
            [1] (error) ERR increment or decrement would overflow
            1> SET s abc
            [1] OK
            1> INCR s
            [1] (error) ERR value is not an integer or out of range
            1> SET s " 1"
            [1] OK
            1> INCR s
            [1] (error) ERR value is not an integer or out of range
            1> SET s 01
            [1] OK
            1> INCR s
            [1] (error) ERR value is not an integer or out of range
            1> SET s +1
            [1] OK
            1> INCR s
            [1] (error) ERR value is not an integer or out of range
            1> SET s 12345678901234567890
            [1] OK
            1> INCR s
            [1] (error) ERR value is not an integer or out of range
            1> SET t 5 EX 100
            [1] OK
            1> INCR t
            [1] (integer) 6
            1> TTL t
            [1] (integer) 100
            1> INCR mylist
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> DECRBY mylist x
            [1] (error) ERR value is not an integer or out of range
        "#]],
    );
}

#[test]
fn incrbyfloat() {
    check(
        &[
            "INCRBYFLOAT f 10.5",
            "INCRBYFLOAT f 0.1",
            "INCRBYFLOAT f -5",
            "INCRBYFLOAT f 3.0e3",
            "SET f 0.1",
            "INCRBYFLOAT f 0.2",
            "INCRBYFLOAT f -0.3",
            "INCRBYFLOAT g 5.0e3",
            "INCRBYFLOAT g 1.23456789012345678",
            "INCRBYFLOAT h 1e400",
            "INCRBYFLOAT h 1",
            "INCRBYFLOAT i 0x10",
            "INCRBYFLOAT i 1e-20",
            "INCRBYFLOAT j -0",
            "INCRBYFLOAT j .5",
            "INCRBYFLOAT j 5.",
            "INCRBYFLOAT x inf",
            "INCRBYFLOAT x -inf",
            "INCRBYFLOAT x nan",
            "INCRBYFLOAT x abc",
            "INCRBYFLOAT x 1e",
            "INCRBYFLOAT x \" 1\"",
            "INCRBYFLOAT x 1e5000",
            "INCRBYFLOAT x 1e-5000",
            "INCRBYFLOAT x \"\"",
            "EXISTS x",
            "SET s abc",
            "INCRBYFLOAT s 1",
            "SET s 1.5 EX 100",
            "INCRBYFLOAT s 1",
            "TTL s",
            "SET n 3",
            "INCRBYFLOAT n 1.5",
            "INCR n",
            "INCRBYFLOAT mylist 1",
        ],
        expect![[r#"
            1> INCRBYFLOAT f 10.5
            [1] "10.5"
            1> INCRBYFLOAT f 0.1
            [1] "10.6"
            1> INCRBYFLOAT f -5
            [1] "5.6"
            1> INCRBYFLOAT f 3.0e3
            [1] "3005.60000000000000009"
            1> SET f 0.1
            [1] OK
            1> INCRBYFLOAT f 0.2
            [1] "0.3"
            1> INCRBYFLOAT f -0.3
            [1] "0"
            1> INCRBYFLOAT g 5.0e3
            [1] "5000"
            1> INCRBYFLOAT g 1.23456789012345678
            [1] "5001.23456789012345691"
            1> INCRBYFLOAT h 1e400
            [1] "10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880"
            1> INCRBYFLOAT h 1
            [1] "10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880"
            1> INCRBYFLOAT i 0x10
            [1] "16"
            1> INCRBYFLOAT i 1e-20
            [1] "16"
            1> INCRBYFLOAT j -0
            [1] "0"
            1> INCRBYFLOAT j .5
            [1] "0.5"
            1> INCRBYFLOAT j 5.
            [1] "5.5"
            1> INCRBYFLOAT x inf
            [1] (error) ERR increment would produce NaN or Infinity
            1> INCRBYFLOAT x -inf
            [1] (error) ERR increment would produce NaN or Infinity
            1> INCRBYFLOAT x nan
            [1] (error) ERR value is not a valid float
            1> INCRBYFLOAT x abc
            [1] (error) ERR value is not a valid float
            1> INCRBYFLOAT x 1e
            [1] (error) ERR value is not a valid float
            1> INCRBYFLOAT x " 1"
            [1] (error) ERR value is not a valid float
            1> INCRBYFLOAT x 1e5000
            [1] (error) ERR value is not a valid float
            1> INCRBYFLOAT x 1e-5000
            [1] (error) ERR value is not a valid float
            1> INCRBYFLOAT x ""
            [1] (error) ERR value is not a valid float
            1> EXISTS x
            [1] (integer) 0
            1> SET s abc
            [1] OK
            1> INCRBYFLOAT s 1
            [1] (error) ERR value is not a valid float
            1> SET s 1.5 EX 100
            [1] OK
            1> INCRBYFLOAT s 1
            [1] "2.5"
            1> TTL s
            [1] (integer) 100
            1> SET n 3
            [1] OK
            1> INCRBYFLOAT n 1.5
            [1] "4.5"
            1> INCR n
            [1] (error) ERR value is not an integer or out of range
            1> INCRBYFLOAT mylist 1
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        "#]],
    );
}

#[test]
fn append_strlen() {
    check(
        &[
            "APPEND k hello",
            "APPEND k \" world\"",
            "GET k",
            "STRLEN k",
            "STRLEN missing",
            "APPEND e \"\"",
            "EXISTS e",
            "SET t v EX 100",
            "APPEND t w",
            "TTL t",
            "APPEND mylist x",
            "STRLEN mylist",
        ],
        expect![[r#"
            1> APPEND k hello
            [1] (integer) 5
            1> APPEND k " world"
            [1] (integer) 11
            1> GET k
            [1] "hello world"
            1> STRLEN k
            [1] (integer) 11
            1> STRLEN missing
            [1] (integer) 0
            1> APPEND e ""
            [1] (integer) 0
            1> EXISTS e
            [1] (integer) 1
            1> SET t v EX 100
            [1] OK
            1> APPEND t w
            [1] (integer) 2
            1> TTL t
            [1] (integer) 100
            1> APPEND mylist x
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> STRLEN mylist
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        "#]],
    );
}

#[test]
fn getrange_setrange() {
    check(
        &[
            "SET k \"This is a string\"",
            "GETRANGE k 0 3",
            "GETRANGE k -3 -1",
            "GETRANGE k 0 -1",
            "GETRANGE k 10 100",
            "GETRANGE k 5 2",
            "GETRANGE k -1 -5",
            "GETRANGE k -100 2",
            "GETRANGE k 100 200",
            "GETRANGE k 0 -100",
            "GETRANGE k -9223372036854775808 9223372036854775807",
            "GETRANGE missing 0 -1",
            "GETRANGE k x 1",
            "GETRANGE k 0 y",
            "GETRANGE missing x 1",
            "SET e \"\"",
            "GETRANGE e 0 -1",
            "SET k \"Hello World\"",
            "SETRANGE k 6 Redis",
            "GET k",
            "SETRANGE k 20 !",
            "GET k",
            "SETRANGE new 3 abc",
            "GET new",
            "SETRANGE none 5 \"\"",
            "EXISTS none",
            "SETRANGE k 0 \"\"",
            "SETRANGE k -1 x",
            "SETRANGE k x y",
            "SETRANGE k 536870912 x",
            "SETRANGE k 536870911 xy",
            "SETRANGE k 9223372036854775807 x",
            "SETRANGE k 536870911 \"\"",
            "SET t v EX 100",
            "SETRANGE t 1 w",
            "TTL t",
            "SETRANGE mylist 0 x",
            "SETRANGE mylist 0 \"\"",
            "GETRANGE mylist 0 1",
        ],
        expect![[r#"
            1> SET k "This is a string"
            [1] OK
            1> GETRANGE k 0 3
            [1] "This"
            1> GETRANGE k -3 -1
            [1] "ing"
            1> GETRANGE k 0 -1
            [1] "This is a string"
            1> GETRANGE k 10 100
            [1] "string"
            1> GETRANGE k 5 2
            [1] ""
            1> GETRANGE k -1 -5
            [1] ""
            1> GETRANGE k -100 2
            [1] "Thi"
            1> GETRANGE k 100 200
            [1] ""
            1> GETRANGE k 0 -100
            [1] "T"
            1> GETRANGE k -9223372036854775808 9223372036854775807
            [1] "This is a string"
            1> GETRANGE missing 0 -1
            [1] ""
            1> GETRANGE k x 1
            [1] (error) ERR value is not an integer or out of range
            1> GETRANGE k 0 y
            [1] (error) ERR value is not an integer or out of range
            1> GETRANGE missing x 1
            [1] (error) ERR value is not an integer or out of range
            1> SET e ""
            [1] OK
            1> GETRANGE e 0 -1
            [1] ""
            1> SET k "Hello World"
            [1] OK
            1> SETRANGE k 6 Redis
            [1] (integer) 11
            1> GET k
            [1] "Hello Redis"
            1> SETRANGE k 20 !
            [1] (integer) 21
            1> GET k
            [1] "Hello Redis\x00\x00\x00\x00\x00\x00\x00\x00\x00!"
            1> SETRANGE new 3 abc
            [1] (integer) 6
            1> GET new
            [1] "\x00\x00\x00abc"
            1> SETRANGE none 5 ""
            [1] (integer) 0
            1> EXISTS none
            [1] (integer) 0
            1> SETRANGE k 0 ""
            [1] (integer) 21
            1> SETRANGE k -1 x
            [1] (error) ERR offset is out of range
            1> SETRANGE k x y
            [1] (error) ERR value is not an integer or out of range
            1> SETRANGE k 536870912 x
            [1] (error) ERR string exceeds maximum allowed size (proto-max-bulk-len)
            1> SETRANGE k 536870911 xy
            [1] (error) ERR string exceeds maximum allowed size (proto-max-bulk-len)
            1> SETRANGE k 9223372036854775807 x
            [1] (error) ERR string exceeds maximum allowed size (proto-max-bulk-len)
            1> SETRANGE k 536870911 ""
            [1] (integer) 21
            1> SET t v EX 100
            [1] OK
            1> SETRANGE t 1 w
            [1] (integer) 2
            1> TTL t
            [1] (integer) 100
            1> SETRANGE mylist 0 x
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> SETRANGE mylist 0 ""
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> GETRANGE mylist 0 1
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        "#]],
    );
}

#[test]
fn wrong_type_and_arity() {
    check(
        &[
            "GET mylist",
            "GETDEL mylist",
            "GETEX mylist",
            "SET mylist v GET",
            "TYPE mylist",
            "MGET mylist",
            "SET mylist v",
            "GET mylist",
            "GETDEL",
            "GETEX",
            "INCR",
            "INCRBY k",
            "MSETNX",
        ],
        expect![[r#"
            1> GET mylist
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> GETDEL mylist
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> GETEX mylist
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> SET mylist v GET
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> TYPE mylist
            [1] list
            1> MGET mylist
            [1] 1) (nil)
            1> SET mylist v
            [1] OK
            1> GET mylist
            [1] "v"
            1> GETDEL
            [1] (error) ERR wrong number of arguments for 'getdel' command
            1> GETEX
            [1] (error) ERR wrong number of arguments for 'getex' command
            1> INCR
            [1] (error) ERR wrong number of arguments for 'incr' command
            1> INCRBY k
            [1] (error) ERR wrong number of arguments for 'incrby' command
            1> MSETNX
            [1] (error) ERR wrong number of arguments for 'msetnx' command
        "#]],
    );
}

#[test]
fn resp3_replies() {
    let mut h = Harness::default();
    h.send(1, "HELLO 3");
    h.take_raw(1);
    h.send(1, "GET missing");
    h.send(1, "INCRBYFLOAT f 1.5");
    h.send(1, "SET k v NX GET");
    h.send(1, "SET k v NX");
    h.send(1, "MGET f nope");
    h.send(1, "SETNX k v");
    assert_eq!(
        String::from_utf8_lossy(&h.take_raw(1)),
        "_\r\n$3\r\n1.5\r\n_\r\n_\r\n*2\r\n$3\r\n1.5\r\n_\r\n:0\r\n"
    );
}

#[test]
fn setrange_checks_the_limit_before_allocating() {
    // A config with a small proto-max-bulk-len shows the check reads the configured limit.
    let config = redlet_core::Config {
        proto_max_bulk_len: 10,
        ..Default::default()
    };
    let mut h = Harness::new(config);
    assert_eq!(
        h.cmd(1, "SETRANGE k 8 abc"),
        "(error) ERR string exceeds maximum allowed size (proto-max-bulk-len)"
    );
    assert_eq!(h.cmd(1, "SETRANGE k 7 abc"), "(integer) 10");
    assert_eq!(
        h.cmd(1, "APPEND k x"),
        "(error) ERR string exceeds maximum allowed size (proto-max-bulk-len)"
    );
    assert_eq!(
        h.cmd(1, "GET k"),
        "\"\\x00\\x00\\x00\\x00\\x00\\x00\\x00abc\""
    );
}

#[test]
fn getset_substr_and_lcs() {
    let got = transcript(&[
        "MSET a ohmytext b mynewtext n 5",
        "LPUSH l 1",
        "GETSET n 1",
        "GETSET newk 1",
        "GETSET l x",
        "GETSET a",
        "SUBSTR b 0 3",
        "SUBSTR b -3 -1",
        "SUBSTR l 0 1",
        "LCS a b",
        "LCS a b LEN",
        "LCS a b IDX",
        "LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN",
        "LCS a b IDX WITHMATCHLEN",
        "LCS a b idx minmatchlen -3",
        "LCS a zz",
        "LCS zz zz IDX",
        "LCS zz zz LEN",
        "LCS a l",
        "LCS l a foo",
        "LCS a b LEN IDX",
        "LCS a b foo",
        "LCS a b MINMATCHLEN",
        "LCS a b MINMATCHLEN x",
        "LCS a",
        "HELLO 3",
        "LCS a b IDX WITHMATCHLEN",
    ]);
    expect![[r#"
        1> MSET a ohmytext b mynewtext n 5
        [1] OK
        1> LPUSH l 1
        [1] (integer) 1
        1> GETSET n 1
        [1] "5"
        1> GETSET newk 1
        [1] (nil)
        1> GETSET l x
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> GETSET a
        [1] (error) ERR wrong number of arguments for 'getset' command
        1> SUBSTR b 0 3
        [1] "myne"
        1> SUBSTR b -3 -1
        [1] "ext"
        1> SUBSTR l 0 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LCS a b
        [1] "mytext"
        1> LCS a b LEN
        [1] (integer) 6
        1> LCS a b IDX
        [1] 1) "matches"
        2) 1) 1) 1) (integer) 4
                 2) (integer) 7
              2) 1) (integer) 5
                 2) (integer) 8
           2) 1) 1) (integer) 2
                 2) (integer) 3
              2) 1) (integer) 0
                 2) (integer) 1
        3) "len"
        4) (integer) 6
        1> LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN
        [1] 1) "matches"
        2) 1) 1) 1) (integer) 4
                 2) (integer) 7
              2) 1) (integer) 5
                 2) (integer) 8
              3) (integer) 4
        3) "len"
        4) (integer) 6
        1> LCS a b IDX WITHMATCHLEN
        [1] 1) "matches"
        2) 1) 1) 1) (integer) 4
                 2) (integer) 7
              2) 1) (integer) 5
                 2) (integer) 8
              3) (integer) 4
           2) 1) 1) (integer) 2
                 2) (integer) 3
              2) 1) (integer) 0
                 2) (integer) 1
              3) (integer) 2
        3) "len"
        4) (integer) 6
        1> LCS a b idx minmatchlen -3
        [1] 1) "matches"
        2) 1) 1) 1) (integer) 4
                 2) (integer) 7
              2) 1) (integer) 5
                 2) (integer) 8
           2) 1) 1) (integer) 2
                 2) (integer) 3
              2) 1) (integer) 0
                 2) (integer) 1
        3) "len"
        4) (integer) 6
        1> LCS a zz
        [1] ""
        1> LCS zz zz IDX
        [1] 1) "matches"
        2) (empty array)
        3) "len"
        4) (integer) 0
        1> LCS zz zz LEN
        [1] (integer) 0
        1> LCS a l
        [1] (error) ERR The specified keys must contain string values
        1> LCS l a foo
        [1] (error) ERR The specified keys must contain string values
        1> LCS a b LEN IDX
        [1] (error) ERR If you want both the length and indexes, please just use IDX.
        1> LCS a b foo
        [1] (error) ERR syntax error
        1> LCS a b MINMATCHLEN
        [1] (error) ERR syntax error
        1> LCS a b MINMATCHLEN x
        [1] (error) ERR value is not an integer or out of range
        1> LCS a
        [1] (error) ERR wrong number of arguments for 'lcs' command
        1> HELLO 3
        [1] 1# "server" => "redis"
        2# "version" => "7.0.15"
        3# "proto" => (integer) 3
        4# "id" => (integer) 1
        5# "mode" => "standalone"
        6# "role" => "master"
        7# "modules" => (empty array)
        1> LCS a b IDX WITHMATCHLEN
        [1] 1# "matches" => 1) 1) 1) (integer) 4
                     2) (integer) 7
                  2) 1) (integer) 5
                     2) (integer) 8
                  3) (integer) 4
               2) 1) 1) (integer) 2
                     2) (integer) 3
                  2) 1) (integer) 0
                     2) (integer) 1
                  3) (integer) 2
        2# "len" => (integer) 6
    "#]]
    .assert_eq(&got);
}
