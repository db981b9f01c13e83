//! Transcript tests of SORT and SORT_RO. The same commands, in the same order, are
//! native-server's differential transcript `sort.txt`, where redlet's replies were compared
//! byte for byte with redis-server 7.0.15 (RESP2 and RESP3); the expected text here is
//! redis-cli's rendering. Sets are only ever returned sorted (their layout differs from
//! Redis's).

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

/// numeric and ALPHA sorts.
const NUMERIC_AND_ALPHA: &[&str] = &[
    r#"RPUSH l 3 1 2 10 -5 1.5"#,
    r#"SORT l"#,
    r#"SORT l DESC"#,
    r#"SORT l ALPHA"#,
    r#"SORT l ALPHA DESC"#,
    r#"SORT l LIMIT 1 2"#,
    r#"SORT l LIMIT 0 0"#,
    r#"SORT l LIMIT -5 2"#,
    r#"SORT l LIMIT 4 100"#,
    r#"SORT l LIMIT 6 1"#,
    r#"SORT l LIMIT 100 1"#,
    r#"SORT l LIMIT 2 -1"#,
    r#"SORT l desc limit 1 3 alpha"#,
    r#"SORT l LIMIT x 1"#,
    r#"SORT l LIMIT 1"#,
    r#"SORT l LIMIT 1 x"#,
    r#"RPUSH words banana apple cherry"#,
    r#"SORT words"#,
    r#"SORT words ALPHA"#,
    r#"SORT words ALPHA DESC"#,
    r#"RPUSH mixed 2 "" 1"#,
    r#"SORT mixed"#,
    r#"RPUSH spaced " 3" 2 "1 ""#,
    r#"SORT spaced"#,
    r#"RPUSH fl 1e3 0x10 inf -inf 2.5"#,
    r#"SORT fl"#,
    r#"RPUSH nan nan 1"#,
    r#"SORT nan"#,
    r#"SADD s 5 3 9 1"#,
    r#"SORT s"#,
    r#"SORT s DESC"#,
    r#"SADD sw pear fig kiwi"#,
    r#"SORT sw ALPHA"#,
    r#"ZADD z 1 c 2 b 3 a"#,
    r#"SORT z ALPHA"#,
    r#"SORT z BY nosort"#,
    r#"SORT z BY nosort DESC"#,
    r#"SORT z BY nosort LIMIT 1 1"#,
    r#"SORT z BY nosort DESC LIMIT 1 5"#,
    r#"SORT missing"#,
    r#"SORT missing BY nosort LIMIT 0 5"#,
    r#"SET str x"#,
    r#"SORT str"#,
    r#"HSET h f v"#,
    r#"SORT h"#,
    r#"SORT_RO l"#,
    r#"SORT_RO str"#,
];

/// BY patterns.
const BY_PATTERNS: &[&str] = &[
    r#"RPUSH ids 1 2 3 4"#,
    r#"MSET w_1 30 w_2 10 w_3 20"#,
    r#"SORT ids BY w_*"#,
    r#"SORT ids BY w_* DESC"#,
    r#"SORT ids BY w_* LIMIT 0 2"#,
    r#"SORT ids BY w_* ALPHA"#,
    r#"SORT ids BY nosort"#,
    r#"SORT ids BY nosort DESC"#,
    r#"SORT ids BY nosort LIMIT 1 2"#,
    r#"SORT ids BY nosort DESC LIMIT 1 2"#,
    r#"SORT ids BY w_*->x"#,
    r#"HSET hw_1 f 3 g b"#,
    r#"HSET hw_2 f 1 g c"#,
    r#"HSET hw_3 f 2 g a"#,
    r#"HSET hw_4 f 0"#,
    r#"SORT ids BY hw_*->f"#,
    r#"SORT ids BY hw_*->g ALPHA"#,
    r#"SORT ids BY hw_*->g ALPHA DESC"#,
    r#"SORT ids BY hw_*->"#,
    r#"SORT ids BY pre_*_post"#,
    r#"SET bad_2 notanumber"#,
    r#"SORT ids BY bad_*"#,
    r#"SORT ids BY bad_* ALPHA"#,
    r#"SORT ids BY hw_*->g"#,
];

