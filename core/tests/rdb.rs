//! RDB codec tests: encode → decode round trips for every value kind (hand-picked and
//! proptest-generated), and corrupt or truncated files giving an error, never a panic.
//! Interop with a real redis-server lives in `rdb_interop.rs`.

use proptest::prelude::*;
use redlet_core::rdb::{
    decode, default_aux, encode, object_encoding, RdbConsumer, RdbEntry, RdbError, RdbGroup,
    RdbPending, RdbStream, RdbStreamId, RdbValue, Snapshot,
};

/// Sorts the unordered collections (sets, hashes, sorted sets, keys) so two snapshots holding
/// the same data compare equal whatever encoding order the file used.
fn normalize(mut s: Snapshot) -> Snapshot {
    s.dbs.sort_by_key(|(i, _)| *i);
    for (_, entries) in &mut s.dbs {
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        for e in entries.iter_mut() {
            match &mut e.value {
                RdbValue::Set(m) => m.sort(),
                RdbValue::Hash(f) => f.sort(),
                RdbValue::ZSet(m) => m.sort_by(|a, b| a.0.cmp(&b.0)),
                _ => {}
            }
        }
    }
    s
}

fn b(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn id(ms: u64, seq: u64) -> RdbStreamId {
    RdbStreamId { ms, seq }
}

/// A snapshot with every value kind in both of its encodings, TTLs, and several databases.
fn sample() -> Snapshot {
    let big_list: Vec<Vec<u8>> = (0..3000)
        .map(|i| format!("element-{i}").into_bytes())
        .collect();
    let stream = RdbStream {
        entries: vec![
            (id(1000, 0), vec![(b("a"), b("1")), (b("b"), b("x"))]),
            (id(1000, 1), vec![(b("a"), b("2")), (b("b"), b("y"))]),
            (id(1001, 0), vec![(b("other"), b("field"))]),
            (id(2000, 5), vec![(b("a"), b("-70000")), (b("b"), b(""))]),
        ],
        last_id: id(2000, 5),
        first_id: id(1000, 0),
        max_deleted_id: id(999, 0),
        entries_added: 5,
        groups: vec![
            RdbGroup {
                name: b("g1"),
                last_id: id(1001, 0),
                entries_read: 3,
                pel: vec![
                    RdbPending {
                        id: id(1000, 0),
                        delivery_time: 1_700_000_000_123,
                        delivery_count: 2,
                    },
                    RdbPending {
                        id: id(1001, 0),
                        delivery_time: 1_700_000_000_456,
                        delivery_count: 1,
                    },
                ],
                consumers: vec![
                    RdbConsumer {
                        name: b("alice"),
                        seen_time: 1_700_000_000_500,
                        active_time: 1_700_000_000_500,
                        pel: vec![id(1000, 0)],
                    },
                    RdbConsumer {
                        name: b("bob"),
                        seen_time: 1_700_000_000_600,
                        active_time: 1_700_000_000_600,
                        pel: vec![id(1001, 0)],
                    },
                    RdbConsumer {
                        name: b("idle"),
                        seen_time: 1_700_000_000_700,
                        active_time: 1_700_000_000_700,
                        pel: vec![],
                    },
                ],
            },
            RdbGroup {
                name: b("fresh"),
                last_id: id(0, 0),
                entries_read: -1,
                ..RdbGroup::default()
            },
        ],
    };
    let e = |k: &str, value: RdbValue, expire_ms: Option<u64>| RdbEntry {
        key: b(k),
        value,
        expire_ms,
    };
    Snapshot {
        aux: default_aux(1_700_000_000, 1_000_000),
        dbs: vec![
            (
                0,
                vec![
                    e("s:int", RdbValue::String(b("12345")), None),
                    e("s:neg", RdbValue::String(b("-2147483648")), None),
                    e("s:big", RdbValue::String(b("9223372036854775807")), None),
                    e("s:lead0", RdbValue::String(b("007")), None),
                    e("s:empty", RdbValue::String(vec![]), Some(1_900_000_000_000)),
                    e("s:lzf", RdbValue::String(b("abc").repeat(100)), None),
                    e("s:bin", RdbValue::String((0..=255).collect()), None),
                    e(
                        "l:small",
                        RdbValue::List(vec![b("a"), b("1"), b("-5")]),
                        None,
                    ),
                    e("l:big", RdbValue::List(big_list), Some(1_800_000_000_000)),
                    e(
                        "set:ints",
                        RdbValue::Set(vec![b("3"), b("-1"), b("70000")]),
                        None,
                    ),
                    e("set:str", RdbValue::Set(vec![b("x"), b("1"), b("y")]), None),
                    e(
                        "z:small",
                        RdbValue::ZSet(vec![
                            (b("a"), 1.5),
                            (b("b"), -3.0),
                            (b("c"), f64::INFINITY),
                            (b("d"), f64::NEG_INFINITY),
                            (b("e"), 0.1),
                            (b("f"), 1e300),
                        ]),
                        None,
                    ),
                    e(
                        "z:big",
                        RdbValue::ZSet(
                            (0..200)
                                .map(|i| (format!("m{i}").into_bytes(), i as f64 / 3.0))
                                .collect(),
                        ),
                        None,
                    ),
                    e(
                        "h:small",
                        RdbValue::Hash(vec![(b("f"), b("v")), (b("n"), b("42"))]),
                        None,
                    ),
                    e(
                        "h:longval",
                        RdbValue::Hash(vec![(b("f"), vec![b'v'; 65])]),
                        None,
                    ),
                    e("x:stream", RdbValue::Stream(Box::new(stream)), None),
                    e(
                        "x:empty",
                        RdbValue::Stream(Box::new(RdbStream {
                            last_id: id(5, 5),
                            max_deleted_id: id(5, 5),
                            entries_added: 1,
                            ..RdbStream::default()
                        })),
                        None,
                    ),
                ],
            ),
            (
                3,
                vec![e(
                    "other-db",
                    RdbValue::String(b("v")),
                    Some(1_750_000_000_000),
                )],
            ),
            (15, vec![e("last-db", RdbValue::List(vec![b("x")]), None)]),
        ],
    }
}

#[test]
fn round_trip_every_kind() {
    let snap = sample();
    let bytes = encode(&snap);
    assert_eq!(&bytes[..9], b"REDIS0010");
    let back = decode(&bytes).unwrap();
    assert_eq!(normalize(back), normalize(snap));
}

#[test]
fn encodings_follow_redis_defaults() {
    let snap = sample();
    let enc: Vec<(String, &str)> = snap.dbs[0]
        .1
        .iter()
        .map(|e| {
            (
                String::from_utf8_lossy(&e.key).into_owned(),
                object_encoding(&e.value),
            )
        })
        .collect();
    let want = [
        ("s:int", "int"),
        ("s:neg", "int"),
        ("s:big", "int"),
        ("s:lead0", "embstr"),
        ("s:empty", "embstr"),
        ("s:lzf", "raw"),
        ("s:bin", "raw"),
        ("l:small", "quicklist"),
        ("l:big", "quicklist"),
        ("set:ints", "intset"),
        ("set:str", "hashtable"),
        ("z:small", "listpack"),
        ("z:big", "skiplist"),
        ("h:small", "listpack"),
        ("h:longval", "hashtable"),
        ("x:stream", "stream"),
        ("x:empty", "stream"),
    ];
    let want: Vec<(String, &str)> = want.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(enc, want);
}

#[test]
fn empty_snapshot_is_header_aux_eof_crc() {
    let bytes = encode(&Snapshot::default());
    assert_eq!(bytes.len(), 9 + 1 + 8);
    assert_eq!(decode(&bytes).unwrap(), Snapshot::default());
}

#[test]
fn errors_have_clear_messages() {
    let bytes = encode(&sample());
    let mut bad = bytes.clone();
    let n = bad.len();
    bad[n - 1] ^= 0xff;
    let err = decode(&bad).unwrap_err();
    assert!(matches!(err, RdbError::BadChecksum { .. }));
    assert!(err.to_string().starts_with("bad CRC64 checksum"), "{err}");

    let err = decode(&bytes[..100]).unwrap_err();
    assert_eq!(err.to_string(), "unexpected end of file at byte 100");

    let mut v12 = bytes.clone();
    v12[5..9].copy_from_slice(b"0012");
    assert_eq!(
        decode(&v12).unwrap_err().to_string(),
        "unsupported RDB version 12"
    );

    assert_eq!(
        decode(b"RDB").unwrap_err(),
        RdbError::UnexpectedEof { offset: 3 }
    );
    assert_eq!(decode(b"NOTREDIS0010").unwrap_err(), RdbError::BadMagic);

    // A zero checksum means "written with rdbchecksum no": accepted unchecked.
    let mut zero = bytes.clone();
    zero[n - 8..].fill(0);
    assert!(decode(&zero).is_ok());

    // Functions are refused, not silently dropped.
    let mut f = b"REDIS0010".to_vec();
    f.push(245);
    f.extend_from_slice(&[3, b'l', b'u', b'a']);
    f.push(255);
    f.extend_from_slice(&[0; 8]);
    assert_eq!(decode(&f).unwrap_err(), RdbError::FunctionsUnsupported);
    assert_eq!(
        RdbError::FunctionsUnsupported.to_string(),
        "the RDB file contains functions, which are not supported"
    );
}

#[test]
fn truncation_at_every_length_is_an_error() {
    let bytes = encode(&small());
    for cut in 0..bytes.len() {
        assert!(decode(&bytes[..cut]).is_err(), "cut at {cut} decoded");
    }
}

/// A small file with one key of each kind, for exhaustive corruption.
fn small() -> Snapshot {
    let s = sample();
    let pick = [
        "s:int", "s:lzf", "l:small", "set:ints", "set:str", "z:small", "h:small", "x:stream",
    ];
    let entries = s.dbs[0]
        .1
        .iter()
        .filter(|e| pick.contains(&std::str::from_utf8(&e.key).unwrap()))
        .cloned()
        .collect();
    Snapshot {
        aux: vec![],
        dbs: vec![(0, entries)],
    }
}

#[test]
fn flipping_any_byte_never_panics_and_checksum_catches_it() {
    let bytes = encode(&small());
    for i in 0..bytes.len() {
        for x in [0x01u8, 0x80, 0xff] {
            let mut c = bytes.clone();
            c[i] ^= x;
            // With the checksum intact any flip must be an error.
            assert!(decode(&c).is_err(), "flip {x:#x} at {i} decoded");
            // Without it (checksum disabled) the structure checks alone must not panic.
            let n = c.len();
            c[n - 8..].fill(0);
            let _ = decode(&c);
        }
    }
}

fn arb_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..40),
        (-100_000i64..100_000).prop_map(|v| v.to_string().into_bytes()),
        any::<i64>().prop_map(|v| v.to_string().into_bytes()),
        (1usize..200).prop_map(|n| b"ab".repeat(n)),
    ]
}

