//! Transcript tests of LMPOP, BLMPOP, COPY, MOVE, SWAPDB, OBJECT and XSETID. Every
//! `transcript(...)` session here was replayed against redis-server 7.0.15 (two and more
//! clients, `sleep` as real time) and gives the same replies there; the sessions on a
//! `Harness` depend on exact virtual time (OBJECT IDLETIME) or check raw RESP3 bytes.

use expect_test::expect;
use redlet_core::testkit::{transcript, Harness};

/// LMPOP: argument checks in Redis's order (numkeys, LEFT|RIGHT position, COUNT), the first non-empty list served, WRONGTYPE for a key met before it.
#[test]
fn lmpop_parsing_and_pops() {
    let got = transcript(&[
        "LMPOP",
        "LMPOP 1",
        "LMPOP 0 a LEFT",
        "LMPOP -1 a LEFT",
        "LMPOP x a LEFT",
        "LMPOP 1 a",
        "LMPOP 1 a MIDDLE",
        "LMPOP 2 a LEFT",
        "LMPOP 99999999999 a LEFT",
        "LMPOP 9223372036854775807 a LEFT",
        "LMPOP 1 a LEFT COUNT",
        "LMPOP 1 a LEFT COUNT 0",
        "LMPOP 1 a LEFT COUNT -1",
        "LMPOP 1 a LEFT COUNT x",
        "LMPOP 1 a LEFT COUNT 1 COUNT 2",
        "LMPOP 1 a LEFT foo",
        "LMPOP 1 a LEFT COUNT 1 foo",
        "LMPOP 1 a LEFT",
        "RPUSH b 1 2 3",
        "SET s x",
        "LMPOP 2 a b RIGHT",
        "LMPOP 2 a b left count 5",
        "EXISTS b",
        "RPUSH b 1",
        "LMPOP 2 s b LEFT",
        "LMPOP 2 a s LEFT",
        "LMPOP 3 a b s LEFT",
        "LMPOP 1 b right COUNT 9223372036854775807",
        "RPUSH c 1 2 3 4 5",
        "LMPOP 1 c RIGHT COUNT 2",
        "LMPOP 1 c LEFT COUNT 2",
        "LRANGE c 0 -1",
    ]);
    expect![[r#"
        1> LMPOP
        [1] (error) ERR wrong number of arguments for 'lmpop' command
        1> LMPOP 1
        [1] (error) ERR wrong number of arguments for 'lmpop' command
        1> LMPOP 0 a LEFT
        [1] (error) ERR numkeys should be greater than 0
        1> LMPOP -1 a LEFT
        [1] (error) ERR numkeys should be greater than 0
        1> LMPOP x a LEFT
        [1] (error) ERR numkeys should be greater than 0
        1> LMPOP 1 a
        [1] (error) ERR wrong number of arguments for 'lmpop' command
        1> LMPOP 1 a MIDDLE
        [1] (error) ERR syntax error
        1> LMPOP 2 a LEFT
        [1] (error) ERR syntax error
        1> LMPOP 99999999999 a LEFT
        [1] (error) ERR syntax error
        1> LMPOP 9223372036854775807 a LEFT
        [1] (error) ERR syntax error
        1> LMPOP 1 a LEFT COUNT
        [1] (error) ERR syntax error
        1> LMPOP 1 a LEFT COUNT 0
        [1] (error) ERR count should be greater than 0
        1> LMPOP 1 a LEFT COUNT -1
        [1] (error) ERR count should be greater than 0
        1> LMPOP 1 a LEFT COUNT x
        [1] (error) ERR count should be greater than 0
        1> LMPOP 1 a LEFT COUNT 1 COUNT 2
        [1] (error) ERR syntax error
        1> LMPOP 1 a LEFT foo
        [1] (error) ERR syntax error
        1> LMPOP 1 a LEFT COUNT 1 foo
        [1] (error) ERR syntax error
        1> LMPOP 1 a LEFT
        [1] (nil)
        1> RPUSH b 1 2 3
        [1] (integer) 3
        1> SET s x
        [1] OK
        1> LMPOP 2 a b RIGHT
        [1] 1) "b"
        2) 1) "3"
        1> LMPOP 2 a b left count 5
        [1] 1) "b"
        2) 1) "1"
           2) "2"
        1> EXISTS b
        [1] (integer) 0
        1> RPUSH b 1
        [1] (integer) 1
        1> LMPOP 2 s b LEFT
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LMPOP 2 a s LEFT
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> LMPOP 3 a b s LEFT
        [1] 1) "b"
        2) 1) "1"
        1> LMPOP 1 b right COUNT 9223372036854775807
        [1] (nil)
        1> RPUSH c 1 2 3 4 5
        [1] (integer) 5
        1> LMPOP 1 c RIGHT COUNT 2
        [1] 1) "c"
        2) 1) "5"
           2) "4"
        1> LMPOP 1 c LEFT COUNT 2
        [1] 1) "c"
        2) 1) "1"
           2) "2"
        1> LRANGE c 0 -1
        [1] 1) "3"
    "#]]
    .assert_eq(&got);
}