/// GET patterns.
const GET_PATTERNS: &[&str] = &[
    r#"MSET name_1 one name_2 two name_3 three"#,
    r#"SORT ids GET name_*"#,
    r#"SORT ids GET # GET name_*"#,
    r#"SORT ids BY w_* GET # GET name_* GET hw_*->g"#,
    r#"SORT ids GET nostar"#,
    r#"SORT ids GET hw_*->nofield"#,
    r#"SORT ids GET l"#,
    r#"SORT ids BY nosort GET name_* LIMIT 1 1"#,
    r#"SORT ids GET"#,
    r#"SORT ids BY"#,
    r#"SORT ids FOO"#,
    r#"SORT_RO ids BY w_* GET # GET name_*"#,
];

/// STORE.
const STORE: &[&str] = &[
    r#"SORT l STORE dst"#,
    r#"LRANGE dst 0 -1"#,
    r#"TYPE dst"#,
    r#"SORT ids BY w_* GET name_* STORE dst"#,
    r#"LRANGE dst 0 -1"#,
    r#"SORT ids GET name_* GET hw_*->g STORE dst"#,
    r#"LRANGE dst 0 -1"#,
    r#"SET dst x EX 100"#,
    r#"SORT s STORE dst"#,
    r#"TTL dst"#,
    r#"LRANGE dst 0 -1"#,
    r#"SORT sw BY nosort STORE dst"#,
    r#"LRANGE dst 0 -1"#,
    r#"SORT missing STORE dst"#,
    r#"EXISTS dst"#,
    r#"SORT l LIMIT 0 0 STORE dst"#,
    r#"SORT str STORE dst"#,
    r#"SORT_RO l STORE dst"#,
    r#"SORT l STORE"#,
    r#"SORT l STORE l"#,
    r#"LRANGE l 0 -1"#,
];

/// STORE wakes a blocked client.
const STORE_WAKES_BLOCKED_CLIENT: &[&str] = &[
    r#"2> BLPOP bl 0"#,
    r#"SORT ids STORE bl"#,
    r#"LRANGE bl 0 -1"#,
];

/// extreme LIMITs.
const EXTREME_LIMITS: &[&str] = &[
    r#"RPUSH ll 3 1 2 10 -5"#,
    r#"SORT ll LIMIT 2 9223372036854775807"#,
    r#"SORT ll LIMIT 1 9223372036854775807"#,
    r#"SORT ll BY nosort LIMIT 2 9223372036854775807"#,
    r#"SORT ll BY nosort DESC LIMIT 9223372036854775807 9223372036854775807"#,
    r#"SORT ll LIMIT -9223372036854775808 2"#,
    r#"SORT ll BY nosort LIMIT 4 -9223372036854775808"#,
];

