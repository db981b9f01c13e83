//! Transcript tests of the bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP,
//! BITFIELD, BITFIELD_RO). The same commands, in the same order, are native-server's
//! differential transcript `bitmap.txt`, where redlet's replies were compared byte for byte
//! with redis-server 7.0.15 (RESP2 and RESP3); the expected text here is redis-cli's rendering.

use expect_test::{expect, Expect};
use redlet_core::testkit::Harness;

/// Runs the earlier sections `setup` (replies not shown: each is checked by its own test),
/// then `lines`, and compares the rendered session of `lines`. The sections build on each
/// other's keys exactly as the differential transcript does.
fn check(setup: &[&[&str]], lines: &[&str], want: Expect) {
    let mut h = Harness::default();
    for s in setup {
        h.run(s);
    }
    want.assert_eq(&h.run(lines));
}

/// SETBIT / GETBIT.
const SETBIT_GETBIT: &[&str] = &[
    r#"SETBIT b 7 1"#,
    r#"GET b"#,
    r#"SETBIT b 7 1"#,
    r#"SETBIT b 7 0"#,
    r#"SETBIT b 100 1"#,
    r#"STRLEN b"#,
    r#"GETBIT b 100"#,
    r#"GETBIT b 99"#,
    r#"GETBIT b 100000"#,
    r#"GETBIT missing 5"#,
    r#"SETBIT b -1 1"#,
    r#"SETBIT b x 1"#,
    r#"SETBIT b 4294967296 1"#,
    r#"SETBIT b 4294967295 2"#,
    r#"SETBIT b 1 2"#,
    r#"SETBIT b 1 -1"#,
    r#"SETBIT b 1 x"#,
    r#"GETBIT b -1"#,
    r#"GETBIT b 4294967296"#,
    r#"GETBIT b 1.5"#,
    r#"SET s "\xff\x00""#,
    r#"SETBIT s 8 1"#,
    r#"GET s"#,
    r#"OBJECT ENCODING s"#,
    r#"SET n 7"#,
    r#"SETBIT n 0 1"#,
    r#"GET n"#,
    r#"RPUSH l a"#,
    r#"SETBIT l 0 1"#,
    r#"GETBIT l 0"#,
    r#"SETBIT"#,
    r#"GETBIT b"#,
    r#"EXISTS newkey"#,
    r#"SETBIT newkey 0 0"#,
    r#"GET newkey"#,
];

/// BITCOUNT.
const BITCOUNT: &[&str] = &[
    r#"SET foo foobar"#,
    r#"BITCOUNT foo"#,
    r#"BITCOUNT foo 0 0"#,
    r#"BITCOUNT foo 1 1"#,
    r#"BITCOUNT foo 1 -1"#,
    r#"BITCOUNT foo -2 -1"#,
    r#"BITCOUNT foo -1 -2"#,
    r#"BITCOUNT foo 5 100"#,
    r#"BITCOUNT foo 100 200"#,
    r#"BITCOUNT foo -100 -90"#,
    r#"BITCOUNT foo 1 1 BYTE"#,
    r#"BITCOUNT foo 5 30 BIT"#,
    r#"BITCOUNT foo 0 -1 BIT"#,
    r#"BITCOUNT foo 3 3 bit"#,
    r#"BITCOUNT foo -3 -1 BIT"#,
    r#"BITCOUNT foo 9 1 BIT"#,
    r#"BITCOUNT foo 0 1 BAD"#,
    r#"BITCOUNT foo 0"#,
    r#"BITCOUNT foo x 1"#,
    r#"BITCOUNT foo 1 x"#,
    r#"BITCOUNT foo 0 1 BIT extra"#,
    r#"BITCOUNT missing"#,
    r#"BITCOUNT missing 0"#,
    r#"BITCOUNT missing 0 1 BAD"#,
    r#"BITCOUNT l"#,
    r#"BITCOUNT n"#,
];

