//! Transcript tests of the sorted-set commands (replies as redis-cli shows them against
//! redis-server 7.0.15), RESP3 reply shapes byte for byte, blocking pops in virtual time, and
//! a model-based test of the `ZSet` type against a sorted `Vec`.

use expect_test::expect;
use proptest::prelude::*;
use redlet_core::keyspace::zset::{cmp_item, LexBound, Limits, ScoreBound, ZSet};
use redlet_core::testkit::{transcript, Harness};

#[test]
fn zadd_options_and_errors() {
    let got = transcript(&[
        "ZADD z 1 a 2 b 3 c",
        "ZADD z 0.1 d -0 e +inf hi",
        "ZRANGE z 0 -1 WITHSCORES",
        "ZADD z NX 10 a 4 f",
        "ZADD z XX CH 11 a 5 g",
        "ZADD z GT CH 1 a 20 b",
        "ZADD z LT 0 brandnew",
        "ZADD z XX NX 1 a",
        "ZADD z GT LT 1 a",
        "ZADD z GT NX 1 a",
        "ZADD z INCR 1 a 2 b",
        "ZADD z nan a",
        "ZADD z 1e400 a",
        "ZADD z 1 a 2",
        "ZADD z 1",
        "ZADD z INCR 5 a",
        "ZADD z INCR NX 5 a",
        "ZADD z INCR GT -5 a",
        "ZADD z INCR +inf a",
        "ZINCRBY z -inf a",
        "ZINCRBY z 0.1 d",
        "ZADD newkey XX 1 a",
        "ZCARD newkey",
        "SET str v",
        "ZADD str 1 a",
        "ZSCORE z d",
        "ZMSCORE z a nosuch",
        "ZCARD z",
        "ZREM z a nosuch",
        "ZRANK z e",
        "ZREVRANK z e",
        "ZRANK z nosuch",
    ]);
    expect![[r#"
        1> ZADD z 1 a 2 b 3 c
        [1] (integer) 3
        1> ZADD z 0.1 d -0 e +inf hi
        [1] (integer) 3
        1> ZRANGE z 0 -1 WITHSCORES
        [1]  1) "e"
         2) "0"
         3) "d"
         4) "0.10000000000000001"
         5) "a"
         6) "1"
         7) "b"
         8) "2"
         9) "c"
        10) "3"
        11) "hi"
        12) "inf"
        1> ZADD z NX 10 a 4 f
        [1] (integer) 1
        1> ZADD z XX CH 11 a 5 g
        [1] (integer) 1
        1> ZADD z GT CH 1 a 20 b
        [1] (integer) 1
        1> ZADD z LT 0 brandnew
        [1] (integer) 1
        1> ZADD z XX NX 1 a
        [1] (error) ERR XX and NX options at the same time are not compatible
        1> ZADD z GT LT 1 a
        [1] (error) ERR GT, LT, and/or NX options at the same time are not compatible
        1> ZADD z GT NX 1 a
        [1] (error) ERR GT, LT, and/or NX options at the same time are not compatible
        1> ZADD z INCR 1 a 2 b
        [1] (error) ERR INCR option supports a single increment-element pair
        1> ZADD z nan a
        [1] (error) ERR value is not a valid float
        1> ZADD z 1e400 a
        [1] (error) ERR value is not a valid float
        1> ZADD z 1 a 2
        [1] (error) ERR syntax error
        1> ZADD z 1
        [1] (error) ERR wrong number of arguments for 'zadd' command
        1> ZADD z INCR 5 a
        [1] "16"
        1> ZADD z INCR NX 5 a
        [1] (nil)
        1> ZADD z INCR GT -5 a
        [1] (nil)
        1> ZADD z INCR +inf a
        [1] "inf"
        1> ZINCRBY z -inf a
        [1] (error) ERR resulting score is not a number (NaN)
        1> ZINCRBY z 0.1 d
        [1] "0.20000000000000001"
        1> ZADD newkey XX 1 a
        [1] (integer) 0
        1> ZCARD newkey
        [1] (integer) 0
        1> SET str v
        [1] OK
        1> ZADD str 1 a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> ZSCORE z d
        [1] "0.20000000000000001"
        1> ZMSCORE z a nosuch
        [1] 1) "inf"
        2) (nil)
        1> ZCARD z
        [1] (integer) 8
        1> ZREM z a nosuch
        [1] (integer) 1
        1> ZRANK z e
        [1] (integer) 1
        1> ZREVRANK z e
        [1] (integer) 5
        1> ZRANK z nosuch
        [1] (nil)
    "#]]
    .assert_eq(&got);
}