/// command metadata.
const COMMAND_METADATA: &[&str] = &[r#"COMMAND DOCS sort_ro"#];

/// equal ALPHA BY keys: a full sort keeps the list order (glibc's merge sort), a LIMIT.
const EQUAL_ALPHA_BY_KEYS: &[&str] = &[
    r#"RPUSH tie a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T"#,
    r#"MSET tk_a 1 tk_c 1 tk_e 2 tk_g 1 tk_z 0 tk_B 2"#,
    r#"SORT tie BY tk_* ALPHA"#,
    r#"SORT tie BY tk_* ALPHA LIMIT 0 10"#,
    r#"SORT tie BY tk_* ALPHA LIMIT 5 10"#,
    r#"SORT tie BY tk_* ALPHA DESC LIMIT 30 30"#,
    r#"SORT tie BY nokey_* ALPHA LIMIT 1 3"#,
    r#"SORT tie BY nokey_* ALPHA DESC LIMIT 40 5"#,
];

/// out-of-range scores (last: see the note at the top).
const OUT_OF_RANGE_SCORES: &[&str] = &[
    r#"RPUSH big 1e400 1"#,
    r#"SORT big"#,
    r#"RPUSH small 1e-400 1"#,
    r#"SORT small"#,
    r#"RPUSH sub 1e-310 1"#,
    r#"SORT sub"#,
];

/// numeric and ALPHA sorts.
#[test]
fn numeric_and_alpha() {
    check(
        &[],
        NUMERIC_AND_ALPHA,
        expect![[r#"
        1> RPUSH l 3 1 2 10 -5 1.5
        [1] (integer) 6
        1> SORT l
        [1] 1) "-5"
        2) "1"
        3) "1.5"
        4) "2"
        5) "3"
        6) "10"
        1> SORT l DESC
        [1] 1) "10"
        2) "3"
        3) "2"
        4) "1.5"
        5) "1"
        6) "-5"
        1> SORT l ALPHA
        [1] 1) "-5"
        2) "1"
        3) "1.5"
        4) "10"
        5) "2"
        6) "3"
        1> SORT l ALPHA DESC
        [1] 1) "3"
        2) "2"
        3) "10"
        4) "1.5"
        5) "1"
        6) "-5"
        1> SORT l LIMIT 1 2
        [1] 1) "1"
        2) "1.5"
        1> SORT l LIMIT 0 0
        [1] (empty array)
        1> SORT l LIMIT -5 2
        [1] 1) "-5"
        2) "1"
        1> SORT l LIMIT 4 100
        [1] 1) "3"
        2) "10"
        1> SORT l LIMIT 6 1
        [1] (empty array)
        1> SORT l LIMIT 100 1
        [1] (empty array)
        1> SORT l LIMIT 2 -1
        [1] 1) "1.5"
        2) "2"
        3) "3"
        4) "10"
        1> SORT l desc limit 1 3 alpha
        [1] 1) "2"
        2) "10"
        3) "1.5"
        1> SORT l LIMIT x 1
        [1] (error) ERR value is not an integer or out of range
        1> SORT l LIMIT 1
        [1] (error) ERR syntax error
        1> SORT l LIMIT 1 x
        [1] (error) ERR value is not an integer or out of range
        1> RPUSH words banana apple cherry
        [1] (integer) 3
        1> SORT words
        [1] (error) ERR One or more scores can't be converted into double
        1> SORT words ALPHA
        [1] 1) "apple"
        2) "banana"
        3) "cherry"
        1> SORT words ALPHA DESC
        [1] 1) "cherry"
        2) "banana"
        3) "apple"
        1> RPUSH mixed 2 "" 1
        [1] (integer) 3
        1> SORT mixed
        [1] 1) ""
        2) "1"
        3) "2"
        1> RPUSH spaced " 3" 2 "1 "
        [1] (integer) 3
        1> SORT spaced
        [1] (error) ERR One or more scores can't be converted into double
        1> RPUSH fl 1e3 0x10 inf -inf 2.5
        [1] (integer) 5
        1> SORT fl
        [1] 1) "-inf"
        2) "2.5"
        3) "0x10"
        4) "1e3"
        5) "inf"
        1> RPUSH nan nan 1
        [1] (integer) 2
        1> SORT nan
        [1] (error) ERR One or more scores can't be converted into double
        1> SADD s 5 3 9 1
        [1] (integer) 4
        1> SORT s
        [1] 1) "1"
        2) "3"
        3) "5"
        4) "9"
        1> SORT s DESC
        [1] 1) "9"
        2) "5"
        3) "3"
        4) "1"
        1> SADD sw pear fig kiwi
        [1] (integer) 3
        1> SORT sw ALPHA
        [1] 1) "fig"
        2) "kiwi"
        3) "pear"
        1> ZADD z 1 c 2 b 3 a
        [1] (integer) 3
        1> SORT z ALPHA
        [1] 1) "a"
        2) "b"
        3) "c"
        1> SORT z BY nosort
        [1] 1) "c"
        2) "b"
        3) "a"
        1> SORT z BY nosort DESC
        [1] 1) "a"
        2) "b"
        3) "c"
        1> SORT z BY nosort LIMIT 1 1
        [1] 1) "b"
        1> SORT z BY nosort DESC LIMIT 1 5
        [1] 1) "b"
        2) "c"
        1> SORT missing
        [1] (empty array)
        1> SORT missing BY nosort LIMIT 0 5
        [1] (empty array)
        1> SET str x
        [1] OK
        1> SORT str
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> HSET h f v
        [1] (integer) 1
        1> SORT h
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SORT_RO l
        [1] 1) "-5"
        2) "1"
        3) "1.5"
        4) "2"
        5) "3"
        6) "10"
        1> SORT_RO str
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
    "#]],
    );
}