/// BLMPOP: errors, immediate pops, timeout, two waiters served in order from one push (COUNT honoured), a waiter left parked by another type, MULTI answering nil.
#[test]
fn blmpop_blocks_and_is_served() {
    let got = transcript(&[
        "BLMPOP",
        "BLMPOP 0 1 a",
        "BLMPOP x 1 a LEFT",
        "BLMPOP -1 1 a LEFT",
        "BLMPOP x 0 a LEFT",
        "BLMPOP x 1 a foo",
        "BLMPOP x 1 a LEFT COUNT 0",
        "BLMPOP 0 0 a LEFT",
        "BLMPOP 0 2 a LEFT",
        "RPUSH c 1 2",
        "BLMPOP 0 1 c LEFT COUNT 3",
        "SET s x",
        "BLMPOP 0 2 s c LEFT",
        "BLMPOP 0.2 2 a b LEFT",
        "sleep 200",
        "2> BLMPOP 0 2 a b RIGHT COUNT 2",
        "3> BLMPOP 0 1 b LEFT",
        "RPUSH b x y z",
        "LRANGE b 0 -1",
        "3> BLMPOP 0 1 b LEFT",
        "SET b str",
        "DEL b",
        "RPUSH b 1",
        "MULTI",
        "BLMPOP 0 1 nolist LEFT",
        "LMPOP 1 nolist LEFT",
        "EXEC",
        "2> BLMPOP 0 2 e1 e2 LEFT COUNT 10",
        "RPUSH e2 a b c",
        "RPUSH e1 z",
    ]);
    expect![[r#"
        1> BLMPOP
        [1] (error) ERR wrong number of arguments for 'blmpop' command
        1> BLMPOP 0 1 a
        [1] (error) ERR wrong number of arguments for 'blmpop' command
        1> BLMPOP x 1 a LEFT
        [1] (error) ERR timeout is not a float or out of range
        1> BLMPOP -1 1 a LEFT
        [1] (error) ERR timeout is negative
        1> BLMPOP x 0 a LEFT
        [1] (error) ERR numkeys should be greater than 0
        1> BLMPOP x 1 a foo
        [1] (error) ERR syntax error
        1> BLMPOP x 1 a LEFT COUNT 0
        [1] (error) ERR count should be greater than 0
        1> BLMPOP 0 0 a LEFT
        [1] (error) ERR numkeys should be greater than 0
        1> BLMPOP 0 2 a LEFT
        [1] (error) ERR syntax error
        1> RPUSH c 1 2
        [1] (integer) 2
        1> BLMPOP 0 1 c LEFT COUNT 3
        [1] 1) "c"
        2) 1) "1"
           2) "2"
        1> SET s x
        [1] OK
        1> BLMPOP 0 2 s c LEFT
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> BLMPOP 0.2 2 a b LEFT
        sleep 200
        [1] (nil)
        2> BLMPOP 0 2 a b RIGHT COUNT 2
        3> BLMPOP 0 1 b LEFT
        1> RPUSH b x y z
        [1] (integer) 3
        [2] 1) "b"
        2) 1) "z"
           2) "y"
        [3] 1) "b"
        2) 1) "x"
        1> LRANGE b 0 -1
        [1] (empty array)
        3> BLMPOP 0 1 b LEFT
        1> SET b str
        [1] OK
        1> DEL b
        [1] (integer) 1
        1> RPUSH b 1
        [1] (integer) 1
        [3] 1) "b"
        2) 1) "1"
        1> MULTI
        [1] OK
        1> BLMPOP 0 1 nolist LEFT
        [1] QUEUED
        1> LMPOP 1 nolist LEFT
        [1] QUEUED
        1> EXEC
        [1] 1) (nil)
        2) (nil)
        2> BLMPOP 0 2 e1 e2 LEFT COUNT 10
        1> RPUSH e2 a b c
        [1] (integer) 3
        [2] 1) "e2"
        2) 1) "a"
           2) "b"
           3) "c"
        1> RPUSH e1 z
        [1] (integer) 1
    "#]]
    .assert_eq(&got);
}