/// BITPOS.
const BITPOS: &[&str] = &[
    r#"SET bp "\xff\xf0\x00""#,
    r#"BITPOS bp 0"#,
    r#"BITPOS bp 1"#,
    r#"BITPOS bp 0 1"#,
    r#"BITPOS bp 1 2"#,
    r#"BITPOS bp 0 0 0"#,
    r#"BITPOS bp 0 2 -1"#,
    r#"BITPOS bp 1 -1"#,
    r#"BITPOS bp 0 7 15 BIT"#,
    r#"BITPOS bp 1 7 15 BIT"#,
    r#"BITPOS bp 0 3 5 BIT"#,
    r#"BITPOS bp 0 12 BIT"#,
    r#"BITPOS bp 1 12 BIT"#,
    r#"BITPOS bp 1 16 23 bit"#,
    r#"BITPOS bp 0 1 1 BYTE"#,
    r#"BITPOS bp 2"#,
    r#"BITPOS bp x"#,
    r#"BITPOS bp 0 x"#,
    r#"BITPOS bp 0 1 x"#,
    r#"BITPOS bp 0 1 2 BAD"#,
    r#"BITPOS bp 0 1 2 BIT extra"#,
    r#"BITPOS bp 0 5 3"#,
    r#"SET ones "\xff\xff""#,
    r#"BITPOS ones 0"#,
    r#"BITPOS ones 0 0 -1"#,
    r#"BITPOS ones 0 0"#,
    r#"BITPOS ones 0 0 15 BIT"#,
    r#"BITPOS ones 1 3 3 BIT"#,
    r#"SET zeros "\x00\x00""#,
    r#"BITPOS zeros 1"#,
    r#"BITPOS zeros 0"#,
    r#"BITPOS zeros 1 0 -1 BIT"#,
    r#"BITPOS missing 0"#,
    r#"BITPOS missing 1"#,
    r#"BITPOS missing 2"#,
    r#"BITPOS missing 0 1 2 BAD"#,
    r#"BITPOS l 0"#,
    r#"SET one "\x00\x01\x00""#,
    r#"BITPOS one 1 3 20 BIT"#,
    r#"BITPOS one 1 3 14 BIT"#,
    r#"BITPOS one 1 15 15 BIT"#,
    r#"BITPOS one 0 8 15 BIT"#,
];

/// BITOP.
const BITOP: &[&str] = &[
    r#"SET a "\xf0\x0f""#,
    r#"SET c "\xff""#,
    r#"BITOP AND d a c"#,
    r#"GET d"#,
    r#"BITOP OR d a c"#,
    r#"GET d"#,
    r#"BITOP XOR d a c"#,
    r#"GET d"#,
    r#"BITOP NOT d a"#,
    r#"GET d"#,
    r#"BITOP and d a c missing"#,
    r#"GET d"#,
    r#"BITOP OR d a"#,
    r#"GET d"#,
    r#"BITOP NOT d a c"#,
    r#"BITOP NAND d a"#,
    r#"BITOP AND d"#,
    r#"BITOP AND d l"#,
    r#"SET d x EX 100"#,
    r#"BITOP OR d a"#,
    r#"TTL d"#,
    r#"BITOP OR d missing nothere"#,
    r#"EXISTS d"#,
    r#"BITOP OR d missing"#,
    r#"SET d keep"#,
    r#"BITOP NOT d missing"#,
    r#"EXISTS d"#,
];