/// BY patterns.
#[test]
fn by_patterns() {
    check(
        &[NUMERIC_AND_ALPHA],
        BY_PATTERNS,
        expect![[r#"
        1> RPUSH ids 1 2 3 4
        [1] (integer) 4
        1> MSET w_1 30 w_2 10 w_3 20
        [1] OK
        1> SORT ids BY w_*
        [1] 1) "4"
        2) "2"
        3) "3"
        4) "1"
        1> SORT ids BY w_* DESC
        [1] 1) "1"
        2) "3"
        3) "2"
        4) "4"
        1> SORT ids BY w_* LIMIT 0 2
        [1] 1) "4"
        2) "2"
        1> SORT ids BY w_* ALPHA
        [1] 1) "4"
        2) "2"
        3) "3"
        4) "1"
        1> SORT ids BY nosort
        [1] 1) "1"
        2) "2"
        3) "3"
        4) "4"
        1> SORT ids BY nosort DESC
        [1] 1) "4"
        2) "3"
        3) "2"
        4) "1"
        1> SORT ids BY nosort LIMIT 1 2
        [1] 1) "2"
        2) "3"
        1> SORT ids BY nosort DESC LIMIT 1 2
        [1] 1) "3"
        2) "2"
        1> SORT ids BY w_*->x
        [1] 1) "1"
        2) "2"
        3) "3"
        4) "4"
        1> HSET hw_1 f 3 g b
        [1] (integer) 2
        1> HSET hw_2 f 1 g c
        [1] (integer) 2
        1> HSET hw_3 f 2 g a
        [1] (integer) 2
        1> HSET hw_4 f 0
        [1] (integer) 1
        1> SORT ids BY hw_*->f
        [1] 1) "4"
        2) "2"
        3) "3"
        4) "1"
        1> SORT ids BY hw_*->g ALPHA
        [1] 1) "4"
        2) "3"
        3) "1"
        4) "2"
        1> SORT ids BY hw_*->g ALPHA DESC
        [1] 1) "2"
        2) "1"
        3) "3"
        4) "4"
        1> SORT ids BY hw_*->
        [1] 1) "1"
        2) "2"
        3) "3"
        4) "4"
        1> SORT ids BY pre_*_post
        [1] 1) "1"
        2) "2"
        3) "3"
        4) "4"
        1> SET bad_2 notanumber
        [1] OK
        1> SORT ids BY bad_*
        [1] (error) ERR One or more scores can't be converted into double
        1> SORT ids BY bad_* ALPHA
        [1] 1) "1"
        2) "3"
        3) "4"
        4) "2"
        1> SORT ids BY hw_*->g
        [1] (error) ERR One or more scores can't be converted into double
    "#]],
    );
}

