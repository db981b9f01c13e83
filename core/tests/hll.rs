//! Tests of the HyperLogLog commands: transcripts (replies as redis-cli shows them against
//! redis-server 7.0.15, including the HLL bytes GET returns), and a model-based property test
//! of the sparse encoding (`hllSparseSet` port) against plain register arrays.

use expect_test::expect;
use proptest::prelude::*;
use redlet_core::keyspace::hll;
use redlet_core::testkit::transcript;

#[test]
fn pfadd_pfcount_bytes() {
    let got = transcript(&[
        "PFADD h",
        "GET h",
        "PFADD h a b c",
        "GET h",
        "PFCOUNT h",
        "GET h",
        "PFADD h a",
        "PFADD r c b a",
        "GET r",
        "PFCOUNT h r nosuch",
        "PFCOUNT nosuch",
        "OBJECT ENCODING h",
    ]);
    expect![[r#"
        1> PFADD h
        [1] (integer) 1
        1> GET h
        [1] "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"
        1> PFADD h a b c
        [1] (integer) 1
        1> GET h
        [1] "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80`\xf3\x80P\xb1\x84K\xfb\x80BZ"
        1> PFCOUNT h
        [1] (integer) 3
        1> GET h
        [1] "HYLL\x01\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00`\xf3\x80P\xb1\x84K\xfb\x80BZ"
        1> PFADD h a
        [1] (integer) 0
        1> PFADD r c b a
        [1] (integer) 1
        1> GET r
        [1] "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80`\xf3\x80P\xb1\x84K\xfb\x80BZ"
        1> PFCOUNT h r nosuch
        [1] (integer) 3
        1> PFCOUNT nosuch
        [1] (integer) 0
        1> OBJECT ENCODING h
        [1] "raw"
    "#]]
    .assert_eq(&got);
}

#[test]
fn errors_and_merge() {
    let got = transcript(&[
        "SET str hello",
        "PFADD str a",
        "PFCOUNT str",
        "PFCOUNT nosuch str",
        "PFMERGE dst str",
        "LPUSH list a",
        "PFADD list a",
        "PFCOUNT list",
        r#"SET bad "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff\x80""#,
        "PFCOUNT bad",
        "PFCOUNT bad bad",
        "PFMERGE bad",
        "PFADD a 1 2 3 4 5",
        "PFADD b 4 5 6 7 8 9",
        "PFMERGE dst a b",
        "PFCOUNT dst",
        "PFMERGE dst",
        "PFCOUNT dst",
        "PFMERGE empty",
        "GET empty",
        "PFADD",
    ]);
    expect![[r#"
        1> SET str hello
        [1] OK
        1> PFADD str a
        [1] (error) WRONGTYPE Key is not a valid HyperLogLog string value.
        1> PFCOUNT str
        [1] (error) WRONGTYPE Key is not a valid HyperLogLog string value.
        1> PFCOUNT nosuch str
        [1] (error) WRONGTYPE Key is not a valid HyperLogLog string value.
        1> PFMERGE dst str
        [1] (error) WRONGTYPE Key is not a valid HyperLogLog string value.
        1> LPUSH list a
        [1] (integer) 1
        1> PFADD list a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> PFCOUNT list
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> SET bad "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff\x80"
        [1] OK
        1> PFCOUNT bad
        [1] (error) INVALIDOBJ Corrupted HLL object detected
        1> PFCOUNT bad bad
        [1] (error) INVALIDOBJ Corrupted HLL object detected
        1> PFMERGE bad
        [1] (error) INVALIDOBJ Corrupted HLL object detected
        1> PFADD a 1 2 3 4 5
        [1] (integer) 1
        1> PFADD b 4 5 6 7 8 9
        [1] (integer) 1
        1> PFMERGE dst a b
        [1] OK
        1> PFCOUNT dst
        [1] (integer) 9
        1> PFMERGE dst
        [1] OK
        1> PFCOUNT dst
        [1] (integer) 9
        1> PFMERGE empty
        [1] OK
        1> GET empty
        [1] "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff"
        1> PFADD
        [1] (error) ERR wrong number of arguments for 'pfadd' command
    "#]]
    .assert_eq(&got);
}

#[test]
fn murmur_matches_redis() {
    // The hash itself is checked byte for byte by the GET transcripts above; here the
    // shape of its result and of an empty HLL (one XZERO opcode).
    let (index, count) = hll::pat_len(b"a");
    assert!(index < hll::REGISTERS);
    assert!((1..=51).contains(&count));
    assert_eq!(hll::new_hll().len(), hll::HDR_SIZE + 2);
}

fn registers_of(s: &[u8]) -> Vec<u8> {
    let mut m = [0u8; hll::REGISTERS];
    hll::merge_into(&mut m, s).expect("valid HLL");
    m.to_vec()
}

proptest! {
    /// Any sequence of register updates leaves a valid HLL whose registers are the
    /// per-register maxima, in the sparse form and after promotion to dense, with the same
    /// count.
    #[test]
    fn sparse_updates_match_model(
        ops in prop::collection::vec((0usize..hll::REGISTERS, 1u8..=40), 0..300),
        max_bytes in prop_oneof![Just(3000usize), 20usize..400],
    ) {
        let mut s = hll::new_hll();
        let mut model = vec![0u8; hll::REGISTERS];
        for (i, c) in ops {
            let changed = hll::set_register(&mut s, i, c, max_bytes).expect("valid HLL");
            prop_assert_eq!(changed, c > model[i]);
            model[i] = model[i].max(c);
        }
        prop_assert!(hll::is_valid(&s));
        prop_assert_eq!(registers_of(&s), model.clone());
        let count = hll::count(&s).expect("valid HLL");
        let mut dense = s.clone();
        hll::sparse_to_dense(&mut dense).expect("valid HLL");
        prop_assert_eq!(dense.len(), hll::DENSE_SIZE);
        prop_assert_eq!(registers_of(&dense), model);
        prop_assert_eq!(hll::count(&dense).expect("valid HLL"), count);
    }
}

/// The propagated stream (RESP commands) rendered one per line, arguments space-separated.
fn propagated(lines: &[&str]) -> String {
    let mut h = redlet_core::testkit::Harness::new(redlet_core::Config::default());
    h.server.set_propagation(true);
    h.run(lines);
    let mut buf = Vec::new();
    h.server.take_propagated(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let mut out = String::new();
    for cmd in text.split('*').filter(|c| !c.is_empty()) {
        let parts: Vec<&str> = cmd.split("\r\n").collect();
        let args: Vec<&str> = parts.iter().skip(2).step_by(2).copied().collect();
        out.push_str(args.join(" ").trim_end());
        out.push('\n');
    }
    out
}

/// What redis-server 7.0.15 writes to its AOF for the same commands: GEOADD as the ZADD it
/// runs (only when something changed), searches with STORE verbatim, PFCOUNT when it
/// refreshed the cached cardinality.
#[test]
fn propagation_matches_redis_aof() {
    let got = propagated(&[
        "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
        "GEOADD g CH NX 13.361389 38.115556 Palermo 1 1 x",
        "GEOADD g 13.361389 38.115556 Palermo",
        "GEORADIUS g 15 37 200 km STORE dst",
        "GEOSEARCHSTORE d3 g FROMLONLAT 15 37 BYRADIUS 200 km",
        "GEORADIUS g 15 37 200 km",
        "PFADD h a b",
        "PFADD h a",
        "PFCOUNT h",
        "PFCOUNT h",
        "PFMERGE h2 h",
        "PFCOUNT h h2",
    ]);
    expect![[r#"
        SELECT 0
        zadd g 3479099956230698 Palermo 3479447370796909 Catania
        zadd g CH NX 3479099956230698 Palermo 3377822707026402 x
        GEORADIUS g 15 37 200 km STORE dst
        GEOSEARCHSTORE d3 g FROMLONLAT 15 37 BYRADIUS 200 km
        PFADD h a b
        PFCOUNT h
        PFMERGE h2 h
    "#]]
    .assert_eq(&got);
}