/// BITFIELD.
const BITFIELD: &[&str] = &[
    r#"BITFIELD bf SET u8 0 255"#,
    r#"BITFIELD bf GET u8 0"#,
    r#"BITFIELD bf GET i8 0 GET u4 0 GET i4 4 GET u1 7"#,
    r#"BITFIELD bf INCRBY u8 0 1"#,
    r#"BITFIELD bf INCRBY u8 0 300"#,
    r#"BITFIELD bf OVERFLOW SAT INCRBY u8 0 300 INCRBY u8 0 -1000"#,
    r#"BITFIELD bf OVERFLOW FAIL INCRBY u8 0 300 GET u8 0"#,
    r#"BITFIELD bf OVERFLOW WRAP SET i8 0 200 GET i8 0"#,
    r#"BITFIELD bf SET i8 #1 -5 GET i8 #1 GET u8 8"#,
    r#"BITFIELD bf OVERFLOW SAT SET i8 0 200 SET i8 8 -200 GET i8 0 GET i8 8"#,
    r#"BITFIELD bf OVERFLOW FAIL SET u4 0 16 SET u4 0 15"#,
    r#"BITFIELD bf OVERFLOW SAT INCRBY i8 0 100 INCRBY i8 0 -300"#,
    r#"BITFIELD bf OVERFLOW WRAP INCRBY i8 0 100 INCRBY i8 0 -300"#,
    r#"BITFIELD bf SET i64 0 -1 GET i64 0 GET u63 0 GET i63 1"#,
    r#"BITFIELD bf OVERFLOW WRAP INCRBY i64 0 9223372036854775807 GET i64 0"#,
    r#"BITFIELD bf SET i64 0 9223372036854775807"#,
    r#"BITFIELD bf OVERFLOW SAT INCRBY i64 0 1"#,
    r#"BITFIELD bf OVERFLOW FAIL INCRBY i64 0 1"#,
    r#"BITFIELD bf OVERFLOW SAT INCRBY i64 0 -9223372036854775808 INCRBY i64 0 -9223372036854775808 INCRBY i64 0 -9223372036854775808"#,
    r#"BITFIELD bf SET u63 0 -1"#,
    r#"BITFIELD bf OVERFLOW SAT SET u63 0 -1"#,
    r#"BITFIELD bf OVERFLOW FAIL SET u63 0 -1"#,
    r#"BITFIELD bf SET u3 5 7 GET u8 0 GET u16 0"#,
    r#"BITFIELD bf SET i5 #3 -16 GET i5 #3 INCRBY i5 #3 -1"#,
    r#"BITFIELD bf SET u2 100 3"#,
    r#"STRLEN bf"#,
    r#"BITFIELD bf"#,
    r#"BITFIELD missing"#,
    r#"BITFIELD missing GET u8 0 GET i16 100"#,
    r#"EXISTS missing"#,
    r#"BITFIELD l GET u8 0"#,
    r#"BITFIELD l SET u8 0 1"#,
    r#"BITFIELD bf GET u64 0"#,
    r#"BITFIELD bf GET i65 0"#,
    r#"BITFIELD bf GET i0 0"#,
    r#"BITFIELD bf GET x8 0"#,
    r#"BITFIELD bf GET U8 0"#,
    r#"BITFIELD bf GET u8 -1"#,
    r#"BITFIELD bf GET u8 #-1"#,
    r#"BITFIELD bf GET u8 #x"#,
    r#"BITFIELD bf GET u8 4294967296"#,
    r#"BITFIELD bf GET u8 #536870912"#,
    r#"BITFIELD bf SET u8 0 x"#,
    r#"BITFIELD bf SET u8 0"#,
    r#"BITFIELD bf GET u8"#,
    r#"BITFIELD bf OVERFLOW"#,
    r#"BITFIELD bf OVERFLOW BAD SET u8 0 1"#,
    r#"BITFIELD bf FOO u8 0"#,
    r#"BITFIELD bf GET u8 0 SET u8 0"#,
    r#"BITFIELD bf get u8 0 set u8 0 9 incrby u8 0 1 overflow sat"#,
    r#"BITFIELD fresh OVERFLOW FAIL SET u8 0 256"#,
    r#"GET fresh"#,
    r#"BITFIELD fresh2 INCRBY u8 16 5"#,
    r#"GET fresh2"#,
];

/// BITFIELD_RO.
const BITFIELD_RO: &[&str] = &[
    r#"BITFIELD_RO bf GET u8 0 GET i8 #1"#,
    r#"BITFIELD_RO bf"#,
    r#"BITFIELD_RO bf SET u8 0 1"#,
    r#"BITFIELD_RO bf INCRBY u8 0 1"#,
    r#"BITFIELD_RO bf OVERFLOW SAT"#,
    r#"BITFIELD_RO bf GET u8 x"#,
    r#"BITFIELD_RO missing GET u8 0"#,
    r#"BITFIELD_RO l GET u8 0"#,
    r#"BITFIELD_RO l SET u8 0 1"#,
];

/// in MULTI, and reply types.
const IN_MULTI: &[&str] = &[
    r#"MULTI"#,
    r#"SETBIT m 3 1"#,
    r#"GETBIT m 3"#,
    r#"BITCOUNT m"#,
    r#"BITFIELD m GET u4 0"#,
    r#"EXEC"#,
];

/// extreme arguments.
const EXTREME_ARGUMENTS: &[&str] = &[
    r#"SET foo foobar"#,
    r#"BITCOUNT foo 0 9223372036854775807 BIT"#,
    r#"BITCOUNT foo -9223372036854775808 -1"#,
    r#"BITCOUNT foo -9223372036854775808 9223372036854775807 BIT"#,
    r#"BITPOS foo 0 -9223372036854775808 9223372036854775807 BIT"#,
    r#"BITPOS foo 1 9223372036854775807"#,
    r#"BITPOS foo 1 0 9223372036854775807 BIT"#,
    r#"BITFIELD foo GET i64 #9223372036854775807"#,
    r#"BITFIELD foo GET u8 #-9223372036854775808"#,
    r#"BITFIELD foo GET i64 #144115188075855871"#,
    r#"BITFIELD foo GET i64 #67108863 GET u1 4294967295"#,
    r#"GETBIT foo 4294967295"#,
    r#"BITFIELD foo GET u8 4294967288"#,
    r#"BITFIELD foo GET u8 "\x31""#,
];