/// GET patterns.
#[test]
fn get_patterns() {
    check(
        &[NUMERIC_AND_ALPHA, BY_PATTERNS],
        GET_PATTERNS,
        expect![[r#"
        1> MSET name_1 one name_2 two name_3 three
        [1] OK
        1> SORT ids GET name_*
        [1] 1) "one"
        2) "two"
        3) "three"
        4) (nil)
        1> SORT ids GET # GET name_*
        [1] 1) "1"
        2) "one"
        3) "2"
        4) "two"
        5) "3"
        6) "three"
        7) "4"
        8) (nil)
        1> SORT ids BY w_* GET # GET name_* GET hw_*->g
        [1]  1) "4"
         2) (nil)
         3) (nil)
         4) "2"
         5) "two"
         6) "c"
         7) "3"
         8) "three"
         9) "a"
        10) "1"
        11) "one"
        12) "b"
        1> SORT ids GET nostar
        [1] 1) (nil)
        2) (nil)
        3) (nil)
        4) (nil)
        1> SORT ids GET hw_*->nofield
        [1] 1) (nil)
        2) (nil)
        3) (nil)
        4) (nil)
        1> SORT ids GET l
        [1] 1) (nil)
        2) (nil)
        3) (nil)
        4) (nil)
        1> SORT ids BY nosort GET name_* LIMIT 1 1
        [1] 1) "two"
        1> SORT ids GET
        [1] (error) ERR syntax error
        1> SORT ids BY
        [1] (error) ERR syntax error
        1> SORT ids FOO
        [1] (error) ERR syntax error
        1> SORT_RO ids BY w_* GET # GET name_*
        [1] 1) "4"
        2) (nil)
        3) "2"
        4) "two"
        5) "3"
        6) "three"
        7) "1"
        8) "one"
    "#]],
    );
}

/// STORE.
#[test]
fn store() {
    check(
        &[NUMERIC_AND_ALPHA, BY_PATTERNS, GET_PATTERNS],
        STORE,
        expect![[r#"
        1> SORT l STORE dst
        [1] (integer) 6
        1> LRANGE dst 0 -1
        [1] 1) "-5"
        2) "1"
        3) "1.5"
        4) "2"
        5) "3"
        6) "10"
        1> TYPE dst
        [1] list
        1> SORT ids BY w_* GET name_* STORE dst
        [1] (integer) 4
        1> LRANGE dst 0 -1
        [1] 1) ""
        2) "two"
        3) "three"
        4) "one"
        1> SORT ids GET name_* GET hw_*->g STORE dst
        [1] (integer) 8
        1> LRANGE dst 0 -1
        [1] 1) "one"
        2) "b"
        3) "two"
        4) "c"
        5) "three"
        6) "a"
        7) ""
        8) ""
        1> SET dst x EX 100
        [1] OK
        1> SORT s STORE dst
        [1] (integer) 4
        1> TTL dst
        [1] (integer) -1
        1> LRANGE dst 0 -1
        [1] 1) "1"
        2) "3"
        3) "5"
        4) "9"
        1> SORT sw BY nosort STORE dst
        [1] (integer) 3
        1> LRANGE dst 0 -1
        [1] 1) "fig"
        2) "kiwi"
        3) "pear"
        1> SORT missing STORE dst
        [1] (integer) 0
        1> EXISTS dst
        [1] (integer) 0
        1> SORT l LIMIT 0 0 STORE dst
        [1] (integer) 0
        1> SORT str STORE dst
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SORT_RO l STORE dst
        [1] (error) ERR syntax error
        1> SORT l STORE
        [1] (error) ERR syntax error
        1> SORT l STORE l
        [1] (integer) 6
        1> LRANGE l 0 -1
        [1] 1) "-5"
        2) "1"
        3) "1.5"
        4) "2"
        5) "3"
        6) "10"
    "#]],
    );
}