#[test]
fn ranges_by_rank_score_and_lex() {
    let got = transcript(&[
        "ZADD z 1 a 2 b 3 c 4 d 5 e",
        "ZRANGE z -2 -1",
        "ZRANGE z 0 1 REV WITHSCORES",
        "ZRANGE z 0 1 LIMIT 0 1",
        "ZRANGE z (2 4 BYSCORE WITHSCORES",
        "ZRANGE z 4 (2 BYSCORE REV LIMIT 1 1",
        "ZRANGE z -inf +inf BYSCORE LIMIT -1 2",
        "ZRANGE z a b BYSCORE",
        "ZRANGEBYSCORE z 0 1 REV",
        "ZREVRANGEBYSCORE z +inf -inf WITHSCORES LIMIT 1 2",
        "ZCOUNT z (2 4",
        "ZCOUNT z ( 3",
        "ZADD lex 0 a 0 b 0 c 0 d",
        "ZRANGE lex [b [c BYLEX",
        "ZRANGE lex - + BYLEX WITHSCORES",
        "ZRANGEBYLEX lex a +",
        "ZREVRANGEBYLEX lex + (b LIMIT 0 1",
        "ZLEXCOUNT lex (a +",
        "ZRANGESTORE dst z 4 2 BYSCORE REV LIMIT 0 2",
        "ZRANGE dst 0 -1 WITHSCORES",
        "ZRANGESTORE dst z 10 20",
        "ZCARD dst",
        "ZRANGESTORE dst z 0 -1 WITHSCORES",
        "ZREMRANGEBYRANK z 0 0",
        "ZREMRANGEBYSCORE z (2 4",
        "ZREMRANGEBYLEX lex [b (d",
        "ZRANGE z 0 -1",
        "ZRANGE lex 0 -1",
    ]);
    expect![[r#"
        1> ZADD z 1 a 2 b 3 c 4 d 5 e
        [1] (integer) 5
        1> ZRANGE z -2 -1
        [1] 1) "d"
        2) "e"
        1> ZRANGE z 0 1 REV WITHSCORES
        [1] 1) "e"
        2) "5"
        3) "d"
        4) "4"
        1> ZRANGE z 0 1 LIMIT 0 1
        [1] (error) ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX
        1> ZRANGE z (2 4 BYSCORE WITHSCORES
        [1] 1) "c"
        2) "3"
        3) "d"
        4) "4"
        1> ZRANGE z 4 (2 BYSCORE REV LIMIT 1 1
        [1] 1) "c"
        1> ZRANGE z -inf +inf BYSCORE LIMIT -1 2
        [1] (empty array)
        1> ZRANGE z a b BYSCORE
        [1] (error) ERR min or max is not a float
        1> ZRANGEBYSCORE z 0 1 REV
        [1] (error) ERR syntax error
        1> ZREVRANGEBYSCORE z +inf -inf WITHSCORES LIMIT 1 2
        [1] 1) "d"
        2) "4"
        3) "c"
        4) "3"
        1> ZCOUNT z (2 4
        [1] (integer) 2
        1> ZCOUNT z ( 3
        [1] (integer) 3
        1> ZADD lex 0 a 0 b 0 c 0 d
        [1] (integer) 4
        1> ZRANGE lex [b [c BYLEX
        [1] 1) "b"
        2) "c"
        1> ZRANGE lex - + BYLEX WITHSCORES
        [1] (error) ERR syntax error, WITHSCORES not supported in combination with BYLEX
        1> ZRANGEBYLEX lex a +
        [1] (error) ERR min or max not valid string range item
        1> ZREVRANGEBYLEX lex + (b LIMIT 0 1
        [1] 1) "d"
        1> ZLEXCOUNT lex (a +
        [1] (integer) 3
        1> ZRANGESTORE dst z 4 2 BYSCORE REV LIMIT 0 2
        [1] (integer) 2
        1> ZRANGE dst 0 -1 WITHSCORES
        [1] 1) "c"
        2) "3"
        3) "d"
        4) "4"
        1> ZRANGESTORE dst z 10 20
        [1] (integer) 0
        1> ZCARD dst
        [1] (integer) 0
        1> ZRANGESTORE dst z 0 -1 WITHSCORES
        [1] (error) ERR syntax error
        1> ZREMRANGEBYRANK z 0 0
        [1] (integer) 1
        1> ZREMRANGEBYSCORE z (2 4
        [1] (integer) 2
        1> ZREMRANGEBYLEX lex [b (d
        [1] (integer) 2
        1> ZRANGE z 0 -1
        [1] 1) "b"
        2) "e"
        1> ZRANGE lex 0 -1
        [1] 1) "a"
        2) "d"
    "#]]
    .assert_eq(&got);
}