/// COPY and MOVE: options and errors, TTLs carried (absolute deadlines), deep copies of lists and streams, REPLACE of another type, MOVE refusing an existing destination.
#[test]
fn copy_and_move_across_databases() {
    let got = transcript(&[
        "COPY",
        "COPY a",
        "COPY a b",
        "SET a 1",
        "COPY a a",
        "COPY a b",
        "COPY a b",
        "COPY a b REPLACE",
        "COPY a b DB 1",
        "COPY a b DB 1",
        "COPY a b DB 16",
        "COPY a b DB -1",
        "COPY a b DB x",
        "COPY a b DB 4294967296",
        "COPY a b DB",
        "COPY a b foo",
        "COPY a b REPLACE REPLACE",
        "COPY a a DB 0",
        "COPY a a DB 1",
        "COPY nosuch b",
        "COPY nosuch nosuch",
        "COPY a b DB 16 foo",
        "COPY a b foo DB 16",
        "PEXPIREAT a 4000000000000",
        "COPY a t",
        "PEXPIRETIME t",
        "COPY a b DB 2 REPLACE",
        "SELECT 2",
        "PEXPIRETIME b",
        "GET b",
        "SELECT 0",
        "RPUSH l x y",
        "XADD st 1-1 f v",
        "COPY l l2",
        "COPY st st2",
        "LRANGE l2 0 -1",
        "XRANGE st2 - +",
        "RPUSH l2 z",
        "LLEN l",
        "SET k v",
        "COPY k l REPLACE",
        "TYPE l",
        "GET l",
        "COPY l k",
        "MOVE",
        "MOVE a",
        "MOVE a 0",
        "MOVE a x",
        "MOVE a 16",
        "MOVE a -1",
        "MOVE a 4294967296",
        "MOVE nosuch 1",
        "SET m v",
        "MOVE m 1",
        "MOVE m 1",
        "SELECT 1",
        "GET m",
        "SET m other",
        "MOVE m 0",
        "SELECT 0",
        "SET mm v",
        "PEXPIREAT mm 4000000000123",
        "MOVE mm 3",
        "EXISTS mm",
        "SELECT 3",
        "PEXPIRETIME mm",
        "GET mm",
    ]);
    expect![[r#"
        1> COPY
        [1] (error) ERR wrong number of arguments for 'copy' command
        1> COPY a
        [1] (error) ERR wrong number of arguments for 'copy' command
        1> COPY a b
        [1] (integer) 0
        1> SET a 1
        [1] OK
        1> COPY a a
        [1] (error) ERR source and destination objects are the same
        1> COPY a b
        [1] (integer) 1
        1> COPY a b
        [1] (integer) 0
        1> COPY a b REPLACE
        [1] (integer) 1
        1> COPY a b DB 1
        [1] (integer) 1
        1> COPY a b DB 1
        [1] (integer) 0
        1> COPY a b DB 16
        [1] (error) ERR DB index is out of range
        1> COPY a b DB -1
        [1] (error) ERR DB index is out of range
        1> COPY a b DB x
        [1] (error) ERR value is not an integer or out of range
        1> COPY a b DB 4294967296
        [1] (error) ERR value is out of range, value must between -2147483648 and 2147483647
        1> COPY a b DB
        [1] (error) ERR syntax error
        1> COPY a b foo
        [1] (error) ERR syntax error
        1> COPY a b REPLACE REPLACE
        [1] (integer) 1
        1> COPY a a DB 0
        [1] (error) ERR source and destination objects are the same
        1> COPY a a DB 1
        [1] (integer) 1
        1> COPY nosuch b
        [1] (integer) 0
        1> COPY nosuch nosuch
        [1] (error) ERR source and destination objects are the same
        1> COPY a b DB 16 foo
        [1] (error) ERR DB index is out of range
        1> COPY a b foo DB 16
        [1] (error) ERR syntax error
        1> PEXPIREAT a 4000000000000
        [1] (integer) 1
        1> COPY a t
        [1] (integer) 1
        1> PEXPIRETIME t
        [1] (integer) 4000000000000
        1> COPY a b DB 2 REPLACE
        [1] (integer) 1
        1> SELECT 2
        [1] OK
        1> PEXPIRETIME b
        [1] (integer) 4000000000000
        1> GET b
        [1] "1"
        1> SELECT 0
        [1] OK
        1> RPUSH l x y
        [1] (integer) 2
        1> XADD st 1-1 f v
        [1] "1-1"
        1> COPY l l2
        [1] (integer) 1
        1> COPY st st2
        [1] (integer) 1
        1> LRANGE l2 0 -1
        [1] 1) "x"
        2) "y"
        1> XRANGE st2 - +
        [1] 1) 1) "1-1"
           2) 1) "f"
              2) "v"
        1> RPUSH l2 z
        [1] (integer) 3
        1> LLEN l
        [1] (integer) 2
        1> SET k v
        [1] OK
        1> COPY k l REPLACE
        [1] (integer) 1
        1> TYPE l
        [1] string
        1> GET l
        [1] "v"
        1> COPY l k
        [1] (integer) 0
        1> MOVE
        [1] (error) ERR wrong number of arguments for 'move' command
        1> MOVE a
        [1] (error) ERR wrong number of arguments for 'move' command
        1> MOVE a 0
        [1] (error) ERR source and destination objects are the same
        1> MOVE a x
        [1] (error) ERR value is not an integer or out of range
        1> MOVE a 16
        [1] (error) ERR DB index is out of range
        1> MOVE a -1
        [1] (error) ERR DB index is out of range
        1> MOVE a 4294967296
        [1] (error) ERR value is out of range, value must between -2147483648 and 2147483647
        1> MOVE nosuch 1
        [1] (integer) 0
        1> SET m v
        [1] OK
        1> MOVE m 1
        [1] (integer) 1
        1> MOVE m 1
        [1] (integer) 0
        1> SELECT 1
        [1] OK
        1> GET m
        [1] "v"
        1> SET m other
        [1] OK
        1> MOVE m 0
        [1] (integer) 1
        1> SELECT 0
        [1] OK
        1> SET mm v
        [1] OK
        1> PEXPIREAT mm 4000000000123
        [1] (integer) 1
        1> MOVE mm 3
        [1] (integer) 1
        1> EXISTS mm
        [1] (integer) 0
        1> SELECT 3
        [1] OK
        1> PEXPIRETIME mm
        [1] (integer) 4000000000123
        1> GET mm
        [1] "v"
    "#]]
    .assert_eq(&got);
}

