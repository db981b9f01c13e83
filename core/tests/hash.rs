//! Transcript tests of the hash commands. Expected replies are redis-server 7.0's (the same
//! lines run in the differential transcript `native-server/tests/transcripts/hash.txt`).

use expect_test::expect;
use redlet_core::testkit::{transcript, Harness};

#[test]
fn set_get_and_listpack_order() {
    let got = transcript(&[
        "HSET h f1 v1",
        "HSET h f2 v2 f3 v3 f1 new",
        "HSET h f4 v4 f5",
        "HMSET h f4 v4 f5 \"\" \"\\x00bin\" x",
        "HMGET h f1 nosuch \"\\x00bin\"",
        "HMGET nosuch a",
        "HGETALL h",
        "HKEYS h",
        "HVALS h",
        "HLEN h",
        "HSTRLEN h f1",
        "HEXISTS h f2",
        "HSETNX h f1 other",
        "HSETNX h f7 v7",
        "HDEL h f2 f2 nosuch f3",
        "HGETALL h",
        "HSET small a 1",
        "HDEL small a",
        "HLEN small",
        "HGETALL nosuch",
    ]);
    expect![[r#"
        1> HSET h f1 v1
        [1] (integer) 1
        1> HSET h f2 v2 f3 v3 f1 new
        [1] (integer) 2
        1> HSET h f4 v4 f5
        [1] (error) ERR wrong number of arguments for 'hset' command
        1> HMSET h f4 v4 f5 "" "\x00bin" x
        [1] OK
        1> HMGET h f1 nosuch "\x00bin"
        [1] 1) "new"
        2) (nil)
        3) "x"
        1> HMGET nosuch a
        [1] 1) (nil)
        1> HGETALL h
        [1]  1) "f1"
         2) "new"
         3) "f2"
         4) "v2"
         5) "f3"
         6) "v3"
         7) "f4"
         8) "v4"
         9) "f5"
        10) ""
        11) "\x00bin"
        12) "x"
        1> HKEYS h
        [1] 1) "f1"
        2) "f2"
        3) "f3"
        4) "f4"
        5) "f5"
        6) "\x00bin"
        1> HVALS h
        [1] 1) "new"
        2) "v2"
        3) "v3"
        4) "v4"
        5) ""
        6) "x"
        1> HLEN h
        [1] (integer) 6
        1> HSTRLEN h f1
        [1] (integer) 3
        1> HEXISTS h f2
        [1] (integer) 1
        1> HSETNX h f1 other
        [1] (integer) 0
        1> HSETNX h f7 v7
        [1] (integer) 1
        1> HDEL h f2 f2 nosuch f3
        [1] (integer) 2
        1> HGETALL h
        [1]  1) "f1"
         2) "new"
         3) "f4"
         4) "v4"
         5) "f5"
         6) ""
         7) "\x00bin"
         8) "x"
         9) "f7"
        10) "v7"
        1> HSET small a 1
        [1] (integer) 1
        1> HDEL small a
        [1] (integer) 1
        1> HLEN small
        [1] (integer) 0
        1> HGETALL nosuch
        [1] (empty array)
    "#]]
    .assert_eq(&got);
}

#[test]
fn resp3_map_and_null() {
    let got = transcript(&[
        "HELLO 3",
        "HSET h a 1 b 2",
        "HGETALL h",
        "HGETALL nosuch",
        "HMGET h a z",
        "HRANDFIELD h 2 WITHVALUES",
        "HRANDFIELD nosuch",
    ]);
    let tail: Vec<&str> = got
        .lines()
        .skip_while(|l| !l.starts_with("1> HSET"))
        .collect();
    expect![[r#"
        1> HSET h a 1 b 2
        [1] (integer) 2
        1> HGETALL h
        [1] 1# "a" => "1"
        2# "b" => "2"
        1> HGETALL nosuch
        [1] (empty hash)
        1> HMGET h a z
        [1] 1) "1"
        2) (nil)
        1> HRANDFIELD h 2 WITHVALUES
        [1] 1) 1) "a"
           2) "1"
        2) 1) "b"
           2) "2"
        1> HRANDFIELD nosuch
        [1] (nil)"#]]
    .assert_eq(&tail.join("\n"));
    let mut h = Harness::default();
    h.send(1, "HELLO 3");
    h.take_raw(1);
    h.send(1, "HSET h a 1");
    h.send(1, "HGETALL h");
    assert_eq!(h.take_raw(1), b":1\r\n%1\r\n$1\r\na\r\n$1\r\n1\r\n");
}