#[test]
fn pops_set_operations_random_and_scan() {
    let got = transcript(&[
        "ZADD p 1 a 2 b 3 c",
        "ZPOPMIN p",
        "ZPOPMAX p 5",
        "ZPOPMIN p",
        "ZPOPMIN p -1",
        "ZADD m1 1 a 2 b 3 c",
        "ZMPOP 2 nosuch m1 MAX COUNT 2",
        "ZMPOP 0 m1 MIN",
        "ZMPOP 1 m1 MIN COUNT 0",
        "ZMPOP 1 nosuch MIN",
        "ZADD a 1 x 2 y 3 z",
        "ZADD b 10 y 20 z 30 w",
        "ZUNION 2 a b WEIGHTS 2 0.5 WITHSCORES",
        "ZINTER 2 a b AGGREGATE MAX WITHSCORES",
        "ZDIFF 2 b a WITHSCORES",
        "ZUNION 2 a b WEIGHTS 1",
        "ZUNION 0 a",
        "ZUNIONSTORE out 2 a b AGGREGATE MIN",
        "ZINTERSTORE out 2 a nosuch",
        "ZINTERCARD 2 a b LIMIT 1",
        "ZINTERCARD 2 a b LIMIT -1",
        "ZDIFFSTORE out 0 a",
        "ZRANDMEMBER nosuch 5",
        "ZRANDMEMBER a 0",
        "ZRANDMEMBER a 3 WITHSCORES",
        "ZRANDMEMBER a -9223372036854775807 WITHSCORES",
        "ZSCAN a 0 MATCH [xy]",
        "ZSCAN a 0 COUNT 0",
        "ZSCAN a x",
    ]);
    expect![[r#"
        1> ZADD p 1 a 2 b 3 c
        [1] (integer) 3
        1> ZPOPMIN p
        [1] 1) "a"
        2) "1"
        1> ZPOPMAX p 5
        [1] 1) "c"
        2) "3"
        3) "b"
        4) "2"
        1> ZPOPMIN p
        [1] (empty array)
        1> ZPOPMIN p -1
        [1] (error) ERR value is out of range, must be positive
        1> ZADD m1 1 a 2 b 3 c
        [1] (integer) 3
        1> ZMPOP 2 nosuch m1 MAX COUNT 2
        [1] 1) "m1"
        2) 1) 1) "c"
              2) "3"
           2) 1) "b"
              2) "2"
        1> ZMPOP 0 m1 MIN
        [1] (error) ERR numkeys should be greater than 0
        1> ZMPOP 1 m1 MIN COUNT 0
        [1] (error) ERR count should be greater than 0
        1> ZMPOP 1 nosuch MIN
        [1] (nil)
        1> ZADD a 1 x 2 y 3 z
        [1] (integer) 3
        1> ZADD b 10 y 20 z 30 w
        [1] (integer) 3
        1> ZUNION 2 a b WEIGHTS 2 0.5 WITHSCORES
        [1] 1) "x"
        2) "2"
        3) "y"
        4) "9"
        5) "w"
        6) "15"
        7) "z"
        8) "16"
        1> ZINTER 2 a b AGGREGATE MAX WITHSCORES
        [1] 1) "y"
        2) "10"
        3) "z"
        4) "20"
        1> ZDIFF 2 b a WITHSCORES
        [1] 1) "w"
        2) "30"
        1> ZUNION 2 a b WEIGHTS 1
        [1] (error) ERR syntax error
        1> ZUNION 0 a
        [1] (error) ERR at least 1 input key is needed for 'zunion' command
        1> ZUNIONSTORE out 2 a b AGGREGATE MIN
        [1] (integer) 4
        1> ZINTERSTORE out 2 a nosuch
        [1] (integer) 0
        1> ZINTERCARD 2 a b LIMIT 1
        [1] (integer) 1
        1> ZINTERCARD 2 a b LIMIT -1
        [1] (error) ERR LIMIT can't be negative
        1> ZDIFFSTORE out 0 a
        [1] (error) ERR at least 1 input key is needed for 'zdiffstore' command
        1> ZRANDMEMBER nosuch 5
        [1] (empty array)
        1> ZRANDMEMBER a 0
        [1] (empty array)
        1> ZRANDMEMBER a 3 WITHSCORES
        [1] 1) "x"
        2) "1"
        3) "y"
        4) "2"
        5) "z"
        6) "3"
        1> ZRANDMEMBER a -9223372036854775807 WITHSCORES
        [1] (error) ERR value is out of range
        1> ZSCAN a 0 MATCH [xy]
        [1] 1) "0"
        2) 1) "x"
           2) "1"
           3) "y"
           4) "2"
        1> ZSCAN a 0 COUNT 0
        [1] (error) ERR syntax error
        1> ZSCAN a x
        [1] (error) ERR invalid cursor
    "#]]
    .assert_eq(&got);
}