/// SWAPDB: errors; blocked clients stay on their database index and are served by what the swap brings in; WATCH broken by a swap that changes the key, not by one that does not; XREADGROUP fails when its stream goes away while XREAD in the other database is served by it.
#[test]
fn swapdb_serves_waiters_and_breaks_watch() {
    let got = transcript(&[
        "SWAPDB",
        "SWAPDB 0",
        "SWAPDB 0 1 2",
        "SWAPDB x 1",
        "SWAPDB 1 x",
        "SWAPDB 4294967296 1",
        "SWAPDB 1 -4294967296",
        "SWAPDB -1 0",
        "SWAPDB 0 16",
        "SWAPDB 0 0",
        "SET a in0",
        "SELECT 1",
        "SET b in1",
        "SWAPDB 0 1",
        "GET a",
        "GET b",
        "SELECT 0",
        "GET a",
        "GET b",
        "2> SELECT 1",
        "2> BLPOP q 0",
        "RPUSH q x",
        "SWAPDB 0 1",
        "LLEN q",
        "2> BLPOP q 0",
        "SELECT 5",
        "SET q str",
        "SWAPDB 1 5",
        "SELECT 5",
        "RPUSH l2 v",
        "SELECT 1",
        "DEL q",
        "SELECT 5",
        "RENAME l2 q",
        "SWAPDB 5 1",
        "SELECT 0",
        "FLUSHALL",
        "3> WATCH w",
        "3> MULTI",
        "3> PING",
        "SELECT 1",
        "SET w v",
        "SWAPDB 0 1",
        "3> EXEC",
        "4> SELECT 2",
        "4> WATCH w2",
        "4> MULTI",
        "4> PING",
        "SWAPDB 2 3",
        "4> EXEC",
        "SELECT 0",
        "XADD s 1-1 f v",
        "XGROUP CREATE s g $",
        "5> XREADGROUP GROUP g c BLOCK 0 STREAMS s >",
        "6> SELECT 1",
        "6> XREAD BLOCK 0 STREAMS s $",
        "SWAPDB 0 1",
        "6> XADD s 2-1 f v",
        "SELECT 0",
    ]);
    expect![[r#"
        1> SWAPDB
        [1] (error) ERR wrong number of arguments for 'swapdb' command
        1> SWAPDB 0
        [1] (error) ERR wrong number of arguments for 'swapdb' command
        1> SWAPDB 0 1 2
        [1] (error) ERR wrong number of arguments for 'swapdb' command
        1> SWAPDB x 1
        [1] (error) ERR invalid first DB index
        1> SWAPDB 1 x
        [1] (error) ERR invalid second DB index
        1> SWAPDB 4294967296 1
        [1] (error) ERR invalid first DB index
        1> SWAPDB 1 -4294967296
        [1] (error) ERR invalid second DB index
        1> SWAPDB -1 0
        [1] (error) ERR DB index is out of range
        1> SWAPDB 0 16
        [1] (error) ERR DB index is out of range
        1> SWAPDB 0 0
        [1] OK
        1> SET a in0
        [1] OK
        1> SELECT 1
        [1] OK
        1> SET b in1
        [1] OK
        1> SWAPDB 0 1
        [1] OK
        1> GET a
        [1] "in0"
        1> GET b
        [1] (nil)
        1> SELECT 0
        [1] OK
        1> GET a
        [1] (nil)
        1> GET b
        [1] "in1"
        2> SELECT 1
        [2] OK
        2> BLPOP q 0
        1> RPUSH q x
        [1] (integer) 1
        1> SWAPDB 0 1
        [1] OK
        [2] 1) "q"
        2) "x"
        1> LLEN q
        [1] (integer) 0
        2> BLPOP q 0
        1> SELECT 5
        [1] OK
        1> SET q str
        [1] OK
        1> SWAPDB 1 5
        [1] OK
        1> SELECT 5
        [1] OK
        1> RPUSH l2 v
        [1] (integer) 1
        1> SELECT 1
        [1] OK
        1> DEL q
        [1] (integer) 1
        1> SELECT 5
        [1] OK
        1> RENAME l2 q
        [1] OK
        1> SWAPDB 5 1
        [1] OK
        [2] 1) "q"
        2) "v"
        1> SELECT 0
        [1] OK
        1> FLUSHALL
        [1] OK
        3> WATCH w
        [3] OK
        3> MULTI
        [3] OK
        3> PING
        [3] QUEUED
        1> SELECT 1
        [1] OK
        1> SET w v
        [1] OK
        1> SWAPDB 0 1
        [1] OK
        3> EXEC
        [3] (nil)
        4> SELECT 2
        [4] OK
        4> WATCH w2
        [4] OK
        4> MULTI
        [4] OK
        4> PING
        [4] QUEUED
        1> SWAPDB 2 3
        [1] OK
        4> EXEC
        [4] 1) PONG
        1> SELECT 0
        [1] OK
        1> XADD s 1-1 f v
        [1] "1-1"
        1> XGROUP CREATE s g $
        [1] OK
        5> XREADGROUP GROUP g c BLOCK 0 STREAMS s >
        6> SELECT 1
        [6] OK
        6> XREAD BLOCK 0 STREAMS s $
        1> SWAPDB 0 1
        [1] OK
        [5] (error) UNBLOCKED the stream key no longer exists
        [6] 1) 1) "s"
           2) 1) 1) "1-1"
                 2) 1) "f"
                    2) "v"
        6> XADD s 2-1 f v
        [6] "2-1"
        1> SELECT 0
        [1] OK
    "#]]
    .assert_eq(&got);
}