/// command metadata.
const COMMAND_METADATA: &[&str] = &[r#"COMMAND DOCS bitcount bitfield_ro"#];

/// SETBIT / GETBIT.
#[test]
fn setbit_getbit() {
    check(
        &[],
        SETBIT_GETBIT,
        expect![[r#"
        1> SETBIT b 7 1
        [1] (integer) 0
        1> GET b
        [1] "\x01"
        1> SETBIT b 7 1
        [1] (integer) 1
        1> SETBIT b 7 0
        [1] (integer) 1
        1> SETBIT b 100 1
        [1] (integer) 0
        1> STRLEN b
        [1] (integer) 13
        1> GETBIT b 100
        [1] (integer) 1
        1> GETBIT b 99
        [1] (integer) 0
        1> GETBIT b 100000
        [1] (integer) 0
        1> GETBIT missing 5
        [1] (integer) 0
        1> SETBIT b -1 1
        [1] (error) ERR bit offset is not an integer or out of range
        1> SETBIT b x 1
        [1] (error) ERR bit offset is not an integer or out of range
        1> SETBIT b 4294967296 1
        [1] (error) ERR bit offset is not an integer or out of range
        1> SETBIT b 4294967295 2
        [1] (error) ERR bit is not an integer or out of range
        1> SETBIT b 1 2
        [1] (error) ERR bit is not an integer or out of range
        1> SETBIT b 1 -1
        [1] (error) ERR bit is not an integer or out of range
        1> SETBIT b 1 x
        [1] (error) ERR bit is not an integer or out of range
        1> GETBIT b -1
        [1] (error) ERR bit offset is not an integer or out of range
        1> GETBIT b 4294967296
        [1] (error) ERR bit offset is not an integer or out of range
        1> GETBIT b 1.5
        [1] (error) ERR bit offset is not an integer or out of range
        1> SET s "\xff\x00"
        [1] OK
        1> SETBIT s 8 1
        [1] (integer) 0
        1> GET s
        [1] "\xff\x80"
        1> OBJECT ENCODING s
        [1] "raw"
        1> SET n 7
        [1] OK
        1> SETBIT n 0 1
        [1] (integer) 0
        1> GET n
        [1] "\xb7"
        1> RPUSH l a
        [1] (integer) 1
        1> SETBIT l 0 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> GETBIT l 0
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SETBIT
        [1] (error) ERR wrong number of arguments for 'setbit' command
        1> GETBIT b
        [1] (error) ERR wrong number of arguments for 'getbit' command
        1> EXISTS newkey
        [1] (integer) 0
        1> SETBIT newkey 0 0
        [1] (integer) 0
        1> GET newkey
        [1] "\x00"
    "#]],
    );
}

/// BITCOUNT.
#[test]
fn bitcount() {
    check(
        &[SETBIT_GETBIT],
        BITCOUNT,
        expect![[r#"
        1> SET foo foobar
        [1] OK
        1> BITCOUNT foo
        [1] (integer) 26
        1> BITCOUNT foo 0 0
        [1] (integer) 4
        1> BITCOUNT foo 1 1
        [1] (integer) 6
        1> BITCOUNT foo 1 -1
        [1] (integer) 22
        1> BITCOUNT foo -2 -1
        [1] (integer) 7
        1> BITCOUNT foo -1 -2
        [1] (integer) 0
        1> BITCOUNT foo 5 100
        [1] (integer) 4
        1> BITCOUNT foo 100 200
        [1] (integer) 0
        1> BITCOUNT foo -100 -90
        [1] (integer) 4
        1> BITCOUNT foo 1 1 BYTE
        [1] (integer) 6
        1> BITCOUNT foo 5 30 BIT
        [1] (integer) 17
        1> BITCOUNT foo 0 -1 BIT
        [1] (integer) 26
        1> BITCOUNT foo 3 3 bit
        [1] (integer) 0
        1> BITCOUNT foo -3 -1 BIT
        [1] (integer) 1
        1> BITCOUNT foo 9 1 BIT
        [1] (integer) 0
        1> BITCOUNT foo 0 1 BAD
        [1] (error) ERR syntax error
        1> BITCOUNT foo 0
        [1] (error) ERR syntax error
        1> BITCOUNT foo x 1
        [1] (error) ERR value is not an integer or out of range
        1> BITCOUNT foo 1 x
        [1] (error) ERR value is not an integer or out of range
        1> BITCOUNT foo 0 1 BIT extra
        [1] (error) ERR syntax error
        1> BITCOUNT missing
        [1] (integer) 0
        1> BITCOUNT missing 0
        [1] (integer) 0
        1> BITCOUNT missing 0 1 BAD
        [1] (integer) 0
        1> BITCOUNT l
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> BITCOUNT n
        [1] (integer) 6
    "#]],
    );
}

/// BITPOS.
#[test]
fn bitpos() {
    check(
        &[SETBIT_GETBIT, BITCOUNT],
        BITPOS,
        expect![[r#"
        1> SET bp "\xff\xf0\x00"
        [1] OK
        1> BITPOS bp 0
        [1] (integer) 12
        1> BITPOS bp 1
        [1] (integer) 0
        1> BITPOS bp 0 1
        [1] (integer) 12
        1> BITPOS bp 1 2
        [1] (integer) -1
        1> BITPOS bp 0 0 0
        [1] (integer) -1
        1> BITPOS bp 0 2 -1
        [1] (integer) 16
        1> BITPOS bp 1 -1
        [1] (integer) -1
        1> BITPOS bp 0 7 15 BIT
        [1] (integer) 12
        1> BITPOS bp 1 7 15 BIT
        [1] (integer) 7
        1> BITPOS bp 0 3 5 BIT
        [1] (integer) -1
        1> BITPOS bp 0 12 BIT
        [1] (error) ERR value is not an integer or out of range
        1> BITPOS bp 1 12 BIT
        [1] (error) ERR value is not an integer or out of range
        1> BITPOS bp 1 16 23 bit
        [1] (integer) -1
        1> BITPOS bp 0 1 1 BYTE
        [1] (integer) 12
        1> BITPOS bp 2
        [1] (error) ERR The bit argument must be 1 or 0.
        1> BITPOS bp x
        [1] (error) ERR value is not an integer or out of range
        1> BITPOS bp 0 x
        [1] (error) ERR value is not an integer or out of range
        1> BITPOS bp 0 1 x
        [1] (error) ERR value is not an integer or out of range
        1> BITPOS bp 0 1 2 BAD
        [1] (error) ERR syntax error
        1> BITPOS bp 0 1 2 BIT extra
        [1] (error) ERR syntax error
        1> BITPOS bp 0 5 3
        [1] (integer) -1
        1> SET ones "\xff\xff"
        [1] OK
        1> BITPOS ones 0
        [1] (integer) 16
        1> BITPOS ones 0 0 -1
        [1] (integer) -1
        1> BITPOS ones 0 0
        [1] (integer) 16
        1> BITPOS ones 0 0 15 BIT
        [1] (integer) -1
        1> BITPOS ones 1 3 3 BIT
        [1] (integer) 3
        1> SET zeros "\x00\x00"
        [1] OK
        1> BITPOS zeros 1
        [1] (integer) -1
        1> BITPOS zeros 0
        [1] (integer) 0
        1> BITPOS zeros 1 0 -1 BIT
        [1] (integer) -1
        1> BITPOS missing 0
        [1] (integer) 0
        1> BITPOS missing 1
        [1] (integer) -1
        1> BITPOS missing 2
        [1] (error) ERR The bit argument must be 1 or 0.
        1> BITPOS missing 0 1 2 BAD
        [1] (integer) 0
        1> BITPOS l 0
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SET one "\x00\x01\x00"
        [1] OK
        1> BITPOS one 1 3 20 BIT
        [1] (integer) 15
        1> BITPOS one 1 3 14 BIT
        [1] (integer) -1
        1> BITPOS one 1 15 15 BIT
        [1] (integer) 15
        1> BITPOS one 0 8 15 BIT
        [1] (integer) 8
    "#]],
    );
}

/// BITOP.
#[test]
fn bitop() {
    check(
        &[SETBIT_GETBIT, BITCOUNT, BITPOS],
        BITOP,
        expect![[r#"
        1> SET a "\xf0\x0f"
        [1] OK
        1> SET c "\xff"
        [1] OK
        1> BITOP AND d a c
        [1] (integer) 2
        1> GET d
        [1] "\xf0\x00"
        1> BITOP OR d a c
        [1] (integer) 2
        1> GET d
        [1] "\xff\x0f"
        1> BITOP XOR d a c
        [1] (integer) 2
        1> GET d
        [1] "\x0f\x0f"
        1> BITOP NOT d a
        [1] (integer) 2
        1> GET d
        [1] "\x0f\xf0"
        1> BITOP and d a c missing
        [1] (integer) 2
        1> GET d
        [1] "\x00\x00"
        1> BITOP OR d a
        [1] (integer) 2
        1> GET d
        [1] "\xf0\x0f"
        1> BITOP NOT d a c
        [1] (error) ERR BITOP NOT must be called with a single source key.
        1> BITOP NAND d a
        [1] (error) ERR syntax error
        1> BITOP AND d
        [1] (error) ERR wrong number of arguments for 'bitop' command
        1> BITOP AND d l
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SET d x EX 100
        [1] OK
        1> BITOP OR d a
        [1] (integer) 2
        1> TTL d
        [1] (integer) -1
        1> BITOP OR d missing nothere
        [1] (integer) 0
        1> EXISTS d
        [1] (integer) 0
        1> BITOP OR d missing
        [1] (integer) 0
        1> SET d keep
        [1] OK
        1> BITOP NOT d missing
        [1] (integer) 0
        1> EXISTS d
        [1] (integer) 0
    "#]],
    );
}

/// BITFIELD.
#[test]
fn bitfield() {
    check(
        &[SETBIT_GETBIT, BITCOUNT, BITPOS, BITOP],
        BITFIELD,
        expect![[r#"
        1> BITFIELD bf SET u8 0 255
        [1] 1) (integer) 0
        1> BITFIELD bf GET u8 0
        [1] 1) (integer) 255
        1> BITFIELD bf GET i8 0 GET u4 0 GET i4 4 GET u1 7
        [1] 1) (integer) -1
        2) (integer) 15
        3) (integer) -1
        4) (integer) 1
        1> BITFIELD bf INCRBY u8 0 1
        [1] 1) (integer) 0
        1> BITFIELD bf INCRBY u8 0 300
        [1] 1) (integer) 44
        1> BITFIELD bf OVERFLOW SAT INCRBY u8 0 300 INCRBY u8 0 -1000
        [1] 1) (integer) 255
        2) (integer) 0
        1> BITFIELD bf OVERFLOW FAIL INCRBY u8 0 300 GET u8 0
        [1] 1) (nil)
        2) (integer) 0
        1> BITFIELD bf OVERFLOW WRAP SET i8 0 200 GET i8 0
        [1] 1) (integer) 0
        2) (integer) -56
        1> BITFIELD bf SET i8 #1 -5 GET i8 #1 GET u8 8
        [1] 1) (integer) 0
        2) (integer) -5
        3) (integer) 251
        1> BITFIELD bf OVERFLOW SAT SET i8 0 200 SET i8 8 -200 GET i8 0 GET i8 8
        [1] 1) (integer) -56
        2) (integer) -5
        3) (integer) 127
        4) (integer) -128
        1> BITFIELD bf OVERFLOW FAIL SET u4 0 16 SET u4 0 15
        [1] 1) (nil)
        2) (integer) 7
        1> BITFIELD bf OVERFLOW SAT INCRBY i8 0 100 INCRBY i8 0 -300
        [1] 1) (integer) 99
        2) (integer) -128
        1> BITFIELD bf OVERFLOW WRAP INCRBY i8 0 100 INCRBY i8 0 -300
        [1] 1) (integer) -28
        2) (integer) -72
        1> BITFIELD bf SET i64 0 -1 GET i64 0 GET u63 0 GET i63 1
        [1] 1) (integer) -5152117973711847424
        2) (integer) -1
        3) (integer) 9223372036854775807
        4) (integer) -1
        1> BITFIELD bf OVERFLOW WRAP INCRBY i64 0 9223372036854775807 GET i64 0
        [1] 1) (integer) 9223372036854775806
        2) (integer) 9223372036854775806
        1> BITFIELD bf SET i64 0 9223372036854775807
        [1] 1) (integer) 9223372036854775806
        1> BITFIELD bf OVERFLOW SAT INCRBY i64 0 1
        [1] 1) (integer) 9223372036854775807
        1> BITFIELD bf OVERFLOW FAIL INCRBY i64 0 1
        [1] 1) (nil)
        1> BITFIELD bf OVERFLOW SAT INCRBY i64 0 -9223372036854775808 INCRBY i64 0 -9223372036854775808 INCRBY i64 0 -9223372036854775808
        [1] 1) (integer) -1
        2) (integer) -9223372036854775808
        3) (integer) -9223372036854775808
        1> BITFIELD bf SET u63 0 -1
        [1] 1) (integer) 4611686018427387904
        1> BITFIELD bf OVERFLOW SAT SET u63 0 -1
        [1] 1) (integer) 9223372036854775807
        1> BITFIELD bf OVERFLOW FAIL SET u63 0 -1
        [1] 1) (nil)
        1> BITFIELD bf SET u3 5 7 GET u8 0 GET u16 0
        [1] 1) (integer) 7
        2) (integer) 255
        3) (integer) 65535
        1> BITFIELD bf SET i5 #3 -16 GET i5 #3 INCRBY i5 #3 -1
        [1] 1) (integer) -1
        2) (integer) -16
        3) (integer) 15
        1> BITFIELD bf SET u2 100 3
        [1] 1) (integer) 0
        1> STRLEN bf
        [1] (integer) 13
        1> BITFIELD bf
        [1] (empty array)
        1> BITFIELD missing
        [1] (empty array)
        1> BITFIELD missing GET u8 0 GET i16 100
        [1] 1) (integer) 0
        2) (integer) 0
        1> EXISTS missing
        [1] (integer) 0
        1> BITFIELD l GET u8 0
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> BITFIELD l SET u8 0 1
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> BITFIELD bf GET u64 0
        [1] (error) ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.
        1> BITFIELD bf GET i65 0
        [1] (error) ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.
        1> BITFIELD bf GET i0 0
        [1] (error) ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.
        1> BITFIELD bf GET x8 0
        [1] (error) ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.
        1> BITFIELD bf GET U8 0
        [1] (error) ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.
        1> BITFIELD bf GET u8 -1
        [1] (error) ERR bit offset is not an integer or out of range
        1> BITFIELD bf GET u8 #-1
        [1] (error) ERR bit offset is not an integer or out of range
        1> BITFIELD bf GET u8 #x
        [1] (error) ERR bit offset is not an integer or out of range
        1> BITFIELD bf GET u8 4294967296
        [1] (error) ERR bit offset is not an integer or out of range
        1> BITFIELD bf GET u8 #536870912
        [1] (error) ERR bit offset is not an integer or out of range
        1> BITFIELD bf SET u8 0 x
        [1] (error) ERR value is not an integer or out of range
        1> BITFIELD bf SET u8 0
        [1] (error) ERR syntax error
        1> BITFIELD bf GET u8
        [1] (error) ERR syntax error
        1> BITFIELD bf OVERFLOW
        [1] (error) ERR syntax error
        1> BITFIELD bf OVERFLOW BAD SET u8 0 1
        [1] (error) ERR Invalid OVERFLOW type specified
        1> BITFIELD bf FOO u8 0
        [1] (error) ERR syntax error
        1> BITFIELD bf GET u8 0 SET u8 0
        [1] (error) ERR syntax error
        1> BITFIELD bf get u8 0 set u8 0 9 incrby u8 0 1 overflow sat
        [1] 1) (integer) 255
        2) (integer) 255
        3) (integer) 10
        1> BITFIELD fresh OVERFLOW FAIL SET u8 0 256
        [1] 1) (nil)
        1> GET fresh
        [1] "\x00"
        1> BITFIELD fresh2 INCRBY u8 16 5
        [1] 1) (integer) 5
        1> GET fresh2
        [1] "\x00\x00\x05"
    "#]],
    );
}