/// RESP3 shapes, byte for byte as redis-server 7.0 sends them.
#[test]
fn resp3_reply_shapes() {
    let mut h = Harness::default();
    h.send(1, "HELLO 3");
    h.take_raw(1);
    let cases: &[(&str, &[u8])] = &[
        ("ZADD z 1.5 a 2 b 0.1 c", b":3\r\n"),
        ("ZSCORE z c", b",0.10000000000000001\r\n"),
        ("ZSCORE z nosuch", b"_\r\n"),
        (
            "ZRANGE z 1 -1 WITHSCORES",
            b"*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,2\r\n",
        ),
        ("ZRANGE z 0 0", b"*1\r\n$1\r\nc\r\n"),
        ("ZMSCORE z a nosuch", b"*2\r\n,1.5\r\n_\r\n"),
        ("ZADD z INCR 1 a", b",2.5\r\n"),
        ("ZADD z NX INCR 1 a", b"_\r\n"),
        ("ZPOPMIN z", b"*2\r\n$1\r\nc\r\n,0.10000000000000001\r\n"),
        ("ZPOPMIN z 1", b"*1\r\n*2\r\n$1\r\nb\r\n,2\r\n"),
        ("ZPOPMIN nosuch", b"*0\r\n"),
        ("ZRANK z nosuch", b"_\r\n"),
        ("ZADD z 3 c", b":1\r\n"),
        (
            "ZUNION 1 z WITHSCORES",
            b"*2\r\n*2\r\n$1\r\na\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        (
            "ZSCAN z 0",
            b"*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$3\r\n2.5\r\n$1\r\nc\r\n$1\r\n3\r\n",
        ),
        (
            "ZMPOP 1 z MAX",
            b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nc\r\n,3\r\n",
        ),
        ("ZMPOP 1 nosuch MAX", b"_\r\n"),
        (
            "ZRANDMEMBER z 1 WITHSCORES",
            b"*1\r\n*2\r\n$1\r\na\r\n,2.5\r\n",
        ),
        ("ZRANDMEMBER nosuch", b"_\r\n"),
        ("BZPOPMIN z 0", b"*3\r\n$1\r\nz\r\n$1\r\na\r\n,2.5\r\n"),
    ];
    for (cmd, want) in cases {
        h.send(1, cmd);
        assert_eq!(
            String::from_utf8_lossy(&h.take_raw(1)),
            String::from_utf8_lossy(want),
            "{cmd}"
        );
    }
}