/// OBJECT ENCODING / REFCOUNT as Redis 7.0 reports them: int / embstr / raw by how the string was made, shared integers, quicklist, stream.
#[test]
fn object_encoding_and_refcount() {
    let got = transcript(&[
        "OBJECT",
        "OBJECT foo",
        "OBJECT HELP",
        "OBJECT help extra",
        "OBJECT ENCODING",
        "OBJECT ENCODING a b",
        "OBJECT ENCODING nosuch",
        "OBJECT REFCOUNT nosuch",
        "OBJECT IDLETIME nosuch",
        "OBJECT FREQ nosuch",
        "SET a 123",
        "OBJECT ENCODING a",
        "OBJECT REFCOUNT a",
        "OBJECT FREQ a",
        "SET b 12345",
        "OBJECT ENCODING b",
        "OBJECT REFCOUNT b",
        "SET c 0123",
        "OBJECT ENCODING c",
        "SET d -0",
        "OBJECT ENCODING d",
        "SET d2 -123",
        "OBJECT ENCODING d2",
        "OBJECT REFCOUNT d2",
        "SET e +1",
        "OBJECT ENCODING e",
        "SET f \"\"",
        "OBJECT ENCODING f",
        "SET g 12345678901234567890123456789012345678901234",
        "OBJECT ENCODING g",
        "SET h 123456789012345678901234567890123456789012345",
        "OBJECT ENCODING h",
        "SET i 9223372036854775807",
        "OBJECT ENCODING i",
        "SET j 9223372036854775808",
        "OBJECT ENCODING j",
        "SET j2 -9223372036854775808",
        "OBJECT ENCODING j2",
        "APPEND a 4",
        "OBJECT ENCODING a",
        "OBJECT REFCOUNT a",
        "APPEND new 5",
        "OBJECT ENCODING new",
        "OBJECT REFCOUNT new",
        "APPEND new2 abc",
        "OBJECT ENCODING new2",
        "SETRANGE sr 0 5",
        "OBJECT ENCODING sr",
        "SET sr2 abc",
        "SETRANGE sr2 0 \"\"",
        "OBJECT ENCODING sr2",
        "SETRANGE sr2 1 x",
        "OBJECT ENCODING sr2",
        "INCRBYFLOAT fl 3",
        "OBJECT ENCODING fl",
        "OBJECT REFCOUNT fl",
        "INCR fl",
        "OBJECT ENCODING fl",
        "OBJECT REFCOUNT fl",
        "INCRBYFLOAT big 1e60",
        "OBJECT ENCODING big",
        "INCRBY n2 20000",
        "OBJECT REFCOUNT n2",
        "INCR n2",
        "OBJECT ENCODING n2",
        "DECR n3",
        "OBJECT REFCOUNT n3",
        "SET k 10 KEEPTTL",
        "OBJECT REFCOUNT k",
        "SET k abc GET",
        "OBJECT ENCODING k",
        "MSET m1 1 m2 abc",
        "OBJECT ENCODING m1",
        "OBJECT REFCOUNT m1",
        "OBJECT ENCODING m2",
        "COPY a a2",
        "OBJECT ENCODING a2",
        "COPY new new3",
        "OBJECT ENCODING new3",
        "OBJECT REFCOUNT new3",
        "COPY b b2",
        "OBJECT REFCOUNT b2",
        "COPY fl fl2",
        "OBJECT REFCOUNT fl2",
        "RENAME a a3",
        "OBJECT ENCODING a3",
        "MOVE new 1",
        "SELECT 1",
        "OBJECT REFCOUNT new",
        "SELECT 0",
        "RPUSH l a",
        "OBJECT ENCODING l",
        "OBJECT REFCOUNT l",
        "XADD s 1-1 a b",
        "OBJECT ENCODING s",
        "OBJECT REFCOUNT s",
        "GETDEL s",
        "OBJECT ENCODING s",
    ]);
    expect![[r#"
        1> OBJECT
        [1] (error) ERR wrong number of arguments for 'object' command
        1> OBJECT foo
        [1] (error) ERR unknown subcommand 'foo'. Try OBJECT HELP.
        1> OBJECT HELP
        [1]  1) OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:
         2) ENCODING <key>
         3)     Return the kind of internal representation used in order to store the value
         4)     associated with a <key>.
         5) FREQ <key>
         6)     Return the access frequency index of the <key>. The returned integer is
         7)     proportional to the logarithm of the recent access frequency of the key.
         8) IDLETIME <key>
         9)     Return the idle time of the <key>, that is the approximated number of
        10)     seconds elapsed since the last access to the key.
        11) REFCOUNT <key>
        12)     Return the number of references of the value associated with the specified
        13)     <key>.
        14) HELP
        15)     Prints this help.
        1> OBJECT help extra
        [1] (error) ERR wrong number of arguments for 'object|help' command
        1> OBJECT ENCODING
        [1] (error) ERR wrong number of arguments for 'object|encoding' command
        1> OBJECT ENCODING a b
        [1] (error) ERR wrong number of arguments for 'object|encoding' command
        1> OBJECT ENCODING nosuch
        [1] (nil)
        1> OBJECT REFCOUNT nosuch
        [1] (nil)
        1> OBJECT IDLETIME nosuch
        [1] (nil)
        1> OBJECT FREQ nosuch
        [1] (nil)
        1> SET a 123
        [1] OK
        1> OBJECT ENCODING a
        [1] "int"
        1> OBJECT REFCOUNT a
        [1] (integer) 2147483647
        1> OBJECT FREQ a
        [1] (error) ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.
        1> SET b 12345
        [1] OK
        1> OBJECT ENCODING b
        [1] "int"
        1> OBJECT REFCOUNT b
        [1] (integer) 1
        1> SET c 0123
        [1] OK
        1> OBJECT ENCODING c
        [1] "embstr"
        1> SET d -0
        [1] OK
        1> OBJECT ENCODING d
        [1] "embstr"
        1> SET d2 -123
        [1] OK
        1> OBJECT ENCODING d2
        [1] "int"
        1> OBJECT REFCOUNT d2
        [1] (integer) 1
        1> SET e +1
        [1] OK
        1> OBJECT ENCODING e
        [1] "embstr"
        1> SET f ""
        [1] OK
        1> OBJECT ENCODING f
        [1] "embstr"
        1> SET g 12345678901234567890123456789012345678901234
        [1] OK
        1> OBJECT ENCODING g
        [1] "embstr"
        1> SET h 123456789012345678901234567890123456789012345
        [1] OK
        1> OBJECT ENCODING h
        [1] "raw"
        1> SET i 9223372036854775807
        [1] OK
        1> OBJECT ENCODING i
        [1] "int"
        1> SET j 9223372036854775808
        [1] OK
        1> OBJECT ENCODING j
        [1] "embstr"
        1> SET j2 -9223372036854775808
        [1] OK
        1> OBJECT ENCODING j2
        [1] "int"
        1> APPEND a 4
        [1] (integer) 4
        1> OBJECT ENCODING a
        [1] "raw"
        1> OBJECT REFCOUNT a
        [1] (integer) 1
        1> APPEND new 5
        [1] (integer) 1
        1> OBJECT ENCODING new
        [1] "int"
        1> OBJECT REFCOUNT new
        [1] (integer) 2147483647
        1> APPEND new2 abc
        [1] (integer) 3
        1> OBJECT ENCODING new2
        [1] "embstr"
        1> SETRANGE sr 0 5
        [1] (integer) 1
        1> OBJECT ENCODING sr
        [1] "raw"
        1> SET sr2 abc
        [1] OK
        1> SETRANGE sr2 0 ""
        [1] (integer) 3
        1> OBJECT ENCODING sr2
        [1] "embstr"
        1> SETRANGE sr2 1 x
        [1] (integer) 3
        1> OBJECT ENCODING sr2
        [1] "raw"
        1> INCRBYFLOAT fl 3
        [1] "3"
        1> OBJECT ENCODING fl
        [1] "embstr"
        1> OBJECT REFCOUNT fl
        [1] (integer) 1
        1> INCR fl
        [1] (integer) 4
        1> OBJECT ENCODING fl
        [1] "int"
        1> OBJECT REFCOUNT fl
        [1] (integer) 2147483647
        1> INCRBYFLOAT big 1e60
        [1] "999999999999999999999373423426722168652130621984886772203520"
        1> OBJECT ENCODING big
        [1] "raw"
        1> INCRBY n2 20000
        [1] (integer) 20000
        1> OBJECT REFCOUNT n2
        [1] (integer) 1
        1> INCR n2
        [1] (integer) 20001
        1> OBJECT ENCODING n2
        [1] "int"
        1> DECR n3
        [1] (integer) -1
        1> OBJECT REFCOUNT n3
        [1] (integer) 1
        1> SET k 10 KEEPTTL
        [1] OK
        1> OBJECT REFCOUNT k
        [1] (integer) 2147483647
        1> SET k abc GET
        [1] "10"
        1> OBJECT ENCODING k
        [1] "embstr"
        1> MSET m1 1 m2 abc
        [1] OK
        1> OBJECT ENCODING m1
        [1] "int"
        1> OBJECT REFCOUNT m1
        [1] (integer) 2147483647
        1> OBJECT ENCODING m2
        [1] "embstr"
        1> COPY a a2
        [1] (integer) 1
        1> OBJECT ENCODING a2
        [1] "raw"
        1> COPY new new3
        [1] (integer) 1
        1> OBJECT ENCODING new3
        [1] "int"
        1> OBJECT REFCOUNT new3
        [1] (integer) 1
        1> COPY b b2
        [1] (integer) 1
        1> OBJECT REFCOUNT b2
        [1] (integer) 1
        1> COPY fl fl2
        [1] (integer) 1
        1> OBJECT REFCOUNT fl2
        [1] (integer) 1
        1> RENAME a a3
        [1] OK
        1> OBJECT ENCODING a3
        [1] "raw"
        1> MOVE new 1
        [1] (integer) 1
        1> SELECT 1
        [1] OK
        1> OBJECT REFCOUNT new
        [1] (integer) 2147483647
        1> SELECT 0
        [1] OK
        1> RPUSH l a
        [1] (integer) 1
        1> OBJECT ENCODING l
        [1] "quicklist"
        1> OBJECT REFCOUNT l
        [1] (integer) 1
        1> XADD s 1-1 a b
        [1] "1-1"
        1> OBJECT ENCODING s
        [1] "stream"
        1> OBJECT REFCOUNT s
        [1] (integer) 1
        1> GETDEL s
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> OBJECT ENCODING s
        [1] "stream"
    "#]].assert_eq(&got);
}