/// STORE wakes a blocked client.
#[test]
fn store_wakes_blocked_client() {
    check(
        &[NUMERIC_AND_ALPHA, BY_PATTERNS, GET_PATTERNS, STORE],
        STORE_WAKES_BLOCKED_CLIENT,
        expect![[r#"
        2> BLPOP bl 0
        1> SORT ids STORE bl
        [1] (integer) 4
        [2] 1) "bl"
        2) "1"
        1> LRANGE bl 0 -1
        [1] 1) "2"
        2) "3"
        3) "4"
    "#]],
    );
}

/// extreme LIMITs.
#[test]
fn extreme_limits() {
    check(
        &[
            NUMERIC_AND_ALPHA,
            BY_PATTERNS,
            GET_PATTERNS,
            STORE,
            STORE_WAKES_BLOCKED_CLIENT,
        ],
        EXTREME_LIMITS,
        expect![[r#"
        1> RPUSH ll 3 1 2 10 -5
        [1] (integer) 5
        1> SORT ll LIMIT 2 9223372036854775807
        [1] 1) "2"
        2) "3"
        3) "10"
        1> SORT ll LIMIT 1 9223372036854775807
        [1] 1) "1"
        2) "2"
        3) "3"
        4) "10"
        1> SORT ll BY nosort LIMIT 2 9223372036854775807
        [1] 1) "2"
        2) "10"
        3) "-5"
        1> SORT ll BY nosort DESC LIMIT 9223372036854775807 9223372036854775807
        [1] (empty array)
        1> SORT ll LIMIT -9223372036854775808 2
        [1] 1) "-5"
        2) "1"
        1> SORT ll BY nosort LIMIT 4 -9223372036854775808
        [1] 1) "-5"
    "#]],
    );
}

/// command metadata.
#[test]
fn command_metadata() {
    check(
        &[
            NUMERIC_AND_ALPHA,
            BY_PATTERNS,
            GET_PATTERNS,
            STORE,
            STORE_WAKES_BLOCKED_CLIENT,
            EXTREME_LIMITS,
        ],
        COMMAND_METADATA,
        expect![[r#"
        1> COMMAND DOCS sort_ro
        [1] 1) "sort_ro"
        2)  1) "summary"
            2) "Sort the elements in a list, set or sorted set. Read-only variant of SORT."
            3) "since"
            4) "7.0.0"
            5) "group"
            6) "generic"
            7) "complexity"
            8) "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N)."
            9) "arguments"
           10) 1) 1) "name"
                  2) "key"
                  3) "type"
                  4) "key"
                  5) "key_spec_index"
                  6) (integer) 0
               2)  1) "name"
                   2) "pattern"
                   3) "type"
                   4) "pattern"
                   5) "key_spec_index"
                   6) (integer) 1
                   7) "token"
                   8) "BY"
                   9) "flags"
                  10) 1) optional
               3)  1) "name"
                   2) "offset_count"
                   3) "type"
                   4) "block"
                   5) "token"
                   6) "LIMIT"
                   7) "flags"
                   8) 1) optional
                   9) "arguments"
                  10) 1) 1) "name"
                         2) "offset"
                         3) "type"
                         4) "integer"
                      2) 1) "name"
                         2) "count"
                         3) "type"
                         4) "integer"
               4)  1) "name"
                   2) "pattern"
                   3) "type"
                   4) "pattern"
                   5) "key_spec_index"
                   6) (integer) 1
                   7) "token"
                   8) "GET"
                   9) "flags"
                  10) 1) optional
                      2) multiple
                      3) multiple_token
               5) 1) "name"
                  2) "order"
                  3) "type"
                  4) "oneof"
                  5) "flags"
                  6) 1) optional
                  7) "arguments"
                  8) 1) 1) "name"
                        2) "asc"
                        3) "type"
                        4) "pure-token"
                        5) "token"
                        6) "ASC"
                     2) 1) "name"
                        2) "desc"
                        3) "type"
                        4) "pure-token"
                        5) "token"
                        6) "DESC"
               6) 1) "name"
                  2) "sorting"
                  3) "type"
                  4) "pure-token"
                  5) "token"
                  6) "ALPHA"
                  7) "flags"
                  8) 1) optional
    "#]],
    );
}