#[test]
fn blocking_pops_wake_and_time_out() {
    let got = transcript(&[
        "BZPOPMIN q -1",
        "BZPOPMIN q abc",
        "2> BZPOPMIN q 0",
        "3> BZPOPMAX q 0",
        "ZADD q 1 x 2 y 3 z",
        "ZRANGE q 0 -1",
        "2> BZPOPMAX q1 q2 0.5",
        "sleep 400",
        "ZADD other 1 a",
        "sleep 200",
        "2> BZMPOP 0 2 q1 q2 MAX COUNT 3",
        "ZADD q1 1 a 2 b",
        "2> BZPOPMIN q2 0",
        "SET q2 notazset",
        "ZADD q1 5 k",
        "ZUNIONSTORE q2 1 q1",
        "2> BZMPOP 0.1 1 nosuch MIN",
        "sleep 100",
    ]);
    expect![[r#"
        1> BZPOPMIN q -1
        [1] (error) ERR timeout is negative
        1> BZPOPMIN q abc
        [1] (error) ERR timeout is not a float or out of range
        2> BZPOPMIN q 0
        3> BZPOPMAX q 0
        1> ZADD q 1 x 2 y 3 z
        [1] (integer) 3
        [2] 1) "q"
        2) "x"
        3) "1"
        [3] 1) "q"
        2) "z"
        3) "3"
        1> ZRANGE q 0 -1
        [1] 1) "y"
        2> BZPOPMAX q1 q2 0.5
        sleep 400
        1> ZADD other 1 a
        [1] (integer) 1
        sleep 200
        [2] (nil)
        2> BZMPOP 0 2 q1 q2 MAX COUNT 3
        1> ZADD q1 1 a 2 b
        [1] (integer) 2
        [2] 1) "q1"
        2) 1) 1) "b"
              2) "2"
           2) 1) "a"
              2) "1"
        2> BZPOPMIN q2 0
        1> SET q2 notazset
        [1] OK
        1> ZADD q1 5 k
        [1] (integer) 1
        1> ZUNIONSTORE q2 1 q1
        [1] (integer) 1
        [2] 1) "q2"
        2) "k"
        3) "5"
        2> BZMPOP 0.1 1 nosuch MIN
        sleep 100
        [2] (nil)
    "#]]
    .assert_eq(&got);
}

// ---------------------------------------------------------------------------------------------
// Model-based test of the ZSet type