/// Shared integers stop under an LRU/LFU policy with maxmemory set; FREQ and IDLETIME errors depend on the policy.
#[test]
fn object_under_maxmemory_policies() {
    let got = transcript(&[
        "CONFIG SET maxmemory-policy allkeys-lru",
        "SET z1 5",
        "OBJECT REFCOUNT z1",
        "CONFIG SET maxmemory 1gb",
        "SET z 5",
        "OBJECT REFCOUNT z",
        "OBJECT ENCODING z",
        "OBJECT FREQ z",
        "CONFIG SET maxmemory-policy volatile-lfu",
        "OBJECT IDLETIME z",
        "OBJECT IDLETIME nosuch",
        "SET y hello",
        "OBJECT FREQ y",
        "SET z2 5",
        "OBJECT REFCOUNT z2",
        "CONFIG SET maxmemory-policy noeviction",
        "SET z3 5",
        "OBJECT REFCOUNT z3",
        "CONFIG SET maxmemory 0",
        "OBJECT FREQ y",
    ]);
    expect![[r#"
        1> CONFIG SET maxmemory-policy allkeys-lru
        [1] OK
        1> SET z1 5
        [1] OK
        1> OBJECT REFCOUNT z1
        [1] (integer) 2147483647
        1> CONFIG SET maxmemory 1gb
        [1] OK
        1> SET z 5
        [1] OK
        1> OBJECT REFCOUNT z
        [1] (integer) 1
        1> OBJECT ENCODING z
        [1] "int"
        1> OBJECT FREQ z
        [1] (error) ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.
        1> CONFIG SET maxmemory-policy volatile-lfu
        [1] OK
        1> OBJECT IDLETIME z
        [1] (error) ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.
        1> OBJECT IDLETIME nosuch
        [1] (nil)
        1> SET y hello
        [1] OK
        1> OBJECT FREQ y
        [1] (integer) 5
        1> SET z2 5
        [1] OK
        1> OBJECT REFCOUNT z2
        [1] (integer) 1
        1> CONFIG SET maxmemory-policy noeviction
        [1] OK
        1> SET z3 5
        [1] OK
        1> OBJECT REFCOUNT z3
        [1] (integer) 2147483647
        1> CONFIG SET maxmemory 0
        [1] OK
        1> OBJECT FREQ y
        [1] (error) ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.
    "#]].assert_eq(&got);
}

/// XSETID: options, errors in Redis's order, effect on XINFO STREAM and on XADD.
#[test]
fn xsetid() {
    let got = transcript(&[
        "XSETID",
        "XSETID s",
        "XSETID s 1-1",
        "XSETID s x",
        "XSETID s 1-1 ENTRIESADDED -1",
        "XSETID s 1-1 MAXDELETEDID 2-0",
        "XSETID s 1-1 foo",
        "XADD s 5-5 a b",
        "XSETID s 1-1",
        "XSETID s 5-5",
        "XSETID s 5-4",
        "XSETID s 10",
        "XINFO STREAM s",
        "XSETID s 10-0 ENTRIESADDED 0",
        "XSETID s 10-0 ENTRIESADDED 1",
        "XSETID s 10-0 entriesadded 5 maxdeletedid 3-0",
        "XSETID s 10-0 ENTRIESADDED -1",
        "XSETID s 10-0 ENTRIESADDED x",
        "XSETID s 10-0 ENTRIESADDED 9223372036854775808",
        "XSETID s 10-0 MAXDELETEDID 20-0",
        "XSETID s 10-0 MAXDELETEDID x",
        "XSETID s 10-0 MAXDELETEDID 0-0",
        "XSETID s 10-0 MAXDELETEDID -",
        "XSETID s 10-0 MAXDELETEDID +",
        "XSETID s 10-0 ENTRIESADDED",
        "XSETID s 0-0",
        "XSETID s -",
        "XSETID s +",
        "XSETID s $",
        "XSETID s 2-*",
        "XSETID s 10-0 MAXDELETEDID 10-0",
        "XINFO STREAM s",
        "SET str v",
        "XSETID str 1-1",
        "XDEL s 5-5",
        "XSETID s 1-0",
        "XSETID s 2-0 ENTRIESADDED 0",
        "XSETID s 2-0 ENTRIESADDED 1 ENTRIESADDED 2",
        "XINFO STREAM s",
        "XSETID s 2-0 ENTRIESADDED 0 MAXDELETEDID 1-0",
        "XSETID s 18446744073709551615-18446744073709551615",
        "XADD s * a b",
        "XSETID s 3",
        "XADD s 3-0 a b",
        "XADD s 3-1 a b",
        "XINFO STREAM s",
    ]);
    expect![[r#"
        1> XSETID
        [1] (error) ERR wrong number of arguments for 'xsetid' command
        1> XSETID s
        [1] (error) ERR wrong number of arguments for 'xsetid' command
        1> XSETID s 1-1
        [1] (error) ERR no such key
        1> XSETID s x
        [1] (error) ERR Invalid stream ID specified as stream command argument
        1> XSETID s 1-1 ENTRIESADDED -1
        [1] (error) ERR entries_added must be positive
        1> XSETID s 1-1 MAXDELETEDID 2-0
        [1] (error) ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id
        1> XSETID s 1-1 foo
        [1] (error) ERR syntax error
        1> XADD s 5-5 a b
        [1] "5-5"
        1> XSETID s 1-1
        [1] (error) ERR The ID specified in XSETID is smaller than the target stream top item
        1> XSETID s 5-5
        [1] OK
        1> XSETID s 5-4
        [1] (error) ERR The ID specified in XSETID is smaller than the target stream top item
        1> XSETID s 10
        [1] OK
        1> XINFO STREAM s
        [1]  1) "length"
         2) (integer) 1
         3) "radix-tree-keys"
         4) (integer) 1
         5) "radix-tree-nodes"
         6) (integer) 2
         7) "last-generated-id"
         8) "10-0"
         9) "max-deleted-entry-id"
        10) "0-0"
        11) "entries-added"
        12) (integer) 1
        13) "recorded-first-entry-id"
        14) "5-5"
        15) "groups"
        16) (integer) 0
        17) "first-entry"
        18) 1) "5-5"
            2) 1) "a"
               2) "b"
        19) "last-entry"
        20) 1) "5-5"
            2) 1) "a"
               2) "b"
        1> XSETID s 10-0 ENTRIESADDED 0
        [1] (error) ERR The entries_added specified in XSETID is smaller than the target stream length
        1> XSETID s 10-0 ENTRIESADDED 1
        [1] OK
        1> XSETID s 10-0 entriesadded 5 maxdeletedid 3-0
        [1] OK
        1> XSETID s 10-0 ENTRIESADDED -1
        [1] (error) ERR entries_added must be positive
        1> XSETID s 10-0 ENTRIESADDED x
        [1] (error) ERR value is not an integer or out of range
        1> XSETID s 10-0 ENTRIESADDED 9223372036854775808
        [1] (error) ERR value is not an integer or out of range
        1> XSETID s 10-0 MAXDELETEDID 20-0
        [1] (error) ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id
        1> XSETID s 10-0 MAXDELETEDID x
        [1] (error) ERR Invalid stream ID specified as stream command argument
        1> XSETID s 10-0 MAXDELETEDID 0-0
        [1] OK
        1> XSETID s 10-0 MAXDELETEDID -
        [1] (error) ERR Invalid stream ID specified as stream command argument
        1> XSETID s 10-0 MAXDELETEDID +
        [1] (error) ERR Invalid stream ID specified as stream command argument
        1> XSETID s 10-0 ENTRIESADDED
        [1] (error) ERR syntax error
        1> XSETID s 0-0
        [1] (error) ERR The ID specified in XSETID is smaller than the target stream top item
        1> XSETID s -
        [1] (error) ERR Invalid stream ID specified as stream command argument
        1> XSETID s +
        [1] (error) ERR Invalid stream ID specified as stream command argument
        1> XSETID s $
        [1] (error) ERR Invalid stream ID specified as stream command argument
        1> XSETID s 2-*
        [1] (error) ERR Invalid stream ID specified as stream command argument
        1> XSETID s 10-0 MAXDELETEDID 10-0
        [1] OK
        1> XINFO STREAM s
        [1]  1) "length"
         2) (integer) 1
         3) "radix-tree-keys"
         4) (integer) 1
         5) "radix-tree-nodes"
         6) (integer) 2
         7) "last-generated-id"
         8) "10-0"
         9) "max-deleted-entry-id"
        10) "10-0"
        11) "entries-added"
        12) (integer) 5
        13) "recorded-first-entry-id"
        14) "5-5"
        15) "groups"
        16) (integer) 0
        17) "first-entry"
        18) 1) "5-5"
            2) 1) "a"
               2) "b"
        19) "last-entry"
        20) 1) "5-5"
            2) 1) "a"
               2) "b"
        1> SET str v
        [1] OK
        1> XSETID str 1-1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> XDEL s 5-5
        [1] (integer) 1
        1> XSETID s 1-0
        [1] OK
        1> XSETID s 2-0 ENTRIESADDED 0
        [1] OK
        1> XSETID s 2-0 ENTRIESADDED 1 ENTRIESADDED 2
        [1] OK
        1> XINFO STREAM s
        [1]  1) "length"
         2) (integer) 0
         3) "radix-tree-keys"
         4) (integer) 0
         5) "radix-tree-nodes"
         6) (integer) 1
         7) "last-generated-id"
         8) "2-0"
         9) "max-deleted-entry-id"
        10) "10-0"
        11) "entries-added"
        12) (integer) 2
        13) "recorded-first-entry-id"
        14) "0-0"
        15) "groups"
        16) (integer) 0
        17) "first-entry"
        18) (nil)
        19) "last-entry"
        20) (nil)
        1> XSETID s 2-0 ENTRIESADDED 0 MAXDELETEDID 1-0
        [1] OK
        1> XSETID s 18446744073709551615-18446744073709551615
        [1] OK
        1> XADD s * a b
        [1] (error) ERR The stream has exhausted the last possible ID, unable to add more items
        1> XSETID s 3
        [1] OK
        1> XADD s 3-0 a b
        [1] (error) ERR The ID specified in XADD is equal or smaller than the target stream top item
        1> XADD s 3-1 a b
        [1] "3-1"
        1> XINFO STREAM s
        [1]  1) "length"
         2) (integer) 1
         3) "radix-tree-keys"
         4) (integer) 1
         5) "radix-tree-nodes"
         6) (integer) 2
         7) "last-generated-id"
         8) "3-1"
         9) "max-deleted-entry-id"
        10) "1-0"
        11) "entries-added"
        12) (integer) 1
        13) "recorded-first-entry-id"
        14) "3-1"
        15) "groups"
        16) (integer) 0
        17) "first-entry"
        18) 1) "3-1"
            2) 1) "a"
               2) "b"
        19) "last-entry"
        20) 1) "3-1"
            2) 1) "a"
               2) "b"
    "#]].assert_eq(&got);
}