/// equal ALPHA BY keys: a full sort keeps the list order (glibc's merge sort), a LIMIT.
#[test]
fn equal_alpha_by_keys() {
    check(
        &[
            NUMERIC_AND_ALPHA,
            BY_PATTERNS,
            GET_PATTERNS,
            STORE,
            STORE_WAKES_BLOCKED_CLIENT,
            EXTREME_LIMITS,
            COMMAND_METADATA,
        ],
        EQUAL_ALPHA_BY_KEYS,
        expect![[r#"
        1> RPUSH tie a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T
        [1] (integer) 46
        1> MSET tk_a 1 tk_c 1 tk_e 2 tk_g 1 tk_z 0 tk_B 2
        [1] OK
        1> SORT tie BY tk_* ALPHA
        [1]  1) "b"
         2) "d"
         3) "f"
         4) "h"
         5) "i"
         6) "j"
         7) "k"
         8) "l"
         9) "m"
        10) "n"
        11) "o"
        12) "p"
        13) "q"
        14) "r"
        15) "s"
        16) "t"
        17) "u"
        18) "v"
        19) "w"
        20) "x"
        21) "y"
        22) "A"
        23) "C"
        24) "D"
        25) "E"
        26) "F"
        27) "G"
        28) "H"
        29) "I"
        30) "J"
        31) "K"
        32) "L"
        33) "M"
        34) "N"
        35) "O"
        36) "P"
        37) "Q"
        38) "R"
        39) "S"
        40) "T"
        41) "z"
        42) "a"
        43) "c"
        44) "g"
        45) "e"
        46) "B"
        1> SORT tie BY tk_* ALPHA LIMIT 0 10
        [1]  1) "T"
         2) "b"
         3) "N"
         4) "O"
         5) "P"
         6) "Q"
         7) "R"
         8) "S"
         9) "d"
        10) "f"
        1> SORT tie BY tk_* ALPHA LIMIT 5 10
        [1]  1) "Q"
         2) "R"
         3) "S"
         4) "d"
         5) "f"
         6) "h"
         7) "i"
         8) "j"
         9) "k"
        10) "l"
        1> SORT tie BY tk_* ALPHA DESC LIMIT 30 30
        [1]  1) "J"
         2) "K"
         3) "L"
         4) "M"
         5) "N"
         6) "O"
         7) "P"
         8) "Q"
         9) "R"
        10) "S"
        11) "T"
        12) "b"
        13) "d"
        14) "f"
        15) "h"
        16) "i"
        1> SORT tie BY nokey_* ALPHA LIMIT 1 3
        [1] 1) "b"
        2) "c"
        3) "d"
        1> SORT tie BY nokey_* ALPHA DESC LIMIT 40 5
        [1] 1) "O"
        2) "P"
        3) "Q"
        4) "R"
        5) "S"
    "#]],
    );
}

/// out-of-range scores (last: see the note at the top).
#[test]
fn out_of_range_scores() {
    check(
        &[
            NUMERIC_AND_ALPHA,
            BY_PATTERNS,
            GET_PATTERNS,
            STORE,
            STORE_WAKES_BLOCKED_CLIENT,
            EXTREME_LIMITS,
            COMMAND_METADATA,
            EQUAL_ALPHA_BY_KEYS,
        ],
        OUT_OF_RANGE_SCORES,
        expect![[r#"
        1> RPUSH big 1e400 1
        [1] (integer) 2
        1> SORT big
        [1] (error) ERR One or more scores can't be converted into double
        1> RPUSH small 1e-400 1
        [1] (integer) 2
        1> SORT small
        [1] (error) ERR One or more scores can't be converted into double
        1> RPUSH sub 1e-310 1
        [1] (integer) 2
        1> SORT sub
        [1] (error) ERR One or more scores can't be converted into double
    "#]],
    );
}