#[derive(Debug, Clone)]
enum Op {
    Add(u8, i8),
    Rem(u8),
    Incr(u8, i8),
    RankOf(u8),
    ByRank(u8, u8),
    ByScore(i8, i8, bool),
    ByLex(u8, u8),
    PopMin,
    PopMax,
    RemRanks(u8, u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<u8>(), -20i8..20).prop_map(|(m, s)| Op::Add(m, s)),
        2 => any::<u8>().prop_map(Op::Rem),
        1 => (any::<u8>(), -5i8..5).prop_map(|(m, s)| Op::Incr(m, s)),
        1 => any::<u8>().prop_map(Op::RankOf),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::ByRank(a, b)),
        1 => (-20i8..20, -20i8..20, any::<bool>()).prop_map(|(a, b, x)| Op::ByScore(a, b, x)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::ByLex(a, b)),
        1 => Just(Op::PopMin),
        1 => Just(Op::PopMax),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::RemRanks(a, b)),
    ]
}

fn member(m: u8) -> Vec<u8> {
    // A small alphabet so members collide; varying lengths exercise byte ordering.
    format!("m{}", m % 40).into_bytes()
}

type Model = Vec<(f64, Vec<u8>)>;

fn model_sort(v: &mut Model) {
    v.sort_by(|a, b| cmp_item((a.0, &a.1), (b.0, &b.1)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn zset_matches_sorted_vec(ops in proptest::collection::vec(op(), 1..400)) {
        // Tiny limits so the encoding switch is exercised; the chunking splits past 256.
        let lim = Limits { max_entries: 8, max_value: 64 };
        let mut z = ZSet::new(true);
        let mut model: Model = Vec::new();
        for op in ops {
            match op {
                Op::Add(m, s) | Op::Incr(m, s) => {
                    let m = member(m);
                    let old = model.iter().position(|(_, x)| *x == m);
                    let new = match (&op, old) {
                        (Op::Incr(..), Some(i)) => model[i].0 + f64::from(s),
                        _ => f64::from(s),
                    };
                    let prev = old.map(|i| model.remove(i).0);
                    model.push((new, m.clone()));
                    model_sort(&mut model);
                    prop_assert_eq!(z.insert(&m, new, lim), prev);
                }
                Op::Rem(m) => {
                    let m = member(m);
                    let old = model.iter().position(|(_, x)| *x == m).map(|i| model.remove(i).0);
                    prop_assert_eq!(z.remove(&m), old);
                }
                Op::RankOf(m) => {
                    let m = member(m);
                    prop_assert_eq!(z.rank(&m), model.iter().position(|(_, x)| *x == m));
                }
                Op::ByRank(a, b) => {
                    let (a, b) = (usize::from(a) % 50, usize::from(b) % 50);
                    let got: Vec<_> = z.iter_from(a).take(b).map(|(m, s)| (s, m.to_vec())).collect();
                    let want: Vec<_> = model.iter().skip(a).take(b).cloned().collect();
                    prop_assert_eq!(got, want);
                    let got: Vec<_> = z.iter_rev_from(a).take(b).map(|(m, s)| (s, m.to_vec())).collect();
                    let want: Vec<_> = if a < model.len() {
                        model[..=a].iter().rev().take(b).cloned().collect()
                    } else {
                        Vec::new()
                    };
                    prop_assert_eq!(got, want);
                }
                Op::ByScore(a, b, excl) => {
                    let min = ScoreBound { value: f64::from(a), exclusive: excl };
                    let max = ScoreBound { value: f64::from(b), exclusive: !excl };
                    let (s, e) = z.score_range(min, max);
                    let want: Vec<_> = model
                        .iter()
                        .filter(|(x, _)| {
                            (if excl { *x > min.value } else { *x >= min.value })
                                && (if !excl { *x < max.value } else { *x <= max.value })
                        })
                        .cloned()
                        .collect();
                    let got: Vec<_> = z.iter_from(s).take(e - s).map(|(m, s)| (s, m.to_vec())).collect();
                    prop_assert_eq!(got, want);
                }
                Op::ByLex(a, b) => {
                    // Lex ranges are defined over equal scores: check on a same-score copy.
                    let mut flat = ZSet::new(true);
                    for (_, m) in &model {
                        flat.insert(m, 0.0, lim);
                    }
                    let (lo, hi) = (member(a), member(b));
                    let (s, e) = flat.lex_range(&LexBound::Incl(lo.clone()), &LexBound::Excl(hi.clone()));
                    let mut want: Vec<Vec<u8>> = model
                        .iter()
                        .map(|(_, m)| m.clone())
                        .filter(|m| *m >= lo && *m < hi)
                        .collect();
                    want.sort();
                    let got: Vec<Vec<u8>> = flat.iter_from(s).take(e - s).map(|(m, _)| m.to_vec()).collect();
                    prop_assert_eq!(got, want);
                }
                Op::PopMin => {
                    let want = (!model.is_empty()).then(|| model.remove(0));
                    prop_assert_eq!(z.pop(false).map(|(m, s)| (s, m.to_vec())), want);
                }
                Op::PopMax => {
                    let want = model.pop();
                    prop_assert_eq!(z.pop(true).map(|(m, s)| (s, m.to_vec())), want);
                }
                Op::RemRanks(a, b) => {
                    let (a, b) = (usize::from(a) % 50, usize::from(b) % 50);
                    let end = (a + b).min(model.len());
                    let n = if a < end { model.drain(a..end).count() } else { 0 };
                    prop_assert_eq!(z.remove_ranks(a, a + b), n);
                }
            }
            prop_assert_eq!(z.len(), model.len());
            let all: Vec<_> = z.iter().map(|(m, s)| (s, m.to_vec())).collect();
            prop_assert_eq!(&all, &model);
            for (m, s) in z.iter() {
                prop_assert_eq!(z.score(m), Some(s));
            }
            if z.len() > 8 {
                prop_assert_eq!(z.encoding(), "skiplist");
            }
        }
    }
}

/// Enough members to split the ordered index into many chunks: ranks, ranges and removals
/// stay consistent across chunk boundaries.
#[test]
fn large_zset_ranks_and_ranges() {
    let lim = Limits::default();
    let mut z = ZSet::new(true);
    for i in 0..20_000u32 {
        z.insert(
            format!("{:06}", (i * 7919) % 20_000).as_bytes(),
            f64::from(i % 100),
            lim,
        );
    }
    assert_eq!(z.len(), 20_000);
    assert_eq!(z.encoding(), "skiplist");
    let (s, e) = z.score_range(
        ScoreBound {
            value: 10.0,
            exclusive: false,
        },
        ScoreBound {
            value: 20.0,
            exclusive: true,
        },
    );
    assert_eq!(e - s, 2_000);
    for (r, (m, _)) in z.iter().enumerate().step_by(997) {
        assert_eq!(z.rank(m), Some(r));
        assert_eq!(z.get(r).map(|(x, _)| x.to_vec()), Some(m.to_vec()));
    }
    assert_eq!(z.remove_ranks(100, 19_900), 19_800);
    assert_eq!(z.len(), 200);
    assert_eq!(z.iter().count(), 200);
}

#[test]
fn plain_sets_count_with_score_one() {
    let got = redlet_core::testkit::transcript(&[
        "SADD s a b",
        "ZADD z 2 a",
        "ZUNION 2 s z WITHSCORES",
        "ZINTER 2 s z WITHSCORES",
        "ZDIFF 2 s z",
        "ZINTERCARD 2 s z",
    ]);
    expect_test::expect![[r#"
        1> SADD s a b
        [1] (integer) 2
        1> ZADD z 2 a
        [1] (integer) 1
        1> ZUNION 2 s z WITHSCORES
        [1] 1) "b"
        2) "1"
        3) "a"
        4) "3"
        1> ZINTER 2 s z WITHSCORES
        [1] 1) "a"
        2) "3"
        1> ZDIFF 2 s z
        [1] 1) "b"
        1> ZINTERCARD 2 s z
        [1] (integer) 1
    "#]]
    .assert_eq(&got);
}