fn arb_score() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("no NaN", |f| !f.is_nan()),
        (-1000i64..1000).prop_map(|v| v as f64),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
    ]
}

fn arb_stream() -> impl Strategy<Value = RdbStream> {
    let entry = (
        0u64..3,
        0u64..3,
        proptest::collection::vec((arb_bytes(), arb_bytes()), 1..4),
    );
    (
        proptest::collection::vec(entry, 0..150),
        0usize..3,
        any::<u64>(),
    )
        .prop_map(|(raw, ngroups, seed)| {
            let mut entries = Vec::new();
            let mut cur = id(1, 0);
            for (dms, dseq, fields) in raw {
                cur = if dms == 0 {
                    id(cur.ms, cur.seq + 1 + dseq)
                } else {
                    id(cur.ms + dms, dseq)
                };
                entries.push((cur, fields));
            }
            let mut groups = Vec::new();
            for g in 0..ngroups {
                let mut pel = Vec::new();
                let mut consumers: Vec<RdbConsumer> = (0..2)
                    .map(|c| RdbConsumer {
                        name: format!("c{c}").into_bytes(),
                        seen_time: seed % 1000 + c,
                        active_time: seed % 1000 + c,
                        pel: vec![],
                    })
                    .collect();
                for (i, (eid, _)) in entries.iter().enumerate() {
                    if (seed >> (i % 64)) & 1 == 1 {
                        pel.push(RdbPending {
                            id: *eid,
                            delivery_time: seed / 7 + i as u64,
                            delivery_count: (i % 5) as u64,
                        });
                        consumers[i % 2].pel.push(*eid);
                    }
                }
                groups.push(RdbGroup {
                    name: format!("g{g}").into_bytes(),
                    last_id: entries.last().map(|e| e.0).unwrap_or_default(),
                    entries_read: if g == 0 { -1 } else { entries.len() as i64 },
                    pel,
                    consumers,
                });
            }
            RdbStream {
                first_id: entries.first().map(|e| e.0).unwrap_or_default(),
                last_id: cur,
                max_deleted_id: id(0, 0),
                entries_added: entries.len() as u64,
                entries,
                groups,
            }
        })
}