/// BITFIELD_RO.
#[test]
fn bitfield_ro() {
    check(
        &[SETBIT_GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD],
        BITFIELD_RO,
        expect![[r#"
        1> BITFIELD_RO bf GET u8 0 GET i8 #1
        [1] 1) (integer) 10
        2) (integer) -2
        1> BITFIELD_RO bf
        [1] (empty array)
        1> BITFIELD_RO bf SET u8 0 1
        [1] (error) ERR BITFIELD_RO only supports the GET subcommand
        1> BITFIELD_RO bf INCRBY u8 0 1
        [1] (error) ERR BITFIELD_RO only supports the GET subcommand
        1> BITFIELD_RO bf OVERFLOW SAT
        [1] (empty array)
        1> BITFIELD_RO bf GET u8 x
        [1] (error) ERR bit offset is not an integer or out of range
        1> BITFIELD_RO missing GET u8 0
        [1] 1) (integer) 0
        1> BITFIELD_RO l GET u8 0
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> BITFIELD_RO l SET u8 0 1
        [1] (error) ERR BITFIELD_RO only supports the GET subcommand
    "#]],
    );
}

/// in MULTI, and reply types.
#[test]
fn in_multi() {
    check(
        &[
            SETBIT_GETBIT,
            BITCOUNT,
            BITPOS,
            BITOP,
            BITFIELD,
            BITFIELD_RO,
        ],
        IN_MULTI,
        expect![[r#"
        1> MULTI
        [1] OK
        1> SETBIT m 3 1
        [1] QUEUED
        1> GETBIT m 3
        [1] QUEUED
        1> BITCOUNT m
        [1] QUEUED
        1> BITFIELD m GET u4 0
        [1] QUEUED
        1> EXEC
        [1] 1) (integer) 0
        2) (integer) 1
        3) (integer) 1
        4) 1) (integer) 1
    "#]],
    );
}