/// Raw bytes of the new replies in RESP2 and RESP3: LMPOP's nested array and its nil,
/// BLMPOP's timeout, OBJECT's nil for a missing key.
#[test]
fn resp_forms() {
    let mut h = Harness::default();
    let raw = |h: &mut Harness, line: &str| {
        h.send(1, line);
        String::from_utf8_lossy(&h.take_raw(1)).into_owned()
    };
    assert_eq!(raw(&mut h, "RPUSH a 1 2 3"), ":3\r\n");
    assert_eq!(
        raw(&mut h, "LMPOP 1 a LEFT COUNT 2"),
        "*2\r\n$1\r\na\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n"
    );
    assert_eq!(raw(&mut h, "LMPOP 1 nokey LEFT"), "*-1\r\n");
    assert_eq!(raw(&mut h, "OBJECT ENCODING nokey"), "$-1\r\n");
    assert_eq!(raw(&mut h, "BLMPOP 0.01 1 nokey LEFT"), "");
    h.advance(10);
    assert_eq!(h.take_raw(1), b"*-1\r\n");
    raw(&mut h, "HELLO 3");
    assert_eq!(
        raw(&mut h, "LMPOP 1 a RIGHT"),
        "*2\r\n$1\r\na\r\n*1\r\n$1\r\n3\r\n"
    );
    assert_eq!(raw(&mut h, "LMPOP 1 nokey LEFT"), "_\r\n");
    assert_eq!(raw(&mut h, "OBJECT REFCOUNT nokey"), "_\r\n");
    assert_eq!(raw(&mut h, "BLMPOP 0.01 1 nokey LEFT"), "");
    h.advance(10);
    assert_eq!(h.take_raw(1), b"_\r\n");
}