fn arb_value() -> impl Strategy<Value = RdbValue> {
    use proptest::collection::{btree_map, btree_set, vec};
    prop_oneof![
        arb_bytes().prop_map(RdbValue::String),
        vec(arb_bytes(), 1..300).prop_map(RdbValue::List),
        btree_set(arb_bytes(), 1..600).prop_map(|s| RdbValue::Set(s.into_iter().collect())),
        btree_set(
            (-1000i64..1000).prop_map(|v| v.to_string().into_bytes()),
            1..600
        )
        .prop_map(|s| RdbValue::Set(s.into_iter().collect())),
        btree_map(arb_bytes(), arb_score(), 1..200)
            .prop_map(|m| RdbValue::ZSet(m.into_iter().collect())),
        btree_map(arb_bytes(), arb_bytes(), 1..200)
            .prop_map(|m| RdbValue::Hash(m.into_iter().collect())),
        arb_stream().prop_map(|s| RdbValue::Stream(Box::new(s))),
    ]
}

fn arb_snapshot() -> impl Strategy<Value = Snapshot> {
    proptest::collection::btree_map(
        0usize..16,
        proptest::collection::btree_map(
            arb_bytes(),
            (arb_value(), proptest::option::of(any::<u64>())),
            1..4,
        ),
        0..4,
    )
    .prop_map(|dbs| Snapshot {
        aux: default_aux(1, 2),
        dbs: dbs
            .into_iter()
            .map(|(i, m)| {
                let entries = m
                    .into_iter()
                    .map(|(key, (value, expire_ms))| RdbEntry {
                        key,
                        value,
                        expire_ms,
                    })
                    .collect();
                (i, entries)
            })
            .collect(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_snapshots_round_trip(snap in arb_snapshot()) {
        let back = decode(&encode(&snap)).unwrap();
        prop_assert_eq!(normalize(back), normalize(snap));
    }

    #[test]
    fn mutated_files_never_panic(
        snap in arb_snapshot(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = encode(&snap);
        // Zero the checksum so the structure checks, not the CRC, meet the damage.
        let n = bytes.len();
        bytes[n - 8..].fill(0);
        for (at, v) in edits {
            let i = at.index(n - 8);
            bytes[i] = v;
        }
        let _ = decode(&bytes);
        let _ = decode(&bytes[..cut.index(n)]);
    }

    #[test]
    fn random_bytes_after_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut f = b"REDIS0010".to_vec();
        f.extend_from_slice(&tail);
        let _ = decode(&f);
    }
}

/// One line per key: db, key, TTL, value (sorted), for readable fixture expectations.
fn render(s: &Snapshot) -> String {
    let s = normalize(s.clone());
    let t = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut out = String::new();
    for (db, entries) in &s.dbs {
        for e in entries {
            let v = match &e.value {
                RdbValue::String(v) => format!("string {}", t(v)),
                RdbValue::List(l) => {
                    format!("list {:?}", l.iter().map(|x| t(x)).collect::<Vec<_>>())
                }
                RdbValue::Set(m) => format!("set {:?}", m.iter().map(|x| t(x)).collect::<Vec<_>>()),
                RdbValue::ZSet(m) => format!(
                    "zset {:?}",
                    m.iter().map(|(x, s)| (t(x), *s)).collect::<Vec<_>>()
                ),
                RdbValue::Hash(f) => format!(
                    "hash {:?}",
                    f.iter().map(|(a, b)| (t(a), t(b))).collect::<Vec<_>>()
                ),
                RdbValue::Stream(st) => {
                    let mut v = format!(
                        "stream last={} first={} maxdel={} added={} entries={:?}",
                        st.last_id,
                        st.first_id,
                        st.max_deleted_id,
                        st.entries_added,
                        st.entries
                            .iter()
                            .map(|(id, f)| (
                                id.to_string(),
                                f.iter().map(|(a, b)| (t(a), t(b))).collect::<Vec<_>>()
                            ))
                            .collect::<Vec<_>>()
                    );
                    for g in &st.groups {
                        v += &format!(
                            "\n    group {} last={} read={} pel={:?}",
                            t(&g.name),
                            g.last_id,
                            g.entries_read,
                            g.pel
                                .iter()
                                .map(|p| (p.id.to_string(), p.delivery_count))
                                .collect::<Vec<_>>()
                        );
                        for c in &g.consumers {
                            v += &format!(
                                "\n      consumer {} pel={:?}",
                                t(&c.name),
                                c.pel.iter().map(|p| p.to_string()).collect::<Vec<_>>()
                            );
                        }
                    }
                    v
                }
            };
            out += &format!("{db} {} ttl={:?} {v}\n", t(&e.key), e.expire_ms);
        }
    }
    out
}

#[test]
fn fixture_written_by_redis_7_0_15_decodes() {
    // Regenerate with core/tests/fixtures/gen-rdb-fixtures.sh.
    let bytes = include_bytes!("fixtures/redis-7.0.15-all-types.rdb");
    let snap = decode(bytes).unwrap();
    let aux: Vec<String> = snap
        .aux
        .iter()
        .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
        .collect();
    assert_eq!(
        aux,
        ["redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"]
    );
    assert_eq!(snap.aux[0].1, b"7.0.15");
    expect_test::expect![[r#"
        0 hash:hashtable ttl=None hash [("f", "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv")]
        0 hash:listpack ttl=None hash [("f", "v"), ("n", "7")]
        0 list ttl=None list ["a", "b", "3", "-4", "500", "70000", "2147483648"]
        0 set:hashtable ttl=None set ["1", "a", "b"]
        0 set:intset ttl=None set ["-2", "1", "300"]
        0 str:int ttl=None string 12345
        0 str:lzf ttl=None string aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        0 str:neg ttl=None string -70000
        0 str:text ttl=None string hello
        0 str:ttl ttl=Some(4102444800000) string soon
        0 stream ttl=None stream last=3-0 first=1-1 maxdel=1-2 added=4 entries=[("1-1", [("a", "1"), ("b", "2")]), ("2-0", [("c", "5")]), ("3-0", [("a", "6"), ("b", "7")])]
            group grp last=3-0 read=4 pel=[("2-0", 1), ("3-0", 1)]
              consumer alice pel=["2-0"]
              consumer bob pel=["3-0"]
              consumer carol pel=[]
        0 zset:listpack ttl=None zset [("a", 1.0), ("b", 2.5), ("c", -inf), ("d", inf)]
        0 zset:skiplist ttl=None zset [("mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm", 1.0), ("x", 2.0)]
        3 db3:key ttl=Some(4102444800001) string v
    "#]].assert_eq(&render(&snap));
}

/// A raw RDB string with a 6-bit length (test files only hold short strings).
fn rs(out: &mut Vec<u8>, s: &[u8]) {
    assert!(s.len() < 64, "test helper handles short strings only");
    out.push(s.len() as u8);
    out.extend_from_slice(s);
}

/// A ziplist of short strings, as Redis 6 wrote them.
fn ziplist(items: &[&str]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut prev = 0u8;
    for i in items {
        body.push(prev);
        body.push(i.len() as u8);
        body.extend_from_slice(i.as_bytes());
        prev = 2 + i.len() as u8;
    }
    let total = 10 + body.len() + 1;
    let mut zl = (total as u32).to_le_bytes().to_vec();
    zl.extend_from_slice(&0u32.to_le_bytes());
    zl.extend_from_slice(&(items.len() as u16).to_le_bytes());
    zl.extend_from_slice(&body);
    zl.push(0xFF);
    zl
}

#[test]
fn old_encodings_of_redis_6_and_earlier_decode() {
    use redlet_core::rdb::crc64::crc64;
    use redlet_core::rdb::listpack::ListpackWriter;
    let mut f = b"REDIS0009".to_vec();
    f.extend_from_slice(&[254, 0]); // SELECTDB 0
                                    // EXPIRETIME in seconds, then LRU idle and LFU freq hints before a quicklist of ziplists.
    f.push(253);
    f.extend_from_slice(&2_000_000_000u32.to_le_bytes());
    f.extend_from_slice(&[248, 5, 249, 3]);
    f.push(14);
    rs(&mut f, b"ql");
    f.push(2);
    rs(&mut f, &ziplist(&["a", "b"]));
    rs(&mut f, &ziplist(&["c"]));
    f.push(13);
    rs(&mut f, b"hz");
    rs(&mut f, &ziplist(&["f", "v"]));
    f.push(12);
    rs(&mut f, b"zz");
    rs(&mut f, &ziplist(&["m", "1.5", "n", "-2"]));
    f.push(3);
    rs(&mut f, b"z3");
    f.push(2);
    rs(&mut f, b"a");
    rs(&mut f, b"2.5");
    rs(&mut f, b"b");
    f.push(254); // +inf
    f.push(10);
    rs(&mut f, b"lz");
    rs(&mut f, &ziplist(&["x"]));
    f.push(9);
    rs(&mut f, b"zm");
    rs(&mut f, &[1, 1, b'k', 1, 0, b'v', 0xFF]);
    f.push(1);
    rs(&mut f, b"l1");
    f.push(1);
    rs(&mut f, b"y");
    // STREAM_LISTPACKS (v1): no first/max-deleted/entries-added, no entries-read.
    f.push(15);
    rs(&mut f, b"st");
    f.push(1);
    let mut node_key = 5u64.to_be_bytes().to_vec();
    node_key.extend_from_slice(&0u64.to_be_bytes());
    rs(&mut f, &node_key);
    let mut lp = ListpackWriter::new();
    for i in [1, 0, 1] {
        lp.push_int(i);
    }
    lp.push(b"f");
    for i in [0, 2, 0, 0] {
        lp.push_int(i);
    }
    lp.push(b"v");
    lp.push_int(4);
    let lp = lp.finish();
    f.push(0x40 | (lp.len() >> 8) as u8);
    f.push(lp.len() as u8);
    f.extend_from_slice(&lp);
    f.extend_from_slice(&[1, 5, 0, 1]); // length 1, last id 5-0, one group
    rs(&mut f, b"g");
    f.extend_from_slice(&[5, 0, 1]); // group last id 5-0, one PEL entry
    f.extend_from_slice(&node_key);
    f.extend_from_slice(&1_234u64.to_le_bytes());
    f.extend_from_slice(&[2, 1]); // delivery count 2, one consumer
    rs(&mut f, b"c");
    f.extend_from_slice(&999u64.to_le_bytes());
    f.push(1);
    f.extend_from_slice(&node_key);
    f.push(255);
    let crc = crc64(0, &f);
    f.extend_from_slice(&crc.to_le_bytes());

    let snap = decode(&f).unwrap();
    expect_test::expect![[r#"
        0 hz ttl=None hash [("f", "v")]
        0 l1 ttl=None list ["y"]
        0 lz ttl=None list ["x"]
        0 ql ttl=Some(2000000000000) list ["a", "b", "c"]
        0 st ttl=None stream last=5-0 first=5-0 maxdel=0-0 added=1 entries=[("5-0", [("f", "v")])]
            group g last=5-0 read=-1 pel=[("5-0", 2)]
              consumer c pel=["5-0"]
        0 z3 ttl=None zset [("a", 2.5), ("b", inf)]
        0 zm ttl=None hash [("k", "v")]
        0 zz ttl=None zset [("m", 1.5), ("n", -2.0)]
    "#]]
    .assert_eq(&render(&snap));
    let RdbValue::Stream(st) = &snap.dbs[0].1.last().unwrap().value else {
        panic!("last key is the stream");
    };
    assert_eq!(st.groups[0].pel[0].delivery_time, 1234);
    assert_eq!(st.groups[0].consumers[0].seen_time, 999);
    assert_eq!(st.groups[0].consumers[0].active_time, 999);
}

#[test]
fn keyspace_round_trips_through_a_file() {
    use redlet_core::keyspace::list::{End, List};
    use redlet_core::keyspace::stream::{IdRequest, NodeLimits, Stream, StreamId};
    use redlet_core::keyspace::{Db, Value};
    use redlet_core::rdb::{load_into, snapshot_of};

    let now = 1_700_000_000_000;
    let mut dbs: Vec<Db> = (0..16).map(|_| Db::new()).collect();
    dbs[0].insert(b"s", Value::String(b"v".into()), None);
    dbs[0].insert(b"ttl", Value::String(b"1".into()), Some(now + 5000));
    dbs[0].insert(b"gone", Value::String(b"x".into()), Some(now - 1));
    let mut l = List::new();
    l.push(End::Right, b"a".to_vec());
    l.push(End::Right, b"b".to_vec());
    dbs[7].insert(b"l", Value::List(Box::new(l)), None);
    let mut st = Stream::default();
    st.append(
        IdRequest::Exact(StreamId { ms: 1, seq: 0 }),
        vec![(b"f".to_vec(), b"v".to_vec())],
        now,
        NodeLimits::default(),
    )
    .unwrap();
    dbs[15].insert(b"x", Value::Stream(Box::new(st)), None);
    let config = redlet_core::Config::default();

    let snap = snapshot_of(&dbs, now, default_aux(now / 1000, 0));
    assert_eq!(
        snap.dbs
            .iter()
            .map(|(i, e)| (*i, e.len()))
            .collect::<Vec<_>>(),
        [(0, 2), (7, 1), (15, 1)]
    );
    let bytes = encode(&snap);
    let mut back: Vec<Db> = (0..16).map(|_| Db::new()).collect();
    let decoded = decode(&bytes).unwrap();
    assert_eq!(
        load_into(decoded.clone(), &mut back, now, &config),
        Ok((4, 0))
    );
    assert_eq!(
        normalize(snapshot_of(&back, now, snap.aux.clone())),
        normalize(snap)
    );

    // Later, the volatile key has expired: it is skipped on load, as Redis's master does.
    let mut later: Vec<Db> = (0..16).map(|_| Db::new()).collect();
    assert_eq!(
        load_into(decoded.clone(), &mut later, now + 5000, &config),
        Ok((3, 1))
    );

    // A server with fewer databases refuses the file.
    let mut few: Vec<Db> = (0..4).map(|_| Db::new()).collect();
    let err = load_into(decoded, &mut few, now, &config).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the RDB file uses database 7, but the server is configured with 4 databases"
    );

    // Duplicate keys are refused.
    let dup = Snapshot {
        aux: vec![],
        dbs: vec![(
            0,
            vec![
                RdbEntry {
                    key: b("k"),
                    value: RdbValue::String(b("1")),
                    expire_ms: None,
                },
                RdbEntry {
                    key: b("k"),
                    value: RdbValue::String(b("2")),
                    expire_ms: None,
                },
            ],
        )],
    };
    let mut one = vec![Db::new()];
    assert_eq!(
        load_into(dup, &mut one, now, &config)
            .unwrap_err()
            .to_string(),
        "duplicate key 'k' in database 0"
    );
}

#[test]
fn redis_7_2_set_listpack_and_stream_v3_decode() {
    use redlet_core::rdb::crc64::crc64;
    use redlet_core::rdb::listpack::ListpackWriter;
    let mut f = b"REDIS0011".to_vec();
    f.extend_from_slice(&[254, 0]);
    f.push(20); // SET_LISTPACK
    rs(&mut f, b"sl");
    let mut lp = ListpackWriter::new();
    lp.push(b"a");
    lp.push(b"12");
    rs(&mut f, &lp.finish());
    f.push(21); // STREAM_LISTPACKS_3: an empty stream with a group and an idle consumer
    rs(&mut f, b"st");
    f.push(0); // no nodes
    f.extend_from_slice(&[0, 9, 1]); // length 0, last id 9-1
    f.extend_from_slice(&[0, 0, 9, 1, 3]); // first 0-0, max deleted 9-1, entries added 3
    f.push(1);
    rs(&mut f, b"g");
    f.extend_from_slice(&[9, 1, 3, 0, 1]); // last id 9-1, entries read 3, empty PEL, 1 consumer
    rs(&mut f, b"c");
    f.extend_from_slice(&500u64.to_le_bytes()); // seen-time
    f.extend_from_slice(&400u64.to_le_bytes()); // active-time (new in v3)
    f.push(0);
    f.push(255);
    let crc = crc64(0, &f);
    f.extend_from_slice(&crc.to_le_bytes());
    let snap = decode(&f).unwrap();
    let entries = &snap.dbs[0].1;
    assert_eq!(entries[0].value, RdbValue::Set(vec![b("a"), b("12")]));
    let RdbValue::Stream(st) = &entries[1].value else {
        panic!("second key is the stream");
    };
    assert_eq!(st.entries_added, 3);
    assert_eq!(st.max_deleted_id, id(9, 1));
    let c = &st.groups[0].consumers[0];
    assert_eq!((c.seen_time, c.active_time), (500, 400));
    assert_eq!(st.groups[0].entries_read, 3);
}

#[test]
fn writer_output_taken_in_pieces_is_the_same_file() {
    use redlet_core::rdb::RdbWriter;
    let snap = sample();
    let mut w = RdbWriter::new(&snap.aux);
    let mut file = w.take_bytes();
    for (db, entries) in &snap.dbs {
        let expires = entries.iter().filter(|e| e.expire_ms.is_some()).count();
        w.select_db(*db, entries.len() as u64, expires as u64);
        for e in entries {
            w.entry(&e.key, &e.value, e.expire_ms);
            if w.buffered() > 1000 {
                file.extend(w.take_bytes());
            }
        }
    }
    file.extend(w.finish());
    assert_eq!(file, encode(&snap));
}