/// extreme arguments.
#[test]
fn extreme_arguments() {
    check(
        &[
            SETBIT_GETBIT,
            BITCOUNT,
            BITPOS,
            BITOP,
            BITFIELD,
            BITFIELD_RO,
            IN_MULTI,
        ],
        EXTREME_ARGUMENTS,
        expect![[r#"
        1> SET foo foobar
        [1] OK
        1> BITCOUNT foo 0 9223372036854775807 BIT
        [1] (integer) 26
        1> BITCOUNT foo -9223372036854775808 -1
        [1] (integer) 26
        1> BITCOUNT foo -9223372036854775808 9223372036854775807 BIT
        [1] (integer) 26
        1> BITPOS foo 0 -9223372036854775808 9223372036854775807 BIT
        [1] (integer) 0
        1> BITPOS foo 1 9223372036854775807
        [1] (integer) -1
        1> BITPOS foo 1 0 9223372036854775807 BIT
        [1] (integer) 1
        1> BITFIELD foo GET i64 #9223372036854775807
        [1] (error) ERR bit offset is not an integer or out of range
        1> BITFIELD foo GET u8 #-9223372036854775808
        [1] 1) (integer) 102
        1> BITFIELD foo GET i64 #144115188075855871
        [1] (error) ERR bit offset is not an integer or out of range
        1> BITFIELD foo GET i64 #67108863 GET u1 4294967295
        [1] 1) (integer) 0
        2) (integer) 0
        1> GETBIT foo 4294967295
        [1] (integer) 0
        1> BITFIELD foo GET u8 4294967288
        [1] 1) (integer) 0
        1> BITFIELD foo GET u8 "\x31"
        [1] 1) (integer) 204
    "#]],
    );
}