/// OBJECT IDLETIME counts whole seconds of Redis's LRU clock since the last access: reads
/// and writes reset it, EXISTS, TYPE, TTL and OBJECT itself do not; COPY, RENAME and MOVE
/// access their source (and COPY's copy is new), TOUCH is an access.
#[test]
fn object_idletime_in_virtual_time() {
    let got = Harness::default().run(&[
        "SET k v",
        "OBJECT IDLETIME k",
        "sleep 2500",
        "OBJECT IDLETIME k",
        "EXISTS k",
        "TYPE k",
        "TTL k",
        "OBJECT ENCODING k",
        "OBJECT IDLETIME k",
        "GET k",
        "OBJECT IDLETIME k",
        "sleep 3000",
        "COPY k k2",
        "RENAME k k3",
        "OBJECT IDLETIME k2",
        "OBJECT IDLETIME k3",
        "sleep 4000",
        "MOVE k3 1",
        "TOUCH k2",
        "OBJECT IDLETIME k2",
        "SELECT 1",
        "OBJECT IDLETIME k3",
        "APPEND k3 x",
        "OBJECT IDLETIME k3",
    ]);
    expect![[r#"
        1> SET k v
        [1] OK
        1> OBJECT IDLETIME k
        [1] (integer) 0
        sleep 2500
        1> OBJECT IDLETIME k
        [1] (integer) 2
        1> EXISTS k
        [1] (integer) 1
        1> TYPE k
        [1] string
        1> TTL k
        [1] (integer) -1
        1> OBJECT ENCODING k
        [1] "embstr"
        1> OBJECT IDLETIME k
        [1] (integer) 2
        1> GET k
        [1] "v"
        1> OBJECT IDLETIME k
        [1] (integer) 0
        sleep 3000
        1> COPY k k2
        [1] (integer) 1
        1> RENAME k k3
        [1] OK
        1> OBJECT IDLETIME k2
        [1] (integer) 0
        1> OBJECT IDLETIME k3
        [1] (integer) 0
        sleep 4000
        1> MOVE k3 1
        [1] (integer) 1
        1> TOUCH k2
        [1] (integer) 1
        1> OBJECT IDLETIME k2
        [1] (integer) 0
        1> SELECT 1
        [1] OK
        1> OBJECT IDLETIME k3
        [1] (integer) 0
        1> APPEND k3 x
        [1] (integer) 2
        1> OBJECT IDLETIME k3
        [1] (integer) 0
    "#]]
    .assert_eq(&got);
}