#[test]
fn errors_and_wrongtype() {
    let got = transcript(&[
        "SET str v",
        "HSET str f v",
        "HGET str f",
        "HGETALL str",
        "HINCRBY str f x",
        "HSCAN str 0",
        "HSET",
        "HGETALL h extra",
        "HMSET h f6",
    ]);
    expect![[r#"
        1> SET str v
        [1] OK
        1> HSET str f v
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> HGET str f
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> HGETALL str
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> HINCRBY str f x
        [1] (error) ERR value is not an integer or out of range
        1> HSCAN str 0
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> HSET
        [1] (error) ERR wrong number of arguments for 'hset' command
        1> HGETALL h extra
        [1] (error) ERR wrong number of arguments for 'hgetall' command
        1> HMSET h f6
        [1] (error) ERR wrong number of arguments for 'hmset' command
    "#]]
    .assert_eq(&got);
}

#[test]
fn hincrby_and_hincrbyfloat() {
    let got = transcript(&[
        "HINCRBY c n 5",
        "HINCRBY c n -7",
        "HINCRBY c n 1.5",
        "HSET c big 9223372036854775807 s abc lz 01",
        "HINCRBY c big 1",
        "HINCRBY c s 1",
        "HINCRBY c lz 1",
        "HINCRBYFLOAT f y 10000000000",
        "HINCRBYFLOAT f y 0.1",
        "HINCRBYFLOAT f z 3.0000000000000000000000001",
        "HINCRBYFLOAT f t 0x10",
        "HINCRBYFLOAT f t -0.000003814697265625",
        "HINCRBYFLOAT f s -1e-30",
        "HINCRBYFLOAT f r 1e-5000",
        "HINCRBYFLOAT f r \" 1\"",
        "HINCRBYFLOAT f r inf",
        "HSET f bad abc inf inf",
        "HINCRBYFLOAT f bad 1",
        "HINCRBYFLOAT f inf 1",
    ]);
    expect![[r#"
        1> HINCRBY c n 5
        [1] (integer) 5
        1> HINCRBY c n -7
        [1] (integer) -2
        1> HINCRBY c n 1.5
        [1] (error) ERR value is not an integer or out of range
        1> HSET c big 9223372036854775807 s abc lz 01
        [1] (integer) 3
        1> HINCRBY c big 1
        [1] (error) ERR increment or decrement would overflow
        1> HINCRBY c s 1
        [1] (error) ERR hash value is not an integer
        1> HINCRBY c lz 1
        [1] (error) ERR hash value is not an integer
        1> HINCRBYFLOAT f y 10000000000
        [1] "10000000000"
        1> HINCRBYFLOAT f y 0.1
        [1] "10000000000.09999999962747097"
        1> HINCRBYFLOAT f z 3.0000000000000000000000001
        [1] "3"
        1> HINCRBYFLOAT f t 0x10
        [1] "16"
        1> HINCRBYFLOAT f t -0.000003814697265625
        [1] "15.99999618530273438"
        1> HINCRBYFLOAT f s -1e-30
        [1] "0"
        1> HINCRBYFLOAT f r 1e-5000
        [1] (error) ERR value is not a valid float
        1> HINCRBYFLOAT f r " 1"
        [1] (error) ERR value is not a valid float
        1> HINCRBYFLOAT f r inf
        [1] (error) ERR value is NaN or Infinity
        1> HSET f bad abc inf inf
        [1] (integer) 2
        1> HINCRBYFLOAT f bad 1
        [1] (error) ERR hash value is not a float
        1> HINCRBYFLOAT f inf 1
        [1] (error) ERR increment would produce NaN or Infinity
    "#]]
    .assert_eq(&got);
}

/// A sum near the top of the `long double` range prints in full (4933 digits), and one more
/// step overflows; the hash created for the failed increment does not stay empty.
#[test]
fn hincrbyfloat_extremes() {
    let mut h = Harness::default();
    let r = h.cmd(1, "HINCRBYFLOAT f q 1e4932");
    assert!(
        r.starts_with("\"100000000000000000000601894938796389132383777425453311477378504135253301948660872240753332777943314277366652556366627768206186"),
        "{r}"
    );
    assert_eq!(r.len(), 4933 + 2);
    assert_eq!(
        h.cmd(1, "HINCRBYFLOAT f q 1e4932"),
        "(error) ERR increment would produce NaN or Infinity"
    );
    assert_eq!(h.cmd(1, "HGET f q"), r);
    assert_eq!(h.cmd(1, "HINCRBYFLOAT f q -1e4932"), "\"0\"");
}