/// command metadata.
#[test]
fn command_metadata() {
    check(
        &[
            SETBIT_GETBIT,
            BITCOUNT,
            BITPOS,
            BITOP,
            BITFIELD,
            BITFIELD_RO,
            IN_MULTI,
            EXTREME_ARGUMENTS,
        ],
        COMMAND_METADATA,
        expect![[r#"
        1> COMMAND DOCS bitcount bitfield_ro
        [1] 1) "bitcount"
        2)  1) "summary"
            2) "Count set bits in a string"
            3) "since"
            4) "2.6.0"
            5) "group"
            6) "bitmap"
            7) "complexity"
            8) "O(N)"
            9) "history"
           10) 1) 1) "7.0.0"
                  2) "Added the `BYTE|BIT` option."
           11) "arguments"
           12) 1) 1) "name"
                  2) "key"
                  3) "type"
                  4) "key"
                  5) "key_spec_index"
                  6) (integer) 0
               2) 1) "name"
                  2) "index"
                  3) "type"
                  4) "block"
                  5) "flags"
                  6) 1) optional
                  7) "arguments"
                  8) 1) 1) "name"
                        2) "start"
                        3) "type"
                        4) "integer"
                     2) 1) "name"
                        2) "end"
                        3) "type"
                        4) "integer"
                     3)  1) "name"
                         2) "index_unit"
                         3) "type"
                         4) "oneof"
                         5) "since"
                         6) "7.0.0"
                         7) "flags"
                         8) 1) optional
                         9) "arguments"
                        10) 1) 1) "name"
                               2) "byte"
                               3) "type"
                               4) "pure-token"
                               5) "token"
                               6) "BYTE"
                            2) 1) "name"
                               2) "bit"
                               3) "type"
                               4) "pure-token"
                               5) "token"
                               6) "BIT"
        3) "bitfield_ro"
        4)  1) "summary"
            2) "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD"
            3) "since"
            4) "6.0.0"
            5) "group"
            6) "bitmap"
            7) "complexity"
            8) "O(1) for each subcommand specified"
            9) "arguments"
           10) 1) 1) "name"
                  2) "key"
                  3) "type"
                  4) "key"
                  5) "key_spec_index"
                  6) (integer) 0
               2)  1) "name"
                   2) "encoding_offset"
                   3) "type"
                   4) "block"
                   5) "token"
                   6) "GET"
                   7) "flags"
                   8) 1) optional
                      2) multiple
                      3) multiple_token
                   9) "arguments"
                  10) 1) 1) "name"
                         2) "encoding"
                         3) "type"
                         4) "string"
                      2) 1) "name"
                         2) "offset"
                         3) "type"
                         4) "integer"
    "#]],
    );
}
